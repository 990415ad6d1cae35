"""HTML: pandoc's html5 writer with copress's template; images and fonts embedded, one file."""

from __future__ import annotations

import base64
import json
import mimetypes
import re
from pathlib import Path

from ..assets import asset_dir, template
from ..document import images, run_pandoc
from ..errors import CopressError
from ..project import Project

CSS_MARKER = "/*@copress-stylesheet@*/"
CSS_URL = re.compile(r"""url\(\s*["']?([^"')]+)["']?\s*\)""")


def data_uri(path: Path) -> str:
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if path.suffix == ".woff2":
        mime = "font/woff2"
    return f"data:{mime};base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def stylesheet(project: Project, name: str = "article.css", extra_css: bool = True) -> str:
    """`name` (or the project's own file of that name), plus copress.yaml `css:` when
    `extra_css`, with url()s embedded — only files inside the project or copress's templates."""
    sheets = [template(name, project.root)]
    for extra in project.config.css if extra_css else []:
        path = (project.root / extra).resolve()
        if not path.is_relative_to(project.root) or not path.is_file():
            raise CopressError(f"stylesheet '{extra}' not found in the project", "copress.yaml",
                               hint="css: entries are paths relative to the project folder")
        sheets.append(path)
    return "\n".join(embed_urls(sheet, project.root) for sheet in sheets)


def embed_urls(sheet: Path, project_root: Path) -> str:
    """The stylesheet's text with its url()s (fonts, pictures) as data: URIs. Only files inside
    the project or copress's templates are read: a stylesheet is a way out of the sandbox too."""
    templates = asset_dir("templates")

    def embed(match: re.Match) -> str:
        ref = match.group(1)
        if ref.startswith(("data:", "#")):
            return match.group(0)
        target = (sheet.parent / ref).resolve()
        if not target.is_file():  # a project's own stylesheet may use copress's fonts
            target = (templates / ref).resolve()
        inside = target.is_relative_to(project_root) or target.is_relative_to(templates)
        if "://" in ref or not target.is_file() or not inside:
            raise CopressError(f"stylesheet refers to '{ref}', which is not a file in the project",
                               sheet.name, hint="put fonts and pictures next to the stylesheet; "
                                                "copress reads nothing from outside the project")
        return f'url("{data_uri(target)}")'

    return CSS_URL.sub(embed, sheet.read_text(encoding="utf-8"))


def embed_images(ast: dict, base: Path) -> None:
    """Replace image paths (already checked by filters/images.py) with data: URIs."""
    for node in images(ast["blocks"]):
        target = node["c"][2]
        if not target[0].startswith("data:"):
            target[0] = data_uri((base / target[0]).resolve())


def render_html(ast: dict, project: Project, stamp: str, template_name: str = "article.html",
                css_name: str = "article.css", extra_css: bool = True) -> str:
    """A standalone page: pandoc's html5 writer with `template_name`; images and the stylesheet
    (with its fonts) embedded, so the page is one file."""
    embed_images(ast, project.manuscript)
    args = ["-f", "json", "-t", "html5", "--standalone", "--wrap=none",
            "--template", str(template(template_name, project.root)),
            "--shift-heading-level-by=1",  # the title is the page's only <h1>
            # The stylesheet (with fonts) is too long for a command-line argument: a marker
            # goes through pandoc and is replaced afterwards.
            "--variable", f"copress-css={CSS_MARKER}",
            "--variable", f"copress-stamp={stamp}"]
    out, _ = run_pandoc(args, json.dumps(ast).encode("utf-8"), project.manuscript, "writing HTML")
    return out.decode("utf-8").replace(CSS_MARKER, stylesheet(project, css_name, extra_css), 1)
