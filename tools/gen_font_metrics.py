"""Generate the font-metrics JSON that :mod:`deckgen.measure` reads at run time.

Run by developers, never at run time (it needs fontTools and the Liberation TTFs)::

    python tools/gen_font_metrics.py [--fonts-dir DIR] [--out-dir DIR] [--montserrat FILE]

It reads the eight faces LiberationSans-{Regular,Bold,Italic,BoldItalic}.ttf and
LiberationMono-{...}.ttf (SIL Open Font License 1.1; Debian package fonts-liberation2)
and writes one compact JSON file per face into ``src/deckgen/data/fonts/``, e.g.
``liberation-sans-regular.json``. Liberation Sans has exactly Arial's advance widths and
Liberation Mono exactly Courier New's, so these files let deckgen measure text as
PowerPoint and LibreOffice lay it out, without any font installed.

Each file holds (format 1):

``source``
    file name, family, style, the font's version string and licence.
``unitsPerEm``
    design units per em.
``defaultAdvance``
    advance of ``.notdef``, which renderers draw for characters the font lacks.
``advances``
    every codepoint of the cmap as runs of consecutive codepoints:
    ``[[first_codepoint, [advance, advance, ...]], ...]``.
``kerning``
    pair adjustments of the GPOS ``kern`` feature (PairPos formats 1 and 2, expanded to
    codepoint pairs), or of the legacy ``kern`` table when GPOS has no ``kern`` feature:
    ``{"left_codepoint": {"right_codepoint": units}}``. Only pairs whose codepoints are in
    U+0020-U+024F (Montserrat, Carlito: U+0020-U+00FF) or in a short list of typographic punctuation
    are kept.

It also writes the script fonts (format 2), whose faces have tens of thousands of glyphs
but few distinct advances: Noto Sans CJK SC (``noto-sans-cjk-*.json``, from the
``NotoSansCJK-{Regular,Bold}.ttc`` collections of Debian's fonts-noto-cjk), which measures
Chinese, Japanese and Korean text, and DejaVu Sans (``dejavu-sans-*.json``, Debian's
fonts-dejavu-core), which measures Arabic and Hebrew text and the symbols the Liberation
fonts lack (LibreOffice falls back to it through fontconfig), and Noto Sans
(``noto-sans-*.json``, Debian's fonts-noto-core), which LibreOffice draws in place of a
template's fonts that are not installed (Calibri Light). A format-2 file has the same
``source``, ``unitsPerEm`` and ``defaultAdvance``, no kerning, and

``lineHeight``
    the ``hhea`` ascender, descender and line gap added up, in font units: the height of a
    line LibreOffice gives this font where line height follows the fonts drawn (table
    cells). Noto Sans CJK's is 1.448 em, taller than the 1.2 em of a Latin line.
``advanceRuns``
    every codepoint of the cmap as runs of consecutive codepoints sharing one advance:
    ``[[first_codepoint, count, advance], ...]`` (the 20,000 ideographs of the URO are a
    handful of runs). DejaVu Sans maps the Arabic presentation forms in its cmap to the
    very glyphs its ``init``/``medi``/``fina`` substitutions give, so text reshaped into
    presentation forms measures as the renderer draws it.

Last, it writes Montserrat (format 1, with kerning), the brand font of templates that name
it: ``montserrat-{regular,medium,semibold,bold}.json``, static instances at weights 400,
500, 600 and 700 of Google Fonts' variable ``Montserrat[wght].ttf`` (SIL Open Font License
1.1), as the PyPI package fontpkg-montserrat ships it (``pip install fontpkg-montserrat``,
or ``--montserrat FILE``), made with ``fontTools.varLib.instancer`` as the static fonts
Google Fonts publishes are. Their ``source`` also names the ``instance`` (``wght``), the
package the font came from and the font's copyright; they add ``lineHeight`` (1.219 em,
as in format 2). Variation instancing is slow (about 10 s a weight).

And Carlito (format 1, with kerning and ``lineHeight``), which measures the templates'
Calibri: ``carlito-{regular,bold,italic,bold-italic}.json`` from Debian's
fonts-crosextra-carlito (``/usr/share/fonts/truetype/crosextra/Carlito-*.ttf``, or
``--carlito-dir DIR``; SIL Open Font License 1.1). Google's Crosextra Carlito is
metric-compatible with Calibri: the same advance widths and vertical metrics, as Liberation
Sans is Arial's. Their ``source`` also names the Debian ``package`` and its version and the
font's ``copyright``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from fontTools.ttLib import TTCollection, TTFont
from fontTools.varLib import instancer

REPO = Path(__file__).resolve().parent.parent
DEFAULT_FONTS_DIR = Path("/usr/share/fonts/truetype/liberation2")
DEFAULT_OUT_DIR = REPO / "src" / "deckgen" / "data" / "fonts"
CJK_DIR = Path("/usr/share/fonts/opentype/noto")
DEJAVU_DIR = Path("/usr/share/fonts/truetype/dejavu")
NOTO_DIR = Path("/usr/share/fonts/truetype/noto")
CARLITO_DIR = Path("/usr/share/fonts/truetype/crosextra")

FORMAT = 1
FAMILIES = {"LiberationSans": "liberation-sans", "LiberationMono": "liberation-mono"}
STYLES = {"Regular": "regular", "Bold": "bold", "Italic": "italic", "BoldItalic": "bold-italic"}

# Codepoints whose pairs are kept: Basic Latin to Latin Extended-B, and the typographic
# punctuation that smart quotes and dashes bring into ordinary prose.
KERN_EXTRA = frozenset(
    ord(c) for c in "\u2018\u2019\u201a\u201c\u201d\u201e\u2013\u2014\u2026\u2022\u00b7"
)


# Montserrat kerns by classes of thousands of glyphs: Latin Extended-B expanded would be 61,000
# pairs (600 kB a weight), Basic Latin and Latin-1 (English, Portuguese, Spanish, French,
# German) are 10,500. Carlito likewise: 27,000 pairs (280 kB a face), of Latin-1 2,900.
LATIN_EXTENDED_B = 0x24F
LATIN_1 = 0xFF


def kern_codepoint(cp: int, last: int = LATIN_EXTENDED_B) -> bool:
    """Return whether kerning pairs involving ``cp`` are written to the JSON: from U+0020 to
    ``last``, and typographic punctuation."""
    return 0x20 <= cp <= last or cp in KERN_EXTRA


def advance_runs(advances: dict[int, int]) -> list[list[Any]]:
    """Return ``advances`` as runs ``[[first_codepoint, [advance, ...]], ...]``."""
    runs: list[list[Any]] = []
    for cp in sorted(advances):
        if runs and runs[-1][0] + len(runs[-1][1]) == cp:
            runs[-1][1].append(advances[cp])
        else:
            runs.append([cp, [advances[cp]]])
    return runs


def kern_lookup_indices(gpos: Any) -> list[int]:
    """Return the indices of the GPOS lookups of the ``kern`` feature that Latin text uses.

    The ``latn`` script's default language system is preferred, then ``DFLT``; if neither
    names a ``kern`` feature, every ``kern`` feature's lookups are returned.
    """
    records = gpos.FeatureList.FeatureRecord if gpos.FeatureList else []
    scripts = {sr.ScriptTag: sr.Script for sr in gpos.ScriptList.ScriptRecord}
    for tag in ("latn", "DFLT"):
        script = scripts.get(tag)
        if script is None or script.DefaultLangSys is None:
            continue
        found = [
            li
            for fi in script.DefaultLangSys.FeatureIndex
            if records[fi].FeatureTag == "kern"
            for li in records[fi].Feature.LookupListIndex
        ]
        if found:
            return sorted(set(found))
    return sorted(
        {li for fr in records if fr.FeatureTag == "kern" for li in fr.Feature.LookupListIndex}
    )


def pair_subtables(lookup: Any) -> Iterator[Any]:
    """Yield the PairPos subtables of ``lookup``, unwrapping Extension lookups."""
    for sub in lookup.SubTable:
        if lookup.LookupType == 9:
            if sub.ExtensionLookupType != 2:
                continue
            sub = sub.ExtSubTable
        elif lookup.LookupType != 2:
            continue
        yield sub


def value_advance(value1: Any, value2: Any) -> int:
    """Return the change in total advance that a pair's two value records make."""
    total = 0
    for value in (value1, value2):
        if value is not None:
            total += getattr(value, "XAdvance", 0) or 0
    return total


