"""Plain shapes written straight into a slide's shape tree as DrawingML.

python-pptx's ``add_shape``/``add_textbox`` and their property setters search the shape
tree and the element's children on every call; a deck of a few hundred slides spends most
of its time there. Text boxes, autoshapes, icons, lines and connectors are simple enough
to write directly, in schema order, with ids from a counter. Charts, tables and pictures
(which need parts and relationships) still go through python-pptx.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lxml import etree

from deckgen import ir

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
_A, _P = f"{{{A}}}", f"{{{P}}}"
#: The extension PowerPoint writes in ``cNvPr`` when a shape is marked decorative.
DECORATIVE_URI = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
ADEC = "http://schemas.microsoft.com/office/drawing/2017/decorative"


def mark_decorative(c_nv_pr: etree._Element) -> None:
    """Mark a shape decorative, as PowerPoint's "Mark as decorative" does: screen readers
    skip it and the accessibility checker asks no alt text for it; returns nothing."""
    c_nv_pr.attrib.pop("descr", None)
    ext_lst = c_nv_pr.find(_A + "extLst")
    if ext_lst is None:
        ext_lst = a(c_nv_pr, "extLst")
    ext = a(ext_lst, "ext", uri=DECORATIVE_URI)
    etree.SubElement(ext, f"{{{ADEC}}}decorative", {"val": "1"}, nsmap={"adec": ADEC})


def is_decorative(shape: ir.AnyShape) -> bool:
    """Return True for shapes that carry no content of their own: those the IR marks
    (icons beside the words they illustrate), rules, lines, connectors and decoration."""
    if shape.decorative or isinstance(shape, ir.LineShape | ir.ConnectorShape):
        return True
    return isinstance(shape, ir.TextShape) and shape.role == "decoration"


#: Placeholder types of the footer and slide-number shapes (``p:ph/@type``), by IR role.
PLACEHOLDER = {"footer": "ftr", "number": "sldNum"}


def a(parent: etree._Element | None, tag: str, **attrs: str) -> etree._Element:
    """Return a new ``a:tag`` element (appended to ``parent`` when given)."""
    el = (
        etree.Element(_A + tag, attrs)
        if parent is None
        else etree.SubElement(parent, _A + tag, attrs)
    )
    return el


def p(parent: etree._Element | None, tag: str, **attrs: str) -> etree._Element:
    """Return a new ``p:tag`` element (appended to ``parent`` when given)."""
    return (
        etree.Element(_P + tag, attrs)
        if parent is None
        else etree.SubElement(parent, _P + tag, attrs)
    )


#: Finished elements by what they say, made once per deck: a deck repeats a handful of
#: paragraph, run and shape styles and icons many times, and copying a finished element is
#: ~3x faster than building it node by node through python-pptx's element classes.
Stamps = dict[tuple[object, ...], etree._Element]


def stamp(
    stamps: Stamps, key: tuple[object, ...], make: Callable[[], etree._Element]
) -> etree._Element:
    """Return a copy of the element ``make`` builds for ``key`` (built on first use)."""
    proto = stamps.get(key)
    if proto is None:
        proto = stamps[key] = make()
    # lxml copies an element with its whole subtree; calling it directly skips
    # copy.deepcopy's dispatch and memo (half the time of a copy, ~800 copies a deck)
    return proto.__copy__()


def solid(parent: etree._Element, color: str) -> etree._Element:
    """Append ``a:solidFill`` of an sRGB colour; return it."""
    fill = a(parent, "solidFill")
    a(fill, "srgbClr", val=color)
    return fill


def _xfrm(sppr: etree._Element, box: ir.Box, **attrs: str) -> None:
    xfrm = a(sppr, "xfrm", **attrs)
    a(xfrm, "off", x=str(box.x), y=str(box.y))
    a(xfrm, "ext", cx=str(box.w), cy=str(box.h))


def _line(sppr: etree._Element, color: str | None, width: int) -> etree._Element:
    ln = a(sppr, "ln", w=str(int(width))) if color else a(sppr, "ln")
    if color:
        solid(ln, color)
    else:
        a(ln, "noFill")
    return ln


def merged_paths(
    paths: tuple[ir.IconPath, ...],
) -> list[tuple[tuple[bool, bool], list[tuple[str, tuple[tuple[int, int], ...]]]]]:
    """Return the icon's subpaths merged into one path per style (filled, stroked), in
    order of first use: a moveTo starts a new subpath inside the same ``a:path``, and
    simple readers that keep only an icon's first path still get all of its strokes."""
    merged: dict[tuple[bool, bool], list[tuple[str, tuple[tuple[int, int], ...]]]] = {}
    for path in paths:
        merged.setdefault((path.filled, path.stroked), []).extend(path.ops)
    return list(merged.items())


_PATH_OPS = {"M": "moveTo", "L": "lnTo", "C": "cubicBezTo"}


