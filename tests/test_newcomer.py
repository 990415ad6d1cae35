"""What a team starting its first copress paper met (issue 15, item 6), each fixed."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import copy_sample, run_copress
from copress.collab.review_pack import _credit_page, hours
from copress.errors import CopressError
from copress.project import Project

IDENTITY = {"GIT_AUTHOR_NAME": "Ada Researcher", "GIT_AUTHOR_EMAIL": "ada@example.org",
            "GIT_COMMITTER_NAME": "Ada Researcher", "GIT_COMMITTER_EMAIL": "ada@example.org"}


def _new_project(tmp_path: Path) -> Path:
    project = tmp_path / "paper"
    result = run_copress("new", str(project), env=IDENTITY)
    assert result.returncode == 0, result.stderr
    return project


@pytest.mark.fast
def test_a_misspelt_key_is_named_with_its_line_and_the_key_it_resembles(tmp_path):
    project = copy_sample(tmp_path / "project", commit=False)
    metadata = project / "manuscript/metadata.yaml"
    text = metadata.read_text()
    metadata.write_text(text.replace("\nauthors:", "\nauthours:"))
    line = text[:text.index("\nauthors:")].count("\n") + 2
    with pytest.raises(CopressError) as raised:
        Project.load(project)
    err = raised.value
    # the unknown key, not "'authors' is missing" at line 1, although that is missing too
    assert err.message == "unknown key 'authours'"
    assert (str(err.file), err.line) == ("manuscript/metadata.yaml", line)
    assert err.hint.startswith("did you mean 'authors'?")


@pytest.mark.fast
def test_an_unknown_key_like_no_known_key_gets_no_guess(tmp_path):
    project = copy_sample(tmp_path / "project", commit=False)
    (project / "copress.yaml").write_text("journal: generic\nzzz: 1\n")
    with pytest.raises(CopressError) as raised:
        Project.load(project)
    assert raised.value.message == "unknown key 'zzz'" and raised.value.line == 2
    assert "did you mean" not in raised.value.hint and "journal" in raised.value.hint


def test_figure_before_a_figure_reference_warns_at_build_with_file_and_line(tmp_path):
    project = _new_project(tmp_path)
    clean = run_copress("build", "html", "-C", str(project))
    assert clean.returncode == 0, clean.stderr
    assert "warning" not in clean.stderr  # "@fig:team is an example figure" is right as it is
    article = project / "manuscript/01-article.md"
    text = article.read_text().replace("Write the article's conclusions here.",
                                       "As Figure @fig:team shows, and Table [@tbl:roles] lists.")
    article.write_text(text)
    line = text[:text.index("As Figure @fig:team")].count("\n") + 1
    result = run_copress("build", "html", "-C", str(project), "-q")
    assert result.returncode == 0, result.stderr
    assert (f"warning: manuscript/01-article.md:{line}: 'Figure @fig:team' reads 'Figure Figure 1': "
            "write '@fig:team' alone" in result.stderr)
    assert "'Table @tbl:roles' reads 'Table Table 1'" in result.stderr


@pytest.mark.fast
def test_the_review_pack_says_1_hour_not_1_hours(tmp_path):
    assert (hours(1), hours(1.5), hours(2), hours(0.5)) == ("1 hour", "1.5 hours", "2 hours", "0.5 hours")
    project = copy_sample(tmp_path / "project", commit=False)
    contributor = project / "contributors/sam-rivers.yaml"
    contributor.write_text(contributor.read_text().replace(
        "hours: 1.5}", "hours: 1}"))
    page = _credit_page(Project.load(project), "sam-rivers")
    assert "(1 hour)" in page and "1 hours" not in page


@pytest.mark.fast
def test_credit_in_a_pipe_prints_names_in_full(tmp_path):
    project = copy_sample(tmp_path / "project")
    result = run_copress("credit", "-C", str(project), env={"COLUMNS": "60"})
    assert result.returncode == 0, result.stderr
    assert "…" not in result.stdout
    for person in Project.load(project).contributors.values():
        assert person.private_name in result.stdout
    assert "Writing – review & editing" in result.stdout  # a long role, on one line


def test_build_all_says_which_editions_it_skipped_and_why(tmp_path):
    project = _new_project(tmp_path)
    result = run_copress("build", "-C", str(project))
    assert result.returncode == 0, result.stderr
    for edition, source in (("the easy-read edition", "manuscript/easy-read.md"),
                            ("the resource guide", "manuscript/guide/"),
                            ("the training course", "manuscript/course/")):
        assert f"skipped {edition}: there is no {source}" in result.stdout
    assert "article.pdf" in result.stdout  # the article was still built


# --- The article a newcomer built: authors once, ORCID iDs, anonymous acknowledgements, ---
# --- a broken .bib, JATS4R warnings about copress's own reference list (one shared build) ---

XLINK = "{http://www.w3.org/1999/xlink}"


@pytest.fixture(scope="module")
def article(tmp_path_factory) -> Path:
    """The sample's DOCX, HTML, JATS and credit statement, built once for the tests below."""
    project = copy_sample(tmp_path_factory.mktemp("article") / "project")
    result = run_copress("build", "docx", "html", "jats", "credit", "-C", str(project), "-q")
    assert result.returncode == 0, result.stderr
    return project


