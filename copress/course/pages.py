"""The course as HTML documents: the online course (an overview and one page per module), and the
documents WeasyPrint turns into the facilitator edition, the slides and the feedback form."""

from __future__ import annotations

import re
from pathlib import Path
from string import Template

from ..assets import template
from ..guide.models import Question, Resource
from ..guide.page import entry_anchor
from ..htmlkit import escape as e
from ..htmlsafe import finish_page
from ..render.html import embed_urls
from ..textkit import join_and
from .content import ModuleHtml, minutes_text
from .models import MODES, Course, Module

GUIDE_PAGE = "resource-guide.html"  # the guide's web page, copied beside the course's pages

PRIVACY_NOTE = ("Your answers stay on this device. They are saved only in this web browser, "
                "and are never sent anywhere: not to the course team, not to anyone else. "
                "Anyone who uses this browser on this device could read them, so delete them "
                "when you have finished.")


def course_key(course: Course) -> str:
    """The course's name in localStorage keys: two courses in one browser never mix answers."""
    return re.sub(r"[^a-z0-9]+", "-", course.title.lower()).strip("-")


def clock(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


def duration_text(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    parts = ([f"{hours} hour{'s' if hours != 1 else ''}"] if hours else []) + ([minutes_text(rest)] if rest else [])
    return " ".join(parts)


def _document(course: Course, title: str, kind: str, body: str, style: str, project_root: Path) -> str:
    skeleton = Template(template("course.html", project_root).read_text(encoding="utf-8"))
    return skeleton.substitute(lang=e(course.lang), title=e(title), kind=kind, key=e(course_key(course)),
                               style=style, body=body)


def _outcomes(outcomes: list[str], intro: str, ident: str, level: int = 2) -> str:
    items = "".join(f"<li>{e(o)}</li>" for o in outcomes)
    return (f'<section class="outcomes" aria-labelledby="{ident}"><h{level} id="{ident}">{e(intro)}</h{level}>'
            f"<ul>{items}</ul></section>")


# ---------------------------------------------------------------------------- the web pages

class Web:
    """The online course. Pages link to a stylesheet beside them (assets/), so the folder works
    offline and from any static host; nothing is fetched from elsewhere. The script is inline,
    allowed by its hash: a browser refuses a hash-checked script file opened from disk."""

    def __init__(self, course: Course, html_by_module: dict[str, ModuleHtml], stamp: str,
                 project_root: Path, guide_page: bool):
        self.course, self.html, self.stamp = course, html_by_module, stamp
        self.root, self.guide_page = project_root, guide_page

    def _page(self, title: str, main: str, current: Module | None) -> str:
        c = self.course
        style = '<link rel="stylesheet" href="assets/course.css">'
        script = "\n" + template("course.js", self.root).read_text(encoding="utf-8") + "\n"
        here = ' aria-current="page"' if current is None else ""
        banner = (f'<header class="banner"><p class="course-name"><a href="index.html"{here}>'
                  f'{e(c.title)}</a></p></header>')
        body = "\n".join([
            '<a class="skip-link" href="#content">Skip to the main content</a>', banner,
            '<div class="layout">', f'<main id="content">{main}</main>', self._progress_nav(current), "</div>",
            f'<footer class="provenance"><p>{e(self.stamp)}</p><p>This course runs entirely from its '
            "own files: it loads nothing from the internet and has no tracking.</p></footer>",
            f"<script>{script}</script>"])
        return finish_page(_document(c, title, "web", body, style, self.root), [script], local_files=True)

    def _progress_nav(self, current: Module | None) -> str:
        items = []
        for m in self.course.modules:
            here = ' aria-current="page"' if m is current else ""
            items.append(f'<li data-module="{e(m.id)}"><a href="{e(m.page)}"{here}>{m.number}. {e(m.title)}</a>'
                         f' <span class="progress-status" data-status="{e(m.id)}"></span></li>')
        return (f'<nav class="course-modules" aria-labelledby="modules-title"><h2 id="modules-title">'
                f'Course modules</h2><ol class="progress-list">{"".join(items)}</ol>'
                '<p class="progress-summary" role="status" hidden></p>'
                '<p class="progress-help">Your progress is kept in this browser, on this device only.</p>'
                "</nav>")

    def _pager(self, prev: tuple[str, str] | None, nxt: tuple[str, str] | None) -> str:
        links = []
        if prev:
            links.append(f'<li class="prev"><a rel="prev" href="{e(prev[0])}">Previous: {e(prev[1])}</a></li>')
        if nxt:
            links.append(f'<li class="next"><a rel="next" href="{e(nxt[0])}">Next: {e(nxt[1])}</a></li>')
        return f'<nav class="pager" aria-label="Previous and next"><ul>{"".join(links)}</ul></nav>'

    def overview(self) -> str:
        c = self.course
        modules = "".join(f'<li><a href="{e(m.page)}">Module {m.number}: {e(m.title)}</a> '
                          f'<span class="minutes">({e(minutes_text(m.minutes))})</span></li>' for m in c.modules)
        breaks = [row for row in c.plan if row.module is None]
        pause = (f", with {'a break' if len(breaks) == 1 else 'breaks'} of "
                 f"{join_and([minutes_text(b.minutes) for b in breaks])}") if breaks else ""
        guide = (f'<p>The questions and resources come from the <a href="{GUIDE_PAGE}">resource guide'
                 f"</a>, {e(c.guide.title[:1].lower() + c.guide.title[1:])}.</p>") if self.guide_page else ""
        main = f"""<h1 id="title">{e(c.title)}</h1>
{f'<p class="subtitle">{e(c.subtitle)}</p>' if c.subtitle else ''}
<p class="course-facts">For {e(join_and(c.audience))}. As a live session it takes {e(duration_text(c.total))}{e(pause)}.
Online, you can follow it at your own pace.</p>
{_outcomes(c.outcomes, "What you will learn", "outcomes-title")}
<section aria-labelledby="modules-list-title"><h2 id="modules-list-title">Modules</h2><ol class="module-list">{modules}</ol></section>
<section aria-labelledby="how-title"><h2 id="how-title">How this course works</h2>
<p>Each module has some reading, an activity and reflective questions to think about on your own or with your team. You can mark a module as finished; your progress is shown in the list of course modules.</p>
<p class="privacy-note">{e(PRIVACY_NOTE)}</p>
<p>This course runs from its own files: it works offline, loads nothing from the internet and has no tracking. Without JavaScript, every page still works, but your progress and answers are not saved.</p>
{guide}
</section>
<p class="facilitators">Written and facilitated by {e(join_and(c.facilitators))}.</p>
{self._pager(None, (c.modules[0].page, f"Module 1: {c.modules[0].title}"))}"""
        return self._page(c.title, main, None)

    def _question(self, module: Module, q: Question) -> str:
        ident = f"answer-{q.id}"
        link = (f'<p class="in-guide"><a href="{GUIDE_PAGE}#q-{e(q.id)}">This question in the resource guide</a></p>'
                if self.guide_page else "")
        return (f'<li><label for="{ident}">{e(q.text)}</label>'
                f'<textarea id="{ident}" rows="4" data-answer="{e(module.id)}:{e(q.id)}"></textarea>{link}</li>')

    def _resource(self, r: Resource) -> str:
        target = f"{GUIDE_PAGE}#{entry_anchor(r.id)}" if self.guide_page else r.url
        return f'<li><a href="{e(target)}">{e(r.title)}</a>. {e(r.description)}</li>'

    def module(self, m: Module) -> str:
        c = self.course
        parts = [f'<h1 id="title"><span class="module-number">Module {m.number} of {len(c.modules)}:</span> {e(m.title)}</h1>',
                 f'<p class="module-meta">About {e(minutes_text(m.minutes))}</p>',
                 _outcomes(m.outcomes, "By the end of this module you will be able to", "outcomes-title"),
                 self.html[m.id].learner]
        if m.questions:
            items = "".join(self._question(m, q) for q in m.questions)
            parts.append(f"""<section class="reflect" aria-labelledby="reflect-title">
<h2 id="reflect-title">Reflective questions</h2>
<p class="privacy-note">{e(PRIVACY_NOTE)}</p>
<p class="no-script-note">Your answers are saved only when JavaScript is on: copy anything you want to keep.</p>
<ol class="questions">{items}</ol>
<p class="answer-tools" hidden><button type="button" class="clear-answers">Delete my answers on this page</button></p>
<p class="save-status" role="status"></p>
</section>""")
        if m.resources:
            items = "".join(self._resource(r) for r in m.resources)
            parts.append(f'<section class="resources" aria-labelledby="resources-title"><h2 id="resources-title">'
                         f'Resources from the guide</h2><ul>{items}</ul></section>')
        parts.append(f'<section class="done" aria-labelledby="done-title" hidden><h2 id="done-title">Your progress</h2>'
                     f'<p><input type="checkbox" id="module-done" value="{e(m.id)}"> '
                     f'<label for="module-done">I have finished this module</label></p></section>')
        i = c.modules.index(m)
        prev = ("index.html", "Course overview") if i == 0 else (c.modules[i - 1].page, f"Module {i}: {c.modules[i - 1].title}")
        nxt = (c.modules[i + 1].page, f"Module {i + 2}: {c.modules[i + 1].title}") if i + 1 < len(c.modules) \
            else ("index.html", "Course overview")
        parts.append(self._pager(prev, nxt))
        return self._page(f"Module {m.number}: {m.title} – {c.title}", "\n".join(parts), m)


# ------------------------------------------------------------------------------ the PDFs

def _pdf_style(project_root: Path, paged: str) -> str:
    """course.css then the paged media (base-print.css, then the document's own), all in the
    document itself, so the paged rules win the cascade (a user stylesheet would lose to course.css)."""
    css = [embed_urls(template(name, project_root), project_root)
           for name in ("course.css", "base-print.css", paged)]
    return "<style>\n" + "\n".join(css) + "\n</style>"


def facilitator(course: Course, html_by_module: dict[str, ModuleHtml], stamp: str, project_root: Path) -> str:
    """The facilitator edition: session plan with timings, then every module with its notes."""
    c = course
    rows = []
    for row in c.plan:
        m = row.module
        if m is None:
            rows.append(f'<tr class="break"><td class="time">{clock(row.start)}–{clock(row.end)}</td>'
                        f'<th scope="row">{e(row.title)}</th><td></td><td>{row.minutes}</td></tr>')
            continue
        acts = "".join(f"<li>{e(a.title)} ({a.minutes} min, {e(MODES[a.mode].lower())})</li>" for a in m.activities)
        rows.append(f'<tr><td class="time">{clock(row.start)}–{clock(row.end)}</td>'
                    f'<th scope="row">{m.number}. {e(m.title)}</th>'
                    f'<td>{f"<ul>{acts}</ul>" if acts else "None"}</td><td>{row.minutes}</td></tr>')
    spare = c.duration - c.total
    plan = f"""<section class="plan" aria-labelledby="plan-title"><h2 id="plan-title">Session plan</h2>
<p>Times are from the start of the session. The plan takes {c.total} of the course's {c.duration} minutes{f", leaving {spare} to spare" if spare else ""}.</p>
<table class="plan-table">
<caption>Session plan: modules, activities and breaks</caption>
<thead><tr><th scope="col">Time</th><th scope="col">Module</th><th scope="col">Activities</th><th scope="col">Minutes</th></tr></thead>
<tbody>{"".join(rows)}</tbody>
<tfoot><tr><th scope="row" colspan="3">Total (course duration {c.duration} minutes)</th><td>{c.total}</td></tr></tfoot>
</table></section>"""
    modules = []
    for row in c.plan:
        m = row.module
        if m is None:
            continue
        parts = [f'<section class="module" aria-labelledby="module-{e(m.id)}-title">',
                 f'<h2 id="module-{e(m.id)}-title">Module {m.number}: {e(m.title)}</h2>',
                 f'<p class="timing">{clock(row.start)}–{clock(row.end)} · {e(minutes_text(m.minutes))}</p>',
                 _outcomes(m.outcomes, "Learning outcomes", f"module-{m.id}-outcomes", 3),
                 _shift(html_by_module[m.id].facilitator)]
        if m.questions:
            items = "".join(f"<li>{e(q.text)}</li>" for q in m.questions)
            parts.append(f'<h3 id="module-{e(m.id)}-questions">Reflective questions</h3><ol>{items}</ol>')
        if m.resources:
            # The link is named by the title; the address is printed as plain text for paper.
            items = "".join(f'<li><a href="{e(r.url)}">{e(r.title)}</a><br><span class="url">{e(r.url)}</span></li>'
                            for r in m.resources)
            parts.append(f'<h3 id="module-{e(m.id)}-resources">Resources from the guide</h3><ul>{items}</ul>')
        parts.append("</section>")
        modules.append("\n".join(parts))
    body = f"""<header class="cover"><h1 id="title">{e(c.title)}</h1>
<p class="subtitle">Facilitator edition</p>
{f'<p>{e(c.subtitle)}</p>' if c.subtitle else ''}
<p>For {e(join_and(c.audience))}. {e(duration_text(c.duration))}.</p>
<p>Facilitators: {e(join_and(c.facilitators))}.</p>
<p class="confidential">Facilitator notes are in this edition only: they never appear in the online course or on the slides.</p>
</header>
<main id="content">
{_outcomes(c.outcomes, "Learning outcomes for the course", "course-outcomes")}
{plan}
{"".join(modules)}
</main>
<footer class="provenance"><p>{e(stamp)}</p></footer>"""
    return _document(c, f"{c.title}: facilitator edition", "facilitator", body, _pdf_style(project_root, "course-print.css"), project_root)


def _shift(fragment: str) -> str:
    """Module sections are h2 on their own page; inside a module section of a PDF they are h3."""
    return re.sub(r"<(/?)h([2-5])\b", lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}", fragment)


def slides(course: Course, html_by_module: dict[str, ModuleHtml], project_root: Path) -> str:
    """16:9 slides: a title slide, then per module a title slide, a slide per `##` section, and
    the reflective questions. Facilitator notes were removed from the AST before this."""
    c = course
    out = [f'<section class="slide title-slide"><h1 id="title">{e(c.title)}</h1>'
           f'{f"<p class=subtitle>{e(c.subtitle)}</p>" if c.subtitle else ""}'
           f'<p>{e(join_and(c.facilitators))}</p></section>']
    for m in c.modules:
        out.append(f'<section class="slide module-slide"><h1 id="module-{e(m.id)}">Module {m.number}: {e(m.title)}</h1>'
                   f'<p class="module-meta">{e(minutes_text(m.minutes))}</p>'
                   f'<p>By the end of this module you will be able to:</p>'
                   f'<ul>{"".join(f"<li>{e(o)}</li>" for o in m.outcomes)}</ul></section>')
        for slide in html_by_module[m.id].slides:
            out.append(f'<section class="slide">{slide}</section>')
        if m.questions:
            out.append(f'<section class="slide"><h2 id="module-{e(m.id)}-questions">Reflective questions</h2>'
                       f'<ul>{"".join(f"<li>{e(q.text)}</li>" for q in m.questions)}</ul></section>')
    body = f'<main id="content">{"".join(out)}</main>'
    return _document(c, f"{c.title}: slides", "slides", body, _pdf_style(project_root, "course-slides.css"), project_root)


def feedback(course: Course, project_root: Path) -> str:
    """A form to send to participants: each answer box is a fillable PDF field whose accessible
    name (/TU, from `title`) is its question."""
    c = course
    fields = []
    for n, (name, question) in enumerate(c.feedback, 1):
        fields.append(f'<li><label for="fb-{e(name)}">{e(question)}</label>'
                      f'<textarea id="fb-{e(name)}" name="{e(name)}" title="{e(f"Question {n}: {question}")}" '
                      f'rows="6" cols="60"></textarea></li>')
    body = f"""<main id="content">
<h1 id="title">Feedback: {e(c.title)}</h1>
<p>Thank you for taking part. Please tell us what worked and what to change: the team that runs this course uses your answers to improve it.</p>
<p>You do not need to give your name. Type into the boxes and save the file, or print the form and write by hand, then send it back to the facilitators ({e(join_and(c.facilitators))}).</p>
<ol class="feedback-questions">{"".join(fields)}</ol>
</main>"""
    return _document(c, f"Feedback: {c.title}", "feedback", body, _pdf_style(project_root, "course-print.css"), project_root)
