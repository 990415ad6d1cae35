"""Benchmark: this copress against another installed copress (say, the commit before a change)
building the same targets of the same project.

For claims such as "the input gate costs nothing": install the earlier commit in its own
virtual environment (`git worktree add /tmp/before COMMIT && python3 -m venv /tmp/before/.venv &&
/tmp/before/.venv/bin/pip install -e /tmp/before`), then
`.venv/bin/python bench/versions.py --before /tmp/before/.venv/bin/copress --project /tmp/before`
(`--before-has-no-cache` for a version older than incremental builds, which has no `--force`).
Each side builds into its own output folder from its own copy of the sample project (the sample's
layout may differ between versions: `--project` names the older checkout whose sample it builds).
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from common import Side, arguments, commands, compare
from sample import BIN, committed_copy, sample_project


def main() -> None:
    parser = arguments(argparse.ArgumentParser(description=__doc__.splitlines()[0]))
    parser.add_argument("--before", required=True, help="the other copress executable")
    parser.add_argument("--project", type=Path, required=True,
                        help="a checkout of the other version (its sample project is built)")
    parser.add_argument("--targets", default="pdf html docx jats")
    parser.add_argument("--goal", type=float, default=1.05)
    parser.add_argument("--before-has-no-cache", action="store_true",
                        help="the other version predates incremental builds (and their --force)")
    args = parser.parse_args()
    work, project = sample_project("copress-versions-")
    before = committed_copy(args.project, work / "before-project")
    targets = args.targets.split()
    # --force: each run builds afresh, rather than reusing what the run before it built
    before_force = [] if args.before_has_no_cache else ["--force"]
    compare(f"copress build {' '.join(targets)}: this version vs {args.before}",
            Side("before", commands([args.before, "build", *targets, *before_force, "-q", "-C", str(before)],
                                    cwd=before)),
            Side("this copress", commands([str(BIN / "copress"), "build", *targets, "--force", "-q", "-C",
                                           str(project)], cwd=project)), args, goal=args.goal)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
