"""The shipped decks say what the papers say: corrected claims stay corrected.

Each deck is built and its text read back from the IR, slide by slide: titles, bodies,
diagram labels, table cells, chart labels, equations and speaker notes. Wrong phrases found by
a review against the papers (and the fact sheet's corrections) must be absent; the figures that
replaced them must be present on the slide that makes the point.
"""

from __future__ import annotations

import ast
import csv
import re
from dataclasses import dataclass
from functools import cache

import pytest

from deckgen.build import compile_deck
from deckgen.ir import ChartShape, EquationShape, TableShape, TextFrame, TextShape
from helpers import ROOT, TOOLS

DECKS = ROOT / "decks"


@dataclass(frozen=True)
class SlideText:
    """What one built slide says: its title, everything shown on it, and its notes."""

    number: int
    title: str
    shown: str
    notes: str

    @property
    def everything(self) -> str:
        """Return the shown text and the notes together."""
        return f"{self.shown}\n{self.notes}"


def _frame_text(frame: TextFrame) -> str:
    """Return a text frame's paragraphs, one per line, with runs joined as written."""
    # Word joiners keep hyphenated names whole on the slide, and no-break spaces tie a
    # last word to the one before it; a reader sees neither.
    return "\n".join(
        "".join(r.text for r in p.runs).replace("\u2060", "").replace("\u00a0", " ")
        for p in frame.paragraphs
    )


@cache
def slides(name: str) -> tuple[SlideText, ...]:
    """Return the text of every slide of ``decks/NAME`` as built (IR), in order."""
    res = compile_deck(DECKS / name, TOOLS)
    assert res.presentation is not None, [d.message for d in res.diagnostics]
    out = []
    for n, slide in enumerate(res.presentation.slides, 1):
        title, parts = "", []
        for sh in slide.shapes:
            if isinstance(sh, TextShape) and sh.text is not None:
                text = _frame_text(sh.text)
                if sh.role == "title":
                    title = text
                parts.append(text)
            elif isinstance(sh, TableShape):
                parts += [" | ".join(_frame_text(c.text) for c in row) for row in sh.rows]
            elif isinstance(sh, ChartShape):
                parts += [sh.title or "", *sh.categories, *(s.name for s in sh.series)]
            elif isinstance(sh, EquationShape):
                parts.append(sh.plain)
        out.append(SlideText(n, title, "\n".join(parts), slide.notes or ""))
    return tuple(out)


def deck_text(name: str) -> str:
    """Return everything a deck shows or says in its notes, as one string."""
    return "\n".join(s.everything for s in slides(name))


def slide_with(name: str, pattern: str) -> SlideText:
    """Return the one slide of a deck whose shown text matches ``pattern`` (a regex)."""
    found = [s for s in slides(name) if re.search(pattern, s.shown)]
    assert len(found) == 1, (pattern, [s.number for s in found])
    return found[0]


# (deck, wrong phrase as a case-insensitive regex, why it is wrong)
WRONG = [
    (
        "llama.yaml",
        r"religion (scores|is the) (highest|worst)",
        "sexual orientation (81.0) is highest",
    ),
    ("llama.yaml", r"religion the worst", "sexual orientation (81.0) is highest"),
    ("llama.yaml", r"heretical", "the smaller-models finding is Hoffmann et al.'s"),
    ("llama.yaml", r"Meta AI'?s (“|\")?\w*(”|\")? ?claim", "the finding is Hoffmann et al.'s"),
    (
        "llama.yaml",
        r"RMSNorm[^.;]{0,12}(from|taken from) GPT-3",
        "GPT-3 inspired pre-normalization",
    ),
    (
        "llama.yaml",
        r"gradient explosion|exploding or vanishing",
        "the paper says training stability",
    ),
    ("llama.yaml", r"Books2", "the paper names no GPT-3 dataset"),
    ("qwen25.yaml", r"ultimate test", "passkey retrieval is a basic check"),
    ("qwen25.yaml", r"War and Peace", "in no source"),
    ("qwen25.yaml", r"among the fastest", "the speed-up is against Turbo's own attention"),
    ("qwen25.yaml", r"anonymous answers", "that describes Chatbot Arena"),
    ("qwen25.yaml", r"humans? compare", "Arena-Hard is judged by an LLM"),
    ("qwen25.yaml", r"human preference tests?", "Arena-Hard is judged by an LLM"),
    ("qwen25-report.yaml", r"DPO ?/ ?PPO", "Qwen2.5 runs offline DPO then online GRPO"),
    ("qwen25-report.yaml", r"Qwen-VL|\bVL\b", "the abstract says multimodal models"),
    ("qwen25-report.yaml", r"alignment beats? naive", "the paper says 'can'"),
    ("qwen25-report.yaml", r"deduplicat", "§3.1 names no separate dedup step"),
    ("qwen25-report.yaml", r"Qwen2\.5 (adds|stresses) effective tokens", "the deck's framing"),
]
MAKING_OF = [
    r"seed notes",
    r"CSV file",
    r"podcast'?s storyline",
    r"checked against",
    r"tightened to",
]


