"""`copress import-docx`: an edited article.docx back into the manuscript, as a git commit."""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
import tempfile
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from ..document import run_pandoc
from ..errors import CopressError
from ..project import Project
from ..render.docx import CITATION_STYLE
from .base import BaseArticle, Leaf, rebuild
from .chunks import is_div, join_chunks, split_chunks
from .docxread import Comment, TheirLeaf, read_blocks, read_comments, recorded_commit
from .figures import FigureNote, figure_notes, is_figure, label_pattern, split_at_figures
from .identity import CommitIdentity, commit_identity, review_label, who_runs_git
from .merge import merge3
from .package import read_package
from .text import key, text_of

SPLIT = "<!-- copress-split -->"
LABEL = label_pattern(r"\.?$")  # "Figure 1." in any language copress writes
PART_NAMES = {"byline": "the byline", "abstract": "the abstract", "keywords": "the keywords",
              "language-notice": "the note that the language is not yet checked",
              "refs": "the references", "contributions": "Authors' contributions",
              "acknowledgements": "Acknowledgements"}


@dataclass
class ImportResult:
    commit: str | None
    changed: list[str] = field(default_factory=list)  # project-relative paths
    note: str | None = None
    author: str = ""
    comments: int = 0
    generated_edits: int = 0
    figure_changes: int = 0


def import_docx(root: Path, docx: Path, contributor: str, changes: str = "accept",
                base: str | None = None, today: dt.date | None = None) -> ImportResult:
    import git

    project = Project.load(root)
    if contributor not in project.contributors:
        raise CopressError(f"no contributor '{contributor}'", "contributors/",
                           hint="--by takes a contributor id: the name of a file in contributors/ "
                                "without .yaml")
    package = read_package(docx)  # a hostile file is refused before git or pandoc sees it
    try:
        repo = git.Repo(project.root, search_parent_directories=True)
    except git.exc.InvalidGitRepositoryError:
        raise CopressError("is not a git repository", project.root,
                           hint="import-docx records the edits as a commit: run `git init` first")
    if repo.is_dirty(untracked_files=False):
        raise CopressError("the work tree has uncommitted changes; nothing was imported",
                           project.root, hint="commit or stash them (git status shows them), then "
                                              "import again")
    importer = who_runs_git(repo, "the person importing")
    commit = base or recorded_commit(package)
    if not commit:
        raise CopressError("this DOCX does not record the commit it was built from (it was not built "
                           "by copress, or the property was removed)", docx,
                           hint="give the commit it was built from: --base COMMIT")
    try:
        commit = repo.commit(commit).hexsha
    except (ValueError, git.BadName, git.exc.GitCommandError):
        raise CopressError(f"commit {commit} is not in this repository", docx,
                           hint="fetch the history it was built from, or give --base COMMIT")

    with tempfile.TemporaryDirectory(prefix="copress-import-") as tmp:
        article = rebuild(repo, commit, project.root, Path(tmp))
        theirs = read_blocks(package, changes, Path(tmp))
    comments = read_comments(package)
    names = project.public_names()
    identity = commit_identity(project, contributor)
    label = review_label(project, contributor)
    plans, notes, pairs = _align(article, theirs)
    figures = figure_notes(article, pairs, package)
    used: dict[str, int] = {}
    pieces = {}
    for items in plans.values():
        for item in items:
            if item[0] == "new":
                pieces[id(item[1])] = _piece(to_source(item[1], article, used), item[2])
    texts = _to_markdown(pieces, project.root)
    new_chunks = _theirs_chunks(article, plans, texts)

    written: dict[str, str] = {}
    conflicts = []
    for name, theirs_chunks in new_chunks.items():
        base_chunks = article.chunks[name]
        if theirs_chunks == base_chunks:
            continue
        path = project.manuscript / name
        if not path.exists():
            conflicts.append(f"manuscript/{name}: the file was removed or renamed since commit "
                             f"{commit[:7]}, but the DOCX edits it")
            continue
        ours_text = path.read_text(encoding="utf-8")
        ours_chunks = split_chunks(ours_text)
        merged, found = merge3(base_chunks, ours_chunks, theirs_chunks)
        for conflict in found:
            where = (conflict.ours or conflict.base or [""])[0]
            line = ours_text.find(where.split("\n", 1)[0]) if where else -1
            at = ours_text.count("\n", 0, line) + 1 if line >= 0 else None
            conflicts.append(f"manuscript/{name}{':' + str(at) if at else ''}: changed in the DOCX and "
                             f"in the Markdown since commit {commit[:7]} — “{_short(where)}”")
        if merged != ours_chunks:
            ending = ours_text[len(ours_text.rstrip()):] or "\n"
            written[f"manuscript/{name}"] = join_chunks(merged).rstrip() + ending
    if conflicts:
        # Their whole version goes on a branch from the commit the DOCX was built from, so that
        # git can merge it and mark the conflicts for a person to resolve; main is not touched.
        theirs_files = {f"manuscript/{name}": join_chunks(chunks).rstrip() + "\n"
                        for name, chunks in new_chunks.items() if chunks != article.chunks[name]}
        if identity.record:
            # a new commit address travels with their version, so the merge records it
            at_base = _file_at(repo, project.root, commit, identity.file)
            if at_base is not None:
                theirs_files[identity.file] = add_git_address(at_base, identity.address)
        branch = _conflict_branch(repo, project.root, commit, theirs_files, label,
                                  (today or dt.date.today()),
                                  _message(identity, commit, sorted(theirs_files), 0, 0, 0, importer),
                                  git.Actor(identity.name, identity.address), git.Actor(*importer))
        raise CopressError("the DOCX and the Markdown both changed the same text; nothing was "
                           "imported into your branch:\n  " + "\n  ".join(conflicts),
                           hint=f"the co-author's version is on the branch {branch}: run "
                                f"`git merge {branch}`, resolve the places git marks, and commit")

    when = today or dt.date.today()
    note_path = None
    if comments or notes or figures:
        # named by the consented name, not the id: a path shows in history and in the message
        note_path = f"manuscript/review/{label}-{when.isoformat()}.md"
        existing = project.root / note_path
        previous = existing.read_text(encoding="utf-8") if existing.exists() else ""
        written[note_path] = previous + _review_note(names[contributor], commit, comments, notes,
                                                     bool(previous), figures)
    if not written:
        return ImportResult(None, author=identity.name)

    if identity.record:
        written[identity.file] = add_git_address(
            (project.root / identity.file).read_text(encoding="utf-8"), identity.address)
    message = _message(identity, commit, sorted(written), len(comments), len(notes), len(figures),
                       importer)
    sha = _commit(repo, project.root, written, message, git.Actor(identity.name, identity.address),
                  git.Actor(*importer))
    return ImportResult(sha, sorted(written), note_path, identity.name, len(comments), len(notes),
                        len(figures))


