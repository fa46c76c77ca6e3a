"""Stage 1: YAML text → plain data and a source map.

The loader composes the YAML node graph with PyYAML's *safe* loader (no Python tags)
and builds plain ``dict``/``list``/scalar data itself, so that it can

* record where every key and value came from (``SourceMap``),
* report duplicate keys, which PyYAML silently accepts,
* bound the work an alias bomb or a deeply nested document can cause.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import msgspec
import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from deckgen.confine import Reader, Refused
from deckgen.diagnostics import Diagnostic, Severity, Span, YamlPath

#: Upper bound on values built from one document; aliases count every time they expand.
MAX_NODES = 200_000
#: Upper bound on nesting depth of mappings and sequences.
MAX_DEPTH = 64
#: Upper bound on the size of a deck or theme file.
MAX_BYTES = 8 * 1024 * 1024

_MERGE_TAG = "tag:yaml.org,2002:merge"
#: libyaml's parser when PyYAML was built with it (about 10x faster); same safe constructor.
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: Characters XML 1.0 forbids (C0 controls other than tab/LF/CR, U+FFFE/U+FFFF, surrogates).
_UNSAFE = UNSAFE_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_PLAIN_TAGS = frozenset({"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"})


class SourceMap(msgspec.Struct):
    """Positions of the values and keys of one YAML document, by YAML path."""

    file: str
    values: dict[YamlPath, Span] = msgspec.field(default_factory=dict)
    keys: dict[YamlPath, Span] = msgspec.field(default_factory=dict)

    def span(self, path: YamlPath, *, key: bool = False) -> Span | None:
        """Return the span of ``path`` (its key when ``key``), or of its nearest ancestor."""
        table = self.keys if key else self.values
        probe = tuple(path)
        if probe in table:
            return table[probe]
        while probe:
            probe = probe[:-1]
            if probe in self.values:
                return self.values[probe]
        return None  # nothing recorded at all (the document had no root)


class Loaded(msgspec.Struct):
    """The result of loading one YAML file: data (None on error), source map, diagnostics."""

    data: Any
    source_map: SourceMap
    text: str
    diagnostics: list[Diagnostic]


class _Budget(Exception):
    """Internal: the document exceeded a size or depth bound."""

    def __init__(self, message: str, node: Node) -> None:
        super().__init__(message)
        self.node = node


def _span(file: str, node: Node) -> Span:
    start, end = node.start_mark, node.end_mark
    length = end.column - start.column if end.line == start.line else 1
    return Span(file, start.line + 1, start.column + 1, max(length, 1))


class _Builder:
    """Builds plain data from a composed node graph, recording positions."""

    def __init__(self, file: str, loader: yaml.SafeLoader) -> None:
        self.file = file
        self.loader = loader
        self.map = SourceMap(file)
        self.count = 0
        self.diagnostics: list[Diagnostic] = []

    def build(self, node: Node, path: YamlPath, depth: int = 0) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _Budget(f"document expands to more than {MAX_NODES:,} values (alias bomb?)", node)
        if depth > MAX_DEPTH:
            raise _Budget(f"document is nested deeper than {MAX_DEPTH} levels", node)
        self.map.values.setdefault(path, _span(self.file, node))
        if not isinstance(node, ScalarNode) and node.tag not in _PLAIN_TAGS:
            raise yaml.constructor.ConstructorError(
                None, None, f"tag '{node.tag}' is not allowed in a deck file", node.start_mark
            )
        if isinstance(node, MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, SequenceNode):
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        value = self._scalar(node, path)
        if isinstance(value, str) and _UNSAFE.search(value):
            # XML 1.0 cannot hold these (a YAML escape such as "\x07" can produce them):
            # clean them out here so no stage can write a corrupt part.
            shown = ", ".join(sorted({f"U+{ord(c):04X}" for c in _UNSAFE.findall(value)}))
            self.diagnostics.append(
                Diagnostic(
                    Severity.WARNING,
                    f"removed characters that cannot appear in a slide ({shown})",
                    _span(self.file, node),
                    path,
                    rule="control-characters",
                )
            )
            value = _UNSAFE.sub("", value)
        return value

    def _scalar(self, node: ScalarNode, path: YamlPath) -> Any:
        """Return the value of a scalar; an integer too long to convert is an error."""
        try:
            return self.loader.construct_object(node, deep=True)
        except (ValueError, OverflowError):
            # Python refuses int() of more than sys.get_int_max_str_digits() digits, and
            # dates such as 2024-13-45; the message is ours, so it never echoes the text.
            if node.tag.endswith(":timestamp"):
                message = "not a valid date; quote it to keep it as text"
            else:
                digits = sum(ch.isdigit() for ch in str(node.value))
                limit = sys.get_int_max_str_digits()
                message = f"this number has {digits:,} digits; numbers may have at most {limit:,}"
            self._error(node, path, message)
            return None

    def _mapping(self, node: MappingNode, path: YamlPath, depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        merges: list[Node] = []
        # Explicit keys first, so their positions win over those of merged (`<<:`) keys.
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                merges.append(value_node)
                continue
            if not isinstance(key_node, ScalarNode):
                self._error(key_node, path, "mapping keys must be plain scalars")
                continue
            key = self._scalar(key_node, path)
            key = str(key) if not isinstance(key, str) else key
            child = (*path, key)
            if key in out:
                first = self.map.keys.get(child)
                where = f" (first defined on line {first.line})" if first else ""
                self._error(key_node, child, f"duplicate key '{key}'{where}")
                continue
            self.map.keys[child] = _span(self.file, key_node)
            out[key] = self.build(value_node, child, depth + 1)
        for value_node in merges:
            sources = value_node.value if isinstance(value_node, SequenceNode) else [value_node]
            for src in sources:
                if not isinstance(src, MappingNode):
                    self._error(src, path, "'<<' merges a mapping or a list of mappings")
                    continue
                for key_node, item in src.value:
                    key = self._scalar(key_node, path) if isinstance(key_node, ScalarNode) else None
                    if not isinstance(key, str) or key in out:
                        continue
                    self.map.keys.setdefault((*path, key), _span(self.file, key_node))
                    out[key] = self.build(item, (*path, key), depth + 1)
        return out

    def _error(self, node: Node, path: YamlPath, message: str) -> None:
        self.diagnostics.append(Diagnostic(Severity.ERROR, message, _span(self.file, node), path))


def _yaml_error(file: str, exc: yaml.MarkedYAMLError, text: str = "") -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    lines = text.splitlines()
    if mark is not None and exc.context_mark is not None and mark.line >= len(lines):
        # The problem was found at the end of the file (an unclosed bracket or quote):
        # point at where the unfinished construct started, a line the user can see.
        mark = exc.context_mark
    # Never str(exc): PyYAML appends a snippet of several lines of the file to it.
    problem = exc.problem or "the file is not valid YAML"
    if exc.context and exc.problem:
        problem = f"{exc.problem} ({exc.context})"
    if mark is None:
        return Diagnostic(Severity.ERROR, f"invalid YAML: {problem}", Span(file, 1, 1))
    hint = None
    if "tag" in problem and "python" in problem:
        hint = "deck files are data: Python object tags are not allowed"
    elif "mapping values are not allowed" in problem:
        hint = "a value containing ': ' must be quoted"
    elif "found character '\\t'" in problem:
        hint = "YAML indentation uses spaces, not tabs"
    return Diagnostic(
        Severity.ERROR,
        f"invalid YAML: {problem}",
        Span(file, mark.line + 1, mark.column + 1),
        hint=hint,
    )


def _reader_error(file: str, text: str, exc: yaml.reader.ReaderError) -> Diagnostic:
    """Return a located error for a character YAML does not accept in a file."""
    at = max(0, min(exc.position, len(text)))
    line = text.count("\n", 0, at) + 1
    column = at - (text.rfind("\n", 0, at) + 1) + 1
    code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or " ")
    return Diagnostic(
        Severity.ERROR,
        f"the file contains a control character (U+{code:04X}) YAML does not allow",
        Span(file, line, column),
        hint="remove it; to put one in text, write it as an escape inside double quotes",
    )


def _too_deep(file: str, text: str | None = None) -> Diagnostic:
    """Return the 'nested too deeply' error, located at the first level past the bound."""
    span = Span(file, 1, 1)
    if text is not None:
        # The event parser is iterative, so it can find the spot the recursive composer could not.
        depth = 0
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    span = Span(file, event.start_mark.line + 1, event.start_mark.column + 1)
                    break
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    return Diagnostic(Severity.ERROR, f"document is nested deeper than {MAX_DEPTH} levels", span)


def load_text(text: str, file: str, *, what: str = "deck") -> Loaded:
    """Return the data of one YAML document given as text, with its source map.

    ``data`` is None when the text is not a single YAML mapping; the diagnostics say why.
    """
    if _LOADER is not yaml.SafeLoader:
        fast = _load(text, file, what, _LOADER)
        if not any(d.severity is Severity.ERROR for d in fast.diagnostics):
            return fast
        # libyaml's messages are terser: let the Python parser explain the problem.
    return _load(text, file, what, yaml.SafeLoader)


def _load(text: str, file: str, what: str, loader_class: type[yaml.SafeLoader]) -> Loaded:
    smap = SourceMap(file)
    diags: list[Diagnostic] = []
    if "\x00" in text:
        at = text.index("\x00")
        line = text[:at].count("\n") + 1
        column = at - (text.rfind("\n", 0, at) + 1) + 1
        diags.append(
            Diagnostic(
                Severity.ERROR,
                "file contains a NUL character",
                Span(file, line, column),
            )
        )
        return Loaded(None, smap, text, diags)
    try:
        loader = loader_class(text)
    except yaml.reader.ReaderError as exc:
        return Loaded(None, smap, text, [_reader_error(file, text, exc)])
    try:
        try:
            node = loader.get_single_node()
        except RecursionError:
            return Loaded(None, smap, text, [_too_deep(file, text)])
        except yaml.MarkedYAMLError as exc:
            return Loaded(None, smap, text, [_yaml_error(file, exc, text)])
        except yaml.YAMLError as exc:
            return Loaded(
                None, smap, text, [Diagnostic(Severity.ERROR, str(exc), Span(file, 1, 1))]
            )
        if node is None:
            diags.append(
                Diagnostic(
                    Severity.ERROR,
                    f"the {what} file is empty",
                    Span(file, 1, 1),
                    hint="start with 'title:' and a list of 'slides:'" if what == "deck" else None,
                )
            )
            return Loaded(None, smap, text, diags)
        if not isinstance(node, MappingNode):
            kind = "a list" if isinstance(node, SequenceNode) else "a single value"
            diags.append(
                Diagnostic(
                    Severity.ERROR,
                    f"the {what} must be a mapping of keys to values, not {kind}",
                    _span(file, node),
                )
            )
            return Loaded(None, smap, text, diags)
        builder = _Builder(file, loader)
        try:
            data = builder.build(node, ())
        except _Budget as exc:
            return Loaded(
                None, smap, text, [Diagnostic(Severity.ERROR, str(exc), _span(file, exc.node))]
            )
        except yaml.MarkedYAMLError as exc:
            return Loaded(None, smap, text, [_yaml_error(file, exc, text)])
        except RecursionError:
            return Loaded(None, smap, text, [_too_deep(file)])
        diags.extend(builder.diagnostics)
        failed = any(d.severity is Severity.ERROR for d in builder.diagnostics)
        return Loaded(None if failed else data, builder.map, text, diags)
    finally:
        loader.dispose()


def load_file(
    path: Path,
    *,
    what: str = "deck",
    display: str | None = None,
    reader: Reader | None = None,
    at: Span | None = None,
    written: str | None = None,
) -> Loaded:
    """Return the data of the YAML file at ``path``, read through ``reader`` (the trust
    boundary; without one, reads are still bounded and only regular files are read).

    A refused or failed read becomes a diagnostic at ``at`` (where the file was named)
    that names the file as ``written``; its text is then empty, so no excerpt of a refused
    file can ever be shown.
    """
    name = display or str(path)
    shown = written or name
    smap = SourceMap(name)
    reader = reader or Reader(None)
    try:
        raw = reader.read(path, MAX_BYTES, shown)
    except Refused as exc:
        if exc.kind == "missing":
            message = f"{what} file not found: {shown}"
        elif exc.kind == "directory":
            message = f"{shown} is a directory, not a {what} file"
        elif exc.kind == "too-large":
            message = f"{what} file is {exc.size}"
        else:
            message = exc.message
        where = at
        if where is None and exc.kind not in ("missing", "directory"):
            where = Span(name, 1, 1)  # the file named on the command line
        return Loaded(None, smap, "", [Diagnostic(Severity.ERROR, message, where, hint=exc.hint)])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return Loaded(
            None,
            smap,
            raw.decode("utf-8", "replace"),  # for the excerpt under the error
            [
                Diagnostic(
                    Severity.ERROR,
                    f"{what} file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
                    Span(name, line, col),
                    hint="save the file as UTF-8",
                )
            ],
        )
    return load_text(text, name, what=what)
