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


def natural_width(ctx: Ctx, tb: spec.Table) -> int:
    """Return the table's width with every cell on one line at the theme's table size."""
    t = ctx.theme
    head = ctx.style("on_primary", t.sizes.table, bold=True)
    body = ctx.style("text", t.sizes.table)
    return sum(
        max(
            [single_line_width(tb.columns[j], head, ctx.measurer)]
            + [single_line_width(r[j], body, ctx.measurer) for r in tb.rows]
        )
        + 2 * PAD_X
        for j in range(len(tb.columns))
    )


def table(ctx: Ctx, tb: spec.Table, path: YamlPath, box: ir.Box) -> Shapes:
    """Return a native table: header row, zebra rows, widths from measured content."""
    t = ctx.theme
    ncol = len(tb.columns)
    pad_x, pad_y = PAD_X, PAD_Y
    aligns: list[str] = []
    for j in range(ncol):
        choice = tb.align[j] if tb.align else "auto"
        if choice == "auto":
            numeric = all(_is_number(r[j]) or not r[j].strip() for r in tb.rows)
            choice = "right" if numeric else "left"
        aligns.append({"left": "l", "center": "ctr", "right": "r"}[choice])
    size = t.sizes.table
    while True:
        head = ctx.style("on_primary", size, bold=True)
        body = ctx.style("text", size)
        natural = []
        for j in range(ncol):
            cells = [single_line_width(tb.columns[j], head, ctx.measurer)] + [
                single_line_width(r[j], body, ctx.measurer) for r in tb.rows
            ]
            natural.append(max(cells) + 2 * pad_x)
        widths = _distribute(natural, box.w)
        rows_h, cells, stable = _table_cells(ctx, tb, widths, head, body, aligns, pad_x, pad_y)
        total = sum(rows_h)
        # A size at which a cell's line count hangs on the measurer's safety margin would
        # draw rows taller than their text: the next half point down settles it.
        if (total <= box.h and stable) or size <= t.sizes.table_min:
            break
        size -= 0.5
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
    return rows_h, tuple(out), stable
