"""Stage 1b: templating and includes, on the plain data between ``source`` and ``spec``.

A deck may declare ``vars:`` (names → scalars, lists or mappings) and use Jinja2 in any
string value: ``"{{ model }} beats {{ rival | upper }}"``. A value that is exactly one
``{{ expression }}`` takes the expression's value, so ``values: "{{ scores }}"`` gives a list.
Strings without ``{{`` or ``{%`` are left alone.

``include:`` (top level; a path or a list of paths relative to the file that names it)
merges shared fragments: an included file's ``vars`` are defaults under the deck's own, and
its other top-level keys are defaults too (later includes win over earlier ones, the deck
over all). A slide entry ``- include: fragments/closing.yaml`` splices that file's
``slides:`` list in its place. Every value keeps its position: the merged source map points
into whichever file a value came from.

Templates run in Jinja2's :class:`~jinja2.sandbox.ImmutableSandboxedEnvironment` with
:class:`~jinja2.StrictUndefined`, no loader (``{% include %}`` and ``{% import %}`` cannot
read files), no ``namespace`` (the one mutable object), and bounds on template length,
output length, loop work and the size of what ``*``, ``**``, ``%``, ``format``, ``replace``,
``join``, ``center`` and ``indent`` may produce. Everything that goes wrong becomes a
located diagnostic; nothing here raises to the caller.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import math
import os
import re
import string
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError, Undefined, meta, nodes
from jinja2.compiler import CodeGenerator
from jinja2.exceptions import SecurityError, TemplateError, UndefinedError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from deckgen.confine import Reader, Refused
from deckgen.diagnostics import Diagnostic, Severity, Span, YamlPath, did_you_mean
from deckgen.source import SourceMap, load_file

#: Longest string that is treated as a template.
MAX_TEMPLATE = 20_000
#: Longest text one template may produce (and the largest string or list it may build).
MAX_OUTPUT = 100_000
#: Loop iterations and calls one template may make.
MAX_STEPS = 1_000_000
#: How deep includes may nest, and how many files one deck may include in all.
MAX_INCLUDE_DEPTH = 16
MAX_INCLUDES = 200
#: Digits an integer a template computes may have (Python prints at most 4,300).
MAX_POWER_DIGITS = 4_000
#: Seconds one template may run.
MAX_SECONDS = 1.0
#: Characters all the templates of one deck may produce together, and seconds they may take.
MAX_DECK_OUTPUT = 4_000_000
MAX_DECK_SECONDS = 5.0
_MAX_BITS = int(MAX_POWER_DIGITS / math.log10(2))
#: How deep brackets ( [ { may nest in one template (Jinja2's parser recurses per level).
MAX_NESTING = 64


def _nesting(source: str) -> int:
    """Return the deepest nesting of brackets in ``source`` (text and code alike)."""
    depth = deepest = 0
    for ch in source:
        if ch in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in ")]}" and depth:
            depth -= 1
    return deepest


_MARKERS = ("{{", "{%")
_WHOLE = re.compile(r"\s*\{\{(?P<expr>.*)\}\}\s*", re.DOTALL)
_RESERVED = ("include", "vars")
_RAW_HINT = "to show '{{' literally, write {{ '{{' }} or wrap the text in {% raw %}…{% endraw %}"


def is_template(value: str) -> bool:
    """Return True when ``value`` contains Jinja2 markup (``{{`` or ``{%``)."""
    return any(m in value for m in _MARKERS)


# --- the sandbox ----------------------------------------------------------------------------


class _Failure(Exception):
    """Internal: a template failed; ``needle`` is text to point at in the source."""

    def __init__(self, message: str, needle: str | None = None, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.needle = needle
        self.hint = hint
        self.undefined: str | None = None  # the name, for an undefined variable


class _Budget:
    """Counts loop iterations and calls of the template being rendered."""

    def __init__(self) -> None:
        self.steps = 0
        self.deadline = math.inf

    def start(self) -> None:
        """Reset the counts for a new template."""
        self.steps = 0
        self.deadline = time.monotonic() + MAX_SECONDS

    def tick(self, n: int = 1) -> None:
        before = self.steps
        self.steps += n
        if self.steps > MAX_STEPS:
            raise SecurityError(f"the template does too much work (more than {MAX_STEPS:,} steps)")
        # The clock is read every 64 steps: cheap, and no step takes long on its own (a
        # size check walks at most MAX_OUTPUT items).
        if before >> 6 != self.steps >> 6 and time.monotonic() > self.deadline:
            raise SecurityError(f"the template runs longer than {MAX_SECONDS:g} s")


def _cap(size: float, what: str = "text") -> None:
    if size > MAX_OUTPUT:
        raise SecurityError(f"the template would build {what} longer than {MAX_OUTPUT:,}")


def _size(value: Any, limit: int = MAX_OUTPUT) -> int:
    """Return about how many characters ``str(value)`` has, counting nested lists and
    mappings; stops counting once past ``limit`` (lists may share items, so the text of a
    small-looking value can be huge)."""
    total = 0
    stack = [value]
    while stack and total <= limit:
        v = stack.pop()
        if isinstance(v, str):
            total += len(v)
        elif isinstance(v, list | tuple):
            total += 2 + 2 * len(v)
            if total <= limit:
                stack.extend(list.__iter__(v) if isinstance(v, list) else v)
        elif isinstance(v, dict):
            total += 2 + 4 * len(v)
            if total <= limit:
                stack.extend(dict.keys(v))
                stack.extend(dict.values(v))
        elif isinstance(v, int) and not isinstance(v, bool):
            total += 1 + v.bit_length() * 3 // 10
        else:
            total += 8
    return total


def _check_size(*values: Any, what: str = "text or a list") -> None:
    """Refuse values whose text would be longer than MAX_OUTPUT, or integers too long."""
    total = 0
    for v in values:
        if isinstance(v, int) and v.bit_length() > _MAX_BITS:
            raise SecurityError(
                f"the template would compute a number of more than {MAX_POWER_DIGITS:,} digits"
            )
        total += _size(v)
    _cap(total, what)


def _finalize(value: Any) -> Any:
    """Check what a ``{{ … }}`` prints before it is turned into text."""
    if not isinstance(value, str):
        _check_size(value)
    return value


class _List(list):
    """A list whose iteration counts against the budget (vars and ranges in templates)."""

    _budget: _Budget

    def __iter__(self) -> Iterator[Any]:
        for item in list.__iter__(self):
            self._budget.tick()
            yield item


class _Dict(dict):
    """A mapping whose iteration counts against the budget."""

    _budget: _Budget

    def __iter__(self) -> Iterator[Any]:
        for key in dict.__iter__(self):
            self._budget.tick()
            yield key

    def items(self) -> list[tuple[Any, Any]]:  # type: ignore[override]
        self._budget.tick(len(self))
        return list(dict.items(self))

    def keys(self) -> list[Any]:  # type: ignore[override]
        self._budget.tick(len(self))
        return list(dict.keys(self))

    def values(self) -> list[Any]:  # type: ignore[override]
        self._budget.tick(len(self))
        return list(dict.values(self))


# Messages name them as the plain types they stand for ("'list' object has no attribute …").
for _cls, _name in ((_List, "list"), (_Dict, "dict")):
    _cls.__name__ = _cls.__qualname__ = _name
    _cls.__module__ = "builtins"


class _Range:
    """``range()`` for templates: at most MAX_OUTPUT items, each counted when iterated."""

    def __init__(self, budget: _Budget, *args: int) -> None:
        self._r = range(*args)
        _cap(len(self._r), "a range")
        self._budget = budget

    def __iter__(self) -> Iterator[int]:
        for i in self._r:
            self._budget.tick()
            yield i

    def __len__(self) -> int:
        return len(self._r)

    def __getitem__(self, i: int) -> int:
        return self._r[i]

    def __contains__(self, x: object) -> bool:
        return x in self._r

    def __repr__(self) -> str:
        return repr(self._r)


_PERCENT = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?[a-zA-Z%]")


def _check_percent(fmt: str, args: Any) -> None:
    """Refuse ``%``-formats whose widths would build huge text."""
    for m in _PERCENT.finditer(fmt):
        for g in m.groups():
            if g == "*":
                values = args if isinstance(args, tuple) else (args,)
                for v in values:
                    if isinstance(v, int) and not isinstance(v, bool):
                        _cap(v)
            elif g:
                _cap(int(g))


def _check_format(fmt: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Refuse ``str.format`` specs whose widths would build huge text."""
    try:
        parsed = list(string.Formatter().parse(fmt))
    except ValueError:
        return  # str.format will raise the same error itself
    for _literal, _name, spec, _conv in parsed:
        if not spec:
            continue
        for digits in re.findall(r"\d+", spec):
            _cap(int(digits))
        if "{" in spec:  # a width taken from the arguments
            for v in (*args, *kwargs.values()):
                if isinstance(v, int) and not isinstance(v, bool):
                    _cap(v)


def _check_replace(s: str, old: str, new: str, count: int | None = None) -> None:
    n = s.count(old) if old else len(s) + 1
    if count is not None and count >= 0:
        n = min(n, count)
    _cap(len(s) + n * (len(new) - len(old)))


def _checked_filter(name: str, original: Callable[..., Any]) -> Callable[..., Any]:
    """Return ``original`` (a Jinja2 filter) with a size check before it runs."""

    @functools.wraps(original)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        # Filters with @pass_eval_context / @pass_environment get that object first.
        values = list(args[1:] if name in ("join", "replace", "wordwrap") else args)
        if name == "center":
            width = values[1] if len(values) > 1 else kwargs.get("width", 80)
            _cap(width if isinstance(width, int) else 0)
        elif name == "indent":
            s = str(values[0])
            width = values[1] if len(values) > 1 else kwargs.get("width", 4)
            w = len(width) if isinstance(width, str) else width
            _cap(len(s) + (s.count("\n") + 1) * (w if isinstance(w, int) else 0))
        elif name == "replace":
            s, old, new = (str(v) for v in values[:3])
            count = values[3] if len(values) > 3 else kwargs.get("count")
            _check_replace(s, old, new, count)
        elif name == "join":
            items = list(values[0])
            sep = values[1] if len(values) > 1 else kwargs.get("d", "")
            _cap(len(str(sep)) * max(len(items) - 1, 0))
            args = (args[0], items, *args[2:])
        elif name == "wordwrap":
            wrap = values[4] if len(values) > 4 else kwargs.get("wrapstring")
            _cap(len(str(values[0])) * (1 + len(wrap or "\n")))
        elif name == "format":
            _check_percent(str(values[0]), tuple(values[1:]))
        return original(*args, **kwargs)

    return wrapper


_CHECKED_FILTERS = ("center", "indent", "replace", "join", "wordwrap", "format")
#: Filters that turn their input into text (or copy it): the input's size is checked first.
_TEXT_FILTERS = (
    "string", "pprint", "tojson", "join", "list", "urlencode", "xmlattr", "format", "sum",
    "unique", "sort", "reverse", "trim", "upper", "lower", "title", "capitalize", "escape",
    "e", "forceescape", "safe", "striptags", "truncate", "wordcount", "dictsort", "batch",
    "slice", "groupby", "map", "select", "reject", "selectattr", "rejectattr", "items",
)  # fmt: skip


def _sized_filter(original: Callable[..., Any]) -> Callable[..., Any]:
    """Return ``original`` with the size of its arguments checked before it runs."""

    @functools.wraps(original)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        _check_size(*(a for a in args if not _is_context(a)), *kwargs.values())
        return original(*args, **kwargs)

    return wrapper


def _is_context(value: Any) -> bool:
    """Return True for the environment or context Jinja2 passes to some filters first."""
    from jinja2.nodes import EvalContext
    from jinja2.runtime import Context

    return isinstance(value, ImmutableSandboxedEnvironment | EvalContext | Context)


def _concat(items: Any) -> str:
    """Join template text (block output, macro output and ``~``), refusing huge results."""
    items = list(items)
    _check_size(*items, what="text")
    parts = [p if isinstance(p, str) else str(p) for p in items]
    _cap(sum(len(p) for p in parts))
    return "".join(parts)


class _CodeGenerator(CodeGenerator):
    """Compiles ``a ~ b`` through the environment's checked ``concat``."""

    def visit_Concat(self, node: nodes.Concat, frame: Any) -> None:
        self.write("environment.concat((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class _Sandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox, with size and work bounds on top."""

    intercepted_binops = frozenset({"*", "**", "%", "+", "-", "//"})
    code_generator_class = _CodeGenerator
    concat = staticmethod(_concat)

    def __init__(self, budget: _Budget, **options: Any) -> None:
        super().__init__(
            undefined=StrictUndefined, autoescape=False, loader=None, finalize=_finalize, **options
        )
        self.budget = budget
        # No `namespace` (mutable, so it could grow text without bound) and no `lipsum`.
        for name in ("namespace", "lipsum"):
            self.globals.pop(name, None)
        self.globals["range"] = lambda *a: _Range(budget, *a)
        for name in _CHECKED_FILTERS:
            self.filters[name] = _checked_filter(name, self.filters[name])
        for name in _TEXT_FILTERS:
            if name in self.filters:
                self.filters[name] = _sized_filter(self.filters[name])

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        self.budget.tick()
        ints = type(left) is int and type(right) is int
        if ints and operator in ("+", "-"):
            if max(left.bit_length(), right.bit_length()) >= _MAX_BITS:
                _check_size(abs(left) + abs(right))
        elif ints and operator == "*":
            if left.bit_length() + right.bit_length() > _MAX_BITS:
                raise SecurityError(
                    f"the template would compute a number of more than {MAX_POWER_DIGITS:,} digits"
                )
        elif operator == "+" and isinstance(left, str | list | tuple) and hasattr(right, "__len__"):
            _cap(len(left) + len(right), "text or a list")
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, str | list | tuple) and isinstance(n, int):
                    _cap(len(seq) * n, "text or a list")
        elif operator == "**":
            ints = isinstance(left, int) and isinstance(right, int)
            if ints and abs(left) > 1 and right * math.log10(abs(left)) > MAX_POWER_DIGITS:
                raise SecurityError(
                    f"the template would compute a number of more than {MAX_POWER_DIGITS:,} digits"
                )
        elif operator == "%" and isinstance(left, str):
            _check_percent(left, right)
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        __self.budget.tick()
        for arg in (*args, *kwargs.values()):
            if isinstance(arg, str | list | tuple | dict):
                _cap(len(arg), "an argument")
        _check_size(*args, *kwargs.values())
        owner = getattr(__obj, "__self__", None)
        name = getattr(__obj, "__name__", "")
        if isinstance(owner, str):
            if name in ("center", "ljust", "rjust", "zfill") and args:
                _cap(args[0] if isinstance(args[0], int) else 0)
            elif name == "expandtabs":
                size = args[0] if args else kwargs.get("tabsize", 8)
                _cap(len(owner) * (size if isinstance(size, int) else 0))
            elif name == "replace" and len(args) >= 2:
                _check_replace(owner, str(args[0]), str(args[1]), *args[2:3])
            elif name == "join" and args:
                items = list(args[0])
                _cap(len(owner) * max(len(items) - 1, 0))
                args = (items, *args[1:])
        return super().call(__context, __obj, *args, **kwargs)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        fmt: str = value.__self__
        is_map = value.__name__ == "format_map"

        def checked(*args: Any, **kwargs: Any) -> str:
            if is_map and args and isinstance(args[0], dict):
                _check_format(fmt, (), dict(args[0]))
            else:
                _check_format(fmt, args, kwargs)
            return wrapped(*args, **kwargs)

        return checked


def make_sandbox(**options: Any) -> ImmutableSandboxedEnvironment:
    """Return a sandboxed environment like the one deck templates run in (for other
    templates, such as outline handouts). ``options`` go to the Jinja2 environment."""
    return _Sandbox(_Budget(), **options)


def _wrap(value: Any, budget: _Budget) -> Any:
    """Return var data with lists and mappings that count their iterations."""
    if isinstance(value, dict):
        out = _Dict({k: _wrap(v, budget) for k, v in value.items()})
        out._budget = budget
        return out
    if isinstance(value, list):
        items = _List(_wrap(v, budget) for v in value)
        items._budget = budget
        return items
    return value


def _plain(value: Any) -> Any:
    """Return a template's native value as plain data, or raise when it is not data."""
    if isinstance(value, Undefined):
        str(value)  # StrictUndefined raises UndefinedError, naming what is missing
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in dict.items(value)}
    if isinstance(value, list | tuple | _Range):
        return [_plain(v) for v in (list.__iter__(value) if isinstance(value, list) else value)]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    import datetime as dt

    if isinstance(value, dt.date):
        return value
    raise _Failure(f"the expression gives {type(value).__name__!r}, which is not text or data")


class TemplateEngine:
    """Renders template strings in the sandbox; compiled templates are cached.

    One engine serves many decks (``watch`` keeps it warm); it holds no deck state.
    """

    def __init__(self) -> None:
        self.budget = _Budget()
        self.env = _Sandbox(self.budget)
        self._cache: dict[str, tuple[Any, frozenset[str], bool]] = {}

    @property
    def global_names(self) -> frozenset[str]:
        """Return the names every template can use besides the deck's vars."""
        return frozenset(self.env.globals)

    def names(self, source: str) -> frozenset[str]:
        """Return the variables ``source`` reads (raises _Failure on a syntax error)."""
        return self._compile(source)[1]

    def _compile(self, source: str) -> tuple[Any, frozenset[str], bool]:
        hit = self._cache.get(source)
        if hit is not None:
            return hit
        if len(source) > MAX_TEMPLATE:
            raise _Failure(
                f"template is too long ({len(source):,} characters; at most {MAX_TEMPLATE:,})"
            )
        depth = _nesting(source)
        if depth > MAX_NESTING:
            raise _Failure(
                f"template nests brackets {depth} levels deep; at most {MAX_NESTING}",
                hint="templates need far less; write the data under 'vars:' instead",
            )
        try:
            ast = self.env.parse(source)
            names = frozenset(meta.find_undeclared_variables(ast))
            whole = _WHOLE.fullmatch(source)
            native = bool(whole) and _single_output(ast)
            compiled: Any
            if native:
                assert whole is not None
                compiled = self.env.compile_expression(whole.group("expr"), undefined_to_none=False)
            else:
                compiled = self.env.from_string(ast)
        except (RecursionError, MemoryError):  # a last resort: the nesting is bounded above
            raise _Failure(f"template nests too deeply (at most {MAX_NESTING} levels)") from None
        except TemplateSyntaxError as exc:
            lines = source.splitlines() or [source]
            line = lines[exc.lineno - 1] if 0 < exc.lineno <= len(lines) else source
            raise _Failure(
                f"template syntax error: {exc.message}", line.strip() or None, _RAW_HINT
            ) from None
        if len(self._cache) > 4096:
            self._cache.clear()
        self._cache[source] = (compiled, names, native)
        return self._cache[source]

    def render(self, source: str, context: dict[str, Any]) -> Any:
        """Return ``source`` rendered with ``context`` (text, or data for one expression)."""
        compiled, _names, native = self._compile(source)
        self.budget.start()
        try:
            if native:
                value = compiled(**context)
                _check_size(value)
                return _plain(value)
            out: list[str] = []
            size = 0
            for chunk in compiled.generate(**context):
                size += len(chunk)
                if size > MAX_OUTPUT:
                    raise _Failure(
                        f"template output is too long (more than {MAX_OUTPUT:,} characters)"
                    )
                out.append(chunk)
            return "".join(out)
        except _Failure:
            raise
        except UndefinedError as exc:
            name = re.fullmatch(r"'(\w+)' is undefined", exc.message or "")
            if name:
                failure = _Failure(f"undefined variable '{name[1]}'", name[1])
                failure.undefined = name[1]
                raise failure from None
            raise _Failure(f"template error: {exc.message}", _undefined_needle(exc)) from None
        except SecurityError as exc:
            raise _Failure(f"template not allowed: {exc}") from None
        except TemplateError as exc:
            raise _Failure(f"template error: {exc.message or exc}") from None
        except RecursionError:
            raise _Failure("template error: too much recursion") from None
        except Exception as exc:  # any error in a user's expression is reported
            raise _Failure(f"template error: {type(exc).__name__}: {exc}") from None


def _single_output(ast: nodes.Template) -> bool:
    """Return True when the template is one ``{{ expression }}`` and nothing else."""
    body = ast.body
    if len(body) != 1 or not isinstance(body[0], nodes.Output):
        return False
    parts = [
        n for n in body[0].nodes if not (isinstance(n, nodes.TemplateData) and not n.data.strip())
    ]
    return len(parts) == 1 and not isinstance(parts[0], nodes.TemplateData)


def _undefined_needle(exc: UndefinedError) -> str | None:
    m = re.search(r"has no attribute '([^']+)'|'([^']+)' is undefined", exc.message or "")
    return (m.group(1) or m.group(2)) if m else None


# --- includes -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Ref:
    """Where a value came from: a file's source map and the value's path in that file."""

    smap: SourceMap
    path: YamlPath


@dataclass
class _Doc:
    display: str  # the file name shown in messages
    real: Path  # resolved, for cycle detection
    data: dict[str, Any]
    smap: SourceMap


@dataclass
class Expanded:
    """The deck after includes and templates: plain data, a merged source map and findings."""

    data: Any
    source_map: SourceMap
    files: list[Path] = field(default_factory=list)  # included files, found or not
    texts: dict[str, str] = field(default_factory=dict)  # display name → text
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Return True when no diagnostic is an error."""
        return not any(d.is_error for d in self.diagnostics)


class _Expander:
    def __init__(
        self, root: _Doc, texts: dict[str, str], engine: TemplateEngine, reader: Reader
    ) -> None:
        self.root = root
        self.reader = reader
        self.engine = engine
        self.texts = texts
        self.files: list[Path] = []
        self.diags: list[Diagnostic] = []
        self.loaded = 0
        self.produced = 0  # characters all templates produced so far
        self.started = time.monotonic()
        self.exhausted = False  # a deck-wide template limit was reached
        self.fragment_vars: dict[str, tuple[Any, _Ref]] = {}
        self._index: dict[int, dict[YamlPath, list[tuple[bool, YamlPath, Span]]]] = {}
        self._lines: dict[str, list[int]] = {}

    # -- diagnostics

    def error(
        self, message: str, ref: _Ref | None, hint: str | None = None, *, key: bool = False
    ) -> None:
        span = ref.smap.span(ref.path, key=key) if ref else None
        self.diags.append(Diagnostic(Severity.ERROR, message, span, ref.path if ref else (), hint))

    # -- loading included files

    def load(self, raw: Any, ref: _Ref, stack: tuple[Path, ...]) -> _Doc | None:
        if not isinstance(raw, str) or not raw.strip():
            self.error("an include is a file path relative to this file", ref)
            return None
        base = Path(ref.smap.file).parent
        target = base / raw
        display = os.path.normpath(str(target))
        self.files.append(Path(display))
        if len(stack) > MAX_INCLUDE_DEPTH:
            self.error(f"includes nest deeper than {MAX_INCLUDE_DEPTH} levels", ref)
            return None
        self.loaded += 1
        if self.loaded > MAX_INCLUDES:
            self.error(f"a deck may include at most {MAX_INCLUDES} files", ref)
            return None
        try:
            # The boundary first: nothing about a file outside the root is looked at, not
            # even the names of its neighbours for a "did you mean".
            real = self.reader.check(target, raw)
        except Refused as exc:
            self.error(exc.message, ref, exc.hint)
            return None
        if not os.path.lexists(real):
            folder = target.parent
            siblings = (
                sorted(p.relative_to(base).as_posix() for p in folder.glob("*.y*ml"))
                if folder.is_dir()
                else []
            )
            close = did_you_mean(raw, siblings)
            self.reader.seen.setdefault(real, None)  # watched: creating it starts a build
            self.error(
                f"include file not found: {display}",
                ref,
                f"did you mean '{close[0]}'?" if close else "paths are relative to this file",
            )
            return None
        if real.is_dir():
            self.error(f"include file is a directory, not a file: {display}", ref)
            return None
        if real in stack:
            names = [*(self._name(p) for p in stack[stack.index(real) :]), display]
            self.error("include cycle: " + " → ".join(names), ref)
            return None
        span = ref.smap.span(ref.path)
        loaded = load_file(
            target, what="included", display=display, reader=self.reader, at=span, written=raw
        )
        if loaded.data is not None or loaded.text:
            self.texts.setdefault(display, loaded.text)
        self.diags.extend(
            dataclasses.replace(d, path=ref.path) if d.span is span and not d.path else d
            for d in loaded.diagnostics
        )
        if loaded.data is None:
            return None
        return _Doc(display, real, loaded.data, loaded.source_map)

    def _name(self, real: Path) -> str:
        for f in self.files:
            if f.resolve() == real:
                return str(f)
        return self.root.display if real == self.root.real else str(real)

    def include_list(self, doc: _Doc) -> list[tuple[Any, _Ref]]:
        raw = doc.data.get("include")
        if raw is None:
            return []
        if isinstance(raw, list):
            return [(v, _Ref(doc.smap, ("include", i))) for i, v in enumerate(raw)]
        return [(raw, _Ref(doc.smap, ("include",)))]

    # -- merging

    def top(
        self, doc: _Doc, stack: tuple[Path, ...]
    ) -> tuple[dict[str, tuple[Any, _Ref]], dict[str, tuple[Any, _Ref]]]:
        """Return a file's top-level keys and vars, each with where it came from."""
        merged: dict[str, tuple[Any, _Ref]] = {}
        vars_: dict[str, tuple[Any, _Ref]] = {}
        for raw, ref in self.include_list(doc):
            child = self.load(raw, ref, stack)
            if child is None:
                continue
            sub, sub_vars = self.top(child, (*stack, child.real))
            merged.update(sub)
            vars_.update(sub_vars)
        own = doc.data.get("vars")
        if own is not None:
            if not isinstance(own, dict):
                self.error("'vars' must be a mapping of names to values", _Ref(doc.smap, ("vars",)))
            else:
                for name, value in own.items():
                    ref = _Ref(doc.smap, ("vars", name))
                    if not name.isidentifier():
                        self.error(
                            f"'{name}' is not a valid variable name",
                            ref,
                            "use letters, digits and '_', not starting with a digit",
                            key=True,
                        )
                        continue
                    vars_[name] = (value, ref)
        for key, value in doc.data.items():
            if key not in _RESERVED:
                merged[key] = (value, _Ref(doc.smap, (key,)))
        return merged, vars_

    def slides(
        self, items: list[Any], ref: _Ref, stack: tuple[Path, ...]
    ) -> list[tuple[Any, _Ref]]:
        """Return a slides list with ``- include:`` entries replaced by the files' slides."""
        out: list[tuple[Any, _Ref]] = []
        for i, item in enumerate(items):
            item_ref = _Ref(ref.smap, (*ref.path, i))
            if not (isinstance(item, dict) and "include" in item):
                out.append((item, item_ref))
                continue
            extra = [k for k in item if k != "include"]
            if extra:
                self.error(
                    f"a slide include takes only 'include', not '{extra[0]}'",
                    _Ref(ref.smap, (*item_ref.path, extra[0])),
                    "set values for the fragment under the deck's 'vars:'",
                    key=True,
                )
                continue
            child = self.load(item["include"], _Ref(ref.smap, (*item_ref.path, "include")), stack)
            if child is None:
                continue
            sub, sub_vars = self.top(child, (*stack, child.real))
            for name, entry in sub_vars.items():
                self.fragment_vars.setdefault(name, entry)
            found = sub.get("slides")
            if found is None or not isinstance(found[0], list):
                self.error(
                    f"{child.display} has no 'slides:' list to include here",
                    _Ref(child.smap, ("slides",)) if found else item_ref,
                )
                continue
            out.extend(self.slides(found[0], found[1], (*stack, child.real)))
        return out

    # -- source maps

    def graft(self, dst: SourceMap, ref: _Ref, to: YamlPath) -> None:
        """Copy the positions under ``ref`` into ``dst`` at path ``to``."""
        index = self._index.get(id(ref.smap))
        if index is None:
            index = {}
            for is_key, table in ((False, ref.smap.values), (True, ref.smap.keys)):
                for p, span in table.items():
                    for n in (1, 2):
                        if len(p) >= n:
                            index.setdefault(p[:n], []).append((is_key, p, span))
            self._index[id(ref.smap)] = index
        n = len(ref.path)
        if n == 0:
            return
        for is_key, p, span in index.get(ref.path[:2], []):
            if p[:n] == ref.path:
                (dst.keys if is_key else dst.values)[(*to, *p[n:])] = span

    # -- templates

    def locate(self, ref: _Ref, value: str, needle: str | None) -> Span | None:
        """Return the span of ``needle`` inside the string at ``ref``, else the string's."""
        span = ref.smap.span(ref.path)
        if span is None or not needle:
            return span
        text = self.texts.get(span.file)
        if not text:
            return span
        starts = self._lines.get(span.file)
        if starts is None:
            starts = [0, *(m.end() for m in re.finditer("\n", text))]
            self._lines[span.file] = starts
        if span.line > len(starts):
            return span
        begin = starts[span.line - 1] + span.column - 1
        window = text[begin : begin + 2 * len(value) + 200]
        if needle.isidentifier():
            m = re.search(r"(?:\{\{|\{%)[^}%]*?\b(" + re.escape(needle) + r")\b", window)
            at = m.start(1) if m else -1
        else:
            at = window.find(needle)
        if at < 0:
            return span
        offset = begin + at
        line = bisect.bisect_right(starts, offset)
        column = offset - starts[line - 1] + 1
        return Span(span.file, line, column, len(needle))

    def fail(self, exc: _Failure, ref: _Ref, value: str) -> None:
        span = self.locate(ref, value, exc.needle)
        self.diags.append(Diagnostic(Severity.ERROR, exc.message, span, ref.path, exc.hint))

    def render(self, value: Any, ref: _Ref, context: dict[str, Any], known: set[str]) -> Any:
        """Return ``value`` with every template string in it rendered."""
        if isinstance(value, str):
            if not is_template(value):
                return value
            if self.exhausted:
                return value  # the deck's budget is spent and was reported once
            try:
                if time.monotonic() - self.started > MAX_DECK_SECONDS:
                    self.exhausted = True
                    raise _Failure(
                        f"the deck's templates run longer than {MAX_DECK_SECONDS:g} s in all"
                    )
                out = self.engine.render(value, context)
                self.produced += _size(out, MAX_DECK_OUTPUT)
                if self.produced > MAX_DECK_OUTPUT:
                    self.exhausted = True
                    raise _Failure(
                        f"the deck's templates produce more than {MAX_DECK_OUTPUT:,} "
                        "characters in all"
                    )
                return out
            except _Failure as exc:
                if exc.undefined is not None:
                    close = did_you_mean(exc.undefined, sorted(known))
                    exc.hint = f"did you mean '{close[0]}'?" if close else "define it under 'vars:'"
                self.fail(exc, ref, value)
                return value
        if isinstance(value, dict):
            return {
                k: self.render(v, _Ref(ref.smap, (*ref.path, k)), context, known)
                for k, v in value.items()
            }
        if isinstance(value, list):
            return [
                self.render(v, _Ref(ref.smap, (*ref.path, i)), context, known)
                for i, v in enumerate(value)
            ]
        return value

    def resolve_vars(self, entries: dict[str, tuple[Any, _Ref]]) -> dict[str, Any]:
        """Return the vars rendered in dependency order (vars may use other vars)."""
        known = set(entries)
        deps: dict[str, list[str]] = {}
        for name, (value, ref) in entries.items():
            used: set[str] = set()
            for s, sref in _strings(value, ref):
                if is_template(s):
                    try:
                        used |= self.engine.names(s)
                    except _Failure as exc:
                        self.fail(exc, sref, s)
            deps[name] = sorted(used & known)
        done: dict[str, Any] = {}
        state: dict[str, int] = {}  # 1 visiting, 2 done

        def visit(name: str, chain: list[str]) -> None:
            if state.get(name) == 2:
                return
            if state.get(name) == 1:
                cycle = [*chain[chain.index(name) :], name]
                value, ref = entries[cycle[0]]
                self.diags.append(
                    Diagnostic(
                        Severity.ERROR,
                        "variables refer to each other in a cycle: " + " → ".join(cycle),
                        ref.smap.span(ref.path),
                        ref.path,
                    )
                )
                done.setdefault(name, value)
                return
            state[name] = 1
            for dep in deps[name]:
                visit(dep, [*chain, name])
            value, ref = entries[name]
            context = {k: _wrap(v, self.engine.budget) for k, v in done.items()}
            done[name] = self.render(value, ref, context, known)
            state[name] = 2

        for name in entries:
            visit(name, [])
        return {name: done[name] for name in entries}


def _strings(value: Any, ref: _Ref) -> Iterator[tuple[str, _Ref]]:
    if isinstance(value, str):
        yield value, ref
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, _Ref(ref.smap, (*ref.path, k)))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _strings(v, _Ref(ref.smap, (*ref.path, i)))


def expand(
    data: dict[str, Any],
    smap: SourceMap,
    path: Path,
    *,
    text: str = "",
    engine: TemplateEngine | None = None,
    reader: Reader | None = None,
) -> Expanded:
    """Return the deck ``data`` (loaded from ``path``) with includes merged and templates
    rendered, a source map that points into every file a value came from, and diagnostics.

    Included files are read through ``reader`` (the trust boundary: by default, confined
    to the deck's own root). ``data`` is None in the result when anything failed.
    """
    engine = engine or TemplateEngine()
    if reader is None:
        from deckgen.confine import default_root

        reader = Reader(default_root(path))
    texts = {smap.file: text}
    root = _Doc(smap.file, path.resolve(), data, smap)
    ex = _Expander(root, texts, engine, reader)
    stack = (root.real,)
    merged, vars_ = ex.top(root, stack)

    out_map = SourceMap(smap.file)
    if () in smap.values:
        out_map.values[()] = smap.values[()]
    out: dict[str, Any] = {}
    for key, (value, ref) in merged.items():
        ex.graft(out_map, ref, (key,))
        if key == "slides" and isinstance(value, list):
            spliced = ex.slides(value, ref, stack if ref.smap is smap else _stack_of(ref, stack))
            for i, (_item, item_ref) in enumerate(spliced):
                ex.graft(out_map, item_ref, ("slides", i))
            out[key] = [item for item, _ in spliced]
        else:
            out[key] = value
    result = Expanded(None, out_map, ex.files, {k: v for k, v in texts.items() if k != smap.file})
    if ex.diags:
        result.diagnostics = ex.diags
        if any(d.is_error for d in ex.diags):
            return result

    all_vars = {**ex.fragment_vars, **vars_}
    values = ex.resolve_vars(all_vars)
    context = {k: _wrap(v, engine.budget) for k, v in values.items()}
    known = set(values)
    rendered = {
        key: ex.render(value, _Ref(out_map, (key,)), context, known) for key, value in out.items()
    }
    result.diagnostics = ex.diags
    if not any(d.is_error for d in ex.diags):
        result.data = rendered
    return result


def _stack_of(ref: _Ref, stack: tuple[Path, ...]) -> tuple[Path, ...]:
    """Return the include stack for slides that came from an included file's top level."""
    return (*stack, Path(ref.smap.file).resolve())
