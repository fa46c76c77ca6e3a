"""Visuals: stats, charts, tables and diagrams laid out inside a box.

Diagrams are sized from measured text, evenly spaced and centred in their box, with
connectors glued to connection sites so they stay attached when moved in PowerPoint.
Connection sites of rectangles and rounded rectangles: 0 top, 1 left, 2 bottom, 3 right.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from msgspec.structs import replace

from deckgen import ir, markup, spec
from deckgen.diagnostics import YamlPath
from deckgen.layout.context import Ctx
from deckgen.layout.text import Fitted, Para, fit, single_line_width
from deckgen.units import Emu, inches, pt, to_inches

Shapes = list[ir.AnyShape]
TOP, LEFT, BOTTOM, RIGHT = 0, 1, 2, 3


def kind_of(s: spec.VisualFields) -> str | None:
    """Return which visual a slide carries ('chart', 'diagram', 'table', 'stat') or None."""
    for k in spec.VISUALS:
        if getattr(s, k) is not None:
            return k
    return None


def default_placement(s: spec.VisualFields) -> str:
    """Return where a visual goes beside bullets when the deck says 'auto'."""
    if s.diagram is not None and s.diagram.kind in ("flow", "timeline", "comparison"):
        return "below"
    if s.equation is not None:
        return "below"
    return "right"


def visual(ctx: Ctx, s: spec.VisualFields, path: YamlPath, box: ir.Box) -> Shapes:
    """Return the shapes of the slide's visual laid out in ``box``."""
    if s.stat is not None:
        return stat(ctx, s.stat, (*path, "stat"), box)
    if s.chart is not None:
        return [chart(ctx, s.chart, (*path, "chart"), box)]
    if s.table is not None:
        return table(ctx, s.table, (*path, "table"), box)
    if s.code is not None:
        from deckgen.layout.code import code_block

        return code_block(ctx, s.code, (*path, "code"), box)
    if s.image is not None:
        return image(ctx, s.image, (*path, "image"), box)
    if s.equation is not None:
        from deckgen.layout.math import equations

        items = s.equation if isinstance(s.equation, list) else [s.equation]
        return equations(ctx, items, (*path, "equation"), box)
    assert s.diagram is not None
    return diagram(ctx, s.diagram, (*path, "diagram"), box)


# --- small helpers ---------------------------------------------------------------------


def _text(
    ctx: Ctx,
    name: str,
    paras: Sequence[Para],
    box: ir.Box,
    path: YamlPath,
    *,
    min_scale: float = 1.0,
    anchor: str = "t",
    what: str = "text",
    fill: str | None = None,
    line: str | None = None,
    geometry: str = "rect",
    corner: float = 0.0,
    insets: int | tuple[int, int, int, int] = 0,
) -> tuple[ir.TextShape, Fitted]:
    from deckgen.layout.slides import place

    return place(
        ctx,
        name,
        paras,
        box,
        path,
        min_scale=min_scale,
        anchor=anchor,
        what=what,
        fill=fill,
        line=line,
        geometry=geometry,
        corner=corner,
        insets=insets if isinstance(insets, tuple) else (insets, insets, insets, insets),
    )


