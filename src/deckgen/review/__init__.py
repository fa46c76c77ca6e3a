"""Reviewing decks: reading any .pptx into a neutral model (:mod:`.reader`), pairing and
comparing the slides of two decks (:mod:`.match`, :mod:`.diff`), reports (:mod:`.report`),
a line-oriented text form for git (:mod:`.textconv`) and before/after renders
(:mod:`.visual`). The sides of a diff come from :mod:`.sources`."""
