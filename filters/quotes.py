"""Quotations of contributors, with their consent: a block `::: {.quote by=ID}` … `:::` or an
inline `[their words]{.quote by=ID}`.

Quoting someone needs their consent (`agreed: {quotes: yes}` in their contributor file): without
it the build stops, naming the file and line of the quotation. A block quotation ends with who
said it, as they agreed to be named in this edition ("— H. L.", "— Public contributor 2"); an
inline one is set in quotation marks, the sentence around it saying whose words they are. The id
(`by=`) never reaches an output: for someone not named in full it may be their real name.
"""

import panflute as pf

from copress.filterkit import context
from copress.textkit import elements


def _needle(cid: str | None) -> str:
    """Text of the quotation's attributes to find it by in the sources (for file and line)."""
    return f"by={cid}" if cid else ".quote"


def _speaker(elem, doc) -> str:
    """The quoted person's name as this edition shows them; an error if they may not be quoted."""
    ctx = context(doc)
    project = ctx.project
    cid = elem.attributes.get("by")
    sources = ctx.sources
    if not cid:
        raise sources.error("a quotation does not say whose words it is", _needle(None),
                            hint="add by= and their contributor id: ::: {.quote by=contributor-id}")
    located = f'by="{cid}"' if sources.locate(f'by="{cid}"')[0] else _needle(cid)
    person = project.contributors.get(cid)
    if person is None:
        raise sources.error(f"the quotation is by '{cid}', who is not in contributors/", located,
                            hint="by= takes a contributor id: the name of a file in contributors/ "
                                 "without .yaml")
    if person.withdrawn_project is not None:
        raise sources.error(f"the quotation is by {cid}, who withdrew from the project", located,
                            hint="take the quotation out: nothing of theirs may be published")
    if not person.consent_state.quotes:
        raise sources.error(f"{cid} has not agreed to be quoted", located,
                            hint="ask them, and record their answer under consent: in their "
                                 "contributor file (agreed: {quotes: yes}); until then, take the "
                                 "quotation out or put it in your own words")
    return project.public_names(ctx.words.tag)[cid]


def action(elem, doc):
    if isinstance(elem, pf.Div) and "quote" in elem.classes:
        name = _speaker(elem, doc)
        attribution = pf.Para(*elements(context(doc).words.text("article.quote-by", name=name)))
        return pf.BlockQuote(*elem.content, attribution)
    if isinstance(elem, pf.Span) and "quote" in elem.classes:
        _speaker(elem, doc)
        return pf.Quoted(*elem.content, quote_type="DoubleQuote")
    return None


if __name__ == "__main__":
    from copress.filterkit import run_alone

    run_alone(action)
