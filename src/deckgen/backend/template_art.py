"""A template's background and artwork, drawn into the thumbnail of a deck built on it.

A file browser shows ``docProps/thumbnail.jpeg``: for a deck on an organisation's
template it should look like that organisation's title slide. This module paints, under
deckgen's own shapes, what the first slide inherits from its layout and master: the
effective background (the layout's, else the master's: a solid, gradient or picture fill,
or a reference into the theme's background styles), then the master's pictures and simple
shapes (unless the layout hides them with ``showMasterSp="0"``), then the layout's.
Placeholders are not drawn: deckgen's text takes their place, and an empty one shows
nothing in a slide show.

What the art is filled with (scheme colours, gradients, pictures, theme styles) is
resolved by :mod:`deckgen.backend.art_fills`; this module places and paints it.

Parts are read through :mod:`deckgen.package` (bounded, entity-free). Pictures are decoded
by Pillow from a few raster formats, each at most once, after their declared size is
checked (a decompression bomb is refused before it is inflated). It is best effort: a
picture that is damaged, too large or in a format Pillow cannot draw (EMF, WMF, SVG) is
left out, and the thumbnail, like the build, goes on.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from lxml import etree

from deckgen.backend import art_fills
from deckgen.backend.art_fills import NS, RGB, Fill, Gradient, Picture, R, Solid, integer
from deckgen.package import OD, Package, PackageError

MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"

#: Largest XML part read (as the template reader's bound) and largest picture part.
MAX_PART = 32 * 1024 * 1024
MAX_IMAGE_BYTES = 32 * 1024 * 1024
#: Most pixels a picture may declare: 40 megapixels is more than any slide picture needs
#: (an 8K photo is 33) and well under Pillow's own bomb limit (89), so Pillow never warns.
MAX_IMAGE_PIXELS = 40_000_000
#: The raster formats decoded; anything else (EMF, WMF, SVG…) is left out.
IMAGE_FORMATS = ("PNG", "JPEG", "GIF", "BMP", "TIFF", "WEBP")
#: Preset geometries drawn: as filled polygons in a unit box, or by name below.
_POLYGONS = {
    "rect": ((0, 0), (1, 0), (1, 1), (0, 1)),
    "triangle": ((0.5, 0), (1, 1), (0, 1)),
    "rtTriangle": ((0, 0), (1, 1), (0, 1)),
    "diamond": ((0.5, 0), (1, 0.5), (0.5, 1), (0, 0.5)),
    "parallelogram": ((0.25, 0), (1, 0), (0.75, 1), (0, 1)),
    "trapezoid": ((0.25, 0), (0.75, 0), (1, 1), (0, 1)),
    "pentagon": ((0, 0), (0.8, 0), (1, 0.5), (0.8, 1), (0, 1)),
    "homePlate": ((0, 0), (0.8, 0), (1, 0.5), (0.8, 1), (0, 1)),
    "chevron": ((0, 0), (0.8, 0), (1, 0.5), (0.8, 1), (0, 1), (0.2, 0.5)),
    "hexagon": ((0.25, 0), (0.75, 0), (1, 0.5), (0.75, 1), (0.25, 1), (0, 0.5)),
}
_LINES = ("line", "straightConnector1")
_ROUND = ("ellipse", "roundRect", "flowChartAlternateProcess")


@dataclass(frozen=True)
class Xf:
    """Where a group puts its children: x' = x·sx + dx, y' = y·sy + dy (EMU)."""

    sx: float = 1.0
    dx: float = 0.0
    sy: float = 1.0
    dy: float = 0.0

    def then(self, outer: Xf) -> Xf:
        """Return this mapping followed by ``outer``."""
        return Xf(
            self.sx * outer.sx, self.dx * outer.sx + outer.dx,
            self.sy * outer.sy, self.dy * outer.sy + outer.dy,
        )  # fmt: skip


@dataclass(frozen=True)
class Mark:
    """One thing to paint: ``fill`` and ``line`` (colour, width in pixels) in ``shape`` (a
    preset name) over ``box`` (pixels), flipped (horizontally, vertically) and turned
    ``angle`` degrees clockwise about its centre."""

    box: tuple[float, float, float, float]
    fill: Fill | None
    shape: str = "rect"
    line: tuple[Solid, float] | None = None
    angle: float = 0.0
    flips: tuple[bool, bool] = (False, False)


@dataclass
class _Art:
    """What drawing one template's art needs: the package, the theme its fills are
    resolved with, the thumbnail's scale (pixels per EMU) and the pictures decoded so far."""

    pkg: Package
    theme: art_fills.Theme
    scale: float
    images: dict[str, Any] = field(default_factory=dict)
    # the most pixels any use of each picture needs: it is decoded once, for the largest
    needs: dict[str, tuple[int, int]] = field(default_factory=dict)


