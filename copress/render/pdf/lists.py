"""Fix: lists nested as ISO 32000-1 (14.8.4.3.3) and PDF/UA-1 ask — an L holds LI (and L,
Caption), an LI holds Lbl and LBody — and form fields that a screen reader can name.

WeasyPrint 70 tags an <li>'s block children (<p>, a <textarea>'s Form) directly under the LI,
beside its Lbl, and a <dl>'s <div> groups as Div under the L (veraPDF: PDF/UA-1 7.2-20, and
ISO 32005's L-Div, LI-P). Here:
* a grouping element under an L whose children are all list elements (the <div> of a <dl>) is
  dissolved: its children take its place in the L;
* anything else under an L that is not LI, L or Caption is wrapped in a new LI > LBody;
* an LI's children that are neither Lbl nor LBody go into its LBody (a new one if it has none).
Elements keep their identity (the ParentTree, rebuilt later from the tree, still finds them);
only their /P changes. A list whose items have labels says how they are numbered (the
/ListNumbering attribute, read off the first label: 1. → Decimal, • → Disc). Widget annotations
with a /TU (the field's name, from the HTML's title) and no /Contents get it as /Contents too
(WTPDF 8.10.2.3), for readers that look only there. And a <figure> (which WeasyPrint tags as
NonStruct) that holds a Caption becomes a Div, so the caption belongs to a grouping element
rather than floating up to the Part or Document (ISO 32005: Caption is first or last child).
"""

from __future__ import annotations

import re

from pikepdf import Array, Dictionary, Name

from ...pdfmodel import StructTree
from ...pdfmodel.objects import kind, kids, oid

_LIST_KIDS = {"/LI", "/L", "/Caption"}
_ITEM_KIDS = {"/Lbl", "/LBody"}
_GROUPS = {"/Div", "/NonStruct", "/Part", "/Sect"}


def regroup_lists(fixing) -> None:
    """The lists' structure, straight after continuations.py and before anything reads the
    tree again, so that one walk serves both: until then `fixing.tree` may be stale (elements
    merged away still listed, with no kids left), which is all this needs — the L and LI
    elements to look at (any element's type is read from its /S when the walk lacks it), and
    their kids read live."""
    tree = fixing.tree
    moved = 0
    for elem in list(tree.elems):
        if tree.type(elem) == "/L":
            moved += _fix_list(fixing, elem)
    # The walk before _fix_list still lists every LI to check: those of dissolved groups are
    # the same elements, now under their L, and the LIs _fix_list makes are made right.
    for elem in list(tree.elems):
        if tree.type(elem) == "/LI":
            moved += _fix_item(fixing, elem)
    fixing.stats.lists_nested += moved
    if moved or fixing.stale:
        fixing.tree = StructTree(fixing.root)
        fixing.stale = False


def nest_lists(fixing) -> None:
    """What lists need once the tree is settled: numbering, captions' groups, widgets' names."""
    _number_lists(fixing)
    _group_captions(fixing)
    _name_widgets(fixing)


def _type(fixing, item) -> str | None:
    """The standard type of a /K entry that is an element, else None (content, annotations)."""
    if kind(item) != "elem":
        return None
    return fixing.tree.type(item)


def _fix_list(fixing, elem) -> int:
    entries = kids(elem)
    if all(_type(fixing, item) in _LIST_KIDS for item in entries):
        return 0
    out, stray = [], []

    def flush():
        if stray:
            item = _new(fixing, "/LI", elem, [])
            body = _new(fixing, "/LBody", item, stray)
            item.K = Array([body])
            out.append(item)
            stray.clear()

    for item in entries:
        t = _type(fixing, item)
        if t in _LIST_KIDS:
            flush()
            out.append(item)
        elif t in _GROUPS and kids(item) and all(_type(fixing, k) in _LIST_KIDS for k in kids(item)):
            flush()
            for child in kids(item):
                child.P = elem
                out.append(child)
        else:
            stray.append(item)
    flush()
    elem.K = Array(out)
    return 1


def _fix_item(fixing, elem) -> int:
    entries = kids(elem)
    types = [_type(fixing, item) for item in entries]
    if all(t in _ITEM_KIDS for t in types):
        return 0
    first = next((i for i, t in enumerate(types) if t == "/LBody"), None)
    body = entries[first] if first is not None else _new(fixing, "/LBody", elem, [])
    out, before, after = [], [], []
    for i, (item, t) in enumerate(zip(entries, types)):
        if t == "/Lbl" or (t == "/LBody" and i != first):
            out.append(item)
        elif i == first:
            out.append(body)
        else:  # stray: into the body, before its own kids if it came before it
            (after if first is not None and i > first else before).append(item)
            if first is None and not any(o is body for o in out):
                out.append(body)
    _adopt(fixing, body, [*before, *kids(body), *after])
    elem.K = Array(out)
    return 1


def _adopt(fixing, parent, entries: list) -> None:
    parent.K = Array(entries)
    for item in entries:
        if kind(item) == "elem":
            item.P = parent
    if "/Pg" not in parent and any(isinstance(item, int) for item in entries):
        page = _page(fixing, parent)
        if page is not None:
            parent.Pg = page


