"""The resource guide: manuscript/guide/ (guide.md, resources, questions) → an accessible PDF
with a clickable map and a fillable worksheet, and one filterable web page."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Callable

from ..article.sources import resolve_csl
from ..assets import print_stylesheets
from ..errors import CopressError
from ..guide.intro import render_intro
from ..guide.models import GUIDE_DIR, load_guide
from ..guide.page import render_page
from ..guide.references import format_references
from ..outputs import Staging
from ..project import Project, language_notice
from ..provenance import read_provenance
from ..render.pdf.worker import PdfWorker
from ..targets import of_edition

# Target name → the file it writes; the one target writes both outputs.
TARGETS = of_edition("guide")
WEB_FILE = "resource-guide.html"


def build_outputs(project: Project, wanted: set[str], staging: Staging,
                  progress: Callable[[str], None], pdf: PdfWorker) -> None:
    """Read and check the guide, format its references and its text with pandoc (in threads,
    while the PDF worker imports WeasyPrint), then hand the PDF to the worker and write the
    web page."""
    if not (project.root / GUIDE_DIR).is_dir():
        # `copress build` builds every target; a project without a guide just has none.
        staging.notice("skipped", "the resource guide: there is no manuscript/guide/ (docs/guide.md)")
        return
    pdf.warm()
    progress("reading and checking the resource guide")
    guide = load_guide(project)
    if guide is None:  # pragma: no cover - the folder was checked above
        raise CopressError("no guide", GUIDE_DIR)
    csl = resolve_csl(project)
    with ThreadPoolExecutor(max_workers=2) as pool:
        refs = pool.submit(format_references, guide, csl, project.manuscript)
        intro = pool.submit(render_intro, guide.intro, guide.intro_file, guide.intro_line,
                            project.manuscript)
        provenance = read_provenance(project.root)
        references, text = refs.result(), intro.result()
    stamp, notice = provenance.stamp(guide.lang), language_notice(project, guide.lang)
    progress("rendering the guide's accessible PDF")
    html = render_page(guide, references, text, "pdf", stamp, project.root, notice)
    staging.write_when_done(TARGETS["guide"], pdf.render(
        html, project.manuscript, [project.root], f"{GUIDE_DIR}/",
        print_stylesheets("guide-print.css", project.root, guide.lang)))
    progress("writing the guide's web page")
    staging.write(WEB_FILE, render_page(guide, references, text, "web", stamp, project.root, notice))
