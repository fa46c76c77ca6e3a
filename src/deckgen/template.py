"""Reading a user's PowerPoint template (.pptx or .potx): its slide size, masters, layouts,
placeholders, colour and font schemes, and which of its layouts each deckgen layout uses.

Read-only (zip + lxml, no entities, no network). :func:`read_template` returns plain data
that the theme (measuring) and the backend (writing) both take; nothing here decides
where a shape goes.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from deckgen.drawingml_colour import Palette, color_map, opaque, scheme
from deckgen.package import OD, Package, PackageError
from deckgen.slide_sizes import presentation_format
from deckgen.units import EMU_PER_INCH

P = "http://schemas.openxmlformats.org/presentationml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"p": P, "a": A, "r": R}
_PML = "application/vnd.openxmlformats-officedocument.presentationml."
#: The main part's content type in a .potx, and what it becomes in the deck built on it.
TEMPLATE_MAIN = _PML + "template.main+xml"
PRESENTATION_MAIN = _PML + "presentation.main+xml"

#: Largest template read, largest XML part parsed in it, and most it may unpack to
#: (a zip bomb is refused before anything is inflated).
MAX_FILE = 256 * 1024 * 1024
MAX_PART = 32 * 1024 * 1024
MAX_UNPACKED = 1024 * 1024 * 1024

#: deckgen's layouts and the kind of template layout each goes on.
ROLES = {
    "title": "title",
    "section": "section",
    "bullets": "content",
    "qa": "content",
    "two-column": "two",
    "quote": "title-only",
    "statement": "title-only",
    "question": "title-only",
}
#: The ``layouts:`` key of content (bullets) slides that hold a visual alone, no bullets.
VISUAL = "visual"
#: Every ``layouts:`` key, in the order ``template inspect`` prints the mapping.
KEYS = ("title", "section", "bullets", VISUAL, "qa", "two-column", "quote", "statement", "question")
_TITLE_TYPES = ("title", "ctrTitle")
_BODY_TYPES = ("obj", "body")
_FURNITURE = ("dt", "ftr", "sldNum", "sldImg", "hdr")
#: A text body's insets when neither the placeholder nor its master's sets them (OOXML's
#: defaults: 0.1 in left and right, 0.05 in top and bottom), as (left, right, top, bottom).
DEFAULT_INSETS = (91440, 91440, 45720, 45720)
_INSET_ATTRS = ("lIns", "rIns", "tIns", "bIns")


class TemplateError(Exception):
    """A template that cannot be used; the message says why (one line, plus hints)."""

    def __init__(
        self, message: str, hint: str | None = None, key: tuple[str, ...] = ("template",)
    ) -> None:
        super().__init__(message)
        self.hint = hint
        self.key = key  # the theme key the problem is about, to locate it


@dataclass(frozen=True)
class Box:
    """A placeholder's rectangle in EMU."""

    x: int
    y: int
    w: int
    h: int
    fill: str | None = None  # artwork only: its plain fill colour (RRGGBB), if any

    @property
    def bottom(self) -> int:
        """Return the y coordinate of the bottom edge."""
        return self.y + self.h

    def inches(self) -> str:
        """Return "x, y w × h in" for listings."""
        x, y, w, h = (v / EMU_PER_INCH for v in (self.x, self.y, self.w, self.h))
        return f"{x:.2f}, {y:.2f} in, {w:.2f} × {h:.2f} in"


@dataclass(frozen=True)
class Placeholder:
    """One placeholder of a layout: type (``obj`` when untyped), idx, name and box (the
    master's, when the layout does not move it), and what its text inherits from the
    layout and master: insets (left, right, top, bottom, EMU), anchor, and first-level size
    (points) and typeface (None when only the master's text styles set them)."""

    type: str
    idx: int
    name: str
    box: Box | None
    insets: tuple[int, int, int, int] = DEFAULT_INSETS
    anchor: str = "t"
    size: float | None = None
    font: str | None = None


@dataclass(frozen=True)
class TextStyle:
    """The look a placeholder's first level inherits: typeface, size and colour."""

    font: str | None = None
    size: float | None = None  # points
    color: str | None = None  # RRGGBB, resolved through the scheme and colour map


