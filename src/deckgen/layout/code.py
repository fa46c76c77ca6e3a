"""Code listings: Pygments tokens → coloured monospace runs, measured and fitted.

The listing keeps its lines: the size shrinks (down to ``sizes.code_min``, which a theme
keeps large enough to read from the back of the room) until the longest line fits the
panel's width and all lines fit its height. Past the minimum long lines wrap, and a listing
still taller than its panel continues on "(cont.)" slides, split between statements, with
its line numbers running on. Highlighted lines mark the whole statement they belong to.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from dataclasses import replace as dc_replace
from functools import lru_cache

from msgspec.structs import replace

from deckgen import ir, spec
from deckgen.diagnostics import YamlPath
from deckgen.layout.context import Ctx
from deckgen.layout.shapes import place, rect
from deckgen.measure import Face, Span
from deckgen.units import Emu, inches, pt

Shapes = list[ir.AnyShape]
PAD = inches(0.2)
TITLE_H = inches(0.4)  # the file name above the panel
TITLE_SPACE = inches(0.45)  # what it takes from the panel's room


@lru_cache(maxsize=1)
def _lexer_names() -> tuple[str, ...]:
    from pygments.lexers import get_all_lexers

    return tuple(sorted({alias for _, aliases, _, _ in get_all_lexers() for alias in aliases}))


def _role(token: object) -> tuple[str, bool, bool]:
    """Return (colour role, bold, italic) for a Pygments token type."""
    from pygments import token as T

    if token in T.Comment:
        return "comment", False, True
    if token in T.Keyword or token in T.Operator.Word:
        return "keyword", True, False
    if token in T.Name.Function or token in T.Name.Class:
        return "function", False, False
    if token in T.Name.Builtin or token in T.Name.Decorator:
        return "builtin", False, False
    if token in T.Literal.String:
        return "string", False, False
    if token in T.Literal.Number:
        return "number", False, False
    return "text", False, False


Lines = list[list[tuple[str, str, bool, bool]]]


def _tokens(code: spec.Code) -> tuple[tuple[object, str], ...] | None:
    """Return the listing's Pygments tokens, or None for an unknown language."""
    return _lex(code.language, _source(code))


@lru_cache(maxsize=64)
def _lex(language: str, source: str) -> tuple[tuple[object, str], ...] | None:
    """Return ``source``'s tokens in ``language``, or None when no lexer has that name."""
    # Cached: a listing is lexed for its colours, its statements and its continuation.
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    try:
        lexer = get_lexer_by_name(language, stripnl=False, ensurenl=False, tabsize=4)
    except ClassNotFound:
        return None
    return tuple(lexer.get_tokens(source))


def _source(code: spec.Code) -> str:
    """Return the listing's text as laid out: tabs at four columns, no trailing newlines."""
    return code.source.expandtabs(4).rstrip("\n")


def tokenize(ctx: Ctx, code: spec.Code, path: YamlPath) -> Lines | None:
    """Return the listing as lines of (text, colour, bold, italic), or None after an error."""
    tokens = _tokens(code)
    if tokens is None:
        close = difflib.get_close_matches(code.language.lower(), _lexer_names(), n=3)
        hint = "did you mean " + ", ".join(f"'{c}'" for c in close) + "?" if close else None
        ctx.error(f"unknown code language '{code.language}'", (*path, "language"), hint=hint)
        return None
    palette = ctx.theme.code
    lines: Lines = [[]]
    for token, text in tokens:
        role, bold, italic = _role(token)
        color = getattr(palette, role)
        for i, part in enumerate(text.split("\n")):
            if i:
                lines.append([])
            if part:
                lines[-1].append((part, color, bold, italic))
    return lines


def statements(code: spec.Code) -> list[int]:
    """Return, for each line of the listing, the index of the line its statement starts on.

    A statement runs on while a bracket is open, a string or comment token spans the line
    break, or the line ends with a backslash; brackets inside strings and comments do not
    count because the lexer tells them apart. An unknown language gives one line each.
    """
    from pygments import token as T

    tokens = _tokens(code)
    count = _source(code).count("\n") + 1
    if tokens is None:
        return list(range(count))
    # joined[i]: line i continues the statement of line i - 1
    joined = [False] * count
    line, depth = 0, 0
    for token, text in tokens:
        if token in T.Punctuation or token in T.Operator:
            for ch in text:
                depth = depth + 1 if ch in "([{" else max(0, depth - 1) if ch in ")]}" else depth
        breaks = text.count("\n")
        for k in range(breaks):
            nxt = line + k + 1
            if nxt < count:
                inside = token in T.String or token in T.Comment.Multiline
                joined[nxt] = depth > 0 or inside or (k == 0 and text.startswith("\\\n"))
        line += breaks
    source_lines = _source(code).split("\n")
    for i in range(1, count):
        if source_lines[i - 1].endswith("\\"):
            joined[i] = True
    starts: list[int] = []
    for i in range(count):
        starts.append(starts[i - 1] if i and joined[i] else i)
    return starts


