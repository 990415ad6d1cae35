"""Machine-readable ledger (public: ledger.json) and the private recognition record (CSV)."""

from __future__ import annotations

import csv
import io
import json

from .ledger import Ledger


def ledger_json(ledger: Ledger) -> str:
    """Public data only: consented names, neutral ids for anyone not named in full, counts, stages."""
    project = ledger.project
    names, ids = project.public_names(), project.public_ids()
    authors = {p.id for p in project.authors}
    people = []
    for entry in ledger.ordered():
        person = entry.contributor
        people.append({
            "id": ids[person.id],
            "name": names[person.id],
            "kind": person.kind,
            "author": person.id in authors,
            "roles": [{"role": c.role, "name": c.name, "degree": c.degree} for c in person.credit],
            "commits": entry.commits,
            "lines_added": entry.lines_added,
            "lines_removed": entry.lines_removed,
            "hours": entry.hours,
            "stages": entry.stages,
            "first": entry.first.isoformat() if entry.first else None,
            "last": entry.last.isoformat() if entry.last else None,
        })
    data = {"format": "copress-ledger/1", "title": project.metadata.title, "commit": ledger.head,
            "contributors": people, "unmapped_commits": sum(u.commits for u in ledger.unmapped)}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def recognition_csv(ledger: Ledger) -> str:
    """PRIVATE: per public contributor, hours outside git and the payment due at the project's rate
    — those who withdrew from the project included: they are still paid for their work."""
    payment = ledger.project.config.payment
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "name", "hours", "per_hour", "currency", "due", "commits_credited"])
    for entry in ledger.everyone():
        person = entry.contributor
        if person.kind != "public":
            continue
        hours = entry.hours
        if payment:
            writer.writerow([person.id, person.private_name, f"{hours:g}", f"{payment.per_hour:.2f}",
                             payment.currency, f"{hours * payment.per_hour:.2f}", entry.commits])
        else:
            writer.writerow([person.id, person.private_name, f"{hours:g}", "", "", "", entry.commits])
    return out.getvalue()
