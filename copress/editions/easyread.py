"""The easy-read edition: manuscript/easy-read.md + glossary.yaml + pictures → PDF, HTML, DOCX.

The text is checked against the easy-read rules before anything is rendered; an error stops
the build. Until copress.yaml names a reviewer (`easy-read: {reviewed-by: [ids]}`), every page
carries a draft mark; the reviewers' names are printed as each consented to be named.
"""

from __future__ import annotations

import hashlib
import importlib
import io
import json
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import yaml

from .. import gate
from ..assets import load_filter, print_stylesheets, template
from ..cache import read_cached, write_cached
from ..findings import Finding
from ..document import finish_pandoc, images, parse, run_filters, start_pandoc, to_json
from ..easyread.draft import DRAFT
from ..easyread.filtering import SOURCE, EasyReadContext, easy_read_sources
from ..easyread.glossary import Glossary, load_glossary
from ..easyread.pictures import OPENMOJI_CREDIT, PictureTable
from ..easyread.rules import Context, check_pages, check_text
from ..easyread.text import EasyReadText, parse_text
from ..errors import CopressError
from ..filterkit import FilterContext
from ..outputs import Staging
from ..project import Project
from ..provenance import read_provenance
from ..render.docx import fix_alt_text
from ..render.html import render_html as html_page
from ..render.pdf.worker import PdfWorker
from ..targets import of_edition
from ..textkit import inlines, join_and

# `copress build easy-read` writes all three files; TARGETS names the target and its main file.
TARGETS = of_edition("easyread")
FILES = {"pdf": "easy-read.pdf", "html": "easy-read.html", "docx": "easy-read.docx"}

# Make raw HTML safe first; glossary words are marked before blocks are laid out.
FILTERS = ("safe_html", "glossary", "pictures")

DRAFT_MARK = "Draft — not yet checked by readers"
FRONT_KEYS = {"title", "subtitle"}  # what easy-read.md's own YAML block may set


@dataclass
class EasyRead:
    """The edition's sources, read and checked once."""

    project: Project
    text: EasyReadText
    glossary: Glossary
    pictures: PictureTable
    reviewers: list[str]  # public names, as consented
    title: str
    subtitle: str

    @property
    def draft(self) -> bool:
        return not self.reviewers

    def findings(self) -> list[Finding]:
        return check_text(Context(self.text, self.glossary, self.pictures, self.project.root))


def has_easy_read(project: Project) -> bool:
    return (project.manuscript / "easy-read.md").is_file()


def read_easy_read(project: Project) -> EasyRead:
    path = project.manuscript / "easy-read.md"
    if not path.exists() and (project.manuscript / DRAFT).is_file():
        # right after `copress easy-read draft`: the draft is never read as the edition itself
        raise CopressError(f"there is no easy-read text yet, only the draft manuscript/{DRAFT}", SOURCE,
                           hint=f"copy (or rename) manuscript/{DRAFT} to {SOURCE}, then run "
                                "`copress easy-read check` again: it shows what to rewrite")
    if not path.exists():
        raise CopressError("there is no easy-read text", SOURCE,
                           hint="write it, or start from `copress easy-read draft`")
    text = parse_text(gate.read_source(path, project.root, SOURCE), SOURCE)
    front = _front_matter(text)
    return EasyRead(project, text, load_glossary(project.manuscript), PictureTable(project.root),
                    reviewers(project), front.get("title", project.metadata.title),
                    front.get("subtitle", "Easy read version"))


def _front_matter(text: EasyReadText) -> dict[str, str]:
    if text.body_start <= 1:
        return {}
    block = "\n".join(text.source.splitlines()[1:text.body_start - 2])
    from ..yamlfile import parse_yaml

    data = parse_yaml(block, SOURCE, first_line=2).data or {}  # line 1 is the '---'
    unknown = set(data) - FRONT_KEYS if isinstance(data, dict) else {"(not a mapping)"}
    if unknown:
        raise CopressError(f"unknown key '{sorted(unknown)[0]}' in the YAML block", SOURCE, 1,
                           hint="easy-read.md may set only title: and subtitle:")
    return {k: str(v) for k, v in data.items()}


