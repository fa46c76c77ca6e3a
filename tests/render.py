"""Render helpers for tests/test_render.py: build decks, convert them with LibreOffice, read the PDF.

Pure functions and plain data, no pytest fixtures: tests/conftest.py wires them into session
fixtures. Everything measured here is in PDF points (1 pt = 12700 EMU); the PDF page of a
13.333 x 7.5 in slide is 960 x 540 pt.

Only the standard library and lxml are used (and fontTools, to make the brand fonts). The
external programs are LibreOffice (``soffice --convert-to pdf``), poppler (``pdfinfo``,
``pdftotext -bbox-layout``, ``pdftoppm -png``) and fontconfig's ``fc-match``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import unicodedata
import zlib
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from itertools import pairwise
from pathlib import Path
from typing import Any

from lxml import etree

EMU_PER_PT = 12_700
TOLERANCE_PT = 2.0  # how far a word may stick out of its planned box
PAGE_TOLERANCE_PT = 0.5  # how far a word may stick out of the page
OVERLAP_FRACTION = 0.10  # of the smaller word box
BUILD_TIMEOUT_S = 120
SOFFICE_TIMEOUT_S = 180
POPPLER_TIMEOUT_S = 60
INSTALL_HINT = (
    "apt-get install libreoffice-impress poppler-utils fonts-liberation2 fonts-noto-cjk "
    "fonts-dejavu-core"
)
# The fonts the decks are drawn in: Latin, Chinese/Japanese/Korean, Arabic/Hebrew.
FONTS = {
    "Liberation Sans": "fonts-liberation2",
    "Noto Sans CJK SC": "fonts-noto-cjk",
    "DejaVu Sans": "fonts-dejavu-core",
}
ROOT = Path(__file__).resolve().parents[1]  # the project
DECK_FOLDERS = ("decks", "examples", "tests/stress")

# poppler boxes a word from its font descriptor's /Ascent and /Descent, or from 0.95 / 0.35 em
# when they are missing or zero (as LibreOffice 7.x writes them): 1.3 em, taller than the line
# LibreOffice lays out. Words are re-boxed to the line box of the Liberation fonts the decks use
# (hhea ascender / descender of LiberationSans: 1854 / 434 per 2048 em; Arial's are the same),
# so a bottom-anchored 30 pt title does not "stick out" 4 pt of a box it fills exactly.
POPPLER_DEFAULT_METRICS = (0.95, 0.35)
LINE_ASCENT, LINE_DESCENT = 1854 / 2048, 434 / 2048

# Characters a chart may print around its numbers (data labels, value axis).
_NUMBER_CHARS = set("0123456789.,%+-−–()$€£ ")


# --------------------------------------------------------------------------------------------
# Tools
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tools:
    """Paths of the external programs the render tests run, and the fontconfig file that
    adds the brand fonts (see :func:`brand_fonts`) to what LibreOffice draws with."""

    soffice: str
    pdfinfo: str
    pdftotext: str
    pdftoppm: str
    fonts_conf: Path | None = None

    def env(self) -> dict[str, str]:
        """Return the environment LibreOffice and fontconfig's tools run in."""
        env = dict(os.environ)
        if self.fonts_conf is not None:
            env["FONTCONFIG_FILE"] = str(self.fonts_conf)
        return env


def find_tools() -> tuple[Tools | None, list[str]]:
    """Return the tools found on PATH and the names of what is missing."""
    found = {
        "soffice": shutil.which("soffice") or shutil.which("libreoffice"),
        "pdfinfo": shutil.which("pdfinfo"),
        "pdftotext": shutil.which("pdftotext"),
        "pdftoppm": shutil.which("pdftoppm"),
    }
    missing = [
        "soffice (LibreOffice Impress)" if name == "soffice" else f"{name} (poppler-utils)"
        for name, path in found.items()
        if path is None
    ]
    fc_list = shutil.which("fc-list")
    if fc_list:  # without fontconfig we cannot tell; LibreOffice would still run
        for family, package in FONTS.items():
            out = subprocess.run(
                [fc_list, f":family={family}", "family"],
                capture_output=True,
                text=True,
                timeout=30,
                check=False,
            )
            if family not in out.stdout:
                missing.append(f"{family} ({package})")
    if missing:
        return None, missing
    return Tools(**{k: str(v) for k, v in found.items()}), []


# --------------------------------------------------------------------------------------------
# Brand fonts
# --------------------------------------------------------------------------------------------

# The university template's Montserrat, drawn by LibreOffice as PowerPoint draws it. No Debian
# package has it: the test extras install Google Fonts' variable font (fontpkg-montserrat), and
# the static weights deckgen measures are made from it, as Google Fonts' static files are
# (LibreOffice 7.4 draws only a variable font's default instance). Named as those files are.
MONTSERRAT_WEIGHTS = {"Regular": 400, "Medium": 500, "SemiBold": 600, "Bold": 700}
BRAND_FONTS_DIR = ROOT / "build" / "fonts"


