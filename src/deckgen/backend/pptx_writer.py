"""IR → .pptx bytes with python-pptx. Makes no layout decisions: every box, size and
colour comes from the IR. XML that python-pptx has no API for (custom geometry, glued
connectors with rotation, bullets, fields) is written here in schema order."""

from __future__ import annotations

import datetime as dt
import io
import re
import uuid
import zipfile
from collections.abc import Iterable

from lxml import etree
from pptx import Presentation as open_template
from pptx.enum.chart import (
    XL_CHART_TYPE,
    XL_LABEL_POSITION,
    XL_LEGEND_POSITION,
    XL_MARKER_STYLE,
)
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_AUTO_SIZE
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.opc.serialized import PackageWriter
from pptx.oxml.ns import qn
from pptx.util import Emu as PEmu
from pptx.util import Pt as PPt

from deckgen import ir
from deckgen.backend import chart_data, on_template, structure
from deckgen.backend.fast import FastSlides
from deckgen.backend.groups import group_shapes, reading_order
from deckgen.backend.links import keep_run_colour
from deckgen.backend.shapes import PLACEHOLDER, ShapeWriter, Stamps, stamp
from deckgen.units import to_inches

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_TITLE_ONLY, _BLANK = 5, 6
_NO_STYLE_TABLE = "{2D5ABB26-0587-4C30-8999-92F81FD0307C}"
_GEOMETRY = {
    "rect": MSO_SHAPE.RECTANGLE,
    "roundRect": MSO_SHAPE.ROUNDED_RECTANGLE,
    "ellipse": MSO_SHAPE.OVAL,
    "chevron": MSO_SHAPE.CHEVRON,
    "homePlate": MSO_SHAPE.PENTAGON,
}


#: Clark-notation prefix of DrawingML's main namespace.
_A = f"{{{A}}}"


def _a(tag: str, **attrs: str) -> etree._Element:
    return etree.Element(f"{{{A}}}{tag}", attrs)


def _sub(parent: etree._Element, tag: str, **attrs: str) -> etree._Element:
    return etree.SubElement(parent, f"{{{A}}}{tag}", attrs)


def _solid(color: str) -> etree._Element:
    fill = _a("solidFill")
    _sub(fill, "srgbClr", val=color)
    return fill


def render(pres: ir.Presentation) -> bytes:
    """Return the .pptx bytes of ``pres``: a zip with stored (uncompressed) entries, not yet
    normalised for determinism (:func:`deckgen.write.normalize` deflates them)."""
    layouts: list | None = None  # type: ignore[type-arg]
    if pres.template:
        # the template's own masters, layouts, theme and size
        prs, layouts = on_template.open_template(pres.template)
    else:
        prs = open_template()
        old_w = prs.slide_width
        prs.slide_width = PEmu(pres.width)
        prs.slide_height = PEmu(pres.height)
        _fit_masters(prs, pres.width / old_w if old_w else 1.0)
        _theme(prs, pres)
    slides = FastSlides(prs)
    stamps: Stamps = {}
    for s in pres.slides:
        layout = None
        if layouts is not None:
            # the layout the slide was measured on
            index = s.frame.layout if s.frame else pres.template_layouts.get(s.layout, 0)
            layout = layouts[index]
        _slide(prs, slides, s, pres.lang, stamps, layout)
    _properties(prs, pres.properties)
    if pres.lang != "en-US":
        _language(prs, pres.lang)
    structure.apply(prs, pres)
    buf = io.BytesIO()
    package = prs.part.package
    _StoredPackageWriter(buf, package._rels, tuple(package.iter_parts()))._write()
    return buf.getvalue()


class _StoredPackageWriter(PackageWriter):
    """python-pptx's package writer (``prs.save``: the same entries in the same order), with
    the entries stored rather than deflated.

    write.normalize deflates every entry again, so deflating here and inflating there was
    wasted work: ~5 ms of a cold build of decks/qwen25.yaml.
    """

    def _write(self) -> None:
        with zipfile.ZipFile(self._pkg_file, "w", zipfile.ZIP_STORED) as archive:
            entries = _Entries(archive)
            self._write_content_types_stream(entries)
            self._write_pkg_rels(entries)
            self._write_parts(entries)


