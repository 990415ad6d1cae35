"""One walk of a PDF's structure tree: elements in order, parents, pages, types and content."""

from __future__ import annotations

import pikepdf
from pikepdf import Array, Dictionary, String

from .objects import kids, kind, oid, rolemap, std_type

_LINK = "/Link"


class StructTree:
    """One walk of the structure tree from the StructTreeRoot, in document order.

    content:   (stream key, mcid) -> (owner element, slot); stream key is ('page', page objgen)
               for a plain MCID / MCR without /Stm, ('stm', stream objgen) for an MCR with /Stm;
               slot is ('k', index or None) for an integer in the owner's /K, ('mcr', mcr dict).
    link_keys: the content keys owned by a Link element or something inside one.
    objrs:     annotation objgen -> (owner element, OBJR dict)
    children:  element oid (None: the root) -> its child elements, in /K order

    `refs_first` is passed to `kind` for every /K entry (the checker's reading; see there).
    """

    def __init__(self, root: Dictionary, refs_first: bool = False):
        self.rolemap = rolemap(root)
        self.refs_first = refs_first
        self.elems: list = []  # struct elements in document order
        self.parent: dict = {}  # oid -> parent element (None under the root)
        self.pg: dict = {}  # oid -> effective page objgen (or None)
        self.types: dict = {}  # oid -> standard structure type (after the RoleMap)
        self.content: dict = {}
        self.link_keys: set = set()
        self.link_parents: list = []  # elements with two or more Link children
        self.ids: dict = {}  # /ID bytes -> element
        self.objrs: dict = {}
        seen = set()
        link_count: dict = {}  # parent oid -> number of Link children
        content, link_keys = self.content, self.link_keys
        top = [k for k in kids(root) if kind(k, refs_first) == "elem"]
        self.children: dict = {None: top}
        stack = [(k, None, None, False) for k in reversed(top)]
        while stack:
            elem, parent, pg, in_link = stack.pop()
            elem_id = oid(elem)
            if elem_id in seen:
                continue
            seen.add(elem_id)
            page = elem.get("/Pg")
            if isinstance(page, Dictionary):
                pg = page.objgen
            kind_s = std_type(str(elem.get("/S", "")), self.rolemap)
            if kind_s == _LINK:
                in_link = True
                if parent is not None:
                    poid = oid(parent)
                    link_count[poid] = link_count.get(poid, 0) + 1
            self.elems.append(elem)
            self.parent[elem_id] = parent
            self.pg[elem_id] = pg
            self.types[elem_id] = kind_s
            if "/ID" in elem:  # few have one: asking first is quicker than a get that misses
                ident = elem.ID
                if isinstance(ident, String) and elem.is_indirect:
                    self.ids.setdefault(bytes(ident), elem)
            k = elem.get("/K")
            items = list(k) if isinstance(k, Array) else ([] if k is None else [k])
            bare = not isinstance(k, Array)
            children = []
            for i, item in enumerate(items):
                if isinstance(item, int):  # an MCID, most of /K: record's first case, inline
                    if pg is not None:
                        key = (("page", pg), int(item))
                        content[key] = (elem, ("k", None if bare else i))
                        if in_link:
                            link_keys.add(key)
                elif self.record(elem, pg, None if bare else i, item, in_link):
                    children.append(item)
            self.children[elem_id] = children
            for child in reversed(children):
                stack.append((child, elem, pg, in_link))
        self.reached = seen
        self.link_parents = [e for e in self.elems if link_count.get(oid(e), 0) > 1]

    def record(self, elem, pg, index: int | None, item, in_link: bool) -> bool:
        """Note what `item`, entry `index` of elem's /K (None: the bare /K), refers to;
        True if it is a child element, which the caller walks."""
        item_kind = kind(item, self.refs_first)
        key = None
        if item_kind == "mcid":
            if pg is not None:
                key = (("page", pg), int(item))
                self.content[key] = (elem, ("k", index))
        elif item_kind == "mcr":
            mpg = item.get("/Pg")
            mpg = mpg.objgen if isinstance(mpg, Dictionary) else pg
            stm = item.get("/Stm")
            mcid = item.get("/MCID")
            if not isinstance(mcid, int):
                return False
            if isinstance(stm, pikepdf.Stream):
                key = (("stm", stm.objgen), int(mcid))
            elif mpg is not None:
                key = (("page", mpg), int(mcid))
            else:
                return False
            self.content[key] = (elem, ("mcr", item))
        elif item_kind == "objr":
            obj = item.get("/Obj")
            if isinstance(obj, Dictionary) and obj.is_indirect:
                self.objrs[obj.objgen] = (elem, item)
        elif item_kind == "elem":
            return True
        if key is not None and in_link:
            self.link_keys.add(key)
        return False

    def type(self, elem) -> str:
        """elem's standard structure type ('/P', '/Link', …) after the role map."""
        known = self.types.get(oid(elem))
        if known is not None:
            return known
        return std_type(str(elem.get("/S", "")), self.rolemap)

    def owner(self, key):
        """The element that owns content key (stream key, mcid), or None."""
        found = self.content.get(key)
        return found[0] if found else None
