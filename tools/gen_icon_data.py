"""Generate ``src/deckgen/data/lucide-icons.txt``, the icon data :class:`deckgen.icons.IconSet`
reads at run time, from the installed ``lucide`` package's ``lucide.zip``.

Run by developers after upgrading ``lucide``, never at run time::

    python tools/gen_icon_data.py [--out FILE]

``lucide.zip`` stays the source of truth: the file holds every icon exactly as
:func:`deckgen.icons.parse_svg` converts its SVG, with the zip's fingerprint in its first
line. A deck built with another ``lucide.zip`` installed reads that zip instead, and
``tests/test_icons.py`` fails until this script has been run again.
"""

from __future__ import annotations

import argparse
from importlib import metadata
from pathlib import Path

from deckgen.icons import ICON_DATA, icon_data_from_zip, lucide_zip

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    """Write the icon data file; print its path and size."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "src" / "deckgen" / "data" / ICON_DATA)
    args = parser.parse_args()
    zip_path = lucide_zip()
    if zip_path is None:
        raise SystemExit("lucide.zip is not installed as a plain file")
    text = icon_data_from_zip(zip_path, metadata.version("lucide"))
    args.out.write_bytes(text.encode("utf-8"))
    print(f"{args.out}: {text.count(chr(10)) - 1} icons, {len(text):,} bytes")


if __name__ == "__main__":
    main()
