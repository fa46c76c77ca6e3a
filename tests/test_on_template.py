"""Decks built on a template: the template's masters, layouts, theme and size kept, its
example slides dropped, text in its placeholders, colours from its scheme."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.oxml.ns import qn

import render
from deckgen import ir
from deckgen.a11y import check_bytes as a11y
from deckgen.backend.structure import slide_title
from deckgen.build import Result, compile_deck, render_bytes
from deckgen.cli import cli
from deckgen.lint import contrast
from deckgen.markup import plain
from deckgen.measure import Span
from deckgen.template import read_template
from deckgen.units import Emu
from deckgen.validate import Validator, find_schema_dir
from helpers import NS, ROOT, TOOLS

TEMPLATES = ROOT.parent / "shared" / "templates"
REAL = [TEMPLATES / "university-ufrj-mecanon.potx", TEMPLATES / "ngo-ecohealth-alliance-4x3.pptx"]
needs_templates = pytest.mark.skipif(
    not TEMPLATES.is_dir(), reason="../shared/templates (real organisations' templates) is absent"
)
QWEN = ROOT / "decks" / "qwen25.yaml"
TWO_COLUMN = ROOT / "examples" / "two-column.yaml"
# The fonts each real template names (title, body); deckgen measures Montserrat as itself,
# Calibri as Carlito (its metric-compatible twin) and Calibri Light as a stand-in.
BRAND_FONTS = {
    "university-ufrj-mecanon.potx": {"Montserrat Medium", "Montserrat"},
    "ngo-ecohealth-alliance-4x3.pptx": {"Calibri Light", "Calibri"},
}

SMALL = """
title: On a template
short_title: Template test
authors: [A. Author]
date: 2024-12-19
theme: {theme}
slides:
  - layout: title
    subtitle: Built on somebody else's design
  - layout: section
    number: "01"
    title: Part one
    subtitle: What comes first
  - layout: bullets
    title: Points
    bullets: [First point, Second point]
  - layout: quote
    quote: Design is how it works.
    attribution: Someone
"""


def _office(edit=None) -> bytes:  # type: ignore[no-untyped-def]
    """Return python-pptx's default (Office) template, changed by ``edit(prs)``."""
    prs = Presentation()
    if edit is not None:
        edit(prs)
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


def _build(tmp_path: Path, deck: str, template: bytes | None = None, **files: str) -> Result:
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    tpl = None
    if template is not None:
        tpl = tmp_path / "corp.pptx"
        tpl.write_bytes(template)
    path = tmp_path / "deck.yaml"
    path.write_text(deck, encoding="utf-8")
    return compile_deck(path, TOOLS, template=str(tpl) if tpl else None)


def _on_real(tmp_path: Path, theme: str, template: Path) -> Result:
    """Return the two-column, bullets and stat deck built with ``theme`` (a theme.yaml's text)
    on the real ``template``, read where it lies."""
    (tmp_path / "theme.yaml").write_text(theme, encoding="utf-8")
    deck = tmp_path / "deck.yaml"
    deck.write_text(COLUMNS.format(theme="theme.yaml"), encoding="utf-8")
    return compile_deck(deck, TOOLS, template=str(template))


def _errors(res: Result) -> list[str]:
    return [d.message for d in res.diagnostics if d.is_error]


def _layout_names(data: bytes) -> list[str]:
    prs = Presentation(io.BytesIO(data))
    return [s.slide_layout.name for s in prs.slides]


@needs_templates
@pytest.mark.parametrize("template", REAL, ids=lambda p: p.name)
def test_qwen25_on_a_real_template(template: Path) -> None:
    res = compile_deck(QWEN, TOOLS, template=str(template))
    assert _errors(res) == []
    assert res.presentation is not None
    data = render_bytes(res.presentation)
    tpl = read_template(template.read_bytes())
    prs = Presentation(io.BytesIO(data))
    # the template's size, masters and layouts; none of its example slides
    assert (prs.slide_width, prs.slide_height) == (tpl.width, tpl.height)
    assert len(prs.slide_masters) == len(tpl.masters)
    assert sum(len(m.slide_layouts) for m in prs.slide_masters) == len(tpl.layouts)
    assert len(prs.slides) == len(res.presentation.slides) == 12
    # every title in the slide's title placeholder
    for slide, planned in zip(prs.slides, res.presentation.slides, strict=True):
        assert slide.shapes.title is not None
        drawn = slide.shapes.title.text.replace("\u2060", "")  # joiners keep names whole
        assert " ".join(drawn.split()) == slide_title(planned)
    # the bullets of a content slide are the body of its layout's content placeholder
    body = [sh for sh in prs.slides[2].placeholders if sh.placeholder_format.idx == 1]
    first = res.deck.slides[2].bullets[0].text  # type: ignore[union-attr]
    shown = body[0].text.replace("\u2060", "") if body else ""  # joiners keep names whole
    assert len(body) == 1 and shown.startswith(plain(first))
    assert prs.slides[2].slide_layout.name in ("Conteúdo", "Title and Content")
    # every run keeps the template's fonts, so PowerPoint draws the brand's typefaces
    latin = [el for s in prs.slides for el in s.shapes._spTree.iter(qn("a:latin"))]
    assert {el.get("typeface") for el in latin} == BRAND_FONTS[template.name]
    # only a font without metrics of its own is measured as a stand-in, and said so
    metrics = [d.message for d in res.diagnostics if "metrics" in d.message]
    if template.name.startswith("ngo"):
        assert metrics == [
            f"template '{template}': the template's font 'Calibri Light' has no metrics in "
            "deckgen: text keeps 'Calibri Light' and is measured as Noto Sans"
        ]
    else:
        assert metrics == []
    # valid, and accessible as built
    findings = Validator(find_schema_dir()).check_bytes(data)
    assert [str(f) for f in findings if f.is_error] == []
    assert [str(f) for f in a11y(data)] == []


