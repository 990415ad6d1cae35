"""The article's Plain English summary: present, short, no abbreviations, not copied from the abstract."""

from __future__ import annotations

import re

from .. import gate
from ..findings import Finding
from ..project import Project

DEFAULT_LIMIT = 250  # words; a journal profile's word-limits.plain-summary replaces it
HEADING = re.compile(r"^#\s+(.*?)\s*(\{[^}]*\})?\s*$")
TITLES = {"plain english summary", "plain language summary", "lay summary"}
ABBREVIATION = re.compile(r"\b(?:[A-Z]{2,}s?|(?:[A-Za-z]\.){2,})(?![\w.])")
WORD = re.compile(r"[A-Za-z0-9’'-]+")


def find_summary(project: Project) -> tuple[str, int, str] | None:
    """(file shown, first line, Markdown text) of the section marked .plain-summary or so titled."""
    for path in project.article_files:
        lines = gate.read_source(path, project.root, project.shown(path)).splitlines()
        for n, line in enumerate(lines):
            match = HEADING.match(line)
            if not match:
                continue
            attrs = match.group(2) or ""
            if ".plain-summary" in attrs or match.group(1).strip().lower() in TITLES:
                body = []
                for following in lines[n + 1:]:
                    if HEADING.match(following):
                        break
                    body.append(following)
                return project.shown(path), n + 1, "\n".join(body)
    return None


def _plain(markdown: str) -> str:
    text = re.sub(r"\[@[^\]]*\]", " ", markdown)               # citations
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)     # links and images
    text = re.sub(r"\{[^}]*\}", " ", text)                      # attributes
    return re.sub(r"[*_`>#:|]", " ", text)


def _shingles(text: str, size: int = 6) -> set[tuple[str, ...]]:
    words = [w.lower() for w in WORD.findall(text)]
    return {tuple(words[i:i + size]) for i in range(len(words) - size + 1)}


def check_plain_summary(project: Project, limit: int | None = None, require: bool = True) -> list[Finding]:
    found = find_summary(project)
    if found is None:
        if not require:
            return []
        return [Finding("journal", "plain-summary/missing", "error",
                        "the article has no Plain English summary", "manuscript/",
                        hint="add '# Plain English summary {.plain-summary}' with a summary in everyday words")]
    shown, line, markdown = found
    text = _plain(markdown)
    findings = []
    limit = limit or DEFAULT_LIMIT
    count = len(WORD.findall(text))
    if count > limit:
        findings.append(Finding("journal", "plain-summary/length", "error",
                                f"the Plain English summary has {count} words; at most {limit}", shown, line,
                                hint=f"shorten it by {count - limit} words"))
    for n, text_line in enumerate(markdown.splitlines(), line + 1):
        for match in ABBREVIATION.finditer(_plain(text_line)):
            findings.append(Finding("journal", "plain-summary/abbreviation", "error",
                                    f"the Plain English summary uses the abbreviation '{match.group(0)}'",
                                    shown, n, hint="write the words out in full: a plain English summary "
                                                   "has no abbreviations"))
    abstract = project.metadata.abstract or ""
    ours = _shingles(text)
    if ours and abstract:
        shared = len(ours & _shingles(_plain(abstract))) / len(ours)
        if shared > 0.2:
            findings.append(Finding("journal", "plain-summary/copied", "error",
                                    f"{round(shared * 100)} in 100 of the Plain English summary's 6-word runs "
                                    "also stand in the abstract", shown, line,
                                    hint="write the summary fresh, in everyday words, rather than "
                                         "copying from the abstract"))
    return findings
