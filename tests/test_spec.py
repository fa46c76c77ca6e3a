"""Specification of deckgen.spec: every schema error as a located, one-line diagnostic.

Each test loads a small deck (``deck.yaml``) and checks the rendered diagnostics, i.e.
``file:line:col: error: path: message`` and, when there is one, the ``hint:`` line.
"""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import pytest

from deckgen.diagnostics import Severity, render
from deckgen.source import load_text
from deckgen.spec import LAYOUTS, BulletsSlide, Deck, QuoteSlide, validate_deck
from deckgen.theme import load_theme

HEAD = "title: T\nslides:\n"
BULLETS = "  - layout: bullets\n    title: A\n"


def errors(text: str) -> list[str]:
    """Return the rendered schema diagnostics of the deck ``text`` (dedented)."""
    loaded = load_text(dedent(text), "deck.yaml")
    assert loaded.diagnostics == [], "the YAML itself must be fine"
    deck, diags = validate_deck(loaded.data, loaded.source_map)
    assert deck is None
    assert diags, "expected schema errors"
    assert all(d.severity is Severity.ERROR for d in diags)
    return [render(d) for d in diags]


def valid(text: str) -> Deck:
    """Return the validated deck ``text`` (dedented), asserting it has no errors."""
    loaded = load_text(dedent(text), "deck.yaml")
    assert loaded.diagnostics == []
    deck, diags = validate_deck(loaded.data, loaded.source_map)
    assert diags == []
    assert deck is not None
    return deck


# --- a valid deck --------------------------------------------------------------------------


def test_minimal_deck_is_valid() -> None:
    deck = valid(HEAD + BULLETS + "    bullets: [one, two]\n")
    assert deck.title == "T"
    assert deck.theme == "paper"
    assert deck.overflow == "error"
    slide = deck.slides[0]
    assert isinstance(slide, BulletsSlide)
    assert [b.text for b in slide.bullets] == ["one", "two"]


def test_convenient_spellings_are_normalised() -> None:
    deck = valid(
        """\
        title: 2025
        authors: Qwen Team
        keywords: LLM
        date: 2024-12-19
        source: https://arxiv.org/abs/2412.15115
        slides:
          - layout: quote
            quote: 42
        """
    )
    assert deck.title == "2025"
    assert deck.authors == ["Qwen Team"]
    assert deck.keywords == ["LLM"]
    assert deck.date == "2024-12-19"
    assert deck.source is not None
    assert deck.source.label == deck.source.url == "https://arxiv.org/abs/2412.15115"
    assert isinstance(deck.slides[0], QuoteSlide)
    assert deck.slides[0].quote == "42"


def test_source_label_without_link() -> None:
    deck = valid("title: T\nsource: arXiv:2412.15115\nslides:\n  - layout: title\n")
    assert deck.source is not None
    assert (deck.source.label, deck.source.url) == ("arXiv:2412.15115", None)


def test_every_layout_is_accepted() -> None:
    deck = valid(
        """\
        title: T
        slides:
          - layout: title
          - {layout: section, title: S}
          - {layout: bullets, title: B, bullets: [x]}
          - {layout: two-column, title: C, left: {heading: L}, right: {heading: R}}
          - {layout: quote, quote: Q}
          - {layout: statement, statement: "72B ≈ 405B"}
          - {layout: qa, title: Q&A, items: [{q: "Why?", a: Because.}]}
          - {layout: question, question: "Why?"}
        """
    )
    assert [s.layout for s in deck.slides] == list(LAYOUTS)


# --- unknown keys ------------------------------------------------------------------------


def test_unknown_top_level_key_suggests_the_closest() -> None:
    assert errors(HEAD + BULLETS + "    bullets: [x]\nsubtitel: S\n") == [
        "deck.yaml:6:1: error: subtitel: unknown key 'subtitel'\n  hint: did you mean 'subtitle'?"
    ]


