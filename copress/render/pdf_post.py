"""Post-process WeasyPrint's pdf/ua-1 output so it passes PDF/UA-1's machine-checkable points."""

# What WeasyPrint 70 gets wrong, and what this module does about it (see fix_document):
#
# * Page-margin boxes (@top-center, @bottom-center: running heads, page numbers) are drawn as
#   `/Span <</MCID n>> BDC` and given structure elements that the ParentTree points to but no
#   element of the tree contains ("orphans"). They become `/Artifact <</Type /Pagination>> BDC`
#   and the orphans leave the ParentTree (nothing refers to them after that, so they are not
#   written out).
# * Content drawn inside a form XObject (CSS `opacity` makes one) keeps the page's MCID numbers
#   and is referred to as if it were in the page's own content stream. Such references become
#   marked-content references (MCR) with /Stm, and the XObject gets its own /StructParents.
# * MCIDs are renumbered 0..n-1 in each content stream, so every ParentTree array is dense,
#   and the ParentTree is rebuilt from the structure tree (the tree is the source of truth).
# * Link annotations: /Contents is the bare URL; a link that wraps is one Link element per
#   line; an annotation made for an <img> or <em> inside <a> hangs under a Figure/NonStruct.
#   Every Link annotation ends up under a Link element (moved to the enclosing Link, else
#   wrapped in a new one, else appended to the document), adjacent Link elements with the same
#   target on the same page are merged, and /Contents becomes the link's text (the Link
#   element's /ActualText or /Alt, else the text drawn under it, with a Figure's /Alt standing
#   in for the image). Every annotation in the tree gets a /StructParent.
# * Table header cells carry /ID but the tree has no /IDTree: one is added.
#
# The result is saved with a deterministic /ID and no timestamps, so identical input gives
# byte-identical output, and fixing an already fixed file changes nothing.

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import pikepdf
from pikepdf import Array, ContentStreamInstruction, Dictionary, Name, Operator, String

__all__ = ["FixStats", "fix_document", "fix_pdf", "save_deterministic"]

_LINK = "/Link"
_ARTIFACT = Name("/Artifact")
_TEXT_SHOWING = {"Tj", "TJ", "'", '"'}


@dataclass
class FixStats:
    """What fix_document changed (all zero for a file that needed nothing)."""

    artifacts: int = 0  # marked-content sequences turned into /Artifact
    orphans_dropped: int = 0  # ParentTree entries that pointed outside the structure tree
    mcid_refs_rewritten: int = 0  # structure-tree references renumbered or turned into MCRs
    streams_rewritten: int = 0  # page / form XObject content streams written back
    links_retagged: int = 0  # Link annotations moved, wrapped or added under a Link element
    links_merged: int = 0  # Link elements folded into an adjacent one with the same target
    links_named: int = 0  # Link annotations whose /Contents was set from the link text
    struct_parents_added: int = 0  # /StructParent(s) keys given to annotations / XObjects
    parent_tree_rebuilt: bool = False  # the rebuilt ParentTree differs from the old one
    id_tree_added: bool = False

    @property
    def changed(self) -> bool:
        """True if fix_document modified anything."""
        return any(bool(v) for v in vars(self).values())


def fix_pdf(src: bytes) -> bytes:
    """Fix a WeasyPrint pdf/ua-1 PDF given as bytes; return the fixed PDF's bytes.

    Deterministic: the same input always gives the same bytes (deterministic /ID, no dates
    added). A PDF that needs nothing (an already fixed one, or one without a structure tree,
    which has nothing to attach content to) is returned as is, so
    fix_pdf(fix_pdf(x)) == fix_pdf(x) byte for byte.
    """
    with pikepdf.open(io.BytesIO(src)) as pdf:
        if not fix_document(pdf).changed:
            return src
        return save_deterministic(pdf)


def save_deterministic(pdf: pikepdf.Pdf) -> bytes:
    """Save `pdf` to bytes with a content-derived /ID, keeping existing streams as they are.

    The old /ID is dropped first: qpdf would otherwise keep its first half, and a second run
    over our own output would then differ from the first in the /ID alone.
    """
    if "/ID" in pdf.trailer:
        del pdf.trailer["/ID"]
    out = io.BytesIO()
    pdf.save(
        out,
        deterministic_id=True,
        compress_streams=True,
        object_stream_mode=pikepdf.ObjectStreamMode.preserve,
    )
    return out.getvalue()


