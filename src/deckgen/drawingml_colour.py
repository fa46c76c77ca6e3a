"""DrawingML colours resolved to RGB: one reading for every reader of a package's XML.

A colour in DrawingML is an element (``srgbClr``, ``sysClr``, ``schemeClr``, ``prstClr``,
``scrgbClr``) with modifiers under it (lumMod, lumOff, tint, shade, satMod, alpha) that
PowerPoint applies in document order. A scheme colour names a slot of the theme's colour
scheme through the colour map in force: the master's ``clrMap``, replaced by a layout's or
a slide's ``overrideClrMapping``. The template reader, the accessibility checker and the
backend's template art all resolve colours here; this module reads lxml elements only (no
python-pptx, no imaging), so it is cheap to import.
"""

from __future__ import annotations

import colorsys
from dataclasses import dataclass, field

from lxml import etree

P = "http://schemas.openxmlformats.org/presentationml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
NS = {"p": P, "a": A}

#: The preset colours templates use; others are left out.
_PRESET = {"black": "000000", "white": "FFFFFF", "red": "FF0000", "green": "008000",
           "blue": "0000FF", "yellow": "FFFF00", "gray": "808080", "grey": "808080"}  # fmt: skip

RGB = tuple[int, int, int]


@dataclass(frozen=True)
class Colour:
    """A resolved colour: RGB channels (0–255) and opacity (0–1)."""

    rgb: RGB
    alpha: float = 1.0

    @property
    def hex(self) -> str:
        """Return the colour as RRGGBB (upper case)."""
        return "{:02X}{:02X}{:02X}".format(*self.rgb)


@dataclass(frozen=True)
class Palette:
    """What a scheme colour is resolved with: the theme's colour scheme (slot such as
    dk1, lt1, accent1 → RRGGBB) and the colour map in force (bg1, tx1… → slot)."""

    scheme: dict[str, str] = field(default_factory=dict)
    cmap: dict[str, str] = field(default_factory=dict)

    def slot(self, name: str) -> str | None:
        """Return the RRGGBB of the scheme colour ``name`` (``tx1``, ``accent1``…), or None."""
        return self.scheme.get(self.cmap.get(name, name))


def scheme(theme: etree._Element | None) -> dict[str, str]:
    """Return a theme part's colour scheme: slot (dk1, lt1, accent1…) → RRGGBB, leaving
    out slots whose colour cannot be read."""
    out: dict[str, str] = {}
    found = theme.find("a:themeElements/a:clrScheme", NS) if theme is not None else None
    for slot in found if found is not None else ():
        value = colour(next(iter(slot), None), Palette())
        if value is not None:
            out[etree.QName(slot).localname] = value.hex
    return out


def color_map(master: etree._Element | None, *overrides: etree._Element | None) -> dict[str, str]:
    """Return the colour map in force: the master's ``clrMap``, replaced by the last of
    ``overrides`` (a layout, then a slide) that carries an ``overrideClrMapping``."""
    found = master.find("p:clrMap", NS) if master is not None else None
    out = dict(found.attrib) if found is not None else {}
    for part in overrides:
        over = part.find("p:clrMapOvr/a:overrideClrMapping", NS) if part is not None else None
        if over is not None:
            out = dict(over.attrib)
    return out


def integer(el: etree._Element | None, name: str, default: int = 0) -> int:
    """Return the integer attribute ``name`` of ``el``, or ``default`` when missing or
    not a number (a damaged template draws what it can)."""
    value = el.get(name) if el is not None else None
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _hex(value: str | None) -> RGB | None:
    """Return the colour of an RRGGBB string, or None when it is not one."""
    if not value or len(value) != 6:
        return None
    try:
        return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))
    except ValueError:
        return None


def _linear(c: float) -> float:
    """Return an sRGB channel (0–1) as linear light."""
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _srgb(c: float) -> float:
    """Return a channel of linear light (0–1) as sRGB."""
    return c * 12.92 if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055


def colour(el: etree._Element | None, palette: Palette, ph: Colour | None = None) -> Colour | None:
    """Return the colour element ``el`` (srgbClr, schemeClr…) with its modifiers applied;
    ``phClr`` is ``ph``, a theme style's placeholder colour. None when it cannot be read."""
    if el is None:
        return None
    tag = etree.QName(el).localname
    value: str | None = None
    if tag == "srgbClr":
        value = el.get("val")
    elif tag == "sysClr":
        value = el.get("lastClr")  # the system colour's value when last saved
    elif tag == "prstClr":
        value = _PRESET.get(el.get("val", ""))
    elif tag == "scrgbClr":
        srgb = (_srgb(integer(el, c) / 100000) for c in ("r", "g", "b"))
        value = "".join(f"{round(min(1.0, max(0.0, c)) * 255):02X}" for c in srgb)
    elif tag == "schemeClr":
        name = el.get("val", "")
        if name == "phClr":
            return _modified(ph, el) if ph is not None else None
        value = palette.slot(name)
    rgb = _hex(value)
    return _modified(Colour(rgb), el) if rgb is not None else None


def opaque(el: etree._Element | None, palette: Palette) -> str | None:
    """Return the RRGGBB of a colour element, or of the ``a:solidFill`` around one, with
    its modifiers applied; None when it cannot be read or is see-through (what shows
    then depends on what lies behind)."""
    if el is not None and etree.QName(el).localname == "solidFill":
        el = next(iter(el), None)
    found = colour(el, palette)
    return found.hex if found is not None and found.alpha >= 1.0 else None


def _modified(base: Colour, el: etree._Element) -> Colour:
    """Return ``base`` changed by the modifiers under ``el`` (lumMod, lumOff, tint, shade,
    satMod, alpha), in document order as PowerPoint applies them."""
    if not len(el):
        return base
    r, g, b = (c / 255 for c in base.rgb)
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
        elif kind == "tint":  # towards white, mixed in linear light as PowerPoint does
            r, g, b = (_srgb(1 - (1 - _linear(c)) * v) for c in (r, g, b))
        elif kind == "shade":  # towards black, in linear light
            r, g, b = (_srgb(_linear(c) * v) for c in (r, g, b))
        elif kind == "alpha":
            alpha = v
    rgb = tuple(round(min(1.0, max(0.0, c)) * 255) for c in (r, g, b))
    return Colour((rgb[0], rgb[1], rgb[2]), min(1.0, max(0.0, alpha)))
