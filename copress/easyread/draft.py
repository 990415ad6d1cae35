"""`copress easy-read draft`: a first draft of the easy-read text, for people to rewrite.

Sources: the article's Plain English summary (the section whose heading has `.plain-summary`)
and any `::: {.easy-read}` blocks in the article. Written to manuscript/easy-read.draft.md, one
sentence a line, glossary words in bold, a suggested picture for each block. It never writes
manuscript/easy-read.md: a draft becomes the edition only when a person saves it as that.
"""

from __future__ import annotations

from pathlib import Path

import panflute as pf

from ..document import parse
from ..errors import CopressError
from ..project import Project
from .glossary import load_glossary
from .pictures import PictureTable
from .rules import MAX_SENTENCES, MAX_WORDS
from .text import split_sentences, words

DRAFT = "easy-read.draft.md"
HEADER = """<!-- A first draft of the easy-read text, written by `copress easy-read draft` from the
article's Plain English summary. It is not easy read yet: rewrite it with short sentences and
everyday words, check each suggested picture, run `copress easy-read check`, and save it as
manuscript/easy-read.md. Then ask readers to check it. -->
"""


def _paragraphs(blocks: list) -> list[str]:
    out = []
    for block in blocks:
        if isinstance(block, (pf.Para, pf.Plain)):
            block = block.walk(lambda e, d: [] if isinstance(e, (pf.Cite, pf.Note)) else None)
            out.append(" ".join(pf.stringify(block).split()))
        elif isinstance(block, (pf.BulletList, pf.OrderedList)):
            out += [" ".join(pf.stringify(item).split()) for item in block.content]
        elif isinstance(block, pf.Div):
            out += _paragraphs(list(block.content))
    return [p for p in out if p]


def source_paragraphs(project: Project) -> list[str]:
    from .. import gate

    text = "\n\n".join(gate.read_source(p, project.root, project.shown(p)) for p in project.article_files)
    doc = parse(text, project.manuscript)
    paragraphs, in_summary, level = [], False, 0
    for block in doc.content:
        if isinstance(block, pf.Header):
            if "plain-summary" in block.classes:
                in_summary, level = True, block.level
                continue
            if in_summary and block.level <= level:
                in_summary = False
        if in_summary:
            paragraphs += _paragraphs([block])
        elif isinstance(block, pf.Div) and "easy-read" in block.classes:
            paragraphs += _paragraphs(list(block.content))
    return paragraphs


def draft_text(project: Project) -> tuple[str, int]:
    glossary = load_glossary(project.manuscript)
    pictures = PictureTable(project.root)
    out, count = [HEADER], 0
    for paragraph in source_paragraphs(project):
        sentences = [s.text for s in split_sentences([(1, paragraph)])]
        for start in range(0, len(sentences), MAX_SENTENCES):
            group = sentences[start:start + MAX_SENTENCES]
            suggestion = pictures.suggest(" ".join(group), limit=1)
            out.append(f'::: {{.block picture="{suggestion[0] if suggestion else ""}"}}')
            for sentence in group:
                marked, cut = "", 0
                for a, b, _ in glossary.find(sentence):
                    marked += sentence[cut:a] + "**" + sentence[a:b] + "**"
                    cut = b
                marked += sentence[cut:]
                long = len(words(sentence)) > MAX_WORDS
                out.append(marked + (f"  <!-- more than {MAX_WORDS} words: split it -->" if long else ""))
            out.append(":::\n")
            count += 1
    return "\n".join(out), count


def write_draft(project: Project) -> tuple[Path, int]:
    text, count = draft_text(project)
    if count == 0:
        raise CopressError("the article has no Plain English summary and no ::: {.easy-read} blocks",
                           "manuscript/", hint="give the summary's heading {.plain-summary}, e.g. "
                                               "'# Plain English summary {.plain-summary}'")
    path = project.manuscript / DRAFT
    path.write_text(text, encoding="utf-8")
    return path, count
