"""Rich content: code listings, pictures, CSV tables, Q&A slides and inline math."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from deckgen import ir
from deckgen.diagnostics import Severity
from deckgen.theme import load_theme
from helpers import NS, build_bytes, compile_text, part

THEME = load_theme("paper").theme
assert THEME is not None


def shapes(res, slide: int = 0) -> list[ir.AnyShape]:  # type: ignore[no-untyped-def]
    assert res.presentation is not None, [d.message for d in res.diagnostics]
    return list(res.presentation.slides[slide].shapes)


def errors(res) -> list[tuple[str, int | None, int | None]]:  # type: ignore[no-untyped-def]
    return [
        (d.message, d.span.line if d.span else None, d.span.column if d.span else None)
        for d in res.diagnostics
        if d.severity is Severity.ERROR
    ]


# --- code -------------------------------------------------------------------------------

CODE = """title: T
slides:
  - layout: bullets
    title: Code
    code:
      language: python
      line_numbers: true
      highlight: [2]
      source: |
        def f(x):
        \treturn x + 1  # add one
"""


def test_code_runs_are_coloured_per_token_type(tmp_path: Path) -> None:
    res = compile_text(tmp_path, CODE)
    code = next(s for s in shapes(res) if s.name == "Code")
    assert isinstance(code, ir.TextShape) and code.text is not None
    line1, line2 = code.text.paragraphs
    colours = {r.text: (r.color, r.bold, r.italic) for r in line1.runs + line2.runs}
    assert colours["def"] == (THEME.code.keyword, True, False)
    assert colours["f"] == (THEME.code.function, False, False)
    assert colours["return"] == (THEME.code.keyword, True, False)
    assert colours["1"] == (THEME.code.number, False, False)
    assert colours["# add one"] == (THEME.code.comment, False, True)
    assert {r.font for r in line1.runs + line2.runs} == {"Courier New"}


def test_code_keeps_lines_expands_tabs_and_numbers_them(tmp_path: Path) -> None:
    res = compile_text(tmp_path, CODE)
    code = next(s for s in shapes(res) if s.name == "Code")
    texts = ["".join(r.text for r in p.runs) for p in code.text.paragraphs]  # type: ignore[union-attr]
    assert texts == ["1 def f(x):", "2     return x + 1  # add one"]
    band = next(s for s in shapes(res) if s.name == "Highlight line 2")
    assert band.fill == THEME.code.highlight  # type: ignore[union-attr]


def test_long_listings_shrink_but_not_below_the_minimum(tmp_path: Path) -> None:
    body = "\n".join(
        f"        value_{i} = compute_something(argument_{i}, another_argument={i}, yet_another_one=value_{i} * 2)"
        for i in range(14)
    )
    res = compile_text(
        tmp_path,
        f"title: T\nslides:\n  - layout: bullets\n    title: Code\n    code:\n      language: python\n      source: |\n{body}\n",
    )
    code = next(s for s in shapes(res) if s.name == "Code")
    size = code.text.paragraphs[0].runs[0].size  # type: ignore[union-attr]
    assert THEME.sizes.code_min <= size < THEME.sizes.code


def test_a_listing_that_cannot_fit_is_a_located_error_with_overflow_error(tmp_path: Path) -> None:
    body = "\n".join(f"        line_{i} = {i}" for i in range(60))
    res = compile_text(
        tmp_path,
        f"title: T\nslides:\n  - layout: bullets\n    title: Code\n    code:\n      language: python\n      overflow: error\n      source: |\n{body}\n",
    )
    (msg, line, col) = errors(res)[0]
    assert msg.startswith("the code listing does not fit: it needs ")
    assert msg.endswith("even at the theme's minimum of 14 pt")
    assert (line, col) == (8, 15)


def test_unknown_language_is_located_with_suggestions(tmp_path: Path) -> None:
    res = compile_text(tmp_path, CODE.replace("language: python", "language: pyhton"))
    assert errors(res) == [("unknown code language 'pyhton'", 6, 17)]
    assert res.diagnostics[0].hint == "did you mean 'python', 'python3', 'python2'?"


# --- pictures ---------------------------------------------------------------------------


def picture(tmp_path: Path, name: str, size: tuple[int, int], fmt: str = "PNG") -> None:
    Image.new("RGB", size, "#2E75B6").save(tmp_path / name, format=fmt)


def image_deck(img: str) -> str:
    return f"title: T\nslides:\n  - layout: bullets\n    title: Picture\n    image: {img}\n"


def test_contain_keeps_the_aspect_ratio_and_centres(tmp_path: Path) -> None:
    picture(tmp_path, "wide.png", (4000, 1000))
    res = compile_text(tmp_path, image_deck("{path: wide.png, alt: wide}"))
    pic = next(s for s in shapes(res) if isinstance(s, ir.PictureShape))
    area_w = THEME.grid.width - 2 * THEME.grid.margin_x
    assert pic.box.w == area_w and abs(pic.box.w / pic.box.h - 4.0) < 0.001
    area_mid = THEME.grid.content_top + (THEME.grid.content_bottom - THEME.grid.content_top) // 2
    assert abs(pic.box.y + pic.box.h // 2 - area_mid) <= 1
    assert (pic.crop_l, pic.crop_t, pic.crop_r, pic.crop_b) == (0, 0, 0, 0)


def test_cover_fills_the_box_and_crops_evenly(tmp_path: Path) -> None:
    picture(tmp_path, "tall.png", (1000, 4000))
    res = compile_text(tmp_path, image_deck("{path: tall.png, alt: tall, fit: cover}"))
    pic = next(s for s in shapes(res) if isinstance(s, ir.PictureShape))
    area = (
        THEME.grid.width - 2 * THEME.grid.margin_x,
        THEME.grid.content_bottom - THEME.grid.content_top,
    )
    assert (pic.box.w, pic.box.h) == area
    assert pic.crop_l == pic.crop_r == 0
    visible = 1 - pic.crop_t - pic.crop_b
    assert (
        abs(4000 * visible / 1000 - area[1] / area[0]) < 0.001
    )  # what is left has the box's shape
    assert pic.crop_t == pytest.approx(pic.crop_b)


def test_exif_orientation_is_honoured(tmp_path: Path) -> None:
    im = Image.new("RGB", (300, 100), "#1F3864")
    exif = Image.Exif()
    exif[0x0112] = 6  # rotated 90°: shown as 100 x 300
    im.save(tmp_path / "photo.jpg", format="JPEG", exif=exif)
    res = compile_text(tmp_path, image_deck("{path: photo.jpg, alt: photo}"))
    pic = next(s for s in shapes(res) if isinstance(s, ir.PictureShape))
    assert pic.box.h > pic.box.w
    with Image.open(io.BytesIO(pic.data)) as stored:
        assert stored.size == (100, 300)


def test_pictures_are_written_natively_with_their_crop_and_alt_text(tmp_path: Path) -> None:
    picture(tmp_path, "tall.png", (1000, 4000))
    deck = image_deck("{path: tall.png, alt: A tall blue picture, fit: cover}")
    (tmp_path / "deck.yaml").write_text(deck, encoding="utf-8")
    data = build_bytes(tmp_path, deck)
    pic = part(data, "ppt/slides/slide1.xml").find(".//p:pic", NS)
    assert pic.find(".//p:cNvPr", NS).get("descr") == "A tall blue picture"
    rect = pic.find(".//a:srcRect", NS)
    assert int(rect.get("t")) == int(rect.get("b")) > 0


def test_low_resolution_is_a_warning(tmp_path: Path) -> None:
    picture(tmp_path, "small.png", (120, 120))
    res = compile_text(tmp_path, image_deck("{path: small.png, alt: small}"))
    (w,) = [d for d in res.diagnostics if d.rule == "low-resolution"]
    assert w.severity is Severity.WARNING
    assert w.message.startswith("'small.png' is shown at 24 pixels per inch")


@pytest.mark.parametrize(
    ("setup", "img", "message"),
    [
        (None, "{path: missing.png, alt: x}", "file not found: 'missing.png'"),
        (
            None,
            "{path: ../outside.png, alt: x}",
            "'../outside.png' is outside the deck's root folder",
        ),
        (
            "text",
            "{path: fake.png, alt: x}",
            "'fake.png' is not a readable image (UnidentifiedImageError)",
        ),
        (
            "jpeg-as-png",
            "{path: photo.png, alt: x}",
            "'photo.png' is not a PNG file (its content is JPEG)",
        ),
        (None, "{path: slides.pdf, alt: x}", "file not found: 'slides.pdf'"),
        ("bmp", "{path: pic.bmp, alt: x}", "'pic.bmp': unsupported image type '.bmp'"),
        (
            "bomb",
            "{path: bomb.png, alt: x}",
            "'bomb.png' has too many pixels to be a slide image (decompression bomb guard)",
        ),
    ],
)
def test_bad_pictures_are_located_errors(
    tmp_path: Path, setup: str | None, img: str, message: str
) -> None:
    deck_dir = tmp_path / "deck"
    deck_dir.mkdir()
    if setup == "text":
        (deck_dir / "fake.png").write_text("not an image")
    elif setup == "jpeg-as-png":
        picture(deck_dir, "photo.png", (10, 10), fmt="JPEG")
    elif setup == "bmp":
        picture(deck_dir, "pic.bmp", (10, 10), fmt="BMP")
    elif setup == "bomb":
        Image.new("1", (20_000, 20_000)).save(deck_dir / "bomb.png")  # 400 Mpx, tiny file
    picture(tmp_path, "outside.png", (10, 10))
    res = compile_text(deck_dir, image_deck(img))
    assert errors(res) == [(message, 5, 19)]


def test_alt_text_is_required(tmp_path: Path) -> None:
    picture(tmp_path, "a.png", (10, 10))
    res = compile_text(tmp_path, image_deck("{path: a.png}"))
    assert errors(res) == [("missing required key 'alt'", 5, 12)]


def test_symlinks_out_of_the_deck_folder_are_refused(tmp_path: Path) -> None:
    deck_dir = tmp_path / "deck"
    deck_dir.mkdir()
    picture(tmp_path, "secret.png", (10, 10))
    (deck_dir / "link.png").symlink_to(tmp_path / "secret.png")
    res = compile_text(deck_dir, image_deck("{path: link.png, alt: x}"))
    assert errors(res) == [("'link.png' is outside the deck's root folder", 5, 19)]


def test_svg_is_drawn_as_native_vector_shapes(tmp_path: Path) -> None:
    (tmp_path / "d.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 20" fill="none" stroke="currentColor" stroke-width="2"><rect x="2" y="2" width="36" height="16" rx="2"/></svg>'
    )
    res = compile_text(tmp_path, image_deck("{path: d.svg, alt: a box}"))
    (icon,) = [s for s in shapes(res) if isinstance(s, ir.IconShape)]
    assert (icon.alt, icon.color, len(icon.paths)) == ("a box", THEME.colors.primary, 1)
    assert abs(icon.box.w / icon.box.h - 2.0) < 0.001


# --- CSV and Q&A ------------------------------------------------------------------------


def test_tables_read_rows_from_csv(tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_text("Model,Score\nA,1.5\nB,2.5\n", encoding="utf-8")
    res = compile_text(
        tmp_path,
        "title: T\nslides:\n  - layout: bullets\n    title: CSV\n    table: {csv: t.csv}\n",
    )
    table = next(s for s in shapes(res) if isinstance(s, ir.TableShape))
    cells = [
        ["".join(r.text for p in c.text.paragraphs for r in p.runs) for c in row]
        for row in table.rows
    ]
    assert cells == [["Model", "Score"], ["A", "1.5"], ["B", "2.5"]]


def test_a_ragged_csv_is_a_located_error(tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_text("Model,Score\nA,1.5,extra\n", encoding="utf-8")
    res = compile_text(
        tmp_path,
        "title: T\nslides:\n  - layout: bullets\n    title: CSV\n    table: {csv: t.csv}\n",
    )
    assert errors(res) == [("'t.csv' row 1 has 3 cells for 2 columns", 5, 18)]


def test_qa_items_share_slides_while_they_fit(tmp_path: Path) -> None:
    items = "\n".join(
        f"      - q: Question number {i} asks something fairly long about the paper?\n        a: {'An answer with a few words. ' * 6}"
        for i in range(6)
    )
    res = compile_text(
        tmp_path, f"title: T\nslides:\n  - layout: qa\n    title: Questions\n    items:\n{items}\n"
    )
    pres = res.presentation
    assert pres is not None and len(pres.slides) >= 2
    titles = [
        next(s for s in sl.shapes if isinstance(s, ir.TextShape) and s.role == "title")
        .text.paragraphs[0]
        .runs[0]
        .text
        for sl in pres.slides
    ]  # type: ignore[union-attr]
    assert titles[0] == "Questions" and set(titles[1:]) == {"Questions (cont.)"}
    marks = [
        p.bullet.char
        for sl in pres.slides
        for s in sl.shapes
        if s.name == "Questions and answers"
        for p in s.text.paragraphs
    ]  # type: ignore[union-attr]
    assert marks == ["Q", "A"] * 6


# --- inline math ------------------------------------------------------------------------


def test_inline_math_becomes_runs_with_sub_and_superscripts(tmp_path: Path) -> None:
    res = compile_text(
        tmp_path,
        "title: T\nslides:\n  - layout: bullets\n    title: M\n    bullets: ['Size $D_{\\mathrm{eff}} = x^2$ here']\n",
    )
    body = next(s for s in shapes(res) if s.name == "Bullets")
    runs = [(r.text, r.italic, r.baseline) for r in body.text.paragraphs[0].runs]  # type: ignore[union-attr]
    assert runs == [
        ("Size ", False, 0),
        ("D", True, 0),
        ("eff", False, -25000),
        (" = ", False, 0),
        ("x", True, 0),
        ("2", False, 30000),
        (" here", False, 0),
    ]


def test_prices_are_not_math(tmp_path: Path) -> None:
    res = compile_text(
        tmp_path,
        "title: T\nslides:\n  - layout: bullets\n    title: M\n    bullets: ['From $5 to $10']\n",
    )
    body = next(s for s in shapes(res) if s.name == "Bullets")
    assert [r.text for r in body.text.paragraphs[0].runs] == ["From $5 to $10"]  # type: ignore[union-attr]


def test_bad_inline_math_is_located(tmp_path: Path) -> None:
    res = compile_text(
        tmp_path,
        "title: T\nslides:\n  - layout: bullets\n    title: M\n    bullets: ['Bad $\\frac{1}{$ here']\n",
    )
    (msg, line, col) = errors(res)[0]
    assert msg.startswith("cannot typeset inline math $\\frac{1}{$: unbalanced braces")
    assert (line, col) == (5, 15)


def test_bad_display_equation_is_located(tmp_path: Path) -> None:
    res = compile_text(
        tmp_path,
        "title: T\nslides:\n  - layout: bullets\n    title: M\n    equation: \\notacommand{x}\n",
    )
    (msg, line, col) = errors(res)[0]
    assert msg.startswith("cannot typeset this LaTeX: ")
    assert "\\notacommand" in msg
    assert (line, col) == (5, 15)


def test_allow_outside_lets_a_deck_use_files_beyond_its_folder(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from deckgen.cli import cli

    deck_dir = tmp_path / "deck"
    deck_dir.mkdir()
    picture(tmp_path, "shared.png", (1600, 900))
    (deck_dir / "d.yaml").write_text(
        image_deck("{path: ../shared.png, alt: shared}"), encoding="utf-8"
    )
    runner = CliRunner()
    refused = runner.invoke(cli, ["check", str(deck_dir / "d.yaml")])
    assert (
        refused.exit_code == 1
        and "'../shared.png' is outside the deck's root folder" in refused.output
    )
    allowed = runner.invoke(
        cli,
        ["build", str(deck_dir / "d.yaml"), "--allow-outside", "-o", str(tmp_path / "out.pptx")],
    )
    assert allowed.exit_code == 0, allowed.output
    assert (tmp_path / "out.pptx").stat().st_size > 0
