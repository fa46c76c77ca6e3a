"""Scaling benchmark: build decks of N bullet slides (with speaker notes) and report time
per slide and peak memory. Each size runs in its own process.

Usage: python benchmarks/scale.py [N ...]   (default: 10 100 1000 2000)
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def deck_text(n: int) -> str:
    """Return a deck spec of ``n`` bullet slides, each with four bullets and notes."""
    lines = ["title: Scale test", "slides:"]
    for i in range(n):
        lines += [
            "  - layout: bullets",
            f"    title: Slide {i + 1} of a long lecture",
            f"    notes: Speaker notes for slide {i + 1}, two sentences long. Nothing more.",
            "    bullets:",
            f"      - The first point of slide {i + 1}",
            "      - A second point with **bold** text",
            "      - A third point that is a little longer than the others",
            "      - The last point",
        ]
    return "\n".join(lines) + "\n"


def child(n: int) -> None:
    """Build one deck of ``n`` slides with the real command and print JSON figures: its
    wall time (start-up included) and its peak memory."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "deck.yaml"
        src.write_text(deck_text(n), encoding="utf-8")
        cmd = [sys.executable, "-m", "deckgen", "build", "-q", str(src)]
        start = time.perf_counter()
        subprocess.run([*cmd, "-o", str(Path(tmp) / "deck.pptx")], check=True)
        elapsed = time.perf_counter() - start
    # This process runs nothing else, so its largest child is the build.
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps({"slides": n, "seconds": elapsed, "peak_mb": peak_mb}))


def main() -> None:
    """Print time, time per slide and peak memory per deck size."""
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        child(int(sys.argv[2]))
        return
    sizes = [int(a) for a in sys.argv[1:]] or [10, 100, 1000, 2000]
    print(f"{'slides':>7}{'seconds':>10}{'ms/slide':>10}{'peak MB':>9}")
    for n in sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(n)],
            capture_output=True,
            text=True,
            check=True,
        )
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"{n:>7}{r['seconds']:>10.2f}{r['seconds'] / n * 1000:>10.2f}{r['peak_mb']:>9.0f}")


if __name__ == "__main__":
    main()
