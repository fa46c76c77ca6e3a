"""The thumbnail of a deck built on a template (``docProps/thumbnail.jpeg``) shows the
template's art under deckgen's text: the background its title slide inherits, and the
pictures and shapes of its layout and master, so a file browser shows the organisation's
title slide."""

from __future__ import annotations

import io
import statistics
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree
from msgspec.structs import replace
from PIL import Image, ImageChops, ImageStat
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.oxml.ns import qn
from pptx.shapes.autoshape import Shape
from pptx.util import Inches

import render
from deckgen import ir
from deckgen.backend.thumbnail import thumbnail
from deckgen.build import compile_deck, render_bytes
from deckgen.cli import cli
from helpers import NS, ROOT, TOOLS

TEMPLATES = ROOT.parent / "shared" / "templates"
REAL = [TEMPLATES / "university-ufrj-mecanon.potx", TEMPLATES / "ngo-ecohealth-alliance-4x3.pptx"]
QWEN = ROOT / "decks" / "qwen25.yaml"

DECK = """
title: On a template
short_title: Template test
authors: [A. Author]
date: 2024-12-19
theme: paper
slides:
  - layout: title
    subtitle: Built on somebody else's design
  - layout: bullets
    title: Points
    bullets: [First point, Second point]
"""
NAVY = (0x1F, 0x3A, 0x93)
ORANGE = (0xF0, 0x80, 0x10)
# The logo's place on the master (the Office template is 10 x 7.5 in: 25.6 px an inch).
LOGO = (Inches(8.2), Inches(0.3), Inches(1.4), Inches(1.0))
PX = 256 / Inches(10)
BAND = (Inches(1), Inches(7.5))


def _png(color: tuple[int, int, int], size: tuple[int, int] = (40, 30)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, format="PNG")
    return buf.getvalue()


def _template(edit=None) -> bytes:  # type: ignore[no-untyped-def]
    """Return python-pptx's Office template with a navy master background and an orange
    logo picture on the master, changed further by ``edit(prs)``."""
    prs = Presentation()
    master = prs.slide_master
    master.background.fill.solid()
    master.background.fill.fore_color.rgb = RGBColor(*NAVY)
    # python-pptx adds pictures to slides only: the master's is added as PowerPoint has it
    _, rid = master.part.get_or_add_image_part(io.BytesIO(_png(ORANGE)))
    master.shapes._spTree.add_pic(900, "Logo", "", rid, *LOGO)
    if edit is not None:
        edit(prs)
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


def _thumbnail(tmp_path: Path, template: bytes) -> Image.Image:
    """Return the thumbnail of DECK built on ``template`` (the build must succeed)."""
    (tmp_path / "corp.pptx").write_bytes(template)
    (tmp_path / "deck.yaml").write_text(DECK, encoding="utf-8")
    res = compile_deck(tmp_path / "deck.yaml", TOOLS, template=str(tmp_path / "corp.pptx"))
    assert res.ok, [d.message for d in res.diagnostics]
    assert res.presentation is not None
    with zipfile.ZipFile(io.BytesIO(render_bytes(res.presentation))) as z:
        img = Image.open(io.BytesIO(z.read("docProps/thumbnail.jpeg")))
        img.load()
    return img.convert("RGB")


def _at(img: Image.Image, x: float, y: float) -> tuple[int, int, int]:
    """Return the colour at (x, y) in EMU, averaged over 3 x 3 pixels (JPEG ripples)."""
    px, py = round(x * PX), round(y * PX)
    stat = ImageStat.Stat(img.crop((px - 1, py - 1, px + 2, py + 2)))
    r, g, b = (round(v) for v in stat.mean)
    return (r, g, b)


def _near(got: tuple[int, int, int], want: tuple[int, int, int], tolerance: int = 16) -> bool:
    """Return whether two colours match within JPEG's error on a flat area."""
    return all(abs(a - b) <= tolerance for a, b in zip(got, want, strict=True))


def _logo_centre() -> tuple[float, float]:
    x, y, w, h = LOGO
    return (x + w / 2, y + h / 2)


def test_the_thumbnail_shows_the_master_background_and_logo(tmp_path: Path) -> None:
    img = _thumbnail(tmp_path, _template())
    assert img.size == (256, 192)  # the template's 4:3
    assert _near(_at(img, *_logo_centre()), ORANGE), _at(img, *_logo_centre())
    for x, y in [(Inches(0.3), Inches(0.3)), (Inches(5), Inches(0.6)), (Inches(9.7), Inches(7.2))]:
        assert _near(_at(img, x, y), NAVY), (x, y, _at(img, x, y))
    # just outside the logo's box: background again
    x, y, w, h = LOGO
    assert _near(_at(img, x - Inches(0.15), y + h / 2), NAVY)
    assert _near(_at(img, x + w / 2, y + h + Inches(0.15)), NAVY)


