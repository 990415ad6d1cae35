"""pandoc ⇄ panflute: parse a document once, run filters in one in-process pass, write formats."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType

import panflute as pf

from .errors import CopressError


@cache
def pandoc_path() -> str:
    """The pandoc bundled in pypandoc-binary (never a system pandoc).

    Found beside the package without importing it: pypandoc imports urllib.request, http and
    ssl (for its download helper), and asks every pandoc it can find for its version."""
    from importlib.util import find_spec

    spec = find_spec("pypandoc")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        bundled = os.path.join(folder, "files", "pandoc")
        if os.path.isfile(bundled) and os.access(bundled, os.X_OK):
            return bundled
    import pypandoc

    return pypandoc.get_pandoc_path()


def pandoc_env(epoch: int | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PANDOC_DATA_DIR",)}
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = str(epoch)
    return env


def start_pandoc(args: list[str], cwd: Path, epoch: int | None) -> subprocess.Popen:
    """Start pandoc; feed it with `.communicate(input)`. Lets writers run side by side."""
    return subprocess.Popen(
        [pandoc_path(), *args], cwd=cwd, env=pandoc_env(epoch),
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def finish_pandoc(proc: subprocess.Popen, data: bytes, what: str) -> tuple[bytes, str]:
    out, err = proc.communicate(data)
    text = err.decode("utf-8", "replace")
    if proc.returncode != 0:
        raise CopressError(f"pandoc failed while {what}: {text.strip()}")
    return out, text


def run_pandoc(args: list[str], data: bytes, cwd: Path, what: str,
               epoch: int | None = None) -> tuple[bytes, str]:
    return finish_pandoc(start_pandoc(args, cwd, epoch), data, what)


@dataclass
class Sources:
    """The source files of a document, to point messages at a file and line."""

    files: list[tuple[str, str]]  # (shown path, text)

    def locate(self, needle: str) -> tuple[str | None, int | None]:
        for shown, text in self.files:
            pos = text.find(needle)
            if pos >= 0:
                return shown, text.count("\n", 0, pos) + 1
        return None, None

    def error(self, message: str, needle: str, hint: str | None = None) -> CopressError:
        shown, line = self.locate(needle)
        return CopressError(message, shown, line, hint)


def parse(markdown: str, cwd: Path) -> pf.Doc:
    """Markdown (with a YAML metadata block) → panflute Doc: the one parse of a document."""
    out, _ = run_pandoc(["-f", "markdown", "-t", "json"], markdown.encode("utf-8"), cwd,
                        "reading the manuscript")
    return pf.load(io.StringIO(out.decode("utf-8")))


def run_filters(doc: pf.Doc, modules: list[ModuleType]) -> pf.Doc:
    """Run filter modules (prepare, action, finalize) on `doc` in this process, in order."""
    for module in modules:
        prepare = getattr(module, "prepare", None)
        finalize = getattr(module, "finalize", None)
        if prepare:
            prepare(doc)
        action = getattr(module, "action", None)
        if action:
            doc = walk(doc, action, doc) or doc
        if finalize:
            finalize(doc)
    return doc


def walk(elem: pf.Element, action, doc: pf.Doc):
    """panflute's Element.walk (children first, then `action(elem, doc)`; None keeps the
    element, [] removes it, an element or a list replaces it), except that a container none of
    whose items changed is kept rather than rebuilt. panflute rebuilds every list in the
    document on every walk, type-checking each item again: about a third of the filters' time
    (0.7 s of CPU on a 100,000-word manuscript)."""
    for name in elem._children:
        child = getattr(elem, name)
        if isinstance(child, pf.Element):
            new = walk(child, action, doc)
            if new is not child:
                setattr(elem, name, new)
        elif isinstance(child, pf.ListContainer):
            items, changed = [], False
            for item in child:  # iterating attaches each item to its parent, as panflute's does
                new = walk(item, action, doc)
                if type(new) is list:
                    items.extend(new)
                    changed = True
                else:
                    items.append(new)
                    changed = changed or new is not item
            if changed:
                setattr(elem, name, items)
        elif isinstance(child, pf.DictContainer):
            pairs = [(key, value, walk(value, action, doc)) for key, value in child.items()]
            if any(new is not value for _, value, new in pairs):
                setattr(elem, name, [(key, new) for key, _, new in pairs if new != []])
        elif child is not None:
            raise TypeError(type(child))
    altered = action(elem, doc)
    return elem if altered is None else altered


def to_json(doc: pf.Doc) -> bytes:
    buffer = io.StringIO()
    pf.dump(doc, buffer)
    return buffer.getvalue().encode("utf-8")


CITEPROC_MISSING = re.compile(r"Citeproc: citation (\S+) not found")
# pandoc 3: "Error reading bibliography file references.bib:\n(line 23, column 1):\nunexpected '@'"
BIBLIOGRAPHY_BROKEN = re.compile(r"Error reading bibliography file (?P<file>.+?):\s*"
                                 r"(?:\(line (?P<line>\d+), column (?P<column>\d+)\):\s*)?"
                                 r"(?P<detail>.*)", re.S)


def citeproc(data: bytes, cwd: Path, sources: Sources, bibliography: str | None = None,
             lang: str | None = None) -> bytes:
    """Resolve citations once (pandoc's citeproc); an unknown key stops the build.
    bibliography: the bibliography's path as messages show it. lang: the document's language
    tag, when its metadata does not say it: pandoc then writes "and", "et al." and the months
    with the CSL locale of that language (pandoc bundles cy-GB: "a/ac", "Mawrth")."""
    args = ["-f", "json", "-t", "json", "--citeproc"] + ([f"--metadata=lang={lang}"] if lang else [])
    proc = start_pandoc(args, cwd, None)
    out, err_bytes = proc.communicate(data)
    err = err_bytes.decode("utf-8", "replace")
    broken = BIBLIOGRAPHY_BROKEN.search(err) if proc.returncode else None
    if broken:
        raise bibliography_error(broken, bibliography)
    if proc.returncode:
        raise CopressError(f"pandoc failed while formatting citations: {err.strip()}")
    missing = CITEPROC_MISSING.findall(err)
    if missing:
        key = missing[0]
        raise sources.error(f"unknown citation key '@{key}'", "@" + key,
                            hint="add the reference to the bibliography, or fix the key")
    if "[WARNING]" in err and "Could not" in err:
        raise CopressError(f"pandoc could not process the bibliography: {err.strip()}",
                           hint="check the bibliography and csl entries in manuscript/metadata.yaml")
    return out


def bibliography_error(broken: re.Match, bibliography: str | None) -> CopressError:
    """pandoc's message about a .bib it cannot parse, as the file, the line and what to do."""
    detail = " ".join(broken["detail"].split()) or "it is not valid BibTeX"
    where = f" near column {broken['column']}" if broken["column"] else ""
    line = int(broken["line"]) if broken["line"] else None
    return CopressError(
        f"the bibliography cannot be read{where}: {detail}", bibliography or broken["file"], line,
        hint="look at this line and the entry just above it: every entry is written "
             "@type{key, field = {value}, ...} with each { closed by a } and a comma between fields. "
             "A missing } or , is the usual cause; pandoc notices it where the next thing begins")


def images(blocks: list):
    """Every Image node in a pandoc AST (as JSON data), in document order."""
    stack = [blocks]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if node.get("t") == "Image":
                yield node
            stack.extend(reversed(list(node.values())))
        elif isinstance(node, list):
            stack.extend(reversed(node))


def strip_metadata(data: bytes, keep: set[str], extra: dict | None = None) -> bytes:
    """Keep only publishable metadata keys (pandoc copies any other key into DOCX properties)."""
    ast = json.loads(data)
    ast["meta"] = {k: v for k, v in ast["meta"].items() if k in keep}
    for key, value in (extra or {}).items():
        ast["meta"][key] = value
    return json.dumps(ast, ensure_ascii=False).encode("utf-8")
