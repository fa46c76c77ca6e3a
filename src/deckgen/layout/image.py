"""Images: raster pictures fitted (contain or cover) and SVG drawings as vector shapes."""

from __future__ import annotations

from deckgen import ir, spec
from deckgen.diagnostics import YamlPath
from deckgen.layout.context import Ctx
from deckgen.layout.regions import center
from deckgen.layout.shapes import Shapes, text_in
from deckgen.layout.text import Para
from deckgen.units import Emu, inches, to_inches

#: Below this many pixels per inch a picture looks soft on a projector.
MIN_DPI = 150


def image(ctx: Ctx, img: spec.Image, path: YamlPath, box: ir.Box) -> Shapes:
    """Return a picture fitted into ``box`` (contain: whole, centred; cover: filled, cropped),
    with its caption under it; an SVG becomes native vector shapes."""
    shapes: Shapes = []
    if img.caption:
        cap_h = inches(0.45)
        sh, _ = text_in(
            ctx,
            "Image caption",
            [
                Para(
                    img.caption,
                    ctx.style("muted", ctx.theme.sizes.caption, italic=True),
                    align="ctr",
                )
            ],
            ir.Box(box.x, Emu(box.bottom - cap_h), box.w, Emu(cap_h)),
            (*path, "caption"),
            min_scale=0.8,
            anchor="b",
            what="the caption",
        )
        shapes.append(sh)
        box = ir.Box(box.x, box.y, box.w, Emu(box.h - cap_h - inches(0.1)))
    vector = ctx.assets.vectors.get(path)
    if vector is not None:
        w, h = _contain(vector.width, vector.height, box)
        where = center(box, w, h)
        drawing = ctx.vector(
            vector,
            where,
            path,
            name=f"Drawing: {img.path}",
            alt=img.alt,
            color=ctx.theme.colors.primary,
            stroke=vector.stroke_width,
        )
        shapes.insert(0, drawing)
        return shapes
    pic = ctx.assets.pictures.get(path)
    if pic is None:
        return shapes  # the assets stage has already reported why
    crop = (0.0, 0.0, 0.0, 0.0)
    if img.fit == "contain":
        w, h = _contain(pic.width, pic.height, box)
        where = center(box, w, h)
        shown_px = pic.width
    else:
        where = box
        scale = max(box.w / pic.width, box.h / pic.height)
        cut_x = max(0.0, 1 - box.w / (pic.width * scale)) / 2
        cut_y = max(0.0, 1 - box.h / (pic.height * scale)) / 2
        crop = (cut_x, cut_y, cut_x, cut_y)
        shown_px = round(pic.width * (1 - 2 * cut_x))
    dpi = shown_px / to_inches(where.w)
    if dpi < MIN_DPI:
        ctx.warn(
            f"'{img.path}' is shown at {dpi:.0f} pixels per inch; "
            f"it will look soft (aim for {MIN_DPI}+)",
            (*path, "path"),
            hint="use a larger image",
            rule="low-resolution",
        )
    shapes.insert(
        0,
        ir.PictureShape(
            key=ctx.key("pic"),
            name=f"Picture: {img.path}",
            box=where,
            origin=path,
            alt=img.alt,
            data=pic.data,
            format=pic.format,
            sha=pic.sha,
            crop_l=round(crop[0], 6),
            crop_t=round(crop[1], 6),
            crop_r=round(crop[2], 6),
            crop_b=round(crop[3], 6),
        ),
    )
    return shapes


def _contain(width: int, height: int, box: ir.Box) -> tuple[int, int]:
    """Return the largest size with ``width:height``'s aspect ratio that fits ``box``."""
    scale = min(box.w / width, box.h / height)
    return max(1, round(width * scale)), max(1, round(height * scale))
