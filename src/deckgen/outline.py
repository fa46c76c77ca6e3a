"""``deckgen outline``: a Markdown handout of a deck (titles, bullets, visuals, notes).

The handout comes from a Jinja2 template, ``outline.md.j2``. A theme folder can ship its
own: the template is looked up along the theme's ``extends:`` chain (the deck's own theme
first), then in the built-in ``paper`` theme. Templates get plain data (see
:func:`outline_context`) and run in the same sandbox as deck templates.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from jinja2 import TemplateSyntaxError
from jinja2.exceptions import TemplateError

from deckgen import spec
from deckgen.confine import Reader, Refused
from deckgen.diagnostics import Diagnostic, Severity, Span
from deckgen.expand import make_sandbox
from deckgen.theme import builtin_theme_dir

TEMPLATE_NAME = "outline.md.j2"
MAX_OUTLINE = 5_000_000
#: The largest outline template read.
MAX_TEMPLATE_BYTES = 1024 * 1024


def find_template(theme_files: Sequence[Path]) -> Path:
    """Return the outline template for a theme chain (its theme.yaml files, own first)."""
    for theme_file in theme_files:
        candidate = theme_file.parent / TEMPLATE_NAME
        if os.path.lexists(candidate):
            return candidate  # read through the deck's reader, which may refuse it
    return builtin_theme_dir() / "paper" / TEMPLATE_NAME


# --- the data templates see -------------------------------------------------------------------


def _md_cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def md_table(
    columns: Sequence[str], rows: Sequence[Sequence[Any]], align: Sequence[str] = ()
) -> str:
    """Return a Markdown table."""
    marks = {"left": ":--", "center": ":-:", "right": "--:"}
    head = "| " + " | ".join(_md_cell(c) for c in columns) + " |"
    rule = (
        "| "
        + " | ".join(
            marks.get(a, "---") for a in (*align, *["auto"] * len(columns))[: len(columns)]
        )
        + " |"
    )
    body = ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
    return "\n".join([head, rule, *body])


def _number(value: float) -> str:
    """Return a chart value as written: a whole number in full (1022362, not 1.02236e+06)."""
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:g}"


def _chart(c: spec.Chart) -> dict[str, Any]:
    kind = f"{c.orientation} bar" if c.kind == "bar" and c.orientation == "horizontal" else c.kind
    rows = [[s.name, *(f"{_number(v)}{c.unit}" for v in s.values)] for s in c.series]
    summary = f"{kind.capitalize()} chart" + (f": {c.title}" if c.title else "")
    return {
        "kind": "chart",
        "summary": summary,
        "markdown": md_table(["", *c.categories], rows, ["left", *["right"] * len(c.categories)]),
    }


def _tree(node: spec.Node, depth: int = 0) -> list[str]:
    lines = [f"{'  ' * depth}- {node.label}" + (f" ({node.caption})" if node.caption else "")]
    for child in node.children:
        lines += _tree(child, depth + 1)
    return lines


def _diagram(d: spec.Diagram) -> dict[str, Any]:
    labels = [n.label for n in d.nodes]
    if d.kind == "flow":
        body = " → ".join(labels)
    elif d.kind == "cycle":
        body = " → ".join([*labels, labels[0]])
    elif d.kind == "stack":
        body = "\n".join(f"- {label}" for label in labels)
    elif d.kind == "timeline":
        body = "\n".join(f"- {n.date + ': ' if n.date else ''}{n.label}" for n in d.nodes)
    elif d.kind == "comparison":
        body = "\n".join(
            f"- **{n.label}**" + "".join(f"\n  - {item}" for item in n.items) for n in d.nodes
        )
    else:  # tree
        body = "\n".join(_tree(d.nodes[0]))
    summary = f"{d.kind.capitalize()} diagram" + (f": {d.caption}" if d.caption else "")
    return {"kind": "diagram", "summary": summary, "markdown": body}


def _stat(stat: spec.Stat) -> dict[str, Any]:
    """Return the key figure as a visual summary: its value, label and earlier value."""
    text = f"**{stat.value}**" + (f" {stat.label}" if stat.label else "")
    if stat.before:
        was = f"{stat.before}" + (f" {stat.before_label}" if stat.before_label else "")
        text += f" (was {was})"
    return {"kind": "stat", "summary": "Key figure", "markdown": text}


def _visual(slide: Any) -> dict[str, Any] | None:
    """Return a summary of the slide's visual: kind, a one-line summary and Markdown. A key
    figure with a supporting chart or diagram is one visual: the figure, then its support."""
    stat = getattr(slide, "stat", None)
    if stat is not None and (getattr(slide, "chart", None) or getattr(slide, "diagram", None)):
        figure = _stat(stat)
        support = _chart(slide.chart) if slide.chart is not None else _diagram(slide.diagram)
        markdown = f"{figure['markdown']}\n\n*{support['summary']}*\n\n{support['markdown']}"
        return {**figure, "markdown": markdown}
    if getattr(slide, "chart", None) is not None:
        return _chart(slide.chart)
    if getattr(slide, "diagram", None) is not None:
        return _diagram(slide.diagram)
    table = getattr(slide, "table", None)
    if table is not None:
        source = f" (from {table.csv})" if getattr(table, "csv", None) else ""
        markdown = md_table(table.columns, table.rows, table.align or ()) if table.rows else ""
        return {"kind": "table", "summary": f"Table{source}", "markdown": markdown}
    if stat is not None:
        return _stat(stat)
    code = getattr(slide, "code", None)
    if code is not None:
        fence = "```"
        while fence in code.source:
            fence += "`"
        block = f"{fence}{code.language}\n{code.source.rstrip()}\n{fence}"
        return {
            "kind": "code",
            "summary": code.title or f"Code ({code.language})",
            "markdown": block,
        }
    equation = getattr(slide, "equation", None)
    if equation is not None:
        items = equation if isinstance(equation, list) else [equation]
        block = "\n\n".join(
            f"$$\n{e.latex}\n$$" + (f"\n\n*{e.caption}*" if e.caption else "") for e in items
        )
        return {"kind": "equation", "summary": "Equation", "markdown": block}
    image = getattr(slide, "image", None)
    if image is not None:
        caption = f"\n\n*{image.caption}*" if image.caption else ""
        return {
            "kind": "image",
            "summary": image.alt,
            "markdown": f"![{image.alt}]({image.path}){caption}",
        }
    return None


def _bullets(items: Sequence[spec.Bullet]) -> list[dict[str, Any]]:
    return [{"text": b.text, "bullets": list(b.bullets)} for b in items]


def _slide(deck: spec.Deck, number: int, s: Any) -> dict[str, Any]:
    out: dict[str, Any] = {
        "number": number,
        "layout": s.layout,
        "title": getattr(s, "title", None),
        "subtitle": getattr(s, "subtitle", None),
        "bullets": _bullets(getattr(s, "bullets", []) or []),
        "paragraphs": [],
        "columns": [],
        "points": [],
        "qa": [],
        "visual": _visual(s),
        "notes": s.notes,
        "hidden": s.hidden,
    }
    paragraphs: list[str] = out["paragraphs"]
    if s.layout == "title":
        out["title"] = s.title or deck.title
        out["subtitle"] = s.subtitle or deck.subtitle
        if s.kicker:
            paragraphs.append(f"*{s.kicker}*")
    elif s.layout == "section" and s.number:
        out["title"] = f"{s.number} · {s.title}"
    elif s.layout == "quote":
        attribution = f"\n>\n> — {s.attribution}" if s.attribution else ""
        paragraphs.append(f"> {s.quote}{attribution}")
    elif s.layout == "statement":
        paragraphs.append(f"**{s.statement}**")
        if s.caption:
            paragraphs.append(s.caption)
        out["points"] = [p.text for p in s.points]
    elif s.layout == "question":
        paragraphs.append(f"**{s.question}**")
    elif s.layout == "two-column":
        out["columns"] = [
            {
                "heading": col.heading,
                "text": col.text,
                "bullets": _bullets(col.bullets),
            }
            for col in (s.left, s.right)
        ]
    elif s.layout == "qa":
        out["qa"] = [{"q": item.q, "a": item.a} for item in s.items]
    return out


def outline_context(deck: spec.Deck, source: str) -> dict[str, Any]:
    """Return the plain data an outline template renders: ``deck``, ``slides``, ``source``."""
    return {
        "source": source,
        "deck": {
            "title": deck.title,
            "short_title": deck.short_title,
            "subtitle": deck.subtitle,
            "authors": list(deck.authors),
            "date": deck.date,
            "source": (
                {"label": deck.source.label, "url": deck.source.url} if deck.source else None
            ),
            "subject": deck.subject,
            "keywords": list(deck.keywords),
            "theme": deck.theme,
        },
        "slides": [_slide(deck, i + 1, s) for i, s in enumerate(deck.slides)],
    }


def render_outline(
    deck: spec.Deck, theme_files: Sequence[Path], source: str, reader: Reader | None = None
) -> tuple[str | None, list[Diagnostic]]:
    """Return the Markdown handout of ``deck``, or None and a located error in the template.

    The template is read through ``reader``, the deck's trust boundary (default: only the
    built-in themes and the theme files' own folders)."""
    path = find_template(theme_files)
    if reader is None:
        own = theme_files[0].parent if theme_files else builtin_theme_dir()
        reader = Reader(own, (builtin_theme_dir(),))
    try:
        raw = reader.read(path, MAX_TEMPLATE_BYTES, str(path))
        text = raw.decode("utf-8")
    except Refused as exc:
        return None, [Diagnostic(Severity.ERROR, f"outline template {exc.message}", hint=exc.hint)]
    except UnicodeDecodeError:
        return None, [Diagnostic(Severity.ERROR, f"outline template {path} is not valid UTF-8")]
    env = make_sandbox(trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.globals["md_table"] = md_table
    try:
        template = env.from_string(text)
        out = "".join(template.generate(**outline_context(deck, source)))
    except TemplateSyntaxError as exc:
        span = Span(str(path), exc.lineno or 1, 1)
        return None, [Diagnostic(Severity.ERROR, f"template syntax error: {exc.message}", span)]
    except TemplateError as exc:
        line = _template_line(exc)
        span = Span(str(path), line, 1) if line else Span(str(path), 1, 1)
        return None, [Diagnostic(Severity.ERROR, f"template error: {exc.message or exc}", span)]
    if not out.endswith("\n"):
        out += "\n"
    if len(out) > MAX_OUTLINE:
        return None, [Diagnostic(Severity.ERROR, "the outline is too long", Span(str(path), 1, 1))]
    return out, []


def _template_line(exc: BaseException) -> int | None:
    """Return the template line a runtime error happened on, from its traceback."""
    tb = exc.__traceback__
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line
