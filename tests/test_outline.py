"""Specification of ``deckgen outline``: a Markdown handout from a template a theme can override."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from deckgen.cli import cli
from deckgen.outline import find_template, md_table
from deckgen.theme import builtin_theme_dir

DECK = """\
title: "Qwen 2.5"
subtitle: Efficiency over scale
authors: [Qwen Team, Someone]
date: 2024-12-19
source: {label: "arXiv:2412.15115", url: "https://arxiv.org/abs/2412.15115"}
slides:
  - layout: title
    kicker: Paper review
  - layout: bullets
    title: Pre-training
    bullets:
      - Scaled from **7T** to **18T** tokens
      - text: Curated
        bullets: [Less noise, More code]
    stat: {value: 18T, label: tokens, before: 7T, before_label: Qwen2}
    notes: |
      Say the number.
      Then pause.
  - layout: bullets
    title: Results
    hidden: true
    chart:
      kind: bar
      categories: [MBPP, MATH]
      series:
        - {name: Qwen, values: [88.2, 83.1]}
        - {name: Llama, values: [84.5, 73.8]}
      unit: "%"
  - layout: two-column
    title: Budgets
    left: {heading: Training, bullets: [Paid once]}
    right: {heading: Inference, text: Paid on every query.}
  - layout: quote
    quote: Smaller models trained longer win.
    attribution: Touvron et al.
  - layout: bullets
    title: Pipeline
    diagram: {kind: cycle, nodes: [Sample, Score, Update]}
  - layout: question
    question: What next?
"""

EXPECTED = """\
# Qwen 2.5

*Efficiency over scale*

