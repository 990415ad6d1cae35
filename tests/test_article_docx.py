"""article.docx: real heading styles, alt text on every image, language, byline and statements."""

from __future__ import annotations

import zipfile

import docx
from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def test_docx_has_heading_styles_and_the_generated_sections(sample_build):
    document = docx.Document(sample_build / "article.docx")
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    texts = [t.replace("’", "'") for _, t in headings]  # pandoc makes quotes typographic
    assert ("Heading 1", "Background") in headings
    assert "Authors' contributions" in texts and "Acknowledgements" in texts
    assert "Abstract" in texts
    body = "\n".join(p.text for p in document.paragraphs)
    # byline as consented: pseudonym and initials, never the full names behind them
    assert "Amina Okafor" in body and "Sam Rivers" in body and "H.\u00a0L." in body
    assert "Kwame Boateng" not in body and "Harriet Lowe" not in body
    # the CRediT statement with the official role names
    assert "Writing – review & editing" in body


def test_every_docx_image_has_alt_text_not_a_file_name(sample_build):
    with zipfile.ZipFile(sample_build / "article.docx") as archive:
        xml = etree.fromstring(archive.read("word/document.xml"))
    ns = {"wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
          "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture"}
    doc_prs = xml.findall(".//wp:docPr", ns)
    pics = xml.findall(".//pic:cNvPr", ns)
    assert doc_prs and len(pics) == len(doc_prs)
    for element in doc_prs + pics:
        descr = element.get("descr", "")
        assert descr.startswith("A ring of ten rounded boxes"), descr
        assert ".png" not in descr


def test_docx_language_and_commit_property(sample_build):
    with zipfile.ZipFile(sample_build / "article.docx") as archive:
        styles = archive.read("word/styles.xml").decode()
        custom = archive.read("docProps/custom.xml").decode()
    assert 'w:val="en-GB"' in styles
    assert "copress-commit" in custom
    # only public metadata becomes a document property (never e.g. the bibliography's path)
    names = etree.fromstring(custom.encode()).xpath("//*[local-name()='property']/@name")
    assert set(names) <= {"copress-commit", "subtitle"}
    assert "bibliography" not in custom and "references.bib" not in custom
