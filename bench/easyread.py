"""Benchmark: `copress build easy-read` (PDF, HTML, DOCX) against the bare tools on the same input.

The floor: pandoc from manuscript/easy-read.md to HTML and to DOCX, and the weasyprint command on
the easy-read HTML that copress generated (with --pdf-variant pdf/ua-1), one after another, each
a whole process, by the harness in bench/common.py. Run: .venv/bin/python bench/easyread.py
[--max-runs 15]
"""

from __future__ import annotations

import argparse
import shutil

import pypandoc

from common import Side, arguments, commands, compare
from sample import BIN, sample_project


def main() -> None:
    args = arguments(argparse.ArgumentParser(description=__doc__.splitlines()[0])).parse_args()
    work, project = sample_project("copress-bench-er-")
    ours = [[str(BIN / "copress"), "build", "easy-read", "--force", "-q", "-C", str(project)]]
    commands(*ours, cwd=project)()  # the HTML the floor's weasyprint renders
    html = work / "easy-read.html"
    shutil.copyfile(project / "build/easy-read.html", html)
    pandoc = pypandoc.get_pandoc_path()
    floor = [
        [pandoc, "easy-read.md", "--standalone", "-t", "html5", "-o", str(work / "floor.html")],
        [pandoc, "easy-read.md", "-t", "docx", "-o", str(work / "floor.docx")],
        [str(BIN / "weasyprint"), "--pdf-variant", "pdf/ua-1", str(html), str(work / "floor.pdf")],
    ]
    compare("copress build easy-read vs the bare tools",
            Side("bare tools (pandoc ×2 + weasyprint)", commands(*floor, cwd=project / "manuscript")),
            Side("copress build easy-read", commands(*ours, cwd=project)), args, goal=1.2)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