@needs_templates
def test_colours_and_fonts_come_from_the_template() -> None:
    res = compile_deck(QWEN, TOOLS, template=str(REAL[0]))
    assert res.presentation is not None
    title = next(
        sh for sh in res.presentation.slides[2].shapes if getattr(sh, "role", "") == "title"
    )
    run = title.text.paragraphs[0].runs[0]  # type: ignore[union-attr]
    assert run.color == "88161F"  # the master's title colour
    icon = next(sh for sh in res.presentation.slides[2].shapes if sh.name.startswith("Icon"))
    # accent1, the brand's orange (#D76C23), darkened until it reads at 4.5:1 on the
    # white ground and the light grey panels (it colours text too)
    assert icon.color == "A2521A"
    assert contrast("A2521A", "E8E8E8") >= 4.5 > contrast("D76C23", "FFFFFF")
    # the footer sits on the master's orange band, and carries the band's colour for lint:
    # the template's white reads at 3.47:1 there, enough for large-scale text (WCAG 1.4.3),
    # so footer and number keep the brand's white, set bold at 14 pt (they fit their boxes)
    assert 3.0 < contrast("FFFFFF", "D76C24") < 4.5
    for name in ("Footer", "Slide number"):
        shape = next(sh for sh in res.presentation.slides[2].shapes if sh.name == name)
        assert shape.fill == "D76C24"  # type: ignore[union-attr]
        assert shape.text.paragraphs[0].lines == 1  # type: ignore[union-attr]
        assert [(r.color, r.size, r.bold) for r in shape.text.paragraphs[0].runs] == [  # type: ignore[union-attr]
            ("FFFFFF", 14.0, True)
        ]
    warnings = [d.message for d in res.diagnostics if not d.is_error]
    # the brand's fonts stay on the runs (PowerPoint draws them); deckgen ships Montserrat's
    # metrics, so layout measures them as themselves, with no stand-in and no warning
    assert run.font == "Montserrat Medium"
    bullets = next(sh for sh in res.presentation.slides[2].shapes if sh.name == "Bullets")
    assert bullets.text.paragraphs[0].runs[0].font == "Montserrat"  # type: ignore[union-attr]
    assert [w for w in warnings if "metrics" in w] == []
    assert (
        f"template '{REAL[0]}': the template has no section layout: section slides use 'Conteúdo (master 1)'"
        in warnings
    )


def test_a_theme_names_the_template_and_its_layouts(tmp_path: Path) -> None:
    theme = (
        "extends: paper\ntemplate: corp.pptx\n"
        "layouts: {quote: Title and Content, section: Title Only}\n"
    )
    (tmp_path / "themes" / "brand").mkdir(parents=True)
    (tmp_path / "themes" / "brand" / "corp.pptx").write_bytes(_office())
    res = _build(tmp_path, SMALL.format(theme="brand"), **{"themes/brand/theme.yaml": theme})
    assert _errors(res) == []
    assert res.presentation is not None
    data = render_bytes(res.presentation)
    assert _layout_names(data) == [
        "Title Slide",
        "Title Only",
        "Title and Content",
        "Title and Content",
    ]
    prs = Presentation(io.BytesIO(data))
    # title slide: title and subtitle in the layout's own placeholders
    kinds = {
        sh.placeholder_format.type: sh.text.replace("\u2060", "")  # joiners keep names whole
        for sh in prs.slides[0].placeholders
    }
    assert kinds == {
        PP_PLACEHOLDER.CENTER_TITLE: "On a template",
        PP_PLACEHOLDER.SUBTITLE: "Built on somebody else's design\nA. Author · 2024-12-19",
    }
    # footer and slide number fill the layout's placeholders
    phs = [sh.placeholder_format.idx for sh in prs.slides[2].placeholders]
    assert phs == [0, 1, 11, 12]
    # the Office section title is styled in capitals: the slide undoes it, as measured
    title = prs.slides[1].shapes.title._element
    level1 = title.find(".//a:lstStyle/a:lvl1pPr/a:defRPr", NS)
    assert (level1.get("cap"), level1.get("spc")) == ("none", "0")
    assert [str(f) for f in a11y(data)] == []


def test_an_unknown_layout_name_is_an_error_listing_the_layouts(tmp_path: Path) -> None:
    (tmp_path / "themes" / "brand").mkdir(parents=True)
    (tmp_path / "themes" / "brand" / "corp.pptx").write_bytes(_office())
    theme = "extends: paper\ntemplate: corp.pptx\nlayouts: {section: Abschnitt}\n"
    res = _build(tmp_path, SMALL.format(theme="brand"), **{"themes/brand/theme.yaml": theme})
    (error,) = [d for d in res.diagnostics if d.is_error]
    where = tmp_path / "themes" / "brand" / "corp.pptx"
    assert (
        error.message
        == f"template '{where}': layouts.section: the template has no layout 'Abschnitt'"
    )
    assert error.hint is not None and "'Title Slide', 'Title and Content'" in error.hint
    # located where the theme names it
    assert error.span is not None
    assert (Path(error.span.file).name, error.span.line) == ("theme.yaml", 3)


def test_a_theme_naming_a_missing_template_is_located_in_the_theme(tmp_path: Path) -> None:
    theme = "extends: paper\ntemplate: brand/corp.potx\n"
    res = _build(tmp_path, SMALL.format(theme="brand"), **{"themes/brand/theme.yaml": theme})
    (error,) = [d for d in res.diagnostics if d.is_error]
    where = tmp_path / "themes" / "brand" / "brand" / "corp.potx"
    assert error.message == f"template '{where}': file not found: '{where}'"
    assert error.span is not None and (error.span.line, error.span.column) == (2, 11)


def test_a_title_layout_without_a_title_placeholder_gives_way_with_a_warning(
    tmp_path: Path,
) -> None:
    def untitled(prs) -> None:  # type: ignore[no-untyped-def]
        layout = prs.slide_layouts[0]  # "Title Slide"
        for sp in layout.placeholders:
            if sp.placeholder_format.type == PP_PLACEHOLDER.CENTER_TITLE:
                sp._element.getparent().remove(sp._element)

    res = _build(tmp_path, SMALL.format(theme="paper"), _office(untitled))
    assert _errors(res) == []
    warnings = [d.message for d in res.diagnostics if not d.is_error]
    corp = tmp_path / "corp.pptx"
    assert (
        f"template '{corp}': the template has no title layout: title slides use 'Title and Content'"
        in warnings
    )
    assert res.presentation is not None
    assert _layout_names(render_bytes(res.presentation))[0] == "Title and Content"


