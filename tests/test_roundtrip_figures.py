"""A figure a co-author deleted or changed in Word is never silently dropped from the manuscript:
the Markdown keeps it and the import writes a review note saying what happened."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from PIL import Image

from conftest import copy_sample, fresh_copy, git, run_copress, with_article_docx

FIGURE = "![The stages of a research project"
CAPTION = "The stages of a research project, from identifying priorities"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    project = copy_sample(tmp_path_factory.mktemp("figures") / "project")
    return with_article_docx(project)


@pytest.fixture
def project(built, tmp_path):
    return fresh_copy(built, tmp_path)


def _figure_paragraphs(document):
    """The paragraph holding the picture and the caption paragraph after it."""
    body = list(document.paragraphs)
    at = next(n for n, p in enumerate(body) if p._p.xpath(".//w:drawing"))
    assert CAPTION in body[at + 1].text
    return body[at], body[at + 1]


def _import(project, edited):
    head = git("rev-parse", "HEAD", cwd=project)
    result = run_copress("import-docx", str(edited), "--by", "sam-rivers", "-C", str(project))
    assert result.returncode == 0, result.stderr
    assert git("rev-parse", "HEAD~1", cwd=project) == head  # one commit
    chapter = (project / "manuscript" / "03-who-and-when.md").read_text()
    notes = list((project / "manuscript" / "review").glob("sam-rivers-*.md"))
    assert len(notes) == 1
    return chapter, notes[0].read_text()


@pytest.mark.parametrize("with_caption", [True, False], ids=["picture-and-caption", "picture-only"])
def test_a_figure_deleted_in_word_stays_in_the_markdown_with_a_review_note(project, tmp_path, with_caption):
    before = (project / "manuscript" / "03-who-and-when.md").read_text()
    document = docx.Document(project / "build" / "article.docx")
    picture, caption = _figure_paragraphs(document)
    picture._p.getparent().remove(picture._p)
    if with_caption:
        caption._p.getparent().remove(caption._p)
    # and an ordinary edit elsewhere, which must still come through
    paragraph = next(p for p in document.paragraphs if "We are a mixed group" in p.text)
    for run in paragraph.runs:
        run.text = run.text.replace("We are a mixed group", "We are a very mixed group")
    edited = tmp_path / "edited.docx"
    document.save(edited)

    chapter, note = _import(project, edited)
    assert chapter == before  # the figure, its caption, path and attributes, untouched
    assert "very mixed group" in (project / "manuscript" / "01-plain-english-summary.md").read_text()
    assert "### A figure removed in Word (kept in the Markdown)" in note
    assert "Sam Rivers deleted this figure in the Word document" in note
    assert "`figures/stages.png`" in note and "`manuscript/03-who-and-when.md`" in note
    message = git("log", "-1", "--format=%B", cwd=project)
    assert "1 figure(s) changed or removed in Word kept as a review note" in message


def test_a_picture_replaced_in_word_keeps_the_original_with_a_review_note(project, tmp_path):
    before = (project / "manuscript" / "03-who-and-when.md").read_text()
    picture = (project / "manuscript" / "figures" / "stages.png").read_bytes()
    other = io.BytesIO()
    Image.new("RGB", (40, 20), "red").save(other, "PNG")
    source = project / "build" / "article.docx"
    edited = tmp_path / "edited.docx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(edited, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info.filename)
            if data == picture:  # Word's "Change Picture": same place, new bytes
                data = other.getvalue()
            new.writestr(info.filename, data)

    chapter, note = _import(project, edited)
    assert chapter == before
    assert (project / "manuscript" / "figures" / "stages.png").read_bytes() == picture
    assert "### A figure changed in Word (kept in the Markdown)" in note
    assert "save it as `manuscript/figures/stages.png`" in note


def test_an_edited_caption_is_an_edit_not_a_figure_note(project, tmp_path):
    document = docx.Document(project / "build" / "article.docx")
    _, caption = _figure_paragraphs(document)
    run = next(r for r in caption.runs if "The stages" in r.text)
    run.text = run.text.replace("The stages of a research project", "The ten stages of a research project")
    edited = tmp_path / "edited.docx"
    document.save(edited)
    result = run_copress("import-docx", str(edited), "--by", "sam-rivers", "-C", str(project))
    assert result.returncode == 0, result.stderr
    chapter = (project / "manuscript" / "03-who-and-when.md").read_text()
    assert "![The ten stages of a research project" in chapter
    assert "](figures/stages.png){#fig:stages alt=" in chapter  # path and attributes kept
    assert not (project / "manuscript" / "review").exists()
    assert FIGURE not in chapter
