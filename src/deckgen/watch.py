"""``deckgen watch``: rebuild decks whenever one of their files is saved.

The watcher polls the modification time and size of every file each deck's last build
read (the deck, included files, theme files, pictures, CSV), and of the deck folder's deck
files when it watches a folder. A change is built once the files have been quiet for a
short debounce interval, so an editor's save-in-several-writes gives one build. The process
stays warm: one :class:`~deckgen.build.Tools` (measurer, icons, templates) serves every
rebuild. A failed build writes nothing, so the last good ``.pptx`` stays in place.

:meth:`Watcher.events` yields what happened and never prints; ``stop``, ``max_builds`` and
``max_polls`` end it, which is how tests and the CLI's Ctrl-C handling drive it.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from deckgen.build import Job, Outcome, Tools, build_job, deck_files

Stamp = tuple[int, int] | None  # (mtime_ns, size), None when the file is missing

POLL_SECONDS = 0.1
DEBOUNCE_SECONDS = 0.2
MAX_SETTLE_SECONDS = 2.0  # build anyway when files keep changing for this long


def stamp(path: Path) -> Stamp:
    """Return what the watcher compares for one file: modification time and size."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size)


@dataclass
class WatchEvent:
    """One thing the watcher did."""

    kind: Literal[
        "built", "failed", "ready", "preview", "preview-failed", "pdf", "pdf-failed", "removed"
    ]
    source: Path | None = None
    outcome: Outcome | None = None
    message: str = ""
    files: int = 0  # "ready": how many files are watched


@dataclass
class _Deck:
    job: Job
    watched: dict[Path, Stamp] = field(default_factory=dict)
    good_inputs: set[Path] = field(default_factory=set)


class Watcher:
    """Builds decks and rebuilds them when their files change.

    ``paths`` are deck files or folders of decks. ``target`` maps a deck to its output.
    ``preview`` (optional) renders PNGs after each good build and returns a message;
    ``pdf`` (optional) writes the PDF of the built .pptx and returns its path.
    """

    def __init__(
        self,
        paths: Sequence[Path],
        target: Callable[[Path], Path],
        *,
        tools: Tools | None = None,
        rules: Sequence[tuple[str, str]] = (),
        allow_outside: bool = False,
        root: Path | None = None,
        dump_ir: bool = False,
        preview: Callable[[Path, Path], str] | None = None,
        pdf: Callable[[Path], str] | None = None,
        poll: float = POLL_SECONDS,
        debounce: float = DEBOUNCE_SECONDS,
    ) -> None:
        self.paths = list(paths)
        self.target = target
        self.tools = tools or Tools()
        self.rules = tuple(rules)
        self.allow_outside = allow_outside
        self.root = root
        self.dump_ir = dump_ir
        self.preview = preview
        self.pdf = pdf
        self.poll = poll
        self.debounce = debounce
        self.decks: dict[Path, _Deck] = {}
        self.folders = [p for p in self.paths if p.is_dir()]
        self.builds = 0

    # -- what to watch

    def _sources(self) -> list[Path]:
        out: list[Path] = []
        for p in self.paths:
            out.extend(deck_files(p) if p.is_dir() else [p])
        return list(dict.fromkeys(out))

    def _snapshot(self, deck: _Deck) -> dict[Path, Stamp]:
        return {p: stamp(p) for p in deck.watched}

    def watched_files(self) -> int:
        """Return how many files the watcher looks at."""
        return len({p for d in self.decks.values() for p in d.watched})

    # -- building

    def _build(self, source: Path) -> Iterator[WatchEvent]:
        deck = self.decks.get(source)
        if deck is None:
            job = Job(
                source,
                self.target(source),
                self.dump_ir,
                self.rules,
                self.allow_outside,
                self.root,
            )
            deck = self.decks[source] = _Deck(job)
        # Stamps from before the build: a save during the build is seen at the next poll.
        before = {p: stamp(p) for p in {source, *deck.watched}}
        outcome = build_job(deck.job, self.tools)
        self.builds += 1
        inputs = {Path(p) for p in outcome.inputs} | {source}
        if outcome.ok:
            deck.good_inputs = inputs
        # Watch what this attempt read and what the last good build read: a fix may be
        # in a file the failed attempt never reached.
        deck.watched = {
            p: before[p] if p in before else stamp(p) for p in sorted(inputs | deck.good_inputs)
        }
        if not outcome.ok:
            yield WatchEvent("failed", source, outcome)
            return
        yield WatchEvent("built", source, outcome)
        if self.preview is not None:
            try:
                message = self.preview(deck.job.target, source)
            except Exception as exc:  # a preview failure must not stop the watcher
                yield WatchEvent("preview-failed", source, outcome, str(exc))
            else:
                yield WatchEvent("preview", source, outcome, message)
        if self.pdf is not None:
            try:
                message = self.pdf(deck.job.target)
            except Exception as exc:  # like a preview: a PDF failure must not stop the watcher
                yield WatchEvent("pdf-failed", source, outcome, str(exc))
            else:
                yield WatchEvent("pdf", source, outcome, message)

    def _changed(self) -> list[Path]:
        """Return the decks whose files changed, new decks in watched folders included."""
        sources = self._sources()
        changed = [s for s in sources if s not in self.decks]
        for source, deck in self.decks.items():
            if source in sources and self._snapshot(deck) != deck.watched:
                changed.append(source)
        return changed

    def _removed(self) -> list[Path]:
        sources = set(self._sources())
        return [s for s in self.decks if s not in sources and not s.exists()]

    # -- the loop

    def events(
        self,
        stop: threading.Event | None = None,
        *,
        max_builds: int | None = None,
        max_polls: int | None = None,
    ) -> Iterator[WatchEvent]:
        """Build every deck, then yield events as files change, until stopped.

        Stops when ``stop`` is set, after ``max_builds`` builds, or after ``max_polls``
        polls without a build in progress.
        """
        stop = stop or threading.Event()

        def done() -> bool:
            return stop.is_set() or (max_builds is not None and self.builds >= max_builds)

        for source in self._sources():
            yield from self._build(source)
            if done():
                return
        yield WatchEvent("ready", files=self.watched_files())
        polls = 0
        while not done():
            if max_polls is not None and polls >= max_polls:
                return
            polls += 1
            if stop.wait(self.poll):
                return
            for source in self._removed():
                del self.decks[source]
                yield WatchEvent("removed", source)
            changed = self._changed()
            if not changed:
                continue
            changed = self._settle(changed, stop)
            for source in changed:
                yield from self._build(source)
                if done():
                    return

    def _settle(self, changed: list[Path], stop: threading.Event) -> list[Path]:
        """Wait until the files have been quiet for the debounce interval."""
        start = time.monotonic()
        before = self._stamps(changed)
        quiet_since = time.monotonic()
        while time.monotonic() - start < MAX_SETTLE_SECONDS and not stop.is_set():
            if stop.wait(min(self.poll, self.debounce)):
                break
            now = self._stamps(changed)
            if now != before:
                before, quiet_since = now, time.monotonic()
                changed = list(dict.fromkeys([*changed, *self._changed()]))
            elif time.monotonic() - quiet_since >= self.debounce:
                break
        return changed

    def _stamps(self, sources: Sequence[Path]) -> dict[Path, Stamp]:
        out: dict[Path, Stamp] = {}
        for source in sources:
            deck = self.decks.get(source)
            for p in deck.watched if deck else [source]:
                out[p] = stamp(p)
        return out
