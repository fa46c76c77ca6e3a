"""Displayed equations: LaTeX checked and converted to OMML here, sized from an estimate of
the typeset equation, stacked and centred in their box with optional captions and a
``where:`` legend (symbol → meaning) under each.

An equation's box is the size the formula is drawn at. LibreOffice scales a formula to fill
its box, in each direction on its own, so a box larger than the formula enlarges and
stretches it: the box is the estimate corrected to LibreOffice's own sizes (PowerPoint
sets the equation at its font size and centres it, without wrapping, whatever the box).
"""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from deckgen import ir, spec
from deckgen.diagnostics import YamlPath
from deckgen.layout.context import Ctx
from deckgen.layout.shapes import place
from deckgen.layout.text import Para, fit, single_line_width
from deckgen.units import Emu, inches, pt

Shapes = list[ir.AnyShape]

# LibreOffice 7.4's natural size of 24 formulas (decks, examples, common ML formulas) over
# the estimate: width 0.77-1.08 (mean 0.90), height 0.78-1.36 (mean 0.93).
NATURAL_W = 0.90
NATURAL_H = 0.93
GAP = inches(0.3)  # between equations
CAPTION_H = inches(0.4)
WHERE_GAP = inches(0.12)  # equation (or caption) to its legend
WHERE_COL = inches(0.25)  # symbol column to meaning column
WHERE_ROW = 4.0  # points between legend rows