def _new(fixing, kind_name: str, parent, entries: list):
    elem = fixing.pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name(kind_name), P=parent,
                                               K=Array([])))
    page = _page(fixing, parent)
    if page is not None:
        elem.Pg = page
    _adopt(fixing, elem, entries)
    return elem


def _page(fixing, elem):
    """The /Pg of elem or of its nearest ancestor that has one."""
    seen = set()
    while isinstance(elem, Dictionary) and oid(elem) not in seen:
        seen.add(oid(elem))
        page = elem.get("/Pg")
        if isinstance(page, Dictionary):
            return page
        elem = elem.get("/P")
    return None


def _name_widgets(fixing) -> None:
    for page in fixing.pdf.pages:
        for annot in page.obj.get("/Annots", []):
            if (isinstance(annot, Dictionary) and annot.get("/Subtype") == "/Widget"
                    and "/Contents" not in annot and "/TU" in annot):
                annot.Contents = annot.TU
                fixing.stats.widgets_named += 1


# The first label's text -> /ListNumbering (ISO 32000-1 Table 347). Roman numerals other than
# i, v and x are read as letters: a list labelled "c." is far likelier than one at C.
_NUMBERING = ((r"\d+", "/Decimal"), (r"(?:i{1,3}|iv|v|vi{1,3}|ix|x)", "/LowerRoman"),
              (r"(?:I{1,3}|IV|V|VI{1,3}|IX|X)", "/UpperRoman"), (r"[a-z]", "/LowerAlpha"),
              (r"[A-Z]", "/UpperAlpha"), (r"[◦○]", "/Circle"), (r"[▪■□▫]", "/Square"))


def numbering(label: str) -> str:
    """/ListNumbering for a list whose first label reads `label` (a bullet or none: /Disc)."""
    core = label.strip().rstrip(".)").lstrip("(")
    for pattern, name in _NUMBERING:
        if re.fullmatch(pattern, core):
            return name
    return "/Disc"


def _number_lists(fixing) -> None:
    from .content import scanned
    from ...pdfmodel.text import element_text, join_lines

    tree = fixing.tree
    scan = None
    for elem in tree.elems:
        if tree.type(elem) != "/L" or _has_numbering(elem):
            continue
        label = next((k for item in tree.children.get(oid(elem), []) if tree.type(item) == "/LI"
                      for k in tree.children.get(oid(item), []) if tree.type(k) == "/Lbl"), None)
        if label is None:
            continue
        scan = scan or scanned(fixing)
        value = Name(numbering(join_lines(element_text(label, tree, scan.text))))
        attrs = elem.get("/A")
        if isinstance(attrs, Dictionary) and attrs.get("/O") == "/List":
            attrs.ListNumbering = value
        elif isinstance(attrs, Array):
            attrs.append(Dictionary(O=Name.List, ListNumbering=value))
        elif isinstance(attrs, Dictionary):
            elem.A = Array([attrs, Dictionary(O=Name.List, ListNumbering=value)])
        else:
            elem.A = Dictionary(O=Name.List, ListNumbering=value)
        fixing.stats.lists_numbered += 1


def _has_numbering(elem) -> bool:
    attrs = elem.get("/A")
    for a in (list(attrs) if isinstance(attrs, Array) else [attrs]):
        if isinstance(a, Dictionary) and a.get("/O") == "/List" and "/ListNumbering" in a \
                and a.ListNumbering != "/None":
            return True
    return False


# Inline structure types (ISO 32000-1 14.8.4.4): a Div holding only these (and content) is a
# paragraph. citeproc's reference entries (<div class="csl-entry"> of <span>s) are such Divs.
_INLINE = {"/Span", "/Link", "/Quote", "/Note", "/Reference", "/BibEntry", "/Code", "/Annot",
           "/Form", "/NonStruct"}


def _group_captions(fixing) -> None:
    tree = fixing.tree
    for elem in tree.elems:
        t = tree.type(elem)
        children = tree.children.get(oid(elem), [])
        if t in ("/NonStruct", "/Div") and any(tree.type(k) == "/Caption" for k in children):
            elem.S = Name.Sect
            tree.types[oid(elem)] = "/Sect"
            fixing.stats.figures_grouped += 1
            for child in children:  # the line that holds the image (and a space): a paragraph
                if tree.type(child) == "/NonStruct" and all(
                        tree.type(k) in _INLINE | {"/Figure"} for k in tree.children.get(oid(child), [])):
                    child.S = Name.P
                    tree.types[oid(child)] = "/P"
        elif t == "/Div" and kids(elem) and all(tree.type(k) in _INLINE for k in children) \
                and not _blocks_below(tree, elem):
            elem.S = Name.P
            tree.types[oid(elem)] = "/P"
            fixing.stats.divs_made_paragraphs += 1


def _blocks_below(tree, elem, depth: int = 0) -> bool:
    """Whether a NonStruct (transparent) child of elem hides a block-level element."""
    for child in tree.children.get(oid(elem), []):
        if tree.type(child) == "/NonStruct":
            if depth > 20 or any(tree.type(k) not in _INLINE for k in tree.children.get(oid(child), [])) \
                    or _blocks_below(tree, child, depth + 1):
                return True
    return False