@dataclass(frozen=True)
class Master:
    """A slide master with its theme's colour and font schemes."""

    name: str
    theme: str
    colors: dict[str, str]  # scheme slot (dk1, lt1, accent1…) → RRGGBB
    color_map: dict[str, str]  # bg1/tx1/bg2/tx2… → scheme slot
    major_font: str
    minor_font: str
    title: TextStyle
    body: TextStyle
    footer: TextStyle = TextStyle()

    @property
    def palette(self) -> Palette:
        """Return the master's colour scheme and colour map, to resolve colours with."""
        return Palette(self.colors, self.color_map)

    def color(self, name: str) -> str | None:
        """Return the RRGGBB of a scheme colour (``tx1``, ``bg1``, ``accent1``…)."""
        return self.palette.slot(name)


@dataclass(frozen=True)
class Layout:
    """A slide layout: its position among all layouts (0-based, masters in order), name,
    type, master and placeholders."""

    index: int
    name: str
    type: str
    master: int
    part: str
    placeholders: tuple[Placeholder, ...]
    art: tuple[Box, ...] = ()  # pictures and shapes of the layout and its master

    def find(self, *types: str) -> list[Placeholder]:
        """Return the placeholders of the given types, in document order."""
        return [p for p in self.placeholders if p.type in types]

    @property
    def title(self) -> Placeholder | None:
        """Return the title placeholder (title or centred title), if any."""
        found = self.find(*_TITLE_TYPES)
        return found[0] if found else None

    @property
    def bodies(self) -> list[Placeholder]:
        """Return the content placeholders (object or body) with a box, largest first."""
        found = [p for p in self.find(*_BODY_TYPES) if p.box is not None]
        return sorted(found, key=lambda p: -(p.box.w * p.box.h))  # type: ignore[union-attr]

    @property
    def columns(self) -> list[Placeholder]:
        """Return the two largest content placeholders, left to right, when they stand
        side by side (a "Two Content" or "Comparison" layout's); else none."""
        two = self.bodies[:2]
        if len(two) < 2:
            return []
        left, right = sorted(two, key=lambda p: p.box.x)  # type: ignore[union-attr]
        assert left.box is not None and right.box is not None
        return [left, right] if left.box.x + left.box.w <= right.box.x else []


@dataclass(frozen=True)
class Template:
    """A template read for building on: size, masters, layouts, and the file's bytes."""

    width: int
    height: int
    masters: tuple[Master, ...]
    layouts: tuple[Layout, ...]
    slides: int  # example slides (dropped when building)
    is_potx: bool
    data: bytes = field(repr=False, default=b"")

    def layout(self, name: str) -> Layout | None:
        """Return the layout called ``name`` (case and spacing ignored; "NAME (master N)"
        picks among masters whose layouts share a name), if any."""
        master = None
        m = re.fullmatch(r"(.*?)\s*\(master (\d+)\)\s*", name)
        if m:
            name, master = m.group(1), int(m.group(2)) - 1
        key = " ".join(name.split()).casefold()
        return next(
            (
                lay
                for lay in self.layouts
                if " ".join(lay.name.split()).casefold() == key
                and (master is None or lay.master == master)
            ),
            None,
        )

    def label(self, layout: Layout) -> str:
        """Return how a theme names ``layout``: its name, with "(master N)" when layouts of
        several masters share it."""
        if sum(1 for lay in self.layouts if lay.name == layout.name) > 1:
            return f"{layout.name} (master {layout.master + 1})"
        return layout.name


@dataclass(frozen=True)
class Named:
    """A warning about a layout a theme's ``layouts:`` names: the key it is under, what the
    layout lacks, and the layouts that have it."""

    key: str
    message: str
    hint: str


@dataclass(frozen=True)
class Choice:
    """Which template layout each deckgen layout uses, and what had to give way."""

    layouts: dict[str, Layout]
    warnings: tuple[str, ...] = ()
    stand_ins: frozenset[str] = frozenset()  # deckgen layouts on a layout of another kind
    # the layout of content slides that are a visual alone, when not the bullets layout
    visual: Layout | None = None
    # the ``layouts:`` key → how its layout falls short of the kind it stands in for
    fallbacks: dict[str, str] = field(default_factory=dict)
    # what the layouts a theme names lack, to be located at their keys in the theme
    named: tuple[Named, ...] = ()
    given: frozenset[str] = frozenset()  # the ``layouts:`` keys a theme names

    def mapping(self) -> dict[str, Layout]:
        """Return the template layout of every ``layouts:`` key, in :data:`KEYS` order
        (``visual`` is the bullets layout when visual-alone slides have none of their own)."""
        every = {**self.layouts, VISUAL: self.visual or self.layouts["bullets"]}
        return {k: every[k] for k in KEYS if k in every}


