"""Text for the layout stage: markup → IR runs, measuring, and shrink-to-fit.

Every text box the layout makes goes through :func:`fit`, which tries the largest size
first and shrinks in half-point steps down to the theme's minimum. The result records the
size used and the measured height; when even the minimum does not fit, it says by how much.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import msgspec

from deckgen import ir, markup, script
from deckgen.measure import DEFAULT_COMPLEX_SCRIPT, DEFAULT_EAST_ASIAN, Face, Measurer, Span
from deckgen.units import Emu, pt


class Style(msgspec.Struct, frozen=True):
    """How a paragraph's text looks before fitting."""

    font: str
    size: float  # points at full scale
    color: str
    bold: bool = False
    italic: bool = False
    mono: str = "Courier New"  # family for `code` pieces
    link_color: str | None = None
    east_asian: str = DEFAULT_EAST_ASIAN  # family for Chinese, Japanese, Korean (a:ea)
    complex_script: str = DEFAULT_COMPLEX_SCRIPT  # family for Arabic, Hebrew (a:cs)
    rtl: bool = False  # the deck's language runs right to left (text with no letters follows)
    lang: str = "en-US"  # the deck's language


class Para(msgspec.Struct, frozen=True):
    """A paragraph to fit: its markup text, style, alignment, bullet and indents."""

    text: str
    style: Style
    align: Literal["l", "ctr", "r"] = "l"
    bullet: ir.Bullet | None = None
    margin_left: Emu = Emu(0)
    space_before: float = 0.0  # points at full scale
    level: int = 0
    min_size: float | None = None  # never shrink this paragraph below this size


class Fitted(msgspec.Struct, frozen=True):
    """The outcome of fitting paragraphs into a box."""

    frame: ir.TextFrame
    scale: float
    height: Emu
    overflow: Emu  # how much taller than the box the text is at the smallest size (0 = fits)
    width: Emu  # widest measured line


def runs_for(text: str, style: Style, size: float) -> tuple[ir.Run, ...]:
    """Return IR runs for markup ``text`` in ``style`` at ``size`` points."""
    runs: list[ir.Run] = []
    for piece in markup.parse(text):
        if piece.math:
            runs.extend(_math_runs(piece, style, size))
            continue
        lang = script.run_language(piece.text, style.lang)
        runs.append(
            ir.Run(
                # A word joiner after each hyphen of a name keeps renderers from breaking it
                # (not in code, which readers copy).
                text=piece.text if piece.code else script.keep_names_whole(piece.text),
                font=style.mono if piece.code else style.font,
                size=size,
                color=(style.link_color or style.color) if piece.link else style.color,
                bold=style.bold or piece.bold,
                italic=style.italic or piece.italic,
                link=piece.link,
                code=piece.code,
                east_asian=(
                    script.east_asian_cut(style.east_asian, lang or style.lang)
                    if script.has_asian(piece.text)
                    else None
                ),
                complex_script=style.complex_script if script.has_complex(piece.text) else None,
                lang=lang,
            )
        )
    if not runs:
        runs.append(ir.Run("", style.font, size, style.color, style.bold, style.italic))
    return tuple(runs)


def _math_runs(piece: markup.Piece, style: Style, size: float) -> list[ir.Run]:
    """Return inline math as runs; LaTeX that cannot be set stays visible as its source
    (the layout reports it as a located error)."""
    from deckgen.equations import EquationError
    from deckgen.layout.inline_math import flatten

    try:
        pieces = flatten(piece.text)
    except EquationError:
        return [
            ir.Run("$" + piece.text + "$", style.font, size, style.color, style.bold or piece.bold)
        ]
    return [
        ir.Run(
            p.text,
            style.font,
            size,
            style.color,
            style.bold or piece.bold,
            p.italic,
            baseline=p.baseline,
        )
        for p in pieces
    ]


def face_of(run: ir.Run) -> Face:
    """Return the measurer face of an IR run, its script fonts included."""
    return Face(
        run.font,
        run.bold,
        run.italic,
        run.east_asian or DEFAULT_EAST_ASIAN,
        run.complex_script or DEFAULT_COMPLEX_SCRIPT,
    )


