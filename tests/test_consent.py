"""Consent records (`consent:` in contributor files): validation, the check's finding and the
build's warning when a naming choice has no consent, and the two withdrawals followed in every
public output while the person's hours stay in the private recognition record."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from conftest import commit_all, copy_sample, git, run_copress
from copress.consent import ConsentEntry, state
from copress.errors import CopressError
from copress.project import Project
from test_privacy import _public_texts


def _without_consent(path: Path) -> None:
    """Remove the `consent:` list (the last key of every sample contributor file)."""
    text = path.read_text()
    path.write_text(text[:text.index("consent:")])


def _add_entry(path: Path, entry: str) -> None:
    """Append an entry to the `consent:` list that ends the file."""
    path.write_text(path.read_text() + entry)


def _line_of(path: Path, start: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if line.startswith(start))


# -- the sample and the scaffold ---------------------------------------------------------------

@pytest.mark.fast
def test_every_sample_contributor_has_consent_for_their_naming_choice():
    from conftest import REPO
    from copress.consent import covers_naming, findings

    project = Project.load(REPO)
    assert all(person.consent for person in project.contributors.values())
    assert all(covers_naming(person) for person in project.contributors.values())
    assert findings(project) == []
    # verbal consent names who recorded it
    hl = project.contributors["contributor-hl"]
    assert {entry.recorded_by for entry in hl.consent} == {"amina-okafor"}


@pytest.mark.fast
def test_a_new_project_records_its_first_authors_consent_today(tmp_path):
    import datetime

    made = run_copress("new", str(tmp_path / "p"), env={
        "GIT_AUTHOR_NAME": "Ada Example", "GIT_AUTHOR_EMAIL": "ada@example.org",
        "GIT_COMMITTER_NAME": "Ada Example", "GIT_COMMITTER_EMAIL": "ada@example.org"})
    assert made.returncode == 0, made.stderr
    person = Project.load(tmp_path / "p").contributors["first-author"]
    [entry] = person.consent
    assert entry.date == datetime.date.today() and entry.agreed.naming == "full"
    assert entry.recorded == "in-writing"


# -- what the entries say -------------------------------------------------------------------

def _entry(**data) -> ConsentEntry:
    return ConsentEntry.model_validate(data)


@pytest.mark.fast
def test_the_latest_entry_wins_and_a_new_naming_agreement_ends_a_naming_withdrawal():
    first = _entry(date="2025-01-01", agreed={"naming": "full"}, recorded="in-writing")
    withdrawn = _entry(date="2025-06-01", withdrawn="naming", recorded="email")
    again = _entry(date="2025-09-01", agreed={"naming": "initials"}, recorded="email")
    assert state([first, withdrawn]).withdrawn_naming is not None
    # file order does not matter: the dates do
    now = state([again, withdrawn, first])
    assert now.withdrawn_naming is None and now.naming == "initials" and now.naming_entry == 0
    left = _entry(date="2025-10-01", withdrawn="project", recorded="verbally", **{"recorded-by": "x"})
    assert state([first, left]).withdrawn_project.isoformat() == "2025-10-01"


# -- validation: file, line and a plain hint ----------------------------------------------------

BAD_ENTRIES = [
    # (the entry as YAML, words the message must have, the line's start)
    ("  - date: 2025-03-01\n    agreed: {naming: full}\n    recorded: verbally\n",
     "recorded-by", "  - date: 2025-03-01"),
    ("  - date: 2025-03-01\n    agreed: {naming: nickname}\n    recorded: email\n",
     "'nickname' is not a naming choice", "    agreed: {naming: nickname}"),
    ("  - date: 2025-03-01\n    agreed: {naming: full}\n    withdrawn: naming\n    recorded: email\n",
     "either 'agreed:'", "  - date: 2025-03-01"),
    ("  - date: 2025-03-01\n    agreed: {naming: full}\n    recorded: by-pigeon\n",
     "in-writing, email, verbally", "    recorded: by-pigeon"),
    ("  - date: 2025-03-01\n    agreed: {naming: full, editions: [poster]}\n    recorded: email\n",
     "unknown edition 'poster'", "    agreed: {naming: full, editions: [poster]}"),
    ("  - date: 2025-03-01\n    withdrawn: everything\n    recorded: email\n",
     "withdrawn is 'naming'", "    withdrawn: everything"),
    ("  - date: 2025-03-01\n    agreed: {naming: full}\n    recorded: email\n    recorded_by: amina-okafor\n",
     "unknown key", "    recorded_by: amina-okafor"),
    ("  - date: 2025-03-01\n    agreed: {naming: full}\n    recorded: verbally\n    recorded-by: nobody-here\n",
     "'nobody-here', who has no contributor file", "    recorded-by: nobody-here"),
]


@pytest.mark.fast
@pytest.mark.parametrize("entry,words,start", BAD_ENTRIES)
def test_a_bad_consent_entry_names_the_file_and_line(tmp_path, entry, words, start):
    project = copy_sample(tmp_path / "project", commit=False)
    path = project / "contributors/gareth-hughes.yaml"
    _add_entry(path, entry)
    with pytest.raises(CopressError) as caught:
        Project.load(project)
    error = caught.value
    assert str(error.file) == "contributors/gareth-hughes.yaml"
    assert words in error.message + (error.hint or "")
    assert error.line == _line_of(path, start)
    # the CLI says it plainly, with no traceback
    done = run_copress("build", "html", "-C", str(project))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert f"contributors/gareth-hughes.yaml:{error.line}: " in done.stderr


# -- consent missing: a check error (or warning) and a build warning ---------------------------

@pytest.fixture(scope="module")
def unrecorded(tmp_path_factory) -> Path:
    """The sample with no consent recorded for Sam Rivers (a pseudonym) or Gareth Hughes (named
    in full), and Denise Harper's consent covering another naming choice than her file's."""
    project = copy_sample(tmp_path_factory.mktemp("unrecorded") / "project", commit=False)
    _without_consent(project / "contributors/sam-rivers.yaml")
    _without_consent(project / "contributors/gareth-hughes.yaml")
    harper = project / "contributors/denise-harper.yaml"
    harper.write_text(harper.read_text().replace("    agreed:\n      naming: full", "    agreed:\n      naming: initials"))
    commit_all(project, "sample")
    return project


@pytest.mark.fast
def test_a_naming_choice_without_consent_is_a_check_error_with_file_and_line(unrecorded):
    done = run_copress("check", "--only", "credit", "--json", "-C", str(unrecorded))
    assert done.returncode == 1, done.stderr
    found = {(f["rule"], f["file"]): f for f in json.loads(done.stdout)["findings"]
             if f["rule"].startswith("consent/")}
    sam = found[("consent/naming-missing", "contributors/sam-rivers.yaml")]
    assert sam["severity"] == "error" and "named: pseudonym" in sam["message"]
    assert sam["line"] == _line_of(unrecorded / "contributors/sam-rivers.yaml", "named:")
    assert "consent:" in sam["hint"]
    # named in full: a warning
    gareth = found[("consent/naming-missing", "contributors/gareth-hughes.yaml")]
    assert gareth["severity"] == "warning"
    # consent to another naming choice does not count
    denise = found[("consent/naming-missing", "contributors/denise-harper.yaml")]
    assert "covers named: initials" in denise["message"] and denise["severity"] == "warning"
    assert len(found) == 3


def test_a_naming_choice_without_consent_is_a_build_warning_not_a_failure(unrecorded):
    done = run_copress("build", "html", "-C", str(unrecorded))
    assert done.returncode == 0, done.stderr
    warnings = [line for line in done.stderr.splitlines() if "warning" in line]
    assert any("contributors/sam-rivers.yaml" in w and "no consent entry covers" in w for w in warnings)
    # named in full: the check warns, the build does not
    assert not any("gareth-hughes" in w for w in warnings)
    assert "Sam Rivers" in (unrecorded / "build/article.html").read_text()


# -- a name limited to some editions (consent editions:) ------------------------------------------

@pytest.fixture(scope="module")
def limited(tmp_path_factory) -> Path:
    """The sample built once as it is, then again after Denise Harper (an author named in full,
    a course facilitator) agreed to be named in the article only: the second, incremental build
    must rebuild the other editions without her name."""
    project = copy_sample(tmp_path_factory.mktemp("limited") / "project", commit=False)
    commit_all(project, "sample")
    first = run_copress("build", "all", "-C", str(project))
    assert first.returncode == 0, first.stderr
    before = _public_texts(project / "build")
    (project / "named-before.txt").write_text("\n".join(p for p, t in before.items() if "Harper" in t))
    _add_entry(project / "contributors/denise-harper.yaml",
               "  - date: 2025-10-01\n    agreed: {naming: full, editions: [article]}\n    recorded: email\n")
    git("commit", "-q", "-am", "Denise Harper: named in the article only", cwd=project)
    again = run_copress("build", "all", "-C", str(project))
    assert again.returncode == 0, again.stderr
    (project / "build-stderr.txt").write_text(again.stderr)
    return project


def _outputs(project: Path) -> dict[str, str]:
    """Public outputs as text, by path relative to build/."""
    return {str(Path(p).relative_to(project / "build")): t for p, t in _public_texts(project / "build").items()}


@pytest.mark.fast
def test_an_edition_view_makes_someone_its_consent_leaves_out_an_anonymous_acknowledgement(tmp_path):
    project = copy_sample(tmp_path / "project", commit=False)
    _add_entry(project / "contributors/denise-harper.yaml",
               "  - date: 2025-10-01\n    agreed: {naming: full, editions: [article, site]}\n    recorded: email\n")
    loaded = Project.load(project)
    article, guide = loaded.for_edition("article"), loaded.for_edition("guide")
    assert loaded.for_edition("guide") is guide  # made once per edition
    assert article.public_names()["denise-harper"] == "Denise Harper"
    assert "denise-harper" in [p.id for p in article.authors]
    # left out: off the byline, still thanked, described by kind, with no public id
    assert "denise-harper" not in [p.id for p in guide.authors]
    assert "denise-harper" in [p.id for p in guide.others]
    assert guide.public_names()["denise-harper"].startswith("Public contributor")
    assert guide.public_ids()["denise-harper"].startswith("public-contributor-")
    # several editions at once (a page of the web site): named only where all allow it
    assert loaded.for_edition("article", "site").public_names()["denise-harper"] == "Denise Harper"
    assert loaded.for_edition("credit", "site").contributors["denise-harper"].named == "anonymous"
    # the project itself is untouched: private views still see her as she is
    assert loaded.contributors["denise-harper"].named == "full"


def test_a_name_limited_to_the_article_is_in_the_article_only(limited):
    before = set((limited / "named-before.txt").read_text().split("\n"))
    texts = _outputs(limited)
    for name in ("article.html", "article.pdf", "article.docx", "article.xml"):
        assert "Denise Harper" in texts[name], name
    # the editions that named her before the consent changed (CITATION.cff: family name apart)
    assert {str(limited / "build" / n) for n in ("credit/contributions.html", "credit/ledger.json",
                                                 "credit/CITATION.cff", "course/index.html",
                                                 "course-facilitator.pdf")} <= before
    for path, text in texts.items():
        if not path.startswith("article."):
            for value in ("Denise Harper", "Harper", "denise-harper"):
                assert value not in text, f"{value!r} is in {path}"


def test_an_edition_she_is_left_out_of_thanks_her_anonymously(limited):
    people = json.loads((limited / "build/credit/ledger.json").read_text())["contributors"]
    anonymous = [p for p in people if p["name"].startswith("Public contributor")]
    # two anonymous public contributors in the credit files: the one who always was, and her
    assert len(anonymous) == 2 and not any(p["author"] for p in anonymous)
    assert len([p for p in people if p["author"]]) == 5  # six authors, less her
    assert "Public contributor 2" in (limited / "build/credit/contributions.html").read_text()
    # she still facilitates the course, as an anonymous public contributor
    assert "Public contributor" in (limited / "build/course/index.html").read_text()


def test_a_name_limited_to_some_editions_is_an_info_for_the_check_not_an_error(limited):
    done = run_copress("check", "--only", "privacy,credit", "--json", "-C", str(limited))
    findings = json.loads(done.stdout)["findings"]
    assert done.returncode == 0 and not [f for f in findings if f["severity"] == "error"], findings
    noted = [f for f in findings if f["rule"] == "consent/editions-limited"]
    assert [(f["file"], f["severity"]) for f in noted] == [("contributors/denise-harper.yaml", "info")]
    assert "only in: article" in noted[0]["message"] and "the course" in noted[0]["message"]
    # the build follows it without a warning about it
    assert "denise-harper" not in (limited / "build-stderr.txt").read_text()


def test_the_privacy_scan_finds_a_limited_name_in_an_edition_it_is_left_out_of(limited, tmp_path):
    import shutil

    from copress.checks.privacy import check_privacy

    out = tmp_path / "build"
    shutil.copytree(limited / "build", out, ignore=shutil.ignore_patterns("private"))
    guide = out / "resource-guide.html"
    guide.write_text(guide.read_text().replace("</body>", "<p>Denise Harper</p></body>"))
    leaks = [f for f in check_privacy(Project.load(limited), out) if f.rule == "privacy/leak"]
    # found in the guide, where her consent leaves her out; not in the article, where it does not
    assert [f.file for f in leaks] == ["build/resource-guide.html"]
    assert "denise-harper.yaml: name (consent leaves out the guide edition)" in leaks[0].message


def test_the_site_shows_no_name_whose_consent_leaves_the_site_out(limited):
    done = run_copress("site", "-C", str(limited))
    assert done.returncode == 0, done.stderr
    texts = {p: t for p, t in _outputs(limited).items() if p.startswith("site/")}
    assert any(p.endswith("article.html") for p in texts)
    # not even the article, which she agreed to, since she left out the site
    for path, text in texts.items():
        for value in ("Denise Harper", "Harper", "denise-harper"):
            assert value not in text, f"{value!r} is in {path}"
    assert "Public contributor 2" in texts["site/latest/article.html"]


# -- withdrawal ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def withdrawn(tmp_path_factory) -> Path:
    """The sample built after Denise Harper (an author named in full) withdrew her name and Sam
    Rivers (an author with a pseudonym, real name in the side file) withdrew from the project."""
    project = copy_sample(tmp_path_factory.mktemp("withdrawn") / "project", commit=False)
    _add_entry(project / "contributors/denise-harper.yaml",
               "  - date: 2026-01-05\n    withdrawn: naming\n    recorded: email\n"
               "    note: \"Asked by e-mail to be thanked without her name\"\n")
    _add_entry(project / "contributors/sam-rivers.yaml",
               "  - date: 2026-01-06\n    withdrawn: project\n    recorded: verbally\n"
               "    recorded-by: amina-okafor\n")
    commit_all(project, "sample")
    done = run_copress("build", "all", "-C", str(project))
    assert done.returncode == 0, done.stderr
    (project / "build-stderr.txt").write_text(done.stderr)
    return project


HIDDEN = ["Denise Harper", "Harper", "denise-harper",  # withdrew her name
          "Sam Rivers", "sam-rivers", "Kwame Boateng"]  # withdrew from the project


def test_withdrawn_names_are_in_no_public_output(withdrawn):
    texts = _public_texts(withdrawn / "build")
    assert {Path(p).suffix for p in texts} >= {".pdf", ".html", ".docx", ".xml", ".cff", ".json"}
    for path, text in texts.items():
        for name in HIDDEN:
            assert name not in text, f"{name!r} is in {path}"


def test_a_withdrawn_name_becomes_an_anonymous_acknowledgement(withdrawn):
    html = (withdrawn / "build/article.html").read_text()
    rest = html.split('id="acknowledgements"', 1)[1]
    # two anonymous public contributors now: the one who always was, and Denise Harper
    assert "Public contributor 1" in rest and "Public contributor 2" in rest
    people = json.loads((withdrawn / "build/credit/ledger.json").read_text())["contributors"]
    anonymous = [p for p in people if p["name"].startswith("Public contributor")]
    assert len(anonymous) == 2 and not any(p["author"] for p in anonymous)
    assert len([p for p in people if p["author"]]) == 4  # six authors, less the two who withdrew


def test_who_withdrew_from_the_project_is_still_paid(withdrawn):
    rows = list(csv.DictReader(io.StringIO((withdrawn / "build/private/recognition.csv").read_text())))
    sam = next(r for r in rows if r["id"] == "sam-rivers")
    assert float(sam["hours"]) == 7.5 and sam["name"] == "Kwame Boateng"


def test_the_build_announces_each_withdrawal(withdrawn):
    said = (withdrawn / "build-stderr.txt").read_text()
    assert "denise-harper withdrew their name on 2026-01-05" in said
    assert "sam-rivers withdrew from the project on 2026-01-06" in said
    # a rebuild that reuses every output says it again: never silent
    again = run_copress("build", "all", "-C", str(withdrawn))
    assert again.returncode == 0 and "sam-rivers withdrew from the project" in again.stderr


def test_the_check_reports_withdrawals_and_finds_no_leak(withdrawn):
    done = run_copress("check", "--only", "privacy,credit", "--json", "-C", str(withdrawn))
    findings = json.loads(done.stdout)["findings"]
    assert [f for f in findings if f["rule"].startswith("privacy/leak")] == []
    notes = {f["file"] for f in findings if f["rule"] == "consent/withdrawn"}
    assert notes == {"contributors/denise-harper.yaml", "contributors/sam-rivers.yaml"}
    # her name is now hidden, but still in the tracked file: move it to the side file
    assert any(f["rule"] == "privacy/tracked-private" and f["file"] == "contributors/denise-harper.yaml"
               for f in findings)


# -- credited only with the roles agreed to (consent credit: [...]) ----------------------------------

def test_someone_is_credited_only_with_the_roles_they_agreed_to(tmp_path):
    """Denise Harper's file records three CRediT roles; her latest consent lists one. Every
    output credits her with that one alone, and the check warns at her credit: line until the
    file and the consent agree; a later `credit: yes` lets the file's roles stand again."""
    from lxml import etree

    project = copy_sample(tmp_path / "project", commit=False)
    denise = project / "contributors/denise-harper.yaml"
    _add_entry(denise, "  - date: 2025-10-01\n    agreed: {naming: full, credit: [conceptualization]}\n"
                       "    recorded: email\n")
    person = Project.load(project).contributors["denise-harper"]
    assert [c.role for c in person.credit] == ["conceptualization"]
    assert person.withheld_roles == ["Writing – original draft", "Writing – review & editing"]
    commit_all(project, "Denise Harper: credited for conceptualization only")

    done = run_copress("check", "--only", "credit", "--json", "-C", str(project))
    found = [f for f in json.loads(done.stdout)["findings"] if f["rule"] == "consent/credit-limited"]
    assert [(f["file"], f["line"], f["severity"]) for f in found] == [
        ("contributors/denise-harper.yaml", _line_of(denise, "credit:"), "warning")]
    assert "Writing – original draft and Writing – review & editing are recorded" in found[0]["message"]

    assert run_copress("build", "jats", "credit", "-C", str(project)).returncode == 0
    jats = etree.parse(str(project / "build/article.xml"))
    contrib = next(c for c in jats.iter("contrib") if c.findtext(".//surname") == "Harper")
    assert [r.text for r in contrib.iter("role")] == ["Conceptualization"]
    page = (project / "build/credit/contributions.md").read_text()
    line = next(line for line in page.splitlines() if "Denise Harper" in line and "Conceptualization" in line)
    assert "Writing" not in line, line

    _add_entry(denise, "  - date: 2025-11-01\n    agreed: {naming: full, credit: yes}\n    recorded: email\n")
    again = Project.load(project).contributors["denise-harper"]
    assert len(again.credit) == 3 and again.withheld_roles == []
