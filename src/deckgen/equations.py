"""LaTeX equations as native Office Math (OMML), the format of PowerPoint's equation editor.

An equation written in LaTeX becomes an lxml tree in the Office Math namespace
(``http://schemas.openxmlformats.org/officeDocument/2006/math``, prefix ``m``): an
``m:oMathPara`` for a display equation, an ``m:oMath`` for inline math. The backend puts
it in an ``a14:m`` element of a text paragraph inside ``mc:AlternateContent``; a
presenter can then edit it in PowerPoint as if it had been typed there.

The conversion has two steps. ``latex2mathml`` parses the LaTeX into presentation
MathML; this module maps that MathML onto OMML itself (no XSLT, no other converter):

* ``mi``/``mn``/``mo``/``mtext`` → ``m:r`` runs. Single letters stay italic (OMML's
  default); words such as ``log`` or ``\\mathrm{eff}`` get ``<m:sty m:val="p"/>``,
  ``\\text{...}`` gets ``<m:nor/>``; ``\\mathbb``/``\\mathcal`` letters become Unicode
  math alphanumerics (𝔼, ℒ); adjacent runs of one non-default style are merged.
* ``mfrac`` → ``m:f``; ``msub``/``msup``/``msubsup`` → ``m:sSub``/``m:sSup``/``m:sSubSup``;
  ``msqrt``/``mroot`` → ``m:rad``; ``mtable`` → ``m:m``; ``mphantom`` → ``m:phant``;
  ``menclose`` → ``m:borderBox``.
* Large operators (∑ ∏ ∐ ∫ ∬ ∭ ∮ …) with or without limits → ``m:nary``, whose ``m:e`` takes
  the terms that follow, up to the next relation (and, except after an integral, the
  next ``+``/``−``, comma or wide space).
* Brackets that pair up — ``\\left…\\right``, and plain ``( ) [ ] \\{ \\} ⟨ ⟩ ⌊ ⌋ ⌈ ⌉``
  as well as ``| |`` and ``‖ ‖`` (``\\lvert``, ``\\|``) — → ``m:d`` with ``begChr`` and
  ``endChr``, so they stretch; a script on the closing bracket (``\\|x\\|_2``) is put
  on the whole ``m:d``.
* Accents (hat, bar, tilde, vec, dot, …) → ``m:acc``; ``\\overline``/``\\underline`` →
  ``m:bar``; over/under braces → ``m:groupChr``; ``\\lim``/``\\max``/… with a subscript
  (display) and ``\\overset``/``\\underset`` → ``m:limLow``/``m:limUpp``.

The trees also suit LibreOffice, whose formula import reads OMML as StarMath source: a
lone bracket, ``|`` or ``%`` in a run is marked ``m:lit``, large operators it does not
know (⋃, ⨁, …) get their limits like ``\\max`` instead of an ``m:nary``, and an empty
script base or a cell that starts with ``=`` gets an invisible zero-width space.

Known flaws of ``latex2mathml`` are worked around before it runs (``\\sim`` came out as
``~``, ``\\mathrm{e}`` lost its upright style, ``aligned`` was not a table) and input it
would pass through silently — unknown commands, unbalanced braces, missing arguments —
raises :class:`EquationError` with a message naming the problem.

Element order follows ECMA-376's ``shared-math.xsd``; every tree this module makes
validates against it. Nothing here imports python-pptx.
"""

from __future__ import annotations

import copy
import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from lxml import etree

__all__ = [
    "M_NS",
    "EquationError",
    "add_run_properties",
    "estimate_size",
    "latex_to_omml",
    "plain_text",
    "validate_latex",
]

M_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"
MML_NS = "http://www.w3.org/1998/Math/MathML"
XML_NS = "http://www.w3.org/XML/1998/namespace"
_M = f"{{{M_NS}}}"
_MML = f"{{{MML_NS}}}"
_VAL = f"{_M}val"
_NSMAP = {"m": M_NS}


class EquationError(ValueError):
    """LaTeX that cannot be turned into an equation.

    ``reason`` says what could not be handled (e.g. ``unknown command \\foo``,
    ``unbalanced braces: …``); ``latex`` is the whole input. ``str()`` gives both.
    """

    def __init__(self, reason: str, latex: str) -> None:
        # A long input is cut: a message names the equation, it does not repeat it.
        shown = latex if len(latex) <= 80 else latex[:77] + "..."
        super().__init__(f"{reason} (in LaTeX {shown!r})")
        self.reason = reason
        self.latex = latex


# --- character classes ---------------------------------------------------------------
# Large operators written as m:nary: the ones LibreOffice also reads (others, like ⋃ and
# ⨁, would make its formula import fail, so they get their limits like \max does).
_NARY = frozenset("∑∏∐∫∬∭∮∯∰")
_BIG_OPERATORS = frozenset("∱∲∳⋃⋂⋁⋀⨀⨁⨂⨄⨆")
_INTEGRALS = frozenset("∫∬∭∮∯∰∱∲∳")
_OPEN_TO_CLOSE = {"(": ")", "[": "]", "{": "}", "⟨": "⟩", "⌊": "⌋", "⌈": "⌉", "⟦": "⟧"}
_CLOSE_TO_OPEN = {close: open_ for open_, close in _OPEN_TO_CLOSE.items()}
_EITHER = frozenset("|‖")
_RELATIONS = frozenset("=<>≤≥≠≈∼≃≅≡≢≪≫∝∈∉∋⊂⊃⊆⊇⊊⊋→←↔⇒⇐⇔⟹⟸⟺↦≔≜≐≺≻⪯⪰⊥⊢⊨∣∤≲≳≍∥:")
_BINARY = frozenset("+−-±∓×÷⋅·∘∙⊕⊗⊙⊖∪∩∧∨∖*⋆†⊎")
_PUNCTUATION = frozenset(",;")
# Operators whose subscript goes underneath in display style (\lim, \max, …).
_LIMIT_WORDS = frozenset(
    ("lim", "liminf", "limsup", "max", "min", "sup", "inf", "argmax", "argmin", "det", "gcd", "Pr")
)
# MathML accent characters (as latex2mathml writes them) → OMML combining marks, as Word
# writes them (and LibreOffice reads them).
_ACCENTS = {
    "^": "\u0302",
    "ˆ": "\u0302",
    "\u0302": "\u0302",
    "~": "\u0303",
    "˜": "\u0303",
    "\u0303": "\u0303",
    "¯": "\u0304",
    "\u0304": "\u0304",
    "˙": "\u0307",
    "\u0307": "\u0307",
    "¨": "\u0308",
    "\u0308": "\u0308",
    "→": "\u20d7",
    "\u20d7": "\u20d7",
    "←": "\u20d6",
    "ˇ": "\u030c",
    "˘": "\u0306",
    "´": "\u0301",
    "`": "\u0300",
    "˚": "\u030a",
    "⃛": "\u20db",
}
_BARS = frozenset("―‾_\u0305")
_GROUP_CHARS = frozenset("⏞⏟⏜⏝⎴⎵")
_INVISIBLE = dict.fromkeys(map(ord, "\u2061\u2062\u2063\u2064"), None)
# Characters that latex2mathml writes but Office writes differently.
_NORMALIZE = str.maketrans({"·": "⋅", "-": "−"})
_ZWSP = "\u200b"
_STARMATH_SPECIAL = frozenset('%#&~`^_"|()[]{}\\' + _ZWSP)
_SPACES_EM = {
    _ZWSP: 0.0,
    "\u200a": 0.1,
    "\u2009": 0.167,
    "\u205f": 0.222,
    "\u2004": 0.333,
    "\u2003": 1.0,
}

