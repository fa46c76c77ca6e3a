"""Panels: comparison diagrams and two-column slides fill their region, with one-line
headings, items set as level rows, and no floating bands of empty space."""

from __future__ import annotations

from pathlib import Path

import pytest

from deckgen import ir
from deckgen.build import compile_deck
from deckgen.theme import load_theme
from helpers import ROOT, TOOLS, compile_text

PAPER = load_theme("paper").theme
assert PAPER is not None
TOP, BOTTOM = PAPER.grid.content_top, PAPER.grid.content_bottom
HEAD = "title: Panels\nslides:\n"
SPARSE = (
    "  - layout: bullets\n    title: Two budgets\n    diagram:\n      kind: comparison\n"
    "      nodes:\n"
    "        - {label: Training budget, items: [Paid once, Favours big models]}\n"
    "        - {label: Inference budget, items: [Paid per query]}\n"
)
DECKS = [
    ROOT / "decks" / "llama.yaml",
    ROOT / "decks" / "qwen25.yaml",
    ROOT / "decks" / "qwen25-report.yaml",
    ROOT / "examples" / "diagrams.yaml",
    ROOT / "examples" / "two-column.yaml",
    ROOT / "examples" / "international.yaml",
]


def texts(slide: ir.Slide, name: str) -> list[ir.TextShape]:
    """Return the text shapes of ``slide`` called ``name``."""
    return [sh for sh in slide.shapes if isinstance(sh, ir.TextShape) and sh.name == name]


def lines(sh: ir.TextShape) -> int:
    """Return how many lines the shape's text was measured to take."""
    assert sh.text is not None
    return sum(p.lines for p in sh.text.paragraphs)


def one(tmp_path: Path, body: str) -> tuple[ir.Slide, list[str]]:
    """Return the one slide of a deck and the messages of its diagnostics."""
    res = compile_text(tmp_path, HEAD + body)
    assert res.presentation is not None
    return res.presentation.slides[0], [d.message for d in res.diagnostics]


@pytest.mark.parametrize("path", DECKS, ids=[p.stem for p in DECKS])
def test_every_panel_of_the_shipped_decks_reaches_the_bottom_of_the_content_area(
    path: Path,
) -> None:
    res = compile_deck(path, TOOLS)
    assert res.presentation is not None
    assert not res.diagnostics, [d.message for d in res.diagnostics]
    seen = 0
    for slide in res.presentation.slides:
        items = texts(slide, "Column items")
        panels = texts(slide, "Left panel") + texts(slide, "Right panel")
        caption = texts(slide, "Diagram caption")
        for sh in items:
            # Under a caption the panels end where the caption begins, 0.1 in above it.
            end = caption[0].box.y - 91440 if caption else BOTTOM
            assert sh.box.bottom == end
        for sh in panels:
            assert (sh.box.y, sh.box.bottom) == (TOP, BOTTOM)
        for sh in texts(slide, "Column heading") + texts(slide, "Left heading"):
            assert lines(sh) == 1, sh.text
        for sh in texts(slide, "Right heading"):
            assert lines(sh) == 1, sh.text
        seen += len(items) + len(panels)
    assert seen >= 2


def test_a_sparse_comparison_fills_the_area_with_its_items_in_level_rows(
    tmp_path: Path,
) -> None:
    slide, messages = one(tmp_path, SPARSE)
    assert messages == []  # design lint clean: no balance finding for the empty panel
    headers = texts(slide, "Column header")
    items = texts(slide, "Column items")
    assert [h.box.y for h in headers] == [TOP, TOP]
    assert [(i.box.y, i.box.bottom) for i in items] == [(headers[0].box.bottom, BOTTOM)] * 2
    # Two rows share the panel: one hairline between them, only where a second item is.
    rules = texts(slide, "Row rule")
    assert len(rules) == 1 and rules[0].box.x < items[0].box.right
    # The items grew to the body size; the second row starts half the panel further down.
    left = items[0].text
    assert left is not None
    assert {r.size for p in left.paragraphs for r in p.runs} == {PAPER.sizes.body}
    assert left.paragraphs[1].space_before > 72  # more than an inch between the rows


def test_the_nth_items_of_a_comparison_start_on_one_level(tmp_path: Path) -> None:
    long = "Attention sees the relative distance between two tokens"
    deck = (
        "  - layout: bullets\n    title: A\n    diagram:\n      kind: comparison\n"
        "      nodes:\n"
        f"        - {{label: RoPE, items: ['{long}', Rotates queries, Cheap]}}\n"
        "        - {label: Absolute, items: [Learned table, Fixed length, Cheap]}\n"
    )
    slide, messages = one(tmp_path, deck)
    assert messages == []
    left, right = (sh.text for sh in texts(slide, "Column items"))
    assert left is not None and right is not None

    def tops(frame: ir.TextFrame) -> list[float]:
        # Each paragraph's top, in points from the text area's top.
        y, out = frame.inset_t / 12700, []
        for p in frame.paragraphs:
            size = max(r.size for r in p.runs)
            y += p.space_before if out else 0
            out.append(round(y, 1))
            y += p.lines * size * 1.2
        return out

    assert left.paragraphs[0].lines == 2  # the long item takes two lines
    assert tops(left) == pytest.approx(tops(right), abs=0.3)
    rules = texts(slide, "Row rule")
    assert len({r.box.y for r in rules}) == 2 and len(rules) == 4  # two per column, level


