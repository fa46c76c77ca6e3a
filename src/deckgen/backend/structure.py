"""Package structure the way PowerPoint writes it: the slide size, ``docProps/app.xml``,
sections in ``presentation.xml`` and the first slide's thumbnail (drawn by
:mod:`deckgen.backend.thumbnail`).

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
from deckgen.backend.thumbnail import thumbnail
from deckgen.slide_sizes import presentation_format, size_type

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
