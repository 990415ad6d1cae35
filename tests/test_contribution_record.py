"""`copress credit record ID`: a private record of contribution a person can keep (PDF, DOCX), in
the name they chose, that passes the PDF accessibility checks and never leaves build/private/.
Also the credit page's process section, checked with axe."""

from __future__ import annotations

import statistics
import zipfile
from pathlib import Path

import pytest
import yaml

from conftest import copy_sample, run_copress
from copress.vocab.credit import PLAIN

CANARY = "Zebedee Canarywright"  # sam-rivers's real name in this test: never on his record
RECORD = "build/private/records/sam-rivers"


def pdf_text(path: Path) -> str:
    from pdfminer.high_level import extract_text

    return " ".join(extract_text(str(path)).split())


def docx_text(path: Path) -> str:
    """The DOCX's words, a paragraph's runs joined as Word shows them."""
    from lxml import etree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    root = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    return " ".join("".join(t.text or "" for t in p.iter(f"{w}t")) for p in root.iter(f"{w}p"))


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """The sample, sam-rivers (pseudonymous) given a canary real name, his two records written,
    and the credit page built."""
    project = copy_sample(tmp_path_factory.mktemp("record") / "project")
    side = project / "contributors/sam-rivers.private.yaml"
    data = yaml.safe_load(side.read_text())
    side.write_text(yaml.safe_dump({**data, "name": CANARY}, allow_unicode=True))
    for extra in ([], ["--easy-read"]):
        result = run_copress("credit", "record", "sam-rivers", *extra, "-C", str(project))
        assert result.returncode == 0, result.stderr
        assert "private" in result.stdout
    result = run_copress("build", "credit", "-C", str(project), "-q")
    assert result.returncode == 0, result.stderr
    return project


def test_a_pseudonymous_contributor_s_record_names_them_by_pseudonym_only(project):
    folder = project / RECORD
    texts = [pdf_text(folder / "record-of-contribution.pdf"), docx_text(folder / "record-of-contribution.docx"),
             pdf_text(folder / "record-of-contribution-easy-read.pdf"),
             docx_text(folder / "record-of-contribution-easy-read.docx")]
    for text in texts:
        assert "Sam Rivers" in text and "Sharing power when we write together" in text
        assert CANARY not in text and "Canarywright" not in text and "Kwame" not in text


def test_the_record_says_what_they_did_when_and_whom_to_ask(project):
    text = pdf_text(project / RECORD / "record-of-contribution.pdf")
    assert "This record confirms that Sam Rivers contributed to the research project" in text
    assert "Identifying priorities" in text and "11 February 2025: First team workshop (joined by video) (3 hours)" in text
    assert "Time recorded in all: 7.5 hours." in text
    # the corresponding author, as the sample has no copress.yaml review: contact
    assert "To confirm this record, contact Amina Okafor, a.okafor@example.org." in text
    assert "Issued on " in text


def test_the_docx_explains_each_role_in_plain_words(project):
    text = docx_text(project / RECORD / "record-of-contribution.docx")
    for role in ("conceptualization", "writing-original-draft", "writing-review-editing"):
        assert PLAIN[role] in text
    assert "Conceptualization (supporting)" in text and "Writing – review & editing (equal)" in text
    assert PLAIN["funding-acquisition"] not in text  # only their own roles


def test_both_record_pdfs_pass_copress_s_pdf_ua_check(project):
    from copress.checks.pdf_ua import check_pdf

    for name in ("record-of-contribution.pdf", "record-of-contribution-easy-read.pdf"):
        assert check_pdf(project / RECORD / name) == [], name


def test_the_easy_read_record_speaks_to_the_person_in_larger_type(project):
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar, LTTextContainer

    def body_size(path: Path) -> float:
        sizes = [round(char.size) for page in extract_pages(str(path)) for box in page
                 if isinstance(box, LTTextContainer) for line in box for char in line if isinstance(char, LTChar)]
        return statistics.median(sizes)

    folder = project / RECORD
    text = pdf_text(folder / "record-of-contribution-easy-read.pdf")
    assert "This paper is for Sam Rivers." in text and "In total you gave us 7.5 hours of your time." in text
    assert body_size(folder / "record-of-contribution-easy-read.pdf") >= 16 > \
        body_size(folder / "record-of-contribution.pdf")


