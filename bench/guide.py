"""Benchmark: `copress build guide` against the `weasyprint` command on the same generated HTML.

The floor is WeasyPrint alone turning the guide's PDF HTML (the very document copress renders,
written out once, untimed) into a PDF/UA-1 file with the guide's print stylesheet. copress does
that too, and also reads and checks the sources, formats the references (pandoc), writes the web
page and applies the PDF/UA fixes. Both are timed as whole processes, by the harness in
bench/common.py; the goal is ≤ 1.2×. Run: .venv/bin/python bench/guide.py [--max-runs 15].
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from common import Side, arguments, commands, compare
from sample import BIN, sample_project


def guide_html(project: Path) -> str:
    """The HTML copress hands to WeasyPrint for the PDF."""
    from copress.article.sources import resolve_csl
    from copress.guide.intro import render_intro
    from copress.guide.models import load_guide
    from copress.guide.page import render_page
    from copress.guide.references import format_references
    from copress.project import Project
    from copress.provenance import read_provenance

    loaded = Project.load(project)
    guide = load_guide(loaded)
    references = format_references(guide, resolve_csl(loaded), loaded.manuscript)
    intro = render_intro(guide.intro, guide.intro_file, guide.intro_line, loaded.manuscript)
    return render_page(guide, references, intro, "pdf", read_provenance(project).stamp(), project)


def main() -> None:
    args = arguments(argparse.ArgumentParser(description=__doc__.splitlines()[0])).parse_args()

    from copress.assets import template

    work, project = sample_project("copress-bench-guide-")

    floor_dir = work / "floor"
    floor_dir.mkdir()
    (floor_dir / "guide.html").write_text(guide_html(project), encoding="utf-8")
    floor = [str(BIN / "weasyprint"), "--pdf-variant", "pdf/ua-1", "-s", str(template("guide-print.css")),
             "guide.html", "guide.pdf"]
    ours = [str(BIN / "copress"), "build", "guide", "--force", "-q", "-C", str(project)]

    resources = (project / "manuscript/guide/resources.yaml").read_text().count("\n  - id:")
    print(f"sample guide: {resources} resources")
    compare("copress build guide vs the weasyprint command",
            Side("weasyprint command on the same HTML", commands(floor, cwd=floor_dir)),
            Side("copress build guide", commands(ours, cwd=project)), args, goal=1.2)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
