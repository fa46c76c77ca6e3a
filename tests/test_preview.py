"""`deckgen preview` and `deckgen check --pptx`, through the command line."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner
from PIL import Image

from deckgen.cli import cli

DECK = "title: Preview\nslides:\n  - layout: title\n  - layout: bullets\n    title: One\n    bullets: [a, b]\n  - layout: question\n    question: Why?\n"


def test_preview_renders_one_png_per_slide_and_a_contact_sheet(
    tmp_path: Path, render_tools: object
) -> None:
    deck = tmp_path / "p.yaml"
    deck.write_text(DECK, encoding="utf-8")
    out = tmp_path / "shots"
    res = CliRunner().invoke(cli, ["preview", str(deck), "-o", str(out), "--dpi", "30"])
    assert res.exit_code == 0, res.output
    slides = sorted(p.name for p in out.glob("slide-*.png"))
    assert slides == ["slide-1.png", "slide-2.png", "slide-3.png"]
    with Image.open(out / "slide-1.png") as im:
        # 13.333 x 7.5 in at 30 dpi; LibreOffice stores the page in 1/100 mm (33.867 cm),
        # a hair over 400 px, which pdftoppm rounds up
        assert im.size == (401, 225)
    with Image.open(out / "contact-sheet.png") as sheet:
        assert sheet.width > 400
    assert (
        res.output.strip()
        == f"{deck} → 3 slide PNGs in {out}/, contact sheet {out / 'contact-sheet.png'}"
    )


def test_preview_without_libreoffice_says_what_to_install(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    deck = tmp_path / "p.yaml"
    deck.write_text(DECK, encoding="utf-8")
    monkeypatch.setattr(shutil, "which", lambda name: None)
    res = CliRunner().invoke(cli, ["preview", str(deck), "-o", str(tmp_path / "x")])
    assert res.exit_code == 1
    assert res.output.startswith(
        "error: soffice and pdftoppm not found; previews need LibreOffice and poppler: apt-get install libreoffice-impress"
    )
    assert not (tmp_path / "x").exists()


def test_check_pptx_accepts_a_deckgen_file_and_rejects_a_broken_one(tmp_path: Path) -> None:
    deck = tmp_path / "p.yaml"
    deck.write_text(DECK, encoding="utf-8")
    out = tmp_path / "p.pptx"
    runner = CliRunner()
    assert runner.invoke(cli, ["build", str(deck), "-o", str(out)]).exit_code == 0
    ok = runner.invoke(cli, ["check", "--pptx", str(out)])
    assert ok.exit_code == 0 and ok.output.endswith(f"{out}: ok\n")
    broken = tmp_path / "broken.pptx"
    broken.write_bytes(out.read_bytes()[:2000])
    bad = runner.invoke(cli, ["check", "--pptx", str(broken)])
    assert bad.exit_code == 1
    assert "[package]" in bad.output
