"""Pairing the slides of two decks, so a diff reports what a reviewer would call a change.

Slides are compared by :func:`similarity` (title and a normalised word signature of all
their content). :func:`match_slides` first pairs slides in order, maximising the total
similarity (an alignment like ``diff``'s, so an inserted slide does not make every later
slide "changed"), then pairs what is left over when it is still similar: those slides
moved. Slides without a partner were inserted or removed.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher

from deckgen.review.model import SlideModel, iter_text

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
    """Similarities between the slides of two decks, each signature computed once.

    Scores below :data:`THRESHOLD` only need to be known as such: a cheap upper bound
    (``quick_ratio``) settles most pairs of unrelated slides without the full comparison.
    """

    def __init__(self, old: tuple[SlideModel, ...], new: tuple[SlideModel, ...]) -> None:
        self.old, self.new = old, new
        self.old_sig = [signature(s) for s in old]
        self.old_titles = [_title(s) for s in old]
        self.new_titles = [_title(s) for s in new]
        # SequenceMatcher indexes its second sequence: one matcher per new slide.
        self.matchers = []
        for s in new:
            m = SequenceMatcher(None, autojunk=False)
            m.set_seq2(signature(s))
            self.matchers.append(m)

    def score(self, i: int, j: int) -> float:
        """Return the similarity of old slide ``i`` and new slide ``j`` (0 when below the
        threshold by a bound)."""
        a, b = self.old[i], self.new[j]
        if a.content_key() == b.content_key():
            return 1.0
        m = self.matchers[j]
        m.set_seq1(self.old_sig[i])
        titled = bool(a.title or b.title)
        title = 0.0
        if titled:
            title = SequenceMatcher(
                None, self.old_titles[i], self.new_titles[j], autojunk=False
            ).ratio()
        if not (m.a or m.b):
            content = 1.0
        else:
            bound = m.quick_ratio()
            if ((title + bound) / 2 if titled else bound) < THRESHOLD:
                return 0.0
            content = m.ratio()
        return (title + content) / 2 if titled else content


def match_slides(old: tuple[SlideModel, ...], new: tuple[SlideModel, ...]) -> list[Pair]:
    """Return every slide of both decks paired: in new-deck order, removed slides placed
    where they were.

    Unchanged slides that occur once on each side anchor the alignment (as in a patience
    diff: the longest run of them in the same order); only the gaps between anchors are
    scored slide against slide, so a long deck with a few edits stays fast.
    """
    n, m = len(old), len(new)
    keys_old = [s.content_key() for s in old]
    keys_new = [s.content_key() for s in new]
    anchors = _anchors(keys_old, keys_new)
    scorer = _Scorer(old, new)
    scores: dict[tuple[int, int], float] = {}
    pairs: dict[int, int] = dict(anchors)
    bounds = [(-1, -1), *anchors, (n, m)]
    for (i0, j0), (i1, j1) in itertools.pairwise(bounds):
        gap_old, gap_new = list(range(i0 + 1, i1)), list(range(j0 + 1, j1))
        for i in gap_old:
            for j in gap_new:
                scores[i, j] = scorer.score(i, j)
        pairs.update(_align(gap_old, gap_new, scores))
    # What is left over: slides that moved (still alike), else removed and inserted.
    left_old = [i for i in range(n) if i not in pairs]
    used_new = set(pairs.values())
    left_new = [j for j in range(m) if j not in used_new]
    moved: dict[int, int] = {}
    candidates = sorted(
        (
            (scores[i, j] if (i, j) in scores else scorer.score(i, j), -abs(i - j), i, j)
            for i in left_old
            for j in left_new
        ),
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


def _anchors(keys_old: list[object], keys_new: list[object]) -> list[tuple[int, int]]:
    """Return pairs of identical slides that occur once in each deck, the longest chain of
    them in the same order on both sides (longest increasing subsequence)."""
    count_old = Counter(keys_old)
    count_new = Counter(keys_new)
    where_new = {k: j for j, k in enumerate(keys_new) if count_new[k] == 1}
    unique = [
        (i, where_new[k]) for i, k in enumerate(keys_old) if count_old[k] == 1 and k in where_new
    ]
    # Patience sorting: tails[k] is the smallest end of an increasing chain of length k+1.
    tails: list[int] = []
    tail_at: list[int] = []
    back: list[int] = []
    for index, (_i, j) in enumerate(unique):
        k = bisect.bisect_left(tails, j)
        if k == len(tails):
            tails.append(j)
            tail_at.append(index)
        else:
            tails[k] = j
            tail_at[k] = index
        back.append(tail_at[k - 1] if k else -1)
    chain: list[tuple[int, int]] = []
    at = tail_at[-1] if tail_at else -1
    while at >= 0:
        chain.append(unique[at])
        at = back[at]
    return chain[::-1]


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
    """Return the pairs in the new deck's order; removed slides come where they were, before
    the slides inserted in the same place (as ``diff`` shows deletions before additions)."""
    by_new = {j: i for i, j in pairs.items()}
    # For each new slide: the old index of the next slide paired in order (n at the end).
    next_old = [n] * (m + 1)
    for j in range(m - 1, -1, -1):
        i = by_new.get(j)
        next_old[j] = i if i is not None and i not in moved else next_old[j + 1]
    pending = [i for i in range(n) if i not in pairs]
    out: list[Pair] = []
    for j in range(m):
        while pending and pending[0] < next_old[j]:
            out.append(Pair(pending.pop(0), None))
        i = by_new.get(j)
        out.append(Pair(i, j, moved=i in moved) if i is not None else Pair(None, j))
    out.extend(Pair(i, None) for i in pending)
    return out
