"""Visuals: which visual a slide carries, and each visual laid out inside a box by its
own module (stat, table, image, chart, diagrams, code, math)."""

from __future__ import annotations

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
        return chart(ctx, s.chart, (*path, "chart"), box)
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
