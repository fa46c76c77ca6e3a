"""Shared test helpers: build decks in-process and read their parts."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from lxml import etree

from deckgen.build import Result, Tools, compile_deck, render_bytes

ROOT = Path(__file__).resolve().parents[1]
NS = {
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
}
TOOLS = Tools()  # one measurer and icon set for the whole test session, as the CLI does


def deck_files() -> list[Path]:
    """Return every deck the repository ships: decks/ and examples/."""
    return sorted([*(ROOT / "decks").glob("*.yaml"), *(ROOT / "examples").rglob("*.yaml")])


def compile_text(tmp_path: Path, text: str, name: str = "deck.yaml") -> Result:
    """Return the compile result of a deck given as YAML text."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return compile_deck(path, TOOLS)


def build_bytes(tmp_path: Path, text: str) -> bytes:
    """Return the .pptx bytes of a deck given as YAML text (it must compile)."""
    res = compile_text(tmp_path, text)
    assert res.ok, [d.message for d in res.diagnostics]
    assert res.presentation is not None
    return render_bytes(res.presentation)


def part(data: bytes, name: str) -> etree._Element:
    """Return the parsed XML of part ``name`` (e.g. 'ppt/slides/slide1.xml')."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read(name))


def names(data: bytes) -> list[str]:
    """Return the part names in the package."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.namelist()
