"""Accessibility checks of any .pptx: the rules of PowerPoint's Accessibility Checker that
Microsoft documents, and WCAG 2.x 1.4.3 (contrast), 2.4.2 (titled) and 3.1.1 (language).

Read-only: the file is opened as a zip and its XML parsed with lxml (no entities, no
network). Each finding names the slide (1-based, in presentation order) and the shape
(``cNvPr/@name``) it is about.

Rules (``rule``: severity, what it finds):

* ``alt-text``: error. A picture, chart, table, SmartArt, group, media or plain shape
  without text that has neither alt text nor the decorative mark.
* ``slide-title``: error. A slide without a non-empty title placeholder.
* ``table-header``: error. A table whose first row is not marked as a header row.
* ``duplicate-title``: warning. A slide whose title another slide has already used.
* ``reading-order``: warning. A title that is not read first, or a footer, date or slide
  number read before the slide's content.
* ``contrast``: warning. Text below 4.5:1 (3:1 for large-scale text: 18 pt, or 14 pt bold,
  as drawn, after a shape's shrink-on-overflow ``fontScale``) against the fill behind it
  (WCAG 1.4.3), where both colours are known.
* ``link-text``: warning. A link whose text is its address or says nothing on its own
  ("click here", "link", "more").
* ``document-title``: error. No title in the document properties (WCAG 2.4.2).
* ``language``: error. Text with no language, neither on its runs nor as the
  presentation's default (WCAG 3.1.1).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from lxml import etree

from deckgen.drawingml_colour import Palette, color_map, opaque, scheme
from deckgen.lint import contrast, contrast_needed
from deckgen.package import OD, REL, Package, PackageError

Severity = Literal["error", "warning"]

P = "http://schemas.openxmlformats.org/presentationml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
DC = "http://purl.org/dc/elements/1.1/"
ADEC = "http://schemas.microsoft.com/office/drawing/2017/decorative"
AHYP = "http://schemas.microsoft.com/office/drawing/2018/hyperlinkcolor"
NS = {"p": P, "a": A, "r": R, "adec": ADEC, "dc": DC, "ahyp": AHYP}

#: Largest .pptx read (a deck of pictures is big; a zip bomb is bigger).
MAX_FILE = 512 * 1024 * 1024
#: Largest XML part parsed.
MAX_PART = 64 * 1024 * 1024

#: Placeholder types that title a slide.
TITLES = ("title", "ctrTitle")
#: Placeholder types read last (the slide's furniture).
FURNITURE = ("ftr", "dt", "sldNum")
#: Link texts that say nothing without their surroundings (lower case, no punctuation).
VAGUE_LINKS = frozenset(
    {
        "click here",
        "here",
        "click",
        "link",
        "this link",
        "more",
        "read more",
        "learn more",
        "more info",
        "this",
        "go",
        "website",
    }
)
_FILE_NAME = re.compile(r"^[^\s/\\]+\.(png|jpe?g|gif|bmp|tiff?|svg|emf|wmf|webp)$", re.IGNORECASE)
_URL = re.compile(r"^\s*(https?://|ftp://|www\.)\S+\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    """One accessibility problem: where it is (slide, shape) and what it is."""

    rule: str
    severity: Severity
    message: str
    slide: int | None = None  # 1-based; None for the whole document
    shape: str | None = None

    @property
    def where(self) -> str:
        """Return "slide 3, 'Picture 4'", "slide 3" or "document"."""
        if self.slide is None:
            return "document"
        return f"slide {self.slide}" + (f", '{self.shape}'" if self.shape else "")

    def __str__(self) -> str:
        """Return ``slide 3, 'Picture 4': error: … [rule]``."""
        return f"{self.where}: {self.severity}: {self.message} [{self.rule}]"

    def to_dict(self) -> dict[str, object]:
        """Return a JSON-ready mapping of this finding."""
        return {
            "rule": self.rule,
            "severity": self.severity,
            "slide": self.slide,
            "shape": self.shape,
            "message": self.message,
        }


class UnreadableError(Exception):
    """Raised when the file is not a .pptx this checker can read."""


def check_file(path: Path) -> list[Finding]:
    """Return the accessibility findings of the .pptx at ``path``, in slide order.

    Raises UnreadableError (with a one-line reason) for a file that is not a readable
    presentation."""
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise UnreadableError("not a regular file")
        if size > MAX_FILE:
            raise UnreadableError(f"larger than {MAX_FILE // 2**20} MB")
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableError(exc.strerror or "cannot be read") from None
    return check_bytes(data)


def check_bytes(data: bytes) -> list[Finding]:
    """Return the accessibility findings of a .pptx given as bytes."""
    return _Deck(data).run()


# --- reading the package -----------------------------------------------------------------


class _Deck(Package):
    """One presentation read for accessibility findings."""

    def __init__(self, data: bytes) -> None:
        try:
            super().__init__(data, max_part=MAX_PART)
        except PackageError as exc:
            raise UnreadableError(str(exc)) from None
        self.findings: list[Finding] = []

    def add(self, rule: str, severity: Severity, message: str, slide: int | None = None,
            shape: str | None = None) -> None:  # fmt: skip
        self.findings.append(Finding(rule, severity, message, slide, shape))

    # --- the checks ----------------------------------------------------------------------

    def run(self) -> list[Finding]:
        """Return every finding, document-wide ones first."""
        pres_name = "ppt/presentation.xml"
        root_rels = self.rels("")
        pres_name = next(
            (t for k, t in root_rels.values() if k == OD + "officeDocument"), pres_name
        )
        pres = self.xml(pres_name)
        if pres is None:
            raise UnreadableError("no presentation part (ppt/presentation.xml)")
        self.check_document_title(root_rels)
        default_lang = pres.xpath(
            "p:defaultTextStyle/a:defPPr/a:defRPr/@lang"
            " | p:defaultTextStyle/a:lvl1pPr/a:defRPr/@lang",
            namespaces=NS,
        )
        rels = self.rels(pres_name)
        titles: dict[str, int] = {}
        for n, sld_id in enumerate(pres.iterfind("p:sldIdLst/p:sldId", NS), start=1):
            rel = rels.get(sld_id.get(f"{{{R}}}id", ""))
            if rel is None:
                continue
            slide = self.xml(rel[1])
            if slide is not None:
                self.check_slide(n, rel[1], slide, titles, bool(default_lang))
        return self.findings

    def check_document_title(self, root_rels: dict[str, tuple[str, str]]) -> None:
        core_name = next((t for k, t in root_rels.values() if k.endswith("/core-properties")), "")
        core = self.xml(core_name) if core_name else None
        title = core.findtext(f"{{{DC}}}title") if core is not None else None
        if not (title or "").strip():
            self.add(
                "document-title",
                "error",
                "the document has no title in its properties (WCAG 2.4.2)",
            )

    def check_slide(
        self, n: int, name: str, slide: etree._Element, titles: dict[str, int], lang: bool
    ) -> None:
        tree = slide.find("p:cSld/p:spTree", NS)
        if tree is None:
            return
        colors = self.colors(name)
        background = self.background(name, colors)
        shapes = list(_shapes(tree))
        self.check_title(n, shapes, titles)
        self.check_order(n, shapes)
        no_lang = 0
        for sh in shapes:
            self.check_alt(n, sh)
            self.check_table(n, sh)
            self.check_links(n, name, sh)
            self.check_contrast(n, sh, shapes, background, colors)
            if not lang:
                no_lang += sum(
                    1
                    for r in sh.el.iter(f"{{{A}}}r", f"{{{A}}}fld")
                    if (r.findtext(f"{{{A}}}t") or "").strip()
                    and not (
                        r.find(f"{{{A}}}rPr") is not None and r.find(f"{{{A}}}rPr").get("lang")
                    )
                )
        if no_lang:
            self.add(
                "language",
                "error",
                f"{no_lang} text run{'s have' if no_lang != 1 else ' has'} no language, and the "
                "presentation sets no default (WCAG 3.1.1)",
                n,
            )

    def check_title(self, n: int, shapes: list[_Shape], titles: dict[str, int]) -> None:
        title = next((s for s in shapes if s.ph_type in TITLES and s.text.strip()), None)
        if title is None:
            self.add("slide-title", "error", "the slide has no title", n)
            return
        text = " ".join(title.text.split())
        if text.lower() in titles:
            first = titles[text.lower()]
            self.add(
                "duplicate-title",
                "warning",
                f"slide title '{text}' is also the title of slide {first}",
                n,
                title.name,
            )
        else:
            titles[text.lower()] = n

    def check_order(self, n: int, shapes: list[_Shape]) -> None:
        read = [s for s in shapes if not s.decorative and s.depth == 0]
        title = next((s for s in read if s.ph_type in TITLES), None)
        if title is not None and read[0] is not title:
            self.add(
                "reading-order",
                "warning",
                f"the title is not read first: '{read[0].name}' comes before it",
                n,
                title.name,
            )
        content = [i for i, s in enumerate(read) if s.ph_type not in FURNITURE]
        for i, s in enumerate(read):
            if s.ph_type in FURNITURE and content and i < content[-1]:
                self.add(
                    "reading-order",
                    "warning",
                    f"the {_FURNITURE_NAME[s.ph_type]} is read before the slide's content "
                    f"('{read[content[-1]].name}')",
                    n,
                    s.name,
                )

    def check_alt(self, n: int, sh: _Shape) -> None:
        if sh.decorative or sh.in_described_group:
            return
        if _FILE_NAME.match(sh.alt):
            self.add(
                "alt-text",
                "error",
                f"{sh.what}'s alt text '{sh.alt}' is a file name, not a description",
                n,
                sh.name,
            )
            return
        if sh.alt:
            return
        if sh.kind in ("pic", "graphicFrame", "grpSp") or (
            sh.kind == "sp" and sh.ph_type is None and not sh.text.strip() and not sh.is_textbox
        ):
            self.add("alt-text", "error", f"{sh.what} has no alt text", n, sh.name)

    def check_table(self, n: int, sh: _Shape) -> None:
        for tbl in sh.el.iter(f"{{{A}}}tbl"):
            pr = tbl.find("a:tblPr", NS)
            if pr is None or pr.get("firstRow") not in ("1", "true"):
                self.add("table-header", "error", "the table has no header row", n, sh.name)

    def check_links(self, n: int, part: str, sh: _Shape) -> None:
        rels: dict[str, str] | None = None
        for para in sh.el.iter(f"{{{A}}}p"):
            # a link's text is every run of the paragraph carrying the same target
            links: dict[str, list[str]] = {}
            for r in para.iterfind("a:r", NS):
                link = r.find("a:rPr/a:hlinkClick", NS)
                if link is None:
                    continue
                links.setdefault(link.get(f"{{{R}}}id", ""), []).append(r.findtext("a:t", "", NS))
            for rid, parts in links.items():
                text = "".join(parts).strip()
                if _URL.match(text):
                    self.add(
                        "link-text",
                        "warning",
                        f"link text '{text}' is a bare address: say where it leads",
                        n,
                        sh.name,
                    )
                elif re.sub(r"[^\w ]", "", text.lower()).strip() in VAGUE_LINKS or not text:
                    if rels is None:
                        rels = _external(self, part)
                    where = rels.get(rid, "")
                    self.add(
                        "link-text",
                        "warning",
                        f"link text '{text}' does not say where it leads"
                        + (f" ({where})" if where else ""),
                        n,
                        sh.name,
                    )

    def check_contrast(
        self, n: int, sh: _Shape, shapes: list[_Shape], background: str | None, colors: Palette
    ) -> None:
        if sh.kind != "sp" or not sh.text.strip():
            return
        # the shape's own fill, else whatever holds it, else the slide's background
        ground = opaque(sh.el.find("p:spPr/a:solidFill", NS), colors)
        if ground is None:
            ground = _behind(sh, shapes, colors) or background
        if ground is None:
            return
        worst: tuple[float, str, str, float] | None = None
        # text shrunk on overflow is drawn at fontScale of its size: WCAG judges what is drawn
        autofit = sh.el.find("p:txBody/a:bodyPr/a:normAutofit", NS)
        scale = _font_scale(autofit.get("fontScale")) if autofit is not None else 1.0
        for r in sh.el.iter(f"{{{A}}}r"):
            text = (r.findtext(f"{{{A}}}t") or "").strip()
            rpr = r.find(f"{{{A}}}rPr")
            if not text or rpr is None or rpr.get("sz") is None:
                continue
            ink = opaque(rpr.find(f"{{{A}}}solidFill"), colors)
            link = rpr.find(f"{{{A}}}hlinkClick")
            if link is not None and not link.xpath(
                "a:extLst/a:ext/ahyp:hlinkClr[@val='tx']", namespaces=NS
            ):
                # a link is drawn in the theme's hyperlink colour, whatever its run says
                ink = colors.slot("hlink")
            if ink is None:
                continue
            size = int(rpr.get("sz", "1800")) / 100 * scale
            bold = rpr.get("b") in ("1", "true")
            need = contrast_needed(size, bold)
            ratio = contrast(ink, ground)
            if ratio < need and (worst is None or ratio < worst[0]):
                worst = (ratio, ink, text, need)
        if worst is not None:
            ratio, ink, text, need = worst
            self.add(
                "contrast",
                "warning",
                f"text '{_clip(text)}' (#{ink} on #{ground}) has contrast {ratio:.2f}:1, "
                f"below {need:g}:1 (WCAG 1.4.3)",
                n,
                sh.name,
            )

    # --- colours -------------------------------------------------------------------------

    def colors(self, slide: str) -> Palette:
        """Return the colour scheme and colour map that apply to ``slide``."""
        layout = self.related(slide, "slideLayout")
        master = self.related(layout, "slideMaster") if layout else None
        if master is None:
            return Palette()
        theme = self.related(master, "theme")
        return Palette(
            scheme(self.xml(theme) if theme else None),
            color_map(
                self.xml(master),
                self.xml(layout) if layout else None,
                self.xml(slide),
            ),
        )

    def background(self, slide: str, colors: Palette) -> str | None:
        """Return the solid background colour of ``slide`` (from it, its layout or its
        master), or None when it is a picture, a gradient or unknown."""
        layout = self.related(slide, "slideLayout")
        master = self.related(layout, "slideMaster") if layout else None
        for part in (slide, layout, master):
            root = self.xml(part) if part else None
            bg = root.find("p:cSld/p:bg", NS) if root is not None else None
            if bg is None:
                continue
            fill = bg.find("p:bgPr/a:solidFill", NS)
            if fill is not None:
                return opaque(fill, colors)
            ref = bg.find("p:bgRef", NS)
            if ref is not None and ref.get("idx") == "1001":
                # the theme's first background style, a plain fill in the colour given here
                return opaque(next(iter(ref), None), colors)
            return None
        return colors.scheme.get(colors.cmap.get("bg1", "lt1"))


_FURNITURE_NAME = {"ftr": "footer", "dt": "date", "sldNum": "slide number"}


def _clip(text: str, n: int = 40) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _external(deck: _Deck, part: str) -> dict[str, str]:
    """Return the external targets (link addresses) of ``part``'s relationships."""
    folder, base = posixpath.split(part)
    root = deck.xml(posixpath.join(folder, "_rels", base + ".rels"))
    if root is None:
        return {}
    return {
        rel.get("Id", ""): rel.get("Target", "")
        for rel in root.iterfind(f"{{{REL}}}Relationship")
        if rel.get("TargetMode") == "External"
    }


