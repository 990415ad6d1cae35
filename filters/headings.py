"""Headings start at level 1 (#) and never skip a level, so the outline works for screen readers."""

import panflute as pf

from copress.filterkit import context


def prepare(doc):
    doc.heading_level = 0


def action(elem, doc):
    if isinstance(elem, pf.Header):
        if elem.level > doc.heading_level + 1:
            text = pf.stringify(elem)
            want = "#" * (doc.heading_level + 1)
            raise context(doc).sources.error(
                f"heading '{text}' skips a level (level {elem.level} after level {doc.heading_level})",
                "#" * elem.level + " " + text,
                hint=f"make it '{want} {text}', or add the missing heading above it")
        doc.heading_level = elem.level


if __name__ == "__main__":
    from copress.filterkit import run_alone

    run_alone(action, prepare=prepare)
