"""The privacy scan reads outputs as an attacker would: hostile copies of a real build, each
hiding a private value somewhere a suffix-and-text search would not look, must be found."""

from __future__ import annotations

import base64
import io
import shutil
import zipfile
import zlib
from pathlib import Path

import pikepdf
import pytest
import yaml

from conftest import copy_sample

from copress.checks.privacy import check_privacy
from copress.project import Project

CANARY = {"attached": "CanaryAttachedQz41", "stream": "CanaryStreamQz42", "datauri": "CanaryDataUriQz43",
          "media": "CanaryMediaQz44", "custom": "CanaryCustomQz45", "yaml": "CanaryYamlQz46",
          "renamed": "CanaryRenamedQz47", "outline": "CanaryOutlineQz48"}


@pytest.fixture(scope="module")
def canary_project(tmp_path_factory) -> Project:
    """The sample project with the canaries among a contributor's private values (side file)."""
    root = copy_sample(tmp_path_factory.mktemp("scan") / "project", commit=False)
    side = root / "contributors/sam-rivers.private.yaml"
    data = yaml.safe_load(side.read_text())
    data["private"] = {**data.get("private", {}), **CANARY}
    side.write_text(yaml.safe_dump(data, allow_unicode=True))
    return Project.load(root)


def _rewrite_pdf(path: Path, change) -> None:
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        change(pdf)
        pdf.save(path)


def _attach(pdf) -> None:
    pdf.attachments["notes.txt"] = pikepdf.AttachedFileSpec(
        pdf, f"phone and {CANARY['attached']}\n".encode(), filename="notes.txt")


def _binary_stream(pdf) -> None:
    stream = pikepdf.Stream(pdf, b"")
    # not text: binary around the value, stored UTF-16LE, then deflated (compressible, so
    # deflate codes it rather than storing it as it is)
    raw = bytes(range(256)) * 8 + CANARY["stream"].encode("utf-16-le") + bytes(range(256)) * 8
    stream.write(zlib.compress(raw), filter=pikepdf.Name.FlateDecode)
    pdf.pages[0].Resources.XObject = pikepdf.Dictionary(Hidden=pdf.make_indirect(stream))


def _outline(pdf) -> None:
    with pdf.open_outline() as tree:
        tree.root.append(pikepdf.OutlineItem(f"☂ {CANARY['outline']}", 0))  # UTF-16 in the file


def _data_uri(build: Path) -> None:
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg"><text><tspan>{CANARY["datauri"][:6]}</tspan>'
           f'<tspan>{CANARY["datauri"][6:]}</tspan></text></svg>').encode()
    page = build / "course/02-power.html"
    html = page.read_text()
    assert "</main>" in html
    page.write_text(html.replace("</main>", '<img alt="" src="data:image/svg+xml;base64,'
                                 + base64.b64encode(svg).decode() + '"></main>', 1))


def _docx_copies(build: Path) -> None:
    plants = {"media": ("word/media/canary.bin", b"\x89\x00\xff" + CANARY["media"].encode("utf-16-le")),
              "custom": ("docProps/custom.xml",
                         f'<?xml version="1.0"?><Properties><property name="x"><vt:lpwstr>'
                         f'{CANARY["custom"]}</vt:lpwstr></property></Properties>'.encode())}
    for name, (part, data) in plants.items():
        with zipfile.ZipFile(build / "article.docx") as source, \
                zipfile.ZipFile(build / f"article-{name}.docx", "w", zipfile.ZIP_DEFLATED) as target:
            for item in source.infolist():
                if item.filename != part:
                    target.writestr(item, source.read(item))
            target.writestr(part, data)


def _oddly_named(build: Path) -> None:
    (build / "course/notes.yaml").write_text(f"note: call {CANARY['yaml']}\n")
    (build / "course/.hidden").mkdir()
    pdf = io.BytesIO()
    with pikepdf.open(build / "course-feedback.pdf") as source:  # a PDF under a text file's name
        source.docinfo["/Subject"] = f"Zoë {CANARY['renamed']}"
        source.save(pdf)
    (build / "course/.hidden/README").write_bytes(pdf.getvalue())


def _not_public(build: Path) -> None:
    for folder in ("private/staging/x", ".copress-abc123/private"):
        (build / folder).mkdir(parents=True, exist_ok=True)
        (build / folder / "recognition.csv").write_text(f"{CANARY['yaml']}\n")


@pytest.fixture(scope="module")
def hostile(sample_build, canary_project, tmp_path_factory) -> dict[str, list]:
    """A copy of the real build with every plant below; the real check run on it once.
    Returns file → its privacy findings."""
    build = Path(shutil.copytree(sample_build, tmp_path_factory.mktemp("hostile") / "build"))
    _rewrite_pdf(build / "article.pdf", _attach)
    _rewrite_pdf(build / "easy-read.pdf", _binary_stream)
    assert CANARY["stream"].encode("utf-16-le") not in (build / "easy-read.pdf").read_bytes()
    _rewrite_pdf(build / "resource-guide.pdf", _outline)
    _data_uri(build)
    _docx_copies(build)
    _oddly_named(build)
    _not_public(build)
    found: dict[str, list] = {}
    for finding in check_privacy(canary_project, build):
        found.setdefault(finding.file, []).append(finding)
    return found


def _rules(findings) -> set[str]:
    return {f.rule for f in findings}


def test_a_clean_build_reports_nothing(canary_project, sample_build):
    assert check_privacy(canary_project, sample_build) == []


def test_a_file_attached_to_the_pdf_is_an_error_and_its_content_a_leak(hostile):
    assert _rules(hostile["build/article.pdf"]) == {"privacy/pdf-attachment", "privacy/leak"}
    assert any("private.attached" in f.message for f in hostile["build/article.pdf"])


def test_a_value_in_a_compressed_binary_stream_is_found(hostile):
    assert [f.rule for f in hostile["build/easy-read.pdf"]] == ["privacy/leak"]
    assert "private.stream" in hostile["build/easy-read.pdf"][0].message


def test_a_value_in_a_utf16_outline_title_is_found(hostile):
    assert [f.rule for f in hostile["build/resource-guide.pdf"]] == ["privacy/leak"]
    assert "private.outline" in hostile["build/resource-guide.pdf"][0].message


def test_a_value_split_by_markup_in_a_base64_data_uri_is_found(hostile):
    [finding] = hostile["build/course/02-power.html"]
    assert finding.rule == "privacy/leak" and "private.datauri" in finding.message
    assert "data: URI" in finding.message


def test_values_in_docx_media_and_custom_properties_are_found(hostile):
    [media] = hostile["build/article-media.docx"]
    assert "private.media" in media.message and "word/media/canary.bin" in media.message
    [custom] = hostile["build/article-custom.docx"]
    assert "private.custom" in custom.message and "docProps/custom.xml" in custom.message


def test_every_file_of_the_output_tree_is_read_whatever_its_name(hostile):
    assert "private.yaml" in hostile["build/course/notes.yaml"][0].message
    assert "private.renamed" in hostile["build/course/.hidden/README"][0].message


def test_only_what_was_planted_is_found_and_the_private_and_staging_folders_are_not_public(hostile):
    assert set(hostile) == {"build/article.pdf", "build/easy-read.pdf", "build/resource-guide.pdf",
                            "build/course/02-power.html", "build/article-media.docx",
                            "build/article-custom.docx", "build/course/notes.yaml",
                            "build/course/.hidden/README"}


def test_no_message_prints_a_value(hostile):
    for finding in (f for found in hostile.values() for f in found):
        for value in CANARY.values():
            assert value not in f"{finding.message} {finding.file} {finding.hint}"
