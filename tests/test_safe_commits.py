"""History copress writes is safe: a commit `import-docx` makes for someone not named in full
carries their consented name and a neutral address that never changes — never their real name,
a real address from their git: list, or their id — and so do its message, the review note's
path and the name of a conflict branch."""

from __future__ import annotations

import json
import re

import docx
import pytest

from conftest import copy_sample, fresh_copy, git, run_copress, with_article_docx

TOKEN = re.compile(r"c-[0-9a-f]{12}@users\.copress\.invalid")
PERSON = "tariq-haddad"  # the id is their real name: it must not reach history either
SECRETS = ("Tariq", "Haddad", "haddad", "haddad.t@example.org", PERSON)
CONTRIBUTOR = """\
# A public contributor who chose a pseudonym.
name: Tariq Haddad
kind: public
named: pseudonym
pseudonym: "River Stone"
credit:
  - writing-review-editing
git:
  - haddad.t@example.org
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The sample project with one more pseudonymous contributor, committed, and its DOCX."""
    project = copy_sample(tmp_path_factory.mktemp("safe") / "project")
    (project / "contributors" / f"{PERSON}.yaml").write_text(CONTRIBUTOR)
    (project / ".gitignore").write_text("build/\n*.private.yaml\n")
    git("add", ".", cwd=project)
    git("commit", "-qm", "A new contributor", cwd=project)
    return with_article_docx(project)


@pytest.fixture
def project(built, tmp_path):
    return fresh_copy(built, tmp_path)


def edited(project, target, old, new, comment=None):
    """The project's DOCX with one sentence typed over (and a comment, signed in Word with the
    editor's real name, as Word does)."""
    document = docx.Document(project / "build" / "article.docx")
    paragraph = next(p for p in document.paragraphs if old in p.text)
    for run in paragraph.runs:
        run.text = run.text.replace(old, new)
    if comment:
        document.add_comment(paragraph.runs[0], text=comment, author="Tariq Haddad", initials="TH")
    document.save(target)
    return target


def history(project) -> str:
    """Everything history shows about people: authors, committers, messages, branch names and
    the paths every commit touched."""
    return (git("log", "--all", "--format=%an%n%ae%n%cn%n%ce%n%B", "--name-only", cwd=project)
            + git("branch", "-a", "--format=%(refname)", cwd=project))


def assert_nothing_hidden(text: str) -> None:
    for secret in SECRETS:
        assert secret.lower() not in text.lower(), secret


def test_a_pseudonymous_co_author_commits_as_their_pseudonym_with_a_neutral_address(project, tmp_path):
    first = edited(project, tmp_path / "first.docx", "We are a mixed group", "We are a very mixed group",
                   comment="Please say who pays for the bus fare.")
    result = run_copress("import-docx", str(first), "--by", PERSON, "-C", str(project))
    assert result.returncode == 0, result.stderr

    name, address = git("log", "-1", "--format=%an%x00%ae", cwd=project).strip().split("\0")
    assert name == "River Stone"
    assert TOKEN.fullmatch(address), address
    # the address is recorded in their tracked file, in the same commit, so credit still maps
    tracked = git("show", f"HEAD:contributors/{PERSON}.yaml", cwd=project)
    assert tracked == CONTRIBUTOR + f"  - {address}\n"
    changed = git("show", "HEAD", "--name-only", "--format=", cwd=project).split()
    assert f"contributors/{PERSON}.yaml" in changed
    notes = [p for p in changed if p.startswith("manuscript/review/")]
    assert len(notes) == 1 and notes[0].startswith("manuscript/review/river-stone-")
    assert "Please say who pays for the bus fare." in (project / notes[0]).read_text()
    history_after_first = git("log", "--format=%an%n%ae%n%cn%n%ce%n%B", "-1", cwd=project)
    assert_nothing_hidden(history_after_first)
    assert_nothing_hidden((project / notes[0]).read_text())

    # a second import, from a DOCX built after the first, reuses the same address
    assert run_copress("build", "docx", "-C", str(project), "-q").returncode == 0
    second = edited(project, tmp_path / "second.docx", "Reciprocity is where fine words",
                    "Reciprocity is exactly where fine words")
    result = run_copress("import-docx", str(second), "--by", PERSON, "-C", str(project))
    assert result.returncode == 0, result.stderr
    assert git("log", "-1", "--format=%an%x00%ae", cwd=project).strip() == f"River Stone\0{address}"
    assert f"contributors/{PERSON}.yaml" not in git("show", "HEAD", "--name-only", "--format=", cwd=project)
    assert (project / "contributors" / f"{PERSON}.yaml").read_text().count("@users.copress.invalid") == 1

    # everything history shows, except the contributor file's own (tracked) path, is clean
    shown = history(project).replace(f"contributors/{PERSON}.yaml", "")
    assert_nothing_hidden(shown)

    # and the credit ledger counts both commits for them
    ledger = run_copress("credit", "--json", "-C", str(project))
    assert ledger.returncode == 0, ledger.stderr
    entry = next(p for p in json.loads(ledger.stdout)["contributors"] if p["id"] == PERSON)
    assert entry["commits"] == 2


