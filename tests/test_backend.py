"""The pptx backend: what each IR shape becomes in the file's XML."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.opc.serialized import PackageWriter

from deckgen.backend import pptx_writer, render
from deckgen.write import normalize
from helpers import NS, TOOLS, build_bytes, compile_text, names, part

DECK = """
title: Backend
short_title: Backend test
authors: [A. Author]
subject: Tests
keywords: [x, y]
date: 2024-12-19
slides:
  - layout: bullets
    title: Bullets and links
    icon: brain
    notes: Read this aloud.
    bullets:
      - text: Plain **bold** *italic* `code` [link](https://example.org)
        bullets: [second level]
  - layout: bullets
    title: Flow
    hidden: true
    diagram:
      kind: flow
      nodes: [A, B, C]
  - layout: bullets
    title: Cycle
    diagram:
      kind: cycle
      nodes: [N, E, S, W]
  - layout: bullets
    title: Chart
    chart:
      kind: bar
      categories: [MBPP, MATH]
      series:
        - {name: Qwen, values: [88.2, 83.1]}
        - {name: Llama, values: [84.5, 73.8]}
  - layout: bullets
    title: Table
    table:
      columns: [Model, Score]
      rows: [[LLaMA-65B, "63.4"], [LLaMA-I, "68.9"]]
"""


def slide(data: bytes, n: int):  # type: ignore[no-untyped-def]
    return part(data, f"ppt/slides/slide{n}.xml")


def test_slides_are_16_by_9_with_a_real_title_placeholder(tmp_path: Path) -> None:
    prs = Presentation(io.BytesIO(build_bytes(tmp_path, DECK)))
    # PowerPoint's widescreen size exactly, with no 4:3 type label
    assert (prs.slide_width, prs.slide_height) == (12192000, 6858000)
    size = part(build_bytes(tmp_path, DECK), "ppt/presentation.xml").find("p:sldSz", NS)
    assert size.attrib == {"cx": "12192000", "cy": "6858000"}
    assert prs.slides[0].shapes.title.text == "Bullets and links"


def test_every_run_carries_font_size_and_colour(tmp_path: Path) -> None:
    root = slide(build_bytes(tmp_path, DECK), 1)
    runs = root.findall(".//a:r", NS)
    assert runs
    for r in runs:
        rpr = r.find("a:rPr", NS)
        assert rpr is not None and rpr.get("sz")
        assert rpr.find("a:solidFill/a:srgbClr", NS) is not None
        assert rpr.find("a:latin", NS).get("typeface") in {"Arial", "Courier New"}


def test_inline_markup_becomes_run_properties(tmp_path: Path) -> None:
    root = slide(build_bytes(tmp_path, DECK), 1)
    runs = {
        r.findtext("a:t", namespaces=NS): r.find("a:rPr", NS) for r in root.iter(f"{{{NS['a']}}}r")
    }
    assert runs["bold"].get("b") == "1"
    assert runs["italic"].get("i") == "1"
    assert runs["code"].find("a:latin", NS).get("typeface") == "Courier New"
    assert runs["link"].find("a:hlinkClick", NS) is not None


def test_bullets_hang_and_the_second_level_is_indented(tmp_path: Path) -> None:
    root = slide(build_bytes(tmp_path, DECK), 1)
    body = next(
        sp
        for sp in root.iter(f"{{{NS['p']}}}sp")
        if sp.find(".//p:cNvPr", NS).get("name") == "Bullets"
    )
    p1, p2 = body.findall(".//a:p", NS)
    ppr1, ppr2 = p1.find("a:pPr", NS), p2.find("a:pPr", NS)
    assert ppr1.find("a:buChar", NS).get("char") == "•"
    assert int(ppr1.get("indent")) == -int(ppr1.get("marL"))
    assert int(ppr2.get("marL")) > int(ppr1.get("marL"))
    assert ppr2.get("lvl") == "1"


def test_icons_are_custom_geometry_outlines(tmp_path: Path) -> None:
    root = slide(build_bytes(tmp_path, DECK), 1)
    icon = next(
        sp
        for sp in root.iter(f"{{{NS['p']}}}sp")
        if sp.find(".//p:cNvPr", NS).get("name") == "Icon: brain"
    )
    # all of the icon's strokes in one path: each subpath starts with a moveTo
    (path,) = icon.findall(".//a:custGeom/a:pathLst/a:path", NS)
    assert path.get("fill") == "none"
    moves = [c for p in TOOLS.icons.get("brain").paths for c in p.commands if c.op == "M"]
    assert len(path.findall("a:moveTo", NS)) == len(moves) >= 8
    ln = icon.find(".//p:spPr/a:ln", NS)
    assert ln.get("cap") == "rnd" and ln.find("a:round", NS) is not None
    # decorative (the bullet's text says it all), so no alt text for a screen reader
    c_nv_pr = icon.find(".//p:cNvPr", NS)
    assert c_nv_pr.get("descr") is None
    assert c_nv_pr.xpath("a:extLst/a:ext/@uri", namespaces=NS) == [
        "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
    ]
    (flag,) = c_nv_pr.iter(
        "{http://schemas.microsoft.com/office/drawing/2017/decorative}decorative"
    )
    assert flag.get("val") == "1"
    assert icon.find("p:style", NS) is None  # no theme shadow or outline


def test_flow_connectors_are_straight_and_glued_to_their_nodes(tmp_path: Path) -> None:
    root = slide(build_bytes(tmp_path, DECK), 2)
    ids = {
        sp.find(".//p:cNvPr", NS).get("name"): sp.find(".//p:cNvPr", NS).get("id")
        for sp in root.iter(f"{{{NS['p']}}}sp")
    }
    cxns = root.findall(".//p:cxnSp", NS)
    assert len(cxns) == 2
    glued = []
    for c in cxns:
        assert c.find(".//a:prstGeom", NS).get("prst") == "straightConnector1"
        st, en = c.find(".//a:stCxn", NS), c.find(".//a:endCxn", NS)
        assert (st.get("idx"), en.get("idx")) == ("3", "1")  # right side → left side
        assert c.find(".//a:ln/a:tailEnd", NS).get("type") == "triangle"
        glued.append((st.get("id"), en.get("id")))
    assert glued == [(ids["Node: A"], ids["Node: B"]), (ids["Node: B"], ids["Node: C"])]


def test_a_four_node_cycle_uses_l_shaped_connectors_between_perpendicular_sides(
    tmp_path: Path,
) -> None:
    root = slide(build_bytes(tmp_path, DECK), 3)
    cxns = root.findall(".//p:cxnSp", NS)
    assert [c.find(".//a:prstGeom", NS).get("prst") for c in cxns] == ["bentConnector2"] * 4
    sites = [
        (c.find(".//a:stCxn", NS).get("idx"), c.find(".//a:endCxn", NS).get("idx")) for c in cxns
    ]
    assert sites == [("3", "0"), ("2", "3"), ("1", "2"), ("0", "1")]
    rotations = [c.find(".//a:xfrm", NS).get("rot", "0") for c in cxns]
    assert rotations == ["0", "5400000", "10800000", "16200000"]


def test_hidden_slides_and_notes(tmp_path: Path) -> None:
    data = build_bytes(tmp_path, DECK)
    assert slide(data, 2).get("show") == "0"
    prs = Presentation(io.BytesIO(data))
    assert prs.slides[0].notes_slide.notes_text_frame.text == "Read this aloud."


def test_charts_hold_the_yaml_data_and_positive_axis_ids(tmp_path: Path) -> None:
    data = build_bytes(tmp_path, DECK)
    prs = Presentation(io.BytesIO(data))
    chart = next(sh for sh in prs.slides[3].shapes if sh.has_chart).chart
    assert list(chart.plots[0].categories) == ["MBPP", "MATH"]
    assert [(s.name, list(s.values)) for s in chart.series] == [
        ("Qwen", [88.2, 83.1]),
        ("Llama", [84.5, 73.8]),
    ]
    xml = part(data, "ppt/charts/chart1.xml")
    ids = [int(e.get("val")) for e in xml.iter(f"{{{NS['c']}}}axId")]
    assert ids and all(i > 0 for i in ids)
    assert any(n.endswith(".xlsx") for n in names(data))  # editable: the workbook travels along


def test_tables_hold_the_yaml_cells_with_a_filled_header(tmp_path: Path) -> None:
    data = build_bytes(tmp_path, DECK)
    prs = Presentation(io.BytesIO(data))
    table = next(sh for sh in prs.slides[4].shapes if sh.has_table).table
    cells = [[c.text for c in row.cells] for row in table.rows]
    # names keep a word joiner (U+2060) after their hyphens, so no renderer breaks them there
    assert cells == [["Model", "Score"], ["LLaMA-\u206065B", "63.4"], ["LLaMA-\u2060I", "68.9"]]
    score = table.cell(1, 1).text_frame.paragraphs[0]._p.find("a:pPr", NS)
    assert score.get("algn") == "r"  # numbers right-aligned
    header = table.cell(0, 0)._tc.find("a:tcPr/a:solidFill/a:srgbClr", NS)
    assert header.get("val") == "1F3864"


def test_document_properties_are_set_and_fixed(tmp_path: Path) -> None:
    prs = Presentation(io.BytesIO(build_bytes(tmp_path, DECK)))
    cp = prs.core_properties
    assert (cp.title, cp.author, cp.subject, cp.keywords) == (
        "Backend",
        "A. Author",
        "Tests",
        "x, y",
    )
    assert cp.created == dt.datetime(2024, 12, 19)


def test_zip_entries_have_fixed_times(tmp_path: Path) -> None:
    data = build_bytes(tmp_path, DECK)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert z.namelist()[0] == "[Content_Types].xml"


def test_render_stores_python_pptx_s_own_entries_for_normalize_to_deflate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    res = compile_text(tmp_path, DECK)
    assert res.presentation is not None
    stamp = res.presentation.properties.created
    stored = render(res.presentation)
    monkeypatch.setattr(pptx_writer._StoredPackageWriter, "_write", PackageWriter._write)
    saved = render(res.presentation)  # as prs.save writes it: deflated
    with zipfile.ZipFile(io.BytesIO(stored)) as a, zipfile.ZipFile(io.BytesIO(saved)) as b:
        assert {i.compress_type for i in a.infolist()} == {zipfile.ZIP_STORED}
        assert {i.compress_type for i in b.infolist()} == {zipfile.ZIP_DEFLATED}
        assert a.namelist() == b.namelist()
    assert normalize(stored, stamp) == normalize(saved, stamp)


def test_no_slide_is_a_picture(tmp_path: Path) -> None:
    data = build_bytes(tmp_path, DECK)
    for n in range(1, 6):
        assert slide(data, n).find(".//p:pic", NS) is None


def test_equations_are_native_omml_with_a_picture_fallback(tmp_path: Path) -> None:
    deck = "title: E\nslides:\n  - layout: bullets\n    title: Eq\n    equation: \\frac{a}{b} = c\n"
    data = build_bytes(tmp_path, deck)
    root = part(data, "ppt/slides/slide1.xml")
    mc = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
    a14 = "{http://schemas.microsoft.com/office/drawing/2010/main}"
    m = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
    (alt,) = root.iter(f"{mc}AlternateContent")
    choice, fallback = list(alt)
    assert (choice.tag, choice.get("Requires"), fallback.tag) == (
        f"{mc}Choice",
        "a14",
        f"{mc}Fallback",
    )
    math = choice.find(f".//{a14}m/{m}oMathPara/{m}oMath")
    assert math is not None and math.find(f"{m}f") is not None  # the fraction is a real m:f
    ids = {el.get("id") for el in alt.iter(f"{{{NS['p']}}}cNvPr")}
    assert len(ids) == 1  # both branches are the same shape
    blip = fallback.find(".//a:blip", NS)
    rid = blip.get(f"{{{NS['r']}}}embed")
    rels = part(data, "ppt/slides/_rels/slide1.xml.rels")
    target = next(r.get("Target") for r in rels if r.get("Id") == rid)
    assert target.startswith("../media/") and target.endswith(".png")


def test_an_equation_falls_back_to_a_text_box_filled_with_its_picture(tmp_path: Path) -> None:
    deck = (
        "title: E\nslides:\n  - layout: bullets\n    title: Eq\n    equation: \\frac{a}{b} = c^2\n"
    )
    root = part(build_bytes(tmp_path, deck), "ppt/slides/slide1.xml")
    mc = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
    (fallback,) = root.iter(f"{mc}Fallback")
    (sp,) = list(fallback)
    # PowerPoint's own form: a p:sp (not a p:pic) whose fill is the picture
    assert sp.tag == f"{{{NS['p']}}}sp"
    assert sp.find("p:nvSpPr/p:cNvSpPr", NS).get("txBox") == "1"
    assert sp.find("p:spPr/a:blipFill/a:blip", NS) is not None
    # its text is the equation's LaTeX in an invisible run, for tools that read text only
    (run,) = sp.findall("p:txBody/a:p/a:r", NS)
    assert run.find("a:rPr/a:noFill", NS) is not None
    assert run.findtext("a:t", namespaces=NS) == "\\frac{a}{b} = c^2"
    assert sp.find("p:nvSpPr/p:cNvPr", NS).get("descr", "").startswith("Equation: ")
