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
