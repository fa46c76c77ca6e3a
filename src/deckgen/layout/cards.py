"""Cards: a row of equal panels, each with an optional icon and a short text."""

from __future__ import annotations

from collections.abc import Sequence

from deckgen import ir, spec
from deckgen.diagnostics import YamlPath
from deckgen.layout.context import Ctx
from deckgen.layout.shapes import Shapes, place, rect
from deckgen.layout.text import Para, fit
from deckgen.units import Emu, inches, pt


def cards(ctx: Ctx, points: Sequence[spec.Point], box: ir.Box, path: YamlPath) -> Shapes:
    """Return a row of equal cards, each with an optional icon and a short text."""
    t, _g = ctx.theme, ctx.theme.grid
    n = len(points)
    gap = inches(0.25)
    w = Emu((box.w - gap * (n - 1)) // n)
    pad = inches(0.22)
    shapes: Shapes = []
    texts: list[tuple[ir.Box, Para, YamlPath]] = []
    for i, p in enumerate(points):
        x = Emu(box.x + i * (w + gap))
        shapes.append(
            rect(ctx, f"Card {i + 1}", ir.Box(x, box.y, w, box.h), t.colors.surface, corner=0.06)
        )
        shapes.append(
            rect(ctx, f"Card {i + 1} accent", ir.Box(x, box.y, Emu(pt(4)), box.h), t.colors.accent)
        )
        tx = Emu(x + pad + pt(4))
        if p.icon:
            isz = Emu(round(t.icons.size * 0.8))
            ic = ctx.icon(p.icon, ir.Box(tx, Emu(box.y + pad), isz, isz), (*path, i, "icon"))
            if ic:
                shapes.append(ic)
            tx = Emu(tx + isz + inches(0.18))
        texts.append(
            (
                ir.Box(tx, Emu(box.y + pad), Emu(x + w - pad - tx), Emu(box.h - 2 * pad)),
                Para(p.text, ctx.style("text", t.sizes.sub)),
                (*path, i),
            )
        )
    # one size for all cards: the smallest any card needs
    scale = min(
        fit([para], b.w, b.h, ctx.measurer, min_scale=t.sizes.caption / t.sizes.sub).scale
        for b, para, _ in texts
    )
    for i, (b, para, ppath) in enumerate(texts):
        sh, _ = place(
            ctx,
            f"Card {i + 1} text",
            [para],
            b,
            ppath,
            min_scale=scale,
            max_scale=scale,
            anchor="ctr",
            what="the point",
        )
        shapes.append(sh)
    return shapes
