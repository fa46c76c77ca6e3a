"""Specification of the authoring loop around ``build``: ``deckgen new``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from deckgen import spec
from deckgen.cli import cli
from deckgen.scaffold import LAYOUT_EXAMPLES, VISUAL_EXAMPLES, slugify, starter

ONE = "title: T\nslides:\n  - layout: title\n"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), prog_name="deckgen")


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in an empty folder (decks/ and build/ are relative to it)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return tmp_path


# --- deckgen new -------------------------------------------------------------------------------


def test_new_writes_a_starter_deck_that_builds(in_tmp: Path) -> None:
    result = run("new", "Attention Is All You Need")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "wrote decks/attention-is-all-you-need.yaml\n"
        "next: deckgen watch decks/attention-is-all-you-need.yaml\n"
    )
    text = (in_tmp / "decks" / "attention-is-all-you-need.yaml").read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../schema/deck.schema.json"
    assert 'title: "Attention Is All You Need"' in text
    built = run("build", "decks/attention-is-all-you-need.yaml")
    assert built.exit_code == 0, built.output
    assert built.stdout == (
        "decks/attention-is-all-you-need.yaml → build/attention-is-all-you-need.pptx (1 slide)\n"
    )
    assert built.stderr == ""


def test_new_refuses_to_overwrite_without_force(in_tmp: Path) -> None:
    deck = write(in_tmp / "decks" / "my-talk.yaml", "mine\n")
    result = run("new", "My talk")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == "decks/my-talk.yaml: error: file exists; use --force to overwrite it\n"
    assert deck.read_text(encoding="utf-8") == "mine\n"
    forced = run("new", "My talk", "--force")
    assert forced.exit_code == 0
    assert deck.read_text(encoding="utf-8").startswith("# yaml-language-server")


def test_new_into_another_folder_points_at_the_schema_from_there(in_tmp: Path) -> None:
    write(in_tmp / "schema" / "deck.schema.json", "{}\n")
    result = run("new", "Qwen 2.5: Efficiency — Über Scale!", "--dir", "talks/2025")
    assert result.exit_code == 0, result.output
    deck = in_tmp / "talks" / "2025" / "qwen-2-5-efficiency-uber-scale.yaml"
    first = deck.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../schema/deck.schema.json"


def test_new_needs_a_title_with_letters_or_digits(in_tmp: Path) -> None:
    result = run("new", "!!!")
    assert result.exit_code == 2
    assert "'!!!' has no letters or digits to name a file after" in result.stderr


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Attention Is All You Need", "attention-is-all-you-need"),
        ("LLaMA: Open and Efficient", "llama-open-and-efficient"),
        ("Qwen2.5 — Technical Report", "qwen2-5-technical-report"),
        ("Ünïcödé", "unicode"),
        ("a " * 60, "-".join(["a"] * 30)),
    ],
)
def test_slugify(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_the_starter_has_an_example_of_every_layout_and_visual() -> None:
    text = starter("T", Path("decks"))
    for name in spec.LAYOUTS:
        assert name in LAYOUT_EXAMPLES, f"add an example of layout '{name}' to deckgen.scaffold"
        if name != "title":
            assert f"  ## layout: {name}\n  # - layout: {name}\n" in text
    for name in getattr(spec, "VISUALS", ("chart", "diagram", "table", "stat")):
        assert name in VISUAL_EXAMPLES, f"add an example of visual '{name}' to deckgen.scaffold"
        assert f"  ## visual: {name}\n" in text


def test_the_starters_examples_build_when_uncommented(in_tmp: Path) -> None:
    text = starter("Uncommented", Path("decks"))
    # The picture example needs a picture; everything else builds as it is.
    text = re.sub(r"  ## visual: image\n(  #.*\n)*", "", text)
    lines = [
        line.replace("  # ", "  ", 1)
        if line.startswith("  # ")
        else ("" if line == "  #" else line)
        for line in text.splitlines()
    ]
    write(in_tmp / "decks" / "all.yaml", "\n".join(lines) + "\n")
    result = run("build", "decks/all.yaml")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    n = len(LAYOUT_EXAMPLES) + len(VISUAL_EXAMPLES) - 1  # the title slide is not commented
    assert result.stdout == f"decks/all.yaml → build/all.pptx ({n} slides)\n"
