"""Specification of the command line: commands, options, output formats and exit codes.

Exit codes: 0 success, 1 a deck or theme error (nothing is written), 2 a usage error.
"""

from __future__ import annotations

import gc
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from deckgen import __version__
from deckgen.cli import cli

GOOD = "title: T\nslides:\n  - layout: bullets\n    title: A\n    bullets: [one, two]\n"
TWO_SLIDES = (
    "title: Qwen 2.5\ndate: 2024-12-19\nslides:\n  - layout: title\n"
    "  - layout: bullets\n    title: A\n    bullets: [one, two]\n"
)
BAD = "title: T\nslides:\n  - layout: two-colum\n    title: A\n"
BAD_FIRST_LINE = "{}:3:13: error: slides[0].layout: unknown layout 'two-colum'"


@pytest.fixture(autouse=True)
def no_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    """Builds are reproducible without SOURCE_DATE_EPOCH unless a test sets it."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


def run(*args: str) -> Result:
    """Return the result of ``deckgen ARGS`` run in-process."""
    return CliRunner().invoke(cli, list(args), prog_name="deckgen")


def write(path: Path, text: str) -> Path:
    """Write ``text`` to ``path`` and return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def core_xml(pptx: Path) -> str:
    """Return docProps/core.xml of a .pptx file."""
    with zipfile.ZipFile(pptx) as z:
        return z.read("docProps/core.xml").decode("utf-8")


def created(pptx: Path) -> str:
    """Return the dcterms:created value of a .pptx file."""
    m = re.search(r"<dcterms:created[^>]*>([^<]*)</dcterms:created>", core_xml(pptx))
    assert m
    return m.group(1)


# --- version and help --------------------------------------------------------------------


def test_package_version() -> None:
    assert __version__ == "0.1.0"


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version_prints_name_and_version(flag: str) -> None:
    result = run(flag)
    assert result.exit_code == 0
    assert result.stdout == "deckgen 0.1.0\n"


def test_version_names_the_version_and_exits_0() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert "0.1.0" in result.stdout


@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help_lists_the_commands_and_the_examples(flag: str) -> None:
    result = run(flag)
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("Usage: deckgen [OPTIONS] COMMAND [ARGS]...\n")
    commands = re.findall(r"^  (\w+)  ", out.split("Commands:", 1)[1], flags=re.MULTILINE)
    assert {"build", "check", "icons", "themes"} <= set(commands)
    assert commands == sorted(commands)
    assert "\n  Examples:\n" in out
    for example in [
        "deckgen build decks/qwen25.yaml            writes build/qwen25.pptx",
        "deckgen build decks/ -o out/               every deck in a folder",
        "deckgen build decks/llama.yaml -o talk.pptx",
        "deckgen check decks/*.yaml                 validate without writing",
        "deckgen check --pptx build/qwen25.pptx     validate any .pptx file",
        "deckgen icons arrow                        search icon names",
    ]:
        assert f"    {example}\n" in out


def test_build_help_shows_its_options_and_the_examples() -> None:
    result = run("build", "--help")
    assert result.exit_code == 0
    assert result.stdout.startswith("Usage: deckgen build [OPTIONS] DECKS...\n")
    for option in ["-o, --output PATH", "--dump-ir", "--format [text|json|github]", "-q, --quiet"]:
        assert option in result.stdout
    assert "deckgen build decks/ -o out/" in result.stdout


# --- usage errors: exit 2 -------------------------------------------------------------------


def test_unknown_command_is_a_usage_error() -> None:
    result = run("frobnicate")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == "Error: No such command 'frobnicate'."


def test_build_without_decks_is_a_usage_error() -> None:
    result = run("build")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == "Error: Missing argument 'DECKS...'."


def test_check_without_files_is_a_usage_error() -> None:
    assert run("check").exit_code == 2


def test_output_must_be_a_pptx_file(tmp_path: Path) -> None:
    deck = write(tmp_path / "good.yaml", GOOD)
    result = run("build", str(deck), "-o", str(tmp_path / "foo.txt"))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "Usage: deckgen build [OPTIONS] DECKS...",
        "Try 'deckgen build --help' for help.",
        "",
        f"Error: output file must end in .pptx: '{tmp_path / 'foo.txt'}'",
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["good.yaml"]


def test_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    deck = write(tmp_path / "good.yaml", GOOD)
    result = run("build", str(deck), "--format", "xml")
    assert result.exit_code == 2
    assert "Invalid value for '--format'" in result.stderr


