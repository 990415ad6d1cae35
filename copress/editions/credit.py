"""The credit edition: statements, timeline, CITATION.cff and ledger from git history and involvement."""

from __future__ import annotations

import base64
import re
import json
from typing import Callable

import yaml

from ..credit.cff import citation_cff
from ..credit.ledger import Ledger, build_ledger
from ..credit.records import ledger_json, recognition_csv
from ..credit.statements import contributions_markdown
from ..credit.timeline import timeline_svg
from ..document import parse, to_json
from ..outputs import Staging
from ..project import Project
from ..provenance import read_provenance
from ..render.html import render_html
from ..targets import of_edition

TARGETS = of_edition("credit")


def timeline_description(ledger: Ledger) -> str:
    rows = [e for e in ledger.ordered() if e.events]
    first = min((e.first for e in rows), default=None)
    last = max((e.last for e in rows), default=None)
    return (f"Chart of when each of {len(rows)} contributors took part, from {first} to {last}, "
            "by research stage. The same information is in the table below the chart.")


def build_outputs(project: Project, wanted: set[str], staging: Staging,
                  progress: Callable[[str], None], pdf: object = None) -> None:  # no PDF here
    progress("reading the project's history")
    provenance = read_provenance(project.root)
    ledger = build_ledger(project, staging.out / "private" / "cache")
    title = f"Who was involved and when: {project.metadata.title}"
    description = timeline_description(ledger)
    progress("drawing the timeline")
    svg = timeline_svg(ledger, title, description)
    markdown = contributions_markdown(ledger, description)
    staging.write("credit/contributions.md", markdown)
    staging.write("credit/timeline.svg", svg)
    staging.write("credit/CITATION.cff", citation_cff(project, provenance.commit,
                                                      provenance.date if provenance.commit else None))
    staging.write("credit/ledger.json", ledger_json(ledger))
    staging.write("private/recognition.csv", recognition_csv(ledger))

    # The web page: the same Markdown, the chart embedded so the page is one file.
    heading, _, body = markdown.partition("\n")
    embedded = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")
    meta = {"title": heading.lstrip("# ").strip(), "lang": project.metadata.lang}
    # The renderer shifts headings one level down (the title is the only <h1>), so the
    # statements' `##` sections go up one to come out as <h2>, not <h3> after the <h1>.
    body = re.sub(r"^#(#+) ", r"\1 ", body, flags=re.MULTILINE)
    text = "---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n" + \
        body.replace("](timeline.svg)", f"]({embedded})")
    ast = json.loads(to_json(parse(text, project.root)))
    staging.write("credit/contributions.html", render_html(ast, project, provenance.stamp()))
