"""Visuals a bullets slide's own structure calls for, found after the slides are drafted.

Each rule reads a pattern the Markdown already has, never a guess at its meaning:

- three or more bullets of the form ``Label: 67%`` → a bar chart of those shares;
- a lead-in naming a sequence ("A common decomposition:", or a title with "stages",
  "steps", "pipeline"…) over three to six ``Label: detail`` bullets → a flow diagram of the
  labels, the details as captions (or, when long, in the speaker notes);
- a key figure in the bullets — a change ("from 7 trillion to 18 trillion tokens"), a ratio
  ("10x smaller"), a count ("over 1 million examples") or a time stressed as short ("in
  just 21 days") — → a big number beside the bullets (the hero composition): the first
  such figure not already shown big earlier in the deck;
- two to six short bullets, each naming a thing the icon vocabulary below knows, each a
  different one → bullets with icons (which layout sets as cards when they fit).

Anything that matches no rule stays as it was: a slide of bullets.
"""

from __future__ import annotations

import re

from deckgen.importer.draft import Bullet, ChartData, Slide, StatData

SHARE = re.compile(
    r"^(?P<label>[^:]{1,40}):\s*~?(?P<n>\d+(?:\.\d+)?)\s*%\s*(?:\((?P<note>[^()]*)\))?\s*$"
)
STEP = re.compile(r"^(?P<label>[^:$*`]{1,24}):\s+(?P<detail>\S.*)$")
SEQUENCE = re.compile(
    r"\b(stages?|steps?|phases?|pipeline|process|decomposition|workflow|sequence|"
    r"multi-stage)\b",
    re.I,
)
_MAGNITUDE = {"trillion": "T", "billion": "B", "million": "M", "thousand": "K"}
# A key figure has a magnitude or is a share: "7T", "7 trillion", "63.4%" ("from 3 to 22"
# is a plain count, no key figure).
_NUMBER = r"~?\d[\d.,]*(?:\s?(?:trillion|billion|million|thousand)|[TBMK](?![A-Za-z])|%)"
_UNITS = r"tokens|parameters|params|examples|languages|layers|steps|words"
FROM_TO = re.compile(
    rf"\bfrom\s+(?P<a>{_NUMBER})(?:\s+(?P<unit_a>{_UNITS}))?(?:\s+\([^)]*\))?\s+to\s+"
    rf"(?P<b>{_NUMBER})(?:\s+(?P<unit_b>{_UNITS}))?"
)
TIMES = re.compile(r"(?<![\w.])(?P<n>\d+(?:[.–-]\d+)?)\s?[x×]\s+(?P<word>[a-z]+)\b")
# A time the text stresses as short: "in just 21 days".
DURATION = re.compile(
    r"\bin (?:just|only|under) (?P<n>\d[\d.]*) (?P<unit>hours|days|weeks|months)\b", re.I
)
COUNT = re.compile(
    r"(?<![\w.,])(?P<over>over\s+|more than\s+)?(?P<n>\d{1,3}(?:,\d{3})+|\d[\d.]*)"
    r"(?:\s?(?P<mag>trillion|billion|million)|(?P<letter>[TBM])(?P<plus>\+)?)?"
    r"[\s-](?P<unit>tokens?|examples?|parameters?|words?|queries)\b",
)