def subtable_pairs(sub: Any, glyphs: Iterable[str]) -> dict[tuple[str, str], int]:
    """Return the glyph-pair adjustments of one PairPos subtable, restricted to ``glyphs``."""
    wanted = set(glyphs)
    pairs: dict[tuple[str, str], int] = {}
    coverage = sub.Coverage.glyphs
    if sub.Format == 1:
        for left, pair_set in zip(coverage, sub.PairSet, strict=True):
            if left not in wanted:
                continue
            for rec in pair_set.PairValueRecord:
                if rec.SecondGlyph in wanted:
                    value = value_advance(rec.Value1, getattr(rec, "Value2", None))
                    pairs.setdefault((left, rec.SecondGlyph), value)
    elif sub.Format == 2:
        class1 = sub.ClassDef1.classDefs if sub.ClassDef1 else {}
        class2 = sub.ClassDef2.classDefs if sub.ClassDef2 else {}
        rights_by_class: dict[int, list[str]] = {}
        for glyph in wanted:
            rights_by_class.setdefault(class2.get(glyph, 0), []).append(glyph)
        for left in coverage:
            if left not in wanted:
                continue
            row = sub.Class1Record[class1.get(left, 0)]
            for c2, rec in enumerate(row.Class2Record):
                value = value_advance(rec.Value1, getattr(rec, "Value2", None))
                if value == 0:
                    continue
                for right in rights_by_class.get(c2, ()):
                    pairs.setdefault((left, right), value)
    return pairs


