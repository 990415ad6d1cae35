"""The commentary article's targets: the article (copress/article/) rendered as HTML, PDF, DOCX
and JATS, and its GRIPP2 short form."""

from __future__ import annotations

from typing import Callable

from .. import gate
from ..article.gripp2 import gripp2_table
from ..article.models import build_article
from ..assets import print_stylesheets
from ..outputs import Staging
from ..project import Project
from ..provenance import read_provenance
from ..render.docx import finish_docx, start_docx
from ..render.html import render_html
from ..render.jats import finish_jats, start_jats
from ..render.pdf.worker import PdfWorker
from ..targets import of_edition

# Target name → the file it writes in the output folder.
TARGETS = of_edition("article")  # pdf, html, docx, jats, gripp2


def build_outputs(project: Project, wanted: set[str], staging: Staging,
                  progress: Callable[[str], None], pdf: PdfWorker) -> None:
    """One parse, one filter pass and one citeproc run; DOCX and JATS are written by pandoc
    processes, and the PDF by the PDF worker, while this process writes the rest."""
    if "pdf" in wanted:
        pdf.warm()  # the worker imports WeasyPrint while pandoc parses and cites
    provenance = read_provenance(project.root)
    lang = project.metadata.lang  # the language of every word copress writes into the article
    progress("reading and checking the manuscript")
    article = build_article(project, provenance)
    for text in article.warnings:
        staging.notice("warning", text)
    started = {}
    ordered = article.reading_order() if wanted & {"docx", "html", "pdf"} else None
    if "docx" in wanted:
        # start_docx serialises the AST at once, so the HTML renderer may embed images into it after.
        started["docx"] = start_docx(ordered, project, provenance.commit, provenance.epoch)
    if "jats" in wanted:
        started["jats"] = start_jats(article.for_jats(), project, provenance.epoch)
    if wanted & {"html", "pdf"}:
        progress("writing HTML")
        html = render_html(ordered, project, provenance.stamp(lang))
        if "html" in wanted:
            staging.write(TARGETS["html"], html)
        if "pdf" in wanted:
            progress("rendering the accessible PDF")
            staging.write_when_done(TARGETS["pdf"], pdf.render(
                html, project.manuscript, [project.root], "manuscript/",
                print_stylesheets("article-print.css", project.root, lang)))
    if "docx" in started:
        progress("writing DOCX")
        staging.write(TARGETS["docx"], finish_docx(started["docx"], provenance.epoch))
    if "gripp2" in wanted:
        staging.write(TARGETS["gripp2"], render_html(gripp2_table(article), project, provenance.stamp(lang)))
    if "jats" in started:
        progress("writing JATS")
        staging.write(TARGETS["jats"], finish_jats(started["jats"], project))
        _copy_figures(project, staging)

def _copy_figures(project: Project, staging: Staging) -> None:
    """JATS refers to figures by path: ship them beside article.xml."""
    figures = project.manuscript / "figures"
    if figures.is_dir():
        for path in sorted(figures.iterdir()):
            if path.is_file() and path.suffix.lower() in {".png", ".jpg", ".jpeg", ".svg", ".gif"}:
                shown = project.shown(path)
                target = gate.resolve(path.name, figures, project.root, gate.Where(shown),
                                      what="figure", assets=False)
                staging.write(f"figures/{path.name}", gate.read_picture(target, shown)[0])