# MathML mathvariant → (run style, Unicode math alphabet name or None).
_VARIANTS: dict[str, tuple[str | None, str | None]] = {
    "normal": ("p", None),
    "bold": ("b", None),
    "italic": ("i", None),
    "bold-italic": ("bi", None),
    "double-struck": (None, "DOUBLE-STRUCK"),
    "script": (None, "SCRIPT"),
    "bold-script": (None, "BOLD SCRIPT"),
    "fraktur": (None, "FRAKTUR"),
    "bold-fraktur": (None, "BOLD FRAKTUR"),
    "sans-serif": (None, "SANS-SERIF"),
    "bold-sans-serif": (None, "SANS-SERIF BOLD"),
    "sans-serif-italic": (None, "SANS-SERIF ITALIC"),
    "monospace": (None, "MONOSPACE"),
}
# Letters of the math alphabets that Unicode keeps in the Letterlike Symbols block.
_ALPHABET_HOLES = {
    ("DOUBLE-STRUCK", "C"): "ℂ",
    ("DOUBLE-STRUCK", "H"): "ℍ",
    ("DOUBLE-STRUCK", "N"): "ℕ",
    ("DOUBLE-STRUCK", "P"): "ℙ",
    ("DOUBLE-STRUCK", "Q"): "ℚ",
    ("DOUBLE-STRUCK", "R"): "ℝ",
    ("DOUBLE-STRUCK", "Z"): "ℤ",
    ("SCRIPT", "B"): "ℬ",
    ("SCRIPT", "E"): "ℰ",
    ("SCRIPT", "F"): "ℱ",
    ("SCRIPT", "H"): "ℋ",
    ("SCRIPT", "I"): "ℐ",
    ("SCRIPT", "L"): "ℒ",
    ("SCRIPT", "M"): "ℳ",
    ("SCRIPT", "R"): "ℛ",
    ("SCRIPT", "e"): "ℯ",
    ("SCRIPT", "g"): "ℊ",
    ("SCRIPT", "o"): "ℴ",
    ("FRAKTUR", "C"): "ℭ",
    ("FRAKTUR", "H"): "ℌ",
    ("FRAKTUR", "I"): "ℑ",
    ("FRAKTUR", "R"): "ℜ",
    ("FRAKTUR", "Z"): "ℨ",
}


def _math_alphabet(text: str, alphabet: str) -> str:
    """Return ``text`` with Latin letters and digits in the Unicode math ``alphabet``."""
    out = []
    for ch in text:
        hole = _ALPHABET_HOLES.get((alphabet, ch))
        if hole:
            out.append(hole)
            continue
        if ch.isascii() and ch.isalpha():
            kind = "CAPITAL" if ch.isupper() else "SMALL"
            name = f"MATHEMATICAL {alphabet} {kind} {ch.upper()}"
        elif ch.isascii() and ch.isdigit():
            name = f"MATHEMATICAL {alphabet} DIGIT {unicodedata.name(ch).split()[-1]}"
        else:
            out.append(ch)
            continue
        try:
            out.append(unicodedata.lookup(name))
        except KeyError:
            out.append(ch)
    return "".join(out)


# --- LaTeX pre-pass: balance checks and rewrites ---------------------------------------
_TOKEN = re.compile(
    r"""
    (?P<env>\\(?:begin|end)\s*\{(?P<name>[^{}]*)\})
  | (?P<font>\\math(?:rm|sf)\s*\{\s*(?P<letter>[A-Za-z0-9])\s*\})
  | (?P<cmd>\\[A-Za-z]+\*?)
  | (?P<escaped>\\[^A-Za-z])
  | (?P<backslash>\\$)
  | (?P<comment>%[^\n]*)
  | (?P<open>\{)
  | (?P<close>\})
  | (?P<other>[^\\{}%]+)
    """,
    re.VERBOSE | re.DOTALL,
)
# Commands latex2mathml gets wrong or does not know, and what to give it instead.
_REWRITES = {
    r"\sim": r"\thicksim",  # latex2mathml maps \sim to "~" (U+007E), not "∼" (U+223C)
    r"\arg": r"\operatorname{arg}",
    r"\dag": r"\dagger",
    r"\ddag": r"\ddagger",
    r"\nolimits": "",
    r"\nonumber": "",
    r"\notag": "",
    r"\mathds": r"\mathbb",
    r"\operatorname*": r"\operatorname",
    r"\textup": r"\textrm",
}
# Environments latex2mathml does not lay out as tables: given as arrays instead.
_ENV_REWRITES = {
    "aligned": "rlrlrlrl",
    "align": "rlrlrlrl",
    "align*": "rlrlrlrl",
    "alignat": "rlrlrlrl",
    "alignat*": "rlrlrlrl",
    "split": "rlrlrlrl",
    "gathered": "c",
    "gather": "c",
    "gather*": "c",
    "eqnarray": "rcl",
    "eqnarray*": "rcl",
}
_TEXT_COMMANDS = frozenset(
    "\\" + name
    for name in (
        *("text", "textrm", "textup", "textbf", "textit", "textsf", "texttt"),
        *("textnormal", "textmd", "mbox", "hbox", "emph"),
    )
)
_OPERATORNAME = re.compile(r"\\operatorname\s*\{([^{}]*)\}")


#: How deep braces, \\left…\\right pairs and environments may nest. The converters
#: recurse once (or a few times) per level; real equations stay far below this.
MAX_NESTING = 40


def _check_depth(stack: list[tuple[str, str, int]], pos: int, latex: str) -> None:
    """Refuse (EquationError) groups nested deeper than MAX_NESTING."""
    if len(stack) > MAX_NESTING:
        raise EquationError(
            f"groups nest too deeply at position {pos} (at most {MAX_NESTING} levels)", latex
        )


def _prepare(latex: str) -> str:
    """Return ``latex`` rewritten for latex2mathml; raise EquationError when unbalanced.

    Checks ``{}``, ``\\left``/``\\right`` and ``\\begin``/``\\end`` pairs; rewrites
    commands latex2mathml mishandles (see ``_REWRITES``), matched ``\\lvert … \\rvert``
    (and ``\\lVert … \\rVert``) into ``\\left| … \\right|`` so they become one stretchy
    pair, and ``\\mathrm{x}`` into ``\\mathrm {x}`` so the letter stays upright.
    """
    if not latex.strip():
        raise EquationError("empty equation", latex)
    out: list[str] = []
    # Open groups: ("{", pos) | ("\\left", pos) | ("env", name).
    stack: list[tuple[str, str, int]] = []
    verts: list[tuple[int, str, int]] = []  # (depth, kind, index in out) of \lvert / \lVert
    text_next = False  # the next group is the argument of \text (copied into the XML as is)
    for match in _TOKEN.finditer(latex):
        kind = match.lastgroup
        text = match.group(0)
        pos = match.start()
        in_text = any(entry[1] == "text" for entry in stack)
        if in_text and kind in ("other", "escaped"):
            # latex2mathml copies text arguments into its XML unescaped.
            text = text.replace("\\&", "&").replace("&", "&amp;")
            text = text.replace("<", "&lt;").replace(">", "&gt;")
            out.append(text)
            continue
        if kind == "env":
            begin = text.startswith(r"\begin")
            name = match.group("name").strip()
            if begin:
                stack.append(("env", name, pos))
                _check_depth(stack, pos, latex)
                if name in _ENV_REWRITES:
                    text = r"\begin{array}{" + _ENV_REWRITES[name] + "}"
            else:
                if not stack or stack[-1][0] != "env" or stack[-1][1] != name:
                    raise EquationError(_unmatched_end(name, stack), latex)
                stack.pop()
                if name in _ENV_REWRITES:
                    text = r"\end{array}"
        elif kind == "font":
            text = text[: text.index("{")] + " {" + match.group("letter") + "}"
        elif kind == "cmd":
            if text in (r"\left", r"\right", r"\middle"):
                if text == r"\left":
                    stack.append(("left", text, pos))
                    _check_depth(stack, pos, latex)
                elif not stack or stack[-1][0] != "left":
                    raise EquationError(
                        f"unbalanced \\left/\\right: {text} at position {pos} "
                        "has no \\left before it",
                        latex,
                    )
                elif text == r"\right":
                    stack.pop()
            elif text in (r"\lvert", r"\lVert"):
                verts.append((len(stack), text[2:], len(out)))
            elif text in (r"\rvert", r"\rVert"):
                if verts and verts[-1][0] == len(stack) and verts[-1][1] == text[2:]:
                    _, vkind, index = verts.pop()
                    bar = "|" if vkind == "vert" else r"\|"
                    out[index] = r"\left" + bar + " "
                    text = r"\right" + bar + " "
            else:
                text = _REWRITES.get(text, text)
        elif kind == "other" and "&" in text and not any(e[0] == "env" for e in stack):
            raise EquationError(
                f"'&' at position {pos + text.index('&')} outside a matrix or aligned "
                "environment (write \\& for an ampersand)",
                latex,
            )
        elif (kind == "other" and "&" in text) or text == "\\\\":
            # A cell or row ends: an \lvert before it cannot pair with an \rvert after.
            verts = [v for v in verts if v[0] < len(stack)]
        elif kind == "backslash":
            raise EquationError("a lone backslash at the end", latex)
        elif kind == "open":
            stack.append(("{", "text" if text_next else "{", pos))
            _check_depth(stack, pos, latex)
        elif kind == "close":
            if not stack or stack[-1][0] != "{":
                if stack and stack[-1][0] == "left":
                    raise EquationError(
                        f"unbalanced \\left/\\right: \\left at position {stack[-1][2]} "
                        "has no \\right in its group",
                        latex,
                    )
                raise EquationError(
                    f"unbalanced braces: '}}' at position {pos} closes nothing", latex
                )
            stack.pop()
            verts = [v for v in verts if v[0] <= len(stack)]
        if kind == "cmd":
            text_next = match.group(0) in _TEXT_COMMANDS
        elif not (kind == "other" and not text.strip()):
            text_next = False
        out.append(text)
    if stack:
        what, name, pos = stack[-1]
        if what == "{":
            raise EquationError(f"unbalanced braces: '{{' at position {pos} is never closed", latex)
        if what == "left":
            raise EquationError(
                f"unbalanced \\left/\\right: \\left at position {pos} has no \\right", latex
            )
        raise EquationError(f"\\begin{{{name}}} has no \\end{{{name}}}", latex)
    # \operatorname{…} with anything but letters inside (arg\,max) is not understood.
    return _OPERATORNAME.sub(
        lambda m: (
            m.group(0) if re.fullmatch(r"[A-Za-z ]+", m.group(1)) else rf"\mathrm{{{m.group(1)}}}"
        ),
        "".join(out),
    )


