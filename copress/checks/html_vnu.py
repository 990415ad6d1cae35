"""HTML conformance check of local files with the Nu HTML Checker (vnu.jar from npm `vnu-jar`)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from copress.checks.findings import Finding
from copress.checks.html_axe import node_module_file
from copress.errors import CopressError

VNU_JAR = "vnu-jar/build/dist/vnu.jar"

# vnu needs a deep stack (it says at least 512k; the C1-only JIT uses bigger frames).
# C1 only and the serial GC start the JVM faster: about 1 s instead of 2.7 s for a
# small page, and still faster on a 700 kB one.
JAVA_OPTIONS = ["-Xss16m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"]

TIMEOUT_SECONDS = 600


def java_executable() -> str:
    """Java 17+ to run vnu.jar with: $COPRESS_JAVA, else `java` on PATH."""
    java = os.environ.get("COPRESS_JAVA") or shutil.which("java")
    if not java:
        raise CopressError(
            "Java not found: the Nu HTML Checker needs Java 17 or later",
            hint="install it (Debian: `apt-get install openjdk-17-jre-headless`) or set COPRESS_JAVA",
        )
    return java


def _severity(message: dict) -> str:
    kind = message.get("type")
    if kind == "info":
        # vnu's warnings are info messages with subType "warning"; the rest are notes
        # such as "Trailing slash on void elements has no effect".
        return "warning" if message.get("subType") == "warning" else "info"
    return "error"  # "error" (subType "fatal" included) and "non-document-error"


def check_html_valid(paths: list[Path]) -> list[Finding]:
    """Check each HTML file against the HTML standard with vnu, all files in one Java run."""
    paths = [Path(p) for p in paths]
    if not paths:
        return []
    for path in paths:
        if not path.is_file():
            raise CopressError("HTML file to check not found", file=path)
    jar = node_module_file(VNU_JAR)
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
            hint="run `npm ci` and check that `java -version` reports 17 or later",
        )

    by_path = {p.resolve(): str(p) for p in paths}
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
                area="html",
                rule=f"vnu/{'warning' if severity == 'warning' else message.get('type', 'error')}",
                severity=severity,
                message=message.get("message", "").strip(),
                file=file,
                line=message.get("lastLine") or message.get("firstLine"),
                hint=f"near: {extract}" if extract else None,
            )
        )
    return findings