class _Entries:
    """The physical writer python-pptx's package writer writes through (``write``)."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive

    def write(self, pack_uri: PackURI, blob: bytes) -> None:
        """Add ``blob`` as the entry named by ``pack_uri``; returns nothing."""
        self.archive.writestr(pack_uri.membername, blob)


# --- template ----------------------------------------------------------------------------


def _fit_masters(prs, ratio: float) -> None:  # type: ignore[no-untyped-def]
    """Stretch the template's 4:3 master and layout placeholders to the 16:9 width, so
    slides a user adds in PowerPoint line up with the rest."""
    for master in prs.slide_masters:
        for owner in [master, *master.slide_layouts]:
            for off in owner._element.iter(qn("a:off")):
                off.set("x", str(round(int(off.get("x")) * ratio)))
            for ext in owner._element.iter(qn("a:ext")):
                if ext.get("cx") is not None:
                    ext.set("cx", str(round(int(ext.get("cx")) * ratio)))


def _theme(prs, pres: ir.Presentation) -> None:  # type: ignore[no-untyped-def]
    """Write the deck's fonts and colour roles into the file's theme part, so text and
    shapes a user adds in PowerPoint match the deck."""
    master = prs.slide_masters[0]
    part = master.part.part_related_by(RT.THEME)
    root = etree.fromstring(part.blob)
    for tag, face in (("majorFont", pres.fonts.major), ("minorFont", pres.fonts.minor)):
        for font in root.iter(f"{{{A}}}{tag}"):
            font.find(f"{{{A}}}latin").set("typeface", face)
            # Text a user types in another script takes the deck's script fonts.
            for slot, family in (("ea", pres.fonts.east_asian), ("cs", pres.fonts.complex_script)):
                el = font.find(f"{{{A}}}{slot}")
                if el is not None and family:
                    el.set("typeface", family)
    scheme = root.find(f".//{{{A}}}clrScheme")
    if scheme is not None:
        scheme.set("name", "deckgen")
        for role, color in pres.palette.items():
            el = scheme.find(f"{{{A}}}{role}")
            if el is None:
                continue
            for child in list(el):
                el.remove(child)
            _sub(el, "srgbClr", val=color)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# Parts whose text properties name the template's language (en-US): the defaults for text
# a user adds, the master's and layouts' prompts, the notes master, and the charts.
_LANGUAGE_PARTS = (
    "/ppt/presentation.xml",
    "/ppt/slideMasters/",
    "/ppt/slideLayouts/",
    "/ppt/notesMasters/",
    "/ppt/charts/",
)
_C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
#: Clark-notation prefix of the chart namespace.
_CQ = f"{{{_C}}}"


def _language(prs, lang: str) -> None:  # type: ignore[no-untyped-def]
    """Write the deck's language ``lang`` wherever the template says en-US (text defaults,
    master and layout prompts, notes master, charts' editing language); returns nothing."""
    for part in prs.part.package.iter_parts():
        if not str(part.partname).startswith(_LANGUAGE_PARTS):
            continue
        element = getattr(part, "_element", None)
        if element is None:
            continue
        for tag in ("rPr", "endParaRPr", "defRPr"):
            for el in element.iter(f"{{{A}}}{tag}"):
                if el.get("lang") is not None:
                    el.set("lang", lang)
        for el in element.iter(f"{{{_C}}}lang"):
            el.set("val", lang)


def _properties(prs, p: ir.Properties) -> None:  # type: ignore[no-untyped-def]
    cp = prs.core_properties
    # fromisoformat, not strptime: _strptime costs ~1 ms to import and set up
    when = dt.datetime.fromisoformat(p.created.removesuffix("Z"))
    cp.title = p.title
    cp.author = p.author
    cp.subject = p.subject
    cp.keywords = p.keywords
    cp.comments = p.description
    cp.last_modified_by = p.author or "deckgen"
    cp.revision = 1
    cp.created = when
    cp.modified = when
    cp.last_printed = when


# --- slides ------------------------------------------------------------------------------


def _slide(prs, slides: FastSlides, s: ir.Slide, lang: str, stamps: Stamps, on=None) -> None:  # type: ignore[no-untyped-def]
    """Write one slide in language ``lang``; ``on`` is its template layout (None: deckgen's
    own layouts)."""
    title = next(
        (sh for sh in s.shapes if isinstance(sh, ir.TextShape) and sh.role == "title"), None
    )
    layout = on if on is not None else prs.slide_layouts[_TITLE_ONLY if title else _BLANK]
    slide = slides.add(layout)
    # python-pptx finds the title placeholder by scanning the slide's shapes: once is enough
    title_ph = slide.shapes.title if title else None
    if on is None:
        bg = slide.background.fill
        bg.solid()
        bg.fore_color.rgb = _rgb(s.background)
    else:
        # the template's background and artwork stay; its empty placeholders go
        on_template.drop_unfilled(slide, title_ph._element if title_ph is not None else None)
    ids: dict[str, int] = {}
    writer = ShapeWriter(
        slide.shapes._spTree,
        lambda body, frame: _paragraphs(body, frame.paragraphs, slide, lang, stamps),
        _footer_placeholders(layout),
        on_template.layout_placeholders(layout),
        stamps,
    )
    for shape in reading_order(s.shapes):
        if shape is title and title_ph is None:
            # a layout without a title placeholder: the title is still the slide's title
            ids[shape.key] = writer.text(shape, title=True)
        elif shape is title:
            ph = title_ph
            _place(ph, shape.box)
            ph.name = shape.name
            _text_frame(ph, shape.text, lang, stamps)
            _shape_fill(ph, shape)
            if on is not None:
                on_template.as_measured(ph._element.find(qn("p:txBody")))
            ids[shape.key] = ph.shape_id
        elif isinstance(shape, ir.TextShape):
            ids[shape.key] = writer.text(shape)
        elif isinstance(shape, ir.IconShape):
            ids[shape.key] = writer.icon(shape)
        elif isinstance(shape, ir.LineShape):
            ids[shape.key] = writer.line(shape)
        elif isinstance(shape, ir.ConnectorShape):
            ids[shape.key] = writer.connector(shape, ids)
        else:
            # Parts and relationships: python-pptx writes these.
            made = None
            if isinstance(shape, ir.ChartShape):
                made = _chart(slide, shape, lang)
            elif isinstance(shape, ir.TableShape):
                made = _table(slide, shape, lang, stamps)
            elif isinstance(shape, ir.PictureShape):
                made = _picture(slide, shape)
            elif isinstance(shape, ir.EquationShape):
                _equation(slide, shape, lang)  # alt text goes inside both of its branches
            if made is not None:
                ids[shape.key] = made.shape_id
                if shape.alt:
                    made._element.xpath("./*[1]/p:cNvPr")[0].set("descr", shape.alt)
            writer.sync()
    group_shapes(slide.shapes._spTree, s.shapes, ids)
    keep_run_colour(slide.shapes._spTree)
    if s.notes:
        slides.notes(slide, s.notes, lang)
    if s.hidden:
        slide._element.set("show", "0")


