"""The same commit builds byte-identical outputs; SOURCE_DATE_EPOCH sets the dates."""

from __future__ import annotations

import time

from conftest import git, run_copress

OUTPUTS = ["article.html", "article.docx", "article.xml", "article.pdf"]


def test_same_commit_builds_identical_bytes(sample_build, project, tmp_path):
    """The run's shared build of the sample against a later build of the same commit checked out
    in another folder (and building the article alone): the same bytes."""
    first, second = sample_build, tmp_path / "second"
    assert git("rev-parse", "HEAD", cwd=project) == git("rev-parse", "HEAD", cwd=sample_build.parent)
    time.sleep(1.1)  # a clock-dependent output would now differ
    assert run_copress("build", "pdf", "html", "docx", "jats", "-C", str(project), "-o", str(second)).returncode == 0
    for name in OUTPUTS:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_html_is_stamped_with_commit_and_source_date_epoch(project, tmp_path):
    commit = git("rev-parse", "--short=7", "HEAD", cwd=project).strip()
    result = run_copress("build", "html", "-C", str(project), env={"SOURCE_DATE_EPOCH": "1700000000"})
    assert result.returncode == 0, result.stderr
    html = (project / "build/article.html").read_text()
    assert f"from commit {commit} of 2023-11-14." in html
    (project / "manuscript/02-background.md").write_text("# Background {#sec:background}\n\nChanged.\n")
    run_copress("build", "html", "-C", str(project), env={"SOURCE_DATE_EPOCH": "1700000000"})
    assert "with changes not yet committed" in (project / "build/article.html").read_text()
