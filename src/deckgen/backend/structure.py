"""Package structure the way PowerPoint writes it: the slide size, ``docProps/app.xml``,
sections in ``presentation.xml`` and the first slide's thumbnail.

Each function reads the IR and rewrites one part of a python-pptx package; none of them
decides where anything goes on a slide.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any
from xml.sax.saxutils import escape

from lxml import etree

from deckgen import ir
from deckgen.slide_sizes import presentation_format, size_type
from deckgen.units import pt

P = "http://schemas.openxmlformats.org/presentationml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P14 = "http://schemas.microsoft.com/office/powerpoint/2010/main"
#: The extension URI under which PowerPoint 2010+ stores sections.
SECTIONS_URI = "{521415D9-36F7-43E2-AB2F-B90AF26B5E84}"
#: What PowerPoint calls the section holding the slides before the first named one.
DEFAULT_SECTION = "Default Section"


def slide_size(presentation: etree._Element, width: int, height: int) -> None:
    """Set ``p:sldSz`` to the IR's size, typed only when it is one of PowerPoint's presets
    (a 16:9 deck labelled ``screen4x3`` misleads other readers); returns nothing."""
    size = presentation.find(f"{{{P}}}sldSz")
    assert size is not None  # every presentation part python-pptx opens has one
    size.set("cx", str(width))
    size.set("cy", str(height))
    kind = size_type(width, height)
    if kind is None:
        size.attrib.pop("type", None)
    else:
        size.set("type", kind)


# --- sections ----------------------------------------------------------------------------


def slide_title(slide: ir.Slide) -> str:
    """Return the plain text of the slide's title shape ("" without one), as a reader
    would type it: without the no-break spaces and word joiners layout adds to keep a last
    word or a name together (app.xml's titles and section names are read, not drawn)."""
    for shape in slide.shapes:
        if isinstance(shape, ir.TextShape) and shape.role == "title" and shape.text:
            text = " ".join("".join(r.text for r in para.runs) for para in shape.text.paragraphs)
            return text.replace("\u00a0", " ").replace("\u2060", "").strip()
    return ""


def section_names(slides: tuple[ir.Slide, ...]) -> list[tuple[str, list[int]]]:
    """Return the deck's sections as (name, slide indices): one per ``section`` slide,
    named by its title, and a default section for the slides before the first one."""
    sections: list[tuple[str, list[int]]] = []
    for i, slide in enumerate(slides):
        if slide.layout == "section":
            sections.append((slide_title(slide) or f"Section {len(sections) + 1}", [i]))
        elif sections:
            sections[-1][1].append(i)
        else:
            sections.append((DEFAULT_SECTION, [i]))
    if len(sections) == 1 and sections[0][0] == DEFAULT_SECTION:
        return []  # a deck without section slides has no sections, as in PowerPoint
    return sections


def sections(presentation: etree._Element, slides: tuple[ir.Slide, ...]) -> None:
    """Write ``p14:sectionLst`` into the presentation's ``p:extLst`` (first, as PowerPoint
    does), with ids derived from the names so the bytes stay deterministic; returns nothing."""
    groups = section_names(slides)
    if not groups:
        return
    ids = [el.get("id") for el in presentation.iterfind(f"{{{P}}}sldIdLst/{{{P}}}sldId")]
    ext_lst = presentation.find(f"{{{P}}}extLst")
    if ext_lst is None:
        ext_lst = etree.SubElement(presentation, f"{{{P}}}extLst")
    ext = etree.Element(f"{{{P}}}ext", uri=SECTIONS_URI)
    ext_lst.insert(0, ext)
    lst = etree.SubElement(ext, f"{{{P14}}}sectionLst", nsmap={"p14": P14})
    for n, (name, members) in enumerate(groups):
        guid = uuid.uuid5(uuid.NAMESPACE_URL, f"deckgen-section/{n}/{name}")
        section = etree.SubElement(lst, f"{{{P14}}}section", name=name, id=f"{{{guid}}}".upper())
        sld_ids = etree.SubElement(section, f"{{{P14}}}sldIdLst")
        for i in members:
            etree.SubElement(sld_ids, f"{{{P14}}}sldId", id=str(ids[i]))


# --- docProps/app.xml --------------------------------------------------------------------


def _frames(shape: ir.AnyShape) -> list[ir.TextFrame]:
    """Return the text frames a shape holds: its own, or a table's cells; else none."""
    if isinstance(shape, ir.TextShape) and shape.text:
        return [shape.text]
    if isinstance(shape, ir.TableShape):
        return [cell.text for row in shape.rows for cell in row]
    return []


def _texts(slide: ir.Slide) -> Iterator[str]:
    """Yield the text of every paragraph on the slide (tables included)."""
    for shape in slide.shapes:
        for frame in _frames(shape):
            for para in frame.paragraphs:
                yield "".join(r.text for r in para.runs)


def _fonts(pres: ir.Presentation) -> list[str]:
    """Return the font families the deck's text uses, in order of first use."""
    seen: dict[str, None] = {}
    for slide in pres.slides:
        for shape in slide.shapes:
            if isinstance(shape, ir.EquationShape | ir.ChartShape):
                seen.setdefault(shape.font)
            for frame in _frames(shape):
                for para in frame.paragraphs:
                    for run in para.runs:
                        seen.setdefault(run.font)
    return list(seen)


def app_xml(pres: ir.Presentation, themes: list[str]) -> bytes:
    """Return ``docProps/app.xml`` describing the deck: counts of slides, notes, hidden
    slides, words and paragraphs, the slide size's name, and the titles of its parts
    (fonts used, the themes of its masters, every slide title) as PowerPoint lists them."""
    paragraphs = [t for s in pres.slides for t in _texts(s) if t.strip()]
    words = sum(len(t.split()) for t in paragraphs)
    fonts = _fonts(pres)
    titles = [slide_title(s) for s in pres.slides]
    notes = sum(1 for s in pres.slides if s.notes)
    hidden = sum(1 for s in pres.slides if s.hidden)
    pairs = [("Fonts Used", len(fonts)), ("Theme", len(themes)), ("Slide Titles", len(titles))]
    parts = [*fonts, *themes, *titles]
    variant = "".join(
        f"<vt:variant><vt:lpstr>{escape(name)}</vt:lpstr></vt:variant>"
        f"<vt:variant><vt:i4>{count}</vt:i4></vt:variant>"
        for name, count in pairs
    )
    lpstr = "".join(f"<vt:lpstr>{escape(t)}</vt:lpstr>" for t in parts)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
        '2006/docPropsVTypes">'
        f"<TotalTime>0</TotalTime><Words>{words}</Words><Application>deckgen</Application>"
        f"<PresentationFormat>{presentation_format(pres.width, pres.height)}"
        f"</PresentationFormat><Paragraphs>{len(paragraphs)}</Paragraphs>"
        f"<Slides>{len(pres.slides)}</Slides><Notes>{notes}</Notes>"
        f"<HiddenSlides>{hidden}</HiddenSlides><MMClips>0</MMClips><ScaleCrop>false</ScaleCrop>"
        f'<HeadingPairs><vt:vector size="{2 * len(pairs)}" baseType="variant">{variant}'
        f'</vt:vector></HeadingPairs><TitlesOfParts><vt:vector size="{len(parts)}" '
        f'baseType="lpstr">{lpstr}</vt:vector></TitlesOfParts>'
        "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
        "<HyperlinksChanged>false</HyperlinksChanged></Properties>"
    ).encode()


