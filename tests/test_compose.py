"""Compositions: layout chooses how to split a slide from its measured content."""

from __future__ import annotations

from pathlib import Path

from deckgen import ir
from deckgen.units import inches, pt, to_inches
from helpers import compile_text

HEAD = "title: Compose\nslides:\n"
FLOW = "    diagram: {kind: flow, nodes: [Collect, Filter, Train, Ship]}\n"
LONG = "Every benchmark of the instruct models was rerun on the same harness with care"


def slides(tmp_path: Path, body: str) -> list[ir.Slide]:
    """Return the laid-out slides of a deck whose slides are ``body``."""
    res = compile_text(tmp_path, HEAD + body)
    assert res.ok, [d.message for d in res.diagnostics]
    assert res.presentation is not None
    return list(res.presentation.slides)


def named(slide: ir.Slide, name: str) -> list[ir.AnyShape]:
    """Return the shapes of ``slide`` called ``name``."""
    return [sh for sh in slide.shapes if sh.name == name]


def test_the_same_visual_with_more_text_gets_another_composition(tmp_path: Path) -> None:
    one = (
        "  - layout: bullets\n    title: A\n    bullets: [Four steps turn raw data into a model]\n"
    )
    few = "  - layout: bullets\n    title: B\n    bullets: [Collect, Filter, Train]\n"
    many = "  - layout: bullets\n    title: C\n    bullets:\n" + "".join(
        f"      - {LONG} ({i})\n" for i in range(6)
    )
    got = [s.composition for s in slides(tmp_path, one + FLOW + few + FLOW + many + FLOW)]
    assert got == ["lead-visual", "text-over-visual", "text-visual"]


def test_short_points_with_icons_become_cards_and_long_ones_stay_a_list(tmp_path: Path) -> None:
    short = "".join(f"      - {{text: Point {i}, icon: database}}\n" for i in range(4))
    long = "".join(f"      - {{text: {LONG} {LONG}, icon: database}}\n" for i in range(4))
    deck = (
        "  - layout: bullets\n    title: A\n    bullets:\n"
        + short
        + "  - layout: bullets\n    title: B\n    bullets:\n"
        + long
    )
    cards, rows = slides(tmp_path, deck)
    assert (cards.composition, rows.composition) == ("cards", "text")
    boxes = [sh.box for sh in cards.shapes if sh.name.startswith("Card") and sh.name[5:].isdigit()]
    assert len(boxes) == 4
    assert len({b.x for b in boxes}) == 2 and len({b.y for b in boxes}) == 2  # a 2×2 grid
    texts = [sh.box.y for sh in cards.shapes if sh.name.endswith(" text")]
    assert texts[0] == texts[1] and texts[2] == texts[3]  # first lines level in each row


def test_two_side_by_side_slides_in_a_row_mirror_each_other(tmp_path: Path) -> None:
    chart = "    chart: {kind: bar, categories: [A, B], series: [{name: S, values: [1, 2]}]}\n"
    one = "  - layout: bullets\n    title: A\n    bullets: [First point, Second point]\n" + chart
    first, second = slides(tmp_path, one + one.replace("title: A", "title: B"))
    assert (first.composition, second.composition) == ("text-visual", "visual-text")
    text = named(second, "Bullets")[0].box
    graph = next(sh for sh in second.shapes if isinstance(sh, ir.ChartShape)).box
    assert graph.right < text.x


def test_an_author_can_pin_a_composition(tmp_path: Path) -> None:
    deck = "  - layout: bullets\n    title: A\n    placement: text-visual\n    bullets: [One]\n"
    assert [s.composition for s in slides(tmp_path, deck + FLOW)] == ["text-visual"]


def test_a_stat_is_a_hero_number_in_a_panel_sized_to_it(tmp_path: Path) -> None:
    deck = (
        "  - layout: bullets\n    title: A\n    bullets: [Grew from 7T to 18T tokens]\n"
        "    stat: {value: 18T, label: tokens}\n"
    )
    (slide,) = slides(tmp_path, deck)
    assert slide.composition == "hero"
    panel = named(slide, "Stat panel")[0].box
    # Sized to one number and one label line, not stretched over the 5.07 in content area.
    assert to_inches(panel.h) < 3.0
    assert to_inches(panel.w) < 4.6
    stat = named(slide, "Stat")[0]
    assert isinstance(stat, ir.TextShape) and stat.text is not None
    assert panel.contains(stat.box)


