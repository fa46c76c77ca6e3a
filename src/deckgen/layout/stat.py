"""Stat: a big number with its label, and the earlier value greyed with an arrow.

The panel is as large as what it holds (the numbers and their labels, with padding),
centred in the region the composition gives it, not stretched to fill that region.
"""

from __future__ import annotations

from deckgen import ir, spec
from deckgen.diagnostics import YamlPath
from deckgen.layout.context import Ctx
from deckgen.layout.shapes import Shapes, rect, text_in
from deckgen.layout.text import Para, fit, single_line_width
from deckgen.units import Emu, inches, pt

PAD = inches(0.4)
ARROW = inches(0.5)  # room for the arrow between the earlier value and the value


def _blocks(ctx: Ctx, s: spec.Stat, scale: float) -> list[list[Para]]:
    """Return the stat's text blocks at ``scale``: [earlier value], value with label."""
    t = ctx.theme
    big = ctx.style("accent", t.sizes.stat * scale, heading=True, bold=True)
    out: list[list[Para]] = []
    if s.before is not None:
        small = ctx.style("muted", t.sizes.stat * 0.5 * scale, heading=True, bold=True)
        before = [Para(s.before, small, align="ctr")]
        if s.before_label:
            before.append(
                Para(
                    s.before_label,
                    ctx.style("muted", t.sizes.caption),
                    align="ctr",
                    space_before=2,
                )
            )
        out.append(before)
    main = [Para(s.value, big, align="ctr")]
    if s.label:
        main.append(Para(s.label, ctx.style("muted", t.sizes.sub), align="ctr", space_before=6))
    out.append(main)
    return out


def natural_width(ctx: Ctx, s: spec.Stat) -> int:
    """Return the panel width that holds the value at full size on one line, and its label
    on one line too when that label is no wider than 5 in."""
    big = ctx.style("accent", ctx.theme.sizes.stat, heading=True, bold=True)
    need = single_line_width(s.value, big, ctx.measurer) + inches(0.2)
    if s.label:
        label = ctx.style("muted", ctx.theme.sizes.sub)
        need = max(need, min(single_line_width(s.label, label, ctx.measurer), inches(5)))
    return need + 2 * PAD


def panel_size(ctx: Ctx, s: spec.Stat) -> tuple[Emu, Emu]:
    """Return the (width, height) of the stat's panel at full size beside other content:
    what :func:`stat` draws in a box at least this large."""
    width = Emu(max(natural_width(ctx, s), inches(3.4)))
    heights = [
        fit(b, Emu(width - 2 * PAD), Emu(10**9), ctx.measurer).height for b in _blocks(ctx, s, 1.0)
    ]
    return width, Emu(sum(heights) + (ARROW if len(heights) > 1 else 0) + 2 * PAD)


def stat(ctx: Ctx, s: spec.Stat, path: YamlPath, box: ir.Box) -> Shapes:
    """Return a big number with its label (and the earlier value above it with an arrow) in
    a panel sized to them and centred in ``box``; the numbers shrink only to fit ``box``."""
    t = ctx.theme
    # Alone on a slide the number is the slide: it may grow by half.
    alone = box.w >= ctx.content().w * 0.9
    scale = 1.5 if alone else 1.0
    width = Emu(min(box.w, max(round(natural_width(ctx, s) * scale), inches(3.4))))
    inner_w = Emu(width - 2 * PAD)
    while True:
        blocks = _blocks(ctx, s, scale)
        heights = [fit(b, inner_w, Emu(10**9), ctx.measurer).height for b in blocks]
        value_w = single_line_width(s.value, blocks[-1][0].style, ctx.measurer)
        total = sum(heights) + (ARROW if len(blocks) > 1 else 0) + 2 * PAD
        if (total <= box.h and value_w <= inner_w) or scale <= 0.4:
            break
        scale = max(0.4, scale - 0.05)
    height = Emu(min(total, box.h))
    panel = ir.Box(
        Emu(box.x + (box.w - width) // 2), Emu(box.y + (box.h - height) // 2), width, height
    )
    shapes: Shapes = [rect(ctx, "Stat panel", panel, t.colors.surface, corner=0.04)]
    y = panel.y + PAD
    if len(blocks) > 1:
        top = ir.Box(Emu(panel.x + PAD), Emu(y), inner_w, Emu(heights[0]))
        sh1, _ = text_in(
            ctx,
            "Stat before",
            blocks[0],
            top,
            (*path, "before"),
            min_scale=0.5,
            anchor="ctr",
            what="the earlier value",
        )
        ax = Emu(panel.x + panel.w // 2)
        arrow = ir.LineShape(
            key=ctx.key("l"),
            name="Stat arrow",
            box=ir.Box(ax, Emu(top.bottom + inches(0.06)), Emu(0), Emu(ARROW - inches(0.12))),
            origin=path,
            color=t.colors.accent,
            width=Emu(pt(2.5)),
            tail="triangle",
        )
        shapes += [sh1, arrow]
        y = top.bottom + ARROW
    main = ir.Box(Emu(panel.x + PAD), Emu(y), inner_w, Emu(panel.bottom - PAD - y))
    sh, _ = text_in(
        ctx, "Stat", blocks[-1], main, path, min_scale=0.4, anchor="ctr", what="the stat"
    )
    return [*shapes, sh]
