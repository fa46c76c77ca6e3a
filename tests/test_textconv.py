"""git integration: `deckgen textconv` as a diff driver, and `deckgen diff REV:path`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from deckgen.cli import cli

DECK = """\
title: Git deck
short_title: Git
date: 2025-01-06
include: parts/common.yaml
slides:
  - layout: bullets
    title: Data
    bullets: [Data scaled from 7T to 18T tokens, Curation over raw volume]
    notes: The corpus grew.
  - layout: bullets
    title: Results
    table: {columns: [Model, MMLU], rows: [[LLaMA-65B, "63.4"], [Qwen2.5-72B, "86.1"]]}
  - include: parts/closing.yaml
"""
COMMON = "authors: [Ada]\n"
CLOSING = "slides:\n  - layout: question\n    question: What next?\n"

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(repo: Path, *args: str) -> str:
    """Run git in ``repo`` and return its standard output."""
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Deck Author",
        "GIT_AUTHOR_EMAIL": "author@example.org",
        "GIT_COMMITTER_NAME": "Deck Author",
        "GIT_COMMITTER_EMAIL": "author@example.org",
        "GIT_CONFIG_NOSYSTEM": "1",
        "HOME": str(repo),
    }
    done = subprocess.run(
        ["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


def test_textconv_prints_a_stable_text_form(tmp_path: Path) -> None:
    deck = tmp_path / "deck.yaml"
    deck.write_text(
        DECK.replace("include: parts/common.yaml\n", "").replace(
            "  - include: parts/closing.yaml\n", ""
        ),
        encoding="utf-8",
    )
    runner = CliRunner()
    assert runner.invoke(cli, ["build", str(deck), "-o", str(tmp_path / "d.pptx")]).exit_code == 0
    first = runner.invoke(cli, ["textconv", str(tmp_path / "d.pptx")])
    assert first.exit_code == 0
    assert first.stdout == (
        "# presentation: 2 slides, 13.33 × 7.5 in\n"
        "\n"
        "## slide: Data\n"
        "layout: Title Only\n"
        "text: Data scaled from 7T to 18T tokens\n"
        "text: Curation over raw volume\n"
        "notes: The corpus grew.\n"
        "footer: Git\n"
        "\n"
        "## slide: Results\n"
        "layout: Title Only\n"
        "table 1: Model | MMLU\n"
        "table 1: LLaMA-65B | 63.4\n"
        "table 1: Qwen2.5-72B | 86.1\n"
        "footer: Git\n"
    )
    again = runner.invoke(cli, ["textconv", str(tmp_path / "d.pptx")])
    assert again.stdout == first.stdout


def test_textconv_of_chart_and_diagram(tmp_path: Path) -> None:
    deck = tmp_path / "deck.yaml"
    deck.write_text(
        "title: T\nslides:\n  - layout: bullets\n    title: Results\n"
        "    chart: {kind: bar, orientation: horizontal, categories: [MBPP, MATH], series: [{name: A, values: [88.2, 83]}]}\n"
        "  - layout: bullets\n    title: Flow\n"
        "    diagram: {kind: flow, nodes: [{label: In}, {label: Out}]}\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    assert runner.invoke(cli, ["build", str(deck), "-o", str(tmp_path / "d.pptx")]).exit_code == 0
    out = runner.invoke(cli, ["textconv", str(tmp_path / "d.pptx")]).stdout
    assert (
        "## slide: Results\nlayout: Title Only\nchart 1: bar\n"
        "chart 1 categories: MBPP | MATH\nchart 1 series 'A': 88.2 | 83\n"
    ) in out
    assert "## slide: Flow\nlayout: Title Only\nnode: In\nnode: Out\nedge: In → Out\n" in out


def test_textconv_of_a_file_that_is_not_a_pptx(tmp_path: Path) -> None:
    bad = tmp_path / "x.pptx"
    bad.write_bytes(b"PK\x03\x04 not really")
    res = CliRunner().invoke(cli, ["textconv", str(bad)])
    assert res.exit_code == 1
    assert res.stderr == f"{bad}: error: not a .pptx file (not a zip package)\n"
    res = CliRunner().invoke(cli, ["textconv", str(tmp_path / "none.pptx")])
    assert (res.exit_code, res.stderr) == (1, f"{tmp_path / 'none.pptx'}: error: no such file\n")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository with two commits of decks/deck.yaml: the second edits a bullet in
    the deck and the closing question in an included file."""
    root = tmp_path / "repo"
    (root / "decks" / "parts").mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    (root / "decks" / "deck.yaml").write_text(DECK, encoding="utf-8")
    (root / "decks" / "parts" / "common.yaml").write_text(COMMON, encoding="utf-8")
    (root / "decks" / "parts" / "closing.yaml").write_text(CLOSING, encoding="utf-8")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "first")
    (root / "decks" / "deck.yaml").write_text(
        DECK.replace("raw volume", "sheer volume"), encoding="utf-8"
    )
    (root / "decks" / "parts" / "closing.yaml").write_text(
        CLOSING.replace("What next?", "What comes next?"), encoding="utf-8"
    )
    git(root, "commit", "-q", "-am", "second")
    monkeypatch.chdir(root)
    return root


