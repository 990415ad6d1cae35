"""veraPDF, the validator the field trusts, over every PDF copress makes: the sample's six, the
PDFs of a review pack, the records of contribution, and the PDF of a project made by `copress
new`. veraPDF runs once for all of them (one JVM per profile); each PDF then must have 0 failed
PDF/UA-1 rules.

Where veraPDF and copress's own checker (checks/pdf_ua.py) disagree, the tests below say which
is right: list structure (both now check it; copress's checker was blind to it before), and
list numbers drawn with glyphs no ToUnicode entry maps (only veraPDF sees it, and it is right:
a screen reader cannot tell which digit such a glyph is).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import REPO, copy_sample, run_copress
from copress.checks import verapdf
from copress.checks.pdf_ua import check_pdf
from copress.render.pdf import fix_pdf

SAMPLE_PDFS = ("article.pdf", "resource-guide.pdf", "easy-read.pdf", "course-facilitator.pdf",
               "course-slides.pdf", "course-feedback.pdf")


@pytest.fixture(scope="module")
def all_pdfs(sample_build, tmp_path_factory) -> dict[str, Path]:
    """Every PDF to validate, by a name for the test ids."""
    pdfs = {name: sample_build / name for name in SAMPLE_PDFS}
    work = tmp_path_factory.mktemp("verapdf")
    project = copy_sample(work / "project")
    result = run_copress("review-pack", "sam-rivers", "-C", str(project))
    assert result.returncode == 0, result.stderr
    pack = sorted((project / "build/private/review/sam-rivers").glob("*.pdf"))
    assert pack, "the review pack has no PDF"
    pdfs.update({f"review-pack/{p.name}": p for p in pack})
    for extra in ([], ["--easy-read"]):  # the records of contribution, standard and easy read
        result = run_copress("credit", "record", "sam-rivers", *extra, "-C", str(project))
        assert result.returncode == 0, result.stderr
    records = sorted((project / "build/private/records/sam-rivers").glob("*.pdf"))
    assert len(records) == 2
    pdfs.update({f"records/{p.name}": p for p in records})
    new = work / "new-paper"
    result = run_copress("new", str(new))
    assert result.returncode == 0, result.stderr
    result = run_copress("build", "pdf", "-C", str(new))
    assert result.returncode == 0, result.stderr
    pdfs["copress-new/article.pdf"] = new / "build/article.pdf"
    return pdfs


@pytest.fixture(scope="module")
def reports(all_pdfs) -> dict[str, dict[Path, list[dict]]]:
    return verapdf.run_verapdf(list(all_pdfs.values()))


def describe(rules: list[dict]) -> str:
    """The failed rules as a reader of a test failure needs them: rule, what, where."""
    return "\n".join(f"{verapdf.rule_id('ua1', r)} ({r.get('failedChecks')}×): {r.get('description')}"
                     f" — first at {verapdf.where(r) or '?'}: "
                     f"{((r.get('checks') or [{}])[0].get('context') or '')[-160:]}" for r in rules)


@pytest.mark.parametrize("name", [*SAMPLE_PDFS, "review-pack", "records", "copress-new/article.pdf"])
def test_every_pdf_passes_verapdf_pdf_ua_1_with_no_failed_rule(all_pdfs, reports, name):
    chosen = [p for n, p in all_pdfs.items() if n == name or n.startswith(name + "/")]
    assert chosen
    for pdf in chosen:
        failed = reports["ua1"][pdf]
        assert failed == [], f"{pdf.name}:\n{describe(failed)}"


def test_wtpdf_accessibility_findings_are_only_the_known_warnings(all_pdfs, reports):
    """WTPDF 1.0 Accessibility (warnings in copress check): what applies to PDF 1.7 passes."""
    found = {name: [f.rule for f in verapdf.findings_for("wt1a", name, reports["wt1a"][pdf])]
             for name, pdf in all_pdfs.items()}
    assert {name: rules for name, rules in found.items() if rules} == {}


def test_copress_check_reports_verapdf_rules_with_file_page_and_hint():
    rules = [{"clause": "7.2", "testNumber": 20, "status": "failed", "failedChecks": 3,
              "description": "LI element may contain only Lbl and LBody elements",
              "checks": [{"context": "root/document[0]/pages[4](6 0 obj PDPage)/contentStream[0]",
                          "errorMessage": "LI element contains P"}]}]
    (finding,) = verapdf.findings_for("ua1", "build/x.pdf", rules)
    assert finding.rule == "verapdf/ua1/7.2-20" and finding.severity == "error"
    assert finding.file == "build/x.pdf"
    assert "PDF/UA-1 7.2-20: LI element may contain only Lbl and LBody elements" in finding.message
    assert "3 places; first: page 5; LI element contains P" in finding.message
    assert finding.hint
    # WTPDF's rules about what only PDF 2.0 has are not reported against a PDF/UA-1 file
    wt = [{"clause": "8.8", "testNumber": 1, "status": "failed", "failedChecks": 9, "description": "SD"}]
    assert verapdf.findings_for("wt1a", "build/x.pdf", wt) == []


# --- list structure: a structure test that fails on the PDFs as WeasyPrint writes them --------

LISTS = """<!doctype html><html lang="en"><head><title>Lists</title></head><body><h1>Lists</h1>
<ol><li><p>A question to talk through.</p><p>Who is it for?</p></li><li><p>Another.</p></li></ol>
<dl><div><dt>Type</dt><dd>Website</dd></div><div><dt>Cost</dt><dd>Free</dd></div></dl>
</body></html>"""


def test_lists_are_nested_as_pdf_ua_asks_after_copress_fixes_them(tmp_path):
    from weasyprint import HTML

    bare = tmp_path / "bare.pdf"
    bare.write_bytes(HTML(string=LISTS).write_pdf(pdf_variant="pdf/ua-1"))
    fixed = tmp_path / "fixed.pdf"
    fixed.write_bytes(fix_pdf(bare.read_bytes()))
    before = [f for f in check_pdf(bare) if f.rule == "pdfua/list-structure"]
    assert {f.message.split(": ", 1)[1].split(" hold ")[0] for f in before} == {
        "1 L element(s)", "2 LI element(s)"}, before  # WeasyPrint: L > Div (the <dl>), LI > P
    assert [f for f in check_pdf(fixed) if f.rule == "pdfua/list-structure"] == []
    report = verapdf.run_verapdf([bare, fixed], flavours=("ua1",))["ua1"]
    assert "verapdf/ua1/7.2-20" in {verapdf.rule_id("ua1", r) for r in report[bare]}
    assert report[fixed] == [], describe(report[fixed])


def test_the_guide_pdf_lists_each_fact_as_one_item(sample_build):
    """The guide's facts (a <dl> on the web) are one list item each in the PDF: "Type: Website"."""
    import pikepdf

    from copress.pdfmodel import StructTree

    with pikepdf.open(sample_build / "resource-guide.pdf") as pdf:
        tree = StructTree(pdf.Root.StructTreeRoot)
        types = [tree.type(e) for e in tree.elems]
        assert "/Div" not in {tree.type(tree.parent[k]) for k in tree.parent
                              if tree.parent[k] is not None and tree.types[k] == "/LI"}
        assert types.count("/LI") > 200


