"""`deckgen build --pdf` and `deckgen watch --pdf`: NAME.pdf beside the .pptx, through
LibreOffice; without it a warning and the .pptx all the same."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import render
from deckgen.cli import cli

DECK = """\
title: PDF deck
slides:
  - layout: title
  - layout: bullets
    title: One
    bullets: [a, b]
  - layout: statement
    statement: Three slides, three pages
"""


@pytest.fixture
def deck(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "talk.yaml"
    path.write_text(DECK, encoding="utf-8")
    return path


def test_build_pdf_writes_one_page_per_slide(deck: Path, render_tools: render.Tools) -> None:
    res = CliRunner().invoke(cli, ["build", "talk.yaml", "--pdf"])
    assert res.exit_code == 0, res.output
    assert res.stdout == (
        "talk.yaml → build/talk.pptx (3 slides)\nbuild/talk.pptx → build/talk.pdf\n"
    )
    pdf = Path("build/talk.pdf")
    assert render.pdf_page_count(render_tools.pdfinfo, pdf) == 3
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert sorted(p.name for p in Path("build").iterdir() if not p.name.startswith(".")) == [
        "talk.pdf",
        "talk.pptx",
    ]
    # An unchanged deck with an up-to-date PDF renders nothing; a missing PDF is made again.
    stamp = pdf.stat().st_mtime_ns
    again = CliRunner().invoke(cli, ["build", "talk.yaml", "--pdf"])
    assert again.stdout == "talk.yaml → build/talk.pptx (unchanged)\n"
    assert pdf.stat().st_mtime_ns == stamp
    pdf.unlink()
    third = CliRunner().invoke(cli, ["build", "talk.yaml", "--pdf"])
    assert third.stdout.endswith("build/talk.pptx → build/talk.pdf\n")
    assert render.pdf_page_count(render_tools.pdfinfo, pdf) == 3


def test_build_pdf_of_several_decks_in_one_folder(deck: Path, render_tools: render.Tools) -> None:
    Path("other.yaml").write_text(DECK.replace("  - layout: title\n", ""), encoding="utf-8")
    res = CliRunner().invoke(cli, ["build", "talk.yaml", "other.yaml", "-o", "out/", "--pdf", "-q"])
    assert (res.exit_code, res.stdout) == (0, "")
    assert render.pdf_page_count(render_tools.pdfinfo, Path("out/talk.pdf")) == 3
    assert render.pdf_page_count(render_tools.pdfinfo, Path("out/other.pdf")) == 2


def test_build_pdf_without_libreoffice_warns_and_writes_the_pptx(
    deck: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    res = CliRunner().invoke(cli, ["build", "talk.yaml", "--pdf"])
    assert res.exit_code == 0
    assert res.stdout == "talk.yaml → build/talk.pptx (3 slides)\n"
    assert res.stderr == (
        "warning: --pdf: soffice not found; PDFs need LibreOffice: apt-get install "
        "libreoffice-impress fonts-liberation2 (macOS: brew install --cask libreoffice); "
        "the .pptx files were written\n"
    )
    assert Path("build/talk.pptx").is_file()
    assert not Path("build/talk.pdf").exists()


def test_build_pdf_keeps_an_earlier_pdf_when_rendering_fails(
    deck: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    Path("build").mkdir()
    Path("build/talk.pdf").write_bytes(b"%PDF-1.4 earlier")
    fake = tmp_path / "bin" / "soffice"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\necho 'cannot load' >&2\nexit 1\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake.parent}{os.pathsep}{os.environ['PATH']}")
    res = CliRunner().invoke(cli, ["build", "talk.yaml", "--pdf"])
    assert res.exit_code == 0
    assert res.stderr == (
        "warning: --pdf: LibreOffice could not render talk.pptx: cannot load; "
        "the .pptx files were written\n"
    )
    assert Path("build/talk.pdf").read_bytes() == b"%PDF-1.4 earlier"


def test_watch_pdf_refreshes_the_pdf(deck: Path, render_tools: render.Tools) -> None:
    res = CliRunner().invoke(
        cli, ["watch", "talk.yaml", "-o", "out/talk.pptx", "--pdf", "--max-builds", "1"]
    )
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert lines[0].startswith("talk.yaml → out/talk.pptx (3 slides, ")
    assert lines[1] == "talk.yaml: pdf → out/talk.pdf"
    assert render.pdf_page_count(render_tools.pdfinfo, Path("out/talk.pdf")) == 3


def test_watch_pdf_without_libreoffice_warns_and_keeps_building(
    deck: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    res = CliRunner().invoke(
        cli, ["watch", "talk.yaml", "-o", "out/talk.pptx", "--pdf", "--max-builds", "1"]
    )
    assert res.exit_code == 0
    missing = (
        "soffice not found; PDFs need LibreOffice: apt-get install libreoffice-impress "
        "fonts-liberation2 (macOS: brew install --cask libreoffice)"
    )
    assert res.stderr == f"warning: --pdf: {missing}\ntalk.yaml: error: pdf failed: {missing}\n"
    assert res.stdout.startswith("talk.yaml → out/talk.pptx (3 slides, ")
    assert Path("out/talk.pptx").is_file()
    assert not Path("out/talk.pdf").exists()


def test_hidden_slides_are_left_out_of_the_pdf_but_not_out_of_renders(
    deck: Path, render_tools: render.Tools, tmp_path: Path
) -> None:
    from deckgen.preview import convert_to_pdf

    Path("talk.yaml").write_text(
        DECK.replace("    title: One\n", "    title: One\n    hidden: true\n"), encoding="utf-8"
    )
    assert CliRunner().invoke(cli, ["build", "talk.yaml", "--pdf", "-q"]).exit_code == 0
    assert render.pdf_page_count(render_tools.pdfinfo, Path("build/talk.pdf")) == 2
    # The visual diff renders with hidden slides, so page N is slide N.
    [every] = convert_to_pdf([Path("build/talk.pptx")], tmp_path / "all", hidden=True)
    assert render.pdf_page_count(render_tools.pdfinfo, every) == 3
