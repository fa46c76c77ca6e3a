"""The draft deck: slides in the fields of their layouts, before they are written as YAML.

Builders (``brief``, ``notes``) fill a :class:`Draft`; ``emit`` writes it. Every slide can
carry ``why``: comment lines saying what in the Markdown it came from and how it was
converted, which the YAML keeps above the slide for whoever edits it next.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Limits of deckgen.spec that the importer keeps to.
MAX_BULLETS = 40  # spec.BulletsSlide.bullets
MAX_TEXT = 20_000  # spec.Text
TITLE_CHARS = 110  # slide titles (one line less than the title box holds)


@dataclass
class Bullet:
    """A bullet: its text (deck markup) and second-level bullets."""

    text: str
    subs: list[str] = field(default_factory=list)
    icon: str | None = None


@dataclass(frozen=True)
class TableData:
    """A table: header cells, rows and (when the Markdown set it) alignment per column."""

    columns: list[str]
    rows: list[list[str]]
    align: list[str] | None = None


@dataclass(frozen=True)
class StatData:
    """A big number: its value, what it counts, and the value it grew from."""

    value: str
    label: str | None = None
    before: str | None = None


@dataclass(frozen=True)
class ChartData:
    """A horizontal bar chart of one series: a category and a value per bar."""

    categories: list[str]
    values: list[float]
    name: str
    unit: str = ""


@dataclass(frozen=True)
class CodeData:
    """A code listing and its Pygments language name."""

    source: str
    language: str
    first_line: int = 0  # number of the first line when lines are numbered (0: not numbered)


@dataclass
class Slide:
    """A slide of the draft, in the fields of the layout it will be written as."""

    layout: str
    title: str | None = None
    bullets: list[Bullet] = field(default_factory=list)
    table: TableData | None = None
    code: CodeData | None = None
    equations: list[tuple[str, str | None]] = field(default_factory=list)  # (latex, caption)
    image: tuple[str, str, str | None] | None = None  # (path from the deck, alt, caption)
    stat: StatData | None = None
    chart: ChartData | None = None
    flow: list[tuple[str, str | None]] = field(default_factory=list)  # (label, caption)
    placement: str | None = None
    question: str | None = None
    quote: str | None = None
    attribution: str | None = None
    statement: str | None = None
    caption: str | None = None
    points: list[str] = field(default_factory=list)
    items: list[tuple[str, str]] = field(default_factory=list)  # qa: (question, answer)
    subtitle: str | None = None
    notes: list[str] = field(default_factory=list)  # paragraphs of the speaker notes
    why: list[str] = field(default_factory=list)  # comment lines above the slide

    def has_visual(self) -> bool:
        """Return True when the slide carries a visual: a table, code, an equation, a
        picture, a big number, a chart or a flow diagram."""
        visuals = (self.table, self.code, self.image, self.stat, self.chart)
        return any(v is not None for v in visuals) or bool(self.equations or self.flow)


@dataclass
class Draft:
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
    slides: list[Slide] = field(default_factory=list)


class Warnings:
    """Collects ``(line, message)`` warnings, each once."""

    def __init__(self) -> None:
        self.items: list[tuple[int, str]] = []

    def __call__(self, line: int, message: str) -> None:
        """Record a warning at ``line`` (a repeat of the same warning is dropped)."""
        if (line, message) not in self.items:
            self.items.append((line, message))


def shorten(text: str, limit: int) -> str:
    """Return ``text`` cut at a word boundary to at most ``limit`` characters, with '…'."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:-–—") + "…"


def clip(text: str, line: int, warn: Warnings) -> str:
    """Return ``text`` cut to the schema's longest text, with a warning when it was cut."""
    if len(text) <= MAX_TEXT:
        return text
    warn(line, f"text longer than {MAX_TEXT} characters was cut")
    return text[: MAX_TEXT - 1] + "…"


_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[\"“(\[*A-Z0-9])")


def sentences(text: str) -> list[str]:
    """Return ``text`` split into sentences (at '.', '!', '?' followed by a capital)."""
    return [s for s in _SENTENCE_END.split(text.strip()) if s]


def lines_label(first: int, last: int) -> str:
    """Return 'line N' or 'lines N–M'."""
    return f"line {first}" if first == last else f"lines {first}–{last}"
