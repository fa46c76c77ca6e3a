"""Specification of ``deckgen import``: Markdown notes → a deck spec that validates and builds.

The inputs are copies of the shared seeds (slide briefs, web-copied paper notes, blog notes),
``plain-notes.md``, which uses every Markdown construct the importer maps, and small
Markdown snippets, one per construct (tables, code, math, Q&A, key figures, long text).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deckgen.build import Tools, compile_deck, render_bytes
from deckgen.diagnostics import Severity
from deckgen.importer import ImportResult, import_file, import_markdown, repair_mojibake, slides
from deckgen.source import load_text
from deckgen.spec import VISUALS, Deck, validate_deck
from deckgen.theme import load_theme

FIXTURES = Path(__file__).parent / "fixtures" / "import"
TOOLS = Tools()
REPAIR = "repaired mis-decoded text"
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


def assert_builds_in(result: ImportResult, path: Path) -> int:
    """Assert that the imported deck, written to ``path``, builds with no diagnostic at
    all; return its slide count."""
    path.write_text(result.yaml_text, encoding="utf-8")
    res = compile_deck(path, TOOLS)
    assert [f"{d.span}: {d.message}" for d in res.diagnostics] == []
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
        if slide.chart is not None:
            # Shares ("C4: 15%") are the chart's bars (next test); the rest stay bullets.
            bullets = [b for b in bullets if not re.search(r": \d+(\.\d+)?%", b)]
        assert bullet_texts(slide) == bullets, title
        assert all(not b.bullets and b.icon is None for b in slide.bullets)
        assert slide.notes is None or slide.chart is not None  # a chart's bars keep their notes


def test_shares_in_a_brief_become_a_bar_chart_with_their_notes_in_the_speaker_notes() -> None:
    slide = validated(imported("llama-slide-brief.md")).slides[3]
    assert slide.title == "Training Data Composition (1.4T Tokens)"
    assert bullet_texts(slide) == [
        '100% publicly available data (contrast with GPT-3\'s mysterious "Books2" dataset)'
    ]
    chart = slide.chart
    assert chart is not None
    assert (chart.kind, chart.orientation, chart.unit) == ("bar", "horizontal", "%")
    assert chart.categories == [
        "Common Crawl",
        "C4",
        "GitHub code",
        "Wikipedia (20 languages)",
        "Books (Gutenberg + Books3)",
        "ArXiv scientific papers",
        "Stack Exchange Q&A",
    ]
    assert [(s.name, s.values) for s in chart.series] == [
        ("Share", [67, 15, 4.5, 4.5, 4.5, 2.5, 2])
    ]
    assert slide.notes == (
        "Common Crawl: filtered for quality; C4: another cleaned Common Crawl version."
    )


def test_key_figures_of_a_brief_are_shown_big_once_each() -> None:
    deck = validated(imported("qwen25-slide-brief.md"))
    stats = [
        (s.title, s.stat.before, s.stat.value, s.stat.label)
        for s in deck.slides
        if getattr(s, "stat", None) is not None
    ]
    assert stats == [
        ("Qwen 2.5 - Efficiency Over Scale", None, "5×", "larger"),
        ("Pre-Training Data Revolution", "7T", "18T", "tokens"),
        ("Post-Training Phase 1 - Supervised Fine-Tuning (SFT)", None, "1M+", "examples"),
        ("Long Context Mastery - Passkey Retrieval Test", None, "1M", "tokens"),
        ("Speed & Practical Implications", None, "3–4×", "speedup"),
    ]
    llama = validated(imported("llama-slide-brief.md"))
    values = [s.stat.value for s in llama.slides if getattr(s, "stat", None) is not None]
    # "10x smaller" is on two slides of the brief: shown big on the first only.
    assert values == ["10×", "1T", "21", "~69%"]


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


def kinds(deck: Deck) -> list[tuple[str, str | None, str | None]]:
    """Return (layout, visual, title) of every slide."""
    out = []
    for s in deck.slides:
        visual = next((v for v in VISUALS if getattr(s, v, None) is not None), None)
        out.append((s.layout, visual, getattr(s, "title", None)))
    return out


def test_plain_notes_map_every_construct_to_its_slide(tmp_path: Path) -> None:
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
    assert kinds(deck) == [
        ("title", None, None),
        ("bullets", None, "Motivation"),
        ("bullets", None, "Architecture"),
        ("bullets", "equation", "Scaled dot-product attention"),
        ("bullets", "code", "Scaled dot-product attention (cont.)"),
        ("bullets", "table", "Results"),
        ("bullets", "table", "Results (cont.)"),
        ("quote", None, "In their words"),
        ("bullets", None, "Odds and ends"),
    ]
    motivation, arch, attention, code, results, results2, quote, odds = deck.slides[1:]
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
    assert attention.equation is not None and not isinstance(attention.equation, list)
    assert attention.equation.latex == (
        "\\mathrm{Attention}(Q, K, V) = \\mathrm{softmax}(QK^T / \\sqrt{d_k}) V"
    )
    assert bullet_texts(attention) == [
        "The scaling by $\\sqrt{d_k}$ keeps the softmax out of its flat regions."
    ]
    assert code.code is not None and code.code.language == "python"
    assert code.code.source == (
        "def attention(q, k, v):\n    return softmax(q @ k.T / math.sqrt(k.shape[-1])) @ v\n"
    )
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
    assert results2.table.align is None  # the table visual right-aligns numbers itself
    assert quote.quote == (
        "The Transformer is the first transduction model relying entirely on self-attention."
    )
    assert quote.attribution == "Vaswani et al., 2017"
    assert bullet_texts(odds) == [
        "Mis-decoded text: the model’s outputs → better translations, café style."
    ]
    assert result.warnings == [
        (57, "repaired mis-decoded text 'â€™' → '’', 'â†’' → '→', 'Ã©' → 'é'"),
        (59, "heading 'Empty heading' has no content; no slide was made"),
    ]
    assert assert_builds(result, tmp_path) == 9


def test_each_slide_has_a_comment_saying_what_it_was_made_from() -> None:
    text = imported("plain-notes.md").yaml_text
    assert (
        "  # lines 25–27: display math → equation\n"
        "  # line 29: text → bullet beside the visual\n"
        "  - layout: bullets\n"
        "    title: Scaled dot-product attention\n"
    ) in text
    assert (
        "  # lines 31–34: code block → code, language 'python'\n"
        "  - layout: bullets\n"
        "    title: Scaled dot-product attention (cont.)\n"
        "    code:\n"
        "      language: python\n"
        "      source: |\n"
        "        def attention(q, k, v):\n"
        "            return softmax(q @ k.T / math.sqrt(k.shape[-1])) @ v\n"
    ) in text
    assert "  # line 38: table of 2 rows × 3 columns → table (alignment as in the Markdown)\n" in (
        text
    )
    assert "  # line 51: block quote → quote\n" in text


# --- one construct at a time ------------------------------------------------------------------


def test_a_long_table_continues_on_following_slides_with_its_header(tmp_path: Path) -> None:
    rows = "".join(f"| model-{i} | {i * 1.5:.1f} | {i}% |\n" for i in range(23))
    result = import_markdown(f"## Scores\n\n| Model | Score | Share |\n|---|---|---|\n{rows}")
    deck = validated(result)
    assert kinds(deck)[1:] == [
        ("bullets", "table", "Scores"),
        ("bullets", "table", "Scores (cont.)"),
        ("bullets", "table", "Scores (cont.)"),
    ]
    tables = [s.table for s in deck.slides[1:]]
    assert [len(t.rows) for t in tables] == [8, 8, 7]  # spread evenly, at most 10 a slide
    assert all(t.columns == ["Model", "Score", "Share"] and t.align is None for t in tables)
    assert tables[2].rows[-1] == ["model-22", "33.0", "22%"]
    assert result.warnings == [(3, "table of 23 rows split over 3 slides so that it fits")]
    assert (
        "  # line 3: table of 23 rows × 3 columns → table (numbers right-aligned, rows 9–16)\n"
    ) in result.yaml_text
    assert assert_builds(result, tmp_path) == 4


def test_text_before_a_table_shares_its_slide(tmp_path: Path) -> None:
    text = (
        "## Results\n\nQwen2.5 leads on maths.\n\n| Bench | Score |\n|---|--:|\n| MATH | 83.1 |\n"
    )
    result = import_markdown(text)
    slide = validated(result).slides[1]
    assert bullet_texts(slide) == ["Qwen2.5 leads on maths."]
    assert slide.table is not None and slide.table.align == ["auto", "right"]
    assert assert_builds(result, tmp_path) == 2


@pytest.mark.parametrize(
    ("fence", "language"),
    [
        ("```python\nx = 1\n```", "python"),
        ("```bash\necho hi\n```", "bash"),
        ("```\nimport os\nprint(os.getcwd())\n```", "python"),
        ("```\n#!/bin/bash\necho $HOME\n```", "bash"),
        ("```\n<!DOCTYPE html>\n<html><body></body></html>\n```", "html"),
        ("```\n#include <stdio.h>\nint main(void) { return 0; }\n```", "c"),
        ("~~~ yaml\nkey: value\n~~~", "yaml"),
    ],
)
def test_fenced_code_becomes_a_code_slide_with_its_language(fence: str, language: str) -> None:
    deck = validated(import_markdown(f"## Code\n\n{fence}\n"))
    slide = deck.slides[1]
    assert slide.code is not None
    assert slide.code.language == language


def test_unfenced_python_gets_a_fence_its_indentation_back_and_a_warning(tmp_path: Path) -> None:
    text = (
        "## Snippet\n\nThe helper:\n\n"
        "def effective_tokens(count: int, q: float) -> float:\n"
        "if q <= 0:\n"
        "return 0.0\n"
        "return q * count\n"
        "print(effective_tokens(10, 0.5))\n"
        "\nThat is all.\n"
    )
    result = import_markdown(text)
    deck = validated(result)
    slide = deck.slides[1]
    assert slide.code is not None and slide.code.language == "python"
    assert slide.code.source == (
        "def effective_tokens(count: int, q: float) -> float:\n"
        "    if q <= 0:\n"
        "        return 0.0\n"
        "    return q * count\n"
        "print(effective_tokens(10, 0.5))\n"
    )
    assert bullet_texts(slide) == ["The helper:", "That is all."]
    assert result.warnings == [
        (5, "code without a fence found (lines 5–9); made a code slide"),
    ]
    assert "  # lines 5–9: found without a code fence (indentation restored) → code" in (
        result.yaml_text
    )
    assert_builds(result, tmp_path)


def test_shell_commands_without_a_fence_become_a_code_slide() -> None:
    text = (
        "## Setup\n\nInstall it:\n\npip install torch transformers\n"
        "git clone https://github.com/QwenLM/Qwen2.5\n\nThen run.\n\n"
        "## Serve\n\n$ vllm serve Qwen/Qwen2.5-7B-Instruct\n"
    )
    result = import_markdown(text)
    deck = validated(result)
    setup, serve = deck.slides[1], deck.slides[2]
    assert setup.code is not None and setup.code.language == "bash"
    assert setup.code.source == (
        "pip install torch transformers\ngit clone https://github.com/QwenLM/Qwen2.5\n"
    )
    assert bullet_texts(setup) == ["Install it:", "Then run."]
    assert serve.code is not None and serve.code.language == "console"
    assert result.warnings == [
        (5, "code without a fence found (lines 5–6); made a code slide"),
        (12, "code without a fence found (line 12); made a code slide"),
    ]


def test_code_and_math_inside_list_items_follow_the_list() -> None:
    text = (
        "## Steps\n\n- Install:\n\n  ```bash\n  pip install deckgen\n  ```\n"
        "- Then the loss:\n\n  $$L = -\\log p$$\n"
    )
    deck = validated(import_markdown(text))
    assert kinds(deck)[1:] == [
        ("bullets", "code", "Steps"),
        ("bullets", "equation", "Steps (cont.)"),
    ]
    assert bullet_texts(deck.slides[1]) == ["Install:", "Then the loss:"]
    assert deck.slides[1].code is not None and deck.slides[1].code.source == "pip install deckgen\n"


def test_an_empty_code_block_is_dropped_with_a_warning() -> None:
    result = import_markdown("## Code\n\nText.\n\n```python\n\n```\n")
    assert kinds(validated(result))[1:] == [("bullets", None, "Code")]
    assert result.warnings == [(5, "code block without code was dropped")]


def test_a_long_listing_continues_between_functions_with_numbered_lines(tmp_path: Path) -> None:
    funcs = "".join(
        f"def f{i}(x):\n    y = x + {i}\n    z = y * 2\n    w = z - 1\n    return w\n\n"
        for i in range(8)
    )
    result = import_markdown(f"## Long\n\n```python\n{funcs}```\n")
    deck = validated(result)
    codes = [s.code for s in deck.slides[1:]]
    assert all(c is not None for c in codes)
    assert [c.first_line for c in codes] == [1, 19, 37]
    assert all(c.line_numbers for c in codes)
    assert all(c.source.startswith("def f") for c in codes)
    assert [c.source.count("def ") for c in codes] == [3, 3, 2]
    assert [s.title for s in deck.slides[1:]] == ["Long", "Long (cont.)", "Long (cont.)"]
    assert_builds(result, tmp_path)


@pytest.mark.parametrize(
    "math",
    [
        "$$\nE = mc^2\n$$",
        "$$E = mc^2$$",
        "\\[\nE = mc^2\n\\]",
        "```math\nE = mc^2\n```",
    ],
)
def test_display_math_becomes_an_equation(math: str, tmp_path: Path) -> None:
    result = import_markdown(f"## Energy\n\nMass is energy:\n\n{math}\n")
    slide = validated(result).slides[1]
    assert slide.equation is not None and not isinstance(slide.equation, list)
    assert slide.equation.latex == "E = mc^2"
    assert bullet_texts(slide) == ["Mass is energy:"]
    assert result.warnings == []
    assert assert_builds(result, tmp_path) == 2


def test_consecutive_equations_share_a_slide_and_environments_are_kept() -> None:
    text = "## Loss\n\n$$a = b$$\n\n$$c = d$$\n\n\\begin{equation}\nx = y + z\n\\end{equation}\n"
    slide = validated(import_markdown(text)).slides[1]
    assert isinstance(slide.equation, list)
    assert [e.latex for e in slide.equation] == [
        "a = b",
        "c = d",
        "\\begin{equation}\nx = y + z\n\\end{equation}",
    ]


def test_a_where_sentence_after_an_equation_becomes_its_caption(tmp_path: Path) -> None:
    text = (
        "## Effective data\n\n$$D_{\\mathrm{eff}} = q(D)\\,|D|$$\n\n"
        "where $q(D) \\in (0,1]$ scores quality.\n\nCuration pays.\n"
    )
    result = import_markdown(text)
    slide = validated(result).slides[1]
    assert isinstance(slide.equation, list)
    assert [(e.latex, e.caption) for e in slide.equation] == [
        ("D_{\\mathrm{eff}} = q(D)\\,|D|", "where $q(D) \\in (0,1]$ scores quality.")
    ]
    assert bullet_texts(slide) == ["Curation pays."]
    assert assert_builds(result, tmp_path) == 2


def test_math_deckgen_cannot_typeset_is_shown_as_latex_source_with_a_warning() -> None:
    result = import_markdown("## Broken\n\n$$\n\\frac{a\n$$\n")
    slide = validated(result).slides[1]
    assert slide.equation is None
    assert slide.code is not None and slide.code.language == "latex"
    assert slide.code.source == "\\frac{a\n"
    assert [(line, m.split(" (")[0]) for line, m in result.warnings] == [
        (3, "display math deckgen cannot typeset")
    ]
    assert result.warnings[0][1].endswith("; shown as LaTeX")


def test_question_headings_become_qa_slides_three_pairs_a_slide(tmp_path: Path) -> None:
    qa = "".join(f"### Why does step {i} matter?\n\nBecause of reason {i}.\n\n" for i in range(5))
    result = import_markdown(f"## Interview questions\n\n{qa}## After\n\nText.\n")
    deck = validated(result)
    assert kinds(deck)[1:] == [
        ("qa", None, "Interview questions"),
        ("qa", None, "Interview questions (cont.)"),
        ("bullets", None, "After"),
    ]
    first, second = deck.slides[1], deck.slides[2]
    assert [(i.q, i.a) for i in first.items] == [
        (f"Why does step {i} matter?", f"Because of reason {i}.") for i in range(3)
    ]
    assert len(second.items) == 2
    assert result.warnings == []
    assert assert_builds(result, tmp_path) == 4


def test_q_and_a_pairs_become_a_qa_slide() -> None:
    text = (
        "## FAQ\n\nQ: Is the model open?\nA: Yes, the weights are public.\n\n"
        "**Q:** How large is it?\n\n**A:** 72B parameters.\n\nA closing remark.\n"
    )
    deck = validated(import_markdown(text))
    assert kinds(deck)[1:] == [("qa", None, "FAQ"), ("bullets", None, "FAQ (cont.)")]
    assert [(i.q, i.a) for i in deck.slides[1].items] == [
        ("Is the model open?", "Yes, the weights are public."),
        ("How large is it?", "72B parameters."),
    ]
    assert bullet_texts(deck.slides[2]) == ["A closing remark."]


def test_one_question_paragraph_alone_stays_a_bullet() -> None:
    deck = validated(import_markdown("## Open\n\nWhat next?\n\nWe will see.\n"))
    assert kinds(deck)[1:] == [("bullets", None, "Open")]
    assert bullet_texts(deck.slides[1]) == ["What next?", "We will see."]


def test_a_lone_key_figure_becomes_a_statement(tmp_path: Path) -> None:
    text = (
        "## Data\n\nPre-training grew from 7T to 18T tokens, filtered for quality. "
        "Quality beats quantity.\n\n## Later\n\nIt went from 7T to 18T tokens again.\n\n"
        "## Small\n\nWe expand the control tokens from 3 to 22.\n"
    )
    result = import_markdown(text)
    deck = validated(result)
    assert kinds(deck)[1:] == [
        ("statement", None, "Data"),
        ("bullets", None, "Later"),  # one statement per figure
        ("bullets", None, "Small"),  # plain counts are no key figure
    ]
    statement = deck.slides[1]
    assert statement.statement == "7T → 18T tokens"
    assert statement.caption == "Pre-training grew from 7T to 18T tokens, filtered for quality."
    assert [p.text for p in statement.points] == ["Quality beats quantity."]
    assert assert_builds(result, tmp_path) == 4


def test_a_paragraph_too_long_for_a_slide_goes_to_the_speaker_notes(tmp_path: Path) -> None:
    sentence = "This sentence is one of many in a very long paragraph of notes. "
    result = import_markdown(f"## Long\n\n{sentence * 12}\n")
    slide = validated(result).slides[1]
    assert bullet_texts(slide) == [sentence.strip()] * 3  # its first sentences, whole
    assert slide.notes == (sentence * 12).strip()
    assert result.warnings == []
    assert (
        "  # line 3: paragraph of 767 characters, too long for a slide → its first "
        "3 sentences as bullets, all of it in the notes\n"
    ) in result.yaml_text
    assert "    notes: >-\n      This sentence is one of many" in result.yaml_text
    assert assert_builds(result, tmp_path) == 2


def test_headings_over_others_become_section_slides() -> None:
    text = (
        "# Deck\n\n## Part one\n\n### A\n\ntext a\n\n### B\n\ntext b\n\n"
        "## Part two\n\nWhat comes next.\n\n### C\n\ntext c\n\n## Part three\n\ntext d\n"
    )
    deck = validated(import_markdown(text))
    assert kinds(deck) == [
        ("title", None, None),
        ("section", None, "Part one"),
        ("bullets", None, "A"),
        ("bullets", None, "B"),
        ("section", None, "Part two"),
        ("bullets", None, "C"),
        ("bullets", None, "Part three"),
    ]
    assert deck.slides[4].subtitle == "What comes next."


def picture(path: Path) -> None:
    """Write a small PNG at ``path``."""
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (1800, 1200), (40, 90, 160)).save(path)


def test_a_picture_alone_in_a_paragraph_becomes_an_image_slide(tmp_path: Path) -> None:
    picture(tmp_path / "figs" / "loss.png")
    picture(tmp_path.parent / f"{tmp_path.name}-outside.png")
    (tmp_path / "figs" / "plot.bmp").write_bytes(b"BM")
    notes = tmp_path / "notes.md"
    notes.write_text(
        "## Training\n\nLoss falls smoothly.\n\n"
        '![Training loss over 18T tokens](figs/loss.png "Loss by step")\n\n'
        "## Missing\n\n![gone](figs/none.png)\n\n![web](https://example.org/a.png)\n\n"
        f"![outside](../{tmp_path.name}-outside.png)\n\n![bitmap](figs/plot.bmp)\n\n"
        "![](figs/loss.png)\n",
        encoding="utf-8",
    )
    result = import_file(notes)
    deck = validated(result)
    assert kinds(deck)[1:] == [
        ("bullets", "image", "Training"),
        ("bullets", "image", "Missing"),
    ]
    training = deck.slides[1]
    assert training.image is not None
    assert (training.image.path, training.image.alt, training.image.caption) == (
        "figs/loss.png",
        "Training loss over 18T tokens",
        "Loss by step",
    )
    assert bullet_texts(training) == ["Loss falls smoothly."]
    assert deck.slides[2].image is not None and deck.slides[2].image.alt == "loss.png"
    assert result.warnings == [
        (9, "image 'gone' is not a file beside the notes; it was not imported"),
        (11, "image 'web' is a web address; it was not imported"),
        (13, "image 'outside' is outside the deck's folder; it was not imported"),
        (15, "image 'bitmap' is a '.bmp' file, not PNG, JPEG, GIF or SVG; it was not imported"),
        (17, "picture 'figs/loss.png' has no alt text; its name stands in for it"),
    ]
    assert assert_builds_in(result, tmp_path / "deck.yaml") == 3


def test_pictures_are_named_from_the_folder_the_deck_is_written_to(tmp_path: Path) -> None:
    picture(tmp_path / "decks" / "figs" / "loss.png")
    notes = tmp_path / "decks" / "notes.md"
    notes.write_text("## Loss\n\n![Loss curve](figs/loss.png)\n", encoding="utf-8")
    inside = validated(import_file(notes, tmp_path)).slides[1]
    assert inside.image is not None and inside.image.path == "decks/figs/loss.png"
    elsewhere = import_file(notes, tmp_path / "other")
    assert elsewhere.warnings == [
        (3, "image 'Loss curve' is outside the deck's folder; it was not imported")
    ]
    hostile = tmp_path / "hostile.md"
    hostile.write_text("## H\n\n![a](figs/%00.png)\n\n![b](" + "x" * 5000 + ".png)\n", "utf-8")
    assert [m for _, m in import_file(hostile).warnings] == [
        "image 'a' is not a file beside the notes; it was not imported",
        "image 'b' is not a file beside the notes; it was not imported",
    ]
    assert import_markdown(notes.read_text(encoding="utf-8")).warnings == [
        (3, "image 'Loss curve' was not imported (no folder to find it in)")
    ]


def test_images_and_html_are_dropped_with_located_warnings() -> None:
    text = "## Pics\n\nSee ![loss curve](loss.png) here.\n\n<div>\n</div>\n\nAfter <b>bold</b>.\n"
    result = import_markdown(text)
    assert bullet_texts(validated(result).slides[1]) == ["See here.", "After bold."]
    assert result.warnings == [
        (3, "image 'loss curve' was not imported"),
        (5, "HTML without text was dropped"),
    ]


def test_rich_notes_use_a_visual_or_layout_for_each_construct(tmp_path: Path) -> None:
    result = imported("rich-notes.md")
    deck = validated(result)
    assert (deck.title, deck.authors, deck.date) == (
        "Qwen2.5: data, post-training and the 72B model",
        ["Qwen Team"],
        "2024-12-19",
    )
    assert deck.subtitle == "Notes on the Qwen2.5 technical report (arXiv:2412.15115)."
    assert kinds(deck) == [
        ("title", None, None),
        ("statement", None, "Data"),
        ("bullets", "table", "Architecture"),
        ("bullets", "equation", "Effective tokens"),
        ("bullets", "code", "Trying it"),
        ("bullets", "code", "Trying it (cont.)"),
        ("qa", None, "Questions"),
        ("quote", None, "In their words"),
    ]
    architecture, equations = deck.slides[2], deck.slides[3]
    assert architecture.table is not None and len(architecture.table.rows) == 9
    assert isinstance(equations.equation, list) and len(equations.equation) == 2
    assert equations.equation[0].caption == (
        "where $q(D) \\in (0, 1]$ scores deduplication and educational value."
    )
    assert [s.code.language for s in deck.slides[4:6] if s.code] == ["python", "bash"]
    assert [i.q for i in deck.slides[6].items] == [
        "Why does a 72B model keep up with a 405B one?",
        "What changed in post-training?",
        "Which sizes are open?",
    ]
    assert result.warnings == [(53, "code without a fence found (line 53); made a code slide")]
    assert assert_builds(result, tmp_path) == 8


# --- web-copied paper notes ------------------------------------------------------------------

PAPER_SLIDES = [
    ("title", None, None),
    ("statement", None, "TL;DR"),
    ("bullets", None, "Why This Paper Matters"),
    ("section", None, "Key Concepts Explained Simply"),
    ("bullets", None, "1. Data scaling + quality"),  # its 7T → 18T is the TL;DR's statement
    ("bullets", "stat", "2. Post-training pipeline"),
    ("bullets", None, "3. Specialized variants"),
    ("bullets", None, "4. Model portfolio economics"),
    ("bullets", "stat", "5. Architecture"),
    ("bullets", None, "Systems angle (how teams consume the report)"),
    ("section", None, "The Math — Explained Step by Step"),
    ("bullets", None, "Chinchilla revisited: effective tokens"),
    ("bullets", "diagram", "Multi-stage RL (schematic)"),
    ("bullets", None, "Multi-stage RL (schematic) (cont.)"),
    ("bullets", None, "GQA and KV cache size"),
    ("bullets", "code", "Python Implementation"),
    ("bullets", "code", "Python Implementation (cont.)"),
    ("bullets", "code", "Python Implementation (cont.)"),
    ("bullets", "code", "Python Implementation (cont.)"),
    ("bullets", "code", "Python Implementation (cont.)"),
    ("bullets", None, "Usage notes"),
    ("bullets", None, "Interview Importance"),
    ("qa", None, "Interview Questions & Answers (6 Q&As)"),
    ("qa", None, "Interview Questions & Answers (6 Q&As) (cont.)"),
    ("qa", None, "Interview Questions & Answers (6 Q&As) (cont.)"),
    ("bullets", "table", "Connections to Other Papers"),
    ("bullets", "table", "Key Takeaways for Quick Review (table)"),
]


def test_paper_notes_become_sections_statements_code_qa_and_tables() -> None:
    deck = validated(imported("qwen25-paper-notes.md"))
    assert kinds(deck) == PAPER_SLIDES
    assert deck.title == "Qwen2.5 Technical Report"
    assert deck.authors == ["Qwen Team, Alibaba"]
    assert deck.date == "2024"
    assert deck.subject == "arXiv"
    assert deck.source is not None
    assert deck.source.url == "https://arxiv.org/abs/2412.15115"
    tldr = deck.slides[1]
    assert (tldr.statement, tldr.caption) == (
        "7T → 18T tokens",
        "Scaling pre-training data from 7T to 18T high-quality tokens",
    )
    assert tldr.notes is not None and tldr.notes.startswith("Qwen2.5-72B-Instruct matches")
    systems = deck.slides[9]
    assert bullet_texts(systems)[0].startswith("Serving: match model class to latency SLO")
    assert len(systems.bullets) == 4


def test_paper_notes_long_paragraphs_keep_their_lead_on_the_slide_and_all_in_the_notes() -> None:
    deck = validated(imported("qwen25-paper-notes.md"))
    why = deck.slides[2]
    assert bullet_texts(why) == [
        "Industrial LLM reports now double as systems blueprints: how much data, how it is "
        "filtered, how instruction data is staged, and how RL is layered on top.",
        "Operationally, the report is a reminder that evaluation must track the recipe: a "
        "headline win on general chat may hide weaknesses in code or math unless benchmarks "
        "match your deployment surface.",
    ]
    assert why.notes is not None and why.notes.count("\n\n") == 1
    assert why.notes.endswith("dominated the final checkpoint.")


def test_paper_notes_unfenced_listing_becomes_python_code_slides() -> None:
    result = imported("qwen25-paper-notes.md")
    deck = validated(result)
    codes = [s.code for s in deck.slides[15:20]]
    assert all(c is not None and c.language == "python" for c in codes)
    source = "".join(c.source for c in codes)
    assert len(source.splitlines()) == 65
    assert 'def toy_quality_score(text: str) -> float:\n    """\n' in source
    assert "        return 0.1\n" in source  # indentation restored
    compile(source, "listing.py", "exec")  # the parts together are the whole program
    assert [c.first_line for c in codes] == [1, 9, 22, 40, 57]
    lost = "what this ':' introduces is not in the copy (an equation?); add it"
    assert result.warnings == [
        (26, lost),
        (27, lost),
        (36, lost),
        (40, lost),
        (45, "code without a fence found (lines 45–109); made a code slide"),
    ]


