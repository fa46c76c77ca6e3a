"""Shared fixtures: the real-client render chain (deckgen → LibreOffice → poppler).

``render_tools`` finds soffice and poppler; without them the render tests are skipped with
an install hint, except when ``CI=true``: there they fail, so CI cannot go green silently.
``render_session`` builds every deck under decks/ and examples/ once, converts all of them
to PDF in one soffice call and, at the end, writes ``build/render-report.json``.
"""

from __future__ import annotations

import dataclasses
import json
import os
import time

import pytest

import render

REPORT = render.ROOT / "build" / "render-report.json"
_SUMMARY = pytest.StashKey[dict]()


def pytest_configure(config: pytest.Config) -> None:
    """Register the ``render`` marker (``-m "not render"`` skips the LibreOffice tests)."""
    config.addinivalue_line("markers", "render: needs LibreOffice and poppler (real client)")


@pytest.fixture(scope="session")
def render_tools() -> render.Tools:
    """Return the LibreOffice and poppler programs, with the brand fonts added to what
    LibreOffice draws with when fontpkg-montserrat is installed (tests/test_render.py checks
    they are on CI); skip (fail on CI) when a program is missing."""
    tools, missing = render.find_tools()
    if tools is None:
        message = (
            f"LibreOffice not installed: {render.INSTALL_HINT} (missing: {', '.join(missing)})"
        )
        if os.environ.get("CI", "").strip().lower() == "true":
            pytest.fail(f"CI=true: {message}", pytrace=False)
        pytest.skip(message)
    return dataclasses.replace(tools, fonts_conf=render.brand_fonts())


@pytest.fixture(scope="session")
def render_session(
    render_tools: render.Tools,
    tmp_path_factory: pytest.TempPathFactory,
    request: pytest.FixtureRequest,
) -> render.RenderSession:
    """Return every deck built (``--dump-ir``) and converted to PDF by one soffice call."""
    session = render.RenderSession(render_tools, tmp_path_factory.mktemp("render"))

    def write_report() -> None:
        data = session.report()
        REPORT.parent.mkdir(parents=True, exist_ok=True)
        REPORT.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        request.config.stash[_SUMMARY] = data

    request.addfinalizer(write_report)
    start = time.monotonic()
    renders = render.build_decks(
        render.discover_decks(render.ROOT), session.workdir, render_tools, render.ROOT
    )
    session.build_seconds = time.monotonic() - start
    session.convert_seconds = render.convert_to_pdf(renders, session.workdir, render_tools)
    session.decks = {r.id: r for r in renders}
    return session


@pytest.fixture
def rendered(render_session: render.RenderSession, deck: str) -> render.DeckRender:
    """Return the rendered deck ``deck`` (a test parameter: an id from ``discover_decks``).

    Fails when the deck could not be built or converted.
    """
    result = render_session.decks[deck]
    if result.error:
        pytest.fail(result.error, pytrace=False)
    return result


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    """Print the render numbers (words checked, outside, overlaps) per deck."""
    data = config.stash.get(_SUMMARY, None)
    if not data:
        return
    tr = terminalreporter
    tr.section("render report")
    tr.write_line(
        f"build {data['build_seconds']} s, soffice {data['convert_seconds']} s → {REPORT}"
    )
    for deck_id, d in data["decks"].items():
        if d.get("error"):
            tr.write_line(f"{deck_id}: ERROR {d['error'].splitlines()[0]}")
        elif "words_checked" in d:
            tr.write_line(
                f"{deck_id}: {d['pages']} pages, {d['words_checked']} words checked, "
                f"{d['outside']} outside planned boxes, {d['overlaps']} overlaps, "
                f"{d['outside_page']} off page, {len(d['title_problems'])} misplaced titles, "
                f"{len(d['lines_more_than_planned'])} shapes wrapped into more lines than planned"
            )
