"""Every check `copress check` runs, in report order: the one place that knows them all.

Adding a check is writing its module (its rules, `run(context)` and a `CHECK`) and adding it to
CHECKS below; docs/check.md's rule table must list its rules (tests/test_docs_rules.py says so).
"""

from __future__ import annotations

from . import (consent, credit, docx, html_axe, html_vnu, jats4r, journal, links, pdf_ua_check,
               plain_summary, privacy, side_files, signoff, verapdf)
from .history import RULES as HISTORY_KINDS
from .model import Check, Rule

# The checks, in the order their findings are reported within an area.
CHECKS: dict[str, Check] = {check.id: check for check in (
    journal.CHECK,
    plain_summary.CHECK,
    pdf_ua_check.CHECK,
    verapdf.CHECK,
    docx.CHECK,
    jats4r.CHECK,
    links.CHECK,
    html_axe.CHECK,
    html_vnu.CHECK,
    side_files.CHECK,
    privacy.CHECK,
    credit.CHECK,
    consent.CHECK,
    signoff.CHECK,
)}

# What `copress check` itself reports, before any check runs.
GATE_RULES = (
    Rule("sources/invalid", "error", "a project file does not load or validate (area sources)",
         "nothing can be built or checked from a project copress cannot read",
         "the message names the file and line; fix it as the hint says"),
    Rule("build/failed", "error", "an output the chosen areas read could not be built (area build)",
         "checks read outputs: without them there is nothing to check",
         "run copress build to see the whole error, fix it, and check again"),
)

_HISTORY = {"private": "a contributor's private: value", "name": "the real name of someone not named in full",
            "git": "a real commit address of someone not named in full",
            "id": "an id (contributor file name) that gives away someone not named in full"}
# `copress check --history` (history.py): all errors, in area history.
HISTORY_RULES = tuple(
    Rule(rule_id, "error", f"{_HISTORY[kind]} is in the git history",
         "every commit is published with the repository", "rewrite the history or publish a fresh "
         "repository (the hint and docs/check.md say how)") for kind, rule_id in HISTORY_KINDS.items())

# Areas `--only` selects, in report order: `sources` (loading the project) and each check's.
AREAS = ("sources", *dict.fromkeys(check.area for check in CHECKS.values()))


def all_rules() -> list[Rule]:
    """Every rule copress check can report: the gate's, each check's, the history audit's."""
    return [*GATE_RULES, *(rule for check in CHECKS.values() for rule in check.rules), *HISTORY_RULES]


def declared(rule_id: str) -> bool:
    """Whether some rule declares `rule_id` (an exact id, or one of a `…/*` family)."""
    return any(rule.covers(rule_id) for rule in all_rules())


def rules_table() -> str:
    """docs/check.md's table of rules, from the registry: `python -m copress.checks.registry`
    prints it to paste between the `rules:start` and `rules:end` marks."""
    def cell(text: str) -> str:
        return text.replace("|", "\\|")

    owners = [("copress check", GATE_RULES), *((c.id, c.rules) for c in CHECKS.values()),
              ("--history", HISTORY_RULES)]
    lines = ["| rule | check | severity | what it finds | why it matters | what to do |",
             "|---|---|---|---|---|---|"]
    for owner, rules in owners:
        for r in rules:
            title = r.title + (f" ({r.source})" if r.source else "")
            lines.append(f"| `{r.id}` | {owner} | {r.severity} | {cell(title)} | {cell(r.why)} | {cell(r.todo)} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(rules_table(), end="")
