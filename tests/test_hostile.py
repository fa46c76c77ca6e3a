"""The hostile corpus: decks written to read files they should not, hang, exhaust memory,
crash, write something executable or clobber a file.

Every case runs the real command line in a subprocess (with a timeout, so a hang fails
the test instead of stopping the suite). Each case states the exact located message and
the exit code. For every case a canary value is both in the environment and in files
outside the project's root; it must never appear on standard output, standard error or
in any file deckgen writes (packages are unzipped, embedded workbooks too).

Files that need the file system's special kinds (symlinks, FIFOs, device nodes) are made
at test time; the decks themselves are inline below.
"""

from __future__ import annotations

import io
import os
import resource
import stat
import subprocess
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image

CANARY = "deckgen-canary-5Xq9Lw2"
TIMEOUT = 120  # seconds; far above what any case takes, only there to stop a hang

TITLE = "title: T\n"
ONE = "slides: [{layout: title}]\n"


# --- the project and the world outside it ------------------------------------------------------


def _png(path: Path, text: bytes = b"") -> None:
    buf = io.BytesIO()
    Image.new("RGB", (300, 200), "#2E75B6").save(buf, format="PNG")
    path.write_bytes(buf.getvalue() + text)


def make_world(tmp: Path) -> Path:
    """Return the project folder (the root), next to an ``outside`` folder full of canaries."""
    outside = tmp / "outside"
    outside.mkdir()
    # Each would show the canary if it were read: a YAML error quotes the line; a title
    # is written into the deck.
    (outside / "secret.yaml").write_text(f"title: [{CANARY}\n", encoding="utf-8")
    (outside / "fragment.yaml").write_text(
        f"title: {CANARY}\nslides: [{{layout: title}}]\n", encoding="utf-8"
    )
    (outside / "theme").mkdir()
    (outside / "theme" / "theme.yaml").write_text(
        f"extends: paper\nname: {CANARY}\ndescription: {CANARY}\n", encoding="utf-8"
    )
    (outside / "theme" / "outline.md.j2").write_text(f"{CANARY}\n", encoding="utf-8")
    (outside / "data.csv").write_text(f"a,b\n{CANARY},1\n", encoding="utf-8")
    (outside / "icon.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">'
        f'<path d="M2 2 L22 22" stroke="black"/><desc>{CANARY}</desc></svg>',
        encoding="utf-8",
    )
    _png(outside / "pic.png", CANARY.encode())
    (outside / "notes.md").write_text(f"# {CANARY}\n\n- point\n", encoding="utf-8")
    proj = tmp / "proj"
    proj.mkdir()
    return proj


