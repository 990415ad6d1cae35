"""Contributors: who they are, how they agreed to be named, and what they did."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

# PRIVATE_SUFFIX names the git-ignored side file contributors/<id>.private.yaml (PrivateDetails);
# the input gate owns it, since it never lets a build read one. Re-exported for the loader.
from .consent import ConsentEntry, ConsentState, Naming, state as consent_state
from .gate import PRIVATE_SUFFIX  # noqa: F401
from .vocab.credit import DEGREES, ROLES, normalise_role

Kind = Literal["public", "researcher", "practitioner", "group", "other"]

# How an anonymous contributor appears, by kind. They still count in every statement.
ANONYMOUS_LABEL: dict[str, str] = {
    "public": "Public contributor",
    "researcher": "Researcher",
    "practitioner": "Practitioner",
    "group": "Group",
    "other": "Contributor",
}

# Commits copress writes for someone not named in full use a neutral address: a random token
# per person, recorded in their tracked contributor file's `git:` list, that names no one and
# never changes. `.invalid` is reserved (RFC 2606): it can never be a real mailbox.
NEUTRAL_DOMAIN = "users.copress.invalid"


NEUTRAL_ADDRESS = re.compile(r"c-[0-9a-f]{12}@" + re.escape(NEUTRAL_DOMAIN))


def is_neutral_address(address: str) -> bool:
    """True for a copress-made commit address (which is safe to appear in history) — not the
    `<id>@users.copress.invalid` placeholder of older versions, which carries the id."""
    return bool(NEUTRAL_ADDRESS.fullmatch(address.strip().lower()))


def new_neutral_address() -> str:
    import secrets

    return f"c-{secrets.token_hex(6)}@{NEUTRAL_DOMAIN}"


def _addresses(value: Any) -> list[str]:
    """`git:` as one address or a list of them."""
    if value is None:
        return []
    return [value] if isinstance(value, str) else value


ORCID_RE = re.compile(r"^(?:https?://orcid\.org/)?(\d{4}-\d{4}-\d{4}-\d{3}[\dX])$")


def orcid_check_char(base15: str) -> str:
    """ISO 7064 MOD 11-2 check character of the first 15 digits of an ORCID iD."""
    total = 0
    for digit in base15:
        total = (total + int(digit)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


def valid_orcid(value: str) -> str:
    """The bare 16-character iD, or ValueError saying what is wrong."""
    match = ORCID_RE.match(value.strip())
    if not match:
        raise ValueError(f"'{value}' is not an ORCID iD (expected 0000-0000-0000-0000, last may be X)")
    orcid = match.group(1)
    digits = orcid.replace("-", "")
    if orcid_check_char(digits[:15]) != digits[15]:
        raise ValueError(f"ORCID iD '{orcid}' has a wrong check character: copy it again from orcid.org")
    return orcid


class CreditClaim(BaseModel):
    """One CRediT role, with an optional degree of contribution."""

    role: str
    degree: Literal["lead", "equal", "supporting"] | None = None

    @property
    def name(self) -> str:
        return ROLES[self.role]


def _claim(item: Any) -> CreditClaim:
    if isinstance(item, str):
        text, degree = item, None
    elif isinstance(item, dict) and len(item) == 1:
        text, degree = next(iter(item.items()))
    else:
        raise ValueError("each credit entry is a role, or 'role: degree' (lead, equal or supporting)")
    slug = normalise_role(str(text))
    if slug is None:
        raise ValueError(f"'{text}' is not a CRediT role; known roles: " + ", ".join(ROLES))
    if degree is not None and str(degree).lower() not in DEGREES:
        raise ValueError(f"degree '{degree}' for {ROLES[slug]} should be one of: " + ", ".join(DEGREES))
    return CreditClaim(role=slug, degree=str(degree).lower() if degree else None)


class Involvement(BaseModel):
    """Work done outside git: a workshop, comments on paper, a phone call."""

    model_config = ConfigDict(extra="forbid")

    date: dt.date
    stage: str
    activity: str = Field(min_length=1)
    hours: float = Field(default=0, ge=0)

    @field_validator("stage", mode="before")
    @classmethod
    def _stage(cls, value: Any, info) -> str:
        from .vocab.stages import slugify

        stages = (info.context or {}).get("stages")
        slug = slugify(str(value))
        if stages is not None and slug not in stages:
            raise ValueError(f"unknown stage '{value}'; valid stages: " + ", ".join(stages))
        return slug


class Contributor(BaseModel):
    """A person or group in contributors/<id>.yaml. `id` is the file stem."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    id: str
    # The real name. For someone not named in full it belongs in the git-ignored side file
    # contributors/<id>.private.yaml (merged in by Project.load), so it may be absent: a build
    # on a CI runner without side files publishes only what the person consented to anyway.
    name: str | None = Field(default=None, min_length=1)
    kind: Kind
    named: Naming = "full"
    pseudonym: str | None = None
    initials_: str | None = Field(default=None, alias="initials", min_length=1)
    acknowledge: bool = True
    orcid: str | None = None
    affiliations: list[str] = []
    corresponding: bool = False
    email: str | None = None
    credit: list[CreditClaim] = []
    git: list[str] = []
    involvement: list[Involvement] = []
    consent: list[ConsentEntry] = []  # dated agreements and withdrawals (copress/consent.py)
    # The name on their private record of contribution (copress credit record), when not the
    # published one: kept in the side file, since it is usually their real name.
    record_name: str | None = Field(default=None, alias="record-name", min_length=1)
    private: dict[str, Any] = {}
    # The naming choice the file makes; `named` is the one in force, which a withdrawal of
    # naming turns to anonymous (set in _withdrawal).
    _chosen: str = PrivateAttr(default="full")
    _state: ConsentState = PrivateAttr(default_factory=ConsentState)
    _recorded_credit: list[CreditClaim] = PrivateAttr(default_factory=list)  # before consent
    # The edition this copy is for, when the person's consent leaves it out (left_out_of)
    _left_out: str | None = PrivateAttr(default=None)

    @field_validator("orcid", mode="before")
    @classmethod
    def _orcid(cls, value: Any) -> str | None:
        return None if value is None else valid_orcid(str(value))

    @field_validator("credit", mode="before")
    @classmethod
    def _credit(cls, value: Any) -> list[CreditClaim]:
        if value is None:
            return []
        if not isinstance(value, list):
            raise ValueError("credit should be a list of CRediT roles")
        return [_claim(item) for item in value]

    @field_validator("git", mode="before")
    @classmethod
    def _git(cls, value: Any) -> list[str]:
        return _addresses(value)

    @model_validator(mode="after")
    def _consent(self) -> "Contributor":
        if self.name is None and self.named == "full":
            raise ValueError("'name' is missing: this person is named in full, so add a 'name:' line")
        if self.name is None and self.named == "initials" and not self.initials_:
            raise ValueError("named: initials needs the name (in the private side file "
                             f"contributors/{self.id}.private.yaml) or an 'initials:' line")
        if self.named == "pseudonym" and not (self.pseudonym or "").strip():
            raise ValueError("named: pseudonym needs a 'pseudonym:' line with the name to publish")
        if self.named != "full":
            # An ORCID iD, a published e-mail or being the contact person identifies someone,
            # which would undo the naming choice.
            for field in ("orcid", "email"):
                if getattr(self, field):
                    raise ValueError(
                        f"'{field}' would be published and identify this person, who chose "
                        f"named: {self.named}; remove it (keep contact details under 'private:')")
            if self.corresponding:
                raise ValueError(f"a corresponding author is contacted by name; this person chose "
                                 f"named: {self.named}, so choose another corresponding author")
        if self.corresponding and not self.email:
            raise ValueError("the corresponding author needs a public 'email:'")
        return self

    @model_validator(mode="after")
    def _withdrawal(self) -> "Contributor":
        # Defined after _consent, so it runs after it: the file's own choice is checked first.
        self._chosen = self.named
        self._state = consent_state(self.consent)
        if self._state.withdrawn_naming is not None:
            self._anonymise()  # naming withdrawn: anonymous everywhere
        self._recorded_credit = list(self.credit)
        if self._state.roles is not None:  # credited only with the roles they agreed to
            self.credit = [claim for claim in self.credit if claim.role in self._state.roles]
        return self

    @property
    def withheld_roles(self) -> list[str]:
        """The CRediT roles (their names) recorded in the file that their consent does not let
        copress publish: `credit` leaves them out."""
        kept = {claim.role for claim in self.credit}
        return [claim.name for claim in self._recorded_credit if claim.role not in kept]

    def _anonymise(self) -> None:
        """Anonymous, with nothing published that identifies them (ORCID iD, e-mail, being the
        contact person): how a naming withdrawal and an edition their consent leaves out show them."""
        self.named = "anonymous"
        self.orcid = self.email = None
        self.corresponding = False

    # -- consent as it stands (copress/consent.py) ----------------------------------------
    @property
    def chosen_naming(self) -> str:
        """The naming choice the contributor file makes (`named` is the one in force)."""
        return self._chosen

    @property
    def consent_state(self) -> ConsentState:
        return self._state

    @property
    def withdrawn_naming(self) -> dt.date | None:
        """The date this person withdrew their name (and has not agreed to a naming since)."""
        return self._state.withdrawn_naming

    @property
    def withdrawn_project(self) -> dt.date | None:
        """The date this person withdrew from the project: in no public output since."""
        return self._state.withdrawn_project

    def allows(self, edition: str) -> bool:
        """Whether their consent lets `edition` (copress/consent.py EDITIONS) show their name."""
        editions = self._state.editions
        return editions is None or edition in editions

    def left_out_of(self, edition: str) -> "Contributor":
        """This person as `edition` shows them when their consent leaves it out: a copy that is
        an anonymous acknowledgement there, exactly as after a naming withdrawal (nothing that
        identifies them; out of the byline, still counted). Made by Project.for_edition."""
        copy = self.model_copy(deep=True)
        copy._anonymise()
        copy._left_out = edition
        return copy

    @property
    def left_out(self) -> str | None:
        """The edition this copy is for, when their consent leaves it out (None: not limited)."""
        return self._left_out

    @property
    def anonymous_by_consent(self) -> bool:
        """Anonymous here against the file's naming choice: a naming withdrawal, or an edition
        their consent leaves out. Such a person is acknowledged among `others`, not in a byline."""
        return self._state.withdrawn_naming is not None or self.left_out is not None

    # -- consent: the only place a published name is made --------------------------------
    def initials(self) -> str:
        if self.initials_:
            return self.initials_.strip()
        parts = re.split(r"[\s]+", (self.name or "").strip())
        # joined by no-break spaces, so "H. L." never splits across lines
        return "\u00a0".join(p[0].upper() + "." for p in parts if p)

    def public_name(self, anonymous_label: str | None = None) -> str:
        """The name as this person agreed it may be published."""
        if self.named == "full":
            return self.name
        if self.named == "initials":
            return self.initials()
        if self.named == "pseudonym":
            return self.pseudonym.strip()
        return anonymous_label or ANONYMOUS_LABEL[self.kind]

    @property
    def private_name(self) -> str:
        """The name the team knows this person by, for private views only (the public name when
        the real one is not on this machine)."""
        return self.name or self.public_name()

    @property
    def kind_label(self) -> str:
        return ANONYMOUS_LABEL[self.kind].lower() if self.kind != "group" else "group"


