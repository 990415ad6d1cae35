"""Benchmark: `copress check --history` against a bare `git log --all -p` over the same history.

The synthetic history of bench/credit.py (10,000 commits by 50 authors touching 20 Markdown
files, made with git fast-import). Every third author is a public contributor named by
pseudonym whose real name and address (the ones their commits carry) and a private value sit in
a side file, so a third of the commits hold a hidden name: the audit parses those in full. Both
sides are whole processes, timed by the harness in bench/common.py; goal ≤ 1.5×.
Run: .venv/bin/python bench/history.py [--commits 10000] [--max-runs 15]
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from common import Side, arguments, compare
from credit import AUTHORS, make_project
from sample import BIN


def hide_every_third_author(root: Path) -> int:
    """Side files (untracked, as in a real project) with the values the audit looks for."""
    hidden = 0
    for a in range(AUTHORS):
        tracked = root / "contributors" / f"author-{a:02d}.yaml"
        side = tracked.with_name(f"author-{a:02d}.private.yaml")
        kind = "public" if a % 3 == 0 else "researcher"
        if a % 3 == 0:
            tracked.write_text(f"kind: {kind}\nnamed: pseudonym\npseudonym: Helper {a}\n")
            side.write_text(f"name: Author {a}\ngit: [author{a}@example.org]\n"
                            f"private: {{phone: '01632 9{a:05d}'}}\n")
            hidden += 1
        else:
            side.write_text(f"private: {{phone: '01632 8{a:05d}'}}\n")
    return hidden


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commits", type=int, default=10_000)
    args = arguments(parser).parse_args()
    root = Path(tempfile.mkdtemp(prefix="copress-bench-history-"))
    started = time.perf_counter()
    make_project(root, args.commits, random.Random(1))
    hidden = hide_every_third_author(root)
    print(f"synthetic history: {args.commits} commits, {AUTHORS} authors ({hidden} hidden), "
          f"made in {time.perf_counter() - started:.1f} s")

    def git_log() -> None:
        subprocess.run(["git", "log", "--all", "-p"], cwd=root, check=True, stdout=subprocess.DEVNULL)

    def audit() -> None:
        done = subprocess.run([str(BIN / "copress"), "check", "--history", "--json", "-C", str(root)],
                              capture_output=True)
        if done.returncode != 1:  # the hidden names are in a third of the commits: findings
            raise SystemExit(f"copress check --history exited {done.returncode}: {done.stderr.decode()}")

    compare("copress check --history vs git log --all -p (goal ≤ 1.5)",
            Side("git log --all -p > /dev/null", git_log), Side("copress check --history", audit),
            args, goal=1.5)
    shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