def reviewers(project: Project) -> list[str]:
    """copress.yaml easy-read.reviewed-by → names as consented; an unknown id is an error."""
    ids = project.config.easy_read.reviewed_by
    names = project.public_names()
    for n, cid in enumerate(ids):
        if cid not in names:
            line = None
            if (project.root / "copress.yaml").is_file():
                from ..yamlfile import load_yaml

                line = load_yaml(project.root / "copress.yaml", "copress.yaml").line_of(
                    ("easy-read", "reviewed-by", n))
            raise CopressError(f"easy-read reviewer '{cid}' has no file contributors/{cid}.yaml",
                               "copress.yaml", line,
                               hint="reviewed-by lists contributor ids (contributor file names)")
    return [names[cid] for cid in ids]


def errors_to_exception(findings: list[Finding]) -> CopressError | None:
    """All error findings as one CopressError that points at the first."""
    errors = [f for f in findings if f.severity == "error"]
    if not errors:
        return None
    lines = [f"{f.file}:{f.line}: {f.message} [{f.rule}]" if f.line else f"{f.file}: {f.message} [{f.rule}]"
             for f in errors]
    first = errors[0]
    return CopressError(f"the easy-read text breaks {len(errors)} easy-read rule(s):\n  "
                        + "\n  ".join(lines), first.file, first.line,
                        "fix each one; `copress easy-read check` explains every rule and how to fix it")


# ----------------------------------------------------------------------------- the document

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


# ---------------------------------------------------------------------------------- renderers

def render_html(ast: dict, project: Project, stamp: str) -> str:
    """The easy-read page: the shared HTML renderer with the easy-read template and stylesheet
    (copress.yaml's extra `css:` is for the article)."""
    return html_page(json.loads(json.dumps(ast)), project, stamp, "easy-read.html", "easy-read.css",
                     extra_css=False)


def _png(svg: Path, size: int = 288) -> bytes:
    """The picture as a PNG, rasterised once and kept in copress's cache (cairo costs ~1 s to load)."""
    data = gate.read_picture(svg, svg.name)[0]
    name = f"picture-{hashlib.sha256(data).hexdigest()[:20]}-{size}.png"
    cached = read_cached(name)
    if cached:
        return cached.read_bytes()
    import cairosvg

    png = cairosvg.svg2png(bytestring=data, url=str(svg), output_width=size, output_height=size)
    write_cached(name, png)
    return png


def _cell(blocks: list) -> list:
    return [["", [], []], {"t": "AlignDefault"}, 1, 1, blocks]


def _blocks_table(rows: list[tuple[list, list]]) -> dict:
    """Blocks as the rows of a two-column table without borders or header: picture on the
    left, words on the right. Word has no other way to keep a picture beside its text that
    survives editing; each row is kept on one page (see fix_alt_text's keep_rows)."""
    no_attr = ["", [], []]
    return {"t": "Table", "c": [
        no_attr, [None, []],
        [[{"t": "AlignLeft"}, {"t": "ColWidth", "c": 0.22}],
         [{"t": "AlignLeft"}, {"t": "ColWidth", "c": 0.78}]],
        [no_attr, []],
        [[no_attr, 0, [], [[no_attr, [_cell(picture), _cell(words)]] for picture, words in rows]]],
        [no_attr, []]]}


