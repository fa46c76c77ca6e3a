"""Specification of deckgen.icons: Lucide SVGs become integer M/L/C/Z paths in icon units.

Icon units are viewBox units times SCALE (1000), so a Lucide icon spans 24000 x 24000 and the
point (5, 12) of an SVG is (5000, 12000) here. Expected values below are derived by hand from the
SVG sources in lucide/lucide.zip (quoted next to each test).
"""

from __future__ import annotations

import itertools
import math
import zipfile
from importlib import metadata
from pathlib import Path

import pytest

from deckgen.icons import (
    ICON_DATA,
    SCALE,
    Icon,
    IconFormatError,
    IconPath,
    IconSet,
    PathCommand,
    UnknownIconError,
    decode_icon,
    icon_data,
    icon_data_from_zip,
    lucide_zip,
    parse_path,
    parse_svg,
    shipped_icons,
    zip_fingerprint,
)

Point = tuple[float, float]


@pytest.fixture(scope="module")
def icons() -> IconSet:
    """Return one IconSet shared by the tests of this module (it caches parsed icons)."""
    return IconSet()


def M(x: int, y: int) -> PathCommand:
    """Return a move command."""
    return PathCommand("M", ((x, y),))


def L(x: int, y: int) -> PathCommand:
    """Return a line command."""
    return PathCommand("L", ((x, y),))


def C(x1: int, y1: int, x2: int, y2: int, x: int, y: int) -> PathCommand:
    """Return a cubic command."""
    return PathCommand("C", ((x1, y1), (x2, y2), (x, y)))


Z = PathCommand("Z", ())


def cubic_samples(commands: tuple[PathCommand, ...], per_segment: int = 40) -> list[Point]:
    """Return points sampled along every cubic of ``commands`` (end points included)."""
    samples: list[Point] = []
    current: tuple[int, int] | None = None
    for command in commands:
        if command.op == "C":
            assert current is not None
            (x0, y0), ((x1, y1), (x2, y2), (x3, y3)) = current, command.points
            for i in range(per_segment + 1):
                t = i / per_segment
                mt = 1 - t
                samples.append(
                    (
                        mt**3 * x0 + 3 * mt * mt * t * x1 + 3 * mt * t * t * x2 + t**3 * x3,
                        mt**3 * y0 + 3 * mt * mt * t * y1 + 3 * mt * t * t * y2 + t**3 * y3,
                    )
                )
        if command.points:
            current = command.points[-1]
    return samples


# --------------------------------------------------------------------------------------------
# Known icons
# --------------------------------------------------------------------------------------------


def test_arrow_right_is_two_stroked_paths_from_5_5_to_19_19(icons: IconSet) -> None:
    # <path d="M5 12h14" />  <path d="m12 5 7 7-7 7" />
    icon = icons.get("arrow-right")
    assert icon.name == "arrow-right"
    assert (icon.width, icon.height) == (24 * SCALE, 24 * SCALE) == (24000, 24000)
    assert icon.stroke_width == 2.0
    assert icon.paths == (
        IconPath(commands=(M(5000, 12000), L(19000, 12000)), filled=False, stroked=True),
        IconPath(
            commands=(M(12000, 5000), L(19000, 12000), L(12000, 19000)),
            filled=False,
            stroked=True,
        ),
    )
    assert icon.bbox() == (5000, 5000, 19000, 19000)


def test_minus_is_one_horizontal_line(icons: IconSet) -> None:
    # <path d="M5 12h14" />
    icon = icons.get("minus")
    assert len(icon.paths) == 1
    assert icon.paths[0].commands == (M(5000, 12000), L(19000, 12000))
    assert icon.bbox() == (5000, 12000, 19000, 12000)


def test_circle_icon_is_four_cubics_on_the_circle(icons: IconSet) -> None:
    # <circle cx="12" cy="12" r="10" />
    icon = icons.get("circle")
    assert len(icon.paths) == 1
    commands = icon.paths[0].commands
    assert [c.op for c in commands] == ["M", "C", "C", "C", "C", "Z"]
    assert commands[0].points[0] == commands[4].points[-1] == (22000, 12000)
    # The four quarter points are exact.
    assert [c.points[-1] for c in commands[1:5]] == [
        (12000, 22000),
        (2000, 12000),
        (12000, 2000),
        (22000, 12000),
    ]
    for x, y in cubic_samples(commands):
        assert math.hypot(x - 12000, y - 12000) == pytest.approx(10000, rel=0.001)
    assert icon.bbox() == (2000, 2000, 22000, 22000)


