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


# edition → the project paths it is made from ("dir/" a folder, globs allowed, "-path" leaves a
# path out, later entries win). Its commit stamp names the last commit that touched them and says
# whether they have uncommitted changes, so that editing a chapter leaves the guide's bytes
# alone; an incremental build also rebuilds an edition when a file is added or removed there.
# What each edition really reads is recorded by the input gate (tests/test_incremental.py holds
# every recorded read of the sample, a project's own templates included, inside these paths).
SHARED = ("copress.yaml", ".mailmap", "contributors/", "manuscript/metadata.yaml",
          "manuscript/references.bib", "manuscript/*.csl")
SOURCES: dict[str, tuple[str, ...]] = {
    "article": ("manuscript/", "-manuscript/guide/", "-manuscript/course/", "-manuscript/easy-read.md",
                "-manuscript/glossary.yaml", "templates/article*", "templates/base*",
                "templates/reference.docx", *SHARED),
    # credit is made from the whole history as well: stamped with HEAD, rebuilt at each commit
    "credit": ("templates/article.css", "templates/article.html", "templates/base.css", *SHARED),
    "easyread": ("manuscript/easy-read.md", "manuscript/glossary.yaml", "templates/easy-read*",
                 "templates/base*", "templates/pictures/", *SHARED),
    "guide": ("manuscript/guide/", "templates/guide*", "templates/base*", *SHARED),
    "course": ("manuscript/course/", "manuscript/guide/", "templates/course*", "templates/guide*",
               "templates/base*", *SHARED),
}
# Editions made from the whole git history rather than from files: stamped with HEAD.
HISTORY = {"credit"}
# target → targets whose staged output it copies in the same build (the course copies the
# guide's web page), so it was made from their inputs too.
USES: dict[str, tuple[str, ...]] = {"course": ("guide",)}


def edition_of(target: str) -> str:
    return _TABLE[target][0]
