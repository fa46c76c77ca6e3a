"""The neutral, comparable model of a presentation that :mod:`deckgen.review.reader` reads
from any .pptx file (deckgen's own or one saved by PowerPoint).

Everything here is plain, frozen data in reading order, without geometry or styling: what a
reviewer, a diff or an accessibility check compares. Two decks that say the same things on
the same slides give equal models.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of text: its words and its outline level (0 for top-level text)."""

    text: str
    level: int = 0


@dataclass(frozen=True)
class Table:
    """A table's cell texts, row by row (the header row first, as written)."""

    name: str
    rows: tuple[tuple[str, ...], ...]
    alt: str = ""


@dataclass(frozen=True)
class Series:
    """One chart series: its name and one value per category (None where the cache has none)."""

    name: str
    values: tuple[float | None, ...]


@dataclass(frozen=True)
class Chart:
    """A chart's data as cached in its chart part: type, categories and series."""

    name: str
    kind: str  # "bar", "column", "line", "pie", "doughnut", "area", "scatter", …
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    alt: str = ""


@dataclass(frozen=True)
class Picture:
    """A picture, known by the SHA-256 of its image part."""

    name: str
    sha256: str
    content_type: str
    alt: str = ""


@dataclass(frozen=True)
class Equation:
    """An Office Math equation: its linear text (the OMML's characters) and its alt text."""

    text: str
    alt: str = ""

    @property
    def shown(self) -> str:
        """Return how the equation reads: its alt text (a linear form, when the file has
        one) or else its characters."""
        return self.alt or self.text


@dataclass(frozen=True)
class Edge:
    """A connector glued at both ends: from one node's text to another's."""

    source: str
    target: str


@dataclass(frozen=True)
class ShapeInfo:
    """One shape in reading order, as an accessibility check sees it.

    ``kind`` is title, text, footer, equation, table, chart, picture, graphic (another
    graphic frame, such as SmartArt), connector or shape (no text: an icon, a panel, a
    rule); ``decorative`` is PowerPoint's "mark as decorative".
    """

    kind: str
    name: str
    alt: str = ""
    text: str = ""
    decorative: bool = False


@dataclass(frozen=True)
class SlideModel:
    """One slide as a reader sees it.

    ``paragraphs`` holds the body text in reading order (the title, the footer and diagram
    node labels apart); ``nodes`` are the labels of shapes that connectors join, in reading order;
    ``composition`` is the deckgen layout the slide was made with, when known (only a deck
    built from its spec knows it: a .pptx does not record it).
    """

    number: int  # 1-based position in the deck
    title: str = ""
    paragraphs: tuple[Paragraph, ...] = ()
    tables: tuple[Table, ...] = ()
    charts: tuple[Chart, ...] = ()
    nodes: tuple[str, ...] = ()
    edges: tuple[Edge, ...] = ()
    pictures: tuple[Picture, ...] = ()
    equations: tuple[Equation, ...] = ()
    notes: str = ""
    footer: tuple[str, ...] = ()  # footer, date and slide-number text (repeated on every slide)
    layout: str = ""  # the slide layout's name in the file ("Title Only", "Blank", …)
    composition: str | None = None
    hidden: bool = False
    #: Every shape in reading order (not compared: its content is in the fields above).
    shapes: tuple[ShapeInfo, ...] = field(default=(), compare=False)

    def content_key(self) -> tuple[object, ...]:
        """Return everything that is compared, without the slide's position: equal keys
        mean the two slides show and say the same things."""
        return (
            self.title,
            self.paragraphs,
            self.tables,
            self.charts,
            self.nodes,
            self.edges,
            self.pictures,
            self.equations,
            self.notes,
            self.footer,
            self.layout,
            self.composition,
            self.hidden,
        )


@dataclass(frozen=True)
class DeckModel:
    """A whole presentation: its slides in order and the slide size in EMU."""

    slides: tuple[SlideModel, ...] = field(default_factory=tuple)
    width: int = 0
    height: int = 0


def iter_text(model: SlideModel) -> Iterator[str]:
    """Yield every piece of visible text on a slide (title, body, cells, chart labels,
    node labels, equations) in reading order; used for similarity and search."""
    if model.title:
        yield model.title
    for p in model.paragraphs:
        yield p.text
    for t in model.tables:
        for row in t.rows:
            yield from row
    for c in model.charts:
        if c.title:
            yield c.title
        yield from c.categories
        yield from (s.name for s in c.series)
    yield from model.nodes
    for e in model.equations:
        yield e.text
