"""Checks that a .pptx file is one PowerPoint opens without offering to repair it.

Two layers, both offline:

* **package**: the OPC container and PresentationML rules the schemas cannot express —
  zip integrity, part names, content types, relationships, well-formed XML, unique shape
  ids per slide, slide ids, table grids.
* **xsd**: every XML part whose root namespace has an ECMA-376 (transitional) schema is
  validated with lxml after Markup Compatibility processing (ECMA-376 Part 3). Equations
  (``a14:m`` inside an ``mc:Choice``) are validated against ``shared-math.xsd``.

Embedded workbooks (the data behind charts) are opened and checked the same way.

Findings about the whole file use the part name ``/``; findings inside an embedded
package are named ``/ppt/embeddings/Book1.xlsx!/xl/workbook.xml``.
"""

from __future__ import annotations

import io
import os
import posixpath
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Literal
from urllib.parse import unquote

from lxml import etree

Severity = Literal["error", "warning"]

# --- namespaces ------------------------------------------------------------------------
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
DGM = "http://schemas.openxmlformats.org/drawingml/2006/diagram"
PIC = "http://schemas.openxmlformats.org/drawingml/2006/picture"
CDR = "http://schemas.openxmlformats.org/drawingml/2006/chartDrawing"
LC = "http://schemas.openxmlformats.org/drawingml/2006/lockedCanvas"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
ST = "http://schemas.openxmlformats.org/officeDocument/2006/sharedTypes"
M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
SML = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
EP = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CP = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
DC = "http://purl.org/dc/elements/1.1/"
DCTERMS = "http://purl.org/dc/terms/"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
A14 = "http://schemas.microsoft.com/office/drawing/2010/main"
XML_NS = "http://www.w3.org/XML/1998/namespace"
XSI = "http://www.w3.org/2001/XMLSchema-instance"

# Schema files compiled into one bundle (their imports pull in the rest), after the
# offline stand-ins for the W3C xml: and Dublin Core schemas.
_STUBS = (
    (XML_NS, "stubs/xml.xsd"),
    (DC, "stubs/dc.xsd"),
    (DCTERMS, "stubs/dcterms.xsd"),
)
_SCHEMAS = (
    (P, "pml.xsd"),
    (C, "dml-chart.xsd"),
    (DGM, "dml-diagram.xsd"),
    (PIC, "dml-picture.xsd"),
    (REL, "opc-relationships.xsd"),
    (CT, "opc-contentTypes.xsd"),
    (CP, "opc-coreProperties.xsd"),
    (EP, "shared-documentPropertiesExtended.xsd"),
    (CUSTOM, "shared-documentPropertiesCustom.xsd"),
    (M, "shared-math.xsd"),
    (SML, "sml.xsd"),
)
# Parts whose root element is in one of these namespaces are schema-validated.
_VALIDATED_ROOTS = frozenset({P, A, C, DGM, PIC, REL, CT, CP, EP, CUSTOM, SML})
# Namespaces the compiled bundle defines: what Markup Compatibility treats as understood.
_UNDERSTOOD = frozenset(
    {P, A, C, DGM, PIC, CDR, LC, R, ST, M, W, SML, XDR, EP, CUSTOM, VT, CT, REL, CP, DC, DCTERMS}
    | {XML_NS, XSI}
)
# An mc:Choice requiring a14 is taken too: its equations (a14:m) are validated against
# shared-math.xsd. a14 content elsewhere stays "not understood" (dropped when ignorable).
_CHOICE_UNDERSTOOD = _UNDERSTOOD | {A14}

