"""Benchmark: `copress build guide` against the `weasyprint` command on the same generated HTML.

The floor is WeasyPrint alone turning the guide's PDF HTML (the very document copress renders,
written out once, untimed) into a PDF/UA-1 file with the guide's print stylesheet. copress does
that too, and also reads and checks the sources, formats the references (pandoc), writes the web
page and applies the PDF/UA fixes. Both are timed as whole processes; the goal is ≤ 1.2×.
Run: .venv/bin/python bench/guide.py (--runs 7 for more runs).
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import time
from pathlib import Path

from sample import BIN, sample_project


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one whole process. CPU time (user + system, the process
    and its children) is steadier than wall time on a shared machine."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def guide_html(project: Path) -> str:
    """The HTML copress hands to WeasyPrint for the PDF."""
    from copress.editions.article import resolve_csl
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
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from copress.assets import template

    work, project = sample_project("copress-bench-guide-")

    floor_dir = work / "floor"
    floor_dir.mkdir()
    (floor_dir / "guide.html").write_text(guide_html(project), encoding="utf-8")
    floor = [str(BIN / "weasyprint"), "--pdf-variant", "pdf/ua-1", "-s", str(template("guide-print.css")),
             "guide.html", "guide.pdf"]
    ours = [str(BIN / "copress"), "build", "guide", "-q", "-C", str(project)]

    timed(floor, floor_dir), timed(ours, project)  # warm the file cache once
    floor_runs, our_runs = [], []
    for _ in range(args.runs):  # alternate, so a busy moment hits both sides
        floor_runs.append(timed(floor, floor_dir))
        our_runs.append(timed(ours, project))
    resources = (project / "manuscript/guide/resources.yaml").read_text().count("\n  - id:")
    print(f"sample guide: {resources} resources; {args.runs} runs each; median wall (CPU) seconds")
    for label, runs in (("weasyprint command on the same HTML", floor_runs), ("copress build guide", our_runs)):
        wall = statistics.median(w for w, _ in runs)
        cpu = statistics.median(c for _, c in runs)
        print(f"{label:36} {wall:6.2f} ({cpu:.2f})   runs: {', '.join(f'{w:.2f}' for w, _ in runs)}")
    ratio = statistics.median(w for w, _ in our_runs) / statistics.median(w for w, _ in floor_runs)
    cpu_ratio = statistics.median(c for _, c in our_runs) / statistics.median(c for _, c in floor_runs)
    print(f"ratio copress / weasyprint:          {ratio:.2f} wall, {cpu_ratio:.2f} CPU (goal ≤ 1.2)")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
