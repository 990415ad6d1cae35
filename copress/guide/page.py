"""The guide as one HTML document, in two media: `pdf` (paged: contents with page numbers,
worksheet answer fields) and `web` (filters, one self-contained page), both from PARTS, in order."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path
from string import Template
from typing import Callable
from urllib.parse import urlsplit

from ..assets import template, template_text
from ..htmlkit import escape as e, script_words
from ..htmlsafe import finish_page
from ..messages import Messages, messages
from ..render.html import embed_urls
from ..vocab import guide as vocab
from .intro import Intro
from .models import Guide, Question, Resource

MEDIA = ("pdf", "web")


def entry_anchor(resource_id: str) -> str:
    """The id of a resource's entry: its link target in both outputs and its PDF destination."""
    return f"resource-{resource_id}"


# What guide.js writes, as data attributes of the status line it writes into: message id (under
# guide.) → attribute (data-<name>). {shown} and {total} are filled in by the script.
SCRIPT_WORDS = {"filter-all": "all", "filter-none": "none", "filter-some": "some"}


def _sentence(page: "Page", labels: list[str]) -> str:
    """['Researchers', 'Practitioners', 'Public contributors'] → 'Researchers, practitioners
    and public contributors', in the page's language."""
    return page.words.join_and(labels[:1] + [w[:1].lower() + w[1:] for w in labels[1:]])


def t(text: str) -> str:
    """Words copress writes, as element content: `&` and `<` escaped, quotes left as they are."""
    return html.escape(text, quote=False)


@dataclass
class Page:
    """What the parts draw on: the guide, formatted references, guide.md's text, the medium,
    the words copress writes in the guide's language, and whether they are checked."""

    guide: Guide
    references: dict[str, str]
    intro: Intro
    medium: str
    words: Messages = field(default_factory=lambda: messages("en-GB"))
    notice: list[str] = field(default_factory=list)  # 'not yet checked by a fluent speaker'

    @property
    def pdf(self) -> bool:
        return self.medium == "pdf"

    def link(self, resource: Resource, text: str | None = None) -> str:
        """A link to an entry. `data-entry` lets the web page's filters hide it with its entry.
        The entry's number leads the text: on paper, entries are found by number (they are
        printed in order), which spares WeasyPrint the re-layout that page references cost."""
        label = text if text is not None else f"{self.guide.number(resource.id)}. {resource.title}"
        return f'<a href="#{entry_anchor(resource.id)}" data-entry="{e(resource.id)}">{e(label)}</a>'

    def text(self, id: str, **values: object) -> str:
        """Message `guide.<id>` in the guide's language."""
        return self.words.text(f"guide.{id}", **values)

    def heading(self, part_id: str, default: str, level: int = 2) -> tuple[str, str]:
        """(heading HTML, introduction HTML) of a part: guide.md's section for it, or the
        default (a message id)."""
        section = self.intro.claim(part_id)
        text = section.heading if section else e(self.text(default))
        return f'<h{level} id="{part_id}-title">{text}</h{level}>', section.body if section else ""

    def resources_for(self, test: Callable[[Resource], bool]) -> list[Resource]:
        return [r for r in self.guide.resources if test(r)]


# ----------------------------------------------------------------------------------- parts

def cover(page: Page) -> str:
    g = page.guide
    parts = ['<header class="cover">', f'<h1 id="top">{e(g.title)}</h1>']
    if g.subtitle:
        parts.append(f'<p class="subtitle">{e(g.subtitle)}</p>')
    counts = page.text("tagline", resources=page.words.number(len(g.resources)),
                       questions=page.words.number(len(g.questions)))
    parts.append(f'<p class="tagline">{e(counts)}</p>')
    if page.notice:  # near the top of every guide in a language nobody has checked copress's words in
        parts.append('<div id="language-notice" class="language-notice" role="note">'
                     + "".join(f"<p>{e(text)}</p>" for text in page.notice) + "</div>")
    if g.date:
        parts.append(f'<p class="date">{e(g.date)}</p>')
    parts.append(page.intro.lead)
    parts.append("</header>")
    return "\n".join(parts)