def fix_document(pdf: pikepdf.Pdf) -> FixStats:
    """Fix an open PDF in place (see the module comment); return what was changed."""
    stats = FixStats()
    root = pdf.Root.get("/StructTreeRoot")
    if not isinstance(root, Dictionary):
        return stats
    rolemap = _rolemap(root)

    tree = _Tree(root, rolemap)
    _fix_link_structure(pdf, root, tree, stats)
    if stats.links_retagged:
        tree = _Tree(root, rolemap)  # links moved in the tree: walk again (merges update it)

    scan = _Scanner(pdf, tree)
    scan.run()
    _set_link_contents(pdf, tree, scan, stats)  # reads MCIDs before they are renumbered
    _apply_content_fixes(pdf, tree, scan, stats)
    _rebuild_parent_tree(pdf, root, tree, scan, stats)
    if _ensure_id_tree(root, tree):
        stats.id_tree_added = True
    return stats


# --------------------------------------------------------------------------- structure tree


def _oid(obj) -> tuple:
    """A hashable identity for a PDF object: its object number if indirect, else Python id.

    The id of a direct object is only stable while its wrapper lives: callers keep the
    wrappers they key on (the tree walk keeps every element it reaches in `elems`).
    """
    if obj.is_indirect:
        return obj.objgen
    return ("direct", id(obj))


def _rolemap(root: Dictionary) -> dict[str, str]:
    rm = root.get("/RoleMap")
    if not isinstance(rm, Dictionary):
        return {}
    return {str(k): str(v) for k, v in rm.items() if isinstance(v, Name)}


def _std_type(s: str, rolemap: dict[str, str]) -> str:
    seen = set()
    while s in rolemap and s not in seen:
        seen.add(s)
        s = rolemap[s]
    return s


def _kind(item) -> str:
    """'mcid', 'mcr', 'objr' or 'elem' for an entry of a structure element's /K."""
    if isinstance(item, int):
        return "mcid"
    if isinstance(item, Dictionary):
        if "/S" in item:
            return "elem"
        t = item.get("/Type")
        if t == "/MCR":
            return "mcr"
        if t == "/OBJR":
            return "objr"
    return "other"


def _kids(elem) -> list:
    k = elem.get("/K")
    if k is None:
        return []
    if isinstance(k, Array):
        return list(k)
    return [k]


