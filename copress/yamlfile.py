"""Read a YAML source file, keeping the line of every key so errors can point at it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import CopressError


@dataclass
class YamlFile:
    """Parsed YAML data plus the 1-based line of each key path, e.g. ('credit', 2) → 14."""

    path: Path
    data: Any
    lines: dict[tuple, int] = field(default_factory=dict)

    def line_of(self, loc: tuple) -> int | None:
        """Line of the deepest known prefix of `loc` (pydantic locations may go deeper)."""
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), None)


def _index(node: yaml.Node, path: tuple, lines: dict) -> None:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            sub = path + (key.value,)
            lines[sub] = key.start_mark.line + 1
            _index(value, sub, lines)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _index(item, path + (i,), lines)


def load_yaml(path: Path, shown: Path | str | None = None) -> YamlFile:
    """Load `path`; a syntax error becomes a CopressError naming `shown` and the line."""
    shown = shown or path
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise CopressError("is not UTF-8 text", shown, hint="save the file as UTF-8") from None
    return parse_yaml(text, shown, path)


def parse_yaml(text: str, shown: Path | str, path: Path | None = None, first_line: int = 1) -> YamlFile:
    """Parse YAML text that starts at line `first_line` of `shown` (e.g. 2 for a front-matter
    block after its '---'), once — with libyaml when available: the node tree gives the lines,
    then the data."""
    offset = first_line - 1
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 + offset if mark else None
        problem = err.problem or "is not valid YAML"
        raise CopressError(
            f"YAML syntax error: {problem}", shown, line,
            hint="check indentation and quoting; text containing ': ' must be quoted",
        ) from None
    finally:
        loader.dispose()
    lines: dict[tuple, int] = {}
    if node is not None:
        _index(node, (), lines)
    return YamlFile(path or Path(str(shown)), data, {k: v + offset for k, v in lines.items()})


def validate(model: type, source: YamlFile, shown: Path | str, **context: Any):
    """Build `model` from the file's data; the first problem becomes a CopressError with its line."""
    from pydantic import ValidationError

    data = source.data if source.data is not None else {}
    if not isinstance(data, dict):
        raise CopressError("should be a mapping of keys to values", shown, 1,
                           hint="start the file with 'key: value' lines")
    try:
        return model.model_validate(data, context=context)
    except ValidationError as err:
        first = err.errors()[0]
        loc = tuple(first["loc"])
        where = ".".join(str(p) for p in loc) or "(top level)"
        msg = first["msg"].removeprefix("Value error, ")
        if first["type"] == "extra_forbidden":
            allowed = ", ".join(sorted(_aliases(model)))
            raise CopressError(f"unknown key '{where}'", shown, source.line_of(loc),
                               hint=f"known keys here: {allowed}") from None
        if first["type"] == "missing":
            raise CopressError(f"'{where}' is missing", shown, source.line_of(loc[:-1]),
                               hint=f"add a '{loc[-1]}:' line") from None
        raise CopressError(f"{where}: {msg}", shown, source.line_of(loc)) from None


def _aliases(model: type) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items()]
