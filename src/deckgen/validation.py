"""Validating plain data against msgspec models, with every error located.

The deck and theme models (:mod:`deckgen.spec`, :mod:`deckgen.theme`) are
:class:`msgspec.Struct` types: cheap to define and fast to convert into, which matters
because every build starts a fresh process. Validation runs in three steps:

1. :func:`_prepare` walks the data along the models' type information and applies the
   conveniences YAML authors expect: numbers (and dates) are accepted as text, a bare
   scalar stands for a model with one main key (``- Some point`` for a bullet), and a
   field may carry a ``before`` converter in its ``Meta(extra=...)`` (lengths such as
   ``0.6in``, colours, one-or-many lists).
2. :func:`msgspec.convert` validates and builds the objects. This is the only step a valid
   deck pays for.
3. Only when that fails, :func:`_explain` walks the data again to find *every* error, not
   just the first one msgspec reports, and :func:`_diagnostic` words each one with its
   position, what was expected and a "did you mean".
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from collections.abc import Callable
from typing import Any, TypeVar

import msgspec
import msgspec.inspect as mi

from deckgen.diagnostics import Diagnostic, Severity, YamlPath, did_you_mean
from deckgen.source import SourceMap

T = TypeVar("T")


class FieldRuleError(ValueError):
    """A rule across a model's fields that one field breaks: raised in ``__post_init__``,
    it is reported at that field's key rather than at the whole model."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


def _located(exc: msgspec.ValidationError) -> tuple[YamlPath, str]:
    """Return the path and message of a validation error, down to the field a
    :class:`FieldRuleError` names."""
    path, message = _split_message(str(exc))
    if isinstance(exc.__cause__, FieldRuleError):
        path = (*path, exc.__cause__.field)
    return path, message


class Model(msgspec.Struct, forbid_unknown_fields=True, frozen=True, kw_only=True):
    """Base of every model: unknown keys are errors; instances are immutable.

    A subclass may set ``_shorthand`` (a :class:`typing.ClassVar`) to the key that a bare
    scalar stands for, e.g. ``"text"`` for a bullet written as ``- Some point``.
    """


@functools.cache
def type_info(root: Any) -> mi.Type:
    """Return msgspec's description of ``root`` (a model class or type), computed once."""
    return mi.type_info(root)


def validate(
    data: Any, root: type[T], smap: SourceMap | None = None
) -> tuple[T | None, list[Diagnostic]]:
    """Return ``data`` converted to ``root``, or None and one diagnostic per error found
    (in source order, located through ``smap`` when given)."""
    info = type_info(root)
    problems: list[_Problem] = []
    prepared = _prepare(data, info, (), problems)
    if not problems:
        try:
            return msgspec.convert(prepared, root), []
        except msgspec.ValidationError as exc:
            first = exc
    else:
        first = None
    reported = [p.path for p in problems]
    _explain(prepared, info, (), problems, reported)
    if not problems and first is not None:
        # The walk found nothing msgspec did not: report msgspec's own first error.
        path, message = _located(first)
        problems.append(_Problem(path, "message", message))
    smap = smap or SourceMap("<data>")
    diags = [_diagnostic(p, smap) for p in problems]
    diags.sort(key=lambda d: (d.span.line, d.span.column) if d.span else (0, 0))
    return None, diags


# --- step 1: conveniences ---------------------------------------------------------------


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _before(info: mi.Type) -> Callable[[Any], Any] | None:
    if isinstance(info, mi.Metadata) and info.extra:
        return info.extra.get("before")  # type: ignore[no-any-return]
    return None


def _bare(info: mi.Type) -> mi.Type:
    """Return ``info`` without its metadata wrapper."""
    return info.type if isinstance(info, mi.Metadata) else info


