"""Comparing two :class:`~deckgen.review.model.DeckModel` s: what changed on which slide.

:func:`diff_decks` pairs the slides (:mod:`deckgen.review.match`) and lists, per pair, the
changes a reviewer reads: title and text (word by word), table cells, chart series and
values, diagram nodes and edges, pictures (by content hash), equations, speaker notes,
layout and composition. Slides that did not change are not listed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Literal

from deckgen.review.match import match_slides
from deckgen.review.model import (
    Chart,
    DeckModel,
    Paragraph,
    Picture,
    Series,
    SlideModel,
    Table,
)
from deckgen.units import Emu, to_inches

Status = Literal["changed", "inserted", "removed", "moved"]
Op = Literal["changed", "added", "removed", "moved"]
#: A word-level diff: ("=", kept words), ("-", removed words), ("+", added words).
Segment = tuple[Literal["=", "-", "+"], str]

_TOKEN = re.compile(r"\S+")
#: Paragraphs at least this alike are one edited paragraph, not one removed and one added.
SAME_PARAGRAPH = 0.4


@dataclass(frozen=True)
class Change:
    """One difference on a slide.

    ``kind`` is what changed (title, text, table, chart, diagram, picture, equation, notes,
    footer, layout, composition, hidden); ``op`` is changed, added, removed, or moved (an
    item of a list, such as a bullet, now elsewhere in it); ``where`` names the element when
    the kind alone does not ("chart 'Results', series 'A', MATH"); ``words`` is the
    word-level diff of a changed text.
    """

    kind: str
    op: Op
    old: str | None = None
    new: str | None = None
    where: str = ""
    words: tuple[Segment, ...] = ()

    @property
    def label(self) -> str:
        """Return what the change is about, as a report names it."""
        return self.where or self.kind


@dataclass(frozen=True)
class SlideDiff:
    """A slide that differs: its positions (1-based; None where it does not exist), the
    title a reader knows it by, and its changes."""

    status: Status
    old: int | None
    new: int | None
    title: str
    changes: tuple[Change, ...] = ()
    location: str | None = None  # "deck.yaml:12" when the slide's spec is known


@dataclass(frozen=True)
class DeckDiff:
    """The differences between two decks."""

    old_label: str
    new_label: str
    old_slides: int
    new_slides: int
    slides: tuple[SlideDiff, ...] = field(default_factory=tuple)
    presentation: tuple[Change, ...] = ()  # changes to the whole deck (slide size)

    @property
    def identical(self) -> bool:
        """Return True when nothing differs."""
        return not self.slides and not self.presentation

    def counts(self) -> dict[str, int]:
        """Return how many slides changed, were inserted, removed, moved and unchanged."""
        out = {k: 0 for k in ("changed", "inserted", "removed", "moved")}
        for s in self.slides:
            out[s.status] += 1
        out["unchanged"] = self.new_slides - out["changed"] - out["inserted"] - out["moved"]
        return out


def diff_decks(
    old: DeckModel,
    new: DeckModel,
    old_label: str = "old",
    new_label: str = "new",
    *,
    old_locations: Sequence[str | None] = (),
    new_locations: Sequence[str | None] = (),
) -> DeckDiff:
    """Return the slide-by-slide differences from ``old`` to ``new``.

    ``*_locations`` (optional, one per slide) name where each slide comes from, such as
    ``deck.yaml:12``; the report carries them.
    """

    def where(locations: Sequence[str | None], index: int) -> str | None:
        return locations[index] if index < len(locations) else None

    out: list[SlideDiff] = []
    for pair in match_slides(old.slides, new.slides):
        if pair.new is None:
            assert pair.old is not None
            gone = old.slides[pair.old]
            out.append(
                SlideDiff(
                    "removed",
                    pair.old + 1,
                    None,
                    gone.title,
                    tuple(compare_slides(gone, SlideModel(0), content_only=True)),
                    where(old_locations, pair.old),
                )
            )
        elif pair.old is None:
            made = new.slides[pair.new]
            out.append(
                SlideDiff(
                    "inserted",
                    None,
                    pair.new + 1,
                    made.title,
                    tuple(compare_slides(SlideModel(0), made, content_only=True)),
                    where(new_locations, pair.new),
                )
            )
        else:
            a, b = old.slides[pair.old], new.slides[pair.new]
            changes = tuple(compare_slides(a, b))
            if changes or pair.moved:
                status: Status = "moved" if pair.moved else "changed"
                out.append(
                    SlideDiff(
                        status,
                        pair.old + 1,
                        pair.new + 1,
                        b.title or a.title,
                        changes,
                        where(new_locations, pair.new),
                    )
                )
    whole = []
    if (old.width, old.height) != (new.width, new.height):
        whole.append(Change("size", "changed", deck_size(old), deck_size(new), "slide size"))
    return DeckDiff(
        old_label, new_label, len(old.slides), len(new.slides), tuple(out), tuple(whole)
    )


def deck_size(deck: DeckModel) -> str:
    """Return a deck's slide size as a reader says it: '13.33 × 7.5 in'."""
    w, h = to_inches(Emu(deck.width)), to_inches(Emu(deck.height))
    return f"{w:.4g} × {h:.4g} in"