# --- reading -----------------------------------------------------------------------------


def read_template(data: bytes) -> Template:
    """Return the template in ``data`` (a .pptx or .potx); raise TemplateError when it is
    not a presentation, or has no layout with a title placeholder."""
    if len(data) > MAX_FILE:
        raise TemplateError(f"the template is larger than {MAX_FILE // 2**20} MB")
    reader = _Reader(data)
    return reader.read()


def read_template_file(path: str) -> Template:
    """Return the template at ``path`` (a regular file, read with a bound); raise
    TemplateError (with a reason) when unusable."""
    from deckgen.confine import Refused, read_regular

    try:
        data = read_regular(Path(path), MAX_FILE, path)
    except Refused as exc:
        raise TemplateError(exc.message, hint=exc.hint) from None
    return read_template(data)


def as_presentation(data: bytes) -> bytes:
    """Return the template's bytes with a .potx main part retyped as a presentation's
    (the only difference PowerPoint makes between the two), so it opens as a deck."""
    src = zipfile.ZipFile(io.BytesIO(data))
    types = src.read("[Content_Types].xml")
    if TEMPLATE_MAIN.encode() not in types:
        return data
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as dst:
        for info in src.infolist():
            blob = src.read(info)
            if info.filename == "[Content_Types].xml":
                blob = blob.replace(TEMPLATE_MAIN.encode(), PRESENTATION_MAIN.encode())
            dst.writestr(info.filename, blob)
    return out.getvalue()


