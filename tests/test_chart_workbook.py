"""A chart's data and embedded workbook, written without XlsxWriter: byte for byte what
python-pptx and XlsxWriter write for the same data, and XlsxWriter's own path for data
that sheet cannot hold the same way."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile
from collections.abc import Sequence
from pathlib import Path

import pytest
from pptx.enum.chart import XL_CHART_TYPE

from deckgen.backend.chart_data import CategoryData, plain
from deckgen.backend.pptx_writer import _literal_chart_data

Series = list[tuple[str, list[float]]]

CHART_TYPES = [
    XL_CHART_TYPE.COLUMN_CLUSTERED,
    XL_CHART_TYPE.BAR_CLUSTERED,
    XL_CHART_TYPE.PIE,
    XL_CHART_TYPE.DOUGHNUT,
    XL_CHART_TYPE.LINE_MARKERS,
]

CASES: list[tuple[list[str], Series, str]] = [
    (["MBPP", "MATH", "HumanEval"], [("Qwen", [88.2, 83.1, 86.6])], "General"),
    (["MBPP", "MATH"], [("Qwen", [88.2, 83.09999999999999]), ("Llama", [84.5, 73.8])], "0.0"),
    (["x & y", "<b>", "q\"'", "=HYPERLINK(1)"], [("A&B", [1, 2, 3, 4])], "0"),
    (["a", "a", "b"], [("a", [0, -1, 1e20]), ("b", [1e-7, 2.5, -0.0])], "0.00"),
    (["é 中文", "😀"], [("名前", [1.5, 2])], "#,##0.0%"),
    (
        [f"c{i}" for i in range(40)],
        [(f"s{j}", [i * 1.1 for i in range(40)]) for j in range(3)],
        "0.000",
    ),
    ([str(i) for i in range(5)], [(f"s{j}", list(range(5))) for j in range(28)], "General"),
]


def reference(categories: Sequence[str], series: Series, fmt: str):  # type: ignore[no-untyped-def]
    """Return python-pptx's chart data for the same chart (its workbook by XlsxWriter)."""
    data = _literal_chart_data(fmt)
    data.categories = list(categories)
    for name, values in series:
        data.add_series(name, values)
    return data


def parts(blob: bytes) -> list[tuple[str, bytes]]:
    """Return a package's parts in order, its creation dates blanked (they are the time
    of writing, which the write stage fixes)."""
    z = zipfile.ZipFile(io.BytesIO(blob))
    out = []
    for name in z.namelist():
        data = z.read(name)
        if name == "docProps/core.xml":
            data = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"DATE", data)
        out.append((name, data))
    return out


@pytest.mark.parametrize("categories, series, fmt", CASES)
def test_the_workbook_is_the_one_xlsxwriter_writes(
    categories: list[str], series: Series, fmt: str
) -> None:
    assert plain(categories, series, fmt)
    ours = CategoryData(categories, series, fmt)
    assert parts(ours.xlsx_blob) == parts(reference(categories, series, fmt).xlsx_blob)


@pytest.mark.parametrize("categories, series, fmt", CASES)
def test_the_chart_xml_is_the_one_python_pptx_writes(
    categories: list[str], series: Series, fmt: str
) -> None:
    ours = CategoryData(categories, series, fmt)
    ref = reference(categories, series, fmt)
    for chart_type in CHART_TYPES:
        assert ours.xml_bytes(chart_type) == ref.xml_bytes(chart_type)


@pytest.mark.parametrize(
    "categories, series, fmt",
    [
        ([], [("s", [])], "General"),  # no categories
        (["a"], [], "General"),  # no series
        (["a", "b"], [("s", [1])], "General"),  # fewer values than categories
        (["a"], [("s", [float("nan")])], "General"),  # not a finite number
        (["a"], [("", [1])], "General"),  # an empty name is a blank cell
        (["\t=1"], [("s", [1])], "General"),  # a control character is escaped _x0009_
        (["_x0041_"], [("s", [1])], "General"),  # ... and so is a literal escape
        ([" a"], [("s", [1])], "General"),  # leading space: xml:space="preserve"
        (["a "], [("s", [1])], "General"),  # trailing space too
        (["<r>a</r>"], [("s", [1])], "General"),  # read as rich text
        (["a"], [("s", [1])], '0.0" pts"'),  # a format escaped in its attribute
        (["a"], [("s", [1])], ""),
    ],
)
def test_data_the_sheet_cannot_hold_the_same_way_goes_to_xlsxwriter(
    categories: list[str], series: Series, fmt: str
) -> None:
    assert not plain(categories, series, fmt)


def test_building_a_deck_with_charts_does_not_load_xlsxwriter(tmp_path: Path) -> None:
    deck = Path(__file__).resolve().parents[1] / "decks" / "qwen25.yaml"
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from deckgen.build import Tools, compile_deck, render_bytes\n"
        f"res = compile_deck(Path({str(deck)!r}), Tools())\n"
        "data = render_bytes(res.presentation)\n"
        "print(b'ppt/embeddings/' in data, 'xlsxwriter' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "False"]
