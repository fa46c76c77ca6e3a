"""Benchmark of the authoring loop.

1. ``deckgen watch``: warm rebuilds of decks/qwen25.yaml after touching it (median of 10),
   as build time alone and as the time from the save to the rebuilt file (that one includes
   the watcher's polling and debounce interval).
2. ``deckgen build FOLDER`` on many decks (copies of the two decks) in one process, serial
   and with the process pool, against one ``deckgen build`` process per deck; and a second
   ``deckgen build`` of the same folder, which the build cache skips.

Every ``deckgen`` command runs in a fresh process, as a user or CI runs it; figures are
medians of ``--runs`` runs.

Usage: python benchmarks/authoring.py [--runs N] [--copies N] [--rebuilds N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DECKS = [ROOT / "decks" / "qwen25.yaml", ROOT / "decks" / "llama.yaml"]
DECKGEN = [sys.executable, "-m", "deckgen"]


def median_time(cmd: list[str], runs: int, cwd: Path, setup=None) -> float:
    """Return the median wall time of ``cmd`` over ``runs`` runs."""
    times = []
    for _ in range(runs):
        if setup is not None:
            setup()
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, cwd=cwd)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def watch_latency(rebuilds: int) -> tuple[float, float, float]:
    """Return (first build, median warm rebuild, median save-to-rebuilt) in seconds."""
    from deckgen.watch import Watcher

    with tempfile.TemporaryDirectory() as tmp:
        deck = Path(tmp) / "qwen25.yaml"
        shutil.copy(DECKS[0], deck)
        out = Path(tmp) / "out"
        watcher = Watcher([deck], lambda s: out / f"{s.stem}.pptx")
        stop = threading.Event()
        events = watcher.events(stop)
        first = next(events)
        assert first.kind == "built", first
        assert next(events).kind == "ready"
        builds, latencies = [], []
        for _ in range(rebuilds):
            time.sleep(0.05)
            saved = time.perf_counter()
            os.utime(deck)  # touch
            event = next(events)
            assert event.kind == "built", event
            latencies.append(time.perf_counter() - saved)
            builds.append(event.outcome.seconds)
        stop.set()
        return first.outcome.seconds, statistics.median(builds), statistics.median(latencies)


def many_decks(copies: int, runs: int) -> dict[str, float]:
    """Return build times of ``copies`` copies of the two decks, several ways."""
    out: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        folder = work / "decks"
        folder.mkdir()
        for i in range(copies):
            for deck in DECKS:
                shutil.copy(deck, folder / f"{deck.stem}-{i:02d}.yaml")
        files = sorted(folder.glob("*.yaml"))
        out["decks"] = len(files)
        out["one process, serial (-j 1)"] = median_time(
            [*DECKGEN, "build", "decks/", "-o", "serial/", "-j", "1", "-q"], runs, work
        )
        out["one process, pool (default)"] = median_time(
            [*DECKGEN, "build", "decks/", "-o", "pooled/", "-q"], runs, work
        )

        def one_per_deck() -> None:
            for f in files:
                subprocess.run(
                    [*DECKGEN, "build", str(f), "-o", f"single/{f.stem}.pptx", "-q"],
                    check=True,
                    capture_output=True,
                    cwd=work,
                )

        times = []
        for _ in range(runs):
            start = time.perf_counter()
            one_per_deck()
            times.append(time.perf_counter() - start)
        out["one process per deck"] = statistics.median(times)

        subprocess.run([*DECKGEN, "build", "decks/", "-q"], check=True, cwd=work)
        out["again, all unchanged (cache)"] = median_time(
            [*DECKGEN, "build", "decks/", "-q"], runs, work
        )
        identical = all(
            (work / "serial" / f"{f.stem}.pptx").read_bytes()
            == (work / "pooled" / f"{f.stem}.pptx").read_bytes()
            == (work / "single" / f"{f.stem}.pptx").read_bytes()
            for f in files
        )
        out["identical bytes"] = float(identical)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--copies", type=int, default=12)
    parser.add_argument("--rebuilds", type=int, default=10)
    args = parser.parse_args()

    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"python {sys.version.split()[0]}, {cpus} CPU(s) available")
    first, warm, latency = watch_latency(args.rebuilds)
    print(f"\nwatch decks/qwen25.yaml ({args.rebuilds} touches, medians)")
    print(f"  first build in the process    {first:6.3f} s")
    print(f"  warm rebuild (build only)      {warm:6.3f} s")
    print(f"  save → rebuilt .pptx           {latency:6.3f} s  (0.1 s polls, 0.2 s debounce)")

    figures = many_decks(args.copies, args.runs)
    n = int(figures.pop("decks"))
    identical = figures.pop("identical bytes")
    print(f"\nbuild {n} decks ({args.copies} copies of the two decks, median of {args.runs})")
    for name, seconds in figures.items():
        print(f"  {name:32s} {seconds:6.2f} s  ({seconds / n * 1000:5.0f} ms per deck)")
    serial = figures["one process, serial (-j 1)"]
    per_deck = figures["one process per deck"]
    print(f"  one process is {per_deck / serial:.1f}× faster than one process per deck")
    print(f"  outputs byte-identical across the three ways: {'yes' if identical else 'NO'}")


if __name__ == "__main__":
    main()
