"""Diagnostics: what every stage returns instead of raising or printing.

A diagnostic carries a position in a source file (when one is known), the YAML path of
the offending value, a one-line message and an optional hint. Only the CLI renders them,
in the style of a compiler::

    decks/qwen25.yaml:14:13: error: slides[2].layout: unknown layout 'two-colum'
       14 |     layout: two-colum
          |             ^^^^^^^^^
      hint: did you mean 'two-column'?
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

YamlPath = tuple[str | int, ...]
#: The most characters of a source line shown under a diagnostic.
EXCERPT_WIDTH = 160


class Severity(StrEnum):
    """How bad a diagnostic is; errors make the build fail."""

    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


@dataclass(frozen=True)
class Span:
    """A position in a source file: 1-based line and column, and the length to underline."""

    file: str
    line: int
    column: int
    length: int = 1


@dataclass(frozen=True)
class Diagnostic:
    """One finding about a deck, a theme or a generated file."""

    severity: Severity
    message: str
    span: Span | None = None
    path: YamlPath = ()
    hint: str | None = None
    rule: str | None = None

    @property
    def is_error(self) -> bool:
        """Return True when this diagnostic fails the build."""
        return self.severity is Severity.ERROR

    def to_dict(self) -> dict[str, object]:
        """Return a JSON-ready mapping of this diagnostic."""
        return {
            "severity": self.severity.value,
            "message": self.message,
            "file": self.span.file if self.span else None,
            "line": self.span.line if self.span else None,
            "column": self.span.column if self.span else None,
            "path": format_path(self.path) or None,
            "hint": self.hint,
            "rule": self.rule,
        }


class DeckError(Exception):
    """Raised by library entry points when a stage produced errors.

    Carries every diagnostic collected so far, so the CLI can print them all.
    """

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        self.diagnostics = list(diagnostics)
        first = next((d for d in self.diagnostics if d.is_error), None)
        super().__init__(first.message if first else "deck error")


@dataclass
class DiagnosticBag:
    """Collects diagnostics for one stage; no global state."""

    items: list[Diagnostic] = field(default_factory=list)

    def add(self, diagnostic: Diagnostic) -> None:
        """Append one diagnostic."""
        self.items.append(diagnostic)

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        """Append several diagnostics."""
        self.items.extend(diagnostics)

    @property
    def has_errors(self) -> bool:
        """Return True when any collected diagnostic is an error."""
        return any(d.is_error for d in self.items)


def format_path(path: YamlPath) -> str:
    """Return a YAML path as ``slides[2].bullets[0]``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def did_you_mean(word: str, candidates: Iterable[str], n: int = 1) -> list[str]:
    """Return up to ``n`` candidates close to ``word``, best first."""
    pool = list(candidates)
    matches = difflib.get_close_matches(word, pool, n=n, cutoff=0.6)
    if not matches:
        lowered = {c.lower(): c for c in pool}
        matches = [lowered[m] for m in difflib.get_close_matches(word.lower(), lowered, n=n)]
    return matches


def render(diagnostic: Diagnostic, source_text: str | None = None) -> str:
    """Return ``diagnostic`` as compiler-style text, with the source line and a caret."""
    where = ""
    if diagnostic.span is not None:
        sp = diagnostic.span
        where = f"{sp.file}:{sp.line}:{sp.column}: "
    label = format_path(diagnostic.path)
    rule = f" [{diagnostic.rule}]" if diagnostic.rule else ""
    head = f"{where}{diagnostic.severity.value}: {label + ': ' if label else ''}"
    lines = [f"{head}{diagnostic.message}{rule}"]
    if diagnostic.span is not None and source_text is not None:
        src_lines = source_text.splitlines()
        if 1 <= diagnostic.span.line <= len(src_lines):
            text = src_lines[diagnostic.span.line - 1].expandtabs(1)
            number = str(diagnostic.span.line)
            gutter = " " * len(number)
            col = max(diagnostic.span.column, 1)
            if len(text) > EXCERPT_WIDTH:
                # Only the offending line, and only the part of it around the column.
                start = max(0, min(col - 1 - EXCERPT_WIDTH // 3, len(text) - EXCERPT_WIDTH))
                head = "…" if start else ""
                tail = "…" if start + EXCERPT_WIDTH < len(text) else ""
                text = head + text[start : start + EXCERPT_WIDTH] + tail
                col = col - start + len(head)
            width = max(1, min(diagnostic.span.length, max(1, len(text) - col + 1)))
            lines.append(f" {number} | {text}")
            lines.append(f" {gutter} | {' ' * (col - 1)}{'^' * width}")
    if diagnostic.hint:
        lines.append(f"  hint: {diagnostic.hint}")
    return "\n".join(lines)


def read_source_text(file: str) -> str | None:
    """Return the text of ``file`` for excerpts, or None when it cannot be read."""
    try:
        return Path(file).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
