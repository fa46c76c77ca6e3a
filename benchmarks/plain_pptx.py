"""The baseline: a plain python-pptx script writing the same slides as a deck (title and
bullets only, default template), as someone would without deckgen.

Usage: python benchmarks/plain_pptx.py DECK.yaml OUT.pptx
"""

from __future__ import annotations

import sys

import yaml
from pptx import Presentation
from pptx.util import Inches


def main(src: str, out: str) -> None:
    """Write ``out`` with one title-and-bullets slide per slide of the deck ``src``."""
    with open(src, encoding="utf-8") as fh:
        deck = yaml.safe_load(fh)
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    layout = prs.slide_layouts[1]
    for s in deck["slides"]:
        slide = prs.slides.add_slide(layout)
        slide.shapes.title.text = str(s.get("title") or deck["title"])
        body = slide.placeholders[1].text_frame
        texts = [b if isinstance(b, str) else b.get("text", "") for b in s.get("bullets", [])]
        texts = texts or [str(s.get("statement") or s.get("question") or s.get("quote") or "")]
        body.text = texts[0]
        for t in texts[1:]:
            body.add_paragraph().text = t
        if s.get("notes"):
            slide.notes_slide.notes_text_frame.text = s["notes"]
    prs.save(out)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
