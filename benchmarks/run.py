"""Benchmark: `deckgen build` on the repository's decks against a plain python-pptx script
writing the same slides. Each command runs in a fresh process (cold start, as a user or CI
runs it); figures are medians of several runs.

Both sides run from compiled bytecode, as after a ``pip install`` (which compiles the
package): deckgen's own modules are compiled first, since an editable install, or a
machine with PYTHONDONTWRITEBYTECODE set, would otherwise recompile them on every run.
The commands are timed in alternation, so drift in the machine's speed hits all of them;
wall time and CPU time (user + system, of the child process) are both reported, CPU time
being less disturbed by other work on a loaded machine. The plain script is timed twice:
as written (PyYAML's pure-Python loader) and reading its YAML with PyYAML's C loader.

Usage: python benchmarks/run.py [--runs N]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DECKS = [ROOT / "decks" / "qwen25.yaml", ROOT / "decks" / "llama.yaml"]
#: The plain script as it is, but reading the YAML with PyYAML's C loader (libyaml), as a
#: script written for speed would: its pure-Python ``yaml.safe_load`` is ~13% of its work.
PLAIN_C_YAML = (
    "import runpy, sys, yaml; "
    "yaml.safe_load = lambda stream: yaml.load(stream, Loader=yaml.CSafeLoader); "
    "sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name='__main__')"
)


def timed(cmd: list[str], runs: int) -> float:
    """Return the median wall time of ``cmd`` over ``runs`` runs (after one warm-up)."""
    return timed_together([cmd], runs)[0][0]


def timed_together(cmds: list[list[str]], runs: int) -> list[tuple[float, float]]:
    """Return the median wall time and median CPU time (user + system) of each command,
    running them in turn ``runs`` times (after one warm-up each)."""
    for cmd in cmds:
        subprocess.run(cmd, check=True, capture_output=True)
    walls: list[list[float]] = [[] for _ in cmds]
    cpus: list[list[float]] = [[] for _ in cmds]
    for _ in range(runs):
        for i, cmd in enumerate(cmds):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(cmd, check=True, capture_output=True)
            walls[i].append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus[i].append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return [(statistics.median(w), statistics.median(c)) for w, c in zip(walls, cpus, strict=True)]


def compile_package() -> None:
    """Compile deckgen's modules to bytecode, as ``pip install`` does for an installed copy."""
    import compileall

    import deckgen

    compileall.compile_dir(str(Path(deckgen.__file__).parent), quiet=1)


def stages(deck: Path, runs: int) -> dict[str, float]:
    """Return the median in-process time of each pipeline stage for ``deck`` (warm)."""
    from deckgen.backend import render
    from deckgen.build import Tools
    from deckgen.layout import layout
    from deckgen.source import load_file
    from deckgen.spec import validate_deck
    from deckgen.theme import load_theme
    from deckgen.write import normalize

    tools = Tools()
    out: dict[str, list[float]] = {
        k: [] for k in ("source", "spec", "theme", "layout", "backend", "write")
    }
    for _ in range(runs + 1):
        t0 = time.perf_counter()
        loaded = load_file(deck)
        t1 = time.perf_counter()
        model, _ = validate_deck(loaded.data, loaded.source_map)
        t2 = time.perf_counter()
        theme = load_theme(model.theme, deck.parent).theme  # type: ignore[union-attr]
        t3 = time.perf_counter()
        pres, _ = layout(model, theme, loaded.source_map, tools.measurer, tools.icons)  # type: ignore[arg-type]
        t4 = time.perf_counter()
        data = render(pres)
        t5 = time.perf_counter()
        normalize(data)
        t6 = time.perf_counter()
        for k, v in zip(out, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t6 - t5), strict=True):
            out[k].append(v)
    return {k: statistics.median(v[1:]) for k, v in out.items()}


