"""Package structure as PowerPoint writes it, and accessibility by construction: slide
size, app.xml, thumbnail, sections, footer fields, reading order, decorative shapes,
diagram groups, titles."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from PIL import Image

from helpers import NS, build_bytes, part

NS_ALL = {
    **NS,
    "p14": "http://schemas.microsoft.com/office/powerpoint/2010/main",
    "ep": "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
    "vt": "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
    "adec": "http://schemas.microsoft.com/office/drawing/2017/decorative",
}

DECK = """
title: Structure
short_title: Structure test
date: 2024-12-19
slides:
  - layout: title
  - layout: bullets
    title: Overview
    notes: First notes.
    bullets:
      - {text: One point, icon: brain}
      - {text: Another point, icon: database}
  - layout: section
    number: "01"
    title: Pre-training
  - layout: bullets
    title: Pipeline
    hidden: true
    notes: Second notes.
    bullets: [Three stages]
    diagram:
      kind: flow
      nodes: [SFT, DPO, GRPO]
  - layout: section
    title: Results
  - layout: quote
    quote: Smaller models trained longer can beat larger ones.
    attribution: Touvron et al.
  - layout: statement
    statement: 72B ≈ 405B
"""


def _tree(data: bytes, n: int):  # type: ignore[no-untyped-def]
    return part(data, f"ppt/slides/slide{n}.xml").find("p:cSld/p:spTree", NS)


def _names(tree) -> list[str]:  # type: ignore[no-untyped-def]
    return [el.find(".//p:cNvPr", NS).get("name") for el in tree[2:]]


def test_app_xml_counts_slides_notes_and_lists_titles(tmp_path: Path) -> None:
    app = part(build_bytes(tmp_path, DECK), "docProps/app.xml")
    value = {el.tag.split("}")[1]: el.text for el in app if len(el) == 0}
    assert value["Slides"] == "7"
    assert value["Notes"] == "2"
    assert value["HiddenSlides"] == "1"
    assert value["PresentationFormat"] == "Widescreen"
    titles = app.xpath("ep:TitlesOfParts/vt:vector/vt:lpstr/text()", namespaces=NS_ALL)
    assert titles == [
        "Arial",
        "Office Theme",
        "Structure",
        "Overview",
        "Pre-training",
        "Pipeline",
        "Results",
        "Smaller models trained longer can beat larger ones. — Touvron et al.",
        "72B ≈ 405B",
    ]
    pairs = app.xpath("ep:HeadingPairs/vt:vector/vt:variant/*/text()", namespaces=NS_ALL)
    assert pairs == ["Fonts Used", "1", "Theme", "1", "Slide Titles", "7"]


def test_thumbnail_is_the_first_slide_not_a_blank_page(tmp_path: Path) -> None:
    data = build_bytes(tmp_path, DECK)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        img = Image.open(io.BytesIO(z.read("docProps/thumbnail.jpeg")))
        img.load()
    assert img.size == (256, 144)  # 16:9, as wide as PowerPoint's own
    # the title slide's side panel and dark title text are drawn, not a white page
    colours = img.convert("L").getextrema()
    assert colours[0] < 100 and colours[1] > 240


def test_sections_follow_the_section_slides(tmp_path: Path) -> None:
    data = build_bytes(tmp_path, DECK)
    pres = part(data, "ppt/presentation.xml")
    ids = pres.xpath("p:sldIdLst/p:sldId/@id", namespaces=NS_ALL)
    (ext,) = pres.xpath("p:extLst/p:ext", namespaces=NS_ALL)
    assert ext.get("uri") == "{521415D9-36F7-43E2-AB2F-B90AF26B5E84}"
    sections = [
        (s.get("name"), s.xpath("p14:sldIdLst/p14:sldId/@id", namespaces=NS_ALL))
        for s in ext.xpath("p14:sectionLst/p14:section", namespaces=NS_ALL)
    ]
    assert sections == [
        ("Default Section", ids[0:2]),
        ("Pre-training", ids[2:4]),
        ("Results", ids[4:7]),
    ]


def test_footer_and_slide_number_are_placeholders_with_a_live_field(tmp_path: Path) -> None:
    tree = _tree(build_bytes(tmp_path, DECK), 2)
    ftr, num = tree[-2], tree[-1]
    assert ftr.find(".//p:ph", NS).attrib == {"type": "ftr", "sz": "quarter", "idx": "11"}
    assert num.find(".//p:ph", NS).attrib == {"type": "sldNum", "sz": "quarter", "idx": "12"}
    assert "".join(ftr.itertext()) == "Structure test"
    (field,) = num.findall(".//a:fld", NS)
    assert field.get("type") == "slidenum" and field.findtext("a:t", namespaces=NS) == "2"


def test_reading_order_puts_the_title_first_and_the_footer_last(tmp_path: Path) -> None:
    tree = _tree(build_bytes(tmp_path, DECK), 2)
    # Two icon bullets are laid out as two cards: each card's panel, accent and icon (all
    # decorative, skipped by screen readers), then the cards' texts left to right.
    assert _names(tree) == [
        "Title",
        "Title rule",
        "Card 1",
        "Card 1 accent",
        "Icon: brain",
        "Card 2",
        "Card 2 accent",
        "Icon: database",
        "Card 1 text",
        "Card 2 text",
        "Footer",
        "Slide number",
    ]
    assert tree[2].find(".//p:ph", NS).get("type") == "title"


def test_icons_rules_bands_and_connectors_are_decorative(tmp_path: Path) -> None:
    data = build_bytes(tmp_path, DECK)
    flagged = {
        c.get("name")
        for n in (2, 3, 4)
        for c in _tree(data, n).iter(f"{{{NS['p']}}}cNvPr")
        if c.xpath("a:extLst/a:ext/adec:decorative[@val='1']", namespaces=NS_ALL)
    }
    assert flagged == {
        "Title rule",
        "Icon: brain",
        "Icon: database",
        "Card 1",
        "Card 1 accent",
        "Card 2",
        "Card 2 accent",
        "Band",
        "Connector",
    }


def test_a_diagram_is_one_group_whose_alt_text_states_its_structure(tmp_path: Path) -> None:
    tree = _tree(build_bytes(tmp_path, DECK), 4)
    (group,) = tree.findall("p:grpSp", NS)
    c_nv_pr = group.find("p:nvGrpSpPr/p:cNvPr", NS)
    assert (c_nv_pr.get("name"), c_nv_pr.get("descr")) == ("Diagram", "Flow: SFT → DPO → GRPO")
    members = [el.find(".//p:cNvPr", NS).get("name") for el in group[2:]]
    assert members == [
        "Node: SFT",
        "Node: DPO",
        "Node: GRPO",
        "Connector",
        "Connector",
    ]
    # the connectors stay glued to the nodes inside the group
    node_ids = {el.find(".//p:cNvPr", NS).get("id") for el in group.findall("p:sp", NS)}
    glued = set(group.xpath(".//a:stCxn/@id | .//a:endCxn/@id", namespaces=NS))
    assert glued <= node_ids and len(glued) == 3


def test_untitled_quote_and_statement_slides_are_titled_by_their_text(tmp_path: Path) -> None:
    data = build_bytes(tmp_path, DECK)
    for n, text in ((6, "Smaller models trained longer"), (7, "72B ≈ 405B")):
        title = _tree(data, n)[2]
        assert title.find(".//p:ph", NS).get("type") == "title"
        assert "".join(title.itertext()).startswith(text)


def test_continuation_slides_are_numbered_so_titles_stay_unique(tmp_path: Path) -> None:
    bullets = "\n".join(
        f"      - Point number {i} with a few more words to fill" for i in range(40)
    )
    deck = f"""
