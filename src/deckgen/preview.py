"""Previews and PDFs, rendered by LibreOffice.

LibreOffice (``soffice``, headless, in a private profile, with a timeout) converts .pptx
files to PDF (:func:`convert_to_pdf`, also behind ``deckgen build --pdf``); poppler's
``pdftoppm`` turns pages into PNGs; Pillow (already needed by python-pptx) lays out the
contact sheet.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

PDF_INSTALL_HINT = (
    "PDFs need LibreOffice: apt-get install libreoffice-impress fonts-liberation2 "
    "(macOS: brew install --cask libreoffice)"
)
INSTALL_HINT = (
    "previews need LibreOffice and poppler: "
    "apt-get install libreoffice-impress poppler-utils fonts-liberation2 "
    "(macOS: brew install --cask libreoffice && brew install poppler)"
)


#: PDF export filter options (JSON) that keep hidden slides.
_WITH_HIDDEN = '{"ExportHiddenSlides":{"type":"boolean","value":"true"}}'


class PreviewError(RuntimeError):
    """Rendering failed or a needed program is missing; the message says which."""


@dataclass(frozen=True)
class Preview:
    """What a preview produced."""

    pdf: Path
    slides: tuple[Path, ...]
    sheet: Path


def find_tools() -> tuple[str, str]:
    """Return the paths of soffice and pdftoppm, or raise PreviewError naming what to install."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    pdftoppm = shutil.which("pdftoppm")
    if not soffice or not pdftoppm:
        missing = " and ".join(
            n for n, p in (("soffice", soffice), ("pdftoppm", pdftoppm)) if not p
        )
        raise PreviewError(f"{missing} not found; {INSTALL_HINT}")
    return soffice, pdftoppm


def find_soffice() -> str:
    """Return the path of LibreOffice's soffice, or raise PreviewError naming what to install."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise PreviewError(f"soffice not found; {PDF_INSTALL_HINT}")
    return soffice


def convert_to_pdf(
    pptx: Sequence[Path], out_dir: Path, timeout: float = 180, *, hidden: bool = False
) -> list[Path]:
    """Return the PDFs LibreOffice renders from ``pptx`` into ``out_dir`` (one soffice run
    for all of them; their file names must differ), in the order given.

    Hidden slides are left out, as PowerPoint's own PDF export does, unless ``hidden``: then
    page N is slide N (LibreOffice 7.4 and later read the filter options as JSON).
    """
    soffice = find_soffice()
    target = f"pdf:impress_pdf_Export:{_WITH_HIDDEN}" if hidden else "pdf"
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="deckgen-lo-") as profile:
        # A private profile: a running LibreOffice or a stale lock cannot block the render.
        cmd = [
            soffice,
            "--headless",
            "--norestore",
            f"-env:UserInstallation=file://{profile}",
            "--convert-to",
            target,
            "--outdir",
            str(out_dir),
            *(str(p) for p in pptx),
        ]
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired as exc:
            raise PreviewError(f"LibreOffice did not finish within {timeout:.0f} s") from exc
    pdfs = [out_dir / f"{p.stem}.pdf" for p in pptx]
    for p, pdf in zip(pptx, pdfs, strict=True):
        if not pdf.exists():
            detail = done.stderr.strip() or done.stdout.strip()
            raise PreviewError(f"LibreOffice could not render {p.name}: {detail}")
    return pdfs


def to_pdf(pptx: Path, out_dir: Path, timeout: float = 180) -> Path:
    """Return the PDF LibreOffice renders from ``pptx`` into ``out_dir``."""
    return convert_to_pdf([pptx], out_dir, timeout)[0]


def write_pdfs(decks: Sequence[Path], timeout_per_deck: float = 120) -> list[Path]:
    """Write ``NAME.pdf`` beside each ``NAME.pptx`` in ``decks`` and return the PDFs' paths.

    Each PDF replaces the old one atomically (rendered into a temporary folder first), so
    a failed render leaves an earlier PDF as it was. Decks are rendered in batches with
    distinct file names, one soffice start per batch.
    """
    from deckgen.write import write_atomic

    batches: list[list[Path]] = []
    for deck in decks:
        batch = next((b for b in batches if all(p.stem != deck.stem for p in b)), None)
        if batch is None:
            batches.append([deck])
        else:
            batch.append(deck)
    written: list[Path] = []
    for batch in batches:
        with tempfile.TemporaryDirectory(prefix="deckgen-pdf-") as tmp:
            pdfs = convert_to_pdf(batch, Path(tmp), timeout=60 + timeout_per_deck * len(batch))
            for deck, pdf in zip(batch, pdfs, strict=True):
                target = deck.with_suffix(".pdf")
                write_atomic(target, pdf.read_bytes())
                written.append(target)
    return written


def render_preview(pptx: Path, out_dir: Path, *, dpi: int = 80, columns: int = 4) -> Preview:
    """Return the PNGs (``slide-01.png`` …) and contact sheet rendered from ``pptx``."""
    _, pdftoppm = find_tools()
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("slide-*.png"):
        old.unlink()
    pdf = to_pdf(pptx, out_dir)
    subprocess.run(
        [pdftoppm, "-r", str(dpi), "-png", str(pdf), str(out_dir / "slide")],
        check=True,
        capture_output=True,
    )
    slides = tuple(sorted(out_dir.glob("slide-*.png")))
    sheet = contact_sheet(slides, out_dir / "contact-sheet.png", columns=columns)
    return Preview(pdf, slides, sheet)


def contact_sheet(
    images: tuple[Path, ...], out: Path, *, columns: int = 4, width: int = 480
) -> Path:
    """Return ``out``: a grid of thumbnails of ``images`` with slide numbers."""
    from PIL import Image, ImageDraw

    if not images:
        raise PreviewError("no slides were rendered")
    thumbs = []
    for p in images:
        with Image.open(p) as im:
            h = round(im.height * width / im.width)
            thumbs.append(im.convert("RGB").resize((width, h)))
    gap, label = 16, 22
    h = thumbs[0].height
    rows = (len(thumbs) + columns - 1) // columns
    sheet = Image.new(
        "RGB", (columns * (width + gap) + gap, rows * (h + gap + label) + gap), "#E8ECF1"
    )
    draw = ImageDraw.Draw(sheet)
    for i, t in enumerate(thumbs):
        x = gap + (i % columns) * (width + gap)
        y = gap + (i // columns) * (h + gap + label)
        sheet.paste(t, (x, y + label))
        draw.text((x, y + 4), f"{i + 1}", fill="#1F3864")
    sheet.save(out)
    return out
