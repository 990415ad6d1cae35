"""A record of contribution: one person's private, keepable account of what they did (PDF, DOCX).

`copress credit record ID [--easy-read]` writes it into build/private/records/<id>/ for someone
to keep for a job application, a volunteering portfolio or their own satisfaction: the name they
consented to (their pseudonym, unless `record-name:` in their private side file says otherwise),
the project, their CRediT roles in plain words, their involvement by stage with dates and hours,
the outputs with the DOI where metadata.yaml has one, and whom to ask to confirm it.
Records are private (the person's involvement is theirs to share): nothing public refers to them.
This module says what a record says; record_files.py renders it.
"""

from __future__ import annotations

import datetime as dt
import re

from ..contributors import Contributor
from ..errors import CopressError
from ..messages import Messages
from ..project import Project
from ..vocab.credit import PLAIN
from .ledger import Entry


def literal(text: str) -> str:
    """Text shown as it is in Markdown (names, activities, e-mail addresses are not markup)."""
    return re.sub(r"([\\`*_\[\]<>#~^$|@])", r"\\\1", str(text))


def record_name(project: Project, person: Contributor) -> str:
    """The name on the record: `record-name:` if the team recorded one, else the name the
    person consented to publish (a pseudonym stays a pseudonym)."""
    # someone who withdrew from the project has no published name: the one their file gives
    return person.record_name or project.public_names().get(person.id) or person.public_name()


def credited_as(project: Project, person: Contributor) -> str | None:
    """How the article credits the person as published now: "author", "thanked" or None
    (not acknowledged, or withdrawn from the project)."""
    if person.id in {p.id for p in project.authors}:
        return "author"
    if person.acknowledge and person.id in {p.id for p in project.others}:
        return "thanked"
    return None


def contact(project: Project) -> str | None:
    """Whom to ask to confirm a record: copress.yaml `review: {contact}`, else the
    corresponding author (named in full, with a public e-mail), else nobody named."""
    if project.config.review.contact:
        return project.config.review.contact
    for person in project.authors:
        if person.corresponding and person.email:
            return f"{person.name}, {person.email}"
    return None


def _hours(words: Messages, hours: float) -> str:
    return words.plural("common.hours", hours)


def _outputs(project: Project, person: Contributor, name: str, words: Messages) -> list[str]:
    """The outputs this person is credited in, each with its DOI or link when metadata.yaml
    has one (never made up)."""
    meta = project.metadata
    article = words.text("record.output-article", title=literal(meta.title))
    # only the DOI metadata.yaml records (`doi:`): a record names no identifier of its own making
    lines = [words.text("record.output-link", what=article, link=f"<https://doi.org/{meta.doi}>")
             if meta.doi else article]
    if person.id in project.config.easy_read.reviewed_by:
        lines.append(words.text("record.output-easy-read", name=literal(name)))
    return lines


def _by_stage(project: Project, entry: Entry) -> dict[str, list]:
    """Stage slug → the person's events there, stages in the project's order (unknown ones last)."""
    stages: dict[str, list] = {slug: [] for slug in project.stages}
    for event in entry.events:
        stages.setdefault(event.stage, []).append(event)
    return {slug: events for slug, events in stages.items() if events}


