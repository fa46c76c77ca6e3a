"""Compositions: how a slide's content area is split between its text and its visual.

A composition is chosen by measuring the content (or pinned by the author with
``placement:``); it returns the region each part is laid out in, and its name is recorded
in the IR so lint and readers can see which one each slide got. Whitespace is the
composition's choice: text that needs much less than its region is centred on it, never
left hanging at the top with the bottom of the slide empty.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import msgspec

from deckgen import ir, spec
from deckgen.diagnostics import YamlPath
from deckgen.layout import bullets, cards, regions, stat, table, visuals
from deckgen.layout.context import Ctx
from deckgen.layout.text import Fitted, Para, fit
from deckgen.units import Emu, inches

#: Every composition a bullets slide can get (``placement:`` names one to pin it).
COMPOSITIONS: dict[str, str] = {
    "text": "the bullets alone, filling the content area",
    "cards": "parallel short points with icons as a grid of cards (2×1, 3×1, 2×2, 3×2)",
    "columns": "many one-line bullets in two or three columns",
    "visual": "the visual alone, filling the content area",
    "lead-visual": "one lead line over a full-width visual",
    "text-visual": "text on the left, the visual on the right",
    "visual-text": "the visual on the left, text on the right",
    "text-over-visual": "text over a full-width visual",
    "hero": "a big number beside the text, sized to what it holds",
    "hero-chart": "a big number with its text and a small supporting chart or comparison",
}

#: ``placement:`` values kept from before compositions had names.
ALIASES = {"right": "text-visual", "left": "visual-text", "below": "text-over-visual"}

#: Visuals that read left to right and want the full width.
WIDE_DIAGRAMS = ("flow", "timeline", "comparison")

#: The share of the content width a stat's supporting chart or comparison takes beside
#: the number and its text (and the least share of the height it takes under the text):
#: it supports the number, it does not compete with it.
SUPPORT_SHARE = 0.42


class Regions(msgspec.Struct, frozen=True):
    """Where a slide's parts go: its composition's name and the box of each part.

    ``columns`` is the card grid's or text's number of columns; ``anchor`` is where the
    text sits in its region when it needs less than the region's height. ``number`` is the
    stat's box when the stat is not the slide's only visual (``hero-chart``): ``visual``
    then holds the supporting chart or comparison. ``block`` says the text and the visual
    under it read as one block: the visual moves up under the text, the block is centred.
    """

    composition: str
    text: ir.Box | None = None
    visual: ir.Box | None = None
    number: ir.Box | None = None
    block: bool = False
    columns: int = 1
    anchor: str = "t"


def card_grid(n: int) -> tuple[int, int]:
    """Return the (columns, rows) of a grid of ``n`` cards: 2×1, 3×1, 2×2, 3×2."""
    cols = {1: 1, 2: 2, 3: 3, 4: 2}.get(n, 3)
    return cols, -(-n // cols)


def _short_points(ctx: Ctx, items: Sequence[spec.Bullet], width: int) -> bool:
    """Return True when every bullet is a short point with an icon and no sub-bullets, that
    a card ``width`` wide holds in at most three lines."""
    if not 2 <= len(items) <= 6 or any(b.bullets or not b.icon for b in items):
        return False
    t = ctx.theme
    inner = width - 2 * cards.PAD_TALL - cards.BAR
    style = ctx.style("text", t.sizes.body)
    for b in items:
        f = bullets.measure_points(ctx, [b.text], style, inner)
        if f > 3:
            return False
    return True


def _wide(ctx: Ctx, s: spec.BulletsSlide, area: ir.Box) -> bool:
    """Return True when the visual reads best across the whole width."""
    if s.diagram is not None:
        return s.diagram.kind in WIDE_DIAGRAMS
    if s.equation is not None:
        return True
    if s.table is not None:
        return table.natural_width(ctx, s.table) > area.w * 0.55
    return False


def _misfit(s: spec.BulletsSlide, pinned: str) -> str | None:
    """Return why the pinned composition cannot show this slide's content, or None."""
    kind = visuals.kind_of(s)
    support = visuals.support_of(s)
    if pinned == "hero-chart" and support is None:
        has = "only a stat" if s.stat is not None else f"a {kind}" if kind else "no visual"
        return (
            f"placement 'hero-chart' needs a stat and a chart or comparison diagram, "
            f"but the slide has {has}"
        )
    if support is not None and pinned not in ("auto", "hero-chart"):
        return (
            f"placement '{s.placement}' shows one visual, but the slide has a stat and a "
            f"{support}: 'hero-chart' shows both"
        )
    if pinned in ("text", "cards", "columns") and kind is not None:
        return f"placement '{pinned}' shows bullets only, but the slide has a {kind}"
    if pinned not in ("auto", "text", "cards", "columns") and kind is None:
        return f"placement '{pinned}' needs a visual, but the slide has none"
    if pinned == "visual" and s.bullets:
        return "placement 'visual' shows the visual alone, but the slide has bullets"
    if pinned == "hero" and s.stat is None:
        return f"placement 'hero' needs a stat, but the slide has a {kind}"
    if pinned == "cards" and not 2 <= len(s.bullets) <= 6:
        return f"placement 'cards' takes 2 to 6 points, but the slide has {len(s.bullets)}"
    if pinned == "lead-visual" and len(s.bullets) != 1:
        return f"placement 'lead-visual' takes one lead line, but the slide has {len(s.bullets)}"
    return None


