"""Quotations of contributors (filters/quotes.py): only with their consent to be quoted, with
who said it as they agreed to be named, and never their contributor id in an output."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from lxml import etree, html

from conftest import copy_sample, run_copress
from test_consent import _add_entry

CHAPTER = "manuscript/03-who-and-when.md"
BLOCK = "\n::: {.quote by=contributor-hl}\nBeing asked early made the difference for me.\n:::\n"
INLINE = "\nAs one carer put it, [we were there from the start]{.quote by=contributor-hl}.\n"
AGREED = ("  - date: 2025-10-01\n    agreed: {naming: initials, quotes: yes}\n    recorded: verbally\n"
          "    recorded-by: amina-okafor\n")


def _quote(project: Path, text: str) -> int:
    """Add `text` to the chapter; the line its quotation's attributes are on."""
    chapter = project / CHAPTER
    before = chapter.read_text()
    chapter.write_text(before + text)
    return before.count("\n") + text[:text.index("{.quote")].count("\n") + 1


@pytest.fixture(scope="module")
def quoted(tmp_path_factory) -> Path:
    project = copy_sample(tmp_path_factory.mktemp("quotes") / "project", commit=False)
    _add_entry(project / "contributors/contributor-hl.yaml", AGREED)
    _quote(project, BLOCK + INLINE)
    result = run_copress("build", "html", "jats", "docx", "-C", str(project))
    assert result.returncode == 0, result.stderr
    return project / "build"


def test_a_block_quotation_ends_with_who_said_it_as_they_agreed_to_be_named(quoted):
    page = html.parse(str(quoted / "article.html")).getroot()
    quote = next(q for q in page.iter("blockquote") if "Being asked early" in q.text_content())
    said = " ".join(quote.text_content().split())
    assert said.endswith("— H. L.") or said.endswith("— H.\u00a0L."), said
    jats = etree.parse(str(quoted / "article.xml"))
    assert any("Being asked early" in "".join(q.itertext()) for q in jats.iter("disp-quote"))


def test_an_inline_quotation_is_in_quotation_marks(quoted):
    text = " ".join(html.parse(str(quoted / "article.html")).getroot().text_content().split())
    assert "As one carer put it, “we were there from the start”." in text


def test_the_quoted_persons_id_reaches_no_output(quoted):
    page = (quoted / "article.html").read_text()
    assert "contributor-hl" not in page and 'class="quote"' not in page
    assert "contributor-hl" not in (quoted / "article.xml").read_text()
    body = "\n".join(p.text for p in docx.Document(str(quoted / "article.docx")).paragraphs)
    assert "Being asked early" in body and "contributor-hl" not in body


@pytest.mark.fast
@pytest.mark.parametrize("text,consent,message,hint", [
    (BLOCK, False, "contributor-hl has not agreed to be quoted", "agreed: {quotes: yes}"),
    (INLINE, False, "contributor-hl has not agreed to be quoted", "agreed: {quotes: yes}"),
    (BLOCK.replace("contributor-hl", "nobody-here"), True, "the quotation is by 'nobody-here', who is not "
     "in contributors/", "contributor id"),
    (BLOCK.replace(" by=contributor-hl", ""), True, "a quotation does not say whose words it is", "by="),
])
def test_a_quotation_without_consent_stops_the_build_at_its_line(tmp_path, text, consent, message, hint):
    project = copy_sample(tmp_path / "project", commit=False)
    if consent:
        _add_entry(project / "contributors/contributor-hl.yaml", AGREED)
    line = _quote(project, text)
    result = run_copress("build", "html", "-C", str(project))
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    said = " ".join(result.stderr.split())
    assert message in said and hint in said, said
    assert f"{CHAPTER}:{line}:" in said, said  # without by=: found as the sources' only quotation
    assert not (project / "build/article.html").exists()


@pytest.mark.fast
def test_a_later_entry_saying_no_withdraws_consent_to_quotes(tmp_path):
    from copress.project import Project

    project = copy_sample(tmp_path / "project", commit=False)
    hl = project / "contributors/contributor-hl.yaml"
    _add_entry(hl, AGREED)
    assert Project.load(project).contributors["contributor-hl"].consent_state.quotes
    _add_entry(hl, AGREED.replace("2025-10-01", "2025-11-01").replace("quotes: yes", "quotes: no"))
    assert not Project.load(project).contributors["contributor-hl"].consent_state.quotes
    # an entry that does not mention quotes leaves the answer as it was
    _add_entry(hl, AGREED.replace("2025-10-01", "2025-12-01").replace("quotes: yes", "credit: yes"))
    assert not Project.load(project).contributors["contributor-hl"].consent_state.quotes
