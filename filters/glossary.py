"""Easy read: glossary words are shown in bold wherever they appear in a block, and explained
(from manuscript/glossary.yaml) right after the paragraph where each is first used."""

import panflute as pf

from copress.easyread.filtering import easy_read_context

JOINS = (pf.Space, pf.SoftBreak)


def embolden(inlines: list, glossary) -> tuple[list, list]:
    """Wrap each glossary word of a run of inlines in Strong; return (new inlines, terms found)."""
    text, spans = "", []
    for item in inlines:
        piece = item.text if isinstance(item, pf.Str) else " " if isinstance(item, JOINS) else "\0"
        spans.append((len(text), len(text) + len(piece)))
        text += piece
    matches = glossary.find(text)
    found = [term for _, _, term in matches]
    for item in inlines:  # words the author already made bold still count as used
        if isinstance(item, pf.Strong):
            found += [term for _, _, term in glossary.find(pf.stringify(item))]
    pieces = []  # (match index or None, inline)
    for item, (start, end) in zip(inlines, spans):
        inside = [(i, a, b) for i, (a, b, _) in enumerate(matches) if a < end and b > start]
        if not inside:
            pieces.append((None, item))
        elif not isinstance(item, pf.Str):
            pieces.append((inside[0][0], item))
        else:
            cut = start
            for i, a, b in inside:
                if a > cut:
                    pieces.append((None, pf.Str(text[cut:a])))
                pieces.append((i, pf.Str(text[max(a, start):min(b, end)])))
                cut = min(b, end)
            if cut < end:
                pieces.append((None, pf.Str(text[cut:end])))
    out, last = [], None
    for index, item in pieces:
        if index is not None and index == last:
            out[-1].content.append(item)
        else:
            out.append(pf.Strong(item) if index is not None else item)
        last = index
    return out, found


def explanation(term, glossary) -> pf.Div:
    words = []
    for n, word in enumerate(term.means.split()):
        words += ([pf.Space()] if n else []) + [pf.Str(word)]
    inlines, _ = embolden(words, glossary)
    return pf.Div(pf.Para(*inlines), classes=["hard-word"], attributes={"role": "note"})


def explain_blocks(doc) -> None:
    """In document order: bold every use, explain each word after its first use."""
    _, er = easy_read_context(doc)
    glossary, seen = er.glossary, []
    doc.glossary_used = seen
    for block in doc.content:
        if not (isinstance(block, pf.Div) and "block" in block.classes):
            continue
        children = []
        for child in list(block.content):
            new = []
            if isinstance(child, (pf.Para, pf.Plain)):
                inlines, found = embolden(list(child.content), glossary)
                child.content = inlines
                new = [t for t in dict.fromkeys(found) if t not in seen]
                seen.extend(new)
            children.append(child)
            children += [explanation(term, glossary) for term in new]
        block.content = children


def finalize(doc):
    explain_blocks(doc)


if __name__ == "__main__":
    from copress.filterkit import run_alone

    run_alone(None, finalize=finalize)
