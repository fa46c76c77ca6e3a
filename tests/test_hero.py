"""Hero numbers: a big number alone beside its text ('hero'), or with a small supporting
chart or comparison ('hero-chart'), the arrangement chosen by measuring."""

from __future__ import annotations

from pathlib import Path

import pytest

from deckgen import ir
from deckgen.build import compile_deck
from deckgen.diagnostics import render
from deckgen.layout.compose import SUPPORT_SHARE
from deckgen.theme import load_theme
from helpers import ROOT, TOOLS, compile_text

HEAD = "title: Hero\nslides:\n"
PAPER = load_theme("paper").theme
assert PAPER is not None
TEMPLATES = ROOT.parent / "shared" / "templates"
REAL = [TEMPLATES / "university-ufrj-mecanon.potx", TEMPLATES / "ngo-ecohealth-alliance-4x3.pptx"]
EXAMPLE = ROOT / "examples" / "hero-chart.yaml"

DAYS = (
    "  - layout: bullets\n    title: LLaMA-65B trained in 21 days\n"
    "    bullets:\n"
    "      - About 380 tokens/s per GPU on 2,048 A100-80GB GPUs\n"
    "      - xFormers attention and activation checkpointing save memory\n"
    "    stat: {value: 21 days, label: to train LLaMA-65B on 1.4T tokens}\n"
)
HOURS = (
    "    chart:\n      kind: bar\n      orientation: horizontal\n"
    "      title: GPU-hours to train (Table 15)\n"
    "      categories: [LLaMA-7B, LLaMA-13B, LLaMA-33B, LLaMA-65B]\n"
    "      series: [{name: GPU-hours, values: [82432, 135168, 530432, 1022362]}]\n"
    "      highlight: [LLaMA-65B]\n"
)
MIX = (
    "    diagram:\n      kind: comparison\n      nodes:\n"
    "        - {label: Down-sampled, tone: neutral, items: [E-commerce, Social media]}\n"
    "        - {label: Up-sampled, tone: highlight, items: [Technology, Science]}\n"
)
TALL = (
    "  - layout: bullets\n    title: Instruction finetuning lifts LLaMA-65B on MMLU\n"
    "    bullets:\n"
    "      - A little finetuning on instructions\n"
    "      - Ahead of the Flan models in Table 10\n"
    "    stat: {value: '68.9', label: LLaMA-I 65B, before: '63.4', before_label: LLaMA-65B}\n"
)


def slides(tmp_path: Path, body: str) -> list[ir.Slide]:
    """Return the laid-out slides of a deck whose slides are ``body``; it must build
    without a finding of any kind (every text fits, every design rule passes)."""
    res = compile_text(tmp_path, HEAD + body)
    assert [d.message for d in res.diagnostics] == []
    assert res.presentation is not None
    return list(res.presentation.slides)


def errors(tmp_path: Path, text: str) -> list[str]:
    """Return the rendered diagnostics of the deck ``text``, its file named 'deck.yaml'."""
    res = compile_text(tmp_path, text)
    return [render(d).replace(f"{tmp_path}/", "") for d in res.diagnostics]


def one(slide: ir.Slide, name: str) -> ir.AnyShape:
    """Return the one shape of ``slide`` called ``name``."""
    (found,) = [sh for sh in slide.shapes if sh.name == name]
    return found


def chart_of(slide: ir.Slide) -> ir.ChartShape:
    """Return the slide's one chart."""
    (found,) = [sh for sh in slide.shapes if isinstance(sh, ir.ChartShape)]
    return found


def sizes(shape: ir.AnyShape) -> set[float]:
    """Return the sizes of every run of a text shape."""
    assert isinstance(shape, ir.TextShape) and shape.text is not None
    return {r.size for p in shape.text.paragraphs for r in p.runs if r.text.strip()}


def test_the_same_number_is_a_hero_alone_and_a_hero_chart_with_a_chart(tmp_path: Path) -> None:
    alone, supported = slides(tmp_path, DAYS + DAYS + HOURS)
    assert (alone.composition, supported.composition) == ("hero", "hero-chart")


def test_a_chart_stands_right_of_the_number_over_its_text(tmp_path: Path) -> None:
    (slide,) = slides(tmp_path, DAYS + HOURS)
    panel, text = one(slide, "Stat panel").box, one(slide, "Bullets").box
    title, graph = one(slide, "Chart title").box, chart_of(slide).box
    area_w = PAPER.grid.width - 2 * PAPER.grid.margin_x
    # the number over the text in the left column, the chart right of both
    assert panel.bottom < text.y and panel.x == text.x
    assert graph.x > max(panel.right, text.right)
    # the chart supports: it takes the modest share of the width it is given
    assert graph.right - title.x == round((area_w - PAPER.grid.gutter) * SUPPORT_SHARE)
    # the columns share a top line and a bottom line
    assert title.y == panel.y and graph.bottom == text.bottom
    # the number keeps the theme's full stat size
    assert max(sizes(one(slide, "Stat"))) == PAPER.sizes.stat


def test_a_tall_number_stands_in_its_own_column_beside_text_over_the_chart(
    tmp_path: Path,
) -> None:
    (slide,) = slides(tmp_path, TALL + HOURS)
    assert slide.composition == "hero-chart"
    panel, text = one(slide, "Stat panel").box, one(slide, "Bullets").box
    title = one(slide, "Chart title").box
    assert panel.right < text.x and text.x == title.x
    assert text.bottom <= title.y
    # the text and the chart under it are one block, as tall as the panel beside them
    assert (text.y, chart_of(slide).box.bottom) == (panel.y, panel.bottom)


