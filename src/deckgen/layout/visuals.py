"""Visuals: which visual a slide carries, and each visual laid out inside a box by its
own module (stat, table, image, chart, diagrams, code, math)."""

from __future__ import annotations

from msgspec.structs import replace

from deckgen import ir, spec
from deckgen.diagnostics import YamlPath
from deckgen.layout import diagrams
from deckgen.layout.chart import chart
from deckgen.layout.code import code_block
from deckgen.layout.context import Ctx
from deckgen.layout.image import image
from deckgen.layout.math import equations
from deckgen.layout.shapes import Shapes
from deckgen.layout.stat import stat
from deckgen.layout.table import table


def kind_of(s: spec.VisualFields) -> str | None:
    """Return which visual a slide carries ('chart', 'diagram', 'table', 'stat', ...) or
    None; a stat with a supporting visual is 'stat'."""
    if s.stat is not None:
        return "stat"
    for k in spec.VISUALS:
        if getattr(s, k) is not None:
            return k
    return None


def support_of(s: spec.VisualFields) -> str | None:
    """Return the visual beside the slide's stat ('chart' or 'diagram'), or None when the
    slide has no stat or the stat stands alone."""
    if s.stat is None:
        return None
    return next((k for k in spec.SUPPORTING if getattr(s, k) is not None), None)


def support(ctx: Ctx, s: spec.VisualFields, path: YamlPath, box: ir.Box) -> Shapes:
    """Return the shapes of the chart or comparison beside the slide's stat, laid out in
    ``box`` a step down the type scale: body text at the theme's ``sub`` size and a chart's
    title at its labels' size, so the evidence reads as support for the number rather than
    as a second point."""
    kind = support_of(s)
    assert kind is not None
    t = ctx.theme
    sizes = replace(t.sizes, body=t.sizes.sub, body_min=min(t.sizes.body_min, t.sizes.sub))
    small = ctx.restyled(replace(t, sizes=sizes))
    if s.chart is not None:
        shapes = chart(small, s.chart, (*path, "chart"), box, quiet_title=True)
    else:
        shapes = visual(small, s, path, box, kind)
    ctx.keys_from(small)
    return shapes


def visual(
    ctx: Ctx, s: spec.VisualFields, path: YamlPath, box: ir.Box, kind: str | None = None
) -> Shapes:
    """Return the shapes of the slide's visual ``kind`` (default: its main one, see
    :func:`kind_of`) laid out in ``box``."""
    kind = kind or kind_of(s)
    if kind == "stat" and s.stat is not None:
        return stat(ctx, s.stat, (*path, "stat"), box)
    if kind == "chart" and s.chart is not None:
        return chart(ctx, s.chart, (*path, "chart"), box)
    if kind == "table" and s.table is not None:
        return table(ctx, s.table, (*path, "table"), box)
    if kind == "code" and s.code is not None:
        return code_block(ctx, s.code, (*path, "code"), box)
    if kind == "image" and s.image is not None:
        return image(ctx, s.image, (*path, "image"), box)
    if kind == "equation" and s.equation is not None:
        items = s.equation if isinstance(s.equation, list) else [s.equation]
        return equations(ctx, items, (*path, "equation"), box)
    assert kind == "diagram" and s.diagram is not None
    return diagrams.diagram(ctx, s.diagram, (*path, "diagram"), box)
