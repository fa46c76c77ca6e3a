"""Reading any .pptx file into the neutral :class:`~deckgen.review.model.DeckModel`.

python-pptx opens the package (slides in presentation order, relationships, layouts, notes)
and lxml walks each slide's shape tree in document order, which is the order a screen
reader follows. Group shapes are walked into; of an ``mc:AlternateContent`` block only the
first choice is read, so an equation's picture fallback is not counted as a picture.

Only reads: nothing here writes DrawingML.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from deckgen.confine import Reader, Refused
from deckgen.review.model import (
    Chart,
    DeckModel,
    Edge,
    Equation,
    Paragraph,
    Picture,
    Series,
    ShapeInfo,
    SlideModel,
    Table,
)

NS = {
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "a14": "http://schemas.microsoft.com/office/drawing/2010/main",
}
_P, _A, _R, _C, _M, _MC, _A14 = (NS[k] for k in ("p", "a", "r", "c", "m", "mc", "a14"))
_TABLE_URI = "http://schemas.openxmlformats.org/drawingml/2006/table"
_CHART_URI = "http://schemas.openxmlformats.org/drawingml/2006/chart"
_TITLE_TYPES = ("title", "ctrTitle")
_FOOTER_TYPES = ("ftr", "dt", "sldNum")
#: Shape names of footers that are not placeholders (deckgen's, and PowerPoint's defaults).
_FOOTER_NAMES = ("footer", "slide number", "date placeholder")
_SPACE = re.compile(r"\s+")

#: Bounds on what is read: a .pptx file and the sum of its unpacked parts (zip bombs).
MAX_FILE_BYTES = 300 * 1024 * 1024
MAX_UNPACKED_BYTES = 1024 * 1024 * 1024


class ReadError(Exception):
    """The file is not a presentation that can be read; the message says why."""


def read_pptx(source: Path | bytes) -> DeckModel:
    """Return the model of the presentation at ``source`` (a path or the file's bytes).

    Raises :class:`ReadError` when the file is missing, too large, or not a .pptx package.
    """
    data = source if isinstance(source, bytes) else read_file(source)
    if len(data) > MAX_FILE_BYTES:
        raise ReadError(f"refused: larger than {MAX_FILE_BYTES >> 20} MB")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            unpacked = sum(info.file_size for info in z.infolist())
    except zipfile.BadZipFile as exc:
        raise ReadError("not a .pptx file (not a zip package)") from exc
    if unpacked > MAX_UNPACKED_BYTES:
        raise ReadError(f"refused: unpacks to more than {MAX_UNPACKED_BYTES >> 20} MB")
    from pptx import Presentation
    from pptx.exc import PackageNotFoundError

    try:
        prs = Presentation(io.BytesIO(_as_presentation(data)))
        slides = tuple(read_slide(slide, n) for n, slide in enumerate(prs.slides, 1))
        return DeckModel(slides, int(prs.slide_width or 0), int(prs.slide_height or 0))
    except PackageNotFoundError as exc:
        raise ReadError("not a .pptx file (no presentation part)") from exc
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as exc:
        # A damaged or unsupported zip entry (bad CRC, truncated data, unknown compression).
        raise ReadError(f"not a readable .pptx file (damaged zip entry: {exc})") from exc
    except (KeyError, ValueError, AttributeError, TypeError, etree.LxmlError) as exc:
        # python-pptx reports a damaged package (a missing part, a wrong content type,
        # broken XML) through any of these.
        kind = type(exc).__name__
        raise ReadError(f"not a readable .pptx file ({kind}: {str(exc)[:200]})") from exc


#: Main-part content types of a template, a show and macro-enabled files: the same
#: PresentationML as a .pptx, which python-pptx opens only under the .pptx content type.
_MAIN_TYPES = (
    b"application/vnd.openxmlformats-officedocument.presentationml.template.main+xml",
    b"application/vnd.openxmlformats-officedocument.presentationml.slideshow.main+xml",
    b"application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml",
    b"application/vnd.ms-powerpoint.template.macroEnabled.main+xml",
    b"application/vnd.ms-powerpoint.slideshow.macroEnabled.main+xml",
)
_PRESENTATION_TYPE = (
    b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
)


def _as_presentation(data: bytes) -> bytes:
    """Return ``data`` with a template's or show's main part (.potx, .ppsx, .pptm…)
    declared as a presentation's, so they read like any .pptx; other packages unchanged."""
    name = "[Content_Types].xml"
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        if name not in src.namelist():
            return data
        types = src.read(name)
        if not any(t in types for t in _MAIN_TYPES):
            return data
        for t in _MAIN_TYPES:
            types = types.replace(t, _PRESENTATION_TYPE)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as dst:
            for info in src.infolist():
                dst.writestr(info.filename, types if info.filename == name else src.read(info))
    return out.getvalue()


def read_file(path: Path) -> bytes:
    """Return the bytes of the file at ``path``, read through the trust boundary
    (:class:`deckgen.confine.Reader`): only a regular file outside /proc, /sys and /dev,
    and at most MAX_FILE_BYTES of it, the limit holding while reading. The file is named
    on the command line, so no root confines it.

    Raises :class:`ReadError` when it is missing, not a regular file, too large or
    unreadable.
    """
    try:
        return Reader(None).read(path, MAX_FILE_BYTES, str(path))
    except Refused as exc:
        if exc.kind == "missing":
            raise ReadError("no such file") from None
        if exc.kind == "directory":
            raise ReadError("not a regular file") from None
        if exc.kind == "too-large":
            raise ReadError(f"refused: larger than {MAX_FILE_BYTES >> 20} MB") from None
        raise ReadError(exc.message) from None


def read_slide(slide: Any, number: int) -> SlideModel:
    """Return the model of one python-pptx slide, ``number`` being its 1-based position."""
    walk = _Walk(slide.part)
    tree = slide._element.find(f"{{{_P}}}cSld/{{{_P}}}spTree")
    if tree is not None:
        walk.tree(tree)
    layout = slide.slide_layout.name or "" if slide.slide_layout is not None else ""
    return SlideModel(
        number=number,
        title=walk.title,
        paragraphs=walk.body_paragraphs(),
        tables=tuple(walk.tables),
        charts=tuple(walk.charts),
        nodes=walk.node_labels(),
        edges=walk.edge_labels(),
        pictures=tuple(walk.pictures),
        equations=tuple(walk.equations),
        notes=_notes(slide),
        footer=tuple(walk.footer),
        layout=layout,
        hidden=slide._element.get("show") == "0",
        shapes=tuple(walk.shapes),
    )


def _notes(slide: Any) -> str:
    """Return the speaker notes' text: paragraphs joined by newlines, blank ones dropped."""
    if not slide.has_notes_slide:
        return ""
    frame = slide.notes_slide.notes_text_frame
    if frame is None:
        return ""
    lines = [text for p in frame._txBody.iterchildren(f"{{{_A}}}p") if (text := _para_text(p))]
    return "\n".join(lines)


@dataclass
class _TextShape:
    shape_id: str
    paragraphs: list[Paragraph]


@dataclass
class _Walk:
    """What one pass over a slide's shape tree collects."""

    part: Any
    title: str = ""
    texts: list[_TextShape] = field(default_factory=list)
    footer: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    pictures: list[Picture] = field(default_factory=list)
    equations: list[Equation] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)  # connector (start id, end id)
    names: dict[str, str] = field(default_factory=dict)  # shape id → name, for untexted ends
    shapes: list[ShapeInfo] = field(default_factory=list)

    def note(self, kind: str, c_nv: etree._Element | None, text: str = "") -> None:
        """Add a shape to the reading-order inventory."""
        if c_nv is None:
            self.shapes.append(ShapeInfo(kind, "", "", text))
            return
        decorative = any(
            etree.QName(el).localname == "decorative" and el.get("val") in ("1", "true")
            for el in c_nv.iter()
            if isinstance(el.tag, str)
        )
        self.shapes.append(
            ShapeInfo(kind, c_nv.get("name", ""), c_nv.get("descr", ""), text, decorative)
        )

    def tree(self, parent: etree._Element) -> None:
        """Collect every shape under ``parent`` (a shape tree or group) in document order."""
        for el in parent:
            tag = etree.QName(el).localname if isinstance(el.tag, str) else ""
            if tag == "sp":
                self.shape(el)
            elif tag == "grpSp":
                self.tree(el)
            elif tag == "graphicFrame":
                self.frame(el)
            elif tag == "pic":
                self.picture(el)
            elif tag == "cxnSp":
                self.connector(el)
            elif tag == "AlternateContent" and el.nsmap.get(el.prefix) == _MC:
                branch = el.find(f"{{{_MC}}}Choice")
                if branch is None:
                    branch = el.find(f"{{{_MC}}}Fallback")
                if branch is not None:
                    self.tree(branch)

    def shape(self, sp: etree._Element) -> None:
        c_nv = sp.find(f"{{{_P}}}nvSpPr/{{{_P}}}cNvPr")
        shape_id = c_nv.get("id", "") if c_nv is not None else ""
        alt = c_nv.get("descr", "") if c_nv is not None else ""
        if c_nv is not None:
            self.names[shape_id] = c_nv.get("name", "")
        ph = sp.find(f"{{{_P}}}nvSpPr/{{{_P}}}nvPr/{{{_P}}}ph")
        body = sp.find(f"{{{_P}}}txBody")
        if body is None:
            self.note("shape", c_nv)
            return
        paragraphs: list[Paragraph] = []
        equations = len(self.equations)
        for p in body.iterchildren(f"{{{_A}}}p"):
            if _is_equation(p):
                self.equations.append(Equation(_math_text(p), alt))
                self.note("equation", c_nv, self.equations[-1].shown)
                continue
            text = _para_text(p)
            if text:
                ppr = p.find(f"{{{_A}}}pPr")
                level = int(ppr.get("lvl", "0")) if ppr is not None else 0
                paragraphs.append(Paragraph(text, level))
        kind = ph.get("type") if ph is not None else None
        text = " ".join(p.text for p in paragraphs)
        if kind in _TITLE_TYPES and not self.title:
            self.title = text
            self.note("title", c_nv, text)
            return
        name = c_nv.get("name", "").lower() if c_nv is not None else ""
        if kind in _FOOTER_TYPES or name.startswith(_FOOTER_NAMES):
            self.footer.extend(p.text for p in paragraphs)
            self.note("footer", c_nv, text)
            return
        if paragraphs:
            self.texts.append(_TextShape(shape_id, paragraphs))
            self.note("text", c_nv, text)
        elif len(self.equations) == equations:  # neither text nor math: a panel, an icon
            self.note("shape", c_nv)

    def frame(self, gf: etree._Element) -> None:
        data = gf.find(f"{{{_A}}}graphic/{{{_A}}}graphicData")
        if data is None:
            return
        c_nv = gf.find(f"{{{_P}}}nvGraphicFramePr/{{{_P}}}cNvPr")
        name = c_nv.get("name", "") if c_nv is not None else ""
        alt = c_nv.get("descr", "") if c_nv is not None else ""
        uri = data.get("uri")
        if uri == _TABLE_URI:
            tbl = data.find(f"{{{_A}}}tbl")
            if tbl is not None:
                self.tables.append(Table(name, _table_rows(tbl), alt))
                self.note("table", c_nv)
                return
        elif uri == _CHART_URI:
            ref = data.find(f"{{{_C}}}chart")
            rid = ref.get(f"{{{_R}}}id") if ref is not None else None
            if rid and rid in self.part.rels:
                blob = self.part.related_part(rid).blob
                self.charts.append(read_chart(blob, name, alt))
                self.note("chart", c_nv)
                return
        self.note("graphic", c_nv)

    def picture(self, pic: etree._Element) -> None:
        c_nv = pic.find(f"{{{_P}}}nvPicPr/{{{_P}}}cNvPr")
        name = c_nv.get("name", "") if c_nv is not None else ""
        alt = c_nv.get("descr", "") if c_nv is not None else ""
        if c_nv is not None:
            self.names[c_nv.get("id", "")] = alt or name
        self.note("picture", c_nv)
        blip = pic.find(f".//{{{_A}}}blip")
        rid = blip.get(f"{{{_R}}}embed") if blip is not None else None
        if rid and rid in self.part.rels:
            image = self.part.related_part(rid)
            digest = hashlib.sha256(image.blob).hexdigest()
            self.pictures.append(Picture(name, digest, image.content_type, alt))
        else:  # a linked picture: nothing inside the file to compare
            self.pictures.append(Picture(name, "", "", alt))

    def connector(self, cxn: etree._Element) -> None:
        self.note("connector", cxn.find(f"{{{_P}}}nvCxnSpPr/{{{_P}}}cNvPr"))
        props = cxn.find(f"{{{_P}}}nvCxnSpPr/{{{_P}}}cNvCxnSpPr")
        if props is None:
            return
        start = props.find(f"{{{_A}}}stCxn")
        end = props.find(f"{{{_A}}}endCxn")
        if start is not None and end is not None:
            self.links.append((start.get("id", ""), end.get("id", "")))

    def _node_ids(self) -> set[str]:
        return {i for link in self.links for i in link}

    def body_paragraphs(self) -> tuple[Paragraph, ...]:
        """Return the text of every shape that is not a diagram node, in reading order."""
        nodes = self._node_ids()
        return tuple(p for t in self.texts if t.shape_id not in nodes for p in t.paragraphs)

    def _labels(self) -> dict[str, str]:
        return {t.shape_id: " ".join(p.text for p in t.paragraphs) for t in self.texts}

    def node_labels(self) -> tuple[str, ...]:
        """Return the labels of shapes that connectors join, in reading order."""
        nodes = self._node_ids()
        labels = self._labels()
        return tuple(labels[t.shape_id] for t in self.texts if t.shape_id in nodes)

    def edge_labels(self) -> tuple[Edge, ...]:
        """Return each glued connector as (start label, end label), in reading order; an
        end without text is known by its shape's name (a picture by its alt text)."""
        labels = {**self.names, **self._labels()}
        return tuple(Edge(labels.get(a, ""), labels.get(b, "")) for a, b in self.links)