def test_paper_notes_lost_sub_heading_and_cut_list_items_are_put_back() -> None:
    usage = validated(imported("qwen25-paper-notes.md")).slides[20]
    assert [b[:40] for b in bullet_texts(usage)] == [
        "Prefer Qwen/Qwen2.5-0.5B-Instructor3Bon ",
        "Enable trust_remote_code=Trueonly for ch",
        "For batch serving, wrap generatewith con",
        "Replace toy_quality_scorewith perplexity",
    ]


def test_paper_notes_questions_become_qa_slides() -> None:
    deck = validated(imported("qwen25-paper-notes.md"))
    items = [i for s in deck.slides[22:25] for i in s.items]
    assert len(items) == 6
    assert all(len(s.items) <= 3 for s in deck.slides[22:25])
    assert items[0].q == "How does Qwen2.5 argue for data quality over sheer quantity?"
    assert items[0].a.startswith("It scales total tokens massively (to 18T)")
    assert items[3].q == "Outline a defensible post-training stack after large SFT."
    # a paragraph after a plain list stays a bullet of its own
    rl, rest = deck.slides[12], deck.slides[13]
    assert rl.diagram is not None
    assert [n.label for n in rl.diagram.nodes][-1] == "Iterate"
    assert bullet_texts(rest)[0] == (
        "The key interview point is stability: each stage fixes a different failure mode "
        "(format following, safety, reasoning style)."
    )
    assert all(not b.bullets for b in rest.bullets)


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
    assert connections.placement == "below"
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


