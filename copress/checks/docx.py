"""DOCX accessibility: alt text on every picture, real heading styles, the document language."""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

from ..findings import Finding
from .model import Check, Context, Rule

NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
      "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"}


def check_docx(path: Path, shown: str) -> list[Finding]:
    findings = []
    with zipfile.ZipFile(path) as archive:
        document = etree.fromstring(archive.read("word/document.xml"))
        styles = etree.fromstring(archive.read("word/styles.xml"))
    for n, picture in enumerate(document.iterfind(".//wp:docPr", NS), 1):
        descr = (picture.get("descr") or "").strip()
        if not descr or descr.lower().endswith((".png", ".jpg", ".jpeg", ".svg", ".gif")):
            findings.append(Finding("accessibility", "docx/alt-text", "error",
                                    f"picture {n} in {shown} has no alt text", shown,
                                    hint="give the figure alt=\"…\" in the manuscript"))
    used = {s.get(f"{{{NS['w']}}}val") for s in document.iterfind(".//w:pStyle", NS)}
    if not any(u and u.startswith("Heading") for u in used):
        findings.append(Finding("accessibility", "docx/headings", "error",
                                f"{shown} has no paragraphs in Word's heading styles", shown,
                                hint="use the Heading 1, Heading 2… styles of the reference document"))
    langs = [e.get(f"{{{NS['w']}}}val") for e in styles.iterfind(".//w:lang", NS)]
    if not any(langs):
        findings.append(Finding("accessibility", "docx/language", "error",
                                f"{shown} does not set the document language", shown,
                                hint="set lang: in manuscript/metadata.yaml"))
    return findings


def run(context: Context) -> list[Finding]:
    return [f for path in context.inputs for f in check_docx(path, context.shown(path))]


CHECK = Check(
    "docx", "accessibility", "the DOCX accessibility check",
    rules=(
        Rule("docx/alt-text", "error", "a picture in the DOCX has no alt text (or only a file name)",
             "screen-reader users hear nothing, or a file name, where the picture is",
             "give the figure alt=\"…\" in the manuscript"),
        Rule("docx/headings", "error", "no paragraph uses Word's heading styles",
             "without real headings, screen readers cannot list or jump between sections",
             "use the Heading 1, Heading 2… styles of the reference document"),
        Rule("docx/language", "error", "the document language is not set",
             "screen readers read the text with the wrong voice and pronunciation",
             "set lang: in manuscript/metadata.yaml"),
    ),
    run=run, inputs=lambda context: context.public(".docx"))
