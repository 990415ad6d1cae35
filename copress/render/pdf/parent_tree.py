"""Fix: the ParentTree rebuilt from the structure tree; /StructParent(s) where one is missing."""

from __future__ import annotations

from pikepdf import Array, Dictionary

from ...pdfmodel import StructTree, number_tree, oid
from .content import Scanner, scanned


def rebuild_parent_tree(fixing) -> None:
    """Rebuild the ParentTree (one flat /Nums) from the walked tree and the scanned content.

    WeasyPrint's points to elements no tree element contains (the page-margin boxes) and
    gives form XObjects' content no entry of their own: the tree is the source of truth.
    """
    pdf, root, tree, stats = fixing.pdf, fixing.root, fixing.tree, fixing.stats
    scan = scanned(fixing)
    old: dict = {}
    number_tree(root.get("/ParentTree"), old)
    for value in old.values():
        values = value if isinstance(value, Array) else [value]
        for v in values:
            if isinstance(v, Dictionary) and oid(v) not in tree.reached:
                stats.orphans_dropped += 1

    used = set(old)
    for page in pdf.pages:
        if isinstance(page.obj.get("/StructParents"), int):
            used.add(int(page.obj.StructParents))
    for stream, _ in scan.final.values():
        if isinstance(stream.obj.get("/StructParents"), int):
            used.add(int(stream.obj.StructParents))
    for owner, objr in tree.objrs.values():
        sp = objr.Obj.get("/StructParent")
        if isinstance(sp, int):
            used.add(int(sp))
    next_key = max(used, default=-1) + 1
    nextkey_entry = root.get("/ParentTreeNextKey")
    if isinstance(nextkey_entry, int):
        next_key = max(next_key, int(nextkey_entry))

    entries: dict[int, object] = {}
    final = scan.final if scan.renumber else _unrenumbered(pdf, tree, scan)
    # Pages first, then form XObjects, in scan order (stable across runs).
    for stream, owners in final.values():
        if not stream.is_page and not owners:
            continue
        sp = stream.obj.get("/StructParents")
        if not isinstance(sp, int) or int(sp) in entries:
            sp = next_key
            next_key += 1
            stream.obj.StructParents = sp
            stats.struct_parents_added += 1
        entries[int(sp)] = Array(owners)
    for annot_id, (owner, objr) in sorted(tree.objrs.items()):
        annot = objr.Obj
        sp = annot.get("/StructParent")
        if not isinstance(sp, int) or int(sp) in entries:
            sp = next_key
            next_key += 1
            annot.StructParent = sp
            stats.struct_parents_added += 1
        entries[int(sp)] = owner

    if _signature(entries) != _signature(old) or not isinstance(
        root.get("/ParentTreeNextKey"), int
    ):
        stats.parent_tree_rebuilt = True
    nums = Array()
    for key in sorted(entries):
        nums.append(key)
        nums.append(entries[key])
    pt = root.get("/ParentTree")
    if isinstance(pt, Dictionary):
        for k in ("/Kids", "/Limits"):
            if k in pt:
                del pt[k]
        pt.Nums = nums
    else:
        root.ParentTree = pdf.make_indirect(Dictionary(Nums=nums))
    root.ParentTreeNextKey = max(next_key, max(entries, default=-1) + 1)


def _unrenumbered(pdf, tree: StructTree, scan: Scanner) -> dict:
    """Safe mode: per content stream, owners indexed by the unchanged MCIDs (None for gaps)."""
    by_stream: dict = {}
    for (stream_key, mcid), (owner, _) in tree.content.items():
        by_stream.setdefault(stream_key, {})[mcid] = owner
    out = {}
    for stream in scan.streams:
        key = ("page", stream.obj.objgen) if stream.is_page else ("stm", stream.obj.objgen)
        owned = by_stream.get(key, {})
        if not stream.is_page and not owned:
            continue
        size = max(owned, default=-1) + 1
        out.setdefault(stream.obj.objgen, (stream, [owned.get(i) for i in range(size)]))
    return out


def _signature(entries: dict) -> dict:
    """ParentTree entries as plain data (key -> object numbers) for comparison."""
    out = {}
    for key, value in entries.items():
        if isinstance(value, Array):
            out[key] = tuple(v.objgen if isinstance(v, Dictionary) else None for v in value)
        elif isinstance(value, Dictionary):
            out[key] = value.objgen
        else:
            out[key] = None
    return out
