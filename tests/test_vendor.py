"""Third-party code copress bundles: axe-core's script ships in the package, at the version
package-lock.json pins, and the HTML accessibility check runs it from there."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

import copress
from conftest import REPO
from copress.checks import html_axe

pytestmark = pytest.mark.fast

VENDOR = REPO / "copress" / "vendor" / "axe-core"


def _manifest() -> dict:
    return json.loads((VENDOR / "manifest.json").read_text(encoding="utf-8"))


def test_bundled_axe_core_is_the_version_package_lock_pins():
    pinned = json.loads((REPO / "package-lock.json").read_text(encoding="utf-8"))
    version = pinned["packages"]["node_modules/axe-core"]["version"]
    manifest = _manifest()
    assert manifest["version"] == version
    assert manifest["npm_integrity"] == pinned["packages"]["node_modules/axe-core"]["integrity"]
    script = (VENDOR / "axe.min.js").read_bytes()
    # The script names its own version in its first line: the manifest cannot claim another.
    assert script.startswith(f"/*! axe v{version}\n".encode())
    assert hashlib.sha256(script).hexdigest() == manifest["files"]["axe.min.js"]["sha256"]
    assert html_axe.axe_version() == version


def test_bundled_axe_core_carries_its_licences():
    assert _manifest()["license"] == "MPL-2.0"
    assert (VENDOR / "LICENSE").read_text(encoding="utf-8").startswith("Mozilla Public License, version 2.0")
    assert "MIT License" in (VENDOR / "LICENSE-3RD-PARTY.txt").read_text(encoding="utf-8")


def test_the_accessibility_check_runs_the_packaged_axe_without_node_modules(tmp_path, monkeypatch):
    # An install with no node_modules anywhere (and the old override pointing at nothing).
    monkeypatch.setenv("COPRESS_NODE_MODULES", str(tmp_path))
    script = html_axe.axe_script()
    assert script == Path(copress.__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
    assert script.is_file()
