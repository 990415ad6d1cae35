"""The consoles every command prints through, `escape` for text inside rich markup, and the
`-C DIR` option: shared by cli.py and each package's command module (easyread/cli.py), so that
no command module imports the CLI."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape as _rich_escape

err_console = Console(stderr=True, highlight=False, soft_wrap=True)
console = Console(highlight=False, soft_wrap=True)

project_option = click.option("-C", "directory", type=click.Path(file_okay=False, path_type=Path),
                              default=Path("."), show_default=True, help="The project folder.")


def escape(text: str) -> str:
    """`text` shown as it is, even where it holds [brackets] that rich would read as markup."""
    return _rich_escape(text)
