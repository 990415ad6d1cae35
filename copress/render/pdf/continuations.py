"""Fix: one structure element for each HTML element, however many pages it crosses.

WeasyPrint 70 builds the structure tree page by page, so an element that crosses a page break
becomes one structure element per page: a list of six items that breaks after the second is
two lists of two and four, a table two tables (the second with its header row again), and
every section, the <main> too, is cut at each page. Screen readers then announce two lists
where the reader sees one, and say "table" twice (copress's checker warned: pdfua/split-list).

weasy.py marks each structure element WeasyPrint makes with the HTML element (and
pseudo-element) its box came from (/CopressBox, a number that is the same for every box of one
element). Here, in document order, an element whose mark was seen on an earlier page, whose
parent is (after the merges so far) that earlier element's parent, and whose earlier twin is
still the last element in that parent, is merged into the twin: its children move over (integer
MCIDs become marked-content references keeping their page), and it leaves the tree. A repeated
table header (<thead> drawn again on the next page) is not content the second time: it leaves the
tree, so its marked content becomes an artifact (artifacts.py), and the cells that named its
header cells (/Headers) name the cells it repeats. The marks are then removed.
"""

from __future__ import annotations

from pikepdf import Array, Dictionary, Name

from ...pdfmodel.objects import kind, kids, oid

MARK = "/CopressBox"


def merge_continuations(fixing) -> None:
    tree = fixing.tree
    marked = [e for e in tree.elems if MARK in e]
    if not marked:
        return
    canonical: dict = {}  # mark -> the first element with it
    merged_into: dict = {}  # oid of a merged element -> the element it was merged into
    dropped: set = set()  # oids of repeated headers (and what they hold), out of the tree
    header_ids: dict = {}  # /ID of a dropped header cell -> /ID of the cell it repeats
    merged = 0
    for elem in marked:
        own_parent = tree.parent.get(oid(elem))
        if own_parent is not None and oid(own_parent) in dropped:
            dropped.add(oid(elem))  # inside a repeated header: gone with it
            twin = canonical.get(int(elem.get(MARK)))
            if twin is not None and "/ID" in elem and "/ID" in twin:
                header_ids[bytes(elem.ID)] = twin.ID  # cells on this page name the dropped one
            continue
        mark = int(elem.get(MARK))
        first = canonical.get(mark)
        if first is None:
            canonical[mark] = elem
            continue
        parent = _resolve(own_parent, merged_into)
        first_parent = _resolve(tree.parent.get(oid(first)), merged_into)
        if (parent is None or first_parent is None or oid(parent) != oid(first_parent)
                or tree.pg.get(oid(elem)) == tree.pg.get(oid(first))
                or str(elem.get("/S")) != str(first.get("/S"))):
            continue
        repeated_header = tree.type(elem) == "/THead"
        siblings = [k for k in kids(parent) if kind(k) == "elem"]
        place = next((i for i, k in enumerate(siblings) if oid(k) == oid(elem)), None)
        if place is None:
            continue
        before = siblings[:place]
        if not repeated_header and (not before or oid(before[-1]) != oid(first)):
            continue  # something stands between them: not a continuation
        _remove_from(parent, elem)
        if repeated_header:  # a header drawn again is dropped (an artifact), not merged
            dropped.add(oid(elem))
        else:
            _move_kids(elem, first, tree)
            merged_into[oid(elem)] = first
        merged += 1
    for elem in marked:
        del elem[MARK]
    if header_ids:
        _rename_headers(tree, header_ids)
    if merged:  # lists.regroup_lists, next, walks the tree again for both
        fixing.stale = True
        fixing.stats.continuations_merged += merged


def _resolve(elem, merged_into: dict):
    seen = set()
    while elem is not None and oid(elem) in merged_into and oid(elem) not in seen:
        seen.add(oid(elem))
        elem = merged_into[oid(elem)]
    return elem


def _remove_from(parent, elem) -> None:
    parent.K = Array([k for k in kids(parent) if not (kind(k) == "elem" and oid(k) == oid(elem))])


def _move_kids(source, target, tree) -> None:
    """Append source's /K entries to target's; integer MCIDs keep their page as MCRs."""
    page = source.get("/Pg")
    target_page = target.get("/Pg")
    moved = []
    for item in kids(source):
        if isinstance(item, int):
            if isinstance(page, Dictionary) and (not isinstance(target_page, Dictionary)
                                                 or page.objgen != target_page.objgen):
                item = Dictionary(Type=Name.MCR, Pg=page, MCID=item)
        elif kind(item) == "elem":
            item.P = target
        moved.append(item)
    target.K = Array([*kids(target), *moved])
    source.K = Array([])  # the piece is out of the tree: nothing may reach its old kids through it


def _rename_headers(tree, header_ids: dict) -> None:
    """Cells' /Headers that name a dropped header cell name the cell it repeated instead."""
    for elem in tree.elems:
        if "/A" not in elem:  # most have no attributes: asking first is quicker than a get
            continue
        attrs = elem.A
        for a in (list(attrs) if isinstance(attrs, Array) else [attrs]):
            headers = a.get("/Headers") if isinstance(a, Dictionary) else None
            if isinstance(headers, Array):
                a.Headers = Array([header_ids.get(bytes(h), h) for h in headers])
