"""The layout context: what every layout function needs, passed explicitly (no globals)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from deckgen import ir
from deckgen.assets import Assets
from deckgen.diagnostics import Diagnostic, Severity, YamlPath
from deckgen.icons import SCALE, Icon, IconSet, UnknownIconError
from deckgen.layout.text import Fitted, Style
from deckgen.measure import Measurer
from deckgen.script import east_asian_cut, rtl_language
from deckgen.source import SourceMap
from deckgen.spec import Deck
from deckgen.theme import Theme
from deckgen.units import Emu, pt, to_inches

if TYPE_CHECKING:
    # deckgen.frames reads templates: only decks built on one need it.
    from deckgen.frames import Frame


@dataclass
class Ctx:
    """Layout state for one deck: inputs, the diagnostics found, and shape-key counters."""

    deck: Deck
    theme: Theme
    measurer: Measurer
    icons: IconSet
    smap: SourceMap
    assets: Assets = field(default_factory=Assets)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # the template layout the slide being laid out goes on (None: deckgen's own grid)
    on: Frame | None = None
    _counter: int = 0

    # --- geometry ------------------------------------------------------------------
    @property
    def width(self) -> Emu:
        """Return the slide width."""
        return Emu(self.theme.grid.width)

    @property
    def height(self) -> Emu:
        """Return the slide height."""
        return Emu(self.theme.grid.height)

    def content(self) -> ir.Box:
        """Return the content area: on a template, that of the layout the slide goes on;
        else the one every layout shares."""
        if self.on is not None:
            return self.on.area
        g = self.theme.grid
        return ir.Box(
            Emu(g.margin_x),
            Emu(g.content_top),
            Emu(g.width - 2 * g.margin_x),
            Emu(g.content_bottom - g.content_top),
        )

    def title_top(self) -> Emu:
        """Return where a slide's title starts: its layout's title placeholder's top on a
        template (the content area's, when it has none), else the grid's."""
        if self.on is not None:
            return self.on.title.box.y if self.on.title is not None else self.on.area.y
        return Emu(self.theme.grid.margin_top)

    def key(self, prefix: str) -> str:
        """Return a shape key unique within the deck."""
        self._counter += 1
        return f"{prefix}{self._counter}"

    def restyled(self, theme: Theme) -> Ctx:
        """Return a copy of the context that lays out with ``theme`` (sharing the
        diagnostics and assets); hand it back to :meth:`keys_from` once drawn, so shape
        keys stay unique in the deck."""
        return replace(self, theme=theme)

    def keys_from(self, other: Ctx) -> None:
        """Continue the shape keys after those ``other`` (a :meth:`restyled` copy) gave."""
        self._counter = max(self._counter, other._counter)

    # --- styles --------------------------------------------------------------------
    def style(
        self,
        role: str = "text",
        size: float | None = None,
        *,
        heading: bool = False,
        bold: bool = False,
        italic: bool = False,
    ) -> Style:
        """Return a text style in a colour role at a size (default: body size)."""
        t = self.theme
        return Style(
            font=t.fonts.heading if heading else t.fonts.body,
            size=size if size is not None else t.sizes.body,
            color=t.color(role),
            bold=bold,
            italic=italic,
            mono=t.fonts.mono,
            link_color=t.colors.accent,
            east_asian=east_asian_cut(t.fonts.east_asian, self.deck.lang),
            complex_script=t.fonts.complex_script,
            rtl=rtl_language(self.deck.lang),
            lang=self.deck.lang,
        )

    # --- diagnostics ---------------------------------------------------------------
    def error(
        self, message: str, path: YamlPath, hint: str | None = None, rule: str | None = None
    ) -> None:
        """Record a located error for the YAML value at ``path``."""
        self.diagnostics.append(
            Diagnostic(Severity.ERROR, message, self.smap.span(path), path, hint, rule)
        )

    def warn(
        self, message: str, path: YamlPath, hint: str | None = None, rule: str | None = None
    ) -> None:
        """Record a located warning for the YAML value at ``path``."""
        self.diagnostics.append(
            Diagnostic(Severity.WARNING, message, self.smap.span(path), path, hint, rule)
        )

    def overflow(
        self, what: str, fitted: Fitted, box_h: int, min_size: float, path: YamlPath
    ) -> None:
        """Record that ``what`` does not fit its box even at ``min_size`` points."""
        need = to_inches(fitted.height)
        have = to_inches(box_h)
        self.error(
            f"{what} does not fit: it needs {need:.2f} in but the box is {have:.2f} in high "
            f"(over by {need - have:.2f} in) even at the theme's minimum of {min_size:g} pt",
            path,
            hint="shorten the text, split it over two slides, or set 'overflow: continue'",
            rule="overflow",
        )

    # --- icons ---------------------------------------------------------------------
    def icon(
        self, name: str, box: ir.Box, path: YamlPath, role: str | None = None
    ) -> ir.IconShape | None:
        """Return an icon shape filling ``box``, or None (with a located error) if unknown."""
        try:
            icon = self.icons.get(name)
        except UnknownIconError as exc:
            hint = (
                "did you mean " + ", ".join(f"'{s}'" for s in exc.suggestions[:3]) + "?"
                if exc.suggestions
                else "run 'deckgen icons WORD' to search icon names"
            )
            self.error(f"unknown icon '{name}'", path, hint=hint)
            return None
        return self.vector(
            icon,
            box,
            path,
            name=f"Icon: {name}",
            alt=f"{name.replace('-', ' ')} icon",
            color=self.theme.color(role or self.theme.icons.color),
            stroke=self.theme.icons.stroke,
            decorative=True,
        )

    def vector(
        self,
        icon: Icon,
        box: ir.Box,
        path: YamlPath,
        *,
        name: str,
        alt: str,
        color: str,
        stroke: float,
        decorative: bool = False,
    ) -> ir.IconShape:
        """Return ``icon`` (a Lucide icon or an SVG drawing) as a vector shape filling ``box``;
        ``stroke`` is the line width in the drawing's own units."""
        # The stroke scales with the drawn size (Lucide: 2 units on a 24-unit grid), capped
        # so very large drawings (title panels) keep a light line.
        width = Emu(min(round(box.w * stroke / (icon.width / SCALE)), pt(4.5)))
        return ir.IconShape(
            key=self.key("icon"),
            name=name,
            box=box,
            origin=path,
            alt=alt,
            icon=icon.name,
            view_w=icon.width,
            view_h=icon.height,
            paths=icon_paths(icon),
            color=color,
            stroke=width,
            decorative=decorative,
        )


def icon_paths(icon: Icon) -> tuple[ir.IconPath, ...]:
    """Return an icon's (or an SVG drawing's) paths as IR path data."""
    return tuple(
        ir.IconPath(
            ops=tuple((c.op, tuple(c.points)) for c in p.commands),
            filled=p.filled,
            stroked=p.stroked,
        )
        for p in icon.paths
    )