def montserrat_source() -> tuple[Path, str] | None:
    """Return the variable Montserrat TTF of the installed fontpkg-montserrat and the
    package's version, or None when it is not installed."""
    from importlib import metadata

    try:
        import fontpkg_montserrat  # type: ignore[import-not-found]
    except ImportError:
        return None
    path = Path(fontpkg_montserrat.__file__).parent / "files" / "Montserrat[wght].ttf"
    if not path.is_file():
        return None
    return path, metadata.version("fontpkg-montserrat")


def brand_fonts(cache: Path = BRAND_FONTS_DIR) -> Path | None:
    """Return a fontconfig file that adds static Montserrat TTFs to the system's fonts, or None
    when fontpkg-montserrat is not installed.

    The TTFs are instantiated once (fontTools' instancer, ~10 s a weight) into
    ``cache/montserrat-VERSION/`` and reused; the file includes the system's configuration,
    so every other font stays as it is.
    """
    found = montserrat_source()
    if found is None:
        return None
    source, version = found
    folder = cache / f"montserrat-{version}"
    conf = folder / "fonts.conf"
    if conf.is_file():
        return conf
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    staging = cache / f".montserrat-{version}-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    for style, weight in MONTSERRAT_WEIGHTS.items():
        font = instancer.instantiateVariableFont(
            TTFont(source), {"wght": weight}, updateFontNames=True
        )
        font.save(staging / f"Montserrat-{style}.ttf")
    (staging / "fonts.conf").write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"  <dir>{folder.resolve()}</dir>\n</fontconfig>\n",
        encoding="utf-8",
    )
    try:
        staging.rename(folder)  # whole or not at all, if two sessions race
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
    return conf


def fc_match(family: str, tools: Tools) -> str:
    """Return the font file and family fontconfig gives LibreOffice for ``family``
    (``fc-match``, in the render tests' environment), e.g. ``Montserrat-Medium.ttf: "Montserrat
    Medium" "Regular"``."""
    fc = shutil.which("fc-match")
    if fc is None:
        return ""
    out = subprocess.run(
        [fc, family], capture_output=True, text=True, timeout=30, check=False, env=tools.env()
    )
    return out.stdout.strip()


def pdf_fonts(pdf: Path) -> set[str]:
    """Return the PostScript names of the fonts a PDF embeds, without subset tags
    (``BAAAAA+Montserrat-Medium`` → ``Montserrat-Medium``); LibreOffice writes font
    dictionaries uncompressed."""
    names = re.findall(rb"/BaseFont\s*/(?:[A-Z]{6}\+)?([A-Za-z0-9-]+)", pdf.read_bytes())
    return {name.decode() for name in names}


# --------------------------------------------------------------------------------------------
# Geometry
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rect:
    """An axis-aligned rectangle in PDF points (y grows downwards, as in pdftotext)."""

    x0: float
    y0: float
    x1: float
    y1: float

    @classmethod
    def from_emu(cls, box: dict[str, int]) -> Rect:
        """Return the rectangle of an IR box ({x, y, w, h} in EMU)."""
        x, y = box["x"] / EMU_PER_PT, box["y"] / EMU_PER_PT
        return cls(x, y, x + box["w"] / EMU_PER_PT, y + box["h"] / EMU_PER_PT)

    @property
    def area(self) -> float:
        """Return the area in square points."""
        return max(0.0, self.x1 - self.x0) * max(0.0, self.y1 - self.y0)

    def intersection(self, other: Rect) -> float:
        """Return the area shared with ``other``."""
        w = min(self.x1, other.x1) - max(self.x0, other.x0)
        h = min(self.y1, other.y1) - max(self.y0, other.y0)
        return w * h if w > 0 and h > 0 else 0.0

    def contains(self, other: Rect, tolerance: float = 0.0) -> bool:
        """Return True when ``other`` lies inside this rectangle grown by ``tolerance``."""
        return (
            other.x0 >= self.x0 - tolerance
            and other.y0 >= self.y0 - tolerance
            and other.x1 <= self.x1 + tolerance
            and other.y1 <= self.y1 + tolerance
        )

    def excess(self, other: Rect) -> float:
        """Return how far (pt) ``other`` sticks out of this rectangle on its worst side."""
        return max(
            0.0,
            self.x0 - other.x0,
            self.y0 - other.y0,
            other.x1 - self.x1,
            other.y1 - self.y1,
        )

    def __str__(self) -> str:
        return f"({self.x0:.1f},{self.y0:.1f})-({self.x1:.1f},{self.y1:.1f})pt"


# --------------------------------------------------------------------------------------------
# Text
# --------------------------------------------------------------------------------------------


