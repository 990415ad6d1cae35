"""Benchmark: `copress build easy-read` (PDF, HTML, DOCX) against the bare tools on the same input.

The floor: pandoc from manuscript/easy-read.md to HTML and to DOCX, and the weasyprint command on
the easy-read HTML that copress generated (with --pdf-variant pdf/ua-1), one after another, each
a whole process. Run: .venv/bin/python bench/easyread.py [--runs 5]
"""

from __future__ import annotations

import argparse
import shutil
import statistics

import pypandoc

from sample import BIN, sample_project, timed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    work, project = sample_project("copress-bench-er-")
    ours = [[str(BIN / "copress"), "build", "easy-read", "-q", "-C", str(project)]]
    timed(ours, project)
    html = work / "easy-read.html"
    shutil.copyfile(project / "build/easy-read.html", html)
    pandoc = pypandoc.get_pandoc_path()
    floor = [
        [pandoc, "easy-read.md", "--standalone", "-t", "html5", "-o", str(work / "floor.html")],
        [pandoc, "easy-read.md", "-t", "docx", "-o", str(work / "floor.docx")],
        [str(BIN / "weasyprint"), "--pdf-variant", "pdf/ua-1", str(html), str(work / "floor.pdf")],
    ]
    timed(floor, project / "manuscript")
    floor_times, our_times = [], []
    for _ in range(args.runs):
        floor_times.append(timed(floor, project / "manuscript"))
        our_times.append(timed(ours, project))
    f, o = statistics.median(floor_times), statistics.median(our_times)
    print(f"bare tools (pandoc ×2 + weasyprint): median {f:.2f} s")
    print(f"copress build easy-read:             median {o:.2f} s")
    print(f"ratio copress / bare tools:          {o / f:.2f}  (goal ≤ 1.2)")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