def _cust_geom(s: ir.IconShape) -> etree._Element:
    """Return the ``a:custGeom`` of an icon: its paths, merged per style.

    Written as text and parsed once: an icon has a hundred or more points, and parsing
    is ~3x faster than making each element through lxml's API (its ``a`` namespace
    declaration is dropped when it joins the slide, which declares the same one)."""
    parts = [
        f'<a:custGeom xmlns:a="{A}"><a:avLst/><a:gdLst/><a:ahLst/><a:cxnLst/>'
        '<a:rect l="l" t="t" r="r" b="b"/><a:pathLst>'
    ]
    for (filled, stroked), ops in merged_paths(s.paths):
        fill = "" if filled else ' fill="none"'
        stroke = "" if stroked else ' stroke="0"'
        parts.append(f'<a:path w="{s.view_w}" h="{s.view_h}"{fill}{stroke}>')
        for op, pts in ops:
            if op == "Z":
                parts.append("<a:close/>")
                continue
            tag = _PATH_OPS[op]
            points = "".join(f'<a:pt x="{x}" y="{y}"/>' for x, y in pts)
            parts.append(f"<a:{tag}>{points}</a:{tag}>")
        parts.append("</a:path>")
    parts.append("</a:pathLst></a:custGeom>")
    return etree.fromstring("".join(parts))


def _sp_pr(s: ir.TextShape) -> etree._Element:
    """Return the ``p:spPr`` of a text shape without its position: geometry, fill, line."""
    sppr = p(None, "spPr")
    geom = a(sppr, "prstGeom", prst=s.geometry)
    av = a(geom, "avLst")
    if s.geometry == "roundRect":
        a(av, "gd", name="adj", fmla=f"val {round(max(0.0, min(0.5, s.corner)) * 100_000)}")
    if s.fill:
        solid(sppr, s.fill)
    else:
        a(sppr, "noFill")
    _line(sppr, s.line, s.line_width)
    return sppr


def _body_pr(frame: ir.TextFrame | None) -> etree._Element:
    """Return the ``a:bodyPr`` of a text frame: wrapping, insets, anchor, no autofit."""
    bp = a(None, "bodyPr", wrap="square" if frame is None or frame.wrap else "none", rtlCol="0")
    if frame is not None:
        for attr, val in (
            ("lIns", frame.inset_l),
            ("tIns", frame.inset_t),
            ("rIns", frame.inset_r),
            ("bIns", frame.inset_b),
        ):
            bp.set(attr, str(int(val)))
        bp.set("anchor", frame.anchor)
    a(bp, "noAutofit")
    return bp


def _lst_style(ph: dict[str, str] | None) -> etree._Element:
    """Return the ``a:lstStyle`` of a text shape (``ph``: the placeholder it fills)."""
    lst = a(None, "lstStyle")
    if ph is not None:
        # a placeholder inherits its layout's text styles: undo the caps and letter
        # spacing a template may set there, so the text shows as it was measured
        for level in range(1, 10):
            a(a(lst, f"lvl{level}pPr"), "defRPr", spc="0", cap="none")
    return lst


