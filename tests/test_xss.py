"""No script from a manuscript runs on any page copress builds: the injection vectors of
tests/fixtures/xss/vectors.yaml pasted into every edition of a copy of the sample, built once,
and each page opened in Chromium, hovered, focused and clicked all over."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import lxml.html
import pytest
import yaml

from conftest import commit_all, copy_sample, run_copress

CORPUS = yaml.safe_load((Path(__file__).parent / "fixtures/xss/vectors.yaml").read_text(encoding="utf-8"))
VECTORS = CORPUS["body"]
TEXT = "\n\n".join(v["text"] for v in VECTORS) + "\n"
# Words each vector shows when it is cleaned rather than dropped ("click 37"): finding them on
# the page shows no earlier vector swallowed the later ones. 19 is inside an <svg>, which goes
# with all it holds.
SHOWN = sorted(set(re.findall(r"\b(?:click|point|look|press|focus|open|notes) \d+\b", TEXT)) - {"click 19"})

# Each page opened, and how many scripts copress itself puts on it.
PAGES = {
    "article.html": 0,
    "easy-read.html": 0,
    "resource-guide.html": 1,
    "course/06-honesty.html": 1,
    "course/index.html": 1,
}

# Before any page script: the canaries the vectors call, and a record of CSP violations.
CANARY = """
window.__hits = [];
window.__hit = function (n) { window.__hits.push(String(n)); };
["alert", "confirm", "prompt", "print"].forEach(function (name) {
  window[name] = function (n) { window.__hit(name + ":" + n); };
});
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + e.blockedURI);
});
"""

# Hover, focus and click everything that does not leave the page; open every <details>.
PROVOKE = """() => {
  var events = ["pointerover", "pointerenter", "mouseover", "mouseenter", "mousemove", "mousedown",
                "mouseup", "focusin", "animationstart", "transitionend", "input", "change"];
  var here = location.href.split("#")[0];
  Array.prototype.forEach.call(document.querySelectorAll("body *"), function (el) {
    events.forEach(function (type) { el.dispatchEvent(new Event(type, {bubbles: true})); });
    if (typeof el.focus === "function") { el.focus(); }
    if (el.tagName === "DETAILS") { el.open = !el.open; }
    var leaves = el.closest("a[href]") && el.closest("a[href]").href.split("#")[0] !== here
      && el.closest("a[href]").protocol !== "javascript:";
    if (!leaves && el.tagName !== "TEXTAREA" && !el.closest("form")) {
      if (typeof el.click === "function") { el.click(); }  // SVG and MathML elements have none
      else { el.dispatchEvent(new MouseEvent("click", {bubbles: true})); }
    }
  });
}"""


def hostile_project(root: Path) -> Path:
    """A copy of the sample with every vector in a chapter, the easy-read text (a block each),
    the guide's introduction and the last course module, and metadata fields carrying more."""
    project = copy_sample(root, commit=False)
    manuscript = project / "manuscript"
    (manuscript / "99-vectors.md").write_text("# Vectors\n\n" + TEXT, encoding="utf-8")
    meta = yaml.safe_load((manuscript / "metadata.yaml").read_text(encoding="utf-8"))
    meta.update(CORPUS["metadata"])
    (manuscript / "metadata.yaml").write_text(yaml.safe_dump(meta, allow_unicode=True, sort_keys=False))
    blocks = "\n\n".join(f'::: {{.block picture="report"}}\nWe test this page.\n\n{group}\n:::'
                         for group in easy_read_groups())
    for path, text in ((manuscript / "easy-read.md", blocks), (manuscript / "guide/guide.md", TEXT),
                       (manuscript / "course/honesty.md", TEXT)):
        path.write_text(path.read_text(encoding="utf-8") + "\n\n" + text + "\n", encoding="utf-8")

    commit_all(project, "hostile sample")
    return project


def easy_read_groups() -> list[str]:
    """The vectors in few easy-read blocks (WeasyPrint takes minutes over a hundred blocks): up
    to three on a line, two lines a block. A vector that spans lines, carries {attributes} or
    opens a comment (which would take the rest of its line as text) has a line of its own."""
    lines, run = [], []
    for text in (v["text"] for v in VECTORS if v.get("easy-read", True)):
        if "\n" in text or "{" in text or "<!--" in text:
            lines.append(text)
            continue
        run.append(text)
        if len(run) == 3:
            lines.append(" ".join(run))
            run = []
    lines += [" ".join(run)] if run else []
    return ["\n\n".join(lines[i:i + 2]) for i in range(0, len(lines), 2)]


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory) -> Path:
    project = hostile_project(tmp_path_factory.mktemp("xss") / "project")
    result = run_copress("build", "html", "easy-read", "guide", "course", "-C", str(project))
    assert result.returncode == 0, result.stderr
    return project / "build"


