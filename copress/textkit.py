"""Plain text that copress writes itself: English lists, and words as pandoc inlines.

English only, like every word copress writes for now (issue 14, item 4 moves wording into
per-language message files; a list's "and" goes with it)."""

from __future__ import annotations

import re
from collections.abc import Sequence

_SPACES = re.compile(r"[ \t\n\r\f\v]+")


def join_and(items: Sequence[str]) -> str:
    """['a'] → 'a'; ['a', 'b', 'c'] → 'a, b and c' (no serial comma); [] → ''."""
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def words(text: str) -> list[str]:
    """The words of `text`, split at runs of ASCII white space. A no-break space stays inside
    its word: it is there to keep words together (initials such as "H.\u00a0L.")."""
    text = _SPACES.sub(" ", text).strip(" ")
    return text.split(" ") if text else []


def inlines(text: str) -> list[dict]:
    """`text` as pandoc JSON inlines: a Str for each word, a Space between (runs of white space
    become one)."""
    out: list[dict] = []
    for n, word in enumerate(words(text)):
        out += ([{"t": "Space"}] if n else []) + [{"t": "Str", "c": word}]
    return out


def elements(text: str) -> list:
    """`text` as panflute inlines, the twin of `inlines` for filters that work with elements."""
    import panflute as pf  # loaded only where filters run

    out: list = []
    for n, word in enumerate(words(text)):
        out += ([pf.Space()] if n else []) + [pf.Str(word)]
    return out
