"""A category chart's data, and its embedded workbook, written without XlsxWriter.

python-pptx writes a chart from a ``CategoryChartData``: the chart XML through
:mod:`pptx.chart.xmlwriter`, the workbook that keeps the data editable through XlsxWriter.
Importing its chart data imports XlsxWriter, whose modules cost ~90 M instructions to load
(about 5% of a cold build) before one cell is written. A deckgen chart's workbook is always
the same small sheet (categories down column A, one column per series, names in row 1), so
:class:`CategoryData` answers what the chart XML writer asks of python-pptx's chart data
and writes that sheet's parts as text: the very bytes XlsxWriter writes for it. Data that
sheet cannot hold as XlsxWriter would (see :func:`plain`) goes through python-pptx's own
chart data and XlsxWriter instead. The workbook's theme part (``data/xlsx-theme1.xml``)
is the one XlsxWriter writes into every workbook, Office's default theme.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from importlib import resources

#: The number formats XlsxWriter writes as Excel's built-in ones, by id; it writes any
#: other format as the workbook's own, numbered from 164.
_BUILTIN_FORMATS = {"General": 0, "0": 1}
#: Formats written here: any that needs no escaping in an XML attribute.
_FORMAT = re.compile(r'[^&<>"\x00-\x1f]+')
#: Text XlsxWriter would write differently from a plain shared string: control characters
#: (escaped as _xHHHH_, and so literal "_x" too), leading or trailing white space (kept
#: with xml:space), rich-text markup, or text so long it may be truncated.
_SPECIAL = re.compile(r"[\x00-\x1f]|_x|^\s|\s$|^<r>")
_MAX_TEXT = 16383

_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument"


def plain(
    categories: Sequence[str], series: Sequence[tuple[str, Sequence[float]]], fmt: str
) -> bool:
    """Return True when :class:`CategoryData` writes the chart exactly as python-pptx and
    XlsxWriter would: text categories and series names XlsxWriter writes as plain shared
    strings, finite numbers, one value per category, and a number format it knows."""
    if not categories or not series:
        return False
    if not _FORMAT.fullmatch(fmt):
        return False
    for text in [*categories, *(name for name, _ in series)]:
        if not isinstance(text, str) or not text or len(text) > _MAX_TEXT or _SPECIAL.search(text):
            return False
    for _, values in series:
        if len(values) != len(categories):
            return False
        for v in values:
            if type(v) not in (int, float) or not math.isfinite(v):
                return False
    return True


def _column(number: int) -> str:
    """Return the spreadsheet column letters of ``number`` (1 is "A")."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


class _Category:
    """One category label, as python-pptx's chart XML writer reads it."""

    def __init__(self, label: str, idx: int) -> None:
        self.label = label
        self.idx = idx
        self.sub_categories: list[_Category] = []

    def numeric_str_val(self, date_1904: bool = False) -> str:
        """Return the label as text (only asked of numeric categories, which these are not)."""
        return str(self.label)


class _Categories(Sequence[_Category]):
    """The chart's text categories: one level, formatted "General"."""

    number_format = "General"
    are_dates = False
    are_numeric = False
    depth = 1

    def __init__(self, labels: Sequence[str]) -> None:
        self._items = [_Category(label, i) for i, label in enumerate(labels)]

    def __getitem__(self, index):  # type: ignore[no-untyped-def, override]
        return self._items[index]

    def __len__(self) -> int:
        return len(self._items)

    @property
    def leaf_count(self) -> int:
        """Return the number of categories."""
        return len(self._items)

    @property
    def levels(self) -> Iterator[list[tuple[int, str]]]:
        """Yield the one level of categories as (index, label) pairs."""
        yield [(c.idx, c.label) for c in self._items]


class _Series(Sequence[float]):
    """One series, as python-pptx's chart XML writer reads it."""

    def __init__(self, data: CategoryData, index: int, name: str, values: Sequence[float]) -> None:
        self._data = data
        self.index = index
        self.name = name
        self.values = list(values)
        self._col = _column(2 + index)

    def __getitem__(self, index):  # type: ignore[no-untyped-def, override]
        return self.values[index]

    def __len__(self) -> int:
        return len(self.values)

    @property
    def number_format(self) -> str:
        """Return the chart's number format (a series has none of its own)."""
        return self._data.number_format

    @property
    def categories(self) -> _Categories:
        """Return the chart's categories."""
        return self._data.categories

    @property
    def categories_ref(self) -> str:
        """Return the worksheet range of the categories."""
        return self._data.categories_ref

    @property
    def name_ref(self) -> str:
        """Return the worksheet cell of the series' name."""
        return f"Sheet1!${self._col}$1"

    @property
    def values_ref(self) -> str:
        """Return the worksheet range of the series' values."""
        return f"Sheet1!${self._col}$2:${self._col}${len(self.values) + 1}"


