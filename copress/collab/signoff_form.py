"""What a review pack says about sign-off: which version is being signed off and the ways to say
yes (reply, the form, phone), and the one-page fillable sign-off form (a tagged PDF/UA-1 whose
fields are AcroForm fields, each named for a screen reader by its `title`, which WeasyPrint
writes as the field's /TU, as the course feedback form does)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..assets import template
from ..htmlkit import escape as e
from ..messages import Messages
from ..project import Project
from ..signoff import source_hash

HOW_TO_SIGN_OFF = """\
# {how-title}

{how-intro}

{how-this-version}

- {item-title}
- {item-version}
- {item-name}

{how-again}

{how-ways}

- {way-email}
- {way-form}
- {way-phone}

{not-yet}
"""


@dataclass
class Version:
    title: str
    version: str  # the source hash, short: what the sign-off record holds
    commit: str   # short


def current_version(project: Project, words: Messages) -> Version:
    import git

    try:
        commit = git.Repo(project.root, search_parent_directories=True).head.commit.hexsha[:7]
    except (git.exc.GitError, ValueError):
        commit = words.text("signoff-pack.not-committed")
    return Version(project.metadata.title, source_hash(project).split(":")[1][:12], commit)


def how_to_sign_off(project: Project, cid: str, literal=lambda text: text) -> str:
    """The page that says what is being signed off and how (Markdown)."""
    words = project.words  # as the rest of the review pack
    v = current_version(project, words)
    review = project.config.review
    contact = f"**{literal(review.contact)}**" if review.contact else words.text("review-pack.sender")
    values = {"title": literal(v.title), "version": v.version, "commit": v.commit,
              "name": literal(project.public_names(project.metadata.lang)[cid]), "contact": contact}
    texts = {}
    for before, i in re.findall(r"(^- )?\{([\w-]+)\}", HOW_TO_SIGN_OFF, flags=re.MULTILINE):
        text = words.text(f"signoff-pack.{i}", **values)
        texts[i] = text.replace("\n", "\n  ") if before else text  # a list item's lines stay in it
    return HOW_TO_SIGN_OFF.format(**texts)


FORM_CSS = """
html { font-family: "Atkinson Hyperlegible", sans-serif; font-size: 11.5pt; color: var(--ink); line-height: 1.4; }
@page { margin: 18mm 18mm 20mm 18mm; }
h1 { font-size: 18pt; color: var(--accent); margin: 0 0 3mm; }
h2 { font-size: 13pt; margin: 5mm 0 2mm; }
p { margin: 0 0 2.5mm; }
dl.version { display: grid; grid-template-columns: max-content auto; gap: 1mm 4mm; margin: 0 0 3mm; }
dl.version dt { font-weight: 700; }
dl.version dd { margin: 0; }
ol.answers { padding-left: 1.5rem; margin: 0; }
ol.answers li { margin-bottom: 4mm; break-inside: avoid; }
ol.answers label { display: block; font-weight: 700; margin-bottom: 1.5mm; }
ol.answers input, ol.answers textarea { appearance: auto; display: block; width: 100%; box-sizing: border-box;
  border: 1px solid var(--muted); font-family: "Atkinson Hyperlegible", sans-serif; font-size: 11pt; }
ol.answers input { height: 9mm; }
ol.answers textarea { height: 30mm; white-space: normal; text-indent: 10000%; }
"""


def form_html(project: Project, cid: str) -> str:
    """The sign-off form as an HTML document for WeasyPrint. Every field has a visible label and
    a `title` (its /TU in the PDF) that says the whole question."""
    words = project.words  # as the rest of the review pack
    w = words.text
    v = current_version(project, words)
    name = project.public_names(project.metadata.lang)[cid]
    review = project.config.review
    back = w("signoff-pack.form-back", contact=review.contact or w("review-pack.sender"))
    fields = [("agree", "input"), ("changes", "textarea"), ("name", "input"), ("date", "input")]
    items = []
    for n, (field, kind) in enumerate(fields, 1):
        question = w(f"signoff-pack.question-{field}")
        attrs = (f'id="signoff-{field}" name="{field}" '
                 f'title="{e(w("signoff-pack.question", n=words.number(n), question=question))}"')
        box = f"<textarea {attrs} rows=\"4\" cols=\"60\"></textarea>" if kind == "textarea" else \
            f'<input type="text" {attrs}>'
        items.append(f'<li><label for="signoff-{field}">{e(question)}</label>{box}</li>')
    return f"""<!DOCTYPE html>
<html lang="{e(project.metadata.lang)}">
<head><meta charset="utf-8"><title>{e(w("signoff-pack.form-page-title", title=v.title))}</title>
<meta name="generator" content="copress"></head>
<body><main id="content">
<h1>{e(w("signoff-pack.form-title"))}</h1>
<p>{e(w("signoff-pack.form-intro"))}</p>
<dl class="version">
<dt>{e(w("signoff-pack.form-article"))}</dt><dd>{e(v.title)}</dd>
<dt>{e(w("signoff-pack.form-version"))}</dt><dd>{e(w("signoff-pack.form-version-value", version=v.version, commit=v.commit))}</dd>
<dt>{e(w("signoff-pack.form-name"))}</dt><dd>{e(name)}</dd>
</dl>
<h2>{e(w("signoff-pack.form-answers"))}</h2>
<ol class="answers">{"".join(items)}</ol>
<p>{e(back)}</p>
</main></body>
</html>"""


def render_form(project: Project, cid: str) -> bytes:
    """The sign-off form as a tagged, fillable PDF."""
    from ..render.pdf.weasy import render_pdf

    sheets: list[Path | str] = [template("base.css", project.root), template("base-print.css", project.root),
                                FORM_CSS]
    return render_pdf(form_html(project, cid), project.root, [project.root], "the sign-off form", sheets)
