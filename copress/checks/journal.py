"""Journal readiness, read from the built article.html: sections, word counts, references, GRIPP2."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import lxml.html

from ..journals import JournalProfile, SectionRule
from ..vocab.gripp2 import ITEMS as GRIPP2_ITEMS
from ..findings import Finding
from .model import Check, Context, Rule

SKIP_FOR_MAIN = ("plain-summary", "abstract", "declarations", "references")


@dataclass
class Section:
    title: str
    level: int
    classes: set[str]
    id: str = ""
    words: int = 0
    parent: "Section | None" = None
    gripp2: str | None = None
    kinds: set[str] = field(default_factory=set)


def _norm(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").lower().split()).rstrip(".:")


def _words(text: str) -> int:
    return len(re.findall(r"[\w’'-]+", text))


def read_sections(html_path: Path) -> tuple[list[Section], int, int, dict[str, str]]:
    """The article's sections (with words of running text), abstract words, references, GRIPP2 marks."""
    page = lxml.html.parse(str(html_path)).getroot()
    main = page.find(".//main")
    sections: list[Section] = []
    gripp2: dict[str, str] = {}
    abstract_words, references = 0, 0
    current: dict[int, Section] = {}

    def counted_text(element) -> int:
        if element.tag in ("figure", "table") or element.get("id") == "refs":
            return 0
        if element.tag in ("p", "li", "blockquote", "dd", "dt") and not element.findall(".//p"):
            return _words(element.text_content())
        return sum(counted_text(child) for child in element)

    for element in main:
        if element.get("class") == "abstract":
            abstract_words = sum(_words(p.text_content()) for p in element.iter("p"))
            sections.append(Section("Abstract", 1, {"abstract"}, "abstract"))
            continue
        if element.get("id") in ("byline",) or element.get("class") in ("title", "subtitle", "keywords"):
            continue
        if element.get("id") == "refs":
            references = len(element.find_class("csl-entry"))
        mark = element.get("data-gripp2")
        if re.fullmatch(r"h[2-6]", element.tag or ""):
            level = int(element.tag[1]) - 1
            section = Section(element.text_content().strip(), level, set(element.get("class", "").split()),
                              element.get("id", ""), parent=current.get(level - 1))
            current[level] = section
            for deeper in [k for k in current if k > level]:
                del current[deeper]
            sections.append(section)
            if mark:
                gripp2.setdefault(mark, section.title)
            continue
        if mark and current:
            gripp2.setdefault(mark, current[max(current)].title)
        for inner in element.iter():
            inner_mark = inner.get("data-gripp2")
            if inner_mark and current:
                gripp2.setdefault(inner_mark, current[max(current)].title)
        if current:
            current[max(current)].words += counted_text(element)
    return sections, abstract_words, references, gripp2


def _top(section: Section) -> Section:
    while section.parent is not None:
        section = section.parent
    return section


def _kind(section: Section) -> str | None:
    top = _top(section)
    title = _norm(top.title)
    if "plain-summary" in top.classes or title in ("plain english summary", "plain language summary", "lay summary"):
        return "plain-summary"
    if "declarations" in top.classes or title == "declarations":
        return "declarations"
    if title in ("references", "bibliography"):
        return "references"
    if title == "abstract":
        return "abstract"
    return None


def _matches(rule: SectionRule, section: Section) -> bool:
    """By id or class, in any language (`## Cyllid {#funding}`; copress's own sections are
    `sec-contributions`, `sec-acknowledgements`), or by English heading text."""
    return section.id in (rule.id, f"sec-{rule.id}") or rule.id in section.classes or \
        (rule.class_ is not None and rule.class_ in section.classes) or \
        any(_norm(section.title) == _norm(m) for m in rule.match)


