"""The editions besides the article in Welsh (issue 14, item 4): with `lang: cy` in metadata.yaml
and `easy-read: {lang: cy}` in copress.yaml, every word copress writes into easy-read.html,
.pdf and .docx comes from copress/locales/cy.yaml, the outputs (and the article's) carry `cy`,
and each says that its wording is not yet checked by a fluent speaker until copress.yaml
`languages:` names who checked it — naming the easy-read readers does not remove it. The guide
and the course (in the article's language) read the message files too. One Welsh build of the
article, the easy-read edition, the guide and the course, then two incremental rebuilds."""

from __future__ import annotations

import io
import re

import docx
import pikepdf
import pytest
from lxml import etree, html
from pdfminer.high_level import extract_text

from conftest import commit_all, copy_sample, run_copress
from copress.messages import messages
from test_languages_article import _pattern, _words

EASY_READ = ("easy-read.html", "easy-read.pdf", "easy-read.docx")
ARTICLE = ("article.html", "article.pdf", "article.docx", "article.xml")
# Every message id copress writes into the easy-read edition's HTML, PDF and DOCX.
EASY_READ_IDS = (
    "common.page-of", "common.built-from-commit", "common.built-from-commit-end",
    "easy-read.subtitle", "easy-read.draft-mark", "easy-read.who-checked", "easy-read.not-checked",
    "easy-read.hard-words", "easy-read.hard-words-intro", "easy-read.pictures-credit")
EN, CY = messages("en-GB"), messages("cy")
TRANSLATED = [id for id in EASY_READ_IDS if CY.text(id) != EN.text(id) and id != "common.built-from-commit-end"]
NOTICE_CY = CY.text("common.language-not-checked", language=CY.language_name())
NOTICE_EN = EN.text("common.language-not-checked", language=CY.language_name("en"))
BUILD = ("pdf", "html", "docx", "jats", "easy-read", "guide", "course")
GUIDE_AND_COURSE_PDFS = ("resource-guide.pdf", "course-facilitator.pdf", "course-slides.pdf", "course-feedback.pdf")


def _texts(build) -> dict[str, str]:
    """Each easy-read output's words as a reader (or a screen reader) meets them."""
    page = html.fromstring((build / "easy-read.html").read_bytes())
    for element in page.xpath("//style | //script"):
        element.drop_tree()
    labels = " ".join(page.xpath("//@aria-label | //@title | //@alt"))
    document = docx.Document(str(build / "easy-read.docx"))
    cells = [p.text for table in document.tables for row in table.rows for cell in row.cells
             for p in cell.paragraphs]
    return {"easy-read.html": _words(page.text_content() + " " + labels),
            "easy-read.pdf": _words(extract_text(str(build / "easy-read.pdf"))),
            "easy-read.docx": _words(" ".join([p.text for p in document.paragraphs] + cells))}


def _languages(build) -> dict[str, str]:
    langs = {}
    for name in ("article.pdf", "easy-read.pdf"):
        with pikepdf.open(build / name) as pdf:
            langs[name] = str(pdf.Root.Lang)
    for name in ("article.html", "easy-read.html"):
        langs[name] = html.fromstring((build / name).read_bytes()).get("lang")
    for name in ("article.docx", "easy-read.docx"):
        langs[name] = docx.Document(str(build / name)).core_properties.language
    langs["article.xml"] = etree.parse(str(build / "article.xml")).getroot().get(
        "{http://www.w3.org/XML/1998/namespace}lang")
    return langs


def _build(project, targets: tuple[str, ...] = BUILD) -> dict[str, str]:
    result = run_copress("build", *targets, "-C", str(project))
    assert result.returncode == 0, result.stderr
    return _texts(project / "build")


@pytest.fixture(scope="module")
def welsh(tmp_path_factory) -> dict:
    project = copy_sample(tmp_path_factory.mktemp("welsh-editions") / "project", commit=False)
    metadata = project / "manuscript" / "metadata.yaml"
    metadata.write_text(re.sub(r"(?m)^lang: .*$", "lang: cy", metadata.read_text()))
    (project / "copress.yaml").write_text("easy-read:\n  lang: cy\n")
    commit_all(project, "sample in Welsh")
    texts = _build(project)
    return {"project": project, "texts": texts, "langs": _languages(project / "build"),
            "pages": _pages(project / "build")}


