"""Displayed equations beside body text: upright words, the body's font for text, natural
size boxes, and the ``where:`` legend."""

from __future__ import annotations

import itertools
from pathlib import Path

from deckgen import ir
from deckgen.equations import M_NS, estimate_size, latex_to_omml
from deckgen.layout.inline_math import flatten
from deckgen.layout.math import NATURAL_H, NATURAL_W
from deckgen.theme import load_theme
from deckgen.units import pt
from helpers import NS, build_bytes, compile_text, part

THEME = load_theme("paper").theme
assert THEME is not None
M = f"{{{M_NS}}}"
A14 = "{http://schemas.microsoft.com/office/drawing/2010/main}"

GQA = r"\text{KV}_{\mathrm{GQA}} = x"
DECK = f"title: E\nslides:\n  - layout: bullets\n    title: Eq\n    equation: '{GQA}'\n"
WHERE = r"""title: E
slides:
  - layout: bullets
    title: Eq
    equation:
      latex: '\pi_{\mathrm{ref}}(y \mid x) = \frac{a}{b}'
      caption: A caption
      where:
        \pi_{\mathrm{ref}}: the frozen reference policy
        y: an answer
        x: the prompt, a long one that says a good deal more than the others do
"""


def runs(el: object) -> list[tuple[str, dict[str, str]]]:
    """Return each math run's text and its m:rPr children (local name → m:val or '')."""
    out = []
    for r in el.iter(f"{M}r"):  # type: ignore[attr-defined]
        pr = r.find(f"{M}rPr")
        props = {c.tag.removeprefix(M): c.get(f"{M}val", "") for c in pr} if pr is not None else {}
        out.append(("".join(t.text or "" for t in r.iter(f"{M}t")), props))
    return out


def test_upright_words_are_plain_and_literal_so_every_renderer_sets_them_upright() -> None:
    got = runs(latex_to_omml(r"D_{\mathrm{eff}} = \operatorname{softmax}(x) + \log y"))
    assert [t for t, p in got if not p] == ["D", "=", "x", "+", "y"]  # italic by default
    words = {t: p for t, p in got if t in ("eff", "softmax", "log")}
    assert words == {w: {"lit": "", "sty": "p"} for w in ("eff", "softmax", "log")}
    assert dict(runs(latex_to_omml(r"\text{ref}")))["ref"] == {"nor": ""}


def test_inline_relations_breathe_and_commas_take_a_thin_space() -> None:
    assert "".join(p.text for p in flatten(r"q \in [0,1]")) == "q ∈ [0,\u20091]"
    assert "".join(p.text for p in flatten(r"p(y \mid x)")) == "p(y ∣ x)"


def test_inline_text_and_mathrm_are_upright_and_letters_italic() -> None:
    pieces = [(p.text.strip(), p.italic) for p in flatten(r"x_{\text{ref}} + \mathrm{eff}")]
    assert pieces == [("x", True), ("ref", False), ("+ eff", False)]


def test_in_the_file_upright_runs_are_not_italic_and_text_is_in_the_body_font(
    tmp_path: Path,
) -> None:
    xml = part(build_bytes(tmp_path, DECK), "ppt/slides/slide1.xml")
    math = xml.find(f".//{A14}m")
    got = [
        (
            "".join(t.text or "" for t in r.iter(f"{M}t")),
            r.find("a:rPr", NS).get("i"),
            r.find("a:rPr/a:latin", NS).get("typeface"),
        )
        for r in math.iter(f"{M}r")
    ]
    assert got == [
        ("KV", "0", "Arial"),  # \text: normal text, in the body's font
        ("GQA", "0", "Cambria Math"),  # \mathrm: upright math
        ("=", "1", "Cambria Math"),
        ("x", "1", "Cambria Math"),
    ]
    body = math.getparent().getparent().find("a:bodyPr", NS)
    assert body.get("wrap") == "none"  # PowerPoint centres it and never breaks it