def check_journal(html_path: Path, profile: JournalProfile, csl: str) -> tuple[list[Finding], list[dict]]:
    """Findings, and the GRIPP2 short-form table (item, section or None)."""
    shown = "build/" + html_path.name
    sections, abstract_words, references, gripp2 = read_sections(html_path)
    findings = []
    where = f"for {profile.name}"
    for severity, rules in (("error", profile.required_sections), ("warning", profile.recommended_sections)):
        for rule in rules:
            if not any(_matches(rule, s) for s in sections):
                findings.append(Finding("journal", "journal/missing-section", severity,
                                        f"the article has no '{rule.name}' section, which {profile.name} "
                                        f"{'requires' if severity == 'error' else 'recommends'}", shown,
                                        hint=f"add a heading '# {rule.name}', or mark a heading in any "
                                             f"language with {{#{rule.id}}}" + (
                                            f" or {{.{rule.class_}}}" if rule.class_ else "")))
    if profile.ppi_statement == "required" and not any(
            _norm(s.title) == "patient and public involvement" or "ppi" in s.classes or s.id == "ppi"
            for s in sections):
        findings.append(Finding("journal", "journal/ppi-statement", "error",
                                f"{profile.name} asks for a 'Patient and public involvement' section in the methods",
                                shown, hint="add '## Patient and public involvement' describing how patients and "
                                            "the public were involved, or that they were not"))
    main_words = sum(s.words for s in sections if _kind(s) not in SKIP_FOR_MAIN)
    summary_words = sum(s.words for s in sections if _kind(s) == "plain-summary")
    limits = profile.word_limits
    # The plain English summary's limit is checked with its other rules (easyread/summary.py).
    for label, count, limit in (("main text", main_words, limits.main_text),
                                ("abstract", abstract_words, limits.abstract)):
        if limit is not None and count > limit:
            findings.append(Finding("journal", "journal/word-limit", "error",
                                    f"the {label} has {count} words; {profile.name} allows {limit}", shown,
                                    hint=f"shorten the {label} by {count - limit} words"))
    findings.append(Finding("journal", "journal/word-count", "info",
                            f"main text {main_words} words, abstract {abstract_words}, plain English summary "
                            f"{summary_words}, {references} references ({where})", shown))
    if profile.reference_limit is not None and references > profile.reference_limit:
        findings.append(Finding("journal", "journal/reference-limit", "error",
                                f"{references} references; {profile.name} allows {profile.reference_limit}",
                                shown, hint="remove references the argument does not need"))
    if profile.csl and Path(csl).name != profile.csl:
        findings.append(Finding("journal", "journal/citation-style", "warning",
                                f"the citation style is {Path(csl).name}; {profile.name} uses {profile.csl}",
                                "manuscript/metadata.yaml", hint=f"set csl: {profile.csl}"))
    table = [{"item": key, "name": name, "section": gripp2.get(key)} for key, name in GRIPP2_ITEMS.items()]
    missing = [row["name"] for row in table if row["section"] is None]
    if missing:
        severity = {"required": "error", "recommended": "warning", "report": "info"}[profile.gripp2]
        findings.append(Finding("journal", "journal/gripp2", severity,
                                "GRIPP2 short form: no section is marked for " + "; ".join(missing), shown,
                                hint='mark the section that answers each item, e.g. '
                                     '"# Why we involved people {gripp2=\\"aim\\"}"'))
    return findings, table


def run(context: Context) -> list[Finding]:
    findings, context.gripp2[:] = check_journal(context.out / "article.html", context.profile,
                                                context.project.metadata.csl)
    return findings


CHECK = Check(
    "journal", "journal", "the journal requirements check of the HTML article",
    rules=(
        Rule("journal/missing-section", "error or warning",
             "a section the journal profile requires (error) or recommends (warning) is missing",
             "editors return articles that lack required sections",
             "add the heading, or mark an existing heading with the profile's class"),
        Rule("journal/ppi-statement", "error", "no 'Patient and public involvement' section where the journal asks for one",
             "the journal requires authors to say how patients and the public were involved",
             "add '## Patient and public involvement'"),
        Rule("journal/word-limit", "error", "the main text or abstract is over the journal's word limit",
             "over-long articles are returned before review", "shorten it by the number of words given"),
        Rule("journal/word-count", "info", "the word counts and number of references",
             "to compare with the journal's limits", "nothing: information"),
        Rule("journal/reference-limit", "error", "more references than the journal allows",
             "over-long reference lists are returned before review", "remove references the argument does not need"),
        Rule("journal/citation-style", "warning", "the citation style is not the journal's",
             "the journal will ask for its own style", "set csl: in manuscript/metadata.yaml as the hint says"),
        Rule("journal/gripp2", "error, warning or info",
             "a GRIPP2 short-form item has no section marked (severity from the profile's gripp2:)",
             "GRIPP2 is the reporting standard for patient and public involvement",
             "mark the section that answers each item with gripp2=\"aim\" (methods, results, discussion, reflections)",
             "Staniszewska et al., BMJ 2017 (GRIPP2)"),
    ),
    run=run, reads=lambda chosen: {"html"},
    inputs=lambda context: [context.out / "article.html"])
