"""Project.load(dir): copress.yaml, manuscript metadata and contributors, validated once."""

from __future__ import annotations

import dataclasses
import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .contributors import (ANONYMOUS_LABEL, PRIVATE_SUFFIX, Contributor, PrivateDetails, merge_private,
                           misplaced_private)
from . import gate
from .errors import CopressError
from .vocab.stages import DEFAULT_STAGES, slugify
from .yamlfile import load_yaml, validate

ARTICLE_FILE = re.compile(r"^\d\d-.+\.md$")


class Payment(BaseModel):
    model_config = ConfigDict(extra="forbid")
    per_hour: float = Field(gt=0)
    currency: str = "GBP"


LANGUAGE_TAG = re.compile(r"[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*")


def _language_tag(value: str) -> str:
    if not LANGUAGE_TAG.fullmatch(value):
        raise ValueError(f"'{value}' is not a language tag such as en-GB or cy")
    return value


class EasyReadConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    reviewed_by: list[str] = Field(default=[], alias="reviewed-by")
    # the easy-read edition's language when it differs from the article's (metadata.yaml lang)
    lang: str | None = None

    @field_validator("lang")
    @classmethod
    def _lang(cls, value: str | None) -> str | None:
        return None if value is None else _language_tag(value)


class LanguageConfig(BaseModel):
    """copress.yaml `languages: {cy: {checked-by: [ids]}}`: who checked copress's own words in
    a language (fluent speakers among the contributors), apart from the easy-read readers."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    checked_by: list[str] = Field(default=[], alias="checked-by")


class GuideConfig(BaseModel):
    """copress.yaml `guide:`: resource types and topics added to the guide's lists."""

    model_config = ConfigDict(extra="forbid")
    types: dict[str, str] = {}  # slug → plain words
    topics: dict[str, str] = {}

    @field_validator("types", "topics", mode="before")
    @classmethod
    def _words(cls, value: Any) -> dict[str, str]:
        if value is None:
            return {}
        if not isinstance(value, list) or not all(isinstance(v, str) and slugify(v) for v in value):
            raise ValueError("a list of plain words, e.g. [podcast, peer support]")
        return {slugify(v): v[:1].upper() + v[1:] for v in value}


class ReviewConfig(BaseModel):
    """copress.yaml `review:`: whom review packs tell people to contact, and by when."""

    model_config = ConfigDict(extra="forbid")
    # a name and an e-mail address or phone number the team chose to show in every review pack
    contact: str | None = None
    deadline: datetime.date | None = None  # the date comments are wanted by

    @field_validator("contact", mode="before")
    @classmethod
    def _contact(cls, value: Any) -> str | None:
        if value is None:
            return None
        # YAML reads some unquoted phone numbers as numbers (0161 23 → octal!): ask for quotes
        if not isinstance(value, str) or not value.strip():
            raise ValueError("contact is a name with an e-mail address or phone number, in quotes, "
                             'e.g. "Amina Okafor, 01632 960 000"')
        return " ".join(value.split())

    @field_validator("deadline", mode="before")
    @classmethod
    def _deadline(cls, value: Any) -> datetime.date | None:
        if value is None or type(value) is datetime.date:
            return value
        if isinstance(value, datetime.datetime):
            return value.date()
        try:
            return datetime.date.fromisoformat(str(value).strip())
        except ValueError:
            raise ValueError(f"'{value}' is not a date written year-month-day, e.g. 2027-01-15") from None