def glyph_kerning(font: TTFont, glyphs: Iterable[str]) -> tuple[dict[tuple[str, str], int], str]:
    """Return the glyph-pair kerning of ``font`` restricted to ``glyphs`` and its source.

    Lookups of the GPOS ``kern`` feature add up; within one lookup the first subtable
    that holds a pair wins, as in OpenType shaping. Falls back to the legacy ``kern``
    table (format 0 subtables) when GPOS has no ``kern`` feature.
    """
    glyphs = set(glyphs)
    total: dict[tuple[str, str], int] = {}
    if "GPOS" in font:
        gpos = font["GPOS"].table
        indices = kern_lookup_indices(gpos)
        for index in indices:
            lookup_pairs: dict[tuple[str, str], int] = {}
            for sub in pair_subtables(gpos.LookupList.Lookup[index]):
                for key, value in subtable_pairs(sub, glyphs).items():
                    lookup_pairs.setdefault(key, value)
            for key, value in lookup_pairs.items():
                total[key] = total.get(key, 0) + value
        if indices:
            return {k: v for k, v in total.items() if v}, "GPOS kern feature"
    if "kern" in font:
        for table in font["kern"].kernTables:
            if getattr(table, "format", 0) != 0:
                continue
            for (left, right), value in table.kernTable.items():
                if left in glyphs and right in glyphs and value:
                    total.setdefault((left, right), value)
        return total, "legacy kern table"
    return total, "none"


def face_metrics(path: Path) -> dict[str, Any]:
    """Return the JSON-ready metrics of the TTF at ``path``."""
    return font_metrics(TTFont(path, lazy=True), path.name)


