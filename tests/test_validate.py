"""Specifications for deckgen.validate.

A small deck written by python-pptx (title and bullets, a table with a merged cell, a
bar chart) is the baseline; every other test corrupts one thing in it and names the
finding (rule and part) that must come out. Tests of the schema layer skip when the
ECMA-376 schemas are not found, and fail instead when CI=true.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Inches

from deckgen.validate import Finding, Validator, find_schema_dir

P = "http://schemas.openxmlformats.org/presentationml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
A14 = "http://schemas.microsoft.com/office/drawing/2010/main"
SML = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"

SLIDE1 = "ppt/slides/slide1.xml"  # title and bullets
SLIDE2 = "ppt/slides/slide2.xml"  # table
CHART = "ppt/charts/chart1.xml"
WORKBOOK = "ppt/embeddings/Microsoft_Excel_Sheet1.xlsx"
PRESENTATION = "ppt/presentation.xml"

NEGATIVE_AXIS_ID = re.compile(
    r"^line \d+: Element '\{" + re.escape(C) + r"\}(axId|crossAx)', attribute 'val': "
    r"'-\d+' is not a valid value of the atomic type 'xs:unsignedInt'\."
)


# --- building and corrupting decks ------------------------------------------------------
def build_deck() -> bytes:
    """Return a three-slide deck as python-pptx writes it: bullets, a table, a bar chart."""
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[1])
    slide.shapes.title.text = "Bullets"
    body = slide.placeholders[1].text_frame
    body.text = "first"
    second = body.add_paragraph()
    second.text = "second"
    second.level = 1

    slide = prs.slides.add_slide(prs.slide_layouts[5])
    slide.shapes.title.text = "Table"
    table = slide.shapes.add_table(3, 3, Inches(1), Inches(2), Inches(6), Inches(2)).table
    table.cell(0, 0).merge(table.cell(0, 1))
    table.cell(1, 1).text = "cell"

    slide = prs.slides.add_slide(prs.slide_layouts[5])
    slide.shapes.title.text = "Chart"
    data = CategoryChartData()
    data.categories = ["a", "b", "c"]
    data.add_series("series", (1.0, 2.0, 3.0))
    slide.shapes.add_chart(
        XL_CHART_TYPE.COLUMN_CLUSTERED, Inches(1), Inches(1.5), Inches(8), Inches(5), data
    )
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def rezip(data: bytes, edits: Mapping[str, bytes | None]) -> bytes:
    """Return the zip ``data`` with entries replaced, removed (None) or added."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            new = edits.get(info.filename, source.read(info))
            if new is not None:
                target.writestr(info.filename, new)
        for name, new in edits.items():
            if name not in source.namelist() and new is not None:
                target.writestr(name, new)
    return out.getvalue()


def read_part(data: bytes, name: str) -> bytes:
    """Return the content of zip entry ``name``."""
    return zipfile.ZipFile(io.BytesIO(data)).read(name)


def edit_xml(data: bytes, name: str, edit: Callable[[etree._Element], None]) -> bytes:
    """Return ``data`` with XML part ``name`` changed in place by ``edit``."""
    root = etree.fromstring(read_part(data, name))
    edit(root)
    return rezip(data, {name: etree.tostring(root, xml_declaration=True, encoding="UTF-8")})


def positive_axis_ids(root: etree._Element) -> None:
    """Make every c:axId / c:crossAx positive (what deckgen's backend writes)."""
    for el in root.iter(f"{{{C}}}axId", f"{{{C}}}crossAx"):
        el.set("val", str(abs(int(el.get("val", "0")))))


def keyed(findings: list[Finding]) -> set[tuple[str, str, str]]:
    """Return the (rule, part, severity) of each finding."""
    return {(f.rule, f.part, f.severity) for f in findings}


