"""Lucide outline icons as pure-data vector paths.

This module reads the SVGs shipped by the ``lucide`` package (``lucide/lucide.zip``) and
turns every drawable element into an :class:`IconPath`: a list of absolute ``M``/``L``/``C``/``Z``
segments in integer *icon units* (viewBox units times :data:`SCALE`). A backend writes each
path as one DrawingML ``<a:path>`` inside ``<a:custGeom>`` (``moveTo``/``lnTo``/``cubicBezTo``/
``close``), with the icon's ``width`` x ``height`` as the path coordinate space. Nothing here
knows about python-pptx or XML output.

Conversions, all exact except arcs:

* every relative command is made absolute; ``H``/``V`` become ``L``;
* quadratic Béziers (``Q``/``T``) are degree-elevated to cubics (exact);
* smooth commands (``S``/``T``) get their reflected control point made explicit;
* elliptical arcs (``A``) are converted to centre parameterisation (SVG 1.1 F.6.5, including the
  out-of-range radius correction of F.6.6) and approximated by cubics spanning at most 90°
  each (radial error below 0.03 % of the radius);
* ``circle``/``ellipse`` become four 90° cubics, ``rect`` (with ``rx``/``ry``) four lines plus
  four corner cubics, ``line``/``polyline``/``polygon`` become lines.

Lucide icons are drawn as strokes: the root ``<svg>`` has ``fill="none"``,
``stroke="currentColor"``, ``stroke-width="2"`` and round caps and joins. A handful of small
details (dots in ``chart-scatter``, ``palette``, ``tag``, ``podcast`` ...) carry
``fill="currentColor"``; those paths have ``filled=True`` (and are still stroked, as in SVG).
"""

from __future__ import annotations

import io
import math
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import msgspec

if TYPE_CHECKING:
    from xml.etree import ElementTree

__all__ = [
    "SCALE",
    "Icon",
    "IconFormatError",
    "IconPath",
    "IconSet",
    "PathCommand",
    "UnknownIconError",
    "arc_to_cubics",
    "parse_path",
    "parse_svg",
]

SCALE = 1000
"""Icon units per SVG viewBox unit. 1/1000 of a 24-unit icon is invisible at any slide size."""

KAPPA = 4.0 / 3.0 * (math.sqrt(2.0) - 1.0)
"""Control-point distance (times the radius) of the cubic that approximates a 90° circular arc."""

_SVG_NS = "{http://www.w3.org/2000/svg}"
_DEFAULT_STROKE_WIDTH = 1.0  # SVG initial value, used only if the root does not set one
_IGNORED_ELEMENTS = frozenset({"title", "desc", "metadata"})

Point = tuple[int, int]
_FPoint = tuple[float, float]


# --------------------------------------------------------------------------------------------
# Data model
# --------------------------------------------------------------------------------------------


class PathCommand(msgspec.Struct, frozen=True):
    """One absolute path segment in icon units.

    ``M`` and ``L`` carry one point, ``C`` three (control 1, control 2, end point), ``Z`` none.
    """

    op: Literal["M", "L", "C", "Z"]
    points: tuple[Point, ...]


class IconPath(msgspec.Struct, frozen=True):
    """One SVG element as a DrawingML-ready path.

    ``filled`` is True only for elements that set a fill (Lucide's ``fill="currentColor"`` dots);
    outline paths are never filled. ``stroked`` is True when the element is drawn with the
    icon's stroke (every Lucide element, the filled dots included).
    """

    commands: tuple[PathCommand, ...]
    filled: bool
    stroked: bool

    def points(self) -> Iterator[Point]:
        """Return an iterator over every point of every command, control points included."""
        for command in self.commands:
            yield from command.points

    def bbox(self) -> tuple[int, int, int, int]:
        """Return ``(x_min, y_min, x_max, y_max)`` of this path's outline (see :meth:`Icon.bbox`).

        Raises ``ValueError`` for a path without points.
        """
        box = _outline_box(self.commands)
        if box is None:
            raise ValueError("path has no points")
        return box


class Icon(msgspec.Struct, frozen=True):
    """A parsed icon: paths in a ``width`` x ``height`` coordinate space of icon units.

    ``stroke_width`` stays in viewBox units (Lucide: 2.0 of 24); the backend scales it with the
    size the icon is drawn at (e.g. ``stroke_width / 24 * drawn_width``).
    """

    name: str
    width: int
    height: int
    stroke_width: float
    paths: tuple[IconPath, ...]

    def bbox(self) -> tuple[int, int, int, int]:
        """Return ``(x_min, y_min, x_max, y_max)``: the tight box of the drawn geometry.

        The box covers the path outlines themselves: line end points plus the true extrema of
        every cubic (control points that stick out of a curve do not count), rounded to whole
        icon units. Stroke width is not included; pad by ``stroke_width * SCALE / 2`` for the
        inked box. Raises ``ValueError`` for an icon without points.
        """
        boxes = [box for path in self.paths if (box := _outline_box(path.commands)) is not None]
        if not boxes:
            raise ValueError(f"icon {self.name!r} has no points")
        return (
            min(box[0] for box in boxes),
            min(box[1] for box in boxes),
            max(box[2] for box in boxes),
            max(box[3] for box in boxes),
        )


