"""A `copress check` report in the formats where people look: JSON for scripts, GitHub Actions
workflow commands (annotations on the lines they are about) and a GitLab Code Quality report.
The plain text report is the CLI's own (it prints with colour); FORMATS maps every other name
to the function that writes it.

CI logs and reports are often public, so the two CI formats print nothing until `Withheld` has
taken out of every line what the privacy promise keeps private: `private:` values, the hidden
names, real commit addresses and telling ids of people not named in full (the values the history
audit looks for, history.py), any e-mail address other than a corresponding author's public one
or a neutral one, a git identity (`'Name <address>'`, as an unclaimed committer is reported) and
the machine's absolute paths. JSON and text stay the team's own reports, as before: they name
contributor ids and an unclaimed committer's address (docs/check.md).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
from dataclasses import dataclass, replace
from pathlib import Path

from ..contributors import is_neutral_address
from ..errors import CopressError
from ..findings import Finding
from ..gate import PRIVATE_SUFFIX
from .privacy import emails, normal

WITHHELD = "[withheld]"
# A git identity as the credit check quotes it: the name may be someone's real name.
IDENTITY = re.compile(r"'[^'\n]{0,200}<[^<>\s]+@[^<>\s]+>'")
LOCAL_ONLY = "run copress check on your own computer to see the details, which stay out of CI logs"


@dataclass
class Withheld:
    """What must not reach a CI log or report, and how each line loses it."""

    values: list[str]   # longest first, so a value inside another goes with it
    allowed: set[str]   # e-mail addresses that are published anyway (corresponding authors')
    paths: list[tuple[str, str]]  # absolute paths of this machine, and what each becomes

    @classmethod
    def of(cls, root: Path) -> "Withheld":
        """From the project at `root` as it loads now (side files merged); a project that does
        not load is read tolerantly, as the history audit reads it."""
        from ..project import Project
        from .history import MIN_LENGTH, _current_values

        root = Path(root).resolve()
        values, _ = _current_values(root)
        try:
            allowed = {p.email.strip().lower() for p in Project.load(root).contributors.values()
                       if p.email and p.named == "full"}
        except CopressError:
            allowed = set()
        texts = sorted({v.value.strip() for v in values if len(v.value.strip()) >= MIN_LENGTH},
                       key=len, reverse=True)
        paths = [(str(root) + os.sep, ""), (str(root), "."), (str(Path.home()) + os.sep, "~/")]
        return cls(texts, allowed, [(p, to) for p, to in paths if len(p) > 2])

    def text(self, text: str | None) -> str | None:
        """`text` with every withheld value replaced; if one still shows through (split by odd
        spacing, say), the whole text goes."""
        if not text:
            return text
        for path, to in self.paths:
            text = text.replace(path, to)
        text = IDENTITY.sub("an unclaimed git identity", text)
        for value in self.values:
            spaced = r"\s+".join(re.escape(word) for word in value.split())
            text = re.sub(spaced, WITHHELD, text, flags=re.IGNORECASE)
        for address in emails(text) - self.allowed:
            if not is_neutral_address(address):
                text = re.sub(re.escape(address), WITHHELD, text, flags=re.IGNORECASE)
        shown = normal(text)  # compared as the privacy scan compares
        left = any(normal(value) in shown for value in self.values)
        return f"{WITHHELD} ({LOCAL_ONLY})" if left or emails(text) - self.allowed - _neutral(text) else text

    def finding(self, finding: Finding) -> Finding:
        """`finding` as a public log may show it."""
        if finding.file and finding.file.endswith(PRIVATE_SUFFIX):
            # A message about a side file may quote it (a YAML error shows the line).
            return replace(finding, file=self.text(finding.file),
                           message="a problem in a private side file (git-ignored, never published)",
                           hint=LOCAL_ONLY)
        hint = self.text(finding.hint)
        if IDENTITY.search(finding.message):  # the team's hint says "this report is private"
            hint = ("`copress credit` on your own computer shows the identity; add its address to "
                    "that person's git: list (in their side file if they are not named in full)")
        return replace(finding, message=self.text(finding.message), file=self.text(finding.file),
                       hint=hint)


def _neutral(text: str) -> set[str]:
    return {a for a in emails(text) if is_neutral_address(a)}


def to_json(report, root: Path) -> str:
    """The team's JSON report (`copress-check/1`, docs/check.md), unchanged."""
    return json.dumps(report.as_dict(), ensure_ascii=False, indent=2) + "\n"


def to_github(report, root: Path) -> str:
    """One GitHub Actions workflow command per finding, then a one-line summary."""
    lines = []
    for finding in public_findings(report, root):
        level = {"error": "error", "warning": "warning", "info": "notice"}[finding.severity]
        props = {"file": finding.file, "line": finding.line, "title": finding.rule}
        shown = ",".join(f"{key}={_property(str(value))}" for key, value in props.items() if value)
        lines.append(f"::{level} {shown}::{_data(_with_hint(finding, chr(10) + '→ '))}")
    return "\n".join([*lines, summary(report)]) + "\n"


def to_gitlab(report, root: Path) -> str:
    """A GitLab Code Quality report: a JSON array, one issue per finding."""
    severity = {"error": "major", "warning": "minor", "info": "info"}
    issues, seen = [], set()
    for finding in public_findings(report, root, gitlab=True):
        fingerprint = _fingerprint(finding)
        while fingerprint in seen:  # the same words about two withheld values: still two issues
            fingerprint = hashlib.sha256(fingerprint.encode()).hexdigest()
        seen.add(fingerprint)
        issues.append({"description": _with_hint(finding, " → "), "check_name": finding.rule,
                       "fingerprint": fingerprint, "severity": severity[finding.severity],
                       "location": {"path": finding.file, "lines": {"begin": finding.line or 1}}})
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"


# Every format but the plain text report, which the CLI prints itself.
FORMATS = {"json": to_json, "github": to_github, "gitlab": to_gitlab}


def public_findings(report, root: Path, gitlab: bool = False) -> list[Finding]:
    """The report's findings as a public CI log may show them, each `file` relative to the root
    of the git repository (the project folder, unless the project is a folder inside one). Code
    Quality needs a path for every issue: a finding about no one file points at copress.yaml."""
    withheld = Withheld.of(root)
    prefix = _repository_prefix(root)
    found = []
    for finding in map(withheld.finding, report.findings):
        path = finding.file or ("copress.yaml" if gitlab else None)
        found.append(replace(finding, file=prefix + path if path else None))
    return found


def summary(report) -> str:
    counts = {s: sum(1 for f in report.findings if f.severity == s) for s in ("error", "warning", "info")}
    verdict = "ready" if not counts["error"] else f"{counts['error']} error(s) to fix"
    return (f"copress check: {verdict}, {counts['warning']} warning(s), {counts['info']} note(s) "
            f"(journal profile: {report.journal or '—'})")


def _with_hint(finding: Finding, joiner: str) -> str:
    return finding.message + (joiner + finding.hint.strip() if finding.hint else "")


def _fingerprint(finding: Finding) -> str:
    """Stable across runs: the rule, file, line and message (as shown, values withheld)."""
    key = "\0".join([finding.rule, finding.file or "", str(finding.line or ""), finding.message])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


# Escaping as GitHub's own toolkit does it (@actions/core, command.ts).
def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def _repository_prefix(root: Path) -> str:
    """Where the project sits in its git repository ('' at the top, 'papers/one/' inside)."""
    try:
        done = subprocess.run(["git", "rev-parse", "--show-prefix"], cwd=root, capture_output=True,
                              text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""
