"""The two sides of a diff: a .pptx file, a deck spec built in memory, or a deck spec as it
was at a git revision (``REV:path/to/deck.yaml``).

A revision's deck is read with ``git`` (``ls-tree`` and ``cat-file``) from the repository
holding the path: the files of the deck's folder at that revision are written into a
temporary folder that mirrors the repository's layout and built there, with that copy as
the deck's root (deckgen.confine). Nothing in the working tree is touched.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from deckgen.diagnostics import Diagnostic
from deckgen.review.model import DeckModel
from deckgen.review.reader import ReadError, read_file, read_pptx

if TYPE_CHECKING:
    from deckgen.build import Tools

#: Returns the build tools, made on first use: a diff of two .pptx files builds nothing
#: and need not load fonts, icons or the pipeline.
ToolsFactory = Callable[[], "Tools"]

DECK_SUFFIXES = (".yaml", ".yml")
#: What a deck can read from its folder: specs and includes, themes, CSV and pictures.
_REVISION_SUFFIXES = frozenset(
    (".yaml", ".yml", ".csv", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".j2")
)
MAX_REVISION_BYTES = 200 * 1024 * 1024
MAX_REVISION_FILES = 20_000
GIT_TIMEOUT = 60.0


@dataclass(frozen=True)
class Side:
    """One side of a diff: its label, its model, where each slide comes from (for decks
    built from a spec) and the .pptx bytes (for rendering)."""

    label: str
    model: DeckModel
    pptx: bytes
    locations: tuple[str | None, ...] = ()


@dataclass
class SideError(Exception):
    """A side cannot be read or built. ``message`` says why; ``diagnostics`` (with
    ``texts`` for excerpts) are a deck's located errors."""

    label: str
    message: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.label}: error: {self.message}"


def load_side(
    arg: str, tools: ToolsFactory, *, root: Path | None = None, allow_outside: bool = False
) -> Side:
    """Return the side named by ``arg``: a .pptx path, a deck spec path, or ``REV:path``.

    A deck spec is built as ``deckgen build`` builds it: every file it reads must lie
    under ``root`` (default: the deck's git work tree, else its folder) unless
    ``allow_outside``. A revision's deck is confined to the copy of its repository.
    Raises :class:`SideError` when it cannot be read or built.
    """
    path = Path(arg)
    if path.exists():
        if path.suffix.lower() in DECK_SUFFIXES:
            return _from_spec(arg, path, tools, root, allow_outside)
        return _from_pptx(arg, path)
    rev, sep, rest = arg.partition(":")
    if sep and rev and rest and not (len(rev) == 1 and rev.isalpha()):  # not C:\…
        return _from_revision(arg, rev, rest, tools)
    raise SideError(arg, "no such file")


def _from_pptx(label: str, path: Path) -> Side:
    try:
        data = read_file(path)
        model = read_pptx(data)
    except ReadError as exc:
        raise SideError(label, str(exc)) from exc
    return Side(label, model, data)


def _from_spec(
    label: str,
    path: Path,
    tools_factory: ToolsFactory,
    root: Path | None = None,
    allow_outside: bool = False,
) -> Side:
    """Build the deck at ``path`` in memory, its reads confined to ``root`` (default: the
    deck's git work tree or folder) unless ``allow_outside``, and read it back."""
    from deckgen.build import compile_deck, make_reader, prepare_deck, render_bytes

    tools = tools_factory()
    res = compile_deck(path, tools, allow_outside=allow_outside, root=root)
    if not res.ok or res.presentation is None:
        raise SideError(label, "the deck does not build", res.diagnostics, res.texts)
    data = render_bytes(res.presentation)
    try:
        model = read_pptx(data)
    except ReadError as exc:  # deckgen's own output: only a bug gets here
        raise SideError(label, str(exc)) from exc
    slides = tuple(
        dataclasses.replace(s, composition=ir_slide.layout or None)
        for s, ir_slide in zip(model.slides, res.presentation.slides, strict=True)
    )
    _, smap = prepare_deck(path, tools, make_reader(path, root, allow_outside=allow_outside))
    locations: list[str | None] = []
    for ir_slide in res.presentation.slides:
        span = smap.span(ir_slide.origin) if smap is not None and ir_slide.origin else None
        locations.append(f"{span.file}:{span.line}" if span else None)
    return Side(label, dataclasses.replace(model, slides=slides), data, tuple(locations))


# --- git revisions -------------------------------------------------------------------------


