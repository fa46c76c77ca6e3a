"""Specification of inline markup: bold, italic, code, links and math in any text field."""

from __future__ import annotations

import pytest

from deckgen.markup import Piece, parse, plain


def test_text_without_markup_is_one_plain_piece() -> None:
    assert parse("Qwen 2.5 (72B) beats - or matches - larger models.") == [
        Piece("Qwen 2.5 (72B) beats - or matches - larger models.")
    ]
    assert parse("") == []


def test_every_kind_of_markup_in_one_line() -> None:
    text = "Plain **bold** *italic* `code` [link](https://example.org) and $x^2$ end"
    assert parse(text) == [
        Piece("Plain "),
        Piece("bold", bold=True),
        Piece(" "),
        Piece("italic", italic=True),
        Piece(" "),
        Piece("code", code=True),
        Piece(" "),
        Piece("link", link="https://example.org"),
        Piece(" and "),
        Piece("x^2", math=True),
        Piece(" end"),
    ]


def test_markup_nests_inside_bold_and_links() -> None:
    assert parse("**a *b* c** [see **this**](u)") == [
        Piece("a ", bold=True),
        Piece("b", bold=True, italic=True),
        Piece(" c", bold=True),
        Piece(" "),
        Piece("see ", link="u"),
        Piece("this", bold=True, link="u"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2 * 3 = 6", "2 * 3 = 6"),  # a lone star
        ("**open", "**open"),
        ("`tick", "`tick"),
        ("[not a link] (x)", "[not a link] (x)"),
        ("costs $5 and $10", "costs $5 and $10"),  # prices are not math
        (r"\*not italic\* and \$5", "*not italic* and $5"),  # escapes
    ],
)
def test_unbalanced_or_escaped_markers_stay_literal(text: str, expected: str) -> None:
    pieces = parse(text)
    assert pieces == [Piece(expected)]
    assert plain(text) == expected
