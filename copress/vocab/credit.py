"""The 14 CRediT roles (ANSI/NISO Z39.104-2022): official names, slugs, URIs and plain words."""

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

# slug → what the role means, in plain words for public contributors (review packs, and anything
# later that speaks to them). Each follows the official CRediT definition, in 20 words or fewer.
PLAIN: dict[str, str] = {
    "conceptualization": "Had the ideas, and shaped what the research set out to find out and why.",
    "data-curation": "Looked after the research information, tidying and describing it and keeping "
                     "it ready to use again.",
    "formal-analysis": "Studied the research information with statistics or other set methods to find "
                       "out what it shows.",
    "funding-acquisition": "Got the money that paid for the research.",
    "investigation": "Did the research itself, such as gathering the information or evidence, or "
                     "running the experiments.",
    "methodology": "Planned how the research would be done, designing its methods or models.",
    "project-administration": "Organised the research, planning the work and keeping it running.",
    "resources": "Provided what the research needed, such as materials, equipment, computers or "
                 "people taking part.",
    "software": "Wrote or tested the computer programs the research used.",
    "supervision": "Oversaw and led the research work, including mentoring people outside the core team.",
    "validation": "Checked that the results hold up, for example that doing the work again gives "
                  "the same results.",
    "visualization": "Made the pictures, charts or tables that show the findings in what is published.",
    "writing-original-draft": "Wrote the first draft of the article, or translated a large part of it.",
    "writing-review-editing": "As one of the team, read drafts closely and improved them with comments "
                              "or changes, before or after publication.",
}

# degree → what it says about a person's part in a role, in plain words
DEGREES_PLAIN: dict[str, str] = {
    "lead": "you led this",
    "equal": "you shared this equally with others",
    "supporting": "you helped with this",
}


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