def contents(page: Page, entries: list[tuple[str, str]]) -> str:
    # The PDF prints page numbers after the link (not inside it, where a screen reader would
    # read the dot leader as the link's name).
    items = "".join(f'<li><a href="#{e(i)}">{title}</a><span class="toc-page" data-target="#{e(i)}"></span></li>'
                    for i, title in entries)
    return (f'<nav id="contents" class="contents" aria-labelledby="contents-title">'
            f'<h2 id="contents-title">{t(page.text("contents"))}</h2><ol>{items}</ol></nav>')


def filters(page: Page) -> str:
    """The web page's filter form. It is `hidden` until the script runs: without JavaScript
    everything is shown and no control pretends to work."""
    g, words = page.guide, page.guide.vocab

    def counts(attr: str, slug: str) -> int:
        return sum(1 for r in g.resources if slug in ([getattr(r, attr)] if attr == "cost" else getattr(r, attr)))

    def fieldset(name: str, legend: str, choices: dict[str, str], attr: str) -> str:
        boxes = []
        for slug, label in choices.items():
            n = counts(attr, slug)
            if not n:
                continue
            boxes.append(f'<li><input type="checkbox" name="{name}" value="{e(slug)}" id="f-{name}-{e(slug)}">'
                         f' <label for="f-{name}-{e(slug)}">{e(label)} <span class="count">({n})</span></label></li>')
        return f'<fieldset class="facet"><legend>{e(legend)}</legend><ul>{"".join(boxes)}</ul></fieldset>'

    w = page.text
    return f"""<section id="find" class="finder" aria-labelledby="find-title">
<h2 id="find-title">{t(w("find-resources"))}</h2>
<p class="no-script-note">{t(w("no-script-note"))}</p>
<form id="filters" class="filters" hidden>
<p class="filter-help">{t(w("filter-help"))}</p>
<div class="facets">
{fieldset("audience", w("facet-audience"), words.audiences, "audiences")}
{fieldset("cost", w("facet-cost"), words.costs, "cost")}
{fieldset("stage", w("facet-stage"), words.stages, "stages")}
{fieldset("topic", w("facet-topic"), words.topics, "topics")}
</div>
<p class="search"><label for="f-search">{t(w("search"))}</label>
<input type="search" id="f-search" name="q" autocomplete="off"></p>
<p><button type="reset">{t(w("clear-filters"))}</button></p>
</form>
<p id="filter-status" class="filter-status" role="status" aria-live="polite"{script_words(page.words, "guide", SCRIPT_WORDS)}></p>
</section>"""


def intro_sections(page: Page) -> str:
    """guide.md's sections, except those that introduce a generated part."""
    out = []
    for section in [s for s in page.intro.sections if s.id not in CLAIMABLE]:
        page.intro.sections.remove(section)
        ident = own_id(section.id)
        out.append(f'<section id="{e(ident)}" class="intro" aria-labelledby="{e(ident)}-title">'
                   f'<h2 id="{e(ident)}-title">{section.heading}</h2>{section.body}</section>')
    return "\n".join(out)


def map_part(page: Page) -> str:
    words = page.guide.vocab
    head, intro = page.heading("map", "map")
    intro = intro or f"<p>{t(page.text('map-intro'))}</p>"
    cols = "".join(f'<th scope="col">{e(label)}</th>' for label in words.audiences.values())
    rows = []
    for stage, stage_label in words.stages.items():
        cells = []
        for audience in words.audiences:
            found = page.resources_for(lambda r: stage in r.stages and audience in r.audiences)
            items = "".join(f"<li>{page.link(r, r.short_title)}</li>" for r in found)
            cells.append(f"<td>{f'<ul>{items}</ul>' if items else ''}</td>")
        rows.append(f'<tr><th scope="row">{e(stage_label)}</th>{"".join(cells)}</tr>')
    return f"""<section id="map" class="map-part" aria-labelledby="map-title">
{head}
{intro}
<div class="map-wrap">
<table class="map">
<caption>{t(page.text("map-caption"))}</caption>
<colgroup><col class="stage-col">{"<col>" * len(words.audiences)}</colgroup>
<thead><tr><th scope="col">{t(page.text("map-stage"))}</th>{cols}</tr></thead>
<tbody>{"".join(rows)}</tbody>
</table>
</div>
</section>"""


