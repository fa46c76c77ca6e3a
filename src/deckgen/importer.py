"""``deckgen import``: Markdown notes on a paper → a deck spec (YAML text).

Two kinds of input are recognised automatically:

* **Slide briefs** (a ``# …`` heading, an optional ``## Visual Style`` section and
  ``## Slide N: Title`` sections listing ``Content to include:`` bullets). Every slide becomes
  a ``bullets`` slide with the brief's exact title and bullets; a closing "Question" slide
  becomes a ``question`` slide.
* **Plain Markdown notes**: ``#`` gives the deck title, every other heading a slide; lists,
  paragraphs, tables and block quotes become bullets, ``table:`` visuals and ``quote``
  slides. Code and display math, which the deck schema cannot show yet, are kept as YAML
  comments. Text copied from a web page (headings marked with a trailing ``¶``, one
  paragraph per line, code without fences) is recognised too.

Text that was mis-decoded as cp1252 or latin-1 somewhere on its way (``â†’`` for ``→``) is
repaired. Every repair, and everything that could not be carried over, is reported as a
warning with its line in the Markdown. The result always validates against
:class:`deckgen.spec.Deck` and sets ``overflow: continue`` so that long notes still build.

Nothing here prints or touches the file system except :func:`import_file`, which reads.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

__all__ = ["ImportResult", "import_file", "import_markdown", "repair_mojibake"]

SCHEMA_COMMENT = "# yaml-language-server: $schema=../schema/deck.schema.json"
MAX_BULLETS = 40  # spec.BulletsSlide.bullets
MAX_COLUMNS = 12  # spec.Table.columns
MAX_ROWS = 60  # spec.Table.rows
MAX_TEXT = 20_000  # spec.Text
# What fits the paper theme's slides at their smallest font sizes (measured), with a margin:
TABLE_ROWS = 8  # rows of one table slide
TABLE_CHARS = 1_500  # characters in the cells of one table slide
BULLET_CHARS = 1_600  # a longer paragraph is split into bullets of at most SPLIT_CHARS
SPLIT_CHARS = 1_200
BESIDE_TABLE_CHARS = 600  # more bullet text than this and the table gets a slide of its own
QUOTE_CHARS = 1_000  # a longer quotation becomes a bullet
QUESTION_CHARS = 600  # a longer closing question stays a bullets slide
TITLE_CHARS = 110  # slide titles (one line less than the title box holds)
DECK_TITLE_CHARS = 80
FOOTER_CHARS = 60  # a longer deck title gets a 'short_title' for the footer


@dataclass(frozen=True)
class ImportResult:
    """The imported deck and what the importer could not carry over as it was."""

    yaml_text: str
    """A deck spec that validates against :class:`deckgen.spec.Deck` and builds."""
    warnings: list[tuple[int, str]]
    """``(line in the Markdown, message)``, sorted by line."""


# --- mojibake ------------------------------------------------------------------------------


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


# --- the draft deck --------------------------------------------------------------------------


@dataclass
class _Bullet:
    """A bullet of the draft: its text and second-level bullets."""

    text: str
    subs: list[str] = field(default_factory=list)


@dataclass
class _Comment:
    """Lines kept as a YAML comment (code, display math) where the schema has no place yet."""

    lines: list[str]


@dataclass
class _TableData:
    """A table of the draft: header cells, rows and (when the Markdown set it) alignment."""

    columns: list[str]
    rows: list[list[str]]
    align: list[str] | None = None


@dataclass
class _Slide:
    """A slide of the draft, in the fields of the layout it will be written as."""

    layout: str
    title: str | None = None
    body: list[_Bullet | _Comment] = field(default_factory=list)
    table: _TableData | None = None
    question: str | None = None
    quote: str | None = None
    attribution: str | None = None


@dataclass
class _Draft:
    """The deck being imported: its metadata, header comments and slides."""

    title: str
    short_title: str | None = None
    subtitle: str | None = None
    authors: list[str] = field(default_factory=list)
    date: str | None = None
    source: tuple[str, str | None] | None = None
    subject: str | None = None
    keywords: list[str] = field(default_factory=list)
    header: list[str] = field(default_factory=list)  # comment lines below the banner
    slides: list[_Slide] = field(default_factory=list)


class _Warnings:
    """Collects ``(line, message)`` warnings."""

    def __init__(self) -> None:
        self.items: list[tuple[int, str]] = []

    def __call__(self, line: int, message: str) -> None:
        """Record a warning at ``line``."""
        self.items.append((line, message))


def _clip(text: str, line: int, warn: _Warnings) -> str:
    """Return ``text`` cut to the schema's longest text, with a warning when it was cut."""
    if len(text) <= MAX_TEXT:
        return text
    warn(line, f"text longer than {MAX_TEXT} characters was cut")
    return text[: MAX_TEXT - 1] + "…"