@pytest.mark.parametrize("name", ["qwen25-paper-notes.md", "qwen25-blog-notes.md"])
def test_notes_import_validates_and_builds_without_lint_findings(name: str, tmp_path: Path) -> None:
    result = imported(name)
    validated(result)
    path = tmp_path / "imported.yaml"
    path.write_text(result.yaml_text, encoding="utf-8")
    res = compile_deck(path, TOOLS)
    assert [f"{d.span}: {d.message}" for d in res.diagnostics] == []
    assert res.presentation is not None and len(res.presentation.slides) >= 8


def test_blog_notes_use_front_matter_and_skip_empty_headings() -> None:
    result = imported("qwen25-blog-notes.md")
    deck = validated(result)
    assert deck.title == "Qwen2.5 Technical Report"
    assert deck.date == "2024-12-19"
    assert deck.keywords == ["LLMs", "Qwens"]
    assert deck.subtitle == (
        "Qwen Team, Alibaba Group [arXiv 2412.15115](https://arxiv.org/abs/2412.15115)"
    )
    assert kinds(deck) == [
        ("title", None, None),
        ("section", None, "Approach"),
        ("bullets", "stat", "Tokenization"),
        ("section", None, "Model Architecture"),
        ("bullets", None, "Dense Model"),
        ("section", None, "Pre-training"),
        ("bullets", None, "Pre-training Data"),
        ("bullets", None, "Pre-training Data (cont.)"),
    ]
    data = deck.slides[6]
    assert data.bullets[2].text == "**Better synthetic data**:"
    assert len(data.bullets[2].bullets) == 2
    assert bullet_texts(deck.slides[7])[0] == "**Better data mixture**:"
    skipped = [line for line, m in result.warnings if m.endswith("no slide was made")]
    assert skipped == [16, 18, 20, 37, 51, 53]