def test_a_dark_master_that_swaps_bg1_and_tx1_keeps_text_legible(tmp_path: Path) -> None:
    def dark(prs) -> None:  # type: ignore[no-untyped-def]
        cmap = prs.slide_masters[0]._element.find(qn("p:clrMap"))
        cmap.set("bg1", "dk1")
        cmap.set("tx1", "lt1")
        cmap.set("bg2", "dk2")
        cmap.set("tx2", "lt2")

    res = _build(tmp_path, SMALL.format(theme="paper"), _office(dark))
    assert _errors(res) == []
    assert res.presentation is not None
    slide = res.presentation.slides[2]
    bullets = next(sh for sh in slide.shapes if sh.name == "Bullets")
    ink = bullets.text.paragraphs[0].runs[0].color  # type: ignore[union-attr]
    assert ink == "FFFFFF"  # tx1 is lt1 on this master
    assert slide.background == "000000"
    assert contrast(ink, slide.background) >= 4.5


def test_messy_layouts_portuguese_names_and_only_body_placeholders(tmp_path: Path) -> None:
    names = {
        "Title Slide": "Capa",
        "Title and Content": "Título e Conteúdo",
        "Section Header": "Cabeçalho da Seção",
        "Two Content": "Duas Partes",
    }

    def messy(prs) -> None:  # type: ignore[no-untyped-def]
        for layout in prs.slide_layouts:
            csld = layout._element.find(qn("p:cSld"))
            csld.set("name", names.get(csld.get("name"), csld.get("name")))
            layout._element.set("type", "cust")  # untyped, as many templates are
            for ph in layout._element.iter(qn("p:ph")):
                if ph.get("type") is None:
                    ph.set("type", "body")  # BODY instead of content placeholders
                if ph.get("idx") == "1":
                    ph.set("idx", "13")  # content placeholder at idx 13

    res = _build(tmp_path, SMALL.format(theme="paper"), _office(messy))
    assert _errors(res) == []
    assert res.presentation is not None
    data = render_bytes(res.presentation)
    assert _layout_names(data) == [
        "Capa",
        "Cabeçalho da Seção",
        "Título e Conteúdo",
        "Title Only",  # found by its name, untyped as it is
    ]
    body = part_xml(data, 3).xpath(".//p:sp[.//p:ph[@idx='13']]", namespaces=NS)
    assert len(body) == 1 and "First point" in "".join(body[0].itertext())


def part_xml(data: bytes, n: int) -> etree._Element:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read(f"ppt/slides/slide{n}.xml"))


def test_build_template_option_on_the_command_line(tmp_path: Path) -> None:
    (tmp_path / "corp.pptx").write_bytes(_office())
    deck = tmp_path / "deck.yaml"
    deck.write_text(SMALL.format(theme="paper"), encoding="utf-8")
    out = tmp_path / "out.pptx"
    args = ["build", str(deck), "-o", str(out), "--template", str(tmp_path / "corp.pptx")]
    res = CliRunner().invoke(cli, args)
    assert res.exit_code == 0, res.output
    assert _layout_names(out.read_bytes())[0] == "Title Slide"
    res = CliRunner().invoke(cli, [*args[:-1], str(tmp_path / "missing.potx")])
    assert res.exit_code == 1
    assert (
        f"template '{tmp_path / 'missing.potx'}': file not found: '{tmp_path / 'missing.potx'}'"
        in res.output
    )


@needs_templates
@pytest.mark.parametrize("deck", [QWEN, TWO_COLUMN], ids=lambda p: p.stem)
@pytest.mark.parametrize("template", REAL, ids=lambda p: p.name)
def test_render_on_a_real_template_keeps_every_word_in_its_box(
    template: Path, deck: Path, tmp_path: Path, render_tools: render.Tools
) -> None:
    out = tmp_path / "build"
    cmd = ["build", str(deck), "-o", f"{out}/", "--dump-ir", "--template", str(template)]
    res = CliRunner().invoke(cli, cmd)
    assert res.exit_code == 0, res.output
    # the dumped IR names the layout each slide was measured on
    dumped = json.loads((out / f"{deck.stem}.ir.json").read_text(encoding="utf-8"))
    on = [s["frame"]["name"] for s in dumped["slides"]]
    if deck == TWO_COLUMN:
        eco = template.name.startswith("ngo")
        assert on == ["Two Content" if eco else "Conteúdo (master 1)"]
    else:
        assert on[2] in ("Title and Content", "Conteúdo (master 1)")
    drawn = render.DeckRender(
        id=deck.stem,
        source=deck,
        pptx=out / f"{deck.stem}.pptx",
        ir_path=out / f"{deck.stem}.ir.json",
        pdf=tmp_path / "pdf" / f"{deck.stem}.pdf",
        tools=render_tools,
        workdir=tmp_path,
    )
    render.convert_to_pdf([drawn], tmp_path, render_tools)
    assert drawn.error is None, drawn.error
    assert drawn.page_count == {"qwen25": 12, "two-column": 1}[deck.stem]
    off_page = [w.text for s in drawn.slides for w in s.off_page]
    # words of the template's own artwork belong to no planned shape: only deckgen's count
    outside = [
        f"slide {s.number}: {p.describe()}"
        for s in drawn.slides
        for p in s.outside
        if p.candidates and any(c.mentions(p.word.text) for c in p.candidates)
    ]
    assert off_page == []
    assert outside == []
    fonts = render.pdf_fonts(drawn.pdf)
    if render_tools.fonts_conf is not None:  # see test_libreoffice_draws_the_real_montserrat
        brand = {"Montserrat-Medium", "Montserrat-Regular", "Montserrat-Bold"}
        assert brand <= fonts if "ufrj" in template.name else not brand & fonts
    if "ngo" in template.name and CARLITO.is_file():  # see test_libreoffice_draws_carlito...
        # Calibri drawn as Carlito, the metrics it is measured with
        assert "Carlito" in fonts


