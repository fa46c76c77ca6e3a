"""Templates: reading masters, layouts and placeholders, choosing layouts, and
`deckgen template inspect`."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import get_args

import pytest
from click.testing import CliRunner
from pptx import Presentation

from deckgen import spec
from deckgen.cli import cli
from deckgen.template import KEYS, TemplateError, choose_layouts, read_template
from deckgen.theme import LayoutKey

TEMPLATES = Path(__file__).resolve().parents[2] / "shared" / "templates"
UFRJ = TEMPLATES / "university-ufrj-mecanon.potx"
ECO = TEMPLATES / "ngo-ecohealth-alliance-4x3.pptx"
needs_templates = pytest.mark.skipif(
    not TEMPLATES.is_dir(), reason="../shared/templates (real organisations' templates) is absent"
)


def _office() -> bytes:
    buf = io.BytesIO()
    Presentation().save(buf)
    return buf.getvalue()


def test_the_office_layouts_map_by_type() -> None:
    choice = choose_layouts(read_template(_office()))
    assert {k: v.name for k, v in choice.mapping().items()} == {
        "title": "Title Slide",
        "section": "Section Header",
        "bullets": "Title and Content",
        "visual": "Title Only",
        "qa": "Title and Content",
        "two-column": "Two Content",
        "quote": "Title Only",
        "statement": "Title Only",
        "question": "Title Only",
    }
    # every deckgen layout and the theme's 'layouts:' keys are the mapping's keys
    assert set(choice.mapping()) == {*spec.LAYOUTS, "visual"} == set(KEYS)
    assert set(KEYS) == set(get_args(LayoutKey))
    assert (choice.warnings, choice.fallbacks, choice.named) == ((), {}, ())


def test_a_theme_can_name_layouts_and_an_unknown_name_lists_them() -> None:
    tpl = read_template(_office())
    choice = choose_layouts(tpl, {"quote": "title and  content"})  # case and spaces ignored
    assert choice.layouts["quote"].name == "Title and Content"
    with pytest.raises(TemplateError) as err:
        choose_layouts(tpl, {"section": "Abschnitt"})
    assert str(err.value) == "layouts.section: the template has no layout 'Abschnitt'"
    assert err.value.hint is not None and err.value.hint.startswith(
        "its layouts: 'Title Slide', 'Title and Content', 'Section Header',"
    )


def test_a_file_that_is_not_a_presentation_is_refused() -> None:
    with pytest.raises(TemplateError, match="not a PowerPoint file"):
        read_template(b"plain text")


@needs_templates
def test_a_potx_with_two_masters_and_portuguese_names() -> None:
    tpl = read_template(UFRJ.read_bytes())
    assert (tpl.width, tpl.height, tpl.is_potx, tpl.slides) == (12192000, 6858000, True, 7)
    assert [len([x for x in tpl.layouts if x.master == m]) for m in (0, 1)] == [9, 4]
    content = tpl.layouts[6]
    assert content.name == "Conteúdo"
    assert [(p.type, p.idx) for p in content.placeholders] == [
        ("title", 0),
        ("obj", 1),
        ("ftr", 11),
        ("sldNum", 12),
    ]
    # the footer's box comes from the master: the layout does not move it
    assert content.placeholders[2].box is not None
    assert tpl.masters[0].title.font == "Montserrat Medium"
    assert tpl.masters[0].title.color == "88161F"
    assert tpl.masters[0].colors["accent1"] == "D76C23"
    choice = choose_layouts(tpl)
    assert choice.layouts["title"].name == "Título da Apresentação (Limpo - Logo Mecanon)"
    assert choice.layouts["bullets"] is content
    assert choice.warnings == (
        "the template has no section layout: section slides use 'Conteúdo (master 1)'",
    )
    # both masters have a "Conteúdo": a theme picks the second master's by number
    second = choose_layouts(tpl, {"bullets": "conteúdo (master 2)"}).layouts["bullets"]
    assert (second.name, second.master, second.index) == ("Conteúdo", 1, 10)


@needs_templates
def test_inspect_lists_layouts_placeholders_schemes_and_the_mapping() -> None:
    res = CliRunner().invoke(cli, ["template", "inspect", str(ECO)])
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert lines[0] == (
        "presentation: 10 × 7.5 in (9144000 × 6858000 EMU), On-screen Show (4:3); 1 master, "
        "11 layouts, 1 example slide (dropped when building)"
    )
    assert "  colour map: bg1=lt1, tx1=dk1, bg2=lt2, tx2=dk2" in lines
    assert "  fonts: headings 'Calibri Light', body 'Calibri'" in lines
    assert "    obj idx 1 'Content Placeholder 2' @ 0.69, 2.00 in, 8.62 × 4.76 in" in lines
    assert "  layout 6: 'Title Only' (titleOnly), used for visual, quote, statement, question" in (
        lines
    )
    assert "  layout 5: 'Comparison' (twoTxTwoObj)" in lines  # used for nothing
    start = lines.index(
        "layouts:  # the mapping deckgen uses; a theme's 'layouts:' may name others"
    )
    assert lines[start + 1 :] == [
        '  title: "Title Slide"',
        '  section: "Section Header"',
        '  bullets: "Title and Content"',
        '  visual: "Title Only"  # bullets slides with only a visual',
        '  qa: "Title and Content"',
        '  two-column: "Two Content"',
        '  quote: "Title Only"',
        '  statement: "Title Only"',
        '  question: "Title Only"',
    ]
    res = CliRunner().invoke(cli, ["template", "inspect", "--format", "json", str(UFRJ)])
    data = json.loads(res.output)
    assert data["format"] == "Widescreen" and data["potx"] is True
    assert data["mapping"]["two-column"] == "Conteúdo (master 1)"
    assert data["mapping"]["visual"] == "Conteúdo (master 1)"
    assert (
        data["fallbacks"]["visual"] == "no title-only layout, so the visual fills the content area"
    )
    # layouts as a theme names them: "(master N)" where two masters share a name
    assert [x["label"] for x in data["layouts"] if x["name"] == "Conteúdo"] == [
        "Conteúdo (master 1)",
        "Conteúdo (master 2)",
    ]
    assert data["layouts"][6]["placeholders"][1] == {
        "type": "obj",
        "idx": 1,
        "name": "Content Placeholder 2",
        "box": {"x": 838200, "y": 1199514, "w": 10515600, "h": 4977449},  # 0.92, 1.31 in
    }


def test_inspect_of_a_missing_file_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    res = CliRunner().invoke(cli, ["template", "inspect", str(tmp_path / "none.potx")])
    assert res.exit_code == 1
    assert f"error: {tmp_path / 'none.potx'}: file not found: '{tmp_path / 'none.potx'}'" in (
        res.output
    )


def _retyped(data: bytes, old: str, new: str) -> bytes:
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            blob = src.read(info)
            if info.filename == "[Content_Types].xml":
                blob = blob.replace(old.encode(), new.encode())
            dst.writestr(info.filename, blob)
    return out.getvalue()


def test_a_macro_enabled_template_is_refused() -> None:
    data = _retyped(
        _office(),
        "presentationml.presentation.main+xml",
        "ms-powerpoint.template.macroEnabled.main+xml",
    )
    with pytest.raises(TemplateError) as err:
        read_template(data)
    assert str(err.value) == "the template is not a .pptx or .potx (it is macro-enabled)"


def test_a_template_that_unpacks_too_far_is_refused_before_inflating(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from deckgen import template

    monkeypatch.setattr(template, "MAX_UNPACKED", 10_000)
    with pytest.raises(TemplateError, match="the template unpacks to more than 0 MB"):
        read_template(_office())


def test_a_placeholder_inherits_insets_anchor_and_size_from_its_master() -> None:
    from lxml import etree
    from pptx.oxml.ns import qn

    prs = Presentation()
    layout = prs.slide_layouts.get_by_name("Title and Content")
    body = next(ph for ph in layout.placeholders if ph.placeholder_format.idx == 1)
    body.text_frame._txBody.find(qn("a:bodyPr")).set("lIns", "0")  # one inset of its own
    lvl = etree.SubElement(body.text_frame._txBody.find(qn("a:lstStyle")), qn("a:lvl1pPr"))
    rpr = etree.SubElement(lvl, qn("a:defRPr"), sz="2200")
    etree.SubElement(rpr, qn("a:latin"), typeface="+mj-lt")  # the theme's heading font
    master = prs.slide_master.placeholders
    title_pr = next(ph for ph in master if ph.placeholder_format.idx == 0)
    title_pr.text_frame._txBody.find(qn("a:bodyPr")).set("tIns", "0")
    buf = io.BytesIO()
    prs.save(buf)
    lay = read_template(buf.getvalue()).layout("Title and Content")
    assert lay is not None and lay.title is not None
    # the title takes the master title's insets (tIns 0 there) and anchor; no size or
    # typeface of its own (the master's title style has them)
    assert (lay.title.insets, lay.title.anchor, lay.title.size, lay.title.font) == (
        (91440, 91440, 0, 45720),
        "ctr",
        None,
        None,
    )
    (content,) = lay.bodies
    assert (content.insets, content.anchor, content.size, content.font) == (
        (0, 91440, 45720, 45720),
        "t",
        22.0,
        "Calibri",  # python-pptx's default theme: headings and body both Calibri
    )


@needs_templates
def test_columns_are_two_content_placeholders_side_by_side() -> None:
    tpl = read_template(ECO.read_bytes())
    columns = {lay.name: [(p.idx, p.box.inches()) for p in lay.columns] for lay in tpl.layouts}  # type: ignore[union-attr]
    assert columns["Two Content"] == [
        (1, "0.69, 2.00 in, 4.25 × 4.76 in"),
        (2, "5.06, 2.00 in, 4.25 × 4.76 in"),
    ]
    # "Comparison": its two content placeholders, not the headings above them
    assert [idx for idx, _ in columns["Comparison"]] == [2, 4]
    # one content placeholder, or a caption stacked beside no second column: none
    assert columns["Title and Content"] == []
    assert columns["Title Only"] == []
    assert read_template(UFRJ.read_bytes()).layout("Conteúdo (master 2)").columns == []  # type: ignore[union-attr]


def test_a_visual_alone_goes_on_title_only_unless_a_theme_names_the_bullets_layout() -> None:
    tpl = read_template(_office())
    visual = choose_layouts(tpl).visual
    assert visual is not None and visual.name == "Title Only"
    assert choose_layouts(tpl, {"bullets": "Title and Content"}).visual is None


def _only(*names: str) -> bytes:
    """Return python-pptx's default template with only the layouts called ``names``."""
    prs = Presentation()
    for layout in list(prs.slide_layouts):
        if layout.name not in names:
            prs.slide_layouts.remove(layout)
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


