"""`deckgen diff`: pairs of decks that differ in known ways, and the exact reports."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image, ImageDraw
from pptx import Presentation
from pptx.util import Inches

from deckgen.cli import cli
from deckgen.review.diff import compare_slides, diff_decks
from deckgen.review.model import Chart, DeckModel, Paragraph, Series, SlideModel, Table
from deckgen.review.report import change_text

BASE = """\
title: Review deck
short_title: Review
date: 2025-01-06
slides:
  - layout: title
    subtitle: Pairs of decks that differ in known ways
  - layout: bullets
    title: Data
    bullets: [Data scaled from 7T to 18T tokens, Curation over raw volume, Earlier models filter quality]
    notes: The corpus grew and the mix changed.
  - layout: bullets
    title: Results
    chart: {kind: bar, categories: [MBPP, MATH], series: [{name: Qwen2.5-72B, values: [88.2, 83.1]}, {name: Llama-405B, values: [84.5, 73.8]}]}
    notes: Qwen leads on both.
  - layout: bullets
    title: Pipeline
    diagram: {kind: flow, nodes: [{label: Raw data}, {label: Filter}, {label: Corpus}]}
  - layout: bullets
    title: Loss
    image: {path: loss.png, alt: Loss curve}
  - layout: question
    question: What next?