def _shorten(text: str, limit: int) -> str:
    """Return ``text`` cut at a word boundary to at most ``limit`` characters, with '…'."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:-–—") + "…"


def _split_text(text: str) -> list[str]:
    """Return ``text`` split at sentence ends (else at spaces) into pieces that fit a slide;
    a text short enough is returned whole."""
    if len(text) <= BULLET_CHARS:
        return [text]
    sentences = re.split(r"(?<=[.!?…])\s+", text)
    pieces: list[str] = []
    for sentence in sentences:
        while len(sentence) > SPLIT_CHARS:  # one huge sentence: cut at a space
            cut = sentence.rfind(" ", 0, SPLIT_CHARS)
            cut = cut if cut > 0 else SPLIT_CHARS
            pieces.append(sentence[:cut].rstrip())
            sentence = sentence[cut:].lstrip()
        if pieces and len(pieces[-1]) + 1 + len(sentence) <= SPLIT_CHARS:
            pieces[-1] = f"{pieces[-1]} {sentence}"
        elif sentence:
            pieces.append(sentence)
    return pieces


# --- Markdown blocks ---------------------------------------------------------------------------


@dataclass
class _Heading:
    """A heading block."""

    line: int
    level: int
    text: str
    inferred: bool = False  # from a trailing '¶' (web copy): the real level is unknown


@dataclass
class _Para:
    """A paragraph block."""

    line: int
    text: str


@dataclass
class _List:
    """A list block: its first-level items with their sub-items."""

    line: int
    items: list[_Bullet]


@dataclass
class _Table:
    """A table block."""

    line: int
    data: _TableData


@dataclass
class _Code:
    """A code or display-math block, kept as a comment."""

    line: int
    end: int
    kind: str  # "code" or "math"
    lang: str
    lines: list[str]
    fenced: bool = True


@dataclass
class _Quote:
    """A block quote with its attribution ('— Who')."""

    line: int
    text: str
    attribution: str | None


_Block = _Heading | _Para | _List | _Table | _Code | _Quote

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_PILCROW = re.compile(r"^\s*(\S.*?)\s*¶\s*$")
_FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})[ \t]*([^`\s]*)[^`]*$")
_ITEM = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>[-*+]|\d{1,9}[.)])(?:[ \t]+(?P<text>.*))?$")
_HR = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_DELIM = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
_QUOTE = re.compile(r"^ {0,3}>[ \t]?(.*)$")
_MATH_OPEN = re.compile(r"^\s*(\$\$|\\\[|\\begin\{(\w+\*?)\})")
_ENDS_SENTENCE = re.compile(r"[.?!:][\"'”’)\]*_]*$")

# Code pasted without fences (web copies lose them). A run starts at a line that can only
# be code and goes on while lines look like code.
_CODE_START = re.compile(
    r"""^(?:(?:async\s+)?def\s+\w+\s*\(|class\s+\w+\s*[(:]|from\s+[\w.]+\s+import\s+\S
    |import\s+[\w.]+(?:\s+as\s+\w+)?(?:\s*,\s*[\w.]+)*\s*$|@[\w.]+(?:\(.*\))?\s*$
    |if\s+__name__\s*==|\"\"\"|'''|\#!/)""",
    re.X,
)
_CODE_LIKE = re.compile(
    r"""^(?:(?:return|yield|raise|assert|del|global|nonlocal|await)\b|pass$|break$|continue$
    |print\(|else\s*:|elif\s|try\s*:|except\b|finally\s*:|(?:with|for|while|if)\s.*:$
    |[A-Za-z_][\w.]*(?:\[[^\]]*\])?(?:\s*,\s*[A-Za-z_][\w.]*)*\s*(?::\s*[^=]+?)?\s*
     (?:[-+*/%|&^@]|//|\*\*)?=(?!=)
    |[)\]}]|\*\*?\w+,?$|[\w.]+\(.*\)$)
    |[(\[{,\\:]$""",
    re.X,
)


def _indent(line: str) -> int:
    """Return the number of leading spaces of ``line``."""
    return len(line) - len(line.lstrip(" "))


def _code_runs(lines: list[str]) -> dict[int, int]:
    """Return ``{first index: index after the last}`` of each unfenced code run."""
    runs: dict[int, int] = {}
    fence: str | None = None
    i = 0
    n = len(lines)

    def code_like(s: str) -> bool:
        """Return True when ``s`` (one stripped line) looks like code."""
        return bool(_CODE_START.match(s) or _CODE_LIKE.search(s))

    def comment(t: str) -> bool:  # a Python comment, not a Markdown heading ('## …')
        """Return True for a Python comment line, not a Markdown heading ('## …')."""
        return t.startswith("#") and not t.startswith("##")

    def next_text(k: int) -> str | None:
        """Return the next line from ``k`` that is neither blank nor a comment, or None."""
        while k < n and (not lines[k].strip() or comment(lines[k].strip())):
            k += 1
        return lines[k].strip() if k < n else None

    while i < n:
        s = lines[i].strip()
        fm = _FENCE.match(lines[i])
        if fm:
            if fence is None:
                fence = fm.group(2)[0]
            elif fm.group(2)[0] == fence and not fm.group(3):
                fence = None
            i += 1
            continue
        if fence is not None or not _CODE_START.match(s) or _ITEM.match(lines[i]):
            i += 1
            continue
        in_doc = s.count('"""') % 2 == 1 or s.count("'''") % 2 == 1
        j = i + 1
        while j < n:
            t = lines[j].strip()
            if in_doc:
                in_doc = t.count('"""') % 2 == 0 and t.count("'''") % 2 == 0
            elif not t or comment(t):
                nxt = next_text(j + 1)
                if nxt is None or nxt.startswith("#") or not code_like(nxt):
                    break
            elif code_like(t) and not _FENCE.match(lines[j]) and not t.startswith("#"):
                in_doc = t.count('"""') % 2 == 1 or t.count("'''") % 2 == 1
            else:
                break
            j += 1
        runs[i] = j
        i = j
    return runs


class _Scanner:
    """Splits Markdown lines into blocks (headings, paragraphs, lists, tables, code…)."""

    def __init__(
        self,
        lines: list[str],
        warn: _Warnings,
        *,
        plain: bool,
        line_mode: bool,
        offset: int = 0,
    ) -> None:
        self.lines = lines
        self.warn = warn
        self.plain = plain  # plain notes: inline clean-up, unfenced code, math
        self.line_mode = line_mode  # web copy: every line is a paragraph of its own
        self.offset = offset  # line number of lines[0] minus one
        self.runs = _code_runs(lines) if plain else {}

    # helpers

    def lineno(self, i: int) -> int:
        """Return the Markdown line number of ``lines[i]``."""
        return i + 1 + self.offset

    def text(self, s: str, i: int) -> str:
        """Return inline text cleaned up for a slide (plain notes only)."""
        return _clean_inline(s, self.lineno(i), self.warn) if self.plain else s.strip()

    def is_table(self, i: int) -> bool:
        """Return True when a table (header row, then a delimiter row) starts at ``i``."""
        if i + 1 >= len(self.lines) or "|" not in self.lines[i]:
            return False
        delim = self.lines[i + 1]
        if "|" not in delim or not _DELIM.match(delim):
            return False
        return len(_split_row(delim)) == len(_split_row(self.lines[i]))

    def starts_block(self, i: int) -> bool:
        """Return True when line ``i`` starts a block that ends a paragraph or list."""
        line = self.lines[i]
        return bool(
            _ATX.match(line)
            or _PILCROW.match(line)
            or _FENCE.match(line)
            or _HR.match(line)
            or _QUOTE.match(line)
            or (self.plain and _MATH_OPEN.match(line))
            or i in self.runs
            or self.is_table(i)
        )

    # the scan

    def scan(self) -> list[_Block]:
        """Return the blocks of the lines, in order."""
        blocks: list[_Block] = []
        lines = self.lines
        i = 0
        prev_blank = True
        while i < len(lines):
            line = lines[i]
            if not line.strip():
                prev_blank = True
                i += 1
                continue
            start = i
            if i in self.runs:
                i = self.unfenced(i, blocks)
            elif _FENCE.match(line):
                i = self.fenced(i, blocks)
            elif self.plain and _MATH_OPEN.match(line):
                i = self.math(i, blocks)
            elif m := _ATX.match(line):
                text = _PILCROW.sub(r"\1", m.group(2) or "")
                blocks.append(_Heading(self.lineno(i), len(m.group(1)), self.text(text, i)))
                i += 1
            elif m := _PILCROW.match(line):
                text = m.group(1)
                level = 3 if re.match(r"\d+[.)]\s", text) else 2
                blocks.append(_Heading(self.lineno(i), level, self.text(text, i), inferred=True))
                i += 1
            elif _HR.match(line):
                i += 1
            elif _QUOTE.match(line):
                i = self.quote(i, blocks)
            elif self.is_table(i):
                i = self.table(i, blocks)
            elif _ITEM.match(line):
                i = self.list(i, blocks)
            elif self.plain and prev_blank and _indent(line) >= 4:
                i = self.indented_code(i, blocks)
            else:
                i = self.paragraph(i, blocks)
            prev_blank = False
            assert i > start
        return blocks

    def unfenced(self, i: int, blocks: list[_Block]) -> int:
        """Add the unfenced code run starting at ``i``; return the index after it."""
        end = self.runs[i]
        body = [ln.rstrip() for ln in self.lines[i:end]]
        python = any(_CODE_START.match(ln.strip()) for ln in body)
        lang = "python" if python else ""
        first, last = self.lineno(i), self.lineno(end - 1)
        blocks.append(_Code(first, last, "code", lang, body, fenced=False))
        return end

    def fenced(self, i: int, blocks: list[_Block]) -> int:
        """Add the fenced code block starting at ``i``; return the index after it."""
        m = _FENCE.match(self.lines[i])
        assert m
        pad, fence, lang = len(m.group(1)), m.group(2), m.group(3)
        j = i + 1
        body: list[str] = []
        while j < len(self.lines):
            ln = self.lines[j]
            close = re.match(r"^ {0,3}(`{3,}|~{3,})[ \t]*$", ln)
            if close and close.group(1)[0] == fence[0] and len(close.group(1)) >= len(fence):
                break
            body.append(ln[min(pad, _indent(ln)) :].rstrip())
            j += 1
        else:
            self.warn(self.lineno(i), "code fence is never closed; the rest of the file is code")
        end = min(j, len(self.lines) - 1)
        kind = "math" if lang.lower() in ("math", "latex", "tex") else "code"
        blocks.append(_Code(self.lineno(i), self.lineno(end), kind, lang, body))
        return j + 1

    def indented_code(self, i: int, blocks: list[_Block]) -> int:
        """Add the indented code block starting at ``i``; return the index after it."""
        j = i
        while j < len(self.lines) and (not self.lines[j].strip() or _indent(self.lines[j]) >= 4):
            j += 1
        while j > i and not self.lines[j - 1].strip():
            j -= 1
        body = [ln[4:].rstrip() for ln in self.lines[i:j]]
        blocks.append(_Code(self.lineno(i), self.lineno(j - 1), "code", "", body))
        return j

    def math(self, i: int, blocks: list[_Block]) -> int:
        """Add the display math starting at ``i``; return the index after it."""
        m = _MATH_OPEN.match(self.lines[i])
        assert m
        opener = m.group(1)
        if opener == "$$":
            closer = "$$"
        elif opener == "\\[":
            closer = "\\]"
        else:
            closer = f"\\end{{{m.group(2)}}}"
        first = self.lines[i].strip()
        rest = first[len(opener) :] if opener in ("$$", "\\[") else first
        j = i
        body: list[str] = []
        if closer in rest:
            body.append(first[: first.index(closer, len(opener)) + len(closer)])
        else:
            body.append(first)
            j = i + 1
            while j < len(self.lines) and closer not in self.lines[j]:
                body.append(self.lines[j].strip())
                j += 1
            if j < len(self.lines):
                body.append(self.lines[j].strip())
            else:
                j = len(self.lines) - 1
                self.warn(self.lineno(i), f"display math is never closed with {closer}")
        if opener == "$$":  # show the math without its delimiters
            inner = "\n".join(body).strip()
            inner = inner.removeprefix("$$").removesuffix("$$").strip()
            body = [ln.strip() for ln in inner.splitlines() if ln.strip()] or [""]
        blocks.append(_Code(self.lineno(i), self.lineno(j), "math", "", body))
        return j + 1

    def quote(self, i: int, blocks: list[_Block]) -> int:
        """Add the block quote starting at ``i``; return the index after it."""
        j = i
        parts: list[str] = []
        while j < len(self.lines) and (m := _QUOTE.match(self.lines[j])):
            inner = m.group(1)
            while (mm := _QUOTE.match(inner)) is not None:
                inner = mm.group(1)
            parts.append(inner.strip())
            j += 1
        # a last line '— Who, when' is the attribution
        attribution = None
        filled = [k for k, p in enumerate(parts) if p]
        dash = re.compile(r"^(?:—|–|--|~)\s*(\S.*)$")
        if len(filled) > 1 and (m := dash.match(parts[filled[-1]])):
            attribution = self.text(m.group(1), i + filled[-1])
            del parts[filled[-1]]
        words = [_ITEM.sub(lambda m: m.group("text") or "", p) for p in parts if p]
        text = self.text(" ".join(words), i)
        if text:
            blocks.append(_Quote(self.lineno(i), text, attribution))
        return j

    def table(self, i: int, blocks: list[_Block]) -> int:
        """Add the table starting at ``i``; return the index after it."""
        columns = [self.text(c, i) for c in _split_row(self.lines[i])]
        align_cells = _split_row(self.lines[i + 1])
        align: list[str] = []
        for cell in align_cells:
            c = cell.strip()
            if c.startswith(":") and c.endswith(":"):
                align.append("center")
            elif c.endswith(":"):
                align.append("right")
            elif c.startswith(":"):
                align.append("left")
            else:
                align.append("auto")
        rows: list[list[str]] = []
        j = i + 2
        while j < len(self.lines) and self.lines[j].strip() and "|" in self.lines[j]:
            if self.starts_block(j) and not self.lines[j].lstrip().startswith("|"):
                break
            cells = [self.text(c, j) for c in _split_row(self.lines[j])]
            if len(cells) > len(columns):
                if any(cells[len(columns) :]):
                    self.warn(
                        self.lineno(j),
                        f"table row has {len(cells)} cells for {len(columns)} columns; "
                        "the extra cells were dropped",
                    )
                cells = cells[: len(columns)]
            cells += [""] * (len(columns) - len(cells))
            rows.append(cells)
            j += 1
        if len(columns) > MAX_COLUMNS:
            self.warn(
                self.lineno(i),
                f"table has {len(columns)} columns; only the first {MAX_COLUMNS} were kept",
            )
            columns = columns[:MAX_COLUMNS]
            rows = [r[:MAX_COLUMNS] for r in rows]
            align = align[:MAX_COLUMNS]
        if not rows:
            self.warn(self.lineno(i), "table has no rows; its header was kept as a bullet")
            blocks.append(_Para(self.lineno(i), " | ".join(columns)))
            return j
        explicit = None if all(a == "auto" for a in align) else align
        blocks.append(_Table(self.lineno(i), _TableData(columns, rows, explicit)))
        return j

    def list(self, i: int, blocks: list[_Block]) -> int:
        """Add the list starting at ``i``; return the index after it."""
        first = _ITEM.match(self.lines[i])
        assert first
        base = len(first.group("indent").expandtabs(4))
        items: list[_Bullet] = []
        sub_indent: int | None = None
        deep_warned = False
        # where continuation text goes: (item, index of its sub-bullet or None), and whether
        # the last piece was a paragraph that followed an item (an "answer")
        target: tuple[_Bullet, int | None] | None = None
        last_answer = False
        answers = False  # items of this list are followed by paragraphs of their own
        blank = False
        j = i

        def add(piece: str, k: int) -> None:
            """Append one more piece of text to the current item or sub-item."""
            nonlocal target
            assert target is not None
            item, sub = target
            piece = self.text(piece, k)
            if sub is None:
                item.text = f"{item.text} {piece}".strip()
            else:
                item.subs[sub] = f"{item.subs[sub]} {piece}".strip()

        while j < len(self.lines):
            line = self.lines[j]
            if not line.strip():
                blank = True
                j += 1
                continue
            ind = _indent(line.expandtabs(4))
            m = _ITEM.match(line)
            if m and not _HR.match(line):
                text = self.text(m.group("text") or "", j)
                if ind < base + 2 or not items:
                    items.append(_Bullet(text))
                    target = (items[-1], None)
                else:
                    if sub_indent is None or ind < sub_indent:
                        sub_indent = ind
                    if ind >= sub_indent + 2 and not deep_warned:
                        self.warn(
                            self.lineno(j),
                            "list nested deeper than two levels; flattened to two",
                        )
                        deep_warned = True
                    items[-1].subs.append(text)
                    target = (items[-1], len(items[-1].subs) - 1)
                last_answer = False
                blank = False
                j += 1
                continue
            if ind < base + 2 and (blank or self.starts_block(j)):
                break
            assert target is not None
            item, sub = target
            current = item.text if sub is None else item.subs[sub]
            lazy = ind < base + 2 and not (last_answer and not self.line_mode)
            if blank or (lazy and _ENDS_SENTENCE.search(current)):
                # A paragraph of its own. Between two items (a question and its answer) it
                # goes under the item; after the list's last item it ends the list.
                if not blank and not answers and not self.item_follows(j, base):
                    break
                items[-1].subs.append("")
                target = (items[-1], len(items[-1].subs) - 1)
                last_answer = answers = True
            add(line, j)
            blank = False
            j += 1
        while j > i and not self.lines[j - 1].strip():
            j -= 1
        kept = []
        for it in items:
            it.subs = [s for s in it.subs if s]
            if it.text or it.subs:
                kept.append(_Bullet(it.text or it.subs.pop(0), it.subs))
        if kept:
            blocks.append(_List(self.lineno(i), kept))
        return max(j, i + 1)

    def item_follows(self, j: int, base: int) -> bool:
        """Return True when the paragraph at ``j`` is followed directly by a list item
        indented like the list's first item."""
        k = j
        while k < len(self.lines) and self.lines[k].strip():
            m = _ITEM.match(self.lines[k])
            if m and not _HR.match(self.lines[k]):
                return _indent(self.lines[k]) < base + 2
            if self.starts_block(k):
                return False
            k += 1
        return False

    def paragraph(self, i: int, blocks: list[_Block]) -> int:
        """Add the paragraph (or setext heading) starting at ``i``; return the index after it."""
        j = i + 1
        if not self.line_mode:
            while j < len(self.lines):
                ln = self.lines[j]
                if not ln.strip() or _SETEXT.match(ln) or self.starts_block(j) or _ITEM.match(ln):
                    break
                j += 1
        if j < len(self.lines) and (m := _SETEXT.match(self.lines[j])) and j > i:
            text = " ".join(self.text(ln, k) for k, ln in enumerate(self.lines[i:j], i))
            level = 1 if m.group(1).startswith("=") else 2
            blocks.append(_Heading(self.lineno(i), level, text.strip()))
            return j + 1
        pieces = [self.text(self.lines[k], k) for k in range(i, j)]
        text = " ".join(p for p in pieces if p)
        if text:
            blocks.append(_Para(self.lineno(i), text))
        elif self.plain and not any(_IMAGE.search(ln) for ln in self.lines[i:j]):
            self.warn(self.lineno(i), "HTML without text was dropped")
        return j


def _split_row(row: str) -> list[str]:
    """Return the cells of a table row (pipes in code spans, math or escaped stay)."""
    s = row.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|") and not s.endswith("\\|"):
        s = s[:-1]
    cells: list[str] = []
    buf: list[str] = []
    i = 0
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s):
            if s[i + 1] == "|":
                buf.append("|")
                i += 2
                continue
            if s[i + 1] == "(" and (j := s.find("\\)", i + 2)) >= 0:
                buf.append(s[i : j + 2])
                i = j + 2
                continue
            buf.append(s[i : i + 2])
            i += 2
            continue
        if c == "`" and (j := s.find("`", i + 1)) > i:
            buf.append(s[i : j + 1])
            i = j + 1
            continue
        if c == "|":
            cells.append("".join(buf).strip())
            buf = []
        else:
            buf.append(c)
        i += 1
    cells.append("".join(buf).strip())
    return cells


# --- inline clean-up (plain notes) -----------------------------------------------------------

_CODE_SPAN = re.compile(r"(`+)(.+?)\1")
_HTML_COMMENT = re.compile(r"<!--.*?-->")
_HTML_TAG = re.compile(
    r"</?(?:a|abbr|b|br|center|code|del|details|div|em|figcaption|figure|font|h[1-6]|hr|i|img"
    r"|ins|kbd|mark|p|pre|s|small|span|strong|sub|summary|sup|u)\b[^<>]*>",
    re.I,
)
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_EMPTY_LINK = re.compile(r"\[\]\([^)]*\)")
_FA_SHORTCODE = re.compile(r":\(fa[a-z]?\s[^)]*\):")
_INLINE_MATH = re.compile(
    r"\\\((.+?)\\\)|\$\$(.+?)\$\$|(?<![\\$\w])\$(?=[^\s$])(.+?)(?<=[^\s\\$])\$(?![\d$])"
)


def _outside_code(text: str, fn: Callable[[str], str]) -> str:
    """Return ``text`` with ``fn`` applied to the parts outside `code spans`."""
    out: list[str] = []
    pos = 0
    for m in _CODE_SPAN.finditer(text):
        out.append(fn(text[pos : m.start()]))
        out.append(m.group())
        pos = m.end()
    out.append(fn(text[pos:]))
    return "".join(out)


def _clean_inline(text: str, line: int, warn: _Warnings) -> str:
    """Return one line of Markdown text ready for a slide; math becomes `code` (warned)."""
    notes: list[str] = []

    def clean(part: str) -> str:
        """Return one piece of text outside code spans cleaned up."""
        part = _HTML_COMMENT.sub("", part)
        part = _HTML_TAG.sub("", part)
        for m in _IMAGE.finditer(part):
            notes.append(f"image '{m.group(1) or 'without alt text'}' was not imported")
        part = _IMAGE.sub("", part)
        part = _EMPTY_LINK.sub("", part)
        part = _FA_SHORTCODE.sub("", part)
        found = False

        def math(m: re.Match[str]) -> str:
            """Return the inline math of ``m`` as deck ``$...$`` math, or as a code span
            (with a warning) when deckgen cannot typeset it."""
            nonlocal found
            body = next(g for g in m.groups() if g is not None).strip()
            if "`" in body:
                return m.group()
            from deckgen.equations import EquationError
            from deckgen.layout.inline_math import flatten

            try:
                flatten(body)
            except EquationError:
                found = True
                return f"`{body}`"
            return "$" + body.replace("$", "\\$") + "$"

        part = _INLINE_MATH.sub(math, part)
        if found:
            notes.append("inline math deckgen cannot typeset; kept as LaTeX source in `code`")
        return part

    out = _outside_code(text.strip().removesuffix("\\"), clean)
    for note in dict.fromkeys(notes):
        warn(line, note)
    return re.sub(r"[ \t]{2,}", " ", out).strip()


# --- slides from blocks ----------------------------------------------------------------------


class _Section:
    """Turns the blocks under one heading into slides (splitting where the schema needs)."""

    def __init__(self, draft: _Draft, title: str, line: int, warn: _Warnings) -> None:
        self.draft = draft
        self.title = _shorten(title, TITLE_CHARS)
        if self.title != title:
            warn(line, f"heading shortened to {TITLE_CHARS} characters to fit a slide title")
        self.warn = warn
        self.parts = 0  # slides made from this section so far
        self.body: list[_Bullet | _Comment] = []
        self.table: _TableData | None = None
        self.table_first = False  # the table came before any bullet of the slide

    def _next_title(self) -> str:
        """Return the title of the next slide: the heading, then the heading '(cont.)'."""
        return self.title if self.parts == 0 else f"{self.title} (cont.)"

    def _bullets(self) -> int:
        """Return the number of bullets waiting for the current slide."""
        return sum(isinstance(b, _Bullet) for b in self.body)

    def bullet(self, text: str, line: int, subs: list[str] | None = None) -> None:
        """Add a bullet (split when too long for a slide; a new slide after 40)."""
        pieces = _split_text(_clip(text, line, self.warn))
        if len(pieces) > 1:
            self.warn(
                line,
                f"paragraph of {len(text)} characters split into {len(pieces)} bullets "
                "so that it fits a slide",
            )
        for k, piece in enumerate(pieces):
            if self._bullets() >= MAX_BULLETS:
                self.flush()
            last = k == len(pieces) - 1
            kept = [_clip(s, line, self.warn) for s in subs or []] if last else []
            self.body.append(_Bullet(piece, kept))

    def comment(self, lines: list[str]) -> None:
        """Add lines kept as a YAML comment at the current place."""
        self.body.append(_Comment(lines))

    def add_table(self, data: _TableData, line: int) -> None:
        """Add a table, split over several slides when it is too long for one."""
        chunks: list[list[list[str]]] = [[]]
        for row in data.rows:
            size = sum(len(c) for r in [*chunks[-1], row] for c in r)
            if chunks[-1] and (len(chunks[-1]) >= TABLE_ROWS or size > TABLE_CHARS):
                chunks.append([])
            chunks[-1].append(row)
        if len(chunks) > 1:
            self.warn(
                line,
                f"table of {len(data.rows)} rows split over {len(chunks)} slides so that it fits",
            )
        for rows in chunks:
            if self.table is not None:
                self.flush()
            self.table = _TableData(data.columns, rows, data.align)
            self.table_first = not self._bullets()

    def quote(self, q: _Quote) -> None:
        """Add a quote slide (or a bullet when the quotation is too long)."""
        if len(q.text) > QUOTE_CHARS:
            self.warn(q.line, "quotation too long for a quote slide; kept as a bullet")
            text = f"{q.text} — {q.attribution}" if q.attribution else q.text
            self.bullet(text, q.line)
            return
        self.flush()
        self._emit(_Slide("quote", title=self.title, quote=q.text, attribution=q.attribution))

    def flush(self) -> None:
        """Write the waiting bullets, comments and table as slide(s)."""
        chars = sum(
            len(b.text) + sum(map(len, b.subs)) for b in self.body if isinstance(b, _Bullet)
        )
        if self.table is not None and chars > BESIDE_TABLE_CHARS:
            # too much text to sit beside the table: one slide each, in document order
            table, first = self.table, self.table_first
            self.table = None
            if first:
                self._emit(_Slide("bullets", self._next_title(), table=table))
            self._emit(_Slide("bullets", self._next_title(), list(self.body)))
            if not first:
                self._emit(_Slide("bullets", self._next_title(), table=table))
        elif self._bullets() or self.table is not None:
            self._emit(_Slide("bullets", self._next_title(), list(self.body), self.table))
        elif self.body:  # only comments: a section slide keeps them in the file
            self._emit(_Slide("section", self._next_title(), list(self.body)))
        self.body = []
        self.table = None

    def _emit(self, slide: _Slide) -> None:
        """Add a finished slide of this section to the draft."""
        self.draft.slides.append(slide)
        self.parts += 1

    def add(self, block: _Block) -> None:
        """Add one content block (not a heading)."""
        if isinstance(block, _Para):
            self.bullet(block.text, block.line)
        elif isinstance(block, _List):
            for item in block.items:
                self.bullet(item.text, block.line, item.subs)
        elif isinstance(block, _Table):
            self.add_table(block.data, block.line)
        elif isinstance(block, _Quote):
            self.quote(block)
        elif isinstance(block, _Code):
            self.code(block)

    def code(self, block: _Code) -> None:
        """Keep a code or math block as a comment, with a warning."""
        where = (
            f"line {block.line}" if block.line == block.end else f"lines {block.line}–{block.end}"
        )
        if block.kind == "math":
            head = f"math ({where}):"
            self.warn(
                block.line,
                "display math is not supported by the deck schema yet; kept as a comment",
            )
        else:
            head = f"code ({block.lang}, {where}):" if block.lang else f"code ({where}):"
            extra = "" if block.fenced else f" (unfenced code detected, {where})"
            self.warn(
                block.line,
                "code blocks are not supported by the deck schema yet; kept as a comment" + extra,
            )
        self.comment([head, *("  " + ln if ln else "" for ln in block.lines)])


# --- metadata ----------------------------------------------------------------------------------

_META_PART = re.compile(r"^\s*([A-Za-z][\w .&/-]{0,24}?)\s*:\s*(\S.*?)\s*$")
_ARXIV = re.compile(
    r"^(?:arxiv:\s*|https?://arxiv\.org/(?:abs|pdf)/)(\d{4}\.\d{4,5}(?:v\d+)?)", re.I
)
_LINK = re.compile(r"^\[([^\]]+)\]\((\S+)\)$")


def _source(value: str) -> tuple[str, str | None]:
    """Return ``(label, url)`` for a citation, a link or an arXiv id."""
    value = value.strip()
    if m := _LINK.match(value):
        return m.group(1), m.group(2)
    if m := _ARXIV.match(value):
        return f"arXiv:{m.group(1)}", f"https://arxiv.org/abs/{m.group(1)}"
    if re.match(r"^https?://\S+$", value):
        return value, value
    if m := re.match(r"^(?:doi:\s*|https?://doi\.org/)(10\.\S+)$", value, re.I):
        return f"doi:{m.group(1)}", f"https://doi.org/{m.group(1)}"
    return value, None


def _metadata(text: str, draft: _Draft) -> bool:
    """Fill ``draft`` from a ``Key: value | Key: value`` line; return False if it is not one."""
    parts = [p for p in text.split("|") if p.strip()] if "|" in text else [text]
    found: list[tuple[str, str]] = []
    for part in parts:
        m = _META_PART.match(part)
        if not m:
            return False
        found.append((m.group(1).lower().strip(), m.group(2)))
    keys = {
        "author": "authors",
        "authors": "authors",
        "by": "authors",
        "year": "date",
        "date": "date",
        "published": "date",
        "link": "source",
        "url": "source",
        "source": "source",
        "arxiv": "source",
        "doi": "source",
        "paper": "source",
        "venue": "subject",
        "journal": "subject",
        "conference": "subject",
        "keywords": "keywords",
        "tags": "keywords",
    }
    if not found or any(k not in keys for k, _ in found):
        return False
    for key, value in found:
        target = keys[key]
        if target == "authors":
            sep = ";" if ";" in value else " and " if " and " in value else None
            draft.authors = [a.strip() for a in value.split(sep)] if sep else [value]
        elif target == "date":
            draft.date = value
        elif target == "source":
            draft.source = _source(f"arXiv:{value}" if key == "arxiv" else value)
        elif target == "subject":
            draft.subject = value
        else:
            draft.keywords = [k.strip() for k in value.split(",") if k.strip()]
    return True


def _front_matter(lines: list[str], draft: _Draft, warn: _Warnings) -> int:
    """Read YAML (``---``) or TOML (``+++``) front matter into ``draft``; return the index of
    the first line after it (0 when there is none)."""
    if not lines or lines[0].strip() not in ("---", "+++"):
        return 0
    fence = lines[0].strip()
    end = next(
        (k for k in range(1, len(lines)) if lines[k].strip() in (fence, "...")),
        None,
    )
    if end is None:
        return 0
    text = "\n".join(lines[1:end])
    try:
        data = tomllib.loads(text) if fence == "+++" else yaml.safe_load(text)
    except (tomllib.TOMLDecodeError, yaml.YAMLError):
        warn(1, "front matter could not be read; it was ignored")
        return end + 1
    if not isinstance(data, dict):
        return 0  # not front matter: the file starts with a horizontal rule

    def text_of(value: object) -> str | None:
        """Return a front-matter value as text, or None when it is not a scalar."""
        if isinstance(value, dt.datetime | dt.date):
            return value.date().isoformat() if isinstance(value, dt.datetime) else value.isoformat()
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            return str(value).strip() or None
        return None

    if title := text_of(data.get("title")):
        draft.title = title
    for key in ("subtitle", "description"):
        if draft.subtitle is None and (sub := text_of(data.get(key))):
            draft.subtitle = sub
    if date := text_of(data.get("date")):
        draft.date = date[:10] if re.match(r"^\d{4}-\d{2}-\d{2}T", date) else date
    authors = data.get("authors", data.get("author"))
    if isinstance(authors, str):
        draft.authors = [authors]
    elif isinstance(authors, list):
        draft.authors = [a for a in (text_of(x) for x in authors) if a]
    words = data.get("keywords", data.get("tags"))
    if isinstance(words, list):
        draft.keywords = [w for w in (text_of(x) for x in words) if w]
    return end + 1


# --- plain notes ---------------------------------------------------------------------------------


def _plain(lines: list[str], source_name: str, warn: _Warnings) -> _Draft:
    """Return the draft deck of plain Markdown notes."""
    draft = _Draft(title=_title_from_name(source_name))
    start = _front_matter(lines, draft, warn)
    line_mode = any(_PILCROW.match(ln) for ln in lines[start:])
    blocks = _Scanner(lines[start:], warn, plain=True, line_mode=line_mode, offset=start).scan()

    # The title: the first level-1 heading, or a web copy's first heading.
    title_at: int | None = next(
        (k for k, b in enumerate(blocks) if isinstance(b, _Heading) and b.level == 1), None
    )
    if title_at is None and blocks and isinstance(blocks[0], _Heading) and blocks[0].inferred:
        title_at = 0
    if title_at is not None:
        heading = blocks[title_at]
        assert isinstance(heading, _Heading)
        draft.title = heading.text or draft.title
        # "Authors: … | Year: …" lines right below the title
        k = title_at + 1
        while k < len(blocks) and isinstance(blocks[k], _Para):
            para = blocks[k]
            assert isinstance(para, _Para)
            if not _metadata(para.text, draft):
                break
            del blocks[k]
        del blocks[title_at]

    first_heading = next((k for k, b in enumerate(blocks) if isinstance(b, _Heading)), len(blocks))
    preamble, rest = blocks[:first_heading], blocks[first_heading:]
    draft.slides.append(_Slide("title"))
    if (
        len(preamble) == 1
        and isinstance(preamble[0], _Para)
        and len(preamble[0].text) <= 160
        and draft.subtitle is None
    ):
        draft.subtitle = preamble[0].text
    elif preamble:
        section = _Section(draft, "Overview", preamble[0].line, warn)
        for b in preamble:
            section.add(b)
        section.flush()

    k = 0
    while k < len(rest):
        heading = rest[k]
        assert isinstance(heading, _Heading)
        k += 1
        section = _Section(draft, heading.text or "Untitled", heading.line, warn)
        if not heading.text:
            warn(heading.line, "heading without text; the slide is titled 'Untitled'")
        content_start = k
        while k < len(rest) and not isinstance(rest[k], _Heading):
            section.add(rest[k])
            k += 1
        section.flush()
        if k > content_start and section.parts:
            continue
        nxt = rest[k] if k < len(rest) else None
        parent = isinstance(nxt, _Heading) and (
            nxt.level > heading.level or (heading.inferred and nxt.inferred)
        )
        if parent:
            draft.slides.append(_Slide("section", section.title))
        else:
            warn(heading.line, f"heading '{heading.text}' has no content; no slide was made")
    return draft


def _title_from_name(source_name: str) -> str:
    """Return a deck title made from a file name ('my-notes.md' → 'my notes')."""
    stem = Path(source_name).stem or "Imported notes"
    return re.sub(r"[-_]+", " ", stem).strip() or "Imported notes"


# --- slide briefs ----------------------------------------------------------------------------

_SLIDE_HEADING = re.compile(
    r"^##[ \t]+Slide[ \t]+(\d+)[ \t]*[:.)\-–—][ \t]*(.*?)[ \t]*#*[ \t]*$", re.I
)
_H2 = re.compile(r"^##[ \t]+(.*?)[ \t]*#*[ \t]*$")
_CONTENT_CUE = re.compile(
    r"^(?:content|points|bullets|key points)(?:\s+to\s+(?:include|cover|show))?\s*:$", re.I
)

# Style phrases the paper theme already satisfies: (pattern, how).
_STYLE_MAP: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"dark[- ]?blue|navy", re.I), "dark-blue titles"),
    (re.compile(r"white|light[- ]?gr[ae]y|background", re.I), "white background"),
    (re.compile(r"sans[- ]?serif|typograph|font", re.I), "one sans-serif family"),
    (
        re.compile(r"icon|stock photo|photo|ai[- ]generated|image", re.I),
        "Lucide outline icons only",
    ),
    (
        re.compile(r"consisten|layout|spacing|margin|align|title at (?:the )?top", re.I),
        "one grid for every slide",
    ),
    (re.compile(r"minimal|clean|simple", re.I), "a minimal theme"),
]
_STYLE_MANUAL = re.compile(
    r"\b(?:diagrams?|flowcharts?|charts?|graphs?|animations?|videos?)\b", re.I
)


