"""Stage 2: the deck schema.

Plain data from :mod:`deckgen.source` is validated against pydantic models. Every error is
collected in one pass and turned into a located :class:`~deckgen.diagnostics.Diagnostic`
with the expected value and, for names, a "did you mean".

The models are also the documentation: each field's ``description`` ends up in the JSON
Schema (``deckgen schema``) that editors use to complete and check deck files.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from typing import Annotated, Any, Literal, Union

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from deckgen.diagnostics import Diagnostic, Severity, YamlPath, did_you_mean
from deckgen.source import SourceMap


def _scalar_as(key: str, value: Any) -> Any:
    """Return ``{key: value}`` for a bare scalar (shorthand in YAML), else ``value``."""
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return {key: str(value)}
    return value


class Model(BaseModel):
    """Base of every spec model: unknown keys are errors; numbers are accepted as text."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, frozen=True)


Text = Annotated[str, Field(max_length=20_000)]
IconName = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80)]
ColorRole = Literal["primary", "accent", "muted", "text", "positive", "negative"]


class Source(Model):
    """Where the deck's material comes from: shown on the title slide and in the properties."""

    label: Text = Field(description="Citation text, e.g. 'arXiv:2412.15115'.")
    url: str | None = Field(None, description="Link to the paper or page.")


class Bullet(Model):
    """One bullet: its text, an optional icon and up to one level of sub-bullets."""

    text: Text = Field(
        description="The bullet's text; inline **bold**, *italic*, `code`, [links](url)."
    )
    icon: IconName | None = Field(None, description="Lucide icon drawn instead of the bullet mark.")
    bullets: list[Text] = Field(default_factory=list, description="Second-level bullets.")

    # A bare string is the common case: `- Some point`.
    _from_text = model_validator(mode="before")(classmethod(lambda cls, v: _scalar_as("text", v)))


class Point(Model):
    """A short supporting fact shown as a card (statement slides)."""

    text: Text
    icon: IconName | None = None

    # A bare string is the common case: `- Some point`.
    _from_text = model_validator(mode="before")(classmethod(lambda cls, v: _scalar_as("text", v)))


# --- visuals -------------------------------------------------------------------------


class Series(Model):
    """One data series of a chart."""

    name: Text
    values: list[float] = Field(min_length=1, max_length=200)


class Chart(Model):
    """A native, editable chart; data travels in the embedded workbook."""

    kind: Literal["bar", "pie", "doughnut", "line"] = Field(description="Chart type.")
    orientation: Literal["vertical", "horizontal"] = Field(
        "vertical", description="Bars grow up (vertical) or right (horizontal)."
    )
    categories: list[Text] = Field(min_length=1, max_length=60)
    series: list[Series] = Field(min_length=1, max_length=8)
    title: Text | None = Field(None, description="Small heading above the chart.")
    number_format: str = Field(
        "General", description="Excel number format of labels and axis, e.g. '0.0' or '0%'."
    )
    unit: str = Field("", max_length=8, description="Suffix shown after data labels, e.g. '%'.")
    labels: bool = Field(True, description="Show data labels.")
    legend: bool | None = Field(
        None, description="Show a legend; default: when there are several series or slices."
    )
    axis_max: float | None = Field(None, description="Upper bound of the value axis.")
    axis_min: float | None = Field(None, description="Lower bound of the value axis.")
    alt: Text | None = Field(None, description="Alt text; default: generated from the data.")

    @model_validator(mode="after")
    def _lengths(self) -> Chart:
        for i, s in enumerate(self.series):
            if len(s.values) != len(self.categories):
                raise ValueError(
                    f"series[{i}] '{s.name}' has {len(s.values)} values for "
                    f"{len(self.categories)} categories"
                )
        if self.kind in ("pie", "doughnut") and len(self.series) != 1:
            raise ValueError(f"a {self.kind} chart takes exactly one series")
        return self