def font_metrics(font: TTFont, file_name: str, kern_last: int = LATIN_EXTENDED_B) -> dict[str, Any]:
    """Return the JSON-ready format-1 metrics of ``font``, read from the file ``file_name``,
    with the kerning pairs of codepoints up to ``kern_last`` (see :func:`kern_codepoint`)."""
    cmap = font.getBestCmap()
    hmtx = font["hmtx"]
    name = font["name"]
    advances = {cp: hmtx[glyph][0] for cp, glyph in cmap.items()}
    by_glyph: dict[str, list[int]] = {}
    for cp, glyph in cmap.items():
        if kern_codepoint(cp, kern_last):
            by_glyph.setdefault(glyph, []).append(cp)
    pairs, kern_source = glyph_kerning(font, by_glyph)
    kerning: dict[str, dict[str, int]] = {}
    for (left, right), value in sorted(pairs.items()):
        for lcp in by_glyph[left]:
            row = kerning.setdefault(str(lcp), {})
            for rcp in by_glyph[right]:
                row[str(rcp)] = value
    kerning = {k: dict(sorted(v.items(), key=lambda kv: int(kv[0]))) for k, v in kerning.items()}
    kerning = dict(sorted(kerning.items(), key=lambda kv: int(kv[0])))
    return {
        "format": FORMAT,
        "source": {
            "file": file_name,
            "family": name.getDebugName(1),
            "style": name.getDebugName(2),
            "version": name.getDebugName(5),
            "license": "SIL Open Font License 1.1",
        },
        "unitsPerEm": font["head"].unitsPerEm,
        "defaultAdvance": hmtx[font.getGlyphOrder()[0]][0],
        "kerningSource": kern_source,
        "advances": advance_runs(advances),
        "kerning": kerning,
    }


# Script fonts (format 2): slug → (file, collection index or None, Debian package).
SCRIPT_FACES: dict[str, tuple[Path, int | None, str]] = {
    "noto-sans-cjk-regular": (CJK_DIR / "NotoSansCJK-Regular.ttc", 2, "fonts-noto-cjk"),
    "noto-sans-cjk-bold": (CJK_DIR / "NotoSansCJK-Bold.ttc", 2, "fonts-noto-cjk"),
    "dejavu-sans-regular": (DEJAVU_DIR / "DejaVuSans.ttf", None, "fonts-dejavu-core"),
    "dejavu-sans-bold": (DEJAVU_DIR / "DejaVuSans-Bold.ttf", None, "fonts-dejavu-core"),
    # what LibreOffice draws a template's uninstalled brand font with (fontconfig's choice)
    "noto-sans-regular": (NOTO_DIR / "NotoSans-Regular.ttf", None, "fonts-noto-core"),
    "noto-sans-bold": (NOTO_DIR / "NotoSans-Bold.ttf", None, "fonts-noto-core"),
}
LICENSES = {
    "noto-sans-cjk": "SIL Open Font License 1.1",
    "dejavu-sans": "Bitstream Vera License",
    "noto-sans": "SIL Open Font License 1.1",
}


def advance_rle(advances: dict[int, int]) -> list[list[int]]:
    """Return ``advances`` as runs ``[[first_codepoint, count, advance], ...]`` of consecutive
    codepoints with one advance."""
    runs: list[list[int]] = []
    for cp in sorted(advances):
        adv = advances[cp]
        if runs and runs[-1][0] + runs[-1][1] == cp and runs[-1][2] == adv:
            runs[-1][1] += 1
        else:
            runs.append([cp, 1, adv])
    return runs