_SLIDE_LIKE = frozenset({"sld", "sldLayout", "sldMaster", "notes", "notesMaster", "handoutMaster"})
_OD_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_PML_CT = "application/vnd.openxmlformats-officedocument.presentationml."
# Relationship type -> content type its target must have.
_TARGET_CONTENT_TYPE = {
    _OD_REL + kind: _PML_CT + kind + "+xml"
    for kind in (
        "slide",
        "slideLayout",
        "slideMaster",
        "notesSlide",
        "notesMaster",
        "handoutMaster",
        "presProps",
        "viewProps",
        "tableStyles",
        "commentAuthors",
        "comments",
    )
} | {
    _OD_REL + "theme": "application/vnd.openxmlformats-officedocument.theme+xml",
    _OD_REL + "chart": "application/vnd.openxmlformats-officedocument.drawingml.chart+xml",
    _OD_REL + "extended-properties": (
        "application/vnd.openxmlformats-officedocument.extended-properties+xml"
    ),
    "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties": (
        "application/vnd.openxmlformats-package.core-properties+xml"
    ),
}
_IMAGE_REL = _OD_REL + "image"
_OFFICE_DOCUMENT_REL = _OD_REL + "officeDocument"
_PACKAGE_EXTENSIONS = frozenset({"xlsx", "xlsm", "docx", "docm", "pptx", "pptm"})
_MAX_XSD_FINDINGS_PER_PART = 25
# Equations: the empty w:rPr standing in for PowerPoint's a:rPr is reported as a:rPr, and
# an a:rPr validated inside a one-cell table is reported at its place in the equation.
_PLACEHOLDER_NAMES = {f"{{{W}}}rPr": f"{{{A}}}rPr", "/w:rPr": "/a:rPr"}
_RPR_HOLDER = (
    f'<a:tbl xmlns:a="{A}"><a:tblGrid><a:gridCol w="0"/></a:tblGrid><a:tr h="0"><a:tc>'
    "<a:txBody><a:bodyPr/><a:p><a:r><a:t/></a:r></a:p></a:txBody></a:tc></a:tr></a:tbl>"
)
_RPR_HOLDER_PATH = "/a:tbl/a:tr/a:tc/a:txBody/a:p/a:r/a:rPr"
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError, OSError)


@dataclass(frozen=True)
class Finding:
    """One problem found in a .pptx file."""

    rule: str
    part: str
    message: str
    severity: Severity

    @property
    def is_error(self) -> bool:
        """Return True when this finding would make PowerPoint repair (or refuse) the file."""
        return self.severity == "error"

    def __str__(self) -> str:
        """Return ``error: /ppt/slides/slide1.xml: message [rule]``."""
        return f"{self.severity}: {self.part}: {self.message} [{self.rule}]"


def find_schema_dir(explicit: str | os.PathLike[str] | None = None) -> Path | None:
    """Return the first directory holding the ECMA-376 schemas (``pml.xsd``), or None.

    Looked for, in order: ``explicit``, ``$DECKGEN_XSD_DIR``, ``../shared/ooxml-xsd``
    relative to the current directory, then relative to the repository root.
    """
    candidates: list[Path] = []
    if explicit is not None:
        candidates.append(Path(explicit))
    env = os.environ.get("DECKGEN_XSD_DIR")
    if env:
        candidates.append(Path(env))
    candidates.append(Path.cwd().parent / "shared" / "ooxml-xsd")
    root = _repository_root()
    if root is not None:
        candidates.append(root.parent / "shared" / "ooxml-xsd")
    for candidate in candidates:
        if (candidate / "pml.xsd").is_file():
            return candidate.resolve()
    return None


def _repository_root() -> Path | None:
    """Return the nearest parent of this file holding ``pyproject.toml``, or None."""
    for parent in Path(__file__).resolve().parents:
        if (parent / "pyproject.toml").is_file():
            return parent
    return None


class Validator:
    """Validates .pptx files; compiles the schemas on first use and keeps them.

    One instance can check any number of files; reuse it, since compiling the schemas
    costs far more than validating a deck.
    """

    def __init__(self, schema_dir: Path | None) -> None:
        self.schema_dir = Path(schema_dir) if schema_dir is not None else None

    @property
    def has_schemas(self) -> bool:
        """Return True when a schema directory was given, i.e. the xsd layer runs.

        A directory whose schemas fail to compile shows up as an ``xsd`` finding.
        """
        return self.schema_dir is not None

    def check_file(self, path: Path) -> list[Finding]:
        """Return every finding for the .pptx at ``path`` (empty when it is clean)."""
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            return [Finding("package", "/", f"cannot read {path}: {exc.strerror}", "error")]
        return self.check_bytes(data, name=str(path))

    def check_bytes(self, data: bytes, name: str = "<memory>") -> list[Finding]:
        """Return every finding for a .pptx given as bytes; ``name`` labels zip errors."""
        return _PackageCheck(self, data, name).run()

    @cached_property
    def _schema_state(self) -> tuple[etree.XMLSchema | None, str | None]:
        """Return (compiled schema, None), or (None, why it could not be compiled)."""
        if self.schema_dir is None:
            return None, None
        try:
            return _compile_schema(self.schema_dir), None
        except (etree.LxmlError, OSError) as exc:
            return None, f"schemas in {self.schema_dir} could not be compiled: {exc}"


