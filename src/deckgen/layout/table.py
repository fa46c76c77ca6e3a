"""Tables: a header row and zebra rows, column widths from measured content."""

from __future__ import annotations

from deckgen import ir, markup, spec
from deckgen.diagnostics import YamlPath
from deckgen.layout.context import Ctx
from deckgen.layout.shapes import Shapes
from deckgen.layout.text import Fitted, Para, fit, single_line_width, stable_lines
from deckgen.units import Emu, inches


def _is_number(text: str) -> bool:
    cleaned = (
        markup.plain(text)
        .strip()
        .replace(",", "")
        .replace("%", "")
        .replace("×", "")
        .replace("+", "")
        .replace("−", "-")
    )
    try:
        float(cleaned)
    except ValueError:
        return False
    return True


PAD_X, PAD_Y = inches(0.14), inches(0.08)


def natural_width(ctx: Ctx, tb: spec.Table, size: float | None = None) -> int:
    """Return the table's width with every cell on one line at ``size`` points.

    Without a size, the theme's table size. Padding scales with the type as in ``table``.
    """
    t = ctx.theme
    size = t.sizes.table if size is None else size
    pad_x = round(PAD_X * max(1.0, size / t.sizes.table))
    head = ctx.style("on_primary", size, bold=True)
    body = ctx.style("text", size)
    return sum(
        max(
            [single_line_width(tb.columns[j], head, ctx.measurer)]
            + [single_line_width(r[j], body, ctx.measurer) for r in tb.rows]
        )
        + 2 * pad_x
        for j in range(len(tb.columns))
    )


