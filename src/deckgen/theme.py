"""Stage 3: themes.

A theme is a folder with a ``theme.yaml``. It names colour *roles*, fonts, sizes, the
grid every layout shares and the policy that lint enforces. A theme may ``extends:``
another theme; its keys are merged over the parent's, mapping by mapping. Errors in any
file of the chain are located like deck errors.
"""

import os
import re
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from dataclasses import replace as dataclass_replace
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

from msgspec import Meta, field

from deckgen import units
from deckgen.confine import Reader, Refused
from deckgen.diagnostics import Diagnostic, Severity, Span, did_you_mean
from deckgen.measure import known_families
from deckgen.source import SourceMap, load_file
from deckgen.validation import Model, validate

_LENGTH = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(in|cm|mm|pt|px|emu)?\s*$")
_SCALE = {
    "in": units.inches,
    "cm": units.cm,
    "mm": lambda v: units.cm(v / 10),
    "pt": units.pt,
    "px": units.px,
    "emu": units.emu,
    None: units.inches,
}


def _length(value: Any) -> Any:
    """Parse '0.6in', '1.5cm', '18pt', '96px' or a bare number of inches into EMU."""
    if isinstance(value, bool):
        raise ValueError("expected a length such as '0.6in'")
    if isinstance(value, int | float):
        return units.inches(float(value))
    if isinstance(value, str):
        m = _LENGTH.match(value)
        if m:
            return _SCALE[m.group(2)](float(m.group(1)))
    raise ValueError(f"expected a length such as '0.6in', '1.5cm' or '18pt'; got '{value}'")


def _color(value: Any) -> Any:
    if isinstance(value, str) and re.fullmatch(r"#?[0-9a-fA-F]{6}", value.strip()):
        return value.strip().lstrip("#").upper()
    raise ValueError(f"expected a colour such as '#1F3864'; got '{value}'")


def _lint_severities(value: Any) -> Any:
    # YAML 1.1 reads a bare `off` as false (and `on` as true): take the user's meaning.
    if isinstance(value, dict):
        return {k: ("off" if v is False else "error" if v is True else v) for k, v in value.items()}
    return value


Length = Annotated[int, Meta(extra={"before": _length})]
Color = Annotated[str, Meta(extra={"before": _color})]
Size = Annotated[float, Meta(gt=4, le=200)]


class Colors(Model, kw_only=True):
    """Colour roles. Decks name roles, never hex codes."""

    primary: Annotated[Color, Meta(description="Titles and headings (dark blue).")]
    accent: Annotated[Color, Meta(description="Icons, connectors, first chart series.")]
    text: Annotated[Color, Meta(description="Body text.")]
    muted: Annotated[Color, Meta(description="Second-level bullets, captions, footer.")]
    background: Annotated[Color, Meta(description="Slide background.")]
    surface: Annotated[Color, Meta(description="Panels and diagram boxes.")]
    rule: Annotated[Color, Meta(description="Thin lines and borders.")]
    on_primary: Annotated[Color, Meta(description="Text on a primary-coloured ground.")]
    positive: Annotated[
        Color, Meta(description="What is good or chosen: ticks, gains, the preferred option.")
    ]
    negative: Annotated[
        Color, Meta(description="What is bad or rejected: crosses, losses, the rival option.")
    ]
    neutral: Annotated[
        Color, Meta(description="What the slide is not about: rival series, muted nodes.")
    ] = "8C96A3"
    highlight: Annotated[
        Color, Meta(description="What the slide is about: the chosen series, active nodes.")
    ] = "2E75B6"
    series: Annotated[
        list[Color], Meta(min_length=2, description="Chart series colours, in order.")
    ]


class CodeColors(Model, kw_only=True):
    """Syntax colours for code listings on a light panel (each passes WCAG AA on it)."""

    background: Color = "F6F8FA"
    border: Color = "D5DCE6"
    text: Color = "1F2328"
    comment: Color = "5B6675"
    keyword: Color = "1F3864"
    string: Color = "0A6E31"
    number: Color = "0550AE"
    function: Color = "6639BA"
    builtin: Color = "953800"
    line_number: Color = "5B6675"
    highlight: Color = "FFF1C2"


def _family(value: Any) -> Any:
    """Return a font family that deckgen can measure (shipped metrics), as written."""
    if not isinstance(value, str):
        return value
    known = known_families()
    if value.casefold() not in {k.casefold() for k in known}:
        close = did_you_mean(value, known)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise ValueError(
            f"unknown font family '{value}'{hint}; text is measured with the metrics of "
            + ", ".join(known)
        )
    return value


Family = Annotated[str, Meta(extra={"before": _family})]


class Fonts(Model, kw_only=True):
    """Font families. Measured with metric-compatible Liberation data."""

    heading: Family
    body: Family
    mono: Family
    east_asian: Annotated[
        Family,
        Meta(description="Draws Chinese, Japanese and Korean characters (a:ea)."),
    ] = "Noto Sans CJK SC"
    complex_script: Annotated[
        Family,
        Meta(description="Draws Arabic and Hebrew characters (a:cs)."),
    ] = "DejaVu Sans"


