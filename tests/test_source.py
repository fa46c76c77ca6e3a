"""Specification of deckgen.source: YAML text → plain data, a source map and diagnostics.

Positions are 1-based. A value's span starts at its first character; its length is the
value's width when it sits on one line, else 1. A key's span covers the key.
"""

from __future__ import annotations

import os
from pathlib import Path
from textwrap import dedent

import pytest

import deckgen.source as source
from deckgen.diagnostics import Span, render
from deckgen.source import Loaded, load_file, load_text


def load(text: str, what: str = "deck") -> Loaded:
    """Return ``text`` (dedented) loaded as the file 'deck.yaml'."""
    return load_text(dedent(text), "deck.yaml", what=what)


def messages(loaded: Loaded) -> list[str]:
    """Return the diagnostics of ``loaded`` as their first rendered line plus hint."""
    return [render(d) for d in loaded.diagnostics]


def at(line: int, column: int, length: int = 1) -> Span:
    """Return a span in 'deck.yaml'."""
    return Span("deck.yaml", line, column, length)


DECK = """\
title: Qwen 2.5
slides:
  - layout: bullets
    title: "Data: 18T"
    bullets:
      - Scaled to **18T** tokens
      - text: Curated
        icon: database
"""


# --- data and the source map ---------------------------------------------------------------


def test_loads_plain_data() -> None:
    loaded = load(DECK)
    assert loaded.diagnostics == []
    assert loaded.data == {
        "title": "Qwen 2.5",
        "slides": [
            {
                "layout": "bullets",
                "title": "Data: 18T",
                "bullets": ["Scaled to **18T** tokens", {"text": "Curated", "icon": "database"}],
            }
        ],
    }


def test_source_map_locates_every_key() -> None:
    keys = load(DECK).source_map.keys
    assert keys == {
        ("title",): at(1, 1, 5),
        ("slides",): at(2, 1, 6),
        ("slides", 0, "layout"): at(3, 5, 6),
        ("slides", 0, "title"): at(4, 5, 5),
        ("slides", 0, "bullets"): at(5, 5, 7),
        ("slides", 0, "bullets", 1, "text"): at(7, 9, 4),
        ("slides", 0, "bullets", 1, "icon"): at(8, 9, 4),
    }


def test_source_map_locates_every_value() -> None:
    values = load(DECK).source_map.values
    assert values == {
        (): at(1, 1),
        ("title",): at(1, 8, 8),
        ("slides",): at(3, 3),  # a block list starts at its first '-' and spans lines
        ("slides", 0): at(3, 5),
        ("slides", 0, "layout"): at(3, 13, 7),
        ("slides", 0, "title"): at(4, 12, 11),  # a quoted value's span includes its quotes
        ("slides", 0, "bullets"): at(6, 7),
        ("slides", 0, "bullets", 0): at(6, 9, 24),
        ("slides", 0, "bullets", 1): at(7, 9),
        ("slides", 0, "bullets", 1, "text"): at(7, 15, 7),
        ("slides", 0, "bullets", 1, "icon"): at(8, 15, 8),
    }


def test_span_of_a_key_or_a_missing_path() -> None:
    smap = load(DECK).source_map
    assert smap.span(("slides", 0, "layout")) == at(3, 13, 7)
    assert smap.span(("slides", 0, "layout"), key=True) == at(3, 5, 6)
    # A path that is not in the file falls back to its nearest ancestor's value.
    assert smap.span(("slides", 0, "quote")) == at(3, 5)
    assert smap.span(("slides", 0, "bullets", 1, "bullets", 0)) == at(7, 9)
    assert smap.span(("subtitle",), key=True) == at(1, 1)


def test_source_map_names_the_file() -> None:
    loaded = load_text("title: T\n", "decks/qwen25.yaml")
    assert loaded.source_map.file == "decks/qwen25.yaml"
    assert loaded.source_map.span(("title",)) == Span("decks/qwen25.yaml", 1, 8, 1)


def test_flow_collections_are_located_on_their_line() -> None:
    values = load("chart: {kind: bar, categories: [MBPP, MATH]}\n").source_map.values
    assert values[("chart",)] == at(1, 8, 37)
    assert values[("chart", "kind")] == at(1, 15, 3)
    assert values[("chart", "categories")] == at(1, 32, 12)
    assert values[("chart", "categories", 1)] == at(1, 39, 4)


