"""Pure box geometry for compositions: splitting, centring, grids and moves.

Nothing here knows about text or visuals; compose and the visuals decide the sizes and
these functions turn them into boxes.
"""

from __future__ import annotations

from collections.abc import Sequence

from deckgen import ir
from deckgen.units import Emu


def center(box: ir.Box, w: int, h: int) -> ir.Box:
    """Return a ``w`` x ``h`` box centred in ``box``."""
    return ir.Box(Emu(box.x + (box.w - w) // 2), Emu(box.y + (box.h - h) // 2), Emu(w), Emu(h))


def columns(box: ir.Box, first: int, gutter: int) -> tuple[ir.Box, ir.Box]:
    """Return ``box`` split into a left column ``first`` wide and a right column holding the
    rest, ``gutter`` apart; both full height."""
    left = ir.Box(box.x, box.y, Emu(first), box.h)
    x = box.x + first + gutter
    return left, ir.Box(Emu(x), box.y, Emu(box.right - x), box.h)


def rows(box: ir.Box, first: int, gutter: int) -> tuple[ir.Box, ir.Box]:
    """Return ``box`` split into a top row ``first`` high and a bottom row holding the rest,
    ``gutter`` apart; both full width."""
    top = ir.Box(box.x, box.y, box.w, Emu(first))
    y = box.y + first + gutter
    return top, ir.Box(box.x, Emu(y), box.w, Emu(box.bottom - y))


def grid(box: ir.Box, n: int, cols: int, cell_h: int, gap: int) -> list[ir.Box]:
    """Return ``n`` cells ``cell_h`` high in ``cols`` equal columns from the top of ``box``,
    ``gap`` apart; a short last row is centred under the full rows."""
    w = (box.w - gap * (cols - 1)) // cols
    out: list[ir.Box] = []
    for i in range(n):
        r, c = divmod(i, cols)
        in_row = min(cols, n - r * cols)
        x = box.x + (cols - in_row) * (w + gap) // 2 + c * (w + gap)
        out.append(ir.Box(Emu(x), Emu(box.y + r * (cell_h + gap)), Emu(w), Emu(cell_h)))
    return out


def extent(boxes: Sequence[ir.Box]) -> tuple[int, int]:
    """Return the top and bottom of what ``boxes`` cover together."""
    return min(b.y for b in boxes), max(b.bottom for b in boxes)


def moved(box: ir.Box, dy: int) -> ir.Box:
    """Return ``box`` moved down by ``dy``."""
    return ir.Box(box.x, Emu(box.y + dy), box.w, box.h)


def spread(room: int, needs: Sequence[int], gaps: Sequence[int], most: int) -> tuple[int, int]:
    """Return (extra, offset) for side-by-side blocks in panels ``room`` high: ``extra`` is
    added to every one of a block's ``gaps`` (at most ``most`` each) so the fullest block
    grows toward the room, and ``offset`` moves every block down by one amount, the fullest
    then centred, so first lines stay level across the panels.

    ``needs`` are the blocks' heights and ``gaps`` how many gaps each has between its parts.
    """
    extra = most
    for need, n in zip(needs, gaps, strict=True):
        if n:
            extra = min(extra, max(0, (room - need) // n))
    tallest = max((need + n * extra for need, n in zip(needs, gaps, strict=True)), default=0)
    return extra, max(0, (room - tallest) // 2)
