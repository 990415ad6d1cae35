"""Git history in one pass (`git log --numstat`, with -p for sections), tallied and cached by commit."""

from __future__ import annotations

import datetime as dt
import fnmatch
import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

RECORD, FIELD, TRAILER_SEP = "\x1e", "\x1f", "\x1d"
# %aN/%aE apply .mailmap. Co-authored-by trailers are mapped separately (git check-mailmap).
FORMAT = (f"--format={RECORD}%H{FIELD}%aN{FIELD}%aE{FIELD}%at{FIELD}"
          f"%(trailers:key=Co-authored-by,valueonly,separator=%x1d){FIELD}")
CACHE_VERSION = 3
HUNK = re.compile(r"^@@ [^@]* @@ ?(.*)$")
HEADING = re.compile(r"^ {0,3}#{1,6}\s+(.*?)\s*(\{[^}]*\})?\s*#*\s*$")
IDENT = re.compile(r"^\s*(.*?)\s*<([^>]+)>\s*$")


@dataclass
class FileChange:
    path: str
    added: int
    removed: int


@dataclass
class Commit:
    sha: str
    name: str
    email: str
    time: int
    coauthors: list[tuple[str, str]]
    files: list[FileChange]
    sections: dict[str, list[str]] = field(default_factory=dict)  # path → headings touched


def _new_path(path: str) -> str:
    """numstat's rename notation: 'dir/{old => new}/x' or 'old => new' → the new path."""
    if " => " not in path:
        return path
    match = re.match(r"^(.*)\{(.*) => (.*)\}(.*)$", path)
    if match:
        return (match.group(1) + match.group(3) + match.group(4)).replace("//", "/")
    return path.split(" => ", 1)[1]


def heading_text(line: str) -> str | None:
    match = HEADING.match(line)
    return match.group(1).strip() if match else None


def parse_log(text: str) -> list[Commit]:
    commits = []
    for chunk in text.split(RECORD)[1:]:
        header, _, body = chunk.partition(FIELD + "\n") if FIELD + "\n" in chunk else (chunk, "", "")
        sha, name, email, when, trailers = header.split(FIELD)[:5]
        coauthors = []
        for value in filter(None, (t.strip() for t in trailers.split(TRAILER_SEP))):
            match = IDENT.match(value)
            if match:
                coauthors.append((match.group(1), match.group(2).strip().lower()))
        commit = Commit(sha, name, email.lower(), int(when), coauthors, [])
        current = None
        for line in body.splitlines():
            if not line:
                continue
            parts = line.split("\t")
            if len(parts) == 3 and re.match(r"^(\d+|-)$", parts[0]) and re.match(r"^(\d+|-)$", parts[1]):
                added = int(parts[0]) if parts[0] != "-" else 0
                removed = int(parts[1]) if parts[1] != "-" else 0
                commit.files.append(FileChange(_new_path(parts[2]), added, removed))
            elif line.startswith("+++ "):
                target = line[4:]
                current = target[2:] if target.startswith("b/") else None
            elif current and current.endswith(".md"):
                hunk = HUNK.match(line)
                heading = heading_text(hunk.group(1)) if hunk else None
                if heading is None and line.startswith(("+", "-")) and not line.startswith(("+++", "---")):
                    heading = heading_text(line[1:])
                if heading:
                    seen = commit.sections.setdefault(current, [])
                    if heading not in seen:
                        seen.append(heading)
        commits.append(commit)
    return commits


def _attributes_file() -> str:
    """A git attributes file that turns on git's markdown hunk headers (the nearest heading)."""
    path = Path(tempfile.gettempdir()) / "copress-markdown.gitattributes"
    if not path.exists():
        path.write_text("*.md diff=markdown\n")
    return str(path)


def run_log(repo, revisions: str | None, sections: bool) -> list[Commit]:
    args = ["--numstat", FORMAT, "--no-color"]
    if sections:
        args = ["-c", f"core.attributesFile={_attributes_file()}", "log", "-p", "-U0", *args]
    else:
        args = ["log", *args]
    if revisions:
        args.append(revisions)
    text = repo.git.execute(["git", *args], stdout_as_string=True, strip_newline_in_stdout=False)
    return parse_log(text)


def map_coauthors(repo, commits: list[Commit]) -> None:
    """Apply .mailmap to Co-authored-by identities too (git does so only for authors)."""
    idents = sorted({f"{n} <{e}>" for c in commits for n, e in c.coauthors})
    if not idents:
        return
    mapped = repo.git.check_mailmap(*idents).splitlines()
    table = {}
    for original, result in zip(idents, mapped):
        match = IDENT.match(result)
        if match:
            table[original] = (match.group(1), match.group(2).lower())
    for commit in commits:
        commit.coauthors = [table.get(f"{n} <{e}>", (n, e)) for n, e in commit.coauthors]


