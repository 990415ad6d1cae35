"""Which commit a build comes from: for the stamp on outputs and for reproducible dates."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Provenance:
    commit: str | None  # full hash, None outside git
    epoch: int          # SOURCE_DATE_EPOCH if set, else the commit time, else 0
    dirty: bool

    @property
    def short(self) -> str | None:
        return self.commit[:7] if self.commit else None

    @property
    def date(self) -> str:
        return dt.datetime.fromtimestamp(self.epoch, dt.timezone.utc).date().isoformat()

    def stamp(self) -> str:
        if self.commit is None:
            return f"Built by copress on {self.date} from files that are not under version control."
        text = f"Built by copress from commit {self.short} of {self.date}"
        return text + (", with changes not yet committed." if self.dirty else ".")


def read_provenance(root: Path) -> Provenance:
    env_epoch = os.environ.get("SOURCE_DATE_EPOCH")
    commit, commit_epoch, dirty = None, None, False
    try:
        import git

        repo = git.Repo(root, search_parent_directories=True)
        head = repo.head.commit
        commit, commit_epoch = head.hexsha, head.committed_date
        # Only sources count: build/ is git-ignored in every project.
        dirty = repo.is_dirty(untracked_files=False, path=str(root))
    except Exception:  # not a repository, or no commit yet: build anyway
        pass
    if env_epoch and env_epoch.isdigit():
        epoch = int(env_epoch)
    else:
        epoch = commit_epoch or 0
    return Provenance(commit, epoch, dirty)