def _footer_placeholders(layout) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Return the idx of the layout's footer and slide-number placeholders, by ph type
    (a slide's placeholder inherits from the layout's with the same idx)."""
    return {
        ph.get("type"): ph.get("idx")
        for ph in layout._element.iter(qn("p:ph"))
        if ph.get("type") in PLACEHOLDER.values() and ph.get("idx")
    }


def _rgb(color: str):  # type: ignore[no-untyped-def]
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(color)


def _place(shape, box: ir.Box) -> None:  # type: ignore[no-untyped-def]
    shape.left, shape.top, shape.width, shape.height = (
        PEmu(box.x),
        PEmu(box.y),
        PEmu(box.w),
        PEmu(box.h),
    )


def _drop_style(shape) -> None:  # type: ignore[no-untyped-def]
    """Remove the theme style reference python-pptx adds (it brings shadows and outlines)."""
    style = shape._element.find(qn("p:style"))
    if style is not None:
        shape._element.remove(style)


def _shape_fill(shape, s: ir.TextShape) -> None:  # type: ignore[no-untyped-def]
    if s.fill:
        shape.fill.solid()
        shape.fill.fore_color.rgb = _rgb(s.fill)
    else:
        shape.fill.background()
    if s.line:
        shape.line.color.rgb = _rgb(s.line)
        shape.line.width = PEmu(s.line_width)
    else:
        shape.line.fill.background()


def _text_frame(shape, frame: ir.TextFrame | None, lang: str, stamps: Stamps) -> None:  # type: ignore[no-untyped-def]
    tf = shape.text_frame
    tf.word_wrap = frame.wrap if frame else True
    tf.auto_size = MSO_AUTO_SIZE.NONE
    if frame is None:
        return
    body = tf._txBody
    bp = body.find(qn("a:bodyPr"))
    for attr, val in (
        ("lIns", frame.inset_l),
        ("rIns", frame.inset_r),
        ("tIns", frame.inset_t),
        ("bIns", frame.inset_b),
    ):
        bp.set(attr, str(int(val)))
    bp.set("anchor", frame.anchor)
    bp.set("rtlCol", "0")
    _paragraphs(body, frame.paragraphs, shape, lang, stamps)


def _paragraphs(  # type: ignore[no-untyped-def]
    body: etree._Element, paragraphs: Iterable[ir.Paragraph], shape, lang: str, stamps: Stamps
) -> None:
    """Replace the paragraphs of ``body`` with ``paragraphs``, every run and paragraph end
    tagged with the deck's language ``lang``; returns nothing."""
    for p in body.findall(qn("a:p")):
        body.remove(p)
    for para in paragraphs:
        p = _sub(body, "p")
        key = (
            "pPr",
            para.align,
            para.level,
            para.margin_left,
            para.bullet,
            para.rtl,
            para.line_spacing,
            para.space_before,
            para.space_after,
        )
        p.append(stamp(stamps, key, lambda para=para: _ppr(para)))
        for r in para.runs:
            _run(p, r, shape, lang, stamps)
        if para.runs:
            last = para.runs[-1]
            p.append(stamp(stamps, ("end", *_run_key(last, lang)), lambda r=last: _end(r, lang)))


def _ppr(para: ir.Paragraph) -> etree._Element:
    """Return the ``a:pPr`` of ``para``: alignment, level, indents, spacing, bullet."""
    ppr = _a(
        "pPr",
        algn=para.align,
        lvl=str(para.level),
        marL=str(int(para.margin_left)),
        indent=str(-int(para.bullet.indent) if para.bullet else 0),
    )
    if para.rtl:
        ppr.set("rtl", "1")
    ln = _sub(ppr, "lnSpc")
    _sub(ln, "spcPct", val=str(round(para.line_spacing * 100_000)))
    sb = _sub(ppr, "spcBef")
    _sub(sb, "spcPts", val=str(round(para.space_before * 100)))
    sa = _sub(ppr, "spcAft")
    _sub(sa, "spcPts", val=str(round(para.space_after * 100)))
    if para.bullet:
        bc = _sub(ppr, "buClr")
        _sub(bc, "srgbClr", val=para.bullet.color)
        _sub(ppr, "buFont", typeface=para.bullet.font)
        _sub(ppr, "buChar", char=para.bullet.char)
    else:
        _sub(ppr, "buNone")
    return ppr


def _end(last: ir.Run, lang: str) -> etree._Element:
    """Return the ``a:endParaRPr`` of a paragraph whose last run is ``last``."""
    end = _a("endParaRPr", lang=last.lang or lang, sz=str(round(last.size * 100)), dirty="0")
    end.append(_solid(last.color))
    _fonts(end, last)
    return end


def _fonts(rpr: etree._Element, r: ir.Run) -> None:
    """Append the run's fonts in schema order: latin, then ea (East Asian) when the run has
    such characters, then cs (complex script); returns nothing."""
    _sub(rpr, "latin", typeface=r.font)
    if r.east_asian:
        _sub(rpr, "ea", typeface=r.east_asian)
    _sub(rpr, "cs", typeface=r.complex_script or r.font)


def _run_key(r: ir.Run, lang: str) -> tuple[object, ...]:
    """Return what a run's ``a:rPr`` depends on."""
    return (
        r.lang or lang,
        r.size,
        r.bold,
        r.italic,
        r.baseline,
        r.color,
        r.font,
        r.east_asian,
        r.complex_script,
    )


def _rpr(r: ir.Run, lang: str) -> etree._Element:
    """Return the ``a:rPr`` of a run: language, size, style, colour, fonts (the link's
    ``a:hlinkClick`` is the caller's)."""
    rpr = _a(
        "rPr",
        lang=r.lang or lang,
        sz=str(round(r.size * 100)),
        b="1" if r.bold else "0",
        i="1" if r.italic else "0",
        dirty="0",
    )
    if r.link:
        rpr.set("u", "sng")
    if r.baseline:
        rpr.set("baseline", str(r.baseline))
    rpr.append(_solid(r.color))
    _fonts(rpr, r)
    return rpr


