"""The resource guide's sources: a small guide of our own, the project's CSL style, extending the
lists in copress.yaml, one file per resource, and bad input (file:line, entry, hint; exit 2)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import lxml.html
import pikepdf
import pytest

from conftest import copy_sample, run_copress

GUIDE_MD = """\
---
subtitle: A small test guide
---
# Working together on research

Text before the first section goes on the cover.

## About this guide

It is small.

## Contents

A section whose id copress uses itself keeps its place under another id.

## Working online {#remote}

Our own words on meeting online.
"""

RESOURCES = """\
resources:
  - id: coproduction-guidance
    title: "Guidance on co-producing a research project"
    publisher: "National Institute for Health and Care Research"
    year: 2021
    accessed: 2025-01-01
    url: "https://www.example.org/guidance?part=1"
    type: website
    audiences: [researchers, practitioners, public contributors]
    stages: [managing-the-study, design]
    topics: [power, relationships]
    cost: free
    format: web page
    description: "What co-producing research means."

  - id: reporting-checklist
    title: "A reporting checklist"
    authors: ["Doe, Jane", "Roe, Richard"]
    year: null
    url: "https://example.org/checklist"
    type: article
    audiences: [researchers]
    stages: [writing]
    topics: [evaluation-and-impact]
    cost: paid
    format: journal article
    description: "How to report involvement."

  - id: online-meetings
    title: "Hosting an accessible online meeting: a guide"
    publisher: "An Example Charity"
    year: 2020
    url: "https://example.org/meetings"
    type: guidance
    audiences: [public-contributors, practitioners]
    stages: [managing-the-study]
    topics: [remote-co-production, inclusion-and-diversity]
    cost: free
    format: PDF
    accessibility: "Has an Easy Read version."
    description: "Making online meetings work for everyone."
"""

QUESTIONS = """\
questions:
  - id: who-decides
    stage: design
    theme: power
    for: [everyone]
    text: "Who decides what the study asks?"

  - id: who-pays-for-data
    stage: all-stages
    theme: remote-co-production
    for: [researchers, public-contributors]
    text: "Who pays for the data a public contributor uses in online meetings?"
