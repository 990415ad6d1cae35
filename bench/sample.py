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
    project = work / "project"
    for name in ("manuscript", "contributors"):
        shutil.copytree(REPO / name, project / name)
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    subprocess.run(["git", "add", "."], cwd=project, check=True)
    subprocess.run(["git", "-c", "user.name=bench", "-c", "user.email=bench@example.org",
                    "commit", "-q", "-m", "bench"], cwd=project, check=True)
    return work, project

