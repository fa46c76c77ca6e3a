"""Lint: checks over the laid-out IR that catch what a reader would notice.

Each finding is a located diagnostic with a rule name. Rules and their default severity:

============  =======  ==========================================================
rule          default  what it finds
============  =======  ==========================================================
overflow      error    text that does not fit its box (found by layout)
outside       error    a shape that leaves the slide
overlap       error    two pieces of content that cover each other
min-font      error    text smaller than the theme's ``policy.min_font``
contrast      error    text below WCAG AA contrast against what is behind it
max-bullets   warning  more bullets on a slide than ``policy.max_bullets``
max-words     warning  more words on a slide than ``policy.max_words``
alt-text      error    an icon, chart, table or picture without alt text
low-resolu…   warning  a picture shown at less than 150 pixels per inch
balance       warning  a band of the content area left empty (``policy.max_empty``)
orphan        warning  a paragraph's last line holding one word (found by layout)
name-break    warning  a name broken at its hyphen, "GPT-/Neo" (found by layout)
heading-wrap  warning  a panel heading that needs two lines even at its smallest size
type-scale    warning  more text sizes on a slide than ``policy.max_sizes``
density       warning  more lines of text on a slide than ``policy.max_lines``
monotony      warning  more than half of the content slides in one composition
============  =======  ==========================================================

The theme's ``lint:`` mapping or ``--warn RULE`` / ``--ignore RULE`` change a rule's
severity (``error``, ``warning`` or ``off``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from deckgen import ir, spec
from deckgen.diagnostics import Diagnostic, Severity, YamlPath
from deckgen.source import SourceMap
from deckgen.theme import Theme
from deckgen.units import to_inches

RULES: dict[str, Severity] = {
    "overflow": Severity.ERROR,
    "outside": Severity.ERROR,
    "overlap": Severity.ERROR,
    "min-font": Severity.ERROR,
    "contrast": Severity.ERROR,
    "max-bullets": Severity.WARNING,
    "max-words": Severity.WARNING,
    "alt-text": Severity.ERROR,
    "low-resolution": Severity.WARNING,
    "balance": Severity.WARNING,
    "orphan": Severity.WARNING,
    "name-break": Severity.WARNING,
    "heading-wrap": Severity.WARNING,
    "type-scale": Severity.WARNING,
    "density": Severity.WARNING,
    "monotony": Severity.WARNING,
}


def luminance(color: str) -> float:
    """Return the WCAG relative luminance of an 'RRGGBB' colour."""
    out = []
    for i in (0, 2, 4):
        c = int(color[i : i + 2], 16) / 255
        out.append(c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
    r, g, b = out
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(fg: str, bg: str) -> float:
    """Return the WCAG contrast ratio of two colours (1 to 21)."""
    a, b = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)


#: WCAG 2.x 1.4.3 (AA): the least contrast of text, and of large-scale text.
TEXT_CONTRAST = 4.5
LARGE_TEXT_CONTRAST = 3.0
#: Large-scale text: at least 18 point, or 14 point bold. WCAG's points are typographic
#: points (1/72 in), the unit of a run's size; 18 pt is the 24 CSS px of a web page.
LARGE_TEXT_PT = 18.0
LARGE_BOLD_TEXT_PT = 14.0


def large_scale(size: float, bold: bool) -> bool:
    """Return whether text of ``size`` points is large-scale in WCAG 2.x's sense: at least
    18 pt, or at least 14 pt and bold."""
    return size >= LARGE_TEXT_PT or (bold and size >= LARGE_BOLD_TEXT_PT)


def contrast_needed(size: float, bold: bool) -> float:
    """Return the contrast WCAG 1.4.3 asks of text of ``size`` points: 3:1 for large-scale
    text, else 4.5:1."""
    return LARGE_TEXT_CONTRAST if large_scale(size, bold) else TEXT_CONTRAST


def lint(pres: ir.Presentation, deck: spec.Deck, theme: Theme, smap: SourceMap) -> list[Diagnostic]:
    """Return every lint finding in the presentation, at the rules' default severity."""
    out: list[Diagnostic] = []
    for number, slide in enumerate(pres.slides, 1):
        out.extend(_slide(number, slide, pres, theme, smap))
    for slide in pres.slides:
        # Counted on each slide as laid out, so "(cont.)" slides are judged on their own.
        count = sum(
            len(sh.text.paragraphs)
            for sh in slide.shapes
            if isinstance(sh, ir.TextShape)
            and sh.text is not None
            and (sh.name == "Bullets" or sh.name.startswith("Bullet "))
        )
        if count > theme.policy.max_bullets:
            out.append(
                _diag(
                    "max-bullets",
                    f"{count} bullets on one slide; the theme allows {theme.policy.max_bullets}",
                    (*slide.origin, "bullets"),
                    smap,
                    hint="split the slide, move detail into the notes, or set 'overflow: continue'",
                )
            )
    for number, slide in enumerate(pres.slides, 1):
        words = sum(
            # Words are counted per paragraph (runs split words at every style change);
            # code listings are not prose and do not count.
            len("".join(r.text for r in p.runs if not r.code).split())
            for sh in slide.shapes
            if isinstance(sh, ir.TextShape) and sh.role not in ("footer", "number") and sh.text
            for p in sh.text.paragraphs
        )
        if words > theme.policy.max_words:
            out.append(
                _diag(
                    "max-words",
                    f"slide {number} has {words} words; the theme allows {theme.policy.max_words}",
                    slide.origin,
                    smap,
                    hint="a slide is not a document: move detail into the notes",
                )
            )
    out.extend(design(pres, theme, smap))
    return out


