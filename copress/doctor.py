"""`copress doctor`: what this machine has of what each edition and check needs, and how to
install what is missing.

REQUIREMENTS is the one table of what copress needs from outside its own Python code. Each
probe looks for a thing the same way the code that uses it does (the checks' own lookup
functions), so the doctor cannot say "found" for something a build or check would not find.
A probe returns what it found (a version, a path) or raises Missing saying what is not there.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .errors import CopressError

PROBE_TIMEOUT = 60  # seconds; a first `java -version` on a cold disk can take a while


class Missing(Exception):
    """A requirement is not there (or not usable); the message says what was looked for."""


@dataclass(frozen=True)
class Requirement:
    """One thing copress needs: its name, which editions or checks need it, how to look for it
    and how to install it. Windows runs copress inside WSL, so its line is the Debian one there."""

    name: str
    needed_for: str
    probe: Callable[[], str]
    debian: str
    macos: str

    @property
    def windows(self) -> str:
        return f"in WSL (Debian/Ubuntu): {self.debian}"


@dataclass(frozen=True)
class Result:
    requirement: Requirement
    found: bool
    detail: str  # version and path when found, what was looked for when not

    def as_dict(self) -> dict:
        r = self.requirement
        return {"name": r.name, "needed_for": r.needed_for, "found": self.found, "detail": self.detail,
                "install": None if self.found else {"debian": r.debian, "macos": r.macos, "windows": r.windows}}


def _first_line(command: list[str]) -> str:
    """The first non-empty line a command prints (stdout, else stderr: `java -version`)."""
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=PROBE_TIMEOUT)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise Missing(f"{command[0]} does not run: {exc}") from exc
    lines = [line for line in (done.stdout + "\n" + done.stderr).splitlines()
             if line.strip() and not line.startswith("/")]  # Debian's chromium wrapper chatters
    if done.returncode != 0 or not lines:
        raise Missing(f"`{' '.join(command)}` failed (exit status {done.returncode})")
    return lines[0].strip()


def _pandoc() -> str:
    try:
        from .document import pandoc_path

        path = pandoc_path()
    except (ImportError, OSError) as exc:
        raise Missing(f"pypandoc-binary's pandoc not found ({exc})") from exc
    return f"{_first_line([path, '--version'])} at {path}"


def _weasyprint() -> str:
    try:
        import weasyprint
        from weasyprint.text.ffi import pango
    except (ImportError, OSError) as exc:  # OSError: WeasyPrint is there, Pango is not
        raise Missing(f"WeasyPrint could not load: {str(exc).splitlines()[0]}") from exc
    pdf = weasyprint.HTML(string="<p>copress doctor</p>").write_pdf()
    if not pdf or not pdf.startswith(b"%PDF"):
        raise Missing("WeasyPrint loaded but did not render a test page to PDF")
    major, rest = divmod(pango.pango_version(), 10000)
    return f"WeasyPrint {weasyprint.__version__}, Pango {major}.{rest // 100}.{rest % 100}"


def _fonts() -> str:
    from .assets import asset_dir

    folder = asset_dir("templates") / "fonts"
    fonts = sorted(folder.glob("*.woff2")) if folder.is_dir() else []
    if not fonts:
        raise Missing(f"no fonts in {folder}")
    return f"{len(fonts)} fonts in {folder}"


def _chromium() -> str:
    from .checks.html_axe import chromium_executable

    path = chromium_executable()
    if path is None:
        raise Missing("neither `chromium` nor `chromium-browser` is on PATH, and COPRESS_CHROMIUM is not set")
    if not Path(path).is_file():
        raise Missing(f"{path} (from COPRESS_CHROMIUM) is not a file")
    return f"{_first_line([path, '--version'])} at {path}"


def _java() -> str:
    from .validators import java_executable

    try:
        java = java_executable()
    except CopressError as exc:
        raise Missing(str(exc).splitlines()[0]) from exc
    line = _first_line([java, "-version"])
    version = re.search(r'version "(\d+)(?:\.(\d+))?', line)
    # Before Java 9 the version read "1.8.0"; vnu needs 17 or later.
    major = version and int(version[2] if version[1] == "1" and version[2] else version[1])
    if not major or major < 17:
        raise Missing(f"{line} at {java}: the validators need Java 17 or later")
    return f"{line} at {java}"


def _axe() -> str:
    from .checks.html_axe import axe_script, axe_version

    try:
        return f"axe-core {axe_version()} at {axe_script()} (bundled)"
    except (CopressError, OSError, ValueError, KeyError) as exc:
        raise Missing(f"copress's own copy of axe-core is missing or unreadable ({exc})") from exc


def _validator(name: str) -> Callable[[], str]:
    """A probe for a pinned validator (validators.py), found where `copress check` looks."""

    def probe() -> str:
        from . import validators

        validator = next(v for v in validators.VALIDATORS if v.name == name)
        try:
            return f"{validator.title} at {validators.where(validator)} (pinned: {validator.version})"
        except CopressError as exc:
            raise Missing(str(exc).splitlines()[0]) from exc

    return probe


def _git() -> str:
    path = shutil.which("git")
    if not path:
        raise Missing("`git` is not on PATH")
    return f"{_first_line([path, '--version'])} at {path}"


_VALIDATORS = "copress doctor --install-validators   (needs Java; fetches the pinned version once)"

REQUIREMENTS = (
    Requirement("pandoc (bundled)", "copress build: every edition", _pandoc,
                "pip install pypandoc-binary   (in copress's environment)",
                "pip install pypandoc-binary   (in copress's environment)"),
    Requirement("WeasyPrint and Pango", "copress build: every PDF (article, guide, easy-read, course)",
                _weasyprint,
                "sudo apt-get install -y libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0",
                "brew install pango"),
    Requirement("fonts copress ships", "copress build: every PDF and HTML edition", _fonts,
                "reinstall copress (pip install --force-reinstall copress-*.whl)",
                "reinstall copress (pip install --force-reinstall copress-*.whl)"),
    Requirement("Chromium", "copress check: HTML accessibility (axe-core)", _chromium,
                "sudo apt-get install -y chromium",
                "brew install --cask chromium && "
                "export COPRESS_CHROMIUM=/Applications/Chromium.app/Contents/MacOS/Chromium"),
    Requirement("Java 17+", "copress check: the validators (Nu HTML Checker, veraPDF)", _java,
                "sudo apt-get install -y openjdk-17-jre-headless",
                "brew install openjdk@17 && export COPRESS_JAVA=\"$(brew --prefix openjdk@17)/bin/java\""),
    Requirement("axe-core (bundled)", "copress check: HTML accessibility", _axe,
                "reinstall copress (pip install --force-reinstall copress-*.whl)",
                "reinstall copress (pip install --force-reinstall copress-*.whl)"),
    Requirement("Nu HTML Checker (vnu.jar)", "copress check: HTML conformance", _validator("vnu"),
                _VALIDATORS, _VALIDATORS),
    Requirement("veraPDF", "copress check: PDF/UA-1 validation of every PDF", _validator("verapdf"),
                _VALIDATORS, _VALIDATORS),
    Requirement("git", "copress build (the commit stamp, the credit ledger), new, import-docx", _git,
                "sudo apt-get install -y git", "brew install git"),
)


def debian_packages(requirements=REQUIREMENTS) -> list[str]:
    """The Debian/Ubuntu packages the install lines name, each once, in order: what the
    Dockerfile installs and the README's prerequisites line lists (tests/test_container.py
    holds all three to this)."""
    packages: list[str] = []
    for requirement in requirements:
        for match in re.finditer(r"apt-get install -y ([^&|;]+)", requirement.debian):
            packages += [name for name in match[1].split() if name not in packages]
    return packages


def examine(requirements=REQUIREMENTS) -> list[Result]:
    """Look for each requirement on this machine."""
    results = []
    for requirement in requirements:
        try:
            results.append(Result(requirement, True, requirement.probe()))
        except Missing as exc:
            results.append(Result(requirement, False, str(exc)))
        except Exception as exc:  # a probe that breaks is reported as missing, never a traceback
            results.append(Result(requirement, False, f"{type(exc).__name__}: {exc}"))
    return results


def as_json(results: list[Result]) -> str:
    return json.dumps({"ready": all(r.found for r in results),
                       "requirements": [r.as_dict() for r in results]}, ensure_ascii=False, indent=2)


def as_text(results: list[Result]) -> str:
    """The report a person reads: one line per requirement, install lines under what is missing."""
    lines = []
    for r in results:
        req = r.requirement
        lines.append(f"{'found  ' if r.found else 'MISSING'}  {req.name} — {req.needed_for}")
        lines.append(f"         {r.detail}")
        if not r.found:
            lines.append(f"         install on Debian/Ubuntu: {req.debian}")
            lines.append(f"         install on macOS (Homebrew): {req.macos}")
            lines.append(f"         install on Windows: {req.windows}")
    missing = [r.requirement.name for r in results if not r.found]
    lines.append("")
    lines.append("Everything copress build and copress check need is here." if not missing else
                 f"Missing: {', '.join(missing)}. Install them with the lines above, then run "
                 "copress doctor again.")
    return "\n".join(lines)


def install_validators(echo=print) -> list[str]:
    """Fetch every pinned validator copress does not find yet into its cache folder; return the
    names of those fetched. Raises CopressError if a download fails or does not match its hash."""
    from . import validators

    fetched = []
    for validator in validators.VALIDATORS:
        try:
            echo(f"{validator.title}: found at {validators.where(validator)}")
            continue
        except CopressError:
            pass
        echo(f"{validator.title} {validator.version}: fetching {validator.url}")
        path = validators.install(validator)
        echo(f"{validator.title}: installed at {path}")
        fetched.append(validator.name)
    return fetched
