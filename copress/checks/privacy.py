"""The privacy promise, checked on the outputs as an attacker reads them: no private value,
hidden name, local path or stray e-mail address in any public file, and no PDF attachment.

Findings (area 'privacy'):
  privacy/leak            error    a value that must not be published is in a public file
  privacy/email           error    an e-mail address other than a corresponding author's public one
  privacy/pdf-attachment  error    a PDF carries a file attachment (copress makes none)
  privacy/unreadable      warning  a file or part could not be decoded, so it was not searched
Messages name the file, the part and the contributor field, never the value.
"""

from __future__ import annotations

import fnmatch
import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..contributors import is_neutral_address
from ..project import Project
from ..targets import CONSENT, TARGETS, edition_of, files
from .contents import Contents, read_contents
from ..findings import Finding
from .model import Check, Rule

# An e-mail address, found from each '@' outwards: a pattern tried at every position of a long
# base64 run (a data: URI) takes seconds.
LOCAL_PART = re.compile(r"[A-Za-z0-9._%+-]+\Z")
DOMAIN = re.compile(r"[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
# Folders of the output tree that are never published: the private record, and staging.
PRIVATE_FOLDERS = ("private",)
STAGING_PREFIX = ".copress-"


@dataclass(frozen=True)
class Secret:
    value: str
    where: str  # e.g. "contributors/sam-rivers.yaml: private.phone" — never the value itself


def _leaves(value, path: str):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, f"{path}.{key}")
    elif isinstance(value, (list, tuple)):
        for n, item in enumerate(value):
            yield from _leaves(item, f"{path}[{n}]")
    elif value is not None:
        yield str(value), path


def secrets(project: Project) -> list[Secret]:
    """Every value that must never be published, with the field it comes from."""
    found = []
    for person in project.contributors.values():
        source = f"contributors/{person.id}.yaml"
        public = (person.email or "").strip().lower() if person.named == "full" else ""
        for value, path in [*_leaves(person.git, "git"), *_leaves(person.private, "private")]:
            # Very short values ("3", "yes") would match everywhere and identify nobody; the
            # corresponding author's public e-mail may also be a commit address, and a neutral
            # commit address names no one.
            value = value.strip()
            if len(value) >= 5 and value.lower() != public and not is_neutral_address(value):
                found.append(Secret(value, f"{source}: {path}"))
        # someone who withdrew from the project may appear in no public output, even if named in full
        why = (f"named: {person.named}" if person.left_out is None
               else f"consent leaves out the {person.left_out} edition")
        why = why if person.withdrawn_project is None else "withdrew from the project"
        if person.named != "full" or person.withdrawn_project is not None:
            if person.name:  # None when the side file holding it is absent (a CI runner)
                found.append(Secret(person.name, f"{source}: name ({why})"))
            if person.record_name and person.record_name != person.public_name():
                found.append(Secret(person.record_name, f"{source}: record-name ({why})"))
            if len(person.id) >= 4:
                found.append(Secret(person.id, f"{source}: contributor id ({why})"))
        if person.withdrawn_project is not None and person.pseudonym:
            found.append(Secret(person.pseudonym, f"{source}: pseudonym ({why})"))
    for path in {str(project.root), str(Path.home())}:
        if len(path) > 1:
            found.append(Secret(path.rstrip("/") + "/", f"an absolute path of this machine ({'home' if path == str(Path.home()) else 'project'} folder)"))
    return found


INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))


def normal(text: str) -> str:
    """Text as it is compared: case, runs of white space and invisible characters hide nothing."""
    if not text.isascii():
        text = text.translate(INVISIBLE)
    return " ".join(text.lower().split())


class Search:
    """All secrets searched at once per text: one normalised copy, then one `in` per value
    (measured faster than a compiled alternation for a few dozen values, and overlapping values
    are all found). Bytes are searched for each value's UTF-8, UTF-16LE and UTF-16BE forms."""

    def __init__(self, hidden: list[Secret]):
        self.hidden = list(dict.fromkeys(hidden))
        self.words = [(normal(s.value), s) for s in hidden if normal(s.value)]
        lower = [(s, "".join(c.lower() if c.isascii() else c for c in s.value)) for s in hidden]
        self.encoded = [(form, s) for s, value in lower
                        for form in {value.encode(c) for c in ("utf-8", "utf-16-le", "utf-16-be")}]

    def in_text(self, text: str) -> set[Secret]:
        text = normal(text)
        return {s for word, s in self.words if word in text}

    def in_bytes(self, data: bytes) -> set[Secret]:
        data = data.lower()  # ASCII only, like the forms searched for
        return {s for form, s in self.encoded if form in data}

    def found(self, contents: Contents) -> dict[Secret, str]:
        """Each secret in the contents, with the first part that holds it."""
        texts = [*contents.readable, *contents.text]
        hits = self.in_text("\0".join(t for _, t in texts)) | \
            self.in_bytes(b"\0".join(b for _, b in contents.binary))
        where: dict[Secret, str] = {}
        for part, data in [*texts, *contents.binary] if hits else ():  # the rare case: locate them
            if len(where) == len(hits):
                break
            found = self.in_text(data) if isinstance(data, str) else self.in_bytes(data)
            for secret in found - where.keys():
                where[secret] = part
        return {s: where.get(s, "") for s in self.hidden if s in hits}

    def redact(self, text: str) -> str:
        """`text` (a file or part name taken from an output) with every secret in it hidden."""
        for secret in self.hidden:
            text = re.sub(re.escape(secret.value.strip()), "[withheld]", text, flags=re.IGNORECASE)
        return "[a name withheld]" if self.in_text(text) else text


