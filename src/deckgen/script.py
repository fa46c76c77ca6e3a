"""Writing systems in deck text: which font slot a character takes, paragraph direction,
line-break opportunities of Chinese and Japanese, and names that must not break.

PowerPoint and LibreOffice give every run three fonts: ``latin``, ``ea`` (East Asian) and
``cs`` (complex script: Arabic, Hebrew). Each character is drawn in one of them by its
script; characters of no script of their own (spaces, digits, punctuation: "weak") take
the script of the character before them, or after them at the start of a run, as
LibreOffice does. Measuring and writing both follow this one classification.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable

__all__ = [
    "ASIAN",
    "COMPLEX",
    "LATIN",
    "WEAK",
    "arabic_reshaper",
    "east_asian_cut",
    "has_asian",
    "has_complex",
    "has_special",
    "is_rtl",
    "keep_names_whole",
    "line_breaks",
    "name_hyphens",
    "rtl_language",
    "run_language",
    "script_runs",
]

WEAK, LATIN, ASIAN, COMPLEX = 0, 1, 2, 3

# Characters drawn with the East Asian font: Hangul Jamo, CJK radicals, symbols and
# punctuation (U+3000-U+303F: 、。「」), kana, bopomofo, CJK ideographs and their extensions,
# Yi, Hangul syllables, compatibility ideographs, vertical and compatibility forms, and the
# full- and half-width forms (，！：).
_ASIAN_CLASS = (
    "\u1100-\u11ff\u2e80-\u2fdf\u2ff0-\u303f\u3040-\u31ff\u3200-\u4dbf\u4e00-\u9fff"
    "\ua000-\ua4cf\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\ufe10-\ufe1f\ufe30-\ufe4f"
    "\uff00-\uffef\U00020000-\U0003ffff"
)
# Characters drawn with the complex-script font: Hebrew, Arabic (with its supplements and
# presentation forms), Syriac and Thaana.
_COMPLEX_CLASS = "\u0590-\u07bf\u0860-\u08ff\ufb1d-\ufdff\ufe70-\ufefe"
# Characters outside every class above that plain text is made of: Latin, Greek and
# Cyrillic (below the lowest class, U+0590), and general punctuation, arrows and
# mathematical symbols (U+2000-U+2E7F: dashes, curly quotes, →, ≈). A text of these alone
# is plain, which a small class (~0.3 ms to compile) tells without the large ones.
_NOT_PLAIN = "^\x00-\u058f\u2000-\u2e7f"


@functools.cache
def _pattern(chars: str) -> re.Pattern[str]:
    """Return the compiled character class ``[chars]``, compiled on first use: the classes
    with ranges over the whole of the BMP take ~8 ms to compile, which plain Latin decks
    never need."""
    return re.compile(f"[{chars}]")


def _plain(text: str) -> bool:
    """Return True when every character of ``text`` is one plain text is made of (none
    of the East Asian or complex-script classes can match it)."""
    return text.isascii() or _pattern(_NOT_PLAIN).search(text) is None


def has_special(text: str) -> bool:
    """Return whether ``text`` has a character that is not measured as plain Latin text
    (East Asian or complex script): one test tells the fast path apart."""
    return not _plain(text) and _pattern(_ASIAN_CLASS + _COMPLEX_CLASS).search(text) is not None


# A space-delimited token with a hyphen inside it (a candidate name).
_HYPHENATED = re.compile(r"[^\s\-\u2010]+(?:[-\u2010][^\s\-\u2010]+)+")
_HYPHEN = re.compile(r"[-\u2010]")
WORD_JOINER = "\u2060"


def has_asian(text: str) -> bool:
    """Return whether ``text`` has a character drawn with the East Asian font."""
    return not _plain(text) and _pattern(_ASIAN_CLASS).search(text) is not None


def has_complex(text: str) -> bool:
    """Return whether ``text`` has a character drawn with the complex-script font."""
    return not _plain(text) and _pattern(_COMPLEX_CLASS).search(text) is not None


def _char_script(ch: str) -> int:
    """Return the script slot of one character, before weak characters are resolved."""
    if not _plain(ch):
        if _pattern(_ASIAN_CLASS).match(ch):
            return ASIAN
        if _pattern(_COMPLEX_CLASS).match(ch):
            return COMPLEX
    return LATIN if unicodedata.category(ch).startswith("L") else WEAK


def script_runs(text: str) -> list[tuple[int, int, int]]:
    """Return ``text`` cut into ``(start, end, script)`` runs of one script slot.

    Weak characters take the script of the strong character before them, or of the first
    strong character after them at the start of the text; a text without any strong
    character is Latin.
    """
    scripts = [_char_script(ch) for ch in text]
    first = next((s for s in scripts if s != WEAK), LATIN)
    runs: list[tuple[int, int, int]] = []
    current = first
    start = 0
    for i, s in enumerate(scripts):
        if s in (WEAK, current):
            continue
        if i > start:
            runs.append((start, i, current))
        start, current = i, s
    if len(text) > start:
        runs.append((start, len(text), current))
    return runs


def is_rtl(text: str, default: bool = False) -> bool:
    """Return whether a paragraph of ``text`` runs right to left: its first strong
    character (Unicode bidi class L, R or AL) is a right-to-left one. Text without a strong
    character ("2024", "٧٢٪") takes ``default``: the direction of the deck's language."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind == "L":
            return False
        if kind in ("R", "AL"):
            return True
    return default


