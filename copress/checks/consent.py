"""Consent records: a naming choice nobody recorded consent to, and withdrawals (copress/consent.py
says what the records amount to; this module only reports it)."""

from __future__ import annotations

from .. import consent
from .model import Check, Rule

CHECK = Check(
    "consent", "credit", "the consent records check",
    rules=(
        Rule("consent/naming-missing", "error or warning",
             "no consent entry covers a contributor's naming choice (an error for anyone not named in "
             "full, a warning for people named in full)",
             "a name, initials or pseudonym may be published only as the person agreed, and the team "
             "must be able to show when and how they agreed",
             "ask them and record the answer under consent: in their contributor file (date, "
             "agreed: {naming: …}, recorded: in-writing, email or verbally)"),
        Rule("consent/editions-limited", "info",
             "a contributor agreed to be named only in some editions (consent editions:)",
             "the other editions show them as an anonymous acknowledgement, as after a naming "
             "withdrawal: the team should know where their name is not",
             "nothing in the files: the build follows it; to name them everywhere, record their "
             "agreement without editions:"),
        Rule("consent/credit-limited", "warning",
             "a contributor file records CRediT roles that the person's consent (agreed: {credit: "
             "[...]}) does not list",
             "a person is credited only with the roles they agreed to: the build leaves the others "
             "out of every public output, so the file and the published statement disagree",
             "ask them and record their answer under consent:, or take the roles out of credit:"),
        Rule("consent/withdrawn", "info", "a contributor withdrew their name or withdrew from the project",
             "the outputs follow their wish: an anonymous acknowledgement, or nothing at all",
             "nothing in the files: the build follows it; replace anything already published that shows them"),
    ),
    run=lambda context: consent.findings(context.project), reads=lambda chosen: set())
