"""Specification of how deckgen reports a broken deck.

Every file in ``tests/bad/`` holds exactly one mistake. Building it must:

* exit with code 1,
* print, as the first line on stderr, ``file:line:col: error: path: message`` exactly as
  listed in ``CASES`` below,
* show the offending source line with a caret under the column, when a line is known,
* never print a Python traceback,
* write nothing: no output file, no temporary file, and an existing output stays as it was.

The tests run with ``tests/`` as the working directory, so the file names in the messages
are the relative names given on the command line (``bad/unknown_layout.yaml``). A theme is
resolved to an absolute path, so the theme case names the theme file as ``{theme}``.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from deckgen.cli import cli

TESTS = Path(__file__).resolve().parent
BROKEN_THEME = TESTS / "fixtures" / "themes" / "broken" / "theme.yaml"

GOOD_DECK = "title: T\nslides:\n  - layout: bullets\n    title: A\n    bullets: [one, two]\n"

#: The overflow amounts come from text measurement; the message around them is exact.
OVERFLOW = re.compile(
    re.escape(
        "bad/overflowing_bullets.yaml:6:7: error: slides[0].bullets: the bullet list does not "
        "fit: it needs "
    )
    + r"(?P<need>\d+\.\d\d)"
    + re.escape(" in but the box is 5.07 in high (over by ")
    + r"(?P<over>\d+\.\d\d)"
    + re.escape(" in) even at the theme's minimum of 16 pt [overflow]")
)

#: (deck file relative to tests/, the exact first line of stderr)
CASES: list[tuple[str, str | re.Pattern[str]]] = [
    # --- YAML syntax -----------------------------------------------------------------
    (
        "bad/unclosed_bracket.yaml",
        "bad/unclosed_bracket.yaml:2:9: error: invalid YAML: expected ',' or ']', "
        "but got '<stream end>' (while parsing a flow sequence)",
    ),
    (
        "bad/bad_indentation.yaml",
        "bad/bad_indentation.yaml:5:4: error: invalid YAML: expected <block end>, "
        "but found '<block mapping start>' (while parsing a block collection)",
    ),
    (
        "bad/over_indented_key.yaml",
        "bad/over_indented_key.yaml:5:14: error: invalid YAML: mapping values are not allowed here",
    ),
    (
        "bad/tab_indentation.yaml",
        "bad/tab_indentation.yaml:3:1: error: invalid YAML: found character '\\t' "
        "that cannot start any token (while scanning for the next token)",
    ),
    (
        "bad/unquoted_colon.yaml",
        "bad/unquoted_colon.yaml:1:12: error: invalid YAML: mapping values are not allowed here",
    ),
    (
        "bad/duplicate_key.yaml",
        "bad/duplicate_key.yaml:6:1: error: title: duplicate key 'title' (first defined on line 1)",
    ),
    (
        "bad/python_object_tag.yaml",
        "bad/python_object_tag.yaml:1:8: error: invalid YAML: tag "
        "'tag:yaml.org,2002:python/object/apply:os.system' is not allowed in a deck file",
    ),
    (
        "bad/alias_bomb.yaml",
        "bad/alias_bomb.yaml:1:64: error: document expands to more than 200,000 values "
        "(alias bomb?)",
    ),
    # --- the file as a whole ----------------------------------------------------------
    ("bad/empty.yaml", "bad/empty.yaml:1:1: error: the deck file is empty"),
    (
        "bad/root_is_list.yaml",
        "bad/root_is_list.yaml:1:1: error: the deck must be a mapping of keys to values, "
        "not a list",
    ),
    (
        "bad/root_is_scalar.yaml",
        "bad/root_is_scalar.yaml:1:1: error: the deck must be a mapping of keys to values, "
        "not a single value",
    ),
    (
        "bad/not_utf8.yaml",
        "bad/not_utf8.yaml:1:11: error: deck file is not valid UTF-8 (byte 0xe9)",
    ),
    ("bad/nul_character.yaml", "bad/nul_character.yaml:4:13: error: file contains a NUL character"),
    # --- the schema ---------------------------------------------------------------------
    (
        "bad/unknown_top_level_key.yaml",
        "bad/unknown_top_level_key.yaml:2:1: error: subtitel: unknown key 'subtitel'",
    ),
    (
        "bad/unknown_slide_key.yaml",
        "bad/unknown_slide_key.yaml:5:5: error: slides[0].bulets: unknown key 'bulets'",
    ),
    (
        "bad/unknown_layout.yaml",
        "bad/unknown_layout.yaml:3:13: error: slides[0].layout: unknown layout 'two-colum'",
    ),
    (
        "bad/missing_layout.yaml",
        "bad/missing_layout.yaml:3:5: error: slides[0]: missing required key 'layout'",
    ),
    (
        "bad/quote_without_quote.yaml",
        "bad/quote_without_quote.yaml:3:5: error: slides[0]: missing required key 'quote'",
    ),
    (
        "bad/title_is_a_list.yaml",
        "bad/title_is_a_list.yaml:4:12: error: slides[0].title: expected a text string, got a list",
    ),
    (
        "bad/chart_values_are_strings.yaml",
        "bad/chart_values_are_strings.yaml:9:33: error: slides[0].chart.series[0].values[0]: "
        "expected a number, got 'high'",
    ),
    (
        "bad/chart_series_length_mismatch.yaml",
        "bad/chart_series_length_mismatch.yaml:6:7: error: slides[0].chart: "
        "series[0] 'Qwen' has 2 values for 3 categories",
    ),
    (
        "bad/tree_without_children.yaml",
        "bad/tree_without_children.yaml:6:7: error: slides[0].diagram: "
        "a tree diagram has one root node with 'children'",
    ),
    # --- themes, icons and layout -------------------------------------------------------
    (
        "bad/unknown_theme.yaml",
        "bad/unknown_theme.yaml:2:8: error: theme: unknown theme 'papr'",
    ),
    (
        "fixtures/deck_with_broken_theme.yaml",
        "{theme}:5:11: error: colors.accent: expected a colour such as '#1F3864'; got '#2E75B'",
    ),
    (
        "bad/unknown_icon.yaml",
        "bad/unknown_icon.yaml:5:11: error: slides[0].icon: unknown icon 'brian'",
    ),
    ("bad/overflowing_bullets.yaml", OVERFLOW),
]

#: The hint printed after the excerpt, for the cases that have one.
HINTS: dict[str, str] = {
    "bad/over_indented_key.yaml": "a value containing ': ' must be quoted",
    "bad/tab_indentation.yaml": "YAML indentation uses spaces, not tabs",
    "bad/unquoted_colon.yaml": "a value containing ': ' must be quoted",
    "bad/python_object_tag.yaml": "deck files are data: Python object tags are not allowed",
    "bad/empty.yaml": "start with 'title:' and a list of 'slides:'",
    "bad/not_utf8.yaml": "save the file as UTF-8",
    "bad/unknown_top_level_key.yaml": "did you mean 'subtitle'?",
    "bad/unknown_slide_key.yaml": "did you mean 'bullets'?",
    "bad/unknown_layout.yaml": "did you mean 'two-column'?",
    "bad/missing_layout.yaml": (
        "expected one of: title, section, bullets, two-column, quote, statement, qa, question"
    ),
    "bad/unknown_theme.yaml": "did you mean 'paper'?",
    "bad/unknown_icon.yaml": "did you mean 'brain', 'ban', 'bean'?",
    "bad/overflowing_bullets.yaml": (
        "shorten the text, split it over two slides, or set 'overflow: continue'"
    ),
}

#: Cases whose location has no source line to show.
NO_EXCERPT = {"bad/empty.yaml": "an empty file has no line to show"}


def case_id(case: tuple[str, object]) -> str:
    """Return a short test id: the deck's file name without folder and suffix."""
    return Path(case[0]).stem