def test_square_is_a_rounded_rect_with_four_corner_cubics(icons: IconSet) -> None:
    # <rect width="18" height="18" x="3" y="3" rx="2" />
    icon = icons.get("square")
    (path,) = icon.paths
    assert [c.op for c in path.commands] == ["M", "L", "C", "L", "C", "L", "C", "L", "C", "Z"]
    assert path.commands[0] == M(5000, 3000)
    assert path.commands[1] == L(19000, 3000)
    assert path.commands[2].points[-1] == (21000, 5000)
    assert path.commands[8].points[-1] == (5000, 3000)
    assert icon.bbox() == (3000, 3000, 21000, 21000)


def test_brain_has_eight_paths(icons: IconSet) -> None:
    # Eight <path> elements, the first "M12 18V5".
    icon = icons.get("brain")
    assert len(icon.paths) == 8
    assert icon.paths[0].commands == (M(12000, 18000), L(12000, 5000))
    assert all(p.stroked and not p.filled for p in icon.paths)


def test_chart_scatter_dots_are_filled(icons: IconSet) -> None:
    # Five <circle r=".5" fill="currentColor" /> dots and <path d="M3 3v16a2 2 0 0 0 2 2h16" />.
    icon = icons.get("chart-scatter")
    assert [(p.filled, p.stroked) for p in icon.paths] == [(True, True)] * 5 + [(False, True)]
    dot = icon.paths[0]  # <circle cx="7.5" cy="7.5" r=".5" />
    assert dot.bbox() == (7000, 7000, 8000, 8000)
    assert icon.paths[5].bbox() == (3000, 3000, 21000, 21000)
    assert icon.bbox() == (3000, 3000, 21000, 21000)


def test_podcast_filled_path_keeps_its_close(icons: IconSet) -> None:
    # <path d="M13 17a1 1 0 1 0-2 0l.5 4.5a0.5 0.5 0 0 0 1 0z" fill="currentColor" />
    path = icons.get("podcast").paths[0]
    assert path.filled and path.stroked
    assert [c.op for c in path.commands] == ["M", "C", "C", "L", "C", "C", "Z"]
    assert path.commands[0] == M(13000, 17000)
    assert path.commands[3] == L(11500, 21500)
    assert path.bbox() == (11000, 16000, 13000, 22000)


def test_save_off_drops_the_stray_path_outside_the_viewbox(icons: IconSet) -> None:
    # save-off.svg has seven <path>s; "M29.5 11.5s5 5 4 5" lies wholly right of the 24-unit
    # viewBox (clipped away in SVG, but DrawingML would draw it), so six remain.
    icon = icons.get("save-off")
    assert len(icon.paths) == 6
    assert icon.bbox() == (2000, 2000, 22000, 22000)


# --------------------------------------------------------------------------------------------
# Icon set
# --------------------------------------------------------------------------------------------


def test_unknown_name_raises_with_closest_names_first(icons: IconSet) -> None:
    with pytest.raises(UnknownIconError) as caught:
        icons.get("brian")
    assert isinstance(caught.value, LookupError)
    assert caught.value.name == "brian"
    assert caught.value.suggestions[0] == "brain"
    assert len(caught.value.suggestions) <= 5
    assert "brain" in str(caught.value)


def test_suggest_returns_closest_names_best_first(icons: IconSet) -> None:
    assert icons.suggest("arow-right")[0] == "arrow-right"
    assert icons.suggest("zzzzzzzzzzzzzz") == []


def test_search_matches_substrings_case_insensitively(icons: IconSet) -> None:
    found = icons.search("arrow")
    assert "arrow-right" in found
    assert found == sorted(found)
    assert all("arrow" in name for name in found)
    assert icons.search("ARROW-RIGHT")[0] == "arrow-right"
    assert icons.search("") == []


