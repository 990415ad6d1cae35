"""course.yaml and the module files: read and validated once, with the file and line of every
problem. Reflective questions and resources are looked up by id in the guide, never copied."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .. import gate
from ..errors import CopressError
from ..guide.models import Guide, Question, Resource
from ..project import Project
from ..yamlfile import YamlFile, load_yaml, parse_yaml, validate

COURSE_DIR = "manuscript/course"
COURSE_FILE = f"{COURSE_DIR}/course.yaml"
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# How an activity can be run: the mode's slug → the words shown beside it.
MODES = {
    "in-person": "In person",
    "online": "Online",
    "both": "In person or online",
}

# The feedback form's questions when course.yaml gives none: (field name, question).
FEEDBACK = [
    ("worked", "What worked well for you in this course?"),
    ("change", "What would you change about the course?"),
    ("try", "Would you try co-production in your own work? Why, or why not?"),
    ("other", "Is there anything else you would like to tell us?"),
]


def _as_list(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


class Break(BaseModel):
    """A pause in the session plan, after a module."""

    model_config = ConfigDict(extra="forbid")
    after: str
    minutes: int = Field(gt=0)
    title: str = "Break"


class CourseMeta(BaseModel):
    """course.yaml: the course as a whole."""

    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1)
    subtitle: str | None = None
    lang: str | None = None
    audience: list[str] = Field(min_length=1)
    duration: int = Field(gt=0)  # minutes; the session plan may not run over it
    outcomes: list[str] = Field(min_length=1)
    modules: list[str] = Field(min_length=1)  # module file names without .md, in order
    facilitators: list[str] = Field(min_length=1)  # contributor ids
    breaks: list[Break] = []
    feedback: list[str] = []  # the feedback form's questions; FEEDBACK if empty

    _lists = field_validator("audience", "outcomes", "modules", "facilitators", "feedback",
                             mode="before")(_as_list)


class ModuleMeta(BaseModel):
    """A module file's YAML front matter."""

    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1)
    minutes: int = Field(gt=0)
    outcomes: list[str] = Field(min_length=1)
    questions: list[str] = []  # ids in the guide's questions.yaml
    resources: list[str] = []  # ids in the guide's resources

    _lists = field_validator("outcomes", "questions", "resources", mode="before")(_as_list)


@dataclass(frozen=True)
class Activity:
    title: str
    minutes: int
    mode: str
    line: int


@dataclass
class Module:
    id: str
    number: int
    title: str
    minutes: int
    outcomes: list[str]
    questions: list[Question]
    resources: list[Resource]
    activities: list[Activity]
    body: str  # the Markdown after the front matter
    file: str
    line: int  # where `body` starts in the file

    @property
    def page(self) -> str:
        """The module's web page, e.g. 02-power.html."""
        return f"{self.number:02d}-{self.id}.html"


@dataclass(frozen=True)
class PlanRow:
    """One row of the session plan: a module or a break, with its start and end in minutes."""

    start: int
    end: int
    title: str
    module: Module | None = None

    @property
    def minutes(self) -> int:
        return self.end - self.start


@dataclass
class Course:
    title: str
    subtitle: str | None
    lang: str
    audience: list[str]
    duration: int
    outcomes: list[str]
    modules: list[Module]
    facilitators: list[str]  # names as each person agreed to be named
    breaks: dict[str, Break]  # module id → the break after it
    feedback: list[tuple[str, str]]
    guide: Guide
    plan: list[PlanRow] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.plan[-1].end if self.plan else 0


# ------------------------------------------------------------------------------ the modules

FENCE = re.compile(r"^(:{3,})\s*(.*?)\s*$")
CODE_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
PICTURE = re.compile(r"!\[[^\]]*\]\(")
ATTRIBUTE = re.compile(r"""\.([\w-]+)|#([\w:.-]+)|([\w-]+)=(?:"([^"]*)"|'([^']*)'|([^\s}]+))""")


def parse_attributes(text: str) -> tuple[list[str], dict[str, str]]:
    """`{.activity minutes=20 mode="online"}` or `notes` → (classes, key-value attributes)."""
    text = text.strip()
    if not text.startswith("{"):
        return ([text] if text else []), {}
    classes, attrs = [], {}
    for m in ATTRIBUTE.finditer(text.strip("{}")):
        if m.group(1):
            classes.append(m.group(1))
        elif m.group(3):
            attrs[m.group(3)] = next(g for g in m.groups()[3:] if g is not None)
    return classes, attrs


