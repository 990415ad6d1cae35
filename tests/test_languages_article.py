"""The article in Welsh (issue 14, item 4): with `lang: cy` in metadata.yaml, every word copress
writes into article.html, .pdf, .docx and .xml comes from copress/locales/cy.yaml, the outputs
carry `cy`, and each says that its wording is not yet checked by a fluent speaker until
copress.yaml `languages:` names who checked it. One Welsh build, then one incremental rebuild."""

from __future__ import annotations

import re
import string
from pathlib import Path

import docx
import pikepdf
import pytest
from lxml import etree, html
from pdfminer.high_level import extract_text

from conftest import commit_all, copy_sample, run_copress
from copress.messages import messages

FILES = ("article.html", "article.pdf", "article.docx", "article.xml")
# Every message id copress writes into the article's HTML, PDF, DOCX and JATS.
ARTICLE_IDS = (
    "common.page-of", "common.built-from-commit", "common.built-with-changes", "common.built-uncommitted",
    "common.figure", "common.table", "common.figure-number", "common.table-number",
    "article.abstract", "article.keywords", "article.correspondence", "article.orcid", "article.orcid-of",
    "article.authors-contributions", "article.acknowledgements", "article.acknowledgements-intro",
    "article.no-roles", "article.took-part-in", "article.chose-not-to-be-named",
    *(f"article.kind-phrase.{kind}" for kind in ("public", "researcher", "practitioner", "group", "other")))
EN, CY = messages("en-GB"), messages("cy")
TRANSLATED = [id for id in ARTICLE_IDS if CY.text(id) != EN.text(id)]
NOTICE_CY = CY.text("common.language-not-checked", language=CY.language_name())
NOTICE_EN = EN.text("common.language-not-checked", language=CY.language_name("en"))


def _pattern(message: str) -> re.Pattern:
    """A message as a regular expression: each {value} any word(s), whole words only."""
    parts = [re.escape(literal) + (r"\S+(?: \S+)*?" if name else "")
             for literal, name, _, _ in string.Formatter().parse(message)]
    return re.compile(r"(?<!\w)" + "".join(parts) + r"(?!\w)")


def _words(text: str) -> str:
    return " ".join(text.split())


def _texts(build: Path) -> dict[str, str]:
    """Each output's words as a reader (or a screen reader) meets them."""
    page = html.fromstring((build / "article.html").read_bytes())
    for element in page.xpath("//style | //script"):
        element.drop_tree()
    labels = " ".join(page.xpath("//@aria-label | //@title | //@alt"))
    document = docx.Document(str(build / "article.docx"))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    jats = etree.parse(str(build / "article.xml"))
    return {"article.html": _words(page.text_content() + " " + labels),
            "article.pdf": _words(extract_text(str(build / "article.pdf"))),
            "article.docx": _words(" ".join([p.text for p in document.paragraphs] + cells)),
            "article.xml": _words(" ".join(jats.getroot().itertext()))}


def _languages(build: Path) -> dict[str, str]:
    with pikepdf.open(build / "article.pdf") as pdf:
        pdf_lang = str(pdf.Root.Lang)
    return {"article.html": html.fromstring((build / "article.html").read_bytes()).get("lang"),
            "article.pdf": pdf_lang,
            "article.docx": docx.Document(str(build / "article.docx")).core_properties.language,
            "article.xml": etree.parse(str(build / "article.xml")).getroot().get(
                "{http://www.w3.org/XML/1998/namespace}lang")}


