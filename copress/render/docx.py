"""DOCX: pandoc's docx writer with the reference document, then alt text made complete."""

from __future__ import annotations

import io
import json
import re
import subprocess
import time
import zipfile

from ..assets import template
from ..document import finish_pandoc, start_pandoc
from ..project import Project

# pandoc writes the alt text into <wp:docPr descr> but the image's file name into
# <pic:cNvPr descr>, which some readers announce instead.
DOCPR = re.compile(r'<wp:docPr descr="([^"]*)"')
CNVPR = re.compile(r'(<pic:cNvPr descr=")[^"]*(")')


def start_docx(ast: dict, project: Project, commit: str | None, epoch: int) -> tuple:
    ast = dict(ast, meta=dict(ast["meta"]))
    if commit:
        # A custom document property: the Word round trip merges against this commit.
        ast["meta"]["copress-commit"] = {"t": "MetaString", "c": commit}
    args = ["-f", "json", "-t", "docx", "-o", "-",
            "--reference-doc", str(template("reference.docx", project.root))]
    proc = start_pandoc(args, project.manuscript, epoch)
    return proc, json.dumps(ast).encode("utf-8")


def finish_docx(started: tuple, epoch: int) -> bytes:
    proc, data = started
    out, _ = finish_pandoc(proc, data, "writing DOCX")
    return fix_alt_text(out, epoch)


def fix_alt_text(docx: bytes, epoch: int) -> bytes:
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
                data = text.encode("utf-8")
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, data)
    return result.getvalue()
