"""`copress signoff` and the sign-off check: a commit in the consented name only, errors for
submission and warnings otherwise, the diff since an outdated sign-off, and the review pack's
sign-off page and fillable form."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pikepdf
import pytest
from pdfminer.high_level import extract_text

from conftest import copy_sample, git, run_copress
from copress.checks.pdf_ua import check_pdf
from copress.project import Project
from copress.signoff import source_hash

AUTHORS = ["amina-okafor", "denise-harper", "sarah-mensah", "sam-rivers", "contributor-hl",
           "gareth-hughes"]
REAL_NAMES = ("Kwame", "Boateng", "Harriet", "Lowe")  # Sam Rivers' and H. L.'s, in side files only
IDENTITY = {"GIT_AUTHOR_NAME": "Ada Researcher", "GIT_AUTHOR_EMAIL": "ada@example.org",
            "GIT_COMMITTER_NAME": "Ada Researcher", "GIT_COMMITTER_EMAIL": "ada@example.org"}


@pytest.fixture(scope="module")
def committed(tmp_path_factory) -> Path:
    """The sample, committed, with the person recording sign-offs as git's user. Tests copy it."""
    project = copy_sample(tmp_path_factory.mktemp("signoff") / "project")
    git("config", "user.name", "Amina Okafor", cwd=project)
    git("config", "user.email", "amina@example.org", cwd=project)
    return project


@pytest.fixture
def project(committed, tmp_path) -> Path:
    target = tmp_path / "project"
    shutil.copytree(committed, target)
    return target


def signoff(project: Path, *args: str):
    return run_copress("signoff", *args, "-C", str(project))


def check(project: Path, *args: str) -> tuple[int, list[dict]]:
    result = run_copress("check", "-C", str(project), "--only", "credit", "--json", *args)
    assert result.returncode in (0, 1), result.stderr
    return result.returncode, [f for f in json.loads(result.stdout)["findings"]
                               if f["rule"].startswith("signoff/")]


def head(project: Path, fmt: str) -> str:
    return git("log", "-1", f"--format={fmt}", cwd=project).strip()


@pytest.mark.fast
def test_a_pseudonymous_authors_signoff_commit_carries_only_their_pseudonym_and_a_neutral_address(project):
    before = head(project, "%H")
    result = signoff(project, "sam-rivers", "--recorded-by", "amina-okafor", "--note", "by phone")
    assert result.returncode == 0, result.stderr
    assert "Sam Rivers" in result.stdout and before[:7] in result.stdout
    author = head(project, "%an %ae")
    assert author.startswith("Sam Rivers c-") and author.endswith("@users.copress.invalid")
    assert head(project, "%cn") == "Amina Okafor"  # who recorded it committed it
    commit = git("show", "HEAD", cwd=project)  # message and every line the commit adds
    record = (project / "signoffs/sam-rivers.yaml").read_text()
    for text in (commit, record):
        assert not [n for n in REAL_NAMES if n in text]
    assert f"commit: {before}" in record and "recorded-by: amina-okafor" in record
    assert "note: by phone" in record and "source: sha256:" in record
    # the neutral address joined their git: list, so the credit ledger maps the commit to them
    assert author.split()[-1] in (project / "contributors/sam-rivers.yaml").read_text()
    assert git("status", "--porcelain", cwd=project) == ""


@pytest.mark.fast
def test_an_initials_authors_signoff_names_them_by_their_initials_only(project):
    assert signoff(project, "contributor-hl").returncode == 0
    # git drops a name's final full stop ("H. L."), as it does for import-docx's commits
    assert head(project, "%an").replace("\u00a0", " ") == "H. L"
    assert head(project, "%ae").endswith("@users.copress.invalid")
    assert not [n for n in REAL_NAMES if n in git("show", "HEAD", cwd=project)]


@pytest.mark.fast
@pytest.mark.parametrize("args, expected", [
    (["nobody"], "no contributor 'nobody'"),
    (["public-contributor-a"], "'public-contributor-a' is not an author"),
    (["sam-rivers", "--recorded-by", "someone"], "no contributor 'someone'"),
])
def test_signoff_refuses_an_unknown_person_or_one_who_is_not_an_author(project, args, expected):
    before = head(project, "%H")
    result = signoff(project, *args)
    assert result.returncode == 2 and expected in result.stderr
    assert "Traceback" not in result.stderr
    assert head(project, "%H") == before and not (project / "signoffs").exists()


