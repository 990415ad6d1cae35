"""Sign-off of the article: which text an author approved, as a hash of its sources, and whether
that is still the text now (the records in signoffs/<id>.yaml, written by `copress signoff`).

The hash is over the article's *source*, not a rendered output, so that a copress upgrade that
changes how the PDF looks does not void anyone's sign-off: the chapters in the order the article
reads them, the title, subtitle and abstract, and the byline as the consented names in order
(a change of name or order is a change to what an author agreed to be published with).
"""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from . import gate
from .errors import CopressError
from .project import Project
from .yamlfile import load_yaml, validate

FOLDER = "signoffs"  # one file per person, like contributors/: two sign-offs never conflict
HASH = "sha256"
DIFF_LINES = 40  # how much of the diff a finding shows; the hint says how to see the rest


class SignOff(BaseModel):
    """One sign-off: the person approved the text whose hash is `source`, at `commit`."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    date: datetime.date
    commit: str = Field(pattern=r"^[0-9a-f]{40}$")
    source: str = Field(pattern=r"^sha256:[0-9a-f]{64}$")
    recorded_by: str | None = Field(default=None, alias="recorded-by")  # a contributor id
    note: str | None = None

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, value: Any) -> Any:
        if isinstance(value, str):
            try:
                return datetime.date.fromisoformat(value.strip())
            except ValueError:
                raise ValueError(f"'{value}' is not a date written year-month-day") from None
        return value


class SignOffFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    signoffs: list[SignOff] = []


@dataclass
class Standing:
    """Where one author stands: `state` is 'current', 'missing' or 'outdated'."""

    id: str
    name: str  # consented public name
    state: str
    latest: SignOff | None = None
    diff: str = ""  # for 'outdated': the Markdown diff of the sources since `latest.commit`


def source_paths(project: Project) -> list[Path]:
    """The files the hash reads: the chapters in order, then metadata.yaml."""
    return [*project.article_files, project.manuscript / "metadata.yaml"]


def source_hash(project: Project) -> str:
    """'sha256:<hex>' of the article's source text and byline (see the module's docstring)."""
    meta = project.metadata
    names = project.public_names(meta.lang)
    what = {"chapters": [_text(project, p) for p in project.article_files],
            "title": meta.title, "subtitle": meta.subtitle, "abstract": (meta.abstract or "").strip(),
            "byline": [names[p.id] for p in project.authors]}
    data = json.dumps(what, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return f"{HASH}:{hashlib.sha256(data).hexdigest()}"


def _text(project: Project, path: Path) -> str:
    """A chapter through the input gate (a clear error for a link elsewhere or bytes that are not
    UTF-8; the read recorded, so the credit page, which says whether each sign-off is of the text
    as it is now, is rebuilt when a chapter changes), line endings normalised: a Windows checkout
    of the same commit is the same text."""
    return gate.read_source(path, project.root, project.shown(path)).replace("\r\n", "\n")


def record_file(project: Project, cid: str) -> Path:
    return project.root / FOLDER / f"{cid}.yaml"


def load_signoffs(project: Project, cid: str) -> list[SignOff]:
    """The person's sign-offs, oldest first; [] when they have none."""
    path = record_file(project, cid)
    if not path.exists():
        return []
    shown = f"{FOLDER}/{cid}.yaml"
    return validate(SignOffFile, load_yaml(path, shown), shown).signoffs


def standings(project: Project) -> list[Standing]:
    """Each author, in byline order, with whether their latest sign-off is of the text now."""
    now = source_hash(project)
    names = project.public_names(project.metadata.lang)
    out = []
    for cid in (p.id for p in project.authors):  # the byline as published
        records = load_signoffs(project, cid)
        latest = records[-1] if records else None  # the file is append-only: the last is the latest
        if latest is None:
            out.append(Standing(cid, names[cid], "missing"))
        elif latest.source == now:
            out.append(Standing(cid, names[cid], "current", latest))
        else:
            out.append(Standing(cid, names[cid], "outdated", latest, changes_since(project, latest.commit)))
    return out


def changes_since(project: Project, commit: str) -> str:
    """The Markdown diff of the article's sources from `commit` to the work tree now, trimmed;
    '' when git has no such commit (the history was rewritten) or nothing in them changed."""
    import git

    try:
        repo = git.Repo(project.root, search_parent_directories=True)
        work = Path(repo.working_tree_dir).resolve()
        folder = project.manuscript.resolve().relative_to(work).as_posix()
        # a pattern, not today's files: a chapter deleted since is in the old commit only
        # words, not whole lines: a paragraph of Markdown is one line, and a co-author wants
        # to see the words that changed ([-old-]{+new+}), without the lines around them
        text = repo.git.diff(commit, "--no-color", "--word-diff=plain", "--unified=0", "--",
                             f"{folder}/metadata.yaml", f":(glob){folder}/[0-9][0-9]-*.md")
    except (git.exc.GitError, ValueError):
        return ""
    lines, old = [], ""
    for line in text.splitlines():
        if line.startswith("--- "):
            old = line[4:].removeprefix("a/")
        elif line.startswith("+++ "):
            lines.append(f"in {old} (removed since):" if line == "+++ /dev/null"
                         else "in " + line[4:].removeprefix("b/") + ":")
        elif not line.startswith(("diff --git", "index ", "@@", "new file", "deleted file")):
            lines.append(_around_changes(line))
    if len(lines) > DIFF_LINES:
        lines = lines[:DIFF_LINES] + [f"… and {len(lines) - DIFF_LINES} more lines "
                                      f"(git diff {commit[:7]} -- manuscript/ shows them all)"]
    return "\n".join(lines)


def _around_changes(line: str, keep: int = 80) -> str:
    """A long paragraph cut to the words around its changes."""
    starts = [i for i in (line.find("[-"), line.find("{+")) if i >= 0]
    ends = [i + 2 for i in (line.rfind("-]"), line.rfind("+}")) if i >= 0]
    if len(line) <= 3 * keep or not starts or not ends:
        return line
    start, end = max(0, min(starts) - keep), min(len(line), max(ends) + keep)
    return ("…" if start else "") + line[start:end] + ("…" if end < len(line) else "")


def new_entry(project: Project, commit: str, recorded_by: str | None, note: str | None,
              today: datetime.date) -> dict:
    """The YAML mapping of a new sign-off of the text now at `commit`."""
    entry: dict[str, Any] = {"date": today, "commit": commit, "source": source_hash(project)}
    if recorded_by:
        entry["recorded-by"] = recorded_by
    if note:
        entry["note"] = " ".join(note.split())
    SignOff.model_validate(entry)
    return entry


def known_author(project: Project, cid: str, role: str = "ID") -> None:
    """Refuse an id that is not a contributor, or (for the person signing off) not an author."""
    if cid not in project.contributors:
        raise CopressError(f"no contributor '{cid}'", "contributors/",
                           hint=f"{role} is a contributor id: the name of a file in contributors/ "
                                "without .yaml, e.g. " + ", ".join(sorted(project.contributors)[:3]))
    if role == "ID" and cid not in {p.id for p in project.authors}:
        raise CopressError(f"'{cid}' is not an author, so there is no byline for them to sign off",
                           "manuscript/metadata.yaml",
                           hint="sign-off is for the people in 'authors:'; add them there first if "
                                "they are to be an author")
