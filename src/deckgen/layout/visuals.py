"""Visuals: which visual a slide carries, and each visual laid out inside a box by its
own module (stat, table, image, diagrams, code, math; charts here)."""

from __future__ import annotations

from deckgen import ir, markup, spec
from deckgen.diagnostics import YamlPath
from deckgen.layout import diagrams
from deckgen.layout.code import code_block
from deckgen.layout.context import Ctx
from deckgen.layout.image import image
from deckgen.layout.math import equations
from deckgen.layout.shapes import Shapes
from deckgen.layout.stat import stat
from deckgen.layout.table import table


def kind_of(s: spec.VisualFields) -> str | None:
    """Return which visual a slide carries ('chart', 'diagram', 'table', 'stat') or None."""
    for k in spec.VISUALS:
        if getattr(s, k) is not None:
            return k
    return None


def visual(ctx: Ctx, s: spec.VisualFields, path: YamlPath, box: ir.Box) -> Shapes:
    """Return the shapes of the slide's visual laid out in ``box``."""
    if s.stat is not None:
        return stat(ctx, s.stat, (*path, "stat"), box)
    if s.chart is not None:
        return [chart(ctx, s.chart, (*path, "chart"), box)]
    if s.table is not None:
        return table(ctx, s.table, (*path, "table"), box)
    if s.code is not None:
        return code_block(ctx, s.code, (*path, "code"), box)
    if s.image is not None:
        return image(ctx, s.image, (*path, "image"), box)
    if s.equation is not None:
        items = s.equation if isinstance(s.equation, list) else [s.equation]
        return equations(ctx, items, (*path, "equation"), box)
    assert s.diagram is not None
    return diagrams.diagram(ctx, s.diagram, (*path, "diagram"), box)


# --- chart -----------------------------------------------------------------------------


def chart(ctx: Ctx, c: spec.Chart, path: YamlPath, box: ir.Box) -> ir.ChartShape:
    """Return a native chart in the theme palette filling ``box``."""
    t = ctx.theme
    palette = t.colors.series
    many = len(c.series) > 1
    ctype = ("column" if c.orientation == "vertical" else "bar") if c.kind == "bar" else c.kind
    series = tuple(
        ir.ChartSeries(s.name, tuple(s.values), palette[i % len(palette)])
        for i, s in enumerate(c.series)
    )
    point_colors: tuple[str, ...] = ()
    if ctype in ("pie", "doughnut"):
        point_colors = tuple(palette[i % len(palette)] for i in range(len(c.categories)))
    legend = c.legend if c.legend is not None else (many or ctype in ("pie", "doughnut"))
    categories = tuple(markup.plain(x) for x in c.categories)
    labels = c.labels
    if ctype in ("pie", "doughnut") and labels:
        # Labels on thin slices collide; the legend carries each slice's value instead.
        values = c.series[0].values
        categories = tuple(f"{k}  {v:g}{c.unit}" for k, v in zip(categories, values, strict=True))
        labels = False
        legend = True
    alt = c.alt or _chart_alt(c)
    return ir.ChartShape(
        key=ctx.key("chart"),
        name=f"Chart: {markup.plain(c.title) if c.title else c.kind}",
        box=box,
        origin=path,
        alt=alt,
        chart_type=ctype,  # type: ignore[arg-type]
        categories=categories,
        series=series,
        point_colors=point_colors,
        number_format=c.number_format,
        unit=c.unit,
        labels=labels,
        legend=legend,
        font=t.fonts.body,
        font_size=t.sizes.chart,
        # many bars or points: smaller labels so neighbours do not collide
        label_size=t.sizes.chart - (2 if len(c.categories) * len(c.series) > 10 else 0),
        text_color=t.colors.text,
        axis_color=t.colors.rule,
        grid_color=t.colors.surface,
        axis_min=c.axis_min,
        axis_max=c.axis_max,
        gap_width=60 if many else 80,
        title=markup.plain(c.title) if c.title else None,
    )


def _chart_alt(c: spec.Chart) -> str:
    parts = []
    for s in c.series:
        pairs = ", ".join(
            f"{markup.plain(k)} {v:g}{c.unit}" for k, v in zip(c.categories, s.values, strict=True)
        )
        parts.append(f"{markup.plain(s.name)}: {pairs}")
    head = f"{c.kind.capitalize()} chart" + (f" '{markup.plain(c.title)}'" if c.title else "")
    return f"{head}. " + "; ".join(parts)
