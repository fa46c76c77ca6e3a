"""The command line. The only module that prints and chooses exit codes:
0 success, 1 a deck or theme error, 2 a usage error."""

from __future__ import annotations

import gc
import json
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from deckgen import __version__
from deckgen.diagnostics import Diagnostic, Severity, render

if TYPE_CHECKING:
    from deckgen.build import Job, Tools
    from deckgen.review.diff import DeckDiff
    from deckgen.watch import WatchEvent

EXAMPLES = """
\b
Examples:
  deckgen build decks/qwen25.yaml            writes build/qwen25.pptx
  deckgen build decks/ -o out/               every deck in a folder
  deckgen build decks/llama.yaml -o talk.pptx
  deckgen check decks/*.yaml                 validate without writing
  deckgen check --pptx build/qwen25.pptx     validate any .pptx file
  deckgen check --a11y build/qwen25.pptx     check any .pptx for accessibility
  deckgen icons arrow                        search icon names
  deckgen watch decks/qwen25.yaml            rebuild on every save
  deckgen new "Attention Is All You Need"    start a deck from a template
  deckgen import notes.md -o decks/notes.yaml
  deckgen outline decks/qwen25.yaml -o handout.md
  deckgen schema -o schema/deck.schema.json  JSON Schema for editors
  deckgen build decks/qwen25.yaml --pdf      also writes build/qwen25.pdf
  deckgen diff HEAD~1:decks/qwen25.yaml decks/qwen25.yaml
  deckgen diff old.pptx new.pptx --visual review/
"""


class DeckFailure(Exception):
    """A deck could not be built; its diagnostics are already printed."""


def _emit(diags: Iterable[Diagnostic], texts: dict[str, str], fmt: str) -> None:
    for d in diags:
        if fmt == "json":
            click.echo(json.dumps(d.to_dict(), ensure_ascii=False))
        elif fmt == "github":
            level = {"error": "error", "warning": "warning", "note": "notice"}[d.severity.value]
            loc = ""
            if d.span:
                name = _gh_property(d.span.file)
                loc = f" file={name},line={d.span.line},col={d.span.column}"
            click.echo(f"::{level}{loc}::{_gh_data(d.message)}")
        else:
            text = texts.get(d.span.file) if d.span else None
            click.echo(render(d, text), err=True)