def draw(img: Any, package: bytes, layout_index: int, scale: float) -> None:
    """Paint onto the Pillow image ``img`` the background and artwork a slide on layout
    ``layout_index`` (among all of the template's layouts, masters in order) of the
    template ``package`` shows, at ``scale`` pixels per EMU; returns nothing. A package
    that cannot be read, or a layout that is not there, leaves ``img`` as it is."""
    try:
        pkg = Package(package, max_part=MAX_PART)
    except PackageError:
        return
    layouts = _layouts(pkg)
    if not 0 <= layout_index < len(layouts):
        return
    layout_part, master_part = layouts[layout_index]
    layout, master = pkg.xml(layout_part), pkg.xml(master_part)
    if layout is None or master is None:
        return
    art = _Art(pkg, art_fills.theme(pkg, master_part, master, layout), scale)
    marks: list[Mark] = []
    background = _background(img.size, art, [(layout_part, layout), (master_part, master)])
    if background is not None:
        marks.append(background)
    if layout.get("showMasterSp") not in ("0", "false"):
        _tree(marks, art, master_part, master.find("p:cSld/p:spTree", NS), Xf())
    _tree(marks, art, layout_part, layout.find("p:cSld/p:spTree", NS), Xf())
    for mark in marks:
        if isinstance(mark.fill, Picture):
            w, h = _need(mark.fill, _size(mark.box))
            old = art.needs.get(mark.fill.part, (0, 0))
            art.needs[mark.fill.part] = (max(w, old[0]), max(h, old[1]))
    for mark in marks:
        _paint(img, art, mark)


def _layouts(pkg: Package) -> list[tuple[str, str]]:
    """Return (layout part, master part) of every layout: masters in the presentation's
    order, each master's layouts in its order (the order the template reader numbers)."""
    main = next(
        (t for k, t in pkg.rels("").values() if k == OD + "officeDocument"),
        "ppt/presentation.xml",
    )
    pres = pkg.xml(main)
    if pres is None:
        return []
    out: list[tuple[str, str]] = []
    rels = pkg.rels(main)
    for mid in pres.iterfind("p:sldMasterIdLst/p:sldMasterId", NS):
        master = rels.get(mid.get(f"{{{R}}}id", ""), ("", ""))[1]
        root = pkg.xml(master) if master else None
        if root is None:
            continue
        master_rels = pkg.rels(master)
        for lid in root.iterfind("p:sldLayoutIdLst/p:sldLayoutId", NS):
            layout = master_rels.get(lid.get(f"{{{R}}}id", ""), ("", ""))[1]
            # present is enough: python-pptx opened the same package, so every layout parses
            if layout in pkg.names:
                out.append((layout, master))
    return out


# --- the background ---------------------------------------------------------------------


def _background(
    size: tuple[int, int], art: _Art, owners: list[tuple[str, etree._Element]]
) -> Mark | None:
    """Return the first background found on the layout, then the master, over an image
    of ``size``; None when it has none drawn."""
    for part, root in owners:
        bg = root.find("p:cSld/p:bg", NS)
        if bg is None:
            continue
        fill = art_fills.background(bg, art.theme, part)
        return Mark((0, 0, size[0], size[1]), fill) if fill is not None else None
    return None


# --- shapes -----------------------------------------------------------------------------


