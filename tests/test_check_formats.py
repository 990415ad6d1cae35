"""`copress check --format github|gitlab`: findings where people look (CI logs, merge requests),
with nothing private in any line. The project carries canary values in every place the privacy
promise covers; none may reach stdout, stderr or the report file."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import copy_sample, git, run_copress

from copress.checks.formats import Withheld, _data, _property

# A pseudonymous contributor whose id gives her away (it is not her pseudonym).
TELLING_ID = "ottoline-canarywell"
HIDDEN_NAME = "Ottoline Canarywell"
HIDDEN_GIT = "ottoline.canary@example.net"
HIDDEN_PRIVATE = "CANARY-PAYREF-58213"
# Sam Rivers (pseudonym) gets a canary address and a private value; the value is then pasted
# into a chapter: the planted leak.
SAM_GIT = "sam.canary.commits@example.net"
SAM_PHONE = "CANARY-PHONE-60417"
UNCLAIMED = ("Unclaimed Canarysmith", "unclaimed.canary@example.com")

# A workflow command as GitHub's runner reads it: ::level prop=value,…::message (escaped).
COMMAND = re.compile(r"::(error|warning|notice)(?: ((?:file|line|title)=[^,:\r\n]*(?:,(?:file|line|title)=[^,:\r\n]*)*))?::([^\r\n]*)")


def _commit_as(root: Path, name: str, email: str, message: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email, "GIT_COMMITTER_NAME": name,
           "GIT_COMMITTER_EMAIL": email, "GIT_AUTHOR_DATE": "2026-01-05T10:00:00Z",
           "GIT_COMMITTER_DATE": "2026-01-05T10:00:00Z"}
    subprocess.run(["git", "commit", "-q", "-am", message], cwd=root, env=env, check=True)


def _canary_project(root: Path) -> Path:
    copy_sample(root)
    people = root / "contributors"
    (people / f"{TELLING_ID}.yaml").write_text(
        "kind: public\nnamed: pseudonym\npseudonym: \"River Stone\"\nacknowledge: true\n")
    (people / f"{TELLING_ID}.private.yaml").write_text(
        f"name: {HIDDEN_NAME}\ngit:\n  - {HIDDEN_GIT}\nprivate:\n  payment_reference: {HIDDEN_PRIVATE}\n")
    sam = people / "sam-rivers.private.yaml"
    data = yaml.safe_load(sam.read_text())
    data["git"] = [SAM_GIT]
    data["private"]["phone"] = SAM_PHONE
    sam.write_text(yaml.safe_dump(data, allow_unicode=True))
    git("add", ".", cwd=root)
    git("commit", "-q", "-m", "a contributor who is not named in full", cwd=root)
    chapter = root / "manuscript/02-background.md"
    chapter.write_text(chapter.read_text() + "\nSam can be reached on " + SAM_PHONE + ".\n")
    _commit_as(root, *UNCLAIMED, "a commit nobody claims (and the planted leak)")
    with (root / "manuscript/03-who-and-when.md").open("a") as out:
        out.write("\nOne more sentence.\n")
    _commit_as(root, "Sam", SAM_GIT, "a commit under Sam's real address")
    return root


def _canaries(root: Path) -> list[str]:
    """Every value no CI line may hold: each side file's name, git and private values, the
    telling id, the unclaimed identity and the project's absolute path."""
    found = [TELLING_ID, *UNCLAIMED, str(root)]
    for side in sorted((root / "contributors").glob("*.private.yaml")):
        data = yaml.safe_load(side.read_text()) or {}
        found += [data.get("name") or "", *(data.get("git") or []),
                  *(str(v) for v in (data.get("private") or {}).values())]
    return sorted({v for v in found if len(v) >= 5})


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    """The canary project checked three times: every output with --format github; then the HTML
    article again (with the privacy scan of every output, already built) with --format gitlab,
    to stdout and with --output FILE. veraPDF on every PDF runs once: it is the slow check."""
    root = _canary_project(tmp_path_factory.mktemp("formats") / "project")
    report = root.parent / "gl-code-quality-report.json"
    runs = {"github": run_copress("check", "--format", "github", "-C", str(root)),
            "gitlab": run_copress("check", "html", "--format", "gitlab", "-C", str(root)),
            "gitlab-file": run_copress("check", "html", "--format", "gitlab", "--output", str(report),
                                       "-C", str(root))}
    return root, runs, report


def test_no_canary_reaches_any_line_of_the_ci_formats(checked):
    root, runs, report = checked
    seen = "\n".join([*(r.stdout + r.stderr for r in runs.values()), report.read_text()]).lower()
    canaries = _canaries(root)
    assert SAM_PHONE in canaries and HIDDEN_NAME in canaries and "Kwame Boateng" in canaries
    assert [c for c in canaries if c.lower() in seen] == []


def test_a_ci_format_exits_1_when_there_are_errors(checked):
    _, runs, _ = checked
    assert {name: r.returncode for name, r in runs.items()} == {"github": 1, "gitlab": 1, "gitlab-file": 1}


