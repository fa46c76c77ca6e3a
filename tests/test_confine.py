"""The trust boundary's reader (deckgen.confine): the root, regular files, bounded reads."""

from __future__ import annotations

import hashlib
import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from deckgen.confine import Reader, Refused, default_root, digest_regular, read_regular
from deckgen.diagnostics import Diagnostic, Severity, Span, render


@pytest.fixture(autouse=True)
def no_hang() -> Iterator[None]:
    """Fail a test that blocks (a FIFO opened for reading would) instead of hanging."""

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError("the read blocked")

    old = signal.signal(signal.SIGALRM, expire)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


def test_the_default_root_is_the_git_work_tree_else_the_deck_folder(tmp_path: Path) -> None:
    deck = tmp_path / "talks" / "decks" / "a.yaml"
    deck.parent.mkdir(parents=True)
    assert default_root(deck) == (tmp_path / "talks" / "decks").resolve()
    (tmp_path / "talks" / ".git").write_text("gitdir: elsewhere\n", encoding="utf-8")
    assert default_root(deck) == (tmp_path / "talks").resolve()


def test_a_symlinked_deck_does_not_carry_the_root_with_it(tmp_path: Path) -> None:
    (tmp_path / "proj").mkdir()
    deck = tmp_path / "proj" / "a.yaml"
    deck.symlink_to("/dev/zero")
    assert default_root(deck) == (tmp_path / "proj").resolve()
    with pytest.raises(Refused) as refused:
        Reader.for_deck(deck).read(deck, 100, "a.yaml")
    assert (refused.value.kind, refused.value.message) == (
        "outside",
        "'a.yaml' is outside the deck's root folder",
    )


def test_reads_are_recorded_with_the_digest_of_the_bytes_read(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_bytes(b"title: T\n")
    reader = Reader(tmp_path.resolve())
    assert reader.read(tmp_path / "a.yaml", 100) == b"title: T\n"
    with pytest.raises(Refused):
        reader.read(tmp_path / "missing.yaml", 100)
    assert reader.digests() == {
        str((tmp_path / "a.yaml").resolve()): hashlib.sha256(b"title: T\n").hexdigest(),
        str((tmp_path / "missing.yaml").resolve()): None,
    }


def test_trusted_folders_are_readable_from_any_root(tmp_path: Path) -> None:
    (tmp_path / "root").mkdir()
    (tmp_path / "builtin").mkdir()
    (tmp_path / "builtin" / "theme.yaml").write_bytes(b"name: x\n")
    reader = Reader((tmp_path / "root").resolve(), ((tmp_path / "builtin").resolve(),))
    assert reader.read(tmp_path / "builtin" / "theme.yaml", 100) == b"name: x\n"


@pytest.mark.parametrize(
    ("make", "kind", "message"),
    [
        (lambda p: os.mkfifo(p), "special", "'x' is a named pipe (FIFO), not a regular file"),
        (lambda p: p.mkdir(), "directory", "'x' is a directory, not a file"),
        (lambda p: None, "missing", "file not found: 'x'"),
        (lambda p: p.write_bytes(b"a" * 11), "too-large", "'x' is 11 bytes; the limit is 10 bytes"),
    ],
    ids=["fifo", "folder", "missing", "too-large"],
)
def test_only_regular_files_within_the_limit_are_read(
    make: object, kind: str, message: str, tmp_path: Path
) -> None:
    path = tmp_path / "x"
    make(path)  # type: ignore[operator]
    with pytest.raises(Refused) as refused:
        read_regular(path, 10, "x")
    assert (refused.value.kind, refused.value.message) == (kind, message)


def test_system_files_are_refused_even_without_a_root() -> None:
    with pytest.raises(Refused) as refused:
        Reader(None).read(Path("/proc/self/environ"), 1 << 20, "env")
    assert refused.value.message == "'env' is a system file, not an input"


def test_the_limit_holds_while_reading_a_file_that_claims_a_small_size() -> None:
    # /proc files say they are 0 bytes long; read_regular stops one byte past the limit.
    data_limit = 16
    with pytest.raises(Refused) as refused:
        read_regular(Path("/proc/self/status"), data_limit, "status")
    assert refused.value.message == "'status' is larger than 16 bytes, the limit"


def test_the_cache_digest_skips_what_is_not_a_regular_file(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "f").write_bytes(b"abc")
    assert digest_regular(tmp_path / "pipe", 100) is None
    assert digest_regular(Path("/dev/zero"), 100) is None
    assert digest_regular(tmp_path / "f", 2) is None
    assert digest_regular(tmp_path / "f", 100) == hashlib.sha256(b"abc").hexdigest()


def test_an_excerpt_shows_only_the_part_of_a_long_line_around_the_column() -> None:
    line = "a" * 5000 + "ERR" + "b" * 5000
    d = Diagnostic(Severity.ERROR, "bad", Span("f.yaml", 1, 5001, 3))
    shown = render(d, line + "\nsecond line\n").splitlines()
    assert shown[0] == "f.yaml:1:5001: error: bad"
    assert shown[1] == " 1 | …" + "a" * 53 + "ERR" + "b" * 104 + "…"
    assert shown[2] == "   | " + " " * 54 + "^^^"
    assert len(shown) == 3
