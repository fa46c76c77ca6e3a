"""Slides on a user's template: each slide is measured on the layout it goes on (its
title placeholder, its content placeholders or the room below its title); the opening and
section slides take the layout's own title, subtitle and body placeholders (its artwork
stays in charge), a two-column slide fills the layout's two content placeholders, and
content slides put their text into the layout's content placeholders, so PowerPoint's
outline view, Reset and Layout menu work on them.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from msgspec.structs import replace

from deckgen import ir, spec
from deckgen.diagnostics import YamlPath
from deckgen.layout import slides as L
from deckgen.layout.bullets import bullet_paras
from deckgen.layout.chrome import chrome
from deckgen.layout.context import Ctx
from deckgen.layout.slides import Shapes, footer, place
from deckgen.layout.text import Para, Style, fit
from deckgen.units import Emu, inches

if TYPE_CHECKING:
    # deckgen.frames reads templates (~15 ms to import): only decks built on one need it.
    from deckgen.frames import Frame, Frames, Slot

#: Text shapes of the content layouts that go into the layout's content placeholders.
_BODY_SHAPES = {
    "bullets": ("Bullets",),
    "qa": ("Questions and answers",),
    "two-column": ("Left text", "Right text"),
}


def _box(ctx: Ctx, slot: Slot | None, fallback: ir.Box) -> ir.Box:
    return slot.box if slot is not None else fallback


def _in(slot: Slot | None, style: Style) -> Style:
    """Return ``style`` in the typeface ``slot``'s text inherits, if it has one of its own."""
    return replace(style, font=slot.font) if slot is not None and slot.font else style


def _insets(slot: Slot | None) -> tuple[int, int, int, int]:
    """Return the insets text in ``slot`` is measured with: the ones the placeholder
    inherits (what PowerPoint's Reset restores); none for a text box of deckgen's own."""
    return slot.insets if slot is not None else (0, 0, 0, 0)


def frame_for(frames: Frames, s: spec.Slide, layout: str) -> Frame | None:
    """Return the frame slide ``s`` (of deckgen layout ``layout``) is laid out on: its
    layout's, or for a content slide that is a visual alone, the template's title-only
    layout's (when it has one), as nothing goes into a content placeholder."""
    if (
        isinstance(s, spec.BulletsSlide)
        and not s.bullets
        and frames.visual is not None
        and any(getattr(s, v) is not None for v in spec.VISUALS)
    ):
        return frames.visual
    return frames.get(layout)


