"""Hyperlinks that keep their run's colour.

PowerPoint (and LibreOffice) draw a link in the theme's hyperlink colour, whatever colour
its run names; on a template that colour may be illegible (pure red on white is 4:1). The
Office 2019 extension ``ahyp:hlinkClr val="tx"`` tells PowerPoint to use the run's own
colour, which layout chose and lint checked.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
AHYP = "http://schemas.microsoft.com/office/drawing/2018/hyperlinkcolor"
#: The extension URI PowerPoint writes around ``ahyp:hlinkClr``.
LINK_COLOUR_URI = "{A12FA001-AC4F-418D-AE19-62706E023703}"


def keep_run_colour(tree: Any) -> None:
    """Give every text hyperlink in the shape tree the "use the text colour" extension;
    returns nothing."""
    for link in tree.iter(f"{{{A}}}hlinkClick"):
        if link.getparent().tag != f"{{{A}}}rPr":
            continue  # a shape's click action, not a text link
        ext_lst = link.find(f"{{{A}}}extLst")
        if ext_lst is None:
            ext_lst = etree.SubElement(link, f"{{{A}}}extLst")
        ext = etree.SubElement(ext_lst, f"{{{A}}}ext", uri=LINK_COLOUR_URI)
        etree.SubElement(ext, f"{{{AHYP}}}hlinkClr", val="tx", nsmap={"ahyp": AHYP})