def connector(
    ctx: Ctx, a: ir.TextShape, a_site: int, b: ir.TextShape, b_site: int, path: YamlPath
) -> ir.ConnectorShape:
    """Return a connector glued from ``a``'s site to ``b``'s site, with PowerPoint's geometry.

    Aligned sites get a straight connector; a horizontal side to a vertical side gets the
    L-shaped ``bentConnector2``; parallel sides that are not aligned get ``bentConnector3``.
    """
    x1, y1 = site_point(a.box, a_site)
    x2, y2 = site_point(b.box, b_site)
    color = ctx.theme.colors.accent
    width = Emu(pt(1.75))
    horiz = {LEFT, RIGHT}
    common = dict(
        key=ctx.key("c"),
        name="Connector",
        origin=path,
        begin=(a.key, a_site),
        end=(b.key, b_site),
        color=color,
        width=width,
    )
    if x1 == x2 or y1 == y2:
        box = ir.Box(Emu(min(x1, x2)), Emu(min(y1, y2)), Emu(abs(x2 - x1)), Emu(abs(y2 - y1)))
        return ir.ConnectorShape(
            box=box, geometry="straightConnector1", flip_h=x2 < x1, flip_v=y2 < y1, **common
        )  # type: ignore[arg-type]
    if (a_site in horiz) != (b_site in horiz):
        # bentConnector2 runs along the top edge of its box, then down the right edge.
        # Rotation by quarter turns makes it start in the direction a_site faces.
        dx, dy = x2 - x1, y2 - y1
        w, h = abs(dx), abs(dy)
        start_h = a_site in horiz
        if start_h:
            rot, flip_v = (0.0, dy < 0) if dx > 0 else (180.0, dy > 0)
            box = ir.Box(Emu(min(x1, x2)), Emu(min(y1, y2)), Emu(w), Emu(h))
            return ir.ConnectorShape(
                box=box, geometry="bentConnector2", rotation=rot, flip_v=flip_v, **common
            )  # type: ignore[arg-type]
        # vertical start: turn a quarter; the unrotated box has width and height swapped
        rot, flip_v = (90.0, dx > 0) if dy > 0 else (270.0, dx < 0)
        cx, cy = (x1 + x2) / 2, (y1 + y2) / 2
        box = ir.Box(Emu(round(cx - h / 2)), Emu(round(cy - w / 2)), Emu(h), Emu(w))
        return ir.ConnectorShape(
            box=box, geometry="bentConnector2", rotation=rot, flip_v=flip_v, **common
        )  # type: ignore[arg-type]
    box = ir.Box(Emu(min(x1, x2)), Emu(min(y1, y2)), Emu(abs(x2 - x1)), Emu(abs(y2 - y1)))
    if a_site in horiz:
        return ir.ConnectorShape(
            box=box, geometry="bentConnector3", flip_h=x2 < x1, flip_v=y2 < y1, **common
        )  # type: ignore[arg-type]
    cx, cy = (x1 + x2) / 2, (y1 + y2) / 2
    w, h = abs(x2 - x1), abs(y2 - y1)
    rbox = ir.Box(Emu(round(cx - h / 2)), Emu(round(cy - w / 2)), Emu(h), Emu(w))
    return ir.ConnectorShape(
        box=rbox, geometry="bentConnector3", rotation=90.0, flip_v=x2 > x1, flip_h=y2 < y1, **common
    )  # type: ignore[arg-type]