def script_face_metrics(path: Path, index: int | None, license_name: str) -> dict[str, Any]:
    """Return the JSON-ready format-2 metrics of the font at ``path`` (``index`` picks a
    face of a collection)."""
    font = TTCollection(path, lazy=True).fonts[index] if index is not None else TTFont(path)
    hmtx = font["hmtx"]
    hhea = font["hhea"]
    name = font["name"]
    return {
        "format": 2,
        "source": {
            "file": path.name,
            "family": name.getDebugName(1),
            "style": name.getDebugName(2),
            "version": name.getDebugName(5),
            "license": license_name,
        },
        "unitsPerEm": font["head"].unitsPerEm,
        "defaultAdvance": hmtx[font.getGlyphOrder()[0]][0],
        "lineHeight": hhea.ascent - hhea.descent + hhea.lineGap,
        "advanceRuns": advance_rle({cp: hmtx[g][0] for cp, g in font.getBestCmap().items()}),
    }


def _write(out: Path, data: dict[str, Any]) -> int:
    """Write ``data`` to ``out`` as compact JSON; return the JSON's length in characters."""
    text = json.dumps(data, separators=(",", ":"), ensure_ascii=True)
    out.write_text(text + "\n", encoding="utf-8")
    return len(text)


def _pairs(data: dict[str, Any]) -> int:
    """Return how many kerning pairs the metrics ``data`` hold."""
    return sum(len(row) for row in data["kerning"].values())


def write_script_faces(out_dir: Path) -> int:
    """Write the format-2 files of :data:`SCRIPT_FACES`; return the process exit status."""
    for slug, (src, index, package) in SCRIPT_FACES.items():
        if not src.is_file():
            print(f"error: {src} not found (install {package})", file=sys.stderr)
            return 1
        family = slug.rsplit("-", 1)[0]
        data = script_face_metrics(src, index, LICENSES[family])
        out = out_dir / f"{slug}.json"
        size = _write(out, data)
        print(f"{out.name}: {size:,} bytes, {len(data['advanceRuns'])} runs")
    return 0


# Montserrat: slug -> weight of the variable font's wght axis.
MONTSERRAT_WEIGHTS = {
    "montserrat-regular": 400,
    "montserrat-medium": 500,
    "montserrat-semibold": 600,
    "montserrat-bold": 700,
}
MONTSERRAT_PACKAGE = "fontpkg-montserrat"


def montserrat_file() -> Path | None:
    """Return the variable Montserrat TTF of the installed fontpkg-montserrat, or None."""
    try:
        import fontpkg_montserrat  # type: ignore[import-not-found]
    except ImportError:
        return None
    path = Path(fontpkg_montserrat.__file__).parent / "files" / "Montserrat[wght].ttf"
    return path if path.is_file() else None


def package_version(name: str) -> str | None:
    """Return the installed version of the distribution ``name``, or None."""
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def instance_metrics(path: Path, weight: int) -> dict[str, Any]:
    """Return the JSON-ready format-1 metrics of the variable font at ``path`` instantiated
    at ``weight`` on its ``wght`` axis (names updated from its STAT table, as in the static
    fonts made from it), with its ``lineHeight`` and where it came from."""
    font = instancer.instantiateVariableFont(TTFont(path), {"wght": weight}, updateFontNames=True)
    data = font_metrics(font, path.name, LATIN_1)
    hhea = font["hhea"]
    version = package_version(MONTSERRAT_PACKAGE)
    data["source"].update(
        {
            "instance": {"wght": weight},
            "package": f"{MONTSERRAT_PACKAGE} {version}" if version else "",
            "origin": "Google Fonts, ofl/montserrat (variable font)",
            "copyright": font["name"].getDebugName(0),
        }
    )
    data["lineHeight"] = hhea.ascent - hhea.descent + hhea.lineGap
    return data