@pytest.fixture(scope="module")
def welsh(tmp_path_factory) -> dict:
    project = copy_sample(tmp_path_factory.mktemp("welsh") / "project", commit=False)
    metadata = project / "manuscript" / "metadata.yaml"
    metadata.write_text(re.sub(r"(?m)^lang: .*$", "lang: cy", metadata.read_text()))
    # The sample's own headings over the credit statements and a table cell are the author's
    # English, not copress's: without them copress writes the sections, with its own titles.
    declarations = project / "manuscript" / "11-declarations.md"
    text = declarations.read_text()
    text = re.sub(r"## Authors' contributions\n\n::: \{#contributions\}\n:::\n\n", "", text)
    text = re.sub(r"## Acknowledgements\n\n::: \{#acknowledgements\}\n.*?\n:::\n\n", "", text, flags=re.S)
    assert "#contributions" not in text and "#acknowledgements" not in text
    declarations.write_text(text)
    recognition = project / "manuscript" / "06-recognition.md"
    recognition.write_text(recognition.read_text().replace("| Acknowledgements only |", "| Thanked only |"))
    commit_all(project, "sample in Welsh")
    result = run_copress("build", "pdf", "html", "docx", "jats", "-C", str(project))
    assert result.returncode == 0, result.stderr
    build = project / "build"
    return {"project": project, "texts": _texts(build), "langs": _languages(build)}


def test_every_output_carries_cy(welsh):
    assert welsh["langs"] == dict.fromkeys(FILES, "cy")


def test_cy_translates_some_article_words():
    # what the next test can prove: it fails if cy.yaml lost these (or their ids changed)
    assert {"common.page-of", "common.figure-number", "article.abstract", "article.keywords",
            "article.authors-contributions", "article.acknowledgements"} <= set(TRANSLATED)


@pytest.mark.parametrize("id", TRANSLATED)
def test_no_english_words_of_copress_in_welsh(welsh, id):
    english, welsh_words = _pattern(EN.text(id)), _pattern(CY.text(id))
    for name, text in welsh["texts"].items():
        found = english.search(text)
        assert found is None, f"{name} has copress's English '{found.group(0)}' ({id})"
    # and the Welsh is there instead: "Page N of M" only on PDF pages
    where = ["article.pdf"] if id == "common.page-of" else ["article.html", "article.pdf", "article.docx"]
    if id not in ("common.figure", "common.table"):  # the bare words appear only in references to figures
        assert all(welsh_words.search(welsh["texts"][name]) for name in where), id


def test_figure_labels_in_welsh(welsh):
    assert "Ffigur 1." in welsh["texts"]["article.html"]
    assert re.search(r"(?<!\w)Tabl 1(?!\w)", welsh["texts"]["article.xml"])


def test_notice_until_a_fluent_speaker_is_named(welsh):
    for name in FILES:
        assert NOTICE_CY in welsh["texts"][name], name
        assert NOTICE_EN in welsh["texts"][name], name
    page = html.fromstring((welsh["project"] / "build" / "article.html").read_bytes())
    notice = page.get_element_by_id("language-notice")
    main = notice.getparent()  # near the top: after the title, before the byline
    assert main.tag == "main" and main.index(notice) < main.index(page.get_element_by_id("byline"))
    jats = etree.parse(str(welsh["project"] / "build" / "article.xml"))
    assert jats.find("front/notes[@notes-type='language-not-checked']") is not None


def test_naming_the_checker_removes_the_notice_on_an_incremental_build(welsh):
    # last in this module: it changes the project the tests above read
    project = welsh["project"]
    (project / "copress.yaml").write_text("languages:\n  cy:\n    checked-by: [amina-okafor]\n")
    result = run_copress("build", "pdf", "html", "docx", "jats", "-C", str(project))
    assert result.returncode == 0, result.stderr
    texts = _texts(project / "build")
    for name in FILES:
        assert NOTICE_CY not in texts[name] and NOTICE_EN not in texts[name], name
        assert "Crynodeb" in texts[name] or name == "article.xml", name  # still Welsh


@pytest.mark.fast
def test_anonymous_contributors_are_described_in_the_article_language(tmp_path):
    from copress.project import Project

    project = copy_sample(tmp_path / "project", commit=False)
    person = project / "contributors" / "public-contributor-a.yaml"
    person.write_text(person.read_text().replace("kind: public", "kind: researcher"))
    loaded = Project.load(project)
    assert loaded.public_names()["public-contributor-a"] == "Researcher"
    assert loaded.public_names("en-GB")["public-contributor-a"] == "Researcher"
    assert loaded.public_names("cy")["public-contributor-a"] == CY.text("contributor.researcher") == "Ymchwilydd"