def test_names_are_sorted_file_stems(icons: IconSet) -> None:
    names = icons.names()
    assert names == sorted(names)
    assert len(names) > 1700
    assert {"brain", "arrow-right", "circle"} <= set(names)
    assert not any(name.endswith(".svg") for name in names)
    assert "brain" in icons
    assert "brian" not in icons


def test_get_is_cached_per_instance(icons: IconSet) -> None:
    assert icons.get("brain") is icons.get("brain")
    assert IconSet().get("brain") == icons.get("brain")


def test_version_is_the_installed_lucide_package(icons: IconSet) -> None:
    assert icons.version() == metadata.version("lucide")


def test_every_icon_parses_into_drawable_paths(icons: IconSet) -> None:
    """All ~1,700 icons: no transforms or unsupported features, each path well formed."""
    for name in icons.names():
        icon = icons.get(name)
        assert isinstance(icon, Icon)
        assert (icon.width, icon.height) == (24000, 24000), name
        assert icon.paths, name
        assert any(len(path.commands) >= 2 for path in icon.paths), name
        for path in icon.paths:
            assert path.stroked or path.filled, name
            assert path.commands[0].op == "M", name
            for command in path.commands:
                assert len(command.points) == {"M": 1, "L": 1, "C": 3, "Z": 0}[command.op], name
        x0, y0, x1, y1 = icon.bbox()
        assert 0 <= x0 <= x1 <= 24000 and 0 <= y0 <= y1 <= 24000, name


# --------------------------------------------------------------------------------------------
# Shipped icon data
# --------------------------------------------------------------------------------------------

DATA_FILE = Path(__file__).resolve().parents[1] / "src" / "deckgen" / "data" / ICON_DATA


def test_shipped_data_is_made_from_the_installed_lucide_zip() -> None:
    zip_path = lucide_zip()
    assert zip_path is not None
    made = icon_data_from_zip(zip_path, metadata.version("lucide"))
    assert DATA_FILE.read_text(encoding="utf-8") == made, (
        f"{ICON_DATA} was made from another lucide.zip: run python tools/gen_icon_data.py"
    )
    assert shipped_icons(zip_path) is not None


def test_shipped_icons_equal_the_icons_parsed_from_the_zip() -> None:
    """Every icon, decoded from the shipped data, equals its SVG parsed from lucide.zip."""
    from_data, from_zip = IconSet(), IconSet(shipped=False)
    assert from_data.names() == from_zip.names()
    for name in from_zip.names():
        assert from_data.get(name) == from_zip.get(name), name


def test_data_made_from_another_zip_is_not_used(tmp_path: Path) -> None:
    zip_path = lucide_zip()
    assert zip_path is not None
    data = DATA_FILE.read_text(encoding="utf-8")
    header, _, body = data.partition("\n")
    other = header.rsplit("\t", 1)[0] + "\t1745:148610:00000000\n" + body
    assert shipped_icons(zip_path, data) is not None
    assert shipped_icons(zip_path, other) is None
    assert shipped_icons(zip_path, body) is None  # no header


def test_zip_fingerprint_follows_the_central_directory(tmp_path: Path) -> None:
    first, second, commented = tmp_path / "a.zip", tmp_path / "b.zip", tmp_path / "c.zip"
    for path, text in ((first, "<svg/>"), (second, "<svg />"), (commented, "<svg/>")):
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr(zipfile.ZipInfo("icons/x.svg", (2000, 1, 1, 0, 0, 0)), text)
            if path is commented:
                archive.comment = b"note"
    print_first = zip_fingerprint(first)
    assert print_first is not None and print_first.startswith("1:")
    assert zip_fingerprint(first) == print_first
    assert zip_fingerprint(second) not in (None, print_first)  # another CRC-32 and size
    assert zip_fingerprint(commented) is None
    assert zip_fingerprint(tmp_path / "missing.zip") is None


