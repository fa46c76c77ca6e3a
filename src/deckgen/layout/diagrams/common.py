"""What every diagram kind shares: node boxes sized from measured labels, and connectors
glued to connection sites so they stay attached when moved in PowerPoint.

Connection sites of rectangles and rounded rectangles: 0 top, 1 left, 2 bottom, 3 right.
"""

from __future__ import annotations

from collections.abc import Sequence

from deckgen import ir, markup, spec
from deckgen.diagnostics import YamlPath
from deckgen.layout.context import Ctx
from deckgen.layout.shapes import Shapes, measure_in, text_in
from deckgen.layout.text import Para
from deckgen.units import Emu, inches, pt

TOP, LEFT, BOTTOM, RIGHT = 0, 1, 2, 3


def connector(
    ctx: Ctx,
    a: ir.TextShape,
    a_site: int,
    b: ir.TextShape,
    b_site: int,
    path: YamlPath,
    state: str | None = None,
) -> ir.ConnectorShape:
    """Return a connector glued from ``a``'s site to ``b``'s site, with PowerPoint's geometry;
    an 'active' connector is heavier, a 'muted' one thin and grey.

    Aligned sites get a straight connector; a horizontal side to a vertical side gets the
    L-shaped ``bentConnector2``; parallel sides that are not aligned get ``bentConnector3``.
    """
    x1, y1 = site_point(a.box, a_site)
    x2, y2 = site_point(b.box, b_site)
    color = ctx.theme.colors.neutral if state == "muted" else ctx.theme.colors.accent
    width = Emu(pt({"active": 3.5, "muted": 1.25}.get(state or "", 1.75)))
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


def state_of(d: spec.Diagram, n: spec.Node) -> str | None:
    """Return 'active', 'muted' or None (drawn as usual): once any node of the diagram is
    marked ``active: true``, the nodes not marked are muted."""
    if n.active:
        return "active"
    if n.active is False or any_active(d.nodes):
        return "muted"
    return None


def any_active(nodes: Sequence[spec.Node]) -> bool:
    """Return True when any node (or descendant) is marked ``active: true``."""
    return any(n.active or any_active(n.children) for n in nodes)


