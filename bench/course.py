"""Benchmark: `copress build course` against the bare tools making the same outputs from the
same HTML.

The floor: the very HTML copress produces (written out once, untimed) turned into the outputs
by the bare tools, one process after another — the `weasyprint` command with
--pdf-variant pdf/ua-1 for each of the three PDFs (facilitator edition, slides, feedback form)
and pandoc (HTML → standalone HTML) for each web page of the online course, the copied guide
page included. copress also reads and checks course.yaml, the modules and the guide, parses the
modules with pandoc, runs the course filters, formats the guide's references for its copy of the
guide page, and applies the PDF/UA fixes. Both sides are timed as whole processes, by the
harness in bench/common.py; goal ≤ 1.3×. Run: .venv/bin/python bench/course.py [--max-runs 15].
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from common import Side, arguments, commands, compare
from sample import BIN, sample_project


def course_documents(project: Path, out: Path) -> tuple[list[str], list[str]]:
    """Write the HTML copress renders to PDF, and its web pages, into `out`: (pdf docs, pages)."""
    from copress.course import pages
    from copress.course.content import render_modules
    from copress.course.models import load_course
    from copress.guide.models import load_guide
    from copress.project import Project
    from copress.provenance import read_provenance

    loaded = Project.load(project)
    course = load_course(loaded, load_guide(loaded))
    modules = render_modules(course, loaded.manuscript)
    stamp = read_provenance(project).stamp()
    documents = {
        "facilitator.html": pages.facilitator(course, modules, stamp, project),
        "slides.html": pages.slides(course, modules, project),
        "feedback.html": pages.feedback(course, project),
    }
    for name, text in documents.items():
        (out / name).write_text(text, encoding="utf-8")
    built = project / "build/course"
    web = sorted(p.name for p in built.glob("*.html"))
    for name in web:
        shutil.copyfile(built / name, out / name)
    return list(documents), web


def main() -> None:
    args = arguments(argparse.ArgumentParser(description=__doc__.splitlines()[0])).parse_args()

    import pypandoc

    work, project = sample_project("copress-bench-course-")
    ours = [[str(BIN / "copress"), "build", "course", "--force", "-q", "-C", str(project)]]
    commands(*ours, cwd=project)()  # builds the web pages the floor converts, and warms the file cache

    floor_dir = work / "floor"
    floor_dir.mkdir()
    documents, web = course_documents(project, floor_dir)
    pandoc = pypandoc.get_pandoc_path()
    floor = [[str(BIN / "weasyprint"), "--pdf-variant", "pdf/ua-1", name, name.replace(".html", ".pdf")]
             for name in documents]
    floor += [[pandoc, "-f", "html", "-t", "html5", "--standalone", name, "-o", f"out-{name}"] for name in web]

    print(f"sample course: {len(web) - 2} modules, {len(web)} web pages, {len(documents)} PDFs")
    compare("copress build course vs the bare tools",
            Side(f"bare tools ({len(documents)} weasyprint + {len(web)} pandoc)", commands(*floor, cwd=floor_dir)),
            Side("copress build course", commands(*ours, cwd=project)), args, goal=1.3)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