def _is_equation(p: etree._Element) -> bool:
    """Return True for a paragraph holding only math (display equations)."""
    has_math = p.find(f".//{{{_M}}}oMath") is not None
    has_runs = any((r.text or "").strip() for r in p.iterfind(f"{{{_A}}}r/{{{_A}}}t"))
    return has_math and not has_runs


def _math_text(el: etree._Element) -> str:
    return _clean("".join(t.text or "" for t in el.iter(f"{{{_M}}}t")))


def _para_text(p: etree._Element) -> str:
    """Return a paragraph's text, whitespace collapsed: runs, fields (not the slide number,
    which changes whenever a slide is inserted before it), line breaks and inline math."""
    out: list[str] = []
    for el in p.iter(f"{{{_A}}}r", f"{{{_A}}}fld", f"{{{_A}}}br", f"{{{_M}}}t"):
        tag = etree.QName(el).localname
        if tag == "br":
            out.append(" ")
        elif tag == "t":  # m:t, inline math
            out.append(el.text or "")
        elif tag == "fld" and el.get("type") == "slidenum":
            continue
        else:
            t = el.find(f"{{{_A}}}t")
            out.append(t.text or "" if t is not None else "")
    return _clean("".join(out))


def _clean(text: str) -> str:
    """Return text with runs of white space as one space, and without word joiners (deckgen
    writes one after the hyphen of a name such as "GPT-Neo" so no renderer breaks it there;
    a reader, a search or a diff should see the name as typed)."""
    return _SPACE.sub(" ", text.replace("\u2060", "")).strip()