class CategoryData(Sequence[_Series]):
    """A category chart's data, standing in for python-pptx's ``CategoryChartData`` in
    ``shapes.add_chart`` for data :func:`plain` accepts."""

    def __init__(
        self,
        categories: Sequence[str],
        series: Sequence[tuple[str, Sequence[float]]],
        number_format: str,
    ) -> None:
        self.number_format = number_format
        self.categories = _Categories(categories)
        self._series = [_Series(self, i, name, values) for i, (name, values) in enumerate(series)]

    def __getitem__(self, index):  # type: ignore[no-untyped-def, override]
        return self._series[index]

    def __len__(self) -> int:
        return len(self._series)

    @property
    def categories_ref(self) -> str:
        """Return the worksheet range of the categories."""
        return f"Sheet1!$A$2:$A${len(self.categories) + 1}"

    def xml_bytes(self, chart_type: object) -> bytes:
        """Return the chart part's XML for ``chart_type``, as python-pptx writes it."""
        from pptx.chart.xmlwriter import ChartXmlWriter

        return ChartXmlWriter(chart_type, self).xml.encode("utf-8")  # type: ignore[no-any-return]

    @property
    def xlsx_blob(self) -> bytes:
        """Return the embedded workbook: the bytes XlsxWriter writes for this sheet."""
        return workbook(
            [c.label for c in self.categories],
            [(s.name, s.values) for s in self._series],
            self.number_format,
        )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def workbook(
    categories: Sequence[str], series: Sequence[tuple[str, Sequence[float]]], fmt: str
) -> bytes:
    """Return the .xlsx python-pptx has XlsxWriter write for a category chart (literal
    strings, ``fmt`` on the values), for data :func:`plain` accepts."""
    # shared strings, in the order the cells are written: categories, then each series'
    # name; a repeated text is stored once
    strings: dict[str, int] = {}
    for text in [*categories, *(name for name, _ in series)]:
        strings.setdefault(text, len(strings))
    total = len(categories) + len(series)
    # cell styles: 0 the default, 1 the categories' "General", then the values' format
    # (the categories' own when it is "General" too)
    value_style = 1 if fmt == "General" else 2
    last_col = _column(1 + len(series))
    rows = len(categories) + 1
    spans = f"1:{1 + len(series)}"
    cells = [f'<row r="1" spans="{spans}">']
    for j, (name, _) in enumerate(series):
        cells.append(f'<c r="{_column(2 + j)}1" t="s"><v>{strings[name]}</v></c>')
    cells.append("</row>")
    for i, label in enumerate(categories):
        r = i + 2
        cells.append(
            f'<row r="{r}" spans="{spans}"><c r="A{r}" s="1" t="s"><v>{strings[label]}</v></c>'
        )
        for j, (_, values) in enumerate(series):
            cells.append(
                f'<c r="{_column(2 + j)}{r}" s="{value_style}"><v>{values[i]:.16G}</v></c>'
            )
        cells.append("</row>")
    sheet = (
        f'{_DECL}<worksheet {_NS} {_R}><dimension ref="A1:{last_col}{rows}"/>'
        '<sheetViews><sheetView tabSelected="1" workbookViewId="0"/></sheetViews>'
        '<sheetFormatPr defaultRowHeight="15"/>'
        '<cols><col min="1" max="1" width="10.7109375" customWidth="1"/></cols>'
        f"<sheetData>{''.join(cells)}</sheetData>"
        '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
        "</worksheet>"
    )
    shared = "".join(f"<si><t>{_escape(text)}</t></si>" for text in strings)
    sst = f'{_DECL}<sst {_NS} count="{total}" uniqueCount="{len(strings)}">{shared}</sst>'
    parts = {
        "[Content_Types].xml": _CONTENT_TYPES,
        "_rels/.rels": _ROOT_RELS,
        "xl/_rels/workbook.xml.rels": _WORKBOOK_RELS,
        "xl/worksheets/sheet1.xml": sheet,
        "xl/workbook.xml": _WORKBOOK,
        "xl/sharedStrings.xml": sst,
        "xl/styles.xml": _styles(fmt),
        "xl/theme/theme1.xml": resources.files("deckgen.data")
        .joinpath("xlsx-theme1.xml")
        .read_bytes(),
        "docProps/core.xml": _core(),
        "docProps/app.xml": _APP,
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            info = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text if isinstance(text, bytes) else text.encode("utf-8"))
    return buf.getvalue()


