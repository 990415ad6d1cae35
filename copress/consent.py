"""Consent records: the dated `consent:` entries of a contributor file and what they say now —
the naming choice agreed, the editions that may show the name, and withdrawal.

A contributor file's `consent:` list is read into ConsentEntry models (contributors.py holds
the list); `state()` reads the list in date order, so a later entry overrides an earlier one.
`findings()` and `notices()` are what `copress check` and `copress build` say about it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .findings import Finding
from .textkit import join_and

# The functions below take a Contributor or a Project without importing them: both modules
# import this one, and models import no cycle, not even for type hints (tests/test_layers.py).

Naming = Literal["full", "initials", "pseudonym", "anonymous"]
NAMINGS = ("full", "initials", "pseudonym", "anonymous")

# The editions a consent entry may name in `editions:`: where a name can appear. `site` is the
# project's web site (copress site), which shows the other editions' pages.
EDITIONS = {"article": "the article (PDF, web page, Word, JATS)", "easy-read": "the easy-read edition",
            "guide": "the resource guide", "course": "the course", "credit": "the credit pages and files",
            "site": "the project web site"}

# How agreement was recorded. Said aloud needs the team member who wrote it down.
RECORDED = {"in-writing": "in writing (a signed form or letter)", "email": "by e-mail",
            "verbally": "verbally (in person or by phone), written down by a team member"}

WITHDRAWN = {"naming": "their name is no longer published: they are an anonymous acknowledgement",
             "project": "they are removed from every public output; their hours stay in the private "
                        "recognition record so they are still paid"}


class Agreed(BaseModel):
    """What a person agreed to, in one consent entry."""

    model_config = ConfigDict(extra="forbid")

    naming: Naming | None = None  # the naming choice agreed to
    credit: bool | list[str] = False  # yes: the roles in the file; or a list of roles
    editions: list[str] | None = None  # where the name may appear; absent: every edition
    quotes: bool = False  # their words may be quoted
    # a pseudonym may be used in deposit metadata (.zenodo.json, CITATION.cff): archives keep
    # those for good, so it is asked separately; absent: as the latest entry that said so
    deposits: bool | None = None

    @field_validator("naming", mode="before")
    @classmethod
    def _naming(cls, value: Any) -> Any:
        if value is not None and value not in NAMINGS:
            raise ValueError(f"'{value}' is not a naming choice; use one of: " + ", ".join(NAMINGS))
        return value

    @field_validator("credit", mode="before")
    @classmethod
    def _credit(cls, value: Any) -> Any:
        from .vocab.credit import ROLES, normalise_role

        if value is None or isinstance(value, bool):
            return bool(value)
        if not isinstance(value, list):
            raise ValueError("credit is yes (the roles in this file) or a list of CRediT roles")
        roles = []
        for text in value:
            slug = normalise_role(str(text))
            if slug is None:
                raise ValueError(f"'{text}' is not a CRediT role; known roles: " + ", ".join(ROLES))
            roles.append(slug)
        return roles

    @field_validator("editions", mode="before")
    @classmethod
    def _editions(cls, value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            raise ValueError("editions is a list, e.g. [article, credit]")
        unknown = [str(v) for v in value if v not in EDITIONS]
        if unknown:
            raise ValueError(f"unknown edition '{unknown[0]}'; editions are: " + ", ".join(EDITIONS))
        return value


class ConsentEntry(BaseModel):
    """One dated entry of `consent:`: an agreement (`agreed:`) or a withdrawal (`withdrawn:`),
    and how it was recorded."""

    # no populate_by_name: `recorded_by` is a misspelling to report, not a second spelling
    model_config = ConfigDict(extra="forbid")

    date: dt.date
    agreed: Agreed | None = None
    withdrawn: Literal["naming", "project"] | None = None
    recorded: Literal["in-writing", "email", "verbally"]
    recorded_by: str | None = Field(default=None, alias="recorded-by", min_length=1)
    note: str | None = None

    @field_validator("withdrawn", mode="before")
    @classmethod
    def _withdrawn(cls, value: Any) -> Any:
        if value is not None and value not in WITHDRAWN:
            raise ValueError(f"withdrawn is 'naming' (no longer named) or 'project' (no longer "
                             f"in the project), not '{value}'")
        return value

    @field_validator("recorded", mode="before")
    @classmethod
    def _recorded(cls, value: Any) -> Any:
        if value not in RECORDED:
            raise ValueError(f"recorded is how the agreement was recorded: one of "
                             f"{', '.join(RECORDED)}, not '{value}'")
        return value

    @model_validator(mode="after")
    def _one_kind(self) -> "ConsentEntry":
        if (self.agreed is None) == (self.withdrawn is None):
            raise ValueError("each consent entry has either 'agreed:' (what the person agreed to) or "
                             "'withdrawn: naming' / 'withdrawn: project', not both and not neither")
        if self.recorded == "verbally" and not self.recorded_by:
            raise ValueError("consent given verbally needs 'recorded-by:' with the contributor id of "
                             "the team member who wrote it down")
        return self


@dataclass(frozen=True)
class ConsentState:
    """What a person's consent entries say now, read in date order."""

    naming: str | None = None  # the naming choice of the latest agreement that gives one
    naming_entry: int | None = None  # its index in `consent:`
    editions: tuple[str, ...] | None = None  # where the name may appear; None: anywhere
    withdrawn_naming: dt.date | None = None
    withdrawn_project: dt.date | None = None
    deposits: bool = False  # a pseudonym may be used in deposit metadata
    # the CRediT roles they agreed to be credited with (agreed: {credit: [...]}); None: the roles
    # in their file (credit: yes, or never said)
    roles: tuple[str, ...] | None = None
    quotes: bool = False  # their words may be quoted (the latest entry that says either way)


