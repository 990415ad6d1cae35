"""Make a synthetic copress project of any size from the sample's own material.

Chapters are the sample's paragraphs repeated and shuffled (a seeded shuffle: the same options
make the same project); they cite only the references already in manuscript/references.bib, so
nothing is invented. Figures are copies of the sample's figure; contributors are made from the
sample's contributor files, one of each naming choice in turn, with fictional generated names
("Contributor 017") and example.org addresses; the history is real git commits, each by one of
the contributors, that grow the chapters to their final text.

Run: .venv/bin/python bench/generate.py OUT --words 100000 --chapters 40 --contributors 60 --commits 300
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "manuscript"
BODY = [f"{n:02d}-" for n in range(2, 11)]  # the sample's body chapters, 02 to 10
CITATION = re.compile(r"( ?)\[([^\[\]]*@[^\[\]]*)\]")
KEY = re.compile(r"-?@([\w:.#$%&+?<>~/-]*\w)")
SECTION_REF = re.compile(r"@sec:([\w-]+)")
FIGURE = re.compile(r"^!\[.*\]\(figures/[^)]+\)\{#fig:(\w+)")
HEADING_ATTRS = re.compile(r"^# (.*?) \{#sec:([\w-]+)(.*)\}$")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="the project folder to make (must not exist)")
    parser.add_argument("--words", type=int, default=25000, help="words in the article's chapters")
    parser.add_argument("--chapters", type=int, default=12, help="body chapters")
    parser.add_argument("--references", type=int, default=None,
                        help="distinct references cited, at most the sample's own (default all)")
    parser.add_argument("--figures", type=int, default=None,
                        help="figures (copies of the sample's; default one per 5,000 words)")
    parser.add_argument("--contributors", type=int, default=7, help="contributor files (the sample has 7)")
    parser.add_argument("--commits", type=int, default=20, help="commits in the project's history")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.out.exists():
        sys.exit(f"{args.out} exists already: choose a new folder")
    generate(args.out, words=args.words, chapters=args.chapters, references=args.references,
             figures=args.figures, contributors=args.contributors, commits=args.commits, seed=args.seed)
    print(f"{args.out}: {count_words(args.out)} words in {args.chapters} chapters, "
          f"{args.contributors} contributors, {args.commits} commits")


def generate(out: Path, *, words: int, chapters: int, references: int | None = None,
             figures: int | None = None, contributors: int = 7, commits: int = 20, seed: int = 1) -> Path:
    """Write the project to `out` and commit its history; return `out`."""
    rng = random.Random(seed)
    chapters = max(1, chapters)
    figures = max(1, words // 5000) if figures is None else figures
    shutil.copytree(SAMPLE, out / "manuscript")
    shutil.copytree(REPO / "contributors", out / "contributors")
    manuscript = out / "manuscript"
    keep = kept_references(manuscript / "references.bib", references)

    # The sample's body: each chapter's heading, and its other blocks in the pool.
    sources = sorted(p for p in manuscript.glob("[0-9][0-9]-*.md") if p.name[:3] in BODY)
    headings, pool, figure_block = [], [], None
    for path in sources:
        blocks = [b.strip() for b in path.read_text(encoding="utf-8").split("\n\n") if b.strip()]
        headings.append(blocks[0])
        for block in blocks[1:]:
            if FIGURE.match(block):
                figure_block = block
            else:
                pool.append(block)
    for path in sources:
        path.unlink()

    # Section ids: the sample's own on the first copy of each chapter (so @sec: references and
    # the GRIPP2 attributes keep their targets), numbered ones on later copies.
    titles, ids = [], set()
    for n in range(chapters):
        title, ident, rest = HEADING_ATTRS.match(headings[n % len(headings)]).groups()
        if n >= len(headings):
            title, ident, rest = f"{title} ({n // len(headings) + 1})", f"{ident}-{n + 1}", ""
        titles.append(f"# {title} {{#sec:{ident}{rest}}}")
        ids.add(ident)
    # The one table (@tbl:naming) and its caption stay once, at the start of the first chapter.
    table = [b for b in pool if b.startswith("|") or (b.startswith(": ") and "{#tbl:" in b)]
    pool = [b for b in pool if b not in table]

    fixed = sum(len(p.read_text(encoding="utf-8").split()) for p in manuscript.glob("[0-9][0-9]-*.md"))
    per_chapter = max(1, (words - fixed) // chapters)  # the summary and declarations count too
    bodies: list[list[str]] = []
    order: list[str] = []
    for n in range(chapters):
        blocks, count = [], 0
        while count < per_chapter:
            if not order:
                order = pool[:]
                rng.shuffle(order)
            block = adapt(order.pop(), ids, keep)
            blocks.append(block)
            count += len(block.split())
        bodies.append(blocks)
    bodies[0][0:0] = table
    for k in range(figures):
        ident = "stages" if k == 0 else f"stages-{k + 1}"
        bodies[k * chapters // figures].insert(0, figure_block.replace("{#fig:stages", "{#fig:" + ident, 1))

    people = make_contributors(out / "contributors", contributors, rng)
    meta_path = manuscript / "metadata.yaml"
    meta = meta_path.read_text(encoding="utf-8")
    authors = re.search(r"^authors: \[(.*)\]$", meta, re.M)
    listed = authors.group(1).split(", ") + [p["id"] for p in people if p.get("credit")]
    meta_path.write_text(meta.replace(authors.group(0), f"authors: [{', '.join(listed)}]"), encoding="utf-8")

    files = [f"{n + 2:02d}-chapter-{n + 1:03d}.md" for n in range(chapters)]
    declarations = next(manuscript.glob("11-*.md"))
    declarations.rename(manuscript / f"{chapters + 2:02d}-declarations.md")
    commit_history(out, files, titles, bodies, people, commits, rng)
    return out


def kept_references(bib: Path, limit: int | None) -> set[str] | None:
    """The first `limit` keys of the sample's bibliography (None: all). Never more: every
    reference in a generated project is one of the sample's checked ones."""
    keys = re.findall(r"^@\w+\{([^,]+),", bib.read_text(encoding="utf-8"), re.M)
    if limit is None:
        return None
    if limit > len(keys):
        sys.exit(f"--references {limit}: the sample has {len(keys)} checked references, and a "
                 "generated project cites only those (no invented ones)")
    return set(keys[:limit])


