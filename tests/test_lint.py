"""Lint: each rule finds what it names, with its location, and can be turned down or off."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from deckgen import ir
from deckgen.cli import cli
from deckgen.diagnostics import Severity
from deckgen.lint import RULES, apply_policy, contrast, lint
from deckgen.source import SourceMap
from deckgen.spec import Deck
from deckgen.theme import load_theme
from deckgen.units import Emu, inches
from deckgen.validation import validate
from helpers import ROOT, TOOLS, compile_text

THEME = load_theme("paper").theme
assert THEME is not None
DECK, _ = validate(
    {"title": "T", "slides": [{"layout": "bullets", "title": "A", "bullets": ["x"]}]}, Deck
)
assert DECK is not None
SMAP = SourceMap("deck.yaml")


def box(x: float, y: float, w: float, h: float) -> ir.Box:
    return ir.Box(inches(x), inches(y), inches(w), inches(h))


def text(
    name: str,
    b: ir.Box,
    words: str = "Some text",
    size: float = 20,
    color: str = "1E2329",
    fill: str | None = None,
    bold: bool = False,
) -> ir.TextShape:
    run = ir.Run(words, "Arial", size, color, bold=bold)
    frame = ir.TextFrame((ir.Paragraph((run,)),), measured_height=b.h)
    return ir.TextShape(key=name, name=name, box=b, text=frame, fill=fill, origin=("slides", 0))


def findings(*shapes: ir.AnyShape, background: str = "FFFFFF") -> list[tuple[str, str]]:
    slide = ir.Slide(shapes=shapes, background=background, origin=("slides", 0))
    pres = ir.Presentation(
        Emu(inches(13.333)),
        Emu(inches(7.5)),
        (slide,),
        ir.Properties("T", "", "", "", "2000-01-01T00:00:00Z"),
        ir.ThemeFonts("Arial", "Arial"),
    )
    return [(d.rule or "", d.message) for d in lint(pres, DECK, THEME, SMAP)]


def test_wcag_contrast_ratios() -> None:
    assert contrast("000000", "FFFFFF") == pytest.approx(21.0)
    assert contrast("FFFFFF", "FFFFFF") == pytest.approx(1.0)
    assert contrast(THEME.colors.muted, THEME.colors.background) >= 4.5
    assert contrast(THEME.colors.text, THEME.colors.surface) >= 4.5


def test_a_clean_slide_has_no_findings() -> None:
    assert findings(text("a", box(1, 1, 4, 1)), text("b", box(6, 1, 4, 1))) == []


def test_shapes_outside_the_slide() -> None:
    assert findings(text("wide", box(10, 1, 4, 1))) == [
        ("outside", "'wide' on slide 1 leaves the slide")
    ]


def test_overlapping_content() -> None:
    got = findings(text("a", box(1, 1, 4, 1)), text("b", box(3, 1.5, 4, 1)))
    assert got == [("overlap", "'a' and 'b' overlap on slide 1 (2.00 × 0.50 in)")]


def test_an_icon_inside_its_own_node_is_not_an_overlap() -> None:
    node = text("node", box(1, 1, 3, 2), fill="F2F5F9")
    icon = ir.IconShape(key="i", name="icon", box=box(1.2, 1.2, 0.5, 0.5), alt="x icon")
    assert findings(node, icon) == []


def test_small_text() -> None:
    assert findings(text("tiny", box(1, 1, 4, 1), size=9)) == [
        ("min-font", "'tiny' on slide 1 uses 9 pt; the theme's minimum is 11 pt")
    ]


def test_low_contrast_against_the_panel_behind_the_text() -> None:
    panel = ir.TextShape(
        key="p", name="panel", box=box(1, 1, 6, 3), fill="1F3864", role="decoration"
    )
    got = findings(panel, text("label", box(1.5, 1.5, 4, 1), color="2E75B6"))
    assert got == [
        (
            "contrast",
            # 20 pt is large-scale text
            "text colour #2E75B6 on #1F3864 in 'label' (slide 1) has contrast 2.40:1; WCAG AA needs 3:1",
        )
    ]


def test_large_scale_text_needs_3_to_1_as_wcag_counts_points() -> None:
    # white on orange: 3.47:1, enough for large-scale text (18 pt, or 14 pt bold), not for
    # smaller text; WCAG's 18 pt is a run's 18 pt (the 24 CSS px of a web page)
    assert contrast("FFFFFF", "D76C24") == pytest.approx(3.465, abs=0.001)
    cases = {
        "18 pt": (18, False),
        "14 pt bold": (14, True),
        "17.5 pt": (17.5, False),
        "13.5 pt bold": (13.5, True),
        "14 pt": (14, False),
    }
    shapes = [
        text(name, box(1, 1 + i, 6, 0.8), color="FFFFFF", fill="D76C24", size=size, bold=bold)
        for i, (name, (size, bold)) in enumerate(cases.items())
    ]
    assert findings(*shapes) == [
        (
            "contrast",
            f"text colour #FFFFFF on #D76C24 in '{name}' (slide 1) has contrast 3.47:1; "
            "WCAG AA needs 4.5:1",
        )
        for name in ("17.5 pt", "13.5 pt bold", "14 pt")
    ]


def test_missing_alt_text() -> None:
    icon = ir.IconShape(key="i", name="Icon: brain", box=box(1, 1, 0.5, 0.5), alt=None)
    assert findings(icon) == [("alt-text", "'Icon: brain' on slide 1 has no alt text")]


def test_too_many_bullets_and_words_are_warnings(tmp_path: Path) -> None:
    bullets = "\n".join(f"      - b{i}" for i in range(10))
    res = compile_text(
        tmp_path, f"title: T\nslides:\n  - layout: bullets\n    title: A\n    bullets:\n{bullets}\n"
    )
    warns = [
        (d.rule, d.severity, d.message, d.span.line if d.span else None) for d in res.diagnostics
    ]
    assert warns == [
        ("max-bullets", Severity.WARNING, "10 bullets on one slide; the theme allows 8", 6)
    ]
    assert res.ok  # warnings do not fail a build


def test_severities_change_with_policy() -> None:
    shape = text("wide", box(10, 1, 4, 1))
    slide = ir.Slide(shapes=(shape,), background="FFFFFF")
    pres = ir.Presentation(
        Emu(inches(13.333)),
        Emu(inches(7.5)),
        (slide,),
        ir.Properties("T", "", "", "", "x"),
        ir.ThemeFonts("Arial", "Arial"),
    )
    diags = lint(pres, DECK, THEME, SMAP)
    assert [d.severity for d in apply_policy(diags, {"outside": "warning"})] == [Severity.WARNING]
    assert apply_policy(diags, {"outside": "off"}) == []


def test_theme_lint_settings_apply(tmp_path: Path) -> None:
    theme_dir = tmp_path / "themes" / "relaxed"
    theme_dir.mkdir(parents=True)
    (theme_dir / "theme.yaml").write_text(
        "extends: paper\nlint:\n  max-bullets: off\n", encoding="utf-8"
    )
    bullets = "\n".join(f"      - b{i}" for i in range(10))
    res = compile_text(
        tmp_path,
        f"title: T\ntheme: relaxed\nslides:\n  - layout: bullets\n    title: A\n    bullets:\n{bullets}\n",
    )
    assert res.diagnostics == []


def test_cli_warn_and_ignore_flags(tmp_path: Path) -> None:
    bullets = "\n".join(f"      - b{i}" for i in range(10))
    deck = tmp_path / "d.yaml"
    deck.write_text(
        f"title: T\nslides:\n  - layout: bullets\n    title: A\n    bullets:\n{bullets}\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    quiet = runner.invoke(cli, ["check", str(deck), "--ignore", "max-bullets"])
    assert (quiet.exit_code, quiet.output) == (0, f"{deck}: ok (1 slide)\n")
    bad = runner.invoke(cli, ["check", str(deck), "--ignore", "max-bulets"])
    assert bad.exit_code == 2
    assert "unknown lint rule 'max-bulets' (did you mean 'max-bullets'?)" in bad.output
    js = runner.invoke(cli, ["check", str(deck), "--format", "json"])
    record = json.loads(js.output.splitlines()[0])
    assert (record["rule"], record["severity"], record["line"]) == ("max-bullets", "warning", 6)


STRESS = ROOT / "tests" / "stress" / "stress.yaml"


def test_the_stress_deck_builds_with_continuation_and_fits() -> None:
    from deckgen.build import compile_deck

    # A deck built to push the layout is dense and uniform by design: only fitting counts.
    rules = {"max-bullets": "off", "density": "off", "monotony": "off"}
    res = compile_deck(STRESS, TOOLS, rules)
    assert [d.message for d in res.diagnostics] == []
    pres = res.presentation
    assert pres is not None
    titles = [
        next(sh for sh in s.shapes if isinstance(sh, ir.TextShape) and sh.role == "title")
        for s in pres.slides
    ]
    assert [t.text.paragraphs[0].runs[0].text.endswith("(cont.)") for t in titles] == [
        False,
        False,
        True,
        False,
        False,
        False,
    ]  # type: ignore[union-attr]
    bullets = [next(sh for sh in s.shapes if sh.name == "Bullets") for s in pres.slides[1:3]]
    assert [sum(p.level == 0 for p in b.text.paragraphs) for b in bullets] == [6, 6]  # type: ignore[union-attr]
    for s in pres.slides:
        for sh in s.shapes:
            if isinstance(sh, ir.TextShape) and sh.text:
                assert sh.text.measured_height <= sh.box.h, sh.name
    flow = pres.slides[5]
    assert sum(sh.name.startswith("Node:") for sh in flow.shapes) == 30
    assert sum(isinstance(sh, ir.ConnectorShape) for sh in flow.shapes) == 29


def test_the_stress_deck_without_continuation_is_a_located_overflow_error() -> None:
    text = STRESS.read_text(encoding="utf-8").replace("overflow: continue", "overflow: error")
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        res = compile_text(Path(tmp), text)
    errors = [d for d in res.diagnostics if d.severity is Severity.ERROR]
    assert [(d.rule, d.path, d.span.line) for d in errors] == [
        ("overflow", ("slides", 1, "bullets"), 11)
    ]  # type: ignore[union-attr]


def test_policy_replace_keeps_other_fields() -> None:
    d = lint(
        ir.Presentation(
            Emu(100),
            Emu(100),
            (ir.Slide((text("x", box(0, 0, 1, 1)),), "FFFFFF"),),
            ir.Properties("T", "", "", "", "x"),
            ir.ThemeFonts("A", "A"),
        ),
        DECK,
        THEME,
        SMAP,
    )[0]
    assert replace(d, severity=Severity.WARNING).rule == "outside"


def test_a_theme_can_set_every_lint_rule() -> None:
    from typing import get_args

    from deckgen.theme import Theme

    lint = Theme.__annotations__["lint"]
    keys = get_args(get_args(get_args(lint)[0])[0])
    assert set(keys) == set(RULES)
