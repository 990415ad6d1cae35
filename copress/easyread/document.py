"""The easy-read edition as one pandoc document: the text with its metadata, the filters in one
pass, then the parts copress writes — who checked it, the Hard words page, picture credits."""

from __future__ import annotations

import json
import re

import yaml

from ..assets import load_filter
from ..document import parse, run_filters, to_json
from ..filterkit import FilterContext
from ..textkit import inlines, join_and
from .filtering import EasyReadContext, easy_read_sources
from .models import EasyRead
from .pictures import OPENMOJI_CREDIT

# Make raw HTML safe first; glossary words are marked before blocks are laid out.
FILTERS = ("safe_html", "glossary", "pictures")

DRAFT_MARK = "Draft — not yet checked by readers"


def _escape(text: str) -> str:
    return re.sub(r"([\\`*_{}\[\]<>#$@~^|!])", r"\\\1", text)


def markdown_input(edition: EasyRead) -> str:
    """The easy-read text with its metadata, then the parts copress writes: who checked it."""
    meta = {"title": edition.title, "subtitle": edition.subtitle,
            "lang": edition.project.metadata.lang}
    body = "\n".join(edition.text.source.splitlines()[edition.text.body_start - 1:])
    if edition.reviewers:
        checked = ("These people checked that this document is easy to read and understand: "
                   + _escape(join_and(edition.reviewers)) + ".")
    else:
        checked = ("Nobody has checked this document yet.\n"
                   "It is a draft until readers have checked it.")
    return ("---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n"
            + body + "\n\n# Who checked this document {#checked .unnumbered}\n\n"
            + '::: {.block picture="checked"}\n' + checked + "\n:::\n")


def _inlines(text: str) -> list:
    """`text` as inlines, a word with a hyphen in a nowrap Span: never split "co-production"
    across lines."""
    return [{"t": "Span", "c": [["", ["nowrap"], []], [item]]}
            if item["t"] == "Str" and re.search(r"\w-\w", item["c"]) else item
            for item in inlines(text)]


def build_ast(edition: EasyRead) -> dict:
    """One parse, the filters in this process, then the Hard words page and picture credits."""
    project = edition.project
    doc = parse(markdown_input(edition), project.manuscript)
    doc.copress = FilterContext(project, easy_read_sources(project))
    doc.easy_read = er = EasyReadContext(edition.glossary, edition.pictures)
    doc = run_filters(doc, [load_filter(name) for name in FILTERS])
    used = list(getattr(doc, "glossary_used", []))
    ast = json.loads(to_json(doc))
    blocks = ast["blocks"]
    at = next((i for i, b in enumerate(blocks) if b["t"] == "Header" and b["c"][1][0] == "checked"),
              len(blocks))
    if used:
        words = [{"t": "Header", "c": [1, ["hard-words", ["unnumbered"], []], _inlines("Hard words")]},
                 {"t": "Para", "c": _inlines("These are the hard words in this document and what they mean.")}]
        for term in sorted(used, key=lambda t: t.word.lower()):
            words.append({"t": "Div", "c": [["", ["hard-word-entry"], []], [
                {"t": "Para", "c": [{"t": "Strong", "c": _inlines(term.word)}]},
                {"t": "Para", "c": _inlines(term.means)}]]})
        blocks[at:at] = [{"t": "Div", "c": [["", ["hard-words"], []], words]}]
    if er.used_openmoji:
        blocks.append({"t": "Div", "c": [["", ["credits"], []],
                                          [{"t": "Para", "c": _inlines(OPENMOJI_CREDIT)}]]})
    ast["meta"] = {k: v for k, v in ast["meta"].items() if k in {"title", "subtitle", "lang"}}
    if edition.draft:
        ast["meta"]["draft"] = {"t": "MetaString", "c": DRAFT_MARK}
    return ast
