"""Specification of text in any script: the deck's language, Chinese, Japanese, Arabic and
Hebrew measured with real fonts' advances, Unicode line breaking, right-to-left paragraphs,
and names that never break at their hyphen.

Expected widths are computed here from the real fonts (read with fontTools from Debian's
fonts-noto-cjk and fonts-dejavu-core), not by calling the code under test a second way. A
test that needs a font skips when it is not installed, except under CI=true, where the
fonts are installed by .ci/run and a missing one is a failure.
"""

from __future__ import annotations

import json
import os
import re
from importlib import resources
from pathlib import Path

import pytest
from lxml import etree

from deckgen import script
from deckgen.measure import Face, Measurer, Span
from deckgen.units import EMU_PER_PT, emu, inches, pt
from helpers import NS, build_bytes, compile_text, names, part

CJK_TTC = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
CJK_BOLD_TTC = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc")
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
ARIAL = Face("Arial")


def _font(path: Path, index: int | None = None):  # -> fontTools.ttLib.TTFont
    """Return the installed font at ``path``; skip (fail under CI=true) when it is missing."""
    ttlib = pytest.importorskip("fontTools.ttLib")
    if not path.is_file():
        message = f"{path} is not installed (Debian: fonts-noto-cjk / fonts-dejavu-core)"
        if os.environ.get("CI", "").strip().lower() == "true":
            pytest.fail(f"CI=true: {message}", pytrace=False)
        pytest.skip(message)
    if index is None:
        return ttlib.TTFont(path)
    return ttlib.TTCollection(path, lazy=True).fonts[index]


def noto_cjk_sc(path: Path = CJK_TTC):  # -> fontTools.ttLib.TTFont
    """Return the Simplified Chinese face (index 2) of a Noto Sans CJK collection."""
    font = _font(path, 2)
    assert font["name"].getDebugName(1) == "Noto Sans CJK SC"
    return font


def ideal_width(font, text: str, size: float) -> int:
    """Return the unrounded width in EMU of ``text`` set in ``font`` (no kerning)."""
    cmap, hmtx = font.getBestCmap(), font["hmtx"]
    units = sum(hmtx[cmap[ord(ch)]][0] for ch in text)
    return emu(units * size * EMU_PER_PT / font["head"].unitsPerEm)


@pytest.fixture
def ideal() -> Measurer:
    """A measurer that sums unrounded advances (no safety margin)."""
    return Measurer(safety=0, renderer="ideal")


@pytest.fixture
def exact() -> Measurer:
    """A measurer that reproduces LibreOffice exactly (no safety margin)."""
    return Measurer(safety=0)


def lines_of(m: Measurer, text: str, fits: str, size: float = 20) -> list[str]:
    """Return ``text`` wrapped in a box exactly as wide as ``fits``."""
    box = m.text_width(fits, ARIAL, size)
    return [line.text for line in m.wrap([Span(text, ARIAL)], size, box)]


# -- the shipped metrics -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "path"), [("noto-sans-cjk-regular", CJK_TTC), ("noto-sans-cjk-bold", CJK_BOLD_TTC)]
)
def test_cjk_metrics_hold_every_advance_of_the_ttc_in_few_runs(name: str, path: Path) -> None:
    font = noto_cjk_sc(path)
    raw = resources.files("deckgen").joinpath("data", "fonts", f"{name}.json").read_text("utf-8")
    assert len(raw) < 60_000  # 44,000 characters stored as runs, not one entry each
    data = json.loads(raw)
    stored = {first + i: adv for first, count, adv in data["advanceRuns"] for i in range(count)}
    hmtx = font["hmtx"]
    assert stored == {cp: hmtx[glyph][0] for cp, glyph in font.getBestCmap().items()}
    assert data["unitsPerEm"] == 1000
    assert data["source"]["version"] == font["name"].getDebugName(5)


# -- widths ------------------------------------------------------------------------------


def test_chinese_is_measured_with_the_noto_cjk_advances(ideal: Measurer) -> None:
    font = noto_cjk_sc()
    text = "大型语言模型，很强。"
    assert ideal.text_width(text, ARIAL, 18) == ideal_width(font, text, 18)
    # one em per ideograph, not the 0.6 em a missing glyph would be guessed at
    assert ideal.text_width("模型", ARIAL, 10) == emu(20 * EMU_PER_PT)


