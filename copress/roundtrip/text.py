"""Plain text and comparison keys of pandoc AST blocks (JSON data), shared by both sides."""

from __future__ import annotations

QUOTES = {"DoubleQuote": ("“", "”"), "SingleQuote": ("‘", "’")}


def text_of(node) -> str:
    if isinstance(node, list):
        return "".join(text_of(n) for n in node)
    if not isinstance(node, dict):
        return ""
    kind = node.get("t")
    c = node.get("c")
    if kind == "Str":
        return c
    if kind in ("Space", "SoftBreak", "LineBreak"):
        return " "
    if kind == "Quoted":
        left, right = QUOTES[c[0]["t"]]
        return left + text_of(c[1]) + right
    if kind == "Cite":
        return text_of(c[1])
    if kind in ("Code", "Math"):
        return c[1]
    if kind in ("Image", "Note", "RawInline", "RawBlock"):
        return ""
    if kind == "Link":
        return text_of(c[1])
    if kind in ("Span", "Div"):
        return text_of(c[1])
    if kind == "Header":
        return text_of(c[2])
    if kind == "Figure":
        return text_of(c[1])  # the caption; the picture itself cannot be edited as text
    if kind == "Table":
        return text_of(c[1]) + " " + text_of(c[3:])
    if kind == "OrderedList":
        return text_of(c[1])
    if isinstance(c, list):
        return " ".join(text_of(x) for x in c) if kind in ("BulletList", "Table") else text_of(c)
    return ""


KIND = {"Para": "P", "Plain": "P", "Header": "H", "BulletList": "L", "OrderedList": "L",
        "Figure": "F", "Table": "T", "BlockQuote": "Q", "CodeBlock": "C"}


def key(block: dict) -> str:
    kind = KIND.get(block["t"], block["t"])
    if block["t"] == "Header":
        kind += str(block["c"][0])
    if block["t"] == "CodeBlock":
        return kind + " " + block["c"][1]
    return kind + " " + " ".join(text_of(block).replace("\u00a0", " ").split())


def has_style(node, style: str) -> bool:
    if isinstance(node, list):
        return any(has_style(n, style) for n in node)
    if not isinstance(node, dict):
        return False
    if node.get("t") in ("Span", "Div") and ["custom-style", style] in node["c"][0][2]:
        return True
    return any(has_style(v, style) for v in node.values() if isinstance(v, (list, dict)))
