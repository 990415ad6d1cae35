"""CI templates: the GitHub Actions workflow and the GitLab CI file that build, check and publish a
project on the team's own CI runners (`copress new --ci`, `copress ci init`; docs/ci.md).

copress is not on a package index, so a workflow installs one exact copress: the spec comes from
how this copress was installed (pip records it: PEP 610's direct_url.json) or from the user,
never from a guess — a bare `copress` would install whatever a registry holds under that name."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .assets import asset_dir
from .errors import CopressError

# Each CI system: its template in templates/ci/ and where it goes in a project.
SYSTEMS = {
    "github": ("github.yml", ".github/workflows/copress.yml"),
    "gitlab": ("gitlab.yml", ".gitlab-ci.yml"),
}
SCHEMES = ("https://", "git+https://")  # what a CI runner can fetch without a key
# A URL's own characters (RFC 3986) less the ones a shell or a CI system reads in a quoted
# string ($ ` \ ' " and, with `$`, GitHub's `${{`): the spec can never become code.
URL = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!&()*+,;=%]+")
COMMIT = re.compile(r"@[0-9a-f]{40}(#|$)")
HOW_TO_ADD = ("copress ci init --copress-spec 'copress @ git+https://…/copress.git@<commit>' "
              "(or the https:// URL of a copress wheel)")


@dataclass(frozen=True)
class Installed:
    """How this copress was installed: a spec a CI runner can install, or why there is none."""

    spec: str | None
    found: str  # in plain words, for the message when there is no spec


def spec_from_direct_url(text: str | None) -> Installed:
    """Read PEP 610's direct_url.json (None: there is none): a git URL with its commit, or an
    archive URL with its hash, is a spec; a local folder, a local file or an editable install
    is not (a CI runner cannot reach this machine)."""
    if text is None:
        return Installed(None, "copress's installation records no URL (pip writes one only for "
                               "an install from a URL or a folder)")
    try:
        data = json.loads(text)
        url = data["url"]
    except (ValueError, KeyError, TypeError):
        return Installed(None, "copress's installation record (direct_url.json) cannot be read")
    if not isinstance(url, str):
        return Installed(None, "copress's installation record (direct_url.json) cannot be read")
    if url.startswith("file:") or "dir_info" in data:
        editable = (data.get("dir_info") or {}).get("editable")
        how = "in editable mode from" if editable else "from"
        return Installed(None, f"copress is installed {how} {url}, a folder or file on this "
                               "computer, which a CI runner cannot reach")
    if "vcs_info" in data:
        vcs = data["vcs_info"].get("vcs")
        commit = data["vcs_info"].get("commit_id", "")
        if vcs != "git" or not re.fullmatch(r"[0-9a-f]{40}", commit):
            return Installed(None, f"copress was installed from a {vcs} repository ({url}) "
                                   "without a git commit copress can pin")
        spec = f"copress @ {url if url.startswith('git+') else 'git+' + url}@{commit}"
    elif "archive_info" in data:
        info = data["archive_info"]
        hashes = info.get("hashes") or {}
        digest = ("sha256=" + hashes["sha256"]) if "sha256" in hashes else info.get("hash", "")
        spec = f"copress @ {url}" + (f"#{digest}" if digest else "")
    else:
        return Installed(None, f"copress's installation record names {url} but not what it is")
    if data.get("subdirectory"):
        spec += f"{'&' if '#' in spec else '#'}subdirectory={data['subdirectory']}"
    try:
        return Installed(check_spec(spec)[0], f"copress was installed from {url}")
    except CopressError as err:
        return Installed(None, f"copress was installed from {url}, which cannot be used: {err.message}")


def installed() -> Installed:
    """How the running copress was installed."""
    from importlib.metadata import PackageNotFoundError, distribution

    try:
        return spec_from_direct_url(distribution("copress").read_text("direct_url.json"))
    except PackageNotFoundError:
        return Installed(None, "copress is not installed as a package (it runs from a source folder)")


def check_spec(spec: str) -> tuple[str, list[str]]:
    """`spec` as `copress @ URL`, and warnings about it; a CopressError when it is not a URL a CI
    runner can fetch, or holds anything but a URL's own characters (it goes into YAML and a
    shell command)."""
    match = re.fullmatch(r"\s*(?:copress\s*@\s*)?(\S+)\s*", spec)
    bad = next((c for c in spec if not (URL.fullmatch(c) or c == " ")), None)
    if bad is not None or match is None:
        shown = repr(bad) if bad is not None else "a space inside the URL"
        raise CopressError(f"the copress spec holds {shown}, which a spec may not hold",
                           hint="give `copress @ URL` or the URL alone: a git+https:// URL ending "
                                "in @<commit>, or the https:// URL of a copress wheel")
    url = match[1]
    if not url.startswith(SCHEMES):
        raise CopressError(f"the copress spec '{url}' is not an https:// or git+https:// URL",
                           hint="copress is not on a package index, and a CI runner cannot reach "
                                "a file on this computer: give the URL of copress's repository "
                                "(git+https://…@<commit>) or of a copress wheel")
    if re.match(r"[a-z+]+://[^/]*@", url):
        raise CopressError("the copress spec holds a user name or password before the host",
                           hint="the spec is written into the CI file, which everyone who can read "
                                "the repository sees: give a URL that needs no password")
    warnings = []
    if url.startswith("git+") and not COMMIT.search(url):
        warnings.append("the copress spec names no commit (…@<40 hex digits>): a branch or tag "
                        "can move, so builds may change without a change to the project")
    if not url.startswith("git+") and "sha256=" not in url:
        warnings.append("the copress spec has no #sha256=… hash: pip cannot tell if the file "
                        "it downloads was changed")
    return f"copress @ {url}", warnings


def resolve_spec(given: str | None) -> tuple[str, list[str]]:
    """The spec to write: `given`, else the one this copress was installed from; a CopressError
    naming what was found when there is none."""
    if given is not None:
        return check_spec(given)
    found = installed()
    if found.spec is None:
        raise CopressError(f"no copress spec for the CI runner: {found.found}",
                           hint="give one: " + HOW_TO_ADD)
    return found.spec, []


def render(system: str, spec: str) -> str:
    """The text of `system`'s CI file, installing copress from `spec` (a checked spec)."""
    from . import validators
    from .cache import cache_dir
    from .doctor import debian_packages

    spec, _ = check_spec(spec)  # again: this is the last place before it is written
    template, _ = SYSTEMS[system]
    text = (asset_dir("templates") / "ci" / template).read_text(encoding="utf-8")
    caches = [f"~/.cache/copress/{v.folder.relative_to(cache_dir())}" for v in validators.VALIDATORS]
    values = {"COPRESS_SPEC": spec, "APT_PACKAGES": " ".join(debian_packages()),
              "VALIDATOR_CACHES": caches}
    for name, value in values.items():
        if isinstance(value, list):  # one line each, at the placeholder's indentation
            text = re.sub(rf"^( *)__{name}__$", lambda m: "\n".join(m[1] + v for v in value),
                          text, flags=re.M)
        text = text.replace(f"__{name}__", value if isinstance(value, str) else "")
    # Belt and braces: the file must read back as YAML whose COPRESS_SPEC is the spec, unchanged.
    data = yaml.safe_load(text)
    assert (data.get("env") or data.get("variables"))["COPRESS_SPEC"] == spec, system
    return text