class Node(Model):
    """A box in a diagram: label, optional caption, icon, date and children."""

    label: Text
    caption: Text | None = None
    icon: IconName | None = None
    date: Text | None = Field(None, description="Date or period (timeline diagrams).")
    items: list[Text] = Field(
        default_factory=list, description="Lines listed under a comparison column."
    )
    children: list[Node] = Field(default_factory=list, description="Child nodes (tree diagrams).")
    emphasis: bool = Field(False, description="Draw this node in the accent colour.")

    # A bare string is the common case: `- Some point`.
    _from_text = model_validator(mode="before")(classmethod(lambda cls, v: _scalar_as("label", v)))


class Diagram(Model):
    """A diagram laid out automatically from a list of nodes."""

    kind: Literal["flow", "cycle", "tree", "comparison", "timeline", "stack"]
    nodes: list[Node] = Field(min_length=1, max_length=40)
    caption: Text | None = Field(None, description="One line under the diagram.")
    alt: Text | None = None

    @model_validator(mode="after")
    def _shape(self) -> Diagram:
        n = len(self.nodes)
        if self.kind == "tree" and (n != 1 or not self.nodes[0].children):
            raise ValueError("a tree diagram has one root node with 'children'")
        if self.kind == "comparison" and not 2 <= n <= 3:
            raise ValueError(f"a comparison diagram has 2 or 3 columns, not {n}")
        if self.kind == "cycle" and not 3 <= n <= 8:
            raise ValueError(f"a cycle diagram has 3 to 8 nodes, not {n}")
        if self.kind in ("flow", "timeline", "stack") and n < 2:
            raise ValueError(f"a {self.kind} diagram needs at least 2 nodes")
        return self


class Table(Model):
    """A native table: a header row and rows of cells."""

    columns: list[Text] = Field(
        default_factory=list,
        max_length=12,
        description="Header cells; default: the CSV file's first row.",
    )
    rows: list[list[Text]] = Field(default_factory=list, max_length=60)
    csv: str | None = Field(None, description="A CSV file (relative to the deck) holding the rows.")
    align: list[Literal["left", "center", "right", "auto"]] | None = Field(
        None, description="Alignment per column; default: numbers right, text left."
    )
    highlight: list[int] = Field(default_factory=list, description="Row indexes to emphasise.")
    alt: Text | None = None

    @model_validator(mode="after")
    def _shape(self) -> Table:
        if self.csv is not None:
            if self.rows:
                raise ValueError("give the table 'rows' or a 'csv' file, not both")
            return self
        if not self.columns:
            raise ValueError("a table needs 'columns' (or a 'csv' file)")
        if not self.rows:
            raise ValueError("a table needs 'rows' (or a 'csv' file)")
        for i, row in enumerate(self.rows):
            if len(row) != len(self.columns):
                raise ValueError(f"rows[{i}] has {len(row)} cells for {len(self.columns)} columns")
        if self.align is not None and len(self.align) != len(self.columns):
            raise ValueError("'align' needs one entry per column")
        return self


Short = Annotated[str, Field(max_length=24)]


class Stat(Model):
    """A big number, optionally with where it came from (``7T → 18T``)."""

    value: Short
    label: Text | None = None
    before: Short | None = Field(None, description="Earlier value, drawn greyed with an arrow.")
    before_label: Text | None = None


# --- slides --------------------------------------------------------------------------


class SlideBase(Model):
    """Fields shared by every layout."""

    notes: Text | None = Field(None, description="Speaker notes.")
    hidden: bool = Field(False, description="Hide the slide in the slide show.")


class Code(Model):
    """A code listing, highlighted into coloured runs of a monospace font."""

    source: Annotated[str, Field(max_length=20_000)] = Field(
        description="The code; a YAML block scalar (|) keeps its lines."
    )
    language: str = Field(
        "text", max_length=40, description="Pygments language name, e.g. python, bash, yaml."
    )
    line_numbers: bool = False
    first_line: int = Field(
        1, ge=0, description="Number of the first line when line numbers are shown."
    )
    highlight: list[int] = Field(
        default_factory=list, description="Line numbers (as shown) to highlight."
    )
    title: Text | None = Field(None, description="A file name or caption above the listing.")


