"""The licences of what the wheel ships: copress's own LICENSE, a licence file beside every
bundled third-party folder, each listed in THIRD-PARTY.md, and the package metadata (PEP 639)
naming every licence and shipping every licence file."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from conftest import REPO

pytestmark = pytest.mark.fast

PROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
EXPRESSION = set(PROJECT["license"].split(" AND "))
THIRD_PARTY = (REPO / "THIRD-PARTY.md").read_text(encoding="utf-8")
SPDX_ID = re.compile(r"\b(MIT|ISC|[A-Z]+(?:-[A-Z]+)*-\d+\.\d+)\b")


def _source(package_path: str) -> Path:
    """A path inside the installed package, in the source tree (templates/ and filters/ sit at
    the top of a clone and ship as copress/templates, copress/filters)."""
    for folder in ("templates", "filters"):
        if package_path.startswith(f"copress/{folder}/"):
            return REPO / package_path.removeprefix("copress/")
    return REPO / package_path


def _rows() -> list[dict]:
    """THIRD-PARTY.md's table: one dict per bundled asset."""
    lines = [line for line in THIRD_PARTY.splitlines() if line.startswith("|")]
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    return [dict(zip(header, (cell.strip() for cell in line.strip("|").split("|"))))
            for line in lines[2:]]


def test_copress_has_the_mit_licence_its_metadata_declares():
    assert (REPO / "LICENSE").read_text(encoding="utf-8").startswith("MIT License\n")
    assert PROJECT["license"].startswith("MIT AND ")


def test_every_bundled_asset_has_its_licence_file_shipped_and_named_in_the_expression():
    rows = _rows()
    assert len(rows) >= 4
    for row in rows:
        folder = row["Where in the package"].strip("`")
        assert _source(folder).is_dir(), folder
        files = re.findall(r"`([^`]+)`", row["Licence file"])
        assert files, row["What"]
        for name in files:
            path = _source(folder + name)
            assert path.is_file(), path
            assert str(path.relative_to(REPO)) in PROJECT["license-files"], path
        licences = set(SPDX_ID.findall(row["Licence"]))
        assert licences and licences <= EXPRESSION, (row["What"], licences)


def test_every_third_party_folder_in_the_package_is_listed():
    listed = {row["Where in the package"].strip("`") for row in _rows()}
    vendored = {f"copress/vendor/{p.name}/" for p in (REPO / "copress" / "vendor").iterdir() if p.is_dir()}
    # Besides copress/vendor/, these folders hold material copied in from other projects.
    assert vendored | {"copress/templates/fonts/", "copress/templates/pictures/",
                       "copress/vocab/jats4r/"} <= listed
    assert all((REPO / name).is_file() for name in PROJECT["license-files"])
