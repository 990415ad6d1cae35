"""`copress signoff`: the sign-off command (cli.py adds it to `copress`)."""

from __future__ import annotations

from pathlib import Path

import click

from ..console import console, escape as _escape, project_option


@click.command("signoff")
@click.argument("contributor")
@project_option
@click.option("--recorded-by", "recorded_by", default=None, metavar="ID",
              help="The contributor who recorded this sign-off for them (given by phone, e-mail or "
                   "on the paper form); it is kept in the record.")
@click.option("--note", default=None, metavar="TEXT",
              help="A short note kept with the sign-off, e.g. 'by phone, read back to her'. It is "
                   "committed, so write nothing private.")
def signoff(contributor: str, directory: Path, recorded_by: str | None, note: str | None) -> None:
    """Record that author CONTRIBUTOR approved the article as it is committed now: a commit in
    their consented name, kept in signoffs/CONTRIBUTOR.yaml (docs/signoff.md).

    `copress check --submission` fails until every author has signed off the current text."""
    from .signoff import record_signoff

    done = record_signoff(directory, contributor, recorded_by, note)
    console.print(f"  recorded the sign-off of {_escape(done.name)} for the article at commit "
                  f"{done.version}, as commit {done.commit[:7]} ({_escape(done.file)})", highlight=False)