class _Tree:
    """One walk of the structure tree from the StructTreeRoot, in document order.

    content:   (stream key, mcid) -> (owner element, slot); stream key is ('page', page objgen)
               for a plain MCID / MCR without /Stm, ('stm', stream objgen) for an MCR with /Stm;
               slot is ('k', index or None) for an integer in the owner's /K, ('mcr', mcr dict).
    link_keys: the content keys owned by a Link element or something inside one.
    objrs:     annotation objgen -> (owner element, OBJR dict)
    """

    def __init__(self, root: Dictionary, rolemap: dict[str, str]):
        self.rolemap = rolemap
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
        stack = [(k, None, None, False) for k in reversed(_kids(root)) if _kind(k) == "elem"]
        while stack:
            elem, parent, pg, in_link = stack.pop()
            oid = _oid(elem)
            if oid in seen:
                continue
            seen.add(oid)
            page = elem.get("/Pg")
            if isinstance(page, Dictionary):
                pg = page.objgen
            kind_s = _std_type(str(elem.get("/S", "")), rolemap)
            if kind_s == _LINK:
                in_link = True
                if parent is not None:
                    poid = _oid(parent)
                    link_count[poid] = link_count.get(poid, 0) + 1
            self.elems.append(elem)
            self.parent[oid] = parent
            self.pg[oid] = pg
            self.types[oid] = kind_s
            ident = elem.get("/ID")
            if isinstance(ident, String) and elem.is_indirect:
                self.ids.setdefault(bytes(ident), elem)
            k = elem.get("/K")
            items = list(k) if isinstance(k, Array) else ([] if k is None else [k])
            bare = not isinstance(k, Array)
            children = [item for i, item in enumerate(items)
                        if self._record(elem, pg, None if bare else i, item, in_link)]
            for child in reversed(children):
                stack.append((child, elem, pg, in_link))
        self.reached = seen
        self.link_parents = [e for e in self.elems if link_count.get(_oid(e), 0) > 1]

    def _record(self, elem, pg, index: int | None, item, in_link: bool) -> bool:
        """Note what `item`, entry `index` of elem's /K (None: the bare /K), refers to;
        True if it is a child element, which the caller walks."""
        kind = _kind(item)
        key = None
        if kind == "mcid":
            if pg is not None:
                key = (("page", pg), int(item))
                self.content[key] = (elem, ("k", index))
        elif kind == "mcr":
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
        elif kind == "objr":
            obj = item.get("/Obj")
            if isinstance(obj, Dictionary) and obj.is_indirect:
                self.objrs[obj.objgen] = (elem, item)
        elif kind == "elem":
            return True
        if key is not None and in_link:
            self.link_keys.add(key)
        return False

    def merge_link(self, parent, i: int) -> bool:
        """Fold the Link element at parent's /K[i + 1] into the one at /K[i] (same target,
        same page) and update the walk to match, so the tree need not be walked again.
        False (nothing changed) for a case the update does not cover: a direct child element,
        whose identity a new walk would not keep."""
        k = parent.K
        a, b = k[i], k[i + 1]
        moved = _kids(b)
        if any(_kind(item) == "elem" and not item.is_indirect for item in moved):
            return False
        pg = self.pg.get(_oid(a))
        was_bare = not isinstance(a.get("/K"), Array)
        ka = _k_array(a)
        if was_bare and len(ka):
            self._record(a, pg, 0, ka[0], True)  # the bare /K is now entry 0
        for item in moved:
            if _kind(item) == "elem":
                item.P = a
                self.parent[_oid(item)] = a
            ka.append(item)
            self._record(a, pg, len(ka) - 1, ka[len(ka) - 1], True)
        del k[i + 1]
        for j in range(i + 1, len(k)):  # later entries of the parent moved up by one
            if _kind(k[j]) == "mcid":
                self._record(parent, self.pg.get(_oid(parent)), j, k[j], False)
        self.reached.discard(_oid(b))  # elems and ids follow in drop_merged, once for all merges
        return True

    def drop_merged(self) -> None:
        """Forget the elements merge_link folded away: one pass, however many links merged."""
        self.elems = [e for e in self.elems if _oid(e) in self.reached]
        self.ids = {ident: e for ident, e in self.ids.items() if _oid(e) in self.reached}

    def type(self, elem) -> str:
        known = self.types.get(_oid(elem))
        if known is not None:
            return known
        return _std_type(str(elem.get("/S", "")), self.rolemap)


# ------------------------------------------------------------------------------------ links


def _annot_target(annot) -> str | None:
    """A comparable description of where a link annotation goes (URI or destination)."""
    action = annot.get("/A")
    if isinstance(action, Dictionary):
        if "/URI" in action:
            return "uri:" + str(action.URI)
        if "/D" in action:
            return "dest:" + repr(action.D)
    if "/Dest" in annot:
        return "dest:" + repr(annot.Dest)
    return None


def _link_targets(elem) -> set:
    targets = set()
    for item in _kids(elem):
        if _kind(item) == "objr":
            obj = item.get("/Obj")
            if isinstance(obj, Dictionary) and obj.get("/Subtype") == "/Link":
                targets.add(_annot_target(obj))
    return targets


def _k_array(elem) -> Array:
    """elem's /K as an array, converting a single kid into a one-element array."""
    k = elem.get("/K")
    if isinstance(k, Array):
        return k
    elem.K = Array([] if k is None else [k])
    return elem.K


def _same_object(a, b) -> bool:
    if a.is_indirect and b.is_indirect:
        return a.objgen == b.objgen
    if _kind(a) == "objr" and _kind(b) == "objr":
        oa, ob = a.get("/Obj"), b.get("/Obj")
        return isinstance(oa, Dictionary) and isinstance(ob, Dictionary) and oa.objgen == ob.objgen
    return False


def _remove_kid(parent, kid) -> int | None:
    """Remove `kid` from parent's /K; return the index it had (None if not there)."""
    k = _k_array(parent)
    for i, item in enumerate(k):
        if isinstance(item, Dictionary) and _same_object(item, kid):
            del k[i]
            return i
    return None


