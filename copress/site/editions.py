"""What the site lists: each public file an edition writes, what it is for and who it is for.

One row per file, in the order the index shows them; a row whose file a build did not make
(a project with no guide, say) is left out of that version's list. Adding an edition's file to
the site is adding a row here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Published:
    file: str      # relative to a version's folder, as the build writes it
    group: str     # a key of GROUPS
    title: str     # the link's words
    format: str    # shown after the link: what opens it
    purpose: str   # what it is for
    audience: str  # who it is for


# group → the heading it is listed under, in order
GROUPS = {
    "article": "The article",
    "easy-read": "The easy-read edition",
    "guide": "The resource guide",
    "course": "The training course",
    "credit": "Credit and citation",
}

PUBLISHED: tuple[Published, ...] = (
    Published("article.html", "article", "The article as a web page", "HTML",
              "Reading the article in a browser, with a screen reader or zoomed in.", "Everyone."),
    Published("article.pdf", "article", "The article as a PDF", "PDF, tagged for accessibility",
              "Printing, or reading on any device; the file sent to a journal.",
              "Everyone; journals and reviewers."),
    Published("article.docx", "article", "The article for Word", "Word document",
              "Reading, commenting on or suggesting changes in Word or LibreOffice, and sending "
              "it back to the team.", "Co-authors and reviewers who use Word."),
    Published("article.xml", "article", "The article as JATS XML", "XML",
              "The article as structured data that publishers, archives and indexes read.",
              "Journals, publishers and archives."),
    Published("supplementary/gripp2-short-form.html", "article", "The GRIPP2 short form", "HTML",
              "How public involvement in the work is reported, item by item.",
              "Journals, reviewers and anyone appraising the involvement."),
    Published("easy-read.html", "easy-read", "Easy read as a web page", "HTML",
              "The work in short sentences, each with a picture, and the hard words explained.",
              "People who find easy read easier, including many people with a learning disability."),
    Published("easy-read.pdf", "easy-read", "Easy read as a PDF", "PDF, tagged for accessibility",
              "Printing the easy-read edition, or reading it on any device.",
              "People who find easy read easier, and those who support them."),
    Published("easy-read.docx", "easy-read", "Easy read for Word", "Word document",
              "Reading the easy-read edition in Word, or printing it in large type.",
              "People who find easy read easier, and those who support them."),
    Published("resource-guide.html", "guide", "The resource guide as a web page", "HTML",
              "Finding resources and reflective questions for each stage of a project; it can be "
              "filtered and searched.",
              "Researchers, practitioners and public contributors planning co-produced research."),
    Published("resource-guide.pdf", "guide", "The resource guide as a PDF", "PDF, tagged for accessibility",
              "Printing the guide, with a worksheet to fill in.",
              "Researchers, practitioners and public contributors planning co-produced research."),
    Published("course/index.html", "course", "The online course", "HTML, a folder of pages",
              "Learning at your own pace; the answers you type stay in your own browser.",
              "Learners: researchers, practitioners and public contributors."),
    Published("course-facilitator.pdf", "course", "The facilitator's guide", "PDF, tagged for accessibility",
              "Running the course with a group: timings, notes and a session plan.", "Facilitators."),
    Published("course-slides.pdf", "course", "The course slides", "PDF, tagged for accessibility",
              "Showing the course on a screen in a session.", "Facilitators."),
    Published("course-feedback.pdf", "course", "The feedback form", "PDF with boxes to fill in",
              "Telling the facilitators what worked and what did not.", "Learners."),
    Published("credit/contributions.html", "credit", "Who did what", "HTML",
              "How each person contributed (their CRediT roles), and who was involved when.",
              "Everyone; the team, to check its credit."),
    Published("credit/CITATION.cff", "credit", "How to cite this work", "Citation File Format (text)",
              "Citing the work: reference managers and GitHub read this file.",
              "Anyone who cites the work."),
)
