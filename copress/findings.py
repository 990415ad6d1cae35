"""Finding: one thing a check found, with where and what to do. The lowest floor, beside
errors.py: checks, easy-read rules and editions all report Findings."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class Finding:
    """One result of a check. `rule` is a stable identifier (e.g. 'pdfua/untagged-content')."""

    area: str  # 'accessibility', 'journal', 'privacy', ...
    rule: str
    severity: Severity
    message: str
    file: str | None = None
    line: int | None = None
    hint: str | None = None

    def as_dict(self) -> dict:
        return asdict(self)
