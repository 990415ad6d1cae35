"""An output as an attacker reads it: every part decoded, as text and bytes to search.

What a file holds is found by sniffing its bytes, never from its name (a PDF called `notes.txt`
is read as a PDF). Containers are opened and each part read the same way, down to MAX_DEPTH:
PDF objects (strings decoded, every stream decoded) and the text a reader copies out of it,
zip members (a DOCX's XML parts and media), gzip, PNG text chunks and `data:` URIs in text.
Text is also read as it is shown: entities and escapes decoded, markup tags removed (a name
split by `<b></b>` still reads as the name). Parts that cannot be decoded are listed: they are
not proven clean.
"""

from __future__ import annotations

import base64
import binascii
import html
import io
import json
import re
import urllib.parse
import zipfile
import zlib
from dataclasses import dataclass, field

MAX_DEPTH = 5
MAX_PART = 256 * 2**20  # bytes inflated from one part; a bigger one is a zip bomb, not an output


@dataclass
class Contents:
    """Everything decoded from one file; each entry is (part, data), part '' for the file itself."""

    readable: list[tuple[str, str]] = field(default_factory=list)  # text as a reader sees it
    # other text: file names, PDF syntax, and text whose words may run together (searched for
    # values, not for e-mail addresses)
    text: list[tuple[str, str]] = field(default_factory=list)
    binary: list[tuple[str, bytes]] = field(default_factory=list)  # searched for encoded values
    attachments: list[str] = field(default_factory=list)  # PDF parts that attach a file
    unreadable: list[str] = field(default_factory=list)


def read_contents(data: bytes) -> Contents:
    contents = Contents()
    _read(data, "", contents, 0, readable=True)
    return contents


def _within(part: str, child: str) -> str:
    return f"{part} › {child}" if part else child


def _read(data: bytes, part: str, contents: Contents, depth: int, readable: bool,
          text_allowed: bool = True) -> None:
    kind = next((k for magic, k in MAGIC if data.startswith(magic)), None)
    if kind is None and b"%PDF-" in data[:1024]:
        kind = "pdf"  # readers accept junk before the header
    if kind is not None and depth < MAX_DEPTH:
        READERS[kind](data, part, contents, depth + 1, readable)
        return
    decoded = _as_text(data) if text_allowed else None
    if decoded is None:
        contents.binary.append((part, data))
    else:
        _text(decoded, part, contents, depth, readable)


