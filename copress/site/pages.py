"""The site's pages: the index, the versions page and each version's own index.

Every link is relative, so the site works from a folder (file://) and from any static host.
A version's own page links only to files in its folder: `latest/` is a byte-for-byte copy of
the newest version's folder, one level shallower, so a link out of it would break in one of
the two. Every word from the project (title, commit subjects, reasons) goes through `escape`.
"""

from __future__ import annotations

from pathlib import Path

from ..htmlkit import escape as e
from ..htmlsafe import finish_page
from .editions import GROUPS, PUBLISHED, Published
from .versions import Version

# System fonts keep the pages small; contrast and focus as in copress's other pages.
CSS = """
:root { color: #1a1a1a; background: #fff; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; line-height: 1.5; }
body { margin: 0 auto; max-width: 60rem; padding: 1rem 1.25rem 3rem; }
a { color: #0b4f8a; text-underline-offset: 0.15em; }
a:focus-visible { outline: 3px solid #b34700; outline-offset: 2px; }
h1 { font-size: 1.8rem; line-height: 1.25; }
h2 { margin-top: 2.2rem; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; width: 100%; }
caption { text-align: left; font-weight: bold; padding: 0.4rem 0; }
th, td { text-align: left; vertical-align: top; padding: 0.5rem; border-bottom: 1px solid #ddd; }
thead th { border-bottom: 2px solid #555; }
.format { display: block; font-weight: normal; color: #444; }
.withdrawn { border-left: 4px solid #b34700; padding-left: 0.75rem; }
footer { margin-top: 3rem; color: #444; font-size: 0.9rem; }
"""


def _page(title: str, body: str) -> str:
    """A page. copress writes its own words in English; the project's title keeps its language
    where it is shown (`_title`)."""
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(title)}</title>
<style>{CSS}</style>
</head>
<body>
{body}
<footer><p>Made with copress from the project's git repository.</p></footer>
</body>
</html>
"""
    return finish_page(page)


def _title(title: str, lang: str) -> str:
    """The project's title, marked with its language when that is not English."""
    if lang.lower().split("-")[0] == "en":
        return e(title)
    return f'<span lang="{e(lang)}">{e(title)}</span>'


def _size(path: Path) -> str:
    size = path.stat().st_size
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(1, round(size / 1024))} kB"


def listed(folder: Path) -> list[Published]:
    """The files of PUBLISHED that a version's folder holds."""
    return [p for p in PUBLISHED if (folder / p.file).is_file()]


def _editions(folder: Path, prefix: str) -> str:
    """The table of a version's editions, each linked as `prefix` + its file."""
    parts = []
    for group, heading in GROUPS.items():
        rows = [p for p in listed(folder) if p.group == group]
        if not rows:
            continue
        parts.append(f'<h2 id="{e(group)}">{e(heading)}</h2>\n<table>\n'
                     f'<caption>{e(heading)}: each file, what it is for and who it is for</caption>\n'
                     '<thead><tr><th scope="col">File</th><th scope="col">What it is for</th>'
                     '<th scope="col">Who it is for</th></tr></thead>\n<tbody>')
        for p in rows:
            parts.append(f'<tr><th scope="row"><a href="{e(prefix + p.file)}">{e(p.title)}</a>'
                         f'<span class="format">{e(p.format)}, {_size(folder / p.file)}</span></th>'
                         f'<td>{e(p.purpose)}</td><td>{e(p.audience)}</td></tr>')
        parts.append("</tbody>\n</table>")
    if not parts:
        return "<p>This version has no editions to show.</p>"
    return "\n".join(parts)


def version_index(title: str, lang: str, version: Version, folder: Path) -> str:
    """v/<id>/index.html (and so latest/index.html): this version's editions."""
    body = (f'<header><h1>{_title(title, lang)}: version {e(version.id)}</h1>\n'
            f'<p>The editions built from commit {e(version.id)} of {e(version.date or "an unknown date")}. '
            'This folder keeps them as they were: a link to a file here will not change.</p></header>\n'
            f'<main>\n{_editions(folder, "")}\n</main>')
    return _page(f"{title}: version {version.id}", body)


def site_index(title: str, lang: str, latest: Version | None, folder: Path | None, kept: int) -> str:
    """index.html: the newest version's editions, linked under latest/."""
    if latest is None or folder is None:
        body = (f'<header><h1>{_title(title, lang)}</h1></header>\n<main>\n'
                '<p>No version is published at the moment: every version has been withdrawn. '
                'The <a href="versions.html">versions page</a> says why.</p>\n</main>')
        return _page(title, body)
    others = kept - 1
    earlier = (f"{others} earlier version{'s are' if others != 1 else ' is'} kept too" if others
               else "earlier versions will be kept there too")
    body = (f'<header><h1>{_title(title, lang)}</h1>\n'
            '<p>Every edition of this work, for its readers and for the team that made it. '
            f'These are the newest, built from commit {e(latest.id)} of {e(latest.date or "an unknown date")}.</p>\n'
            f'<p>To link to exactly this version, which will not change, use '
            f'<a href="v/{e(latest.id)}/index.html">version {e(latest.id)}</a>. '
            f'What changed from version to version is on the <a href="versions.html">versions page</a> '
            f'({e(earlier)}).</p></header>\n'
            f'<main>\n{_editions(folder, "latest/")}\n</main>')
    return _page(title, body)


def versions_page(title: str, lang: str, versions: list[Version], latest: Version | None) -> str:
    """versions.html: every version, newest first: date, commit, what changed, or why withdrawn."""
    items, sections = [], []
    for v in versions:
        anchor = f"v-{v.id}"
        label = f"Version {v.id}" + (f" of {v.date}" if v.date else "")
        items.append(f'<li><a href="#{e(anchor)}">{e(label)}</a>'
                     f'{" (withdrawn)" if v.withdrawn else " (newest)" if v is latest else ""}</li>')
        part = [f'<section aria-labelledby="{e(anchor)}">\n<h2 id="{e(anchor)}">{e(label)}</h2>']
        if v.withdrawn:
            part.append(f'<p class="withdrawn">Withdrawn on {e(v.withdrawn.on)}: {e(v.withdrawn.reason)}</p>')
        else:
            also = ' (also under <a href="latest/index.html">the newest</a>)' if v is latest else ""
            part.append(f'<p><a href="v/{e(v.id)}/index.html">Open version {e(v.id)}</a>{also}.</p>')
        if v.summary:
            more = f"<li>and {v.more} more change{'s' if v.more != 1 else ''}</li>" if v.more else ""
            changes = "".join(f"<li>{e(s)}</li>" for s in v.summary)
            part.append(f"<p>What changed in the manuscript:</p>\n<ul>{changes}{more}</ul>")
        elif v.date:
            part.append("<p>No change to the manuscript since the version before; the rest of the "
                        "project (contributors, settings or copress) changed.</p>")
        else:
            part.append("<p>What changed in this version was not recorded.</p>")
        sections.append("\n".join(part) + "\n</section>")
    contents = f'<nav aria-label="Versions"><ul>{"".join(items)}</ul></nav>' if items else "<p>No versions yet.</p>"
    body = (f'<header><h1>Versions of {_title(title, lang)}</h1>\n'
            '<p>Each version keeps the editions of one commit under its own address, so what you '
            'read, send or cite stays the same. A version is withdrawn, and its files removed, '
            'when it must no longer be shared: for example when someone changes what they agreed '
            'to. <a href="index.html">Back to the newest editions</a>.</p></header>\n'
            f'<main>\n{contents}\n' + "\n".join(sections) + "\n</main>")
    return _page(f"Versions of {title}", body)
