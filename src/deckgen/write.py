"""Stage 7: writing. Deterministic bytes and atomic replacement of the output file.

python-pptx stamps zip entries with the current time and XlsxWriter stamps embedded
workbooks' properties; :func:`normalize` rewrites both so the same IR always gives the
same bytes. :func:`write_atomic` writes to a temporary file beside the target and renames
it over the target, so a failed or interrupted build never leaves a half-written deck.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import stat
import tempfile
import zipfile
from pathlib import Path

#: 1980-01-01, the earliest time a zip entry can hold.
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
_DCTERMS = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def normalize(data: bytes, stamp: str = "2000-01-01T00:00:00Z") -> bytes:
    """Return ``data`` (a zip package) re-packed with fixed entry times and fixed
    document-property dates, entries in their original order; nested .xlsx too."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            blob = src.read(info.filename)
            if info.filename.endswith(".xlsx"):
                blob = normalize(blob, stamp)
            elif info.filename == "docProps/core.xml":
                blob = _DCTERMS.sub(rb"\g<1>" + stamp.encode() + rb"\g<2>", blob)
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_EPOCH)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            entry.create_system = 0
            dst.writestr(entry, blob, compresslevel=6)
    return out.getvalue()


def output_problem(path: Path) -> str | None:
    """Return why ``path`` may not be written, or None when it is a regular file (or a
    symlink, which is replaced, not followed) or does not exist yet.

    Renaming over a device node, a FIFO or a socket would destroy it (as root, a device
    node is replaced by a plain file), and a folder cannot be replaced by a file.
    """
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"cannot write {path}: {exc.strerror or exc}"
    if stat.S_ISREG(st.st_mode) or stat.S_ISLNK(st.st_mode):
        return None
    what = "a folder" if stat.S_ISDIR(st.st_mode) else "not a regular file"
    if stat.S_ISFIFO(st.st_mode):
        what = "a named pipe (FIFO)"
    elif stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode):
        what = "a device"
    elif stat.S_ISSOCK(st.st_mode):
        what = "a socket"
    return f"refusing to write {path}: it is {what}, not a regular file"


class OutputRefused(OSError):
    """The output path names something that is not a regular file."""


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically: the old file stays intact on any failure.

    Raises :class:`OutputRefused` (an OSError) when ``path`` is a device, FIFO, socket or
    folder, and OSError when writing fails (a full disk, a read-only folder); in every case
    no temporary file is left behind.
    """
    problem = output_problem(path)
    if problem is not None:
        raise OutputRefused(problem)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        # BaseException: a Ctrl-C in the middle must not leave the temp file behind.
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
