"""Plain Markdown notes → a draft deck: the heading hierarchy gives sections and slides, the
blocks under each heading go through the slide builders of :mod:`deckgen.importer.slides`.
"""

from __future__ import annotations

from itertools import pairwise

from deckgen.importer.draft import Draft, Slide, Warnings, lines_label
from deckgen.importer.meta import front_matter, metadata_line, title_from_name
from deckgen.importer.parse import Block, Heading, ListBlock, Outline, Para
from deckgen.importer.qa import QAGroup, group_qa, is_question
from deckgen.importer.slides import Locate, Section
from deckgen.importer.webcopy import prepare

SUBTITLE_CHARS = 160


def plain(
    lines: list[str], source_name: str, warn: Warnings, locate: Locate | None = None
) -> Draft:
    """Return the draft deck of plain Markdown notes (``lines`` already cleaned); ``locate``
    finds the pictures they name."""
    draft = Draft(title=title_from_name(source_name))
    start = front_matter(lines, draft, warn)
    prepared = prepare(lines[start:], first=start + 1)
    for first, last in prepared.detected.values():
        warn(first, f"code without a fence found ({lines_label(first, last)}); made a code slide")
    outline = Outline(
        prepared.lines, prepared.origin, warn, raw=False, detected=frozenset(prepared.detected)
    )
    blocks = outline.blocks()
    if prepared.web_copy:
        _lost_display_math(blocks, warn)

    # The title: the first level-1 heading, with "Authors: … | Year: …" lines below it.
    title_at = next(
        (k for k, b in enumerate(blocks) if isinstance(b, Heading) and b.level == 1), None
    )
    if title_at is not None:
        heading = blocks[title_at]
        assert isinstance(heading, Heading)
        draft.title = heading.text or draft.title
        k = title_at + 1
        while k < len(blocks) and isinstance(blocks[k], Para):
            para = blocks[k]
            assert isinstance(para, Para)
            if not metadata_line(para.text, draft):
                break
            del blocks[k]
        del blocks[title_at]

    first_heading = next((k for k, b in enumerate(blocks) if isinstance(b, Heading)), len(blocks))
    preamble, rest = blocks[:first_heading], blocks[first_heading:]
    draft.slides.append(Slide("title"))
    figures: set[str] = set()
    if (
        len(preamble) == 1
        and isinstance(preamble[0], Para)
        and len(preamble[0].text) <= SUBTITLE_CHARS
        and draft.subtitle is None
    ):
        draft.subtitle = preamble[0].text
    elif preamble:
        overview = Heading(preamble[0].line, 2, "Overview")
        _section(draft, overview, preamble, warn, figures, locate)

    # heading → its blocks, in order
    parts: list[tuple[Heading, list[Block]]] = []
    for b in rest:
        if isinstance(b, Heading):
            parts.append((b, []))
        else:
            parts[-1][1].append(b)
    k = 0
    while k < len(parts):
        heading, content = parts[k]
        nxt = parts[k + 1][0] if k + 1 < len(parts) else None
        children = _children(parts, k)
        if not heading.text:
            warn(heading.line, "heading without text; the slide is titled 'Untitled'")
            heading.text = "Untitled"
        if is_question(heading.text) and content:
            k = _question_run(draft, parts, k, "Questions", warn)
            continue
        if not content and children and all(is_question(h.text) and c for h, c in children):
            k = _question_run(draft, parts, k + 1, heading.text, warn)
            continue
        intro = content[0] if len(content) == 1 and isinstance(content[0], Para) else None
        if children and intro is not None and len(intro.text) <= SUBTITLE_CHARS:
            # a heading over others with one short line: a divider with that line under it
            why = f"line {heading.line}: heading over others, its line → section subtitle"
            draft.slides.append(Slide("section", heading.text, subtitle=intro.text, why=[why]))
        elif content:
            _section(draft, heading, content, warn, figures, locate)
        elif nxt is not None and (nxt.level > heading.level or prepared.web_copy):
            # a heading over others: a section divider (a web copy loses the levels)
            draft.slides.append(
                Slide("section", heading.text, why=[f"line {heading.line}: heading → section"])
            )
        else:
            warn(heading.line, f"heading '{heading.text}' has no content; no slide was made")
        k += 1
    return draft


def _lost_display_math(blocks: list[Block], warn: Warnings) -> None:
    """Warn where a web copy lost what a paragraph introduces: text ending in ':' followed
    by just another paragraph ("… an effective size:" / "where q(D) …") is where the page
    showed a displayed equation, which copying drops."""
    for a, b in pairwise(blocks):
        if isinstance(a, Para) and isinstance(b, Para) and a.text.endswith(":"):
            warn(a.line, "what this ':' introduces is not in the copy (an equation?); add it")


def _children(parts: list[tuple[Heading, list[Block]]], k: int) -> list[tuple[Heading, list]]:
    """Return the headings (with content) below ``parts[k]``'s heading, down to the next
    heading of its level or higher."""
    level = parts[k][0].level
    out = []
    for h, c in parts[k + 1 :]:
        if h.level <= level:
            break
        out.append((h, c))
    return out


def _question_run(
    draft: Draft, parts: list[tuple[Heading, list[Block]]], k: int, title: str, warn: Warnings
) -> int:
    """Add qa slides for the question headings from ``parts[k]`` on; return the index of
    the first part after them."""
    pairs: list[tuple[str, str]] = []
    first = parts[k][0].line
    end = first
    while k < len(parts) and is_question(parts[k][0].text) and parts[k][1]:
        heading, content = parts[k]
        answer = " ".join(_text(b) for b in content).strip()
        pairs.append((heading.text, answer or "—"))
        end = content[-1].line
        k += 1
    section = Section(draft, title, first, warn, set())
    section.qa(QAGroup(first, end, pairs))
    return k


def _text(block: Block) -> str:
    """Return the text of a paragraph or list (other blocks give nothing)."""
    if isinstance(block, Para):
        return block.text
    if isinstance(block, ListBlock):
        return " ".join(" ".join([it.text, *it.subs]) for it in block.items)
    return ""


def _section(
    draft: Draft,
    heading: Heading,
    content: list[Block],
    warn: Warnings,
    figures: set[str],
    locate: Locate | None,
) -> None:
    """Add the slides of one heading and its blocks."""
    section = Section(draft, heading.text, heading.line, warn, figures, locate)
    if len(content) == 1 and isinstance(content[0], Para) and section.statement(content[0]):
        return
    for block in group_qa(content):
        if isinstance(block, QAGroup):
            section.qa(block)
        else:
            section.add(block)
    section.flush()