# ── the importer's identity and the commit ──────────────────────────────────────────────────

def _file_at(repo, root: Path, commit: str, rel: str) -> str | None:
    """A project file's text at `commit`, or None when it did not exist then."""
    path = (root / rel).resolve().relative_to(Path(repo.working_tree_dir).resolve()).as_posix()
    try:
        return repo.commit(commit).tree[path].data_stream.read().decode("utf-8")
    except (KeyError, UnicodeDecodeError):
        return None


def _conflict_branch(repo, root: Path, base: str, files: dict[str, str], label: str,
                     when: dt.date, message: str, author, committer) -> str:
    """Commit `files` on top of `base` on a new branch, with a private index: neither the work
    tree, the index nor HEAD changes. `label` names the co-author as they agreed (branch names
    are pushed and shown like history)."""
    import os

    work = Path(repo.working_tree_dir).resolve()
    branch = f"copress/import-{label}-{when.isoformat()}"
    n = 1
    while branch in [h.name for h in repo.heads]:
        n += 1
        branch = f"copress/import-{label}-{when.isoformat()}-{n}"
    with tempfile.TemporaryDirectory(prefix="copress-index-") as tmp:
        env = {**os.environ, "GIT_INDEX_FILE": str(Path(tmp) / "index"),
               "GIT_AUTHOR_NAME": author.name, "GIT_AUTHOR_EMAIL": author.email,
               "GIT_COMMITTER_NAME": committer.name, "GIT_COMMITTER_EMAIL": committer.email}
        run = lambda *args, **kw: repo.git.execute(["git", *args], env=env, **kw)  # noqa: E731
        run("read-tree", base)
        for rel, text in files.items():
            path = str((root / rel).resolve().relative_to(work))
            staged = Path(tmp) / "blob"
            staged.write_text(text, encoding="utf-8")
            blob = run("hash-object", "-w", "--path", path, str(staged))
            run("update-index", "--add", "--cacheinfo", f"100644,{blob},{path}")
        tree = run("write-tree")
        sha = run("commit-tree", tree, "-p", base, "-m", message)
    repo.create_head(branch, sha)
    return branch