def table(ctx: Ctx, tb: spec.Table, path: YamlPath, box: ir.Box) -> Shapes:
    """Return a native table: header row, zebra rows, widths from measured content."""
    t = ctx.theme
    ncol = len(tb.columns)
    aligns: list[str] = []
    for j in range(ncol):
        choice = tb.align[j] if tb.align else "auto"
        if choice == "auto":
            numeric = all(_is_number(r[j]) or not r[j].strip() for r in tb.rows)
            choice = "right" if numeric else "left"
        aligns.append({"left": "l", "center": "ctr", "right": "r"}[choice])
    size = t.sizes.table
    while True:
        widths, rows_h, cells, stable, lines = _layout(ctx, tb, box, size, aligns)
        total = sum(rows_h)
        # A size at which a cell's line count hangs on the measurer's safety margin would
        # draw rows taller than their text: the next half point down settles it.
        if (total <= box.h and stable) or size <= t.sizes.table_min:
            break
        size -= 0.5
    # A short table in a tall region grows toward the theme's maximum, half a point at a
    # time, while it still fits and no cell wraps onto more lines than at the set size:
    # larger type that reflows would make the table longer, not easier to read.
    # A size whose line counts hang on the measurer's margin is passed over, not taken.
    if total <= box.h and stable:
        step = size + 0.5
        while step <= t.sizes.table_max:
            grown = _layout(ctx, tb, box, step, aligns)
            g_total = sum(grown[1])
            if g_total > box.h or any(a > b for a, b in zip(grown[4], lines, strict=True)):
                break
            if grown[3]:
                size, total = step, g_total
                widths, rows_h, cells, stable, lines = grown
            step += 0.5
    if total > box.h:
        over = Fitted(ir.TextFrame(()), 1.0, Emu(total), Emu(total - box.h), Emu(0))
        ctx.overflow("the table", over, box.h, t.sizes.table_min, path)
    tw = sum(widths)
    # The table sits in the middle of its region: no band of empty slide under it.
    tbox = ir.Box(box.x, Emu(box.y + max(0, box.h - total) // 2), Emu(tw), Emu(total))
    return [
        ir.TableShape(
            key=ctx.key("tbl"),
            name="Table",
            box=tbox,
            origin=path,
            alt=tb.alt or f"Table with columns {', '.join(markup.plain(c) for c in tb.columns)}",
            col_widths=tuple(Emu(w) for w in widths),
            row_heights=tuple(Emu(h) for h in rows_h),
            rows=cells,
            border=t.colors.rule,
        )
    ]


def _layout(
    ctx: Ctx, tb: spec.Table, box: ir.Box, size: float, aligns: list[str]
) -> tuple[list[int], list[int], tuple[tuple[ir.TableCell, ...], ...], bool, tuple[int, ...]]:
    """Return the table set at ``size`` in ``box``.

    The result is (column widths, row heights, cells, whether every cell's line count is
    stable, the line count of every cell in reading order). Cell padding scales with the
    type size, so a grown table keeps the proportions of the one set at the theme's size.
    """
    t = ctx.theme
    scale = size / t.sizes.table
    pad_x, pad_y = round(PAD_X * max(1.0, scale)), round(PAD_Y * max(1.0, scale))
    head = ctx.style("on_primary", size, bold=True)
    body = ctx.style("text", size)
    natural = []
    for j in range(len(tb.columns)):
        widths_j = [single_line_width(tb.columns[j], head, ctx.measurer)] + [
            single_line_width(r[j], body, ctx.measurer) for r in tb.rows
        ]
        natural.append(max(widths_j) + 2 * pad_x)
    widths = _distribute(natural, box.w)
    rows_h, cells, stable, lines = _table_cells(ctx, tb, widths, head, body, aligns, pad_x, pad_y)
    return widths, rows_h, cells, stable, lines


def _distribute(natural: list[int], total: int) -> list[int]:
    """Return column widths filling ``total``: natural widths, wide columns shrunk first."""
    want = sum(natural)
    if want <= total:
        extra = total - want
        return [n + extra * n // want for n in natural[:-1]] + [
            total - sum(n + extra * n // want for n in natural[:-1])
        ]
    # cap the widest columns until the sum fits (text then wraps inside them)
    caps = sorted(natural)
    cap = caps[-1]
    while sum(min(n, cap) for n in natural) > total and cap > 1:
        cap = int(cap * 0.97)
    widths = [min(n, cap) for n in natural]
    rest = total - sum(widths)
    widths[-1] += rest
    return widths


def _table_cells(
    ctx: Ctx, tb: spec.Table, widths: list[int], head, body, aligns, pad_x: int, pad_y: int
):  # type: ignore[no-untyped-def]
    t = ctx.theme
    rows_h: list[int] = []
    out: list[tuple[ir.TableCell, ...]] = []
    stable = True
    lines: list[int] = []
    all_rows = [tb.columns, *tb.rows]
    for i, row in enumerate(all_rows):
        style = head if i == 0 else body
        if i > 0 and (i - 1) in tb.highlight:
            style = ctx.style("primary", body.size, bold=True)
        cells = []
        height = 0
        for j, text in enumerate(row):
            f = fit(
                [Para(text, style, align=aligns[j])],
                Emu(widths[j]),
                Emu(10**8),
                ctx.measurer,
                insets=(Emu(pad_x), Emu(pad_x), Emu(pad_y), Emu(pad_y)),
                anchor="ctr",
                font_lines=True,  # table rows grow with the fonts drawn in them
            )
            height = max(height, f.height)
            lines.append(sum(p.lines for p in f.frame.paragraphs))
            paras = [Para(text, style, align=aligns[j])]
            inner = Emu(widths[j] - 2 * pad_x)
            stable = stable and stable_lines(f.frame.paragraphs, paras, 1.0, inner, ctx.measurer)
            fill = (
                t.colors.primary
                if i == 0
                else (t.colors.surface if i % 2 == 0 else t.colors.background)
            )
            cells.append(ir.TableCell(f.frame, fill))
        rows_h.append(max(height, inches(0.45)))
        out.append(tuple(cells))
    return rows_h, tuple(out), stable, tuple(lines)