# Scripts written right to left, and languages whose usual script is one of them.
_RTL_SCRIPTS = frozenset({"arab", "hebr", "syrc", "thaa", "nkoo", "adlm", "rohg", "samr"})
_RTL_LANGUAGES = frozenset(
    {"ar", "arc", "ckb", "dv", "fa", "he", "ks", "ps", "sd", "syr", "ug", "ur", "yi"}
)


def rtl_language(tag: str) -> bool:
    """Return whether the BCP 47 language ``tag`` is written right to left: its script
    subtag is a right-to-left script ("az-Arab"), or it has none and its language usually
    is ("ar-SA", "he", "fa-IR")."""
    parts = tag.lower().split("-")
    scripts = [p for p in parts[1:] if len(p) == 4 and p.isalpha()]
    if scripts:
        return scripts[0] in _RTL_SCRIPTS
    return parts[0] in _RTL_LANGUAGES


def name_hyphens(text: str) -> set[int]:
    """Return the positions of hyphens inside names: hyphenated tokens that hold a digit or
    a capital letter after their first letter ("Llama-3.1-405B-Instruct", "GPT-Neo",
    "1M-token", "Arena-Hard"). A line never breaks after them; compounds in lower case, or
    capitalised only because a sentence starts with them ("state-of-the-art",
    "Pre-training"), still may."""
    found: set[int] = set()
    if "-" not in text and "\u2010" not in text:
        return found
    for m in _HYPHENATED.finditer(text):
        token = m.group()
        first = next((i for i, ch in enumerate(token) if ch.isalpha()), len(token))
        if any(ch.isdigit() for ch in token) or any(ch.isupper() for ch in token[first + 1 :]):
            found.update(m.start() + h.start() for h in _HYPHEN.finditer(token))
    return found


def keep_names_whole(text: str) -> str:
    """Return ``text`` with a word joiner (U+2060, invisible) after each hyphen of a name,
    so that renderers, which otherwise break after a hyphen, keep the name on one line."""
    hyphens = name_hyphens(text)
    if not hyphens:
        return text
    out = []
    for i, ch in enumerate(text):
        out.append(ch)
        if i in hyphens and text[i + 1 : i + 2] != WORD_JOINER:
            out.append(WORD_JOINER)
    return "".join(out)


def line_breaks(text: str) -> frozenset[int]:
    """Return the line-break positions UAX #14 allows next to East Asian characters.

    The rules come from ``uniseg`` (Unicode's line-breaking algorithm): a line may break
    between two ideographs or kana, but never before closing punctuation (。、」）) or
    small kana, and never after opening punctuation (「（). Positions between two
    non-Asian characters are left to the Latin rules of :mod:`deckgen.measure`.
    """
    # Imported here: only text with Chinese, Japanese or Korean characters needs it.
    from uniseg.linebreak import line_break_boundaries

    asian_class = _pattern(_ASIAN_CLASS)
    asian = [asian_class.match(ch) is not None for ch in text]
    return frozenset(
        pos
        for pos in line_break_boundaries(text)
        if 0 < pos < len(text) and (asian[pos - 1] or asian[pos])
    )