def _unmatched_end(name: str, stack: list[tuple[str, str, int]]) -> str:
    """Return the message for an ``\\end{name}`` that closes no matching ``\\begin``."""
    envs = [entry[1] for entry in stack if entry[0] == "env"]
    if envs:
        return f"\\end{{{name}}} does not match \\begin{{{envs[-1]}}}"
    return f"\\end{{{name}}} has no \\begin{{{name}}}"


# --- LaTeX → MathML ----------------------------------------------------------------------
_L2M_ERRORS = {
    "NumeratorNotFoundError": "a fraction is missing its numerator",
    "DenominatorNotFoundError": "a fraction is missing its denominator",
    "ExtraLeftOrMissingRightError": "unbalanced \\left/\\right",
    "MissingSuperScriptOrSubscriptError": "'^' or '_' has nothing after it",
    "DoubleSubscriptsError": "double subscript (write x_{ab} or {x_a}_b)",
    "DoubleSuperscriptsError": "double superscript (write x^{ab} or {x^a}^b)",
    "NoAvailableTokensError": "a command or script is missing its argument",
    "MissingEndError": "\\begin without a matching \\end",
    "InvalidAlignmentError": "invalid column alignment in an array",
    "InvalidWidthError": "invalid width",
    "InvalidStyleForGenfracError": "invalid style for \\genfrac",
    "LimitsMustFollowMathOperatorError": "\\limits must follow an operator such as \\sum",
}
_UNKNOWN_COMMAND = re.compile(r"\\[A-Za-z]+")


def _mathml(latex: str) -> etree._Element:
    """Return the MathML ``<math>`` element latex2mathml makes of ``latex``.

    Raises EquationError for input latex2mathml rejects.
    """
    from latex2mathml.converter import convert

    prepared = _prepare(latex)
    try:
        text = convert(prepared)
    except Exception as exc:
        name = type(exc).__name__
        reason = _L2M_ERRORS.get(name, f"cannot parse ({name}: {exc})")
        raise EquationError(reason, latex) from exc
    try:
        return etree.fromstring(text.encode("utf-8"))
    except etree.XMLSyntaxError as exc:
        raise EquationError(f"cannot parse ({exc})", latex) from exc


# --- MathML → OMML -----------------------------------------------------------------------
def _m(tag: str, parent: etree._Element | None = None, **attrs: str) -> etree._Element:
    """Return a new ``m:tag`` element (appended to ``parent`` when given)."""
    qname = _M + tag
    el = etree.Element(qname, nsmap=_NSMAP) if parent is None else etree.SubElement(parent, qname)
    for key, value in attrs.items():
        el.set(_M + key, value)
    return el


def _local(node: etree._Element) -> str:
    """Return the MathML local name of ``node`` ('' for comments and the like)."""
    tag = node.tag
    if not isinstance(tag, str):
        return ""
    return tag[len(_MML) :] if tag.startswith(_MML) else tag


def _children(node: etree._Element) -> list[etree._Element]:
    """Return the element children of ``node`` (comments skipped)."""
    return [child for child in node if isinstance(child.tag, str)]


def _unwrap(node: etree._Element) -> etree._Element:
    """Return ``node``, or its only child while it is an mrow/mstyle with one child."""
    while _local(node) in ("mrow", "mstyle", "mpadded"):
        kids = _children(node)
        if len(kids) != 1:
            break
        node = kids[0]
    return node


def _text(node: etree._Element) -> str:
    """Return the text of a MathML token element, invisible operators removed."""
    return "".join(node.itertext()).translate(_INVISIBLE)


@dataclass
class _Item:
    """One OMML element in a sequence, with what the sequence logic needs to know."""

    el: etree._Element
    text: str = ""  # a run's text (one MathML token), for operator tests
    nary: bool = False  # an m:nary whose m:e is still to be filled
    space: float = 0.0  # width in em of a space run


@dataclass(frozen=True)
class _Delim:
    """A bracket in a sequence: its character, role and origin."""

    char: str
    role: str  # "open" | "close" | "either"
    fence: bool  # from \left / \right
    scripted: bool = False  # the base of an msub/msup/msubsup (e.g. "\|_2")


