"""Fix: every Link annotation under a Link element, and one Link element per link, not per line."""

from __future__ import annotations

from pikepdf import Array, Dictionary, Name

from ...pdfmodel import StructTree, k_array, kids, kind, link_target, oid

_LINK = "/Link"


def retag_links(fixing) -> None:
    """Put every Link annotation under a Link element; merge Link elements split by lines.

    WeasyPrint hangs the annotation of an <img> or <em> inside <a> under a Figure or NonStruct,
    leaves some annotations out of the tree, and makes a link that wraps one Link per line.
    """
    pdf, root, tree, stats = fixing.pdf, fixing.root, fixing.tree, fixing.stats
    # 1. OBJRs of Link annotations that hang under something other than a Link element.
    for annot_id, (owner, objr) in list(tree.objrs.items()):
        obj = objr.get("/Obj")
        if obj.get("/Subtype") != "/Link" or tree.type(owner) == _LINK:
            continue
        ancestor = tree.parent.get(oid(owner))
        while ancestor is not None and tree.type(ancestor) != _LINK:
            ancestor = tree.parent.get(oid(ancestor))
        index = _remove_kid(owner, objr)
        if index is None:
            continue
        if ancestor is not None:
            k_array(ancestor).append(objr)
        else:
            link = pdf.make_indirect(
                Dictionary(Type=Name.StructElem, S=Name.Link, P=owner, K=Array([objr]))
            )
            if "/Pg" in objr:
                link.Pg = objr.Pg
            k_array(owner).insert(index, link)
        stats.links_retagged += 1

    # 2. Link annotations that no OBJR reaches: append them to the document element.
    top = next((k for k in kids(root) if kind(k) == "elem"), None)
    for page in pdf.pages:
        for annot in page.obj.get("/Annots", []):
            if not isinstance(annot, Dictionary) or annot.get("/Subtype") != "/Link":
                continue
            if not annot.is_indirect or annot.objgen in tree.objrs:
                continue
            objr = pdf.make_indirect(Dictionary(Type=Name.OBJR, Obj=annot, Pg=page.obj))
            parent = top if top is not None else root
            link = pdf.make_indirect(
                Dictionary(
                    Type=Name.StructElem, S=Name.Link, P=parent, Pg=page.obj, K=Array([objr])
                )
            )
            k_array(parent).append(link)
            stats.links_retagged += 1

    # 3. Adjacent sibling Link elements with the same target on the same page: one link.
    for elem in tree.link_parents:
        k = elem.get("/K")
        if not isinstance(k, Array) or len(k) < 2:
            continue
        i = 0
        while i < len(k) - 1:
            a, b = k[i], k[i + 1]
            if (
                kind(a) == "elem" and kind(b) == "elem"
                and tree.type(a) == _LINK and tree.type(b) == _LINK
                and tree.pg.get(oid(a)) == tree.pg.get(oid(b))
            ):
                ta, tb = _link_targets(a), _link_targets(b)
                if ta and ta == tb and None not in ta and merge_link(tree, elem, i):
                    stats.links_merged += 1
                    continue
            i += 1
    if stats.links_merged:
        _drop_merged(tree)
    if stats.links_retagged:
        fixing.tree = StructTree(root)  # links moved in the tree: walk again (merges update it)


def merge_link(tree: StructTree, parent, i: int) -> bool:
    """Fold the Link element at parent's /K[i + 1] into the one at /K[i] (same target,
    same page) and update the walk to match, so the tree need not be walked again.
    False (nothing changed) for a case the update does not cover: a direct child element,
    whose identity a new walk would not keep."""
    k = parent.K
    a, b = k[i], k[i + 1]
    moved = kids(b)
    if any(kind(item) == "elem" and not item.is_indirect for item in moved):
        return False
    pg = tree.pg.get(oid(a))
    was_bare = not isinstance(a.get("/K"), Array)
    ka = k_array(a)
    if was_bare and len(ka):
        tree.record(a, pg, 0, ka[0], True)  # the bare /K is now entry 0
    for item in moved:
        if kind(item) == "elem":
            item.P = a
            tree.parent[oid(item)] = a
            tree.children.get(oid(a), []).append(item)
        ka.append(item)
        tree.record(a, pg, len(ka) - 1, ka[len(ka) - 1], True)
    del k[i + 1]
    for j in range(i + 1, len(k)):  # later entries of the parent moved up by one
        if kind(k[j]) == "mcid":
            tree.record(parent, tree.pg.get(oid(parent)), j, k[j], False)
    siblings = tree.children.get(oid(parent), [])
    siblings[:] = [s for s in siblings if oid(s) != oid(b)]
    tree.reached.discard(oid(b))  # the rest follows in _drop_merged, once for all merges
    return True


def _drop_merged(tree: StructTree) -> None:
    """Forget the elements merge_link folded away: one pass, however many links merged."""
    tree.elems = [e for e in tree.elems if oid(e) in tree.reached]
    tree.ids = {ident: e for ident, e in tree.ids.items() if oid(e) in tree.reached}
    tree.children = {key: value for key, value in tree.children.items()
                     if key is None or key in tree.reached}


def target_key(annot) -> str | None:
    """A comparable description of where a link annotation goes: 'uri:…' or 'dest:…'."""
    target = link_target(annot)
    if target is None:
        return None
    what, value = target
    return "uri:" + str(value) if what == "uri" else "dest:" + repr(value)


def _link_targets(elem) -> set:
    targets = set()
    for item in kids(elem):
        if kind(item) == "objr":
            obj = item.get("/Obj")
            if isinstance(obj, Dictionary) and obj.get("/Subtype") == "/Link":
                targets.add(target_key(obj))
    return targets


def _same_object(a, b) -> bool:
    if a.is_indirect and b.is_indirect:
        return a.objgen == b.objgen
    if kind(a) == "objr" and kind(b) == "objr":
        oa, ob = a.get("/Obj"), b.get("/Obj")
        return isinstance(oa, Dictionary) and isinstance(ob, Dictionary) and oa.objgen == ob.objgen
    return False


def _remove_kid(parent, kid) -> int | None:
    """Remove `kid` from parent's /K; return the index it had (None if not there)."""
    k = k_array(parent)
    for i, item in enumerate(k):
        if isinstance(item, Dictionary) and _same_object(item, kid):
            del k[i]
            return i
    return None
