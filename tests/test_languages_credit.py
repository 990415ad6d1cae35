"""The credit page in Welsh (issue 14, item 4): with `lang: cy` in metadata.yaml, every word copress
writes into credit/contributions.html (headings, intro, table headers, the chart's title and
description, the stamp, the labels of people not named) comes from copress/locales/cy.yaml, the
page carries `cy`, and it says that its wording is not yet checked by a fluent speaker until
copress.yaml `languages:` names who checked it. One Welsh build of the credit edition, then one
rebuild with a checker named."""

from __future__ import annotations

import base64
import re

import pytest
import yaml
from lxml import html

from conftest import REPO, commit_all, copy_sample, run_copress
from copress.messages import messages, table
from test_languages_article import _pattern, _words

EN, CY = messages("en-GB"), messages("cy")
# The kinds of contributor in the sample: the page has words only for those.
KINDS = {yaml.safe_load(p.read_text())["kind"] for p in (REPO / "contributors").glob("*.yaml")
         if not p.name.endswith(".private.yaml")}


def _on_the_page(id: str) -> bool:
    kind = re.fullmatch(r"credit\.kind(?:-plural)?\.(.+)", id)
    return id.startswith(("credit.", "credit-process.")) and (kind is None or kind.group(1) in KINDS)


# Every message id whose words copress writes into the sample's credit page: its own, and the
# article's it shares (the acknowledgements' heading, the label of the sample's person not named).
CREDIT_IDS = sorted(filter(_on_the_page, table("en"))) + ["article.acknowledgements", "contributor.public"]
TRANSLATED = [id for id in CREDIT_IDS if isinstance(EN._raw(id), str) and CY.text(id) != EN.text(id)]
NOTICE_CY = CY.text("common.language-not-checked", language=CY.language_name())
NOTICE_EN = EN.text("common.language-not-checked", language=CY.language_name("en"))
CHART_IDS = ("credit.chart-date", "credit.chart-stage")  # words of the chart only, not of the page


def _page(project) -> tuple[html.HtmlElement, str, str]:
    """The credit page, its words as a reader meets them, and the text of its embedded chart."""
    page = html.fromstring((project / "build/credit/contributions.html").read_bytes())
    chart = page.xpath("//img[starts-with(@src, 'data:image/svg+xml;base64,')]/@src")
    assert len(chart) == 1
    svg = base64.b64decode(chart[0].split(",", 1)[1]).decode("utf-8")
    for element in page.xpath("//style | //script"):
        element.drop_tree()
    labels = " ".join(page.xpath("//@aria-label | //@title | //@alt"))
    return page, _words(page.text_content() + " " + labels), _words(re.sub(r"<[^>]+>", " ", svg))


@pytest.fixture(scope="module")
def welsh(tmp_path_factory) -> dict:
    project = copy_sample(tmp_path_factory.mktemp("welsh-credit") / "project", commit=False)
    metadata = project / "manuscript" / "metadata.yaml"
    metadata.write_text(re.sub(r"(?m)^lang: .*$", "lang: cy", metadata.read_text()))
    commit_all(project, "sample in Welsh")
    result = run_copress("build", "credit", "-C", str(project))
    assert result.returncode == 0, result.stderr
    page, text, chart = _page(project)
    return {"project": project, "page": page, "text": text, "chart": chart}


@pytest.mark.fast
def test_cy_translates_some_credit_page_words():
    # what the tests below can prove: they fail if cy.yaml lost these (or their ids changed)
    assert {"credit.column-people", "credit.column-contributor", "credit.chart-date",
            "credit-process.column-count", "article.acknowledgements"} <= set(TRANSLATED)


def test_the_welsh_credit_page_carries_cy_and_the_notice_first(welsh):
    page = welsh["page"]
    assert page.get("lang") == "cy"
    notice = page.get_element_by_id("language-notice")
    assert _words(notice.text_content()) == f"{NOTICE_CY} {NOTICE_EN}"
    assert notice.getprevious().tag == "h1"  # before anything copress wrote: just after the title
    assert welsh["text"].index(NOTICE_CY) < welsh["text"].index(CY.text("credit.column-people"))


@pytest.mark.parametrize("id", TRANSLATED)
def test_no_english_words_of_copress_on_the_welsh_credit_page(welsh, id):
    english, own = _pattern(EN.text(id)), _pattern(CY.text(id))
    where = welsh["chart"] if id in CHART_IDS else welsh["text"]
    found = english.search(where)
    assert found is None, f"the credit page has copress's English '{found.group(0)}' ({id})"
    assert own.search(where), f"the credit page lacks the Welsh of {id}"


def test_the_notice_goes_when_a_fluent_speaker_is_named(welsh):
    project = welsh["project"]
    (project / "copress.yaml").write_text("languages:\n  cy:\n    checked-by: [amina-okafor]\n")
    result = run_copress("build", "credit", "-C", str(project))
    assert result.returncode == 0, result.stderr
    page, text, _ = _page(project)
    assert page.get("lang") == "cy"
    assert NOTICE_CY not in text and NOTICE_EN not in text and not page.xpath("//*[@id='language-notice']")
    assert CY.text("credit.column-people") in text  # still Welsh