def expected_text(expected: str | re.Pattern[str]) -> str | re.Pattern[str]:
    """Return ``expected`` with the broken theme's absolute path filled in."""
    if isinstance(expected, str):
        return expected.replace("{theme}", str(BROKEN_THEME))
    return expected


def assert_line(actual: str, expected: str | re.Pattern[str]) -> None:
    """Assert that ``actual`` is ``expected`` (a string, or a pattern it must match fully)."""
    expected = expected_text(expected)
    if isinstance(expected, str):
        assert actual == expected
    else:
        assert expected.fullmatch(actual), f"{actual!r} does not match {expected.pattern!r}"


def location(expected: str | re.Pattern[str]) -> tuple[int, int]:
    """Return the line and column named at the start of an expected first line."""
    text = expected_text(expected)
    text = text if isinstance(text, str) else text.pattern.replace("\\", "")
    m = re.search(r":(\d+):(\d+): error: ", text)
    assert m, text
    return int(m.group(1)), int(m.group(2))


@pytest.fixture
def in_tests_dir(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run with tests/ as the working directory, so decks are named 'bad/NAME.yaml'."""
    monkeypatch.chdir(TESTS)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return TESTS


def build(*args: str) -> Result:
    """Return the result of ``deckgen build ARGS`` run in-process."""
    return CliRunner().invoke(cli, ["build", *args])


def assert_no_traceback(result: Result) -> None:
    """Assert that the command ended by sys.exit, not by an exception."""
    assert "Traceback" not in result.output
    assert "Traceback" not in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )


# --- the corpus ------------------------------------------------------------------------


def test_every_broken_deck_in_the_corpus_has_a_case() -> None:
    """Each file in tests/bad/ is listed in CASES, so none is silently untested."""
    listed = {f for f, _ in CASES}
    on_disk = {f"bad/{p.name}" for p in (TESTS / "bad").iterdir()}
    assert on_disk <= listed
    assert len(on_disk) >= 18


@pytest.mark.parametrize(("deck_file", "expected"), CASES, ids=[case_id(c) for c in CASES])
def test_broken_deck_fails_with_exact_first_line(
    deck_file: str, expected: str | re.Pattern[str], in_tests_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out.pptx"
    result = build(deck_file, "-o", str(out))

    assert result.exit_code == 1
    assert_no_traceback(result)
    assert_line(result.stderr.splitlines()[0], expected)
    assert result.stderr.splitlines()[-1] == "1 of 1 deck(s) failed"
    assert result.stdout == ""
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("deck_file", "expected"),
    [c for c in CASES if c[0] not in NO_EXCERPT],
    ids=[case_id(c) for c in CASES if c[0] not in NO_EXCERPT],
)
def test_located_error_shows_source_line_with_caret_under_column(
    deck_file: str, expected: str | re.Pattern[str], in_tests_dir: Path, tmp_path: Path
) -> None:
    line, col = location(expected)
    result = build(deck_file, "-o", str(tmp_path / "out.pptx"))
    lines = result.stderr.splitlines()
    number = str(line)

    assert len(lines) >= 3
    assert lines[1].startswith(f" {number} | ")
    caret = re.fullmatch(rf" {' ' * len(number)} \| (?P<pad> *)\^+", lines[2])
    assert caret, lines[2]
    assert len(caret["pad"]) == col - 1


def test_source_excerpt_is_the_offending_line() -> None:
    """The excerpt repeats the YAML line and underlines the whole offending value."""
    result = CliRunner().invoke(cli, ["check", str(TESTS / "bad" / "unknown_layout.yaml")])
    assert result.stderr.splitlines()[1:4] == [
        " 3 |   - layout: two-colum",
        "   |             ^^^^^^^^^",
        "  hint: did you mean 'two-column'?",
    ]


def test_unclosed_bracket_is_shown_where_it_was_opened(in_tests_dir: Path, tmp_path: Path):
    result = build("bad/unclosed_bracket.yaml", "-o", str(tmp_path / "out.pptx"))
    assert result.stderr.splitlines()[1:3] == [
        " 2 | slides: [",
        "   |         ^",
    ]


def test_non_utf8_line_is_shown_with_a_replacement_character(
    in_tests_dir: Path, tmp_path: Path
) -> None:
    result = build("bad/not_utf8.yaml", "-o", str(tmp_path / "out.pptx"))
    assert result.stderr.splitlines()[1:4] == [
        " 1 | title: Caf\ufffd review",
        "   |           ^",
        "  hint: save the file as UTF-8",
    ]


def test_empty_file_has_no_excerpt_only_a_hint(in_tests_dir: Path, tmp_path: Path) -> None:
    result = build("bad/empty.yaml", "-o", str(tmp_path / "out.pptx"))
    assert result.stderr.splitlines() == [
        "bad/empty.yaml:1:1: error: the deck file is empty",
        "  hint: start with 'title:' and a list of 'slides:'",
        "1 of 1 deck(s) failed",
    ]


@pytest.mark.parametrize(
    ("deck_file", "hint"), sorted(HINTS.items()), ids=[Path(d).stem for d in sorted(HINTS)]
)
def test_hint_follows_the_error(
    deck_file: str, hint: str, in_tests_dir: Path, tmp_path: Path
) -> None:
    result = build(deck_file, "-o", str(tmp_path / "out.pptx"))
    first_error = result.stderr.split("\n", 1)[0]
    hints = [ln for ln in result.stderr.splitlines() if ln.startswith("  hint: ")]
    assert hints[0] == f"  hint: {hint}", first_error


def test_cases_without_a_hint_print_none(in_tests_dir: Path, tmp_path: Path) -> None:
    for deck, _ in CASES:
        if deck in HINTS:
            continue
        result = build(deck, "-o", str(tmp_path / "out.pptx"))
        assert "  hint: " not in result.stderr, deck


def test_every_error_of_a_deck_is_printed(in_tests_dir: Path, tmp_path: Path) -> None:
    """Both strings in one chart are reported, not only the first."""
    result = build("bad/chart_values_are_strings.yaml", "-o", str(tmp_path / "out.pptx"))
    errors = [ln for ln in result.stderr.splitlines() if ": error: " in ln]
    assert errors == [
        "bad/chart_values_are_strings.yaml:9:33: error: slides[0].chart.series[0].values[0]: "
        "expected a number, got 'high'",
        "bad/chart_values_are_strings.yaml:9:39: error: slides[0].chart.series[0].values[1]: "
        "expected a number, got 'low'",
    ]


def test_overflow_amount_is_need_minus_box(in_tests_dir: Path, tmp_path: Path) -> None:
    result = build("bad/overflowing_bullets.yaml", "-o", str(tmp_path / "out.pptx"))
    m = OVERFLOW.fullmatch(result.stderr.splitlines()[0])
    assert m
    assert float(m["over"]) == pytest.approx(float(m["need"]) - 5.07, abs=0.011)
    assert float(m["need"]) > 5.07


def test_broken_theme_excerpt_comes_from_the_theme_file(in_tests_dir: Path, tmp_path: Path):
    result = build("fixtures/deck_with_broken_theme.yaml", "-o", str(tmp_path / "out.pptx"))
    assert result.stderr.splitlines()[1:3] == [
        ' 5 |   accent: "#2E75B"',
        "   |           ^^^^^^^^",
    ]


def test_python_tag_is_never_executed(
    in_tests_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def forbidden(*_args: object) -> int:
        raise AssertionError("os.system was called while loading a deck")

    monkeypatch.setattr(os, "system", forbidden)
    result = build("bad/python_object_tag.yaml", "-o", str(tmp_path / "out.pptx"))
    assert result.exit_code == 1
    assert_no_traceback(result)


# --- a real process ----------------------------------------------------------------------


def run_deckgen(*args: str) -> subprocess.CompletedProcess[str]:
    """Return the result of ``python -m deckgen ARGS`` run in tests/."""
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    return subprocess.run(
        [sys.executable, "-m", "deckgen", *args],
        cwd=TESTS,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    "deck_file",
    [
        "bad/unknown_layout.yaml",
        "bad/not_utf8.yaml",
        "bad/python_object_tag.yaml",
        "fixtures/deck_with_broken_theme.yaml",
    ],
    ids=lambda d: Path(d).stem,
)
def test_subprocess_reports_the_error_and_writes_nothing(deck_file: str, tmp_path: Path) -> None:
    out = tmp_path / "out.pptx"
    proc = run_deckgen("build", deck_file, "-o", str(out))

    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr + proc.stdout
    assert_line(proc.stderr.splitlines()[0], dict(CASES)[deck_file])
    assert proc.stdout == ""
    assert list(tmp_path.iterdir()) == []


def test_subprocess_builds_the_whole_corpus_and_reports_every_deck(tmp_path: Path) -> None:
    """One process, every broken deck: each first line appears, and nothing is written."""
    out = tmp_path / "out"
    proc = run_deckgen("build", *(deck for deck, _ in CASES), "-o", str(out))
    lines = proc.stderr.splitlines()

    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr + proc.stdout
    for _deck, expected in CASES:
        expected = expected_text(expected)
        if isinstance(expected, str):
            assert expected in lines
        else:
            assert any(expected.fullmatch(ln) for ln in lines)
    assert lines[-1] == f"{len(CASES)} of {len(CASES)} deck(s) failed"
    assert not out.exists()


# --- nothing is written on failure ---------------------------------------------------------


@pytest.mark.parametrize(
    "deck_file",
    [
        "bad/unclosed_bracket.yaml",
        "bad/unknown_layout.yaml",
        "fixtures/deck_with_broken_theme.yaml",
        "bad/overflowing_bullets.yaml",
    ],
    ids=lambda d: Path(d).stem,
)
def test_failed_build_keeps_the_existing_output(deck_file: str, in_tests_dir: Path, tmp_path: Path):
    out = tmp_path / "out.pptx"
    sentinel = b"an earlier build, which must survive\x00\xff"
    out.write_bytes(sentinel)

    result = build(deck_file, "-o", str(out))

    assert result.exit_code == 1
    assert out.read_bytes() == sentinel
    assert [p.name for p in tmp_path.iterdir()] == ["out.pptx"]


def test_failed_write_keeps_the_existing_output_and_leaves_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A deck that is fine but cannot be written (disk full) is an error, not a traceback."""
    import deckgen.write

    deck = tmp_path / "good.yaml"
    deck.write_text(GOOD_DECK, encoding="utf-8")
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "good.pptx"
    out.write_bytes(b"sentinel")

    def disk_full(_src: object, _dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(deckgen.write.os, "replace", disk_full)
    result = build(str(deck), "-o", str(out))

    assert result.exit_code == 1
    assert_no_traceback(result)
    assert result.stderr.splitlines() == [
        f"{deck}: error: cannot write {out}: No space left on device",
        "1 of 1 deck(s) failed",
    ]
    assert out.read_bytes() == b"sentinel"
    assert [p.name for p in out_dir.iterdir()] == ["good.pptx"]


def test_successful_build_leaves_only_the_output(tmp_path: Path) -> None:
    deck = tmp_path / "good.yaml"
    deck.write_text(GOOD_DECK, encoding="utf-8")
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "good.pptx"
    out.write_bytes(b"an older build")

    result = build(str(deck), "-o", str(out))

    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"PK\x03\x04")
    assert [p.name for p in out_dir.iterdir()] == ["good.pptx"]


def test_folder_with_good_and_bad_decks_builds_only_the_good_ones(tmp_path: Path) -> None:
    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "a_good.yaml").write_text(GOOD_DECK, encoding="utf-8")
    (decks / "b_bad.yaml").write_text((TESTS / "bad" / "unknown_layout.yaml").read_text())
    out = tmp_path / "out"

    result = build(str(decks), "-o", str(out))

    assert result.exit_code == 1
    assert_no_traceback(result)
    assert sorted(p.name for p in out.iterdir()) == ["a_good.pptx"]
    assert result.stderr.splitlines()[0] == (
        f"{decks / 'b_bad.yaml'}:3:13: error: slides[0].layout: unknown layout 'two-colum'"
    )
    assert result.stderr.splitlines()[-1] == "1 of 2 deck(s) failed"


def test_deeply_nested_deck_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    deck = tmp_path / "deep.yaml"
    deck.write_text("title: T\nslides: " + "[" * 1000 + "]" * 1000 + "\n", encoding="utf-8")
    result = build(str(deck), "-o", str(tmp_path / "out.pptx"))
    assert_no_traceback(result)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{deck}:2:")