def _authors(project: Path) -> dict:
    loaded = Project.load(project)
    names = loaded.public_names()
    return {names[p.id]: p for p in loaded.authors}


# --- DOCX shows the authors once (the byline), not also as pandoc's "Author" paragraphs ---

def test_the_docx_names_each_author_once_in_the_byline(article):
    import docx

    document = docx.Document(str(article / "build/article.docx"))
    assert not [p.text for p in document.paragraphs if p.style.name == "Author"]
    front = []
    for paragraph in document.paragraphs:
        if paragraph.text.strip() == "Abstract":
            break
        if not paragraph.text.startswith("*Correspondence:"):
            front.append(paragraph.text)
    text = "\n".join(front)
    for name in _authors(article):
        assert text.count(name) == 1, (name, text)
    # the document's properties still name the authors, for catalogues and screen readers
    assert document.core_properties.author.split("; ") == list(_authors(article))


# --- The byline links an ORCID iD as "ORCID" named "ORCID iD of NAME", not its raw address ---

def test_the_html_byline_links_orcid_ids_with_an_accessible_name(article):
    from lxml import html as lxml_html

    page = lxml_html.parse(str(article / "build/article.html")).getroot()
    byline = page.get_element_by_id("byline")
    assert "orcid.org" not in byline.text_content()
    links = {a.get("aria-label"): a for a in byline.iter("a") if "orcid" in a.get("class", "")}
    with_orcid = {name: p for name, p in _authors(article).items() if p.orcid}
    assert set(links) == {f"ORCID iD of {name}" for name in with_orcid}
    for name, person in with_orcid.items():
        link = links[f"ORCID iD of {name}"]
        assert link.text_content() == "ORCID"
        assert link.get("href") == f"https://orcid.org/{person.orcid}"


def test_the_docx_byline_links_orcid_without_printing_the_address(article):
    import docx

    document = docx.Document(str(article / "build/article.docx"))
    byline = next(p for p in document.paragraphs if "Amina Okafor" in p.text)
    assert "orcid.org" not in byline.text and byline.text.count("ORCID") == 2
    targets = {r.target_ref for r in document.part.rels.values() if "orcid.org" in r.target_ref}
    assert targets == {"https://orcid.org/0000-0002-1825-0097", "https://orcid.org/0000-0001-5109-3700"}


@pytest.mark.fast
def test_the_pdf_names_an_orcid_link_by_its_id():
    from copress.render.pdf.link_text import _describe_url

    url = "https://orcid.org/0000-0002-1825-0097"
    assert _describe_url(url, "ORCID") == "ORCID iD 0000-0002-1825-0097"
    assert _describe_url(url, url) == "ORCID iD 0000-0002-1825-0097"
    assert _describe_url(url, "Amina's profile") == "Amina's profile"  # the author's own words stay


def test_jats_keeps_orcid_as_a_contrib_id(article):
    from lxml import etree

    root = etree.parse(str(article / "build/article.xml")).getroot()
    ids = [c.text for c in root.iter("contrib-id") if c.get("contrib-id-type") == "orcid"]
    assert ids == ["https://orcid.org/0000-0002-1825-0097", "https://orcid.org/0000-0001-5109-3700"]


# --- An anonymous contributor is described once: "Public contributor, who chose not to be named" ---

def test_an_anonymous_contributor_is_described_once(article):
    html = (article / "build/article.html").read_text()
    assert ("<strong>Public contributor</strong>, who chose not to be named: "
            "took part in identifying priorities, writing.") in html
    statement = (article / "build/credit/contributions.md").read_text()
    # One wording (copress/credit/statements.py) for the article and the credit statement.
    assert ("- **Public contributor**, who chose not to be named: "
            "took part in identifying priorities, writing.") in statement
    for text in (html, statement):
        assert "a public contributor who chose" not in text.lower()


