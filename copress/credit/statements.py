"""Public statements from the ledger: CRediT by person and by role, acknowledgements, how work was shared.

Also the one home of the credit wording: the article's "Authors' contributions" and
"Acknowledgements" (filters/credit.py) and the credit edition's statement (below) take their
words from `contribution` and `acknowledgement`, as plain runs of text the caller formats."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from ..messages import Messages, messages
from ..vocab.credit import ROLES
from .ledger import Ledger

KIND_PLURAL = {"public": "Public contributors", "researcher": "Researchers",
               "practitioner": "Practitioners", "group": "Groups", "other": "Other contributors"}

# How a named non-author is described after their name: "Kim Lee (practitioner)".
KIND_PHRASE = {"public": "public contributor", "researcher": "researcher",
               "practitioner": "practitioner", "group": "group", "other": "contributor"}

CONTRIBUTIONS_TITLE = "Authors' contributions"
ACKNOWLEDGEMENTS_TITLE = "Acknowledgements"
ACKNOWLEDGEMENTS_INTRO = ("We thank everyone who contributed to this work and is not an author, "
                          "named as each of them chose:")

# A statement as runs of (text, bold). A run that starts with a space is set apart from the
# run before it; the other runs join it directly ("**Name**, who chose …").
Run = tuple[str, bool]


def roles_text(person) -> str:
    """The person's CRediT roles, with degrees: "Conceptualization (lead), Writing – original draft"."""
    return ", ".join(c.name + (f" ({c.degree})" if c.degree else "") for c in person.credit)


def stage_labels(stages: dict[str, str], slugs: Iterable[str]) -> list[str]:
    """The stages someone took part in, as lower-case words, each once, in the order of the
    project's stages (a stage the project does not list comes last)."""
    wanted = set(slugs)
    known = [label.lower() for slug, label in stages.items() if slug in wanted]
    return known + sorted(s for s in wanted if s not in stages)


def _english() -> Messages:
    return messages("en-GB")


def contribution(name: str, person, words: Messages | None = None) -> list[Run]:
    """An author's line of "Authors' contributions": "**Name**: roles."; `words` in the
    article's language (English by default)."""
    words = words or _english()
    return [(name, True), (": " + (roles_text(person) or words.text("article.no-roles")) + ".", False)]


def acknowledgement(name: str, person, took_part_in: list[str], words: Messages | None = None) -> list[Run]:
    """A non-author's line of "Acknowledgements", named as they chose: "**Kim Lee**
    (practitioner): roles; took part in writing."."""
    words = words or _english()
    what = ([roles_text(person)] if person.credit else []) + \
        ([words.text("article.took-part-in", stages=", ".join(took_part_in))] if took_part_in else [])
    rest = ": " + "; ".join(what) + "." if what else "."
    if person.named == "anonymous":
        # The name is already the role ("Public contributor"): saying it again read
        # "Public contributor (a public contributor who chose not to be named)".
        return [(name, True), (words.text("article.chose-not-to-be-named") + rest, False)]
    return [(name, True), (f" ({words.text('article.kind-phrase.' + person.kind)})" + rest, False)]


def _md(text: str) -> str:
    """Escape Markdown-significant characters in names and activities."""
    for char in "\\`*_[]<>#|":
        text = text.replace(char, "\\" + char)
    return text


def _md_runs(runs: list[Run]) -> str:
    return "".join(f"**{_md(text)}**" if bold else _md(text) for text, bold in runs)


@dataclass(frozen=True)
class SignedOff:
    """A person's latest sign-off of the article (copress signoff), for the credit page."""

    date: dt.date
    current: bool  # of the text as it is now, not an earlier version


def consent_date(person) -> dt.date | None:
    """The date of the consent entry that covers the person's naming choice now, if any."""
    entries = getattr(person, "consent", None) or []
    state = getattr(person, "consent_state", None)
    index = getattr(state, "naming_entry", None)
    return entries[index].date if index is not None and index < len(entries) else None


def process_markdown(ledger: Ledger, signed_off: dict[str, SignedOff], words: Messages) -> list[str]:
    """"How each person took part": when each person shown on the page joined, and when their
    consent and sign-off were recorded, under their public name only."""
    names = ledger.project.public_names(words.tag)
    t = lambda id, **values: _md(words.text(f"credit-process.{id}", **values))  # noqa: E731
    lines = [f"## {t('heading')}", "", t("intro"), ""]
    lines += [f"| {_md(words.text('credit.column-contributor'))} | {t('column-joined')} | "
              f"{t('column-consent')} | {t('column-signed-off')} |", "|---|---|---|---|"]
    for entry in ledger.ordered():
        person, none = entry.contributor, t("not-recorded")
        consent = consent_date(person)
        signed = signed_off.get(person.id)
        signed_text = none if signed is None else (
            signed.date.isoformat() if signed.current else t("signed-off-earlier", date=signed.date.isoformat()))
        lines.append(f"| {_md(names[person.id])} | {entry.first or none} | "
                     f"{consent.isoformat() if consent else none} | {signed_text} |")
    return lines + ["", f": {t('caption')}"]