class _Converter:
    """Maps one MathML tree onto OMML (display or inline style)."""

    def __init__(self, latex: str, display: bool) -> None:
        self.latex = latex
        self.display = display

    def fail(self, reason: str) -> EquationError:
        """Return an EquationError for this equation."""
        return EquationError(reason, self.latex)

    # -- sequences ----------------------------------------------------------------------
    def sequence(self, nodes: Iterable[etree._Element]) -> list[etree._Element]:
        """Return the OMML elements of a MathML sequence (mrows flattened)."""
        flat = list(self.flatten(nodes))
        marks = [self.delimiter(node) for node in flat]
        pairs = self.pair(marks)
        items = self.build(flat, marks, pairs, 0, len(flat))
        return self.finish(items)

    def flatten(self, nodes: Iterable[etree._Element]) -> Iterator[etree._Element]:
        """Yield the nodes with mrow/mstyle/mpadded replaced by their children."""
        for node in nodes:
            if _local(node) in ("mrow", "mstyle", "mpadded", "semantics"):
                kids = _children(node)
                forms = [k.get("form") for k in kids if k.get("fence") == "true"]
                if "prefix" in forms and "postfix" not in forms:
                    yield node  # \left\{ without \right (cases): keep its extent
                    continue
                if _local(node) == "semantics":
                    kids = kids[:1]
                yield from self.flatten(kids)
            elif _local(node):
                yield node

    def delimiter(self, node: etree._Element) -> _Delim | None:
        """Return how ``node`` may act as a bracket, or None."""
        name = _local(node)
        if name in ("msub", "msup", "msubsup"):
            kids = _children(node)
            if not kids:
                return None
            inner = self.delimiter(_unwrap(kids[0]))
            if inner is None or inner.fence or inner.role == "open":
                return None
            return _Delim(inner.char, inner.role, False, scripted=True)
        if name not in ("mo", "mi"):
            return None
        text = _text(node).strip()
        if node.get("fence") == "true":
            form = node.get("form")
            if form == "prefix":
                return _Delim(text, "open", True)
            if form == "postfix":
                return _Delim(text, "close", True)
            return None  # \middle
        if text in _OPEN_TO_CLOSE:
            return _Delim(text, "open", False)
        if text in _CLOSE_TO_OPEN:
            return _Delim(text, "close", False)
        if text in _EITHER:
            return _Delim(text, "either", False)
        return None

    @staticmethod
    def pair(marks: list[_Delim | None]) -> dict[int, int | None]:
        """Return opening index → closing index (None: a \\left open to the end)."""
        pairs: dict[int, int | None] = {}
        stack: list[int] = []

        def find(match: str | None) -> int | None:
            """Return the stack position of the nearest opener ``match`` (None: \\left)."""
            for pos in range(len(stack) - 1, -1, -1):
                mark = marks[stack[pos]]
                assert mark is not None
                if match is None and mark.fence:
                    return pos
                if mark.fence:
                    return None  # never pair across a \left
                if match is not None and mark.char == match:
                    return pos
            return None

        for index, mark in enumerate(marks):
            if mark is None:
                continue
            if mark.fence:
                if mark.role == "open":
                    stack.append(index)
                else:
                    pos = find(None)
                    if pos is not None:
                        pairs[stack[pos]] = index
                        del stack[pos:]
                continue
            if mark.role == "open":
                stack.append(index)
                continue
            want = _CLOSE_TO_OPEN.get(mark.char, mark.char)
            pos = find(want)
            if pos is not None:
                pairs[stack[pos]] = index
                del stack[pos:]
            elif mark.role == "either" and not mark.scripted:
                stack.append(index)
        for index in stack:
            mark = marks[index]
            if mark is not None and mark.fence:
                pairs[index] = None  # \left\{ … without \right (cases)
                break
        return pairs

    def build(
        self,
        flat: list[etree._Element],
        marks: list[_Delim | None],
        pairs: dict[int, int | None],
        start: int,
        end: int,
    ) -> list[_Item]:
        """Return the items of ``flat[start:end]``, bracket pairs made into m:d."""
        items: list[_Item] = []
        index = start
        while index < end:
            if index in pairs:
                close = pairs[index]
                stop = end if close is None else close
                inner = self.finish(self.build(flat, marks, pairs, index + 1, stop))
                opening = marks[index]
                closing = marks[close] if close is not None else None
                assert opening is not None
                delim = self.delimited(opening.char, closing.char if closing else "", inner)
                if close is not None and closing is not None and closing.scripted:
                    items.append(_Item(self.script(flat[close], base=[delim])))
                else:
                    items.append(_Item(delim))
                index = stop + 1
            else:
                items.extend(self.node(flat[index]))
                index += 1
        return items

    def finish(self, items: list[_Item]) -> list[etree._Element]:
        """Give each n-ary operator its operand, merge runs; return the elements."""
        index = len(items) - 1
        while index >= 0:
            item = items[index]
            if item.nary:
                chr_el = item.el.find(f"{_M}naryPr/{_M}chr")
                integral = chr_el is not None and chr_el.get(_VAL) in _INTEGRALS
                stop = index + 1
                while stop < len(items) and not self.ends_operand(
                    items[stop], integral, first=stop == index + 1
                ):
                    stop += 1
                operand = item.el.find(f"{_M}e")
                for taken in items[index + 1 : stop]:
                    operand.append(taken.el)
                del items[index + 1 : stop]
                item.nary = False
            index -= 1
        return _merge_runs([item.el for item in items])

    @staticmethod
    def ends_operand(item: _Item, integral: bool, first: bool) -> bool:
        """Whether ``item`` ends the operand of a preceding n-ary operator."""
        if item.el.tag != f"{_M}r":
            return False
        text = item.text.strip()
        if text and all(ch in _RELATIONS for ch in text):
            return True
        if integral:
            return text in _PUNCTUATION
        if text in _PUNCTUATION or item.space >= 0.9:
            return True
        return text in ("+", "−", "-", "±", "∓") and not first

    # -- elements -----------------------------------------------------------------------
    def arg(self, tag: str, nodes: Iterable[etree._Element]) -> etree._Element:
        """Return an ``m:tag`` argument element holding the converted ``nodes``."""
        el = _m(tag)
        for child in self.sequence(nodes):
            el.append(child)
        return el

    def delimited(self, beg: str, end: str, inner: list[etree._Element]) -> etree._Element:
        """Return ``m:d`` with ``beg``/``end`` around ``inner``."""
        d = _m("d")
        pr = _m("dPr", d)
        _m("begChr", pr, val=beg)
        _m("endChr", pr, val=end)
        e = _m("e", d)
        for child in inner:
            e.append(child)
        return d

    def expect(self, node: etree._Element, count: int, what: str) -> list[etree._Element]:
        """Return the ``count`` children of ``node``; raise when there are not so many."""
        kids = _children(node)
        if len(kids) != count:
            raise self.fail(f"{what} is missing an argument")
        return kids

    def node(self, node: etree._Element) -> list[_Item]:
        """Return the items for one MathML element."""
        name = _local(node)
        if name in ("mi", "mn", "mo", "mtext", "ms"):
            return self.token(node, name)
        if name == "mspace":
            return self.mspace(node)
        if name == "mfrac":
            num, den = self.expect(node, 2, "\\frac")
            f = _m("f")
            if node.get("linethickness") in ("0", "0pt", "0em"):
                _m("type", _m("fPr", f), val="noBar")
            f.append(self.arg("num", [num]))
            f.append(self.arg("den", [den]))
            return [_Item(f)]
        if name in ("msqrt", "mroot"):
            rad = _m("rad")
            if name == "msqrt":
                _m("degHide", _m("radPr", rad), val="1")
                _m("deg", rad)
                rad.append(self.arg("e", _children(node)))
            else:
                base, degree = self.expect(node, 2, "\\sqrt[n]")
                rad.append(self.arg("deg", [degree]))
                rad.append(self.arg("e", [base]))
            return [_Item(rad)]
        if name in ("msub", "msup", "msubsup", "munder", "mover", "munderover"):
            return [self.scripted(node, name)]
        if name == "mtable":
            return [_Item(self.table(node))]
        if name == "mphantom":
            phant = _m("phant")
            phant.append(self.arg("e", _children(node)))
            return [_Item(phant)]
        if name == "menclose":
            return [_Item(self.enclose(node))]
        if name in ("mrow", "mstyle", "mpadded", "semantics"):
            return [
                _Item(el, text=el.findtext(f"{_M}t") or "" if el.tag == f"{_M}r" else "")
                for el in self.sequence(_children(node))
            ]
        if name == "merror":
            raise self.fail(f"cannot convert: {_text(node).strip() or 'error'}")
        if name in ("annotation", "annotation-xml", "none", "mprescripts"):
            return []
        raise self.fail(f"unsupported construct <{name}>")

    def enclose(self, node: etree._Element) -> etree._Element:
        """Return ``m:borderBox`` for menclose: a box (\\boxed) or a strike (\\cancel)."""
        box = _m("borderBox")
        notation = set(node.get("notation", "box").split())
        strikes = {
            "horizontalstrike": "strikeH",
            "verticalstrike": "strikeV",
            "updiagonalstrike": "strikeBLTR",
            "downdiagonalstrike": "strikeTLBR",
        }
        if notation & set(strikes) and not notation & {"box", "roundedbox"}:
            pr = _m("borderBoxPr", box)
            for side in ("hideTop", "hideBot", "hideLeft", "hideRight"):
                _m(side, pr, val="1")
            for name, tag in strikes.items():  # in schema order
                if name in notation:
                    _m(tag, pr, val="1")
        box.append(self.arg("e", _children(node)))
        return box

    def token(self, node: etree._Element, name: str) -> list[_Item]:
        """Return the run for an mi/mn/mo/mtext token (nothing when it is empty)."""
        text = _text(node)
        unknown = _UNKNOWN_COMMAND.search(text)
        if unknown:
            raise self.fail(f"unknown command {unknown.group(0)}")
        if name in ("mtext", "ms"):
            text = re.sub(r"\\([&%$#_{}])", r"\1", text)  # \text{R\&D}
            if not text:
                return []
            style, alphabet = _VARIANTS.get(node.get("mathvariant", ""), (None, None))
            if alphabet:
                text = _math_alphabet(text, alphabet)
            text = text.replace("\u00a0", " ")
            if style in ("b", "i", "bi"):
                return [_Item(_run(text, sty=style), text=text)]
            return [_Item(_run(text, nor=True), text=text)]
        text = text.strip()
        if not text:
            return []
        if name == "mo" and text in _NARY:
            return [self.nary(text, None, None, limits=None)]
        if name == "mo":
            text = text.translate(_NORMALIZE)
        style, alphabet = _VARIANTS.get(node.get("mathvariant", ""), (None, None))
        if alphabet:
            text = _math_alphabet(text, alphabet)
        if style == "i" and len(text) == 1:
            style = None  # OMML's default for a letter is italic already
        if style is None and len(text) > 1 and any(ch.isalpha() for ch in text):
            style = "p"  # a word: log, sin, max, softmax
        return [_Item(_run(text, sty=style), text=text)]

    def mspace(self, node: etree._Element) -> list[_Item]:
        """Return a space run as wide as the mspace (nothing for negative space)."""
        if node.get("linebreak") == "newline":
            raise self.fail(
                "line break \\\\ outside a matrix or aligned environment "
                "(PowerPoint equations have no line breaks; use one equation per line)"
            )
        width = node.get("width", "0")
        match = re.fullmatch(r"\s*(-?[\d.]+)\s*em\s*", width)
        em = float(match.group(1)) if match else 0.0
        if em <= 0.05:
            return []
        if em >= 0.95:
            text = "\u2003" * max(1, round(em))
        elif em >= 0.3:
            text = "\u2004"
        elif em >= 0.2:
            text = "\u205f"
        else:
            text = "\u2009"
        return [_Item(_run(text), text=text, space=em)]

    def scripted(self, node: etree._Element, name: str) -> _Item:
        """Return the item for a scripted base: n-ary, limit, accent, or sub/superscript."""
        kids = _children(node)
        need = 3 if name in ("msubsup", "munderover") else 2
        if len(kids) != need:
            raise self.fail(f"a {'script' if name.startswith('ms') else 'limit'} has no base")
        base = _unwrap(kids[0])
        base_text = _text(base).strip() if _local(base) in ("mo", "mi") else ""
        lower = kids[1] if name in ("msub", "msubsup", "munder", "munderover") else None
        upper = kids[-1] if name in ("msup", "msubsup", "mover", "munderover") else None
        limits = name in ("munder", "mover", "munderover")
        if _local(base) == "mo" and base_text in _NARY:
            return self.nary(base_text, lower, upper, limits=limits or None)
        is_limit_word = _local(base) == "mo" and base.get("movablelimits") == "true"
        if _local(base) == "mo" or (
            _local(base) == "mrow"
            and all(_local(k) in ("mi", "mspace") for k in self.flatten([base]))
        ):
            # \max, or \operatorname*{arg\,max} (an mrow of upright letters)
            word = re.sub(r"\s", "", _text(base))
            is_limit_word = is_limit_word or word in _LIMIT_WORDS
        if name == "mover":
            over = _unwrap(kids[1])
            mark = _text(over).strip() if _local(over) == "mo" else ""
            if mark in _ACCENTS:
                acc = _m("acc")
                _m("chr", _m("accPr", acc), val=_ACCENTS[mark])
                acc.append(self.arg("e", [kids[0]]))
                return _Item(acc)
            if mark in _BARS:
                return _Item(self.bar(kids[0], "top"))
            if mark in _GROUP_CHARS:
                return _Item(self.group(kids[0], mark, "top"))
        if name == "munder":
            under = _unwrap(kids[1])
            mark = _text(under).strip() if _local(under) == "mo" else ""
            if mark in _BARS:
                return _Item(self.bar(kids[0], "bot"))
            if mark in _GROUP_CHARS:
                return _Item(self.group(kids[0], mark, "bot"))
        big = _local(base) == "mo" and base_text in _BIG_OPERATORS
        if limits or (self.display and (big or (is_limit_word and name == "msub"))):
            content = self.sequence([kids[0]])
            if upper is not None:
                content = [self.limit("limUpp", content, upper)]
            if lower is not None:
                content = [self.limit("limLow", content, lower)]
            return _Item(content[0])
        return _Item(self.script(node))

    def arg_of(self, elements: list[etree._Element]) -> etree._Element:
        """Return an ``m:e`` holding ``elements``."""
        e = _m("e")
        for child in elements:
            e.append(child)
        return e

    def limit(self, tag: str, content: list[etree._Element], lim: etree._Element) -> etree._Element:
        """Return ``m:limLow``/``m:limUpp`` with ``content`` as its base and ``lim``."""
        el = _m(tag)
        el.append(self.arg_of(content))
        el.append(self.arg("lim", [lim]))
        return el

    def bar(self, base: etree._Element, pos: str) -> etree._Element:
        """Return ``m:bar`` (an overline or underline) over/under ``base``."""
        bar = _m("bar")
        _m("pos", _m("barPr", bar), val=pos)
        bar.append(self.arg("e", [base]))
        return bar

    def group(self, base: etree._Element, char: str, pos: str) -> etree._Element:
        """Return ``m:groupChr`` (an over/under brace) on ``base``."""
        group = _m("groupChr")
        pr = _m("groupChrPr", group)
        _m("chr", pr, val=char)
        _m("pos", pr, val=pos)
        _m("vertJc", pr, val="bot" if pos == "top" else "top")
        group.append(self.arg("e", [base]))
        return group

    def script(
        self, node: etree._Element, base: list[etree._Element] | None = None
    ) -> etree._Element:
        """Return m:sSub/m:sSup/m:sSubSup for an msub/msup/msubsup ``node``.

        ``base`` replaces the converted first child (a bracket pair closed by the base).
        """
        name = _local(node)
        kids = _children(node)
        need = 3 if name == "msubsup" else 2
        if len(kids) != need:
            raise self.fail("a script has no base")
        tag = {"msub": "sSub", "msup": "sSup", "msubsup": "sSubSup"}[name]
        el = _m(tag)
        e = self.arg("e", [kids[0]]) if base is None else self.arg_of(base)
        if not len(e):
            e.append(_run(_ZWSP))  # {}^{14}C: no base; an empty one shows a placeholder box
        el.append(e)
        if name == "msup":
            el.append(self.arg("sup", [kids[1]]))
        else:
            el.append(self.arg("sub", [kids[1]]))
            if name == "msubsup":
                el.append(self.arg("sup", [kids[2]]))
        return el

    def nary(
        self,
        char: str,
        lower: etree._Element | None,
        upper: etree._Element | None,
        limits: bool | None,
    ) -> _Item:
        """Return an ``m:nary`` item whose ``m:e`` is filled later (see ``finish``)."""
        nary = _m("nary")
        pr = _m("naryPr", nary)
        _m("chr", pr, val=char)
        under = limits if limits is not None else self.display and char not in _INTEGRALS
        _m("limLoc", pr, val="undOvr" if under else "subSup")
        if lower is None:
            _m("subHide", pr, val="1")
        if upper is None:
            _m("supHide", pr, val="1")
        nary.append(self.arg("sub", [lower] if lower is not None else []))
        nary.append(self.arg("sup", [upper] if upper is not None else []))
        _m("e", nary)
        return _Item(nary, nary=True)

    def table(self, node: etree._Element) -> etree._Element:
        """Return ``m:m`` for an mtable (every row padded to the same number of cells)."""
        rows = [row for row in _children(node) if _local(row) in ("mtr", "mlabeledtr")]
        cells = [[cell for cell in _children(row) if _local(cell) == "mtd"] for row in rows]
        if not cells:
            raise self.fail("an empty matrix or array")
        width = max(len(row) for row in cells) or 1
        aligns: list[str] = []
        for column in range(width):
            found = "center"
            for row in cells:
                if column < len(row) and row[column].get("columnalign"):
                    found = row[column].get("columnalign", "center")
                    break
            aligns.append(found if found in ("left", "right", "center") else "center")
        matrix = _m("m")
        if any(align != "center" for align in aligns):
            mcs = _m("mcs", _m("mPr", matrix))
            for align in aligns:
                mc_pr = _m("mcPr", _m("mc", mcs))
                _m("count", mc_pr, val="1")
                _m("mcJc", mc_pr, val=align)
        for row in cells:
            mr = _m("mr", matrix)
            for column in range(width):
                e = self.arg("e", _children(row[column]) if column < len(row) else [])
                lead = e[0] if len(e) else None
                if column and lead is not None and lead.tag == f"{_M}r" and _is_relation(lead):
                    # "&= b" (aligned): a relation needs something on its left in
                    # LibreOffice; an invisible zero-width space is that something.
                    e.insert(0, _run(_ZWSP))
                mr.append(e)
        return matrix


