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
from collections.abc import Mapping
from pathlib import Path

import msgspec

from deckgen import __version__
from deckgen.confine import Refused, digest_regular, read_regular

CACHE_NAME = ".deckgen-cache.json"
MAX_CACHE_BYTES = 16 * 1024 * 1024
FORMAT = 1


#: The largest file the cache hashes (the largest input a deck may have is a 50 MB picture).
MAX_DIGEST_BYTES = 64 * 1024 * 1024


def digest(path: Path) -> str | None:
    """Return the SHA-256 of the regular file at ``path``, or None when it is missing,
    not a regular file (a FIFO or a device is never opened for reading), larger than
    MAX_DIGEST_BYTES or unreadable. Only paths a build accepted and recorded are hashed."""
    return digest_regular(path, MAX_DIGEST_BYTES)


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


class Entry(msgspec.Struct, frozen=True):
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
            raw = json.loads(read_regular(self.path, MAX_CACHE_BYTES).decode("utf-8"))
            if raw.get("format") == FORMAT and raw.get("deckgen") == fingerprint():
                for key, e in raw.get("outputs", {}).items():
                    self.entries[key] = Entry(
                        e["source"], dict(e["inputs"]), e["output"], e["options"], int(e["slides"])
                    )
        except (Refused, OSError, ValueError, KeyError, TypeError, AttributeError):
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
