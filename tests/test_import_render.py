"""Imported decks in the real client: every seed document (and ``plain-notes.md`` and
``rich-notes.md``, which have every construct) is imported, built and rendered by
LibreOffice, and its words must lie inside the boxes the IR planned (the checks of
``render.py``, as for the decks of decks/ and examples/). Also ``deckgen import --preview``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

import render
from deckgen.cli import cli
from deckgen.importer import import_file

SEEDS = render.ROOT / "tests" / "fixtures" / "import"
NAMES = [
    "qwen25-slide-brief.md",
    "llama-slide-brief.md",
    "qwen25-paper-notes.md",
    "qwen25-blog-notes.md",
    "plain-notes.md",  # equations, code, tables and a quote
    "rich-notes.md",  # a statement, a table, equations with a caption, code, Q&A
]


@pytest.fixture(scope="module")
def imported_renders(
    render_tools: render.Tools, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, render.DeckRender]:
    """Return each seed imported, built with ``--dump-ir`` and converted to PDF (one soffice
    call for all of them)."""
    workdir = tmp_path_factory.mktemp("import-render")
    decks: dict[str, Path] = {}
    for name in NAMES:
        path = workdir / "decks" / f"imported-{Path(name).stem}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(import_file(SEEDS / name).yaml_text, encoding="utf-8")
        decks[name] = path
    renders = render.build_decks(decks, workdir, render_tools, render.ROOT)
    render.convert_to_pdf(renders, workdir, render_tools)
    return {r.id: r for r in renders}


@pytest.fixture(params=NAMES)
def rendered_import(
    request: pytest.FixtureRequest, imported_renders: dict[str, render.DeckRender]
) -> render.DeckRender:
    """Return one rendered imported seed; fail when it could not be built or converted."""
    result = imported_renders[request.param]
    if result.error:
        pytest.fail(result.error, pytrace=False)
    return result


@pytest.mark.render
def test_an_imported_seed_renders_one_page_per_slide(rendered_import: render.DeckRender) -> None:
    assert rendered_import.page_count == len(rendered_import.visible_slides)


@pytest.mark.render
def test_an_imported_seed_puts_every_word_inside_its_planned_box(
    rendered_import: render.DeckRender,
) -> None:
    slides = rendered_import.slides
    checked = sum(len(s.placements) for s in slides)
    assert checked > 200, f"only {checked} words found"
    outside = [f"slide {s.number}: {p.describe()}" for s in slides for p in s.outside]
    off_page = [f"slide {s.number}: '{w.text}'" for s in slides for w in s.off_page]
    assert outside == []
    assert off_page == []


@pytest.mark.render
def test_an_imported_seed_has_no_overlapping_words(rendered_import: render.DeckRender) -> None:
    overlaps = [
        f"slide {s.number}: {render.describe_overlap(a, b)}"
        for s in rendered_import.slides
        for a, b in s.overlaps
    ]
    assert overlaps == []


# --- deckgen import on the command line ---------------------------------------------------------


def test_import_names_pictures_from_the_deck_it_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PIL import Image

    monkeypatch.chdir(tmp_path)
    Path("talk/figs").mkdir(parents=True)
    Image.new("RGB", (1800, 1200), (40, 90, 160)).save("talk/figs/loss.png")
    Path("talk/notes.md").write_text("## Loss\n\n![Loss curve](figs/loss.png)\n", "utf-8")
    res = CliRunner().invoke(cli, ["import", "talk/notes.md", "-o", "talk/deck.yaml"])
    assert res.exit_code == 0, res.output
    assert "    image:\n      path: figs/loss.png\n      alt: Loss curve\n" in Path(
        "talk/deck.yaml"
    ).read_text(encoding="utf-8")
    assert CliRunner().invoke(cli, ["check", "talk/deck.yaml"]).exit_code == 0


def test_import_refuses_notes_that_are_too_large_or_not_a_file(tmp_path: Path) -> None:
    big = tmp_path / "big.md"
    big.write_bytes(b"# x\n" + b"word " * 500_000)
    res = CliRunner().invoke(cli, ["import", str(big)])
    assert res.exit_code == 1
    assert res.output == f"{big}: error: '{big}' is 2.4 MB; the limit is 2 MB\n"
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    res = CliRunner().invoke(cli, ["import", str(fifo)])
    assert res.exit_code == 1
    assert res.output == f"{fifo}: error: '{fifo}' is a named pipe (FIFO), not a regular file\n"


def test_import_preview_needs_an_output_file(tmp_path: Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text("# Paper\n\n## Point\n\n- one\n", encoding="utf-8")
    res = CliRunner().invoke(cli, ["import", str(notes), "--preview"])
    assert res.exit_code == 2
    assert "--preview needs -o DECK.yaml (the deck to render)" in res.output


@pytest.mark.render
def test_import_preview_writes_the_deck_and_renders_its_slides(
    tmp_path: Path, render_tools: render.Tools, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("notes.md").write_text(
        "# Paper\n\n## Results\n\n| Model | Score |\n|---|---|\n| A | 1.5 |\n\n"
        "## Why?\n\nQ: Does it work?\nA: Yes.\n",
        encoding="utf-8",
    )
    res = CliRunner().invoke(cli, ["import", "notes.md", "-o", "paper.yaml", "--preview"])
    assert res.exit_code == 0, res.output
    out = Path("build") / "paper-preview"
    assert res.output.splitlines() == [
        "notes.md → paper.yaml",
        f"paper.yaml → 3 slide PNGs in {out}/, contact sheet {out / 'contact-sheet.png'}",
    ]
    assert sorted(p.name for p in out.glob("slide-*.png")) == [
        "slide-1.png",
        "slide-2.png",
        "slide-3.png",
    ]