def _run(text: str, sty: str | None = None, nor: bool = False) -> etree._Element:
    """Return ``m:r`` with ``text``; ``m:rPr`` (before ``m:t``) when styled.

    Characters with a meaning of their own in LibreOffice's formula language (a lone
    bracket or ``|``, ``%``, ``#``, …) are marked literal (``m:lit``), which Office
    ignores in a finished equation and LibreOffice reads as "quote this". Upright words
    (``\\mathrm{eff}``, ``\\operatorname{softmax}``, ``\\log``) are marked literal too:
    LibreOffice ignores ``m:sty`` and would set them italic, but sets quoted text upright.
    """
    r = _m("r")
    upright_word = sty == "p" and any(ch.isalpha() for ch in text)
    lit = not nor and (upright_word or any(ch in _STARMATH_SPECIAL for ch in text))
    if sty or nor or lit:
        pr = _m("rPr", r)
        if lit:
            _m("lit", pr)
        if nor:
            _m("nor", pr)
        else:
            _m("sty", pr, val=sty or "p")
    t = _m("t", r)
    t.text = text
    if text != text.strip() or not text.strip():
        t.set(f"{{{XML_NS}}}space", "preserve")
    return r


def _is_relation(run: etree._Element) -> bool:
    """Whether a run holds only relation characters (=, ≤, →, …)."""
    text = (run.findtext(f"{_M}t") or "").strip()
    return bool(text) and all(ch in _RELATIONS for ch in text)


