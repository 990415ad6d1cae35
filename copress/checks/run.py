"""Run the checks on a project's outputs, every area or those chosen: the gate before submission
(`copress check`)."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import CopressError
from ..project import Project
from .findings import Finding

if TYPE_CHECKING:
    from ..journals import JournalProfile

AREAS = ("sources", "build", "journal", "accessibility", "privacy", "credit")  # report order
SOURCE_GLOBS = ("manuscript/**/*", "contributors/*", "copress.yaml", "templates/**/*")


@dataclass
class Report:
    journal: str | None
    findings: list[Finding] = field(default_factory=list)
    gripp2: list[dict] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")

    def as_dict(self) -> dict:
        counts = {s: sum(1 for f in self.findings if f.severity == s) for s in ("error", "warning", "info")}
        return {"format": "copress-check/1", "journal": self.journal, "passed": self.errors == 0,
                "summary": counts, "findings": [f.as_dict() for f in self.findings],
                "gripp2": self.gripp2}


def _from_error(area: str, rule: str, err: CopressError) -> Finding:
    return Finding(area, rule, "error", err.message, str(err.file) if err.file else None, err.line, err.hint)


def fresh(root: Path, outputs: list[Path]) -> bool:
    """True when every output exists and is newer than every source (so it can be reused)."""
    if not all(p.exists() for p in outputs):
        return False
    newest_source = max((p.stat().st_mtime for g in SOURCE_GLOBS for p in root.glob(g) if p.is_file()),
                        default=0)
    return min(p.stat().st_mtime for p in outputs) >= newest_source


def run_checks(root: Path, out: Path | None, journal: str | None, progress=lambda _: None,
               only: list[str] | None = None, targets: list[str] | None = None) -> Report:
    """Check `targets`' outputs (none: every target) in the areas `only` (none: every area),
    building first just the targets those areas read, when they are stale."""
    from ..build import build
    from ..targets import TARGETS, wanted

    areas = selected(only)
    chosen = wanted(targets or [])
    if chosen - set(TARGETS):
        raise CopressError(f"unknown target '{sorted(chosen - set(TARGETS))[0]}'",
                           hint=f"targets: {', '.join(TARGETS)}, all")
    report = Report(journal)
    try:
        project = Project.load(root)
    except CopressError as err:
        if err.file is None or "no manuscript" in err.message or "is not a folder" in err.message:
            raise  # nothing to check: could not run
        report.findings.append(_from_error("sources", "sources/invalid", err))
        return report
    from ..journals import load_profile

    profile = load_profile(journal or project.config.journal, project.root)  # unknown: usage error
    report.journal = profile.id
    out = (out or project.root / "build").resolve()
    needed = sorted(set().union(*(CHECKS[area][0](chosen) for area in areas)), key=list(TARGETS).index)
    if needed and not fresh(project.root, [out / TARGETS[name] for name in needed]):
        progress("building")
        try:
            build(project, needed, out, progress)
        except CopressError as err:
            report.findings.append(_from_error("build", "build/failed", err))
            return report
    run = Run(project, profile, out, chosen == set(TARGETS), _files(out, chosen), report)
    for area in areas:
        progress(f"checking {TITLES[area]}")
        report.findings += CHECKS[area][1](run)
    report.findings = _collapse(report.findings)
    report.findings.sort(key=lambda f: (AREAS.index(f.area) if f.area in AREAS else 99,
                                        ("error", "warning", "info").index(f.severity)))
    return report


def selected(only: list[str] | None) -> list[str]:
    """The areas to check, in report order; an unknown one is a usage error naming them all."""
    for area in only or ():
        if area not in CHECKS:
            raise CopressError(f"unknown check area '{area}'",
                               hint=f"areas: {', '.join(CHECKS)} (give several as --only a,b)")
    return [area for area in CHECKS if not only or area in only]


def _files(out: Path, chosen: set[str]) -> set[Path]:
    """Every file in `out` that the chosen targets write."""
    from ..targets import files

    return {path for name in chosen for pattern in files(name) for path in out.glob(pattern)
            if path.is_file()}


@dataclass
class Run:
    """What one area's checks read: the project, the journal profile, the output folder and the
    outputs of the targets being checked."""

    project: Project
    profile: JournalProfile
    out: Path
    everything: bool  # every target chosen: read every public file in `out`
    files: set[Path]
    report: Report

    def public(self, suffix: str) -> list[Path]:
        return [p for p in _public(self.out, suffix) if self.everything or p in self.files]


def _journal(run: Run) -> list[Finding]:
    from ..easyread.summary import check_plain_summary
    from .journal import check_journal

    findings, run.report.gripp2 = check_journal(run.out / "article.html", run.profile,
                                                run.project.metadata.csl)
    # Whether a summary is required is the profile's business (above); what it must be is here.
    return findings + check_plain_summary(run.project, run.profile.word_limits.plain_summary,
                                          require=False)


def _privacy(run: Run) -> list[Finding]:
    """Every public file in the output folder, whichever target wrote it: a file there may be
    shared, so it is searched even when other targets were chosen."""
    from .privacy import check_privacy
    from .side_files import check_side_files

    return check_side_files(run.project) + check_privacy(run.project, run.out)


def _credit(run: Run) -> list[Finding]:
    from ..credit.ledger import build_ledger
    from .credit import check_credit

    return check_credit(build_ledger(run.project, run.out / "private" / "cache"))


def _collapse(findings: list[Finding]) -> list[Finding]:
    """One finding per rule, file and message: 38 citations lacking the same markup are one thing
    to fix (the count and the first line stay)."""
    from dataclasses import replace

    groups: dict[tuple, list[Finding]] = {}
    for finding in findings:
        groups.setdefault((finding.area, finding.rule, finding.severity, finding.file, finding.message), []).append(finding)
    out = []
    for same in groups.values():
        first = same[0]
        out.append(first if len(same) == 1 else replace(first, message=f"{first.message} ({len(same)} places)"))
    return out


def _public(out: Path, suffix: str) -> list[Path]:
    return sorted(p for p in out.rglob(f"*{suffix}")
                  if "private" not in p.relative_to(out).parts and not p.name.startswith("."))


def _shown(out: Path, path: Path) -> str:
    return f"{out.name}/{path.relative_to(out)}"


def _accessibility(run: Run) -> list[Finding]:
    from .docx import check_docx
    from .jats4r import check_jats
    from .links import check_links
    from .pdf_ua import check_pdf

    out = run.out
    findings = []
    for pdf in run.public(".pdf"):
        findings += [_at(f, _shown(out, pdf)) for f in check_pdf(pdf)]
    for docx in run.public(".docx"):
        findings += check_docx(docx, _shown(out, docx))
    for jats in run.public(".xml"):
        findings += [_at(f, _shown(out, jats), area="accessibility") for f in check_jats(jats)
                     if f.severity != "info"]
    pages = run.public(".html")
    for page in pages:
        findings += check_links(page, _shown(out, page))
    findings += _axe(out, pages)
    return findings


def _axe(out: Path, pages: list[Path]) -> list[Finding]:
    """axe-core in Chromium. Where Chromium or axe-core is missing, say so: never skip silently."""
    from .html_axe import check_html, chromium_executable

    if not pages:
        return []
    if chromium_executable() is None and not shutil.which("chromium"):
        return [Finding("accessibility", "axe/skipped", "warning",
                        "the HTML accessibility check (axe-core) did not run: Chromium is not installed",
                        hint="apt-get update && apt-get install -y chromium, then run copress check again")]
    try:
        return [_at(f, _shown(out, Path(f.file)) if f.file and Path(f.file).is_absolute() else f.file)
                for f in check_html(pages)]
    except CopressError as err:
        return [Finding("accessibility", "axe/skipped", "warning",
                        f"the HTML accessibility check (axe-core) did not run: {err.message}", hint=err.hint)]


def _at(finding: Finding, shown: str | None, area: str | None = None) -> Finding:
    from dataclasses import replace

    return replace(finding, file=shown, area=area or finding.area)


TITLES = {"sources": "the project files", "journal": "journal requirements",
          "accessibility": "accessibility", "privacy": "the privacy promise",
          "credit": "contributors and credit"}

# The areas `copress check --only` selects: area → (the targets it reads, given the targets
# chosen; its checks). Loading the project is the `sources` check, so that area reads nothing
# and adds nothing; `build` findings come from building whatever the selected areas read.
CHECKS: dict[str, tuple] = {
    "sources": (lambda chosen: set(), lambda run: []),
    "journal": (lambda chosen: {"html"}, _journal),
    "accessibility": (lambda chosen: chosen, _accessibility),
    "privacy": (lambda chosen: chosen, _privacy),
    "credit": (lambda chosen: set(), _credit),
}
