"""Easy read: every `::: {.block picture="…"}` becomes a row with its picture on the left and its
text on the right. The picture is a concept from the hand-checked table or a project file."""

import re

import panflute as pf

from copress.easyread.filtering import easy_read_context
from copress.easyread.pictures import PictureProblem
from copress.errors import CopressError


def layout(elem: pf.Div, doc) -> pf.Div:
    ctx, er = easy_read_context(doc)
    value, alt = elem.attributes.get("picture"), elem.attributes.get("alt")
    try:
        picture = er.pictures.resolve(value, alt, ctx.project.root)
    except PictureProblem as problem:
        shown, line = ctx.sources.locate(f'picture="{value}"' if value else "{.block")
        raise CopressError(str(problem), shown, line, problem.hint) from None
    er.used_openmoji |= picture.openmoji
    # Easy read starts each sentence on a new line: keep the author's line breaks.
    elem.walk(lambda e, d: pf.LineBreak() if isinstance(e, pf.SoftBreak) else None)
    image = pf.Image(pf.Str(picture.alt), url=str(picture.path), attributes={"alt": picture.alt})
    return pf.Div(pf.Div(pf.Plain(image), classes=["picture"]),
                  pf.Div(*elem.content, classes=["words"]),
                  classes=["block"])


HYPHENATED = re.compile(r"\w-\w")


def action(elem, doc):
    if isinstance(elem, pf.Div) and "block" in elem.classes:
        return layout(elem, doc)
    # No word split across lines: a line may not break after the hyphen of "co-production".
    if isinstance(elem, pf.Str) and HYPHENATED.search(elem.text) and in_text(elem):
        return pf.Span(elem, classes=["nowrap"])


def in_text(elem) -> bool:
    """Shown as text: not metadata (the language tag en-GB) and not alt text."""
    parent = elem.parent
    while parent is not None:
        if isinstance(parent, (pf.MetaValue, pf.Image)):
            return False
        parent = parent.parent
    return True


if __name__ == "__main__":
    from copress.filterkit import run_alone

    run_alone(action)
