"""`pip install .` gives a working copress outside this repository: filters and templates ship inside."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

from conftest import REPO, copy_sample


def test_the_wheel_carries_filters_templates_and_rules_and_builds_a_project(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(dist), str(REPO)], check=True, capture_output=True)
    wheel = next(dist.glob("copress-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ("copress/filters/credit.py", "copress/filters/crossref.py",
                 "copress/templates/article.html", "copress/templates/reference.docx",
                 "copress/templates/fonts/OFL-atkinson-hyperlegible.txt",
                 "copress/templates/new/manuscript/metadata.yaml",
                 "copress/vocab/jats4r/jats4r.sch"):
        assert name in names, name
    installed = tmp_path / "installed"
    zipfile.ZipFile(wheel).extractall(installed)
    project = copy_sample(tmp_path / "elsewhere" / "project")
    # The unpacked wheel comes first on the path; the repository is not the working folder.
    env = {**os.environ, "PYTHONPATH": str(installed)}
    where = subprocess.run([sys.executable, "-c", "import copress.assets as a; print(a.asset_dir('filters'))"],
                           cwd=project, env=env, capture_output=True, text=True, check=True)
    assert where.stdout.strip() == str(installed / "copress" / "filters")
    result = subprocess.run([sys.executable, "-m", "copress", "build", "html", "jats", "-q"],
                            cwd=project, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "Sam Rivers" in (project / "build/article.html").read_text()
