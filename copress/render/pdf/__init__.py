"""PDF output: WeasyPrint's pdf/ua-1 rendering, sandboxed, then the fixes that make it PDF/UA-1."""

# What WeasyPrint 70 gets wrong, and which fix (a module of this package) deals with it:
#
# * The structure tree is built page by page: an element crossing a page break is one element
#   per page (two lists, two tables, every section cut). weasy.py marks each element with the
#   HTML element it came from; continuations.py merges them back into one.
# * Page-margin boxes (@top-center, @bottom-center: running heads, page numbers) are drawn as
#   `/Span <</MCID n>> BDC` and given structure elements that the ParentTree points to but no
#   element of the tree contains ("orphans"). They become `/Artifact <</Type /Pagination>> BDC`
#   (artifacts.py) and the orphans leave the ParentTree (parent_tree.py: nothing refers to
#   them after that, so they are not written out).
# * Content drawn inside a form XObject (CSS `opacity` makes one) keeps the page's MCID numbers
#   and is referred to as if it were in the page's own content stream. Such references become
#   marked-content references (MCR) with /Stm, and the XObject gets its own /StructParents
#   (marked_content.py, parent_tree.py).
# * MCIDs are renumbered 0..n-1 in each content stream, so every ParentTree array is dense
#   (marked_content.py), and the ParentTree is rebuilt from the structure tree (the tree is
#   the source of truth) (parent_tree.py).
# * Link annotations: /Contents is the bare URL; a link that wraps is one Link element per
#   line; an annotation made for an <img> or <em> inside <a> hangs under a Figure/NonStruct.
#   Every Link annotation ends up under a Link element (moved to the enclosing Link, else
#   wrapped in a new one, else appended to the document), adjacent Link elements with the same
#   target on the same page are merged (links.py), and /Contents becomes the link's text (the
#   Link element's /ActualText or /Alt, else the text drawn under it, with a Figure's /Alt
#   standing in for the image) (link_text.py, reading text through fonts.py). Every
#   annotation in the tree gets a /StructParent (parent_tree.py).
# * Table header cells carry /ID but the tree has no /IDTree: one is added (id_tree.py).
# * An <li>'s block children (paragraphs, a form field) sit beside its Lbl instead of in an
#   LBody, and a <dl>'s <div> groups become Div elements inside the L; lists are regrouped as
#   ISO 32000-1 asks, and form fields get a /Contents (lists.py). The list markers' digits are
#   drawn with the font's tabular glyphs (WeasyPrint's `::marker {font-variant-numeric:
#   tabular-nums}`), which no ToUnicode entry maps; weasy.py asks for the plain digits instead.
#
# The result is saved with a deterministic /ID and no timestamps, so identical input gives
# byte-identical output, and fixing an already fixed file changes nothing.

from __future__ import annotations

import importlib
import io
from dataclasses import dataclass

from .weasy import RefusedFetch, rare_collections, render_pdf, sandbox_fetcher

__all__ = ["FixStats", "Fixing", "FIXES", "RefusedFetch", "fix_document", "fix_pdf",
           "rare_collections", "render_pdf", "sandbox_fetcher", "save_deterministic"]

# The fixes, in the order they run: (module of this package, function over a Fixing).
# Names, imported on first use rather than with the package: every build imports this package
# to start the PDF worker, and pikepdf would add tens of milliseconds before it starts.
FIXES = (
    ("continuations", "merge_continuations"),  # first: one element per HTML element
    ("lists", "regroup_lists"),  # then LI > Lbl, LBody; walks the tree once for both
    ("links", "retag_links"),  # the later fixes read the tree it settles
    ("link_text", "name_links"),  # reads MCIDs before they are renumbered
    ("lists", "nest_lists"),  # numbering, captions' groups, widgets' names
    ("artifacts", "mark_artifacts"),
    ("marked_content", "renumber_mcids"),
    ("content", "write_changed_streams"),  # after every fix that edits a content stream
    ("parent_tree", "rebuild_parent_tree"),  # from the tree and the streams as now numbered
    ("id_tree", "add_id_tree"),
)


