"""The pipeline in one place: source → spec → theme → layout → backend → write.

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
from deckgen.icons import IconSet
from deckgen.measure import Measurer
from deckgen.source import load_file
from deckgen.spec import Deck, validate_deck
from deckgen.theme import Theme, load_theme


@dataclass
class Tools:
    """Expensive helpers shared by every deck built in one process."""

    measurer: Measurer = field(default_factory=Measurer)
    icons: IconSet = field(default_factory=IconSet)


@dataclass
class Result:
    """What building (or checking) one deck produced."""

    source: Path
    diagnostics: list[Diagnostic]
    deck: Deck | None = None
    theme: Theme | None = None
    presentation: ir.Presentation | None = None
    inputs: tuple[Path, ...] = ()
    texts: dict[str, str] = field(default_factory=dict)  # file → text, for error excerpts

    @property
    def ok(self) -> bool:
        """Return True when no diagnostic is an error."""
        return not any(d.severity is Severity.ERROR for d in self.diagnostics)


def compile_deck(path: Path, tools: Tools, rules: Mapping[str, str] | None = None) -> Result:
    """Return the deck at ``path`` validated, laid out and linted (no file is written).

    ``rules`` overrides lint severities (rule → 'error', 'warning' or 'off') after the
    theme's own ``lint:`` settings.
    """
    from deckgen.assets import resolve
    from deckgen.layout import layout
    from deckgen.lint import apply_policy, lint

    loaded = load_file(path)
    res = Result(path, list(loaded.diagnostics), inputs=(path,))
    res.texts[str(path)] = loaded.text
    if loaded.data is None:
        return res
    deck, errors = validate_deck(loaded.data, loaded.source_map)
    res.diagnostics.extend(errors)
    if deck is None:
        return res
    res.deck = deck
    themed = load_theme(deck.theme, path.parent, span=loaded.source_map.span(("theme",)))
    res.diagnostics.extend(themed.diagnostics)
    res.inputs = (path, *themed.files)
    for f in themed.files:
        res.texts.setdefault(str(f), f.read_text(encoding="utf-8", errors="replace"))
    if themed.theme is None:
        return res
    res.theme = themed.theme
    deck, assets, problems = resolve(deck, path.parent, loaded.source_map)
    res.diagnostics.extend(problems)
    res.inputs = (*res.inputs, *assets.files)
    if problems:
        return res
    pres, diags = layout(deck, themed.theme, loaded.source_map, tools.measurer, tools.icons, assets)
    diags = [*diags, *lint(pres, deck, themed.theme, loaded.source_map)]
    res.diagnostics.extend(apply_policy(diags, {**themed.theme.lint, **(rules or {})}))
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