def _gh_data(text: str) -> str:
    """Escape a GitHub Actions workflow-command message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    """Escape a GitHub Actions workflow-command property value (file=…)."""
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def _collect(paths: Sequence[str]) -> list[Path]:
    """Return deck files named on the command line; folders give their YAML files
    (except ``_partials``, which are fragments for ``include:``)."""
    from deckgen.build import deck_files

    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = deck_files(p)
            if not found:
                raise click.UsageError(f"no .yaml deck files in folder '{raw}'")
            out.extend(found)
        else:
            out.append(p)
    return out


def _targets(output: str | None, several: bool) -> Callable[[Path], Path]:
    """Return the function naming a deck's .pptx: -o as a file (one deck) or a folder
    (several, or a path ending in / or naming a folder), else build/NAME.pptx."""
    if not output:
        return lambda source: DEFAULT_OUT / f"{source.stem}.pptx"
    if several or output.endswith(("/", "\\")) or Path(output).is_dir():
        return lambda source: Path(output) / f"{source.stem}.pptx"
    single = Path(output)
    if single.suffix.lower() != ".pptx":
        raise click.UsageError(f"output file must end in .pptx: '{output}'")
    return lambda source: single


def _lint_options(command: Callable[..., None]) -> Callable[..., None]:
    """Add --warn and --ignore, shared by build, check and watch."""
    for option in reversed(
        [
            click.option(
                "--warn",
                "warn",
                multiple=True,
                metavar="RULE",
                help="Report a lint rule as a warning (repeatable).",
            ),
            click.option(
                "--ignore",
                "ignore",
                multiple=True,
                metavar="RULE",
                help="Turn a lint rule off (repeatable).",
            ),
        ]
    ):
        command = option(command)
    return command


def _boundary_options(command: Callable[..., None]) -> Callable[..., None]:
    """Add --root and --allow-outside: where the files a deck reads may lie."""
    for option in reversed(
        [
            click.option(
                "--root",
                type=click.Path(exists=True, file_okay=False),
                help="Folder every file a deck reads must lie in. "
                "Default: the deck's git work tree, else the deck's folder.",
            ),
            click.option(
                "--allow-outside",
                is_flag=True,
                help="Let decks read files (includes, themes, pictures, CSV) outside the root.",
            ),
        ]
    ):
        command = option(command)
    return command


def _root(root: str | None) -> Path | None:
    """Return the --root option as a path (None when not given)."""
    return Path(root) if root else None


def _check_output(output: str | None, inputs: Iterable[Path]) -> None:
    """Refuse (usage error) an output that is one of the inputs, or that names a device,
    FIFO, socket or folder instead of a regular file or a new path."""
    if output is None:
        return
    from deckgen.write import output_problem

    real = os.path.realpath(output)
    for p in inputs:
        if os.path.realpath(p) == real:
            raise click.UsageError(f"the output {output} is an input ({p}); choose another file")
    problem = output_problem(Path(output))
    if problem is not None:
        raise click.UsageError(problem)


def _rules(warn: Sequence[str], ignore: Sequence[str]) -> dict[str, str]:
    """Return lint severities from --warn/--ignore, rejecting unknown rule names."""
    from deckgen.diagnostics import did_you_mean
    from deckgen.lint import RULES

    out: dict[str, str] = {}
    for level, names in (("warning", warn), ("off", ignore)):
        for name in names:
            if name not in RULES:
                close = did_you_mean(name, RULES)
                hint = (
                    f" (did you mean '{close[0]}'?)" if close else f" (rules: {', '.join(RULES)})"
                )
                raise click.BadParameter(f"unknown lint rule '{name}'{hint}")
            out[name] = level
    return out


@click.group(epilog=EXAMPLES, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(
    __version__, "--version", "-V", prog_name="deckgen", message="%(prog)s %(version)s"
)
def cli() -> None:
    """Build native, editable PowerPoint decks from YAML deck specs."""


@cli.command(epilog=EXAMPLES)
@click.argument("decks", nargs=-1, required=True, type=click.Path())
@click.option(
    "-o",
    "--output",
    type=click.Path(),
    help="Output .pptx (one deck) or folder (several). Default: build/NAME.pptx.",
)
@click.option(
    "--dump-ir", is_flag=True, help="Also write the laid-out IR as NAME.ir.json beside the deck."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    help="How to print diagnostics.",
)
@click.option("-q", "--quiet", is_flag=True, help="Print only errors and warnings.")
@_lint_options
@_boundary_options
@click.option(
    "--force", is_flag=True, help="Rebuild every deck, even those whose inputs are unchanged."
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(1, 64),
    help="Build this many decks at once. Default: one process per CPU from 4 decks on.",
)
@click.option(
    "--pdf", is_flag=True, help="Also write NAME.pdf beside each .pptx (needs LibreOffice)."
)
@click.option(
    "--template",
    type=click.Path(),
    help="Build on this PowerPoint template (.pptx or .potx): its masters, layouts and theme.",
)
def build(
    decks: tuple[str, ...],
    output: str | None,
    dump_ir: bool,
    fmt: str,
    quiet: bool,
    warn: tuple[str, ...],
    ignore: tuple[str, ...],
    force: bool,
    allow_outside: bool,
    root: str | None,
    jobs: int | None,
    pdf: bool,
    template: str | None,
) -> None:
    """Build each DECK (a .yaml file or a folder of them) into a .pptx file.

    Decks built into the default build/ folder are skipped when nothing they read (the deck,
    included files, theme, pictures, CSV) changed since the last build; --force rebuilds.
    """
    from deckgen.build import Job, Tools, build_jobs, default_workers
    from deckgen.cache import BuildCache, options_key

    files = _collect(decks)
    target = _targets(output, len(files) > 1)
    rules = _rules(warn, ignore)
    rule_items = tuple(sorted(rules.items()))
    all_jobs = _unique_jobs(
        [
            Job(f, target(f), dump_ir, rule_items, allow_outside, template, _root(root))
            for f in files
        ]
    )
    # The cache lives in the default build folder; builds into a folder named with -o are
    # always full builds (that folder holds only what was asked for).
    cache = BuildCache(DEFAULT_OUT) if output is None else None
    options = options_key(
        {
            "dump_ir": dump_ir,
            "rules": rule_items,
            "allow_outside": allow_outside,
            "template": template,
            "root": str(Path(root).resolve()) if root else None,
            "epoch": os.environ.get("SOURCE_DATE_EPOCH"),
        }
    )
    show = fmt == "text" and not quiet
    fresh = {
        job.target
        for job in all_jobs
        if cache and not force and cache.fresh(job.source, job.target, options) is not None
    }
    todo = [job for job in all_jobs if job.target not in fresh]
    workers = jobs or default_workers(len(todo))
    progress = _Progress(len(todo), enabled=show and len(todo) >= 4 and _is_tty())
    outcomes = build_jobs(todo, Tools(), workers)
    failed = built = 0
    usage: str | None = None
    try:
        for job in all_jobs:  # in the order given, built or not
            if job.target in fresh:
                if show:
                    progress.clear()
                    click.echo(f"{job.source} → {job.target} (unchanged)")
                    progress.draw()
                continue
            if built:  # a second deck, built here or by worker processes forked for it
                _collector_on()
            outcome = next(outcomes)
            built += 1
            progress.clear()
            _emit(outcome.diagnostics, outcome.texts, fmt)
            if outcome.write_error:
                click.echo(f"{job.source}: error: {outcome.write_error}", err=True)
            if outcome.usage_error:
                usage = outcome.usage_error
            if not outcome.ok:
                failed += 1
                if cache:
                    cache.forget(job.target)
            else:
                if cache and outcome.slides is not None:
                    cache.record(
                        job.source,
                        job.target,
                        outcome.inputs,
                        options,
                        outcome.slides,
                        outcome.output,
                    )
                if show:
                    n = outcome.slides or 0
                    click.echo(f"{job.source} → {job.target} ({n} slide{'s' if n != 1 else ''})")
            progress.advance()
    finally:
        outcomes.close()
        progress.clear()
        if cache:
            cache.save()
    if usage:
        raise click.UsageError(usage)
    if pdf:
        _build_pdfs([job.target for job in all_jobs], show)
    if failed:
        if fmt == "text":
            click.echo(f"{failed} of {len(all_jobs)} deck(s) failed", err=True)
        sys.exit(1)


def _unique_jobs(jobs: list[Job]) -> list[Job]:
    """Return the jobs with repeats of one deck dropped; refuse (usage error) two decks
    that would write the same file, or an output that is one of the decks, before any
    deck is built."""
    from deckgen.write import output_problem

    by_target: dict[str, Job] = {}
    sources = {os.path.realpath(j.source): j.source for j in jobs}
    out: list[Job] = []
    for job in jobs:
        key = os.path.realpath(job.target)
        if key in sources:
            raise click.UsageError(
                f"the output {job.target} is the deck {sources[key]} itself; "
                "choose another output with -o"
            )
        problem = output_problem(job.target)
        if problem is not None:
            raise click.UsageError(problem)
        first = by_target.get(key)
        if first is not None:
            if os.path.realpath(first.source) == os.path.realpath(job.source):
                continue
            raise click.UsageError(
                f"{first.source} and {job.source} would both be written to {job.target}; "
                "rename one, or build them into separate folders"
            )
        by_target[key] = job
        out.append(job)
    return out


DEFAULT_OUT = Path("build")


def _build_pdfs(targets: Sequence[Path], show: bool) -> None:
    """Write NAME.pdf beside each built .pptx that has no PDF as new as itself (so decks
    skipped as unchanged get one too). Without LibreOffice, or when it fails, print a
    warning: the .pptx files are written either way."""
    from deckgen.preview import PreviewError, find_soffice, write_pdfs

    stale = []
    for pptx in dict.fromkeys(targets):
        if not pptx.is_file():
            continue  # not built
        pdf = pptx.with_suffix(".pdf")
        if not pdf.exists() or pdf.stat().st_mtime_ns < pptx.stat().st_mtime_ns:
            stale.append(pptx)
    if not stale:
        return
    try:
        find_soffice()
        written = write_pdfs(stale)
    except PreviewError as exc:
        click.echo(f"warning: --pdf: {exc}; the .pptx files were written", err=True)
        return
    except OSError as exc:
        click.echo(f"warning: --pdf: cannot write: {exc.strerror or exc}", err=True)
        return
    if show:
        for path in written:
            click.echo(f"{path.with_suffix('.pptx')} → {path}")


def _is_tty() -> bool:
    return sys.stdout.isatty()


class _Progress:
    """A one-line progress bar under the per-deck lines (terminals only)."""

    WIDTH = 30

    def __init__(self, total: int, *, enabled: bool) -> None:
        self.total = total
        self.done = 0
        self.enabled = enabled
        self.shown = False
        self.draw()

    def draw(self) -> None:
        if not self.enabled or self.done >= self.total:
            return
        filled = round(self.WIDTH * self.done / self.total)
        bar = "█" * filled + "░" * (self.WIDTH - filled)
        click.echo(f"\r{bar} {self.done}/{self.total} decks", nl=False)
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            click.echo("\r\x1b[K", nl=False)
            self.shown = False

    def advance(self) -> None:
        self.done += 1
        self.draw()


@cli.command(epilog=EXAMPLES)
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option(
    "--pptx", "as_pptx", is_flag=True, help="Validate .pptx files (package, relationships, schema)."
)
@click.option(
    "--a11y",
    "as_a11y",
    is_flag=True,
    help="Check .pptx files for accessibility (PowerPoint's checker rules, WCAG 2.x).",
)
@click.option(
    "--xsd-dir",
    type=click.Path(),
    help="Folder with the ECMA-376 schemas (default: $DECKGEN_XSD_DIR).",
)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text")
@_lint_options
@click.option(
    "--template",
    type=click.Path(),
    help="Lay decks out on this PowerPoint template (.pptx or .potx), as `build` would.",
)
@_boundary_options
def check(
    files: tuple[str, ...],
    as_pptx: bool,
    as_a11y: bool,
    xsd_dir: str | None,
    fmt: str,
    warn: tuple[str, ...],
    ignore: tuple[str, ...],
    allow_outside: bool,
    template: str | None,
    root: str | None,
) -> None:
    """Validate deck specs (or, with --pptx, .pptx files) without writing anything."""
    if as_pptx and as_a11y:
        raise click.UsageError("--pptx and --a11y are separate checks: give one")
    if as_a11y:
        _check_a11y(files, fmt)
        return
    if as_pptx:
        _check_pptx(files, xsd_dir, fmt)
        return
    from deckgen.build import Tools, compile_deck

    tools = Tools()
    rules = _rules(warn, ignore)
    failed = 0
    paths = _collect(files)
    for index, f in enumerate(paths):
        if index:
            _collector_on()
        res = compile_deck(
            f, tools, rules, allow_outside=allow_outside, template=template, root=_root(root)
        )
        _emit(res.diagnostics, res.texts, fmt)
        if not res.ok:
            failed += 1
        elif fmt == "text":
            n = len(res.presentation.slides) if res.presentation else 0
            click.echo(f"{f}: ok ({n} slide{'s' if n != 1 else ''})")
    sys.exit(1 if failed else 0)


#: The largest .pptx ``check --pptx`` reads.
MAX_PPTX_BYTES = 512 * 1024 * 1024


def _check_pptx(files: Sequence[str], xsd_dir: str | None, fmt: str) -> None:
    from deckgen.validate import Validator, find_schema_dir

    schemas = find_schema_dir(xsd_dir)
    if schemas is None:
        click.echo(
            "note: ECMA-376 schemas not found (set DECKGEN_XSD_DIR); schema checks skipped",
            err=True,
        )
    validator = Validator(schemas)
    failed = 0
    from deckgen.confine import Refused, read_regular

    for raw in files:
        path = Path(raw)
        try:
            # Only a regular file, read with a bound: a FIFO or a device would hang here.
            data = read_regular(path, MAX_PPTX_BYTES, raw)
        except Refused as exc:
            click.echo(f"{path}: error: {exc.message}", err=True)
            failed += 1
            continue
        findings = validator.check_bytes(data, name=str(path))
        errors = [x for x in findings if x.severity == "error"]
        for x in findings:
            d = Diagnostic(Severity(x.severity), f"{x.part}: {x.message}", rule=x.rule)
            if fmt == "text":
                click.echo(f"{path}: {render(d)}", err=True)
            else:
                _emit([d], {}, fmt)
        if errors:
            failed += 1
        elif fmt == "text":
            click.echo(f"{path}: ok")
    sys.exit(1 if failed else 0)


def _check_a11y(files: Sequence[str], fmt: str) -> None:
    from deckgen.a11y import UnreadableError, check_file

    failed = 0
    # a folder stands for the .pptx files in it
    paths = [
        q
        for raw in files
        for q in (sorted(Path(raw).glob("*.pptx")) if Path(raw).is_dir() else [Path(raw)])
    ]
    for path in paths:
        try:
            findings = check_file(path)
        except UnreadableError as exc:
            findings = []
            failed += 1
            _emit(
                [Diagnostic(Severity.ERROR, f"{path}: cannot check: {exc}", rule="a11y")], {}, fmt
            )
            continue
        for x in findings:
            if fmt == "json":
                click.echo(json.dumps({"file": str(path), **x.to_dict()}, ensure_ascii=False))
            elif fmt == "github":
                where = _gh_property(f"{x.where} ({x.rule})")
                loc = f"file={_gh_property(str(path))},title={where}"
                click.echo(f"::{x.severity} {loc}::{_gh_data(x.message)}")
            else:
                click.echo(f"{path}: {x}", err=True)
        if any(x.severity == "error" for x in findings):
            failed += 1
        elif fmt == "text":
            warnings = len(findings)
            click.echo(
                f"{path}: ok"
                + (f" ({warnings} warning{'s' * (warnings != 1)})" if warnings else "")
            )
    sys.exit(1 if failed else 0)


@cli.command(epilog=EXAMPLES)
@click.argument("deck", type=click.Path())
@click.option(
    "-o",
    "--output",
    type=click.Path(),
    help="Folder for the PNGs and contact sheet. Default: build/NAME-preview/.",
)
@click.option(
    "--dpi",
    type=click.IntRange(20, 300),
    default=80,
    show_default=True,
    help="Resolution of the slide PNGs.",
)
@click.option(
    "--template",
    type=click.Path(),
    help="Build on this PowerPoint template (.pptx or .potx), as `build --template` does.",
)
@_boundary_options
def preview(
    deck: str,
    output: str | None,
    dpi: int,
    template: str | None,
    allow_outside: bool,
    root: str | None,
) -> None:
    """Render DECK's slides to PNGs and a contact sheet (needs LibreOffice)."""
    from deckgen.build import Tools, compile_deck, render_bytes
    from deckgen.preview import PreviewError, find_tools, render_preview
    from deckgen.write import write_atomic

    path = Path(deck)
    try:
        find_tools()
    except PreviewError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    res = compile_deck(
        path, Tools(), allow_outside=allow_outside, template=template, root=_root(root)
    )
    _emit(res.diagnostics, res.texts, "text")
    if not res.ok or res.presentation is None:
        sys.exit(1)
    out_dir = Path(output) if output else DEFAULT_OUT / f"{path.stem}-preview"
    pptx = out_dir / f"{path.stem}.pptx"
    write_atomic(pptx, render_bytes(res.presentation))
    try:
        shown = render_preview(pptx, out_dir, dpi=dpi)
    except PreviewError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    click.echo(
        f"{path} → {len(shown.slides)} slide PNGs in {out_dir}/, contact sheet {shown.sheet}"
    )


