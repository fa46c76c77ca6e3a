"""Linear-time slide creation on top of python-pptx, without forking it.

python-pptx does three scans per new slide that make a deck's build time grow with the
square of its length:

* ``OpcPackage.next_partname`` walks every part of the package to pick the next free
  name (for each slide *and* each notes slide);
* ``_Relationships.get_or_add`` rebuilds the presentation part's relationships-by-type
  index to look for an existing slide relationship (a new slide never has one);
* ``CT_SlideIdList._next_id`` reads every ``p:sldId`` to find the largest id.

It also writes speaker notes without python-pptx's placeholder cloning, which searches the
notes master's shapes with XPath for every slide, and reads and parses the notes template
file once rather than for every notes page. A layout's placeholders are cloned once: every
new slide on that layout is empty, so it gets the same placeholder elements, copied.

:class:`FastSlides` keeps counters instead. It patches only the one package and the one
relationships collection it is given (instance attributes, no global state), so other
python-pptx users in the process are unaffected.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from lxml import etree
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.oxml.slide import CT_NotesSlide
from pptx.parts.slide import NotesSlidePart

_P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"

_NUMBER = re.compile(r"(\d+)")


class _PartNames:
    """A drop-in for ``package.next_partname`` that scans the package once.

    The part names are read on first use; after that every new part this package names
    goes through here, so the names handed out complete the list (images and media are
    named by python-pptx's own ``next_image_partname``/``next_media_partname``, under
    prefixes no template here uses).
    """

    def __init__(self, package: Any) -> None:
        self._package = package
        self._names: list[str] | None = None
        self._next: dict[str, int] = {}

    def __call__(self, tmpl: str) -> PackURI:
        if self._names is None:
            self._names = [str(p.partname) for p in self._package.iter_parts()]
        if tmpl not in self._next:
            prefix = tmpl[: (tmpl % 42).find("42")]
            used = [
                int(m.group(1))
                for name in self._names
                if name.startswith(prefix) and (m := _NUMBER.match(name[len(prefix) :])) is not None
            ]
            self._next[tmpl] = max(used, default=0) + 1
        n = self._next[tmpl]
        self._next[tmpl] = n + 1
        name = PackURI(tmpl % n)
        self._names.append(str(name))
        return name


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
        # layout part → the placeholder elements python-pptx cloned from it onto a new slide
        self._placeholders: dict[Any, list[Any]] = {}
        self._notes_page: Any = None  # the parsed notes template, copied for each page

    def add(self, layout: Any) -> Any:
        """Return a new slide based on ``layout`` (what ``prs.slides.add_slide`` does)."""
        rId, slide = self._prs.part.add_slide(layout)
        tree = slide.shapes._spTree
        cloned = self._placeholders.get(layout.part)
        if cloned is None:
            before = len(tree)
            slide.shapes.clone_layout_placeholders(layout)
            self._placeholders[layout.part] = [copy.deepcopy(el) for el in tree[before:]]
        else:
            tree.extend(copy.deepcopy(el) for el in cloned)
        self._id_list._add_sldId(id=self._next_id, rId=rId)
        self._next_id += 1
        return slide

    def notes(self, slide: Any, text: str, lang: str = "en-US") -> None:
        """Give ``slide`` a notes page holding ``text`` (one paragraph per line, each run
        tagged with the deck's language ``lang``)."""
        package = self._prs.part.package
        if not hasattr(self, "_notes_master"):
            self._notes_master = package.presentation_part.notes_master_part
        if self._notes_page is None:
            self._notes_page = CT_NotesSlide.new()
        part = NotesSlidePart(
            package.next_partname("/ppt/notesSlides/notesSlide%d.xml"),
            CT.PML_NOTES_SLIDE,
            package,
            copy.deepcopy(self._notes_page),
        )
        part.relate_to(self._notes_master, RT.NOTES_MASTER)
        part.relate_to(slide.part, RT.SLIDE)
        slide.part.relate_to(part, RT.NOTES_SLIDE)
        tree = part._element.find(f"{_P}cSld/{_P}spTree")
        # The two placeholders PowerPoint's own notes pages have; both inherit their
        # position and look from the notes master.
        for shape_id, name, ph, locks in (
            (
                2,
                "Slide Image Placeholder 1",
                {"type": "sldImg"},
                {"noGrp": "1", "noRot": "1", "noChangeAspect": "1"},
            ),
            (3, "Notes Placeholder 2", {"type": "body", "idx": "1"}, {"noGrp": "1"}),
        ):
            sp = etree.SubElement(tree, f"{_P}sp")
            nv = etree.SubElement(sp, f"{_P}nvSpPr")
            etree.SubElement(nv, f"{_P}cNvPr", {"id": str(shape_id), "name": name})
            etree.SubElement(etree.SubElement(nv, f"{_P}cNvSpPr"), f"{_A}spLocks", locks)
            etree.SubElement(etree.SubElement(nv, f"{_P}nvPr"), f"{_P}ph", ph)
            etree.SubElement(sp, f"{_P}spPr")
            if ph["type"] == "body":
                body = etree.SubElement(sp, f"{_P}txBody")
                etree.SubElement(body, f"{_A}bodyPr")
                etree.SubElement(body, f"{_A}lstStyle")
                for line in text.split("\n"):
                    para = etree.SubElement(body, f"{_A}p")
                    run = etree.SubElement(para, f"{_A}r")
                    etree.SubElement(run, f"{_A}rPr", {"lang": lang, "dirty": "0"})
                    etree.SubElement(run, f"{_A}t").text = line