class Equation(Model):
    """A displayed equation in LaTeX, written as a native, editable Office equation."""

    latex: Annotated[str, Field(min_length=1, max_length=4_000)]
    caption: Text | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        return {"latex": value} if isinstance(value, str) else value


class Image(Model):
    """A picture (PNG, JPEG, GIF) or an SVG drawn as native shapes."""

    path: str = Field(min_length=1, description="File path, relative to the deck file.")
    alt: Annotated[str, Field(min_length=1, max_length=2_000)] = Field(
        description="Alt text for screen readers (required)."
    )
    fit: Literal["contain", "cover"] = Field(
        "contain", description="Fit inside the box, or fill it and crop."
    )
    caption: Text | None = None


VISUALS: tuple[str, ...] = ("chart", "diagram", "table", "stat", "code", "equation", "image")


class VisualFields(Model):
    """At most one visual on a content slide."""

    chart: Chart | None = None
    diagram: Diagram | None = None
    table: Table | None = None
    stat: Stat | None = None
    code: Code | None = None
    equation: Equation | list[Equation] | None = Field(
        None, description="One equation or a list shown one under another."
    )
    image: Image | None = None
    placement: Literal["auto", "right", "below"] = Field(
        "auto", description="Where the visual goes when the slide also has bullets."
    )

    @model_validator(mode="after")
    def _one_visual(self) -> VisualFields:
        present = [k for k in VISUALS if getattr(self, k) is not None]
        if len(present) > 1:
            raise ValueError(f"a slide takes one visual; found {', '.join(present)}")
        return self


class TitleSlide(SlideBase):
    """The opening slide: deck title, subtitle, authors, date and source."""

    layout: Literal["title"]
    title: Text | None = Field(None, description="Default: the deck's title.")
    subtitle: Text | None = None
    kicker: Text | None = Field(
        None, description="Small line above the title, e.g. 'Paper review'."
    )
    icon: IconName | None = Field(None, description="Large icon on the title slide's side panel.")


class SectionSlide(SlideBase):
    """A divider between parts of a talk."""

    layout: Literal["section"]
    title: Text
    subtitle: Text | None = None
    number: Text | None = Field(None, description="Section number, e.g. '02'.")


class BulletsSlide(SlideBase, VisualFields):
    """Title, bullets (two levels) and optionally one visual beside or below them."""

    layout: Literal["bullets"]
    title: Text
    icon: IconName | None = Field(None, description="Icon shown beside the title.")
    bullets: list[Bullet] = Field(default_factory=list, max_length=40)
    overflow: Literal["error", "continue"] | None = Field(
        None, description="What to do when bullets do not fit; default: the deck's setting."
    )

    @model_validator(mode="after")
    def _content(self) -> BulletsSlide:
        if not self.bullets and not any(getattr(self, k) is not None for k in VISUALS):
            raise ValueError("a bullets slide needs 'bullets' or a visual")
        return self


class Column(Model):
    """One side of a two-column slide."""

    heading: Text | None = None
    icon: IconName | None = None
    bullets: list[Bullet] = Field(default_factory=list, max_length=20)
    text: Text | None = Field(None, description="A paragraph instead of (or before) bullets.")


class TwoColumnSlide(SlideBase):
    """Two columns side by side, e.g. a comparison."""

    layout: Literal["two-column"]
    title: Text
    icon: IconName | None = None
    left: Column
    right: Column


class QuoteSlide(SlideBase):
    """A quotation with its source."""

    layout: Literal["quote"]
    title: Text | None = None
    quote: Text
    attribution: Text | None = None


class StatementSlide(SlideBase):
    """One big claim or number with a caption, and up to four supporting points."""

    layout: Literal["statement"]
    title: Text | None = None
    statement: Text = Field(description="The claim, shown big: e.g. '72B ≈ 405B'.")
    caption: Text | None = None
    icon: IconName | None = None
    points: list[Point] = Field(default_factory=list, max_length=4)


