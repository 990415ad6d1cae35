"""Every build target: the edition that makes it, the file it is known by, and whether it
renders a PDF.

Kept free of imports on purpose: the CLI reads it before loading any edition, so that when a
PDF is wanted the PDF worker starts (and imports WeasyPrint on the other core) first.
"""

from __future__ import annotations

# Build order: the course comes after the guide, whose web page it copies.
EDITIONS = ("article", "credit", "easyread", "guide", "course")

# target → (edition module under copress.editions, main file it writes, renders a PDF)
_TABLE: dict[str, tuple[str, str, bool]] = {
    "pdf": ("article", "article.pdf", True),
    "html": ("article", "article.html", False),
    "docx": ("article", "article.docx", False),
    "jats": ("article", "article.xml", False),
    "gripp2": ("article", "supplementary/gripp2-short-form.html", False),
    "credit": ("credit", "credit/contributions.html", False),
    "easy-read": ("easyread", "easy-read.pdf", True),
    "guide": ("guide", "resource-guide.pdf", True),
    "course": ("course", "course/index.html", True),
}

TARGETS: dict[str, str] = {name: file for name, (_, file, _) in _TABLE.items()}


def of_edition(edition: str) -> dict[str, str]:
    """The targets one edition makes: target → file."""
    return {name: file for name, (owner, file, _) in _TABLE.items() if owner == edition}


def wanted(targets: list[str] | tuple[str, ...]) -> set[str]:
    """The targets a build of `targets` makes (none or 'all': every target)."""
    return set(TARGETS) if not targets or "all" in targets else set(targets)


def needs_pdf(targets: set[str]) -> bool:
    return any(_TABLE[name][2] for name in targets if name in _TABLE)


# target → what it writes besides its main file (globs in the output folder): what
# `copress check TARGET` reads.
_ALSO: dict[str, tuple[str, ...]] = {
    "jats": ("figures/*",),
    "credit": ("credit/*",),
    "easy-read": ("easy-read.html", "easy-read.docx"),
    "guide": ("resource-guide.html",),
    "course": ("course/**/*", "course-*.pdf"),
}


def files(target: str) -> tuple[str, ...]:
    """The files `target` writes, as globs relative to the output folder."""
    return (TARGETS[target], *_ALSO.get(target, ()))