def normalize(text: str) -> str:
    """Return ``text`` as pdftotext would spell it (NFKC: ligatures, no-break spaces,
    full-width punctuation), without the invisible soft hyphens and word joiners."""
    return unicodedata.normalize("NFKC", text).replace("\u00ad", "").replace("\u2060", "")


_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe]")
_IDEOGRAPHIC = re.compile("[\u1100-\u11ff\u2e80-\ua4cf\uac00-\ud7ff\uf900-\ufaff\uff00-\uffef]")


def logical(word: str) -> str:
    """Return a PDF word in logical order: pdftotext spells right-to-left (Arabic, Hebrew)
    words in visual order, last letter first."""
    return word[::-1] if _RTL.search(word) else word


def units(word: str) -> list[tuple[str, float, float]]:
    """Return the units of a PDF word to check one by one, each with the fraction of the
    word's width where it starts and ends.

    Chinese and Japanese have no spaces: pdftotext gives a whole line of them as one word.
    Such a word is cut at its line-break opportunities (UAX #14, so an ideograph keeps its
    closing punctuation); each unit's share of the box follows the characters' widths (full
    width 1, others 1/2). Other words are one unit.
    """
    if not _IDEOGRAPHIC.search(word):
        return [(word, 0.0, 1.0)]
    from uniseg.linebreak import line_break_units

    def width(text: str) -> float:
        return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.5 for c in text)

    total = width(word) or 1.0
    out, start = [], 0.0
    for unit in line_break_units(word):
        end = start + width(unit) / total
        out.append((unit, start, end))
        start = end
    return out


def _frame_text(frame: dict[str, Any] | None) -> list[str]:
    """Return the paragraphs of an IR text frame as strings (bullet marks included)."""
    if not frame:
        return []
    out = []
    for para in frame["paragraphs"]:
        text = "".join(run["text"] for run in para["runs"])
        if para.get("bullet"):
            text = f"{para['bullet']['char']} {text}"
        out.append(text)
    return out


@dataclass(frozen=True)
class Planned:
    """One shape of the IR that can carry words: its planned box and its text."""

    key: str
    kind: str  # "text", "table" or "chart"
    role: str | None
    name: str
    rect: Rect
    text: str  # normalized, whitespace collapsed
    numbers: bool = False  # a chart: numeric words (labels, axis) belong to it
    lines: int = 0  # text shapes: lines the layout's measurer wrapped the text into
    shifted: bool = False  # has raised or lowered runs (inline math): poppler splits its lines

    @property
    def tolerance(self) -> float:
        """Return how far a word may stick out: stretched delimiters in equations report
        glyph boxes taller than what is drawn, so equations get 15 % of their height."""
        return (
            max(TOLERANCE_PT, (self.rect.y1 - self.rect.y0) * 0.15)
            if self.kind == "equation"
            else TOLERANCE_PT
        )

    @cached_property
    def tokens(self) -> frozenset[str]:
        """Return the whitespace-separated words of the text."""
        return frozenset(self.text.split())

    @cached_property
    def squeezed(self) -> str:
        """Return the text without any whitespace."""
        return "".join(self.text.split())

    def mentions(self, word: str) -> bool:
        """Return True when ``word`` (or a piece of a wrapped word) comes from this shape."""
        if word in self.tokens or word in self.text or word.replace(" ", "") in self.squeezed:
            return True
        if _RTL.search(word) and any(sorted(word) == sorted(token) for token in self.tokens):
            return True  # a lam-alef ligature comes out of the PDF with its letters swapped
        return self.numbers and is_number(word, self.text)

    def __str__(self) -> str:
        label = self.role or self.kind
        return f"{self.key} ({label}, '{_short(self.text)}') planned {self.rect}"


def is_number(word: str, chart_text: str = "") -> bool:
    """Return True when ``word`` looks like a chart number (data label or axis value)."""
    stripped = word
    for unit in set(chart_text.split()):  # a chart's unit may follow its numbers
        if unit and not any(c.isdigit() for c in unit):
            stripped = stripped.replace(unit, "")
    return any(c.isdigit() for c in stripped) and set(stripped) <= _NUMBER_CHARS


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def planned_shapes(slide: dict[str, Any]) -> list[Planned]:
    """Return the shapes of an IR slide that put words on the page."""
    out = []
    for shape in slide["shapes"]:
        kind, rect, lines, shifted = shape["kind"], Rect.from_emu(shape["box"]), 0, False
        if kind == "text":
            paras = _frame_text(shape.get("text"))
            if not "".join(paras).strip():
                continue
            lines = sum(p.get("lines", 1) for p in shape["text"]["paragraphs"])
            shifted = any(r.get("baseline") for p in shape["text"]["paragraphs"] for r in p["runs"])
        elif kind == "table":
            paras = [p for row in shape["rows"] for cell in row for p in _frame_text(cell["text"])]
        elif kind == "chart":
            paras = [
                *(shape.get("categories") or ()),
                *(s["name"] for s in shape.get("series") or ()),
                shape.get("title") or "",
                shape.get("unit") or "",
            ]
        elif kind == "equation":
            paras = [shape.get("plain") or ""]
        else:
            continue
        text = " ".join(normalize(" ".join(paras)).split())
        out.append(
            Planned(
                key=shape["key"],
                kind=kind,
                role=shape.get("role"),
                name=shape.get("name", ""),
                rect=rect,
                text=text,
                numbers=kind in ("chart", "equation"),
                lines=lines,
                shifted=shifted,
            )
        )
    return out


