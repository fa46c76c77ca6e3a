"""Code listings: Pygments tokens → coloured monospace runs, measured and fitted.

The listing keeps its lines: the size shrinks (down to ``sizes.code_min``) until the
longest line fits the panel's width and all lines fit its height. Only past the minimum do
long lines wrap; a listing that still does not fit is a located overflow error.
"""

from __future__ import annotations

import difflib
from functools import lru_cache

from deckgen import ir, spec
from deckgen.diagnostics import YamlPath
from deckgen.layout.context import Ctx
from deckgen.measure import Face, Span
from deckgen.units import Emu, inches, pt

Shapes = list[ir.AnyShape]
PAD = inches(0.2)


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


def tokenize(
    ctx: Ctx, code: spec.Code, path: YamlPath
) -> list[list[tuple[str, str, bool, bool]]] | None:
    """Return the listing as lines of (text, colour, bold, italic), or None after an error."""
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    try:
        lexer = get_lexer_by_name(code.language, stripnl=False, ensurenl=False, tabsize=4)
    except ClassNotFound:
        close = difflib.get_close_matches(code.language.lower(), _lexer_names(), n=3)
        hint = "did you mean " + ", ".join(f"'{c}'" for c in close) + "?" if close else None
        ctx.error(f"unknown code language '{code.language}'", (*path, "language"), hint=hint)
        return None
    palette = ctx.theme.code
    source = code.source.expandtabs(4).rstrip("\n")
    lines: list[list[tuple[str, str, bool, bool]]] = [[]]
    for token, text in lexer.get_tokens(source):
        role, bold, italic = _role(token)
        color = getattr(palette, role)
        for i, part in enumerate(text.split("\n")):
            if i:
                lines.append([])
            if part:
                lines[-1].append((part, color, bold, italic))
    return lines


def code_block(ctx: Ctx, code: spec.Code, path: YamlPath, box: ir.Box) -> Shapes:
    """Return the listing's panel, highlighted-line bands and text fitted into ``box``."""
    t = ctx.theme
    lines = tokenize(ctx, code, path)
    if lines is None:
        return []
    shapes: Shapes = []
    from deckgen.layout.slides import place, rect

    if code.title:
        from deckgen.layout.text import Para

        head = ir.Box(box.x, box.y, box.w, Emu(inches(0.4)))
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
        box = ir.Box(box.x, Emu(box.y + inches(0.45)), box.w, Emu(box.h - inches(0.45)))
    mono = t.fonts.mono
    width = Emu(box.w - 2 * PAD)
    height = Emu(box.h - 2 * PAD)
    numbers = [str(code.first_line + i) for i in range(len(lines))]
    gutter = max(len(n) for n in numbers) + 1 if code.line_numbers else 0

    def spans(i: int) -> list[Span]:
        out = [Span(numbers[i].rjust(gutter - 1) + " ", Face(mono))] if gutter else []
        out += [Span(text, Face(mono, bold, italic)) for text, _, bold, italic in lines[i]]
        return out or [Span(" ", Face(mono))]

    size = t.sizes.code
    while True:
        widest = max(
            ctx.measurer.text_width("".join(s.text for s in spans(i)), Face(mono), size)
            for i in range(len(lines))
        )
        line_h = ctx.measurer.line_height(size, 1.2)
        if (widest <= width and line_h * len(lines) <= height) or size <= t.sizes.code_min:
            break
        size -= 0.5
    wrapped = [max(1, len(ctx.measurer.wrap(spans(i), size, width))) for i in range(len(lines))]
    total = line_h * sum(wrapped)
    if total > height:
        from deckgen.layout.text import Fitted

        over = Fitted(ir.TextFrame(()), 1.0, Emu(total + 2 * PAD), Emu(total - height), Emu(0))
        ctx.overflow("the code listing", over, box.h, t.sizes.code_min, (*path, "source"))
    # The panel is as tall as the listing needs, not as tall as the room it was given.
    box = ir.Box(box.x, box.y, box.w, Emu(min(box.h, total + 2 * PAD)))
    shapes.append(rect(ctx, "Code panel", box, t.code.background, line=t.code.border, corner=0.02))
    y = box.y + PAD
    paragraphs: list[ir.Paragraph] = []
    for i in range(len(lines)):
        number = code.first_line + i
        if number in code.highlight:
            band = ir.Box(Emu(box.x + pt(1)), Emu(y), Emu(box.w - pt(2)), Emu(line_h * wrapped[i]))
            shapes.append(
                ir.TextShape(
                    key=ctx.key("hl"),
                    name=f"Highlight line {number}",
                    box=band,
                    fill=t.code.highlight,
                    role="decoration",
                )
            )
        y += line_h * wrapped[i]
        runs: list[ir.Run] = []
        if gutter:
            runs.append(ir.Run(numbers[i].rjust(gutter - 1) + " ", mono, size, t.code.line_number))
        runs += [
            ir.Run(text, mono, size, color, bold, italic, code=True)
            for text, color, bold, italic in lines[i]
        ]
        if not runs:
            runs = [ir.Run("", mono, size, t.code.text)]
        paragraphs.append(ir.Paragraph(tuple(runs), lines=wrapped[i]))
    frame = ir.TextFrame(tuple(paragraphs), "t", PAD, PAD, PAD, PAD, True, Emu(total + 2 * PAD))
    alt = f"Code listing ({code.language}), {len(lines)} lines"
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
