"""Resources, reflective questions and the guide's front matter: read from manuscript/guide/
and validated once, with the file, line and entry of every problem."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator, model_validator

from .. import gate
from ..errors import CopressError
from ..project import Project
from ..vocab import guide as vocab
from ..vocab.stages import slugify
from ..yamlfile import YamlFile, load_yaml, parse_yaml

GUIDE_DIR = "manuscript/guide"
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DEFAULT_TITLE = "A map of resources and reflective questions for co-producing research"


class Problem(ValueError):
    """A validation problem with a hint saying what to do (pydantic keeps it in ctx.error)."""

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.hint = hint


@dataclass(frozen=True)
class Vocabulary:
    """The lists a guide's data is checked against: copress's own plus the project's additions."""

    stages: dict[str, str]
    types: dict[str, str]
    type_csl: dict[str, str]
    topics: dict[str, str]
    audiences: dict[str, str] = field(default_factory=lambda: dict(vocab.AUDIENCES))
    question_audiences: dict[str, str] = field(default_factory=lambda: dict(vocab.QUESTION_AUDIENCES))
    costs: dict[str, str] = field(default_factory=lambda: dict(vocab.COSTS))

    @classmethod
    def for_project(cls, project: Project) -> "Vocabulary":
        extra = project.config.guide
        types = {slug: words for slug, (words, _) in vocab.TYPES.items()} | extra.types
        type_csl = {slug: vocab.TYPES.get(slug, (None, vocab.EXTRA_TYPE_CSL))[1] for slug in types}
        return cls(stages=dict(project.stages), types=types, type_csl=type_csl,
                   topics=dict(vocab.TOPICS) | extra.topics)


def _one_of(value: Any, allowed: dict[str, str], what: str, extend: str | None = None) -> str:
    """`value` as a slug of `allowed` (plain words accepted), or a Problem listing the choices."""
    slug = slugify(str(value)) if isinstance(value, (str, int)) else ""
    if slug in allowed:
        return slug
    hint = f"use one of: {', '.join(allowed)}"
    if extend:
        hint += f"; or add it to copress.yaml under `guide: {{{extend}: [...]}}`"
    raise Problem(f"unknown {what} '{value}'", hint)


def _list_of(values: Any, allowed: dict[str, str], what: str, extend: str | None = None) -> list[str]:
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, list):
        raise Problem(f"{what}s should be a list, e.g. [{next(iter(allowed))}]")
    slugs = [_one_of(v, allowed, what, extend) for v in values]
    return list(dict.fromkeys(slugs))


def _check_id(value: str) -> str:
    """Ids become link targets in the PDF and the web page: lowercase slugs only."""
    if not ID_RE.match(value):
        raise Problem(f"id '{value}' is not a lowercase slug",
                      "use lowercase letters, digits and hyphens, e.g. nihr-payment-guidance")
    return value


def _vocab(info: ValidationInfo) -> Vocabulary:
    return info.context["vocab"]


