"""Benchmark: incremental `copress build all` against clean builds of the sample.

Two comparisons, each by the harness in bench/common.py (whole processes, alternating runs):
1. nothing changed: `copress build all` in a project built before, against a clean
   `copress build all` (its build/ folder removed before each run, untimed); goal ≤ 0.03×;
2. one chapter edited (a sentence appended before each run, untimed): `copress build all`,
   which rebuilds the article's targets and reuses the rest, against a clean build of the
   article's targets alone (`copress build pdf html docx jats gripp2`, build/ removed); goal ≤ 1.05×.
Run: .venv/bin/python bench/incremental.py [--max-runs 15] [--only unchanged|edited].
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
from itertools import count

from common import Side, arguments, commands, compare
from sample import BIN, REPO, committed_copy, sample_project

ARTICLE = ["pdf", "html", "docx", "jats", "gripp2"]


def main() -> None:
    parser = arguments(argparse.ArgumentParser(description=__doc__.splitlines()[0]))
    parser.add_argument("--only", choices=("unchanged", "edited"), default=None,
                        help="run one of the two comparisons (default: both)")
    args = parser.parse_args()
    work, clean = sample_project("copress-bench-incremental-")
    kept = committed_copy(REPO, work / "kept")
    copress = str(BIN / "copress")
    subprocess.run([copress, "build", "all", "-q", "-C", str(kept)], check=True)

    def remove_build() -> None:
        shutil.rmtree(clean / "build", ignore_errors=True)

    if args.only != "edited":
        compare("copress build all with nothing changed vs a clean copress build all",
                Side("clean copress build all", commands([copress, "build", "all", "-q"], cwd=clean),
                     prepare=remove_build),
                Side("copress build all, nothing changed", commands([copress, "build", "all", "-q"], cwd=kept)),
                args, goal=0.03)

    chapter = kept / "manuscript/03-who-and-when.md"
    edits = count(1)

    def edit_chapter() -> None:
        chapter.write_text(chapter.read_text(encoding="utf-8") + f"\nEdit number {next(edits)}.\n",
                           encoding="utf-8")

    if args.only != "unchanged":
        compare("copress build all after editing one chapter vs a clean build of the article alone",
                Side("clean copress build " + " ".join(ARTICLE),
                     commands([copress, "build", *ARTICLE, "-q"], cwd=clean), prepare=remove_build),
                Side("copress build all, one chapter edited", commands([copress, "build", "all", "-q"], cwd=kept),
                     prepare=edit_chapter),
                args, goal=1.05)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
