"""One base.css: the font, the palette and the shared page boxes are written once, every edition's
stylesheet builds on them, and an @import is read through the input gate like any other file.
Also the small helpers every edition shares (copress/htmlkit.py, copress/textkit.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import REPO
from copress.assets import print_stylesheets, template
from copress.course.pages import _pdf_style
from copress.errors import CopressError
from copress.htmlkit import escape
from copress.render.html import embed_urls, inline_imports
from copress.textkit import inlines, join_and

TEMPLATES = REPO / "templates"
# The stylesheets an edition's HTML embeds (or, for the course, links to).
PAGE_SHEETS = ("article.css", "guide.css", "course.css", "easy-read.css")
PRINT_SHEETS = ("article-print.css", "guide-print.css", "course-print.css", "course-slides.css",
                "easy-read-print.css")


def _shipped_css() -> list[Path]:
    return sorted(p for folder in (REPO / "copress", TEMPLATES, REPO / "filters")
                  for p in folder.rglob("*.css"))


@pytest.mark.fast
def test_no_font_face_outside_base_css():
    with_font_face = [p.relative_to(REPO).as_posix() for p in _shipped_css()
                      if "@font-face" in p.read_text(encoding="utf-8")]
    assert with_font_face == ["templates/base.css"]


@pytest.mark.fast
def test_every_shipped_stylesheet_is_known_here():
    # a new stylesheet has to be placed: does it import base.css, or follow base-print.css?
    assert {p.name for p in _shipped_css()} == {"base.css", "base-print.css", *PAGE_SHEETS,
                                               *PRINT_SHEETS}


@pytest.mark.fast
def test_every_colour_variable_is_defined_once_in_base_css():
    base = (TEMPLATES / "base.css").read_text(encoding="utf-8")
    defined = re.findall(r"(--[\w-]+)\s*:", base)
    assert len(defined) == len(set(defined))
    used = {name for p in _shipped_css()
            for name in re.findall(r"var\((--[\w-]+)\)", p.read_text(encoding="utf-8"))}
    assert used and used <= set(defined)
    for p in _shipped_css():
        if p.name != "base.css":
            assert not re.search(r"^\s*--[\w-]+\s*:", p.read_text(encoding="utf-8"), re.M), p.name


@pytest.mark.fast
def test_page_numbers_are_written_once():
    numbered = [p.name for p in _shipped_css() if "counter(pages)" in p.read_text(encoding="utf-8")]
    assert numbered == ["base-print.css"]


@pytest.mark.fast
@pytest.mark.parametrize("name", PAGE_SHEETS)
def test_each_edition_stylesheet_gets_base_css_in_place_of_its_import(name, tmp_path):
    assert '@import "base.css";' in (TEMPLATES / name).read_text(encoding="utf-8")
    css = embed_urls(template(name, tmp_path), tmp_path)
    assert "@import" not in css
    assert css.count("@font-face") == 4
    assert css.count('url("data:font/woff2;base64,') == 4
    assert css.index("--ink:") < css.index("html {")  # the palette comes before its use


@pytest.mark.fast
def test_the_course_stylesheet_copied_beside_its_pages_keeps_its_font_links(tmp_path):
    css = inline_imports(template("course.css", tmp_path), tmp_path)
    assert css.count("@font-face") == 4 and "data:" not in css
    assert 'url("fonts/atkinson-hyperlegible-latin-400-normal.woff2")' in css


@pytest.mark.fast
@pytest.mark.parametrize("name", ("article-print.css", "guide-print.css", "easy-read-print.css"))
def test_each_pdf_gets_base_print_css_first(name, tmp_path):
    assert print_stylesheets(name, tmp_path) == [TEMPLATES / "base-print.css", TEMPLATES / name]


@pytest.mark.fast
@pytest.mark.parametrize("paged", ("course-print.css", "course-slides.css"))
def test_the_course_pdfs_embed_base_print_css_before_their_own(paged, tmp_path):
    style = _pdf_style(tmp_path, paged)
    own = (TEMPLATES / paged).read_text(encoding="utf-8").splitlines()[0]
    assert style.index("counter(pages)") < style.index(own)


@pytest.mark.fast
def test_a_project_base_css_replaces_copress_s(tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates/base.css").write_text(":root { --ink: #000; }\n")
    css = embed_urls(template("article.css", tmp_path), tmp_path)
    assert ":root { --ink: #000; }" in css and "@font-face" not in css


def _refusal(tmp_path: Path, sheet: str) -> str:
    (tmp_path / "templates").mkdir(exist_ok=True)
    (tmp_path / "templates/article.css").write_text(sheet)
    with pytest.raises(CopressError) as caught:
        embed_urls(template("article.css", tmp_path), tmp_path)
    return str(caught.value)


@pytest.mark.fast
def test_an_import_cannot_reach_outside_the_project(tmp_path):
    message = _refusal(tmp_path, '/* mine */\n@import "../../../../../etc/hostname";\n')
    assert "templates/article.css:2: stylesheet '../../../../../etc/hostname' is outside the " \
           "project folder" in message


@pytest.mark.fast
def test_an_import_from_the_network_is_refused(tmp_path):
    message = _refusal(tmp_path, '@import url("https://fonts.example.invalid/font.css");\n')
    assert "templates/article.css:1: stylesheet refers to 'https://fonts.example.invalid/font.css'" \
           ", which is not a file in the project" in message
    assert "copress reads nothing from the network" in message


@pytest.mark.fast
def test_an_import_with_a_media_list_is_refused(tmp_path):
    message = _refusal(tmp_path, '@import "base.css" print;\n')
    assert "templates/article.css:1: imports 'base.css' for some media only" in message


@pytest.mark.fast
def test_stylesheets_that_import_each_other_are_refused(tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates/other.css").write_text('@import "article.css";\n')
    message = _refusal(tmp_path, '@import "other.css";\n')
    assert "templates/other.css:1: imports 'article.css', which imports this file again" in message


@pytest.mark.fast
def test_an_import_in_a_comment_is_left_alone(tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates/article.css").write_text('/* @import "nowhere.css"; */ p { color: red; }\n')
    css = embed_urls(template("article.css", tmp_path), tmp_path)
    assert css == '/* @import "nowhere.css"; */ p { color: red; }\n'


@pytest.mark.fast
def test_join_and_reads_as_english():
    assert join_and([]) == ""
    assert join_and(["Amina"]) == "Amina"
    assert join_and(["Amina", "Sam"]) == "Amina and Sam"
    assert join_and(["Amina", "Sam", "Gareth"]) == "Amina, Sam and Gareth"


@pytest.mark.fast
def test_inlines_are_words_and_single_spaces():
    assert inlines("  Hard \n words ") == [{"t": "Str", "c": "Hard"}, {"t": "Space"},
                                           {"t": "Str", "c": "words"}]
    assert inlines("") == []


@pytest.mark.fast
def test_a_no_break_space_keeps_initials_together_and_filters_get_the_same_words():
    import panflute as pf

    from copress.textkit import elements

    text = "H.\u00a0L. read  it"
    assert [node.get("c") for node in inlines(text)] == ["H.\u00a0L.", None, "read", None, "it"]
    assert [pf.stringify(e) for e in elements(text)] == ["H.\u00a0L.", " ", "read", " ", "it"]


@pytest.mark.fast
def test_escape_makes_text_safe_in_an_attribute():
    assert escape('<a href="x">Tom & \'Jerry\'</a>') == \
        "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#x27;Jerry&#x27;&lt;/a&gt;"
    assert escape(3) == "3"