def test_inspect_marks_every_fallback_in_the_mapping_it_prints(tmp_path: Path) -> None:
    """A template with a title slide and one content layout: every other deckgen layout
    falls back to the content layout, and the mapping says how, as comments a theme's
    `layouts:` can be pasted with."""
    path = tmp_path / "corp.pptx"
    path.write_bytes(_only("Title Slide", "Title and Content", "Blank"))
    res = CliRunner().invoke(cli, ["template", "inspect", str(path)])
    assert res.exit_code == 0, res.output
    assert res.output.splitlines() == [
        "presentation: 10 × 7.5 in (9144000 × 6858000 EMU), On-screen Show (4:3); 1 master, "
        "3 layouts, 0 example slides (dropped when building)",
        "placeholders deckgen fills: title and ctrTitle (titles), subTitle (the opening "
        "slide's subtitle), obj and body (text and bullets), ftr and sldNum (footer, slide "
        "number); it leaves out the others (dt, pic…)",
        "master 1: 'Office Theme' (theme 'Office Theme')",
        "  colours: dk1 #000000, lt1 #FFFFFF, dk2 #1F497D, lt2 #EEECE1, accent1 #4F81BD, "
        "accent2 #C0504D, accent3 #9BBB59, accent4 #8064A2, accent5 #4BACC6, accent6 #F79646, "
        "hlink #0000FF, folHlink #800080",
        "  colour map: bg1=lt1, tx1=dk1, bg2=lt2, tx2=dk2",
        "  fonts: headings 'Calibri', body 'Calibri'",
        "  title text: 'Calibri' 44 pt #000000",
        "  body text: 'Calibri' 32 pt #000000",
        "  layout 1: 'Title Slide' (title), used for title",
        "    ctrTitle idx 0 'Title 1' @ 0.75, 2.33 in, 8.50 × 1.61 in",
        "    subTitle idx 1 'Subtitle 2' @ 1.50, 4.25 in, 7.00 × 1.92 in",
        "    dt idx 10 'Date Placeholder 3' @ 0.50, 6.95 in, 2.33 × 0.40 in",
        "    ftr idx 11 'Footer Placeholder 4' @ 3.42, 6.95 in, 3.17 × 0.40 in",
        "    sldNum idx 12 'Slide Number Placeholder 5' @ 7.17, 6.95 in, 2.33 × 0.40 in",
        "  layout 2: 'Title and Content' (obj), used for section, bullets, visual, qa, "
        "two-column, quote, statement, question",
        "    title idx 0 'Title 1' @ 0.50, 0.30 in, 9.00 × 1.25 in",
        "    obj idx 1 'Content Placeholder 2' @ 0.50, 1.75 in, 9.00 × 4.95 in",
        "    dt idx 10 'Date Placeholder 3' @ 0.50, 6.95 in, 2.33 × 0.40 in",
        "    ftr idx 11 'Footer Placeholder 4' @ 3.42, 6.95 in, 3.17 × 0.40 in",
        "    sldNum idx 12 'Slide Number Placeholder 5' @ 7.17, 6.95 in, 2.33 × 0.40 in",
        "  layout 3: 'Blank' (blank)",
        "    dt idx 10 'Date Placeholder 1' @ 0.50, 6.95 in, 2.33 × 0.40 in",
        "    ftr idx 11 'Footer Placeholder 2' @ 3.42, 6.95 in, 3.17 × 0.40 in",
        "    sldNum idx 12 'Slide Number Placeholder 3' @ 7.17, 6.95 in, 2.33 × 0.40 in",
        "layouts:  # the mapping deckgen uses; a theme's 'layouts:' may name others",
        '  title: "Title Slide"',
        '  section: "Title and Content"  # fallback: no section layout, so the title sits a '
        "third of the way down the content area",
        '  bullets: "Title and Content"',
        '  visual: "Title and Content"  # bullets slides with only a visual; fallback: no '
        "title-only layout, so the visual fills the content area",
        '  qa: "Title and Content"',
        '  two-column: "Title and Content"  # fallback: no layout with two content '
        "placeholders side by side, so the columns split the content area",
        '  quote: "Title and Content"  # fallback: no title-only layout, so the content '
        "placeholder is left out",
        '  statement: "Title and Content"  # fallback: no title-only layout, so the content '
        "placeholder is left out",
        '  question: "Title and Content"  # fallback: no title-only layout, so the content '
        "placeholder is left out",
    ]
    # JSON: the same mapping, its fallbacks, and each layout as a theme names it and the
    # keys it serves
    res = CliRunner().invoke(cli, ["template", "inspect", "--format", "json", str(path)])
    data = json.loads(res.output)
    assert data["mapping"] == {
        "title": "Title Slide",
        **{k: "Title and Content" for k in KEYS if k != "title"},
    }
    assert data["fallbacks"] == {
        "section": "no section layout, so the title sits a third of the way down the content area",
        "visual": "no title-only layout, so the visual fills the content area",
        "two-column": "no layout with two content placeholders side by side, so the "
        "columns split the content area",
        **{
            k: "no title-only layout, so the content placeholder is left out"
            for k in ("quote", "statement", "question")
        },
    }
    assert data["warnings"] == [
        "the template has no section layout: section slides use 'Title and Content'"
    ]
    assert [(x["label"], x["used_for"]) for x in data["layouts"]] == [
        ("Title Slide", ["title"]),
        ("Title and Content", [k for k in KEYS if k != "title"]),
        ("Blank", []),
    ]


