"""Comparison: two or three columns, each a header band over a panel of items.

Colour carries meaning, never position: a column's ``tone`` (or a label such as
"Chosen" / "Rejected") colours its header in the theme's positive, negative, neutral or
highlight role, with a ✓ or ✗ icon and item marks to match. Headings share one size, the
largest at which every heading stays on one line; header and panel together are exactly as
tall as the region, so a comparison never floats in a band of empty space.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import NamedTuple

from msgspec.structs import replace

from deckgen import ir, spec
from deckgen.diagnostics import YamlPath
from deckgen.layout.context import Ctx
from deckgen.layout.shapes import Shapes, one_line_size, rect, text_in
from deckgen.layout.text import Para, fit
from deckgen.units import Emu, inches, pt

_POSITIVE = re.compile(r"^(✓|✔|chosen|preferred|winner|pros?\b|good|correct|do\b|yes\b)", re.I)
_NEGATIVE = re.compile(r"^(✗|✘|rejected|loser|cons?\b|bad|wrong|don'?t\b|no\b)", re.I)

#: The header band's icon, the space after it, and the heading's room before and after.
ICON, ICON_GAP = Emu(inches(0.4)), Emu(inches(0.15))
HEAD_PAD, HEAD_END = Emu(inches(0.2)), Emu(inches(0.1))
#: The least space between two rows of items, in points.
ITEM_GAP = 8
#: The least space between two rows, in item sizes, that a hairline is drawn in.
RULE_AIR = 0.8

#: Header fill role and default icon for each tone.
TONES: dict[str, tuple[str, str | None]] = {
    "positive": ("positive", "circle-check"),
    "negative": ("negative", "circle-x"),
    "neutral": ("muted", None),
    "highlight": ("highlight", None),
}


def tone_of(node: spec.Node) -> str | None:
    """Return the node's tone: as written, else read from its label, else None."""
    if node.tone is not None:
        return node.tone
    if _POSITIVE.match(node.label.strip()):
        return "positive"
    if _NEGATIVE.match(node.label.strip()):
        return "negative"
    return "highlight" if node.emphasis else None


