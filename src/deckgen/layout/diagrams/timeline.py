"""Timeline: dated milestones on a horizontal axis."""

from __future__ import annotations

from deckgen import ir, spec
from deckgen.diagnostics import YamlPath
from deckgen.layout.context import Ctx
from deckgen.layout.shapes import Shapes, text_in
from deckgen.layout.text import Para, fit
from deckgen.units import Emu, inches, pt


def timeline(ctx: Ctx, d: spec.Diagram, path: YamlPath, box: ir.Box) -> Shapes:
    """Return dated milestones on a horizontal axis: date above each dot, label below."""
    t = ctx.theme
    n = len(d.nodes)
    slot = box.w // n
    dot = inches(0.26)
    # Centre the composition (dates, axis, labels) vertically on what it needs.
    label_w = Emu(slot - inches(0.1))
    grow = _growth(ctx, d, label_w)
    dot = Emu(round(dot * grow))
    date_h = max(
        (
            fit(
                [Para(x.date, ctx.style("primary", t.sizes.sub * grow, bold=True))],
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
        fit(_label(ctx, x, grow), label_w, Emu(10**8), ctx.measurer).height for x in d.nodes
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
    # One size for every milestone label: the largest at which the fullest one fits.
    room = Emu(box.bottom - axis_y - dot)
    scale = grow * min(
        fit(
            _label(ctx, x, grow),
            label_w,
            room,
            ctx.measurer,
            min_scale=t.sizes.diagram_min / (t.sizes.diagram * grow),
        ).scale
        for x in d.nodes
    )
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
            sh, _ = text_in(
                ctx,
                "Milestone date",
                [
                    Para(
                        node.date,
                        ctx.style("primary", round(t.sizes.sub * grow * 2) / 2, bold=True),
                        align="ctr",
                    )
                ],
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
        top = axis_y + dot
        sh, _ = text_in(
            ctx,
            "Milestone label",
            _label(ctx, node, scale),
            ir.Box(
                Emu(cx - slot // 2 + inches(0.05)),
                Emu(top),
                Emu(slot - inches(0.1)),
                Emu(box.bottom - top),
            ),
            npath,
            min_scale=1.0,
            what="the milestone",
        )
        shapes.append(sh)
    return shapes


def _label(ctx: Ctx, node: spec.Node, scale: float) -> list[Para]:
    """Return a milestone's label (and caption) at ``scale`` of the theme's sizes."""
    t = ctx.theme
    size = round(t.sizes.diagram * scale * 2) / 2
    paras = [Para(node.label, ctx.style("text", size, bold=True), align="ctr")]
    if node.caption:
        cap = max(t.policy.min_font, round(t.sizes.caption * scale * 2) / 2)
        paras.append(Para(node.caption, ctx.style("muted", cap), align="ctr", space_before=3))
    return paras


def _growth(ctx: Ctx, d: spec.Diagram, width: int) -> float:
    """Return how much larger than the theme's sizes dates and labels can be set (1.25,
    1.125 or 1) without any of them wrapping onto more lines."""
    t = ctx.theme

    def lines(x: spec.Node, grow: float) -> tuple[int, int]:
        label = fit(_label(ctx, x, grow), Emu(width), Emu(10**8), ctx.measurer)
        date = ctx.style("primary", t.sizes.sub * grow, bold=True)
        dated = fit([Para(x.date or "", date)], Emu(width), Emu(10**8), ctx.measurer)
        return (
            sum(p.lines for p in label.frame.paragraphs),
            dated.frame.paragraphs[0].lines,
        )

    base = [lines(x, 1.0) for x in d.nodes]
    for grow in (1.25, 1.125):
        grown = [lines(x, grow) for x in d.nodes]
        if all(g[0] <= b[0] and g[1] <= b[1] for g, b in zip(grown, base, strict=True)):
            return grow
    return 1.0
