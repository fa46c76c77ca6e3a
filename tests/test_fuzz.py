"""Fuzzing: mutated real decks and generated random specs must end as a valid deck or as
located diagnostics, never as an exception.

Bounded for CI (``DECKGEN_FUZZ_EXAMPLES``, default 40 per test). A long run is one command:
``DECKGEN_FUZZ_EXAMPLES=2000 pytest tests/test_fuzz.py -q``.
"""

from __future__ import annotations

import io
import os
import shutil
import tempfile
import zipfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deckgen.build import compile_deck, render_bytes
from deckgen.diagnostics import Severity
from deckgen.spec import LAYOUTS
from helpers import ROOT, TOOLS

EXAMPLES = int(os.environ.get("DECKGEN_FUZZ_EXAMPLES", "40"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=not os.environ.get("DECKGEN_FUZZ_RANDOM"),
)
SEEDS = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.yaml"))]
MSGSPEC_WORDING = ("Expected `", "Object ", "Invalid ")
NOISE = "{}[]:,-'\"\t\n #&*!|>%@`\\$\x00\x07é→"


def outcome(text: str) -> None:
    """Compile ``text`` as a deck with the examples' assets beside it; assert a deck or
    located errors."""
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(ROOT / "examples" / "assets", Path(tmp) / "assets")
        path = Path(tmp) / "fuzz.yaml"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        res = compile_deck(path, TOOLS)
        errors = [d for d in res.diagnostics if d.severity is Severity.ERROR]
        if errors:
            assert all(d.span is not None and d.span.line >= 1 for d in errors), [
                d.message for d in errors
            ]
            # Every schema error is worded by deckgen, never msgspec's own text (which the
            # validator falls back to only if its walk missed what msgspec rejected).
            assert not [d.message for d in errors if d.message.startswith(MSGSPEC_WORDING)]
            return
        assert res.presentation is not None
        data = render_bytes(res.presentation)
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            assert z.testzip() is None
            assert "ppt/presentation.xml" in z.namelist()


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """Return a real example deck with a few random edits."""
    text = draw(st.sampled_from(SEEDS))
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["delete", "insert", "duplicate", "swap"]))
        lines = text.splitlines(keepends=True)
        if kind == "delete" and text:
            i = draw(st.integers(0, len(text) - 1))
            text = text[:i] + text[i + draw(st.integers(1, 12)) :]
        elif kind == "insert":
            i = draw(st.integers(0, len(text)))
            text = text[:i] + draw(st.text(alphabet=NOISE, min_size=1, max_size=4)) + text[i:]
        elif kind == "duplicate" and lines:
            i = draw(st.integers(0, len(lines) - 1))
            lines.insert(i, lines[i])
            text = "".join(lines)
        elif kind == "swap" and len(lines) > 1:
            i = draw(st.integers(0, len(lines) - 2))
            lines[i], lines[i + 1] = lines[i + 1], lines[i]
            text = "".join(lines)
    return text


@FUZZ
@given(mutated())
def test_mutated_real_decks_build_or_fail_with_located_errors(text: str) -> None:
    outcome(text)


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 10**6),
    st.floats(allow_nan=True),
    st.text(max_size=30),
)
KEYS = [
    "title",
    "bullets",
    "text",
    "chart",
    "diagram",
    "table",
    "stat",
    "kind",
    "nodes",
    "label",
    "children",
    "series",
    "values",
    "categories",
    "columns",
    "rows",
    "icon",
    "notes",
    "quote",
    "statement",
    "question",
    "left",
    "right",
    "items",
    "q",
    "a",
    "code",
    "source",
    "language",
    "equation",
    "latex",
    "points",
    "overflow",
    "placement",
]


def values(depth: int = 3) -> st.SearchStrategy[object]:
    return st.recursive(
        scalars | st.sampled_from(["brain", "flow", "bar", "python", "x^2", "a $b$ c"]),
        lambda inner: (
            st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(KEYS), inner, max_size=4)
        ),
        max_leaves=12,
    )


slide = st.fixed_dictionaries(
    {"layout": st.sampled_from([*LAYOUTS, "nope"])}, optional={k: values() for k in KEYS}
)
deck = st.fixed_dictionaries(
    {"title": st.text(max_size=40), "slides": st.lists(slide, min_size=0, max_size=4)},
    optional={
        "theme": st.sampled_from(["paper", "paper-grey", "nope"]),
        "overflow": st.sampled_from(["error", "continue", 3]),
    },
)


@FUZZ
@given(deck)
def test_generated_specs_build_or_fail_with_located_errors(spec: dict[str, object]) -> None:
    outcome(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False))


# --- includes, themes, CSV and chart data ----------------------------------------------------

CANARY = "fuzz-canary-Q7v"
PAPER = (ROOT / "themes" / "paper" / "theme.yaml").read_text(encoding="utf-8")


