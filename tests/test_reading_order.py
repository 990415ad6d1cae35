"""Structure that reads right, beyond the validator (issue 17, item 5): each PDF's outline —
headings, lists and their items, tables' header cells and scope, figures' alt text, links, form
fields — read from its structure tree in reading order, is its HTML twin's, but for the
differences each edition declares below; a course PDF, which has no twin, holds the headings
and lists of the course's sources in their order. veraPDF cannot tell that a list was tagged as
paragraphs, or that a page break cut a list in two; this can."""

from __future__ import annotations

import io
import json
from pathlib import Path

import panflute as pf
import pikepdf
import pytest

from copress.course.content import parse_modules
from copress.course.models import load_course
from copress.guide.models import load_guide
from copress.pdfmodel.html_outline import html_outline
from copress.pdfmodel.outline import Difference, Item, compare, compare_in_order
from copress.pdfmodel.pdf_outline import pdf_outline
from copress.project import Project

# The differences between an edition's PDF and its web page, each with its reason: the one
# place they are declared. Anything else that differs is a defect of the PDF (or of the page).
DECLARED: dict[str, tuple[Difference, ...]] = {
    "article": (),
    "easy-read": (),
    "resource-guide": (
        Difference("html", "link", r"^Skip to the contents$",
                   "the web page's skip link is for keyboard users; a PDF viewer has its own"),
        Difference("html", "heading", r"^Find resources$",
                   "the web page's filter section (its form is `hidden` until the script runs); "
                   "paper cannot filter"),
        Difference("pdf", "item", r"\.{3,} ?\d+$",
                   "the PDF's contents prints a dot leader and the page number after each entry",
                   replace=""),
        Difference("pdf", "item", r"^· ",
                   "the PDF's map runs the names on in each cell, printing ' · ' between them",
                   replace=""),
        Difference("pdf", "field", r"^Question \d+: ",
                   "the PDF's worksheet has an answer box (a form field) under each question"),
    ),
}

COURSE_PDFS = ("course-facilitator", "course-slides", "course-feedback")


@pytest.mark.parametrize("edition", sorted(DECLARED))
def test_pdf_reads_in_the_same_order_as_its_web_page(sample_build: Path, edition: str):
    with pikepdf.open(sample_build / f"{edition}.pdf") as pdf:
        from_pdf = pdf_outline(pdf)
    from_html = html_outline((sample_build / f"{edition}.html").read_text(encoding="utf-8"))
    assert any(i.kind == "heading" for i in from_pdf), "the PDF's tags have no headings at all"
    problem = compare(from_pdf, from_html, DECLARED[edition])
    assert problem is None, f"{edition}.pdf does not read like {edition}.html\n{problem}"


def test_a_name_on_the_guide_map_stays_one_list_item_where_its_line_wraps(sample_build: Path):
    # The map's names run on in each cell; an inline item cut by a line end was tagged as two
    # LI elements (one holding only the printed " · "), so each cell listed extra items.
    with pikepdf.open(sample_build / "resource-guide.pdf") as pdf:
        items = [i.text for i in pdf_outline(pdf) if i.kind == "item"]
    assert sum(1 for t in items if t.startswith("· ")) > 50  # the map's run-on names are there
    assert [t for t in items if t.strip(" ·") == ""] == []


@pytest.mark.parametrize("name", COURSE_PDFS)
def test_course_pdf_keeps_the_headings_and_lists_of_its_sources_in_order(sample_build: Path,
                                                                        name: str):
    with pikepdf.open(sample_build / f"{name}.pdf") as pdf:
        from_pdf = [i for i in pdf_outline(pdf) if i.kind in ("heading", "list", "item")]
    expected = course_outline(sample_build.parent, name)
    assert len(expected) > 3, "the course's sources gave too little to compare"
    problem = compare_in_order(from_pdf, expected, "course sources")
    assert problem is None, f"{name}.pdf lost or reordered its sources' structure\n{problem}"


