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
import itertools
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
    "theme-template-outside": Case(
        {
            "deck.yaml": TITLE + "theme: ./brand\n" + ONE,
            "brand/theme.yaml": "extends: paper\ntemplate: ../../outside/secret.yaml\n",
        },
        "{root}/brand/theme.yaml:2:11: error: template: template "
        "'{root}/brand/../../outside/secret.yaml': '{root}/brand/../../outside/secret.yaml' "
        "is outside the deck's root folder",
    ),
    "theme-template-fifo": Case(
        {
            "deck.yaml": TITLE + "theme: ./brand\n" + ONE,
            "brand/theme.yaml": "extends: paper\ntemplate: corp.potx\n",
        },
        "{root}/brand/theme.yaml:2:11: error: template: template '{root}/brand/corp.potx': "
        "'{root}/brand/corp.potx' is a named pipe (FIFO), not a regular file",
        setup=lambda proj, tmp: os.mkfifo(proj / "brand" / "corp.potx"),
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
    "impossible-date": Case(
        {"deck.yaml": "title: T\ndate: 2024-13-45\n" + ONE},
        "deck.yaml:2:7: error: date: not a valid date; quote it to keep it as text",
    ),
    "number-format-over-excel-limit": Case(
        {"deck.yaml": chart("[1, 2]", extra="number_format: '" + "0" * 300 + "'")},
        "deck.yaml:9:22: error: slides[0].chart.number_format: text is too long "
        "(at most 255 characters)",
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
    "csv-control-character": Case(
        {"deck.yaml": csv_table("nul.csv"), "nul.csv": "a,b\n1,\x002\n"},
        "deck.yaml:5:18: error: slides[0].table.csv: 'nul.csv' contains a control character "
        "(U+0000) on line 2",
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
        "deck.yaml:8:19: error: slides[0].table.highlight[0]: row index -1 is out of range: "
        "the table has 2 rows, indexes 0 to 1",
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
        "deck.yaml:8:19: error: slides[0].table.highlight[0]: row index -1 is out of range: "
        "the table has 2 rows, indexes 0 to 1",
    ),
    "code-highlight-out-of-range": Case(
        {
            "deck.yaml": deck(
                "title: T",
                "slides:",
                "  - layout: bullets",
                "    title: C",
                "    code: {source: 'a = 1', highlight: [0, 2]}",
            )
        },
        "deck.yaml:5:11: error: slides[0].code: highlight[0] is 0, but the listing's lines "
        "are numbered 1 to 1",
    ),
    "csv-highlight-out-of-range": Case(
        {"deck.yaml": csv_table("t.csv", ", highlight: [3]"), "t.csv": "a,b\n1,2\n3,4\n"},
        "deck.yaml:5:36: error: slides[0].table: highlight[0]: row index 3 is out of range: "
        "the table has 2 rows, indexes 0 to 1",
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


def test_every_bad_highlight_of_a_table_is_reported_at_once(tmp_path: Path) -> None:
    proj = check_case(BOUNDS["table-highlight-not-an-integer"], tmp_path)
    errors = [
        line
        for line in run(["check", "deck.yaml"], proj).stderr.splitlines()
        if ": error: " in line
    ]
    assert errors == [
        "deck.yaml:8:19: error: slides[0].table.highlight[0]: row index -1 is out of range: "
        "the table has 2 rows, indexes 0 to 1",
        "deck.yaml:8:23: error: slides[0].table.highlight[1]: row index 7 is out of range: "
        "the table has 2 rows, indexes 0 to 1",
        "deck.yaml:8:26: error: slides[0].table.highlight[2]: expected a whole number, got '1e20'",
    ]


# --- templates: bombs of several shapes -----------------------------------------------------


def doubling_vars(times: int) -> str:
    names = [f"v{i}" for i in range(times + 1)]
    lines = ["vars:", f"  {names[0]}: [1, 2]"]
    lines += [f'  {b}: "{{{{ {a} + {a} }}}}"' for a, b in itertools.pairwise(names)]
    return deck(*lines, f'title: "{{{{ {names[-1]} | length }}}}"', ONE.strip())


TEMPLATES: dict[str, Case] = {
    "power-times-power": Case(
        {"deck.yaml": deck('title: "{{ (10**3999) * (10**3999) }}"', ONE.strip())},
        "deck.yaml:1:8: error: title: template not allowed: "
        "the template would compute a number of more than 4,000 digits",
    ),
    "power-tower": Case(
        {"deck.yaml": deck('title: "{{ 10 ** (10 ** 10) }}"', ONE.strip())},
        "deck.yaml:1:8: error: title: template not allowed: "
        "the template would compute a number of more than 4,000 digits",
    ),
    "sum-past-printable": Case(
        {"deck.yaml": deck('title: "{{ 10**3999 + 10**3999 * 10**300 }}"', ONE.strip())},
        "deck.yaml:1:8: error: title: template not allowed: "
        "the template would compute a number of more than 4,000 digits",
    ),
    "list-doubled-39-times": Case(
        {"deck.yaml": doubling_vars(39)},
        "deck.yaml:17:8: error: vars.v15: template not allowed: "
        "the template would build text or a list longer than 100,000",
    ),
    "string-repeat": Case(
        {"deck.yaml": deck("title: \"{{ 'x' * 10**9 }}\"", ONE.strip())},
        "deck.yaml:1:8: error: title: template not allowed: "
        "the template would build text or a list longer than 100,000",
    ),
    "concat-doubling": Case(
        {
            "deck.yaml": deck(
                "title: \"{% set x = 'ab' %}" + "{% set x = x ~ x %}" * 40 + '{{ x }}"',
                ONE.strip(),
            )
        },
        "deck.yaml:1:8: error: title: template not allowed: "
        "the template would build text longer than 100,000",
    ),
    "shared-references-printed": Case(
        {
            "deck.yaml": deck(
                "vars:",
                "  a: \"{{ 'x' * 60000 }}\"",
                '  b: "{{ [a, a] }}"',
                '  c: "{{ [b, b, b, b, b, b, b, b] }}"',
                'title: "{{ c }}"',
                ONE.strip(),
            )
        },
        "deck.yaml:3:6: error: vars.b: template not allowed: "
        "the template would build text or a list longer than 100,000",
    ),
    "huge-range": Case(
        {"deck.yaml": deck('title: "{{ range(10**9) | list | length }}"', ONE.strip())},
        "deck.yaml:1:8: error: title: template not allowed: "
        "the template would build a range longer than 100,000",
    ),
    "nested-loops": Case(
        {
            "deck.yaml": deck(
                'title: "{% for i in range(100000) %}{% for j in range(100000) %}'
                '{% endfor %}{% endfor %}x"',
                ONE.strip(),
            )
        },
        "deck.yaml:1:8: error: title: template not allowed: "
        "the template does too much work (more than 1,000,000 steps)",
    ),
    "format-width": Case(
        {"deck.yaml": deck("title: \"{{ '{:>999999999}'.format(1) }}\"", ONE.strip())},
        "deck.yaml:1:8: error: title: template not allowed: "
        "the template would build text longer than 100,000",
    ),
    "tojson-of-shared-references": Case(
        {
            "deck.yaml": deck(
                "vars:",
                "  a: \"{{ 'x' * 60000 }}\"",
                'title: "{{ [a, a] | tojson }}"',
                ONE.strip(),
            )
        },
        "deck.yaml:3:8: error: title: template not allowed: "
        "the template would build text or a list longer than 100,000",
    ),
    "deck-wide-output": Case(
        {"deck.yaml": bullets(*(f"\"{{{{ 'x' * 99000 }}}} {i}\"" for i in range(45)))},
        "deck.yaml:46:9: error: slides[0].bullets[40]: the deck's templates produce more "
        "than 4,000,000 characters in all",
    ),
    "float-overflow": Case(
        {
            "deck.yaml": deck(
                "title: T",
                "slides:",
                "  - layout: bullets",
                "    title: C",
                "    chart: {kind: bar, categories: [a], series: [{name: s, values: ['{{ 1e308 * 10 }}']}]}",
            )
        },
        "deck.yaml:5:69: error: slides[0].chart.series[0].values[0]: "
        "an infinite number (.inf, or one beyond ±1.8e308); numbers must be finite",
    ),
}


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_template_bombs_are_located_errors(name: str, tmp_path: Path) -> None:
    check_case(TEMPLATES[name], tmp_path)


# --- nothing executable leaves deckgen ---------------------------------------------------------

LINK_HINT = "  hint: links may go to http://, https:// or mailto: addresses"

LINKS: dict[str, Case] = {
    "javascript": Case(
        {"deck.yaml": bullets("'[click](javascript:alert(1))'")},
        "deck.yaml:6:9: error: slides[0].bullets[0]: link target 'javascript:alert(1)' is "
        "refused: the 'javascript:' scheme is not allowed",
    ),
    "javascript-upper-case": Case(
        {"deck.yaml": bullets("'[click](JaVaScRiPt:alert(1))'")},
        "deck.yaml:6:9: error: slides[0].bullets[0]: link target 'JaVaScRiPt:alert(1)' is "
        "refused: the 'javascript:' scheme is not allowed",
    ),
    "file": Case(
        {"deck.yaml": bullets("'[secrets](file:///etc/passwd)'")},
        "deck.yaml:6:9: error: slides[0].bullets[0]: link target 'file:///etc/passwd' is "
        "refused: the 'file:' scheme is not allowed",
    ),
    "data": Case(
        {"deck.yaml": bullets("'[x](data:text/html;base64,PHNjcmlwdD4=)'")},
        "deck.yaml:6:9: error: slides[0].bullets[0]: link target "
        "'data:text/html;base64,PHNjcmlwdD4=' is refused: the 'data:' scheme is not allowed",
    ),
    "unc-share": Case(
        {"deck.yaml": bullets("'[x](\\\\host\\share\\doc.pptx)'")},
        "deck.yaml:6:9: error: slides[0].bullets[0]: link target '\\host\\share\\doc.pptx' is "
        "refused: a network path",
    ),
    "relative-path": Case(
        {"deck.yaml": bullets("'[x](../secret.docx)'")},
        "deck.yaml:6:9: error: slides[0].bullets[0]: link target '../secret.docx' is "
        "refused: a relative path, not a web address",
    ),
    "vbscript-in-a-table-cell": Case(
        {
            "deck.yaml": deck(
                "title: T",
                "slides:",
                "  - layout: bullets",
                "    title: B",
                "    table: {columns: [a], rows: [['[x](vbscript:msgbox)']]}",
            )
        },
        "deck.yaml:5:35: error: slides[0].table.rows[0][0]: link target 'vbscript:msgbox' is "
        "refused: the 'vbscript:' scheme is not allowed",
    ),
    "source-url": Case(
        {"deck.yaml": TITLE + "source: {label: paper, url: 'javascript:alert(1)'}\n" + ONE},
        "deck.yaml:2:29: error: source.url: link target 'javascript:alert(1)' is refused: "
        "the 'javascript:' scheme is not allowed",
    ),
    "source-label-markup": Case(
        {"deck.yaml": TITLE + "source: '[paper](file:///etc/passwd)'\n" + ONE},
        "deck.yaml:2:9: error: source: link target 'file:///etc/passwd' is refused: "
        "the 'file:' scheme is not allowed",
    ),
    "web-address-without-host": Case(
        {"deck.yaml": bullets("'[x](https:/etc/passwd)'")},
        "deck.yaml:6:9: error: slides[0].bullets[0]: link target 'https:/etc/passwd' is "
        "refused: a web address needs a host (https://host/…)",
    ),
}


@pytest.mark.parametrize("name", sorted(LINKS))
def test_link_targets_other_than_web_and_mail_are_refused(name: str, tmp_path: Path) -> None:
    proj = check_case(LINKS[name], tmp_path)
    result = run(["check", "deck.yaml"], proj)
    assert LINK_HINT in result.stderr.splitlines()


def test_link_destinations_keep_balanced_parentheses_and_angle_brackets(tmp_path: Path) -> None:
    proj = make_world(tmp_path)
    (proj / "deck.yaml").write_text(
        bullets(
            "'See [Foo](https://en.wikipedia.org/wiki/Foo_(bar)) today'",
            "'and [angled](<https://example.org/a_(b)>) too'",
            "'or [mail](mailto:a@example.org)'",
        ),
        encoding="utf-8",
    )
    result = run(["build", "deck.yaml", "-o", "talk.pptx"], proj)
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(proj / "talk.pptx") as z:
        rels = z.read("ppt/slides/_rels/slide1.xml.rels").decode()
        slide = z.read("ppt/slides/slide1.xml").decode()
    targets = [chunk.split('"')[0] for chunk in rels.split('Target="')[1:]]
    assert "https://en.wikipedia.org/wiki/Foo_(bar)" in targets
    assert "https://example.org/a_(b)" in targets
    assert "mailto:a@example.org" in targets
    assert ">Foo<" in slide and "(bar)" not in slide.replace("Foo_(bar)", "")


FORMULAS = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1", "\r=2"]


def test_chart_text_is_written_into_the_workbook_as_literal_strings(tmp_path: Path) -> None:
    import json

    proj = make_world(tmp_path)
    (proj / "deck.yaml").write_text(
        chart(
            json.dumps([1, 2, 3, 4, 5, 6]),
            categories=json.dumps(FORMULAS),
            name=json.dumps("=cmd|' /C calc'!A0"),
        ),
        encoding="utf-8",
    )
    result = run(["build", "deck.yaml", "-o", "talk.pptx"], proj)
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(proj / "talk.pptx") as z:
        embedded = [n for n in z.namelist() if n.endswith(".xlsx")]
        workbook = zipfile.ZipFile(io.BytesIO(z.read(embedded[0])))
    sheet = workbook.read("xl/worksheets/sheet1.xml").decode()
    strings = workbook.read("xl/sharedStrings.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet  # no formula cell at all
    assert "hyperlink" not in sheet.lower()
    # Every category and the series name are shared strings, each exactly as written.
    assert sheet.count('t="s"') == len(FORMULAS) + 1
    for text in ["=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)", "+1+1", "-2+3", "@SUM(A1:A2)"]:
        assert f">{text}<" in strings or f">{text.replace('&quot;', chr(34))}<" in strings
    assert "=cmd|' /C calc'!A0" in strings.replace("&apos;", "'")


# --- outputs are never clobbered wrongly -------------------------------------------------------


def project_with(tmp_path: Path, files: dict[str, str]) -> Path:
    proj = make_world(tmp_path)
    for rel, text in files.items():
        (proj / rel).parent.mkdir(parents=True, exist_ok=True)
        (proj / rel).write_text(text, encoding="utf-8")
    return proj


def test_output_equal_to_the_deck_is_a_usage_error(tmp_path: Path) -> None:
    proj = project_with(tmp_path, {"talk.pptx": TITLE + ONE})
    result = run(["build", "talk.pptx", "-o", "talk.pptx"], proj)
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: the output talk.pptx is the deck talk.pptx itself; choose another output with -o"
    )
    assert (proj / "talk.pptx").read_text(encoding="utf-8") == TITLE + ONE


def test_output_equal_to_an_included_file_is_a_usage_error(tmp_path: Path) -> None:
    frag = "slides: [{layout: title}]\n"
    proj = project_with(
        tmp_path, {"deck.yaml": TITLE + "include: part.pptx\n" + ONE, "part.pptx": frag}
    )
    result = run(["build", "deck.yaml", "-o", "part.pptx"], proj)
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: the output part.pptx is a file the deck deck.yaml reads; "
        "choose another output with -o"
    )
    assert (proj / "part.pptx").read_text(encoding="utf-8") == frag


def test_output_that_is_a_fifo_is_refused_and_stays_a_fifo(tmp_path: Path) -> None:
    proj = project_with(tmp_path, {"deck.yaml": TITLE + ONE})
    os.mkfifo(proj / "out.pptx")
    result = run(["build", "deck.yaml", "-o", "out.pptx"], proj)
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: refusing to write out.pptx: it is a named pipe (FIFO), not a regular file"
    )
    assert stat.S_ISFIFO(os.lstat(proj / "out.pptx").st_mode)


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_output_that_is_a_device_node_is_refused_and_stays_a_device(tmp_path: Path) -> None:
    proj = project_with(tmp_path, {"deck.yaml": TITLE + ONE})
    node = proj / "null.pptx"
    os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a copy of /dev/null
    result = run(["build", "deck.yaml", "-o", "null.pptx"], proj)
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: refusing to write null.pptx: it is a device, not a regular file"
    )
    assert stat.S_ISCHR(os.lstat(node).st_mode)