def bullets_slide(
    ctx: Ctx, s: spec.BulletsSlide, previous: str | None = None, path: YamlPath | None = None
) -> Regions:
    """Return the composition and regions of a bullets slide.

    ``previous`` is the composition of the slide before it: two side-by-side slides in a
    row mirror each other rather than repeat one split. A pinned composition that cannot
    show the slide's content is a located error at ``path`` (when given), and the slide is
    composed as if nothing were pinned.
    """
    g = ctx.theme.grid
    area = ctx.content()
    pinned = ALIASES.get(s.placement, s.placement)
    why = _misfit(s, pinned)
    if why is not None:
        if path is not None:
            ctx.error(why, (*path, "placement"), hint="remove 'placement:' to let layout choose")
        pinned = "auto"
    has_visual = visuals.kind_of(s) is not None
    if not has_visual:
        if not s.bullets:
            return Regions("text", text=area)
        cols, _rows = card_grid(len(s.bullets))
        card_w = (area.w - (cols - 1) * g.gutter) // cols
        if pinned == "cards" or (pinned == "auto" and _short_points(ctx, s.bullets, card_w)):
            return Regions("cards", text=area, columns=cols)
        n = _columns(ctx, s.bullets, area) if pinned in ("auto", "columns") else 0
        if n or pinned == "columns":
            return Regions("columns", text=area, columns=n or 2)
        return Regions("text", text=area, anchor=_anchor(ctx, s.bullets, area))
    if visuals.support_of(s) is not None and pinned in ("auto", "hero-chart"):
        return _hero_chart(ctx, s, area)
    if not s.bullets:
        return Regions("visual", visual=area)
    choice = pinned
    if pinned == "text-visual" and s.placement == "right" and s.stat is not None:
        choice = "hero"  # a big number on the right is what a hero composition is
    if choice == "auto":
        if s.stat is not None:
            choice = "hero"
        elif _wide(ctx, s, area):
            lead = len(s.bullets) == 1 and not s.bullets[0].bullets and not s.bullets[0].icon
            over = bullets.measure(ctx, s.bullets, area.w, area.h)
            # Text over the visual only while it leaves the visual most of the area.
            if lead and over.height <= area.h * 0.25:
                choice = "lead-visual"
            elif over.height <= area.h * 0.45 and over.scale >= 0.999:
                choice = "text-over-visual"
            else:
                choice = "text-visual"
            if choice != "text-visual" and not _visual_fits(ctx, s, _over(ctx, s, area, choice)):
                # A shorter content area (a 4:3 template, say) leaves the full-width visual
                # too little height under the text: beside the text it gets the whole height.
                choice = "text-visual"
        else:
            choice = "text-visual"
        if choice == "text-visual" and previous == "text-visual":
            choice = "visual-text"
    if choice in ("lead-visual", "text-over-visual"):
        return _over(ctx, s, area, choice)
    if choice == "hero":
        return _hero(ctx, s, area)
    return _side(ctx, s, area, choice)