def _run_style(run: etree._Element) -> tuple[str, ...] | None:
    """Return a key for a run's style, or None for runs that are not merged."""
    pr = run.find(f"{_M}rPr")
    if pr is None:
        return None
    return tuple((child.tag, child.get(_VAL, "")) for child in pr)


def _merge_runs(elements: list[etree._Element]) -> list[etree._Element]:
    """Return ``elements`` with adjacent runs of one explicit style merged into one."""
    out: list[etree._Element] = []
    for el in elements:
        prev = out[-1] if out else None
        if (
            prev is not None
            and el.tag == f"{_M}r"
            and prev.tag == f"{_M}r"
            and _run_style(el) is not None
            and _run_style(el) == _run_style(prev)
        ):
            prev_t = prev.find(f"{_M}t")
            text = (prev_t.text or "") + (el.findtext(f"{_M}t") or "")
            prev_t.text = text
            if text != text.strip():
                prev_t.set(f"{{{XML_NS}}}space", "preserve")
            continue
        out.append(el)
    return out


# --- public API ----------------------------------------------------------------------
@functools.lru_cache(maxsize=512)
def _convert(latex: str, display: bool) -> etree._Element:
    """Return the (shared, never mutated) OMML tree of ``latex``."""
    converter = _Converter(latex, display)
    math = _mathml(latex)
    o_math = _m("oMath")
    try:
        children = converter.sequence(_children(math))
    except RecursionError:  # a last resort: _prepare bounds the nesting first
        raise EquationError(
            f"groups nest too deeply (at most {MAX_NESTING} levels)", latex
        ) from None
    for child in children:
        o_math.append(child)
    if not display:
        return o_math
    para = _m("oMathPara")
    para.append(o_math)
    return para


def latex_to_omml(latex: str, *, display: bool = True) -> etree._Element:
    """Return the OMML of ``latex``: a new ``m:oMathPara`` (display) or ``m:oMath`` (inline).

    In display style, sums and products take their limits above and below and
    ``\\lim``-like operators their subscript underneath; inline, they go to the side.
    Raises EquationError for input that cannot be converted (see ``validate_latex``).
    """
    return copy.deepcopy(_convert(latex, display))


def validate_latex(latex: str) -> None:
    """Return None when ``latex`` converts; raise EquationError saying what cannot.

    Caught: unbalanced braces, ``\\left``/``\\right`` and ``\\begin``/``\\end``;
    unknown commands (which latex2mathml would pass through as text); missing
    arguments and scripts; top-level line breaks; double sub/superscripts.
    """
    _convert(latex, True)


def add_run_properties(math: etree._Element, rpr: etree._Element) -> etree._Element:
    """Return ``math`` with a copy of DrawingML run properties in each ``m:r``.

    PowerPoint keeps an ``a:rPr`` (size, colour, ``a:latin typeface="Cambria Math"``)
    in every math run, after ``m:rPr`` and before ``m:t`` (where Word keeps ``w:rPr``).
    ``rpr`` is any element to copy there; ``math`` is changed in place.
    """
    for run in math.iter(f"{_M}r"):
        existing = [child for child in run if child.tag == rpr.tag]
        for child in existing:
            run.remove(child)
        position = 1 if run.find(f"{_M}rPr") is not None else 0
        run.insert(position, copy.deepcopy(rpr))
    return math


# --- plain text ------------------------------------------------------------------------
def plain_text(latex: str) -> str:
    """Return a readable one-line Unicode rendering of ``latex`` (alt text, fallback).

    Sub- and superscripts are written ``x_i``/``x^2`` (parenthesised when longer than
    one word), fractions ``a/b``, roots ``√x``; relations and binary operators get a
    space on each side, e.g. ``D_eff = q(D) |D|``. Raises EquationError like
    ``latex_to_omml``.
    """
    omml = _convert(latex, True)
    text = _plain_children(omml.find(f"{_M}oMath"), spaced=True)
    return re.sub(r"\s+", " ", text).strip()


def _plain_children(el: etree._Element | None, spaced: bool = False) -> str:
    """Return the plain text of ``el``'s OMML children; ``spaced``: spaces round operators."""
    if el is None:
        return ""
    parts: list[str] = []
    previous = "start"  # "start" | "op" | "term": is a following "−" unary?
    for child in el:
        if child.tag in (f"{_M}rPr", f"{_M}ctrlPr", f"{_M}argPr"):
            continue
        if child.tag != f"{_M}r":
            parts.append(_plain_element(child, spaced))
            previous = "term"
            continue
        text = _plain_run(child)
        stripped = text.strip()
        if spaced and stripped:
            if all(ch in _RELATIONS for ch in stripped) or (
                stripped in _BINARY and previous == "term"
            ):
                parts.append(f" {stripped} ")
                previous = "op"
                continue
            if stripped in _PUNCTUATION:
                parts.append(stripped + " ")
                previous = "op"
                continue
            if len(stripped) > 1 and stripped.isalpha() and child.find(f"{_M}rPr") is not None:
                text = f" {stripped} "  # a function name: "β log x"
        parts.append(text)
        if stripped:
            is_op = stripped in _OPEN_TO_CLOSE or stripped in _BINARY
            previous = "op" if is_op else "term"
    return "".join(parts)


