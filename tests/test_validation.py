"""Specification of deckgen.validation: conveniences, every error found, and msgspec's own
first error as the last resort when the walk finds nothing."""

from __future__ import annotations

from typing import Annotated, ClassVar

from msgspec import Meta

from deckgen.diagnostics import render
from deckgen.source import load_text
from deckgen.validation import Model, validate


class Item(Model, kw_only=True):
    """A test model with a shorthand and an odd constraint the walk does not know."""

    _shorthand: ClassVar[str] = "name"

    name: str
    pairs: Annotated[int, Meta(multiple_of=2)] = 0


class Box(Model, kw_only=True):
    """A list of items."""

    items: list[Item]


def check(text: str) -> tuple[Box | None, list[str]]:
    loaded = load_text(text, "box.yaml")
    box, diags = validate(loaded.data, Box, loaded.source_map)
    return box, [render(d) for d in diags]


def test_a_bare_scalar_is_the_shorthand_key_and_numbers_become_text() -> None:
    box, errors = check("items: [alpha, 7, {name: 2.5}]\n")
    assert errors == []
    assert box is not None
    assert [i.name for i in box.items] == ["alpha", "7", "2.5"]


def test_a_rule_the_walk_does_not_know_still_gives_msgspecs_located_error() -> None:
    box, errors = check("items:\n  - {name: a, pairs: 3}\n")
    assert box is None
    assert errors == ["box.yaml:2:22: error: items[0].pairs: Expected `int` that's a multiple of 2"]