class _Reader(Package):
    def __init__(self, data: bytes) -> None:
        self.data = data
        try:
            super().__init__(data, max_part=MAX_PART, max_unpacked=MAX_UNPACKED)
        except PackageError as exc:
            if exc.kind == "zip":
                raise TemplateError(
                    "the template is not a PowerPoint file (not a zip archive)"
                ) from None
            raise TemplateError(f"the template {exc}") from None

    def read(self) -> Template:
        main = next(
            (t for k, t in self.rels("").values() if k == OD + "officeDocument"),
            "ppt/presentation.xml",
        )
        pres = self.xml(main)
        if pres is None or etree.QName(pres).localname != "presentation":
            raise TemplateError("the template is not a PowerPoint file (no presentation part)")
        types = self.xml("[Content_Types].xml")
        main_type = next(
            (
                o.get("ContentType", "")
                for o in (types if types is not None else ())
                if o.get("PartName", "").lstrip("/") == main
            ),
            "",
        )
        if main_type not in (TEMPLATE_MAIN, PRESENTATION_MAIN):
            raise TemplateError(
                "the template is not a .pptx or .potx"
                + (" (it is macro-enabled)" if "macroEnabled" in main_type else ""),
                hint="save it from PowerPoint as a PowerPoint Template (.potx)",
            )
        size = pres.find("p:sldSz", NS)
        width = int(size.get("cx", "0")) if size is not None else 0
        height = int(size.get("cy", "0")) if size is not None else 0
        if width <= 0 or height <= 0:
            raise TemplateError("the template has no slide size")
        rels = {rid: target for rid, (_, target) in self.rels(main).items()}
        masters: list[Master] = []
        layouts: list[Layout] = []
        for mid in pres.iterfind("p:sldMasterIdLst/p:sldMasterId", NS):
            part = rels.get(mid.get(f"{{{R}}}id", ""))
            root = self.xml(part) if part else None
            if part is None or root is None:
                continue
            master = self.master(part, root)
            masters.append(master)
            fonts = {"+mj-lt": master.major_font, "+mn-lt": master.minor_font}
            ph_boxes = _placeholders(root, {}, fonts)
            master_art = _art(root, master)
            for lid in root.iterfind("p:sldLayoutIdLst/p:sldLayoutId", NS):
                lpart = self.rels(part).get(lid.get(f"{{{R}}}id", ""), ("", ""))[1]
                lroot = self.xml(lpart) if lpart else None
                if lpart is None or lroot is None:
                    continue
                name = lroot.find("p:cSld", NS)
                layouts.append(
                    Layout(
                        index=len(layouts),
                        name=(name.get("name", "") if name is not None else "") or lpart,
                        type=lroot.get("type", "cust"),
                        master=len(masters) - 1,
                        part=lpart,
                        placeholders=tuple(_placeholders(lroot, ph_boxes, fonts).values()),
                        art=_art(lroot, master)
                        + (master_art if lroot.get("showMasterSp") not in ("0", "false") else ()),
                    )
                )
        if not masters or not layouts:
            raise TemplateError("the template has no slide master with layouts")
        slides = len(pres.findall("p:sldIdLst/p:sldId", NS))
        is_potx = TEMPLATE_MAIN.encode() in self.zip.read("[Content_Types].xml")
        return Template(width, height, tuple(masters), tuple(layouts), slides, is_potx, self.data)

    def master(self, part: str, root: etree._Element) -> Master:
        theme_part = self.related(part, "theme")
        theme = self.xml(theme_part) if theme_part else None
        colors = scheme(theme)
        major = minor = "Calibri"
        theme_name = ""
        if theme is not None:
            theme_name = theme.get("name", "")
            major_el = theme.find("a:themeElements/a:fontScheme/a:majorFont/a:latin", NS)
            minor_el = theme.find("a:themeElements/a:fontScheme/a:minorFont/a:latin", NS)
            major = major_el.get("typeface", major) if major_el is not None else "Calibri"
            minor = minor_el.get("typeface", minor) if minor_el is not None else "Calibri"
        cmap = color_map(root)
        palette = Palette(colors, cmap)
        csld = root.find("p:cSld", NS)
        fonts = {"+mj-lt": major, "+mn-lt": minor}
        title = _style(root.find("p:txStyles/p:titleStyle/a:lvl1pPr/a:defRPr", NS), palette, fonts)
        body = _style(root.find("p:txStyles/p:bodyStyle/a:lvl1pPr/a:defRPr", NS), palette, fonts)
        footer_rpr = root.xpath(
            "p:cSld/p:spTree/p:sp[p:nvSpPr/p:nvPr/p:ph[@type='ftr']]"
            "/p:txBody/a:lstStyle/a:lvl1pPr/a:defRPr",
            namespaces=NS,
        )
        footer = _style(footer_rpr[0] if footer_rpr else None, palette, fonts)
        return Master(
            name=(csld.get("name", "") if csld is not None else "") or theme_name or part,
            theme=theme_name,
            colors=colors,
            color_map=cmap,
            major_font=major,
            minor_font=minor,
            title=title,
            body=body,
            footer=footer,
        )


def _style(rpr: etree._Element | None, palette: Palette, fonts: dict[str, str]) -> TextStyle:
    if rpr is None:
        return TextStyle()
    latin = rpr.find("a:latin", NS)
    face = latin.get("typeface") if latin is not None else None
    fill = rpr.find("a:solidFill", NS)
    return TextStyle(
        font=fonts.get(face, face) if face else None,
        size=int(rpr.get("sz")) / 100 if rpr.get("sz", "").isdigit() else None,
        color=opaque(fill, palette),
    )


def _art(root: etree._Element, master: Master) -> tuple[Box, ...]:
    """Return the boxes (with their plain fill, if any) of the pictures and shapes, not
    placeholders, drawn on a master or layout: the template's artwork, which slide
    content must stay clear of and footers may sit on."""
    tree = root.find("p:cSld/p:spTree", NS)
    out: list[Box] = []
    for el in tree if tree is not None else ():
        kind = etree.QName(el).localname
        if kind not in ("sp", "pic", "grpSp", "graphicFrame", "cxnSp"):
            continue
        if el.find("./*/p:nvPr/p:ph", NS) is not None:
            continue
        xfrm = el.find("p:xfrm", NS) if kind == "graphicFrame" else el.find("./*/a:xfrm", NS)
        off = xfrm.find("a:off", NS) if xfrm is not None else None
        ext = xfrm.find("a:ext", NS) if xfrm is not None else None
        if off is not None and ext is not None:
            fill = el.find("p:spPr/a:solidFill", NS) if kind == "sp" else None
            box = Box(
                int(off.get("x", "0")),
                int(off.get("y", "0")),
                int(ext.get("cx", "0")),
                int(ext.get("cy", "0")),
                opaque(fill, master.palette),
            )
            if box.w > 0 and box.h > 0:
                out.append(box)
    return tuple(out)


