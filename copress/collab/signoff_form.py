"""What a review pack says about sign-off: which version is being signed off and the ways to say
yes (reply, the form, phone), and the one-page fillable sign-off form (a tagged PDF/UA-1 whose
fields are AcroForm fields, each named for a screen reader by its `title`, which WeasyPrint
writes as the field's /TU, as the course feedback form does)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..assets import template
from ..htmlkit import escape as e
from ..project import Project, ReviewConfig
from ..signoff import source_hash

SENDER = "the person who sent you this pack"

HOW_TO_SIGN_OFF = """\
# How to sign off the article

Before the article goes to the journal, every author says that they agree with it.
This is called **signing off**.

You are signing off this version of the article:

- **Title:** {title}
- **Version:** {version} (from commit {commit})
- **Your name as it will appear:** {name}

The version number is written on the sign-off form too.
If we change the article after you sign off, we will ask you again and show you what changed.

You can sign off in the way that suits you.

- **Reply by e-mail** to {contact}, saying that you agree with version {version}.
- **Fill in the form** (sign-off-form.pdf). Type into it and send it back, or print it,
  write on it and post it to us.
- **Phone us** and tell us. We will write down that you agree, read it back to you
  and record who wrote it down.

If you do not agree yet, tell us what you would like changed. That is fine.
"""


@dataclass
class Version:
    title: str
    version: str  # the source hash, short: what the sign-off record holds
    commit: str   # short


def current_version(project: Project) -> Version:
    import git

    try:
        commit = git.Repo(project.root, search_parent_directories=True).head.commit.hexsha[:7]
    except (git.exc.GitError, ValueError):
        commit = "not yet committed"
    return Version(project.metadata.title, source_hash(project).split(":")[1][:12], commit)


def _contact(review: ReviewConfig, literal) -> str:
    return f"**{literal(review.contact)}**" if review.contact else SENDER


def how_to_sign_off(project: Project, cid: str, literal=lambda text: text) -> str:
    """The page that says what is being signed off and how (Markdown)."""
    v = current_version(project)
    return HOW_TO_SIGN_OFF.format(title=literal(v.title), version=v.version, commit=v.commit,
                                  name=literal(project.public_names()[cid]),
                                  contact=_contact(project.config.review, literal))


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
    v = current_version(project)
    name = project.public_names()[cid]
    review = project.config.review
    back = f"to {e(review.contact)}" if review.contact else f"to {SENDER}"
    fields = [
        ("agree", "input", "Do you agree with this version of the article being sent to the journal? "
                           "Write yes, or no."),
        ("changes", "textarea", "If not, what would you like changed? (You can leave this empty.)"),
        ("name", "input", "Your name or initials (this form is not published)"),
        ("date", "input", "Today's date"),
    ]
    items = []
    for n, (field, kind, question) in enumerate(fields, 1):
        attrs = (f'id="signoff-{field}" name="{field}" title="{e(f"Question {n}: {question}")}"')
        box = f"<textarea {attrs} rows=\"4\" cols=\"60\"></textarea>" if kind == "textarea" else \
            f'<input type="text" {attrs}>'
        items.append(f'<li><label for="signoff-{field}">{e(question)}</label>{box}</li>')
    return f"""<!DOCTYPE html>
<html lang="en-GB">
<head><meta charset="utf-8"><title>Sign-off form: {e(v.title)}</title>
<meta name="generator" content="copress"></head>
<body><main id="content">
<h1>Sign-off form</h1>
<p>Before the article goes to the journal, every author says that they agree with it. Please read the article, then fill in this form.</p>
<dl class="version">
<dt>Article</dt><dd>{e(v.title)}</dd>
<dt>Version</dt><dd>{e(v.version)} (from commit {e(v.commit)})</dd>
<dt>Your name as it will appear</dt><dd>{e(name)}</dd>
</dl>
<h2>Your answers</h2>
<ol class="answers">{"".join(items)}</ol>
<p>Type into the boxes and save the file, or print the form and write on it. Send it back {back}. You can also tell us by phone or e-mail instead.</p>
</main></body>
</html>"""


def render_form(project: Project, cid: str) -> bytes:
    """The sign-off form as a tagged, fillable PDF."""
    from ..render.pdf.weasy import render_pdf

    sheets: list[Path | str] = [template("base.css", project.root), template("base-print.css", project.root),
                                FORM_CSS]
    return render_pdf(form_html(project, cid), project.root, [project.root], "the sign-off form", sheets)
