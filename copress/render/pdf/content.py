"""Content streams: one scan of each page (and the form XObjects it paints), shared by the fixes."""

from __future__ import annotations

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from ...pdfmodel import StructTree, oid
from .fonts import Font

ARTIFACT = Name("/Artifact")  # marked content that is not part of the text
_TEXT_SHOWING = {"Tj", "TJ", "'", '"'}


def scanned(fixing) -> Scanner:
    """The fixing's content scan, made on first use: after the fixes that move tree elements
    (links), so it sees the tree as they left it."""
    if fixing.scan is None:
        fixing.scan = Scanner(fixing.pdf, fixing.tree)
        fixing.scan.run()
    return fixing.scan


def painted_twice(scan: Scanner, stream: Stream) -> bool:
    """A form XObject painted more than once: its MCIDs cannot be given one owner each."""
    return not stream.is_page and scan.form_uses.get(stream.obj.objgen, 0) > 1


def write_changed_streams(fixing) -> None:
    """Write back every content stream a fix edited, in scan order."""
    if fixing.scan is None:
        return
    pdf = fixing.pdf
    for stream in fixing.scan.streams:
        if not stream.changed:
            continue
        data = pikepdf.unparse_content_stream(stream.ops)
        contents = stream.obj.get("/Contents") if stream.is_page else stream.obj
        if stream.is_page and not isinstance(contents, pikepdf.Stream):
            stream.obj.Contents = pdf.make_stream(data)
        else:
            contents.write(data)
        fixing.stats.streams_rewritten += 1


class Occurrence:
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


class Stream:
    """A content stream (page or form XObject) and the MCID sequences found in it."""

    def __init__(self, obj, page, is_page: bool):
        self.obj = obj
        self.page = page
        self.is_page = is_page
        self.ops: list | None = None
        self.occurrences: list[Occurrence] = []
        self.changed = False  # ops edited by a fix: write_changed_streams writes them back


class Scanner:
    """Parse each page's content (and the form XObjects it paints) once.

    Records every MCID sequence with the element that owns it (or None when no element of the
    tree does), and the text shown inside each owned sequence (for link names).
    """

    def __init__(self, pdf: pikepdf.Pdf, tree: StructTree):
        self.pdf = pdf
        self.tree = tree
        self.wanted = tree.link_keys  # only link text is ever needed
        self.wanted_streams = {key[0] for key in tree.link_keys}
        self.streams: list[Stream] = []
        self.form_uses: dict = {}  # form objgen -> number of times painted
        self.text: dict = {}  # (stream key, mcid) -> list of (text, y)
        self.fonts: dict = {}
        self.final: dict = {}  # stream objgen -> (Stream, owners indexed by new MCID)
        self.renumber = True  # False in renumber_mcids' safe mode

    def run(self):
        for page in self.pdf.pages:
            res = page.obj.get("/Resources", Dictionary())
            self._scan(page.obj, page.obj, res, is_page=True, depth=0)

    def _font(self, resources, name):
        fonts = resources.get("/Font")
        font = fonts.get(name) if isinstance(fonts, Dictionary) else None
        if not isinstance(font, Dictionary):
            return None
        key = oid(font)
        if key not in self.fonts:
            self.fonts[key] = Font(font)
        return self.fonts[key]

    def _scan(self, obj, page, resources, is_page: bool, depth: int):
        if depth > 12:
            return
        stream = Stream(obj, page, is_page)
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
        fonts_here: dict = {}  # resource name -> Font, for this stream's resources
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
                if tag == ARTIFACT or not isinstance(mcid, int):
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
                    Occurrence(index, mcid, props, key, owner, slot, fallback)
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
