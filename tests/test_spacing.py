"""Spacing: a short text-only slide (bullets, columns of rows, Q&A, icon rows) opens the gaps
between its items by one shared amount, never more than 0.9 of the body size, before what is
left is centred; a full slide keeps the theme's spacing."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

from deckgen import ir
from deckgen.layout import regions
from deckgen.theme import load_theme
from helpers import compile_text

PAPER = load_theme("paper").theme
assert PAPER is not None
GAP = PAPER.grid.paragraph_gap  # 10 pt before a bullet
MOST = PAPER.sizes.body * 0.9  # 19.8 pt: the most a gap opens by
TOP, BOTTOM = PAPER.grid.content_top, PAPER.grid.content_bottom
HEAD = "title: Spacing\nslides:\n"
LONG = (
    "A bullet long enough to wrap onto a second line of the content area at the body size, "
    "number {}"
)


def one(tmp_path: Path, body: str) -> ir.Slide:
    """Return the one slide of a deck, which must build without diagnostics."""
    res = compile_text(tmp_path, HEAD + body)
    assert res.presentation is not None
    assert not res.diagnostics, [d.message for d in res.diagnostics]
    return res.presentation.slides[0]


def texts(slide: ir.Slide, name: str) -> list[ir.TextShape]:
    """Return the text shapes of ``slide`` called ``name``."""
    return [sh for sh in slide.shapes if isinstance(sh, ir.TextShape) and sh.name == name]


def paras(sh: ir.TextShape) -> tuple[ir.Paragraph, ...]:
    """Return the paragraphs of a text shape."""
    assert sh.text is not None
    return sh.text.paragraphs


def bullets(*items: str) -> str:
    """Return a bullets slide's YAML with ``items`` as its bullets."""
    return "  - layout: bullets\n    title: A list\n    bullets:\n" + "".join(
        f"      - {x}\n" for x in items
    )


def test_a_short_list_opens_its_gaps_by_the_most_and_is_centred(tmp_path: Path) -> None:
    slide = one(tmp_path, bullets("Data scaled to 18T tokens", "Curation over volume", "RL last"))
    assert slide.composition == "text"
    (sh,) = texts(slide, "Bullets")
    assert [p.space_before for p in paras(sh)] == [0.0, GAP + MOST, GAP + MOST]
    assert sh.text is not None and sh.text.anchor == "ctr"
    assert (sh.box.y, sh.box.bottom) == (TOP, BOTTOM)
    assert sh.text.measured_height < sh.box.h


def test_sub_points_stay_with_their_bullet_when_a_list_opens(tmp_path: Path) -> None:
    body = bullets("Curation over volume", "RL last") + (
        "      - text: Filters\n        bullets: [Less noise, More science]\n"
    )
    (sh,) = texts(one(tmp_path, body), "Bullets")
    gaps = [(p.level, p.space_before) for p in paras(sh)]
    assert gaps == [(0, 0.0), (0, GAP + MOST), (0, GAP + MOST), (1, GAP * 0.4), (1, GAP * 0.4)]


def test_a_full_list_keeps_the_themes_spacing(tmp_path: Path) -> None:
    slide = one(tmp_path, bullets(*(LONG.format(i) for i in range(1, 6))))
    assert slide.composition == "text"
    (sh,) = texts(slide, "Bullets")
    assert all(p.lines == 2 for p in paras(sh))
    assert [p.space_before for p in paras(sh)] == [0.0] + [GAP] * 4
    assert sh.text is not None and sh.text.anchor == "t"


def test_columns_of_rows_open_by_one_gap_with_their_first_lines_level(tmp_path: Path) -> None:
    rows = [f"Benchmark {c} 8{i}.1 vs 7{i}.0" for i, c in enumerate("ABCDEFGH")]
    slide = one(tmp_path, bullets(*rows))
    assert slide.composition == "columns"
    left, right = texts(slide, "Bullets")
    assert left.box.y == right.box.y > TOP
    for sh in (left, right):
        assert [p.space_before for p in paras(sh)] == [0.0, GAP + MOST, GAP + MOST, GAP + MOST]
    # What is left is shared above and below the columns.
    assert left.text is not None
    below = BOTTOM - (left.box.y + left.text.measured_height)
    assert abs(below - (left.box.y - TOP)) <= 1


def test_a_short_qa_sets_larger_answers_and_opens_the_gaps_between_pairs(
    tmp_path: Path,
) -> None:
    body = (
        "  - layout: qa\n    title: Questions\n    items:\n"
        "      - {q: Why curate?, a: Cleaner tokens teach more.}\n"
        "      - {q: Why RL last?, a: It sharpens what SFT taught.}\n"
    )
    (sh,) = texts(one(tmp_path, body), "Questions and answers")
    sizes = [p.runs[0].size for p in paras(sh)]
    body_size, sub = PAPER.sizes.body, PAPER.sizes.sub
    # The answers grow halfway to the body size; the questions, at the body size, still lead.
    assert sizes == [body_size, (body_size + sub) / 2] * 2
    assert [p.space_before for p in paras(sh)] == [0.0, GAP * 0.5, GAP * 2 + MOST, GAP * 0.5]
    assert sh.text is not None and sh.text.anchor == "ctr"


def test_a_full_qa_keeps_its_sizes_and_gaps(tmp_path: Path) -> None:
    answer = " ".join(["Cleaner tokens teach more than raw volume does at this scale."] * 2)
    items = "".join(f"      - {{q: Question {i}?, a: {answer}}}\n" for i in range(3))
    body = "  - layout: qa\n    title: Questions\n    items:\n" + items
    (sh,) = texts(one(tmp_path, body), "Questions and answers")
    # Questions at 0.95 of the body size (20.9 pt, set in half points), answers at the sub size.
    assert {p.runs[0].size for p in paras(sh)} == {21.0, PAPER.sizes.sub}
    assert [p.space_before for p in paras(sh)][1:4] == [GAP * 0.5, GAP * 2, GAP * 0.5]
    assert sh.text is not None and sh.text.anchor == "t"


def test_short_icon_rows_are_set_apart_by_one_wider_gap(tmp_path: Path) -> None:
    body = (
        "  - layout: bullets\n    title: Icons\n    placement: text\n    bullets:\n"
        "      - {text: Use the small model on a CPU, icon: cpu}\n"
        "      - {text: Keep bfloat16 as shown, icon: sliders-horizontal}\n"
        "      - {text: Serve in batches, icon: server}\n"
    )
    slide = one(tmp_path, body)
    rows = [sh for sh in slide.shapes if isinstance(sh, ir.TextShape) and "Bullet " in sh.name]
    assert len(rows) == 3
    gaps = [b.box.y - a.box.bottom for a, b in pairwise(rows)]
    assert gaps[0] == gaps[1] == round(12700 * (GAP * 1.4)) + round(12700 * MOST)
    # Centred: the rows leave as much above them as below.
    assert abs((BOTTOM - rows[-1].box.bottom) - (rows[0].box.y - TOP)) <= 1


def test_spread_is_bound_by_the_fullest_block_when_the_room_runs_out_first() -> None:
    # 30 of room left in a block of three gaps: 10 each, below the most of 50; the taller
    # block then fills the room and nothing is left to centre.
    assert regions.spread(100, [70, 40], [3, 1], 50) == (10, 0)
    assert regions.spread(100, [70, 40], [0, 0], 50) == (50, 15)