def highlighted(code: spec.Code, starts: Sequence[int]) -> set[int]:
    """Return the indexes of the lines to highlight: every line of each statement that one
    of ``code.highlight``'s line numbers (as shown) falls in."""
    marked = {
        starts[n - code.first_line]
        for n in code.highlight
        if 0 <= n - code.first_line < len(starts)
    }
    return {i for i, first in enumerate(starts) if first in marked}


def _spans(lines: Lines, i: int, mono: str, label: str) -> list[Span]:
    """Return line ``i`` (after its number ``label``) as measurer spans."""
    out = [Span(label, Face(mono))] if label else []
    out += [Span(text, Face(mono, bold, italic)) for text, _, bold, italic in lines[i]]
    return out or [Span(" ", Face(mono))]


def _gutter(code: spec.Code, count: int) -> int:
    """Return the width in characters of the line-number column (0 without numbers)."""
    return len(str(code.first_line + count - 1)) + 1 if code.line_numbers else 0


def _label(code: spec.Code, i: int, gutter: int) -> str:
    """Return the line number shown before line ``i``, padded to the gutter ('' without)."""
    return str(code.first_line + i).rjust(gutter - 1) + " " if gutter else ""


def _rows(ctx: Ctx, code: spec.Code, lines: Lines, size: float, width: int) -> list[int]:
    """Return how many rows each line wraps into at ``size`` in ``width``."""
    mono, gutter = ctx.theme.fonts.mono, _gutter(code, len(lines))
    return [
        max(
            1,
            len(
                ctx.measurer.wrap(_spans(lines, i, mono, _label(code, i, gutter)), size, Emu(width))
            ),
        )
        for i in range(len(lines))
    ]


def _width(ctx: Ctx, code: spec.Code, lines: Lines, size: float) -> int:
    """Return the width of the listing's longest line (with its number) at ``size``."""
    mono, gutter = ctx.theme.fonts.mono, _gutter(code, len(lines))
    return max(
        ctx.measurer.text_width(
            "".join(s.text for s in _spans(lines, i, mono, _label(code, i, gutter))),
            Face(mono),
            size,
        )
        for i in range(len(lines))
    )


def _no_wrap(ctx: Ctx, code: spec.Code, lines: Lines, width: int, lo: float, hi: float) -> float:
    """Return the largest size from ``hi`` down to ``lo``, in half points, at which the
    longest line fits ``width`` (``lo`` when none does)."""
    size = hi
    while size > lo and _width(ctx, code, lines, size) > width:
        size -= 0.5
    return max(size, lo)


def _size(ctx: Ctx, code: spec.Code, lines: Lines, width: int, height: int) -> float:
    """Return the size to set the listing at: the theme's code size, shrunk in half points
    until the longest line fits the width and every line the height, never below the
    theme's minimum. An explicit ``size`` wins, but is held at the minimum too."""
    t = ctx.theme
    if code.size is not None:
        return max(code.size, t.sizes.code_min)
    size = _no_wrap(ctx, code, lines, width, t.sizes.code_min, t.sizes.code)
    while size > t.sizes.code_min and ctx.measurer.line_height(size, 1.2) * len(lines) > height:
        size -= 0.5
    return max(size, t.sizes.code_min)


