"""Build targets into the output folder: a registry of targets, staged and moved into place at the end."""

from __future__ import annotations

import importlib
import shutil
import threading
from pathlib import Path
from typing import Callable

from .assets import template
from .editions.article import build_article
from .outputs import Staging
from .project import Project
from .provenance import read_provenance
from .render.docx import finish_docx, start_docx
from .render.html import render_html
from .render.jats import finish_jats, start_jats
from .render.pdf import render_pdf

# Target name → file it writes (relative to the output folder). Later editions add theirs.
ARTICLE_TARGETS = {
    "pdf": "article.pdf",
    "html": "article.html",
    "docx": "article.docx",
    "jats": "article.xml",
}
TARGETS = dict(ARTICLE_TARGETS)


def build_article_outputs(project: Project, wanted: set[str], staging: Staging,
                          progress: Callable[[str], None]) -> None:
    """One parse, one filter pass and one citeproc run; DOCX and JATS are written by pandoc
    processes that run while this process renders HTML and the PDF."""
    if "pdf" in wanted:
        # Importing WeasyPrint takes most of a second: do it while pandoc parses and cites.
        warm = threading.Thread(target=importlib.import_module, args=("weasyprint",), daemon=True)
        warm.start()
    provenance = read_provenance(project.root)
    progress("reading and checking the manuscript")
    article = build_article(project, provenance)
    started = {}
    if "docx" in wanted:
        started["docx"] = start_docx(article.reading_order(), project, provenance.commit, provenance.epoch)
    if "jats" in wanted:
        started["jats"] = start_jats(article.for_jats(), project, provenance.epoch)
    if wanted & {"html", "pdf"}:
        progress("writing HTML")
        html = render_html(article.reading_order(), project, provenance.stamp())
        if "html" in wanted:
            staging.write(ARTICLE_TARGETS["html"], html)
        if "pdf" in wanted:
            progress("rendering the accessible PDF")
            staging.write(ARTICLE_TARGETS["pdf"],
                          render_pdf(html, project.manuscript, [project.root], "manuscript/",
                                     [template("article-print.css", project.root)]))
    if "docx" in started:
        progress("writing DOCX")
        staging.write(ARTICLE_TARGETS["docx"], finish_docx(started["docx"], provenance.epoch))
    if "jats" in started:
        progress("writing JATS")
        staging.write(ARTICLE_TARGETS["jats"], finish_jats(started["jats"], project))
        _copy_figures(project, staging)


def _copy_figures(project: Project, staging: Staging) -> None:
    """JATS refers to figures by path: ship them beside article.xml."""
    figures = project.manuscript / "figures"
    if figures.is_dir():
        for path in sorted(figures.iterdir()):
            if path.is_file() and path.suffix.lower() in {".png", ".jpg", ".jpeg", ".svg", ".gif"}:
                shutil.copyfile(path, staging.path(f"figures/{path.name}"))


def build(project: Project, targets: list[str], out: Path,
          progress: Callable[[str], None] = lambda _: None) -> list[Path]:
    """Build `targets` ('all' = every target) into `out`; nothing in `out` changes on failure."""
    wanted = set(TARGETS) if not targets or "all" in targets else set(targets)
    staging = Staging(out)
    try:
        if wanted & set(ARTICLE_TARGETS):
            build_article_outputs(project, wanted & set(ARTICLE_TARGETS), staging, progress)
    except BaseException:
        staging.discard()
        raise
    return staging.commit()
