"""The trust boundary: every file a deck makes deckgen read goes through :class:`Reader`.

A deck may come from anyone (a pull request built in CI), so the files it names are
untrusted paths. :class:`Reader` enforces three rules before a byte is read:

* **one root.** A path, with every symlink followed, must lie inside the root folder: by
  default the top of the git work tree the deck lives in (the nearest folder upwards that
  holds ``.git``), else the deck's own folder (:func:`default_root`). ``--root DIR`` sets
  it; ``--allow-outside`` lifts the rule (``root=None``). The built-in themes are always
  readable (``trusted``).
* **only regular files.** FIFOs, devices, sockets and folders are refused from ``stat``
  before they are opened (opening a FIFO blocks; reading ``/dev/zero`` never ends), and so
  is anything under ``/proc`` or ``/sys``, whose files claim a size of 0.
* **bounded reads.** The file is opened ``O_NONBLOCK | O_NOFOLLOW``, checked again with
  ``fstat`` on the open descriptor (the path may have been swapped since ``stat``), and read
  in chunks that stop one byte past the limit: the limit holds while reading, whatever the
  file claims its size is.

A refused read raises :class:`Refused`, whose message names the path *as written* and
never quotes the file. Every accepted read is recorded with the SHA-256 of exactly the
bytes read (``Reader.seen``), so the build cache never opens a file a second time, and a
refused one is recorded without a digest (watch mode still looks at it, by ``stat`` only).
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

#: Folders whose files are views of the system, not documents (sizes of 0, endless reads).
_SYSTEM = ("/proc", "/sys", "/dev")
_CHUNK = 1 << 16
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


class Refused(Exception):
    """A file deckgen will not read; ``message`` names it as written, never its content.

    ``kind`` is one of: outside, missing, directory, special, system, too-large, unreadable.
    """

    def __init__(self, kind: str, message: str, hint: str | None = None, *, size: str = "") -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.hint = hint
        self.size = size  # too-large: the size and the limit ('8.6 MB; the limit is 8 MB')


def size_text(limit: int) -> str:
    """Return a byte limit as people write it ('8 MB', '512 KB', '100 bytes')."""
    if limit >= 1 << 20 and limit % (1 << 20) == 0:
        return f"{limit >> 20} MB"
    if limit >= 1 << 10 and limit % (1 << 10) == 0:
        return f"{limit >> 10} KB"
    return f"{limit:,} bytes"


def _amount(size: int) -> str:
    """Return a file's size to one decimal ('8.6 MB', '3.0 KB', '11 bytes')."""
    if size >= 1 << 20:
        return f"{size / (1 << 20):.1f} MB"
    if size >= 1 << 10:
        return f"{size / (1 << 10):.1f} KB"
    return f"{size:,} bytes"


def default_root(deck: Path) -> Path:
    """Return the root a deck's reads are confined to: the top of the git work tree the
    deck's folder is in (a ``.git`` folder, or the ``.git`` file of a worktree), else the
    deck's folder itself. Found by walking up the folders; no git command runs."""
    # The folder the deck is named in, not where a symlinked deck points: a deck that is a
    # symlink leaving its folder must be refused, not move the root with it.
    folder = Path(os.path.realpath(Path(os.path.abspath(deck)).parent))
    for candidate in (folder, *folder.parents):
        if os.path.lexists(candidate / ".git"):
            return candidate
    return folder


def _within(path: Path, folder: Path) -> bool:
    """Return True when ``path`` is ``folder`` or lies under it (both resolved)."""
    return path == folder or folder in path.parents


