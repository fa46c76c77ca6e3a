"""Specification of ``deckgen watch``: build at once, rebuild on every save of any file a
deck reads, keep running through errors, never overwrite the last good .pptx with nothing."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from deckgen.cli import cli
from deckgen.watch import Watcher, WatchEvent, stamp
from helpers import ROOT, TOOLS

ONE = "title: T\nslides:\n  - layout: title\n"
TWO = ONE + "  - layout: question\n    question: Why?\n"
BROKEN = "title: T\nslides:\n  - layout: qestion\n    question: Why?\n"
FAST = {"poll": 0.02, "debounce": 0.05}


def write(path: Path, text: str) -> Path:
    """Write ``text`` and make sure the file's stamp changes (coarse clocks, same size)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    before = stamp(path)
    path.write_text(text, encoding="utf-8")
    if stamp(path) == before:
        st = path.stat()
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    return path


def watcher(tmp_path: Path, *paths: Path, **kwargs) -> Watcher:
    out = tmp_path / "out"
    return Watcher(list(paths), lambda s: out / f"{s.stem}.pptx", tools=TOOLS, **{**FAST, **kwargs})


def events(w: Watcher, **kwargs) -> Iterator[WatchEvent]:
    return w.events(max_polls=500, **kwargs)  # 10 s at most, so a broken test cannot hang


def next_kind(it: Iterator[WatchEvent], *kinds: str) -> WatchEvent:
    for event in it:
        if event.kind in kinds:
            return event
    raise AssertionError(f"no {kinds} event before the watcher stopped")


def test_watch_builds_then_rebuilds_on_save_and_keeps_the_last_good_pptx(tmp_path: Path) -> None:
    deck = write(tmp_path / "deck.yaml", ONE)
    it = events(watcher(tmp_path, deck))
    first = next(it)
    assert first.kind == "built"
    assert first.outcome is not None and first.outcome.slides == 1
    pptx = tmp_path / "out" / "deck.pptx"
    assert pptx.is_file()
    assert next(it).kind == "ready"

    write(deck, TWO)
    second = next(it)
    assert second.kind == "built"
    assert second.outcome is not None and second.outcome.slides == 2
    good = pptx.read_bytes()

    write(deck, BROKEN)
    third = next(it)
    assert third.kind == "failed"
    assert third.outcome is not None
    assert [d.message for d in third.outcome.diagnostics] == ["unknown layout 'qestion'"]
    assert third.outcome.diagnostics[0].span.line == 3
    assert pptx.read_bytes() == good  # the last good deck stays in place

    write(deck, ONE)
    fourth = next(it)
    assert fourth.kind == "built"
    assert fourth.outcome is not None and fourth.outcome.slides == 1


def test_watch_rebuilds_when_an_included_file_changes(tmp_path: Path) -> None:
    frag = write(tmp_path / "fragments" / "end.yaml", "slides: [{layout: question, question: A}]\n")
    deck = write(
        tmp_path / "deck.yaml",
        "title: T\nslides:\n  - layout: title\n  - include: fragments/end.yaml\n",
    )
    it = events(watcher(tmp_path, deck))
    assert next(it).outcome.slides == 2
    assert next(it).kind == "ready"
    write(frag, "slides: [{layout: question, question: A}, {layout: question, question: B}]\n")
    assert next_kind(it, "built", "failed").outcome.slides == 3


def test_watch_rebuilds_when_the_theme_changes(tmp_path: Path) -> None:
    theme = write(tmp_path / "themes" / "mine" / "theme.yaml", "extends: paper\n")
    deck = write(tmp_path / "deck.yaml", "title: T\ntheme: mine\nslides: [{layout: title}]\n")
    it = events(watcher(tmp_path, deck))
    assert next(it).kind == "built"
    assert next(it).kind == "ready"
    write(theme, "extends: paper\ncolors: {accent: nope}\n")
    failed = next_kind(it, "built", "failed")
    assert failed.kind == "failed"
    assert failed.outcome.diagnostics[0].span.file == str(theme.resolve())


def test_watch_rebuilds_when_a_missing_include_appears(tmp_path: Path) -> None:
    deck = write(tmp_path / "deck.yaml", "title: T\nslides: [{include: end.yaml}]\n")
    it = events(watcher(tmp_path, deck))
    assert next(it).kind == "failed"
    assert next(it).kind == "ready"
    write(tmp_path / "end.yaml", "slides: [{layout: title}]\n")
    assert next_kind(it, "built", "failed").kind == "built"


def test_several_quick_saves_give_one_build(tmp_path: Path) -> None:
    deck = write(tmp_path / "deck.yaml", ONE)
    w = watcher(tmp_path, deck, debounce=0.3)
    it = events(w)
    next(it), next(it)
    for i in range(5):
        write(deck, TWO + f"# save {i}\n")
        time.sleep(0.02)
    assert next(it).kind == "built"
    assert w.builds == 2