class Resource(BaseModel):
    """One entry of the map: a public resource, described in the team's own words."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    title: str = Field(min_length=1)
    short: str | None = None  # a short title for the map; derived from `title` if absent
    publisher: str | None = None
    authors: list[str] = []
    year: int | None = Field(default=None, ge=1800, le=2100)  # null: not confirmed
    accessed: str | None = None  # date the address was last checked (YYYY-MM-DD)
    url: str
    type: str
    audiences: list[str] = Field(min_length=1)
    stages: list[str] = Field(min_length=1)
    topics: list[str] = []
    cost: str
    format: str = Field(min_length=1)
    accessibility: str | None = None
    description: str = Field(min_length=1)

    _id = field_validator("id")(_check_id)

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        parts = urlsplit(value.strip())
        if (parts.scheme not in ("http", "https") or "." not in parts.netloc
                or any(c.isspace() for c in value.strip()) or "@" in parts.netloc):
            raise Problem(f"'{value}' is not a web address",
                          "give the full address, starting with https:// (or http://)")
        return value.strip()

    @field_validator("accessed", mode="before")
    @classmethod
    def _accessed(cls, value: Any) -> str | None:
        import datetime as dt

        if value is None:
            return None
        try:
            return dt.date.fromisoformat(str(value)).isoformat()
        except ValueError:
            raise Problem(f"'{value}' is not a date", "write it as YYYY-MM-DD") from None

    @field_validator("type", mode="before")
    @classmethod
    def _type(cls, value: Any, info: ValidationInfo) -> str:
        return _one_of(value, _vocab(info).types, "type", "types")

    @field_validator("audiences", mode="before")
    @classmethod
    def _audiences(cls, value: Any, info: ValidationInfo) -> list[str]:
        return _list_of(value, _vocab(info).audiences, "audience")

    @field_validator("stages", mode="before")
    @classmethod
    def _stages(cls, value: Any, info: ValidationInfo) -> list[str]:
        stages = _vocab(info).stages
        chosen = _list_of(value, stages, "stage")
        return sorted(chosen, key=list(stages).index)  # the first stage is the earliest

    @field_validator("topics", mode="before")
    @classmethod
    def _topics(cls, value: Any, info: ValidationInfo) -> list[str]:
        return _list_of(value, _vocab(info).topics, "topic", "topics")

    @field_validator("cost", mode="before")
    @classmethod
    def _cost(cls, value: Any, info: ValidationInfo) -> str:
        return _one_of(value, _vocab(info).costs, "cost")

    @field_validator("authors", mode="before")
    @classmethod
    def _authors(cls, value: Any) -> list[str]:
        if isinstance(value, str):
            value = [value]
        return value

    @model_validator(mode="after")
    def _someone(self) -> "Resource":
        if not self.publisher and not self.authors:
            raise Problem("has neither a publisher nor authors",
                          "add `publisher: \"…\"` or `authors: [\"Surname, Given\"]`")
        return self

    @property
    def first_stage(self) -> str:
        return self.stages[0]

    @property
    def short_title(self) -> str:
        """The map's label: `short`, else the title up to a colon or dash, at most seven words."""
        if self.short:
            return self.short
        head = re.split(r"\s*[:–—(]\s*|\s+-\s+", self.title)[0] or self.title
        words = head.split()
        return " ".join(words[:6]) + "…" if len(words) > 7 else head


class Question(BaseModel):
    """One reflective question: for a stage (or every stage), on a theme, for some people."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    id: str
    stage: str
    theme: str
    for_: list[str] = Field(alias="for", min_length=1)
    text: str = Field(min_length=1)

    _id = field_validator("id")(_check_id)

    @field_validator("stage", mode="before")
    @classmethod
    def _stage(cls, value: Any, info: ValidationInfo) -> str:
        stages = {vocab.ALL_STAGES[0]: vocab.ALL_STAGES[1], **_vocab(info).stages}
        return _one_of(value, stages, "stage")

    @field_validator("theme", mode="before")
    @classmethod
    def _theme(cls, value: Any, info: ValidationInfo) -> str:
        return _one_of(value, _vocab(info).topics, "theme", "topics")

    @field_validator("for_", mode="before")
    @classmethod
    def _for(cls, value: Any, info: ValidationInfo) -> list[str]:
        return _list_of(value, _vocab(info).question_audiences, "audience")


class GuideMeta(BaseModel):
    """guide.md's optional YAML front matter (the title may be its first `#` heading instead)."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = None
    subtitle: str | None = None
    lang: str | None = None
    date: str | None = None


@dataclass
class Guide:
    """The validated guide: entries in the order they are printed (by first stage)."""

    title: str
    subtitle: str | None
    lang: str
    date: str | None
    intro: str  # guide.md's Markdown after the title
    intro_file: str | None
    intro_line: int  # line of guide.md where `intro` starts, for messages
    resources: list[Resource]
    questions: list[Question]
    vocab: Vocabulary

    def number(self, resource_id: str) -> int:
        return self._numbers[resource_id]

    def __post_init__(self):
        self._numbers = {r.id: n for n, r in enumerate(self.resources, start=1)}


