"""Displayed equations: LaTeX checked and converted to OMML here, sized from an estimate of
the typeset equation, stacked and centred in their box with optional captions."""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from deckgen import ir, spec
from deckgen.diagnostics import YamlPath
from deckgen.layout.context import Ctx
from deckgen.layout.text import Para
from deckgen.units import Emu, inches, pt

Shapes = list[ir.AnyShape]


def equations(ctx: Ctx, items: Sequence[spec.Equation], path: YamlPath, box: ir.Box) -> Shapes:
    """Return one equation shape per item (and its caption), stacked in ``box``."""
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
        prepared.append((eq, epath, omml, plain, w, h))
    if not prepared:
        return []
    gap = inches(0.3)
    cap_h = inches(0.4)
    # One size for every equation on the slide: the largest at which all fit.
    size = t.sizes.equation
    widest = max(w for *_, w, _ in prepared)
    need_h = sum(h for *_, h in prepared)
    caps = sum(cap_h for eq, *_ in prepared if eq.caption)
    room_h = box.h - gap * (len(prepared) - 1) - caps
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
    total = sum(pt(h * scale) for *_, h in prepared) + caps + gap * (len(prepared) - 1)
    y = box.y + max(0, (box.h - total) // 2)
    shapes: Shapes = []
    from deckgen.layout.slides import place

    for eq, epath, omml, plain, w, h in prepared:
        # The box hugs the equation: LibreOffice scales the formula to fill its box, so a
        # box wider than the formula would stretch it.
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
                color=t.colors.primary,
            )
        )
        y += eh
        if eq.caption:
            cbox = ir.Box(box.x, Emu(y), box.w, Emu(cap_h))
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
            y += cap_h
        y += gap
    return shapes
