"""Diagrams laid out automatically: one module per kind, sized from measured text, evenly
spaced and centred in their box."""

from __future__ import annotations

from msgspec.structs import replace

from deckgen import ir, markup, spec
from deckgen.diagnostics import YamlPath
from deckgen.layout.context import Ctx
from deckgen.layout.diagrams import comparison, cycle, flow, stack, timeline, tree
from deckgen.layout.shapes import Shapes, text_in
from deckgen.layout.text import Para
from deckgen.units import Emu, inches


def diagram(ctx: Ctx, d: spec.Diagram, path: YamlPath, box: ir.Box) -> Shapes:
    """Return the diagram's shapes laid out in ``box``, its caption (if any) right under
    what the diagram drew rather than at the bottom of the box."""
    cap_h = inches(0.45) if d.caption else 0
    room = ir.Box(box.x, box.y, box.w, Emu(box.h - (cap_h + inches(0.1) if cap_h else 0)))
    fn = {
        "flow": flow.flow,
        "cycle": cycle.cycle,
        "tree": tree.tree,
        "comparison": comparison.comparison,
        "timeline": timeline.timeline,
        "stack": stack.stack,
    }[d.kind]
    # One group, announced by its structure: "Flow: SFT → DPO → GRPO".
    alt = markup.plain(d.alt) if d.alt else diagram_alt(d)
    shapes = [replace(sh, group=alt) for sh in fn(ctx, d, path, room)]
    if d.caption:
        drawn = max((sh.box.bottom for sh in shapes), default=room.bottom)
        y = Emu(min(drawn + inches(0.1), box.bottom - cap_h))
        sh, _ = text_in(
            ctx,
            "Diagram caption",
            [
                Para(
                    d.caption, ctx.style("muted", ctx.theme.sizes.caption, italic=True), align="ctr"
                )
            ],
            ir.Box(box.x, y, box.w, Emu(cap_h)),
            (*path, "caption"),
            min_scale=0.8,
            what="the caption",
        )
        shapes.append(sh)
    return shapes


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