class UnknownIconError(LookupError):
    """Raised for an icon name that is not in the set.

    ``name`` is the requested name, ``suggestions`` up to five closest existing names, best first.
    """

    def __init__(self, name: str, suggestions: list[str]) -> None:
        self.name = name
        self.suggestions = suggestions
        hint = f"; did you mean {', '.join(repr(s) for s in suggestions)}?" if suggestions else ""
        super().__init__(f"unknown icon {name!r}{hint}")

    def __reduce__(self) -> tuple[type[UnknownIconError], tuple[str, list[str]]]:
        """Return pickling info (the constructor takes two arguments)."""
        return (type(self), (self.name, self.suggestions))


class IconFormatError(ValueError):
    """Raised when an SVG uses something this converter does not support or cannot parse."""


# --------------------------------------------------------------------------------------------
# Icon set
# --------------------------------------------------------------------------------------------


class IconSet:
    """The Lucide icons shipped by the installed ``lucide`` package.

    Icons come from ``deckgen/data/lucide-icons.txt`` (:func:`icon_data`: every icon of
    ``lucide.zip`` already converted) when that file was made from the installed
    ``lucide.zip``, which is checked on first use by the zip's central directory
    (:func:`zip_fingerprint`). Otherwise the zip itself is read and its SVGs parsed, as
    the shipped file was made. Both give the same :class:`Icon` objects; the shipped file
    spares a build the zip's directory of ~1,700 members (~13 ms) and the SVG parsing.

    The data is read on first use and parsed icons are cached per instance; there is no
    module-level state, so callers create one instance and pass it around.

    Lucide's tags and aliases (``icons/*.json`` in the Lucide repository) are not part of the
    ``lucide`` PyPI package, which ships only the SVG files, so :meth:`search` matches names only.
    """

    def __init__(self, shipped: bool = True) -> None:
        """``shipped=False`` reads ``lucide.zip`` even when the shipped data matches it."""
        self._archive: zipfile.ZipFile | None = None
        # icon name -> zip member name, or -> its line of shipped data when _shipped
        self._members: dict[str, str] | None = None
        self._use_shipped = shipped
        self._shipped = False
        self._cache: dict[str, Icon] = {}

    def _index(self) -> dict[str, str]:
        """Return the icon-name map, reading the shipped data or the zip on first call."""
        if self._members is None:
            zip_path = lucide_zip() if self._use_shipped else None
            shipped = shipped_icons(zip_path) if zip_path is not None else None
            if shipped is not None:
                self._members, self._shipped = shipped, True
            else:
                data = resources.files("lucide").joinpath("lucide.zip").read_bytes()
                self._archive = zipfile.ZipFile(io.BytesIO(data))
                self._members = _svg_members(self._archive)
        return self._members

    def names(self) -> list[str]:
        """Return all icon names (file stems such as ``"arrow-right"``), sorted."""
        return sorted(self._index())

    def __contains__(self, name: object) -> bool:
        """Return whether ``name`` is an icon in the set."""
        return isinstance(name, str) and name in self._index()

    def __len__(self) -> int:
        """Return the number of icons."""
        return len(self._index())

    def search(self, word: str) -> list[str]:
        """Return the sorted names that contain ``word`` (case-insensitive)."""
        needle = word.strip().lower()
        if not needle:
            return []
        return sorted(name for name in self._index() if needle in name)

    def suggest(self, name: str) -> list[str]:
        """Return up to five existing names closest to ``name`` (difflib ratio), best first."""
        import difflib  # only a misspelt name needs it

        return difflib.get_close_matches(name.strip().lower(), self._index(), n=5, cutoff=0.6)

    def get(self, name: str) -> Icon:
        """Return the parsed icon ``name``; raises :class:`UnknownIconError` if it is unknown."""
        icon = self._cache.get(name)
        if icon is not None:
            return icon
        members = self._index()
        member = members.get(name) if isinstance(name, str) else None
        if member is None:
            raise UnknownIconError(name, self.suggest(name) if isinstance(name, str) else [])
        if self._shipped:
            icon = decode_icon(name, member)
        else:
            assert self._archive is not None
            icon = parse_svg(name, self._archive.read(member))
        self._cache[name] = icon
        return icon

    def version(self) -> str:
        """Return the installed ``lucide`` package version (e.g. ``"1.1.4"``)."""
        from importlib import metadata  # ~10 ms to import; only `deckgen icons` asks

        return metadata.version("lucide")


# --------------------------------------------------------------------------------------------
# Shipped icon data
# --------------------------------------------------------------------------------------------
#
# deckgen/data/lucide-icons.txt holds every icon of lucide.zip as parsed by parse_svg, made by
# tools/gen_icon_data.py (and checked against the zip by the tests). Its first line is
# "#lucide<TAB>VERSION<TAB>FINGERPRINT", then one line per icon, sorted by name:
#
#     NAME<TAB>WIDTH HEIGHT STROKE_WIDTH<TAB>PATH;PATH;...
#
# where a PATH is its flags ("f" filled, "s" stroked, in that order), a space, then its
# commands, each an op letter and its points' integer coordinates joined by commas:
# "s M5000,12000L19000,12000", "fs M1000,1000C1000,2000,2000,3000,3000,3000Z".

ICON_DATA = "lucide-icons.txt"
"""File name of the shipped icon data in ``deckgen/data``."""

_COMMAND_RE = re.compile(r"([MLCZ])([-0-9,]*)")


