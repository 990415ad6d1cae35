"""`copress review-pack ID`: one contributor's pack to read, check their credit and comment."""

from __future__ import annotations

import datetime
import re
import shutil
import zipfile
from pathlib import Path

import yaml

from ..build import TARGETS, build
from ..errors import CopressError
from ..project import Project, ReviewConfig
from ..vocab.credit import DEGREES_PLAIN, PLAIN

# Outputs a pack carries when the project builds them (target → file in the output folder).
PACK_TARGETS = ("pdf", "docx", "easy-read")

# Whom to ask when copress.yaml names no contact or deadline: the pack always reaches someone
# through a person, so "the person who sent you this pack" is never wrong.
SENDER = "the person who sent you this pack"

HOW_TO_COMMENT = """\
# How to send us your comments

{deadline}

{contact}

You can tell us what you think in the way that suits you.

- **Write on the paper copy** and post it back to us. Ask us for a stamped envelope.
- **Type in the Word file** (article.docx). Your changes come back to us with your name on them.
- **Phone us** and tell us. We will write your comments down and read them back to you.
- **Email us** if that is easier.

Please check the page called **Your credit**.
It says how your name will appear and what we have recorded that you did.
Tell us if anything is wrong. We will change it.

There are no wrong comments. Every comment is recorded, with your name as you chose it.
"""


def in_words(day: datetime.date) -> str:
    """'Friday 15 January 2027': a date nobody can read the wrong way round."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def _literal(text: str) -> str:
    """Text shown as it is in Markdown: an e-mail's '@' or '_' is not markup."""
    return re.sub(r"([\\`*_\[\]<>#~^$|@])", r"\\\1", text)


def how_to_comment(review: ReviewConfig, literal=lambda text: text) -> str:
    """The how-to-comment page, with the contact and deadline from copress.yaml `review:`."""
    deadline = (f"Please send us your comments by **{in_words(review.deadline)}**." if review.deadline
                else f"To find out when we need your comments, ask {SENDER}.")
    contact = (f"To send your comments or ask a question, contact **{literal(review.contact)}**."
               if review.contact else f"To send your comments or ask a question, contact {SENDER}.")
    return HOW_TO_COMMENT.format(deadline=deadline, contact=contact)


def pack_warnings(project: Project) -> list[str]:
    """What the team should add to copress.yaml so that packs say whom to contact and by when."""
    review, out = project.config.review, []
    missing = [key for key in ("contact", "deadline") if getattr(review, key) is None]
    if missing:
        out.append(f"copress.yaml: review packs have no {' or '.join(missing)}, so they tell readers "
                   "to ask whoever sent them the pack; add e.g. review: {contact: \"Name, phone or "
                   "e-mail\", deadline: 2027-01-15}")
    if review.deadline and review.deadline < datetime.date.today():
        out.append(f"copress.yaml: the review deadline {in_words(review.deadline)} has passed; "
                   "change review: deadline")
    return out


def hours(count: float) -> str:
    """'1 hour', '1.5 hours', '2 hours': a public contributor reads this page."""
    return f"{count:g} hour" + ("" if count == 1 else "s")


def _credit_page(project: Project, cid: str) -> str:
    person = project.contributors[cid]
    shown = project.public_names()[cid]
    author = cid in project.metadata.authors
    lines = [f"# Your credit, {person.private_name}", "",
             "This page is private. It is only for you.", "",
             "## How your name will appear", "",
             f"Your name will appear as: **{shown}**.", ""]
    if person.named != "full":
        lines += [f"You chose not to have your full name published (your choice: {person.named}). "
                  "Your full name is not in anything we publish.", ""]
    lines += [f"You are {'an author of' if author else 'thanked in'} the article "
              f"“{project.metadata.title}”.", "", "## The roles we have recorded for you", ""]
    lines += [f"- {c.name}" + (f" ({c.degree})" if c.degree else "") + f". {PLAIN[c.role]}"
              for c in person.credit] or ["- No roles recorded yet."]
    degrees = [d for d in DEGREES_PLAIN if any(c.degree == d for c in person.credit)]
    if degrees:
        lines += ["", "In brackets: " + "; ".join(f"{d} means {DEGREES_PLAIN[d]}" for d in degrees) + "."]
    lines += ["", "## The work we have recorded for you", ""]
    lines += [f"- {i.date}: {i.activity} ({hours(i.hours)})" for i in sorted(person.involvement, key=lambda i: i.date)] or \
        ["- Nothing recorded yet."]
    if person.private:
        lines += ["", "## The private details we hold about you", "",
                  "These are never published. Tell us if anything is wrong or should be removed.", "",
                  "```", yaml.safe_dump(person.private, allow_unicode=True, sort_keys=False).strip(), "```"]
    lines += ["", "**Tell us if anything on this page is wrong.**", ""]
    return "\n".join(lines)


def _page(markdown_text: str, title: str, project: Project) -> str:
    """A small accessible HTML page from Markdown (pandoc with copress's article template)."""
    import json

    from ..document import parse, to_json
    from ..render.html import render_html

    text = "---\n" + yaml.safe_dump({"title": title, "lang": project.metadata.lang}) + "---\n" + \
        markdown_text.split("\n", 1)[1]
    return render_html(json.loads(to_json(parse(text, project.root))), project,
                       "A private review pack made by copress.")


def review_pack(project: Project, cid: str, out: Path) -> Path:
    """Build `out/private/review/<id>/` and `<id>.zip`; returns the folder."""
    if cid not in project.contributors:
        raise CopressError(f"no contributor '{cid}'", "contributors/",
                           hint="use the file name of their contributor file, e.g. " +
                                ", ".join(sorted(project.contributors)[:3]))
    wanted = [t for t in PACK_TARGETS if t in TARGETS]
    build(project, wanted, out)
    folder = out / "private" / "review" / cid
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for target in wanted:
        source = out / TARGETS[target]
        if source.exists():
            shutil.copyfile(source, folder / source.name)
    credit = _credit_page(project, cid)
    (folder / "your-credit.md").write_text(credit)
    (folder / "your-credit.html").write_text(_page(credit, "Your credit", project))
    review = project.config.review
    (folder / "how-to-comment.md").write_text(how_to_comment(review))
    (folder / "how-to-comment.html").write_text(
        _page(how_to_comment(review, _literal), "How to send us your comments", project))
    archive = folder.parent / f"{cid}.zip"
    tmp = archive.with_suffix(".zip.tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(folder.iterdir()):
            zf.write(path, f"{cid}/{path.name}")
    tmp.replace(archive)
    return folder