def write_montserrat(src: Path | None, out_dir: Path) -> int:
    """Write the Montserrat files of :data:`MONTSERRAT_WEIGHTS`; return the exit status."""
    if src is None or not src.is_file():
        print(
            f"error: Montserrat[wght].ttf not found (pip install {MONTSERRAT_PACKAGE})",
            file=sys.stderr,
        )
        return 1
    for slug, weight in MONTSERRAT_WEIGHTS.items():
        data = instance_metrics(src, weight)
        out = out_dir / f"{slug}.json"
        size = _write(out, data)
        print(f"{out.name}: {size:,} bytes, wght {weight}, {_pairs(data)} kerning pairs")
    return 0


# Carlito, metric-compatible with Calibri: file style -> slug (named as Liberation's are).
CARLITO_PACKAGE = "fonts-crosextra-carlito"


def debian_version(package: str) -> str | None:
    """Return the installed version of the Debian ``package``, or None."""
    import subprocess

    try:
        out = subprocess.run(
            ["dpkg-query", "-W", "-f", "${Version}", package],
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:
        return None
    return out.stdout.strip() if out.returncode == 0 and out.stdout.strip() else None


def carlito_metrics(path: Path) -> dict[str, Any]:
    """Return the JSON-ready format-1 metrics of the Carlito TTF at ``path``, with its
    ``lineHeight`` and the Debian package and copyright it came with."""
    font = TTFont(path)
    # kerned by classes as Montserrat is: Latin-1's pairs only (see LATIN_1)
    data = font_metrics(font, path.name, LATIN_1)
    hhea = font["hhea"]
    version = debian_version(CARLITO_PACKAGE)
    data["source"].update(
        {
            "package": f"{CARLITO_PACKAGE} {version}" if version else "",
            "copyright": font["name"].getDebugName(0),
        }
    )
    data["lineHeight"] = hhea.ascent - hhea.descent + hhea.lineGap
    return data


def write_carlito(src_dir: Path, out_dir: Path) -> int:
    """Write the Carlito files, one per style of :data:`STYLES`; return the exit status."""
    for style, style_slug in STYLES.items():
        src = src_dir / f"Carlito-{style}.ttf"
        if not src.is_file():
            print(f"error: {src} not found (install {CARLITO_PACKAGE})", file=sys.stderr)
            return 1
        data = carlito_metrics(src)
        out = out_dir / f"carlito-{style_slug}.json"
        size = _write(out, data)
        print(f"{out.name}: {size:,} bytes, {_pairs(data)} kerning pairs ({data['kerningSource']})")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Write the JSON files; return the process exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fonts-dir", type=Path, default=DEFAULT_FONTS_DIR)
    parser.add_argument("--out-dir", type=Path, default=DEFAULT_OUT_DIR)
    parser.add_argument(
        "--montserrat",
        type=Path,
        default=None,
        help="the variable Montserrat[wght].ttf (default: fontpkg-montserrat's)",
    )
    parser.add_argument(
        "--carlito-dir",
        type=Path,
        default=CARLITO_DIR,
        help="the folder of Carlito-{Regular,Bold,Italic,BoldItalic}.ttf (default: Debian's)",
    )
    args = parser.parse_args(argv)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    for family, slug in FAMILIES.items():
        for style, style_slug in STYLES.items():
            src = args.fonts_dir / f"{family}-{style}.ttf"
            if not src.is_file():
                print(f"error: {src} not found (install fonts-liberation2)", file=sys.stderr)
                return 1
            data = face_metrics(src)
            out = args.out_dir / f"{slug}-{style_slug}.json"
            size = _write(out, data)
            print(
                f"{out.relative_to(REPO) if out.is_relative_to(REPO) else out}: "
                f"{size:,} bytes, {sum(len(r[1]) for r in data['advances'])} codepoints, "
                f"{_pairs(data)} kerning pairs ({data['kerningSource']})"
            )
    status = write_script_faces(args.out_dir)
    if status:
        return status
    status = write_montserrat(args.montserrat or montserrat_file(), args.out_dir)
    if status:
        return status
    return write_carlito(args.carlito_dir, args.out_dir)


if __name__ == "__main__":
    sys.exit(main())
