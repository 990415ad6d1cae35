"""article.html: valid, accessible (axe-core in Chromium), landmarked, stamped and safe."""

from __future__ import annotations

import lxml.html

from copress.checks.html_axe import check_html
from copress.checks.html_vnu import check_html_valid
from conftest import run_copress


def test_zero_axe_violations_in_headless_chromium(sample_build):
    findings = check_html([sample_build / "article.html"])
    assert [f for f in findings if f.severity == "error"] == []


def test_nu_html_checker_reports_no_errors(sample_build):
    findings = check_html_valid([sample_build / "article.html"])
    assert [f"{f.line}: {f.message}" for f in findings if f.severity == "error"] == []


def test_structure_lang_title_landmarks_figures_and_tables(sample_build):
    page = lxml.html.parse(str(sample_build / "article.html")).getroot()
    assert page.get("lang") == "en-GB"
    assert page.findtext("head/title") == "Sharing power when we write together"
    assert len(page.findall(".//main")) == 1 and page.find(".//footer") is not None
    assert [h.text_content() for h in page.iter("h1")] == ["Sharing power when we write together"]
    images = page.findall(".//img")
    assert images and all(img.get("alt", "").strip() for img in images)
    assert all(img.get("src").startswith("data:image/png;base64,") for img in images)  # one file
    for table in page.iter("table"):
        assert table.findall(".//th")
    assert "@media print" in page.findtext(".//style")
    links = {a.get("href") for a in page.iter("a")}
    assert "#fig-stages" in links and "#tbl-naming" in links  # cross-references resolved
    text = page.text_content()
    assert "Figure 1." in text and "Table 1." in text
    assert "Public contributor" in text  # the anonymous public contributor is acknowledged


def test_reading_order_title_byline_abstract_body(sample_build):
    page = lxml.html.parse(str(sample_build / "article.html")).getroot()
    main = page.find(".//main")
    order = [el.get("class") or el.get("id") or el.tag for el in main]
    assert order[:4] == ["title", "subtitle", "byline", "abstract"]


def test_raw_html_is_made_safe(project):
    (project / "manuscript/02-background.md").write_text(
        "# Background {#sec:background}\n\n"
        '<div onclick="steal()"><script>alert(1)</script><a href="javascript:alert(2)">x</a></div>\n\n'
        "[link](javascript:alert(3)) and <span onmouseover='x()'>text</span>\n")
    result = run_copress("build", "html", "-C", str(project))
    assert result.returncode == 0, result.stderr
    html = (project / "build/article.html").read_text().lower()
    assert "<script" not in html and "javascript:" not in html
    assert "onclick" not in html and "onmouseover" not in html


def test_gripp2_short_form_is_a_supplementary_file(sample_build):
    page = lxml.html.parse(str(sample_build / "supplementary/gripp2-short-form.html")).getroot()
    rows = [[td.text_content() for td in tr.findall("td")] for tr in page.iter("tr") if tr.findall("td")]
    assert rows[0] == ["Aim of involvement", "Background"]
    assert rows[1] == ["Methods of involvement", "Not reported"]
    assert rows[4] == ["Reflections or critical perspective", "Being honest about how hard this is"]
    assert page.get("lang") == "en-GB" and page.find(".//main") is not None
