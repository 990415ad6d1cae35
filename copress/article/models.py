"""The article after filters and citeproc: one pandoc document in the reading order each
output needs, built by one parse, one filter pass and one citeproc run."""

from __future__ import annotations

import dataclasses
import json
import marshal
from dataclasses import dataclass

from .. import textkit
from ..assets import load_filter
from ..document import citeproc, parse, run_filters, to_json
from ..filterkit import FilterContext, article_sources
from ..messages import messages
from ..project import Project, language_notice
from ..provenance import Provenance
from .sources import markdown_input, resolve_bibliography, resolve_csl


# Order matters: check images (the input gate names the bad ones) and make raw HTML safe
# before anything renders them; resolve cross-references before citeproc would take @fig:x
# for a citation key; credit blocks last.
FILTERS = ("images", "safe_html", "headings", "crossref", "quotes", "credit")

# Metadata that may reach an output. Everything else (bibliography and CSL paths, internal keys)
# is dropped: pandoc copies unknown keys into DOCX custom properties.
PUBLIC_META = {"title", "subtitle", "lang", "keywords", "abstract", "date", "author"}


@dataclass
class Article:
    """The article after filters and citeproc: a pandoc AST (as JSON data) and its project."""

    project: Project
    provenance: Provenance
    ast: dict
    warnings: list[str] = dataclasses.field(default_factory=list)  # from the filters: file:line: message

    def _copy(self) -> dict:
        """A copy of the AST that each output may change (the HTML renderer embeds images).
        The AST is JSON data (dicts, lists, strings, numbers), which marshal copies several
        times faster than copy.deepcopy: on a book-length article that was seconds."""
        return marshal.loads(marshal.dumps(self.ast))

    def reading_order(self) -> dict:
        """For HTML and DOCX: byline, then abstract and keywords, then the body."""
        ast = self._copy()
        meta = ast["meta"]
        words = messages(self.project.metadata.lang)
        front = []
        abstract = meta.pop("abstract", None)
        if abstract:
            blocks = abstract["c"] if abstract["t"] == "MetaBlocks" else [{"t": "Para", "c": abstract["c"]}]
            front.append(_div("abstract", ["abstract"],
                              [_header(1, words.text("article.abstract"), "abstract-title"), *blocks]))
        keywords = meta.get("keywords")
        if keywords and keywords["t"] == "MetaList":
            inlines = [{"t": "Strong", "c": [{"t": "Str", "c": words.text("article.keywords")}]}]
            for n, item in enumerate(keywords["c"]):
                inlines += [{"t": "Str", "c": ";"}] if n else []
                inlines += [{"t": "Space"}, *_meta_inlines(item)]
            front.append(_div("", ["keywords"], [{"t": "Para", "c": inlines}]))
        blocks = ast["blocks"]
        at = 1 if blocks and _is_div(blocks[0], "byline") else 0
        blocks[at:at] = front
        notice = self.language_notice()
        if notice:  # first, above the byline: the reader sees it before anything copress wrote
            blocks[0:0] = [_div("language-notice", ["language-notice"],
                                [{"t": "Para", "c": textkit.inlines(text)} for text in notice])]
        return ast

    def language_notice(self) -> list[str]:
        """'Not yet checked by a fluent speaker', in the article's language and in English,
        until copress.yaml `languages:` names who checked copress's words in it; else []."""
        return language_notice(self.project, self.project.metadata.lang)

    def for_jats(self) -> dict:
        """For JATS: the byline lives in <contrib-group>, not in the body, and the generated
        statements are plain section content (a div would become <boxed-text>)."""
        ast = self._copy()

        def unwrap(blocks: list) -> list:
            out = []
            for block in blocks:
                if block.get("t") == "Div":
                    classes = block["c"][0][1]
                    if "byline" in classes:
                        continue
                    if any(c.startswith("copress-") for c in classes):
                        out += unwrap(block["c"][1])
                        continue
                    block["c"][1] = unwrap(block["c"][1])
                out.append(block)
            return out

        ast["blocks"] = unwrap(ast["blocks"])
        return ast


def _is_div(block: dict, ident: str) -> bool:
    return block.get("t") == "Div" and block["c"][0][0] == ident


def _div(ident: str, classes: list[str], blocks: list) -> dict:
    return {"t": "Div", "c": [[ident, classes, []], blocks]}


def _header(level: int, text: str, ident: str) -> dict:
    return {"t": "Header", "c": [level, [ident, [], []], textkit.inlines(text)]}


def _meta_inlines(item: dict) -> list:
    if item["t"] == "MetaInlines":
        return item["c"]
    if item["t"] == "MetaString":
        return [{"t": "Str", "c": item["c"]}]
    return []


def build_article(project: Project, provenance: Provenance) -> Article:
    """Parse once, run every filter in this process, format citations once."""
    sources = article_sources(project)
    bibliography = resolve_bibliography(project)
    text = markdown_input(project, resolve_csl(project), bibliography, sources)
    doc = parse(text, project.manuscript)
    doc.copress = FilterContext(project, sources)
    doc = run_filters(doc, [load_filter(name) for name in FILTERS])
    data = to_json(doc)
    if b'"Cite"' in data:
        shown = project.shown(project.manuscript / bibliography) if bibliography else None
        data = citeproc(data, project.manuscript, sources, shown)
    ast = json.loads(data)
    ast["meta"] = {k: v for k, v in ast["meta"].items() if k in PUBLIC_META}
    return Article(project, provenance, ast, doc.copress.warnings)