def _message(identity: CommitIdentity, commit: str, paths: list[str], comments: int, notes: int,
             figures: int, importer: tuple[str, str]) -> str:
    """The commit message: the consented name only. The contributor file's path holds their id,
    which for someone not named in full may be their real name, so it is described instead."""
    lines = [f"Edits from {identity.name}, made in Word (import-docx)", "",
             f"Imported from a DOCX built from commit {commit[:7]}."]
    if comments:
        lines.append(f"{comments} comment(s) kept as a review note.")
    if notes:
        lines.append(f"{notes} edit(s) to generated text kept as a review note.")
    if figures:
        lines.append(f"{figures} figure(s) changed or removed in Word kept as a review note; "
                     "the Markdown keeps the figures.")
    shown = [f"the contributor file of {identity.name} (its commit address)"
             if p == identity.file and not identity.named_in_full else p for p in paths]
    lines += ["", *[f"- {p}" for p in shown], "", f"Co-authored-by: {importer[0]} <{importer[1]}>"]
    return "\n".join(lines) + "\n"


def _commit(repo, root: Path, written: dict[str, str], message: str, author, committer) -> str:
    """Write the files and commit them; on any failure put everything back as it was."""
    work = Path(repo.working_tree_dir)
    before: dict[Path, bytes | None] = {}
    try:
        for rel, text in written.items():
            path = root / rel
            before[path] = path.read_bytes() if path.exists() else None
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        repo.index.add([str(p.resolve().relative_to(work.resolve())) for p in before])
        return repo.index.commit(message, author=author, committer=committer).hexsha
    except Exception as err:
        for path, data in before.items():
            if data is None:
                path.unlink(missing_ok=True)
            else:
                path.write_bytes(data)
        try:
            repo.index.reset()
        except Exception:
            pass
        if isinstance(err, CopressError):
            raise
        raise CopressError(f"could not commit the imported edits: {err}",
                           hint="nothing was changed; check the repository with git status")


def add_git_address(text: str, address: str) -> str:
    """Add `address` to the contributor file's git: list, keeping its comments and layout."""
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    for n, line in enumerate(lines):
        match = re.match(r"^git:\s*(.*?)\s*(#.*)?$", line.rstrip("\n"))
        if not match:
            continue
        value = match.group(1)
        if not value:
            end = n + 1
            indent = "  "
            while end < len(lines) and re.match(r"^(\s+-\s|\s*#|\s*$)", lines[end]):
                if re.match(r"^\s+-\s", lines[end]):
                    indent = re.match(r"^(\s+)-", lines[end]).group(1)
                end += 1
            while end > n + 1 and not lines[end - 1].strip():
                end -= 1
            lines.insert(end, f"{indent}- {address}\n")
        elif value.startswith("[") and value.endswith("]"):
            inner = value[1:-1].strip()
            lines[n] = f"git: [{inner + ', ' if inner else ''}{address}]\n"
        else:
            lines[n] = f"git: [{value}, {address}]\n"
        return "".join(lines)
    return "".join(lines) + f"git:\n  - {address}\n"


# ── aligning the DOCX with the rebuilt article ─────────────────────────────────────────────

