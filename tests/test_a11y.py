"""`deckgen check --a11y`: PowerPoint's Accessibility Checker rules and WCAG 2.x on any
.pptx, each finding located by slide and shape."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree
from PIL import Image
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.oxml.ns import qn
from pptx.util import Inches, Pt

from deckgen.a11y import UnreadableError, check_bytes
from deckgen.build import compile_deck, render_bytes
from deckgen.cli import cli
from helpers import TOOLS, deck_files

TEMPLATES = Path(__file__).resolve().parents[2] / "shared" / "templates"


def _png() -> io.BytesIO:
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), "#336699").save(buf, format="PNG")
    buf.seek(0)
    return buf


def _failing_deck() -> bytes:
    """Return a deck that breaks every rule once (and some rules twice)."""
    prs = Presentation()
    blank, title_only, title_content = (prs.slide_layouts[i] for i in (6, 5, 1))
    # 1: no title; a picture named after its file; a shape with neither text nor alt text
    s1 = prs.slides.add_slide(blank)
    s1.shapes.add_picture(_png(), Inches(1), Inches(1), Inches(1), Inches(1))
    s1.shapes.add_shape(MSO_SHAPE.OVAL, Inches(3), Inches(1), Inches(1), Inches(1))
    # 2: a table without a header row; pale text; links that say nothing
    s2 = prs.slides.add_slide(title_only)
    s2.shapes.title.text = "Results"
    frame = s2.shapes.add_table(2, 2, Inches(1), Inches(2), Inches(4), Inches(1))
    frame.table._tbl.tblPr.set("firstRow", "0")
    box = s2.shapes.add_textbox(Inches(1), Inches(4), Inches(6), Inches(1))
    box.name = "Pale text"
    run = box.text_frame.paragraphs[0].add_run()
    run.text = "Hard to read"
    run.font.size = Pt(14)
    run.font.color.rgb = RGBColor(0xC0, 0xC0, 0xC0)
    links = s2.shapes.add_textbox(Inches(1), Inches(5), Inches(6), Inches(1))
    links.name = "Links"
    for text, url in (("click here", "https://example.org/a"), ("https://example.org/b", None)):
        r = links.text_frame.paragraphs[0].add_run()
        r.text = text
        r.hyperlink.address = url or text
        links.text_frame.add_paragraph()
    # 3: the same title again, with the footer read before the body
    s3 = prs.slides.add_slide(title_content)
    s3.shapes.title.text = "Results"
    s3.placeholders[1].text = "Body"
    tree = s3.shapes._spTree
    footer = etree.SubElement(tree, qn("p:sp"))
    footer.append(
        etree.fromstring(
            '<p:nvSpPr xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
            'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
            '<p:cNvPr id="9" name="Footer 9"/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr>'
            '<p:nvPr><p:ph type="ftr" sz="quarter" idx="11"/></p:nvPr></p:nvSpPr>'
        )
    )
    etree.SubElement(footer, qn("p:spPr"))
    body = tree.xpath("./p:sp[p:nvSpPr/p:nvPr/p:ph[@idx='1']]")[0]
    body.addprevious(footer)  # footer before the body
    title = s3.shapes.title._element
    tree.remove(title)
    tree.append(title)  # title read last
    # no document title; no language anywhere
    prs.core_properties.title = ""
    for el in prs.part._element.iter(qn("a:defRPr")):
        el.attrib.pop("lang", None)
    for slide in prs.slides:
        for rpr in slide.shapes._spTree.iter(qn("a:rPr"), qn("a:endParaRPr")):
            rpr.attrib.pop("lang", None)
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


def test_every_rule_reports_where_and_what() -> None:
    findings = [str(f) for f in check_bytes(_failing_deck())]
    assert findings == [
        "document: error: the document has no title in its properties (WCAG 2.4.2) "
        "[document-title]",
        "slide 1: error: the slide has no title [slide-title]",
        "slide 1, 'Picture 1': error: the picture's alt text 'image.png' is a file name, "
        "not a description [alt-text]",
        "slide 1, 'Oval 2': error: the shape has no alt text [alt-text]",
        "slide 2, 'Table 2': error: the table has no alt text [alt-text]",
        "slide 2, 'Table 2': error: the table has no header row [table-header]",
        "slide 2, 'Pale text': warning: text 'Hard to read' (#C0C0C0 on #FFFFFF) has "
        "contrast 1.82:1, below 4.5:1 (WCAG 1.4.3) [contrast]",
        "slide 2, 'Links': warning: link text 'click here' does not say where it leads "
        "(https://example.org/a) [link-text]",
        "slide 2, 'Links': warning: link text 'https://example.org/b' is a bare address: "
        "say where it leads [link-text]",
        "slide 2: error: 4 text runs have no language, and the presentation sets no default "
        "(WCAG 3.1.1) [language]",
        "slide 3, 'Title 1': warning: slide title 'Results' is also the title of slide 2 "
        "[duplicate-title]",
        "slide 3, 'Title 1': warning: the title is not read first: 'Footer 9' comes before it "
        "[reading-order]",
        "slide 3, 'Footer 9': warning: the footer is read before the slide's content "
        "('Title 1') [reading-order]",
        "slide 3: error: 2 text runs have no language, and the presentation sets no default "
        "(WCAG 3.1.1) [language]",
    ]


@pytest.mark.parametrize("deck", deck_files(), ids=lambda p: p.name)
def test_every_deck_the_repository_builds_has_no_findings(deck: Path) -> None:
    res = compile_deck(deck, TOOLS)
    assert res.presentation is not None
    assert [str(f) for f in check_bytes(render_bytes(res.presentation))] == []


def test_the_cli_prints_json_and_github_annotations_and_fails_on_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pptx"
    bad.write_bytes(_failing_deck())
    res = CliRunner().invoke(cli, ["check", "--a11y", "--format", "json", str(bad)])
    assert res.exit_code == 1
    first = json.loads(res.output.splitlines()[1])
    assert first == {
        "file": str(bad),
        "rule": "slide-title",
        "severity": "error",
        "slide": 1,
        "shape": None,
        "message": "the slide has no title",
    }
    res = CliRunner().invoke(cli, ["check", "--a11y", "--format", "github", str(bad)])
    line = res.output.splitlines()[2]
    assert line == (
        f"::error file={bad},title=slide 1%2C 'Picture 1' (alt-text)::the picture's alt text "
        "'image.png' is a file name, not a description"
    )


def test_a_file_that_is_not_a_presentation_is_a_located_error(tmp_path: Path) -> None:
    junk = tmp_path / "junk.pptx"
    junk.write_text("not a zip", encoding="utf-8")
    res = CliRunner().invoke(cli, ["check", "--a11y", str(junk)])
    assert res.exit_code == 1
    assert f"error: {junk}: cannot check: not a zip archive" in res.output
    assert "Traceback" not in res.output
    with pytest.raises(UnreadableError, match="no presentation part"):
        buf = io.BytesIO()
        import zipfile

        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("hello.txt", "hi")
        check_bytes(buf.getvalue())


def test_pptx_and_a11y_together_is_a_usage_error(tmp_path: Path) -> None:
    res = CliRunner().invoke(cli, ["check", "--a11y", "--pptx", str(tmp_path / "x.pptx")])
    assert res.exit_code == 2
    assert "--pptx and --a11y are separate checks" in res.output


@pytest.mark.skipif(not TEMPLATES.is_dir(), reason="../shared/templates is not present")
def test_a_real_template_is_checked_like_any_other_file() -> None:
    data = (TEMPLATES / "ngo-ecohealth-alliance-4x3.pptx").read_bytes()
    assert [str(f) for f in check_bytes(data)] == [
        "slide 1: error: the slide has no title [slide-title]"
    ]


def test_a_link_is_judged_in_the_theme_link_colour_unless_it_keeps_its_own() -> None:
    from deckgen.backend.links import keep_run_colour

    def deck(keep: bool) -> bytes:
        prs = Presentation()
        prs.core_properties.title = "Links"
        theme = prs.slide_masters[0].part.part_related_by(
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme"
        )
        root = etree.fromstring(theme.blob)
        hlink = root.find(".//" + qn("a:clrScheme") + "/" + qn("a:hlink"))
        hlink[0].set("val", "FF0000")  # pure red: 4.0:1 on white
        theme._blob = etree.tostring(root)
        slide = prs.slides.add_slide(prs.slide_layouts[5])
        slide.shapes.title.text = "Links"
        box = slide.shapes.add_textbox(Inches(1), Inches(2), Inches(6), Inches(1))
        box.name = "Source"
        run = box.text_frame.paragraphs[0].add_run()
        run.text = "the Qwen2.5 report"
        run.hyperlink.address = "https://arxiv.org/abs/2412.15115"
        run.font.size = Pt(16)
        run.font.color.rgb = RGBColor(0x1F, 0x38, 0x64)
        if keep:
            keep_run_colour(slide.shapes._spTree)
        buf = io.BytesIO()
        prs.save(buf)
        return buf.getvalue()

    assert [str(f) for f in check_bytes(deck(keep=False))] == [
        "slide 1, 'Source': warning: text 'the Qwen2.5 report' (#FF0000 on #FFFFFF) has "
        "contrast 4.00:1, below 4.5:1 (WCAG 1.4.3) [contrast]"
    ]
    assert check_bytes(deck(keep=True)) == []


def test_large_scale_text_needs_3_to_1_at_the_size_it_is_drawn() -> None:
    # white on orange, 3.47:1: enough for large-scale text (18 pt, or 14 pt bold), as WCAG
    # 1.4.3 counts it, not for smaller text; text shrunk to fit is judged as drawn
    prs = Presentation()
    prs.core_properties.title = "Contrast"
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    slide.shapes.title.text = "Contrast"
    cases = [
        ("18 pt", 18, False, None),
        ("14 pt bold", 14, True, None),
        ("17.5 pt", 17.5, False, None),
        ("13.5 pt bold", 13.5, True, None),
        ("14 pt", 14, False, None),
        ("24 pt shrunk to 75 %", 24, False, "75000"),  # drawn at 18 pt: large
        ("18 pt shrunk to 90 %", 18, False, "90%"),  # drawn at 16.2 pt (Strict's spelling)
    ]
    for i, (name, size, bold, scale) in enumerate(cases):
        box = slide.shapes.add_shape(
            MSO_SHAPE.RECTANGLE, Inches(0.5), Inches(1.5 + 0.8 * i), Inches(6), Inches(0.7)
        )
        box.name = name
        box.fill.solid()
        box.fill.fore_color.rgb = RGBColor(0xD7, 0x6C, 0x24)
        run = box.text_frame.paragraphs[0].add_run()
        run.text = "Qwen2.5 paper review"
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        if scale:
            body = box.text_frame._txBody.bodyPr
            etree.SubElement(body, qn("a:normAutofit")).set("fontScale", scale)
    buf = io.BytesIO()
    prs.save(buf)
    assert [str(f) for f in check_bytes(buf.getvalue())] == [
        f"slide 1, '{name}': warning: text 'Qwen2.5 paper review' (#FFFFFF on #D76C24) has "
        "contrast 3.47:1, below 4.5:1 (WCAG 1.4.3) [contrast]"
        for name in ("17.5 pt", "13.5 pt bold", "14 pt", "18 pt shrunk to 90 %")
    ]


def test_a_folder_stands_for_its_pptx_files(tmp_path: Path) -> None:
    res = compile_deck(deck_files()[0], TOOLS)
    assert res.presentation is not None
    for name in ("b.pptx", "a.pptx"):
        (tmp_path / name).write_bytes(render_bytes(res.presentation))
    out = CliRunner().invoke(cli, ["check", "--a11y", str(tmp_path)])
    assert out.exit_code == 0
    assert out.output.splitlines() == [f"{tmp_path / 'a.pptx'}: ok", f"{tmp_path / 'b.pptx'}: ok"]


def test_a_theme_colour_lightened_or_darkened_is_judged_as_drawn_but_not_a_see_through_one() -> (
    None
):
    # accent1 of python-pptx's default theme is 4F81BD; "Accent 1, Lighter 40%" is 95B3D7,
    # "Darker 50%" 254061 (passes); a half see-through colour shows what lies behind: not judged
    prs = Presentation()
    prs.core_properties.title = "Tints"
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    slide.shapes.title.text = "Tints"
    lighter = '<a:lumMod val="60000"/><a:lumOff val="40000"/>'
    cases = [
        ("Lighter 40%", lighter),
        ("Darker 50%", '<a:lumMod val="50000"/>'),
        ("Half see-through", lighter + '<a:alpha val="50000"/>'),
    ]
    for i, (name, mods) in enumerate(cases):
        box = slide.shapes.add_textbox(Inches(0.5), Inches(1.5 + 0.8 * i), Inches(6), Inches(0.7))
        box.name = name
        run = box.text_frame.paragraphs[0].add_run()
        run.text = "Qwen2.5 paper review"
        run.font.size = Pt(16)
        run._r.get_or_add_rPr().append(
            etree.fromstring(
                '<a:solidFill xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
                f'<a:schemeClr val="accent1">{mods}</a:schemeClr></a:solidFill>'
            )
        )
    buf = io.BytesIO()
    prs.save(buf)
    assert [str(f) for f in check_bytes(buf.getvalue())] == [
        "slide 1, 'Lighter 40%': warning: text 'Qwen2.5 paper review' (#95B3D7 on #FFFFFF) has "
        "contrast 2.16:1, below 4.5:1 (WCAG 1.4.3) [contrast]"
    ]
