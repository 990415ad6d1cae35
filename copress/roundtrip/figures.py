"""Figures in the Word round trip: a picture deleted or changed in Word is never a silent edit.

The DOCX reader gives a picture back as a `media/…` file with no id, alt text or source path,
so a figure cannot be rebuilt from it: a figure deleted in Word stays in the Markdown, a
picture changed in Word leaves the original in place, and each becomes a review note for the
team to act on. A caption edited in Word is still an ordinary edit (the figure keeps its path
and attributes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from ..document import images
from ..messages import available, table
from .base import BaseArticle, Leaf
from .package import Package, part_of
from .text import key, text_of


def label_pattern(tail: str) -> re.Pattern:
    """copress's "Figure 1" / "Table 1" label in any language it writes (common.figure-number
    and common.table-number of every message file: a Welsh article's "Ffigur 1" is generated
    too), then `tail`."""
    labels = set()
    for lang in available():
        for id in ("common.figure-number", "common.table-number"):
            message = str(table(lang).get(id, ""))
            if "{n}" not in message:
                continue
            before, _, after = message.partition("{n}")
            labels.add(re.escape(before).replace(r"\ ", r"\s+") + r"\d+" + re.escape(after))
    return re.compile("^(?:" + "|".join(sorted(labels)) + ")" + tail)


LABEL = label_pattern(r"\.?\s*")


@dataclass
class FigureNote:
    leaf: Leaf       # the figure as it was at the commit
    change: str      # "removed" or "changed"

    def lines(self, name: str) -> list[str]:
        src = _src(self.leaf.block) or "(no picture)"
        where = f"manuscript/{self.leaf.file}"
        out = [f"### A figure {self.change} in Word (kept in the Markdown)", "",
               "The figure:", "", "> " + _short(caption(self.leaf.block)), "",
               f"Its picture is `{src}`, in `{where}`.", ""]
        if self.change == "removed":
            out += [f"{name} deleted this figure in the Word document. copress did not remove it: "
                    f"if it should go, delete it (and any reference to it) from `{where}`.", ""]
        else:
            out += [f"{name} changed or replaced the picture in the Word document. The Markdown "
                    f"keeps the original: if the new picture should replace it, ask for the "
                    f"picture file and save it as `manuscript/{src}`. (Word may also re-compress "
                    f"a picture when saving; then nothing needs doing.)", ""]
        return out


def is_figure(leaf: Leaf) -> bool:
    return leaf.file is not None and leaf.block["t"] == "Figure"


def caption(block: dict) -> str:
    """Caption or paragraph text without copress's "Figure 1." label."""
    return LABEL.sub("", " ".join(text_of(block).replace("\u00a0", " ").split()))


def _src(block: dict) -> str | None:
    return next((image["c"][2][0] for image in images([block])), None)


def _short(text: str, width: int = 90) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def split_at_figures(olds: list[Leaf], news: list, start: int, pairs: list):
    """A changed stretch of the article (base leaves `olds` from index `start`, their blocks
    `news`) cut at the figures found on both sides, so that a figure is only ever matched with
    a figure. Figures missing from `news` are left out of the stretch (so they stay) and their
    leftover caption paragraph is dropped. Appends (base figure, their Figure block or None) to
    `pairs`; yields (olds, news, index in the article of the first of olds)."""
    figs_old = [k for k, leaf in enumerate(olds) if is_figure(leaf)]
    figs_new = [k for k, leaf in enumerate(news) if not leaf.generated and leaf.block["t"] == "Figure"]
    links = []
    matcher = SequenceMatcher(None, [key(olds[k].block) for k in figs_old],
                              [key(news[k].block) for k in figs_new], autojunk=False)
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag in ("equal", "replace"):
            links += list(zip(figs_old[a1:a2], figs_new[b1:b2]))
    removed = {k for k in figs_old} - {a for a, _ in links}
    captions = {caption(olds[k].block) for k in removed}
    dropped = {k for k, leaf in enumerate(news)
               if leaf.block["t"] in ("Para", "Plain") and caption(leaf.block) in captions}
    pairs += [(olds[k], None) for k in sorted(removed)]
    done_old = done_new = 0
    for a, b in [*links, (len(olds), len(news))]:
        kept = [k for k in range(done_old, a) if k not in removed]
        seg_news = [news[k] for k in range(done_new, b) if k not in dropped]
        if kept or seg_news:
            yield [olds[k] for k in kept], seg_news, start + (kept[0] if kept else a)
        if a < len(olds):
            pairs.append((olds[a], news[b].block))
            if key(olds[a].block) != key(news[b].block):  # the caption was edited
                yield [olds[a]], [news[b]], start + a
        done_old, done_new = a + 1, b + 1


def figure_notes(article: BaseArticle, pairs: list, package: Package) -> list[FigureNote]:
    """A note for each figure removed in Word, and each whose picture is not the one built."""
    notes = []
    order = {id(leaf): n for n, leaf in enumerate(article.leaves)}
    for leaf, theirs in sorted(pairs, key=lambda pair: order[id(pair[0])]):
        if theirs is None:
            notes.append(FigureNote(leaf, "removed"))
            continue
        ours, src = article.pictures.get(_src(leaf.block) or ""), _src(theirs)
        if ours is None:
            continue  # no picture file at the commit to compare with
        if src is None or package.digests.get(part_of(src)) != ours:
            notes.append(FigureNote(leaf, "removed" if src is None else "changed"))
    return notes