def test_a_comparison_takes_the_width_beside_the_number_a_step_down_in_size(
    tmp_path: Path,
) -> None:
    (slide,) = slides(tmp_path, DAYS + MIX)
    assert slide.composition == "hero-chart"
    panel, text = one(slide, "Stat panel").box, one(slide, "Bullets").box
    assert panel.right < text.x
    items = [sh for sh in slide.shapes if sh.name == "Column items"]
    assert items and all(sh.box.y > text.bottom for sh in items)
    assert {s for sh in items for s in sizes(sh)} == {PAPER.sizes.sub}
    assert sizes(one(slide, "Bullets")) == {PAPER.sizes.body}


def test_the_supporting_chart_keeps_its_highlight_and_adds_no_type_size(tmp_path: Path) -> None:
    (slide,) = slides(tmp_path, DAYS + HOURS)
    graph = chart_of(slide)
    accent, grey = PAPER.colors.accent, graph.series[0].point_colors[0]
    assert graph.series[0].point_colors == (grey, grey, grey, accent)
    assert sizes(one(slide, "Chart title")) == {PAPER.sizes.chart}


def test_the_number_is_read_first(tmp_path: Path) -> None:
    (slide,) = slides(tmp_path, DAYS + HOURS)
    names = [sh.name for sh in slide.shapes]
    assert names.index("Stat") < names.index("Bullets") < names.index(chart_of(slide).name)


def test_without_bullets_the_number_stands_beside_its_chart(tmp_path: Path) -> None:
    body = (
        "  - layout: bullets\n    title: Twenty-one days\n"
        "    stat: {value: 21 days, label: to train LLaMA-65B}\n" + HOURS
    )
    (slide,) = slides(tmp_path, body)
    assert slide.composition == "hero-chart"
    assert one(slide, "Stat panel").box.right < one(slide, "Chart title").box.x


def test_an_author_can_pin_hero_chart(tmp_path: Path) -> None:
    (slide,) = slides(tmp_path, DAYS + "    placement: hero-chart\n" + HOURS)
    assert slide.composition == "hero-chart"


@pytest.mark.parametrize(
    ("visuals", "expected"),
    [
        (
            "    table: {columns: [a], rows: [[b]]}\n",
            "deck.yaml:9:12: error: slides[0].table: a slide takes one visual, or a stat "
            "with one chart or comparison diagram; found table, stat",
        ),
        (
            "    diagram: {kind: flow, nodes: [Collect, Train]}\n",
            "deck.yaml:9:14: error: slides[0].diagram: beside a stat, a diagram must be a "
            "comparison, not a flow; give the diagram a slide of its own",
        ),
        (
            HOURS + MIX,
            "deck.yaml:17:7: error: slides[0].diagram: a slide takes one visual, or a stat "
            "with one chart or comparison diagram; found chart, diagram, stat",
        ),
    ],
    ids=["stat-table", "stat-flow", "stat-chart-comparison"],
)
def test_visuals_a_slide_cannot_carry_together_are_located_errors(
    tmp_path: Path, visuals: str, expected: str
) -> None:
    assert errors(tmp_path, HEAD + DAYS + visuals) == [expected]


def test_two_visuals_without_a_stat_are_an_error_at_the_second(tmp_path: Path) -> None:
    body = (
        "  - layout: bullets\n    title: A\n" + HOURS + "    table: {columns: [a], rows: [[b]]}\n"
    )
    assert errors(tmp_path, HEAD + body) == [
        "deck.yaml:12:12: error: slides[0].table: a slide takes one visual, or a stat with "
        "one chart or comparison diagram; found chart, table"
    ]


@pytest.mark.parametrize(
    ("placement", "extra", "expected"),
    [
        (
            "hero-chart",
            "",
            "placement 'hero-chart' needs a stat and a chart or comparison diagram, "
            "but the slide has only a stat",
        ),
        (
            "hero",
            HOURS,
            "placement 'hero' shows one visual, but the slide has a stat and a chart: "
            "'hero-chart' shows both",
        ),
        (
            "right",
            HOURS,
            "placement 'right' shows one visual, but the slide has a stat and a chart: "
            "'hero-chart' shows both",
        ),
    ],
)
def test_a_pinned_composition_that_misfits_a_hero_number_is_a_located_error(
    tmp_path: Path, placement: str, extra: str, expected: str
) -> None:
    res = compile_text(tmp_path, HEAD + DAYS + f"    placement: {placement}\n" + extra)
    assert [(d.span.line, d.message) for d in res.diagnostics if d.span] == [(9, expected)]


def test_the_example_passes_every_design_rule() -> None:
    res = compile_deck(EXAMPLE, TOOLS)
    assert [d.message for d in res.diagnostics] == []
    assert res.presentation is not None
    got = [s.composition for s in res.presentation.slides]
    assert got == ["hero-chart", "hero", "hero-chart", "text-visual", "hero-chart", "text"]


@pytest.mark.skipif(not TEMPLATES.is_dir(), reason="../shared/templates is absent")
@pytest.mark.parametrize("template", REAL, ids=lambda p: p.name)
def test_the_example_builds_and_fits_on_a_real_template(template: Path) -> None:
    res = compile_deck(EXAMPLE, TOOLS, template=str(template))
    # The templates' fonts have no shipped metrics: that warning is all there is.
    assert [d.message for d in res.diagnostics if d.rule != "template"] == []
    assert res.presentation is not None
    assert [s.composition for s in res.presentation.slides].count("hero-chart") == 3
