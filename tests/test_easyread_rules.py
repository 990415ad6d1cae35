"""The easy-read checker: each rule is found, with file and line, in a deliberately bad text;
nothing is found in the sample; a broken rule stops the build. And the first-draft command."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import REPO, run_copress
from copress.easyread.glossary import Glossary, load_glossary
from copress.easyread.pictures import PictureTable
from copress.easyread.rules import RULES, Context, check_pages, check_text
from copress.easyread.text import parse_text

pytestmark = pytest.mark.fast  # no browser, no full build: part of `make test-fast`

# Each bad line breaks one rule; the comment names it. Line numbers are checked below.
BAD = """\
# A bad text

::: {.block picture="meeting"}
We met on a very long day in the big building to talk about all the things we could do next.
:::

::: {.block picture="meeting"}
One. Two. Three. Four.
:::

::: {.block}
This block has no picture.
:::

::: {.block picture="handshake emoji"}
This picture is not a concept.
:::

::: {.block picture="research"}
We studied the epistemological questions.
The PPI group met.
About 25% of people came.
:::

::: {.block picture="research"}
We had *great* fun.
It was VERY IMPORTANT.
We met four people.
:::

::: {.block picture="payment"}
People were paid by the team.
:::

This line is outside every block.
"""

EXPECTED = {  # rule → line
    "easyread/sentence-length": 4,
    "easyread/block-sentences": 7,
    "easyread/picture": 11,
    "easyread/hard-word": 20,
    "easyread/abbreviation": 21,
    "easyread/percentage": 22,
    "easyread/italics": 26,
    "easyread/capitals": 27,
    "easyread/number-words": 28,
    "easyread/passive": 32,
}


def _check(text: str, glossary: Glossary | None = None, root: Path = REPO):
    parsed = parse_text(text, "manuscript/easy-read.md")
    return check_text(Context(parsed, glossary or Glossary([]), PictureTable(root), root))


def test_every_rule_is_found_with_its_line_in_a_bad_text():
    findings = _check(BAD)
    found = {(f.rule, f.line) for f in findings}
    for rule, line in EXPECTED.items():
        assert (rule, line) in found, (rule, line, sorted(found))
    assert ("easyread/picture", 15) in found  # an unknown concept
    assert ("easyread/picture", 35) in found  # text outside a block
    assert ("easyread/abbreviation", 27) not in found  # "VERY" is shouting, not initials
    for f in findings:
        assert f.file == "manuscript/easy-read.md" and f.hint and RULES[f.rule].severity == f.severity


def test_the_sample_text_and_glossary_break_no_rule():
    text = (REPO / "manuscript/easy-read.md").read_text()
    findings = _check(text, load_glossary(REPO / "manuscript"))
    assert [f"{f.line}: {f.message}" for f in findings if f.severity != "info"] == []


def test_glossary_words_and_allowed_care_words_are_not_hard_words():
    text = '::: {.block picture="care"}\nOur carer met the GP about **co-production**.\n:::\n'
    assert not [f for f in _check(text) if f.rule == "easyread/abbreviation"]
    hard = [f.message for f in _check(text) if f.rule == "easyread/hard-word"]
    assert hard == ["'co-production' is a hard word"]
    glossary = Glossary(load_glossary(REPO / "manuscript").terms)
    assert not [f for f in _check(text, glossary) if f.rule == "easyread/hard-word"]


def test_long_glossary_explanations_are_found_in_glossary_yaml(tmp_path):
    manuscript = tmp_path / "manuscript"
    manuscript.mkdir()
    (manuscript / "glossary.yaml").write_text(
        "power: >-\n  Power is about who makes the decisions and who gets heard and who does "
        "not get heard at all.\n")
    text = '::: {.block picture="fair"}\nThis is about power.\n:::\n'
    findings = _check(text, load_glossary(manuscript))
    assert [(f.file, f.line) for f in findings if f.rule == "easyread/sentence-length"] == [
        ("manuscript/glossary.yaml", 1)]


def test_page_count_warns_over_20_and_fails_over_24():
    assert check_pages(20, "easy-read.pdf") == []
    assert check_pages(21, "easy-read.pdf")[0].severity == "warning"
    assert check_pages(25, "easy-read.pdf")[0].severity == "error"


def test_a_broken_rule_stops_the_build_with_file_and_line(project):
    (project / "manuscript/easy-read.md").write_text(BAD)
    result = run_copress("build", "easy-read", "-C", str(project))
    assert result.returncode == 2
    assert "manuscript/easy-read.md:4: a sentence of 21 words" in result.stderr
    assert "easyread/percentage" in result.stderr
    assert not (project / "build/easy-read.pdf").exists()


def test_check_command_lists_findings_and_exits_2_on_errors(project):
    (project / "manuscript/easy-read.md").write_text(BAD)
    result = run_copress("easy-read", "check", "-C", str(project))
    assert result.returncode == 2
    assert "manuscript/easy-read.md:22: error a percentage ('25%')" in result.stdout
    ok = run_copress("easy-read", "check", "-C", str(REPO))
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "no errors" in ok.stdout


def test_a_missing_picture_file_or_alt_text_is_an_error(project):
    (project / "manuscript/easy-read.md").write_text(
        '::: {.block picture="figures/stages.png"}\nWe drew the steps.\n:::\n\n'
        '::: {.block picture="figures/nothing.png" alt="x"}\nNo file.\n:::\n')
    findings = _check((project / "manuscript/easy-read.md").read_text(), root=project)
    messages = {(f.line, f.message) for f in findings if f.rule == "easyread/picture"}
    assert (1, "picture 'figures/stages.png' has no alt text") in messages
    assert (5, "picture 'figures/nothing.png' does not exist") in messages


def test_a_project_picture_by_file_is_used_with_its_alt_text(project):
    (project / "manuscript/easy-read.md").write_text(
        '::: {.block picture="figures/stages.png" alt="The steps of a research project"}\n'
        "We drew the steps of a project.\n:::\n")
    (project / "manuscript/glossary.yaml").unlink()
    result = run_copress("build", "easy-read", "-C", str(project))
    assert result.returncode == 0, result.stderr
    html = (project / "build/easy-read.html").read_text()
    assert 'alt="The steps of a research project"' in html and "data:image/png;base64," in html
    assert "OpenMoji" in html  # the "who checked this" block still uses an OpenMoji picture


def test_draft_writes_a_draft_from_the_plain_english_summary_and_never_easy_read_md(project):
    before = (project / "manuscript/easy-read.md").read_text()
    result = run_copress("easy-read", "draft", "-C", str(project))
    assert result.returncode == 0, result.stderr
    draft = (project / "manuscript/easy-read.draft.md").read_text()
    assert (project / "manuscript/easy-read.md").read_text() == before
    assert "Research about health and care works better" in draft
    assert '::: {.block picture="' in draft
    assert "**article**" in draft  # glossary words marked
    body = draft.split("-->", 1)[1]  # after the opening note
    lines = [line.split("<!--")[0] for line in body.splitlines() if line and not line.startswith(":::")]
    assert lines and all(". " not in line.strip() for line in lines)  # one sentence a line
    parsed = parse_text(draft, "d")
    assert all(len(block.sentences) <= 3 for block in parsed.blocks)