def _node_parts(
    ctx: Ctx,
    n: spec.Node,
    box: ir.Box,
    size: float,
    with_icon: bool | str,
    state: str | None,
) -> tuple[list[Para], int, tuple[int, int, int, int]]:
    """Return a node's paragraphs, its icon height and its text insets (``with_icon`` is
    True for an icon above the label, 'left' for one beside it)."""
    t = ctx.theme
    emph = (n.emphasis and state != "muted") or state == "active"
    role = "on_primary" if emph else "muted" if state == "muted" else "primary"
    pad = inches(0.12)
    paras = [Para(n.label, ctx.style(role, size, bold=True), align="ctr")]
    if n.caption:
        paras.append(
            Para(
                n.caption,
                # Captions keep their ratio to the label, but never drop below the minimum.
                ctx.style("on_primary" if emph else "muted", max(t.policy.min_font, size * 0.8)),
                align="ctr",
                space_before=3,
                min_size=t.policy.min_font,
            )
        )
    if n.icon and with_icon == "left":
        icon_h = min(round(t.icons.size * 0.8), box.h - 2 * pad)
        return paras, icon_h, (pad + icon_h + inches(0.1), pad, pad, pad)
    icon_h = min(t.icons.size, box.h // 3) if n.icon and with_icon else 0
    # The label sits under the icon: the top inset makes room for it, and the text is
    # fitted with that inset so a long caption shrinks rather than spilling out.
    top = pad + icon_h + inches(0.06) if icon_h else pad
    return paras, icon_h, (pad, pad, top, pad)


def common_size(
    ctx: Ctx, placed: Sequence[tuple[spec.Node, ir.Box, bool | str]], size: float
) -> float:
    """Return one label size for a whole diagram: the largest (up to ``size``, down to the
    theme's diagram minimum) at which every node's text fits its box."""
    t = ctx.theme
    best = size
    for n, box, with_icon in placed:
        paras, icon_h, insets = _node_parts(ctx, n, box, size, with_icon, None)
        f = measure_in(
            ctx,
            paras,
            box,
            min_scale=t.sizes.diagram_min / size,
            anchor="t" if icon_h and with_icon is True else "ctr",
            insets=insets,
            geometry="roundRect",
            corner=0.12,
        )
        best = min(best, f.scale * size)
    best = max(t.sizes.diagram_min, int(best * 2) / 2)
    # Captions round differently at the final size: step down until every node fits it.
    while best > t.sizes.diagram_min and any(
        _overflows(ctx, n, box, best, with_icon) for n, box, with_icon in placed
    ):
        best -= 0.5
    return best


def _overflows(ctx: Ctx, n: spec.Node, box: ir.Box, size: float, with_icon: bool | str) -> bool:
    """Return True when the node's text does not fit its box at ``size`` exactly."""
    paras, icon_h, insets = _node_parts(ctx, n, box, size, with_icon, None)
    f = measure_in(
        ctx,
        paras,
        box,
        anchor="t" if icon_h and with_icon is True else "ctr",
        insets=insets,
        geometry="roundRect",
        corner=0.12,
    )
    return f.overflow > 0


def draw_node(
    ctx: Ctx,
    n: spec.Node,
    box: ir.Box,
    path: YamlPath,
    *,
    size: float,
    with_icon: bool | str = True,
    state: str | None = None,
) -> Shapes:
    """Return a rounded node box with an optional icon above its label and caption, at
    ``size`` (see :func:`common_size`); 'active' nodes are filled, 'muted' ones greyed."""
    t = ctx.theme
    emph = (n.emphasis and state != "muted") or state == "active"
    fill = t.colors.primary if emph else t.colors.surface
    paras, icon_h, insets = _node_parts(ctx, n, box, size, with_icon, state)
    shapes: Shapes = []
    node, _ = text_in(
        ctx,
        f"Node: {markup.plain(n.label)}",
        paras,
        box,
        path,
        min_scale=t.sizes.diagram_min / size,
        anchor="t" if icon_h and with_icon is True else "ctr",
        what="the diagram node",
        fill=fill,
        line=None if emph else t.colors.rule if state == "muted" else t.colors.primary,
        geometry="roundRect",
        corner=0.12,
        insets=insets,
    )
    shapes.append(node)
    if icon_h and n.icon:
        ic = ctx.icon(
            n.icon,
            ir.Box(
                Emu(box.x + insets[1] if with_icon == "left" else box.x + (box.w - icon_h) // 2),
                Emu(box.y + (box.h - icon_h) // 2 if with_icon == "left" else box.y + insets[1]),
                Emu(icon_h),
                Emu(icon_h),
            ),
            (*path, "icon"),
            role="on_primary" if emph else "muted" if state == "muted" else None,
        )
        if ic:
            shapes.append(ic)
    return shapes


def label_height(ctx: Ctx, nodes: Sequence[spec.Node], width: int, size: float, icon: bool) -> int:
    """Return the height a node ``width`` wide needs for the fullest label of ``nodes`` at
    ``size`` (with an icon above it when ``icon``), measured as the node is drawn."""
    t = ctx.theme
    best = 0
    for n in nodes:
        # Measured in a box as tall as it is wide: the rounded corners' inset is then at
        # least what the drawn node takes, so the label never needs a smaller size.
        probe = ir.Box(Emu(0), Emu(0), Emu(width), Emu(width))
        paras, _icon_h, insets = _node_parts(ctx, n, probe, size, False, None)
        f = measure_in(ctx, paras, probe, insets=insets, geometry="roundRect", corner=0.12)
        best = max(best, f.height)
    return best + (t.icons.size + inches(0.06) if icon else 0)


def facing(a: ir.Box, b: ir.Box) -> tuple[int, int]:
    """Return the sites of two boxes that face each other most directly."""
    dx = (b.x + b.w / 2) - (a.x + a.w / 2)
    dy = (b.y + b.h / 2) - (a.y + a.h / 2)
    if abs(dx) * a.h >= abs(dy) * a.w:
        return (RIGHT, LEFT) if dx > 0 else (LEFT, RIGHT)
    return (BOTTOM, TOP) if dy > 0 else (TOP, BOTTOM)
