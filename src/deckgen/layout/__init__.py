"""Stage 5: layout. A pure function from (deck, theme, measurer, icons) to the IR.

Text is measured here and overflow is found here, with the YAML position of the text.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import TYPE_CHECKING

import msgspec
from msgspec.structs import replace

from deckgen import ir, markup, spec
from deckgen.assets import Assets
from deckgen.diagnostics import Diagnostic, YamlPath
from deckgen.icons import IconSet
from deckgen.layout import bullets, chrome, compose, on_template
from deckgen.layout import slides as L
from deckgen.layout.code import continued
from deckgen.layout.context import Ctx
from deckgen.layout.text import fit
from deckgen.measure import Measurer
from deckgen.source import SourceMap
from deckgen.theme import Theme
from deckgen.units import Emu

if TYPE_CHECKING:
    # deckgen.frames reads templates (~15 ms to import): only decks built on one need it.
    from deckgen.frames import Frames

__all__ = ["layout"]


def layout(
    deck: spec.Deck,
    theme: Theme,
    smap: SourceMap,
    measurer: Measurer,
    icons: IconSet,
    assets: Assets | None = None,
    frames: Frames | None = None,
) -> tuple[ir.Presentation, list[Diagnostic]]:
    """Return the deck laid out as IR, and the diagnostics found while measuring.

    With ``frames`` (a template to build on), slides are laid out against the template
    layouts' placeholder boxes and their text is assigned to those placeholders."""
    if frames is not None and frames.measured_as:
        # the template's fonts without metrics are measured with their stand-ins' metrics
        measurer = measurer.standing_in(frames.measured_as)
    ctx = Ctx(deck, theme, measurer, icons, smap, assets or Assets())
    _check_inline_math(ctx, msgspec.to_builtins(deck), ())
    out: list[ir.Slide] = []
    previous: str | None = None
    for i, slide in enumerate(deck.slides):
        path: YamlPath = ("slides", i)
        # on a template, a slide is split and measured on the layout it goes on
        ctx.on = on_template.frame_for(frames, slide, slide.layout) if frames else None
        for title, part in _split(ctx, slide, path):
            number = len(out) + 1
            frame = on_template.frame_for(frames, part, slide.layout) if frames else None
            ctx.on = frame
            if frame is not None and isinstance(part, spec.TitleSlide):
                shapes, composition = on_template.title_slide(ctx, part, path, frame), "title"
            elif frame is not None and isinstance(part, spec.SectionSlide):
                shapes = on_template.section_slide(ctx, part, path, number, frame)
                composition = "section"
            elif frame is not None and isinstance(part, spec.TwoColumnSlide):
                shapes, composition = on_template.two_column_slide(ctx, part, path, number, frame)
            else:
                shapes, composition = _one(ctx, part, path, number, title, previous)
                if frame is not None:
                    shapes = on_template.fill_placeholders(slide.layout, shapes, frame)
            if frames is not None:
                shapes = chrome.on_brand(ctx, shapes, frames.footer)
            previous = composition
            out.append(
                ir.Slide(
                    shapes=tuple(shapes),
                    background=theme.colors.background,
                    notes=markup.plain(slide.notes).strip() if slide.notes else None,
                    hidden=slide.hidden,
                    origin=path,
                    layout=slide.layout,
                    composition=composition,
                    frame=frame.as_ir() if frame is not None else None,
                )
            )
        ctx.on = None
    props = ir.Properties(
        title=markup.plain(deck.title),
        author=", ".join(deck.authors),
        subject=deck.subject or (markup.plain(deck.subtitle) if deck.subtitle else ""),
        keywords=", ".join(deck.keywords),
        created=_timestamp(deck.date),
        description=deck.source.url or deck.source.label if deck.source else "",
    )
    pres = ir.Presentation(
        width=Emu(theme.grid.width),
        height=Emu(theme.grid.height),
        slides=tuple(out),
        properties=props,
        fonts=ir.ThemeFonts(
            theme.fonts.heading,
            theme.fonts.body,
            theme.fonts.east_asian,
            theme.fonts.complex_script,
        ),
        palette={
            "dk1": theme.colors.text,
            "lt1": theme.colors.background,
            "dk2": theme.colors.primary,
            "lt2": theme.colors.surface,
            "hlink": theme.colors.accent,
            "folHlink": theme.colors.muted,
            **{
                f"accent{i + 1}": c
                for i, c in enumerate((theme.colors.accent, *theme.colors.series[1:6]))
            },
        },
        lang=deck.lang,
        template=frames.package if frames is not None else b"",
        template_layouts=(
            {k: f.layout for k, f in frames.by_layout.items()} if frames is not None else {}
        ),
    )
    return pres, ctx.diagnostics