def compare_slides(a: SlideModel, b: SlideModel, *, content_only: bool = False) -> list[Change]:
    """Return the changes from slide ``a`` to slide ``b``; ``content_only`` leaves out
    footer, layout, composition and visibility (for a slide compared with nothing)."""
    out: list[Change] = []
    if a.title != b.title:
        out.append(_text_change("title", a.title, b.title))
    out.extend(_paragraphs(a.paragraphs, b.paragraphs))
    out.extend(_tables(a.tables, b.tables))
    out.extend(_charts(a.charts, b.charts))
    out.extend(_diagram(a, b))
    out.extend(_pictures(a, b))
    equations = _lists("equation", [e.shown for e in a.equations], [e.shown for e in b.equations])
    if not equations and a.equations != b.equations:  # the same alt text over other math
        equations = _lists("equation", [e.text for e in a.equations], [e.text for e in b.equations])
    out.extend(equations)
    if a.notes != b.notes:
        out.append(_text_change("notes", a.notes, b.notes))
    if content_only:
        return out
    out.extend(_lists("footer", a.footer, b.footer))
    if a.layout != b.layout:
        out.append(Change("layout", "changed", a.layout, b.layout))
    if a.composition is not None and b.composition is not None and a.composition != b.composition:
        out.append(Change("composition", "changed", a.composition, b.composition))
    if a.hidden != b.hidden:
        out.append(Change("hidden", "changed", _yes(a.hidden), _yes(b.hidden)))
    return out


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def word_diff(old: str, new: str) -> tuple[Segment, ...]:
    """Return the word-level diff of two texts: runs of kept, removed and added words."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    out: list[Segment] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            out.append(("=", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(("-", " ".join(a[i1:i2])))
        if j2 > j1:
            out.append(("+", " ".join(b[j1:j2])))
    return tuple(out)


def _text_change(kind: str, old: str, new: str, where: str = "") -> Change:
    if not old:
        return Change(kind, "added", None, new, where)
    if not new:
        return Change(kind, "removed", old, None, where)
    return Change(kind, "changed", old, new, where, word_diff(old, new))


def _alike(a: str, b: str) -> float:
    """Return how alike two texts are, word by word, ignoring case (0 to 1)."""
    words_a, words_b = _TOKEN.findall(a.lower()), _TOKEN.findall(b.lower())
    return SequenceMatcher(None, words_a, words_b, autojunk=False).ratio()


def _lists(kind: str, old: Sequence[str], new: Sequence[str], where: str = "") -> list[Change]:
    """Return the changes between two lists of texts: edited items word by word, the rest
    as added or removed."""
    out: list[Change] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        gone, made = list(old[i1:i2]), list(new[j1:j2])
        # Pair edited items in order while they stay alike; what is left was removed/added.
        while gone and made and _alike(gone[0], made[0]) >= SAME_PARAGRAPH:
            out.append(_text_change(kind, gone.pop(0), made.pop(0), where))
        out.extend(Change(kind, "removed", g, None, where) for g in gone)
        out.extend(Change(kind, "added", None, m, where) for m in made)
    return _moves(out)


def _moves(changes: list[Change]) -> list[Change]:
    """Return ``changes`` with each item removed in one place and added unchanged in another
    reported once, as moved (where it now is)."""
    removed = Counter(c.old for c in changes if c.op == "removed")
    added = Counter(c.new for c in changes if c.op == "added")
    skip, move = removed & added, removed & added
    out: list[Change] = []
    for c in changes:
        if c.op == "removed" and skip[c.old]:
            skip[c.old] -= 1
        elif c.op == "added" and move[c.new]:
            move[c.new] -= 1
            out.append(Change(c.kind, "moved", c.new, c.new, c.where))
        else:
            out.append(c)
    return out


def _paragraphs(old: Sequence[Paragraph], new: Sequence[Paragraph]) -> list[Change]:
    out = _lists("text", [p.text for p in old], [p.text for p in new])
    if out or [p.level for p in old] == [p.level for p in new]:
        return out
    # Same words, different outline levels.
    return [
        Change("text", "changed", a.text, b.text, f"text (level {a.level} → {b.level})")
        for a, b in zip(old, new, strict=True)
        if a.level != b.level
    ]


def _tables(old: Sequence[Table], new: Sequence[Table]) -> list[Change]:
    out: list[Change] = []
    for k in range(max(len(old), len(new))):
        name = f"table {k + 1}"
        if k >= len(old):
            out.extend(Change("table", "added", None, _row(r), name) for r in new[k].rows)
        elif k >= len(new):
            out.extend(Change("table", "removed", _row(r), None, name) for r in old[k].rows)
        else:
            out.extend(_table(old[k], new[k], name))
    return out


def _row(cells: Sequence[str]) -> str:
    return " | ".join(cells)


def _table(a: Table, b: Table, name: str) -> list[Change]:
    out: list[Change] = []
    header = b.rows[0] if b.rows else ()
    ops = SequenceMatcher(None, a.rows, b.rows, autojunk=False).get_opcodes()
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            continue
        if tag == "replace" and i2 - i1 == j2 - j1:
            for r, (ra, rb) in enumerate(zip(a.rows[i1:i2], b.rows[j1:j2], strict=True), j1 + 1):
                if len(ra) != len(rb):
                    out.append(Change("table", "changed", _row(ra), _row(rb), f"{name}, row {r}"))
                    continue
                for c, (ca, cb) in enumerate(zip(ra, rb, strict=True)):
                    if ca != cb:
                        column = header[c] if c < len(header) and header[c] else f"column {c + 1}"
                        where = f"{name}, row {r}, {column}"
                        out.append(Change("table", "changed", ca, cb, where))
            continue
        out.extend(
            Change("table", "removed", _row(row), None, f"{name}, row {r}")
            for r, row in enumerate(a.rows[i1:i2], i1 + 1)
        )
        out.extend(
            Change("table", "added", None, _row(row), f"{name}, row {r}")
            for r, row in enumerate(b.rows[j1:j2], j1 + 1)
        )
    return out


def format_number(value: float | None) -> str:
    """Return a chart value as a reviewer writes it: 83.1, 85 (no trailing .0), or '–'."""
    if value is None:
        return "–"
    return f"{value:g}" if abs(value) < 1e15 else repr(value)


def _chart_name(chart: Chart, index: int) -> str:
    return f"chart '{chart.title}'" if chart.title else f"chart {index + 1}"


def _charts(old: Sequence[Chart], new: Sequence[Chart]) -> list[Change]:
    out: list[Change] = []
    for k in range(max(len(old), len(new))):
        if k >= len(old):
            out.extend(
                _series_change(new[k], s, _chart_name(new[k], k), "added") for s in new[k].series
            )
        elif k >= len(new):
            out.extend(
                _series_change(old[k], s, _chart_name(old[k], k), "removed") for s in old[k].series
            )
        else:
            out.extend(_chart(old[k], new[k], _chart_name(new[k], k)))
    return out


def _series_change(chart: Chart, series: Series, name: str, op: Op) -> Change:
    """Return a whole series of ``chart`` added or removed, its values as text."""
    text = _series_text(chart, series.values)
    old, new = (None, text) if op == "added" else (text, None)
    return Change("chart", op, old, new, f"{name}, series '{series.name}'")


def _series_text(chart: Chart, values: Sequence[float | None]) -> str:
    cats = list(chart.categories) + [""] * max(0, len(values) - len(chart.categories))
    return ", ".join(f"{c} {format_number(v)}".strip() for c, v in zip(cats, values, strict=False))


def _chart(a: Chart, b: Chart, name: str) -> list[Change]:
    out: list[Change] = []
    if a.kind != b.kind:
        out.append(Change("chart", "changed", a.kind, b.kind, f"{name}, type"))
    if a.title != b.title:
        out.append(_text_change("chart", a.title, b.title, f"{name}, title"))
    out.extend(_lists("chart", a.categories, b.categories, f"{name}, categories"))
    old_series = {s.name: s for s in a.series}
    new_series = {s.name: s for s in b.series}
    out.extend(_series_change(a, s, name, "removed") for s in a.series if s.name not in new_series)
    for s in b.series:
        before = old_series.get(s.name)
        if before is None:
            out.append(_series_change(b, s, name, "added"))
            continue
        old_values = dict(zip(a.categories, before.values, strict=False))
        for cat, value in zip(b.categories, s.values, strict=False):
            if cat in old_values and old_values[cat] != value:
                out.append(
                    Change(
                        "chart",
                        "changed",
                        format_number(old_values[cat]),
                        format_number(value),
                        f"{name}, series '{s.name}', {cat}",
                    )
                )
        if not b.categories and before.values != s.values:
            out.append(
                Change(
                    "chart",
                    "changed",
                    _series_text(a, before.values),
                    _series_text(b, s.values),
                    f"{name}, series '{s.name}'",
                )
            )
    return out


def _diagram(a: SlideModel, b: SlideModel) -> list[Change]:
    out = _lists("diagram", a.nodes, b.nodes, "diagram node")
    # An edited node label renames its edges too: compare edges under the new names.
    rename = {c.old: c.new for c in out if c.op == "changed" and c.old and c.new}
    old_edges = [(rename.get(e.source, e.source), rename.get(e.target, e.target)) for e in a.edges]
    new_edges = [(e.source, e.target) for e in b.edges]
    out.extend(
        Change("diagram", "removed", f"{s} → {t}", None, "diagram edge")
        for s, t in old_edges
        if (s, t) not in new_edges
    )
    out.extend(
        Change("diagram", "added", None, f"{s} → {t}", "diagram edge")
        for s, t in new_edges
        if (s, t) not in old_edges
    )
    return out


def _pictures(a: SlideModel, b: SlideModel) -> list[Change]:
    """Pictures are matched by content hash; what is left over pairs up in order as
    replaced pictures, the rest added or removed."""
    left = list(b.pictures)
    gone = []
    for p in a.pictures:
        same = next((q for q in left if q.sha256 == p.sha256), None)
        if same is None:
            gone.append(p)
        else:
            left.remove(same)
    out: list[Change] = []
    for p, q in zip(gone, left, strict=False):
        label = q.alt or q.name or "picture"
        out.append(Change("picture", "changed", _pic(p), _pic(q), f"picture '{label}'"))
    for p in gone[len(left) :]:
        out.append(Change("picture", "removed", _pic(p), None, f"picture '{p.alt or p.name}'"))
    for q in left[len(gone) :]:
        out.append(Change("picture", "added", None, _pic(q), f"picture '{q.alt or q.name}'"))
    return out


def _pic(p: Picture) -> str:
    return f"sha256:{p.sha256[:12]}" if p.sha256 else "linked"