class QA(Model):
    """A question and its answer."""

    q: Text = Field(description="The question, set as a heading.")
    a: Text = Field(description="The answer.")


class QASlide(SlideBase):
    """Questions with their answers; as many per slide as fit, the rest on '(cont.)' slides."""

    layout: Literal["qa"]
    title: Text
    icon: IconName | None = None
    items: list[QA] = Field(min_length=1, max_length=60)


class QuestionSlide(SlideBase):
    """A closing question for the audience."""

    layout: Literal["question"]
    title: Text = Field("Question for you", description="Small heading above the question.")
    question: Text
    icon: IconName | None = None


Slide = Annotated[
    Union[  # noqa: UP007 - a discriminated union needs the Union form for pydantic
        TitleSlide,
        SectionSlide,
        BulletsSlide,
        TwoColumnSlide,
        QuoteSlide,
        StatementSlide,
        QASlide,
        QuestionSlide,
    ],
    Field(discriminator="layout"),
]

LAYOUTS: tuple[str, ...] = (
    "title",
    "section",
    "bullets",
    "two-column",
    "quote",
    "statement",
    "qa",
    "question",
)


class Deck(Model):
    """A deck: metadata and a list of slides."""

    title: Text = Field(description="The deck's title (title slide, document properties).")
    short_title: Text | None = Field(None, description="Footer text; default: the title.")
    subtitle: Text | None = None
    authors: list[Text] = Field(default_factory=list)
    date: Text | None = Field(None, description="Shown on the title slide, e.g. '2024-12-19'.")
    source: Source | None = None
    subject: Text | None = Field(None, description="Document subject property.")
    keywords: list[Text] = Field(default_factory=list)
    theme: str = Field("paper", description="Built-in theme name or a path to a theme folder.")
    overflow: Literal["error", "continue"] = Field(
        "error", description="Bullets that do not fit: fail, or continue on a '(cont.)' slide."
    )
    slides: list[Slide] = Field(min_length=1, max_length=10_000)

    @field_validator("authors", "keywords", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, value: Any) -> Any:
        # YAML reads 2024-12-19 as a date; keep the author's spelling.
        return value.isoformat() if isinstance(value, dt.date) else value

    @field_validator("source", mode="before")
    @classmethod
    def _source(cls, value: Any) -> Any:
        if isinstance(value, str):
            return {"label": value, "url": value if value.startswith("http") else None}
        return value


# --- error translation -----------------------------------------------------------------


def _unwrap(annotation: Any) -> list[Any]:
    """Return the candidate model classes hidden in an annotation."""
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        out: list[Any] = []
        for arg in typing.get_args(annotation):
            out.extend(_unwrap(arg))
        return out
    if origin in (list, tuple):
        return _unwrap(typing.get_args(annotation)[0])
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return []


def _model_at(root: type[BaseModel], data: Any, path: YamlPath) -> type[BaseModel] | None:
    """Return the model class that validates the mapping at ``path`` of ``data``."""
    candidates: list[type[BaseModel]] = [root]
    node = data
    for part in path:
        if isinstance(part, int):
            node = node[part] if isinstance(node, list) and part < len(node) else None
            continue
        model = _pick(candidates, node)
        if model is None or part not in model.model_fields:
            return None
        candidates = _unwrap(model.model_fields[part].annotation)
        node = node.get(part) if isinstance(node, dict) else None
    return _pick(candidates, node)


def _pick(candidates: list[type[BaseModel]], item: Any) -> type[BaseModel] | None:
    if len(candidates) <= 1:
        return candidates[0] if candidates else None
    if isinstance(item, dict) and "layout" in item:
        for cand in candidates:
            field = cand.model_fields.get("layout")
            if field is not None and item["layout"] in typing.get_args(field.annotation):
                return cand
    return None


