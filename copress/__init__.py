"""copress: publish co-produced research from Markdown and contributor files."""

__version__ = "0.1.0"
