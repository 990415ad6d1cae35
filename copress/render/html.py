"""HTML: pandoc's html5 writer with copress's template; images and fonts embedded, one file."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path
from urllib.parse import unquote

from .. import gate, htmlsafe
from ..assets import asset_dir, template
from ..document import images, run_pandoc
from ..errors import CopressError
from ..project import Project
from .meta import plain_metadata

CSS_MARKER = "/*@copress-stylesheet@*/"
CSS_URL = re.compile(r"""url\(\s*["']?([^"')]+)["']?\s*\)""")
# `@import "base.css";` (or `@import url(base.css);`), which copress replaces with that file
CSS_IMPORT = re.compile(r"""@import\s+(?:url\(\s*["']?([^"')]+)["']?\s*\)|["']([^"']+)["'])([^;]*);""")
# Either, in one pass, so that a url() inside an @import is the import's; comments first, so
# that what they mention is left alone.
CSS_REF = re.compile(rf"/\*[\s\S]*?\*/|{CSS_IMPORT.pattern}|{CSS_URL.pattern}")


FONT_TYPES = {".woff2": "font/woff2", ".woff": "font/woff", ".ttf": "font/ttf", ".otf": "font/otf"}


def data_uri(path: Path, shown: str | None = None) -> str:
    """A file as a data: URI. Pictures get the type their bytes show (never their name's);
    fonts are the only other kind a page embeds."""
    shown = shown or path.name
    if path.suffix.lower() in FONT_TYPES:
        data, mime = gate.read_bytes(path, shown, gate.MAX_FONT), FONT_TYPES[path.suffix.lower()]
    else:
        data, mime = gate.read_picture(path, shown)
    return f"data:{mime};base64," + base64.b64encode(data).decode("ascii")


def stylesheet(project: Project, name: str = "article.css", extra_css: bool = True) -> str:
    """`name` (or the project's own file of that name), plus copress.yaml `css:` when
    `extra_css`, with url()s embedded — only files the input gate allows."""
    sheets = [template(name, project.root)]
    for extra in project.config.css if extra_css else []:
        sheets.append(gate.resolve(extra, project.root, project.root, gate.Where("copress.yaml"),
                                   what="stylesheet"))
    return "\n".join(embed_urls(sheet, project.root) for sheet in sheets)


def embed_urls(sheet: Path, project_root: Path) -> str:
    """The stylesheet's text with its @imports replaced by the imported files and its url()s
    (fonts, pictures) as data: URIs. Every file goes through the input gate: a stylesheet is a
    way out of the sandbox too."""
    return _sheet_text(sheet, project_root, embed=True, within=(sheet.resolve(),))


def inline_imports(sheet: Path, project_root: Path) -> str:
    """The stylesheet's text with its @imports replaced by the imported files, url()s left as
    they are: for a stylesheet copied beside the pages that link to it, with its fonts."""
    return _sheet_text(sheet, project_root, embed=False, within=(sheet.resolve(),))


def _sheet_text(sheet: Path, project_root: Path, embed: bool, within: tuple[Path, ...]) -> str:
    """`sheet` with its imports inlined (and its url()s embedded if `embed`); `within`: the
    stylesheets that imported it, which it may not import again."""
    shown = _shown(sheet, project_root)
    text = gate.read_text(sheet, shown)

    def replace(match: re.Match) -> str:
        if match.group(0).startswith("/*"):
            return match.group(0)
        where = gate.Where(shown, text.count("\n", 0, match.start()) + 1)
        imported = match.group(1) or match.group(2)
        if imported:
            if match.group(3).strip():
                raise CopressError(f"imports '{imported.strip()}' for some media only", where.file,
                                   where.line, hint="put the rules inside @media in the imported "
                                                    "file, and import it without a media list")
            target = _stylesheet_file(imported.strip(), sheet, project_root, where, imported=True)
            if target.resolve() in within:
                raise CopressError(f"imports '{imported.strip()}', which imports this file again",
                                   where.file, where.line, hint="take out one of the two @imports")
            inner = _sheet_text(target, project_root, embed, (*within, target.resolve()))
            return inner.rstrip("\n")  # the @import's own line ends it
        ref = match.group(4).strip()
        if not embed or ref.startswith(("data:", "#")):
            return match.group(0)
        target = _stylesheet_file(ref, sheet, project_root, where, imported=False)
        return f'url("{data_uri(target, _shown(target, project_root))}")'

    return CSS_REF.sub(replace, text)


def _stylesheet_file(ref: str, sheet: Path, project_root: Path, where: gate.Where,
                     imported: bool) -> Path:
    """The file a stylesheet refers to: beside it, else among copress's templates (so a
    project's own stylesheet may use copress's fonts and base.css). A bare name that copress's
    own stylesheet imports is a template, so a project's file of that name wins."""
    if "://" in ref or ref.startswith("//"):
        raise CopressError(f"stylesheet refers to '{ref}', which is not a file in the project",
                           where.file, where.line,
                           hint="put fonts and pictures next to the stylesheet; "
                                "copress reads nothing from the network")
    templates = asset_dir("templates")
    if imported and sheet.parent.resolve() == templates.resolve() and "/" not in ref:
        return template(ref, project_root)
    base = sheet.parent
    if not (base / ref).exists() and (templates / ref).exists():
        base = templates
    return gate.resolve(ref, base, project_root, where,
                        what="stylesheet" if imported else "stylesheet file")


def _shown(path: Path, root: Path) -> str:
    path = path.resolve()
    for base, prefix in ((root.resolve(), ""), (asset_dir("templates").resolve(), "copress:templates/")):
        if path.is_relative_to(base):
            return prefix + str(path.relative_to(base))
    return path.name


def embed_images(ast: dict, base: Path, root: Path) -> None:
    """Replace image paths (already checked by filters/images.py) with data: URIs, through the
    gate again: a picture is read from the place the filter approved, never another."""
    for node in images(ast["blocks"]):
        target = node["c"][2]
        if not target[0].startswith("data:"):
            path = gate.resolve(unquote(target[0]), base, root, gate.Where(), what="image")
            target[0] = data_uri(path, _shown(path, root))


def render_html(ast: dict, project: Project, stamp: str, template_name: str = "article.html",
                css_name: str = "article.css", extra_css: bool = True) -> str:
    """A standalone page: pandoc's html5 writer with `template_name`; images and the stylesheet
    (with its fonts) embedded, so the page is one file. The body is sanitised as a whole before
    copress adds its stylesheet, and the page gets its Content-Security-Policy (no scripts)."""
    page = pandoc_page(ast, project, stamp, template_name)
    css = stylesheet(project, css_name, extra_css)
    return htmlsafe.finish_page(htmlsafe.sanitise_body(page).replace(CSS_MARKER, css, 1))


def pandoc_page(ast: dict, project: Project, stamp: str, template_name: str = "article.html") -> str:
    """pandoc's page before copress makes it safe: metadata as plain text, the body between
    htmlsafe's markers, and CSS_MARKER where the stylesheet goes."""
    embed_images(ast, project.manuscript, project.root)
    start, end = htmlsafe.body_markers()
    ast = {**ast, "meta": plain_metadata(ast.get("meta", {})),
           "blocks": [start, *ast["blocks"], end]}
    args = ["-f", "json", "-t", "html5", "--standalone", "--wrap=none",
            "--template", str(template(template_name, project.root)),
            "--shift-heading-level-by=1",  # the title is the page's only <h1>
            # The stylesheet (with fonts) is too long for a command-line argument: a marker
            # goes through pandoc and is replaced afterwards.
            "--variable", f"copress-css={CSS_MARKER}",
            "--variable", f"copress-stamp={stamp}"]
    out, _ = run_pandoc(args, json.dumps(ast).encode("utf-8"), project.manuscript, "writing HTML")
    return out.decode("utf-8")
