"""The credit edition: statements, timeline, CITATION.cff and ledger from git history and involvement."""

from __future__ import annotations

import base64
import re
import json
from dataclasses import dataclass
from typing import Callable

import yaml

from ..credit.cff import citation_cff
from ..credit.ledger import Ledger, build_ledger
from ..credit.records import ledger_json, recognition_csv
from ..credit.statements import SignedOff, contributions_markdown
from ..credit.timeline import timeline_svg
from ..credit.zenodo import zenodo_json
from ..document import parse, to_json
from ..messages import Messages, messages
from ..outputs import Staging
from ..project import Project, language_notice
from ..provenance import read_provenance
from ..render.html import render_html
from ..targets import of_edition

TARGETS = of_edition("credit")


def timeline_description(ledger: Ledger, words: Messages) -> str:
    rows = [e for e in ledger.ordered() if e.events]
    first = min((e.first for e in rows), default=None)
    last = max((e.last for e in rows), default=None)
    return words.text("credit.timeline-description", count=len(rows), first=first, last=last)


def signed_off(project: Project) -> dict[str, SignedOff]:
    """Each author's latest sign-off (copress signoff, signoffs/<id>.yaml), and whether it is of
    the article's text as it is now, for the credit page."""
    from ..signoff import load_signoffs, source_hash

    latest = {p.id: records[-1] for p in project.authors if (records := load_signoffs(project, p.id))}
    now = source_hash(project) if latest else None
    return {cid: SignedOff(record.date, record.source == now) for cid, record in latest.items()}


def build_outputs(project: Project, wanted: set[str], staging: Staging,
                  progress: Callable[[str], None], pdf: object = None) -> None:  # no PDF here
    progress("reading the project's history")
    ledger = build_ledger(project, staging.out / "private" / "cache")
    progress("drawing the timeline")
    statement = credit_statement(project, ledger)
    staging.write("credit/contributions.md", statement.markdown)
    staging.write("credit/timeline.svg", statement.svg)
    # The deposit files name the article's version: the last commit that changed its sources,
    # not HEAD, so that committing them (copress deposit) does not make them out of date.
    article = read_provenance(project.root, "article")
    released = article.date if article.commit else None
    staging.write("credit/CITATION.cff", citation_cff(project, article.commit, released))
    # what `copress deposit` copies to the project's root, where GitHub and Zenodo read it
    staging.write("credit/.zenodo.json", zenodo_json(project, article.commit, released))
    staging.write("credit/ledger.json", ledger_json(ledger))
    staging.write("private/recognition.csv", recognition_csv(ledger))
    staging.write("credit/contributions.html", statement.html)


@dataclass(frozen=True)
class Statement:
    """The credit statement: who did what, the timeline, and the web page holding both."""

    markdown: str
    svg: str
    html: str


def credit_statement(project: Project, ledger: Ledger) -> Statement:
    """The credit statement of `project` as this view of it may show people (the credit page's,
    or the submission package's, which may show only what the article does too)."""
    # the page's words in the article's language, with the "not yet checked" notice until
    # copress.yaml `languages:` names who checked copress's words in it
    lang = project.metadata.lang
    words = messages(lang)
    title = words.text("credit.timeline-title", title=project.metadata.title)
    description = timeline_description(ledger, words)
    svg = timeline_svg(ledger, title, description, words)
    markdown = contributions_markdown(ledger, description, signed_off(project), words,
                                      language_notice(project, lang))
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
    stamp = read_provenance(project.root).stamp(lang)
    return Statement(markdown, svg, render_html(ast, project, stamp))