def zip_fingerprint(path: Path) -> str | None:
    """Return an identity of the zip at ``path``: its entry count, central directory size
    and the CRC-32 of that directory (which holds every member's name, size and CRC-32),
    e.g. ``"1745:151012:1a2b3c4d"``. Returns None for a zip with an archive comment or
    that cannot be read, which then never matches shipped data.

    Reads only the end of the file: ~0.1 ms, where listing the members takes ~13 ms.
    """
    try:
        with path.open("rb") as fh:
            size = fh.seek(0, 2)
            if size < 22:
                return None
            fh.seek(size - 22)
            end = fh.read(22)
            # end of central directory record (APPNOTE 4.3.16), no archive comment
            if end[:4] != b"PK\x05\x06" or end[20:22] != b"\x00\x00":
                return None
            count = int.from_bytes(end[10:12], "little")
            cd_size = int.from_bytes(end[12:16], "little")
            cd_offset = int.from_bytes(end[16:20], "little")
            if cd_offset + cd_size > size - 22:
                return None
            fh.seek(cd_offset)
            directory = fh.read(cd_size)
    except OSError:
        return None
    return f"{count}:{cd_size}:{zlib.crc32(directory):08x}"


def lucide_zip() -> Path | None:
    """Return the path of the installed ``lucide.zip``, or None when it is not a plain file
    (a zipped install), without importing the ``lucide`` package (its import parses
    nothing deckgen needs but brings in ElementTree)."""
    from importlib.util import find_spec

    spec = find_spec("lucide")
    for folder in (spec.submodule_search_locations or []) if spec is not None else []:
        path = Path(folder) / "lucide.zip"
        if path.is_file():
            return path
    return None


def shipped_icons(zip_path: Path, data: str | None = None) -> dict[str, str] | None:
    """Return the shipped icon data as a map from icon name to its encoded line (for
    :func:`decode_icon`), or None when it was not made from the zip at ``zip_path``.

    ``data`` is the text of the data file (by default ``deckgen/data/lucide-icons.txt``).
    """
    if data is None:
        try:
            data = (Path(__file__).parent / "data" / ICON_DATA).read_text(encoding="utf-8")
        except OSError:
            return None
    header, _, body = data.partition("\n")
    fields = header.split("\t")
    if len(fields) != 3 or fields[0] != "#lucide" or fields[2] != zip_fingerprint(zip_path):
        return None
    return dict(line.split("\t", 1) for line in body.splitlines())


def _svg_members(archive: zipfile.ZipFile) -> dict[str, str]:
    """Return the map from icon name (file stem) to member name of a Lucide zip's SVGs."""
    return {
        member.rsplit("/", 1)[-1][: -len(".svg")]: member
        for member in archive.namelist()
        if member.endswith(".svg")
    }


def icon_data_from_zip(zip_path: Path, version: str) -> str:
    """Return the text of the shipped data file made from the Lucide zip at ``zip_path``
    (lucide ``version``): every SVG parsed by :func:`parse_svg`, sorted by name."""
    fingerprint = zip_fingerprint(zip_path)
    if fingerprint is None:
        raise ValueError(f"{zip_path}: not a zip without an archive comment")
    with zipfile.ZipFile(zip_path) as archive:
        members = _svg_members(archive)
        icons = [parse_svg(name, archive.read(members[name])) for name in sorted(members)]
    return icon_data(icons, version, fingerprint)


def icon_data(icons: Iterable[Icon], version: str, fingerprint: str) -> str:
    """Return the text of the shipped data file for ``icons`` (in the order given), made
    from lucide ``version``'s zip with the given :func:`zip_fingerprint`."""
    lines = [f"#lucide\t{version}\t{fingerprint}"]
    for icon in icons:
        paths = ";".join(
            ("f" if path.filled else "")
            + ("s" if path.stroked else "")
            + " "
            + "".join(
                command.op + ",".join(f"{x},{y}" for x, y in command.points)
                for command in path.commands
            )
            for path in icon.paths
        )
        lines.append(f"{icon.name}\t{icon.width} {icon.height} {icon.stroke_width!r}\t{paths}")
    return "\n".join(lines) + "\n"


def decode_icon(name: str, line: str) -> Icon:
    """Return the :class:`Icon` ``name`` from its line of shipped data (without the name)."""
    size, _, encoded = line.partition("\t")
    width, height, stroke_width = size.split(" ")
    paths: list[IconPath] = []
    for text in encoded.split(";") if encoded else ():
        flags, _, commands = text.partition(" ")
        parsed: list[PathCommand] = []
        for op, numbers in _COMMAND_RE.findall(commands):
            values = [int(v) for v in numbers.split(",")] if numbers else []
            points = tuple(zip(values[::2], values[1::2], strict=True))
            parsed.append(PathCommand(op, points))  # type: ignore[arg-type]
        paths.append(IconPath(tuple(parsed), filled="f" in flags, stroked="s" in flags))
    return Icon(
        name=name,
        width=int(width),
        height=int(height),
        stroke_width=float(stroke_width),
        paths=tuple(paths),
    )


# --------------------------------------------------------------------------------------------
# SVG document
# --------------------------------------------------------------------------------------------