def test_records_are_written_under_build_private_only_and_nothing_public_mentions_them(project):
    from copress.checks.privacy import public_files

    found = [p.relative_to(project).as_posix() for p in project.rglob("record-of-contribution*")]
    assert sorted(found) == sorted(f"{RECORD}/record-of-contribution{s}" for s in
                                   (".pdf", ".docx", "-easy-read.pdf", "-easy-read.docx"))
    public = public_files(project / "build")
    assert public and not [p for p in public if "records" in p.parts]
    for path in public:
        data = path.read_bytes()
        assert b"record-of-contribution" not in data and CANARY.encode() not in data, path


def test_the_credit_page_with_its_process_tables_has_no_axe_violations(project):
    from copress.checks.html_axe import check_html

    page = project / "build/credit/contributions.html"
    assert "How each person took part" in page.read_text()
    assert [f for f in check_html([page]) if f.severity == "error"] == []


def test_record_name_in_the_side_file_goes_on_the_record_of_an_anonymous_person(tmp_path):
    project = copy_sample(tmp_path / "project")
    side = project / "contributors/public-contributor-a.private.yaml"
    data = yaml.safe_load(side.read_text())
    side.write_text(yaml.safe_dump({**data, "record-name": "Graham Q. Canary"}, allow_unicode=True))
    metadata = project / "manuscript/metadata.yaml"  # a DOI from Crossref's test prefix
    metadata.write_text(metadata.read_text() + "doi: 10.5555/copress-record-test\n")
    result = run_copress("credit", "record", "public-contributor-a", "-C", str(project))
    assert result.returncode == 0, result.stderr
    text = pdf_text(project / "build/private/records/public-contributor-a/record-of-contribution.pdf")
    assert "This record confirms that Graham Q. Canary contributed" in text
    assert "is thanked in the acknowledgements" in text
    assert "https://doi.org/10.5555/copress-record-test" in text

    from copress.checks.pdf_ua import check_pdf  # a link, named by its text, is tagged too

    assert check_pdf(project / "build/private/records/public-contributor-a/record-of-contribution.pdf") == []

    from copress.checks.privacy import secrets
    from copress.project import Project

    hidden = {s.value: s.where for s in secrets(Project.load(project))}
    assert "record-name" in hidden["Graham Q. Canary"]  # the privacy check looks for it


@pytest.mark.fast
def test_an_anonymous_person_without_record_name_is_warned_about(tmp_path):
    from copress.credit.contribution_record import record_name, record_warnings
    from copress.project import Project

    project = Project.load(copy_sample(tmp_path / "project", commit=False))
    assert record_name(project, project.contributors["public-contributor-a"]) == "Public contributor"
    (warning,) = record_warnings(project, "public-contributor-a")
    assert "record-name:" in warning and "public-contributor-a.private.yaml" in warning
    assert record_warnings(project, "sam-rivers") == []


@pytest.mark.fast
def test_a_real_record_name_in_the_tracked_file_belongs_in_the_side_file(tmp_path):
    from copress.project import Project

    project = copy_sample(tmp_path / "project", commit=False)
    tracked = project / "contributors/sam-rivers.yaml"
    tracked.write_text(tracked.read_text() + "record-name: Kwame Boateng\n")
    from copress.checks.side_files import check_side_files

    loaded = Project.load(project)
    assert "record-name" in loaded.misplaced["contributors/sam-rivers.yaml"]
    (finding,) = [f for f in check_side_files(loaded) if f.file == "contributors/sam-rivers.yaml"]
    assert "'record-name:'" in finding.message and "sam-rivers.private.yaml" in finding.hint
    tracked.write_text(tracked.read_text().replace("record-name: Kwame Boateng", "record-name: Sam Rivers"))
    assert "record-name" not in Project.load(project).misplaced.get("contributors/sam-rivers.yaml", [])


@pytest.mark.fast
def test_an_unknown_id_is_refused_with_a_plain_message(tmp_path):
    project = copy_sample(tmp_path / "project", commit=False)
    result = run_copress("credit", "record", "nobody", "-C", str(project))
    assert result.returncode == 2
    assert "no contributor 'nobody'" in result.stderr and "Traceback" not in result.stderr
    assert "amina-okafor" in result.stderr  # the hint names real ids
    assert not (project / "build/private/records").exists()
