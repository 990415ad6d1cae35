"""An outline (outline.py) read from an HTML page with lxml, in document order: what the PDF
made from the same content should read like."""

# Here, in the structure-tree layer, because the two readers must agree on what an item is;
# lxml is imported only when a page is read, so the PDF fixes never load it.

from __future__ import annotations

import re

from .outline import Item

_SKIP_TAGS = {"head", "script", "style", "template", "noscript"}
_LISTS = {"ul", "ol", "dl"}
_FIELDS = {"input", "select", "textarea", "button"}


def html_outline(html: str) -> list[Item]:
    """The outline of an HTML page in document order, as the page is served: what is hidden
    (`hidden`, `aria-hidden="true"`, an inline `display: none`, `<input type="hidden">`,
    scripts, templates and <noscript>) is left out; what a stylesheet hides is not known here
    and is declared by the edition that relies on it."""
    from lxml import html as lxml_html  # only the HTML side needs lxml

    out: list[Item] = []
    _html_walk(lxml_html.document_fromstring(html), out)
    return out


def _hidden(el) -> bool:
    if not isinstance(el.tag, str) or el.tag in _SKIP_TAGS:
        return True
    style = re.sub(r"\s+", "", el.get("style", "")).lower()
    return (el.get("hidden") is not None or el.get("aria-hidden") == "true"
            or "display:none" in style or (el.tag == "input" and el.get("type") == "hidden"))


def _html_walk(el, out: list[Item]):
    if _hidden(el):
        return
    tag = el.tag
    if re.fullmatch(r"h[1-6]", tag):
        out.append(Item("heading", int(tag[1]), _html_text(el)))
    elif tag in ("ul", "ol"):
        items = [c for c in el if c.tag == "li" and not _hidden(c)]
        out.append(Item("list", len(items), ""))
    elif tag == "dl":
        _html_definitions(el, out)
        return
    elif tag == "li":
        out.append(Item("item", 0, _html_text(el, skip=_LISTS)))
    elif tag == "table":
        cells = [c for c in el.iter("th") if not any(_hidden(a) for a in c.iterancestors())]
        out.append(Item("table", 0, " | ".join(_html_header(c) for c in cells)))
    elif tag == "img":
        if el.get("alt", "").strip():  # alt="" is decoration: an artifact in the PDF
            out.append(Item("figure", 0, el.get("alt")))
        return
    elif tag == "a" and el.get("href") is not None:
        out.append(Item("link", 0, _html_text(el)))
    elif tag in _FIELDS and el.get("type") not in ("submit", "reset", "button"):
        out.append(Item("field", 0, el.get("title") or el.get("aria-label") or ""))
    for child in el:
        _html_walk(child, out)


def _html_definitions(dl, out: list[Item]):
    """A description list is a list with one item per term: "term: description"."""
    groups: list[list] = []
    for child in dl:
        if _hidden(child):
            continue
        parts = [c for c in child if not _hidden(c)] if child.tag == "div" else [child]
        for part in parts:
            if part.tag == "dt" or not groups:
                groups.append([])
            groups[-1].append(part)
    out.append(Item("list", len(groups), ""))
    for group in groups:
        terms = " ".join(_html_text(p) for p in group if p.tag == "dt")
        descriptions = " ".join(_html_text(p) for p in group if p.tag == "dd")
        out.append(Item("item", 0, f"{terms}: {descriptions}" if terms else descriptions))
        for part in group:
            for child in part:
                _html_walk(child, out)


def _html_header(th) -> str:
    """A header cell and its scope: its `scope`, else the HTML table model's 'auto' for the
    simple tables copress writes (a header row's cells are column headers, a header in a row
    of data cells is a row header)."""
    text = _html_text(th)
    scope = th.get("scope") or ("col" if th.getparent().getparent().tag == "thead"
                                or all(c.tag == "th" for c in th.getparent()) else "row")
    return f"{text} [{scope}]"


def _html_text(el, skip: set = frozenset()) -> str:
    """What el reads as: its text, an image's alt text in its place, hidden parts left out."""
    return re.sub(r"\s+", " ", "".join(_html_pieces(el, skip, top=True))).strip()


def _html_pieces(el, skip, top: bool = False):
    if not top and (_hidden(el) or el.tag in skip):
        yield el.tail or ""  # a comment's text is not read either
        return
    if el.tag == "img":
        yield el.get("alt", "")
    elif el.tag == "br":
        yield " "
    yield el.text or ""
    for child in el:
        yield from _html_pieces(child, skip)
    if not top:
        yield el.tail or ""