class Sizes(Model, kw_only=True):
    """Font sizes in points."""

    title: Size
    title_slide: Size
    subtitle: Size
    section: Size
    body: Size
    body_min: Annotated[
        Size, Meta(description="Body text shrinks down to this size to fit, no further.")
    ]
    sub: Size
    caption: Size
    footer: Size
    statement: Size
    statement_min: Size
    quote: Size
    question: Size
    diagram: Size
    diagram_min: Size
    chart: Size
    table: Size
    table_min: Size
    table_max: Annotated[
        Size,
        Meta(description="A short table in a tall region grows up to this size, no further."),
    ] = 22
    stat: Size
    code: Size = 16
    code_min: Annotated[
        Size,
        Meta(description="Code never shrinks below this (14 pt reads from the back of a room)."),
    ] = 14
    equation: Size = 24


class Grid(Model, kw_only=True):
    """The one grid every layout shares."""

    width: Length
    height: Length
    margin_x: Length
    margin_top: Length
    title_height: Length
    rule_gap: Annotated[Length, Meta(description="Space between the title and its accent rule.")]
    rule_width: Annotated[Length, Meta(description="Length of the accent rule under the title.")]
    rule_weight: Length
    content_top: Length
    content_bottom: Annotated[Length, Meta(description="Bottom edge of the content area.")]
    footer_top: Length
    footer_height: Length
    gutter: Length
    paragraph_gap: Annotated[float, Meta(description="Space before a bullet, in points.")]
    line_spacing: Annotated[float, Meta(ge=0.8, le=2.0)]
    bullet_indent: Length
    sub_indent: Length


class Icons(Model, kw_only=True):
    """How icons are drawn."""

    size: Length
    title_size: Length
    stroke: Annotated[
        float, Meta(gt=0, le=4, description="Stroke width in icon units (Lucide: 2).")
    ]
    color: Literal["primary", "accent", "muted", "text"]


class Policy(Model, kw_only=True):
    """Limits lint enforces."""

    min_font: Size
    max_bullets: Annotated[int, Meta(ge=1)]
    max_words: Annotated[int, Meta(ge=1)]
    overflow: Literal["error", "continue"]
    max_sizes: Annotated[
        int, Meta(ge=2, description="Most distinct text sizes on one slide (type-scale).")
    ] = 6
    max_lines: Annotated[
        int, Meta(ge=1, description="Most lines of text on one slide (density).")
    ] = 18
    max_empty: Annotated[
        float,
        Meta(gt=0, lt=1, description="Largest share of the content area left empty (balance)."),
    ] = 0.34


#: The keys of a theme's ``layouts:``: deckgen's layouts, and ``visual`` for bullets slides
#: that hold only a visual (deckgen.template.KEYS lists them in the order inspect prints).
LayoutKey = Literal[
    "title",
    "section",
    "bullets",
    "visual",
    "two-column",
    "quote",
    "statement",
    "qa",
    "question",
]


class Theme(Model, kw_only=True):
    """A fully resolved theme."""

    name: str
    description: str = ""
    colors: Colors
    fonts: Fonts
    sizes: Sizes
    grid: Grid
    icons: Icons
    policy: Policy
    code: CodeColors = field(default_factory=CodeColors)
    bullet_char: Annotated[str, Meta(max_length=2)] = "•"
    footer: bool = True
    slide_numbers: bool = True
    title_rule: bool = True
    template: Annotated[
        str | None,
        Meta(
            description="A PowerPoint template (.pptx or .potx) to build on, relative to the theme."
        ),
    ] = None
    layouts: Annotated[
        dict[LayoutKey, str],
        Meta(
            description="The template layout (by name) each deckgen layout goes on; 'visual' "
            "is for bullets slides that hold only a visual."
        ),
    ] = field(default_factory=dict)
    lint: Annotated[
        dict[
            Literal[
                "overflow",
                "outside",
                "overlap",
                "min-font",
                "contrast",
                "max-bullets",
                "max-words",
                "alt-text",
                "low-resolution",
                "balance",
                "orphan",
                "name-break",
                "heading-wrap",
                "type-scale",
                "density",
                "monotony",
            ],
            Literal["error", "warning", "off"],
        ],
        Meta(
            description="Severity per lint rule: error, warning or off.",
            extra={"before": _lint_severities},
        ),
    ] = field(default_factory=dict)

    def color(self, role: str) -> str:
        """Return the hex colour of a role name."""
        return str(getattr(self.colors, role))


@dataclass(frozen=True)
class ThemeResult:
    """A theme and the files it came from (for watch mode and error excerpts)."""

    theme: Theme | None
    files: tuple[Path, ...]
    diagnostics: list[Diagnostic]
    texts: dict[str, str] = dataclass_field(default_factory=dict)  # file → text, for error excerpts


