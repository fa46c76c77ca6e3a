"""Typed lengths. The only module that knows how many EMU are in a point or an inch.

Every length that crosses a module boundary is an :class:`Emu` (English Metric Unit,
the integer unit of OOXML). Font sizes stay in points (:class:`Pt`), because that is
how themes and PowerPoint speak about them.
"""

from __future__ import annotations

from typing import NewType

Emu = NewType("Emu", int)
Pt = NewType("Pt", float)

EMU_PER_INCH = 914_400
EMU_PER_PT = 12_700
EMU_PER_CM = 360_000
EMU_PER_PX = 9_525  # one CSS pixel at 96 dpi


def emu(value: float) -> Emu:
    """Return ``value`` rounded to a whole EMU."""
    return Emu(round(value))


def inches(value: float) -> Emu:
    """Return the EMU length of ``value`` inches."""
    return Emu(round(value * EMU_PER_INCH))


def pt(value: float) -> Emu:
    """Return the EMU length of ``value`` points."""
    return Emu(round(value * EMU_PER_PT))


def cm(value: float) -> Emu:
    """Return the EMU length of ``value`` centimetres."""
    return Emu(round(value * EMU_PER_CM))


def px(value: float) -> Emu:
    """Return the EMU length of ``value`` pixels at 96 dpi."""
    return Emu(round(value * EMU_PER_PX))


def to_pt(value: int) -> float:
    """Return an EMU length in points."""
    return value / EMU_PER_PT


def to_inches(value: int) -> float:
    """Return an EMU length in inches."""
    return value / EMU_PER_INCH