def emails(text: str) -> set[str]:
    found = set()
    for at in (m.start() for m in re.finditer("@", text)):
        local, domain = LOCAL_PART.search(text, max(0, at - 64), at), DOMAIN.match(text, at + 1, at + 256)
        if local and domain:
            found.add(f"{local.group()}@{domain.group()}".lower())
    return found


def public_files(out: Path) -> list[Path]:
    """Every regular file of the output tree except the private record and staging folders."""
    found = []
    for folder, subfolders, files in os.walk(out):
        if Path(folder) == out:
            subfolders[:] = [d for d in subfolders
                             if d not in PRIVATE_FOLDERS and not d.startswith(STAGING_PREFIX)]
        found += [p for p in (Path(folder) / name for name in files) if p.is_file()]
    return sorted(found)


# A copy of an edition's files on the project web site (copress site): site/v/<commit>/… and
# site/latest/…, as copress/site/make.py lays them out.
SITE_COPY = re.compile(r"site/(?:v/[0-9a-f]{7,12}|latest)/(.+)")


def consent_editions(relative: str) -> tuple[str, ...]:
    """The editions (copress/consent.py EDITIONS) whose consent a public file at `relative` (in
    the output folder) must follow: its target's edition (copress/targets.py), and `site` too for
    anything on the project web site. () for a file no target claims."""
    copy = SITE_COPY.fullmatch(relative)
    inner = copy[1] if copy else relative
    site = ("site",) if copy or relative.startswith("site/") else ()
    for target in TARGETS:
        if any(fnmatch.fnmatchcase(inner, glob) for glob in files(target)):
            return (CONSENT[edition_of(target)], *site)
    return site


def check_privacy(project: Project, out: Path) -> list[Finding]:
    # Each file is searched with its edition's view of the project: a name its owner's consent
    # leaves out of that edition is a hidden name there (Project.for_edition).
    searches: dict[tuple[str, ...], tuple[Search, set[str]]] = {}
    findings = []
    for path in public_files(out):
        contents = read_contents(path.read_bytes())
        relative = path.relative_to(out).as_posix()
        editions = consent_editions(relative)
        if editions not in searches:
            view = project.for_edition(*editions) if editions else project
            searches[editions] = (Search(secrets(view)),
                                  {p.email.lower() for p in view.contributors.values() if p.email})
        search, allowed = searches[editions]
        contents.text.append(("its file name", relative))
        shown = search.redact(f"{out.name}/{relative}")
        findings += _findings(search, contents, shown, allowed)
    return findings


def _findings(search: Search, contents: Contents, shown: str, allowed: set[str]) -> list[Finding]:
    def at(part: str) -> str:
        return f" (in {search.redact(part)})" if part else ""

    findings = []
    version = re.search(r"/site/v/([0-9a-f]{7,12})/", shown)
    leak_hint = (f"this is a kept version of the site: withdraw it (copress site --previous … "
                 f"--withdraw {version[1]} --reason …) and publish the site again" if version else
                 "remove it from the manuscript (or from that field) and build again; "
                 "this output must not be shared as it is")
    for secret, part in search.found(contents).items():
        findings.append(Finding(
            "privacy", "privacy/leak", "error", f"{shown} contains the value of {secret.where}{at(part)}",
            shown, hint=leak_hint))
    readable = "\n".join(text for _, text in contents.readable)
    for email in sorted(emails(readable) - allowed):
        if email.endswith((".png", ".svg", ".jpg")) or is_neutral_address(email):
            continue
        findings.append(Finding(
            "privacy", "privacy/email", "error",
            f"{shown} contains an e-mail address that is not a corresponding author's public "
            "email", shown, hint="remove the address, or make it the corresponding author's "
                                 "public 'email:' if it is meant to be published"))
    for part in contents.attachments:
        findings.append(Finding(
            "privacy", "privacy/pdf-attachment", "error",
            f"{shown} has a file attached to a PDF{at(part)}: copress attaches no files, so "
            "something in the sources or templates put it there", shown,
            hint="look for a link with rel=\"attachment\" or an embedded file in the manuscript and "
                 "templates, remove it and build again; do not share this PDF"))
    for part in contents.unreadable:
        findings.append(Finding(
            "privacy", "privacy/unreadable", "warning",
            f"{shown}: {search.redact(part) if part else 'the file'} could not be decoded, so it "
            "was not searched for private values", shown,
            hint="rebuild it; a file copress wrote can always be read, so find out what wrote this one"))
    return findings


CHECK = Check(
    "privacy", "privacy", "the privacy scan of every public output",
    rules=(
        Rule("privacy/leak", "error",
             "an output holds a private value: a hidden name or id, a real commit address, a private: value, "
             "a local path", "the output would break a promise made to a contributor if it were shared",
             "remove the value from the manuscript (or that field) and build again; do not share the output"),
        Rule("privacy/email", "error", "an output holds an e-mail address other than a corresponding author's public email",
             "addresses are personal data nobody agreed to publish",
             "remove it, or make it the corresponding author's public email: if it is meant to be published"),
        Rule("privacy/pdf-attachment", "error", "a PDF has a file attached",
             "copress attaches no files, so something in the sources or templates smuggled one in",
             "find the link or embedded file in the manuscript or templates, remove it and build again"),
        Rule("privacy/unreadable", "warning", "a part of an output could not be decoded",
             "what cannot be read cannot be proven free of private values",
             "rebuild it; find out what wrote a file copress cannot read"),
    ),
    # Every public file in the output folder, whichever target wrote it: any of them may be shared.
    run=lambda context: check_privacy(context.project, context.out),
    inputs=lambda context: public_files(context.out))
