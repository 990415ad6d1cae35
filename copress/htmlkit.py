"""Small pieces for the HTML copress writes itself (the guide's and the course's pages)."""

from __future__ import annotations

import html


def escape(text: object) -> str:
    """`text` (anything, as str) safe inside an element or a quoted attribute value."""
    return html.escape(str(text), quote=True)


def script_words(words, section: str, ids: dict[str, str]) -> str:
    """The sentences a page's script writes, as data attributes of the element it writes into
    (' data-all="Showing all {total} resources."'): the script stays one file for every
    language, and fills in the {values} itself. `words` is a messages.Messages; `ids` maps
    a message id under `section` to the attribute's name."""
    return "".join(f' data-{name}="{escape(words.text(f"{section}.{id}"))}"' for id, name in ids.items())