def test_a_folder_where_an_output_file_is_meant_is_refused(tmp_path: Path) -> None:
    proj = project_with(tmp_path, {"a.yaml": TITLE + ONE, "b.yaml": TITLE + ONE})
    (proj / "out" / "a.pptx").mkdir(parents=True)
    result = run(["build", "a.yaml", "b.yaml", "-o", "out/"], proj)
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: refusing to write out/a.pptx: it is a folder, not a regular file"
    )
    assert not (proj / "out" / "b.pptx").exists()  # refused before anything was written


def test_other_commands_refuse_to_overwrite_their_input(tmp_path: Path) -> None:
    proj = project_with(tmp_path, {"deck.yaml": TITLE + ONE, "notes.md": "# N\n\n- a\n"})
    outline = run(["outline", "deck.yaml", "-o", "deck.yaml"], proj)
    assert outline.returncode == 2
    assert outline.stderr.splitlines()[-1] == (
        "Error: the output deck.yaml is an input (deck.yaml); choose another file"
    )
    imported = run(["import", "notes.md", "-o", "notes.md"], proj)
    assert imported.returncode == 2
    assert imported.stderr.splitlines()[-1] == (
        "Error: the output notes.md is an input (notes.md); choose another file"
    )
    assert (proj / "deck.yaml").read_text(encoding="utf-8") == TITLE + ONE
    assert (proj / "notes.md").read_text(encoding="utf-8") == "# N\n\n- a\n"


