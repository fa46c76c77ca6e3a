"""Specification of ``deckgen schema`` and the shipped schema/deck.schema.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from deckgen.cli import cli
from deckgen.schema import REGENERATE, SCHEMA_FILE, deck_schema, schema_text
from helpers import ROOT, deck_files

SCHEMA_LINE = "# yaml-language-server: $schema=../schema/deck.schema.json"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), prog_name="deckgen")


class _YamlAsEditorsReadIt(yaml.SafeLoader):
    """YAML as yaml-language-server reads it: dates stay text."""


_YamlAsEditorsReadIt.yaml_implicit_resolvers = {
    first: [r for r in resolvers if r[0] != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def test_schema_prints_the_json_schema() -> None:
    result = run("schema")
    assert result.exit_code == 0
    assert result.stdout == schema_text()
    schema = json.loads(result.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == "urn:deckgen:schema:deck"
    assert schema["title"] == "deckgen deck"
    assert schema["properties"]["title"]["description"] == (
        "The deck's title (title slide, document properties)."
    )
    assert "bullets" in schema["$defs"]["BulletsSlide"]["properties"]


def test_the_schema_describes_templating_and_includes() -> None:
    schema = deck_schema()
    assert "{{ name }}" in schema["properties"]["vars"]["description"]
    assert schema["properties"]["include"]["anyOf"][1]["type"] == "array"
    items = schema["properties"]["slides"]["items"]["anyOf"]
    assert items[0] == {"$ref": "#/$defs/SlideInclude"}


def test_schema_writes_a_file(tmp_path: Path) -> None:
    target = tmp_path / "s" / "deck.schema.json"
    result = run("schema", "-o", str(target))
    assert result.exit_code == 0
    assert result.stdout == f"wrote {target}\n"
    assert target.read_text(encoding="utf-8") == schema_text()


def test_the_shipped_schema_is_in_sync_with_the_models() -> None:
    shipped = (ROOT / SCHEMA_FILE).read_text(encoding="utf-8")
    assert shipped == schema_text(), (
        f"{SCHEMA_FILE} is out of date with deckgen.spec; regenerate it with: {REGENERATE}"
    )


def test_every_shipped_deck_points_editors_at_the_schema() -> None:
    for deck in sorted((ROOT / "decks").glob("*.yaml")):
        assert deck.read_text(encoding="utf-8").splitlines()[0] == SCHEMA_LINE, deck


@pytest.mark.parametrize("deck", deck_files(), ids=lambda p: p.name)
def test_every_shipped_deck_is_valid_against_the_schema(deck: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    data = yaml.load(deck.read_text(encoding="utf-8"), Loader=_YamlAsEditorsReadIt)
    errors = list(jsonschema.Draft202012Validator(deck_schema()).iter_errors(data))
    assert not errors, [e.message for e in errors]


@pytest.mark.parametrize(
    "text",
    [
        "title: T\nslides: [{layout: bulets, title: A}]\n",
        "title: T\ntheme: 3\nslides: [{layout: title}]\n",
        "title: T\nsldes: []\n",
        "slides: [{layout: title}]\n",
    ],
)
def test_the_schema_rejects_what_deckgen_rejects(text: str) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    data = yaml.load(text, Loader=_YamlAsEditorsReadIt)
    assert list(jsonschema.Draft202012Validator(deck_schema()).iter_errors(data))


def test_the_schema_accepts_shorthands_vars_and_includes() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    data = yaml.load(
        "include: shared/common.yaml\nvars: {model: Qwen}\nauthors: One Author\n"
        "source: arXiv:1234\nslides:\n  - include: fragments/end.yaml\n"
        "  - layout: bullets\n    title: '{{ model }}'\n    bullets: [plain, {text: rich}]\n",
        Loader=_YamlAsEditorsReadIt,
    )
    errors = list(jsonschema.Draft202012Validator(deck_schema()).iter_errors(data))
    assert not errors, [e.message for e in errors]