class Config(BaseModel):
    """copress.yaml: project-wide settings. Unknown keys are an error."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    journal: str = "generic"
    stages: dict[str, str] | None = None  # slug → plain words; replaces the default list
    payment: Payment | None = None
    easy_read: EasyReadConfig = Field(default_factory=EasyReadConfig, alias="easy-read")
    css: list[str] = []  # extra stylesheets, relative to the project folder
    guide: GuideConfig = Field(default_factory=GuideConfig)  # extra resource types and topics
    review: ReviewConfig = Field(default_factory=ReviewConfig)  # review packs' contact and deadline
    # path pattern → research stage, for commits (commits count toward `writing` otherwise)
    stage_paths: dict[str, str] = Field(default={}, alias="stage-paths")
    # language → who checked copress's words in it (English needs nobody); checked in Project.load
    languages: dict[str, LanguageConfig] = {}
    # check as for submission: every author's sign-off of the current text is then required
    # (docs/signoff.md). Not implied by `journal:`: every project names a journal profile.
    submission: bool = False

    @field_validator("stages", mode="before")
    @classmethod
    def _stages(cls, value: Any) -> dict[str, str] | None:
        if value is None:
            return None
        if not isinstance(value, list) or not value:
            raise ValueError("stages is a list of stage names, e.g. [design, writing]")
        return {slugify(str(v)): str(v) for v in value}

    @model_validator(mode="after")
    def _stage_paths(self) -> "Config":
        stages = self.stages or DEFAULT_STAGES
        for pattern, stage in list(self.stage_paths.items()):
            slug = slugify(stage)
            if slug not in stages:
                raise ValueError(f"stage-paths: unknown stage '{stage}' for '{pattern}'; "
                                 "valid stages: " + ", ".join(stages))
            self.stage_paths[pattern] = slug
        return self


class ArticleMetadata(BaseModel):
    """manuscript/metadata.yaml: the article's pandoc metadata and its byline."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    title: str = Field(min_length=1)
    subtitle: str | None = None
    lang: str = "en-GB"
    date: str | None = None
    keywords: list[str] = []
    abstract: str | None = None
    bibliography: str | None = None
    csl: str = "biomed-central.csl"
    license: str | None = None
    article_type: str = Field(default="research-article", alias="article-type")  # JATS @article-type
    authors: list[str] = Field(min_length=1)
    doi: str | None = None  # the published article's DOI, once it has one (deposit metadata)

    @field_validator("license")
    @classmethod
    def _license(cls, value: str | None) -> str | None:
        from .vocab.licenses import LICENSES

        if value is not None and value not in LICENSES:
            raise ValueError(f"unknown licence '{value}'; use one of: " + ", ".join(LICENSES))
        return value

    @field_validator("doi", mode="before")
    @classmethod
    def _doi(cls, value: Any) -> str | None:
        if value is None:
            return None
        doi = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:)", "", str(value).strip(), flags=re.IGNORECASE)
        if not re.fullmatch(r"10\.\d{4,9}/\S+", doi):
            raise ValueError(f"'{value}' is not a DOI; write it as 10.1234/abcd (with or without "
                             "https://doi.org/ in front)")
        return doi

    @field_validator("lang")
    @classmethod
    def _lang(cls, value: str) -> str:
        if not LANGUAGE_TAG.fullmatch(value):
            raise ValueError(f"'{value}' is not a language tag such as en-GB")
        return value


