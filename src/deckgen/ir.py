"""The Presentation IR: the contract between layout and backend.

Everything here is resolved: boxes in EMU, colours as hex, fonts and sizes on every run,
lines already wrapped by the layout's measurer (kept for golden tests and lint). The
backend writes it without making a single layout decision.
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

import msgspec
from msgspec import field

from deckgen.diagnostics import YamlPath
from deckgen.units import EMU_PER_PT, Emu


class Box(msgspec.Struct, frozen=True):
    """A rectangle on the slide, in EMU."""

    x: Emu
    y: Emu
    w: Emu
    h: Emu

    def __post_init__(self) -> None:
        # Geometry maths produces floats; OOXML coordinates are whole EMU.
        for name in ("x", "y", "w", "h"):
            value = getattr(self, name)
            if not isinstance(value, int):
                msgspec.structs.force_setattr(self, name, Emu(round(value)))

    @property
    def right(self) -> int:
        """Return the x coordinate of the right edge."""
        return self.x + self.w

    @property
    def bottom(self) -> int:
        """Return the y coordinate of the bottom edge."""
        return self.y + self.h

    def contains(self, other: Box) -> bool:
        """Return True when ``other`` lies entirely inside this box."""
        return (
            other.x >= self.x
            and other.y >= self.y
            and other.right <= self.right
            and other.bottom <= self.bottom
        )

    def intersects(self, other: Box) -> bool:
        """Return True when the two boxes share interior area."""
        return not (
            other.x >= self.right
            or other.right <= self.x
            or other.y >= self.bottom
            or other.bottom <= self.y
        )


class Run(msgspec.Struct, frozen=True):
    """A piece of text in one font, size and colour."""

    text: str
    font: str
    size: float  # points
    color: str  # "RRGGBB"
    bold: bool = False
    italic: bool = False
    link: str | None = None
    code: bool = False  # set in the monospace family; kept for lint
    field: Literal["slidenum"] | None = None  # a field PowerPoint keeps up to date
    baseline: int = 0  # thousandths of a percent: -25000 subscript, 30000 superscript
    east_asian: str | None = None  # a:ea: the family of its Chinese/Japanese/Korean characters
    complex_script: str | None = None  # a:cs: the family of its Arabic/Hebrew characters
    lang: str | None = None  # BCP 47 tag of a run in another language than the deck's


class Bullet(msgspec.Struct, frozen=True):
    """A paragraph's bullet mark."""

    char: str
    color: str
    font: str
    indent: Emu  # hanging indent: where the text starts relative to the mark


class Paragraph(msgspec.Struct, frozen=True):
    """One paragraph: runs, alignment, bullet and spacing."""

    runs: tuple[Run, ...]
    align: Literal["l", "ctr", "r"] = "l"
    level: int = 0
    bullet: Bullet | None = None
    margin_left: Emu = Emu(0)
    space_before: float = 0.0  # points
    space_after: float = 0.0  # points
    line_spacing: float = 1.0  # multiple of single spacing (single = 1.2 x size)
    lines: int = 1  # how many lines the measurer wrapped this paragraph into
    rtl: bool = False  # right to left (Arabic, Hebrew): the renderer runs the bidi algorithm


class TextFrame(msgspec.Struct, frozen=True):
    """Paragraphs in a box with insets and vertical anchoring."""

    paragraphs: tuple[Paragraph, ...]
    anchor: Literal["t", "ctr", "b"] = "t"
    inset_l: Emu = Emu(0)
    inset_r: Emu = Emu(0)
    inset_t: Emu = Emu(0)
    inset_b: Emu = Emu(0)
    wrap: bool = True
    measured_height: Emu = Emu(0)  # height the measurer found for the text


class Shape(msgspec.Struct, frozen=True):
    """Base of all shapes: a key unique on its slide, a name, a box and a YAML origin."""

    key: str
    name: str
    box: Box
    origin: YamlPath = ()
    alt: str | None = None
    # Alt text of the group this shape is drawn in (a diagram): the backend writes the
    # shapes sharing it as one group, which screen readers announce by that text.
    group: str | None = None
    # Carries no content of its own (an icon beside the words it illustrates): written
    # with PowerPoint's "decorative" mark, so screen readers skip it.
    decorative: bool = False


