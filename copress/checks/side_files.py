"""Private details kept in tracked contributor files, which belong in the git-ignored side files."""

from __future__ import annotations

from ..project import Project
from ..findings import Finding
from .model import Check, Rule

WHAT = {"private": "private details ('private:')",
        "name": "the real name of someone not named in full ('name:')",
        "git": "real commit addresses of someone not named in full ('git:')",
        "record-name": "a name for their record of contribution other than the published one "
                       "('record-name:')"}


def check_side_files(project: Project) -> list[Finding]:
    """A warning for each tracked contributor file holding what belongs in its side file: the
    file is committed, so those values reach the repository's history and every clone."""
    findings = []
    for shown, keys in sorted(project.misplaced.items()):
        side = shown.removesuffix(".yaml") + ".private.yaml"
        findings.append(Finding(
            "privacy", "privacy/tracked-private", "warning",
            f"{shown} is tracked by git but holds " + "; ".join(WHAT[k] for k in keys), shown,
            hint=f"move them into {side}, which git ignores (docs/security.md says how), and run "
                 "`copress check --history` to see whether they are already in the history"))
    return findings


CHECK = Check(
    "side-files", "privacy", "the check of tracked contributor files",
    rules=(
        Rule("privacy/tracked-private", "warning",
             "a tracked contributor file holds private details, a hidden name or real commit addresses",
             "the file is committed, so those values reach the history and every clone",
             "move them into contributors/<id>.private.yaml (git-ignored) and run copress check --history"),
    ),
    run=lambda context: check_side_files(context.project), reads=lambda chosen: set())