#: Words and the icon that names each: a short, fixed vocabulary, so that the same text
#: always gets the same icon and a bullet naming none of them gets none.
ICONS: tuple[tuple[str, str], ...] = (
    (r"kv cache|cache|memory", "database"),
    (r"activation", "activity"),
    (r"position(al)?", "map-pin"),
    (r"attention", "scan-eye"),
    (r"stability|stable", "anchor"),
    (r"speed|fast(er)?|latency", "gauge"),
    (r"gpu|hardware|compute", "cpu"),
    (r"safety|safe|security", "shield-check"),
    (r"cost|budget|price", "coins"),
    (r"benchmarks?|evaluation", "trophy"),
    (r"data(set)?s?|corpus|corpora", "database"),
    (r"code|coding", "code"),
    (r"math(ematics)?|equations?", "sigma"),
    (r"search|retrieval", "search"),
    (r"documents?|papers?", "file-text"),
    (r"languages?|multilingual", "languages"),
    (r"users?|people|humans?", "users"),
    (r"research|universit(y|ies)", "graduation-cap"),
    (r"open[- ]weights?|open[- ]source", "lock-open"),
    (r"chat|conversation|dialogue", "message-square"),
    (r"reasoning|thinking", "brain"),
    (r"layers?|stack", "layers"),
    (r"time|days|hours", "clock"),
    (r"scale|scaling|growth", "trending-up"),
)
SHORT_POINT = 60  # characters of a bullet short enough for a card
REST_CHARS = 160  # text that may stay over a flow beside its lead-in
CAPTION = 100  # characters of a step's detail (its source) short enough for a node's caption


def vary(slides: list[Slide]) -> list[Slide]:
    """Return the drafted slides, each bullets slide given the visual its structure calls
    for, if any (changed in place; its ``why`` comment says which rule applied), followed by
    the slide continuing it when the visual leaves its text no room. A figure is shown big
    once in a deck: a statement's or an earlier slide's figure is not shown again."""
    shown: set[str] = set()
    out: list[Slide] = []
    for slide in slides:
        out.append(slide)
        if slide.layout == "statement":
            shown.update(_figures(slide.statement or ""))
        if slide.layout != "bullets" or slide.has_visual() or slide.placement:
            continue
        for rule in (_chart, _flow, lambda s: _stat(s, shown), _icons):
            said = rule(slide)
            if said:
                slide.why.append(said)
                out += _continued(slide)
                break
    return out


def _figures(text: str) -> set[str]:
    """Return the key figures of a statement, as :func:`_stat` names them ('7T→18T')."""
    return {f"{_short(m['a'])}→{_short(m['b'])}" for m in FROM_TO.finditer(text)} | {
        f"{_short(a)}→{_short(b)}" for a, b in re.findall(rf"({_NUMBER})\s*→\s*({_NUMBER})", text)
    }


def _continued(slide: Slide) -> list[Slide]:
    """Return a slide for the bullets after a flow's steps when they are more than a line
    or two: under the flow they would squeeze it into a corner of the slide."""
    if not slide.flow or len(slide.bullets) < 2:
        return []
    lead, rest = slide.bullets[0], slide.bullets[1:]
    if sum(len(b.text) + sum(len(x) for x in b.subs) for b in rest) <= REST_CHARS:
        return []
    slide.bullets = [lead]
    title = f"{slide.title} (cont.)" if slide.title else None
    why = ["the bullets after the flow's steps, continued from the slide before"]
    return [Slide("bullets", title=title, bullets=rest, why=why)]


def _chart(slide: Slide) -> str | None:
    """Bullets 'Label: N%' (three or more) → a bar chart of the shares; their notes in
    parentheses go to the speaker notes."""
    found = [(b, SHARE.match(b.text)) for b in slide.bullets if not b.subs]
    shares = [(b, m) for b, m in found if m]
    if len(shares) < 3:
        return None
    slide.chart = ChartData(
        categories=[m["label"].strip() for _, m in shares],
        values=[float(m["n"]) for _, m in shares],
        name="Share",
        unit="%",
    )
    notes = [f"{m['label'].strip()}: {m['note'].strip()}" for _, m in shares if m["note"]]
    if notes:
        slide.notes.append("; ".join(notes) + ".")
    kept = {id(b) for b, _ in shares}
    slide.bullets = [b for b in slide.bullets if id(b) not in kept]
    return f"{len(shares)} bullets 'label: N%' → a bar chart of the shares"