"""


def _swap_results_and_pipeline(text: str) -> str:
    parts = text.split("  - layout: ")
    parts[3], parts[4] = parts[4], parts[3]
    return "  - layout: ".join(parts)


VARIANTS = {
    "bullet": BASE.replace("Curation over raw volume", "Curation over sheer volume"),
    "insert": BASE.replace(
        "  - layout: bullets\n    title: Pipeline",
        "  - layout: statement\n    statement: Smarter data beats more data\n"
        "  - layout: bullets\n    title: Pipeline",
    ),
    "swap": _swap_results_and_pipeline(BASE),
    "chart": BASE.replace("values: [88.2, 83.1]", "values: [88.2, 85.0]"),
    "notes": BASE.replace("Qwen leads on both.", "Qwen leads on both benchmarks."),
    "picture": BASE.replace("path: loss.png", "path: loss2.png"),
    "node": BASE.replace("{label: Filter}", "{label: Quality filter}"),
    "layout": BASE.replace(
        "  - layout: bullets\n    title: Data\n"
        "    bullets: [Data scaled from 7T to 18T tokens, Curation over raw volume, Earlier models filter quality]\n",
        "  - layout: two-column\n    title: Data\n    hidden: true\n"
        "    left: {heading: Scale, bullets: [Data scaled from 7T to 18T tokens]}\n"
        "    right: {heading: Curation, bullets: [Curation over raw volume, Earlier models filter quality]}\n",
    ),
}


@pytest.fixture
def decks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder (the working directory) with base.yaml, every variant and their pictures."""
    monkeypatch.chdir(tmp_path)
    for name, color in (("loss.png", "#1F77B4"), ("loss2.png", "#D62728")):
        im = Image.new("RGB", (1200, 800), "white")
        ImageDraw.Draw(im).line([(50, 100), (400, 500), (1150, 700)], fill=color, width=12)
        im.save(tmp_path / name)
    (tmp_path / "base.yaml").write_text(BASE, encoding="utf-8")
    for name, text in VARIANTS.items():
        (tmp_path / f"{name}.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def diff(*args: str) -> tuple[int, str, str]:
    """Return exit code, standard output and standard error of `deckgen diff ARGS`."""
    res = CliRunner().invoke(cli, ["diff", *args])
    assert res.exception is None or isinstance(res.exception, SystemExit), res.exception
    return res.exit_code, res.stdout, res.stderr


EXPECTED_TEXT = {
    "bullet": """\
--- base.yaml (6 slides)
+++ bullet.yaml (6 slides)

slide 2 "Data": changed  (bullet.yaml:7)
  text: Curation over [-raw-] {+sheer+} volume

1 changed; 5 unchanged
""",
    "insert": """\
--- base.yaml (6 slides)
+++ insert.yaml (7 slides)

slide 4 "Smarter data beats more data": inserted  (insert.yaml:15)
  title: + Smarter data beats more data

1 inserted; 6 unchanged
""",
    "swap": """\
--- base.yaml (6 slides)
+++ swap.yaml (6 slides)

slide 3 → 4 "Results": moved  (swap.yaml:14)

1 moved; 5 unchanged
""",
    "chart": """\
--- base.yaml (6 slides)
+++ chart.yaml (6 slides)

slide 3 "Results": changed  (chart.yaml:11)
  chart 1, series 'Qwen2.5-72B', MATH: 83.1 → 85

1 changed; 5 unchanged
""",
    "notes": """\
--- base.yaml (6 slides)
+++ notes.yaml (6 slides)

slide 3 "Results": changed  (notes.yaml:11)
  notes: Qwen leads on [-both.-] {+both benchmarks.+}

1 changed; 5 unchanged
""",
    "picture": """\
--- base.yaml (6 slides)
+++ picture.yaml (6 slides)

slide 5 "Loss": changed  (picture.yaml:18)
  picture 'Loss curve': sha256:8a48468f923f → sha256:e85f7e70a332

1 changed; 5 unchanged
""",
    "layout": """\
--- base.yaml (6 slides)
+++ layout.yaml (6 slides)

slide 2 "Data": changed  (layout.yaml:7)
  text: + Scale
  text: + Curation
  composition: bullets → two-column
  hidden: no → yes

1 changed; 5 unchanged
""",
    "node": """\
--- base.yaml (6 slides)
+++ node.yaml (6 slides)

slide 4 "Pipeline": changed  (node.yaml:15)
  diagram node: [-Filter-] {+Quality filter+}

1 changed; 5 unchanged
""",
}


@pytest.mark.parametrize("variant", sorted(EXPECTED_TEXT))
def test_text_report_names_only_the_slide_that_differs(decks: Path, variant: str) -> None:
    code, out, err = diff("base.yaml", f"{variant}.yaml")
    assert (code, err) == (1, "")
    assert out == EXPECTED_TEXT[variant]


def test_a_removed_slide_is_reported_where_it_was(decks: Path) -> None:
    code, out, _ = diff("insert.yaml", "base.yaml")
    assert code == 1
    assert out == (
        "--- insert.yaml (7 slides)\n"
        "+++ base.yaml (6 slides)\n"
        "\n"
        'slide 4 "Smarter data beats more data": removed  (insert.yaml:15)\n'
        "  title: - Smarter data beats more data\n"
        "\n"
        "1 removed; 6 unchanged\n"
    )


def test_markdown_report(decks: Path) -> None:
    code, out, _ = diff("base.yaml", "bullet.yaml", "--format", "markdown")
    assert code == 1
    assert out == (
        "### Deck changes: `base.yaml` → `bullet.yaml`\n"
        "\n"
        "**1 changed; 5 unchanged**\n"
        "\n"
        "#### Slide 2: Data — changed (`bullet.yaml:7`)\n"
        "\n"
        "- **text**: Curation over ~~raw~~ **sheer** volume\n"
    )
    code, out, _ = diff("base.yaml", "insert.yaml", "--format", "markdown")
    assert out == (
        "### Deck changes: `base.yaml` → `insert.yaml`\n"
        "\n"
        "**1 inserted; 6 unchanged**\n"
        "\n"
        "#### Slide 4: Smarter data beats more data — inserted (`insert.yaml:15`)\n"
        "\n"
        "- **title**: added “Smarter data beats more data”\n"
    )
    code, out, _ = diff("base.yaml", "swap.yaml", "--format", "markdown")
    assert out.endswith(
        "#### Slide 3 → 4: Results — moved (`swap.yaml:14`)\n\n- moved, content unchanged\n"
    )


def test_github_report_annotates_the_slide_line(decks: Path) -> None:
    code, out, _ = diff("base.yaml", "chart.yaml", "--format", "github")
    assert code == 1
    assert out == (
        "::notice file=chart.yaml,line=11,title=slide 3 changed::"
        "slide 3 \"Results\": changed%0Achart 1, series 'Qwen2.5-72B', MATH: 83.1 → 85\n"
        "::notice title=deckgen diff::base.yaml → chart.yaml: 1 changed; 5 unchanged\n"
    )


def test_github_report_of_a_removed_slide_names_no_file(decks: Path) -> None:
    code, out, _ = diff("insert.yaml", "base.yaml", "--format", "github")
    assert code == 1
    assert out == (
        '::notice title=slide 4 removed::slide 4 "Smarter data beats more data": removed%0Atitle: - Smarter data beats more data\n'
        "::notice title=deckgen diff::insert.yaml → base.yaml: 1 removed; 6 unchanged\n"
    )


def test_json_report(decks: Path) -> None:
    code, out, _ = diff("base.yaml", "bullet.yaml", "--format", "json")
    assert code == 1
    assert json.loads(out) == {
        "old": {"label": "base.yaml", "slides": 6},
        "new": {"label": "bullet.yaml", "slides": 6},
        "identical": False,
        "counts": {"changed": 1, "inserted": 0, "removed": 0, "moved": 0, "unchanged": 5},
        "presentation": [],
        "slides": [
            {
                "status": "changed",
                "old": 2,
                "new": 2,
                "title": "Data",
                "location": "bullet.yaml:7",
                "changes": [
                    {
                        "kind": "text",
                        "op": "changed",
                        "where": None,
                        "old": "Curation over raw volume",
                        "new": "Curation over sheer volume",
                        "words": [
                            {"op": "=", "text": "Curation over"},
                            {"op": "-", "text": "raw"},
                            {"op": "+", "text": "sheer"},
                            {"op": "=", "text": "volume"},
                        ],
                    }
                ],
            }
        ],
    }
    code, out, _ = diff("base.yaml", "notes.yaml", "--format", "json")
    [slide] = json.loads(out)["slides"]
    assert [(c["kind"], c["old"], c["new"]) for c in slide["changes"]] == [
        ("notes", "Qwen leads on both.", "Qwen leads on both benchmarks.")
    ]


def test_identical_inputs_say_so_in_every_format(decks: Path) -> None:
    assert diff("base.yaml", "base.yaml") == (
        0,
        "base.yaml and base.yaml are identical (6 slides)\n",
        "",
    )
    code, out, _ = diff("base.yaml", "base.yaml", "--format", "markdown")
    assert (code, out) == (
        0,
        "### Deck changes: `base.yaml` → `base.yaml`\n\nbase.yaml and base.yaml are identical (6 slides).\n",
    )
    code, out, _ = diff("base.yaml", "base.yaml", "--format", "github")
    assert out == "::notice title=deckgen diff::base.yaml and base.yaml are identical (6 slides)\n"
    code, out, _ = diff("base.yaml", "base.yaml", "--format", "json")
    assert json.loads(out)["identical"] is True and json.loads(out)["slides"] == []


def test_a_spec_and_the_pptx_built_from_it_do_not_differ(decks: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["build", "base.yaml", "-o", "base.pptx"]).exit_code == 0
    assert runner.invoke(cli, ["build", "bullet.yaml", "-o", "bullet.pptx"]).exit_code == 0
    assert diff("base.yaml", "base.pptx")[:2] == (
        0,
        "base.yaml and base.pptx are identical (6 slides)\n",
    )
    code, out, _ = diff("base.pptx", "bullet.pptx")
    assert code == 1
    assert out == (
        "--- base.pptx (6 slides)\n"
        "+++ bullet.pptx (6 slides)\n"
        "\n"
        'slide 2 "Data": changed\n'
        "  text: Curation over [-raw-] {+sheer+} volume\n"
        "\n"
        "1 changed; 5 unchanged\n"
    )


def _plain_deck(cell: str, notes: str, extra: bool) -> bytes:
    """Return a .pptx made by python-pptx alone (its default template): a title and
    content slide with two outline levels, a slide with a table, notes."""
    prs = Presentation()
    s = prs.slides.add_slide(prs.slide_layouts[1])
    s.shapes.title.text = "Plain agenda"
    body = s.placeholders[1].text_frame
    body.text = "Welcome"
    para = body.add_paragraph()
    para.text = "Housekeeping"
    para.level = 1
    s.notes_slide.notes_text_frame.text = notes
    t = prs.slides.add_slide(prs.slide_layouts[5])
    t.shapes.title.text = "Numbers"
    table = t.shapes.add_table(2, 2, Inches(1), Inches(2), Inches(6), Inches(1)).table
    for (r, c), text in {(0, 0): "Model", (0, 1): "Score", (1, 0): "A", (1, 1): cell}.items():
        table.cell(r, c).text = text
    if extra:
        prs.slides.add_slide(prs.slide_layouts[5]).shapes.title.text = "Thanks"
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


def test_a_pptx_made_without_deckgen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("old.pptx").write_bytes(_plain_deck("63.4", "Say hello.", extra=False))
    Path("new.pptx").write_bytes(_plain_deck("64.0", "Say hello warmly.", extra=True))
    code, out, _ = diff("old.pptx", "new.pptx")
    assert code == 1
    assert out == (
        "--- old.pptx (2 slides)\n"
        "+++ new.pptx (3 slides)\n"
        "\n"
        'slide 1 "Plain agenda": changed\n'
        "  notes: Say [-hello.-] {+hello warmly.+}\n"
        "\n"
        'slide 2 "Numbers": changed\n'
        "  table 1, row 2, Score: 63.4 → 64.0\n"
        "\n"
        'slide 3 "Thanks": inserted\n'
        "  title: + Thanks\n"
        "\n"
        "2 changed, 1 inserted; 0 unchanged\n"
    )


def test_unreadable_sides_exit_2_with_a_message(decks: Path) -> None:
    assert diff("missing.pptx", "base.yaml") == (2, "", "missing.pptx: error: no such file\n")
    Path("notes.pptx").write_text("just text", encoding="utf-8")
    assert diff("base.yaml", "notes.pptx") == (
        2,
        "",
        "notes.pptx: error: not a .pptx file (not a zip package)\n",
    )
    Path("broken.yaml").write_text(BASE.replace("layout: question", "layout: questoin"), "utf-8")
    code, out, err = diff("base.yaml", "broken.yaml")
    assert (code, out) == (2, "")
    assert err.startswith("broken.yaml:21:13: error: slides[5].layout: unknown layout 'questoin'\n")
    assert err.endswith("broken.yaml: error: the deck does not build\n")


def test_visual_diff_renders_only_the_changed_slides(decks: Path, render_tools: object) -> None:
    both = VARIANTS["bullet"].replace("values: [88.2, 83.1]", "values: [88.2, 85.0]")
    Path("both.yaml").write_text(both, encoding="utf-8")
    code, out, err = diff("base.yaml", "both.yaml", "--visual", "review")
    assert code == 1
    assert out.endswith("2 changed; 4 unchanged\n")
    assert err == "visual diff: 2 slide images in review/, open review/index.html\n"
    assert sorted(p.name for p in Path("review").iterdir()) == [
        "index.html",
        "index.md",
        "slide-02.png",
        "slide-03.png",
    ]
    with Image.open("review/slide-02.png") as im:
        # two 60 dpi renders; LibreOffice stores the exact 16:9 page a hair over 800 px wide
        assert im.size == (2 * 801 + 3 * 24, 450 + 28 + 2 * 24)
        # Marked: the edited bullet, on both sides; not the title above it.
        left = im.crop((24, 52, 24 + 800, 52 + 450))
        red = [
            (x, y)
            for x in range(0, 800, 2)
            for y in range(0, 450, 2)
            if left.getpixel((x, y)) == (0xE0, 0x31, 0x2B)
        ]
        # Below the title, above the footer (where the bullets sit depends on the composition).
        assert red and min(y for _, y in red) > 80
        assert max(y for _, y in red) < 400
    assert Path("review/index.md").read_text(encoding="utf-8") == (
        "# Visual diff: `base.yaml` → `both.yaml`\n"
        "\n"
        "## Slide 2: Data — changed\n"
        "\n"
        "![Slide 2: Data — changed](slide-02.png)\n"
        "\n"
        "- **text**: Curation over ~~raw~~ **sheer** volume\n"
        "\n"
        "## Slide 3: Results — changed\n"
        "\n"
        "![Slide 3: Results — changed](slide-03.png)\n"
        "\n"
        "- **chart 1, series 'Qwen2.5-72B', MATH**: 83.1 → 85\n"
    )
    page = Path("review/index.html").read_text(encoding="utf-8")
    assert '<img src="slide-02.png" alt="Slide 2: Data — changed">' in page
    assert "<li>chart 1, series &#x27;Qwen2.5-72B&#x27;, MATH: 83.1 → 85</li>" in page


def test_visual_diff_of_identical_decks_renders_nothing(decks: Path) -> None:
    assert diff("base.yaml", "base.yaml", "--visual", "review")[0] == 0
    assert not Path("review").exists()


def test_visual_diff_without_libreoffice(decks: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    monkeypatch.setattr(shutil, "which", lambda name: None)
    code, out, err = diff("base.yaml", "bullet.yaml", "--visual", "review")
    assert code == 2
    assert out == EXPECTED_TEXT["bullet"]
    assert err.startswith(
        "error: --visual: soffice and pdftoppm not found; previews need LibreOffice"
    )


def test_changed_regions_are_boxed_one_box_per_area() -> None:
    from deckgen.review.visual import changed_boxes

    before = Image.new("RGB", (200, 100), "white")
    after = before.copy()
    draw = ImageDraw.Draw(after)
    draw.rectangle((20, 20, 39, 29), fill="black")  # a word
    draw.rectangle((42, 20, 59, 29), fill="black")  # the next word: the same box
    draw.rectangle((150, 70, 159, 79), fill="black")  # far away: a box of its own
    assert changed_boxes(before, after) == [(12, 12, 68, 36), (140, 60, 164, 84)]
    assert changed_boxes(before, before.copy()) == []


def _slides(*specs: tuple[str, str]) -> DeckModel:
    return DeckModel(
        tuple(SlideModel(n, title, (Paragraph(text),)) for n, (title, text) in enumerate(specs, 1))
    )


TOPICS = [
    ("Data", "Scaled from seven to eighteen trillion tokens"),
    ("Architecture", "Mixture of experts routes tokens to specialists"),
    ("Post-training", "Supervised fine-tuning on a million examples"),
    ("Preference", "Direct preference optimisation offline"),
    ("Online RL", "Group relative policy optimisation ranks answers"),
    ("Results", "The smaller model beats the larger one on MATH"),
    ("Long context", "Passkey retrieval at one million tokens"),
    ("Speed", "Sparse attention cuts time to first token"),
]


def test_a_slide_moved_far_is_one_move_not_a_cascade() -> None:
    old = _slides(*TOPICS)
    new = _slides(*TOPICS[1:], TOPICS[0])
    result = diff_decks(old, new)
    assert [(s.status, s.old, s.new, s.title, s.changes) for s in result.slides] == [
        ("moved", 1, 8, "Data", ())
    ]


def test_unrelated_decks_are_removed_and_inserted_not_changed() -> None:
    other = [
        ("Agenda", "Welcome and housekeeping for the offsite"),
        ("Budget", "Travel costs went down by a third"),
    ]
    result = diff_decks(_slides(*TOPICS[:2]), _slides(*other))
    assert [(s.status, s.old, s.new) for s in result.slides] == [
        ("removed", 1, None),
        ("removed", 2, None),
        ("inserted", None, 1),
        ("inserted", None, 2),
    ]


def test_an_edited_slide_among_repeated_slides_is_paired_in_order() -> None:
    repeated = ("Questions?", "Ask away")
    old = _slides(repeated, *TOPICS[:3], repeated, TOPICS[3], repeated)
    edited = (TOPICS[1][0], TOPICS[1][1].replace("specialists", "a few specialists"))
    new = _slides(repeated, TOPICS[0], edited, TOPICS[2], repeated, TOPICS[3], repeated)
    result = diff_decks(old, new)
    assert [(s.status, s.old, s.new) for s in result.slides] == [("changed", 3, 3)]
    assert [change_text(c) for c in result.slides[0].changes] == [
        "text: Mixture of experts routes tokens to {+a few+} specialists"
    ]


def test_damaged_pptx_files_are_errors_not_tracebacks(decks: Path) -> None:
    import zipfile

    assert CliRunner().invoke(cli, ["build", "base.yaml", "-o", "base.pptx"]).exit_code == 0
    data = Path("base.pptx").read_bytes()
    Path("truncated.pptx").write_bytes(data[: len(data) // 2])
    with zipfile.ZipFile("other.pptx", "w") as z:
        z.writestr("readme.txt", "a zip, not a presentation")
    with zipfile.ZipFile("base.pptx") as src, zipfile.ZipFile("badchart.pptx", "w") as dst:
        for info in src.infolist():
            blob = src.read(info.filename)
            dst.writestr(
                info, b"<c:chartSpace" if info.filename.startswith("ppt/charts/") else blob
            )
    assert diff("truncated.pptx", "base.pptx") == (
        2,
        "",
        "truncated.pptx: error: not a .pptx file (not a zip package)\n",
    )
    assert diff("base.pptx", "other.pptx") == (
        2,
        "",
        "other.pptx: error: not a readable .pptx file "
        "(KeyError: \"no member '/[Content_Types].xml' in package\")\n",
    )
    code, out, err = diff("badchart.pptx", "base.pptx")
    assert (code, out) == (2, "")
    assert err.startswith("badchart.pptx: error: not a readable .pptx file (XMLSyntaxError: ")
    with zipfile.ZipFile("base.pptx") as z:  # scramble the deflated bytes of one slide
        info = z.getinfo("ppt/slides/slide2.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 10
    scrambled = bytearray(data)
    scrambled[start : start + 40] = bytes(b ^ 0x5A for b in scrambled[start : start + 40])
    Path("scrambled.pptx").write_bytes(bytes(scrambled))
    code, out, err = diff("scrambled.pptx", "base.pptx")
    assert (code, out) == (2, "")
    assert err.startswith("scrambled.pptx: error: not a readable .pptx file (damaged zip entry: ")
    Path("folder.pptx").mkdir()
    assert diff("folder.pptx", "base.pptx") == (2, "", "folder.pptx: error: not a regular file\n")


def _chart_slide(chart: Chart) -> SlideModel:
    return SlideModel(1, "Results", charts=(chart,))


def test_chart_changes_name_series_categories_and_type() -> None:
    old = Chart(
        "Chart",
        "column",
        "Scores",
        ("MBPP", "MATH"),
        (Series("Qwen", (88.2, 83.1)), Series("Llama", (84.5, 73.8))),
    )
    new = Chart(
        "Chart",
        "bar",
        "Scores",
        ("MBPP", "MATH", "GSM8K"),
        (Series("Qwen", (88.2, 83.1, 95.8)), Series("GPT", (80.0, None, 90.0))),
    )
    changes = compare_slides(_chart_slide(old), _chart_slide(new))
    assert [change_text(c) for c in changes] == [
        "chart 'Scores', type: column → bar",
        "chart 'Scores', categories: + GSM8K",
        "chart 'Scores', series 'Llama': - MBPP 84.5, MATH 73.8",
        "chart 'Scores', series 'GPT': + MBPP 80, MATH –, GSM8K 90",
    ]


def test_table_rows_added_and_cells_changed() -> None:
    old = Table("Table", (("Model", "MMLU"), ("A", "63.4"), ("B", "70.0")))
    new = Table("Table", (("Model", "MMLU"), ("A", "64.0"), ("B", "70.0"), ("C", "71.2")))
    changes = compare_slides(SlideModel(1, tables=(old,)), SlideModel(1, tables=(new,)))
    assert [change_text(c) for c in changes] == [
        "table 1, row 2, MMLU: 63.4 → 64.0",
        "table 1, row 4: + C | 71.2",
    ]


def test_long_texts_show_the_edit_with_a_few_words_around_it(decks: Path) -> None:
    long_notes = " ".join(f"word{k}" for k in range(40))
    Path("long1.yaml").write_text(BASE.replace("Qwen leads on both.", long_notes), "utf-8")
    Path("long2.yaml").write_text(
        BASE.replace("Qwen leads on both.", long_notes.replace("word20", "changed")), "utf-8"
    )
    code, out, _ = diff("long1.yaml", "long2.yaml")
    assert code == 1
    assert (
        "  notes: … word12 word13 word14 word15 word16 word17 word18 word19 [-word20-] "
        "{+changed+} word21 word22 word23 word24 word25 word26 word27 word28 …\n"
    ) in out
    code, out, _ = diff("long1.yaml", "long2.yaml", "--format", "json")
    [change] = json.loads(out)["slides"][0]["changes"]
    assert change["words"][0] == {"op": "=", "text": " ".join(f"word{k}" for k in range(20))}


def test_a_bullet_moved_within_a_slide_is_one_move(decks: Path) -> None:
    Path("reordered.yaml").write_text(
        BASE.replace(
            "[Data scaled from 7T to 18T tokens, Curation over raw volume, Earlier models filter quality]",
            "[Curation over raw volume, Earlier models filter quality, Data scaled from 7T to 18T tokens]",
        ),
        encoding="utf-8",
    )
    code, out, _ = diff("base.yaml", "reordered.yaml")
    assert code == 1
    assert (
        'slide 2 "Data": changed  (reordered.yaml:7)\n  text: (moved) Data scaled from 7T to 18T tokens\n\n'
        in out
    )
    code, out, _ = diff("base.yaml", "reordered.yaml", "--format", "markdown")
    assert "- **text**: moved “Data scaled from 7T to 18T tokens”\n" in out


def test_a_new_slide_size_is_a_change_of_the_presentation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    prs = Presentation()
    prs.slides.add_slide(prs.slide_layouts[5]).shapes.title.text = "Same"
    prs.save("four-three.pptx")
    prs.slide_width = Inches(13.333)
    prs.save("wide.pptx")
    code, out, _ = diff("four-three.pptx", "wide.pptx")
    assert code == 1
    assert out == (
        "--- four-three.pptx (1 slide)\n"
        "+++ wide.pptx (1 slide)\n"
        "\n"
        "presentation: changed\n"
        "  slide size: 10 × 7.5 in → 13.33 × 7.5 in\n"
        "\n"
        "presentation changed; 1 unchanged\n"
    )
    code, out, _ = diff("four-three.pptx", "wide.pptx", "--format", "json")
    assert json.loads(out)["presentation"] == [
        {
            "kind": "size",
            "op": "changed",
            "where": "slide size",
            "old": "10 × 7.5 in",
            "new": "13.33 × 7.5 in",
        }
    ]
