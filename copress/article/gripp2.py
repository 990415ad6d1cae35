"""The GRIPP2 short form: which section of the article answers each item, as a supplementary page."""

from __future__ import annotations

import json

import yaml

from ..document import parse, to_json
from .models import Article


def gripp2_marks(ast: dict) -> dict[str, str]:
    """GRIPP2 item → the title of the section marked {gripp2="item"} (on a heading or a div)."""
    marks: dict[str, str] = {}
    heading = ""

    def text(inlines: list) -> str:
        out = []
        for node in inlines:
            if node["t"] == "Str":
                out.append(node["c"])
            elif node["t"] == "Space":
                out.append(" ")
            elif isinstance(node.get("c"), list) and node["t"] in ("Emph", "Strong", "Span"):
                out.append(text(node["c"][-1] if node["t"] == "Span" else node["c"]))
        return "".join(out)

    def visit(blocks: list) -> None:
        nonlocal heading
        for block in blocks:
            if block["t"] == "Header":
                heading = text(block["c"][2])
                attrs = dict(block["c"][1][2])
            elif block["t"] == "Div":
                attrs = dict(block["c"][0][2])
                visit(block["c"][1])
            else:
                continue
            if attrs.get("gripp2") and heading:
                marks.setdefault(attrs["gripp2"], heading)

    visit(ast["blocks"])
    return marks


def gripp2_table(article: Article) -> dict:
    """The GRIPP2 short form as a supplementary page: each item and the section that answers it."""
    from ..vocab.gripp2 import ITEMS

    marks = gripp2_marks(article.ast)
    rows = "\n".join(f"| {name} | {marks.get(item, 'Not reported')} |" for item, name in ITEMS.items())
    title = f"GRIPP2 short form: {article.project.metadata.title}"
    text = ("---\n" + yaml.safe_dump({"title": title, "lang": article.project.metadata.lang},
                                     allow_unicode=True) + "---\n\n"
            "Reporting of patient and public involvement, following the GRIPP2 short form "
            "(Staniszewska et al., BMJ 2017).\n\n"
            "| GRIPP2 item | Where the article reports it |\n|---|---|\n" + rows + "\n")
    return json.loads(to_json(parse(text, article.project.root)))