def _check_inline_math(ctx: Ctx, value: object, path: YamlPath) -> None:
    """Report every ``$...$`` in the deck's text that cannot be typeset, where it is written."""
    if isinstance(value, dict):
        for k, v in value.items():
            if k not in ("latex", "source", "notes"):  # LaTeX fields and code are not markup
                _check_inline_math(ctx, v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _check_inline_math(ctx, v, (*path, i))
    elif isinstance(value, str) and "$" in value:
        from deckgen.equations import EquationError
        from deckgen.layout.inline_math import flatten

        for piece in markup.parse(value):
            if piece.math:
                try:
                    flatten(piece.text)
                except EquationError as exc:
                    ctx.error(
                        f"cannot typeset inline math ${piece.text}$: {exc}",
                        path,
                        hint="escape a literal dollar sign as \\$",
                    )


def _timestamp(date: str | None) -> str:
    """Return the fixed creation time: SOURCE_DATE_EPOCH, else the deck's date, else 2000-01-01."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if date:
        try:
            return dt.date.fromisoformat(date[:10]).strftime("%Y-%m-%dT00:00:00Z")
        except ValueError:
            pass
    return "2000-01-01T00:00:00Z"


def _one(
    ctx: Ctx, s: spec.Slide, path: YamlPath, number: int, title: str | None, previous: str | None
) -> L.Laid:
    """Return the slide laid out by its layout's function, with its composition's name."""
    if isinstance(s, spec.TitleSlide):
        return L.title_slide(ctx, s, path, number)
    if isinstance(s, spec.SectionSlide):
        return L.section_slide(ctx, s, path, number)
    if isinstance(s, spec.BulletsSlide):
        return L.bullets_slide(ctx, s, path, number, title=title, previous=previous)
    if isinstance(s, spec.TwoColumnSlide):
        return L.two_column_slide(ctx, s, path, number)
    if isinstance(s, spec.QuoteSlide):
        return L.quote_slide(ctx, s, path, number)
    if isinstance(s, spec.StatementSlide):
        return L.statement_slide(ctx, s, path, number)
    if isinstance(s, spec.QASlide):
        return L.qa_slide(ctx, s, path, number, title=title)
    assert isinstance(s, spec.QuestionSlide)
    return L.question_slide(ctx, s, path, number)


def cont_title(title: str, part: int) -> str | None:
    """Return the title of part ``part`` of a split slide: None for the first (its own
    title), then "(cont.)", "(cont. 2)"… so every slide title stays unique."""
    if part == 0:
        return None
    return f"{title} (cont.)" if part == 1 else f"{title} (cont. {part})"


def _split_qa(ctx: Ctx, s: spec.QASlide) -> list[tuple[str | None, spec.Slide]]:
    """Return the Q&A slide split so that each part's items fit at a comfortable size."""
    area = ctx.content()
    # Keep answers readable: pack at no less than 90 % size; only a single item that
    # cannot fit even alone is left to shrink (and, past the minimum, to fail).
    chunks: list[list[spec.QA]] = []
    for item in s.items:
        if chunks:
            trial = L.qa_paras(ctx, [*chunks[-1], item])
            if fit(trial, area.w, area.h, ctx.measurer, min_scale=0.9).overflow == 0:
                chunks[-1].append(item)
                continue
        chunks.append([item])
    return [(cont_title(s.title, i), replace(s, items=chunk)) for i, chunk in enumerate(chunks)]


def _split(ctx: Ctx, s: spec.Slide, path: YamlPath) -> list[tuple[str | None, spec.Slide]]:
    """Return the slide, or for bullet lists that overflow with 'overflow: continue', the
    slide and its '(cont.)' continuations, each holding the bullets that fit."""
    if isinstance(s, spec.QASlide):
        return _split_qa(ctx, s)
    if isinstance(s, spec.BulletsSlide) and s.code is not None:
        parts = continued(ctx, s, lambda c, part: _one(c, part, path, 0, None, None).shapes)
        if len(parts) > 1:
            # Numbered like every continuation, so each slide's title is its own.
            return [(cont_title(s.title, i), p) for i, (_, p) in enumerate(parts)]
    if not isinstance(s, spec.BulletsSlide) or not s.bullets:
        return [(None, s)]
    mode = s.overflow or ctx.deck.overflow
    if mode != "continue" or any(b.icon for b in s.bullets):
        return [(None, s)]
    area = ctx.content()

    def fits(chunk: list[spec.Bullet], first: bool) -> bool:
        # The first part keeps the visual; the composition it then gets decides the room.
        keep: dict[str, object] = (
            {} if first else {**dict.fromkeys(spec.VISUALS), "placement": "auto"}
        )
        plan = compose.bullets_slide(ctx, replace(s, bullets=chunk, **keep))
        box = plan.text or area
        if plan.composition == "text-over-visual":
            box = ir.Box(box.x, box.y, box.w, Emu(area.h // 2))
        return bullets.measure(ctx, chunk, box.w, box.h).overflow == 0

    # Greedy first: how many slides are needed at the smallest allowed size.
    chunks: list[list[spec.Bullet]] = []
    remaining = list(s.bullets)
    while remaining:
        k = len(remaining)
        while k > 1 and not fits(remaining[:k], not chunks):
            k -= 1
        chunks.append(remaining[:k])
        remaining = remaining[k:]
    # Then even out: the same number of slides with bullets shared fairly reads better
    # than one full slide and a near-empty continuation.
    if len(chunks) > 1:
        per = -(-len(s.bullets) // len(chunks))
        even = [list(s.bullets[i : i + per]) for i in range(0, len(s.bullets), per)]
        if len(even) == len(chunks) and all(fits(c, i == 0) for i, c in enumerate(even)):
            chunks = even
    parts: list[tuple[str | None, spec.Slide]] = []
    for i, chunk in enumerate(chunks):
        update: dict[str, object] = {"bullets": chunk}
        if i:
            # Continuations carry bullets only: the visual and its placement stay behind.
            update.update(dict.fromkeys(spec.VISUALS), placement="auto")
        parts.append((cont_title(s.title, i), replace(s, **update)))
    return parts