def _is_brief(lines: list[str]) -> bool:
    """Return True when the lines are a slide brief ('## Slide N: …' sections)."""
    return any(_SLIDE_HEADING.match(ln) for ln in lines)


def _strip_quotes(text: str) -> str:
    """Return ``text`` without one pair of surrounding quotation marks."""
    text = text.strip()
    pairs = {'"': '"', "“": "”", "'": "'", "«": "»", "„": "“"}
    if len(text) >= 2 and text[0] in pairs and text[-1] == pairs[text[0]]:
        return text[1:-1].strip()
    return text


def _brief_title(heading: str, intro: str, draft: _Draft, source_name: str) -> str:
    """Return the deck title of a brief; fill authors/date from '**Title** (Who, When)'."""
    if m := re.search(r"\*\*(.+?)\*\*|__(.+?)__", intro):
        title = (m.group(1) or m.group(2)).strip()
        after = intro[m.end() :]
        if pm := re.match(r"\s*\(([^()]*)\)", after):
            parts = [p.strip() for p in pm.group(1).split(",") if p.strip()]
            if len(parts) >= 2 and re.search(r"\b(?:19|20)\d\d\b", parts[-1]):
                draft.date = parts[-1]
                draft.authors = [", ".join(parts[:-1])]
        return title
    if m := re.match(r"^.*?\bprompt\b\s*[-–—:|]\s*(.+)$", heading, re.I):
        return m.group(1).strip()
    if heading and not re.search(r"\bprompt\b", heading, re.I):
        return heading
    if m := re.search(r"\babout (?:the )?(.+?)(?:[.(]|$)", intro):
        return m.group(1).strip()
    return heading or _title_from_name(source_name)


