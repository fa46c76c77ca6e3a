"""Shape primitives every layout and visual builds on: text boxes fitted to their box,
plain rectangles, and text in a filled or outlined shape."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from msgspec.structs import replace

from deckgen import ir, markup
from deckgen.diagnostics import YamlPath
from deckgen.layout.context import Ctx
from deckgen.layout.text import Fitted, Para, Style, fit
from deckgen.units import Emu, pt

Shapes = list[ir.AnyShape]


def text_shape(
    ctx: Ctx,
    name: str,
    box: ir.Box,
    fitted: Fitted,
    *,
    role: str = "body",
    origin: YamlPath = (),
    fill: str | None = None,
    line: str | None = None,
    geometry: str = "rect",
    corner: float = 0.0,
) -> ir.TextShape:
    """Return a text shape holding ``fitted`` in ``box``."""
    return ir.TextShape(
        key=ctx.key("t"),
        name=name,
        box=box,
        origin=origin,
        text=fitted.frame,
        geometry=geometry,  # type: ignore[arg-type]
        corner=corner,
        fill=fill,
        line=line,
        line_width=Emu(pt(0.75)) if line else Emu(0),
        role=role,  # type: ignore[arg-type]
    )


def rect(
    ctx: Ctx,
    name: str,
    box: ir.Box,
    fill: str | None,
    *,
    line: str | None = None,
    corner: float = 0.0,
) -> ir.TextShape:
    """Return a plain filled (rounded) rectangle without text."""
    return ir.TextShape(
        key=ctx.key("r"),
        name=name,
        box=box,
        geometry="roundRect" if corner else "rect",
        corner=corner,
        fill=fill,
        line=line,
        line_width=Emu(pt(0.75)) if line else Emu(0),
        role="decoration",
    )


def measure_in(
    ctx: Ctx,
    paras: Sequence[Para],
    box: ir.Box,
    *,
    min_scale: float = 1.0,
    max_scale: float = 1.0,
    anchor: str = "t",
    insets: tuple[int, int, int, int] = (0, 0, 0, 0),
    exact: bool = False,
    geometry: str = "rect",
    corner: float = 0.0,
) -> Fitted:
    """Return ``paras`` fitted into ``box`` as :func:`place` fits them, without a shape."""
    # A rounded rectangle's text area is inset from its box by its corners (the preset's
    # text rectangle: 0.29289 × the corner radius on each side). Measure with that room
    # taken away, but write only our own insets: the renderer applies the geometry's.
    geo = round(0.29289 * corner * min(box.w, box.h)) if geometry == "roundRect" else 0
    fitted = fit(
        paras,
        box.w,
        box.h,
        ctx.measurer,
        min_scale=min_scale,
        max_scale=max_scale,
        anchor=anchor,  # type: ignore[arg-type]
        insets=tuple(Emu(i + geo) for i in insets),  # type: ignore[arg-type]
        line_spacing=ctx.theme.grid.line_spacing,
        exact=exact,
    )
    if geo:
        left, right, top, bottom = (Emu(i) for i in insets)
        frame = replace(fitted.frame, inset_l=left, inset_r=right, inset_t=top, inset_b=bottom)
        fitted = replace(fitted, frame=frame)
    return fitted


def place(
    ctx: Ctx,
    name: str,
    paras: Sequence[Para],
    box: ir.Box,
    path: YamlPath,
    *,
    min_scale: float = 1.0,
    max_scale: float = 1.0,
    anchor: str = "t",
    role: str = "body",
    what: str = "text",
    insets: tuple[int, int, int, int] = (0, 0, 0, 0),
    exact: bool = False,
    **shape: object,
) -> tuple[ir.TextShape, Fitted]:
    """Return a text shape with ``paras`` fitted into ``box``; overflow is a located error."""
    fitted = measure_in(
        ctx,
        paras,
        box,
        min_scale=min_scale,
        max_scale=max_scale,
        anchor=anchor,
        insets=insets,
        exact=exact,
        geometry=str(shape.get("geometry", "rect")),
        corner=float(shape.get("corner", 0.0)),  # type: ignore[arg-type]
    )
    if fitted.overflow > 0:
        smallest = max(p.style.size for p in paras) * min_scale
        ctx.overflow(what, fitted, box.h, smallest, path)
    for word in fitted.orphans:
        ctx.warn(
            f"{what} ends with '{word}' alone on its last line",
            path,
            hint="reword or shorten it so the last line holds two words or more",
            rule="orphan",
        )
    for broken in fitted.name_breaks:
        ctx.warn(
            f"{what} breaks the name '{broken.replace('/', '')}' at its hyphen ('{broken}')",
            path,
            hint="shorten the line, or widen the box, so the name stays on one line",
            rule="name-break",
        )
    return text_shape(ctx, name, box, fitted, role=role, origin=path, **shape), fitted  # type: ignore[arg-type]


def text_in(
    ctx: Ctx,
    name: str,
    paras: Sequence[Para],
    box: ir.Box,
    path: YamlPath,
    *,
    min_scale: float = 1.0,
    anchor: str = "t",
    what: str = "text",
    fill: str | None = None,
    line: str | None = None,
    geometry: str = "rect",
    corner: float = 0.0,
    insets: int | tuple[int, int, int, int] = 0,
) -> tuple[ir.TextShape, Fitted]:
    """Return ``paras`` fitted into ``box`` as a text shape (optionally a filled, outlined
    shape); ``insets`` is one padding for all sides or (left, right, top, bottom)."""
    return place(
        ctx,
        name,
        paras,
        box,
        path,
        min_scale=min_scale,
        anchor=anchor,
        what=what,
        fill=fill,
        line=line,
        geometry=geometry,
        corner=corner,
        insets=insets if isinstance(insets, tuple) else (insets, insets, insets, insets),
    )


def one_line_size(
    ctx: Ctx,
    headings: Sequence[tuple[str, Emu, YamlPath]],
    style: Callable[[float], Style],
    largest: float,
    smallest: float,
    hint: str,
) -> tuple[float, list[int]]:
    """Return the one size for a row of headings and each heading's line count at it.

    ``headings`` are (markup, width, YAML path) triples; an empty text takes no lines. The
    size is the largest, from ``largest`` down to ``smallest`` in half points, at which
    every heading is set in ``style`` on one line. A heading that still needs more lines at
    ``smallest`` wraps, and that is a warning located at its path (rule ``heading-wrap``).
    """

    def lines(size: float) -> list[int]:
        return [
            sum(
                p.lines
                for p in fit(
                    [Para(text, style(size))], w, Emu(10**8), ctx.measurer
                ).frame.paragraphs
            )
            if text
            else 0
            for text, w, _ in headings
        ]

    size = largest
    while max(lines(size), default=0) > 1 and size > smallest:
        size = max(smallest, size - 0.5)
    counts = lines(size)
    for (text, _, path), count in zip(headings, counts, strict=True):
        if count > 1:
            ctx.warn(
                f"the column heading '{markup.plain(text)}' takes {count} lines "
                f"even at {size:g} pt",
                path,
                hint=hint,
                rule="heading-wrap",
            )
    return size, counts
