"""Markdown source split into top-level blocks ("chunks") without losing a character of them.

The merge works on these: a paragraph, a heading, a whole list, a figure, a table with its
caption line, a fenced div or code block. Blank lines separate chunks, except inside fences.
"""

from __future__ import annotations

import re

FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
DIV_OPEN = re.compile(r"^\s{0,3}:{3,}\s*\S")
DIV_CLOSE = re.compile(r"^\s{0,3}:{3,}\s*$")
LIST_ITEM = re.compile(r"^\s{0,3}([-*+]|\d+[.)]|#[.)])\s")


def split_chunks(text: str) -> list[str]:
    chunks: list[str] = []
    current: list[str] = []
    fence: str | None = None
    depth = 0

    def flush() -> None:
        if current:
            chunks.append("\n".join(current).rstrip())
            current.clear()

    for line in text.replace("\r\n", "\n").split("\n"):
        if fence:
            current.append(line)
            if line.strip().startswith(fence):
                fence = None
            continue
        match = FENCE.match(line)
        if match:
            fence = match.group(1)[0] * 3
            current.append(line)
            continue
        if DIV_OPEN.match(line):
            depth += 1
        elif DIV_CLOSE.match(line) and depth:
            depth -= 1
            current.append(line)
            if not depth:
                flush()
            continue
        if not line.strip() and not depth:
            flush()
            continue
        current.append(line)
    flush()
    return _join_continuations(chunks)


def _join_continuations(chunks: list[str]) -> list[str]:
    """Table captions, indented continuations and the items of a loose list stay together."""
    out: list[str] = []
    for chunk in chunks:
        if out and (chunk.startswith((": ", "Table: ")) and out[-1].lstrip().startswith(("|", "+", "-"))
                    or chunk[:1] in (" ", "\t")
                    or LIST_ITEM.match(chunk) and LIST_ITEM.match(out[-1])):
            out[-1] += "\n\n" + chunk
        else:
            out.append(chunk)
    return out


def join_chunks(chunks: list[str]) -> str:
    return "\n\n".join(chunks) + "\n" if chunks else ""


def normal(chunk: str) -> str:
    """What must match for two chunks to count as the same: words, not line breaks."""
    return " ".join(chunk.split())


def is_div(chunk: str) -> bool:
    return bool(DIV_OPEN.match(chunk.split("\n", 1)[0]))
