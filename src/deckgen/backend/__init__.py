"""Stage 6: the backend. The only package that imports python-pptx or writes DrawingML."""

from deckgen.backend.pptx_writer import render

__all__ = ["render"]
