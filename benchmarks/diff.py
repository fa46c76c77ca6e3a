"""Benchmark of ``deckgen diff``.

1. End to end, each in a fresh process (median of ``--runs``): decks/qwen25.yaml against a
   copy with one bullet and one chart value edited (both specs built in memory), the two
   built .pptx files, and the same with ``--visual`` (LibreOffice, when installed).
2. Slide pairing alone on generated decks of N slides (random words from a vocabulary of
   3,000): one slide inserted in the middle, two slides swapped, and every seventh slide of
   the middle third edited.

Usage: python benchmarks/diff.py [--runs N] [SLIDES ...]
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from deckgen.review.diff import diff_decks
from deckgen.review.model import DeckModel, Paragraph, SlideModel

ROOT = Path(__file__).resolve().parents[1]


def timed(cmd: list[str], cwd: Path, runs: int) -> float:
    """Return the median wall time of ``cmd`` in seconds (exit status 0 or 1 expected)."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(cmd, cwd=cwd, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
        if done.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(cmd)} failed: {done.stderr.decode()}")
    return statistics.median(times)


def end_to_end(runs: int) -> None:
    deckgen = [sys.executable, "-m", "deckgen"]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        text = (ROOT / "decks" / "qwen25.yaml").read_text(encoding="utf-8")
        (work / "a.yaml").write_text(text, encoding="utf-8")
        edited = text.replace("Less noisy social-media", "Much less noisy social-media", 1)
        (work / "b.yaml").write_text(edited.replace("88.2", "89.0", 1), encoding="utf-8")
        for name in ("a", "b"):
            subprocess.run(
                [*deckgen, "build", f"{name}.yaml", "-o", f"{name}.pptx"],
                cwd=work,
                check=True,
                capture_output=True,
            )
        specs = timed([*deckgen, "diff", "a.yaml", "b.yaml"], work, runs)
        print(f"specs, built in memory: {specs:.2f} s")
        files = timed([*deckgen, "diff", "a.pptx", "b.pptx"], work, runs)
        print(f"two .pptx files:        {files:.2f} s")
        if shutil.which("soffice") and shutil.which("pdftoppm"):
            cmd = [*deckgen, "diff", "a.pptx", "b.pptx", "--visual", "visual"]
            print(f"two .pptx, --visual:    {timed(cmd, work, runs):.2f} s")


def pairing(slides: int) -> None:
    rng = random.Random(1)
    vocab = [f"w{k}" for k in range(3000)]

    def words(n: int) -> str:
        return " ".join(rng.choice(vocab) for _ in range(n))

    old = tuple(
        SlideModel(i + 1, words(5), tuple(Paragraph(words(10)) for _ in range(5)), notes=words(60))
        for i in range(slides)
    )
    new = list(old)
    new.insert(slides // 2, SlideModel(0, "New", (Paragraph("fresh"),)))
    new[10], new[11] = new[11], new[10]
    for k in range(slides // 3, slides - slides // 3, 7):
        new[k] = SlideModel(0, new[k].title + " edited", new[k].paragraphs, notes=new[k].notes)
    start = time.perf_counter()
    result = diff_decks(DeckModel(old), DeckModel(tuple(new)))
    seconds = time.perf_counter() - start
    counts = ", ".join(f"{v} {k}" for k, v in result.counts().items())
    print(f"pairing {slides} slides: {seconds:.2f} s ({counts})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("slides", nargs="*", type=int, default=[100, 1000, 2000])
    args = parser.parse_args()
    end_to_end(args.runs)
    for n in args.slides:
        pairing(n)


if __name__ == "__main__":
    main()