def comparison(ctx: Ctx, d: spec.Diagram, path: YamlPath, box: ir.Box) -> Shapes:
    """Return two or three columns, each a header band over a panel, together exactly as
    tall as ``box``.

    The items are rows read across the columns: the n-th item of every column starts on
    one level, the rows share the panel's height evenly (each row's items centred in its
    share) and a hairline parts one row from the next, so a short list uses the panel
    rather than leaving most of it empty.
    """
    t = ctx.theme
    n = len(d.nodes)
    gap = inches(0.35)
    w = Emu((box.w - gap * (n - 1)) // n)
    # A short region (under a few lines of text) gets a slimmer header band and padding,
    # so that its items keep their size rather than shrink.
    pad = min(inches(0.22), round(box.h * 0.07))
    tones = [tone_of(col) for col in d.nodes]
    icons = [
        col.icon or (TONES[tn][1] if tn else None) for col, tn in zip(d.nodes, tones, strict=True)
    ]
    size, head_h = heading_size(ctx, d, path, w, icons, Emu(min(inches(0.7), box.h * 0.16)))
    shapes: Shapes = []
    panel_h = Emu(box.h - head_h)
    room = Emu(panel_h - 2 * pad)
    inner = Emu(w - 2 * pad)
    # The items are set as large as the panel allows (body size at most, one size for every
    # column), growing only while no item wraps onto more lines than at the standard size.
    base = _rows(ctx, d.nodes, tones, t.sizes.sub, inner, room)
    item_size = t.sizes.body
    while True:
        rows = _rows(ctx, d.nodes, tones, item_size, inner, room)
        if (rows.fits and rows.lines <= base.lines) or item_size <= t.sizes.sub:
            break
        item_size -= 1
    for i, col in enumerate(d.nodes):
        x = box.x + i * (w + gap)
        cpath = (*path, "nodes", i)
        fill_role = TONES[tones[i]][0] if tones[i] else "primary"
        shapes.append(
            rect(
                ctx,
                "Column header",
                ir.Box(Emu(x), box.y, w, head_h),
                t.color(fill_role),
            )
        )
        hx = x + HEAD_PAD
        if icons[i]:
            ic = ctx.icon(
                icons[i],  # type: ignore[arg-type]
                ir.Box(Emu(hx), Emu(box.y + (head_h - ICON) // 2), ICON, ICON),
                (*cpath, "icon"),
                role="on_primary",
            )
            if ic:
                shapes.append(ic)
            hx += ICON + ICON_GAP
        sh, _ = text_in(
            ctx,
            "Column heading",
            [Para(col.label, ctx.style("on_primary", size, bold=True))],
            ir.Box(Emu(hx), box.y, Emu(x + w - hx - HEAD_END), head_h),
            (*cpath, "label"),
            anchor="ctr",
            what="the column heading",
        )
        shapes.append(sh)
        panel = ir.Box(Emu(x), Emu(box.y + head_h), w, panel_h)
        sh, _ = text_in(
            ctx,
            "Column items",
            rows.columns[i],
            panel,
            (*cpath, "items"),
            min_scale=t.sizes.diagram_min / item_size,
            what="the column",
            fill=t.colors.surface,
            insets=(pad, pad, Emu(pad + rows.tops[i]), pad),
        )
        shapes.append(sh)
        for y in rows.rules[: max(0, len(col.items) - 1)]:
            line = ir.Box(Emu(x + pad), Emu(panel.y + pad + y), inner, Emu(pt(0.75)))
            shapes.append(rect(ctx, "Row rule", line, t.colors.rule))
    return shapes


class Rows(NamedTuple):
    """The columns' items set as rows: each column's paragraphs (their spacing placing
    every item on its row), the top of each column's first paragraph and the levels of the
    hairlines between rows, both from the top of the panel's text area; the number of lines
    set, and whether the rows fit the panel with at least the standard gap between them.
    ``rules`` is empty when the rows stand too close for a hairline between them."""

    columns: list[list[Para]]
    tops: list[int]
    rules: list[int]
    lines: int
    fits: bool


def _rows(
    ctx: Ctx,
    nodes: Sequence[spec.Node],
    tones: Sequence[str | None],
    size: float,
    width: Emu,
    room: Emu,
) -> Rows:
    """Return the columns' items at ``size`` set as rows sharing ``room`` evenly."""

    def height(p: Para) -> tuple[int, int]:
        f = fit([p], width, Emu(10**8), ctx.measurer)
        return f.height, sum(q.lines for q in f.frame.paragraphs)

    caps = [_caption(ctx, col, size) for col in nodes]
    items = [_items(ctx, col, tn, size) for col, tn in zip(nodes, tones, strict=True)]
    cap_hs = [height(c) if c else (0, 0) for c in caps]
    item_hs = [[height(p) for p in col] for col in items]
    gap = pt(ITEM_GAP)
    # Captions sit under the header, one level for all; the rows share what is left.
    cap_h = max(h for h, _ in cap_hs)
    start = cap_h + gap if cap_h else 0
    count = max(len(col) for col in items)
    row_h = [max((hs[j][0] for hs in item_hs if j < len(hs)), default=0) for j in range(count)]
    share = (room - start - sum(row_h)) // count if count else 0
    fits = share >= gap
    share = max(share, gap)
    tops_of_rows: list[int] = []
    y = start
    for h in row_h:
        tops_of_rows.append(y + share // 2)
        y += h + share
    # A hairline needs air on both sides: between rows closer than most of a line it
    # would crowd the text, and the rows read as a plain list instead.
    ruled = share >= pt(size * RULE_AIR)
    rules = [tops_of_rows[j] + row_h[j] + share // 2 for j in range(count - 1)] if ruled else []
    columns: list[list[Para]] = []
    tops: list[int] = []
    for cap, (ch, _), col, hs in zip(caps, cap_hs, items, item_hs, strict=True):
        paras: list[Para] = []
        end = 0
        if cap:
            paras.append(cap)
            end = ch
        for j, (p, (h, _)) in enumerate(zip(col, hs, strict=True)):
            paras.append(replace(p, space_before=(tops_of_rows[j] - end) / pt(1)))
            end = tops_of_rows[j] + h
        # The first paragraph's own spacing is not drawn: its level is the text's top inset.
        top = 0 if cap or not col else tops_of_rows[0]
        columns.append(paras or [Para("", ctx.style())])
        tops.append(top)
    lines = sum(n for _, n in cap_hs) + sum(n for hs in item_hs for _, n in hs)
    return Rows(columns, tops, rules, lines, fits)


def heading_size(
    ctx: Ctx, d: spec.Diagram, path: YamlPath, w: int, icons: list[str | None], least: Emu
) -> tuple[float, Emu]:
    """Return the one size of every column heading and the height of their header bands
    (at least ``least``, else as tall as the headings need with some air).

    The size is the largest, from 0.9 x the body size down to the caption size, at which
    every heading is set on one line; a heading that needs two even at the caption size
    wraps, and that is a located warning (rule ``heading-wrap``).
    """
    t = ctx.theme
    widths = [Emu(w - HEAD_PAD - HEAD_END - (ICON + ICON_GAP if icon else 0)) for icon in icons]

    size, counts = one_line_size(
        ctx,
        [
            (col.label, width, (*path, "nodes", i, "label"))
            for i, (col, width) in enumerate(zip(d.nodes, widths, strict=True))
        ],
        lambda size: ctx.style("on_primary", size, bold=True),
        math.floor(t.sizes.body * 0.9 * 2) / 2,
        t.sizes.caption,
        "shorten the heading to a few words; the detail goes into the items",
    )
    line = ctx.measurer.line_height(size, 1.2)
    return size, Emu(max(least, max(counts) * line + inches(0.24)))


def _caption(ctx: Ctx, col: spec.Node, size: float) -> Para | None:
    """Return a column's caption to set over items of ``size``, or None."""
    t = ctx.theme
    if not col.caption:
        return None
    cap = max(t.sizes.caption, round(size * t.sizes.caption / t.sizes.sub))
    return Para(col.caption, ctx.style("muted", cap, italic=True))


def _items(ctx: Ctx, col: spec.Node, tone: str | None, size: float) -> list[Para]:
    """Return a column's items at ``size``, marked ✓ or ✗ by its tone."""
    t = ctx.theme
    mark_char, mark_role = t.bullet_char, "accent"
    if tone == "positive":
        mark_char, mark_role = "✓", "positive"
    elif tone == "negative":
        mark_char, mark_role = "✗", "negative"
    indent = Emu(round(inches(0.28) * size / t.sizes.sub))
    mark = ir.Bullet(mark_char, t.color(mark_role), t.fonts.body, indent)
    return [Para(it, ctx.style("text", size), bullet=mark, margin_left=indent) for it in col.items]