def per_slide(deck: Path, runs: int) -> list[tuple[str, str, float, float]]:
    """Return, per slide of ``deck``, its composition's cost in the layout stage (warm):
    ``(slide, composition, fresh ms, cached ms)``, medians over ``runs`` layouts.

    *Fresh* lays the deck out with a new measurer each run, as a build does (each text
    measured for the first time; the first slide also loads the fonts' metrics);
    *cached* lays it out again with the same measurer, so repeated measurements of the
    same text come from its cache, as in ``deckgen watch``. A slide's time is that of its
    layout function (its composition, visuals, text fitting and chrome)."""
    import deckgen.layout as stage
    from deckgen.build import Tools
    from deckgen.source import load_file
    from deckgen.spec import validate_deck
    from deckgen.theme import load_theme

    loaded = load_file(deck)
    model, _ = validate_deck(loaded.data, loaded.source_map)
    theme = load_theme(model.theme, deck.parent).theme  # type: ignore[union-attr]
    tools = Tools()
    one = stage._one
    spent: dict[int, float] = {}

    def timed_one(*args, **kwargs):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        laid = one(*args, **kwargs)
        index = args[2][1]  # the slide's YAML path: ("slides", i)
        spent[index] = spent.get(index, 0.0) + time.perf_counter() - start
        return laid

    def lay(tools: Tools) -> dict[int, float]:
        spent.clear()
        stage.layout(model, theme, loaded.source_map, tools.measurer, tools.icons)  # type: ignore[arg-type]
        return dict(spent)

    stage._one = timed_one  # type: ignore[assignment]
    try:
        lay(tools)  # warm-up: modules, icons
        fresh: list[dict[int, float]] = []
        cached: list[dict[int, float]] = []
        for _ in range(runs):
            new = Tools()
            new.icons = tools.icons
            fresh.append(lay(new))
            cached.append(lay(new))
    finally:
        stage._one = one  # type: ignore[assignment]
    pres, _ = stage.layout(model, theme, loaded.source_map, tools.measurer, tools.icons)  # type: ignore[arg-type]
    rows = []
    for i, slide in enumerate(pres.slides):
        index = slide.origin[1] if slide.origin else i
        title = getattr(model.slides[index], "title", None) or type(model.slides[index]).__name__  # type: ignore[index]
        rows.append(
            (
                f"{index + 1:>2} {str(title)[:34]}",
                slide.composition or "",
                statistics.median(r.get(index, 0.0) for r in fresh) * 1000,
                statistics.median(r.get(index, 0.0) for r in cached) * 1000,
            )
        )
    return rows


def main() -> None:
    """Print the benchmark table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()
    py = sys.executable
    compile_package()
    with tempfile.TemporaryDirectory() as tmp:
        print(
            f"{'':<20}{'plain pptx':>12}{'plain, C yaml':>15}{'deckgen':>10}"
            f"{'ratio':>8}{'ratio C':>9}"
        )
        for deck in DECKS:
            plain_args = [str(ROOT / "benchmarks" / "plain_pptx.py"), str(deck), f"{tmp}/p.pptx"]
            plain, plain_c, ours = timed_together(
                [
                    [py, *plain_args],
                    [py, "-c", PLAIN_C_YAML, *plain_args],
                    [py, "-m", "deckgen", "build", "-q", str(deck), "-o", f"{tmp}/deck.pptx"],
                ],
                args.runs,
            )
            for k, kind in enumerate(("wall", "cpu")):
                print(
                    f"{deck.name + ', ' + kind:<20}{plain[k]:>11.3f}s{plain_c[k]:>14.3f}s"
                    f"{ours[k]:>9.3f}s{ours[k] / plain[k]:>7.2f}x{ours[k] / plain_c[k]:>8.2f}x"
                )
        both = timed(
            [py, "-m", "deckgen", "build", "-q", *map(str, DECKS), "-o", f"{tmp}/out/"], args.runs
        )
        print(f"{'both, 1 call':<20}{'':>27}{both:>9.3f}s")
        help_ = timed([py, "-m", "deckgen", "--help"], args.runs)
        print(f"{'--help':<20}{'':>27}{help_:>9.3f}s")
    print("\nin-process stages, warm (median ms):")
    for deck in DECKS:
        st = stages(deck, args.runs)
        print(f"  {deck.name:<12}" + "  ".join(f"{k} {v * 1000:.1f}" for k, v in st.items()))
    print("\nlayout per slide, warm (median ms; fresh: a new measurer, as in a build):")
    for deck in DECKS:
        rows = per_slide(deck, args.runs)
        print(f"  {deck.name}")
        for name, composition, fresh, cached in rows:
            print(f"    {name:<38}{composition:<18}fresh {fresh:6.1f}  cached {cached:6.1f}")
        total_fresh = sum(r[2] for r in rows)
        total_cached = sum(r[3] for r in rows)
        print(
            f"    {'all ' + str(len(rows)) + ' slides':<56}fresh {total_fresh:6.1f}  "
            f"cached {total_cached:6.1f}  ({total_fresh / len(rows):.1f} / "
            f"{total_cached / len(rows):.1f} per slide)"
        )


if __name__ == "__main__":
    main()
