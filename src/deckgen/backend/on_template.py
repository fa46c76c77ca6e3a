"""Opening a user's template as the package a deck is written into.

The template keeps its masters, layouts, theme, background art and slide size; its
example slides (and the sections and custom shows that list them) are dropped.
"""

from __future__ import annotations

import io
from typing import Any

from pptx import Presentation as open_presentation
from pptx.oxml.ns import qn

from deckgen.backend.structure import SECTIONS_URI


def open_template(package: bytes) -> tuple[Any, list[Any]]:
    """Return the template in ``package`` opened without its slides, and all of its
    layouts in order (masters in order, each master's layouts in order)."""
    prs = open_presentation(io.BytesIO(package))
    id_list = prs.slides._sldIdLst
    for sld_id in list(id_list):
        rid = sld_id.get(qn("r:id"))
        id_list.remove(sld_id)
        prs.part.drop_rel(rid)
    root = prs.part._element
    for shows in root.findall(qn("p:custShowLst")):
        root.remove(shows)
    for ext in root.findall(f"{qn('p:extLst')}/{qn('p:ext')}"):
        if ext.get("uri") == SECTIONS_URI:  # the template's sections list its example slides
            ext.getparent().remove(ext)
    layouts = [layout for master in prs.slide_masters for layout in master.slide_layouts]
    return prs, layouts


def layout_placeholders(layout: Any) -> dict[int, str]:
    """Return the layout's placeholders as idx → type (``obj`` when untyped)."""
    out: dict[int, str] = {}
    for ph in layout._element.iter(qn("p:ph")):
        idx = ph.get("idx", "0")
        out.setdefault(int(idx) if idx.isdigit() else 0, ph.get("type", "obj"))
    return out


def drop_unfilled(slide: Any, keep: Any) -> None:
    """Remove the placeholders python-pptx copied from the layout, except ``keep`` (the
    title, when the slide has one): the slide writes its own, and an empty one shows
    "Click to add text" in PowerPoint."""
    tree = slide.shapes._spTree
    for sp in list(tree.iterchildren(qn("p:sp"))):
        if sp is keep:
            continue
        if sp.find(f"{qn('p:nvSpPr')}/{qn('p:nvPr')}/{qn('p:ph')}") is not None:
            tree.remove(sp)


def as_measured(body: Any) -> None:
    """Give a placeholder's text body a list style that undoes what a template's
    placeholder styles may add beyond the run properties deckgen writes (all caps, letter
    spacing), so the text shows as layout measured it; returns nothing."""
    lst = body.find(qn("a:lstStyle"))
    if lst is None:
        return
    for child in list(lst):
        lst.remove(child)
    for level in range(1, 10):
        ppr = lst.makeelement(qn(f"a:lvl{level}pPr"), {})
        ppr.append(ppr.makeelement(qn("a:defRPr"), {"spc": "0", "cap": "none"}))
        lst.append(ppr)
