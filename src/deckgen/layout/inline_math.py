"""Inline ``$...$`` math in running text, as ordinary editable runs.

The LaTeX goes through the same OMML converter as displayed equations; the OMML tree is
then flattened into text pieces: letters italic (unless upright in the source), sub- and
superscripts as runs raised or lowered with DrawingML's ``baseline``, fractions as a/b,
delimiters, sums and roots as their characters. The text stays text: it wraps, it is
measured, and it can be edited in PowerPoint like any other word.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
SUB, SUP = -25_000, 30_000
_SPACED = frozenset("=<>≤≥≈∼≠≡∝→←⇒+−×·∈∉⊂⊆⊃⊇↦⇔↔∣")


@dataclass(frozen=True)
class MathPiece:
    """A piece of flattened math: text, italic or upright, and its baseline shift."""

    text: str
    italic: bool
    baseline: int = 0


def flatten(latex: str) -> list[MathPiece]:
    """Return the pieces of inline ``latex``; raises EquationError for unsupported input."""
    from deckgen.equations import latex_to_omml

    out: list[MathPiece] = []
    _walk(latex_to_omml(latex, display=False), 0, out)
    merged: list[MathPiece] = []
    for p in out:
        if merged and (merged[-1].italic, merged[-1].baseline) == (p.italic, p.baseline):
            merged[-1] = MathPiece(merged[-1].text + p.text, p.italic, p.baseline)
        elif p.text:
            merged.append(p)
    return merged


def _child(el: etree._Element, tag: str) -> etree._Element | None:
    return el.find(f"{M}{tag}")


def _val(el: etree._Element | None, default: str) -> str:
    if el is None:
        return default
    return el.get(f"{M}val", default)


def _walk(el: etree._Element, base: int, out: list[MathPiece]) -> None:
    for node in el:
        tag = node.tag.removeprefix(M)
        if tag in (
            "rPr",
            "ctrlPr",
            "dPr",
            "fPr",
            "naryPr",
            "sSubPr",
            "sSupPr",
            "sSubSupPr",
            "radPr",
            "accPr",
        ):
            continue
        if tag == "r":
            text = "".join(t.text or "" for t in node.iter(f"{M}t")).replace("\u2009", " ")
            sty = node.find(f"{M}rPr/{M}sty")
            normal = node.find(f"{M}rPr/{M}nor") is not None  # \text{…}
            upright = (
                normal
                or (sty is not None and sty.get(f"{M}val") == "p")
                or not any(c.isalpha() for c in text)
            )
            text = text.replace("\u200b", "")
            if base == 0 and text.strip() in _SPACED:
                text = f" {text.strip()} "  # relations and operators breathe, as in print
            elif base == 0 and text.strip() in (",", ";"):
                text = text.strip() + "\u2009"  # as in print: a thin space after a comma
            elif base == 0 and upright and len(text) > 1 and text.isalpha():
                text += "\u2009"  # a function name (log, max): a thin space before its argument
            out.append(MathPiece(text, not upright, base))
        elif tag in ("sSub", "sSup", "sSubSup"):
            _walk(_child(node, "e"), base, out)  # type: ignore[arg-type]
            if tag != "sSup":
                _walk(_child(node, "sub"), SUB, out)  # type: ignore[arg-type]
            if tag != "sSub":
                _walk(_child(node, "sup"), SUP, out)  # type: ignore[arg-type]
        elif tag == "f":
            _group(_child(node, "num"), base, out)
            out.append(MathPiece("/", False, base))
            _group(_child(node, "den"), base, out)
        elif tag == "d":
            pr = _child(node, "dPr")
            out.append(
                MathPiece(_val(_child(pr, "begChr") if pr is not None else None, "("), False, base)
            )
            for i, e in enumerate(node.findall(f"{M}e")):
                if i:
                    out.append(MathPiece(", ", False, base))
                _walk(e, base, out)
            out.append(
                MathPiece(_val(_child(pr, "endChr") if pr is not None else None, ")"), False, base)
            )
        elif tag == "nary":
            pr = _child(node, "naryPr")
            out.append(
                MathPiece(_val(_child(pr, "chr") if pr is not None else None, "∫"), False, base)
            )
            _walk(_child(node, "sub"), SUB, out)  # type: ignore[arg-type]
            _walk(_child(node, "sup"), SUP, out)  # type: ignore[arg-type]
            _walk(_child(node, "e"), base, out)  # type: ignore[arg-type]
        elif tag == "rad":
            out.append(MathPiece("√", False, base))
            _group(_child(node, "e"), base, out)
        elif tag == "acc":
            _walk(_child(node, "e"), base, out)  # type: ignore[arg-type]
            pr = _child(node, "accPr")
            out.append(
                MathPiece(
                    _val(_child(pr, "chr") if pr is not None else None, "\u0302"), False, base
                )
            )
        else:
            _walk(node, base, out)


def _group(el: etree._Element | None, base: int, out: list[MathPiece]) -> None:
    """Walk ``el``, in parentheses when it holds more than one simple piece."""
    if el is None:
        return
    inner: list[MathPiece] = []
    _walk(el, base, inner)
    text = "".join(p.text for p in inner)
    simple = len(text.strip()) <= 1 or text.strip().isalnum()
    if not simple:
        out.append(MathPiece("(", False, base))
    out.extend(inner)
    if not simple:
        out.append(MathPiece(")", False, base))
