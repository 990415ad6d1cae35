"""The Word round trip: build article.docx, edit it as a co-author would with python-docx (a
changed sentence, a tracked insertion, a comment, citations kept), `copress import-docx` it back."""

from __future__ import annotations

import os
import re
import subprocess
import zipfile

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from conftest import copy_sample, fresh_copy, git, run_copress, with_article_docx

from copress.roundtrip.importer import add_git_address


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The sample project, committed, with build/article.docx built from that commit."""
    project = copy_sample(tmp_path_factory.mktemp("roundtrip") / "project")
    return with_article_docx(project)


@pytest.fixture
def project(built, tmp_path):
    return fresh_copy(built, tmp_path)


def _paragraph(document, text):
    return next(p for p in document.paragraphs if text in p.text)


def edit_like_a_co_author(source, target, *, extra=None):
    document = docx.Document(source)
    # 1. a changed sentence, typed over
    paragraph = _paragraph(document, "We are a mixed group")
    for run in paragraph.runs:
        run.text = run.text.replace("We are a mixed group", "We are a very mixed group")
    # 2. a tracked insertion (Word's w:ins), at the end of a paragraph with two citations
    paragraph = _paragraph(document, "Ostrom used")
    insertion = OxmlElement("w:ins")
    for name, value in (("w:id", "901"), ("w:author", "Kwame Boateng"), ("w:date", "2026-01-05T10:00:00Z")):
        insertion.set(qn(name), value)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.set(qn("xml:space"), "preserve")
    text.text = " This still matters today."
    run.append(text)
    insertion.append(run)
    paragraph._p.append(insertion)
    # 3. a comment
    paragraph = _paragraph(document, "Reciprocity is where fine words")
    document.add_comment(paragraph.runs[0], text="Please say who pays for the bus fare.",
                         author="Kwame Boateng", initials="KB")
    if extra:
        extra(document)
    document.save(target)
    return target


def _head(project):
    return git("rev-parse", "HEAD", cwd=project).strip()


def _sources(project):
    return {p.name: p.read_text() for p in sorted((project / "manuscript").glob("*.md"))}


def test_round_trip_commits_the_edits_as_the_co_author(project, tmp_path):
    edited = edit_like_a_co_author(project / "build" / "article.docx", tmp_path / "edited.docx")
    # Meanwhile, someone edits another section in Markdown and commits it.
    power = project / "manuscript" / "05-power.md"
    power.write_text(power.read_text().replace("Naming the default", "Naming the default aloud"))
    git("commit", "-qam", "Markdown edit", cwd=project)

    result = run_copress("import-docx", str(edited), "--by", "sam-rivers", "-C", str(project))
    assert result.returncode == 0, result.stderr

    diff = git("show", "HEAD", "--format=", "--", "manuscript/0*.md", cwd=project)
    changed = [line for line in diff.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    assert len(changed) == 4, diff  # two paragraphs, nothing else re-wrapped or re-quoted
    assert "+We are a very mixed group: two university researchers" in diff
    # the tracked insertion is accepted and both citations come back as keys, not as "[3]"
    assert ("drawing on cases from Brazil and Nigeria [@ostrom1996crossing]. Arnstein's ladder" in diff
            and "[@arnstein1969ladder]. This still matters today.\n" in diff)
    # the concurrent Markdown edit is kept; untouched files keep ids, classes, figures, divs
    files = _sources(project)
    assert "Naming the default aloud" in files["05-power.md"]
    assert files["01-plain-english-summary.md"].startswith(
        "# Plain English summary {#sec:plain-summary .plain-summary}\n")
    assert "# Background {#sec:background gripp2=\"aim\"}" in files["02-background.md"]
    assert "@sec:honesty" in files["02-background.md"]

    # author: the consented pseudonym and a neutral address (no id in it), added to their git: list
    log = git("log", "-1", "--format=%an%x00%ae%x00%B", cwd=project)
    name, email, message = log.split("\0")
    assert name == "Sam Rivers" and re.fullmatch(r"c-[0-9a-f]{12}@users\.copress\.invalid", email)
    assert "Co-authored-by: Amina Okafor <amina@example.org>" in message
    everything = git("show", "HEAD", cwd=project) + git("log", "-1", "--format=%an %ae %cn %ce", cwd=project)
    assert "Kwame" not in everything and "Boateng" not in everything  # the full name never reaches git
    contributor = (project / "contributors" / "sam-rivers.yaml").read_text()
    assert f"  - {email}\n" in contributor
    assert contributor.startswith("# Sample contributor")  # comments in the file are kept

    # the comment is a review note quoting the text it was attached to
    notes = list((project / "manuscript" / "review").glob("sam-rivers-*.md"))
    assert len(notes) == 1
    note = notes[0].read_text()
    assert "> Please say who pays for the bus fare." in note
    assert "> Reciprocity is where fine words meet budgets." in note
    assert git("status", "--porcelain", cwd=project) == ""

    # the credit ledger now counts the commit for Sam Rivers
    ledger = run_copress("credit", "--json", "-C", str(project))
    assert ledger.returncode == 0, ledger.stderr
    assert '"id": "sam-rivers"' in ledger.stdout


def test_conflicting_markdown_edit_is_refused_and_nothing_changes(project, tmp_path):
    edited = edit_like_a_co_author(project / "build" / "article.docx", tmp_path / "edited.docx")
    summary = project / "manuscript" / "01-plain-english-summary.md"
    summary.write_text(summary.read_text().replace("We are a mixed group", "We are a diverse group"))
    git("commit", "-qam", "conflicting edit", cwd=project)
    head, before = _head(project), _sources(project)

    result = run_copress("import-docx", str(edited), "--by", "sam-rivers", "-C", str(project))
    assert result.returncode == 2
    assert "manuscript/01-plain-english-summary.md:5" in result.stderr
    assert "Traceback" not in result.stderr
    assert _head(project) == head and _sources(project) == before
    assert not (project / "manuscript" / "review").exists()
    assert "git:" not in (project / "contributors" / "sam-rivers.yaml").read_text()
    assert git("status", "--porcelain", cwd=project) == ""
    # their version waits on a branch for a person to merge, and git marks the conflict
    branch = re.search(r"the branch (\S+):", " ".join(result.stderr.split())).group(1)
    assert "Sam Rivers" in git("log", "-1", "--format=%an", branch, cwd=project)
    merge = subprocess.run(["git", "merge", branch], cwd=project, capture_output=True, text=True,
                           env={**os.environ, "GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.org",
                                "GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.org"})
    assert merge.returncode != 0 and "CONFLICT" in merge.stdout
    assert "<<<<<<<" in summary.read_text()


def test_dirty_work_tree_is_refused(project, tmp_path):
    edited = edit_like_a_co_author(project / "build" / "article.docx", tmp_path / "edited.docx")
    power = project / "manuscript" / "05-power.md"
    power.write_text(power.read_text() + "\nUncommitted.\n")
    head = _head(project)
    result = run_copress("import-docx", str(edited), "--by", "sam-rivers", "-C", str(project))
    assert result.returncode == 2
    assert "uncommitted changes" in result.stderr
    assert _head(project) == head and power.read_text().endswith("Uncommitted.\n")


def test_edits_to_generated_text_become_review_notes(project, tmp_path):
    def touch_generated(document):
        paragraph = _paragraph(document, "We thank everyone who contributed to this work")
        paragraph.runs[-1].text += " Thanks also to the café."
    edited = edit_like_a_co_author(project / "build" / "article.docx", tmp_path / "edited.docx",
                                   extra=touch_generated)
    result = run_copress("import-docx", str(edited), "--by", "sarah-mensah", "-C", str(project))
    assert result.returncode == 0, result.stderr
    # her first git: address is the author address; her contributor file is not touched
    assert git("log", "-1", "--format=%an <%ae>", cwd=project).strip() == \
        "Sarah Mensah <sarah.mensah@example.net>"
    changed = git("show", "HEAD", "--name-only", "--format=", cwd=project).split()
    assert "contributors/sarah-mensah.yaml" not in changed
    assert not any("café" in (project / "manuscript" / n).read_text()
                   for n in _sources(project) if n[:2].isdigit())
    note = next((project / "manuscript" / "review").glob("sarah-mensah-*.md")).read_text()
    assert "Edit to Acknowledgements" in note and "Thanks also to the café." in note


def test_changes_reject_keeps_the_text_before_tracked_changes(project, tmp_path):
    edited = edit_like_a_co_author(project / "build" / "article.docx", tmp_path / "edited.docx")
    result = run_copress("import-docx", str(edited), "--by", "sam-rivers", "--changes", "reject",
                         "-C", str(project))
    assert result.returncode == 0, result.stderr
    assert "This still matters today" not in (project / "manuscript" / "02-background.md").read_text()
    assert "very mixed group" in (project / "manuscript" / "01-plain-english-summary.md").read_text()


def test_a_docx_not_built_by_copress_is_refused(project, tmp_path):
    plain = tmp_path / "plain.docx"
    document = docx.Document()
    document.add_paragraph("Hello")
    document.save(plain)
    result = run_copress("import-docx", str(plain), "--by", "sam-rivers", "-C", str(project))
    assert result.returncode == 2
    assert "--base COMMIT" in result.stderr


def test_docx_marks_citations_and_generated_text(built):
    with zipfile.ZipFile(built / "build" / "article.docx") as archive:
        xml = archive.read("word/document.xml").decode()
        styles = archive.read("word/styles.xml").decode()
    assert xml.count('<w:rStyle w:val="Citation" />') >= 38
    assert 'w:styleId="CopressGenerated"' in styles


@pytest.mark.parametrize("text, expected", [
    ("name: A\ngit:\n  - a@x.org\nprivate: {}\n", "name: A\ngit:\n  - a@x.org\n  - p@q\nprivate: {}\n"),
    ("name: A\ngit: [a@x.org]\n", "name: A\ngit: [a@x.org, p@q]\n"),
    ("name: A  # comment\nkind: public", "name: A  # comment\nkind: public\ngit:\n  - p@q\n"),
])
def test_add_git_address_keeps_the_file(text, expected):
    assert add_git_address(text, "p@q") == expected


def test_changes_all_keeps_tracked_changes_marked_without_word_account_names(project, tmp_path):
    edited = edit_like_a_co_author(project / "build" / "article.docx", tmp_path / "edited.docx")
    result = run_copress("import-docx", str(edited), "--by", "sam-rivers", "--changes", "all",
                         "-C", str(project))
    assert result.returncode == 0, result.stderr
    text = (project / "manuscript" / "02-background.md").read_text()
    assert "[This still matters today.]{.insertion}" in text
    assert "Kwame" not in git("show", "HEAD", cwd=project)