def _master_type(ph_type: str) -> str:
    """Return the master placeholder a layout placeholder of ``ph_type`` inherits from."""
    if ph_type in ("title", "ctrTitle"):
        return "title"
    if ph_type in _FURNITURE:
        return ph_type
    return "body"


def _placeholders(
    root: etree._Element, inherited: dict[str, Placeholder], fonts: dict[str, str]
) -> dict[str, Placeholder]:
    """Return the placeholders of a master or layout by key (type for the master's,
    type+idx for a layout's), boxes, insets, anchor, size and font inherited from
    ``inherited`` where not given (``fonts`` resolves the theme's +mj-lt and +mn-lt)."""
    out: dict[str, Placeholder] = {}
    tree = root.find("p:cSld/p:spTree", NS)
    for sp in tree.iter(f"{{{P}}}sp") if tree is not None else ():
        ph = sp.find("p:nvSpPr/p:nvPr/p:ph", NS)
        if ph is None:
            continue
        ph_type = ph.get("type", "obj")
        idx = int(ph.get("idx", "0")) if ph.get("idx", "0").isdigit() else 0
        name = sp.find("p:nvSpPr/p:cNvPr", NS)
        off = sp.find("p:spPr/a:xfrm/a:off", NS)
        ext = sp.find("p:spPr/a:xfrm/a:ext", NS)
        parent = inherited.get(_master_type(ph_type))
        box = None
        if off is not None and ext is not None:
            box = Box(
                int(off.get("x", "0")),
                int(off.get("y", "0")),
                int(ext.get("cx", "0")),
                int(ext.get("cy", "0")),
            )
        else:
            box = parent.box if parent else None
        # what the text body does not set, it takes from the master's placeholder
        body_pr = sp.find("p:txBody/a:bodyPr", NS)
        insets = list(parent.insets if parent else DEFAULT_INSETS)
        anchor = parent.anchor if parent else "t"
        if body_pr is not None:
            for i, attr in enumerate(_INSET_ATTRS):
                if body_pr.get(attr, "").isdigit():
                    insets[i] = int(body_pr.get(attr, "0"))
            anchor = body_pr.get("anchor", anchor)
        rpr = sp.find("p:txBody/a:lstStyle/a:lvl1pPr/a:defRPr", NS)
        size = parent.size if parent else None
        font = parent.font if parent else None
        if rpr is not None and rpr.get("sz", "").isdigit():
            size = int(rpr.get("sz", "0")) / 100
        latin = rpr.find("a:latin", NS) if rpr is not None else None
        if latin is not None and latin.get("typeface"):
            face = latin.get("typeface", "")
            font = fonts.get(face, face)
        placeholder = Placeholder(
            ph_type,
            idx,
            name.get("name", "") if name is not None else "",
            box,
            (insets[0], insets[1], insets[2], insets[3]),
            anchor,
            size,
            font,
        )
        key = ph_type if not inherited else f"{ph_type}:{idx}"
        out.setdefault(key, placeholder)
    return out


# --- choosing layouts ---------------------------------------------------------------------

_NAMES = {
    "title": re.compile(r"title slide|t[ií]tulo|capa|cover|titre", re.IGNORECASE),
    "section": re.compile(r"section|se[cç][aã]o|divider|sec[cç]i[oó]n|chapter", re.IGNORECASE),
    "two": re.compile(r"two|comparison|duas|dois|compara", re.IGNORECASE),
    "title-only": re.compile(r"title only|s[oó] t[ií]tulo|apenas t[ií]tulo", re.IGNORECASE),
}


