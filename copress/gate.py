"""The one input gate: every file a build reads into an output comes through here.

A co-author can paste anything into a chapter, a template, a stylesheet or copress.yaml, so
every path is treated as hostile: it is resolved (symlinks included) and must land in a folder
the build may read — the project, minus the places that hold people's private details and
history (contributors/, build/, .git/ and any hidden folder, `*.private.yaml`) — or in
copress's own package assets. Text must be UTF-8 text, pictures must be pictures (their bytes
are sniffed, SVG is parsed with DTDs, entities and the network off), and every file has a size
cap. A refusal is a CopressError naming the file (and line) that referred to the file.
"""

from __future__ import annotations

import hashlib
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from .errors import CopressError

# Caps, generous for real projects (a 100,000-word book is well under 1 MB of Markdown).
MAX_TEXT = 8 * 1024 * 1024
MAX_PICTURE = 25 * 1024 * 1024
MAX_FONT = 5 * 1024 * 1024

# Top-level folders of a project that no output may read from: contributor files (hidden
# names, private values), the build (private records) and git's own folder.
DENIED_TOP = {"contributors", "build"}
# contributors/<id>.private.yaml: a contributor's private side file (hidden name, private values)
PRIVATE_SUFFIX = ".private.yaml"

PICTURE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp", "image/svg+xml"}


# What a build read, for incremental builds (copress/build.py): while `recording()` is active,
# every file the gate reads or hands out is noted with the hash of its bytes. Process-wide, not
# a context variable: editions read some files in worker threads, which a context variable
# would not reach. Noting too much only makes a rebuild more likely, never a stale output.
_recorders: list[dict[str, str]] = []
_recorders_lock = threading.Lock()
ABSENT = "absent"


@contextmanager
def recording() -> Iterator[dict[str, str]]:
    """Note every file read through the gate while active: resolved path → sha256 (or ABSENT
    for a file that was looked for and not found, such as a project's own template)."""
    seen: dict[str, str] = {}
    with _recorders_lock:
        _recorders.append(seen)
    try:
        yield seen
    finally:
        with _recorders_lock:
            _recorders.remove(seen)


def file_hash(path: Path) -> str:
    """The sha256 of a file's bytes, or ABSENT if it is not a readable file."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ABSENT


def note(path: Path, data: bytes | None = None) -> None:
    """Record that a build read `path` (whose bytes are `data`, if already read)."""
    if not _recorders:
        return
    digest = hashlib.sha256(data).hexdigest() if data is not None else file_hash(path)
    key = str(Path(path).resolve())
    with _recorders_lock:
        for seen in _recorders:
            seen[key] = digest


@dataclass(frozen=True)
class Where:
    """The file and line that referred to a file, for messages."""

    file: str | None = None
    line: int | None = None


def _asset_roots() -> list[Path]:
    from .assets import asset_dir

    return [asset_dir("templates").resolve()]


def refused_reason(path: Path, root: Path, *, assets: bool = True) -> str | None:
    """Why `path` (already resolved) may not be read by a build of the project at `root`, or
    None when it may. `assets`: copress's own templates (fonts, pictures, CSS) are allowed too."""
    if assets and any(path.is_relative_to(a) for a in _asset_roots()):
        return None
    if not path.is_relative_to(root):
        return "is outside the project folder"
    parts = path.relative_to(root).parts
    if not parts:
        return "is the project folder itself"
    if parts[0] in DENIED_TOP:
        return f"is in {parts[0]}/, which holds private details and is never published"
    if any(part.startswith(".") for part in parts):
        return "is in a hidden file or folder (such as .git), which is never published"
    if parts[-1].endswith(PRIVATE_SUFFIX):
        return "is a private side file, which is never published"
    return None


def resolve(ref: str | Path, base: Path, root: Path, where: Where, what: str = "file",
            assets: bool = True) -> Path:
    """The file `ref` (relative to `base`) after symlinks, if a build may read it; else a
    CopressError naming the place that referred to it."""
    path = Path(ref)
    shown = str(ref)
    try:
        target = (base / path).resolve()  # where it lands is judged before whether it exists
    except (OSError, RuntimeError) as err:  # symlink loops, names too long
        raise CopressError(f"{what} '{shown}' cannot be read ({err})", where.file, where.line) from None
    reason = refused_reason(target, root.resolve(), assets=assets)
    if reason:
        raise CopressError(f"{what} '{shown}' {reason}", where.file, where.line,
                           hint="copress reads only the manuscript, the project's templates and "
                                "its own files; copy what you need into manuscript/")
    if not target.exists():
        raise CopressError(f"{what} '{shown}' does not exist", where.file, where.line,
                           hint="check the file name (paths are relative to the file that "
                                "refers to them)")
    if not target.is_file():
        raise CopressError(f"{what} '{shown}' is a folder, not a file", where.file, where.line,
                           hint="give the path of a file")
    note(target)  # handed to pandoc or WeasyPrint, which read it outside this process
    return target


def _read(path: Path, shown: str, limit: int) -> bytes:
    try:
        if path.is_dir():
            raise CopressError("is a folder where a file was expected", shown,
                               hint="rename or move the folder; copress reads files here")
        if not path.is_file():
            raise CopressError("is not a regular file", shown, hint="replace it with a file")
        size = path.stat().st_size
        if size > limit:
            raise CopressError(f"is too large ({size // (1024 * 1024)} MB; the limit is "
                               f"{limit // (1024 * 1024)} MB)", shown,
                               hint="split it, or make pictures smaller")
        data = path.read_bytes()
        note(path, data)
        return data
    except PermissionError:
        raise CopressError("cannot be read (permission denied)", shown,
                           hint="check the file's permissions") from None