def test_unknown_slide_key_suggests_the_closest() -> None:
    assert errors(HEAD + BULLETS + "    bulets: [x]\n") == [
        "deck.yaml:5:5: error: slides[0].bulets: unknown key 'bulets'\n"
        "  hint: did you mean 'bullets'?"
    ]


def test_unknown_key_of_a_nested_mapping_suggests_the_closest() -> None:
    assert errors(HEAD + BULLETS + "    bullets:\n      - text: x\n        icn: brain\n") == [
        "deck.yaml:7:9: error: slides[0].bullets[0].icn: unknown key 'icn'\n"
        "  hint: did you mean 'icon'?"
    ]


def test_unknown_key_without_a_close_match_lists_the_keys_of_that_layout() -> None:
    assert errors(HEAD + "  - layout: quote\n    quote: Q\n    colour: red\n") == [
        "deck.yaml:5:5: error: slides[0].colour: unknown key 'colour'\n"
        "  hint: expected one of: attribution, hidden, layout, notes, quote, title"
    ]


def test_unknown_key_is_located_at_the_key() -> None:
    loaded = load_text(HEAD + BULLETS + "    bullets: [x]\n    colour: red\n", "deck.yaml")
    _, diags = validate_deck(loaded.data, loaded.source_map)
    assert diags[0].span is not None
    assert (diags[0].span.line, diags[0].span.column, diags[0].span.length) == (6, 5, 6)
    assert diags[0].path == ("slides", 0, "colour")


# --- layouts -------------------------------------------------------------------------------


def test_unknown_layout_suggests_the_closest() -> None:
    assert errors(HEAD + "  - layout: two-colum\n    title: A\n") == [
        "deck.yaml:3:13: error: slides[0].layout: unknown layout 'two-colum'\n"
        "  hint: did you mean 'two-column'?"
    ]


def test_unknown_layout_without_a_close_match_lists_the_layouts() -> None:
    assert errors(HEAD + "  - layout: banana\n") == [
        "deck.yaml:3:13: error: slides[0].layout: unknown layout 'banana'\n"
        "  hint: expected one of: title, section, bullets, two-column, quote, statement, qa, question"
    ]


def test_missing_layout_lists_the_layouts() -> None:
    assert errors(HEAD + "  - title: A\n    bullets: [x]\n") == [
        "deck.yaml:3:5: error: slides[0]: missing required key 'layout'\n"
        "  hint: expected one of: title, section, bullets, two-column, quote, statement, qa, question"
    ]


def test_slide_that_is_not_a_mapping() -> None:
    assert errors(HEAD + "  - Pre-training data\n") == [
        "deck.yaml:3:5: error: slides[0]: expected a mapping, got 'Pre-training data'"
    ]


# --- literals ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "title: T\noverflow: contine\nslides:\n" + BULLETS + "    bullets: [x]\n",
            "deck.yaml:2:11: error: overflow: expected one of continue, error; got 'contine'\n"
            "  hint: did you mean 'continue'?",
        ),
        (
            HEAD + BULLETS + "    bullets: [x]\n    placement: rigth\n",
            "deck.yaml:6:16: error: slides[0].placement: expected one of auto, below, cards, columns, hero, hero-chart, lead-visual, left, right, text, "
            "text-over-visual, text-visual, visual, visual-text; "
            "got 'rigth'\n"
            "  hint: did you mean 'right'?",
        ),
        (
            HEAD + BULLETS + "    chart: {kind: bra, categories: [a], series: [{name: s, "
            "values: [1]}]}\n",
            "deck.yaml:5:19: error: slides[0].chart.kind: expected one of bar, doughnut, line, "
            "pie; got 'bra'\n"
            "  hint: did you mean 'bar'?",
        ),
        (
            HEAD + BULLETS + "    bullets: [x]\n    placement: sideways\n",
            "deck.yaml:6:16: error: slides[0].placement: expected one of auto, below, cards, columns, hero, hero-chart, lead-visual, left, right, text, "
            "text-over-visual, text-visual, visual, visual-text; "
            "got 'sideways'",
        ),
    ],
    ids=["overflow", "placement", "chart-kind", "no-close-match"],
)
def test_literal_errors_list_the_choices_and_suggest_the_closest(text: str, expected: str) -> None:
    assert errors(text) == [expected]


