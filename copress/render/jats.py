"""JATS 1.3: pandoc's jats_publishing writer for body and references; front matter built here."""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

from lxml import etree

from ..assets import template
from ..cache import read_cached, write_cached
from ..document import finish_pandoc, pandoc_path, run_pandoc, start_pandoc
from ..project import Project
from ..vocab.credit import VOCAB_IDENTIFIER, role_uri
from ..vocab.licenses import LICENSES

XLINK = "http://www.w3.org/1999/xlink"
ALI = "http://www.niso.org/schemas/ali/1.0/"
# pandoc 3.9 declares JATS 1.2 while writing 1.3 attributes: copress declares 1.3.
DOCTYPE = ('<!DOCTYPE article PUBLIC "-//NLM//DTD JATS (Z39.96) Journal Publishing DTD v1.3 20210610//EN" '
           '"JATS-journalpublishing1-3.dtd">')

# BibTeX / CSL types → JATS publication-type (JATS4R: every citation needs one).
PUBLICATION_TYPE = {
    "article": "journal", "article-journal": "journal", "article-magazine": "journal",
    "article-newspaper": "journal", "book": "book", "inbook": "book", "incollection": "book",
    "chapter": "book", "techreport": "report", "report": "report", "inproceedings": "confproc",
    "paper-conference": "confproc", "phdthesis": "thesis", "mastersthesis": "thesis",
    "thesis": "thesis", "dataset": "data", "software": "software", "standard": "standard",
    "misc": "web", "online": "web", "webpage": "web", "post-weblog": "web",
}


def reference_types(bibliography: Path | None) -> dict[str, str]:
    """Citation key → entry type, read from a BibTeX or CSL JSON bibliography."""
    if bibliography is None or not bibliography.is_file():
        return {}
    text = bibliography.read_text(encoding="utf-8")
    if bibliography.suffix == ".json":
        return {item["id"]: item.get("type", "") for item in json.loads(text)}
    return {key: kind.lower() for kind, key in re.findall(r"@(\w+)\s*\{\s*([^,\s]+)\s*,", text)}


def reference_people(bibliography: Path | None) -> dict[str, tuple[str, list[str]]]:
    """Citation key → (person-group-type, the names as a style prints them first: family names
    or an organisation's literal name), from the bibliography as CSL JSON."""
    if bibliography is None or not bibliography.is_file():
        return {}
    if bibliography.suffix == ".json":
        items = json.loads(bibliography.read_text(encoding="utf-8"))
    else:  # pandoc reads every bibliography format it cites from; it already parsed this one
        items = json.loads(_csl_json(bibliography))
    people = {}
    for item in items:
        for role in ("author", "editor"):
            names = [n.get("family") or n.get("literal") for n in item.get(role) or []]
            names = [n for n in names if n and n != "others"]
            if names:
                people[item["id"]] = (role, names)
                break
    return people


def _csl_json(bibliography: Path) -> bytes:
    """The bibliography as pandoc writes it in CSL JSON, kept in copress's cache by the
    bibliography's bytes and the pandoc binary: a pandoc run (~50 ms of CPU) saved per build."""
    stat = os.stat(pandoc_path())
    key = hashlib.sha256(bibliography.read_bytes() + f"\0{pandoc_path()}\0{stat.st_size}\0"
                         f"{stat.st_mtime_ns}".encode("utf-8")).hexdigest()[:32]
    name = f"bibliography-{key}.csl.json"
    cached = read_cached(name)
    if cached:
        return cached.read_bytes()
    out, _ = run_pandoc([bibliography.name, "-t", "csljson"], b"", bibliography.parent,
                        "reading the bibliography")
    write_cached(name, out)
    return out


def start_jats(ast: dict, project: Project, epoch: int) -> tuple:
    args = ["-f", "json", "-t", "jats_publishing", "--standalone", "--wrap=none",
            "--template", str(template("article.jats", project.root))]
    return start_pandoc(args, project.manuscript, epoch), json.dumps(ast).encode("utf-8")


