"""Slide layouts: chrome shared by every slide, and one function per layout.

Each function takes the layout context, the validated slide and its YAML path and returns
IR shapes. Positions come from the theme's grid only, so titles, bodies and footers never
move between slides.
"""

from __future__ import annotations

from collections.abc import Sequence

from msgspec.structs import replace

from deckgen import ir, spec
from deckgen.diagnostics import YamlPath
from deckgen.layout import visuals
from deckgen.layout.context import Ctx
from deckgen.layout.text import Fitted, Para, fit
from deckgen.units import Emu, inches, pt

Shapes = list[ir.AnyShape]


# --- building blocks -------------------------------------------------------------------


def text_shape(
    ctx: Ctx,
    name: str,
    box: ir.Box,
    fitted: Fitted,
    *,
    role: str = "body",
    origin: YamlPath = (),
    fill: str | None = None,
    line: str | None = None,
    geometry: str = "rect",
    corner: float = 0.0,
) -> ir.TextShape:
    """Return a text shape holding ``fitted`` in ``box``."""
    return ir.TextShape(
        key=ctx.key("t"),
        name=name,
        box=box,
        origin=origin,
        text=fitted.frame,
        geometry=geometry,  # type: ignore[arg-type]
        corner=corner,
        fill=fill,
        line=line,
        line_width=Emu(pt(0.75)) if line else Emu(0),
        role=role,  # type: ignore[arg-type]
    )


def rect(
    ctx: Ctx,
    name: str,
    box: ir.Box,
    fill: str | None,
    *,
    line: str | None = None,
    corner: float = 0.0,
) -> ir.TextShape:
    """Return a plain filled (rounded) rectangle without text."""
    return ir.TextShape(
        key=ctx.key("r"),
        name=name,
        box=box,
        geometry="roundRect" if corner else "rect",
        corner=corner,
        fill=fill,
        line=line,
        line_width=Emu(pt(0.75)) if line else Emu(0),
        role="decoration",
    )


def place(
    ctx: Ctx,
    name: str,
    paras: Sequence[Para],
    box: ir.Box,
    path: YamlPath,
    *,
    min_scale: float = 1.0,
    max_scale: float = 1.0,
    anchor: str = "t",
    role: str = "body",
    what: str = "text",
    insets: tuple[int, int, int, int] = (0, 0, 0, 0),
    **shape: object,
) -> tuple[ir.TextShape, Fitted]:
    """Return a text shape with ``paras`` fitted into ``box``; overflow is a located error."""
    # A rounded rectangle's text area is inset from its box by its corners (the preset's
    # text rectangle: 0.29289 × the corner radius on each side). Measure with that room
    # taken away, but write only our own insets: the renderer applies the geometry's.
    geo = 0
    if shape.get("geometry") == "roundRect":
        geo = round(0.29289 * float(shape.get("corner", 0.0)) * min(box.w, box.h))  # type: ignore[arg-type]
    fitted = fit(
        paras,
        box.w,
        box.h,
        ctx.measurer,
        min_scale=min_scale,
        max_scale=max_scale,
        anchor=anchor,  # type: ignore[arg-type]
        insets=tuple(Emu(i + geo) for i in insets),  # type: ignore[arg-type]
        line_spacing=ctx.theme.grid.line_spacing,
    )
    if geo:
        left, right, top, bottom = (Emu(i) for i in insets)
        frame = replace(fitted.frame, inset_l=left, inset_r=right, inset_t=top, inset_b=bottom)
        fitted = replace(fitted, frame=frame)
    if fitted.overflow > 0:
        smallest = max(p.style.size for p in paras) * min_scale
        ctx.overflow(what, fitted, box.h, smallest, path)
    return text_shape(ctx, name, box, fitted, role=role, origin=path, **shape), fitted  # type: ignore[arg-type]