@cli.command()
@click.argument("word", required=False)
def icons(word: str | None) -> None:
    """List icon names (all, or those matching WORD)."""
    from deckgen.icons import IconSet

    iset = IconSet()
    names = iset.search(word) if word else iset.names()
    if not names:
        click.echo(f"no icon matches '{word}'", err=True)
        sys.exit(1)
    for n in names:
        click.echo(n)


@cli.group()
def template() -> None:
    """Look into PowerPoint templates (.pptx or .potx) to build decks on."""


@template.command("inspect")
@click.argument("file", type=click.Path(), required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option(
    "--theme",
    "theme_name",
    help="A theme whose 'layouts:' to check against FILE (FILE defaults to its 'template:').",
)
def template_inspect(file: str | None, fmt: str, theme_name: str | None) -> None:
    """List FILE's masters, layouts, placeholders, colour and font schemes, and the
    `layouts:` mapping deckgen would use to build on it (with --theme, the theme's)."""
    from deckgen.build import theme_span
    from deckgen.confine import Reader
    from deckgen.template import (
        TemplateError,
        choose_layouts,
        describe,
        read_template_file,
        to_dict,
    )
    from deckgen.theme import load_theme

    out = "json" if fmt == "json" else "text"
    names: dict[str, str] = {}
    files: tuple[Path, ...] = ()
    texts: dict[str, str] = {}  # the theme's files, for excerpts
    if theme_name is not None:
        # a theme named on the command line is the user's own choice, like a deck: it
        # and what it extends are read as regular files, bounded, from anywhere
        loaded = load_theme(theme_name, Path.cwd(), reader=Reader(None))
        if loaded.theme is None or any(d.is_error for d in loaded.diagnostics):
            _emit(loaded.diagnostics, loaded.texts, out)
            sys.exit(1)
        names, files, texts = dict(loaded.theme.layouts), loaded.files, loaded.texts
        file = file or loaded.theme.template
    if file is None:
        raise click.UsageError("name a template FILE, or a --theme with a 'template:'")
    try:
        tpl = read_template_file(file)
        choice = choose_layouts(tpl, names)
    except TemplateError as exc:
        span = theme_span(files, exc.key) if exc.key[0] == "layouts" else None
        d = Diagnostic(Severity.ERROR, f"{file}: {exc}", span, hint=exc.hint)
        _emit([d], texts, out)
        sys.exit(1)
    if fmt == "json":
        click.echo(json.dumps(to_dict(tpl, choice), ensure_ascii=False, indent=1))
        return
    for line in describe(tpl, choice):
        click.echo(line)
    _emit(
        (
            Diagnostic(
                Severity.WARNING,
                n.message,
                theme_span(files, ("layouts", n.key)),
                ("layouts", n.key),
                n.hint,
            )
            for n in choice.named
        ),
        texts,
        out,
    )


@cli.command()
def themes() -> None:
    """List the built-in themes."""
    from deckgen.theme import builtin_themes

    for name in builtin_themes():
        click.echo(name)


@cli.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    help="Write the schema to this file instead of standard output.",
)
def schema(output: str | None) -> None:
    """Print the JSON Schema of deck files (for editors' completion and checking)."""
    from deckgen.schema import schema_text
    from deckgen.write import write_atomic

    _check_output(output, [])
    text = schema_text()
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        write_atomic(Path(output), text.encode("utf-8"))
    except OSError as exc:
        click.echo(f"{output}: error: cannot write: {exc.strerror or exc}", err=True)
        sys.exit(1)
    click.echo(f"wrote {output}")


