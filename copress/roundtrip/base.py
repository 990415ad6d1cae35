"""The article as it was at the recorded commit, rebuilt with every block tagged by its origin.

The DOCX a co-author edited was built from that commit, so rebuilding it (same filters, same
citeproc) gives exactly the text they saw. Each top-level Markdown block is preceded by a marker
(a raw HTML comment, which the filters pass through), so every block of the rebuilt article
knows the file and chunk it came from; blocks without one were generated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import gate
from ..errors import CopressError
from ..project import ARTICLE_FILE, Project
from .chunks import split_chunks

MARK = re.compile(r"^<!-- copress-chunk (\S+) (\d+) -->$")
END = "<!-- copress-end -->"
GENERATED_DIVS = {"byline", "abstract", "keywords", "refs", "language-notice"}
GENERATED_HEADERS = {"abstract-title": "abstract", "sec-contributions": "contributions",
                     "sec-acknowledgements": "acknowledgements"}
STATEMENTS = ("contributions", "acknowledgements")


@dataclass
class Leaf:
    """One block as the reader of a DOCX sees it (divs flattened)."""

    block: dict
    file: str | None = None      # manuscript file name, None when generated
    chunk: int | None = None
    generated: str | None = None  # which generated part: byline, abstract, refs, …


@dataclass
class BaseArticle:
    commit: str
    chunks: dict[str, list[str]]          # file name → its chunks at the commit
    leaves: list[Leaf]
    citations: dict[str, list[list]] = field(default_factory=dict)  # rendered text → citations
    anchors: dict[str, str] = field(default_factory=dict)           # fig-x → fig:x
    pictures: dict[str, str] = field(default_factory=dict)          # image src → sha256 at the commit


def export_commit(repo, commit: str, prefix: str, dest: Path) -> None:
    """The project's files at `commit` (manuscript, contributors, templates, copress.yaml)."""
    tree = repo.commit(commit).tree
    keep = ("manuscript/", "contributors/", "templates/", "copress.yaml")
    for item in tree.traverse():
        if item.type != "blob" or not item.path.startswith(prefix):
            continue
        rel = item.path[len(prefix):]
        if not rel.startswith(keep):
            continue
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(item.data_stream.read())


def mark_sources(root: Path) -> dict[str, list[str]]:
    """Rewrite manuscript/NN-*.md in the exported copy with a marker before every chunk."""
    found = {}
    for path in sorted((root / "manuscript").iterdir()):
        if not ARTICLE_FILE.match(path.name):
            continue
        chunks = split_chunks(gate.read_source(path, root, f"manuscript/{path.name}"))
        found[path.name] = chunks
        parts = []
        for n, chunk in enumerate(chunks):
            first = chunk.split("\n", 1)[0]
            if re.match(r"^:::+\s*\{#refs\b", first) and parts:
                # credit.py keeps the References heading with the list: no marker between them.
                parts.append(chunk)
                continue
            if any(re.match(rf"^:::+\s*\{{#{name}\b", first) for name in STATEMENTS):
                lines = chunk.split("\n")
                chunk = "\n".join(lines[:-1] + ["", END, "", lines[-1]])
            parts.append(f"<!-- copress-chunk {path.name} {n} -->\n\n{chunk}")
        path.write_text("\n\n".join(parts) + "\n", encoding="utf-8")
    return found


def rebuild(repo, commit: str, project_root: Path, workdir: Path) -> BaseArticle:
    from ..article.models import build_article
    from ..provenance import Provenance

    prefix = project_root.resolve().relative_to(Path(repo.working_tree_dir).resolve()).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    export_commit(repo, commit, prefix, workdir)
    if not (workdir / "manuscript").is_dir():
        raise CopressError(f"commit {commit[:7]} has no manuscript/ folder in this project",
                           hint="give the commit the DOCX was built from with --base COMMIT")
    chunks = mark_sources(workdir)
    project = Project.load(workdir)
    article = build_article(project, Provenance(commit, 0, False))
    ast = article.reading_order()
    base = BaseArticle(commit, chunks, [])
    _leaves(ast["blocks"], base, [None, None], None)
    _collect(ast["blocks"], base)
    base.pictures = _pictures(ast["blocks"], workdir / "manuscript")
    return base


def _pictures(blocks: list, folder: Path) -> dict[str, str]:
    """Each picture's bytes as they were at the commit (the build embedded them unchanged), so
    a picture changed in Word can be told from one left alone."""
    import hashlib
    from urllib.parse import unquote

    from ..document import images

    found = {}
    for image in images(blocks):
        src = image["c"][2][0]
        path = folder / unquote(src)
        if src not in found and path.is_file():
            found[src] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def _leaves(blocks: list, base: BaseArticle, origin: list, generated: str | None,
            statement: str | None = None) -> None:
    """Flatten divs; blocks after the end marker of a statement div are generated."""
    after_end = False
    for block in blocks:
        kind = block["t"]
        if kind == "RawBlock":
            text = block["c"][1].strip()
            match = MARK.match(text)
            if match:
                origin[0], origin[1] = match.group(1), int(match.group(2))
            elif text == END:
                after_end = True
            continue
        if kind == "Div":
            (ident, classes, _), children = block["c"]
            part = ident if ident in GENERATED_DIVS else next((c for c in classes if c in GENERATED_DIVS), None)
            inner = next((n for n in STATEMENTS if f"copress-{n}" in classes), None)
            if inner and not any(c["t"] == "RawBlock" and c["c"][1].strip() == END for c in children):
                part = inner  # a section copress added: all of it is generated
            _leaves(children, base, origin, generated or part, inner)
            continue
        gen = generated or (statement if after_end else None)
        if kind == "Header" and block["c"][1][0] in GENERATED_HEADERS:
            gen = GENERATED_HEADERS[block["c"][1][0]]
        if gen:
            base.leaves.append(Leaf(block, generated=gen))
        else:
            base.leaves.append(Leaf(block, origin[0], origin[1]))


def _collect(node, base: BaseArticle) -> None:
    """Rendered citation text → its citations; cross-reference anchors → ids."""
    from .text import text_of

    if isinstance(node, list):
        for item in node:
            _collect(item, base)
        return
    if not isinstance(node, dict):
        return
    kind = node.get("t")
    if kind == "Cite":
        base.citations.setdefault(" ".join(text_of(node["c"][1]).split()), []).append(node["c"][0])
        return
    if kind in ("Header", "Figure", "Table", "Div", "Span"):
        attr = node["c"][1] if kind == "Header" else node["c"][0]
        ident = attr[0]
        if re.match(r"^(fig|tbl|sec)-", ident):
            base.anchors[ident] = ident.replace("-", ":", 1)
    for value in node.values():
        if isinstance(value, (list, dict)):
            _collect(value, base)
