"""The site's versions: `versions.json`, a previous site read as hostile input, and what changed.

A previous site comes from wherever CI restored it (a checkout of a gh-pages branch, an
artifact), so it is read like any other input: a version folder is named by its short commit
and holds regular files only (no links, no hidden files, no private/ folder), each under a cap.
Anything else stops the command with the file named. `versions.json` keeps each version's
date, summary and withdrawal, so a rebuild reads no old page, and how it showed each
contributor (hashed: site/consent.py), so it can be withdrawn when their consent changes.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..consent import NAMINGS
from ..errors import CopressError
from ..gate import MAX_TEXT, read_text

FORMAT = "copress-site/1"
VERSION_ID = re.compile(r"[0-9a-f]{7,12}\Z")
# A version holds the editions of one commit: PDFs with pictures run to tens of megabytes,
# never to hundreds, and a course to hundreds of files, never to thousands.
MAX_FILE = 200 * 1024 * 1024
MAX_FILES = 5000
MAX_REASON = 300
# What the versions page lists of a version's changes; the rest is counted.
MAX_CHANGES = 20

_TRY = "restore the previous site as the last `copress site` wrote it, or remove the file"


@dataclass(frozen=True)
class Withdrawal:
    on: str      # YYYY-MM-DD
    reason: str


@dataclass
class Version:
    """One version of the site: a commit's editions, kept under v/<id>/ unless withdrawn."""

    id: str                  # the short commit: the folder's name
    commit: str              # the full commit, or the id when git does not know it
    date: str                # the commit's date, YYYY-MM-DD ("" when unknown)
    time: int                # the commit's time in seconds: versions are ordered by it
    summary: list[str] = field(default_factory=list)  # subjects of commits to the manuscript
    more: int = 0            # how many more changes there were than the summary lists
    withdrawn: Withdrawal | None = None
    # How the version shows each contributor, as hashes (site/consent.py): hash of id →
    # {"named": naming in force, "name": hash of public name}. None: not recorded (older sites).
    shown: dict[str, dict[str, str]] | None = None

    def as_dict(self) -> dict:
        return asdict(self)

    def matches(self, commit: str) -> bool:
        """Whether `commit` (short or full) names this version."""
        commit = commit.lower()
        return commit.startswith(self.id) or self.commit.startswith(commit)


def newest_first(versions: list[Version]) -> list[Version]:
    return sorted(versions, key=lambda v: (v.time, v.id), reverse=True)


def write_json(versions: list[Version]) -> str:
    data = {"format": FORMAT, "versions": [v.as_dict() for v in newest_first(versions)]}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# ------------------------------------------------------------------------ a previous site

@dataclass
class Previous:
    """What a previous site holds: its versions, and each kept version's folder."""

    versions: dict[str, Version] = field(default_factory=dict)
    folders: dict[str, Path] = field(default_factory=dict)


def read_previous(folder: Path) -> Previous:
    """The versions of the site in `folder`; CopressError (naming the file) on anything that a
    site copress wrote would not hold."""
    if folder.is_symlink() or not folder.is_dir():
        raise CopressError("is not a folder holding a previous site", str(folder),
                           hint="give --previous the folder where CI restored the last site")
    previous = Previous()
    listed = _read_json(folder / "versions.json")
    versions = folder / "v"
    if versions.is_symlink() or (versions.exists() and not versions.is_dir()):
        raise CopressError("is not a folder of versions", str(versions), hint=_TRY)
    for entry in sorted(versions.iterdir()) if versions.is_dir() else ():
        if entry.is_symlink() or not entry.is_dir() or not VERSION_ID.match(entry.name):
            raise CopressError("is not a version folder: each is a folder named by its short "
                               "commit (7 to 12 of 0–9 and a–f)", str(entry), hint=_TRY)
        _check_files(entry)
        previous.folders[entry.name] = entry
        previous.versions[entry.name] = listed.get(entry.name) or Version(entry.name, entry.name, "", 0)
    for version in listed.values():  # withdrawn versions have no folder, and stay listed
        if version.withdrawn is not None:
            previous.versions[version.id] = version
            previous.folders.pop(version.id, None)
    return previous


