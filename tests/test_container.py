"""The container recipe installs what `copress doctor` tells a Debian user to install: one list
of system packages (copress.doctor.debian_packages) for the Dockerfile, the doctor and the README."""

from __future__ import annotations

import json
import re
import shlex

import pytest

from conftest import REPO
from copress.doctor import debian_packages

pytestmark = pytest.mark.fast

DOCKERFILE = (REPO / "Dockerfile").read_text(encoding="utf-8")


def _run_commands(text: str) -> list[str]:
    """Each RUN instruction of a Dockerfile, its continuation lines joined."""
    joined = re.sub(r"\\\n", " ", text)
    return [line.split(None, 1)[1] for line in joined.splitlines() if line.startswith("RUN ")]


def _apt_installed(command: str) -> list[str]:
    words = []
    for part in re.split(r"&&|;", command):
        tokens = shlex.split(part)
        if "apt-get" in tokens and "install" in tokens:
            words += [t for t in tokens[tokens.index("install") + 1:] if not t.startswith("-")]
    return words


def test_the_dockerfile_installs_exactly_the_doctors_debian_packages():
    installed = [name for command in _run_commands(DOCKERFILE) for name in _apt_installed(command)]
    assert installed == debian_packages()
    assert {"chromium", "openjdk-17-jre-headless", "libpango-1.0-0"} <= set(installed)


def test_the_dockerfile_starts_from_python_slim_and_installs_copress_from_the_folder():
    assert re.search(r"^FROM python:3\.11-slim-bookworm$", DOCKERFILE, re.M)
    runs = _run_commands(DOCKERFILE)
    assert any(re.search(r"\bpip install /opt/copress-src\b", run) for run in runs)
    assert "COPY . /opt/copress-src" in DOCKERFILE
    assert 'ENTRYPOINT ["copress"]' in DOCKERFILE
    assert re.search(r"^WORKDIR /work$", DOCKERFILE, re.M)


def test_the_devcontainer_uses_the_dockerfile_and_mounts_the_project_at_work():
    config = json.loads((REPO / ".devcontainer" / "devcontainer.json").read_text(encoding="utf-8"))
    assert config["build"] == {"dockerfile": "../Dockerfile", "context": ".."}
    assert config["workspaceFolder"] == "/work"


def test_the_build_context_leaves_out_the_venv_and_caches():
    ignored = (REPO / ".dockerignore").read_text(encoding="utf-8").split()
    assert {".venv", ".cache", "node_modules", "build", ".git"} <= set(ignored)
