"""The course as HTML documents: the online course (an overview and one page per module), and the
documents WeasyPrint turns into the facilitator edition, the slides and the feedback form."""

from __future__ import annotations

import re
from pathlib import Path
from string import Template

from ..assets import template, template_text
from ..guide.models import Question, Resource
from ..guide.page import entry_anchor
from ..htmlkit import escape as e, script_words
from ..htmlsafe import finish_page
from ..messages import Messages, messages
from ..render.html import embed_urls
from .content import ModuleHtml, minutes_text
from .models import MODES, Course, Module

GUIDE_PAGE = "resource-guide.html"  # the guide's web page, copied beside the course's pages

PRIVACY_NOTE = messages("en-GB").text("course.privacy-note")


# What course.js writes, as data attributes of the element it writes into (or one around it):
# message id (under course.) → attribute (data-<name>); the script fills in {done} and {total}.
DONE = {"progress-done": "done"}
FINISHED = {"progress-finished": "finished"}
SAVE_STATUS = {"answer-saved": "saved", "answers-deleted": "deleted"}


def course_words(course: Course) -> Messages:
    """The words copress writes into the course, in its language (course.md `lang`, else the
    article's)."""
    return messages(course.lang)


def course_key(course: Course) -> str:
    """The course's name in localStorage keys: two courses in one browser never mix answers."""
    return re.sub(r"[^a-z0-9]+", "-", course.title.lower()).strip("-")