def finish_jats(started: tuple, project: Project) -> bytes:
    proc, data = started
    out, _ = finish_pandoc(proc, data, "writing JATS")
    root = etree.fromstring(out)
    bib = project.metadata.bibliography
    types = reference_types(project.manuscript / bib if bib else None)
    people = reference_people(project.manuscript / bib if bib else None)
    article = _article(project)
    front = etree.SubElement(article, "front")
    front.append(_journal_meta(project))
    meta = _article_meta(project)
    front.append(meta)
    _language_notes(front, project)
    abstract = root.find("abstract")
    if abstract is not None:
        kwd = meta.find("kwd-group")
        (kwd.addprevious if kwd is not None else meta.append)(abstract)
    for part in ("body", "back"):
        element = root.find(part)
        if element is not None and len(element):
            article.append(element)
    _fix_body(article, types, label_pattern(project.metadata.lang))
    _fix_references(article, people)
    xml = etree.tostring(article, encoding="unicode")
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + DOCTYPE + "\n" + xml + "\n").encode("utf-8")


def _language_notes(front: etree._Element, project: Project) -> None:
    """Until copress.yaml `languages:` names who checked copress's words in the article's
    language: <notes notes-type="language-not-checked"> in <front>, after <article-meta>, with
    the notice in that language and in English (JATS 1.3 allows <notes> there)."""
    from ..project import language_notice

    notice = language_notice(project, project.metadata.lang)
    if notice:
        notes = _sub(front, "notes", notes_type="language-not-checked")
        for text in notice:
            _sub(notes, "p", text)


def _article(project: Project) -> etree._Element:
    nsmap = {"xlink": XLINK, "mml": "http://www.w3.org/1998/Math/MathML", "ali": ALI}
    article = etree.Element("article", nsmap=nsmap)
    article.set("dtd-version", "1.3")
    article.set("article-type", project.metadata.article_type)
    article.set("{http://www.w3.org/XML/1998/namespace}lang", project.metadata.lang)
    return article


def _sub(parent, tag: str, text: str | None = None, **attrs) -> etree._Element:
    element = etree.SubElement(parent, tag, {k.replace("_", "-"): v for k, v in attrs.items()})
    if text is not None:
        element.text = text
    return element


def _journal_meta(project: Project) -> etree._Element:
    journal = etree.Element("journal-meta")
    _sub(journal, "journal-id", project.config.journal, journal_id_type="publisher-id")
    return journal


def _split_name(full: str) -> tuple[str, str]:
    parts = full.split()
    return (" ".join(parts[:-1]), parts[-1]) if len(parts) > 1 else ("", full)