@cli.command()
@click.argument("title")
@click.option(
    "--dir",
    "folder",
    type=click.Path(file_okay=False),
    default="decks",
    show_default=True,
    help="Folder for the new deck.",
)
@click.option("--force", is_flag=True, help="Overwrite an existing deck file.")
def new(title: str, folder: str, force: bool) -> None:
    """Start a deck called TITLE: a title slide and commented examples of every layout."""
    from deckgen.scaffold import slugify, starter
    from deckgen.write import write_atomic

    stem = slugify(title)
    if not stem:
        raise click.BadParameter(
            f"'{title}' has no letters or digits to name a file after", param_hint="TITLE"
        )
    target = Path(folder) / f"{stem}.yaml"
    if target.exists() and not force:
        click.echo(f"{target}: error: file exists; use --force to overwrite it", err=True)
        sys.exit(1)
    try:
        write_atomic(target, starter(title, Path(folder)).encode("utf-8"))
    except OSError as exc:
        click.echo(f"{target}: error: cannot write: {exc.strerror or exc}", err=True)
        sys.exit(1)
    click.echo(f"wrote {target}")
    click.echo(f"next: deckgen watch {target}")


@cli.command(epilog=EXAMPLES)
@click.argument("decks", nargs=-1, required=True, type=click.Path())
@click.option(
    "-o",
    "--output",
    type=click.Path(),
    help="Output .pptx (one deck) or folder (several). Default: build/NAME.pptx.",
)
@click.option(
    "--preview", is_flag=True, help="Also refresh PNG previews after each build (LibreOffice)."
)
@click.option(
    "--pdf", is_flag=True, help="Also refresh NAME.pdf beside the .pptx after each build."
)
@click.option("--dump-ir", is_flag=True, help="Also write the laid-out IR as NAME.ir.json.")
@_lint_options
@_boundary_options
@click.option("--poll", type=click.FloatRange(0.01, 10), default=0.1, hidden=True)
@click.option("--debounce", type=click.FloatRange(0, 10), default=0.2, hidden=True)
@click.option("--max-builds", type=click.IntRange(1), hidden=True)
def watch(
    decks: tuple[str, ...],
    output: str | None,
    preview: bool,
    pdf: bool,
    dump_ir: bool,
    warn: tuple[str, ...],
    ignore: tuple[str, ...],
    allow_outside: bool,
    root: str | None,
    poll: float,
    debounce: float,
    max_builds: int | None,
) -> None:
    """Build each DECK (a file or a folder) now and again whenever one of its files changes.

    Watches the deck, its included files, its theme and the pictures and CSV files it
    uses. Errors are printed and the last good .pptx stays in place. Ctrl-C stops.
    """
    from deckgen.build import Tools
    from deckgen.watch import Watcher

    paths = [Path(d) for d in decks]
    for p in paths:
        if not p.exists():
            raise click.BadParameter(f"no such file or folder: '{p}'", param_hint="DECKS")
    target = _targets(output, len(paths) > 1 or any(p.is_dir() for p in paths))

    render_png = None
    if preview:
        from deckgen.preview import PreviewError, find_tools, render_preview

        try:
            find_tools()
        except PreviewError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)

        def render_png(pptx: Path, source: Path) -> str:
            folder = pptx.parent / f"{source.stem}-preview"
            shown = render_preview(pptx, folder)
            return f"{len(shown.slides)} slide PNGs in {folder}/"

    watcher = Watcher(
        paths,
        target,
        tools=Tools(),
        rules=tuple(sorted(_rules(warn, ignore).items())),
        allow_outside=allow_outside,
        root=_root(root),
        dump_ir=dump_ir,
        preview=render_png,
        pdf=_watch_pdf_hook() if pdf else None,
        poll=poll,
        debounce=debounce,
    )
    try:
        for event in watcher.events(max_builds=max_builds):
            _collector_on()  # a watch runs for hours
            _print_watch_event(event)
    except KeyboardInterrupt:
        click.echo("stopped")
    sys.exit(0)