def _as_text(data: bytes) -> str | None:
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return data.decode(codec, "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


TAG = re.compile(r"<[^>]*>")
UNICODE_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")
DATA_URI = re.compile(r"data:([^,\"'\s()<>]{0,200}),", re.IGNORECASE)
URI_END = re.compile(r"[\s\"'<>)]")
CLOSERS = {'"': '"', "'": "'", "(": ")"}


def _text(text: str, part: str, contents: Contents, depth: int, readable: bool) -> None:
    views = contents.readable if readable else contents.text
    views.append((part, text))
    shown = html.unescape(text) if "&" in text else text
    if shown is not text:
        views.append((part, shown))
    if text.lstrip()[:1] == "<":  # markup: what is rendered, with the tags gone (words may
        contents.text.append((part, html.unescape(TAG.sub("", text))))  # run together: not readable)
    if "\\u" in text:  # JSON and script strings
        views.append((part, UNICODE_ESCAPE.sub(lambda m: chr(int(m[1], 16)), text)))
    if "%" in shown:
        views.append((part, urllib.parse.unquote(shown)))
    if "data:" in text.lower() and depth < MAX_DEPTH:
        for n, payload in enumerate(_data_uris(text), 1):
            if payload is None:
                contents.unreadable.append(_within(part, f"data: URI {n}"))
            else:
                _read(payload, _within(part, f"data: URI {n}"), contents, depth + 1, readable)


def _data_uris(text: str):
    """The decoded payload of each `data:` URI (None for one that does not decode)."""
    for match in DATA_URI.finditer(text):
        start = match.end()
        closer = CLOSERS.get(text[match.start() - 1:match.start()])
        if closer:
            end = text.find(closer, start)
            end = len(text) if end < 0 else end
        else:
            found = URI_END.search(text, start)
            end = found.start() if found else len(text)
        payload = html.unescape(text[start:end]) if "&" in text[start:end] else text[start:end]
        if match.group(1).lower().endswith(";base64"):
            squeezed = re.sub(r"\s+", "", urllib.parse.unquote(payload)).translate(URLSAFE)
            try:
                yield base64.b64decode(squeezed + "=" * (-len(squeezed) % 4))
            except (binascii.Error, ValueError):
                yield None
        else:
            yield urllib.parse.unquote_to_bytes(payload)


URLSAFE = str.maketrans("-_", "+/")


def _inflate(data: bytes, wbits: int = zlib.MAX_WBITS) -> bytes | None:
    inflater = zlib.decompressobj(wbits)
    try:
        out = inflater.decompress(data, MAX_PART)
    except zlib.error:
        return None
    return None if inflater.unconsumed_tail else out


def _gzip(data: bytes, part: str, contents: Contents, depth: int, readable: bool) -> None:
    inflated = _inflate(data, 16 + zlib.MAX_WBITS)
    contents.binary.append((part, data))
    if inflated is None:
        contents.unreadable.append(part or "the file")
    else:
        _read(inflated, _within(part, "gzip content"), contents, depth, readable)


def _zip(data: bytes, part: str, contents: Contents, depth: int, readable: bool) -> None:
    contents.binary.append((part, data))  # stored members, the comment, local headers
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [info for info in archive.infolist() if not info.is_dir()]
    except (zipfile.BadZipFile, ValueError, EOFError):
        contents.unreadable.append(part or "the file")
        return
    contents.text.append((_within(part, "file names"), "\n".join(i.filename for i in archive.infolist())))
    for info in members:
        where = _within(part, info.filename)
        try:
            with archive.open(info) as member:
                body = member.read(MAX_PART + 1)
        except (zipfile.BadZipFile, RuntimeError, NotImplementedError, ValueError, EOFError, zlib.error):
            contents.unreadable.append(where)  # encrypted, unknown compression, corrupt
            continue
        if len(body) > MAX_PART:
            contents.unreadable.append(where)
        else:
            _read(body, where, contents, depth, readable)


def _png(data: bytes, part: str, contents: Contents, depth: int, readable: bool) -> None:
    """tEXt, iTXt (uncompressed) and eXIf are plain bytes; zTXt and compressed iTXt are inflated."""
    contents.binary.append((part, data))
    at = 8
    while at + 8 <= len(data):
        length, kind = int.from_bytes(data[at:at + 4], "big"), data[at + 4:at + 8]
        body, at = data[at + 8:at + 8 + length], at + 12 + length
        if kind == b"zTXt":
            text = _inflate(body.partition(b"\0")[2][1:])
        elif kind == b"iTXt" and body.partition(b"\0")[2][:1] == b"\1":
            rest = body.partition(b"\0")[2][2:]
            text = _inflate(rest.partition(b"\0")[2].partition(b"\0")[2])
        else:
            continue
        if text is None:
            contents.unreadable.append(_within(part, "PNG text"))
        else:
            _read(text, _within(part, "PNG text"), contents, depth, readable)


def _pdf(data: bytes, part: str, contents: Contents, depth: int, readable: bool) -> None:
    import pikepdf

    contents.binary.append((part, data))  # what lies outside objects, and unreferenced objects
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except Exception:  # noqa: BLE001 — qpdf on hostile bytes: any failure means "not read"
        contents.unreadable.append(part or "the file")
        return
    with pdf:
        # Every object's strings decoded (UTF-16 too: outlines, alt text, link targets, file
        # names) through qpdf's JSON, in C++; then every stream decoded once.
        tree = io.BytesIO()
        pdf.write_qpdf_json(tree, json_stream_data=pikepdf.JSONStreamData.none)
        strings: list[str] = []
        _pdf_strings(json.loads(tree.getvalue()), strings, part, contents)
        contents.readable.append((_within(part, "PDF objects"), "\n".join(strings)))
        for obj in pdf.objects:
            if not isinstance(obj, pikepdf.Stream):
                continue
            where = _within(part, f"PDF object {obj.objgen[0]}")
            try:
                body = obj.read_bytes()
            except pikepdf.PdfError:  # a filter qpdf cannot undo (images): the raw bytes
                body = obj.read_raw_bytes()
            # XMP is text; content streams and fonts are searched as bytes (cheaper, same hits)
            xml = obj.get("/Type") == "/Metadata" or obj.get("/Subtype") == "/XML"
            _read(body, where, contents, depth, readable=xml, text_allowed=xml)
        flat = io.BytesIO()  # pdfminer parses whole object streams: give it the objects alone
        pdf.save(flat, object_stream_mode=pikepdf.ObjectStreamMode.disable)
    try:
        pieces = _pdf_text(flat.getvalue())
    except Exception:  # noqa: BLE001 — pdfminer raises many types on malformed content
        contents.unreadable.append(_within(part, "PDF text"))
        return
    # Joined both ways: a value split over two lines, and one split by a change of font
    contents.readable.append((_within(part, "PDF text"), " ".join(pieces)))
    contents.text.append((_within(part, "PDF text"), "".join(pieces)))


ATTACHING = ("/EF", "/AF", "/EmbeddedFiles")
HASH_ESCAPE = re.compile(r"#([0-9a-fA-F]{2})")


def _pdf_strings(node, out: list[str], part: str, contents: Contents) -> None:
    """Collect the strings and names of qpdf JSON (v2: 'u:' text, 'b:' hex bytes, '/' names)."""
    if isinstance(node, dict):
        if any(key in node for key in ATTACHING) or node.get("/Subtype") == "/FileAttachment" \
                or node.get("/Type") == "/EmbeddedFile":
            if part not in contents.attachments:
                contents.attachments.append(part)
        for key, value in node.items():
            if key.startswith("/") and len(key) > 4:
                out.append(HASH_ESCAPE.sub(lambda m: chr(int(m[1], 16)), key[1:]))
            _pdf_strings(value, out, part, contents)
    elif isinstance(node, list):
        for value in node:
            _pdf_strings(value, out, part, contents)
    elif isinstance(node, str):
        if node.startswith("u:"):
            out.append(node[2:])
        elif node.startswith("b:"):
            try:
                contents.binary.append((_within(part, "PDF string"), bytes.fromhex(node[2:])))
            except ValueError:
                pass
        elif node.startswith("/") and len(node) > 4:
            out.append(HASH_ESCAPE.sub(lambda m: chr(int(m[1], 16)), node[1:]))


def _pdf_text(data: bytes) -> list[str]:
    """The text a reader copies out of each page (pdfminer, through the fonts' ToUnicode maps),
    without layout analysis: every shown string in order, which is all a search needs."""
    from pdfminer.pdfdevice import PDFDevice
    from pdfminer.pdffont import PDFUnicodeNotDefined
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    pieces: list[str] = []

    class Collect(PDFDevice):
        def render_string(self, textstate, seq, ncs, graphicstate) -> None:
            font, chars = textstate.font, []
            for item in seq:
                if isinstance(item, (int, float)):
                    if item < -200:  # a gap wide enough to be a space between words
                        chars.append(" ")
                    continue
                for cid in font.decode(item):
                    try:
                        chars.append(font.to_unichr(cid))
                    except PDFUnicodeNotDefined:
                        pass
            pieces.append("".join(chars))

    manager = PDFResourceManager(caching=True)
    interpreter = PDFPageInterpreter(manager, Collect(manager))
    for page in PDFPage.get_pages(io.BytesIO(data)):
        interpreter.process_page(page)
    return pieces


MAGIC = ((b"%PDF-", "pdf"), (b"PK\x03\x04", "zip"), (b"PK\x05\x06", "zip"), (b"\x1f\x8b", "gzip"),
         (b"\x89PNG\r\n\x1a\n", "png"))
READERS = {"pdf": _pdf, "zip": _zip, "gzip": _gzip, "png": _png}
