"""The easy-read edition as one pandoc document: the text with its metadata, the filters in one
pass, then the parts copress writes — who checked it, the Hard words page, picture credits."""

from __future__ import annotations

import json
import re

import yaml

from ..assets import load_filter
from ..document import parse, run_filters, to_json
from ..filterkit import FilterContext
from ..textkit import inlines
from .filtering import EasyReadContext, easy_read_sources
from .models import EasyRead

# Make raw HTML safe first; glossary words are marked before blocks are laid out.
FILTERS = ("safe_html", "quotes", "glossary", "pictures")


def _escape(text: str) -> str:
    return re.sub(r"([\\`*_{}\[\]<>#$@~^|!])", r"\\\1", text)


def markdown_input(edition: EasyRead) -> str:
    """The easy-read text with its metadata, then the parts copress writes, in the edition's
    language: who checked it."""
    words = edition.words
    meta = {"title": edition.title, "subtitle": edition.subtitle, "lang": edition.lang}
    body = "\n".join(edition.text.source.splitlines()[edition.text.body_start - 1:])
    if edition.reviewers:
        checked = _escape(words.text("easy-read.checked-by", names=words.join_and(edition.reviewers)))
    else:
        checked = _escape(words.text("easy-read.not-checked"))
    return ("---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n"
            + body + f"\n\n# {_escape(words.text('easy-read.who-checked'))} {{#checked .unnumbered}}\n\n"
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
    words = edition.words
    if used:
        page = [{"t": "Header", "c": [1, ["hard-words", ["unnumbered"], []],
                                      _inlines(words.text("easy-read.hard-words"))]},
                {"t": "Para", "c": _inlines(words.text("easy-read.hard-words-intro"))}]
        for term in sorted(used, key=lambda t: t.word.lower()):
            page.append({"t": "Div", "c": [["", ["hard-word-entry"], []], [
                {"t": "Para", "c": [{"t": "Strong", "c": _inlines(term.word)}]},
                {"t": "Para", "c": _inlines(term.means)}]]})
        blocks[at:at] = [{"t": "Div", "c": [["", ["hard-words"], []], page]}]
    if er.used_openmoji:
        blocks.append({"t": "Div", "c": [["", ["credits"], []],
                                          [{"t": "Para", "c": _inlines(words.text("easy-read.pictures-credit"))}]]})
    notice = edition.language_notice()
    if notice:  # first: the reader meets it before anything else copress wrote
        blocks[0:0] = [{"t": "Div", "c": [["language-notice", ["language-notice"], []],
                                          [{"t": "Para", "c": inlines(text)} for text in notice]]}]
    ast["meta"] = {k: v for k, v in ast["meta"].items() if k in {"title", "subtitle", "lang"}}
    if edition.draft:
        ast["meta"]["draft"] = {"t": "MetaString", "c": words.text("easy-read.draft-mark")}
    return ast
