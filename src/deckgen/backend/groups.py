"""The order and grouping of a slide's shape tree, for screen readers.

A screen reader reads a slide's shapes in shape-tree order, and announces a group by its
alt text. The IR lists shapes in drawing order, with the footer drawn early; these
functions only reorder and wrap what the IR holds, they place nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from lxml import etree

from deckgen import ir

P = "http://schemas.openxmlformats.org/presentationml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"

#: Roles read after everything else on a slide, as PowerPoint's own layouts order them.
LAST = ("footer", "number")


def reading_order(shapes: Iterable[ir.AnyShape]) -> list[ir.AnyShape]:
    """Return the shapes with the footer and slide number moved to the end (the title
    placeholder is already first); the rest keep their order. Footers overlap nothing,
    so drawing them last changes nothing on the slide."""
    shapes = list(shapes)
    last = [s for s in shapes if isinstance(s, ir.TextShape) and s.role in LAST]
    return [s for s in shapes if s not in last] + last


def group_shapes(tree: Any, shapes: Sequence[ir.AnyShape], ids: dict[str, int]) -> None:
    """Wrap the shapes that share a ``group`` alt text in one ``p:grpSp`` carrying that
    text, at the place of the group's first shape; returns nothing."""
    groups: dict[str, list[ir.AnyShape]] = {}
    for s in shapes:
        if s.group and s.key in ids:
            groups.setdefault(s.group, []).append(s)
    if not groups:
        return
    by_id = {int(c.get("id")): c for c in tree.iter(f"{{{P}}}cNvPr")}
    next_id = max(by_id, default=1) + 1
    for n, (alt, members) in enumerate(groups.items()):
        elements = [_top(by_id[ids[m.key]], tree) for m in members]
        grp = etree.Element(f"{{{P}}}grpSp")
        elements[0].addprevious(grp)
        nv = etree.SubElement(grp, f"{{{P}}}nvGrpSpPr")
        name = "Diagram" if len(groups) == 1 else f"Diagram {n + 1}"
        etree.SubElement(nv, f"{{{P}}}cNvPr", id=str(next_id), name=name, descr=alt)
        next_id += 1
        etree.SubElement(nv, f"{{{P}}}cNvGrpSpPr")
        etree.SubElement(nv, f"{{{P}}}nvPr")
        pr = etree.SubElement(grp, f"{{{P}}}grpSpPr")
        xfrm = etree.SubElement(pr, f"{{{A}}}xfrm")
        x0 = min(m.box.x for m in members)
        y0 = min(m.box.y for m in members)
        x1 = max(m.box.right for m in members)
        y1 = max(m.box.bottom for m in members)
        # child space = slide space: the members keep their own coordinates
        for tag, (x, y) in (("off", (x0, y0)), ("ext", (x1 - x0, y1 - y0))):
            etree.SubElement(xfrm, f"{{{A}}}{tag}", _pair(tag, x, y))
        for tag, (x, y) in (("chOff", (x0, y0)), ("chExt", (x1 - x0, y1 - y0))):
            etree.SubElement(xfrm, f"{{{A}}}{tag}", _pair(tag, x, y))
        for el in elements:
            grp.append(el)


def _pair(tag: str, x: int, y: int) -> dict[str, str]:
    return {"x": str(x), "y": str(y)} if tag.endswith("ff") else {"cx": str(x), "cy": str(y)}


def _top(c_nv_pr: etree._Element, tree: Any) -> etree._Element:
    """Return the child of the shape tree that holds ``c_nv_pr`` (a shape or an
    ``mc:AlternateContent`` around one)."""
    el = c_nv_pr
    while el.getparent() is not tree:
        el = el.getparent()
    return el