def _flow(slide: Slide) -> str | None:
    """A lead-in over three to six 'Label: detail' steps of a sequence → a flow diagram."""
    bullets = slide.bullets
    for i, lead in enumerate(bullets):
        if lead.subs or not lead.text.rstrip().endswith(":"):
            continue
        if not (SEQUENCE.search(lead.text) or SEQUENCE.search(slide.title or "")):
            continue
        run: list[tuple[str, str]] = []
        for b in bullets[i + 1 :]:
            m = STEP.match(b.text)
            if b.subs or not m or len(m["label"].split()) > 3:
                break
            run.append((m["label"].strip(), m["detail"].strip()))
        if not 3 <= len(run) <= 6:
            continue
        # Short details are the nodes' captions; longer ones go to the speaker notes,
        # where they are read in full, rather than crowd the diagram.
        if all(len(detail) <= CAPTION for _, detail in run):
            slide.flow = [(label, detail) for label, detail in run]
        else:
            slide.flow = [(label, None) for label, _ in run]
            slide.notes.append(" ".join(f"{label}: {detail}" for label, detail in run))
        slide.bullets = [*bullets[: i + 1], *bullets[i + 1 + len(run) :]]
        return f"a sequence of {len(run)} named steps → a flow diagram"
    return None


def _stat(slide: Slide, shown: set[str]) -> str | None:
    """The first key figure of the bullets not shown big before — a change, a ratio, or a
    count in millions or written with thousands separators — → a big number beside the
    bullets; ``shown`` gains it."""
    for b in slide.bullets:
        stat, m = _key_figure(b.text)
        if stat is None or m is None:
            continue
        key = f"{stat.before}→{stat.value}" if stat.before else stat.value
        if key in shown:
            continue
        shown.add(key)
        slide.stat = stat
        return f"the figure '{m.group(0).strip()}' → a big number"
    return None


def _key_figure(text: str) -> tuple[StatData | None, re.Match[str] | None]:
    """Return the big number of the first key figure in ``text`` and its match."""
    if m := FROM_TO.search(text):
        # What changed: the unit, else the name just before "from" ("MMLU from …").
        name = re.search(r"(?:^|\s)([A-Z][\w.-]*)\s+$", text[: m.start()])
        label = m["unit_b"] or m["unit_a"] or (name.group(1) if name else None)
        return StatData(value=_short(m["b"]), label=label, before=_short(m["a"])), m
    if m := TIMES.search(text):
        return StatData(value=f"{m['n'].replace('-', '–')}×", label=m["word"]), m
    if m := DURATION.search(text):
        return StatData(value=m["n"], label=m["unit"].lower()), m
    for m in COUNT.finditer(text):
        if not (m["mag"] or m["letter"] or "," in m["n"]):
            continue  # a plain count ("22 tokens") is no key figure
        value = _short(f"{m['n']} {m['mag'].lower()}") if m["mag"] else m["n"] + (m["letter"] or "")
        value += "+" if m["over"] or m["plus"] else ""
        unit = m["unit"]
        return StatData(value=value, label=unit if unit.endswith("s") else unit + "s"), m
    return None, None


def _short(figure: str) -> str:
    """Return a figure written short: '7 trillion' → '7T'."""
    number = re.match(r"~?\d[\d.,]*", figure)
    assert number is not None
    rest = figure[number.end() :].strip()
    return number.group(0) + _MAGNITUDE.get(rest, rest)


def _icons(slide: Slide) -> str | None:
    """Two to six short bullets, each naming a different thing of the icon vocabulary →
    each bullet gets its icon."""
    bullets = slide.bullets
    if not 2 <= len(bullets) <= 6 or any(b.subs or len(b.text) > SHORT_POINT for b in bullets):
        return None
    icons = [_icon(b) for b in bullets]
    if None in icons or len(set(icons)) != len(icons):
        return None
    slide.bullets = [Bullet(b.text, b.subs, icon) for b, icon in zip(bullets, icons, strict=True)]
    return "short parallel points, each with an icon its words name"


def _icon(bullet: Bullet) -> str | None:
    """Return the icon of the first vocabulary word the bullet names, or None."""
    text = bullet.text.lower()
    hits = []
    for words, icon in ICONS:
        if m := re.search(rf"\b(?:{words})\b", text):
            hits.append((m.start(), icon))
    return min(hits)[1] if hits else None
