"""copress check: each deliberately flawed project yields exactly the expected finding; the sample passes.

The whole gate runs once, on the sample; each flaw is checked with `--only` the area it touches
(and the targets it reaches), so that only what that area reads is built."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from conftest import REPO, copy_sample, run_copress
from copress.checks.registry import CHECKS, declared


def mapped_sample(tmp_path: Path) -> Path:
    """The sample, committed by one of its own contributors (so nobody is left uncredited)."""
    project = copy_sample(tmp_path / "project", commit=False)
    env = {**os.environ, "GIT_AUTHOR_NAME": "Amina Okafor", "GIT_AUTHOR_EMAIL": "amina@example.org",
           "GIT_COMMITTER_NAME": "Amina Okafor", "GIT_COMMITTER_EMAIL": "amina@example.org"}
    for args in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "sample"]):
        subprocess.run(["git", *args], cwd=project, env=env, check=True)
    return project


def check(project: Path, *args: str) -> tuple[int, dict, str]:
    result = run_copress("check", "-C", str(project), "--json", *args)
    assert result.returncode in (0, 1), result.stderr
    return result.returncode, json.loads(result.stdout), result.stdout


def errors(report: dict) -> set[str]:
    return {f["rule"] for f in report["findings"] if f["severity"] == "error"}


def test_the_sample_passes_with_the_default_profile(tmp_path):
    project = mapped_sample(tmp_path)
    code, report, _ = check(project)
    assert code == 0 and report["passed"] is True, [f for f in report["findings"] if f["severity"] == "error"]
    assert report["journal"] == "generic" and report["summary"]["error"] == 0
    assert not [f for f in report["findings"] if f["rule"] == "credit/unmapped-identity"]
    assert [row["item"] for row in report["gripp2"]] == ["aim", "methods", "results", "discussion", "reflections"]
    assert report["gripp2"][0]["section"] == "Background" and report["gripp2"][1]["section"] is None
    counts = next(f for f in report["findings"] if f["rule"] == "journal/word-count")["message"]
    assert re.search(r"main text \d{4} words", counts)
    # Every registered check ran, the HTML ones (axe-core, the Nu HTML Checker) on every page.
    checks = {c["check"]: c for c in report["checks"]}
    assert list(checks) == list(CHECKS) and {c["status"] for c in checks.values()} == {"ran"}
    for name in ("axe", "vnu", "links"):
        assert {"build/article.html", "build/easy-read.html", "build/credit/contributions.html"} <= set(checks[name]["files"])
    assert "build/article.pdf" in checks["pdf-ua"]["files"] and checks["jats4r"]["files"] == ["build/article.xml"]
    # veraPDF read every PDF and found nothing, not even a warning
    assert {"build/article.pdf", "build/resource-guide.pdf", "build/easy-read.pdf",
            "build/course-slides.pdf"} <= set(checks["verapdf"]["files"])
    assert [f for f in report["findings"] if f["rule"].startswith("verapdf/")] == []
    assert [f["rule"] for f in report["findings"] if not declared(f["rule"])] == []


def _drop_section(project: Path, heading: str) -> None:
    path = project / "manuscript/11-declarations.md"
    text = path.read_text()
    start = text.index(heading)
    end = text.index("\n## ", start + 1)
    path.write_text(text[:start] + text[end + 1:])


ARTICLE = ("pdf", "html", "docx", "jats")

# flaw → (what it does to the project, the one error rule expected, text in that finding,
#         the `copress check` scope that reaches it)
FLAWS = {
    "missing required section": (lambda p: _drop_section(p, "## Funding"), "journal/missing-section", "Funding",
                                 ("--only", "journal")),
    "over-long plain English summary": (
        lambda p: ((p / "templates/journals").mkdir(parents=True),
                   (p / "templates/journals/strict.yaml").write_text(
                       (REPO / "templates/journals/generic.yaml").read_text().replace(
                           "plain-summary: null", "plain-summary: 100")),
                   (p / "copress.yaml").write_text("journal: strict\n")),
        "plain-summary/length", "Plain English summary has 240 words; at most 100", ("--only", "journal")),
    "contrast failure in a project stylesheet": (
        lambda p: ((p / "templates").mkdir(),
                   (p / "templates/article.css").write_text(
                       (REPO / "templates/article.css").read_text() + "\np { color: #b8b8b8; }\n")),
        "axe/color-contrast", "article.html", ("html", "--only", "accessibility")),
    "private value planted in the text": (
        lambda p: (p / "manuscript/02-background.md").write_text(
            (p / "manuscript/02-background.md").read_text() + "\nCall 01632 960 021 for details.\n"),
        "privacy/leak", "contributors/sam-rivers.yaml: private.phone", (*ARTICLE, "--only", "privacy")),
}


@pytest.mark.parametrize("name", list(FLAWS))
def test_flawed_project_gives_exactly_the_expected_finding(tmp_path, name):
    project = mapped_sample(tmp_path)
    flaw, rule, text, scope = FLAWS[name]
    flaw(project)
    code, report, raw = check(project, *scope)
    assert code == 1
    assert errors(report) == {rule}
    assert any(text in f["message"] or text in (f["file"] or "") for f in report["findings"] if f["rule"] == rule)
    if rule == "privacy/leak":
        assert "01632 960 021" not in raw  # the report names the field, never the value


def test_an_output_that_lost_its_alt_text_is_caught_on_the_output_itself(tmp_path):
    project = mapped_sample(tmp_path)
    assert run_copress("build", "html", "-C", str(project), "-q").returncode == 0
    html = project / "build/article.html"
    html.write_text(re.sub(r' alt="[^"]*"', "", html.read_text()))  # what a broken builder might write
    code, report, _ = check(project, "html", "--only", "accessibility")  # fresh: checked as it is
    assert code == 1 and errors(report) == {"axe/image-alt"}
    checks = {c["check"]: c for c in report["checks"]}
    assert checks["axe"]["status"] == "ran" and "build/article.html" in checks["axe"]["files"]
    assert checks["pdf-ua"]["status"] == "skipped" and checks["pdf-ua"]["files"] == []  # html only
    assert checks["credit"] == {"check": "credit", "area": "credit", "status": "skipped",
                                "reason": "its area was not chosen (--only)", "files": []}


def test_only_builds_what_the_chosen_areas_read(tmp_path):
    project = mapped_sample(tmp_path)
    code, report, _ = check(project, "--only", "credit,sources")
    assert code == 0 and {f["area"] for f in report["findings"]} <= {"credit", "sources"}
    assert not (project / "build/article.html").exists()  # credit reads git and the contributors
    code, report, _ = check(project, "--only", "journal")
    assert code == 0 and {f["area"] for f in report["findings"]} == {"journal"}
    assert (project / "build/article.html").exists() and not (project / "build/article.pdf").exists()


@pytest.mark.fast
def test_unknown_area_is_a_usage_error_naming_the_areas(tmp_path):
    result = run_copress("check", "-C", str(mapped_sample(tmp_path)), "--only", "journal,spelling")
    assert result.returncode == 2 and "unknown check area 'spelling'" in result.stderr
    assert all(area in result.stderr for area in ("journal", "accessibility", "privacy", "credit", "sources"))
    assert "Traceback" not in result.stderr


@pytest.mark.fast
def test_an_unmapped_committer_is_named(tmp_path):
    project = mapped_sample(tmp_path)
    (project / "manuscript/02-background.md").write_text(
        (project / "manuscript/02-background.md").read_text() + "\nA stranger's sentence.\n")
    env = {**os.environ, "GIT_AUTHOR_NAME": "Stranger", "GIT_AUTHOR_EMAIL": "stranger@example.com",
           "GIT_COMMITTER_NAME": "Stranger", "GIT_COMMITTER_EMAIL": "stranger@example.com"}
    subprocess.run(["git", "commit", "-qam", "edit"], cwd=project, env=env, check=True)
    code, report, _ = check(project, "--only", "credit")
    assert code == 0
    unmapped = [f for f in report["findings"] if f["rule"] == "credit/unmapped-identity"]
    assert len(unmapped) == 1 and "stranger@example.com" in unmapped[0]["message"]


@pytest.mark.fast
@pytest.mark.parametrize("scope", [(), ("--only", "sources")], ids=["whole gate", "validation only"])
def test_a_bad_orcid_is_a_finding_with_file_and_line(tmp_path, scope):
    project = mapped_sample(tmp_path)
    path = project / "contributors/amina-okafor.yaml"
    path.write_text(path.read_text().replace("1825-0097", "1825-0098"))
    code, report, _ = check(project, *scope)
    assert code == 1 and errors(report) == {"sources/invalid"}
    assert {c["status"] for c in report["checks"]} == {"skipped"} and len(report["checks"]) == len(CHECKS)
    finding = report["findings"][0]
    assert finding["file"] == "contributors/amina-okafor.yaml" and finding["line"] and "check character" in finding["message"]


@pytest.mark.fast
def test_unknown_journal_is_a_usage_error(tmp_path):
    project = mapped_sample(tmp_path)
    result = run_copress("check", "-C", str(project), "--journal", "nature-of-things")
    assert result.returncode == 2 and "unknown journal profile" in result.stderr
