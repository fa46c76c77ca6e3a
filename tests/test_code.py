"""Code legible from the back of the room: a minimum size, continuation slides, statements."""

from __future__ import annotations

from pathlib import Path

import pytest

from deckgen import ir, spec
from deckgen.build import compile_deck
from deckgen.layout.code import highlighted, statements
from deckgen.theme import load_theme
from helpers import ROOT, TOOLS, compile_text

THEME = load_theme("paper").theme
assert THEME is not None


def listing(source: str, language: str = "python", **options: object) -> spec.Code:
    return spec.Code(source=source, language=language, **options)  # type: ignore[arg-type]


def deck(source: str, options: str = "", bullets: str = "") -> str:
    body = "\n".join("        " + ln if ln else "" for ln in source.split("\n"))
    return (
        "title: T\nslides:\n  - layout: bullets\n    title: Long listing\n"
        + bullets
        + "    code:\n      language: python\n      line_numbers: true\n"
        + options
        + "      source: |\n"
        + body
        + "\n"
    )


def code_shapes(slide: ir.Slide) -> list[ir.TextShape]:
    return [s for s in slide.shapes if isinstance(s, ir.TextShape) and s.name == "Code"]


def numbers(shape: ir.TextShape) -> list[int]:
    assert shape.text is not None
    return [int(p.runs[0].text) for p in shape.text.paragraphs]


def titles(pres: ir.Presentation) -> list[str]:
    out = []
    for slide in pres.slides:
        (t,) = [s for s in slide.shapes if isinstance(s, ir.TextShape) and s.role == "title"]
        assert t.text is not None
        out.append("".join(r.text for r in t.text.paragraphs[0].runs))
    return out


# --- statements --------------------------------------------------------------------------


def test_a_statement_runs_on_while_a_bracket_is_open() -> None:
    code = listing("x = f(\n    a,\n    b)\ny = 2\nz = [1,\n 2]")
    assert statements(code) == [0, 0, 0, 3, 4, 4]


def test_brackets_in_strings_and_comments_do_not_count() -> None:
    code = listing('s = "(("  # [[\nt = 1\nu = """\n(\n"""\nv = 2')
    assert statements(code) == [0, 1, 2, 2, 2, 5]


def test_a_trailing_backslash_continues_the_statement() -> None:
    assert statements(listing("total = 1 + \\\n    2\nnext = 3")) == [0, 0, 2]


def test_an_unknown_language_gives_one_statement_per_line() -> None:
    assert statements(listing("a (\nb", language="no-such-language")) == [0, 1]


def test_a_highlighted_line_marks_its_whole_statement() -> None:
    with pytest.raises(ValueError) as refused:  # 3 is not a line of 10..14
        listing("a = 1\nb = g(\n    2,\n    3)\nc = 4", highlight=[3], first_line=10)
    assert str(refused.value) == (
        "highlight[0] is 3, but the listing's lines are numbered 10 to 14"
    )
    code = listing("a = 1\nb = g(\n    2,\n    3)\nc = 4", highlight=[12], first_line=10)
    assert highlighted(code, statements(code)) == {1, 2, 3}


def test_one_band_covers_the_highlighted_statement(tmp_path: Path) -> None:
    res = compile_text(
        tmp_path, deck("a = 1\nb = g(\n    2,\n    3)\nc = 4", "      highlight: [3]\n")
    )
    assert res.presentation is not None
    slide = res.presentation.slides[0]
    (band,) = [s for s in slide.shapes if s.name.startswith("Highlight")]
    (code,) = code_shapes(slide)
    assert band.name == "Highlight line 2–4"
    assert code.text is not None
    line_h = TOOLS.measurer.line_height(code.text.paragraphs[0].runs[0].size, 1.2)
    assert band.box.h == 3 * line_h
    assert band.box.y == code.box.y + code.text.inset_t + line_h


# --- size and continuation ------------------------------------------------------------------

LONG = "\n".join(
    [
        f"def step_{k}(state: dict[str, float]) -> float:\n    value = state['x'] * {k}\n"
        f"    return value + {k}\n"
        for k in range(12)
    ]
)


def test_a_long_listing_continues_with_its_numbers_running_on(tmp_path: Path) -> None:
    res = compile_text(tmp_path, deck(LONG))
    assert res.ok, [d.message for d in res.diagnostics]
    pres = res.presentation
    assert pres is not None
    # numbered like every continuation, so each slide has a title of its own
    assert titles(pres) == ["Long listing", "Long listing (cont.)", "Long listing (cont. 2)"]
    parts = [numbers(code_shapes(s)[0]) for s in pres.slides]
    # every line once, in order, numbered as in the source (blank lines at a break dropped)
    shown = [n for part in parts for n in part]
    gaps = [p[-1] + 1 for p in parts[:-1]]
    assert shown == [n for n in range(1, 48) if n not in gaps]
    # each part starts at a function and ends at its last line: breaks fall between them
    assert [(p[0] % 4, p[-1] % 4) for p in parts] == [(1, 3)] * 3
    sizes = {
        r.size
        for s in pres.slides
        for c in code_shapes(s)
        for p in c.text.paragraphs
        for r in p.runs
    }  # type: ignore[union-attr]
    assert len(sizes) == 1 and THEME.sizes.code_min <= sizes.pop() <= THEME.sizes.code


def test_bullets_stay_on_the_first_part_only(tmp_path: Path) -> None:
    res = compile_text(
        tmp_path, deck(LONG, bullets="    bullets: [One point]\n    placement: below\n")
    )
    assert res.presentation is not None
    bodies = [
        [s for s in slide.shapes if s.role == "body" and s.name != "Code"]  # type: ignore[union-attr]
        for slide in res.presentation.slides
    ]
    assert [len(b) for b in bodies] == [1] + [0] * (len(bodies) - 1)


def test_a_size_below_the_theme_minimum_is_held_at_the_minimum(tmp_path: Path) -> None:
    res = compile_text(tmp_path, deck("x = 1", "      size: 9\n"))
    assert res.presentation is not None
    (code,) = code_shapes(res.presentation.slides[0])
    assert code.text is not None
    assert code.text.paragraphs[0].runs[0].size == THEME.sizes.code_min == 14


@pytest.mark.parametrize("name", ["code.yaml", "qwen25-report.yaml"])
def test_shipped_listings_never_go_below_the_minimum(name: str) -> None:
    path = ROOT / ("examples" if name == "code.yaml" else "decks") / name
    res = compile_deck(path, TOOLS)
    assert res.ok and res.presentation is not None
    sizes = [
        r.size
        for slide in res.presentation.slides
        for c in code_shapes(slide)
        for p in c.text.paragraphs  # type: ignore[union-attr]
        for r in p.runs
    ]
    assert sizes and min(sizes) >= THEME.sizes.code_min
    if name == "code.yaml":  # the example carries a listing too long for one slide at 14 pt
        assert [t for t in titles_of(res.presentation) if t.endswith("(cont.)")]


def titles_of(pres: ir.Presentation) -> list[str]:
    return [
        "".join(r.text for r in s.text.paragraphs[0].runs)
        for slide in pres.slides
        for s in slide.shapes
        if isinstance(s, ir.TextShape) and s.role == "title" and s.text is not None
    ]