def arabic_reshaper() -> Callable[[str], str]:
    """Return a function that gives ``text`` with each Arabic letter replaced by the
    presentation form (isolated, initial, medial or final) its neighbours give it, as a
    shaping renderer draws it.

    The result has one character per character of ``text`` (ligatures are left out, so
    lam-alef is measured as its two joined letters); should the reshaper ever change the
    length, ``text`` is returned as it is. Building the reshaper takes ~1 ms: keep it.
    """
    # Imported here: only Arabic text needs it.
    import arabic_reshaper as library

    reshaper = library.ArabicReshaper(
        configuration={
            "delete_harakat": False,
            "shift_harakat_position": False,
            "delete_tatweel": False,
            "support_ligatures": False,
        }
    )

    def reshape(text: str) -> str:
        shaped = reshaper.reshape(text)
        return shaped if len(shaped) == len(text) else text

    return reshape


# The regional cuts of Noto Sans CJK (one design, one set of advances; the ideographs
# follow each region's glyph conventions): language tag prefix → cut, longest first.
_CJK_CUTS = (
    ("zh-hant-hk", "HK"),
    ("zh-hk", "HK"),
    ("zh-mo", "HK"),
    ("zh-hant", "TC"),
    ("zh-tw", "TC"),
    ("zh", "SC"),
    ("ja", "JP"),
    ("ko", "KR"),
)
_NOTO_CJK = re.compile(r"(Noto Sans CJK|Source Han Sans) (SC|TC|HK|JP|KR)")


def east_asian_cut(family: str, lang: str) -> str:
    """Return the regional cut of a Noto Sans CJK (or Source Han Sans) ``family`` that
    suits the language ``lang`` ("Noto Sans CJK JP" for "ja-JP", "... TC" for "zh-TW"),
    so that ideographs take the shapes readers of that language expect. Other families,
    and languages that are not Chinese, Japanese or Korean, keep ``family``."""
    m = _NOTO_CJK.fullmatch(family)
    if m is None:
        return family
    tag = lang.lower() + "-"
    for prefix, cut in _CJK_CUTS:
        if tag.startswith(prefix + "-"):
            return f"{m.group(1)} {cut}"
    return family


_HEBREW = "\u0590-\u05ff\ufb1d-\ufb4f"
_KANA = "\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f"
_HANGUL = "\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7ff"
# Languages written in the Arabic script (a deck in one of them needs no Arabic tag).
_ARABIC_SCRIPT_LANGUAGES = frozenset({"ar", "ckb", "fa", "ks", "ps", "sd", "ug", "ur"})


def run_language(text: str, deck_lang: str) -> str | None:
    """Return the language tag of a run in another script than the deck's, or None when the
    deck's own ``deck_lang`` fits it.

    Arabic text in a deck that is not in an Arabic-script language is "ar-SA", Hebrew in a
    deck that is not Hebrew or Yiddish "he-IL"; kana in a deck that is not Japanese is
    "ja-JP", Hangul in a deck that is not Korean "ko-KR", and ideographs alone in a deck that
    is not Chinese, Japanese or Korean "zh-CN" (the tags PowerPoint gives text typed with
    those keyboards). Spelling, hyphenation and the East Asian cut follow the tag.
    """
    primary = deck_lang.lower().split("-")[0]
    if has_complex(text):
        if _pattern(_HEBREW).search(text):
            return None if primary in ("he", "yi") else "he-IL"
        return None if primary in _ARABIC_SCRIPT_LANGUAGES else "ar-SA"
    if has_asian(text):
        if _pattern(_KANA).search(text):
            return None if primary == "ja" else "ja-JP"
        if _pattern(_HANGUL).search(text):
            return None if primary == "ko" else "ko-KR"
        return None if primary in ("zh", "ja", "ko") else "zh-CN"
    return None