def test_a_theme_names_the_layout_of_slides_that_are_a_visual_alone() -> None:
    tpl = read_template(_office())
    choice = choose_layouts(tpl, {"visual": "Blank", "bullets": "Two Content"})
    assert choice.visual is not None and choice.visual.name == "Blank"
    assert choice.mapping()["visual"].name == "Blank"
    # named for the bullets layout, the same layout: visual-alone slides go there too
    same = choose_layouts(tpl, {"visual": "Title and Content"})
    assert same.visual is None and same.mapping()["visual"].name == "Title and Content"
    with pytest.raises(TemplateError) as err:
        choose_layouts(tpl, {"visual": "Nur Titel"})
    assert str(err.value) == "layouts.visual: the template has no layout 'Nur Titel'"
    assert err.value.key == ("layouts", "visual")


def test_a_named_layout_lacking_a_placeholder_is_warned_with_the_layouts_that_have_it() -> None:
    tpl = read_template(
        _only("Title Slide", "Title and Content", "Two Content", "Title Only", "Blank")
    )
    choice = choose_layouts(
        tpl,
        {
            "visual": "Blank",
            "qa": "Title Only",
            "two-column": "Title and Content",
            "quote": "Title and Content",  # a content placeholder is not needed, nor harmful
        },
    )
    assert [(n.key, n.message, n.hint) for n in choice.named] == [
        (
            "visual",
            "layout 'Blank' has no title placeholder: the title is written as a title "
            "placeholder anyway, where the bullets layout has it",
            "layouts with a title placeholder: 'Title Slide', 'Title and Content', "
            "'Two Content', 'Title Only'",
        ),
        (
            "qa",
            "layout 'Title Only' has no content placeholder: the text is a text box of its "
            "own, not the slide's body in PowerPoint's outline",
            "layouts with a title and a content placeholder: 'Title and Content', 'Two Content'",
        ),
        (
            "two-column",
            "layout 'Title and Content' does not have two content placeholders side by side: "
            "the columns split its content area",
            "layouts with a title and two content placeholders side by side: 'Two Content'",
        ),
    ]
    # what a theme names is its choice, not a fallback: only section slides fall back
    assert list(choice.fallbacks) == ["section"]
    without = read_template(_only("Title Slide", "Title and Content"))
    (two,) = choose_layouts(without, {"two-column": "Title and Content"}).named
    assert two.hint == (
        "the template has no layout with a title and two content placeholders side by side"
    )


