"""Deck metadata from notes: front matter (YAML ``---`` or TOML ``+++``), a
``Authors: … | Year: …`` line under the title, and a title made from the file name."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path

import yaml

from deckgen.importer.draft import Draft, Warnings

_META_PART = re.compile(r"^\s*([A-Za-z][\w .&/-]{0,24}?)\s*:\s*(\S.*?)\s*$")
_ARXIV = re.compile(
    r"^(?:arxiv:\s*|https?://arxiv\.org/(?:abs|pdf)/)(\d{4}\.\d{4,5}(?:v\d+)?)", re.I
)
_LINK = re.compile(r"^\[([^\]]+)\]\((\S+)\)$")


def _source(value: str) -> tuple[str, str | None]:
    """Return ``(label, url)`` for a citation, a link or an arXiv id."""
    value = value.strip()
    if m := _LINK.match(value):
        return m.group(1), m.group(2)
    if m := _ARXIV.match(value):
        return f"arXiv:{m.group(1)}", f"https://arxiv.org/abs/{m.group(1)}"
    if re.match(r"^https?://\S+$", value):
        return value, value
    if m := re.match(r"^(?:doi:\s*|https?://doi\.org/)(10\.\S+)$", value, re.I):
        return f"doi:{m.group(1)}", f"https://doi.org/{m.group(1)}"
    return value, None


def metadata_line(text: str, draft: Draft) -> bool:
    """Fill ``draft`` from a ``Key: value | Key: value`` line; return False if it is not one."""
    parts = [p for p in text.split("|") if p.strip()] if "|" in text else [text]
    found: list[tuple[str, str]] = []
    for part in parts:
        m = _META_PART.match(part)
        if not m:
            return False
        found.append((m.group(1).lower().strip(), m.group(2)))
    keys = {
        "author": "authors",
        "authors": "authors",
        "by": "authors",
        "year": "date",
        "date": "date",
        "published": "date",
        "link": "source",
        "url": "source",
        "source": "source",
        "arxiv": "source",
        "doi": "source",
        "paper": "source",
        "venue": "subject",
        "journal": "subject",
        "conference": "subject",
        "keywords": "keywords",
        "tags": "keywords",
    }
    if not found or any(k not in keys for k, _ in found):
        return False
    for key, value in found:
        target = keys[key]
        if target == "authors":
            sep = ";" if ";" in value else " and " if " and " in value else None
            draft.authors = [a.strip() for a in value.split(sep)] if sep else [value]
        elif target == "date":
            draft.date = value
        elif target == "source":
            draft.source = _source(f"arXiv:{value}" if key == "arxiv" else value)
        elif target == "subject":
            draft.subject = value
        else:
            draft.keywords = [k.strip() for k in value.split(",") if k.strip()]
    return True


def front_matter(lines: list[str], draft: Draft, warn: Warnings) -> int:
    """Read YAML (``---``) or TOML (``+++``) front matter into ``draft``; return the index of
    the first line after it (0 when there is none)."""
    if not lines or lines[0].strip() not in ("---", "+++"):
        return 0
    fence = lines[0].strip()
    end = next(
        (k for k in range(1, len(lines)) if lines[k].strip() in (fence, "...")),
        None,
    )
    if end is None:
        return 0
    text = "\n".join(lines[1:end])
    try:
        data = tomllib.loads(text) if fence == "+++" else yaml.safe_load(text)
    except (tomllib.TOMLDecodeError, yaml.YAMLError):
        warn(1, "front matter could not be read; it was ignored")
        return end + 1
    if not isinstance(data, dict):
        return 0  # not front matter: the file starts with a horizontal rule

    def text_of(value: object) -> str | None:
        """Return a front-matter value as text, or None when it is not a scalar."""
        if isinstance(value, dt.datetime | dt.date):
            return value.date().isoformat() if isinstance(value, dt.datetime) else value.isoformat()
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            return str(value).strip() or None
        return None

    if title := text_of(data.get("title")):
        draft.title = title
    for key in ("subtitle", "description"):
        if draft.subtitle is None and (sub := text_of(data.get(key))):
            draft.subtitle = sub
    if date := text_of(data.get("date")):
        draft.date = date[:10] if re.match(r"^\d{4}-\d{2}-\d{2}T", date) else date
    authors = data.get("authors", data.get("author"))
    if isinstance(authors, str):
        draft.authors = [authors]
    elif isinstance(authors, list):
        draft.authors = [a for a in (text_of(x) for x in authors) if a]
    words = data.get("keywords", data.get("tags"))
    if isinstance(words, list):
        draft.keywords = [w for w in (text_of(x) for x in words) if w]
    return end + 1


def title_from_name(source_name: str) -> str:
    """Return a deck title made from a file name ('my-notes.md' → 'my notes')."""
    stem = Path(source_name).stem or "Imported notes"
    return re.sub(r"[-_]+", " ", stem).strip() or "Imported notes"