def _clean_loc(loc: tuple[Any, ...], data: Any) -> YamlPath:
    """Return pydantic's error location as a YAML path (union tags removed)."""
    out: list[str | int] = []
    node = data
    for i, part in enumerate(loc):
        last = i == len(loc) - 1
        after_index = i > 0 and isinstance(loc[i - 1], int)
        # pydantic puts a discriminated union's tag right after the list index.
        if after_index and isinstance(node, dict) and node.get("layout") == part:
            continue
        if isinstance(node, list) and isinstance(part, str) and not last:
            continue
        out.append(part)
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            node = None
    return tuple(out)


_TYPE_NAMES = {
    "string_type": "a text string",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
}


def _describe_value(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"'{str(value).lower()}'"
    text = str(value)
    return f"'{text[:40]}…'" if len(text) > 40 else f"'{text}'"


def translate_errors(
    exc: ValidationError,
    data: Any,
    smap: SourceMap,
    root: type[BaseModel] = Deck,
    what: str = "deck",
) -> list[Diagnostic]:
    """Return one located diagnostic per pydantic error, in source order."""
    diags: list[Diagnostic] = []
    for err in exc.errors(include_url=False):
        kind = err["type"]
        path = _clean_loc(tuple(err["loc"]), data)
        hint: str | None = None
        key_span = False
        value = err.get("input")
        if kind == "extra_forbidden":
            key = str(path[-1])
            model = _model_at(root, data, path[:-1])
            allowed = sorted(model.model_fields) if model else []
            message = f"unknown key '{key}'"
            close = did_you_mean(key, allowed)
            if close:
                hint = f"did you mean '{close[0]}'?"
            elif allowed:
                hint = "expected one of: " + ", ".join(allowed)
            key_span = True
        elif kind == "missing":
            message = f"missing required key '{path[-1]}'"
            path = path[:-1] if len(path) > 1 else path
        elif kind == "union_tag_invalid":
            tag = err["ctx"].get("tag", value)
            expected = LAYOUTS
            message = f"unknown layout '{tag}'"
            close = did_you_mean(str(tag), expected)
            hint = (
                f"did you mean '{close[0]}'?"
                if close
                else "expected one of: " + ", ".join(expected)
            )
            path = (*path, "layout")
        elif kind == "union_tag_not_found":
            message = "missing required key 'layout'"
            hint = "expected one of: " + ", ".join(LAYOUTS)
        elif kind == "literal_error":
            expected = err["ctx"]["expected"]
            options = [o.strip().strip("'") for o in expected.replace(" or ", ", ").split(",")]
            message = f"expected one of {', '.join(options)}; got {_describe_value(value)}"
            close = did_you_mean(str(value), options)
            hint = f"did you mean '{close[0]}'?" if close else None
        elif kind in _TYPE_NAMES:
            message = f"expected {_TYPE_NAMES[kind]}, got {_describe_value(value)}"
        elif kind == "too_short":
            message = f"needs at least {err['ctx'].get('min_length')} item(s)"
        elif kind == "too_long":
            message = f"has too many items (at most {err['ctx'].get('max_length')})"
        elif kind == "string_too_long":
            message = f"text is too long (at most {err['ctx'].get('max_length')} characters)"
        elif kind == "string_pattern_mismatch":
            message = (
                f"{_describe_value(value)} is not a valid name (lowercase words joined by '-')"
            )
        elif kind == "value_error":
            message = str(err["msg"]).removeprefix("Value error, ")
        else:
            message = str(err["msg"])
        span = smap.span(path, key=key_span)
        diags.append(Diagnostic(Severity.ERROR, message, span, path, hint))
    diags.sort(key=lambda d: (d.span.line, d.span.column) if d.span else (0, 0))
    return diags


def validate_deck(data: Any, smap: SourceMap) -> tuple[Deck | None, list[Diagnostic]]:
    """Return the validated deck, or None and every schema error found."""
    try:
        return Deck.model_validate(data), []
    except ValidationError as exc:
        return None, translate_errors(exc, data, smap)