def test_japanese_kana_and_hangul_take_their_real_advances(ideal: Measurer) -> None:
    font = noto_cjk_sc()
    for text in ("ラージ・ランゲージ・モデルです", "한국어 모델"):
        assert ideal.text_width(text, ARIAL, 24) == ideal_width(font, text, 24)
    assert ideal.text_width("한", ARIAL, 10) == emu(9.2 * EMU_PER_PT)  # Hangul: 920/1000


def test_digits_and_spaces_after_chinese_are_drawn_in_the_east_asian_font(
    ideal: Measurer,
) -> None:
    # Weak characters take the script before them, as LibreOffice draws them.
    font = noto_cjk_sc()
    latin = Face("Arial")
    expected = ideal.text_width("Qwen ", latin, 20) + ideal_width(font, "模型 2024", 20)
    assert abs(ideal.text_width("Qwen 模型 2024", latin, 20) - expected) <= 1


def test_bold_chinese_uses_the_bold_cut(ideal: Measurer) -> None:
    bold = noto_cjk_sc(CJK_BOLD_TTC)
    text = "「注意力」"
    assert ideal.text_width(text, Face("Arial", bold=True), 20) == ideal_width(bold, text, 20)


def test_arabic_is_measured_in_its_joining_forms(ideal: Measurer) -> None:
    font = _font(DEJAVU)
    # مرحبا as drawn: meem initial, reh final, hah initial, beh medial, alef final
    forms = "\ufee3\ufeae\ufea3\ufe92\ufe8e"
    assert ideal.text_width("مرحبا", ARIAL, 20) == ideal_width(font, forms, 20)
    isolated = "\ufee1\ufead\ufea1\ufe8f\ufe8d"
    assert ideal.text_width("مرحبا", ARIAL, 20) < ideal_width(font, isolated, 20)


def test_hebrew_is_measured_in_the_complex_script_font(ideal: Measurer) -> None:
    font = _font(DEJAVU)
    assert ideal.text_width("שלום עולם", ARIAL, 20) == ideal_width(font, "שלום עולם", 20)


def test_combining_marks_take_no_width(ideal: Measurer) -> None:
    assert ideal.text_width("e\u0301", ARIAL, 20) == ideal.text_width("e", ARIAL, 20)
    assert ideal.text_width("a\u20dd", ARIAL, 20) == ideal.text_width("a", ARIAL, 20)


def test_emoji_no_shipped_font_has_is_one_em(ideal: Measurer) -> None:
    assert ideal.text_width("\U0001f680", ARIAL, 20) == emu(20 * EMU_PER_PT)


def test_symbols_arial_lacks_are_measured_in_the_fallback_font(ideal: Measurer) -> None:
    font = _font(DEJAVU)
    assert ideal.text_width("\u2713", ARIAL, 20) == ideal_width(font, "\u2713", 20)


def test_table_lines_with_chinese_are_as_tall_as_noto_cjk_draws_them(ideal: Measurer) -> None:
    font = noto_cjk_sc()
    hhea = font["hhea"]
    natural = (hhea.ascent - hhea.descent + hhea.lineGap) / font["head"].unitsPerEm
    assert natural == pytest.approx(1.448)
    chinese = [Span("开源模型", ARIAL)]
    assert ideal.line_height(18, 1.2, chinese) == emu(18 * natural * EMU_PER_PT)
    assert ideal.line_height(18, 1.2, [Span("Qwen2.5-72B", ARIAL)]) == emu(18 * 1.2 * EMU_PER_PT)
    assert ideal.line_height(18, 1.2) == emu(18 * 1.2 * EMU_PER_PT)  # text boxes: always 1.2


# -- line breaking -----------------------------------------------------------------------


def test_chinese_breaks_between_ideographs_but_never_before_closing_punctuation(
    exact: Measurer,
) -> None:
    assert lines_of(exact, "模型很强。他们很好", "模型很强") == ["模型很", "强。他们", "很好"]
    assert lines_of(exact, "模型很强，他们很好", "模型很强") == ["模型很", "强，他们", "很好"]


def test_japanese_keeps_brackets_with_their_text(exact: Measurer) -> None:
    # never before 」, never after 「
    assert lines_of(exact, "「注意力」は重要です。", "「注意力") == [
        "「注意",
        "力」は重",
        "要です。",
    ]
    assert lines_of(exact, "これは「注意力」です", "これは「") == ["これは", "「注意", "力」です"]


