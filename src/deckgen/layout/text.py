"""Text for the layout stage: markup → IR runs, measuring, and shrink-to-fit.

Every text box the layout makes goes through :func:`fit`, which tries the largest size
first and shrinks in half-point steps down to the theme's minimum. The result records the
size used and the measured height; when even the minimum does not fit, it says by how much.

Fitting also sets type as a designer would: a paragraph whose last line would hold one
word ties its last two words with a no-break space (when that costs no extra line), and
lines that break a name at its hyphen ("GPT-/Neo") are reported for the design lint.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise
from typing import Literal

import msgspec
from msgspec.structs import replace

from deckgen import ir, markup, script
from deckgen.measure import DEFAULT_COMPLEX_SCRIPT, DEFAULT_EAST_ASIAN, Face, Line, Measurer, Span
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
    orphans: tuple[str, ...] = ()  # last lines of one word that no tie could avoid
    name_breaks: tuple[str, ...] = ()  # names broken at their hyphen, e.g. "GPT-/Neo"


def item_gaps(paras: Sequence[Para]) -> int:
    """Return how many gaps between items ``paras`` have: top-level paragraphs after the
    first (a sub-point or an answer stays with its item)."""
    return sum(1 for p in paras[1:] if p.level == 0)


def opened(paras: Sequence[Para], extra: float) -> list[Para]:
    """Return ``paras`` with ``extra`` points more space before every item but the first
    (the gaps :func:`item_gaps` counts), so a short list spreads over its region."""
    return [
        replace(p, space_before=p.space_before + extra) if i and p.level == 0 and extra else p
        for i, p in enumerate(paras)
    ]


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
    exact: bool = False,
    notice: bool = True,
) -> Fitted:
    """Return the paragraphs fitted into ``width`` x ``height``.

    Sizes shrink together (keeping their ratios) from full scale down to ``min_scale``;
    the first scale at which every paragraph fits is used. ``overflow`` is non-zero when
    the text does not fit even at ``min_scale``. ``font_lines`` makes each line as tall as
    the fonts drawn in it, as renderers lay out table cells (Chinese lines are taller). With
    ``exact`` (titles), a size whose line count depends on the measurer's safety margin is
    skipped too, so the number of lines drawn is the number measured and what sits under the
    text sits under its last line. Without ``notice`` (a composition weighing text it does
    not place), one-word last lines are neither tied away nor noted: the line counts, the
    height and the scale are the same either way.
    """
    if not paras:
        return Fitted(ir.TextFrame((), anchor), 1.0, Emu(0), Emu(0), Emu(0))
    base = max(p.style.size for p in paras)
    left, right, top, bottom = insets
    inner_w = Emu(width - left - right)
    inner_h = Emu(height - top - bottom)
    size = base * max_scale
    best: tuple[float, list[ir.Paragraph], int, int, Notes] | None = None
    while True:
        scale = size / base
        built, total, widest, notes = _measure(
            paras, scale, inner_w, measurer, line_spacing, font_lines=font_lines, notice=notice
        )
        best = (scale, built, total, widest, notes)
        stable = not exact or stable_lines(built, paras, scale, inner_w, measurer)
        if (total <= inner_h and stable) or scale <= min_scale + 1e-9:
            break
        size = max(size - step, base * min_scale)
    scale, built, total, widest, notes = best
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
    return Fitted(
        frame,
        scale,
        Emu(total + top + bottom),
        overflow,
        Emu(widest + left + right),
        tuple(notes.orphans),
        tuple(notes.name_breaks),
    )


class Notes(msgspec.Struct):
    """What fitting noticed about the set type (for the design lint)."""

    orphans: list[str] = msgspec.field(default_factory=list)
    name_breaks: list[str] = msgspec.field(default_factory=list)


def _size(p: Para, scale: float) -> float:
    size = round(p.style.size * scale * 2) / 2
    return max(size, p.min_size) if p.min_size is not None else size


def stable_lines(
    built: Sequence[ir.Paragraph],
    paras: Sequence[Para],
    scale: float,
    width: Emu,
    measurer: Measurer,
) -> bool:
    """Return True when every paragraph wraps into as many lines without the measurer's
    safety margin as with it (its line breaks do not hang on that margin)."""
    loose = Emu(round(width * (1 + measurer.safety)))
    for b, p in zip(built, paras, strict=True):
        avail = Emu(max(1, loose - p.margin_left))
        if max(1, len(measurer.wrap(spans_of(b.runs), _size(p, scale), avail))) != b.lines:
            return False
    return True


#: The first piece of a line that a wider line could pull up: up to a space, or through a
#: hyphen, dash or slash (where the measurer may also break).
_FIRST_PIECE = re.compile(r"[^\s\-\u2013\u2014/]*[\-\u2013\u2014/]?")


def _may_rewrap(lines: Sequence[Line], loose: Emu, size: float, measurer: Measurer) -> bool:
    """Return False when ``lines`` certainly break the same at the wider ``loose`` measure:
    no line but the last has room there for the first piece of the line after it. Setting
    every wrapped paragraph a second time cost ~4 % of a cold build; this check costs one
    short measurement per line break."""
    if len(lines) < 2:
        return False  # one line stays one line when the measure widens
    for line, after in pairwise(lines):
        if not after.spans or script.has_special(after.text):
            return True
        first = after.spans[0]
        piece = _FIRST_PIECE.match(first.text)
        word = piece.group(0) if piece and piece.group(0) else first.text[:1]
        # The break's space and the piece, as the wider line would add them (both widths
        # carry the safety margin, like the line's); a tenth of a per cent of slack for
        # rounding keeps the check on the safe side.
        extra = measurer.text_width(" " + word, first.face, size)
        if line.width + extra <= loose * 1.001:
            return True
    return False


def _orphaned(lines: Sequence[Line]) -> bool:
    """Return True when the last of two or more lines holds one word."""
    return len(lines) > 1 and len(lines[-1].text.split()) == 1


def _tie_last_words(runs: tuple[ir.Run, ...]) -> tuple[ir.Run, ...] | None:
    """Return the runs with the space before the last word made a no-break space, or None."""
    text = "".join(r.text for r in runs).rstrip()
    cut = text.rfind(" ")
    if cut <= 0 or not text[:cut].strip():
        return None
    start = 0
    for k, r in enumerate(runs):
        if start <= cut < start + len(r.text):
            at = cut - start
            tied = replace(r, text=r.text[:at] + "\u00a0" + r.text[at + 1 :])
            return (*runs[:k], tied, *runs[k + 1 :])
        start += len(r.text)
    return None


def name_breaks(lines: Sequence[Line]) -> list[str]:
    """Return the names broken at a hyphen at the end of a line ("GPT-/Neo")."""
    out: list[str] = []
    for a, b in pairwise(lines):
        head, tail = a.text.rstrip(), b.text.lstrip()
        if not head.endswith(("-", "‑")) or not tail[:1].isalnum():
            continue
        first = head.split()[-1].lstrip("([{\"'“‘")
        second = tail.split()[0].rstrip(")]},.;:!?\"'”’")
        # A name has a digit or a capital after its first letter ("GPT-Neo", "1M-token");
        # an ordinary capitalised compound ("State-of-the-art") does not.
        word = first + second
        if any(c.isdigit() for c in word) or any(c.isupper() for c in word[1:]):
            out.append(f"{first}/{second}")
    return out


def _measure(
    paras: Sequence[Para],
    scale: float,
    width: Emu,
    measurer: Measurer,
    line_spacing: float,
    *,
    font_lines: bool = False,
    notice: bool = True,
) -> tuple[list[ir.Paragraph], int, int, Notes]:
    built: list[ir.Paragraph] = []
    notes = Notes()
    total = 0
    widest = 0
    for i, p in enumerate(paras):
        size = _size(p, scale)
        runs = runs_for(p.text, p.style, size)
        # marL is where every line of text starts; the bullet hangs in the indent to its left.
        avail = Emu(max(1, width - p.margin_left))
        lines = measurer.wrap(spans_of(runs), size, avail)
        words = len("".join(r.text for r in runs).split()) if notice else 0
        # The lines are measured with the safety margin; LibreOffice and PowerPoint set
        # them without it and may pull a word up, so the last line is checked both ways.
        loose = Emu(round(avail * (1 + measurer.safety)))
        seen = (
            measurer.wrap(spans_of(runs), size, loose)
            if words >= 4 and _may_rewrap(lines, loose, size, measurer)
            else lines
        )
        if words >= 4 and (_orphaned(lines) or _orphaned(seen)):
            # A one-word last line: tie the last two words when that keeps the measured line
            # count, leaves no word alone either way and breaks no word (the pair must fit
            # the line it moves to).
            tied = _tie_last_words(runs)
            again = measurer.wrap(spans_of(tied), size, avail) if tied else lines
            again_seen = measurer.wrap(spans_of(tied), size, loose) if tied else seen
            if (
                tied
                and len(again) == len(lines)
                and not _orphaned(again)
                and not _orphaned(again_seen)
                and not any(ln.split_word for ln in (*again, *again_seen))
                and len(name_breaks(again)) <= len(name_breaks(lines))
            ):
                runs, lines = tied, again
            else:
                last = (lines if _orphaned(lines) else seen)[-1].text.strip()
                if len(last) > 1:
                    notes.orphans.append(last)
        notes.name_breaks.extend(name_breaks(lines))
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
    return built, total, widest, notes


def single_line_width(
    text: str, style: Style, measurer: Measurer, size: float | None = None
) -> Emu:
    """Return the unwrapped width of markup ``text`` in ``style``."""
    runs = runs_for(text, style, size or style.size)
    return Emu(sum(measurer.text_width(r.text, face_of(r), r.size) for r in runs))
