"""guide.md's text → HTML sections: its `##` sections come before the map, except a section
whose id names a generated part (`{#map}`, `{#remote}`, …), which becomes that part's introduction."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..document import run_pandoc
from ..errors import CopressError
from ..htmlsafe import sanitise

# Raw HTML and raw blocks are off: the guide's text is plain Markdown. Links and attributes
# still are people's, so the HTML is sanitised (copress.htmlsafe) before it is split.
READER = "markdown-raw_html-raw_attribute-raw_tex"


@dataclass
class IntroSection:
    id: str
    heading: str  # inner HTML of the <h2>
    body: str     # HTML after the heading


@dataclass
class Intro:
    lead: str = ""  # text before the first `##` heading (goes on the cover)
    sections: list[IntroSection] = field(default_factory=list)

    def claim(self, part_id: str) -> IntroSection | None:
        """Take the section that introduces a generated part, if the text has one."""
        for section in self.sections:
            if section.id == part_id:
                self.sections.remove(section)
                return section
        return None


def render_intro(markdown: str, shown: str | None, first_line: int, cwd: Path) -> Intro:
    if not markdown.strip():
        return Intro()
    out, _ = run_pandoc(["-f", READER, "-t", "html5", "--section-divs", "--wrap=none"],
                        markdown.encode("utf-8"), cwd, "reading guide.md")
    text = sanitise(out.decode("utf-8"))
    if "<img" in text:
        line = first_line + markdown[:max(markdown.find("!["), 0)].count("\n")
        raise CopressError("guide.md has a picture; the guide does not take pictures yet", shown, line,
                           hint="describe it in words, or link to it")
    return split_sections(text)


def split_sections(text: str) -> Intro:
    import lxml.html

    root = lxml.html.fragment_fromstring(text, create_parent="div")
    intro = Intro()
    lead = []
    for child in root:
        if child.tag == "section" and "level2" in child.get("class", "").split():
            heading = child.find("h2")
            inner = ""
            if heading is not None:
                inner = _inner(heading)
                child.remove(heading)
            intro.sections.append(IntroSection(child.get("id", ""), inner, _inner(child)))
        else:
            lead.append(lxml.html.tostring(child, encoding="unicode"))
    intro.lead = "".join(lead)
    return intro


def _inner(element) -> str:
    import html

    import lxml.html

    text = html.escape(element.text or "", quote=False)
    body = text + "".join(lxml.html.tostring(c, encoding="unicode") for c in element)
    return re.sub(r"\s+$", "", body)
