"""Writing: atomic replacement survives failures and Ctrl-C; output is deterministic."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from deckgen.write import write_atomic


@pytest.mark.parametrize(
    "error",
    [KeyboardInterrupt(), OSError(28, "No space left on device")],
    ids=["ctrl-c", "disk-full"],
)
def test_an_interrupted_write_keeps_the_old_file_and_leaves_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: BaseException
) -> None:
    target = tmp_path / "deck.pptx"
    target.write_bytes(b"previous good deck")

    def fail(fd: int) -> None:
        raise error

    monkeypatch.setattr(os, "fsync", fail)
    with pytest.raises(type(error)):
        write_atomic(target, b"new bytes")
    assert target.read_bytes() == b"previous good deck"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deck.pptx"]


def test_a_successful_write_replaces_the_file(tmp_path: Path) -> None:
    target = tmp_path / "out" / "deck.pptx"
    write_atomic(target, b"one")
    write_atomic(target, b"two")
    assert target.read_bytes() == b"two"
    assert sorted(p.name for p in target.parent.iterdir()) == ["deck.pptx"]
    assert target.stat().st_mode & 0o777 == 0o644