def equations(ctx: Ctx, items: Sequence[spec.Equation], path: YamlPath, box: ir.Box) -> Shapes:
    """Return one equation shape per item (with its caption and legend), stacked in ``box``."""
    from deckgen.equations import EquationError, estimate_size, latex_to_omml, plain_text

    t = ctx.theme
    many = len(items) > 1
    prepared: list[tuple[spec.Equation, YamlPath, str, str, float, float]] = []
    for i, eq in enumerate(items):
        epath = (*path, i, "latex") if many else (*path, "latex")
        try:
            omml = etree.tostring(latex_to_omml(eq.latex, display=True), encoding="unicode")
            plain = plain_text(eq.latex)
        except EquationError as exc:
            ctx.error(
                f"cannot typeset this LaTeX: {exc}",
                epath,
                hint="supported: fractions, scripts, sums, roots, Greek, delimiters, "
                "\\mathrm, \\mathbb, \\mathcal, \\text",
            )
            continue
        w, h = estimate_size(eq.latex, t.sizes.equation)
        prepared.append((eq, epath, omml, plain, w * NATURAL_W, h * NATURAL_H))
    if not prepared:
        return []
    # The legends keep their size; the equations give way to them.
    legends = [_where_height(ctx, eq, box.w) for eq, *_ in prepared]
    caps = sum(CAPTION_H for eq, *_ in prepared if eq.caption)
    extra = caps + sum(h + WHERE_GAP for h in legends if h)
    # One size for every equation on the slide: the largest at which all fit.
    size = t.sizes.equation
    widest = max(w for *_, w, _ in prepared)
    need_h = sum(h for *_, h in prepared)
    room_h = box.h - GAP * (len(prepared) - 1) - extra
    scale = min(1.0, box.w / pt(widest) if widest else 1.0, room_h / pt(need_h) if need_h else 1.0)
    if scale < 0.6:
        ctx.error(
            f"the equation is too large for its box even at {size * 0.6:.0f} pt",
            prepared[0][1],
            hint="split it, or give it a slide of its own",
            rule="overflow",
        )
        scale = 0.6
    size = round(size * scale * 2) / 2
    total = sum(pt(h * scale) for *_, h in prepared) + extra + GAP * (len(prepared) - 1)
    y = box.y + max(0, (box.h - total) // 2)
    shapes: Shapes = []

    for (eq, epath, omml, plain, w, h), legend_h in zip(prepared, legends, strict=True):
        eh = Emu(pt(h * scale))
        ew = Emu(min(box.w, pt(w * scale)))
        ebox = ir.Box(Emu(box.x + (box.w - ew) // 2), Emu(y), ew, eh)
        shapes.append(
            ir.EquationShape(
                key=ctx.key("eq"),
                name="Equation",
                box=ebox,
                origin=epath,
                alt=f"Equation: {plain}",
                omml=omml,
                latex=eq.latex,
                plain=plain,
                size=size,
                color=t.colors.text,  # the body's colour: part of the text, not a decoration
                text_font=t.fonts.body,
            )
        )
        y += eh
        if eq.caption:
            cbox = ir.Box(box.x, Emu(y), box.w, Emu(CAPTION_H))
            sh, _ = place(
                ctx,
                "Equation caption",
                [Para(eq.caption, ctx.style("muted", t.sizes.caption, italic=True), align="ctr")],
                cbox,
                (*epath[:-1], "caption"),
                min_scale=0.8,
                what="the caption",
            )
            shapes.append(sh)
            y += CAPTION_H
        if legend_h:
            y += WHERE_GAP
            shapes.extend(_where(ctx, eq, (*epath[:-1], "where"), ir.Box(box.x, Emu(y), box.w, 0)))
            y += legend_h
        y += GAP
    return shapes


def _where_styles(ctx: Ctx) -> tuple[Para, Para]:
    """Return paragraph templates for a legend's symbol (right-aligned) and meaning."""
    size = ctx.theme.sizes.sub
    return (
        Para("", ctx.style("text", size), align="r"),
        Para("", ctx.style("muted", size)),
    )


def _columns(ctx: Ctx, eq: spec.Equation, width: int) -> tuple[int, int]:
    """Return the widths of the legend's symbol and meaning columns in ``width``."""
    sym, mean = _where_styles(ctx)
    m = ctx.measurer
    # a little slack: a renderer's kerning may be a hair wider than the measure
    sym_w = max(single_line_width(f"${s}$", sym.style, m) for s in eq.where) * 1.03 + pt(2)
    mean_w = max(single_line_width(t, mean.style, m) for t in eq.where.values()) * 1.03 + pt(2)
    sym_w = min(sym_w, width // 3)
    return round(sym_w), round(min(mean_w, width - sym_w - WHERE_COL))


def _where_height(ctx: Ctx, eq: spec.Equation, width: int) -> int:
    """Return the height of the equation's legend (0 without one)."""
    if not eq.where:
        return 0
    return sum(h for h, _ in _rows(ctx, eq, width)) + pt(WHERE_ROW) * (len(eq.where) - 1)


def _rows(ctx: Ctx, eq: spec.Equation, width: int) -> list[tuple[int, int]]:
    """Return each legend row's height and the room above its text for raised scripts.

    A subscript hangs below the line and a superscript rises above it (by a quarter and
    about a fifth of the size): the row makes room, so no script leaves its box.
    """
    sym, mean = _where_styles(ctx)
    sym_w, mean_w = _columns(ctx, eq, width)
    size = sym.style.size
    out = []
    for symbol, meaning in eq.where.items():
        a = fit([Para(f"${symbol}$", sym.style, align="r")], Emu(sym_w), Emu(10**9), ctx.measurer)
        b = fit([Para(meaning, mean.style)], Emu(mean_w), Emu(10**9), ctx.measurer)
        shifts = [r.baseline for f in (a, b) for p in f.frame.paragraphs for r in p.runs]
        below = pt(size * 0.25) if any(v < 0 for v in shifts) else 0
        above = pt(size * 0.2) if any(v > 0 for v in shifts) else 0
        out.append((max(a.height, b.height) + below + above, above))
    return out


def _where(ctx: Ctx, eq: spec.Equation, path: YamlPath, at: ir.Box) -> Shapes:
    """Return the legend under an equation: a row per symbol, the symbols typeset as inline
    math and right-aligned on one edge, their meanings left-aligned beside them, the block
    centred under the equation."""
    from deckgen.equations import EquationError
    from deckgen.layout.inline_math import flatten

    for symbol in eq.where:
        try:
            flatten(symbol)
        except EquationError as exc:
            ctx.error(f"cannot typeset the symbol ${symbol}$: {exc.reason}", (*path, symbol))
    sym, mean = _where_styles(ctx)
    sym_w, mean_w = _columns(ctx, eq, at.w)
    block = sym_w + WHERE_COL + mean_w
    x = at.x + (at.w - block) // 2
    y = at.y
    shapes: Shapes = []
    for i, ((symbol, meaning), (row_h, above)) in enumerate(
        zip(eq.where.items(), _rows(ctx, eq, at.w), strict=True)
    ):
        insets = (Emu(0), Emu(0), Emu(above), Emu(0))
        a = fit(
            [Para(f"${symbol}$", sym.style, align="r")],
            Emu(sym_w),
            Emu(row_h),
            ctx.measurer,
            insets=insets,
        )
        b = fit([Para(meaning, mean.style)], Emu(mean_w), Emu(row_h), ctx.measurer, insets=insets)
        shapes.append(
            ir.TextShape(
                key=ctx.key("w"),
                name=f"Where symbol {i + 1}",
                box=ir.Box(Emu(x), Emu(y), Emu(sym_w), Emu(row_h)),
                origin=(*path, symbol),
                text=a.frame,
                role="other",
            )
        )
        shapes.append(
            ir.TextShape(
                key=ctx.key("w"),
                name=f"Where meaning {i + 1}",
                box=ir.Box(Emu(x + sym_w + WHERE_COL), Emu(y), Emu(mean_w), Emu(row_h)),
                origin=(*path, symbol),
                text=b.frame,
                role="other",
            )
        )
        y += row_h + pt(WHERE_ROW)
    return shapes
