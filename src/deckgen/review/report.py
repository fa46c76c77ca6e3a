"""A :class:`~deckgen.review.diff.DeckDiff` as text for a terminal, JSON for programs,
Markdown for a pull request or a job summary, or GitHub Actions annotations.

Each function returns the whole report as a string ending in a newline; nothing prints.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from deckgen.review.diff import Change, DeckDiff, Segment, SlideDiff

FORMATS = ("text", "json", "markdown", "github")


def render_report(diff: DeckDiff, fmt: str) -> str:
    """Return ``diff`` in one of :data:`FORMATS`."""
    return {"text": to_text, "json": to_json, "markdown": to_markdown, "github": to_github}[fmt](
        diff
    )


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def summary(diff: DeckDiff) -> str:
    """Return the one-line count of what differs ('1 changed, 1 inserted; 9 unchanged')."""
    c = diff.counts()
    parts = [f"{c[k]} {k}" for k in ("changed", "inserted", "removed", "moved") if c[k]]
    if diff.presentation:
        parts.insert(0, "presentation changed")
    return f"{', '.join(parts)}; {c['unchanged']} unchanged"


def identical_line(diff: DeckDiff) -> str:
    """Return the sentence that says the two decks are identical."""
    return (
        f"{diff.old_label} and {diff.new_label} are identical ({_plural(diff.new_slides, 'slide')})"
    )


def slide_label(s: SlideDiff) -> str:
    """Return how a report names a slide: 'slide 3', 'slide 3 → 4' (it moved along)."""
    if s.old is None:
        return f"slide {s.new}"
    if s.new is None or s.old == s.new:
        return f"slide {s.old}"
    return f"slide {s.old} → {s.new}"


def _heading(s: SlideDiff) -> str:
    title = f' "{s.title}"' if s.title else ""
    return f"{slide_label(s)}{title}: {s.status}"


# --- text -------------------------------------------------------------------------------------


#: Unchanged words kept on each side of a change in text reports; longer runs are elided.
CONTEXT = 8


def trimmed(segments: Sequence[Segment]) -> list[Segment]:
    """Return a word diff with long unchanged runs shortened to :data:`CONTEXT` words next
    to each change ('…' marks what was left out), so a long paragraph or speaker notes
    with one edit read as the edit."""
    out: list[Segment] = []
    last = len(segments) - 1
    for k, (op, text) in enumerate(segments):
        words = text.split(" ")
        if op != "=" or len(words) <= 2 * CONTEXT:
            out.append((op, text))
        elif k == 0:
            out.append((op, "… " + " ".join(words[-CONTEXT:])))
        elif k == last:
            out.append((op, " ".join(words[:CONTEXT]) + " …"))
        else:
            out.append((op, " ".join(words[:CONTEXT]) + " … " + " ".join(words[-CONTEXT:])))
    return out


def _words_text(change: Change) -> str:
    out = []
    for op, words in trimmed(change.words):
        out.append(words if op == "=" else f"[-{words}-]" if op == "-" else f"{{+{words}+}}")
    return " ".join(out)


def change_text(change: Change) -> str:
    """Return one change as a line of plain text (word diffs as [-old-]{+new+})."""
    if change.op == "added":
        body = f"+ {change.new}"
    elif change.op == "removed":
        body = f"- {change.old}"
    elif change.op == "moved":
        body = f"(moved) {change.new}"
    elif change.words:
        body = _words_text(change)
    else:
        body = f"{change.old} → {change.new}"
    return f"{change.label}: {body}"


def to_text(diff: DeckDiff) -> str:
    """Return the report for a terminal: one block per slide that differs, then a summary."""
    if diff.identical:
        return identical_line(diff) + "\n"
    lines = [
        f"--- {diff.old_label} ({_plural(diff.old_slides, 'slide')})",
        f"+++ {diff.new_label} ({_plural(diff.new_slides, 'slide')})",
    ]
    if diff.presentation:
        lines += ["", "presentation: changed"]
        lines.extend(f"  {change_text(c)}" for c in diff.presentation)
    for s in diff.slides:
        lines.append("")
        lines.append(_heading(s) + (f"  ({s.location})" if s.location else ""))
        lines.extend(f"  {change_text(c)}" for c in s.changes)
    lines.append("")
    lines.append(summary(diff))
    return "\n".join(lines) + "\n"


# --- JSON ---------------------------------------------------------------------------------------


def to_json(diff: DeckDiff) -> str:
    """Return the report as one JSON object (indented), stable key order."""
    data = {
        "old": {"label": diff.old_label, "slides": diff.old_slides},
        "new": {"label": diff.new_label, "slides": diff.new_slides},
        "identical": diff.identical,
        "counts": diff.counts(),
        "presentation": [
            {"kind": c.kind, "op": c.op, "where": c.where or None, "old": c.old, "new": c.new}
            for c in diff.presentation
        ],
        "slides": [
            {
                "status": s.status,
                "old": s.old,
                "new": s.new,
                "title": s.title,
                "location": s.location,
                "changes": [
                    {
                        "kind": c.kind,
                        "op": c.op,
                        "where": c.where or None,
                        "old": c.old,
                        "new": c.new,
                        "words": [{"op": op, "text": t} for op, t in c.words] or None,
                    }
                    for c in s.changes
                ],
            }
            for s in diff.slides
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


# --- Markdown -----------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


def md_escape(text: str) -> str:
    """Return ``text`` with Markdown's special characters escaped (no markup, no HTML)."""
    return _MD_SPECIAL.sub(r"\\\1", text).replace("\n", " ")


