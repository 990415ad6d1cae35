"""Project.load(dir): copress.yaml, manuscript metadata and contributors, validated once."""

from __future__ import annotations

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


class EasyReadConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    reviewed_by: list[str] = Field(default=[], alias="reviewed-by")


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

    @field_validator("license")
    @classmethod
    def _license(cls, value: str | None) -> str | None:
        from .vocab.licenses import LICENSES

        if value is not None and value not in LICENSES:
            raise ValueError(f"unknown licence '{value}'; use one of: " + ", ".join(LICENSES))
        return value

    @field_validator("lang")
    @classmethod
    def _lang(cls, value: str) -> str:
        if not re.fullmatch(r"[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*", value):
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

    @property
    def manuscript(self) -> Path:
        return self.root / "manuscript"

    @property
    def stages(self) -> dict[str, str]:
        return self.config.stages or DEFAULT_STAGES

    @property
    def authors(self) -> list[Contributor]:
        return [self.contributors[i] for i in self.metadata.authors]

    @property
    def others(self) -> list[Contributor]:
        """Contributors who are not authors, in id order."""
        byline = set(self.metadata.authors)
        return [c for cid, c in sorted(self.contributors.items()) if cid not in byline]

    def public_names(self) -> dict[str, str]:
        """id → name as consented. Anonymous people of one kind are numbered when there are several."""
        ordered = self.authors + self.others
        anonymous: dict[str, list[Contributor]] = {}
        for person in ordered:
            if person.named == "anonymous":
                anonymous.setdefault(person.kind, []).append(person)
        names = {}
        for person in ordered:
            label = None
            group = anonymous.get(person.kind, [])
            if person.named == "anonymous" and len(group) > 1:
                label = f"{ANONYMOUS_LABEL[person.kind]} {group.index(person) + 1}"
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
        config = Config()
        if config_path.exists():
            config = validate(Config, load_yaml(config_path, "copress.yaml"), "copress.yaml")
        stages = config.stages or DEFAULT_STAGES

        meta_path = manuscript / "metadata.yaml"
        if not meta_path.exists():
            raise CopressError("is missing", "manuscript/metadata.yaml",
                               hint="add the article's title, lang and authors (see docs/format.md)")
        meta_file = load_yaml(meta_path, "manuscript/metadata.yaml")
        metadata = validate(ArticleMetadata, meta_file, "manuscript/metadata.yaml")

        contributors, misplaced = _load_contributors(root, stages)
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
        return cls(root, config, metadata, contributors, files, misplaced=misplaced)


def _load_contributors(root: Path, stages: dict) -> tuple[dict[str, Contributor], dict[str, list[str]]]:
    """contributors/<id>.yaml, each with its git-ignored side file <id>.private.yaml merged in."""
    contributors: dict[str, Contributor] = {}
    misplaced: dict[str, list[str]] = {}
    folder = root / "contributors"
    if not folder.is_dir():
        return contributors, misplaced
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
        contributors[path.stem] = validate(Contributor, source, shown, stages=stages)
    return contributors, misplaced