# --- the thumbnail -----------------------------------------------------------------------

#: PowerPoint's thumbnails are 256 pixels wide.
THUMB_WIDTH = 256


def thumbnail(pres: ir.Presentation) -> bytes:
    """Return a JPEG of the first slide drawn from the IR: fills, outlines, lines, icons,
    pictures and text at their boxes (Pillow's bundled font, so every machine draws the
    same bytes). A deck without slides gets the empty background."""
    from PIL import Image, ImageDraw

    scale = THUMB_WIDTH / pres.width
    height = max(1, round(pres.height * scale))
    slide = pres.slides[0] if pres.slides else None
    img = Image.new("RGB", (THUMB_WIDTH, height), "#" + (slide.background if slide else "FFFFFF"))
    if slide is None:
        return _jpeg(img)
    draw = ImageDraw.Draw(img)
    fonts: dict[float, Any] = {}
    for shape in slide.shapes:
        _draw(img, draw, shape, scale, fonts)
    return _jpeg(img)


def _jpeg(img: Any) -> bytes:
    import io

    class Named(io.BytesIO):
        """A buffer with a .jpeg name: Pillow picks the format from the name and imports
        only its JPEG plugin, where ``format="JPEG"`` imports five plugins (~8 ms cold)."""

        name = "thumbnail.jpeg"

    buf = Named()
    img.save(buf, quality=85, optimize=False)
    return buf.getvalue()


