"""Stage 2: the deck schema.

Plain data from :mod:`deckgen.source` is validated against these models (msgspec structs,
see :mod:`deckgen.validation`). Every error is collected in one pass and turned into a
located :class:`~deckgen.diagnostics.Diagnostic` with the expected value and, for names,
a "did you mean".

The models are also the documentation: each field's ``description`` ends up in the JSON
Schema (``deckgen schema``) that editors use to complete and check deck files.
"""

import datetime as dt
from typing import Annotated, Any, ClassVar, Literal, Union

from msgspec import Meta, field

from deckgen.diagnostics import Diagnostic, YamlPath
from deckgen.source import SourceMap
from deckgen.validation import FieldRuleError, Model, validate

#: The longest text one field (or one CSV cell) may hold.
MAX_TEXT = 20_000
Text = Annotated[str, Meta(max_length=MAX_TEXT)]
IconName = Annotated[str, Meta(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80)]
ColorRole = Literal[
    "primary", "accent", "muted", "text", "positive", "negative", "neutral", "highlight"
]


def _one_or_many(value: Any) -> Any:
    """Return ``[value]`` for a single text where a list is expected."""
    return [value] if isinstance(value, str) else value


def _source(value: Any) -> Any:
    """Return a bare citation or URL as a source mapping."""
    if isinstance(value, str):
        return {"label": value, "url": value if value.startswith("http") else None}
    return value


def _lang(value: Any) -> Any:
    """Return a valid BCP 47 language tag in its standard spelling ('zh-cn' → 'zh-CN')."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)  # `lang: 7` is a mistake to report, not a number to convert
    if not isinstance(value, str):
        return value
    # Imported here: only decks that set a language need the registry of subtags.
    import langcodes

    if "_" in value or not langcodes.tag_is_valid(value):
        raise ValueError(
            f"'{value}' is not a BCP 47 language tag (such as 'en-US', 'zh-CN', 'ja', 'ar-SA')"
        )
    return langcodes.standardize_tag(value)


def _date(value: Any) -> Any:
    # YAML reads 2024-12-19 as a date; keep the author's spelling.
    return value.isoformat() if isinstance(value, dt.date) else value


class Source(Model, kw_only=True):
    """Where the deck's material comes from: shown on the title slide and in the properties."""

    label: Annotated[Text, Meta(description="Citation text, e.g. 'arXiv:2412.15115'.")]
    url: Annotated[
        Annotated[str, Meta(max_length=2_048)] | None,
        Meta(description="Link to the paper or page."),
    ] = None


class Bullet(Model, kw_only=True):
    """One bullet: its text, an optional icon and up to one level of sub-bullets."""

    _shorthand: ClassVar[str] = "text"  # a bare string is the common case: `- Some point`

    text: Annotated[
        Text,
        Meta(description="The bullet's text; inline **bold**, *italic*, `code`, [links](url)."),
    ]
    icon: Annotated[
        IconName | None, Meta(description="Lucide icon drawn instead of the bullet mark.")
    ] = None
    bullets: Annotated[list[Text], Meta(description="Second-level bullets.")] = field(
        default_factory=list
    )


class Point(Model, kw_only=True):
    """A short supporting fact shown as a card (statement slides)."""

    _shorthand: ClassVar[str] = "text"

    text: Text
    icon: IconName | None = None


# --- visuals -------------------------------------------------------------------------


#: The largest magnitude of a chart value or axis bound (Excel keeps 15 significant digits).
MAX_CHART_VALUE = 1e15
ChartValue = Annotated[float, Meta(ge=-MAX_CHART_VALUE, le=MAX_CHART_VALUE)]


class Series(Model, kw_only=True):
    """One data series of a chart."""

    name: Text
    values: Annotated[list[ChartValue], Meta(min_length=1, max_length=200)]


