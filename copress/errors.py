"""The one error type copress raises for anything a user can fix."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class CopressError(Exception):
    """Bad input or a refused operation: which file, which line, what to do.

    Raised anywhere; turned into a message and exit status 2 only by the CLI.
    """

    message: str
    file: Path | str | None = None
    line: int | None = None
    hint: str | None = None

    def __reduce__(self):
        # Keeps every field when the error crosses a process boundary (the PDF worker):
        # Exception's own pickling would keep only the positional arguments.
        return type(self), (self.message, self.file, self.line, self.hint)

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = str(self.file)
            if self.line is not None:
                where += f":{self.line}"
            where += ": "
        text = where + self.message
        if self.hint:
            text += f"\n  → {self.hint}"
        return text