def change_markdown(change: Change) -> str:
    """Return one change as Markdown (word diffs as ~~old~~ **new**), text escaped."""
    label = f"**{md_escape(change.label)}**"
    if change.op == "added":
        return f"{label}: added “{md_escape(change.new or '')}”"
    if change.op == "removed":
        return f"{label}: removed “{md_escape(change.old or '')}”"
    if change.op == "moved":
        return f"{label}: moved “{md_escape(change.new or '')}”"
    if change.words:
        parts = []
        for op, words in trimmed(change.words):
            w = md_escape(words)
            parts.append(w if op == "=" else f"~~{w}~~" if op == "-" else f"**{w}**")
        return f"{label}: {' '.join(parts)}"
    return f"{label}: {md_escape(change.old or '')} → {md_escape(change.new or '')}"


def to_markdown(diff: DeckDiff) -> str:
    """Return the report as Markdown: a heading, the summary, a section per slide."""
    head = f"### Deck changes: `{diff.old_label}` → `{diff.new_label}`"
    if diff.identical:
        return f"{head}\n\n{md_escape(identical_line(diff))}.\n"
    lines = [head, "", f"**{md_escape(summary(diff))}**"]
    if diff.presentation:
        lines += ["", "#### Presentation — changed", ""]
        lines.extend(f"- {change_markdown(c)}" for c in diff.presentation)
    for s in diff.slides:
        title = f": {md_escape(s.title)}" if s.title else ""
        where = f" (`{s.location}`)" if s.location else ""
        lines += ["", f"#### {slide_label(s).capitalize()}{title} — {s.status}{where}", ""]
        lines.extend(f"- {change_markdown(c)}" for c in s.changes)
        if not s.changes:
            lines.append("- moved, content unchanged")
    return "\n".join(lines) + "\n"


# --- GitHub annotations --------------------------------------------------------------------------


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def to_github(diff: DeckDiff) -> str:
    """Return the report as GitHub Actions notices: one per slide (on its YAML line when the
    slide's spec is in the working tree), then the summary."""
    if diff.identical:
        return f"::notice title=deckgen diff::{_gh_data(identical_line(diff))}\n"
    lines = []
    if diff.presentation:
        body = "\n".join(["presentation: changed", *(change_text(c) for c in diff.presentation)])
        lines.append(f"::notice title=presentation changed::{_gh_data(body)}")
    for s in diff.slides:
        props = [f"title={_gh_property(f'{slide_label(s)} {s.status}')}"]
        file, _, line = (s.location or "").rpartition(":")
        # Annotate only a file of the checked-out tree: not a removed slide's old spec,
        # nor a file at a git revision (REV:path).
        if file and s.status != "removed" and ":" not in file:
            props.insert(0, f"file={_gh_property(file)},line={line}")
        body = "\n".join([_heading(s), *(change_text(c) for c in s.changes)])
        lines.append(f"::notice {','.join(props)}::{_gh_data(body)}")
    text = f"{diff.old_label} → {diff.new_label}: {summary(diff)}"
    lines.append(f"::notice title=deckgen diff::{_gh_data(text)}")
    return "\n".join(lines) + "\n"
