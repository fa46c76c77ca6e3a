"""``deckgen import``: Markdown notes on a paper → a deck spec (YAML text).

The stages, one module each:

1. :mod:`~deckgen.importer.text` repairs the text (mis-decoded ``â†’``, control characters);
2. :mod:`~deckgen.importer.webcopy` puts back the markup a web copy lost (``¶`` headings,
   paragraphs without blank lines, code without fences or indentation);
3. :mod:`~deckgen.importer.parse` parses the Markdown (markdown-it-py) into a neutral
   outline of blocks, each with its line in the notes;
4. :mod:`~deckgen.importer.brief` (slide briefs) or :mod:`~deckgen.importer.notes` (any
   other notes) turns the outline into a draft deck, with the slide builders of
   :mod:`~deckgen.importer.slides`;
5. :mod:`~deckgen.importer.emit` writes the draft as YAML with comments.

The result always validates against :class:`deckgen.spec.Deck` and sets
``overflow: continue`` so that long notes still build. Nothing here prints or touches the
file system except :func:`import_file`, which reads the notes and checks that the pictures
they show exist.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from deckgen.confine import Reader
from deckgen.importer.brief import brief, is_brief
from deckgen.importer.draft import Warnings, shorten
from deckgen.importer.emit import emit
from deckgen.importer.meta import title_from_name
from deckgen.importer.notes import plain
from deckgen.importer.slides import Locate
from deckgen.importer.structure import vary
from deckgen.importer.text import clean_lines, decode, repair_mojibake

__all__ = ["ImportResult", "import_file", "import_markdown", "repair_mojibake"]

DECK_TITLE_CHARS = 80
MAX_NOTES_BYTES = 2 * 1024 * 1024  # the deck made from more would pass deck files' 8 MB
PICTURE_TYPES = (".png", ".jpg", ".jpeg", ".gif", ".svg")  # what the image visual shows
FOOTER_CHARS = 60  # a longer deck title gets a 'short_title' for the footer


@dataclass(frozen=True)
class ImportResult:
    """The imported deck and what the importer could not carry over as it was."""

    yaml_text: str
    """A deck spec that validates against :class:`deckgen.spec.Deck` and builds."""
    warnings: list[tuple[int, str]]
    """``(line in the Markdown, message)``, sorted by line."""


def import_markdown(
    text: str, *, source_name: str = "notes.md", locate: Locate | None = None
) -> ImportResult:
    """Return the deck spec (YAML text) made from Markdown notes, and the warnings.

    A slide brief (``## Slide N: Title`` sections) and plain notes are told apart
    automatically. ``locate`` finds the pictures the notes show (without it they are not
    imported). What could not be carried over as it was is reported in ``warnings`` with
    its line in ``text``.
    """
    warn = Warnings()
    lines, repairs = clean_lines(text)
    for line, message in repairs:
        warn(line, message)
    if is_brief(lines):
        draft = brief(lines, source_name, warn)
    else:
        draft = plain(lines, source_name, warn, locate)
    draft.slides = vary(draft.slides)
    if not draft.title.strip():
        draft.title = title_from_name(source_name)
    title = shorten(draft.title, DECK_TITLE_CHARS)
    if title != draft.title:
        warn(1, f"deck title shortened to {DECK_TITLE_CHARS} characters so that it fits")
        draft.title = title
    if len(draft.title) > FOOTER_CHARS:
        # the footer repeats the title: use the part before a colon, or a shortened title
        head = draft.title.split(":", 1)[0].strip()
        short = head if ":" in draft.title and 0 < len(head) <= FOOTER_CHARS - 10 else None
        draft.short_title = short or shorten(draft.title, FOOTER_CHARS - 10)
    warnings = sorted(warn.items, key=lambda w: w[0])
    return ImportResult(emit(draft, source_name), warnings)


def pictures(notes_dir: Path, deck_dir: Path) -> Locate:
    """Return a :data:`Locate` for pictures named relative to ``notes_dir``, giving their
    path from ``deck_dir`` (where the deck will be). Only files are checked, never read:
    the build reads them, with its own limits."""

    def locate(src: str) -> str:
        if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", src):
            raise ValueError("is a web address")
        name = unquote(src)
        if not name or "\x00" in name:
            raise ValueError("is not a file beside the notes")
        try:
            target = (notes_dir / name).resolve()
            if target.suffix.lower() not in PICTURE_TYPES:
                raise ValueError(f"is a '{target.suffix}' file, not PNG, JPEG, GIF or SVG")
            found = target.is_file()
        except OSError:  # a name too long for the file system, a loop of links
            found = False
        if not found:
            raise ValueError("is not a file beside the notes")
        try:
            return target.relative_to(deck_dir.resolve()).as_posix()
        except ValueError:
            raise ValueError("is outside the deck's folder") from None

    return locate


def import_file(path: Path, deck_dir: Path | None = None) -> ImportResult:
    """Return :func:`import_markdown` of the file at ``path`` (named by its file name);
    pictures are found beside the notes and named from ``deck_dir`` (default: the notes'
    folder), where the deck will be written.

    The file is read as UTF-8; a file that is not valid UTF-8 is read as cp1252, with a
    warning on the line of the first byte that is not UTF-8. The notes are read through
    the trust boundary, :class:`deckgen.confine.Reader`, which raises
    :class:`~deckgen.confine.Refused` when the file is missing, not a regular file (a FIFO
    or a device would block or never end), unreadable or larger than MAX_NOTES_BYTES; the
    limit holds while reading. The notes are named on the command line, so no root
    confines them.
    """
    data = Reader(None).read(path, MAX_NOTES_BYTES, str(path))
    text, note = decode(data)
    locate = pictures(path.parent, deck_dir if deck_dir is not None else path.parent)
    result = import_markdown(text, source_name=path.name, locate=locate)
    if note is None:
        return result
    return ImportResult(result.yaml_text, sorted([note, *result.warnings], key=lambda w: w[0]))
