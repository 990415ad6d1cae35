"""`copress check --history`: values planted in old commits of a real repository are found by
commit and place, none is ever printed, and a clean repository gives no findings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from conftest import commit_all, copy_sample, git, run_copress

HIDDEN_NAME = "Zoltan Canaryhidden"
REAL_ADDRESS = "zoltan.canary@mail.example.net"
CHAPTER_VALUE = "CanaryChapterQz51"
OLD_VALUE = "CanaryOldFileQz52"
CANARIES = (HIDDEN_NAME, "Zoltan", "Canaryhidden", REAL_ADDRESS, CHAPTER_VALUE, OLD_VALUE)


def _clean_repo(root: Path) -> Path:
    """The sample committed once, its side files git-ignored and never committed; the person
    published as Sam Rivers has the canary name, address and private value in their side file."""
    copy_sample(root, commit=False)
    (root / ".gitignore").write_text("build/\ncontributors/*.private.yaml\n")
    side = root / "contributors/sam-rivers.private.yaml"
    data = yaml.safe_load(side.read_text())
    data.update(name=HIDDEN_NAME, git=[REAL_ADDRESS])
    data["private"] = {**data.get("private", {}), "call_notes": CHAPTER_VALUE}
    side.write_text(yaml.safe_dump(data, allow_unicode=True))
    commit_all(root, "sample")
    assert "private.yaml" not in git("ls-files", cwd=root)
    return root


def _commit(root: Path, message: str, *extra: str) -> str:
    git("add", "-A", cwd=root)
    git("commit", "-q", "--allow-empty", "-m", message, *extra, cwd=root)
    return git("rev-parse", "--short", "HEAD", cwd=root).strip()


def _audit(root: Path) -> tuple[dict, str]:
    """(the JSON report, everything printed by both forms of the command)."""
    as_json = run_copress("check", "--history", "--json", "-C", str(root))
    as_text = run_copress("check", "--history", "-C", str(root))
    assert as_json.returncode == as_text.returncode, as_text.stderr
    report = json.loads(as_json.stdout)
    assert report["passed"] == (as_json.returncode == 0)
    return report, as_json.stdout + as_json.stderr + as_text.stdout + as_text.stderr


@pytest.fixture(scope="module")
def planted(tmp_path_factory) -> tuple[dict, str, dict[str, str]]:
    root = _clean_repo(tmp_path_factory.mktemp("history") / "project")
    chapter = root / "manuscript/02-background.md"
    original = chapter.read_text()
    chapter.write_text(original + f"\nCall notes: {CHAPTER_VALUE}.\n")
    commits = {"chapter": _commit(root, "Add call notes")}
    chapter.write_text(original)
    _commit(root, "Remove the call notes")
    commits["message"] = _commit(root, f"Notes from the call with {HIDDEN_NAME}")
    tracked = root / "contributors/gareth-hughes.yaml"
    before = tracked.read_text()
    tracked.write_text(before + f"private:\n  old_phone: \"{OLD_VALUE}\"\n")
    commits["old file"] = _commit(root, "Add a phone number")
    tracked.write_text(before)
    _commit(root, "Move the phone number out of the repository")
    commits["author"] = _commit(root, "An edit made under a real address",
                                "--author", f"Sam <{REAL_ADDRESS}>")
    report, printed = _audit(root)
    return report, printed, commits


def _found(report: dict, commit: str, place: str) -> list[str]:
    return [f["rule"] for f in report["findings"] if f["file"] == place and commit in f["message"]]


def test_a_private_value_once_in_a_chapter_is_found_by_commit_and_path(planted):
    report, _, commits = planted
    assert _found(report, commits["chapter"], "manuscript/02-background.md") == ["history/private-value"]


def test_a_hidden_name_in_a_commit_message_is_found(planted):
    report, _, commits = planted
    assert _found(report, commits["message"], "message") == ["history/hidden-name"]


def test_a_value_from_a_deleted_version_of_a_contributor_file_is_found(planted):
    report, _, commits = planted
    [rule] = _found(report, commits["old file"], "contributors/gareth-hughes.yaml")
    assert rule == "history/private-value"
    [finding] = [f for f in report["findings"] if f["file"] == "contributors/gareth-hughes.yaml"]
    assert "an earlier version" in finding["message"] and "private.old_phone" in finding["message"]


def test_a_commit_under_a_hidden_persons_real_address_is_found(planted):
    report, _, commits = planted
    assert _found(report, commits["author"], "author") == ["history/hidden-address"]
    assert "git[0]" in [f for f in report["findings"] if f["file"] == "author"][0]["message"]


def test_findings_fail_the_check_and_say_how_to_rewrite_history(planted):
    report, _, _ = planted
    assert not report["passed"] and report["summary"]["error"] == len(report["findings"]) == 4
    assert all("filter-repo" in f["hint"] and "git-ignored" in f["hint"] for f in report["findings"])


def test_no_value_is_ever_printed(planted):
    _, printed, _ = planted
    assert "history/" in printed
    for canary in CANARIES:
        assert canary.lower() not in printed.lower()


def test_a_value_in_many_commits_is_one_finding_with_the_count(tmp_path):
    root = _clean_repo(tmp_path / "project")
    for n in range(3):
        (root / "manuscript/notes.txt").write_text(f"{n}: {CHAPTER_VALUE}\n")
        _commit(root, f"notes {n}")
    report, _ = _audit(root)
    [finding] = report["findings"]
    assert finding["file"] == "manuscript/notes.txt" and "3 commits" in finding["message"]


def test_a_clean_repository_gives_no_findings(tmp_path):
    root = _clean_repo(tmp_path / "project")
    result = run_copress("check", "--history", "--json", "-C", str(root))
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout)["findings"] == []