def _plain_run(run: etree._Element) -> str:
    """Return a run's text with Unicode spaces made ordinary spaces."""
    text = "".join(t.text or "" for t in run.iter(f"{_M}t")).replace(_ZWSP, "")
    return re.sub(r"[\u2003\u2004\u2009\u200a\u205f\u00a0]", " ", text)


def _enclosed(text: str) -> bool:
    """Whether ``text`` is one bracketed group, e.g. "(a + b)" but not "(a)(b)"."""
    if len(text) < 2 or text[0] not in _OPEN_TO_CLOSE or text[-1] != _OPEN_TO_CLOSE[text[0]]:
        return False
    depth = 0
    for index, ch in enumerate(text):
        depth += ch == text[0]
        depth -= ch == text[-1]
        if depth == 0 and index < len(text) - 1:
            return False
    return True


def _wrap(text: str) -> str:
    """Return ``text`` as a script or fraction part: bare when one word, else in parens."""
    text = text.strip()
    if len(text) <= 1 or re.fullmatch(r"\w+", text) or _enclosed(text):
        return text
    return f"({text})"


def _plain_element(el: etree._Element, spaced: bool) -> str:
    """Return the plain text of one OMML structure."""
    tag = etree.QName(el).localname

    def part(name: str, keep_spacing: bool = False) -> str:
        return _plain_children(el.find(f"{_M}{name}"), spaced=keep_spacing and spaced)

    def prop(path: str, default: str) -> str:
        found = el.find(path)
        return default if found is None else found.get(_VAL, default)

    if tag in ("sSub", "sSup", "sSubSup"):
        text = _wrap_base(part("e", True))
        if tag != "sSup":
            text += "_" + _wrap(part("sub"))
        if tag != "sSub":
            sup = part("sup")
            text += sup if sup in ("′", "″", "‴") else "^" + _wrap(sup)
        return text
    if tag == "f":
        return f"{_wrap(part('num', True))}/{_wrap(part('den', True))}"
    if tag == "d":
        beg = prop(f"{_M}dPr/{_M}begChr", "(")
        end = prop(f"{_M}dPr/{_M}endChr", ")")
        inner = "".join(_plain_children(e, spaced) for e in el.findall(f"{_M}e"))
        return f"{beg}{inner.strip()}{end}"
    if tag == "rad":
        degree = part("deg").strip()
        root = {"": "√", "3": "∛", "4": "∜"}.get(degree, degree + "√")
        return root + _wrap(part("e"))
    if tag == "nary":
        text = prop(f"{_M}naryPr/{_M}chr", "∫")
        if el.find(f"{_M}naryPr/{_M}subHide") is None:
            text += "_" + _wrap(part("sub"))
        if el.find(f"{_M}naryPr/{_M}supHide") is None:
            text += "^" + _wrap(part("sup"))
        return f"{text} {part('e', True)}"
    if tag == "acc":
        mark = prop(f"{_M}accPr/{_M}chr", "\u0302")
        return part("e") + mark
    if tag == "bar":
        base = part("e")
        mark = "\u0305" if prop(f"{_M}barPr/{_M}pos", "bot") == "top" else "\u0332"
        return "".join(ch + mark for ch in base)
    if tag in ("limLow", "limUpp"):
        base = re.sub(r"\s+", " ", part("e", True)).strip()
        mark = "_" if tag == "limLow" else "^"
        if re.fullmatch(r"[A-Za-z]+(?: [A-Za-z]+)*", base):
            return f" {base}{mark}{_wrap(part('lim'))} "  # an operator name: "max_x f"
        return f"{_wrap_base(base)}{mark}{_wrap(part('lim'))}"
    if tag == "m":
        return "; ".join(_plain_row(mr, spaced) for mr in el.findall(f"{_M}mr"))
    if tag == "func":
        return f"{part('fName')} {part('e', True)}"
    if tag == "phant":
        return ""
    return "".join(_plain_children(child, spaced) for child in el.findall(f"{_M}e"))


def _plain_row(row: etree._Element, spaced: bool) -> str:
    """Return a matrix row: cells joined by commas, or by a space before a relation."""
    out = ""
    for index, e in enumerate(row.findall(f"{_M}e")):
        cell = _plain_children(e, spaced).strip()
        if index and cell[:1] in _RELATIONS:
            out += " "  # an aligned equation: "a = b"
        elif index:
            out += ", "
        out += cell
    return out


def _wrap_base(text: str) -> str:
    """Return a script's base: bare unless it is an expression with spaces."""
    text = text.strip()
    if " " not in text or _enclosed(text) or re.fullmatch(r"[A-Za-z ]+", text):
        return text
    return f"({text})"


# --- size estimate ---------------------------------------------------------------------
# Lengths in em of the font size. A line of math is 1.2 em high (0.9 above the baseline,
# 0.3 below), about what PowerPoint gives a line of Cambria Math; scripts are set at 70 %
# (50 % in scripts of scripts). With these, a simple fraction is ~2.2 line heights
# tall and a sum with limits ~2.6.
_ASCENT = 0.9
_DESCENT = 0.3
_AXIS = 0.27
_SCRIPT = 0.7
_MIN_SCALE = 0.5


@dataclass(frozen=True)
class _Box:
    """Width, height above the baseline and depth below it, in em."""

    width: float
    ascent: float
    descent: float

    @property
    def height(self) -> float:
        """Total height in em."""
        return self.ascent + self.descent


def estimate_size(latex: str, font_size_pt: float) -> tuple[float, float]:
    """Return the approximate (width, height) in points of ``latex`` set as a display equation.

    A box model over the OMML tree with Cambria-Math-like advance widths: relations and
    binary operators get their spacing, scripts shrink to 70 %, fractions stack (about
    2.2 line heights), sums with limits stack limits above and below (about 2.6), and
    brackets, radicals and accents add their room. Meant for reserving a box, so it errs
    on the large side. Raises EquationError like ``latex_to_omml``.
    """
    if font_size_pt <= 0:
        raise ValueError(f"font size must be positive, not {font_size_pt}")
    omml = _convert(latex, True)
    box = _measure_children(omml.find(f"{_M}oMath"), 1.0, top=True)
    return box.width * font_size_pt, max(box.height, _ASCENT + _DESCENT) * font_size_pt


def _char_width(ch: str, upright: bool) -> float:
    """Return the advance of ``ch`` in em (an estimate for Cambria Math)."""
    if ch in _SPACES_EM:
        return _SPACES_EM[ch]
    if ch in " \u00a0":
        return 0.25
    code = ord(ch)
    if ch.isascii() and ch.isalpha():
        if ch in "ijltfr":
            return 0.33 if upright else 0.38
        if ch in "mwMW":
            return 0.85
        if ch.isupper():
            return 0.68
        return 0.5 if upright else 0.52
    if ch.isdigit():
        return 0.5
    if 0x1D400 <= code <= 0x1D7FF or 0x2100 <= code <= 0x214F:
        return 0.78  # math alphanumerics and letterlike symbols (𝔼, ℒ, ℝ)
    if "\u0370" <= ch <= "\u03ff":
        return 0.76 if ch.isupper() else 0.62
    if ch in "()[]{}⟨⟩⌊⌋⌈⌉":
        return 0.36
    if ch in "|":
        return 0.25
    if ch in "‖":
        return 0.42
    if ch in ",;.:!'′⋅·∙":
        return 0.28  # a dot operator is a dot, not an operator-wide glyph
    if ch in _RELATIONS or ch in _BINARY:
        return 0.68
    return 0.6


