"""Accessibility check of local HTML files with axe-core in headless Chromium (WCAG 2.2 A/AA)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

from copress.checks.model import Check, Rule
from copress.findings import Finding
from copress.errors import CopressError

# The axe-core tags for WCAG 2.0, 2.1 and 2.2 at levels A and AA (2.2 added AA rules only).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    # Containers give /dev/shm 64 MB, too little for a long page: use /tmp instead.
    "--disable-dev-shm-usage",
    # Belt and braces next to the request routing below: no host name resolves.
    "--host-resolver-rules=MAP * ~NOTFOUND",
]

# Schemes a page may load from: its own file tree and in-page data.
_LOCAL_SCHEMES = {"file", "data", "blob", "about"}

_RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {
    runOnly: {type: 'tag', values: tags},
    resultTypes: ['violations'],
  });
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({
      target: n.target, impact: n.impact, html: n.html, summary: n.failureSummary,
    })),
  }));
}"""


# axe-core's script ships inside the package (MPL-2.0, with its licence files), so the check
# runs after a plain `pip install` without Node. Its version is the one package-lock.json pins
# (tests/test_vendor.py holds them together); manifest.json records the version and checksum.
AXE_DIR = Path(__file__).resolve().parents[1] / "vendor" / "axe-core"


def axe_script() -> Path:
    """Path of the bundled axe.min.js, or CopressError if the installed package lost it."""
    path = AXE_DIR / "axe.min.js"
    if not path.is_file():
        raise CopressError("copress's own copy of axe-core is missing", file=path,
                           hint="reinstall copress (pip install --force-reinstall copress-*.whl)")
    return path


def axe_version() -> str:
    """The bundled axe-core's version, from its manifest."""
    return json.loads((AXE_DIR / "manifest.json").read_text(encoding="utf-8"))["version"]


def chromium_executable() -> str | None:
    """Chromium to drive: $COPRESS_CHROMIUM, else Debian's chromium; None means Playwright's own."""
    env = os.environ.get("COPRESS_CHROMIUM")
    if env:
        return env
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _target_text(target: list) -> str:
    """axe's target: one selector per frame or shadow root, nested lists for shadow DOM."""
    parts = []
    for step in target:
        parts.append(" ".join(step) if isinstance(step, list) else str(step))
    return " >>> ".join(parts)


def _violation_findings(violations: list[dict], file: str) -> list[Finding]:
    findings = []
    for v in violations:
        for node in v["nodes"]:
            impact = node.get("impact") or v.get("impact") or "unknown"
            target = _target_text(node.get("target") or [])
            snippet = " ".join((node.get("html") or "").split())
            if len(snippet) > 120:
                snippet = snippet[:119] + "…"
            hint_parts = [p for p in (node.get("summary"), v.get("helpUrl")) if p]
            findings.append(
                Finding(
                    area="accessibility",
                    rule=f"axe/{v['id']}",
                    severity="error",
                    message=f"{v['help']} [{impact}] at {target}" + (f": {snippet}" if snippet else ""),
                    file=file,
                    hint="\n".join(hint_parts) or None,
                )
            )
    return findings


def check_html(paths: list[Path], shown: Callable[[Path], str] = str) -> list[Finding]:
    """Run axe-core's WCAG 2.2 A/AA rules on each HTML file, all in one browser; findings name
    each file as `shown(path)` (default: the path).

    Pages may load only local files; any other request is blocked and reported.
    """
    paths = [Path(p) for p in paths]
    if not paths:
        return []
    script = axe_script()
    for path in paths:
        if not path.is_file():
            raise CopressError("HTML file to check not found", file=path)

    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    findings: list[Finding] = []
    with sync_playwright() as pw:
        try:
            browser = pw.chromium.launch(
                executable_path=chromium_executable(), args=CHROMIUM_ARGS, headless=True
            )
        except PlaywrightError as exc:
            raise CopressError(
                f"could not start Chromium: {str(exc).splitlines()[0]}",
                hint="install it (`apt-get install chromium`) or set COPRESS_CHROMIUM to its path",
            ) from exc
        try:
            context = browser.new_context(service_workers="block")
            context.add_init_script(path=str(script))
            page = context.new_page()
            blocked: list[str] = []

            def route(route_obj) -> None:
                url = route_obj.request.url
                if urlsplit(url).scheme in _LOCAL_SCHEMES:
                    route_obj.continue_()
                    return
                if url not in blocked:
                    blocked.append(url)
                route_obj.abort("blockedbyclient")

            page.route("**/*", route)
            # One page navigated from file to file: a new page per file costs about 1 s more.
            for path in paths:
                blocked.clear()
                try:
                    page.goto(path.resolve().as_uri(), wait_until="load", timeout=60_000)
                    violations = page.evaluate(_RUN_AXE, WCAG_TAGS)
                except PlaywrightError as exc:
                    raise CopressError(
                        f"axe-core could not check the page: {str(exc).splitlines()[0]}", file=path
                    ) from exc
                findings.extend(_blocked_findings(list(blocked), shown(path)))
                findings.extend(_violation_findings(violations, shown(path)))
        finally:
            browser.close()
    return findings


def _blocked_findings(urls: list[str], file: str) -> list[Finding]:
    return [
        Finding(
            area="privacy",
            rule="html/external-request",
            severity="error",
            message=f"the page requests a resource from outside its own files: {url}",
            file=file,
            hint="bundle the resource with the output (copy it beside the page or inline it)",
        )
        for url in urls
    ]


def require_chromium() -> None:
    if chromium_executable() is None and not shutil.which("chromium"):
        raise CopressError("Chromium is not installed",
                           hint="apt-get update && apt-get install -y chromium, then run copress check again")


CHECK = Check(
    "axe", "accessibility", "the HTML accessibility check (axe-core)",
    rules=(
        Rule("axe/*", "error",
             "a page breaks an axe-core rule for WCAG 2.2 level A or AA; the rest of the id is axe-core's "
             "rule id (e.g. axe/image-alt, axe/color-contrast)",
             "each is a barrier for disabled readers that WCAG names",
             "the hint links axe-core's page for the rule; fix the template, CSS or manuscript",
             "axe-core; WCAG 2.2"),
        Rule("axe/skipped", "warning", "the HTML accessibility check could not run (Chromium or axe-core missing)",
             "a check that did not run proves nothing, so the report says so",
             "install what the hint names and run copress check again"),
        Rule("html/external-request", "error", "a page requests a resource from outside its own files (area privacy)",
             "every request tells a third party who is reading, and the page breaks offline",
             "bundle the resource with the output (copy it beside the page or inline it)"),
    ),
    run=lambda context: check_html(context.inputs, context.shown),
    inputs=lambda context: context.public(".html"), require=require_chromium, skipped="axe/skipped")