@dataclass
class _Shape:
    """A shape of the slide as the checks see it."""

    el: etree._Element
    kind: str  # sp, pic, graphicFrame, grpSp, cxnSp, contentPart
    name: str
    alt: str
    decorative: bool
    ph_type: str | None
    is_textbox: bool
    text: str
    depth: int  # 0 for a shape directly in the slide's tree
    in_described_group: bool
    box: tuple[int, int, int, int] | None

    @property
    def what(self) -> str:
        """Return what the shape is, for messages ("the picture", "the chart")."""
        if self.kind == "graphicFrame":
            uri = self.el.find("a:graphic/a:graphicData", NS)
            kind = (uri.get("uri", "") if uri is not None else "").rsplit("/", 1)[-1]
            return {
                "chart": "the chart",
                "table": "the table",
                "diagram": "the SmartArt graphic",
                "ole": "the embedded object",
            }.get(kind, "the object")
        return {"pic": "the picture", "grpSp": "the group"}.get(self.kind, "the shape")


_KINDS = ("sp", "pic", "graphicFrame", "grpSp", "cxnSp", "contentPart")


def _shapes(tree: etree._Element, depth: int = 0, described: bool = False) -> Iterator[_Shape]:
    """Yield the shapes of a shape tree in reading order (groups, then their members)."""
    for el in tree:
        target: etree._Element | None = el
        if etree.QName(el).localname == "AlternateContent":
            # PowerPoint reads the first branch it understands: the Choice
            branch = el.find("{*}Choice")
            inner = [c for c in (branch if branch is not None else []) if _kind(c) in _KINDS]
            target = inner[0] if inner else None
        if target is None or _kind(target) not in _KINDS:
            continue
        shape = _read(target, depth, described)
        yield shape
        if shape.kind == "grpSp":
            inside = described or bool(shape.alt) or shape.decorative
            yield from _shapes(target, depth + 1, inside)