def write(root: Path, system: str, spec: str) -> Path:
    """Write `system`'s CI file into the project at `root`; never over an existing file."""
    if system not in SYSTEMS:
        raise CopressError(f"unknown CI system '{system}'", hint="choose " + " or ".join(SYSTEMS))
    target = root / SYSTEMS[system][1]
    if target.exists():
        raise CopressError("already exists", SYSTEMS[system][1],
                           hint="copress never overwrites a file: delete or rename it first")
    text = render(system, spec)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


# What to do once the file is written, by system: GitHub Pages must be told to serve the
# branch, and GitLab's pages job needs a token to keep earlier versions (docs/ci.md).
NEXT = {
    "github": "to publish the site, on GitHub, in the repository's Settings → Pages, choose "
              "'Deploy from a branch' and the branch gh-pages (it appears after the first run on "
              "the default branch)",
    "gitlab": "to publish the site, add a project access token with the write_repository scope "
              "as the masked, protected CI/CD variable COPRESS_PAGES_TOKEN (docs/ci.md)",
}


def choose_for_new(system: str | None, given: str | None) -> tuple[tuple[str, str] | None, list[str]]:
    """What `copress new --ci SYSTEM --copress-spec SPEC` writes: (system, spec) or None, and
    what to tell the user. GitHub when a spec is known and no system is named; no CI file and a
    note saying how to add one when no spec is known; a CopressError when a system is named
    but no spec is known (before anything is written)."""
    if system == "none":
        return None, []
    if given is not None:
        spec, notes = check_spec(given)
        return (system or "github", spec), notes
    found = installed()
    if found.spec is not None:
        return (system or "github", found.spec), [f"the CI file installs {found.spec}, the copress "
                                                  "you are running"]
    if system is not None:
        raise CopressError(f"no copress spec for the {system} CI file: {found.found}",
                           hint="give --copress-spec SPEC (a git+https://…@<commit> URL of copress, "
                                "or the https:// URL of a copress wheel), or --ci none")
    return None, [f"no CI workflow written: {found.found}. To add one later, in the project: "
                  + HOW_TO_ADD]