"""


def small_guide(project: Path, resources: str = RESOURCES, questions: str = QUESTIONS,
                guide_md: str = GUIDE_MD) -> Path:
    folder = project / "manuscript/guide"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    (folder / "guide.md").write_text(guide_md)
    (folder / "resources.yaml").write_text(resources)
    (folder / "questions.yaml").write_text(questions)
    return folder


@pytest.fixture
def small(tmp_path) -> Path:
    project = copy_sample(tmp_path / "project", commit=False)
    small_guide(project)
    return project


def _build(project: Path):
    return run_copress("build", "guide", "-C", str(project))


def _references(project: Path) -> dict[str, str]:
    page = lxml.html.parse(str(project / "build/resource-guide.html")).getroot()
    return {a.get("id"): " ".join(a.find_class("reference")[0].text_content().split())
            for a in page.find_class("entry")}


def test_small_guide_builds_both_outputs_with_references_in_the_project_style(small):
    result = _build(small)
    assert result.returncode == 0, result.stderr
    refs = _references(small)
    # biomed-central.csl (the default), formatted by pandoc's citeproc: day, month and year
    # keep their spaces (citeproc-py wrote "Accessed 1Jan2025").
    assert refs["resource-coproduction-guidance"] == (
        "Reference: 1. National Institute for Health and Care Research. Guidance on co-producing "
        "a research project. 2021. https://www.example.org/guidance?part=1. Accessed 1 Jan 2025.")
    assert refs["resource-reporting-checklist"].startswith("Reference: 3. Doe J, Roe R. A reporting checklist.")
    assert "n.d." not in refs["resource-reporting-checklist"]  # an unconfirmed year is left out
    # entries go by their earliest stage, whatever order the stages are written in
    assert list(refs) == ["resource-coproduction-guidance", "resource-online-meetings",
                          "resource-reporting-checklist"]
    page = lxml.html.parse(str(small / "build/resource-guide.html")).getroot()
    assert page.find(".//title").text == "Working together on research"
    assert "A small test guide" in page.find_class("cover")[0].text_content()
    assert "goes on the cover" in page.find_class("cover")[0].text_content()
    remote = page.get_element_by_id("remote")
    assert remote.find(".//h2").text_content() == "Working online"  # guide.md's {#remote} section
    assert "Our own words on meeting online." in remote.text_content()
    assert [a.get("href") for a in remote.iterfind(".//a[@data-entry]")] == ["#resource-online-meetings"]
    ids = [element.get("id") for element in page.iter() if element.get("id")]
    assert len(ids) == len(set(ids)) and "guide-contents" in ids
    with pikepdf.open(small / "build/resource-guide.pdf") as pdf:
        assert str(pdf.Root.Lang) == "en-GB"
        assert sorted(str(f.T) for f in pdf.Root.AcroForm.Fields) == ["q-who-decides", "q-who-pays-for-data"]


def test_references_follow_the_csl_named_in_metadata(small):
    meta = small / "manuscript/metadata.yaml"
    meta.write_text(re.sub(r"(?m)^csl:.*\n", "", meta.read_text()) + "csl: apa.csl\n")
    assert _build(small).returncode == 0
    refs = _references(small)
    assert refs["resource-coproduction-guidance"] == (
        "Reference: National Institute for Health and Care Research. (2021). Guidance on "
        "co-producing a research project. https://www.example.org/guidance?part=1")
    assert refs["resource-reporting-checklist"].startswith("Reference: Doe, J., & Roe, R. (n.d.).")


def test_a_project_extends_types_and_topics_in_copress_yaml(small):
    (small / "copress.yaml").write_text("guide:\n  types: [podcast]\n  topics: [peer support]\n")
    resources = RESOURCES.replace("type: guidance", "type: podcast").replace(
        "topics: [remote-co-production, inclusion-and-diversity]", "topics: [remote-co-production, Peer support]")
    small_guide(small, resources=resources)
    result = _build(small)
    assert result.returncode == 0, result.stderr
    page = lxml.html.parse(str(small / "build/resource-guide.html")).getroot()
    entry = page.get_element_by_id("resource-online-meetings")
    assert entry.get("data-topics") == "remote-co-production peer-support"
    assert entry.xpath("string(.//dt[.='Type']/following-sibling::dd[1])") == "Podcast"
    assert page.get_element_by_id("f-topic-peer-support") is not None
    assert page.get_element_by_id("topic-peer-support") is not None


def test_one_file_per_resource_in_a_resources_folder(small):
    folder = small / "manuscript/guide"
    (folder / "resources.yaml").unlink()
    (folder / "resources").mkdir()
    (folder / "resources/online-meetings.yaml").write_text(
        'title: "Hosting an online meeting"\npublisher: "An Example Charity"\nyear: 2020\n'
        'url: "https://example.org/meetings"\ntype: guidance\naudiences: [practitioners]\n'
        "stages: [design]\ntopics: [remote-co-production]\ncost: free\nformat: PDF\n"
        'description: "Meetings."\n')
    assert _build(small).returncode == 0
    assert list(_references(small)) == ["resource-online-meetings"]
    (folder / "resources/second.yaml").write_text(
        (folder / "resources/online-meetings.yaml").read_text().replace("stages: [design]", "stages: [tea]"))
    result = _build(small)
    assert result.returncode == 2
    assert re.search(r"manuscript/guide/resources/second\.yaml:7: resource 'second': unknown stage 'tea'",
                     " ".join(result.stderr.split()))


def test_a_project_without_a_guide_builds_everything_else(small):
    shutil.rmtree(small / "manuscript/guide")
    result = _build(small)
    assert result.returncode == 0, result.stderr
    assert not (small / "build/resource-guide.pdf").exists()


def _line(text: str, needle: str) -> int:
    return text[:text.index(needle)].count("\n") + 1


# name → (file, old text, new text, the line's marker in the new text, expected message, hint)
BAD = {
    "duplicate id": ("resources.yaml", "id: reporting-checklist", "id: coproduction-guidance",
                     "id: coproduction-guidance\n    title: \"A reporting",
                     "resource id 'coproduction-guidance' is used twice", "the first is on line 2"),
    "unknown audience": ("resources.yaml", "audiences: [researchers]\n", "audiences: [researchers, funders]\n",
                         "audiences: [researchers, funders]",
                         "resource 'reporting-checklist': unknown audience 'funders'",
                         "use one of: researchers, practitioners, public-contributors"),
    "unknown stage": ("resources.yaml", "stages: [writing]", "stages: [writting]", "stages: [writting]",
                      "resource 'reporting-checklist': unknown stage 'writting'", "use one of: identifying-priorities"),
    "unknown topic": ("resources.yaml", "topics: [evaluation-and-impact]", "topics: [evaluation-and-impact, money]",
                      "topics: [evaluation-and-impact, money]",
                      "resource 'reporting-checklist': unknown topic 'money'", "guide: {topics: [...]}"),
    "unknown type": ("resources.yaml", "type: article", "type: podcast", "type: podcast",
                     "resource 'reporting-checklist': unknown type 'podcast'", "guide: {types: [...]}"),
    "malformed URL": ("resources.yaml", 'url: "https://example.org/checklist"', 'url: "example.org/checklist"',
                      'url: "example.org/checklist"',
                      "resource 'reporting-checklist': 'example.org/checklist' is not a web address",
                      "starting with https://"),
    "missing field": ("resources.yaml", '    description: "How to report involvement."\n', "",
                      "  - id: reporting-checklist", "resource 'reporting-checklist' has no 'description'",
                      "add a 'description:' line"),
    "no publisher or authors": ("resources.yaml", '    authors: ["Doe, Jane", "Roe, Richard"]\n', "",
                                "  - id: reporting-checklist",
                                "resource 'reporting-checklist': has neither a publisher nor authors",
                                "publisher:"),
    "unknown key": ("resources.yaml", "    format: journal article\n", "    format: journal article\n    colour: red\n",
                    "colour: red", "resource 'reporting-checklist': unknown key 'colour'", "docs/guide.md"),
    "bad year": ("resources.yaml", "year: null", "year: twenty", "year: twenty",
                 "resource 'reporting-checklist': year:", None),
    "question theme": ("questions.yaml", "theme: power", "theme: powr", "theme: powr",
                       "question 'who-decides': unknown theme 'powr'", "use one of: power"),
    "question audience": ("questions.yaml", "for: [everyone]", "for: [everybody]", "for: [everybody]",
                          "question 'who-decides': unknown audience 'everybody'", "everyone"),
    "question missing text": ("questions.yaml", '    text: "Who decides what the study asks?"\n', "",
                              "  - id: who-decides", "question 'who-decides' has no 'text'", "add a 'text:' line"),
    "YAML syntax": ("questions.yaml", "for: [everyone]", "for: [everyone", "for: [everyone",
                    "YAML syntax error", None),
    "second title": ("guide.md", "## About this guide", "# About this guide", "# About this guide",
                     "only the guide's title is a level-1 heading", "start the guide's sections with '##'"),
}


@pytest.mark.fast
@pytest.mark.parametrize("name", list(BAD))
def test_bad_guide_input_names_file_line_and_entry(small, name):
    file, old, new, marker, message, hint = BAD[name]
    path = small / "manuscript/guide" / file
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    result = _build(small)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    said = " ".join(result.stderr.split())
    where = f"manuscript/guide/{file}:"
    assert where in said, said
    line = int(re.search(re.escape(where) + r"(\d+)", said).group(1))
    expected_line = _line(path.read_text(), marker)
    if name != "YAML syntax":  # the parser reports where it noticed, a line or so later
        assert line == expected_line, said
    assert message in said, said
    if hint:
        assert "→" in said and hint in said, said
    assert not (small / "build/resource-guide.pdf").exists()


@pytest.mark.fast
@pytest.mark.parametrize("name", ["guide.js", "guide.html"])
def test_a_project_template_that_is_not_text_is_a_clear_error(small, name):
    """A project's own template of the guide's page is read through the input gate."""
    (small / "templates").mkdir(exist_ok=True)
    (small / "templates" / name).write_bytes(b"\xff\xfe\x00not text")
    result = _build(small)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert f"templates/{name}:1: is not a text file" in result.stderr
    assert not (small / "build/resource-guide.html").exists()
