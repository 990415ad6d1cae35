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
    from ..messages import messages
    from ..vocab.gripp2 import ITEMS

    words = messages(article.project.metadata.lang)  # in the article's language
    marks = gripp2_marks(article.ast)
    rows = "\n".join(f"| {words.text('article.gripp2-items.' + item)} | "
                     f"{marks.get(item, words.text('article.gripp2-not-reported'))} |" for item in ITEMS)
    title = words.text("article.gripp2-title", title=article.project.metadata.title)
    text = ("---\n" + yaml.safe_dump({"title": title, "lang": article.project.metadata.lang},
                                     allow_unicode=True) + "---\n\n"
            + words.text("article.gripp2-intro") + "\n\n"
            f"| {words.text('article.gripp2-item')} | {words.text('article.gripp2-where')} |\n|---|---|\n"
            + rows + "\n")
    return json.loads(to_json(parse(text, article.project.root)))