def test_icon_data_round_trips_filled_and_open_paths() -> None:
    icon = Icon(
        name="dot",
        width=24000,
        height=24000,
        stroke_width=1.5,
        paths=(
            IconPath((M(1000, 2000), L(-500, 3000)), filled=False, stroked=True),
            IconPath((M(0, 0), C(1, 2, 3, 4, 5, 6), Z), filled=True, stroked=True),
            IconPath((M(7, 8), L(9, 10), Z), filled=True, stroked=False),
        ),
    )
    text = icon_data([icon], "9.9.9", "1:2:3")
    assert text == (
        "#lucide\t9.9.9\t1:2:3\n"
        "dot\t24000 24000 1.5\ts M1000,2000L-500,3000;fs M0,0C1,2,3,4,5,6Z;f M7,8L9,10Z\n"
    )
    assert decode_icon("dot", text.splitlines()[1].split("\t", 1)[1]) == icon


# --------------------------------------------------------------------------------------------
# Arcs
# --------------------------------------------------------------------------------------------


def distance_to_polyline(point: Point, polyline: list[Point]) -> float:
    """Return the shortest distance from ``point`` to the polyline through ``polyline``."""
    px, py = point
    best = math.inf
    for (ax, ay), (bx, by) in itertools.pairwise(polyline):
        dx, dy = bx - ax, by - ay
        length2 = dx * dx + dy * dy
        t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length2))
        best = min(best, math.hypot(px - (ax + t * dx), py - (ay + t * dy)))
    return best


def assert_matches_circular_arc(
    commands: tuple[PathCommand, ...],
    center: Point,
    radius: float,
    theta1: float,
    dtheta: float,
) -> None:
    """Assert the cubics follow the true arc both ways within 0.5 % of the radius (icon units)."""
    tolerance = 0.005 * radius * SCALE
    cx, cy = center[0] * SCALE, center[1] * SCALE
    r = radius * SCALE
    bezier = cubic_samples(commands, per_segment=60)
    for x, y in bezier:  # every curve point is on the circle ...
        assert abs(math.hypot(x - cx, y - cy) - r) <= tolerance
    for i in range(201):  # ... and every true arc point is near the curve
        t = theta1 + dtheta * i / 200
        px, py = cx + r * math.cos(t), cy + r * math.sin(t)
        assert distance_to_polyline((px, py), bezier) <= tolerance


def test_semicircle_arc_is_two_cubics_through_the_top() -> None:
    # From (2,12) to (22,12), r 10, sweep=1 (clockwise on screen): the upper half of the circle.
    commands = parse_path("M2 12 A10 10 0 0 1 22 12")
    assert [c.op for c in commands] == ["M", "C", "C"]
    assert commands[1].points[-1] == (12000, 2000)
    assert commands[2].points[-1] == (22000, 12000)
    assert_matches_circular_arc(commands, (12, 12), 10, math.pi, math.pi)


@pytest.mark.parametrize(
    ("large_arc", "sweep", "center", "theta1", "dtheta", "segments"),
    [
        # From (2,12) to (12,2) with r 10 the centre is (12,12) or (2,2); the flags pick one.
        (0, 1, (12, 12), math.pi, math.pi / 2, 1),
        (1, 1, (2, 2), math.pi / 2, 3 * math.pi / 2, 3),
        (0, 0, (2, 2), math.pi / 2, -math.pi / 2, 1),
        (1, 0, (12, 12), math.pi, -3 * math.pi / 2, 3),
    ],
)
def test_arc_flags_choose_centre_and_direction(
    large_arc: int, sweep: int, center: Point, theta1: float, dtheta: float, segments: int
) -> None:
    commands = parse_path(f"M2 12 A10 10 0 {large_arc} {sweep} 12 2")
    assert [c.op for c in commands] == ["M"] + ["C"] * segments  # at most 90° per cubic
    assert commands[-1].points[-1] == (12000, 2000)
    assert_matches_circular_arc(commands, center, 10, theta1, dtheta)


def test_arc_radius_too_small_is_scaled_up_to_reach_the_end_point() -> None:
    # SVG F.6.6: r 1 cannot span 10 units, so it becomes 5 around (5,0); sweep=1 passes y=-5.
    commands = parse_path("M0 0 A1 1 0 0 1 10 0")
    assert [c.op for c in commands] == ["M", "C", "C"]
    assert commands[1].points[-1] == (5000, -5000)
    assert_matches_circular_arc(commands, (5, 0), 5, math.pi, math.pi)


