"""copress.htmlsafe and filters/safe_html.py: the allow-list holds for any input (a property test
with a parse-based oracle), for each injection vector on its own, and pandoc's own output of the
sample survives it unchanged; pages get their policy."""

from __future__ import annotations

import copy
import io
import json
import re
import subprocess

import lxml.html
import panflute as pf
import pypandoc
import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import REPO, copy_sample
from copress import htmlsafe
from copress.assets import load_filter
from copress.document import run_filters, to_json
from copress.errors import CopressError
from copress.render.meta import plain_metadata
from copress.htmlsafe import (ALLOWED_TAGS, ATTRIBUTE_PREFIXES, GLOBAL_ATTRIBUTES, STYLE_PROPERTIES,

                              TAG_ATTRIBUTES, finish_page, sanitise, sanitise_body)

pytestmark = pytest.mark.fast  # no browser, no full build: part of `make test-fast`

VECTORS = yaml.safe_load((REPO / "tests/fixtures/xss/vectors.yaml").read_text(encoding="utf-8"))["body"]
PICTURE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp", "image/svg+xml", "image/avif"}


# ------------------------------------------------------------------------------ the oracle
# Written apart from the sanitiser: lxml parses what it returned, and every element, attribute,
# URL and style property is held against the documented allow-list.

def _scheme(url: str) -> str | None:
    compact = re.sub(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\s]", "", url)
    match = re.match(r"([A-Za-z][A-Za-z0-9+.\-]*):", compact)
    return match.group(1).lower() if match else None


def violations(fragment: str) -> list[str]:
    if not fragment.strip():
        return []
    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    found = []
    for el in root.iter():
        if el is root:
            continue
        if not isinstance(el.tag, str):  # comments and processing instructions
            found.append(f"a {el.tag.__name__ if callable(el.tag) else el.tag} survived")
            continue
        if el.tag not in ALLOWED_TAGS:
            found.append(f"<{el.tag}>")
        allowed = GLOBAL_ATTRIBUTES | TAG_ATTRIBUTES.get(el.tag, set())
        for name, value in el.attrib.items():
            if name.lower().startswith("on"):
                found.append(f"<{el.tag} {name}>")
            if name not in allowed and not name.startswith(tuple(ATTRIBUTE_PREFIXES)):
                found.append(f"<{el.tag} {name}>")
            if name == "src":
                media = re.match(r"\s*data:([^;,]+)[;,]", value, re.IGNORECASE)
                if el.tag != "img" or not media or media.group(1).lower() not in PICTURE_TYPES:
                    found.append(f"<{el.tag} src={value[:40]!r}>")
            elif name == "href" and _scheme(value) not in (None, "http", "https", "mailto"):
                found.append(f"<{el.tag} href={value[:40]!r}>")
            elif name == "style":
                for declaration in filter(None, (d.strip() for d in value.split(";"))):
                    prop = declaration.split(":", 1)[0].strip().lower()
                    if prop not in STYLE_PROPERTIES:
                        found.append(f"<{el.tag} style={declaration!r}>")
    return found


# ---------------------------------------------------------------------- the property test

def _case(text: str) -> st.SearchStrategy[str]:
    return st.sampled_from([text, text.upper(), text.title(), text[:1].upper() + text[1:]])


TAG_NAMES = sorted(ALLOWED_TAGS) + ["script", "style", "iframe", "object", "embed", "base", "meta",
                                    "link", "form", "input", "button", "svg", "math", "template",
                                    "noscript", "textarea", "xmp", "plaintext", "foreignObject",
                                    "animate", "set", "use", "image", "mglyph", "mtext", "title",
                                    "select", "option", "body", "html", "frameset", "video", "source"]
ATTRIBUTE_NAMES = ["href", "src", "onerror", "onclick", "onload", "onmouseover", "ontoggle", "style",
                   "srcset", "formaction", "xlink:href", "rel", "target", "id", "class", "data-x",
                   "aria-label", "title", "action", "background", "poster", "cite", "lang", "srcdoc",
                   "width", "colspan", "scope", "role", "data", "http-equiv", "content", "name"]