#: Compositions of slides that are not content slides (they compose themselves).
FRAMES = frozenset({"title", "section", "quote", "question"})


def design(pres: ir.Presentation, theme: Theme, smap: SourceMap) -> list[Diagnostic]:
    """Return the design findings: balance, type scale and density per slide, and the
    deck's monotony."""
    out: list[Diagnostic] = []
    policy = theme.policy
    for number, slide in enumerate(pres.slides, 1):
        if not slide.composition or slide.composition in FRAMES:
            continue  # a slide not laid out by a composition (or a frame) composes itself
        gap = _empty_band(slide, theme)
        if gap is not None:
            share, where, height = gap
            if share > policy.max_empty:
                out.append(
                    _diag(
                        "balance",
                        f"slide {number} leaves {share:.0%} of the content area empty "
                        f"{where} ({to_inches(height):.2f} in)",
                        slide.origin,
                        smap,
                        hint="choose another composition with 'placement:', or give the "
                        "slide more to show",
                    )
                )
        texts = [
            sh
            for sh in slide.shapes
            if isinstance(sh, ir.TextShape)
            and sh.text is not None
            and sh.role not in ("footer", "number")
        ]
        sizes = sorted(
            {r.size for sh in texts for p in sh.text.paragraphs for r in p.runs if r.text.strip()}  # type: ignore[union-attr]
        )
        if len(sizes) > policy.max_sizes:
            out.append(
                _diag(
                    "type-scale",
                    f"slide {number} uses {len(sizes)} text sizes "
                    f"({', '.join(f'{x:g}' for x in sizes)} pt); "
                    f"the theme allows {policy.max_sizes}",
                    slide.origin,
                    smap,
                    hint="let one visual carry the detail, or move some of it into the notes",
                )
            )
        lines = sum(
            p.lines
            for sh in texts
            if sh.role != "title"
            for p in sh.text.paragraphs  # type: ignore[union-attr]
            # Code listings are not prose: their lines do not count.
            if any(r.text.strip() and not r.code and r.font != theme.fonts.mono for r in p.runs)
        )
        if lines > policy.max_lines:
            out.append(
                _diag(
                    "density",
                    f"slide {number} has {lines} lines of text; "
                    f"the theme allows {policy.max_lines}",
                    slide.origin,
                    smap,
                    hint="keep three to five short points; the rest goes into the notes",
                )
            )
    out.extend(_monotony(pres, smap))
    return out


