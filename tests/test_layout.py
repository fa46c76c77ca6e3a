"""Layout: the IR each layout produces, measured text, fitting and overflow."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from deckgen import ir
from deckgen.build import compile_deck
from deckgen.theme import load_theme
from deckgen.units import inches
from helpers import ROOT, TOOLS, compile_text

GOLDEN = Path(__file__).parent / "golden"
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
PAPER = load_theme("paper").theme
assert PAPER is not None


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_layout_matches_the_golden_ir(path: Path) -> None:
    """The IR of every example is pinned; DECKGEN_UPDATE_GOLDEN=1 rewrites the files."""
    res = compile_deck(path, TOOLS)
    assert res.presentation is not None
    got = json.loads(json.dumps(ir.to_json(res.presentation)))
    golden = GOLDEN / f"{path.stem}.json"
    if os.environ.get("DECKGEN_UPDATE_GOLDEN") == "1" or not golden.exists():
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(json.dumps(got, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    assert got == json.loads(golden.read_text(encoding="utf-8"))


def content_slides(pres: ir.Presentation) -> list[ir.Slide]:
    return [s for s in pres.slides if s.layout not in ("title", "section")]


@pytest.mark.parametrize("name", ["qwen25.yaml", "llama.yaml"])
def test_titles_and_footers_never_move(name: str) -> None:
    res = compile_deck(ROOT / "decks" / name, TOOLS)
    assert res.presentation is not None
    titles, footers, numbers = set(), set(), set()
    for s in content_slides(res.presentation):
        for sh in s.shapes:
            if isinstance(sh, ir.TextShape) and sh.role == "title":
                titles.add(sh.box)
            if isinstance(sh, ir.TextShape) and sh.role == "footer":
                footers.add(sh.box)
            if isinstance(sh, ir.TextShape) and sh.role == "number":
                numbers.add(sh.box)
    assert len(footers) == 1 and len(numbers) == 1
    # the title box is the same on every slide, apart from room left for a title icon
    assert {(b.x, b.y, b.h) for b in titles} == {
        (PAPER.grid.margin_x, PAPER.grid.margin_top, PAPER.grid.title_height)
    }


def test_slide_numbers_are_fields(tmp_path: Path) -> None:
    res = compile_text(
        tmp_path, "title: T\nslides:\n  - layout: bullets\n    title: A\n    bullets: [x]\n"
    )
    number = next(
        sh
        for sh in res.presentation.slides[0].shapes
        if isinstance(sh, ir.TextShape) and sh.role == "number"
    )  # type: ignore[union-attr]
    run = number.text.paragraphs[0].runs[0]  # type: ignore[union-attr]
    assert (run.text, run.field) == ("1", "slidenum")


def test_long_bullets_shrink_but_not_below_the_theme_minimum(tmp_path: Path) -> None:
    bullets = "\n".join(
        f"      - Point number {i} with enough words to wrap onto a second line at full size, and then a few more"
        for i in range(8)
    )
    res = compile_text(
        tmp_path, f"title: T\nslides:\n  - layout: bullets\n    title: A\n    bullets:\n{bullets}\n"
    )
    assert res.ok, [d.message for d in res.diagnostics]
    body = next(sh for sh in res.presentation.slides[0].shapes if sh.name == "Bullets")  # type: ignore[union-attr]
    size = body.text.paragraphs[0].runs[0].size
    assert PAPER.sizes.body_min <= size < PAPER.sizes.body
    assert body.text.measured_height <= body.box.h


def test_text_that_cannot_fit_is_a_located_error(tmp_path: Path) -> None:
    bullets = "\n".join(f"      - Point {i} " + "with many words " * 12 for i in range(16))
    res = compile_text(
        tmp_path, f"title: T\nslides:\n  - layout: bullets\n    title: A\n    bullets:\n{bullets}\n"
    )
    assert not res.ok
    (d,) = [d for d in res.diagnostics if d.rule == "overflow"]
    assert d.span is not None and (d.span.line, d.span.column) == (6, 7)
    assert d.message.startswith("the bullet list does not fit: it needs ")
    assert "even at the theme's minimum of 16 pt" in d.message
    assert d.path == ("slides", 0, "bullets")


def test_overflow_continue_moves_bullets_to_continuation_slides(tmp_path: Path) -> None:
    bullets = "\n".join(f"      - Point {i} " + "with many words " * 12 for i in range(16))
    res = compile_text(
        tmp_path,
        f"title: T\noverflow: continue\nslides:\n  - layout: bullets\n    title: Long\n    bullets:\n{bullets}\n",
    )
    assert res.ok, [d.message for d in res.diagnostics]
    pres = res.presentation
    assert pres is not None and len(pres.slides) >= 2
    titles = [
        next(sh for sh in s.shapes if isinstance(sh, ir.TextShape) and sh.role == "title")
        .text.paragraphs[0]
        .runs[0]
        .text
        for s in pres.slides
    ]  # type: ignore[union-attr]
    assert titles[0] == "Long" and all(t == "Long (cont.)" for t in titles[1:])
    count = sum(
        len(next(sh for sh in s.shapes if sh.name == "Bullets").text.paragraphs)
        for s in pres.slides
    )  # type: ignore[union-attr]
    assert count == 16


DIAGRAMS = ROOT / "examples" / "diagrams.yaml"


def test_diagram_nodes_lie_in_the_content_area_and_do_not_overlap() -> None:
    res = compile_deck(DIAGRAMS, TOOLS)
    assert res.presentation is not None
    g = PAPER.grid
    area = ir.Box(
        g.margin_x, g.content_top, g.width - 2 * g.margin_x, g.content_bottom - g.content_top
    )  # type: ignore[arg-type]
    for s in res.presentation.slides:
        nodes = [sh for sh in s.shapes if sh.name.startswith("Node:")]
        for n in nodes:
            assert area.contains(n.box), n.name
        for i, a in enumerate(nodes):
            for b in nodes[i + 1 :]:
                assert not a.box.intersects(b.box), (a.name, b.name)


def test_connectors_join_the_right_nodes() -> None:
    res = compile_deck(DIAGRAMS, TOOLS)
    assert res.presentation is not None
    flow = res.presentation.slides[0]
    keys = {sh.key: sh.name for sh in flow.shapes}
    pairs = [
        (keys[c.begin[0]], keys[c.end[0]]) for c in flow.shapes if isinstance(c, ir.ConnectorShape)
    ]  # type: ignore[index]
    assert pairs == [
        ("Node: Raw web data", "Node: Deduplicate"),
        ("Node: Deduplicate", "Node: Quality filter"),
        ("Node: Quality filter", "Node: Add maths & code"),
        ("Node: Add maths & code", "Node: Training corpus"),
    ]
    tree = res.presentation.slides[2]
    kinds = {c.geometry for c in tree.shapes if isinstance(c, ir.ConnectorShape)}
    assert kinds <= {"bentConnector3", "straightConnector1"}


def test_long_flows_wrap_to_a_second_row(tmp_path: Path) -> None:
    nodes = ", ".join(f"Step {i}" for i in range(1, 10))
    res = compile_text(
        tmp_path,
        f"title: T\nslides:\n  - layout: bullets\n    title: A\n    diagram: {{kind: flow, nodes: [{nodes}]}}\n",
    )
    assert res.ok
    nodes_ = [sh for sh in res.presentation.slides[0].shapes if sh.name.startswith("Node:")]  # type: ignore[union-attr]
    rows = sorted({n.box.y for n in nodes_})
    assert len(rows) == 2
    # the snake: the row break goes straight down, bottom side to top side
    conn = [c for c in res.presentation.slides[0].shapes if isinstance(c, ir.ConnectorShape)]  # type: ignore[union-attr]
    down = [c for c in conn if c.begin[1] == 2]  # type: ignore[index]
    assert len(down) == 1 and down[0].end[1] == 0 and down[0].geometry == "straightConnector1"  # type: ignore[index]


def test_a_theme_that_extends_another_keeps_the_parent_values() -> None:
    grey = load_theme("paper-grey").theme
    assert grey is not None
    assert grey.colors.background == "F5F7FA"
    assert grey.colors.primary == PAPER.colors.primary
    assert grey.grid == PAPER.grid
    assert grey.grid.margin_x == inches(0.6)


def test_layout_modules_import_only_downwards() -> None:
    """Imports inside deckgen.layout, at module level or inside functions, form no cycle
    (slides → compose → visuals → shapes/text → measure)."""
    import ast

    root = Path(__file__).resolve().parents[1] / "src" / "deckgen" / "layout"
    parsed = {
        ".".join(p.relative_to(root).with_suffix("").parts).removesuffix(".__init__"): p
        for p in root.rglob("*.py")
    }
    graph: dict[str, set[str]] = {}
    for name, p in parsed.items():
        deps: set[str] = set()
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                "deckgen.layout"
            ):
                sub = (node.module or "").removeprefix("deckgen.layout").lstrip(".")
                deps |= {f"{sub}.{a.name}".lstrip(".") for a in node.names} | {sub}
        graph[name] = {d for d in deps if d in parsed and d != name}
    names = set(graph)
    seen: set[str] = set()

    def visit(node: str, stack: tuple[str, ...]) -> None:
        assert node not in stack, " → ".join((*stack, node))
        if node in seen:
            return
        for dep in sorted(graph[node]):
            visit(dep, (*stack, node))
        seen.add(node)

    for name in sorted(graph):
        visit(name, ())
    assert {"slides", "compose", "visuals", "regions", "diagrams.flow"} <= names
