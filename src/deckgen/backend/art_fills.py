"""The colours and fills of a template's art, resolved from DrawingML.

A template says what a background, shape or outline is filled with in DrawingML's terms:
a scheme colour (``accent1``) named through the colour map in force and changed by
modifiers (lumMod, lumOff, tint, shade, satMod, alpha), a gradient, a picture, or a
reference into the theme's style lists (``bgRef``, ``fillRef``, ``lnRef``) whose entry
stands in with its placeholder colour ``phClr``. This module turns those into plain values
(:class:`Solid`, :class:`Gradient`, :class:`Picture`) that :mod:`deckgen.backend.template_art`
paints; it draws nothing and does not depend on the painting.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from deckgen.drawingml_colour import RGB, Colour, Palette, color_map, colour, integer, scheme
from deckgen.package import Package
from deckgen.units import EMU_PER_PT

P = "http://schemas.openxmlformats.org/presentationml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"p": P, "a": A, "r": R}

#: The fill elements: whichever comes first under a shape's properties is its fill.
FILLS = ("noFill", "solidFill", "gradFill", "blipFill", "pattFill", "grpFill")


@dataclass(frozen=True)
class Solid:
    """A plain fill: colour and opacity (0–1)."""

    color: RGB
    alpha: float = 1.0


@dataclass(frozen=True)
class Gradient:
    """A gradient fill: stops (position 0–1, colour) in order, and the direction in
    degrees clockwise from left-to-right (None: a path gradient, drawn from the centre)."""

    stops: tuple[tuple[float, RGB], ...]
    angle: float | None


@dataclass(frozen=True)
class Picture:
    """A picture fill: the image part and its crop (left, top, right, bottom as
    fractions of the image; negative where the picture is inset in its box)."""

    part: str
    crop: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)


Fill = Solid | Gradient | Picture


@dataclass(frozen=True)
class Theme:
    """What resolving a colour or fill needs: the package (for pictures' relationships),
    the theme and its part, and the theme's colour scheme with the colour map in force."""

    pkg: Package
    root: etree._Element | None
    part: str
    palette: Palette


def theme(pkg: Package, master_part: str, master: etree._Element, layout: etree._Element) -> Theme:
    """Return the theme a slide on ``layout`` (of ``master``) resolves its colours with."""
    part = pkg.related(master_part, "theme")
    root = pkg.xml(part) if part else None
    return Theme(pkg, root, part or "", Palette(scheme(root), color_map(master, layout)))


def color(el: etree._Element | None, theme: Theme, ph: Solid | None) -> Solid | None:
    """Return the colour element ``el`` (srgbClr, schemeClr…) with its modifiers applied;
    ``phClr`` is ``ph``, a theme style's placeholder colour. None when it cannot be read."""
    base = Colour(ph.color, ph.alpha) if ph is not None else None
    found = colour(el, theme.palette, base)
    return Solid(found.rgb, found.alpha) if found is not None else None


def fill(
    parent: etree._Element | None, theme: Theme, part: str, ph: Solid | None = None
) -> Fill | None:
    """Return the fill chosen under ``parent`` (spPr, bgPr, a:ln) of the part ``part``,
    or None for no fill."""
    for el in parent if parent is not None else ():
        if etree.QName(el).localname in FILLS:
            return fill_of(el, theme, part, ph)
    return None


def fill_of(el: etree._Element, theme: Theme, part: str, ph: Solid | None = None) -> Fill | None:
    """Return the fill element ``el`` (solidFill, gradFill, blipFill…) as a fill, or None
    for no fill or one not drawn (patterns, a group's fill); ``ph`` stands for phClr."""
    kind = etree.QName(el).localname
    if kind == "solidFill":
        return color(next(iter(el), None), theme, ph)
    if kind == "gradFill":
        stops = sorted(
            (integer(gs, "pos") / 100000, c.color)
            for gs in el.iterfind("a:gsLst/a:gs", NS)
            if (c := color(next(iter(gs), None), theme, ph)) is not None
        )
        if not stops:
            return None
        lin = el.find("a:lin", NS)
        angle: float | None = integer(lin, "ang") / 60000 if lin is not None else None
        if lin is None and el.find("a:path", NS) is None:
            angle = 90.0  # no direction given: PowerPoint runs it top to bottom
        return Gradient(tuple(stops), angle)
    if kind == "blipFill":
        return picture(el, part, theme)
    return None


def picture(blip_fill: etree._Element, part: str, theme: Theme) -> Picture | None:
    """Return the picture a ``blipFill`` of the part ``part`` shows (embedded, not
    linked), or None."""
    blip = blip_fill.find("a:blip", NS)
    rid = blip.get(f"{{{R}}}embed", "") if blip is not None else ""
    target = theme.pkg.rels(part).get(rid)
    if target is None:
        return None
    src = blip_fill.find("a:srcRect", NS)
    crop = tuple(integer(src, side) / 100000 for side in ("l", "t", "r", "b"))
    return Picture(target[1], (crop[0], crop[1], crop[2], crop[3]))


def _style(theme: Theme, kind: str, idx: int) -> etree._Element | None:
    """Return entry ``idx`` (1-based) of the theme's format scheme list ``kind``
    (fillStyleLst, bgFillStyleLst, lnStyleLst), or None."""
    if theme.root is None or idx < 1:
        return None
    lst = theme.root.find(f"a:themeElements/a:fmtScheme/a:{kind}", NS)
    return lst[idx - 1] if lst is not None and idx <= len(lst) else None


def background(bg: etree._Element, theme: Theme, part: str) -> Fill | None:
    """Return the fill of a ``p:bg`` of the part ``part``: its own properties, or the
    theme style it refers to; None when it has none drawn."""
    pr = bg.find("p:bgPr", NS)
    ref = bg.find("p:bgRef", NS)
    if pr is not None:
        return fill(pr, theme, part)
    if ref is not None:
        ph = color(next(iter(ref), None), theme, None)
        idx = integer(ref, "idx")
        # 1001 and up: the theme's background styles; 1 to 999: its fill styles
        kind, n = ("bgFillStyleLst", idx - 1000) if idx > 1000 else ("fillStyleLst", idx)
        entry = _style(theme, kind, n)
        if entry is not None:  # a style entry is itself a fill element
            return fill_of(entry, theme, theme.part, ph)
    return None


def shape_fill(
    sp_pr: etree._Element, style: etree._Element | None, theme: Theme, part: str
) -> Fill | None:
    """Return a shape's fill: its own (``sp_pr``), else its style's ``fillRef`` into the
    theme; None for no fill."""
    if style is None or any(etree.QName(c).localname in FILLS for c in sp_pr):
        return fill(sp_pr, theme, part)
    ref = style.find("a:fillRef", NS)
    entry = _style(theme, "fillStyleLst", integer(ref, "idx"))
    if entry is None:
        return None
    ph = color(next(iter(ref), None), theme, None) if ref is not None else None
    return fill_of(entry, theme, theme.part, ph)


def line(
    sp_pr: etree._Element, style: etree._Element | None, theme: Theme
) -> tuple[Solid, int] | None:
    """Return a shape's outline as (colour, width in EMU): its own ``a:ln``, else its
    style's ``lnRef`` into the theme; None without one (or with a picture for ink)."""
    ln = sp_pr.find("a:ln", NS)
    # an outline without a width is one point wide
    width = integer(ln, "w", EMU_PER_PT) if ln is not None else EMU_PER_PT
    ink: Fill | None = None
    if ln is not None and any(etree.QName(c).localname in FILLS for c in ln):
        ink = fill(ln, theme, "")
    elif style is not None:
        ref = style.find("a:lnRef", NS)
        entry = _style(theme, "lnStyleLst", integer(ref, "idx"))
        if entry is not None:
            if ln is None or ln.get("w") is None:
                width = integer(entry, "w", EMU_PER_PT)
            ph = color(next(iter(ref), None), theme, None) if ref is not None else None
            ink = fill(entry, theme, theme.part, ph)
    if isinstance(ink, Gradient):
        ink = Solid(ink.stops[0][1])
    if not isinstance(ink, Solid):
        return None
    return ink, width