URLS = ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "java\tscript:alert(1)", "jav&#x61;script:alert(1)",
        "&#106;avascript:alert(1)", "&#x6A&#x61vascript:alert(1)", "javascript&colon;alert(1)",
        " \x01javascript:alert(1)", "&#14;javascript:alert(1)", "vbscript:msgbox(1)",
        "data:text/html,<script>alert(1)</script>", "data:text/html;base64,PHNjcmlwdD4=",
        "data:image/png;base64,iVBORw0KGgo=", "data:image/svg+xml;base64,PHN2Zz4=", "DATA:IMAGE/GIF;base64,R0lG",
        "data:application/pdf;base64,JVBE", "http://example.org/a", "https://example.org/b?x=1&amp;y=2",
        "mailto:a@example.org", "#fig-x", "figures/x.png", "../contributors/x.yaml", "//example.org/x",
        "file:///etc/passwd", "ftp://example.org/", "x:alert(1)"]
STYLES = ["width: 33%", "text-align: right;", "position:fixed;top:0", "background:url(javascript:alert(1))",
          "width: expression(alert(1))", "font-variant: small-caps", "z-index:9;width:1px"]
TEXT = st.lists(st.sampled_from(list("ab <>&;\"'=/-!#x\t\né") + ["&amp;", "&lt;", "&#x3C;", "&colon;"]),
                max_size=12).map("".join)


@st.composite
def attribute(draw) -> str:
    name = draw(st.sampled_from(ATTRIBUTE_NAMES).flatmap(_case))
    value = draw(st.one_of(st.sampled_from(URLS), st.sampled_from(STYLES), TEXT))
    quote = draw(st.sampled_from(['"', "'", ""]))
    if not quote:
        value = re.sub(r"[\s>]", "", value) or "x"
    elif quote in value:
        value = value.replace(quote, "")
    separator = draw(st.sampled_from([" ", "/", "\t", "\n", "  "]))
    return f"{separator}{name}={quote}{value}{quote}"


def element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    @st.composite
    def build(draw) -> str:
        tag = draw(st.sampled_from(TAG_NAMES).flatmap(_case))
        attributes = "".join(draw(st.lists(attribute(), max_size=3)))
        inner = "".join(draw(st.lists(children, max_size=3)))
        close = draw(st.sampled_from([f"</{tag}>", "", f"</{tag.lower()} >"]))
        return f"<{tag}{attributes}>{inner}{close}"
    return build()


MARKUP = st.recursive(
    st.one_of(TEXT, st.sampled_from(["<!-- c -->", "<!--", "-->", "<![CDATA[x]]>", "</p>", "<", "&",
                                     "<scr<script>ipt>", "</scr</script>ipt>", "<br/>", "<hr>"])),
    element, max_leaves=12)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(MARKUP, min_size=1, max_size=4).map("".join))
@example("<h1><a><h1></a>")  # Ammonia's first pass gives nested <h1>s, which parse apart again
def test_nothing_outside_the_allow_list_survives_and_cleaning_again_changes_nothing(markup):
    cleaned = sanitise(markup)
    assert violations(cleaned) == [], (markup, cleaned)
    assert sanitise(cleaned) == cleaned


def test_the_oracle_sees_what_it_must_refuse():
    assert violations('<a href="jav&#x61;script:x">a</a>') and violations("<img src=x>")
    assert violations('<p style="position:fixed">x</p>') and violations("<svg></svg>")
    assert violations("<p onclick=x>") and violations('<img src="data:text/html,x">')
    assert violations('<p>a<!-- c --></p>')
    assert not violations('<a href="#x" data-cites="a" aria-label="b">x</a><img src="data:image/png;base64,AA">')


# --------------------------------------------------------------- each vector on its own

