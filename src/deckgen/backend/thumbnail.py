"""The first slide's thumbnail (``docProps/thumbnail.jpeg``), drawn from the IR with Pillow.

File browsers show it in place of the deck. On a template, the template's background and
artwork (:mod:`deckgen.backend.template_art`) are drawn first, under deckgen's own shapes.
"""

from __future__ import annotations

from typing import Any

from deckgen import ir
from deckgen.backend import template_art
from deckgen.units import pt

#: PowerPoint's thumbnails are 256 pixels wide.
THUMB_WIDTH = 256


def thumbnail(pres: ir.Presentation) -> bytes:
    """Return a JPEG of the first slide drawn from the IR: fills, outlines, lines, icons,
    pictures and text at their boxes (Pillow's bundled font, so every machine draws the
    same bytes), over the template's background and artwork when the deck is built on
    one. A deck without slides gets the empty background."""
    from PIL import Image, ImageDraw

    scale = THUMB_WIDTH / pres.width
    height = max(1, round(pres.height * scale))
    slide = pres.slides[0] if pres.slides else None
    img = Image.new("RGB", (THUMB_WIDTH, height), "#" + (slide.background if slide else "FFFFFF"))
    if slide is None:
        return _jpeg(img)
    if pres.template:
        layout = pres.template_layouts.get(slide.layout, 0)
        template_art.draw(img, pres.template, layout, scale)
    draw = ImageDraw.Draw(img)
    fonts: dict[float, Any] = {}
    for shape in slide.shapes:
        _draw(img, draw, shape, scale, fonts)
    return _jpeg(img)


def _jpeg(img: Any) -> bytes:
    import io

    class Named(io.BytesIO):
        """A buffer with a .jpeg name: Pillow picks the format from the name and imports
        only its JPEG plugin, where ``format="JPEG"`` imports five plugins (~8 ms cold)."""

        name = "thumbnail.jpeg"

    buf = Named()
    img.save(buf, quality=85, optimize=False)
    return buf.getvalue()


def _xy(box: ir.Box, scale: float) -> tuple[float, float, float, float]:
    return (box.x * scale, box.y * scale, box.right * scale, box.bottom * scale)


def _draw(img: Any, draw: Any, shape: ir.AnyShape, scale: float, fonts: dict[float, Any]) -> None:
    """Draw one shape of the first slide onto the thumbnail."""
    x0, y0, x1, y1 = _xy(shape.box, scale)
    if isinstance(shape, ir.TextShape):
        if shape.fill or shape.line:
            width = max(1, round(shape.line_width * scale)) if shape.line else 0
            outline = "#" + shape.line if shape.line else None
            fill = "#" + shape.fill if shape.fill else None
            if shape.geometry == "ellipse":
                draw.ellipse((x0, y0, x1, y1), fill=fill, outline=outline, width=width)
            else:
                radius = shape.corner * min(x1 - x0, y1 - y0)
                draw.rounded_rectangle(
                    (x0, y0, x1, y1), radius=radius, fill=fill, outline=outline, width=width
                )
        if shape.text:
            _text(draw, shape.text, (x0, y0, x1, y1), scale, fonts)
    elif isinstance(shape, ir.LineShape | ir.ConnectorShape):
        width = max(1, round(shape.width * scale))
        if isinstance(shape, ir.LineShape) and shape.flip_v:
            draw.line((x0, y1, x1, y0), fill="#" + shape.color, width=width)
        else:
            draw.line((x0, y0, x1, y1), fill="#" + shape.color, width=width)
    elif isinstance(shape, ir.IconShape):
        sx = (x1 - x0) / shape.view_w
        sy = (y1 - y0) / shape.view_h
        for path in shape.paths:
            points: list[tuple[float, float]] = []
            for op, pts in path.ops:
                if op == "M" and len(points) > 1:
                    draw.line(points, fill="#" + shape.color, width=1)
                if op == "M":
                    points = []
                if pts:
                    px, py = pts[-1]
                    points.append((x0 + px * sx, y0 + py * sy))
            if len(points) > 1:
                draw.line(points, fill="#" + shape.color, width=1)
    elif isinstance(shape, ir.PictureShape) and shape.data:
        _picture(img, shape, (x0, y0, x1, y1))
    elif isinstance(shape, ir.TableShape):
        draw.rectangle((x0, y0, x1, y1), outline="#" + shape.border, width=1)
    elif isinstance(shape, ir.ChartShape) and shape.series:
        _chart(draw, shape, (x0, y0, x1, y1))


