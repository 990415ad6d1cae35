"""`copress credit [--json]` and `copress credit record ID`: the credit commands (cli.py adds them)."""

from __future__ import annotations

from pathlib import Path

import click

from ..console import console, err_console, escape as _escape, project_option


@click.group("credit", invoke_without_command=True)
@project_option
@click.option("--json", "as_json", is_flag=True, help="Print the ledger as JSON.")
@click.pass_context
def credit(ctx: click.Context, directory: Path, as_json: bool) -> None:
    """The team's own (private) view of the credit ledger: who did what, and when.

    `copress credit record ID` writes one person's record of contribution."""
    if ctx.invoked_subcommand is None:
        show_ledger(directory, as_json)


def show_ledger(directory: Path, as_json: bool) -> None:
    import json

    from rich.table import Table

    from ..project import Project
    from .ledger import build_ledger

    project = Project.load(directory)
    ledger = build_ledger(project)
    if as_json:
        data = {"contributors": [{
            "id": e.contributor.id, "name": e.contributor.private_name, "kind": e.contributor.kind,
            "roles": [c.role for c in e.contributor.credit], "commits": e.commits,
            "lines_added": e.lines_added, "lines_removed": e.lines_removed, "hours": e.hours,
            "stages": e.stages, "first": e.first.isoformat() if e.first else None,
            "last": e.last.isoformat() if e.last else None, "sections": sorted(e.sections),
        } for e in ledger.ordered()],
            "unmapped": [{"name": u.name, "email": u.email, "commits": u.commits} for u in ledger.unmapped]}
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    table = Table(title="Credit ledger (private: full names are shown)")
    for column in ("id", "name", "kind", "roles", "commits", "lines +/−", "hours", "stages", "first", "last"):
        table.add_column(column, justify="right" if column in ("commits", "hours") else "left")
    for e in ledger.ordered():
        c = e.contributor
        table.add_row(c.id, c.private_name + ("" if c.named == "full" else f" (published as {project.public_names()[c.id]})"),
                      c.kind, ", ".join(r.name for r in c.credit), str(e.commits),
                      f"+{e.lines_added}/−{e.lines_removed}", f"{e.hours:g}", ", ".join(e.stages),
                      str(e.first or ""), str(e.last or ""))
    if console.is_terminal:
        console.print(table)
    else:  # in a pipe or a file, rich would squeeze the table to 80 columns and cut names short
        from rich.console import Console

        Console(highlight=False, soft_wrap=True, width=100_000).print(table)
    for u in ledger.unmapped:
        console.print(f"[yellow]not credited:[/] {_escape(u.name)} <{_escape(u.email)}> made {u.commits} "
                      "commit(s) but is in nobody's git: list — add the address to their contributor file")
    for c in project.authors:
        if not c.credit:
            console.print(f"[yellow]warning:[/] author {c.id} has no CRediT roles")


@credit.command("record")
@click.argument("contributor")
@project_option
@click.option("--easy-read", "easy_read", is_flag=True,
              help="The easy-read record: short sentences, one idea a line, larger type.")
@click.option("-o", "out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder (default: DIR/build); the record goes in its private/records/.")
def record(contributor: str, directory: Path, easy_read: bool, out: Path | None) -> None:
    """Write a person's record of contribution.

    A private record for CONTRIBUTOR to keep (PDF and DOCX), in build/private/records/ID/: their
    name as they chose, their roles in plain words, their involvement by stage with dates and
    hours, the outputs, and whom to ask to confirm it. Give it only to them."""
    from ..project import Project
    from .contribution_record import known, record_warnings
    from .record_files import write_record

    project = Project.load(directory)
    known(project, contributor)
    for text in record_warnings(project, contributor):
        err_console.print(f"[bold yellow]copress: warning:[/] {_escape(text)}")
    with console.status("writing the record of contribution…"):
        written = write_record(project, contributor, (out or project.root / "build").resolve(), easy_read)
    for path in written:
        console.print(f"  wrote {_escape(project.shown(path))}", highlight=False)
    console.print("This record is private: give it only to the person it is about.", highlight=False)