def _special(mode: int) -> str | None:
    """Return what a non-regular file is, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


@dataclass
class Reader:
    """Reads the files of one deck build under one root; records what it read.

    ``root`` None means no confinement (``--allow-outside``); the regular-file and size
    rules hold either way. ``trusted`` folders (the built-in themes) are always readable.
    """

    root: Path | None
    trusted: tuple[Path, ...] = ()
    seen: dict[Path, str | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # Paths are compared after every symlink is followed, so the folders are too.
        if self.root is not None:
            self.root = Path(os.path.realpath(self.root))
        self.trusted = _real_all(self.trusted)

    @classmethod
    def for_deck(
        cls,
        deck: Path,
        root: Path | None = None,
        *,
        allow_outside: bool = False,
        trusted: tuple[Path, ...] = (),
    ) -> Reader:
        """Return the reader for a deck: confined to ``root`` (default: :func:`default_root`),
        or not confined at all when ``allow_outside``."""
        if allow_outside:
            return cls(None, trusted)
        return cls(root if root is not None else default_root(deck), trusted)

    def hint(self) -> str:
        """Return the hint shown under an 'outside the root' error."""
        return (
            f"the root is {self.root}; keep the file under it, "
            "or choose another root with --root DIR or lift the rule with --allow-outside"
        )

    def check(self, path: Path, written: str | None = None) -> Path:
        """Return ``path`` with every symlink followed, when it lies inside the root;
        raise :class:`Refused` when it does not (or names a system file)."""
        shown = written if written is not None else str(path)
        real = Path(os.path.realpath(os.path.abspath(path)))
        trusted = any(_within(real, t) for t in self.trusted)
        if self.root is not None and not trusted and not _within(real, self.root):
            self.seen.setdefault(real, None)
            raise Refused("outside", f"'{shown}' is outside the deck's root folder", self.hint())
        if any(_within(real, Path(s)) for s in _SYSTEM):
            raise Refused("system", f"'{shown}' is a system file, not an input")
        return real

    def read(self, path: Path, limit: int, written: str | None = None) -> bytes:
        """Return the bytes of the file at ``path`` (at most ``limit`` of them); raise
        :class:`Refused` for a path outside the root, a file that is not regular, one
        larger than ``limit``, or one that cannot be read."""
        shown = written if written is not None else str(path)
        real = self.check(path, shown)
        try:
            data = read_regular(real, limit, shown)
        except Refused:
            self.seen.setdefault(real, None)
            raise
        self.seen[real] = hashlib.sha256(data).hexdigest()
        return data

    def digests(self) -> dict[str, str | None]:
        """Return what was read: path → SHA-256 of the bytes read (None: refused or missing)."""
        return {str(p): sha for p, sha in self.seen.items()}


def _real_all(paths: tuple[Path, ...]) -> tuple[Path, ...]:
    """Return ``paths`` with every symlink followed."""
    return tuple(Path(os.path.realpath(p)) for p in paths)


def _stat_regular(path: Path, shown: str) -> os.stat_result:
    """Return the ``stat`` of a regular file, or raise :class:`Refused` saying what it is."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise Refused("missing", f"file not found: '{shown}'") from None
    except OSError as exc:
        raise Refused("unreadable", f"cannot read '{shown}': {exc.strerror or exc}") from None
    what = _special(st.st_mode)
    if what == "a directory":
        raise Refused("directory", f"'{shown}' is a directory, not a file")
    if what is not None:
        raise Refused("special", f"'{shown}' is {what}, not a regular file")
    return st


def open_regular(path: Path, shown: str) -> int:
    """Return a descriptor of the regular file at ``path`` (the last component not a
    symlink); raise :class:`Refused` otherwise. The caller closes it."""
    before = _stat_regular(path, shown)
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except FileNotFoundError:
        raise Refused("missing", f"file not found: '{shown}'") from None
    except OSError as exc:
        raise Refused("unreadable", f"cannot read '{shown}': {exc.strerror or exc}") from None
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode) or (st.st_dev, st.st_ino) != (before.st_dev, before.st_ino):
        os.close(fd)
        raise Refused("special", f"'{shown}' changed while it was being opened")
    return fd


def read_regular(path: Path, limit: int, shown: str | None = None) -> bytes:
    """Return the bytes of the regular file at ``path``, refusing (:class:`Refused`) one
    that is not regular or holds more than ``limit`` bytes; the limit is checked while
    reading, so a file that grows or lies about its size cannot make this read more."""
    name = shown if shown is not None else str(path)
    fd = open_regular(path, name)
    try:
        size = os.fstat(fd).st_size
        if size > limit:
            told = f"{_amount(size)}; the limit is {size_text(limit)}"
            raise Refused("too-large", f"'{name}' is {told}", size=told)
        chunks: list[bytes] = []
        total = 0
        while True:
            try:
                block = os.read(fd, min(_CHUNK, limit + 1 - total))
            except OSError as exc:
                raise Refused("unreadable", f"cannot read '{name}': {exc.strerror}") from None
            if not block:
                break
            total += len(block)
            if total > limit:
                told = f"larger than {size_text(limit)}, the limit"
                raise Refused("too-large", f"'{name}' is {told}", size=told)
            chunks.append(block)
        return b"".join(chunks)
    finally:
        os.close(fd)


def digest_regular(path: Path, limit: int) -> str | None:
    """Return the SHA-256 of the regular file at ``path`` (read in chunks, at most
    ``limit`` bytes), or None when it is missing, not regular, too large or unreadable."""
    try:
        fd = open_regular(path, str(path))
    except Refused:
        return None
    h = hashlib.sha256()
    total = 0
    try:
        while True:
            block = os.read(fd, _CHUNK)
            if not block:
                return h.hexdigest()
            total += len(block)
            if total > limit:
                return None
            h.update(block)
    except OSError:
        return None
    finally:
        os.close(fd)
