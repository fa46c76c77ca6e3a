"""Link targets a deck may write: ``http``, ``https`` and ``mailto`` addresses, nothing else.

A link in a slide is followed by whoever opens the deck, so a target such as
``javascript:…``, ``file:///…``, ``data:…``, a network share (``\\\\host\\share``) or a
relative path (which PowerPoint resolves against the deck's own folder) is refused with a
located error before anything is laid out. Every text field is checked, since any of them
may hold ``[text](target)`` markup, and so is the deck's ``source.url``.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from deckgen import markup
from deckgen.diagnostics import Diagnostic, Severity, YamlPath
from deckgen.source import SourceMap

#: The schemes a link may use.
SCHEMES = ("http", "https", "mailto")
#: Fields whose text is not markup: LaTeX, code, speaker notes, file names (the deck's
#: own ``source`` is checked on its own: its URL is a link, its label markup).
_NOT_MARKUP = frozenset({"latex", "notes", "source", "path", "csv"})
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_HINT = "links may go to http://, https:// or mailto: addresses"


def target_problem(target: str) -> str | None:
    """Return why ``target`` may not be a link, or None when it may."""
    if target.startswith(("\\\\", "//", "\\")):
        return "a network path"
    if any(ch.isspace() or ord(ch) < 0x20 or ord(ch) == 0x7F for ch in target):
        return "it contains spaces or control characters"
    m = _SCHEME.match(target)
    if m is None:
        return "a relative path, not a web address"
    scheme = m.group(1).lower()
    if scheme not in SCHEMES:
        return f"the '{scheme}:' scheme is not allowed"
    if scheme == "mailto":
        return None if len(target) > len("mailto:") else "an empty address"
    try:
        host = urlsplit(target).netloc
    except ValueError:
        return "not a valid web address"
    return None if host else "a web address needs a host (https://host/…)"


def _shown(target: str) -> str:
    """Return ``target`` cut to 80 characters for a message."""
    return target if len(target) <= 80 else target[:77] + "..."


def check_links(data: Any, smap: SourceMap) -> list[Diagnostic]:
    """Return a located error for every link target in the deck data that is refused."""
    out: list[Diagnostic] = []
    source = data.get("source") if isinstance(data, dict) else None
    if isinstance(source, dict):
        if isinstance(source.get("url"), str):
            _check(source["url"], ("source", "url"), smap, out)
        _walk(source.get("label"), ("source", "label"), smap, out)
    else:  # a bare string is the label, shown as markup on the title slide
        _walk(source, ("source",), smap, out)
    _walk(data, (), smap, out)
    return out


def _check(target: str, path: YamlPath, smap: SourceMap, out: list[Diagnostic]) -> None:
    """Append a located error to ``out`` when ``target`` may not be a link."""
    problem = target_problem(target)
    if problem is not None:
        out.append(
            Diagnostic(
                Severity.ERROR,
                f"link target '{_shown(target)}' is refused: {problem}",
                smap.span(path),
                path,
                _HINT,
            )
        )


def _walk(value: Any, path: YamlPath, smap: SourceMap, out: list[Diagnostic]) -> None:
    """Check the link targets of every markup string under ``value``."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key not in _NOT_MARKUP:
                _walk(item, (*path, key), smap, out)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _walk(item, (*path, i), smap, out)
    elif isinstance(value, str) and "](" in value:
        for piece in markup.parse(value):
            if piece.link is not None:
                _check(piece.link, path, smap, out)
