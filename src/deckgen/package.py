"""Reading the parts of an Office Open XML package (a .pptx or .potx zip) as XML.

Shared by the readers that look at a package's raw XML: the template reader and the
accessibility checker. Parts are parsed without entities or network access, each part is
bounded, and so (where asked) is the sum of the unpacked parts, checked from the zip's
directory before anything is inflated.
"""

from __future__ import annotations

import io
import posixpath
import zipfile

from lxml import etree

REL = "http://schemas.openxmlformats.org/package/2006/relationships"
#: The prefix of the officeDocument relationship types ("slideLayout", "theme"…).
OD = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


class PackageError(Exception):
    """A package that cannot be read; ``kind`` is 'zip' (not a zip archive) or 'unpacked'
    (its parts unpack to more than the bound). The message says why in a few words."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


class Package:
    """The parts of one package, parsed on first use and cached."""

    def __init__(self, data: bytes, *, max_part: int, max_unpacked: int | None = None) -> None:
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, ValueError) as exc:
            raise PackageError("zip", f"not a zip archive ({exc})") from None
        infos = self.zip.infolist()
        self.names = {i.filename for i in infos}
        if max_unpacked is not None and sum(i.file_size for i in infos) > max_unpacked:
            raise PackageError("unpacked", f"unpacks to more than {max_unpacked // 2**20} MB")
        self.max_part = max_part
        self._xml: dict[str, etree._Element | None] = {}

    def xml(self, name: str) -> etree._Element | None:
        """Return the parsed part ``name`` (no leading slash), or None when it is absent,
        larger than the part bound, or not well-formed XML."""
        if name not in self._xml:
            root = None
            if name in self.names and self.zip.getinfo(name).file_size <= self.max_part:
                try:
                    root = etree.fromstring(self.zip.read(name), _parser())
                except (etree.XMLSyntaxError, zipfile.BadZipFile, ValueError, OSError):
                    root = None
            self._xml[name] = root
        return self._xml[name]

    def rels(self, part: str) -> dict[str, tuple[str, str]]:
        """Return the internal relationships of ``part`` ("" for the package's own), in
        document order: rId → (relationship type, target part name)."""
        folder, base = posixpath.split(part)
        root = self.xml(posixpath.join(folder, "_rels", base + ".rels"))
        out: dict[str, tuple[str, str]] = {}
        if root is None:
            return out
        for rel in root.iterfind(f"{{{REL}}}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = posixpath.normpath(posixpath.join(folder, rel.get("Target", "")))
            out[rel.get("Id", "")] = (rel.get("Type", ""), target.lstrip("/"))
        return out

    def related(self, part: str, kind: str) -> str | None:
        """Return the part ``part`` relates to by the officeDocument relationship ``kind``
        ("slideLayout", "theme"…), or None."""
        return next((t for k, t in self.rels(part).values() if k == OD + kind), None)
