"""The resource guide's closed lists: resource types, topics, audiences and costs.

Each list maps a slug (what a data file says) to the plain words printed in the guide. Plain
words are accepted in the data files too ("public contributors" for `public-contributors`).
A project adds types and topics in copress.yaml (`guide: {types: [...], topics: [...]}`);
audiences and costs are fixed because the filters and the index are built around them.
"""

from __future__ import annotations

# slug → (plain words, CSL item type used to format the reference)
TYPES: dict[str, tuple[str, str]] = {
    "guidance": ("Guidance", "report"),
    "toolkit": ("Toolkit", "webpage"),
    "checklist": ("Checklist", "webpage"),
    "training": ("Training", "webpage"),
    "report": ("Report", "report"),
    "platform": ("Platform", "webpage"),
    "article": ("Article", "article"),
    "video": ("Video", "motion_picture"),
    "website": ("Website", "webpage"),
}

# CSL type for a type a project adds in copress.yaml.
EXTRA_TYPE_CSL = "webpage"

TOPICS: dict[str, str] = {
    "power": "Power",
    "who-is-involved-and-when": "Who is involved and when",
    "payment-and-recognition": "Payment and recognition",
    "communication": "Communication",
    "relationships": "Relationships",
    "remote-co-production": "Remote co-production",
    "inclusion-and-diversity": "Inclusion and diversity",
    "evaluation-and-impact": "Evaluation and impact",
    "ethics": "Ethics",
    "training": "Training",
}

# The topic that has its own section ("Co-producing remotely") and its own question group.
REMOTE_TOPIC = "remote-co-production"

# Who a resource is for; the map's columns and the index's groups, in this order.
AUDIENCES: dict[str, str] = {
    "researchers": "Researchers",
    "practitioners": "Practitioners",
    "public-contributors": "Public contributors",
}

# What "practitioners" means, printed where the audiences are explained.
AUDIENCE_NOTES: dict[str, str] = {
    "practitioners": "health and social care professionals, and involvement staff",
}

# Who a reflective question is for: everyone, or one of the audiences.
QUESTION_AUDIENCES: dict[str, str] = {"everyone": "Everyone", **AUDIENCES}

COSTS: dict[str, str] = {"free": "Free", "paid": "Paid"}

# A question's `stage` may be a research stage or this.
ALL_STAGES = ("all-stages", "At every stage")