@needs_templates
def test_libreoffice_draws_the_real_montserrat(render_tools: render.Tools) -> None:
    """The render tests draw the university template's Montserrat, as PowerPoint does, not
    the Noto Sans fontconfig substitutes where it is not installed."""
    if render_tools.fonts_conf is None:
        message = (
            "fontpkg-montserrat is not installed (pip install -e '.[test]'): LibreOffice "
            "draws Noto Sans for the template's Montserrat"
        )
        if os.environ.get("CI", "").strip().lower() == "true":
            pytest.fail(f"CI=true: {message}", pytrace=False)
        pytest.skip(message)
    matches = {
        pattern: render.fc_match(pattern, render_tools)
        for pattern in ("Montserrat", "Montserrat Medium", "Montserrat SemiBold", "Montserrat:bold")
    }
    assert matches == {
        "Montserrat": 'Montserrat-Regular.ttf: "Montserrat" "Regular"',
        "Montserrat Medium": 'Montserrat-Medium.ttf: "Montserrat" "Medium"',
        "Montserrat SemiBold": 'Montserrat-SemiBold.ttf: "Montserrat" "SemiBold"',
        "Montserrat:bold": 'Montserrat-Bold.ttf: "Montserrat" "Bold"',
    }
    # the rest of fontconfig's choices stay as they were
    assert render.fc_match("Calibri Light", render_tools) == (
        'NotoSans-Regular.ttf: "Noto Sans" "Regular"'
    )


# Google's Crosextra Carlito, metric-compatible with Calibri (Debian: fonts-crosextra-carlito).
CARLITO = Path("/usr/share/fonts/truetype/crosextra/Carlito-Regular.ttf")


@needs_templates
def test_libreoffice_draws_carlito_for_calibri(tmp_path: Path, render_tools: render.Tools) -> None:
    """The render tests draw the NGO template's Calibri as Carlito, whose advances are
    Calibri's and the metrics deckgen measures it with (fontconfig's metric aliases), not
    the wider Noto Sans fontconfig gives where Carlito is not installed."""
    if not CARLITO.is_file():
        message = (
            "Carlito is not installed (apt-get install fonts-crosextra-carlito): LibreOffice "
            "draws Noto Sans for the template's Calibri"
        )
        if os.environ.get("CI", "").strip().lower() == "true":
            pytest.fail(f"CI=true: {message}", pytrace=False)
        pytest.skip(message)
    matches = {p: render.fc_match(p, render_tools) for p in ("Calibri", "Calibri:bold")}
    assert matches == {
        "Calibri": 'Carlito-Regular.ttf: "Carlito" "Regular"',
        "Calibri:bold": 'Carlito-Bold.ttf: "Carlito" "Bold"',
    }
    out = tmp_path / "build"
    ngo = REAL[1]
    cmd = ["build", str(TWO_COLUMN), "-o", f"{out}/", "--dump-ir", "--template", str(ngo)]
    res = CliRunner().invoke(cli, cmd)
    assert res.exit_code == 0, res.output
    drawn = render.DeckRender(
        id=TWO_COLUMN.stem,
        source=TWO_COLUMN,
        pptx=out / f"{TWO_COLUMN.stem}.pptx",
        ir_path=out / f"{TWO_COLUMN.stem}.ir.json",
        pdf=tmp_path / "pdf" / f"{TWO_COLUMN.stem}.pdf",
        tools=render_tools,
        workdir=tmp_path,
    )
    render.convert_to_pdf([drawn], tmp_path, render_tools)
    assert drawn.error is None, drawn.error
    # the body's Calibri is Carlito in the PDF; the title's bold Calibri Light, Noto Sans Bold;
    # the footer, in the template's grey (tx1 tinted to 898989, 3.50:1 on white), is set
    # large-scale in bold Calibri: Carlito Bold
    assert render.pdf_fonts(drawn.pdf) == {"Carlito", "Carlito-Bold", "NotoSans-Bold"}