def test_uax14_break_positions() -> None:
    assert sorted(script.line_breaks("「注意力」机制是关键。")) == [2, 3, 5, 6, 7, 8, 9]
    # between Chinese and Latin words too, but not inside the Latin word
    assert sorted(script.line_breaks("模型Qwen很强")) == [1, 2, 6, 7]


def test_latin_text_between_chinese_keeps_its_own_rules(exact: Measurer) -> None:
    text = "我们比较Qwen2.5-72B和其他模型"
    lines = lines_of(exact, text, "我们比较Qwen2.5-72B")
    assert lines == ["我们比较Qwen2.5-72B", "和其他模型"]


# -- names -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fits", "expected"),
    [
        ("Compare Llama-3.1-405B-Instruct now", "Compare Llama-3.1-405B-", "Compare"),
        ("We use GPT-Neo here", "We use GPT-", "We use"),
        ("a long 1M-token window", "a long 1M-", "a long"),
        ("a Qwen2.5-Turbo doc", "a Qwen2.5-Turb", "a"),
    ],
)
def test_names_never_break_at_their_hyphen(
    exact: Measurer, text: str, fits: str, expected: str
) -> None:
    lines = lines_of(exact, text, fits)
    assert lines[0] == expected
    name = text.split()[len(expected.split())]
    assert lines[1].startswith(name)


@pytest.mark.parametrize(
    ("text", "fits", "first"),
    [
        ("a state-of-the-art model", "a state-of-", "a state-of-"),
        ("Pre-training data", "Pre-", "Pre-"),  # capitalised only at the start of a sentence
    ],
)
def test_ordinary_compounds_still_break_after_a_hyphen(
    exact: Measurer, text: str, fits: str, first: str
) -> None:
    assert lines_of(exact, text, fits + "t")[0] == first


def test_names_get_a_word_joiner_after_their_hyphens() -> None:
    wj = script.WORD_JOINER
    text = "Llama-3.1-405B-Instruct, GPT-Neo, 1M-token, state-of-the-art, Pre-training"
    assert script.keep_names_whole(text) == (
        f"Llama-{wj}3.1-{wj}405B-{wj}Instruct, GPT-{wj}Neo, 1M-{wj}token, "
        "state-of-the-art, Pre-training"
    )
    assert script.keep_names_whole(script.keep_names_whole(text)) == script.keep_names_whole(text)


# -- direction ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "rtl"),
    [
        ("نموذج 72B يضاهي نموذج 405B", True),
        ("72B: نموذج", False),  # the first strong character is the Latin B
        ("שלום עולם", True),
        ("Plain English", False),
        ("2024 — 72B", False),
        ("«٧٢»", False),  # Arabic-Indic digits are weak, not right-to-left letters
    ],
)
def test_direction_is_the_first_strong_character(text: str, rtl: bool) -> None:
    assert script.is_rtl(text) is rtl


# -- the written deck --------------------------------------------------------------------

DECK = """
title: 国际化
lang: zh-cn
slides:
  - layout: bullets
    title: 大型语言模型
    notes: 这是讲稿。
    bullets:
      - 模型很强。
      - "نموذج 72B يضاهي نموذج 405B"
      - "מודל 72B"
      - Latin only, with Qwen2.5-72B-Instruct
  - layout: bullets
    title: Table
    table:
      columns: [Model, 说明]
      rows: [[Qwen2.5-72B, 开源模型], [Jais, "نموذج عربي"]]
  - layout: bullets
    title: Chart
    chart:
      kind: bar
      title: 基准
      categories: [MBPP, 数学]
      series: [{name: Qwen2.5-72B, values: [88.2, 83.1]}]
"""