def _tree(marks: list[Mark], art: _Art, part: str, tree: etree._Element | None, xf: Xf) -> None:
    """Add to ``marks`` the pictures and simple shapes of a shape tree (or group), in
    order; returns nothing."""
    for el in tree if tree is not None else ():
        kind = etree.QName(el).localname
        if kind == "AlternateContent":  # newer markup, with a fallback for older readers
            _tree(marks, art, part, el.find(f"{{{MC}}}Fallback"), xf)
            continue
        if kind not in ("sp", "pic", "cxnSp", "grpSp"):
            continue  # tables, charts, diagrams: not drawn
        nv = next(iter(el), None)
        if nv is None or nv.find("p:nvPr/p:ph", NS) is not None:
            continue  # placeholders: the slide's own text takes their place
        c_nv = nv.find("p:cNvPr", NS)
        if c_nv is not None and c_nv.get("hidden") in ("1", "true"):
            continue
        if kind == "grpSp":
            _tree(marks, art, part, el, _group(el.find("p:grpSpPr/a:xfrm", NS)).then(xf))
        else:
            mark = _shape(art, part, el, xf)
            if mark is not None:
                marks.append(mark)


def _group(xfrm: etree._Element | None) -> Xf:
    """Return the mapping a group's ``xfrm`` gives its children's coordinates."""
    if xfrm is None:
        return Xf()
    off, ext = xfrm.find("a:off", NS), xfrm.find("a:ext", NS)
    ch_off, ch_ext = xfrm.find("a:chOff", NS), xfrm.find("a:chExt", NS)
    sx = integer(ext, "cx") / integer(ch_ext, "cx") if integer(ch_ext, "cx") else 1.0
    sy = integer(ext, "cy") / integer(ch_ext, "cy") if integer(ch_ext, "cy") else 1.0
    return Xf(
        sx,
        integer(off, "x") - integer(ch_off, "x") * sx,
        sy,
        integer(off, "y") - integer(ch_off, "y") * sy,
    )


def _shape(art: _Art, part: str, el: etree._Element, xf: Xf) -> Mark | None:
    """Return one picture, shape or connector as drawn at its place; None when it has
    no place or its geometry is not simple."""
    sp_pr = el.find("p:spPr", NS)
    xfrm = sp_pr.find("a:xfrm", NS) if sp_pr is not None else None
    if xfrm is None:
        return None
    off, ext = xfrm.find("a:off", NS), xfrm.find("a:ext", NS)
    x, y = integer(off, "x") * xf.sx + xf.dx, integer(off, "y") * xf.sy + xf.dy
    w, h = integer(ext, "cx") * xf.sx, integer(ext, "cy") * xf.sy
    s = art.scale
    box = (x * s, y * s, (x + w) * s, (y + h) * s)
    geom = sp_pr.find("a:prstGeom", NS)  # type: ignore[union-attr]
    shape = geom.get("prst", "rect") if geom is not None else None
    kind = etree.QName(el).localname
    style = el.find("p:style", NS)
    fill: Fill | None
    if kind == "pic":
        blip_fill = el.find("p:blipFill", NS)
        fill = art_fills.picture(blip_fill, part, art.theme) if blip_fill is not None else None
        shape = shape or "rect"
    else:
        fill = art_fills.shape_fill(sp_pr, style, art.theme, part)  # type: ignore[arg-type]
    if shape is None or not (shape in _POLYGONS or shape in _ROUND or shape in _LINES):
        return None  # custom and complex geometry: not drawn
    outline = art_fills.line(sp_pr, style, art.theme)  # type: ignore[arg-type]
    line = (outline[0], max(1.0, outline[1] * art.scale)) if outline is not None else None
    if shape in _LINES:
        fill = None
    angle = integer(xfrm, "rot") / 60000
    flips = (xfrm.get("flipH") in ("1", "true"), xfrm.get("flipV") in ("1", "true"))
    return Mark(box, fill, shape, line, angle, flips)


# --- painting ---------------------------------------------------------------------------


def _size(box: tuple[float, float, float, float]) -> tuple[int, int]:
    """Return the whole pixels a box covers (at least one each way)."""
    return max(1, round(box[2] - box[0])), max(1, round(box[3] - box[1]))