@pytest.mark.parametrize(("name", "wrong", "why"), WRONG, ids=[f"{n}:{w}" for n, w, _ in WRONG])
def test_a_corrected_claim_is_absent_from_slides_and_notes(name: str, wrong: str, why: str) -> None:
    hits = [s.number for s in slides(name) if re.search(wrong, s.everything, re.IGNORECASE)]
    assert hits == [], f"slides {hits}: {why}"


@pytest.mark.parametrize("name", ["qwen25.yaml", "llama.yaml", "qwen25-report.yaml"])
def test_no_note_talks_about_how_the_deck_was_made(name: str) -> None:
    for pattern in MAKING_OF:
        hits = [s.number for s in slides(name) if re.search(pattern, s.notes, re.IGNORECASE)]
        assert hits == [], (pattern, hits)


@pytest.mark.parametrize(
    ("name", "version"),
    [
        ("qwen25.yaml", "2412.15115v2"),
        ("qwen25-report.yaml", "2412.15115v2"),
        ("llama.yaml", "2302.13971v1"),
    ],
)
def test_every_deck_cites_the_paper_version_its_numbers_come_from(name: str, version: str) -> None:
    cover = slides(name)[0]
    assert f"arXiv:{version}" in cover.shown
    assert re.search(r"version [12] of", cover.notes)


def test_crows_pairs_names_religion_against_opt_and_the_true_highest_category() -> None:
    s = slide_with("llama.yaml", r"CrowS-Pairs")
    assert re.search(r"religion\D{0,20}79\.0", s.shown)
    assert "+10%" in s.shown and "OPT-175B" in s.shown
    assert "68.6" in s.everything
    assert re.search(r"sexual orientation\D{0,10}81\.0", s.notes)


def test_the_smaller_models_finding_is_credited_to_hoffmann_et_al() -> None:
    thesis = slides("llama.yaml")[1]
    assert "Hoffmann et al." in thesis.everything
    assert re.search(r"past (that|the) (compute-optimal )?point", thesis.everything)
    assert "Hoffmann et al." in slides("llama.yaml")[2].notes  # training vs inference budget


def test_rmsnorm_is_zhang_and_sennrichs_and_gpt3_inspired_pre_normalization() -> None:
    text = deck_text("llama.yaml")
    assert "Zhang & Sennrich" in text or "Zhang and Sennrich" in text
    assert re.search(r"pre-normalization,? (\(from|inspired by) GPT-3", text, re.IGNORECASE)


def test_generalist_vs_specialist_carries_the_math_caveat() -> None:
    s = slide_with("llama.yaml", r"Minerva")
    assert re.search(r"MATH\D{0,40}10\.6\D{0,10}27\.6", s.shown)
    assert "69.7" in s.shown and "68.5" in s.shown  # GSM8K only with maj1@k


def test_passkey_is_a_basic_check_next_to_ruler() -> None:
    s = slide_with("qwen25.yaml", r"[Pp]asskey")
    assert "100%" in s.shown
    assert "93.1" in s.shown and "84.5" in s.shown and "RULER" in s.shown


