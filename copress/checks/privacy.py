"""The privacy promise, checked on the outputs: no private value, hidden name or local path in them."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..project import Project
from .findings import Finding

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
TEXT_SUFFIXES = {".html", ".xml", ".svg", ".cff", ".json", ".md", ".txt", ".csv", ".css", ".js"}


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
            # corresponding author's public e-mail may also be a commit address.
            if len(value.strip()) >= 5 and value.strip().lower() != public:
                found.append(Secret(value.strip(), f"{source}: {path}"))
        if person.named != "full":
            found.append(Secret(person.name, f"{source}: name (named: {person.named})"))
            if len(person.id) >= 4:
                found.append(Secret(person.id, f"{source}: contributor id (named: {person.named})"))
    for path in {str(project.root), str(Path.home())}:
        if len(path) > 1:
            found.append(Secret(path.rstrip("/") + "/", f"an absolute path of this machine ({'home' if path == str(Path.home()) else 'project'} folder)"))
    return found


def output_text(path: Path) -> tuple[str, str]:
    """An output as searchable text: (readable text and metadata, everything incl. raw PDF objects)."""
    data = path.read_bytes()
    if path.suffix == ".pdf":
        import pikepdf
        from pdfminer.high_level import extract_text

        with pikepdf.open(io.BytesIO(data)) as pdf:
            meta = " ".join(str(v) for v in pdf.docinfo.values()) + str(pdf.open_metadata())
            raw = io.BytesIO()
            pdf.save(raw, compress_streams=False,
                     object_stream_mode=pikepdf.ObjectStreamMode.disable)
        readable = extract_text(io.BytesIO(data)) + "\n" + meta
        return readable, readable + "\n" + raw.getvalue().decode("latin-1")
    if path.suffix == ".docx":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            text = "\n".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist()
                              if n.endswith((".xml", ".rels")))
        return text, text
    text = data.decode("utf-8", "replace")
    return text, text


def public_outputs(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*") if p.is_file()
                  and "private" not in p.relative_to(out).parts
                  and not any(part.startswith(".") for part in p.relative_to(out).parts)
                  and (p.suffix in TEXT_SUFFIXES or p.suffix in {".pdf", ".docx"}))


def check_privacy(project: Project, out: Path) -> list[Finding]:
    findings = []
    hidden = secrets(project)
    allowed_emails = {p.email.lower() for p in project.contributors.values() if p.email}
    for path in public_outputs(out):
        readable, text = output_text(path)
        shown = str(path.relative_to(out.parent)) if out.parent in path.parents else str(path)
        for secret in hidden:
            if secret.value in text:
                findings.append(Finding(
                    "privacy", "privacy/leak", "error",
                    f"{shown} contains the value of {secret.where}", shown,
                    hint="remove it from the manuscript (or from that field) and build again; "
                         "this output must not be shared as it is"))
        for email in sorted({e.lower() for e in EMAIL.findall(readable)} - allowed_emails):
            if email.endswith((".png", ".svg", ".jpg")):
                continue
            findings.append(Finding(
                "privacy", "privacy/email", "error",
                f"{shown} contains an e-mail address that is not a corresponding author's public "
                "email", shown, hint="remove the address, or make it the corresponding author's "
                                     "public 'email:' if it is meant to be published"))
    return findings