def test_the_importers_slide_limits_are_the_paper_themes() -> None:
    """The importer writes 'theme: paper' decks; its limits are that theme's policy."""
    theme = load_theme("paper").theme
    assert theme is not None
    assert theme.policy.max_bullets == slides.SLIDE_BULLETS
    assert slides.SLIDE_WORDS < slides.QA_WORDS < theme.policy.max_words
    assert theme.sizes.equation == slides.EQUATION_PT


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
    assert [s.title for s in deck.slides[1:]] == ["A: B #1"] + ["A: B #1 (cont.)"] * 2
    assert [b for s in deck.slides[1:] for b in bullet_texts(s)] == NASTY


def test_table_cells_that_need_quoting_read_back_exactly() -> None:
    cells = ["a, b", "[x]", "yes", "1.5", "k: v", "{y}", "`a\\|b`", "esc \\| pipe"]
    text = "## T\n\n| " + " | ".join(f"h{i}" for i in range(len(cells))) + " |\n"
    text += "|" + "---|" * len(cells) + "\n| " + " | ".join(cells) + " |\n"
    deck = validated(import_markdown(text))
    table = deck.slides[1].table
    assert table is not None
    assert table.rows == [["a, b", "[x]", "yes", "1.5", "k: v", "{y}", "`a|b`", "esc | pipe"]]