@needs_git
def test_diff_against_a_revision(repo: Path) -> None:
    res = CliRunner().invoke(cli, ["diff", "HEAD~1:decks/deck.yaml", "decks/deck.yaml"])
    assert res.exit_code == 1, res.output
    assert res.stdout == (
        "--- HEAD~1:decks/deck.yaml (3 slides)\n"
        "+++ decks/deck.yaml (3 slides)\n"
        "\n"
        'slide 1 "Data": changed  (decks/deck.yaml:6)\n'
        "  text: Curation over [-raw-] {+sheer+} volume\n"
        "\n"
        'slide 3 "Question for you": changed  (decks/parts/closing.yaml:2)\n'
        "  text: What {+comes+} next?\n"
        "\n"
        "2 changed; 1 unchanged\n"
    )
    same = CliRunner().invoke(cli, ["diff", "HEAD:decks/deck.yaml", "decks/deck.yaml"])
    assert (same.exit_code, same.stdout) == (
        0,
        "HEAD:decks/deck.yaml and decks/deck.yaml are identical (3 slides)\n",
    )
    # From inside the deck's folder the path is relative to it; locations name the file
    # from the repository's root, as git does (REV:path).
    os.chdir(repo / "decks")
    res = CliRunner().invoke(cli, ["diff", "HEAD~1:deck.yaml", "HEAD:deck.yaml"])
    assert res.exit_code == 1
    assert res.stdout.startswith("--- HEAD~1:deck.yaml (3 slides)\n+++ HEAD:deck.yaml (3 slides)\n")
    assert 'slide 1 "Data": changed  (HEAD:decks/deck.yaml:6)\n' in res.stdout


@needs_git
def test_revision_errors_exit_2(repo: Path) -> None:
    runner = CliRunner()
    bad = runner.invoke(cli, ["diff", "nosuchrev:decks/deck.yaml", "decks/deck.yaml"])
    assert (bad.exit_code, bad.stdout) == (2, "")
    assert bad.stderr == "nosuchrev:decks/deck.yaml: error: unknown revision 'nosuchrev'\n"
    option = runner.invoke(cli, ["diff", "--", "--output=x:decks/deck.yaml", "decks/deck.yaml"])
    assert option.exit_code == 2
    assert option.stderr == "--output=x:decks/deck.yaml: error: unknown revision '--output=x'\n"
    assert not (repo / "x").exists()
    gone = runner.invoke(cli, ["diff", "HEAD~1:decks/other.yaml", "decks/deck.yaml"])
    assert gone.stderr == (
        "HEAD~1:decks/other.yaml: error: decks/other.yaml does not exist at revision 'HEAD~1'\n"
    )
    (repo / "decks" / "deck.yaml").write_text(
        DECK.replace("layout: bullets", "layout: bulets", 1), "utf-8"
    )
    git(repo, "commit", "-q", "-am", "broken")
    broken = runner.invoke(cli, ["diff", "HEAD:decks/deck.yaml", "HEAD~1:decks/deck.yaml"])
    assert broken.exit_code == 2
    assert broken.stderr.startswith(
        "HEAD:decks/deck.yaml:6:13: error: slides[0].layout: unknown layout 'bulets'\n"
    )
    assert broken.stderr.endswith("HEAD:decks/deck.yaml: error: the deck does not build\n")


@needs_git
def test_git_diff_with_the_textconv_driver(repo: Path) -> None:
    runner = CliRunner()
    (repo / ".gitattributes").write_text("*.pptx diff=pptx\n", encoding="utf-8")
    git(repo, "config", "diff.pptx.textconv", f"{sys.executable} -m deckgen textconv")
    assert runner.invoke(cli, ["build", "decks/deck.yaml", "-o", "deck.pptx"]).exit_code == 0
    git(repo, "add", ".gitattributes", "deck.pptx")
    git(repo, "commit", "-q", "-m", "built deck")
    (repo / "decks" / "deck.yaml").write_text(
        DECK.replace("raw volume", "curated volume"), encoding="utf-8"
    )
    assert runner.invoke(cli, ["build", "decks/deck.yaml", "-o", "deck.pptx"]).exit_code == 0
    out = git(repo, "diff", "--", "deck.pptx")
    changed = [
        line for line in out.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")
    ]
    assert changed == ["-text: Curation over sheer volume", "+text: Curation over curated volume"]
    assert "Binary files" not in out