# --- missing keys ------------------------------------------------------------------------


def test_missing_required_key_of_a_slide_is_reported_on_the_slide() -> None:
    assert errors(HEAD + "  - layout: quote\n    attribution: Touvron et al., 2023\n") == [
        "deck.yaml:3:5: error: slides[0]: missing required key 'quote'"
    ]


def test_missing_required_key_of_a_nested_mapping() -> None:
    assert errors(HEAD + "  - layout: two-column\n    title: A\n    left: {heading: L}\n") == [
        "deck.yaml:3:5: error: slides[0]: missing required key 'right'"
    ]


def test_missing_required_top_level_key_is_reported_at_the_start() -> None:
    assert errors("slides:\n" + BULLETS + "    bullets: [x]\n") == [
        "deck.yaml:1:1: error: title: missing required key 'title'"
    ]


def test_misspelt_required_key_gives_both_errors_in_source_order() -> None:
    assert errors("title: T\nslide:\n" + BULLETS + "    bullets: [x]\n") == [
        "deck.yaml:1:1: error: slides: missing required key 'slides'",
        "deck.yaml:2:1: error: slide: unknown key 'slide'\n  hint: did you mean 'slides'?",
    ]


# --- types ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            HEAD + "  - layout: bullets\n    title: [Pre-training, data]\n    bullets: [x]\n",
            "deck.yaml:4:12: error: slides[0].title: expected a text string, got a list",
        ),
        (
            HEAD + BULLETS + "    bullets: [x]\n    hidden: maybe\n",
            "deck.yaml:6:13: error: slides[0].hidden: expected true or false, got 'maybe'",
        ),
        (
            HEAD + BULLETS + "    bullets: [x]\n    hidden: [x]\n",
            "deck.yaml:6:13: error: slides[0].hidden: expected true or false, got a list",
        ),
        (
            "title: T\nsource: [a]\nslides:\n" + BULLETS + "    bullets: [x]\n",
            "deck.yaml:2:9: error: source: expected a mapping, got a list",
        ),
        (
            "title: T\nauthors: {name: Qwen}\nslides:\n" + BULLETS + "    bullets: [x]\n",
            "deck.yaml:2:10: error: authors: expected a list, got a mapping",
        ),
        (
            HEAD + "  - layout: two-column\n    title: A\n    left: {heading: L}\n"
            "    right: Inference\n",
            "deck.yaml:6:12: error: slides[0].right: expected a mapping, got 'Inference'",
        ),
        (
            HEAD + BULLETS + "    chart: {kind: bar, categories: [a], series: [{name: s, "
            "values: [1]}], axis_min: low}\n",
            "deck.yaml:5:85: error: slides[0].chart.axis_min: expected a number, got 'low'",
        ),
        (
            HEAD + "  - layout: quote\n    quote: ~\n",
            "deck.yaml:4:12: error: slides[0].quote: expected a text string, got nothing (null)",
        ),
    ],
    ids=[
        "title-list",
        "bool-word",
        "bool-list",
        "source-list",
        "authors-mapping",
        "column-text",
        "axis-text",
        "null",
    ],
)
def test_type_errors_say_what_was_expected_and_what_was_found(text: str, expected: str) -> None:
    assert errors(text) == [expected]


def test_every_non_number_in_a_series_is_reported() -> None:
    assert errors(
        HEAD
        + BULLETS
        + """\
    chart:
      kind: bar
      categories: [MBPP, MATH]
      series:
        - {name: Qwen, values: [high, low]}
"""
    ) == [
        "deck.yaml:9:33: error: slides[0].chart.series[0].values[0]: expected a number, got 'high'",
        "deck.yaml:9:39: error: slides[0].chart.series[0].values[1]: expected a number, got 'low'",
    ]


