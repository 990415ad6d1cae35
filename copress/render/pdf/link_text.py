"""Fix: each Link annotation's /Contents becomes the link's text, not its bare address."""

from __future__ import annotations

import re

from pikepdf import String

from ...pdfmodel import oid
from ...pdfmodel.text import element_text, join_lines
from .content import scanned
from .links import target_key


def _describe_url(url: str, text: str) -> str:
    """A link whose text is its own address, or the byline's bare "ORCID": say what it is (a DOI,
    an ORCID iD) where we can. WeasyPrint drops the HTML's aria-label, so this is the PDF's name."""
    match = re.match(r"^https?://orcid\.org/(\d{4}-\d{4}-\d{4}-\d{3}[\dX])$", url)
    if match and text in (url, "ORCID"):
        return f"ORCID iD {match.group(1)}"
    match = re.match(r"^https?://(?:dx\.)?doi\.org/(.+)$", url)
    if match and text == url:
        return f"DOI {match.group(1)}"
    return text


def name_links(fixing) -> None:
    """/Contents of each Link annotation = the text of its Link element.

    WeasyPrint writes the bare URL, which a screen reader spells out; the text drawn under the
    link (or its /ActualText, /Alt, a Figure's /Alt for an image) says where it goes. Runs
    before MCIDs are renumbered: the scanned text is keyed by the numbers as drawn.
    """
    tree, stats = fixing.tree, fixing.stats
    scan = scanned(fixing)
    names: dict = {}
    for annot_id, (owner, objr) in tree.objrs.items():
        annot = objr.get("/Obj")
        if annot.get("/Subtype") != "/Link":
            continue
        owner_id = oid(owner)
        if owner_id not in names:
            names[owner_id] = join_lines(element_text(owner, tree, scan.text))
        name = names[owner_id]
        target = target_key(annot) or ""
        if name and target.startswith("uri:"):
            name = _describe_url(target[4:], name)
        current = annot.get("/Contents")
        current = str(current) if isinstance(current, String) else ""
        if name:
            if current != name:
                annot.Contents = String(name)
                stats.links_named += 1
        elif not current.strip():
            target = target_key(annot) or ""
            fallback = target[4:] if target.startswith("uri:") else "Link"
            annot.Contents = String(fallback)
            stats.links_named += 1