def _brief(lines: list[str], source_name: str, warn: _Warnings) -> _Draft:
    """Return the draft deck of a slide brief."""
    draft = _Draft(title="")
    heading, heading_at = "", -1
    sections: list[tuple[int, str]] = []  # (index of the '##' line, its text)
    for k, ln in enumerate(lines):
        if heading_at < 0 and (m := re.match(r"^#[ \t]+(.*?)[ \t]*#*[ \t]*$", ln)):
            heading, heading_at = m.group(1), k
        elif m := _H2.match(ln):
            sections.append((k, m.group(1)))
    intro_end = sections[0][0] if sections else len(lines)
    intro = " ".join(ln.strip() for ln in lines[heading_at + 1 : intro_end] if ln.strip())
    draft.title = _brief_title(heading, intro, draft, source_name)
    draft.slides.append(_Slide("title"))

    expected: tuple[int, int] | None = None  # (line, number of slides the brief asks for)
    for k in range(heading_at + 1, intro_end):
        if m := re.search(r"\b(\d+)\s+(?:presentation\s+)?slides\b", lines[k], re.I):
            expected = (k + 1, int(m.group(1)))
            break

    made = 0
    for n, (at, text) in enumerate(sections):
        end = sections[n + 1][0] if n + 1 < len(sections) else len(lines)
        body = lines[at + 1 : end]
        sm = _SLIDE_HEADING.match(lines[at])
        if sm is None:
            if re.search(r"\bstyle\b", text, re.I):
                _style(body, at + 2, draft, warn)
            else:
                warn(at + 1, f"section '{text}' is not a slide; it was ignored")
            continue
        made += 1
        number, title = int(sm.group(1)), sm.group(2)
        if number != made:
            warn(at + 1, f"slide numbered {number} is slide {made} of the brief")
        last = n + 1 == len(sections) or not any(
            _SLIDE_HEADING.match(lines[s]) for s, _ in sections[n + 1 :]
        )
        blocks = _Scanner(body, warn, plain=False, line_mode=False, offset=at + 1).scan()
        _brief_slide(draft, title or f"Slide {number}", at + 1, blocks, last, warn)
    if expected is not None and expected[1] != made:
        warn(expected[0], f"the brief asks for {expected[1]} slides but defines {made}")
    return draft


