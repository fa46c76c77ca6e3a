"""Text clean-up before parsing: mis-decoded UTF-8 (``â†’`` for ``→``), control characters,
and files that are not UTF-8 at all.

Each function returns the repaired text and what it changed; the caller turns that into
located warnings.
"""

from __future__ import annotations

import re

__all__ = ["clean_lines", "decode", "repair_mojibake"]


def _cp1252_table() -> dict[str, int]:
    """Return each character that a byte 0x80–0xFF decodes to (cp1252, else latin-1)."""
    table: dict[str, int] = {}
    for b in range(0x80, 0x100):
        try:
            ch = bytes([b]).decode("cp1252")
        except UnicodeDecodeError:
            ch = chr(b)  # the five bytes cp1252 leaves undefined decode as latin-1 does
        table[ch] = b
    return table


_BYTE = _cp1252_table()
# latin-1 decodes every byte; this maps the C1 range to what cp1252 decodes it to.
_CP1252_FROM_LATIN1 = {b: ch for ch, b in _BYTE.items() if b < 0xA0 and ord(ch) != b}


def _chars(lo: int, hi: int) -> str:
    """Return a regex character class body of the characters of bytes ``lo``–``hi``."""
    return "".join(re.escape(ch) for ch, b in _BYTE.items() if lo <= b <= hi)


_CONT = f"[{_chars(0x80, 0xBF)}]"
_MOJIBAKE = re.compile(
    f"[{_chars(0xC2, 0xDF)}]{_CONT}|[{_chars(0xE0, 0xEF)}]{_CONT}{{2}}"
    f"|[{_chars(0xF0, 0xF4)}]{_CONT}{{3}}"
)
# Sequences whose last byte was lost or normalised on the way (no exact decoding exists).
_DAMAGED = re.compile('â€"|â€(?=\\s|$)')
_DAMAGED_FIX = {'â€"': "—", "â€": "”"}


def _repair_once(text: str) -> tuple[str, list[tuple[str, str]]]:
    """Return ``text`` with each mis-decoded UTF-8 sequence decoded, and the repairs made."""
    out: list[str] = []
    repairs: list[tuple[str, str]] = []
    pos = 0
    for m in _MOJIBAKE.finditer(text):
        try:
            good = bytes(_BYTE[c] for c in m.group()).decode("utf-8")
        except UnicodeDecodeError:
            continue
        out.append(text[pos : m.start()])
        if repairs and pos == m.start() and out[-1] == "":
            bad0, good0 = repairs[-1]  # adjacent sequences are reported as one repair
            repairs[-1] = (bad0 + m.group(), good0 + good)
        else:
            repairs.append((m.group(), good))
        out.append(good)
        pos = m.end()
    out.append(text[pos:])
    fixed = "".join(out)
    if "â€" in fixed:
        for m in _DAMAGED.finditer(fixed):
            repairs.append((m.group(), _DAMAGED_FIX[m.group()]))
        fixed = _DAMAGED.sub(lambda m: _DAMAGED_FIX[m.group()], fixed)
    return fixed, repairs


def repair_mojibake(text: str) -> tuple[str, list[tuple[str, str]]]:
    """Return ``text`` with UTF-8 that was mis-decoded as cp1252/latin-1 repaired, and the
    list of ``(mis-decoded, repaired)`` substrings (empty when nothing was changed).

    Text decoded wrongly twice (``Ã¢â‚¬â„¢``) is repaired too.
    """
    fixed, repairs = _repair_once(text)
    if not repairs:
        return text, []
    again = fixed
    for _ in range(2):
        again, more = _repair_once(again)
        if not more:
            break
    if again == fixed:
        return fixed, repairs
    # Repaired in several passes: report the one span that changed.
    p = 0
    while p < min(len(text), len(again)) and text[p] == again[p]:
        p += 1
    s = 0
    while s < min(len(text), len(again)) - p and text[-1 - s] == again[-1 - s]:
        s += 1
    return again, [(text[p : len(text) - s], again[p : len(again) - s])]


# Characters a slide cannot show (and XML cannot hold); line separators become spaces.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff]")
_LINE_SEPARATORS = ("\x0b", "\x0c", "\x85", "\u2028", "\u2029")


def clean_lines(text: str) -> tuple[list[str], list[tuple[int, str]]]:
    """Return the lines of ``text`` repaired (mojibake, control characters, leading tabs
    expanded) and the warnings ``(line, message)`` saying what was changed."""
    warnings: list[tuple[int, str]] = []
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines: list[str] = []
    for n, line in enumerate(text.split("\n"), 1):
        lead = len(line) - len(line.lstrip(" \t"))
        fixed, repairs = repair_mojibake(line[:lead].expandtabs(4) + line[lead:])
        if repairs:
            shown = ", ".join(f"'{bad}' → '{good}'" for bad, good in repairs)
            warnings.append((n, f"repaired mis-decoded text {shown}"))
        clean = _CONTROL.sub(lambda m: " " if m.group() in _LINE_SEPARATORS else "", fixed)
        if clean != fixed:
            warnings.append((n, "control characters were removed"))
        lines.append(clean)
    return lines, warnings


def decode(data: bytes) -> tuple[str, tuple[int, str] | None]:
    """Return the text of a file's bytes and a warning when it was not UTF-8.

    A file that is not valid UTF-8 is read as cp1252 (latin-1 for the bytes cp1252 leaves
    undefined); the warning names the line of the first byte that is not UTF-8.
    """
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        text = data.decode("latin-1").translate(_CP1252_FROM_LATIN1).removeprefix("\ufeff")
        return text, (line, "the file is not valid UTF-8; it was read as cp1252")