# --- limits and odd input ---------------------------------------------------------------------


def test_long_sections_are_split_where_the_theme_asks(tmp_path: Path) -> None:
    many = "## Many\n\n" + "".join(f"- point {i}\n" for i in range(20))
    wide = "\n## Wide\n\n|" + "|".join(f"c{i}" for i in range(14)) + "|\n"
    wide += (
        "|"
        + "---|" * 14
        + "\n"
        + "".join("|" + "|".join(str(r * 100 + c) for c in range(14)) + "|\n" for r in range(3))
    )
    result = import_markdown(many + wide)
    deck = validated(result)
    titles = [getattr(s, "title", None) for s in deck.slides]
    assert titles == [None, "Many", "Many (cont.)", "Many (cont.)", "Wide"]
    assert [len(s.bullets) for s in deck.slides[1:4]] == [8, 8, 4]
    assert deck.slides[4].table is not None and len(deck.slides[4].table.columns) == 12
    assert result.warnings == [(26, "table has 14 columns; only the first 12 were kept")]
    assert assert_builds(result, tmp_path) == 5


def test_a_long_heading_and_a_long_quotation_are_shortened_or_kept_as_text(
    tmp_path: Path,
) -> None:
    heading = "A heading that goes on and on " * 5
    text = f"## {heading}\n\ntext\n\n## Quoted\n\n> {'A long quotation that keeps going. ' * 20}\n"
    text += "> — Someone\n"
    result = import_markdown(text)
    deck = validated(result)
    assert [(s.layout, s.title) for s in deck.slides[1:]] == [
        ("bullets", "A heading that goes on and on " * 3 + "A heading that…"),
        ("bullets", "Quoted"),
    ]
    assert deck.slides[2].bullets[0].text.endswith("keeps going. — Someone")
    assert result.warnings == [
        (1, "heading shortened to 110 characters to fit a slide title"),
        (7, "quotation too long for a quote slide; kept as a bullet"),
    ]
    assert_builds(result, tmp_path)


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
        "*" * 5000 + "x" + "*" * 5000,  # emphasis nested thousands deep
        "[" * 3000 + "x" + "](http://a)" * 3000,
        "> " * 3000 + "x",
        "- " * 3000 + "x",
        "$$\n\\frac{\n$$\n",
        "```\n```\n\\[\n\\]\n",
        "Title¶\nText¶\n- cut\nItem - Next\n",
    ],
)
def test_any_input_imports_to_a_deck_that_validates(text: str) -> None:
    validated(import_markdown(text, source_name="odd-notes.md"))