def test_the_box_is_the_natural_size_at_the_theme_equation_size(tmp_path: Path) -> None:
    res = compile_text(tmp_path, DECK)
    assert res.presentation is not None
    (eq,) = [s for s in res.presentation.slides[0].shapes if isinstance(s, ir.EquationShape)]
    w, h = estimate_size(GQA, THEME.sizes.equation)
    assert eq.size == THEME.sizes.equation == 24
    assert (eq.box.w, eq.box.h) == (round(pt(w * NATURAL_W)), round(pt(h * NATURAL_H)))
    assert eq.text_font == THEME.fonts.body
    assert eq.color == THEME.colors.text  # the body's colour, in both renderers


def test_the_where_legend_is_two_aligned_columns_under_the_equation(tmp_path: Path) -> None:
    res = compile_text(tmp_path, WHERE)
    assert res.ok, [d.message for d in res.diagnostics]
    assert res.presentation is not None
    shapes = res.presentation.slides[0].shapes
    (eq,) = [s for s in shapes if isinstance(s, ir.EquationShape)]
    (cap,) = [s for s in shapes if s.name == "Equation caption"]
    syms = [s for s in shapes if s.name.startswith("Where symbol")]
    means = [s for s in shapes if s.name.startswith("Where meaning")]
    assert len(syms) == len(means) == 3
    assert isinstance(syms[0], ir.TextShape) and syms[0].text is not None
    assert [
        [(r.text.strip(), r.italic, r.baseline) for r in s.text.paragraphs[0].runs]  # type: ignore[union-attr]
        for s in syms
    ] == [[("π", True, 0), ("ref", False, -25_000)], [("y", True, 0)], [("x", True, 0)]]
    assert {s.text.paragraphs[0].align for s in syms} == {"r"}  # type: ignore[union-attr]
    assert len({s.box.right for s in syms}) == 1  # symbols share their right edge
    assert len({s.box.x for s in means}) == 1  # meanings share their left edge
    assert min(m.box.x for m in means) > syms[0].box.right
    assert {r.color for m in means for p in m.text.paragraphs for r in p.runs} == {  # type: ignore[union-attr]
        THEME.colors.muted
    }
    # rows in order, one under another; the long meaning wraps and its row is taller
    tops = [s.box.y for s in syms]
    assert tops == sorted(tops)
    assert all(a.box.bottom <= b.box.y for a, b in itertools.pairwise(means))
    assert [m.text.paragraphs[0].lines for m in means][:2] == [1, 1]  # type: ignore[union-attr]
    assert syms[0].box.y >= cap.box.bottom > eq.box.bottom  # under the caption
    left, right = syms[0].box.x, means[0].box.right
    centre = eq.box.x + eq.box.w // 2
    assert abs((left + right) // 2 - centre) <= 1  # the block centred under the equation
    assert syms[0].origin == ("slides", 0, "equation", "where", r"\pi_{\mathrm{ref}}")


def test_a_symbol_that_cannot_be_typeset_is_located(tmp_path: Path) -> None:
    res = compile_text(tmp_path, WHERE.replace("        y: an answer", r"        \nope: an answer"))
    (d,) = [d for d in res.diagnostics if "symbol" in d.message]
    assert d.message == "cannot typeset the symbol $\\nope$: unknown command \\nope"
    assert d.span is not None and (d.span.line, d.span.column) == (10, 16)  # its meaning


def test_the_fallback_picture_holds_the_whole_linear_text(tmp_path: Path) -> None:
    """The linear text is wider than the typeset equation's box: it shrinks, not clips."""
    import io
    import zipfile

    from PIL import Image

    dpo = (
        r"\mathcal{L}_{\mathrm{DPO}} = -\mathbb{E}\left[\log\sigma\left(\beta\log"
        r"\frac{\pi_\theta(y_w\mid x)}{\pi_{\mathrm{ref}}(y_w\mid x)}\right)\right]"
    )
    data = build_bytes(
        tmp_path, f"title: E\nslides:\n  - layout: bullets\n    title: Eq\n    equation: '{dpo}'\n"
    )
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        (name,) = [n for n in z.namelist() if n.startswith("ppt/media/")]
        img = Image.open(io.BytesIO(z.read(name)))
    left, _, right, _ = img.getbbox()
    assert left > 0 and right < img.width  # ink on neither edge: nothing cut off