def _monotony(pres: ir.Presentation, smap: SourceMap) -> list[Diagnostic]:
    """Return a finding when more than half of the content slides share one composition."""
    # A slide and its "(cont.)" parts come from one YAML slide (one origin) and share a
    # composition by design: the deck's variety is judged on the slides the author wrote.
    seen: set[YamlPath] = set()
    content = []
    for s in pres.slides:
        if s.composition and s.composition not in FRAMES and s.origin not in seen:
            seen.add(s.origin)
            content.append(s)
    if len(content) < 4:
        return []
    counts: dict[str, int] = {}
    for s in content:
        counts[s.composition] = counts.get(s.composition, 0) + 1
    name, count = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
    if count * 2 <= len(content):
        return []
    first = next(s for s in content if s.composition == name)
    return [
        _diag(
            "monotony",
            f"{count} of {len(content)} content slides use the '{name}' composition; "
            "more than half share one",
            first.origin,
            smap,
            hint="let the content choose ('placement: auto'), or pin another composition "
            "on some slides",
        )
    ]


def _empty_band(slide: ir.Slide, theme: Theme) -> tuple[float, str, int] | None:
    """Return the largest empty horizontal band of the content area: its share of the
    area's height, where it is ('at the top', 'at the bottom', 'in the middle') and its
    height; None when nothing is drawn in the content area."""
    g = theme.grid
    top, bottom = g.content_top, g.content_bottom
    if slide.frame is not None:
        # on a template: the content area of the layout the slide was measured on
        top, bottom = slide.frame.content.y, slide.frame.content.bottom
    spans: list[tuple[int, int]] = []
    for sh, box in _content(slide):
        # The footer lies below the area; the title above it, except where an untitled
        # quote or statement is itself the slide's title: then it is content like any other.
        if isinstance(sh, ir.TextShape) and sh.role in ("footer", "number"):
            continue
        spans.append((max(top, box.y), min(bottom, box.bottom)))
    for sh in slide.shapes:
        if isinstance(sh, ir.EquationShape):
            spans.append((max(top, sh.box.y), min(bottom, sh.box.bottom)))
        # Panels, cards and nodes occupy their area even where their text does not reach.
        if (
            isinstance(sh, ir.TextShape)
            and sh.fill
            and sh.box.w > g.rule_width
            and sh.box.h > g.rule_weight * 4
        ):
            spans.append((max(top, sh.box.y), min(bottom, sh.box.bottom)))
    spans = sorted((a, b) for a, b in spans if b > a)
    if not spans:
        return None
    above = spans[0][0] - top
    middle = 0
    reach = spans[0][1]
    for a, b in spans[1:]:
        middle = max(middle, a - reach)
        reach = max(reach, b)
    below = bottom - reach
    # Content centred on the area leaves two equal bands: that whitespace is chosen. Only
    # a gap inside the content, or one end emptier than twice the other, is a finding.
    if above > below * 2:
        best = (above, "at the top")
    elif below > above * 2:
        best = (below, "at the bottom")
    else:
        best = (0, "")
    if middle > best[0]:
        best = (middle, "in the middle")
    height, where = best
    return height / (bottom - top), where, height


def _diag(
    rule: str, message: str, path: YamlPath, smap: SourceMap, hint: str | None = None
) -> Diagnostic:
    return Diagnostic(RULES[rule], message, smap.span(path), path, hint, rule)


def _ink(sh: ir.TextShape) -> ir.Box:
    """Return the part of a text shape its measured text actually covers (inside its top
    and bottom insets: what stands there, such as an icon above a heading, is clear)."""
    assert sh.text is not None
    top, bottom = sh.text.inset_t, sh.text.inset_b
    inner = max(0, sh.box.h - top - bottom)
    h = min(max(0, sh.text.measured_height - top - bottom), inner)
    if sh.text.anchor == "t":
        y = sh.box.y + top
    elif sh.text.anchor == "b":
        y = sh.box.bottom - bottom - h
    else:
        y = sh.box.y + top + (inner - h) // 2
    return ir.Box(sh.box.x, y, sh.box.w, h)  # type: ignore[arg-type]


def _content(slide: ir.Slide) -> list[tuple[ir.AnyShape, ir.Box]]:
    """Return the shapes that carry content (text, icons, charts, tables) with their ink."""
    out: list[tuple[ir.AnyShape, ir.Box]] = []
    for sh in slide.shapes:
        if isinstance(sh, ir.TextShape):
            if sh.text is not None and any(
                r.text.strip() for p in sh.text.paragraphs for r in p.runs
            ):
                out.append((sh, _ink(sh)))
        elif isinstance(sh, ir.IconShape | ir.ChartShape | ir.TableShape | ir.PictureShape):
            out.append((sh, sh.box))
    return out


