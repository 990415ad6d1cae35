"""The article's Plain English summary: present, at most 250 words, no abbreviations, not copied."""

from __future__ import annotations

import pytest

from copress.easyread.summary import check_plain_summary
from copress.project import Project
from conftest import copy_sample, run_copress

pytestmark = pytest.mark.fast  # no browser, no full build: part of `make test-fast`


def _summary(project, text: str) -> None:
    path = project / "manuscript/01-plain-english-summary.md"
    path.write_text("# Plain English summary {#sec:plain-summary .plain-summary}\n\n" + text + "\n")


def test_the_sample_summary_passes(tmp_path):
    assert check_plain_summary(Project.load(copy_sample(tmp_path / "p", commit=False))) == []


def test_each_rule_is_found_with_file_and_line(tmp_path):
    project = copy_sample(tmp_path / "p", commit=False)
    _summary(project, "We asked the NHS and the PPI group.\n\n" + "word " * 260)
    rules = {(f.rule, f.line) for f in check_plain_summary(Project.load(project))}
    assert ("plain-summary/abbreviation", 3) in rules
    assert any(rule == "plain-summary/length" for rule, _ in rules)


def test_a_summary_copied_from_the_abstract_is_found(tmp_path):
    project = copy_sample(tmp_path / "p", commit=False)
    abstract = Project.load(project).metadata.abstract
    _summary(project, " ".join(abstract.split()[40:120]))
    copied = [f for f in check_plain_summary(Project.load(project)) if f.rule == "plain-summary/copied"]
    assert len(copied) == 1 and copied[0].file == "manuscript/01-plain-english-summary.md"


def test_a_missing_summary_fails_easy_read_check(tmp_path):
    project = copy_sample(tmp_path / "p", commit=False)
    (project / "manuscript/01-plain-english-summary.md").unlink()
    result = run_copress("easy-read", "check", "-C", str(project))
    assert result.returncode == 2
    assert "no Plain English summary" in result.stdout
