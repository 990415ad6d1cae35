"""The easy-read edition's sources, read and checked once: manuscript/easy-read.md with its own
YAML block, the glossary, the pictures and who reviewed it; and its rule breaks as one error."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Callable

from .. import gate
from ..errors import CopressError
from ..findings import Finding
from ..messages import Messages, messages
from ..project import Project, edition_lang, language_notice
from ..targets import of_edition
from .draft import DRAFT
from .filtering import SOURCE
from .glossary import Glossary, load_glossary
from .pictures import PictureTable
from .rules import Context, check_pages, check_text
from .text import EasyReadText, parse_text

FRONT_KEYS = {"title", "subtitle"}  # what easy-read.md's own YAML block may set
PDF_FILE = of_edition("easyread")["easy-read"]


@dataclass
class EasyRead:
    """The edition's sources, read and checked once."""

    project: Project
    text: EasyReadText
    glossary: Glossary
    pictures: PictureTable
    reviewers: list[str]  # public names, as consented
    title: str
    subtitle: str

    @property
    def draft(self) -> bool:
        return not self.reviewers

    @property
    def lang(self) -> str:
        """The edition's language: copress.yaml `easy-read: {lang: cy}`, else the article's."""
        return edition_lang(self.project, "easy-read")

    @property
    def words(self) -> Messages:
        """The words copress writes into the edition, in its language (copress/locales)."""
        return messages(self.lang)

    def language_notice(self) -> list[str]:
        """'Not yet checked by a fluent speaker' until copress.yaml `languages:` names who
        checked copress's words in the edition's language (its readers, `reviewed-by`, do not)."""
        return language_notice(self.project, self.lang)

    def findings(self) -> list[Finding]:
        return check_text(Context(self.text, self.glossary, self.pictures, self.project.root, self.lang))


def has_easy_read(project: Project) -> bool:
    return (project.manuscript / "easy-read.md").is_file()


def read_easy_read(project: Project) -> EasyRead:
    path = project.manuscript / "easy-read.md"
    if not path.exists() and (project.manuscript / DRAFT).is_file():
        # right after `copress easy-read draft`: the draft is never read as the edition itself
        raise CopressError(f"there is no easy-read text yet, only the draft manuscript/{DRAFT}", SOURCE,
                           hint=f"copy (or rename) manuscript/{DRAFT} to {SOURCE}, then run "
                                "`copress easy-read check` again: it shows what to rewrite")
    if not path.exists():
        raise CopressError("there is no easy-read text", SOURCE,
                           hint="write it, or start from `copress easy-read draft`")
    text = parse_text(gate.read_source(path, project.root, SOURCE), SOURCE)
    front = _front_matter(text)
    lang = edition_lang(project, "easy-read")
    return EasyRead(project, text, load_glossary(project.manuscript), PictureTable(project.root),
                    reviewers(project, lang), front.get("title", project.metadata.title),
                    front.get("subtitle", messages(lang).text("easy-read.subtitle")))


def _front_matter(text: EasyReadText) -> dict[str, str]:
    if text.body_start <= 1:
        return {}
    block = "\n".join(text.source.splitlines()[1:text.body_start - 2])
    from ..yamlfile import parse_yaml

    data = parse_yaml(block, SOURCE, first_line=2).data or {}  # line 1 is the '---'
    unknown = set(data) - FRONT_KEYS if isinstance(data, dict) else {"(not a mapping)"}
    if unknown:
        raise CopressError(f"unknown key '{sorted(unknown)[0]}' in the YAML block", SOURCE, 1,
                           hint="easy-read.md may set only title: and subtitle:")
    return {k: str(v) for k, v in data.items()}


def reviewers(project: Project, lang: str | None = None) -> list[str]:
    """copress.yaml easy-read.reviewed-by → names as consented (anonymous readers described in
    `lang`, the edition's language); an unknown id is an error."""
    ids = project.config.easy_read.reviewed_by
    names = project.public_names(lang)
    for n, cid in enumerate(ids):
        if cid not in project.contributors:
            line = None
            if (project.root / "copress.yaml").is_file():
                from ..yamlfile import load_yaml

                line = load_yaml(project.root / "copress.yaml", "copress.yaml").line_of(
                    ("easy-read", "reviewed-by", n))
            raise CopressError(f"easy-read reviewer '{cid}' has no file contributors/{cid}.yaml",
                               "copress.yaml", line,
                               hint="reviewed-by lists contributor ids (contributor file names)")
    return [names[cid] for cid in ids if cid in names]  # not those who withdrew from the project


def errors_to_exception(findings: list[Finding]) -> CopressError | None:
    """All error findings as one CopressError that points at the first."""
    errors = [f for f in findings if f.severity == "error"]
    if not errors:
        return None
    lines = [f"{f.file}:{f.line}: {f.message} [{f.rule}]" if f.line else f"{f.file}: {f.message} [{f.rule}]"
             for f in errors]
    first = errors[0]
    return CopressError(f"the easy-read text breaks {len(errors)} easy-read rule(s):\n  "
                        + "\n  ".join(lines), first.file, first.line,
                        "fix each one; `copress easy-read check` explains every rule and how to fix it")


def page_count(pdf: bytes) -> int:
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        return len(doc.pages)


def check_length(pdf: bytes, count: Callable[[bytes], int] = page_count) -> None:
    """Stop the build if the edition's PDF has more pages than easy read allows (`count` counts
    them: the build has the PDF worker do it, which has pikepdf loaded already)."""
    error = errors_to_exception(check_pages(count(pdf), PDF_FILE))
    if error:
        raise error