def test_the_planted_leak_is_an_annotation_naming_the_output_and_the_field(checked):
    _, runs, _ = checked
    leaks = [m for m in COMMAND.finditer(runs["github"].stdout) if "title=privacy/leak" in (m.group(2) or "")]
    assert {m.group(1) for m in leaks} == {"error"}
    files = {re.search(r"file=([^,]*)", m.group(2)).group(1) for m in leaks}
    assert "build/article.html" in files and "build/article.pdf" in files
    assert all("contributors/sam-rivers.yaml: private.phone" in m.group(3) for m in leaks)


def test_every_github_line_is_a_workflow_command_then_one_summary(checked):
    _, runs, _ = checked
    *commands, last = runs["github"].stdout.splitlines()
    assert commands and all(COMMAND.fullmatch(line) for line in commands)
    assert last.startswith("copress check: ") and "error(s) to fix" in last
    # line= only where a finding has a line, and always a number
    assert all(re.fullmatch(r"\d+", n) for n in re.findall(r"[:,]line=([^,:]*)", runs["github"].stdout))


def test_the_unclaimed_identity_and_the_telling_id_are_withheld_not_dropped(checked):
    _, runs, _ = checked
    out = runs["github"].stdout
    unclaimed = [line for line in out.splitlines() if "title=credit/unmapped-identity" in line]
    assert unclaimed and all("unclaimed git identity" in line and "copress credit" in line for line in unclaimed)
    assert "::warning file=contributors/[withheld].yaml,title=credit/no-involvement::" \
           "public contributor [withheld] has no involvement recorded" in out


def test_the_gitlab_report_is_code_quality_with_stable_fingerprints(checked):
    _, runs, report = checked
    printed, written = json.loads(runs["gitlab"].stdout), json.loads(report.read_text())
    assert printed == written and printed
    for issue in printed:
        assert set(issue) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["severity"] in {"major", "minor", "info"}
        assert isinstance(issue["location"]["path"], str) and issue["location"]["path"]
        assert isinstance(issue["location"]["lines"]["begin"], int)
    assert len({i["fingerprint"] for i in printed}) == len(printed)
    leak = next(i for i in printed if i["check_name"] == "privacy/leak")
    assert leak["severity"] == "major" and leak["location"]["path"].startswith("build/")
    assert runs["gitlab-file"].stdout.startswith("copress check: ")  # the summary, not the report
    assert "the gitlab report is in" in runs["gitlab-file"].stdout
    assert not [p for p in report.parent.iterdir() if p.name.startswith(".gl-code-quality")]  # no temp file left


@pytest.mark.fast
def test_messages_and_properties_are_escaped_as_githubs_toolkit_does():
    assert _data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert _property("build/a,b:c.md%\n") == "build/a%2Cb%3Ac.md%25%0A"


@pytest.mark.fast
def test_withheld_takes_out_values_identities_and_addresses(tmp_path):
    root = _canary_project(tmp_path / "project")
    withheld = Withheld.of(root)
    text = (f"{TELLING_ID}: {HIDDEN_NAME.upper()} and  {HIDDEN_PRIVATE}; 2 commit(s) by "
            f"'{UNCLAIMED[0]} <{UNCLAIMED[1]}>'; write to {SAM_GIT} or a.okafor@example.org; "
            f"{root}/manuscript/02-background.md")
    assert withheld.text(text) == ("[withheld]: [withheld] and  [withheld]; 2 commit(s) by an unclaimed "
                                   "git identity; write to [withheld] or a.okafor@example.org; "
                                   "manuscript/02-background.md")
    # a value that shows through in another spelling (a soft hyphen in it): the whole text goes
    hidden = withheld.text("axe quotes: CANARY-PAY\u00adREF-58213")
    assert hidden.startswith("[withheld] (") and "58213" not in hidden


@pytest.mark.fast
def test_a_broken_side_file_is_reported_without_its_contents(tmp_path):
    root = copy_sample(tmp_path / "project")
    (root / "contributors/sam-rivers.private.yaml").write_text(f"name: {HIDDEN_NAME}\nprivate: [{HIDDEN_PRIVATE}\n")
    result = run_copress("check", "--only", "sources", "--format", "github", "-C", str(root))
    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith("::error file=contributors/sam-rivers.private.yaml,line=")
    assert "a problem in a private side file" in result.stdout
    assert HIDDEN_NAME not in result.stdout and HIDDEN_PRIVATE not in result.stdout


@pytest.mark.fast
def test_json_stays_an_alias_and_output_needs_a_report_format(tmp_path):
    root = copy_sample(tmp_path / "project")
    alias = run_copress("check", "--only", "sources", "--json", "-C", str(root))
    named = run_copress("check", "--only", "sources", "--format", "json", "-C", str(root))
    assert alias.returncode == named.returncode == 0 and alias.stdout == named.stdout
    assert json.loads(alias.stdout)["format"] == "copress-check/1"
    both = run_copress("check", "--json", "--format", "github", "-C", str(root))
    text_file = run_copress("check", "--output", str(tmp_path / "r.txt"), "-C", str(root))
    assert both.returncode == text_file.returncode == 2
    assert "--json is --format json" in both.stderr and "--output writes" in text_file.stderr
