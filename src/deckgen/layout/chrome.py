"""The chrome shared by every content slide: title, accent rule, title icon and footer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from msgspec.structs import replace

from deckgen import ir, script
from deckgen.diagnostics import YamlPath
from deckgen.layout.context import Ctx
from deckgen.layout.shapes import Shapes, place, rect
from deckgen.layout.text import Para, fit, spans_of
from deckgen.lint import LARGE_BOLD_TEXT_PT
from deckgen.units import Emu, inches

if TYPE_CHECKING:
    from deckgen.frames import Footer


def chrome(ctx: Ctx, number: int, path: YamlPath, *, title: str | None, icon: str | None) -> Shapes:
    """Return the title, its accent rule, the title icon and the footer of a content slide."""
    t, g = ctx.theme, ctx.theme.grid
    shapes: Shapes = []
    icon_room = Emu(g.title_height // 2 + t.icons.title_size) if icon else Emu(0)
    slot = ctx.on.title if ctx.on is not None else None
    if slot is not None:
        # on a template: the layout's own title placeholder, its insets, anchor and size
        icon_room = Emu(t.icons.title_size + inches(0.15)) if icon else Emu(0)
        box = ir.Box(slot.box.x, slot.box.y, Emu(slot.box.w - icon_room), slot.box.h)
        insets: tuple[int, int, int, int] = slot.insets
        anchor, size, font = slot.anchor, slot.size or t.sizes.title, slot.font
    else:
        box = ir.Box(
            Emu(g.margin_x),
            Emu(g.margin_top),
            Emu(g.width - 2 * g.margin_x - icon_room),
            Emu(g.title_height),
        )
        insets, anchor, size, font = (0, 0, 0, 0), "b", t.sizes.title, None
    if title is not None:
        style = ctx.style("primary", size, heading=True, bold=True)
        if font:
            style = replace(style, font=font)
        shape, _ = place(
            ctx,
            "Title",
            [Para(title, style)],
            box,
            (*path, "title"),
            min_scale=0.8,
            anchor=anchor,
            role="title",
            what="the title",
            insets=insets,
            exact=True,
        )
        shapes.append(shape)
        if t.title_rule:
            y = Emu(g.margin_top + g.title_height + g.rule_gap)
            # Under a right-to-left title the rule starts where the title does: at the right.
            x = g.width - g.margin_x - g.rule_width if script.is_rtl(title) else g.margin_x
            shapes.append(
                rect(
                    ctx,
                    "Title rule",
                    ir.Box(Emu(x), y, Emu(g.rule_width), Emu(g.rule_weight)),
                    t.colors.accent,
                )
            )
    if icon and title is not None:
        s = Emu(t.icons.title_size)
        # beside the title's last line: at its foot (deckgen's titles sit on the line), or
        # level with it when the template centres its titles
        top = box.bottom - s - inches(0.06)
        if anchor == "ctr":
            top = box.y + (box.h - s) // 2
        elif anchor == "t":
            top = box.y + insets[2]
        box = ir.Box(Emu(box.right + icon_room - s), Emu(top), s, s)
        shape_i = ctx.icon(icon, box, (*path, "icon"))
        if shape_i:
            shapes.append(shape_i)
    shapes.extend(footer(ctx, number))
    return shapes


def footer(ctx: Ctx, number: int) -> Shapes:
    """Return the footer: the deck's short title on the left, the slide number on the right."""
    t, g = ctx.theme, ctx.theme.grid
    shapes: Shapes = []
    style = ctx.style("muted", t.sizes.footer)
    half = Emu((g.width - 2 * g.margin_x) // 2)
    if t.footer:
        label = ctx.deck.short_title or ctx.deck.title
        box = ir.Box(Emu(g.margin_x), Emu(g.footer_top), half, Emu(g.footer_height))
        shape, _ = place(
            ctx,
            "Footer",
            [Para(label, style)],
            box,
            ("short_title",),
            anchor="ctr",
            role="footer",
            what="the footer",
            min_scale=0.8,
        )
        shapes.append(shape)
    if t.slide_numbers:
        box = ir.Box(
            Emu(g.width - g.margin_x - half), Emu(g.footer_top), half, Emu(g.footer_height)
        )
        fitted = fit(
            [Para(str(number), style, align="r")], box.w, box.h, ctx.measurer, anchor="ctr"
        )
        paragraph = fitted.frame.paragraphs[0]
        runs = tuple(
            ir.Run(r.text, r.font, r.size, r.color, field="slidenum") for r in paragraph.runs
        )
        frame = ir.TextFrame(
            (ir.Paragraph(runs, align="r"),),
            anchor="ctr",
            measured_height=fitted.frame.measured_height,
        )
        shapes.append(
            ir.TextShape(key=ctx.key("n"), name="Slide number", box=box, text=frame, role="number")
        )
    return shapes


def _set_large(ctx: Ctx, shape: ir.TextShape) -> ir.TextShape | None:
    """Return the footer or slide number ``shape`` with its text set large-scale in WCAG's
    sense (bold, at 14 pt or its own size if larger), or None when that no longer fits its
    box on one line."""
    frame = shape.text
    if frame is None:
        return None
    size = max([LARGE_BOLD_TEXT_PT, *(r.size for p in frame.paragraphs for r in p.runs)])
    width = Emu(shape.box.w - frame.inset_l - frame.inset_r)
    height = 0
    paragraphs: list[ir.Paragraph] = []
    for p in frame.paragraphs:
        runs = tuple(replace(r, size=size, bold=True) for r in p.runs)
        lines = ctx.measurer.wrap(spans_of(runs), size, Emu(width - p.margin_left))
        if len(lines) > 1 or any(ln.split_word for ln in lines):
            return None
        height += ctx.measurer.line_height(size, 1.2 * p.line_spacing)
        paragraphs.append(replace(p, runs=runs, lines=1))
    if height > shape.box.h - frame.inset_t - frame.inset_b:
        return None
    measured = Emu(height + frame.inset_t + frame.inset_b)
    return replace(
        shape, text=replace(frame, paragraphs=tuple(paragraphs), measured_height=measured)
    )


def on_brand(ctx: Ctx, shapes: Shapes, footer: Footer | None) -> Shapes:
    """Return the shapes with the footer and slide number coloured as the template's footer
    (see :class:`deckgen.frames.Footer`) and filled with the colour of the band they sit on
    (the same colour, so nothing changes on the slide, and lint judges their contrast on the
    right ground).

    Where the template's colour reads only as large-scale text (``footer.large``), the
    footer and number keep it set bold at 14 pt if both still fit their boxes on one line;
    otherwise they keep their size and take the legible ``footer.color``.
    """
    if footer is None:
        return shapes
    chrome_shapes = {
        i: sh
        for i, sh in enumerate(shapes)
        if isinstance(sh, ir.TextShape) and sh.role in ("footer", "number") and sh.text
    }
    color = footer.color
    if footer.large is not None and chrome_shapes:
        large = {i: _set_large(ctx, sh) for i, sh in chrome_shapes.items()}
        if all(sh is not None for sh in large.values()):
            chrome_shapes = {i: sh for i, sh in large.items() if sh is not None}
            color = footer.large
    out = list(shapes)
    for i, sh in chrome_shapes.items():
        assert sh.text is not None  # chosen for their text above
        paras = tuple(
            replace(p, runs=tuple(replace(r, color=color) for r in p.runs))
            for p in sh.text.paragraphs
        )
        out[i] = replace(sh, text=replace(sh.text, paragraphs=paras), fill=footer.ground)
    return out
