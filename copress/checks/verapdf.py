"""veraPDF, the PDF/UA validator the field trusts, over every public PDF: its PDF/UA-1 profile
(failed rules are errors) and its WTPDF 1.0 Accessibility profile (warnings, for now).

One Java run per profile over all the PDFs at once, the two profiles side by side (the JVM's
start is most of the cost). veraPDF's JSON report gives, for each file, the rules that failed,
how many times, and where ("…/pages[3]/…", the structure element's path); a finding names the
PDF, the rule (`verapdf/ua1/7.2-20`: profile, clause, test number), veraPDF's description, the
first page it gives, and how many places.

copress's own checker (pdf_ua.py) stays: it is fast, runs without Java, and checks things
veraPDF does not (split tables and lists, link descriptions that are bare addresses).

WTPDF 1.0 is written for PDF 2.0; copress writes PDF/UA-1 (PDF 1.7), so the WTPDF rules that
ask for what only PDF 2.0 has are not reported (PDF_2_ONLY, each with why). veraPDF 1.28 ships
no WCAG 2.2 profile of its own; WTPDF's accessibility level is the nearest it has.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from ..errors import CopressError
from ..findings import Finding
from .model import Check, Context, Rule

TIMEOUT_SECONDS = 900

PROFILES = {"ua1": ("PDF/UA-1", "error"), "wt1a": ("WTPDF 1.0 Accessibility", "warning")}

# WTPDF rules about what PDF 2.0 has and PDF 1.7 (PDF/UA-1) cannot: (clause, test) -> why.
PDF_2_ONLY = {
    ("6.1.3", 1): "the WTPDF declaration (pdfd:conformsTo) claims WTPDF, which a PDF/UA-1 file is not",
    ("8.2.5.2", 2): "the PDF 2.0 structure namespace does not exist in PDF 1.7",
    ("8.8", 1): "structure destinations (/SD) are PDF 2.0; PDF/UA-1 links use page destinations",
}

TODO = ("rebuild with copress; if the failure remains, it comes from the project's own stylesheet "
        "or raw HTML in the manuscript (or from copress: report it with the PDF)")


def run_verapdf(pdfs: list[Path], flavours=tuple(PROFILES)) -> dict[str, dict[Path, list[dict]]]:
    """veraPDF's failed rules for each PDF under each flavour: {flavour: {pdf: [rule summary]}}.
    One Java process per flavour, run side by side. Raises CopressError if veraPDF cannot run
    or cannot read a file."""
    from ..validators import verapdf_command

    command = verapdf_command()
    running = {}
    for flavour in flavours:
        running[flavour] = subprocess.Popen(
            [*command, "--flavour", flavour, "--format", "json", "--maxfailuresdisplayed", "5",
             *map(str, pdfs)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    results = {}
    for flavour, process in running.items():
        try:
            out, err = process.communicate(timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            raise CopressError(f"veraPDF took more than {TIMEOUT_SECONDS} s", hint="check the PDFs "
                               "one at a time with `copress check --only accessibility FILE`") from None
        results[flavour] = _parse(out, err, pdfs, flavour)
    return results


def _parse(out: bytes, err: bytes, pdfs: list[Path], flavour: str) -> dict[Path, list[dict]]:
    try:
        jobs = json.loads(out)["report"]["jobs"]
    except (ValueError, KeyError, TypeError):
        tail = (err or out).decode("utf-8", "replace").strip().splitlines()[-3:]
        raise CopressError("veraPDF gave no report: " + " | ".join(tail),
                           hint="run `copress doctor` to see whether Java and veraPDF work") from None
    by_name = {str(p): p for p in pdfs}
    failed: dict[Path, list[dict]] = {}
    for job in jobs:
        pdf = by_name.get(job.get("itemDetails", {}).get("name"))
        if pdf is None:
            continue
        results = job.get("validationResult") or []
        if not results:
            message = (job.get("taskException") or {}).get("exceptionMessage") or "no result"
            failed[pdf] = [{"clause": "read", "testNumber": 0, "failedChecks": 1,
                            "description": f"veraPDF could not read the file: {message}", "checks": []}]
            continue
        failed[pdf] = [rule for result in results
                       for rule in result.get("details", {}).get("ruleSummaries", [])
                       if rule.get("status") == "failed"]
    for pdf in pdfs:
        if pdf not in failed:
            raise CopressError(f"veraPDF did not report on {pdf.name} ({flavour})",
                               hint="run `copress doctor` to see whether Java and veraPDF work")
    return failed


def rule_id(flavour: str, rule: dict) -> str:
    return f"verapdf/{flavour}/{rule.get('clause')}-{rule.get('testNumber')}"


def where(rule: dict) -> str:
    """'page 4' (and the structure element) of the first failed check veraPDF lists."""
    checks = rule.get("checks") or []
    if not checks:
        return ""
    context = checks[0].get("context", "")
    page = re.search(r"pages\[(\d+)\]", context)
    element = re.findall(r"\(\d+ 0 obj (?:SE)?(\w+)(?: \w+)?\)", context)
    parts = [f"page {int(page.group(1)) + 1}"] if page else []
    if element and not page:
        parts.append(f"structure element {element[-1]}")
    message = checks[0].get("errorMessage")
    return "; ".join(parts + ([message] if message else []))


def findings_for(flavour: str, shown: str, rules: list[dict]) -> list[Finding]:
    name, severity = PROFILES[flavour]
    out = []
    for rule in rules:
        if flavour != "ua1" and (rule.get("clause"), rule.get("testNumber")) in PDF_2_ONLY:
            continue
        count = rule.get("failedChecks") or len(rule.get("checks") or []) or 1
        place = where(rule)
        message = (f"{name} {rule.get('clause')}-{rule.get('testNumber')}: "
                   f"{rule.get('description', '').strip()}"
                   + (f" ({count} places; first: {place})" if count > 1 and place
                      else f" ({place})" if place else ""))
        out.append(Finding("accessibility", rule_id(flavour, rule), severity, message, shown, hint=TODO))
    return out


def run(context: Context) -> list[Finding]:
    results = run_verapdf(context.inputs)
    return [finding for flavour, by_pdf in results.items() for pdf, rules in by_pdf.items()
            for finding in findings_for(flavour, context.shown(pdf), rules)]


def require() -> None:
    from ..validators import verapdf_command

    verapdf_command()


CHECK = Check(
    "verapdf", "accessibility", "veraPDF (PDF/UA-1, and WTPDF 1.0 Accessibility as warnings)",
    rules=(
        Rule("verapdf/ua1/*", "error", "a PDF fails a rule of veraPDF's PDF/UA-1 profile (the rest of "
             "the id is the ISO 14289-1 clause and test number)",
             "PDF/UA-1 is what publishers and screen-reader users ask for; veraPDF is how they check it",
             TODO, "veraPDF PDF/UA-1 validation profile"),
        Rule("verapdf/wt1a/*", "warning", "a PDF fails a rule of veraPDF's WTPDF 1.0 Accessibility "
             "profile that applies to PDF 1.7",
             "WTPDF's accessibility level is the nearest veraPDF has to WCAG for PDF", TODO,
             "veraPDF WTPDF 1.0 Accessibility validation profile"),
        Rule("verapdf/skipped", "warning", "veraPDF could not run (no Java 17+ or veraPDF not installed)",
             "a check that did not run proves nothing, so the report says so",
             "run `copress doctor --install-validators`, then copress check again"),
    ),
    run=run, inputs=lambda context: context.public(".pdf"), require=require, skipped="verapdf/skipped")