def _measure_run(run: etree._Element, scale: float, top: bool) -> _Box:
    """Return the box of one run (operator spacing only outside scripts)."""
    text = "".join(t.text or "" for t in run.iter(f"{_M}t"))
    pr = run.find(f"{_M}rPr")
    upright = pr is not None
    width = sum(_char_width(ch, upright) for ch in text)
    stripped = text.strip()
    if top and stripped:
        if all(ch in _RELATIONS for ch in stripped):
            width += 0.56
        elif stripped in _BINARY:
            width += 0.44
        elif stripped in _PUNCTUATION:
            width += 0.17
        elif upright and len(stripped) > 1 and stripped.isalpha():
            width += 0.17  # space after a function name
    if stripped == "" and text:
        return _Box(width * scale, 0.0, 0.0)
    return _Box(width * scale, _ASCENT * scale, _DESCENT * scale)


def _measure_children(el: etree._Element | None, scale: float, top: bool = False) -> _Box:
    """Return the box of ``el``'s children set side by side."""
    width, ascent, descent = 0.0, 0.0, 0.0
    if el is not None:
        for child in el:
            if child.tag in (f"{_M}rPr", f"{_M}ctrlPr", f"{_M}argPr"):
                continue
            box = (
                _measure_run(child, scale, top)
                if child.tag == f"{_M}r"
                else _measure(child, scale, top)
            )
            width += box.width
            ascent = max(ascent, box.ascent)
            descent = max(descent, box.descent)
    if ascent == descent == 0.0:
        ascent, descent = _ASCENT * scale, _DESCENT * scale
    return _Box(width, ascent, descent)


def _measure(el: etree._Element, scale: float, top: bool) -> _Box:
    """Return the box of one OMML structure at ``scale``."""
    tag = etree.QName(el).localname
    small = max(scale * _SCRIPT, _MIN_SCALE)

    def part(name: str, at: float | None = None, keep_top: bool = False) -> _Box:
        return _measure_children(el.find(f"{_M}{name}"), scale if at is None else at, keep_top)

    if tag in ("sSub", "sSup", "sSubSup"):
        base = part("e", keep_top=top)
        sub = part("sub", small) if tag != "sSup" else None
        sup = part("sup", small) if tag != "sSub" else None
        width = base.width + max(sub.width if sub else 0, sup.width if sup else 0)
        width += 0.05 * scale
        ascent, descent = base.ascent, base.descent
        if sup is not None:
            ascent = max(ascent, 0.45 * scale + sup.ascent)
        if sub is not None:
            descent = max(descent, 0.25 * scale + sub.descent)
        return _Box(width, ascent, descent)
    if tag == "f":
        num, den = part("num", keep_top=top), part("den", keep_top=top)
        gap = 0.12 * scale
        return _Box(
            max(num.width, den.width) + 0.24 * scale,
            _AXIS * scale + gap + num.height,
            den.height + gap - _AXIS * scale,
        )
    if tag == "d":
        inner = _Box(0.0, 0.0, 0.0)
        for e in el.findall(f"{_M}e"):
            box = _measure_children(e, scale, top)
            inner = _Box(
                inner.width + box.width,
                max(inner.ascent, box.ascent),
                max(inner.descent, box.descent),
            )
        if inner.height == 0:
            inner = _Box(0.0, _ASCENT * scale, _DESCENT * scale)
        delims = 0.0
        for name in ("begChr", "endChr"):
            found = el.find(f"{_M}dPr/{_M}{name}")
            char = "(" if found is None else found.get(_VAL, "")
            if char:
                delims += _char_width(char, True) * scale
        tall = inner.height > 1.5 * scale
        extra = 0.1 * scale if tall else 0.0
        return _Box(
            inner.width + delims * (1.2 if tall else 1.0),
            inner.ascent + extra,
            inner.descent + extra,
        )
    if tag == "rad":
        body = part("e", keep_top=top)
        degree = part("deg", max(scale * 0.5, 0.4))
        hidden = el.find(f"{_M}radPr/{_M}degHide") is not None
        width = body.width + 0.75 * scale + (0 if hidden else max(degree.width - 0.3 * scale, 0))
        return _Box(width, body.ascent + 0.15 * scale, body.descent + 0.05 * scale)
    if tag == "nary":
        char = el.find(f"{_M}naryPr/{_M}chr")
        symbol = "∫" if char is None else char.get(_VAL, "∫")
        loc = el.find(f"{_M}naryPr/{_M}limLoc")
        under = loc is not None and loc.get(_VAL) == "undOvr"
        sub_hidden = el.find(f"{_M}naryPr/{_M}subHide") is not None
        sup_hidden = el.find(f"{_M}naryPr/{_M}supHide") is not None
        sub = _Box(0, 0, 0) if sub_hidden else part("sub", small)
        sup = _Box(0, 0, 0) if sup_hidden else part("sup", small)
        body = part("e", keep_top=top)
        integral = symbol in _INTEGRALS
        sym_width = (0.55 if integral else 1.0) * scale
        sym_up = (1.25 if integral else 0.95) * scale
        sym_down = (0.75 if integral else 0.45) * scale
        if under:
            width = max(sym_width, sub.width, sup.width)
            ascent = sym_up + (sup.height + 0.1 * scale if not sup_hidden else 0)
            descent = sym_down + (sub.height + 0.1 * scale if not sub_hidden else 0)
        else:
            width = sym_width + max(sub.width, sup.width) + 0.05 * scale
            ascent = max(sym_up, 0.7 * scale + sup.ascent)
            descent = max(sym_down, 0.5 * scale + sub.descent)
        return _Box(
            width + 0.17 * scale + body.width,
            max(ascent, body.ascent),
            max(descent, body.descent),
        )
    if tag in ("acc", "bar", "groupChr"):
        body = part("e", keep_top=top)
        pos = el.find(f"{_M}{tag}Pr/{_M}pos")
        below = pos is not None and pos.get(_VAL) == "bot"
        if tag == "bar" and pos is None:
            below = True
        room = (0.4 if tag == "groupChr" else 0.22) * scale
        if below:
            return _Box(body.width, body.ascent, body.descent + room)
        return _Box(body.width, body.ascent + room, body.descent)
    if tag in ("limLow", "limUpp"):
        body = part("e", keep_top=top)
        lim = part("lim", small)
        width = max(body.width, lim.width) + (0.17 * scale if top else 0)
        if tag == "limLow":
            return _Box(width, body.ascent, body.descent + lim.height + 0.05 * scale)
        return _Box(width, body.ascent + lim.height + 0.05 * scale, body.descent)
    if tag == "m":
        rows = el.findall(f"{_M}mr")
        columns: list[float] = []
        height = 0.0
        for mr in rows:
            row_up, row_down = 0.0, 0.0
            for column, e in enumerate(mr.findall(f"{_M}e")):
                box = _measure_children(e, scale, top)
                if column >= len(columns):
                    columns.append(0.0)
                columns[column] = max(columns[column], box.width)
                row_up, row_down = max(row_up, box.ascent), max(row_down, box.descent)
            height += row_up + row_down
        height += 0.2 * scale * max(len(rows) - 1, 0)
        width = sum(columns) + 0.8 * scale * max(len(columns) - 1, 0)
        return _Box(width, height / 2 + _AXIS * scale, height / 2 - _AXIS * scale)
    if tag == "func":
        name, body = part("fName", keep_top=top), part("e", keep_top=top)
        return _Box(
            name.width + 0.17 * scale + body.width,
            max(name.ascent, body.ascent),
            max(name.descent, body.descent),
        )
    if tag == "borderBox":
        body = part("e", keep_top=top)
        pad = 0.15 * scale
        return _Box(body.width + 2 * pad, body.ascent + pad, body.descent + pad)
    return part("e", keep_top=top)
