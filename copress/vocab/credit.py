"""The 14 CRediT roles (ANSI/NISO Z39.104-2022): official names, slugs and URIs."""

from __future__ import annotations

import re

VOCAB_IDENTIFIER = "https://credit.niso.org/"

# slug → official name. Note the en dash and ampersand in the two writing roles.
ROLES: dict[str, str] = {
    "conceptualization": "Conceptualization",
    "data-curation": "Data curation",
    "formal-analysis": "Formal analysis",
    "funding-acquisition": "Funding acquisition",
    "investigation": "Investigation",
    "methodology": "Methodology",
    "project-administration": "Project administration",
    "resources": "Resources",
    "software": "Software",
    "supervision": "Supervision",
    "validation": "Validation",
    "visualization": "Visualization",
    "writing-original-draft": "Writing – original draft",
    "writing-review-editing": "Writing – review & editing",
}

DEGREES = ("lead", "equal", "supporting")


def role_uri(slug: str) -> str:
    return f"{VOCAB_IDENTIFIER}contributor-roles/{slug}/"


def _key(text: str) -> str:
    """Fold the variants seen in the wild: case, dashes, '&'/'and', British -ise spellings."""
    text = text.strip().lower().replace("&", " and ")
    text = re.sub(r"[\s\u2010-\u2015_/-]+", " ", text)
    text = text.replace(" and ", " ").replace("visualisation", "visualization")
    text = text.replace("conceptualisation", "conceptualization")
    return re.sub(r"\s+", " ", text).strip()


_LOOKUP = {}
for _slug, _name in ROLES.items():
    _LOOKUP[_key(_slug)] = _slug
    _LOOKUP[_key(_name)] = _slug


def normalise_role(text: str) -> str | None:
    """Slug for a role written as slug or official name (any dash, '&' or 'and'); else None."""
    return _LOOKUP.get(_key(text))