@needs_git
def test_the_ci_example_reports_changed_decks_of_a_pull_request(
    repo: Path, render_tools: object, tmp_path: Path
) -> None:
    """The review job of examples/ci/github-actions.yml, run as GitHub runs a step (bash -e
    -o pipefail) with the pull request's head checked out and its base in BASE_SHA."""
    import yaml

    from helpers import ROOT

    workflow = yaml.safe_load((ROOT / "examples" / "ci" / "github-actions.yml").read_text("utf-8"))
    [step] = [
        s for s in workflow["jobs"]["review"]["steps"] if s.get("name", "").startswith("Compare")
    ]
    summary = tmp_path / "summary.md"

    def review(base: str) -> subprocess.CompletedProcess[str]:
        env = {
            **os.environ,
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
            "BASE_SHA": base,
            "GITHUB_STEP_SUMMARY": str(summary),
        }
        return subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )

    # An included file changed: every deck is compared.
    base = git(repo, "rev-parse", "HEAD~1").strip()
    done = review(base)
    assert done.returncode == 0, done.stderr
    assert summary.read_text(encoding="utf-8") == (
        f"### Deck changes: `{base}:decks/deck.yaml` → `decks/deck.yaml`\n"
        "\n"
        "**2 changed; 1 unchanged**\n"
        "\n"
        "#### Slide 1: Data — changed (`decks/deck.yaml:6`)\n"
        "\n"
        "- **text**: Curation over ~~raw~~ **sheer** volume\n"
        "\n"
        "#### Slide 3: Question for you — changed (`decks/parts/closing.yaml:2`)\n"
        "\n"
        "- **text**: What **comes** next?\n"
        "\n"
    )
    assert sorted(p.name for p in (repo / "visual-diff" / "deck").iterdir()) == [
        "index.html",
        "index.md",
        "slide-01.png",
        "slide-03.png",
    ]

    # Only deck files changed: those decks are compared, a new one is named, a deck that
    # does not build fails the step.
    summary.unlink()
    base = git(repo, "rev-parse", "HEAD").strip()
    (repo / "decks" / "new.yaml").write_text(DECK, encoding="utf-8")
    (repo / "decks" / "deck.yaml").write_text(DECK.replace("[[LLaMA", "[[Llama"), "utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "third")
    done = review(base)
    assert done.returncode == 0, done.stderr
    text = summary.read_text(encoding="utf-8")
    assert text.startswith(f"### Deck changes: `{base}:decks/deck.yaml` → `decks/deck.yaml`\n")
    assert "- **table 1, row 2, Model**: LLaMA-65B → Llama-65B\n" in text
    assert text.endswith("### New deck: `decks/new.yaml`\n\n")
    (repo / "decks" / "deck.yaml").write_text(
        DECK.replace("layout: bullets", "layout: bulets"), "utf-8"
    )
    git(repo, "commit", "-q", "-am", "broken")
    done = review(base)
    assert done.returncode == 1
    assert "decks/deck.yaml:6:13: error: slides[0].layout: unknown layout 'bulets'" in done.stderr


def test_equations_read_as_their_linear_alt_text_without_the_fallback_picture(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from helpers import ROOT

    monkeypatch.chdir(tmp_path)
    source = (ROOT / "examples" / "equations.yaml").read_text(encoding="utf-8")
    Path("eq1.yaml").write_text(source, encoding="utf-8")
    Path("eq2.yaml").write_text(source.replace("= q(D)", "= r(D)", 1), encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(cli, ["build", "eq1.yaml", "-o", "eq1.pptx"]).exit_code == 0
    lines = runner.invoke(cli, ["textconv", "eq1.pptx"]).stdout.splitlines()
    assert [line for line in lines if line.startswith(("equation", "picture"))] == [
        "equation: Equation: D_eff = q(D) |D|",
        "equation: Equation: L(N, D_eff) = E + A/(N^α) + B/(D_eff^β)",
        "equation: Equation: ℒ_DPO(π_θ; π_ref) = −𝔼_((x,y_w,y_l)∼𝒟)[log σ(β log (π_θ(y_w ∣ x))/(π_ref(y_w ∣ x)) − β log (π_θ(y_l ∣ x))/(π_ref(y_l ∣ x)))]",
    ]
    res = runner.invoke(cli, ["diff", "eq1.yaml", "eq2.yaml"])
    assert res.exit_code == 1
    assert "\n  equation: Equation: D_eff = [-q(D)-] {+r(D)+} |D|\n" in res.stdout


TEMPLATES = Path(__file__).resolve().parents[2] / "shared" / "templates"


@pytest.mark.skipif(
    not (TEMPLATES / "university-ufrj-mecanon.potx").is_file(),
    reason="the PowerPoint-made templates in ../shared/templates are not present",
)
def test_textconv_reads_a_template_saved_by_powerpoint() -> None:
    res = CliRunner().invoke(cli, ["textconv", str(TEMPLATES / "university-ufrj-mecanon.potx")])
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert lines[0] == "# presentation: 7 slides, 13.33 × 7.5 in"
    assert lines[2:8] == [
        "## slide: ON THE NONLINEAR BEHAVIOR OF ...",
        "layout: Título da Apresentação (Limpo - Logo Mecanon)",
        "text: First Author1, Second Author2, Third Author1",
        "text: 1 Universidade Federal do Rio de Janeiro (COPPE/UFRJ)",
        "text: 2 Universidade 2",
        "",
    ]
    assert lines[-3:] == [
        "## slide: Título Provisório",
        "layout: Conteúdo",
        "footer: On the Nonlinear Behavior of...",
    ]


def test_textconv_of_a_diagram_drawn_with_plain_python_pptx(tmp_path: Path) -> None:
    from pptx import Presentation
    from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
    from pptx.util import Inches

    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    start = slide.shapes.add_shape(
        MSO_SHAPE.ROUNDED_RECTANGLE, Inches(1), Inches(1), Inches(2), Inches(1)
    )
    start.text = "Input"
    sink = slide.shapes.add_shape(MSO_SHAPE.OVAL, Inches(5), Inches(1), Inches(1), Inches(1))
    sink.name = "Sink"
    arrow = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, 0, 0, 1, 1)
    arrow.begin_connect(start, 3)
    arrow.end_connect(sink, 1)
    caption = slide.shapes.add_textbox(Inches(1), Inches(3), Inches(4), Inches(1))
    caption.text_frame.text = "One step"
    prs.save(tmp_path / "d.pptx")
    res = CliRunner().invoke(cli, ["textconv", str(tmp_path / "d.pptx")])
    assert res.stdout == (
        "# presentation: 1 slide, 10 × 7.5 in\n"
        "\n"
        "## slide\n"
        "layout: Blank\n"
        "text: One step\n"
        "node: Input\n"
        "edge: Input → Sink\n"
    )


def test_the_reader_lists_every_shape_in_reading_order_with_its_alt_text(tmp_path: Path) -> None:
    from lxml import etree
    from PIL import Image
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.util import Inches

    from deckgen.review.model import ShapeInfo
    from deckgen.review.reader import read_pptx

    Image.new("RGB", (40, 30), "navy").save(tmp_path / "p.png")
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    slide.shapes.title.text = "Inventory"
    picture = slide.shapes.add_picture(str(tmp_path / "p.png"), Inches(1), Inches(2))
    picture._element.nvPicPr.cNvPr.set("descr", "A navy square")
    band = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, Inches(1), Inches(1))
    band.name = "Band"
    band._element.nvSpPr.cNvPr.append(
        etree.fromstring(
            '<a:extLst xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
            '<a:ext uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}">'
            '<adec:decorative xmlns:adec="http://schemas.microsoft.com/office/drawing/2017/decorative" val="1"/>'
            "</a:ext></a:extLst>"
        )
    )
    prs.save(tmp_path / "i.pptx")
    [model] = read_pptx(tmp_path / "i.pptx").slides
    assert model.shapes == (
        ShapeInfo("title", "Title 1", "", "Inventory"),
        ShapeInfo("picture", "Picture 2", "A navy square"),
        ShapeInfo("shape", "Band", "", "", decorative=True),
    )
    [pic] = model.pictures
    assert (pic.alt, pic.content_type, len(pic.sha256)) == ("A navy square", "image/png", 64)


def test_names_kept_whole_on_the_slide_read_back_as_typed(tmp_path: Path) -> None:
    # The slide holds a word joiner after the hyphen of a name so it never breaks there;
    # the text form (and so git diff and deckgen diff) shows the name as the author wrote it.
    deck = tmp_path / "deck.yaml"
    deck.write_text(
        "title: Names\nslides:\n  - layout: bullets\n    title: GPT-Neo\n"
        "    bullets: [Llama-3.1-405B-Instruct beside Qwen2.5-Turbo]\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    assert runner.invoke(cli, ["build", str(deck), "-o", str(tmp_path / "d.pptx")]).exit_code == 0
    with zipfile.ZipFile(tmp_path / "d.pptx") as z:
        assert "\u2060" in z.read("ppt/slides/slide1.xml").decode("utf-8")
    out = runner.invoke(cli, ["textconv", str(tmp_path / "d.pptx")]).stdout
    assert "## slide: GPT-Neo\n" in out
    assert "text: Llama-3.1-405B-Instruct beside Qwen2.5-Turbo\n" in out
    assert "\u2060" not in out
