"""PDF/UA-1 check of a PDF with pikepdf: the machine-checkable Matterhorn points we can test."""

# What is checked (rule -> severity, with the Matterhorn checkpoint or ISO 14289-1 clause),
# in the order findings are reported:
#   pdfua/unreadable          error    pikepdf cannot open the file
#   pdfua/marked              error    /MarkInfo /Marked is not true (ISO 14289-1 7.1)
#   pdfua/suspects            error    /MarkInfo /Suspects is true (Matterhorn 01-007)
#   pdfua/struct-tree         error    no /StructTreeRoot (7.1)
#   pdfua/lang                error    no (or empty) /Lang on the catalog (7.2)
#   pdfua/display-doc-title   error    /ViewerPreferences /DisplayDocTitle is not true (07-001/002)
#   pdfua/metadata            error    no XMP metadata stream (06-001)
#   pdfua/pdfuaid             error    XMP has no pdfuaid:part = 1 (06-002)
#   pdfua/title               error    XMP has no (or an empty) dc:title (06-003)
#   pdfua/tabs                error    a page's /Tabs is not /S (7.18.3; checked on every page)
#   pdfua/role-map            error    a structure type is neither standard nor role-mapped (02-001)
#   pdfua/figure-alt          error    a Figure has neither /Alt nor /ActualText (13-004)
#   pdfua/table-in-table      error    a Table element directly inside a Table element
#   pdfua/list-structure      error    an L holding other than LI, L or Caption, or an LI holding
#                                      other than Lbl and LBody (ISO 32000-1 14.8.4.3.3; 7.2-20)
#   pdfua/split-table, pdfua/split-list  warning  a table or list crossing a page break, tagged as two
#   pdfua/heading-skip        warning  heading levels skip (H1 then H3) (14-003)
#   pdfua/heading-first       warning  the first numbered heading is not H1 (14-002)
#   pdfua/untagged-content    error    a marked-content sequence with an MCID that no structure
#                                      element reached from the StructTreeRoot owns, i.e. content
#                                      neither tagged nor an artifact (01-005)
#   pdfua/unmarked-content    error    painting operators outside any marked content (01-005)
#   pdfua/parent-tree         error    ParentTree entry missing / not the owning element
#   pdfua/form-mcid           warning  MCIDs in a form XObject that lacks /StructParents and
#                                      are referenced as if they were in the page's stream
#   pdfua/link-contents       error    a Link annotation has no (or an empty) /Contents (7.18.5)
#   pdfua/link-contents-url   warning  /Contents is the bare link target, not the link's text
#   pdfua/link-struct-parent  error    a Link annotation has no /StructParent (ISO 32000-1 14.7.4.4)
#   pdfua/link-tag            error    a Link annotation is not under a Link element (28-011)
#   pdfua/annot-tag           error    another annotation is not in the structure tree (7.18.1)
#   pdfua/font-embedded       error    a font used for text is not embedded (7.21.4.1)
# Page numbers in messages are 1-based. `line` stays None: a PDF has pages, not lines.

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from copress.checks.findings import Finding
from copress.pdfmodel import StructTree, link_target, number_tree, oid

__all__ = ["check_pdf", "STANDARD_TYPES"]

AREA = "accessibility"

STANDARD_TYPES = frozenset(
    "Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private "
    "P H H1 H2 H3 H4 H5 H6 L LI Lbl LBody Table TR TH TD THead TBody TFoot "
    "Span Quote Note Reference BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP "
    "Figure Formula Form".split()
)

_PAINTING = frozenset({"Tj", "TJ", "'", '"', "S", "s", "f", "F", "f*", "B", "B*", "b", "b*",
                       "sh", "INLINE IMAGE", "BI"})
_NS_PDFUAID = "http://www.aiim.org/pdfua/ns/id/"
_NS_DC = "http://purl.org/dc/elements/1.1/"
_NS_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

_HINT_FIX = (
    "run copress.render.pdf.fix_pdf on WeasyPrint's output (it marks page furniture such "
    "as running heads and page numbers as /Artifact)"
)


# What a list element may hold (ISO 32000-1 14.8.4.3.3, Table 322; PDF/UA-1 7.2 through it).
LIST_KIDS = {"L": {"LI", "L", "Caption"}, "LI": {"Lbl", "LBody"}}


def check_pdf(path) -> list[Finding]:
    """Check the PDF at `path` against PDF/UA-1's machine-checkable points; return findings."""
    path = Path(path)
    try:
        pdf = pikepdf.open(path)
    except (pikepdf.PdfError, OSError, ValueError) as exc:
        return [Finding(AREA, "pdfua/unreadable", "error", f"cannot open PDF: {exc}", str(path),
                        hint="check that the file is a complete PDF")]
    with pdf:
        return _Checker(pdf, str(path)).run()


