"""The modules' Markdown → HTML for each edition: one pandoc parse of every module, the course
filters in this process (one pass per edition), and one pandoc run that writes every part."""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass

import panflute as pf

from ..document import run_pandoc
from ..errors import CopressError
from ..htmlkit import escape as _e
from ..htmlsafe import sanitise
from ..messages import Messages, messages
from .models import MODES, Course

# Raw HTML and raw blocks are off: module text is plain Markdown. The only raw HTML is what the
# course filters add; links and attributes are the authors', so every part is sanitised.
READER = "markdown-raw_html-raw_attribute-raw_tex"
FENCE = ":" * 40  # longer than any fence an author writes, so it only closes our wrapper
PART = re.compile(r"<!--copress-part:([^>]+)-->\n?")


def minutes_text(minutes: int, words: Messages | None = None) -> str:
    """'1 minute', '20 minutes', in `words`' language (English by default)."""
    return (words or messages("en-GB")).plural("common.minutes", minutes)


# ------------------------------------------------------------------------------ the filters
# Plain panflute actions. Which ones run is the edition's choice (EDITIONS below): facilitator
# notes are *removed from the AST* for learners and slides, never merely hidden with CSS.

def drop_notes(elem, doc):
    """Facilitator notes (`::: notes`) appear only in the facilitator edition."""
    if isinstance(elem, pf.Div) and "notes" in elem.classes:
        return []


def label_notes(elem, doc):
    """In the facilitator edition, notes get a visible label."""
    if isinstance(elem, pf.Div) and "notes" in elem.classes:
        label = _e(doc.words.text("course.facilitator-notes"))
        elem.content.insert(0, pf.RawBlock(f'<p class="notes-label">{label}</p>', format="html"))


def activity_box(elem, doc):
    """An activity becomes a titled box saying how long it takes and how it can be run."""
    if isinstance(elem, pf.Div) and "activity" in elem.classes:
        doc.activity_count += 1
        ident = f"activity-{doc.module_id}-{doc.activity_count}"
        minutes = int(elem.attributes.get("minutes", "0"))
        mode = MODES.get(elem.attributes.get("mode", ""), "")
        title = elem.attributes.get("title") or doc.words.text("course.activity")
        head = (f'<h3 id="{_e(ident)}">{_e(doc.words.text("course.activity-title", title=title))}</h3>'
                f'<p class="activity-meta">{_e(minutes_text(minutes, doc.words))} · {_e(mode)}</p>')
        return [pf.RawBlock(f'<section class="activity" aria-labelledby="{_e(ident)}">', format="html"),
                pf.RawBlock(head, format="html"), *elem.content,
                pf.RawBlock("</section>", format="html")]


# Edition → the actions run on the modules, in order.
EDITIONS = {
    "learner": (drop_notes, activity_box),
    "slides": (drop_notes, activity_box),
    "facilitator": (label_notes, activity_box),
}


# ---------------------------------------------------------------------------- parse, write

def parse_modules(course: Course, cwd) -> dict:
    """Every module in one pandoc parse, each wrapped in a Div with the module's id."""
    parts = []
    for module in course.modules:
        parts.append(f"\n\n{FENCE} {{#module-{module.id} .course-module}}\n\n{module.body}\n\n{FENCE}\n\n")
    out, _ = run_pandoc(["-f", READER, "-t", "json"], "".join(parts).encode("utf-8"), cwd,
                        "reading the course modules")
    return json.loads(out)


def _module_blocks(ast: dict, course: Course) -> dict[str, list]:
    found = {}
    for block in ast["blocks"]:
        if block["t"] == "Div" and block["c"][0][0].startswith("module-"):
            found[block["c"][0][0].removeprefix("module-")] = block["c"][1]
    missing = [m for m in course.modules if m.id not in found]
    if missing:  # pragma: no cover - scan_body checks the fences first
        raise CopressError("could not read the module (a div is not closed?)", missing[0].file)
    return found


def _filtered(ast: dict, module_id: str, blocks: list, edition: str, lang: str = "en-GB") -> list:
    """One module's blocks after the edition's filters (run in this process with panflute)."""
    doc = pf.load(io.StringIO(json.dumps({**ast, "blocks": blocks})))
    doc.module_id, doc.activity_count, doc.words = module_id, 0, messages(lang)
    for action in EDITIONS[edition]:
        doc = doc.walk(action, doc) or doc
    buffer = io.StringIO()
    pf.dump(doc, buffer)
    return json.loads(buffer.getvalue())["blocks"]


def _slides(blocks: list) -> list[list]:
    """Each level-2 heading starts a slide."""
    slides: list[list] = []
    for block in blocks:
        if block["t"] == "Header" and block["c"][0] == 2 or not slides:
            slides.append([])
        slides[-1].append(block)
    return slides


def _marker(name: str) -> dict:
    return {"t": "RawBlock", "c": ["html", f"<!--copress-part:{name}-->"]}


@dataclass
class ModuleHtml:
    """One module's HTML in each edition; `slides` is a list, one item a slide."""

    learner: str
    facilitator: str
    slides: list[str]


def render_modules(course: Course, cwd) -> dict[str, ModuleHtml]:
    """module id → its HTML in every edition: one parse, the filters, one pandoc write."""
    ast = parse_modules(course, cwd)
    blocks = _module_blocks(ast, course)
    combined: list = []
    slide_counts = {}
    for module in course.modules:
        for edition in ("learner", "facilitator"):
            combined += [_marker(f"{edition}/{module.id}"),
                         *_filtered(ast, module.id, blocks[module.id], edition, course.lang)]
        slides = _slides(_filtered(ast, module.id, blocks[module.id], "slides", course.lang))
        slide_counts[module.id] = len(slides)
        for n, slide in enumerate(slides):
            combined += [_marker(f"slides/{module.id}/{n}"), *slide]
    combined.append(_marker("end"))
    out, _ = run_pandoc(["-f", "json", "-t", "html5", "--wrap=none"],
                        json.dumps({**ast, "blocks": combined}).encode("utf-8"), cwd, "writing the course")
    pieces = PART.split(out.decode("utf-8"))
    # Each part is a whole fragment (an activity's section opens and closes in it), so each is
    # sanitised on its own: links and attributes are the authors'.
    parts = {pieces[i]: sanitise(pieces[i + 1]).strip() for i in range(1, len(pieces) - 1, 2)}
    return {m.id: ModuleHtml(parts[f"learner/{m.id}"], parts[f"facilitator/{m.id}"],
                             [parts[f"slides/{m.id}/{n}"] for n in range(slide_counts[m.id])])
            for m in course.modules}