def test_a_layout_hiding_the_master_s_shapes_hides_the_logo(tmp_path: Path) -> None:
    def hide(prs) -> None:  # type: ignore[no-untyped-def]
        prs.slide_layouts[0]._element.set("showMasterSp", "0")  # the title slide's layout

    img = _thumbnail(tmp_path, _template(hide))
    assert _near(_at(img, *_logo_centre()), NAVY), _at(img, *_logo_centre())


def test_the_layout_s_background_and_shapes_come_over_the_master_s(tmp_path: Path) -> None:
    def band(prs) -> None:  # type: ignore[no-untyped-def]
        layout = prs.slide_layouts[0]
        layout.background.fill.gradient()  # top to bottom, white into black
        fill = layout.background.fill
        fill.gradient_angle = 270  # python-pptx counts anticlockwise: top to bottom
        fill.gradient_stops[0].color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        fill.gradient_stops[1].color.rgb = RGBColor(0, 0, 0)
        shape = Shape(layout.shapes._spTree.add_autoshape(900, "Band", "rect", 0, 0, *BAND), None)
        shape.fill.solid()
        shape.fill.fore_color.rgb = RGBColor(0x64, 0xA7, 0x0B)
        shape.line.fill.background()

    img = _thumbnail(tmp_path, _template(band))
    green = (0x64, 0xA7, 0x0B)
    assert _near(_at(img, Inches(0.5), Inches(3.5)), green)
    top, bottom = _at(img, Inches(5), Inches(0.1)), _at(img, Inches(5), Inches(7.4))
    assert min(top) > 235 and max(bottom) < 20, (top, bottom)
    middle = _at(img, Inches(5), Inches(3.75))[0]
    assert 100 < middle < 155, middle  # half way down, half way from white to black
    assert _near(_at(img, *_logo_centre()), ORANGE)  # the master's logo is still shown


def test_a_band_bleeding_far_off_the_slide_is_drawn_where_it_shows(tmp_path: Path) -> None:
    def bleed(prs) -> None:  # type: ignore[no-untyped-def]
        # 30 x 200 in, all but its right-hand inch off the slide (as bleeds are drawn)
        tree = prs.slide_layouts[0].shapes._spTree
        box = (-Inches(29), -Inches(100), Inches(30), Inches(200))
        shape = Shape(tree.add_autoshape(900, "Bleed", "rect", *box), None)
        shape.fill.solid()
        shape.fill.fore_color.rgb = RGBColor(0x64, 0xA7, 0x0B)
        shape.line.fill.background()

    img = _thumbnail(tmp_path, _template(bleed))
    assert _near(_at(img, Inches(0.5), Inches(3.5)), (0x64, 0xA7, 0x0B))
    assert _near(_at(img, Inches(1.5), Inches(3.5)), NAVY)


def test_the_theme_s_colour_through_the_colour_map_is_the_background(tmp_path: Path) -> None:
    def dark(prs) -> None:  # type: ignore[no-untyped-def]
        # the Office master's own bgRef (bg1) with bg1 mapped to the dark scheme colour
        bg = prs.slide_master._element.find(f"{qn('p:cSld')}/{qn('p:bg')}")
        bg.getparent().remove(bg)
        csld = prs.slide_master._element.find(qn("p:cSld"))
        ref = csld.makeelement(qn("p:bg"), {})
        ref.append(ref.makeelement(qn("p:bgRef"), {"idx": "1001"}))
        ref[0].append(ref.makeelement(qn("a:schemeClr"), {"val": "bg1"}))
        csld.insert(0, ref)
        cmap = prs.slide_master._element.find(qn("p:clrMap"))
        # a dark template's map: backgrounds on dark scheme colours, text on light ones
        for role, slot in {"bg1": "dk2", "tx1": "lt1", "bg2": "dk1", "tx2": "lt2"}.items():
            cmap.set(role, slot)

    img = _thumbnail(tmp_path, _template(dark))
    dk2 = (0x1F, 0x49, 0x7D)  # the Office theme's dk2
    assert _near(_at(img, Inches(0.3), Inches(0.3)), dk2), _at(img, Inches(0.3), Inches(0.3))


