"""The build cache: skip decks whose inputs have not changed since their last build.

One JSON file per output folder (``build/.deckgen-cache.json``) records, for each output
file, the SHA-256 of every input the build read (the deck, included files, theme files,
pictures and CSV files), of the output itself, and of the build options. A deck is fresh
when all of those still match, the output exists, and deckgen itself is the same (its
version and a fingerprint of its own files, so an edited checkout rebuilds too).

A missing, unreadable or foreign cache file means "rebuild everything"; it is never an
error. Writes are atomic.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from deckgen import __version__

CACHE_NAME = ".deckgen-cache.json"
FORMAT = 1


def digest(path: Path) -> str | None:
    """Return the SHA-256 of the file at ``path``, or None when it cannot be read."""
    h = hashlib.sha256()
    try:
        with path.open("rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
    except OSError:
        return None
    return h.hexdigest()


def digests(paths: Iterable[Path]) -> dict[str, str | None]:
    """Return the digest of each file, by its path as text (duplicates removed)."""
    return {str(p): digest(p) for p in dict.fromkeys(paths)}


@functools.cache
def fingerprint() -> str:
    """Return deckgen's version plus a fingerprint of its installed files (size, mtime)."""
    root = Path(__file__).resolve().parent
    h = hashlib.sha256(__version__.encode())
    for p in sorted(root.rglob("*")):
        if p.suffix in (".py", ".json", ".yaml", ".j2") and "__pycache__" not in p.parts:
            st = p.stat()
            h.update(f"{p.relative_to(root)}:{st.st_size}:{st.st_mtime_ns}\n".encode())
    return f"{__version__}+{h.hexdigest()[:16]}"


def options_key(options: Mapping[str, object]) -> str:
    """Return a short key of the build options that change the output."""
    text = json.dumps(options, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Entry:
    """What the cache knows about one output file."""

    source: str
    inputs: dict[str, str | None]
    output: str
    options: str
    slides: int


class BuildCache:
    """The cache file of one output folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / CACHE_NAME
        self.entries: dict[str, Entry] = {}
        self.dirty = False
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            if raw.get("format") == FORMAT and raw.get("deckgen") == fingerprint():
                for key, e in raw.get("outputs", {}).items():
                    self.entries[key] = Entry(
                        e["source"], dict(e["inputs"]), e["output"], e["options"], int(e["slides"])
                    )
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            self.entries = {}

    def _key(self, target: Path) -> str:
        return os.path.relpath(target, self.folder)

    def fresh(self, source: Path, target: Path, options: str) -> Entry | None:
        """Return the entry of ``target`` when it is up to date, else None."""
        entry = self.entries.get(self._key(target))
        if entry is None or entry.source != str(source) or entry.options != options:
            return None
        if digest(target) != entry.output:
            return None  # missing, or changed by someone else
        for name, sha in entry.inputs.items():
            if sha is None or digest(Path(name)) != sha:
                return None
        return entry

    def record(
        self,
        source: Path,
        target: Path,
        inputs: dict[str, str | None],
        options: str,
        slides: int,
        output: str | None = None,
    ) -> None:
        """Remember a successful build of ``target``."""
        out = output or digest(target)
        if out is None or any(sha is None for sha in inputs.values()):
            self.forget(target)
            return
        self.entries[self._key(target)] = Entry(str(source), dict(inputs), out, options, slides)
        self.dirty = True

    def forget(self, target: Path) -> None:
        """Drop what the cache knows about ``target`` (its build failed)."""
        if self.entries.pop(self._key(target), None) is not None:
            self.dirty = True

    def save(self) -> None:
        """Write the cache file if anything changed (atomically; errors are ignored)."""
        if not self.dirty:
            return
        from deckgen.write import write_atomic

        data = {
            "format": FORMAT,
            "deckgen": fingerprint(),
            "outputs": {
                key: {
                    "source": e.source,
                    "inputs": e.inputs,
                    "output": e.output,
                    "options": e.options,
                    "slides": e.slides,
                }
                for key, e in sorted(self.entries.items())
            },
        }
        try:
            write_atomic(self.path, (json.dumps(data, indent=1) + "\n").encode())
            self.dirty = False
        except OSError:
            pass
