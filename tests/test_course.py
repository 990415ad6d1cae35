"""The sample training course, built by `copress build course`: the online course's pages and
navigation, facilitator notes kept out of learner pages and slides, questions and resources
pulled from the guide, the three PDFs, axe on every page, and progress and answers kept in the
browser (Chromium through Playwright)."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import pikepdf
import pytest
import yaml
from pdfminer.high_level import extract_pages, extract_text
from pdfminer.layout import LTChar, LTTextContainer

from conftest import REPO, copy_sample, run_copress
from copress.checks.html_axe import check_html
from copress.checks.pdf_ua import check_pdf

COURSE = REPO / "manuscript/course"


def flat(text: str) -> str:
    """White space collapsed and typographic quotes made plain (pandoc makes quotes curly)."""
    text = text.translate(str.maketrans("“”‘’", "\"\"''"))
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def course_yaml() -> dict:
    return yaml.safe_load((COURSE / "course.yaml").read_text())


@pytest.fixture(scope="module")
def build(tmp_path_factory) -> Path:
    """The sample project with `copress build course` run once (the course alone: it makes its
    own copy of the guide's web page)."""
    project = copy_sample(tmp_path_factory.mktemp("course") / "project")
    result = run_copress("build", "course", "-C", str(project))
    assert result.returncode == 0, result.stderr
    return project / "build"


def notes_paragraphs() -> list[str]:
    """Every paragraph of every `::: notes` block in the sample modules."""
    found = []
    for path in sorted(COURSE.glob("*.md")):
        for block in re.findall(r"^::: notes\n(.*?)^:::$", path.read_text(), re.MULTILINE | re.DOTALL):
            found += [flat(p) for p in block.split("\n\n") if p.strip()]
    return found


def pdf_text(path: Path) -> str:
    return flat(extract_text(path))


# ---------------------------------------------------------------------------- the web pages

def test_overview_and_one_page_per_module_linked_in_course_order(build, course_yaml):
    folder = build / "course"
    pages = sorted(p.name for p in folder.glob("*.html"))
    expected = [f"{n:02d}-{m}.html" for n, m in enumerate(course_yaml["modules"], 1)]
    assert pages == sorted(["index.html", "resource-guide.html", *expected])
    # follow "next" from the overview to the end, then "previous" back
    order, page = [], "index.html"
    while True:
        doc = lxml.html.parse(str(folder / page)).getroot()
        nxt = doc.xpath('//nav[@class="pager"]//a[@rel="next"]/@href')
        if not nxt or nxt[0] == "index.html":
            break
        page = nxt[0]
        order.append(page)
        assert len(order) <= len(expected)
    assert order == expected
    back = []
    for page in reversed(expected):
        doc = lxml.html.parse(str(folder / page)).getroot()
        back.append(doc.xpath('//a[@rel="prev"]/@href')[0])
    assert back == [*reversed(expected[:-1]), "index.html"]
    # every page lists every module, the current one marked
    for n, page in enumerate(expected):
        doc = lxml.html.parse(str(folder / page)).getroot()
        listed = doc.xpath('//nav[@class="course-modules"]//li/a/@href')
        assert listed == expected
        assert doc.xpath('//nav[@class="course-modules"]//a[@aria-current="page"]/@href') == [page]


def test_module_page_has_outcomes_activity_questions_privacy_note_and_guide_links(build):
    doc = lxml.html.parse(str(build / "course/02-power.html")).getroot()
    text = flat(doc.text_content())
    module = (COURSE / "power.md").read_text()
    meta = yaml.safe_load(module.split("---")[1])
    assert doc.xpath("//h1")[0].text_content().endswith(meta["title"])
    for outcome in meta["outcomes"]:
        assert outcome in text
    assert "Activity: Name the defaults" in text and "20 minutes · In person or online" in text
    assert "Your answers stay on this device" in text
    boxes = doc.xpath("//textarea")
    assert [b.get("id") for b in boxes] == [f"answer-{q}" for q in meta["questions"]]
    for box in boxes:  # each box is labelled by its question
        assert doc.xpath(f'//label[@for="{box.get("id")}"]')
    links = doc.xpath('//section[@class="resources"]//a/@href')
    assert links == [f"resource-guide.html#resource-{r}" for r in meta["resources"]]
    guide = lxml.html.parse(str(build / "course/resource-guide.html")).getroot()
    ids = set(guide.xpath("//@id"))
    assert {link.split("#")[1] for link in links} <= ids
    assert {f"q-{q}" for q in meta["questions"]} <= ids


def test_pages_request_nothing_outside_the_folder(build):
    for page in (build / "course").glob("*.html"):
        doc = lxml.html.parse(str(page)).getroot()
        loaded = doc.xpath("//script/@src | //link/@href | //img/@src | //iframe/@src")
        assert all(not re.match(r"^[a-z]+:|^//", url) for url in loaded), (page.name, loaded)
    for asset in ("assets/course.css", "assets/fonts/atkinson-hyperlegible-latin-400-normal.woff2"):
        assert (build / "course" / asset).is_file()
    assert not (build / "course/assets/course.js").exists()  # inline, allowed by its hash


def test_facilitator_notes_are_in_the_facilitator_edition_only(build):
    notes = notes_paragraphs()
    assert len(notes) >= 6
    facilitator = pdf_text(build / "course-facilitator.pdf")
    slides = pdf_text(build / "course-slides.pdf")
    pages = {p.name: flat(lxml.html.parse(str(p)).getroot().text_content())
             for p in (build / "course").glob("*.html") if p.name != "resource-guide.html"}
    for paragraph in notes:
        assert paragraph in facilitator, paragraph
        assert paragraph not in slides, paragraph
        for name, text in pages.items():
            assert paragraph not in text, (name, paragraph)
    for name, text in pages.items():
        assert "Facilitator notes" not in text, name
    raw = " ".join(p.read_text() for p in (build / "course").glob("0*.html"))
    assert 'class="notes"' not in raw  # removed from the document, not hidden with CSS


# ---------------------------------------------------------------------------------- the PDFs

@pytest.mark.parametrize("name", ["course-facilitator.pdf", "course-slides.pdf", "course-feedback.pdf"])
def test_pdfs_pass_the_pdf_ua_checks(build, name):
    findings = check_pdf(build / name)
    assert [f"{f.rule}: {f.message}" for f in findings if f.severity in ("error", "warning")] == []


def test_facilitator_edition_has_the_session_plan_with_timings(build, course_yaml):
    text = pdf_text(build / "course-facilitator.pdf")
    assert "Session plan" in text
    assert "Total (course duration 210 minutes) 205" in text
    # module 1 starts at 0:00; the break follows module 3 (0:30 + 0:40 + 0:30 = 1:40)
    for time in ("0:00–0:30", "0:30–1:10", "1:40–2:00", "3:05–3:25"):
        assert time in text
    assert "Module 1: What co-production is 0:00–0:30 · 30 minutes" in text
    assert "Module 4: Communication, relationships and paying people fairly 2:00–2:35 · 35 minutes" in text
    assert "Module 6: Being honest about the difficulties 3:05–3:25 · 20 minutes" in text
    assert "Facilitators: Amina Okafor and Denise Harper." in text


def test_slides_are_16_by_9_with_large_type_and_each_section_starts_a_slide(build):
    path = build / "course-slides.pdf"
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            box = [float(v) for v in page.MediaBox]
            assert abs((box[2] - box[0]) / (box[3] - box[1]) - 16 / 9) < 0.01
    headings = [flat(h) for p in sorted(COURSE.glob("*.md"))
                for h in re.findall(r"^## (.+)$", p.read_text(), re.MULTILINE)]
    firsts, sizes = [], []
    for page in extract_pages(path):
        lines = sorted((el for el in page if isinstance(el, LTTextContainer)), key=lambda el: -el.y1)
        if lines:
            firsts.append(flat(lines[0].get_text()))
        for el in lines:
            for line in el:
                sizes += [round(c.size) for c in line if isinstance(c, LTChar) and c.get_text().strip()]
    for heading in headings:
        assert heading in firsts, heading
    body = [s for s in sizes if s > 12]  # the page number is the only smaller text
    assert min(body) >= 18 and sizes.count(12) <= len(firsts) * 2


def test_feedback_form_has_fillable_fields_named_by_their_questions(build):
    with pikepdf.open(build / "course-feedback.pdf") as pdf:
        fields = {str(f.T): f for f in pdf.Root.AcroForm.Fields}
        assert set(fields) == {"worked", "change", "try", "other"}
        assert all(f.FT == "/Tx" for f in fields.values())
        assert str(fields["worked"].TU) == "Question 1: What worked well for you in this course?"
        assert str(fields["change"].TU) == "Question 2: What would you change about the course?"
        assert str(fields["try"].TU).startswith("Question 3: Would you try co-production")


# ------------------------------------------------------------------------------- browsers

def test_every_page_has_no_axe_violations(build):
    pages = sorted((build / "course").glob("*.html"))
    assert [f"{f.file}: {f.rule}: {f.message}" for f in check_html(pages)] == []


def _context(browser, javascript=True):
    context = browser.new_context(java_script_enabled=javascript)
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url) if not r.url.startswith(("file:", "data:")) else None)
    return context, requests


