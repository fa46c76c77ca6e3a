"""Cycle: nodes around a loop joined by arrows."""

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
    facing,
    label_height,
    state_of,
)
from deckgen.layout.shapes import Shapes
from deckgen.units import Emu, inches


def cycle(ctx: Ctx, d: spec.Diagram, path: YamlPath, box: ir.Box) -> Shapes:
    """Return nodes around a loop; four nodes sit at the compass points joined by L arrows."""
    t = ctx.theme
    n = len(d.nodes)
    size = t.sizes.diagram
    icon = any(x.icon for x in d.nodes)
    w = min(inches(2.3), box.w * 0.36)
    h = label_height(ctx, d.nodes, w, size, icon)
    cx, cy = box.x + box.w // 2, box.y + box.h // 2
    rx = min(box.w / 2 - w / 2, inches(3.2))
    ry = box.h / 2 - h / 2
    shapes: Shapes = []
    nodes: list[ir.TextShape] = []
    boxes: list[ir.Box] = []
    for i in range(n):
        ang = -math.pi / 2 + 2 * math.pi * i / n
        bx = round(cx + rx * math.cos(ang) - w / 2)
        by = round(cy + ry * math.sin(ang) - h / 2)
        boxes.append(ir.Box(Emu(bx), Emu(by), Emu(w), Emu(h)))
    size = common_size(ctx, [(x, b, True) for x, b in zip(d.nodes, boxes, strict=True)], size)
    for i, (node, b) in enumerate(zip(d.nodes, boxes, strict=True)):
        made = draw_node(ctx, node, b, (*path, "nodes", i), size=size, state=state_of(d, node))
        shapes.extend(made)
        nodes.append(made[0])  # type: ignore[arg-type]
    for i in range(n):
        a, b = nodes[i], nodes[(i + 1) % n]
        if n == 4:
            sites = [(RIGHT, TOP), (BOTTOM, RIGHT), (LEFT, BOTTOM), (TOP, LEFT)][i]
        else:
            sites = facing(a.box, b.box)
        target = (i + 1) % n
        state = state_of(d, d.nodes[target])
        shapes.append(connector(ctx, a, sites[0], b, sites[1], (*path, "nodes", target), state))
    return shapes
