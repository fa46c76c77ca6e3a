"""Comparison: two or three columns, each a header band over a panel of items."""

from __future__ import annotations

from deckgen import ir, spec
from deckgen.diagnostics import YamlPath
from deckgen.layout.context import Ctx
from deckgen.layout.shapes import Shapes, rect, text_in
from deckgen.layout.text import Para, fit
from deckgen.units import Emu, inches


def comparison(ctx: Ctx, d: spec.Diagram, path: YamlPath, box: ir.Box) -> Shapes:
    """Return two or three columns, each a header band over a panel of items."""
    t = ctx.theme
    n = len(d.nodes)
    gap = inches(0.35)
    w = (box.w - gap * (n - 1)) // n
    head_h = inches(0.7)
    shapes: Shapes = []
    pad = inches(0.22)
    mark = ir.Bullet(t.bullet_char, t.colors.accent, t.fonts.body, Emu(inches(0.28)))
    columns: list[list[Para]] = []
    for col in d.nodes:
        paras = [
            Para(
                it,
                ctx.style("text", t.sizes.sub),
                bullet=mark,
                margin_left=Emu(inches(0.28)),
                space_before=8,
            )
            for it in col.items
        ]
        if col.caption:
            paras.insert(0, Para(col.caption, ctx.style("muted", t.sizes.caption, italic=True)))
        columns.append(paras or [Para("", ctx.style())])
    # Panels as tall as the longest column needs (not the whole area): no empty boxes.
    need = max(fit(p, Emu(w - 2 * pad), Emu(10**8), ctx.measurer).height for p in columns)
    panel_h = min(box.h - head_h, max(need + 2 * pad + inches(0.2), inches(2.0)))
    for i, col in enumerate(d.nodes):
        x = box.x + i * (w + gap)
        cpath = (*path, "nodes", i)
        head_fill = t.colors.primary if col.emphasis or i == n - 1 else t.colors.muted
        shapes.append(
            rect(ctx, "Column header", ir.Box(Emu(x), box.y, Emu(w), Emu(head_h)), head_fill)
        )
        hx = x + inches(0.2)
        if col.icon:
            isz = inches(0.4)
            ic = ctx.icon(
                col.icon,
                ir.Box(Emu(hx), Emu(box.y + (head_h - isz) // 2), Emu(isz), Emu(isz)),
                (*cpath, "icon"),
                role="on_primary",
            )
            if ic:
                shapes.append(ic)
            hx += isz + inches(0.15)
        sh, _ = text_in(
            ctx,
            "Column heading",
            [Para(col.label, ctx.style("on_primary", t.sizes.body * 0.9, bold=True))],
            ir.Box(Emu(hx), box.y, Emu(x + w - hx - inches(0.1)), Emu(head_h)),
            (*cpath, "label"),
            min_scale=0.7,
            anchor="ctr",
            what="the column heading",
        )
        shapes.append(sh)
        sh, _ = text_in(
            ctx,
            "Column items",
            columns[i],
            ir.Box(Emu(x), Emu(box.y + head_h), Emu(w), Emu(panel_h)),
            (*cpath, "items"),
            min_scale=t.sizes.diagram_min / t.sizes.sub,
            what="the column",
            fill=t.colors.surface,
            insets=pad,
        )
        shapes.append(sh)
    return shapes