def _watch_pdf_hook() -> Callable[[Path], str]:
    """Return the watcher's PDF step (NAME.pdf beside the .pptx), warning once now when
    LibreOffice is missing: the .pptx is still rebuilt and each PDF step then fails."""
    from deckgen.preview import PreviewError, find_soffice, write_pdfs

    try:
        find_soffice()
    except PreviewError as exc:
        click.echo(f"warning: --pdf: {exc}", err=True)

    def write_pdf(pptx: Path) -> str:
        return str(write_pdfs([pptx])[0])

    return write_pdf


def _print_watch_event(event: WatchEvent) -> None:
    outcome = event.outcome
    if event.kind == "ready":
        n = event.files
        click.echo(f"watching {n} file{'s' if n != 1 else ''}; press Ctrl-C to stop")
    elif event.kind == "removed":
        click.echo(f"{event.source}: removed; no longer watched")
    elif event.kind == "preview":
        click.echo(f"{event.source}: preview → {event.message}")
    elif event.kind == "preview-failed":
        click.echo(f"{event.source}: error: preview failed: {event.message}", err=True)
    elif event.kind == "pdf":
        click.echo(f"{event.source}: pdf → {event.message}")
    elif event.kind == "pdf-failed":
        click.echo(f"{event.source}: error: pdf failed: {event.message}", err=True)
    elif outcome is not None:
        _emit(outcome.diagnostics, outcome.texts, "text")
        job = outcome.job
        if outcome.write_error:
            click.echo(f"{job.source}: error: {outcome.write_error}", err=True)
        if outcome.usage_error:
            click.echo(f"{job.source}: error: {outcome.usage_error}", err=True)
        if event.kind == "built":
            n = outcome.slides or 0
            click.echo(
                f"{job.source} → {job.target} ({n} slide{'s' if n != 1 else ''}, "
                f"{outcome.seconds:.2f} s)"
            )
        else:
            kept = f"; {job.target} is unchanged" if job.target.exists() else ""
            click.echo(f"{job.source}: build failed{kept}; watching for changes", err=True)


