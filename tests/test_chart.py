"""Charts: the series the slide is about in the accent, the rest grey, and no chart junk."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from deckgen import ir
from deckgen.layout.chart import blend
from helpers import NS, build_bytes, compile_text, part

ACCENT, NAVY, GREY, TEXT, MUTED = "2E75B6", "1F3864", "A5ABB3", "1E2329", "5B6675"

HEAD = "title: Charts\nslides:\n  - layout: bullets\n    title: A chart\n    chart:\n"


def deck(chart: str) -> str:
    """Return a one-slide deck whose chart mapping is ``chart`` (already indented)."""
    return HEAD + chart


TWO = """      kind: bar
      orientation: horizontal
      title: Table 6
      categories: [MBPP, MATH, HumanEval]
      series:
        - {name: Qwen, values: [88.2, 83.1, 86.6]}
        - {name: Llama, values: [84.5, 73.8, 89]}
"""


def shapes(tmp_path: Path, text: str) -> list[ir.AnyShape]:
    res = compile_text(tmp_path, text)
    assert res.ok, [d.message for d in res.diagnostics]
    assert res.presentation is not None
    return list(res.presentation.slides[0].shapes)


def the_chart(found: list[ir.AnyShape]) -> ir.ChartShape:
    (c,) = [s for s in found if isinstance(s, ir.ChartShape)]
    return c


def test_the_grey_is_the_muted_colour_halfway_to_white() -> None:
    assert blend(MUTED, "FFFFFF", 0.45) == GREY
    assert blend("000000", "FFFFFF", 0.5) == "808080"


def test_by_default_series_one_is_in_the_accent_and_the_rest_grey(tmp_path: Path) -> None:
    c = the_chart(shapes(tmp_path, deck(TWO)))
    assert [(s.name, s.color, s.label_color, s.emphasis) for s in c.series] == [
        ("Qwen", ACCENT, TEXT, True),
        ("Llama", GREY, MUTED, False),
    ]


def test_highlight_names_the_series_the_slide_is_about(tmp_path: Path) -> None:
    c = the_chart(shapes(tmp_path, deck(TWO + "      highlight: [Llama]\n")))
    assert [(s.name, s.color) for s in c.series] == [("Qwen", GREY), ("Llama", ACCENT)]
    xml = part(
        build_bytes(tmp_path, deck(TWO + "      highlight: [Llama]\n")), "ppt/charts/chart1.xml"
    )
    fills = [
        ser.find("c:spPr/a:solidFill/a:srgbClr", NS).get("val")
        for ser in xml.iterfind(".//c:ser", NS)
    ]
    assert fills == [GREY, ACCENT]


def test_two_highlighted_series_take_the_accent_then_navy(tmp_path: Path) -> None:
    c = the_chart(shapes(tmp_path, deck(TWO + "      highlight: [Qwen, Llama]\n")))
    assert [s.color for s in c.series] == [ACCENT, NAVY]


def test_highlighted_categories_of_one_series_are_accent_and_the_others_grey(
    tmp_path: Path,
) -> None:
    text = deck(
        "      kind: bar\n      categories: [7B, 13B, 65B]\n"
        "      series: [{name: MMLU, values: [35.1, 46.9, 63.4]}]\n      highlight: [65B]\n"
    )
    (s,) = the_chart(shapes(tmp_path, text)).series
    assert s.point_colors == (GREY, GREY, ACCENT)
    xml = part(build_bytes(tmp_path, text), "ppt/charts/chart1.xml")
    points = {
        int(d.find("c:idx", NS).get("val")): d.find(".//a:srgbClr", NS).get("val")
        for d in xml.iterfind(".//c:ser/c:dPt", NS)
    }
    assert points == {0: GREY, 1: GREY}  # the third bar keeps the series' accent fill


def test_pie_slices_are_accent_then_greys_lightening_in_order(tmp_path: Path) -> None:
    text = deck(
        "      kind: doughnut\n      categories: [Web, Code, Books]\n"
        "      series: [{name: Share, values: [80, 15, 5]}]\n      highlight: [Code]\n"
    )
    c = the_chart(shapes(tmp_path, text))
    assert c.point_colors == (GREY, ACCENT, blend(GREY, "FFFFFF", 0.6))
    assert c.legend  # a pie keeps the chart's own legend, which lists slices in order


def test_the_legend_is_drawn_above_the_plot_in_bar_order(tmp_path: Path) -> None:
    found = shapes(tmp_path, deck(TWO))
    c = the_chart(found)
    assert not c.legend and c.title is None  # neither is left to the chart renderer
    texts = [
        s
        for s in found
        if isinstance(s, ir.TextShape)
        and s.name.startswith(("Chart", "Legend "))
        and s.fill is None
    ]
    words = [(s.name, s.text.paragraphs[0].runs[0].text) for s in texts if s.text]
    assert words == [("Chart title", "Table 6"), ("Legend 1", "Qwen"), ("Legend 2", "Llama")]
    keys = [s for s in found if isinstance(s, ir.TextShape) and s.name.startswith("Legend key")]
    assert [k.fill for k in keys] == [ACCENT, GREY]
    title, first, second = texts
    assert first.box.y == second.box.y > title.box.bottom  # one row, under the title
    assert first.box.right < second.box.x  # series one first, as the top bar
    assert c.box.y > first.box.bottom
    xml = part(build_bytes(tmp_path, deck(TWO)), "ppt/charts/chart1.xml")
    assert xml.find(".//c:legend", NS) is None
    assert xml.find(".//c:title", NS) is None
    assert xml.find(".//c:catAx/c:scaling/c:orientation", NS).get("val") == "maxMin"


def test_axes_carry_no_tick_marks_and_labelled_bars_no_value_axis(tmp_path: Path) -> None:
    xml = part(build_bytes(tmp_path, deck(TWO)), "ppt/charts/chart1.xml")
    for axis in ("c:catAx", "c:valAx"):
        assert xml.find(f".//{axis}/c:majorTickMark", NS).get("val") == "none"
        assert xml.find(f".//{axis}/c:minorTickMark", NS).get("val") == "none"
    assert xml.find(".//c:valAx/c:delete", NS).get("val", "true") in ("1", "true")
    assert xml.find(".//c:valAx/c:majorGridlines", NS) is None
    # the category axis is the bars' baseline: one light line
    line = xml.find(".//c:catAx/c:spPr/a:ln/a:solidFill/a:srgbClr", NS)
    assert line.get("val") == "D5DCE6"


def test_labels_share_one_number_format_and_grey_series_have_quiet_labels(
    tmp_path: Path,
) -> None:
    xml = part(build_bytes(tmp_path, deck(TWO)), "ppt/charts/chart1.xml")
    got = [
        (
            d.find("c:numFmt", NS).get("formatCode"),
            d.find("c:txPr//a:srgbClr", NS).get("val"),
            d.find("c:dLblPos", NS).get("val"),
        )
        for d in xml.iterfind(".//c:ser/c:dLbls", NS)
    ]
    assert got == [("0.0", TEXT, "outEnd"), ("0.0", MUTED, "outEnd")]  # 89 prints as 89.0


def test_a_data_label_is_never_wrapped(tmp_path: Path) -> None:
    xml = part(build_bytes(tmp_path, deck(TWO)), "ppt/charts/chart1.xml")
    wraps = [b.get("wrap") for b in xml.iterfind(".//c:dLbls/c:txPr/a:bodyPr", NS)]
    assert wraps == ["none", "none"]


def test_line_labels_go_above_the_top_line_and_below_the_others(tmp_path: Path) -> None:
    text = deck(
        "      kind: line\n      categories: [7B, 13B, 65B]\n"
        "      series:\n"
        "        - {name: Basic, values: [0.106, 0.104, 0.128]}\n"
        "        - {name: Respectful, values: [0.081, 0.095, 0.141]}\n"
        "      highlight: [Respectful]\n"
    )
    basic, respectful = the_chart(shapes(tmp_path, text)).series
    assert (basic.labels_below, respectful.labels_below) == ((2,), (0, 1))
    assert (basic.color, respectful.color) == (GREY, ACCENT)
    xml = part(build_bytes(tmp_path, text), "ppt/charts/chart1.xml")
    ser = xml.findall(".//c:ser", NS)
    below = [
        [
            (d.find("c:idx", NS).get("val"), d.find("c:dLblPos", NS).get("val"))
            for d in s.iterfind("c:dLbls/c:dLbl", NS)
        ]
        for s in ser
    ]
    assert below == [[("2", "b")], [("0", "b"), ("1", "b")]]
    widths = [int(s.find("c:spPr/a:ln", NS).get("w")) for s in ser]
    assert widths[1] > widths[0]  # the highlighted line is the heavier one
    for s in ser:
        assert s.find("c:marker/c:symbol", NS).get("val") == "circle"
    assert etree.QName(xml.find(".//c:valAx/c:majorGridlines", NS)).localname == "majorGridlines"


def test_highlight_must_name_a_series_or_category(tmp_path: Path) -> None:
    res = compile_text(tmp_path, deck(TWO + "      highlight: [Qwen2]\n"))
    (d,) = res.diagnostics
    assert d.message == (
        "highlight 'Qwen2' is neither a series nor a category; "
        "known: 'Qwen', 'Llama', 'MBPP', 'MATH', 'HumanEval'"
    )
    assert d.path == ("slides", 0, "chart")
    assert d.span is not None and (d.span.line, d.span.column) == (6, 7)


def test_line_charts_highlight_series_only(tmp_path: Path) -> None:
    text = deck(
        "      kind: line\n      categories: [a, b]\n"
        "      series: [{name: s, values: [1, 2]}]\n      highlight: [b]\n"
    )
    (d,) = compile_text(tmp_path, text).diagnostics
    assert d.message == "a line chart highlights series, not categories"