class Chart(Model, kw_only=True):
    """A native, editable chart; data travels in the embedded workbook."""

    kind: Annotated[Literal["bar", "pie", "doughnut", "line"], Meta(description="Chart type.")]
    orientation: Annotated[
        Literal["vertical", "horizontal"],
        Meta(description="Bars grow up (vertical) or right (horizontal)."),
    ] = "vertical"
    categories: Annotated[list[Text], Meta(min_length=1, max_length=60)]
    series: Annotated[list[Series], Meta(min_length=1, max_length=8)]
    title: Annotated[Text | None, Meta(description="Small heading above the chart.")] = None
    number_format: Annotated[
        str,
        Meta(
            max_length=255,  # Excel's own limit for a format code
            description="Excel number format of labels and axis, e.g. '0.0' or '0%'.",
        ),
    ] = "General"
    unit: Annotated[
        str, Meta(max_length=8, description="Suffix shown after data labels, e.g. '%'.")
    ] = ""
    labels: Annotated[bool, Meta(description="Show data labels.")] = True
    legend: Annotated[
        bool | None,
        Meta(description="Show a legend; default: when there are several series or slices."),
    ] = None
    axis_max: Annotated[ChartValue | None, Meta(description="Upper bound of the value axis.")] = (
        None
    )
    axis_min: Annotated[ChartValue | None, Meta(description="Lower bound of the value axis.")] = (
        None
    )
    alt: Annotated[Text | None, Meta(description="Alt text; default: generated from the data.")] = (
        None
    )
    highlight: Annotated[
        list[Text],
        Meta(
            max_length=60,
            description=(
                "Series and/or categories the slide is about, drawn in the accent colour; "
                "the rest are grey. Default: the first series (the first slice of a pie)."
            ),
        ),
    ] = field(default_factory=list)

    def __post_init__(self) -> None:
        """Check that every series fits the categories, one series for pies, and that
        ``highlight`` names series or categories of this chart."""
        for i, s in enumerate(self.series):
            if len(s.values) != len(self.categories):
                raise ValueError(
                    f"series[{i}] '{s.name}' has {len(s.values)} values for "
                    f"{len(self.categories)} categories"
                )
        if self.kind in ("pie", "doughnut") and len(self.series) != 1:
            raise ValueError(f"a {self.kind} chart takes exactly one series")
        names = [s.name for s in self.series]
        for name in self.highlight:
            if name in names or name in self.categories:
                continue
            known = ", ".join(f"'{n}'" for n in [*names, *self.categories][:12])
            raise ValueError(
                f"highlight '{name}' is neither a series nor a category; known: {known}"
            )
        if self.kind == "line" and any(n in self.categories for n in self.highlight):
            raise ValueError("a line chart highlights series, not categories")


class Node(Model, kw_only=True):
    """A box in a diagram: label, optional caption, icon, date and children."""

    _shorthand: ClassVar[str] = "label"

    label: Text
    caption: Text | None = None
    icon: IconName | None = None
    date: Annotated[Text | None, Meta(description="Date or period (timeline diagrams).")] = None
    items: Annotated[list[Text], Meta(description="Lines listed under a comparison column.")] = (
        field(default_factory=list)
    )
    children: Annotated[list["Node"], Meta(description="Child nodes (tree diagrams).")] = field(
        default_factory=list
    )
    emphasis: Annotated[bool, Meta(description="Draw this node in the accent colour.")] = False
    active: Annotated[
        bool | None,
        Meta(
            description="Emphasise this node and the arrow into it (true), or mute them "
            "(false); once any node is active, the nodes not marked are muted."
        ),
    ] = None
    tone: Annotated[
        Literal["positive", "negative", "neutral", "highlight"] | None,
        Meta(
            description="What the node means: positive (chosen, good: ✓), negative "
            "(rejected, bad: ✗), neutral or highlight; colours a comparison column's header."
        ),
    ] = None


