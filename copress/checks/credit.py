"""Contributors and credit: roles, contact, uncredited committers, involvement that went unrecorded."""

from __future__ import annotations

from ..credit.ledger import Ledger
from .findings import Finding


def check_credit(ledger: Ledger) -> list[Finding]:
    project = ledger.project
    findings = []
    for person in project.authors:
        if not person.credit:
            findings.append(Finding("credit", "credit/no-roles", "error",
                                    f"author {person.id} has no CRediT roles", f"contributors/{person.id}.yaml",
                                    hint="add credit: with at least one role, e.g. writing-review-editing"))
    if not any(p.corresponding for p in project.authors):
        findings.append(Finding("credit", "credit/no-corresponding", "warning",
                                "no author is the corresponding author", "contributors/",
                                hint="set corresponding: true and a public email: for one author"))
    for unmapped in ledger.unmapped:
        findings.append(Finding("credit", "credit/unmapped-identity", "warning",
                                f"{unmapped.commits} commit(s) by '{unmapped.name} <{unmapped.email}>' are "
                                "credited to nobody", "contributors/",
                                hint="add the address to that person's git: list (this report is private; "
                                     "it is never written into the outputs)"))
    for entry in ledger.ordered():
        person = entry.contributor
        if person.kind == "public" and not person.involvement:
            findings.append(Finding("credit", "credit/no-involvement", "warning",
                                    f"public contributor {person.id} has no involvement recorded",
                                    f"contributors/{person.id}.yaml",
                                    hint="record workshops, reading and calls under involvement: so their "
                                         "work is credited and paid"))
    return findings
