"""Where copress's own templates and filters are, and how a project overrides them."""

from __future__ import annotations

import importlib.util
import re
import sys
from functools import cache
from pathlib import Path
from types import ModuleType

from .errors import CopressError

_PACKAGE = Path(__file__).resolve().parent


@cache
def asset_dir(name: str) -> Path:
    """`templates` or `filters`: inside the installed package, or at the top of a source checkout."""
    inside = _PACKAGE / name
    return inside if inside.is_dir() else _PACKAGE.parent / name


# A pandoc template "partial" ($name()$ or ${ name() }) reads another file, by any path.
PARTIAL = re.compile(r"\$\{?[^$\n]*\(\)")
PANDOC_TEMPLATES = (".html", ".jats")


def template(name: str, project_root: Path | None = None) -> Path:
    """A template file; a file of the same name in the project's own templates/ wins. A
    project's template must really be in its templates/ folder (no link elsewhere), and a
    pandoc template may not include other files."""
    if project_root is not None:
        own = project_root / "templates" / name
        if own.is_file() or own.is_symlink():
            shown = f"templates/{name}"
            from .gate import refused_reason

            # templates/ itself must be in the project (a link to a folder elsewhere is refused)
            folder = project_root.resolve() / "templates"
            target = own.resolve()
            if not target.is_relative_to(folder) or refused_reason(target, project_root.resolve(),
                                                                  assets=False) or not own.is_file():
                raise CopressError("is a link to a file outside the project's templates/ folder",
                                   shown, hint="copy the file into templates/ instead of linking to it")
            if own.suffix in PANDOC_TEMPLATES:
                from .gate import read_text

                text = read_text(own, shown)
                match = PARTIAL.search(text)
                if match:
                    raise CopressError("includes another file (a pandoc template partial)", shown,
                                       text.count("\n", 0, match.start()) + 1,
                                       hint="copy what you need into this template; copress "
                                            "templates may not read other files")
        from .gate import note

        note(own)  # for incremental builds: a template's bytes, or that the project has none
        if own.is_file():
            return own
    path = asset_dir("templates") / name
    if not path.is_file():
        raise CopressError(f"copress's template '{name}' is missing", path,
                           hint="reinstall copress (pip install .)")
    return path


def template_text(name: str, project_root: Path | None = None) -> str:
    """A template's text (see `template`): a project's own through the input gate, so a file
    that is not UTF-8 text, or too large, is a clear error naming it."""
    from .gate import read_text

    path = template(name, project_root)
    own = project_root is not None and path.parent != asset_dir("templates")
    return read_text(path, f"templates/{name}" if own else str(path))


def print_stylesheets(name: str, project_root: Path | None = None, lang: str | None = None) -> list[Path | str]:
    """What WeasyPrint gets beside an edition's page for its PDF: base-print.css (the paged
    media every PDF shares), then the edition's own `name`, which wins where the two differ;
    for an edition in a language other than English, last, a generated stylesheet (CSS text,
    not a path) with "Page N of M" in that language (English's is base-print.css's own)."""
    sheets: list[Path | str] = [template("base-print.css", project_root), template(name, project_root)]
    if lang is not None:
        from .messages import ENGLISH, messages

        words = messages(lang)
        if words.lang != ENGLISH:
            sheets.append(f"@page {{ @bottom-center {{ content: {words.page_of_css()}; }} }}\n")
    return sheets


@cache
def load_filter(name: str) -> ModuleType:
    """Import filters/<name>.py in-process (the same file runs alone as `pandoc --filter`)."""
    path = asset_dir("filters") / f"{name}.py"
    module_name = f"copress_filters.{name}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise CopressError(f"filter '{name}' is missing", path, hint="reinstall copress")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module
