"""What a filter in filters/ needs: the project it works on, and a way to run alone."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import panflute as pf

from .document import Sources
from .errors import CopressError
from .project import Project


@dataclass
class FilterContext:
    project: Project
    sources: Sources
    warnings: list[str] = field(default_factory=list)  # "file:line: message", for the build to show

    @property
    def words(self):
        """The words copress writes into the article, in its language (Project.words)."""
        return self.project.words

    def warn(self, message: str, *needles: str) -> None:
        """Record a warning at the first of `needles` found in the sources."""
        shown, line = next((found for found in map(self.sources.locate, needles) if found[0]),
                           (None, None))
        where = f"{shown}:{line}: " if shown and line else f"{shown}: " if shown else ""
        self.warnings.append(where + message)


def article_sources(project: Project) -> Sources:
    from .gate import read_text
    from .yamlfile import refuse_anchors_in_markdown

    files = [(project.shown(p), read_text(p, project.shown(p))) for p in project.article_files]
    for shown, text in files:  # pandoc would expand a YAML alias bomb in a metadata block
        refuse_anchors_in_markdown(text, shown)
    return Sources(files)


def find_project(start: Path) -> Path:
    """The nearest folder at or above `start` holding manuscript/metadata.yaml (pandoc may run
    filters from manuscript/ itself)."""
    for folder in (start, *start.parents):
        if (folder / "manuscript" / "metadata.yaml").is_file():
            return folder
    return start


def context(doc: pf.Doc) -> FilterContext:
    """The context set by the build, or (run alone by pandoc) the project in the current folder."""
    ctx = getattr(doc, "copress", None)
    if ctx is None:
        project = Project.load(find_project(Path.cwd()))
        ctx = FilterContext(project, article_sources(project))
        doc.copress = ctx
    return ctx


def run_alone(action: Callable | None, prepare: Callable | None = None,
              finalize: Callable | None = None) -> None:
    """Entry point of `pandoc --filter filters/NAME.py`, run from the project folder."""
    def finish(doc: pf.Doc) -> None:
        if finalize:
            finalize(doc)
        ctx = getattr(doc, "copress", None)
        for text in ctx.warnings if ctx else ():
            sys.stderr.write(f"copress: warning: {text}\n")

    try:
        pf.run_filter(action or (lambda elem, doc: None), prepare=prepare, finalize=finish)
    except CopressError as err:
        sys.stderr.write(f"copress: {err}\n")
        sys.exit(2)
