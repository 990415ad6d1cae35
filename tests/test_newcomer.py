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
