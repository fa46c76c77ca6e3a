"""Stack: layered blocks from top to bottom joined by arrows."""

from __future__ import annotations

from deckgen import ir, spec
from deckgen.diagnostics import YamlPath
from deckgen.layout.context import Ctx
from deckgen.layout.diagrams.common import (
    BOTTOM,
    TOP,
    common_size,
    connector,
    draw_node,
    state_of,
)
from deckgen.layout.shapes import Shapes
from deckgen.units import Emu, inches


def stack(ctx: Ctx, d: spec.Diagram, path: YamlPath, box: ir.Box) -> Shapes:
    """Return layered blocks top to bottom joined by arrows, captions inside each block."""
    t = ctx.theme
    n = len(d.nodes)
    gap = inches(0.32)
    w = min(box.w, inches(5.2))
    h = min(inches(0.95), (box.h - gap * (n - 1)) // n)
    total_h = n * h + (n - 1) * gap
    x = box.x + (box.w - w) // 2
    y0 = box.y + (box.h - total_h) // 2
    shapes: Shapes = []
    blocks: list[ir.TextShape] = []
    boxes = [ir.Box(Emu(x), Emu(y0 + i * (h + gap)), Emu(w), Emu(h)) for i in range(n)]
    placed = [(node, b, False) for node, b in zip(d.nodes, boxes, strict=True)]
    size = common_size(ctx, placed, t.sizes.diagram)
    for i, (node, b) in enumerate(zip(d.nodes, boxes, strict=True)):
        state = state_of(d, node)
        made = draw_node(ctx, node, b, (*path, "nodes", i), size=size, with_icon=False, state=state)
        shapes.extend(made)
        blocks.append(made[0])  # type: ignore[arg-type]
        if node.icon:
            isz = Emu(min(inches(0.42), h - inches(0.2)))
            ic = ctx.icon(
                node.icon,
                ir.Box(Emu(x + inches(0.2)), Emu(b.y + (h - isz) // 2), isz, isz),
                (*path, "nodes", i, "icon"),
                role="on_primary"
                if (node.emphasis and state != "muted") or state == "active"
                else "muted"
                if state == "muted"
                else None,
            )
            if ic:
                shapes.append(ic)
    for i in range(n - 1):
        shapes.append(
            connector(
                ctx,
                blocks[i],
                BOTTOM,
                blocks[i + 1],
                TOP,
                (*path, "nodes", i + 1),
                state_of(d, d.nodes[i + 1]),
            )
        )
    return shapes