@cli.command("diff", epilog=EXAMPLES)
@click.argument("old")
@click.argument("new")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "markdown", "github"]),
    default="text",
    show_default=True,
    help="How to print the report.",
)
@click.option(
    "--visual",
    "visual",
    type=click.Path(file_okay=False),
    help="Also write before/after images of the changed slides and an index to this folder "
    "(LibreOffice).",
)
@_boundary_options
def diff_(
    old: str, new: str, fmt: str, visual: str | None, allow_outside: bool, root: str | None
) -> None:
    """Show what changed between two decks, slide by slide.

    OLD and NEW are each a .pptx file, a deck spec (built in memory), or REV:path/deck.yaml
    (the deck at a git revision). Exit status: 0 no differences, 1 differences, 2 trouble.
    """
    from deckgen.review.diff import diff_decks
    from deckgen.review.report import render_report
    from deckgen.review.sources import SideError, load_side

    made: list[Tools] = []

    def tools() -> Tools:
        """Return the one set of build tools, made when a side is a deck spec (two .pptx
        files need no fonts, icons or pipeline)."""
        if not made:
            from deckgen.build import Tools

            made.append(Tools())
        return made[0]

    sides = []
    for arg in (old, new):
        try:
            sides.append(load_side(arg, tools, root=_root(root), allow_outside=allow_outside))
        except SideError as exc:
            _emit(exc.diagnostics, exc.texts, "text")
            click.echo(str(exc), err=True)
            sys.exit(2)
    a, b = sides
    result = diff_decks(
        a.model,
        b.model,
        a.label,
        b.label,
        old_locations=a.locations,
        new_locations=b.locations,
    )
    click.echo(render_report(result, fmt), nl=False)
    if visual is not None and not result.identical:
        _visual_diff(result, a.pptx, b.pptx, Path(visual))
    sys.exit(0 if result.identical else 1)