def scan_body(body: str, shown: str, first_line: int) -> list[Activity]:
    """Check the module's Markdown before pandoc reads it (pandoc gives no line numbers): headings
    start at `##`, every fenced div is closed, activities have minutes and a known mode, and
    notes and activities are not nested in one another."""
    activities: list[Activity] = []
    stack: list[tuple[list[str], int]] = []
    in_code = None
    for offset, text in enumerate(body.split("\n")):
        line = first_line + offset
        code = CODE_FENCE.match(text)
        if code:
            mark = code.group(1)[0]
            in_code = None if in_code == mark else (in_code or mark)
            continue
        if in_code:
            continue
        if PICTURE.search(text):
            raise CopressError("pictures in course modules are not supported yet", shown, line,
                               hint="describe it in words, or link to it")
        if re.match(r"^#\s", text):
            raise CopressError("a module's sections start at '##'", shown, line,
                               hint="the module's title comes from its front matter (title: …); "
                                    "use '##' for each section, and each '##' starts a slide")
        fence = FENCE.match(text)
        if not fence:
            continue
        if not fence.group(2):
            if not stack:
                raise CopressError("':::' closes a div that was never opened", shown, line,
                                   hint="remove it, or open the div with '::: {.activity …}'")
            stack.pop()
            continue
        classes, attrs = parse_attributes(fence.group(2))
        inside = {c for cls, _ in stack for c in cls}
        # Notes may sit inside an activity; nothing else nests.
        if ("activity" in classes and inside & {"activity", "notes"}) or ("notes" in classes and "notes" in inside):
            raise CopressError("an activity or notes div inside another one", shown, line,
                               hint="close the first div with ':::' before opening the next "
                                    "(notes may sit inside an activity)")
        if "activity" in classes:
            activities.append(_activity(attrs, shown, line))
        stack.append((classes, line))
    if stack:
        raise CopressError("this div is never closed", shown, stack[-1][1],
                           hint="close it with a line of ':::'")
    return activities


def _activity(attrs: dict[str, str], shown: str, line: int) -> Activity:
    minutes = attrs.get("minutes")
    if minutes is None or not minutes.isdigit() or int(minutes) == 0:
        raise CopressError(f"activity has {'no' if minutes is None else 'a bad'} 'minutes'", shown, line,
                           hint='give its length in whole minutes: ::: {.activity minutes=20 mode="both"}')
    mode = attrs.get("mode")
    if mode not in MODES:
        raise CopressError(f"activity has {'no mode' if mode is None else f'an unknown mode {mode!r}'}",
                           shown, line, hint="use " + ", ".join(f'mode="{m}"' for m in MODES))
    extra = sorted(set(attrs) - {"minutes", "mode", "title"})
    if extra:
        raise CopressError(f"activity: unknown attribute '{extra[0]}'", shown, line,
                           hint="an activity takes minutes, mode and an optional title")
    return Activity(attrs.get("title") or "Activity", int(minutes), mode, line)


def _front_matter(text: str, shown: str) -> tuple[YamlFile, str, int]:
    """(front matter with line numbers, the rest of the text, the rest's first line)."""
    match = re.match(r"---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*\n", text, re.DOTALL)
    if not match:
        raise CopressError("has no front matter", shown, 1,
                           hint="start the module with a '---' block giving title, minutes and outcomes")
    source = parse_yaml(match.group(1), shown, Path(shown), first_line=2)  # 1: the '---'
    return source, text[match.end():], text.count("\n", 0, match.end()) + 1


def _by_id(wanted: list[str], known: dict, source: YamlFile, key: str, shown: str, what: str) -> list:
    found = []
    for i, ident in enumerate(wanted):
        if ident not in known:
            where = "questions.yaml" if what == "question" else "resources.yaml"
            raise CopressError(f"unknown {what} id '{ident}'", shown, source.line_of((key, i)),
                               hint=f"use an id from manuscript/guide/{where} "
                                    "(the course pulls them from the guide; it never copies them)")
        found.append(known[ident])
    return found


