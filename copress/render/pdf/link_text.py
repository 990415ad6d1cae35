"""Fix: each Link annotation's /Contents becomes the link's text, not its bare address."""

from __future__ import annotations

import re

import pikepdf
from pikepdf import Dictionary, String

from ...pdfmodel import StructTree, kids, kind, oid
from ...pdfmodel.text import join_lines
from .content import Scanner, scanned
from .links import target_key


def _element_text(elem, tree: StructTree, scan: Scanner, depth: int = 0) -> list:
    """Fragments (text, y) of what a structure element reads as, in order."""
    for key in ("/ActualText", "/Alt"):
        value = elem.get(key)
        if isinstance(value, String) and str(value).strip():
            return [(str(value), None)]
    if depth > 50:
        return []
    pg = tree.pg.get(oid(elem))
    out = []
    for item in kids(elem):
        item_kind = kind(item)
        if item_kind == "mcid" and pg is not None:
            out.extend(scan.text.get((("page", pg), int(item)), ()))
        elif item_kind == "mcr":
            stm, mcid = item.get("/Stm"), item.get("/MCID")
            mpg = item.get("/Pg")
            mpg = mpg.objgen if isinstance(mpg, Dictionary) else pg
            if isinstance(stm, pikepdf.Stream):
                out.extend(scan.text.get((("stm", stm.objgen), int(mcid)), ()))
            elif mpg is not None:
                out.extend(scan.text.get((("page", mpg), int(mcid)), ()))
        elif item_kind == "elem":
            out.extend(_element_text(item, tree, scan, depth + 1))
    return out


# One joiner for the fixer and the readers of pdfmodel (the reading-order test's too).
_join = join_lines


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
            names[owner_id] = _join(_element_text(owner, tree, scan))
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