def _as_tables(blocks: list) -> list:
    """Each run of consecutive easy-read blocks (Div.block holding Div.picture and Div.words)
    becomes one table, a block a row."""
    out: list = []
    run: list = []
    for node in blocks:
        classes = node["c"][0][1] if node["t"] == "Div" else []
        if "block" in classes:
            parts = {part["c"][0][1][0]: part["c"][1] for part in node["c"][1]
                     if part["t"] == "Div" and part["c"][0][1]}
            run.append((parts.get("picture", []), parts.get("words", [])))
            continue
        if run:
            out.append(_blocks_table(run))
            run = []
        if node["t"] == "Div":
            node["c"][1] = _as_tables(node["c"][1])
        out.append(node)
    if run:
        out.append(_blocks_table(run))
    return out


def start_docx(ast: dict, project: Project, epoch: int, folder: Path):
    """Pandoc embeds SVG in DOCX only with rsvg-convert: pictures become PNGs in `folder`,
    referred to by relative paths (an absolute path would be written into the DOCX). Blocks
    become table rows, so each picture stands beside its text as in the PDF."""
    ast = json.loads(json.dumps(ast))
    ast["blocks"] = _as_tables(ast["blocks"])
    names: dict[str, str] = {}

    for node in images(ast["blocks"]):
        target = node["c"][2]
        source = Path(target[0])
        if source not in names:
            name = f"pictures/{len(names) + 1}{'.png' if source.suffix == '.svg' else source.suffix}"
            (folder / "pictures").mkdir(parents=True, exist_ok=True)
            if source.suffix.lower() == ".svg":
                (folder / name).write_bytes(_png(source))
            else:
                (folder / name).write_bytes(gate.read_picture(source, source.name)[0])
            names[source] = name
        target[0] = names[source]
        node["c"][0][2] = [kv for kv in node["c"][0][2] if kv[0] not in ("width", "height")] + \
            [["width", "2.5cm"], ["height", "2.5cm"]]
    args = ["-f", "json", "-t", "docx", "-o", "-",
            "--reference-doc", str(template("easy-read.docx", project.root))]
    return start_pandoc(args, folder, epoch), json.dumps(ast).encode("utf-8")


def page_count(pdf: bytes) -> int:
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        return len(doc.pages)


def check_length(pdf: bytes) -> None:
    """Stop the build if the edition's PDF has more pages than easy read allows."""
    error = errors_to_exception(check_pages(page_count(pdf), FILES["pdf"]))
    if error:
        raise error


def build_outputs(project: Project, wanted: set[str], staging: Staging,
                  progress: Callable[[str], None], pdf: PdfWorker) -> None:
    """Check the text, then write easy-read.pdf, .html and .docx. A project without
    manuscript/easy-read.md has no easy-read edition: nothing is written."""
    if not has_easy_read(project):
        staging.notice("skipped", "the easy-read edition: there is no manuscript/easy-read.md "
                                  "(copress easy-read draft writes a first draft; docs/easy-read.md)")
        return
    pdf.warm()  # the worker imports WeasyPrint while this process checks the text
    progress("checking the easy-read text")
    edition = read_easy_read(project)
    error = errors_to_exception(edition.findings())
    if error:
        raise error
    provenance = read_provenance(project.root)
    ast = build_ast(edition)
    with tempfile.TemporaryDirectory(prefix="copress-easy-read-") as folder:
        # pandoc writes the DOCX while this process writes the HTML and the worker the PDF.
        proc, data = start_docx(ast, project, provenance.epoch, Path(folder))
        try:
            progress("writing easy-read HTML")
            html = render_html(ast, project, provenance.stamp())
            staging.write(FILES["html"], html)
            progress("rendering the easy-read PDF")
            staging.write_when_done(
                FILES["pdf"],
                pdf.render(html, project.manuscript, [project.root], SOURCE,
                           print_stylesheets("easy-read-print.css", project.root)),
                check=check_length)
            importlib.import_module("pikepdf")  # for check_length, while the worker renders
            out, _ = finish_pandoc(proc, data, "writing easy-read DOCX")
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        staging.write(FILES["docx"], fix_alt_text(out, provenance.epoch, keep_rows=True))
