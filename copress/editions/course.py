"""The training course: manuscript/course/ (course.yaml + one Markdown file per module) and the
guide's questions and resources → an online course, facilitator edition, slides, feedback form."""

from __future__ import annotations

import shutil
from concurrent.futures import ThreadPoolExecutor
from typing import Callable

from ..article.sources import resolve_csl
from ..assets import asset_dir, template
from ..course import pages
from ..course.content import render_modules
from ..course.models import COURSE_DIR, load_course
from ..guide.intro import render_intro
from ..guide.models import Guide, load_guide
from ..guide.page import render_page
from ..guide.references import format_references
from ..outputs import Staging
from ..project import Project, language_notice
from ..provenance import read_provenance
from ..render.html import inline_imports
from ..render.pdf.worker import PdfWorker
from ..targets import of_edition
from . import guide as guide_edition

# Target name → its main file; the one target writes the folder and the three PDFs.
TARGETS = of_edition("course")
WEB_DIR = "course"
PDFS = {"course-facilitator.pdf": "facilitator", "course-slides.pdf": "slides",
        "course-feedback.pdf": "feedback"}  # file → the document it renders


def guide_web_page(project: Project, guide: Guide, staging: Staging, stamp: str) -> str:
    """The guide's web page: the one this build already wrote, else made by the guide's own code
    (so the copy is never stale)."""
    if guide_edition.WEB_FILE in staging.files:
        return (staging.tmp / guide_edition.WEB_FILE).read_text(encoding="utf-8")
    references = format_references(guide, resolve_csl(project), project.manuscript)
    intro = render_intro(guide.intro, guide.intro_file, guide.intro_line, project.manuscript)
    return render_page(guide, references, intro, "web", stamp, project.root,
                       language_notice(project, guide.lang))


def build_outputs(project: Project, wanted: set[str], staging: Staging,
                  progress: Callable[[str], None], pdf: PdfWorker) -> None:
    if not (project.root / COURSE_DIR).is_dir():
        staging.notice("skipped", "the training course: there is no manuscript/course/ (docs/course.md)")
        return
    pdf.warm()  # the worker imports WeasyPrint while pandoc reads the modules
    progress("reading and checking the course")
    guide = load_guide(project)
    course = load_course(project, guide)
    stamp = read_provenance(project.root).stamp(course.lang)
    notice = language_notice(project, course.lang)  # until someone checked copress's words in it
    with ThreadPoolExecutor(max_workers=1) as pool:
        # the guide's page keeps the guide's own stamp, as when the guide is built beside it
        guide_stamp = read_provenance(project.root, "guide").stamp(guide.lang) if guide else ""
        guide_page = pool.submit(guide_web_page, project, guide, staging, guide_stamp) if guide else None
        modules = render_modules(course, project.manuscript)
        guide_html = guide_page.result() if guide_page else None

    progress("writing the online course")
    web = pages.Web(course, modules, stamp, project.root, guide_page=guide_html is not None, notice=notice)
    staging.write(f"{WEB_DIR}/index.html", web.overview())
    for module in course.modules:
        staging.write(f"{WEB_DIR}/{module.page}", web.module(module))
    if guide_html is not None:
        staging.write(f"{WEB_DIR}/{pages.GUIDE_PAGE}", guide_html)
    _copy_assets(project, staging)

    documents = {
        "facilitator": lambda: pages.facilitator(course, modules, stamp, project.root, notice),
        "slides": lambda: pages.slides(course, modules, project.root, notice),
        "feedback": lambda: pages.feedback(course, project.root, notice),
    }
    for name, kind in PDFS.items():
        progress(f"rendering {name}")
        staging.write_when_done(name, pdf.render(documents[kind](), project.manuscript, [project.root],
                                                 f"{COURSE_DIR}/"))


def _copy_assets(project: Project, staging: Staging) -> None:
    """The stylesheet (with base.css in it) and fonts the pages link to, beside them (the folder
    is the course; the script is in each page)."""
    css = inline_imports(template("course.css", project.root), project.root)
    staging.write(f"{WEB_DIR}/assets/course.css", css)
    fonts = asset_dir("templates") / "fonts"
    for font in sorted(fonts.iterdir()):
        if font.suffix in (".woff2", ".txt"):
            shutil.copyfile(font, staging.path(f"{WEB_DIR}/assets/fonts/{font.name}"))