def _xy(box: ir.Box, scale: float) -> tuple[float, float, float, float]:
    return (box.x * scale, box.y * scale, box.right * scale, box.bottom * scale)


def _draw(img: Any, draw: Any, shape: ir.AnyShape, scale: float, fonts: dict[float, Any]) -> None:
    """Draw one shape of the first slide onto the thumbnail."""
    x0, y0, x1, y1 = _xy(shape.box, scale)
    if isinstance(shape, ir.TextShape):
        if shape.fill or shape.line:
            width = max(1, round(shape.line_width * scale)) if shape.line else 0
            outline = "#" + shape.line if shape.line else None
            fill = "#" + shape.fill if shape.fill else None
            if shape.geometry == "ellipse":
                draw.ellipse((x0, y0, x1, y1), fill=fill, outline=outline, width=width)
            else:
                radius = shape.corner * min(x1 - x0, y1 - y0)
                draw.rounded_rectangle(
                    (x0, y0, x1, y1), radius=radius, fill=fill, outline=outline, width=width
                )
        if shape.text:
            _text(draw, shape.text, (x0, y0, x1, y1), scale, fonts)
    elif isinstance(shape, ir.LineShape | ir.ConnectorShape):
        width = max(1, round(shape.width * scale))
        if isinstance(shape, ir.LineShape) and shape.flip_v:
            draw.line((x0, y1, x1, y0), fill="#" + shape.color, width=width)
        else:
            draw.line((x0, y0, x1, y1), fill="#" + shape.color, width=width)
    elif isinstance(shape, ir.IconShape):
        sx = (x1 - x0) / shape.view_w
        sy = (y1 - y0) / shape.view_h
        for path in shape.paths:
            points: list[tuple[float, float]] = []
            for op, pts in path.ops:
                if op == "M" and len(points) > 1:
                    draw.line(points, fill="#" + shape.color, width=1)
                if op == "M":
                    points = []
                if pts:
                    px, py = pts[-1]
                    points.append((x0 + px * sx, y0 + py * sy))
            if len(points) > 1:
                draw.line(points, fill="#" + shape.color, width=1)
    elif isinstance(shape, ir.PictureShape) and shape.data:
        _picture(img, shape, (x0, y0, x1, y1))
    elif isinstance(shape, ir.TableShape):
        draw.rectangle((x0, y0, x1, y1), outline="#" + shape.border, width=1)
    elif isinstance(shape, ir.ChartShape) and shape.series:
        _chart(draw, shape, (x0, y0, x1, y1))