def test_two_decks_writing_one_output_is_an_error_before_anything_is_written(
    tmp_path: Path,
) -> None:
    proj = project_with(tmp_path, {"a/talk.yaml": TITLE + ONE, "b/talk.yaml": TITLE + ONE})
    result = run(["build", "a/talk.yaml", "b/talk.yaml", "-o", "out/"], proj)
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: a/talk.yaml and b/talk.yaml would both be written to out/talk.pptx; "
        "rename one, or build them into separate folders"
    )
    assert not (proj / "out").exists()


def test_one_deck_named_twice_is_built_once(tmp_path: Path) -> None:
    proj = project_with(tmp_path, {"a.yaml": TITLE + ONE})
    result = run(["build", "a.yaml", "a.yaml", "-o", "out/"], proj)
    assert result.returncode == 0
    assert result.stdout == "a.yaml → out/a.pptx (1 slide)\n"


def test_a_full_disk_fails_with_the_old_file_intact_and_no_temp_file(tmp_path: Path) -> None:
    proj = project_with(tmp_path, {"deck.yaml": TITLE + ONE})
    (proj / "out").mkdir()
    (proj / "out" / "talk.pptx").write_bytes(b"the old deck")
    # A file-size limit makes every write past 1 KB fail (EFBIG), as a full disk would.
    result = run(["build", "deck.yaml", "-o", "out/talk.pptx"], proj, limit_file_size=1024)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "deck.yaml: error: cannot write out/talk.pptx: File too large"
    )
    assert (proj / "out" / "talk.pptx").read_bytes() == b"the old deck"
    assert sorted(p.name for p in (proj / "out").iterdir()) == ["talk.pptx"]


