"""Comparison: two or three columns, each a header band over a panel of items.

Colour carries meaning, never position: a column's ``tone`` (or a label such as
"Chosen" / "Rejected") colours its header in the theme's positive, negative, neutral or
highlight role, with a ✓ or ✗ icon and item marks to match. Headings share one size, the
largest at which every heading stays on one line; panels run to the bottom of the region.
"""

from __future__ import annotations

import re

from deckgen import ir, spec
from deckgen.diagnostics import YamlPath
from deckgen.layout.context import Ctx
from deckgen.layout.shapes import Shapes, rect, text_in
from deckgen.layout.text import Para, fit, single_line_width
from deckgen.units import Emu, inches

_POSITIVE = re.compile(r"^(✓|✔|chosen|preferred|winner|pros?\b|good|correct|do\b|yes\b)", re.I)
_NEGATIVE = re.compile(r"^(✗|✘|rejected|loser|cons?\b|bad|wrong|don'?t\b|no\b)", re.I)

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
    """Return two or three columns, each a header band over a panel that runs to the
    bottom of ``box``."""
    t = ctx.theme
    n = len(d.nodes)
    gap = inches(0.35)
    w = (box.w - gap * (n - 1)) // n
    pad = inches(0.22)
    isz = inches(0.4)
    tones = [tone_of(col) for col in d.nodes]
    icons = [
        col.icon or (TONES[tn][1] if tn else None) for col, tn in zip(d.nodes, tones, strict=True)
    ]
    # One heading size for every column: the largest at which each heading fits one line.
    full = t.sizes.body * 0.9
    size = full
    for col, icon in zip(d.nodes, icons, strict=True):
        room = w - inches(0.3) - (isz + inches(0.15) if icon else 0)
        style = ctx.style("on_primary", full, bold=True)
        need = single_line_width(col.label, style, ctx.measurer)
        if need > room:
            size = min(size, max(full * 0.7, full * room / need))
    size = round(size * 2) / 2
    heads = [
        fit(
            [Para(col.label, ctx.style("on_primary", size, bold=True))],
            Emu(w - inches(0.3) - (isz + inches(0.15) if icon else 0)),
            Emu(10**8),
            ctx.measurer,
        ).height
        for col, icon in zip(d.nodes, icons, strict=True)
    ]
    head_h = Emu(max(inches(0.7), max(heads) + inches(0.24)))
    shapes: Shapes = []
    # The items are set as large as the area allows (body size at most, one size for
    # every column) and the panels are as tall as the fullest column then needs.
    room = Emu(box.h - head_h - 2 * pad)
    inner = Emu(w - 2 * pad)

    def lines(size: float) -> tuple[int, int, list[list[Para]]]:
        cols = [_items(ctx, col, tn, size) for col, tn in zip(d.nodes, tones, strict=True)]
        fitted = [fit(p, inner, Emu(10**8), ctx.measurer) for p in cols]
        count = sum(p.lines for f in fitted for p in f.frame.paragraphs)
        return count, max(f.height for f in fitted), cols

    # Grow only while no item wraps onto more lines than at the standard size.
    base, _, _ = lines(t.sizes.sub)
    item_size = t.sizes.body
    while True:
        count, need, columns = lines(item_size)
        if (need <= room and count <= base) or item_size <= t.sizes.sub:
            break
        item_size -= 1
    panel_h = Emu(min(box.h - head_h, max(need + 2 * pad, inches(1.6))))
    for i, col in enumerate(d.nodes):
        x = box.x + i * (w + gap)
        cpath = (*path, "nodes", i)
        fill_role = TONES[tones[i]][0] if tones[i] else "primary"
        shapes.append(
            rect(
                ctx,
                "Column header",
                ir.Box(Emu(x), box.y, Emu(w), head_h),
                t.color(fill_role),
            )
        )
        hx = x + inches(0.2)
        if icons[i]:
            ic = ctx.icon(
                icons[i],  # type: ignore[arg-type]
                ir.Box(Emu(hx), Emu(box.y + (head_h - isz) // 2), Emu(isz), Emu(isz)),
                (*cpath, "icon"),
                role="on_primary",
            )
            if ic:
                shapes.append(ic)
            hx += isz + inches(0.15)
        sh, _ = text_in(
            ctx,
            "Column heading",
            [Para(col.label, ctx.style("on_primary", size, bold=True))],
            ir.Box(Emu(hx), box.y, Emu(x + w - hx - inches(0.1)), head_h),
            (*cpath, "label"),
            min_scale=0.7,
            anchor="ctr",
            what="the column heading",
        )
        shapes.append(sh)
        sh, _ = text_in(
            ctx,
            "Column items",
            columns[i],
            ir.Box(Emu(x), Emu(box.y + head_h), Emu(w), panel_h),
            (*cpath, "items"),
            min_scale=t.sizes.diagram_min / item_size,
            what="the column",
            fill=t.colors.surface,
            insets=pad,
        )
        shapes.append(sh)
    return shapes


def _items(ctx: Ctx, col: spec.Node, tone: str | None, size: float) -> list[Para]:
    """Return a column's caption and items at ``size``, marked ✓ or ✗ by its tone."""
    t = ctx.theme
    mark_char, mark_role = t.bullet_char, "accent"
    if tone == "positive":
        mark_char, mark_role = "✓", "positive"
    elif tone == "negative":
        mark_char, mark_role = "✗", "negative"
    indent = Emu(round(inches(0.28) * size / t.sizes.sub))
    mark = ir.Bullet(mark_char, t.color(mark_role), t.fonts.body, indent)
    paras = [
        Para(it, ctx.style("text", size), bullet=mark, margin_left=indent, space_before=8)
        for it in col.items
    ]
    if col.caption:
        cap = max(t.sizes.caption, round(size * t.sizes.caption / t.sizes.sub))
        paras.insert(0, Para(col.caption, ctx.style("muted", cap, italic=True)))
    return paras or [Para("", ctx.style())]
