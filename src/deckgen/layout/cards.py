"""Cards: a grid of equal panels (2×1, 3×1, 2×2, 3×2), each an icon and a short text.

Cards are as tall as the fullest one needs, not as tall as the region; every card's
text starts at the same height, its first line level with the card's icon.
"""

from __future__ import annotations

from collections.abc import Sequence

from deckgen import ir, spec
from deckgen.diagnostics import YamlPath
from deckgen.layout import regions
from deckgen.layout.context import Ctx
from deckgen.layout.shapes import Shapes, place, rect
from deckgen.layout.text import Para, fit
from deckgen.units import Emu, inches, pt

GAP = inches(0.25)
PAD = inches(0.22)
BAR = pt(4)  # the accent bar down each card's left edge
PAD_TALL = inches(0.35)  # padding of stacked cards (a whole slide of them)
ICON_GAP = inches(0.2)  # between a stacked card's icon and its text


def _text_box_w(ctx: Ctx, card_w: int, icon: bool, stacked: bool = False) -> int:
    """Return the width of a card's text: beside its icon, or (``stacked``) under it."""
    if stacked:
        return card_w - 2 * PAD_TALL - BAR
    room = card_w - 2 * PAD - BAR
    return room - (round(ctx.theme.icons.size * 0.8) + inches(0.18) if icon else 0)


def _icon_size(ctx: Ctx, stacked: bool) -> int:
    """Return the icon size: large over the text on tall cards, small beside it otherwise."""
    return round(ctx.theme.icons.size * (1.5 if stacked else 0.8))


