"""Small pieces for the HTML copress writes itself (the guide's and the course's pages)."""

from __future__ import annotations

import html


def escape(text: object) -> str:
    """`text` (anything, as str) safe inside an element or a quoted attribute value."""
    return html.escape(str(text), quote=True)
