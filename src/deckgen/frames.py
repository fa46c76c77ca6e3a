"""What layout measures against when a deck is built on a template.

From a :class:`deckgen.template.Template` and the layouts chosen for it, this module makes
two pieces of plain data:

* a **theme** whose grid is the template's (slide size, the content layout's title and
  content placeholder boxes, its footer), whose colours come from the master's colour
  scheme through its colour map, and whose fonts are the template's;
* a **frame** per deckgen layout (and one for slides that are a visual alone): the
  template layout it goes on; the boxes, indices and inherited insets, anchor and size of
  that layout's title, subtitle and content placeholders; the content area a slide on it
  is measured in; and the two content placeholders a two-column slide fills, if it has
  them. And, for the template's fonts deckgen has no metrics for, the shipped family that
  measures each.

The theme's grid serves what a layout does not say (the footer); each slide is measured
on its own frame, which the IR records, and the backend writes it on that layout.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field

from msgspec.structs import replace

from deckgen import ir
from deckgen.lint import LARGE_TEXT_CONTRAST, TEXT_CONTRAST, contrast
from deckgen.measure import Measurer, known_families
from deckgen.template import Box, Choice, Layout, Master, Placeholder, Template, as_presentation
from deckgen.theme import Theme
from deckgen.units import Emu, inches, pt

# The metrics that measure a template font deckgen has no metrics for. The output keeps the
# template's font name (PowerPoint draws the brand's font); layout measures it with the
# shipped metrics of what draws it where it is not installed: LibreOffice substitutes
# through fontconfig, and `fc-match` gives Noto Sans for Calibri Light (its lines are taller:
# 1.362 em). A family not listed is measured as DejaVu Sans, the widest shipped
# family. (Montserrat and Calibri, templates' brand fonts too, have metrics of their own,
# Calibri's from its metric-compatible twin Carlito: see deckgen.measure.)
# Calibri Light has no free metric-compatible twin and deckgen has no published widths of
# it to compare: Noto Sans stays its stand-in, with the stand-in warning. It is what
# LibreOffice draws, and over the qwen25 deck's text it is 15.7 % wider than Calibri
# (Carlito's widths); but no shipped family is at least as wide as Calibri for every
# character (Noto Sans and DejaVu Sans are narrower for "J" and a few punctuation marks).
_STAND_INS: dict[str, str] = {
    "calibri light": "Noto Sans",
    "consolas": "Liberation Mono",  # substituted by DejaVu Sans Mono, 0.3 % wider
}
#: The metrics of a template font that is neither shipped nor in the table above.
DEFAULT_STAND_IN = "DejaVu Sans"


def stand_in(family: str) -> str:
    """Return the shipped family whose metrics measure ``family``, a template font deckgen
    has no metrics for (the widest, DejaVu Sans, unless the table above knows better)."""
    return _STAND_INS.get(family.casefold(), DEFAULT_STAND_IN)


@dataclass(frozen=True)
class Slot:
    """A placeholder layout fills: its idx, type and box on the slide, and what its text
    inherits: insets (left, right, top, bottom), anchor, size (points) and typeface (None:
    the theme's)."""

    idx: int
    type: str
    box: ir.Box
    insets: tuple[Emu, Emu, Emu, Emu] = (Emu(0), Emu(0), Emu(0), Emu(0))
    anchor: str = "t"
    size: float | None = None
    floor: Emu | None = None  # where text must end (above artwork); None: the box's bottom
    font: str | None = None


@dataclass(frozen=True)
class Frame:
    """The template layout a deckgen layout goes on, its placeholders, and the content
    area a slide on it is measured in (its content placeholders', or below its title)."""

    layout: int  # index among the template's layouts (masters in order)
    name: str
    title: Slot | None
    subtitle: Slot | None
    bodies: tuple[Slot, ...]  # content placeholders, largest first
    area: ir.Box
    columns: tuple[Slot, ...] = ()  # two content placeholders side by side, left to right
    stand_in: bool = False  # a layout of another kind (the template has none of this one)

    def as_ir(self) -> ir.Frame:
        """Return the frame as the IR records it on each slide."""
        return ir.Frame(
            self.layout,
            self.name,
            self.title.box if self.title is not None else None,
            self.area,
            tuple(c.box for c in self.columns),
        )


@dataclass(frozen=True)
class Footer:
    """How the footer reads on the template: its text colour, the colour of the artwork it
    sits on (a band on the master), if any, and the template's own footer colour where that
    reads only as large-scale text.

    ``large`` is the brand's colour when it reaches 3:1 on the ground but not 4.5:1: the
    footer keeps it where its text can be set large-scale (WCAG 1.4.3: bold at 14 pt or
    more) and still fit its box; ``color`` is the legible colour for text that cannot.
    """

    color: str
    ground: str | None = None
    large: str | None = None


@dataclass(frozen=True)
class Frames:
    """Every deckgen layout's frame, and the template package the deck is built on."""

    by_layout: dict[str, Frame]
    package: bytes
    footer: Footer | None = None
    # the template's fonts deckgen has no metrics for -> the family that measures each
    measured_as: dict[str, str] = field(default_factory=dict)
    # the template's title-only layout, for content slides that are a visual alone
    visual: Frame | None = None

    def get(self, layout: str) -> Frame | None:
        """Return the frame of a deckgen layout (None for one the template lacks)."""
        return self.by_layout.get(layout)


#: The width of a 16:9 slide, which deckgen's type sizes are made for.
_WIDE = pt(960)


def _slot(p: Placeholder | None, size: float | None = None, font: str | None = None) -> Slot | None:
    """Return the placeholder as a slot (None when it has no box); ``size`` and ``font``
    are its text's when the placeholder does not set them."""
    if p is None or p.box is None:
        return None
    return Slot(
        p.idx,
        p.type,
        ir.Box(Emu(p.box.x), Emu(p.box.y), Emu(p.box.w), Emu(p.box.h)),
        (Emu(p.insets[0]), Emu(p.insets[1]), Emu(p.insets[2]), Emu(p.insets[3])),
        p.anchor,
        p.size or size,
        font=p.font or font,
    )


def _title_font(lay: Layout, tpl: Template) -> str:
    """Return the typeface of ``lay``'s title: its placeholder's, else its master's title
    style's, else the master's heading font."""
    master = tpl.masters[lay.master]
    own = lay.title.font if lay.title is not None else None
    return own or master.title.font or master.major_font


def _clear_of_art(box: Box, art: tuple[Box, ...]) -> int:
    """Return where content in ``box`` stops: its bottom, or just above artwork (a logo on
    the master) in its lower half, so content does not run over it."""
    bottom = box.bottom
    middle = box.y + box.h // 2
    for a in art:
        across = a.x < box.x + box.w and a.x + a.w > box.x
        if across and middle < a.y < bottom:
            bottom = min(bottom, a.y - inches(0.1))
    return bottom


def _content_boxes(lay: Layout, title_bottom: int) -> list[Box]:
    """Return the boxes of a layout's content area: its largest content placeholder, and
    those at least a quarter its size below the title; not a header strip above the title
    or the small heading placeholders over a comparison's columns. ``title_bottom`` is
    where the title ends: its placeholder's bottom, or the grid's on a layout without one."""
    boxes = [b.box for b in lay.bodies if b.box is not None]
    if lay.title is None:
        # the title is written where the grid puts it: a placeholder ending above that is
        # a header strip (Mecanon's "Vazio"), not room for content
        boxes = [b for b in boxes if b.bottom > title_bottom]
    if not boxes:
        return []
    largest = boxes[0]
    return [largest] + [
        b for b in boxes[1:] if b.w * b.h * 4 >= largest.w * largest.h and b.y >= title_bottom
    ]


def _frame(lay: Layout, tpl: Template, theme: Theme, stand_in: bool) -> Frame:
    """Return the frame of template layout ``lay``: its placeholders, its title's size
    within deckgen's type scale, and its content area: the content placeholders' box
    (cleared of artwork), or, on a layout without one, the room below its title down to
    where the content layout's area ends."""
    g = theme.grid
    master = tpl.masters[lay.master]
    ratio = min(1.0, tpl.width / _WIDE)
    title = _slot(lay.title, master.title.size, _title_font(lay, tpl))
    if title is not None:
        # the placeholder's own size, within deckgen's type scale as the theme's title is
        size = title.size or theme.sizes.title
        size = max(theme.sizes.body + 4, min(size, 36.0 * ratio))
        title = dataclasses.replace(title, size=size)
    boxes = _content_boxes(
        lay, title.box.bottom if title is not None else g.margin_top + g.title_height
    )
    if boxes:
        x = min(b.x for b in boxes)
        y = min(b.y for b in boxes)
        right = max(b.x + b.w for b in boxes)
        bottom = max(_clear_of_art(b, lay.art) for b in boxes)
        area = ir.Box(Emu(x), Emu(y), Emu(right - x), Emu(bottom - y))
    elif title is not None:
        # the content layout's gap between its title and its content area
        gap = max(inches(0.1), g.content_top - g.margin_top - g.title_height)
        top = title.box.bottom + gap
        bottom = g.content_bottom if g.content_bottom > top + inches(1) else g.footer_top
        area = ir.Box(title.box.x, Emu(top), title.box.w, Emu(max(0, bottom - top)))
    else:
        area = ir.Box(
            Emu(g.margin_x),
            Emu(g.content_top),
            Emu(g.width - 2 * g.margin_x),
            Emu(g.content_bottom - g.content_top),
        )
    sub = lay.find("subTitle")
    return Frame(
        layout=lay.index,
        name=tpl.label(lay),
        title=title,
        subtitle=_slot(sub[0] if sub else None),
        bodies=tuple(s for s in (_slot(b) for b in lay.bodies) if s is not None),
        area=area,
        columns=tuple(
            dataclasses.replace(s, floor=Emu(_clear_of_art(c.box, lay.art)))
            for c in lay.columns
            if c.box is not None and (s := _slot(c)) is not None
        ),
        stand_in=stand_in,
    )


def _footer(tpl: Template, choice: Choice, background: str, text: str) -> Footer | None:
    """Return the footer's colours: the template's footer text colour on the artwork
    behind the footer placeholder (or the background), if it reads at 4.5:1; else the
    most legible of the deck's text colour, the background, black and white, with the
    template's colour kept for large-scale text if it reads at 3:1 there."""
    content = choice.layouts["bullets"]
    master = tpl.masters[content.master]
    box = next((p.box for p in content.find("ftr", "sldNum") if p.box is not None), None)
    if box is None:
        return None
    ground = None
    for art in content.art:  # the last one drawn is on top
        inside = art.x <= box.x and art.x + art.w >= box.x + box.w
        if art.fill and inside and art.y <= box.y and art.bottom >= box.bottom:
            ground = art.fill
    on = ground or background
    wanted = master.footer.color
    if wanted and contrast(wanted, on) >= TEXT_CONTRAST:
        return Footer(wanted, ground)
    legible = max((text, background, "000000", "FFFFFF"), key=lambda c: contrast(c, on))
    large = wanted if wanted and contrast(wanted, on) >= LARGE_TEXT_CONTRAST else None
    return Footer(legible, ground, large)


def frames_of(tpl: Template, choice: Choice, theme: Theme) -> Frames:
    """Return the frames of the chosen layouts and the template as a deck's package;
    ``theme`` is the theme fitted to the template (:func:`themed`)."""
    out = {
        name: _frame(lay, tpl, theme, name in choice.stand_ins)
        for name, lay in choice.layouts.items()
    }
    visual = _frame(choice.visual, tpl, theme, False) if choice.visual is not None else None
    footer = _footer(tpl, choice, theme.colors.background, theme.colors.text)
    known = {f.casefold() for f in known_families()}
    titles = [f.title.font for f in (*out.values(), visual) if f and f.title and f.title.font]
    measured_as = {
        f: stand_in(f)
        for f in dict.fromkeys((theme.fonts.heading, theme.fonts.body, *titles))
        if f.casefold() not in known
    }
    return Frames(out, as_presentation(tpl.data), footer, measured_as, visual)


def _legible(candidates: list[str | None], grounds: list[str], need: float) -> str | None:
    """Return the first colour with at least ``need``:1 contrast on every ground."""
    for c in candidates:
        if c and all(contrast(c, g) >= need for g in grounds):
            return c
    return None


def _darker(color: str, grounds: list[str], need: float) -> str:
    """Return ``color`` with its lightness moved away from the grounds' (darker on light
    grounds, lighter on dark ones; hue and saturation kept) just enough to reach
    ``need``:1 contrast on every ground."""
    import colorsys

    from deckgen.lint import luminance

    step = 0.01 if luminance(grounds[0]) < 0.18 else -0.01
    r, g, b = (int(color[i : i + 2], 16) / 255 for i in (0, 2, 4))
    hue, light, sat = colorsys.rgb_to_hls(r, g, b)
    out = color
    while 0 < light < 1 and not all(contrast(out, x) >= need for x in grounds):
        light = min(1.0, max(0.0, light + step))
        rgb = colorsys.hls_to_rgb(hue, light, sat)
        out = "".join(f"{round(c * 255):02X}" for c in rgb)
    return out


def _font(wanted: str | None, fallback: str, measurer: Measurer, warnings: list[str]) -> str:
    """Return ``wanted`` (the template's font), or ``fallback`` when the template names
    none; warn when deckgen has no metrics for it, saying which metrics measure it."""
    if not wanted:
        return fallback
    if not measurer.has_family(wanted):
        message = (
            f"the template's font '{wanted}' has no metrics in deckgen: text keeps "
            f"'{wanted}' and is measured as {stand_in(wanted)}"
        )
        if message not in warnings:
            warnings.append(message)
    return wanted


def themed(
    theme: Theme, tpl: Template, choice: Choice, measurer: Measurer
) -> tuple[Theme, list[str]]:
    """Return ``theme`` fitted to the template (grid, colours, fonts, title size) and the
    warnings about what could not be taken over as it is."""
    warnings: list[str] = list(choice.warnings)
    content = choice.layouts["bullets"]
    master: Master = tpl.masters[content.master]
    g = theme.grid
    title = content.title
    body = content.bodies[0] if content.bodies else None
    footer = next((p for p in content.find("ftr", "sldNum") if p.box is not None), None)
    grid = replace(g, width=Emu(tpl.width), height=Emu(tpl.height))
    if title is not None and title.box is not None:
        grid = replace(
            grid,
            margin_x=Emu(title.box.x),
            margin_top=Emu(title.box.y),
            title_height=Emu(title.box.h),
        )
    if body is not None and body.box is not None:
        bottom = _clear_of_art(body.box, content.art)
        grid = replace(grid, content_top=Emu(body.box.y), content_bottom=Emu(bottom))
    if footer is not None and footer.box is not None:
        height = min(footer.box.h, tpl.height - footer.box.y)
        grid = replace(grid, footer_top=Emu(footer.box.y), footer_height=Emu(height))
    else:
        bottom = grid.content_bottom + inches(0.1)
        grid = replace(
            grid,
            footer_top=Emu(bottom),
            footer_height=Emu(min(g.footer_height, tpl.height - bottom)),
        )
    # Colours: the master's scheme through its colour map (a dark master swaps bg1/tx1).
    background = master.color("bg1") or theme.colors.background
    surface = master.color("bg2") or theme.colors.surface
    grounds = [background, surface]
    text = _legible([master.color("tx1"), theme.colors.text, "000000", "FFFFFF"], grounds, 4.5)
    primary = _legible([master.title.color, master.color("tx2"), text], grounds, 4.5)
    accents = [master.color(f"accent{i}") for i in range(1, 7)]
    # The accent also colours text (kickers, links, numbers): the brand's first accent,
    # darkened as PowerPoint's "Accent 1, Darker" shades are until it reads at 4.5:1.
    accent = _darker(accents[0], grounds, 4.5) if accents[0] else primary
    muted = _legible([theme.colors.muted, text], grounds, 4.5) or text
    on_primary = _legible([background, "FFFFFF", "000000"], [primary or "000000"], 4.5)
    series = [c for c in accents if c] or theme.colors.series
    colors = replace(
        theme.colors,
        primary=primary or theme.colors.primary,
        accent=accent or theme.colors.accent,
        text=text or theme.colors.text,
        muted=muted or theme.colors.muted,
        background=background,
        surface=surface,
        on_primary=on_primary or theme.colors.on_primary,
        # What a slide is about (the chosen series, active nodes, the emphasised panel)
        # wears the brand's accent; neutral, positive and negative keep their meanings.
        highlight=accent or theme.colors.highlight,
        series=[accent or series[0], *[c for c in series if c != accent]][: max(2, len(series))],
    )
    fonts = replace(
        theme.fonts,
        heading=_font(
            master.title.font or master.major_font, theme.fonts.heading, measurer, warnings
        ),
        body=_font(master.body.font or master.minor_font, theme.fonts.body, measurer, warnings),
    )
    for lay in (*choice.layouts.values(), *([choice.visual] if choice.visual else [])):
        # a layout whose title has a typeface of its own: it is measured too
        _font(_title_font(lay, tpl), fonts.heading, measurer, warnings)
    sizes, icons, policy = theme.sizes, theme.icons, theme.policy
    ratio = min(1.0, tpl.width / theme.grid.width)
    if ratio < 1.0:
        # A narrower slide (4:3) is shown as wide as a 16:9 one: every size, and the
        # policy's minimum with it, shrinks by the width ratio so text looks the same size.
        sizes = replace(
            sizes,
            **{n: round(getattr(sizes, n) * ratio * 2) / 2 for n in sizes.__struct_fields__},
        )
        # in half points, as text is sized; rounded down so a scaled size never misses it
        policy = replace(policy, min_font=math.floor(policy.min_font * ratio * 2) / 2)
        icons = replace(
            icons,
            size=Emu(round(icons.size * ratio)),
            title_size=Emu(round(icons.title_size * ratio)),
        )
        grid = replace(
            grid,
            gutter=Emu(round(grid.gutter * ratio)),
            bullet_indent=Emu(round(grid.bullet_indent * ratio)),
            sub_indent=Emu(round(grid.sub_indent * ratio)),
            rule_width=Emu(round(grid.rule_width * ratio)),
        )
    if master.title.size:
        # the template's title size, within deckgen's type scale
        sizes = replace(sizes, title=max(sizes.body + 4, min(master.title.size, 36.0 * ratio)))
    return (
        replace(
            theme,
            grid=grid,
            colors=colors,
            fonts=fonts,
            sizes=sizes,
            icons=icons,
            policy=policy,
            title_rule=False,
        ),
        warnings,
    )
