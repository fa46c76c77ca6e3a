"""Pure box geometry for compositions: splitting, centring and grids (no text, no visuals)."""

from __future__ import annotations

from deckgen import ir
from deckgen.units import Emu


def center(box: ir.Box, w: int, h: int) -> ir.Box:
    """Return a ``w`` x ``h`` box centred in ``box``."""
    return ir.Box(Emu(box.x + (box.w - w) // 2), Emu(box.y + (box.h - h) // 2), Emu(w), Emu(h))