def _brief_slide(
    draft: _Draft, title: str, line: int, blocks: list[_Block], last: bool, warn: _Warnings
) -> None:
    """Add the slide(s) of one '## Slide N' section of a brief."""
    cues = [b for b in blocks if isinstance(b, _Para) and b.text.rstrip().endswith(":")]
    content = [b for b in blocks if all(b is not c for c in cues)]
    for b in content:
        if isinstance(b, _Heading):
            warn(b.line, f"heading '{b.text}' inside a slide was ignored")
    content = [b for b in content if not isinstance(b, _Heading)]
    if last and "question" in title.lower():
        only = any(re.search(r"\bonly the question\b", c.text, re.I) for c in cues)
        texts: list[str] = []
        for b in content:
            if isinstance(b, _Para):
                texts.append(b.text)
            elif isinstance(b, _List):
                texts.extend(it.text for it in b.items if not it.subs)
        single = len(content) == 1 and len(texts) == 1
        if texts and (only or (single and len(texts[0]) >= 60 and "?" in texts[0])):
            question = _strip_quotes(" ".join(texts))
            if len(question) <= QUESTION_CHARS:
                heading = _shorten(title, TITLE_CHARS)
                draft.slides.append(_Slide("question", title=heading, question=question))
                return
            warn(line, "question too long for a question slide; kept as a bullets slide")
    for c in cues:
        if not _CONTENT_CUE.match(c.text.strip()):
            warn(c.line, f"instruction '{c.text.strip()}' was not applied; follow it by hand")
    section = _Section(draft, title, line, warn)
    for b in content:
        section.add(b)
    section.flush()
    if not section.parts:
        warn(line, f"slide '{title}' has no content; it became a section slide")
        draft.slides.append(_Slide("section", section.title))