def test_dev_full_as_output_is_refused_as_a_device(tmp_path: Path) -> None:
    proj = project_with(tmp_path, {"deck.yaml": TITLE + ONE})
    result = run(["schema", "-o", "/dev/full"], proj)
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: refusing to write /dev/full: it is a device, not a regular file"
    )


# --- the root: where it is, and opting out ----------------------------------------------------


def test_the_root_is_the_git_work_tree_the_deck_lives_in(tmp_path: Path) -> None:
    proj = project_with(
        tmp_path,
        {
            "decks/deck.yaml": TITLE + "include: ../shared/common.yaml\n" + ONE,
            "shared/common.yaml": "authors: [A]\n",
        },
    )
    refused = run(["check", "decks/deck.yaml"], proj)
    assert refused.returncode == 1
    assert first_line(refused) == (
        f"decks/deck.yaml:2:10: error: include: '../shared/common.yaml' is {OUTSIDE}"
    )
    assert f"  hint: the root is {proj / 'decks'}; " in refused.stderr
    (proj / ".git").mkdir()  # now decks/ and shared/ are in one work tree
    accepted = run(["check", "decks/deck.yaml"], proj)
    assert (accepted.returncode, accepted.stdout) == (0, "decks/deck.yaml: ok (1 slide)\n")
    # a worktree's .git is a file, not a folder
    (proj / ".git").rmdir()
    (proj / ".git").write_text("gitdir: /elsewhere\n", encoding="utf-8")
    assert run(["check", "decks/deck.yaml"], proj).returncode == 0