def _measure(
    ctx: Ctx,
    points: Sequence[spec.Point],
    box: ir.Box,
    cols: int,
    size: float | None,
    stacked: bool = False,
) -> tuple[Emu, Emu, float, int, Emu]:
    """Return the card width, text width, common text scale, the text's offset below the
    card's padding (to sit level with the icon) and the card height."""
    t = ctx.theme
    rows = -(-len(points) // cols)
    w = Emu((box.w - GAP * (cols - 1)) // cols)
    isz = _icon_size(ctx, stacked)
    pad = PAD_TALL if stacked else PAD
    any_icon = any(p.icon for p in points)
    style = ctx.style("text", size or t.sizes.sub)
    text_w = Emu(_text_box_w(ctx, w, any_icon, stacked))
    room_h = Emu((box.h - GAP * (rows - 1)) // rows - 2 * pad - (isz + ICON_GAP if stacked else 0))
    paras = [[Para(p.text, style)] for p in points]
    # One size for every card: the largest at which the fullest card fits its share.
    min_scale = t.sizes.caption / style.size
    fits = [fit(pp, text_w, room_h, ctx.measurer, min_scale=min_scale) for pp in paras]
    scale = min(f.scale for f in fits)
    fits = [fit(pp, text_w, room_h, ctx.measurer, min_scale=scale, max_scale=scale) for pp in paras]
    first = ctx.measurer.line_height(style.size * scale, 1.2)
    if stacked:
        text_top = isz + ICON_GAP if any_icon else 0
        return w, text_w, scale, text_top, Emu(max(f.height for f in fits) + text_top + 2 * pad)
    # The first line sits level with the icon: both centred on the same line.
    text_top = max(0, (isz - first) // 2) if any_icon else 0
    need = max(max(f.height for f in fits) + text_top, isz if any_icon else 0)
    return w, text_w, scale, text_top, Emu(min(room_h, need) + 2 * pad)


def text_lines(ctx: Ctx, points: Sequence[spec.Point], width: int, columns: int) -> int:
    """Return the most lines any point's text takes on a card of a ``columns``-wide grid
    ``width`` across, at the cards' full text size."""
    w = (width - GAP * (columns - 1)) // columns
    text_w = Emu(_text_box_w(ctx, w, any(p.icon for p in points)))
    style = ctx.style("text", ctx.theme.sizes.sub)
    return max(
        fit([Para(p.text, style)], text_w, Emu(10**9), ctx.measurer).frame.paragraphs[0].lines
        for p in points
    )


def orphaned(ctx: Ctx, points: Sequence[spec.Point], width: int, columns: int) -> bool:
    """Return True when a point's text, on a card of a ``columns``-wide grid ``width``
    across at the cards' full text size, ends with one word alone on its last line."""
    w = (width - GAP * (columns - 1)) // columns
    text_w = Emu(_text_box_w(ctx, w, any(p.icon for p in points)))
    style = ctx.style("text", ctx.theme.sizes.sub)
    return any(fit([Para(p.text, style)], text_w, Emu(10**9), ctx.measurer).orphans for p in points)


def grid_height(
    ctx: Ctx,
    points: Sequence[spec.Point],
    box: ir.Box,
    *,
    columns: int | None = None,
    size: float | None = None,
) -> int:
    """Return how tall the grid of cards :func:`cards` draws in ``box`` is."""
    cols = columns or len(points)
    rows = -(-len(points) // cols)
    card_h = _measure(ctx, points, box, cols, size)[-1]
    return rows * card_h + (rows - 1) * GAP


def cards(
    ctx: Ctx,
    points: Sequence[spec.Point],
    box: ir.Box,
    path: YamlPath,
    *,
    columns: int | None = None,
    size: float | None = None,
    anchor: str = "t",
    stacked: bool = False,
) -> Shapes:
    """Return the points as a grid of cards in ``box`` (``columns`` wide, default one row),
    placed at the top, centre (``anchor='ctr'``) or bottom (``'b'``) of ``box``; ``stacked``
    cards carry a large icon over their text instead of a small one beside it."""
    t = ctx.theme
    n = len(points)
    cols = columns or n
    rows = -(-n // cols)
    w, text_w, scale, text_top, card_h = _measure(ctx, points, box, cols, size, stacked)
    isz = Emu(_icon_size(ctx, stacked))
    pad = PAD_TALL if stacked else PAD
    any_icon = any(p.icon for p in points)
    style = ctx.style("text", size or t.sizes.sub)
    paras = [[Para(p.text, style)] for p in points]
    grid_h = rows * card_h + (rows - 1) * GAP
    y0 = box.y
    if anchor == "ctr":
        y0 = Emu(box.y + max(0, box.h - grid_h) // 2)
    elif anchor == "b":
        y0 = Emu(box.bottom - grid_h)
    shapes: Shapes = []
    texts: list[tuple[ir.Box, list[Para], YamlPath]] = []
    cells = regions.grid(ir.Box(box.x, y0, box.w, Emu(grid_h)), n, cols, card_h, GAP)
    for i, (p, cell) in enumerate(zip(points, cells, strict=True)):
        x, y = cell.x, cell.y
        shapes.append(
            rect(ctx, f"Card {i + 1}", ir.Box(x, y, w, card_h), t.colors.surface, corner=0.06)
        )
        shapes.append(
            rect(ctx, f"Card {i + 1} accent", ir.Box(x, y, Emu(BAR), card_h), t.colors.accent)
        )
        tx = Emu(x + pad + BAR)
        if p.icon:
            ic = ctx.icon(p.icon, ir.Box(tx, Emu(y + pad), isz, isz), (*path, i, "icon"))
            if ic:
                shapes.append(ic)
        if any_icon and not stacked:
            tx = Emu(tx + isz + inches(0.18))
        ty = Emu(y + pad + text_top)
        texts.append((ir.Box(tx, ty, text_w, Emu(y + card_h - pad - ty)), paras[i], (*path, i)))
    for i, (b, pp, ppath) in enumerate(texts):
        sh, _ = place(
            ctx,
            f"Card {i + 1} text",
            pp,
            b,
            ppath,
            min_scale=scale,
            max_scale=scale,
            what="the point",
        )
        shapes.append(sh)
    return shapes
