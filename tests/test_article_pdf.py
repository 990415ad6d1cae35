"""article.pdf: tagged PDF/UA-1, passing the machine-checkable points, complete and navigable."""

from __future__ import annotations

import pikepdf
from pdfminer.high_level import extract_text
from pdfminer.layout import LAParams

from copress.checks.pdf_ua import check_pdf

AUTHORS = ["Amina Okafor", "Denise Harper", "Sarah Mensah", "Sam Rivers", "H.\u00a0L.", "Gareth Hughes"]


def _pages_text(path) -> list[str]:
    with pikepdf.open(path) as pdf:
        count = len(pdf.pages)
    params = LAParams(boxes_flow=None)  # stable reading order (pdfminer's default is not)
    return [extract_text(path, page_numbers=[i], laparams=params) for i in range(count)]


def test_pdf_ua_machine_checkable_points_pass(sample_build):
    findings = check_pdf(sample_build / "article.pdf")
    assert [f"{f.rule}: {f.message}" for f in findings if f.severity in ("error", "warning")] == []


def test_tagged_with_language_title_and_ua_claim(sample_build):
    with pikepdf.open(sample_build / "article.pdf") as pdf:
        root = pdf.Root
        assert root.MarkInfo.Marked is True
        assert "/StructTreeRoot" in root
        assert str(root.Lang) == "en-GB"
        assert root.ViewerPreferences.DisplayDocTitle is True
        meta = pdf.open_metadata()
        assert meta["dc:title"] == "Sharing power when we write together"
        assert meta["pdfuaid:part"] == "1"
        # bookmarks from the headings
        with pdf.open_outline() as outline:
            titles = [item.title for item in outline.root]
        assert "Sharing power when we write together" in titles[0]


def test_figures_have_alt_and_no_table_sits_inside_a_table(sample_build):
    with pikepdf.open(sample_build / "article.pdf") as pdf:
        figures, nested = [], []

        def walk(element, parent_type=None):
            if not isinstance(element, pikepdf.Dictionary):
                return
            kind = str(element.get("/S", ""))
            if kind == "/Figure":
                figures.append(str(element.get("/Alt", "")))
            if kind == "/Table" and parent_type == "/Table":
                nested.append(element)
            kids = element.get("/K")
            for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
                walk(kid, kind or parent_type if kind != "/TR" else parent_type)

        walk(pdf.Root.StructTreeRoot)
    assert figures and all(alt.startswith("A ring of ten rounded boxes") for alt in figures)
    assert nested == []


def test_text_has_title_every_consented_author_and_the_whole_article(sample_build):
    pages = _pages_text(sample_build / "article.pdf")
    first = " ".join(pages[0].split())
    assert "Sharing power when we write together" in first
    for name in AUTHORS:
        assert name.replace("\u00a0", " ") in first.replace("\u00a0", " "), name
    assert "Kwame Boateng" not in "".join(pages)  # the person behind the pseudonym
    # no truncation: the end of the article (the last reference and the build stamp) is on the last page
    last = " ".join(pages[-1].split())
    assert "Built by copress from commit" in last
    assert "Frontiers in Sociology" in last
    # page numbers and the running head are drawn (as artifacts)
    assert f"Page 2 of {len(pages)}" in pages[1]
    assert "Sharing power when we write together" in pages[1].splitlines()[0] + pages[1]


def test_link_annotations_describe_their_target(sample_build):
    with pikepdf.open(sample_build / "article.pdf") as pdf:
        contents = [str(annot.Contents) for page in pdf.pages for annot in page.get("/Annots", [])
                    if annot.get("/Subtype") == "/Link"]
    assert contents and all(c.strip() for c in contents)
    assert "ORCID iD 0000-0002-1825-0097" in contents
    assert not [c for c in contents if c.startswith("https://doi.org/")]
