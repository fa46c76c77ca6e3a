"""The first slide's thumbnail (``docProps/thumbnail.jpeg``), drawn from the IR with Pillow.

File browsers show it in place of the deck. On a template, the template's background and
artwork (:mod:`deckgen.backend.template_art`) are drawn first, under deckgen's own shapes.
"""

from __future__ import annotations

import math
import re
from typing import Any, NamedTuple

from deckgen import ir
from deckgen.units import pt

#: PowerPoint's thumbnails are 256 pixels wide.
THUMB_WIDTH = 256
#: The JPEG encoder's settings as Pillow's JPEG plugin passes them for
#: ``save(quality=85, optimize=False)``: quality, progressive, smooth, optimize, keep_rgb,
#: streamtype, dpi, subsampling, restart marker blocks and rows, qtables, comment, extra
#: markers, EXIF. Handing them to the encoder directly writes the same bytes without
#: importing the plugin (and the subprocess and logging modules it brings, ~4 ms cold).
_JPEG_CONFIG = (85, False, 0, False, False, 0, [0, 0], -1, 0, 0, None, None, b"", b"")
#: The bundled font has no bold face: bold is its regular glyphs stroked in their own
#: colour by this fraction of the size on each side, about the stem a bold face adds.
BOLD_STROKE = 0.03
#: Nor an italic one: italic is the regular glyphs slanted about their baseline by this
#: much (across per down), an oblique of about 11 degrees as italic faces lean.
ITALIC_SLANT = 0.2


class _Span(NamedTuple):
    """A piece of a line drawn in one style: its text, weight, slant and colour."""

    text: str
    bold: bool
    italic: bool
    color: str

    def style(self) -> tuple[bool, bool, str]:
        """Return what the span is drawn in: weight, slant and colour."""
        return (self.bold, self.italic, self.color)


class _Line(NamedTuple):
    """A wrapped line: its spans, font, alignment and size in pixels."""

    spans: list[_Span]
    font: Any
    align: str
    px: float


def thumbnail(pres: ir.Presentation) -> bytes:
    """Return a JPEG of the first slide drawn from the IR: fills, outlines, lines, icons,
    pictures and text at their boxes (Pillow's bundled font, so every machine draws the
    same bytes; bold and italic runs drawn heavier and slanted from it), over the
    template's background and artwork when the deck is built on one. A deck without slides
    gets the empty background."""
    from PIL import Image, ImageDraw

    scale = THUMB_WIDTH / pres.width
    height = max(1, round(pres.height * scale))
    slide = pres.slides[0] if pres.slides else None
    img = Image.new("RGB", (THUMB_WIDTH, height), "#" + (slide.background if slide else "FFFFFF"))
    if slide is None:
        return _jpeg(img)
    if pres.template:
        # imported here: it parses DrawingML fills, which decks without a template never need
        from deckgen.backend import template_art

        layout = pres.template_layouts.get(slide.layout, 0)
        template_art.draw(img, pres.template, layout, scale)
    draw = ImageDraw.Draw(img)
    fonts: dict[float, Any] = {}
    for shape in slide.shapes:
        _draw(img, draw, shape, scale, fonts)
    return _jpeg(img)


