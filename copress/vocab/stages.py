"""The research stages a contribution can belong to (a project may replace them)."""

from __future__ import annotations

import re

# slug → plain words. Order is the usual order of a project.
DEFAULT_STAGES: dict[str, str] = {
    "identifying-priorities": "Identifying priorities",
    "design": "Design",
    "funding-application": "Funding application",
    "managing-the-study": "Managing the study",
    "data-collection": "Data collection",
    "analysis-and-interpretation": "Analysis and interpretation",
    "writing": "Writing",
    "dissemination": "Dissemination",
    "implementation": "Implementation",
    "evaluation": "Evaluation",
}


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.strip().lower()).strip("-")
