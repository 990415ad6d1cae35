"""Build targets into the output folder: editions make their targets (copress/targets.py says
which); outputs are staged and moved into place together at the end."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Callable

from .outputs import Staging
from .project import Project
from .render.pdf.worker import PdfWorker
from .targets import EDITIONS, TARGETS, needs_pdf, of_edition, wanted as wanted_targets

__all__ = ["TARGETS", "build"]


def build(project: Project, targets: list[str], out: Path,
          progress: Callable[[str], None] = lambda _: None, pdf: PdfWorker | None = None,
          notice: Callable[[str, str], None] = lambda kind, text: None) -> list[Path]:
    """Build `targets` ('all' = every target) into `out`; nothing in `out` changes on failure.

    Each edition module (copress/editions/) has build_outputs(project, wanted, staging, progress,
    pdf), and is imported only when one of its targets is wanted. `pdf` is a PdfWorker the
    caller may have started already; the build closes it. `notice(kind, text)` hears what does
    not stop the build: a "warning" (file:line: message) or an edition "skipped" and why.
    """
    wanted = wanted_targets(targets)
    staging = Staging(out, notice)
    with pdf or PdfWorker() as worker:
        if needs_pdf(wanted):
            worker.warm()
        try:
            for name in EDITIONS:
                mine = wanted & set(of_edition(name))
                if mine:
                    edition = importlib.import_module(f".editions.{name}", __package__)
                    edition.build_outputs(project, mine, staging, progress, worker)
            progress("waiting for the PDFs")
            return staging.commit()
        except BaseException:
            staging.discard()
            raise