class Diagram(Model, kw_only=True):
    """A diagram laid out automatically from a list of nodes."""

    kind: Literal["flow", "cycle", "tree", "comparison", "timeline", "stack"]
    nodes: Annotated[list[Node], Meta(min_length=1, max_length=40)]
    caption: Annotated[Text | None, Meta(description="One line under the diagram.")] = None
    alt: Text | None = None

    def __post_init__(self) -> None:
        """Check the number of nodes each kind of diagram takes."""
        n = len(self.nodes)
        if self.kind == "tree" and (n != 1 or not self.nodes[0].children):
            raise ValueError("a tree diagram has one root node with 'children'")
        if self.kind == "tree" and (depth := tree_depth(self.nodes[0])) > TREE_LEVELS:
            raise ValueError(
                f"a tree diagram draws at most {TREE_LEVELS} levels (the root, its children "
                f"and theirs); this one has {depth}"
            )
        if self.kind == "comparison" and not 2 <= n <= 3:
            raise ValueError(f"a comparison diagram has 2 or 3 columns, not {n}")
        if self.kind == "cycle" and not 3 <= n <= 8:
            raise ValueError(f"a cycle diagram has 3 to 8 nodes, not {n}")
        if self.kind in ("flow", "timeline", "stack") and n < 2:
            raise ValueError(f"a {self.kind} diagram needs at least 2 nodes")


#: The most rows and columns a table takes, inline or from CSV.
TABLE_ROWS, TABLE_COLUMNS = 60, 12
#: The most levels a tree diagram draws (the root, its children, their children).
TREE_LEVELS = 3


def row_index_problem(index: int, rows: int) -> str:
    """Return the message for a highlight ``index`` that names none of ``rows`` rows."""
    return (
        f"row index {index} is out of range: the table has {rows} row"
        f"{'s' if rows != 1 else ''}, indexes 0 to {rows - 1}"
    )


def highlight_problem(highlight: list[int], rows: int) -> str | None:
    """Return what is wrong with a table's ``highlight`` indexes for ``rows`` body rows
    (0 is the first row under the header), or None when every index names a row."""
    for i, index in enumerate(highlight):
        if not 0 <= index < rows:
            return f"highlight[{i}]: {row_index_problem(index, rows)}"
    return None


def tree_depth(node: "Node") -> int:
    """Return how many levels the tree under ``node`` has (1 for a lone node)."""
    depth, level = 1, list(node.children)
    while level:  # breadth first: a deep tree cannot exhaust the stack
        depth += 1
        level = [c for n in level for c in n.children]
    return depth


class Table(Model, kw_only=True):
    """A native table: a header row and rows of cells."""

    columns: Annotated[
        list[Text],
        Meta(
            max_length=TABLE_COLUMNS,
            description="Header cells; default: the CSV file's first row.",
        ),
    ] = field(default_factory=list)
    rows: Annotated[list[list[Text]], Meta(max_length=TABLE_ROWS)] = field(default_factory=list)
    csv: Annotated[
        Annotated[str, Meta(max_length=4_096)] | None,
        Meta(description="A CSV file (relative to the deck) holding the rows."),
    ] = None
    align: Annotated[
        list[Literal["left", "center", "right", "auto"]] | None,
        Meta(description="Alignment per column; default: numbers right, text left."),
    ] = None
    highlight: Annotated[
        list[int],
        Meta(description="Row indexes to emphasise (0 is the first row under the header)."),
    ] = field(default_factory=list)
    alt: Text | None = None

    @staticmethod
    def _limits(data: dict[str, Any]) -> list[tuple[YamlPath, str]]:
        """Return (path, message) for every highlight index that names no row, checked on
        the plain data so it is reported along with any other error in the table."""
        rows, highlight = data.get("rows"), data.get("highlight")
        if data.get("csv") is not None or not isinstance(rows, list):
            return []
        if not isinstance(highlight, list):
            return []
        return [
            (("highlight", i), row_index_problem(index, len(rows)))
            for i, index in enumerate(highlight)
            if isinstance(index, int) and not isinstance(index, bool)
            if not 0 <= index < len(rows)
        ]

    def __post_init__(self) -> None:
        """Check that rows and alignments match the columns (unless rows come from CSV)."""
        if self.csv is not None:
            if self.rows:
                raise ValueError("give the table 'rows' or a 'csv' file, not both")
            return
        if not self.columns:
            raise ValueError("a table needs 'columns' (or a 'csv' file)")
        if not self.rows:
            raise ValueError("a table needs 'rows' (or a 'csv' file)")
        for i, row in enumerate(self.rows):
            if len(row) != len(self.columns):
                raise ValueError(f"rows[{i}] has {len(row)} cells for {len(self.columns)} columns")
        if self.align is not None and len(self.align) != len(self.columns):
            raise ValueError("'align' needs one entry per column")
        bad = highlight_problem(self.highlight, len(self.rows))
        if bad is not None:
            raise ValueError(bad)