def test_long_values_are_shortened_in_messages() -> None:
    word = "x" * 50
    assert errors(HEAD + BULLETS + f"    bullets: [x]\n    hidden: {word}\n") == [
        f"deck.yaml:6:13: error: slides[0].hidden: expected true or false, got '{'x' * 40}…'"
    ]


# --- sizes and names -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("title: T\nslides: []\n", "deck.yaml:2:9: error: slides: needs at least 1 item(s)"),
        (
            HEAD + BULLETS + "    chart: {kind: bar, categories: [], series: [{name: s, "
            "values: [1]}]}\n",
            "deck.yaml:5:36: error: slides[0].chart.categories: needs at least 1 item(s)",
        ),
        (
            HEAD + "  - layout: statement\n    statement: X\n    points: [a, b, c, d, e]\n",
            "deck.yaml:5:13: error: slides[0].points: has too many items (at most 4)",
        ),
        (
            HEAD + BULLETS + "    chart: {kind: bar, unit: kilograms, categories: [a], "
            "series: [{name: s, values: [1]}]}\n",
            "deck.yaml:5:30: error: slides[0].chart.unit: text is too long (at most 8 characters)",
        ),
        (
            HEAD + BULLETS + "    bullets: [x]\n    stat: {value: '1', before: "
            "'1234567890123456789012345'}\n",
            "deck.yaml:6:32: error: slides[0].stat.before: text is too long "
            "(at most 24 characters)",
        ),
        (
            HEAD + BULLETS + "    icon: Brain\n    bullets: [x]\n",
            "deck.yaml:5:11: error: slides[0].icon: 'Brain' is not a valid name "
            "(lowercase words joined by '-')",
        ),
    ],
    ids=["no-slides", "no-categories", "too-many-points", "unit", "stat-before", "icon-name"],
)
def test_size_and_name_errors(text: str, expected: str) -> None:
    assert errors(text) == [expected]


def test_stat_value_is_at_most_24_characters() -> None:
    assert errors(HEAD + BULLETS + "    stat: {value: '1234567890123456789012345'}\n") == [
        "deck.yaml:5:19: error: slides[0].stat.value: text is too long (at most 24 characters)"
    ]


