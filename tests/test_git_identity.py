"""Who runs git: the one reader that import-docx and sign-off share, in git's own order."""

from __future__ import annotations

import git
import pytest

from copress.errors import CopressError
from copress.roundtrip.identity import who_runs_git


@pytest.fixture
def repo(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))  # no global config of the machine running the tests
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    for key in ("GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "GIT_CONFIG_GLOBAL"):
        monkeypatch.delenv(key, raising=False)
    return git.Repo.init(tmp_path / "project")


def test_nobody_known_is_a_clear_error(repo):
    with pytest.raises(CopressError) as err:
        who_runs_git(repo, "the person importing")
    assert "git does not know who you are (the person importing)" in str(err.value)
    assert "git config user.name" in err.value.hint


def test_config_then_environment(repo, monkeypatch):
    with repo.config_writer() as config:
        config.set_value("user", "name", "Ada Researcher")
        config.set_value("user", "email", "ada@example.org")
    assert who_runs_git(repo, "x") == ("Ada Researcher", "ada@example.org")
    monkeypatch.setenv("GIT_COMMITTER_NAME", "CI Runner")  # as git itself: the environment wins
    monkeypatch.setenv("GIT_COMMITTER_EMAIL", "ci@example.org")
    assert who_runs_git(repo, "x") == ("CI Runner", "ci@example.org")
