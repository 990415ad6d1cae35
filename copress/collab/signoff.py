"""`copress signoff ID`: record, as a git commit in the person's consented name, that they
approved the article's text as it is committed now (copress/signoff.py says what is hashed)."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..errors import CopressError
from ..project import Project
from ..roundtrip.identity import commit_identity, who_runs_git
from ..roundtrip.importer import add_git_address
from ..signoff import FOLDER, known_author, new_entry, record_file, source_paths

HEADER = ("# Sign-offs of the article by one author, written by `copress signoff` (docs/signoff.md).\n"
          "# Each entry: the commit they read, the hash of its text and byline, who recorded it.\n"
          "signoffs:\n")


@dataclass
class SignOffResult:
    commit: str
    name: str      # the consented name the commit carries
    version: str   # the commit signed off, short
    file: str      # project-relative


def record_signoff(root: Path, cid: str, recorded_by: str | None = None, note: str | None = None,
                   today: dt.date | None = None) -> SignOffResult:
    import git

    project = Project.load(root)
    known_author(project, cid)
    if recorded_by is not None:
        known_author(project, recorded_by, "--recorded-by")
    try:
        repo = git.Repo(project.root, search_parent_directories=True)
        head = repo.head.commit.hexsha
    except git.exc.InvalidGitRepositoryError:
        raise CopressError("is not a git repository", project.root,
                           hint="a sign-off is of a committed version: run `git init` and commit first")
    except ValueError:
        raise CopressError("the repository has no commit yet", project.root,
                           hint="a sign-off is of a committed version: commit the article first")
    work = Path(repo.working_tree_dir).resolve()
    watched = [*(str(p.resolve().relative_to(work)) for p in source_paths(project)),
               str((project.root / "contributors").resolve().relative_to(work))]
    dirty = repo.git.status("--porcelain", "--untracked-files=all", "--", *watched).splitlines()
    if dirty:
        shown = ", ".join(line[3:] for line in dirty[:3]) + (" …" if len(dirty) > 3 else "")
        raise CopressError(f"the article's sources have changes that are not committed ({shown}); "
                           "nothing was recorded", project.root,
                           hint="a sign-off is of a committed version, so that everyone can see what "
                                "was approved: commit the changes (or undo them), then sign off again")
    committer = git.Actor(*who_runs_git(repo, "the person recording the sign-off"))
    identity = commit_identity(project, cid)
    entry = new_entry(project, head, recorded_by, note, today or dt.date.today())

    path = record_file(project, cid)
    before = path.read_text(encoding="utf-8") if path.exists() else HEADER
    written = {path: before.rstrip("\n") + "\n" + _indented(entry)}
    if identity.record:  # the neutral address joins their git: list, so the ledger maps it
        person = project.root / identity.file
        written[person] = add_git_address(person.read_text(encoding="utf-8"), identity.address)
    recorder = project.public_names()[recorded_by] if recorded_by else None
    message = (f"Sign-off from {identity.name} of the article at {head[:7]}\n\n"
               f"{identity.name} approved the text and byline of commit {head[:7]} "
               f"({entry['source'][:19]}…)" + (f", recorded by {recorder}" if recorder else "") + ".\n")
    sha = _commit(repo, written, message, git.Actor(identity.name, identity.address), committer)
    return SignOffResult(sha, identity.name, head[:7], f"{FOLDER}/{cid}.yaml")


def _indented(entry: dict) -> str:
    text = yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=100)
    return "".join("  " + line for line in text.splitlines(keepends=True))


def _commit(repo, written: dict[Path, str], message: str, author, committer) -> str:
    """Write the files and commit them alone (anything else staged stays staged); on failure
    put them back as they were."""
    work = Path(repo.working_tree_dir).resolve()
    before = {path: path.read_bytes() if path.exists() else None for path in written}
    paths = [str(path.resolve().relative_to(work)) for path in written]
    env = {**os.environ, "GIT_AUTHOR_NAME": author.name, "GIT_AUTHOR_EMAIL": author.email,
           "GIT_COMMITTER_NAME": committer.name, "GIT_COMMITTER_EMAIL": committer.email}
    try:
        for path, text in written.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        repo.git.execute(["git", "add", "--", *paths], env=env)
        repo.git.execute(["git", "commit", "-q", "--no-verify", "-m", message, "--only", "--", *paths],
                         env=env)
        return repo.head.commit.hexsha
    except Exception as err:
        try:
            repo.git.execute(["git", "reset", "-q", "--", *paths])
        except Exception:  # noqa: BLE001 - the files below are put back either way
            pass
        for path, data in before.items():
            if data is None:
                path.unlink(missing_ok=True)
            else:
                path.write_bytes(data)
        raise CopressError(f"could not commit the sign-off: {err}",
                           hint="nothing was recorded; check the repository with git status") from None