def test_a_damaged_template_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(_office()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            if info.filename != "ppt/slideLayouts/slideLayout11.xml":  # a layout goes missing
                dst.writestr(info.filename, src.read(info))
    res = _build(tmp_path, SMALL.format(theme="paper"), out.getvalue())
    (error,) = [d for d in res.diagnostics if d.is_error]
    assert error.message == (
        f"template '{tmp_path / 'corp.pptx'}': the template cannot be opened (KeyError); "
        "is it damaged?"
    )


def test_preview_on_a_template_is_the_template_s_shape(
    tmp_path: Path, render_tools: render.Tools
) -> None:
    from PIL import Image

    (tmp_path / "corp.pptx").write_bytes(_office())  # 4:3
    deck = tmp_path / "deck.yaml"
    deck.write_text(SMALL.format(theme="paper"), encoding="utf-8")
    out = tmp_path / "shots"
    args = ["preview", str(deck), "-o", str(out), "--dpi", "30"]
    res = CliRunner().invoke(cli, [*args, "--template", str(tmp_path / "corp.pptx")])
    assert res.exit_code == 0, res.output
    shots = sorted(out.glob("slide-*.png"))
    assert len(shots) == 4
    with Image.open(shots[0]) as im:
        assert im.size == (300, 225)  # 10 x 7.5 in at 30 dpi


def test_a_template_font_without_metrics_is_measured_as_its_stand_in() -> None:
    from deckgen.frames import stand_in
    from deckgen.layout.text import face_of
    from deckgen.measure import Face, Measurer, UnknownFontError

    shared = Measurer()
    deck = shared.standing_in({"Calibri Light": stand_in("Calibri Light"), "Segoe UI": "Noto Sans"})
    text = "Reinforcement learning"
    # what LibreOffice draws Calibri Light with: Noto Sans (fontconfig's choice), 7 % wider
    # than Arial, with lines 1.362 em tall
    assert stand_in("Calibri Light") == "Noto Sans"
    assert deck.text_width(text, Face("Calibri Light"), 20) == Emu(2894436)
    assert deck.text_width(text, Face("Segoe UI", bold=True), 20) == Emu(3110301)
    assert deck.text_width(text, Face("Arial"), 20) == Emu(2699235)
    ir_run = ir.Run(text, "Calibri Light", 20.0, "000000")
    assert deck.line_height(20, 1.2, [Span(text, face_of(ir_run))]) == Emu(345948)
    # the shared measurer, which serves other decks, is left as it was
    with pytest.raises(UnknownFontError):
        shared.text_width(text, Face("Calibri Light"), 20)
    # a family neither shipped nor in the table: the widest shipped metrics
    assert stand_in("Segoe UI") == "DejaVu Sans"
    assert stand_in("Consolas") == "Liberation Mono"
    # Montserrat has metrics of its own, and Calibri its metric-compatible twin's: no stand-in
    assert shared.has_family("Montserrat Medium")
    assert shared.has_family("Calibri")
    assert deck.text_width(text, Face("Calibri"), 20) == shared.text_width(
        text, Face("Carlito"), 20
    )
    with pytest.raises(UnknownFontError):
        shared.standing_in({"Calibri Light": "Calibri Light"})


def test_check_lays_out_on_the_template(tmp_path: Path) -> None:
    corp = tmp_path / "corp.pptx"
    corp.write_bytes(_office())
    deck = tmp_path / "deck.yaml"
    deck.write_text(SMALL.format(theme="paper"), encoding="utf-8")
    res = CliRunner().invoke(cli, ["check", str(deck), "--template", str(corp)])
    assert res.exit_code == 0, res.output
    # python-pptx's Office template is all Calibri: measured as Carlito, with no warning
    assert res.output.splitlines() == [f"{deck}: ok (4 slides)"]


@needs_templates
def test_a_footer_too_long_to_set_large_takes_a_legible_colour(tmp_path: Path) -> None:
    deck = SMALL.replace(
        "title: On a template\n",
        "title: On a template\nshort_title: A short title that is far too long to be set "
        "large on the footer band of this template\n",
    ).replace("short_title: Template test\n", "")
    res = _build(tmp_path, deck.format(theme="paper"), REAL[0].read_bytes())
    assert _errors(res) == []
    assert res.presentation is not None
    slide = res.presentation.slides[2]  # the bullets
    footer = next(sh for sh in slide.shapes if sh.name == "Footer")
    number = next(sh for sh in slide.shapes if sh.name == "Slide number")
    # bold at 14 pt it would need two lines: the footer keeps its size and takes black
    # (6.06:1 on the band), and the number follows it, so the two read as one footer
    assert [(r.color, r.bold) for r in footer.text.paragraphs[0].runs] == [("000000", False)]  # type: ignore[union-attr]
    assert [(r.color, r.size, r.bold) for r in number.text.paragraphs[0].runs] == [  # type: ignore[union-attr]
        ("000000", 11.0, False)
    ]
    assert contrast("000000", "D76C24") >= 4.5


@needs_templates
def test_a_content_layout_standing_in_for_a_section_layout_centres_the_divider() -> None:
    res = compile_deck(ROOT / "examples" / "section.yaml", TOOLS, template=str(REAL[0]))
    assert _errors(res) == []
    assert res.presentation is not None
    (slide,) = res.presentation.slides
    title = next(sh for sh in slide.shapes if getattr(sh, "role", "") == "title")
    content = read_template(REAL[0].read_bytes()).layouts[6]  # "Conteúdo", master 1
    assert content.title is not None and content.title.box is not None
    # not in the content slide's title box at the top, but a third of the way down
    assert title.box.y > content.title.box.bottom
    assert title.box.y < res.presentation.height // 2


# --- every slide measured on the layout it goes on -----------------------------------------

COLUMNS = """
title: Columns on a template
short_title: Columns
authors: [A. Author]
date: 2024-12-19
theme: {theme}
slides:
  - layout: two-column
    title: Training budget vs inference budget
    left:
      heading: Training budget
      icon: cpu
      text: Paid once, by the lab that trains the model.
      bullets: [Optimise compute to reach a loss, Favours the biggest model the budget allows]
    right:
      heading: Inference budget
      icon: zap
      text: Paid on every query, by everyone who runs it.
      bullets: [Millions of queries a day, Favours a smaller model trained for longer]
  - layout: bullets
    title: Points
    bullets: [First point, Second point]
  - layout: bullets
    title: One number
    stat: {{value: "100%", label: passkey retrieval at 1M tokens}}
"""
IN = 914400


def _box(x: float, y: float, w: float, h: float) -> ir.Box:
    return ir.Box(Emu(round(x * IN)), Emu(round(y * IN)), Emu(round(w * IN)), Emu(round(h * IN)))


#: The odd boxes the tests give the Office "Two Content" layout's title and two content
#: placeholders: columns of different widths, heights and tops, a title off to one side.
ODD_TITLE = _box(1.2, 0.2, 8.4, 1.0)
ODD_LEFT = _box(0.4, 2.6, 3.2, 4.0)
ODD_RIGHT = _box(4.4, 1.6, 5.2, 3.0)


def _odd_two_content(prs) -> None:  # type: ignore[no-untyped-def]
    from pptx.enum.text import MSO_ANCHOR
    from pptx.util import Emu as PEmu

    layout = prs.slide_layouts.get_by_name("Two Content")
    for ph in layout.placeholders:
        box = {0: ODD_TITLE, 1: ODD_LEFT, 2: ODD_RIGHT}.get(ph.placeholder_format.idx)
        if box is not None:
            ph.left, ph.top, ph.width, ph.height = (PEmu(v) for v in (box.x, box.y, box.w, box.h))
        if ph.placeholder_format.idx == 0:
            # a title with its own insets and anchor, and a text size of its own
            ph.text_frame.margin_left = PEmu(0)
            ph.text_frame.margin_top = PEmu(IN // 10)
            ph.text_frame.vertical_anchor = MSO_ANCHOR.BOTTOM
            lst = ph.text_frame._txBody.find(qn("a:lstStyle"))
            lvl = etree.SubElement(lst, qn("a:lvl1pPr"))
            rpr = etree.SubElement(lvl, qn("a:defRPr"), sz="2600")
            etree.SubElement(rpr, qn("a:latin"), typeface="Segoe UI")


def _ph_box(template: bytes, layout: str, idx: int) -> ir.Box:
    """Return the box of placeholder ``idx`` of the template's layout ``layout``."""
    lay = read_template(template).layout(layout)
    assert lay is not None
    (box,) = [p.box for p in lay.placeholders if p.idx == idx]
    assert box is not None
    return ir.Box(Emu(box.x), Emu(box.y), Emu(box.w), Emu(box.h))


def _shape(slide: ir.Slide, name: str) -> ir.TextShape:
    return next(sh for sh in slide.shapes if isinstance(sh, ir.TextShape) and sh.name == name)


def _ph_xml(data: bytes, n: int, idx: int) -> etree._Element:
    (sp,) = part_xml(data, n).xpath(f".//p:sp[p:nvSpPr/p:nvPr/p:ph[@idx='{idx}']]", namespaces=NS)
    return sp


def test_a_two_column_slide_fills_the_two_content_placeholders_of_its_layout(
    tmp_path: Path,
) -> None:
    template = _office(_odd_two_content)
    res = _build(tmp_path, COLUMNS.format(theme="paper"), template)
    assert _errors(res) == []
    assert res.presentation is not None
    two, bullets, visual = res.presentation.slides
    # the IR records the layout each slide was measured on and its boxes
    assert two.frame is not None and two.frame.name == "Two Content"
    assert two.frame.columns == (ODD_LEFT, ODD_RIGHT)
    assert two.frame.title == ODD_TITLE
    # each column's text box is its placeholder's box, and fills that placeholder
    left, right = _shape(two, "Left text"), _shape(two, "Right text")
    assert (left.box, left.placeholder) == (ODD_LEFT, 1)
    assert (right.box, right.placeholder) == (ODD_RIGHT, 2)
    # with the insets the placeholders inherit (0.1 in at the sides)
    assert left.text is not None and (left.text.inset_l, left.text.inset_r) == (91440, 91440)
    # the title is measured in the layout's own title box, with its insets, anchor and size
    title = _shape(two, "Title")
    assert title.box == ODD_TITLE
    assert title.text is not None
    assert (title.text.inset_l, title.text.inset_t, title.text.anchor) == (0, IN // 10, "b")
    assert {(r.size, r.font) for p in title.text.paragraphs for r in p.runs} == {(26.0, "Segoe UI")}
    # a typeface deckgen has no metrics for: kept, measured as its stand-in, and said so
    assert (
        f"template '{tmp_path / 'corp.pptx'}': the template's font 'Segoe UI' has no metrics "
        "in deckgen: text keeps 'Segoe UI' and is measured as DejaVu Sans"
    ) in [d.message for d in res.diagnostics]
    # the bullets slide: the Title and Content layout's title box, not Two Content's
    assert bullets.frame is not None and bullets.frame.name == "Title and Content"
    assert _shape(bullets, "Title").box == _ph_box(template, "Title and Content", 0)
    assert _shape(bullets, "Title").text.paragraphs[0].runs[0].font == "Calibri"  # type: ignore[union-attr]
    assert bullets.frame.content == _ph_box(template, "Title and Content", 1)
    # a slide that is a visual alone goes on Title Only, in the room below its title
    assert visual.frame is not None and visual.frame.name == "Title Only"
    assert visual.frame.title == _ph_box(template, "Title Only", 0)
    assert visual.frame.content.y > visual.frame.title.bottom
    assert all(
        visual.frame.content.contains(sh.box)
        for sh in visual.shapes
        if getattr(sh, "role", "") not in ("title", "footer", "number")
    )
    data = render_bytes(res.presentation)
    assert _layout_names(data) == ["Two Content", "Title and Content", "Title Only"]
    # in the file: the columns' text in the slide's placeholders idx 1 and 2, at their boxes
    for idx, box, first in ((1, ODD_LEFT, "Training budget"), (2, ODD_RIGHT, "Inference budget")):
        sp = _ph_xml(data, 1, idx)
        assert "".join(sp.itertext()).startswith(first)
        off = sp.find("p:spPr/a:xfrm/a:off", NS)
        ext = sp.find("p:spPr/a:xfrm/a:ext", NS)
        drawn = (off.get("x"), off.get("y"), ext.get("cx"), ext.get("cy"))
        assert drawn == tuple(str(v) for v in (box.x, box.y, box.w, box.h))
    findings = Validator(find_schema_dir()).check_bytes(data)
    assert [str(f) for f in findings if f.is_error] == []
    assert [str(f) for f in a11y(data)] == []


def test_a_two_column_slide_on_a_layout_with_one_content_placeholder_warns_where_it_is(
    tmp_path: Path,
) -> None:
    theme = "paper\nlayouts:\n  two-column: Title and Content"
    res = _build(
        tmp_path,
        COLUMNS.format(theme="theme.yaml"),
        _office(),
        **{"theme.yaml": f"extends: {theme}\ntemplate: corp.pptx\n"},
    )
    assert _errors(res) == []
    assert res.presentation is not None
    (warning,) = [d for d in res.diagnostics if d.path == ("slides", 0)]
    assert warning.message == (
        "two-column slide on template layout 'Title and Content', which has one content "
        "placeholder: the columns split its content area, and only the left column's text "
        "is in a placeholder"
    )
    assert warning.span is not None and warning.span.line == 8
    two = res.presentation.slides[0]
    assert two.frame is not None and two.frame.columns == ()
    # both columns inside the content placeholder's box; the left one's text fills it
    area = two.frame.content
    assert area == _ph_box(_office(), "Title and Content", 1)
    left, right = _shape(two, "Left text"), _shape(two, "Right text")
    assert area.contains(left.box) and area.contains(right.box)
    assert (left.placeholder, right.placeholder) == (1, None)


@needs_templates
@pytest.mark.parametrize("template", REAL, ids=lambda p: p.name)
def test_on_a_real_template_each_slide_is_measured_on_its_own_layout(template: Path) -> None:
    tpl = read_template(template.read_bytes())
    for deck in (QWEN, TWO_COLUMN):
        res = compile_deck(deck, TOOLS, template=str(template))
        assert _errors(res) == []
        assert res.presentation is not None
        for slide in res.presentation.slides:
            assert slide.frame is not None
            lay = tpl.layouts[slide.frame.layout]
            assert slide.frame.name == tpl.label(lay)
            assert lay.title is not None and lay.title.box is not None
            own = lay.title.box
            assert slide.frame.title == ir.Box(Emu(own.x), Emu(own.y), Emu(own.w), Emu(own.h))
            if slide.layout == "title":
                continue
            # the title in that box: its left, top and height; narrower by a title icon
            title = next(sh for sh in slide.shapes if getattr(sh, "role", "") == "title")
            assert (title.box.x, title.box.y, title.box.h) == (own.x, own.y, own.h)
            assert title.box.w <= own.w
    two = compile_deck(TWO_COLUMN, TOOLS, template=str(template))
    assert two.presentation is not None
    (slide,) = two.presentation.slides
    left, right = _shape(slide, "Left text"), _shape(slide, "Right text")
    warnings = [d.message for d in two.diagnostics if d.path == ("slides", 0)]
    if template.name.startswith("ngo"):
        # "Two Content": the columns are its two content placeholders, boxes and all
        assert slide.frame is not None and slide.frame.name == "Two Content"
        data = template.read_bytes()
        assert left.box == _ph_box(data, "Two Content", 1)
        assert right.box == _ph_box(data, "Two Content", 2)
        assert (left.placeholder, right.placeholder) == (1, 2)
        assert warnings == []
    else:
        # no layout with two content placeholders: "Conteúdo" stands in, and says so
        assert slide.frame is not None and slide.frame.name == "Conteúdo (master 1)"
        assert (left.placeholder, right.placeholder) == (1, None)
        assert warnings == [
            "two-column slide on template layout 'Conteúdo (master 1)', which has one content "
            "placeholder: the columns split its content area, and only the left column's "
            "text is in a placeholder"
        ]


@needs_templates
def test_a_layout_with_a_header_strip_above_its_title_measures_below_the_title(
    tmp_path: Path,
) -> None:
    # Mecanon's second master: "Conteúdo" has a body placeholder (idx 13) above the title
    # as a header strip, and its title sits lower (1.16 in) than the first master's
    theme = "extends: paper\nlayouts: {bullets: Conteúdo (master 2)}\n"
    res = _on_real(tmp_path, theme, REAL[0])
    assert _errors(res) == []
    assert res.presentation is not None
    bullets = res.presentation.slides[1]
    data = REAL[0].read_bytes()
    assert bullets.frame is not None and bullets.frame.name == "Conteúdo (master 2)"
    assert bullets.frame.title == _ph_box(data, "Conteúdo (master 2)", 0)
    assert _shape(bullets, "Title").box == _ph_box(data, "Conteúdo (master 2)", 0)
    # the content area is the content placeholder's, not stretched up over the strip
    assert bullets.frame.content == _ph_box(data, "Conteúdo (master 2)", 1)
    assert _shape(bullets, "Bullets").placeholder == 1


@needs_templates
def test_a_two_column_slide_on_stacked_content_placeholders_fills_only_the_largest(
    tmp_path: Path,
) -> None:
    # Mecanon's "Conteúdo (master 2)": a content placeholder under the title and a header
    # strip (idx 13) above it, one over the other, not side by side
    theme = "extends: paper\nlayouts: {two-column: Conteúdo (master 2)}\n"
    res = _on_real(tmp_path, theme, REAL[0])
    assert _errors(res) == []
    assert res.presentation is not None
    two = res.presentation.slides[0]
    assert [d.message for d in res.diagnostics if d.path == ("slides", 0)] == [
        "two-column slide on template layout 'Conteúdo (master 2)', whose content "
        "placeholders are not side by side: the columns split its content area, and only "
        "the left column's text is in a placeholder"
    ]
    left, right = _shape(two, "Left text"), _shape(two, "Right text")
    assert (left.placeholder, right.placeholder) == (1, None)
    assert two.frame is not None and two.frame.content == _ph_box(
        REAL[0].read_bytes(), "Conteúdo (master 2)", 1
    )


@needs_templates
def test_the_emphasised_panel_and_the_highlight_wear_the_template_s_accent() -> None:
    """What a slide is about takes the brand's accent (darkened to read at 4.5:1), not
    deckgen's own blue: the emphasised comparison panel, the first series' legend key."""
    deck = ROOT / "examples" / "hero-chart.yaml"
    res = compile_deck(deck, TOOLS, template=str(REAL[0]))
    assert res.presentation is not None
    slides = res.presentation.slides

    def fills(i: int, name: str) -> list[str | None]:
        return [getattr(sh, "fill", None) for sh in slides[i].shapes if sh.name == name]

    assert fills(2, "Column header")[-1] == "A2521A"
    assert fills(3, "Legend key 1") == ["A2521A"]
    assert contrast("FFFFFF", "A2521A") >= 4.5


def test_a_theme_names_the_layout_of_visual_alone_slides(tmp_path: Path) -> None:
    theme = "extends: paper\ntemplate: corp.pptx\nlayouts:\n  visual: Title and Content\n"
    (tmp_path / "themes" / "brand").mkdir(parents=True)
    (tmp_path / "themes" / "brand" / "corp.pptx").write_bytes(_office())
    res = _build(tmp_path, COLUMNS.format(theme="brand"), **{"themes/brand/theme.yaml": theme})
    assert _errors(res) == []
    assert res.presentation is not None
    frames = [s.frame.name if s.frame else None for s in res.presentation.slides]
    assert frames == ["Two Content", "Title and Content", "Title and Content"]
    # the stat is measured in the content placeholder's area of the layout it goes on
    stat = res.presentation.slides[2]
    assert stat.frame is not None
    assert stat.frame.content == _ph_box(_office(), "Title and Content", 1)
    data = render_bytes(res.presentation)
    assert _layout_names(data) == ["Two Content", "Title and Content", "Title and Content"]
    assert [str(f) for f in a11y(data)] == []
    # without the key, the visual goes on the template's "Title Only"
    plain_theme = "extends: paper\ntemplate: corp.pptx\n"
    res = _build(
        tmp_path, COLUMNS.format(theme="brand"), **{"themes/brand/theme.yaml": plain_theme}
    )
    assert res.presentation is not None
    assert res.presentation.slides[2].frame is not None
    assert res.presentation.slides[2].frame.name == "Title Only"


def test_a_misspelt_layouts_key_is_located_at_the_key_with_a_suggestion(tmp_path: Path) -> None:
    theme = "extends: paper\ntemplate: corp.pptx\nlayouts:\n  visaul: Title Only\n"
    (tmp_path / "themes" / "brand").mkdir(parents=True)
    (tmp_path / "themes" / "brand" / "corp.pptx").write_bytes(_office())
    res = _build(tmp_path, COLUMNS.format(theme="brand"), **{"themes/brand/theme.yaml": theme})
    (error,) = [d for d in res.diagnostics if d.is_error]
    assert (error.message, error.path, error.hint) == (
        "unknown key 'visaul'",
        ("layouts", "visaul"),
        "did you mean 'visual'?",
    )
    assert error.span is not None
    assert (Path(error.span.file).name, error.span.line, error.span.column) == ("theme.yaml", 4, 3)
    # a key nothing is close to lists every key
    theme = theme.replace("visaul", "sidebar")
    res = _build(tmp_path, COLUMNS.format(theme="brand"), **{"themes/brand/theme.yaml": theme})
    (error,) = [d for d in res.diagnostics if d.is_error]
    assert error.hint == (
        "expected one of: bullets, qa, question, quote, section, statement, title, "
        "two-column, visual"
    )


def test_a_named_layout_lacking_what_its_slides_fill_is_warned_at_its_key(tmp_path: Path) -> None:
    theme = (
        "extends: paper\ntemplate: corp.pptx\nlayouts:\n"
        "  visual: Blank\n"
        "  two-column: Title and Content\n"
    )
    (tmp_path / "themes" / "brand").mkdir(parents=True)
    (tmp_path / "themes" / "brand" / "corp.pptx").write_bytes(_office())
    res = _build(tmp_path, COLUMNS.format(theme="brand"), **{"themes/brand/theme.yaml": theme})
    assert _errors(res) == []
    corp = tmp_path / "themes" / "brand" / "corp.pptx"
    named = [d for d in res.diagnostics if d.path[:1] == ("layouts",)]
    assert [(d.path, d.message, d.hint, d.span.line if d.span else None) for d in named] == [
        (
            ("layouts", "visual"),
            f"template '{corp}': layout 'Blank' has no title placeholder: the title is "
            "written as a title placeholder anyway, where the bullets layout has it",
            "layouts with a title placeholder: 'Title Slide', 'Title and Content', "
            "'Section Header', 'Two Content', 'Comparison', 'Title Only', "
            "'Content with Caption', 'Picture with Caption', 'Title and Vertical Text', "
            "'Vertical Title and Text'",
            4,
        ),
        (
            ("layouts", "two-column"),
            f"template '{corp}': layout 'Title and Content' does not have two content "
            "placeholders side by side: the columns split its content area",
            "layouts with a title and two content placeholders side by side: 'Two Content', "
            "'Comparison', 'Content with Caption'",
            5,
        ),
    ]
    assert {d.severity.value for d in named} == {"warning"}
    assert res.presentation is not None
    # built as named all the same: the visual on "Blank", its title still the slide's title
    data = render_bytes(res.presentation)
    assert _layout_names(data) == ["Title and Content", "Title and Content", "Blank"]
    prs = Presentation(io.BytesIO(data))
    assert prs.slides[2].shapes.title is not None
    assert prs.slides[2].shapes.title.text == "One number"
    assert [str(f) for f in a11y(data)] == []


@needs_templates
@pytest.mark.parametrize("template", REAL, ids=lambda p: p.name)
def test_visual_alone_slides_on_a_real_template_are_valid_and_accessible(
    tmp_path: Path, template: Path
) -> None:
    """On each real template, a theme naming the visual-alone slides' layout (the
    university's second master's "Conteúdo", a header strip above its title; the NGO's
    "Title Only") gets a deck that is valid and accessible."""
    visual = {"university": "Conteúdo (master 2)", "ngo": "Title Only"}[template.name.split("-")[0]]
    theme = f"extends: paper\nlayouts:\n  visual: {visual}\n"
    res = _on_real(tmp_path, theme, template)
    assert _errors(res) == []
    assert [d.message for d in res.diagnostics if d.path[:1] == ("layouts",)] == []
    assert res.presentation is not None
    stat = res.presentation.slides[2]
    assert stat.frame is not None and stat.frame.name == visual
    data = render_bytes(res.presentation)
    findings = Validator(find_schema_dir()).check_bytes(data)
    assert [str(f) for f in findings if f.is_error] == []
    assert [str(f) for f in a11y(data)] == []


@needs_templates
def test_a_visual_on_a_layout_without_a_title_measures_below_where_the_title_goes(
    tmp_path: Path,
) -> None:
    # Mecanon's "Vazio" (second master): no title placeholder, only a header strip (a body
    # placeholder 0.11 in from the top, 0.77 in high). The title is written where the
    # bullets layout has it, and the visual goes in the content area below, not the strip.
    theme = "extends: paper\nlayouts: {visual: Vazio}\n"
    res = _on_real(tmp_path, theme, REAL[0])
    assert _errors(res) == []
    assert res.presentation is not None
    _, bullets, stat = res.presentation.slides
    assert stat.frame is not None and bullets.frame is not None
    assert (stat.frame.name, stat.frame.title) == ("Vazio", None)
    assert _shape(stat, "Title").box == _shape(bullets, "Title").box
    content, strip = stat.frame.content, _ph_box(REAL[0].read_bytes(), "Vazio", 13)
    assert (content.y, content.h) == (bullets.frame.content.y, bullets.frame.content.h)
    assert content.y > strip.bottom
    data = render_bytes(res.presentation)
    assert Presentation(io.BytesIO(data)).slides[2].shapes.title.text == "One number"
    assert [str(f) for f in a11y(data)] == []
