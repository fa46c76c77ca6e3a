"""Slide builders: the blocks under one heading → slides, one builder per construct.

- paragraphs and lists → bullets; a paragraph too long for a slide leaves its first
  sentences as bullets and goes whole into the speaker notes;
- a table → a table visual (continued on further slides when long);
- code → a code visual with its language (from the fence, else detected);
- display math → an equation visual (LaTeX deckgen cannot typeset: its source as code);
- questions with answers → ``qa`` slides, three pairs a slide;
- a block quote → a ``quote`` slide;
- a picture alone in a paragraph → an image visual (when the file is beside the notes);
- a lone paragraph led by a key figure ("from 7T to 18T tokens") → a ``statement`` slide.

Each slide gets a comment (``why``) naming the lines it came from and what was converted.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable

from deckgen.importer.code import break_long, guess_language
from deckgen.importer.code import chunks as code_chunks
from deckgen.importer.code import rows as code_rows
from deckgen.importer.draft import (
    MAX_BULLETS,
    TITLE_CHARS,
    Bullet,
    CodeData,
    Draft,
    Slide,
    TableData,
    Warnings,
    clip,
    lines_label,
    sentences,
    shorten,
)
from deckgen.importer.parse import Block, Code, Figure, ListBlock, Math, Para, Quote, Table
from deckgen.importer.qa import QAGroup

PARA_CHARS = 320  # a longer paragraph is too long for a slide: it goes to the speaker notes
SPLIT_CHARS = 200  # a paragraph longer than this gives one bullet per sentence
LEAD_CHARS = 300  # how much of such a paragraph stays on the slide, in whole sentences
BESIDE_CHARS = 320  # text that may share a slide with a table, code or equations
TABLE_ROWS = 10  # rows of one table slide
TABLE_CHARS = 1_000  # characters in the cells of one table slide
CODE_LINES = 20  # lines of one code slide (what fits at the theme's smallest code size)
TEXT_WIDTH = 90  # characters of a line of body text on a slide
QA_PER_SLIDE = 3
WIDE_CELL = 40  # a table with longer cells gets the full width, its text above it
SLIDE_BULLETS = 8  # the paper theme's policy.max_bullets (bullets and sub-bullets)
SLIDE_WORDS = 115  # below the paper theme's policy.max_words (140), leaving the title room
QA_WORDS = 138  # words of a qa slide, title included (policy.max_words: 140)
QUOTE_CHARS = 600
ITEM_CHARS = 600  # a longer list item (with its sub-items) is too long for a slide
EQUATION_PT = 24  # the paper theme's sizes.equation (a test ties the two)
# What the equation visual fits at 70 % of that size (its floor is 60 %), in points:
EQUATION_WIDTH = 870 / 0.7  # the content width
EQUATION_HEIGHT = 220 / 0.7  # the room below a line or two of text
CAPTION_CHARS = 150  # a statement's caption (a longer sentence gives its clause)
POINT_CHARS = 120  # a statement's supporting point

_FIGURE = re.compile(
    r"\bfrom\s+(?P<a>~?\d[\d.,]*\s?[A-Za-z%×]{0,2})\b(?:\s+\([^)]*\))?\s+to\s+"
    r"(?P<b>~?\d[\d.,]*\s?[A-Za-z%×]{0,2})\b"
    r"(?:\s+(?:[\w-]+\s+)?(?P<unit>tokens|parameters|params|examples|languages|layers|steps))?"
)


# Finds a picture the notes name: its path from the deck's folder, or ValueError saying why
# it cannot be used.
Locate = Callable[[str], str]


class Section:
    """Turns the blocks under one heading into slides."""

    def __init__(
        self,
        draft: Draft,
        title: str,
        line: int,
        warn: Warnings,
        figures: set[str],
        locate: Locate | None = None,
    ) -> None:
        self.draft = draft
        self.locate = locate
        self.title = shorten(title, TITLE_CHARS)
        if self.title != title:
            warn(line, f"heading shortened to {TITLE_CHARS} characters to fit a slide title")
        self.line = line
        self.warn = warn
        self.figures = figures  # key figures already made statements (one statement each)
        self.parts = 0  # slides made so far
        self.bullets: list[Bullet] = []
        self.notes: list[str] = []
        self.why: list[str] = []
        self.lines: tuple[int, int] | None = None  # lines of the waiting bullets
        self.visual: Slide | None = None  # the last visual slide, while text may join it

    # --- slides ---------------------------------------------------------------------------

    def _title(self) -> str:
        """Return the title of the next slide: the heading, then the heading '(cont.)'."""
        return self.title if self.parts == 0 else f"{self.title} (cont.)"

    def _emit(self, slide: Slide) -> Slide:
        """Add a finished slide to the draft and return it."""
        if slide.title is None and slide.layout not in ("quote", "question"):
            slide.title = self._title()
        self.draft.slides.append(slide)
        self.parts += 1
        return slide

    def _note_lines(self, line: int) -> None:
        """Extend the lines the waiting bullets come from."""
        first, last = self.lines or (line, line)
        self.lines = (min(first, line), max(last, line))

    def _take_text(self, slide: Slide) -> None:
        """Move the waiting bullets and notes onto ``slide``."""
        slide.bullets, slide.notes = self.bullets, self.notes
        said = {w.split(":", 1)[0] for w in self.why}
        if self.lines and self.bullets and lines_label(*self.lines) not in said:
            slide.why.append(f"{lines_label(*self.lines)}: text → bullets")
        slide.why += self.why
        self.bullets, self.notes, self.why, self.lines = [], [], [], None

    def _text_chars(self) -> int:
        """Return the characters of the waiting bullets."""
        return sum(len(b.text) + sum(map(len, b.subs)) for b in self.bullets)

    def flush(self) -> None:
        """Write the waiting bullets (and notes) as a slide."""
        if not self.bullets:
            if self.notes and self.draft.slides and self.parts:
                self.draft.slides[-1].notes += self.notes
                self.notes = []
            return
        slide = Slide("bullets")
        self._take_text(slide)
        self._emit(slide)

    def _small_text(self) -> bool:
        """Return True when the waiting text is short enough to share a visual's slide."""
        return len(self.bullets) <= 3 and self._text_chars() <= BESIDE_CHARS

    def _visual_slide(self, why: str, below: bool = False) -> Slide:
        """Return a new slide for a visual, with the waiting text when it is short."""
        slide = Slide("bullets", why=[why])
        if self.bullets and self._small_text():
            self._take_text(slide)
            slide.why.reverse()  # the visual's line first
            if below:
                slide.placement = "below"
        else:
            self.flush()
        return slide

    # --- text -------------------------------------------------------------------------------

    def bullet(self, text: str, line: int, subs: list[str] | None = None) -> None:
        """Add a bullet; a slide that would pass the theme's limits (eight bullets, about
        120 words) continues on a new one."""
        subs = subs or []
        waiting = sum(1 + len(b.subs) for b in self.bullets)
        words = sum(_words(b.text) + sum(map(_words, b.subs)) for b in self.bullets)
        more = _words(text) + sum(map(_words, subs))
        if self.bullets and (
            waiting + 1 + len(subs) > SLIDE_BULLETS
            or words + more > SLIDE_WORDS
            or len(self.bullets) >= MAX_BULLETS
        ):
            self.flush()
        self.bullets.append(Bullet(clip(text, line, self.warn), subs))
        self._note_lines(line)

    def _joins_visual(self, chars: int, count: int = 1) -> bool:
        """Return True when ``count`` bullets of ``chars`` characters can go onto the last
        visual slide (it holds at most three short bullets)."""
        v = self.visual
        if v is None or self.bullets or len(v.bullets) + count > 3:
            return False
        return sum(len(b.text) for b in v.bullets) + chars <= BESIDE_CHARS

    def para(self, p: Para) -> None:
        """Add a paragraph: a bullet, or (too long) its lead sentences and speaker notes."""
        text = p.text
        v = self.visual
        if v is not None and v.equations and re.match(r"(?i)where\b", text) and not self.bullets:
            latex, caption = v.equations[-1]
            if caption is None and len(text) <= CAPTION_CHARS:
                # "where q(D) is …" right after an equation explains it: its caption
                v.equations[-1] = (latex, text)
                v.why.append(f"line {p.line}: 'where …' after the equation → its caption")
                return
        if len(text) <= PARA_CHARS:
            if self._joins_visual(len(text)):
                assert self.visual is not None
                self.visual.bullets.append(Bullet(text))
                self.visual.why.append(f"line {p.line}: text → bullet beside the visual")
                return
            said = sentences(text)
            if len(text) > SPLIT_CHARS and 1 < len(said) <= 4:
                # several sentences read better as several points than as one block
                for sentence in said:
                    self.bullet(sentence, p.line)
                return
            self.bullet(text, p.line)
            return
        lead = _lead(text)
        why = (
            f"line {p.line}: paragraph of {len(text)} characters, too long for a slide "
            + (
                "→ its first sentence as a bullet"
                if len(lead) == 1
                else f"→ its first {len(lead)} sentences as bullets"
            )
            + ", all of it in the notes"
        )
        if self._joins_visual(sum(map(len, lead)), len(lead)) and self.visual is not None:
            self.visual.bullets += [Bullet(s) for s in lead]
            self.visual.notes.append(text)
            self.visual.why.append(why)
            return
        for s in lead:
            self.bullet(s, p.line)
        self.notes.append(clip(text, p.line, self.warn))
        self.why.append(why)

    def list(self, b: ListBlock) -> None:
        """Add a list: each item a bullet, its sub-items second-level bullets."""
        self.visual = None
        for item in b.items:
            line = item.line or b.line
            text, subs = item.text, [clip(s, line, self.warn) for s in item.subs]
            if len(text) + sum(map(len, subs)) > ITEM_CHARS:
                # an item too long for a slide: its lead stays, all of it in the notes
                self.notes.append(clip(" ".join([text, *subs]), line, self.warn))
                self.why.append(
                    f"line {line}: list item of {len(text)} characters, too long for a slide "
                    "→ its first sentences as the bullet, all of it in the notes"
                )
                text, subs = " ".join(_lead(text)), [shorten(s, LEAD_CHARS) for s in subs[:3]]
            self.bullet(text, line, subs)

    # --- visuals ----------------------------------------------------------------------------

    def table(self, t: Table) -> None:
        """Add a table slide, continued on further slides when the table is long."""
        if not t.rows:
            self.warn(t.line, "table has no rows; its header was kept as a bullet")
            self.bullet(" | ".join(t.columns), t.line)
            return
        chunks: list[list[list[str]]] = [[]]
        for row in t.rows:
            size = sum(len(c) for r in [*chunks[-1], row] for c in r)
            if chunks[-1] and (len(chunks[-1]) >= TABLE_ROWS or size > TABLE_CHARS):
                chunks.append([])
            chunks[-1].append(row)
        even = _even(t.rows, len(chunks))  # 5 + 4 rows rather than 8 + 1
        if all(sum(len(c) for r in part for c in r) <= TABLE_CHARS for part in even):
            chunks = even
        if len(chunks) > 1:
            self.warn(
                t.line,
                f"table of {len(t.rows)} rows split over {len(chunks)} slides so that it fits",
            )
        how = "alignment as in the Markdown" if t.align else "numbers right-aligned"
        done = 0
        for n, rows in enumerate(chunks):
            part = f", rows {done + 1}–{done + len(rows)}" if len(chunks) > 1 else ""
            why = (
                f"line {t.line}: table of {_n(len(t.rows), 'row')} × "
                f"{_n(len(t.columns), 'column')} → table ({how}{part})"
            )
            slide = self._visual_slide(why) if n == 0 else Slide("bullets", why=[why])
            slide.table = TableData(t.columns, rows, t.align)
            if max(len(c) for r in rows for c in r) > WIDE_CELL:
                slide.placement = "below"  # sentences in cells need the slide's width
            self._emit(slide)
            done += len(rows)
        # text after a table may share its slide when the table leaves room for it
        small = len(chunks[-1]) <= 6 and sum(len(c) for r in chunks[-1] for c in r) <= 700
        self.visual = self.draft.slides[-1] if small else None

    def code(self, c: Code) -> None:
        """Add code slides (a long listing continues, split between top-level blocks)."""
        language = c.language or guess_language(c.source)
        lines, broken = break_long([ln.rstrip() for ln in c.source.split("\n")])
        if broken:
            self.warn(c.line, f"code line {broken[0]} is too long for a slide; it was broken")
        # text above the listing takes the room of a few lines
        first = CODE_LINES
        if self.bullets and self._small_text():
            # each line of text above the listing takes the room of about two code lines
            rows = sum(
                math.ceil(len(text) / TEXT_WIDTH)
                for b in self.bullets
                for text in [b.text, *b.subs]
            )
            first = max(CODE_LINES - 2 - 2 * rows, 4)
        chunks = code_chunks(lines, first, CODE_LINES)
        if not chunks:
            self.warn(c.line, "code block without code was dropped")
            return
        if first < CODE_LINES and code_rows(chunks[0]) > first:
            self.flush()  # its first line alone needs more room than the text leaves
            chunks = code_chunks(lines, CODE_LINES, CODE_LINES)
        found = "found without a code fence" if c.detected else "code block"
        restored = " (indentation restored)" if c.detected and language == "python" else ""
        done = 0
        for n, chunk in enumerate(chunks):
            part = f", lines {done + 1}–{done + len(chunk)} of {len(lines)}"
            why = (
                f"{lines_label(c.line, c.end)}: {found}{restored} → code, language "
                f"'{language}'{part if len(chunks) > 1 else ''}"
            )
            slide = self._visual_slide(why, below=True) if n == 0 else Slide("bullets", why=[why])
            source = "\n".join(chunk).rstrip("\n") + "\n"
            # a listing split over slides numbers its lines, so that the parts read as one
            slide.code = CodeData(source, language, done + 1 if len(chunks) > 1 else 0)
            self._emit(slide)
            done += len(chunk)
        self.visual = self.draft.slides[-1] if len(chunks) == 1 and len(lines) <= 8 else None

    def math(self, m: Math) -> None:
        """Add display math as an equation (joining the equations just before it)."""
        from deckgen.equations import EquationError, estimate_size, validate_latex

        try:
            validate_latex(m.latex)
        except EquationError as exc:
            self.warn(m.line, f"display math deckgen cannot typeset ({exc}); shown as LaTeX")
            self.code(Code(m.line, m.end, "latex", m.latex))
            return
        width, height = estimate_size(m.latex, EQUATION_PT)
        if width > EQUATION_WIDTH or height > EQUATION_HEIGHT:
            self.warn(m.line, "display math too large for one slide; shown as LaTeX")
            self.code(Code(m.line, m.end, "latex", m.latex))
            return
        v = self.visual
        if v is not None and v.equations and len(v.equations) < 3 and not self.bullets:
            above = sum(estimate_size(latex, EQUATION_PT)[1] for latex, _ in v.equations)
            if above + height <= EQUATION_HEIGHT:
                v.equations.append((m.latex, None))
                v.why.append(f"{lines_label(m.line, m.end)}: display math → equation")
                return
        slide = self._visual_slide(f"{lines_label(m.line, m.end)}: display math → equation")
        slide.equations.append((m.latex, None))
        self.visual = self._emit(slide)

    def quote(self, q: Quote) -> None:
        """Add a quote slide (or a bullet when the quotation is too long)."""
        if len(q.text) > QUOTE_CHARS:
            self.warn(q.line, "quotation too long for a quote slide; kept as a bullet")
            text = f"{q.text} — {q.attribution}" if q.attribution else q.text
            self.bullet(text, q.line)
            return
        self.flush()
        self.visual = None
        why = f"line {q.line}: block quote → quote"
        slide = Slide("quote", title=self._title(), quote=q.text, attribution=q.attribution)
        slide.why.append(why)
        self._emit(slide)

    def qa(self, g: QAGroup) -> None:
        """Add ``qa`` slides, three questions with their answers a slide."""
        self.flush()
        self.visual = None
        room = QA_WORDS - _words(self._title()) - 2  # the "(cont.)" of later slides
        pairs: list[tuple[str, str]] = []
        notes: list[str | None] = []
        for q, a in g.pairs:
            long = len(a) > PARA_CHARS  # its lead on the slide, all of it in the notes
            pairs.append((shorten(q, 2 * LEAD_CHARS), " ".join(_lead(a)) if long else a))
            notes.append(f"{q} {a}" if long else None)
        sizes: list[int] = [0]
        for q, a in pairs:
            words = sum(_words(x) + _words(y) for x, y in pairs[sum(sizes[:-1]) :][: sizes[-1]])
            if sizes[-1] and (sizes[-1] >= QA_PER_SLIDE or words + _words(q) + _words(a) > room):
                sizes.append(0)
            sizes[-1] += 1
        chunks = _balance(pairs, len(sizes), room) or _split(pairs, sizes)
        why = (
            f"{lines_label(g.line, g.end)}: {len(g.pairs)} questions with answers → qa "
            f"(at most {QA_PER_SLIDE} a slide)"
        )
        start = 0
        for chunk in chunks:
            slide = Slide("qa", items=chunk, why=[why])
            slide.notes = [n for n in notes[start : start + len(chunk)] if n]
            if slide.notes:
                slide.why.append("long answers: their first sentences, all of them in the notes")
            self._emit(slide)
            start += len(chunk)

    def statement(self, p: Para) -> bool:
        """Add a statement slide when a lone paragraph is led by a key figure ('from 7T to
        18T tokens') not shown big yet; return False when it is not such a paragraph."""
        said = sentences(p.text)
        m = _FIGURE.search(said[0]) if said else None
        if m is None:
            return False
        if not (m.group("unit") or re.search(r"[A-Za-z%×]$", m.group("b").strip())):
            return False  # "from 3 to 22" is no key figure; "7T to 18T" or "… tokens" is
        figure = f"{m.group('a').strip()} → {m.group('b').strip()}"
        if m.group("unit"):
            figure += f" {m.group('unit')}"
        if figure in self.figures or len(figure) > 40:
            return False
        self.figures.add(figure)
        caption = said[0] if len(said[0]) <= CAPTION_CHARS else _clause(said[0], m.start())
        rest = said[1:]
        points = [s for s in rest if len(s) <= POINT_CHARS][:3]
        slide = Slide(
            "statement",
            title=self._title(),
            statement=figure,
            caption=caption,
            points=points,
            why=[f"line {p.line}: a lone paragraph led by a key figure → statement"],
        )
        if caption != said[0] or len(rest) != len(points):
            slide.notes.append(p.text)
            slide.why.append("the whole paragraph is in the notes")
        self._emit(slide)
        return True

    def add(self, block: Block | QAGroup) -> None:
        """Add one content block (not a heading)."""
        if isinstance(block, Para):
            self.para(block)
        elif isinstance(block, ListBlock):
            self.list(block)
        elif isinstance(block, Table):
            self.table(block)
        elif isinstance(block, Code):
            self.code(block)
        elif isinstance(block, Math):
            self.math(block)
        elif isinstance(block, Quote):
            self.quote(block)
        elif isinstance(block, QAGroup):
            self.qa(block)
        elif isinstance(block, Figure):
            self.picture(block)

    def picture(self, f: Figure) -> None:
        """Add an image slide for a picture that stands alone in a paragraph."""
        alt = f.alt or f.title or f.src.rsplit("/", 1)[-1] or "picture"
        if not f.alt:
            self.warn(f.line, f"picture '{f.src}' has no alt text; its name stands in for it")
        if self.locate is None:
            self.warn(f.line, f"image '{alt}' was not imported (no folder to find it in)")
            return
        try:
            path = self.locate(f.src)
        except ValueError as exc:
            self.warn(f.line, f"image '{alt}' {exc}; it was not imported")
            return
        slide = self._visual_slide(f"line {f.line}: picture → image")
        slide.image = (path, alt, f.title)
        self._emit(slide)
        self.visual = None


