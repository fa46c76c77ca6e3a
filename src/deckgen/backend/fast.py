"""Linear-time slide creation on top of python-pptx, without forking it.

python-pptx does three scans per new slide that make a deck's build time grow with the
square of its length:

* ``OpcPackage.next_partname`` walks every part of the package to pick the next free
  name (for each slide *and* each notes slide);
* ``_Relationships.get_or_add`` rebuilds the presentation part's relationships-by-type
  index to look for an existing slide relationship (a new slide never has one);
* ``CT_SlideIdList._next_id`` reads every ``p:sldId`` to find the largest id.

:class:`FastSlides` keeps counters instead. It patches only the one package and the one
relationships collection it is given (instance attributes, no global state), so other
python-pptx users in the process are unaffected.
"""

from __future__ import annotations

import re
from typing import Any

from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI

_NUMBER = re.compile(r"(\d+)")


class _PartNames:
    """A drop-in for ``package.next_partname`` that scans the package once per template."""

    def __init__(self, package: Any) -> None:
        self._package = package
        self._next: dict[str, int] = {}

    def __call__(self, tmpl: str) -> PackURI:
        if tmpl not in self._next:
            prefix = tmpl[: (tmpl % 42).find("42")]
            used = [
                int(m.group(1))
                for p in self._package.iter_parts()
                if p.partname.startswith(prefix)
                and (m := _NUMBER.match(p.partname[len(prefix) :])) is not None
            ]
            self._next[tmpl] = max(used, default=0) + 1
        n = self._next[tmpl]
        self._next[tmpl] = n + 1
        return PackURI(tmpl % n)


class FastSlides:
    """Adds slides to a presentation in constant time per slide."""

    def __init__(self, prs: Any) -> None:
        self._prs = prs
        package = prs.part.package
        package.next_partname = _PartNames(package)
        rels = prs.part._rels
        original = rels.get_or_add

        def get_or_add(reltype: str, target_part: Any) -> str:
            # A slide part is new when it is related: there is nothing to match against.
            if reltype == RT.SLIDE:
                return rels._add_relationship(reltype, target_part)
            return original(reltype, target_part)

        rels.get_or_add = get_or_add
        self._id_list = prs.slides._sldIdLst
        used = [int(s) for s in self._id_list.xpath("./p:sldId/@id")]
        self._next_id = max([255, *used]) + 1

    def add(self, layout: Any) -> Any:
        """Return a new slide based on ``layout`` (what ``prs.slides.add_slide`` does)."""
        rId, slide = self._prs.part.add_slide(layout)
        slide.shapes.clone_layout_placeholders(layout)
        self._id_list._add_sldId(id=self._next_id, rId=rId)
        self._next_id += 1
        return slide