class PrivateDetails(BaseModel):
    """contributors/<id>.private.yaml: what the team keeps about a person and never publishes —
    their real name (when not named in full), their real commit addresses and private values.
    git-ignored, so it never reaches the repository, a CI runner or the history."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1)
    record_name: str | None = Field(default=None, alias="record-name", min_length=1)
    git: list[str] = []
    private: dict[str, Any] = {}

    @field_validator("git", mode="before")
    @classmethod
    def _git(cls, value: Any) -> list[str]:
        return _addresses(value)


def merge_private(tracked: dict, side: PrivateDetails) -> dict:
    """The tracked file's data with the side file's details added (the side file's name wins)."""
    data = dict(tracked)
    if side.name:
        data["name"] = side.name
    if side.record_name:
        data["record-name"] = side.record_name
    if side.git:
        own = tracked.get("git") or []
        data["git"] = [*([own] if isinstance(own, str) else own), *side.git]
    if side.private:
        data["private"] = {**(tracked.get("private") or {}), **side.private}
    return data


def misplaced_private(data: dict) -> list[str]:
    """Keys of a tracked contributor file that belong in the side file: private values, and
    the real name and real commit addresses of someone not named in full."""
    keys = []
    if data.get("private"):
        keys.append("private")
    if data.get("named", "full") != "full":
        if data.get("name"):
            keys.append("name")
        git = data.get("git") or []
        if any(not is_neutral_address(str(a)) for a in ([git] if isinstance(git, str) else git)):
            keys.append("git")
        if data.get("record-name") and data.get("record-name") not in (data.get("pseudonym"), data.get("initials")):
            keys.append("record-name")
    return keys

