"""Every build target: the edition that makes it, the file it is known by, and whether it
renders a PDF.

Kept free of imports on purpose: the CLI reads it before loading any edition, so that when a
PDF is wanted the PDF worker starts (and imports WeasyPrint on the other core) first.
"""

from __future__ import annotations

# Build order: the course comes after the guide, whose web page it copies; the submission
# package comes last, since it packs what the article and credit editions wrote.
EDITIONS = ("article", "credit", "easyread", "guide", "course", "submission")
# edition → the edition a consent entry names (copress/consent.py EDITIONS): the build hands
# each edition the project as that one may show it (Project.for_edition). The submission package
# goes to the journal with the article; the credit files it packs were made by the credit edition.
CONSENT = {"article": "article", "credit": "credit", "easyread": "easy-read", "guide": "guide",
           "course": "course", "submission": "article"}

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
    # the package's name comes from the article's title (copress/submission/meca.py)
    "meca": ("submission", "submission/*-meca.zip", False),
}

TARGETS: dict[str, str] = {name: file for name, (_, file, _) in _TABLE.items()}


def of_edition(edition: str) -> dict[str, str]:
    """The targets one edition makes: target → file."""
    return {name: file for name, (owner, file, _) in _TABLE.items() if owner == edition}


# Targets that 'all' leaves out: the MECA package is made for a submission, when asked for.
NOT_IN_ALL = {"meca"}
# target → the targets whose outputs it packs: building it builds them too (copress/build.py
# hands it their outputs, as this build staged them or as they are in the output folder).
NEEDS: dict[str, tuple[str, ...]] = {"meca": ("pdf", "docx", "jats", "gripp2", "credit")}


def wanted(targets: list[str] | tuple[str, ...]) -> set[str]:
    """The targets a build of `targets` makes (none or 'all': every target but NOT_IN_ALL),
    with the targets they need."""
    chosen = set(TARGETS) - NOT_IN_ALL if not targets or "all" in targets else set(targets)
    if "all" in targets:
        chosen |= set(targets) & set(TARGETS)  # `all meca`: everything and the package
    return chosen.union(*(NEEDS.get(name, ()) for name in chosen))


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
    "meca": ("submission/*",),
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
    # credit is made from the whole history as well: stamped with HEAD, rebuilt at each commit;
    # signoffs/: the page says when each author signed off (copress/signoff.py)
    "credit": ("templates/article.css", "templates/article.html", "templates/base.css", "signoffs/",
               *SHARED),
    "easyread": ("manuscript/easy-read.md", "manuscript/glossary.yaml", "templates/easy-read*",
                 "templates/base*", "templates/pictures/", *SHARED),
    "guide": ("manuscript/guide/", "templates/guide*", "templates/base*", *SHARED),
    "course": ("manuscript/course/", "manuscript/guide/", "templates/course*", "templates/guide*",
               "templates/base*", *SHARED),
}
# The submission package packs the article's and the credit edition's outputs: made from both.
SOURCES["submission"] = tuple(dict.fromkeys(SOURCES["article"] + SOURCES["credit"]))
# Editions made from the whole git history rather than from files: stamped with HEAD.
HISTORY = {"credit", "submission"}
# target → targets whose staged output it copies in the same build (the course copies the
# guide's web page), so it was made from their inputs too.
USES: dict[str, tuple[str, ...]] = {"course": ("guide",)}


def edition_of(target: str) -> str:
    return _TABLE[target][0]
