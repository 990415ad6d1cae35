"""The PDF/UA check as the gate runs it: its rules and its run over the public PDFs. The
checker itself is pdf_ua.py (imported only when a PDF is checked: it loads pikepdf)."""

from __future__ import annotations

from dataclasses import replace

from ..findings import Finding
from .model import Check, Context, Rule

WHY_TAGS = "screen readers read a PDF through its tags: what is not tagged is lost or garbled"
REBUILD = "rebuild with copress; if it persists, report it with the PDF: the PDF/UA fixes should prevent it"


def run(context: Context) -> list[Finding]:
    from .pdf_ua import check_pdf

    # check_pdf names the file by its path; the check names it as the report shows outputs.
    return [replace(f, file=context.shown(pdf)) for pdf in context.inputs for f in check_pdf(pdf)]


def _rule(rule_id: str, severity: str, title: str, source: str, why: str = WHY_TAGS, todo: str = REBUILD) -> Rule:
    return Rule(rule_id, severity, title, why, todo, source)


CHECK = Check(
    "pdf-ua", "accessibility", "the PDF/UA-1 check",
    rules=(
        _rule("pdfua/unreadable", "error", "the PDF cannot be opened", "", "nothing else can be checked"),
        _rule("pdfua/marked", "error", "/MarkInfo /Marked is not true", "ISO 14289-1 7.1"),
        _rule("pdfua/suspects", "error", "/MarkInfo /Suspects is true", "Matterhorn 01-007"),
        _rule("pdfua/struct-tree", "error", "no structure tree (/StructTreeRoot)", "ISO 14289-1 7.1"),
        _rule("pdfua/lang", "error", "no document language (/Lang)", "ISO 14289-1 7.2",
              "screen readers read the text with the wrong voice", "set lang: in manuscript/metadata.yaml"),
        _rule("pdfua/display-doc-title", "error", "the viewer shows the file name, not the title",
              "Matterhorn 07-001/002"),
        _rule("pdfua/metadata", "error", "no XMP metadata stream", "Matterhorn 06-001"),
        _rule("pdfua/pdfuaid", "error", "the XMP does not claim PDF/UA-1 (pdfuaid:part)", "Matterhorn 06-002"),
        _rule("pdfua/title", "error", "no (or an empty) dc:title in the XMP", "Matterhorn 06-003",
              todo="set title: in manuscript/metadata.yaml"),
        _rule("pdfua/tabs", "error", "a page's tab order does not follow the structure (/Tabs /S)",
              "ISO 14289-1 7.18.3"),
        _rule("pdfua/role-map", "error", "a structure type is neither standard nor role-mapped", "Matterhorn 02-001"),
        _rule("pdfua/figure-alt", "error", "a Figure has no alternative text", "Matterhorn 13-004",
              todo="give the figure alt=\"…\" in the manuscript"),
        _rule("pdfua/table-in-table", "error", "a Table element directly inside a Table", ""),
        _rule("pdfua/list-structure", "error", "a list is not nested as lists must be (L holds LI; "
              "LI holds Lbl and LBody)", "ISO 32000-1 14.8.4.3.3; PDF/UA-1 7.2",
              "screen readers announce lists and how many items they have from this structure"),
        _rule("pdfua/split-table", "warning", "a table crossing a page break is tagged as two tables", ""),
        _rule("pdfua/split-list", "warning", "a list crossing a page break is tagged as two lists", ""),
        _rule("pdfua/heading-skip", "warning", "heading levels skip (H1 then H3)", "Matterhorn 14-003",
              todo="use heading levels in order in the manuscript"),
        _rule("pdfua/heading-first", "warning", "the first numbered heading is not H1", "Matterhorn 14-002"),
        _rule("pdfua/untagged-content", "error", "content neither tagged nor an artifact (an MCID no element owns)",
              "Matterhorn 01-005"),
        _rule("pdfua/unmarked-content", "error", "painting outside any marked content", "Matterhorn 01-005"),
        _rule("pdfua/parent-tree", "error", "a ParentTree entry is missing or not the owning element", ""),
        _rule("pdfua/form-mcid", "warning", "MCIDs in a form XObject without /StructParents", ""),
        _rule("pdfua/link-contents", "error", "a link has no description (/Contents)", "ISO 14289-1 7.18.5"),
        _rule("pdfua/link-contents-url", "warning", "a link's description is its bare address, not its text",
              "ISO 14289-1 7.18.5", "screen readers read the address aloud instead of what the link is"),
        _rule("pdfua/link-struct-parent", "error", "a link annotation has no /StructParent", "ISO 32000-1 14.7.4.4"),
        _rule("pdfua/link-tag", "error", "a link annotation is not inside a Link element", "Matterhorn 28-011"),
        _rule("pdfua/annot-tag", "error", "another annotation is not in the structure tree", "ISO 14289-1 7.18.1"),
        _rule("pdfua/font-embedded", "error", "a font used for text is not embedded", "ISO 14289-1 7.21.4.1",
              "text may show in another font, or not at all, and cannot be read aloud reliably"),
    ),
    run=run, inputs=lambda context: context.public(".pdf"))
