""".zenodo.json: the metadata Zenodo's GitHub integration reads when it archives a release —
Zenodo's legacy deposit metadata, written from the same people as CITATION.cff (deposits.py)."""

from __future__ import annotations

import json

from ..project import Project
from .deposits import DepositPerson, deposit_people

# Zenodo's legacy deposit vocabulary for a contributor's `type` (developers.zenodo.org,
# "Deposit metadata": contributors), and the one copress gives to an acknowledged non-author of
# each kind. A public contributor or practitioner in a co-produced project is a member of it.
CONTRIBUTOR_TYPES = ("ContactPerson", "DataCollector", "DataCurator", "DataManager", "Distributor",
                     "Editor", "HostingInstitution", "Producer", "ProjectLeader", "ProjectManager",
                     "ProjectMember", "RegistrationAgency", "RegistrationAuthority", "RelatedPerson",
                     "Researcher", "ResearchGroup", "RightsHolder", "Supervisor", "Sponsor",
                     "WorkPackageLeader", "Other")
TYPE_OF_KIND = {"public": "ProjectMember", "researcher": "Researcher", "practitioner": "ProjectMember",
                "group": "Other", "other": "Other"}
# Zenodo names languages by ISO 639-3 code; the article's language tag starts with ISO 639-1.
LANGUAGES = {"en": "eng", "cy": "cym"}
MADE_BY = "Made by copress"


def _person(person: DepositPerson) -> dict:
    """Zenodo's `name` is "Family name, Given names" for a person named in full; a group, a set
    of initials or a description by role is written as it is shown."""
    if person.naming == "full" and not person.group:
        family, given = person.family_given
        entry = {"name": f"{family}, {given}" if given else family}
    else:
        entry = {"name": person.name}
    if person.naming == "full":
        if person.affiliations:
            entry["affiliation"] = "; ".join(person.affiliations)
        if person.orcid:
            entry["orcid"] = person.orcid
    return entry


def zenodo_json(project: Project, commit: str | None, date: str | None) -> str:
    metadata = project.metadata
    authors, others = deposit_people(project)
    kinds = {person.id: project.contributors[person.id].kind for person in others}
    data: dict = {
        "upload_type": "publication",
        "publication_type": "article",
        "title": metadata.title,
        # Zenodo requires a description: the abstract as plain text (one paragraph per line)
        "description": "\n".join(" ".join(line.split()) for line in
                                 (metadata.abstract or metadata.subtitle or metadata.title).strip().splitlines()),
        "creators": [_person(person) for person in authors],
    }
    if others:
        data["contributors"] = [{**_person(person), "type": TYPE_OF_KIND[kinds[person.id]]} for person in others]
    if metadata.license:
        # Zenodo's licence ids are the SPDX identifiers in lower case
        data["access_right"] = "open"
        data["license"] = metadata.license.lower()
    if metadata.keywords:
        data["keywords"] = list(metadata.keywords)
    language = LANGUAGES.get(metadata.lang.split("-")[0].lower())
    if language:
        data["language"] = language
    if metadata.doi:
        data["related_identifiers"] = [{"identifier": metadata.doi, "relation": "isIdenticalTo",
                                        "resource_type": "publication-article", "scheme": "doi"}]
    if date:
        data["publication_date"] = date
    # also how `copress deposit` knows a .zenodo.json as one copress wrote
    data["notes"] = MADE_BY + (f" from commit {commit}." if commit else ".")
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
