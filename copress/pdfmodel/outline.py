"""A document's outline in reading order — headings, lists and their items, tables' header cells,
figures' alt text, links, form fields — and how two outlines compare. pdf_outline.py reads one
from a tagged PDF's structure tree, html_outline.py from an HTML page."""

# The outline is what a screen reader user moves through: a PDF whose tags put a heading, a
# list item or a link out of order (or lose it) reads wrong even when a validator passes it.
# Lists count their items and each item carries its own text (its label and any nested list
# left out: the nested list follows as items of its own), so a list tagged as paragraphs, or
# cut in two by a page break, shows.

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

_QUOTES = str.maketrans("\u201c\u201d\u201e\u2018\u2019\u201a", "\"\"\"\'\'\'")


@dataclass(frozen=True)
class Item:
    """One entry of an outline. kind: 'heading' (level 1–6, 0 for a PDF /H), 'list' (level:
    how many items), 'item', 'table' (text: its header cells, each with its scope), 'figure'
    (text: the alt text), 'link' or 'field' (a form field: text is its accessible name)."""

    kind: str
    level: int
    text: str

    def __str__(self) -> str:
        level = f" {self.level}" if self.kind in ("heading", "list") else ""
        return f"{self.kind}{level}: {self.text}" if self.text else f"{self.kind}{level}"


def key(text: str) -> str:
    """Text as the comparison sees it: ligatures and compatibility forms unfolded (NFKC), soft
    hyphens, zero-width characters and hyphens dropped (a word hyphenated at a line end reads
    as one word), typographic quotes made straight, case folded (CSS `text-transform` changes
    what is drawn), white space dropped (a PDF's lines and a page's blocks space words apart
    differently)."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"[\u00ad\u200b-\u200d\u2060\ufeff]", "", text)
    text = re.sub(r"\s*[-\u2010\u2011]\s*", "", text)
    text = text.translate(_QUOTES)
    return re.sub(r"\s+", "", text).casefold()


@dataclass(frozen=True)
class Difference:
    """A difference an edition declares between its PDF and the other outline, with its reason
    in one line. On `side` ('pdf' or the other outline's name), items of `kind` whose text
    matches `pattern` (a regular expression, searched) are left out — or, when `replace` is
    given, keep their place with the match replaced (a dot leader, a printed separator)."""

    side: str
    kind: str
    pattern: str
    reason: str
    replace: str | None = None

    def apply(self, side: str, items: list[Item]) -> list[Item]:
        if side != self.side:
            return items
        out = []
        for item in items:
            if item.kind != self.kind or not re.search(self.pattern, item.text):
                out.append(item)
            elif self.replace is not None:
                out.append(Item(item.kind, item.level, re.sub(self.pattern, self.replace, item.text)))
        return out


def compare(pdf: list[Item], other: list[Item], declared: list[Difference] = (),
            other_name: str = "html") -> str | None:
    """None if the two outlines read the same (but for declared differences), else a readable
    report naming the first mismatch and showing the items around it."""
    a, b = list(pdf), list(other)
    for difference in declared:
        a, b = difference.apply("pdf", a), difference.apply(other_name, b)
    ka = [(i.kind, i.level, key(i.text)) for i in a]
    kb = [(i.kind, i.level, key(i.text)) for i in b]
    matcher = difflib.SequenceMatcher(None, ka, kb, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        lines = [f"The PDF and the {other_name} differ first at PDF item {i1 + 1}, "
                 f"{other_name} item {j1 + 1} ({tag}):"]
        lines += [f"  pdf  - {i}" for i in a[i1:min(i2, i1 + 8)]]
        lines += [f"  {other_name} + {i}" for i in b[j1:min(j2, j1 + 8)]]
        lines.append("Before it, both read:")
        lines += [f"    {i}" for i in a[max(0, i1 - 3):i1]]
        return "\n".join(lines)
    return None


def compare_in_order(pdf: list[Item], source: list[Item], source_name: str = "sources") -> str | None:
    """None if every item of `source` is in the PDF's outline, in the same order (the PDF may
    add items between them: what an edition generates), else a report naming the first source
    item that is missing, changed or out of place."""
    keys = [(i.kind, i.level, key(i.text)) for i in pdf]
    matcher = difflib.SequenceMatcher(None, keys, [(i.kind, i.level, key(i.text)) for i in source],
                                      autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("equal", "delete"):  # "delete": items only the PDF has
            continue
        lines = [f"Item {j1 + 1} of the {source_name} is not where the PDF has item {i1 + 1}:"]
        lines += [f"  {source_name} + {i}" for i in source[j1:min(j2, j1 + 8)]]
        lines += [f"  pdf  - {i}" for i in pdf[i1:min(max(i2, i1 + 3), i1 + 8)]]
        lines.append("Before it, both read:")
        lines += [f"    {i}" for i in pdf[max(0, i1 - 3):i1]]
        return "\n".join(lines)
    return None
