"""Bullet lists: two levels with hanging indents, or one row per bullet with its icon."""

from __future__ import annotations

from collections.abc import Sequence

from deckgen import ir, spec
from deckgen.diagnostics import YamlPath
from deckgen.layout import regions
from deckgen.layout.context import Ctx
from deckgen.layout.shapes import Shapes, place, text_shape
from deckgen.layout.text import Fitted, Para, Style, fit, item_gaps, opened
from deckgen.units import Emu, inches, pt


def bullet_paras(
    ctx: Ctx, bullets: Sequence[spec.Bullet], *, with_marks: bool = True
) -> list[Para]:
    """Return paragraphs for two levels of bullets with hanging indents."""
    t, g = ctx.theme, ctx.theme.grid
    body = ctx.style("text", t.sizes.body)
    sub = ctx.style("muted", t.sizes.sub)
    l1 = Emu(g.bullet_indent)
    l2 = Emu(g.bullet_indent + g.sub_indent)
    mark1 = ir.Bullet(t.bullet_char, t.colors.accent, t.fonts.body, l1) if with_marks else None
    mark2 = ir.Bullet("–", t.colors.muted, t.fonts.body, Emu(g.sub_indent)) if with_marks else None
    paras: list[Para] = []
    for b in bullets:
        paras.append(
            Para(
                b.text,
                body,
                bullet=mark1,
                margin_left=l1 if with_marks else Emu(0),
                space_before=g.paragraph_gap,
            )
        )
        for s in b.bullets:
            paras.append(
                Para(
                    s,
                    sub,
                    bullet=mark2,
                    margin_left=l2 if with_marks else Emu(g.sub_indent),
                    space_before=g.paragraph_gap * 0.4,
                    level=1,
                )
            )
    return paras


def most_gap(ctx: Ctx) -> int:
    """Return the most (EMU) a short list's gaps between items open by: 0.9 of the body
    size, so however much room is left the items still read as one list."""
    return pt(ctx.theme.sizes.body * 0.9)


def spread_paras(ctx: Ctx, paras: Sequence[Para], width: int, height: int) -> list[Para]:
    """Return ``paras`` with the gaps between their items opened by one amount (up to
    :func:`most_gap`) toward ``height``; unchanged when they fill it already."""
    need = fit(
        paras, Emu(width), Emu(10**8), ctx.measurer, line_spacing=ctx.theme.grid.line_spacing
    )
    extra, _ = regions.spread(height, [need.height], [item_gaps(paras)], most_gap(ctx))
    return opened(paras, extra / pt(1))


def bullets_block(
    ctx: Ctx,
    bullets: Sequence[spec.Bullet],
    box: ir.Box,
    path: YamlPath,
    anchor: str = "t",
    *,
    spread: bool = False,
) -> tuple[Shapes, Fitted | None]:
    """Return the shapes of a bullet list in ``box`` (icon rows when any bullet has an icon),
    at its top or (``anchor='ctr'``) centred on it. With ``spread``, a list shorter than the
    box first opens the gaps between its items (:func:`spread_paras`), then is placed."""
    t = ctx.theme
    min_scale = t.sizes.body_min / t.sizes.body
    if not any(b.icon for b in bullets):
        paras = bullet_paras(ctx, bullets)
        shape, fitted = place(
            ctx,
            "Bullets",
            spread_paras(ctx, paras, box.w, box.h) if spread else paras,
            box,
            (*path, "bullets"),
            min_scale=min_scale,
            anchor=anchor,
            what="the bullet list",
        )
        return [shape], fitted
    return icon_rows(ctx, bullets, box, path, min_scale, anchor, spread=spread)