def _need(fill: Picture, size: tuple[int, int]) -> tuple[int, int]:
    """Return the size the whole picture is shown at when its crop fills ``size``."""
    left, top, right, bottom = fill.crop
    visible = (max(0.05, 1 - left - right), max(0.05, 1 - top - bottom))
    return (math.ceil(size[0] / visible[0]), math.ceil(size[1] / visible[1]))


def _paint(img: Any, art: _Art, mark: Mark) -> None:
    """Draw ``mark`` onto ``img``; returns nothing."""
    from PIL import Image, ImageChops, ImageDraw

    fill, shape, line, angle, flips = mark.fill, mark.shape, mark.line, mark.angle, mark.flips
    x0, y0, x1, y1 = mark.box
    if isinstance(fill, Solid) and shape == "rect" and line is None and not angle % 360:
        # a plain band may bleed far off the slide: only what shows is drawn
        x0, y0 = max(x0, -1.0), max(y0, -1.0)
        x1, y1 = min(x1, img.width + 1.0), min(y1, img.height + 1.0)
        if x1 <= x0 or y1 <= y0:
            return
    w, h = _size((x0, y0, x1, y1))
    if w * h > 4 * img.width * img.height:
        return  # a shape far larger than the slide: nothing of it would be recognisable
    tile = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    content = _content(art, fill, (w, h)) if fill is not None else None
    if content is not None:
        if shape != "rect":  # cut to the shape's outline
            mask = Image.new("L", (w, h), 0)
            _outline(ImageDraw.Draw(mask), shape, (w, h), fill=255)
            content.putalpha(ImageChops.multiply(content.getchannel("A"), mask))
        tile = content
    if line is not None:
        color, width = line
        ink = (*color.color, round(255 * color.alpha))
        _outline(ImageDraw.Draw(tile), shape, (w, h), outline=ink, width=round(width))
    if flips[0]:
        tile = tile.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    if flips[1]:
        tile = tile.transpose(Image.Transpose.FLIP_TOP_BOTTOM)
    if angle % 360:
        tile = tile.rotate(-angle, resample=Image.Resampling.BILINEAR, expand=True)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    img.paste(tile.convert("RGB"), (round(cx - tile.width / 2), round(cy - tile.height / 2)), tile)


def _outline(draw: Any, shape: str, size: tuple[int, int], **ink: Any) -> None:
    """Draw ``shape`` filling a box of ``size`` with ``draw`` and the ink given."""
    w, h = size
    if shape == "ellipse":
        draw.ellipse((0, 0, w - 1, h - 1), **ink)
    elif shape in _ROUND:
        draw.rounded_rectangle((0, 0, w - 1, h - 1), radius=min(w, h) * 0.1667, **ink)
    elif shape in _LINES:
        draw.line((0, 0, w - 1, h - 1), fill=ink.get("outline"), width=ink.get("width", 1))
    elif shape == "rect":
        draw.rectangle((0, 0, w - 1, h - 1), **ink)
    else:
        draw.polygon([(px * (w - 1), py * (h - 1)) for px, py in _POLYGONS[shape]], **ink)


def _content(art: _Art, fill: Fill, size: tuple[int, int]) -> Any:
    """Return an RGBA image of ``size`` showing ``fill``, or None (a picture not drawn)."""
    from PIL import Image

    if isinstance(fill, Solid):
        return Image.new("RGBA", size, (*fill.color, round(255 * fill.alpha)))
    if isinstance(fill, Gradient):
        return _gradient(fill, size)
    return _picture(art, fill, size)


def _gradient(fill: Gradient, size: tuple[int, int]) -> Any:
    """Return ``fill`` drawn over ``size`` as an RGBA image."""
    from PIL import Image

    if fill.angle is None:
        ramp = Image.radial_gradient("L").resize(size)  # 0 at the centre, out to the edge
    else:
        # t = the normalised projection on the direction: a blend of a horizontal and a
        # vertical ramp, each running the way the direction's component points
        rad = math.radians(fill.angle)
        c, s = math.cos(rad), math.sin(rad)
        across = Image.linear_gradient("L").transpose(Image.Transpose.ROTATE_90).resize(size)
        down = Image.linear_gradient("L").resize(size)
        if c < 0:
            across = across.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
        if s < 0:
            down = down.transpose(Image.Transpose.FLIP_TOP_BOTTOM)
        weight = abs(s) / (abs(c) + abs(s)) if abs(c) + abs(s) else 0.0
        ramp = Image.blend(across, down, weight)
    luts = [[_at(fill.stops, v / 255)[ch] for v in range(256)] for ch in range(3)]
    bands = [ramp.point(lut) for lut in luts]
    return Image.merge("RGBA", (*bands, Image.new("L", size, 255)))


