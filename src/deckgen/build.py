"""The pipeline in one place: source → expand → spec → theme → layout → backend → write.

Each function returns data and diagnostics; nothing here prints. The CLI decides what to
show and which exit code to use.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from deckgen import ir
from deckgen.diagnostics import Diagnostic, Severity
from deckgen.expand import TemplateEngine, expand
from deckgen.icons import IconSet
from deckgen.measure import Measurer
from deckgen.source import SourceMap, load_file
from deckgen.spec import Deck, validate_deck
from deckgen.theme import Theme, load_theme


@dataclass
class Tools:
    """Expensive helpers shared by every deck built in one process."""

    measurer: Measurer = field(default_factory=Measurer)
    icons: IconSet = field(default_factory=IconSet)
    templates: TemplateEngine = field(default_factory=TemplateEngine)


@dataclass
class Result:
    """What building (or checking) one deck produced."""

    source: Path
    diagnostics: list[Diagnostic]
    deck: Deck | None = None
    theme: Theme | None = None
    presentation: ir.Presentation | None = None
    inputs: tuple[Path, ...] = ()  # every file the build read (for watch and the cache)
    theme_files: tuple[Path, ...] = ()  # the theme's chain, the deck's own theme first
    texts: dict[str, str] = field(default_factory=dict)  # file → text, for error excerpts

    @property
    def ok(self) -> bool:
        """Return True when no diagnostic is an error."""
        return not any(d.severity is Severity.ERROR for d in self.diagnostics)


def prepare_deck(path: Path, tools: Tools) -> tuple[Result, SourceMap | None]:
    """Return the deck at ``path`` loaded, expanded, validated and themed (no layout),
    with the merged source map (None when the deck did not get that far)."""
    loaded = load_file(path)
    res = Result(path, list(loaded.diagnostics), inputs=(path,))
    res.texts[str(path)] = loaded.text
    if loaded.data is None:
        return res, None
    expanded = expand(
        loaded.data, loaded.source_map, path, text=loaded.text, engine=tools.templates
    )
    res.diagnostics.extend(expanded.diagnostics)
    res.texts.update(expanded.texts)
    res.inputs = (path, *expanded.files)
    if expanded.data is None:
        return res, None
    smap = expanded.source_map
    deck, errors = validate_deck(expanded.data, smap)
    res.diagnostics.extend(errors)
    if deck is None:
        return res, smap
    res.deck = deck
    themed = load_theme(deck.theme, path.parent, span=smap.span(("theme",)))
    res.diagnostics.extend(themed.diagnostics)
    res.inputs = (*res.inputs, *themed.files)
    res.theme_files = themed.files
    for f in themed.files:
        res.texts.setdefault(str(f), f.read_text(encoding="utf-8", errors="replace"))
    res.theme = themed.theme
    return res, smap


def compile_deck(path: Path, tools: Tools, rules: Mapping[str, str] | None = None) -> Result:
    """Return the deck at ``path`` validated, laid out and linted (no file is written).

    ``rules`` overrides lint severities (rule → 'error', 'warning' or 'off') after the
    theme's own ``lint:`` settings.
    """
    from deckgen.assets import resolve
    from deckgen.layout import layout
    from deckgen.lint import apply_policy, lint

    res, smap = prepare_deck(path, tools)
    if res.deck is None or res.theme is None or smap is None:
        return res
    theme = res.theme
    deck, assets, problems = resolve(res.deck, path.parent, smap)
    res.diagnostics.extend(problems)
    res.inputs = (*res.inputs, *assets.files)
    if problems:
        return res
    pres, diags = layout(deck, theme, smap, tools.measurer, tools.icons, assets)
    diags = [*diags, *lint(pres, deck, theme, smap)]
    res.diagnostics.extend(apply_policy(diags, {**theme.lint, **(rules or {})}))
    res.presentation = pres
    return res


def render_bytes(pres: ir.Presentation) -> bytes:
    """Return the deterministic .pptx bytes of a laid-out presentation."""
    from deckgen.backend import render
    from deckgen.write import normalize

    return normalize(render(pres), pres.properties.created)


def dump_ir(pres: ir.Presentation) -> str:
    """Return the IR as indented JSON."""
    return json.dumps(ir.to_json(pres), indent=1, ensure_ascii=False)
