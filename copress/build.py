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
import importlib
from pathlib import Path
from typing import Callable

from . import gate
from .consent import notices as consent_notices
from .inputs import Inputs, save_notices
from .outputs import STOP, Staging, forget_record, load_record, save_record, sha256_file
from .project import Project
from .provenance import stamping
from .render.pdf.worker import PdfWorker
from .targets import (CONSENT, EDITIONS, TARGETS, USES, edition_of, files, needs_pdf, of_edition,
                      wanted as wanted_targets)

__all__ = ["TARGETS", "build"]

def build(project: Project, targets: list[str], out: Path,
          progress: Callable[[str], None] = lambda _: None, pdf: PdfWorker | None = None,
          notice: Callable[[str, str], None] = lambda kind, text: None,
          force: bool = False, inputs: Inputs | None = None) -> list[Path]:
    """Build `targets` ('all' = every target) into `out`; nothing in `out` changes on failure.

    Each edition module (copress/editions/) has build_outputs(project, wanted, staging, progress,
    pdf), and is imported only when one of its targets has to be rebuilt. `pdf` is a PdfWorker
    the caller may have started already; the build closes it. `notice(kind, text)` hears what
    does not stop the build: a "warning" (file:line: message), an edition "skipped" and why, a
    target "reused" (text: its main file) or "rebuilt" (text: its main file, a colon, why).
    `force` rebuilds every target whatever its record says. `inputs`: the project's inputs, when
    the caller has read them already (the CLI, deciding whether there is anything to do).
    """
    wanted = wanted_targets(targets)
    said = consent_notices(project)
    for text in said:  # withdrawals and unrecorded consent: never silent
        notice("warning", text)
    inputs = inputs or Inputs(project.root)
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
                if STOP.is_set():  # asked to stop (outputs.STOP): no further edition
                    raise KeyboardInterrupt
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
    save_notices(out, inputs, said)  # what a build that reuses everything says again
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