def test_root_option_and_allow_outside_widen_the_boundary(tmp_path: Path) -> None:
    proj = project_with(
        tmp_path,
        {
            "decks/deck.yaml": TITLE + "include: ../shared/common.yaml\n" + ONE,
            "shared/common.yaml": "authors: [A]\n",
        },
    )
    assert run(["check", "decks/deck.yaml"], proj).returncode == 1
    assert run(["check", "decks/deck.yaml", "--root", "."], proj).returncode == 0
    assert run(["check", "decks/deck.yaml", "--allow-outside"], proj).returncode == 0
    built = run(["build", "decks/deck.yaml", "--root", ".", "-o", "t.pptx"], proj)
    assert (built.returncode, built.stdout) == (0, "decks/deck.yaml → t.pptx (1 slide)\n")
    missing = run(["check", "decks/deck.yaml", "--root", "nowhere"], proj)
    assert missing.returncode == 2
    assert "Directory 'nowhere' does not exist." in missing.stderr


def test_built_in_themes_stay_usable_under_any_root(tmp_path: Path) -> None:
    proj = project_with(tmp_path, {"deck.yaml": TITLE + "theme: paper-grey\n" + ONE})
    result = run(["check", "deck.yaml"], proj)
    assert (result.returncode, result.stdout) == (0, "deck.yaml: ok (1 slide)\n")


