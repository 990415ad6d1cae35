"""The Ledger: per contributor, commits and lines from git and hours from involvement entries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..contributors import Contributor
from ..project import Project
from .history import load_tally

@dataclass
class Event:
    """One dated contribution: a commit or an involvement entry."""

    date: dt.date
    stage: str
    source: str  # "git" or "involvement"
    hours: float = 0.0
    activity: str = ""


@dataclass
class Entry:
    """Everything the ledger knows about one contributor."""

    contributor: Contributor
    commits: int = 0
    lines_added: int = 0
    lines_removed: int = 0
    files: set[str] = field(default_factory=set)
    sections: set[str] = field(default_factory=set)
    events: list[Event] = field(default_factory=list)

    @property
    def hours(self) -> float:
        return sum(e.hours for e in self.events if e.source == "involvement")

    @property
    def stages(self) -> list[str]:
        return sorted({e.stage for e in self.events})

    @property
    def first(self) -> dt.date | None:
        return min((e.date for e in self.events), default=None)

    @property
    def last(self) -> dt.date | None:
        return max((e.date for e in self.events), default=None)


@dataclass
class Unmapped:
    """A git identity that maps to no contributor: someone did work and is not credited."""

    name: str
    email: str
    commits: int


@dataclass
class Ledger:
    project: Project
    entries: dict[str, Entry]  # contributor id → entry, byline order first
    unmapped: list[Unmapped]
    head: str | None

    def ordered(self) -> list[Entry]:
        """The entries of everyone who may be published (byline order first): not those who
        withdrew from the project."""
        return [e for e in self.entries.values() if e.contributor.withdrawn_project is None]

    def everyone(self) -> list[Entry]:
        """PRIVATE: every entry, those who withdrew from the project last (still paid)."""
        return list(self.entries.values())


def build_ledger(project: Project, cache_dir: Path | None = None, sections: bool = True) -> Ledger:
    """The ledger of `project`. The history cache holds commit e-mail addresses, so it belongs in
    the output folder's private/ part (default: build/private/cache)."""
    cache_dir = cache_dir or project.root / "build" / "private" / "cache"
    groups, head = load_tally(project.root, cache_dir, sections, project.config.stage_paths)
    # those who withdrew from the project too: their commits are theirs, and they are paid
    people = project.authors + project.others + project.withdrawn
    entries = {p.id: Entry(p) for p in people}
    by_email = {addr.strip().lower(): p.id for p in people for addr in p.git}
    unmapped: dict[str, Unmapped] = {}
    for idents, group in groups.items():
        credited = []
        for email in idents:
            cid = by_email.get(email)
            if cid is None:
                seen = unmapped.setdefault(email, Unmapped(group.names.get(email, ""), email, 0))
                seen.commits += group.commits
            elif cid not in credited:
                credited.append(cid)
        for cid in credited:  # a co-authored commit counts in full for each person credited
            entry = entries[cid]
            entry.commits += group.commits
            entry.lines_added += group.added
            entry.lines_removed += group.removed
            entry.files.update(group.files)
            entry.sections.update(group.sections)
            for key, count in group.days.items():
                day, stage = key.split("|", 1)
                entry.events.extend(Event(dt.date.fromisoformat(day), stage, "git") for _ in range(count))
    for person in people:
        for item in person.involvement:
            entries[person.id].events.append(Event(item.date, item.stage, "involvement", item.hours,
                                                   item.activity))
    for entry in entries.values():
        entry.events.sort(key=lambda e: (e.date, e.source))
    return Ledger(project, entries, sorted(unmapped.values(), key=lambda u: (-u.commits, u.email)), head)