def _kind(el: etree._Element) -> str:
    return etree.QName(el).localname


def _read(target: etree._Element, depth: int, described: bool) -> _Shape:
    """Return one shape element as the checks see it."""
    kind = _kind(target)
    c = target.find("./*[1]/p:cNvPr", NS)
    name = c.get("name", "") if c is not None else ""
    alt = ((c.get("descr") or "") + (c.get("title") or "")).strip() if c is not None else ""
    decorative = c is not None and bool(
        c.xpath("a:extLst/a:ext/adec:decorative[@val='1' or @val='true']", namespaces=NS)
    )
    ph = target.find("./*[1]/p:nvPr/p:ph", NS)
    ph_type = None if ph is None else ph.get("type", "obj")
    textbox = target.find("./p:nvSpPr/p:cNvSpPr[@txBox='1']", NS) is not None
    body = target.find("p:txBody", NS)
    text = "".join(body.itertext()) if body is not None else ""
    # a graphic frame has its own p:xfrm; every other shape has a:xfrm in its properties
    xfrm = target.find("p:xfrm", NS) if kind == "graphicFrame" else None
    if xfrm is None and len(target) > 1:
        xfrm = target[1].find("a:xfrm", NS)
    off = xfrm.find("a:off", NS) if xfrm is not None else None
    ext = xfrm.find("a:ext", NS) if xfrm is not None else None
    box = None
    if off is not None and ext is not None:
        box = (
            int(off.get("x", "0")),
            int(off.get("y", "0")),
            int(ext.get("cx", "0")),
            int(ext.get("cy", "0")),
        )
    return _Shape(
        target, kind, name, alt, decorative, ph_type, textbox, text, depth, described, box
    )


def _font_scale(value: str | None) -> float:
    """Return a ``normAutofit/@fontScale`` as a fraction: thousandths of a percent
    (``"62500"``) or, as Strict files write it, a percentage (``"62.5%"``); 1 when absent or
    unreadable."""
    try:
        if value is None:
            return 1.0
        scale = float(value[:-1]) / 100 if value.endswith("%") else int(value) / 100_000
    except ValueError:
        return 1.0
    return scale if 0 < scale <= 1 else 1.0


def _behind(sh: _Shape, shapes: list[_Shape], colors: Palette) -> str | None:
    """Return the solid fill of the topmost shape drawn before ``sh`` that holds it."""
    if sh.box is None:
        return None
    x, y, w, h = sh.box
    found = None
    for other in shapes:
        if other is sh:
            break
        if other.kind != "sp" or other.box is None:
            continue
        ox, oy, ow, oh = other.box
        if ox <= x and oy <= y and ox + ow >= x + w and oy + oh >= y + h:
            fill = opaque(other.el.find("p:spPr/a:solidFill", NS), colors)
            if fill is not None:
                found = fill
    return found
