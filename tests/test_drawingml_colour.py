"""DrawingML colour elements resolved to RRGGBB, as PowerPoint shows them."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from lxml import etree

from deckgen.drawingml_colour import Colour, Palette, color_map, colour, opaque, scheme

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
XMLNS = f'xmlns:a="{A}" xmlns:p="{P}"'

#: The Office theme's scheme (PowerPoint 2013 onwards) and the usual colour map.
OFFICE = Palette(
    {"dk1": "000000", "lt1": "FFFFFF", "dk2": "44546A", "lt2": "E7E6E6", "accent1": "4472C4"},
    {"bg1": "lt1", "tx1": "dk1", "bg2": "lt2", "tx2": "dk2", "accent1": "accent1"},
)


def _el(xml: str) -> etree._Element:
    """Return ``xml`` parsed, its first element declaring the a: and p: namespaces."""
    return etree.fromstring(re.sub(r"^<([\w:]+)", rf"<\1 {XMLNS}", xml, count=1))


def _scheme_clr(name: str, mods: str = "") -> etree._Element:
    return _el(f'<a:schemeClr val="{name}">{mods}</a:schemeClr>')


@pytest.mark.parametrize(
    ("name", "mods", "shown_as", "rgb"),
    [
        ("accent1", "", "Accent 1", "4472C4"),
        ("accent1", '<a:lumMod val="75000"/>', "Accent 1, Darker 25%", "2F5597"),
        ("accent1", '<a:lumMod val="50000"/>', "Accent 1, Darker 50%", "203864"),
        (
            "accent1",
            '<a:lumMod val="60000"/><a:lumOff val="40000"/>',
            "Accent 1, Lighter 40%",
            "8FAADC",
        ),
        (
            "accent1",
            '<a:lumMod val="40000"/><a:lumOff val="60000"/>',
            "Accent 1, Lighter 60%",
            "B4C7E7",
        ),
        (
            "accent1",
            '<a:lumMod val="20000"/><a:lumOff val="80000"/>',
            "Accent 1, Lighter 80%",
            "DAE3F3",
        ),
        (
            "tx1",
            '<a:lumMod val="75000"/><a:lumOff val="25000"/>',
            "Black, Text 1, Lighter 25%",
            "404040",
        ),
        ("bg1", '<a:lumMod val="85000"/>', "White, Background 1, Darker 15%", "D9D9D9"),
    ],
)
def test_a_theme_colour_with_modifiers_is_the_colour_powerpoint_names(
    name: str, mods: str, shown_as: str, rgb: str
) -> None:
    assert opaque(_scheme_clr(name, mods), OFFICE) == rgb, shown_as


def test_tint_and_shade_mix_in_linear_light_and_sat_mod_scales_saturation() -> None:
    # the footer grey of Office 2007's masters: tx1 (black) with tint 75000
    assert opaque(_scheme_clr("tx1", '<a:tint val="75000"/>'), OFFICE) == "898989"
    assert opaque(_scheme_clr("accent1", '<a:tint val="50000"/>'), OFFICE) == "C0C9E4"
    assert opaque(_scheme_clr("accent1", '<a:shade val="50000"/>'), OFFICE) == "2F528F"
    assert opaque(_scheme_clr("bg1", '<a:shade val="50000"/>'), OFFICE) == "BCBCBC"
    assert opaque(_scheme_clr("accent1", '<a:tint val="100000"/>'), OFFICE) == "4472C4"
    assert opaque(_scheme_clr("accent1", '<a:satMod val="50000"/>'), OFFICE) == "647BA4"


def test_modifiers_apply_in_document_order() -> None:
    lum_mod_first = '<a:lumMod val="50000"/><a:lumOff val="50000"/>'
    lum_off_first = '<a:lumOff val="50000"/><a:lumMod val="50000"/>'
    assert opaque(_scheme_clr("tx1", lum_mod_first), OFFICE) == "808080"
    assert opaque(_scheme_clr("tx1", lum_off_first), OFFICE) == "404040"


def test_alpha_is_kept_and_a_see_through_colour_has_no_opaque_value() -> None:
    el = _scheme_clr("accent1", '<a:alpha val="50000"/>')
    assert colour(el, OFFICE) == Colour((0x44, 0x72, 0xC4), 0.5)
    assert opaque(el, OFFICE) is None
    assert opaque(_scheme_clr("accent1", '<a:alpha val="100000"/>'), OFFICE) == "4472C4"


@pytest.mark.parametrize(
    ("xml", "rgb"),
    [
        ('<a:srgbClr val="1f3864"/>', "1F3864"),
        ('<a:sysClr val="windowText" lastClr="000000"/>', "000000"),
        ('<a:prstClr val="red"/>', "FF0000"),
        ('<a:scrgbClr r="50000" g="0" b="100000"/>', "BC00FF"),  # linear light to sRGB
        ('<a:schemeClr val="accent1"/>', "4472C4"),
        ('<a:schemeClr val="bg1"/>', "FFFFFF"),  # through the colour map to lt1
        ('<a:srgbClr val="GGGGGG"/>', None),
        ('<a:srgbClr val="FFF"/>', None),
        ('<a:prstClr val="aliceBlue"/>', None),  # a preset templates do not use
        ('<a:schemeClr val="accent6"/>', None),  # not in the scheme
        ('<a:hslClr hue="0" sat="0" lum="0"/>', None),
    ],
)
def test_each_colour_element_resolves_or_is_unreadable(xml: str, rgb: str | None) -> None:
    assert opaque(_el(xml), OFFICE) == rgb


def test_a_solid_fill_resolves_to_its_colour() -> None:
    fill = _el(
        '<a:solidFill><a:schemeClr val="accent1"><a:lumMod val="75000"/></a:schemeClr></a:solidFill>'
    )
    assert opaque(fill, OFFICE) == "2F5597"
    assert opaque(_el("<a:solidFill/>"), OFFICE) is None
    assert opaque(None, OFFICE) is None


def test_the_placeholder_colour_of_a_theme_style_is_the_one_given() -> None:
    el = _scheme_clr("phClr", '<a:shade val="50000"/>')
    assert colour(el, OFFICE, Colour((0x44, 0x72, 0xC4), 0.5)) == Colour((0x2F, 0x52, 0x8F), 0.5)
    assert colour(el, OFFICE) is None


def test_the_scheme_is_read_from_the_theme_part() -> None:
    theme = _el(
        "<a:theme><a:themeElements><a:clrScheme name='Office'>"
        "<a:dk1><a:sysClr val='windowText' lastClr='000000'/></a:dk1>"
        "<a:lt1><a:sysClr val='window'/></a:lt1>"
        "<a:accent1><a:srgbClr val='4472c4'/></a:accent1>"
        "<a:accent2><a:srgbClr val='4472C4'><a:lumMod val='50000'/></a:srgbClr></a:accent2>"
        "</a:clrScheme></a:themeElements></a:theme>"
    )
    # a system colour without its last value is left out
    assert scheme(theme) == {"dk1": "000000", "accent1": "4472C4", "accent2": "203864"}
    assert scheme(None) == {}


def test_the_colour_map_is_the_masters_unless_a_layout_or_slide_overrides_it() -> None:
    master = _el("<p:sldMaster><p:clrMap bg1='lt1' tx1='dk1'/></p:sldMaster>")
    keeps = _el("<p:sldLayout><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>")
    dark = _el(
        "<p:sldLayout><p:clrMapOvr><a:overrideClrMapping bg1='dk1' tx1='lt1'/>"
        "</p:clrMapOvr></p:sldLayout>"
    )
    light = _el(
        "<p:sld><p:clrMapOvr><a:overrideClrMapping bg1='lt2' tx1='dk2'/></p:clrMapOvr></p:sld>"
    )
    assert color_map(master) == {"bg1": "lt1", "tx1": "dk1"}
    assert color_map(master, keeps, None) == {"bg1": "lt1", "tx1": "dk1"}
    assert color_map(master, dark) == {"bg1": "dk1", "tx1": "lt1"}
    assert color_map(master, dark, light) == {"bg1": "lt2", "tx1": "dk2"}
    assert color_map(None) == {}
    assert Palette(OFFICE.scheme, color_map(master, dark)).slot("bg1") == "000000"


def test_reading_colours_imports_neither_python_pptx_nor_pillow() -> None:
    code = (
        "import sys, deckgen.drawingml_colour, deckgen.a11y, deckgen.template; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pptx', 'PIL')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
