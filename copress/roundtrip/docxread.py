"""Reading an edited DOCX: the commit it records, its text as pandoc blocks, and its comments."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..document import run_pandoc
from ..errors import CopressError
from ..render.docx import GENERATED_STYLE
from .package import Package
from .text import has_style, text_of

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
CHANGES = ("accept", "reject", "all")


@dataclass
class Comment:
    text: str    # what the co-author wrote
    quoted: str  # the text it was attached to


@dataclass
class TheirLeaf:
    block: dict
    generated: bool


def recorded_commit(package: Package) -> str | None:
    """The `copress-commit` custom document property written by `copress build docx`."""
    root = package.part("docProps/custom.xml")
    if root is None:
        return None
    for prop in root:
        if prop.get("name") == "copress-commit":
            value = "".join(prop.itertext()).strip()
            return value if re.fullmatch(r"[0-9a-f]{7,40}", value) else None
    return None


def read_blocks(package: Package, changes: str, cwd: Path) -> list[TheirLeaf]:
    """pandoc's docx reader with styles: paragraph-style divs flattened, empty paragraphs dropped.
    pandoc reads copress's copy of the checked bytes (package.py), never the file given."""
    if changes not in CHANGES:
        raise CopressError(f"unknown --changes '{changes}'", hint="use accept, reject or all")
    out, _ = run_pandoc(["-f", "docx+styles", "-t", "json", f"--track-changes={changes}",
                         str(package.save(cwd).resolve())], b"", cwd, "reading the DOCX")
    ast = json.loads(out)
    leaves: list[TheirLeaf] = []

    def walk(blocks: list, generated: bool) -> None:
        for block in blocks:
            if block["t"] == "Div":
                walk(block["c"][1], generated)
                continue
            if block["t"] in ("Para", "Plain") and not text_of(block).strip() and not _has_image(block):
                continue
            leaves.append(TheirLeaf(block, generated or has_style(block, GENERATED_STYLE)))

    walk(ast["blocks"], False)
    return leaves


def _has_image(node) -> bool:
    return '"Image"' in json.dumps(node)


def read_comments(package: Package) -> list[Comment]:
    """Each comment with the text it was attached to (deleted text left out)."""
    comments_xml = package.part("word/comments.xml")
    document = package.part("word/document.xml")
    if comments_xml is None:
        return []
    texts = {}
    for comment in comments_xml.iterfind("w:comment", NS):
        paragraphs = ["".join(p.itertext()).strip() for p in comment.iterfind(".//w:p", NS)]
        texts[comment.get(f"{{{W}}}id")] = "\n\n".join(p for p in paragraphs if p)
    quoted: dict[str, list[str]] = {}
    open_ids: list[str] = []
    paragraph_of: dict[str, str] = {}
    for element in document.iter():
        tag = etree.QName(element).localname if isinstance(element.tag, str) else ""
        if tag == "commentRangeStart":
            open_ids.append(element.get(f"{{{W}}}id"))
        elif tag == "commentRangeEnd":
            ident = element.get(f"{{{W}}}id")
            if ident in open_ids:
                open_ids.remove(ident)
        elif tag == "commentReference":
            ident = element.get(f"{{{W}}}id")
            paragraph = next(element.iterancestors(f"{{{W}}}p"), None)
            if paragraph is not None:
                paragraph_of[ident] = "".join(t.text or "" for t in paragraph.iter(f"{{{W}}}t"))
        elif tag == "t" and open_ids:
            for ident in open_ids:
                quoted.setdefault(ident, []).append(element.text or "")
        elif tag == "tab" and open_ids:
            for ident in open_ids:
                quoted.setdefault(ident, []).append(" ")
    found = []
    for ident, text in texts.items():
        quote = " ".join("".join(quoted.get(ident, [])).split()) or " ".join(paragraph_of.get(ident, "").split())
        found.append(Comment(text, quote))
    return found
