"""The HTML (axe-core, vnu) and JATS (JATS4R) validators, run for real on small fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from copress.checks.html_axe import check_html
from copress.checks.html_vnu import check_html_valid
from copress.checks.jats4r import check_jats, compiled_rules_path

FIXTURES = Path(__file__).parent / "fixtures" / "validators"
HTML_GOOD = FIXTURES / "html-good.html"
HTML_BAD = FIXTURES / "html-bad.html"
HTML_EXTERNAL = FIXTURES / "html-external.html"
HTML_INVALID = FIXTURES / "html-invalid.html"
JATS_GOOD = FIXTURES / "jats-good.xml"
JATS_BAD = FIXTURES / "jats-bad.xml"


def _of(findings, path: Path):
    return [f for f in findings if f.file == str(path)]


def _line_of(path: Path, text: str) -> int:
    """1-based number of the first line of `path` that contains `text`."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if text in line:
            return number
    raise AssertionError(f"{text!r} not in {path}")


@pytest.fixture(scope="module")
def axe_findings():
    # One browser launch for all three pages, as `copress check` does it.
    return check_html([HTML_GOOD, HTML_BAD, HTML_EXTERNAL])


@pytest.fixture(scope="module")
def vnu_findings():
    # One Java run for all three files.
    return check_html_valid([HTML_GOOD, HTML_INVALID, HTML_BAD])


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory, monkeypatch):
    # Compiled JATS4R rules go to a cache folder of the test run, not the user's.
    monkeypatch.setenv("COPRESS_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "copress-cache"))


# axe-core


def test_axe_flags_missing_alt_and_lang(axe_findings):
    bad = _of(axe_findings, HTML_BAD)
    rules = {f.rule for f in bad}
    assert {"axe/image-alt", "axe/html-has-lang"} <= rules
    assert all(f.severity == "error" and f.area == "accessibility" for f in bad)
    image = next(f for f in bad if f.rule == "axe/image-alt")
    assert "img" in image.message and "pixel.png" in image.message
    assert "alt" in image.hint


def test_axe_passes_good_page(axe_findings):
    assert _of(axe_findings, HTML_GOOD) == []


def test_axe_blocks_and_reports_external_request(axe_findings):
    external = _of(axe_findings, HTML_EXTERNAL)
    assert [f.rule for f in external] == ["html/external-request"]
    assert "https://cdn.example.invalid/style.css" in external[0].message
    assert external[0].severity == "error"


# Nu HTML Checker


def test_vnu_flags_invalid_html(vnu_findings):
    invalid = _of(vnu_findings, HTML_INVALID)
    errors = [f for f in invalid if f.severity == "error"]
    assert any("title" in f.message for f in errors)
    stray = next(f for f in errors if "Stray end tag" in f.message)
    assert stray.line == _line_of(HTML_INVALID, "</div>")
    assert all(f.area == "html" and f.rule.startswith("vnu/") for f in invalid)


def test_vnu_passes_valid_html(vnu_findings):
    assert _of(vnu_findings, HTML_GOOD) == []


def test_vnu_maps_warnings_to_warning(vnu_findings):
    findings = _of(vnu_findings, HTML_BAD)
    assert sorted(f.severity for f in findings) == ["error", "warning"]
    by_severity = {f.severity: f for f in findings}
    assert "alt" in by_severity["error"].message  # img without alt is invalid HTML too
    assert "lang" in by_severity["warning"].message  # a missing lang is only a warning


# JATS4R


@pytest.mark.fast
def test_jats4r_flags_missing_alt_text_and_wrong_credit_uri():
    findings = check_jats(JATS_BAD)
    errors = {f.rule: f for f in findings if f.severity == "error"}
    assert set(errors) == {"jats4r/accessibility-errors", "jats4r/credit-errors"}
    alt = errors["jats4r/accessibility-errors"]
    assert "<alt-text>" in alt.message
    assert alt.line == _line_of(JATS_BAD, '<graphic xlink:href="figure-1.png"/>')
    credit = errors["jats4r/credit-errors"]
    assert "vocab-term-identifier" in credit.message
    # the rule read credit-roles.xml beside the schema to name the right URI
    assert "https://credit.niso.org/contributor-roles/conceptualization/" in credit.message
    assert credit.line == _line_of(JATS_BAD, "not-a-credit-role")


@pytest.mark.fast
def test_jats4r_passes_good_article():
    assert check_jats(JATS_GOOD) == []


@pytest.mark.fast
def test_jats4r_reports_malformed_xml(tmp_path):
    broken = tmp_path / "broken.xml"
    broken.write_text('<article dtd-version="1.3"><front></article>\n', encoding="utf-8")
    [finding] = check_jats(broken)
    assert finding.rule == "jats/not-well-formed"
    assert finding.severity == "error"
    assert finding.line == 1


@pytest.mark.fast
def test_jats4r_compiles_once_into_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("COPRESS_CACHE_DIR", str(tmp_path))
    first = compiled_rules_path()
    assert first.parent == tmp_path and first.suffix == ".xsl"
    stamp = first.stat().st_mtime_ns
    assert compiled_rules_path() == first
    assert first.stat().st_mtime_ns == stamp
