"""Every deck the repository ships builds, deterministically, into schema-valid parts."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from deckgen.build import compile_deck, render_bytes
from deckgen.ir import TextShape
from deckgen.spec import LAYOUTS
from deckgen.validate import Validator, find_schema_dir
from helpers import ROOT, TOOLS, deck_files

DECKS = deck_files()


def test_the_repository_ships_both_decks_and_an_example_per_layout() -> None:
    names = {p.name for p in DECKS}
    assert {"qwen25.yaml", "llama.yaml"} <= names
    layouts: set[str] = set()
    for p in (ROOT / "examples").glob("*.yaml"):
        res = compile_deck(p, TOOLS)
        assert res.deck is not None
        layouts |= {s.layout for s in res.deck.slides}
    assert layouts == set(LAYOUTS)


@pytest.mark.parametrize("path", DECKS, ids=[p.name for p in DECKS])
def test_deck_builds_without_diagnostics(path: Path) -> None:
    res = compile_deck(path, TOOLS)
    assert [d.message for d in res.diagnostics] == []
    assert res.presentation is not None
    assert len(res.presentation.slides) >= len(res.deck.slides)  # type: ignore[union-attr] # continuations add slides


@pytest.mark.parametrize("path", DECKS, ids=[p.name for p in DECKS])
def test_every_shape_lies_inside_the_slide(path: Path) -> None:
    res = compile_deck(path, TOOLS)
    pres = res.presentation
    assert pres is not None
    for n, slide in enumerate(pres.slides, 1):
        for sh in slide.shapes:
            b = sh.box
            assert b.x >= 0 and b.y >= 0, (n, sh.name)
            assert b.right <= pres.width and b.bottom <= pres.height, (n, sh.name)


@pytest.mark.parametrize("path", DECKS, ids=[p.name for p in DECKS])
def test_measured_text_fits_its_box(path: Path) -> None:
    res = compile_deck(path, TOOLS)
    assert res.presentation is not None
    for n, slide in enumerate(res.presentation.slides, 1):
        for sh in slide.shapes:
            if isinstance(sh, TextShape) and sh.text is not None:
                assert sh.text.measured_height <= sh.box.h, (n, sh.name)


@pytest.mark.parametrize("name", ["qwen25.yaml", "llama.yaml"])
def test_real_decks_follow_their_briefs(name: str) -> None:
    res = compile_deck(ROOT / "decks" / name, TOOLS)
    deck = res.deck
    assert deck is not None
    assert len(deck.slides) == 12  # the title slide and the brief's 11 slides
    assert deck.slides[0].layout == "title"
    assert deck.slides[-1].layout == "question"
    for i, slide in enumerate(deck.slides[1:], 2):
        assert slide.notes, f"slide {i} has no speaker notes"
        sentences = [s for s in slide.notes.replace("?", ".").split(". ") if s.strip()]
        assert 2 <= len(sentences) <= 7, (i, len(sentences))


@pytest.mark.parametrize("path", DECKS, ids=[p.name for p in DECKS])
def test_two_builds_are_byte_identical(path: Path) -> None:
    a = compile_deck(path, TOOLS)
    b = compile_deck(path, TOOLS)
    assert a.presentation is not None and b.presentation is not None
    assert render_bytes(a.presentation) == render_bytes(b.presentation)


SCHEMAS = find_schema_dir()


@pytest.fixture(scope="module")
def validator() -> Validator:
    if SCHEMAS is None:
        if os.environ.get("CI") == "true":
            pytest.fail("ECMA-376 schemas not found in CI (set DECKGEN_XSD_DIR)")
        pytest.skip("ECMA-376 schemas not found: set DECKGEN_XSD_DIR to ooxml-xsd/")
    return Validator(SCHEMAS)


@pytest.mark.parametrize("path", DECKS, ids=[p.name for p in DECKS])
def test_every_part_is_schema_valid(path: Path, validator: Validator) -> None:
    res = compile_deck(path, TOOLS)
    assert res.presentation is not None
    findings = validator.check_bytes(render_bytes(res.presentation), path.name)
    assert [f"{f.part}: {f.message}" for f in findings if f.severity == "error"] == []


@pytest.mark.parametrize("name", ["qwen25.yaml", "llama.yaml"])
def test_every_content_slide_carries_an_icon_or_a_visual(name: str) -> None:
    res = compile_deck(ROOT / "decks" / name, TOOLS)
    assert res.presentation is not None
    for n, slide in enumerate(res.presentation.slides, 1):
        if slide.layout in ("title", "section"):
            continue
        kinds = {type(sh).__name__ for sh in slide.shapes}
        nodes = any(sh.name.startswith("Node:") for sh in slide.shapes)
        assert kinds & {"IconShape", "ChartShape", "TableShape"} or nodes, (
            f"slide {n} has neither icon nor visual"
        )


REAL_DECKS = ["qwen25.yaml", "llama.yaml", "qwen25-report.yaml"]


@pytest.mark.parametrize("name", REAL_DECKS)
def test_real_decks_keep_to_the_design_limits(name: str) -> None:
    deck = compile_deck(ROOT / "decks" / name, TOOLS).deck
    assert deck is not None
    heroes = [
        n
        for n, s in enumerate(deck.slides, 1)
        if s.layout == "statement" or getattr(s, "stat", None)
    ]
    assert len(heroes) <= 2, f"hero numbers on slides {heroes}"
    for n, s in enumerate(deck.slides, 1):
        assert len(getattr(s, "bullets", [])) <= 5, f"slide {n}: more than five bullets"
        assert len(getattr(s, "items", [])) <= 3, f"slide {n}: more than three questions"
        visual = any(
            getattr(s, k, None) for k in ("chart", "diagram", "table", "stat", "code", "equation")
        )
        icons = any(not isinstance(b, str) and b.icon for b in getattr(s, "bullets", []))
        anchored = (
            visual or icons or s.layout in ("title", "statement", "two-column", "qa", "question")
        )
        assert anchored, f"slide {n} has no visual anchor"


@pytest.mark.parametrize("name", REAL_DECKS)
def test_real_decks_set_every_bullet_in_at_most_two_lines(name: str) -> None:
    res = compile_deck(ROOT / "decks" / name, TOOLS)
    assert res.presentation is not None
    bullets = [
        (n, "".join(r.text for r in p.runs), p.lines)
        for n, slide in enumerate(res.presentation.slides, 1)
        for sh in slide.shapes
        if isinstance(sh, TextShape)
        and sh.text is not None
        and sh.name.split(" ")[0] in ("Bullets", "Bullet", "Left", "Right")
        for p in sh.text.paragraphs
    ]
    assert len(bullets) >= 20  # the bullets of every bullets and two-column slide
    assert [b for b in bullets if b[2] > 2] == []