class _LocalStubs(etree.Resolver):
    """Maps the Dublin Core schema URLs in opc-coreProperties.xsd to the offline stubs."""

    def __init__(self, schema_dir: Path) -> None:
        super().__init__()
        self.schema_dir = schema_dir

    def resolve(self, system_url: str, public_id: str, context: object) -> object:
        """Return the local stub for a dublincore.org URL; None leaves others alone."""
        if system_url.startswith("http://dublincore.org/"):
            stub = self.schema_dir / "stubs" / system_url.rsplit("/", 1)[-1]
            return self.resolve_filename(str(stub), context)
        return None


def _compile_schema(schema_dir: Path) -> etree.XMLSchema:
    """Return one XMLSchema importing every schema deckgen validates against."""
    schema_dir = schema_dir.resolve()
    imports = "".join(
        f'<xs:import namespace="{ns}" schemaLocation="{(schema_dir / name).as_uri()}"/>'
        for ns, name in (*_STUBS, *_SCHEMAS)
    )
    bundle = (
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"'
        f' targetNamespace="urn:x-deckgen:schema-bundle">{imports}</xs:schema>'
    )
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    parser.resolvers.add(_LocalStubs(schema_dir))
    doc = etree.fromstring(bundle.encode(), parser, base_url=schema_dir.as_uri() + "/")
    return etree.XMLSchema(doc)


def _parser() -> etree.XMLParser:
    """Return a parser that never fetches anything and keeps line numbers."""
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


def _namespace(tag: str) -> str | None:
    """Return the namespace URI of a Clark-notation tag or attribute name."""
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else None


def _local(tag: str) -> str:
    """Return the local part of a Clark-notation name."""
    return tag.rsplit("}", 1)[-1]


def _elements(parent: etree._Element) -> Iterator[etree._Element]:
    """Yield the element children of ``parent`` (no comments or processing instructions)."""
    return (child for child in parent if isinstance(child.tag, str))


def _rels_part_source(rels_part: str) -> str:
    """Return the part a relationships part belongs to (``/`` for ``/_rels/.rels``)."""
    folder, name = posixpath.split(rels_part)
    return posixpath.join(posixpath.dirname(folder), name[: -len(".rels")]) or "/"


def _rels_part_of(part: str) -> str:
    """Return the name of the relationships part of ``part``."""
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def _resolve_target(source: str, target: str) -> str | None:
    """Return the part name a relative or absolute internal target points to.

    Returns None when the target climbs above the package root.
    """
    target = unquote(target.split("#", 1)[0])
    base = "/" if source == "/" else posixpath.dirname(source)
    joined = target if target.startswith("/") else posixpath.join(base, target)
    depth = 0
    for segment in joined.split("/"):
        if segment == "..":
            depth -= 1
        elif segment not in ("", "."):
            depth += 1
        if depth < 0:
            return None
    return posixpath.normpath(joined)


@dataclass(frozen=True)
class _McScope:
    """Markup Compatibility declarations in force for an element."""

    ignorable: frozenset[str] = frozenset()
    process_content: frozenset[tuple[str, str]] = frozenset()