# --- rules across fields (custom validators) -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            HEAD + BULLETS,
            "deck.yaml:3:5: error: slides[0]: a bullets slide needs 'bullets' or a visual",
        ),
        (
            HEAD + BULLETS + "    stat: {value: '1'}\n    table: {columns: [a], rows: [[b]]}\n",
            "deck.yaml:6:12: error: slides[0].table: a slide takes one visual, or a stat with "
            "one chart or comparison diagram; found table, stat",
        ),
        (
            HEAD + BULLETS + "    chart:\n      kind: bar\n      categories: [MBPP, MATH, GSM8K]\n"
            "      series:\n        - {name: Qwen, values: [88.2, 83.1]}\n",
            "deck.yaml:6:7: error: slides[0].chart: series[0] 'Qwen' has 2 values for 3 categories",
        ),
        (
            HEAD + BULLETS + "    chart: {kind: pie, categories: [a], series: [{name: s, "
            "values: [1]}, {name: t, values: [2]}]}\n",
            "deck.yaml:5:12: error: slides[0].chart: a pie chart takes exactly one series",
        ),
        (
            HEAD
            + BULLETS
            + "    diagram:\n      kind: tree\n      nodes:\n        - label: Model\n",
            "deck.yaml:6:7: error: slides[0].diagram: a tree diagram has one root node with "
            "'children'",
        ),
        (
            HEAD + BULLETS + "    diagram: {kind: tree, nodes: [{label: a, children: [b]}, c]}\n",
            "deck.yaml:5:14: error: slides[0].diagram: a tree diagram has one root node with "
            "'children'",
        ),
        (
            HEAD + BULLETS + "    diagram: {kind: comparison, nodes: [a]}\n",
            "deck.yaml:5:14: error: slides[0].diagram: a comparison diagram has 2 or 3 columns, "
            "not 1",
        ),
        (
            HEAD + BULLETS + "    diagram: {kind: cycle, nodes: [a, b]}\n",
            "deck.yaml:5:14: error: slides[0].diagram: a cycle diagram has 3 to 8 nodes, not 2",
        ),
        (
            HEAD + BULLETS + "    diagram: {kind: flow, nodes: [a]}\n",
            "deck.yaml:5:14: error: slides[0].diagram: a flow diagram needs at least 2 nodes",
        ),
        (
            HEAD + BULLETS + "    table: {columns: [a, b], rows: [[b]]}\n",
            "deck.yaml:5:12: error: slides[0].table: rows[0] has 1 cells for 2 columns",
        ),
        (
            HEAD + BULLETS + "    table: {columns: [a, b], rows: [[1, 2]], align: [left]}\n",
            "deck.yaml:5:12: error: slides[0].table: 'align' needs one entry per column",
        ),
    ],
    ids=[
        "bullets-empty",
        "two-visuals",
        "series-length",
        "pie-series",
        "tree-no-children",
        "tree-two-roots",
        "comparison-size",
        "cycle-size",
        "flow-size",
        "table-row",
        "table-align",
    ],
)
def test_custom_rules_explain_themselves(text: str, expected: str) -> None:
    assert errors(text) == [expected]


# --- all errors, in order -------------------------------------------------------------------


def test_every_error_is_collected_in_one_run_in_source_order() -> None:
    text = """\
        title: [Qwen, 2.5]
        subtitel: Efficiency over scale
        slides:
          - layout: quot
            quote: Small models trained longer
          - layout: bullets
            title: Data
            bulets: [7T to 18T]
          - layout: two-column
            title: Budgets
            left: {heading: Training}
          - layout: bullets
            title: Results
            placement: rigth
            bullets: [MBPP]
        """
    assert errors(text) == [
        "deck.yaml:1:8: error: title: expected a text string, got a list",
        "deck.yaml:2:1: error: subtitel: unknown key 'subtitel'\n  hint: did you mean 'subtitle'?",
        "deck.yaml:4:13: error: slides[0].layout: unknown layout 'quot'\n"
        "  hint: did you mean 'quote'?",
        "deck.yaml:8:5: error: slides[1].bulets: unknown key 'bulets'\n"
        "  hint: did you mean 'bullets'?",
        "deck.yaml:9:5: error: slides[2]: missing required key 'right'",
        "deck.yaml:14:16: error: slides[3].placement: expected one of auto, below, cards, columns, hero, hero-chart, lead-visual, left, right, text, "
        "text-over-visual, text-visual, visual, visual-text; "
        "got 'rigth'\n"
        "  hint: did you mean 'right'?",
    ]


def test_diagnostics_carry_their_yaml_path() -> None:
    loaded = load_text(HEAD + "  - layout: quote\n    quote: [a]\n", "deck.yaml")
    _, diags = validate_deck(loaded.data, loaded.source_map)
    assert [d.path for d in diags] == [("slides", 0, "quote")]
    assert diags[0].to_dict() == {
        "severity": "error",
        "message": "expected a text string, got a list",
        "file": "deck.yaml",
        "line": 4,
        "column": 12,
        "path": "slides[0].quote",
        "hint": None,
        "rule": None,
    }


# --- conveniences and bounds ----------------------------------------------------------------