def _fix_link_structure(pdf: pikepdf.Pdf, root: Dictionary, tree: _Tree, stats: FixStats):
    """Put every Link annotation under a Link element; merge Link elements split by lines."""
    # 1. OBJRs of Link annotations that hang under something other than a Link element.
    for annot_id, (owner, objr) in list(tree.objrs.items()):
        obj = objr.get("/Obj")
        if obj.get("/Subtype") != "/Link" or tree.type(owner) == _LINK:
            continue
        ancestor = tree.parent.get(_oid(owner))
        while ancestor is not None and tree.type(ancestor) != _LINK:
            ancestor = tree.parent.get(_oid(ancestor))
        index = _remove_kid(owner, objr)
        if index is None:
            continue
        if ancestor is not None:
            _k_array(ancestor).append(objr)
        else:
            link = pdf.make_indirect(
                Dictionary(Type=Name.StructElem, S=Name.Link, P=owner, K=Array([objr]))
            )
            if "/Pg" in objr:
                link.Pg = objr.Pg
            _k_array(owner).insert(index, link)
        stats.links_retagged += 1

    # 2. Link annotations that no OBJR reaches: append them to the document element.
    top = next((k for k in _kids(root) if _kind(k) == "elem"), None)
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
            _k_array(parent).append(link)
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
                _kind(a) == "elem" and _kind(b) == "elem"
                and tree.type(a) == _LINK and tree.type(b) == _LINK
                and _same_page(a, b, tree)
            ):
                ta, tb = _link_targets(a), _link_targets(b)
                if ta and ta == tb and None not in ta and tree.merge_link(elem, i):
                    stats.links_merged += 1
                    continue
            i += 1
    if stats.links_merged:
        tree.drop_merged()


def _same_page(a, b, tree: _Tree) -> bool:
    return tree.pg.get(_oid(a)) == tree.pg.get(_oid(b))


# ---------------------------------------------------------------------------- content scan


class _Font:
    """Enough of a font to turn shown strings into Unicode text (via /ToUnicode)."""

    def __init__(self, font):
        self.width = 2 if font.get("/Subtype") == "/Type0" else 1
        self.map: dict[int, str] = {}
        self.ranges: list[tuple[int, int, object]] = []
        tu = font.get("/ToUnicode")
        if isinstance(tu, pikepdf.Stream):
            try:
                self._parse(tu.read_bytes().decode("latin-1"))
            except pikepdf.PdfError:
                pass

    def _parse(self, text: str):
        m = re.search(r"begincodespacerange\s*<([0-9a-fA-F]+)>", text)
        if m:
            self.width = max(1, len(m.group(1)) // 2)
        for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
            for src, dst in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>", block):
                self.map[int(src, 16)] = _utf16(dst)
        for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
            for lo, hi, dst in re.findall(
                r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(<[0-9a-fA-F]*>|\[[^\]]*\])", block
            ):
                if dst.startswith("["):
                    dsts = [_utf16(d) for d in re.findall(r"<([0-9a-fA-F]*)>", dst)]
                else:
                    dsts = dst[1:-1]
                self.ranges.append((int(lo, 16), int(hi, 16), dsts))

    def decode(self, data: bytes) -> str:
        out = []
        w = self.width
        for i in range(0, len(data) - w + 1, w):
            code = int.from_bytes(data[i : i + w], "big")
            ch = self.map.get(code)
            if ch is None:
                ch = self._from_ranges(code)
                self.map[code] = ch
            out.append(ch)
        return "".join(out)

    def _from_ranges(self, code: int) -> str:
        for lo, hi, dst in self.ranges:
            if lo <= code <= hi:
                if isinstance(dst, list):
                    return dst[code - lo] if code - lo < len(dst) else ""
                base = _utf16(dst)
                if not base:
                    return ""
                return base[:-1] + chr(ord(base[-1]) + code - lo)
        return chr(code) if self.width == 1 and 32 <= code < 127 else ""


def _utf16(hexstr: str) -> str:
    try:
        return bytes.fromhex(hexstr).decode("utf-16-be", "replace")
    except ValueError:
        return ""


class _Occurrence:
    """One BDC with an MCID in one content stream."""

    __slots__ = ("index", "mcid", "props", "key", "owner", "slot", "fallback")

    def __init__(self, index, mcid, props, key, owner, slot, fallback):
        self.index = index
        self.mcid = mcid
        self.props = props
        self.key = key
        self.owner = owner
        self.slot = slot
        self.fallback = fallback  # MCID in a form XObject found under the page's numbering


class _Stream:
    """A content stream (page or form XObject) and the MCID sequences found in it."""

    def __init__(self, obj, page, is_page: bool):
        self.obj = obj
        self.page = page
        self.is_page = is_page
        self.ops: list | None = None
        self.occurrences: list[_Occurrence] = []