def two_column_slide(
    ctx: Ctx, s: spec.TwoColumnSlide, path: YamlPath, number: int, frame: Frame
) -> L.Laid:
    """Return a two-column slide whose columns are the layout's two content placeholders:
    each column's heading, text and bullets fill one placeholder's box, with the insets
    it inherits, and a column's icon stands above its heading. On a layout without two
    content placeholders side by side, the columns split its content area (a located
    warning says so) and the left column's text fills the one placeholder there is."""
    if len(frame.columns) < 2:
        have = len(frame.bodies)
        lacks = {0: "which has no content placeholder", 1: "which has one content placeholder"}
        ctx.warn(
            f"two-column slide on template layout '{frame.name}', "
            + lacks.get(have, "whose content placeholders are not side by side")
            + ": the columns split its content area"
            + (", and only the left column's text is in a placeholder" if have else ""),
            path,
            hint="map two-column slides to a layout with two content placeholders "
            "(theme 'layouts: {two-column: NAME}')",
        )
        laid = L.two_column_slide(ctx, s, path, number)
        # the left column's text fills the largest content placeholder, and no other
        # (not a header strip or a caption above or below it)
        largest = dataclasses.replace(frame, bodies=frame.bodies[:1])
        return L.Laid(fill_placeholders("two-column", laid.shapes, largest), laid.composition)
    t, g = ctx.theme, ctx.theme.grid
    shapes = chrome(ctx, number, path, title=s.title, icon=s.icon)
    isz = Emu(t.icons.size)
    sides = (("left", s.left, frame.columns[0]), ("right", s.right, frame.columns[1]))
    texts = [_column_paras(ctx, side, col, frame.name, (*path, side)) for side, col, _ in sides]
    # both headings on one line: room above both for the icon when either column has one
    above = Emu(isz + inches(0.15)) if s.left.icon or s.right.icon else Emu(0)
    # The columns are centred, as a pair, on the room their placeholders leave: the
    # text starts lower (a larger top inset), the boxes stay the placeholders'.
    room = min(
        min(slot.floor or slot.box.bottom, slot.box.bottom - slot.insets[3])
        - (slot.box.y + slot.insets[2])
        for *_, slot in sides
    )
    need = (
        max(
            fit(
                paras,
                Emu(slot.box.w - slot.insets[0] - slot.insets[1]),
                Emu(room),
                ctx.measurer,
                line_spacing=g.line_spacing,
            ).height
            for paras, (*_, slot) in zip(texts, sides, strict=True)
        )
        + above
    )
    down = Emu(max(0, room - need) // 2)
    for paras, (side, col, slot) in zip(texts, sides, strict=True):
        cpath = (*path, side)
        left, right, top, bottom = slot.insets
        if col.icon:
            box = ir.Box(Emu(slot.box.x + left), Emu(slot.box.y + top + down), isz, isz)
            icon = ctx.icon(col.icon, box, (*cpath, "icon"))
            if icon is not None:
                shapes.append(icon)
        if not paras:
            continue
        # text ends above the template's artwork where the placeholder reaches over it
        floor = Emu(slot.box.bottom - (slot.floor or slot.box.bottom))
        sh, _ = place(
            ctx,
            f"{side.title()} text",
            paras,
            slot.box,
            cpath,
            min_scale=t.sizes.body_min / t.sizes.body,
            insets=(left, right, Emu(top + down + above), Emu(max(bottom, floor))),
            what=f"the {side} column",
        )
        shapes.append(replace(sh, placeholder=slot.idx))
    return L.Laid(shapes, "columns-2")


def _column_paras(ctx: Ctx, side: str, col: spec.Column, layout: str, path: YamlPath) -> list[Para]:
    """Return a column's heading, text and bullets as the paragraphs of one placeholder
    (bullets' icons are left out, with a located warning: a placeholder holds text)."""
    t, g = ctx.theme, ctx.theme.grid
    paras: list[Para] = []
    if col.heading:
        style = ctx.style("primary", t.sizes.body, heading=True, bold=True)
        paras.append(Para(col.heading, style))
    if col.text:
        gap = g.paragraph_gap * 2 if paras else 0.0
        paras.append(Para(col.text, ctx.style("text", t.sizes.body), space_before=gap))
    if any(b.icon for b in col.bullets):
        ctx.warn(
            f"the icons of the {side} column's bullets are left out: the column is the "
            f"text of a placeholder of template layout '{layout}'",
            (*path, "bullets"),
            hint="leave out the bullets' icons, or build without the template",
        )
    paras.extend(bullet_paras(ctx, col.bullets))
    return paras


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
                _in(
                    frame.title, ctx.style("primary", t.sizes.title_slide, heading=True, bold=True)
                ),
            )
        ],
        title_box,
        (*path, "title") if s.title else ("title",),
        min_scale=0.5,
        anchor="ctr",
        role="title",
        what="the title",
        insets=_insets(frame.title),
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
        sh, _ = place(
            ctx,
            name,
            paras,
            box,
            where,
            min_scale=0.6,
            what=f"the {name.lower()}",
            insets=_insets(slot),
        )
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
        [
            Para(
                s.title,
                _in(frame.title, ctx.style("primary", t.sizes.section, heading=True, bold=True)),
            )
        ],
        title_box,
        (*path, "title"),
        min_scale=0.6,
        anchor="b",
        role="title",
        what="the section title",
        insets=_insets(frame.title),
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
        sh, _ = place(
            ctx,
            "Subtitle",
            paras,
            box,
            path,
            min_scale=0.6,
            what="the subtitle",
            insets=_insets(slot),
        )
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
