"""Kept versions follow each person's current consent: a version of the site that shows someone
in a way they no longer agree to is withdrawn when `copress site` runs (issue 19, item 1).

Two ways to tell, both used on every kept version:
- its record: `versions.json` keeps, per version, how each contributor was shown — the naming
  choice in force and a hash of the public name, keyed by a hash of the contributor id (salted
  with the version's commit, so the public site never holds a name list in clear). This works
  even when today's files no longer hold the former name (a pseudonym since changed, a real
  name only in a side file CI does not have).
- its text: every file of the version (HTML, PDF text, Word, XML) is searched, as the privacy
  scan searches (copress/checks/privacy.py), for the names today's files say must no longer
  appear: a former public name, a real name, an id. Versions made before records were kept
  have only this.

Rebuilding an old version from its commit with today's contributor files is not done: a
version is what its commit built (docs/site.md); the corrected work is published as a new
version by committing and running `copress site` again.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Callable

from ..checks.privacy import Search, Secret, normal
from .versions import Version, Withdrawal, today

# The reason shown on the public versions page: it names no one.
REASON = "withdrawn because a contributor changed how they agreed to be named"

# How much of a person a naming choice shows; a kept version showing more than the person's
# naming in force now shows them against their wish. A withdrawal from the project is 0: even
# being counted as an anonymous contributor is more than they agree to now.
RANK = {"full": 3, "initials": 2, "pseudonym": 2, "anonymous": 1}
# Values shorter than this would match ordinary words and identify nobody.
MIN_VALUE = 4


def _hash(salt: str, value: str) -> str:
    return hashlib.sha256(f"{salt}\0{normal(value)}".encode("utf-8")).hexdigest()[:32]


def record(project, commit: str) -> dict[str, dict[str, str]]:
    """How the version built from `commit` shows each contributor: hash of id → the naming in
    force and a hash of the public name. Someone withdrawn from the project is not shown."""
    shown = {}
    for cid, person in sorted(project.contributors.items()):
        if person.withdrawn_project is None:
            shown[_hash(commit, cid)] = {"named": person.named, "name": _hash(commit, person.public_name())}
    return shown


def _rank_now(person) -> int:
    return 0 if person.withdrawn_project is not None else RANK[person.named]


def _by_record(project, version: Version) -> list[str]:
    """The ids of people the version's record shows against their consent now."""
    found = []
    for cid, person in sorted(project.contributors.items()):
        then = version.shown.get(_hash(version.commit, cid))
        if then is None:
            continue
        now = _rank_now(person)
        if RANK[then["named"]] > now:
            found.append(cid)
        elif now == 2 and then["named"] != "anonymous" and \
                then["name"] != _hash(version.commit, person.public_name()):
            # initials or a pseudonym, but another one than today's: the old one is a former name
            found.append(cid)
    return found


def former_names(project) -> list[Secret]:
    """What must no longer appear in any kept version, from today's contributor files: the real
    name and id of anyone not named in full now, a pseudonym or initials no longer in force,
    and every name of anyone who withdrew from the project."""
    found = []
    for cid, person in sorted(project.contributors.items()):
        now = _rank_now(person)
        if now == 3:
            continue
        current = normal(person.public_name()) if now >= 2 else None
        candidates = [(person.name, "name"), (person.record_name, "record-name"), (cid, "contributor id"),
                      (person.pseudonym, "pseudonym")]
        if person.chosen_naming == "initials" or person.initials_:
            candidates.append((person.initials() if (person.name or person.initials_) else None, "initials"))
        for value, field in candidates:
            if value and len(normal(value)) >= MIN_VALUE and normal(value) != current:
                found.append(Secret(value, f"{cid}: {field}"))
    return found


def _by_text(search: Search, folder: Path) -> list[str]:
    """The ids whose former names appear in a kept version's files."""
    from ..checks.contents import read_contents

    found: set[str] = set()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        contents = read_contents(path.read_bytes())
        found |= {s.where.split(":")[0] for s in search.found(contents)}
    return sorted(found)


def follow_consent(project, versions: dict[str, Version], folders: dict[str, Path], current: Version,
                   notice: Callable[[str, str], None]) -> list[str]:
    """Withdraw every kept version that shows someone against their current consent; return the
    ids of the versions withdrawn. The terminal is told which contributor (by id: it is the
    team's); the public versions page says only REASON."""
    search = Search(former_names(project))
    withdrawn = []
    for version in versions.values():
        if version is current or version.withdrawn is not None:
            continue
        people = set(_by_record(project, version) if version.shown else ())
        if version.id in folders and search.words:
            people |= set(_by_text(search, folders[version.id]))
        if people:
            version.withdrawn = Withdrawal(today(), REASON)
            withdrawn.append(version.id)
            notice("warning", f"version {version.id} withdrawn: it shows {', '.join(sorted(people))} in a "
                              "way they no longer agree to (their consent in contributors/). The versions "
                              "page says only that a contributor changed how they agreed to be named.")
    return withdrawn
