"""The sample resource guide, built by `copress build all`: the tagged PDF (links, destinations,
form fields, references) and the filterable web page (in Chromium, with and without JavaScript)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import lxml.html
import pikepdf
import pytest
import yaml
from pdfminer.high_level import extract_text
from pdfminer.layout import LAParams

from conftest import REPO
from copress.checks.html_axe import check_html
from copress.checks.html_vnu import check_html_valid
from copress.checks.pdf_ua import check_pdf

GUIDE = REPO / "manuscript/guide"


@pytest.fixture(scope="module")
def resources() -> list[dict]:
    return yaml.safe_load((GUIDE / "resources.yaml").read_text())["resources"]


@pytest.fixture(scope="module")
def questions() -> list[dict]:
    return yaml.safe_load((GUIDE / "questions.yaml").read_text())["questions"]


@pytest.fixture(scope="module")
def pdf_path(sample_build) -> Path:
    return sample_build / "resource-guide.pdf"


@pytest.fixture(scope="module")
def html_path(sample_build) -> Path:
    return sample_build / "resource-guide.html"


def _name_tree(node, out: dict) -> dict:
    names = node.get("/Names")
    if names is not None:
        for i in range(0, len(names), 2):
            out[str(names[i])] = names[i + 1]
    for kid in node.get("/Kids", []):
        _name_tree(kid, out)
    return out


def _parent_tree(node, out: dict) -> dict:
    nums = node.get("/Nums")
    if nums is not None:
        for i in range(0, len(nums), 2):
            out[int(nums[i])] = nums[i + 1]
    for kid in node.get("/Kids", []):
        _parent_tree(kid, out)
    return out


def _entry_links(pdf: pikepdf.Pdf) -> Counter:
    """Internal links per target, counted as Link structure elements (a link that wraps onto a
    second line is two annotations but one link)."""
    parents = _parent_tree(pdf.Root.StructTreeRoot.ParentTree, {})
    seen: dict[str, set] = {}
    for page in pdf.pages:
        for annot in page.get("/Annots", []):
            if annot.get("/Subtype") == "/Link" and "/Dest" in annot:
                owner = parents[int(annot.StructParent)]
                seen.setdefault(str(annot.Dest), set()).add(owner.objgen)
    return Counter({target: len(owners) for target, owners in seen.items()})


def test_pdf_passes_the_pdf_ua_checks(pdf_path):
    findings = check_pdf(pdf_path)
    assert [f"{f.rule}: {f.message}" for f in findings if f.severity in ("error", "warning")] == []


def test_every_entry_is_a_named_destination_reached_from_map_stages_topics_and_index(pdf_path, resources):
    stages = {"identifying-priorities", "design", "funding-application", "managing-the-study",
              "data-collection", "analysis-and-interpretation", "writing", "dissemination",
              "implementation", "evaluation"}
    with pikepdf.open(pdf_path) as pdf:
        dests = _name_tree(pdf.Root.Names.Dests, {})
        links = _entry_links(pdf)
        uri_links = [str(a.A.URI) for p in pdf.pages for a in p.get("/Annots", [])
                     if a.get("/Subtype") == "/Link" and "/A" in a and "/URI" in a.A]
    for r in resources:
        anchor = f"resource-{r['id']}"
        assert anchor in dests, anchor
        assert set(r["stages"]) <= stages
        expected = (len(r["stages"]) * len(r["audiences"])  # the map: one name per stage × audience
                    + len(r["stages"]) - 1                   # "also useful at this stage"
                    + len(r["topics"])                       # resources by topic
                    + ("remote-co-production" in r["topics"])  # the remote section
                    + len(r["audiences"]))                   # the index by audience
        assert links[anchor] == expected, (anchor, links[anchor], expected)
    entry_targets = {t for t in links if t.startswith("resource-")}
    assert entry_targets == {f"resource-{r['id']}" for r in resources}
    assert all(t in dests for t in links)  # no link into nowhere
    # and one live link to each resource itself
    assert Counter(uri_links) >= Counter(r["url"] for r in resources)


def test_map_links_are_named_by_the_resource(pdf_path, resources):
    with pikepdf.open(pdf_path) as pdf:
        contents = [str(a.Contents) for p in pdf.pages for a in p.get("/Annots", [])
                    if a.get("/Subtype") == "/Link"]
    assert all(c.strip() for c in contents)
    assert not any("....." in c for c in contents)  # contents leaders sit outside the links
    # the map's links read as the resource's (shortened) title, not a number or an address
    titles = [r["title"] for r in resources]
    named = [c for c in contents if any(t.startswith(c.removesuffix("…")) for t in titles)]
    map_links = sum(len(r["stages"]) * len(r["audiences"]) for r in resources)
    assert len(named) >= map_links


def test_worksheet_answer_boxes_are_form_fields_named_by_their_question(pdf_path, questions):
    with pikepdf.open(pdf_path) as pdf:
        fields = pdf.Root.AcroForm.Fields
        parents = _parent_tree(pdf.Root.StructTreeRoot.ParentTree, {})
        by_name = {str(f.T): f for f in fields}
        assert len(fields) == len(questions)
        for q in questions:
            field = by_name[f"q-{q['id']}"]
            assert field.FT == "/Tx"
            assert re.fullmatch(r"Question \d+: " + re.escape(q["text"]), str(field.TU))
            assert parents[int(field.StructParent)].S == "/Form"  # tagged, in reading order


def test_pdf_is_tagged_with_the_guide_title_and_language(pdf_path):
    title = (GUIDE / "guide.md").read_text().splitlines()[0].removeprefix("# ")
    with pikepdf.open(pdf_path) as pdf:
        assert pdf.Root.MarkInfo.Marked is True and str(pdf.Root.Lang) == "en-GB"
        meta = pdf.open_metadata()
        assert meta["dc:title"] == title and meta["pdfuaid:part"] == "1"


def test_bookmarks_for_every_section_stage_and_entry(pdf_path, resources):
    with pikepdf.open(pdf_path) as pdf, pdf.open_outline() as outline:
        top = [item.title for item in outline.root]
        by_stage = next(item for item in outline.root if item.title == "Resources by stage")
        entries = [entry.title for stage in by_stage.children for entry in stage.children]
    for section in ("Contents", "About this guide", "How to use this guide", "The map",
                    "Resources by stage", "Co-producing remotely", "Resources by topic",
                    "Reflective questions", "Index by audience"):
        assert section in top
    assert len(entries) == len(resources)


def test_every_reference_and_question_is_in_the_pdf_text(pdf_path, html_path, resources, questions):
    text = extract_text(pdf_path, laparams=LAParams(boxes_flow=None))
    flat = re.sub(r"\s+", "", text)
    page = lxml.html.parse(str(html_path)).getroot()
    references = {a.get("id"): a.find_class("reference")[0].text_content().removeprefix("Reference: ")
                  for a in page.find_class("entry")}
    assert len(references) == len(resources)
    for anchor, reference in references.items():
        # Long web addresses wrap anywhere: compare without white space.
        assert re.sub(r"\s+", "", reference) in flat, anchor
    for q in questions:
        assert re.sub(r"\s+", "", q["text"]) in flat, q["id"]
    # the reference is formatted in the project's CSL style (biomed-central.csl: numbered like
    # the entries, which go by earliest stage); the first entry is reference 1
    stages = ["identifying-priorities", "design", "funding-application", "managing-the-study",
              "data-collection", "analysis-and-interpretation", "writing", "dissemination",
              "implementation", "evaluation"]
    first = sorted(resources, key=lambda r: min(stages.index(s) for s in r["stages"]))[0]
    author = first.get("publisher") or first["authors"][0].split(",")[0]
    # (the style may change quotation marks in the title: compare its opening words)
    assert f"1. {author}. {' '.join(first['title'].split()[:3])}" in " ".join(text.split())


# ---------------------------------------------------------------------------------- the web page

def _visible_entries(page) -> set[str]:
    return set(page.eval_on_selector_all(
        "article.entry", "els => els.filter(e => !e.hidden && e.offsetParent !== null).map(e => e.id)"))


def _open(browser, html_path, javascript=True):
    context = browser.new_context(java_script_enabled=javascript)
    requests = []
    context.on("request", lambda r: requests.append(r.url) if not r.url.startswith(("file:", "data:")) else None)
    page = context.new_page()
    page.goto(html_path.resolve().as_uri())
    return context, page, requests


def test_filters_public_contributors_and_remote_show_exactly_the_matching_entries(browser, html_path, resources):
    context, page, requests = _open(browser, html_path)
    try:
        assert len(_visible_entries(page)) == len(resources)
        page.get_by_role("checkbox", name=re.compile(r"^Public contributors")).check()
        page.get_by_role("checkbox", name=re.compile(r"^Remote co-production")).check()
        expected = {f"resource-{r['id']}" for r in resources
                    if "public-contributors" in r["audiences"] and "remote-co-production" in r["topics"]}
        assert expected and _visible_entries(page) == expected
        status = page.locator("#filter-status")
        assert status.get_attribute("aria-live") == "polite" and status.get_attribute("role") == "status"
        assert status.inner_text() == f"Showing {len(expected)} of {len(resources)} resources."
        # links to hidden entries (in the map, lists and index) are hidden with them
        shown_links = set(page.eval_on_selector_all(
            "a[data-entry]", "els => els.filter(e => e.offsetParent !== null).map(e => e.dataset.entry)"))
        assert shown_links == {e.removeprefix("resource-") for e in expected}
        assert requests == []
    finally:
        context.close()


def test_choices_in_one_facet_widen_and_words_narrow(browser, html_path, resources):
    context, page, _ = _open(browser, html_path)
    try:
        page.get_by_role("checkbox", name=re.compile(r"^Writing")).check()
        page.get_by_role("checkbox", name=re.compile(r"^Implementation")).check()
        either = {f"resource-{r['id']}" for r in resources
                  if {"writing", "implementation"} & set(r["stages"])}
        assert _visible_entries(page) == either
        words = {e for e in either if "gripp2" in page.locator(f"#{e}").inner_text().lower()}
        page.get_by_label("Search for words").fill("GRIPP2")
        # the search waits for typing to pause, then announces the new count
        page.wait_for_function(f"() => document.querySelector('#filter-status').textContent"
                               f".startsWith('Showing {len(words)} of')")  # a function: the CSP forbids eval
        assert words and _visible_entries(page) == words
        page.get_by_role("button", name="Clear all filters").click()
        page.wait_for_function("() => document.querySelector('#filter-status').textContent.startsWith('Showing all')")
        assert len(_visible_entries(page)) == len(resources)
        assert page.locator("#filter-status").inner_text() == f"Showing all {len(resources)} resources."
    finally:
        context.close()


def test_filters_work_from_the_keyboard(browser, html_path, resources):
    context, page, _ = _open(browser, html_path)
    try:
        page.focus("#f-cost-free")
        page.keyboard.press("Space")
        free = {f"resource-{r['id']}" for r in resources if r["cost"] == "free"}
        assert page.is_checked("#f-cost-free")
        assert _visible_entries(page) == free
    finally:
        context.close()


def test_without_javascript_everything_is_shown_and_no_dead_controls(browser, html_path, resources):
    context, page, _ = _open(browser, html_path, javascript=False)
    try:
        assert len(_visible_entries(page)) == len(resources)
        assert not page.is_visible("#filters")
        assert page.is_visible(".no-script-note")
    finally:
        context.close()


def test_web_page_has_no_axe_violations(html_path):
    assert [f"{f.rule}: {f.message}" for f in check_html([html_path])] == []


def test_web_page_is_valid_html(html_path):
    findings = check_html_valid([html_path])
    assert [f"{f.rule}: {f.message}" for f in findings if f.severity == "error"] == []


def test_web_page_is_one_file_with_the_same_entries_as_the_pdf(html_path, resources):
    text = html_path.read_text()
    assert not re.search(r"""(?:src|href)=["'](?!#|https?://|data:)""", text)  # nothing beside it
    assert "<script src" not in text and "@import" not in text
    page = lxml.html.fromstring(text)
    ids = [element.get("id") for element in page.iter() if element.get("id")]
    assert len(ids) == len(set(ids))  # every link target is unique
    assert {a.get("id") for a in page.find_class("entry")} == {f"resource-{r['id']}" for r in resources}
    assert page.get("lang") == "en-GB"