@pytest.mark.fast
def test_acknowledgements_say_the_kind_of_a_named_person_and_number_anonymous_ones(tmp_path):
    import panflute as pf

    from copress.assets import load_filter

    project = copy_sample(tmp_path / "project", commit=False)
    second = project / "contributors/public-contributor-b.yaml"
    second.write_text((project / "contributors/public-contributor-a.yaml").read_text())
    helper = project / "contributors/kim-lee.yaml"
    helper.write_text("kind: practitioner\nnamed: pseudonym\npseudonym: Kim Lee\nacknowledge: true\n"
                      "involvement:\n"
                      "  - {date: 2025-03-01, stage: writing, activity: Read a draft, hours: 1}\n")
    blocks = load_filter("credit").acknowledgements(Project.load(project))
    items = [pf.stringify(item).strip() for item in blocks[1].content]
    for n in (1, 2):
        assert (f"Public contributor {n}, who chose not to be named: "
                "took part in identifying priorities, writing.") in items
    assert "Kim Lee (practitioner): took part in writing." in items


@pytest.mark.fast
def test_the_article_words_an_acknowledgement_as_the_credit_statements_do(tmp_path):
    import panflute as pf

    from copress.assets import load_filter
    from copress.credit import statements

    project = copy_sample(tmp_path / "project", commit=False)
    (project / "contributors/kim-lee.yaml").write_text(
        "kind: other\nnamed: pseudonym\npseudonym: Kim Lee\nacknowledge: true\n"
        "credit: [{formal-analysis: supporting}]\n"
        "involvement:\n"
        "  - {date: 2025-03-01, stage: writing, activity: Read a draft, hours: 1}\n"
        "  - {date: 2025-04-01, stage: identifying-priorities, activity: A workshop, hours: 2}\n")
    loaded = Project.load(project)
    kim = next(p for p in loaded.others if p.id == "kim-lee")
    runs = statements.acknowledgement("Kim Lee", kim, statements.stage_labels(
        loaded.stages, (e.stage for e in kim.involvement)))
    # Stages in the order of the research, not of the dates; roles first.
    assert "".join(text for text, _ in runs) == ("Kim Lee (contributor): Formal analysis (supporting); "
                                                 "took part in identifying priorities, writing.")
    blocks = load_filter("credit").acknowledgements(loaded)
    items = [pf.stringify(item).strip() for item in blocks[1].content]
    assert "".join(text for text, _ in runs) in items
    kims = [item for item in blocks[1].content if pf.stringify(item).startswith("Kim Lee")]
    assert [pf.stringify(e) for e in kims[0].content[0].content if isinstance(e, pf.Strong)] == ["Kim Lee"]


# --- A broken .bib names the file, the line and what to do, not pandoc's raw message ---

@pytest.mark.parametrize("broken, line, detail", [
    # a comma forgotten after the key: pandoc stops at the next field
    ("@article{arnstein2020publications,", 14, "unexpected 'a'"),
    # an entry never closed: pandoc reaches the end of the file
    (None, None, "unexpected end of input"),
])
def test_a_broken_bib_names_the_file_and_line_with_a_hint(tmp_path, broken, line, detail):
    project = copy_sample(tmp_path / "project", commit=False)
    bib = project / "manuscript/references.bib"
    text = bib.read_text()
    if broken:
        text = text.replace(broken, broken.rstrip(","), 1)
    else:
        text += "\n@book{unclosed2020,\n  title = {Never closed,\n  year = {2020}\n"
        line = text.count("\n") + 1
    bib.write_text(text)
    result = run_copress("build", "html", "-C", str(project))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "Error reading bibliography file" not in result.stderr
    assert f"error: manuscript/references.bib:{line}: the bibliography cannot be read" in result.stderr
    assert detail in result.stderr
    assert "→ look at this line and the entry just above it" in result.stderr


# --- JATS4R warns about nothing in the reference list copress generates ---

def test_jats4r_finds_nothing_in_the_generated_reference_list(article):
    from lxml import etree

    from copress.checks.jats4r import check_jats

    path = article / "build/article.xml"
    findings = check_jats(path)
    about_refs = [f for f in findings if "ref-list" in (f.hint or "") or "citation" in f.rule]
    assert about_refs == []
    root = etree.parse(str(path)).getroot()
    citations = root.findall(".//ref-list/ref/mixed-citation")
    assert citations and all(c.find("person-group[@person-group-type='author']") is not None
                             for c in citations)
    first = citations[1]  # Staniszewska et al. 2018: names grouped, DOI an identifier, text as printed
    assert first.findtext("person-group") == "Staniszewska S, Denegri S, Matthews R, Minogue V"
    assert first.findtext("pub-id[@pub-id-type='doi']") == "10.1136/bmjopen-2017-017124"
    assert "https://doi.org/10.1136/bmjopen-2017-017124." in "".join(first.itertext())
