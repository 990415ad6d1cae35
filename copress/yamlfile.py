"""Read a YAML source file, keeping the line of every key so errors can point at it."""

from __future__ import annotations

import difflib
import re
import typing
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


# Limits for any YAML copress reads. Real project files are a few kilobytes and a few levels
# deep; the caps only stop hostile or broken files before they cost minutes or gigabytes.
MAX_YAML_BYTES = 5 * 1024 * 1024
MAX_YAML_DEPTH = 64
NO_ANCHORS = ("copress project files may not use YAML anchors (&) or aliases (*); "
              "write the values out")
# An anchor or alias is '&' or '*' at the start of a token, followed by its name: text without
# this pattern cannot hold one, so the event scan below runs only on the few files that might.
_MAYBE_ANCHOR = re.compile(r"[&*][^\s,\[\]{}]")


def _refuse_anchors(text: str, shown: Path | str, offset: int) -> None:
    """Stop at the first anchor or alias, read from libyaml's event stream before any node is
    built: an alias bomb ("billion laughs") is a few lines whose expansion is exponential, so
    it must be refused before anything walks the expanded tree."""
    if not _MAYBE_ANCHOR.search(text):
        return
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.AliasEvent):
            found = f"a YAML alias (*{event.anchor})"
        elif getattr(event, "anchor", None) is not None:
            found = f"a YAML anchor (&{event.anchor})"
        else:
            continue
        raise CopressError(f"uses {found}", shown, event.start_mark.line + 1 + offset,
                           hint=NO_ANCHORS)


# A YAML metadata block as pandoc finds it in Markdown: '---' at the start or after a blank
# line, not followed by a blank line, up to a line of '---' or '...'.
_MARKDOWN_YAML = re.compile(r"(?:\A|\n[ \t]*\n)---[ \t]*\n(?![ \t]*\n)(.*?\n)(?:---|\.\.\.)[ \t]*(?=\n|\Z)",
                            re.DOTALL)


def refuse_anchors_in_markdown(text: str, shown: Path | str) -> None:
    """pandoc reads YAML blocks in Markdown itself and expands aliases without limit (an alias
    bomb in a chapter hangs it): refuse anchors and aliases there before pandoc sees the text.
    A block that is not valid YAML is left for pandoc to report."""
    if not _MAYBE_ANCHOR.search(text):
        return
    for match in _MARKDOWN_YAML.finditer(text):
        first_line = text.count("\n", 0, match.start(1)) + 1
        try:
            _refuse_anchors(match.group(1), shown, first_line - 1)
        except yaml.YAMLError:
            continue


def _index(node: yaml.Node, path: tuple, lines: dict, shown: Path | str, offset: int,
           depth: int = 0) -> None:
    if depth > MAX_YAML_DEPTH:
        raise CopressError(f"is nested more than {MAX_YAML_DEPTH} levels deep", shown,
                           node.start_mark.line + 1 + offset, hint="copress project files are a few levels "
                                                          "deep; check the indentation and brackets")
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            # a list or mapping used as a key is refused when the data is built; index past it
            sub = path + (key.value if isinstance(key, yaml.ScalarNode) else "?",)
            lines[sub] = key.start_mark.line + 1
            _index(value, sub, lines, shown, offset, depth + 1)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _index(item, path + (i,), lines, shown, offset, depth + 1)


def load_yaml(path: Path, shown: Path | str | None = None) -> YamlFile:
    """Load `path`; a syntax error becomes a CopressError naming `shown` and the line."""
    from .gate import read_source, read_text

    shown = shown or path
    parts = Path(str(shown)).parts
    if parts and not Path(str(shown)).is_absolute() and path.parts[-len(parts):] == parts:
        # `shown` is relative to the project: the file must really be inside it (no link out)
        root = path.parents[len(parts) - 1] if len(parts) > 1 else path.parent
        text = read_source(path, root, str(shown))
    else:
        text = read_text(path, str(shown))
    return parse_yaml(text, shown, path)


def parse_yaml(text: str, shown: Path | str, path: Path | None = None, first_line: int = 1) -> YamlFile:
    """Parse YAML text that starts at line `first_line` of `shown` (e.g. 2 for a front-matter
    block after its '---'), once — with libyaml when available: the node tree gives the lines,
    then the data."""
    offset = first_line - 1
    if len(text) > MAX_YAML_BYTES and len(text.encode("utf-8")) > MAX_YAML_BYTES:
        raise CopressError(f"is too large for a YAML file (more than {MAX_YAML_BYTES // 2**20} MB)",
                           shown, hint="copress project files are small; split it or remove what "
                                       "does not belong")
    lines: dict[tuple, int] = {}
    loader = None
    try:
        _refuse_anchors(text, shown, offset)
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
        node = loader.get_single_node()
        if node is not None:
            _index(node, (), lines, shown, offset)  # before building the data: it checks the depth
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 + offset if mark else None
        problem = err.problem or "is not valid YAML"
        raise CopressError(
            f"YAML syntax error: {problem}", shown, line,
            hint="check indentation and quoting; text containing ': ' must be quoted",
        ) from None
    except yaml.reader.ReaderError as err:  # a control character YAML does not allow
        line = text.count("\n", 0, err.position) + 1 + offset if err.position is not None else None
        raise CopressError(f"has a character YAML does not allow ({err.reason}, "
                           f"code {err.character!r})", shown, line,
                           hint="remove it; it is often pasted in by accident") from None
    except yaml.YAMLError as err:
        raise CopressError(f"is not valid YAML: {err}", shown) from None
    finally:
        if loader is not None:
            loader.dispose()
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
        errors = err.errors()
        # An unknown key first: a misspelt required key (`authours:`) also makes it "missing",
        # and the misspelling is what the user has to fix.
        first = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
        loc = tuple(first["loc"])
        where = ".".join(str(p) for p in loc) or "(top level)"
        msg = first["msg"].removeprefix("Value error, ")
        if first["type"] == "extra_forbidden":
            known = sorted(_aliases(_model_at(model, loc[:-1])))
            close = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.6)
            hint = (f"did you mean '{close[0]}'? " if close else "") + f"known keys here: {', '.join(known)}"
            raise CopressError(f"unknown key '{where}'", shown, source.line_of(loc), hint=hint) from None
        if first["type"] == "missing":
            raise CopressError(f"'{where}' is missing", shown, source.line_of(loc[:-1]),
                               hint=f"add a '{loc[-1]}:' line") from None
        raise CopressError(f"{where}: {msg}", shown, source.line_of(loc)) from None


def _model_at(model: type, loc: tuple) -> type:
    """The pydantic model that holds the keys at `loc` (list indexes skipped), else `model`."""
    from pydantic import BaseModel

    current = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = next((f for name, f in current.model_fields.items() if (f.alias or name) == part), None)
        if field is None:
            return model
        inner = [t for t in (field.annotation, *typing.get_args(field.annotation))
                 if isinstance(t, type) and issubclass(t, BaseModel)]
        if not inner:
            return model
        current = inner[0]
    return current


def _aliases(model: type) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items()]