def _jpeg(img: Any) -> bytes:
    """Return ``img`` (RGB) as baseline JPEG bytes at quality 85."""
    return img.tobytes("jpeg", "RGB", *_JPEG_CONFIG)  # type: ignore[no-any-return]


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
            _text(img, draw, shape.text, (x0, y0, x1, y1), scale, fonts)
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
    img: Any,
    draw: Any,
    frame: ir.TextFrame,
    box: tuple[float, ...],
    scale: float,
    fonts: dict[float, Any],
) -> None:
    """Draw the frame's paragraphs, wrapped greedily at the box's width, each run in
    its colour, bold and italic as it is marked."""
    from PIL import ImageFont

    x0, y0, x1, y1 = box
    left = x0 + frame.inset_l * scale
    right = x1 - frame.inset_r * scale
    lines: list[_Line] = []
    for para in frame.paragraphs:
        if not para.runs:
            continue
        px = pt(para.runs[0].size) * scale
        key = round(max(1.0, px), 1)
        if key not in fonts:  # loading the bundled font costs ~1 ms a size
            fonts[key] = ImageFont.load_default(size=key)
        font = fonts[key]
        indent = para.margin_left * scale
        line: list[_Span] = []
        for word in _words(para.runs):
            trial = _joined(line, word)
            if line and _width(font, trial) > right - left - indent:
                lines.append(_Line(line, font, para.align, px))
                line = _joined([], word)
            else:
                line = trial
        if line:
            lines.append(_Line(line, font, para.align, px))
    total = sum(line.px * 1.2 for line in lines)
    top = y0 + frame.inset_t * scale
    if frame.anchor == "ctr":
        top = (y0 + y1 - total) / 2
    elif frame.anchor == "b":
        top = y1 - frame.inset_b * scale - total
    for spans, font, align, px in lines:
        width = _width(font, spans)
        x = {"l": left, "ctr": (left + right - width) / 2, "r": right - width}[align]
        for span in spans:
            stroke = px * BOLD_STROKE if span.bold else 0
            if span.italic:
                _slanted(img, (x, top), span, font, stroke)
            else:
                draw.text(
                    (x, top), span.text, font=font, fill="#" + span.color, stroke_width=stroke
                )
            x += font.getlength(span.text)
        top += px * 1.2


def _words(runs: tuple[ir.Run, ...]) -> list[list[_Span]]:
    """Return the words of a paragraph's runs, each as the spans of the runs it is made
    of (a word may change style midway, as "**Qwen**2.5")."""
    words: list[list[_Span]] = []
    word: list[_Span] = []
    for run in runs:
        # the word joiners layout adds have no glyph in the bundled font: not drawn
        for piece in re.findall(r"\S+|\s+", run.text.replace("\u2060", "")):
            if piece.isspace():
                if word:
                    words.append(word)
                word = []
            else:
                word.append(_Span(piece, run.bold, run.italic, run.color))
    if word:
        words.append(word)
    return words


def _joined(line: list[_Span], word: list[_Span]) -> list[_Span]:
    """Return ``line`` with ``word`` after a space (in the style before it), neighbours
    of one style merged: a line in one style is one span, drawn and measured whole."""
    out: list[_Span] = []
    spaced = [*line, line[-1]._replace(text=" "), *word] if line else word
    for span in spaced:
        if out and out[-1].style() == span.style():
            out[-1] = out[-1]._replace(text=out[-1].text + span.text)
        else:
            out.append(span)
    return out


def _width(font: Any, spans: list[_Span]) -> float:
    """Return the advance of a line's spans, in pixels (a stroke does not widen it)."""
    return sum(font.getlength(span.text) for span in spans)


def _slanted(img: Any, xy: tuple[float, float], span: _Span, font: Any, stroke: float) -> None:
    """Draw ``span`` at ``xy`` (its top left) leaning right about its baseline."""
    from PIL import Image, ImageDraw

    ascent, descent = font.getmetrics()
    pad = math.ceil(ITALIC_SLANT * ascent + stroke) + 1
    size = (math.ceil(font.getlength(span.text)) + 2 * pad, ascent + descent + 2 * pad)
    mask = Image.new("L", size, 0)
    # drawn at the same fraction of a pixel as upright text at ``xy``, so both sit alike
    x, y = math.floor(xy[0]), math.floor(xy[1])
    at = (pad + xy[0] - x, pad + xy[1] - y)
    ImageDraw.Draw(mask).text(at, span.text, font=font, fill=255, stroke_width=stroke)
    # each row is taken from further left the higher it is above the baseline
    base = at[1] + ascent
    shear = (1, ITALIC_SLANT, -ITALIC_SLANT * base, 0, 1, 0)
    mask = mask.transform(size, Image.Transform.AFFINE, shear, Image.Resampling.BILINEAR)
    img.paste("#" + span.color, (x - pad, y - pad), mask)


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
