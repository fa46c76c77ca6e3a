"""``deckgen new``: a starter deck with a title slide and commented examples.

The starter builds as it is. Below the title slide it carries one commented example per
layout and per visual the schema knows, so an author uncomments what they need instead of
looking up keys. Removing the leading ``# `` from every example line gives a deck that
builds too (tests check both, and that every layout and visual has an example).
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from pathlib import Path

from deckgen import spec

#: Longest file name stem ``slugify`` returns.
MAX_SLUG = 60

LAYOUT_EXAMPLES: dict[str, str] = {
    "title": "",  # the starter's first slide, not commented out
    "section": """
- layout: section
  number: "01"
  title: Background
  subtitle: What came before this paper
""",
    "bullets": """
- layout: bullets
  title: The key idea
  icon: lightbulb
  bullets:
    - One point per line; **bold**, *italic*, `code` and [links](https://example.org) work
    - text: A bullet with an icon and sub-bullets
      icon: sparkles
      bullets: [A second-level point, Another one]
  notes: Speaker notes go here, on any slide.
""",
    "two-column": """
- layout: two-column
  title: Before and after
  left: {heading: Before, icon: circle-x, bullets: [Slow, Expensive]}
  right: {heading: After, icon: circle-check, text: One paragraph instead of bullets.}
""",
    "quote": """
- layout: quote
  quote: A sentence from the paper worth quoting.
  attribution: Author et al., 2024
""",
    "statement": """
- layout: statement
  title: The headline result
  statement: "2× faster"
  caption: One sentence that explains the number
  points:
    - {text: A supporting fact, icon: zap}
    - {text: Another supporting fact, icon: layers}
""",
    "qa": """
- layout: qa
  title: Questions and answers
  items:
    - q: What problem does the paper solve?
      a: One or two sentences.
    - {q: "What is new?", a: One or two sentences.}
""",
    "question": """
- layout: question
  question: What would you try next?
""",
}

VISUAL_EXAMPLES: dict[str, str] = {
    "chart": """
- layout: bullets
  title: A native chart
  chart:
    kind: bar                      # bar | pie | doughnut | line
    categories: [Task A, Task B]
    series:
      - {name: This paper, values: [88.2, 83.1]}
      - {name: Baseline, values: [84.5, 73.8]}
    unit: "%"
""",
    "diagram": """
- layout: bullets
  title: A diagram
  diagram:
    kind: flow                     # flow | cycle | tree | comparison | timeline | stack
    nodes:
      - {label: Input, icon: database}
      - {label: Model, icon: cpu}
      - {label: Output, icon: sparkles, emphasis: true}
""",
    "table": """
- layout: bullets
  title: A table
  table:
    columns: [Model, Score]
    rows: [[Baseline, "63.4"], [This paper, "68.9"]]
""",
    "stat": """
- layout: bullets
  title: A big number
  bullets: [What the number means]
  stat: {value: 18T, label: tokens, before: 7T, before_label: previous version}
""",
    "code": """
- layout: bullets
  title: A code listing
  code:
    language: python
    source: |
      def greet(name):
          return f"Hello, {name}!"
""",
    "equation": """
- layout: bullets
  title: An equation
  equation: {latex: 'E = m c^2', caption: Mass–energy equivalence}
""",
    "image": """
- layout: bullets
  title: A picture
  image: {path: figures/overview.png, alt: What the figure shows}   # path relative to the deck
""",
}


def slugify(title: str) -> str:
    """Return a file-name stem for ``title``: lowercase ASCII words joined by '-'."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > MAX_SLUG:
            break
        slug = candidate
    return slug or (words[0][:MAX_SLUG] if words else "")


def layouts() -> list[str]:
    """Return the layouts the schema knows, in the schema's order."""
    return list(spec.LAYOUTS)


def visuals() -> list[str]:
    """Return the visuals the schema knows."""
    return list(getattr(spec, "VISUALS", ("chart", "diagram", "table", "stat")))


def _schema_ref(folder: Path) -> str:
    """Return the path from ``folder`` to the nearest ``schema/deck.schema.json`` above it."""
    start = folder.resolve()
    for parent in (start, *start.parents):
        candidate = parent / "schema" / "deck.schema.json"
        if candidate.is_file():
            return Path(os.path.relpath(candidate, start)).as_posix()
    return "../schema/deck.schema.json"


def _commented(snippet: str) -> list[str]:
    return [f"  # {line}" if line else "  #" for line in snippet.strip("\n").splitlines()]


def starter(title: str, folder: Path) -> str:
    """Return the YAML text of a new deck called ``title`` to be saved in ``folder``."""
    quoted = json.dumps(title, ensure_ascii=False)  # a JSON string is a YAML scalar
    stem = slugify(title)
    where = (folder / f"{stem}.yaml").as_posix()
    lines = [
        f"# yaml-language-server: $schema={_schema_ref(folder)}",
        f"# Build it:        deckgen build {where}",
        f"# Rebuild on save: deckgen watch {where}",
        f"title: {quoted}",
        f"short_title: {quoted}  # footer text",
        "subtitle: One line on why this paper matters",
        "authors: [Your Name]",
        '# date: "2025-01-31"',
        '# source: {label: "arXiv:0000.00000", url: "https://arxiv.org/abs/0000.00000"}',
        "theme: paper  # or paper-grey, or a theme folder: themes/NAME/",
        "# vars: {model: My Model}  # then write {{ model }} in any text",
        "",
        "slides:",
        "  - layout: title",
        "    kicker: Paper review",
        "    icon: book-open",
        "",
        "  ## Examples of every layout and visual: uncomment one (remove '# ') and edit it.",
    ]
    for name in layouts():
        snippet = LAYOUT_EXAMPLES.get(name)
        if snippet:
            lines += ["", f"  ## layout: {name}", *_commented(snippet)]
    for name in visuals():
        snippet = VISUAL_EXAMPLES.get(name)
        if snippet:
            lines += ["", f"  ## visual: {name}", *_commented(snippet)]
    return "\n".join(lines) + "\n"
