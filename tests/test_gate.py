"""The input gate on its own: which files a build may read, pictures by their bytes, text limits."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from copress import gate
from copress.errors import CopressError

pytestmark = pytest.mark.fast

PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")


@pytest.fixture
def root(tmp_path) -> Path:
    for folder in ("manuscript/figures", "contributors", "build/private", ".git", "templates"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "manuscript/figures/ok.png").write_bytes(PNG)
    (tmp_path / "contributors/sam.yaml").write_text("name: Hidden Name\n")
    (tmp_path / "contributors/sam.private.yaml").write_text("name: Hidden Name\n")
    (tmp_path / "build/private/recognition.csv").write_text("Hidden Name,3\n")
    (tmp_path / ".git/config").write_text("[core]\n")
    return tmp_path


@pytest.mark.parametrize("ref", [
    "../contributors/sam.yaml", "../contributors/sam.private.yaml", "../build/private/recognition.csv",
    "../.git/config", "figures/../../contributors/sam.yaml", "/etc/hostname", "../../outside.txt",
])
def test_the_gate_refuses_private_places_and_anything_outside(root, ref):
    (root.parent / "outside.txt").write_text("x")
    with pytest.raises(CopressError) as err:
        gate.resolve(ref, root / "manuscript", root, gate.Where("manuscript/01-a.md", 7))
    assert err.value.file == "manuscript/01-a.md" and err.value.line == 7
    assert ref in err.value.message


def test_a_symlink_is_judged_by_where_it_lands(root):
    link = root / "manuscript/figures/notes.png"
    link.symlink_to(root / "contributors/sam.yaml")
    with pytest.raises(CopressError, match="contributors/"):
        gate.resolve("figures/notes.png", root / "manuscript", root, gate.Where("x.md", 1))
    inside = root / "manuscript/figures/alias.png"
    inside.symlink_to(root / "manuscript/figures/ok.png")
    assert gate.resolve("figures/alias.png", root / "manuscript", root, gate.Where()) == \
        (root / "manuscript/figures/ok.png").resolve()


def test_a_folder_where_a_file_should_be_is_named(root):
    (root / "manuscript/figures/dir.png").mkdir()
    with pytest.raises(CopressError, match="is a folder"):
        gate.resolve("figures/dir.png", root / "manuscript", root, gate.Where("x.md", 2))


def test_a_source_file_linked_out_of_the_project_is_refused(root, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "secret.md"
    elsewhere.write_text("# Secret\n")
    chapter = root / "manuscript/99-x.md"
    chapter.symlink_to(elsewhere)
    with pytest.raises(CopressError, match="link"):
        gate.read_source(chapter, root, "manuscript/99-x.md")
    # copress's own files are read where they are, contributors/ included
    assert gate.read_source(root / "contributors/sam.yaml", root, "contributors/sam.yaml")


def test_text_must_be_utf8_and_the_bad_line_is_named():
    with pytest.raises(CopressError) as err:
        gate.decode_text(b"# Title\n\nfine\ncaf\xe9\n", "manuscript/01-a.md")
    assert err.value.line == 4 and "UTF-8" in err.value.message
    with pytest.raises(CopressError) as err:
        gate.decode_text(b"line\n\x89PNG\r\n\x1a\n\0\0", "manuscript/50-x.md")
    assert "binary" in err.value.message and err.value.line == 4
    assert gate.decode_text("\ufeffbom".encode(), "x") == "bom"


def test_oversized_text_is_refused_with_the_limit(root):
    big = root / "manuscript/01-big.md"
    big.write_bytes(b"a" * 2048)
    with pytest.raises(CopressError, match="too large"):
        gate.read_text(big, "manuscript/01-big.md", limit=1024)


@pytest.mark.parametrize("data,kind", [
    (PNG, "image/png"), (b"\xff\xd8\xff\xe0rest", "image/jpeg"), (b"GIF89a....", "image/gif"),
    (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "image/webp"),
    (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>', "image/svg+xml"),
    (b"name: Hidden Name\n", None), (b"%PDF-1.7", None), (b"PK\x03\x04docx", None), (b"", None),
])
def test_pictures_are_known_by_their_bytes(data, kind):
    assert gate.sniff_picture(data) == kind


@pytest.mark.parametrize("svg,problem", [
    ('<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/hostname">]><svg xmlns="http://www.w3.org/2000/svg">'
     '<text>&x;</text></svg>', "DOCTYPE"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "script"),
    ('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "event handler"),
    ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
     '<image xlink:href="../contributors/sam.yaml"/></svg>', "refers to another file"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><image href="file:///etc/passwd"/></svg>', "refers to another file"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p>x</p></foreignObject></svg>', "foreignobject"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><unclosed></svg>', "well-formed"),
])
def test_an_svg_must_be_only_a_picture(tmp_path, svg, problem):
    path = tmp_path / "x.svg"
    path.write_text(svg)
    with pytest.raises(CopressError) as err:
        gate.read_picture(path, "figures/x.svg")
    assert problem in err.value.message and err.value.file == "figures/x.svg"


def test_an_svg_is_checked_once_yet_a_bad_one_is_refused_every_time(tmp_path):
    good, bad = tmp_path / "good.svg", tmp_path / "bad.svg"
    good.write_text('<svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>')
    bad.write_text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    for _ in range(2):  # the HTML and the DOCX each read every picture
        assert gate.read_picture(good, "figures/good.svg")[1] == "image/svg+xml"
        with pytest.raises(CopressError, match="script"):
            gate.read_picture(bad, "figures/bad.svg")
    good.write_text('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')  # same name, new bytes
    with pytest.raises(CopressError, match="event handler"):
        gate.read_picture(good, "figures/good.svg")


def test_a_text_file_named_like_a_picture_is_refused(tmp_path):
    path = tmp_path / "notes.png"
    path.write_text("name: Hidden Name\nprivate: {phone: 01632 960 000}\n")
    with pytest.raises(CopressError, match="not a picture"):
        gate.read_picture(path, "figures/notes.png")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(["..", ".", "contributors", "build", ".git", "private", "figures",
                                 "manuscript", "a.png", "x.private.yaml", "templates", "//", "/"]),
                min_size=1, max_size=6))
def test_whatever_path_is_given_nothing_private_or_outside_is_ever_allowed(root, parts):
    ref = "/".join(parts)
    try:
        target = gate.resolve(ref, root / "manuscript", root, gate.Where())
    except CopressError:
        return
    relative = target.relative_to(root.resolve()).parts
    assert relative[0] not in ("contributors", "build") and not any(p.startswith(".") for p in relative)
    assert not target.name.endswith(".private.yaml")
