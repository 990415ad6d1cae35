"""`copress site`: the published site's command (cli.py adds it to `copress`)."""

from __future__ import annotations

from pathlib import Path

import click

from ..console import console, err_console, escape as _escape, project_option


@click.command("site")
@project_option
@click.option("--previous", "previous", type=click.Path(file_okay=False, path_type=Path), default=None,
              metavar="FOLDER", help="A previous site (as CI restores it, e.g. a checkout of the "
                                     "gh-pages branch): its versions are kept.")
@click.option("--withdraw", "withdraw", multiple=True, metavar="COMMIT",
              help="Remove this version's files and say on the versions page that it was withdrawn "
                   "(repeatable; needs --reason).")
@click.option("--reason", default=None, metavar="TEXT",
              help="Why the versions given to --withdraw were withdrawn, shown on the versions page "
                   "(name nobody).")
def site(directory: Path, previous: Path | None, withdraw: tuple[str, ...], reason: str | None) -> None:
    """Build every edition of the current commit and write the site in build/site/: index.html,
    versions.html, v/<commit>/ for each version kept and latest/ (docs/site.md)."""
    from .make import make_site

    if reason is not None and not withdraw:
        raise click.UsageError("--reason goes with --withdraw COMMIT")

    def notice(kind: str, text: str) -> None:
        if kind == "warning":
            err_console.print(f"[bold yellow]copress: warning:[/] {_escape(text)}")

    with console.status("building the site…") as status:
        made = make_site(directory, previous, withdraw, reason,
                         progress=lambda text: status.update(text + "…"), notice=notice)
    kept = [v for v in made.versions if v.withdrawn is None]
    gone = [v for v in made.versions if v.withdrawn is not None]
    if made.published:
        console.print(f"  version {made.current.id} built", highlight=False)
    else:
        console.print(f"  version {made.current.id} is withdrawn, so it is not published", highlight=False)
    console.print(f"  wrote {_escape(str(made.folder))}/: {len(kept)} version(s) kept"
                  + (f", {len(gone)} withdrawn" if gone else "")
                  + (f"; latest/ is {made.latest.id}" if made.latest else "; no version is published"),
                  highlight=False)
