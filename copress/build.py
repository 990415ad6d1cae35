"""Build targets into the output folder: editions register their targets; outputs are staged
and moved into place together at the end."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from .editions import article, course, credit, easyread, guide
from .outputs import Staging
from .project import Project

# Each edition module has TARGETS (target name → file) and build_outputs(project, wanted,
# staging, progress). Adding an edition is adding it here.
EDITIONS = [article, credit, easyread, guide, course]  # course after guide: it copies the guide's page
TARGETS = {name: file for edition in EDITIONS for name, file in edition.TARGETS.items()}


def build(project: Project, targets: list[str], out: Path,
          progress: Callable[[str], None] = lambda _: None) -> list[Path]:
    """Build `targets` ('all' = every target) into `out`; nothing in `out` changes on failure."""
    wanted = set(TARGETS) if not targets or "all" in targets else set(targets)
    staging = Staging(out)
    try:
        for edition in EDITIONS:
            mine = wanted & set(edition.TARGETS)
            if mine:
                edition.build_outputs(project, mine, staging, progress)
    except BaseException:
        staging.discard()
        raise
    return staging.commit()
