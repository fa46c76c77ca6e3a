"""Charts: a native chart whose colours say what the slide is about.

The series (or categories) the slide is about are drawn in the accent colour and the rest
in greys; every bar carries its value, so the value axis, tick marks and gridlines go. The
title and the legend are drawn by layout above the plot, left-aligned and in the order the
bars are read: chart renderers list the series of horizontal bar charts bottom-up, the
reverse of the bars, and differ among themselves in where they put the legend.
"""

from __future__ import annotations

from typing import NamedTuple

from deckgen import ir, markup, spec
from deckgen.diagnostics import YamlPath
from deckgen.layout.context import Ctx
from deckgen.layout.text import Para, fit, single_line_width
from deckgen.theme import Theme
from deckgen.units import Emu, inches, pt

Shapes = list[ir.AnyShape]

SWATCH = inches(0.16)  # legend colour square
SWATCH_GAP = inches(0.08)  # square to its label
ITEM_GAP = inches(0.32)  # one legend entry to the next
BLOCK_GAP = inches(0.06)  # title to legend, legend to plot


class ChartColors(NamedTuple):
    """The colour roles a chart uses."""

    highlight: str  # the series or categories the slide is about
    second: str  # a second highlighted series
    neutral: str  # everything else
    background: str  # the ground, which greys and tints are blended towards
    label: str  # data labels of highlighted series
    quiet_label: str  # data labels of grey series, axis numbers


def chart_colors(theme: Theme) -> ChartColors:
    """Return the chart's colour roles from the theme.

    The highlight is the accent; the neutral grey is the muted text colour blended halfway
    to the background, light enough that the accent stands out beside it.
    """
    c = theme.colors
    return ChartColors(
        highlight=c.accent,
        second=c.primary,
        neutral=blend(c.muted, c.background, 0.45),
        background=c.background,
        label=c.text,
        quiet_label=c.muted,
    )


def blend(color: str, toward: str, amount: float) -> str:
    """Return ``color`` moved ``amount`` (0..1) of the way to ``toward``, as RRGGBB."""
    a = [int(color[i : i + 2], 16) for i in (0, 2, 4)]
    b = [int(toward[i : i + 2], 16) for i in (0, 2, 4)]
    return "".join(f"{round(x + (y - x) * amount):02X}" for x, y in zip(a, b, strict=True))


def greys(roles: ChartColors, n: int) -> list[str]:
    """Return ``n`` greys from the neutral one towards the background, distinct in order."""
    if n <= 1:
        return [roles.neutral] * n
    return [blend(roles.neutral, roles.background, 0.6 * i / (n - 1)) for i in range(n)]


def chart(
    ctx: Ctx, c: spec.Chart, path: YamlPath, box: ir.Box, *, quiet_title: bool = False
) -> Shapes:
    """Return the chart's title, legend and native chart, stacked top to bottom in ``box``.

    The title is bold and a step above the labels; ``quiet_title`` sets it at the labels'
    size (a chart supporting a big number adds no size of its own to the slide)."""
    t = ctx.theme
    roles = chart_colors(t)
    ctype = ("column" if c.orientation == "vertical" else "bar") if c.kind == "bar" else c.kind
    pie = ctype in ("pie", "doughnut")
    names = [s.name for s in c.series]
    lit_series = [i for i, s in enumerate(c.series) if s.name in c.highlight] or [0]
    lit_cats = {j for j, k in enumerate(c.categories) if k in c.highlight and k not in names}
    series = _series(c, ctype, roles, lit_series, lit_cats)
    point_colors: tuple[str, ...] = ()
    if pie:
        lit = lit_cats or {0}
        rest = iter(greys(roles, len(c.categories) - len(lit)))
        point_colors = tuple(
            roles.highlight if j in lit else next(rest) for j in range(len(c.categories))
        )
    legend = c.legend if c.legend is not None else (len(c.series) > 1 or pie)
    categories = tuple(markup.plain(x) for x in c.categories)
    labels = c.labels
    if pie and labels:
        # Labels on thin slices collide; the legend carries each slice's value instead.
        values = c.series[0].values
        categories = tuple(f"{k}  {v:g}{c.unit}" for k, v in zip(categories, values, strict=True))
        labels = False
        legend = True
    shapes: Shapes = []
    top = box.y
    if c.title:
        title = _line(
            ctx,
            "Chart title",
            c.title,
            box,
            top,
            bold=True,
            path=(*path, "title"),
            size=t.sizes.chart if quiet_title else t.sizes.chart + 2,
        )
        shapes.append(title)
        top = Emu(title.box.bottom + BLOCK_GAP)
    if legend and not pie:
        keys = _legend(ctx, c, series, box, top, path)
        shapes.extend(keys)
        top = Emu(max(s.box.bottom for s in keys) + BLOCK_GAP)
    plot = ir.Box(box.x, top, box.w, Emu(max(box.bottom - top, inches(0.5))))
    shapes.append(
        ir.ChartShape(
            key=ctx.key("chart"),
            name=f"Chart: {markup.plain(c.title) if c.title else c.kind}",
            box=plot,
            origin=path,
            alt=c.alt or _chart_alt(c),
            chart_type=ctype,  # type: ignore[arg-type]
            categories=categories,
            series=series,
            point_colors=point_colors,
            number_format=_number_format(c),
            unit=c.unit,
            labels=labels,
            legend=legend and pie,  # other charts get the legend drawn above
            font=t.fonts.body,
            font_size=t.sizes.chart,
            # many bars or points: smaller labels so neighbours do not collide
            label_size=t.sizes.chart - (2 if len(c.categories) * len(c.series) > 10 else 0),
            text_color=t.colors.text,
            axis_color=t.colors.rule,
            grid_color=t.colors.surface,
            axis_min=c.axis_min,
            axis_max=c.axis_max,
            gap_width=60 if len(c.series) > 1 else 80,
            title=None,
            quiet_color=roles.quiet_label,
        )
    )
    return shapes


