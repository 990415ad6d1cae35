"""The command line: version, new projects, targets and output folders."""

from __future__ import annotations

import subprocess

import pytest

from conftest import REPO, run_copress

pytestmark = pytest.mark.fast  # no browser, no full build: part of `make test-fast`


def test_version():
    result = run_copress("--version")
    assert result.returncode == 0
    version = (REPO / "copress/__init__.py").read_text().split('"')[1]
    assert version in result.stdout


def test_new_project_is_a_git_repository_that_builds(tmp_path):
    target = tmp_path / "our-article"
    result = run_copress("new", str(target))
    assert result.returncode == 0, result.stderr
    assert (target / ".git").is_dir()
    assert "build/" in (target / ".gitignore").read_text()
    assert (target / "contributors/first-author.yaml").is_file()
    built = run_copress("build", "html", "docx", "-C", str(target))
    # the command leaves with os._exit: what it printed into the pipe must still arrive
    assert built.returncode == 0 and "wrote" in built.stdout and "article.docx" in built.stdout
    html = (target / "build/article.html").read_text()
    assert "First Author" in html and "Our co-produced article" in html
    assert not (target / "build/article.pdf").exists()  # only the targets asked for


def test_new_refuses_a_folder_with_files(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    result = run_copress("new", str(tmp_path))
    assert result.returncode == 2
    assert "not empty" in result.stderr
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_output_folder_option(project, tmp_path):
    out = tmp_path / "elsewhere"
    result = run_copress("build", "jats", "-C", str(project), "-o", str(out), "-q")
    assert result.returncode == 0 and result.stdout == ""
    assert (out / "article.xml").read_bytes().startswith(b"<?xml")
    assert (out / "figures/stages.png").read_bytes()[:4] == b"\x89PNG"
    assert not (project / "build").exists()


def test_filters_also_run_alone_as_pandoc_filters(project):
    """Every filter in filters/ works as `pandoc --filter`, run from the project folder."""
    import os
    import sys

    import pypandoc

    env = {**os.environ, "PATH": f"{os.path.dirname(sys.executable)}:{os.environ['PATH']}"}
    text = "# Intro {#sec:intro}\n\nSee @sec:intro and ![Alt words](figures/stages.png).\n"
    filters = []
    for name in ("safe_html", "images", "headings", "crossref", "credit"):
        filters += ["--filter", str(REPO / "filters" / f"{name}.py")]
    out = subprocess.run([pypandoc.get_pandoc_path(), "-f", "markdown", "-t", "html", *filters],
                         input=text, capture_output=True, text=True, cwd=project / "manuscript", env=env)
    assert out.returncode == 0, out.stderr
    assert '<a href="#sec-intro">“Intro”</a>' in out.stdout
    assert "Amina Okafor" in out.stdout  # the byline, from contributors/
    bad = subprocess.run([pypandoc.get_pandoc_path(), "-f", "markdown", "-t", "html",
                          "--filter", str(REPO / "filters/images.py")],
                         input="![](figures/missing.png)\n", capture_output=True, text=True,
                         cwd=project / "manuscript", env=env)
    assert bad.returncode != 0 and "does not exist" in bad.stderr
