"""Markdown as it comes out of a web page, made into Markdown a CommonMark parser reads right.

Notes copied from a rendered page lose their markup: headings keep only a trailing ``¶``
(the anchor sign), every paragraph is one line with no blank line after it, and code loses
its fences and, often, its indentation. :func:`prepare` puts the markup back — headings,
blank lines, fences around listings found by their content, Python indentation from its
block structure — and returns the new lines with the notes' line of each, so that
warnings still name the line in the file the user has.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

__all__ = ["Prepared", "prepare"]

_PILCROW = re.compile(r"^\s*(\S.*?)\s*¶\s*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])\s")
_LABEL = re.compile(r"^[A-Z][^.:;,?!|¶`$*#]{0,38}[^.:;,?!\s¶`$*]$")  # "Usage notes"
_ENDS = re.compile(r"[.!?:)\]\"”’]$")  # text that ends a sentence

# A code run starts at a line that can only be code and goes on while lines look like code.
_CODE_START = re.compile(
    r"""^(?:(?:async\s+)?def\s+\w+\s*\(|class\s+\w+\s*[(:]|from\s+[\w.]+\s+import\s+\S
    |import\s+[\w.]+(?:\s+as\s+\w+)?(?:\s*,\s*[\w.]+)*\s*$|@[\w.]+(?:\(.*\))?\s*$
    |if\s+__name__\s*==|\"\"\"|'''|\#!/)""",
    re.X,
)
_CODE_LIKE = re.compile(
    r"""^(?:(?:return|yield|raise|assert|del|global|nonlocal|await)\b|pass$|break$|continue$
    |print\(|else\s*:|elif\s|try\s*:|except\b|finally\s*:|(?:with|for|while|if)\s.*:$
    |[A-Za-z_][\w.]*(?:\[[^\]]*\])?(?:\s*,\s*[A-Za-z_][\w.]*)*\s*(?::\s*[^=]+?)?\s*
     (?:[-+*/%|&^@]|//|\*\*)?=(?!=)
    |[)\]}]|\*\*?\w+,?$|[\w.]+\(.*\)$)
    |[(\[{,\\:]$""",
    re.X,
)


# Shell commands pasted without a fence: a prompt, or a command that hardly starts prose.
_SHELL = re.compile(
    r"^(?:\$ \S|(?:sudo )?(?:pip3?|conda|apt(?:-get)?|npm|git|docker|python3?|bash"
    r"|curl|wget|huggingface-cli|vllm|torchrun|accelerate) (?:-\S+ )*[\w./:=-]+)"
)


@dataclass(frozen=True)
class Prepared:
    """Markdown lines ready to parse, the notes' line of each, and the indexes of the fences
    put around listings found without one (with their first and last line in the notes)."""

    lines: list[str]
    origin: list[int]
    detected: dict[int, tuple[int, int]]
    web_copy: bool


def is_web_copy(lines: list[str]) -> bool:
    """Return True when the notes were copied from a web page (headings marked '¶')."""
    return any(_PILCROW.match(ln) for ln in lines)


def prepare(lines: list[str], first: int = 1) -> Prepared:
    """Return ``lines`` (the notes' line ``first`` onwards) ready for the parser."""
    web = is_web_copy(lines)
    runs = _code_runs(lines)
    out: list[str] = []
    origin: list[int] = []
    detected: dict[int, tuple[int, int]] = {}
    titled = False

    def add(text: str, k: int) -> None:
        out.append(text)
        origin.append(first + k)

    i = 0
    while i < len(lines):
        line = lines[i]
        if i in runs:
            end = runs[i]
            body = [ln.rstrip() for ln in lines[i:end]]
            while body and not body[-1].strip():
                body.pop()
            shell = all(_SHELL.match(ln.strip()) for ln in body if ln.strip())
            python = None if shell else reindent_python(body)
            if out and out[-1].strip():
                add("", i)
            detected[len(out)] = (first + i, first + i + len(body) - 1)
            prompt = any(ln.lstrip().startswith("$ ") for ln in body)
            language = "console" if prompt else "bash"  # console: commands after '$ '
            add("```python" if python is not None else f"```{language}" if shell else "```", i)
            for k, text in enumerate(python if python is not None else body):
                add(text, i + k)
            add("```", i + len(body) - 1)
            add("", i + len(body) - 1)
            i = end
            continue
        m = _PILCROW.match(line) if web else None
        if m:
            text = m.group(1)
            level = 1 if not titled else 3 if re.match(r"\d+[.)]\s", text) else 2
            titled = True
            # '1. Data' is a numbered heading, not a list: escape the marker's dot
            text = re.sub(r"^(\d+)([.)])", r"\1\\\2", text)
            add("#" * level + " " + text, i)
            add("", i)
        elif web and _LABEL.match(line.strip()) and i + 1 < len(lines):
            # a short line without punctuation over more text: a sub-heading whose anchor
            # sign the copy lost ("Usage notes")
            add("#### " + line.strip(), i)
            add("", i)
        elif web and _ITEM.match(line) and not _ENDS.search(line.rstrip()):
            # an item cut where the page had inline code: it goes on over the next lines,
            # and ' - ' inside what is joined starts the next item
            end = i + 1
            joined = line.rstrip()
            while end < len(lines) and lines[end].strip() and not _ITEM.match(lines[end]):
                if _PILCROW.match(lines[end]) or end in runs:
                    break
                joined += " " + lines[end].strip()
                end += 1
                if _ENDS.search(joined):
                    break
            for item in re.split(r" - (?=[A-Z])", joined):
                add(item if item.lstrip().startswith("- ") else "- " + item.strip(), i)
            add("", end - 1)
            i = end
            continue
        elif web and line.strip():
            add(line, i)
            nxt = lines[i + 1] if i + 1 < len(lines) else ""
            together = (_ITEM.match(line) and _ITEM.match(nxt)) or (
                line.lstrip().startswith("|") and nxt.lstrip().startswith("|")
            )
            if not together:
                add("", i)  # each line of a web copy is a paragraph of its own
        else:
            add(line, i)
        i += 1
    return Prepared(out, origin, detected, web)


def _code_runs(lines: list[str]) -> dict[int, int]:
    """Return ``{first index: index after the last}`` of each run of code without fences."""
    runs: dict[int, int] = {}
    fence: str | None = None
    n = len(lines)

    def code_like(s: str) -> bool:
        return bool(_CODE_START.match(s) or _CODE_LIKE.search(s) or _SHELL.match(s))

    def comment(t: str) -> bool:  # a Python comment, not a Markdown heading ('## …')
        return t.startswith("#") and not t.startswith("##")

    def next_text(k: int) -> str | None:
        while k < n and (not lines[k].strip() or comment(lines[k].strip())):
            k += 1
        return lines[k].strip() if k < n else None

    i = 0
    while i < n:
        s = lines[i].strip()
        if fm := _FENCE.match(lines[i]):
            fence = fm.group(1)[0] if fence is None else None if fm.group(1)[0] == fence else fence
            i += 1
            continue
        starts = _CODE_START.match(s) or _SHELL.match(s)
        if fence is not None or not starts or _ITEM.match(lines[i]):
            i += 1
            continue
        in_doc = s.count('"""') % 2 == 1 or s.count("'''") % 2 == 1
        j = i + 1
        while j < n:
            t = lines[j].strip()
            if in_doc:
                in_doc = t.count('"""') % 2 == 0 and t.count("'''") % 2 == 0
            elif not t or comment(t):
                nxt = next_text(j + 1)
                if nxt is None or nxt.startswith("#") or not code_like(nxt):
                    break
            elif code_like(t) and not _FENCE.match(lines[j]) and not _PILCROW.match(lines[j]):
                in_doc = t.count('"""') % 2 == 1 or t.count("'''") % 2 == 1
            else:
                break
            j += 1
        if j - i >= 2 or starts:
            runs[i] = j
        i = j
    return runs


# Statements that always start at the left margin in a script, and those that end a block.
_TOP = re.compile(r"^(?:(?:async\s+)?def\s|class\s|@|if\s+__name__\s*==|from\s+\S+\s+import\s)")
_ENDS_BLOCK = re.compile(r"^(?:return|raise|continue|break|pass)\b")
_DEDENT = re.compile(r"^(?:else\s*:|elif\s|except\b|finally\s*:)")
_STRINGS = re.compile(r"\"\"\".*?\"\"\"|'''.*?'''|\"(?:\\.|[^\"\\])*\"|'(?:\\.|[^'\\])*'")


def reindent_python(lines: list[str]) -> list[str] | None:
    """Return Python whose indentation was lost with it restored, the lines unchanged when
    they already parse, or None when the lines are not Python that can be recovered.

    The block structure is read back from the code itself: a line ending in ':' opens a
    block, 'return'/'raise'/… and a new top-level 'def' close one, open brackets indent
    their continuation lines. The result must parse (``ast``), or it is not used.
    """
    source = "\n".join(lines)
    if _parses(source):
        return lines
    if any(ln[:1] in (" ", "\t") for ln in lines if ln.strip()):
        return None  # indented already: not a lost-indentation case
    out: list[str] = []
    level = 0
    depth = 0  # open brackets
    in_doc = False
    for raw in lines:
        s = raw.strip()
        if not s:
            out.append("")
            continue
        if in_doc:
            out.append("    " * level + s)
            in_doc = s.count('"""') % 2 == 0
            continue
        if depth == 0:
            if _TOP.match(s):
                level = 0
            elif _DEDENT.match(s):
                level = max(level - 1, 0)
        bare = _STRINGS.sub('""', s.split(" #")[0] if not s.startswith("#") else "")
        opened = sum(bare.count(c) for c in "([{") - sum(bare.count(c) for c in ")]}")
        closes_first = s[0] in ")]}"
        shown = level + depth - (1 if closes_first and depth else 0)
        out.append("    " * max(shown, 0) + s)
        depth = max(depth + opened, 0)
        if s.count('"""') % 2 == 1:
            in_doc = True
        if depth == 0:
            if bare.rstrip().endswith(":"):
                level += 1
            elif _ENDS_BLOCK.match(s) and level:
                level -= 1
    result = "\n".join(out)
    return out if _parses(result) else None


def _parses(source: str) -> bool:
    """Return True when ``source`` is valid Python."""
    try:
        ast.parse(source)
    except (SyntaxError, ValueError):
        return False
    return True