def clock(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


def duration_text(minutes: int, words: Messages | None = None) -> str:
    words = words or messages("en-GB")
    hours, rest = divmod(minutes, 60)
    parts = ([words.plural("common.hours", hours)] if hours else []) + ([minutes_text(rest, words)] if rest else [])
    return " ".join(parts)


def _document(course: Course, title: str, kind: str, body: str, style: str, project_root: Path) -> str:
    skeleton = Template(template_text("course.html", project_root))
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
                 project_root: Path, guide_page: bool, notice: list[str] | None = None):
        self.course, self.html, self.stamp = course, html_by_module, stamp
        self.root, self.guide_page = project_root, guide_page
        self.words = course_words(course)
        self.notice = list(notice or [])

    def w(self, id: str, **values: object) -> str:
        """Message `course.<id>` in the course's language."""
        return self.words.text(f"course.{id}", **values)

    def _page(self, title: str, main: str, current: Module | None) -> str:
        c = self.course
        style = '<link rel="stylesheet" href="assets/course.css">'
        script = "\n" + template_text("course.js", self.root) + "\n"
        here = ' aria-current="page"' if current is None else ""
        banner = (f'<header class="banner"><p class="course-name"><a href="index.html"{here}>'
                  f'{e(c.title)}</a></p></header>')
        if self.notice:  # on every page of a course in a language nobody has checked copress's words in
            main = ('<div id="language-notice" class="language-notice" role="note">'
                    + "".join(f"<p>{e(text)}</p>" for text in self.notice) + "</div>" + main)
        body = "\n".join([
            f'<a class="skip-link" href="#content">{e(self.w("skip-link"))}</a>', banner,
            '<div class="layout">', f'<main id="content">{main}</main>', self._progress_nav(current), "</div>",
            f'<footer class="provenance"><p>{e(self.stamp)}</p><p>{e(self.w("runs-offline"))}</p></footer>',
            f"<script>{script}</script>"])
        return finish_page(_document(c, title, "web", body, style, self.root), [script], local_files=True)

    def _progress_nav(self, current: Module | None) -> str:
        items = []
        for m in self.course.modules:
            here = ' aria-current="page"' if m is current else ""
            items.append(f'<li data-module="{e(m.id)}"><a href="{e(m.page)}"{here}>{m.number}. {e(m.title)}</a>'
                         f' <span class="progress-status" data-status="{e(m.id)}"></span></li>')
        return (f'<nav class="course-modules" aria-labelledby="modules-title"><h2 id="modules-title">'
                f'{e(self.w("modules-nav"))}</h2><ol class="progress-list"{script_words(self.words, "course", DONE)}>'
                f'{"".join(items)}</ol>'
                f'<p class="progress-summary" role="status" hidden{script_words(self.words, "course", FINISHED)}></p>'
                f'<p class="progress-help">{e(self.w("progress-help"))}</p>'
                "</nav>")

    def _pager(self, prev: tuple[str, str] | None, nxt: tuple[str, str] | None) -> str:
        links = []
        if prev:
            links.append(f'<li class="prev"><a rel="prev" href="{e(prev[0])}">{e(self.w("previous", title=prev[1]))}</a></li>')
        if nxt:
            links.append(f'<li class="next"><a rel="next" href="{e(nxt[0])}">{e(self.w("next", title=nxt[1]))}</a></li>')
        return f'<nav class="pager" aria-label="{e(self.w("pager"))}"><ul>{"".join(links)}</ul></nav>'

    def overview(self) -> str:
        c, w, words = self.course, self.w, self.words
        modules = "".join(f'<li><a href="{e(m.page)}">{e(w("module", n=m.number, title=m.title))}</a> '
                          f'<span class="minutes">({e(minutes_text(m.minutes, words))})</span></li>' for m in c.modules)
        breaks = [row for row in c.plan if row.module is None]
        pause = words.plural("course.with-break", len(breaks), breaks=words.join_and(
            [minutes_text(b.minutes, words) for b in breaks])) if breaks else ""
        # the sentence is escaped around its {link}, which is HTML
        before, _, after = w("from-guide", link="\0", title=c.guide.title[:1].lower() + c.guide.title[1:]
                             if c.guide else "").partition("\0")
        guide = (f'<p>{e(before)}<a href="{GUIDE_PAGE}">{e(w("from-guide-link"))}</a>{e(after)}</p>'
                 if self.guide_page else "")
        facts = w("facts", audience=words.join_and(c.audience), duration=duration_text(c.total, words), pause=pause)
        main = f"""<h1 id="title">{e(c.title)}</h1>
{f'<p class="subtitle">{e(c.subtitle)}</p>' if c.subtitle else ''}
<p class="course-facts">{e(facts)}</p>
{_outcomes(c.outcomes, w("outcomes"), "outcomes-title")}
<section aria-labelledby="modules-list-title"><h2 id="modules-list-title">{e(w("modules"))}</h2><ol class="module-list">{modules}</ol></section>
<section aria-labelledby="how-title"><h2 id="how-title">{e(w("how-it-works"))}</h2>
<p>{e(w("how-it-works-text"))}</p>
<p class="privacy-note">{e(w("privacy-note"))}</p>
<p>{e(w("works-offline"))}</p>
{guide}
</section>
<p class="facilitators">{e(w("facilitators", names=words.join_and(c.facilitators)))}</p>
{self._pager(None, (c.modules[0].page, w("module", n=1, title=c.modules[0].title)))}"""
        return self._page(c.title, main, None)

    def _question(self, module: Module, q: Question) -> str:
        ident = f"answer-{q.id}"
        link = (f'<p class="in-guide"><a href="{GUIDE_PAGE}#q-{e(q.id)}">{e(self.w("in-guide"))}</a></p>'
                if self.guide_page else "")
        return (f'<li><label for="{ident}">{e(q.text)}</label>'
                f'<textarea id="{ident}" rows="4" data-answer="{e(module.id)}:{e(q.id)}"></textarea>{link}</li>')

    def _resource(self, r: Resource) -> str:
        target = f"{GUIDE_PAGE}#{entry_anchor(r.id)}" if self.guide_page else r.url
        return f'<li><a href="{e(target)}">{e(r.title)}</a>. {e(r.description)}</li>'

    def module(self, m: Module) -> str:
        c, w = self.course, self.w
        parts = [f'<h1 id="title"><span class="module-number">{e(w("module-of", n=m.number, count=len(c.modules)))}</span> {e(m.title)}</h1>',
                 f'<p class="module-meta">{e(w("about", duration=minutes_text(m.minutes, self.words)))}</p>',
                 _outcomes(m.outcomes, w("by-the-end"), "outcomes-title"),
                 self.html[m.id].learner]
        if m.questions:
            items = "".join(self._question(m, q) for q in m.questions)
            parts.append(f"""<section class="reflect" aria-labelledby="reflect-title">
<h2 id="reflect-title">{e(w("questions"))}</h2>
<p class="privacy-note">{e(w("privacy-note"))}</p>
<p class="no-script-note">{e(w("no-script-answers"))}</p>
<ol class="questions">{items}</ol>
<p class="answer-tools" hidden><button type="button" class="clear-answers">{e(w("delete-answers"))}</button></p>
<p class="save-status" role="status"{script_words(self.words, "course", SAVE_STATUS)}></p>
</section>""")
        if m.resources:
            items = "".join(self._resource(r) for r in m.resources)
            parts.append(f'<section class="resources" aria-labelledby="resources-title"><h2 id="resources-title">'
                         f'{e(w("from-the-guide"))}</h2><ul>{items}</ul></section>')
        parts.append(f'<section class="done" aria-labelledby="done-title" hidden><h2 id="done-title">{e(w("your-progress"))}</h2>'
                     f'<p><input type="checkbox" id="module-done" value="{e(m.id)}"> '
                     f'<label for="module-done">{e(w("finished-module"))}</label></p></section>')
        i = c.modules.index(m)
        overview = ("index.html", w("overview"))
        prev = overview if i == 0 else (c.modules[i - 1].page, w("module", n=i, title=c.modules[i - 1].title))
        nxt = (c.modules[i + 1].page, w("module", n=i + 2, title=c.modules[i + 1].title)) if i + 1 < len(c.modules) \
            else overview
        parts.append(self._pager(prev, nxt))
        return self._page(w("page-title", module=w("module", n=m.number, title=m.title), course=c.title),
                          "\n".join(parts), m)