OVERSIZED = {
    "long code lines": "## C\n\n```python\n"
    + "".join(f"x{i} = '" + "a" * 300 + "'\n" for i in range(20))
    + "```\n",
    "one huge code line": "## C\n\nSee:\n\n```\n" + "b" * 5000 + "\n```\n",
    "long answers": "## FAQ\n\n"
    + "".join(f"### Q{i}?\n\nYes. " + "It is long. " * 40 + "\n\n" for i in range(4)),
    "answers without sentences": "## FAQ\n\n"
    + "".join(f"### Q{i}?\n\n" + "word " * 400 + "\n\n" for i in range(3)),
    "long key-figure paragraph": "## S\n\nIt grew from 7T to 18T tokens " + "and more " * 60,
    "long list items": "## L\n\n- " + "word " * 500 + "\n- " + "Sentence here. " * 80 + "\n",
    "huge equation": "## E\n\n$$" + "+".join(f"x_{{{i}}}" for i in range(300)) + "$$\n",
    "paragraph without sentences": "## P\n\n" + "word " * 800 + "\n",
    "long brief bullet": "# Prompt - X\n\n## Slide 1: A\n\n- " + "word " * 600 + "\n",
    "wide table of long cells": "## T\n\n|"
    + "|".join(f"column {i}" for i in range(12))
    + "|\n|"
    + "---|" * 12
    + "\n"
    + ("|" + "|".join("a long cell value here" for _ in range(12)) + "|\n") * 10,
}