def run(
    args: list[str], cwd: Path, *, limit_file_size: int | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``deckgen ARGS`` in ``cwd`` with the canary in the environment."""
    env = {**os.environ, "DECKGEN_CANARY": CANARY, "NO_COLOR": "1"}
    env.pop("SOURCE_DATE_EPOCH", None)

    def limits() -> None:
        if limit_file_size is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit_file_size, limit_file_size))

    return subprocess.run(
        [sys.executable, "-m", "deckgen", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        preexec_fn=limits if limit_file_size is not None else None,
    )


def _blobs(data: bytes) -> list[bytes]:
    """Return ``data`` and, for a zip package, every member (nested packages too)."""
    out = [data]
    if data[:2] == b"PK":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                for name in z.namelist():
                    out.extend(_blobs(z.read(name)))
        except zipfile.BadZipFile:
            pass
    return out


def written_text(folder: Path) -> list[tuple[Path, bytes]]:
    """Return every regular file under ``folder`` with its bytes (packages unzipped)."""
    found = []
    for p in folder.rglob("*"):
        st = os.lstat(p)
        if stat.S_ISREG(st.st_mode):
            for blob in _blobs(p.read_bytes()):
                found.append((p, blob))
    return found


def assert_no_leak(result: subprocess.CompletedProcess[str], proj: Path) -> None:
    """The canary is nowhere: not in the streams, not in any file in the project."""
    assert CANARY not in result.stdout
    assert CANARY not in result.stderr
    leaks = [p for p, blob in written_text(proj) if CANARY.encode() in blob]
    assert leaks == []


def first_line(result: subprocess.CompletedProcess[str]) -> str:
    return result.stderr.splitlines()[0] if result.stderr else ""


# --- the corpus --------------------------------------------------------------------------------


@dataclass
class Case:
    """One hostile input: files, how to run it, and what must come out."""

    files: dict[str, str]
    message: str  # the first line of standard error ({root} and {tmp} are filled in)
    code: int = 1
    args: tuple[str, ...] = ("check", "deck.yaml")
    setup: Callable[[Path, Path], None] | None = None  # (project, tmp) → None
    also_build: bool = True  # also run `build` and expect the same first line
    writes: tuple[str, ...] = ()  # the .pptx files the build may write (other decks)


def symlink(link: str, target: str) -> Callable[[Path, Path], None]:
    def make(proj: Path, tmp: Path) -> None:
        path = proj / link
        path.parent.mkdir(parents=True, exist_ok=True)
        path.symlink_to(target.format(tmp=tmp, proj=proj))

    return make


def fifo(name: str) -> Callable[[Path, Path], None]:
    def make(proj: Path, tmp: Path) -> None:
        path = proj / name
        path.parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(path)

    return make


def folder(name: str) -> Callable[[Path, Path], None]:
    def make(proj: Path, tmp: Path) -> None:
        (proj / name).mkdir(parents=True)

    return make


def sparse(name: str, size: int) -> Callable[[Path, Path], None]:
    def make(proj: Path, tmp: Path) -> None:
        with (proj / name).open("wb") as fh:
            fh.truncate(size)

    return make


def picture(name: str) -> Callable[[Path, Path], None]:
    def make(proj: Path, tmp: Path) -> None:
        _png(proj / name)

    return make


def both(*steps: Callable[[Path, Path], None]) -> Callable[[Path, Path], None]:
    def make(proj: Path, tmp: Path) -> None:
        for step in steps:
            step(proj, tmp)

    return make


OUTSIDE = "outside the deck's root folder"
HINT_ROOT = "the root is {root}"


def deck(*lines: str) -> str:
    return "\n".join(lines) + "\n"


def image(path: str) -> str:
    return deck(
        "title: T",
        "slides:",
        "  - layout: bullets",
        "    title: P",
        f"    image: {{path: {path}, alt: a}}",
    )


def csv_table(path: str, extra: str = "") -> str:
    return deck(
        "title: T",
        "slides:",
        "  - layout: bullets",
        "    title: P",
        f"    table: {{csv: {path}{extra}}}",
    )


def chart(values: str, categories: str = "[a, b]", name: str = "s", extra: str = "") -> str:
    return deck(
        "title: T",
        "slides:",
        "  - layout: bullets",
        "    title: C",
        "    chart:",
        "      kind: bar",
        f"      categories: {categories}",
        f"      series: [{{name: {name}, values: {values}}}]",
        *([f"      {extra}"] if extra else []),
    )


def bullets(*items: str) -> str:
    return deck(
        "title: T",
        "slides:",
        "  - layout: bullets",
        "    title: B",
        "    bullets:",
        *(f"      - {i}" for i in items),
    )


READS: dict[str, Case] = {
    # includes
    "include-absolute": Case(
        {"deck.yaml": TITLE + "include: /etc/passwd\n" + ONE},
        f"deck.yaml:2:10: error: include: '/etc/passwd' is {OUTSIDE}",
    ),
    "include-dotdot": Case(
        {"deck.yaml": TITLE + "include: ../outside/secret.yaml\n" + ONE},
        f"deck.yaml:2:10: error: include: '../outside/secret.yaml' is {OUTSIDE}",
    ),
    "include-far-dotdot": Case(
        {"deck.yaml": TITLE + "include: ../../../../../../../../etc/passwd\n" + ONE},
        f"deck.yaml:2:10: error: include: '../../../../../../../../etc/passwd' is {OUTSIDE}",
    ),
    "include-symlink-out": Case(
        {"deck.yaml": TITLE + "include: shared.yaml\n" + ONE},
        f"deck.yaml:2:10: error: include: 'shared.yaml' is {OUTSIDE}",
        setup=symlink("shared.yaml", "{tmp}/outside/secret.yaml"),
    ),
    "include-symlinked-folder": Case(
        {"deck.yaml": TITLE + "include: parts/secret.yaml\n" + ONE},
        f"deck.yaml:2:10: error: include: 'parts/secret.yaml' is {OUTSIDE}",
        setup=symlink("parts", "{tmp}/outside"),
    ),
    "slide-include-out": Case(
        {"deck.yaml": TITLE + "slides:\n  - include: ../outside/fragment.yaml\n"},
        f"deck.yaml:3:14: error: slides[0].include: '../outside/fragment.yaml' is {OUTSIDE}",
    ),
    "nested-include-out": Case(
        {
            "deck.yaml": TITLE + "include: parts/a.yaml\n" + ONE,
            "parts/a.yaml": "include: ../../outside/secret.yaml\n",
        },
        f"parts/a.yaml:1:10: error: include: '../../outside/secret.yaml' is {OUTSIDE}",
    ),
    "include-proc-environ": Case(
        {"deck.yaml": TITLE + "include: /proc/self/environ\n" + ONE},
        f"deck.yaml:2:10: error: include: '/proc/self/environ' is {OUTSIDE}",
    ),
    "include-dev-zero": Case(
        {"deck.yaml": TITLE + "include: /dev/zero\n" + ONE},
        f"deck.yaml:2:10: error: include: '/dev/zero' is {OUTSIDE}",
    ),
    "include-symlink-dev-zero": Case(
        {"deck.yaml": TITLE + "include: zero.yaml\n" + ONE},
        f"deck.yaml:2:10: error: include: 'zero.yaml' is {OUTSIDE}",
        setup=symlink("zero.yaml", "/dev/zero"),
    ),
    "include-fifo": Case(
        {"deck.yaml": TITLE + "include: pipe.yaml\n" + ONE},
        "deck.yaml:2:10: error: include: 'pipe.yaml' is a named pipe (FIFO), not a regular file",
        setup=fifo("pipe.yaml"),
    ),
    "include-directory": Case(
        {"deck.yaml": TITLE + "include: parts\n" + ONE},
        "deck.yaml:2:10: error: include: include file is a directory, not a file: parts",
        setup=folder("parts"),
    ),
    "include-symlink-loop": Case(
        {"deck.yaml": TITLE + "include: loop.yaml\n" + ONE},
        "deck.yaml:2:10: error: include: cannot read 'loop.yaml': Too many levels of symbolic links",
        setup=both(
            symlink("loop.yaml", "{proj}/loop2.yaml"), symlink("loop2.yaml", "{proj}/loop.yaml")
        ),
    ),
    "include-huge": Case(
        {"deck.yaml": TITLE + "include: big.yaml\n" + ONE},
        "deck.yaml:2:10: error: include: included file is 8.6 MB; the limit is 8 MB",
        setup=sparse("big.yaml", 9_000_000),
    ),
    # themes
    "theme-proc-environ": Case(
        {"deck.yaml": TITLE + "theme: /proc/self/environ\n" + ONE},
        f"deck.yaml:2:8: error: theme: '/proc/self/environ' is {OUTSIDE}",
    ),
    "theme-absolute-folder": Case(
        {"deck.yaml": TITLE + "theme: {tmp}/outside/theme\n" + ONE},
        f"deck.yaml:2:8: error: theme: '{{tmp}}/outside/theme/theme.yaml' is {OUTSIDE}",
    ),
    "theme-dotdot-file": Case(
        {"deck.yaml": TITLE + "theme: ../outside/theme/theme.yaml\n" + ONE},
        f"deck.yaml:2:8: error: theme: '../outside/theme/theme.yaml' is {OUTSIDE}",
    ),
    "theme-folder-symlink": Case(
        {"deck.yaml": TITLE + "theme: evil\n" + ONE},
        f"deck.yaml:2:8: error: theme: 'themes/evil/theme.yaml' is {OUTSIDE}",
        setup=symlink("themes/evil", "{tmp}/outside/theme"),
    ),
    "theme-file-fifo": Case(
        {"deck.yaml": TITLE + "theme: pipe\n" + ONE},
        "deck.yaml:2:8: error: 'themes/pipe/theme.yaml' is a named pipe (FIFO), not a regular file",
        setup=fifo("themes/pipe/theme.yaml"),
    ),
    "theme-extends-out": Case(
        {
            "deck.yaml": TITLE + "theme: mine\n" + ONE,
            "themes/mine/theme.yaml": "extends: ../../outside/theme\n",
        },
        f"{{root}}/themes/mine/theme.yaml:1:10: error: theme: "
        f"'../../outside/theme/theme.yaml' is {OUTSIDE}",
    ),
    # pictures, SVG, CSV
    "picture-dotdot": Case(
        {"deck.yaml": image("../outside/pic.png")},
        f"deck.yaml:5:19: error: slides[0].image.path: '../outside/pic.png' is {OUTSIDE}",
    ),
    "picture-symlink-out": Case(
        {"deck.yaml": image("pic.png")},
        f"deck.yaml:5:19: error: slides[0].image.path: 'pic.png' is {OUTSIDE}",
        setup=symlink("pic.png", "{tmp}/outside/pic.png"),
    ),
    "picture-absolute": Case(
        {"deck.yaml": image("{tmp}/outside/pic.png")},
        f"deck.yaml:5:19: error: slides[0].image.path: '{{tmp}}/outside/pic.png' is {OUTSIDE}",
    ),
    "picture-fifo": Case(
        {"deck.yaml": image("pipe.png")},
        "deck.yaml:5:19: error: slides[0].image.path: 'pipe.png' is a named pipe (FIFO), not a regular file",
        setup=fifo("pipe.png"),
    ),
    "picture-dev-zero-allowed-outside": Case(
        {"deck.yaml": image("zero.png")},
        "deck.yaml:5:19: error: slides[0].image.path: 'zero.png' is a system file, not an input",
        args=("check", "deck.yaml", "--allow-outside"),
        setup=symlink("zero.png", "/dev/zero"),
    ),
    "svg-dotdot": Case(
        {"deck.yaml": image("../outside/icon.svg")},
        f"deck.yaml:5:19: error: slides[0].image.path: '../outside/icon.svg' is {OUTSIDE}",
    ),
    "csv-dotdot": Case(
        {"deck.yaml": csv_table("../outside/data.csv")},
        f"deck.yaml:5:18: error: slides[0].table.csv: '../outside/data.csv' is {OUTSIDE}",
    ),
    "csv-fifo": Case(
        {"deck.yaml": csv_table("pipe.csv")},
        "deck.yaml:5:18: error: slides[0].table.csv: 'pipe.csv' is a named pipe (FIFO), not a regular file",
        setup=fifo("pipe.csv"),
    ),
    "csv-symlink-environ": Case(
        {"deck.yaml": csv_table("env.csv")},
        f"deck.yaml:5:18: error: slides[0].table.csv: 'env.csv' is {OUTSIDE}",
        setup=symlink("env.csv", "/proc/self/environ"),
    ),
    "csv-huge": Case(
        {"deck.yaml": csv_table("big.csv")},
        "deck.yaml:5:18: error: slides[0].table.csv: 'big.csv' is 3.0 MB; the limit is 2 MB",
        setup=sparse("big.csv", 3 * 1024 * 1024),
    ),
    # the deck itself
    "deck-fifo": Case(
        {},
        "deck.yaml:1:1: error: 'deck.yaml' is a named pipe (FIFO), not a regular file",
        setup=fifo("deck.yaml"),
    ),
    "deck-symlink-dev-zero": Case(
        {},
        f"deck.yaml:1:1: error: 'deck.yaml' is {OUTSIDE}",
        setup=symlink("deck.yaml", "/dev/zero"),
    ),
    "deck-symlink-dev-zero-allowed-outside": Case(
        {},
        "deck.yaml:1:1: error: 'deck.yaml' is a system file, not an input",
        args=("check", "deck.yaml", "--allow-outside"),
        setup=symlink("deck.yaml", "/dev/zero"),
    ),
    "deck-symlink-environ-in-folder": Case(
        {"decks/a.yaml": TITLE + ONE},
        f"decks/b.yaml:1:1: error: 'decks/b.yaml' is {OUTSIDE}",
        args=("check", "decks"),
        setup=symlink("decks/b.yaml", "/proc/self/environ"),
        writes=("a.pptx",),
    ),
    "deck-symlink-outside-in-folder": Case(
        {},
        f"decks/s.yaml:1:1: error: 'decks/s.yaml' is {OUTSIDE}",
        args=("check", "decks"),
        setup=symlink("decks/s.yaml", "{tmp}/outside/fragment.yaml"),
    ),
    "deck-huge": Case(
        {},
        "deck.yaml:1:1: error: deck file is 8.6 MB; the limit is 8 MB",
        setup=sparse("deck.yaml", 9_000_000),
    ),
    "deck-outside-root-option": Case(
        {"deck.yaml": TITLE + ONE, "sub/x": ""},
        f"deck.yaml:1:1: error: 'deck.yaml' is {OUTSIDE}",
        args=("check", "deck.yaml", "--root", "sub"),
    ),
    # opting out does not open special files
    "allow-outside-theme-environ": Case(
        {"deck.yaml": TITLE + "theme: /proc/self/environ\n" + ONE},
        "deck.yaml:2:8: error: theme: '/proc/self/environ' is a system file, not an input",
        args=("check", "deck.yaml", "--allow-outside"),
    ),
    "allow-outside-include-fifo": Case(
        {"deck.yaml": TITLE + "include: ../pipe.yaml\n" + ONE},
        "deck.yaml:2:10: error: include: '../pipe.yaml' is a named pipe (FIFO), not a regular file",
        args=("check", "deck.yaml", "--allow-outside"),
        setup=lambda proj, tmp: os.mkfifo(tmp / "pipe.yaml"),
    ),
    # excerpts come only from accepted files
    "json-format-no-excerpt": Case(
        {"deck.yaml": TITLE + "include: ../outside/secret.yaml\n" + ONE},
        "",
        args=("check", "deck.yaml", "--format", "json"),
        also_build=False,
    ),
    "github-format": Case(
        {"deck.yaml": TITLE + "include: ../outside/secret.yaml\n" + ONE},
        "",
        args=("build", "deck.yaml", "--format", "github"),
        also_build=False,
    ),
    "template-reaches-for-environ": Case(
        {
            "deck.yaml": deck(
                "title: \"{{ self.__init__.__globals__['os'].environ }}\"", ONE.strip()
            )
        },
        "deck.yaml:1:8: error: title: template not allowed: access to attribute '__init__' of 'TemplateReference' object is unsafe.",
    ),
}


def check_case(case: Case, tmp_path: Path) -> Path:
    """Run ``case`` (as check, then as build) and check its message, code and no leak."""
    proj = make_world(tmp_path)
    for rel, text in case.files.items():
        path = proj / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.replace("{tmp}", str(tmp_path)), encoding="utf-8")
    if case.setup is not None:
        case.setup(proj, tmp_path)
    runs = [case.args]
    if case.also_build and case.args[0] == "check":
        runs.append(("build", *case.args[1:], "-o", "out/"))
    for args in runs:
        result = run(list(args), proj)
        assert result.returncode == case.code, result.stderr
        expected = case.message.replace("{root}", str(proj)).replace("{tmp}", str(tmp_path))
        if expected:
            assert first_line(result) == expected
        assert_no_leak(result, proj)
    assert sorted(p.name for p in proj.glob("out/*.pptx")) == list(case.writes)
    return proj


@pytest.mark.parametrize("name", sorted(READS))
def test_hostile_reads(name: str, tmp_path: Path) -> None:
    check_case(READS[name], tmp_path)


# --- bounded everything: check finds what build finds --------------------------------------

BIG_INT = "9" * 5000
NEST = 500

BOUNDS: dict[str, Case] = {
    "chart-nan": Case(
        {"deck.yaml": chart("[1, .nan]")},
        "deck.yaml:8:38: error: slides[0].chart.series[0].values[1]: "
        "not a number (.nan); numbers must be finite",
    ),
    "chart-inf": Case(
        {"deck.yaml": chart("[.inf, 2]")},
        "deck.yaml:8:35: error: slides[0].chart.series[0].values[0]: "
        "an infinite number (.inf, or one beyond ±1.8e308); numbers must be finite",
    ),
    "chart-overflowing-float": Case(
        {"deck.yaml": chart("[1.0e+400, 2]")},
        "deck.yaml:8:35: error: slides[0].chart.series[0].values[0]: "
        "an infinite number (.inf, or one beyond ±1.8e308); numbers must be finite",
    ),
    "chart-axis-minus-inf": Case(
        {"deck.yaml": chart("[1, 2]", extra="axis_min: -.inf")},
        "deck.yaml:9:17: error: slides[0].chart.axis_min: "
        "an infinite number (.inf, or one beyond ±1.8e308); numbers must be finite",
    ),
    "chart-value-beyond-excel": Case(
        {"deck.yaml": chart("[1.0e+300, 2]")},
        "deck.yaml:8:35: error: slides[0].chart.series[0].values[0]: "
        "must be at most 1e+15; got '1e+300'",
    ),
    "chart-huge-integer": Case(
        {"deck.yaml": chart(f"[{BIG_INT}, 2]")},
        "deck.yaml:8:35: error: slides[0].chart.series[0].values[0]: "
        "this number has 5,000 digits; numbers may have at most 4,300",
    ),
    "title-huge-integer": Case(
        {"deck.yaml": f"title: {BIG_INT}\n" + ONE},
        "deck.yaml:1:8: error: title: this number has 5,000 digits; numbers may have at most 4,300",
    ),
    "csv-field-over-limit": Case(
        {"deck.yaml": csv_table("wide.csv"), "wide.csv": 'a,b\n"' + "x" * 140_000 + '",1\n'},
        "deck.yaml:5:18: error: slides[0].table.csv: 'wide.csv' is not a readable CSV file "
        "(line 2: field larger than field limit (131072))",
    ),
    "csv-cell-over-text-limit": Case(
        {"deck.yaml": csv_table("long.csv"), "long.csv": "a,b\n" + "y" * 30_000 + ",1\n"},
        "deck.yaml:5:18: error: slides[0].table.csv: 'long.csv' row 1 cell 1 has 30,000 "
        "characters; a cell holds at most 20,000",
    ),
    "equation-deep-braces": Case(
        {
            "deck.yaml": deck(
                "title: T",
                "slides:",
                "  - layout: bullets",
                "    title: E",
                "    equation: '" + "{ " * NEST + "x" + " }" * NEST + "'",
            )
        },
        "deck.yaml:5:15: error: slides[0].equation.latex: cannot typeset this LaTeX: "
        "groups nest too deeply at position 80 (at most 40 levels) (in LaTeX "
        + repr(("{ " * NEST)[:77] + "...")
        + ")",
    ),
    "equation-deep-left-right": Case(
        {
            "deck.yaml": deck(
                "title: T",
                "slides:",
                "  - layout: bullets",
                "    title: E",
                "    equation: '" + "\\left( " * 100 + "x" + " \\right)" * 100 + "'",
            )
        },
        "deck.yaml:5:15: error: slides[0].equation.latex: cannot typeset this LaTeX: "
        "groups nest too deeply at position 280 (at most 40 levels) (in LaTeX "
        + repr(("\\left( " * 100)[:77] + "...")
        + ")",
    ),
    "inline-math-deep-braces": Case(
        {"deck.yaml": bullets("'see $" + "{ " * NEST + "x" + " }" * NEST + "$'")},
        "deck.yaml:6:9: error: slides[0].bullets[0].text: cannot typeset inline math $"
        + "{ " * NEST
        + "x"
        + " }" * NEST
        + "$: groups nest too deeply at position 80 (at most 40 levels) (in LaTeX "
        + repr(("{ " * NEST)[:77] + "...")
        + ")",
    ),
    "template-deep-brackets": Case(
        {"deck.yaml": deck("title: '{{ " + "(" * NEST + "1" + ")" * NEST + " }}'", ONE.strip())},
        "deck.yaml:1:8: error: title: template nests brackets 502 levels deep; at most 64",
    ),
    "table-highlight-out-of-range": Case(
        {
            "deck.yaml": deck(
                "title: T",
                "slides:",
                "  - layout: bullets",
                "    title: H",
                "    table:",
                "      columns: [a, b]",
                "      rows: [[1, 2], [3, 4]]",
                "      highlight: [-1, 7]",
            )
        },
        "deck.yaml:6:7: error: slides[0].table: highlight[0] is -1, but the table has 2 rows: "
        "row indexes run from 0 to 1",
    ),
    "table-highlight-not-an-integer": Case(
        {
            "deck.yaml": deck(
                "title: T",
                "slides:",
                "  - layout: bullets",
                "    title: H",
                "    table:",
                "      columns: [a, b]",
                "      rows: [[1, 2], [3, 4]]",
                "      highlight: [-1, 7, 1e20]",
            )
        },
        "deck.yaml:8:26: error: slides[0].table.highlight[2]: expected a whole number, got '1e20'",
    ),
    "csv-highlight-out-of-range": Case(
        {"deck.yaml": csv_table("t.csv", ", highlight: [3]"), "t.csv": "a,b\n1,2\n3,4\n"},
        "deck.yaml:5:36: error: slides[0].table: highlight[0] is 3, but the table has 2 rows: "
        "row indexes run from 0 to 1",
    ),
    "tree-too-deep": Case(
        {
            "deck.yaml": deck(
                "title: T",
                "slides:",
                "  - layout: bullets",
                "    title: Tree",
                "    diagram:",
                "      kind: tree",
                "      nodes:",
                "        - label: L1",
                "          children:",
                "            - label: L2",
                "              children:",
                "                - label: L3",
                "                  children:",
                "                    - label: L4",
                "                      children: [L5]",
            )
        },
        "deck.yaml:6:7: error: slides[0].diagram: a tree diagram draws at most 3 levels "
        "(the root, its children and theirs); this one has 5",
    ),
}


@pytest.mark.parametrize("name", sorted(BOUNDS))
def test_bounded_inputs_are_located_errors_in_check_and_build(name: str, tmp_path: Path) -> None:
    check_case(BOUNDS[name], tmp_path)