def test_a_conflict_branch_names_no_one_and_carries_the_address(project, tmp_path):
    first = edited(project, tmp_path / "first.docx", "We are a mixed group", "We are a very mixed group")
    summary = project / "manuscript" / "01-plain-english-summary.md"
    summary.write_text(summary.read_text().replace("We are a mixed group", "We are a diverse group"))
    git("commit", "-qam", "conflicting edit", cwd=project)
    result = run_copress("import-docx", str(first), "--by", PERSON, "-C", str(project))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    branch = re.search(r"the branch (\S+):", " ".join(result.stderr.split())).group(1)
    assert branch.startswith("copress/import-river-stone-")
    name, address = git("log", "-1", "--format=%an%x00%ae", branch, cwd=project).strip().split("\0")
    assert name == "River Stone" and TOKEN.fullmatch(address)
    # merging their branch records the address in the tracked file
    assert f"  - {address}\n" in git("show", f"{branch}:contributors/{PERSON}.yaml", cwd=project)
    assert "git:\n  - haddad.t@example.org\n" in (project / "contributors" / f"{PERSON}.yaml").read_text()
    assert_nothing_hidden(history(project).replace(f"contributors/{PERSON}.yaml", ""))


def test_a_neutral_address_kept_only_in_the_side_file_is_reused_and_recorded(project, tmp_path):
    token = "c-0123456789ab@users.copress.invalid"
    tracked = project / "contributors" / f"{PERSON}.yaml"
    tracked.write_text(CONTRIBUTOR.replace("git:\n  - haddad.t@example.org\n", ""))
    git("commit", "-qam", "Real address moved to the side file", cwd=project)
    (project / "contributors" / f"{PERSON}.private.yaml").write_text(
        f"git:\n  - haddad.t@example.org\n  - {token}\n")
    assert run_copress("build", "docx", "-C", str(project), "-q").returncode == 0
    first = edited(project, tmp_path / "first.docx", "We are a mixed group", "We are a very mixed group")
    result = run_copress("import-docx", str(first), "--by", PERSON, "-C", str(project))
    assert result.returncode == 0, result.stderr
    assert git("log", "-1", "--format=%an%x00%ae", cwd=project).strip() == f"River Stone\0{token}"
    assert git("show", f"HEAD:contributors/{PERSON}.yaml", cwd=project).endswith(f"git:\n  - {token}\n")
    assert_nothing_hidden(history(project).replace(f"contributors/{PERSON}.yaml", ""))


def test_someone_named_in_full_without_an_address_gets_a_neutral_one_not_their_id(project, tmp_path):
    first = edited(project, tmp_path / "first.docx", "We are a mixed group", "We are a very mixed group")
    result = run_copress("import-docx", str(first), "--by", "denise-harper", "-C", str(project))
    assert result.returncode == 0, result.stderr
    name, address = git("log", "-1", "--format=%an%x00%ae", cwd=project).strip().split("\0")
    assert name == "Denise Harper" and TOKEN.fullmatch(address)
    assert f"  - {address}\n" in (project / "contributors" / "denise-harper.yaml").read_text()


def test_an_old_placeholder_address_with_the_id_is_not_used_again(project, tmp_path):
    tracked = project / "contributors" / f"{PERSON}.yaml"
    tracked.write_text(CONTRIBUTOR.replace("haddad.t@example.org", f"{PERSON}@users.copress.invalid"))
    git("commit", "-qam", "An address an older copress made", cwd=project)
    assert run_copress("build", "docx", "-C", str(project), "-q").returncode == 0
    first = edited(project, tmp_path / "first.docx", "We are a mixed group", "We are a very mixed group")
    result = run_copress("import-docx", str(first), "--by", PERSON, "-C", str(project))
    assert result.returncode == 0, result.stderr
    address = git("log", "-1", "--format=%ae", cwd=project).strip()
    assert TOKEN.fullmatch(address)