def adapt(block: str, ids: set[str], keep: set[str] | None) -> str:
    """A pool block made valid in the generated project: references to sections it lacks
    become plain words, citations of references left out are removed."""
    block = SECTION_REF.sub(lambda m: m.group(0) if m.group(1) in ids else "another chapter", block)
    if keep is None:
        return block

    def citation(m: re.Match) -> str:
        space, keys = m.groups()
        parts = [p for p in keys.split(";") if (k := KEY.search(p)) is None or k.group(1) in keep]
        return f"{space}[{';'.join(parts).strip()}]" if parts else ""
    return CITATION.sub(citation, block)


NAMING = {"full": "Contributor {n}", "initials": "C.\u00a0{n}", "pseudonym": "Pseudonym {n}"}


def make_contributors(folder: Path, total: int, rng: random.Random) -> list[dict]:
    """Contributor files beyond the sample's: each a copy of a sample contributor (cycling through
    them) with a generated name, no ORCID, not the corresponding author."""
    templates = sorted(p for p in folder.glob("*.yaml") if not p.name.endswith(".private.yaml"))
    made = []
    for n in range(1, max(0, total - len(templates)) + 1):
        template = templates[(n - 1) % len(templates)]
        data = yaml.safe_load(template.read_text(encoding="utf-8"))
        number = f"{n:03d}"
        ident = f"contributor-{number}"
        name = f"Contributor {number}"
        address = f"contributor{number}@example.org"
        for key in ("orcid", "email", "corresponding", "initials", "pseudonym", "name", "git"):
            data.pop(key, None)
        side = {"name": name, "git": [address], "private": {"notes": "Generated for a benchmark."}}
        if data.get("named", "full") == "full":
            data.update(name=name, git=[address])
            side = {"private": side["private"]}
        elif data["named"] in NAMING:
            data[data["named"]] = NAMING[data["named"]].format(n=number)
        data = {"id": ident, **data}
        body = {k: v for k, v in data.items() if k != "id"}
        (folder / f"{ident}.yaml").write_text(
            "# Generated contributor (fictional), made by bench/generate.py from the sample.\n"
            + yaml.safe_dump(body, allow_unicode=True, sort_keys=False), encoding="utf-8")
        (folder / f"{ident}.private.yaml").write_text(
            yaml.safe_dump(side, allow_unicode=True, sort_keys=False), encoding="utf-8")
        made.append({**data, "address": address, "git_name": name})
    return made


def commit_history(out: Path, files: list[str], titles: list[str], bodies: list[list[str]],
                   people: list[dict], commits: int, rng: random.Random) -> None:
    """A first commit with the sample's other files and each chapter's heading, then commits
    that each add the next blocks of one chapter, by one contributor; the last leaves every
    chapter whole."""
    manuscript = out / "manuscript"
    authors = [("Amina Okafor", "amina@example.org"), ("Sarah Mensah", "sarah.mensah@example.net")]
    authors += [(p["git_name"], p["address"]) for p in people]
    shown = [1] * len(files)  # blocks of each chapter written so far (the heading counts)

    def write(n: int) -> None:
        text = "\n\n".join([titles[n], *bodies[n][: shown[n] - 1]]) + "\n"
        (manuscript / files[n]).write_text(text, encoding="utf-8")

    for n in range(len(files)):
        write(n)
    git(out, "init", "-q")
    commit(out, "Start the project from the sample", authors[0], 0)
    remaining = max(0, commits - 1)
    steps = [n for n in range(len(files)) for _ in range(len(bodies[n]))]
    rng.shuffle(steps)
    # Spread the chapters' blocks over the commits; the last commit writes whatever is left.
    for k in range(remaining):
        start, stop = k * len(steps) // remaining, (k + 1) * len(steps) // remaining
        touched = set()
        for n in steps[start:stop] if k < remaining - 1 else steps[start:]:
            shown[n] += 1
            touched.add(n)
        if k == remaining - 1:
            shown[:] = [len(b) + 1 for b in bodies]
            touched = set(range(len(files)))
        # With more commits than blocks, some commits change nothing (still real commits).
        for n in touched:
            write(n)
        commit(out, f"Draft: chapter {min(touched) + 1}" if touched else "Review notes",
               authors[k % len(authors)], k + 1)


def git(cwd: Path, *args: str, env: dict | None = None) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, env=env)


def commit(out: Path, message: str, author: tuple[str, str], k: int) -> None:
    name, address = author
    date = f"{1735725600 + k * 3600} +0000"  # an hour apart from 2025-01-01 10:00 UTC
    env = {**os.environ, "GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": address, "GIT_AUTHOR_DATE": date,
           "GIT_COMMITTER_NAME": name, "GIT_COMMITTER_EMAIL": address, "GIT_COMMITTER_DATE": date}
    git(out, "add", "-A", env=env)
    git(out, "commit", "-q", "--allow-empty", "-m", message, env=env)


def count_words(project: Path) -> int:
    return sum(len(p.read_text(encoding="utf-8").split()) for p in (project / "manuscript").glob("[0-9][0-9]-*.md"))


if __name__ == "__main__":
    main()
