"""Whether every author has signed off the article's current text (copress/signoff.py): errors
when checking for submission (`--submission`, or `submission: true` in copress.yaml), warnings
otherwise, so that a project still being written checks clean."""

from __future__ import annotations

from typing import Iterator

from ..errors import CopressError
from ..findings import Finding
from ..signoff import FOLDER, Standing, standings
from .model import Check, Context, Rule

HOW = ("send them a review pack (copress review-pack {id}), which has the sign-off form; once "
       "they agree, record it with copress signoff {id} (add --recorded-by YOUR-ID when they told "
       "you by phone, e-mail or on the form)")


def check_signoffs(context: Context) -> Iterator[Finding]:
    severity = "error" if context.submission else "warning"
    try:
        found = standings(context.project)
    except CopressError as err:
        yield Finding("credit", "signoff/invalid", "error", err.message,
                      str(err.file) if err.file else None, err.line, err.hint)
        return
    for person in found:
        if person.state == "missing":
            yield Finding("credit", "signoff/missing", severity,
                          f"{person.name} has not signed off the article" + _when(context), None,
                          hint=HOW.format(id=person.id))
        elif person.state == "outdated":
            yield Finding("credit", "signoff/outdated", severity, _outdated(person, context),
                          f"{FOLDER}/{person.id}.yaml", hint="ask them to read what changed and sign "
                          "off again: " + HOW.format(id=person.id))


def _when(context: Context) -> str:
    return "; it cannot be submitted until every author has" if context.submission else ""


def _outdated(person: Standing, context: Context) -> str:
    latest = person.latest
    head = (f"{person.name} signed off an earlier version (commit {latest.commit[:7]}, "
            f"{latest.date.isoformat()}), and the article has changed since" + _when(context))
    if not person.diff:
        return head + ": the byline (the names or their order) or text git cannot compare"
    return head + ". What changed since their sign-off:\n" + \
        "\n".join("    " + line for line in person.diff.splitlines())


CHECK = Check(
    "signoff", "credit", "the check of authors' sign-offs",
    rules=(
        Rule("signoff/missing", "error or warning",
             "an author has not signed off the article (an error with --submission or submission: true)",
             "a journal asks that every author approved the version submitted",
             "send a review pack with its sign-off form, then record it: copress signoff ID"),
        Rule("signoff/outdated", "error or warning",
             "an author signed off an earlier text or byline; the finding shows the Markdown diff since "
             "(an error with --submission or submission: true)",
             "they approved a version that is no longer the one to be submitted",
             "ask them to read what changed and sign off again: copress signoff ID"),
        Rule("signoff/invalid", "error", "a file in signoffs/ does not load or validate",
             "a sign-off that cannot be read cannot be counted",
             "fix the file at the line named, or record the sign-off again with copress signoff"),
    ),
    run=check_signoffs, reads=lambda chosen: set())