def require_schema_dir() -> Path:
    """Return the schema directory; skip without it, or fail when CI is "true"."""
    found = find_schema_dir()
    if found is None:
        reason = (
            "ECMA-376 schemas not found (set DECKGEN_XSD_DIR or provide ../shared/ooxml-xsd); "
            "schema validation not tested"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(reason + " — CI=true requires them", pytrace=False)
        pytest.skip(reason)
    return found


@pytest.fixture(scope="module")
def raw_pptx() -> bytes:
    """The deck exactly as python-pptx writes it."""
    return build_deck()


@pytest.fixture(scope="module")
def valid_pptx(raw_pptx: bytes) -> bytes:
    """The deck with the chart's axis ids made positive; valid in every layer."""
    return edit_xml(raw_pptx, CHART, positive_axis_ids)


@pytest.fixture(scope="module")
def validator() -> Validator:
    """A validator with the schemas (skips or fails without them)."""
    return Validator(require_schema_dir())


@pytest.fixture(scope="module")
def package_only() -> Validator:
    """A validator without schemas: the package layer alone."""
    return Validator(None)


# --- python-pptx's own output -----------------------------------------------------------
def test_python_pptx_chart_trips_only_on_its_negative_axis_ids(
    validator: Validator, raw_pptx: bytes
) -> None:
    findings = validator.check_bytes(raw_pptx)
    # a bar chart has two axes: barChart/axId x2, catAx axId+crossAx, valAx axId+crossAx
    assert len(findings) == 6
    assert keyed(findings) == {("xsd", "/" + CHART, "error")}
    for finding in findings:
        assert NEGATIVE_AXIS_ID.match(finding.message), finding.message


def test_python_pptx_deck_with_positive_axis_ids_is_clean(
    validator: Validator, valid_pptx: bytes
) -> None:
    assert validator.check_bytes(valid_pptx) == []


def test_package_layer_alone_finds_nothing_in_python_pptx_output(
    package_only: Validator, raw_pptx: bytes
) -> None:
    assert not package_only.has_schemas
    assert package_only.check_bytes(raw_pptx) == []


def test_check_file_reads_the_file(validator: Validator, valid_pptx: bytes, tmp_path: Path) -> None:
    path = tmp_path / "deck.pptx"
    path.write_bytes(edit_xml(valid_pptx, PRESENTATION, lambda root: None))
    assert validator.has_schemas
    assert validator.check_file(path) == []
    assert keyed(validator.check_file(tmp_path / "missing.pptx")) == {("package", "/", "error")}


def test_one_validator_checks_many_files(validator: Validator, raw_pptx: bytes) -> None:
    first = validator.check_bytes(raw_pptx)
    assert validator.check_bytes(raw_pptx) == first


# --- package layer ----------------------------------------------------------------------
def test_truncated_zip(package_only: Validator, valid_pptx: bytes) -> None:
    findings = package_only.check_bytes(valid_pptx[: len(valid_pptx) // 2], name="half.pptx")
    assert keyed(findings) == {("package", "/", "error")}
    assert "half.pptx is not a readable zip archive" in findings[0].message


def test_crc_error_names_the_entry(package_only: Validator, valid_pptx: bytes) -> None:
    out = io.BytesIO()
    source = zipfile.ZipFile(io.BytesIO(valid_pptx))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info))
    data = bytearray(out.getvalue())
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo(SLIDE1)
    offset = info.header_offset
    name_len = int.from_bytes(data[offset + 26 : offset + 28], "little")
    extra_len = int.from_bytes(data[offset + 28 : offset + 30], "little")
    body = offset + 30 + name_len + extra_len
    data[body + 50] ^= 0x01  # one flipped bit inside the XML
    findings = package_only.check_bytes(bytes(data))
    assert keyed(findings) == {("package", "/" + SLIDE1, "error")}
    assert "CRC" in findings[0].message


def test_duplicate_part_name_ignoring_case(package_only: Validator, valid_pptx: bytes) -> None:
    data = rezip(valid_pptx, {"PPT/slides/slide1.xml": read_part(valid_pptx, SLIDE1)})
    assert keyed(package_only.check_bytes(data)) == {("package", "/PPT/slides/slide1.xml", "error")}


def test_missing_content_types_part(package_only: Validator, valid_pptx: bytes) -> None:
    findings = package_only.check_bytes(rezip(valid_pptx, {"[Content_Types].xml": None}))
    assert ("content-type", "/[Content_Types].xml", "error") in keyed(findings)


def test_part_without_content_type(package_only: Validator, valid_pptx: bytes) -> None:
    data = rezip(valid_pptx, {"ppt/media/extra.xyz": b"data"})
    findings = package_only.check_bytes(data)
    assert keyed(findings) == {("content-type", "/ppt/media/extra.xyz", "error")}
    assert "'xyz'" in findings[0].message


def test_slide_with_the_wrong_content_type(package_only: Validator, valid_pptx: bytes) -> None:
    def drop_override(root: etree._Element) -> None:
        for el in root:
            if el.get("PartName") == "/" + SLIDE1:
                root.remove(el)

    # without its Override the slide falls back to Default xml = application/xml
    findings = package_only.check_bytes(edit_xml(valid_pptx, "[Content_Types].xml", drop_override))
    assert keyed(findings) == {("content-type", "/" + SLIDE1, "error")}
    assert "'application/xml'" in findings[0].message


def test_dangling_relationship(package_only: Validator, valid_pptx: bytes) -> None:
    def add_relationship(root: etree._Element) -> None:
        etree.SubElement(
            root,
            f"{{{PKG_REL}}}Relationship",
            Id="rId99",
            Type=f"{R}/image",
            Target="../media/missing.png",
        )

    data = edit_xml(valid_pptx, "ppt/slides/_rels/slide1.xml.rels", add_relationship)
    findings = package_only.check_bytes(data)
    assert keyed(findings) == {("relationship", "/ppt/slides/_rels/slide1.xml.rels", "error")}
    assert "rId99 (image) targets '/ppt/media/missing.png'" in findings[0].message


def test_relationship_id_without_relationship(package_only: Validator, valid_pptx: bytes) -> None:
    def point_first_slide_nowhere(root: etree._Element) -> None:
        root.find(f".//{{{P}}}sldId").set(f"{{{R}}}id", "rId99")

    data = edit_xml(valid_pptx, PRESENTATION, point_first_slide_nowhere)
    findings = package_only.check_bytes(data)
    assert keyed(findings) == {("relationship", "/" + PRESENTATION, "error")}
    assert "sldId/@r:id='rId99' has no relationship in" in findings[0].message


def test_malformed_xml(package_only: Validator, valid_pptx: bytes) -> None:
    data = rezip(valid_pptx, {SLIDE1: read_part(valid_pptx, SLIDE1).replace(b"</p:sld>", b"")})
    assert keyed(package_only.check_bytes(data)) == {("xml", "/" + SLIDE1, "error")}


def test_duplicate_shape_id(package_only: Validator, valid_pptx: bytes) -> None:
    def reuse_title_id(root: etree._Element) -> None:
        shapes = root.findall(f".//{{{P}}}cNvPr")
        shapes[-1].set("id", shapes[1].get("id", ""))  # [0] is the spTree itself

    findings = package_only.check_bytes(edit_xml(valid_pptx, SLIDE2, reuse_title_id))
    assert keyed(findings) == {("shape-id", "/" + SLIDE2, "error")}
    assert "is used by both 'Title 1' and 'Table 2'" in findings[0].message


@pytest.mark.parametrize("slide_id", ["255", "0", "2147483648"])
def test_slide_id_out_of_range(package_only: Validator, valid_pptx: bytes, slide_id: str) -> None:
    def set_id(root: etree._Element) -> None:
        root.find(f".//{{{P}}}sldId").set("id", slide_id)

    findings = package_only.check_bytes(edit_xml(valid_pptx, PRESENTATION, set_id))
    assert keyed(findings) == {("slide-id", "/" + PRESENTATION, "error")}
    assert "outside 256..2147483647" in findings[0].message


def test_duplicate_slide_id(package_only: Validator, valid_pptx: bytes) -> None:
    def repeat_id(root: etree._Element) -> None:
        first, second, _ = root.iter(f"{{{P}}}sldId")
        second.set("id", first.get("id", ""))

    findings = package_only.check_bytes(edit_xml(valid_pptx, PRESENTATION, repeat_id))
    assert keyed(findings) == {("slide-id", "/" + PRESENTATION, "error")}
    assert "is used twice" in findings[0].message


def test_table_row_and_grid_disagree(package_only: Validator, valid_pptx: bytes) -> None:
    def drop_grid_column(root: etree._Element) -> None:
        grid = root.find(f".//{{{A}}}tblGrid")
        grid.remove(grid[-1])

    findings = package_only.check_bytes(edit_xml(valid_pptx, SLIDE2, drop_grid_column))
    # three rows of three cells each, against two grid columns
    assert [(f.rule, f.part, f.severity) for f in findings] == [
        ("table", "/" + SLIDE2, "error")
    ] * 3
    assert "has 3 cells but the grid has 2 columns" in findings[0].message


def test_table_merges(package_only: Validator, valid_pptx: bytes) -> None:
    def break_merges(root: etree._Element) -> None:
        first_row, second_row, _ = root.iter(f"{{{A}}}tr")
        first_row[1].attrib.pop("hMerge")  # covered by gridSpan=2 of the first cell
        second_row[2].set("gridSpan", "2")  # last column: spans past the grid

    findings = package_only.check_bytes(edit_xml(valid_pptx, SLIDE2, break_merges))
    assert [(f.rule, f.severity) for f in findings] == [("table", "warning"), ("table", "error")]
    assert "covered by a gridSpan but has no hMerge" in findings[0].message
    assert "gridSpan=2 runs past column 3" in findings[1].message


def test_embedded_workbook_must_be_a_package(package_only: Validator, valid_pptx: bytes) -> None:
    findings = package_only.check_bytes(rezip(valid_pptx, {WORKBOOK: b"not a zip"}))
    assert keyed(findings) == {("package", "/" + WORKBOOK, "error")}


def test_embedded_workbook_needs_content_types(package_only: Validator, valid_pptx: bytes) -> None:
    workbook = rezip(read_part(valid_pptx, WORKBOOK), {"[Content_Types].xml": None})
    findings = package_only.check_bytes(rezip(valid_pptx, {WORKBOOK: workbook}))
    assert ("content-type", f"/{WORKBOOK}!/[Content_Types].xml", "error") in keyed(findings)


# --- schema layer -----------------------------------------------------------------------
def test_run_properties_after_text(validator: Validator, valid_pptx: bytes) -> None:
    def misorder_run(root: etree._Element) -> None:
        run = root.find(f".//{{{A}}}r")  # <a:r><a:t>Bullets</a:t></a:r>
        etree.SubElement(run, f"{{{A}}}rPr", lang="en-US")

    findings = validator.check_bytes(edit_xml(valid_pptx, SLIDE1, misorder_run))
    assert keyed(findings) == {("xsd", "/" + SLIDE1, "error")}
    assert re.match(
        r"line \d+: Element '\{" + re.escape(A) + r"\}rPr': This element is not expected\.",
        findings[0].message,
    )


def test_schema_layer_also_rejects_small_slide_ids(validator: Validator, valid_pptx: bytes) -> None:
    def set_id(root: etree._Element) -> None:
        root.find(f".//{{{P}}}sldId").set("id", "255")

    findings = validator.check_bytes(edit_xml(valid_pptx, PRESENTATION, set_id))
    assert keyed(findings) == {
        ("slide-id", "/" + PRESENTATION, "error"),
        ("xsd", "/" + PRESENTATION, "error"),
    }


def test_embedded_workbook_is_validated_against_sml(
    validator: Validator, valid_pptx: bytes
) -> None:
    def misorder_sheet(root: etree._Element) -> None:
        root.append(root.find(f"{{{SML}}}dimension"))

    sheet = "xl/worksheets/sheet1.xml"
    workbook = edit_xml(read_part(valid_pptx, WORKBOOK), sheet, misorder_sheet)
    findings = validator.check_bytes(rezip(valid_pptx, {WORKBOOK: workbook}))
    assert keyed(findings) == {("xsd", f"/{WORKBOOK}!/{sheet}", "error")}


def test_schemas_that_do_not_compile(valid_pptx: bytes, tmp_path: Path) -> None:
    (tmp_path / "pml.xsd").write_text("<not-a-schema/>")
    findings = Validator(tmp_path).check_bytes(valid_pptx)
    assert keyed(findings) == {("xsd", "/", "error")}
    assert "could not be compiled" in findings[0].message


# --- Markup Compatibility ---------------------------------------------------------------
EQUATION = f"""<mc:AlternateContent xmlns:mc="{MC}" xmlns:a14="{A14}" xmlns:p="{P}"
    xmlns:a="{A}" xmlns:m="{M}">
  <mc:Choice Requires="a14">
    <p:sp>
      <p:nvSpPr><p:cNvPr id="40" name="Equation"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr>
      <p:spPr/>
      <p:txBody><a:bodyPr/><a:lstStyle/><a:p><a14:m><m:oMathPara><m:oMath>
        <m:sSup>
          <m:sSupPr><m:ctrlPr><a:rPr lang="en-US" i="1"/></m:ctrlPr></m:sSupPr>
          <m:e><m:r><a:rPr lang="en-US" i="1"/><m:t>x</m:t></m:r></m:e>
          <m:sup>
            <m:r><m:rPr><m:sty m:val="p"/></m:rPr><a:rPr lang="en-US"/><m:t>2</m:t></m:r>
          </m:sup>
        </m:sSup>
      </m:oMath></m:oMathPara></a14:m><a:endParaRPr lang="en-US"/></a:p></p:txBody>
    </p:sp>
  </mc:Choice>
  <mc:Fallback>
    <p:sp>
      <p:nvSpPr><p:cNvPr id="40" name="Equation"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr>
      <p:spPr/>
      <p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:r><a:t>x2</a:t></a:r></a:p></p:txBody>
    </p:sp>
  </mc:Fallback>
</mc:AlternateContent>"""


def with_shape(valid_pptx: bytes, xml: str) -> bytes:
    """Return ``valid_pptx`` with ``xml`` appended to the first slide's shape tree."""

    def append(root: etree._Element) -> None:
        root.find(f".//{{{P}}}spTree").append(etree.fromstring(xml))

    return edit_xml(valid_pptx, SLIDE1, append)


def test_equation_choice_is_taken_and_valid(validator: Validator, valid_pptx: bytes) -> None:
    # Choice and Fallback share shape id 40 on purpose: only one of them is read.
    assert validator.check_bytes(with_shape(valid_pptx, EQUATION)) == []


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('<a:rPr lang="en-US" i="1"/><m:t>x</m:t>', '<m:t>x</m:t><a:rPr lang="en-US"/>', "rPr"),
        ('<a:rPr lang="en-US"/>', '<a:rPr lang="en-US" sz="huge"/>', "'sz'"),
        ("<m:sup>", "<m:bogus/><m:sup>", "bogus"),
        ("<a14:m><m:oMathPara>", "<a14:m><a:t/><m:oMathPara>", "may only hold"),
    ],
    ids=["rPr-after-text", "bad-rPr-attribute", "unknown-math-element", "not-math"],
)
def test_equation_errors(
    validator: Validator, valid_pptx: bytes, old: str, new: str, expected: str
) -> None:
    assert old in EQUATION
    findings = validator.check_bytes(with_shape(valid_pptx, EQUATION.replace(old, new, 1)))
    assert keyed(findings) == {("xsd", "/" + SLIDE1, "error")}
    assert any(expected in f.message for f in findings), findings