# Generated files never count as someone's contribution, nor does a sign-off record (approving
# the text is recorded in signoffs/, not credited as writing).
GENERATED = ("build/*", "*/build/*", "CITATION.cff", ".zenodo.json", "manuscript/easy-read.draft.md",
             "signoffs/*")


@cache
def counts(path: str) -> bool:
    return not any(fnmatch.fnmatch(path, pattern) for pattern in GENERATED)


def stage_of(paths: list[str], stage_paths: dict[str, str]) -> str:
    for pattern, stage in stage_paths.items():
        if any(fnmatch.fnmatch(p, pattern) for p in paths):
            return stage
    return "writing"


@dataclass
class GroupTally:
    """What the commits credited to one set of identities (author + co-authors) add up to."""

    names: dict[str, str] = field(default_factory=dict)  # e-mail → name as last seen
    commits: int = 0
    added: int = 0
    removed: int = 0
    files: set[str] = field(default_factory=set)
    sections: set[str] = field(default_factory=set)
    days: dict[str, int] = field(default_factory=dict)  # "YYYY-MM-DD|stage" → commits

    def row(self) -> dict:
        return {"names": self.names, "commits": self.commits, "added": self.added,
                "removed": self.removed, "files": sorted(self.files),
                "sections": sorted(self.sections), "days": self.days}

    @classmethod
    def from_row(cls, row: dict) -> "GroupTally":
        return cls(row["names"], row["commits"], row["added"], row["removed"], set(row["files"]),
                   set(row["sections"]), row["days"])


def tally(commits: list[Commit], stage_paths: dict[str, str],
          groups: dict[tuple[str, ...], GroupTally] | None = None) -> dict[tuple[str, ...], GroupTally]:
    """Fold commits into per-identity-group sums. Mapping identities to contributors comes later,
    so a change to a contributor file never invalidates the cache."""
    groups = {} if groups is None else groups
    for commit in commits:
        files = [f for f in commit.files if counts(f.path)]
        if not files:
            continue
        idents = {commit.email: commit.name}
        for name, email in commit.coauthors:
            idents.setdefault(email, name)
        group = groups.setdefault(tuple(sorted(idents)), GroupTally())
        group.names.update(idents)
        group.commits += 1
        group.added += sum(f.added for f in files)
        group.removed += sum(f.removed for f in files)
        group.files.update(f.path for f in files if f.path.startswith("manuscript/"))
        for path, headings in commit.sections.items():
            if path.startswith("manuscript/"):
                group.sections.update(headings)
        day = dt.datetime.fromtimestamp(commit.time, dt.timezone.utc).date().isoformat()
        key = f"{day}|{stage_of([f.path for f in files], stage_paths)}"
        group.days[key] = group.days.get(key, 0) + 1
    return groups


def load_tally(root: Path, cache_dir: Path | None, sections: bool = True,
               stage_paths: dict[str, str] | None = None) -> tuple[dict[tuple[str, ...], GroupTally], str | None]:
    """The tally of all commits reachable from HEAD, and HEAD's hash; only new commits are read."""
    import git

    stage_paths = stage_paths or {}
    try:
        repo = git.Repo(root, search_parent_directories=True)
        head = repo.head.commit.hexsha
    except (git.InvalidGitRepositoryError, git.NoSuchPathError, ValueError):
        return {}, None
    # The cache is valid for one way of counting: same format, sections or not, same stage paths.
    key = f"v{CACHE_VERSION}|{sections}|{json.dumps(stage_paths, sort_keys=True)}|{GENERATED}"
    cache = cache_dir / f"history{'-sections' if sections else ''}.json" if cache_dir else None
    groups: dict[tuple[str, ...], GroupTally] = {}
    revisions = None
    if cache and cache.exists():
        try:
            data = json.loads(cache.read_text())
            if data["key"] == key:
                groups = {tuple(k.split("\n")): GroupTally.from_row(v) for k, v in data["groups"].items()}
                if data["head"] == head:
                    return groups, head
                repo.git.merge_base("--is-ancestor", data["head"], head)
                revisions = f"{data['head']}..{head}"
        except Exception:  # unreadable cache or history rewritten: read everything again
            groups, revisions = {}, None
    new = run_log(repo, revisions, sections)
    map_coauthors(repo, new)
    tally(new, stage_paths, groups)
    if cache:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(".tmp")
        rows = {"\n".join(k): v.row() for k, v in groups.items()}
        tmp.write_text(json.dumps({"key": key, "head": head, "groups": rows}))
        os.replace(tmp, cache)
    return groups, head