def parse_svg(name: str, svg: bytes | str) -> Icon:
    """Return the :class:`Icon` for one SVG document.

    Uses the root ``viewBox`` (or ``width``/``height``) for the coordinate space, which must start
    at 0 0. Presentation attributes ``fill``, ``stroke`` and ``stroke-width`` are inherited from the
    root and ``<g>`` groups and honoured per element. Elements with neither fill nor stroke are
    skipped, as are degenerate ones (zero radius, zero-size rect). Raises
    :class:`IconFormatError` for ``transform`` attributes, ``style`` attributes, per-element stroke
    widths that differ from the root's, unknown elements or malformed numbers.
    """
    from xml.etree import ElementTree  # only SVGs not in the shipped data need it

    try:
        root = ElementTree.fromstring(svg)
    except ElementTree.ParseError as exc:
        raise IconFormatError(f"{name}: not well-formed XML: {exc}") from exc
    if _local(root.tag) != "svg":
        raise IconFormatError(f"{name}: root element is <{_local(root.tag)}>, not <svg>")

    min_x, min_y, vb_width, vb_height = _view_box(name, root)
    if min_x or min_y:
        raise IconFormatError(f"{name}: viewBox must start at 0 0")
    stroke_width = _number(name, root.get("stroke-width"), _DEFAULT_STROKE_WIDTH)

    paths: list[IconPath] = []
    style = {"fill": "black", "stroke": "none", "stroke-width": str(stroke_width)}
    _walk(name, root, style, stroke_width, paths)
    width, height = round(vb_width * SCALE), round(vb_height * SCALE)
    return Icon(
        name=name,
        width=width,
        height=height,
        stroke_width=stroke_width,
        paths=tuple(_visible(paths, width, height, stroke_width)),
    )


def _visible(
    paths: list[IconPath], width: int, height: int, stroke_width: float
) -> Iterator[IconPath]:
    """Return the paths whose inked area can touch the viewBox.

    SVG clips to the viewBox; DrawingML does not. A path lying wholly outside the viewBox (even
    counting half the stroke width) is invisible in the SVG but would be drawn on the slide, so it
    is dropped. Lucide 1.1.4's ``save-off`` has one (``M29.5 11.5s5 5 4 5``).
    """
    pad = stroke_width * SCALE / 2.0
    for path in paths:
        box = _outline_box(path.commands)
        if box is None:
            continue
        x0, y0, x1, y1 = box
        if x1 + pad <= 0 or y1 + pad <= 0 or x0 - pad >= width or y0 - pad >= height:
            continue
        yield path


def _walk(
    name: str,
    element: ElementTree.Element,
    inherited: Mapping[str, str],
    stroke_width: float,
    out: list[IconPath],
) -> None:
    """Append the paths of ``element`` and its descendants to ``out``; returns nothing."""
    if "transform" in element.attrib:
        raise IconFormatError(f"{name}: transform attributes are not supported")
    if "style" in element.attrib:
        raise IconFormatError(f"{name}: style attributes are not supported")
    style = dict(inherited)
    for key in ("fill", "stroke", "stroke-width"):
        if key in element.attrib:
            style[key] = element.attrib[key].strip()

    tag = _local(element.tag)
    if tag in ("svg", "g"):
        for child in element:
            _walk(name, child, style, stroke_width, out)
        return
    if tag in _IGNORED_ELEMENTS:
        return
    builder = _ELEMENT_BUILDERS.get(tag)
    if builder is None:
        raise IconFormatError(f"{name}: unsupported element <{tag}>")

    filled = style["fill"] != "none"
    stroked = style["stroke"] != "none"
    if stroked and _number(name, style["stroke-width"], stroke_width) != stroke_width:
        raise IconFormatError(f"{name}: per-element stroke-width is not supported")
    if not (filled or stroked):
        return
    commands = builder(name, element.attrib)
    if len(commands) >= 2:
        out.append(IconPath(commands=commands, filled=filled, stroked=stroked))


def _local(tag: str) -> str:
    """Return ``tag`` without its XML namespace."""
    return tag[len(_SVG_NS) :] if tag.startswith(_SVG_NS) else tag.rsplit("}", 1)[-1]


def _view_box(name: str, root: ElementTree.Element) -> tuple[float, float, float, float]:
    """Return the root's ``(min_x, min_y, width, height)`` from ``viewBox`` or width/height."""
    raw = root.get("viewBox")
    if raw is not None:
        numbers = [float(n) for n in _NUMBER_RE.findall(raw)]
        if len(numbers) != 4 or numbers[2] <= 0 or numbers[3] <= 0:
            raise IconFormatError(f"{name}: bad viewBox {raw!r}")
        return numbers[0], numbers[1], numbers[2], numbers[3]
    width = _number(name, root.get("width"), 0.0)
    height = _number(name, root.get("height"), 0.0)
    if width <= 0 or height <= 0:
        raise IconFormatError(f"{name}: no viewBox and no usable width/height")
    return 0.0, 0.0, width, height


def _number(name: str, raw: str | None, default: float) -> float:
    """Return ``raw`` as a float (a trailing ``px`` allowed), or ``default`` when it is None."""
    if raw is None:
        return default
    text = raw.strip().removesuffix("px")
    if _NUMBER_RE.fullmatch(text) is None:
        raise IconFormatError(f"{name}: bad number {raw!r}")
    return float(text)


# --------------------------------------------------------------------------------------------
# Basic shapes
# --------------------------------------------------------------------------------------------


