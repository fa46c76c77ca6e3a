"""Charts: a native chart in the theme's palette, with alt text generated from its data."""

from __future__ import annotations

from deckgen import ir, markup, spec
from deckgen.diagnostics import YamlPath
from deckgen.layout.context import Ctx


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
