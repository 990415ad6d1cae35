"""The files of a record of contribution: its words (contribution_record.py) as a PDF and a DOCX.

The PDF goes through the same worker and PDF/UA fixes as every edition's; the DOCX through
pandoc with the edition's reference document. Both go into build/private/records/<id>/, never
anywhere public.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..messages import messages
from ..outputs import write_atomic
from ..project import Project
from .contribution_record import MARKDOWN, known, record_name
from .ledger import build_ledger

FOLDER = "private/records"  # under the output folder; `private/` is never published


@dataclass(frozen=True)
class Style:
    """How one kind of record looks and where it goes: the standard record or the easy-read one."""

    stem: str  # file name without suffix
    css: str  # the page stylesheet (templates/)
    print_css: str  # the PDF's paged media (after base-print.css)
    docx: str  # pandoc's reference document (templates/)


# The two kinds a record comes in (`--easy-read` chooses): the easy-read record reuses the
# easy-read edition's stylesheets, fonts and Word styles (16 pt, one idea a line).
STYLES = {
    "standard": Style("record-of-contribution", "article.css", "article-print.css", "reference.docx"),
    "easy-read": Style("record-of-contribution-easy-read", "easy-read.css", "easy-read-print.css",
                       "easy-read.docx"),
}


def record_ast(project: Project, cid: str, kind: str, issued: dt.date, out: Path) -> dict:
    """The record of contributor `cid` as a pandoc AST (its ledger entry read from the history
    cache in `out`)."""
    from ..document import parse, to_json

    person = project.contributors[cid]
    words = messages(project.metadata.lang)
    entry = build_ledger(project, out / "private" / "cache").entries[cid]
    body = MARKDOWN[kind](project, person, entry, words, issued)
    title = words.text("record.easy-title" if kind == "easy-read" else "record.title")
    meta = {"title": title, "subtitle": record_name(project, person), "lang": project.metadata.lang}
    text = "---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n" + body
    return json.loads(to_json(parse(text, project.root)))


def write_record(project: Project, cid: str, out: Path, easy_read: bool = False,
                 issued: dt.date | None = None) -> list[Path]:
    """Write the record (PDF and DOCX) of contributor `cid` into `out`/private/records/<id>/;
    returns the files written."""
    from ..assets import print_stylesheets, template
    from ..document import finish_pandoc, start_pandoc
    from ..render.docx import fix_alt_text
    from ..render.html import render_html
    from ..render.pdf.worker import PdfWorker

    known(project, cid)
    kind = "easy-read" if easy_read else "standard"
    style, words = STYLES[kind], messages(project.metadata.lang)
    issued = issued or dt.date.today()
    folder = out / FOLDER / cid
    with PdfWorker() as pdf:
        pdf.warm()  # WeasyPrint loads in the worker while the ledger is read
        ast = record_ast(project, cid, kind, issued, out)
        stamp = words.text("record.made-by", date=words.date(issued))
        html = render_html(json.loads(json.dumps(ast)), project, stamp, "article.html", style.css,
                           extra_css=False)
        rendered = pdf.render(html, project.manuscript, [project.root], f"{FOLDER}/{cid}",
                              print_stylesheets(style.print_css, project.root, project.metadata.lang))
        # dated the day it is issued, like the PDF's words: the same record twice is the same file
        epoch = int(dt.datetime.combine(issued, dt.time(), dt.timezone.utc).timestamp())
        with tempfile.TemporaryDirectory(prefix="copress-record-") as work:
            proc = start_pandoc(["-f", "json", "-t", "docx", "-o", "-", "--reference-doc",
                                 str(template(style.docx, project.root))], Path(work), epoch)
            docx, _ = finish_pandoc(proc, json.dumps(ast).encode("utf-8"), "writing the record's DOCX")
        files = {f"{style.stem}.pdf": rendered.result(), f"{style.stem}.docx": fix_alt_text(docx, epoch)}
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        write_atomic(folder / name, data, mode=0o644)
    return [folder / name for name in files]