def _pt(x: float, y: float) -> Point:
    """Return the viewBox point ``(x, y)`` in integer icon units."""
    return (round(x * SCALE), round(y * SCALE))


def _ellipse_commands(cx: float, cy: float, rx: float, ry: float) -> tuple[PathCommand, ...]:
    """Return a closed ellipse as four 90° cubics, clockwise on screen from ``(cx + rx, cy)``."""
    kx, ky = KAPPA * rx, KAPPA * ry
    return (
        PathCommand("M", (_pt(cx + rx, cy),)),
        PathCommand("C", (_pt(cx + rx, cy + ky), _pt(cx + kx, cy + ry), _pt(cx, cy + ry))),
        PathCommand("C", (_pt(cx - kx, cy + ry), _pt(cx - rx, cy + ky), _pt(cx - rx, cy))),
        PathCommand("C", (_pt(cx - rx, cy - ky), _pt(cx - kx, cy - ry), _pt(cx, cy - ry))),
        PathCommand("C", (_pt(cx + kx, cy - ry), _pt(cx + rx, cy - ky), _pt(cx + rx, cy))),
        PathCommand("Z", ()),
    )


def _circle(name: str, attrs: Mapping[str, str]) -> tuple[PathCommand, ...]:
    """Return the commands of a ``<circle>`` (empty for r <= 0)."""
    r = _number(name, attrs.get("r"), 0.0)
    if r <= 0:
        return ()
    return _ellipse_commands(
        _number(name, attrs.get("cx"), 0.0), _number(name, attrs.get("cy"), 0.0), r, r
    )


def _ellipse(name: str, attrs: Mapping[str, str]) -> tuple[PathCommand, ...]:
    """Return the commands of an ``<ellipse>`` (``rx``/``ry`` default to each other; empty if 0)."""
    rx_raw, ry_raw = attrs.get("rx"), attrs.get("ry")
    rx = _number(name, rx_raw if rx_raw not in (None, "auto") else ry_raw, 0.0)
    ry = _number(name, ry_raw if ry_raw not in (None, "auto") else rx_raw, 0.0)
    if rx <= 0 or ry <= 0:
        return ()
    cx, cy = _number(name, attrs.get("cx"), 0.0), _number(name, attrs.get("cy"), 0.0)
    return _ellipse_commands(cx, cy, rx, ry)


def _rect(name: str, attrs: Mapping[str, str]) -> tuple[PathCommand, ...]:
    """Return the commands of a ``<rect>``, clockwise from the end of the top-left corner.

    ``rx``/``ry`` follow SVG: a missing one takes the other's value, negative ones are ignored, and
    both are clamped to half the width and height. Empty for a zero-size rectangle.
    """
    x, y = _number(name, attrs.get("x"), 0.0), _number(name, attrs.get("y"), 0.0)
    w, h = _number(name, attrs.get("width"), 0.0), _number(name, attrs.get("height"), 0.0)
    if w <= 0 or h <= 0:
        return ()
    rx_raw, ry_raw = attrs.get("rx"), attrs.get("ry")
    rx = _number(name, rx_raw, -1.0) if rx_raw not in (None, "auto") else -1.0
    ry = _number(name, ry_raw, -1.0) if ry_raw not in (None, "auto") else -1.0
    if rx < 0 and ry < 0:
        rx = ry = 0.0
    elif rx < 0:
        rx = ry
    elif ry < 0:
        ry = rx
    rx, ry = min(rx, w / 2), min(ry, h / 2)
    right, bottom = x + w, y + h
    if rx == 0 or ry == 0:
        return (
            PathCommand("M", (_pt(x, y),)),
            PathCommand("L", (_pt(right, y),)),
            PathCommand("L", (_pt(right, bottom),)),
            PathCommand("L", (_pt(x, bottom),)),
            PathCommand("Z", ()),
        )
    kx, ky = KAPPA * rx, KAPPA * ry
    return (
        PathCommand("M", (_pt(x + rx, y),)),
        PathCommand("L", (_pt(right - rx, y),)),
        PathCommand("C", (_pt(right - rx + kx, y), _pt(right, y + ry - ky), _pt(right, y + ry))),
        PathCommand("L", (_pt(right, bottom - ry),)),
        PathCommand(
            "C",
            (_pt(right, bottom - ry + ky), _pt(right - rx + kx, bottom), _pt(right - rx, bottom)),
        ),
        PathCommand("L", (_pt(x + rx, bottom),)),
        PathCommand("C", (_pt(x + rx - kx, bottom), _pt(x, bottom - ry + ky), _pt(x, bottom - ry))),
        PathCommand("L", (_pt(x, y + ry),)),
        PathCommand("C", (_pt(x, y + ry - ky), _pt(x + rx - kx, y), _pt(x + rx, y))),
        PathCommand("Z", ()),
    )


def _line(name: str, attrs: Mapping[str, str]) -> tuple[PathCommand, ...]:
    """Return the commands of a ``<line>``: a move and one line."""
    return (
        PathCommand(
            "M", (_pt(_number(name, attrs.get("x1"), 0.0), _number(name, attrs.get("y1"), 0.0)),)
        ),
        PathCommand(
            "L", (_pt(_number(name, attrs.get("x2"), 0.0), _number(name, attrs.get("y2"), 0.0)),)
        ),
    )