def _style(body: list[str], first_line: int, draft: _Draft, warn: _Warnings) -> None:
    """Record the brief's visual style as header comments; warn about what is not applied."""
    items = [
        (k, m.group("text").strip())
        for k, ln in enumerate(body)
        if (m := _ITEM.match(ln)) and m.group("text")
    ]
    if not items:
        return
    draft.header += ["", "Visual style requested by the brief (theme: paper):"]
    for k, text in items:
        line = first_line + k
        done = [how for pat, how in _STYLE_MAP if pat.search(text)]
        if _STYLE_MANUAL.search(text):
            draft.header.append(f"  - {text}  [by hand: add diagram/chart visuals]")
            warn(line, f"visual style '{text}' is not applied automatically; add visuals by hand")
        elif done:
            draft.header.append(f"  - {text}  [paper: {', '.join(done)}]")
        else:
            draft.header.append(f"  - {text}  [not mapped]")
            warn(line, f"visual style '{text}' has no theme setting; it was not applied")


# --- YAML output ---------------------------------------------------------------------------------

_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`")


def _printable(ch: str) -> bool:
    """Return True when YAML can hold ``ch`` unescaped in a scalar."""
    o = ord(ch)
    return (
        o in (0x09,)
        or 0x20 <= o <= 0x7E
        or 0xA0 <= o <= 0xD7FF
        or (0xE000 <= o <= 0xFFFD and o != 0xFEFF)
        or 0x10000 <= o <= 0x10FFFF
    )


def _plain_ok(s: str, flow: bool) -> bool:
    """Return True when ``s`` can be written as a plain YAML scalar and read back equal."""
    if not s or s != s.strip() or s[0] in _INDICATORS or "\t" in s:
        return False
    if ": " in s or " #" in s or s.endswith(":") or not all(_printable(c) for c in s):
        return False
    if flow and any(c in s for c in ",[]{}"):
        return False
    try:
        return yaml.safe_load(s) == s
    except yaml.YAMLError:
        return False


def _quote(s: str) -> str:
    """Return ``s`` as a double-quoted YAML scalar (non-printable characters escaped)."""
    out = ['"']
    for ch in s:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif not _printable(ch):
            o = ord(ch)
            out.append(
                f"\\x{o:02X}" if o <= 0xFF else f"\\u{o:04X}" if o <= 0xFFFF else f"\\U{o:08X}"
            )
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _s(value: str, flow: bool = False) -> str:
    """Return ``value`` as a YAML scalar: plain when that reads back the same, else quoted."""
    if _plain_ok(value, flow):
        return value
    if '"' in value and "\n" not in value and all(_printable(c) for c in value):
        return "'" + value.replace("'", "''") + "'"  # reads better than escaped quotes
    return _quote(value)


def _flow(values: list[str]) -> str:
    """Return ``values`` as a YAML flow sequence (``[a, "b: c"]``)."""
    return "[" + ", ".join(_s(v, flow=True) for v in values) + "]"


def _comment(text: str) -> str:
    """Return ``text`` safe inside a YAML comment (one line)."""
    return re.sub(r"[\r\n\x85\u2028\u2029]", " ", text)


def _emit(draft: _Draft, source_name: str) -> str:
    """Return the YAML text of the draft deck."""
    out = [
        SCHEMA_COMMENT,
        f"# Imported from {_comment(source_name)} by 'deckgen import'. Check the text, then add",
        "# speaker notes, icons and visuals.",
    ]
    out += [f"# {_comment(c)}".rstrip() for c in draft.header]
    out.append(f"title: {_s(draft.title)}")
    if draft.short_title:
        out.append(f"short_title: {_s(draft.short_title)}")
    if draft.subtitle:
        out.append(f"subtitle: {_s(draft.subtitle)}")
    if draft.authors:
        out.append(f"authors: {_flow(draft.authors)}")
    if draft.date:
        out.append(f"date: {_s(draft.date)}")
    if draft.source:
        label, url = draft.source
        out.append("source:")
        out.append(f"  label: {_s(label)}")
        if url:
            out.append(f"  url: {_s(url)}")
    if draft.subject:
        out.append(f"subject: {_s(draft.subject)}")
    if draft.keywords:
        out.append(f"keywords: {_flow(draft.keywords)}")
    out += ["theme: paper", "overflow: continue", "", "slides:"]
    for slide in draft.slides:
        out += _emit_slide(slide)
    return "\n".join(out) + "\n"


def _emit_comment(c: _Comment, pad: str) -> list[str]:
    """Return the YAML comment lines of ``c``, indented by ``pad``."""
    return [f"{pad}# {_comment(ln)}".rstrip() for ln in c.lines]


def _emit_slide(slide: _Slide) -> list[str]:
    """Return the YAML lines of one slide (an item of ``slides:``), then a blank line."""
    out = [f"  - layout: {slide.layout}"]
    pad = "    "
    if slide.title is not None:
        out.append(f"{pad}title: {_s(slide.title)}")
    if slide.layout == "question":
        out.append(f"{pad}question: {_s(slide.question or '')}")
    elif slide.layout == "quote":
        out.append(f"{pad}quote: {_s(slide.quote or '')}")
        if slide.attribution:
            out.append(f"{pad}attribution: {_s(slide.attribution)}")
    bullets = [b for b in slide.body if isinstance(b, _Bullet)]
    if bullets:
        out.append(f"{pad}bullets:")
        for item in slide.body:
            if isinstance(item, _Comment):
                out += _emit_comment(item, pad + "  ")
            elif item.subs:
                out.append(f"{pad}  - text: {_s(item.text)}")
                out.append(f"{pad}    bullets:")
                out += [f"{pad}      - {_s(sub)}" for sub in item.subs]
            else:
                out.append(f"{pad}  - {_s(item.text)}")
    else:
        for item in slide.body:
            if isinstance(item, _Comment):
                out += _emit_comment(item, pad)
    if slide.table is not None:
        t = slide.table
        out.append(f"{pad}table:")
        out.append(f"{pad}  columns: {_flow(t.columns)}")
        out.append(f"{pad}  rows:")
        out += [f"{pad}    - {_flow(row)}" for row in t.rows]
        if t.align:
            out.append(f"{pad}  align: {_flow(t.align)}")
    out.append("")
    return out


# --- entry points --------------------------------------------------------------------------------


# Characters a slide cannot show (and XML cannot hold); line separators become spaces.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff]")
_LINE_SEPARATORS = ("\x0b", "\x0c", "\x85", "\u2028", "\u2029")


def import_markdown(text: str, *, source_name: str = "notes.md") -> ImportResult:
    """Return the deck spec (YAML text) made from Markdown notes, and the warnings.

    A slide brief (``## Slide N: Title`` sections) and plain notes are told apart
    automatically. The YAML always validates against :class:`deckgen.spec.Deck`; what could
    not be carried over (code, display math, unmapped style requests) is kept as YAML
    comments and reported in ``warnings`` with its line in ``text``.
    """
    warn = _Warnings()
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines: list[str] = []
    for n, line in enumerate(text.split("\n"), 1):
        lead = len(line) - len(line.lstrip(" \t"))
        fixed, repairs = repair_mojibake(line[:lead].expandtabs(4) + line[lead:])
        if repairs:
            shown = ", ".join(f"'{bad}' → '{good}'" for bad, good in repairs)
            warn(n, f"repaired mis-decoded text {shown}")
        clean = _CONTROL.sub(lambda m: " " if m.group() in _LINE_SEPARATORS else "", fixed)
        if clean != fixed:
            warn(n, "control characters were removed")
        lines.append(clean)
    draft = (
        _brief(lines, source_name, warn) if _is_brief(lines) else _plain(lines, source_name, warn)
    )
    if not draft.title.strip():
        draft.title = _title_from_name(source_name)
    title = _shorten(draft.title, DECK_TITLE_CHARS)
    if title != draft.title:
        warn(1, f"deck title shortened to {DECK_TITLE_CHARS} characters so that it fits")
        draft.title = title
    if len(draft.title) > FOOTER_CHARS:
        # the footer repeats the title: use the part before a colon, or a shortened title
        head = draft.title.split(":", 1)[0].strip()
        short = head if ":" in draft.title and 0 < len(head) <= FOOTER_CHARS - 10 else None
        draft.short_title = short or _shorten(draft.title, FOOTER_CHARS - 10)
    warnings = sorted(warn.items, key=lambda w: w[0])
    return ImportResult(_emit(draft, source_name), warnings)


#: The largest notes file read.
MAX_NOTES_BYTES = 8 * 1024 * 1024


def import_file(path: Path) -> ImportResult:
    """Return :func:`import_markdown` of the file at ``path`` (named by its file name).

    The file is read as UTF-8; a file that is not valid UTF-8 is read as cp1252 (latin-1
    for bytes cp1252 leaves undefined), with a warning on the line of the first byte that
    is not UTF-8. Raises :class:`~deckgen.confine.Refused` when the file is missing, not a
    regular file (a FIFO or a device would hang or never end) or larger than
    MAX_NOTES_BYTES; the limit holds while reading.
    """
    from deckgen.confine import read_regular

    data = read_regular(path, MAX_NOTES_BYTES, str(path))
    try:
        text = data.decode("utf-8-sig")
        note = None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        text = data.decode("latin-1").translate(_CP1252_FROM_LATIN1).removeprefix("\ufeff")
        note = (line, "the file is not valid UTF-8; it was read as cp1252")
    result = import_markdown(text, source_name=path.name)
    if note is None:
        return result
    return ImportResult(result.yaml_text, sorted([note, *result.warnings], key=lambda w: w[0]))


# latin-1 decodes every byte; this maps the C1 range to what cp1252 decodes it to.
_CP1252_FROM_LATIN1 = {b: ch for ch, b in _BYTE.items() if b < 0xA0 and ord(ch) != b}
