"""Small facts about the objects of a structure tree: identities, kinds, kids, roles, targets."""

from __future__ import annotations

from pikepdf import Array, Dictionary, Name


def oid(obj) -> tuple:
    """A hashable identity for a PDF object: its object number if indirect, else Python id.

    The id of a direct object is only stable while its wrapper lives: callers keep the
    wrappers they key on (the tree walk keeps every element it reaches in `elems`).
    """
    objgen = obj.objgen  # (0, 0) for a direct object: one call into pikepdf, not two
    if objgen != (0, 0):
        return objgen
    return ("direct", id(obj))


def kind(item, refs_first: bool = False) -> str:
    """'mcid', 'mcr', 'objr', 'elem' or 'other' for an entry of a structure element's /K.

    A dictionary with both /S and /Type /MCR or /OBJR (WeasyPrint writes none) is an element
    to the fixer, which walks into it, and a reference to the checker (`refs_first`), which
    reads it as what its /Type says. Each kept the order it had before the two shared this.
    """
    if isinstance(item, int):
        return "mcid"
    if isinstance(item, Dictionary):
        if "/S" in item and not refs_first:
            return "elem"
        t = item.get("/Type")
        if t == "/MCR":
            return "mcr"
        if t == "/OBJR":
            return "objr"
        if "/S" in item:
            return "elem"
    return "other"


def kids(elem) -> list:
    """The entries of elem's /K as a list (a bare /K is one entry)."""
    k = elem.get("/K")
    if k is None:
        return []
    if isinstance(k, Array):
        return list(k)
    return [k]


def k_array(elem) -> Array:
    """elem's /K as an array, converting a single kid into a one-element array."""
    k = elem.get("/K")
    if isinstance(k, Array):
        return k
    elem.K = Array([] if k is None else [k])
    return elem.K


def rolemap(root: Dictionary) -> dict[str, str]:
    """The StructTreeRoot's /RoleMap as names: '/Custom' -> '/P'."""
    rm = root.get("/RoleMap")
    if not isinstance(rm, Dictionary):
        return {}
    return {str(k): str(v) for k, v in rm.items() if isinstance(v, Name)}


def std_type(s: str, roles: dict[str, str]) -> str:
    """The structure type `s` after following the role map (cycles stop where they repeat)."""
    seen = set()
    while s in roles and s not in seen:
        seen.add(s)
        s = roles[s]
    return s


def number_tree(node, out: dict, depth: int = 0):
    """Fill `out` with a PDF number tree's entries (a ParentTree's, say): number → value."""
    if not isinstance(node, Dictionary) or depth > 30:
        return
    nums = node.get("/Nums")
    if isinstance(nums, Array):
        for i in range(0, len(nums) - 1, 2):
            if isinstance(nums[i], int):
                out[int(nums[i])] = nums[i + 1]
    for kid in node.get("/Kids", []):
        number_tree(kid, out, depth + 1)


def link_target(annot) -> tuple[str, object] | None:
    """Where a link annotation goes: ('uri', /URI) or ('dest', /D or /Dest), else None.

    /A wins over /Dest, and /URI over /D, as viewers read them.
    """
    action = annot.get("/A")
    if isinstance(action, Dictionary):
        if "/URI" in action:
            return ("uri", action.URI)
        if "/D" in action:
            return ("dest", action.D)
    if "/Dest" in annot:
        return ("dest", annot.Dest)
    return None