def test_rotated_elliptical_arc_stays_on_its_ellipse() -> None:
    # Ellipse rx 10, ry 5 rotated 45° about (12,12); the arc runs between the ends of its major
    # axis, so the half ellipse on the sweep side is drawn.
    c = math.cos(math.pi / 4) * 10
    start, end = (12 - c, 12 - c), (12 + c, 12 + c)
    commands = parse_path(f"M{start[0]!r} {start[1]!r} A10 5 45 0 1 {end[0]!r} {end[1]!r}")
    assert [c.op for c in commands] == ["M", "C", "C"]
    cos45 = math.cos(math.pi / 4)
    for x, y in cubic_samples(commands):
        dx, dy = x / SCALE - 12, y / SCALE - 12
        u, v = cos45 * dx + cos45 * dy, -cos45 * dx + cos45 * dy  # into the ellipse's axes
        assert math.hypot(u / 10, v / 5) == pytest.approx(1.0, abs=0.005)
    # sweep=1 is the positive-angle (clockwise on screen) direction: from the upper-left end of
    # the major axis through the minor-axis end at (12 + 3.54, 12 - 3.54), upper right.
    assert commands[1].points[-1] == (
        round((12 + 5 * cos45) * SCALE),
        round((12 - 5 * cos45) * SCALE),
    )


def test_degenerate_arcs_follow_svg_rules() -> None:
    assert parse_path("M0 0 A0 5 0 0 1 10 0") == (M(0, 0), L(10000, 0))  # zero radius: line
    assert parse_path("M1 1 A5 5 0 0 1 1 1 L2 2") == (M(1000, 1000), L(2000, 2000))  # no-op arc


def test_arc_flags_may_be_written_without_separators() -> None:
    assert parse_path("M0 0a5 5 0 0110 0") == parse_path("M0 0 a5 5 0 0 1 10 0")


# --------------------------------------------------------------------------------------------
# Path grammar
# --------------------------------------------------------------------------------------------


def test_numbers_without_separators() -> None:
    # "1.5.5" is 1.5 then .5; "-.5e-1" is -0.05.
    assert parse_path("M1.5.5l-.5e-1 2") == (M(1500, 500), L(1450, 2500))
    assert parse_path("M0 0l-.5e-3.25") == (M(0, 0), L(0, 250))  # -0.5 icon units rounds to 0
    assert parse_path("M1-2L3e1,4E-1") == (M(1000, -2000), L(30000, 400))


def test_implicit_repeats_and_moves_become_lines() -> None:
    assert parse_path("M0 0 1 1 2 2") == (M(0, 0), L(1000, 1000), L(2000, 2000))
    assert parse_path("m1 1 2 2 1 0") == (M(1000, 1000), L(3000, 3000), L(4000, 3000))
    assert parse_path("M1 1h2 3v-1") == (M(1000, 1000), L(3000, 1000), L(6000, 1000), L(6000, 0))
    assert parse_path("M1 1H4V5") == (M(1000, 1000), L(4000, 1000), L(4000, 5000))


def test_close_returns_to_the_subpath_start() -> None:
    assert parse_path("M1 1 l2 0 z l0 2") == (
        M(1000, 1000),
        L(3000, 1000),
        Z,
        M(1000, 1000),
        L(1000, 3000),
    )
    assert parse_path("M1 1 h2 z m1 1 h1") == (
        M(1000, 1000),
        L(3000, 1000),
        Z,
        M(2000, 2000),
        L(3000, 2000),
    )


def test_cubic_and_smooth_cubic() -> None:
    assert parse_path("M0 0 c1 2 3 2 4 0") == (M(0, 0), C(1000, 2000, 3000, 2000, 4000, 0))
    # S reflects the previous second control point (3,2) about (4,0) -> (5,-2).
    assert parse_path("M0 0 C1 2 3 2 4 0 S7 -2 8 0")[-1] == C(5000, -2000, 7000, -2000, 8000, 0)
    assert parse_path("M0 0 C1 2 3 2 4 0 s3 -2 4 0")[-1] == C(5000, -2000, 7000, -2000, 8000, 0)
    # Without a previous cubic the first control point is the current point.
    assert parse_path("M0 0 S1 1 2 0") == (M(0, 0), C(0, 0, 1000, 1000, 2000, 0))


