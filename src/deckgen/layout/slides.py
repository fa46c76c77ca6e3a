"""Slide layouts: one function per layout (title, section, bullets, two-column, quote,
statement, qa, question).

Each function takes the layout context, the validated slide and its YAML path and returns
IR shapes. Positions come from the theme's grid only, so titles, bodies and footers never
move between slides; :mod:`deckgen.layout.compose` decides how the content area is split.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import NamedTuple

from msgspec.structs import replace

from deckgen import ir, spec
from deckgen.diagnostics import YamlPath
from deckgen.layout import compose, regions, visuals
from deckgen.layout.bullets import (
    bullet_paras,
    bullets_block,
    icon_rows,
    most_gap,
    spread_paras,
)
from deckgen.layout.cards import cards
from deckgen.layout.chrome import chrome, footer
from deckgen.layout.context import Ctx
from deckgen.layout.shapes import Shapes, one_line_size, place, rect
from deckgen.layout.text import Para, fit, item_gaps, opened
from deckgen.units import Emu, inches, pt

__all__ = ["Laid", "bullet_paras", "place", "qa_paras", "rect"]


class Laid(NamedTuple):
    """A laid-out slide: its shapes and the name of the composition it got."""

    shapes: Shapes
    composition: str


def title_slide(ctx: Ctx, s: spec.TitleSlide, path: YamlPath, number: int) -> Laid:
    """Return the opening slide: kicker, title, subtitle, meta line and a side panel."""
    t, g, d = ctx.theme, ctx.theme.grid, ctx.deck
    shapes: Shapes = []
    # The side panel frames the deck's icon; without one it is a narrow band of colour.
    panel_w = inches(3.9) if s.icon else inches(1.4)
    panel = ir.Box(Emu(g.width - panel_w), Emu(0), Emu(panel_w), Emu(g.height))
    shapes.append(rect(ctx, "Side panel", panel, t.colors.surface))
    shapes.append(
        rect(
            ctx, "Side accent", ir.Box(panel.x, Emu(0), Emu(pt(6)), Emu(g.height)), t.colors.primary
        )
    )
    if s.icon:
        isz = inches(1.9)
        ic = ctx.icon(
            s.icon,
            ir.Box(
                Emu(panel.x + (panel_w - isz) // 2), Emu((g.height - isz) // 2), Emu(isz), Emu(isz)
            ),
            (*path, "icon"),
            role="primary",
        )
        if ic:
            shapes.append(ic)
    x = Emu(g.margin_x + inches(0.1))
    w = Emu(panel.x - x - inches(0.7))
    y = Emu(inches(1.55))
    if s.kicker:
        box = ir.Box(x, y, w, inches(0.45))
        sh, _ = place(
            ctx,
            "Kicker",
            [Para(s.kicker.upper(), ctx.style("accent", 16, bold=True))],
            box,
            (*path, "kicker"),
            anchor="b",
            what="the kicker",
        )
        shapes.append(sh)
    y = Emu(y + inches(0.55))
    title = s.title or d.title
    box = ir.Box(x, y, w, inches(2.0))
    sh, f = place(
        ctx,
        "Title",
        [Para(title, ctx.style("primary", t.sizes.title_slide, heading=True, bold=True))],
        box,
        (*path, "title") if s.title else ("title",),
        min_scale=0.7,
        role="title",
        what="the title",
        exact=True,
    )
    # The box is as tall as the lines drawn, so the rule sits under the last one.
    shapes.append(replace(sh, box=ir.Box(sh.box.x, sh.box.y, sh.box.w, Emu(f.height))))
    y = Emu(y + f.height + inches(0.25))
    shapes.append(
        rect(
            ctx, "Title rule", ir.Box(x, y, Emu(g.rule_width), Emu(g.rule_weight)), t.colors.accent
        )
    )
    y = Emu(y + inches(0.35))
    subtitle = s.subtitle or d.subtitle
    if subtitle:
        box = ir.Box(x, y, w, inches(1.2))
        sh, f = place(
            ctx,
            "Subtitle",
            [Para(subtitle, ctx.style("muted", t.sizes.subtitle))],
            box,
            (*path, "subtitle") if s.subtitle else ("subtitle",),
            min_scale=0.8,
            what="the subtitle",
        )
        shapes.append(sh)
    meta = [" · ".join(p for p in (", ".join(d.authors), d.date) if p)]
    if d.source:
        meta.append(f"[{d.source.label}]({d.source.url})" if d.source.url else d.source.label)
    meta = [m for m in meta if m]
    if meta:
        style = ctx.style("text", 16)
        box = ir.Box(x, Emu(g.content_bottom - inches(0.75)), w, inches(0.85))
        sh, _ = place(
            ctx,
            "Authors and source",
            [Para(m, style, space_before=4) for m in meta],
            box,
            ("authors",),
            min_scale=0.8,
            anchor="b",
            what="the author line",
        )
        shapes.append(sh)
    return Laid(shapes, "title")


def section_slide(ctx: Ctx, s: spec.SectionSlide, path: YamlPath, number: int) -> Laid:
    """Return a section divider: number, title and subtitle on the surface colour."""
    t, g = ctx.theme, ctx.theme.grid
    shapes: Shapes = [
        rect(ctx, "Band", ir.Box(Emu(0), Emu(0), Emu(pt(10)), Emu(g.height)), t.colors.primary)
    ]
    x = Emu(g.margin_x + inches(0.3))
    w = Emu(g.width - x - g.margin_x)
    y = Emu(inches(2.1))
    if s.number:
        sh, _ = place(
            ctx,
            "Section number",
            [Para(s.number, ctx.style("accent", 40, bold=True))],
            ir.Box(x, y, w, inches(0.8)),
            (*path, "number"),
            anchor="b",
            what="the section number",
        )
        shapes.append(sh)
    y = Emu(y + inches(0.9))
    sh, f = place(
        ctx,
        "Title",
        [Para(s.title, ctx.style("primary", t.sizes.section, heading=True, bold=True))],
        ir.Box(x, y, w, inches(1.6)),
        (*path, "title"),
        min_scale=0.75,
        role="title",
        what="the section title",
        exact=True,
    )
    shapes.append(sh)
    y = Emu(y + f.height + inches(0.2))
    shapes.append(
        rect(
            ctx, "Title rule", ir.Box(x, y, Emu(g.rule_width), Emu(g.rule_weight)), t.colors.accent
        )
    )
    if s.subtitle:
        sh, _ = place(
            ctx,
            "Subtitle",
            [Para(s.subtitle, ctx.style("muted", t.sizes.subtitle))],
            ir.Box(x, Emu(y + inches(0.3)), w, inches(1.2)),
            (*path, "subtitle"),
            min_scale=0.8,
            what="the subtitle",
        )
        shapes.append(sh)
    shapes.extend(footer(ctx, number))
    return Laid(shapes, "section")


def bullets_slide(
    ctx: Ctx,
    s: spec.BulletsSlide,
    path: YamlPath,
    number: int,
    *,
    title: str | None = None,
    previous: str | None = None,
) -> Laid:
    """Return a content slide: bullets, a visual, or both, in the composition that
    :func:`compose.bullets_slide` chooses for them."""
    t = ctx.theme
    shapes = chrome(ctx, number, path, title=title or s.title, icon=s.icon)
    plan = compose.bullets_slide(ctx, s, previous, path)
    box = plan.text
    first_text = len(shapes)
    if plan.composition == "cards" and box is not None:
        points = [spec.Point(text=b.text, icon=b.icon) for b in s.bullets]
        shapes += cards(
            ctx,
            points,
            box,
            (*path, "bullets"),
            columns=plan.columns,
            size=t.sizes.body,
            anchor="ctr",
            stacked=True,
        )
    elif plan.composition == "columns" and box is not None:
        n = plan.columns
        per = -(-len(s.bullets) // n)
        chunks = [s.bullets[i : i + per] for i in range(0, len(s.bullets), per)]
        col_w = Emu((box.w - t.grid.gutter * (n - 1)) // n)
        needs = [compose.bullets.measure(ctx, c, col_w, box.h).height for c in chunks]
        icons = any(b.icon for b in s.bullets)
        y, extra = box.y, 0
        if max(needs) < box.h * 2 / 3:
            # A short group opens its rows by one gap in every column (up to most of a
            # line; icon rows keep theirs), then is centred on the area; the columns
            # start on one line.
            gaps = [0 if icons else len(c) - 1 for c in chunks]
            extra, offset = regions.spread(box.h, needs, gaps, most_gap(ctx))
            y = Emu(box.y + offset)
        for i, chunk in enumerate(chunks):
            x = Emu(box.x + i * (col_w + t.grid.gutter))
            cbox = ir.Box(x, y, col_w, Emu(box.bottom - y))
            if icons:
                block, _ = bullets_block(ctx, chunk, cbox, path)
                shapes += block
                continue
            paras = opened(bullet_paras(ctx, chunk), extra / pt(1))
            sh, _ = place(
                ctx,
                "Bullets",
                paras,
                cbox,
                (*path, "bullets"),
                min_scale=t.sizes.body_min / t.sizes.body,
                what="the bullet list",
            )
            shapes.append(sh)
    elif plan.composition == "lead-visual" and box is not None:
        lead = Para(s.bullets[0].text, ctx.style("text", t.sizes.body))
        sh, _ = place(
            ctx,
            "Lead",
            [lead],
            box,
            (*path, "bullets", 0),
            min_scale=t.sizes.body_min / t.sizes.body,
            what="the lead line",
        )
        shapes.append(sh)
    elif box is not None:
        # Bullets alone and short: their gaps open toward the area before they are centred.
        sparse = plan.composition == "text" and plan.anchor == "ctr"
        block, _ = bullets_block(ctx, s.bullets, box, path, anchor=plan.anchor, spread=sparse)
        shapes += block
    if plan.visual is not None:
        if plan.number is not None:
            drawn = visuals.support(ctx, s, path, plan.visual)
        else:
            drawn = visuals.visual(ctx, s, path, plan.visual)
        if plan.block and drawn:
            # Text and visual read as one block: the visual moves up under the text and
            # the block is centred on the content area, so no gap opens between them.
            text_end = plan.visual.y - t.grid.gutter
            top, bottom = regions.extent([sh.box for sh in drawn])
            lift = top - (text_end + t.grid.gutter)
            area = ctx.content()
            block = bottom - lift - area.y
            down = max(0, (area.h - block) // 2)
            drawn = [_moved(sh, down - lift) for sh in drawn]
            shapes = shapes[:first_text] + [_moved(sh, down) for sh in shapes[first_text:]]
        elif drawn:
            # A visual shorter than its region (a short listing, a small table) sits in
            # the region's middle, not at its top.
            top, bottom = regions.extent([sh.box for sh in drawn])
            room = plan.visual
            down = room.y + max(0, room.h - (bottom - top)) // 2 - top
            if down > 0:
                drawn = [_moved(sh, down) for sh in drawn]
        shapes += drawn
    if plan.number is not None:
        # Drawn once the text block has settled, read first: the number is the point.
        shapes[first_text:first_text] = visuals.visual(ctx, s, path, plan.number, "stat")
    return Laid(shapes, plan.composition)


def _moved(sh: ir.AnyShape, dy: int) -> ir.AnyShape:
    """Return ``sh`` moved down by ``dy`` EMU."""
    return replace(sh, box=regions.moved(sh.box, dy)) if dy else sh


def two_column_slide(ctx: Ctx, s: spec.TwoColumnSlide, path: YamlPath, number: int) -> Laid:
    """Return two panels side by side, each with a heading, an icon and bullets.

    Both panels span the content area's full height. Their headings share one size, the
    largest at which both stay on one line; the gaps between points widen (by one amount
    in both panels, up to 0.9 of a body line) toward the panel's height, and what is still left is
    shared above and below the panels' content, the headings level with each other.
    """
    t = ctx.theme
    shapes = chrome(ctx, number, path, title=s.title, icon=s.icon)
    plan = compose.two_column_slide(ctx)
    assert plan.text is not None and plan.visual is not None
    pad = inches(0.3)
    sides = (("left", s.left, plan.text), ("right", s.right, plan.visual))
    inner_w = Emu(plan.text.w - 2 * pad)
    isz = Emu(t.icons.size)
    hsize, head_h = _column_headings(ctx, [(col, (*path, side)) for side, col, _ in sides], inner_w)
    # What each column needs under its heading, and how many gaps between points it has.
    bodies: list[list[Para]] = []
    needs: list[int] = []
    gaps: list[int] = []
    for _side, col, column in sides:
        top = Emu(head_h + inches(0.25)) if col.heading else Emu(0)
        room = Emu(column.h - 2 * pad - top)
        paras: list[Para] = []
        if col.text:
            paras.append(Para(col.text, ctx.style("text", t.sizes.body)))
        paras.extend(bullet_paras(ctx, col.bullets))
        bodies.append(paras)
        if any(b.icon for b in col.bullets):
            # Icon rows set their own spacing: measured on a scratch context, kept as is.
            scratch = dataclasses.replace(ctx, diagnostics=[])
            box = ir.Box(Emu(0), Emu(0), inner_w, room)
            block, _ = icon_rows(scratch, col.bullets, box, (), t.sizes.body_min / t.sizes.body)
            needs.append(top + (max(b.box.bottom for b in block) if block else 0))
            gaps.append(0)
        else:
            f = fit(paras, inner_w, Emu(10**8), ctx.measurer) if paras else None
            needs.append(top + (f.height if f else 0))
            gaps.append(item_gaps(paras))
    height = plan.text.h - 2 * pad
    extra, offset = regions.spread(height, needs, gaps, most_gap(ctx))
    for (side, col, column), paras in zip(sides, bodies, strict=True):
        x = column.x
        cpath = (*path, side)
        shapes.append(rect(ctx, f"{side.title()} panel", column, t.colors.surface, corner=0.04))
        y = Emu(column.y + pad + offset)
        inner_x = Emu(x + pad)
        if col.heading:
            hx = inner_x
            if col.icon:
                ic = ctx.icon(col.icon, ir.Box(inner_x, y, isz, isz), (*cpath, "icon"))
                if ic:
                    shapes.append(ic)
                hx = Emu(inner_x + isz + inches(0.2))
            hbox = ir.Box(hx, y, Emu(inner_x + inner_w - hx), head_h)
            sh, _ = place(
                ctx,
                f"{side.title()} heading",
                [Para(col.heading, ctx.style("primary", hsize, heading=True, bold=True))],
                hbox,
                (*cpath, "heading"),
                anchor="ctr",
                what="the column heading",
            )
            shapes.append(sh)
            y = Emu(y + head_h + inches(0.25))
            shapes.append(
                rect(
                    ctx,
                    f"{side.title()} rule",
                    ir.Box(inner_x, Emu(y - inches(0.12)), inner_w, Emu(pt(1))),
                    t.colors.rule,
                )
            )
        body = ir.Box(inner_x, y, inner_w, Emu(column.bottom - pad - y))
        if not paras:
            continue
        if any(b.icon for b in col.bullets):
            block, _ = icon_rows(ctx, col.bullets, body, cpath, t.sizes.body_min / t.sizes.body)
            shapes.extend(block)
            continue
        sh, _ = place(
            ctx,
            f"{side.title()} text",
            opened(paras, extra / pt(1)),
            body,
            cpath,
            min_scale=t.sizes.body_min / t.sizes.body,
            what=f"the {side} column",
        )
        shapes.append(sh)
    return Laid(shapes, plan.composition)


def _column_headings(
    ctx: Ctx, columns: Sequence[tuple[spec.Column, YamlPath]], width: Emu
) -> tuple[float, Emu]:
    """Return the one size of a two-column slide's headings and the height of their band.

    The size is the largest, from the body size down to the sub-bullet size, at which every
    heading stays on one line beside its icon; a heading that needs two lines even then
    wraps, the band grows to hold it, and that is a located warning (``heading-wrap``).
    """
    t = ctx.theme
    isz = Emu(t.icons.size)

    size, counts = one_line_size(
        ctx,
        [
            (
                col.heading or "",
                Emu(width - (isz + inches(0.2) if col.icon else 0)),
                (*cpath, "heading"),
            )
            for col, cpath in columns
        ],
        lambda size: ctx.style("primary", size, heading=True, bold=True),
        t.sizes.body,
        t.sizes.sub,
        "shorten the heading to a few words; the detail goes into the points",
    )
    line = ctx.measurer.line_height(size, 1.2)
    return size, Emu(max(isz, max(counts) * line))


def quote_slide(ctx: Ctx, s: spec.QuoteSlide, path: YamlPath, number: int) -> Laid:
    """Return a quotation with a large accent quote mark and its attribution."""
    t = ctx.theme
    shapes = chrome(ctx, number, path, title=s.title, icon=None) if s.title else footer(ctx, number)
    area = (
        ctx.content()
        if s.title
        else ir.Box(
            ctx.content().x,
            ctx.title_top(),
            ctx.content().w,
            Emu(ctx.content().bottom - ctx.title_top()),
        )
    )
    mark_w = inches(1.1)
    x = Emu(area.x + mark_w)
    w = Emu(area.w - mark_w - inches(0.8))
    paras = [Para(s.quote, ctx.style("primary", t.sizes.quote, italic=True))]
    if s.attribution:
        paras.append(Para("— " + s.attribution, ctx.style("muted", t.sizes.sub), space_before=18))
    room = ir.Box(x, Emu(area.y + inches(0.6)), w, Emu(area.h - inches(0.8)))
    # Without a title of its own, the quote is the slide's title: it goes into the title
    # placeholder, so the slide is titled for screen readers and the outline.
    quote, fitted = place(
        ctx,
        "Quote",
        paras,
        room,
        (*path, "quote"),
        min_scale=0.6,
        anchor="ctr",
        what="the quote",
        role="body" if s.title else "title",
    )
    # The mark hangs beside the first line of the quote, wherever the centred text starts.
    text_top = room.y + max(0, (room.h - fitted.height) // 2)
    mark_h = inches(1.9)
    mark_box = ir.Box(area.x, Emu(max(area.y, text_top - inches(0.45))), mark_w, Emu(mark_h))
    mark, _ = place(
        ctx,
        "Quote mark",
        [Para("“", ctx.style("accent", 110, heading=True, bold=True))],
        mark_box,
        (*path, "quote"),
        what="the quote mark",
    )
    shapes.extend([mark, quote])
    return Laid(shapes, "quote")


def statement_slide(ctx: Ctx, s: spec.StatementSlide, path: YamlPath, number: int) -> Laid:
    """Return one big claim with its caption and up to four supporting point cards."""
    t = ctx.theme
    shapes = (
        chrome(ctx, number, path, title=s.title, icon=s.icon) if s.title else footer(ctx, number)
    )
    plan = compose.statement_slide(ctx, s)
    assert plan.text is not None
    sh, _ = place(
        ctx,
        "Statement",
        compose.statement_paras(ctx, s),
        plan.text,
        (*path, "statement"),
        min_scale=t.sizes.statement_min / t.sizes.statement,
        anchor="ctr",
        what="the statement",
        role="body" if s.title else "title",  # untitled: the statement titles the slide
    )
    shapes.append(sh)
    if plan.visual is not None:
        shapes.extend(cards(ctx, s.points, plan.visual, (*path, "points"), columns=plan.columns))
    return Laid(shapes, plan.composition)


def qa_paras(ctx: Ctx, items: Sequence[spec.QA], *, roomy: bool = False) -> list[Para]:
    """Return each question (bold, marked 'Q') followed by its answer (marked 'A').

    ``roomy`` (a short part with the area to spare) sets the answers a step up from the
    sub-point size, and the questions at the body size, so they keep their lead."""
    t, g = ctx.theme, ctx.theme.grid
    indent = Emu(g.bullet_indent)
    q_mark = ir.Bullet("Q", t.colors.accent, t.fonts.heading, indent)
    a_mark = ir.Bullet("A", t.colors.muted, t.fonts.heading, indent)
    q_size = t.sizes.body if roomy else t.sizes.body * 0.95
    a_size = (t.sizes.body + t.sizes.sub) / 2 if roomy else t.sizes.sub
    paras: list[Para] = []
    for item in items:
        q_style = ctx.style("primary", q_size, heading=True, bold=True)
        paras.append(
            Para(
                item.q, q_style, bullet=q_mark, margin_left=indent, space_before=g.paragraph_gap * 2
            )
        )
        a_style = ctx.style("text", a_size)
        paras.append(
            Para(
                item.a,
                a_style,
                bullet=a_mark,
                margin_left=indent,
                space_before=g.paragraph_gap * 0.5,
                level=1,
            )
        )
    return paras


def qa_slide(
    ctx: Ctx, s: spec.QASlide, path: YamlPath, number: int, *, title: str | None = None
) -> Laid:
    """Return questions and answers under the slide title."""
    t = ctx.theme
    shapes = chrome(ctx, number, path, title=title or s.title, icon=s.icon)
    area = ctx.content()

    def need(paras: Sequence[Para]) -> int:
        return fit(paras, area.w, area.h, ctx.measurer, line_spacing=t.grid.line_spacing).height

    paras = qa_paras(ctx, s.items)
    short = need(paras) < area.h * 2 / 3
    if short:
        # A short part takes the room it has: larger answers while they leave a quarter
        # of the area free, the gaps between pairs opened (up to most of a line), and
        # what is left centred.
        roomy = qa_paras(ctx, s.items, roomy=True)
        if need(roomy) < area.h * 3 / 4:
            paras = roomy
        paras = spread_paras(ctx, paras, area.w, area.h)
    sh, _ = place(
        ctx,
        "Questions and answers",
        paras,
        area,
        (*path, "items"),
        min_scale=t.sizes.body_min / t.sizes.body,
        # A short part is centred on the area rather than leaving its bottom half empty.
        anchor="ctr" if short else "t",
        what="the questions and answers",
    )
    shapes.append(sh)
    return Laid(shapes, "qa")


def question_slide(ctx: Ctx, s: spec.QuestionSlide, path: YamlPath, number: int) -> Laid:
    """Return the closing question in a panel with a large icon."""
    t = ctx.theme
    shapes = chrome(ctx, number, path, title=s.title, icon=None)
    area = ctx.content()
    shapes.append(rect(ctx, "Question panel", area, t.colors.surface, corner=0.03))
    shapes.append(
        rect(ctx, "Question accent", ir.Box(area.x, area.y, Emu(pt(6)), area.h), t.colors.accent)
    )
    pad = inches(0.55)
    isz = inches(1.3)
    ic = ctx.icon(
        s.icon or "message-circle-question-mark",
        ir.Box(Emu(area.x + pad), Emu(area.y + (area.h - isz) // 2), Emu(isz), Emu(isz)),
        (*path, "icon"),
    )
    if ic:
        shapes.append(ic)
    x = Emu(area.x + pad + isz + inches(0.5))
    box = ir.Box(x, Emu(area.y + pad), Emu(area.right - pad - x), Emu(area.h - 2 * pad))
    sh, _ = place(
        ctx,
        "Question",
        [Para(s.question, ctx.style("primary", t.sizes.question, heading=True))],
        box,
        (*path, "question"),
        min_scale=0.65,
        anchor="ctr",
        what="the question",
    )
    shapes.append(sh)
    return Laid(shapes, "question")
