"""Stat: a big number with its label, and the earlier value greyed with an arrow."""

from __future__ import annotations

from deckgen import ir, spec
from deckgen.diagnostics import YamlPath
from deckgen.layout.context import Ctx
from deckgen.layout.shapes import Shapes, rect, text_in
from deckgen.layout.text import Para
from deckgen.units import Emu, inches, pt


def stat(ctx: Ctx, s: spec.Stat, path: YamlPath, box: ir.Box) -> Shapes:
    """Return a big number with its label, and the earlier value greyed with an arrow."""
    t = ctx.theme
    shapes: Shapes = []
    big = ctx.style("accent", t.sizes.stat, heading=True, bold=True)
    label_style = ctx.style("muted", t.sizes.sub)
    panel = ir.Box(box.x, box.y, box.w, box.h)
    shapes.append(rect(ctx, "Stat panel", panel, t.colors.surface, corner=0.04))
    pad = inches(0.35)
    inner = ir.Box(
        Emu(panel.x + pad), Emu(panel.y + pad), Emu(panel.w - 2 * pad), Emu(panel.h - 2 * pad)
    )
    if s.before is None:
        paras = [Para(s.value, big, align="ctr")]
        if s.label:
            paras.append(Para(s.label, label_style, align="ctr", space_before=6))
        sh, _ = text_in(
            ctx, "Stat", paras, inner, path, min_scale=0.4, anchor="ctr", what="the stat"
        )
        return [*shapes, sh]
    # before → after: two stacked values with a down arrow between them
    small = ctx.style("muted", t.sizes.stat * 0.5, heading=True, bold=True)
    third = Emu(inner.h // 3)
    top = ir.Box(inner.x, inner.y, inner.w, third)
    paras = [Para(s.before, small, align="ctr")]
    if s.before_label:
        paras.append(
            Para(s.before_label, ctx.style("muted", t.sizes.caption), align="ctr", space_before=2)
        )
    sh1, _f1 = text_in(
        ctx,
        "Stat before",
        paras,
        top,
        (*path, "before"),
        min_scale=0.5,
        anchor="ctr",
        what="the earlier value",
    )
    bottom = ir.Box(
        inner.x, Emu(inner.y + third + inches(0.5)), inner.w, Emu(inner.h - third - inches(0.5))
    )
    paras = [Para(s.value, big, align="ctr")]
    if s.label:
        paras.append(Para(s.label, label_style, align="ctr", space_before=4))
    sh2, _f2 = text_in(
        ctx, "Stat", paras, bottom, path, min_scale=0.4, anchor="ctr", what="the stat"
    )
    ax = Emu(inner.x + inner.w // 2)
    arrow = ir.LineShape(
        key=ctx.key("l"),
        name="Stat arrow",
        box=ir.Box(ax, Emu(top.bottom + inches(0.05)), Emu(0), Emu(inches(0.4))),
        origin=path,
        color=t.colors.accent,
        width=Emu(pt(2.5)),
        tail="triangle",
    )
    return [*shapes, sh1, arrow, sh2]