def _run(p: etree._Element, r: ir.Run, shape, lang: str, stamps: Stamps) -> None:  # type: ignore[no-untyped-def]
    if r.field:
        el = _sub(
            p,
            "fld",
            id="{" + str(uuid.uuid5(uuid.NAMESPACE_OID, "deckgen-slidenum")).upper() + "}",
            type="slidenum",
        )
    else:
        el = _sub(p, "r")
    if r.link:
        rpr = _rpr(r, lang)
        el.append(rpr)
        rid = shape.part.relate_to(r.link, RT.HYPERLINK, is_external=True)
        link = _sub(rpr, "hlinkClick")
        link.set(qn("r:id"), rid)
    else:
        el.append(stamp(stamps, ("rPr", *_run_key(r, lang)), lambda: _rpr(r, lang)))
    t = _sub(el, "t")
    t.text = _xml_safe(r.text)


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(text: str) -> str:
    """Return ``text`` without characters XML 1.0 cannot hold (the spec stage warns)."""
    return _CONTROL.sub("", text)


# --- icons, lines, connectors ------------------------------------------------------------


def _ln(sppr: etree._Element, color: str, width: int) -> etree._Element:
    """Return a fresh a:ln in spPr (after the geometry and fill, as the schema wants)."""
    old = sppr.find(qn("a:ln"))
    if old is not None:
        sppr.remove(old)
    ln = _a("ln", w=str(int(width)))
    ln.append(_solid(color))
    after = [
        sppr.find(qn(t)) for t in ("a:solidFill", "a:noFill", "a:custGeom", "a:prstGeom", "a:xfrm")
    ]
    anchor = next((el for el in after if el is not None), None)
    if anchor is not None:
        anchor.addnext(ln)
    else:
        sppr.append(ln)
    return ln


_CHART_TYPES = {
    "column": XL_CHART_TYPE.COLUMN_CLUSTERED,
    "bar": XL_CHART_TYPE.BAR_CLUSTERED,
    "pie": XL_CHART_TYPE.PIE,
    "doughnut": XL_CHART_TYPE.DOUGHNUT,
    "line": XL_CHART_TYPE.LINE_MARKERS,
}


#: XlsxWriter options for the embedded workbook: every text cell is a literal string.
#: By default XlsxWriter turns text starting with '=' into a live formula and text that
#: looks like a URL into a hyperlink; a category named '=HYPERLINK(…)' must stay text.
_LITERAL_WORKBOOK = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}


def _literal_chart_data(number_format: str):  # type: ignore[no-untyped-def]
    """Return python-pptx chart data whose embedded workbook holds only strings and
    numbers, never formulas or links (python-pptx opens XlsxWriter with its defaults)."""
    # Imported here: it brings in XlsxWriter (~15 ms), which decks without charts never need.
    from contextlib import contextmanager

    from pptx.chart.data import CategoryChartData
    from pptx.chart.xlsx import CategoryWorkbookWriter
    from xlsxwriter import Workbook

    class LiteralWorkbookWriter(CategoryWorkbookWriter):
        """python-pptx's workbook writer, with XlsxWriter's conversions turned off."""

        @contextmanager
        def _open_worksheet(self, xlsx_file):  # type: ignore[no-untyped-def]
            """Yield a workbook and its sheet that write text as text."""
            workbook = Workbook(xlsx_file, _LITERAL_WORKBOOK)
            worksheet = workbook.add_worksheet()
            yield workbook, worksheet
            workbook.close()

    class LiteralChartData(CategoryChartData):
        """Category chart data whose workbook is written by LiteralWorkbookWriter."""

        @property
        def _workbook_writer(self):  # type: ignore[no-untyped-def]
            """Return the literal workbook writer of this chart data."""
            return LiteralWorkbookWriter(self)

    return LiteralChartData(number_format=number_format)


def _chart_data(s: ir.ChartShape):  # type: ignore[no-untyped-def]
    """Return the chart data of ``s`` for ``add_chart``: deckgen's own, which writes the
    workbook without loading XlsxWriter, when it writes the same bytes; python-pptx's
    otherwise."""
    series = [(x.name, x.values) for x in s.series]
    if chart_data.plain(s.categories, series, s.number_format):
        return chart_data.CategoryData(s.categories, series, s.number_format)
    data = _literal_chart_data(s.number_format)
    data.categories = list(s.categories)
    for name, values in series:
        data.add_series(name, list(values))
    return data


