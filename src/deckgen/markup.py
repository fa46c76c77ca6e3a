"""Inline markup in any text field: ``**bold**``, ``*italic*``, `` `code` ``, ``[text](url)``
and ``$math$`` (LaTeX).

The parser is deliberately small and total: it never fails. Unbalanced markers are kept
as literal characters, and a backslash escapes the next character.
"""

from __future__ import annotations

import re

import msgspec

_LABEL = re.compile(r"\[((?:[^\]\n\\]|\\.)+)\]\(")
#: The deepest parentheses a link destination may nest (CommonMark allows 32).
MAX_LINK_PARENS = 32
# Characters that may start markup; any other character is plain text.
_MARKUP_START = re.compile(r"[\\`$*\[]")


class Piece(msgspec.Struct, frozen=True):
    """A run of text with its inline styles."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    link: str | None = None
    math: bool = False  # the text is LaTeX from $...$


def _closing(text: str, marker: str, start: int) -> int:
    """Return the index of the closing ``marker`` after ``start``, or -1."""
    i = start
    while True:
        j = text.find(marker, i)
        if j < 0:
            return -1
        if j > 0 and text[j - 1] == "\\":
            i = j + 1
            continue
        if marker == "*" and text.startswith("**", j):
            # '**' belongs to bold; skip both characters
            i = j + 2
            continue
        return j


def _math_end(text: str, start: int) -> int:
    """Return the index of the ``$`` closing math opened before ``start``, or -1.

    As in pandoc: the closing ``$`` follows a non-space and is not followed by a digit, so
    prices such as "$5 and $10" stay text.
    """
    j = start
    while True:
        j = text.find("$", j)
        if j < 0:
            return -1
        if text[j - 1] == "\\":
            j += 1
            continue
        if not text[j - 1].isspace() and not (j + 1 < len(text) and text[j + 1].isdigit()):
            return j
        j += 1


def _link(text: str, start: int) -> tuple[str, str, int] | None:
    """Return the label, destination and end of a ``[label](destination)`` link at
    ``start``, or None. The destination follows CommonMark: ``<...>`` (which may hold
    spaces and parentheses), or a run without spaces whose parentheses balance; a
    backslash escapes the character after it.
    """
    m = _LABEL.match(text, start)
    if m is None:
        return None
    i = m.end()
    chars: list[str] = []
    if text.startswith("<", i):
        i += 1
        while i < len(text) and text[i] not in "<>\n":
            if text[i] == "\\" and i + 1 < len(text):
                i += 1
            chars.append(text[i])
            i += 1
        if not text.startswith(">)", i):
            return None
        i += 2
    else:
        depth = 0
        while i < len(text):
            ch = text[i]
            if ch == "\\" and i + 1 < len(text) and text[i + 1] in "()<>\\":
                chars.append(text[i + 1])
                i += 2
                continue
            if ch.isspace() or ord(ch) < 0x20:
                return None
            if ch == "(":
                depth += 1
                if depth > MAX_LINK_PARENS:
                    return None
            elif ch == ")":
                if depth == 0:
                    break
                depth -= 1
            chars.append(ch)
            i += 1
        if i >= len(text) or depth:
            return None
        i += 1
    if not chars:
        return None
    return m.group(1), "".join(chars), i


def parse(text: str) -> list[Piece]:
    """Return the pieces of ``text`` with markup resolved; adjacent same-style pieces merged."""
    out: list[Piece] = []
    _parse(text, False, False, None, out)
    merged: list[Piece] = []
    for p in out:
        if not p.text:
            continue
        if (
            merged
            and not p.math
            and not merged[-1].math
            and (
                merged[-1].bold,
                merged[-1].italic,
                merged[-1].code,
                merged[-1].link,
            )
            == (p.bold, p.italic, p.code, p.link)
        ):
            merged[-1] = Piece(merged[-1].text + p.text, p.bold, p.italic, p.code, p.link)
        else:
            merged.append(p)
    return merged


def _parse(text: str, bold: bool, italic: bool, link: str | None, out: list[Piece]) -> None:
    buf: list[str] = []
    i = 0

    def flush() -> None:
        if buf:
            out.append(Piece("".join(buf), bold, italic, False, link))
            buf.clear()

    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text) and text[i + 1] in "\\*`[]()_$":
            buf.append(text[i + 1])
            i += 2
            continue
        if ch == "`":
            j = text.find("`", i + 1)
            if j > i + 1:
                flush()
                out.append(Piece(text[i + 1 : j], bold, italic, True, link))
                i = j + 1
                continue
        if ch == "$" and i + 1 < len(text) and not text[i + 1].isspace():
            j = _math_end(text, i + 1)
            if j > 0:
                flush()
                out.append(Piece(text[i + 1 : j], bold, italic, False, link, math=True))
                i = j + 1
                continue
        if text.startswith("**", i):
            j = text.find("**", i + 2)
            if j > i + 2:
                flush()
                _parse(text[i + 2 : j], True, italic, link, out)
                i = j + 2
                continue
        if ch == "*" and i + 1 < len(text) and not text[i + 1].isspace():
            j = _closing(text, "*", i + 1)
            if j > i + 1:
                flush()
                _parse(text[i + 1 : j], bold, True, link, out)
                i = j + 1
                continue
        if ch == "[" and link is None:
            found = _link(text, i)
            if found is not None:
                label, target, end = found
                flush()
                _parse(label, bold, italic, target, out)
                i = end
                continue
        # Nothing before the next character that may start markup can: take it in one piece
        # (most text has no markup at all, and a loop per character took ~3 ms a deck).
        start = _MARKUP_START.search(text, i + 1)
        end = start.start() if start else len(text)
        buf.append(text[i:end])
        i = end
    flush()


def plain(text: str) -> str:
    """Return ``text`` with markup removed (for notes, outlines and alt text)."""
    return "".join(p.text for p in parse(text))
