"""Code listings: the language of a listing without one, and long listings cut into slides
between top-level blocks."""

from __future__ import annotations

import math
import re

WIDTH = 76  # characters of a code line on a slide at the smallest code size (measured: 82)
LONGEST = 8 * WIDTH  # a longer line is broken, or it alone would not fit a slide


def guess_language(source: str) -> str:
    """Return the Pygments name of the language of ``source`` ('text' when unsure)."""
    import ast

    try:
        ast.parse(source)
        if re.search(r"^\s*(?:def|class|import|from|return|print\()\b", source, re.M):
            return "python"
    except (SyntaxError, ValueError):
        pass
    from pygments.lexers import guess_lexer
    from pygments.util import ClassNotFound

    try:
        lexer = guess_lexer(source)
    except ClassNotFound:
        return "text"
    return lexer.aliases[0] if lexer.aliases else "text"


def break_long(lines: list[str]) -> tuple[list[str], list[int]]:
    """Return ``lines`` with each line longer than LONGEST broken into pieces, and the
    (1-based) numbers of the lines that were broken."""
    out: list[str] = []
    broken: list[int] = []
    for n, ln in enumerate(lines, 1):
        if len(ln) <= LONGEST:
            out.append(ln)
            continue
        broken.append(n)
        out += [ln[k : k + LONGEST] for k in range(0, len(ln), LONGEST)]
    return out, broken


def chunks(lines: list[str], first: int, limit: int) -> list[list[str]]:
    """Return ``lines`` in chunks of at most ``limit`` lines (``first`` for the first
    chunk), each made of whole top-level blocks (a function with its decorators, a run of
    imports) where they fit."""
    units: list[list[str]] = []
    for ln in lines:
        top = bool(ln) and not ln[0].isspace() and not ln.startswith((")", "]", "}", '"""'))
        after_decorator = bool(units) and units[-1][-1].startswith("@")
        if not units or (top and not after_decorator and not _same_kind(units[-1][0], ln)):
            units.append([])
        units[-1].append(ln)
    out: list[list[str]] = [[]]

    def room() -> int:
        return first if len(out) == 1 else limit

    for unit in units:
        if out[-1] and rows(out[-1]) + rows(unit) > room():
            out.append([])
        while rows(out[-1]) + rows(unit) > room():  # a block too long for a slide: cut it
            free = 0
            while free < len(unit) and rows(out[-1]) + rows(unit[: free + 1]) <= room():
                free += 1
            if free == 0 and not out[-1]:
                free = 1  # one line longer than a whole slide goes alone
            out[-1] += unit[:free]
            out.append([])
            unit = unit[free:]
        out[-1] += unit
    return [c for c in out if any(ln.strip() for ln in c)]


def rows(lines: list[str]) -> int:
    """Return the rows ``lines`` take on a slide: a line longer than the panel is wide at
    the smallest code size wraps."""
    return sum(max(1, math.ceil(len(ln) / WIDTH)) for ln in lines)


def _same_kind(first: str, line: str) -> bool:
    """Return True when ``line`` continues a top-level run begun by ``first`` (imports
    after imports, assignments after assignments)."""
    imports = ("import ", "from ")
    if first.startswith(imports) or first.startswith('"""'):
        return line.startswith(imports)
    return not _BLOCK_START.match(line) and not _BLOCK_START.match(first)


# Top-level statements that begin a block of their own.
_BLOCK_START = re.compile(r"^(?:(?:async\s+)?def|class|@|if|for|while|with|try)\b")