# --- copress check runs veraPDF, and reports what it finds ----------------------------------


def test_copress_check_reports_a_verapdf_rule_that_copress_own_checker_misses(tmp_path):
    """A project stylesheet that draws the worksheet's list numbers with tabular glyphs: veraPDF
    fails PDF/UA-1 7.21.7-1 (a glyph no ToUnicode entry maps); copress's own checker cannot
    see it. veraPDF is right: a screen reader cannot tell which digit such a glyph is."""
    project = copy_sample(tmp_path / "project")
    (project / "templates").mkdir(exist_ok=True)
    (project / "templates/guide-print.css").write_text(
        (REPO / "templates/guide-print.css").read_text()
        + "\nli::marker { font-variant-numeric: tabular-nums; }\n")
    result = run_copress("check", "-C", str(project), "--json", "guide", "--only", "accessibility")
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    checks = {c["check"]: c for c in report["checks"]}
    assert checks["verapdf"]["status"] == "ran"
    assert checks["verapdf"]["files"] == ["build/resource-guide.pdf"]
    errors = [f for f in report["findings"] if f["severity"] == "error"]
    assert {f["rule"] for f in errors} == {"verapdf/ua1/7.21.7-1"}, errors
    (finding,) = errors
    assert finding["file"] == "build/resource-guide.pdf"
    assert re.search(r"\(\d+ places; first: page \d+; The glyph can not be mapped to Unicode", finding["message"])
    assert finding["hint"]
    assert [f for f in check_pdf(project / "build/resource-guide.pdf") if f.severity == "error"] == []