def test_dates_and_numbers_are_text_wherever_text_is_expected() -> None:
    deck = valid(
        HEAD
        + BULLETS
        + "    diagram:\n"
        + "      kind: timeline\n"
        + "      nodes:\n"
        + "        - {label: 2023, date: 2023-09-19}\n"
        + "        - {label: 2.5, date: 2024-12-19}\n"
    )
    slide = deck.slides[0]
    assert isinstance(slide, BulletsSlide) and slide.diagram is not None
    assert [(n.label, n.date) for n in slide.diagram.nodes] == [
        ("2023", "2023-09-19"),
        ("2.5", "2024-12-19"),
    ]


def test_a_number_below_its_bound_names_the_bound() -> None:
    assert errors(
        HEAD + BULLETS + "    code: {source: x = 1, line_numbers: true, first_line: -3}\n"
    ) == ["deck.yaml:5:59: error: slides[0].code.first_line: must be at least 0; got '-3'"]


def test_empty_text_where_text_is_required() -> None:
    assert errors(HEAD + BULLETS + "    image: {path: a.png, alt: ''}\n") == [
        "deck.yaml:5:31: error: slides[0].image.alt: text must not be empty"
    ]


def test_errors_inside_one_slide_are_all_reported() -> None:
    text = """\
        title: T
        slides:
          - layout: bullets
            title: [A]
            icon: Not An Icon
            bullets:
              - text: one
                colour: red
        """
    assert errors(text) == [
        "deck.yaml:4:12: error: slides[0].title: expected a text string, got a list",
        "deck.yaml:5:11: error: slides[0].icon: 'Not An Icon' is not a valid name "
        "(lowercase words joined by '-')",
        "deck.yaml:8:9: error: slides[0].bullets[0].colour: unknown key 'colour'\n"
        "  hint: expected one of: bullets, icon, text",
    ]


def test_a_rule_across_fields_is_checked_once_its_fields_are_valid() -> None:
    # The chart's own fields are fine, so its cross-field rule runs and is located at it.
    text = (
        HEAD
        + BULLETS
        + "    chart: {kind: pie, categories: [a, b], series: [{name: s, values: [1]}]}\n"
    )
    assert errors(text) == [
        "deck.yaml:5:12: error: slides[0].chart: series[0] 's' has 1 values for 2 categories"
    ]


# --- themes use the same checks -------------------------------------------------------------


def test_every_error_of_a_theme_is_located_in_its_own_file(tmp_path: Path) -> None:
    theme = tmp_path / "themes" / "mine" / "theme.yaml"
    theme.parent.mkdir(parents=True)
    theme.write_text(
        dedent(
            """\
            extends: paper
            grid:
              margin_x: 0.6 furlongs
            sizes:
              body: 3
            policy:
              max_bullets: 0
            lint:
              contrast: off
              overlap: loud
            """
        ),
        encoding="utf-8",
    )
    result = load_theme("mine", tmp_path)
    assert result.theme is None
    where = str(theme.resolve())
    assert [render(d).replace(where, "theme.yaml") for d in result.diagnostics] == [
        "theme.yaml:3:13: error: grid.margin_x: expected a length such as '0.6in', '1.5cm' "
        "or '18pt'; got '0.6 furlongs'",
        "theme.yaml:5:9: error: sizes.body: must be greater than 4; got '3'",
        "theme.yaml:7:16: error: policy.max_bullets: must be at least 1; got '0'",
        "theme.yaml:10:12: error: lint.overlap: expected one of error, off, warning; got 'loud'",
    ]


def test_a_theme_may_switch_a_rule_off_with_a_bare_yaml_off(tmp_path: Path) -> None:
    theme = tmp_path / "themes" / "quiet" / "theme.yaml"
    theme.parent.mkdir(parents=True)
    theme.write_text(
        "extends: paper\nlint:\n  contrast: off\n  overlap: on\n  low-resolution: off\n",
        encoding="utf-8",
    )
    result = load_theme("quiet", tmp_path)
    assert result.diagnostics == []
    assert result.theme is not None
    assert result.theme.lint == {"contrast": "off", "overlap": "error", "low-resolution": "off"}