def _article_meta(project: Project) -> etree._Element:
    meta = etree.Element("article-meta")
    titles = _sub(meta, "title-group")
    _sub(titles, "article-title", project.metadata.title)
    if project.metadata.subtitle:
        _sub(titles, "subtitle", project.metadata.subtitle)

    names = project.public_names()
    group = _sub(meta, "contrib-group", content_type="authors")
    for person in project.authors:
        contrib = _sub(group, "contrib", contrib_type="author")
        if person.corresponding:
            contrib.set("corresp", "yes")
        if person.orcid:
            _sub(contrib, "contrib-id", f"https://orcid.org/{person.orcid}", contrib_id_type="orcid")
        if person.named == "full" and person.kind != "group":
            given, surname = _split_name(person.name)
            name = _sub(contrib, "name")
            _sub(name, "surname", surname)
            if given:
                _sub(name, "given-names", given)
        elif person.kind == "group" and person.named == "full":
            _sub(contrib, "collab", person.name)
        elif person.named == "anonymous":
            _sub(contrib, "anonymous")
            _sub(contrib, "string-name", names[person.id])
        else:
            _sub(contrib, "string-name", names[person.id])
        if person.corresponding and person.email:
            _sub(contrib, "email", person.email)
        for claim in person.credit:
            role = _sub(contrib, "role", claim.name, vocab="credit", vocab_identifier=VOCAB_IDENTIFIER,
                        vocab_term=claim.name, vocab_term_identifier=role_uri(claim.role))
            if claim.degree:
                role.set("degree-contribution", claim.degree.capitalize())
        for aff in person.affiliations:
            # Inside the contrib: the relationship is by position, which JATS4R's rules can
            # check without the DTD (its xref/@rid check needs ID typing from the DTD).
            _sub(_sub(contrib, "aff"), "institution", aff)

    if project.metadata.license:
        url, label = LICENSES[project.metadata.license]
        permissions = _sub(meta, "permissions")
        licence = _sub(permissions, "license")
        licence.set(f"{{{XLINK}}}href", url)
        ref = etree.SubElement(licence, f"{{{ALI}}}license_ref")
        ref.text = url
        _sub(licence, "license-p", f"This article is distributed under the {label} licence.")
    if project.metadata.keywords:
        kwd = _sub(meta, "kwd-group", kwd_group_type="author")
        for word in project.metadata.keywords:
            _sub(kwd, "kwd", word)
    return meta


COI_TITLES = {"CONFLICT OF INTEREST", "CONFLICTS OF INTEREST", "CONFLICT OF INTEREST STATEMENT",
              "CONFLICT OF INTEREST STATEMENTS", "COMPETING INTERESTS", "CONFLICTS", "AUTHOR CONFLICTS"}
LABEL = re.compile(r"^(Figure|Table) \d+\.?$")


def label_pattern(lang: str) -> re.Pattern:
    """The "Figure 1." copress puts at the start of a caption, in the article's language."""
    from ..messages import messages

    words = messages(lang)
    if words.lang == "en":
        return LABEL
    numbered = (words.text(f"common.{kind}-number", n=0) for kind in ("figure", "table"))
    return re.compile("^(" + "|".join(re.escape(t).replace("0", r"\d+") for t in numbered) + r")\.?$")


def _move_competing_interests(article: etree._Element) -> None:
    """JATS4R: the competing interests statement is <fn fn-type="coi-statement"> in <author-notes>."""
    for sec in list(article.iter("sec")):
        if (sec.findtext("title") or "").strip().upper() not in COI_TITLES:
            continue
        meta = article.find("front/article-meta")
        notes = meta.find("author-notes")
        if notes is None:
            notes = etree.Element("author-notes")
            groups = meta.findall("contrib-group")
            (groups[-1].addnext if groups else meta.find("title-group").addnext)(notes)
        fn = _sub(notes, "fn", fn_type="coi-statement")
        for child in sec:
            if child.tag != "title":
                fn.append(child)
        sec.getparent().remove(sec)


def _labels(article: etree._Element, pattern: re.Pattern = LABEL) -> None:
    """Move the "Figure 1." copress puts at the start of a caption into JATS's <label>."""
    for element in (*article.iter("fig"), *article.iter("table-wrap")):
        first = element.find("caption/p")
        bold = first.find("bold") if first is not None else None
        if bold is None or first.text or not pattern.match((bold.text or "").strip()):
            continue
        label = etree.Element("label")
        label.text = bold.text.strip().rstrip(".")
        element.find("caption").addprevious(label)
        first.text = (bold.tail or "").lstrip()
        first.remove(bold)


