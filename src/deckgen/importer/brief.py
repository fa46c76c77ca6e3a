"""Slide briefs → a draft deck.

A brief has a ``#`` heading, an optional ``## Visual Style`` section and ``## Slide N: Title``
sections listing ``Content to include:`` bullets. Every slide keeps the brief's exact title
and bullets; a closing "Question" slide becomes a ``question`` slide. Style requests the
paper theme already meets are noted in the header; the others are warned about.
"""

from __future__ import annotations

import re

from deckgen.importer.draft import TITLE_CHARS, Draft, Slide, Warnings, shorten
from deckgen.importer.meta import title_from_name
from deckgen.importer.parse import Block, Heading, ListBlock, Outline, Para
from deckgen.importer.slides import Section

QUESTION_CHARS = 600  # a longer closing question stays a bullets slide

SLIDE_HEADING = re.compile(r"^Slide[ \t]+(\d+)[ \t]*[:.)\-–—][ \t]*(.*?)$", re.I)
_SLIDE_LINE = re.compile(r"^##[ \t]+Slide[ \t]+\d+[ \t]*[:.)\-–—]", re.I)
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


def is_brief(lines: list[str]) -> bool:
    """Return True when the lines are a slide brief ('## Slide N: …' sections)."""
    return any(_SLIDE_LINE.match(ln) for ln in lines)


def _strip_quotes(text: str) -> str:
    """Return ``text`` without one pair of surrounding quotation marks."""
    text = text.strip()
    pairs = {'"': '"', "“": "”", "'": "'", "«": "»", "„": "“"}
    if len(text) >= 2 and text[0] in pairs and text[-1] == pairs[text[0]]:
        return text[1:-1].strip()
    return text


def _title(heading: str, intro: str, draft: Draft, source_name: str) -> str:
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
    return heading or title_from_name(source_name)


def brief(lines: list[str], source_name: str, warn: Warnings) -> Draft:
    """Return the draft deck of a slide brief (``lines`` already cleaned)."""
    draft = Draft(title="")
    blocks = Outline(lines, list(range(1, len(lines) + 1)), warn, raw=True).blocks()
    top = next((b for b in blocks if isinstance(b, Heading) and b.level == 1), None)
    sections: list[tuple[Heading, list[Block]]] = []
    intro: list[Para] = []
    for b in blocks:
        if isinstance(b, Heading) and b.level == 2:
            sections.append((b, []))
        elif sections:
            sections[-1][1].append(b)
        elif isinstance(b, Para):
            intro.append(b)
    intro_text = " ".join(p.text for p in intro)
    draft.title = _title(top.text if top else "", intro_text, draft, source_name)
    draft.slides.append(Slide("title"))

    expected: tuple[int, int] | None = None  # (line, number of slides the brief asks for)
    for p in intro:
        for k, ln in enumerate(p.lines):
            if expected is None and (
                m := re.search(r"\b(\d+)\s+(?:presentation\s+)?slides\b", ln, re.I)
            ):
                expected = (p.line + k, int(m.group(1)))

    slide_sections = [n for n, (h, _) in enumerate(sections) if SLIDE_HEADING.match(h.text)]
    made = 0
    for n, (heading, body) in enumerate(sections):
        sm = SLIDE_HEADING.match(heading.text)
        if sm is None:
            if re.search(r"\bstyle\b", heading.text, re.I):
                _style(body, draft, warn)
            else:
                warn(heading.line, f"section '{heading.text}' is not a slide; it was ignored")
            continue
        made += 1
        number, title = int(sm.group(1)), sm.group(2)
        if number != made:
            warn(heading.line, f"slide numbered {number} is slide {made} of the brief")
        last = n == slide_sections[-1]
        _slide(draft, title or f"Slide {number}", heading.line, body, last, warn)
    if expected is not None and expected[1] != made:
        warn(expected[0], f"the brief asks for {expected[1]} slides but defines {made}")
    return draft


def _slide(
    draft: Draft, title: str, line: int, blocks: list[Block], last: bool, warn: Warnings
) -> None:
    """Add the slide(s) of one '## Slide N' section of a brief."""
    cues = [b for b in blocks if isinstance(b, Para) and b.text.rstrip().endswith(":")]
    content = [b for b in blocks if all(b is not c for c in cues)]
    for b in content:
        if isinstance(b, Heading):
            warn(b.line, f"heading '{b.text}' inside a slide was ignored")
    content = [b for b in content if not isinstance(b, Heading)]
    if last and "question" in title.lower():
        only = any(re.search(r"\bonly the question\b", c.text, re.I) for c in cues)
        texts: list[str] = []
        for b in content:
            if isinstance(b, Para):
                texts.append(b.text)
            elif isinstance(b, ListBlock):
                texts.extend(it.text for it in b.items if not it.subs)
        single = len(content) == 1 and len(texts) == 1
        if texts and (only or (single and len(texts[0]) >= 60 and "?" in texts[0])):
            question = _strip_quotes(" ".join(texts))
            if len(question) <= QUESTION_CHARS:
                heading = shorten(title, TITLE_CHARS)
                draft.slides.append(Slide("question", title=heading, question=question))
                return
            warn(line, "question too long for a question slide; kept as a bullets slide")
    for c in cues:
        if not _CONTENT_CUE.match(c.text.strip()):
            warn(c.line, f"instruction '{c.text.strip()}' was not applied; follow it by hand")
    before = len(draft.slides)
    section = Section(draft, title, line, warn, set())
    for b in content:
        if isinstance(b, Para):
            section.bullet(b.text, b.line)  # a brief's paragraph is a bullet as written
        else:
            section.add(b)
    section.flush()
    if not section.parts:
        warn(line, f"slide '{title}' has no content; it became a section slide")
        draft.slides.append(Slide("section", section.title))
    for s in draft.slides[before:]:
        if s.why and s.why[0].endswith("text → bullets"):
            s.why = [f"line {line}: slide of the brief, its bullets as written"]


def _style(body: list[Block], draft: Draft, warn: Warnings) -> None:
    """Record the brief's visual style as header comments; warn about what is not applied."""
    items = [it for b in body if isinstance(b, ListBlock) for it in b.items]
    if not items:
        return
    draft.header += ["", "Visual style requested by the brief (theme: paper):"]
    for item in items:
        text = item.text
        done = [how for pat, how in _STYLE_MAP if pat.search(text)]
        if _STYLE_MANUAL.search(text):
            draft.header.append(f"  - {text}  [by hand: add diagram/chart visuals]")
            warn(
                item.line,
                f"visual style '{text}' is not applied automatically; add visuals by hand",
            )
        elif done:
            draft.header.append(f"  - {text}  [paper: {', '.join(done)}]")
        else:
            draft.header.append(f"  - {text}  [not mapped]")
            warn(item.line, f"visual style '{text}' has no theme setting; it was not applied")