def test_the_ttft_speed_up_is_against_turbos_own_full_attention() -> None:
    s = slide_with("qwen25.yaml", r"3\.2–4\.3×")
    assert re.search(r"(own|its) full attention|full attention", s.shown)
    assert "own full attention" in s.everything


def test_arena_hard_is_called_llm_judged() -> None:
    s = slide_with("qwen25.yaml", r"Arena-Hard")
    assert re.search(r"LLM[- ]judge", s.shown)
    assert "81.2" in s.everything and "69.3" in s.everything


def test_the_report_names_qwen25s_real_rl_recipe() -> None:
    text = deck_text("qwen25-report.yaml")
    assert re.search(r"offline DPO\W+(then )?(and )?online GRPO", text)
    for s in slides("qwen25-report.yaml"):
        if "PPO" in s.shown:  # the generic RLHF loop may appear, beside Qwen2.5's own
            assert "GRPO" in s.shown or "generic" in s.title.lower(), s.number


def test_effective_tokens_are_labelled_as_the_decks_framing() -> None:
    eq = [
        s for s in slides("qwen25-report.yaml") if "eff" in s.shown and "framing" in s.title.lower()
    ]
    assert eq, "the effective-tokens slide must say in its title that it is the deck's framing"
    with (DECKS / "qwen25-report-connections.csv").open(encoding="utf-8", newline="") as f:
        rows = {row[0]: row[1] for row in csv.reader(f)}
    assert "deck's framing" in rows["Chinchilla"]
    assert "Qwen2.5 adds" not in rows["Chinchilla"]


def test_72b_vs_405b_keeps_can_and_is_not_explained_by_gqa() -> None:
    text = deck_text("qwen25-report.yaml")
    assert re.search(r"alignment can (rival|beat|close)", text)
    for line in text.splitlines():
        if "405B" in line and "GQA" in line:
            assert "Llama-3.1 uses GQA too" in line, line


def test_the_report_lists_multimodal_models_as_qwen25_variants() -> None:
    assert "Multimodal models" in deck_text("qwen25-report.yaml")


# Every point of each slide brief, by a phrase that must appear on that brief slide's deck slide
# (shown or in its notes). Deck slide 1 is the cover, so brief slide N is deck slide N + 1.
BRIEF_POINTS = {
    "qwen25.yaml": [
        ["72B", "405B", "smarter is better", "design", "0.5B", "Turbo", "Plus"],
        [
            "mixture",
            "committee of specialists",
            "router",
            "physics",
            "history",
            "coding",
            "small portion",
            "specialization over generalization",
        ],
        [
            "7 trillion",
            "18 trillion",
            "Library of Congress",
            "curation",
            "social media",
            "e-commerce",
            "science",
            "coding",
            "mathematics",
            "nutrient-rich",
        ],
        [
            "Qwen2-Instruct",
            "duplicate",
            "spam",
            "thousands of years",
            "manually curated",
            "Qwen2.5-Math",
            "synthetic",
        ],
        [
            "two stages",
            "1 million",
            "question → ideal answer",
            "textbook",
            "weaknesses",
            "8,192",
            "tables",
        ],
        [
            "Direct Preference Optimization",
            "two answers",
            "prefer",
            "answer key",
            "checked",
            "logic",
            "math",
        ],
        [
            "Group Relative Policy Optimization",
            "debate club",
            "8 different responses",
            "reward model",
            "helpfulness",
            "safety",
            "conciseness",
            "art of conversation",
        ],
        ["MBPP", "MATH", "Arena-Hard", "LLM-judged", "post-training", "quality"],
        [
            "1 million tokens",
            "filler",
            "The secret key is 1234",
            "100%",
            "ten novels",
            "RULER",
            "attention",
        ],
        [
            "Dual Chunk Attention",
            "YaRN",
            "3.2–4.3",
            "time to first token",
            "startups",
            "universities",
            "medical records",
            "financial",
            "GPT-4o-mini",
        ],
        ["multi-sensory", "creativity"],
    ],
    "llama.yaml": [
        ["Hoffmann et al.", "13B", "175B", "publicly available", "inference", "influential"],
        [
            "training budget",
            "inference budget",
            "one-time",
            "queries",
            "1T tokens",
            "cheapest to run at scale",
            "economics",
        ],
        [
            "1.4 trillion",
            "undisclosed book data",
            "CommonCrawl",
            "67%",
            "C4",
            "GitHub",
            "Wikipedia",
            "20 languages",
            "Gutenberg + Books3",
            "ArXiv",
            "StackExchange",
        ],
        [
            "not a revolution",
            "engine tuning",
            "pre-normalization",
            "RMSNorm",
            "stability",
            "SwiGLU",
            "PaLM",
            "RoPE",
            "combined",
        ],
        [
            "stability",
            "ReLU",
            "performance",
            "relative",
            "long sequences",
            "Small changes, big effects",
        ],
        ["xFormers", "attention weights", "checkpointing", "backward pass", "21 days", "memory"],
        [
            "13B",
            "175B",
            "most benchmarks",
            "HellaSwag",
            "WinoGrande",
            "TriviaQA",
            "knowledge per parameter",
            "single V100",
        ],
        [
            "Chinchilla-70B",
            "common-sense",
            "GSM8K",
            "Minerva-62B",
            "specialist",
            "MMLU",
            "177GB",
            "2TB",
        ],
        [
            "RealToxicityPrompts",
            "65B",
            "7B",
            "CrowS-Pairs",
            "9 categories",
            "religion",
            "WinoGender",
            "male nurse",
            "female engineer",
            "biases",
        ],
        [
            "research community",
            "universities",
            "startups",
            "open-source",
            "63.4",
            "68.9",
            "alignment",
            "AI economics",
        ],
        ["mirrors", "harms"],
    ],
}