def _fix_body(article: etree._Element, types: dict[str, str], labels: re.Pattern = LABEL) -> None:
    """What pandoc's JATS leaves short of JATS4R: citation types, ids, labels, link titles."""
    _move_competing_interests(article)
    _labels(article, labels)
    for ref in article.iter("ref"):
        key = (ref.get("id") or "").removeprefix("ref-")
        kind = PUBLICATION_TYPE.get(types.get(key, ""), "other")
        for citation in ref.iter("mixed-citation", "element-citation"):
            citation.set("publication-type", kind)
    for wrap in article.iter("table-wrap"):
        table = wrap.find("table")
        if table is not None and table.get("id") and not wrap.get("id"):
            wrap.set("id", table.attrib.pop("id"))
    for n, fig in enumerate(article.iter("fig"), 1):
        fig.set("id", fig.get("id") or f"fig-{n}")
    for link in article.iter("ext-link"):
        href = link.get(f"{{{XLINK}}}href", "")
        text = "".join(link.itertext()).strip()
        if (not text or text == href or re.match(r"^(https?|s?ftp)://", text)) \
                and not link.get(f"{{{XLINK}}}title"):
            doi = re.match(r"^https?://(dx\.)?doi\.org/(.+)$", href)
            link.set(f"{{{XLINK}}}title", f"DOI {doi.group(2)}" if doi else "Web address of the source")


# After the last name a style prints: initials ("Minogue V", "Murray K-K", "Minogue, V."), then
# "et al." when the style shortens the list.
_INITIALS = re.compile(r"(?:,?\s[A-Z][A-Z.\-\s]{0,8}?(?=\.\s|\.?$|[,;]|\s\())?(?:,?\s+et al\b)?")
DOI_URL = re.compile(r"^(https?://(?:dx\.)?doi\.org/)(10\..+)$")


def _fix_references(article: etree._Element, people: dict[str, tuple[str, list[str]]]) -> None:
    """What citeproc's reference list leaves short of JATS4R, which no author could fix:
    the names in a <person-group>, and a DOI printed as its address as a <pub-id>."""
    for ref in article.iter("ref"):
        for citation in ref.iter("mixed-citation"):
            found = people.get((ref.get("id") or "").removeprefix("ref-"))
            if found and citation.find("person-group") is None:
                _group_people(citation, *found)
            for link in list(citation.iter("ext-link")):
                _doi_as_pub_id(link)


def _group_people(citation: etree._Element, role: str, names: list[str]) -> None:
    """Wrap the printed names (the first to the last the style printed, in order) in
    <person-group person-group-type="author">, leaving the text as it reads."""
    group = etree.Element("person-group", {"person-group-type": role})
    text = citation.text or ""
    start = text.find(names[0])
    if start < 0:
        first = citation[0] if len(citation) else None  # e.g. a name in <named-content>
        leads = first is not None and not text.strip(" .0123456789")  # nothing before it but "5. "
        if leads and names[0] in "".join(first.itertext()):
            first.addprevious(group)
            group.append(first)  # moves it, with its tail
            group.tail, first.tail = first.tail, None
        return
    end = start + len(names[0])
    for name in names[1:]:
        at = text.find(name, end)
        if at < 0 or at - end > 40:  # not printed (et al.), or only in the title
            break
        end = at + len(name)
    end += len(_INITIALS.match(text, end).group(0))
    group.text, group.tail = text[start:end], text[end:]
    citation.text = text[:start]
    citation.insert(0, group)


def _doi_as_pub_id(link: etree._Element) -> None:
    """<ext-link>https://doi.org/10.x</ext-link> → https://doi.org/<pub-id pub-id-type="doi">10.x
    </pub-id>, reading the same: JATS4R warns about a link whose text is its address, and a DOI
    is an identifier."""
    href = link.get(f"{{{XLINK}}}href", "")
    doi = DOI_URL.match(href)
    if not doi or "".join(link.itertext()).strip() != href or len(link):
        return
    pub_id = etree.Element("pub-id", {"pub-id-type": "doi", f"{{{XLINK}}}href": href})
    pub_id.text = doi.group(2)
    pub_id.tail = link.tail
    previous = link.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + doi.group(1)
    else:
        parent = link.getparent()
        parent.text = (parent.text or "") + doi.group(1)
    link.addnext(pub_id)
    link.getparent().remove(link)
