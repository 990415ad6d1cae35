"""Contributors and credit: roles, contact, uncredited committers, involvement that went unrecorded."""

from __future__ import annotations

from ..credit.ledger import Ledger
from ..findings import Finding
from .model import Check, Context, Rule


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


def run(context: Context) -> list[Finding]:
    from ..credit.ledger import build_ledger

    return check_credit(build_ledger(context.project, context.out / "private" / "cache"))


CHECK = Check(
    "credit", "credit", "the contributors and credit check",
    rules=(
        Rule("credit/no-roles", "error", "an author has no CRediT roles",
             "the Authors' contributions statement cannot say what they did",
             "add credit: with at least one role to their contributor file"),
        Rule("credit/no-corresponding", "warning", "no author is the corresponding author",
             "journals need one person readers and editors can contact",
             "set corresponding: true and a public email: for one author"),
        Rule("credit/unmapped-identity", "warning", "commits by a git identity that no contributor claims",
             "their work is credited to nobody in the ledger",
             "add the address to that person's git: list (in the side file if they are not named in full)"),
        Rule("credit/no-involvement", "warning", "a public contributor has no involvement recorded",
             "work done outside git (workshops, reading, calls) goes uncredited and unpaid",
             "record it under involvement: in their contributor file"),
    ),
    run=run, reads=lambda chosen: set())
