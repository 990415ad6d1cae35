"""Run every check on a project's outputs: the gate before submission (`copress check`)."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import CopressError
from .findings import Finding

AREAS = ("sources", "build", "journal", "accessibility", "privacy", "credit")
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


def run_checks(root: Path, out: Path | None, journal: str | None, progress=lambda _: None) -> Report:
    from ..build import TARGETS, build
    from ..project import Project

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
    outputs = [out / name for name in TARGETS.values()]
    if not fresh(project.root, outputs):
        progress("building")
        try:
            build(project, [], out, progress)
        except CopressError as err:
            report.findings.append(_from_error("build", "build/failed", err))
            return report

    progress("checking journal requirements")
    from .journal import check_journal

    findings, report.gripp2 = check_journal(out / "article.html", profile, project.metadata.csl)
    report.findings += findings
    from ..easyread.summary import check_plain_summary

    # Whether a summary is required is the profile's business (above); what it must be is here.
    report.findings += check_plain_summary(project, profile.word_limits.plain_summary, require=False)
    progress("checking accessibility")
    report.findings += _accessibility(out)
    progress("checking the privacy promise")
    from .privacy import check_privacy

    report.findings += check_privacy(project, out)
    from ..credit.ledger import build_ledger
    from .credit import check_credit

    report.findings += check_credit(build_ledger(project, out / "private" / "cache"))
    report.findings = _collapse(report.findings)
    report.findings.sort(key=lambda f: (AREAS.index(f.area) if f.area in AREAS else 99,
                                        ("error", "warning", "info").index(f.severity)))
    return report


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


def _accessibility(out: Path) -> list[Finding]:
    from .docx import check_docx
    from .jats4r import check_jats
    from .links import check_links
    from .pdf_ua import check_pdf

    findings = []
    for pdf in _public(out, ".pdf"):
        findings += [_at(f, _shown(out, pdf)) for f in check_pdf(pdf)]
    for docx in _public(out, ".docx"):
        findings += check_docx(docx, _shown(out, docx))
    for jats in _public(out, ".xml"):
        findings += [_at(f, _shown(out, jats), area="accessibility") for f in check_jats(jats)
                     if f.severity != "info"]
    pages = _public(out, ".html")
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