@pytest.mark.fast
def test_signoff_refuses_uncommitted_changes_to_the_article(project):
    chapter = project / "manuscript/05-power.md"
    chapter.write_text(chapter.read_text() + "\nA sentence nobody has committed.\n")
    before = head(project, "%H")
    result = signoff(project, "sam-rivers")
    assert result.returncode == 2
    assert "the article's sources have changes that are not committed (manuscript/05-power.md)" in result.stderr
    assert "commit the changes" in result.stderr
    assert head(project, "%H") == before and not (project / "signoffs").exists()


@pytest.mark.fast
def test_no_signoff_fails_a_submission_check_and_only_warns_otherwise(project):
    code, found = check(project)
    assert code == 0 and {f["severity"] for f in found} == {"warning"}
    assert len(found) == len(AUTHORS) and {f["rule"] for f in found} == {"signoff/missing"}
    code, found = check(project, "--submission")
    assert code == 1 and {(f["rule"], f["severity"]) for f in found} == {("signoff/missing", "error")}
    assert "Sam Rivers has not signed off the article" in {f["message"].split(";")[0] for f in found}
    # a named journal alone does not make it a submission check; copress.yaml submission: does
    (project / "copress.yaml").write_text("journal: bmj\n")
    assert check(project)[0] == 0
    (project / "copress.yaml").write_text("journal: bmj\nsubmission: true\n")
    code, found = check(project)
    assert code == 1 and len(found) == len(AUTHORS)


@pytest.mark.fast
def test_a_signoff_of_an_older_version_fails_with_the_diff_since_and_passes_once_renewed(project):
    signed = head(project, "%H")  # the version read; the sign-off is a commit on top of it
    assert signoff(project, "sam-rivers").returncode == 0
    code, found = check(project, "--submission")
    assert not [f for f in found if "Sam Rivers" in f["message"]] and len(found) == len(AUTHORS) - 1
    chapter = project / "manuscript/05-power.md"
    chapter.write_text(chapter.read_text().replace("Unequal wealth", "Unequal income", 1))
    git("commit", "-q", "-am", "income, not wealth", cwd=project)

    result = run_copress("check", "-C", str(project), "--only", "credit", "--submission")
    assert result.returncode == 1
    out = " ".join(result.stdout.split())
    assert f"Sam Rivers signed off an earlier version (commit {signed[:7]}" in out
    assert "in manuscript/05-power.md:" in out and "Unequal [-wealth-]{+income+}" in out
    code, found = check(project)  # not for submission: the same, as a warning
    assert code == 0 and [f["severity"] for f in found if f["rule"] == "signoff/outdated"] == ["warning"]

    assert signoff(project, "sam-rivers").returncode == 0
    code, found = check(project, "--submission")
    assert not [f for f in found if "Sam Rivers" in f["message"]]
    assert "signoff/outdated" not in {f["rule"] for f in found}
    for cid in AUTHORS:
        if cid != "sam-rivers":
            assert signoff(project, cid, "--recorded-by", "amina-okafor").returncode == 0
    assert check(project, "--submission") == (0, [])


@pytest.mark.fast
def test_the_signed_text_is_the_source_and_byline_not_the_settings(project):
    before = source_hash(Project.load(project))
    (project / "copress.yaml").write_text("journal: bmj\n")
    assert source_hash(Project.load(project)) == before  # a setting, not the article
    meta = project / "manuscript/metadata.yaml"
    text = meta.read_text()
    meta.write_text(text.replace("authors: [amina-okafor, denise-harper", "authors: [denise-harper, amina-okafor"))
    assert source_hash(Project.load(project)) != before  # the byline's order is signed too