Short = Annotated[str, Meta(max_length=24)]


class Stat(Model, kw_only=True):
    """A big number, optionally with where it came from (``7T → 18T``)."""

    value: Short
    label: Text | None = None
    before: Annotated[
        Short | None, Meta(description="Earlier value, drawn greyed with an arrow.")
    ] = None
    before_label: Text | None = None


class Code(Model, kw_only=True):
    """A code listing, highlighted into coloured runs of a monospace font."""

    source: Annotated[
        str,
        Meta(max_length=20_000, description="The code; a YAML block scalar (|) keeps its lines."),
    ]
    language: Annotated[
        str,
        Meta(max_length=40, description="Pygments language name, e.g. python, bash, yaml."),
    ] = "text"
    line_numbers: bool = False
    first_line: Annotated[
        int, Meta(ge=0, description="Number of the first line when line numbers are shown.")
    ] = 1
    highlight: Annotated[
        list[int],
        Meta(description="Line numbers (as shown) to highlight, each with its whole statement."),
    ] = field(default_factory=list)
    title: Annotated[Text | None, Meta(description="A file name or caption above the listing.")] = (
        None
    )
    size: Annotated[
        Annotated[float, Meta(gt=0, le=60)] | None,
        Meta(
            description=(
                "Font size in points; default: the theme's code size, shrunk to fit. "
                "Never below the theme's sizes.code_min."
            ),
        ),
    ] = None
    overflow: Annotated[
        Literal["continue", "error"],
        Meta(
            description=(
                "A listing too tall for its slide even at sizes.code_min: continue on "
                "'(cont.)' slides, split between statements, or fail."
            )
        ),
    ] = "continue"

    def __post_init__(self) -> None:
        """Check that every highlighted line number is a line of the listing."""
        last = self.first_line + max(len(self.source.splitlines()), 1) - 1
        for i, number in enumerate(self.highlight):
            if not self.first_line <= number <= last:
                raise ValueError(
                    f"highlight[{i}] is {number}, but the listing's lines are numbered "
                    f"{self.first_line} to {last}"
                )


class Equation(Model, kw_only=True):
    """A displayed equation in LaTeX, written as a native, editable Office equation."""

    _shorthand: ClassVar[str] = "latex"

    latex: Annotated[str, Meta(min_length=1, max_length=4_000)]
    caption: Text | None = None
    where: Annotated[
        dict[Annotated[str, Meta(min_length=1, max_length=200)], Text],
        Meta(
            max_length=12,
            description=(
                "What the symbols mean, laid out under the equation: each key is a symbol "
                "in LaTeX (typeset as math), each value its meaning."
            ),
        ),
    ] = field(default_factory=dict)


class Image(Model, kw_only=True):
    """A picture (PNG, JPEG, GIF) or an SVG drawn as native shapes."""

    path: Annotated[
        str,
        Meta(min_length=1, max_length=4_096, description="File path, relative to the deck file."),
    ]
    alt: Annotated[
        str,
        Meta(min_length=1, max_length=2_000, description="Alt text for screen readers (required)."),
    ]
    fit: Annotated[
        Literal["contain", "cover"], Meta(description="Fit inside the box, or fill it and crop.")
    ] = "contain"
    caption: Text | None = None


VISUALS: tuple[str, ...] = ("chart", "diagram", "table", "stat", "code", "equation", "image")

#: Visuals that may stand beside a stat as its small supporting evidence (a diagram only
#: of the kind ``comparison``): the one pair of visuals a slide takes.
SUPPORTING: tuple[str, ...] = ("chart", "diagram")

