"""The copress command: the only place that prints, parses arguments and sets exit codes."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console

from . import __version__
from .errors import CopressError

err_console = Console(stderr=True, highlight=False, soft_wrap=True)
console = Console(highlight=False, soft_wrap=True)


class CopressGroup(click.Group):
    """Turns CopressError into a plain message and exit status 2 (no traceback)."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except CopressError as err:
            err_console.print(f"[bold red]copress: error:[/] {_escape(str(err))}")
            sys.exit(2)


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


project_option = click.option("-C", "directory", type=click.Path(file_okay=False, path_type=Path),
                              default=Path("."), show_default=True, help="The project folder.")


@click.group(cls=CopressGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="copress")
def main() -> None:
    """copress: publish co-produced research — article, credit, guide and easy-read outputs."""


@main.command()
@click.argument("targets", nargs=-1)
@project_option
@click.option("-o", "out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder (default: DIR/build).")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
def build(targets: tuple[str, ...], directory: Path, out: Path | None, quiet: bool) -> None:
    """Build TARGETS (pdf html docx jats, or all; default all)."""
    from .build import TARGETS, build as run_build
    from .project import Project

    unknown = [t for t in targets if t != "all" and t not in TARGETS]
    if unknown:
        raise click.UsageError(f"unknown target '{unknown[0]}'; targets: {', '.join(TARGETS)}, all")
    project = Project.load(directory)
    out = (out or project.root / "build").resolve()
    if quiet:
        written = run_build(project, list(targets), out)
    else:
        with console.status("building…") as status:
            written = run_build(project, list(targets), out,
                                progress=lambda text: status.update(text + "…"))
        for path in written:
            if path.parent == out or path.suffix in {".pdf", ".html", ".docx", ".xml"}:
                console.print(f"  wrote {_relative(path)}")


def _relative(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def new(directory: Path) -> None:
    """Create a new copress project in DIRECTORY (and git init it)."""
    from .scaffold import scaffold

    scaffold(directory)
    console.print(f"Created a copress project in {directory}. Next: cd {directory} && copress build")


if __name__ == "__main__":
    main()
