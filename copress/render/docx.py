"""DOCX: pandoc's docx writer with the reference document, then alt text made complete."""

from __future__ import annotations

import io
import json
import re
import time
import zipfile

from ..assets import template
from ..document import finish_pandoc, start_pandoc
from ..project import Project

# pandoc writes the alt text into <wp:docPr descr> but the image's file name into
# <pic:cNvPr descr>, which some readers announce instead.
DOCPR = re.compile(r'<wp:docPr descr="([^"]*)"')
CNVPR = re.compile(r'(<pic:cNvPr descr=")[^"]*(")')
# pandoc prints the metadata `author` as one "Author" paragraph per name above the body, and the
# article's byline (filters/credit.py) names the same people again with their affiliations and
# ORCID iDs: a reader met every author twice. The byline stays; the metadata still fills the
# document's properties (dc:creator).
AUTHOR_PARAGRAPH = re.compile(r'<w:p>\s*<w:pPr>\s*<w:pStyle w:val="Author" />\s*</w:pPr>.*?</w:p>\s*',
                              re.S)


# Character styles that let `copress import-docx` read an edited DOCX back (docs/word-round-trip.md):
# pandoc's docx reader returns a run's character style as a Span with `custom-style`, and keeps
# nothing else of ours (no div ids or classes, no bookmarks that nothing links to).
CITATION_STYLE = "Citation"
GENERATED_STYLE = "Copress Generated"
GENERATED_DIVS = {"byline", "abstract", "keywords", "refs", "language-notice"}


def start_docx(ast: dict, project: Project, commit: str | None, epoch: int) -> tuple:
    ast = dict(ast, meta=dict(ast["meta"]))
    ast["blocks"] = mark_round_trip(ast["blocks"], project)
    if commit:
        # A custom document property: the Word round trip merges against this commit.
        ast["meta"]["copress-commit"] = {"t": "MetaString", "c": commit}
    args = ["-f", "json", "-t", "docx", "-o", "-",
            "--reference-doc", str(template("reference.docx", project.root))]
    proc = start_pandoc(args, project.manuscript, epoch)
    return proc, json.dumps(ast).encode("utf-8")


def _styled(inlines: list, style: str) -> list:
    """Give every run in `inlines` the character style `style` (links keep theirs around it)."""
    out = []
    for node in inlines:
        kind = node.get("t")
        if kind == "Link":
            node = dict(node, c=[node["c"][0], _styled(node["c"][1], style), node["c"][2]])
            out.append(node)
        elif kind in ("Emph", "Strong", "Superscript", "Subscript", "SmallCaps", "Strikeout", "Underline"):
            out.append(dict(node, c=_styled(node["c"], style)))
        elif kind in ("Span", "Quoted", "Cite"):
            out.append(dict(node, c=[node["c"][0], _styled(node["c"][1], style)]))
        elif kind in ("Note", "Image"):
            out.append(node)
        else:
            out.append({"t": "Span", "c": [["", [], [["custom-style", style]]], [node]]})
    return out


def _mark_citations(node):
    """Every run of a rendered citation in the character style "Citation"."""
    if isinstance(node, list):
        return [_mark_citations(n) for n in node]
    if not isinstance(node, dict):
        return node
    if node.get("t") == "Cite":
        return {"t": "Cite", "c": [node["c"][0], _styled(node["c"][1], CITATION_STYLE)]}
    return {k: _mark_citations(v) for k, v in node.items()}


def _mark_generated(blocks: list) -> list:
    """Every run of generated text (byline, abstract, keywords, statements, references) in the
    character style "Copress Generated", which looks like the text around it."""
    def inlines_of(node):
        if isinstance(node, list):
            return [inlines_of(n) for n in node]
        if not isinstance(node, dict):
            return node
        kind = node.get("t")
        if kind in ("Para", "Plain"):
            return dict(node, c=_styled(node["c"], GENERATED_STYLE))
        if kind == "Header":
            return dict(node, c=[node["c"][0], node["c"][1], _styled(node["c"][2], GENERATED_STYLE)])
        return {k: inlines_of(v) for k, v in node.items()}

    return [inlines_of(b) for b in blocks]


def _generated_tail(project: Project, ident: str) -> int:
    """How many blocks the credit filter appended to the #contributions / #acknowledgements div."""
    from ..assets import load_filter

    credit = load_filter("credit")
    return len(credit.contributions(project) if ident == "contributions" else credit.acknowledgements(project))


def mark_round_trip(blocks: list, project: Project) -> list:
    """Citations and generated text marked with character styles (see the constants above)."""
    return _mark_blocks(_mark_citations(blocks), project)


def _mark_blocks(blocks: list, project: Project) -> list:
    out = []
    for block in blocks:
        if block.get("t") == "Div":
            (ident, classes, _), children = block["c"]
            statement = [n for n in ("contributions", "acknowledgements") if f"copress-{n}" in classes]
            if ident in GENERATED_DIVS or set(classes) & GENERATED_DIVS:
                children = _mark_generated(children)
            elif statement:
                cut = len(children) - _generated_tail(project, statement[0])
                children = _mark_blocks(children[:cut], project) + _mark_generated(children[cut:])
            else:
                children = _mark_blocks(children, project)
            block = dict(block, c=[block["c"][0], children])
        elif block.get("t") == "Header" and block["c"][1][0] in (
                "abstract-title", "sec-contributions", "sec-acknowledgements"):
            block = _mark_generated([block])[0]
        out.append(block)
    return out


def finish_docx(started: tuple, epoch: int) -> bytes:
    proc, data = started
    out, _ = finish_pandoc(proc, data, "writing DOCX")
    return fix_alt_text(out, epoch, byline=True)


def fix_alt_text(docx: bytes, epoch: int, keep_rows: bool = False, byline: bool = False) -> bytes:
    """Copy each picture's description to both of DOCX's alt-text attributes and date the
    zip entries from the commit. keep_rows: no table row may break across pages (the
    easy-read edition's blocks are rows). byline: the body has the byline, so pandoc's
    "Author" paragraphs go (see AUTHOR_PARAGRAPH)."""
    source = zipfile.ZipFile(io.BytesIO(docx))
    result = io.BytesIO()
    stamp = time.gmtime(max(epoch, 315532800))[:6]  # zip dates start in 1980
    with zipfile.ZipFile(result, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                text = data.decode("utf-8")
                alts = iter(DOCPR.findall(text))
                text = CNVPR.sub(lambda m: m.group(1) + next(alts, "") + m.group(2), text)
                if keep_rows:
                    text = text.replace("<w:tr>", "<w:tr><w:trPr><w:cantSplit /></w:trPr>")
                if byline:
                    text = AUTHOR_PARAGRAPH.sub("", text)
                data = text.encode("utf-8")
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, data)
    return result.getvalue()