# --- every other reader: cache, watch, outline templates, import ---------------------------


def test_the_cache_never_hashes_a_refused_file(tmp_path: Path) -> None:
    proj = project_with(tmp_path, {"deck.yaml": TITLE + "include: pipe.yaml\n" + ONE})
    os.mkfifo(proj / "pipe.yaml")
    for _ in range(2):  # the second build reads the cache file the first one left
        result = run(["build", "deck.yaml"], proj)
        assert result.returncode == 1
        assert first_line(result) == (
            "deck.yaml:2:10: error: include: 'pipe.yaml' is a named pipe (FIFO), not a regular file"
        )
    cache = proj / "build" / ".deckgen-cache.json"
    assert not cache.exists() or "pipe.yaml" not in cache.read_text(encoding="utf-8")


def test_the_cache_records_digests_of_what_was_read(tmp_path: Path) -> None:
    import hashlib
    import json

    proj = project_with(
        tmp_path, {"deck.yaml": TITLE + "include: part.yaml\n" + ONE, "part.yaml": "authors: [A]\n"}
    )
    assert run(["build", "deck.yaml"], proj).returncode == 0
    entry = json.loads((proj / "build" / ".deckgen-cache.json").read_text(encoding="utf-8"))
    inputs = entry["outputs"]["deck.pptx"]["inputs"]
    part = str((proj / "part.yaml").resolve())
    assert inputs[part] == hashlib.sha256(b"authors: [A]\n").hexdigest()
    assert run(["build", "deck.yaml"], proj).stdout == "deck.yaml → build/deck.pptx (unchanged)\n"
    (proj / "part.yaml").unlink()
    os.mkfifo(proj / "part.yaml")  # swapped for a FIFO: the freshness check must not hang
    result = run(["build", "deck.yaml"], proj)
    assert result.returncode == 1
    assert first_line(result) == (
        "deck.yaml:2:10: error: include: 'part.yaml' is a named pipe (FIFO), not a regular file"
    )