@pytest.mark.parametrize("text", list(OVERSIZED.values()), ids=list(OVERSIZED))
def test_oversized_notes_build_with_no_error_and_no_lint_finding(text: str, tmp_path: Path) -> None:
    result = import_markdown(text)
    path = tmp_path / "imported.yaml"
    path.write_text(result.yaml_text, encoding="utf-8")
    res = compile_deck(path, TOOLS)
    assert res.presentation is not None
    # Notes that are one oversized listing or table give a deck of that one construct
    # continued over slides: one composition by nature, the only finding allowed.
    titles = {
        s.title.removesuffix(" (cont.)")
        for s in validated(result).slides
        if s.layout == "bullets" and s.title
    }
    found = [f"{d.span}: {d.message}" for d in res.diagnostics]
    if len(titles) == 1 and all(d.rule == "monotony" for d in res.diagnostics):
        found = []
    assert found == []


# Lines of every construct the importer maps, oversized ones included; notes made of any
# mix of them must import to a deck that builds with no error.
PIECES = [
    "# T", "## H", "### Why this?", "- a", "  - b", "    - c", "1. What is x?", "| a | b |",
    "|---|--:|", "| 1 | 2.5 |", "```", "```python", "def f(x):", "return x", "import os",
    "$$", "x^2", "\\[", "\\]", "> q", "> — who", "Q: q?", "A: a", "text $x$ and \\(y\\)",
    "Title¶", "1. Sub¶", "Usage notes", "- Prefer", "more - Next", "", "", "",
    "It went from 7T to 18T tokens.", "where $x$ is big", "$$x = \\frac{1}{2}$$",
    "Word " * 60, "Sentence. " * 50,
]  # fmt: skip


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=50))
def test_notes_of_any_mix_of_constructs_build_with_no_error(
    tmp_path: Path, lines: list[str]
) -> None:
    result = import_markdown("\n".join(lines))
    path = tmp_path / "imported.yaml"
    path.write_text(result.yaml_text, encoding="utf-8")
    res = compile_deck(path, TOOLS)
    errors = [f"{d.span}: {d.message}" for d in res.diagnostics if d.severity is Severity.ERROR]
    assert errors == []


def test_what_does_not_fit_a_slide_is_warned_about_with_its_line() -> None:
    assert import_markdown(OVERSIZED["one huge code line"]).warnings == [
        (5, "code line 1 is too long for a slide; it was broken")
    ]
    assert import_markdown(OVERSIZED["huge equation"]).warnings == [
        (3, "display math too large for one slide; shown as LaTeX"),
        (3, "code line 1 is too long for a slide; it was broken"),
    ]
    long = validated(import_markdown(OVERSIZED["long answers"]))
    assert all(len(item.a) <= 300 for s in long.slides[1:] for item in s.items)
    assert all(s.notes and s.notes.count("It is long.") >= 40 for s in long.slides[1:])


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
