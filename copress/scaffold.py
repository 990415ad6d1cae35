"""`copress new DIR`: a fresh project from templates/new, under git."""

from __future__ import annotations

import shutil
from pathlib import Path

from .assets import asset_dir
from .errors import CopressError

RENAMES = {"gitignore": ".gitignore"}  # dot files are awkward inside packages


def scaffold(directory: Path) -> None:
    directory = directory.resolve()
    if directory.exists() and any(directory.iterdir()):
        raise CopressError("already exists and is not empty", directory,
                           hint="choose a new folder name; copress never overwrites files")
    source = asset_dir("templates") / "new"
    for path in sorted(source.rglob("*")):
        if path.is_file():
            relative = path.relative_to(source)
            target = directory / relative.parent / RENAMES.get(relative.name, relative.name)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    import git

    git.Repo.init(directory)
