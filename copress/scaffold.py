"""`copress new DIR`: a fresh project from templates/new, committed under git, that passes its
own `copress check`: the sections its journal profile asks for, a corresponding author, a real
reference, a figure with alt text and a table."""

from __future__ import annotations

import datetime
import json
import re
import shutil
from pathlib import Path

from .assets import asset_dir
from .errors import CopressError
from .journals import SectionRule, load_profile
from .vocab.licenses import LICENSES

RENAMES = {"gitignore": ".gitignore", "mailmap": ".mailmap"}  # dot files are awkward inside packages

# What templates/new/manuscript/01-article.md and metadata.yaml already give: a rule matching
# one of these needs no generated section.
TEMPLATE_SECTIONS = {"abstract", "plain english summary", "introduction", "conclusions", "declarations"}
TEMPLATE_CLASSES = {"plain-summary", "declarations"}
# Sections a journal may ask for that belong in the article's body rather than its declarations.
BODY_SECTIONS = {"patient and public involvement"}
PLACEHOLDERS = {
    "competing interests": "State any competing interests of the authors here, or that there are none.",
    "funding": "Say who funded this work, including payment for public contributors' time, or that it "
               "received no specific funding.",
    "patient and public involvement": "Say how patients and the public were involved in this work, at "
                                      "which stages, and how their time was paid for.",
    "ethics approval and consent to participate": "Give the ethics approval for this work, or say why it "
                                                  "was not needed.",
    "consent for publication": "Say how everyone named or described in this article agreed to it.",
    "availability of data and materials": "Say where the data and materials can be found, or that none "
                                          "were generated.",
}
CONTRIBUTIONS = "::: {#contributions}\n:::"  # filled by copress from contributors/
ACKNOWLEDGEMENTS = "::: {#acknowledgements}\n:::"
COMMIT_MESSAGE = "Start a copress project (copress new)"


def scaffold(directory: Path, journal: str = "generic", license: str = "CC-BY-4.0",
             ci: tuple[str, str] | None = None) -> str:
    """Create the project in `directory` and commit it; return the first commit's id. `ci`, a CI
    system and a copress spec, adds that system's CI file (copress/ci.py) to the first commit."""
    import git

    directory = directory.resolve()
    if directory.exists() and any(directory.iterdir()):
        raise CopressError("already exists and is not empty", directory,
                           hint="choose a new folder name; copress never overwrites files")
    if license not in LICENSES:
        raise CopressError(f"unknown licence '{license}'", hint="licences: " + ", ".join(LICENSES))
    try:  # an unknown name stops here, before anything is written
        profile = load_profile(journal)
    except CopressError as err:
        raise CopressError(err.message, hint=err.hint) from None  # about --journal, not a file
    email = _git_email(directory.parent if directory.parent.exists() else Path.cwd())
    source = asset_dir("templates") / "new"
    for path in sorted(source.rglob("*")):
        if path.is_file():
            relative = path.relative_to(source)
            target = directory / relative.parent / RENAMES.get(relative.name, relative.name)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    _set(directory / "copress.yaml", "journal", journal)
    _set(directory / "manuscript/metadata.yaml", "license", license)
    _set(directory / "manuscript/metadata.yaml", "csl", profile.csl or "biomed-central.csl")
    # The user's own commits count toward first-author's credit, from the private side file.
    _set(directory / "contributors/first-author.private.yaml", "git", json.dumps([email]))
    # Whoever makes the project agrees to their own naming choice today: the consent entry's date.
    first = directory / "contributors/first-author.yaml"
    first.write_text(first.read_text(encoding="utf-8").replace(
        "date: TODAY     ", f"date: {datetime.date.today().isoformat()}", 1), encoding="utf-8")
    (directory / "manuscript/90-declarations.md").write_text(
        declarations(profile.required_sections + profile.recommended_sections), encoding="utf-8")
    if ci is not None:
        from .ci import write as write_ci

        write_ci(directory, *ci)
    repo = git.Repo.init(directory)
    repo.git.add("--all")
    repo.git.commit("-q", "-m", COMMIT_MESSAGE)
    return repo.head.commit.hexsha


def declarations(rules: list[SectionRule]) -> str:
    """The Markdown for the sections `rules` ask for that the template lacks: body sections first,
    then a Declarations section with the rest, the credit statements and the reference list."""
    body, declared = [], []
    for rule in rules:
        if rule.class_ in TEMPLATE_CLASSES or any(_norm(m) in TEMPLATE_SECTIONS for m in rule.match):
            continue
        key = _norm(rule.name)
        if "authors' contributions" in {_norm(m) for m in rule.match} or key == "acknowledgements":
            continue  # always written below, under the profile's own heading when it has one
        heading = rule.name + (f" {{.{rule.class_}}}" if rule.class_ else "")
        text = PLACEHOLDERS.get(key, f"Write the {rule.name.lower()} statement here.")
        (body if key in BODY_SECTIONS else declared).append((heading, text))
    contributions = next((r.name for r in rules if "authors' contributions" in {_norm(m) for m in r.match}),
                         "Authors' contributions")
    declared.append((contributions, CONTRIBUTIONS))
    declared.append(("Acknowledgements", ACKNOWLEDGEMENTS))
    parts = [f"# {heading}\n\n{text}\n" for heading, text in body]
    parts.append("# Declarations {#sec:declarations .declarations}\n")
    parts += [f"## {heading}\n\n{text}\n" for heading, text in declared]
    parts.append("# References {#sec:references .unnumbered}\n\n::: {#refs}\n:::\n")
    return "\n".join(parts)


def _norm(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").lower().split())


def _set(path: Path, key: str, value: str) -> None:
    """Replace the top-level `key:` line of a template YAML file (keeping its comment)."""
    text = path.read_text(encoding="utf-8")
    changed, count = re.subn(rf"^{key}: *\S+", lambda _: f"{key}: {value}", text, count=1, flags=re.M)
    assert count == 1, f"templates/new/{path.name} has no '{key}:' line"
    path.write_text(changed, encoding="utf-8")


def _git_email(where: Path) -> str:
    """The user's git e-mail address; a CopressError telling them how to set it when git has no
    identity (git would otherwise guess one from the machine's name, or refuse to commit)."""
    import git

    runner = git.Git(str(where))
    try:
        author, _ = (runner.execute(["git", "-c", "user.useConfigOnly=true", "var", ident])
                     for ident in ("GIT_AUTHOR_IDENT", "GIT_COMMITTER_IDENT"))
    except git.GitCommandError:
        raise CopressError("git does not know your name and e-mail address, so copress cannot make "
                           "the project's first commit",
                           hint='tell git once, then run copress new again:\n'
                                '  git config --global user.name "Your Name"\n'
                                '  git config --global user.email "you@example.org"') from None
    return re.search(r"<([^>]*)>", author).group(1)
