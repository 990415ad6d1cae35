"""What a check is: its area, the rules it may report (each with a stable id), and one `run`
over the Context of a `copress check`; registry.py lists them all."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable

from ..findings import Finding

if TYPE_CHECKING:
    from ..journals import JournalProfile
    from ..project import Project


@dataclass(frozen=True)
class Rule:
    """One thing a check can report. `id` is stable (docs/check.md lists every one, and a test
    holds the two together); an id ending in `/*` is a family whose rest is another tool's own
    rule id (`axe/*`: `axe/image-alt`)."""

    id: str
    severity: str  # 'error', 'warning', 'info', or 'error or warning' where the profile says
    title: str     # what it finds
    why: str       # why that matters
    todo: str      # what to do about it
    source: str = ""

    def covers(self, rule_id: str) -> bool:
        return rule_id == self.id or (self.id.endswith("/*") and rule_id.startswith(self.id[:-1]))


@dataclass
class Context:
    """What a check reads: the project, the journal profile, the output folder, the outputs of
    the targets chosen and, set for each check in turn, `inputs`: the files it is to read."""

    project: Project
    profile: JournalProfile
    out: Path
    everything: bool  # every target chosen: read every public file in `out`
    files: set[Path]
    gripp2: list[dict] = field(default_factory=list)  # the journal check's GRIPP2 table
    inputs: list[Path] = field(default_factory=list)
    submission: bool = False  # checking for submission (--submission or copress.yaml submission:)

    def public(self, suffix: str) -> list[Path]:
        """The public outputs ending in `suffix` among those of the targets chosen."""
        return [p for p in public_files(self.out, suffix) if self.everything or p in self.files]

    def shown(self, path: Path) -> str:
        """How a report names an output: `build/article.pdf`."""
        return f"{self.out.name}/{Path(path).relative_to(self.out)}"


# `copress site` keeps copies of built outputs in build/site/v/<commit>/ and latest/: each was
# checked where it was built, and checking every kept version again would make the gate slower
# with every version. The checks read the site's own pages; the privacy scan reads every file
# (privacy.public_files), since consent can change after a version was built.
SITE_COPIES = (("site", "v"), ("site", "latest"))


def public_files(out: Path, suffix: str = "") -> list[Path]:
    """Every file under `out` ending in `suffix`, except private/, dot-files (staging) and the
    site's copies of outputs."""
    return sorted(p for p in out.rglob(f"*{suffix}") if p.is_file()
                  and "private" not in (parts := p.relative_to(out).parts)
                  and parts[:2] not in SITE_COPIES and not p.name.startswith("."))


def _targets_chosen(chosen: set[str]) -> set[str]:
    return chosen


def _nothing(chosen: set[str]) -> set[str]:
    return set()


def _ready() -> None:
    return None


@dataclass(frozen=True)
class Check:
    """One registered check. `run(context)` yields Findings that are final: area, file as the
    report shows it (`context.shown`), severity; nothing changes them afterwards.

    `reads` names the targets to build for it, given those chosen; `inputs` the files it reads
    (None: it reads the project, not outputs, and always runs; an empty list: nothing to read,
    so it is skipped). `require` raises CopressError (message, hint) when a tool it needs is
    missing; then, or when `run` raises CopressError, the report carries a warning with rule
    `skipped` and says the check did not run: never silently."""

    id: str
    area: str
    title: str  # 'the HTML accessibility check (axe-core)'
    rules: tuple[Rule, ...]
    run: Callable[[Context], Iterable[Finding]]
    reads: Callable[[set[str]], set[str]] = _targets_chosen
    inputs: Callable[[Context], list[Path]] | None = None
    require: Callable[[], Any] = _ready
    skipped: str | None = None  # the rule id of "did not run"; None: a CopressError is raised on

    def rule(self, rule_id: str) -> Rule:
        return next(r for r in self.rules if r.id == rule_id)
