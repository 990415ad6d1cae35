"""`copress new`: a project that builds, passes its own `copress check` and is committed."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from pdfminer.high_level import extract_text

from conftest import BIN, run_copress

IDENTITY = {"GIT_AUTHOR_NAME": "Ada Researcher", "GIT_AUTHOR_EMAIL": "ada@example.org",
            "GIT_COMMITTER_NAME": "Ada Researcher", "GIT_COMMITTER_EMAIL": "ada@example.org"}


def _new(target: Path, *options: str) -> subprocess.CompletedProcess:
    result = run_copress("new", str(target), *options, env=IDENTITY)
    assert result.returncode == 0, result.stderr
    return result


def _git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def _check(project: Path, *options: str) -> dict:
    result = run_copress("check", "-C", str(project), "--json", *options)
    report = json.loads(result.stdout)
    problems = [f"{f['rule']}: {f['message']}" for f in report["findings"] if f["severity"] == "error"]
    assert result.returncode == 0 and report["passed"], problems or result.stderr
    return report


def test_new_project_passes_its_whole_check_and_is_committed_in_the_users_name(tmp_path):
    project = tmp_path / "our-paper"
    result = _new(project)
    assert "Next:" in result.stdout and "copress check" in result.stdout
    log = _git("log", "--format=%H %an <%ae>", cwd=project).splitlines()
    assert len(log) == 1 and log[0].endswith("Ada Researcher <ada@example.org>")
    assert _git("status", "--porcelain", cwd=project) == ""
    tracked = _git("ls-files", cwd=project).split()
    assert ".mailmap" in tracked and "manuscript/figures/team.png" in tracked
    assert "contributors/first-author.private.yaml" not in tracked  # git-ignored, yet there
    assert "ada@example.org" in (project / "contributors/first-author.private.yaml").read_text()

    report = _check(project)  # every area, every target: builds what it needs first
    assert report["journal"] == "generic"
    rules = {f["rule"] for f in report["findings"]}
    assert "journal/missing-section" not in rules and "credit/no-corresponding" not in rules
    text = extract_text(project / "build/article.pdf")
    assert f"from commit {log[0][:7]}" in text
    assert "not under version control" not in text
    html = (project / "build/article.html").read_text()
    assert "reporting checklists: Tools to improve reporting" in html  # the real reference, listed
    assert 'alt="Three boxes labelled public contributors' in html
    assert "<table" in html


@pytest.mark.parametrize("journal", ["bmj", "research-involvement-and-engagement",
                                     "humanities-and-social-sciences-communications"])
def test_new_with_a_journal_profile_writes_the_sections_it_asks_for(tmp_path, journal):
    project = tmp_path / "paper"
    _new(project, "--journal", journal, "--license", "CC0-1.0")
    assert f"journal: {journal}" in (project / "copress.yaml").read_text()
    assert "license: CC0-1.0" in (project / "manuscript/metadata.yaml").read_text()
    report = _check(project, "--only", "sources,journal,privacy,credit")
    assert report["journal"] == journal
    assert not [f for f in report["findings"] if f["rule"] in ("journal/missing-section", "journal/ppi-statement",
                                                              "journal/citation-style")]


@pytest.mark.fast
def test_new_without_a_git_identity_says_how_to_set_one(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "EMAIL"))}
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"), GIT_CONFIG_NOSYSTEM="1")
    result = subprocess.run([str(BIN / "copress"), "new", str(tmp_path / "paper")], env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "git does not know your name" in result.stderr
    assert 'git config --global user.name "Your Name"' in result.stderr
    assert 'git config --global user.email' in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "paper").exists()  # nothing half-made


@pytest.mark.fast
@pytest.mark.parametrize("option, value, expected", [
    ("--license", "GPL-3.0", "unknown licence 'GPL-3.0'"),
    ("--journal", "nature", "unknown journal profile 'nature'"),
])
def test_new_refuses_an_unknown_licence_or_journal(tmp_path, option, value, expected):
    result = run_copress("new", str(tmp_path / "paper"), option, value, env=IDENTITY)
    assert result.returncode == 2 and expected in result.stderr
    assert not (tmp_path / "paper").exists()