title: Long
overflow: continue
slides:
  - layout: bullets
    title: Many points
    bullets:
{bullets}
"""
    data = build_bytes(tmp_path, deck)
    app = part(data, "docProps/app.xml")
    titles = app.xpath("ep:TitlesOfParts/vt:vector/vt:lpstr/text()", namespaces=NS_ALL)[2:]
    assert titles[:3] == ["Many points", "Many points (cont.)", "Many points (cont. 2)"]
    assert len(set(titles)) == len(titles)


def test_an_svg_drawing_keeps_its_alt_text_and_is_not_decorative() -> None:
    from deckgen.build import compile_deck, render_bytes
    from helpers import ROOT, TOOLS

    res = compile_deck(ROOT / "examples" / "images.yaml", TOOLS)
    assert res.presentation is not None
    tree = _tree(render_bytes(res.presentation), 3)
    (drawing,) = [
        c for c in tree.iter(f"{{{NS['p']}}}cNvPr") if c.get("name").startswith("Drawing:")
    ]
    assert drawing.get("descr") == "Three stacked blocks of a decoder layer"
    assert drawing.find("a:extLst", NS) is None


def test_links_keep_the_colour_layout_chose(tmp_path: Path) -> None:
    deck = (
        "title: L\nslides:\n  - layout: bullets\n    title: Links\n"
        "    bullets: ['[the report](https://arxiv.org/abs/2412.15115)']\n"
    )
    tree = _tree(build_bytes(tmp_path, deck), 1)
    (link,) = tree.iter(f"{{{NS['a']}}}hlinkClick")
    (ext,) = link.findall("a:extLst/a:ext", NS)
    assert ext.get("uri") == "{A12FA001-AC4F-418D-AE19-62706E023703}"
    colour = ext[0]
    assert colour.tag == "{http://schemas.microsoft.com/office/drawing/2018/hyperlinkcolor}hlinkClr"
    assert colour.get("val") == "tx"