def _prepare(value: Any, info: mi.Type, path: YamlPath, problems: list[_Problem]) -> Any:
    """Return ``value`` with the authoring conveniences applied along ``info``."""
    if isinstance(value, float) and not math.isfinite(value):
        # YAML reads .nan, .inf and 1.0e+400 as floats no drawing or workbook can hold.
        problems.append(_Problem(path, "message", _not_finite(value)))
        return value
    convert = _before(info)
    if convert is not None:
        try:
            value = convert(value)
        except ValueError as exc:
            problems.append(_Problem(path, "message", str(exc)))
            return value
    info = _bare(info)
    if isinstance(info, mi.StructType):
        short = getattr(info.cls, "_shorthand", None)
        if short is not None and (_is_number(value) or isinstance(value, str)):
            return {short: str(value)}
        if not isinstance(value, dict):
            return value
        fields = {f.encode_name: f for f in info.fields}
        prepared = {
            k: _prepare(v, fields[k].type, (*path, k), problems) if k in fields else v
            for k, v in value.items()
        }
        # Limits between fields (a highlight index against the rows), checked here so
        # they are reported together with every other error, not after they are fixed.
        limits = getattr(info.cls, "_limits", None)
        if limits is not None:
            for where, message in limits(prepared):
                problems.append(_Problem((*path, *where), "message", message))
        return prepared
    if isinstance(info, mi.ListType):
        if not isinstance(value, list):
            return value
        return [_prepare(v, info.item_type, (*path, i), problems) for i, v in enumerate(value)]
    if isinstance(info, mi.DictType):
        if not isinstance(value, dict):
            return value
        return {k: _prepare(v, info.value_type, (*path, k), problems) for k, v in value.items()}
    if isinstance(info, mi.UnionType):
        member = _member(info, value)
        return value if member is None else _prepare(value, member, path, problems)
    if isinstance(info, mi.StrType):
        if _is_number(value):
            return str(value)
        if isinstance(value, dt.date):  # YAML reads 2024-12-19 as a date; keep the spelling
            return value.isoformat()
    return value


def _member(union: mi.UnionType, value: Any) -> mi.Type | None:
    """Return the member of ``union`` that ``value`` is meant for, judged by its shape."""
    members = [_bare(t) for t in union.types if not isinstance(_bare(t), mi.NoneType)]
    structs = [t for t in members if isinstance(t, mi.StructType)]
    if isinstance(value, dict):
        tagged = [s for s in structs if s.tag_field is not None]
        if tagged:
            tag = value.get(tagged[0].tag_field)
            return next((s for s in tagged if s.tag == tag), None)
        return next((t for t in members if isinstance(t, mi.StructType | mi.DictType)), None)
    if isinstance(value, list):
        return next((t for t in members if isinstance(t, mi.ListType)), None)
    if value is None:
        return None
    scalars = [t for t in members if not isinstance(t, mi.StructType | mi.ListType | mi.DictType)]
    if scalars:
        return next((t for t in scalars if isinstance(t, mi.StrType)), scalars[0])
    return next((s for s in structs if getattr(s.cls, "_shorthand", None)), None)


# --- step 3: finding every error ---------------------------------------------------------


class _Problem(msgspec.Struct, frozen=True):
    """One error: where, what kind, and what the wording needs."""

    path: YamlPath
    kind: str
    detail: Any = None
    value: Any = None


_EXPECTED = {
    mi.StrType: "a text string",
    mi.IntType: "a whole number",
    mi.FloatType: "a number",
    mi.BoolType: "true or false",
    mi.ListType: "a list",
    mi.StructType: "a mapping",
    mi.DictType: "a mapping",
}