def test_inspect_with_a_theme_prints_its_mapping_and_what_its_layouts_lack(
    tmp_path: Path,
) -> None:
    """A template's owner checks a theme's `layouts:` against the template it names: the
    mapping says which keys the theme names, and what a named layout lacks is a warning
    at its key in the theme, with the layouts that have it."""
    folder = tmp_path / "themes" / "corp"
    folder.mkdir(parents=True)
    (folder / "corp.pptx").write_bytes(_office())
    (folder / "theme.yaml").write_text(
        "extends: paper\ntemplate: corp.pptx\nlayouts:\n"
        "  bullets: Title and Content\n"
        "  qa: Title Only\n",
        encoding="utf-8",
    )
    res = CliRunner().invoke(cli, ["template", "inspect", "--theme", str(folder)])
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    start = lines.index(
        "layouts:  # the mapping deckgen uses; a theme's 'layouts:' may name others"
    )
    assert lines[start + 1 :] == [
        '  title: "Title Slide"',
        '  section: "Section Header"',
        '  bullets: "Title and Content"  # named by the theme',
        '  visual: "Title and Content"  # bullets slides with only a visual; the bullets '
        "layout, which the theme names",
        '  qa: "Title Only"  # named by the theme',
        '  two-column: "Two Content"',
        '  quote: "Title Only"',
        '  statement: "Title Only"',
        '  question: "Title Only"',
    ]
    assert res.stderr.splitlines() == [
        f"{folder / 'theme.yaml'}:5:7: warning: layouts.qa: layout 'Title Only' has no "
        "content placeholder: the text is a text box of its own, not the slide's body in "
        "PowerPoint's outline",
        " 5 |   qa: Title Only",
        "   |       ^^^^^^^^^^",
        "  hint: layouts with a title and a content placeholder: 'Title and Content', "
        "'Section Header', 'Two Content', 'Comparison', 'Content with Caption', "
        "'Picture with Caption', 'Title and Vertical Text', 'Vertical Title and Text'",
    ]
    res = CliRunner().invoke(
        cli, ["template", "inspect", "--format", "json", "--theme", str(folder)]
    )
    data = json.loads(res.stdout)
    assert data["named"] == ["bullets", "qa"]
    assert [w["key"] for w in data["named_warnings"]] == ["qa"]
    # a name the template does not have is an error located in the theme
    (folder / "theme.yaml").write_text(
        "extends: paper\ntemplate: corp.pptx\nlayouts: {visual: Nur Titel}\n", encoding="utf-8"
    )
    res = CliRunner().invoke(cli, ["template", "inspect", "--theme", str(folder)])
    assert res.exit_code == 1
    assert res.stderr.splitlines()[0] == (
        f"{folder / 'theme.yaml'}:3:19: error: {folder / 'corp.pptx'}: layouts.visual: the "
        "template has no layout 'Nur Titel'"
    )
    # neither a file nor a theme with a template: told what to name
    res = CliRunner().invoke(cli, ["template", "inspect", "--theme", "paper"])
    assert res.exit_code == 2
    assert "name a template FILE, or a --theme with a 'template:'" in res.stderr


