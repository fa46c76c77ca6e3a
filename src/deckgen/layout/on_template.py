"""Slides on a user's template: the opening and section slides take the template
layout's own title, subtitle and body placeholders (its artwork stays in charge), and
content slides put their text into the layout's content placeholders, so PowerPoint's
outline view, Reset and Layout menu work on them.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from msgspec.structs import replace

from deckgen import ir, spec
from deckgen.diagnostics import YamlPath
from deckgen.layout.context import Ctx
from deckgen.layout.slides import Shapes, footer, place
from deckgen.layout.text import Para
from deckgen.units import Emu, inches

if TYPE_CHECKING:
    # deckgen.frames reads templates (~15 ms to import): only decks built on one need it.
    from deckgen.frames import Frame, Slot

#: Text shapes of the content layouts that go into the layout's content placeholders.
_BODY_SHAPES = {
    "bullets": ("Bullets",),
    "qa": ("Questions and answers",),
    "two-column": ("Left text", "Right text"),
}


def _box(ctx: Ctx, slot: Slot | None, fallback: ir.Box) -> ir.Box:
    return slot.box if slot is not None else fallback


def title_slide(ctx: Ctx, s: spec.TitleSlide, path: YamlPath, frame: Frame) -> Shapes:
    """Return the opening slide in the template's title, subtitle and body placeholders."""
    t, g, d = ctx.theme, ctx.theme.grid, ctx.deck
    width = Emu(g.width - 2 * g.margin_x)
    shapes: Shapes = []
    title_box = _box(ctx, frame.title, ir.Box(Emu(g.margin_x), inches(2), width, inches(2)))
    sh, _ = place(
        ctx,
        "Title",
        [
            Para(
                s.title or d.title,
                ctx.style("primary", t.sizes.title_slide, heading=True, bold=True),
            )
        ],
        title_box,
        (*path, "title") if s.title else ("title",),
        min_scale=0.5,
        anchor="ctr",
        role="title",
        what="the title",
    )
    shapes.append(sh)
    # the subtitle placeholder first, then the body placeholders top to bottom
    bodies = sorted(frame.bodies, key=lambda x: (x.box.y, x.box.x))
    slots = [x for x in (frame.subtitle, *bodies) if x is not None]
    subtitle = s.subtitle or d.subtitle
    meta = [" · ".join(p for p in (", ".join(d.authors), d.date) if p)]
    if d.source:
        meta.append(f"[{d.source.label}]({d.source.url})" if d.source.url else d.source.label)
    meta = [m for m in meta if m]
    texts: list[tuple[str, list[Para], YamlPath]] = []
    if subtitle:
        paras = [Para(subtitle, ctx.style("muted", t.sizes.subtitle))]
        texts.append(("Subtitle", paras, (*path, "subtitle") if s.subtitle else ("subtitle",)))
    if meta:
        paras = [Para(m, ctx.style("text", 16), space_before=4) for m in meta]
        texts.append(("Authors and source", paras, ("authors",)))
    if len(texts) > len(slots) and len(texts) == 2:
        # one placeholder for both: the subtitle, then the author line
        texts = [("Subtitle", texts[0][1] + texts[1][1], texts[0][2])]
    below = Emu(title_box.bottom + inches(0.2))
    for i, (name, paras, where) in enumerate(texts):
        slot = slots[i] if i < len(slots) else None
        box = _box(ctx, slot, ir.Box(Emu(g.margin_x), below, width, Emu(g.content_bottom - below)))
        sh, _ = place(ctx, name, paras, box, where, min_scale=0.6, what=f"the {name.lower()}")
        shapes.append(replace(sh, placeholder=slot.idx) if slot else sh)
    return shapes


def section_slide(
    ctx: Ctx, s: spec.SectionSlide, path: YamlPath, number: int, frame: Frame
) -> Shapes:
    """Return a section divider in the template's section layout."""
    t, g = ctx.theme, ctx.theme.grid
    width = Emu(g.width - 2 * g.margin_x)
    title_box = _box(ctx, frame.title, ir.Box(Emu(g.margin_x), inches(2), width, inches(1.6)))
    slot = frame.bodies[0] if frame.bodies else None
    if frame.stand_in:
        # On a content layout standing in for a section layout, the divider sits a third
        # of the way down the content area, as a section header's title would, not where
        # a content slide's title goes.
        area = ctx.content()
        top = Emu(area.y + area.h // 3 - inches(1.2))
        title_box = ir.Box(title_box.x, top, title_box.w, inches(1.6))
        below = Emu(title_box.bottom + inches(0.2))
        if slot is not None:
            slot = dataclasses.replace(slot, box=ir.Box(slot.box.x, below, slot.box.w, inches(1.4)))
    sh, _ = place(
        ctx,
        "Title",
        [Para(s.title, ctx.style("primary", t.sizes.section, heading=True, bold=True))],
        title_box,
        (*path, "title"),
        min_scale=0.6,
        anchor="b",
        role="title",
        what="the section title",
    )
    shapes: Shapes = [sh]
    paras: list[Para] = []
    if s.number:
        paras.append(Para(s.number, ctx.style("accent", t.sizes.subtitle, bold=True)))
    if s.subtitle:
        paras.append(Para(s.subtitle, ctx.style("muted", t.sizes.subtitle)))
    if paras:
        below = Emu(title_box.bottom + inches(0.2))
        box = _box(ctx, slot, ir.Box(Emu(g.margin_x), below, width, inches(1.2)))
        sh, _ = place(ctx, "Subtitle", paras, box, path, min_scale=0.6, what="the subtitle")
        shapes.append(replace(sh, placeholder=slot.idx) if slot else sh)
    return shapes + footer(ctx, number)


def fill_placeholders(layout: str, shapes: Shapes, frame: Frame) -> Shapes:
    """Return the shapes with the text of a content slide assigned to the layout's
    content placeholders (left to right), so it is the slide's body in PowerPoint."""
    names = _BODY_SHAPES.get(layout, ())
    slots = sorted(frame.bodies, key=lambda x: x.box.x)
    if not names or not slots:
        return shapes
    if len(names) > 1 and len(slots) < len(names):
        slots = slots[:1]  # one content placeholder: the first column's text takes it
    out: Shapes = []
    free = dict(zip(names, slots, strict=False))
    for sh in shapes:
        slot = free.pop(sh.name, None) if isinstance(sh, ir.TextShape) else None
        out.append(replace(sh, placeholder=slot.idx) if slot else sh)
    return out