@dataclass
class Project:
    """Everything the editions need, read from disk and checked once."""

    root: Path
    config: Config
    metadata: ArticleMetadata
    contributors: dict[str, Contributor]
    article_files: list[Path]
    sources: dict[str, Path] = field(default_factory=dict)  # shown name → file, for messages
    # tracked contributor file → keys in it that belong in its private side file (check warns)
    misplaced: dict[str, list[str]] = field(default_factory=dict)
    # contributor id → the line of each key path in its tracked file, for messages
    contributor_lines: dict[str, dict[tuple, int]] = field(default_factory=dict)
    # consent edition(s) → this project as they show it (for_edition), made once each
    _views: dict[tuple[str, ...], "Project"] = field(default_factory=dict, repr=False, compare=False)

    @property
    def manuscript(self) -> Path:
        return self.root / "manuscript"

    @property
    def stages(self) -> dict[str, str]:
        return self.config.stages or DEFAULT_STAGES

    @property
    def authors(self) -> list[Contributor]:
        """The byline, as published: without anyone who withdrew from the project, or withdrew
        their name (they are acknowledged anonymously, among `others`)."""
        return [self.contributors[i] for i in self.metadata.authors
                if self.contributors[i].withdrawn_project is None and not self.contributors[i].anonymous_by_consent]

    @property
    def others(self) -> list[Contributor]:
        """Contributors who are not authors, in id order, as published: without anyone who
        withdrew from the project. Every public output reaches people through `authors`,
        `others`, `public_names` and `public_ids`; `contributors` has everyone (private views)."""
        byline = {c.id for c in self.authors}
        return [c for cid, c in sorted(self.contributors.items())
                if cid not in byline and c.withdrawn_project is None]

    def for_edition(self, *editions: str) -> "Project":
        """The project as `editions` (copress/consent.py EDITIONS; several: all of them at once,
        e.g. the guide on the project web site) may show it: anyone whose consent names editions
        that leave one of them out is an anonymous acknowledgement there (Contributor.left_out_of).
        The one place a name is limited to some editions: the build hands each edition its view,
        the privacy scan searches each edition's files with its view. Made once per editions."""
        from .consent import EDITIONS

        unknown = [e for e in editions if e not in EDITIONS]
        if unknown:  # a programming error, not a user's: the callers name editions from tables
            raise ValueError(f"unknown consent edition {unknown[0]!r}")
        if editions not in self._views:
            contributors = {}
            for cid, person in self.contributors.items():
                out = next((e for e in editions if not person.allows(e)), None)
                as_is = out is None or person.named == "anonymous" or person.withdrawn_project is not None
                contributors[cid] = person if as_is else person.left_out_of(out)
            self._views[editions] = dataclasses.replace(self, contributors=contributors, _views={})
        return self._views[editions]

    @property
    def withdrawn(self) -> list[Contributor]:
        """Contributors who withdrew from the project: in no public output, still paid."""
        return [c for _, c in sorted(self.contributors.items()) if c.withdrawn_project is not None]

    @property
    def words(self):
        """The words copress writes into the article and what goes with it (review packs, the
        sign-off form), in the article's language (metadata.yaml `lang`): a messages.Messages."""
        from .messages import messages

        return messages(self.metadata.lang)

    def public_names(self, lang: str | None = None) -> dict[str, str]:
        """id → name as consented. Anonymous people of one kind are numbered when there are
        several; they are described ("Public contributor") in `lang`, the edition's language,
        when given (copress/locales, `contributor.*`), else in English."""
        labels = ANONYMOUS_LABEL
        if lang is not None:
            from .messages import messages

            words = messages(lang)
            labels = {kind: words.text(f"contributor.{kind}") for kind in ANONYMOUS_LABEL}
        ordered = self.authors + self.others
        anonymous: dict[str, list[Contributor]] = {}
        for person in ordered:
            if person.named == "anonymous":
                anonymous.setdefault(person.kind, []).append(person)
        names = {}
        for person in ordered:
            label = None
            group = anonymous.get(person.kind, [])
            if person.named == "anonymous":
                label = labels[person.kind] + (f" {group.index(person) + 1}" if len(group) > 1 else "")
            names[person.id] = person.public_name(label)
        return names

    def public_ids(self) -> dict[str, str]:
        """id → an identifier safe to publish: the id itself only for people named in full."""
        labels = {}
        counts: dict[str, int] = {}
        for person in self.authors + self.others:
            if person.named == "full":
                labels[person.id] = person.id
            else:
                counts[person.kind] = counts.get(person.kind, 0) + 1
                labels[person.id] = f"{slugify(ANONYMOUS_LABEL[person.kind])}-{counts[person.kind]}"
        return labels

    def shown(self, path: Path) -> str:
        """A path as shown in messages: relative to the project folder."""
        try:
            return str(path.resolve().relative_to(self.root))
        except ValueError:
            return str(path)

    @classmethod
    def load(cls, root: Path | str) -> "Project":
        root = Path(root).resolve()
        if not root.is_dir():
            raise CopressError("is not a folder", root, hint="give -C the project folder")
        manuscript = root / "manuscript"
        if not manuscript.is_dir():
            raise CopressError("no manuscript/ folder here", root,
                               hint="run copress in a project folder, or create one with `copress new DIR`")

        config_path = root / "copress.yaml"
        config, config_file = Config(), None
        if config_path.exists():
            config_file = load_yaml(config_path, "copress.yaml")
            config = validate(Config, config_file, "copress.yaml")
        stages = config.stages or DEFAULT_STAGES

        meta_path = manuscript / "metadata.yaml"
        if not meta_path.exists():
            raise CopressError("is missing", "manuscript/metadata.yaml",
                               hint="add the article's title, lang and authors (see docs/format.md)")
        meta_file = load_yaml(meta_path, "manuscript/metadata.yaml")
        metadata = validate(ArticleMetadata, meta_file, "manuscript/metadata.yaml")

        contributors, misplaced, lines = _load_contributors(root, stages)
        _check_languages(config, config_file, contributors)
        for i, cid in enumerate(metadata.authors):
            if cid not in contributors:
                raise CopressError(
                    f"author '{cid}' has no file contributors/{cid}.yaml",
                    "manuscript/metadata.yaml", meta_file.line_of(("authors", i)),
                    hint="add the contributor file or fix the id (ids are contributor file names)")
        if len(set(metadata.authors)) != len(metadata.authors):
            raise CopressError("an author is listed twice in 'authors'", "manuscript/metadata.yaml",
                               meta_file.line_of(("authors",)))
        corresponding = [c.id for c in contributors.values() if c.corresponding]
        if len(corresponding) > 1:
            raise CopressError("more than one corresponding author: " + ", ".join(corresponding),
                               "contributors/", hint="mark one contributor 'corresponding: true'")

        files = sorted(p for p in manuscript.iterdir() if ARTICLE_FILE.match(p.name))
        if not files:
            raise CopressError("no article files", "manuscript/",
                               hint="article text goes in files named like 01-background.md")
        for path in files:
            gate.check_source(path, root, str(path.relative_to(root)))
        project = cls(root, config, metadata, contributors, files, misplaced=misplaced,
                      contributor_lines=lines)
        _check_recorders(project)
        return project