def test_empty_folder_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "decks").mkdir()
    result = run("build", str(tmp_path / "decks"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        f"Error: no .yaml deck files in folder '{tmp_path / 'decks'}'"
    )


# --- build --------------------------------------------------------------------------------


def test_build_writes_the_named_output_and_says_so(tmp_path: Path) -> None:
    deck = write(tmp_path / "good.yaml", GOOD)
    out = tmp_path / "talk.pptx"
    result = run("build", str(deck), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{deck} → {out} (1 slide)\n"
    assert result.stderr == ""
    assert zipfile.is_zipfile(out)


def test_build_quiet_prints_nothing(tmp_path: Path) -> None:
    deck = write(tmp_path / "good.yaml", GOOD)
    result = run("build", str(deck), "-o", str(tmp_path / "talk.pptx"), "-q")
    assert result.exit_code == 0
    assert result.output == ""


def test_build_defaults_to_the_build_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "decks" / "qwen25.yaml", TWO_SLIDES)
    result = run("build", "decks/qwen25.yaml")
    assert result.exit_code == 0, result.output
    assert result.stdout == "decks/qwen25.yaml → build/qwen25.pptx (2 slides)\n"
    assert (tmp_path / "build" / "qwen25.pptx").is_file()


def test_build_a_folder_builds_each_deck_into_the_output_folder(tmp_path: Path) -> None:
    write(tmp_path / "decks" / "a.yaml", GOOD)
    write(tmp_path / "decks" / "b.yml", TWO_SLIDES)
    write(tmp_path / "decks" / "notes.txt", "not a deck")
    out = tmp_path / "out"
    result = run("build", str(tmp_path / "decks"), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["a.pptx", "b.pptx"]
    assert result.stdout.splitlines() == [
        f"{tmp_path / 'decks' / 'a.yaml'} → {out / 'a.pptx'} (1 slide)",
        f"{tmp_path / 'decks' / 'b.yml'} → {out / 'b.pptx'} (2 slides)",
    ]


def test_build_several_files_into_an_output_folder(tmp_path: Path) -> None:
    a = write(tmp_path / "a.yaml", GOOD)
    b = write(tmp_path / "b.yaml", TWO_SLIDES)
    out = tmp_path / "out"
    result = run("build", str(a), str(b), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["a.pptx", "b.pptx"]


def test_build_one_deck_into_an_existing_folder(tmp_path: Path) -> None:
    deck = write(tmp_path / "good.yaml", GOOD)
    out = tmp_path / "out"
    out.mkdir()
    assert run("build", str(deck), "-o", str(out)).exit_code == 0
    assert [p.name for p in out.iterdir()] == ["good.pptx"]


def test_building_the_same_deck_twice_gives_identical_bytes(tmp_path: Path) -> None:
    deck = write(tmp_path / "deck.yaml", TWO_SLIDES)
    assert run("build", str(deck), "-o", str(tmp_path / "a.pptx")).exit_code == 0
    assert run("build", str(deck), "-o", str(tmp_path / "b.pptx")).exit_code == 0
    assert (tmp_path / "a.pptx").read_bytes() == (tmp_path / "b.pptx").read_bytes()


def test_created_date_is_the_deck_date_or_a_fixed_default(tmp_path: Path) -> None:
    dated = write(tmp_path / "dated.yaml", TWO_SLIDES)
    undated = write(tmp_path / "undated.yaml", GOOD)
    assert run("build", str(dated), str(undated), "-o", str(tmp_path / "out")).exit_code == 0
    assert created(tmp_path / "out" / "dated.pptx") == "2024-12-19T00:00:00Z"
    assert created(tmp_path / "out" / "undated.pptx") == "2000-01-01T00:00:00Z"


def test_source_date_epoch_sets_the_created_date_reproducibly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    deck = write(tmp_path / "deck.yaml", TWO_SLIDES)
    assert run("build", str(deck), "-o", str(tmp_path / "plain.pptx")).exit_code == 0

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 22:13:20 UTC
    assert run("build", str(deck), "-o", str(tmp_path / "a.pptx")).exit_code == 0
    assert run("build", str(deck), "-o", str(tmp_path / "b.pptx")).exit_code == 0

    assert created(tmp_path / "a.pptx") == "2023-11-14T22:13:20Z"
    assert "<dcterms:modified" in core_xml(tmp_path / "a.pptx")
    assert re.search(r"<dcterms:modified[^>]*>2023-11-14T22:13:20Z<", core_xml(tmp_path / "a.pptx"))
    assert (tmp_path / "a.pptx").read_bytes() == (tmp_path / "b.pptx").read_bytes()
    assert (tmp_path / "a.pptx").read_bytes() != (tmp_path / "plain.pptx").read_bytes()


def test_zip_entries_have_fixed_times(tmp_path: Path) -> None:
    deck = write(tmp_path / "deck.yaml", GOOD)
    assert run("build", str(deck), "-o", str(tmp_path / "a.pptx")).exit_code == 0
    with zipfile.ZipFile(tmp_path / "a.pptx") as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_dump_ir_writes_json_beside_the_output(tmp_path: Path) -> None:
    deck = write(tmp_path / "deck.yaml", TWO_SLIDES)
    out = tmp_path / "out" / "talk.pptx"
    result = run("build", str(deck), "-o", str(out), "--dump-ir")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.parent.iterdir()) == ["talk.ir.json", "talk.pptx"]
    ir = json.loads((out.parent / "talk.ir.json").read_text(encoding="utf-8"))
    assert len(ir["slides"]) == 2
    assert [s["composition"] for s in ir["slides"]] == ["title", "text"]
    assert ir["width"] > ir["height"] > 0


# --- check --------------------------------------------------------------------------------


def test_check_a_good_deck_exits_0_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "good.yaml", TWO_SLIDES)
    result = run("check", "good.yaml")
    assert result.exit_code == 0
    assert result.stdout == "good.yaml: ok (2 slides)\n"
    assert [p.name for p in tmp_path.iterdir()] == ["good.yaml"]


def test_check_counts_one_slide_in_the_singular(tmp_path: Path) -> None:
    deck = write(tmp_path / "good.yaml", GOOD)
    assert run("check", str(deck)).stdout == f"{deck}: ok (1 slide)\n"


def test_check_a_bad_deck_exits_1_with_the_error(tmp_path: Path) -> None:
    deck = write(tmp_path / "bad.yaml", BAD)
    result = run("check", str(deck))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == BAD_FIRST_LINE.format(deck)
    assert [p.name for p in tmp_path.iterdir()] == ["bad.yaml"]


def test_check_reports_every_deck(tmp_path: Path) -> None:
    good = write(tmp_path / "good.yaml", TWO_SLIDES)
    bad = write(tmp_path / "bad.yaml", BAD)
    result = run("check", str(good), str(bad))
    assert result.exit_code == 1
    assert result.stdout == f"{good}: ok (2 slides)\n"
    assert result.stderr.splitlines()[0] == BAD_FIRST_LINE.format(bad)


# --- diagnostic formats ----------------------------------------------------------------------


@pytest.mark.parametrize("command", ["build", "check"])
def test_json_format_prints_one_object_per_diagnostic(command: str, tmp_path: Path) -> None:
    deck = write(
        tmp_path / "bad.yaml",
        "title: T\nslides:\n  - layout: two-colum\n    title: A\n  - layout: quote\n",
    )
    args = [command, str(deck), "--format", "json"]
    if command == "build":
        args += ["-o", str(tmp_path / "out.pptx")]
    result = run(*args)

    assert result.exit_code == 1
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert [json.loads(line) for line in lines] == [
        {
            "severity": "error",
            "message": "unknown layout 'two-colum'",
            "file": str(deck),
            "line": 3,
            "column": 13,
            "path": "slides[0].layout",
            "hint": "did you mean 'two-column'?",
            "rule": None,
        },
        {
            "severity": "error",
            "message": "missing required key 'quote'",
            "file": str(deck),
            "line": 5,
            "column": 5,
            "path": "slides[1]",
            "hint": None,
            "rule": None,
        },
    ]
    assert not (tmp_path / "out.pptx").exists()


def test_json_format_on_a_good_build_prints_nothing(tmp_path: Path) -> None:
    deck = write(tmp_path / "good.yaml", GOOD)
    result = run("build", str(deck), "-o", str(tmp_path / "a.pptx"), "--format", "json")
    assert result.exit_code == 0
    assert result.output == ""


@pytest.mark.parametrize("command", ["build", "check"])
def test_github_format_prints_annotations(command: str, tmp_path: Path) -> None:
    deck = write(tmp_path / "bad.yaml", BAD)
    args = [command, str(deck), "--format", "github"]
    if command == "build":
        args += ["-o", str(tmp_path / "out.pptx")]
    result = run(*args)

    assert result.exit_code == 1
    assert result.stdout == f"::error file={deck},line=3,col=13::unknown layout 'two-colum'\n"
    assert result.stderr == ""


# --- icons and themes ------------------------------------------------------------------------


def test_icons_word_lists_matching_names() -> None:
    result = run("icons", "brain")
    assert result.exit_code == 0
    names = result.stdout.splitlines()
    assert "brain" in names
    assert all("brain" in n for n in names)


def test_icons_without_a_word_lists_them_all() -> None:
    result = run("icons")
    assert result.exit_code == 0
    names = result.stdout.splitlines()
    assert len(names) > 1000
    assert {"brain", "database", "cpu", "zap"} <= set(names)


def test_icons_without_a_match_exits_1() -> None:
    result = run("icons", "zzzz")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == "no icon matches 'zzzz'\n"


def test_themes_lists_the_builtin_themes() -> None:
    result = run("themes")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == ["paper", "paper-grey"]


def test_decks_can_use_every_builtin_theme(tmp_path: Path) -> None:
    for theme in ["paper", "paper-grey"]:
        deck = write(
            tmp_path / f"{theme}.yaml", GOOD.replace("slides:", f"theme: {theme}\nslides:")
        )
        result = run("check", str(deck))
        assert result.exit_code == 0, result.output


# --- the real process ----------------------------------------------------------------------
# main() ends the process with os._exit after flushing (interpreter teardown is skipped for
# speed); these run the console entry in a subprocess to prove nothing is lost that way.


def deckgen(
    *args: str, cwd: Path, python: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    """Return the finished ``python PYTHON -m deckgen ARGS`` process, output captured as
    text and block-buffered (as when piped), so a lost flush would show."""
    env = {
        k: v for k, v in os.environ.items() if k not in ("PYTHONUNBUFFERED", "SOURCE_DATE_EPOCH")
    }
    return subprocess.run(
        [sys.executable, *python, "-m", "deckgen", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_the_process_prints_everything_before_it_exits(tmp_path: Path) -> None:
    write(tmp_path / "w.yaml", 'title: "T\\a"\n' + GOOD.removeprefix("title: T\n"))
    done = deckgen("build", "w.yaml", "-o", "w.pptx", cwd=tmp_path)
    assert done.returncode == 0
    assert done.stdout == "w.yaml → w.pptx (1 slide)\n"
    assert done.stderr == (
        "w.yaml:1:8: warning: title: removed characters that cannot appear in a slide "
        "(U+0007) [control-characters]\n"
        ' 1 | title: "T\\a"\n'
        "   |        ^^^^^\n"
    )
    assert zipfile.is_zipfile(tmp_path / "w.pptx")


def test_the_process_exits_1_on_a_bad_deck_and_keeps_the_old_file(tmp_path: Path) -> None:
    write(tmp_path / "d.yaml", GOOD)
    assert deckgen("build", "d.yaml", "-o", "d.pptx", "-q", cwd=tmp_path).returncode == 0
    before = (tmp_path / "d.pptx").read_bytes()
    write(tmp_path / "d.yaml", BAD)
    done = deckgen("build", "d.yaml", "-o", "d.pptx", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.splitlines()[0] == BAD_FIRST_LINE.format("d.yaml")
    assert (tmp_path / "d.pptx").read_bytes() == before


def test_the_process_builds_a_folder_with_workers_and_leaves_none_behind(
    tmp_path: Path,
) -> None:
    for i in range(5):
        write(tmp_path / "decks" / f"d{i}.yaml", GOOD)
    # Absolute paths: forked workers carry the parent's command line, so they can be found.
    decks, out = str(tmp_path / "decks"), str(tmp_path / "out")
    done = deckgen("build", decks, "-o", out, "-j", "2", "-q", cwd=tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [f"d{i}.pptx" for i in range(5)]
    # Every worker was shut down before the parent left: none is still running.
    assert processes_naming(decks) == []


def processes_naming(arg: str) -> list[str]:
    """Return the ids of running processes whose command line contains ``arg`` (Linux)."""
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:  # ended while we looked
            continue
        if arg in cmdline:
            found.append(proc.name)
    return found


def test_usage_errors_still_exit_2_from_the_process(tmp_path: Path) -> None:
    done = deckgen("build", cwd=tmp_path)
    assert done.returncode == 2
    assert "Missing argument 'DECKS...'" in done.stderr


def test_the_process_under_a_profiler_exits_normally_so_it_writes_its_results(
    tmp_path: Path,
) -> None:
    done = deckgen("themes", cwd=tmp_path, python=("-m", "cProfile", "-o", "run.prof"))
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["paper", "paper-grey"]
    assert (tmp_path / "run.prof").stat().st_size > 0


@pytest.mark.parametrize("decks", [1, 2])
def test_the_collector_main_pauses_comes_back_before_a_second_deck(
    decks: int, tmp_path: Path
) -> None:
    paths = [str(write(tmp_path / f"d{i}.yaml", GOOD)) for i in range(decks)]
    (tmp_path / "out").mkdir()
    for args in (["check", *paths], ["build", *paths, "-o", str(tmp_path / "out"), "-j", "1"]):
        gc.disable()  # as main() leaves it for the first deck
        try:
            assert run(*args).exit_code == 0
            assert gc.isenabled() == (decks == 2), args[0]
        finally:
            gc.unfreeze()
            gc.enable()