class TextShape(Shape, frozen=True):
    """A text box or an autoshape (rectangle, rounded rectangle, ellipse) with text."""

    kind: Literal["text"] = "text"
    text: TextFrame | None = None
    geometry: Literal["rect", "roundRect", "ellipse", "chevron", "homePlate"] = "rect"
    corner: float = 0.0  # roundRect corner radius as a fraction of the shorter side (0..0.5)
    fill: str | None = None
    line: str | None = None
    line_width: Emu = Emu(0)
    role: Literal["title", "body", "footer", "number", "decoration", "other"] = "other"
    # idx of the slide layout's placeholder this text fills (decks built on a template)
    placeholder: int | None = None


class LineShape(Shape, frozen=True):
    """A straight line (rules, axes); the box's diagonal from top-left to bottom-right."""

    kind: Literal["line"] = "line"
    color: str = "000000"
    width: Emu = Emu(EMU_PER_PT)  # 1 pt
    flip_v: bool = False
    head: Literal["none", "triangle", "arrow"] = "none"
    tail: Literal["none", "triangle", "arrow"] = "none"
    dash: Literal["solid", "dash", "sysDot"] = "solid"


class ConnectorShape(Shape, frozen=True):
    """A connector glued to two shapes (by key and connection-site index)."""

    kind: Literal["connector"] = "connector"
    geometry: Literal[
        "straightConnector1", "bentConnector2", "bentConnector3", "curvedConnector3"
    ] = "straightConnector1"
    begin: tuple[str, int] | None = None
    end: tuple[str, int] | None = None
    flip_h: bool = False
    flip_v: bool = False
    rotation: float = 0.0  # degrees
    color: str = "000000"
    width: Emu = Emu(EMU_PER_PT)  # 1 pt
    arrow: Literal["none", "triangle", "stealth", "arrow"] = "triangle"


class IconPath(msgspec.Struct, frozen=True):
    """One subpath of an icon in icon units: ops are M/L/C/Z with integer points."""

    ops: tuple[tuple[str, tuple[tuple[int, int], ...]], ...]
    filled: bool
    stroked: bool


class IconShape(Shape, frozen=True):
    """A vector icon drawn as custom geometry; the icon's view box maps onto ``box``."""

    kind: Literal["icon"] = "icon"
    icon: str = ""
    view_w: int = 24
    view_h: int = 24
    paths: tuple[IconPath, ...] = ()
    color: str = "000000"
    stroke: Emu = Emu(0)


class ChartSeries(msgspec.Struct, frozen=True):
    """One series of chart values."""

    name: str
    values: tuple[float, ...]
    color: str
    label_color: str = "000000"  # its data labels
    point_colors: tuple[str, ...] = ()  # per-category bar colours (empty: all in ``color``)
    emphasis: bool = True  # a series the slide is about (drawn heavier; grey ones lighter)
    labels_below: tuple[int, ...] = ()  # line charts: points labelled below, not above


class ChartShape(Shape, frozen=True):
    """A native chart: type, data, colours and fonts fully resolved."""

    kind: Literal["chart"] = "chart"
    chart_type: Literal["bar", "column", "pie", "doughnut", "line"] = "column"
    categories: tuple[str, ...] = ()
    series: tuple[ChartSeries, ...] = ()
    point_colors: tuple[str, ...] = ()  # pie/doughnut slice colours
    number_format: str = "General"
    unit: str = ""
    labels: bool = True
    legend: bool = False
    font: str = "Arial"
    font_size: float = 14.0
    label_size: float = 14.0
    text_color: str = "000000"
    quiet_color: str = "595959"  # value-axis numbers
    axis_color: str = "BFBFBF"
    grid_color: str = "E5E5E5"
    axis_min: float | None = None
    axis_max: float | None = None
    gap_width: int = 60
    title: str | None = None


class TableCell(msgspec.Struct, frozen=True):
    """One table cell: its text frame and fill."""

    text: TextFrame
    fill: str | None = None


