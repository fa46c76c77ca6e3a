"""Specification of the authoring loop around ``build``: ``deckgen new``, many decks in one
process with a content-hash cache and progress, ``deckgen import``, GitHub annotations, and
the CI and pre-commit files the repository ships."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from deckgen import cli as cli_module
from deckgen import spec
from deckgen.cache import CACHE_NAME
from deckgen.cli import cli
from deckgen.diagnostics import Diagnostic, Severity, Span
from deckgen.scaffold import LAYOUT_EXAMPLES, VISUAL_EXAMPLES, slugify, starter
from helpers import ROOT

ONE = "title: T\nslides:\n  - layout: title\n"
TWO = ONE + "  - layout: question\n    question: Why?\n"
BROKEN = "title: T\nslides:\n  - layout: qestion\n"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), prog_name="deckgen")


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in an empty folder (decks/ and build/ are relative to it)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return tmp_path


# --- deckgen new -------------------------------------------------------------------------------


def test_new_writes_a_starter_deck_that_builds(in_tmp: Path) -> None:
    result = run("new", "Attention Is All You Need")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "wrote decks/attention-is-all-you-need.yaml\n"
        "next: deckgen watch decks/attention-is-all-you-need.yaml\n"
    )
    text = (in_tmp / "decks" / "attention-is-all-you-need.yaml").read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../schema/deck.schema.json"
    assert 'title: "Attention Is All You Need"' in text
    built = run("build", "decks/attention-is-all-you-need.yaml")
    assert built.exit_code == 0, built.output
    assert built.stdout == (
        "decks/attention-is-all-you-need.yaml → build/attention-is-all-you-need.pptx (1 slide)\n"
    )
    assert built.stderr == ""


def test_new_refuses_to_overwrite_without_force(in_tmp: Path) -> None:
    deck = write(in_tmp / "decks" / "my-talk.yaml", "mine\n")
    result = run("new", "My talk")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == "decks/my-talk.yaml: error: file exists; use --force to overwrite it\n"
    assert deck.read_text(encoding="utf-8") == "mine\n"
    forced = run("new", "My talk", "--force")
    assert forced.exit_code == 0
    assert deck.read_text(encoding="utf-8").startswith("# yaml-language-server")


def test_new_into_another_folder_points_at_the_schema_from_there(in_tmp: Path) -> None:
    write(in_tmp / "schema" / "deck.schema.json", "{}\n")
    result = run("new", "Qwen 2.5: Efficiency — Über Scale!", "--dir", "talks/2025")
    assert result.exit_code == 0, result.output
    deck = in_tmp / "talks" / "2025" / "qwen-2-5-efficiency-uber-scale.yaml"
    first = deck.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../schema/deck.schema.json"


def test_new_needs_a_title_with_letters_or_digits(in_tmp: Path) -> None:
    result = run("new", "!!!")
    assert result.exit_code == 2
    assert "'!!!' has no letters or digits to name a file after" in result.stderr


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Attention Is All You Need", "attention-is-all-you-need"),
        ("LLaMA: Open and Efficient", "llama-open-and-efficient"),
        ("Qwen2.5 — Technical Report", "qwen2-5-technical-report"),
        ("Ünïcödé", "unicode"),
        ("a " * 60, "-".join(["a"] * 30)),
    ],
)
def test_slugify(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_the_starter_has_an_example_of_every_layout_and_visual() -> None:
    text = starter("T", Path("decks"))
    for name in spec.LAYOUTS:
        assert name in LAYOUT_EXAMPLES, f"add an example of layout '{name}' to deckgen.scaffold"
        if name != "title":
            assert f"  ## layout: {name}\n  # - layout: {name}\n" in text
    for name in getattr(spec, "VISUALS", ("chart", "diagram", "table", "stat")):
        assert name in VISUAL_EXAMPLES, f"add an example of visual '{name}' to deckgen.scaffold"
        assert f"  ## visual: {name}\n" in text


def test_the_starters_examples_build_when_uncommented(in_tmp: Path) -> None:
    text = starter("Uncommented", Path("decks"))
    # The picture example needs a picture; everything else builds as it is.
    text = re.sub(r"  ## visual: image\n(  #.*\n)*", "", text)
    lines = [
        line.replace("  # ", "  ", 1)
        if line.startswith("  # ")
        else ("" if line == "  #" else line)
        for line in text.splitlines()
    ]
    write(in_tmp / "decks" / "all.yaml", "\n".join(lines) + "\n")
    result = run("build", "decks/all.yaml")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    n = len(LAYOUT_EXAMPLES) + len(VISUAL_EXAMPLES) - 1  # the title slide is not commented
    assert result.stdout == f"decks/all.yaml → build/all.pptx ({n} slides)\n"


# --- many decks, the build cache and progress ---------------------------------------------------


def test_a_second_build_skips_unchanged_decks(in_tmp: Path) -> None:
    write(in_tmp / "decks" / "a.yaml", ONE)
    write(in_tmp / "decks" / "b.yaml", TWO)
    first = run("build", "decks/")
    assert first.exit_code == 0
    assert first.stdout == (
        "decks/a.yaml → build/a.pptx (1 slide)\ndecks/b.yaml → build/b.pptx (2 slides)\n"
    )
    stamps = {p.name: p.stat().st_mtime_ns for p in (in_tmp / "build").glob("*.pptx")}
    second = run("build", "decks/")
    assert second.exit_code == 0
    assert second.stdout == (
        "decks/a.yaml → build/a.pptx (unchanged)\ndecks/b.yaml → build/b.pptx (unchanged)\n"
    )
    assert {p.name: p.stat().st_mtime_ns for p in (in_tmp / "build").glob("*.pptx")} == stamps


def test_only_changed_decks_are_rebuilt_and_force_rebuilds_all(in_tmp: Path) -> None:
    a = write(in_tmp / "decks" / "a.yaml", ONE)
    write(in_tmp / "decks" / "b.yaml", TWO)
    assert run("build", "decks/").exit_code == 0
    a.write_text(TWO, encoding="utf-8")
    assert run("build", "decks/").stdout == (
        "decks/a.yaml → build/a.pptx (2 slides)\ndecks/b.yaml → build/b.pptx (unchanged)\n"
    )
    assert run("build", "decks/", "--force").stdout == (
        "decks/a.yaml → build/a.pptx (2 slides)\ndecks/b.yaml → build/b.pptx (2 slides)\n"
    )


def test_touching_a_deck_without_changing_it_keeps_it_cached(in_tmp: Path) -> None:
    a = write(in_tmp / "decks" / "a.yaml", ONE)
    assert run("build", "decks/a.yaml").exit_code == 0
    a.write_text(ONE, encoding="utf-8")
    assert run("build", "decks/a.yaml").stdout == "decks/a.yaml → build/a.pptx (unchanged)\n"


def test_included_files_and_theme_files_are_inputs_of_the_cache(in_tmp: Path) -> None:
    frag = write(in_tmp / "decks" / "fragments" / "end.yaml", "slides: [{layout: title}]\n")
    theme = write(in_tmp / "decks" / "themes" / "mine" / "theme.yaml", "extends: paper\n")
    write(
        in_tmp / "decks" / "a.yaml",
        "title: T\ntheme: mine\nslides: [{include: fragments/end.yaml}]\n",
    )
    assert run("build", "decks/").stdout == "decks/a.yaml → build/a.pptx (1 slide)\n"
    assert run("build", "decks/").stdout == "decks/a.yaml → build/a.pptx (unchanged)\n"
    frag.write_text("slides: [{layout: title}, {layout: title}]\n", encoding="utf-8")
    assert run("build", "decks/").stdout == "decks/a.yaml → build/a.pptx (2 slides)\n"
    theme.write_text("extends: paper\ncolors: {accent: '#1B7A8C'}\n", encoding="utf-8")
    assert run("build", "decks/").stdout == "decks/a.yaml → build/a.pptx (2 slides)\n"
    assert run("build", "decks/").stdout == "decks/a.yaml → build/a.pptx (unchanged)\n"


def test_a_missing_or_changed_output_is_rebuilt(in_tmp: Path) -> None:
    write(in_tmp / "decks" / "a.yaml", ONE)
    assert run("build", "decks/").exit_code == 0
    (in_tmp / "build" / "a.pptx").unlink()
    assert run("build", "decks/").stdout == "decks/a.yaml → build/a.pptx (1 slide)\n"
    (in_tmp / "build" / "a.pptx").write_bytes(b"edited by hand")
    assert run("build", "decks/").stdout == "decks/a.yaml → build/a.pptx (1 slide)\n"


def test_another_deckgen_version_or_other_options_invalidate_the_cache(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(in_tmp / "decks" / "a.yaml", ONE)
    assert run("build", "decks/").exit_code == 0
    cache = in_tmp / "build" / CACHE_NAME
    data = json.loads(cache.read_text(encoding="utf-8"))
    assert set(data["outputs"]) == {"a.pptx"}
    data["deckgen"] = "0.0.1+old"
    cache.write_text(json.dumps(data), encoding="utf-8")
    assert run("build", "decks/").stdout == "decks/a.yaml → build/a.pptx (1 slide)\n"
    assert run("build", "decks/", "--dump-ir").stdout == "decks/a.yaml → build/a.pptx (1 slide)\n"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert run("build", "decks/", "--dump-ir").stdout == "decks/a.yaml → build/a.pptx (1 slide)\n"
    assert run("build", "decks/", "--dump-ir").stdout == "decks/a.yaml → build/a.pptx (unchanged)\n"


def test_a_corrupt_cache_file_means_a_full_build(in_tmp: Path) -> None:
    write(in_tmp / "decks" / "a.yaml", ONE)
    write(in_tmp / "build" / CACHE_NAME, "{not json")
    assert run("build", "decks/").stdout == "decks/a.yaml → build/a.pptx (1 slide)\n"
    assert run("build", "decks/").stdout == "decks/a.yaml → build/a.pptx (unchanged)\n"


def test_failed_decks_are_not_cached_and_good_ones_are(in_tmp: Path) -> None:
    write(in_tmp / "decks" / "a.yaml", ONE)
    write(in_tmp / "decks" / "b.yaml", BROKEN)
    result = run("build", "decks/")
    assert result.exit_code == 1
    assert result.stdout == "decks/a.yaml → build/a.pptx (1 slide)\n"
    assert result.stderr.splitlines()[-1] == "1 of 2 deck(s) failed"
    again = run("build", "decks/")
    assert again.exit_code == 1
    assert again.stdout == "decks/a.yaml → build/a.pptx (unchanged)\n"
    assert "unknown layout 'qestion'" in again.stderr


def test_builds_into_a_named_output_are_not_cached(in_tmp: Path) -> None:
    write(in_tmp / "decks" / "a.yaml", ONE)
    assert run("build", "decks/", "-o", "out/").exit_code == 0
    assert run("build", "decks/", "-o", "out/").stdout == "decks/a.yaml → out/a.pptx (1 slide)\n"
    assert sorted(p.name for p in (in_tmp / "out").iterdir()) == ["a.pptx"]
    assert not (in_tmp / "build").exists()


def test_partials_in_a_deck_folder_are_not_built(in_tmp: Path) -> None:
    write(in_tmp / "decks" / "a.yaml", "title: T\nslides: [{include: _end.yaml}]\n")
    write(in_tmp / "decks" / "_end.yaml", "slides: [{layout: title}]\n")
    assert run("build", "decks/").stdout == "decks/a.yaml → build/a.pptx (1 slide)\n"


def test_a_process_pool_writes_the_same_bytes_as_a_serial_build(in_tmp: Path) -> None:
    for i in range(5):
        shutil_copy(ROOT / "examples" / "charts.yaml", in_tmp / "decks" / f"c{i}.yaml")
    serial = run("build", "decks/", "-o", "serial/", "-j", "1")
    pooled = run("build", "decks/", "-o", "pooled/", "-j", "2")
    assert serial.exit_code == pooled.exit_code == 0
    assert pooled.stdout == serial.stdout.replace("serial/", "pooled/")
    for i in range(5):
        a = (in_tmp / "serial" / f"c{i}.pptx").read_bytes()
        assert a == (in_tmp / "pooled" / f"c{i}.pptx").read_bytes()


def shutil_copy(src: Path, dst: Path) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_bytes(src.read_bytes())


def test_a_progress_bar_shows_on_a_terminal_only(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for i in range(4):
        write(in_tmp / "decks" / f"d{i}.yaml", ONE)
    plain = run("build", "decks/", "-j", "1")
    assert "\r" not in plain.stdout
    monkeypatch.setattr(cli_module, "_is_tty", lambda: True)
    shown = run("build", "decks/", "-j", "1", "--force")
    assert shown.exit_code == 0
    assert "\r" + "░" * 30 + " 0/4 decks" in shown.stdout
    assert "\r" + "█" * 15 + "░" * 15 + " 2/4 decks" in shown.stdout
    assert shown.stdout.endswith("decks/d3.yaml → build/d3.pptx (1 slide)\n")
    lines = [line.split("\r")[-1] for line in shown.stdout.replace("\x1b[K", "").split("\n")]
    assert lines == [*(f"decks/d{i}.yaml → build/d{i}.pptx (1 slide)" for i in range(4)), ""]


# --- GitHub annotations ------------------------------------------------------------------------


def test_github_annotations_escape_their_values(capsys: pytest.CaptureFixture[str]) -> None:
    diags = [
        Diagnostic(Severity.ERROR, "50% of\nthe text", Span("decks/a,b:c.yaml", 3, 7)),
        Diagnostic(Severity.WARNING, "too many bullets", Span("decks/a.yaml", 9, 5)),
        Diagnostic(Severity.NOTE, "no position"),
    ]
    cli_module._emit(diags, {}, "github")
    assert capsys.readouterr().out.splitlines() == [
        "::error file=decks/a%2Cb%3Ac.yaml,line=3,col=7::50%25 of%0Athe text",
        "::warning file=decks/a.yaml,line=9,col=5::too many bullets",
        "::notice::no position",
    ]


def test_build_with_github_format_annotates_template_errors(in_tmp: Path) -> None:
    write(
        in_tmp / "decks" / "a.yaml",
        "title: '{{ titel }}'\nvars: {title: T}\nslides: [{layout: title}]\n",
    )
    result = run("build", "decks/", "--format", "github")
    assert result.exit_code == 1
    assert result.stdout == "::error file=decks/a.yaml,line=1,col=12::undefined variable 'titel'\n"


# --- deckgen import ----------------------------------------------------------------------------

BRIEF = ROOT / "tests" / "fixtures" / "import" / "qwen25-slide-brief.md"


def test_import_prints_a_deck_and_warnings_with_their_lines(in_tmp: Path) -> None:
    notes = write(in_tmp / "notes.md", BRIEF.read_text(encoding="utf-8"))
    result = run("import", "notes.md")
    assert result.exit_code == 0, result.output
    deck = yaml.safe_load(result.stdout)
    assert len(deck["slides"]) >= 11
    warnings = result.stderr.splitlines()
    assert warnings
    assert all(re.fullmatch(r"notes\.md:\d+: warning: .+", w) for w in warnings), warnings
    assert any("â†’" in w and "→" in w for w in warnings)
    write(in_tmp / "decks" / "notes.yaml", result.stdout)
    assert run("build", "decks/notes.yaml").exit_code == 0
    assert notes.exists()


def test_import_writes_the_deck_to_a_file(in_tmp: Path) -> None:
    write(in_tmp / "notes.md", "# Paper\n\n## First point\n\n- one\n- two\n")
    result = run("import", "notes.md", "-o", "decks/paper.yaml")
    assert result.exit_code == 0, result.output
    assert result.stdout == "notes.md → decks/paper.yaml\n"
    assert (
        yaml.safe_load((in_tmp / "decks" / "paper.yaml").read_text(encoding="utf-8"))["title"]
        == "Paper"
    )


def test_import_of_a_missing_file_is_an_error(in_tmp: Path) -> None:
    result = run("import", "nope.md")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == "nope.md: error: file not found\n"


# --- the CI workflow and the pre-commit hook ---------------------------------------------------


def test_the_example_workflow_builds_the_decks_and_uploads_them() -> None:
    workflow = yaml.safe_load(
        (ROOT / "examples" / "ci" / "github-actions.yml").read_text(encoding="utf-8")
    )
    triggers = workflow.get("on", workflow.get(True))
    assert set(triggers) >= {"push", "pull_request"}
    steps = workflow["jobs"]["build"]["steps"]
    uses = [s.get("uses", "") for s in steps]
    assert uses[0].startswith("actions/checkout@")
    setup = next(s for s in steps if s.get("uses", "").startswith("actions/setup-python@"))
    assert setup["with"]["python-version"] == "3.11"
    runs = [s.get("run", "") for s in steps]
    assert any(r.startswith("pip install") for r in runs)
    assert "deckgen build decks/ --format github" in runs
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["path"] == "build/*.pptx"


def test_the_pre_commit_hook_checks_decks() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "deckgen-check")
    assert hook["entry"] == "deckgen check"
    assert hook["language"] == "python"
    files, exclude = re.compile(hook["files"]), re.compile(hook["exclude"])

    def checked(path: str) -> bool:
        return bool(files.search(path)) and not exclude.search(path)

    assert checked("decks/qwen25.yaml") and checked("decks/llama.yml")
    assert not checked("decks/_closing.yaml")
    assert not checked("decks/fragments/end.yaml")
    assert not checked("themes/paper/theme.yaml")
    assert not checked("decks/notes.md")
