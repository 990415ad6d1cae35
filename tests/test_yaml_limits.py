"""YAML a co-author can write cannot hang or crash copress: anchors and aliases (the "billion
laughs" alias bomb) are refused, and size and nesting are capped, with file and line."""

from __future__ import annotations

import subprocess

import pytest

from conftest import BIN, copy_sample

from copress.errors import CopressError
from copress.yamlfile import (MAX_YAML_BYTES, MAX_YAML_DEPTH, NO_ANCHORS, parse_yaml,

                              refuse_anchors_in_markdown)

pytestmark = pytest.mark.fast  # no browser, no full build: part of `make test-fast`


def alias_bomb(levels: int = 9) -> str:
    """Each level is nine aliases of the one before: 9**9 (387 million) strings when expanded."""
    lines = ['lol0: &lol0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for n in range(1, levels):
        lines.append(f"lol{n}: &lol{n} [" + ", ".join([f"*lol{n - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_in_a_contributor_file_stops_the_build_with_file_and_line(tmp_path):
    project = copy_sample(tmp_path / "project", commit=False)
    person = project / "contributors" / "denise-harper.yaml"
    text = person.read_text()
    person.write_text(text + "notes: " + "\n" + alias_bomb())
    line = text.count("\n") + 2  # the first anchor, on the line after 'notes:'
    result = subprocess.run([str(BIN / "copress"), "build", "html", "-C", str(project)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2, result.stderr
    assert f"contributors/denise-harper.yaml:{line}: uses a YAML anchor (&lol0)" in result.stderr
    assert NO_ANCHORS in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project / "build" / "article.html").exists()


@pytest.mark.parametrize("text, line, found", [
    ("a: &x 1\nb: 2\n", 1, "anchor (&x)"),
    ("a: 1\nb: *x\n", 2, "alias (*x)"),  # an alias to nothing is refused the same way
    ("base: &b {x: 1}\nother:\n  <<: *b\n", 1, "anchor (&b)"),  # merge keys need an anchor
    ("a:\n  - 1\n  - &item [2]\n", 3, "anchor (&item)"),
])
def test_anchors_and_aliases_are_refused_with_their_line(text, line, found):
    with pytest.raises(CopressError) as caught:
        parse_yaml(text, "copress.yaml")
    assert (caught.value.file, caught.value.line) == ("copress.yaml", line)
    assert caught.value.message == f"uses a YAML {found}" and caught.value.hint == NO_ANCHORS


def test_front_matter_lines_count_from_the_file():
    with pytest.raises(CopressError) as caught:
        parse_yaml("title: x\nrefs: *r\n", "manuscript/course/01-x.md", first_line=2)
    assert caught.value.line == 3


def test_ampersands_and_asterisks_in_text_are_not_anchors():
    data = parse_yaml('credit:\n  - Writing – review & editing\nnote: "R&D *bold* &x"\n'
                      "url: https://example.org/?a=1&b=2\nstars: a*b\n", "contributors/x.yaml").data
    assert data["credit"] == ["Writing – review & editing"]
    assert data["note"] == "R&D *bold* &x" and data["url"].endswith("&b=2") and data["stars"] == "a*b"


def test_an_oversized_yaml_file_is_refused():
    with pytest.raises(CopressError) as caught:
        parse_yaml("a: '" + "x" * MAX_YAML_BYTES + "'\n", "manuscript/glossary.yaml")
    assert caught.value.file == "manuscript/glossary.yaml" and "too large" in caught.value.message


@pytest.mark.parametrize("text", [
    "[" * (MAX_YAML_DEPTH + 2) + "]" * (MAX_YAML_DEPTH + 2),
    "- " * (MAX_YAML_DEPTH + 2) + "x\n",
    "[" * 5000 + "]" * 5000,  # deeper than libyaml's own limit: still an error, not a crash
])
def test_deep_nesting_is_refused_not_a_crash(text):
    with pytest.raises(CopressError) as caught:
        parse_yaml(text, "manuscript/metadata.yaml")
    assert caught.value.file == "manuscript/metadata.yaml" and caught.value.line == 1


def test_ordinary_nesting_still_reads():
    depth = 20
    data = parse_yaml("- " * depth + "x\n", "x.yaml").data
    for _ in range(depth):
        data = data[0]
    assert data == "x"


def test_a_control_character_is_an_error_with_its_line():
    with pytest.raises(CopressError) as caught:
        parse_yaml("a: 1\nb: bell\x07\n", "contributors/x.yaml")
    assert caught.value.line == 2 and "YAML does not allow" in caught.value.message


def test_a_yaml_block_in_markdown_with_an_alias_is_refused_before_pandoc():
    chapter = "# Title\n\nText.\n\n---\n" + alias_bomb(3) + "---\n\nMore text.\n"
    with pytest.raises(CopressError) as caught:
        refuse_anchors_in_markdown(chapter, "manuscript/99-x.md")
    assert (caught.value.file, caught.value.line) == ("manuscript/99-x.md", 6)


@pytest.mark.parametrize("chapter", [
    "Text with *emphasis* and R&D.\n\n---\n\nA *rule* above, &amp; more.\n",
    "Text.\n\n---\ntitle: ok\n---\n\n*Starred* paragraph.\n",
])
def test_markdown_without_yaml_anchors_passes(chapter):
    refuse_anchors_in_markdown(chapter, "manuscript/99-x.md")