@pytest.fixture(scope="module")
def deck(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The .pptx bytes of DECK."""
    return build_bytes(tmp_path_factory.mktemp("intl"), DECK)


def _paragraphs(data: bytes, slide: int) -> list[etree._Element]:
    return part(data, f"ppt/slides/slide{slide}.xml").findall(".//a:p", NS)


def _text(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.findall(".//a:t", NS))


def test_lang_is_written_on_every_run_and_paragraph_end(deck: bytes) -> None:
    for name in (
        "ppt/slides/slide1.xml",
        "ppt/slides/slide2.xml",
        "ppt/notesSlides/notesSlide1.xml",
    ):
        root = part(deck, name)
        for p in root.findall(".//a:p", NS):
            props = p.findall("./*/a:rPr", NS) + p.findall("a:endParaRPr", NS)
            text = _text(p)
            # runs in the deck's script: the deck's lang; Arabic and Hebrew: their own
            expected = "ar-SA" if "نموذج" in text else "he-IL" if "מודל" in text else "zh-CN"
            assert {el.get("lang") for el in props} == ({expected} if text else set()), text
    # the chart's own text (its title is drawn on the slide, above the plot) says zh-CN too
    chart_langs = {el.get("lang") for el in part(deck, "ppt/charts/chart1.xml").iter()}
    assert chart_langs - {None} == {"zh-CN"}


def test_no_part_of_the_file_keeps_the_template_language(deck: bytes) -> None:
    # the template's masters, layouts, notes master and text defaults said en-US
    langs: dict[str, set[str]] = {}
    for name in names(deck):
        if name.endswith(".xml"):
            for el in part(deck, name).iter():
                if el.get("lang") is not None:
                    langs.setdefault(el.get("lang"), set()).add(name.split("/")[1])
    assert set(langs) == {"zh-CN", "ar-SA", "he-IL"}
    assert langs["ar-SA"] == {"slides"} and langs["he-IL"] == {"slides"}
    assert {"slideMasters", "slideLayouts", "notesMasters", "presentation.xml"} <= langs["zh-CN"]


def test_lang_defaults_to_en_us(tmp_path: Path) -> None:
    data = build_bytes(tmp_path, "title: T\nslides:\n  - layout: title\n")
    langs = {el.get("lang") for el in part(data, "ppt/slides/slide1.xml").iter(f"{{{NS['a']}}}rPr")}
    assert langs == {"en-US"}


@pytest.mark.parametrize(
    ("value", "column"),
    [("en_US", 7), ("english", 7), ("xx-YY", 7), ("7", 7)],
)
def test_a_bad_lang_is_a_located_error(tmp_path: Path, value: str, column: int) -> None:
    res = compile_text(tmp_path, f"title: T\nlang: {value}\nslides:\n  - layout: title\n")
    assert not res.ok
    (diag,) = res.diagnostics
    assert diag.path == ("lang",)
    assert diag.message == (
        f"'{value}' is not a BCP 47 language tag (such as 'en-US', 'zh-CN', 'ja', 'ar-SA')"
    )
    assert (diag.span.line, diag.span.column) == (2, column)


def test_right_to_left_paragraphs_are_marked_and_right_aligned(deck: bytes) -> None:
    by_text = {_text(p): p.find("a:pPr", NS) for p in _paragraphs(deck, 1)}
    for text in ("نموذج 72B يضاهي نموذج 405B", "מודל 72B"):
        ppr = by_text[text]  # logical order is written as it is: the renderer runs the bidi
        assert (ppr.get("rtl"), ppr.get("algn")) == ("1", "r")
    for text in ("大型语言模型", "模型很强。"):
        assert by_text[text].get("rtl") is None
        assert by_text[text].get("algn") == "l"
    latin = next(t for t in by_text if t.startswith("Latin only"))
    assert by_text[latin].get("rtl") is None


def test_runs_name_their_east_asian_and_complex_script_fonts(deck: bytes) -> None:
    fonts = {}
    for p in _paragraphs(deck, 1) + _paragraphs(deck, 2):
        for r in p.findall("a:r", NS):
            rpr = r.find("a:rPr", NS)
            fonts[r.find("a:t", NS).text] = [
                (etree.QName(el).localname, el.get("typeface"))
                for el in rpr
                if etree.QName(el).localname in ("latin", "ea", "cs")
            ]
    assert fonts["模型很强。"] == [("latin", "Arial"), ("ea", "Noto Sans CJK SC"), ("cs", "Arial")]
    assert fonts["开源模型"] == [("latin", "Arial"), ("ea", "Noto Sans CJK SC"), ("cs", "Arial")]
    assert fonts["نموذج عربي"] == [("latin", "Arial"), ("cs", "DejaVu Sans")]
    assert fonts["מודל 72B"] == [("latin", "Arial"), ("cs", "DejaVu Sans")]
    latin = next(t for t in fonts if t.startswith("Latin only"))
    assert fonts[latin] == [("latin", "Arial"), ("cs", "Arial")]


def test_the_theme_part_names_the_script_fonts(deck: bytes) -> None:
    theme = part(deck, "ppt/theme/theme1.xml")
    for tag in ("majorFont", "minorFont"):
        font = theme.find(f".//a:{tag}", NS)
        assert font.find("a:ea", NS).get("typeface") == "Noto Sans CJK SC"
        assert font.find("a:cs", NS).get("typeface") == "DejaVu Sans"


def test_names_are_written_with_word_joiners(deck: bytes) -> None:
    texts = [_text(p) for p in _paragraphs(deck, 1)]
    assert "Latin only, with Qwen2.5-\u206072B-\u2060Instruct" in texts
    # the text a reader copies is the same but for the invisible joiners
    latin = next(t for t in texts if t.startswith("Latin only"))
    assert re.sub("\u2060", "", latin) == "Latin only, with Qwen2.5-72B-Instruct"


# -- the render suite's word check -------------------------------------------------------


def test_render_check_cuts_chinese_lines_into_units_at_break_opportunities() -> None:
    from render import units

    assert [u for u, _, _ in units("模型很强。Qwen")] == ["模", "型", "很", "强。", "Qwen"]
    cuts = units("模型很强。Qwen")
    assert cuts[0][1] == 0.0 and cuts[-1][2] == pytest.approx(1.0)
    assert [u for u, _, _ in units("Qwen2.5-72B")] == ["Qwen2.5-72B"]


def test_render_check_reads_right_to_left_words_in_logical_order() -> None:
    from render import logical

    assert logical("جذومن") == "نموذج"  # pdftotext spells Arabic last letter first
    assert logical("Qwen2.5") == "Qwen2.5"


def test_latin_text_never_loads_the_line_breaking_library() -> None:
    code = (
        "import sys\n"
        "from deckgen.measure import Face, Measurer, Span\n"
        "Measurer().wrap([Span('A state-of-the-art GPT-Neo model, 72B.', Face('Arial'))], 20, 10**6)\n"
        "print('uniseg' in ' '.join(sys.modules))\n"
    )
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "False"


def test_the_accent_rule_sits_under_a_right_to_left_title_at_the_right(tmp_path: Path) -> None:
    def rule_x(title: str) -> int:
        deck = f"title: T\nslides:\n  - layout: bullets\n    title: {title}\n    bullets: [x]\n"
        res = compile_text(tmp_path, deck)
        assert res.presentation is not None
        (rule,) = [s for s in res.presentation.slides[0].shapes if s.name == "Title rule"]
        return rule.box.x + rule.box.w

    right = rule_x("الكفاءة أهم من الحجم")
    left = rule_x("Efficiency over scale")
    assert left == inches(0.6) + inches(1.1)  # the paper theme: margin, rule width
    assert right == pt(960) - inches(0.6)  # the 16:9 slide is 960 pt (12,192,000 EMU) wide


def test_render_check_knows_a_name_from_a_compound() -> None:
    from render import is_name

    assert [is_name(t) for t in ("GPT-Neo", "1M-token", "Llama-3.1-405B-", "Arena-Hard")] == [
        True
    ] * 4
    assert [is_name(t) for t in ("state-of-the-art", "Pre-training", "x-axis")] == [False] * 3


def test_a_theme_font_deckgen_cannot_measure_is_a_located_error(tmp_path: Path) -> None:
    theme = tmp_path / "themes" / "t"
    theme.mkdir(parents=True)
    (theme / "theme.yaml").write_text("extends: paper\nfonts:\n  east_asian: Noto Sans CJK\n")
    res = compile_text(tmp_path, "title: T\ntheme: t\nslides:\n  - layout: title\n")
    (diag,) = res.diagnostics
    assert diag.span is not None
    assert (Path(diag.span.file).name, diag.span.line, diag.span.column) == ("theme.yaml", 3, 15)
    assert diag.message.startswith(
        "unknown font family 'Noto Sans CJK' (did you mean 'Noto Sans CJK TC'?); "
        "text is measured with the metrics of Arial, Arimo, Calibri, Carlito, Courier, "
        "Courier New, Cousine, DejaVu Sans, Helvetica, Liberation Mono, Liberation Sans, Montserrat, Montserrat Medium, "
        "Montserrat SemiBold, Noto Sans CJK HK"
    )


@pytest.mark.parametrize(
    ("tag", "rtl"),
    [
        ("ar-SA", True),
        ("he", True),
        ("fa-IR", True),
        ("az-Arab", True),
        ("uz-Arab-AF", True),
        ("en-US", False),
        ("zh-CN", False),
        ("ku-Latn", False),
    ],
)
def test_languages_written_right_to_left(tag: str, rtl: bool) -> None:
    assert script.rtl_language(tag) is rtl


def test_text_without_letters_follows_the_deck_language(tmp_path: Path) -> None:
    deck = 'title: T\nlang: ar-SA\nslides:\n  - layout: bullets\n    title: x\n    bullets: ["٧٢٪", Qwen]\n'
    data = build_bytes(tmp_path, deck)
    by_text = {_text(p): p.find("a:pPr", NS) for p in _paragraphs(data, 1)}
    assert by_text["٧٢٪"].get("rtl") == "1"
    assert by_text["Qwen"].get("rtl") is None  # a Latin first letter still runs left to right


@pytest.mark.parametrize(
    ("family", "lang", "cut"),
    [
        ("Noto Sans CJK SC", "ja-JP", "Noto Sans CJK JP"),
        ("Noto Sans CJK SC", "ko", "Noto Sans CJK KR"),
        ("Noto Sans CJK SC", "zh-TW", "Noto Sans CJK TC"),
        ("Noto Sans CJK SC", "zh-Hant-HK", "Noto Sans CJK HK"),
        ("Noto Sans CJK JP", "zh-CN", "Noto Sans CJK SC"),
        ("Source Han Sans SC", "ja", "Source Han Sans JP"),
        ("Noto Sans CJK SC", "en-US", "Noto Sans CJK SC"),
        ("DejaVu Sans", "ja-JP", "DejaVu Sans"),
    ],
)
def test_the_east_asian_font_takes_the_cut_of_the_deck_language(
    family: str, lang: str, cut: str
) -> None:
    assert script.east_asian_cut(family, lang) == cut


def test_a_japanese_deck_writes_the_japanese_cut(tmp_path: Path) -> None:
    deck = (
        "title: T\nlang: ja-JP\nslides:\n  - layout: bullets\n    title: 日本語\n    bullets: [x]\n"
    )
    root = part(build_bytes(tmp_path, deck), "ppt/slides/slide1.xml")
    assert {el.get("typeface") for el in root.iter(f"{{{NS['a']}}}ea")} == {"Noto Sans CJK JP"}


def test_inline_code_keeps_its_characters(tmp_path: Path) -> None:
    deck = "title: T\nslides:\n  - layout: bullets\n    title: x\n    bullets: ['Run `GPT-Neo-2.7B` on GPT-Neo']\n"
    root = part(build_bytes(tmp_path, deck), "ppt/slides/slide1.xml")
    texts = [t.text for t in root.iter(f"{{{NS['a']}}}t")]
    assert "GPT-Neo-2.7B" in texts  # copied from the slide, code must run as written
    assert " on GPT-\u2060Neo" in texts


@pytest.mark.parametrize(
    ("text", "deck", "lang"),
    [
        ("نموذج 72B", "zh-CN", "ar-SA"),
        ("نموذج 72B", "ar-EG", None),
        ("نموذج", "fa-IR", None),
        ("מודל 72B", "en-US", "he-IL"),
        ("「注意力」は重要です", "zh-CN", "ja-JP"),
        ("注意力", "ja-JP", None),
        ("模型很强", "en-US", "zh-CN"),
        ("한국어 모델", "en-US", "ko-KR"),
        ("Qwen2.5-72B", "ar-SA", None),
    ],
)
def test_runs_in_another_script_name_their_language(text: str, deck: str, lang: str | None) -> None:
    assert script.run_language(text, deck) == lang


def test_japanese_runs_in_a_chinese_deck_take_the_japanese_cut(tmp_path: Path) -> None:
    deck = "title: T\nlang: zh-CN\nslides:\n  - layout: bullets\n    title: 模型\n    bullets: [日本語のテキスト]\n"
    root = part(build_bytes(tmp_path, deck), "ppt/slides/slide1.xml")
    fonts = {
        _text(p): {el.get("typeface") for el in p.iter(f"{{{NS['a']}}}ea")}
        for p in root.findall(".//a:p", NS)
    }
    assert fonts["模型"] == {"Noto Sans CJK SC"}
    assert fonts["日本語のテキスト"] == {"Noto Sans CJK JP"}