def _check_recorders(project: Project) -> None:
    """Each consent entry's `recorded-by` names a contributor: a CopressError at its line otherwise."""
    for cid, person in sorted(project.contributors.items()):
        for n, entry in enumerate(person.consent):
            if entry.recorded_by and entry.recorded_by not in project.contributors:
                raise CopressError(
                    f"consent recorded by '{entry.recorded_by}', who has no contributor file",
                    f"contributors/{cid}.yaml", project.contributor_lines.get(cid, {}).get(
                        ("consent", n, "recorded-by")),
                    hint="recorded-by is the contributor id (contributor file name) of the team member "
                         "who wrote the consent down, e.g. " + ", ".join(sorted(project.contributors)[:2]))


def _check_languages(config: Config, source, contributors: dict[str, Contributor]) -> None:
    """copress.yaml `languages:`: each a language copress has words in, other than English,
    checked by people who have a contributor file."""
    from .messages import ENGLISH, available, base_language

    others = ", ".join(a for a in available() if a != ENGLISH)
    for tag, language in config.languages.items():
        line = source.line_of(("languages", tag))
        lang = base_language(tag) if LANGUAGE_TAG.fullmatch(tag) else None
        if lang is None:
            raise CopressError(f"languages: '{tag}' is not a language tag such as cy", "copress.yaml", line)
        if lang == ENGLISH or lang not in available():
            raise CopressError(
                f"languages: '{tag}': " + ("English needs no checker: copress's words are written in it"
                                          if lang == ENGLISH else "copress has no words in this language yet"),
                "copress.yaml", line, hint=f"languages copress has words to check in: {others}")
        for n, cid in enumerate(language.checked_by):
            if cid not in contributors:
                raise CopressError(
                    f"'{cid}', named as having checked the {tag} wording, has no file contributors/{cid}.yaml",
                    "copress.yaml", source.line_of(("languages", tag, "checked-by", n)),
                    hint="checked-by lists contributor ids (contributor file names) of fluent speakers")