def _visual_diff(result: DeckDiff, old: bytes, new: bytes, folder: Path) -> None:
    """Render the changed slides of ``result`` before and after into ``folder``; on
    failure print why and exit 2."""
    from deckgen.preview import PreviewError
    from deckgen.review.visual import render_visual

    try:
        made = render_visual(result, old, new, folder)
    except PreviewError as exc:
        click.echo(f"error: --visual: {exc}", err=True)
        sys.exit(2)
    except OSError as exc:
        click.echo(f"{folder}: error: cannot write: {exc.strerror or exc}", err=True)
        sys.exit(2)
    n = len(made.images)
    click.echo(
        f"visual diff: {n} slide image{'s' if n != 1 else ''} in {folder}/, open {made.index_html}",
        err=True,
    )


@cli.command(epilog=EXAMPLES)
@click.argument("file", type=click.Path())
def textconv(file: str) -> None:
    """Print a stable, line-oriented text form of FILE (any .pptx), for git diff.

    \b
    .gitattributes:  *.pptx diff=pptx
    git config diff.pptx.textconv "deckgen textconv"
    """
    from deckgen.review.reader import ReadError, read_pptx
    from deckgen.review.textconv import to_lines

    try:
        model = read_pptx(Path(file))
    except ReadError as exc:
        click.echo(f"{file}: error: {exc}", err=True)
        sys.exit(1)
    click.echo(to_lines(model), nl=False)