def _content(layouts: tuple[Layout, ...]) -> Layout | None:
    """Return the layout for title-and-body slides: a title and one large content
    placeholder, typed ``obj``/``tx`` first, on the first master first."""
    ranked = [
        lay for lay in layouts if lay.title is not None and lay.title.type == "title" and lay.bodies
    ]
    ranked.sort(key=lambda lay: (lay.type not in ("obj", "tx"), lay.master, len(lay.bodies) != 1))
    return ranked[0] if ranked else None


def _pick(kind: str, layouts: tuple[Layout, ...], content: Layout) -> tuple[Layout, bool]:
    """Return the layout for ``kind`` and whether it is the preferred sort (False when a
    fallback had to do)."""
    by_type = {
        "title": ("title",),
        "section": ("secHead",),
        "two": ("twoObj", "twoTxTwoObj"),
        "title-only": ("titleOnly",),
    }[kind]
    titled = [lay for lay in layouts if lay.title is not None]
    for lay in sorted(titled, key=lambda lay: lay.master):
        if lay.type in by_type:
            return lay, True
    named = [lay for lay in titled if _NAMES[kind].search(lay.name)]
    if kind == "title":
        centred = [lay for lay in titled if lay.title and lay.title.type == "ctrTitle"]
        named = sorted(centred or named, key=lambda lay: lay.master)
    if kind == "two":
        named = [lay for lay in named if len(lay.bodies) >= 2]
    if named:
        return sorted(named, key=lambda lay: lay.master)[0], True
    if kind == "section":
        only = [lay for lay in titled if lay.type == "titleOnly"]
        if only:
            return only[0], False
    return content, kind in ("title-only", "two")


#: What slides of a ``layouts:`` key fill that a layout may lack: what the layout is said
#: to lack, the placeholders the hint names, and what the slides do on a layout without.
_LACKS = {
    "title": (
        "has no title placeholder",
        "a title placeholder",
        "the title is written as a title placeholder anyway, where the bullets layout has it",
    ),
    "content": (
        "has no content placeholder",
        "a title and a content placeholder",
        "the text is a text box of its own, not the slide's body in PowerPoint's outline",
    ),
    "columns": (
        "does not have two content placeholders side by side",
        "a title and two content placeholders side by side",
        "the columns split its content area",
    ),
}


def _has(need: str, lay: Layout) -> bool:
    """Return whether ``lay`` has a title placeholder and, for ``need`` ``content`` or
    ``columns``, a content placeholder or two side by side."""
    if lay.title is None:
        return False
    if need == "columns":
        return bool(lay.columns)
    return bool(lay.bodies) or need != "content"


def _named(tpl: Template, key: str, lay: Layout) -> Named | None:
    """Return the warning for layout ``lay``, which a theme names for ``key``, when it
    lacks a placeholder slides of ``key`` fill, hinting at the layouts that have it;
    else None."""
    need = {"bullets": "content", "qa": "content", "two-column": "columns"}.get(key, "title")
    missing = "title" if lay.title is None else need
    if _has(need, lay):
        return None
    lacks, wanted, then = _LACKS[missing]
    fit = [f"'{tpl.label(x)}'" for x in tpl.layouts if _has(missing, x)]
    return Named(
        key,
        f"layout '{tpl.label(lay)}' {lacks}: {then}",
        f"layouts with {wanted}: {', '.join(fit)}"
        if fit
        else f"the template has no layout with {wanted}",
    )


def _fallback(key: str, lay: Layout, content: Layout) -> str | None:
    """Return how ``lay``, chosen for ``key`` (not named by a theme), falls short of the
    kind of layout ``key`` goes on, or None when it is that kind."""
    kind = ROLES.get(key, "title-only")
    if kind == "two" and not lay.columns:
        return (
            "no layout with two content placeholders side by side, so the columns split "
            "the content area"
        )
    if kind == "title-only" and lay is content:
        if key == VISUAL:
            return "no title-only layout, so the visual fills the content area"
        return "no title-only layout, so the content placeholder is left out"
    return None