def test_watch_reports_a_fifo_include_and_does_not_hang(tmp_path: Path) -> None:
    proj = project_with(tmp_path, {"deck.yaml": TITLE + "include: pipe.yaml\n" + ONE})
    os.mkfifo(proj / "pipe.yaml")
    result = run(["watch", "deck.yaml", "--max-builds", "1"], proj)
    assert result.returncode == 0
    assert result.stderr.splitlines()[0] == (
        "deck.yaml:2:10: error: include: 'pipe.yaml' is a named pipe (FIFO), not a regular file"
    )
    assert result.stderr.splitlines()[-1] == "deck.yaml: build failed; watching for changes"


def test_an_outline_template_outside_the_root_is_refused(tmp_path: Path) -> None:
    proj = project_with(
        tmp_path,
        {"deck.yaml": TITLE + "theme: mine\n" + ONE, "themes/mine/theme.yaml": "extends: paper\n"},
    )
    (proj / "themes" / "mine" / "outline.md.j2").symlink_to(
        tmp_path / "outside" / "theme" / "outline.md.j2"
    )
    result = run(["outline", "deck.yaml"], proj)
    assert result.returncode == 1
    assert first_line(result) == (
        f"error: outline template '{proj}/themes/mine/outline.md.j2' is {OUTSIDE}"
    )
    assert_no_leak(result, proj)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda p: os.mkfifo(p),
            "notes.md: error: 'notes.md' is a named pipe (FIFO), not a regular file",
        ),
        (
            # read through the deck reader's rules, as a deck linked to /dev/zero is
            lambda p: p.symlink_to("/dev/zero"),
            "notes.md: error: 'notes.md' is a system file, not an input",
        ),
        (lambda p: p.mkdir(), "notes.md: error: is a directory, not a Markdown file"),
    ],
    ids=["fifo", "dev-zero", "directory"],
)
def test_import_reads_only_regular_files(
    make: Callable[[Path], None], message: str, tmp_path: Path
) -> None:
    proj = project_with(tmp_path, {})
    make(proj / "notes.md")
    result = run(["import", "notes.md"], proj)
    assert (result.returncode, first_line(result)) == (1, message)


def test_a_deck_that_is_a_folder_is_a_usage_error(tmp_path: Path) -> None:
    proj = project_with(tmp_path, {})
    (proj / "deck.yaml").mkdir()
    result = run(["check", "deck.yaml"], proj)
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == "Error: no .yaml deck files in folder 'deck.yaml'"


