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
from ..messages import Messages, messages
from ..project import Project, ReviewConfig, language_notice
from ..vocab.credit import DEGREES_PLAIN, PLAIN

# Outputs a pack carries when the project builds them (target → file in the output folder).
PACK_TARGETS = ("pdf", "docx", "easy-read")

# Whom to ask when copress.yaml names no contact or deadline: the pack always reaches someone
# through a person, so "the person who sent you this pack" is never wrong.
SENDER = messages("en-GB").text("review-pack.sender")

# The how-to-comment page: each {name} is message `review-pack.<name>`, in the article's language.
HOW_TO_COMMENT = """\
# {how-to-comment}

{deadline}

{contact}

{ways-intro}

- {way-paper}
- {way-word}
- {way-phone}
- {way-email}

{check-credit}

{no-wrong-comments}
"""


def in_words(day: datetime.date, words: Messages | None = None) -> str:
    """'Friday 15 January 2027': a date nobody can read the wrong way round; in `words`'
    language when given ('Dydd Gwener 15 Ionawr 2027')."""
    if words is None:
        return f"{day:%A} {day.day} {day:%B %Y}"
    return words.date(day, "EEEE d MMMM y")


def _literal(text: str) -> str:
    """Text shown as it is in Markdown: an e-mail's '@' or '_' is not markup."""
    return re.sub(r"([\\`*_\[\]<>#~^$|@])", r"\\\1", text)


def how_to_comment(review: ReviewConfig, literal=lambda text: text, words: Messages | None = None) -> str:
    """The how-to-comment page, with the contact and deadline from copress.yaml `review:`, in
    `words`' language (English by default)."""
    words = words or messages("en-GB")
    w, sender = words.text, words.text("review-pack.sender")
    deadline = (w("review-pack.deadline", date=in_words(review.deadline, words)) if review.deadline
                else w("review-pack.no-deadline", sender=sender))
    contact = (w("review-pack.contact", contact=literal(review.contact)) if review.contact
               else w("review-pack.no-contact", sender=sender))
    page = {name: w(f"review-pack.{name}") for name in (
        "how-to-comment", "ways-intro", "way-paper", "way-word", "way-phone", "way-email",
        "check-credit", "no-wrong-comments")}
    return HOW_TO_COMMENT.format(deadline=deadline, contact=contact, **page)


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


def hours(count: float, words: Messages | None = None) -> str:
    """'1 hour', '1.5 hours', '2 hours': a public contributor reads this page."""
    if words is None:
        return f"{count:g} hour" + ("" if count == 1 else "s")
    return words.plural("common.hours", count)


def _credit_page(project: Project, cid: str) -> str:
    person = project.contributors[cid]
    words = project.words
    w = words.text
    shown = project.public_names(project.metadata.lang)[cid]
    author = cid in project.metadata.authors
    lines = [f"# {w('review-pack.your-credit-title', name=person.private_name)}", "",
             w("review-pack.private-page"), "",
             f"## {w('review-pack.name-heading')}", "",
             w("review-pack.name-appears", name=shown), ""]
    if person.named != "full":
        lines += [w("review-pack.not-full-name", choice=person.named), ""]
    lines += [w("review-pack.author-of" if author else "review-pack.thanked-in", title=project.metadata.title),
              "", f"## {w('review-pack.roles-heading')}", ""]
    lines += [f"- {c.name}" + (f" ({c.degree})" if c.degree else "") + f". {PLAIN[c.role]}"
              for c in person.credit] or [w("review-pack.no-roles")]
    degrees = [d for d in DEGREES_PLAIN if any(c.degree == d for c in person.credit)]
    if degrees:  # the CRediT names and their plain meanings are English (copress/vocab/credit.py)
        lines += ["", w("review-pack.in-brackets") + "; ".join(f"{d} means {DEGREES_PLAIN[d]}" for d in degrees) + "."]
    lines += ["", f"## {w('review-pack.work-heading')}", ""]
    lines += [f"- {i.date}: {i.activity} ({hours(i.hours, words)})"
              for i in sorted(person.involvement, key=lambda i: i.date)] or [w("review-pack.no-work")]
    if person.private:
        lines += ["", f"## {w('review-pack.private-heading')}", "",
                  w("review-pack.private-note"), "",
                  "```", yaml.safe_dump(person.private, allow_unicode=True, sort_keys=False).strip(), "```"]
    lines += ["", w("review-pack.tell-us"), ""]
    return "\n".join(lines)


def _page(markdown_text: str, title: str, project: Project) -> str:
    """A small accessible HTML page from Markdown (pandoc with copress's article template)."""
    import json

    from ..document import parse, to_json
    from ..render.html import render_html

    # in a language nobody has checked copress's words in, each page says so first
    notice = "".join(line + "\n\n" for line in language_notice(project, project.metadata.lang))
    text = "---\n" + yaml.safe_dump({"title": title, "lang": project.metadata.lang}) + "---\n" + \
        (("\n" + notice) if notice else "") + markdown_text.split("\n", 1)[1]
    return render_html(json.loads(to_json(parse(text, project.root))), project,
                       project.words.text("review-pack.made-by"))


def review_pack(project: Project, cid: str, out: Path) -> Path:
    """Build `out/private/review/<id>/` and `<id>.zip`; returns the folder."""
    if cid not in project.contributors:
        raise CopressError(f"no contributor '{cid}'", "contributors/",
                           hint="use the file name of their contributor file, e.g. " +
                                ", ".join(sorted(project.contributors)[:3]))
    if project.contributors[cid].withdrawn_project is not None:
        raise CopressError(f"{cid} withdrew from the project, so no review pack is made for them",
                           f"contributors/{cid}.yaml",
                           hint="their consent: list records the withdrawal; remove that entry only if they "
                                "agree to take part again")
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
    words = project.words
    (folder / "your-credit.html").write_text(_page(credit, words.text("review-pack.your-credit"), project))
    review = project.config.review
    (folder / "how-to-comment.md").write_text(how_to_comment(review, words=words))
    (folder / "how-to-comment.html").write_text(
        _page(how_to_comment(review, _literal, words), words.text("review-pack.how-to-comment"), project))
    if cid in {person.id for person in project.authors}:  # authors sign off the version submitted
        from .signoff_form import how_to_sign_off, render_form

        (folder / "how-to-sign-off.md").write_text(how_to_sign_off(project, cid))
        (folder / "how-to-sign-off.html").write_text(
            _page(how_to_sign_off(project, cid, _literal), words.text("signoff-pack.how-title"), project))
        (folder / "sign-off-form.pdf").write_bytes(render_form(project, cid))
    archive = folder.parent / f"{cid}.zip"
    tmp = archive.with_suffix(".zip.tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(folder.iterdir()):
            zf.write(path, f"{cid}/{path.name}")
    tmp.replace(archive)
    return folder