# --------------------------------------------------------------------------------------------
# PDF reading (poppler)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Word:
    """A word pdftotext found: its text, box and the line it belongs to."""

    text: str
    rect: Rect
    page: int  # 1-based
    line: int  # unique per document: words of one line share it


@dataclass(frozen=True)
class Page:
    """One PDF page: its size and words."""

    number: int
    width: float
    height: float
    words: tuple[Word, ...]


def _run(args: list[str], timeout: float = POPPLER_TIMEOUT_S) -> str:
    out = subprocess.run(args, capture_output=True, text=True, timeout=timeout, check=False)
    if out.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({out.returncode}): {out.stderr.strip()}")
    return out.stdout


def pdf_page_count(pdfinfo: str, pdf: Path) -> int:
    """Return the number of pages ``pdfinfo`` reports."""
    match = re.search(r"^Pages:\s+(\d+)", _run([pdfinfo, str(pdf)]), re.MULTILINE)
    if not match:
        raise RuntimeError(f"pdfinfo printed no page count for {pdf}")
    return int(match.group(1))


def poppler_metrics(pdf: Path) -> tuple[float, float] | None:
    """Return the (ascent, descent) in em poppler boxes words with, None when fonts differ.

    Font descriptors are plain dictionaries in LibreOffice's PDFs; poppler ignores an
    /Ascent or /Descent of 0 (or beyond 3 em) and keeps its defaults.
    """
    data = pdf.read_bytes()
    pairs = set()
    for match in re.finditer(rb"/Type\s*/FontDescriptor(.*?)>>", data, re.DOTALL):
        body = match.group(1)
        asc, desc = POPPLER_DEFAULT_METRICS
        if found := re.search(rb"/Ascent\s+(-?[\d.]+)", body):
            t = abs(float(found.group(1))) / 1000
            asc = t if 0 < t < 3 else asc
        if found := re.search(rb"/Descent\s+(-?[\d.]+)", body):
            t = abs(float(found.group(1))) / 1000
            desc = t if 0 < t < 3 else desc
        pairs.add((asc, desc))
    if len(pairs) > 1:
        return None
    return pairs.pop() if pairs else POPPLER_DEFAULT_METRICS


def line_box(rect: Rect, metrics: tuple[float, float] | None) -> Rect:
    """Return a poppler word box re-boxed to the font's line box (see ``LINE_ASCENT``)."""
    if metrics is None:
        return rect
    asc, desc = metrics
    size = (rect.y1 - rect.y0) / (asc + desc)
    baseline = rect.y1 - desc * size
    return Rect(rect.x0, baseline - LINE_ASCENT * size, rect.x1, baseline + LINE_DESCENT * size)


