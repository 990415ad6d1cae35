"""`copress doctor`: what this machine has for each edition and check, and how to install the rest."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import BIN, run_copress
from copress.doctor import REQUIREMENTS


def _without_chromium_and_java(tmp_path: Path) -> dict:
    """The environment of a machine with git but no Chromium and no Java: PATH holds only a
    link to git, and the Chromium lookup points at a file that is not there."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "git").symlink_to(shutil.which("git"))
    env = {k: v for k, v in os.environ.items() if k not in {"COPRESS_JAVA", "COPRESS_CHROMIUM"}}
    return {**env, "PATH": str(bin_dir), "COPRESS_CHROMIUM": str(tmp_path / "no-chromium")}


def _doctor(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "copress"), "doctor", *args], env=env,
                          capture_output=True, text=True, timeout=300)


def test_doctor_on_a_complete_machine_finds_everything_and_exits_0():
    result = run_copress("doctor")
    assert result.returncode == 0, result.stdout + result.stderr
    for requirement in REQUIREMENTS:
        assert f"found    {requirement.name} — " in result.stdout
    assert "MISSING" not in result.stdout
    assert "Everything copress build and copress check need is here." in result.stdout


@pytest.mark.fast
def test_doctor_names_missing_chromium_with_its_install_lines_and_exits_1(tmp_path):
    result = _doctor(env=_without_chromium_and_java(tmp_path))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert "MISSING  Chromium — copress check: HTML accessibility" in result.stdout
    assert "install on Debian/Ubuntu: sudo apt-get install -y chromium" in result.stdout
    assert "install on macOS (Homebrew): brew install --cask chromium" in result.stdout
    assert "install on Windows: in WSL (Debian/Ubuntu): sudo apt-get install -y chromium" in result.stdout
    assert "MISSING  Java 17+" in result.stdout
    assert "openjdk-17-jre-headless" in result.stdout
    assert "found    git — " in result.stdout  # what is there is still reported found
    assert result.stdout.rstrip().endswith("then run copress doctor again.")


@pytest.mark.fast
def test_doctor_without_chromium_on_path_or_override_says_where_it_looked(tmp_path):
    env = _without_chromium_and_java(tmp_path)
    del env["COPRESS_CHROMIUM"]
    result = _doctor(env=env)
    assert result.returncode == 1
    assert "neither `chromium` nor `chromium-browser` is on PATH, and COPRESS_CHROMIUM is not set" in result.stdout


def test_doctor_json_lists_every_requirement_found_or_not(tmp_path):
    present = json.loads(run_copress("doctor", "--json").stdout)
    assert present["ready"] is True
    assert [r["name"] for r in present["requirements"]] == [r.name for r in REQUIREMENTS]
    assert all(r["found"] is True and r["install"] is None for r in present["requirements"])

    result = _doctor("--json", env=_without_chromium_and_java(tmp_path))
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["ready"] is False
    found = {r["name"]: r["found"] for r in report["requirements"]}
    assert found == {r.name: r.name not in {"Chromium", "Java 17+"} for r in REQUIREMENTS}
    chromium = next(r for r in report["requirements"] if r["name"] == "Chromium")
    assert chromium["install"]["debian"] == "sudo apt-get install -y chromium"
    assert chromium["needed_for"] == "copress check: HTML accessibility (axe-core)"