def site_point(box: ir.Box, site: int) -> tuple[int, int]:
    """Return the slide coordinates of a rectangle's connection site."""
    return {
        TOP: (box.x + box.w // 2, box.y),
        LEFT: (box.x, box.y + box.h // 2),
        BOTTOM: (box.x + box.w // 2, box.bottom),
        RIGHT: (box.right, box.y + box.h // 2),
    }[site]


def _center(box: ir.Box, w: int, h: int) -> ir.Box:
    return ir.Box(Emu(box.x + (box.w - w) // 2), Emu(box.y + (box.h - h) // 2), Emu(w), Emu(h))


# --- stat ------------------------------------------------------------------------------


def stat(ctx: Ctx, s: spec.Stat, path: YamlPath, box: ir.Box) -> Shapes:
    """Return a big number with its label, and the earlier value greyed with an arrow."""
    t = ctx.theme
    shapes: Shapes = []
    big = ctx.style("accent", t.sizes.stat, heading=True, bold=True)
    label_style = ctx.style("muted", t.sizes.sub)
    panel = ir.Box(box.x, box.y, box.w, box.h)
    from deckgen.layout.slides import rect

    shapes.append(rect(ctx, "Stat panel", panel, t.colors.surface, corner=0.04))
    pad = inches(0.35)
    inner = ir.Box(
        Emu(panel.x + pad), Emu(panel.y + pad), Emu(panel.w - 2 * pad), Emu(panel.h - 2 * pad)
    )
    if s.before is None:
        paras = [Para(s.value, big, align="ctr")]
        if s.label:
            paras.append(Para(s.label, label_style, align="ctr", space_before=6))
        sh, _ = _text(ctx, "Stat", paras, inner, path, min_scale=0.4, anchor="ctr", what="the stat")
        return [*shapes, sh]
    # before → after: two stacked values with a down arrow between them
    small = ctx.style("muted", t.sizes.stat * 0.5, heading=True, bold=True)
    third = Emu(inner.h // 3)
    top = ir.Box(inner.x, inner.y, inner.w, third)
    paras = [Para(s.before, small, align="ctr")]
    if s.before_label:
        paras.append(
            Para(s.before_label, ctx.style("muted", t.sizes.caption), align="ctr", space_before=2)
        )
    sh1, _f1 = _text(
        ctx,
        "Stat before",
        paras,
        top,
        (*path, "before"),
        min_scale=0.5,
        anchor="ctr",
        what="the earlier value",
    )
    bottom = ir.Box(
        inner.x, Emu(inner.y + third + inches(0.5)), inner.w, Emu(inner.h - third - inches(0.5))
    )
    paras = [Para(s.value, big, align="ctr")]
    if s.label:
        paras.append(Para(s.label, label_style, align="ctr", space_before=4))
    sh2, _f2 = _text(ctx, "Stat", paras, bottom, path, min_scale=0.4, anchor="ctr", what="the stat")
    ax = Emu(inner.x + inner.w // 2)
    arrow = ir.LineShape(
        key=ctx.key("l"),
        name="Stat arrow",
        box=ir.Box(ax, Emu(top.bottom + inches(0.05)), Emu(0), Emu(inches(0.4))),
        origin=path,
        color=t.colors.accent,
        width=Emu(pt(2.5)),
        tail="triangle",
    )
    return [*shapes, sh1, arrow, sh2]


# --- image -----------------------------------------------------------------------------

#: Below this many pixels per inch a picture looks soft on a projector.
MIN_DPI = 150


def image(ctx: Ctx, img: spec.Image, path: YamlPath, box: ir.Box) -> Shapes:
    """Return a picture fitted into ``box`` (contain: whole, centred; cover: filled, cropped),
    with its caption under it; an SVG becomes native vector shapes."""
    shapes: Shapes = []
    if img.caption:
        cap_h = inches(0.45)
        sh, _ = _text(
            ctx,
            "Image caption",
            [
                Para(
                    img.caption,
                    ctx.style("muted", ctx.theme.sizes.caption, italic=True),
                    align="ctr",
                )
            ],
            ir.Box(box.x, Emu(box.bottom - cap_h), box.w, Emu(cap_h)),
            (*path, "caption"),
            min_scale=0.8,
            anchor="b",
            what="the caption",
        )
        shapes.append(sh)
        box = ir.Box(box.x, box.y, box.w, Emu(box.h - cap_h - inches(0.1)))
    vector = ctx.assets.vectors.get(path)
    if vector is not None:
        w, h = _contain(vector.width, vector.height, box)
        where = _center(box, w, h)
        drawing = ctx.vector(
            vector,
            where,
            path,
            name=f"Drawing: {img.path}",
            alt=img.alt,
            color=ctx.theme.colors.primary,
            stroke=vector.stroke_width,
        )
        shapes.insert(0, drawing)
        return shapes
    pic = ctx.assets.pictures.get(path)
    if pic is None:
        return shapes  # the assets stage has already reported why
    crop = (0.0, 0.0, 0.0, 0.0)
    if img.fit == "contain":
        w, h = _contain(pic.width, pic.height, box)
        where = _center(box, w, h)
        shown_px = pic.width
    else:
        where = box
        scale = max(box.w / pic.width, box.h / pic.height)
        cut_x = max(0.0, 1 - box.w / (pic.width * scale)) / 2
        cut_y = max(0.0, 1 - box.h / (pic.height * scale)) / 2
        crop = (cut_x, cut_y, cut_x, cut_y)
        shown_px = round(pic.width * (1 - 2 * cut_x))
    dpi = shown_px / to_inches(where.w)
    if dpi < MIN_DPI:
        ctx.warn(
            f"'{img.path}' is shown at {dpi:.0f} pixels per inch; "
            f"it will look soft (aim for {MIN_DPI}+)",
            (*path, "path"),
            hint="use a larger image",
            rule="low-resolution",
        )
    shapes.insert(
        0,
        ir.PictureShape(
            key=ctx.key("pic"),
            name=f"Picture: {img.path}",
            box=where,
            origin=path,
            alt=img.alt,
            data=pic.data,
            format=pic.format,
            sha=pic.sha,
            crop_l=round(crop[0], 6),
            crop_t=round(crop[1], 6),
            crop_r=round(crop[2], 6),
            crop_b=round(crop[3], 6),
        ),
    )
    return shapes


def _contain(width: int, height: int, box: ir.Box) -> tuple[int, int]:
    """Return the largest size with ``width:height``'s aspect ratio that fits ``box``."""
    scale = min(box.w / width, box.h / height)
    return max(1, round(width * scale)), max(1, round(height * scale))


# --- chart -----------------------------------------------------------------------------


def chart(ctx: Ctx, c: spec.Chart, path: YamlPath, box: ir.Box) -> ir.ChartShape:
    """Return a native chart in the theme palette filling ``box``."""
    t = ctx.theme
    palette = t.colors.series
    many = len(c.series) > 1
    ctype = ("column" if c.orientation == "vertical" else "bar") if c.kind == "bar" else c.kind
    series = tuple(
        ir.ChartSeries(s.name, tuple(s.values), palette[i % len(palette)])
        for i, s in enumerate(c.series)
    )
    point_colors: tuple[str, ...] = ()
    if ctype in ("pie", "doughnut"):
        point_colors = tuple(palette[i % len(palette)] for i in range(len(c.categories)))
    legend = c.legend if c.legend is not None else (many or ctype in ("pie", "doughnut"))
    categories = tuple(markup.plain(x) for x in c.categories)
    labels = c.labels
    if ctype in ("pie", "doughnut") and labels:
        # Labels on thin slices collide; the legend carries each slice's value instead.
        values = c.series[0].values
        categories = tuple(f"{k}  {v:g}{c.unit}" for k, v in zip(categories, values, strict=True))
        labels = False
        legend = True
    alt = c.alt or _chart_alt(c)
    return ir.ChartShape(
        key=ctx.key("chart"),
        name=f"Chart: {markup.plain(c.title) if c.title else c.kind}",
        box=box,
        origin=path,
        alt=alt,
        chart_type=ctype,  # type: ignore[arg-type]
        categories=categories,
        series=series,
        point_colors=point_colors,
        number_format=c.number_format,
        unit=c.unit,
        labels=labels,
        legend=legend,
        font=t.fonts.body,
        font_size=t.sizes.chart,
        # many bars or points: smaller labels so neighbours do not collide
        label_size=t.sizes.chart - (2 if len(c.categories) * len(c.series) > 10 else 0),
        text_color=t.colors.text,
        axis_color=t.colors.rule,
        grid_color=t.colors.surface,
        axis_min=c.axis_min,
        axis_max=c.axis_max,
        gap_width=60 if many else 80,
        title=markup.plain(c.title) if c.title else None,
    )


def _chart_alt(c: spec.Chart) -> str:
    parts = []
    for s in c.series:
        pairs = ", ".join(
            f"{markup.plain(k)} {v:g}{c.unit}" for k, v in zip(c.categories, s.values, strict=True)
        )
        parts.append(f"{markup.plain(s.name)}: {pairs}")
    head = f"{c.kind.capitalize()} chart" + (f" '{markup.plain(c.title)}'" if c.title else "")
    return f"{head}. " + "; ".join(parts)


# --- table -----------------------------------------------------------------------------


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


def table(ctx: Ctx, tb: spec.Table, path: YamlPath, box: ir.Box) -> Shapes:
    """Return a native table: header row, zebra rows, widths from measured content."""
    t = ctx.theme
    ncol = len(tb.columns)
    pad_x, pad_y = inches(0.14), inches(0.08)
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
        rows_h, cells = _table_cells(ctx, tb, widths, head, body, aligns, pad_x, pad_y)
        total = sum(rows_h)
        if total <= box.h or size <= t.sizes.table_min:
            break
        size -= 0.5
    if total > box.h:
        over = Fitted(ir.TextFrame(()), 1.0, Emu(total), Emu(total - box.h), Emu(0))
        ctx.overflow("the table", over, box.h, t.sizes.table_min, path)
    tw = sum(widths)
    tbox = ir.Box(box.x, box.y, Emu(tw), Emu(total))
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
            )
            height = max(height, f.height)
            fill = (
                t.colors.primary
                if i == 0
                else (t.colors.surface if i % 2 == 0 else t.colors.background)
            )
            cells.append(ir.TableCell(f.frame, fill))
        rows_h.append(max(height, inches(0.45)))
        out.append(tuple(cells))
    return rows_h, tuple(out)


# --- diagrams --------------------------------------------------------------------------


def diagram(ctx: Ctx, d: spec.Diagram, path: YamlPath, box: ir.Box) -> Shapes:
    """Return the diagram's shapes laid out in ``box`` (minus a caption line if any)."""
    shapes: Shapes = []
    if d.caption:
        cap_h = inches(0.45)
        sh, _ = _text(
            ctx,
            "Diagram caption",
            [
                Para(
                    d.caption, ctx.style("muted", ctx.theme.sizes.caption, italic=True), align="ctr"
                )
            ],
            ir.Box(box.x, Emu(box.bottom - cap_h), box.w, Emu(cap_h)),
            (*path, "caption"),
            min_scale=0.8,
            anchor="b",
            what="the caption",
        )
        shapes.append(sh)
        box = ir.Box(box.x, box.y, box.w, Emu(box.h - cap_h - inches(0.1)))
    fn = {
        "flow": flow,
        "cycle": cycle,
        "tree": tree,
        "comparison": comparison,
        "timeline": timeline,
        "stack": stack,
    }[d.kind]
    # One group, announced by its structure: "Flow: SFT → DPO → GRPO".
    alt = markup.plain(d.alt) if d.alt else diagram_alt(d)
    return [replace(sh, group=alt) for sh in fn(ctx, d, path, box)] + shapes


def diagram_alt(d: spec.Diagram) -> str:
    """Return alt text stating the diagram's structure, e.g. "Flow: SFT → DPO → GRPO"."""

    def label(n: spec.Node) -> str:
        return markup.plain(n.label)

    def tree_text(n: spec.Node) -> str:
        kids = ", ".join(tree_text(c) for c in n.children)
        return f"{label(n)} ({kids})" if kids else label(n)

    names = [label(n) for n in d.nodes]
    if d.kind == "flow":
        return "Flow: " + " → ".join(names)
    if d.kind == "cycle":
        return "Cycle: " + " → ".join([*names, names[0]])
    if d.kind == "tree":
        return "Tree: " + tree_text(d.nodes[0])
    if d.kind == "comparison":
        cols = [
            label(n) + (": " + ", ".join(markup.plain(i) for i in n.items) if n.items else "")
            for n in d.nodes
        ]
        return "Comparison: " + "; ".join(cols)
    if d.kind == "timeline":
        return "Timeline: " + " → ".join(
            f"{markup.plain(n.date)} {label(n)}" if n.date else label(n) for n in d.nodes
        )
    return "Stack, top to bottom: " + ", ".join(names)


def _node(
    ctx: Ctx,
    n: spec.Node,
    box: ir.Box,
    path: YamlPath,
    *,
    size: float,
    with_icon: bool = True,
    fill: str | None = None,
    text_role: str = "primary",
    bold: bool = True,
) -> Shapes:
    """Return a rounded node box with an optional icon above its label and caption."""
    t = ctx.theme
    emph = n.emphasis
    fill = fill or (t.colors.primary if emph else t.colors.surface)
    role = "on_primary" if emph else text_role
    shapes: Shapes = []
    pad = inches(0.12)
    paras = [Para(n.label, ctx.style(role, size, bold=bold), align="ctr")]
    if n.caption:
        paras.append(
            Para(
                n.caption,
                ctx.style("on_primary" if emph else "muted", size * 0.8),
                align="ctr",
                space_before=3,
            )
        )
    icon_h = 0
    if n.icon and with_icon:
        icon_h = min(t.icons.size, box.h // 3)
    # The label sits under the icon: the top inset makes room for it, and the text is
    # fitted with that inset so a long caption shrinks rather than spilling out.
    top = Emu(pad + icon_h + inches(0.06)) if icon_h else pad
    node, _ = _text(
        ctx,
        f"Node: {markup.plain(n.label)}",
        paras,
        box,
        path,
        min_scale=t.sizes.diagram_min / size,
        anchor="ctr" if not icon_h else "t",
        what="the diagram node",
        fill=fill,
        line=t.colors.primary if not emph else None,
        geometry="roundRect",
        corner=0.12,
        insets=(pad, pad, top, pad),
    )
    shapes.append(node)
    if icon_h and n.icon:
        ic = ctx.icon(
            n.icon,
            ir.Box(Emu(box.x + (box.w - icon_h) // 2), Emu(box.y + pad), Emu(icon_h), Emu(icon_h)),
            (*path, "icon"),
            role="on_primary" if emph else None,
        )
        if ic:
            shapes.append(ic)
    return shapes


def _label_height(ctx: Ctx, nodes: Sequence[spec.Node], width: int, size: float, icon: bool) -> int:
    t = ctx.theme
    pad = inches(0.12)
    best = 0
    for n in nodes:
        paras = [Para(n.label, ctx.style("primary", size, bold=True), align="ctr")]
        if n.caption:
            paras.append(
                Para(n.caption, ctx.style("muted", size * 0.8), align="ctr", space_before=3)
            )
        f = fit(paras, Emu(width - 2 * pad), Emu(10**8), ctx.measurer)
        best = max(best, f.height)
    return best + 2 * pad + (t.icons.size + inches(0.06) if icon else 0)


def flow(ctx: Ctx, d: spec.Diagram, path: YamlPath, box: ir.Box) -> Shapes:
    """Return steps left→right joined by arrows; long flows snake onto a second row."""
    t = ctx.theme
    n = len(d.nodes)
    gap = inches(0.5)
    size = t.sizes.diagram
    rows = 1 if n <= 6 else 2 if n <= 12 else math.ceil(n / 6)
    per_row = math.ceil(n / rows)
    w = min(inches(2.6), (box.w - gap * (per_row - 1)) // per_row)
    icon = any(x.icon for x in d.nodes)
    h = _label_height(ctx, d.nodes, w, size, icon)
    row_gap = inches(0.55)
    total_h = rows * h + (rows - 1) * row_gap
    if total_h > box.h:
        h = max((box.h - (rows - 1) * row_gap) // rows, inches(0.6))
        total_h = rows * h + (rows - 1) * row_gap
    total_w = per_row * w + (per_row - 1) * gap
    x0 = box.x + (box.w - total_w) // 2
    y0 = box.y + (box.h - total_h) // 2
    shapes: Shapes = []
    nodes: list[ir.TextShape] = []
    for i, node in enumerate(d.nodes):
        r, c = divmod(i, per_row)
        if r % 2 == 1:
            c = per_row - 1 - c  # snake: odd rows run right to left
        b = ir.Box(Emu(x0 + c * (w + gap)), Emu(y0 + r * (h + row_gap)), Emu(w), Emu(h))
        made = _node(ctx, node, b, (*path, "nodes", i), size=size)
        shapes.extend(made)
        nodes.append(made[0])  # type: ignore[arg-type]
    for i in range(n - 1):
        r1, r2 = i // per_row, (i + 1) // per_row
        if r1 == r2:
            a_site, b_site = (RIGHT, LEFT) if r1 % 2 == 0 else (LEFT, RIGHT)
        else:
            a_site, b_site = BOTTOM, TOP
        shapes.append(
            connector(ctx, nodes[i], a_site, nodes[i + 1], b_site, (*path, "nodes", i + 1))
        )
    return shapes


def cycle(ctx: Ctx, d: spec.Diagram, path: YamlPath, box: ir.Box) -> Shapes:
    """Return nodes around a loop; four nodes sit at the compass points joined by L arrows."""
    t = ctx.theme
    n = len(d.nodes)
    size = t.sizes.diagram
    icon = any(x.icon for x in d.nodes)
    w = min(inches(2.3), box.w * 0.36)
    h = _label_height(ctx, d.nodes, w, size, icon)
    cx, cy = box.x + box.w // 2, box.y + box.h // 2
    rx = min(box.w / 2 - w / 2, inches(3.2))
    ry = box.h / 2 - h / 2
    shapes: Shapes = []
    nodes: list[ir.TextShape] = []
    for i, node in enumerate(d.nodes):
        ang = -math.pi / 2 + 2 * math.pi * i / n
        bx = round(cx + rx * math.cos(ang) - w / 2)
        by = round(cy + ry * math.sin(ang) - h / 2)
        made = _node(
            ctx, node, ir.Box(Emu(bx), Emu(by), Emu(w), Emu(h)), (*path, "nodes", i), size=size
        )
        shapes.extend(made)
        nodes.append(made[0])  # type: ignore[arg-type]
    for i in range(n):
        a, b = nodes[i], nodes[(i + 1) % n]
        if n == 4:
            sites = [(RIGHT, TOP), (BOTTOM, RIGHT), (LEFT, BOTTOM), (TOP, LEFT)][i]
        else:
            sites = _facing(a.box, b.box)
        shapes.append(connector(ctx, a, sites[0], b, sites[1], (*path, "nodes", (i + 1) % n)))
    return shapes


def _facing(a: ir.Box, b: ir.Box) -> tuple[int, int]:
    """Return the sites of two boxes that face each other most directly."""
    dx = (b.x + b.w / 2) - (a.x + a.w / 2)
    dy = (b.y + b.h / 2) - (a.y + a.h / 2)
    if abs(dx) * a.h >= abs(dy) * a.w:
        return (RIGHT, LEFT) if dx > 0 else (LEFT, RIGHT)
    return (BOTTOM, TOP) if dy > 0 else (TOP, BOTTOM)


def tree(ctx: Ctx, d: spec.Diagram, path: YamlPath, box: ir.Box) -> Shapes:
    """Return a root on the left fanning out to its children (and grandchildren) on the right."""
    t = ctx.theme
    root = d.nodes[0]
    kids = root.children
    levels = 3 if any(k.children for k in kids) else 2
    size = t.sizes.diagram
    col_gap = inches(0.7)
    w = min(inches(2.6), (box.w - col_gap * (levels - 1)) // levels)
    leaves = sum(max(1, len(k.children)) for k in kids) if levels == 3 else len(kids)
    vgap = inches(0.18)
    h_need = _label_height(ctx, [root, *kids], w, size, False)
    h = min(max(h_need, inches(0.55)), (box.h - vgap * (leaves - 1)) // leaves)
    total_w = levels * w + (levels - 1) * col_gap
    x0 = box.x + (box.w - total_w) // 2
    total_h = leaves * h + (leaves - 1) * vgap
    y0 = box.y + (box.h - total_h) // 2
    shapes: Shapes = []
    kid_shapes: list[ir.TextShape] = []
    slot = 0
    for i, k in enumerate(kids):
        span = max(1, len(k.children)) if levels == 3 else 1
        ky = y0 + slot * (h + vgap) + (span * h + (span - 1) * vgap - h) // 2
        made = _node(
            ctx,
            k,
            ir.Box(Emu(x0 + w + col_gap), Emu(ky), Emu(w), Emu(h)),
            (*path, "nodes", 0, "children", i),
            size=size,
            with_icon=False,
        )
        shapes.extend(made)
        kid_shapes.append(made[0])  # type: ignore[arg-type]
        if levels == 3:
            for j, g in enumerate(k.children):
                gy = y0 + (slot + j) * (h + vgap)
                gm = _node(
                    ctx,
                    g,
                    ir.Box(Emu(x0 + 2 * (w + col_gap)), Emu(gy), Emu(w), Emu(h)),
                    (*path, "nodes", 0, "children", i, "children", j),
                    size=size,
                    with_icon=False,
                )
                shapes.extend(gm)
                shapes.append(
                    connector(ctx, made[0], RIGHT, gm[0], LEFT, (*path, "nodes", 0, "children", i))
                )  # type: ignore[arg-type]
        slot += span
    rh = max(h, min(inches(1.4), total_h))
    root_box = ir.Box(Emu(x0), Emu(y0 + (total_h - rh) // 2), Emu(w), Emu(rh))
    rm = _node(ctx, replace(root, emphasis=True), root_box, (*path, "nodes", 0), size=size)
    shapes = rm + shapes
    for i, ks in enumerate(kid_shapes):
        shapes.append(connector(ctx, rm[0], RIGHT, ks, LEFT, (*path, "nodes", 0, "children", i)))  # type: ignore[arg-type]
    return shapes


def comparison(ctx: Ctx, d: spec.Diagram, path: YamlPath, box: ir.Box) -> Shapes:
    """Return two or three columns, each a header band over a panel of items."""
    t = ctx.theme
    n = len(d.nodes)
    gap = inches(0.35)
    w = (box.w - gap * (n - 1)) // n
    head_h = inches(0.7)
    shapes: Shapes = []
    from deckgen.layout.slides import rect

    pad = inches(0.22)
    mark = ir.Bullet(t.bullet_char, t.colors.accent, t.fonts.body, Emu(inches(0.28)))
    columns: list[list[Para]] = []
    for col in d.nodes:
        paras = [
            Para(
                it,
                ctx.style("text", t.sizes.sub),
                bullet=mark,
                margin_left=Emu(inches(0.28)),
                space_before=8,
            )
            for it in col.items
        ]
        if col.caption:
            paras.insert(0, Para(col.caption, ctx.style("muted", t.sizes.caption, italic=True)))
        columns.append(paras or [Para("", ctx.style())])
    # Panels as tall as the longest column needs (not the whole area): no empty boxes.
    need = max(fit(p, Emu(w - 2 * pad), Emu(10**8), ctx.measurer).height for p in columns)
    panel_h = min(box.h - head_h, max(need + 2 * pad + inches(0.2), inches(2.0)))
    for i, col in enumerate(d.nodes):
        x = box.x + i * (w + gap)
        cpath = (*path, "nodes", i)
        head_fill = t.colors.primary if col.emphasis or i == n - 1 else t.colors.muted
        shapes.append(
            rect(ctx, "Column header", ir.Box(Emu(x), box.y, Emu(w), Emu(head_h)), head_fill)
        )
        hx = x + inches(0.2)
        if col.icon:
            isz = inches(0.4)
            ic = ctx.icon(
                col.icon,
                ir.Box(Emu(hx), Emu(box.y + (head_h - isz) // 2), Emu(isz), Emu(isz)),
                (*cpath, "icon"),
                role="on_primary",
            )
            if ic:
                shapes.append(ic)
            hx += isz + inches(0.15)
        sh, _ = _text(
            ctx,
            "Column heading",
            [Para(col.label, ctx.style("on_primary", t.sizes.body * 0.9, bold=True))],
            ir.Box(Emu(hx), box.y, Emu(x + w - hx - inches(0.1)), Emu(head_h)),
            (*cpath, "label"),
            min_scale=0.7,
            anchor="ctr",
            what="the column heading",
        )
        shapes.append(sh)
        sh, _ = _text(
            ctx,
            "Column items",
            columns[i],
            ir.Box(Emu(x), Emu(box.y + head_h), Emu(w), Emu(panel_h)),
            (*cpath, "items"),
            min_scale=t.sizes.diagram_min / t.sizes.sub,
            what="the column",
            fill=t.colors.surface,
            insets=pad,
        )
        shapes.append(sh)
    return shapes


def timeline(ctx: Ctx, d: spec.Diagram, path: YamlPath, box: ir.Box) -> Shapes:
    """Return dated milestones on a horizontal axis: date above each dot, label below."""
    t = ctx.theme
    n = len(d.nodes)
    slot = box.w // n
    dot = inches(0.26)
    # Centre the composition (dates, axis, labels) vertically on what it needs.
    label_w = Emu(slot - inches(0.1))
    date_h = max(
        (
            fit(
                [Para(x.date, ctx.style("primary", t.sizes.sub, bold=True))],
                label_w,
                Emu(10**8),
                ctx.measurer,
            ).height
            for x in d.nodes
            if x.date
        ),
        default=0,
    )
    label_h = max(
        fit(
            [
                Para(x.label, ctx.style("text", t.sizes.diagram, bold=True)),
                *(
                    [Para(x.caption, ctx.style("muted", t.sizes.caption), space_before=3)]
                    if x.caption
                    else []
                ),
            ],
            label_w,
            Emu(10**8),
            ctx.measurer,
        ).height
        for x in d.nodes
    )
    comp = date_h + label_h + 2 * dot + inches(0.2)
    axis_y = box.y + max(date_h + dot, (box.h - comp) // 2 + date_h + dot)
    shapes: Shapes = [
        ir.LineShape(
            key=ctx.key("l"),
            name="Timeline axis",
            box=ir.Box(box.x, Emu(axis_y), box.w, Emu(0)),
            origin=path,
            color=t.colors.rule,
            width=Emu(pt(2.5)),
        )
    ]
    for i, node in enumerate(d.nodes):
        cx = box.x + slot * i + slot // 2
        npath = (*path, "nodes", i)
        shapes.append(
            ir.TextShape(
                key=ctx.key("dot"),
                name="Milestone",
                box=ir.Box(Emu(cx - dot // 2), Emu(axis_y - dot // 2), Emu(dot), Emu(dot)),
                origin=npath,
                geometry="ellipse",
                fill=t.colors.primary if node.emphasis else t.colors.accent,
                role="decoration",
            )
        )
        if node.date:
            sh, _ = _text(
                ctx,
                "Milestone date",
                [Para(node.date, ctx.style("primary", t.sizes.sub, bold=True), align="ctr")],
                ir.Box(
                    Emu(cx - slot // 2 + inches(0.05)),
                    box.y,
                    Emu(slot - inches(0.1)),
                    Emu(axis_y - dot - box.y),
                ),
                (*npath, "date"),
                min_scale=0.7,
                anchor="b",
                what="the date",
            )
            shapes.append(sh)
        paras = [Para(node.label, ctx.style("text", t.sizes.diagram, bold=True), align="ctr")]
        if node.caption:
            paras.append(
                Para(node.caption, ctx.style("muted", t.sizes.caption), align="ctr", space_before=3)
            )
        top = axis_y + dot
        sh, _ = _text(
            ctx,
            "Milestone label",
            paras,
            ir.Box(
                Emu(cx - slot // 2 + inches(0.05)),
                Emu(top),
                Emu(slot - inches(0.1)),
                Emu(box.bottom - top),
            ),
            npath,
            min_scale=t.sizes.diagram_min / t.sizes.diagram,
            what="the milestone",
        )
        shapes.append(sh)
    return shapes


def stack(ctx: Ctx, d: spec.Diagram, path: YamlPath, box: ir.Box) -> Shapes:
    """Return layered blocks top to bottom joined by arrows, captions inside each block."""
    t = ctx.theme
    n = len(d.nodes)
    gap = inches(0.32)
    w = min(box.w, inches(5.2))
    h = min(inches(0.95), (box.h - gap * (n - 1)) // n)
    total_h = n * h + (n - 1) * gap
    x = box.x + (box.w - w) // 2
    y0 = box.y + (box.h - total_h) // 2
    shapes: Shapes = []
    blocks: list[ir.TextShape] = []
    for i, node in enumerate(d.nodes):
        b = ir.Box(Emu(x), Emu(y0 + i * (h + gap)), Emu(w), Emu(h))
        made = _node(ctx, node, b, (*path, "nodes", i), size=t.sizes.diagram, with_icon=False)
        shapes.extend(made)
        blocks.append(made[0])  # type: ignore[arg-type]
        if node.icon:
            isz = Emu(min(inches(0.42), h - inches(0.2)))
            ic = ctx.icon(
                node.icon,
                ir.Box(Emu(x + inches(0.2)), Emu(b.y + (h - isz) // 2), isz, isz),
                (*path, "nodes", i, "icon"),
                role="on_primary" if node.emphasis else None,
            )
            if ic:
                shapes.append(ic)
    for i in range(n - 1):
        shapes.append(
            connector(ctx, blocks[i], BOTTOM, blocks[i + 1], TOP, (*path, "nodes", i + 1))
        )
    return shapes