def chart_data_markdown(ledger: Ledger, words: Messages) -> list[str]:
    """The timeline chart's data as a table: one row per mark on the chart (timeline.chart_points)."""
    from .timeline import chart_points

    stages = ledger.project.stages
    t = lambda id, **values: _md(words.text(f"credit-process.{id}", **values))  # noqa: E731
    lines = [f"### {t('chart-data-heading')}", "", t("chart-data-intro"), ""]
    lines += [f"| {_md(words.text('credit.column-contributor'))} | {t('column-date')} | "
              f"{_md(words.text('credit.column-stage'))} | {t('column-work')} | {t('column-count')} |",
              "|---|---|---|---|---:|"]
    for point in chart_points(ledger, words.tag):
        work = t("work-git" if point.source == "git" else "work-involvement")
        lines.append(f"| {_md(point.name)} | {point.date.isoformat()} | "
                     f"{_md(stages.get(point.stage, point.stage))} | {work} | {point.count} |")
    return lines + ["", f": {t('chart-data-caption')}", ""]


def contributions_markdown(ledger: Ledger, timeline_alt: str,
                           signed_off: dict[str, SignedOff] | None = None,
                           words: Messages | None = None, notice: Iterable[str] = ()) -> str:
    """The credit page as Markdown, its words (`credit.*`) in `words`' language (English by
    default); `notice`: project.language_notice, shown first."""
    words = words or _english()
    t = lambda id, **values: _md(words.text(f"credit.{id}", **values))  # noqa: E731
    project = ledger.project
    names = project.public_names(words.tag)
    stages = project.stages
    authors = {p.id for p in project.authors}
    lines = [f"# {t('title', title=project.metadata.title)}", ""]
    notice = list(notice)
    if notice:  # before anything copress wrote, word for word as in the other editions: its
        # quotes escaped, or pandoc would curl the apostrophes of "Nid yw'r"
        quoted = (_md(text).replace("'", "\\'").replace('"', '\\"') for text in notice)
        lines += ["::: {#language-notice .language-notice}", *(f"{text}\n" for text in quoted), ":::", ""]
    lines += [t("intro"), ""]

    lines += [f"## {t('by-person')}", ""]
    for entry in ledger.ordered():
        person = entry.contributor
        if person.id in authors or person.credit:
            lines.append("- " + _md_runs(contribution(names[person.id], person, words)))
    lines += ["", f"## {t('by-role')}", ""]
    for slug, role_name in ROLES.items():
        holders = [names[e.contributor.id] + (f" ({c.degree})" if c.degree else "")
                   for e in ledger.ordered() for c in e.contributor.credit if c.role == slug]
        if holders:
            lines.append(f"- **{_md(role_name)}**: {_md(', '.join(holders))}.")

    others = [e for e in ledger.ordered() if e.contributor.id not in authors and e.contributor.acknowledge]
    if others:
        lines += ["", f"## {_md(words.text('article.acknowledgements'))}", ""]
        for entry in others:
            person = entry.contributor
            took = stage_labels(stages, (e.stage for e in entry.events))
            lines.append("- " + _md_runs(acknowledgement(names[person.id], person, took, words)))

    kind_plural = lambda kind: t(f"kind-plural.{kind}")  # noqa: E731
    lines += ["", f"## {t('how-shared')}", ""]
    lines += [t("how-shared-intro"), ""]
    lines += [f"| {t('column-kind-of-contributor')} | {t('column-people')} | {t('column-commits')} | "
              f"{t('column-lines-changed')} | {t('column-hours-outside-git')} |",
              "|---|---:|---:|---:|---:|"]
    kinds: dict[str, list] = {}
    for entry in ledger.ordered():
        kinds.setdefault(entry.contributor.kind, []).append(entry)
    for kind, entries in kinds.items():
        commits = sum(e.commits for e in entries)
        changed = sum(e.lines_added + e.lines_removed for e in entries)
        hours = sum(e.hours for e in entries)
        lines.append(f"| {kind_plural(kind)} | {len(entries)} | {commits} | {changed} | {hours:g} |")
    lines += ["", t("by-stage-intro"), ""]
    lines += [f"| {t('column-stage')} | " + " | ".join(kind_plural(k) for k in kinds) + " |",
              "|---|" + "---:|" * len(kinds)]
    for slug, label in stages.items():
        counts = [sum(1 for e in kinds[k] for ev in e.events if ev.stage == slug) for k in kinds]
        if any(counts):
            lines.append(f"| {label} | " + " | ".join(str(c) for c in counts) + " |")

    lines += ["", f"## {t('involved-when')}", "",
              f"![{_md(timeline_alt)}](timeline.svg)", ""]
    lines += [f"| {t('column-contributor')} | {t('column-kind')} | {t('column-first')} | {t('column-last')} | "
              f"{t('column-stages')} | {t('column-commits')} | {t('column-hours-outside-git')} |",
              "|---|---|---|---|---|---:|---:|"]
    for entry in ledger.ordered():
        if not entry.events:
            continue
        person = entry.contributor
        labels = ", ".join(stages.get(s, s) for s in stages if s in entry.stages)
        lines.append(f"| {_md(names[person.id])} | {t('kind.' + person.kind)} | "
                     f"{entry.first} | {entry.last} | {labels} | {entry.commits} | {entry.hours:g} |")
    lines += [""] + chart_data_markdown(ledger, words)
    lines += process_markdown(ledger, signed_off or {}, words)
    if ledger.unmapped:
        lines += ["", t("unmapped", commits=sum(u.commits for u in ledger.unmapped))]
    return "\n".join(lines) + "\n"
