"""HTML conformance check of local files with the Nu HTML Checker (vnu.jar: see validators.py)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit
from urllib.request import url2pathname

from copress.checks.model import Check, Context, Rule
from copress.findings import Finding
from copress.errors import CopressError
from copress.validators import java_executable, vnu_jar

# vnu needs a deep stack (it says at least 512k; the C1-only JIT uses bigger frames).
# C1 only and the serial GC start the JVM faster: about 1 s instead of 2.7 s for a
# small page, and still faster on a 700 kB one.
JAVA_OPTIONS = ["-Xss16m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"]

TIMEOUT_SECONDS = 600


def _severity(message: dict) -> str:
    kind = message.get("type")
    if kind == "info":
        # vnu's warnings are info messages with subType "warning"; the rest are notes
        # such as "Trailing slash on void elements has no effect".
        return "warning" if message.get("subType") == "warning" else "info"
    return "error"  # "error" (subType "fatal" included) and "non-document-error"


def check_html_valid(paths: list[Path], shown: Callable[[Path], str] = str,
                     area: str = "html") -> list[Finding]:
    """Check each HTML file against the HTML standard with vnu, all files in one Java run;
    findings name each file as `shown(path)` (default: the path) in `area`."""
    paths = [Path(p) for p in paths]
    if not paths:
        return []
    for path in paths:
        if not path.is_file():
            raise CopressError("HTML file to check not found", file=path)
    jar = vnu_jar()
    command = [
        java_executable(),
        *JAVA_OPTIONS,
        "-jar",
        str(jar),
        "--format",
        "json",
        "--stdout",
        "--exit-zero-always",
        *[str(p.resolve()) for p in paths],
    ]
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, encoding="utf-8", timeout=TIMEOUT_SECONDS
        )
    except subprocess.TimeoutExpired as exc:
        raise CopressError(f"the Nu HTML Checker took more than {TIMEOUT_SECONDS} s") from exc
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        report = None
    if done.returncode != 0 or not isinstance(report, dict):
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise CopressError(
            "the Nu HTML Checker failed" + (f": {detail[0]}" if detail else ""),
            file=jar,
            hint="check that `java -version` reports 17 or later (`copress doctor` tells)",
        )

    by_path = {p.resolve(): shown(p) for p in paths}
    findings = []
    for message in report.get("messages", []):
        url = message.get("url")
        file = None
        if url:
            parts = urlsplit(url)
            file = by_path.get(Path(url2pathname(parts.path)), url) if parts.scheme == "file" else url
        severity = _severity(message)
        extract = " ".join((message.get("extract") or "").split())
        findings.append(
            Finding(
                area=area,
                rule=f"vnu/{'warning' if severity == 'warning' else message.get('type', 'error')}",
                severity=severity,
                message=message.get("message", "").strip(),
                file=file,
                line=message.get("lastLine") or message.get("firstLine"),
                hint=f"near: {extract}" if extract else None,
            )
        )
    return findings


def require_vnu() -> None:
    """Java and vnu.jar, or CopressError saying which is missing and how to install it."""
    java_executable()
    vnu_jar()


def run(context: Context) -> list[Finding]:
    # vnu's info messages are notes on style ("trailing slash on void elements"), not problems.
    # Its reading of a page's Content-Security-Policy meta tag is left out too: it blocks what
    # the policy allows (data: pictures under `img-src data:`, the course's own stylesheet
    # under `style-src 'self'`), while axe-core's Chromium, which enforces the policy, loads them.
    return [f for f in check_html_valid(context.inputs, context.shown, area="accessibility")
            if f.severity != "info" and "violates Content Security Policy" not in f.message]


CHECK = Check(
    "vnu", "accessibility", "the HTML conformance check (Nu HTML Checker)",
    rules=(
        Rule("vnu/error", "error", "a page is not valid HTML",
             "assistive technology relies on browsers building the page as the standard says",
             "the message and line say what to fix; usually a template or raw HTML in the manuscript",
             "Nu HTML Checker (vnu-jar)"),
        Rule("vnu/non-document-error", "error", "the checker could not read a page",
             "a page that cannot be read was not checked", "rebuild it and check again"),
        Rule("vnu/warning", "warning", "markup the HTML standard advises against",
             "it often hides a real problem", "read the message; fix the template or manuscript"),
        Rule("vnu/info", "info", "a note on style (reported by check_html_valid; the gate leaves notes out)",
             "notes are not problems", "nothing"),
        Rule("vnu/skipped", "warning", "the HTML conformance check could not run (no Java 17+ or no vnu.jar)",
             "a check that did not run proves nothing, so the report says so",
             "install Java 17+ (or set COPRESS_JAVA) and run `copress doctor --install-validators`, then copress check again"),
    ),
    run=run, inputs=lambda context: context.public(".html"), require=require_vnu, skipped="vnu/skipped")
