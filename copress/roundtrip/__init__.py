"""The Word round trip: `copress import-docx FILE --by ID` (docs/word-round-trip.md)."""

from .importer import ImportResult, import_docx

__all__ = ["ImportResult", "import_docx"]