class TableShape(Shape, frozen=True):
    """A native table with resolved column widths and row heights."""

    kind: Literal["table"] = "table"
    col_widths: tuple[Emu, ...] = ()
    row_heights: tuple[Emu, ...] = ()
    rows: tuple[tuple[TableCell, ...], ...] = ()
    border: str = "D0D7E2"
    border_width: Emu = Emu(9_525)


class PictureShape(Shape, frozen=True):
    """A raster picture placed in ``box``; ``crop_*`` are fractions cut from each side."""

    kind: Literal["picture"] = "picture"
    data: bytes = b""
    format: str = "PNG"
    sha: str = ""
    crop_l: float = 0.0
    crop_t: float = 0.0
    crop_r: float = 0.0
    crop_b: float = 0.0


class EquationShape(Shape, frozen=True):
    """A native Office equation: OMML (``m:oMathPara``) in a text box, with its LaTeX source
    and a plain-text rendering for the fallback picture and alt text."""

    kind: Literal["equation"] = "equation"
    omml: str = ""
    latex: str = ""
    plain: str = ""
    size: float = 24.0
    color: str = "000000"
    font: str = "Cambria Math"
    text_font: str = "Arial"  # normal text inside the equation (\text{…}), as in the body


AnyShape = (
    TextShape
    | LineShape
    | ConnectorShape
    | IconShape
    | ChartShape
    | TableShape
    | PictureShape
    | EquationShape
)


class Frame(msgspec.Struct, frozen=True):
    """The template layout a slide is placed on (index among the template's layouts,
    masters in order, and name) and the boxes it was measured on: the layout's title
    placeholder, the content area (its content placeholders', or the room below the title)
    and the columns (two content placeholders, left to right) a two-column slide fills."""

    layout: int
    name: str
    title: Box | None
    content: Box
    columns: tuple[Box, ...] = ()


class Slide(msgspec.Struct, frozen=True):
    """One slide: background, shapes in z-order, notes and the YAML slide it came from;
    on a template, the frame it was measured on."""

    #: fields the IR dump leaves out while unset, so decks not built on a template dump
    #: as they always have
    dump_if_set: ClassVar[frozenset[str]] = frozenset({"frame"})

    shapes: tuple[AnyShape, ...]
    background: str
    notes: str | None = None
    hidden: bool = False
    origin: YamlPath = ()
    layout: str = ""
    composition: str = ""  # how the content area was split (see deckgen.layout.compose)
    frame: Frame | None = None


class Properties(msgspec.Struct, frozen=True):
    """Document properties written to docProps/core.xml."""

    title: str
    author: str
    subject: str
    keywords: str
    created: str  # ISO 8601, UTC ("2024-12-19T00:00:00Z")
    description: str = ""


class ThemeFonts(msgspec.Struct, frozen=True):
    """The theme fonts written into the file's own theme part."""

    major: str
    minor: str
    east_asian: str = ""
    complex_script: str = ""


class Presentation(msgspec.Struct, frozen=True):
    """A whole deck ready for the backend."""

    width: Emu
    height: Emu
    slides: tuple[Slide, ...]
    properties: Properties
    fonts: ThemeFonts
    palette: dict[str, str] = field(default_factory=dict)  # theme colour roles → hex
    lang: str = "en-US"  # BCP 47 tag written on every run and paragraph end
    # A template to build on: its package, and the template layout (index among all of
    # its layouts, masters in order) each deckgen layout goes on.
    template: bytes = b""
    template_layouts: dict[str, int] = field(default_factory=dict)


def to_json(value: Any) -> Any:
    """Return the IR as JSON-ready data (``--dump-ir``), with each shape's kind kept."""
    if isinstance(value, msgspec.Struct):
        unset = getattr(value, "dump_if_set", frozenset())
        return {
            name: to_json(getattr(value, name))
            for name in value.__struct_fields__
            if name not in unset or getattr(value, name) is not None
        }
    if isinstance(value, tuple | list):
        return [to_json(v) for v in value]
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"  # pictures: the sha field identifies them
    return value
