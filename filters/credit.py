"""Byline, "Authors' contributions" and "Acknowledgements", generated from contributors/ as consented."""

import panflute as pf

from copress.credit.statements import acknowledgement, contribution, stage_labels
from copress.document import walk  # panflute's walk, without rebuilding every list
from copress.filterkit import context
from copress.textkit import elements


def _runs(runs: list) -> list:
    """The statements' (text, bold) runs as inlines: a run that starts with a space is set
    apart from the one before."""
    out: list = []
    for text, bold in runs:
        if out and text[:1] == " ":
            out.append(pf.Space())
        words = elements(text)
        out += [pf.Strong(*words)] if bold else words
    return out


def orcid_link(orcid: str, name: str, words) -> pf.Link:
    """ORCID's display convention without its iD icon (copress ships no copy): the word "ORCID"
    linked to the full https URL, named "ORCID iD of NAME" for screen readers (and as a tooltip),
    rather than the raw address read out character by character after the name."""
    label = words.text("article.orcid-of", name=name)
    return pf.Link(pf.Str(words.text("article.orcid")), url=f"https://orcid.org/{orcid}", title=label,
                   classes=["orcid"], attributes={"aria-label": label})


def byline(project, words=None) -> pf.Div:
    words = words or project.words
    names = project.public_names(words.tag)
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
        span = [pf.Span(*elements(names[person.id]), classes=["author-name"])]
        if marks:
            span.append(pf.Superscript(pf.Str(",".join(marks))))
        if person.corresponding:
            span.append(pf.Superscript(pf.Str("*")))
        if person.orcid:
            span += [pf.Space(), orcid_link(person.orcid, names[person.id], words)]
        authors_inlines.append(pf.Span(*span, classes=["author"]))
    blocks = [pf.Para(*authors_inlines)]
    if affiliations:
        items = [pf.Para(pf.Superscript(pf.Str(str(i + 1))), pf.Space(), *elements(aff))
                 for i, aff in enumerate(affiliations)]
        blocks.append(pf.Div(*items, classes=["affiliations"]))
    for person in project.authors:
        if person.corresponding:
            blocks.append(pf.Para(
                pf.Superscript(pf.Str("*")), pf.Str(words.text("article.correspondence")), pf.Space(),
                *elements(names[person.id]), pf.Str(","), pf.Space(),
                pf.Link(pf.Str(person.email), url=f"mailto:{person.email}")))
    return pf.Div(*blocks, identifier="byline", classes=["byline"])


def contributions(project, words=None) -> list:
    words = words or project.words
    names = project.public_names(words.tag)
    return [pf.BulletList(*(pf.ListItem(pf.Plain(*_runs(contribution(names[person.id], person, words))))
                            for person in project.authors))]


def acknowledgements(project, words=None) -> list:
    words = words or project.words
    names = project.public_names(words.tag)
    people = [p for p in project.others if p.acknowledge]
    if not people:
        return []
    items = [pf.ListItem(pf.Plain(*_runs(acknowledgement(
        names[person.id], person, stage_labels(project.stages, (e.stage for e in person.involvement)), words))))
        for person in people]
    return [pf.Para(*elements(words.text("article.acknowledgements-intro"))), pf.BulletList(*items)]


def _fill(doc, ident: str, title: str, blocks: list) -> None:
    """Append generated blocks to the author's div #ident, or add a section before the references."""
    found = []

    def find(elem, doc):
        if isinstance(elem, pf.Div) and elem.identifier == ident:
            found.append(elem)

    walk(doc, find, doc)
    if found:
        found[0].content.extend(blocks)
        # The heading above usually gets the same automatic id ("acknowledgements").
        found[0].identifier = ""
        found[0].classes.append(f"copress-{ident}")
        return
    if not blocks:
        return
    section = [pf.Header(*elements(title), level=1, identifier=f"sec-{ident}"),
               pf.Div(*blocks, classes=[f"copress-{ident}"])]
    refs = [i for i, b in enumerate(doc.content) if getattr(b, "identifier", "") == "refs"]
    at = refs[0] if refs else len(doc.content)
    if refs and at > 0 and isinstance(doc.content[at - 1], pf.Header):
        at -= 1  # keep the "References" heading with its list
    doc.content[at:at] = section


def prepare(doc):
    project, words = context(doc).project, context(doc).words  # words in the article's lang
    doc.content.insert(0, byline(project, words))
    _fill(doc, "contributions", words.text("article.authors-contributions"), contributions(project, words))
    _fill(doc, "acknowledgements", words.text("article.acknowledgements"), acknowledgements(project, words))


if __name__ == "__main__":
    from copress.filterkit import run_alone

    run_alone(None, prepare=prepare)