def _styles(fmt: str) -> str:
    """Return styles.xml: the default cell style, the categories' and the values' formats."""
    num_fmts = ""
    xfs = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'] * 2
    if fmt != "General":
        fmt_id = _BUILTIN_FORMATS.get(fmt, 164)
        if fmt_id == 164:
            num_fmts = f'<numFmts count="1"><numFmt numFmtId="164" formatCode="{fmt}"/></numFmts>'
        xfs.append(
            f'<xf numFmtId="{fmt_id}" fontId="0" fillId="0" borderId="0" xfId="0" '
            'applyNumberFormat="1"/>'
        )
    return (
        f"{_DECL}<styleSheet {_NS}>{num_fmts}"
        '<fonts count="1"><font><sz val="11"/><color theme="1"/><name val="Calibri"/>'
        '<family val="2"/><scheme val="minor"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        f'</cellStyleXfs><cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        '<dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium9" '
        'defaultPivotStyle="PivotStyleLight16"/></styleSheet>'
    )


def _core() -> str:
    """Return core.xml, created and modified now (the write stage fixes both dates)."""
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        f"{_DECL}<cp:coreProperties "
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        "<dc:creator></dc:creator><cp:lastModifiedBy></cp:lastModifiedBy>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{now}</dcterms:modified>'
        "</cp:coreProperties>"
    )


_CONTENT_TYPES = (
    f'{_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/docProps/app.xml" ContentType="{_CT}.extended-properties+xml"/>'
    '<Override PartName="/docProps/core.xml" '
    'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    f'<Override PartName="/xl/styles.xml" ContentType="{_CT}.spreadsheetml.styles+xml"/>'
    f'<Override PartName="/xl/theme/theme1.xml" ContentType="{_CT}.theme+xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    f'ContentType="{_CT}.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    f'ContentType="{_CT}.spreadsheetml.sharedStrings+xml"/></Types>'
)
_ROOT_RELS = (
    f'{_DECL}<Relationships xmlns="{_PKG_RELS}">'
    f'<Relationship Id="rId1" Type="{_DOC_RELS}/officeDocument" Target="xl/workbook.xml"/>'
    f'<Relationship Id="rId2" Type="{_PKG_RELS}/metadata/core-properties" '
    'Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{_DOC_RELS}/extended-properties" '
    'Target="docProps/app.xml"/></Relationships>'
)
_WORKBOOK_RELS = (
    f'{_DECL}<Relationships xmlns="{_PKG_RELS}">'
    f'<Relationship Id="rId1" Type="{_DOC_RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_DOC_RELS}/theme" Target="theme/theme1.xml"/>'
    f'<Relationship Id="rId3" Type="{_DOC_RELS}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rId4" Type="{_DOC_RELS}/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)
_WORKBOOK = (
    f"{_DECL}<workbook {_NS} {_R}>"
    '<fileVersion appName="xl" lastEdited="4" lowestEdited="4" rupBuild="4505"/>'
    '<workbookPr defaultThemeVersion="124226"/><bookViews><workbookView xWindow="240" '
    'yWindow="15" windowWidth="16095" windowHeight="9660"/></bookViews>'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets>'
    '<calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>'
)
_APP = (
    f"{_DECL}<Properties "
    'xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>Microsoft Excel</Application><DocSecurity>0</DocSecurity>"
    '<ScaleCrop>false</ScaleCrop><HeadingPairs><vt:vector size="2" baseType="variant">'
    "<vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant><vt:variant><vt:i4>1</vt:i4>"
    '</vt:variant></vt:vector></HeadingPairs><TitlesOfParts><vt:vector size="1" '
    'baseType="lpstr"><vt:lpstr>Sheet1</vt:lpstr></vt:vector></TitlesOfParts>'
    "<Company></Company><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
    "<HyperlinksChanged>false</HyperlinksChanged><AppVersion>12.0000</AppVersion></Properties>"
)
