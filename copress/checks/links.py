"""Links in HTML outputs: every internal anchor resolves, every URL is well formed."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import lxml.html

from ..findings import Finding
from .model import Check, Context, Rule


def check_links(path: Path, shown: str) -> list[Finding]:
    findings = []
    page = lxml.html.parse(str(path)).getroot()
    ids = {e.get("id") for e in page.iter() if e.get("id")}
    for link in page.iter("a"):
        href = link.get("href")
        if href is None:
            continue
        text = " ".join(link.text_content().split())[:60]
        if href.startswith("#"):
            if href[1:] and href[1:] not in ids:
                findings.append(Finding("accessibility", "links/broken-anchor", "error",
                                        f"the link '{text}' in {shown} points at #{href[1:]}, which does not exist",
                                        shown, hint="fix the cross-reference or the id it points at"))
            continue
        parsed = urlparse(href)
        if parsed.scheme in ("http", "https") and (not parsed.netloc or " " in href):
            findings.append(Finding("accessibility", "links/malformed-url", "error",
                                    f"the link '{text}' in {shown} has a malformed address", shown,
                                    hint="check the URL in the manuscript or bibliography"))
        elif parsed.scheme == "mailto" and "@" not in parsed.path:
            findings.append(Finding("accessibility", "links/malformed-url", "error",
                                    f"the e-mail link '{text}' in {shown} has no address", shown))
    return findings


def run(context: Context) -> list[Finding]:
    return [f for page in context.inputs for f in check_links(page, context.shown(page))]


CHECK = Check(
    "links", "accessibility", "the link check of the HTML pages",
    rules=(
        Rule("links/broken-anchor", "error", "a link points at an #id the page does not have",
             "the link goes nowhere: readers, and screen-reader users most, lose their place",
             "fix the cross-reference or the id it points at"),
        Rule("links/malformed-url", "error", "a web or e-mail link has a malformed address",
             "the link cannot be followed", "check the URL in the manuscript or bibliography"),
    ),
    run=run, inputs=lambda context: context.public(".html"))