def load_module(path: Path, number: int, guide: Guide | None) -> Module:
    shown = f"{COURSE_DIR}/{path.name}"
    root = path.parents[len(Path(shown).parts) - 1]  # the project folder (shown is relative to it)
    source, body, body_line = _front_matter(gate.read_source(path, root, shown), shown)
    meta = validate(ModuleMeta, source, shown)
    if (meta.questions or meta.resources) and guide is None:
        key = "questions" if meta.questions else "resources"
        raise CopressError("pulls from the resource guide, but the project has no manuscript/guide/",
                           shown, source.line_of((key,)), hint="add the guide, or remove the ids")
    questions = _by_id(meta.questions, {q.id: q for q in guide.questions} if guide else {},
                       source, "questions", shown, "question")
    resources = _by_id(meta.resources, {r.id: r for r in guide.resources} if guide else {},
                       source, "resources", shown, "resource")
    activities = scan_body(body, shown, body_line)
    used = sum(a.minutes for a in activities)
    if used > meta.minutes:
        raise CopressError(f"the activities take {used} minutes, more than the module's {meta.minutes}",
                           shown, source.line_of(("minutes",)),
                           hint="give the module more minutes or shorten its activities")
    return Module(path.stem, number, meta.title, meta.minutes, meta.outcomes, questions, resources,
                  activities, body, shown, body_line)


# ------------------------------------------------------------------------------- the course

def session_plan(modules: list[Module], breaks: dict[str, Break]) -> list[PlanRow]:
    rows, clock = [], 0
    for module in modules:
        rows.append(PlanRow(clock, clock + module.minutes, module.title, module))
        clock += module.minutes
        pause = breaks.get(module.id)
        if pause:
            rows.append(PlanRow(clock, clock + pause.minutes, pause.title))
            clock += pause.minutes
    return rows


def load_course(project: Project, guide: Guide | None) -> Course | None:
    """The project's course, validated; None if it has no manuscript/course/ folder."""
    folder = project.root / COURSE_DIR
    if not folder.is_dir():
        return None
    path = folder / "course.yaml"
    if not path.is_file():
        raise CopressError("no course.yaml", f"{COURSE_DIR}/",
                           hint="describe the course in manuscript/course/course.yaml (see docs/course.md)")
    source = load_yaml(path, COURSE_FILE)
    meta = validate(CourseMeta, source, COURSE_FILE)

    names = project.public_names()
    for i, person in enumerate(meta.facilitators):
        if person not in project.contributors:
            raise CopressError(f"unknown facilitator '{person}'", COURSE_FILE,
                               source.line_of(("facilitators", i)),
                               hint=f"use a contributor id (a file name in contributors/): "
                                    f"{', '.join(sorted(project.contributors))}")

    files = {p.stem: p for p in folder.glob("*.md")}
    seen: dict[str, int] = {}
    modules = []
    for i, ident in enumerate(meta.modules):
        line = source.line_of(("modules", i))
        if ident in seen:
            raise CopressError(f"module '{ident}' is listed twice", COURSE_FILE, line,
                               hint=f"it is first listed on line {seen[ident]}")
        seen[ident] = line
        if not ID_RE.match(ident) or ident not in files:
            raise CopressError(f"no module file {COURSE_DIR}/{ident}.md", COURSE_FILE, line,
                               hint="list modules by file name without '.md'; files here: "
                                    + (", ".join(sorted(files)) or "none"))
        modules.append(load_module(files[ident], i + 1, guide))
    unlisted = sorted(set(files) - set(seen))
    if unlisted:
        raise CopressError(f"{COURSE_DIR}/{unlisted[0]}.md is not in the course's module list",
                           COURSE_FILE, source.line_of(("modules",)),
                           hint="add it to 'modules:' or move it out of manuscript/course/")

    breaks = {}
    for i, pause in enumerate(meta.breaks):
        if pause.after not in seen:
            raise CopressError(f"break after unknown module '{pause.after}'", COURSE_FILE,
                               source.line_of(("breaks", i, "after")), hint="use a module id from 'modules:'")
        if pause.after in breaks:
            raise CopressError(f"two breaks after module '{pause.after}'", COURSE_FILE,
                               source.line_of(("breaks", i)), hint="make them one longer break")
        breaks[pause.after] = pause

    plan = session_plan(modules, breaks)
    total = plan[-1].end
    if total > meta.duration:
        raise CopressError(f"the session plan takes {total} minutes, more than the course's duration "
                           f"of {meta.duration}", COURSE_FILE, source.line_of(("duration",)),
                           hint="shorten modules or breaks, or lengthen the course")
    feedback = ([(f"q{n}", text) for n, text in enumerate(meta.feedback, 1)] if meta.feedback
                else list(FEEDBACK))
    return Course(meta.title, meta.subtitle, meta.lang or project.metadata.lang, meta.audience,
                  meta.duration, meta.outcomes, modules, [names[p] for p in meta.facilitators if p in names],
                  breaks, feedback, guide, plan)