def test_a_template_without_a_title_slide_layout_says_where_the_opening_slide_goes() -> None:
    choice = choose_layouts(read_template(_only("Title and Content", "Title Only")))
    assert choice.mapping()["title"].name == "Title and Content"
    assert choice.fallbacks == {
        "title": "no title layout, so the opening slide's title and subtitle fill its title "
        "and content placeholders",
        "section": "no section layout, so the title sits a third of the way down the content area",
        "two-column": "no layout with two content placeholders side by side, so the columns "
        "split the content area",
    }
    assert choice.warnings == (
        "the template has no title layout: title slides use 'Title and Content'",
        "the template has no section layout: section slides use 'Title Only'",
    )


def test_a_footer_in_a_tinted_theme_colour_reads_as_powerpoint_shows_it() -> None:
    # the master's footer style is tx1 (black) with tint 75000: PowerPoint's footer grey
    master = read_template(ECO.read_bytes()).masters[0]
    assert master.footer.color == "898989"
    assert master.title.color == "000000"


def test_a_see_through_footer_colour_is_left_unknown() -> None:
    # what a half see-through colour looks like depends on what lies behind it
    data = ECO.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        parts = {name: src.read(name) for name in src.namelist()}
    master = "ppt/slideMasters/slideMaster1.xml"
    tinted = b'<a:schemeClr val="tx1"><a:tint val="75000"/>'
    assert tinted in parts[master]
    parts[master] = parts[master].replace(tinted, tinted + b'<a:alpha val="50000"/>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as out:
        for name, blob in parts.items():
            out.writestr(name, blob)
    assert read_template(buf.getvalue()).masters[0].footer.color is None