def test_watch_a_folder_builds_new_decks_and_forgets_removed_ones(tmp_path: Path) -> None:
    folder = tmp_path / "decks"
    a = write(folder / "a.yaml", ONE)
    write(folder / "_partial.yaml", "slides: []\n")
    it = events(watcher(tmp_path, folder))
    first = next(it)
    assert (first.kind, first.source) == ("built", a)
    assert next(it).kind == "ready"
    b = write(folder / "b.yaml", TWO)
    event = next(it)
    assert (event.kind, event.source, event.outcome.slides) == ("built", b, 2)
    a.unlink()
    assert (next(it).kind, a) == ("removed", a)


def test_a_stop_event_ends_the_watch(tmp_path: Path) -> None:
    deck = write(tmp_path / "deck.yaml", ONE)
    stop = threading.Event()
    it = watcher(tmp_path, deck).events(stop)
    assert next(it).kind == "built"
    assert next(it).kind == "ready"
    threading.Timer(0.1, stop.set).start()
    assert list(it) == []


def test_preview_runs_after_each_good_build_and_its_failures_do_not_stop_the_watch(
    tmp_path: Path,
) -> None:
    calls: list[Path] = []

    def preview(pptx: Path, source: Path) -> str:
        calls.append(pptx)
        if len(calls) == 2:
            raise RuntimeError("soffice crashed")
        return "3 PNGs"

    deck = write(tmp_path / "deck.yaml", ONE)
    it = events(watcher(tmp_path, deck, preview=preview))
    assert [next(it).kind, next(it).kind] == ["built", "preview"]
    assert next(it).kind == "ready"
    write(deck, TWO)
    assert [next(it).kind for _ in range(2)] == ["built", "preview-failed"]
    write(deck, ONE)
    assert [next(it).kind for _ in range(2)] == ["built", "preview"]
    assert calls == [tmp_path / "out" / "deck.pptx"] * 3


def test_a_warm_rebuild_of_an_eleven_slide_deck_takes_well_under_a_second(tmp_path: Path) -> None:
    deck = tmp_path / "qwen25.yaml"
    shutil.copy(ROOT / "decks" / "qwen25.yaml", deck)
    it = events(watcher(tmp_path, deck))
    assert next(it).kind == "built"
    next(it)
    times = []
    for i in range(3):
        write(deck, deck.read_text(encoding="utf-8") + f"# edit {i}\n")
        event = next(it)
        assert event.kind == "built"
        times.append(event.outcome.seconds)
    assert sorted(times)[1] < 1.0, times


# --- the command -------------------------------------------------------------------------------


def test_watch_command_builds_rebuilds_and_reports_errors(tmp_path: Path) -> None:
    deck = write(tmp_path / "deck.yaml", ONE)
    out = tmp_path / "talk.pptx"

    def edit() -> None:
        deadline = time.monotonic() + 10
        while not out.exists() and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(0.1)
        write(deck, BROKEN)
        time.sleep(0.4)
        write(deck, TWO)

    thread = threading.Thread(target=edit)
    thread.start()
    result = CliRunner().invoke(
        cli,
        [
            "watch",
            str(deck),
            "-o",
            str(out),
            "--poll",
            "0.02",
            "--debounce",
            "0.05",
            "--max-builds",
            "3",
        ],
        prog_name="deckgen",
    )
    thread.join()
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{deck} → {out} (1 slide, ")
    assert lines[1] == "watching 2 files; press Ctrl-C to stop"
    assert lines[2].startswith(f"{deck} → {out} (2 slides, ")
    assert result.stderr.splitlines() == [
        f"{deck}:3:13: error: slides[0].layout: unknown layout 'qestion'",
        " 3 |   - layout: qestion",
        "   |             ^^^^^^^",
        "  hint: did you mean 'question'?",
        f"{deck}: build failed; {out} is unchanged; watching for changes",
    ]


def test_watch_of_a_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["watch", str(tmp_path / "nope.yaml")], prog_name="deckgen")
    assert result.exit_code == 2
    assert f"no such file or folder: '{tmp_path / 'nope.yaml'}'" in result.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_ctrl_c_stops_the_watch_cleanly(tmp_path: Path) -> None:
    deck = write(tmp_path / "deck.yaml", ONE)
    proc = subprocess.Popen(
        [sys.executable, "-m", "deckgen", "watch", str(deck), "-o", str(tmp_path / "d.pptx")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
    )
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        ready = proc.stdout.readline()
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert first.startswith(f"{deck} → {tmp_path / 'd.pptx'} (1 slide, ")
    assert ready == "watching 2 files; press Ctrl-C to stop\n"
    assert out == "stopped\n"
    assert "Traceback" not in err