def test_check_pptx_reads_only_regular_files(tmp_path: Path) -> None:
    proj = project_with(tmp_path, {})
    os.mkfifo(proj / "pipe.pptx")
    (proj / "zero.pptx").symlink_to("/dev/zero")
    result = run(["check", "--pptx", "pipe.pptx", "zero.pptx"], proj)
    assert result.returncode == 1
    assert [line for line in result.stderr.splitlines() if not line.startswith("note:")] == [
        "pipe.pptx: error: 'pipe.pptx' is a named pipe (FIFO), not a regular file",
        "zero.pptx: error: 'zero.pptx' is a device, not a regular file",
    ]


# --- diff and textconv -------------------------------------------------------------------------


def test_diff_builds_deck_specs_under_the_root_rules(tmp_path: Path) -> None:
    proj = project_with(
        tmp_path,
        {
            "decks/deck.yaml": TITLE + "include: ../shared/common.yaml\n" + ONE,
            "shared/common.yaml": "authors: [A]\n",
            "leak.yaml": TITLE + "include: ../outside/fragment.yaml\n" + ONE,
        },
    )
    refused = run(["diff", "decks/deck.yaml", "decks/deck.yaml"], proj)
    assert (refused.returncode, first_line(refused)) == (
        2,
        f"decks/deck.yaml:2:10: error: include: '../shared/common.yaml' is {OUTSIDE}",
    )
    assert refused.stderr.splitlines()[-1] == "decks/deck.yaml: error: the deck does not build"
    for widen in (["--root", "."], ["--allow-outside"]):
        same = run(["diff", "decks/deck.yaml", "decks/deck.yaml", *widen], proj)
        assert (same.returncode, same.stderr) == (0, "")
    leak = run(["diff", "leak.yaml", "decks/deck.yaml", "--root", "."], proj)
    assert (leak.returncode, first_line(leak)) == (
        2,
        f"leak.yaml:2:10: error: include: '../outside/fragment.yaml' is {OUTSIDE}",
    )
    assert_no_leak(leak, proj)


def test_diff_of_a_revision_is_confined_to_the_copy_of_its_repository(tmp_path: Path) -> None:
    secret = tmp_path / "outside" / "fragment.yaml"
    proj = project_with(tmp_path, {"deck.yaml": TITLE + f"include: {secret}\n" + ONE})
    env = {**os.environ, "GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.org"}
    env |= {"GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.org"}
    for git in (["init", "-q"], ["add", "deck.yaml"], ["commit", "-q", "-m", "deck"]):
        subprocess.run(["git", *git], cwd=proj, env=env, check=True, timeout=TIMEOUT)
    result = run(["diff", "HEAD:deck.yaml", "deck.yaml", "--allow-outside"], proj)
    assert (result.returncode, first_line(result)) == (
        2,
        f"HEAD:deck.yaml:2:10: error: include: '{secret}' is {OUTSIDE}",
    )
    assert_no_leak(result, proj)


@pytest.mark.parametrize("command", ["textconv", "diff"])
def test_textconv_and_diff_read_only_regular_pptx_files(command: str, tmp_path: Path) -> None:
    proj = project_with(tmp_path, {})
    os.mkfifo(proj / "pipe.pptx")
    (proj / "env.pptx").symlink_to("/proc/self/environ")  # holds the canary
    code = 1 if command == "textconv" else 2
    extra = [] if command == "textconv" else ["env.pptx"]
    pipe = run([command, "pipe.pptx", *extra], proj)
    assert (pipe.returncode, pipe.stderr) == (
        code,
        "pipe.pptx: error: 'pipe.pptx' is a named pipe (FIFO), not a regular file\n",
    )
    env = run([command, "env.pptx", *extra], proj)
    assert (env.returncode, env.stderr) == (
        code,
        "env.pptx: error: 'env.pptx' is a system file, not an input\n",
    )
    assert_no_leak(env, proj)
