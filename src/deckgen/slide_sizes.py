"""PowerPoint's named slide sizes: what ``p:sldSz/@type`` and app.xml's PresentationFormat
call a size. Plain data, shared by the backend (writing) and the template reader."""

from __future__ import annotations

from deckgen.units import inches, pt

#: (cx, cy) in EMU → (``sldSz/@type``, or None when PowerPoint writes none; format name)
SIZES: dict[tuple[int, int], tuple[str | None, str]] = {
    (pt(960), pt(540)): (None, "Widescreen"),
    (inches(10), inches(7.5)): ("screen4x3", "On-screen Show (4:3)"),
    (inches(10), inches(5.625)): ("screen16x9", "On-screen Show (16:9)"),
    (inches(10), inches(6.25)): ("screen16x10", "On-screen Show (16:10)"),
}


def presentation_format(width: int, height: int) -> str:
    """Return app.xml's PresentationFormat for a slide size ("Custom" when unnamed)."""
    return SIZES.get((width, height), (None, "Custom"))[1]


def size_type(width: int, height: int) -> str | None:
    """Return the ``sldSz/@type`` PowerPoint writes for a size (None: no attribute)."""
    return SIZES.get((width, height), ("custom", ""))[0]