def _chart(slide, s: ir.ChartShape, lang: str):  # type: ignore[no-untyped-def]
    data = _chart_data(s)
    frame = slide.shapes.add_chart(
        _CHART_TYPES[s.chart_type], PEmu(s.box.x), PEmu(s.box.y), PEmu(s.box.w), PEmu(s.box.h), data
    )
    frame.name = s.name
    chart = frame.chart
    # the chart's text font: python-pptx's new chart has c:txPr with an empty a:defRPr
    defrpr = chart._chartSpace.find(f"{_CQ}txPr/{_A}p/{_A}pPr/{_A}defRPr")
    if defrpr is not None and len(defrpr) == 0:
        defrpr.set("sz", str(PPt(s.font_size).centipoints))
        _solid_in(defrpr, s.text_color)
        etree.SubElement(defrpr, f"{_A}latin", typeface=s.font)
    else:
        chart.font.name = s.font
        chart.font.size = PPt(s.font_size)
        chart.font.color.rgb = _rgb(s.text_color)
    chart.has_title = bool(s.title)
    if s.title:
        chart.chart_title.text_frame.text = s.title
        run = chart.chart_title.text_frame.paragraphs[0].runs[0]
        run.font.size = PPt(s.font_size + 2)
        run.font.bold = True
        run.font.color.rgb = _rgb(s.text_color)
        run.font._rPr.set("lang", lang)
    chart.has_legend = s.legend
    if s.legend:
        chart.legend.position = (
            XL_LEGEND_POSITION.BOTTOM
            if s.chart_type not in ("pie", "doughnut")
            else XL_LEGEND_POSITION.RIGHT
        )
        chart.legend.include_in_layout = False
        chart.legend.font.size = PPt(s.font_size)
        chart.legend.font.color.rgb = _rgb(s.text_color)
    plot = chart.plots[0]
    if s.chart_type in ("column", "bar"):
        plot.gap_width = s.gap_width
        plot.overlap = -10 if len(s.series) > 1 else 0
    if s.chart_type == "doughnut":
        hole = plot._element.find(qn("c:holeSize"))
        if hole is not None:
            hole.set("val", "55")
    for i, series in enumerate(plot.series):
        _chart_series(series, s.series[i], s)
    if s.labels:
        fmt = s.number_format + (f'"{s.unit}"' if s.unit else "")
        if s.chart_type in ("pie", "doughnut"):
            labels = plot.data_labels
            _label_font(labels, s.label_size, s.text_color, fmt)
            labels.position = XL_LABEL_POSITION.BEST_FIT
        for i, series in enumerate(plot.series):
            if s.chart_type in ("pie", "doughnut"):
                break
            # each series its own labels: grey series get quiet labels
            if s.chart_type in ("column", "bar"):
                _bar_labels(series._element, s.label_size, s.series[i].label_color, fmt)
            else:
                labels = series.data_labels
                labels.show_value = True
                _label_font(labels, s.label_size, s.series[i].label_color, fmt)
                labels.position = XL_LABEL_POSITION.ABOVE
                for j in s.series[i].labels_below:
                    _point_label_below(series.points[j], s.label_size, s.series[i].label_color, fmt)
    if s.chart_type not in ("pie", "doughnut"):
        _chart_axes(chart, s)
    _positive_axis_ids(chart)
    return frame


def _chart_series(series, ser: ir.ChartSeries, s: ir.ChartShape) -> None:  # type: ignore[no-untyped-def]
    """Colour one series: lines and markers, pie slices, or bars (per category if asked)."""
    color = ser.color
    if s.chart_type == "line":
        series.format.line.color.rgb = _rgb(color)
        # the series the slide is about is the heavier line
        series.format.line.width = PPt(2.75 if ser.emphasis else 1.75)
        series.smooth = False
        series.marker.style = XL_MARKER_STYLE.CIRCLE  # one marker shape for every series
        series.marker.size = 7 if ser.emphasis else 5
        series.marker.format.fill.solid()
        series.marker.format.fill.fore_color.rgb = _rgb(color)
        series.marker.format.line.color.rgb = _rgb(color)
    elif s.chart_type in ("pie", "doughnut"):
        for j, pc in enumerate(s.point_colors):
            point = series.points[j]
            point.format.fill.solid()
            point.format.fill.fore_color.rgb = _rgb(pc)
            point.format.line.color.rgb = _rgb("FFFFFF")
    else:
        # A new bar series has idx, order, tx, cat and val only: its fill, invertIfNegative
        # and per-point fills are written as python-pptx's setters would add them.
        el = series._element
        _solid_in(_ser_child(el, "spPr"), color)
        _ser_child(el, "invertIfNegative").set("val", "0")
        for j, pc in enumerate(ser.point_colors):
            if pc != color:
                dpt = _ser_child(el, "dPt", new=True)
                etree.SubElement(dpt, f"{_CQ}idx", val=str(j))
                _solid_in(etree.SubElement(dpt, f"{_CQ}spPr"), pc)


#: The children of ``c:ser`` in schema order (python-pptx's CT_SeriesBase).
_SER_ORDER = tuple(
    f"{_CQ}{tag}"
    for tag in [
        "idx",
        "order",
        "tx",
        "spPr",
        "invertIfNegative",
        "pictureOptions",
        "marker",
        "explosion",
        "dPt",
        "dLbls",
        "trendline",
        "errBars",
        "cat",
        "val",
        "xVal",
        "yVal",
        "shape",
        "smooth",
        "bubbleSize",
        "bubble3D",
        "extLst",
    ]
)


def _ser_child(ser: etree._Element, tag: str, new: bool = False) -> etree._Element:
    """Return the series' child ``tag`` (a new one when it has none, or when ``new``),
    placed in schema order after any siblings of the same tag."""
    name = f"{_CQ}{tag}"
    if not new:
        child = ser.find(name)
        if child is not None:
            return child
    child = etree.SubElement(ser, name)
    later = set(_SER_ORDER[_SER_ORDER.index(name) + 1 :])
    for sibling in ser:
        if sibling.tag in later:
            sibling.addprevious(child)
            break
    return child


def _solid_in(parent: etree._Element, color: str) -> None:
    """Give ``parent`` (an empty ``c:spPr`` or ``a:defRPr``) a solid fill of ``color``."""
    fill = etree.SubElement(parent, f"{_A}solidFill")
    etree.SubElement(fill, f"{_A}srgbClr", val=str(_rgb(color)))


