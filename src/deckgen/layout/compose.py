"""Compositions: how a slide's content area is split between its text and its visual.

A composition is chosen by measuring the content (or pinned by the author with
``placement:``); it returns the regions each part is laid out in, and its name is recorded
in the IR so lint and readers can see which one each slide got.
"""

from __future__ import annotations

import msgspec

from deckgen import ir, spec
from deckgen.layout import bullets, visuals
from deckgen.layout.context import Ctx
from deckgen.units import Emu

#: Every composition a content slide can get, with what it looks like.
COMPOSITIONS: dict[str, str] = {
    "text": "text only, filling the content area",
    "visual": "the visual alone, filling the content area",
    "text-visual": "text on the left, the visual on the right",
    "text-over-visual": "text over a full-width visual",
}


class Regions(msgspec.Struct, frozen=True):
    """Where a slide's parts go: its composition's name and the box of each part."""

    composition: str
    text: ir.Box | None = None
    visual: ir.Box | None = None


def bullets_slide(ctx: Ctx, s: spec.BulletsSlide) -> Regions:
    """Return the regions of a bullets slide: bullets, its visual, or both."""
    g = ctx.theme.grid
    area = ctx.content()
    if visuals.kind_of(s) is None:
        return Regions("text", text=area)
    if not s.bullets:
        return Regions("visual", visual=area)
    placement = s.placement if s.placement != "auto" else visuals.default_placement(s)
    if placement == "right":
        left_w = Emu(round((area.w - g.gutter) * 0.5))
        return Regions(
            "text-visual",
            text=ir.Box(area.x, area.y, left_w, area.h),
            visual=ir.Box(
                Emu(area.x + left_w + g.gutter), area.y, Emu(area.w - left_w - g.gutter), area.h
            ),
        )
    # below: bullets take what they need (at most half the area); the visual gets the rest
    top = ir.Box(area.x, area.y, area.w, Emu(round(area.h * 0.5)))
    used = bullets.measure(ctx, s.bullets, top.w, top.h).height
    y = Emu(area.y + used + g.gutter)
    return Regions(
        "text-over-visual", text=top, visual=ir.Box(area.x, y, area.w, Emu(area.bottom - y))
    )