def _text(value) -> str:
    return str(value) if isinstance(value, String) else ""


class _Checker:
    def __init__(self, pdf: pikepdf.Pdf, file: str):
        self.pdf = pdf
        self.file = file
        self.findings: list[Finding] = []
        self.page_no = {page.obj.objgen: i + 1 for i, page in enumerate(pdf.pages)}
        self.tree: StructTree | None = None  # the walk, when there is a tree
        self.parent_tree: dict = {}
        self.has_tree = False

    def add(self, rule, severity, message, hint=None):
        self.findings.append(Finding(AREA, rule, severity, message, self.file, None, hint))

    def run(self) -> list[Finding]:
        self._catalog()
        self._metadata()
        self._tabs()
        if self.has_tree:
            self._walk_tree()
            self._structure_rules()
        self._content()
        self._annotations()
        return self.findings

    # ------------------------------------------------------------------------- catalog

    def _catalog(self):
        cat = self.pdf.Root
        mark = cat.get("/MarkInfo")
        if not (isinstance(mark, Dictionary) and mark.get("/Marked") is True):
            self.add("pdfua/marked", "error", "the catalog's /MarkInfo /Marked is not true",
                     "render with WeasyPrint's pdf_variant='pdf/ua-1' (tagged PDF)")
        elif mark.get("/Suspects") is True:
            self.add("pdfua/suspects", "error", "/MarkInfo /Suspects is true: the tags are "
                     "flagged as unreliable", "re-tag the document; remove /Suspects")
        root = cat.get("/StructTreeRoot")
        self.has_tree = isinstance(root, Dictionary)
        if not self.has_tree:
            self.add("pdfua/struct-tree", "error", "no structure tree (/StructTreeRoot): the "
                     "PDF is not tagged", "render with pdf_variant='pdf/ua-1'")
        if not _text(cat.get("/Lang")).strip():
            self.add("pdfua/lang", "error", "no document language (/Lang) on the catalog",
                     "give the HTML root element a lang attribute, e.g. <html lang=\"en\">")
        prefs = cat.get("/ViewerPreferences")
        if not (isinstance(prefs, Dictionary) and prefs.get("/DisplayDocTitle") is True):
            self.add("pdfua/display-doc-title", "error", "/ViewerPreferences /DisplayDocTitle "
                     "is not true: viewers show the file name instead of the title",
                     "render with pdf_variant='pdf/ua-1' (it sets DisplayDocTitle)")

    def _metadata(self):
        meta = self.pdf.Root.get("/Metadata")
        if not isinstance(meta, pikepdf.Stream):
            self.add("pdfua/metadata", "error", "no XMP metadata stream on the catalog",
                     "render with pdf_variant='pdf/ua-1' (it writes XMP with pdfuaid:part)")
            return
        part, title = None, ""
        try:
            root = ET.fromstring(meta.read_bytes())
        except (ET.ParseError, pikepdf.PdfError) as exc:
            self.add("pdfua/metadata", "error", f"the XMP metadata cannot be parsed: {exc}")
            return
        for node in root.iter():
            value = node.attrib.get(f"{{{_NS_PDFUAID}}}part")
            if value is not None:
                part = value.strip()
            if node.tag == f"{{{_NS_PDFUAID}}}part" and node.text:
                part = node.text.strip()
            if node.tag == f"{{{_NS_DC}}}title":
                texts = [li.text or "" for li in node.iter(f"{{{_NS_RDF}}}li")]
                title = " ".join(t.strip() for t in texts if t.strip()) or (node.text or "").strip()
        if part != "1":
            got = "missing" if part is None else f"'{part}'"
            self.add("pdfua/pdfuaid", "error", f"XMP pdfuaid:part is {got}, not 1: the file "
                     "does not claim PDF/UA-1", "render with pdf_variant='pdf/ua-1'")
        if not title:
            self.add("pdfua/title", "error", "no document title (dc:title) in the XMP metadata",
                     "give the HTML a non-empty <title> (WeasyPrint copies it to dc:title)")

    def _tabs(self):
        bad = [i + 1 for i, page in enumerate(self.pdf.pages) if page.obj.get("/Tabs") != "/S"]
        if bad:
            self.add("pdfua/tabs", "error", f"{_pages(bad)}: /Tabs is not /S (tab order must "
                     "follow the structure)", "set /Tabs /S on every page (pdf/ua-1 does)")

    # ----------------------------------------------------------------- structure tree

    def _walk_tree(self):
        # refs_first: a /K entry with /Type /MCR or /OBJR is read as that even if it has /S
        # (the fixer reads such an entry as an element: see pdfmodel.kind).
        root = self.pdf.Root.StructTreeRoot
        number_tree(root.get("/ParentTree"), self.parent_tree)
        self.tree = StructTree(root, refs_first=True)

    def _type(self, elem) -> str:
        return self.tree.type(elem)

    def _owner(self, key):
        """The element owning content key (stream key, mcid); None without a tree."""
        return self.tree.owner(key) if self.tree is not None else None

    def _where(self, elem) -> str:
        n = self.page_no.get(self.tree.pg.get(oid(elem)))
        return f"page {n}" if n else "structure tree"

    def _structure_rules(self):
        unmapped: dict[str, int] = {}
        no_alt: list = []
        nested: list = []
        lists: dict[tuple[str, str], list[str]] = {}
        last_level = None
        first_seen = False
        for elem in self.tree.elems:
            raw = str(elem.get("/S", ""))[1:]
            std = self._type(elem)[1:]
            if std not in STANDARD_TYPES:
                unmapped[raw] = unmapped.get(raw, 0) + 1
            if std in ("Figure",) and not (
                _text(elem.get("/Alt")).strip() or _text(elem.get("/ActualText")).strip()
            ):
                no_alt.append(self._where(elem))
            if std == "Table":
                parent = self.tree.parent.get(oid(elem))
                if parent is not None and self._type(parent) == "/Table":
                    nested.append(self._where(elem))
            if std in ("Table", "L"):
                self._split_sibling(elem, std)
            if std in LIST_KIDS:
                wrong = sorted({self._type(k)[1:] for k in self.tree.children.get(oid(elem), [])}
                               - LIST_KIDS[std])
                if wrong:
                    lists.setdefault((std, ", ".join(wrong)), []).append(self._where(elem))
            m = re.fullmatch(r"H([1-6])", std)
            if m:
                level = int(m.group(1))
                if not first_seen and level != 1:
                    self.add("pdfua/heading-first", "warning", f"{self._where(elem)}: the first "
                             f"heading is H{level}, not H1",
                             "start the document's headings at level 1 (the title as <h1>)")
                first_seen = True
                if last_level is not None and level > last_level + 1:
                    self.add("pdfua/heading-skip", "warning", f"{self._where(elem)}: H{level} "
                             f"follows H{last_level} (a heading level is skipped)",
                             "do not skip heading levels; use the next level down")
                last_level = level
        for raw, n in sorted(unmapped.items()):
            self.add("pdfua/role-map", "error", f"structure type /{raw} ({n}×) is not a "
                     "standard type and not role-mapped to one",
                     "add it to the StructTreeRoot's /RoleMap")
        for where in no_alt:
            self.add("pdfua/figure-alt", "error", f"{where}: a Figure has no alternative text "
                     "(/Alt or /ActualText)",
                     "give every <img> an alt attribute (and every inline <svg> a <title>)")
        for where in nested:
            self.add("pdfua/table-in-table", "error", f"{where}: a Table element sits directly "
                     "inside another Table element",
                     "CSS `table { display: block }` (pandoc's default CSS) causes this: use "
                     "`display: table` and put overflow on a wrapping <div>")

        for (std, wrong), places in lists.items():
            self.add("pdfua/list-structure", "error", f"{places[0]}: {len(places)} {std} element(s) "
                     f"hold {wrong}, where {std} may hold only {' and '.join(sorted(LIST_KIDS[std]))}",
                     "screen readers announce lists and their items from this structure; rebuild "
                     "with copress (its PDF fixes regroup lists), or remove the project stylesheet "
                     "or raw HTML that makes list items something else")

    def _split_sibling(self, elem, std: str) -> None:
        """WeasyPrint tags a table or list that crosses a page break as two siblings: a screen
        reader then announces two tables (or lists) where the reader sees one."""
        parent = self.tree.parent.get(oid(elem))
        siblings = self.tree.children.get(oid(parent) if parent is not None else None, [])
        index = next((i for i, s in enumerate(siblings) if oid(s) == oid(elem)), None)
        if index is None or index + 1 >= len(siblings):
            return
        following = siblings[index + 1]
        pg = self.tree.pg
        if self._type(following)[1:] == std and pg.get(oid(following)) != pg.get(oid(elem)):
            what = "table" if std == "Table" else "list"
            self.add(f"pdfua/split-{what}", "warning",
                     f"{self._where(elem)}: a {what} crosses a page break and is tagged as two "
                     f"{what}s", f"keep short {what}s on one page (CSS break-inside: avoid), or "
                     "accept that assistive technology announces the parts separately")

    # --------------------------------------------------------------------- content

    def _content(self):
        untagged: dict[int, list] = {}
        unmarked: dict[int, int] = {}
        bad_parent: dict[int, int] = {}
        form_fallback: set = set()
        fonts_used: dict = {}  # font objgen -> (font, set of pages)
        visited: set = set()

        def scan(obj, page, resources, is_page, covered, depth):
            if depth > 12:
                return
            marker = (oid(obj), oid(page), covered)
            if marker in visited:
                return
            visited.add(marker)
            try:
                ops = pikepdf.parse_content_stream(obj)
            except pikepdf.PdfError:
                return
            n = self.page_no[page.objgen]
            page_key = ("page", page.objgen)
            own_key = page_key if is_page else ("stm", obj.objgen)
            own_sp = obj.get("/StructParents")
            page_sp = page.get("/StructParents")
            props_res = resources.get("/Properties")
            xobjects = resources.get("/XObject")
            font_res = resources.get("/Font")
            stack = [covered] if covered else []
            for ins in ops:
                op = str(ins.operator)
                if op == "BDC" or op == "BMC":
                    tag = ins.operands[0]
                    props = ins.operands[1] if op == "BDC" else None
                    if isinstance(props, Name) and isinstance(props_res, Dictionary):
                        props = props_res.get(props)
                    mcid = props.get("/MCID") if isinstance(props, Dictionary) else None
                    if tag == "/Artifact":
                        stack.append("artifact")
                    elif isinstance(mcid, int):
                        mcid = int(mcid)
                        owner = self._owner((own_key, mcid))
                        sp = own_sp
                        if owner is None and not is_page:
                            owner = self._owner((page_key, mcid))
                            if owner is not None:
                                form_fallback.add((obj.objgen, n))
                                sp = own_sp if isinstance(own_sp, int) else page_sp
                        if owner is None:
                            untagged.setdefault(n, []).append(mcid)
                            stack.append("untagged")
                        else:
                            stack.append("tagged")
                            arr = self.parent_tree.get(int(sp)) if isinstance(sp, int) else None
                            got = arr[mcid] if isinstance(arr, Array) and mcid < len(arr) else None
                            if not (isinstance(got, Dictionary) and oid(got) == oid(owner)):
                                bad_parent[n] = bad_parent.get(n, 0) + 1
                    else:
                        stack.append(None)
                elif op == "EMC":
                    if stack:
                        stack.pop()
                elif op in _PAINTING:
                    if not any(stack):
                        unmarked[n] = unmarked.get(n, 0) + 1
                elif op == "Tf" and isinstance(font_res, Dictionary):
                    font = font_res.get(ins.operands[0])
                    if isinstance(font, Dictionary):
                        entry = fonts_used.setdefault(oid(font), (font, set()))
                        entry[1].add(n)
                elif op == "Do" and isinstance(xobjects, Dictionary):
                    xobj = xobjects.get(ins.operands[0])
                    if not isinstance(xobj, pikepdf.Stream):
                        continue
                    state = next((s for s in reversed(stack) if s), None)
                    if xobj.get("/Subtype") == "/Form":
                        scan(xobj, page, xobj.get("/Resources", resources), False, state,
                             depth + 1)
                    elif state is None:
                        unmarked[n] = unmarked.get(n, 0) + 1

        for page in self.pdf.pages:
            scan(page.obj, page.obj, page.obj.get("/Resources", Dictionary()), True, None, 0)

        for n, mcids in sorted(untagged.items()):
            shown = ", ".join(str(m) for m in mcids[:6]) + (", …" if len(mcids) > 6 else "")
            self.add("pdfua/untagged-content", "error", f"page {n}: {len(mcids)} marked-content "
                     f"sequence(s) (MCID {shown}) belong to no structure element reachable from "
                     "the StructTreeRoot: content is neither tagged nor an artifact", _HINT_FIX)
        for n, count in sorted(unmarked.items()):
            self.add("pdfua/unmarked-content", "error", f"page {n}: {count} painting "
                     "operator(s) outside any marked content (neither tagged nor an artifact)",
                     "wrap decorative drawing in /Artifact BMC … EMC, real content in tags")
        if self.has_tree:
            for n, count in sorted(bad_parent.items()):
                self.add("pdfua/parent-tree", "error", f"page {n}: {count} tagged sequence(s) "
                         "whose ParentTree entry is missing or names another element",
                         "rebuild the ParentTree from the structure tree (fix_pdf does)")
        for objgen, n in sorted(form_fallback):
            self.add("pdfua/form-mcid", "warning", f"page {n}: form XObject {objgen[0]} holds "
                     "MCIDs but has no /StructParents; the tree refers to them as page content",
                     "refer to them with MCRs naming the XObject (/Stm) (fix_pdf does)")
        for font, pages in fonts_used.values():
            if font.get("/Subtype") == "/Type3" or _font_embedded(font):
                continue
            name = str(font.get("/BaseFont", font.get("/Name", "?")))[1:]
            self.add("pdfua/font-embedded", "error", f"{_pages(sorted(pages))}: font {name} "
                     "is not embedded", "use fonts that may be embedded (WeasyPrint embeds "
                     "installed TrueType/OpenType fonts; avoid the PDF standard 14)")

    # ------------------------------------------------------------------- annotations

    def _annotations(self):
        for i, page in enumerate(self.pdf.pages, start=1):
            for annot in page.obj.get("/Annots", []):
                if not isinstance(annot, Dictionary):
                    continue
                subtype = annot.get("/Subtype")
                if subtype in ("/Popup", "/PrinterMark", "/Widget"):
                    continue
                contents = _text(annot.get("/Contents")).strip()
                found = None
                if self.tree is not None and annot.is_indirect:
                    found = self.tree.objrs.get(annot.objgen)
                owner = found[0] if found else None
                if subtype != "/Link":
                    if owner is None and self.has_tree:
                        self.add("pdfua/annot-tag", "error", f"page {i}: a {str(subtype)[1:]} "
                                 "annotation is not in the structure tree",
                                 "reference it from an Annot structure element via an OBJR")
                    continue
                target = _link_target(annot)
                if not contents:
                    self.add("pdfua/link-contents", "error", f"page {i}: a Link annotation to "
                             f"{target or '?'} has no /Contents (alternative description)",
                             "set /Contents to the link's text (fix_pdf does)")
                elif target and contents == target:
                    self.add("pdfua/link-contents-url", "warning", f"page {i}: a Link "
                             f"annotation's /Contents is the bare target {target!r}",
                             "use the link's text as /Contents (fix_pdf does); give image "
                             "links an alt text")
                sp = annot.get("/StructParent")
                if not isinstance(sp, int):
                    self.add("pdfua/link-struct-parent", "error", f"page {i}: a Link annotation "
                             f"to {target or '?'} has no /StructParent", _HINT_FIX)
                if not self.has_tree:
                    continue
                if owner is None or self._type(owner) != "/Link":
                    what = "is not in the structure tree" if owner is None else (
                        f"hangs under a {self._type(owner)[1:]} element")
                    self.add("pdfua/link-tag", "error", f"page {i}: a Link annotation to "
                             f"{target or '?'} {what}, not under a Link element", _HINT_FIX)
                elif isinstance(sp, int):
                    got = self.parent_tree.get(int(sp))
                    if not (isinstance(got, Dictionary) and oid(got) == oid(owner)):
                        self.add("pdfua/parent-tree", "error", f"page {i}: the ParentTree "
                                 f"entry {int(sp)} of a Link annotation does not name its Link "
                                 "element", "rebuild the ParentTree (fix_pdf does)")


def _link_target(annot) -> str:
    """Where a link goes, as text for a message ('' if it says nowhere)."""
    target = link_target(annot)
    if target is None:
        return ""
    what, value = target
    if what == "uri":
        return _text(value) or str(value)
    return str(value) if isinstance(value, (String, Name)) else ""


def _font_embedded(font) -> bool:
    if font.get("/Subtype") == "/Type0":
        desc = font.get("/DescendantFonts")
        if not isinstance(desc, Array) or not len(desc):
            return False
        font = desc[0]
    fd = font.get("/FontDescriptor")
    return isinstance(fd, Dictionary) and any(
        k in fd for k in ("/FontFile", "/FontFile2", "/FontFile3")
    )


def _pages(numbers: list[int]) -> str:
    """'page 3' or 'pages 1–4, 7' for a sorted list of page numbers."""
    if len(numbers) == 1:
        return f"page {numbers[0]}"
    runs, start, prev = [], numbers[0], numbers[0]
    for n in numbers[1:] + [None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        runs.append(f"{start}" if start == prev else f"{start}–{prev}")
        if n is not None:
            start = prev = n
    return "pages " + ", ".join(runs)