def standard_markdown(project: Project, person: Contributor, entry: Entry, words: Messages,
                      issued: dt.date) -> str:
    """The standard record, in the third person (it is shown to others), as Markdown."""
    name, title = literal(record_name(project, person)), literal(project.metadata.title)
    lines = [words.text("record.confirms", name=name, title=title), ""]
    credited = credited_as(project, person)
    if credited:
        lines += [words.text(f"record.{credited}", name=name, title=title), ""]
    lines += [words.text("record.took-part-as", name=name,
                         kind=words.text(f"article.kind-phrase.{person.kind}")), ""]

    lines += [f"# {words.text('record.roles-heading')}", ""]
    if person.credit:
        lines += [words.text("record.roles-intro"), ""]
        for claim in person.credit:
            degree = f" ({words.text('record.degree.' + claim.degree)})" if claim.degree else ""
            lines.append(f"- **{literal(claim.name)}**{degree}: {literal(PLAIN[claim.role])}")
    else:
        lines.append(words.text("record.no-roles"))

    lines += ["", f"# {words.text('record.involvement-heading')}", ""]
    stages = _by_stage(project, entry)
    if stages:
        lines += [words.text("record.involvement-intro"), ""]
    else:
        lines.append(words.text("record.no-involvement"))
    for slug, events in stages.items():
        lines += [f"## {literal(project.stages.get(slug, slug))}", ""]
        for event in (e for e in events if e.source == "involvement"):
            values = {"date": words.date(event.date), "activity": literal(event.activity)}
            lines.append("- " + (words.text("record.entry-hours", hours=_hours(words, event.hours), **values)
                                 if event.hours else words.text("record.entry", **values)))
        commits = [e for e in events if e.source == "git"]
        if commits:
            lines.append("- " + words.plural("record.changes", len(commits), first=words.date(commits[0].date),
                                             last=words.date(commits[-1].date)))
        lines.append("")
    if entry.hours:
        lines += [words.text("record.total-hours", hours=_hours(words, entry.hours)), ""]

    lines += [f"# {words.text('record.outputs-heading')}", ""]
    lines += [f"- {line}" for line in _outputs(project, person, record_name(project, person), words)]
    lines += ["", f"# {words.text('record.confirm-heading')}", ""]
    who = contact(project)
    lines += [words.text("record.confirm-contact", contact=literal(who)) if who
              else words.text("record.confirm-team", title=title), "",
              words.text("record.issued", date=words.date(issued)), ""]
    return "\n".join(lines)


def easy_read_markdown(project: Project, person: Contributor, entry: Entry, words: Messages,
                       issued: dt.date) -> str:
    """The easy-read record: speaks to the person, short sentences, one idea a line."""
    name, title = literal(record_name(project, person)), literal(project.metadata.title)

    def para(*texts: str) -> list[str]:  # one idea a line: each line its own paragraph
        return [line for text in texts for part in text.split("\n") for line in (part, "")]

    lines = para(words.text("record.easy-for", name=name), words.text("record.easy-about"),
                 words.text("record.easy-project", title=title))
    credited = credited_as(project, person)
    if credited:
        lines += para(words.text(f"record.easy-{credited}"))
    lines += [f"# {words.text('record.easy-roles-heading')}", ""]
    for claim in person.credit:
        lines += para(f"**{literal(claim.name)}**", literal(PLAIN[claim.role]))
    if not person.credit:
        lines += para(words.text("record.easy-no-roles"))
    stages = _by_stage(project, entry)
    if stages:
        lines += [f"# {words.text('record.easy-when-heading')}", ""]
    for slug, events in stages.items():
        lines += [f"## {literal(project.stages.get(slug, slug))}", ""]
        for event in (e for e in events if e.source == "involvement"):
            lines += para(words.text("record.easy-entry", date=words.date(event.date),
                                     activity=literal(event.activity).rstrip(".")))
            if event.hours:
                lines += para(words.text("record.easy-entry-hours", hours=_hours(words, event.hours)))
        commits = sum(1 for e in events if e.source == "git")
        if commits:
            lines += para(words.plural("record.easy-changes", commits))
    if entry.hours:
        lines += para(words.text("record.easy-total", hours=_hours(words, entry.hours)))
    lines += [f"# {words.text('record.easy-keep-heading')}", ""]
    lines += para(words.text("record.easy-keep"))
    lines += [f"# {words.text('record.easy-check-heading')}", ""]
    who = contact(project)
    lines += para(words.text("record.easy-check-contact", contact=literal(who)) if who
                  else words.text("record.easy-check-team"),
                  words.text("record.easy-made", date=words.date(issued)))
    return "\n".join(lines)


MARKDOWN = {"standard": standard_markdown, "easy-read": easy_read_markdown}


def known(project: Project, cid: str) -> None:
    """Refuse an id that is not a contributor's, saying which ids there are."""
    if cid not in project.contributors:
        raise CopressError(f"no contributor '{cid}'", "contributors/",
                           hint="use the file name of their contributor file, e.g. " +
                                ", ".join(sorted(project.contributors)[:3]))


def record_warnings(project: Project, cid: str) -> list[str]:
    """What the team should know before handing the record over."""
    person = project.contributors[cid]
    if person.named == "anonymous" and not person.record_name:
        shown = project.public_names()[cid]
        return [f"{cid} chose not to be named, so the record calls them '{shown}'; with their "
                f"agreement, add record-name: to contributors/{cid}.private.yaml to put a name on it"]
    return []