def icon_rows(
    ctx: Ctx,
    bullets: Sequence[spec.Bullet],
    box: ir.Box,
    path: YamlPath,
    min_scale: float,
    anchor: str = "t",
    *,
    spread: bool = False,
) -> tuple[Shapes, Fitted | None]:
    """Return one row per bullet: its icon, then its text (and sub-bullets) in a text box;
    with ``spread``, rows shorter than the box are set apart by one wider gap (up to
    :func:`most_gap` more)."""
    t = ctx.theme
    size = Emu(round(t.icons.size * 0.8))
    col = Emu(size + inches(0.22))
    text_w = Emu(box.w - col)
    fits, scale, total, gap = _icon_fit(ctx, bullets, text_w, box.h, min_scale)
    if spread:
        extra, _ = regions.spread(box.h, [total], [len(fits) - 1], most_gap(ctx))
        gap += extra
        total += extra * (len(fits) - 1)
    shapes: Shapes = []
    if total > box.h:
        over = Fitted(fits[0].frame, scale, Emu(total), Emu(total - box.h), Emu(0))
        ctx.overflow("the bullet list", over, box.h, t.sizes.body_min, (*path, "bullets"))
    y = Emu(box.y + max(0, box.h - total) // 2) if anchor == "ctr" else box.y
    for i, (b, f) in enumerate(zip(bullets, fits, strict=True)):
        bpath = (*path, "bullets", i)
        first_line = ctx.measurer.line_height(t.sizes.body * scale, 1.2)
        if b.icon:
            iy = Emu(y + max(0, (first_line - size) // 2))
            shape = ctx.icon(b.icon, ir.Box(box.x, iy, size, size), (*bpath, "icon"))
            if shape:
                shapes.append(shape)
        tbox = ir.Box(Emu(box.x + col), Emu(y), text_w, Emu(f.height))
        shapes.append(text_shape(ctx, f"Bullet {i + 1}", tbox, f, origin=bpath))
        y = Emu(y + f.height + gap)
    return shapes, None


def _icon_fit(
    ctx: Ctx, bullets: Sequence[spec.Bullet], text_w: int, height: int, min_scale: float
) -> tuple[list[Fitted], float, int, int]:
    """Return each icon row's fitted text at the largest common scale that fits ``height``,
    that scale, the rows' total height and the gap between rows."""
    t, g = ctx.theme, ctx.theme.grid
    gap = pt(g.paragraph_gap * 1.4)
    groups = [bullet_paras(ctx, [b], with_marks=False) for b in bullets]
    scale = 1.0
    while True:
        fits = [
            fit(
                gr,
                Emu(text_w),
                Emu(height),
                ctx.measurer,
                min_scale=scale,
                max_scale=scale,
                line_spacing=g.line_spacing,
            )
            for gr in groups
        ]
        total = sum(f.height for f in fits) + gap * (len(fits) - 1)
        if total <= height or scale <= min_scale + 1e-9:
            break
        scale = max(min_scale, scale - 0.5 / t.sizes.body)
    return fits, scale, total, gap


def measure(ctx: Ctx, bullets: Sequence[spec.Bullet], width: int, height: int) -> Fitted:
    """Return how the bullet list fits ``width`` x ``height`` (its height, scale and overflow)
    without making shapes: what a composition weighs before it places anything."""
    t, g = ctx.theme, ctx.theme.grid
    min_scale = t.sizes.body_min / t.sizes.body
    if not any(b.icon for b in bullets):
        return fit(
            bullet_paras(ctx, bullets),
            Emu(width),
            Emu(height),
            ctx.measurer,
            min_scale=min_scale,
            line_spacing=g.line_spacing,
            notice=False,
        )
    col = round(t.icons.size * 0.8) + inches(0.22)
    fits, scale, total, _gap = _icon_fit(ctx, bullets, width - col, height, min_scale)
    widest = max(f.width for f in fits) + col
    return Fitted(ir.TextFrame(()), scale, Emu(total), Emu(max(0, total - height)), Emu(widest))


def measure_points(ctx: Ctx, texts: Sequence[str], style: Style, width: int) -> int:
    """Return the most lines any of ``texts`` takes in ``style`` at ``width``."""
    return max(
        fit([Para(x, style)], Emu(width), Emu(10**9), ctx.measurer, notice=False)
        .frame.paragraphs[0]
        .lines
        for x in texts
    )