#: The message for visuals a slide cannot carry together.
ONE_VISUAL = "a slide takes one visual, or a stat with one chart or comparison diagram"


# --- slides --------------------------------------------------------------------------


class SlideBase(Model, tag_field="layout", kw_only=True):
    """Fields shared by every layout; the ``layout`` key picks the slide's model."""

    notes: Annotated[Text | None, Meta(description="Speaker notes.")] = None
    hidden: Annotated[bool, Meta(description="Hide the slide in the slide show.")] = False

    @property
    def layout(self) -> str:
        """Return the slide's layout name (its ``layout:`` key)."""
        return str(self.__struct_config__.tag)


class VisualFields(SlideBase, kw_only=True):
    """One visual on a content slide, or a stat with one supporting chart or comparison."""

    chart: Chart | None = None
    diagram: Diagram | None = None
    table: Table | None = None
    stat: Stat | None = None
    code: Code | None = None
    equation: Annotated[
        Equation | list[Equation] | None,
        Meta(description="One equation or a list shown one under another."),
    ] = None
    image: Image | None = None
    placement: Annotated[
        Literal[
            "auto",
            "right",
            "left",
            "below",
            "text",
            "cards",
            "columns",
            "visual",
            "lead-visual",
            "text-visual",
            "visual-text",
            "text-over-visual",
            "hero",
            "hero-chart",
        ],
        Meta(
            description="The slide's composition; default 'auto' chooses one by measuring the "
            "content. 'right', 'left' and 'below' say where the visual goes beside bullets."
        ),
    ] = "auto"

    def __post_init__(self) -> None:
        """Check that the slide carries one visual at most, or a stat with one chart or
        comparison diagram; each error is located at the visual that breaks the rule."""
        present = [k for k in VISUALS if getattr(self, k) is not None]
        if len(present) < 2:
            return
        # The error is located at the visual that is one too many: beside a stat, the
        # first one that cannot support it; else the second one.
        if self.stat is not None:
            others = [k for k in present if k != "stat"]
            kept = next((k for k in others if k in SUPPORTING), None)
            extra = next((k for k in others if k != kept), None)
        else:
            extra = present[1]
        if extra is not None:
            raise FieldRuleError(f"{ONE_VISUAL}; found {', '.join(present)}", extra)
        if self.diagram is not None and self.diagram.kind != "comparison":
            raise FieldRuleError(
                f"beside a stat, a diagram must be a comparison, not a {self.diagram.kind}; "
                "give the diagram a slide of its own",
                "diagram",
            )


class TitleSlide(SlideBase, tag="title", kw_only=True):
    """The opening slide: deck title, subtitle, authors, date and source."""

    title: Annotated[Text | None, Meta(description="Default: the deck's title.")] = None
    subtitle: Text | None = None
    kicker: Annotated[
        Text | None, Meta(description="Small line above the title, e.g. 'Paper review'.")
    ] = None
    icon: Annotated[
        IconName | None, Meta(description="Large icon on the title slide's side panel.")
    ] = None


class SectionSlide(SlideBase, tag="section", kw_only=True):
    """A divider between parts of a talk."""

    title: Text
    subtitle: Text | None = None
    number: Annotated[Text | None, Meta(description="Section number, e.g. '02'.")] = None


class BulletsSlide(VisualFields, tag="bullets", kw_only=True):
    """Title, bullets (two levels) and one visual, or a stat with a chart or comparison."""

    title: Text
    icon: Annotated[IconName | None, Meta(description="Icon shown beside the title.")] = None
    bullets: Annotated[list[Bullet], Meta(max_length=40)] = field(default_factory=list)
    overflow: Annotated[
        Literal["error", "continue"] | None,
        Meta(description="What to do when bullets do not fit; default: the deck's setting."),
    ] = None

    def __post_init__(self) -> None:
        """Check the slide's visuals, and for bullets or a visual."""
        super().__post_init__()
        if not self.bullets and not any(getattr(self, k) is not None for k in VISUALS):
            raise ValueError("a bullets slide needs 'bullets' or a visual")