def _lead(text: str) -> list[str]:
    """Return the first sentences of ``text`` that fit on a slide (at most LEAD_CHARS
    together); a first sentence longer than a slide holds is shortened at a word."""
    lead: list[str] = []
    for sentence in sentences(text):
        if lead and (len(" ".join([*lead, sentence])) > LEAD_CHARS or len(lead) >= 3):
            break
        lead.append(sentence)
    if lead and len(lead[0]) > 2 * LEAD_CHARS:
        lead[0] = shorten(lead[0], 2 * LEAD_CHARS)
    return lead or [shorten(text, 2 * LEAD_CHARS)]


def _even(items: list[list[str]], parts: int) -> list[list[list[str]]]:
    """Return ``items`` cut into ``parts`` consecutive runs whose lengths differ by one at
    most."""
    size, extra = divmod(len(items), parts)
    out, start = [], 0
    for k in range(parts):
        end = start + size + (1 if k < extra else 0)
        out.append(items[start:end])
        start = end
    return out


def _split(items: list[tuple[str, str]], sizes: list[int]) -> list[list[tuple[str, str]]]:
    """Return ``items`` cut into consecutive chunks of the given sizes."""
    out, start = [], 0
    for size in sizes:
        out.append(items[start : start + size])
        start += size
    return out