def _pages(build) -> dict[str, tuple[str, str]]:
    """The guide's and the course's pages and PDFs: name → (language, words)."""
    out = {}
    for path in [build / "resource-guide.html", *sorted((build / "course").glob("*.html"))]:
        page = html.fromstring(path.read_bytes())
        for element in page.xpath("//style | //script"):
            element.drop_tree()
        out[str(path.relative_to(build))] = (page.get("lang"), _words(page.text_content()))
    for name in GUIDE_AND_COURSE_PDFS:
        with pikepdf.open(build / name) as pdf:
            lang = str(pdf.Root.Lang)
        out[name] = (lang, _words(extract_text(str(build / name))))
    return out


def test_every_output_carries_cy(welsh):
    assert welsh["langs"] == dict.fromkeys((*ARTICLE, *EASY_READ), "cy")


def test_cy_translates_some_easy_read_words():
    # what the next test can prove: it fails if cy.yaml lost these (or their ids changed)
    assert {"common.page-of", "easy-read.subtitle", "easy-read.hard-words"} <= set(TRANSLATED)


@pytest.mark.parametrize("id", TRANSLATED)
def test_no_english_words_of_copress_in_the_welsh_easy_read_edition(welsh, id):
    english, welsh_words = _pattern(EN.text(id)), _pattern(CY.text(id))
    for name, text in welsh["texts"].items():
        found = english.search(text)
        assert found is None, f"{name} has copress's English '{found.group(0)}' ({id})"
    # and the Welsh is there instead: "Page N of M" only on PDF pages
    where = ["easy-read.pdf"] if id == "common.page-of" else list(EASY_READ)
    assert all(welsh_words.search(welsh["texts"][name]) for name in where), id


def test_the_welsh_pdf_has_a_page_number_on_every_page(welsh):
    pdf = welsh["project"] / "build" / "easy-read.pdf"
    with pikepdf.open(pdf) as doc:
        pages = len(doc.pages)
    text = welsh["texts"]["easy-read.pdf"]
    assert [CY.page_of(n, pages) in text for n in range(1, pages + 1)] == [True] * pages


def test_notice_until_a_fluent_speaker_is_named_not_an_easy_read_reader(welsh):
    project = welsh["project"]
    for name in EASY_READ:
        assert NOTICE_CY in welsh["texts"][name] and NOTICE_EN in welsh["texts"][name], name
    page = html.fromstring((project / "build" / "easy-read.html").read_bytes())
    main = page.get_element_by_id("content")
    assert main.index(page.get_element_by_id("language-notice")) == 0  # before the text
    assert CY.text("easy-read.draft-mark") in welsh["texts"]["easy-read.html"]
    # an easy-read reader checks that the text is easy to read, not copress's Welsh
    (project / "copress.yaml").write_text("easy-read:\n  lang: cy\n  reviewed-by: [sam-rivers]\n")
    texts = _build(project, ("easy-read",))
    for name in EASY_READ:
        assert NOTICE_CY in texts[name] and NOTICE_EN in texts[name], name
        assert "Sam Rivers" in texts[name] and CY.text("easy-read.draft-mark") not in texts[name], name
    # a fluent speaker named in `languages:` removes it from every edition in Welsh
    (project / "copress.yaml").write_text("easy-read:\n  lang: cy\n  reviewed-by: [sam-rivers]\n"
                                          "languages:\n  cy:\n    checked-by: [amina-okafor]\n")
    texts = _build(project, ("easy-read", "guide", "course"))
    for name in EASY_READ:
        assert NOTICE_CY not in texts[name] and NOTICE_EN not in texts[name], name
        assert CY.text("easy-read.subtitle") in texts[name], name  # still Welsh
    for name, (_, text) in _pages(project / "build").items():
        assert NOTICE_CY not in text and NOTICE_EN not in text, name


