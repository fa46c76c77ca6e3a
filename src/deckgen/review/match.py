"""Pairing the slides of two decks, so a diff reports what a reviewer would call a change.

Slides are compared by :func:`similarity` (title and a normalised word signature of all
their content). :func:`match_slides` first pairs slides in order, maximising the total
similarity (an alignment like ``diff``'s, so an inserted slide does not make every later
slide "changed"), then pairs what is left over when it is still similar: those slides
moved. Slides without a partner were inserted or removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from deckgen.review.model import SlideModel
from deckgen.review.reader import iter_text

#: Two slides scoring below this are different slides, not two versions of one.
THRESHOLD = 0.5
_WORD = re.compile(r"\w+(?:[.'’-]\w+)*|[^\w\s]")


@dataclass(frozen=True)
class Pair:
    """One slide of the old deck and its counterpart in the new one (0-based indexes;
    None on the side where the slide does not exist). ``moved``: the pair is out of order
    with the rest."""

    old: int | None
    new: int | None
    moved: bool = False


def signature(slide: SlideModel) -> tuple[str, ...]:
    """Return a slide's content as lower-case words (title excluded), with pictures as
    their hashes, for similarity."""
    words: list[str] = []
    texts = list(iter_text(slide))
    if slide.title and texts and texts[0] == slide.title:
        texts = texts[1:]
    for text in [*texts, slide.notes]:
        words.extend(_WORD.findall(text.lower()))
    words.extend(f"picture:{p.sha256}" for p in slide.pictures)
    return tuple(words)


def _title(slide: SlideModel) -> str:
    return " ".join(_WORD.findall(slide.title.lower()))


class _Scorer:
    """Similarities between slides, each signature computed once."""

    def __init__(self, old: tuple[SlideModel, ...], new: tuple[SlideModel, ...]) -> None:
        self.old, self.new = old, new
        self.old_sig = [signature(s) for s in old]
        self.new_sig = [signature(s) for s in new]

    def score(self, i: int, j: int) -> float:
        return similarity(self.old[i], self.new[j], self.old_sig[i], self.new_sig[j])


def similarity(
    a: SlideModel,
    b: SlideModel,
    sig_a: tuple[str, ...] | None = None,
    sig_b: tuple[str, ...] | None = None,
) -> float:
    """Return how alike two slides are, from 0 (unrelated) to 1 (the same content).

    The mean of the titles' character similarity and the content words' similarity; the
    content alone when neither slide has a title.
    """
    if a.content_key() == b.content_key():
        return 1.0
    sig_a = signature(a) if sig_a is None else sig_a
    sig_b = signature(b) if sig_b is None else sig_b
    if sig_a or sig_b:
        words = SequenceMatcher(None, sig_a, sig_b, autojunk=False)
        content = words.ratio()
    else:
        content = 1.0
    if not (a.title or b.title):
        return content
    title = SequenceMatcher(None, _title(a), _title(b), autojunk=False).ratio()
    return (title + content) / 2


def match_slides(old: tuple[SlideModel, ...], new: tuple[SlideModel, ...]) -> list[Pair]:
    """Return every slide of both decks paired: in new-deck order, removed slides placed
    where they were."""
    n, m = len(old), len(new)
    keys_old = [s.content_key() for s in old]
    keys_new = [s.content_key() for s in new]
    # Identical slides at both ends need no scoring: most edits touch a few slides.
    head = 0
    while head < min(n, m) and keys_old[head] == keys_new[head]:
        head += 1
    tail = 0
    while tail < min(n, m) - head and keys_old[n - 1 - tail] == keys_new[m - 1 - tail]:
        tail += 1
    scorer = _Scorer(old, new)
    mid_old = range(head, n - tail)
    mid_new = range(head, m - tail)
    scores = {(i, j): scorer.score(i, j) for i in mid_old for j in mid_new}
    in_order = _align(list(mid_old), list(mid_new), scores)
    pairs: dict[int, int] = {i: i for i in range(head)}
    pairs.update({n - 1 - k: m - 1 - k for k in range(tail)})
    pairs.update(in_order)
    # What is left over: slides that moved (still alike), else removed and inserted.
    left_old = [i for i in mid_old if i not in in_order]
    used_new = set(in_order.values())
    left_new = [j for j in mid_new if j not in used_new]
    moved: dict[int, int] = {}
    candidates = sorted(
        ((scores[i, j], -abs(i - j), i, j) for i in left_old for j in left_new),
        reverse=True,
    )
    for score, _dist, i, j in candidates:
        if score < THRESHOLD:
            break
        if i in moved or j in moved.values():
            continue
        moved[i] = j
    pairs.update(moved)
    return _ordered(n, m, pairs, set(moved))


def _align(old: list[int], new: list[int], scores: dict[tuple[int, int], float]) -> dict[int, int]:
    """Return the in-order pairing of ``old`` and ``new`` slides with the largest total
    similarity, counting only pairs at or above the threshold (dynamic programming)."""
    n, m = len(old), len(new)
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for a in range(n - 1, -1, -1):
        for b in range(m - 1, -1, -1):
            s = scores[old[a], new[b]]
            take = best[a + 1][b + 1] + s if s >= THRESHOLD else -1.0
            best[a][b] = max(take, best[a + 1][b], best[a][b + 1])
    out: dict[int, int] = {}
    a = b = 0
    while a < n and b < m:
        s = scores[old[a], new[b]]
        if s >= THRESHOLD and best[a][b] == best[a + 1][b + 1] + s:
            out[old[a]] = new[b]
            a, b = a + 1, b + 1
        elif best[a][b] == best[a + 1][b]:
            a += 1
        else:
            b += 1
    return out


def _ordered(n: int, m: int, pairs: dict[int, int], moved: set[int]) -> list[Pair]:
    """Return the pairs in the new deck's order, each removed slide after the new-deck
    slide that follows its old predecessor."""
    by_new = {j: i for i, j in pairs.items()}
    removed = [i for i in range(n) if i not in pairs]
    out: list[Pair] = []
    pending = list(removed)

    def flush(upto_old: int) -> None:
        while pending and pending[0] < upto_old:
            out.append(Pair(pending.pop(0), None))

    for j in range(m):
        i = by_new.get(j)
        if i is not None and i not in moved:
            flush(i)
        out.append(Pair(i, j, moved=i in moved) if i is not None else Pair(None, j))
    flush(n)
    return out