def choose_layouts(tpl: Template, names: Mapping[str, str] | None = None) -> Choice:
    """Return the template layout for each deckgen layout: those ``names`` gives (a
    theme's ``layouts:``), the rest chosen by placeholder types and names, with the
    fallbacks that had to do and what the named layouts lack. Raises TemplateError for
    a name the template does not have, or when no layout has both a title and a content
    placeholder."""
    names = names or {}
    content = _content(tpl.layouts)
    listing = ", ".join(f"'{tpl.label(lay)}'" for lay in tpl.layouts)
    if content is None:
        raise TemplateError(
            "the template has no layout with a title and a content placeholder",
            hint=f"its layouts: {listing}",
        )
    given: dict[str, Layout] = {}
    for key in KEYS:
        wanted = names.get(key)
        if wanted is None:
            continue
        lay = tpl.layout(wanted)
        if lay is None:
            raise TemplateError(
                f"layouts.{key}: the template has no layout '{wanted}'",
                hint=f"its layouts: {listing}",
                key=("layouts", key),
            )
        given[key] = lay
    chosen: dict[str, Layout] = {}
    warnings: list[str] = []
    stand_ins: set[str] = set()
    fallbacks: dict[str, str] = {}
    for deckgen_layout, kind in ROLES.items():
        if deckgen_layout in given:
            chosen[deckgen_layout] = given[deckgen_layout]
            continue
        if kind == "content":
            chosen[deckgen_layout] = content
            continue
        lay, preferred = _pick(kind, tpl.layouts, content)
        if not preferred:
            stand_ins.add(deckgen_layout)
            warning = (
                f"the template has no {kind.replace('-', ' ')} layout: "
                f"{deckgen_layout} slides use '{tpl.label(lay)}'"
            )
            warnings.append(warning)
            fallbacks[deckgen_layout] = f"no {kind} layout, so " + (
                "the title sits a third of the way down the content area"
                if kind == "section"
                else "the opening slide's title and subtitle fill its title and content "
                "placeholders"
            )
        elif note := _fallback(deckgen_layout, lay, content):
            fallbacks[deckgen_layout] = note
        chosen[deckgen_layout] = lay
    # Visual-alone slides: the theme's layout for them; else, when the theme names the
    # bullets slides' layout, that one (every bullets slide stays on it); else the
    # template's title-only layout.
    visual: Layout | None
    if VISUAL in given:
        visual = given[VISUAL]
    elif "bullets" in given:
        visual = None
    else:
        visual, preferred = _pick("title-only", tpl.layouts, content)
        if not preferred or visual is content:
            visual = None
            fallbacks[VISUAL] = _fallback(VISUAL, content, content) or ""
    if visual is chosen["bullets"]:
        visual = None
    named = [_named(tpl, key, lay) for key, lay in given.items()]
    return Choice(
        chosen,
        tuple(dict.fromkeys(warnings)),
        frozenset(stand_ins),
        visual,
        {k: fallbacks[k] for k in KEYS if k in fallbacks},
        tuple(n for n in named if n is not None),
        frozenset(given),
    )


# --- describing -------------------------------------------------------------------------


def _size_name(tpl: Template) -> str:
    return presentation_format(tpl.width, tpl.height)


#: What ``template inspect`` says deckgen does with each placeholder type.
_LEGEND = (
    "placeholders deckgen fills: title and ctrTitle (titles), subTitle (the opening slide's "
    "subtitle), obj and body (text and bullets), ftr and sldNum (footer, slide number); "
    "it leaves out the others (dt, pic…)"
)
#: What ``template inspect`` says the ``visual`` key is for.
_VISUAL_NOTE = "bullets slides with only a visual"


def _uses(choice: Choice) -> dict[int, list[str]]:
    """Return the ``layouts:`` keys each used template layout serves, by layout index."""
    out: dict[int, list[str]] = {}
    for key, lay in choice.mapping().items():
        out.setdefault(lay.index, []).append(key)
    return out


