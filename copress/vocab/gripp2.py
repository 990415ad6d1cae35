"""GRIPP2 short form (Staniszewska et al., BMJ 2017): the five items of reporting public involvement."""

ITEMS: dict[str, str] = {
    "aim": "Aim of involvement",
    "methods": "Methods of involvement",
    "results": "Results (outcomes of involvement, positive and negative)",
    "discussion": "Discussion and conclusions",
    "reflections": "Reflections or critical perspective",
}