- **Authors:** Qwen Team, Someone
- **Date:** 2024-12-19
- **Source:** [arXiv:2412.15115](https://arxiv.org/abs/2412.15115)
- **Slides:** 7

## 1. Qwen 2.5

*Efficiency over scale*

*Paper review*

## 2. Pre-training

- Scaled from **7T** to **18T** tokens
- Curated
  - Less noise
  - More code

*Key figure*

**18T** tokens (was 7T Qwen2)

> **Notes:** Say the number.
> Then pause.

## 3. Results (hidden)

*Bar chart*

|  | MBPP | MATH |
| :-- | --: | --: |
| Qwen | 88.2% | 83.1% |
| Llama | 84.5% | 73.8% |

## 4. Budgets

### Training

- Paid once

### Inference

Paid on every query.

## 5. Quote

> Smaller models trained longer win.
>
> — Touvron et al.

## 6. Pipeline

*Cycle diagram*

Sample → Score → Update → Sample

## 7. Question for you

**What next?**
"""


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), prog_name="deckgen")


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_outline_prints_the_handout(tmp_path: Path) -> None:
    deck = write(tmp_path / "deck.yaml", DECK)
    result = run("outline", str(deck))
    assert result.exit_code == 0, result.output
    assert result.stdout == EXPECTED
    assert result.stderr == ""


def test_outline_writes_a_file(tmp_path: Path) -> None:
    deck = write(tmp_path / "deck.yaml", DECK)
    out = tmp_path / "handouts" / "qwen.md"
    result = run("outline", str(deck), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{deck} → {out}\n"
    assert out.read_text(encoding="utf-8") == EXPECTED


def test_outline_uses_expanded_text(tmp_path: Path) -> None:
    deck = write(
        tmp_path / "deck.yaml",
        "vars: {m: Qwen}\ntitle: '{{ m }} review'\nslides:\n  - layout: question\n"
        "    question: 'Why {{ m }}?'\n",
    )
    result = run("outline", str(deck))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Qwen review\n")
    assert "**Why Qwen?**" in result.stdout


def test_a_theme_can_override_the_outline_template(tmp_path: Path) -> None:
    write(tmp_path / "themes" / "mine" / "theme.yaml", "extends: paper\n")
    write(
        tmp_path / "themes" / "mine" / "outline.md.j2",
        "{{ deck.title }}: {% for s in slides %}{{ s.number }}={{ s.layout }} {% endfor %}\n",
    )
    deck = write(tmp_path / "deck.yaml", DECK.replace('title: "Qwen 2.5"', "title: T\ntheme: mine"))
    result = run("outline", str(deck))
    assert result.exit_code == 0, result.output
    assert (
        result.stdout
        == "T: 1=title 2=bullets 3=bullets 4=two-column 5=quote 6=bullets 7=question \n"
    )


def test_a_theme_inherits_the_outline_template_of_the_theme_it_extends(tmp_path: Path) -> None:
    base = write(tmp_path / "themes" / "base" / "theme.yaml", "extends: paper\n")
    write(tmp_path / "themes" / "base" / "outline.md.j2", "base outline\n")
    child = write(tmp_path / "themes" / "child" / "theme.yaml", "extends: base\n")
    assert find_template([child, base]) == tmp_path / "themes" / "base" / "outline.md.j2"
    assert find_template([]) == builtin_theme_dir() / "paper" / "outline.md.j2"


def test_an_error_in_a_theme_outline_template_is_located(tmp_path: Path) -> None:
    write(tmp_path / "themes" / "mine" / "theme.yaml", "extends: paper\n")
    template = write(
        tmp_path / "themes" / "mine" / "outline.md.j2", "# {{ deck.title }}\n{{ deck.nope }}\n"
    )
    deck = write(tmp_path / "deck.yaml", "title: T\ntheme: mine\nslides: [{layout: title}]\n")
    result = run("outline", str(deck))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines()[0] == (
        f"{template}:2:1: error: template error: 'dict object' has no attribute 'nope'"
    )


def test_a_syntax_error_in_a_theme_outline_template_is_located(tmp_path: Path) -> None:
    write(tmp_path / "themes" / "mine" / "theme.yaml", "extends: paper\n")
    template = write(tmp_path / "themes" / "mine" / "outline.md.j2", "ok\n{% for %}\n")
    deck = write(tmp_path / "deck.yaml", "title: T\ntheme: mine\nslides: [{layout: title}]\n")
    result = run("outline", str(deck))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{template}:2:1: error: template syntax error: ")


def test_outline_of_a_broken_deck_prints_its_errors(tmp_path: Path) -> None:
    deck = write(tmp_path / "deck.yaml", "title: T\nslides: [{layout: bulets}]\n")
    result = run("outline", str(deck))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(
        f"{deck}:2:19: error: slides[0].layout: unknown layout 'bulets'"
    )


def test_outline_of_a_missing_deck_is_an_error(tmp_path: Path) -> None:
    result = run("outline", str(tmp_path / "nope.yaml"))
    assert result.exit_code == 1
    assert result.stderr == f"error: deck file not found: {tmp_path / 'nope.yaml'}\n"


def test_the_outline_of_each_shipped_deck_has_every_slide_title() -> None:
    from helpers import ROOT

    for name in ("qwen25.yaml", "llama.yaml"):
        result = run("outline", str(ROOT / "decks" / name))
        assert result.exit_code == 0, result.output
        assert result.stdout.count("\n## ") == 12


def test_md_table_escapes_pipes() -> None:
    assert md_table(["a|b", "c"], [["1", "x|y"]], ["left", "right"]) == (
        "| a\\|b | c |\n| :-- | --: |\n| 1 | x\\|y |"
    )


def test_a_key_figure_with_a_supporting_chart_outlines_both(tmp_path: Path) -> None:
    deck = write(
        tmp_path / "deck.yaml",
        "title: T\nslides:\n  - layout: bullets\n    title: 21 days\n"
        "    stat: {value: 21 days, label: to train LLaMA-65B}\n"
        "    chart: {kind: bar, title: GPU-hours, categories: [7B, 65B], "
        "series: [{name: GPU-hours, values: [82432, 1022362]}]}\n",
    )
    result = run("outline", str(deck))
    assert result.exit_code == 0, result.output
    assert (
        "*Key figure*\n\n**21 days** to train LLaMA-65B\n\n*Bar chart: GPU-hours*\n\n"
        "|  | 7B | 65B |\n| :-- | --: | --: |\n| GPU-hours | 82432 | 1022362 |\n"
    ) in result.stdout
