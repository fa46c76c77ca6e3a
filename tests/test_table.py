"""Tables grow into free space: type and padding toward the theme's table_max, no reflow."""

from __future__ import annotations

from pathlib import Path

from deckgen import ir
from deckgen.units import inches, pt
from helpers import compile_text

LONG = "Compute-optimal split of parameters vs tokens; Qwen2.5 adds effective tokens"


def compiled(tmp_path: Path, body: str, sizes: str = "") -> list[ir.Slide]:
    """Return the slides of a deck whose slides are ``body``, under the paper theme with
    ``sizes`` overrides."""
    theme = tmp_path / "theme"
    theme.mkdir(exist_ok=True)
    extra = f"sizes: {{{sizes}}}\n" if sizes else ""
    (theme / "theme.yaml").write_text("extends: paper\n" + extra, encoding="utf-8")
    res = compile_text(tmp_path, f"title: Tables\ntheme: ./theme\nslides:\n{body}")
    assert res.ok, [d.message for d in res.diagnostics]
    assert res.presentation is not None
    return list(res.presentation.slides)


def tables(tmp_path: Path, body: str, sizes: str = "") -> list[ir.TableShape]:
    """Return the tables of a deck whose slides are ``body``."""
    return [
        sh
        for s in compiled(tmp_path, body, sizes)
        for sh in s.shapes
        if isinstance(sh, ir.TableShape)
    ]


def slide(rows: list[tuple[str, str]], bullets: str = "") -> str:
    """Return one slide with a two-column table of ``rows`` and optional bullets."""
    body = "".join(f"        - ['{a}', '{b}']\n" for a, b in rows)
    return (
        f"  - layout: bullets\n    title: A\n{bullets}"
        f"    table:\n      columns: [Name, Score]\n      rows:\n{body}"
    )


def sizes_of(tb: ir.TableShape) -> set[float]:
    """Return the type sizes used in the table's cells."""
    return {r.size for row in tb.rows for c in row for p in c.text.paragraphs for r in p.runs}


def lines_of(tb: ir.TableShape) -> set[int]:
    """Return the line counts of the table's cells."""
    return {p.lines for row in tb.rows for c in row for p in c.text.paragraphs}


def test_a_short_table_in_a_tall_region_grows_to_the_theme_maximum(tmp_path: Path) -> None:
    (tb,) = tables(tmp_path, slide([(f"Row {i}", f"{i}.0") for i in range(3)]))
    assert sizes_of(tb) == {22.0}
    assert lines_of(tb) == {1}
    # The padding grows with the type: 22/18 of 0.08 in above and below one 22 pt line.
    one_line = round(inches(0.08) * 22 / 18) * 2 + pt(22 * 1.2)
    assert set(tb.row_heights) == {one_line}
    # Numbers stay right-aligned, names left.
    assert [c.text.paragraphs[0].align for c in tb.rows[1]] == ["l", "r"]


def test_a_table_that_fills_its_region_keeps_the_standard_size(tmp_path: Path) -> None:
    (tb,) = tables(tmp_path, slide([(f"Row {i}", f"{i}.0") for i in range(10)]))
    # Eleven rows at 18 pt take 5.06 of the 5.07 in content area: half a point more would not fit.
    assert sizes_of(tb) == {18.0}
    assert tb.row_heights == (inches(0.08) * 2 + pt(18 * 1.2),) * 11


def test_growing_stops_before_a_cell_wraps_onto_a_second_line(tmp_path: Path) -> None:
    (tb,) = tables(tmp_path, slide([("Chinchilla", LONG), ("LLaMA", "Shared decoder recipe")]))
    # The long cell fills the slide's width at 20.5 pt; at 21 pt it would wrap.
    assert sizes_of(tb) == {20.5}
    assert lines_of(tb) == {1}


def test_a_table_never_grows_past_the_themes_table_max(tmp_path: Path) -> None:
    rows = [(f"Row {i}", f"{i}.0") for i in range(3)]
    (tb,) = tables(tmp_path, slide(rows), sizes="table_max: 20")
    assert sizes_of(tb) == {20.0}
    (tb,) = tables(tmp_path, slide(rows), sizes="table_max: 16")
    assert sizes_of(tb) == {18.0}


def test_a_table_beside_bullets_takes_the_width_it_needs_to_grow(tmp_path: Path) -> None:
    # Short bullets leave the table the width of its cells at 22 pt.
    rows = [
        ("Passkey retrieval, 1M tokens", "100%"),
        ("RULER, average", "93.1"),
        ("RULER at 128K tokens", "84.5"),
        ("LV-Eval at 256K tokens", "38.0"),
    ]
    bullets = (
        "    bullets:\n"
        "      - One key sentence hidden in 1M tokens of irrelevant filler\n"
        "      - A basic check of attention; RULER asks more of the model\n"
    )
    (tb,) = tables(tmp_path, slide(rows, bullets))
    assert sizes_of(tb) == {22.0}
    assert lines_of(tb) == {1}


def test_the_table_takes_no_width_that_would_wrap_a_bullet_again(tmp_path: Path) -> None:
    rows = [
        ("Long-context test, Qwen2.5-Turbo", "Score"),
        ("Passkey retrieval, 1M tokens", "100%"),
        ("RULER at 128K tokens", "84.5"),
    ]
    bullets = (
        "    bullets:\n"
        "      - One key sentence hidden in 1M tokens of irrelevant filler\n"
        "      - '1M tokens: about 1M English words, some 10 novels (Qwen blog)'\n"
        "      - 'A basic check of attention: RULER asks more of the model'\n"
    )
    (one,) = compiled(tmp_path, slide(rows, bullets))
    text = next(sh for sh in one.shapes if isinstance(sh, ir.TextShape) and sh.name == "Bullets")
    assert [p.lines for p in text.text.paragraphs] == [2, 2, 2]
    (tb,) = [sh for sh in one.shapes if isinstance(sh, ir.TableShape)]
    # The width a 22 pt table needs would set the second bullet in three lines: the table
    # takes the width for 21 pt, where every bullet keeps its two lines.
    assert sizes_of(tb) == {21.0}
    assert lines_of(tb) == {1}
