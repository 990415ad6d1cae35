"""Reading a tagged PDF's structure tree with pikepdf: shared by the PDF fixes and the checks."""

# A low layer: it imports only pikepdf, so `copress/checks/` can read a PDF's structure
# without importing a renderer, and `copress/render/pdf/` fixes the tree it walks here.
# The text under an element (text.py, fonts.py) and a document's outline (outline.py and its
# readers; html_outline.py loads lxml only when called) are here for the same reason.

from .objects import k_array, kids, kind, link_target, number_tree, oid, rolemap, std_type
from .structure import StructTree

__all__ = ["StructTree", "k_array", "kids", "kind", "link_target", "number_tree", "oid",
           "rolemap", "std_type"]