def chrome(ctx: Ctx, number: int, path: YamlPath, *, title: str | None, icon: str | None) -> Shapes:
    """Return the title, its accent rule, the title icon and the footer of a content slide."""
    t, g = ctx.theme, ctx.theme.grid
    shapes: Shapes = []
    icon_room = Emu(g.title_height // 2 + t.icons.title_size) if icon else Emu(0)
    if title is not None:
        box = ir.Box(
            Emu(g.margin_x),
            Emu(g.margin_top),
            Emu(g.width - 2 * g.margin_x - icon_room),
            Emu(g.title_height),
        )
        style = ctx.style("primary", t.sizes.title, heading=True, bold=True)
        shape, _ = place(
            ctx,
            "Title",
            [Para(title, style)],
            box,
            (*path, "title"),
            min_scale=0.8,
            anchor="b",
            role="title",
            what="the title",
        )
        shapes.append(shape)
        if t.title_rule:
            y = Emu(g.margin_top + g.title_height + g.rule_gap)
            shapes.append(
                rect(
                    ctx,
                    "Title rule",
                    ir.Box(Emu(g.margin_x), y, Emu(g.rule_width), Emu(g.rule_weight)),
                    t.colors.accent,
                )
            )
    if icon and title is not None:
        s = Emu(t.icons.title_size)
        box = ir.Box(
            Emu(g.width - g.margin_x - s),
            Emu(g.margin_top + g.title_height - s - inches(0.06)),
            s,
            s,
        )
        shape_i = ctx.icon(icon, box, (*path, "icon"))
        if shape_i:
            shapes.append(shape_i)
    shapes.extend(footer(ctx, number))
    return shapes


def footer(ctx: Ctx, number: int) -> Shapes:
    """Return the footer: the deck's short title on the left, the slide number on the right."""
    t, g = ctx.theme, ctx.theme.grid
    shapes: Shapes = []
    style = ctx.style("muted", t.sizes.footer)
    half = Emu((g.width - 2 * g.margin_x) // 2)
    if t.footer:
        label = ctx.deck.short_title or ctx.deck.title
        box = ir.Box(Emu(g.margin_x), Emu(g.footer_top), half, Emu(g.footer_height))
        shape, _ = place(
            ctx,
            "Footer",
            [Para(label, style)],
            box,
            ("short_title",),
            anchor="ctr",
            role="footer",
            what="the footer",
            min_scale=0.8,
        )
        shapes.append(shape)
    if t.slide_numbers:
        box = ir.Box(
            Emu(g.width - g.margin_x - half), Emu(g.footer_top), half, Emu(g.footer_height)
        )
        fitted = fit(
            [Para(str(number), style, align="r")], box.w, box.h, ctx.measurer, anchor="ctr"
        )
        paragraph = fitted.frame.paragraphs[0]
        runs = tuple(
            ir.Run(r.text, r.font, r.size, r.color, field="slidenum") for r in paragraph.runs
        )
        frame = ir.TextFrame(
            (ir.Paragraph(runs, align="r"),),
            anchor="ctr",
            measured_height=fitted.frame.measured_height,
        )
        shapes.append(
            ir.TextShape(key=ctx.key("n"), name="Slide number", box=box, text=frame, role="number")
        )
    return shapes


def bullet_paras(
    ctx: Ctx, bullets: Sequence[spec.Bullet], *, with_marks: bool = True
) -> list[Para]:
    """Return paragraphs for two levels of bullets with hanging indents."""
    t, g = ctx.theme, ctx.theme.grid
    body = ctx.style("text", t.sizes.body)
    sub = ctx.style("muted", t.sizes.sub)
    l1 = Emu(g.bullet_indent)
    l2 = Emu(g.bullet_indent + g.sub_indent)
    mark1 = ir.Bullet(t.bullet_char, t.colors.accent, t.fonts.body, l1) if with_marks else None
    mark2 = ir.Bullet("–", t.colors.muted, t.fonts.body, Emu(g.sub_indent)) if with_marks else None
    paras: list[Para] = []
    for b in bullets:
        paras.append(
            Para(
                b.text,
                body,
                bullet=mark1,
                margin_left=l1 if with_marks else Emu(0),
                space_before=g.paragraph_gap,
            )
        )
        for s in b.bullets:
            paras.append(
                Para(
                    s,
                    sub,
                    bullet=mark2,
                    margin_left=l2 if with_marks else Emu(g.sub_indent),
                    space_before=g.paragraph_gap * 0.4,
                    level=1,
                )
            )
    return paras


def bullets_block(
    ctx: Ctx, bullets: Sequence[spec.Bullet], box: ir.Box, path: YamlPath
) -> tuple[Shapes, Fitted | None]:
    """Return the shapes of a bullet list in ``box`` (icon rows when any bullet has an icon)."""
    t = ctx.theme
    min_scale = t.sizes.body_min / t.sizes.body
    if not any(b.icon for b in bullets):
        shape, fitted = place(
            ctx,
            "Bullets",
            bullet_paras(ctx, bullets),
            box,
            (*path, "bullets"),
            min_scale=min_scale,
            what="the bullet list",
        )
        return [shape], fitted
    return icon_rows(ctx, bullets, box, path, min_scale)


def icon_rows(
    ctx: Ctx, bullets: Sequence[spec.Bullet], box: ir.Box, path: YamlPath, min_scale: float
) -> tuple[Shapes, Fitted | None]:
    """Return one row per bullet: its icon, then its text (and sub-bullets) in a text box."""
    t, g = ctx.theme, ctx.theme.grid
    size = Emu(round(t.icons.size * 0.8))
    col = Emu(size + inches(0.22))
    text_w = Emu(box.w - col)
    gap = pt(g.paragraph_gap * 1.4)
    groups = [bullet_paras(ctx, [b], with_marks=False) for b in bullets]
    scale = 1.0
    while True:
        fits = [
            fit(
                gr,
                text_w,
                Emu(box.h),
                ctx.measurer,
                min_scale=scale,
                max_scale=scale,
                line_spacing=g.line_spacing,
            )
            for gr in groups
        ]
        total = sum(f.height for f in fits) + gap * (len(fits) - 1)
        if total <= box.h or scale <= min_scale + 1e-9:
            break
        scale = max(min_scale, scale - 0.5 / t.sizes.body)
    shapes: Shapes = []
    if total > box.h:
        over = Fitted(fits[0].frame, scale, Emu(total), Emu(total - box.h), Emu(0))
        ctx.overflow("the bullet list", over, box.h, t.sizes.body_min, (*path, "bullets"))
    y = box.y
    for i, (b, f) in enumerate(zip(bullets, fits, strict=True)):
        bpath = (*path, "bullets", i)
        first_line = ctx.measurer.line_height(t.sizes.body * scale, 1.2)
        if b.icon:
            iy = Emu(y + max(0, (first_line - size) // 2))
            shape = ctx.icon(b.icon, ir.Box(box.x, iy, size, size), (*bpath, "icon"))
            if shape:
                shapes.append(shape)
        tbox = ir.Box(Emu(box.x + col), Emu(y), text_w, Emu(f.height))
        shapes.append(text_shape(ctx, f"Bullet {i + 1}", tbox, f, origin=bpath))
        y = Emu(y + f.height + gap)
    return shapes, None


# --- layouts -------------------------------------------------------------------------


def title_slide(ctx: Ctx, s: spec.TitleSlide, path: YamlPath, number: int) -> Shapes:
    """Return the opening slide: kicker, title, subtitle, meta line and a side panel."""
    t, g, d = ctx.theme, ctx.theme.grid, ctx.deck
    shapes: Shapes = []
    # The side panel frames the deck's icon; without one it is a narrow band of colour.
    panel_w = inches(3.9) if s.icon else inches(1.4)
    panel = ir.Box(Emu(g.width - panel_w), Emu(0), Emu(panel_w), Emu(g.height))
    shapes.append(rect(ctx, "Side panel", panel, t.colors.surface))
    shapes.append(
        rect(
            ctx, "Side accent", ir.Box(panel.x, Emu(0), Emu(pt(6)), Emu(g.height)), t.colors.primary
        )
    )
    if s.icon:
        isz = inches(1.9)
        ic = ctx.icon(
            s.icon,
            ir.Box(
                Emu(panel.x + (panel_w - isz) // 2), Emu((g.height - isz) // 2), Emu(isz), Emu(isz)
            ),
            (*path, "icon"),
            role="primary",
        )
        if ic:
            shapes.append(ic)
    x = Emu(g.margin_x + inches(0.1))
    w = Emu(panel.x - x - inches(0.7))
    y = Emu(inches(1.55))
    if s.kicker:
        box = ir.Box(x, y, w, inches(0.45))
        sh, _ = place(
            ctx,
            "Kicker",
            [Para(s.kicker.upper(), ctx.style("accent", 16, bold=True))],
            box,
            (*path, "kicker"),
            anchor="b",
            what="the kicker",
        )
        shapes.append(sh)
    y = Emu(y + inches(0.55))
    title = s.title or d.title
    box = ir.Box(x, y, w, inches(2.0))
    sh, f = place(
        ctx,
        "Title",
        [Para(title, ctx.style("primary", t.sizes.title_slide, heading=True, bold=True))],
        box,
        (*path, "title") if s.title else ("title",),
        min_scale=0.7,
        role="title",
        what="the title",
    )
    shapes.append(sh)
    y = Emu(y + f.height + inches(0.25))
    shapes.append(
        rect(
            ctx, "Title rule", ir.Box(x, y, Emu(g.rule_width), Emu(g.rule_weight)), t.colors.accent
        )
    )
    y = Emu(y + inches(0.35))
    subtitle = s.subtitle or d.subtitle
    if subtitle:
        box = ir.Box(x, y, w, inches(1.2))
        sh, f = place(
            ctx,
            "Subtitle",
            [Para(subtitle, ctx.style("muted", t.sizes.subtitle))],
            box,
            (*path, "subtitle") if s.subtitle else ("subtitle",),
            min_scale=0.8,
            what="the subtitle",
        )
        shapes.append(sh)
    meta = [" · ".join(p for p in (", ".join(d.authors), d.date) if p)]
    if d.source:
        meta.append(f"[{d.source.label}]({d.source.url})" if d.source.url else d.source.label)
    meta = [m for m in meta if m]
    if meta:
        style = ctx.style("text", 16)
        box = ir.Box(x, Emu(g.content_bottom - inches(0.75)), w, inches(0.85))
        sh, _ = place(
            ctx,
            "Authors and source",
            [Para(m, style, space_before=4) for m in meta],
            box,
            ("authors",),
            min_scale=0.8,
            anchor="b",
            what="the author line",
        )
        shapes.append(sh)
    return shapes


def section_slide(ctx: Ctx, s: spec.SectionSlide, path: YamlPath, number: int) -> Shapes:
    """Return a section divider: number, title and subtitle on the surface colour."""
    t, g = ctx.theme, ctx.theme.grid
    shapes: Shapes = [
        rect(ctx, "Band", ir.Box(Emu(0), Emu(0), Emu(pt(10)), Emu(g.height)), t.colors.primary)
    ]
    x = Emu(g.margin_x + inches(0.3))
    w = Emu(g.width - x - g.margin_x)
    y = Emu(inches(2.1))
    if s.number:
        sh, _ = place(
            ctx,
            "Section number",
            [Para(s.number, ctx.style("accent", 40, bold=True))],
            ir.Box(x, y, w, inches(0.8)),
            (*path, "number"),
            anchor="b",
            what="the section number",
        )
        shapes.append(sh)
    y = Emu(y + inches(0.9))
    sh, f = place(
        ctx,
        "Title",
        [Para(s.title, ctx.style("primary", t.sizes.section, heading=True, bold=True))],
        ir.Box(x, y, w, inches(1.6)),
        (*path, "title"),
        min_scale=0.75,
        role="title",
        what="the section title",
    )
    shapes.append(sh)
    y = Emu(y + f.height + inches(0.2))
    shapes.append(
        rect(
            ctx, "Title rule", ir.Box(x, y, Emu(g.rule_width), Emu(g.rule_weight)), t.colors.accent
        )
    )
    if s.subtitle:
        sh, _ = place(
            ctx,
            "Subtitle",
            [Para(s.subtitle, ctx.style("muted", t.sizes.subtitle))],
            ir.Box(x, Emu(y + inches(0.3)), w, inches(1.2)),
            (*path, "subtitle"),
            min_scale=0.8,
            what="the subtitle",
        )
        shapes.append(sh)
    shapes.extend(footer(ctx, number))
    return shapes


def bullets_slide(
    ctx: Ctx, s: spec.BulletsSlide, path: YamlPath, number: int, *, title: str | None = None
) -> Shapes:
    """Return a content slide: bullets, a visual, or bullets beside/above a visual."""
    g = ctx.theme.grid
    shapes = chrome(ctx, number, path, title=title or s.title, icon=s.icon)
    area = ctx.content()
    kind = visuals.kind_of(s)
    if kind is None:
        block, _ = bullets_block(ctx, s.bullets, area, path)
        return shapes + block
    if not s.bullets:
        return shapes + visuals.visual(ctx, s, path, area)
    placement = s.placement if s.placement != "auto" else visuals.default_placement(s)
    if placement == "right":
        left_w = Emu(round((area.w - g.gutter) * 0.5))
        block, _ = bullets_block(ctx, s.bullets, ir.Box(area.x, area.y, left_w, area.h), path)
        vbox = ir.Box(
            Emu(area.x + left_w + g.gutter), area.y, Emu(area.w - left_w - g.gutter), area.h
        )
        return shapes + block + visuals.visual(ctx, s, path, vbox)
    # below: bullets take what they need (at most half the area); the visual gets the rest
    top = ir.Box(area.x, area.y, area.w, Emu(round(area.h * 0.5)))
    block, fitted = bullets_block(ctx, s.bullets, top, path)
    used = fitted.height if fitted is not None else max(sh.box.bottom for sh in block) - area.y
    y = Emu(area.y + used + g.gutter)
    vbox = ir.Box(area.x, y, area.w, Emu(area.bottom - y))
    return shapes + block + visuals.visual(ctx, s, path, vbox)


def two_column_slide(ctx: Ctx, s: spec.TwoColumnSlide, path: YamlPath, number: int) -> Shapes:
    """Return two panels side by side, each with a heading, an icon and bullets."""
    t, g = ctx.theme, ctx.theme.grid
    shapes = chrome(ctx, number, path, title=s.title, icon=s.icon)
    area = ctx.content()
    col_w = Emu((area.w - g.gutter) // 2)
    pad = inches(0.3)
    panels: list[int] = []  # where the two panels sit in ``shapes``
    bottom = area.y
    for i, (side, col) in enumerate((("left", s.left), ("right", s.right))):
        x = Emu(area.x + i * (col_w + g.gutter))
        cpath = (*path, side)
        panels.append(len(shapes))
        shapes.append(
            rect(
                ctx,
                f"{side.title()} panel",
                ir.Box(x, area.y, col_w, area.h),
                t.colors.surface,
                corner=0.04,
            )
        )
        y = Emu(area.y + pad)
        inner_x = Emu(x + pad)
        inner_w = Emu(col_w - 2 * pad)
        if col.heading:
            hx = inner_x
            if col.icon:
                isz = Emu(t.icons.size)
                ic = ctx.icon(col.icon, ir.Box(inner_x, y, isz, isz), (*cpath, "icon"))
                if ic:
                    shapes.append(ic)
                hx = Emu(inner_x + isz + inches(0.2))
            hbox = ir.Box(hx, y, Emu(inner_x + inner_w - hx), Emu(t.icons.size))
            sh, _ = place(
                ctx,
                f"{side.title()} heading",
                [Para(col.heading, ctx.style("primary", t.sizes.body, heading=True, bold=True))],
                hbox,
                (*cpath, "heading"),
                min_scale=0.75,
                anchor="ctr",
                what="the column heading",
            )
            shapes.append(sh)
            y = Emu(y + t.icons.size + inches(0.25))
            shapes.append(
                rect(
                    ctx,
                    f"{side.title()} rule",
                    ir.Box(inner_x, Emu(y - inches(0.12)), inner_w, Emu(pt(1))),
                    t.colors.rule,
                )
            )
        body = ir.Box(inner_x, y, inner_w, Emu(area.bottom - pad - y))
        paras: list[Para] = []
        if col.text:
            paras.append(Para(col.text, ctx.style("text", t.sizes.body)))
        paras.extend(bullet_paras(ctx, col.bullets))
        bottom = max(bottom, y)
        if paras:
            if any(b.icon for b in col.bullets):
                block, _ = icon_rows(ctx, col.bullets, body, cpath, t.sizes.body_min / t.sizes.body)
                shapes.extend(block)
                bottom = max(bottom, *(b.box.bottom for b in block))
            else:
                sh, fitted = place(
                    ctx,
                    f"{side.title()} text",
                    paras,
                    body,
                    cpath,
                    min_scale=t.sizes.body_min / t.sizes.body,
                    what=f"the {side} column",
                )
                shapes.append(sh)
                bottom = max(bottom, sh.box.y + fitted.height)
    # Both panels as tall as the fuller column needs (at least half the area): no large
    # empty panels under short lists.
    height = Emu(min(area.h, max(area.h // 2, bottom + pad - area.y)))
    for index in panels:
        panel = shapes[index]
        shapes[index] = replace(panel, box=ir.Box(panel.box.x, panel.box.y, panel.box.w, height))
    return shapes


def quote_slide(ctx: Ctx, s: spec.QuoteSlide, path: YamlPath, number: int) -> Shapes:
    """Return a quotation with a large accent quote mark and its attribution."""
    t = ctx.theme
    shapes = chrome(ctx, number, path, title=s.title, icon=None) if s.title else footer(ctx, number)
    area = (
        ctx.content()
        if s.title
        else ir.Box(
            ctx.content().x,
            Emu(ctx.theme.grid.margin_top),
            ctx.content().w,
            Emu(ctx.content().bottom - ctx.theme.grid.margin_top),
        )
    )
    mark_w = inches(1.1)
    x = Emu(area.x + mark_w)
    w = Emu(area.w - mark_w - inches(0.8))
    paras = [Para(s.quote, ctx.style("primary", t.sizes.quote, italic=True))]
    if s.attribution:
        paras.append(Para("— " + s.attribution, ctx.style("muted", t.sizes.sub), space_before=18))
    room = ir.Box(x, Emu(area.y + inches(0.6)), w, Emu(area.h - inches(0.8)))
    # Without a title of its own, the quote is the slide's title: it goes into the title
    # placeholder, so the slide is titled for screen readers and the outline.
    quote, fitted = place(
        ctx,
        "Quote",
        paras,
        room,
        (*path, "quote"),
        min_scale=0.6,
        anchor="ctr",
        what="the quote",
        role="body" if s.title else "title",
    )
    # The mark hangs beside the first line of the quote, wherever the centred text starts.
    text_top = room.y + max(0, (room.h - fitted.height) // 2)
    mark_h = inches(1.9)
    mark_box = ir.Box(area.x, Emu(max(area.y, text_top - inches(0.45))), mark_w, Emu(mark_h))
    mark, _ = place(
        ctx,
        "Quote mark",
        [Para("“", ctx.style("accent", 110, heading=True, bold=True))],
        mark_box,
        (*path, "quote"),
        what="the quote mark",
    )
    shapes.extend([mark, quote])
    return shapes


def statement_slide(ctx: Ctx, s: spec.StatementSlide, path: YamlPath, number: int) -> Shapes:
    """Return one big claim with its caption and up to four supporting point cards."""
    t, g = ctx.theme, ctx.theme.grid
    shapes = (
        chrome(ctx, number, path, title=s.title, icon=s.icon) if s.title else footer(ctx, number)
    )
    area = ctx.content()
    cards_h = inches(1.75) if s.points else 0
    top_h = Emu(area.h - cards_h - (g.gutter if s.points else 0))
    x = area.x
    paras = [Para(s.statement, ctx.style("primary", t.sizes.statement, heading=True, bold=True))]
    if s.caption:
        paras.append(
            Para(
                s.caption,
                ctx.style("muted", t.sizes.subtitle),
                space_before=14,
                min_size=t.sizes.sub,
            )
        )
    sh, _ = place(
        ctx,
        "Statement",
        paras,
        ir.Box(x, area.y, area.w, top_h),
        (*path, "statement"),
        min_scale=t.sizes.statement_min / t.sizes.statement,
        anchor="ctr",
        what="the statement",
        role="body" if s.title else "title",  # untitled: the statement titles the slide
    )
    shapes.append(sh)
    if s.points:
        shapes.extend(
            cards(
                ctx,
                s.points,
                ir.Box(area.x, Emu(area.bottom - cards_h), area.w, Emu(cards_h)),
                (*path, "points"),
            )
        )
    return shapes


def cards(ctx: Ctx, points: Sequence[spec.Point], box: ir.Box, path: YamlPath) -> Shapes:
    """Return a row of equal cards, each with an optional icon and a short text."""
    t, _g = ctx.theme, ctx.theme.grid
    n = len(points)
    gap = inches(0.25)
    w = Emu((box.w - gap * (n - 1)) // n)
    pad = inches(0.22)
    shapes: Shapes = []
    texts: list[tuple[ir.Box, Para, YamlPath]] = []
    for i, p in enumerate(points):
        x = Emu(box.x + i * (w + gap))
        shapes.append(
            rect(ctx, f"Card {i + 1}", ir.Box(x, box.y, w, box.h), t.colors.surface, corner=0.06)
        )
        shapes.append(
            rect(ctx, f"Card {i + 1} accent", ir.Box(x, box.y, Emu(pt(4)), box.h), t.colors.accent)
        )
        tx = Emu(x + pad + pt(4))
        if p.icon:
            isz = Emu(round(t.icons.size * 0.8))
            ic = ctx.icon(p.icon, ir.Box(tx, Emu(box.y + pad), isz, isz), (*path, i, "icon"))
            if ic:
                shapes.append(ic)
            tx = Emu(tx + isz + inches(0.18))
        texts.append(
            (
                ir.Box(tx, Emu(box.y + pad), Emu(x + w - pad - tx), Emu(box.h - 2 * pad)),
                Para(p.text, ctx.style("text", t.sizes.sub)),
                (*path, i),
            )
        )
    # one size for all cards: the smallest any card needs
    scale = min(
        fit([para], b.w, b.h, ctx.measurer, min_scale=t.sizes.caption / t.sizes.sub).scale
        for b, para, _ in texts
    )
    for i, (b, para, ppath) in enumerate(texts):
        sh, _ = place(
            ctx,
            f"Card {i + 1} text",
            [para],
            b,
            ppath,
            min_scale=scale,
            max_scale=scale,
            anchor="ctr",
            what="the point",
        )
        shapes.append(sh)
    return shapes


def qa_paras(ctx: Ctx, items: Sequence[spec.QA]) -> list[Para]:
    """Return each question (bold, marked 'Q') followed by its answer (marked 'A')."""
    t, g = ctx.theme, ctx.theme.grid
    indent = Emu(g.bullet_indent)
    q_mark = ir.Bullet("Q", t.colors.accent, t.fonts.heading, indent)
    a_mark = ir.Bullet("A", t.colors.muted, t.fonts.heading, indent)
    paras: list[Para] = []
    for item in items:
        q_style = ctx.style("primary", t.sizes.body * 0.95, heading=True, bold=True)
        paras.append(
            Para(
                item.q, q_style, bullet=q_mark, margin_left=indent, space_before=g.paragraph_gap * 2
            )
        )
        a_style = ctx.style("text", t.sizes.sub)
        paras.append(
            Para(
                item.a,
                a_style,
                bullet=a_mark,
                margin_left=indent,
                space_before=g.paragraph_gap * 0.5,
                level=1,
            )
        )
    return paras


def qa_slide(
    ctx: Ctx, s: spec.QASlide, path: YamlPath, number: int, *, title: str | None = None
) -> Shapes:
    """Return questions and answers under the slide title."""
    t = ctx.theme
    shapes = chrome(ctx, number, path, title=title or s.title, icon=s.icon)
    sh, _ = place(
        ctx,
        "Questions and answers",
        qa_paras(ctx, s.items),
        ctx.content(),
        (*path, "items"),
        min_scale=t.sizes.body_min / t.sizes.body,
        what="the questions and answers",
    )
    shapes.append(sh)
    return shapes


def question_slide(ctx: Ctx, s: spec.QuestionSlide, path: YamlPath, number: int) -> Shapes:
    """Return the closing question in a panel with a large icon."""
    t = ctx.theme
    shapes = chrome(ctx, number, path, title=s.title, icon=None)
    area = ctx.content()
    shapes.append(rect(ctx, "Question panel", area, t.colors.surface, corner=0.03))
    shapes.append(
        rect(ctx, "Question accent", ir.Box(area.x, area.y, Emu(pt(6)), area.h), t.colors.accent)
    )
    pad = inches(0.55)
    isz = inches(1.3)
    ic = ctx.icon(
        s.icon or "message-circle-question-mark",
        ir.Box(Emu(area.x + pad), Emu(area.y + (area.h - isz) // 2), Emu(isz), Emu(isz)),
        (*path, "icon"),
    )
    if ic:
        shapes.append(ic)
    x = Emu(area.x + pad + isz + inches(0.5))
    box = ir.Box(x, Emu(area.y + pad), Emu(area.right - pad - x), Emu(area.h - 2 * pad))
    sh, _ = place(
        ctx,
        "Question",
        [Para(s.question, ctx.style("primary", t.sizes.question, heading=True))],
        box,
        (*path, "question"),
        min_scale=0.65,
        anchor="ctr",
        what="the question",
    )
    shapes.append(sh)
    return shapes
