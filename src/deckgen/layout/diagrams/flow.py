"""Flow: steps left to right joined by arrows; long flows snake onto more rows."""

from __future__ import annotations

import math

from deckgen import ir, spec
from deckgen.diagnostics import YamlPath
from deckgen.layout.context import Ctx
from deckgen.layout.diagrams.common import (
    BOTTOM,
    LEFT,
    RIGHT,
    TOP,
    common_size,
    connector,
    draw_node,
    label_height,
    state_of,
)
from deckgen.layout.shapes import Shapes
from deckgen.units import Emu, inches


def flow(ctx: Ctx, d: spec.Diagram, path: YamlPath, box: ir.Box) -> Shapes:
    """Return steps left→right joined by arrows; long flows snake onto a second row."""
    t = ctx.theme
    n = len(d.nodes)
    gap = inches(0.5)
    size = t.sizes.diagram
    rows = 1 if n <= 6 else 2 if n <= 12 else math.ceil(n / 6)
    per_row = math.ceil(n / rows)
    w = min(inches(2.6), (box.w - gap * (per_row - 1)) // per_row)
    icon = any(x.icon for x in d.nodes)
    h = label_height(ctx, d.nodes, w, size, icon)
    row_gap = inches(0.55)
    total_h = rows * h + (rows - 1) * row_gap
    if total_h > box.h:
        h = max((box.h - (rows - 1) * row_gap) // rows, inches(0.6))
        total_h = rows * h + (rows - 1) * row_gap
    total_w = per_row * w + (per_row - 1) * gap
    x0 = box.x + (box.w - total_w) // 2
    y0 = box.y + (box.h - total_h) // 2
    shapes: Shapes = []
    nodes: list[ir.TextShape] = []
    boxes: list[ir.Box] = []
    for i in range(n):
        r, c = divmod(i, per_row)
        if r % 2 == 1:
            c = per_row - 1 - c  # snake: odd rows run right to left
        boxes.append(ir.Box(Emu(x0 + c * (w + gap)), Emu(y0 + r * (h + row_gap)), Emu(w), Emu(h)))
    size = common_size(ctx, [(x, b, True) for x, b in zip(d.nodes, boxes, strict=True)], size)
    for i, (node, b) in enumerate(zip(d.nodes, boxes, strict=True)):
        made = draw_node(ctx, node, b, (*path, "nodes", i), size=size, state=state_of(d, node))
        shapes.extend(made)
        nodes.append(made[0])  # type: ignore[arg-type]
    for i in range(n - 1):
        r1, r2 = i // per_row, (i + 1) // per_row
        if r1 == r2:
            a_site, b_site = (RIGHT, LEFT) if r1 % 2 == 0 else (LEFT, RIGHT)
        else:
            a_site, b_site = BOTTOM, TOP
        shapes.append(
            connector(
                ctx,
                nodes[i],
                a_site,
                nodes[i + 1],
                b_site,
                (*path, "nodes", i + 1),
                state_of(d, d.nodes[i + 1]),
            )
        )
    return shapes
