"""Tree: a root on the left fanning out to its children and grandchildren."""

from __future__ import annotations

from msgspec.structs import replace

from deckgen import ir, spec
from deckgen.diagnostics import YamlPath
from deckgen.layout.context import Ctx
from deckgen.layout.diagrams.common import (
    LEFT,
    RIGHT,
    common_size,
    connector,
    draw_node,
    label_height,
    state_of,
)
from deckgen.layout.shapes import Shapes
from deckgen.units import Emu, inches


def tree(ctx: Ctx, d: spec.Diagram, path: YamlPath, box: ir.Box) -> Shapes:
    """Return a root on the left fanning out to its children (and grandchildren) on the right.

    Every node keeps the icon it asks for; the root is as tall as a leaf needs (a little
    taller when it holds more), not stretched over the whole fan. Active nodes and the
    arrows into them are drawn heavier, the others muted.
    """
    t = ctx.theme
    root = d.nodes[0]
    kids = root.children
    levels = 3 if any(k.children for k in kids) else 2
    size = t.sizes.diagram
    col_gap = inches(0.7)
    w = min(inches(2.6), (box.w - col_gap * (levels - 1)) // levels)
    leaves = sum(max(1, len(k.children)) for k in kids) if levels == 3 else len(kids)
    vgap = inches(0.18)
    every = [root, *kids, *(g for k in kids for g in k.children)]
    # Icons sit beside the labels of children and leaves, so many rows stay readable.
    icon_w = round(t.icons.size * 0.8) + inches(0.1) if any(x.icon for x in every[1:]) else 0
    h_need = label_height(ctx, every[1:], w - icon_w, size, False)
    h = min(max(h_need, inches(0.55)), (box.h - vgap * (leaves - 1)) // leaves)
    total_w = levels * w + (levels - 1) * col_gap
    x0 = box.x + (box.w - total_w) // 2
    total_h = leaves * h + (leaves - 1) * vgap
    y0 = box.y + (box.h - total_h) // 2
    # Positions first, so that every label of the tree can share one size.
    kid_boxes: list[ir.Box] = []
    grand_boxes: list[list[ir.Box]] = []
    slot = 0
    for k in kids:
        span = max(1, len(k.children)) if levels == 3 else 1
        ky = y0 + slot * (h + vgap) + (span * h + (span - 1) * vgap - h) // 2
        kid_boxes.append(ir.Box(Emu(x0 + w + col_gap), Emu(ky), Emu(w), Emu(h)))
        grand_boxes.append(
            [
                ir.Box(
                    Emu(x0 + 2 * (w + col_gap)), Emu(y0 + (slot + j) * (h + vgap)), Emu(w), Emu(h)
                )
                for j in range(len(k.children) if levels == 3 else 0)
            ]
        )
        slot += span
    rh = min(total_h, max(h, label_height(ctx, [root], w, size, bool(root.icon))))
    root_box = ir.Box(Emu(x0), Emu(y0 + (total_h - rh) // 2), Emu(w), Emu(rh))
    placed = [(root, root_box, True)]
    placed += [(k, b, "left") for k, b in zip(kids, kid_boxes, strict=True)]
    placed += [
        (g, b, "left")
        for k, bs in zip(kids, grand_boxes, strict=True)
        for g, b in zip(k.children, bs, strict=True)
    ]
    size = common_size(ctx, placed, size)
    shapes: Shapes = []
    kid_shapes: list[ir.TextShape] = []
    for i, (k, kb) in enumerate(zip(kids, kid_boxes, strict=True)):
        kpath = (*path, "nodes", 0, "children", i)
        made = draw_node(ctx, k, kb, kpath, size=size, with_icon="left", state=state_of(d, k))
        shapes.extend(made)
        kid_shapes.append(made[0])  # type: ignore[arg-type]
        for j, (g, gb) in enumerate(zip(k.children, grand_boxes[i], strict=True)):
            state = state_of(d, g)
            gpath = (*kpath, "children", j)
            gm = draw_node(ctx, g, gb, gpath, size=size, with_icon="left", state=state)
            shapes.extend(gm)
            shapes.append(connector(ctx, made[0], RIGHT, gm[0], LEFT, kpath, state))  # type: ignore[arg-type]
    root_state = "active" if root.active is not False else "muted"
    rm = draw_node(
        ctx,
        replace(root, emphasis=True),
        root_box,
        (*path, "nodes", 0),
        size=size,
        state=root_state,
    )
    shapes = rm + shapes
    for i, ks in enumerate(kid_shapes):
        state = state_of(d, kids[i])
        shapes.append(
            connector(ctx, rm[0], RIGHT, ks, LEFT, (*path, "nodes", 0, "children", i), state)  # type: ignore[arg-type]
        )
    return shapes