def _series(
    c: spec.Chart, ctype: str, roles: ChartColors, lit: list[int], lit_cats: set[int]
) -> tuple[ir.ChartSeries, ...]:
    """Return the series with their colours: highlighted in the accent, the rest grey.

    Categories named in ``highlight`` keep their colours; the other categories' bars fade
    (a one-series chart greys them), so the bars the slide talks about stand out.
    """
    rest = iter(greys(roles, len(c.series) - len(lit)))
    out = []
    for i, s in enumerate(c.series):
        on = i in lit
        color = (roles.highlight if lit.index(i) == 0 else roles.second) if on else next(rest)
        points: tuple[str, ...] = ()
        if lit_cats and ctype in ("bar", "column"):
            faded = roles.neutral if len(c.series) == 1 else blend(color, roles.background, 0.6)
            points = tuple(color if j in lit_cats else faded for j in range(len(c.categories)))
        below: tuple[int, ...] = ()
        if ctype == "line" and len(c.series) > 1:
            # the top line at each point is labelled above it, the lines under it below,
            # so two labels never sit on the same spot
            below = tuple(
                j
                for j, v in enumerate(s.values)
                if any(
                    o.values[j] > v or (o.values[j] == v and k < i)
                    for k, o in enumerate(c.series)
                    if k != i
                )
            )
        out.append(
            ir.ChartSeries(
                markup.plain(s.name),
                tuple(s.values),
                color,
                label_color=roles.label if on else roles.quiet_label,
                point_colors=points,
                emphasis=on,
                labels_below=below,
            )
        )
    return tuple(out)


def _number_format(c: spec.Chart) -> str:
    """Return the labels' number format: the deck's, or as many decimals as the data has.

    Excel's "General" prints 89 beside 88.2; one format for every label keeps them aligned.
    """
    if c.number_format != "General":
        return c.number_format
    decimals = 0
    for s in c.series:
        for v in s.values:
            text = f"{v:g}"
            if "e" not in text and "." in text:
                decimals = max(decimals, len(text.split(".")[1]))
    return "0." + "0" * min(decimals, 3) if decimals else "General"


def _line(
    ctx: Ctx,
    name: str,
    text: str,
    box: ir.Box,
    top: int,
    *,
    path: YamlPath,
    bold: bool = False,
    role: str = "text",
    x: int | None = None,
    width: int | None = None,
    size: float | None = None,
) -> ir.TextShape:
    """Return a text shape for ``text`` at ``top`` (at ``size``, default the chart's), as
    tall as its measured lines."""
    t = ctx.theme
    style = ctx.style(role, size or t.sizes.chart, bold=bold)
    left = box.x if x is None else x
    w = Emu(box.w if width is None else width)
    fitted = fit([Para(text, style)], w, Emu(box.h), ctx.measurer, line_spacing=t.grid.line_spacing)
    return ir.TextShape(
        key=ctx.key("t"),
        name=name,
        box=ir.Box(Emu(left), Emu(top), w, fitted.height),
        origin=path,
        text=fitted.frame,
        role="other",
    )


def _legend(
    ctx: Ctx,
    c: spec.Chart,
    series: tuple[ir.ChartSeries, ...],
    box: ir.Box,
    top: int,
    path: YamlPath,
) -> Shapes:
    """Return legend entries (a colour square and the series name) in bar order, in rows."""
    style = ctx.style("text", ctx.theme.sizes.chart)
    line_h = ctx.measurer.line_height(style.size, 1.2 * ctx.theme.grid.line_spacing)
    shapes: Shapes = []
    x, y = box.x, top
    for i, (s, ser) in enumerate(zip(c.series, series, strict=True)):
        # a little slack: the renderer's kerning may be a hair wider than the measure
        text_w = Emu(round(single_line_width(s.name, style, ctx.measurer) * 1.03) + pt(2))
        text_w = Emu(min(text_w, box.w - SWATCH - SWATCH_GAP))
        need = SWATCH + SWATCH_GAP + text_w
        if x > box.x and x + need > box.right:
            x, y = box.x, y + line_h
        shapes.append(
            ir.TextShape(
                key=ctx.key("key"),
                name=f"Legend key {i + 1}",
                box=ir.Box(Emu(x), Emu(y + (line_h - SWATCH) // 2), SWATCH, SWATCH),
                origin=(*path, "series", i, "name"),
                fill=ser.color,
                role="decoration",
            )
        )
        shapes.append(
            _line(
                ctx,
                f"Legend {i + 1}",
                s.name,
                box,
                y,
                path=(*path, "series", i, "name"),
                role="text" if ser.emphasis else "muted",
                x=x + SWATCH + SWATCH_GAP,
                width=text_w,
            )
        )
        x += need + ITEM_GAP
    return shapes


def _chart_alt(c: spec.Chart) -> str:
    """Return alt text for the chart: its kind, title and every value of every series."""
    parts = []
    for s in c.series:
        pairs = ", ".join(
            f"{markup.plain(k)} {v:g}{c.unit}" for k, v in zip(c.categories, s.values, strict=True)
        )
        parts.append(f"{markup.plain(s.name)}: {pairs}")
    head = f"{c.kind.capitalize()} chart" + (f" '{markup.plain(c.title)}'" if c.title else "")
    return f"{head}. " + "; ".join(parts)