def _bar_labels(ser: etree._Element, size: float, color: str, fmt: str) -> None:
    """Give the bar series ``ser`` (which has no ``c:dLbls``) value labels outside the
    bars' ends, in ``size`` points and ``color`` with number format ``fmt``: the
    ``c:dLbls`` python-pptx's data-label setters would build."""
    dlbls = _ser_child(ser, "dLbls")
    etree.SubElement(dlbls, f"{_CQ}numFmt", formatCode=fmt, sourceLinked="0")
    txpr = etree.SubElement(dlbls, f"{_CQ}txPr")
    # a label is one number: see _label_font
    etree.SubElement(txpr, f"{_A}bodyPr", wrap="none")
    etree.SubElement(txpr, f"{_A}lstStyle")
    ppr = etree.SubElement(etree.SubElement(txpr, f"{_A}p"), f"{_A}pPr")
    rpr = etree.SubElement(ppr, f"{_A}defRPr", sz=str(PPt(size).centipoints))
    _solid_in(rpr, color)
    etree.SubElement(dlbls, f"{_CQ}dLblPos", val="outEnd")
    for tag, val in _SHOW_VALUE:
        etree.SubElement(dlbls, f"{_CQ}{tag}", val=val)


#: A new ``c:dLbls``'s flags (python-pptx's CT_DLbls.new_dLbls) with the value shown.
_SHOW_VALUE = (
    ("showLegendKey", "0"),
    ("showVal", "1"),
    ("showCatName", "0"),
    ("showSerName", "0"),
    ("showPercent", "0"),
    ("showBubbleSize", "0"),
    ("showLeaderLines", "1"),
)


def _label_font(labels, size: float, color: str, fmt: str) -> None:  # type: ignore[no-untyped-def]
    """Set data labels' size, colour and number format (not linked to the workbook)."""
    labels.font.size = PPt(size)
    labels.font.color.rgb = _rgb(color)
    labels.number_format = fmt
    labels.number_format_is_linked = False
    # A label is one number: renderers that wrap labels to a width of their own choosing
    # (LibreOffice, in a short chart) would break "1,022,362" over two lines.
    body = labels._element.find(f"{qn('c:txPr')}/{qn('a:bodyPr')}")
    if body is not None:
        body.set("wrap", "none")


def _point_label_below(point, size: float, color: str, fmt: str) -> None:  # type: ignore[no-untyped-def]
    """Label one point below it, in the series' label font and number format."""
    label = point.data_label
    label.position = XL_LABEL_POSITION.BELOW
    label.font.size = PPt(size)
    label.font.color.rgb = _rgb(color)
    dlbl = label._dLbl
    # a point's label does not inherit the series' number format: give it its own
    num = etree.SubElement(dlbl, f"{_CQ}numFmt", formatCode=fmt, sourceLinked="0")
    dlbl.find(f"{_CQ}spPr").addprevious(num)


def _chart_axes(chart, s: ir.ChartShape) -> None:  # type: ignore[no-untyped-def]
    """Axes without junk: no tick marks, a light baseline, and the value axis only when
    the bars do not carry their values (then with light gridlines and no line)."""
    cat, val = chart.category_axis, chart.value_axis
    if s.chart_type == "bar":
        # horizontal bars: first category (and first series) on top, as read
        cat.reverse_order = True
    cat_ax, val_ax = cat._element, val._element
    size = str(PPt(s.font_size).centipoints)
    # The elements python-pptx's setters would add to a new chart's axes (which have no
    # c:spPr or c:txPr yet), written directly in schema order: each setter looks up and
    # inserts its element on its own, several times the work.
    for axis, color in ((cat_ax, s.text_color), (val_ax, s.quiet_color)):
        tail = ("tickLblPos", "spPr", "txPr", "crossAx")
        _sub_c(axis, "majorTickMark", "minorTickMark", *tail).set("val", "none")
        _sub_c(axis, "minorTickMark", *tail).set("val", "none")
        _tx_pr(axis, size, str(_rgb(color)))
    ln = etree.SubElement(_sub_c(cat_ax, "spPr", "txPr"), f"{_A}ln")
    fill = etree.SubElement(ln, f"{_A}solidFill")
    etree.SubElement(fill, f"{_A}srgbClr", val=str(_rgb(s.axis_color)))
    ln = etree.SubElement(_sub_c(val_ax, "spPr", "txPr"), f"{_A}ln")
    etree.SubElement(ln, f"{_A}noFill")
    if s.axis_min is not None:
        val.minimum_scale = s.axis_min
    if s.axis_max is not None:
        val.maximum_scale = s.axis_max
    num = _sub_c(val_ax, "numFmt", "majorTickMark")
    for key in list(num.attrib):
        del num.attrib[key]
    num.set("formatCode", s.number_format if s.number_format != "General" else "0")
    num.set("sourceLinked", "0")
    if s.labels and s.chart_type in ("column", "bar"):
        # every bar carries its value: the value axis and gridlines are clutter
        val.visible = False
        val.has_major_gridlines = False
    else:
        val.has_major_gridlines = True
        val.major_gridlines.format.line.color.rgb = _rgb(s.grid_color)


def _sub_c(parent: etree._Element, tag: str, *before: str) -> etree._Element:
    """Return ``parent``'s child ``tag``; when it has none, a new one in front of the
    first of ``before`` (its successors, nearest first) that ``parent`` has."""
    child = parent.find(f"{_CQ}{tag}")
    if child is not None:
        return child
    child = etree.SubElement(parent, f"{_CQ}{tag}")
    for b in before:
        anchor = parent.find(f"{_CQ}{b}")
        if anchor is not None:
            anchor.addprevious(child)
            break
    return child


