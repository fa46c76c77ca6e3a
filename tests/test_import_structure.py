"""Import: visuals a slide's own structure calls for — shares as a chart, named steps as a
flow, a key figure shown big, short points with the icons their words name."""

from __future__ import annotations

from pathlib import Path

import pytest

from deckgen.importer import import_markdown
from deckgen.importer.structure import ICONS
from deckgen.source import load_text
from deckgen.spec import Deck, validate_deck
from helpers import TOOLS, compile_text


def deck_of(markdown: str) -> Deck:
    """Return the validated deck imported from ``markdown``."""
    text = import_markdown(markdown).yaml_text
    loaded = load_text(text, "deck.yaml")
    assert loaded.data is not None
    deck, errors = validate_deck(loaded.data, loaded.source_map)
    assert deck is not None, [d.message for d in errors]
    return deck


def builds_clean(tmp_path: Path, markdown: str) -> None:
    """Assert that the deck imported from ``markdown`` builds with no finding at all."""
    res = compile_text(tmp_path, import_markdown(markdown).yaml_text)
    assert [d.message for d in res.diagnostics] == []


STEPS = (
    "## Training stages\n\nThe recipe has three steps:\n\n"
    "- Pre-train: next-token loss on 18T tokens\n"
    "- SFT: one million written examples\n"
    "- RL: preference pairs and a reward model\n"
)


def test_named_steps_of_a_sequence_become_a_flow_with_their_details_as_captions(
    tmp_path: Path,
) -> None:
    slide = deck_of(STEPS).slides[1]
    assert [b.text for b in slide.bullets] == ["The recipe has three steps:"]
    assert slide.diagram is not None and slide.diagram.kind == "flow"
    assert [(n.label, n.caption) for n in slide.diagram.nodes] == [
        ("Pre-train", "next-token loss on 18T tokens"),
        ("SFT", "one million written examples"),
        ("RL", "preference pairs and a reward model"),
    ]
    builds_clean(tmp_path, STEPS)


def test_long_step_details_go_to_the_notes_and_long_text_after_the_flow_continues(
    tmp_path: Path,
) -> None:
    long = (
        "a long explanation of the stage, in two sentences of some length. It would crowd "
        "the node that it sits in"
    )
    after = "A closing paragraph that says what the stages have in common, " * 3
    text = (
        "## Method\n\nA common decomposition:\n\n"
        f"- Collect: {long}\n- Filter: {long}\n- Train: {long}\n- Ship: {long}\n\n{after}\n"
    )
    deck = deck_of(text)
    flow, rest = deck.slides[1], deck.slides[2]
    assert flow.diagram is not None
    assert [(n.label, n.caption) for n in flow.diagram.nodes] == [
        ("Collect", None),
        ("Filter", None),
        ("Train", None),
        ("Ship", None),
    ]
    assert flow.notes == " ".join(f"{s}: {long}" for s in ("Collect", "Filter", "Train", "Ship"))
    assert rest.title == "Method (cont.)"
    assert [b.text for b in rest.bullets] == [after.strip()]
    builds_clean(tmp_path, text)


def test_a_list_of_labelled_points_that_is_no_sequence_stays_bullets() -> None:
    text = "## Angles\n\nThree angles:\n\n- Serving: latency\n- Data: mixtures\n- Safety: filters\n"
    slide = deck_of(text).slides[1]
    assert slide.diagram is None
    assert [b.text for b in slide.bullets][1:] == [
        "Serving: latency",
        "Data: mixtures",
        "Safety: filters",
    ]


def test_three_shares_become_a_bar_chart_and_two_do_not() -> None:
    three = deck_of("## Mix\n\n- Web: 67%\n- Code: 4.5% (GitHub)\n- Books: 4.5%\n").slides[1]
    assert three.chart is not None and three.bullets == []
    assert three.chart.categories == ["Web", "Code", "Books"]
    assert three.notes == "Code: GitHub."
    two = deck_of("## Mix\n\n- Web: 67%\n- Code: 4.5%\n").slides[1]
    assert two.chart is None and len(two.bullets) == 2


@pytest.mark.parametrize(
    ("bullet", "before", "value", "label"),
    [
        ("Data grew from 7 trillion to 18 trillion tokens", "7T", "18T", "tokens"),
        ("Fine-tuning boosts MMLU from 63.4% to ~69%", "63.4%", "~69%", "MMLU"),
        ("Matches a model (5x larger) on most tasks", None, "5×", "larger"),
        ("SFT on over 1 million examples", None, "1M+", "examples"),
        ("A vocabulary of 151,646 tokens", None, "151,646", "tokens"),
        ("Trained in just 21 days", None, "21", "days"),
    ],
)
def test_a_key_figure_in_the_bullets_is_shown_big(
    bullet: str, before: str | None, value: str, label: str
) -> None:
    slide = deck_of(f"## S\n\n- {bullet}\n- A second point\n").slides[1]
    assert slide.stat is not None
    assert (slide.stat.before, slide.stat.value, slide.stat.label) == (before, value, label)
    assert [b.text for b in slide.bullets] == [bullet, "A second point"]


@pytest.mark.parametrize(
    "bullet",
    ["We expand the control tokens from 3 to 22", "It has 22 tokens", "In 21 days we were done"],
)
def test_plain_counts_are_no_key_figure(bullet: str) -> None:
    assert deck_of(f"## S\n\n- {bullet}\n- A second point\n").slides[1].stat is None


def test_short_points_get_the_icons_their_words_name_and_become_cards(tmp_path: Path) -> None:
    text = (
        "## Dense model\n\n- GQA for a smaller KV cache\n- SwiGLU for activation\n"
        "- RoPE for positional embedding\n"
    )
    slide = deck_of(text).slides[1]
    assert [b.icon for b in slide.bullets] == ["database", "activity", "map-pin"]
    res = compile_text(tmp_path, import_markdown(text).yaml_text)
    assert res.presentation is not None
    assert res.presentation.slides[1].composition == "cards"
    assert res.diagnostics == []


@pytest.mark.parametrize(
    "points",
    [
        "- GQA for a smaller KV cache\n- A cache of keys\n",  # one icon for both: no cards
        "- GQA for a smaller KV cache\n- SwiGLU gates\n",  # the second names nothing
    ],
)
def test_points_without_an_icon_each_of_their_own_keep_none(points: str) -> None:
    slide = deck_of(f"## S\n\n{points}").slides[1]
    assert all(b.icon is None for b in slide.bullets)


def test_every_icon_of_the_vocabulary_exists() -> None:
    for _, name in ICONS:
        TOOLS.icons.get(name)