def test_the_guide_and_the_course_are_in_the_article_language_with_the_notice(welsh):
    pages = welsh["pages"]
    assert len(pages) == 13  # the guide, the course's index, 6 modules and its copy of the guide; 4 PDFs
    for name, (lang, text) in pages.items():
        assert lang == "cy", name
        assert NOTICE_CY in text and NOTICE_EN in text, name
        assert not re.search(r"Module \d+: ", text), name  # copress's "Module 1: …" is "Modiwl 1: …"
    for name in ("resource-guide.html", "resource-guide.pdf"):
        assert CY.text("guide.contents") in pages[name][1], name
        assert not _pattern(EN.text("guide.contents")).search(pages[name][1]), name
    for name in GUIDE_AND_COURSE_PDFS:
        assert _pattern(CY.text("common.page-of")).search(pages[name][1]), name
        assert not _pattern(EN.text("common.page-of")).search(pages[name][1]), name
    index = pages["course/index.html"][1]
    assert CY.text("course.modules") in index and CY.text("course.module", n=1, title="") in index
    assert not _pattern(EN.text("course.modules")).search(index)
    facilitator = pages["course-facilitator.pdf"][1]
    assert CY.text("course.learning-outcomes") in facilitator and CY.text("course.column-activities") in facilitator
    # what the pages' scripts write is in the page's language too (data attributes)
    build = welsh["project"] / "build"
    guide = html.fromstring((build / "resource-guide.html").read_bytes())
    assert guide.get_element_by_id("filter-status").get("data-some") == CY.text("guide.filter-some")
    module = html.fromstring((build / "course/02-power.html").read_bytes())  # a module with questions
    assert module.find_class("save-status")[0].get("data-saved") == CY.text("course.answer-saved")
    # lists in Welsh too: the guide's audiences, the course's facilitators ("a(c)", CLDR's)
    for name in ("resource-guide.html", "course/index.html"):
        assert " a(c) " in pages[name][1], name


@pytest.mark.fast
def test_the_word_round_trip_knows_welsh_figure_labels_as_generated():
    from copress.roundtrip.figures import caption
    from copress.roundtrip.importer import LABEL

    for label in (CY.text("common.figure-number", n=2), CY.text("common.table-number", n=1),
                  EN.text("common.figure-number", n=2)):
        assert LABEL.match(label + "."), label
    assert not LABEL.match(CY.text("common.figure-number", n=2) + ". Y camau")  # a whole caption is text
    para = {"t": "Para", "c": [{"t": "Str", "c": "Ffigur"}, {"t": "Space"}, {"t": "Str", "c": "1."},
                               {"t": "Space"}, {"t": "Str", "c": "Camau"}]}
    assert caption(para) == "Camau"


@pytest.mark.fast
def test_a_welsh_review_pack_gives_its_deadline_in_welsh(tmp_path):
    import datetime

    from copress.collab.review_pack import _credit_page, how_to_comment
    from copress.project import Project, ReviewConfig

    day = datetime.date(2027, 1, 15)
    text = how_to_comment(ReviewConfig(deadline=day), words=CY)
    assert CY.date(day, "EEEE d MMMM y") in text and "Friday" not in text
    assert how_to_comment(ReviewConfig(deadline=day)).count("Friday 15 January 2027") == 1  # English as before
    project = copy_sample(tmp_path / "project", commit=False)
    metadata = project / "manuscript" / "metadata.yaml"
    metadata.write_text(re.sub(r"(?m)^lang: .*$", "lang: cy", metadata.read_text()))
    page = _credit_page(Project.load(project), "sam-rivers")
    hours = [line for line in page.splitlines() if line.startswith("- 20")]
    assert hours and all(re.search(r"\(\S+ awr\)$", line) for line in hours), hours  # "(3 awr)", not "(3 hours)"


def test_a_welsh_sign_off_form_is_in_welsh_and_says_so(tmp_path):
    """The sign-off page and form of a Welsh article read copress's message files: the form's
    /Lang is cy, its Welsh words are there and their English is not."""
    from copress.collab.signoff_form import how_to_sign_off, render_form
    from copress.project import Project

    project = copy_sample(tmp_path / "project", commit=False)
    metadata = project / "manuscript" / "metadata.yaml"
    metadata.write_text(re.sub(r"(?m)^lang: .*$", "lang: cy", metadata.read_text()))
    loaded = Project.load(project)
    page = how_to_sign_off(loaded, "sam-rivers")
    assert page.startswith(f"# {CY.text('signoff-pack.how-title')}\n") and "Sam Rivers" in page
    pdf = render_form(loaded, "sam-rivers")
    assert str(pikepdf.open(io.BytesIO(pdf)).Root.Lang) == "cy"
    text = extract_text(io.BytesIO(pdf))
    for id in ("signoff-pack.form-article", "signoff-pack.form-version"):
        assert CY.text(id) != EN.text(id) and CY.text(id) in text
        assert not _pattern(EN.text(id)).search(text), id