def test_a_picture_background_is_stretched_over_the_slide(tmp_path: Path) -> None:
    halves = Image.new("RGB", (40, 30), (0xC0, 0x10, 0x10))
    halves.paste((0x10, 0x80, 0x40), (20, 0, 40, 30))  # left red, right green
    buf = io.BytesIO()
    halves.save(buf, format="PNG")

    def picture(prs) -> None:  # type: ignore[no-untyped-def]
        layout = prs.slide_layouts[0]
        _, rid = layout.part.get_or_add_image_part(io.BytesIO(buf.getvalue()))
        bg = etree.fromstring(
            f'<p:bg xmlns:p="{NS["p"]}" xmlns:a="{NS["a"]}" xmlns:r="{NS["r"]}"><p:bgPr>'
            f'<a:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch>'
            "</a:blipFill><a:effectLst/></p:bgPr></p:bg>"
        )
        layout._element.find(qn("p:cSld")).insert(0, bg)

    img = _thumbnail(tmp_path, _template(picture))
    assert _near(_at(img, Inches(0.3), Inches(7.2)), (0xC0, 0x10, 0x10))
    assert _near(_at(img, Inches(6), Inches(7.2)), (0x10, 0x80, 0x40))


def test_a_logo_s_transparent_part_shows_the_background(tmp_path: Path) -> None:
    logo = Image.new("RGBA", (40, 30), (*ORANGE, 255))
    logo.paste((0, 0, 0, 0), (20, 0, 40, 30))  # the right half transparent
    buf = io.BytesIO()
    logo.save(buf, format="PNG")

    def swap(prs) -> None:  # type: ignore[no-untyped-def]
        master = prs.slide_master
        tree = master.shapes._spTree
        tree.remove(tree.find(qn("p:pic")))  # the orange logo makes way
        _, rid = master.part.get_or_add_image_part(io.BytesIO(buf.getvalue()))
        tree.add_pic(901, "Half logo", "", rid, *LOGO)

    img = _thumbnail(tmp_path, _template(swap))
    x, y, w, h = LOGO
    assert _near(_at(img, x + w / 4, y + h / 2), ORANGE)
    assert _near(_at(img, x + 3 * w / 4, y + h / 2), NAVY)


def _bomb() -> bytes:
    """Return a tiny PNG whose header declares 100 000 x 100 000 pixels."""
    data = bytearray(_png(ORANGE))
    ihdr = bytearray(data[16:29])
    ihdr[0:8] = struct.pack(">II", 100_000, 100_000)
    data[16:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + bytes(ihdr)))
    return bytes(data)


@pytest.mark.parametrize(
    "picture",
    [
        b"not a picture at all",
        _png(ORANGE)[:60],  # cut short
        _bomb(),
        b"\x01\x00\x00\x00" + bytes(80),  # an EMF header: Pillow cannot draw it
    ],
    ids=["garbage", "truncated", "decompression-bomb", "emf"],
)
def test_a_picture_that_cannot_be_drawn_is_left_out_and_the_build_goes_on(
    tmp_path: Path, picture: bytes
) -> None:
    src = zipfile.ZipFile(io.BytesIO(_template()))
    (logo,) = [n for n in src.namelist() if n.startswith("ppt/media/")]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info.filename, picture if info.filename == logo else src.read(info))
    img = _thumbnail(tmp_path, out.getvalue())
    assert _near(_at(img, *_logo_centre()), NAVY)  # no logo, the background still drawn
    assert _near(_at(img, Inches(0.3), Inches(0.3)), NAVY)


@pytest.mark.skipif(not TEMPLATES.is_dir(), reason="../shared/templates is absent")
@pytest.mark.parametrize("template", REAL, ids=lambda p: p.name)
def test_on_a_real_template_the_thumbnail_looks_like_the_rendered_title_slide(
    template: Path, tmp_path: Path, render_tools: render.Tools
) -> None:
    out = tmp_path / "build"
    cmd = ["build", str(QWEN), "-o", f"{out}/", "--dump-ir", "--template", str(template)]
    res = CliRunner().invoke(cli, cmd)
    assert res.exit_code == 0, res.output
    deck = render.DeckRender(
        id="qwen25",
        source=QWEN,
        pptx=out / "qwen25.pptx",
        ir_path=out / "qwen25.ir.json",
        pdf=tmp_path / "pdf" / "qwen25.pdf",
        tools=render_tools,
        workdir=tmp_path,
    )
    render.convert_to_pdf([deck], tmp_path, render_tools)
    assert deck.error is None, deck.error
    with zipfile.ZipFile(deck.pptx) as z:
        thumb = Image.open(io.BytesIO(z.read("docProps/thumbnail.jpeg"))).convert("RGB")
    with Image.open(deck.pngs[0]) as page:
        slide = page.convert("RGB").resize(thumb.size, Image.Resampling.LANCZOS)
    white = Image.new("RGB", thumb.size, "white")

    def difference(a: Image.Image) -> float:
        return sum(ImageStat.Stat(ImageChops.difference(a, slide)).mean) / 3

    # The text is drawn in another font and place than LibreOffice's, so the thumbnail is
    # never identical; what it must not be is deckgen's white page with text on it. A white
    # page differs from the render by the template's art alone (16 and 27 levels for the
    # two templates, of 255): the thumbnail must be at least twice as close, and within
    # 12 levels (measured: 6 and 9; without the art, as far off as the white page).
    ours, blank = difference(thumb), difference(white)
    assert ours < blank / 2, (ours, blank)
    assert ours < 12, ours