@dataclass
class FixStats:
    """What fix_document changed (all zero for a file that needed nothing)."""

    artifacts: int = 0  # marked-content sequences turned into /Artifact
    orphans_dropped: int = 0  # ParentTree entries that pointed outside the structure tree
    mcid_refs_rewritten: int = 0  # structure-tree references renumbered or turned into MCRs
    streams_rewritten: int = 0  # page / form XObject content streams written back
    links_retagged: int = 0  # Link annotations moved, wrapped or added under a Link element
    links_merged: int = 0  # Link elements folded into an adjacent one with the same target
    links_named: int = 0  # Link annotations whose /Contents was set from the link text
    struct_parents_added: int = 0  # /StructParent(s) keys given to annotations / XObjects
    parent_tree_rebuilt: bool = False  # the rebuilt ParentTree differs from the old one
    id_tree_added: bool = False
    continuations_merged: int = 0  # elements split at page breaks, merged back into one
    lists_nested: int = 0  # L and LI elements whose children were regrouped (lists.py)
    widgets_named: int = 0  # form-field annotations given /Contents from their /TU
    lists_numbered: int = 0  # L elements given a /ListNumbering attribute
    figures_grouped: int = 0  # <figure> NonStruct elements holding a Caption, made Sect
    divs_made_paragraphs: int = 0  # Div elements holding only inline content, made P

    @property
    def changed(self) -> bool:
        """True if fix_document modified anything."""
        return any(bool(v) for v in vars(self).values())


@dataclass
class Fixing:
    """One open PDF going through the fixes: what each reads, and what each leaves for the next."""

    pdf: object  # the pikepdf.Pdf, fixed in place
    root: object  # its StructTreeRoot
    tree: object  # a pdfmodel.StructTree walk, renewed by a fix that moves elements
    stats: FixStats
    scan: object = None  # content.Scanner: made by the first fix that needs it (content.scanned)
    stale: bool = False  # `tree` no longer matches the structure: the next walk is due


def fix_steps() -> list:
    """The FIXES as functions (imports the fix modules, and pikepdf with them)."""
    return [getattr(importlib.import_module(f".{module}", __name__), name)
            for module, name in FIXES]


def fix_pdf(src: bytes) -> bytes:
    """Fix a WeasyPrint pdf/ua-1 PDF given as bytes; return the fixed PDF's bytes.

    Deterministic: the same input always gives the same bytes (deterministic /ID, no dates
    added). A PDF that needs nothing (an already fixed one, or one without a structure tree,
    which has nothing to attach content to) is returned as is, so
    fix_pdf(fix_pdf(x)) == fix_pdf(x) byte for byte.
    """
    import pikepdf

    with pikepdf.open(io.BytesIO(src)) as pdf:
        if not fix_document(pdf).changed:
            return src
        return save_deterministic(pdf)


def save_deterministic(pdf) -> bytes:
    """Save `pdf` to bytes with a content-derived /ID, keeping existing streams as they are.

    The old /ID is dropped first: qpdf would otherwise keep its first half, and a second run
    over our own output would then differ from the first in the /ID alone.
    """
    import pikepdf

    if "/ID" in pdf.trailer:
        del pdf.trailer["/ID"]
    out = io.BytesIO()
    pdf.save(
        out,
        deterministic_id=True,
        compress_streams=True,
        object_stream_mode=pikepdf.ObjectStreamMode.preserve,
    )
    return out.getvalue()


def fix_document(pdf) -> FixStats:
    """Fix an open PDF in place (see the comment at the top); return what was changed."""
    from pikepdf import Dictionary

    from ...pdfmodel import StructTree

    stats = FixStats()
    root = pdf.Root.get("/StructTreeRoot")
    if not isinstance(root, Dictionary):
        return stats
    fixing = Fixing(pdf, root, StructTree(root), stats)
    for fix in fix_steps():
        fix(fixing)
    return stats