def _load_contributors(root: Path, stages: dict) -> tuple[dict[str, Contributor], dict[str, list[str]],
                                                       dict[str, dict[tuple, int]]]:
    """contributors/<id>.yaml, each with its git-ignored side file <id>.private.yaml merged in;
    also the keys that belong in side files, and the line of every key of each tracked file."""
    contributors: dict[str, Contributor] = {}
    misplaced: dict[str, list[str]] = {}
    lines: dict[str, dict[tuple, int]] = {}
    folder = root / "contributors"
    if not folder.is_dir():
        return contributors, misplaced, lines
    paths = sorted(folder.glob("*.yaml"))
    tracked = [p for p in paths if not p.name.endswith(PRIVATE_SUFFIX)]
    for side in paths:
        if side.name.endswith(PRIVATE_SUFFIX) and not side.with_name(
                side.name.removesuffix(PRIVATE_SUFFIX) + ".yaml").exists():
            raise CopressError("is a private side file with no contributor file beside it",
                               f"contributors/{side.name}",
                               hint=f"add contributors/{side.name.removesuffix(PRIVATE_SUFFIX)}.yaml "
                                    "(naming choice, credit) or remove this file")
    for path in tracked:
        shown = f"contributors/{path.name}"
        source = load_yaml(path, shown)  # through the gate: a file really in contributors/
        if isinstance(source.data, dict) and "id" in source.data:
            raise CopressError("has an 'id:' key; the id is the file name", shown, source.line_of(("id",)),
                               hint=f"remove it (this contributor's id is '{path.stem}')")
        lines[path.stem] = source.lines
        if isinstance(source.data, dict):
            keys = misplaced_private(source.data)
            if keys:
                misplaced[shown] = keys
            side_path = path.with_name(path.stem + PRIVATE_SUFFIX)
            if side_path.exists():
                side_shown = f"contributors/{side_path.name}"
                side = validate(PrivateDetails, load_yaml(side_path, side_shown), side_shown)
                source.data = merge_private(source.data, side)
            source.data = {"id": path.stem, **source.data}
        person = contributors[path.stem] = validate(Contributor, source, shown, stages=stages)
        if person.withdrawn_naming and ("name",) in lines[path.stem] and "name" not in misplaced.get(shown, []):
            # a name withdrawn from publication is now a hidden name kept in a tracked file
            misplaced.setdefault(shown, []).append("name")
    return contributors, misplaced, lines


def edition_lang(project: Project, edition: str) -> str:
    """The language an edition is written in: copress.yaml `easy-read: {lang: cy}` for the
    easy-read edition when set, otherwise the article's (metadata.yaml `lang`). The guide and
    the course read theirs from their own front matter (guide.md, course.md)."""
    own = {"easy-read": project.config.easy_read.lang}.get(edition)
    return own or project.metadata.lang


def language_checked(project: Project, lang: str) -> bool:
    """Whether a fluent speaker among the contributors has checked copress's words in `lang`
    (copress.yaml `languages:`). English, the words' own language, is always checked."""
    from .messages import ENGLISH, base_language

    base = base_language(lang)
    if base == ENGLISH:
        return True
    return any(base_language(tag) == base and language.checked_by
               for tag, language in project.config.languages.items())


def language_notice(project: Project, lang: str) -> list[str]:
    """What every page in `lang` says until its wording is checked: the notice in that language,
    then in English (for a reader, or a team member, who cannot judge the language); [] once
    checked. Naming easy-read readers does not remove it: they check that a text is easy to
    read, not copress's wording in a language."""
    from .messages import ENGLISH, messages

    if language_checked(project, lang):
        return []
    own = messages(lang)
    if own.lang == ENGLISH:  # copress has no words in `lang`: what it writes is English
        return []
    english = messages("en-GB")
    return [own.text("common.language-not-checked", language=own.language_name()),
            english.text("common.language-not-checked", language=own.language_name("en"))]