def _filtered(markdown: str) -> pf.Doc:
    """Markdown read by pandoc, then the safe_html filter, as the article's build runs it."""
    out = subprocess.run([pypandoc.get_pandoc_path(), "-f", "markdown", "-t", "json"],
                         input=markdown.encode(), capture_output=True, check=True).stdout
    return run_filters(pf.load(io.StringIO(out.decode())), [load_filter("safe_html")])


def _pandoc_html(markdown: str) -> str:
    """The vector as pandoc writes it for the article: Markdown, the safe_html filter, html5."""
    doc = _filtered(markdown)
    written = subprocess.run([pypandoc.get_pandoc_path(), "-f", "json", "-t", "html5", "--wrap=none"],
                             input=to_json(doc), capture_output=True, check=True).stdout
    return written.decode()


@pytest.mark.parametrize("vector", VECTORS, ids=lambda v: f"{v['id']}")
def test_each_vector_alone_leaves_only_allowed_html(vector):
    cleaned = sanitise(_pandoc_html(vector["text"] + "\n\nAFTER\n"))
    assert violations(cleaned) == []
    if vector["id"] != 20:  # its <math> stays open after pandoc; see vectors.yaml
        assert "AFTER" in cleaned


# ------------------------------------------------------------------------- URLs, metadata

@pytest.mark.parametrize("url", ["javascript:x", "JAVASCRIPT:x", "java\tscript:x", " \x0ejavascript:x",
                                 "jav&#x61;script:x", "jav&amp;#x61;script:x", "%6Aavascript:x",
                                 "javascript&colon;x", "vbscript:x", "data:text/html,x", "java\u200bscript:x"])
def test_links_in_the_ast_keep_no_script_scheme(url):
    assert not htmlsafe.safe_url(url, decode=True)
    assert not htmlsafe.safe_url(url, image=True, decode=True)


def test_links_in_the_ast_keep_web_mail_relative_and_fragment_urls():
    for url in ["https://doi.org/10.1/x", "http://x.org", "mailto:a@example.org", "#fig-x", "figures/x.png"]:
        assert htmlsafe.safe_url(url, decode=True)
    assert htmlsafe.safe_url("data:image/png;base64,AA", image=True)
    assert not htmlsafe.safe_url("data:image/png;base64,AA")


def test_metadata_is_plain_words_and_cannot_leave_an_attribute():
    meta = {"title": {"t": "MetaInlines", "c": [
        {"t": "Str", "c": 'a"b'}, {"t": "RawInline", "c": ["html", "<img src=x onerror=alert(1)>w"]},
        {"t": "Link", "c": [["", [], [["onclick", "x"]]], [{"t": "Str", "c": "link"}], ["javascript:x", ""]]},
        {"t": "Code", "c": [["", [], []], 'c"']}, {"t": "RawInline", "c": ["openxml", "<w:r/>"]}]},
        "lang": {"t": "MetaString", "c": 'en" onmouseover="x'},
        "header-includes": {"t": "MetaBlocks", "c": [{"t": "RawBlock", "c": ["html", "<script>x</script>"]}]}}
    plain = plain_metadata(meta)
    assert "header-includes" not in plain
    assert json.dumps(plain).count("javascript") == 0 and "w:r" not in json.dumps(plain)
    kinds = {node["t"] for node in plain["title"]["c"]}
    assert kinds == {"Str", "RawInline"}
    assert [n["c"][1] for n in plain["title"]["c"] + plain["lang"]["c"] if n["t"] == "RawInline"] == ["&quot;"] * 4
    assert "".join(n["c"] for n in plain["title"]["c"] if n["t"] == "Str") == "abwlinkc"


def test_the_filter_makes_metadata_words_and_drops_raw_output_for_other_formats():
    text = ('---\ntitle: "T <img src=x onerror=alert(1)> <b>bold</b>"\n---\n\n'
            '<b>kept for the page</b> `<w:fldSimple w:instr="INCLUDETEXT x"/>`{=openxml} '
            '[a](jav&#x61;script:x){rel="attachment" onclick="x"}\n')
    doc = _filtered(text)
    assert pf.stringify(doc.metadata["title"]) == "T  bold"
    raws = [e for e in _walk(doc) if isinstance(e, pf.RawInline)]
    assert [r.format for r in raws] == ["html", "html"]  # <b>, </b>: for the page's sanitiser
    link = next(e for e in _walk(doc) if isinstance(e, pf.Link))
    assert link.url == "#" and dict(link.attributes) == {}


