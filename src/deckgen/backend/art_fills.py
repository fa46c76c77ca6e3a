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

import colorsys
from dataclasses import dataclass

from lxml import etree

from deckgen.package import Package

P = "http://schemas.openxmlformats.org/presentationml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"p": P, "a": A, "r": R}

#: The fill elements: whichever comes first under a shape's properties is its fill.
FILLS = ("noFill", "solidFill", "gradFill", "blipFill", "pattFill", "grpFill")
#: The preset colours templates use; others are left out.
_PRESET = {"black": "000000", "white": "FFFFFF", "red": "FF0000", "green": "008000",
           "blue": "0000FF", "yellow": "FFFF00", "gray": "808080", "grey": "808080"}  # fmt: skip

RGB = tuple[int, int, int]


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
    the theme and its part, the theme's colour scheme (slot → RRGGBB) and the colour map
    in force (name → slot)."""

    pkg: Package
    root: etree._Element | None
    part: str
    colors: dict[str, str]
    cmap: dict[str, str]


def theme(pkg: Package, master_part: str, master: etree._Element, layout: etree._Element) -> Theme:
    """Return the theme a slide on ``layout`` (of ``master``) resolves its colours with."""
    part = pkg.related(master_part, "theme")
    root = pkg.xml(part) if part else None
    return Theme(pkg, root, part or "", _scheme(root), _color_map(master, layout))


def _scheme(theme: etree._Element | None) -> dict[str, str]:
    """Return the theme's colour scheme: slot (dk1, lt1, accent1…) → RRGGBB."""
    out: dict[str, str] = {}
    scheme = theme.find("a:themeElements/a:clrScheme", NS) if theme is not None else None
    for slot in scheme if scheme is not None else ():
        value = next(iter(slot), None)
        if value is not None:
            rgb = value.get("val") if etree.QName(value).localname == "srgbClr" else None
            rgb = rgb or value.get("lastClr")  # a system colour's last value
            if rgb and len(rgb) == 6:
                out[etree.QName(slot).localname] = rgb
    return out


def _color_map(master: etree._Element, layout: etree._Element) -> dict[str, str]:
    """Return the colour map in force: the layout's override, else the master's."""
    over = layout.find("p:clrMapOvr/a:overrideClrMapping", NS)
    if over is not None:
        return dict(over.attrib)
    cmap = master.find("p:clrMap", NS)
    return dict(cmap.attrib) if cmap is not None else {}


def integer(el: etree._Element | None, name: str, default: int = 0) -> int:
    """Return the integer attribute ``name`` of ``el``, or ``default`` when missing or
    not a number (a damaged template draws what it can)."""
    value = el.get(name) if el is not None else None
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _hex(value: str) -> RGB | None:
    """Return the colour of an RRGGBB string, or None when it is not one."""
    try:
        return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))
    except ValueError:
        return None


def color(el: etree._Element | None, theme: Theme, ph: Solid | None) -> Solid | None:
    """Return the colour element ``el`` (srgbClr, schemeClr…) with its modifiers applied;
    ``phClr`` is ``ph``, a theme style's placeholder colour. None when it cannot be read."""
    if el is None:
        return None
    tag = etree.QName(el).localname
    value: str | None = None
    base: Solid | None = None
    if tag == "srgbClr":
        value = el.get("val")
    elif tag == "sysClr":
        value = el.get("lastClr")
    elif tag == "prstClr":
        value = _PRESET.get(el.get("val", ""))
    elif tag == "scrgbClr":
        channels = [integer(el, c) / 100000 for c in ("r", "g", "b")]
        # linear light to sRGB
        srgb = [c * 12.92 if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055 for c in channels]
        value = "".join(f"{round(min(1.0, max(0.0, c)) * 255):02X}" for c in srgb)
    elif tag == "schemeClr":
        name = el.get("val", "")
        if name == "phClr":
            base = ph
        else:
            value = theme.colors.get(theme.cmap.get(name, name))
    if base is None:
        rgb = _hex(value) if value and len(value) == 6 else None
        if rgb is None:
            return None
        base = Solid(rgb)
    return _modified(base, el)


def _modified(base: Solid, el: etree._Element) -> Solid:
    """Return ``base`` changed by the modifiers under ``el`` (lumMod, lumOff, tint, shade,
    satMod, alpha), in document order as PowerPoint applies them."""
    r, g, b = (c / 255 for c in base.color)
    alpha = base.alpha
    for mod in el:
        kind = etree.QName(mod).localname
        v = integer(mod, "val", 100000) / 100000
        if kind in ("lumMod", "lumOff", "satMod"):
            h, lum, s = colorsys.rgb_to_hls(r, g, b)
            if kind == "lumMod":
                lum *= v
            elif kind == "lumOff":
                lum += v
            else:
                s *= v
            r, g, b = colorsys.hls_to_rgb(h, min(1.0, max(0.0, lum)), min(1.0, max(0.0, s)))
        elif kind == "tint":  # towards white
            r, g, b = (c + (1 - c) * (1 - v) for c in (r, g, b))
        elif kind == "shade":  # towards black
            r, g, b = (c * v for c in (r, g, b))
        elif kind == "alpha":
            alpha = v
    rgb = tuple(round(min(1.0, max(0.0, c)) * 255) for c in (r, g, b))
    return Solid((rgb[0], rgb[1], rgb[2]), min(1.0, max(0.0, alpha)))


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
    width = integer(ln, "w", 12700) if ln is not None else 12700
    ink: Fill | None = None
    if ln is not None and any(etree.QName(c).localname in FILLS for c in ln):
        ink = fill(ln, theme, "")
    elif style is not None:
        ref = style.find("a:lnRef", NS)
        entry = _style(theme, "lnStyleLst", integer(ref, "idx"))
        if entry is not None:
            if ln is None or ln.get("w") is None:
                width = integer(entry, "w", 12700)
            ph = color(next(iter(ref), None), theme, None) if ref is not None else None
            ink = fill(entry, theme, theme.part, ph)
    if isinstance(ink, Gradient):
        ink = Solid(ink.stops[0][1])
    if not isinstance(ink, Solid):
        return None
    return ink, width
