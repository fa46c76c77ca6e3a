"""The pipeline in one place: source → expand → spec → theme → layout → backend → write.

Each function returns data and diagnostics; nothing here prints. The CLI decides what to
show and which exit code to use.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

from deckgen import ir
from deckgen.confine import Reader
from deckgen.diagnostics import Diagnostic, Severity, Span
from deckgen.icons import IconSet
from deckgen.measure import Measurer
from deckgen.source import SourceMap, load_file
from deckgen.spec import Deck, validate_deck
from deckgen.theme import Theme, builtin_theme_dir, load_theme

if TYPE_CHECKING:
    from deckgen.expand import TemplateEngine
    from deckgen.frames import Frames


class Tools(msgspec.Struct):
    """Expensive helpers shared by every deck built in one process."""

    measurer: Measurer = msgspec.field(default_factory=Measurer)
    icons: IconSet = msgspec.field(default_factory=IconSet)
    _templates: TemplateEngine | None = None

    @property
    def templates(self) -> TemplateEngine:
        """Return the template engine, made on first use (Jinja2 costs ~40 ms to import)."""
        if self._templates is None:
            from deckgen.expand import TemplateEngine

            self._templates = TemplateEngine()
        return self._templates


_TEMPLATE_MARKS = ("{{", "{%", "{#")


def needs_expansion(data: Any) -> bool:
    """Return True when the deck uses ``vars:``, ``include:`` or template syntax anywhere."""
    if isinstance(data, dict):
        if "vars" in data or "include" in data:
            return True
        return any(needs_expansion(v) for v in data.values())
    if isinstance(data, list):
        return any(needs_expansion(v) for v in data)
    return isinstance(data, str) and any(m in data for m in _TEMPLATE_MARKS)


class Result(msgspec.Struct):
    """What building (or checking) one deck produced."""

    source: Path
    diagnostics: list[Diagnostic]
    deck: Deck | None = None
    theme: Theme | None = None
    presentation: ir.Presentation | None = None
    inputs: tuple[Path, ...] = ()  # every file the build read (for watch and the cache)
    theme_files: tuple[Path, ...] = ()  # the theme's chain, the deck's own theme first
    # file → text, for error excerpts: only files that were accepted and read.
    texts: dict[str, str] = msgspec.field(default_factory=dict)
    # what the reader read: resolved path → SHA-256 of the bytes (None: refused or missing)
    digests: dict[str, str | None] = msgspec.field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """Return True when no diagnostic is an error."""
        return not any(d.severity is Severity.ERROR for d in self.diagnostics)


def make_reader(path: Path, root: Path | None = None, *, allow_outside: bool = False) -> Reader:
    """Return the reader (trust boundary) for the deck at ``path``: confined to ``root``,
    by default the deck's git work tree or folder; unconfined when ``allow_outside``.
    The built-in themes are always readable."""
    return Reader.for_deck(path, root, allow_outside=allow_outside, trusted=(builtin_theme_dir(),))


def prepare_deck(
    path: Path, tools: Tools, reader: Reader | None = None
) -> tuple[Result, SourceMap | None]:
    """Return the deck at ``path`` loaded, expanded, validated and themed (no layout),
    with the merged source map (None when the deck did not get that far).

    Every file is read through ``reader`` (default: :func:`make_reader` of the deck).
    """
    reader = reader or make_reader(path)
    res = Result(path, [], inputs=(path,))
    try:
        res, smap = _prepare(path, tools, reader, res)
    finally:
        res.digests = reader.digests()
    return res, smap


def _prepare(
    path: Path, tools: Tools, reader: Reader, res: Result
) -> tuple[Result, SourceMap | None]:
    """Return ``res`` filled by loading, expanding and validating the deck (the body of
    :func:`prepare_deck`), with the merged source map."""
    loaded = load_file(path, reader=reader)
    res.diagnostics.extend(loaded.diagnostics)
    if loaded.text:
        res.texts[str(path)] = loaded.text
    if loaded.data is None:
        return res, None
    if not needs_expansion(loaded.data):
        # A plain deck: nothing to expand, and no need to import Jinja2.
        return _validate(path, tools, res, loaded.data, loaded.source_map, reader)
    from deckgen.expand import expand

    expanded = expand(
        loaded.data,
        loaded.source_map,
        path,
        text=loaded.text,
        engine=tools.templates,
        reader=reader,
    )
    res.diagnostics.extend(expanded.diagnostics)
    res.texts.update(expanded.texts)
    res.inputs = (path, *expanded.files)
    if expanded.data is None:
        return res, None
    return _validate(path, tools, res, expanded.data, expanded.source_map, reader)


def _validate(
    path: Path, tools: Tools, res: Result, data: Any, smap: SourceMap, reader: Reader
) -> tuple[Result, SourceMap | None]:
    """Validate expanded data and resolve its theme (the rest of :func:`prepare_deck`)."""
    from deckgen.links import check_links

    deck, errors = validate_deck(data, smap)
    res.diagnostics.extend(errors)
    res.diagnostics.extend(check_links(data, smap))
    if deck is None or not res.ok:
        return res, smap
    res.deck = deck
    themed = load_theme(deck.theme, path.parent, span=smap.span(("theme",)), reader=reader)
    res.diagnostics.extend(themed.diagnostics)
    res.inputs = (*res.inputs, *themed.files)
    res.theme_files = themed.files
    for name, text in themed.texts.items():
        res.texts.setdefault(name, text)
    res.theme = themed.theme
    return res, smap


def compile_deck(
    path: Path,
    tools: Tools,
    rules: Mapping[str, str] | None = None,
    *,
    allow_outside: bool = False,
    template: str | None = None,
    root: Path | None = None,
) -> Result:
    """Return the deck at ``path`` validated, laid out and linted (no file is written).

    ``rules`` overrides lint severities (rule → 'error', 'warning' or 'off') after the
    theme's own ``lint:`` settings. ``template`` (a .pptx or .potx) is built on instead
    of the theme's ``template:``, if any. Every file the deck reads must lie under ``root``
    (default: the deck's git work tree, else its folder) unless ``allow_outside``.
    """
    from deckgen.assets import resolve
    from deckgen.layout import layout
    from deckgen.lint import apply_policy, lint

    reader = make_reader(path, root, allow_outside=allow_outside)
    res, smap = prepare_deck(path, tools, reader)
    if res.deck is None or res.theme is None or smap is None or not res.ok:
        return res
    theme = res.theme
    deck, assets, problems = resolve(res.deck, path.parent, smap, reader)
    res.digests = reader.digests()
    res.diagnostics.extend(problems)
    res.inputs = (*res.inputs, *assets.files)
    if problems:
        return res
    frames = None
    if template or theme.template:
        on = _on_template(res, theme, template, tools, reader)
        res.digests = reader.digests()  # the theme's template is an input like the rest
        if on is None:
            return res
        theme, frames = on
    pres, diags = layout(deck, theme, smap, tools.measurer, tools.icons, assets, frames)
    diags = [*diags, *lint(pres, deck, theme, smap)]
    res.diagnostics.extend(apply_policy(diags, {**theme.lint, **(rules or {})}))
    res.presentation = pres
    return res


def _on_template(
    res: Result, theme: Theme, given: str | None, tools: Tools, reader: Reader
) -> tuple[Theme, Frames] | None:
    """Return the theme fitted to the template (``given`` on the command line, else the
    theme's) and its frames, recording the template's warnings in ``res``; None (with an
    error located in the theme file where it can be) when the template cannot be used.

    A template named on the command line is the user's own choice, like the deck: it must
    be a regular file, read with a bound. One a theme names is a file the deck reads, so it
    must also lie under the deck's root."""
    from deckgen.confine import Refused, read_regular
    from deckgen.frames import frames_of, themed
    from deckgen.template import MAX_FILE, TemplateError, choose_layouts, read_template

    template = given or theme.template or ""
    try:
        try:
            if given:
                data = read_regular(Path(given), MAX_FILE, given)
            else:
                data = reader.read(Path(template), MAX_FILE, template)
        except Refused as exc:
            raise TemplateError(exc.message, hint=exc.hint) from None
        tpl = read_template(data)
        choice = choose_layouts(tpl, theme.layouts)
    except TemplateError as exc:
        # a problem with what a theme says is located at its key in the theme file
        span = None
        if given is None or exc.key[0] == "layouts":
            span = _theme_span(res, exc.key)
        res.diagnostics.append(
            Diagnostic(
                Severity.ERROR, f"template '{template}': {exc}", span, exc.key, hint=exc.hint
            )
        )
        return None
    fitted, warnings = themed(theme, tpl, choice, tools.measurer)
    frames = frames_of(tpl, choice, fitted)
    try:
        from deckgen.backend.on_template import open_template

        open_template(frames.package)
    except Exception as exc:  # python-pptx raises many kinds of error on a damaged package
        res.diagnostics.append(
            Diagnostic(
                Severity.ERROR,
                f"template '{template}': the template cannot be opened "
                f"({type(exc).__name__}); is it damaged?",
                _theme_span(res, ("template",)) if given is None else None,
                ("template",),
            )
        )
        return None
    res.inputs = (*res.inputs, Path(template))
    res.diagnostics.extend(
        Diagnostic(Severity.WARNING, f"template '{template}': {w}", rule="template")
        for w in warnings
    )
    # what a layout the theme names lacks is located at its key in the theme
    res.diagnostics.extend(
        Diagnostic(
            Severity.WARNING,
            f"template '{template}': {n.message}",
            _theme_span(res, ("layouts", n.key)),
            ("layouts", n.key),
            n.hint,
            rule="template",
        )
        for n in choice.named
    )
    return fitted, frames


def _theme_span(res: Result, key: tuple[str, ...]) -> Span | None:
    """Return where ``key`` is written in the deck's theme's chain of files, or None."""
    return theme_span(res.theme_files, key)


def theme_span(files: Sequence[Path], key: tuple[str, ...]) -> Span | None:
    """Return where ``key`` is written in a theme's chain of ``files`` (the theme itself
    first, then what it extends), or None."""
    for path in files:
        loaded = load_file(path, what="theme")
        if isinstance(loaded.data, dict) and key[0] in loaded.data:
            return loaded.source_map.span(key)
    return None


def render_bytes(pres: ir.Presentation) -> bytes:
    """Return the deterministic .pptx bytes of a laid-out presentation."""
    from deckgen.backend import render
    from deckgen.write import normalize

    return normalize(render(pres), pres.properties.created)


def dump_ir(pres: ir.Presentation) -> str:
    """Return the IR as indented JSON."""
    return json.dumps(ir.to_json(pres), indent=1, ensure_ascii=False)


# --- building many decks ----------------------------------------------------------------------


def deck_files(folder: Path) -> list[Path]:
    """Return the deck files of a folder (``*.yaml``/``*.yml``), without ``_partials``
    (fragments for ``include:``)."""
    found = [*folder.glob("*.yaml"), *folder.glob("*.yml")]
    return sorted(p for p in found if not p.name.startswith("_"))


class Job(msgspec.Struct, frozen=True):
    """One deck to build into one output file."""

    source: Path
    target: Path
    dump_ir: bool = False
    rules: tuple[tuple[str, str], ...] = ()
    allow_outside: bool = False  # files named by the deck may lie outside its root
    template: str | None = None  # a .pptx/.potx to build on (--template)
    root: Path | None = None  # the root its reads are confined to (default: see confine)


class Outcome(msgspec.Struct):
    """What building one job produced (picklable, so workers can send it back)."""

    job: Job
    diagnostics: list[Diagnostic]
    texts: dict[str, str] = msgspec.field(default_factory=dict)
    slides: int | None = None  # None when nothing was written
    inputs: dict[str, str | None] = msgspec.field(default_factory=dict)  # path → SHA-256
    output: str | None = None  # SHA-256 of the written file
    write_error: str | None = None
    usage_error: str | None = None  # the output would overwrite one of the deck's inputs
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """Return True when the deck was written."""
        return self.slides is not None


def build_job(job: Job, tools: Tools) -> Outcome:
    """Compile, render and atomically write one deck; never raises for deck errors."""
    import hashlib
    import time

    from deckgen.write import OutputRefused, write_atomic

    start = time.perf_counter()
    res = compile_deck(
        job.source,
        tools,
        dict(job.rules),
        allow_outside=job.allow_outside,
        template=job.template,
        root=job.root,
    )
    out = Outcome(job, res.diagnostics)
    # The digests of the bytes the build read: the cache never opens an input again, and
    # a refused file (None) is never hashed.
    out.inputs = dict(res.digests)
    if res.diagnostics:
        out.texts = res.texts
    if res.ok and res.presentation is not None:
        outputs = [job.target, *([job.target.with_suffix(".ir.json")] if job.dump_ir else [])]
        clobbered = [p for p in outputs if os.path.realpath(p) in res.digests]
        if clobbered:
            out.usage_error = (
                f"the output {clobbered[0]} is a file the deck {job.source} reads; "
                "choose another output with -o"
            )
            out.seconds = time.perf_counter() - start
            return out
        data = render_bytes(res.presentation)
        try:
            write_atomic(job.target, data)
            if job.dump_ir:
                write_atomic(outputs[1], dump_ir(res.presentation).encode())
        except OutputRefused as exc:
            out.write_error = str(exc)
        except OSError as exc:
            out.write_error = f"cannot write {job.target}: {exc.strerror or exc}"
        else:
            out.slides = len(res.presentation.slides)
            out.output = hashlib.sha256(data).hexdigest()
    out.seconds = time.perf_counter() - start
    return out


_WORKER_TOOLS: Tools | None = None


def _worker_init() -> None:
    global _WORKER_TOOLS
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    if _WORKER_TOOLS is None:  # spawned, not forked from a warm parent
        _WORKER_TOOLS = Tools()


def _worker_build(job: Job) -> Outcome:
    assert _WORKER_TOOLS is not None
    return build_job(job, _WORKER_TOOLS)


def default_workers(jobs: int) -> int:
    """Return how many processes to build ``jobs`` decks with.

    Measured with benchmarks/authoring.py on 2 CPUs: 4 decks 0.92 s serial, 0.85 s pooled;
    6 decks 1.06 s / 0.89 s; 24 decks 2.67 s / 1.70 s. With 2 decks the pool gains nothing,
    so it starts from four decks, on machines with more than one CPU.
    """
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    if jobs <= 3 or cpus <= 1:
        return 1
    return min(cpus, jobs, 8)


def build_jobs(jobs: Sequence[Job], tools: Tools, workers: int = 1) -> Iterator[Outcome]:
    """Yield the outcome of each job, in the order given.

    With ``workers`` > 1 the first deck is built here, which warms ``tools`` (fonts, icons,
    imports), and the rest by a pool of forked processes that start from that warm state
    (spawned ones warm up themselves). The bytes written are the same as in a serial build.
    """
    global _WORKER_TOOLS
    if workers <= 1 or len(jobs) <= 2:
        for job in jobs:
            yield build_job(job, tools)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    yield build_job(jobs[0], tools)
    methods = multiprocessing.get_all_start_methods()
    fork = "fork" in methods
    context = multiprocessing.get_context("fork" if fork else "spawn")
    _WORKER_TOOLS = tools if fork else None
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_worker_init)
    try:
        yield from pool.map(_worker_build, jobs[1:])
    finally:
        # Stopped early (Ctrl-C, an error): decks not started yet are not built.
        pool.shutdown(wait=True, cancel_futures=True)
        _WORKER_TOOLS = None