def test_scalars_keep_yaml_types_and_keys_become_text() -> None:
    loaded = load("a: 18\nb: 0.5\nc: true\nd: null\ne: 2024-12-19\n1: one\n")
    assert loaded.data == {
        "a": 18,
        "b": 0.5,
        "c": True,
        "d": None,
        "e": __import__("datetime").date(2024, 12, 19),
        "1": "one",
    }


# --- duplicate keys ----------------------------------------------------------------------


def test_duplicate_key_names_the_first_definition() -> None:
    loaded = load(
        """\
        title: Qwen
        slides: []
        title: Qwen 2.5
        """
    )
    assert loaded.data is None
    assert messages(loaded) == [
        "deck.yaml:3:1: error: title: duplicate key 'title' (first defined on line 1)"
    ]
    assert loaded.diagnostics[0].span == at(3, 1, 5)
    assert loaded.diagnostics[0].path == ("title",)


def test_every_duplicate_key_is_reported_nested_ones_too() -> None:
    loaded = load(
        """\
        a: 1
        a: 2
        slides:
          - {layout: quote, layout: title}
          - layout: bullets
            title: A
            title: B
        a: 3
        """
    )
    assert messages(loaded) == [
        "deck.yaml:2:1: error: a: duplicate key 'a' (first defined on line 1)",
        "deck.yaml:4:21: error: slides[0].layout: duplicate key 'layout' (first defined on line 4)",
        "deck.yaml:7:5: error: slides[1].title: duplicate key 'title' (first defined on line 6)",
        "deck.yaml:8:1: error: a: duplicate key 'a' (first defined on line 1)",
    ]


def test_same_key_in_different_mappings_is_not_a_duplicate() -> None:
    loaded = load("slides:\n  - {title: A}\n  - {title: B}\nsource: {label: A}\n")
    assert loaded.diagnostics == []


# --- merge keys ----------------------------------------------------------------------------


def test_merge_key_copies_the_keys_of_an_anchored_mapping() -> None:
    loaded = load(
        """\
        base: &base {layout: bullets, title: Default}
        slide:
          <<: *base
          bullets: [one]
        """
    )
    assert loaded.diagnostics == []
    assert loaded.data["slide"] == {"layout": "bullets", "title": "Default", "bullets": ["one"]}


@pytest.mark.parametrize(
    "text",
    [
        "base: &b {x: 1, y: 2}\nchild:\n  <<: *b\n  x: 5\n",
        "base: &b {x: 1, y: 2}\nchild:\n  x: 5\n  <<: *b\n",
    ],
    ids=["merge-first", "merge-last"],
)
def test_explicit_keys_win_over_merged_keys_in_any_order(text: str) -> None:
    assert load(text).data["child"] == {"x": 5, "y": 2}


def test_merge_of_a_list_of_mappings_prefers_the_earlier() -> None:
    loaded = load("a: &a {x: 1}\nb: &b {x: 2, y: 3}\nc:\n  <<: [*a, *b]\n")
    assert loaded.data["c"] == {"x": 1, "y": 3}


def test_merged_keys_are_located_at_their_anchor() -> None:
    smap = load("base: &b {x: 1, y: 2}\nchild:\n  <<: *b\n  z: 3\n").source_map
    assert smap.span(("child", "y")) == at(1, 20, 1)
    assert smap.span(("child", "y"), key=True) == at(1, 17, 1)


@pytest.mark.parametrize(
    "text",
    [
        "base: &b {x: 1, y: 2}\nchild:\n  <<: *b\n  x: 5\n",
        "base: &b {x: 1, y: 2}\nchild:\n  x: 5\n  <<: *b\n",
    ],
    ids=["merge-first", "merge-last"],
)
def test_an_overriding_key_is_located_where_it_is_written(text: str) -> None:
    smap = load(text).source_map
    line = 4 if text.index("<<") < text.index("x: 5") else 3
    assert smap.span(("child", "x"), key=True) == at(line, 3, 1)
    assert smap.span(("child", "x")) == at(line, 6, 1)


def test_merging_something_that_is_not_a_mapping_is_an_error() -> None:
    loaded = load("a: 1\n<<: 5\n")
    assert loaded.data is None
    assert len(loaded.diagnostics) == 1


# --- bounds ------------------------------------------------------------------------------


def test_aliases_expand_to_copies() -> None:
    loaded = load("a: &a [1, 2, 3]\nb: [*a, *a]\n")
    assert loaded.data == {"a": [1, 2, 3], "b": [[1, 2, 3], [1, 2, 3]]}