def _behind(slide: ir.Slide, index: int, box: ir.Box) -> str:
    """Return the colour behind ``box``: the nearest filled shape below it, or the slide."""
    for sh in reversed(slide.shapes[: index + 1]):
        if isinstance(sh, ir.TextShape) and sh.fill and sh.box.contains(box):
            return sh.fill
    return slide.background


def _slide(
    number: int, slide: ir.Slide, pres: ir.Presentation, theme: Theme, smap: SourceMap
) -> Iterable[Diagnostic]:
    page = ir.Box(0, 0, pres.width, pres.height)  # type: ignore[arg-type]
    for sh in slide.shapes:
        if not page.contains(sh.box):
            yield _diag(
                "outside",
                f"'{sh.name}' on slide {number} leaves the slide",
                sh.origin or slide.origin,
                smap,
            )
        if (
            isinstance(sh, ir.IconShape | ir.ChartShape | ir.TableShape)
            and not (sh.alt or "").strip()
        ):
            yield _diag(
                "alt-text",
                f"'{sh.name}' on slide {number} has no alt text",
                sh.origin or slide.origin,
                smap,
                hint="add 'alt:' with a one-line description",
            )
    for index, sh in enumerate(slide.shapes):
        if not isinstance(sh, ir.TextShape) or sh.text is None:
            continue
        runs = [r for p in sh.text.paragraphs for r in p.runs if r.text.strip()]
        small = [r for r in runs if r.size < theme.policy.min_font]
        if small:
            yield _diag(
                "min-font",
                f"'{sh.name}' on slide {number} uses {min(r.size for r in small):g} pt; "
                f"the theme's minimum is {theme.policy.min_font:g} pt",
                sh.origin or slide.origin,
                smap,
            )
        ground = sh.fill or _behind(slide, index - 1, sh.box)
        for r in runs:
            ratio = contrast(r.color, ground)
            need = contrast_needed(r.size, r.bold)
            if ratio < need:
                yield _diag(
                    "contrast",
                    f"text colour #{r.color} on #{ground} in '{sh.name}' (slide {number}) "
                    f"has contrast {ratio:.2f}:1; WCAG AA needs {need:g}:1",
                    sh.origin or slide.origin,
                    smap,
                    hint="use the theme's text or primary role on light grounds",
                )
                break
    content = _content(slide)
    for i, (a, abox) in enumerate(content):
        for b, bbox in content[i + 1 :]:
            if not abox.intersects(bbox):
                continue
            if _holds(a, b) or _holds(b, a):
                continue
            over = _area(abox, bbox)
            if over <= 0.02 * min(abox.w * abox.h, bbox.w * bbox.h):
                continue
            yield _diag(
                "overlap",
                f"'{a.name}' and '{b.name}' overlap on slide {number} "
                f"({to_inches(_overlap_w(abox, bbox)):.2f} × "
                f"{to_inches(_overlap_h(abox, bbox)):.2f} in)",
                b.origin or slide.origin,
                smap,
            )


def _holds(panel: ir.AnyShape, item: ir.AnyShape) -> bool:
    """Return True when ``item`` is an icon sitting inside a filled panel or node: by design."""
    return (
        isinstance(panel, ir.TextShape)
        and panel.fill is not None
        and isinstance(item, ir.IconShape)
        and panel.box.contains(item.box)
    )


def _overlap_w(a: ir.Box, b: ir.Box) -> int:
    return max(0, min(a.right, b.right) - max(a.x, b.x))


def _overlap_h(a: ir.Box, b: ir.Box) -> int:
    return max(0, min(a.bottom, b.bottom) - max(a.y, b.y))


def _area(a: ir.Box, b: ir.Box) -> int:
    return _overlap_w(a, b) * _overlap_h(a, b)


def apply_policy(diags: Iterable[Diagnostic], levels: Mapping[str, str]) -> list[Diagnostic]:
    """Return ``diags`` with rule severities changed by ``levels`` (rule → error/warning/off)."""
    out: list[Diagnostic] = []
    for d in diags:
        level = levels.get(d.rule or "")
        if level == "off":
            continue
        if level in ("error", "warning"):
            d = replace(d, severity=Severity(level))
        out.append(d)
    return out
