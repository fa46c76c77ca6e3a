"""deckgen: structured notes on research papers → native, editable PowerPoint decks."""

__version__ = "0.1.0"
