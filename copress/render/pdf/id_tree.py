"""Fix: an /IDTree for the structure elements that carry an /ID."""

from __future__ import annotations

from pikepdf import Array, Dictionary, String


def add_id_tree(fixing) -> None:
    """Add an /IDTree for elements with /ID (WeasyPrint gives TH cells IDs but no tree)."""
    root, tree = fixing.root, fixing.tree
    if "/IDTree" in root or not tree.ids:
        return
    names = Array()
    for key in sorted(tree.ids):
        names.append(String(key))
        names.append(tree.ids[key])
    root.IDTree = Dictionary(Names=names)
    fixing.stats.id_tree_added = True
