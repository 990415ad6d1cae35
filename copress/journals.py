"""Journal profiles: templates/journals/<name>.yaml — limits, required sections, style, PPI, GRIPP2."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .assets import asset_dir
from .errors import CopressError
from .yamlfile import load_yaml, validate


class SectionRule(BaseModel):
    """A section a journal asks for, recognised by its id or a class on the heading
    (`## Cyllid {#funding}`, `## Funding {.funding}`: any language), or by its English heading text."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    name: str
    id: str = ""  # the heading's id or class that marks the section; by default the name's slug
    match: list[str] = []
    class_: str | None = Field(default=None, alias="class")

    @model_validator(mode="after")
    def _default_id(self) -> "SectionRule":
        if not self.id:
            self.id = re.sub(r"[^a-z0-9]+", "-", self.name.lower()).strip("-")
        return self


class WordLimits(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    main_text: int | None = Field(default=None, alias="main-text")
    abstract: int | None = None
    plain_summary: int | None = Field(default=None, alias="plain-summary")


class JournalProfile(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    id: str = ""
    name: str
    publisher: str | None = None
    csl: str | None = None
    word_limits: WordLimits = Field(default_factory=WordLimits, alias="word-limits")
    reference_limit: int | None = Field(default=None, alias="reference-limit")
    ppi_statement: Literal["required", "optional"] = Field(default="optional", alias="ppi-statement")
    gripp2: Literal["required", "recommended", "report"] = "report"
    required_sections: list[SectionRule] = Field(default=[], alias="required-sections")
    recommended_sections: list[SectionRule] = Field(default=[], alias="recommended-sections")


def available(project_root: Path | None) -> dict[str, Path]:
    found = {p.stem: p for p in sorted((asset_dir("templates") / "journals").glob("*.yaml"))}
    if project_root is not None:
        found.update({p.stem: p for p in sorted((project_root / "templates" / "journals").glob("*.yaml"))})
    return found


def load_profile(name: str, project_root: Path | None = None) -> JournalProfile:
    profiles = available(project_root)
    if name not in profiles:
        raise CopressError(f"unknown journal profile '{name}'", "copress.yaml",
                           hint="known profiles: " + ", ".join(profiles) +
                                "; or add templates/journals/<name>.yaml to the project")
    path = profiles[name]
    shown = f"templates/journals/{path.name}"
    profile = validate(JournalProfile, load_yaml(path, shown), shown)
    profile.id = name
    return profile