def _check_files(version: Path) -> None:
    count = 0
    for folder, subfolders, files in os.walk(version):
        here = Path(folder)
        for name in [*subfolders, *files]:
            path = here / name
            shown = str(path)
            if name.startswith("."):
                raise CopressError("is a hidden file, which a site never holds", shown, hint=_TRY)
            if here == version and name == "private":
                raise CopressError("is a private folder, which a site never holds", shown, hint=_TRY)
            if path.is_symlink():
                raise CopressError("is a link, which a site never holds (it could point anywhere)",
                                   shown, hint=_TRY)
            if name in files:
                if not path.is_file():
                    raise CopressError("is not a regular file", shown, hint=_TRY)
                if path.stat().st_size > MAX_FILE:
                    raise CopressError(f"is too large (the limit is {MAX_FILE // (1024 * 1024)} MB)",
                                       shown, hint=_TRY)
                count += 1
        if count > MAX_FILES:
            raise CopressError(f"holds more than {MAX_FILES} files", str(version), hint=_TRY)


def _read_json(path: Path) -> dict[str, Version]:
    """The versions listed in a previous site's versions.json (none if it has none)."""
    if not path.exists() and not path.is_symlink():
        return {}
    shown = str(path)
    if path.is_symlink():
        raise CopressError("is a link, which a site never holds", shown, hint=_TRY)
    try:
        data = json.loads(read_text(path, shown, MAX_TEXT))
        if data.get("format") != FORMAT:
            raise ValueError(f"its format is not {FORMAT}")
        versions = [_version(item) for item in data["versions"]]
    except (ValueError, KeyError, TypeError, AttributeError) as err:
        raise CopressError(f"is not a versions list copress wrote ({err})", shown, hint=_TRY) from None
    return {v.id: v for v in versions}


def _version(item: dict) -> Version:
    if not isinstance(item.get("id"), str) or not VERSION_ID.match(item["id"]):
        raise ValueError(f"a version id is not a short commit: {str(item.get('id'))[:20]!r}")
    gone = item.get("withdrawn")
    withdrawn = Withdrawal(str(gone["on"]), str(gone["reason"])[:MAX_REASON]) if gone else None
    summary = item.get("summary") or []
    if not isinstance(summary, list):
        raise ValueError("a summary is not a list")
    return Version(item["id"], str(item.get("commit") or item["id"]), str(item.get("date") or ""),
                   int(item.get("time") or 0), [str(s) for s in summary][:MAX_CHANGES],
                   int(item.get("more") or 0), withdrawn, _shown(item.get("shown")))


HASH = re.compile(r"[0-9a-f]{32}\Z")
MAX_SHOWN = 1000  # contributors of one version: a project has dozens


def _shown(value) -> dict[str, dict[str, str]] | None:
    """A version's record of how it showed each contributor: hashes and naming choices only."""
    if value is None:
        return None
    if not isinstance(value, dict) or len(value) > MAX_SHOWN:
        raise ValueError("a version's 'shown' is not a record of contributors")
    shown = {}
    for key, item in value.items():
        if not (isinstance(key, str) and HASH.match(key) and isinstance(item, dict)
                and item.get("named") in NAMINGS and isinstance(item.get("name"), str)
                and HASH.match(item["name"])):
            raise ValueError("a version's 'shown' holds something other than hashes and naming choices")
        shown[key] = {"named": item["named"], "name": item["name"]}
    return shown


# ------------------------------------------------------------------------------ from git

def from_git(repo, commit, since: list[Version], manuscript: str = "manuscript") -> Version:
    """The version for `commit` (a gitpython commit), its summary the subjects of the commits
    that touched `manuscript` (the folder, relative to the repository) since the newest of
    `since` that git knows (one `git log`)."""
    short = repo.git.rev_parse("--short=7", commit.hexsha)[:12]
    base = next((v for v in newest_first(since) if v.time <= commit.committed_date
                 and _known(repo, v.commit)), None)
    span = f"{base.commit}..{commit.hexsha}" if base else commit.hexsha
    subjects = [c.summary for c in repo.iter_commits(span, paths=manuscript)]
    return Version(short, commit.hexsha, _date(commit.committed_date), commit.committed_date,
                   subjects[:MAX_CHANGES], max(0, len(subjects) - MAX_CHANGES))


def fill_from_git(repo, version: Version) -> None:
    """A kept version's commit, date and time from git, when its site did not record them."""
    if version.date or not _known(repo, version.commit):
        return
    commit = repo.commit(version.commit)
    version.commit, version.date, version.time = commit.hexsha, _date(commit.committed_date), commit.committed_date


def _known(repo, commit: str) -> bool:
    try:
        repo.commit(commit)
        return True
    except Exception:  # not in this clone (CI checks out one commit), or not a commit at all
        return False


def _date(epoch: int) -> str:
    return dt.datetime.fromtimestamp(epoch, dt.timezone.utc).date().isoformat()


def today() -> str:
    return dt.datetime.now(dt.timezone.utc).date().isoformat()