@pytest.mark.fast
def test_a_list_cut_in_two_is_a_mismatch_and_a_declared_difference_is_not():
    html = html_outline("<html><body><a href='#x'>Skip</a><h1>T</h1><ul><li>a</li><li>b</li>"
                        "<li>c<ul><li>d</li></ul></li></ul><p hidden><a href='#y'>gone</a></p>"
                        "<table><tr><th>Who</th><th>When</th></tr><tr><th>A</th><td>1</td></tr>"
                        "</table></body></html>")
    assert html == [Item("link", 0, "Skip"), Item("heading", 1, "T"), Item("list", 3, ""),
                    Item("item", 0, "a"), Item("item", 0, "b"), Item("item", 0, "c"),
                    Item("list", 1, ""), Item("item", 0, "d"),
                    Item("table", 0, "Who [col] | When [col] | A [row]")]
    pdf = [Item("heading", 1, "T"), Item("list", 2, ""), Item("item", 0, "a"),
           Item("item", 0, "b"), Item("list", 1, ""), Item("item", 0, "c"),
           Item("list", 1, ""), Item("item", 0, "d"),
           Item("table", 0, "Who [col] | When [col] | A [row]")]
    skip = Difference("html", "link", "^Skip$", "a skip link")
    problem = compare(pdf, html, [skip])
    assert problem is not None and "list 2" in problem and "list 3" in problem
    fixed = pdf[:1] + [Item("list", 3, "")] + pdf[2:4] + pdf[5:]
    assert compare(fixed, html, [skip]) is None
    assert compare([Item("heading", 1, "ﬁne\u00ad  text")], [Item("heading", 1, "fine text")]) is None
    assert compare([Item("heading", 2, "T")], [Item("heading", 1, "T")]) is not None


# --------------------------------------------------------------- the course's sources, in order

def course_outline(project_root: Path, name: str) -> list[Item]:
    """The headings and lists a course PDF must hold, in order, from course.yaml, the modules'
    Markdown (parsed by pandoc) and the guide's questions and resources the modules name.
    Levels are where each edition puts them: the facilitator edition nests a module's `##`
    under the module's h2, the slides give each module an h1."""
    project = Project.load(project_root)
    course = load_course(project, load_guide(project))
    if name == "course-feedback":
        return [Item("heading", 1, f"Feedback: {course.title}"),
                *_list([question for _, question in course.feedback])]
    facilitator = name == "course-facilitator"
    out = [Item("heading", 1, course.title)]
    if facilitator:
        out += _list(course.outcomes)
    ast = parse_modules(course, project.manuscript)
    bodies = {block["c"][0][0].removeprefix("module-"): block["c"][1] for block in ast["blocks"]
              if block["t"] == "Div" and block["c"][0][0].startswith("module-")}
    for module in course.modules:
        out.append(Item("heading", 2 if facilitator else 1, f"Module {module.number}: {module.title}"))
        out += _list(module.outcomes)
        doc = pf.load(io.StringIO(json.dumps({**ast, "blocks": bodies[module.id]})))
        shift = 1 if facilitator else 0
        for block in doc.content:
            out += _blocks(block, shift, keep_notes=facilitator)
        if module.questions:
            out += _list([q.text for q in module.questions])
        if module.resources and facilitator:
            out += _list([f"{r.title} {r.url}" for r in module.resources])
    return out


def _list(texts: list[str]) -> list[Item]:
    return [Item("list", len(texts), ""), *(Item("item", 0, t) for t in texts)]


def _blocks(elem, shift: int, keep_notes: bool) -> list[Item]:
    if isinstance(elem, pf.Header):
        return [Item("heading", elem.level + shift, pf.stringify(elem))]
    if isinstance(elem, (pf.BulletList, pf.OrderedList)):
        out = [Item("list", len(elem.content), "")]
        for item in elem.content:
            text = " ".join(pf.stringify(b) for b in item.content
                            if not isinstance(b, (pf.BulletList, pf.OrderedList)))
            out.append(Item("item", 0, text))
            for block in item.content:
                if isinstance(block, (pf.BulletList, pf.OrderedList)):
                    out += _blocks(block, shift, keep_notes)
        return out
    if isinstance(elem, pf.Div):
        if "notes" in elem.classes and not keep_notes:
            return []
        out = []
        if "activity" in elem.classes:
            title = elem.attributes.get("title") or "Activity"
            out.append(Item("heading", 3 + shift, f"Activity: {title}"))
        for block in elem.content:
            out += _blocks(block, shift, keep_notes)
        return out
    return []

