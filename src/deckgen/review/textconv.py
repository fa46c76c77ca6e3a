"""A stable, line-oriented text form of any presentation, for ``git diff``.

With ``*.pptx diff=pptx`` in ``.gitattributes`` and
``git config diff.pptx.textconv "deckgen textconv"``, git diffs these lines instead of
saying "Binary files differ". Every line starts with what it is (``title:``, ``text:``,
``table 1:``, ``notes:``…) so a changed line reads on its own. Slide headings carry no
number: inserting a slide does not renumber every later heading in the diff.
"""

from __future__ import annotations

from deckgen.review.diff import deck_size, format_number
from deckgen.review.model import DeckModel, SlideModel


def to_lines(model: DeckModel) -> str:
    """Return the text form of ``model``: one heading per slide, then its content lines."""
    size = f", {deck_size(model)}" if model.width and model.height else ""
    n = len(model.slides)
    lines = [f"# presentation: {n} slide{'s' if n != 1 else ''}{size}"]
    for slide in model.slides:
        lines.append("")
        lines.extend(slide_lines(slide))
    return "\n".join(lines) + "\n"


def slide_lines(s: SlideModel) -> list[str]:
    """Return the lines of one slide."""
    out = [f"## slide: {s.title}" if s.title else "## slide"]
    if s.layout:
        out.append(f"layout: {s.layout}")
    if s.hidden:
        out.append("hidden: yes")
    out.extend(f"text: {'  ' * p.level}{p.text}" for p in s.paragraphs)
    for k, t in enumerate(s.tables, 1):
        out.extend(f"table {k}: {' | '.join(row)}" for row in t.rows)
    for k, c in enumerate(s.charts, 1):
        out.append(f"chart {k}: {c.kind}" + (f" '{c.title}'" if c.title else ""))
        if c.categories:
            out.append(f"chart {k} categories: {' | '.join(c.categories)}")
        for series in c.series:
            values = " | ".join(format_number(v) for v in series.values)
            out.append(f"chart {k} series '{series.name}': {values}")
    out.extend(f"node: {label}" for label in s.nodes)
    out.extend(f"edge: {e.source} → {e.target}" for e in s.edges)
    for p in s.pictures:
        alt = f" '{p.alt}'" if p.alt else ""
        out.append(f"picture{alt}: sha256:{p.sha256[:16]}" if p.sha256 else f"picture{alt}: linked")
    out.extend(f"equation: {e.shown}" for e in s.equations)
    out.extend(f"notes: {line}" for line in s.notes.splitlines())
    out.extend(f"footer: {text}" for text in s.footer)
    return out