def _tx_pr(axis: etree._Element, size: str, color: str) -> None:
    """Give ``axis`` (which has no ``c:txPr``) tick labels of ``size`` centipoints in
    ``color``: the ``c:txPr`` python-pptx's font setters would add."""
    txpr = _sub_c(axis, "txPr", "crossAx")
    etree.SubElement(txpr, f"{_A}bodyPr")
    etree.SubElement(txpr, f"{_A}lstStyle")
    ppr = etree.SubElement(etree.SubElement(txpr, f"{_A}p"), f"{_A}pPr")
    rpr = etree.SubElement(ppr, f"{_A}defRPr", sz=size)
    etree.SubElement(etree.SubElement(rpr, f"{_A}solidFill"), f"{_A}srgbClr", val=color)


def _positive_axis_ids(chart) -> None:  # type: ignore[no-untyped-def]
    """Renumber the chart's axis ids as positive integers (the schema's unsignedInt)."""
    space = chart._chartSpace
    mapping: dict[str, str] = {}
    for el in space.iter(qn("c:axId"), qn("c:crossAx")):
        val = el.get("val")
        if val not in mapping:
            mapping[val] = str(100_000 + len(mapping) + 1)
        el.set("val", mapping[val])


# --- tables ------------------------------------------------------------------------------


def _table(slide, s: ir.TableShape, lang: str, stamps: Stamps):  # type: ignore[no-untyped-def]
    nrows, ncols = len(s.rows), len(s.col_widths)
    frame = slide.shapes.add_table(
        nrows, ncols, PEmu(s.box.x), PEmu(s.box.y), PEmu(s.box.w), PEmu(s.box.h)
    )
    frame.name = s.name
    table = frame.table
    tbl_pr = table._tbl.tblPr
    tbl_pr.set("firstRow", "1")
    tbl_pr.set("bandRow", "0")
    style_id = tbl_pr.find(qn("a:tableStyleId"))
    if style_id is not None:
        style_id.text = _NO_STYLE_TABLE
    for j, w in enumerate(s.col_widths):
        table.columns[j].width = PEmu(w)
    for i, h in enumerate(s.row_heights):
        table.rows[i].height = PEmu(h)
    for i, row in enumerate(s.rows):
        for j, cell_ir in enumerate(row):
            cell = table.cell(i, j)
            frame_ir = cell_ir.text
            cell.margin_left, cell.margin_right = PEmu(frame_ir.inset_l), PEmu(frame_ir.inset_r)
            cell.margin_top, cell.margin_bottom = PEmu(frame_ir.inset_t), PEmu(frame_ir.inset_b)
            tc = cell._tc
            _paragraphs(tc.get_or_add_txBody(), frame_ir.paragraphs, frame, lang, stamps)
            tcpr = tc.get_or_add_tcPr()
            tcpr.set("anchor", frame_ir.anchor)
            for child in list(tcpr):
                tcpr.remove(child)
            # border lines come before the fill in tcPr
            for side in ("lnL", "lnR", "lnT", "lnB"):
                ln = _sub(tcpr, side, w=str(int(s.border_width)))
                if side == "lnB":
                    ln.append(_solid(s.border))
                else:
                    _sub(ln, "noFill")
            if cell_ir.fill:
                tcpr.append(_solid(cell_ir.fill))
            else:
                _sub(tcpr, "noFill")
    return frame


# --- pictures and equations -------------------------------------------------------------


def _picture(slide, s: ir.PictureShape):  # type: ignore[no-untyped-def]
    pic = slide.shapes.add_picture(
        io.BytesIO(s.data), PEmu(s.box.x), PEmu(s.box.y), PEmu(s.box.w), PEmu(s.box.h)
    )
    pic.name = s.name
    pic.crop_left, pic.crop_top, pic.crop_right, pic.crop_bottom = (
        s.crop_l,
        s.crop_t,
        s.crop_r,
        s.crop_b,
    )
    return pic


_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_A14 = "http://schemas.microsoft.com/office/drawing/2010/main"
_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _equation(slide, s: ir.EquationShape, lang: str) -> None:  # type: ignore[no-untyped-def]
    """Write the equation the way PowerPoint does: an ``mc:AlternateContent`` whose Choice is
    a text box holding ``a14:m`` (native, editable OMML) and whose Fallback is a picture of
    the equation's plain-text rendering for readers without equation support."""
    from deckgen.equations import add_run_properties

    tree = slide.shapes._spTree
    shape_id = max((int(i) for i in tree.xpath("//p:cNvPr/@id")), default=1) + 1
    alt = etree.Element(f"{{{_MC}}}AlternateContent", nsmap={"mc": _MC})
    choice = etree.SubElement(alt, f"{{{_MC}}}Choice", nsmap={"a14": _A14})
    choice.set("Requires", "a14")
    sp = _box_sp(shape_id, s)
    txbody = etree.SubElement(sp, f"{{{_P}}}txBody")
    _sub(
        txbody,
        "bodyPr",
        wrap="none",  # an equation never wraps: it is centred on its box, as laid out
        lIns="0",
        tIns="0",
        rIns="0",
        bIns="0",
        anchor="ctr",
        rtlCol="0",
    )
    _sub(txbody, "lstStyle")
    para = _sub(txbody, "p")
    _sub(para, "pPr", algn="ctr")
    m = etree.SubElement(para, f"{{{_A14}}}m")
    math = etree.fromstring(s.omml)
    rpr = _a("rPr", lang=lang, sz=str(round(s.size * 100)), i="1", dirty="0")
    rpr.append(_solid(s.color))
    _sub(rpr, "latin", typeface=s.font)
    _sub(rpr, "cs", typeface=s.font)
    m.append(_upright_runs(add_run_properties(math, rpr), s.text_font))
    choice.append(sp)
    fallback = etree.SubElement(alt, f"{{{_MC}}}Fallback")
    fallback.append(_fallback_shape(slide, shape_id, s))
    tree.append(alt)


