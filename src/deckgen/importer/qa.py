"""Questions with their answers, found among a section's blocks.

A pair is a one-item list or paragraph that ends with '?' followed by a paragraph, a loose
list item with its answer inside it, or a 'Q:' paragraph with its 'A:' (in the same
paragraph or the next). Question headings are paired with their text in
:mod:`deckgen.importer.notes`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from deckgen.importer.parse import Block, ListBlock, Para

_Q_PREFIX = re.compile(r"^(?:\*\*)?(?:Q|Question)\s*[:.](?:\*\*)?\s*(?P<rest>.*)$", re.I)
_A_PREFIX = re.compile(r"^(?:\*\*)?(?:A|Answer)\s*[:.](?:\*\*)?\s*(?P<rest>.*)$", re.I)


@dataclass
class QAGroup:
    """Consecutive questions with their answers, from ``line``."""

    line: int
    end: int
    pairs: list[tuple[str, str]]


def is_question(text: str) -> bool:
    """Return True when ``text`` (deck markup) is a question."""
    return text.rstrip("*_ ").endswith("?")


def group_qa(blocks: list[Block]) -> list[Block | QAGroup]:
    """Return the blocks with each run of question/answer pairs replaced by a QAGroup.

    A pair is a one-item list or paragraph that ends with '?' followed by a paragraph, a
    loose list item with its answer paragraph inside it, or a 'Q:' paragraph followed by an
    'A:' one. Paragraphs ending in '?' count only in a run of two pairs or more.
    """
    out: list[Block | QAGroup] = []
    k = 0
    while k < len(blocks):
        pair, used, strong = _pair_at(blocks, k)
        if pair is not None and not all(q.strip() and a.strip() for q, a in pair):
            pair = None  # 'Q:' with nothing after it
        if pair is None:
            out.append(blocks[k])
            k += 1
            continue
        start, pairs, end = k, [], blocks[k].line
        while pair is not None:
            pairs.extend(pair)
            end = blocks[k + used - 1].line
            k += used
            pair, used, more = _pair_at(blocks, k, in_run=strong)
            if pair is not None and not all(q.strip() and a.strip() for q, a in pair):
                pair = None
            strong = strong or (pair is not None and more)
        if strong or len(pairs) > 1:
            out.append(QAGroup(blocks[start].line, end, pairs))
        else:  # one paragraph ending in '?' and the next: not Q&A
            out.extend(blocks[start:k])
    return out


def _pair_at(
    blocks: list[Block], k: int, in_run: bool = False
) -> tuple[list[tuple[str, str]] | None, int, bool]:
    """Return the Q&A pairs starting at ``blocks[k]``, how many blocks they take, and
    whether they are certainly Q&A (a list item or 'Q:' rather than a bare paragraph).

    Inside a run of numbered questions (``in_run``) an item that is a request rather than
    a question ("Outline a post-training stack.") still pairs with its answer."""
    if k >= len(blocks):
        return None, 0, False
    b = blocks[k]
    nxt = blocks[k + 1] if k + 1 < len(blocks) else None
    if isinstance(b, ListBlock):
        if all(is_question(it.text) and it.subs for it in b.items):
            return [(it.text, " ".join(it.subs)) for it in b.items], 1, True
        one = b.items[0] if len(b.items) == 1 and not b.items[0].subs else None
        asks = one is not None and (in_run or is_question(one.text))
        if asks and one is not None and isinstance(nxt, Para) and not is_question(nxt.text):
            return [(one.text, nxt.text)], 2, True
        return None, 0, False
    if not isinstance(b, Para):
        return None, 0, False
    if m := _Q_PREFIX.match(b.lines[0]):
        # 'Q: …' and 'A: …' in one paragraph, or in two
        rest = [m.group("rest"), *b.lines[1:]]
        for j, ln in enumerate(rest):
            if a := _A_PREFIX.match(ln):
                answer = " ".join([a.group("rest"), *rest[j + 1 :]])
                return [(" ".join(rest[:j]), answer)], 1, True
        if isinstance(nxt, Para) and (a := _A_PREFIX.match(nxt.text)):
            return [(" ".join(rest), a.group("rest"))], 2, True
        return None, 0, False
    if is_question(b.text) and isinstance(nxt, Para) and not is_question(nxt.text):
        return [(b.text, nxt.text)], 2, False
    return None, 0, False
