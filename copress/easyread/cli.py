"""`copress easy-read draft|check`: the easy-read commands (cli.py adds the group to `copress`)."""

from __future__ import annotations

from pathlib import Path

import click

from ..console import console, escape as _escape, project_option
from ..errors import CopressError

COLOURS = {"error": "red", "warning": "yellow", "info": "cyan"}


@click.group("easy-read")
def easy_read() -> None:
    """The easy-read edition: write a first draft, check the text against easy-read rules."""


@easy_read.command()
@project_option
def draft(directory: Path) -> None:
    """Write manuscript/easy-read.draft.md from the article's Plain English summary and its
    ::: {.easy-read} blocks. Never touches manuscript/easy-read.md."""
    from ..project import Project
    from .draft import write_draft

    project = Project.load(directory)
    path, blocks = write_draft(project)
    console.print(f"  wrote {project.shown(path)} ({blocks} blocks): a first draft for people to rewrite, "
                  "check with readers, then save as manuscript/easy-read.md")


@easy_read.command()
@project_option
def check(directory: Path) -> None:
    """Check manuscript/easy-read.md and glossary.yaml against the easy-read rules."""
    from .models import read_easy_read
    from ..project import Project

    from ..journals import load_profile
    from .summary import check_plain_summary

    project = Project.load(directory)
    profile = load_profile(project.config.journal, project.root)
    findings = read_easy_read(project).findings() + \
        check_plain_summary(project, profile.word_limits.plain_summary)
    for f in findings:
        where = f"{f.file}:{f.line}" if f.line else f.file
        console.print(f"{where}: [{COLOURS[f.severity]}]{f.severity}[/] {_escape(f.message)} "
                      f"[dim]({f.rule})[/]")
        if f.hint:
            console.print(f"  → {_escape(f.hint)}")
    errors = sum(f.severity == "error" for f in findings)
    if errors:
        raise CopressError(f"{errors} easy-read rule(s) broken", "manuscript/easy-read.md",
                           hint="fix the errors above; warnings and information are advice")
    console.print("easy read: no errors")