def _facts(page: Page, r: Resource) -> str:
    words, w = page.guide.vocab, page.text
    rows = [
        (t(w("fact-type")), e(words.types[r.type])),
        (t(w("fact-for")), e(_sentence(page, [words.audiences[a] for a in r.audiences]))),
        (t(w("fact-stages")), e("; ".join(words.stages[s] for s in r.stages))),
    ]
    if r.topics:
        rows.append((t(w("fact-topics")), e("; ".join(words.topics[topic] for topic in r.topics))))
    rows += [(t(w("fact-cost")), e(words.costs[r.cost])), (t(w("fact-format")), e(r.format))]
    if r.accessibility:
        rows.append((t(w("fact-access")), e(r.accessibility)))
    rows.append((t(w("fact-web-address")), f'<span class="url">{e(r.url)}</span>'))
    if page.pdf:
        # A PDF has no description list: a <dl> becomes L > Div > LI, which PDF/UA forbids, and
        # a term and its description would be read as two items. Each fact is one item instead.
        return "".join(f'<li><span class="fact-name">{k}:</span> {v}</li>' for k, v in rows)
    return "".join(f'<div class="fact"><dt>{k}</dt><dd>{v}</dd></div>' for k, v in rows)


def entry(page: Page, r: Resource) -> str:
    n = page.guide.number(r.id)
    host = urlsplit(r.url).netloc.removeprefix("www.") or r.url
    data = (f'data-audiences="{e(" ".join(r.audiences))}" data-stages="{e(" ".join(r.stages))}" '
            f'data-topics="{e(" ".join(r.topics))}" data-cost="{e(r.cost)}"')
    return f"""<article class="entry" id="{entry_anchor(r.id)}" {data} aria-labelledby="{entry_anchor(r.id)}-title">
<h4 id="{entry_anchor(r.id)}-title"><span class="entry-number">{n}.</span> {e(r.title)}</h4>
<p class="reference"><span class="label">{t(page.text("reference"))}</span>{page.references[r.id]}</p>
{"<ul" if page.pdf else "<dl"} class="facts">{_facts(page, r)}{"</ul>" if page.pdf else "</dl>"}
<p class="description">{e(r.description)}</p>
<p class="live-link"><a href="{e(r.url)}">{e(page.text("open-resource", site=host))}</a></p>
</article>"""


def resources_part(page: Page) -> str:
    words = page.guide.vocab
    head, intro = page.heading("resources", "by-stage")
    intro = intro or f"<p>{t(page.text('by-stage-intro'))}</p>"
    out = ['<section id="resources" class="resources" aria-labelledby="resources-title">', head, intro]
    for stage, label in words.stages.items():
        first = page.resources_for(lambda r: r.first_stage == stage)
        also = page.resources_for(lambda r: stage in r.stages[1:])
        if not first and not also:
            continue
        out.append(f'<section id="stage-{stage}" class="stage filter-group" aria-labelledby="stage-{stage}-title">'
                   f'<h3 id="stage-{stage}-title">{e(label)}</h3>')
        out += [entry(page, r) for r in first]
        if also:
            items = "".join(f"<li>{page.link(r)}</li>" for r in also)
            out.append(f'<div class="also filter-group"><p class="also-title">{t(page.text("also-useful"))}</p>'
                       f'<ul>{items}</ul></div>')
        out.append("</section>")
    out.append("</section>")
    return "\n".join(out)


def _summary(page: Page, r: Resource) -> str:
    words = page.guide.vocab
    return (f"{e(words.types[r.type])}{t(page.text('summary-for'))}{e(_sentence(page, [words.audiences[a] for a in r.audiences]).lower())}; "
            f"{e(words.costs[r.cost].lower())}")