def _poly(name: str, attrs: Mapping[str, str], close: bool) -> tuple[PathCommand, ...]:
    """Return the commands of a ``<polyline>`` (``close=False``) or ``<polygon>``."""
    raw = attrs.get("points", "")
    numbers = [float(n) for n in _NUMBER_RE.findall(raw)]
    if len(numbers) % 2:  # SVG: an odd coordinate count renders up to the last full pair
        numbers.pop()
    if len(numbers) < 4:
        return ()
    points = [_pt(numbers[i], numbers[i + 1]) for i in range(0, len(numbers), 2)]
    commands = [PathCommand("M", (points[0],))]
    commands.extend(PathCommand("L", (point,)) for point in points[1:])
    if close:
        commands.append(PathCommand("Z", ()))
    return tuple(commands)


def _path(name: str, attrs: Mapping[str, str]) -> tuple[PathCommand, ...]:
    """Return the commands of a ``<path>``'s ``d`` attribute."""
    try:
        return parse_path(attrs.get("d", ""))
    except IconFormatError as exc:
        raise IconFormatError(f"{name}: {exc}") from exc


_ELEMENT_BUILDERS: dict[str, Callable[[str, Mapping[str, str]], tuple[PathCommand, ...]]] = {
    "path": _path,
    "circle": _circle,
    "ellipse": _ellipse,
    "rect": _rect,
    "line": _line,
    "polyline": lambda name, attrs: _poly(name, attrs, close=False),
    "polygon": lambda name, attrs: _poly(name, attrs, close=True),
}


# --------------------------------------------------------------------------------------------
# Path data
# --------------------------------------------------------------------------------------------

_NUMBER_PATTERN = r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?"
_NUMBER_RE = re.compile(_NUMBER_PATTERN)
_FLAG_RE = re.compile(r"[01]")
_SEPARATORS = " \t\r\n\f,"
_ARG_COUNTS = {"M": 2, "L": 2, "H": 1, "V": 1, "C": 6, "S": 4, "Q": 4, "T": 2, "A": 7, "Z": 0}


def _tokenize(d: str) -> Iterator[tuple[str, list[float]]]:
    """Yield ``(command letter, arguments)`` for path data ``d``, one per argument group.

    Implements the SVG path grammar: implicit repetition of the previous command (``M``/``m``
    repeats as ``L``/``l``), numbers without separators (``1.5.5`` is 1.5 then 0.5, ``-.5e-3``)
    and arc flags written without separators (``a1 1 0 011 1``). Raises :class:`IconFormatError`.
    """
    pos, end = 0, len(d)
    command: str | None = None
    seen_move = False

    def skip(pos: int) -> int:
        while pos < end and d[pos] in _SEPARATORS:
            pos += 1
        return pos

    pos = skip(pos)
    while pos < end:
        char = d[pos]
        if char.isalpha():
            if char.upper() not in _ARG_COUNTS:
                raise IconFormatError(f"unknown path command {char!r} at {pos} in {d!r}")
            if not seen_move and char not in "Mm":
                raise IconFormatError(f"path data must start with a move (M or m): {d!r}")
            seen_move = True
            command = char
            pos += 1
            if command in "Zz":
                yield command, []
                pos = skip(pos)
                continue
        elif command is None:
            raise IconFormatError(f"path data must start with a command: {d!r}")
        elif command in "Zz":
            raise IconFormatError(f"numbers after close path at {pos} in {d!r}")
        upper = command.upper()
        args: list[float] = []
        for index in range(_ARG_COUNTS[upper]):
            pos = skip(pos)
            pattern = _FLAG_RE if upper == "A" and index in (3, 4) else _NUMBER_RE
            match = pattern.match(d, pos)
            if match is None:
                raise IconFormatError(f"expected a number at {pos} in {d!r}")
            args.append(float(match.group()))
            pos = match.end()
        yield command, args
        if command == "M":
            command = "L"
        elif command == "m":
            command = "l"
        pos = skip(pos)


