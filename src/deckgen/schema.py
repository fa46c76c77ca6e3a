"""The deck spec's JSON Schema, for editors (``deckgen schema``).

Generated from the same models that validate decks (:class:`deckgen.spec.Deck`),
field descriptions included, plus what the templating stage (:mod:`deckgen.expand`) adds
before validation: ``vars:``, ``include:`` and ``- include:`` slide entries. The repository
ships the result as ``schema/deck.schema.json``; a test keeps the two in sync.
"""

from __future__ import annotations

import json
from typing import Any

import msgspec
import msgspec.inspect as mi

from deckgen import spec
from deckgen.spec import Deck
from deckgen.validation import Model, type_info

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_ID = "urn:deckgen:schema:deck"
#: Where the repository keeps the generated schema, relative to the project root.
SCHEMA_FILE = "schema/deck.schema.json"
REGENERATE = f"deckgen schema -o {SCHEMA_FILE}"

_INCLUDE_PATH: dict[str, Any] = {
    "type": "string",
    "minLength": 1,
    "description": "A YAML file, relative to this file.",
}


def _shorthand_models() -> set[str]:
    """Return the models that also accept a bare scalar (``- Some point`` for a Bullet)."""
    return {
        model.__name__
        for model in vars(spec).values()
        if isinstance(model, type)
        and issubclass(model, Model)
        and getattr(model, "_shorthand", None) is not None
    }


def _with_shorthands(node: Any, models: set[str]) -> Any:
    """Return ``node`` with each reference to a shorthand model also allowing a scalar."""
    if isinstance(node, list):
        return [_with_shorthands(n, models) for n in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref", "")
    if ref.removeprefix("#/$defs/") in models and len(node) == 1:
        return {"anyOf": [{"type": ["string", "number"]}, node]}
    return {k: _with_shorthands(v, models) for k, v in node.items()}


def _also(props: dict[str, Any]) -> None:
    """Let deck fields whose ``before`` converter takes a simpler form say so: one value
    where a list is expected (``also: single``), or a string for a mapping (``also: string``)."""
    info = type_info(Deck)
    assert isinstance(info, mi.StructType)
    for f in info.fields:
        extra = f.type.extra if isinstance(f.type, mi.Metadata) else None
        also = (extra or {}).get("also")
        prop = props.get(f.encode_name)
        if prop is None or also is None:
            continue
        if also == "single" and prop.get("type") == "array":
            props[f.encode_name] = {
                **{k: v for k, v in prop.items() if k not in ("type", "items")},
                "anyOf": [prop["items"], {"type": "array", "items": prop["items"]}],
            }
        elif also == "string" and "anyOf" in prop:
            props[f.encode_name] = {**prop, "anyOf": [{"type": "string"}, *prop["anyOf"]]}


def deck_schema() -> dict[str, Any]:
    """Return the JSON Schema of a deck file as a mapping."""
    generated = _with_shorthands(msgspec.json.schema(Deck), _shorthand_models())
    defs = generated.pop("$defs", {})
    core = defs.pop(generated["$ref"].removeprefix("#/$defs/"))
    core.pop("title", None)
    required = core.pop("required", [])
    props: dict[str, Any] = dict(core.pop("properties"))
    _also(props)
    slides = dict(props["slides"])
    slides["items"] = {"anyOf": [{"$ref": "#/$defs/SlideInclude"}, slides["items"]]}
    slides["description"] = (
        "The slides, in order. An entry `include: FILE` splices in that file's slides."
    )
    props["slides"] = slides
    props["vars"] = {
        "type": "object",
        "title": "Vars",
        "description": (
            "Template variables: write {{ name }} (Jinja2 expressions and filters) in any "
            "text. A value that is exactly one {{ expression }} takes the expression's value."
        ),
        "propertyNames": {"pattern": "^[A-Za-z_][A-Za-z0-9_]*$"},
    }
    props["include"] = {
        "title": "Include",
        "description": (
            "Shared fragments merged under this deck: their vars and top-level keys are "
            "defaults that the deck's own override."
        ),
        "anyOf": [_INCLUDE_PATH, {"type": "array", "items": _INCLUDE_PATH}],
    }
    defs["SlideInclude"] = {
        "type": "object",
        "title": "SlideInclude",
        "description": "Splices the slides: list of another YAML file in here.",
        "properties": {"include": _INCLUDE_PATH},
        "required": ["include"],
        "additionalProperties": False,
    }
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": SCHEMA_ID,
        "title": "deckgen deck",
        "description": core.pop("description", "A deck."),
        **core,
        "properties": props,
        # An including deck may take its title and slides from the included files.
        "anyOf": [{"required": required}, {"required": ["include"]}],
        "$defs": dict(sorted(defs.items())),
    }


def schema_text() -> str:
    """Return the schema as the text ``deckgen schema`` prints and the repository ships."""
    return json.dumps(deck_schema(), indent=2, ensure_ascii=False) + "\n"
