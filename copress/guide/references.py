"""Each resource's full reference in the project's CSL style, formatted by pandoc's citeproc.

citeproc-py was the design's choice, but with biomed-central.csl it runs date parts together
("Accessed 1Jan2025") where pandoc's citeproc writes "Accessed 1 Jan 2025". Pandoc formats
every entry in one run (about 0.15 s for 60), in a thread while the rest of the guide is read.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import tempfile
from pathlib import Path

from ..document import run_pandoc
from ..errors import CopressError
from ..htmlsafe import sanitise
from .models import Guide, Resource

_AUTHOR = re.compile(r"^\s*([^,]+?)\s*,\s*(.+?)\s*$")


def csl_item(resource: Resource, csl_type: str) -> dict:
    """A resource as a CSL-JSON item. An organisation that publishes its own work is its author."""
    item: dict = {"id": resource.id, "type": csl_type, "title": resource.title, "URL": resource.url}
    if resource.authors:
        item["author"] = [_name(a) for a in resource.authors]
        if resource.publisher:
            item["publisher"] = resource.publisher
    else:
        item["author"] = [{"literal": resource.publisher}]
    if resource.year is not None:
        item["issued"] = {"date-parts": [[resource.year]]}
    if resource.accessed:
        item["accessed"] = {"date-parts": [[int(p) for p in resource.accessed.split("-")]]}
    return item


def _name(text: str) -> dict:
    match = _AUTHOR.match(text)
    return {"family": match.group(1), "given": match.group(2)} if match else {"literal": text.strip()}


def format_references(guide: Guide, csl: str, cwd: Path) -> dict[str, str]:
    """Every entry's reference in one pandoc run, as {resource id: HTML}. Items go in entry
    order, so a numbered style numbers them as the guide does."""
    items = [csl_item(r, guide.vocab.type_csl[r.type]) for r in guide.resources]
    tmp = Path(tempfile.mkdtemp(prefix="copress-guide-"))
    try:
        bib = tmp / "resources.json"
        bib.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
        args = ["-f", "markdown", "-t", "html5", "--wrap=none", "--citeproc",
                f"--bibliography={bib}", f"--csl={csl}"]
        out, _ = run_pandoc(args, b"---\nnocite: '@*'\n---\n", cwd, "formatting the guide's references")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    refs = parse_bibliography(sanitise(out.decode("utf-8")))  # titles come from people
    missing = [r.id for r in guide.resources if not refs.get(r.id)]
    if missing:
        raise CopressError(f"the citation style gave no reference for resource '{missing[0]}'",
                           "manuscript/metadata.yaml", hint="choose another style with `csl:`")
    return refs


def parse_bibliography(text_html: str) -> dict[str, str]:
    """Pandoc's `<div id="ref-ID" class="csl-entry">` → {ID: inner HTML}. Links are dropped
    (each entry has its own live link) and block wrappers become spans, so a reference sits
    inside a paragraph."""
    import lxml.html

    root = lxml.html.fragment_fromstring(text_html, create_parent="div")
    refs = {}
    for entry in root.iterfind(".//div[@class]"):
        if "csl-entry" not in entry.get("class", "").split():
            continue
        for link in list(entry.iter("a")):
            link.drop_tag()
        for inner in entry.iter("div"):
            if inner is not entry:
                inner.tag = "span"
        text = (entry.text or "").lstrip()
        inner_html = html.escape(text, quote=False)
        inner_html += "".join(lxml.html.tostring(c, encoding="unicode") for c in entry)
        refs[entry.get("id", "").removeprefix("ref-")] = inner_html.strip()
    return refs