class _PathBuilder:
    """Accumulates absolute float geometry and emits integer :class:`PathCommand` objects."""

    def __init__(self) -> None:
        self.commands: list[PathCommand] = []
        self.x = self.y = 0.0
        self.start_x = self.start_y = 0.0
        self.open = False  # a subpath has been started with M and not closed
        self.closed = False  # the last command was Z (next drawing command needs an implicit M)
        self.last_cubic_ctrl: _FPoint | None = None  # for S reflection
        self.last_quad_ctrl: _FPoint | None = None  # for T reflection

    def _ensure_subpath(self) -> None:
        """Emit a move to the current point if a drawing command follows Z or starts the path."""
        if not self.open:
            self.commands.append(PathCommand("M", (_pt(self.x, self.y),)))
            self.start_x, self.start_y = self.x, self.y
            self.open = True

    def move(self, x: float, y: float) -> None:
        """Start a subpath at ``(x, y)``; consecutive moves collapse into the last one."""
        if self.commands and self.commands[-1].op == "M":
            self.commands.pop()
        self.commands.append(PathCommand("M", (_pt(x, y),)))
        self.x, self.y = self.start_x, self.start_y = x, y
        self.open = True
        self.last_cubic_ctrl = self.last_quad_ctrl = None

    def line(self, x: float, y: float) -> None:
        """Add a straight segment to ``(x, y)``."""
        self._ensure_subpath()
        self.commands.append(PathCommand("L", (_pt(x, y),)))
        self.x, self.y = x, y
        self.last_cubic_ctrl = self.last_quad_ctrl = None

    def cubic(self, x1: float, y1: float, x2: float, y2: float, x: float, y: float) -> None:
        """Add a cubic Bézier with controls ``(x1, y1)``, ``(x2, y2)`` ending at ``(x, y)``."""
        self._ensure_subpath()
        self.commands.append(PathCommand("C", (_pt(x1, y1), _pt(x2, y2), _pt(x, y))))
        self.x, self.y = x, y
        self.last_cubic_ctrl = (x2, y2)
        self.last_quad_ctrl = None

    def quadratic(self, qx: float, qy: float, x: float, y: float) -> None:
        """Add a quadratic Bézier with control ``(qx, qy)`` as the equivalent (exact) cubic."""
        x0, y0 = self.x, self.y
        self.cubic(
            x0 + 2.0 / 3.0 * (qx - x0),
            y0 + 2.0 / 3.0 * (qy - y0),
            x + 2.0 / 3.0 * (qx - x),
            y + 2.0 / 3.0 * (qy - y),
            x,
            y,
        )
        self.last_cubic_ctrl = None
        self.last_quad_ctrl = (qx, qy)

    def arc(
        self,
        rx: float,
        ry: float,
        angle: float,
        large_arc: bool,
        sweep: bool,
        x: float,
        y: float,
    ) -> None:
        """Add an SVG elliptical arc to ``(x, y)`` as cubics of at most 90° each."""
        x0, y0 = self.x, self.y
        if x0 == x and y0 == y:  # F.6.2: identical end points omit the arc
            self._ensure_subpath()
            self.last_cubic_ctrl = self.last_quad_ctrl = None
            return
        segments = arc_to_cubics(x0, y0, rx, ry, angle, large_arc, sweep, x, y)
        if segments is None:  # F.6.2: a zero radius makes it a straight line
            self.line(x, y)
            return
        for c1, c2, p in segments:
            self.cubic(c1[0], c1[1], c2[0], c2[1], p[0], p[1])
        self.last_cubic_ctrl = None

    def close(self) -> None:
        """Close the current subpath; the current point returns to its start."""
        if self.open:
            self.commands.append(PathCommand("Z", ()))
        self.x, self.y = self.start_x, self.start_y
        self.open = False
        self.last_cubic_ctrl = self.last_quad_ctrl = None

    def result(self) -> tuple[PathCommand, ...]:
        """Return the commands, dropping a trailing lone move (it draws nothing)."""
        commands = self.commands
        while commands and commands[-1].op == "M":
            commands = commands[:-1]
        return tuple(commands)


def parse_path(d: str) -> tuple[PathCommand, ...]:
    """Return SVG path data ``d`` as absolute ``M``/``L``/``C``/``Z`` commands in icon units.

    Supports the whole SVG 1.1 path grammar (``M m L l H h V v C c S s Q q T t A a Z z``).
    Raises :class:`IconFormatError` for malformed data.
    """
    b = _PathBuilder()
    for command, a in _tokenize(d):
        relative = command.islower()
        ox, oy = (b.x, b.y) if relative else (0.0, 0.0)
        op = command.upper()
        if op == "M":
            b.move(ox + a[0], oy + a[1])
        elif op == "L":
            b.line(ox + a[0], oy + a[1])
        elif op == "H":
            b.line(ox + a[0], b.y)
        elif op == "V":
            b.line(b.x, oy + a[0])
        elif op == "C":
            b.cubic(ox + a[0], oy + a[1], ox + a[2], oy + a[3], ox + a[4], oy + a[5])
        elif op == "S":
            cx, cy = _reflect(b.last_cubic_ctrl, b.x, b.y)
            b.cubic(cx, cy, ox + a[0], oy + a[1], ox + a[2], oy + a[3])
        elif op == "Q":
            b.quadratic(ox + a[0], oy + a[1], ox + a[2], oy + a[3])
        elif op == "T":
            qx, qy = _reflect(b.last_quad_ctrl, b.x, b.y)
            b.quadratic(qx, qy, ox + a[0], oy + a[1])
        elif op == "A":
            b.arc(a[0], a[1], a[2], a[3] != 0, a[4] != 0, ox + a[5], oy + a[6])
        else:  # Z
            b.close()
    return b.result()


def _reflect(control: _FPoint | None, x: float, y: float) -> _FPoint:
    """Return ``control`` mirrored about ``(x, y)``, or ``(x, y)`` itself when there is none."""
    if control is None:
        return (x, y)
    return (2.0 * x - control[0], 2.0 * y - control[1])