def pdf_pages(pdftotext: str, pdf: Path) -> list[Page]:
    """Return every page of ``pdf`` with its words (``pdftotext -bbox-layout``).

    Word boxes are line boxes (see ``line_box``): horizontally the advance widths,
    vertically the font's ascender to descender around the baseline.
    """
    metrics = poppler_metrics(pdf)
    xhtml = _run([pdftotext, "-bbox-layout", "-enc", "UTF-8", str(pdf), "-"])
    root = etree.fromstring(xhtml.encode("utf-8"), etree.XMLParser(recover=True, huge_tree=True))
    pages: list[Page] = []
    line_id = 0
    for number, page in enumerate(root.iter("{*}page"), start=1):
        words: list[Word] = []
        for line in page.iter("{*}line"):
            line_id += 1
            for w in line.iter("{*}word"):
                text = normalize(w.text or "").strip()
                if not text:
                    continue
                raw = Rect(*(float(w.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")))
                rect = line_box(raw, metrics)
                for unit, start, end in units(logical(text)):
                    span = rect.x1 - rect.x0
                    box = Rect(rect.x0 + start * span, rect.y0, rect.x0 + end * span, rect.y1)
                    words.append(Word(unit.strip(), box, number, line_id))
        pages.append(
            Page(number, float(page.get("width")), float(page.get("height")), tuple(words))
        )
    return pages


def render_pngs(pdftoppm: str, pdf: Path, prefix: Path, dpi: int = 30) -> list[Path]:
    """Render every page of ``pdf`` to PNG; return the files in page order."""
    prefix.parent.mkdir(parents=True, exist_ok=True)
    _run([pdftoppm, "-r", str(dpi), "-png", str(pdf), str(prefix)])
    files = prefix.parent.glob(f"{prefix.name}-[0-9]*.png")  # not "qwen25-report-01" for "qwen25"
    return sorted(files, key=lambda p: int(p.stem.rsplit("-", 1)[1]))


def read_png(path: Path) -> tuple[int, int, int, bytes]:
    """Return (width, height, channels, raw 8-bit samples) of a non-interlaced PNG."""
    data = path.read_bytes()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path} is not a PNG")
    pos, idat = 8, bytearray()
    width = height = depth = ctype = interlace = 0
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
    channels = {0: 1, 2: 3, 4: 2, 6: 4}.get(ctype)
    if depth != 8 or interlace or channels is None:
        raise ValueError(f"{path}: unsupported PNG (depth {depth}, type {ctype}, {interlace=})")
    raw, stride = zlib.decompress(bytes(idat)), width * channels
    out, prev = bytearray(), bytearray(stride)
    for row in range(height):
        start = row * (stride + 1)
        ftype, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = prev[i]
            c = prev[i - channels] if i >= channels else 0
            if ftype == 1:
                line[i] = (line[i] + a) & 0xFF
            elif ftype == 2:
                line[i] = (line[i] + b) & 0xFF
            elif ftype == 3:
                line[i] = (line[i] + (a + b) // 2) & 0xFF
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[i] = (line[i] + pred) & 0xFF
        out += line
        prev = line
    return width, height, channels, bytes(out)


def ink_fraction(path: Path, threshold: int = 32) -> float:
    """Return the share of pixels that differ from the page's most common colour."""
    width, height, channels, raw = read_png(path)
    n = channels if channels < 4 else 3  # ignore alpha
    pixels = [raw[i : i + n] for i in range(0, len(raw), channels)]
    background = Counter(pixels).most_common(1)[0][0]
    ink = sum(
        1 for p in pixels if max(abs(x - y) for x, y in zip(p, background, strict=True)) > threshold
    )
    return ink / max(1, width * height)


# --------------------------------------------------------------------------------------------
# Building and converting
# --------------------------------------------------------------------------------------------


def discover_decks(root: Path) -> dict[str, Path]:
    """Return the deck files under decks/ and examples/ (recursive) by test id.

    Files whose name starts with ``_`` are partials, not decks; ``examples/ci/`` holds CI
    workflow files. The id is the file name, or
    the path from ``root`` when two decks share a name.
    """
    files = sorted(
        p
        for folder in DECK_FOLDERS
        if (root / folder).is_dir()
        for p in (root / folder).rglob("*")
        if p.is_file()
        and p.suffix in (".yaml", ".yml")
        and not p.name.startswith("_")
        and "ci" not in p.relative_to(root / folder).parts  # CI workflow examples, not decks
    )
    names = Counter(p.name for p in files)
    return {(p.name if names[p.name] == 1 else p.relative_to(root).as_posix()): p for p in files}


@dataclass
class DeckRender:
    """One deck through the whole chain: YAML → .pptx + IR → PDF, then measured."""

    id: str
    source: Path
    pptx: Path
    ir_path: Path
    pdf: Path
    tools: Tools
    workdir: Path
    error: str | None = None  # why there is no PDF (build or conversion failed)
    log: str = ""  # diagnostics the build printed for this deck

    @cached_property
    def ir(self) -> dict[str, Any]:
        """Return the dumped IR."""
        return json.loads(self.ir_path.read_text(encoding="utf-8"))

    @cached_property
    def visible_slides(self) -> list[tuple[int, dict[str, Any]]]:
        """Return (1-based slide number, slide) for each slide the PDF shows, in page order."""
        return [(i, s) for i, s in enumerate(self.ir["slides"], start=1) if not s.get("hidden")]

    @cached_property
    def page_count(self) -> int:
        """Return the number of PDF pages."""
        return pdf_page_count(self.tools.pdfinfo, self.pdf)

    @cached_property
    def pages(self) -> list[Page]:
        """Return the PDF pages with their words."""
        return pdf_pages(self.tools.pdftotext, self.pdf)

    @cached_property
    def slides(self) -> list[SlideCheck]:
        """Return the measurements of every visible slide (page i ↔ i-th visible slide)."""
        return [
            check_slide(number, slide, page)
            for (number, slide), page in zip(self.visible_slides, self.pages, strict=False)
        ]

    @cached_property
    def pngs(self) -> list[Path]:
        """Return a 30 dpi PNG of every page."""
        return render_pngs(self.tools.pdftoppm, self.pdf, self.workdir / "png" / self.pdf.stem)

    def summary(self) -> dict[str, Any]:
        """Return the numbers for build/render-report.json (only what has been measured)."""
        out: dict[str, Any] = {"source": str(self.source), "error": self.error}
        if self.error:
            return out
        out["slides"] = len(self.visible_slides)
        out["pages"] = self.page_count
        if "slides" in self.__dict__:  # measured by a test
            slides = self.slides
            out |= {
                "words_checked": sum(len(s.placements) for s in slides),
                "outside_page": sum(len(s.off_page) for s in slides),
                "outside": sum(len(s.outside) for s in slides),
                "overlaps": sum(len(s.overlaps) for s in slides),
                "title_problems": [s.title_problem for s in slides if s.title_problem],
                "outside_details": [
                    f"slide {s.number}: {p.describe()}" for s in slides for p in s.outside
                ],
                "lines_more_than_planned": [
                    f"slide {s.number}: {describe_wrap(shape, n)}"
                    for s in slides
                    for shape, n in s.extra_lines
                ],
                "lines_fewer_than_planned": [
                    f"slide {s.number}: {describe_wrap(shape, n)}"
                    for s in slides
                    for shape, n in s.fewer_lines
                ],
                "overlap_details": [
                    f"slide {s.number}: {describe_overlap(a, b)}"
                    for s in slides
                    for a, b in s.overlaps
                ],
            }
        return out


def _kill(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        proc.kill()


def _unique_stem(deck_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "__", deck_id.removesuffix(".yaml").removesuffix(".yml"))


def build_decks(
    decks: dict[str, Path], workdir: Path, tools: Tools, root: Path
) -> list[DeckRender]:
    """Build every deck with ``deckgen build --dump-ir`` (one process per batch of unique names).

    Each result is renamed to a unique stem so that one soffice call can convert them all into
    one folder. A deck that fails to build gets ``error`` set; the others go on.
    """
    renders: list[DeckRender] = []
    batches: list[dict[str, Path]] = []
    for deck_id, path in decks.items():  # `deckgen build -o DIR/` names outputs DIR/STEM.pptx
        batch = next((b for b in batches if all(p.stem != path.stem for p in b.values())), None)
        if batch is None:
            batches.append(batch := {})
        batch[deck_id] = path
    out_dir = workdir / "pptx"
    out_dir.mkdir(parents=True, exist_ok=True)
    for n, batch in enumerate(batches):
        batch_dir = workdir / f"build-{n}"
        cmd = [sys.executable, "-m", "deckgen", "build", *map(str, batch.values())]
        cmd += ["-o", f"{batch_dir}/", "--dump-ir", "--format", "json"]
        try:
            proc = subprocess.run(
                cmd, cwd=root, capture_output=True, text=True, timeout=BUILD_TIMEOUT_S, check=False
            )
            output = proc.stdout + proc.stderr
        except subprocess.TimeoutExpired:
            output = f"deckgen build timed out after {BUILD_TIMEOUT_S} s"
        for deck_id, path in batch.items():
            stem = _unique_stem(deck_id)
            render = DeckRender(
                id=deck_id,
                source=path,
                pptx=out_dir / f"{stem}.pptx",
                ir_path=out_dir / f"{stem}.ir.json",
                pdf=workdir / "pdf" / f"{stem}.pdf",
                tools=tools,
                workdir=workdir,
                log=_deck_log(output, path),
            )
            built_pptx, built_ir = (
                batch_dir / f"{path.stem}.pptx",
                batch_dir / f"{path.stem}.ir.json",
            )
            if built_pptx.is_file() and built_ir.is_file():
                built_pptx.replace(render.pptx)
                built_ir.replace(render.ir_path)
            else:
                render.error = f"deckgen build failed for {path}:\n{render.log or output}".strip()
            renders.append(render)
    return renders


def _deck_log(output: str, path: Path) -> str:
    """Return the JSON diagnostics of ``output`` that point into ``path``."""
    lines = []
    for line in output.splitlines():
        try:
            diag = json.loads(line)
        except ValueError:
            continue
        if isinstance(diag, dict) and diag.get("file") and Path(diag["file"]).resolve() == path:
            where = f"{diag['file']}:{diag.get('line')}:{diag.get('column')}"
            lines.append(f"{where}: {diag.get('severity')}: {diag.get('message')}")
    return "\n".join(lines)


def convert_to_pdf(renders: list[DeckRender], workdir: Path, tools: Tools) -> float:
    """Convert every built deck to PDF in ONE soffice call; return the seconds it took."""
    import time

    todo = [r for r in renders if r.error is None]
    if not todo:
        return 0.0
    pdf_dir = workdir / "pdf"
    pdf_dir.mkdir(parents=True, exist_ok=True)
    profile = workdir / "lo-profile"  # fresh per session: no lock or first-start conflicts
    cmd = [
        tools.soffice,
        "--headless",
        "--norestore",
        "--nologo",
        "--nolockcheck",
        f"-env:UserInstallation={profile.resolve().as_uri()}",
        "--convert-to",
        "pdf",
        "--outdir",
        str(pdf_dir),
        *(str(r.pptx) for r in todo),
    ]
    start = time.monotonic()
    proc = subprocess.Popen(
        cmd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        env=tools.env(),
    )
    try:
        out, _ = proc.communicate(timeout=SOFFICE_TIMEOUT_S)
        output = out.decode(errors="replace")
    except subprocess.TimeoutExpired:
        _kill(proc)
        proc.communicate()
        output = f"soffice timed out after {SOFFICE_TIMEOUT_S} s"
    for r in todo:
        if not r.pdf.is_file():
            r.error = f"LibreOffice produced no PDF for {r.pptx.name}:\n{output.strip()}"
    return time.monotonic() - start


# --------------------------------------------------------------------------------------------
# Measuring one slide
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Placement:
    """A PDF word and the planned shape it was matched to."""

    word: Word
    candidates: tuple[Planned, ...]  # shapes whose text has the word
    shape: Planned | None  # the candidate that holds it (or the nearest one when none does)
    inside: bool

    @property
    def owner(self) -> str:
        """Return a key naming the shape the word belongs to (unmatched words own themselves)."""
        return self.shape.key if self.shape else f"?{id(self.word)}"

    def describe(self) -> str:
        """Return a one-line explanation for a word outside its planned box."""
        w = self.word
        if not self.candidates:
            return f"'{w.text}' at {w.rect} is in no shape's text and in no chart/table box"
        assert self.shape is not None
        return (
            f"'{w.text}' at {w.rect} sticks out {self.shape.rect.excess(w.rect):.1f} pt "
            f"of {self.shape}"
        )


@dataclass
class SlideCheck:
    """What one PDF page shows compared with the IR slide it came from."""

    number: int  # slide number in the deck (1-based)
    page: Page
    shapes: list[Planned]
    placements: list[Placement]
    overlaps: list[tuple[Placement, Placement]]
    off_page: list[Word]
    title_problem: str | None
    wraps: list[tuple[Planned, int]]  # text shapes and the number of lines the PDF shows
    broken_names: list[str] = field(default_factory=list)  # "GPT-/Neo": names split at a hyphen

    @property
    def extra_lines(self) -> list[tuple[Planned, int]]:
        """Return the text shapes LibreOffice wrapped into more lines than the IR planned."""
        return [(shape, n) for shape, n in self.wraps if n > shape.lines]

    @property
    def fewer_lines(self) -> list[tuple[Planned, int]]:
        """Return the text shapes LibreOffice set in fewer lines than planned (by design:
        the measurer widens every width by a safety margin, so it wraps a little early)."""
        return [(shape, n) for shape, n in self.wraps if n < shape.lines]

    @property
    def outside(self) -> list[Placement]:
        """Return the words that lie outside every planned box they could belong to."""
        return [p for p in self.placements if not p.inside]


def place(word: Word, shapes: list[Planned]) -> Placement:
    """Return ``word`` matched to the shape it belongs to.

    Candidates are the text shapes and tables whose text contains the word and the charts
    whose labels contain it (numbers count for every chart). Words no shape mentions may
    still come from a chart or table (labels the IR does not spell out): then every chart
    and table is a candidate. The word is inside when it lies in a candidate's planned box
    (tolerance ``TOLERANCE_PT``); the smallest such box owns it.
    """
    candidates = [s for s in shapes if s.mentions(word.text)]
    if not candidates:
        candidates = [s for s in shapes if s.kind in ("chart", "table")]
    # A typeset equation's glyphs seldom spell the words of its plain text ('=q', 'eff'):
    # every equation on the slide may own any word.
    candidates += [s for s in shapes if s.kind == "equation" and s not in candidates]
    holders = [s for s in candidates if s.rect.contains(word.rect, s.tolerance)]
    if holders:
        return Placement(word, tuple(candidates), min(holders, key=lambda s: s.rect.area), True)
    nearest = min(candidates, key=lambda s: s.rect.excess(word.rect), default=None)
    return Placement(word, tuple(candidates), nearest, False)


def check_slide(number: int, slide: dict[str, Any], page: Page) -> SlideCheck:
    """Return the measurements of one slide rendered on ``page``."""
    shapes = planned_shapes(slide)
    sheet = Rect(0.0, 0.0, page.width, page.height)
    placements = [place(w, shapes) for w in page.words]
    off_page = [w for w in page.words if not sheet.contains(w.rect, PAGE_TOLERANCE_PT)]
    overlaps = []
    for i, a in enumerate(placements):
        for b in placements[i + 1 :]:
            if a.word.line == b.word.line or a.owner == b.owner:
                continue
            shared = a.word.rect.intersection(b.word.rect)
            smaller = min(a.word.rect.area, b.word.rect.area)
            if shared > OVERLAP_FRACTION * smaller:
                overlaps.append((a, b))
    wraps = [
        (shape, rendered_lines([p.word for p in placements if p.shape is shape]))
        for shape in shapes
        if shape.kind == "text" and not shape.shifted
    ]
    return SlideCheck(
        number,
        page,
        shapes,
        placements,
        overlaps,
        off_page,
        _title_problem(shapes, placements),
        [(shape, n) for shape, n in wraps if n],
        broken_names(placements),
    )


def is_name(token: str) -> bool:
    """Return whether a hyphenated token is a name: it holds a digit, or a capital letter
    after its first letter ("Llama-3.1-405B-Instruct", "GPT-Neo"; not "Pre-training")."""
    letters = [i for i, ch in enumerate(token) if ch.isalpha()]
    rest = token[letters[0] + 1 :] if letters else ""
    return any(ch.isdigit() for ch in token) or any(ch.isupper() for ch in rest)


def broken_names(placements: list[Placement]) -> list[str]:
    """Return the names a text shape's lines break at a hyphen ("GPT-/Neo"): a line that
    ends with a hyphen whose word, joined to the next line's first word, is a name."""
    found = []
    for a, b in pairwise(placements):
        if a.shape is None or a.shape is not b.shape or a.shape.kind != "text":
            continue
        if a.word.line != b.word.line and a.word.text.endswith(("-", "\u2010")):
            joined = a.word.text + b.word.text
            if is_name(joined) and joined in a.shape.text:
                found.append(f"'{a.word.text}/{b.word.text}' in {a.shape}")
    return found


def rendered_lines(words: list[Word]) -> int:
    """Return how many lines ``words`` (of one shape) sit on: baselines closer than 0.4 em
    (bullet marks sit a little off the text's baseline) are one line."""
    count, last = 0, None
    for baseline, size in sorted(_baseline(w) for w in words):
        if last is None or baseline - last > 0.4 * size:
            count += 1
            last = baseline
    return count


def _baseline(word: Word) -> tuple[float, float]:
    """Return (baseline y, font size) of a word's line box."""
    size = (word.rect.y1 - word.rect.y0) / (LINE_ASCENT + LINE_DESCENT)
    return word.rect.y1 - LINE_DESCENT * size, size


def _title_problem(shapes: list[Planned], placements: list[Placement]) -> str | None:
    """Return why a slide title is not drawn where the IR planned it (None when it is).

    The words matched to the title shape must spell the title, in order, and lie inside
    its planned box. A title with right-to-left text comes out of the PDF in visual order
    (the renderer ran the bidi algorithm), so there its words must hold the title's
    characters, in any order.
    """
    problems = []
    for title in (s for s in shapes if s.kind == "text" and s.role == "title"):
        words = [p for p in placements if p.shape is title]
        shown = "".join(p.word.text for p in words)
        stray = [p.word for p in words if not p.inside]
        spelled = shown == title.squeezed or (
            _RTL.search(title.text) is not None and sorted(shown) == sorted(title.squeezed)
        )
        if not spelled or stray:
            where = ", ".join(f"'{w.text}' at {w.rect}" for w in stray)
            problems.append(
                f"title {title.key} '{title.text}' planned {title.rect}: the PDF shows "
                f"{' '.join(p.word.text for p in words)!r}"
                + (f"; outside the box: {where}" if stray else "")
            )
    return "; ".join(problems) or None


def describe_wrap(shape: Planned, rendered: int) -> str:
    """Return a one-line comparison of planned and rendered line counts."""
    return f"'{shape.name}' {shape.key}: IR {shape.lines} line(s), PDF {rendered}"


def describe_overlap(a: Placement, b: Placement) -> str:
    """Return a one-line explanation of two overlapping words."""
    share = a.word.rect.intersection(b.word.rect) / min(a.word.rect.area, b.word.rect.area)
    return (
        f"'{a.word.text}' {a.word.rect} of {a.shape.key if a.shape else '?'} overlaps "
        f"'{b.word.text}' {b.word.rect} of {b.shape.key if b.shape else '?'} ({share:.0%})"
    )


@dataclass
class RenderSession:
    """Every deck of the repository rendered once per test session."""

    tools: Tools
    workdir: Path
    decks: dict[str, DeckRender] = field(default_factory=dict)
    build_seconds: float = 0.0
    convert_seconds: float = 0.0

    def report(self) -> dict[str, Any]:
        """Return the JSON report (numbers per deck and the totals)."""
        decks = {}
        for deck_id, r in self.decks.items():
            try:
                decks[deck_id] = r.summary()
            except Exception as exc:  # a failed measurement is reported by its test already
                decks[deck_id] = {"source": str(r.source), "error": f"{type(exc).__name__}: {exc}"}
        totals = Counter()
        for d in decks.values():
            for key in ("words_checked", "outside", "overlaps", "outside_page"):
                totals[key] += d.get(key, 0)
        return {
            "build_seconds": round(self.build_seconds, 2),
            "convert_seconds": round(self.convert_seconds, 2),
            "totals": dict(totals),
            "decks": decks,
        }
