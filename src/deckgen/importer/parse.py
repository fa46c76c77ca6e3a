"""Markdown → a neutral outline: headings, paragraphs, lists, tables, code, math and quotes,
each with the line it starts on in the original notes.

Parsing is markdown-it-py (CommonMark, plus GFM tables, ``$…$``/``$$…$$`` math, ``\\(…\\)``/
``\\[…\\]`` math and ``\\begin{…}`` environments from mdit-py-plugins). Inline content is
turned into deck markup (``**bold**``, ``*italic*``, `` `code` ``, ``[text](url)``,
``$math$``); what a slide cannot show (HTML, pictures) is dropped with a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.amsmath import amsmath_plugin
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.texmath import texmath_plugin

from deckgen.importer.draft import Warnings

__all__ = [
    "Block",
    "Code",
    "Figure",
    "Heading",
    "Item",
    "ListBlock",
    "Math",
    "Para",
    "Quote",
    "Table",
]

INLINE_MATH = "inline math deckgen cannot typeset; kept as LaTeX source in `code`"
MAX_COLUMNS = 12  # spec.TABLE_COLUMNS


@dataclass
class Heading:
    """A heading."""

    line: int
    level: int
    text: str


@dataclass
class Para:
    """A paragraph: its text and its source lines (joined by spaces in ``text``)."""

    line: int
    text: str
    lines: list[str] = field(default_factory=list)


@dataclass
class Item:
    """A list item: its text and its second-level items (or further paragraphs)."""

    text: str
    subs: list[str] = field(default_factory=list)
    line: int = 0


@dataclass
class ListBlock:
    """A list (bulleted or numbered) of items."""

    line: int
    items: list[Item]


@dataclass
class Table:
    """A table: header cells, rows and (when the Markdown set it) alignment per column."""

    line: int
    columns: list[str]
    rows: list[list[str]]
    align: list[str] | None


@dataclass
class Code:
    """A code listing: fenced, indented, or found unfenced in the notes (``detected``)."""

    line: int
    end: int
    language: str
    source: str
    detected: bool = False


@dataclass
class Math:
    """Display math (LaTeX without its delimiters)."""

    line: int
    end: int
    latex: str


@dataclass
class Figure:
    """A paragraph that is only a picture: its address as written, alt text and title."""

    line: int
    src: str
    alt: str
    title: str | None


@dataclass
class Quote:
    """A block quote and its attribution (a last line '— Who')."""

    line: int
    text: str
    attribution: str | None


Block = Heading | Para | ListBlock | Table | Code | Math | Quote | Figure


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    """Return the CommonMark parser with tables and the math plugins."""
    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    # pandoc's rule for '$': no space inside, no digit after the closing one ("$5 and $10")
    md.use(
        dollarmath_plugin,
        allow_space=False,
        allow_digits=False,
        double_inline=True,
        allow_blank_lines=False,  # an unclosed '$$' must not swallow the rest of the notes
    )
    md.use(texmath_plugin, delimiters="brackets")
    md.use(amsmath_plugin)
    return md


class Outline:
    """Turns Markdown lines into blocks; ``origin[i]`` is the notes' line of ``lines[i]``."""

    def __init__(
        self,
        lines: list[str],
        origin: list[int],
        warn: Warnings,
        *,
        raw: bool,
        detected: frozenset[int] = frozenset(),
    ) -> None:
        self.lines = lines
        self.origin = origin
        self.warn = warn
        self.raw = raw  # slide briefs: text exactly as written, no inline conversion
        self.detected = detected  # indexes of fences the web-copy repair added
        self.nested: list[Block] = []  # visuals found inside list items, shown after the list

    def line(self, index: int) -> int:
        """Return the line in the notes of Markdown line ``index`` (0-based)."""
        if not self.origin:
            return 1
        return self.origin[min(max(index, 0), len(self.origin) - 1)]

    def blocks(self) -> list[Block]:
        """Return the blocks of the document, in order."""
        tokens = _parser().parse("\n".join(self.lines) + "\n")
        for token in tokens:
            # Inline content stays a flat run of tokens: emphasis nested thousands deep
            # would otherwise nest tree nodes as deep (and exhaust the recursion limit).
            if token.type == "inline":
                token.meta = {**token.meta, "runs": token.children or []}
                token.children = []
        root = SyntaxTreeNode(tokens)
        out: list[Block] = []
        last = 0
        for node in root.children:
            start = node.map[0] if node.map else self._find_start(node, last)
            end = node.map[1] if node.map else start + 1 + node.content.count("\n")
            block = self._block(node, start, end)
            if block is not None:
                out.append(block)
            out += self.nested
            self.nested = []
            last = end
        return out

    def _find_start(self, node: SyntaxTreeNode, after: int) -> int:
        """Return the index of the line where a block without a source map starts (the
        bracket math plugin gives none): the first non-blank line from ``after``."""
        k = after
        while k < len(self.lines) and not self.lines[k].strip():
            k += 1
        return k

    def _block(self, node: SyntaxTreeNode, start: int, end: int) -> Block | None:
        """Return the block of one top-level node, or None when it shows nothing."""
        line = self.line(start)
        kind = node.type
        if kind == "heading":
            return Heading(line, int(node.tag[1:]), self.inline(node.children[0], line))
        if kind == "paragraph":
            return self._figure(node, line) or self._para(node, line)
        if kind in ("bullet_list", "ordered_list"):
            items = self._items(node, line, depth=1)
            return ListBlock(line, items) if items else None
        if kind == "table":
            return self._table(node, line)
        if kind in ("fence", "code_block"):
            info = node.info.strip().split()
            language = info[0] if info else ""
            source = node.content.rstrip("\n")
            if language.lower() in ("math", "latex", "tex"):
                return Math(line, self.line(end - 1), source.strip())
            detected = start in self.detected
            return Code(line, self.line(end - 1), language, source, detected=detected)
        if kind in ("math_block", "math_block_label", "math_block_eqno"):
            return Math(line, self.line(end - 1), node.content.strip())
        if kind == "amsmath":
            return Math(line, self.line(end - 1), node.content.strip())
        if kind == "blockquote":
            return self._quote(node, line)
        if kind == "html_block":
            text = re.sub(r"<[^>]*>", "", node.content).strip()
            if text:
                return Para(line, text, [text])
            if not re.search(r"<!--", node.content):
                self.warn(line, "HTML without text was dropped")
        return None  # hr, comments

    def _figure(self, node: SyntaxTreeNode, line: int) -> Figure | None:
        """Return the picture of a paragraph that holds only one, else None."""
        if self.raw:
            return None
        runs = [t for t in _runs_of(node.children[0]) if t.type != "softbreak"]
        runs = [t for t in runs if not (t.type == "text" and not t.content.strip())]
        if len(runs) != 1 or runs[0].type != "image":
            return None
        image = runs[0]
        title = str(image.attrs.get("title", "")).strip() or None
        return Figure(line, str(image.attrs.get("src", "")), image.content.strip(), title)

    def _para(self, node: SyntaxTreeNode, line: int) -> Para | None:
        """Return a paragraph block, or None when nothing of it can be shown."""
        inline = node.children[0]
        if self.raw:
            parts = [p.strip() for p in inline.content.split("\n")]
        else:
            parts = [p.strip() for p in self.inline(inline, line, breaks="\n").split("\n")]
        parts = [p for p in parts if p]
        if not parts:
            runs = _runs_of(inline)
            if not any(c.type == "image" for c in runs) and any(
                c.type == "html_inline" for c in runs
            ):
                self.warn(line, "HTML without text was dropped")
            return None
        return Para(line, " ".join(parts), parts)

    def _items(self, node: SyntaxTreeNode, line: int, depth: int) -> list[Item]:
        """Return the items of a list; deeper levels are flattened into ``subs``."""
        items: list[Item] = []
        for li in node.children:
            texts: list[str] = []
            subs: list[str] = []
            if self.raw and li.map and (not li.children or li.children[0].type != "paragraph"):
                # a brief's bullet is its text, even when it looks like other Markdown
                items.append(Item(self._raw_item(li), [], self.line(li.map[0])))
                continue
            for child in li.children:
                where = self.line(child.map[0]) if child.map else line
                if child.type == "paragraph":
                    para = self._para(child, where)
                    if para is not None:
                        texts.append(para.text)
                elif child.type in ("bullet_list", "ordered_list"):
                    if depth >= 2:
                        self.warn(where, "list nested deeper than two levels; flattened to two")
                    for sub in self._items(child, where, depth + 1):
                        subs.append(sub.text)
                        subs.extend(sub.subs)
                elif child.map and (block := self._block(child, *child.map)) is not None:
                    if isinstance(block, Heading | Para):
                        texts.append(block.text)
                    else:  # code, math, a table or a quote in an item: shown after the list
                        self.nested.append(block)
            if not texts and not subs:
                continue
            head = texts[0] if texts else subs.pop(0)
            # further paragraphs of a loose item (an answer under its question) come first
            where = self.line(li.map[0]) if li.map else line
            items.append(Item(head, [*texts[1:], *subs], where))
        return items

    def _raw_item(self, li: SyntaxTreeNode) -> str:
        """Return the text of a list item's first line after its marker, as written."""
        assert li.map is not None
        text = self.lines[li.map[0]].strip()
        return re.sub(r"^(?:[-*+]|\d{1,9}[.)])[ \t]?", "", text, count=1).strip()

    def _table(self, node: SyntaxTreeNode, line: int) -> Table:
        """Return a table block (columns past twelve are dropped with a warning)."""
        rows: list[list[str]] = []
        align: list[str] = []
        for section in node.children:
            for tr in section.children:
                cells = []
                for cell in tr.children:
                    text = self.inline(cell.children[0], line) if cell.children else ""
                    cells.append(text)
                    if section.type == "thead":
                        style = str(cell.attrs.get("style", ""))
                        m = re.search(r"text-align:(\w+)", style)
                        align.append(m.group(1) if m else "auto")
                rows.append(cells)
        columns, body = rows[0], rows[1:]
        if len(columns) > MAX_COLUMNS:
            self.warn(
                line, f"table has {len(columns)} columns; only the first {MAX_COLUMNS} were kept"
            )
            columns, align = columns[:MAX_COLUMNS], align[:MAX_COLUMNS]
            body = [r[:MAX_COLUMNS] for r in body]
        explicit = None if all(a == "auto" for a in align) else align
        return Table(line, columns, body, explicit)

    def _quote(self, node: SyntaxTreeNode, line: int) -> Quote | None:
        """Return a quote block; a last line starting with a dash is its attribution."""
        parts: list[str] = []
        for child in node.children:
            if child.type == "paragraph":
                where = self.line(child.map[0]) if child.map else line
                para = self._para(child, where)
                if para is not None:
                    parts.extend(para.lines)
            elif child.type in ("bullet_list", "ordered_list"):
                parts.extend(it.text for it in self._items(child, line, depth=1))
            elif child.type == "blockquote" and (inner := self._quote(child, line)):
                parts.append(inner.text)
        attribution = None
        if len(parts) > 1 and (m := re.match(r"^(?:—|–|--|~)\s*(\S.*)$", parts[-1])):
            attribution = m.group(1)
            parts.pop()
        text = " ".join(parts)
        return Quote(line, text, attribution) if text else None

    # --- inline ------------------------------------------------------------------------

    def inline(self, node: SyntaxTreeNode, line: int, breaks: str = " ") -> str:
        """Return an inline node as deck markup (soft line breaks become ``breaks``)."""
        if self.raw:
            return " ".join(p.strip() for p in node.content.split("\n")).strip()
        notes: list[str] = []
        out = self._runs(_runs_of(node), notes, breaks)
        for note in dict.fromkeys(notes):
            self.warn(line, note)
        text = re.sub(r"[ \t]{2,}", " ", out)
        return "\n".join(p.strip() for p in text.split("\n")).strip()

    def _runs(self, tokens: list[Token], notes: list[str], breaks: str) -> str:
        """Return the deck markup of a flat run of inline tokens."""
        out: list[str] = []
        links: list[tuple[int, str]] = []  # (where the link text starts in out, href)
        for t in tokens:
            kind = t.type
            if kind == "text":
                out.append(_escape(_SHORTCODE.sub("", t.content)))
            elif kind in ("softbreak", "hardbreak"):
                out.append(breaks)
            elif kind == "code_inline":
                out.append(f"`{t.content}`" if "`" not in t.content else t.content)
            elif kind in ("strong_open", "strong_close"):
                out.append("**")
            elif kind in ("em_open", "em_close"):
                out.append("*")
            elif kind == "link_open":
                links.append((len(out), str(t.attrs.get("href", ""))))
            elif kind == "link_close" and links:
                start, href = links.pop()
                label = "".join(out[start:]).strip()
                del out[start:]
                if label and re.match(r"^(?:https?|mailto):", href) and "]" not in label:
                    out.append(f"[{label}]({href})")
                else:
                    out.append(label)  # other schemes (javascript:) are not carried over
            elif kind == "image":
                alt = t.content or "without alt text"
                notes.append(f"image '{alt}' was not imported")
            elif kind in ("math_inline", "math_inline_double"):
                out.append(self._math(t.content.strip(), notes))
        return "".join(out)

    def _math(self, latex: str, notes: list[str]) -> str:
        """Return inline math as deck ``$…$`` math, or as a code span (with a warning) when
        deckgen cannot typeset it."""
        from deckgen.equations import EquationError
        from deckgen.layout.inline_math import flatten

        if not latex or "`" in latex:
            return latex
        try:
            flatten(latex)
        except EquationError:
            notes.append(INLINE_MATH)
            return f"`{latex}`"
        return "$" + latex.replace("$", "\\$") + "$"


def _runs_of(node: SyntaxTreeNode) -> list[Token]:
    """Return the inline tokens of an inline node (kept flat in its token's meta)."""
    token = node.token
    return list(token.meta.get("runs", [])) if token is not None else []


# Font Awesome shortcodes of some blog themes (':(fas fa-building fa-fw):')
_SHORTCODE = re.compile(r":\(fa[a-z]?\s[^)]*\):")


def _escape(text: str) -> str:
    """Return plain text with the characters deck markup reads as markup escaped."""
    return re.sub(r"([\\`*$])", r"\\\1", text)