def arc_to_cubics(
    x1: float,
    y1: float,
    rx: float,
    ry: float,
    angle: float,
    large_arc: bool,
    sweep: bool,
    x2: float,
    y2: float,
) -> list[tuple[_FPoint, _FPoint, _FPoint]] | None:
    """Return the cubics ``(control 1, control 2, end)`` approximating an SVG arc, in viewBox units.

    Follows SVG 1.1 appendix F.6: endpoint-to-centre conversion (F.6.5) with radii scaled up when
    they cannot span the end points (F.6.6), then one cubic per at most 90° of sweep with handle
    length ``4/3 tan(Δθ/4)``. Returns ``[]`` when the end points coincide and ``None`` when a
    radius is zero (the caller draws a straight line). The last end point is exactly ``(x2, y2)``.
    """
    if x1 == x2 and y1 == y2:
        return []
    rx, ry = abs(rx), abs(ry)
    if rx == 0 or ry == 0:
        return None
    phi = math.radians(angle % 360.0)
    cos_phi, sin_phi = math.cos(phi), math.sin(phi)

    # F.6.5.1: the midpoint-relative start point in the ellipse's own axes.
    dx, dy = (x1 - x2) / 2.0, (y1 - y2) / 2.0
    x1p = cos_phi * dx + sin_phi * dy
    y1p = -sin_phi * dx + cos_phi * dy

    # F.6.6.2-3: scale radii up if the ellipse is too small to reach both end points.
    lam = (x1p * x1p) / (rx * rx) + (y1p * y1p) / (ry * ry)
    if lam > 1.0:
        s = math.sqrt(lam)
        rx, ry = rx * s, ry * s

    # F.6.5.2: the centre in the ellipse's axes (sign chosen by the flags).
    rx2, ry2 = rx * rx, ry * ry
    numerator = rx2 * ry2 - rx2 * y1p * y1p - ry2 * x1p * x1p
    denominator = rx2 * y1p * y1p + ry2 * x1p * x1p
    coef = math.sqrt(max(0.0, numerator / denominator))
    if large_arc == sweep:
        coef = -coef
    cxp = coef * rx * y1p / ry
    cyp = -coef * ry * x1p / rx

    # F.6.5.3: back to user space.
    cx = cos_phi * cxp - sin_phi * cyp + (x1 + x2) / 2.0
    cy = sin_phi * cxp + cos_phi * cyp + (y1 + y2) / 2.0

    # F.6.5.5-6: start angle and sweep.
    ux, uy = (x1p - cxp) / rx, (y1p - cyp) / ry
    vx, vy = (-x1p - cxp) / rx, (-y1p - cyp) / ry
    theta1 = math.atan2(uy, ux)
    delta = math.atan2(ux * vy - uy * vx, ux * vx + uy * vy)
    if not sweep and delta > 0:
        delta -= 2.0 * math.pi
    elif sweep and delta < 0:
        delta += 2.0 * math.pi

    count = max(1, math.ceil(abs(delta) / (math.pi / 2.0) - 1e-9))
    step = delta / count
    handle = 4.0 / 3.0 * math.tan(step / 4.0)

    def point(t: float) -> _FPoint:
        ct, st = math.cos(t), math.sin(t)
        return (
            cx + rx * ct * cos_phi - ry * st * sin_phi,
            cy + rx * ct * sin_phi + ry * st * cos_phi,
        )

    def tangent(t: float) -> _FPoint:
        ct, st = math.cos(t), math.sin(t)
        return (-rx * st * cos_phi - ry * ct * sin_phi, -rx * st * sin_phi + ry * ct * cos_phi)

    segments: list[tuple[_FPoint, _FPoint, _FPoint]] = []
    start = point(theta1)
    for i in range(count):
        t1 = theta1 + i * step
        t2 = t1 + step
        end = (x2, y2) if i == count - 1 else point(t2)
        d1, d2 = tangent(t1), tangent(t2)
        c1 = (start[0] + handle * d1[0], start[1] + handle * d1[1])
        c2 = (end[0] - handle * d2[0], end[1] - handle * d2[1])
        segments.append((c1, c2, end))
        start = end
    return segments


def _outline_box(commands: tuple[PathCommand, ...]) -> tuple[int, int, int, int] | None:
    """Return the tight ``(x_min, y_min, x_max, y_max)`` of ``commands``, or None if pointless.

    On-curve points and the true extrema of each cubic count, control points do not; values are
    rounded to whole icon units.
    """
    xs: list[float] = []
    ys: list[float] = []
    current: Point | None = None
    for command in commands:
        if not command.points:
            continue
        if command.op == "C" and current is not None:
            (x1, y1), (x2, y2), (x3, y3) = command.points
            xs.extend(_cubic_extrema(current[0], x1, x2, x3))
            ys.extend(_cubic_extrema(current[1], y1, y2, y3))
        current = command.points[-1]
        xs.append(current[0])
        ys.append(current[1])
    if not xs:
        return None
    return (round(min(xs)), round(min(ys)), round(max(xs)), round(max(ys)))


def _cubic_extrema(p0: float, p1: float, p2: float, p3: float) -> list[float]:
    """Return the values of a 1-D cubic Bézier at its interior extrema (zero to two values)."""
    # B'(t)/3 = a t^2 + b t + c
    a = -p0 + 3.0 * p1 - 3.0 * p2 + p3
    b = 2.0 * (p0 - 2.0 * p1 + p2)
    c = p1 - p0
    roots: list[float] = []
    if abs(a) < 1e-12:
        if abs(b) > 1e-12:
            roots.append(-c / b)
    else:
        disc = b * b - 4.0 * a * c
        if disc >= 0:
            sq = math.sqrt(disc)
            roots.extend(((-b + sq) / (2.0 * a), (-b - sq) / (2.0 * a)))
    values: list[float] = []
    for t in roots:
        if 0.0 < t < 1.0:
            mt = 1.0 - t
            values.append(mt**3 * p0 + 3 * mt * mt * t * p1 + 3 * mt * t * t * p2 + t**3 * p3)
    return values