class Column(Model, kw_only=True):
    """One side of a two-column slide."""

    heading: Text | None = None
    icon: IconName | None = None
    bullets: Annotated[list[Bullet], Meta(max_length=20)] = field(default_factory=list)
    text: Annotated[
        Text | None, Meta(description="A paragraph instead of (or before) bullets.")
    ] = None


class TwoColumnSlide(SlideBase, tag="two-column", kw_only=True):
    """Two columns side by side, e.g. a comparison."""

    title: Text
    icon: IconName | None = None
    left: Column
    right: Column


class QuoteSlide(SlideBase, tag="quote", kw_only=True):
    """A quotation with its source."""

    title: Text | None = None
    quote: Text
    attribution: Text | None = None


class StatementSlide(SlideBase, tag="statement", kw_only=True):
    """One big claim or number with a caption, and up to four supporting points."""

    title: Text | None = None
    statement: Annotated[Text, Meta(description="The claim, shown big: e.g. '72B ≈ 405B'.")]
    caption: Text | None = None
    icon: IconName | None = None
    points: Annotated[list[Point], Meta(max_length=4)] = field(default_factory=list)


class QA(Model, kw_only=True):
    """A question and its answer."""

    q: Annotated[Text, Meta(description="The question, set as a heading.")]
    a: Annotated[Text, Meta(description="The answer.")]


class QASlide(SlideBase, tag="qa", kw_only=True):
    """Questions with their answers; as many per slide as fit, the rest on '(cont.)' slides."""

    title: Text
    icon: IconName | None = None
    items: Annotated[list[QA], Meta(min_length=1, max_length=60)]


class QuestionSlide(SlideBase, tag="question", kw_only=True):
    """A closing question for the audience."""

    title: Annotated[Text, Meta(description="Small heading above the question.")] = (
        "Question for you"
    )
    question: Text
    icon: IconName | None = None


Slide = Union[  # noqa: UP007 - the X | Y form cannot hold forward references here
    TitleSlide,
    SectionSlide,
    BulletsSlide,
    TwoColumnSlide,
    QuoteSlide,
    StatementSlide,
    QASlide,
    QuestionSlide,
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


class Deck(Model, kw_only=True):
    """A deck: metadata and a list of slides."""

    title: Annotated[Text, Meta(description="The deck's title (title slide, document properties).")]
    short_title: Annotated[Text | None, Meta(description="Footer text; default: the title.")] = None
    subtitle: Text | None = None
    authors: Annotated[list[Text], Meta(extra={"before": _one_or_many, "also": "single"})] = field(
        default_factory=list
    )
    date: Annotated[
        Text | None,
        Meta(description="Shown on the title slide, e.g. '2024-12-19'.", extra={"before": _date}),
    ] = None
    source: Annotated[Source | None, Meta(extra={"before": _source, "also": "string"})] = None
    subject: Annotated[Text | None, Meta(description="Document subject property.")] = None
    keywords: Annotated[list[Text], Meta(extra={"before": _one_or_many, "also": "single"})] = field(
        default_factory=list
    )
    theme: Annotated[
        str, Meta(max_length=4_096, description="Built-in theme name or a path to a theme folder.")
    ] = "paper"
    overflow: Annotated[
        Literal["error", "continue"],
        Meta(description="Bullets that do not fit: fail, or continue on a '(cont.)' slide."),
    ] = "error"
    lang: Annotated[
        str,
        Meta(
            description=(
                "The deck's language as a BCP 47 tag ('en-US', 'zh-CN', 'ja-JP', 'ar-SA'): "
                "written on every run of text, for spelling and font choice."
            ),
            extra={"before": _lang},
        ),
    ] = "en-US"
    slides: Annotated[list[Slide], Meta(min_length=1, max_length=10_000)]


def validate_deck(data: Any, smap: SourceMap) -> tuple[Deck | None, list[Diagnostic]]:
    """Return the validated deck, or None and every schema error found."""
    return validate(data, Deck, smap)