def _table_rows(tbl: etree._Element) -> tuple[tuple[str, ...], ...]:
    rows = []
    for tr in tbl.iterfind(f"{{{_A}}}tr"):
        cells = []
        for tc in tr.iterfind(f"{{{_A}}}tc"):
            paras = tc.iterfind(f"{{{_A}}}txBody/{{{_A}}}p")
            cells.append(" ".join(t for p in paras if (t := _para_text(p))))
        rows.append(tuple(cells))
    return tuple(rows)


# --- charts ------------------------------------------------------------------------------


def read_chart(blob: bytes, name: str = "", alt: str = "") -> Chart:
    """Return a chart's type, categories and series from its chart part's XML caches."""
    root = etree.fromstring(blob)
    plot = root.find(f"{{{_C}}}chart/{{{_C}}}plotArea")
    kinds: list[str] = []
    categories: tuple[str, ...] = ()
    series: list[Series] = []
    for el in plot if plot is not None else ():
        local = etree.QName(el).localname if isinstance(el.tag, str) else ""
        if not local.endswith("Chart"):
            continue
        kind = local[: -len("Chart")]
        bar_dir = el.find(f"{{{_C}}}barDir")
        if kind in ("bar", "bar3D") and bar_dir is not None and bar_dir.get("val") == "col":
            kind = kind.replace("bar", "column")
        kinds.append(kind)
        for ser in el.iterfind(f"{{{_C}}}ser"):
            cat = ser.find(f"{{{_C}}}cat")
            if cat is None:
                cat = ser.find(f"{{{_C}}}xVal")
            if cat is not None and not categories:
                categories = tuple("" if v is None else v for v in _points(cat))
            val = ser.find(f"{{{_C}}}val")
            if val is None:
                val = ser.find(f"{{{_C}}}yVal")
            values = tuple(_number(v) for v in _points(val)) if val is not None else ()
            series.append(Series(_series_name(ser), values))
    title_el = root.find(f"{{{_C}}}chart/{{{_C}}}title")
    title = ""
    if title_el is not None:
        title = _clean(" ".join(t.text or "" for t in title_el.iter(f"{{{_A}}}t")))
    return Chart(name, "+".join(kinds), title, categories, tuple(series), alt)


