"""`copress deposit`: CITATION.cff and .zenodo.json at the project's root, valid, in agreement,
shown before they are written, and naming nobody who is not named in full."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import jsonschema
import pytest
import yaml
from zenodo_client.struct import Creator, Metadata

from conftest import BIN, REPO, commit_all, copy_sample, git
from copress.credit.zenodo import CONTRIBUTOR_TYPES
from test_privacy import _plant_canaries

SCHEMA = json.loads((REPO / "tests/fixtures/cff-1.2.0-schema.json").read_text())
ORCID = "https://orcid.org/"


def _deposit(project: Path, *args: str) -> subprocess.CompletedProcess:
    """`copress deposit` with nobody at the keyboard (stdin is not a terminal)."""
    return subprocess.run([str(BIN / "copress"), "deposit", "-C", str(project), *args],
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def deposited(tmp_path_factory) -> Path:
    project = copy_sample(tmp_path_factory.mktemp("deposit") / "project")
    metadata = project / "manuscript/metadata.yaml"
    metadata.write_text(metadata.read_text() + "doi: https://doi.org/10.1234/example.5678\n")
    git("commit", "-q", "-am", "the article's DOI", cwd=project)
    result = _deposit(project, "--yes")
    assert result.returncode == 0, result.stderr
    assert "+++ CITATION.cff (new)" in result.stdout and "+++ .zenodo.json (new)" in result.stdout
    return project


@pytest.fixture(scope="module")
def cff(deposited) -> dict:
    return yaml.safe_load((deposited / "CITATION.cff").read_text())


@pytest.fixture(scope="module")
def zenodo(deposited) -> dict:
    return json.loads((deposited / ".zenodo.json").read_text())


def test_citation_cff_is_valid_cff_1_2_0(cff):
    jsonschema.validate(cff, SCHEMA)
    assert cff["doi"] == cff["preferred-citation"]["doi"] == "10.1234/example.5678"


def test_zenodo_json_is_valid_deposit_metadata(zenodo):
    # zenodo-client's model of Zenodo's deposit metadata. Its Creator wants "Family, Given",
    # which a person named in full has; initials or a description by role cannot have it (Zenodo
    # keeps such a name as written), so those are checked to carry nothing but the name.
    named = [c for c in zenodo["creators"] if "," in c["name"]]
    Metadata.model_validate({**zenodo, "creators": named})
    assert len(named) == 4 and all(Creator.model_validate(c) for c in named)
    assert zenodo["upload_type"] == "publication" and zenodo["publication_type"] == "article"
    for creator in zenodo["creators"]:
        if creator not in named:
            assert set(creator) == {"name"}, creator  # no ORCID, no affiliation: not named in full
    assert [c["type"] for c in zenodo["contributors"]] == ["ProjectMember"]
    assert {c["type"] for c in zenodo["contributors"]} <= set(CONTRIBUTOR_TYPES)
    assert zenodo["related_identifiers"] == [{"identifier": "10.1234/example.5678", "relation": "isIdenticalTo",
                                              "resource_type": "publication-article", "scheme": "doi"}]
    assert zenodo["description"].startswith("Background: Co-production")


def test_the_two_files_agree(cff, zenodo):
    def cff_name(a: dict) -> str:
        if "family-names" in a:
            return f"{a['family-names']}, {a['given-names']}"
        return a.get("alias") or a["name"]

    assert [cff_name(a) for a in cff["authors"]] == [c["name"] for c in zenodo["creators"]] == \
        ["Okafor, Amina", "Harper, Denise", "Mensah, Sarah", "Sam Rivers", "H. L.", "Hughes, Gareth"]
    assert [a.get("orcid") for a in cff["authors"]] == \
        [ORCID + c["orcid"] if "orcid" in c else None for c in zenodo["creators"]]
    assert [a.get("affiliation") for a in cff["authors"]] == [c.get("affiliation") for c in zenodo["creators"]]
    assert cff["license"].lower() == zenodo["license"] == "cc-by-4.0"
    assert cff["title"] == zenodo["title"] and cff["keywords"] == zenodo["keywords"]
    assert cff["date-released"] == zenodo["publication_date"] and cff["commit"] in zenodo["notes"]


def test_the_root_files_are_the_builds_and_a_second_deposit_after_committing_them_changes_nothing(deposited):
    for name in ("CITATION.cff", ".zenodo.json"):
        assert (deposited / name).read_bytes() == (deposited / "build/credit" / name).read_bytes()
    git("add", "CITATION.cff", ".zenodo.json", cwd=deposited)
    git("commit", "-q", "-m", "deposit metadata", cwd=deposited)
    again = _deposit(deposited)
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == "CITATION.cff and .zenodo.json are up to date."


def test_without_yes_and_nobody_to_ask_nothing_is_written_and_the_diff_is_shown(tmp_path):
    project = copy_sample(tmp_path / "project")
    (project / "CITATION.cff").write_text("cff-version: 1.2.0\nmessage: our own\ntitle: Old\nauthors: []\n")
    result = _deposit(project)
    assert result.returncode == 2
    assert "-title: Old" in result.stdout and "+title: Sharing power when we write together" in result.stdout
    assert "CITATION.cff was not written by copress: writing replaces it." in result.stderr
    assert "nothing written: these files would change, and there is nobody to ask" in result.stderr
    assert "copress deposit --yes" in result.stderr and "Traceback" not in result.stderr
    assert (project / "CITATION.cff").read_text().startswith("cff-version: 1.2.0\nmessage: our own")
    assert not (project / ".zenodo.json").exists()


@pytest.mark.fast
def test_a_doi_that_is_not_one_is_an_error_at_its_line(tmp_path):
    project = copy_sample(tmp_path / "project", commit=False)
    metadata = project / "manuscript/metadata.yaml"
    lines = metadata.read_text().splitlines()
    metadata.write_text("\n".join(lines + ["doi: 1234/not-a-doi"]) + "\n")
    result = _deposit(project, "--yes")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"manuscript/metadata.yaml:{len(lines) + 1}" in result.stderr
    assert "'1234/not-a-doi' is not a DOI; write it as 10.1234/abcd" in result.stderr


def test_nobody_not_named_in_full_is_named_and_no_pseudonym_without_consent(tmp_path):
    project = copy_sample(tmp_path / "project", commit=False)
    sam = project / "contributors/sam-rivers.yaml"  # the sample's consent to his pseudonym in deposits, taken back
    sam.write_text(sam.read_text().replace("      deposits: yes\n", ""))
    canaries = _plant_canaries(project)
    commit_all(project, "canaries")
    result = _deposit(project, "--yes")
    assert result.returncode == 0, result.stderr
    for name in ("CITATION.cff", ".zenodo.json", "build/credit/CITATION.cff", "build/credit/.zenodo.json"):
        text = (project / name).read_text()
        for canary in canaries + ["Sam Rivers", str(tmp_path)]:
            assert canary not in text, f"{canary!r} is in {name}"
        assert "Public contributor 1" in text and "C. C." in text  # described by role; initials as agreed
