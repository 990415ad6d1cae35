"""A hostile DOCX given to `copress import-docx` is refused before git or pandoc reads it: XML
entities (XXE, billion laughs), malformed parts, not a zip, zip bombs and part names that
point outside the package. Exit 2, the part named, no traceback, nothing changed."""

from __future__ import annotations

import zipfile

import pytest

from conftest import copy_sample, git, run_copress

from copress.errors import CopressError
from copress.roundtrip.package import MAX_PARTS, MAX_TOTAL, read_package


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The sample project, committed, with build/article.docx built from that commit. Every
    import here is refused, so the tests share it and each checks nothing changed."""
    project = copy_sample(tmp_path_factory.mktemp("hostile") / "project")
    git("config", "user.name", "Amina Okafor", cwd=project)
    git("config", "user.email", "amina@example.org", cwd=project)
    result = run_copress("build", "docx", "-C", str(project), "-q")
    assert result.returncode == 0, result.stderr
    return project


def variant(built, target, replace=None, add=(), drop=()):
    """article.docx with parts replaced (name → bytes or a function of the old bytes), parts
    added ((name, bytes) pairs, in order, duplicates allowed) and parts dropped."""
    replace = replace or {}
    with zipfile.ZipFile(built / "build" / "article.docx") as source, \
            zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            if info.filename in drop:
                continue
            data = source.read(info.filename)
            change = replace.get(info.filename)
            if change is not None:
                data = change(data) if callable(change) else change
            out.writestr(info.filename, data)
        for name, data in add:
            out.writestr(zipfile.ZipInfo(name), data)
    return target


def with_doctype(doctype: str, text_entity: str):
    def change(data: bytes) -> bytes:
        text = data.decode("utf-8")
        head, rest = text.split("\n", 1)
        assert head.startswith("<?xml")
        rest = rest.replace("We are a mixed group", f"We are a {text_entity} mixed group", 1)
        return f"{head}\n{doctype}\n{rest}".encode("utf-8")
    return change


XXE = '<!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/hostname">]>'
LAUGHS = ("<!DOCTYPE w:document [<!ENTITY lol \"lol\">"
          + "".join(f"<!ENTITY lol{n} \"{('&lol' + (str(n - 1) if n > 1 else '') + ';') * 10}\">"
                    for n in range(1, 10))
          + "]>")


def import_refused(built, docx) -> str:
    """Run the real import; assert it was refused and left everything as it was; its stderr."""
    head = git("rev-parse", "HEAD", cwd=built)
    before = {p: p.read_bytes() for p in sorted((built / "manuscript").rglob("*")) if p.is_file()}
    people = {p: p.read_bytes() for p in sorted((built / "contributors").glob("*"))}
    result = run_copress("import-docx", str(docx), "--by", "sam-rivers", "-C", str(built))
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert git("rev-parse", "HEAD", cwd=built) == head
    assert git("branch", "--list", "copress/*", cwd=built) == ""
    assert git("status", "--porcelain", cwd=built) == ""
    assert {p: p.read_bytes() for p in sorted((built / "manuscript").rglob("*")) if p.is_file()} == before
    assert {p: p.read_bytes() for p in sorted((built / "contributors").glob("*"))} == people
    return " ".join(result.stderr.split())


def test_an_external_entity_xxe_is_refused_before_pandoc(built, tmp_path):
    docx = variant(built, tmp_path / "xxe.docx",
                   {"word/document.xml": with_doctype(XXE, "&x;")})
    message = import_refused(built, docx)
    assert "xxe.docx: word/document.xml has a DOCTYPE declaration" in message
    hostname = open("/etc/hostname").read().strip()
    assert not any(hostname in p.read_text() for p in (built / "manuscript").glob("*.md"))


def test_a_billion_laughs_entity_bomb_is_refused(built, tmp_path):
    docx = variant(built, tmp_path / "laughs.docx",
                   {"word/document.xml": with_doctype(LAUGHS, "&lol9;")})
    assert "word/document.xml has a DOCTYPE declaration" in import_refused(built, docx)


def test_an_external_dtd_in_another_part_is_refused(built, tmp_path):
    def change(data: bytes) -> bytes:
        head, rest = data.decode("utf-8").split("\n", 1)
        return f'{head}\n<!DOCTYPE w:styles SYSTEM "http://example.invalid/x.dtd">\n{rest}'.encode()
    docx = variant(built, tmp_path / "dtd.docx", {"word/styles.xml": change})
    assert "word/styles.xml has a DOCTYPE declaration" in import_refused(built, docx)


def test_a_malformed_comments_part_is_named_with_its_line(built, tmp_path):
    docx = variant(built, tmp_path / "broken.docx",
                   {"word/comments.xml": b'<?xml version="1.0"?>\n<w:comments xmlns:w="x">\n<w:comment>\n'})
    message = import_refused(built, docx)
    assert "broken.docx: word/comments.xml is not well-formed XML (line 4" in message


def test_an_undefined_entity_is_malformed_xml(built, tmp_path):
    docx = variant(built, tmp_path / "entity.docx",
                   {"word/document.xml": with_doctype("", "&nbsp;")})
    assert "word/document.xml is not well-formed XML (line" in import_refused(built, docx)


def test_a_file_that_is_not_a_zip_is_refused(built, tmp_path):
    fake = tmp_path / "fake.docx"
    fake.write_text("This is a plain text file with a .docx name.\n")
    assert "fake.docx: is not a Word document (.docx)" in import_refused(built, fake)


def test_a_folder_given_as_the_docx_is_refused(built, tmp_path):
    folder = tmp_path / "folder.docx"
    folder.mkdir()
    assert "folder.docx" in import_refused(built, folder) and "directory" in import_refused(built, folder)
    with pytest.raises(CopressError, match="is a folder, not a Word document"):
        read_package(folder)


def test_a_zip_bomb_part_beyond_the_cap_is_refused(built, tmp_path):
    docx = variant(built, tmp_path / "bomb.docx")
    with zipfile.ZipFile(docx, "a", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("word/media/image9.png", "w", force_zip64=True) as part:
            block = bytes(1 << 20)
            for _ in range(MAX_TOTAL // len(block) + 1):
                part.write(block)
    assert docx.stat().st_size < 2 << 20  # a small file that unpacks to more than the cap
    message = import_refused(built, docx)
    assert "bomb.docx:" in message and "(a zip bomb?)" in message


def test_too_many_parts_are_refused(built, tmp_path):
    docx = variant(built, tmp_path / "many.docx",
                   add=[(f"word/media/x{n}.bin", b"") for n in range(MAX_PARTS)])
    assert f"(more than {MAX_PARTS})" in import_refused(built, docx)


@pytest.mark.parametrize("name", ["../../outside.xml", "/etc/evil.xml", "word\\..\\evil.xml",
                                  "word/../../evil.rels"])
def test_a_part_named_outside_the_package_is_refused(built, tmp_path, name):
    docx = variant(built, tmp_path / "names.docx", add=[(name, b"<a/>")])
    assert f"has a part with an unsafe name ({name!r})" in import_refused(built, docx)


def test_a_part_given_twice_is_refused(built, tmp_path):
    with pytest.warns(UserWarning, match="Duplicate name"):
        docx = variant(built, tmp_path / "twice.docx", add=[("word/document.xml", b"<w:document/>")])
    assert "has the part word/document.xml twice" in import_refused(built, docx)


def test_a_zip_without_a_document_part_is_refused(built, tmp_path):
    docx = variant(built, tmp_path / "empty.docx", drop={"word/document.xml"})
    assert "has no word/document.xml" in import_refused(built, docx)


def test_the_sample_docx_itself_passes_the_checks(built):
    package = read_package(built / "build" / "article.docx")
    assert "word/document.xml" in package.xml and "word/comments.xml" in package.xml
    assert any(name.startswith("word/media/") for name in package.digests)


def test_a_doctype_in_a_utf16_part_is_refused(built, tmp_path):
    def change(data: bytes) -> bytes:
        text = with_doctype(XXE, "&x;")(data).decode("utf-8")
        return text.replace('encoding="UTF-8"', 'encoding="UTF-16"', 1).encode("utf-16")
    docx = variant(built, tmp_path / "utf16.docx", {"word/document.xml": change})
    assert "word/document.xml has a DOCTYPE declaration" in import_refused(built, docx)