def _explain(
    value: Any,
    info: mi.Type,
    path: YamlPath,
    problems: list[_Problem],
    reported: list[YamlPath],
) -> None:
    """Append to ``problems`` every error in ``value`` checked against ``info``."""
    if any(path[: len(r)] == r for r in reported):
        return  # the conveniences step already reported this value
    info = _bare(info)
    before = len(problems)
    if isinstance(info, mi.UnionType):
        _explain_union(value, info, path, problems, reported)
    elif isinstance(info, mi.StructType):
        _explain_struct(value, info, path, problems, reported)
    elif isinstance(info, mi.ListType):
        if not isinstance(value, list):
            problems.append(_Problem(path, "type", _EXPECTED[mi.ListType], value))
            return
        _check_length(value, info, path, problems, "items")
        for i, item in enumerate(value):
            _explain(item, info.item_type, (*path, i), problems, reported)
    elif isinstance(info, mi.DictType):
        if not isinstance(value, dict):
            problems.append(_Problem(path, "type", _EXPECTED[mi.StructType], value))
            return
        keys = _bare(info.key_type)
        for k, v in value.items():
            if isinstance(keys, mi.LiteralType) and k not in keys.values:
                # a mapping with set keys reads as a struct: an unknown key, at the key
                problems.append(_Problem((*path, k), "unknown", sorted(map(str, keys.values))))
                continue
            _explain(k, info.key_type, (*path, k), problems, reported)
            _explain(v, info.value_type, (*path, k), problems, reported)
    else:
        _explain_scalar(value, info, path, problems)
    inside = any(r[: len(path)] == path for r in reported)
    if len(problems) == before and not inside and isinstance(info, mi.StructType):
        # Every field is fine on its own: a rule across fields (``__post_init__``) failed.
        try:
            msgspec.convert(value, info.cls)
        except msgspec.ValidationError as exc:
            where, message = _located(exc)
            problems.append(_Problem((*path, *where), "message", message))


def _explain_struct(
    value: Any,
    info: mi.StructType,
    path: YamlPath,
    problems: list[_Problem],
    reported: list[YamlPath],
) -> None:
    if not isinstance(value, dict):
        problems.append(_Problem(path, "type", _EXPECTED[mi.StructType], value))
        return
    fields = {f.encode_name: f for f in info.fields}
    allowed = sorted([*fields, *([info.tag_field] if info.tag_field else [])])
    for key, item in value.items():
        if key == info.tag_field:
            continue
        if key not in fields:
            problems.append(_Problem((*path, key), "unknown", allowed))
        else:
            _explain(item, fields[key].type, (*path, key), problems, reported)
    for f in info.fields:
        if f.required and f.encode_name not in value:
            problems.append(_Problem(path, "missing", f.encode_name))


def _explain_union(
    value: Any,
    info: mi.UnionType,
    path: YamlPath,
    problems: list[_Problem],
    reported: list[YamlPath],
) -> None:
    members = [_bare(t) for t in info.types]
    if value is None and any(isinstance(t, mi.NoneType) for t in members):
        return
    tagged = [t for t in members if isinstance(t, mi.StructType) and t.tag_field]
    if tagged:
        field = tagged[0].tag_field
        options = tuple(str(t.tag) for t in tagged)
        if not isinstance(value, dict):
            problems.append(_Problem(path, "type", _EXPECTED[mi.StructType], value))
        elif field not in value:
            problems.append(_Problem(path, "missing-tag", (field, options)))
        else:
            member = next((t for t in tagged if t.tag == value[field]), None)
            if member is None:
                problems.append(_Problem((*path, field), "unknown-tag", options, value[field]))
            else:
                _explain(value, member, path, problems, reported)
        return
    member = _member(info, value)
    if member is not None:
        _explain(value, member, path, problems, reported)
        return
    shapes = [t for t in members if not isinstance(t, mi.NoneType)]
    expected = _EXPECTED.get(type(shapes[0]), "something else") if shapes else "nothing"
    problems.append(_Problem(path, "type", expected, value))


def _explain_scalar(value: Any, info: mi.Type, path: YamlPath, problems: list[_Problem]) -> None:
    if isinstance(info, mi.LiteralType):
        if value not in info.values or isinstance(value, bool):
            problems.append(_Problem(path, "literal", tuple(map(str, info.values)), value))
    elif isinstance(info, mi.StrType):
        if not isinstance(value, str):
            problems.append(_Problem(path, "type", _EXPECTED[mi.StrType], value))
        elif info.pattern is not None and not re.search(info.pattern, value):
            problems.append(_Problem(path, "pattern", info.pattern, value))
        else:
            _check_length(value, info, path, problems, "characters")
    elif isinstance(info, mi.BoolType):
        if not isinstance(value, bool):
            problems.append(_Problem(path, "type", _EXPECTED[mi.BoolType], value))
    elif isinstance(info, mi.IntType | mi.FloatType):
        whole = isinstance(info, mi.IntType)
        ok = isinstance(value, int) if whole else isinstance(value, int | float)
        if not ok or isinstance(value, bool):
            problems.append(_Problem(path, "type", _EXPECTED[type(info)], value))
            return
        for bound, test, words in (
            (info.ge, lambda b: value >= b, "at least"),
            (info.gt, lambda b: value > b, "greater than"),
            (info.le, lambda b: value <= b, "at most"),
            (info.lt, lambda b: value < b, "less than"),
        ):
            if bound is not None and not test(bound):
                problems.append(_Problem(path, "bound", f"{words} {bound:g}", value))
    elif isinstance(info, mi.NoneType) and value is not None:
        problems.append(_Problem(path, "type", "nothing (null)", value))