def test_alias_expansion_is_bounded_counting_every_expansion(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(source, "MAX_NODES", 10)
    # 1 root + 4 (a) + 1 (b) + 4 (first *a) = 10 values: within the bound.
    assert load("a: &a [1, 2, 3]\nb: [*a]\n").diagnostics == []
    # One more expansion: 14 values.
    loaded = load("a: &a [1, 2, 3]\nb: [*a, *a]\n")
    assert loaded.data is None
    assert messages(loaded) == [
        "deck.yaml:1:4: error: document expands to more than 10 values (alias bomb?)"
    ]


def test_billion_laughs_stops_at_the_bound() -> None:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]")
    loaded = load("\n".join(lines) + "\n")
    assert loaded.data is None
    assert messages(loaded) == [
        "deck.yaml:1:64: error: document expands to more than 200,000 values (alias bomb?)"
    ]


def test_nesting_up_to_the_bound_is_accepted() -> None:
    depth = source.MAX_DEPTH
    loaded = load("a: " + "[" * depth + "]" * depth + "\n")
    assert loaded.diagnostics == []


def test_nesting_past_the_bound_is_reported_at_the_deepest_level() -> None:
    depth = source.MAX_DEPTH + 1
    loaded = load("a: " + "[" * depth + "]" * depth + "\n")
    assert loaded.data is None
    assert messages(loaded) == ["deck.yaml:1:68: error: document is nested deeper than 64 levels"]


def test_very_deep_nesting_is_a_diagnostic_not_a_crash() -> None:
    loaded = load("a: " + "[" * 1000 + "]" * 1000 + "\n")
    assert loaded.data is None
    assert len(loaded.diagnostics) == 1
    assert "nested" in loaded.diagnostics[0].message


