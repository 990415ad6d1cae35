"""Run the checks on a project's outputs, every area or those chosen: the gate before submission
(`copress check`)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import CopressError
from ..findings import Finding
from ..project import Project
from .model import Check, Context
from .registry import AREAS as SELECTABLE, CHECKS

AREAS = ("sources", "build", *SELECTABLE[1:])  # report order; `build` is not selectable
SOURCE_GLOBS = ("manuscript/**/*", "contributors/*", "copress.yaml", "templates/**/*")


@dataclass
class Report:
    """What `copress check` found, and for every registered check whether it ran, on which
    files, or why not (`checks`)."""

    journal: str | None
    findings: list[Finding] = field(default_factory=list)
    gripp2: list[dict] = field(default_factory=list)
    checks: list[dict] = field(default_factory=list)

    def skip(self, checks: list[Check], reason: str, files: list[str] | None = None) -> None:
        self.checks += [{"check": c.id, "area": c.area, "status": "skipped", "reason": reason,
                         "files": files or []} for c in checks]

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")

    def as_dict(self) -> dict:
        counts = {s: sum(1 for f in self.findings if f.severity == s) for s in ("error", "warning", "info")}
        return {"format": "copress-check/1", "journal": self.journal, "passed": self.errors == 0,
                "summary": counts, "findings": [f.as_dict() for f in self.findings],
                "gripp2": self.gripp2,
                "checks": sorted(self.checks, key=lambda c: list(CHECKS).index(c["check"]))}


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
               only: list[str] | None = None, targets: list[str] | None = None,
               submission: bool = False) -> Report:
    """Check `targets`' outputs (none: every target) in the areas `only` (none: every area),
    building first just the targets those areas read, when they are stale; then run every
    registered check of those areas (registry.py), in order."""
    from ..build import build
    from ..targets import TARGETS, wanted

    areas = selected(only)
    chosen = wanted(targets or [])
    if chosen - set(TARGETS):
        raise CopressError(f"unknown target '{sorted(chosen - set(TARGETS))[0]}'",
                           hint=f"targets: {', '.join(TARGETS)}, all")
    report = Report(journal)
    checks = [check for check in CHECKS.values() if check.area in areas]
    report.skip([c for c in CHECKS.values() if c not in checks], "its area was not chosen (--only)")
    try:
        project = Project.load(root)
    except CopressError as err:
        if err.file is None or "no manuscript" in err.message or "is not a folder" in err.message:
            raise  # nothing to check: could not run
        report.findings.append(_from_error("sources", "sources/invalid", err))
        report.skip(checks, "the project files did not load (sources/invalid)")
        return report
    from ..journals import load_profile

    profile = load_profile(journal or project.config.journal, project.root)  # unknown: usage error
    report.journal = profile.id
    out = (out or project.root / "build").resolve()
    needed = sorted(set().union(*(check.reads(chosen) for check in checks)), key=list(TARGETS).index)
    if needed and not fresh(project.root, [out / TARGETS[name] for name in needed]):
        progress("building")
        try:
            build(project, needed, out, progress)
        except CopressError as err:
            report.findings.append(_from_error("build", "build/failed", err))
            report.skip(checks, "the outputs could not be built (build/failed)")
            return report
    context = Context(project, profile, out, chosen >= wanted([]), _files(out, chosen),
                      submission=submission or project.config.submission)
    for check in checks:
        progress(f"running {check.title}")
        report.findings += _run(check, context, report)
    report.gripp2 = context.gripp2
    report.findings = _collapse(report.findings)
    report.findings.sort(key=lambda f: (AREAS.index(f.area) if f.area in AREAS else 99,
                                        ("error", "warning", "info").index(f.severity)))
    return report


def _run(check: Check, context: Context, report: Report) -> list[Finding]:
    """One check on its inputs, recorded in the report as run or skipped (and why)."""
    inputs = check.inputs(context) if check.inputs else []
    shown = [context.shown(path) for path in inputs]
    if check.inputs and not inputs:
        report.skip([check], "none of the outputs checked is of the kind it reads")
        return []
    try:
        check.require()
        findings = list(check.run(replace(context, inputs=inputs)))
    except CopressError as err:
        if check.skipped is None:
            raise
        # A tool the check needs is missing or failed: say so, never skip silently.
        report.skip([check], err.message, shown)
        return [Finding(check.area, check.skipped, "warning", f"{check.title} did not run: {err.message}",
                        hint=err.hint)]
    report.checks.append({"check": check.id, "area": check.area, "status": "ran", "reason": None,
                          "files": shown})
    return findings


def selected(only: list[str] | None) -> list[str]:
    """The areas to check, in report order; an unknown one is a usage error naming them all."""
    for area in only or ():
        if area not in SELECTABLE:
            raise CopressError(f"unknown check area '{area}'",
                               hint=f"areas: {', '.join(SELECTABLE)} (give several as --only a,b)")
    return [area for area in SELECTABLE if not only or area in only]


def _files(out: Path, chosen: set[str]) -> set[Path]:
    """Every file in `out` that the chosen targets write."""
    from ..targets import files

    return {path for name in chosen for pattern in files(name) for path in out.glob(pattern)
            if path.is_file()}


def _collapse(findings: list[Finding]) -> list[Finding]:
    """One finding per rule, file and message: 38 citations lacking the same markup are one thing
    to fix (the count and the first line stay)."""
    groups: dict[tuple, list[Finding]] = {}
    for finding in findings:
        groups.setdefault((finding.area, finding.rule, finding.severity, finding.file, finding.message), []).append(finding)
    out = []
    for same in groups.values():
        first = same[0]
        out.append(first if len(same) == 1 else replace(first, message=f"{first.message} ({len(same)} places)"))
    return out