def _points(ref: etree._Element) -> list[str | None]:
    """Return the cached points under a c:cat/c:val element, by index (None for gaps)."""
    cache = None
    for tag in ("strCache", "numCache", "strLit", "numLit", "multiLvlStrCache"):
        cache = next(ref.iter(f"{{{_C}}}{tag}"), None)
        if cache is not None:
            break
    if cache is None:
        return []
    if etree.QName(cache).localname == "multiLvlStrCache":
        cache = cache.find(f"{{{_C}}}lvl")  # the innermost level: the categories themselves
        if cache is None:
            return []
    count_el = cache.find(f"{{{_C}}}ptCount")
    pts = list(cache.iterfind(f"{{{_C}}}pt"))
    count = int(count_el.get("val", "0")) if count_el is not None else len(pts)
    count = max(count, *(int(pt.get("idx", "0")) + 1 for pt in pts), 0) if pts else count
    out: list[str | None] = [None] * min(count, 100_000)
    for pt in pts:
        idx = int(pt.get("idx", "0"))
        v = pt.find(f"{{{_C}}}v")
        if 0 <= idx < len(out) and v is not None:
            out[idx] = v.text or ""
    return out


def _number(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        return float(text)
    except ValueError:
        return None


def _series_name(ser: etree._Element) -> str:
    tx = ser.find(f"{{{_C}}}tx")
    if tx is None:
        return ""
    return _clean(" ".join(v.text or "" for v in tx.iter(f"{{{_C}}}v")))