def test_files_over_the_size_limit_are_not_read(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as fh:
        fh.truncate(9_000_000)
    loaded = load_file(big)
    assert loaded.data is None
    assert messages(loaded) == [f"{big}:1:1: error: deck file is 8.6 MB; the limit is 8 MB"]


# --- characters and encodings --------------------------------------------------------------


def test_nul_character_is_rejected_on_its_line() -> None:
    loaded = load_text("title: T\nslides:\n  - layout: bullets\n    title: A\x00\n", "deck.yaml")
    assert loaded.data is None
    assert messages(loaded) == ["deck.yaml:4:13: error: file contains a NUL character"]


def test_nul_character_is_located_at_its_column() -> None:
    loaded = load_text("title: T\nslides:\n  - layout: bullets\n    title: A\x00\n", "deck.yaml")
    assert loaded.diagnostics[0].span == at(4, 13)


def test_byte_order_mark_is_accepted_and_does_not_shift_columns(tmp_path: Path) -> None:
    deck = tmp_path / "bom.yaml"
    deck.write_bytes(b"\xef\xbb\xbftitle: T\nslides: []\n")
    loaded = load_file(deck)
    assert loaded.diagnostics == []
    assert loaded.data == {"title": "T", "slides": []}
    assert loaded.source_map.keys[("title",)] == Span(str(deck), 1, 1, 5)
    assert loaded.source_map.values[("title",)] == Span(str(deck), 1, 8, 1)


def test_byte_order_mark_in_text_is_accepted() -> None:
    loaded = load_text("\ufefftitle: T\n", "deck.yaml")
    assert loaded.diagnostics == []
    assert loaded.data == {"title": "T"}


def test_invalid_utf8_names_the_byte_and_its_position(tmp_path: Path) -> None:
    deck = tmp_path / "latin1.yaml"
    deck.write_bytes("title: T\nslides:\n  - Café\n".encode("latin-1"))
    loaded = load_file(deck)
    assert loaded.data is None
    assert messages(loaded) == [
        f"{deck}:3:8: error: deck file is not valid UTF-8 (byte 0xe9)\n"
        "  hint: save the file as UTF-8"
    ]
    # The text is kept, undecodable bytes replaced, so the error can show its line.
    assert loaded.text == "title: T\nslides:\n  - Caf\ufffd\n"


def test_display_name_replaces_the_path_in_messages(tmp_path: Path) -> None:
    deck = tmp_path / "x.yaml"
    deck.write_bytes(b"\xff")
    loaded = load_file(deck, display="decks/x.yaml")
    assert loaded.diagnostics[0].span == Span("decks/x.yaml", 1, 1, 1)


def test_missing_file_and_folder_are_diagnostics(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    assert messages(load_file(missing)) == [f"error: deck file not found: {missing}"]
    assert messages(load_file(tmp_path, what="theme")) == [
        f"error: {tmp_path} is a directory, not a theme file"
    ]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a non-root POSIX user")
def test_unreadable_file_is_a_diagnostic(tmp_path: Path) -> None:
    deck = tmp_path / "locked.yaml"
    deck.write_text("title: T\n")
    deck.chmod(0)
    assert messages(load_file(deck)) == [f"error: cannot read {deck}: Permission denied"]


# --- what a deck file may not be -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "",
            "deck.yaml:1:1: error: the deck file is empty\n"
            "  hint: start with 'title:' and a list of 'slides:'",
        ),
        (
            "# only a comment\n\n",
            "deck.yaml:1:1: error: the deck file is empty\n"
            "  hint: start with 'title:' and a list of 'slides:'",
        ),
        (
            "- a\n- b\n",
            "deck.yaml:1:1: error: the deck must be a mapping of keys to values, not a list",
        ),
        (
            "Qwen\n",
            "deck.yaml:1:1: error: the deck must be a mapping of keys to values, "
            "not a single value",
        ),
        (
            "a: 1\n---\nb: 2\n",
            "deck.yaml:2:1: error: invalid YAML: but found another document "
            "(expected a single document in the stream)",
        ),
        ("a: *nope\n", "deck.yaml:1:4: error: invalid YAML: found undefined alias 'nope'"),
        (
            "title: T\nslides: [a, b\n",
            "deck.yaml:2:9: error: invalid YAML: expected ',' or ']', but got '<stream end>' "
            "(while parsing a flow sequence)",
        ),
        (
            'title: "Qwen\nslides: []\n',
            "deck.yaml:1:8: error: invalid YAML: found unexpected end of stream "
            "(while scanning a quoted scalar)",
        ),
        ("? [a, b]\n: 1\n", "deck.yaml:1:3: error: mapping keys must be plain scalars"),
        (
            "title: !!python/name:os.system ''\n",
            "deck.yaml:1:8: error: invalid YAML: could not determine a constructor for the tag "
            "'tag:yaml.org,2002:python/name:os.system'\n"
            "  hint: deck files are data: Python object tags are not allowed",
        ),
        (
            "title: !!python/object/apply:os.system ['ls']\n",
            "deck.yaml:1:8: error: invalid YAML: tag "
            "'tag:yaml.org,2002:python/object/apply:os.system' is not allowed in a deck file\n"
            "  hint: deck files are data: Python object tags are not allowed",
        ),
        (
            "title: !slide {a: 1}\n",
            "deck.yaml:1:8: error: invalid YAML: tag '!slide' is not allowed in a deck file",
        ),
        (
            "title: Qwen: a model\n",
            "deck.yaml:1:12: error: invalid YAML: mapping values are not allowed here\n"
            "  hint: a value containing ': ' must be quoted",
        ),
        (
            "slides:\n\t- a\n",
            "deck.yaml:2:1: error: invalid YAML: found character '\\t' that cannot start any "
            "token (while scanning for the next token)\n"
            "  hint: YAML indentation uses spaces, not tabs",
        ),
    ],
    ids=[
        "empty",
        "comment-only",
        "list",
        "scalar",
        "two-documents",
        "undefined-alias",
        "unclosed-bracket-at-its-opening",
        "unclosed-quote-at-its-opening",
        "complex-key",
        "python-scalar-tag",
        "python-sequence-tag",
        "custom-tag",
        "unquoted-colon",
        "tab",
    ],
)
def test_rejected_documents(text: str, expected: str) -> None:
    loaded = load_text(text, "deck.yaml")
    assert loaded.data is None
    assert messages(loaded) == [expected]


def test_standard_tags_are_allowed() -> None:
    loaded = load("title: !!str 2024\nsource: !!map {label: x}\nauthors: !!seq [a]\n")
    assert loaded.diagnostics == []
    assert loaded.data == {"title": "2024", "source": {"label": "x"}, "authors": ["a"]}


def test_theme_files_are_named_as_themes() -> None:
    loaded = load_text("", "theme.yaml", what="theme")
    assert messages(loaded) == ["theme.yaml:1:1: error: the theme file is empty"]
    loaded = load_text("- a\n", "theme.yaml", what="theme")
    assert messages(loaded) == [
        "theme.yaml:1:1: error: the theme must be a mapping of keys to values, not a list"
    ]


def test_text_is_kept_for_excerpts() -> None:
    assert load(DECK).text == DECK