def test_a_new_project_still_checks_clean_and_fails_only_a_submission_check(tmp_path):
    new = tmp_path / "paper"
    assert run_copress("new", str(new), env=IDENTITY).returncode == 0
    code, found = check(new)
    assert code == 0 and [(f["rule"], f["severity"]) for f in found] == [("signoff/missing", "warning")]
    code, found = check(new, "--submission")
    assert code == 1 and [(f["rule"], f["severity"]) for f in found] == [("signoff/missing", "error")]


@pytest.fixture(scope="module")
def packs(committed, tmp_path_factory) -> Path:
    """Review packs of an author (with the sign-off form) and of a non-author: one build."""
    project = tmp_path_factory.mktemp("packs") / "project"
    shutil.copytree(committed, project)
    (project / "copress.yaml").write_text('review: {contact: "Amina Okafor, a.okafor@example.org"}\n')
    git("add", "copress.yaml", cwd=project)
    git("commit", "-q", "-m", "review contact", cwd=project)
    for cid in ("sam-rivers", "public-contributor-a"):
        result = run_copress("review-pack", cid, "-C", str(project))
        assert result.returncode == 0, result.stderr
    return project


def test_an_authors_review_pack_says_what_is_signed_off_and_how(packs):
    folder = packs / "build/private/review/sam-rivers"
    page = (folder / "how-to-sign-off.md").read_text()
    version = source_hash(Project.load(packs)).split(":")[1][:12]
    assert "**Title:** Sharing power when we write together" in page
    assert f"**Version:** {version} (from commit {head(packs, '%h')})" in page
    assert "**Your name as it will appear:** Sam Rivers" in page
    assert "Amina Okafor, a.okafor@example.org" in page
    assert "Reply by e-mail" in page and "Fill in the form" in page and "Phone us" in page
    assert (folder / "how-to-sign-off.html").exists()
    assert not (packs / "build/private/review/public-contributor-a/sign-off-form.pdf").exists()


def test_the_signoff_form_is_one_tagged_page_of_fillable_fields_each_with_a_tooltip(packs):
    form = packs / "build/private/review/sam-rivers/sign-off-form.pdf"
    assert check_pdf(form) == []  # copress's own PDF/UA-1 check (veraPDF: tests/test_verapdf.py)
    with pikepdf.open(form) as pdf:
        assert len(pdf.pages) == 1 and pdf.Root.MarkInfo.Marked
        fields = pdf.Root.AcroForm.Fields
        assert [str(f.T) for f in fields] == ["agree", "changes", "name", "date"]
        assert all(str(f.TU).startswith(f"Question {n}: ") for n, f in enumerate(fields, 1))
    text = " ".join(extract_text(str(form)).split())
    version = source_hash(Project.load(packs)).split(":")[1][:12]
    assert version in text and "Sam Rivers" in text and "Amina Okafor, a.okafor@example.org" in text
    assert not [n for n in REAL_NAMES if n in text]


def test_the_credit_page_follows_an_uncommitted_edit_after_a_signoff(project):
    """The credit page says whether each sign-off is of the text as it is now: an edit to a
    chapter, not yet committed, rebuilds it (the chapters are read through the input gate, and
    the read is recorded), and the page then says the sign-off was of an earlier version."""
    assert signoff(project, "sam-rivers", "--recorded-by", "amina-okafor").returncode == 0
    assert run_copress("build", "credit", "-q", "-C", str(project)).returncode == 0
    page = project / "build/credit/contributions.md"
    assert "(an earlier version)" not in page.read_text()
    chapter = sorted((project / "manuscript").glob("0*.md"))[0]
    chapter.write_text(chapter.read_text() + "\nA sentence added after the sign-off.\n")
    result = run_copress("build", "credit", "-v", "-C", str(project))
    assert result.returncode == 0, result.stderr
    assert f"{chapter.relative_to(project).as_posix()} changed" in result.stdout
    assert "(an earlier version)" in page.read_text()


def test_a_chapter_that_is_not_text_is_a_clear_error_for_the_signoff_hash(project):
    chapter = sorted((project / "manuscript").glob("0*.md"))[0]
    chapter.write_bytes(b"\xff\xfe\x00not text")
    git("commit", "-q", "-am", "a broken chapter", cwd=project)
    result = signoff(project, "sam-rivers")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"manuscript/{chapter.name}:1: is not a text file" in result.stderr