def test_a_short_list_alone_is_centred_on_the_content_area(tmp_path: Path) -> None:
    (slide,) = slides(tmp_path, "  - layout: bullets\n    title: A\n    bullets: [One, Two]\n")
    block = named(slide, "Bullets")[0]
    assert isinstance(block, ir.TextShape) and block.text is not None
    assert block.text.anchor == "ctr"


def test_the_title_rule_sits_under_the_last_line_drawn(tmp_path: Path) -> None:
    deck = (
        "title: 'LLaMA: Open and Efficient Foundation Language Models'\n"
        "slides:\n  - layout: title\n"
    )
    res = compile_text(tmp_path, deck)
    assert res.presentation is not None
    slide = res.presentation.slides[0]
    title = named(slide, "Title")[0]
    rule = named(slide, "Title rule")[0]
    assert isinstance(title, ir.TextShape) and title.text is not None
    # Two lines (never a third that the renderer does not draw), the rule 0.25 in below.
    assert title.text.paragraphs[0].lines == 2
    assert rule.box.y - title.box.bottom == inches(0.25)


def test_every_label_of_a_diagram_has_one_size(tmp_path: Path) -> None:
    deck = (
        "  - layout: bullets\n    title: A\n    diagram:\n      kind: flow\n      nodes:\n"
        "        - Raw\n"
        "        - {label: Quality filter with a much longer name, caption: earlier models}\n"
        "        - Corpus\n"
    )
    (slide,) = slides(tmp_path, deck)
    labels = {
        sh.text.paragraphs[0].runs[0].size
        for sh in slide.shapes
        if isinstance(sh, ir.TextShape) and sh.name.startswith("Node:") and sh.text
    }
    assert labels == {16.0}


def test_a_tree_keeps_its_icons_and_stresses_the_active_branches(tmp_path: Path) -> None:
    deck = (
        "  - layout: bullets\n    title: A\n    diagram:\n      kind: tree\n      nodes:\n"
        "        - label: Router\n          icon: route\n          children:\n"
        "            - {label: Maths, icon: sigma, active: true}\n"
        "            - {label: History, icon: landmark}\n"
    )
    (slide,) = slides(tmp_path, deck)
    icons = sorted(sh.name for sh in slide.shapes if isinstance(sh, ir.IconShape))
    assert icons == ["Icon: landmark", "Icon: route", "Icon: sigma"]
    arrows = [sh for sh in slide.shapes if isinstance(sh, ir.ConnectorShape)]
    assert [(a.width, a.color) for a in arrows] == [
        (inches(3.5 / 72), "2E75B6"),  # into the active expert: heavy, in the accent
        (inches(1.25 / 72), "8C96A3"),  # into the other: thin, in the neutral grey
    ]
    root = named(slide, "Node: Router")[0].box
    leaf = named(slide, "Node: Maths")[0].box
    assert root.h <= 2 * leaf.h  # in proportion, not stretched over the fan


def test_comparison_headers_are_coloured_by_meaning(tmp_path: Path) -> None:
    deck = (
        "  - layout: bullets\n    title: A\n    diagram:\n      kind: comparison\n"
        "      nodes:\n"
        "        - {label: Chosen answer, items: [Passes the checks]}\n"
        "        - {label: Rejected answer, items: [Fails the checks]}\n"
    )
    (slide,) = slides(tmp_path, deck)
    heads = [sh for sh in named(slide, "Column header") if isinstance(sh, ir.TextShape)]
    assert [h.fill for h in heads] == ["2E7D32", "B23A2E"]  # positive, negative
    icons = [sh.name for sh in slide.shapes if isinstance(sh, ir.IconShape)]
    assert icons == ["Icon: circle-check", "Icon: circle-x"]
    items = [sh for sh in named(slide, "Column items") if isinstance(sh, ir.TextShape)]
    marks = [sh.text.paragraphs[0].bullet.char for sh in items]  # type: ignore[union-attr]
    assert marks == ["✓", "✗"]
    titles = [sh for sh in named(slide, "Column heading") if isinstance(sh, ir.TextShape)]
    assert [t.text.paragraphs[0].lines for t in titles] == [1, 1]  # type: ignore[union-attr]


