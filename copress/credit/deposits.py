"""Who the deposit metadata (CITATION.cff, .zenodo.json) names, and how: the consented byline,
read once here so that the two files always agree.

Deposit metadata is copied by archives and indexes far beyond the article, so it follows the
strictest reading of each person's choice: someone named in full appears with their ORCID iD and
affiliations; someone who chose initials appears by their initials; a pseudonym appears only when
the person agreed to it being used in deposits, otherwise they are described by role, like an
anonymous contributor ("Public contributor 2"). Nobody not named in full appears by name.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..contributors import ANONYMOUS_LABEL, Contributor
from ..project import Project


@dataclass(frozen=True)
class DepositPerson:
    """One person or group as deposit metadata shows them."""

    id: str
    naming: str  # full, initials, pseudonym or anonymous, as shown in deposits
    name: str  # the name or label shown
    group: bool  # a group named in full: an entity, not a person with given and family names
    orcid: str | None = None  # only for people named in full
    affiliations: tuple[str, ...] = ()  # only for people named in full

    @property
    def family_given(self) -> tuple[str, str]:
        """A full name split as deposits want it: ("Okafor", "Amina"); last word = family name."""
        parts = self.name.split()
        return (parts[-1], " ".join(parts[:-1])) if len(parts) > 1 else (self.name, "")


def pseudonym_in_deposits(person: Contributor) -> bool:
    """Whether this person agreed to their pseudonym being used in deposit metadata: a consent
    entry's `agreed: {deposits: yes}`. Without it the person is described by role instead."""
    return person.consent_state.deposits


def naming_in_deposits(person: Contributor) -> str:
    """How deposits show this person: as `named` says (withdrawal already applied there), less
    a pseudonym without consent for deposits, and less any name when their consent limits the
    editions that may show it and the credit files (where the deposit files are built) are not
    among them."""
    state = getattr(person, "consent_state", None)
    editions = getattr(state, "editions", None)
    if editions is not None and "credit" not in editions:
        return "anonymous"
    if person.named == "pseudonym" and not pseudonym_in_deposits(person):
        return "anonymous"
    return person.named


def deposit_people(project: Project) -> tuple[list[DepositPerson], list[DepositPerson]]:
    """(authors in byline order, acknowledged non-authors in id order) as deposits show them.
    People described by role are numbered by kind when there are several, over both lists."""
    authors = project.authors
    others = [p for p in project.others if p.acknowledge]
    everyone = authors + others
    unnamed: dict[str, list[str]] = {}
    for person in everyone:
        if naming_in_deposits(person) == "anonymous":
            unnamed.setdefault(person.kind, []).append(person.id)

    def shown(person: Contributor) -> DepositPerson:
        naming = naming_in_deposits(person)
        if naming == "anonymous":
            group = unnamed[person.kind]
            label = ANONYMOUS_LABEL[person.kind] + (f" {group.index(person.id) + 1}" if len(group) > 1 else "")
            return DepositPerson(person.id, naming, label, group=False)
        if naming == "full":
            return DepositPerson(person.id, naming, person.name, group=person.kind == "group",
                                 orcid=person.orcid, affiliations=tuple(person.affiliations))
        # initials are joined by no-break spaces in the article; plain spaces in metadata
        return DepositPerson(person.id, naming, person.public_name().replace("\u00a0", " "), group=False)

    return [shown(p) for p in authors], [shown(p) for p in others]
