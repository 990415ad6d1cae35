"""Who a commit copress writes for a contributor says it is by: only what they agreed to publish.

A repository's history is often made public at publication, and it cannot be edited the way a
document can. So a commit made for someone not named in full carries their consented name and
a neutral address (`c-<12 hex>@users.copress.invalid`) that names no one: never an address from
their git: list (which may hold their surname), never their id (which may be their real name).
The address is a random token kept in their tracked contributor file's git: list, so it never
changes and the credit ledger maps the commit to them, on a CI runner without side files too.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from ..contributors import NEUTRAL_DOMAIN, is_neutral_address, new_neutral_address
from ..errors import CopressError
from ..project import Project
from ..vocab.stages import slugify
from ..yamlfile import load_yaml

TOKEN = re.compile(r"c-[0-9a-f]{12}@" + re.escape(NEUTRAL_DOMAIN))


@dataclass
class CommitIdentity:
    name: str             # the consented public name
    address: str
    file: str             # their tracked contributor file, project-relative
    record: bool          # the address is new to that file: add it in the same commit
    named_in_full: bool


def is_token_address(address: str) -> bool:
    """A neutral address copress made (not the old `<id>@users.copress.invalid` placeholder,
    which put the id into history)."""
    return is_neutral_address(address) and bool(TOKEN.fullmatch(address.strip().lower()))


def tracked_git(project: Project, contributor: str) -> list[str]:
    """The git: list of the tracked file alone (Project merges in the private side file)."""
    shown = f"contributors/{contributor}.yaml"
    data = load_yaml(project.root / shown, shown).data
    value = data.get("git") if isinstance(data, dict) else None
    if isinstance(value, str):
        value = [value]
    return [str(v) for v in value or []]


def commit_identity(project: Project, contributor: str) -> CommitIdentity:
    person = project.contributors[contributor]
    if person.withdrawn_project is not None:
        raise CopressError(f"{contributor} withdrew from the project: copress makes no commits in their name",
                           f"contributors/{contributor}.yaml",
                           hint="commit their changes as the team member who received them")
    name = project.public_names()[contributor]
    shown = f"contributors/{contributor}.yaml"
    full = person.named == "full"
    if full and person.git and not is_neutral_address(person.git[0]):
        return CommitIdentity(name, person.git[0], shown, False, True)
    tracked = tracked_git(project, contributor)
    known = next((a for a in tracked if is_token_address(a)), None)
    if known:
        return CommitIdentity(name, known.strip(), shown, False, full)
    # one kept only in the side file is recorded in the tracked file, so that CI maps it too
    known = next((a for a in person.git if is_token_address(a)), None)
    return CommitIdentity(name, (known or new_neutral_address()).strip(), shown, True, full)


def review_label(project: Project, contributor: str) -> str:
    """How review notes and branches name the co-author: the id for someone named in full,
    otherwise their consented name as a slug ("sam-rivers", "h-l", "public-contributor-2")."""
    if project.contributors[contributor].named == "full":
        return contributor
    return slugify(project.public_names()[contributor]) or project.public_ids()[contributor]


def who_runs_git(repo, doing: str) -> tuple[str, str]:
    """(name, address) of the person running copress, who commits on someone's behalf, in
    git's own order: GIT_COMMITTER_NAME and _EMAIL from the environment, then user.name and
    user.email from its config. `doing` says who that is in the error ("the person importing")."""
    reader = repo.config_reader()
    name = os.environ.get("GIT_COMMITTER_NAME") or reader.get_value("user", "name", default="")
    email = os.environ.get("GIT_COMMITTER_EMAIL") or reader.get_value("user", "email", default="")
    if not name or not email:
        raise CopressError(f"git does not know who you are ({doing})",
                           hint='set it with git config user.name "Your Name" and '
                                "git config user.email you@example.org")
    return str(name), str(email)
