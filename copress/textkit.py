"""Plain text that copress writes itself: English lists, and words as pandoc inlines.

English only, like every word copress writes for now (issue 14, item 4 moves wording into
per-language message files; a list's "and" goes with it)."""

from __future__ import annotations

from collections.abc import Sequence


def join_and(items: Sequence[str]) -> str:
    """['a'] → 'a'; ['a', 'b', 'c'] → 'a, b and c' (no serial comma); [] → ''."""
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def inlines(text: str) -> list[dict]:
    """`text` as pandoc JSON inlines: a Str for each word, a Space between (runs of white space
    become one)."""
    out: list[dict] = []
    for n, word in enumerate(text.split()):
        out += ([{"t": "Space"}] if n else []) + [{"t": "Str", "c": word}]
    return out