class ShapeWriter:
    """Writes shapes into one slide's ``p:spTree``, numbering them from a counter."""

    def __init__(
        self,
        tree: Any,
        paragraphs: Callable[[etree._Element, ir.TextFrame], None],
        placeholders: dict[str, str] | None = None,
        layout: dict[int, str] | None = None,
        stamps: Stamps | None = None,
    ) -> None:
        self._tree = tree
        self._stamps: Stamps = {} if stamps is None else stamps
        self._paragraphs = paragraphs
        # idx of the layout's footer and slide-number placeholders, by ph type
        self._placeholders = placeholders or {}
        # every placeholder of the layout: idx → type
        self._layout = layout or {}
        self._next = max((int(i) for i in tree.xpath("//p:cNvPr/@id")), default=1) + 1

    def _id(self) -> int:
        n = self._next
        self._next += 1
        return n

    def sync(self) -> None:
        """Continue numbering after shapes python-pptx added in between."""
        used = max((int(i) for i in self._tree.xpath("//p:cNvPr/@id")), default=1)
        self._next = max(self._next, used + 1)

    def _nv(
        self,
        sp: etree._Element,
        s: ir.Shape,
        *,
        textbox: bool,
        ph: dict[str, str] | None = None,
    ) -> int:
        shape_id = self._id()
        nv = p(sp, "nvSpPr")
        c = p(nv, "cNvPr", id=str(shape_id), name=s.name)
        if s.alt:
            c.set("descr", s.alt)
        if is_decorative(s):  # type: ignore[arg-type]
            mark_decorative(c)
        if ph is not None:
            a(p(nv, "cNvSpPr"), "spLocks", noGrp="1")
        elif textbox:
            p(nv, "cNvSpPr", txBox="1")
        else:
            p(nv, "cNvSpPr")
        nvpr = p(nv, "nvPr")
        if ph is not None:
            p(nvpr, "ph", **ph)
        return shape_id

    def _ph(self, s: ir.TextShape, title: bool) -> dict[str, str] | None:
        """Return the ``p:ph`` attributes of the placeholder ``s`` fills, or None."""
        if title:
            return {"type": "title"}
        if s.placeholder is not None:
            kind = self._layout.get(s.placeholder, "obj")
            attrs = {"idx": str(s.placeholder)}
            return attrs if kind == "obj" else {"type": kind, **attrs}
        # Footer and slide number go into the layout's placeholders, so PowerPoint's
        # Header & Footer dialog finds them and the number field renumbers.
        kind = PLACEHOLDER.get(s.role)
        if kind in self._placeholders:
            return {"type": kind, "sz": "quarter", "idx": self._placeholders[kind]}
        return None

    def text(self, s: ir.TextShape, *, title: bool = False) -> int:
        """Write a text box or an autoshape (with its fill, outline and text), as the
        placeholder it fills if any (``title``: as the slide's title); return its id."""
        sp = p(self._tree, "sp")
        plain = s.geometry == "rect" and not s.fill and not s.line
        ph = self._ph(s, title)
        shape_id = self._nv(sp, s, textbox=plain, ph=ph)
        key = ("spPr", s.geometry, s.corner, s.fill, s.line, s.line_width)
        sppr = stamp(self._stamps, key, lambda: _sp_pr(s))
        sp.append(sppr)
        _xfrm(sppr, s.box)
        sppr.insert(0, sppr[-1])  # the position comes first in spPr
        body = p(sp, "txBody")
        frame = s.text
        key = (
            "bodyPr",
            None
            if frame is None
            else (frame.wrap, frame.inset_l, frame.inset_t, frame.inset_r, frame.inset_b),
            None if frame is None else frame.anchor,
        )
        body.append(stamp(self._stamps, key, lambda: _body_pr(frame)))
        body.append(stamp(self._stamps, ("lstStyle", ph is not None), lambda: _lst_style(ph)))
        if frame is not None and frame.paragraphs:
            self._paragraphs(body, frame)
        else:
            a(body, "p")
        return shape_id

    def icon(self, s: ir.IconShape) -> int:
        """Write an icon as custom geometry: outlined paths, filled dots; return its id."""
        sp = p(self._tree, "sp")
        shape_id = self._nv(sp, s, textbox=False)
        sppr = p(sp, "spPr")
        _xfrm(sppr, s.box)
        key = ("custGeom", s.paths, s.view_w, s.view_h)
        sppr.append(stamp(self._stamps, key, lambda: _cust_geom(s)))
        solid(sppr, s.color)  # filled details (dots) take the icon colour
        ln = _line(sppr, s.color, s.stroke)
        ln.set("cap", "rnd")
        a(ln, "round")
        body = p(sp, "txBody")
        a(body, "bodyPr", rtlCol="0", anchor="ctr")
        a(body, "lstStyle")
        a(body, "p")
        return shape_id

    def _connector(
        self,
        name: str,
        box: ir.Box,
        prst: str,
        xfrm: dict[str, str],
        ends: list[tuple[str, int, int]],
    ) -> tuple[int, etree._Element]:
        sp = p(self._tree, "cxnSp")
        shape_id = self._id()
        nv = p(sp, "nvCxnSpPr")
        mark_decorative(p(nv, "cNvPr", id=str(shape_id), name=name))
        cnv = p(nv, "cNvCxnSpPr")
        for tag, target, idx in ends:
            a(cnv, tag, id=str(target), idx=str(idx))
        p(nv, "nvPr")
        sppr = p(sp, "spPr")
        _xfrm(sppr, box, **xfrm)
        geom = a(sppr, "prstGeom", prst=prst)
        a(geom, "avLst")
        return shape_id, sppr

    def line(self, s: ir.LineShape) -> int:
        """Write a straight line (rules, axes, arrows); return its id."""
        shape_id, sppr = self._connector(
            s.name, s.box, "line", {"flipV": "1"} if s.flip_v else {}, []
        )
        ln = _line(sppr, s.color, s.width)
        if s.dash != "solid":
            a(ln, "prstDash", val=s.dash)
        if s.head != "none":
            a(ln, "headEnd", type=s.head)
        if s.tail != "none":
            a(ln, "tailEnd", type=s.tail, w="med", len="med")
        return shape_id

    def connector(self, s: ir.ConnectorShape, ids: dict[str, int]) -> int:
        """Write a connector glued to the shapes it joins; return its id."""
        xfrm: dict[str, str] = {}
        if s.rotation:
            xfrm["rot"] = str(round(s.rotation * 60_000))
        if s.flip_h:
            xfrm["flipH"] = "1"
        if s.flip_v:
            xfrm["flipV"] = "1"
        ends = [
            (tag, ids[ref[0]], ref[1])
            for tag, ref in (("stCxn", s.begin), ("endCxn", s.end))
            if ref is not None and ref[0] in ids
        ]
        shape_id, sppr = self._connector(s.name, s.box, s.geometry, xfrm, ends)
        ln = _line(sppr, s.color, s.width)
        if s.arrow != "none":
            a(ln, "tailEnd", type=s.arrow, w="med", len="med")
        return shape_id
