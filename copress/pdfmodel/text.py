"""Text in a tagged PDF: what each marked-content sequence shows (keyed as `StructTree.content`
keys it), and what a structure element reads as."""

# render/pdf/link_text.py reads link text the same way, from the scan the fixes share (keyed by
# the MCIDs as drawn, before they are renumbered); it can move to element_text and join_lines.

from __future__ import annotations

import re

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from .fonts import Font
from .objects import kids, kind, oid

_TEXT_SHOWING = {"Tj", "TJ", "'", '"'}
_ARTIFACT = "artifact"  # on the stack of open sequences: nothing inside it is text


def marked_text(pdf: pikepdf.Pdf) -> dict:
    """(stream key, mcid) -> [(text, y), …] for every marked-content sequence with an MCID.

    The stream key is ('page', page objgen) for a page's own content and ('stm', form objgen)
    for a form XObject's (what an MCR's /Stm names). Text nested in an inner sequence belongs
    to the innermost one with an MCID; artifacts and unnumbered sequences keep nothing. `y` is
    the text matrix's y, so a reader can tell a new line from a run on the same line.
    """
    found: dict = {}
    fonts: dict = {}
    drawn: set = set()
    for page in pdf.pages:
        resources = page.obj.get("/Resources", Dictionary())
        _scan(page.obj, ("page", page.objgen), resources, found, fonts, drawn, 0)
    return found


def _font(resources, name, fonts: dict):
    table = resources.get("/Font")
    font = table.get(name) if isinstance(table, Dictionary) else None
    if not isinstance(font, Dictionary):
        return None
    key = oid(font)
    if key not in fonts:
        fonts[key] = Font(font)
    return fonts[key]


def _scan(obj, own_key, resources, found: dict, fonts: dict, drawn: set, depth: int):
    if depth > 12:
        return
    try:
        ops = pikepdf.parse_content_stream(obj)
    except pikepdf.PdfError:
        return
    props_res = resources.get("/Properties")
    xobjects = resources.get("/XObject")
    stack: list = []  # open marked content: its key, _ARTIFACT, or None (no MCID, BMC)
    font, font_stack, y = None, [], None
    for ins in ops:
        op = str(ins.operator)
        if op == "BDC":
            tag, props = ins.operands[0], ins.operands[1]
            if isinstance(props, Name) and isinstance(props_res, Dictionary):
                props = props_res.get(props)
            mcid = props.get("/MCID") if isinstance(props, Dictionary) else None
            if tag == Name("/Artifact"):
                stack.append(_ARTIFACT)
            else:
                stack.append((own_key, int(mcid)) if isinstance(mcid, int) else None)
        elif op == "BMC":
            stack.append(None)
        elif op == "EMC":
            if stack:
                stack.pop()
        elif op == "Do" and isinstance(xobjects, Dictionary):
            xobj = xobjects.get(ins.operands[0])
            if (isinstance(xobj, pikepdf.Stream) and xobj.get("/Subtype") == "/Form"
                    and xobj.objgen not in drawn):
                drawn.add(xobj.objgen)  # painted twice, its MCIDs still have one owner each
                _scan(xobj, ("stm", xobj.objgen), xobj.get("/Resources", resources), found,
                      fonts, drawn, depth + 1)
        elif op in _TEXT_SHOWING:
            current = next((s for s in reversed(stack) if s is not None), None)
            if font is None or current in (None, _ARTIFACT):
                continue
            shown = b""  # a TJ array holds one string per kerned run: decode them at once
            for operand in ins.operands:
                if isinstance(operand, String):
                    shown += bytes(operand)
                elif isinstance(operand, Array):
                    shown += b"".join(bytes(x) for x in operand if isinstance(x, String))
            found.setdefault(current, []).append((font.decode(shown), y))
        elif op == "Tf":
            font = _font(resources, ins.operands[0], fonts)
        elif op == "Tm":
            y = float(ins.operands[5])
        elif op == "q":
            font_stack.append(font)
        elif op == "Q" and font_stack:
            font = font_stack.pop()


def element_text(elem, tree, text_of: dict, skip=frozenset(), depth: int = 0) -> list:
    """Fragments (text, y) of what a structure element reads as, in order: its /ActualText or
    /Alt, else the text of its marked content (`text_of`, from marked_text) and of its child
    elements, but for children whose type is in `skip`. `tree` is the StructTree it is in."""
    for name in ("/ActualText", "/Alt"):
        value = elem.get(name)
        if isinstance(value, String) and str(value).strip():
            return [(str(value), None)]
    if depth > 50:
        return []
    pg = tree.pg.get(oid(elem))
    out: list = []
    for item in kids(elem):
        item_kind = kind(item, tree.refs_first)
        if item_kind == "mcid" and pg is not None:
            out.extend(text_of.get((("page", pg), int(item)), ()))
        elif item_kind == "mcr" and isinstance(item.get("/MCID"), int):
            stm, mcid, mpg = item.get("/Stm"), int(item.MCID), item.get("/Pg")
            mpg = mpg.objgen if isinstance(mpg, Dictionary) else pg
            if isinstance(stm, pikepdf.Stream):
                out.extend(text_of.get((("stm", stm.objgen), mcid), ()))
            elif mpg is not None:
                out.extend(text_of.get((("page", mpg), mcid), ()))
        elif item_kind == "elem" and tree.type(item) not in skip:
            out.extend(element_text(item, tree, text_of, skip, depth + 1))
    return out


def join_lines(fragments: list) -> str:
    """Join (text, y) fragments into one string: a space between lines (a new y) when neither
    side has one, none after a hyphen; soft hyphens dropped, white space collapsed."""
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