def remote_part(page: Page) -> str:
    head, intro = page.heading("remote", "remote")
    intro = intro or f"<p>{t(page.text('remote-intro'))}</p>"
    found = page.resources_for(lambda r: vocab.REMOTE_TOPIC in r.topics)
    items = "".join(f'<li>{page.link(r)} <span class="summary">({_summary(page, r)})</span></li>'
                    for r in found)
    remote_questions = [q for q in page.guide.questions if q.theme == vocab.REMOTE_TOPIC]
    link = f'<a href="#questions-remote">{t(page.text("remote-questions-link"))}</a>'
    # the sentence is escaped around its {link}, which is HTML
    before, _, after = page.text("remote-questions", link="\0").partition("\0")
    more = f"<p>{t(before)}{link}{t(after)}</p>" if remote_questions else ""
    listing = (f'<ul class="entry-list filter-group">{items}</ul>' if items
               else f"<p>{t(page.text('no-resources'))}</p>")
    return (f'<section id="remote" class="remote" aria-labelledby="remote-title">{head}{intro}'
            f"{listing}{more}</section>")


def topics_part(page: Page) -> str:
    head, intro = page.heading("topics", "by-topic")
    out = ['<section id="topics" class="topics" aria-labelledby="topics-title">', head, intro]
    for topic, label in page.guide.vocab.topics.items():
        found = page.resources_for(lambda r: topic in r.topics)
        if not found:
            continue
        items = "".join(f"<li>{page.link(r)}</li>" for r in found)
        out.append(f'<section id="topic-{topic}" class="topic filter-group" aria-labelledby="topic-{topic}-title">'
                   f'<h3 id="topic-{topic}-title">{e(label)}</h3><ul class="entry-list">{items}</ul></section>')
    out.append("</section>")
    return "\n".join(out)


def question_groups(page: Page) -> list[tuple[str, str, list[Question]]]:
    """(id, heading, questions): every stage (and 'at every stage') in order, then the questions
    on remote involvement as a group of their own. Within a group, questions go by theme."""
    g = page.guide
    order = {t: i for i, t in enumerate(g.vocab.topics)}
    stages = {vocab.ALL_STAGES[0]: vocab.ALL_STAGES[1], **g.vocab.stages}
    groups = []
    for stage, label in stages.items():
        found = [q for q in g.questions if q.stage == stage and q.theme != vocab.REMOTE_TOPIC]
        if found:
            groups.append((f"questions-{stage}", label, sorted(found, key=lambda q: order[q.theme])))
    remote = [q for q in g.questions if q.theme == vocab.REMOTE_TOPIC]
    if remote:
        groups.append(("questions-remote", page.text("working-remotely"),
                       sorted(remote, key=lambda q: list(stages).index(q.stage))))
    return groups


def questions_part(page: Page) -> str:
    g = page.guide
    if not g.questions:
        return ""
    head, intro = page.heading("questions", "questions")
    intro = intro or f"<p>{t(page.text('questions-intro'))}</p>"
    if page.pdf:
        intro += f'<p class="worksheet-note">{t(page.text("worksheet-note"))}</p>'
    stages = {vocab.ALL_STAGES[0]: vocab.ALL_STAGES[1], **g.vocab.stages}
    out = ['<section id="questions" class="questions" aria-labelledby="questions-title">', head, intro]
    n = 0
    for ident, label, questions in question_groups(page):
        out.append(f'<section id="{ident}" class="question-group" aria-labelledby="{ident}-title">'
                   f'<h3 id="{ident}-title">{e(label)}</h3><ol class="worksheet">')
        for q in questions:
            n += 1
            theme = stages[q.stage] if ident == "questions-remote" else g.vocab.topics[q.theme]
            who = _sentence(page, [g.vocab.question_audiences[a] for a in q.for_])
            field = ""
            if page.pdf:
                # The field's /TU (what a screen reader says) comes from `title`: the question itself.
                field = (f'<textarea name="q-{e(q.id)}" title="{e(page.text("question-field", n=n, question=q.text))}" '
                         f'rows="4" cols="60"></textarea>')
            out.append(f'<li id="q-{e(q.id)}" value="{n}"><p class="question-text">{e(q.text)}</p>'
                       f'<p class="question-tags">{e(theme)}{e(page.text("question-for"))}'
                       f'{e(who.lower() if who != page.text("everyone") else page.text("everyone-lower"))}</p>'
                       f"{field}</li>")
        out.append("</ol></section>")
    out.append("</section>")
    return "\n".join(out)