class _Scanner:
    """Parse each page's content (and the form XObjects it paints) once.

    Records every MCID sequence with the element that owns it (or None when no element of the
    tree does), and the text shown inside each owned sequence (for link names).
    """

    def __init__(self, pdf: pikepdf.Pdf, tree: _Tree):
        self.pdf = pdf
        self.tree = tree
        self.wanted = tree.link_keys  # only link text is ever needed
        self.wanted_streams = {key[0] for key in tree.link_keys}
        self.streams: list[_Stream] = []
        self.form_uses: dict = {}  # form objgen -> number of times painted
        self.text: dict = {}  # (stream key, mcid) -> list of (text, y)
        self.fonts: dict = {}
        self.final: dict = {}  # stream objgen -> (_Stream, owners indexed by new MCID)
        self.renumber = True  # False in _apply_content_fixes' safe mode

    def run(self):
        for page in self.pdf.pages:
            res = page.obj.get("/Resources", Dictionary())
            self._scan(page.obj, page.obj, res, is_page=True, depth=0)

    def _font(self, resources, name):
        fonts = resources.get("/Font")
        font = fonts.get(name) if isinstance(fonts, Dictionary) else None
        if not isinstance(font, Dictionary):
            return None
        key = _oid(font)
        if key not in self.fonts:
            self.fonts[key] = _Font(font)
        return self.fonts[key]

    def _scan(self, obj, page, resources, is_page: bool, depth: int):
        if depth > 12:
            return
        stream = _Stream(obj, page, is_page)
        try:
            stream.ops = pikepdf.parse_content_stream(obj)
        except pikepdf.PdfError:
            return
        self.streams.append(stream)
        page_key = ("page", page.objgen)
        own_key = page_key if is_page else ("stm", obj.objgen)
        content = self.tree.content
        props_res = resources.get("/Properties")
        xobjects = resources.get("/XObject")

        track = own_key in self.wanted_streams or page_key in self.wanted_streams
        fonts_here: dict = {}  # resource name -> _Font, for this stream's resources
        stack: list = []  # open marked content: (stream key, mcid) or None
        font = None
        font_stack: list = []
        y = None
        for index, ins in enumerate(stream.ops):
            op = str(ins.operator)
            if op == "BDC":
                operands = ins.operands
                tag, props = operands[0], operands[1]
                if isinstance(props, Name) and isinstance(props_res, Dictionary):
                    props = props_res.get(props)
                mcid = props.get("/MCID") if isinstance(props, Dictionary) else None
                if tag == _ARTIFACT or not isinstance(mcid, int):
                    stack.append(None)
                    continue
                mcid = int(mcid)
                key = (own_key, mcid)
                found = content.get(key)
                fallback = False
                if found is None and not is_page:
                    found = content.get((page_key, mcid))
                    fallback = found is not None
                owner, slot = found if found else (None, None)
                stream.occurrences.append(
                    _Occurrence(index, mcid, props, key, owner, slot, fallback)
                )
                stack.append((page_key, mcid) if fallback else key if owner is not None else None)
            elif op == "BMC":
                stack.append(None)
            elif op == "EMC":
                if stack:
                    stack.pop()
            elif op == "Do" and isinstance(xobjects, Dictionary):
                xobj = xobjects.get(ins.operands[0])
                if isinstance(xobj, pikepdf.Stream) and xobj.get("/Subtype") == "/Form":
                    uses = self.form_uses.get(xobj.objgen, 0)
                    self.form_uses[xobj.objgen] = uses + 1
                    if uses == 0:
                        self._scan(
                            xobj, page, xobj.get("/Resources", resources), False, depth + 1
                        )
            elif not track:
                continue  # no link text in this stream: font and position do not matter
            elif op in _TEXT_SHOWING:
                if font is None or not stack:
                    continue
                current = next((s for s in reversed(stack) if s is not None), None)
                if current not in self.wanted:
                    continue
                shown = b""  # a TJ array holds one string per kerned run: decode them at once
                for operand in ins.operands:
                    if isinstance(operand, String):
                        shown += bytes(operand)
                    elif isinstance(operand, Array):
                        shown += b"".join(bytes(x) for x in operand if isinstance(x, String))
                self.text.setdefault(current, []).append((font.decode(shown), y))
            elif op == "Tf":
                name = str(ins.operands[0])
                if name not in fonts_here:
                    fonts_here[name] = self._font(resources, ins.operands[0])
                font = fonts_here[name]
            elif op == "Tm":
                y = float(ins.operands[5])
            elif op == "q":
                font_stack.append(font)
            elif op == "Q":
                if font_stack:
                    font = font_stack.pop()