def decode_text(data: bytes, shown: str) -> str:
    """UTF-8 text, or a CopressError with the line of the first bad byte."""
    if b"\0" in data:
        line = data.count(b"\n", 0, data.index(b"\0")) + 1
        raise CopressError("is not a text file (it holds binary data)", shown, line,
                           hint="only Markdown and YAML text belongs here; was a picture or a "
                                "Word file given a .md or .yaml name?")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise CopressError("is not UTF-8 text (a byte on this line cannot be read)", shown, line,
                           hint="save the file as UTF-8 in your editor (\"Save as… → UTF-8\")") from None
    return text.removeprefix("\ufeff")  # a byte-order mark some editors add


def read_text(path: Path, shown: str | None = None, limit: int = MAX_TEXT) -> str:
    """A text source (Markdown, YAML, CSS, templates): a file, within the cap, UTF-8."""
    shown = shown or str(path)
    return decode_text(_read(path, shown, limit), shown)


def check_source(path: Path, root: Path, shown: str | None = None) -> None:
    """A project source file (chapter, contributor file, guide, course module, metadata) must be
    a file that really is where it is named: inside the project, in a folder that is not a link
    elsewhere, and, if it is itself a link, to a file in the same folder."""
    shown = shown or str(path)
    if path.is_dir():
        raise CopressError("is a folder where a file was expected", shown,
                           hint="rename or move the folder; copress reads a file with this name")
    try:
        named = root.resolve() / path.relative_to(root)
    except ValueError:
        named = None
    if named is None or path.parent.resolve() != named.parent:
        raise CopressError("is in a folder that links outside the project", shown,
                           hint="copress reads only files inside the project: move the folder here")
    if path.resolve().parent != named.parent:
        raise CopressError("is a link to a file elsewhere", shown,
                           hint="copress reads only files inside the project: copy the file here")
    if not path.is_file():
        raise CopressError("is not a regular file", shown, hint="replace it with a file")


def read_source(path: Path, root: Path, shown: str | None = None, limit: int = MAX_TEXT) -> str:
    """A project text file, checked by `check_source`, within the cap, UTF-8."""
    check_source(path, root, shown)
    return read_text(path, shown or str(path), limit)


def read_bytes(path: Path, shown: str | None = None, limit: int = MAX_PICTURE) -> bytes:
    return _read(path, shown or str(path), limit)


def sniff_picture(data: bytes) -> str | None:
    """The picture type of `data` by its bytes (not its name), or None if it is no picture."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith((b"<?xml", b"<svg", b"<!--", b"<!DOCTYPE")) and b"<svg" in data[:65536]:
        return "image/svg+xml"
    return None


SVG_NS = "http://www.w3.org/2000/svg"
XLINK = "{http://www.w3.org/1999/xlink}href"


_SAFE_SVGS: set[bytes] = set()  # digests of SVG pictures check_svg passed (a build reads each twice)


def check_svg(data: bytes, shown: str) -> None:
    """An SVG is a picture only: no DTD or entities, no scripts, no references to other files."""
    digest = hashlib.blake2b(data, digest_size=32).digest()
    if digest in _SAFE_SVGS:
        return
    _check_svg(data, shown)
    _SAFE_SVGS.add(digest)


def _check_svg(data: bytes, shown: str) -> None:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             dtd_validation=False, huge_tree=False, remove_comments=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as err:
        raise CopressError(f"is not a well-formed SVG picture ({err.msg})", shown,
                           hint="export the picture again from your drawing program") from None
    if root.getroottree().docinfo.doctype:
        raise CopressError("is an SVG picture with a DOCTYPE (which can read other files)", shown,
                           hint="remove the <!DOCTYPE …> line, or export the picture as PNG")
    if root.tag != f"{{{SVG_NS}}}svg":
        raise CopressError("is not an SVG picture", shown, hint="give a PNG, JPEG, GIF, WebP or SVG picture")
    for elem in root.iter():
        if not isinstance(elem.tag, str):
            continue
        local = etree.QName(elem).localname.lower()
        if local in ("script", "foreignobject"):
            raise CopressError(f"is an SVG picture with a <{local}> element", shown,
                               hint="pictures may not contain programs or HTML; export it again as a plain picture")
        for name, value in elem.attrib.items():
            attr = etree.QName(name).localname.lower()
            if attr.startswith("on"):
                raise CopressError(f"is an SVG picture with an event handler ({attr})", shown,
                                   hint="pictures may not contain programs; export it again")
            if (name == XLINK or attr == "href") and not value.strip().startswith(("#", "data:image/")):
                raise CopressError("is an SVG picture that refers to another file", shown,
                                   hint="embed the pictures it uses, or export it as PNG")


def read_picture(path: Path, shown: str) -> tuple[bytes, str]:
    """A picture's bytes and its sniffed type; anything else is refused."""
    data = _read(path, shown, MAX_PICTURE)
    kind = sniff_picture(data)
    if kind is None:
        raise CopressError("is not a picture (PNG, JPEG, GIF, WebP or SVG)", shown,
                           hint="figures must be pictures; check that the right file is named")
    if kind == "image/svg+xml":
        check_svg(data, shown)
    return data, kind


def check_picture(path: Path, shown: str) -> str:
    return read_picture(path, shown)[1]