def test_quadratics_become_exact_cubics() -> None:
    # Q (3,3) from (0,0) to (6,0): controls at 2/3 of the way to the quadratic control.
    assert parse_path("M0 0 Q3 3 6 0") == (M(0, 0), C(2000, 2000, 4000, 2000, 6000, 0))
    assert parse_path("M0 0 q3 3 6 0") == parse_path("M0 0 Q3 3 6 0")
    # T reflects the quadratic control (2,2) about (4,0) -> (6,-2).
    assert parse_path("M0 0 Q2 2 4 0 T8 0")[-1] == C(5333, -1333, 6667, -1333, 8000, 0)
    assert parse_path("M0 0 Q2 2 4 0 t4 0")[-1] == C(5333, -1333, 6667, -1333, 8000, 0)
    # Without a previous quadratic the control is the current point.
    assert parse_path("M0 0 T3 0") == (M(0, 0), C(0, 0, 1000, 0, 3000, 0))


@pytest.mark.parametrize(
    "bad", ["L1 1", "M1", "M1 1 X2 2", "M0 0 z 1 1", "5 5", "M0 0 A1 1 0 2 1 3 3"]
)
def test_malformed_path_data_raises(bad: str) -> None:
    with pytest.raises(IconFormatError):
        parse_path(bad)


# --------------------------------------------------------------------------------------------
# SVG elements and attributes
# --------------------------------------------------------------------------------------------

LUCIDE_ROOT = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24" viewBox="0 0 24 24" '
    'fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" '
    'stroke-linejoin="round">{}</svg>'
)


def svg(body: str) -> Icon:
    """Return the icon for ``body`` wrapped in Lucide's root element."""
    return parse_svg("test", LUCIDE_ROOT.format(body))


def test_fill_and_stroke_attributes_are_honoured() -> None:
    icon = svg(
        '<path d="M1 1h2" />'
        '<circle cx="5" cy="5" r="1" fill="currentColor" />'
        '<circle cx="5" cy="5" r="1" fill="currentColor" stroke="none" />'
        '<path d="M1 1h2" fill="none" stroke="none" />'
    )
    assert [(p.filled, p.stroked) for p in icon.paths] == [
        (False, True),
        (True, True),
        (True, False),
    ]


def test_groups_pass_presentation_attributes_down() -> None:
    icon = svg('<g fill="currentColor"><path d="M1 1h2v2z" /></g>')
    assert icon.paths[0].filled


def test_transform_is_rejected() -> None:
    with pytest.raises(IconFormatError, match="transform"):
        svg('<path d="M1 1h2" transform="rotate(45)" />')


def test_line_polyline_polygon() -> None:
    icon = svg(
        '<line x1="1" y1="2" x2="3" y2="4" />'
        '<polyline points="1 1, 2 2 3,1" />'
        '<polygon points="1,1 2,2 3,1" />'
    )
    assert [p.commands for p in icon.paths] == [
        (M(1000, 2000), L(3000, 4000)),
        (M(1000, 1000), L(2000, 2000), L(3000, 1000)),
        (M(1000, 1000), L(2000, 2000), L(3000, 1000), Z),
    ]


def test_ellipse_and_rect_variants() -> None:
    icon = svg(
        '<ellipse cx="12" cy="12" rx="10" ry="4" />'
        '<rect x="2" y="3" width="4" height="5" />'
        '<rect x="2" y="3" width="4" height="6" ry="10" />'
        '<circle cx="1" cy="1" r="0" />'
    )
    ellipse, square_rect, pill = icon.paths
    assert ellipse.bbox() == (2000, 8000, 22000, 16000)
    assert square_rect.commands == (M(2000, 3000), L(6000, 3000), L(6000, 8000), L(2000, 8000), Z)
    # ry="10" alone: rx takes the same value, then both are clamped to half the size (2 and 3).
    assert pill.commands[0] == M(4000, 3000)
    assert pill.commands[1] == L(4000, 3000)
    assert pill.commands[2].points[-1] == (6000, 6000)
    assert pill.bbox() == (2000, 3000, 6000, 9000)
