"""The easy-read edition's pages: the web page (also what the PDF is rendered from) and the DOCX,
where each picture stands beside its words in a table row."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from .. import gate
from ..assets import template
from ..cache import read_cached, write_cached
from ..document import images, start_pandoc
from ..messages import ENGLISH, Messages
from ..project import Project
from ..render.html import render_html as html_page


def render_html(ast: dict, project: Project, stamp: str) -> str:
    """The easy-read page: the shared HTML renderer with the easy-read template and stylesheet
    (copress.yaml's extra `css:` is for the article)."""
    return html_page(json.loads(json.dumps(ast)), project, stamp, "easy-read.html", "easy-read.css",
                     extra_css=False)


def draft_mark_css(words: Messages) -> list[str]:
    """For an edition in a language other than English, the PDF's draft mark in that language:
    CSS text after easy-read-print.css, whose own mark is the English one."""
    if words.lang == ENGLISH:
        return []
    mark = words.text("easy-read.draft-mark").replace("\\", "\\\\").replace('"', '\\"')
    return [f'@page draft {{ @top-center {{ content: "{mark}"; }} }}\n']


def _png(svg: Path, size: int = 288) -> bytes:
    """The picture as a PNG, rasterised once and kept in copress's cache (cairo costs ~1 s to load)."""
    data = gate.read_picture(svg, svg.name)[0]
    name = f"picture-{hashlib.sha256(data).hexdigest()[:20]}-{size}.png"
    cached = read_cached(name)
    if cached:
        return cached.read_bytes()
    import cairosvg

    png = cairosvg.svg2png(bytestring=data, url=str(svg), output_width=size, output_height=size)
    write_cached(name, png)
    return png


def _cell(blocks: list) -> list:
    return [["", [], []], {"t": "AlignDefault"}, 1, 1, blocks]


def _blocks_table(rows: list[tuple[list, list]]) -> dict:
    """Blocks as the rows of a two-column table without borders or header: picture on the
    left, words on the right. Word has no other way to keep a picture beside its text that
    survives editing; each row is kept on one page (see fix_alt_text's keep_rows)."""
    no_attr = ["", [], []]
    return {"t": "Table", "c": [
        no_attr, [None, []],
        [[{"t": "AlignLeft"}, {"t": "ColWidth", "c": 0.22}],
         [{"t": "AlignLeft"}, {"t": "ColWidth", "c": 0.78}]],
        [no_attr, []],
        [[no_attr, 0, [], [[no_attr, [_cell(picture), _cell(words)]] for picture, words in rows]]],
        [no_attr, []]]}


def _as_tables(blocks: list) -> list:
    """Each run of consecutive easy-read blocks (Div.block holding Div.picture and Div.words)
    becomes one table, a block a row."""
    out: list = []
    run: list = []
    for node in blocks:
        classes = node["c"][0][1] if node["t"] == "Div" else []
        if "block" in classes:
            parts = {part["c"][0][1][0]: part["c"][1] for part in node["c"][1]
                     if part["t"] == "Div" and part["c"][0][1]}
            run.append((parts.get("picture", []), parts.get("words", [])))
            continue
        if run:
            out.append(_blocks_table(run))
            run = []
        if node["t"] == "Div":
            node["c"][1] = _as_tables(node["c"][1])
        out.append(node)
    if run:
        out.append(_blocks_table(run))
    return out


def start_docx(ast: dict, project: Project, epoch: int, folder: Path):
    """Pandoc embeds SVG in DOCX only with rsvg-convert: pictures become PNGs in `folder`,
    referred to by relative paths (an absolute path would be written into the DOCX). Blocks
    become table rows, so each picture stands beside its text as in the PDF."""
    ast = json.loads(json.dumps(ast))
    ast["blocks"] = _as_tables(ast["blocks"])
    names: dict[str, str] = {}

    for node in images(ast["blocks"]):
        target = node["c"][2]
        source = Path(target[0])
        if source not in names:
            name = f"pictures/{len(names) + 1}{'.png' if source.suffix == '.svg' else source.suffix}"
            (folder / "pictures").mkdir(parents=True, exist_ok=True)
            if source.suffix.lower() == ".svg":
                (folder / name).write_bytes(_png(source))
            else:
                (folder / name).write_bytes(gate.read_picture(source, source.name)[0])
            names[source] = name
        target[0] = names[source]
        node["c"][0][2] = [kv for kv in node["c"][0][2] if kv[0] not in ("width", "height")] + \
            [["width", "2.5cm"], ["height", "2.5cm"]]
    args = ["-f", "json", "-t", "docx", "-o", "-",
            "--reference-doc", str(template("easy-read.docx", project.root))]
    return start_pandoc(args, folder, epoch), json.dumps(ast).encode("utf-8")