def _text(
    draw: Any, frame: ir.TextFrame, box: tuple[float, ...], scale: float, fonts: dict[float, Any]
) -> None:
    """Draw the frame's paragraphs, wrapped greedily at the box's width."""
    from PIL import ImageFont

    x0, y0, x1, y1 = box
    left = x0 + frame.inset_l * scale
    right = x1 - frame.inset_r * scale
    lines: list[tuple[str, Any, str, str, float]] = []
    for para in frame.paragraphs:
        if not para.runs:
            continue
        run = para.runs[0]
        px = pt(run.size) * scale
        key = round(max(1.0, px), 1)
        if key not in fonts:  # loading the bundled font costs ~1 ms a size
            fonts[key] = ImageFont.load_default(size=key)
        font = fonts[key]
        words = "".join(r.text for r in para.runs).split()
        indent = para.margin_left * scale
        line = ""
        for word in words:
            trial = f"{line} {word}".strip()
            if line and font.getlength(trial) > right - left - indent:
                lines.append((line, font, run.color, para.align, px * 1.2))
                line = word
            else:
                line = trial
        if line:
            lines.append((line, font, run.color, para.align, px * 1.2))
    total = sum(h for *_, h in lines)
    top = y0 + frame.inset_t * scale
    if frame.anchor == "ctr":
        top = (y0 + y1 - total) / 2
    elif frame.anchor == "b":
        top = y1 - frame.inset_b * scale - total
    for text, font, color, align, h in lines:
        width = font.getlength(text)
        x = {"l": left, "ctr": (left + right - width) / 2, "r": right - width}[align]
        draw.text((x, top), text, font=font, fill="#" + color)
        top += h


def _picture(img: Any, shape: ir.PictureShape, box: tuple[float, ...]) -> None:
    """Paste the picture, cropped as the IR says, into its box."""
    import io

    from PIL import Image

    x0, y0, x1, y1 = box
    w, h = max(1, round(x1 - x0)), max(1, round(y1 - y0))
    with Image.open(io.BytesIO(shape.data)) as pic:
        pic = pic.convert("RGB")
        cw, ch = pic.size
        crop = (
            round(cw * shape.crop_l),
            round(ch * shape.crop_t),
            max(round(cw * shape.crop_l) + 1, round(cw * (1 - shape.crop_r))),
            max(round(ch * shape.crop_t) + 1, round(ch * (1 - shape.crop_b))),
        )
        img.paste(pic.crop(crop).resize((w, h)), (round(x0), round(y0)))


def _chart(draw: Any, shape: ir.ChartShape, box: tuple[float, ...]) -> None:
    """Draw the first series as plain bars: enough to recognise the slide."""
    x0, y0, x1, y1 = box
    values = shape.series[0].values
    fill = "#" + shape.series[0].color
    top = max([*values, 1e-9])
    n = len(values)
    if shape.chart_type == "bar":
        step = (y1 - y0) / n
        for i, v in enumerate(values):
            length = max(0.0, v) / top * (x1 - x0)
            y = y0 + i * step
            draw.rectangle((x0, y + step * 0.2, x0 + length, y + step * 0.8), fill=fill)
        return
    step = (x1 - x0) / n
    for i, v in enumerate(values):
        length = max(0.0, v) / top * (y1 - y0)
        x = x0 + i * step
        draw.rectangle((x + step * 0.2, y1 - length, x + step * 0.8, y1), fill=fill)


def apply(prs: Any, pres: ir.Presentation) -> None:
    """Give the python-pptx presentation ``prs`` the structure of ``pres``: slide size,
    sections, app.xml and the thumbnail; returns nothing."""
    root = prs.part._element
    slide_size(root, pres.width, pres.height)
    sections(root, pres.slides)
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    themes = [
        etree.fromstring(m.part.part_related_by(RT.THEME).blob).get("name") or "Office Theme"
        for m in prs.slide_masters
    ]
    app_part = None
    for part in prs.part.package.iter_parts():
        if part.partname == "/docProps/app.xml":
            app_part = part
        elif part.partname == "/docProps/thumbnail.jpeg":
            part._blob = thumbnail(pres)
    if app_part is not None:  # a template saved without one stays without one
        app_part._blob = app_xml(pres, list(dict.fromkeys(themes)))
