"""Metadata a template prints outside the body (title, authors, keywords, lang), as words only.

The page's sanitiser (copress.htmlsafe.sanitise_body) cleans the body; pandoc templates print
metadata around it, some of it inside attributes (`<meta name="keywords" content="$keywords$">`,
`<html lang="$lang$">`), where pandoc writes a `"` from the text, and every tag's own attributes,
as they are. So raw HTML becomes its words (raw output for other formats, nothing), elements that
carry attributes or verbatim text (links, spans, citations, code) become their words, and `"` is
written `&quot;`.
"""

from __future__ import annotations

from ..htmlsafe import HTML_FORMATS, plain_text

# Metadata keys pandoc templates insert as markup, unchecked: never from a document.
TEMPLATE_HOOKS = frozenset({"header-includes", "include-before", "include-after"})
QUOTE = {"t": "RawInline", "c": ["html", "&quot;"]}


def plain_metadata(meta: dict) -> dict:
    """Pandoc JSON metadata that is safe wherever a template prints it."""
    return {key: _meta(value) for key, value in meta.items() if key not in TEMPLATE_HOOKS}


def _meta(node: dict) -> dict:
    kind, content = node.get("t"), node.get("c")
    if kind == "MetaMap":
        return {"t": kind, "c": {k: _meta(v) for k, v in content.items()}}
    if kind == "MetaList":
        return {"t": kind, "c": [_meta(v) for v in content]}
    if kind == "MetaString":
        return {"t": "MetaInlines", "c": _text(content)}
    if kind == "MetaInlines":
        return {"t": kind, "c": _inlines(content)}
    if kind == "MetaBlocks":
        return {"t": kind, "c": _blocks(content)}
    return node  # MetaBool


def _text(words: str) -> list:
    """Str elements, with each `"` as raw `&quot;` (pandoc writes a Str's `"` unescaped)."""
    out: list = []
    for n, part in enumerate(words.split('"')):
        out += [QUOTE] if n else []
        out += [{"t": "Str", "c": part}] if part else []
    return out


def _raw_words(content: list) -> str:
    """A raw element's words: raw HTML as plain text, raw output for other formats nothing."""
    fmt, text = content
    return plain_text(text) if fmt in HTML_FORMATS else ""


# Inline → where its words are: the element goes, they stay.
_FLATTENED = {"Span": lambda c: c[1], "SmallCaps": lambda c: c, "Link": lambda c: c[1],
              "Image": lambda c: c[1], "Cite": lambda c: c[1], "Note": lambda c: []}


def _inlines(inlines: list) -> list:
    out: list = []
    for node in inlines:
        kind, content = node.get("t"), node.get("c")
        if kind == "Str":
            out += _text(content)
        elif kind == "RawInline":
            out += _text(_raw_words(content))
        elif kind in ("Code", "Math"):
            out += _text(content[1])
        elif kind in _FLATTENED:
            out += _inlines(_FLATTENED[kind](content))
        elif kind == "Quoted":
            out.append({"t": kind, "c": [content[0], _inlines(content[1])]})
        elif isinstance(content, list) and content and isinstance(content[0], dict):
            out.append({"t": kind, "c": _inlines(content)})  # Emph, Strong, Sub, Sup…
        else:
            out.append(node)  # Space, SoftBreak, LineBreak
    return out


def _blocks(blocks: list) -> list:
    out: list = []
    for node in blocks:
        kind, content = node.get("t"), node.get("c")
        if kind in ("Para", "Plain"):
            out.append({"t": kind, "c": _inlines(content)})
        elif kind == "Header":
            out.append({"t": "Para", "c": _inlines(content[2])})
        elif kind in ("RawBlock", "CodeBlock"):
            words = _raw_words(content) if kind == "RawBlock" else content[1]
            out += [{"t": "Plain", "c": _text(words)}] if words else []
        elif kind in ("Div", "BlockQuote"):
            out += _blocks(content[1] if kind == "Div" else content)
        elif kind in ("BulletList", "OrderedList"):
            items = content if kind == "BulletList" else content[1]
            for item in items:
                out += _blocks(item)
        # anything else (tables, figures, line blocks, rules) is not metadata's: dropped
    return out
