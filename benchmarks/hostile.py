"""Hostile-input benchmark: the worst inputs of the hostile corpus, each built by the real
command in its own process; prints its exit code, wall time and peak memory (RSS).

Usage: python benchmarks/hostile.py [NAME ...]   (default: all of them)
"""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ONE = "slides: [{layout: title}]\n"


def doubling(times: int) -> str:
    names = [f"v{i}" for i in range(times + 1)]
    lines = ["vars:", f"  {names[0]}: [1, 2]"]
    lines += [f'  {b}: "{{{{ {a} + {a} }}}}"' for a, b in itertools.pairwise(names)]
    return "\n".join([*lines, f'title: "{{{{ {names[-1]} | length }}}}"', ONE])


def many_big_templates(n: int) -> str:
    bullets = "\n".join(f"      - \"{{{{ 'word ' * 3900 }}}} {i}\"" for i in range(n))
    return f"title: T\nslides:\n  - layout: bullets\n    title: B\n    bullets:\n{bullets}\n"


def alias_bomb() -> str:
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for i in range(1, 9):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    return "title: T\n" + "\n".join(lines) + "\n" + ONE


def setup_fifo(folder: Path) -> str:
    os.mkfifo(folder / "deck.yaml")
    return "deck.yaml"


def setup_zero(folder: Path) -> str:
    (folder / "deck.yaml").symlink_to("/dev/zero")
    return "deck.yaml"


def text_case(text: str) -> Callable[[Path], str]:
    def make(folder: Path) -> str:
        (folder / "deck.yaml").write_text(text, encoding="utf-8")
        return "deck.yaml"

    return make


def big_deck(folder: Path) -> str:
    # Just under the 8 MB limit: one slide and a comment of 7.9 MB.
    pad = "# " + "x" * 7_900_000 + "\n"
    (folder / "deck.yaml").write_text("title: T\n" + pad + ONE, encoding="utf-8")
    return "deck.yaml"


def big_csv(folder: Path) -> str:
    (folder / "t.csv").write_text("a,b\n" + "x" * 2_000_000 + ",1\n", encoding="utf-8")
    (folder / "deck.yaml").write_text(
        "title: T\nslides:\n  - layout: bullets\n    title: C\n    table: {csv: t.csv}\n",
        encoding="utf-8",
    )
    return "deck.yaml"


CASES: dict[str, Callable[[Path], str]] = {
    "list doubled 39 times": text_case(doubling(39)),
    "string doubled 40 times": text_case(
        "title: \"{% set x = 'ab' %}" + "{% set x = x ~ x %}" * 40 + '{{ x }}"\n' + ONE
    ),
    "(10**3999) * (10**3999)": text_case('title: "{{ (10**3999) * (10**3999) }}"\n' + ONE),
    "nested loops 10^5 x 10^5": text_case(
        'title: "{% for i in range(100000) %}{% for j in range(100000) %}'
        '{% endfor %}{% endfor %}x"\n' + ONE
    ),
    "60 templates of 20k characters": text_case(many_big_templates(60)),
    "40 templates of 999,000 steps": text_case(
        "title: T\nslides:\n  - layout: bullets\n    title: B\n    bullets:\n"
        + "".join(
            f'      - "{{% for i in range(999) %}}{{% for j in range(999) %}}'
            f'{{% endfor %}}{{% endfor %}}{n}"\n'
            for n in range(40)
        )
    ),
    "equation with 500 nested braces": text_case(
        "title: T\nslides:\n  - layout: bullets\n    title: E\n    equation: '"
        + "{ " * 500
        + "x"
        + " }" * 500
        + "'\n"
    ),
    "alias bomb (10^9 values)": text_case(alias_bomb()),
    "deck is a FIFO": setup_fifo,
    "deck is a symlink to /dev/zero": setup_zero,
    "deck of 7.9 MB": big_deck,
    "CSV field of 2 MB": big_csv,
}


def measure(name: str) -> tuple[int, float, float]:
    """Return (exit code, seconds, peak MB) of `deckgen build` on the named case."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        deck = CASES[name](folder)
        start = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-m", "deckgen", "build", deck, "-o", "out.pptx", "-q"],
            cwd=folder,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _pid, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        return proc.returncode, seconds, usage.ru_maxrss / 1024


def main(names: list[str]) -> None:
    print(f"{'input':34} {'exit':>4} {'seconds':>8} {'peak MB':>8}")
    for name in names or list(CASES):
        code, seconds, peak = measure(name)
        print(f"{name:34} {code:>4} {seconds:>8.2f} {peak:>8.0f}")


if __name__ == "__main__":
    main(sys.argv[1:])
