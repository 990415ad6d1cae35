"""The easy-read edition: manuscript/easy-read.md + glossary.yaml + pictures → PDF, HTML, DOCX.

The text is checked against the easy-read rules before anything is rendered; an error stops
the build. Until copress.yaml names a reviewer (`easy-read: {reviewed-by: [ids]}`), every page
carries a draft mark; the reviewers' names are printed as each consented to be named.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Callable

from ..assets import print_stylesheets
from ..document import finish_pandoc
from ..easyread.document import build_ast
from ..easyread.filtering import SOURCE
from ..easyread.models import check_length, errors_to_exception, has_easy_read, read_easy_read
from ..easyread.page import draft_mark_css, render_html, start_docx
from ..outputs import Staging
from ..project import Project
from ..provenance import read_provenance
from ..render.docx import fix_alt_text
from ..render.pdf.worker import PdfWorker
from ..targets import of_edition

# `copress build easy-read` writes all three files; TARGETS names the target and its main file.
TARGETS = of_edition("easyread")
FILES = {"pdf": "easy-read.pdf", "html": "easy-read.html", "docx": "easy-read.docx"}


def build_outputs(project: Project, wanted: set[str], staging: Staging,
                  progress: Callable[[str], None], pdf: PdfWorker) -> None:
    """Check the text, then write easy-read.pdf, .html and .docx. A project without
    manuscript/easy-read.md has no easy-read edition: nothing is written."""
    if not has_easy_read(project):
        staging.notice("skipped", "the easy-read edition: there is no manuscript/easy-read.md "
                                  "(copress easy-read draft writes a first draft; docs/easy-read.md)")
        return
    pdf.warm()  # the worker imports WeasyPrint while this process checks the text
    progress("checking the easy-read text")
    edition = read_easy_read(project)
    error = errors_to_exception(edition.findings())
    if error:
        raise error
    provenance = read_provenance(project.root)
    ast = build_ast(edition)
    with tempfile.TemporaryDirectory(prefix="copress-easy-read-") as folder:
        # pandoc writes the DOCX while this process writes the HTML and the worker the PDF.
        proc, data = start_docx(ast, project, provenance.epoch, Path(folder))
        try:
            progress("writing easy-read HTML")
            html = render_html(ast, project, provenance.stamp(edition.lang))
            staging.write(FILES["html"], html)
            progress("rendering the easy-read PDF")
            staging.write_when_done(
                FILES["pdf"],
                pdf.render(html, project.manuscript, [project.root], SOURCE,
                           print_stylesheets("easy-read-print.css", project.root, edition.lang)
                           + draft_mark_css(edition.words)),
                check=lambda data: check_length(data, pdf.page_count))
            out, _ = finish_pandoc(proc, data, "writing easy-read DOCX")
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        staging.write(FILES["docx"], fix_alt_text(out, provenance.epoch, keep_rows=True))