# ------------------------------------------------------------------------------ the PDFs

def _pdf_style(project_root: Path, paged: str, words: Messages | None = None) -> str:
    """course.css then the paged media (base-print.css, then the document's own), all in the
    document itself, so the paged rules win the cascade (a user stylesheet would lose to course.css);
    for a course in a language other than English, "Page N of M" in that language last."""
    css = [embed_urls(template(name, project_root), project_root)
           for name in ("course.css", "base-print.css", paged)]
    if words is not None and words.lang != "en":
        css.append(f"@page {{ @bottom-center {{ content: {words.page_of_css()}; }} }}")
    return "<style>\n" + "\n".join(css) + "\n</style>"


def _notice(notice: list[str] | None) -> str:
    """'Not yet checked by a fluent speaker' (project.language_notice), or nothing."""
    return ('<div id="language-notice" class="language-notice" role="note">'
            + "".join(f"<p>{e(text)}</p>" for text in notice) + "</div>\n") if notice else ""


def facilitator(course: Course, html_by_module: dict[str, ModuleHtml], stamp: str, project_root: Path,
                notice: list[str] | None = None) -> str:
    """The facilitator edition: session plan with timings, then every module with its notes."""
    c, words = course, course_words(course)

    def w(id: str, **values: object) -> str:
        return words.text(f"course.{id}", **values)

    rows = []
    for row in c.plan:
        m = row.module
        if m is None:
            rows.append(f'<tr class="break"><td class="time">{clock(row.start)}–{clock(row.end)}</td>'
                        f'<th scope="row">{e(row.title)}</th><td></td><td>{row.minutes}</td></tr>')
            continue
        acts = "".join(f"<li>{e(w('plan-activity', title=a.title, minutes=a.minutes, mode=MODES[a.mode].lower()))}</li>"
                       for a in m.activities)
        rows.append(f'<tr><td class="time">{clock(row.start)}–{clock(row.end)}</td>'
                    f'<th scope="row">{m.number}. {e(m.title)}</th>'
                    f'<td>{f"<ul>{acts}</ul>" if acts else e(w("no-activities"))}</td><td>{row.minutes}</td></tr>')
    spare = c.duration - c.total
    intro = w("plan-intro", total=c.total, duration=c.duration, spare=w("plan-spare", spare=spare) if spare else "")
    columns = "".join(f'<th scope="col">{e(w(f"column-{name}"))}</th>' for name in ("time", "module", "activities", "minutes"))
    plan = f"""<section class="plan" aria-labelledby="plan-title"><h2 id="plan-title">{e(w("session-plan"))}</h2>
<p>{e(intro)}</p>
<table class="plan-table">
<caption>{e(w("plan-caption"))}</caption>
<thead><tr>{columns}</tr></thead>
<tbody>{"".join(rows)}</tbody>
<tfoot><tr><th scope="row" colspan="3">{e(w("plan-total", duration=c.duration))}</th><td>{c.total}</td></tr></tfoot>
</table></section>"""
    modules = []
    for row in c.plan:
        m = row.module
        if m is None:
            continue
        parts = [f'<section class="module" aria-labelledby="module-{e(m.id)}-title">',
                 f'<h2 id="module-{e(m.id)}-title">{e(w("module", n=m.number, title=m.title))}</h2>',
                 f'<p class="timing">{clock(row.start)}–{clock(row.end)} · {e(minutes_text(m.minutes, words))}</p>',
                 _outcomes(m.outcomes, w("learning-outcomes"), f"module-{m.id}-outcomes", 3),
                 _shift(html_by_module[m.id].facilitator)]
        if m.questions:
            items = "".join(f"<li>{e(q.text)}</li>" for q in m.questions)
            parts.append(f'<h3 id="module-{e(m.id)}-questions">{e(w("questions"))}</h3><ol>{items}</ol>')
        if m.resources:
            # The link is named by the title; the address is printed as plain text for paper.
            items = "".join(f'<li><a href="{e(r.url)}">{e(r.title)}</a><br><span class="url">{e(r.url)}</span></li>'
                            for r in m.resources)
            parts.append(f'<h3 id="module-{e(m.id)}-resources">{e(w("from-the-guide"))}</h3><ul>{items}</ul>')
        parts.append("</section>")
        modules.append("\n".join(parts))
    body = f"""<header class="cover"><h1 id="title">{e(c.title)}</h1>
<p class="subtitle">{e(w("facilitator-edition"))}</p>
{f'<p>{e(c.subtitle)}</p>' if c.subtitle else ''}
{_notice(notice)}<p>{e(w("for-duration", audience=words.join_and(c.audience), duration=duration_text(c.duration, words)))}</p>
<p>{e(w("facilitators-list", names=words.join_and(c.facilitators)))}</p>
<p class="confidential">{e(w("notes-only-here"))}</p>
</header>
<main id="content">
{_outcomes(c.outcomes, w("course-outcomes"), "course-outcomes")}
{plan}
{"".join(modules)}
</main>
<footer class="provenance"><p>{e(stamp)}</p></footer>"""
    return _document(c, w("facilitator-title", title=c.title), "facilitator", body,
                     _pdf_style(project_root, "course-print.css", words), project_root)


