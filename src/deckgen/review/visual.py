"""Before/after pictures of the slides that changed between two decks (``deckgen diff
--visual DIR``), with the changed regions marked, and an index a reviewer can open.

Both decks go through LibreOffice in one run (:func:`deckgen.preview.convert_to_pdf`), and
poppler rasterises only the pages of slides that changed. Changed regions come from the
pixel difference of the two renders (Pillow), grouped into boxes.
"""

from __future__ import annotations

import html
import io
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFont

from deckgen.preview import PreviewError, convert_to_pdf, find_tools
from deckgen.review.diff import DeckDiff, SlideDiff
from deckgen.review.report import change_markdown, change_text, md_escape, slide_label
from deckgen.write import write_atomic

#: Pixels whose colour differs by at most this much (0-255) count as unchanged:
#: anti-aliasing noise between two renders of the same text.
NOISE = 40
CELL = 8  # px: the grid changed pixels are grouped on
MARK = "#E0312B"
GAP = 24
LABEL = 28


@dataclass(frozen=True)
class VisualDiff:
    """What ``--visual`` wrote: one image per changed slide and the two indexes."""

    images: tuple[Path, ...]
    index_md: Path
    index_html: Path


def shown(diff: DeckDiff) -> list[SlideDiff]:
    """Return the slides that get a picture: every slide whose content differs (a slide
    that only moved looks the same on both sides)."""
    return [s for s in diff.slides if s.changes or s.status in ("inserted", "removed")]


def image_name(s: SlideDiff) -> str:
    """Return the file name of a slide's before/after picture."""
    if s.new is None:
        return f"removed-{s.old:02d}.png"
    return f"slide-{s.new:02d}.png"


def render_visual(
    diff: DeckDiff, old: bytes, new: bytes, folder: Path, *, dpi: int = 60
) -> VisualDiff:
    """Render the changed slides of ``diff`` (from the ``old`` and ``new`` .pptx bytes)
    into ``folder`` and return what was written. Raises PreviewError when LibreOffice or
    poppler is missing or fails."""
    _, pdftoppm = find_tools()
    slides = shown(diff)
    folder.mkdir(parents=True, exist_ok=True)
    for stale in [*folder.glob("slide-*.png"), *folder.glob("removed-*.png")]:
        stale.unlink()
    images: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="deckgen-visual-") as tmp:
        work = Path(tmp)
        sides = []
        for name, data, pages in (
            ("old", old, {s.old for s in slides if s.old is not None}),
            ("new", new, {s.new for s in slides if s.new is not None}),
        ):
            if pages:
                (work / f"{name}.pptx").write_bytes(data)
                sides.append(name)
        pdfs = dict(
            zip(
                sides,
                convert_to_pdf([work / f"{n}.pptx" for n in sides], work, hidden=True),
                strict=True,
            )
        )
        for s in slides:
            before = _page(pdftoppm, pdfs.get("old"), s.old, dpi, work)
            after = _page(pdftoppm, pdfs.get("new"), s.new, dpi, work)
            picture = compose(before, after, s)
            buf = io.BytesIO()
            picture.save(buf, format="PNG")
            target = folder / image_name(s)
            write_atomic(target, buf.getvalue())
            images.append(target)
    index_md = folder / "index.md"
    index_html = folder / "index.html"
    write_atomic(index_md, markdown_index(diff, slides).encode("utf-8"))
    write_atomic(index_html, html_index(diff, slides).encode("utf-8"))
    return VisualDiff(tuple(images), index_md, index_html)


def _page(
    pdftoppm: str, pdf: Path | None, number: int | None, dpi: int, work: Path
) -> Image.Image | None:
    """Return page ``number`` of ``pdf`` as an image (rasterising only that page)."""
    if pdf is None or number is None:
        return None
    prefix = work / f"{pdf.stem}-{number}"
    cmd = [pdftoppm, "-f", str(number), "-l", str(number), "-r", str(dpi), "-png"]
    try:
        subprocess.run(
            [*cmd, "-singlefile", str(pdf), str(prefix)],
            check=True,
            capture_output=True,
            timeout=120,
        )
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        raise PreviewError(f"pdftoppm could not rasterise page {number} of {pdf.name}") from exc
    with Image.open(prefix.with_suffix(".png")) as im:
        return im.convert("RGB")