class _PackageCheck:
    """All checks of one OPC package (the .pptx, or a workbook embedded in it)."""

    def __init__(self, validator: Validator, data: bytes, name: str, outer: str = "") -> None:
        self.validator = validator
        self.data = data
        self.name = name
        self.outer = outer
        self.findings: list[Finding] = []
        self.names: dict[str, str] = {}  # lower-case part name -> part name, every entry
        self.parts: dict[str, bytes] = {}  # part name -> content, readable entries only
        self.content_types: dict[str, str | None] = {}
        self.xml: dict[str, etree._Element] = {}
        self.rels: dict[str, dict[str, str]] = {}  # source part -> {Id: Type}
        self.master_layout_ids: list[tuple[int, str, int | None]] = []
        self.xsd_reported: dict[str, int] = {}

    # -- reporting ---------------------------------------------------------------------
    def add(self, rule: str, part: str, message: str, severity: Severity = "error") -> None:
        """Record a finding; parts of an embedded package are prefixed with its name."""
        if self.outer:
            part = self.outer if part == "/" else f"{self.outer}!{part}"
        self.findings.append(Finding(rule, part, message, severity))

    # -- driver ------------------------------------------------------------------------
    def run(self) -> list[Finding]:
        """Return the findings of every check, in a stable order."""
        if not self.read_zip():
            return self.findings
        self.read_content_types()
        self.parse_xml_parts()
        self.read_relationships()
        schema, schema_error = self.validator._schema_state
        if schema_error and not self.outer:
            self.add("xsd", "/", schema_error)
        for part, root in self.xml.items():
            if part == "/[Content_Types].xml" or part.endswith(".rels"):
                self.check_xsd(part, root, schema)
                continue
            self.check_relationship_ids(part, root)
            self.process_markup_compatibility(part, root)
            self.check_presentationml(part, root)
            self.check_xsd(part, root, schema)
        self.check_master_layout_ids()
        if not self.outer:
            self.check_embedded_packages()
        return self.findings

    # -- package -----------------------------------------------------------------------
    def read_zip(self) -> bool:
        """Read every zip entry; return False when the archive itself is unreadable."""
        try:
            archive = zipfile.ZipFile(io.BytesIO(self.data))
        except _ZIP_ERRORS as exc:
            self.add("package", "/", f"{self.name} is not a readable zip archive: {exc}")
            return False
        with archive:
            for info in archive.infolist():
                if info.is_dir():
                    continue
                part = "/" + info.filename
                key = part.lower()
                if key in self.names:
                    self.add(
                        "package",
                        part,
                        f"duplicate part name (also {self.names[key]}; part names ignore case)",
                    )
                    continue
                self.names[key] = part
                try:
                    self.parts[part] = archive.read(info)
                except _ZIP_ERRORS as exc:
                    self.add("package", part, f"zip entry cannot be read: {exc}")
        return True

    def read_content_types(self) -> None:
        """Give every part its content type, reporting parts that have none."""
        name = "/[Content_Types].xml"
        data = self.parts.get(name)
        root = self.parse(name, data) if data is not None else None
        if root is None:
            if name.lower() not in self.names:
                self.add("content-type", name, "[Content_Types].xml is missing")
            return
        self.xml[name] = root
        defaults: dict[str, str] = {}
        overrides: dict[str, str] = {}
        for el in _elements(root):
            key, table = (
                (el.get("Extension", "").lower(), defaults)
                if el.tag == f"{{{CT}}}Default"
                else (el.get("PartName", "").lower(), overrides)
            )
            if key in table:
                self.add("content-type", name, f"line {el.sourceline}: {key!r} declared twice")
            table[key] = el.get("ContentType", "")
        for part_name in overrides:
            if part_name not in self.names:
                self.add(
                    "content-type", name, f"Override for a part that is not there: {part_name}"
                )
        for part in self.names.values():
            if part == name:
                continue
            extension = _extension(part)
            content_type = overrides.get(part.lower()) or defaults.get(extension)
            self.content_types[part] = content_type
            if content_type is None:
                self.add(
                    "content-type",
                    part,
                    f"no content type: no Override for this part and no Default for "
                    f"extension {extension!r}",
                )

    def parse(self, part: str, data: bytes) -> etree._Element | None:
        """Return the parsed root of an XML part, or None after reporting why not."""
        try:
            root = etree.fromstring(data, _parser())
        except etree.XMLSyntaxError as exc:
            self.add("xml", part, f"not well-formed XML: {exc}")
            return None
        if root.getroottree().docinfo.doctype:
            self.add("xml", part, "DTD declarations are not allowed in OPC parts")
        return root

    def parse_xml_parts(self) -> None:
        """Parse every XML part (by content type, else by extension)."""
        for part, data in self.parts.items():
            content_type = self.content_types.get(part)
            if content_type is not None:
                is_xml = content_type.endswith("+xml") or content_type in (
                    "application/xml",
                    "text/xml",
                )
            else:
                is_xml = part.endswith((".xml", ".rels"))
            if is_xml and part not in self.xml:
                root = self.parse(part, data)
                if root is not None:
                    self.xml[part] = root

    def read_relationships(self) -> None:
        """Read every relationships part, checking ids, targets and target content types."""
        for rels_part, root in self.xml.items():
            if not rels_part.endswith(".rels"):
                continue
            source = _rels_part_source(rels_part)
            if source != "/" and source.lower() not in self.names:
                self.add(
                    "relationship",
                    rels_part,
                    f"relationships of a part that is not there: {source}",
                    "warning",
                )
            rels: dict[str, str] = {}
            for el in root.iter(f"{{{REL}}}Relationship"):
                rid, kind, target = el.get("Id", ""), el.get("Type", ""), el.get("Target")
                where = f"line {el.sourceline}: {rid}"
                if rid in rels:
                    self.add("relationship", rels_part, f"{where}: duplicate relationship Id")
                rels[rid] = kind
                if el.get("TargetMode") == "External":
                    continue
                resolved = _resolve_target(source, target) if target else None
                part = self.names.get(resolved.lower()) if resolved else None
                if part is None:
                    self.add(
                        "relationship",
                        rels_part,
                        f"{where} ({kind.rsplit('/', 1)[-1]}) targets "
                        f"{resolved or target!r}, which is not in the package",
                    )
                    continue
                self.check_target_content_type(rels_part, rid, kind, part)
            self.rels[source] = rels
        if not any(kind == _OFFICE_DOCUMENT_REL for kind in self.rels.get("/", {}).values()):
            self.add("relationship", "/_rels/.rels", "no officeDocument relationship")

    def check_target_content_type(self, rels_part: str, rid: str, kind: str, part: str) -> None:
        """Report a relationship whose target has the wrong content type."""
        have = self.content_types.get(part)
        want = _TARGET_CONTENT_TYPE.get(kind)
        if have is None:
            return
        if (want is not None and have != want) or (
            kind == _IMAGE_REL and not have.startswith("image/")
        ):
            self.add(
                "content-type",
                part,
                f"content type {have!r} does not fit relationship {rid} "
                f"({kind.rsplit('/', 1)[-1]}) in {rels_part}"
                + (f"; expected {want!r}" if want else ""),
            )

    def check_relationship_ids(self, part: str, root: etree._Element) -> None:
        """Report r:id, r:embed, r:link, r:pict ... values missing from the part's rels."""
        rels = self.rels.get(part, {})
        for value in root.xpath("//@*[namespace-uri() = $r]", r=R):
            if value and value not in rels:
                el = value.getparent()
                self.add(
                    "relationship",
                    part,
                    f"line {el.sourceline}: {_local(el.tag)}/@r:{_local(value.attrname)}="
                    f"{str(value)!r} has no relationship in {_rels_part_of(part)}",
                )

    # -- Markup Compatibility (ECMA-376 Part 3) ----------------------------------------
    def process_markup_compatibility(self, part: str, root: etree._Element) -> None:
        """Rewrite ``root`` in place as a consumer that understands our schemas sees it."""
        encoding = (root.getroottree().docinfo.encoding or "").lower()
        if encoding in ("utf-8", "ascii") and MC.encode() not in self.parts[part]:
            return  # the markup-compatibility namespace is never declared
        self.mc_element(part, root, _McScope())

    def mc_scope(self, part: str, el: etree._Element, outer: _McScope) -> _McScope:
        """Return the scope for ``el``'s content: ``outer`` plus ``el``'s mc: attributes."""
        ignorable_attr, process_attr, must_attr = (
            el.get(f"{{{MC}}}{name}") for name in ("Ignorable", "ProcessContent", "MustUnderstand")
        )
        if not (ignorable_attr or process_attr or must_attr):
            return outer
        ignorable = set(outer.ignorable)
        process_content = set(outer.process_content)
        for prefix in (ignorable_attr or "").split():
            uri = self.mc_prefix(part, el, prefix, "Ignorable")
            if uri:
                ignorable.add(uri)
        for qname in (process_attr or "").split():
            prefix, _, local = qname.rpartition(":")
            uri = self.mc_prefix(part, el, prefix, "ProcessContent")
            if uri:
                process_content.add((uri, local))
        for prefix in (must_attr or "").split():
            uri = self.mc_prefix(part, el, prefix, "MustUnderstand")
            if uri and uri not in _UNDERSTOOD:
                self.add(
                    "mc",
                    part,
                    f"line {el.sourceline}: mc:MustUnderstand names {uri}, which this "
                    "validator cannot check",
                    "warning",
                )
        if ignorable == outer.ignorable and process_content == outer.process_content:
            return outer
        return _McScope(frozenset(ignorable), frozenset(process_content))

    def mc_prefix(self, part: str, el: etree._Element, prefix: str, attr: str) -> str | None:
        """Return the namespace of ``prefix`` in scope at ``el``; report it when undeclared."""
        uri = el.nsmap.get(prefix or None)
        if uri is None:
            self.add("mc", part, f"line {el.sourceline}: mc:{attr} uses undeclared {prefix!r}")
        return uri

    def mc_element(self, part: str, el: etree._Element, outer: _McScope) -> None:
        """Process ``el``'s attributes and children (not ``el`` itself) recursively."""
        scope = self.mc_scope(part, el, outer)
        for key in list(el.attrib):
            ns = _namespace(key)
            if ns == MC or (ns in scope.ignorable and ns not in _UNDERSTOOD):
                del el.attrib[key]
        index = 0
        while index < len(el):
            child = el[index]
            if not isinstance(child.tag, str):
                index += 1
                continue
            ns = _namespace(child.tag)
            if child.tag == f"{{{MC}}}AlternateContent":
                chosen = self.mc_select(part, child, scope)
                index += self.splice(el, child, chosen)
            elif ns in scope.ignorable and ns not in _UNDERSTOOD:
                keep = {(ns, _local(child.tag)), (ns, "*")} & scope.process_content
                if keep:
                    self.mc_element(part, child, scope)
                index += self.splice(el, child, child if keep else None)
            else:
                self.mc_element(part, child, scope)
                index += 1

    def mc_select(self, part: str, block: etree._Element, outer: _McScope) -> etree._Element | None:
        """Return the processed mc:Choice or mc:Fallback to keep from an AlternateContent."""
        scope = self.mc_scope(part, block, outer)
        line = f"line {block.sourceline}"
        branches = list(_elements(block))
        choices = [b for b in branches if b.tag == f"{{{MC}}}Choice"]
        fallbacks = [b for b in branches if b.tag == f"{{{MC}}}Fallback"]
        if not choices:
            self.add("mc", part, f"{line}: mc:AlternateContent without mc:Choice")
        if len(fallbacks) > 1 or (fallbacks and branches[-1] is not fallbacks[0]):
            self.add("mc", part, f"{line}: mc:Fallback must be the single, last child")
        if len(choices) + len(fallbacks) != len(branches):
            self.add("mc", part, f"{line}: mc:AlternateContent holds other elements")
        chosen = None
        for choice in choices:
            prefixes = (choice.get("Requires") or "").split()
            if not prefixes:
                self.add("mc", part, f"line {choice.sourceline}: mc:Choice without Requires")
                continue
            uris = [self.mc_prefix(part, choice, prefix, "Requires") for prefix in prefixes]
            if all(uri in _CHOICE_UNDERSTOOD for uri in uris):
                chosen = choice
                break
        if chosen is None and fallbacks:
            chosen = fallbacks[0]
        if chosen is not None:
            self.mc_element(part, chosen, scope)
        return chosen

    @staticmethod
    def splice(parent: etree._Element, old: etree._Element, new: etree._Element | None) -> int:
        """Replace ``old`` by the children of ``new`` (or nothing); return how many."""
        index = parent.index(old)
        children = list(new) if new is not None else []
        parent.remove(old)
        for offset, child in enumerate(children):
            parent.insert(index + offset, child)
        return len(children)

    # -- PresentationML rules ----------------------------------------------------------
    def check_presentationml(self, part: str, root: etree._Element) -> None:
        """Run the PresentationML rules that apply to this part's root element."""
        if _namespace(root.tag) != P:
            return
        kind = _local(root.tag)
        if kind in _SLIDE_LIKE:
            self.check_shape_ids(part, root)
            self.check_tables(part, root)
        if kind == "presentation":
            self.check_slide_ids(part, root)
            for el in root.iter(f"{{{P}}}sldMasterId"):
                self.collect_master_layout_id(part, el)
        if kind == "sldMaster":
            for el in root.iter(f"{{{P}}}sldLayoutId"):
                self.collect_master_layout_id(part, el)

    def check_shape_ids(self, part: str, root: etree._Element) -> None:
        """Report shape ids (``p:cNvPr/@id``) used twice in one slide, layout or master."""
        names: dict[str | None, str | None] = {}
        for el in root.iter(f"{{{P}}}cNvPr"):
            shape_id = el.get("id")
            if shape_id in names:
                self.add(
                    "shape-id",
                    part,
                    f"line {el.sourceline}: shape id {shape_id} is used by both "
                    f"{names[shape_id]!r} and {el.get('name')!r}",
                )
            else:
                names[shape_id] = el.get("name")

    def check_tables(self, part: str, root: etree._Element) -> None:
        """Report table rows whose cells do not match the grid, and broken merges."""
        for tbl in root.iter(f"{{{A}}}tbl"):
            columns = len(tbl.findall(f"{{{A}}}tblGrid/{{{A}}}gridCol"))
            rows = tbl.findall(f"{{{A}}}tr")
            for row_index, row in enumerate(rows, 1):
                cells = row.findall(f"{{{A}}}tc")
                where = f"line {row.sourceline}: table row {row_index}"
                if len(cells) != columns:
                    self.add(
                        "table",
                        part,
                        f"{where} has {len(cells)} cells but the grid has {columns} columns "
                        "(cells covered by a merge still need their own a:tc)",
                    )
                self.check_merges(part, where, cells, columns, len(rows) - row_index + 1)

    def check_merges(
        self, part: str, where: str, cells: list[etree._Element], columns: int, rows_left: int
    ) -> None:
        """Report gridSpan/rowSpan that run off the table and hMerge cells out of place."""
        covered = 0
        for column, cell in enumerate(cells, 1):
            span = _int(cell.get("gridSpan"), 1)
            row_span = _int(cell.get("rowSpan"), 1)
            merged = cell.get("hMerge") in ("1", "true")
            if covered and not merged:
                self.add(
                    "table",
                    part,
                    f"{where}, cell {column}: covered by a gridSpan but has no hMerge",
                    "warning",
                )
            elif merged and not covered:
                self.add(
                    "table",
                    part,
                    f"{where}, cell {column}: hMerge without a gridSpan cell before it",
                    "warning",
                )
            covered = max(covered - 1, 0)
            if span > 1:
                if column - 1 + span > columns:
                    self.add(
                        "table",
                        part,
                        f"{where}, cell {column}: gridSpan={span} runs past column {columns}",
                    )
                covered = span - 1
            if row_span > rows_left:
                self.add(
                    "table",
                    part,
                    f"{where}, cell {column}: rowSpan={row_span} runs past the last row",
                )

    def check_slide_ids(self, part: str, root: etree._Element) -> None:
        """Report slide ids outside 256..2147483647, and slide ids or slides listed twice."""
        ids: set[int] = set()
        rids: set[str | None] = set()
        for el in root.iter(f"{{{P}}}sldId"):
            where = f"line {el.sourceline}: p:sldId id={el.get('id')!r}"
            value = _int(el.get("id"), -1)
            if not 256 <= value <= 2**31 - 1:
                self.add("slide-id", part, f"{where} is outside 256..2147483647")
            elif value in ids:
                self.add("slide-id", part, f"{where} is used twice")
            ids.add(value)
            rid = el.get(f"{{{R}}}id")
            if rid in rids:
                self.add("slide-id", part, f"{where}: slide {rid} is listed twice")
            rids.add(rid)

    def collect_master_layout_id(self, part: str, el: etree._Element) -> None:
        """Remember a slide master or layout id; they must be unique across the deck."""
        self.master_layout_ids.append((_int(el.get("id"), -1), part, el.sourceline))

    def check_master_layout_ids(self) -> None:
        """Report slide master and layout ids used more than once."""
        seen: set[int] = set()
        for value, part, line in self.master_layout_ids:
            if value in seen:
                self.add("slide-id", part, f"line {line}: master/layout id {value} is used twice")
            seen.add(value)

    # -- XML Schema --------------------------------------------------------------------
    def check_xsd(self, part: str, root: etree._Element, schema: etree.XMLSchema | None) -> None:
        """Validate a (Markup Compatibility processed) part against the schemas."""
        if schema is None or _namespace(root.tag) not in _VALIDATED_ROOTS:
            return
        tree = root.getroottree()
        for math in list(root.iter(f"{{{A14}}}m")):
            where = tree.getpath(math)
            math.getparent().remove(math)
            self.check_math(part, math, where, schema)
        if not schema.validate(root):
            self.report_schema_errors(part, schema.error_log)

    def check_math(
        self, part: str, math: etree._Element, where: str, schema: etree.XMLSchema
    ) -> None:
        """Validate one ``a14:m`` equation (found at XPath ``where``) against shared-math.xsd.

        PowerPoint keeps DrawingML run properties (``a:rPr``) in the slot of ``m:r`` and
        ``m:ctrlPr`` where Word keeps ``w:rPr``; each is validated on its own and replaced
        by an empty ``w:rPr`` so that the schema still checks where it stands.
        """
        children = list(_elements(math))
        if not children:
            self.add("xsd", part, f"line {math.sourceline}: a14:m holds no equation")
        for child in children:
            if child.tag not in (f"{{{M}}}oMathPara", f"{{{M}}}oMath"):
                self.add(
                    "xsd",
                    part,
                    f"line {child.sourceline}: a14:m may only hold "
                    f"m:oMathPara or m:oMath, not {child.tag} (at {where})",
                )
                continue
            inside = etree.ElementTree(child)
            for rpr in list(child.iter(f"{{{A}}}rPr")):
                path = where + inside.getpath(rpr)
                holder = rpr.getparent()
                placeholder = etree.Element(f"{{{W}}}rPr", nsmap={"w": W})
                placeholder.sourceline = rpr.sourceline
                placeholder.tail = rpr.tail
                holder.replace(rpr, placeholder)
                if holder.tag in (f"{{{M}}}r", f"{{{M}}}ctrlPr"):
                    self.check_run_properties(part, rpr, path, schema)
            if not schema.validate(child):
                self.report_schema_errors(part, schema.error_log, where, _PLACEHOLDER_NAMES)

    def check_run_properties(
        self, part: str, rpr: etree._Element, path: str, schema: etree.XMLSchema
    ) -> None:
        """Validate an ``a:rPr`` taken out of an equation, inside a one-cell table."""
        table = etree.fromstring(_RPR_HOLDER)
        table.find(f".//{{{A}}}r").insert(0, rpr)
        if not schema.validate(table):
            self.report_schema_errors(part, schema.error_log, "", {_RPR_HOLDER_PATH: path})

    def report_schema_errors(
        self,
        part: str,
        log: Iterable[etree._LogEntry],
        base: str = "",
        rename: Mapping[str, str] | None = None,
    ) -> None:
        """Turn lxml's schema error log into findings, at most a few dozen per part.

        ``base`` is prefixed to each error's XPath; ``rename`` replaces names in the
        message and the path (for the stand-ins used to validate equations).
        """
        entries = list(log)
        room = max(_MAX_XSD_FINDINGS_PER_PART - self.xsd_reported.get(part, 0), 0)
        self.xsd_reported[part] = self.xsd_reported.get(part, 0) + len(entries)
        for entry in entries[:room]:
            message, path = entry.message, entry.path or ""
            for old, new in (rename or {}).items():
                message, path = message.replace(old, new), path.replace(old, new)
            self.add("xsd", part, f"line {entry.line}: {message} (at {base}{path})")
        if len(entries) > room:
            self.add("xsd", part, f"{len(entries) - room} more schema errors not shown")

    # -- embedded packages -------------------------------------------------------------
    def check_embedded_packages(self) -> None:
        """Check embedded OOXML packages (chart workbooks) like the deck itself."""
        for part, data in self.parts.items():
            content_type = self.content_types.get(part) or ""
            extension = _extension(part)
            if extension in _PACKAGE_EXTENSIONS or content_type.endswith(
                ("spreadsheetml.sheet", "wordprocessingml.document", "presentationml.presentation")
            ):
                inner = _PackageCheck(self.validator, data, part, outer=part)
                self.findings.extend(inner.run())


def _extension(part: str) -> str:
    """Return the lower-case extension of a part name (``rels`` for ``/_rels/.rels``)."""
    name = part.rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[1].lower() if "." in name else ""


def _int(value: str | None, default: int) -> int:
    """Return ``value`` as an int, or ``default`` when absent or not a number."""
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default
