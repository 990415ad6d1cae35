"""Installed like a tool: the built wheel in a fresh virtual environment, its dependencies from
the local wheelhouse (`make .cache/wheelhouse/.stamp`, no registry), makes a project with
`copress new` that passes `copress check`, the HTML accessibility check included.

One expensive fixture (build, venv, install, new, check: about a minute); the tests read it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import REPO

WHEELHOUSE = REPO / ".cache" / "wheelhouse"


def _run(command: list, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([str(c) for c in command], capture_output=True, text=True, timeout=900,
                          **kwargs)


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> dict:
    assert (WHEELHOUSE / ".stamp").is_file(), (
        "no wheelhouse: run `make .cache/wheelhouse/.stamp` (make test does) first")
    tmp = tmp_path_factory.mktemp("wheel-install")
    dist = tmp / "dist"
    built = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                  "-q", "-w", dist, REPO])
    assert built.returncode == 0, built.stderr
    wheel = next(dist.glob("copress-*.whl"))

    venv = tmp / "venv"
    made = _run([sys.executable, "-m", "venv", "--without-pip", venv])
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    # This venv's pip installs into the new one (--python): no pip bootstrap, no registry.
    done = _run([sys.executable, "-m", "pip", "--python", python, "install", "-q",
                 "--disable-pip-version-check", "--no-index", "--find-links", WHEELHOUSE, wheel])
    assert done.returncode == 0, done.stderr

    # A user's shell: the new venv's commands on PATH, nothing of this checkout or its venv.
    keep = {"HOME", "LANG", "LC_ALL", "TMPDIR", "COPRESS_CHROMIUM", "COPRESS_JAVA",
            "COPRESS_CACHE_DIR", "XDG_CACHE_HOME"}
    env = {k: v for k, v in os.environ.items() if k in keep}
    env["PATH"] = os.pathsep.join([str(venv / "bin"), "/usr/local/bin", "/usr/bin", "/bin"])
    env.update(GIT_AUTHOR_NAME="Test", GIT_AUTHOR_EMAIL="test@example.org",
               GIT_COMMITTER_NAME="Test", GIT_COMMITTER_EMAIL="test@example.org")
    elsewhere = tmp / "elsewhere"
    elsewhere.mkdir()
    where = _run([python, "-c", "import copress; print(copress.__file__)"], cwd=elsewhere, env=env)
    project = tmp / "x"
    new = _run([venv / "bin" / "copress", "new", project], cwd=elsewhere, env=env)
    check = _run([venv / "bin" / "copress", "check", "-C", project, "--json"], cwd=elsewhere, env=env)
    return {"wheel": wheel, "venv": venv, "where": where, "new": new, "check": check,
            "project": project}


def test_the_wheel_ships_the_package_data_and_the_licence_files(installed):
    names = set(zipfile.ZipFile(installed["wheel"]).namelist())
    for name in ("copress/vendor/axe-core/axe.min.js", "copress/vendor/axe-core/manifest.json",
                 "copress/templates/fonts/atkinson-hyperlegible-latin-400-normal.woff2",
                 "copress/templates/pictures/concepts.yaml", "copress/filters/pictures.py",
                 "copress/templates/journals/generic.yaml", "copress/vocab/jats4r/jats4r.sch"):
        assert name in names, name
    licences = {n.split(".dist-info/licenses/", 1)[1] for n in names if ".dist-info/licenses/" in n}
    assert {"LICENSE", "THIRD-PARTY.md", "copress/vendor/axe-core/LICENSE",
            "templates/fonts/OFL-atkinson-hyperlegible.txt",
            "templates/pictures/LICENSE-CC-BY-SA-4.0.txt"} <= licences


def test_the_installed_copress_is_the_wheel_not_this_checkout(installed):
    where = installed["where"]
    assert where.returncode == 0, where.stderr
    path = Path(where.stdout.strip()).resolve()
    assert path.is_relative_to(installed["venv"].resolve())
    assert not path.is_relative_to(REPO)


def test_a_new_project_passes_copress_check_with_axe_on_every_page(installed):
    assert installed["new"].returncode == 0, installed["new"].stdout + installed["new"].stderr
    check = installed["check"]
    assert check.returncode == 0, check.stdout[-3000:] + check.stderr[-3000:]
    report = json.loads(check.stdout)
    axe = next(c for c in report["checks"] if c["check"] == "axe")
    pages = sorted(str(p.relative_to(installed["project"]))
                   for p in (installed["project"] / "build").rglob("*.html"))
    assert pages and "build/article.html" in pages
    assert axe["status"] == "ran", axe
    assert sorted(axe["files"]) == pages