# ------------------------------------------------------------------------------- loading

def _entry_error(err: ValidationError, source: YamlFile, shown: str, base: tuple,
                 what: str, entry_id: str | None) -> CopressError:
    first = err.errors()[0]
    loc = tuple(first["loc"])
    key = str(loc[0]) if loc else ""
    key = "for" if key == "for_" else key
    who = f"{what} '{entry_id}'" if entry_id else f"{what} {base[-1] + 1 if base else ''}".strip()
    line = source.line_of(base + tuple("for" if p == "for_" else p for p in loc))
    problem = first.get("ctx", {}).get("error")
    hint = getattr(problem, "hint", None)
    if first["type"] == "missing":
        return CopressError(f"{who} has no '{key}'", shown, source.line_of(base),
                            hint=f"add a '{key}:' line to this entry (see docs/guide.md)")
    if first["type"] == "extra_forbidden":
        return CopressError(f"{who}: unknown key '{key}'", shown, line,
                            hint="check the spelling; the keys are listed in docs/guide.md")
    message = first["msg"].removeprefix("Value error, ")
    if isinstance(problem, Problem):
        message = str(problem)
    field = f"{key}: " if key and not isinstance(problem, Problem) else ""
    return CopressError(f"{who}: {field}{message}", shown, line, hint=hint)


def _validate_entries(model: type, items: list, source: YamlFile, shown: str, base: tuple,
                      what: str, context: dict) -> list:
    entries, seen = [], {}
    for i, item in enumerate(items):
        where = base + (i,)
        if not isinstance(item, dict):
            raise CopressError(f"{what} {i + 1} is not a mapping of keys to values", shown,
                               source.line_of(where), hint="start each entry with '- id: …'")
        entry_id = item.get("id") if isinstance(item.get("id"), str) else None
        try:
            entry = model.model_validate(item, context=context)
        except ValidationError as err:
            raise _entry_error(err, source, shown, where, what, entry_id) from None
        if entry.id in seen:
            raise CopressError(f"{what} id '{entry.id}' is used twice", shown,
                               source.line_of(where + ("id",)),
                               hint=f"the first is on line {seen[entry.id]}; give each {what} its own id")
        seen[entry.id] = source.line_of(where + ("id",))
        entries.append(entry)
    return entries


def _list_file(path: Path, shown: str, key: str, what: str) -> tuple[YamlFile, list]:
    source = load_yaml(path, shown)
    data = source.data
    if not isinstance(data, dict) or not isinstance(data.get(key), list):
        raise CopressError(f"should hold a list under '{key}:'", shown, 1,
                           hint=f"start the file with '{key}:' and one '- id: …' {what} per entry")
    extra = sorted(set(data) - {key})
    if extra:
        raise CopressError(f"unknown key '{extra[0]}'", shown, source.line_of((extra[0],)),
                           hint=f"the file holds only '{key}:'")
    return source, data[key]


def _load_resources(project: Project, folder: Path, context: dict) -> list[Resource]:
    single, many = folder / "resources.yaml", folder / "resources"
    if single.is_file() and many.is_dir():
        raise CopressError("both resources.yaml and resources/ exist", f"{GUIDE_DIR}/",
                           hint="keep the resources in one place: one file, or one file per resource")
    if single.is_file():
        shown = f"{GUIDE_DIR}/resources.yaml"
        source, items = _list_file(single, shown, "resources", "resource")
        return _validate_entries(Resource, items, source, shown, ("resources",), "resource", context)
    if many.is_dir():
        resources = []  # ids are file names, so they cannot repeat
        for path in sorted(many.glob("*.yaml")):
            shown = f"{GUIDE_DIR}/resources/{path.name}"
            source = load_yaml(path, shown)
            if not isinstance(source.data, dict):
                raise CopressError("should be one resource: a mapping of keys to values", shown, 1)
            given = source.data.get("id", path.stem)
            if given != path.stem:
                raise CopressError(f"id '{given}' differs from the file name", shown,
                                   source.line_of(("id",)),
                                   hint=f"remove the id line (the id is the file name, '{path.stem}')")
            source.data = {"id": path.stem, **source.data}
            source.lines.setdefault((0,), 1)
            entry = _validate_entries(Resource, [source.data], _Shifted(source), shown, (), "resource",
                                      context)[0]
            resources.append(entry)
        if not resources:
            raise CopressError("resources/ holds no .yaml files", f"{GUIDE_DIR}/resources/",
                               hint="add one file per resource, named by its id")
        return resources
    raise CopressError("no resources.yaml", f"{GUIDE_DIR}/",
                       hint="list the guide's resources in manuscript/guide/resources.yaml (see docs/guide.md)")


