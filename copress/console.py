"""The consoles every command prints through, `escape` for text inside rich markup, and the
`-C DIR` option: shared by cli.py and each package's command module (easyread/cli.py), so that
no command module imports the CLI."""

from __future__ import annotations

from pathlib import Path

import click


class _Console:
    """A rich Console, made when first used: importing rich takes tens of milliseconds that
    `copress build -q`, which prints nothing when all goes well, need not spend."""

    def __init__(self, **options) -> None:
        self._options = options
        self._console = None

    def __getattr__(self, name: str):
        if self._console is None:
            from rich.console import Console

            self._console = Console(**self._options)
        return getattr(self._console, name)


err_console = _Console(stderr=True, highlight=False, soft_wrap=True)
console = _Console(highlight=False, soft_wrap=True)

project_option = click.option("-C", "directory", type=click.Path(file_okay=False, path_type=Path),
                              default=Path("."), show_default=True, help="The project folder.")


def escape(text: str) -> str:
    """`text` shown as it is, even where it holds [brackets] that rich would read as markup."""
    from rich.markup import escape as rich_escape

    return rich_escape(text)
