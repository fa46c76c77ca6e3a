"""Specification of ``deckgen import``: Markdown notes → a deck spec that validates and builds.

The inputs are copies of the shared seeds (slide briefs, web-copied paper notes, blog notes)
plus ``plain-notes.md``, which uses every Markdown construct the importer maps.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from deckgen.build import Tools, compile_deck, render_bytes
from deckgen.diagnostics import Severity
from deckgen.importer import ImportResult, import_file, import_markdown, repair_mojibake
from deckgen.source import load_text
from deckgen.spec import Deck, validate_deck

FIXTURES = Path(__file__).parent / "fixtures" / "import"
TOOLS = Tools()
REPAIR = "repaired mis-decoded text"
CODE = "code blocks are not supported by the deck schema yet; kept as a comment"
MATH = "display math is not supported by the deck schema yet; kept as a comment"
INLINE_MATH = "inline math deckgen cannot typeset; kept as LaTeX source in `code`"


def imported(name: str) -> ImportResult:
    """Return the import of a fixture."""
    return import_file(FIXTURES / name)


def validated(result: ImportResult) -> Deck:
    """Return the deck of an import, asserting that it validates against the schema."""
    loaded = load_text(result.yaml_text, "imported.yaml")
    assert loaded.data is not None, [d.message for d in loaded.diagnostics]
    deck, errors = validate_deck(loaded.data, loaded.source_map)
    assert deck is not None, [f"{d.span}: {d.message}" for d in errors]
    return deck


def data(result: ImportResult) -> dict[str, Any]:
    """Return the imported YAML as plain data."""
    loaded = yaml.safe_load(result.yaml_text)
    assert isinstance(loaded, dict)
    return loaded


def assert_builds(result: ImportResult, tmp_path: Path) -> int:
    """Assert that the imported deck lays out with no error; return its slide count."""
    path = tmp_path / "imported.yaml"
    path.write_text(result.yaml_text, encoding="utf-8")
    res = compile_deck(path, TOOLS)
    errors = [f"{d.span}: {d.message}" for d in res.diagnostics if d.severity is Severity.ERROR]
    assert errors == []
    assert res.presentation is not None
    assert render_bytes(res.presentation).startswith(b"PK")
    return len(res.presentation.slides)


def brief_slides(name: str) -> list[tuple[str, list[str]]]:
    """Return each '## Slide N: Title' of a brief with its '- ' bullets, read directly."""
    slides: list[tuple[str, list[str]]] = []
    for line in (FIXTURES / name).read_text(encoding="utf-8").splitlines():
        if m := re.match(r"^## Slide \d+: (.*)$", line):
            slides.append((m.group(1), []))
        elif slides and (m := re.match(r"^- (.*)$", line)):
            slides[-1][1].append(m.group(1).replace("â†’", "→"))
    return slides


def bullet_texts(slide: Any) -> list[str]:
    """Return the first-level bullet texts of a validated slide."""
    return [b.text for b in slide.bullets]


# --- slide briefs --------------------------------------------------------------------------

BRIEFS = ["qwen25-slide-brief.md", "llama-slide-brief.md"]


@pytest.mark.parametrize("name", BRIEFS)
def test_a_brief_becomes_a_title_slide_and_its_eleven_slides(name: str) -> None:
    deck = validated(imported(name))
    expected = brief_slides(name)
    assert len(expected) == 11
    assert len(deck.slides) == 12
    assert deck.slides[0].layout == "title"
    assert [s.title for s in deck.slides[1:]] == [t for t, _ in expected]


@pytest.mark.parametrize("name", BRIEFS)
def test_every_brief_bullet_is_a_bullet_in_order_with_its_exact_text(name: str) -> None:
    deck = validated(imported(name))
    for slide, (title, bullets) in zip(deck.slides[1:-1], brief_slides(name)[:-1], strict=True):
        assert slide.layout == "bullets", title
        assert bullet_texts(slide) == bullets, title
        assert all(not b.bullets and b.icon is None for b in slide.bullets)
        assert slide.notes is None


@pytest.mark.parametrize("name", BRIEFS)
def test_an_imported_brief_validates_and_builds_into_twelve_slides(
    name: str, tmp_path: Path
) -> None:
    result = imported(name)
    assert result.yaml_text.startswith(
        "# yaml-language-server: $schema=../schema/deck.schema.json\n"
        f"# Imported from {name} by 'deckgen import'."
    )
    deck = validated(result)
    assert (deck.theme, deck.overflow) == ("paper", "continue")
    assert assert_builds(result, tmp_path) == 12


def test_the_qwen_brief_title_comes_from_its_heading() -> None:
    deck = validated(imported("qwen25-slide-brief.md"))
    assert deck.title == "Qwen 2.5"
    assert deck.authors == []


def test_the_llama_brief_title_is_the_bold_phrase_with_who_and_when() -> None:
    deck = validated(imported("llama-slide-brief.md"))
    assert deck.title == "LLaMA: Open and Efficient Foundation Language Models"
    assert deck.authors == ["Meta AI"]
    assert deck.date == "February 2023"


def test_the_qwen_question_slide_shows_the_question_without_its_quotes() -> None:
    last = validated(imported("qwen25-slide-brief.md")).slides[-1]
    assert last.layout == "question"
    assert last.title == "Question for You"
    assert last.question == (
        "As models become not only more efficient but also more multi-sensory (processing "
        "text, image, and sound together), what entirely new forms of creativity or "
        "scientific discoveries could emerge from machines that process the world in a way "
        "more similar to humans?"
    )


def test_the_llama_question_slide_is_its_single_long_question_bullet() -> None:
    last = validated(imported("llama-slide-brief.md")).slides[-1]
    assert last.layout == "question"
    assert last.title == "Question for You"
    assert last.question == (
        "By building ever more powerful models on data from the entire internet, are we "
        "creating better tools for understanding the world, or rather increasingly perfect "
        "mirrors that uncritically reflect all its imperfections? And how do we wisely scale "
        "capabilities without proportionally scaling potential harms?"
    )


def test_the_qwen_brief_arrow_is_repaired_with_exactly_one_warning_on_its_line() -> None:
    result = imported("qwen25-slide-brief.md")
    slide5 = validated(result).slides[5]
    assert slide5.title == "Post-Training Phase 1 - Supervised Fine-Tuning (SFT)"
    assert (
        bullet_texts(slide5)[1] == "SFT: over 1 million examples in Question → Ideal Answer format"
    )
    assert "â" not in result.yaml_text
    repairs = [w for w in result.warnings if w[1].startswith(REPAIR)]
    assert repairs == [(65, "repaired mis-decoded text 'â†’' → '→'")]


def test_the_visual_style_is_a_comment_block_and_unmappable_requests_are_warned() -> None:
    result = imported("qwen25-slide-brief.md")
    assert "#   - White/light gray background  [paper: white background]\n" in result.yaml_text
    assert (
        "#   - Simple outline icons only (no stock photos, no AI-generated images)  "
        "[paper: Lucide outline icons only, a minimal theme]\n"
    ) in result.yaml_text
    assert "\ntheme: paper\n" in result.yaml_text
    assert result.warnings == [
        (
            13,
            "visual style 'Use diagrams/flowcharts for technical concepts where appropriate' "
            "is not applied automatically; add visuals by hand",
        ),
        (65, "repaired mis-decoded text 'â†’' → '→'"),
    ]


def test_the_llama_brief_imports_without_warnings() -> None:
    assert imported("llama-slide-brief.md").warnings == []


def test_briefs_import_to_the_same_text_every_time() -> None:
    text = (FIXTURES / "qwen25-slide-brief.md").read_text(encoding="utf-8")
    first = import_markdown(text, source_name="qwen25-slide-brief.md")
    assert import_markdown(text, source_name="qwen25-slide-brief.md") == first
    assert first == imported("qwen25-slide-brief.md")


def test_brief_sections_that_are_not_slides_and_numbering_gaps_are_warned() -> None:
    text = (
        "# Prompt - Demo\n\nGenerate 3 slides.\n\n## Audience\n\n- engineers\n\n"
        "## Slide 1: One\n\nContent to include:\n\n- a\n  - a.1\n\n"
        "## Slide 3: Two\n\nUse a timeline diagram:\n\n- b\n"
    )
    result = import_markdown(text, source_name="demo.md")
    deck = validated(result)
    assert deck.title == "Demo"
    assert [s.title for s in deck.slides[1:]] == ["One", "Two"]
    assert deck.slides[1].bullets[0].bullets == ["a.1"]
    assert result.warnings == [
        (3, "the brief asks for 3 slides but defines 2"),
        (5, "section 'Audience' is not a slide; it was ignored"),
        (16, "slide numbered 3 is slide 2 of the brief"),
        (18, "instruction 'Use a timeline diagram:' was not applied; follow it by hand"),
    ]


# --- plain Markdown --------------------------------------------------------------------------


def test_plain_notes_map_headings_lists_tables_and_quotes_to_slides(tmp_path: Path) -> None:
    result = imported("plain-notes.md")
    deck = validated(result)
    assert deck.title == "Attention Is All You Need"
    assert deck.subtitle == "A sequence model built only from attention."
    assert deck.authors == ["Vaswani et al."]
    assert deck.date == "2017"
    assert deck.source is not None
    assert (deck.source.label, deck.source.url) == (
        "arXiv:1706.03762",
        "https://arxiv.org/abs/1706.03762",
    )
    assert [(s.layout, getattr(s, "title", None)) for s in deck.slides] == [
        ("title", None),
        ("bullets", "Motivation"),
        ("bullets", "Architecture"),
        ("bullets", "Scaled dot-product attention"),
        ("bullets", "Results"),
        ("bullets", "Results (cont.)"),
        ("quote", "In their words"),
        ("bullets", "Odds and ends"),
    ]
    motivation, arch, attention, results, results2, quote, odds = deck.slides[1:]
    assert bullet_texts(motivation) == [
        "Recurrent models process tokens one at a time, which limits parallelism.",
        "Attention already helps translation; the paper asks whether it is *all* you need.",
    ]
    assert bullet_texts(arch) == [
        "Encoder and decoder stacks of **6 layers**",
        "Each layer has two sub-layers:",
        "Residual connections and layer norm around each sub-layer",
        "Ordered lists become bullets too",
    ]
    assert arch.bullets[1].bullets == [
        "multi-head self-attention",
        "a position-wise feed-forward network",
    ]
    assert bullet_texts(attention) == [
        "The scaling by $\\sqrt{d_k}$ keeps the softmax out of its flat regions."
    ]
    assert results.table is not None and results.bullets == []
    assert results.table.columns == ["Model", "BLEU EN-DE", "BLEU EN-FR"]
    assert results.table.rows == [
        ["Transformer (big)", "28.4", "41.8"],
        ["ConvS2S", "25.16", "40.46"],
    ]
    assert results.table.align == ["left", "right", "right"]
    assert results2.table is not None
    assert (results2.table.columns, results2.table.rows) == (
        ["Setting", "Training cost"],
        [["base", "3.3e18 FLOPs"]],
    )
    assert results2.table.align is None
    assert quote.quote == (
        "The Transformer is the first transduction model relying entirely on self-attention."
    )
    assert quote.attribution == "Vaswani et al., 2017"
    assert bullet_texts(odds) == [
        "Mis-decoded text: the model’s outputs → better translations, café style."
    ]
    assert assert_builds(result, tmp_path) == 8


def test_plain_notes_keep_code_and_math_as_comments_with_warnings() -> None:
    result = imported("plain-notes.md")
    assert result.warnings == [
        (25, MATH),
        (31, CODE),
        (57, "repaired mis-decoded text 'â€™' → '’', 'â†’' → '→', 'Ã©' → 'é'"),
        (59, "heading 'Empty heading' has no content; no slide was made"),
    ]
    assert (
        "      # math (lines 25–27):\n"
        "      #   \\mathrm{Attention}(Q, K, V) = \\mathrm{softmax}(QK^T / \\sqrt{d_k}) V\n"
    ) in result.yaml_text
    assert (
        "      # code (python, lines 31–34):\n"
        "      #   def attention(q, k, v):\n"
        "      #       return softmax(q @ k.T / math.sqrt(k.shape[-1])) @ v\n"
    ) in result.yaml_text


# --- web-copied paper notes ------------------------------------------------------------------

PAPER_SLIDES = [
    ("title", None),
    ("bullets", "TL;DR"),
    ("bullets", "Why This Paper Matters"),
    ("section", "Key Concepts Explained Simply"),
    ("bullets", "1. Data scaling + quality"),
    ("bullets", "2. Post-training pipeline"),
    ("bullets", "3. Specialized variants"),
    ("bullets", "4. Model portfolio economics"),
    ("bullets", "5. Architecture"),
    ("bullets", "Systems angle (how teams consume the report)"),
    ("section", "The Math — Explained Step by Step"),
    ("bullets", "Chinchilla revisited: effective tokens"),
    ("bullets", "Multi-stage RL (schematic)"),
    ("bullets", "GQA and KV cache size"),
    ("bullets", "Python Implementation"),
    ("bullets", "Interview Importance"),
    ("bullets", "Interview Questions & Answers (6 Q&As)"),
    ("bullets", "Connections to Other Papers"),
    ("bullets", "Key Takeaways for Quick Review (table)"),
]


def test_paper_notes_sections_become_slides() -> None:
    deck = validated(imported("qwen25-paper-notes.md"))
    assert [(s.layout, getattr(s, "title", None)) for s in deck.slides] == PAPER_SLIDES
    assert deck.title == "Qwen2.5 Technical Report"
    assert deck.authors == ["Qwen Team, Alibaba"]
    assert deck.date == "2024"
    assert deck.subject == "arXiv"
    assert deck.source is not None
    assert deck.source.url == "https://arxiv.org/abs/2412.15115"
    systems = deck.slides[9]
    assert bullet_texts(systems)[0].startswith("Serving: match model class to latency SLO")
    assert len(systems.bullets) == 4


def test_paper_notes_tables_become_table_visuals_with_their_cells() -> None:
    deck = validated(imported("qwen25-paper-notes.md"))
    connections, takeaways = deck.slides[-2], deck.slides[-1]
    assert connections.table is not None and takeaways.table is not None
    assert connections.table.columns == ["Paper", "Connection"]
    assert [r[0] for r in connections.table.rows] == [
        "Chinchilla",
        "LLaMA",
        "InstructGPT",
        "GPT-3",
        "DeepSeek-V3",
    ]
    assert connections.table.rows[2][1] == (
        "Canonical SFT → reward modeling → RLHF narrative; Qwen2.5 documents large-scale "
        "multi-stage alignment."
    )
    assert bullet_texts(connections)[0].startswith("How to use this table in study passes:")
    assert takeaways.table.columns == ["Topic", "One-liner"]
    assert takeaways.table.rows[0] == [
        "Data",
        "18T tokens with aggressive quality control; think $D_{\\mathrm{eff}}$, not only (",
    ]
    assert takeaways.table.rows[-1] == [
        "Interview hook",
        "72B vs 405B: alignment + data can beat naive scaling; know KV gains from GQA.",
    ]
    assert takeaways.bullets == []


def test_paper_notes_code_and_math_are_warned_with_their_lines() -> None:
    result = imported("qwen25-paper-notes.md")
    code = [w for w in result.warnings if w[1].startswith(CODE)]
    assert code == [(45, CODE + " (unfenced code detected, lines 45–109)")]
    # The notes' inline math is all within what deckgen typesets: it stays $...$ math.
    math_lines = [line for line, message in result.warnings if message == INLINE_MATH]
    assert math_lines == []
    assert "$D_{\\mathrm{eff}} = q(D)|D|$" in result.yaml_text
    assert len(result.warnings) == len(code) + len(math_lines)
    assert "      # code (python, lines 45–109):\n" in result.yaml_text
    assert "      #   def toy_quality_score(text: str) -> float:\n" in result.yaml_text


def test_paper_notes_questions_keep_their_answers_as_sub_bullets() -> None:
    deck = validated(imported("qwen25-paper-notes.md"))
    qa = deck.slides[16]
    assert len(qa.bullets) == 6
    assert qa.bullets[0].text == "How does Qwen2.5 argue for data quality over sheer quantity?"
    assert qa.bullets[0].bullets[0].startswith("It scales total tokens massively (to 18T)")
    assert all(len(b.bullets) == 1 for b in qa.bullets)
    # a paragraph after a plain list stays a bullet of its own
    rl = deck.slides[12]
    assert bullet_texts(rl)[4:6] == [
        "Iterate: refresh data (on-policy rollouts, rejection sampling), repeat.",
        "The key interview point is stability: each stage fixes a different failure mode "
        "(format following, safety, reasoning style).",
    ]
    assert all(not b.bullets for b in rl.bullets)


@pytest.mark.parametrize("name", ["qwen25-paper-notes.md", "qwen25-blog-notes.md"])
def test_notes_import_validates_and_builds(name: str, tmp_path: Path) -> None:
    result = imported(name)
    validated(result)
    assert assert_builds(result, tmp_path) >= 7


def test_blog_notes_use_front_matter_and_skip_empty_headings() -> None:
    result = imported("qwen25-blog-notes.md")
    deck = validated(result)
    assert deck.title == "Qwen2.5 Technical Report"
    assert deck.date == "2024-12-19"
    assert deck.keywords == ["LLMs", "Qwens"]
    assert [(s.layout, getattr(s, "title", None)) for s in deck.slides] == [
        ("title", None),
        ("section", "Approach"),
        ("bullets", "Tokenization"),
        ("section", "Model Architecture"),
        ("bullets", "Dense Model"),
        ("section", "Pre-training"),
        ("bullets", "Pre-training Data"),
    ]
    assert deck.slides[6].bullets[2].text == "**Better synthetic data**:"
    assert len(deck.slides[6].bullets[2].bullets) == 2
    skipped = [line for line, m in result.warnings if m.endswith("no slide was made")]
    assert skipped == [16, 18, 20, 37, 51, 53]


# --- mojibake -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bad", "good"),
    [
        ("Question â†’ Ideal", "Question → Ideal"),
        ("itâ€™s", "it’s"),
        ("a â€“ b", "a – b"),
        ("a â€” b", "a — b"),
        ('a â€" b', "a — b"),
        ("â€œquotedâ€\x9d", "“quoted”"),
        ("â€œquotedâ€ here", "“quoted” here"),
        ("cafÃ© naÃ¯ve", "café naïve"),
        ("5Â°C", "5°C"),
        ("emoji ðŸš€", "emoji 🚀"),
        ("twice: Ã¢â‚¬â„¢", "twice: ’"),
    ],
)
def test_mis_decoded_text_is_repaired(bad: str, good: str) -> None:
    fixed, repairs = repair_mojibake(bad)
    assert fixed == good
    assert repairs


@pytest.mark.parametrize("text", ["café → naïve — “fine”", "Ä Ö Ü ß", "plain ASCII", "Â", ""])
def test_correct_text_is_left_alone(text: str) -> None:
    assert repair_mojibake(text) == (text, [])


def test_a_cp1252_file_is_read_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_bytes("# Caf\u00e9 notes\n\n## Part\n\n- \u201cquoted\u201d\n".encode("cp1252"))
    result = import_file(path)
    deck = validated(result)
    assert deck.title == "Café notes"
    assert bullet_texts(deck.slides[1]) == ["“quoted”"]
    assert result.warnings == [(1, "the file is not valid UTF-8; it was read as cp1252")]


# --- YAML output ----------------------------------------------------------------------------

NASTY = [
    "key: value",
    "*starts with a star*",
    "**bold** start",
    "# not a comment",
    "ends with a colon:",
    "'single' quotes",
    '"double" quotes',
    "both 'single' and \"double\"",
    "yes",
    "null",
    "2024",
    "3.14",
    "2024-12-19",
    "- looks like a list",
    "? looks like a key",
    "@at and `code`",
    "back\\slash \\(x\\)",
    "tab\there",
    "a # hash after a space",
    "[bracketed]",
    "{braced}",
    "% percent",
    "ünïcödé — “quotes” → arrows",
]


def test_text_that_needs_quoting_reads_back_exactly() -> None:
    text = "# Prompt - Demo\n\n## Slide 1: A: B #1\n\nContent to include:\n\n" + "".join(
        f"- {s}\n" for s in NASTY
    )
    result = import_markdown(text)
    deck = validated(result)
    assert deck.slides[1].title == "A: B #1"
    assert bullet_texts(deck.slides[1]) == NASTY


def test_table_cells_that_need_quoting_read_back_exactly() -> None:
    cells = ["a, b", "[x]", "yes", "1.5", "k: v", "{y}", "`a|b`", "esc \\| pipe"]
    text = "## T\n\n| " + " | ".join(f"h{i}" for i in range(len(cells))) + " |\n"
    text += "|" + "---|" * len(cells) + "\n| " + " | ".join(cells) + " |\n"
    deck = validated(import_markdown(text))
    table = deck.slides[1].table
    assert table is not None
    assert table.rows == [["a, b", "[x]", "yes", "1.5", "k: v", "{y}", "`a|b`", "esc | pipe"]]


# --- limits and odd input ---------------------------------------------------------------------


def test_long_sections_are_split_where_the_schema_requires(tmp_path: Path) -> None:
    many = "## Many\n\n" + "".join(f"- point {i}\n" for i in range(45))
    wide = "\n## Wide\n\n|" + "|".join(f"c{i}" for i in range(14)) + "|\n"
    wide += (
        "|"
        + "---|" * 14
        + "\n"
        + "".join("|" + "|".join(str(r * 100 + c) for c in range(14)) + "|\n" for r in range(3))
    )
    tall = "\n## Tall\n\n| n | square |\n|---|---|\n" + "".join(
        f"| {i} | {i * i} |\n" for i in range(20)
    )
    result = import_markdown(many + wide + tall)
    deck = validated(result)
    titles = [getattr(s, "title", None) for s in deck.slides]
    assert titles == [None, "Many", "Many (cont.)", "Wide", "Tall", "Tall (cont.)", "Tall (cont.)"]
    assert len(deck.slides[1].bullets) == 40 and len(deck.slides[2].bullets) == 5
    assert deck.slides[3].table is not None and len(deck.slides[3].table.columns) == 12
    assert [len(s.table.rows) for s in deck.slides[4:]] == [8, 8, 4]
    assert deck.slides[6].table.rows[-1] == ["19", "361"]
    assert result.warnings == [
        (51, "table has 14 columns; only the first 12 were kept"),
        (59, "table of 20 rows split over 3 slides so that it fits"),
    ]
    # layout itself continues the 40 bullets of 'Many' on further slides
    assert assert_builds(result, tmp_path) > len(deck.slides)


def test_text_too_long_for_its_slide_is_split_or_shortened_and_builds(tmp_path: Path) -> None:
    sentence = "This sentence is one of many in a very long paragraph of notes. "
    heading = "A heading that goes on and on " * 5
    text = (
        f"## {heading}\n\n{sentence * 40}\n\n"
        f"## Quoted\n\n> {'A long quotation that keeps going. ' * 40}\n> — Someone\n\n"
        "## Table and text\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n" + sentence * 12 + "\n"
    )
    result = import_markdown(text)
    deck = validated(result)
    assert [(s.layout, s.title) for s in deck.slides[1:]] == [
        ("bullets", "A heading that goes on and on " * 3 + "A heading that…"),
        ("bullets", "Quoted"),
        ("bullets", "Table and text"),
        ("bullets", "Table and text (cont.)"),
    ]
    long_para = deck.slides[1]
    assert len(long_para.bullets) == 3
    assert " ".join(bullet_texts(long_para)) == (sentence * 40).strip()
    assert all(len(b) <= 1_200 for b in bullet_texts(long_para))
    assert deck.slides[2].bullets[0].text.endswith("keeps going. — Someone")
    table_slide, text_slide = deck.slides[3], deck.slides[4]
    assert table_slide.table is not None and table_slide.bullets == []
    assert text_slide.table is None and len(text_slide.bullets) == 1
    assert result.warnings == [
        (1, "heading shortened to 110 characters to fit a slide title"),
        (3, "paragraph of 2559 characters split into 3 bullets so that it fits a slide"),
        (7, "quotation too long for a quote slide; kept as a bullet"),
    ]
    assert assert_builds(result, tmp_path) >= 5  # layout may continue the long bullets


def test_a_closing_question_too_long_for_its_slide_stays_a_bullets_slide() -> None:
    question = "Why " * 200 + "?"
    text = f"# Prompt - Q\n\n## Slide 1: Question for You\n\nContent to include:\n\n- {question}\n"
    result = import_markdown(text)
    slide = validated(result).slides[1]
    assert (slide.layout, slide.title) == ("bullets", "Question for You")
    assert result.warnings == [
        (3, "question too long for a question slide; kept as a bullets slide")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\ufeff",
        "just one line",
        "# Only a title",
        "## Heading only\n### Another\n",
        "```python\nprint('never closed')\n",
        "$$\nx = 1\n",
        "# T\r\n\r\n## S\r\n\r\n- crlf item\r\n",
        "- a\n  - b\n    - c\n      - d\n",
        "> quote only",
        "## Code only\n\n```\nx = 1\n```\n",
        "## Image only\n\n![diagram](fig.png)\n",
        "| a | b |\n|---|---|\n",
        "## Slide 1: Lonely\n",
        "---\ntitle: [unclosed\n---\n# X\n",
        "***\n___\n- - -\n",
        "1. \n2. \n",
        "## \u2028odd\u0085line\x0bseparators\n\ncontrol \x01 characters\n",
    ],
)
def test_any_input_imports_to_a_deck_that_validates(text: str) -> None:
    validated(import_markdown(text, source_name="odd-notes.md"))


def test_control_characters_are_removed_with_a_warning(tmp_path: Path) -> None:
    text = "## odd\u2028line\n\ncontrol \x01characters\tand a tab\n"
    result = import_markdown(text)
    slide = validated(result).slides[1]
    assert (slide.title, bullet_texts(slide)) == ("odd line", ["control characters\tand a tab"])
    assert result.warnings == [
        (1, "control characters were removed"),
        (3, "control characters were removed"),
    ]
    assert_builds(result, tmp_path)


def test_front_matter_gives_title_date_authors_and_keywords() -> None:
    text = (
        "---\ntitle: 'Paper: A study'\ndate: 2023-02-27\nauthor: [A. One, B. Two]\n"
        "tags: [LLM]\ndescription: Short summary\n---\n\n## Part\n\ntext\n"
    )
    deck = validated(import_markdown(text))
    assert (deck.title, deck.date, deck.authors, deck.keywords, deck.subtitle) == (
        "Paper: A study",
        "2023-02-27",
        ["A. One", "B. Two"],
        ["LLM"],
        "Short summary",
    )


def test_a_leading_horizontal_rule_is_not_front_matter() -> None:
    deck = validated(import_markdown("---\n# Real title\n\n## Part\n\ntext\n\n---\n"))
    assert deck.title == "Real title"
    assert [getattr(s, "title", None) for s in deck.slides] == [None, "Part"]


def test_a_long_deck_title_gets_a_short_title_for_the_footer(tmp_path: Path) -> None:
    title = "Qwen2.5: A Technical Report on Data, Post-Training and Long Context at Scale"
    result = import_markdown(f"# {title}\n\n## Part\n\ntext\n")
    deck = validated(result)
    assert (deck.title, deck.short_title) == (title, "Qwen2.5")
    assert_builds(result, tmp_path)
    long = "Word " * 30
    deck = validated(import_markdown(f"# {long}\n\n## Part\n\ntext\n"))
    assert deck.title == ("Word " * 15).strip() + "…"
    assert deck.short_title == ("Word " * 9).strip() + "…"


def test_without_any_title_the_file_name_is_the_title() -> None:
    deck = validated(import_markdown("## Part\n\ntext\n", source_name="my_paper-notes.md"))
    assert deck.title == "my paper notes"


def test_nesting_deeper_than_two_levels_is_flattened_with_a_warning() -> None:
    result = import_markdown("## L\n\n- a\n  - b\n    - c\n")
    deck = validated(result)
    assert deck.slides[1].bullets[0].bullets == ["b", "c"]
    assert result.warnings == [(5, "list nested deeper than two levels; flattened to two")]