class _Shifted(YamlFile):
    """A one-resource file seen as a list of one entry, so line lookups keep working."""

    def __init__(self, source: YamlFile):
        super().__init__(source.path, source.data, source.lines)

    def line_of(self, loc: tuple) -> int | None:
        return super().line_of(tuple(loc)[1:]) if loc and loc[0] == 0 else super().line_of(loc)


def _front_matter(text: str, shown: str) -> tuple[dict, YamlFile | None, str, int]:
    """Split an optional YAML block off guide.md: (data, lines, rest of the text, rest's first line)."""
    match = re.match(r"---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*\n", text, re.DOTALL)
    if not match:
        return {}, None, text, 1
    source = parse_yaml(match.group(1), shown, Path(shown), first_line=2)  # 1: the '---'
    data = source.data or {}
    rest_line = text.count("\n", 0, match.end()) + 1
    return data, source, text[match.end():], rest_line


def _read_intro(project: Project, folder: Path) -> tuple[GuideMeta, str, str | None, int]:
    path = folder / "guide.md"
    if not path.is_file():
        return GuideMeta(), "", None, 1
    shown = f"{GUIDE_DIR}/guide.md"
    text = gate.read_source(path, project.root, shown)
    data, source, rest, first_line = _front_matter(text, shown)
    meta = GuideMeta()
    if source is not None:
        from ..yamlfile import validate

        meta = validate(GuideMeta, source, shown)
    # The first level-1 heading is the title (unless the front matter gives one).
    title = re.match(r"\s*#\s+(.+?)\s*(?:\{[^}]*\})?\s*\n", rest + "\n")
    if title and not rest.lstrip().startswith("##"):
        if meta.title is None:
            meta = meta.model_copy(update={"title": title.group(1)})
        first_line += rest.count("\n", 0, title.end())
        rest = rest[title.end():]
    for m in re.finditer(r"^#\s", rest, re.MULTILINE):
        line = first_line + rest.count("\n", 0, m.start())
        raise CopressError("only the guide's title is a level-1 heading", shown, line,
                           hint="start the guide's sections with '##'")
    return meta, rest, shown, first_line


def load_guide(project: Project) -> Guide | None:
    """The project's guide, validated; None if the project has no manuscript/guide/ folder."""
    folder = project.root / GUIDE_DIR
    if not folder.is_dir():
        return None
    words = Vocabulary.for_project(project)
    context = {"vocab": words}
    meta, intro, intro_file, intro_line = _read_intro(project, folder)
    resources = _load_resources(project, folder, context)
    questions: list[Question] = []
    qpath = folder / "questions.yaml"
    if qpath.is_file():
        shown = f"{GUIDE_DIR}/questions.yaml"
        source, items = _list_file(qpath, shown, "questions", "question")
        questions = _validate_entries(Question, items, source, shown, ("questions",), "question", context)
    stage_order = list(words.stages)
    # Entries are printed under their first stage, in file order within a stage.
    ordered = sorted(resources, key=lambda r: stage_order.index(r.first_stage))
    return Guide(title=meta.title or DEFAULT_TITLE, subtitle=meta.subtitle,
                 lang=meta.lang or project.metadata.lang, date=meta.date, intro=intro,
                 intro_file=intro_file, intro_line=intro_line, resources=ordered, questions=questions, vocab=words)
