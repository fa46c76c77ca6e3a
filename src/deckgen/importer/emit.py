"""The draft deck → YAML text a person can edit: plain scalars where they read back the
same, block scalars for code, folded speaker notes, and comments saying what each slide
was made from.

Every scalar is checked to read back exactly as written, so the text always loads into the
deck it describes.
"""

from __future__ import annotations

import re

import yaml

from deckgen.importer.draft import Draft, Slide

SCHEMA_COMMENT = "# yaml-language-server: $schema=../schema/deck.schema.json"
WIDTH = 96  # folded speaker notes wrap at this column

_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`")


def _printable(ch: str) -> bool:
    """Return True when YAML can hold ``ch`` unescaped in a scalar."""
    o = ord(ch)
    return (
        o in (0x09,)
        or 0x20 <= o <= 0x7E
        or 0xA0 <= o <= 0xD7FF
        or (0xE000 <= o <= 0xFFFD and o != 0xFEFF)
        or 0x10000 <= o <= 0x10FFFF
    )


def _plain_ok(s: str, flow: bool) -> bool:
    """Return True when ``s`` can be written as a plain YAML scalar and read back equal."""
    if not s or s != s.strip() or s[0] in _INDICATORS or "\t" in s:
        return False
    if ": " in s or " #" in s or s.endswith(":") or not all(_printable(c) for c in s):
        return False
    if flow and any(c in s for c in ",[]{}"):
        return False
    try:
        return yaml.safe_load(s) == s
    except yaml.YAMLError:
        return False


def _quote(s: str) -> str:
    """Return ``s`` as a double-quoted YAML scalar (non-printable characters escaped)."""
    out = ['"']
    for ch in s:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif not _printable(ch):
            o = ord(ch)
            out.append(
                f"\\x{o:02X}" if o <= 0xFF else f"\\u{o:04X}" if o <= 0xFFFF else f"\\U{o:08X}"
            )
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _s(value: str, flow: bool = False) -> str:
    """Return ``value`` as a YAML scalar: plain when that reads back the same, else quoted."""
    if _plain_ok(value, flow):
        return value
    if '"' in value and "\n" not in value and all(_printable(c) for c in value):
        return "'" + value.replace("'", "''") + "'"  # reads better than escaped quotes
    return _quote(value)


def _flow(values: list[str]) -> str:
    """Return ``values`` as a YAML flow sequence (``[a, "b: c"]``)."""
    return "[" + ", ".join(_s(v, flow=True) for v in values) + "]"


def _comment(text: str) -> str:
    """Return ``text`` safe inside a YAML comment (one line)."""
    return re.sub(r"[\r\n\x85\u2028\u2029]", " ", text)


def _loads_back(doc: str, key: str, value: str) -> bool:
    """Return True when the YAML ``doc`` reads back with ``value`` at ``key``."""
    try:
        data = yaml.safe_load(doc)
    except yaml.YAMLError:
        return False
    return isinstance(data, dict) and data.get(key) == value


def _block(key: str, value: str, pad: str) -> list[str]:
    """Return ``key: |`` and the lines of ``value`` as a literal block scalar (which keeps
    code as it is), or ``key: "…"`` when a block scalar would not read back the same."""
    body = value.rstrip("\n")
    lines = body.split("\n")
    indicator = "2" if lines and lines[0][:1] == " " else ""
    out = [f"{pad}{key}: |{indicator}"]
    out += [f"{pad}  {ln}" if ln else "" for ln in lines]
    doc = "\n".join(ln[len(pad) :] if ln.startswith(pad) else ln for ln in out) + "\n"
    if all(_printable(c) for c in body.replace("\n", "")) and _loads_back(doc, key, body + "\n"):
        return out
    return [f"{pad}{key}: {_quote(value)}"]


def _folded(key: str, value: str, pad: str) -> list[str]:
    """Return ``key: >-`` and ``value`` wrapped at spaces (speaker notes), or one scalar
    when folding would not read back the same."""
    if len(pad) + len(key) + 2 + len(value) <= WIDTH or "  " in value:
        return [f"{pad}{key}: {_s(value)}"]
    out = [f"{pad}{key}: >-"]
    for para_no, para in enumerate(value.split("\n\n")):
        if para_no:
            out += ["", ""]  # folding reads one empty line as a line break
        line = ""
        for word in para.split(" "):
            if line and len(pad) + 2 + len(line) + 1 + len(word) > WIDTH:
                out.append(f"{pad}  {line}")
                line = word
            else:
                line = f"{line} {word}" if line else word
        out.append(f"{pad}  {line}")
    doc = "\n".join(ln[len(pad) :] if ln.startswith(pad) else ln for ln in out) + "\n"
    if all(_printable(c) for c in value.replace("\n", "")) and _loads_back(doc, key, value):
        return out
    return [f"{pad}{key}: {_s(value)}"]


def emit(draft: Draft, source_name: str) -> str:
    """Return the YAML text of the draft deck."""
    out = [
        SCHEMA_COMMENT,
        f"# Imported from {_comment(source_name)} by 'deckgen import'. Check the text, then add",
        "# icons and diagrams; the comment above each slide says what it was made from.",
    ]
    out += [f"# {_comment(c)}".rstrip() for c in draft.header]
    out.append(f"title: {_s(draft.title)}")
    if draft.short_title:
        out.append(f"short_title: {_s(draft.short_title)}")
    if draft.subtitle:
        out.append(f"subtitle: {_s(draft.subtitle)}")
    if draft.authors:
        out.append(f"authors: {_flow(draft.authors)}")
    if draft.date:
        out.append(f"date: {_s(draft.date)}")
    if draft.source:
        label, url = draft.source
        out.append("source:")
        out.append(f"  label: {_s(label)}")
        if url:
            out.append(f"  url: {_s(url)}")
    if draft.subject:
        out.append(f"subject: {_s(draft.subject)}")
    if draft.keywords:
        out.append(f"keywords: {_flow(draft.keywords)}")
    out += ["theme: paper", "overflow: continue", "", "slides:"]
    for slide in draft.slides:
        out += _slide(slide)
    return "\n".join(out).rstrip("\n") + "\n"


def _bullets(slide: Slide, pad: str) -> list[str]:
    """Return the ``bullets:`` lines of a slide (none when it has no bullets)."""
    if not slide.bullets:
        return []
    out = [f"{pad}bullets:"]
    for item in slide.bullets:
        if item.subs or item.icon:
            out.append(f"{pad}  - text: {_s(item.text)}")
            if item.icon:
                out.append(f"{pad}    icon: {_s(item.icon)}")
        if item.subs:
            out.append(f"{pad}    bullets:")
            out += [f"{pad}      - {_s(sub)}" for sub in item.subs]
        elif not item.icon:
            out.append(f"{pad}  - {_s(item.text)}")
    return out


def _visual(slide: Slide, pad: str) -> list[str]:
    """Return the lines of a slide's visual (table, code, picture or equations)."""
    out: list[str] = []
    if slide.placement:
        out.append(f"{pad}placement: {slide.placement}")
    if slide.table is not None:
        t = slide.table
        out.append(f"{pad}table:")
        out.append(f"{pad}  columns: {_flow(t.columns)}")
        out.append(f"{pad}  rows:")
        out += [f"{pad}    - {_flow(row)}" for row in t.rows]
        if t.align:
            out.append(f"{pad}  align: {_flow(t.align)}")
    if slide.stat is not None:
        st = slide.stat
        out += [f"{pad}stat:", f"{pad}  value: {_s(st.value)}"]
        if st.label:
            out.append(f"{pad}  label: {_s(st.label)}")
        if st.before:
            out.append(f"{pad}  before: {_s(st.before)}")
    if slide.chart is not None:
        ch = slide.chart
        out += [f"{pad}chart:", f"{pad}  kind: bar", f"{pad}  orientation: horizontal"]
        out.append(f"{pad}  categories: {_flow(ch.categories)}")
        if ch.unit:
            out.append(f"{pad}  unit: {_s(ch.unit)}")
        values = ", ".join(f"{v:g}" for v in ch.values)
        out += [f"{pad}  series:", f"{pad}    - name: {_s(ch.name)}"]
        out.append(f"{pad}      values: [{values}]")
    if slide.flow:
        out += [f"{pad}diagram:", f"{pad}  kind: flow", f"{pad}  nodes:"]
        for label, caption in slide.flow:
            out.append(f"{pad}    - label: {_s(label)}")
            if caption:
                out.append(f"{pad}      caption: {_s(caption)}")
    if slide.code is not None:
        c = slide.code
        out.append(f"{pad}code:")
        out.append(f"{pad}  language: {_s(c.language)}")
        if c.first_line:
            out += [f"{pad}  line_numbers: true", f"{pad}  first_line: {c.first_line}"]
        out += _block("source", c.source, pad + "  ")
    if slide.image is not None:
        path, alt, caption = slide.image
        out += [f"{pad}image:", f"{pad}  path: {_s(path)}", f"{pad}  alt: {_s(alt)}"]
        if caption:
            out.append(f"{pad}  caption: {_s(caption)}")
    if len(slide.equations) == 1 and slide.equations[0][1] is None:
        out.append(f"{pad}equation: {_s(slide.equations[0][0])}")
    elif slide.equations:
        out.append(f"{pad}equation:")
        for latex, caption in slide.equations:
            out.append(f"{pad}  - latex: {_s(latex)}")
            if caption:
                out.append(f"{pad}    caption: {_s(caption)}")
    return out


def _slide(slide: Slide) -> list[str]:
    """Return the YAML lines of one slide (an item of ``slides:``), then a blank line."""
    out = [f"  # {_comment(w)}".rstrip() for w in slide.why]
    out.append(f"  - layout: {slide.layout}")
    pad = "    "
    if slide.title is not None:
        out.append(f"{pad}title: {_s(slide.title)}")
    if slide.subtitle:
        out.append(f"{pad}subtitle: {_s(slide.subtitle)}")
    if slide.layout == "question":
        out.append(f"{pad}question: {_s(slide.question or '')}")
    elif slide.layout == "quote":
        out.append(f"{pad}quote: {_s(slide.quote or '')}")
        if slide.attribution:
            out.append(f"{pad}attribution: {_s(slide.attribution)}")
    elif slide.layout == "statement":
        out.append(f"{pad}statement: {_s(slide.statement or '')}")
        if slide.caption:
            out.append(f"{pad}caption: {_s(slide.caption)}")
        if slide.points:
            out.append(f"{pad}points:")
            out += [f"{pad}  - text: {_s(p)}" for p in slide.points]
    elif slide.layout == "qa":
        out.append(f"{pad}items:")
        for q, a in slide.items:
            out.append(f"{pad}  - q: {_s(q)}")
            out.append(f"{pad}    a: {_s(a)}")
    out += _bullets(slide, pad)
    out += _visual(slide, pad)
    if slide.notes:
        out += _folded("notes", "\n\n".join(slide.notes), pad)
    out.append("")
    return out
