"""`copress site`: build the editions of the current commit and put the site together.

Everything is made in a work folder under build/private/staging/ (never public, like a
build's own staging) and moved to build/site/ at the end, so build/site/ is the old site or
the new one, never half of each. The editions are built there as `copress build all` builds
them; only their public files reach the site — nothing from private/, nothing hidden.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..errors import CopressError
from ..outputs import STAGING, _alive
from ..project import Project
from . import pages
from .versions import MAX_REASON, Previous, Version, Withdrawal, fill_from_git, from_git, \
    newest_first, read_previous, today, write_json

WITHHELD = "A change whose description is withheld: it names something private."


@dataclass
class Site:
    """What `make_site` did, for the command to tell."""

    folder: Path
    current: Version
    published: bool          # False when the current commit is withdrawn
    latest: Version | None
    versions: list[Version]


def make_site(root: Path, previous: Path | None = None, withdraw: tuple[str, ...] = (),
              reason: str | None = None, progress: Callable[[str], None] = lambda _: None,
              notice: Callable[[str, str], None] = lambda kind, text: None) -> Site:
    project = Project.load(root)
    repo, head = _head(project)
    search = _search(project)
    if withdraw and not (reason and reason.strip()):
        raise CopressError("--withdraw needs --reason: the versions page says why a version went",
                           hint='add --reason "a contributor\'s consent changed" (no names)')
    reason = " ".join((reason or "").split())
    if len(reason) > MAX_REASON:
        raise CopressError(f"the reason is too long ({len(reason)} characters)",
                           hint=f"say why in a few words, at most {MAX_REASON} characters")
    if search.in_text(reason):
        raise CopressError("the reason names something private (a hidden name, an id or a private "
                           "value), and the versions page is public",
                           hint="say why without naming anyone who is not named in full, e.g. "
                                "\"a contributor's consent changed\"")
    # everything that can refuse comes before the build: a hostile previous site, a bad withdrawal
    old = read_previous(previous.resolve()) if previous else Previous()
    others = [v for v in old.versions.values() if not v.matches(head.hexsha)]
    manuscript = os.path.relpath(project.manuscript, repo.working_tree_dir)
    current = from_git(repo, head, others, manuscript)
    # a commit once withdrawn stays withdrawn: building it again does not republish it
    current.withdrawn = next((v.withdrawn for v in old.versions.values()
                              if v.matches(head.hexsha) and v.withdrawn), None)
    versions = {v.id: v for v in others}
    versions[current.id] = current
    for version in versions.values():
        fill_from_git(repo, version)
        version.summary = [WITHHELD if search.in_text(s) else s for s in version.summary]
    _withdraw(versions, withdraw, reason)
    from .consent import follow_consent, record

    # The site shows only names whose consent lists `site`: its editions are built from the
    # project as the site may show it, each edition then limiting names as it does in a build
    # (Project.for_edition composes), and kept versions are judged against that view.
    shown = project.for_edition("site")
    # a kept version that shows someone against their consent now goes (docs/site.md)
    current.shown = record(shown, current.commit)
    follow_consent(shown, versions, old.folders, current, notice)
    out = project.root / "build"
    (out / STAGING).mkdir(parents=True, exist_ok=True)
    _remove_stale(out / STAGING)
    work = Path(tempfile.mkdtemp(prefix=f"site-{os.getpid()}-", dir=out / STAGING))
    try:
        from ..build import build

        editions = work / "editions"
        build(shown, ["all"], editions, progress, notice=notice)
        progress("putting the site together")
        site = work / "site"
        _write(site, project, versions, old, current, editions)
        _replace(site, out / "site", work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    ordered = newest_first(list(versions.values()))
    latest = next((v for v in ordered if v.withdrawn is None), None)
    return Site(out / "site", current, current.withdrawn is None, latest, ordered)


def _head(project: Project):
    import git

    try:
        repo = git.Repo(project.root, search_parent_directories=True)
        head = repo.head.commit
    except Exception:  # not a repository, or no commit yet
        raise CopressError("the project has no commit to publish", str(project.root),
                           hint="a version of the site is a commit: run `git add -A && git commit` "
                                "first") from None
    if repo.is_dirty(untracked_files=False, path=str(project.root)):
        raise CopressError("the project has changes that are not committed", str(project.root),
                           hint="a version of the site is a commit, so it must hold what the commit "
                                "holds: commit the changes (git add -A && git commit) and run it again")
    return repo, head


def _search(project: Project):
    from ..checks.privacy import Search, secrets

    return Search(secrets(project))


def _withdraw(versions: dict[str, Version], commits: tuple[str, ...], reason: str) -> None:
    for commit in commits:
        found = [v for v in versions.values() if v.matches(commit.strip())]
        if len(commit.strip()) < 7 or len(found) != 1:
            known = ", ".join(v.id for v in newest_first(list(versions.values()))) or "none"
            raise CopressError(f"--withdraw {commit}: no version of the site is that commit",
                               hint=f"give a commit of at least 7 characters; the versions are: {known}")
        if found[0].withdrawn is None:
            found[0].withdrawn = Withdrawal(today(), reason)


def _write(site: Path, project: Project, versions: dict[str, Version], old: Previous,
           current: Version, editions: Path) -> None:
    title, lang = project.metadata.title, project.metadata.lang
    for version in versions.values():
        if version.withdrawn is not None:
            continue
        folder = site / "v" / version.id
        if version is current:
            _copy_public(editions, folder)
            (folder / "index.html").write_text(pages.version_index(title, lang, version, folder),
                                               encoding="utf-8")
        else:
            shutil.copytree(old.folders[version.id], folder, symlinks=True)  # read_previous: no links
    ordered = newest_first(list(versions.values()))
    kept = [v for v in ordered if v.withdrawn is None]
    latest = kept[0] if kept else None
    if latest:
        shutil.copytree(site / "v" / latest.id, site / "latest")
    (site / "index.html").write_text(
        pages.site_index(title, lang, latest, site / "latest" if latest else None, len(kept)), encoding="utf-8")
    (site / "versions.html").write_text(pages.versions_page(title, lang, ordered, latest), encoding="utf-8")
    (site / "versions.json").write_text(write_json(ordered), encoding="utf-8")


def _copy_public(built: Path, folder: Path) -> None:
    """The build's public files: nothing under private/, nothing hidden (staging, dot files)."""
    for here, subfolders, files in os.walk(built):
        base = Path(here)
        subfolders[:] = sorted(d for d in subfolders if not d.startswith(".")
                               and not (base == built and d == "private"))
        for name in sorted(files):
            path = base / name
            if name.startswith(".") or path.is_symlink() or not path.is_file():
                continue
            target = folder / path.relative_to(built)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)


def _replace(new: Path, site: Path, work: Path) -> None:
    """`new` becomes `site`: the old site moves aside first (into the work folder, removed with
    it), then the new one takes its name — two renames, each atomic."""
    if site.exists() or site.is_symlink():
        os.replace(site, work / "old-site")
    os.replace(new, site)


def _remove_stale(staging: Path) -> None:
    """Work folders of `copress site` runs that were killed."""
    for folder in staging.glob("site-*"):
        pid = folder.name.split("-")[1]
        if folder.is_dir() and pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)