# ------------------------------------------------------------------------ applying fixes


def _artifact_instruction() -> ContentStreamInstruction:
    return ContentStreamInstruction(
        [_ARTIFACT, Dictionary(Type=Name.Pagination)], Operator("BDC")
    )


def _mcid_instruction(tag, props, mcid: int) -> ContentStreamInstruction:
    new = Dictionary({k: v for k, v in props.items()})
    new.MCID = mcid
    return ContentStreamInstruction([tag, new], Operator("BDC"))


def _apply_content_fixes(pdf: pikepdf.Pdf, tree: _Tree, scan: _Scanner, stats: FixStats):
    """Unowned MCIDs -> artifacts; owned MCIDs renumbered densely; tree references updated.

    Safe mode: if a form XObject with tagged content is painted more than once (WeasyPrint
    never does this), its MCIDs cannot get one owner each and renumbering the pages around it
    could make numbers collide, so MCIDs keep their numbers and only artifacts are made.
    """
    scan.renumber = not any(
        not stream.is_page
        and scan.form_uses.get(stream.obj.objgen, 0) > 1
        and any(occ.owner is not None for occ in stream.occurrences)
        for stream in scan.streams
    )
    for stream in scan.streams:
        shared = not stream.is_page and scan.form_uses.get(stream.obj.objgen, 0) > 1
        changed = False
        numbering: dict[int, int] = {}
        owners: list = []
        for occ in stream.occurrences:
            if occ.owner is None:
                if shared:
                    continue
                stream.ops[occ.index] = _artifact_instruction()
                stats.artifacts += 1
                changed = True
                continue
            if shared or not scan.renumber:
                continue  # painted more than once: its MCIDs cannot be given one owner each
            if occ.mcid in numbering:
                continue  # the same MCID split over several sequences keeps one number
            new = len(numbering)
            numbering[occ.mcid] = new
            owners.append(occ.owner)
            if new != occ.mcid:
                tag = stream.ops[occ.index].operands[0]
                stream.ops[occ.index] = _mcid_instruction(tag, occ.props, new)
                changed = True
            if _update_reference(pdf, occ, stream, new):
                stats.mcid_refs_rewritten += 1
        # Later sequences reusing an MCID that was renumbered.
        for occ in stream.occurrences:
            if occ.owner is not None and not shared and occ.mcid in numbering:
                new = numbering[occ.mcid]
                current = stream.ops[occ.index].operands[1]
                if isinstance(current, Dictionary) and current.get("/MCID") != new:
                    tag = stream.ops[occ.index].operands[0]
                    stream.ops[occ.index] = _mcid_instruction(tag, occ.props, new)
                    changed = True
        if not shared and scan.renumber:
            scan.final[stream.obj.objgen] = (stream, owners)
        if changed:
            data = pikepdf.unparse_content_stream(stream.ops)
            contents = stream.obj.get("/Contents") if stream.is_page else stream.obj
            if stream.is_page and not isinstance(contents, pikepdf.Stream):
                stream.obj.Contents = pdf.make_stream(data)
            else:
                contents.write(data)
            stats.streams_rewritten += 1


def _update_reference(pdf, occ: _Occurrence, stream: _Stream, new: int) -> bool:
    """Point the owner's reference at MCID `new` (as an MCR with /Stm for form XObjects)."""
    owner = occ.owner
    kind, where = occ.slot
    if stream.is_page:
        if kind == "k":
            if new == occ.mcid:
                return False
            if where is None:
                owner.K = new
            else:
                owner.K[where] = new
            return True
        mcr = where
        if mcr.get("/MCID") == new:
            return False
        mcr.MCID = new
        return True
    # Form XObject content: an MCR naming the stream.
    if kind == "mcr" and isinstance(where.get("/Stm"), pikepdf.Stream) and not occ.fallback:
        if where.get("/MCID") == new:
            return False
        where.MCID = new
        return True
    mcr = Dictionary(Type=Name.MCR, Pg=stream.page, Stm=stream.obj, MCID=new)
    if kind == "k":
        if where is None:
            owner.K = mcr
        else:
            owner.K[where] = mcr
    else:
        for k in ("/Type", "/Pg", "/Stm", "/MCID"):
            where[k] = mcr[k]
    return True