def test_a_heading_that_cannot_fit_one_line_is_a_located_design_warning(tmp_path: Path) -> None:
    long = "A heading far too long to stand on one line of a narrow column even when small"
    deck = (
        "  - layout: bullets\n    title: A\n    diagram:\n      kind: comparison\n"
        "      nodes:\n"
        f"        - {{label: '{long}', items: [x]}}\n"
        "        - {label: Short, items: [y]}\n"
        "        - {label: Other, items: [z]}\n"
    )
    res = compile_text(tmp_path, HEAD + deck)
    found = [d for d in res.diagnostics if d.rule == "heading-wrap"]
    assert [(d.message, d.path, d.span.line if d.span else None) for d in found] == [
        (
            f"the column heading '{long}' takes 3 lines even at 14 pt",
            ("slides", 0, "diagram", "nodes", 0, "label"),
            8,
        )
    ]


def test_headings_shrink_together_to_stay_on_one_line(tmp_path: Path) -> None:
    deck = (
        "  - layout: two-column\n    title: A\n"
        "    left: {heading: Pre-training data mixture and filters, icon: database,"
        " bullets: [a]}\n"
        "    right: {heading: Serving, icon: server, bullets: [b]}\n"
    )
    slide, messages = one(tmp_path, deck)
    assert messages == []
    heads = texts(slide, "Left heading") + texts(slide, "Right heading")
    sizes = {r.size for h in heads for p in h.text.paragraphs for r in p.runs}  # type: ignore[union-attr]
    assert len(sizes) == 1 and PAPER.sizes.sub <= sizes.pop() < PAPER.sizes.body
    assert [lines(h) for h in heads] == [1, 1]
    assert heads[0].box.y == heads[1].box.y  # level across the panels


def test_a_two_column_heading_too_long_for_one_line_is_a_located_warning(
    tmp_path: Path,
) -> None:
    long = "Everything that changes when the same model is served to millions of users a day"
    deck = (
        "  - layout: two-column\n    title: A\n"
        f"    left: {{heading: '{long}', bullets: [a]}}\n"
        "    right: {heading: Serving, bullets: [b]}\n"
    )
    res = compile_text(tmp_path, HEAD + deck)
    assert [(d.rule, d.message, d.path) for d in res.diagnostics] == [
        (
            "heading-wrap",
            f"the column heading '{long}' takes 2 lines even at 18 pt",
            ("slides", 0, "left", "heading"),
        )
    ]


def test_two_column_points_spread_over_the_panel_by_one_amount(tmp_path: Path) -> None:
    deck = (
        "  - layout: two-column\n    title: A\n"
        "    left: {heading: Training, bullets: [Paid once, Optimise the loss, Big models]}\n"
        "    right: {heading: Inference, bullets: [Paid per query, Small models]}\n"
    )
    slide, messages = one(tmp_path, deck)
    assert messages == []
    panels = texts(slide, "Left panel") + texts(slide, "Right panel")
    assert [(p.box.y, p.box.bottom) for p in panels] == [(TOP, BOTTOM)] * 2
    left, right = (texts(slide, f"{s} text")[0].text for s in ("Left", "Right"))
    assert left is not None and right is not None
    gaps = {p.space_before for f in (left, right) for p in f.paragraphs[1:]}
    # One gap everywhere: the standard 10 pt plus the same extra, at most 0.9 of a line.
    assert len(gaps) == 1 and PAPER.grid.paragraph_gap < gaps.pop() <= 10 + 22 * 0.9 + 0.1


def test_rows_too_close_for_a_hairline_read_as_a_plain_list(tmp_path: Path) -> None:
    lead = "".join(
        f"      - Point {i} that takes most of one line at the body size here\n" for i in range(4)
    )
    deck = (
        f"  - layout: bullets\n    title: A\n    bullets:\n{lead}"
        "    diagram:\n      kind: comparison\n      caption: One pair, two answers\n"
        "      nodes:\n"
        "        - {label: Chosen, items: [Correct answer, Passes its tests, Follows it]}\n"
        "        - {label: Rejected, items: [Wrong answer, Fails its tests, Ignores it]}\n"
    )
    slide, messages = one(tmp_path, deck)
    assert messages == []
    assert slide.composition == "text-over-visual"
    assert texts(slide, "Row rule") == []
    # Still full height: the panels end 0.1 in above the caption, which ends the area.
    (caption,) = texts(slide, "Diagram caption")
    assert caption.box.bottom == BOTTOM
    assert {sh.box.bottom for sh in texts(slide, "Column items")} == {caption.box.y - 91440}
