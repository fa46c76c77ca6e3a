"""Tree: a root on the left fanning out to its children and grandchildren."""

from __future__ import annotations

from msgspec.structs import replace

from deckgen import ir, spec
from deckgen.diagnostics import YamlPath
from deckgen.layout.context import Ctx
from deckgen.layout.diagrams.common import LEFT, RIGHT, connector, draw_node, label_height
from deckgen.layout.shapes import Shapes
from deckgen.units import Emu, inches


def tree(ctx: Ctx, d: spec.Diagram, path: YamlPath, box: ir.Box) -> Shapes:
    """Return a root on the left fanning out to its children (and grandchildren) on the right."""
    t = ctx.theme
    root = d.nodes[0]
    kids = root.children
    levels = 3 if any(k.children for k in kids) else 2
    size = t.sizes.diagram
    col_gap = inches(0.7)
    w = min(inches(2.6), (box.w - col_gap * (levels - 1)) // levels)
    leaves = sum(max(1, len(k.children)) for k in kids) if levels == 3 else len(kids)
    vgap = inches(0.18)
    h_need = label_height(ctx, [root, *kids], w, size, False)
    h = min(max(h_need, inches(0.55)), (box.h - vgap * (leaves - 1)) // leaves)
    total_w = levels * w + (levels - 1) * col_gap
    x0 = box.x + (box.w - total_w) // 2
    total_h = leaves * h + (leaves - 1) * vgap
    y0 = box.y + (box.h - total_h) // 2
    shapes: Shapes = []
    kid_shapes: list[ir.TextShape] = []
    slot = 0
    for i, k in enumerate(kids):
        span = max(1, len(k.children)) if levels == 3 else 1
        ky = y0 + slot * (h + vgap) + (span * h + (span - 1) * vgap - h) // 2
        made = draw_node(
            ctx,
            k,
            ir.Box(Emu(x0 + w + col_gap), Emu(ky), Emu(w), Emu(h)),
            (*path, "nodes", 0, "children", i),
            size=size,
            with_icon=False,
        )
        shapes.extend(made)
        kid_shapes.append(made[0])  # type: ignore[arg-type]
        if levels == 3:
            for j, g in enumerate(k.children):
                gy = y0 + (slot + j) * (h + vgap)
                gm = draw_node(
                    ctx,
                    g,
                    ir.Box(Emu(x0 + 2 * (w + col_gap)), Emu(gy), Emu(w), Emu(h)),
                    (*path, "nodes", 0, "children", i, "children", j),
                    size=size,
                    with_icon=False,
                )
                shapes.extend(gm)
                shapes.append(
                    connector(ctx, made[0], RIGHT, gm[0], LEFT, (*path, "nodes", 0, "children", i))
                )  # type: ignore[arg-type]
        slot += span
    rh = max(h, min(inches(1.4), total_h))
    root_box = ir.Box(Emu(x0), Emu(y0 + (total_h - rh) // 2), Emu(w), Emu(rh))
    rm = draw_node(ctx, replace(root, emphasis=True), root_box, (*path, "nodes", 0), size=size)
    shapes = rm + shapes
    for i, ks in enumerate(kid_shapes):
        shapes.append(connector(ctx, rm[0], RIGHT, ks, LEFT, (*path, "nodes", 0, "children", i)))  # type: ignore[arg-type]
    return shapes