def outcome_in_project(files: dict[str, str], deck_text: str) -> None:
    """Compile ``deck_text`` in a project holding ``files`` (and, outside the project, a
    canary file every hostile path points at); assert a deck or located errors, and that
    no message quotes the canary."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "proj"
        root.mkdir()
        (Path(tmp) / "secret.yaml").write_text(f"title: [{CANARY}\n", encoding="utf-8")
        (root / "out.yaml").symlink_to(Path(tmp) / "secret.yaml")
        (root / "folder").mkdir()
        for rel, text in files.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(text, encoding="utf-8", errors="surrogatepass")
        path = root / "deck.yaml"
        path.write_text(deck_text, encoding="utf-8", errors="surrogatepass")
        res = compile_deck(path, TOOLS)
        errors = [d for d in res.diagnostics if d.severity is Severity.ERROR]
        assert all(d.span is not None and d.span.line >= 1 for d in errors), [
            d.message for d in errors
        ]
        shown = " ".join(f"{d.message} {d.hint}" for d in res.diagnostics)
        assert CANARY not in shown and not any(CANARY in t for t in res.texts.values())
        if not errors:
            assert res.presentation is not None
            render_bytes(res.presentation)


INCLUDE_PATHS = st.sampled_from(
    ["frag.yaml", "parts/frag.yaml", "../secret.yaml", "/etc/passwd", "out.yaml", "folder",
     "missing.yaml", "/proc/self/environ", "/dev/zero", "deck.yaml", ""]
)  # fmt: skip


@FUZZ
@given(
    top=st.lists(INCLUDE_PATHS, max_size=3),
    slide_includes=st.lists(INCLUDE_PATHS, max_size=2),
    fragment=mutated(),
)
def test_includes_of_any_path_and_content_end_in_located_errors(
    top: list[str], slide_includes: list[str], fragment: str
) -> None:
    deck_text = yaml.safe_dump(
        {
            "title": "T",
            "include": top,
            "slides": [{"layout": "title"}, *({"include": p} for p in slide_includes)],
        }
    )
    outcome_in_project({"frag.yaml": fragment, "parts/frag.yaml": fragment}, deck_text)


@st.composite
def theme_text(draw: st.DrawFn) -> str:
    """Return the paper theme with a few random edits, or a random theme mapping."""
    if draw(st.booleans()):
        text = PAPER
        for _ in range(draw(st.integers(1, 3))):
            i = draw(st.integers(0, len(text)))
            cut = draw(st.integers(0, 8))
            text = text[:i] + draw(st.text(alphabet=NOISE, max_size=4)) + text[i + cut :]
        return text
    keys = ["extends", "name", "colors", "fonts", "sizes", "grid", "policy", "lint", "icons"]
    data = draw(st.dictionaries(st.sampled_from(keys), values(), max_size=5))
    if draw(st.booleans()):
        data["extends"] = draw(
            st.sampled_from(["paper", "../../secret.yaml", "/proc/self/environ", "mine", 3])
        )
    return yaml.safe_dump(data, allow_unicode=True)


@FUZZ
@given(theme_text())
def test_any_theme_file_ends_in_a_deck_or_located_errors(text: str) -> None:
    outcome_in_project(
        {"themes/mine/theme.yaml": text}, "title: T\ntheme: mine\nslides: [{layout: title}]\n"
    )


CSV_TEXT = st.text(alphabet=',"\n\r ab1.é\x00\t', max_size=200) | st.builds(
    lambda n, q: "a,b\n" + ('"' if q else "") + "x" * n + ('"' if q else "") + ",1\n",
    st.sampled_from([10, 20_001, 131_073, 200_000]),
    st.booleans(),
)


@FUZZ
@given(CSV_TEXT, st.lists(st.integers(-3, 80), max_size=3))
def test_any_csv_file_ends_in_a_table_or_located_errors(text: str, highlight: list[int]) -> None:
    deck_text = yaml.safe_dump(
        {
            "title": "T",
            "slides": [
                {
                    "layout": "bullets",
                    "title": "CSV",
                    "table": {"csv": "t.csv", "highlight": highlight},
                }
            ],
        }
    )
    outcome_in_project({"t.csv": text}, deck_text)


NUMBERS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-(10**30), 10**30),
    st.sampled_from([".nan", ".inf", "-.inf", "1.0e+400", "9" * 5000, "=HYPERLINK(1)", "x"]),
)


@FUZZ
@given(
    kind=st.sampled_from(["bar", "pie", "line", "doughnut"]),
    categories=st.lists(
        st.text(max_size=12) | st.sampled_from(["=1+1", "@SUM(A1)", "+x", "-y"]),
        min_size=1,
        max_size=4,
    ),
    series=st.lists(st.lists(NUMBERS, min_size=1, max_size=4), min_size=1, max_size=3),
)
def test_any_chart_data_ends_in_a_chart_or_located_errors(
    kind: str, categories: list[str], series: list[list[object]]
) -> None:
    rows = [
        f"        - {{name: 's{i}', values: [{', '.join(str(v) if not isinstance(v, str) else v for v in vals)}]}}"
        for i, vals in enumerate(series)
    ]
    deck_text = "\n".join(
        [
            "title: T",
            "slides:",
            "  - layout: bullets",
            "    title: Chart",
            "    chart:",
            f"      kind: {kind}",
            f"      categories: {yaml.safe_dump(categories, default_flow_style=True).strip()}",
            "      series:",
            *rows,
            "",
        ]
    )
    outcome_in_project({}, deck_text)