def test_the_corpus_is_big_enough_and_each_vector_has_its_own_marker():
    ids = [v["id"] for v in VECTORS]
    assert len(ids) >= 40 and len(set(ids)) == len(ids)
    for vector in VECTORS:
        text = vector["text"]
        decoded = [base64.b64decode(b).decode() for b in re.findall(r"base64,([A-Za-z0-9+/=]+)", text)]
        if "rel=" not in vector["class"]:
            assert any(f"({vector['id']})" in t for t in [text, *decoded]), vector


def open_page(browser, path: Path):
    context = browser.new_context()
    context.route(re.compile(r"^(https?|wss?|ftp)://"), lambda route: route.abort())  # never the network
    context.add_init_script(CANARY)
    page = context.new_page()
    dialogs, errors = [], []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return context, page, dialogs, errors


@pytest.mark.parametrize("name", PAGES)
def test_no_vector_runs_on_the_page(hostile_build, browser, name):
    path = hostile_build / name
    html = path.read_text(encoding="utf-8")
    for text in CORPUS["never"]:
        assert text not in html
    context, page, dialogs, errors = open_page(browser, path)
    try:
        page.evaluate(PROVOKE)
        page.mouse.move(5, 5)
        page.keyboard.press("Tab")
        page.wait_for_timeout(700)
        page.goto(path.as_uri())  # a vector may also run on loading again, after all that
        page.wait_for_timeout(300)
        assert page.evaluate("window.__hits") == [] and dialogs == []
        assert page.evaluate("window.__csp") == []  # not even one blocked: the sanitiser took it
        assert errors == []
        assert page.evaluate("document.scripts.length") == PAGES[name]  # copress's own only
        assert page.evaluate("""() => Array.prototype.some.call(document.querySelectorAll('*'),
            e => Array.prototype.some.call(e.attributes, a => /^on/i.test(a.name)))""") is False
    finally:
        context.close()


def test_every_vector_reached_the_article_and_easy_read_pages(hostile_build):
    for name in ("article.html", "easy-read.html"):
        text = " ".join(lxml.html.parse(str(hostile_build / name)).getroot().text_content().split())
        wanted = SHOWN if name == "article.html" else [w for w in SHOWN if "42" not in w]
        assert [w for w in wanted if w not in text] == [], name


def test_metadata_vectors_are_plain_words(hostile_build):
    doc = lxml.html.parse(str(hostile_build / "article.html")).getroot()
    title = doc.xpath("//h1")[0]
    assert len(title) == 0 and " ".join(title.text_content().split()) == "Sharing power when we write together"
    assert "<img" not in doc.xpath("//title")[0].text_content()
    keywords = doc.xpath('//meta[@name="keywords"]')[0]  # printed in an attribute: no breakout
    assert sorted(keywords.attrib) == ["content", "name"] and "alert" not in keywords.get("content")
    assert sorted(doc.attrib) == ["lang"]


def test_the_guide_filter_still_works(hostile_build, browser):
    context, page, dialogs, errors = open_page(browser, hostile_build / "resource-guide.html")
    try:
        assert page.is_visible("#filters")  # the script ran and showed the form
        entries = page.locator("article.entry")
        total = entries.count()
        page.fill("#f-search", "GRIPP2")
        page.wait_for_function("() => document.querySelector('#filter-status').textContent.startsWith('Showing ')")
        shown = page.evaluate("document.querySelectorAll('article.entry:not([hidden])').length")
        assert 0 < shown < total
        assert page.evaluate("window.__csp") == [] and errors == []
    finally:
        context.close()


def test_the_course_progress_still_works(hostile_build, browser):
    context, page, dialogs, errors = open_page(browser, hostile_build / "course/02-power.html")
    try:
        page.check("#module-done")  # hidden until the script runs
        page.wait_for_timeout(100)
        assert page.text_content('[data-status="power"]') == "(done)"
        assert "1 of 6" in page.text_content(".progress-summary")
        assert page.evaluate("window.__csp") == [] and errors == []
    finally:
        context.close()