def _element_text(elem, tree: _Tree, scan: _Scanner, depth: int = 0) -> list:
    """Fragments (text, y) of what a structure element reads as, in order."""
    for key in ("/ActualText", "/Alt"):
        value = elem.get(key)
        if isinstance(value, String) and str(value).strip():
            return [(str(value), None)]
    if depth > 50:
        return []
    pg = tree.pg.get(_oid(elem))
    out = []
    for item in _kids(elem):
        kind = _kind(item)
        if kind == "mcid" and pg is not None:
            out.extend(scan.text.get((("page", pg), int(item)), ()))
        elif kind == "mcr":
            stm, mcid = item.get("/Stm"), item.get("/MCID")
            mpg = item.get("/Pg")
            mpg = mpg.objgen if isinstance(mpg, Dictionary) else pg
            if isinstance(stm, pikepdf.Stream):
                out.extend(scan.text.get((("stm", stm.objgen), int(mcid)), ()))
            elif mpg is not None:
                out.extend(scan.text.get((("page", mpg), int(mcid)), ()))
        elif kind == "elem":
            out.extend(_element_text(item, tree, scan, depth + 1))
    return out


def _join(fragments: list) -> str:
    """Join text fragments, adding a space between lines (different y) when none is there."""
    text = ""
    last_y = object()
    for piece, y in fragments:
        if not piece:
            continue
        new_line = y is None or y != last_y
        if text and new_line and not text[-1].isspace() and not piece[0].isspace():
            if text[-1] not in "-\u00ad/":
                text += " "
        text += piece
        last_y = y
    return re.sub(r"\s+", " ", text.replace("\u00ad", "")).strip()


def _describe_url(url: str) -> str:
    """A link whose text is its own address: say what it is (a DOI, an ORCID iD) where we can."""
    match = re.match(r"^https?://(?:dx\.)?doi\.org/(.+)$", url)
    if match:
        return f"DOI {match.group(1)}"
    match = re.match(r"^https?://orcid\.org/(\d{4}-\d{4}-\d{4}-\d{3}[\dX])$", url)
    if match:
        return f"ORCID iD {match.group(1)}"
    return url


def _set_link_contents(pdf: pikepdf.Pdf, tree: _Tree, scan: _Scanner, stats: FixStats):
    """/Contents of each Link annotation = the text of its Link element."""
    names: dict = {}
    for annot_id, (owner, objr) in tree.objrs.items():
        annot = objr.get("/Obj")
        if annot.get("/Subtype") != "/Link":
            continue
        oid = _oid(owner)
        if oid not in names:
            names[oid] = _join(_element_text(owner, tree, scan))
        name = names[oid]
        target = _annot_target(annot) or ""
        if name and target.startswith("uri:") and name == target[4:]:
            name = _describe_url(name)
        current = annot.get("/Contents")
        current = str(current) if isinstance(current, String) else ""
        if name:
            if current != name:
                annot.Contents = String(name)
                stats.links_named += 1
        elif not current.strip():
            target = _annot_target(annot) or ""
            fallback = target[4:] if target.startswith("uri:") else "Link"
            annot.Contents = String(fallback)
            stats.links_named += 1


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


def _rebuild_parent_tree(pdf, root, tree: _Tree, scan: _Scanner, stats: FixStats):
    """Rebuild the ParentTree (one flat /Nums) from the walked tree and the scanned content."""
    old: dict = {}
    number_tree(root.get("/ParentTree"), old)
    for value in old.values():
        values = value if isinstance(value, Array) else [value]
        for v in values:
            if isinstance(v, Dictionary) and _oid(v) not in tree.reached:
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


def _unrenumbered(pdf, tree: _Tree, scan: _Scanner) -> dict:
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


def _ensure_id_tree(root: Dictionary, tree: _Tree) -> bool:
    """Add an /IDTree for elements with /ID (WeasyPrint gives TH cells IDs but no tree)."""
    if "/IDTree" in root or not tree.ids:
        return False
    names = Array()
    for key in sorted(tree.ids):
        names.append(String(key))
        names.append(tree.ids[key])
    root.IDTree = Dictionary(Names=names)
    return True