def state(entries: list[ConsentEntry]) -> ConsentState:
    """The consent `entries` amount to, latest last (entries of one day in file order). A new
    agreement after a withdrawal gives consent again: a naming choice ends a naming withdrawal,
    any agreement ends a withdrawal from the project."""
    naming = naming_entry = editions = withdrawn_naming = withdrawn_project = roles = None
    deposits = quotes = False
    for index, entry in sorted(enumerate(entries), key=lambda item: (item[1].date, item[0])):
        if entry.withdrawn == "naming":
            withdrawn_naming = entry.date
        elif entry.withdrawn == "project":
            withdrawn_project = entry.date
        else:
            withdrawn_project = None
            if entry.agreed.naming is not None:
                naming, naming_entry, withdrawn_naming = entry.agreed.naming, index, None
            if entry.agreed.editions is not None:
                editions = tuple(entry.agreed.editions)
            if entry.agreed.deposits is not None:
                deposits = entry.agreed.deposits
            if entry.agreed.credit is True:
                roles = None
            elif isinstance(entry.agreed.credit, list):
                roles = tuple(entry.agreed.credit)
            if "quotes" in entry.agreed.model_fields_set:
                quotes = entry.agreed.quotes
    return ConsentState(naming, naming_entry, editions, withdrawn_naming, withdrawn_project, deposits,
                        roles, quotes)


def covers_naming(person) -> bool:
    """Whether the latest naming agreement is for the naming choice the file makes now."""
    return person.consent_state.naming == person.chosen_naming


def findings(project) -> list[Finding]:
    """`copress check`'s consent findings: a naming choice no consent entry covers (an error for
    anyone not named in full, a warning otherwise), names limited to some editions, and
    withdrawals. (An unknown `recorded-by` stops Project.load, as every unknown id does.)"""
    found = []
    for cid, person in sorted(project.contributors.items()):
        shown = f"contributors/{cid}.yaml"
        lines = project.contributor_lines.get(cid, {})
        current = person.consent_state
        if person.withdrawn_project is None and person.withdrawn_naming is None and not covers_naming(person):
            severity = "warning" if person.chosen_naming == "full" else "error"
            if current.naming is None:
                what = f"no consent entry covers the naming choice named: {person.chosen_naming}"
            else:
                what = (f"the latest consent entry covers named: {current.naming}, but the file "
                        f"says named: {person.chosen_naming}")
            found.append(Finding(
                "credit", "consent/naming-missing", severity, f"{cid}: {what}", shown,
                lines.get(("named",)) or lines.get(("consent",)) or lines.get(("kind",)),
                hint=f"ask {'them' if person.kind != 'group' else 'the group'} and record the answer under "
                     "consent: (date, agreed: {naming: ...}, recorded: in-writing, email or verbally); "
                     "docs/format.md shows an example"))
        if _limited(person):
            left_out = [EDITIONS[e] for e in EDITIONS if e not in current.editions]
            found.append(Finding(
                "credit", "consent/editions-limited", "info",
                f"{cid} agreed to be named only in: {', '.join(current.editions)}; "
                f"{join_and(left_out)} show{'s' if len(left_out) == 1 else ''} them as an anonymous "
                "acknowledgement", shown, lines.get(("consent",))))
        withheld = person.withheld_roles
        if withheld and person.withdrawn_project is None:
            found.append(Finding(
                "credit", "consent/credit-limited", "warning",
                f"{cid}: {join_and(withheld)} {'is' if len(withheld) == 1 else 'are'} recorded in "
                "the file but not among the roles they agreed to be credited with; every public "
                "output leaves them out", shown, lines.get(("credit",)) or lines.get(("consent",)),
                hint="ask them: record their answer under consent: (agreed: {credit: [...]} with "
                     "the roles they agree to), or take the roles out of credit:"))
        for note in _withdrawals(project, person):
            found.append(Finding("credit", "consent/withdrawn", "info", f"{cid}: {note}", shown,
                                 lines.get(("consent",))))
    return found


def _limited(person) -> bool:
    """Whether the person's consent names only some editions while their name is published:
    the others show them anonymously (Project.for_edition)."""
    editions = person.consent_state.editions
    return (editions is not None and set(editions) != set(EDITIONS) and person.named != "anonymous"
            and person.withdrawn_project is None)


def _withdrawals(project, person) -> list[str]:
    if person.withdrawn_project is not None:
        return [f"withdrew from the project on {person.withdrawn_project.isoformat()}: "
                + WITHDRAWN["project"]]
    if person.withdrawn_naming is not None:
        return [f"withdrew their name on {person.withdrawn_naming.isoformat()}: "
                f"{WITHDRAWN['naming']} (shown as '{project.public_names()[person.id]}')"]
    return []


def notices(project) -> list[str]:
    """What a build says about consent, as warnings that never stop it: each withdrawal, and
    each naming choice no consent entry covers. Only ids and public names: no hidden name.
    (A name limited to some editions is no warning: the build follows it; check says where.)"""
    said = []
    for cid, person in sorted(project.contributors.items()):
        shown = f"contributors/{cid}.yaml"
        line = project.contributor_lines.get(cid, {}).get(("consent",))
        where = f"{shown}:{line}" if line else shown
        for note in _withdrawals(project, person):
            said.append(f"{where}: {cid} {note}")
        if person.withdrawn_project is None and person.withdrawn_naming is None and not covers_naming(person) \
                and person.chosen_naming != "full":
            line = project.contributor_lines.get(cid, {}).get(("named",))
            said.append(f"{shown}{f':{line}' if line else ''}: no consent entry covers {cid}'s naming "
                        f"choice (named: {person.chosen_naming}); the build uses it, but record their "
                        "consent under consent: before publishing (copress check reports it as an error)")
    return said