def _walk(doc):
    found = []
    doc.walk(lambda e, d: found.append(e) if isinstance(e, pf.Element) else None)
    return found


# -------------------------------------------------------------------- the page and its policy

def test_sanitise_body_cleans_from_the_first_start_to_the_last_end_marker():
    page = (f"<head></head><body><h1>T</h1>{htmlsafe.BODY_START}<p>a</p>{htmlsafe.BODY_END}"
            f"<img src=x onerror=alert(1)>{htmlsafe.BODY_START}<script>x</script>{htmlsafe.BODY_END}"
            "<footer>f</footer></body>")
    out = sanitise_body(page)
    assert out == "<head></head><body><h1>T</h1><p>a</p><img><footer>f</footer></body>"


def test_finish_page_puts_the_policy_first_after_the_charset_and_hashes_only_the_given_scripts():
    page = '<!DOCTYPE html><html><head><meta charset="utf-8"><title>t</title></head><body><script>go()</script></body></html>'
    out = finish_page(page, ["go()"])
    head = lxml.html.document_fromstring(out).find("head")
    assert [el.tag for el in head][:2] == ["meta", "meta"] and head[1].get("http-equiv") == "Content-Security-Policy"
    policy = head[1].get("content")
    assert "script-src 'sha256-" in policy and "default-src 'none'" in policy and "base-uri 'none'" in policy
    assert out == finish_page(page, ["go()"])  # the same bytes every time
    assert "script-src 'none'" in finish_page(page)
    with pytest.raises(ValueError):
        finish_page(page, ["other()"])
    with pytest.raises(CopressError, match="no <head>"):
        finish_page("<p>a page without a head</p>")


# ------------------------------------------------ pandoc's own output survives (the sample)

def _reading(fragment_root) -> list:
    """What a reader gets from a body: each element, its attributes (styles without spaces),
    and its words, in order."""
    out = []
    for el in fragment_root.iter():
        if not isinstance(el.tag, str):
            continue
        attrs = {k: re.sub(r"\s|;$", "", v) if k == "style" else v for k, v in el.attrib.items()}
        out.append((el.tag, sorted(attrs.items()), " ".join((el.text or "").split()),
                    " ".join((el.tail or "").split())))
    return out


def _body(page: str):
    return lxml.html.document_fromstring(page).find("body")


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    from copress.project import Project

    return Project.load(copy_sample(tmp_path_factory.mktemp("htmlsafe") / "project"))


def test_the_sample_article_reads_the_same_after_sanitising(sample):
    from copress.article.models import build_article
    from copress.provenance import read_provenance
    from copress.render.html import pandoc_page, render_html

    ordered = build_article(sample, read_provenance(sample.root)).reading_order()
    before = pandoc_page(copy.deepcopy(ordered), sample, "stamp")
    after = render_html(copy.deepcopy(ordered), sample, "stamp")
    assert htmlsafe.BODY_START in before and htmlsafe.BODY_START not in after
    reading_before, reading_after = _reading(_body(before)), _reading(_body(after))
    assert len(reading_before) > 300 and reading_after == reading_before


def test_the_sample_easy_read_reads_the_same_after_sanitising(sample):
    from copress.easyread.document import build_ast
    from copress.easyread.models import read_easy_read
    from copress.easyread.page import render_html
    from copress.render.html import pandoc_page

    ast = build_ast(read_easy_read(sample))
    before = pandoc_page(copy.deepcopy(ast), sample, "stamp", "easy-read.html")
    after = render_html(copy.deepcopy(ast), sample, "stamp")
    reading_before, reading_after = _reading(_body(before)), _reading(_body(after))
    assert len(reading_before) > 150 and reading_after == reading_before
