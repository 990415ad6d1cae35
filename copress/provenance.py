"""Which commit a build comes from: for the stamp on outputs and for reproducible dates.

Each edition is stamped with its own sources (copress/targets.py, SOURCES): the last commit that
touched them and whether they have uncommitted changes, so that editing a chapter leaves the
guide's bytes alone. Git is read once for every edition (`read_editions`): one `git status` and
one `git log` walk that stops as soon as every edition has found its commit.
"""

from __future__ import annotations

import codecs
import datetime as dt
import fnmatch
import os
import subprocess
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from .targets import HISTORY, SOURCES


@dataclass(frozen=True)
class Provenance:
    commit: str | None  # full hash, None outside git
    epoch: int          # SOURCE_DATE_EPOCH if set, else the commit time, else 0
    dirty: bool

    @property
    def short(self) -> str | None:
        return self.commit[:7] if self.commit else None

    @property
    def date(self) -> str:
        return dt.datetime.fromtimestamp(self.epoch, dt.timezone.utc).date().isoformat()

    def stamp(self, lang: str = "en-GB") -> str:
        """The stamp's words in `lang` (the edition's language); the date stays ISO 8601."""
        from .messages import messages

        words = messages(lang)
        if self.commit is None:
            return words.text("common.built-uncommitted", date=self.date)
        text = words.text("common.built-from-commit", commit=self.short, date=self.date)
        return text + words.text("common.built-with-changes" if self.dirty else "common.built-from-commit-end")


def in_scope(path: str, scope: tuple[str, ...]) -> bool:
    """Whether `path` (relative to the project, with /) is among `scope`'s paths: a file, a
    folder ending in /, a glob, "" for everything; "-path" leaves a path out; later entries win."""
    hit = False
    for entry in scope:
        keep = not entry.startswith("-")
        entry = entry.lstrip("-")
        if entry in ("", path) or (entry.endswith("/") and path.startswith(entry)) or \
                ("*" in entry and fnmatch.fnmatchcase(path, entry)):
            hit = keep
    return hit


def _epoch(commit_time: int | None) -> int:
    env_epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if env_epoch and env_epoch.isdigit():
        return int(env_epoch)
    return commit_time or 0


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", "-C", str(root), "-c", "core.quotepath=off", *args],
                              capture_output=True, text=True, encoding="utf-8", errors="replace")
    except OSError:  # no git here
        return None
    return done.stdout if done.returncode == 0 else None


def _unquote(name: str) -> str:
    """git quotes names with unusual characters ("a\\tb"), even with core.quotepath off."""
    if len(name) > 1 and name.startswith('"') and name.endswith('"'):
        return codecs.escape_decode(name[1:-1].encode("utf-8"))[0].decode("utf-8", "replace")
    return name


def read_editions(root: Path, scopes: dict[str, tuple[str, ...]] = SOURCES,
                  history: frozenset[str] | set[str] = HISTORY) -> dict[str, Provenance]:
    """Every edition's provenance, reading git once for all of them. Those in `history` are
    made from the whole history: stamped with HEAD."""
    root = Path(root)
    head = _git(root, "rev-parse", "--show-prefix", "HEAD")
    if head is None:  # not a repository, or no commit yet: build anyway
        return {name: Provenance(None, _epoch(None), False) for name in scopes}
    prefix, head_sha = (head.split("\n") + ["", ""])[:2]
    prefix = prefix.strip()
    # Uncommitted changes to tracked files (untracked files are not counted, as before).
    status = _git(root, "status", "--porcelain", "-z", "--untracked-files=no", "--no-renames", "--", ".") or ""
    changed = [entry[3:].removeprefix(prefix) for entry in status.split("\0") if len(entry) > 3]
    found: dict[str, tuple[str, int]] = {}
    head_time = None
    wanted = {name for name in scopes if name not in history}
    # Newest first; merges list no files and are passed over. The walk stops once every
    # edition has found the last commit that touched its sources.
    process = subprocess.Popen(
        ["git", "-C", str(root), "-c", "core.quotepath=off", "log", "--format=\x1e%H %ct",
         "--name-only", "--no-renames", "--relative", "--", "."],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, encoding="utf-8", errors="replace")
    try:
        commit: tuple[str, int] | None = None
        assert process.stdout is not None
        for line in process.stdout:
            line = line.rstrip("\n")
            if line.startswith("\x1e"):
                sha, _, when = line[1:].partition(" ")
                commit = (sha, int(when))
                if head_time is None and sha == head_sha:
                    head_time = commit[1]
                if not wanted - set(found):
                    break
            elif line and commit is not None:
                name = _unquote(line)
                for edition in wanted - set(found):
                    if in_scope(name, scopes[edition]):
                        found[edition] = commit
    finally:
        process.kill()
        process.wait()
    if head_time is None:
        head_time = int((_git(root, "show", "-s", "--format=%ct", "HEAD") or "0").strip() or 0)
    result = {}
    for name, scope in scopes.items():
        dirty = any(in_scope(path, scope) for path in changed)
        if name in history:
            result[name] = Provenance(head_sha, _epoch(head_time), dirty)
        elif name in found:
            result[name] = Provenance(found[name][0], _epoch(found[name][1]), dirty)
        else:  # its sources were never committed
            result[name] = Provenance(None, _epoch(None), dirty)
    return result


# Set by the build around each edition (copress/build.py): (project root, every edition's
# provenance, the edition being built). A module global rather than a context variable because
# editions work in threads too; one build runs at a time in a process.
_active: tuple[Path, dict[str, Provenance], str] | None = None


@contextmanager
def stamping(root: Path, editions: dict[str, Provenance], edition: str) -> Iterator[None]:
    """While an edition builds, `read_provenance` answers with that edition's provenance."""
    global _active
    before, _active = _active, (Path(root).resolve(), editions, edition)
    try:
        yield
    finally:
        _active = before


def read_provenance(root: Path, edition: str | None = None) -> Provenance:
    """The provenance of `edition` (default: the one being built) of the project at `root`;
    outside a build, that of the whole project folder."""
    if _active is not None and _active[0] == Path(root).resolve():
        return _active[1][edition or _active[2]]
    if edition is not None:
        return read_editions(root, {edition: SOURCES[edition]})[edition]
    return read_editions(root, {"project": ("",)}, {"project"})["project"]
