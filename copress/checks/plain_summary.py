"""The Plain English summary, as the journal gate checks it (the rules are easyread/summary.py's)."""

from __future__ import annotations

from ..findings import Finding
from .model import Check, Context, Rule


def run(context: Context) -> list[Finding]:
    from ..easyread.summary import check_plain_summary

    # Whether a summary is required is the profile's business (journal/missing-section); what it
    # must be is here.
    return check_plain_summary(context.project, context.profile.word_limits.plain_summary, require=False)


CHECK = Check(
    "plain-summary", "journal", "the Plain English summary check",
    rules=(
        Rule("plain-summary/missing", "error", "the article has no Plain English summary (copress easy-read check only)",
             "public contributors and readers need the findings in everyday words",
             "add '# Plain English summary {.plain-summary}'"),
        Rule("plain-summary/length", "error", "the Plain English summary is over its word limit",
             "a summary is read because it is short", "shorten it by the number of words given"),
        Rule("plain-summary/abbreviation", "error", "the Plain English summary uses an abbreviation",
             "abbreviations shut out readers who do not know them", "write the words out in full"),
        Rule("plain-summary/copied", "error", "much of the Plain English summary repeats the abstract",
             "an abstract is written for researchers, not in everyday words",
             "write the summary fresh, in everyday words"),
    ),
    run=run, reads=lambda chosen: set())