@cli.command(epilog=EXAMPLES)
@click.argument("deck", type=click.Path())
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    help="Write the handout to this file instead of standard output.",
)
@_boundary_options
def outline(deck: str, output: str | None, allow_outside: bool, root: str | None) -> None:
    """Write a Markdown handout of DECK: titles, bullets, visuals and speaker notes.

    The handout comes from the theme's outline.md.j2 (or the built-in one).
    """
    from deckgen.build import Tools, make_reader, prepare_deck
    from deckgen.outline import render_outline
    from deckgen.write import write_atomic

    path = Path(deck)
    _check_output(output, [path])
    reader = make_reader(path, _root(root), allow_outside=allow_outside)
    res, _smap = prepare_deck(path, Tools(), reader)
    _emit(res.diagnostics, res.texts, "text")
    if not res.ok or res.deck is None:
        sys.exit(1)
    text, diags = render_outline(res.deck, res.theme_files, str(path), reader)
    _check_output(output, [Path(p) for p in reader.seen])
    _emit(diags, {}, "text")
    if text is None:
        sys.exit(1)
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        write_atomic(Path(output), text.encode("utf-8"))
    except OSError as exc:
        click.echo(f"{output}: error: cannot write: {exc.strerror or exc}", err=True)
        sys.exit(1)
    click.echo(f"{path} → {output}")


@cli.command("import", epilog=EXAMPLES)
@click.argument("notes", type=click.Path())
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    help="Write the deck spec to this file instead of standard output.",
)
@click.option(
    "--preview",
    "show",
    is_flag=True,
    help="Then render the deck's slides to PNGs, as 'deckgen preview' does (needs -o).",
)
@click.pass_context
def import_(ctx: click.Context, notes: str, output: str | None, show: bool) -> None:
    """Convert Markdown notes (a slide brief or plain notes) into a deck spec (YAML).

    Anything that could not be carried over as it was is reported as a warning with its
    line in NOTES. With --preview the written deck is rendered at once.
    """
    if show and output is None:
        raise click.UsageError("--preview needs -o DECK.yaml (the deck to render)")
    from deckgen.confine import Refused
    from deckgen.importer import import_file
    from deckgen.write import write_atomic

    path = Path(notes)
    _check_output(output, [path])
    try:
        # pictures the notes show are named from where the deck will be
        result = import_file(path, Path(output).parent if output else None)
    except Refused as exc:
        message = {
            "missing": "file not found",
            "directory": "is a directory, not a Markdown file",
        }.get(exc.kind, exc.message)
        click.echo(f"{notes}: error: {message}", err=True)
        sys.exit(1)
    for line, message in result.warnings:
        click.echo(f"{notes}:{line}: warning: {message}", err=True)
    if output is None:
        click.echo(result.yaml_text, nl=False)
        return
    try:
        write_atomic(Path(output), result.yaml_text.encode("utf-8"))
    except OSError as exc:
        click.echo(f"{output}: error: cannot write: {exc.strerror or exc}", err=True)
        sys.exit(1)
    click.echo(f"{notes} → {output}")
    if show:
        ctx.invoke(preview, deck=output, output=None, dpi=80)


def main(argv: Sequence[str] | None = None) -> NoReturn:
    """Run the command line (console-script entry point) and end the process with the
    command's exit code. Not for calling from other Python code, whose process it would
    end: tests and embedders use :data:`cli`.

    Two costs of a short-lived process are skipped, measured on a cold 12-slide build
    (~0.4 s before): the cyclic garbage collector, which kept walking the long-lived objects
    that imports create (~15 ms), and interpreter teardown, which frees every module and
    object one by one (~15-45 ms). The collector stays off until the first deck is done
    (commands that handle more decks switch it back on before the second one), and once
    the command has returned, output is flushed and the process ends with ``os._exit``.
    Every file deckgen writes is closed by then, and worker pools are shut down.
    """
    gc.disable()
    try:
        cli.main(args=list(argv) if argv is not None else None, prog_name="deckgen")
    except SystemExit as exc:
        _exit(exc.code)
    _exit(0)  # click's standalone mode always raises SystemExit; a safety net


def _collector_on() -> None:
    """Switch the cyclic garbage collector back on if :func:`main` switched it off.

    Called before a second deck (and between watch builds): without it every further deck
    would leave its reference cycles behind (~10 MB for decks/qwen25-report.yaml). The
    objects made so far, mostly imported modules, are frozen first so later collections
    skip them. Not after the only deck: that one collection walked the whole import heap.
    """
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def _exit(code: object) -> NoReturn:
    """End the process with ``code`` as :func:`sys.exit` would, without interpreter teardown.

    Anything out of the ordinary (a message as the code, a stream that cannot be flushed,
    such as a closed pipe) takes the normal way out, which reports it as Python does; so
    does a process with a profiler or tracer attached (cProfile, coverage), which write
    their results at exit.
    """
    if code is None:
        code = 0
    if not isinstance(code, int) or sys.getprofile() is not None or sys.gettrace() is not None:
        sys.exit(code)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        sys.exit(code)
    os._exit(code)