def test_progress_and_answers_are_kept_across_reloads(browser, build):
    context, requests = _context(browser)
    try:
        page = context.new_page()
        module = (build / "course/02-power.html").resolve().as_uri()
        page.goto(module)
        assert not page.is_visible(".no-script-note")
        page.get_by_label("I have finished this module").check()
        page.get_by_label("Who decided what this project would ask").fill("We did, at the first workshop.")
        page.wait_for_function("() => document.querySelector('.save-status').textContent.includes('saved')")  # the CSP forbids eval
        page.reload()
        assert page.get_by_label("I have finished this module").is_checked()
        assert page.get_by_label("Who decided what this project would ask").input_value() == \
            "We did, at the first workshop."
        # the overview shows the progress in its list of modules
        page.goto((build / "course/index.html").resolve().as_uri())
        status = page.locator('[data-status="power"]')
        assert status.inner_text() == "(done)"
        assert page.locator('[data-status="remote"]').inner_text() == ""
        assert page.locator(".progress-summary").inner_text() == "You have finished 1 of 6 modules."
        # the answer can be deleted again
        page.goto(module)
        page.get_by_role("button", name="Delete my answers on this page").click()
        page.reload()
        assert page.get_by_label("Who decided what this project would ask").input_value() == ""
        assert requests == []
    finally:
        context.close()