def _upright_runs(math: etree._Element, text_font: str) -> etree._Element:
    """Return ``math`` with its upright runs' DrawingML properties made to agree: a run
    styled plain (``m:sty p``: \\mathrm, \\operatorname) is not italic, and normal text
    (``m:nor``: \\text) is set in the body's font, as the same words are in the bullets."""
    from deckgen.equations import M_NS

    m = f"{{{M_NS}}}"
    for run in math.iter(f"{m}r"):
        sty = run.find(f"{m}rPr/{m}sty")
        normal = run.find(f"{m}rPr/{m}nor") is not None
        rpr = run.find(qn("a:rPr"))
        if rpr is None or not (normal or (sty is not None and sty.get(f"{m}val") == "p")):
            continue
        rpr.set("i", "0")
        if normal:
            for tag in ("a:latin", "a:cs"):
                font = rpr.find(qn(tag))
                if font is not None:
                    font.set("typeface", text_font)
    return math


def _box_sp(shape_id: int, s: ir.EquationShape) -> etree._Element:
    sp = etree.Element(f"{{{_P}}}sp")
    nv = etree.SubElement(sp, f"{{{_P}}}nvSpPr")
    c = etree.SubElement(nv, f"{{{_P}}}cNvPr", id=str(shape_id), name=s.name, descr=s.alt or "")
    del c
    etree.SubElement(etree.SubElement(nv, f"{{{_P}}}cNvSpPr"), f"{{{A}}}spLocks", noGrp="1")
    etree.SubElement(nv, f"{{{_P}}}nvPr")
    sppr = etree.SubElement(sp, f"{{{_P}}}spPr")
    xfrm = _sub(sppr, "xfrm")
    _sub(xfrm, "off", x=str(s.box.x), y=str(s.box.y))
    _sub(xfrm, "ext", cx=str(s.box.w), cy=str(s.box.h))
    geom = _sub(sppr, "prstGeom", prst="rect")
    _sub(geom, "avLst")
    _sub(sppr, "noFill")
    return sp


def _fallback_shape(slide, shape_id: int, s: ir.EquationShape) -> etree._Element:  # type: ignore[no-untyped-def]
    """Return the equation's fallback as PowerPoint writes it: a locked text box whose fill
    is a picture of the equation, holding the equation's LaTeX in an invisible run (so
    readers without equation support show the picture and text tools still find it)."""
    from PIL import Image, ImageDraw, ImageFont

    # Rendered at 2x the slide size for sharpness; Pillow's bundled font keeps it the
    # same on every machine (no installed fonts are used).
    px = max(8, round(s.size * 2 * 96 / 72))
    font = ImageFont.load_default(size=px)
    width = max(1, round(to_inches(s.box.w) * 192))
    height = max(1, round(to_inches(s.box.h) * 192))
    img = Image.new("RGBA", (width, height), (255, 255, 255, 0))
    draw = ImageDraw.Draw(img)
    left, top, right, bottom = draw.textbbox((0, 0), s.plain, font=font)
    # The linear text is wider than the typeset equation whose box this is: shrink it
    # until it fits, rather than cut it off at the picture's edges.
    while right - left > width and px > 8:
        px = max(8, px * width // (right - left))
        font = ImageFont.load_default(size=px)
        left, top, right, bottom = draw.textbbox((0, 0), s.plain, font=font)
    x = max(0, (width - (right - left)) // 2 - left)
    y = max(0, (height - (bottom - top)) // 2 - top)
    draw.text((x, y), s.plain, font=font, fill="#" + s.color)
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=False)
    _, rid = slide.part.get_or_add_image_part(io.BytesIO(buf.getvalue()))
    sp = etree.Element(f"{{{_P}}}sp")
    nv = etree.SubElement(sp, f"{{{_P}}}nvSpPr")
    etree.SubElement(nv, f"{{{_P}}}cNvPr", id=str(shape_id), name=s.name, descr=s.alt or "")
    etree.SubElement(
        etree.SubElement(nv, f"{{{_P}}}cNvSpPr", txBox="1"),
        f"{{{A}}}spLocks",
        noRot="1",
        noChangeAspect="1",
        noMove="1",
        noResize="1",
        noEditPoints="1",
        noAdjustHandles="1",
        noChangeArrowheads="1",
        noChangeShapeType="1",
        noTextEdit="1",
    )
    etree.SubElement(nv, f"{{{_P}}}nvPr")
    sppr = etree.SubElement(sp, f"{{{_P}}}spPr")
    xfrm = _sub(sppr, "xfrm")
    _sub(xfrm, "off", x=str(s.box.x), y=str(s.box.y))
    _sub(xfrm, "ext", cx=str(s.box.w), cy=str(s.box.h))
    geom = _sub(sppr, "prstGeom", prst="rect")
    _sub(geom, "avLst")
    fill = _sub(sppr, "blipFill")
    blip = _sub(fill, "blip")
    blip.set(f"{{{_R}}}embed", rid)
    _sub(_sub(fill, "stretch"), "fillRect")
    body = etree.SubElement(sp, f"{{{_P}}}txBody")
    _sub(body, "bodyPr", wrap="square", lIns="0", tIns="0", rIns="0", bIns="0", rtlCol="0")
    _sub(body, "lstStyle")
    para = _sub(body, "p")
    run = _sub(para, "r")
    rpr = _sub(run, "rPr", lang="en-US", dirty="0")
    _sub(rpr, "noFill")  # the picture shows the equation; the LaTeX is for text tools
    _sub(run, "t").text = _xml_safe(s.latex or s.plain)
    return sp