def _anchor(ctx: Ctx, items: Sequence[spec.Bullet], box: ir.Box, fill: float = 2 / 3) -> str:
    """Return 'ctr' when the text fills less than ``fill`` of ``box`` (it is then centred
    on the region, so the slide's bottom is not left empty), else 't'."""
    need = bullets.measure(ctx, items, box.w, box.h).height
    return "ctr" if need < box.h * fill else "t"


def _columns(ctx: Ctx, items: Sequence[spec.Bullet], area: ir.Box) -> int:
    """Return 3 or 2 for seven or more one-line bullets without sub-bullets (a single column
    of them leaves most of the slide empty): the most columns, up to three, in which every
    bullet keeps to one line and the longest column fits; else 0."""
    if len(items) < 7 or any(b.bullets or b.icon for b in items):
        return 0
    gutter = ctx.theme.grid.gutter
    for n in (3, 2) if len(items) >= 10 else (2,):
        width = (area.w - gutter * (n - 1)) // n
        longest = items[: -(-len(items) // n)]
        column = bullets.measure(ctx, longest, width, area.h)
        wrapped = bullets.measure(ctx, items, width, 10**9).frame.paragraphs
        # Two columns allow a couple of two-line bullets; three columns none.
        slack = 2 if n == 2 else 0
        one_line = sum(p.lines for p in wrapped) <= len(items) + slack
        if column.scale >= 0.999 and column.overflow == 0 and one_line:
            return n
    return 0


def _visual_fits(ctx: Ctx, s: spec.BulletsSlide, parts: Regions) -> bool:
    """Return True when the slide's visual (the stat's support, when the slide has a
    ``number``) fits its region in ``parts`` (laid out on a scratch copy of the context,
    so nothing of the trial is recorded)."""
    assert parts.visual is not None
    scratch = dataclasses.replace(ctx, diagnostics=[])
    if parts.number is not None:
        visuals.support(scratch, s, (), parts.visual)
    else:
        visuals.visual(scratch, s, (), parts.visual)
    return not any(d.rule == "overflow" for d in scratch.diagnostics)


def _over(ctx: Ctx, s: spec.BulletsSlide, area: ir.Box, choice: str) -> Regions:
    """Return text over a full-width visual: the text takes what it needs, at most half."""
    g = ctx.theme.grid
    top = ir.Box(area.x, area.y, area.w, Emu(round(area.h * 0.5)))
    used = bullets.measure(ctx, s.bullets, top.w, top.h).height
    text, vis = regions.rows(area, used, g.gutter)
    # The text box keeps half the gutter below the measured lines: inline maths draws a
    # little taller than the line height it was measured with.
    text = ir.Box(text.x, text.y, text.w, Emu(used + g.gutter // 2))
    return Regions(choice, text=text, visual=vis, block=True)


def _side(ctx: Ctx, s: spec.BulletsSlide, area: ir.Box, choice: str) -> Regions:
    """Return text and visual side by side; the text column is as wide as its bullets need
    (40, 50 or 58 % of the width), the visual takes the rest."""
    g = ctx.theme.grid
    share = 0.58
    trials = [0.4, 0.5]
    # A table's columns want their one-line width (with the measurer's safety margin, which
    # the table wraps its cells with): the text gives way to it first.
    slack = 1 + ctx.measurer.safety
    span = area.w - g.gutter

    def table_share(tb: spec.Table, size: float) -> float:
        return max(0.4, min(0.58, 1 - table.natural_width(ctx, tb, size) * slack / span))

    if s.table is not None:
        trials = [table_share(s.table, ctx.theme.sizes.table), *trials]
    for trial in trials:
        w = round(span * trial)
        f = bullets.measure(ctx, s.bullets, w, area.h)
        if f.scale >= 0.999 and f.height <= area.h * 0.8:
            share = trial
            break
    if s.table is not None:
        # The table may take more, to grow toward the theme's largest table type, as long
        # as the bullets keep their size and every bullet its line count.
        # Rows with icons are measured as one block without line counts: they keep the
        # width they were given.
        kept = _lines(bullets.measure(ctx, s.bullets, round(span * share), area.h))
        size = ctx.theme.sizes.table_max
        while kept and size > ctx.theme.sizes.table:
            trial = table_share(s.table, size)
            if trial < share:
                f = bullets.measure(ctx, s.bullets, round(span * trial), area.h)
                if f.scale >= 0.999 and f.height <= area.h * 0.8 and _lines(f) == kept:
                    share = trial
                    break
            size -= 1
    text_w = round((area.w - g.gutter) * share)
    if choice == "text-visual":
        text, vis = regions.columns(area, text_w, g.gutter)
    else:
        vis, text = regions.columns(area, area.w - text_w - g.gutter, g.gutter)
    # Beside a visual centred in its column, the text is centred too unless it fills its own.
    return Regions(choice, text=text, visual=vis, anchor=_anchor(ctx, s.bullets, text, 0.9))


def _lines(f: Fitted) -> tuple[int, ...]:
    """Return the line count of every paragraph of a measured text."""
    return tuple(p.lines for p in f.frame.paragraphs)


def _hero(ctx: Ctx, s: spec.BulletsSlide, area: ir.Box) -> Regions:
    """Return a big number beside the text: the number's panel as wide as it needs."""
    g = ctx.theme.grid
    assert s.stat is not None
    need = stat.natural_width(ctx, s.stat)
    vis_w = min(max(need, inches(3.4)), round((area.w - g.gutter) * 0.5))
    text, vis = regions.columns(area, area.w - vis_w - g.gutter, g.gutter)
    return Regions("hero", text=text, visual=vis, anchor=_anchor(ctx, s.bullets, text, 0.9))


def _hero_chart(ctx: Ctx, s: spec.BulletsSlide, area: ir.Box) -> Regions:
    """Return a big number, its text and a small supporting chart or comparison.

    The arrangement is measured. A chart goes on the right (``SUPPORT_SHARE`` of the
    width) beside the number's panel over the text, when the text fits under the panel at
    full size; the left block is centred on the area and the chart is as tall as it, so
    both columns share a top and a bottom line. Otherwise (a tall panel with an earlier
    value over the value, longer text, or a comparison, which reads left to right and
    wants the width) the panel stands alone in a column as wide as it needs, and the text
    and the support under it are centred together as one block on the right. Without
    bullets the number stands beside the support.
    """
    g = ctx.theme.grid
    assert s.stat is not None
    panel_w, panel_h = stat.panel_size(ctx, s.stat)
    support_w = round((area.w - g.gutter) * SUPPORT_SHARE)
    left_w = area.w - support_w - g.gutter
    if not s.bullets:
        number, vis = regions.columns(area, min(panel_w, left_w), g.gutter)
        return Regions("hero-chart", visual=vis, number=number)
    room = Emu(area.h - panel_h - g.gutter)
    if s.chart is not None and panel_w <= left_w and room > 0:
        f = bullets.measure(ctx, s.bullets, left_w, room)
        if f.scale >= 0.999 and f.overflow == 0:
            # The text box keeps half a gutter below its measured lines, as in _over.
            text_h = f.height + g.gutter // 2
            used = panel_h + g.gutter + text_h
            top = Emu(area.y + (area.h - used) // 2)
            number = ir.Box(area.x, top, panel_w, panel_h)
            text = ir.Box(area.x, Emu(top + panel_h + g.gutter), Emu(left_w), Emu(text_h))
            vis = ir.Box(Emu(area.right - support_w), top, Emu(support_w), Emu(used))
            return Regions("hero-chart", text=text, visual=vis, number=number)
    number_w = min(panel_w, round((area.w - g.gutter) * 0.4))
    number, right = regions.columns(area, number_w, g.gutter)
    # The text takes what it needs, at most half the height; the support under it is as
    # tall as the panel leaves it (at least SUPPORT_SHARE of the height), so the block
    # and the panel share a top and a bottom line when the panel is the taller.
    used = bullets.measure(ctx, s.bullets, right.w, Emu(area.h // 2)).height
    text, vis = regions.rows(right, used, g.gutter)
    text = ir.Box(text.x, text.y, text.w, Emu(used + g.gutter // 2))
    support_h = max(panel_h - used - g.gutter, round(area.h * SUPPORT_SHARE))
    parts = Regions("hero-chart", text=text, visual=vis, number=number, block=True)
    modest = msgspec.structs.replace(parts, visual=ir.Box(vis.x, vis.y, vis.w, Emu(support_h)))
    # On a short content area (a 4:3 template) the support may need all the height left.
    return modest if support_h < vis.h and _visual_fits(ctx, s, modest) else parts


def statement_paras(ctx: Ctx, s: spec.StatementSlide) -> list[Para]:
    """Return a statement slide's claim and its caption as paragraphs."""
    t = ctx.theme
    paras = [Para(s.statement, ctx.style("primary", t.sizes.statement, heading=True, bold=True))]
    if s.caption:
        paras.append(
            Para(
                s.caption,
                ctx.style("muted", t.sizes.subtitle),
                space_before=14,
                min_size=t.sizes.sub,
            )
        )
    return paras


def statement_slide(ctx: Ctx, s: spec.StatementSlide) -> Regions:
    """Return the regions of a statement slide: the claim and its cards, each sized to what
    it holds and centred together on the content area, so the space left over goes above
    and below them rather than between them. Four points whose text would stack four
    lines deep in a row of four, or leave a card with one word alone on its last line
    (which no re-break of so narrow a card avoids), go 2 × 2."""
    t, g = ctx.theme, ctx.theme.grid
    area = ctx.content()
    cols = len(s.points)
    cards_h_max = inches(2.2)
    if cols == 4 and (
        cards.text_lines(ctx, s.points, area.w, cols) > 3
        or cards.orphaned(ctx, s.points, area.w, cols)
    ):
        cols, cards_h_max = 2, inches(2.6)
    probe = ir.Box(area.x, area.y, area.w, Emu(cards_h_max))
    cards_h = cards.grid_height(ctx, s.points, probe, columns=cols) if s.points else 0
    room = Emu(area.h - cards_h - (g.gutter if s.points else 0))
    need = fit(
        statement_paras(ctx, s),
        area.w,
        room,
        ctx.measurer,
        min_scale=t.sizes.statement_min / t.sizes.statement,
        line_spacing=g.line_spacing,
    ).height
    gap = inches(0.5) if s.points else 0
    top = area.y + max(0, area.h - need - gap - cards_h) // 2
    text = ir.Box(area.x, Emu(top), area.w, Emu(min(room, need)))
    if not s.points:
        return Regions("statement", text=text)
    y = text.bottom + gap
    return Regions(
        "statement",
        text=text,
        visual=ir.Box(area.x, Emu(y), area.w, Emu(cards_h_max)),
        columns=cols,
    )


def two_column_slide(ctx: Ctx) -> Regions:
    """Return the two equal columns of a two-column slide (left as ``text``, right as
    ``visual``), each the content area's full height: the panels fill them."""
    area = ctx.content()
    gutter = ctx.theme.grid.gutter
    left, right = regions.columns(area, (area.w - gutter) // 2, gutter)
    return Regions("columns-2", text=left, visual=right, columns=2)