def code_block(ctx: Ctx, code: spec.Code, path: YamlPath, box: ir.Box) -> Shapes:
    """Return the listing's panel, highlighted-statement bands and text fitted into ``box``."""
    t = ctx.theme
    lines = tokenize(ctx, code, path)
    if lines is None:
        return []
    shapes: Shapes = []

    if code.title:
        from deckgen.layout.text import Para

        head = ir.Box(box.x, box.y, box.w, Emu(TITLE_H))
        sh, _ = place(
            ctx,
            "Code title",
            [Para(code.title, ctx.style("muted", t.sizes.caption, bold=True))],
            head,
            (*path, "title"),
            anchor="b",
            what="the code title",
        )
        shapes.append(sh)
        box = ir.Box(box.x, Emu(box.y + TITLE_SPACE), box.w, Emu(box.h - TITLE_SPACE))
    mono = t.fonts.mono
    width = Emu(box.w - 2 * PAD)
    height = Emu(box.h - 2 * PAD)
    gutter = _gutter(code, len(lines))
    size = _size(ctx, code, lines, width, height)
    line_h = ctx.measurer.line_height(size, 1.2)
    wrapped = _rows(ctx, code, lines, size, width)
    total = line_h * sum(wrapped)
    if total > height:
        from deckgen.layout.text import Fitted

        over = Fitted(ir.TextFrame(()), 1.0, Emu(total + 2 * PAD), Emu(total - height), Emu(0))
        ctx.overflow("the code listing", over, box.h, t.sizes.code_min, (*path, "source"))
    # The panel is as tall as the listing needs, not as tall as the room it was given.
    box = ir.Box(box.x, box.y, box.w, Emu(min(box.h, total + 2 * PAD)))
    shapes.append(rect(ctx, "Code panel", box, t.code.background, line=t.code.border, corner=0.02))
    marked = highlighted(code, statements(code))
    y = box.y + PAD
    paragraphs: list[ir.Paragraph] = []
    for i in range(len(lines)):
        number = code.first_line + i
        if i in marked and (i - 1) not in marked:
            # one band for each run of highlighted lines: a statement reads as one unit
            run = 1
            while i + run in marked:
                run += 1
            last = number + run - 1
            rows = sum(wrapped[i : i + run])
            band = ir.Box(Emu(box.x + pt(1)), Emu(y), Emu(box.w - pt(2)), Emu(line_h * rows))
            shapes.append(
                ir.TextShape(
                    key=ctx.key("hl"),
                    name=f"Highlight line {number}" + (f"–{last}" if last > number else ""),
                    box=band,
                    fill=t.code.highlight,
                    role="decoration",
                )
            )
        y += line_h * wrapped[i]
        runs: list[ir.Run] = []
        if gutter:
            runs.append(ir.Run(_label(code, i, gutter), mono, size, t.code.line_number))
        runs += [
            ir.Run(text, mono, size, color, bold, italic, code=True)
            for text, color, bold, italic in lines[i]
        ]
        if not runs:
            runs = [ir.Run("", mono, size, t.code.text)]
        paragraphs.append(ir.Paragraph(tuple(runs), lines=wrapped[i]))
    frame = ir.TextFrame(tuple(paragraphs), "t", PAD, PAD, PAD, PAD, True, Emu(total + 2 * PAD))
    alt = f"Code listing ({code.language}), {len(lines)} lines"
    if code.line_numbers and code.first_line != 1:
        alt += f" from line {code.first_line}"
    shapes.append(
        ir.TextShape(
            key=ctx.key("code"),
            name="Code",
            box=box,
            origin=(*path, "source"),
            alt=alt,
            text=frame,
            role="body",
        )
    )
    return shapes


# --- continuation ------------------------------------------------------------------------

Layout = Callable[[Ctx, spec.BulletsSlide], Sequence[ir.AnyShape]]
PROBE_LINES = 60  # taller than any slide even at 14 pt: learns the room a slide gives code


def _room(ctx: Ctx, s: spec.BulletsSlide, lay: Layout) -> ir.Box:
    """Return the text area a code panel gets on slide ``s``, by laying the slide out (on a
    scratch context) with a listing too tall for any panel: its panel then fills the room."""
    assert s.code is not None
    probe = replace(s, code=replace(s.code, source="x\n" * PROBE_LINES, size=None))
    scratch = dc_replace(ctx, diagnostics=[])
    panel = next(sh for sh in lay(scratch, probe) if sh.name == "Code panel")
    return ir.Box(panel.box.x, panel.box.y, Emu(panel.box.w - 2 * PAD), Emu(panel.box.h - 2 * PAD))