def changed_boxes(before: Image.Image, after: Image.Image) -> list[tuple[int, int, int, int]]:
    """Return the boxes (left, top, right, bottom) around the regions that differ between
    two renders of the same size: changed pixels, grouped on a coarse grid, each group's
    bounding box."""
    mask = (
        ImageChops.difference(before, after).convert("L").point(lambda v: 255 if v > NOISE else 0)
    )
    if mask.getbbox() is None:
        return []
    cols, rows = -(-mask.width // CELL), -(-mask.height // CELL)
    padded = Image.new("L", (cols * CELL, rows * CELL), 0)  # whole cells: exact scaling
    padded.paste(mask, (0, 0))
    grid = padded.resize((cols, rows), Image.Resampling.BOX).load()
    assert grid is not None
    hot = {(x, y) for y in range(rows) for x in range(cols) if grid[x, y] > 0}
    boxes = []
    while hot:
        stack = [hot.pop()]
        xs, ys = [], []
        while stack:
            x, y = stack.pop()
            xs.append(x)
            ys.append(y)
            # Neighbours up to two cells away join: the words of one edited line form one box.
            for dx in range(-2, 3):
                for dy in range(-2, 3):
                    if (x + dx, y + dy) in hot:
                        hot.remove((x + dx, y + dy))
                        stack.append((x + dx, y + dy))
        pad = CELL // 2
        boxes.append(
            (
                max(0, min(xs) * CELL - pad),
                max(0, min(ys) * CELL - pad),
                min(mask.width - 1, (max(xs) + 1) * CELL + pad),
                min(mask.height - 1, (max(ys) + 1) * CELL + pad),
            )
        )
    return sorted(boxes, key=lambda b: (b[1], b[0]))


def compose(before: Image.Image | None, after: Image.Image | None, s: SlideDiff) -> Image.Image:
    """Return the before and after renders side by side, changed regions outlined; a slide
    that exists on one side only is outlined whole."""
    sample = before or after
    assert sample is not None
    w, h = sample.size
    sheet = Image.new("RGB", (2 * w + 3 * GAP, h + LABEL + 2 * GAP), "#E8ECF1")
    draw = ImageDraw.Draw(sheet)
    font = ImageFont.load_default(size=18)
    boxes = changed_boxes(before, after) if before and after and before.size == after.size else []
    for k, (image, caption) in enumerate(
        ((before, f"before: slide {s.old}"), (after, f"after: slide {s.new}"))
    ):
        x, y = GAP + k * (w + GAP), GAP + LABEL
        if image is None:
            draw.rectangle((x, y, x + w - 1, y + h - 1), fill="#FFFFFF", outline="#9AA5B1")
            missing = (
                "not in the old deck (inserted)" if k == 0 else "not in the new deck (removed)"
            )
            draw.text((x + 16, y + 16), missing, fill="#52606D", font=font)
            draw.text((x, GAP), "before" if k == 0 else "after", fill="#1F3864", font=font)
            continue
        sheet.paste(image, (x, y))
        draw.text((x, GAP), caption, fill="#1F3864", font=font)
        marks = boxes if before and after else [(0, 0, w - 1, h - 1)]
        for left, top, right, bottom in marks:
            draw.rectangle((x + left, y + top, x + right, y + bottom), outline=MARK, width=3)
    return sheet


def _title(s: SlideDiff) -> str:
    return f"{slide_label(s).capitalize()}{': ' + s.title if s.title else ''} — {s.status}"


def markdown_index(diff: DeckDiff, slides: Sequence[SlideDiff]) -> str:
    """Return index.md: per changed slide, its heading, picture and changes."""
    lines = [f"# Visual diff: `{diff.old_label}` → `{diff.new_label}`", ""]
    for s in slides:
        lines += [
            f"## {md_escape(_title(s))}",
            "",
            f"![{md_escape(_title(s))}]({image_name(s)})",
            "",
        ]
        lines += [f"- {change_markdown(c)}" for c in s.changes]
        lines.append("")
    return "\n".join(lines)


def html_index(diff: DeckDiff, slides: Sequence[SlideDiff]) -> str:
    """Return index.html: the same as index.md, as one self-contained page."""
    e = html.escape
    heading = f"Visual diff: {diff.old_label} → {diff.new_label}"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{e(heading)}</title>",
        "<style>body{font-family:sans-serif;margin:2em;color:#1F2933}"
        "img{max-width:100%;border:1px solid #CBD2D9}li{margin:.2em 0}</style>",
        f"</head><body><h1>{e(heading)}</h1>",
    ]
    for s in slides:
        parts.append(f"<h2>{e(_title(s))}</h2>")
        parts.append(f'<img src="{e(image_name(s))}" alt="{e(_title(s))}">')
        items = "".join(f"<li>{e(change_text(c))}</li>" for c in s.changes)
        parts.append(f"<ul>{items}</ul>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
