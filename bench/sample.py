"""What every benchmark shares: a copy of the sample project as its own git repository."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def sample_project(prefix: str) -> tuple[Path, Path]:
    """(a fresh temporary folder, the sample project committed inside it)."""
    work = Path(tempfile.mkdtemp(prefix=prefix))
    return work, committed_copy(REPO, work / "project")


def committed_copy(source: Path, project: Path) -> Path:
    """The sample project of the checkout at `source`, copied to `project` and committed."""
    for name in ("manuscript", "contributors"):
        shutil.copytree(source / name, project / name)
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    subprocess.run(["git", "add", "."], cwd=project, check=True)
    subprocess.run(["git", "-c", "user.name=bench", "-c", "user.email=bench@example.org",
                    "commit", "-q", "-m", "bench"], cwd=project, check=True)
    return project