def test_without_verapdf_copress_check_says_so(tmp_path):
    project = copy_sample(tmp_path / "project")
    env_cache = tmp_path / "empty-cache"
    result = run_copress("check", "-C", str(project), "--json", "pdf", "--only", "accessibility",
                         env={"COPRESS_CACHE_DIR": str(env_cache), "PATH": "/usr/bin:/bin"})
    report = json.loads(result.stdout)
    checks = {c["check"]: c for c in report["checks"]}
    assert checks["verapdf"]["status"] == "skipped"
    (warning,) = [f for f in report["findings"] if f["rule"] == "verapdf/skipped"]
    assert warning["severity"] == "warning" and "--install-validators" in (warning["hint"] or warning["message"])


# --- the pinned validators: fetched once, checked against their pinned hash -------------------


@pytest.mark.fast
def test_install_checks_the_pinned_hash_and_installs_atomically(tmp_path, monkeypatch):
    from copress import validators
    from copress.errors import CopressError

    monkeypatch.setenv("COPRESS_CACHE_DIR", str(tmp_path / "cache"))
    asked = []
    with pytest.raises(CopressError, match="does not match its pinned sha256 hash"):
        validators.install(validators.VERAPDF, fetch=lambda url: asked.append(url) or b"not the jar")
    assert asked == [validators.VERAPDF.url] and asked[0].startswith("https://repo.maven.apache.org/")
    assert not validators.VERAPDF.installed.exists()
    assert not list((tmp_path / "cache").rglob("*.jar"))
    # the real jar (the one `make test` fetched) passes the same check and lands in the cache
    monkeypatch.delenv("COPRESS_CACHE_DIR")
    jar = validators.verapdf_location()
    monkeypatch.setenv("COPRESS_CACHE_DIR", str(tmp_path / "cache"))
    path = validators.install(validators.VERAPDF, fetch=lambda url: jar.read_bytes())
    assert path == validators.VERAPDF.installed and path.read_bytes() == jar.read_bytes()
    assert path.stat().st_mode & 0o777 == 0o644  # the Dockerfile fetches as root for any user
    assert validators.where(validators.VERAPDF) == str(path)
    assert validators.install(validators.VERAPDF, fetch=lambda url: 1 / 0) == path  # once only


@pytest.mark.fast
def test_a_tarball_gives_up_only_the_named_file(tmp_path):
    import io
    import tarfile

    from copress.validators import _tar_member
    from copress.errors import CopressError

    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, data in (("package/build/dist/vnu.jar", b"jar"), ("../../evil", b"x")):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    assert _tar_member(buffer.getvalue(), "package/build/dist/vnu.jar", "vnu") == b"jar"
    with pytest.raises(CopressError, match="has no package/missing"):
        _tar_member(buffer.getvalue(), "package/missing", "vnu")
    assert not list(tmp_path.iterdir())  # nothing extracted anywhere


@pytest.mark.fast
def test_doctor_names_a_missing_verapdf_and_how_to_fetch_it(tmp_path):
    result = run_copress("doctor", "--json", env={"COPRESS_CACHE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 1
    report = {r["name"]: r for r in json.loads(result.stdout)["requirements"]}
    assert report["veraPDF"]["found"] is False
    assert "copress doctor --install-validators" in report["veraPDF"]["install"]["debian"]
    assert report["Java 17+"]["found"] is True