def continued(ctx: Ctx, s: spec.BulletsSlide, lay: Layout) -> list[tuple[str | None, spec.Slide]]:
    """Return the slide, or when its listing does not fit even at the theme's minimum size,
    the slide and "(cont.)" slides, each with the statements that fit.

    Breaks fall between statements, after a blank line or before a top-level line where it
    can; the listing is split into as few slides as the minimum size allows, at the largest
    size that still needs no more slides, one size for every part.
    """
    code = s.code
    assert code is not None
    lines = tokenize(dc_replace(ctx, diagnostics=[]), code, ())
    if lines is None or code.overflow != "continue" or len(lines) < 2:
        return [(None, s)]
    rest = replace(s, bullets=[])  # a continuation holds only the listing
    first_room = _room(ctx, s, lay)
    rest_room = first_room if not s.bullets else _room(ctx, rest, lay)
    t = ctx.theme
    lo = t.sizes.code_min if code.size is None else max(code.size, t.sizes.code_min)
    if _fits(ctx, code, lines, lo, first_room):
        return [(None, s)]
    starts = statements(code)
    # Sizes at which no line wraps (wrapped lines are where renderers disagree most),
    # largest first; the fewest slides and the cleanest breaks win, then the larger size.
    top = _no_wrap(ctx, code, lines, min(first_room.w, rest_room.w), lo, code.size or t.sizes.code)
    sizes = [top - 0.5 * k for k in range(int((top - lo) / 0.5) + 1)]
    tried = [(_chunks(ctx, code, lines, starts, z, first_room, rest_room), z) for z in sizes]
    (chunks, _), size = min(tried, key=lambda r: (len(r[0][0]), r[0][1], -r[1]))
    source = _source(code).split("\n")
    # highlights are widened to whole statements on the full listing, before any break
    marked = highlighted(code, starts)
    parts: list[tuple[str | None, spec.Slide]] = []
    for k, (a, b) in enumerate(chunks):
        part = replace(
            code,
            source="\n".join(source[a:b]) + "\n",
            first_line=code.first_line + a,
            size=size,
            highlight=[code.first_line + i for i in sorted(marked) if a <= i < b],
        )
        slide = replace(s if k == 0 else rest, code=part)
        parts.append((None if k == 0 else f"{s.title} (cont.)", slide))
    return parts


def _fits(ctx: Ctx, code: spec.Code, lines: Lines, size: float, room: ir.Box) -> bool:
    """Return True when the whole listing fits ``room`` at ``size``."""
    rows = sum(_rows(ctx, code, lines, size, room.w))
    return rows * ctx.measurer.line_height(size, 1.2) <= room.h


def _chunks(
    ctx: Ctx,
    code: spec.Code,
    lines: Lines,
    starts: Sequence[int],
    size: float,
    first: ir.Box,
    rest: ir.Box,
) -> tuple[list[tuple[int, int]], int]:
    """Return the listing as (start, end) line ranges, one per slide, at ``size``, and the
    penalty of its breaks.

    Fewest slides first; then the fewest breaks inside indented code; then the smallest
    largest part, so the parts come out even. Blank lines at a break are dropped. A
    statement taller than a slide is broken where it must be.
    """
    n = len(lines)
    line_h = ctx.measurer.line_height(size, 1.2)
    rows = {w: _rows(ctx, code, lines, size, w) for w in {first.w, rest.w}}
    source = _source(code).split("\n")
    blank = [not ln.strip() for ln in source]

    def span(a: int, b: int) -> tuple[int, int]:
        """Return lines a..b without the blank lines at either end."""
        while a < b and blank[a]:
            a += 1
        while b > a and blank[b - 1]:
            b -= 1
        return a, b

    def height(a: int, b: int, room: ir.Box) -> int | None:
        """Return the rows of lines a..b on ``room``, or None when they do not fit."""
        lo, hi = span(a, b)
        got = sum(rows[room.w][lo:hi])
        return got if got * line_h <= room.h else None

    def penalty(i: int) -> int:
        """Return the cost of a break before line ``i``."""
        # a break before line i: free after a blank line, cheap before top-level code
        # (not after a decorator or comment that belongs to it), dear inside a statement
        if i >= n or blank[i - 1]:
            return 0
        if starts[i] != i:
            return 100
        return 1 if not source[i][:1].isspace() else 2

    Cost = tuple[int, int, int]  # slides, penalty, largest part in rows
    none: Cost = (n + 1, 0, 0)
    best: list[Cost] = [none] * (n + 1)
    back = [0] * (n + 1)
    best[0] = (0, 0, 0)
    for b in range(1, n + 1):
        options: list[tuple[int, int]] = []  # (start, rows)
        for a in range(b - 1, 0, -1):  # later parts: the fewer lines, the surer the fit
            got = height(a, b, rest)
            if got is None:
                break
            options.append((a, got))
        got = height(0, b, first)
        if got is not None:
            options.append((0, got))
        for a, got in options:
            slides, pen, big = best[a]
            cand = (slides + 1, pen + penalty(b), max(big, got))
            if slides <= n and cand < best[b]:
                best[b], back[b] = cand, a
        if best[b] == none:
            # not even one line fits: the line gets a part of its own (and overflows there)
            slides, pen, big = best[b - 1]
            best[b], back[b] = (slides + 1, pen + 100, big), b - 1
    out: list[tuple[int, int]] = []
    b = n
    while b > 0:
        out.append(span(back[b], b))
        b = back[b]
    return [p for p in reversed(out) if p[0] < p[1]], best[n][1]