# --- the text's weight and slant ---------------------------------------------------------


def _titled(tmp_path: Path, size: float | None = None, **style: bool) -> Image.Image:
    """Return the thumbnail of DECK's title slide with its title alone on it, the title's
    runs set to ``style`` (bold, italic) and ``size`` (points), as a grey image."""
    (tmp_path / "deck.yaml").write_text(DECK, encoding="utf-8")
    res = compile_deck(tmp_path / "deck.yaml", TOOLS)
    assert res.presentation is not None
    pres = res.presentation
    slide = pres.slides[0]
    (title,) = [
        s for s in slide.shapes
        if isinstance(s, ir.TextShape) and s.text
        and "".join(r.text for p in s.text.paragraphs for r in p.runs) == "On a template"
    ]  # fmt: skip
    assert title.text is not None
    if size is not None:
        style = {**style, "size": size}  # type: ignore[dict-item]
    paragraphs = tuple(
        replace(p, runs=tuple(replace(r, **style) for r in p.runs)) for p in title.text.paragraphs
    )
    alone = replace(title, text=replace(title.text, paragraphs=paragraphs))
    pres = replace(pres, slides=(replace(slide, shapes=(alone,)),))
    return Image.open(io.BytesIO(thumbnail(pres))).convert("L")


def _ink(img: Image.Image) -> Image.Image:
    """Return how much darker than the page each pixel is, JPEG's ripples left out."""
    light = img.getextrema()[1]
    return img.point(lambda v: max(0, light - v - 32))


def _row(img: Image.Image, y: int) -> bytes:
    """Return row ``y`` of a grey image, one byte a pixel."""
    return img.crop((0, y, img.width, y + 1)).tobytes()


def _shift(row: bytes, of: bytes) -> int:
    """Return how many pixels right ``row`` best matches ``of`` moved (at most 12)."""

    def miss(dx: int) -> int:
        moved = bytes(dx) + of[: len(of) - dx] if dx >= 0 else of[-dx:] + bytes(-dx)
        return sum(abs(a - b) for a, b in zip(row, moved, strict=True))

    return min(range(-12, 13), key=lambda dx: (miss(dx), abs(dx)))


def test_a_bold_title_is_drawn_darker_than_the_same_title_not_bold(tmp_path: Path) -> None:
    regular = _ink(_titled(tmp_path, bold=False))
    bold = _ink(_titled(tmp_path, bold=True))
    # darker: more ink over the title (measured: 1.8 times as much)
    ratio = ImageStat.Stat(bold).sum[0] / ImageStat.Stat(regular).sum[0]
    assert ratio > 1.4, ratio
    # thicker: more of its pixels solid ink (measured: 191 against 108)
    solid = [sum(img.histogram()[129:]) for img in (regular, bold)]
    assert solid[1] > 1.4 * solid[0], solid


def test_an_italic_title_leans_right(tmp_path: Path) -> None:
    upright = _ink(_titled(tmp_path, size=96, italic=False))
    italic = _ink(_titled(tmp_path, size=96, italic=True))
    _, top, _, bottom = upright.getbbox()  # type: ignore[misc]
    rows = [y for y in range(top, bottom) if sum(_row(upright, y)) > 2000]
    shifts = [_shift(_row(italic, y), _row(upright, y)) for y in rows]
    # each row moved right the more the higher it is above the baseline: the move falls
    # by the slant going down the letters (measured: 4 pixels at the top, 0 at the foot)
    slope, _ = statistics.linear_regression(rows, shifts)
    assert -0.3 < slope < -0.1, (slope, shifts)
    assert shifts[0] >= 3 and shifts[-1] == 0, shifts
