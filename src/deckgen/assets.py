"""Stage 4b: files a deck refers to, read and checked before layout.

Images are opened with Pillow (its decompression-bomb guard turned into an error), checked
against their extension, turned upright by their EXIF orientation, and kept as bytes for
the backend. SVGs go through the icon machinery to become native shapes. CSV files fill
tables. Paths resolve relative to the deck; every file is read through the deck's
:class:`~deckgen.confine.Reader`, so it must lie inside the deck's root (unless
``--allow-outside``), be a regular file, and stay under the size limit of its kind.
"""

from __future__ import annotations

import csv
import io
import warnings
from pathlib import Path

import msgspec
from msgspec.structs import replace

from deckgen import spec
from deckgen.confine import Reader, Refused
from deckgen.diagnostics import Diagnostic, Severity, YamlPath
from deckgen.icons import Icon, IconFormatError, parse_svg
from deckgen.source import UNSAFE_CHARACTERS, SourceMap

MAX_IMAGE_BYTES = 50 * 1024 * 1024
MAX_CSV_BYTES = 2 * 1024 * 1024
_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".gif": "GIF"}


class Picture(msgspec.Struct, frozen=True):
    """A raster image ready to embed: bytes, pixel size and format."""

    data: bytes
    width: int
    height: int
    format: str  # "PNG", "JPEG" or "GIF"
    sha: str


class Assets(msgspec.Struct):
    """Everything a deck's files provided, by the YAML path that named them."""

    pictures: dict[YamlPath, Picture] = msgspec.field(default_factory=dict)
    vectors: dict[YamlPath, Icon] = msgspec.field(default_factory=dict)
    files: list[Path] = msgspec.field(default_factory=list)  # for watch mode and the build cache


def resolve(
    deck: spec.Deck, base: Path, smap: SourceMap, reader: Reader | None = None
) -> tuple[spec.Deck, Assets, list[Diagnostic]]:
    """Return the deck with CSV tables filled in, the images it uses, and any errors.

    Files are read through ``reader``, the deck's trust boundary (by default confined to
    ``base``, the deck's folder).
    """
    reader = reader or Reader(base)
    assets = Assets()
    diags: list[Diagnostic] = []
    slides = list(deck.slides)
    for i, slide in enumerate(deck.slides):
        path: YamlPath = ("slides", i)
        image = getattr(slide, "image", None)
        if image is not None:
            _image(image, (*path, "image"), base, smap, assets, diags, reader)
        table = getattr(slide, "table", None)
        if table is not None and table.csv is not None:
            filled = _csv(table, (*path, "table"), base, smap, assets, diags, reader)
            if filled is not None:
                slides[i] = replace(slide, table=filled)
    return replace(deck, slides=slides), assets, diags


def _read(
    raw: str,
    path: YamlPath,
    base: Path,
    smap: SourceMap,
    diags: list[Diagnostic],
    reader: Reader,
    limit: int,
    assets: Assets,
) -> bytes | None:
    """Return the bytes of the file ``raw`` (relative to ``base``), or None after a located
    error: outside the root, missing, not a regular file, or over ``limit`` bytes."""
    where = smap.span(path)
    target = base / raw
    assets.files.append(target)
    try:
        return reader.read(target, limit, raw)
    except Refused as exc:
        hint = exc.hint
        if exc.kind == "missing":
            hint = f"paths are relative to the deck's folder ({base})"
        diags.append(Diagnostic(Severity.ERROR, exc.message, where, path, hint))
        return None


def _image(
    image: spec.Image,
    path: YamlPath,
    base: Path,
    smap: SourceMap,
    assets: Assets,
    diags: list[Diagnostic],
    reader: Reader,
) -> None:
    fpath = (*path, "path")
    data = _read(image.path, fpath, base, smap, diags, reader, MAX_IMAGE_BYTES, assets)
    if data is None:
        return
    where = smap.span(fpath)
    name = Path(image.path).name
    suffix = Path(image.path).suffix.lower()
    if suffix == ".svg":
        try:
            assets.vectors[path] = parse_svg(name, data)
        except IconFormatError as exc:
            diags.append(
                Diagnostic(
                    Severity.ERROR,
                    f"'{image.path}' cannot be drawn as native shapes: {exc}",
                    where,
                    fpath,
                    "convert it to PNG",
                )
            )
        return
    if suffix not in _FORMATS:
        diags.append(
            Diagnostic(
                Severity.ERROR,
                f"'{image.path}': unsupported image type '{suffix}'",
                where,
                fpath,
                "use PNG, JPEG, GIF or SVG",
            )
        )
        return
    picture = _decode(data, _FORMATS[suffix], image.path, where, fpath, diags)
    if picture is not None:
        assets.pictures[path] = picture


