"""article.xml: JATS 1.3 with consented contributors, CRediT roles, licence and JATS4R basics."""

from __future__ import annotations

import pytest
from lxml import etree

XLINK = "{http://www.w3.org/1999/xlink}"
ALI = "{http://www.niso.org/schemas/ali/1.0/}"
CREDIT = "https://credit.niso.org/"


def _jats(sample_build):
    return etree.parse(str(sample_build / "article.xml"))


def test_jats_declares_version_1_3(sample_build):
    tree = _jats(sample_build)
    assert "Journal Publishing DTD v1.3" in tree.docinfo.doctype
    root = tree.getroot()
    assert root.get("dtd-version") == "1.3"
    assert root.get("article-type") == "article-commentary"


def test_one_contrib_per_author_with_consented_names_and_credit_roles(sample_build):
    root = _jats(sample_build).getroot()
    contribs = root.findall(".//article-meta/contrib-group/contrib[@contrib-type='author']")
    assert len(contribs) == 6
    names = []
    for contrib in contribs:
        name = contrib.find("name")
        names.append(f"{name.findtext('given-names')} {name.findtext('surname')}" if name is not None
                     else contrib.findtext("string-name"))
    assert names == ["Amina Okafor", "Denise Harper", "Sarah Mensah", "Sam Rivers", "H.\u00a0L.", "Gareth Hughes"]
    roles = root.findall(".//contrib/role")
    assert len(roles) == sum(len(c.findall("role")) for c in contribs) >= 12
    for role in roles:
        assert role.get("vocab") == "credit" and role.get("vocab-identifier") == CREDIT
        slug = role.get("vocab-term-identifier").removeprefix(CREDIT + "contributor-roles/").rstrip("/")
        assert role.get("vocab-term") == role.text and slug
    first = contribs[0]
    assert first.get("corresp") == "yes"
    assert first.findtext("contrib-id[@contrib-id-type='orcid']") == "https://orcid.org/0000-0002-1825-0097"
    degrees = {r.get("degree-contribution") for r in roles} - {None}
    assert degrees <= {"Lead", "Equal", "Supporting"} and degrees
    # affiliations sit inside each contrib (JATS4R: related by position)
    assert first.findtext("aff/institution").startswith("School of Health and Social Care")
    assert root.find(".//article-meta/aff") is None


def test_no_jats4r_errors(sample_build):
    from copress.checks.jats4r import check_jats

    errors = [f for f in check_jats(sample_build / "article.xml") if f.severity == "error"]
    assert [f"{f.rule}: {f.message}" for f in errors] == []


def test_licence_citations_graphics_and_tables_meet_jats4r(sample_build):
    root = _jats(sample_build).getroot()
    licence = root.find(".//permissions/license")
    assert licence.get(f"{XLINK}href") == "https://creativecommons.org/licenses/by/4.0/"
    assert licence.findtext(f"{ALI}license_ref") == "https://creativecommons.org/licenses/by/4.0/"
    citations = root.findall(".//ref-list/ref/mixed-citation")
    assert len(citations) >= 15
    assert all(c.get("publication-type") in {"journal", "report", "web", "book"} for c in citations)
    graphics = root.findall(".//graphic")
    assert graphics and all(g.findtext("alt-text", "").strip() for g in graphics)
    assert all(f.get("id") for f in root.iter("fig"))
    assert all(t.get("id") for t in root.iter("table-wrap"))
    for link in root.iter("ext-link"):
        text = "".join(link.itertext())
        if text.startswith("http"):
            assert link.get(f"{XLINK}title"), text
    # the competing interests statement is an author note (JATS4R coi rule)
    assert root.find(".//article-meta/author-notes/fn[@fn-type='coi-statement']/p") is not None
    assert not [t for t in root.iter("title") if t.text == "Competing interests"]
    assert [l.text for l in root.iter("label")] == ["Figure 1", "Table 1"]
    # the byline is front matter in JATS, not body text
    assert root.find(".//body//*[@id='byline']") is None
    assert root.find(".//article-meta/abstract/p") is not None


@pytest.mark.fast
def test_the_bibliographys_people_follow_an_edit_though_pandoc_s_reading_is_cached(tmp_path):
    from copress.render.jats import reference_people

    bib = tmp_path / "references.bib"
    bib.write_text("@article{key1,\n  author = {Author, Ann and Writer, Ben},\n  title = {A},\n"
                   "  year = {2020}\n}\n")
    assert reference_people(bib) == {"key1": ("author", ["Author", "Writer"])}
    assert reference_people(bib) == {"key1": ("author", ["Author", "Writer"])}  # from the cache
    bib.write_text(bib.read_text().replace("Writer, Ben", "Reader, Cy"))
    assert reference_people(bib) == {"key1": ("author", ["Author", "Reader"])}