def test_fallback_is_not_read_when_choice_is_understood(
    validator: Validator, valid_pptx: bytes
) -> None:
    broken_fallback = EQUATION.replace("<a:t>x2</a:t></a:r>", "</a:r><a:t>x2</a:t>")
    assert validator.check_bytes(with_shape(valid_pptx, broken_fallback)) == []


def test_fallback_is_read_when_choice_is_not_understood(
    validator: Validator, valid_pptx: bytes
) -> None:
    unknown = EQUATION.replace('Requires="a14"', 'Requires="x" xmlns:x="urn:example:unknown"')
    assert validator.check_bytes(with_shape(valid_pptx, unknown)) == []
    both_broken = unknown.replace("<a:t>x2</a:t></a:r>", "</a:r><a:t>x2</a:t>")
    assert keyed(validator.check_bytes(with_shape(valid_pptx, both_broken))) == {
        ("xsd", "/" + SLIDE1, "error")
    }


def ignorable_extension(root: etree._Element, ignorable: bool) -> None:
    """Add an x: attribute and an x: element where the schema allows neither."""
    tree = root.find(f".//{{{P}}}spTree")
    etree.SubElement(tree, "{urn:example:ext}extra").set("{urn:example:ext}flag", "1")
    root.find(f"{{{P}}}cSld").set("{urn:example:ext}flag", "1")
    if ignorable:
        root.set(f"{{{MC}}}Ignorable", "x")