def _decode(
    data: bytes, expected: str, name: str, where, fpath: YamlPath, diags: list[Diagnostic]
) -> Picture | None:  # type: ignore[no-untyped-def]
    import hashlib

    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            # Pillow warns past ~89 Mpx and raises past twice that; both are refused here.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as im:
                fmt = im.format or ""
                if fmt != expected:
                    diags.append(
                        Diagnostic(
                            Severity.ERROR,
                            f"'{name}' is not a {expected} file "
                            f"(its content is {fmt or 'unknown'})",
                            where,
                            fpath,
                            "rename it to match its real type",
                        )
                    )
                    return None
                im.load()
                upright = ImageOps.exif_transpose(im)
                if upright is not im:
                    # EXIF says the camera was turned: store the pixels the right way up.
                    buf = io.BytesIO()
                    upright.save(buf, format="PNG", optimize=False)
                    data, fmt = buf.getvalue(), "PNG"
                width, height = upright.size
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        diags.append(
            Diagnostic(
                Severity.ERROR,
                f"'{name}' has too many pixels to be a slide image (decompression bomb guard)",
                where,
                fpath,
            )
        )
        return None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        diags.append(
            Diagnostic(
                Severity.ERROR,
                f"'{name}' is not a readable image ({exc.__class__.__name__})",
                where,
                fpath,
            )
        )
        return None
    return Picture(data, width, height, fmt, hashlib.sha256(data).hexdigest()[:16])


def _csv(
    table: spec.Table,
    path: YamlPath,
    base: Path,
    smap: SourceMap,
    assets: Assets,
    diags: list[Diagnostic],
    reader: Reader,
) -> spec.Table | None:
    fpath = (*path, "csv")
    assert table.csv is not None
    raw = _read(table.csv, fpath, base, smap, diags, reader, MAX_CSV_BYTES, assets)
    if raw is None:
        return None
    where = smap.span(fpath)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        diags.append(
            Diagnostic(
                Severity.ERROR,
                f"'{table.csv}' is not valid UTF-8",
                where,
                fpath,
                "save the CSV as UTF-8",
            )
        )
        return None
    bad = UNSAFE_CHARACTERS.search(text)
    if bad is not None:
        # XML cannot hold these; a table cell would make a part no reader opens.
        diags.append(
            Diagnostic(
                Severity.ERROR,
                f"'{table.csv}' contains a control character (U+{ord(bad.group()):04X}) "
                f"on line {text.count(chr(10), 0, bad.start()) + 1}",
                where,
                fpath,
                "remove it from the CSV file",
            )
        )
        return None
    lines = csv.reader(io.StringIO(text))
    try:
        rows = [r for r in lines if any(c.strip() for c in r)]
    except csv.Error as exc:
        # csv's messages name the problem and the limit, never the field's text.
        line = lines.line_num
        diags.append(
            Diagnostic(
                Severity.ERROR,
                f"'{table.csv}' is not a readable CSV file (line {line}: {exc})",
                where,
                fpath,
            )
        )
        return None
    columns = list(table.columns) or (rows.pop(0) if rows else [])
    if not columns or not rows:
        diags.append(Diagnostic(Severity.ERROR, f"'{table.csv}' has no data rows", where, fpath))
        return None
    for n, r in enumerate(rows, 1):
        if len(r) != len(columns):
            diags.append(
                Diagnostic(
                    Severity.ERROR,
                    f"'{table.csv}' row {n} has {len(r)} cells for {len(columns)} columns",
                    where,
                    fpath,
                )
            )
            return None
    limit, widest = spec.TABLE_ROWS, spec.TABLE_COLUMNS
    if len(rows) > limit or len(columns) > widest:
        diags.append(
            Diagnostic(
                Severity.ERROR,
                f"'{table.csv}' has {len(rows)} rows and {len(columns)} columns; "
                f"a slide table holds at most {limit} rows and {widest} columns",
                where,
                fpath,
                "split the table, or summarise it",
            )
        )
        return None
    for n, r in enumerate([columns, *rows]):
        for c, cell in enumerate(r):
            if len(cell) > spec.MAX_TEXT:
                diags.append(
                    Diagnostic(
                        Severity.ERROR,
                        f"'{table.csv}' {'header' if n == 0 else f'row {n}'} cell {c + 1} has "
                        f"{len(cell):,} characters; a cell holds at most {spec.MAX_TEXT:,}",
                        where,
                        fpath,
                    )
                )
                return None
    bad = spec.highlight_problem(table.highlight, len(rows))
    if bad is not None:
        diags.append(Diagnostic(Severity.ERROR, bad, smap.span((*path, "highlight")), path))
        return None
    return replace(table, csv=None, columns=columns, rows=rows)
