"""Byline, "Authors' contributions" and "Acknowledgements", generated from contributors/ as consented."""

import panflute as pf

from copress.filterkit import context

KIND_PHRASE = {
    "public": "public contributor",
    "researcher": "researcher",
    "practitioner": "practitioner",
    "group": "group",
    "other": "contributor",
}


def _words(text: str) -> list:
    out = []
    for i, word in enumerate(text.split(" ")):
        if i:
            out.append(pf.Space())
        out.append(pf.Str(word))
    return out


def _roles(person) -> str:
    return ", ".join(c.name + (f" ({c.degree})" if c.degree else "") for c in person.credit)


def orcid_link(orcid: str, name: str) -> pf.Link:
    """ORCID's display convention without its iD icon (copress ships no copy): the word "ORCID"
    linked to the full https URL, named "ORCID iD of NAME" for screen readers (and as a tooltip),
    rather than the raw address read out character by character after the name."""
    label = f"ORCID iD of {name}"
    return pf.Link(pf.Str("ORCID"), url=f"https://orcid.org/{orcid}", title=label,
                   classes=["orcid"], attributes={"aria-label": label})


def byline(project) -> pf.Div:
    names = project.public_names()
    affiliations: list[str] = []
    authors_inlines = []
    for n, person in enumerate(project.authors):
        marks = []
        for aff in person.affiliations:
            if aff not in affiliations:
                affiliations.append(aff)
            marks.append(str(affiliations.index(aff) + 1))
        if n:
            authors_inlines += [pf.Str(","), pf.Space()]
        span = [pf.Span(*_words(names[person.id]), classes=["author-name"])]
        if marks:
            span.append(pf.Superscript(pf.Str(",".join(marks))))
        if person.corresponding:
            span.append(pf.Superscript(pf.Str("*")))
        if person.orcid:
            span += [pf.Space(), orcid_link(person.orcid, names[person.id])]
        authors_inlines.append(pf.Span(*span, classes=["author"]))
    blocks = [pf.Para(*authors_inlines)]
    if affiliations:
        items = [pf.Para(pf.Superscript(pf.Str(str(i + 1))), pf.Space(), *_words(aff))
                 for i, aff in enumerate(affiliations)]
        blocks.append(pf.Div(*items, classes=["affiliations"]))
    for person in project.authors:
        if person.corresponding:
            blocks.append(pf.Para(
                pf.Superscript(pf.Str("*")), pf.Str("Correspondence:"), pf.Space(),
                *_words(names[person.id]), pf.Str(","), pf.Space(),
                pf.Link(pf.Str(person.email), url=f"mailto:{person.email}")))
    return pf.Div(*blocks, identifier="byline", classes=["byline"])


def contributions(project) -> list:
    names = project.public_names()
    items = []
    for person in project.authors:
        roles = _roles(person) or "no CRediT roles recorded"
        items.append(pf.ListItem(pf.Plain(pf.Strong(*_words(names[person.id])), pf.Str(":"),
                                          pf.Space(), *_words(roles + "."))))
    return [pf.BulletList(*items)]


def acknowledgements(project) -> list:
    names = project.public_names()
    people = [p for p in project.others if p.acknowledge]
    if not people:
        return []
    items = []
    for person in people:
        what = []
        if person.credit:
            what.append(_roles(person))
        stages = []
        for entry in sorted(person.involvement, key=lambda e: e.date):
            label = project.stages.get(entry.stage, entry.stage).lower()
            if label not in stages:
                stages.append(label)
        if stages:
            what.append("took part in " + ", ".join(stages))
        text = ": " + "; ".join(what) + "." if what else "."
        if person.named == "anonymous":
            # The name is already the role ("Public contributor"): saying it again read
            # "Public contributor (a public contributor who chose not to be named)".
            about = [pf.Str(","), pf.Space(), *_words("who chose not to be named" + text)]
        else:
            about = [pf.Space(), *_words(f"({KIND_PHRASE[person.kind]})" + text)]
        items.append(pf.ListItem(pf.Plain(pf.Strong(*_words(names[person.id])), *about)))
    intro = pf.Para(*_words("We thank everyone who contributed to this work and is not an author, "
                            "named as each of them chose:"))
    return [intro, pf.BulletList(*items)]


def _fill(doc, ident: str, title: str, blocks: list) -> None:
    """Append generated blocks to the author's div #ident, or add a section before the references."""
    found = []

    def find(elem, doc):
        if isinstance(elem, pf.Div) and elem.identifier == ident:
            found.append(elem)

    doc.walk(find)
    if found:
        found[0].content.extend(blocks)
        # The heading above usually gets the same automatic id ("acknowledgements").
        found[0].identifier = ""
        found[0].classes.append(f"copress-{ident}")
        return
    if not blocks:
        return
    section = [pf.Header(*_words(title), level=1, identifier=f"sec-{ident}"),
               pf.Div(*blocks, classes=[f"copress-{ident}"])]
    refs = [i for i, b in enumerate(doc.content) if getattr(b, "identifier", "") == "refs"]
    at = refs[0] if refs else len(doc.content)
    if refs and at > 0 and isinstance(doc.content[at - 1], pf.Header):
        at -= 1  # keep the "References" heading with its list
    doc.content[at:at] = section


def prepare(doc):
    project = context(doc).project
    doc.content.insert(0, byline(project))
    _fill(doc, "contributions", "Authors' contributions", contributions(project))
    _fill(doc, "acknowledgements", "Acknowledgements", acknowledgements(project))


if __name__ == "__main__":
    from copress.filterkit import run_alone

    run_alone(None, prepare=prepare)
