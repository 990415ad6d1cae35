"""Cross-references: @fig:id, @tbl:id and @sec:id become numbered links, before citeproc sees them."""

import panflute as pf

from copress.document import walk  # panflute's walk, without rebuilding every list
from copress.filterkit import context

KINDS = {"fig": "Figure", "tbl": "Table", "sec": "section"}
# Words that, written before @fig:… or @tbl:…, repeat the label copress writes ("Figure Figure 1").
LABEL_WORDS = {"fig": {"figure", "figures", "fig", "figs"}, "tbl": {"table", "tables", "tab", "tbl"}}


def anchor(identifier: str) -> str:
    """fig:stages → fig-stages: colons are awkward in HTML ids, CSS selectors and JATS ids."""
    return identifier.replace(":", "-")


def prepare(doc):
    targets = {}  # id → (label, number or None, heading text)
    counts = {"fig": 0, "tbl": 0}
    words = context(doc).words  # "Figure 1" in the article's language
    doc.crossref_labels = {"fig": words.text("common.figure"), "tbl": words.text("common.table")}

    def collect(elem, doc):
        ident = getattr(elem, "identifier", "")
        prefix = ident.split(":", 1)[0] if ":" in ident else None
        if isinstance(elem, pf.Figure) and prefix == "fig":
            counts["fig"] += 1
            targets[ident] = (doc.crossref_labels["fig"], counts["fig"], None)
            _number_caption(elem, words.text("common.figure-number", n=counts["fig"]) + ".")
        elif isinstance(elem, pf.Table) and prefix == "tbl":
            counts["tbl"] += 1
            targets[ident] = (doc.crossref_labels["tbl"], counts["tbl"], None)
            _number_caption(elem, words.text("common.table-number", n=counts["tbl"]) + ".")
        elif isinstance(elem, pf.Header) and prefix == "sec":
            targets[ident] = ("section", None, pf.stringify(elem))
        if prefix in KINDS and hasattr(elem, "identifier"):
            elem.identifier = anchor(ident)

    # Figures and tables are numbered in document order, so collect before replacing references.
    walk(doc, collect, doc)
    doc.crossref_targets = targets


def _number_caption(elem, label: str) -> None:
    caption = elem.caption
    label_inlines = [pf.Strong(pf.Str(label)), pf.Space()]
    if caption.content and isinstance(caption.content[0], (pf.Plain, pf.Para)):
        caption.content[0].content[0:0] = label_inlines
    else:
        caption.content.insert(0, pf.Plain(*label_inlines))


def _reference(target_id: str, doc) -> pf.Inline:
    targets = doc.crossref_targets
    if target_id not in targets:
        kind = KINDS[target_id.split(":", 1)[0]]
        raise context(doc).sources.error(
            f"cross-reference '@{target_id}' points at no {kind.lower()}", "@" + target_id,
            hint=f"give the {kind.lower()} the id {{#{target_id}}}, or fix the reference")
    label, number, heading = targets[target_id]
    url = "#" + anchor(target_id)
    if number is not None:
        return pf.Link(pf.Str(label), pf.Space(), pf.Str(str(number)), url=url)
    return pf.Link(pf.Str(f"“{heading}”"), url=url)


def _warn_doubled_label(elem, target_id: str, doc) -> None:
    """'Figure @fig:x' renders as "Figure Figure 1": say where, since nothing else fails and the
    doubled word is easy to miss when reading the output."""
    space, word = elem.prev, elem.prev.prev if elem.prev is not None else None
    if not isinstance(space, (pf.Space, pf.SoftBreak)) or not isinstance(word, pf.Str):
        return
    kind = target_id.split(":", 1)[0]
    written = word.text.strip("([")
    label_words = {*LABEL_WORDS.get(kind, ()), *([doc.crossref_labels[kind].lower()] if kind in doc.crossref_labels else [])}
    if written.lower().rstrip(".") in label_words:
        label, number, _ = doc.crossref_targets.get(target_id, (doc.crossref_labels.get(kind), "N", None))
        context(doc).warn(f"'{written} @{target_id}' reads '{written} {label} {number}': write '@{target_id}' "
                          f"alone, copress adds the word '{label}'", f"{written} @{target_id}",
                          f"{written} [@{target_id}", "@" + target_id)


def action(elem, doc):
    if not isinstance(elem, pf.Cite):
        return None
    ids = [c.id for c in elem.citations]
    refs = [i for i in ids if i.split(":", 1)[0] in KINDS and ":" in i]
    if not refs:
        return None
    if len(refs) != len(ids):
        raise context(doc).sources.error(
            "a bracket mixes cross-references and citations", "@" + refs[0],
            hint="put citations and @fig/@tbl/@sec references in separate brackets")
    _warn_doubled_label(elem, refs[0], doc)
    out = []
    for n, target_id in enumerate(refs):
        if n:
            out += [pf.Str(" and" if n == len(refs) - 1 else ","), pf.Space()]
        out.append(_reference(target_id, doc))
    return pf.Span(*out, classes=["crossref"])


if __name__ == "__main__":
    from copress.filterkit import run_alone

    run_alone(action, prepare=prepare)