def test_without_javascript_pages_work_and_no_dead_controls(browser, build):
    context, requests = _context(browser, javascript=False)
    try:
        page = context.new_page()
        page.goto((build / "course/02-power.html").resolve().as_uri())
        assert not page.is_visible("#module-done")
        assert not page.is_visible(".clear-answers")
        assert page.is_visible("text=Your answers are saved only when JavaScript is on")
        page.get_by_role("link", name=re.compile("^Next: Module 3")).click()
        assert page.url.endswith("03-who-and-when.html")
        assert requests == []
    finally:
        context.close()


# --------------------------------------------------------------------- the guide is the source

def test_changing_a_question_in_the_guide_changes_the_course(tmp_path):
    project = copy_sample(tmp_path / "project", commit=False)
    questions = project / "manuscript/guide/questions.yaml"
    old = "Who decided what this project would ask, and who was in the room when it was decided?"
    new = "Who chose the question this project asks, and who was left out of that choice?"
    assert old in questions.read_text()
    questions.write_text(questions.read_text().replace(old, new))
    result = run_copress("build", "course", "-C", str(project))
    assert result.returncode == 0, result.stderr
    page = (project / "build/course/02-power.html").read_text()
    assert new in page and old not in page
    slides = pdf_text(project / "build/course-slides.pdf")
    assert new in slides and old not in slides
