"""manuscript/easy-read.md read into blocks, sentences and words, each with its line number.

Pandoc's AST carries no line numbers, so the checker reads the source itself. The format:
an optional YAML block (`title:`), headings, and fenced divs `::: {.block picture="meeting"}`
holding one to three short sentences. Everything else is text outside a block.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

FENCE = re.compile(r"^(:{3,})\s*(?:\{(?P<attrs>[^}]*)\}|(?P<cls>[\w-]+))?\s*:*\s*$")
HEADING = re.compile(r"^(?P<marks>#{1,6})\s+(?P<text>.*?)(?:\s+\{[^}]*\})?\s*#*\s*$")
ATTR = re.compile(r"""(?P<key>[\w-]+)=(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>\S+))|\.(?P<cls>[\w-]+)|\#(?P<id>[\w:.-]+)""")
SENTENCE_END = re.compile(r"""(?<=[.!?])["'”’)]*\s+""")
WORD = re.compile(r"[A-Za-z0-9£$€][A-Za-z0-9'’.%£,-]*")
# Markdown markup that is not text: emphasis markers, link targets, attributes, raw HTML tags.
MARKUP = [
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)(\{[^}]*\})?"), r"\1"),
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"\[([^\]]*)\]\{[^}]*\}"), r"\1"),
    (re.compile(r"<[^>]+>"), ""),
    (re.compile(r"[*_`]+"), ""),
    (re.compile(r"^\s*(?:[-+*]|\d+[.)])\s+"), ""),  # list markers
]


def attributes(text: str) -> tuple[list[str], dict[str, str]]:
    """Pandoc attribute text (`.block picture="x"`) → classes and key/value pairs."""
    classes, values = [], {}
    for m in ATTR.finditer(text or ""):
        if m.group("cls"):
            classes.append(m.group("cls"))
        elif m.group("key"):
            values[m.group("key")] = next(v for v in (m.group("dq"), m.group("sq"), m.group("bare"), "")
                                          if v is not None)
    return classes, values


def plain(line: str) -> str:
    """A source line without Markdown markup, as a reader sees its words."""
    for pattern, repl in MARKUP:
        line = pattern.sub(repl, line)
    return line


def words(text: str) -> list[str]:
    """The words of plain text; trailing punctuation removed ("4," → "4")."""
    out = []
    for token in WORD.findall(text):
        token = token.rstrip(".,'’-")
        if token:
            out.append(token)
    return out


@dataclass
class Sentence:
    text: str  # plain text, markup removed
    line: int

    @property
    def words(self) -> list[str]:
        return words(self.text)


@dataclass
class Block:
    """A `::: {.block}` div: its picture and its sentences."""

    line: int
    picture: str | None
    alt: str | None
    lines: list[tuple[int, str]] = field(default_factory=list)  # source lines inside
    depth: int = 0  # nesting level of its fence

    @property
    def sentences(self) -> list[Sentence]:
        return split_sentences(self.lines)


@dataclass
class EasyReadText:
    """The parsed source: what the checker needs, with line numbers."""

    shown: str  # path as shown in messages
    source: str
    blocks: list[Block]
    headings: list[tuple[int, int, str]]  # (line, level, text)
    outside: list[tuple[int, str]]  # text lines outside any block
    body_start: int  # first line after the YAML block

    def text_lines(self) -> list[tuple[int, str]]:
        """Every line a reader sees, in order (block text, headings, stray text)."""
        lines = [(b_line, text) for block in self.blocks for b_line, text in block.lines]
        lines += [(line, text) for line, _, text in self.headings] + self.outside
        return sorted(lines)

    def sentences(self) -> list[Sentence]:
        return [s for block in self.blocks for s in block.sentences]


def split_sentences(lines: list[tuple[int, str]]) -> list[Sentence]:
    """Sentences of consecutive source lines (a blank line ends a paragraph and a sentence)."""
    sentences: list[Sentence] = []
    paragraph: list[tuple[int, str]] = []

    def flush():
        if not paragraph:
            return
        text, starts = "", []
        for line, raw in paragraph:
            starts.append((len(text), line))
            text += plain(raw).strip() + " "
        pos = 0
        for part in SENTENCE_END.split(text.strip()) + [""]:
            if part.strip():
                at = text.find(part, pos)
                line = next(l for offset, l in reversed(starts) if offset <= max(at, 0))
                sentences.append(Sentence(" ".join(part.split()), line))
                pos = at + len(part)
        paragraph.clear()

    for line, raw in lines:
        if raw.strip():
            paragraph.append((line, raw))
        else:
            flush()
    flush()
    return sentences


def read_text(path: Path, shown: str) -> EasyReadText:
    from .. import gate

    return parse_text(gate.read_text(path, shown), shown)


def parse_text(source: str, shown: str) -> EasyReadText:
    lines = source.splitlines()
    start = 0
    if lines and lines[0].strip() == "---":
        for i in range(1, len(lines)):
            if lines[i].strip() in ("---", "..."):
                start = i + 1
                break
    blocks: list[Block] = []
    headings: list[tuple[int, int, str]] = []
    outside: list[tuple[int, str]] = []
    depth = 0  # nesting of fenced divs
    current: Block | None = None
    comment = False
    for i in range(start, len(lines)):
        number, raw = i + 1, lines[i]
        if comment or raw.lstrip().startswith("<!--"):  # comments are not text
            comment = "-->" not in raw
            continue
        fence = FENCE.match(raw.strip())
        if fence and (fence.group("attrs") is not None or fence.group("cls")):
            classes, values = attributes(fence.group("attrs") or "")
            if fence.group("cls"):
                classes.append(fence.group("cls"))
            depth += 1
            if "block" in classes and current is None:
                current = Block(number, values.get("picture"), values.get("alt"), depth=depth)
                blocks.append(current)
            continue
        if fence:  # a closing fence
            if current is not None and depth == current.depth:
                current = None
            depth = max(0, depth - 1)
            continue
        if current is not None:
            current.lines.append((number, raw))
            continue
        heading = HEADING.match(raw)
        if heading:
            headings.append((number, len(heading.group("marks")), plain(heading.group("text"))))
        elif raw.strip():
            outside.append((number, raw))
    return EasyReadText(shown, source, blocks, headings, outside, start + 1)