def test_table_rows_are_as_tall_as_their_text(tmp_path: Path) -> None:
    row = "Compute-optimal split of parameters vs tokens; Qwen2.5 adds effective tokens via quality"
    deck = (
        "  - layout: bullets\n    title: A\n    table:\n      columns: [Paper, Connection]\n"
        f"      rows: [[Chinchilla, '{row}'], [LLaMA, Shared decoder recipe]]\n"
    )
    (slide,) = slides(tmp_path, deck)
    table = next(sh for sh in slide.shapes if isinstance(sh, ir.TableShape))
    # Every row holds one line, so every row is one line tall.
    assert all(p.lines == 1 for r in table.rows for c in r for p in c.text.paragraphs)
    one_line = inches(0.08) * 2 + pt(18 * 1.2)  # padding + one 18 pt line
    assert set(table.row_heights) == {one_line}


def test_placement_names_every_composition_and_the_older_aliases() -> None:
    import typing

    from deckgen import spec
    from deckgen.layout.compose import ALIASES, COMPOSITIONS

    hints = typing.get_type_hints(spec.VisualFields, include_extras=True)
    choices = set(typing.get_args(typing.get_args(hints["placement"])[0]))
    assert choices == {"auto", *COMPOSITIONS, *ALIASES}


def test_a_pinned_composition_that_cannot_show_the_content_is_a_located_error(
    tmp_path: Path,
) -> None:
    deck = HEAD + (
        "  - layout: bullets\n    title: A\n    placement: hero\n    bullets: [One]\n" + FLOW
    )
    res = compile_text(tmp_path, deck)
    assert [(d.span.line, d.span.column, d.message) for d in res.diagnostics if d.span] == [
        (5, 16, "placement 'hero' needs a stat, but the slide has a diagram")
    ]
    assert not res.ok


def test_many_one_line_bullets_spread_over_columns(tmp_path: Path) -> None:
    seven = (
        "  - layout: bullets\n    title: A\n    bullets: ["
        + ", ".join(f"Point {i}" for i in range(7))
        + "]\n"
    )
    twelve = seven.replace("title: A", "title: B").replace(
        "Point 6]", "Point 6, " + ", ".join(f"Point {i}" for i in range(7, 12)) + "]"
    )
    long = "  - layout: bullets\n    title: C\n    bullets:\n" + "".join(
        f"      - {LONG}\n" for _ in range(7)
    )
    got = slides(
        tmp_path, seven + twelve + long.replace("bullets:\n", "overflow: continue\n    bullets:\n")
    )
    assert [(s.composition, len(named(s, "Bullets"))) for s in got[:2]] == [
        ("columns", 2),
        ("columns", 3),
    ]
    assert got[2].composition == "text"  # long bullets stay one column


def test_four_statement_cards_go_two_by_two_when_a_row_would_orphan_a_word(
    tmp_path: Path,
) -> None:
    def statement(second: str) -> str:
        return (
            "  - layout: statement\n    statement: 72B ≈ 405B\n    points:\n"
            "      - {text: Smarter not bigger, icon: brain}\n"
            f"      - {{text: {second}, icon: brain}}\n"
            "      - {text: Open weights, icon: brain}\n"
            "      - {text: API models, icon: brain}\n"
        )

    # At four across "Design over raw computational" wraps with "computational" alone, and
    # the pair "raw computational" does not fit the card's line: the cards go 2 × 2.
    res = compile_text(
        tmp_path, HEAD + statement("Design over raw computational") + statement("Design over raw")
    )
    assert [d.message for d in res.diagnostics] == []
    assert res.presentation is not None
    grids = []
    for s in res.presentation.slides:
        boxes = [sh.box for sh in s.shapes if sh.name.startswith("Card") and sh.name[5:].isdigit()]
        grids.append((len({b.x for b in boxes}), len({b.y for b in boxes})))
    assert grids == [(2, 2), (4, 1)]
