"""The pages `copress serve` writes itself: the index of every edition, the page shown while a
build error lasts, and the reload script added to every page it serves."""

from __future__ import annotations

import json
from pathlib import Path

from ..htmlkit import escape

# The index: each edition and its files (relative to the output folder), in the order a
# co-author meets them.
EDITIONS = (
    ("The article", (("web page", "article.html"), ("PDF", "article.pdf"))),
    ("The easy-read edition", (("web page", "easy-read.html"), ("PDF", "easy-read.pdf"))),
    ("The resource guide", (("web page", "resource-guide.html"), ("PDF", "resource-guide.pdf"))),
    ("The course", (("web pages", "course/index.html"),)),
    ("Who did what: the credit page", (("web page", "credit/contributions.html"),)),
    ("The GRIPP2 short form", (("web page", "supplementary/gripp2-short-form.html"),)),
)
STATES = {
    "building": "Building the web pages…",
    "pdfs": "The web pages are up to date. The PDFs and the other editions are being rebuilt: "
            "this page updates when they are ready.",
    "ready": "Everything is up to date.",
}
EVENTS = "/__copress/events"
# Reloads the page when a rebuild rewrote it, or the build error it shows (or not) changed. The
# index (page "") reloads after every rebuild: it shows what is being built.
RELOAD = """<script nonce="%(nonce)s">
(function () {
  var seen = %(version)s, page = %(page)s, showingError = %(error)s;
  var events = new EventSource("%(events)s?since=" + seen);
  events.addEventListener("rebuilt", function (event) {
    var news = JSON.parse(event.data);
    if (news.version <= seen) { return; }
    seen = news.version;
    if (page === "" || news.error || news.error !== showingError ||
        news.rewritten.indexOf(page) >= 0 || news.rewritten.indexOf("*") >= 0) {
      events.close();
      location.reload();
    }
  });
})();
</script>"""
_STYLE = ("body{font-family:system-ui,sans-serif;line-height:1.5;max-width:46rem;margin:2rem auto;"
          "padding:0 1rem;color:#1a1a1a}pre{white-space:pre-wrap;background:#fff4f4;"
          "border-left:4px solid #b00020;padding:1rem}li{margin:.4rem 0}")


def reload_script(nonce: str, version: int, page: str, showing_error: bool) -> str:
    return RELOAD % {"nonce": nonce, "version": int(version), "page": json.dumps(page),
                     "error": json.dumps(showing_error), "events": EVENTS}


def _document(title: str, body: str) -> str:
    return (f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
            f"content=\"width=device-width, initial-scale=1\"><title>{escape(title)}</title>"
            f"<style>{_STYLE}</style></head><body><main>{body}</main></body></html>")


def _error_section(error: str, heading: str = "h2") -> str:
    return (f"<{heading}>The preview could not be built</{heading}><p>copress found a problem in the "
            f"sources. Fix it and save: this page updates by itself.</p><pre>{escape(error)}</pre>")


def error_page(error: str) -> str:
    return _document("The preview could not be built", _error_section(error, "h1"))


def index_page(out: Path, error: str | None, state: str) -> str:
    """Every edition with a link to each of its files that exists, and what is being built."""
    items = []
    for edition, links in EDITIONS:
        made = [f"<a href=\"/{escape(name)}\">{escape(label)}</a>" for label, name in links
                if (out / name).is_file()]
        missing = "this project has none" if state == "ready" and not error else "not built yet"
        items.append(f"<li><strong>{escape(edition)}</strong>: "
                     f"{' · '.join(made) if made else f'<em>{missing}</em>'}</li>")
    status = f"<p role=\"status\">{escape(STATES.get(state, ''))}</p>"
    return _document("Preview of every edition",
                     "<h1>Preview of every edition</h1>" + status
                     + (_error_section(error) if error else "")
                     + f"<ul>{''.join(items)}</ul><p>Edit and save a file in <code>manuscript/</code> "
                     "or <code>contributors/</code>: the open page reloads by itself when it is "
                     "rebuilt. The PDFs open in your browser's own viewer.</p>")
