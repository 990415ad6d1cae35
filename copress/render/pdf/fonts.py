"""Fonts as far as reading text needs them: the reader lives in the structure-tree layer."""

# pdfmodel/fonts.py is the one copy: the reading-order comparison (pdfmodel/outline.py) reads
# text through it too, and pdfmodel may not import a renderer.
from ...pdfmodel.fonts import Font

__all__ = ["Font"]