def _shift(fragment: str) -> str:
    """Module sections are h2 on their own page; inside a module section of a PDF they are h3."""
    return re.sub(r"<(/?)h([2-5])\b", lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}", fragment)


def slides(course: Course, html_by_module: dict[str, ModuleHtml], project_root: Path,
           notice: list[str] | None = None) -> str:
    """16:9 slides: a title slide, then per module a title slide, a slide per `##` section, and
    the reflective questions. Facilitator notes were removed from the AST before this."""
    c, words = course, course_words(course)

    def w(id: str, **values: object) -> str:
        return words.text(f"course.{id}", **values)

    out = [f'<section class="slide title-slide"><h1 id="title">{e(c.title)}</h1>'
           f'{f"<p class=subtitle>{e(c.subtitle)}</p>" if c.subtitle else ""}'
           f'<p>{e(words.join_and(c.facilitators))}</p>{_notice(notice).rstrip()}</section>']
    for m in c.modules:
        out.append(f'<section class="slide module-slide"><h1 id="module-{e(m.id)}">{e(w("module", n=m.number, title=m.title))}</h1>'
                   f'<p class="module-meta">{e(minutes_text(m.minutes, words))}</p>'
                   f'<p>{e(w("by-the-end-colon"))}</p>'
                   f'<ul>{"".join(f"<li>{e(o)}</li>" for o in m.outcomes)}</ul></section>')
        for slide in html_by_module[m.id].slides:
            out.append(f'<section class="slide">{slide}</section>')
        if m.questions:
            out.append(f'<section class="slide"><h2 id="module-{e(m.id)}-questions">{e(w("questions"))}</h2>'
                       f'<ul>{"".join(f"<li>{e(q.text)}</li>" for q in m.questions)}</ul></section>')
    body = f'<main id="content">{"".join(out)}</main>'
    return _document(c, w("slides-title", title=c.title), "slides", body,
                     _pdf_style(project_root, "course-slides.css", words), project_root)


def feedback(course: Course, project_root: Path, notice: list[str] | None = None) -> str:
    """A form to send to participants: each answer box is a fillable PDF field whose accessible
    name (/TU, from `title`) is its question."""
    c, words = course, course_words(course)

    def w(id: str, **values: object) -> str:
        return words.text(f"course.{id}", **values)

    fields = []
    for n, (name, question) in enumerate(c.feedback, 1):
        fields.append(f'<li><label for="fb-{e(name)}">{e(question)}</label>'
                      f'<textarea id="fb-{e(name)}" name="{e(name)}" title="{e(w("question-field", n=n, question=question))}" '
                      f'rows="6" cols="60"></textarea></li>')
    body = f"""<main id="content">
<h1 id="title">{e(w("feedback-title", title=c.title))}</h1>
{_notice(notice)}<p>{e(w("feedback-thanks"))}</p>
<p>{e(w("feedback-how", names=words.join_and(c.facilitators)))}</p>
<ol class="feedback-questions">{"".join(fields)}</ol>
</main>"""
    return _document(c, w("feedback-title", title=c.title), "feedback", body,
                     _pdf_style(project_root, "course-print.css", words), project_root)