def _text(
    draw: Any, frame: ir.TextFrame, box: tuple[float, ...], scale: float, fonts: dict[float, Any]
) -> None:
    """Draw the frame's paragraphs, wrapped greedily at the box's width."""
    from PIL import ImageFont

    x0, y0, x1, y1 = box
    left = x0 + frame.inset_l * scale
    right = x1 - frame.inset_r * scale
    lines: list[tuple[str, Any, str, str, float]] = []
    for para in frame.paragraphs:
        if not para.runs:
            continue
        run = para.runs[0]
        px = pt(run.size) * scale
        key = round(max(1.0, px), 1)
        if key not in fonts:  # loading the bundled font costs ~1 ms a size
            fonts[key] = ImageFont.load_default(size=key)
        font = fonts[key]
        # the word joiners layout adds have no glyph in the bundled font: not drawn
        words = "".join(r.text for r in para.runs).replace("\u2060", "").split()
        indent = para.margin_left * scale
        line = ""
        for word in words:
            trial = f"{line} {word}".strip()
            if line and font.getlength(trial) > right - left - indent:
                lines.append((line, font, run.color, para.align, px * 1.2))
                line = word
            else:
                line = trial
        if line:
            lines.append((line, font, run.color, para.align, px * 1.2))
    total = sum(h for *_, h in lines)
    top = y0 + frame.inset_t * scale
    if frame.anchor == "ctr":
        top = (y0 + y1 - total) / 2
    elif frame.anchor == "b":
        top = y1 - frame.inset_b * scale - total
    for text, font, color, align, h in lines:
        width = font.getlength(text)
        x = {"l": left, "ctr": (left + right - width) / 2, "r": right - width}[align]
        draw.text((x, top), text, font=font, fill="#" + color)
        top += h


def _picture(img: Any, shape: ir.PictureShape, box: tuple[float, ...]) -> None:
    """Paste the picture, cropped as the IR says, into its box."""
    import io

    from PIL import Image

    x0, y0, x1, y1 = box
    w, h = max(1, round(x1 - x0)), max(1, round(y1 - y0))
    with Image.open(io.BytesIO(shape.data)) as pic:
        pic = pic.convert("RGB")
        cw, ch = pic.size
        crop = (
            round(cw * shape.crop_l),
            round(ch * shape.crop_t),
            max(round(cw * shape.crop_l) + 1, round(cw * (1 - shape.crop_r))),
            max(round(ch * shape.crop_t) + 1, round(ch * (1 - shape.crop_b))),
        )
        img.paste(pic.crop(crop).resize((w, h)), (round(x0), round(y0)))


def _chart(draw: Any, shape: ir.ChartShape, box: tuple[float, ...]) -> None:
    """Draw the first series as plain bars: enough to recognise the slide."""
    x0, y0, x1, y1 = box
    values = shape.series[0].values
    fill = "#" + shape.series[0].color
    top = max([*values, 1e-9])
    n = len(values)
    if shape.chart_type == "bar":
        step = (y1 - y0) / n
        for i, v in enumerate(values):
            length = max(0.0, v) / top * (x1 - x0)
            y = y0 + i * step
            draw.rectangle((x0, y + step * 0.2, x0 + length, y + step * 0.8), fill=fill)
        return
    step = (x1 - x0) / n
    for i, v in enumerate(values):
        length = max(0.0, v) / top * (y1 - y0)
        x = x0 + i * step
        draw.rectangle((x + step * 0.2, y1 - length, x + step * 0.8, y1), fill=fill)