def index_part(page: Page) -> str:
    g = page.guide
    head, intro = page.heading("index", "index")
    out = ['<section id="index" class="index" aria-labelledby="index-title">', head, intro]
    for audience, label in g.vocab.audiences.items():
        found = page.resources_for(lambda r: audience in r.audiences)
        paid = f' <span class="paid">{t(page.text("paid"))}</span>'
        items = "".join(f"<li>{page.link(r)}{paid if r.cost == 'paid' else ''}</li>"
                        for r in found)
        note = vocab.AUDIENCE_NOTES.get(audience)
        out.append(f'<section id="index-{audience}" class="index-group filter-group" '
                   f'aria-labelledby="index-{audience}-title"><h3 id="index-{audience}-title">{e(label)}</h3>'
                   + (f'<p class="audience-note">{e(label)}: {e(note)}.</p>' if note else "")
                   + f'<ul class="entry-list">{items}</ul></section>')
    out.append("</section>")
    return "\n".join(out)


# The body in reading order: (part id, title for the contents as a message id `guide.<title>`,
# function, media it appears in). guide.md's own sections go where "intro" stands.
PARTS: list[tuple[str, str | None, Callable[[Page], str], tuple[str, ...]]] = [
    ("find", None, filters, ("web",)),
    ("intro", None, intro_sections, MEDIA),
    ("map", "map", map_part, MEDIA),
    ("resources", "by-stage", resources_part, MEDIA),
    ("remote", "remote", remote_part, MEDIA),
    ("topics", "by-topic", topics_part, MEDIA),
    ("questions", "questions", questions_part, MEDIA),
    ("index", "index", index_part, MEDIA),
]
# guide.md sections with these ids introduce the generated part instead of standing alone.
CLAIMABLE = {ident for ident, title, *_ in PARTS if title}
# Ids copress gives to its own elements; a guide.md section id that could clash is prefixed.
RESERVED = {"top", "content", "contents", "find", "filters", "filter-status", "intro", "section"}
RESERVED_PREFIXES = ("resource-", "stage-", "topic-", "questions-", "q-", "index-", "f-", "guide-")


def own_id(ident: str) -> str:
    """A guide.md section's id, made safe from clashes with the generated parts' ids."""
    if not ident or ident in RESERVED or ident.startswith(RESERVED_PREFIXES) or ident.endswith("-title"):
        return f"guide-{ident or 'section'}"
    return ident


def body(page: Page) -> str:
    """Cover, contents, then every part for this medium."""
    claimed = {s.id: s.heading for s in page.intro.sections if s.id in CLAIMABLE}
    toc = [(own_id(s.id), s.heading) for s in page.intro.sections if s.id not in claimed]
    toc += [(ident, claimed.get(ident, e(page.text(title)))) for ident, title, _, media in PARTS
            if title and page.medium in media and (ident != "questions" or page.guide.questions)]
    parts = [cover(page), '<main id="content">', contents(page, toc)]
    parts += [make(page) for _, _, make, media in PARTS if page.medium in media]
    parts.append("</main>")
    return "\n".join(p for p in parts if p)


# ------------------------------------------------------------------------------ the page

def render_page(guide: Guide, references: dict[str, str], intro: Intro, medium: str,
                stamp: str, project_root: Path, notice: list[str] | None = None) -> str:
    """The complete HTML document for `medium` ('pdf' or 'web'), its words in the guide's
    language; `notice`: project.language_notice for that language."""
    page = Page(guide, references, Intro(intro.lead, list(intro.sections)), medium,
                messages(guide.lang), list(notice or []))
    scripts = []
    if medium == "web":
        scripts.append("\n" + template_text("guide.js", project_root) + "\n")
    skeleton = Template(template_text("guide.html", project_root))
    html_page = skeleton.substitute(
        lang=e(guide.lang), title=e(guide.title), medium=medium, skip_link=t(page.text("skip-link")),
        css=embed_urls(template("guide.css", project_root), project_root),
        body=body(page), stamp=e(stamp), script="".join(f"<script>{js}</script>" for js in scripts))
    # The PDF's HTML goes to WeasyPrint only; the web page is published and gets its policy.
    return finish_page(html_page, scripts) if medium == "web" else html_page
