"""The DOCX given to import-docx, opened as a hostile file: a zip checked for size and part
names, and every XML part parsed once with entities, DTDs and the network off.

A DOCX comes from outside the team (an e-mail attachment, a co-author's machine), and pandoc's
docx reader reads it after copress does. So the whole package is checked before anything else
reads it: a zip bomb, a part outside the package (`../x`, `/etc/x`), a DOCTYPE (the way in for
external entities, XXE, and for entity expansion bombs) or XML that is not well-formed stops the
import with the part named. pandoc is then given copress's own copy of the checked bytes.
"""

from __future__ import annotations

import hashlib
import io
import posixpath
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..errors import CopressError

# Generous for a Word article with pictures; a DOCX copress builds is well under 1 MB.
MAX_TOTAL = 256 * 1024 * 1024  # all parts, uncompressed
MAX_PARTS = 2000
MAX_XML_PART = 64 * 1024 * 1024
XML_SUFFIXES = (".xml", ".rels")
RESAVE = "open it in Word or LibreOffice and save it again as a Word document (.docx)"


def xml_parser() -> etree.XMLParser:
    """lxml with everything that reads beyond the part itself turned off."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           dtd_validation=False, huge_tree=False)


@dataclass
class Package:
    """A checked DOCX: its bytes (for pandoc) and its XML parts, parsed."""

    path: Path
    data: bytes
    xml: dict[str, etree._Element] = field(default_factory=dict)
    digests: dict[str, str] = field(default_factory=dict)  # other parts (pictures) → sha256

    def part(self, name: str) -> etree._Element | None:
        return self.xml.get(name)

    def save(self, folder: Path) -> Path:
        """The checked bytes as a file for pandoc (never the original, which could change)."""
        copy = folder / "checked.docx"
        copy.write_bytes(self.data)
        return copy


def read_package(path: Path) -> Package:
    shown = str(path)
    if path.is_dir():
        raise CopressError("is a folder, not a Word document", shown,
                           hint="give the .docx file the co-author sent back")
    if not path.is_file():
        raise CopressError("is not a file", shown, hint="give the .docx file the co-author sent back")
    if path.stat().st_size > MAX_TOTAL:
        raise CopressError(f"is larger than {MAX_TOTAL // 2**20} MB, too large for an article",
                           shown, hint="remove large pictures from it, or copy the edits into a "
                                       "fresh DOCX from `copress build docx`")
    data = path.read_bytes()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as err:
        raise CopressError(f"is not a Word document (.docx): {err}", shown, hint=RESAVE) from None
    package = Package(path, data)
    with archive:
        infos = archive.infolist()
        _check_names(infos, shown)
        if sum(info.file_size for info in infos) > MAX_TOTAL:
            raise CopressError(f"unpacks to more than {MAX_TOTAL // 2**20} MB (a zip bomb?)", shown,
                               hint=RESAVE)
        names = {info.filename for info in infos}
        if "word/document.xml" not in names:
            raise CopressError("has no word/document.xml: it is not a Word document", shown, hint=RESAVE)
        total = 0
        for info in infos:
            if info.is_dir():
                continue
            is_xml = info.filename.lower().endswith(XML_SUFFIXES) or info.filename == "[Content_Types].xml"
            body = _read_part(archive, info, shown, MAX_XML_PART if is_xml else MAX_TOTAL - total)
            total += len(body)
            if total > MAX_TOTAL:
                raise CopressError(f"unpacks to more than {MAX_TOTAL // 2**20} MB (a zip bomb?)",
                                   shown, hint=RESAVE)
            if is_xml:
                package.xml[info.filename] = _parse_part(body, info.filename, shown)
            else:
                package.digests[info.filename] = hashlib.sha256(body).hexdigest()
    return package


def _check_names(infos: list[zipfile.ZipInfo], shown: str) -> None:
    if len(infos) > MAX_PARTS:
        raise CopressError(f"has {len(infos)} parts (more than {MAX_PARTS}): not an ordinary "
                           "Word document", shown, hint=RESAVE)
    seen = set()
    for info in infos:
        name = info.filename
        parts = name.replace("\\", "/").split("/")
        if (name.startswith(("/", "\\")) or "\\" in name or ".." in parts or "\0" in name
                or (len(name) > 1 and name[1] == ":")):
            raise CopressError(f"has a part with an unsafe name ({name!r}): it points outside the "
                               "document", shown, hint=RESAVE)
        if name in seen:
            raise CopressError(f"has the part {name} twice", shown, hint=RESAVE)
        seen.add(name)


def _read_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, shown: str, limit: int) -> bytes:
    """The part's bytes, decompressed in pieces and counted (a zip header can lie about sizes)."""
    if info.file_size > limit:
        raise CopressError(f"{info.filename} unpacks to {info.file_size // 2**20} MB, more than "
                           f"copress reads ({limit // 2**20} MB; a zip bomb?)", shown, hint=RESAVE)
    chunks, size = [], 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(1 << 20):
                size += len(chunk)
                if size > limit:
                    raise CopressError(f"{info.filename} unpacks to more than {limit // 2**20} MB "
                                       "(a zip bomb?)", shown, hint=RESAVE)
                chunks.append(chunk)
    except (zipfile.BadZipFile, EOFError, OSError, RuntimeError, NotImplementedError,
            ValueError) as err:  # damaged, encrypted or in an unknown compression
        raise CopressError(f"{info.filename} cannot be read from the document ({err})", shown,
                           hint=RESAVE) from None
    return b"".join(chunks)


# "<!DOCTYPE" in UTF-8 and in the two UTF-16 byte orders XML allows.
DOCTYPE = tuple("<!DOCTYPE".encode(codec) for codec in ("utf-8", "utf-16-le", "utf-16-be"))


def _parse_part(body: bytes, name: str, shown: str) -> etree._Element:
    # Looked for before parsing too: libxml2 stops an entity bomb with its own, obscure error.
    if any(needle in body for needle in DOCTYPE):
        _refuse_doctype(name, shown)
    try:
        root = etree.fromstring(body, xml_parser())
    except etree.XMLSyntaxError as err:
        line = err.lineno or (err.position[0] if err.position else None)
        raise CopressError(f"{name} is not well-formed XML (line {line}: {err.msg})", shown,
                           hint=RESAVE) from None
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        _refuse_doctype(name, shown)
    return root


def _refuse_doctype(name: str, shown: str):
    raise CopressError(f"{name} has a DOCTYPE declaration, which Word never writes (it can make "
                       "an XML reader fetch other files or expand text without end)", shown,
                       hint=RESAVE)


def part_of(target: str) -> str:
    """The package part a relationship target of word/document.xml names (pandoc's image src)."""
    if target.startswith("/"):  # absolute within the package
        return posixpath.normpath(target[1:])
    return posixpath.normpath(posixpath.join("word", target))