def spans_of(runs: Sequence[ir.Run]) -> list[Span]:
    """Return measurer spans for IR runs."""
    return [Span(r.text, face_of(r)) for r in runs]


def fit(
    paras: Sequence[Para],
    width: Emu,
    height: Emu,
    measurer: Measurer,
    *,
    min_scale: float = 1.0,
    max_scale: float = 1.0,
    line_spacing: float = 1.0,
    anchor: Literal["t", "ctr", "b"] = "t",
    insets: tuple[Emu, Emu, Emu, Emu] = (Emu(0), Emu(0), Emu(0), Emu(0)),
    step: float = 0.5,
    font_lines: bool = False,
) -> Fitted:
    """Return the paragraphs fitted into ``width`` x ``height``.

    Sizes shrink together (keeping their ratios) from full scale down to ``min_scale``;
    the first scale at which every paragraph fits is used. ``overflow`` is non-zero when
    the text does not fit even at ``min_scale``. ``font_lines`` makes each line as tall as
    the fonts drawn in it, as renderers lay out table cells (Chinese lines are taller).
    """
    if not paras:
        return Fitted(ir.TextFrame((), anchor), 1.0, Emu(0), Emu(0), Emu(0))
    base = max(p.style.size for p in paras)
    left, right, top, bottom = insets
    inner_w = Emu(width - left - right)
    inner_h = Emu(height - top - bottom)
    size = base * max_scale
    best: tuple[float, list[ir.Paragraph], int, int] | None = None
    while True:
        scale = size / base
        built, total, widest = _measure(
            paras, scale, inner_w, measurer, line_spacing, font_lines=font_lines
        )
        best = (scale, built, total, widest)
        if total <= inner_h or scale <= min_scale + 1e-9:
            break
        size = max(size - step, base * min_scale)
    scale, built, total, widest = best
    frame = ir.TextFrame(
        paragraphs=tuple(built),
        anchor=anchor,
        inset_l=left,
        inset_r=right,
        inset_t=top,
        inset_b=bottom,
        wrap=True,
        measured_height=Emu(total + top + bottom),
    )
    overflow = Emu(max(0, total - inner_h))
    return Fitted(frame, scale, Emu(total + top + bottom), overflow, Emu(widest + left + right))


def _measure(
    paras: Sequence[Para],
    scale: float,
    width: Emu,
    measurer: Measurer,
    line_spacing: float,
    *,
    font_lines: bool = False,
) -> tuple[list[ir.Paragraph], int, int]:
    built: list[ir.Paragraph] = []
    total = 0
    widest = 0
    for i, p in enumerate(paras):
        size = round(p.style.size * scale * 2) / 2
        if p.min_size is not None:
            size = max(size, p.min_size)
        runs = runs_for(p.text, p.style, size)
        # marL is where every line of text starts; the bullet hangs in the indent to its left.
        avail = Emu(max(1, width - p.margin_left))
        lines = measurer.wrap(spans_of(runs), size, avail)
        n = max(1, len(lines))
        widest = max(widest, max((ln.width for ln in lines), default=0) + p.margin_left)
        before = 0.0 if i == 0 else p.space_before * scale
        spacing = 1.2 * line_spacing
        if font_lines and lines:
            total += pt(before) + sum(measurer.line_height(size, spacing, ln.spans) for ln in lines)
        else:
            total += pt(before) + n * measurer.line_height(size, spacing)
        # Arabic and Hebrew paragraphs run right to left and start at the right edge.
        rtl = script.is_rtl("".join(r.text for r in runs), p.style.rtl)
        built.append(
            ir.Paragraph(
                runs=runs,
                align="r" if rtl and p.align == "l" else p.align,
                rtl=rtl,
                level=p.level,
                bullet=p.bullet,
                margin_left=p.margin_left,
                space_before=round(before, 1),
                line_spacing=line_spacing,
                lines=n,
            )
        )
    return built, total, widest


def single_line_width(
    text: str, style: Style, measurer: Measurer, size: float | None = None
) -> Emu:
    """Return the unwrapped width of markup ``text`` in ``style``."""
    runs = runs_for(text, style, size or style.size)
    return Emu(sum(measurer.text_width(r.text, face_of(r), r.size) for r in runs))