def _align(article: BaseArticle, theirs: list[TheirLeaf]):
    """The chunks the DOCX changed, as plans ((file, chunk) → kept base leaves and new blocks),
    the edits to generated text as (part, was, now), and each figure of the article with what
    the DOCX has in its place (their Figure block, or None when it was deleted)."""
    leaves = article.leaves
    plan: dict[tuple[str, int], list] = {}
    for leaf in leaves:
        if leaf.file is not None:
            plan.setdefault((leaf.file, leaf.chunk), []).append(("keep", leaf))
    touched: set[tuple[str, int]] = set()
    notes: list[tuple[str, str, str]] = []
    pairs: list = []
    matcher = SequenceMatcher(None, [key(leaf.block) for leaf in leaves],
                              [key(leaf.block) for leaf in theirs], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pairs += [(old, new.block) for old, new in zip(leaves[i1:i2], theirs[j1:j2]) if is_figure(old)]
            continue
        # a figure is only ever matched with a figure: one deleted in Word stays (figures.py)
        for olds, news, at in split_at_figures(leaves[i1:i2], theirs[j1:j2], i1, pairs):
            _apply(leaves, olds, news, at, plan, touched, notes)
    return {where: plan[where] for where in touched}, notes, pairs


def _apply(leaves: list[Leaf], olds: list[Leaf], news: list[TheirLeaf], at: int, plan: dict,
           touched: set, notes: list) -> None:
    """One changed stretch: base leaves `olds` (from article index `at`) became `news`."""
    source = [leaf for leaf in olds if leaf.file is not None]
    generated = [leaf for leaf in olds if leaf.file is None]
    anchor = None
    if not source and at > 0 and leaves[at - 1].file is not None and not olds:
        anchor = leaves[at - 1]  # an insertion after a block written by the authors
    if source or anchor:
        src_news = [n.block for n in news if not n.generated]
        gen_news = [n for n in news if n.generated]
    else:
        src_news, gen_news = [], news
    if generated or gen_news:
        part = generated[0].generated if generated else _nearest_part(leaves, at)
        notes.append((PART_NAMES.get(part or "", part or "generated text"),
                      "\n\n".join(text_of(leaf.block) for leaf in generated),
                      "\n\n".join(text_of(n.block) for n in gen_news)))
    if source and len(source) == len(src_news) > 1:
        # as many blocks as before: each replaces its own (they may be in different files)
        for leaf, block in zip(source, src_news):
            _replace(plan, [leaf], [block], touched)
        return
    if source:
        _replace(plan, source[:1], src_news, touched)
        for leaf in source[1:]:
            where = (leaf.file, leaf.chunk)
            plan[where] = [item for item in plan[where] if item[1] is not leaf]
            touched.add(where)
    elif anchor is not None and src_news:
        items = plan[(anchor.file, anchor.chunk)]
        place = next(n for n, item in enumerate(items) if item[1] is anchor)
        items[place + 1:place + 1] = [("new", block, None) for block in src_news]
        touched.add((anchor.file, anchor.chunk))


def _replace(plan: dict, source: list[Leaf], blocks: list[dict], touched: set) -> None:
    first = source[0]
    items = plan[(first.file, first.chunk)]
    at = next(n for n, item in enumerate(items) if item[1] is first)
    items[at:at + 1] = [("new", b, first if n == 0 and b["t"] == first.block["t"] else None)
                        for n, b in enumerate(blocks)]
    touched.add((first.file, first.chunk))


def _nearest_part(leaves: list[Leaf], at: int) -> str | None:
    for leaf in reversed(leaves[:at]):
        if leaf.generated:
            return leaf.generated
        if leaf.file:
            return None
    return None


# ── from what the DOCX reader gives back to what the Markdown said ─────────────────────────

def to_source(node, article: BaseArticle, used: dict[str, int]):
    """Citation runs → Cite (their keys), links to figures, tables and sections → @fig:x …,
    picture and table numbers dropped from captions, Word's styles and change authors dropped."""
    if isinstance(node, list):
        return _flatten([to_source(item, article, used) for item in _join_citations(node)])
    if not isinstance(node, dict):
        return node
    kind = node.get("t")
    if kind == "Span":
        attrs = dict(node["c"][0][2])
        style = attrs.get("custom-style")
        if style == CITATION_STYLE:
            return _citation(node, article, used)
        if style is not None or not any(node["c"][0][:2]) and not attrs:
            return {"t": "__splice__", "c": to_source(node["c"][1], article, used)}
        if set(node["c"][0][1]) & {"comment-start", "comment-end"}:
            return {"t": "__splice__", "c": []}  # comments become review notes instead
        if "author" in attrs and set(node["c"][0][1]) & {"insertion", "deletion", "paragraph-insertion",
                                                          "paragraph-deletion"}:
            # Word records the editor's own name here, which may be one they did not agree to publish
            attr = [node["c"][0][0], node["c"][0][1], [kv for kv in node["c"][0][2]
                                                       if kv[0] not in ("author", "date")]]
            return {"t": "Span", "c": [attr, to_source(node["c"][1], article, used)]}
    if kind == "Link":
        target = node["c"][2][0]
        if target.startswith("#") and target[1:] in article.anchors:
            return _cite([{"citationId": article.anchors[target[1:]], "citationPrefix": [],
                           "citationSuffix": [], "citationMode": {"t": "AuthorInText"},
                           "citationNoteNum": 0, "citationHash": 0}])
    if kind == "Figure":
        node = copy.deepcopy(node)
        node["c"][1][1] = _unwrap_styles(node["c"][1][1])  # the reader's "Image Caption" div
        _drop_label(node["c"][1][1])
    if kind == "Table":
        node = copy.deepcopy(node)
        _drop_label(node["c"][1][1])
    return {k: to_source(v, article, used) if isinstance(v, (list, dict)) else v
            for k, v in node.items()}


def _flatten(nodes: list) -> list:
    out = []
    for node in nodes:
        if isinstance(node, dict) and node.get("t") == "__splice__":
            out += _flatten(node["c"])
        else:
            out.append(node)
    return out


def _join_citations(nodes: list) -> list:
    """The reader may split one citation into several runs (an edit nearby): join them."""
    out = []
    for node in nodes:
        if (isinstance(node, dict) and out and _is_citation(node) and _is_citation(out[-1])):
            out[-1] = {"t": "Span", "c": [out[-1]["c"][0], out[-1]["c"][1] + node["c"][1]]}
        else:
            out.append(node)
    return out


def _is_citation(node) -> bool:
    return (isinstance(node, dict) and node.get("t") == "Span"
            and ["custom-style", CITATION_STYLE] in node["c"][0][2])


def _cite(citations: list) -> dict:
    return {"t": "Cite", "c": [citations, [{"t": "Str", "c": "(citation)"}]]}


def _citation(span: dict, article: BaseArticle, used: dict[str, int]):
    """The keys of a rendered citation: by its text in the rebuilt article, else by its links."""
    text = " ".join(text_of(span["c"][1]).split())
    known = article.citations.get(text)
    if known:
        n = used.get(text, 0)
        used[text] = n + 1
        return _cite(copy.deepcopy(known[min(n, len(known) - 1)]))
    keys = re.findall(r'"#ref-([^"]+)"', json.dumps(span))
    if keys:
        return _cite([{"citationId": k, "citationPrefix": [], "citationSuffix": [],
                       "citationMode": {"t": "NormalCitation"}, "citationNoteNum": 0,
                       "citationHash": 0} for k in dict.fromkeys(keys)])
    return {"t": "__splice__", "c": span["c"][1]}


def _unwrap_styles(blocks: list) -> list:
    """Blocks with the reader's paragraph-style divs (custom-style only) replaced by their content."""
    out = []
    for block in blocks:
        if block["t"] == "Div" and not any(block["c"][0][:2]) and \
                all(k == "custom-style" for k, _ in block["c"][0][2]):
            out += _unwrap_styles(block["c"][1])
        else:
            out.append(block)
    return out


def _drop_label(blocks: list) -> None:
    """Remove the "Figure 1." / "Table 1." copress put at the start of a caption."""
    if not blocks or blocks[0]["t"] not in ("Plain", "Para"):
        return
    inlines = blocks[0]["c"]
    while inlines and inlines[0]["t"] == "Span" and not inlines[0]["c"][0][0]:
        inlines[0:1] = inlines[0]["c"][1]
    if inlines and inlines[0]["t"] == "Strong" and LABEL.match(" ".join(text_of(inlines[0]).split())):
        del inlines[0]
        while inlines and inlines[0]["t"] == "Space":
            del inlines[0]


# ── DOCX blocks back to Markdown ───────────────────────────────────────────────────────────

def _piece(block: dict, old: Leaf | None) -> dict:
    """What to write as Markdown: a heading's or figure's text alone when the source line keeps
    its attributes (the DOCX reader loses ids, classes and the picture's path)."""
    if old is not None and block["t"] == "Header":
        return {"t": "Plain", "c": block["c"][2]}
    if old is not None and block["t"] == "Figure":
        caption = block["c"][1][1]
        inlines = caption[0]["c"] if caption and caption[0]["t"] in ("Plain", "Para") else []
        return {"t": "Plain", "c": inlines}
    return block


def _to_markdown(pieces: dict[int, dict], cwd: Path) -> dict[int, str]:
    """id(DOCX block) → its Markdown, in one pandoc run."""
    if not pieces:
        return {}
    body = []
    for block in pieces.values():
        body += [block, {"t": "RawBlock", "c": ["html", SPLIT]}]
    doc = {"pandoc-api-version": [1, 23, 1], "meta": {}, "blocks": body}
    out, _ = run_pandoc(["-f", "json", "-t", "markdown", "--wrap=none"],
                        json.dumps(doc).encode("utf-8"), cwd, "writing Markdown")
    parts = out.decode("utf-8").split(SPLIT)
    return {ident: _typography(part.strip()) for ident, part in zip(pieces, parts)}


def _typography(text: str) -> str:
    """pandoc writes dashes as --- and --; the manuscripts use the characters themselves."""
    text = re.sub(r"(?<=\s)---(?=\s)", "—", text)
    text = re.sub(r"(?<=\w)---(?=\w)", "—", text)
    return re.sub(r"(?<=\w)--(?=\w)", "–", text)


def _theirs_chunks(article: BaseArticle, plans: dict, texts: dict[int, str]) -> dict[str, list[str]]:
    out: dict[str, list] = {name: list(chunks) for name, chunks in article.chunks.items()}
    for (name, n), items in plans.items():
        out[name][n] = _rewrite(article.chunks[name][n], items, texts)
    return {name: [c for c in chunks if c is not None] for name, chunks in out.items()}


HEADING_ATTRS = re.compile(r"^(#{1,6})\s.*?(\s*\{[^}]*\})?\s*$")
FIGURE = re.compile(r"^!\[.*\](\(.*\)(\{.*\})?)\s*$", re.DOTALL)


def _new_text(item: tuple, texts: dict[int, str], base_chunk: str) -> str:
    text = texts[id(item[1])]
    old = item[2]
    if old is not None and item[1]["t"] == "Header":
        match = HEADING_ATTRS.match(base_chunk.split("\n", 1)[0]) if not is_div(base_chunk) else None
        if match:
            return f"{match.group(1)} {text}{match.group(2) or ''}"
    if old is not None and item[1]["t"] == "Figure":
        match = FIGURE.match(base_chunk) if not is_div(base_chunk) else None
        if match:
            return f"![{text}]{match.group(1)}"
    if old is not None and item[1]["t"] == "Table":
        attrs = re.search(r"^:\s.*?(\{#[^}]*\})\s*$", base_chunk, re.MULTILINE)
        if attrs and "{#" not in text:
            lines = text.split("\n")
            for n in range(len(lines) - 1, -1, -1):
                if lines[n].lstrip().startswith(":"):
                    lines[n] = lines[n].rstrip() + " " + attrs.group(1)
                    break
            text = "\n".join(lines)
    return text


def _rewrite(base_chunk: str, items: list, texts: dict[int, str]) -> str | None:
    """A chunk's new Markdown: unchanged blocks keep their source, new ones come from the DOCX."""
    if not items:
        return None
    if is_div(base_chunk):
        lines = base_chunk.split("\n")
        inner = iter(split_chunks("\n".join(lines[1:-1])))
        parts = [next(inner, "") if item[0] == "keep" else _new_text(item, texts, "") for item in items]
        return "\n".join([lines[0], "\n\n".join(p for p in parts if p), lines[-1]])
    parts = [base_chunk if item[0] == "keep" else _new_text(item, texts, base_chunk) for item in items]
    return "\n\n".join(dict.fromkeys(parts))


# ── review notes ───────────────────────────────────────────────────────────────────────────

def _short(text: str, width: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 1] + "…"


def _quote(text: str) -> str:
    return "\n".join("> " + line if line else ">" for line in (text or "(nothing)").split("\n"))


def _review_note(name: str, commit: str, comments: list[Comment], notes: list, again: bool,
                 figures: list[FigureNote] = ()) -> str:
    out = [] if again else [f"# Review notes from {name}", ""]
    out += [f"## From the Word document built from commit {commit[:7]}", ""]
    for n, comment in enumerate(comments, 1):
        out += [f"### Comment {n}", "", "On the text:", "", _quote(comment.quoted), "",
                f"{name} wrote:", "", _quote(comment.text), ""]
    for part, was, now in notes:
        out += [f"### Edit to {part} (generated by copress, so not applied)", "",
                "Was:", "", _quote(was), "", "Now:", "", _quote(now), "",
                "Change the contributor files or metadata if this edit should stand.", ""]
    for figure in figures:
        out += figure.lines(name)
    return "\n".join(out)
