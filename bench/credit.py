"""Benchmark: the credit ledger against a bare `git log --numstat` on a synthetic history.

10,000 commits by 50 authors touching 20 Markdown files, made with git fast-import. Three
comparisons, each by the harness in bench/common.py (ratio of medians with its 95% interval):
the ledger without section attribution (numstat only) and with section attribution (needs the
diffs), each against `git log --numstat` over the whole history; and an incremental update after
100 new commits (from the cache made before them, copied back untimed before each run) against
`git log --numstat` over just those 100 commits, with its absolute time (goal ≤ 0.3 s).
Run: .venv/bin/python bench/credit.py [--commits 10000] [--max-runs 15]
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from common import Side, arguments, compare

from copress.credit.history import FORMAT
from copress.credit.ledger import build_ledger
from copress.project import Project

AUTHORS = 50
FILES = 20


def fast_import(repo: Path, start: int, count: int, contents: dict[str, list[str]], rng) -> None:
    parts = []
    for n in range(start, start + count):
        author = n % AUTHORS
        when = 1_700_000_000 + n * 600
        parts.append(f"commit refs/heads/main\nmark :{n + 1}\n"
                     f"author Author {author} <author{author}@example.org> {when} +0000\n"
                     f"committer Author {author} <author{author}@example.org> {when} +0000\n"
                     f"data <<EOM\ncommit {n}\nEOM\n")
        if n == start and start > 0:
            parts.append("from refs/heads/main^0\n")
        for path in rng.sample(sorted(contents), rng.randint(1, 3)):
            lines = contents[path]
            at = rng.randrange(len(lines))
            if not lines[at].startswith("#"):
                lines[at] = f"Line changed in commit {n} by author {author}."
            lines.insert(rng.randrange(len(lines)), f"Added in commit {n}.")
            body = "\n".join(lines) + "\n"
            parts.append(f"M 100644 inline {path}\ndata {len(body.encode())}\n{body}\n")
    subprocess.run(["git", "fast-import", "--quiet"], cwd=repo, input="".join(parts).encode(), check=True)
    subprocess.run(["git", "reset", "-q", "--hard", "main"], cwd=repo, check=True)


def make_project(root: Path, commits: int, rng) -> dict[str, list[str]]:
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True)
    (root / "contributors").mkdir()
    for a in range(AUTHORS):
        (root / "contributors" / f"author-{a:02d}.yaml").write_text(
            f"name: Author {a}\nkind: {'public' if a % 3 == 0 else 'researcher'}\n"
            f"git: [author{a}@example.org]\n")
    (root / "manuscript").mkdir()
    (root / "manuscript/metadata.yaml").write_text("title: Bench\nauthors: [author-00]\n")
    (root / "manuscript/01-x.md").write_text("# X\n")
    contents = {}
    for f in range(FILES):
        lines = []
        for section in range(5):
            lines.append(f"# Section {section} of file {f}")
            lines += [f"Text line {i}." for i in range(8)]
        contents[f"manuscript/{f + 10:02d}-part.md"] = lines
    fast_import(root, 0, commits, contents, rng)
    return contents


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commits", type=int, default=10_000)
    args = arguments(parser).parse_args()
    rng = random.Random(1)
    root = Path(tempfile.mkdtemp(prefix="copress-bench-credit-"))
    started = time.perf_counter()
    contents = make_project(root, args.commits, rng)
    print(f"synthetic history: {args.commits} commits, {AUTHORS} authors, {FILES} files "
          f"(made in {time.perf_counter() - started:.1f} s)")
    project = Project.load(root)

    def git_log(*revisions: str):
        return lambda: subprocess.run(["git", "log", "--numstat", FORMAT, *revisions], cwd=root, check=True,
                                      capture_output=True)

    def uncached() -> None:
        shutil.rmtree(root / "nocache", ignore_errors=True)

    bare = Side("bare git log --numstat", git_log())
    compare("ledger without sections vs git log (goal ≤ 1.15)", bare,
            Side("ledger, no sections", lambda: build_ledger(project, root / "nocache", sections=False),
                 prepare=uncached), args, goal=1.15)
    compare("ledger with sections, uncached, vs git log (goal ≤ 2)", Side(bare.label, bare.run),
            Side("ledger, with sections", lambda: build_ledger(project, root / "nocache", sections=True),
                 prepare=uncached), args, goal=2)

    before = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, check=True, capture_output=True,
                            text=True).stdout.strip()
    build_ledger(project, root / "cache-before", sections=True)
    fast_import(root, args.commits, 100, contents, rng)

    def cache_from_before() -> None:
        shutil.rmtree(root / "cache", ignore_errors=True)
        shutil.copytree(root / "cache-before", root / "cache")

    incremental = Side("ledger, incremental after 100 commits",
                       lambda: build_ledger(project, root / "cache", sections=True), prepare=cache_from_before)
    compare("incremental ledger vs git log of the 100 new commits",
            Side("bare git log --numstat of 100 commits", git_log(f"{before}..HEAD")), incremental, args)
    ledger = build_ledger(project, root / "cache", sections=True)
    total = sum(e.commits for e in ledger.ordered())
    median = statistics.median(incremental.wall)
    print(f"incremental after 100 new commits: median {median:.2f} s  "
          f"(goal ≤ 0.3 s: {'met' if median <= 0.3 else 'NOT met'}; "
          f"{total} commits credited)")
    shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
