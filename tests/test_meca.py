"""`copress build meca`: the submission package (MECA, NISO RP-30-2023), checked offline against
the MECA DTD, against the build's own outputs, with the JATS4R rules and for privacy."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from conftest import REPO, commit_all, copy_sample, fresh_copy, run_copress
from copress.checks.jats4r import check_jats
from copress.checks.privacy import check_privacy
from copress.project import Project
from copress.targets import NOT_IN_ALL, wanted
from test_consent import _add_entry
from test_privacy import _plant_canaries, _public_texts

DTD = REPO / "tests/fixtures/meca/manifest-1.0.dtd"
XLINK = "{http://www.w3.org/1999/xlink}href"
NAME = "submission/sharing-power-when-we-meca.zip"


def _parse(data: bytes) -> etree._ElementTree:
    # offline and inert: no DTD fetched, no entity expanded
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.ElementTree(etree.fromstring(data, parser))


def _hrefs(manifest: etree._ElementTree) -> list[str]:
    return [i.get(XLINK) for i in manifest.iter("{*}instance")]


@pytest.fixture(scope="module")
def built(sample_build, tmp_path_factory) -> Path:
    """The sample, built with `all` once per run, then `copress build meca`: the package reuses
    the outputs already there."""
    project = fresh_copy(sample_build.parent, tmp_path_factory.mktemp("meca"))
    result = run_copress("build", "meca", "-C", str(project))
    assert result.returncode == 0, result.stderr
    return project / "build"


@pytest.fixture(scope="module")
def package(built) -> zipfile.ZipFile:
    return zipfile.ZipFile(built / NAME)


@pytest.mark.fast
def test_all_leaves_the_package_out_and_the_package_builds_what_it_packs():
    assert "meca" in NOT_IN_ALL and "meca" not in wanted(["all"]) and "meca" not in wanted([])
    assert wanted(["meca"]) == {"meca", "pdf", "docx", "jats", "gripp2", "credit"}
    assert "meca" in wanted(["all", "meca"])


def test_the_manifest_is_valid_against_the_meca_dtd(package):
    dtd = etree.DTD(str(DTD))
    manifest = _parse(package.read("manifest.xml"))
    assert dtd.validate(manifest), dtd.error_log.filter_from_errors()
    assert package.namelist()[0] == "manifest.xml"
    assert manifest.getroot().get("manifest-version") == "1.0"


def test_every_href_is_in_the_zip_and_every_file_is_in_the_manifest(package):
    hrefs = _hrefs(_parse(package.read("manifest.xml")))
    assert len(hrefs) == len(set(hrefs))
    assert sorted(hrefs) == sorted(n for n in package.namelist() if n != "manifest.xml")
    assert {"article.xml", "article.pdf", "article.docx", "figures/stages.png",
            "supplementary/gripp2-short-form.html", "credit/contributions.html"} == set(hrefs)


def test_each_file_says_what_it_is(package):
    manifest = _parse(package.read("manifest.xml"))
    kinds = {i.find("{*}instance").get(XLINK): (i.get("item-type"), i.find("{*}instance").get("media-type"))
             for i in manifest.iter("{*}item")}
    assert kinds["article.xml"] == ("article-metadata", "application/xml")
    assert kinds["article.pdf"] == ("manuscript", "application/pdf")
    assert kinds["figures/stages.png"] == ("article-supporting-file", "image/png")
    assert kinds["supplementary/gripp2-short-form.html"][0] == "manuscript-supporting-file"


def test_the_package_holds_the_builds_public_outputs_byte_for_byte(package, built):
    for name in package.namelist():
        if name != "manifest.xml":
            assert package.read(name) == (built / name).read_bytes(), name
            assert not name.startswith("private/")
    # every figure the JATS refers to is packed, so the JATS's links resolve inside the zip
    jats = _parse(package.read("article.xml"))
    assert {g.get(XLINK) for g in jats.iter("graphic")} <= set(package.namelist())


def test_the_packed_jats_passes_the_jats4r_rules(package, tmp_path):
    path = tmp_path / "article.xml"
    path.write_bytes(package.read("article.xml"))
    errors = [f for f in check_jats(path) if f.severity == "error"]
    assert errors == []


def test_a_forced_rebuild_gives_the_same_bytes_with_fixed_times(built):
    before = hashlib.sha256((built / NAME).read_bytes()).hexdigest()
    result = run_copress("build", "meca", "--force", "-q", "-C", str(built.parent))
    assert result.returncode == 0, result.stderr
    assert hashlib.sha256((built / NAME).read_bytes()).hexdigest() == before
    assert {i.date_time for i in zipfile.ZipFile(built / NAME).infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_no_private_value_or_hidden_name_reaches_the_package(tmp_path):
    project = copy_sample(tmp_path / "project", commit=False)
    canaries = _plant_canaries(project)
    commit_all(project, "canaries")
    result = run_copress("build", "meca", "-C", str(project))
    assert result.returncode == 0, result.stderr
    zips = list((project / "build/submission").glob("*-meca.zip"))
    assert len(zips) == 1
    unpacked = tmp_path / "unpacked"
    zipfile.ZipFile(zips[0]).extractall(unpacked)
    texts = _public_texts(unpacked)
    assert {Path(p).name for p in texts} >= {"article.pdf", "article.docx", "article.xml", "manifest.xml"}
    for path, text in texts.items():
        for canary in canaries + [str(tmp_path)]:
            assert canary not in text, f"{canary!r} leaked into {path}"
    assert "Sam Rivers" in texts[str(unpacked / "article.xml")]  # the consented name is there
    # copress's own privacy scan opens the zip and every file in it: it finds nothing there...
    loaded = Project.load(project)
    assert not [f for f in check_privacy(loaded, project / "build") if "submission" in (f.file or "")]
    # ...and would find a private value packed deep inside (a DOCX within the package)
    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as inner:
        inner.writestr("word/document.xml", "<w:t>CanaryPrivate0Zq</w:t>")
    with zipfile.ZipFile(zips[0], "a") as archive:
        archive.writestr("extra.docx", docx.getvalue())
    leaks = [f for f in check_privacy(loaded, project / "build") if f.rule == "privacy/leak"]
    assert [f.file for f in leaks] == [f"build/{NAME.split('/')[0]}/{zips[0].name}"]


def test_a_changed_chapter_reaches_the_package_with_the_pdf_it_waited_for(built, tmp_path):
    project = fresh_copy(built.parent, tmp_path)
    chapter = project / "manuscript/03-who-and-when.md"
    chapter.write_text(chapter.read_text() + "\nA sentence added after the package was made.\n")
    result = run_copress("build", "meca", "-v", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "rebuilding build/submission/*-meca.zip: " in result.stdout
    package = zipfile.ZipFile(project / "build" / NAME)
    assert b"A sentence added after the package was made." in package.read("article.xml")
    assert package.read("article.pdf") == (project / "build/article.pdf").read_bytes()


def test_someone_named_on_the_credit_page_only_is_not_named_in_the_package(tmp_path):
    """Denise Harper, an author named in full, agreed to be named on the credit page but not in
    the article: the package goes to the journal with the article, so its credit statement is
    written anew as the article shows her, while build/credit/ keeps her name."""
    project = copy_sample(tmp_path / "project", commit=False)
    _add_entry(project / "contributors/denise-harper.yaml",
               "  - date: 2025-10-01\n    agreed: {naming: full, editions: [credit]}\n    recorded: email\n")
    commit_all(project, "Denise Harper: named on the credit page only")
    result = run_copress("build", "meca", "-C", str(project))
    assert result.returncode == 0, result.stderr
    assert "Denise Harper" in (project / "build/credit/contributions.html").read_text()
    unpacked = tmp_path / "unpacked"
    zipfile.ZipFile(project / "build" / NAME).extractall(unpacked)
    texts = _public_texts(unpacked)
    statement = str(unpacked / "credit/contributions.html")
    assert statement in texts
    assert [path for path, text in texts.items() if "Harper" in text] == []
    # the statement is still the whole ledger: every other author is in it
    assert "Amina Okafor" in texts[statement]
    loaded = Project.load(project)
    assert not [f for f in check_privacy(loaded, project / "build") if "submission" in (f.file or "")]