def _balance(
    pairs: list[tuple[str, str]], slides: int, room: int
) -> list[list[tuple[str, str]]] | None:
    """Return ``pairs`` spread evenly over ``slides`` slides (2-2-2 rather than 3-2-1), or
    None when an even spread would put too many words on a slide."""
    size, extra = divmod(len(pairs), slides)
    out: list[list[tuple[str, str]]] = []
    start = 0
    for k in range(slides):
        end = start + size + (1 if k < extra else 0)
        out.append(pairs[start:end])
        start = end
    fits = all(sum(_words(q) + _words(a) for q, a in c) <= room for c in out)
    return out if fits and all(len(c) <= QA_PER_SLIDE for c in out) else None


def _n(count: int, noun: str) -> str:
    """Return '1 row', '2 rows'."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _words(text: str) -> int:
    """Return the number of words of ``text``."""
    return len(text.split())


def _clause(sentence: str, at: int) -> str:
    """Return the clause of ``sentence`` around position ``at``: the text between the
    nearest clause breaks (',', ';', ':', ' by ', ' and ') on either side, capitalised."""
    breaks = re.compile(r",\s|;\s|:\s|\s(?:by|and|while|with)\s|—")
    start = 0
    for before in breaks.finditer(sentence, 0, at):
        start = before.end()
    after = breaks.search(sentence, at)
    end = after.start() if after else len(sentence)
    clause = sentence[start:end].strip().rstrip(".")
    return clause[:1].upper() + clause[1:]
