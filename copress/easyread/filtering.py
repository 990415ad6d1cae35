"""What the easy-read filters need besides the project: the glossary and the picture table."""

from __future__ import annotations

from dataclasses import dataclass

import panflute as pf

from ..document import Sources
from ..filterkit import FilterContext, context
from .glossary import Glossary, load_glossary
from .pictures import PictureTable

SOURCE = "manuscript/easy-read.md"


@dataclass
class EasyReadContext:
    glossary: Glossary
    pictures: PictureTable
    used_openmoji: bool = False  # set by the pictures filter: the edition then credits OpenMoji


def easy_read_sources(project) -> Sources:
    path = project.manuscript / "easy-read.md"
    from .. import gate

    from ..yamlfile import refuse_anchors_in_markdown

    text = gate.read_source(path, project.root, SOURCE)
    refuse_anchors_in_markdown(text, SOURCE)
    return Sources([(SOURCE, text)])


def easy_read_context(doc: pf.Doc) -> tuple[FilterContext, EasyReadContext]:
    """The contexts set by the build, or (a filter run alone by pandoc) read from the project."""
    ctx = getattr(doc, "copress", None)
    if ctx is None:
        ctx = context(doc)
        doc.copress = FilterContext(ctx.project, easy_read_sources(ctx.project))
        ctx = doc.copress
    er = getattr(doc, "easy_read", None)
    if er is None:
        er = EasyReadContext(load_glossary(ctx.project.manuscript), PictureTable(ctx.project.root))
        doc.easy_read = er
    return ctx, er