def _not_finite(value: float) -> str:
    """Return the message for a number that is NaN or infinite."""
    if math.isnan(value):
        return "not a number (.nan); numbers must be finite"
    return "an infinite number (.inf, or one beyond ±1.8e308); numbers must be finite"


def _check_length(
    value: Any, info: Any, path: YamlPath, problems: list[_Problem], unit: str
) -> None:
    if info.min_length is not None and len(value) < info.min_length:
        problems.append(_Problem(path, "too-short", (info.min_length, unit)))
    if info.max_length is not None and len(value) > info.max_length:
        problems.append(_Problem(path, "too-long", (info.max_length, unit)))


_AT = re.compile(r" - at `\$(?P<path>[^`]*)`$")
_PART = re.compile(r"\[(\d+)\]|\.([^.\[]+)|\[(?:'|\")?([^\]'\"]*)(?:'|\")?\]")


def _split_message(text: str) -> tuple[YamlPath, str]:
    """Return the path and the message of one msgspec error text."""
    m = _AT.search(text)
    if m is None:
        return (), text
    parts: list[str | int] = []
    for index, key, quoted in _PART.findall(m.group("path")):
        parts.append(int(index) if index else key or quoted)
    return tuple(parts), text[: m.start()]


# --- wording ----------------------------------------------------------------------------


def _describe_value(value: Any) -> str:
    """Return how a message names ``value``: 'a list', 'a mapping' or the value quoted."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"'{str(value).lower()}'"
    text = str(value)
    return f"'{text[:40]}…'" if len(text) > 40 else f"'{text}'"


def _diagnostic(problem: _Problem, smap: SourceMap) -> Diagnostic:
    """Return the located, worded diagnostic of one problem."""
    path, kind, detail, value = problem.path, problem.kind, problem.detail, problem.value
    hint: str | None = None
    key_span = False
    if kind == "unknown":
        key = str(path[-1])
        message = f"unknown key '{key}'"
        close = did_you_mean(key, detail)
        if close:
            hint = f"did you mean '{close[0]}'?"
        elif detail:
            hint = "expected one of: " + ", ".join(detail)
        key_span = True
    elif kind == "missing":
        message = f"missing required key '{detail}'"
        path = path or (detail,)  # at the top, name the key where a path would be
    elif kind == "missing-tag":
        field, options = detail
        message = f"missing required key '{field}'"
        hint = "expected one of: " + ", ".join(options)
    elif kind == "unknown-tag":
        message = f"unknown {path[-1]} '{value}'"
        close = did_you_mean(str(value), detail)
        hint = f"did you mean '{close[0]}'?" if close else "expected one of: " + ", ".join(detail)
    elif kind == "literal":
        message = f"expected one of {', '.join(detail)}; got {_describe_value(value)}"
        close = did_you_mean(str(value), detail)
        hint = f"did you mean '{close[0]}'?" if close else None
    elif kind == "type":
        message = f"expected {detail}, got {_describe_value(value)}"
    elif kind == "too-short":
        count, unit = detail
        message = f"needs at least {count} item(s)" if unit == "items" else "text must not be empty"
    elif kind == "too-long":
        count, unit = detail
        message = (
            f"has too many items (at most {count})"
            if unit == "items"
            else f"text is too long (at most {count} characters)"
        )
    elif kind == "pattern":
        message = f"{_describe_value(value)} is not a valid name (lowercase words joined by '-')"
    elif kind == "bound":
        message = f"must be {detail}; got {_describe_value(value)}"
    else:
        message = str(detail)
    span = smap.span(path, key=key_span)
    return Diagnostic(Severity.ERROR, message, span, path, hint)