def test_ignorable_namespaces_are_dropped(validator: Validator, valid_pptx: bytes) -> None:
    source = read_part(valid_pptx, SLIDE1).replace(
        b"<p:sld ", f'<p:sld xmlns:mc="{MC}" xmlns:x="urn:example:ext" '.encode(), 1
    )
    declared = rezip(valid_pptx, {SLIDE1: source})
    ignored = edit_xml(declared, SLIDE1, lambda root: ignorable_extension(root, True))
    assert validator.check_bytes(ignored) == []
    not_ignored = edit_xml(declared, SLIDE1, lambda root: ignorable_extension(root, False))
    findings = validator.check_bytes(not_ignored)
    assert keyed(findings) == {("xsd", "/" + SLIDE1, "error")}
    assert len(findings) == 2


def test_mc_undeclared_prefix(validator: Validator, valid_pptx: bytes) -> None:
    broken = EQUATION.replace('Requires="a14"', 'Requires="nope"')
    findings = validator.check_bytes(with_shape(valid_pptx, broken))
    assert ("mc", "/" + SLIDE1, "error") in keyed(findings)


# --- finding the schemas ----------------------------------------------------------------
def test_find_schema_dir_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    explicit, env, empty = tmp_path / "explicit", tmp_path / "env", tmp_path / "empty"
    for folder in (explicit, env, empty):
        folder.mkdir()
    (explicit / "pml.xsd").write_text("")
    (env / "pml.xsd").write_text("")
    monkeypatch.setenv("DECKGEN_XSD_DIR", str(env))
    assert find_schema_dir(explicit) == explicit.resolve()
    assert find_schema_dir() == env.resolve()
    assert find_schema_dir(empty) == env.resolve()  # a folder without pml.xsd is passed over


def test_find_schema_dir_relative_to_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = tmp_path / "shared" / "ooxml-xsd"
    shared.mkdir(parents=True)
    (shared / "pml.xsd").write_text("")
    (tmp_path / "project").mkdir()
    monkeypatch.delenv("DECKGEN_XSD_DIR", raising=False)
    monkeypatch.chdir(tmp_path / "project")
    assert find_schema_dir() == shared.resolve()