def _at(stops: tuple[tuple[float, RGB], ...], t: float) -> RGB:
    """Return the gradient's colour at position ``t`` (0–1)."""
    if t <= stops[0][0]:
        return stops[0][1]
    for (p0, c0), (p1, c1) in pairwise(stops):
        if t <= p1:
            k = (t - p0) / (p1 - p0) if p1 > p0 else 1.0
            return (
                round(c0[0] + (c1[0] - c0[0]) * k),
                round(c0[1] + (c1[1] - c0[1]) * k),
                round(c0[2] + (c1[2] - c0[2]) * k),
            )
    return stops[-1][1]


def _picture(art: _Art, fill: Picture, size: tuple[int, int]) -> Any:
    """Return the picture cropped as ``fill`` says and stretched over ``size`` (RGBA,
    transparent where a negative crop insets it), or None when it cannot be decoded."""
    from PIL import Image

    w, h = size
    left, top, right, bottom = fill.crop
    pic = _decoded(art, fill.part, art.needs.get(fill.part, _need(fill, size)))
    if pic is None:
        return None
    pw, ph = pic.size
    # the source rectangle, in the picture's pixels; it may reach beyond the picture
    sx0, sy0 = left * pw, top * ph
    sx1, sy1 = pw - right * pw, ph - bottom * ph
    if sx1 - sx0 <= 0 or sy1 - sy0 <= 0:
        return None
    kx, ky = w / (sx1 - sx0), h / (sy1 - sy0)
    ix0, iy0, ix1, iy1 = max(0.0, sx0), max(0.0, sy0), min(float(pw), sx1), min(float(ph), sy1)
    if ix1 <= ix0 or iy1 <= iy0:
        return None
    left_px, top_px = round(ix0), round(iy0)
    crop = (left_px, top_px, max(left_px + 1, round(ix1)), max(top_px + 1, round(iy1)))
    part = pic.crop(crop)
    dw, dh = max(1, round((ix1 - ix0) * kx)), max(1, round((iy1 - iy0) * ky))
    part = part.resize((dw, dh), Image.Resampling.BILINEAR)
    if (dw, dh) == (w, h):
        return part
    out = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    out.paste(part, (round((ix0 - sx0) * kx), round((iy0 - sy0) * ky)))
    return out


def _decoded(art: _Art, name: str, need: tuple[int, int]) -> Any:
    """Return the picture part ``name`` decoded as RGBA (once per thumbnail), scaled
    down to cover ``need`` pixels; None when it is missing, too large, damaged or not a
    raster format."""
    if name in art.images:
        return art.images[name]
    from PIL import Image

    art.images[name] = None
    if name not in art.pkg.names or art.pkg.zip.getinfo(name).file_size > MAX_IMAGE_BYTES:
        return None
    try:
        with Image.open(io.BytesIO(art.pkg.zip.read(name)), formats=IMAGE_FORMATS) as pic:
            if pic.width * pic.height > MAX_IMAGE_PIXELS:
                return None  # checked from the header, before anything is inflated
            pic.draft("RGB", need)  # a JPEG decodes at 1/2, 1/4 or 1/8 of its size
            # kept no larger than needed: every later crop and resize works on fewer pixels
            k = max(need[0] / pic.width, need[1] / pic.height)
            if k < 1:
                size = (max(1, round(pic.width * k)), max(1, round(pic.height * k)))
                small = pic.resize(size, Image.Resampling.BILINEAR, reducing_gap=2.0)
            else:
                small = pic
            art.images[name] = small.convert("RGBA")
    except Exception:  # Pillow raises many kinds (OSError, ValueError, SyntaxError…)
        return None  # on a damaged picture; best effort: the thumbnail goes without it
    return art.images[name]
