"""Code listings: the language of a listing without one, and long listings cut into slides
between top-level blocks."""

from __future__ import annotations

import re


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
        if out[-1] and len(out[-1]) + len(unit) > room():
            out.append([])
        while len(out[-1]) + len(unit) > room():  # a block too long for a slide: cut it
            free = room() - len(out[-1])
            out[-1] += unit[:free]
            out.append([])
            unit = unit[free:]
        out[-1] += unit
    return [c for c in out if any(ln.strip() for ln in c)]


def _same_kind(first: str, line: str) -> bool:
    """Return True when ``line`` continues a top-level run begun by ``first`` (imports
    after imports, assignments after assignments)."""
    imports = ("import ", "from ")
    if first.startswith(imports) or first.startswith('"""'):
        return line.startswith(imports)
    return not _BLOCK_START.match(line) and not _BLOCK_START.match(first)


# Top-level statements that begin a block of their own.
_BLOCK_START = re.compile(r"^(?:(?:async\s+)?def|class|@|if|for|while|with|try)\b")