def builtin_theme_dir() -> Path:
    """Return the folder holding the built-in themes (inside the wheel or the checkout)."""
    packaged = Path(str(resources.files("deckgen"))) / "themes"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "themes"


def builtin_themes() -> list[str]:
    """Return the names of the built-in themes."""
    root = builtin_theme_dir()
    return sorted(p.parent.name for p in root.glob("*/theme.yaml"))


def _locate(name: str, base: Path | None) -> tuple[Path, str] | None:
    """Return the theme file ``name`` stands for and how to show it in a message, or None.

    Only ``stat`` is used here; whether the file may be read is the reader's decision.
    """
    candidates: list[tuple[Path, str]] = []
    as_path = Path(name)
    if base is not None and (name.endswith((".yaml", ".yml")) or "/" in name):
        p = as_path if as_path.is_absolute() else base / as_path
        candidates += [(p, name), (p / "theme.yaml", f"{name.rstrip('/')}/theme.yaml")]
    if base is not None:
        candidates.append((base / "themes" / name / "theme.yaml", f"themes/{name}/theme.yaml"))
    candidates.append((builtin_theme_dir() / name / "theme.yaml", name))
    for c, shown in candidates:
        if c.is_file() or (os.path.lexists(c) and not c.is_dir()):
            # Also a FIFO or a device: found, so that reading it is refused, not skipped.
            return c, shown
    return None


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for k, v in over.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def load_theme(
    name: str,
    base: Path | None = None,
    *,
    span: Span | None = None,
    reader: Reader | None = None,
) -> ThemeResult:
    """Return the theme called ``name`` (a built-in name, a folder or a file) resolved
    through its ``extends:`` chain, or diagnostics saying what is wrong.

    Theme files are read through ``reader`` (the deck's trust boundary); the built-in
    themes are always readable. Without a reader, only the built-in themes and files
    under ``base`` may be read.
    """
    trusted = (builtin_theme_dir(),)
    if reader is None:
        reader = Reader(base if base is not None else builtin_theme_dir(), trusted)
    else:
        reader = dataclass_replace(reader, trusted=(*reader.trusted, *trusted))
    texts: dict[str, str] = {}
    chain: list[tuple[Path, dict[str, Any], SourceMap]] = []
    diags: list[Diagnostic] = []
    seen: set[Path] = set()
    current, where, look_from = name, span, base
    while True:
        found = _locate(current, look_from)
        if found is None:
            known = builtin_themes()
            close = did_you_mean(current, known)
            hint = (
                f"did you mean '{close[0]}'?" if close else f"built-in themes: {', '.join(known)}"
            )
            diags.append(
                Diagnostic(Severity.ERROR, f"unknown theme '{current}'", where, ("theme",), hint)
            )
            return ThemeResult(None, tuple(p for p, _, _ in chain), diags, texts)
        located, shown = found
        try:
            path = reader.check(located, shown)
        except Refused as exc:
            diags.append(Diagnostic(Severity.ERROR, exc.message, where, ("theme",), exc.hint))
            return ThemeResult(None, tuple(p for p, _, _ in chain), diags, texts)
        if path in seen:
            diags.append(
                Diagnostic(Severity.ERROR, f"theme '{current}' extends itself", where, ("extends",))
            )
            return ThemeResult(None, tuple(p for p, _, _ in chain), diags, texts)
        seen.add(path)
        loaded = load_file(path, what="theme", reader=reader, at=where, written=shown)
        if loaded.text:
            texts[str(path)] = loaded.text
        if loaded.data is None:
            return ThemeResult(
                None, (*(p for p, _, _ in chain), path), [*diags, *loaded.diagnostics], texts
            )
        data = dict(loaded.data)
        if isinstance(data.get("template"), str):
            # a template is named relative to the theme file that names it
            data["template"] = str(path.parent / data["template"])
        parent = data.pop("extends", None)
        chain.append((path, data, loaded.source_map))
        if parent is None:
            break
        if not isinstance(parent, str):
            diags.append(
                Diagnostic(
                    Severity.ERROR,
                    "'extends' must be a theme name",
                    loaded.source_map.span(("extends",)),
                    ("extends",),
                )
            )
            return ThemeResult(None, tuple(p for p, _, _ in chain), diags, texts)
        current, where, look_from = parent, loaded.source_map.span(("extends",)), path.parent.parent
    merged: dict[str, Any] = {}
    smap = SourceMap(str(chain[0][0]))
    for _path, data, file_map in reversed(chain):
        merged = _merge(merged, data)
        smap.values.update(file_map.values)
        smap.keys.update(file_map.keys)
    merged.setdefault("name", chain[0][0].parent.name)
    files = tuple(p for p, _, _ in chain)
    theme, problems = validate(merged, Theme, smap)
    return ThemeResult(theme, files, problems, texts)