def describe(tpl: Template, choice: Choice) -> list[str]:
    """Return ``deckgen template inspect``'s listing: size, masters with their colour and
    font schemes, layouts (as a theme names them, and which deckgen layouts use each) with
    their placeholders, and the ``layouts:`` mapping with its fallbacks as comments (the
    warnings a build gives)."""
    w, h = tpl.width / EMU_PER_INCH, tpl.height / EMU_PER_INCH
    kind = "template (.potx)" if tpl.is_potx else "presentation"
    lines = [
        f"{kind}: {w:.3g} × {h:.3g} in ({tpl.width} × {tpl.height} EMU), {_size_name(tpl)}; "
        f"{len(tpl.masters)} master{'s' * (len(tpl.masters) != 1)}, {len(tpl.layouts)} layouts, "
        f"{tpl.slides} example slide{'s' * (tpl.slides != 1)} (dropped when building)"
    ]
    lines.append(_LEGEND)
    uses = _uses(choice)
    for n, m in enumerate(tpl.masters):
        lines.append(f"master {n + 1}: '{m.name}' (theme '{m.theme}')")
        lines.append("  colours: " + ", ".join(f"{k} #{v}" for k, v in m.colors.items()))
        mapped = ", ".join(
            f"{k}={v}" for k, v in m.color_map.items() if k in ("bg1", "tx1", "bg2", "tx2")
        )
        lines.append(f"  colour map: {mapped}")
        lines.append(f"  fonts: headings '{m.major_font}', body '{m.minor_font}'")
        for what, style in (("title", m.title), ("body", m.body)):
            bits = [
                f"'{style.font}'" if style.font else "",
                f"{style.size:g} pt" if style.size else "",
            ]
            bits.append(f"#{style.color}" if style.color else "")
            lines.append(f"  {what} text: " + " ".join(b for b in bits if b))
        for lay in (lay for lay in tpl.layouts if lay.master == n):
            used = uses.get(lay.index)
            lines.append(
                f"  layout {lay.index + 1}: '{tpl.label(lay)}' ({lay.type})"
                + (f", used for {', '.join(used)}" if used else "")
            )
            for ph in lay.placeholders:
                where = f" @ {ph.box.inches()}" if ph.box else ""
                lines.append(f"    {ph.type} idx {ph.idx} '{ph.name}'{where}")
    lines.append("layouts:  # the mapping deckgen uses; a theme's 'layouts:' may name others")
    for key, lay in choice.mapping().items():
        notes = [_VISUAL_NOTE] if key == VISUAL else []
        if key in choice.given:
            notes.append("named by the theme")
        elif key == VISUAL and "bullets" in choice.given:
            notes.append("the bullets layout, which the theme names")
        if key in choice.fallbacks:
            notes.append(f"fallback: {choice.fallbacks[key]}")
        comment = f"  # {'; '.join(notes)}" if notes else ""
        lines.append(f"  {key}: {json.dumps(tpl.label(lay), ensure_ascii=False)}{comment}")
    return lines


def to_dict(tpl: Template, choice: Choice) -> dict[str, object]:
    """Return the template, the mapping (every ``layouts:`` key → layout name, as a theme
    writes it), its fallbacks (key → why its layout is not of the kind it wants), and the
    keys a theme names with what their layouts lack, as JSON-ready data."""

    def box(b: Box | None) -> dict[str, int] | None:
        return None if b is None else {"x": b.x, "y": b.y, "w": b.w, "h": b.h}

    uses = _uses(choice)
    return {
        "width": tpl.width,
        "height": tpl.height,
        "format": _size_name(tpl),
        "potx": tpl.is_potx,
        "example_slides": tpl.slides,
        "masters": [
            {
                "name": m.name,
                "theme": m.theme,
                "colors": m.colors,
                "color_map": m.color_map,
                "fonts": {"major": m.major_font, "minor": m.minor_font},
                "title": {"font": m.title.font, "size": m.title.size, "color": m.title.color},
                "body": {"font": m.body.font, "size": m.body.size, "color": m.body.color},
            }
            for m in tpl.masters
        ],
        "layouts": [
            {
                "name": lay.name,
                "label": tpl.label(lay),
                "type": lay.type,
                "master": lay.master + 1,
                "used_for": uses.get(lay.index, []),
                "placeholders": [
                    {"type": p.type, "idx": p.idx, "name": p.name, "box": box(p.box)}
                    for p in lay.placeholders
                ],
            }
            for lay in tpl.layouts
        ],
        "mapping": {k: tpl.label(v) for k, v in choice.mapping().items()},
        "fallbacks": dict(choice.fallbacks),
        "warnings": list(choice.warnings),
        "named": [k for k in KEYS if k in choice.given],
        "named_warnings": [
            {"key": n.key, "message": n.message, "hint": n.hint} for n in choice.named
        ],
    }