def _git(cwd: Path, *args: str, data: bytes | None = None) -> bytes:
    """Return git's standard output; raises SideError with git's message on failure."""
    git = shutil.which("git")
    if git is None:
        raise SideError("git", "git not found; install git to diff a revision")
    try:
        done = subprocess.run(
            [git, *args],
            cwd=cwd,
            input=data,
            capture_output=True,
            timeout=GIT_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise SideError("git", f"git {args[0]} did not finish within {GIT_TIMEOUT:.0f} s") from exc
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise SideError("git", message[-1] if message else f"git {args[0]} failed")
    return done.stdout


def _from_revision(label: str, rev: str, raw: str, tools: ToolsFactory) -> Side:
    if rev.startswith("-"):  # would reach git as an option
        raise SideError(label, f"unknown revision '{rev}'")
    target = Path(raw)
    if target.suffix.lower() not in DECK_SUFFIXES:
        raise SideError(label, "a revision side must name a deck spec (.yaml), as REV:path")
    absolute = Path.cwd() / target
    probe = absolute.parent
    while not probe.is_dir():  # the folder may not exist in the working tree any more
        probe = probe.parent
    try:
        top = Path(_git(probe, "rev-parse", "--show-toplevel").decode().strip())
    except SideError as exc:
        raise SideError(label, f"not inside a git repository ({exc.message})") from exc
    real = Path(os.path.realpath(probe)) / absolute.relative_to(probe)
    try:
        repo_path = PurePosixPath(Path(os.path.normpath(real)).relative_to(top).as_posix())
    except ValueError as exc:
        raise SideError(label, f"{raw} is outside the repository at {top}") from exc
    try:
        commit = _git(top, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    except SideError as exc:
        raise SideError(label, f"unknown revision '{rev}'") from exc
    commit_id = commit.decode().strip()
    try:
        _git(top, "cat-file", "-e", f"{commit_id}:{repo_path}")
    except SideError as exc:
        raise SideError(label, f"{repo_path} does not exist at revision '{rev}'") from exc
    with tempfile.TemporaryDirectory(prefix="deckgen-rev-") as tmp:
        root = Path(tmp)
        _materialise(top, commit_id, repo_path.parent, root)
        try:
            # The copy mirrors the repository, so its top is the root, as the work tree's
            # top is for a deck in the working tree.
            side = _from_spec(label, root / repo_path, tools, root)
        except SideError as exc:
            prefix = f"{root}{os.sep}"
            raise SideError(
                label,
                exc.message,
                [_relocate(d, prefix, f"{rev}:") for d in exc.diagnostics],
                {_swap(k, prefix, f"{rev}:"): v for k, v in exc.texts.items()},
            ) from exc
    prefix = f"{root}{os.sep}"
    locations = tuple(_swap(x, prefix, f"{rev}:") if x else x for x in side.locations)
    return dataclasses.replace(side, locations=locations)


def _swap(text: str, prefix: str, new: str) -> str:
    return new + text[len(prefix) :] if text.startswith(prefix) else text


def _relocate(d: Diagnostic, prefix: str, new: str) -> Diagnostic:
    if d.span is None:
        return d
    return dataclasses.replace(
        d, span=dataclasses.replace(d.span, file=_swap(d.span.file, prefix, new))
    )


def _materialise(top: Path, commit: str, folder: PurePosixPath, root: Path) -> None:
    """Write the deck-related files under ``folder`` at ``commit`` into ``root``.

    Only regular files a deck can read (by suffix) are written, symbolic links are left
    out, and the total is bounded.
    """
    spec = [] if str(folder) in ("", ".") else ["--", f"{folder}/"]
    listing = _git(top, "ls-tree", "-r", "-z", "-l", "--full-tree", commit, *spec)
    wanted: list[tuple[str, PurePosixPath]] = []
    total = 0
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        meta, _, name = entry.partition(b"\t")
        mode, kind, oid, size = meta.split()
        path = PurePosixPath(name.decode("utf-8", "surrogateescape"))
        if kind != b"blob" or mode not in (b"100644", b"100755"):
            continue
        if path.suffix.lower() not in _REVISION_SUFFIXES or ".." in path.parts:
            continue
        total += int(size)
        if total > MAX_REVISION_BYTES or len(wanted) >= MAX_REVISION_FILES:
            raise SideError(
                f"{commit[:12]}:{folder}",
                f"the deck's folder holds more than {MAX_REVISION_BYTES >> 20} MB "
                f"or {MAX_REVISION_FILES} files",
            )
        wanted.append((oid.decode(), path))
    if not wanted:
        return
    batch = _git(top, "cat-file", "--batch", data="".join(f"{o}\n" for o, _ in wanted).encode())
    pos = 0
    for oid, path in wanted:
        end = batch.index(b"\n", pos)
        header = batch[pos:end].split()
        size = int(header[2])
        blob = batch[end + 1 : end + 1 + size]
        pos = end + 1 + size + 1  # the content is followed by a newline
        if header[0].decode() != oid:
            raise SideError("git", f"unexpected answer from git cat-file for {path}")
        out = root.joinpath(*path.parts)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(blob)