@pytest.mark.parametrize("name", sorted(BRIEF_POINTS))
def test_every_brief_point_is_on_its_slide_in_the_briefs_order(name: str) -> None:
    deck = slides(name)
    assert len(deck) == len(BRIEF_POINTS[name]) + 1  # the cover, then the brief's slides
    missing = [
        (n, phrase)
        for n, phrases in enumerate(BRIEF_POINTS[name], 2)
        for phrase in phrases
        if phrase.lower() not in deck[n - 1].everything.lower()
    ]
    assert missing == []


# Statements that hold others: a highlight marks the simple statements inside them.
COMPOUND = (
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.ClassDef,
    ast.If,
    ast.For,
    ast.While,
    ast.With,
    ast.Try,
)


def _code_slides() -> list[tuple[int, str, list[int]]]:
    """Return (slide number, source, highlighted lines) for each code listing of the report."""
    res = compile_deck(DECKS / "qwen25-report.yaml", TOOLS)
    assert res.deck is not None
    return [
        (n, s.code.source, list(s.code.highlight))
        for n, s in enumerate(res.deck.slides, 1)
        if getattr(s, "code", None) is not None
    ]


def test_the_reports_code_listings_are_set_at_a_projectable_size() -> None:
    res = compile_deck(DECKS / "qwen25-report.yaml", TOOLS)
    assert res.presentation is not None
    sizes = {
        n: min(
            r.size
            for sh in slide.shapes
            if isinstance(sh, TextShape) and sh.text
            for p in sh.text.paragraphs
            for r in p.runs
            if r.code
        )
        for n, slide in enumerate(res.presentation.slides, 1)
        if any(sh.name == "Code panel" for sh in slide.shapes)
    }
    assert len(sizes) == 4  # three listings; the toy quality score continues on a "(cont.)" slide
    assert all(size >= 15 for size in sizes.values()), sizes


def test_the_reports_code_highlights_cover_whole_statements() -> None:
    for n, source, marked in _code_slides():
        assert marked, f"slide {n} highlights nothing"
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.stmt) and not isinstance(node, COMPOUND):
                lines = set(range(node.lineno, (node.end_lineno or node.lineno) + 1))
                if lines & set(marked):
                    assert lines <= set(marked), (n, node.lineno, sorted(lines - set(marked)))
