"""`copress serve`: a live preview on 127.0.0.1 that rebuilds the HTML editions when a source changes."""

from __future__ import annotations

import html
import http
import http.server
import mimetypes
import secrets
import threading
from pathlib import Path
from urllib.parse import quote

from ..errors import CopressError
from .preview_guard import (NO_SCRIPT_POLICY, SECURITY_HEADERS, host_allowed, page_policy,
                            request_segments, served_file)

# The preview rebuilds what is quick to rebuild; the PDF editions are left to `copress build`.
PREVIEW_TARGETS = ["html", "credit"]
WATCHED = ("manuscript", "contributors", "templates", "copress.yaml")
RELOAD = """<script nonce="{nonce}">
(function () {{
  var seen = {version};
  setInterval(function () {{
    fetch('/__copress/version').then(function (r) {{ return r.text(); }}).then(function (v) {{
      if (Number(v) !== seen) {{ location.reload(); }}
    }}).catch(function () {{}});
  }}, 700);
}})();
</script>"""
HOST_REFUSED = b"This preview answers only to 127.0.0.1, localhost or [::1] on its own port.\n"
NOT_FOUND = b"Not found.\n"


class Preview:
    """The state shared by the builder thread and the HTTP handler."""

    def __init__(self, root: Path, out: Path):
        self.root, self.out = root, out
        self.version = 0
        self.error: str | None = None
        self.lock = threading.Lock()
        self.building = threading.Lock()  # one build at a time: the first may meet a change

    def rebuild(self) -> None:
        from ..build import build
        from ..project import Project

        with self.building:
            try:
                build(Project.load(self.root), PREVIEW_TARGETS, self.out)
                error = None
            except CopressError as err:
                error = str(err)
            except Exception as err:  # noqa: BLE001 - a copress bug: say so, and keep watching
                import traceback

                traceback.print_exc()
                error = (f"copress failed unexpectedly ({type(err).__name__}: {err}). This is a "
                         "bug in copress, not in your files: please report it.")
            with self.lock:
                self.error = error
                self.version += 1

    def watch(self, stop: threading.Event, watching: threading.Event) -> None:
        """Rebuild on every change; set `watching` once changes are being recorded (the first,
        possibly empty, batch comes back within rust_timeout of the watch being set up)."""
        from watchfiles import watch

        paths = [str(self.root / name) for name in WATCHED if (self.root / name).exists()]
        try:
            for changes in watch(*paths, stop_event=stop, debounce=300, step=100,
                                 rust_timeout=200, yield_on_timeout=True):
                watching.set()
                if changes:
                    self.rebuild()
        finally:
            watching.set()  # never leave serve() waiting


def _error_page(error: str) -> str:
    return (f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>The preview could "
            f"not be built</title></head><body><main><h1>The preview could not be built</h1><p>copress "
            f"found a problem in the sources. Fix it and save: this page updates by itself.</p>"
            f"<pre>{html.escape(error)}</pre></main></body></html>")


def _handler(preview: Preview):
    class Handler(http.server.BaseHTTPRequestHandler):
        """GET and HEAD only, and only for the loopback name and port; no folder listings; a
        path is decoded and judged before it comes near the file system (preview_guard)."""

        server_version = "copress-preview"

        def log_message(self, *args):
            pass

        def handle_one_request(self):
            self.policy = NO_SCRIPT_POLICY  # until a built page says otherwise
            super().handle_one_request()

        def do_GET(self):  # noqa: N802 (http.server's naming)
            self._answer(with_body=True)

        def do_HEAD(self):  # noqa: N802
            self._answer(with_body=False)

        def _answer(self, with_body: bool) -> None:
            if not host_allowed(self.headers.get_all("Host") or [], self.server.server_address[1]):
                return self._send(403, HOST_REFUSED, "text/plain; charset=utf-8", with_body)
            segments = request_segments(self.path)
            if segments is None:
                return self._not_found(with_body)
            if segments == ["__copress", "version"]:
                return self._send(200, str(preview.version).encode(), "text/plain", with_body)
            segments = segments or ["article.html"]
            with preview.lock:
                error, version = preview.error, preview.version
            if error and segments[-1].lower().endswith((".html", ".htm")):
                return self._send_page(_error_page(error), version, with_body)
            file = served_file(segments, preview.out)
            if file is not None and file.is_dir():
                if not self.path.split("?", 1)[0].endswith("/"):
                    return self._redirect(quote("/" + "/".join(segments) + "/"))
                file = served_file([*segments, "index.html"], preview.out)
            if file is None or not file.is_file():
                return self._not_found(with_body)
            kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
            if kind == "text/html":
                return self._send_page(file.read_text(encoding="utf-8", errors="replace"), version,
                                       with_body)
            if kind.startswith("text/") or kind in ("image/svg+xml", "application/json"):
                kind += "; charset=utf-8"
            self._send(200, file.read_bytes(), kind, with_body)

        def _send_page(self, page: str, version: int, with_body: bool) -> None:
            nonce = secrets.token_urlsafe(18)
            page, self.policy = page_policy(page, nonce)
            reload = RELOAD.format(nonce=nonce, version=version)
            page = page.replace("</body>", reload + "</body>", 1) if "</body>" in page else page + reload
            self._send(200, page.encode(), "text/html; charset=utf-8", with_body)

        def _not_found(self, with_body: bool) -> None:
            # One answer for every refusal, so a probe cannot tell "private" from "absent".
            self._send(404, NOT_FOUND, "text/plain; charset=utf-8", with_body)

        def _redirect(self, location: str) -> None:
            self.send_response(301)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def send_error(self, code, message=None, explain=None):
            """http.server's own refusals (bad request line, unknown method): short and plain."""
            self.close_connection = True
            text = f"{code} {http.HTTPStatus(code).phrase}\n".encode()
            self._send(code, text, "text/plain; charset=utf-8",
                       self.command != "HEAD" and code >= 200 and code not in (204, 304))

        def _send(self, status: int, body: bytes, kind: str, with_body: bool) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            if status in (405, 501):
                self.send_header("Allow", "GET, HEAD")
            self.end_headers()
            if with_body:
                self.wfile.write(body)

        def end_headers(self):
            for name, value in SECURITY_HEADERS.items():
                self.send_header(name, value)
            self.send_header("Content-Security-Policy", self.policy)
            super().end_headers()

    return Handler


def serve(root: Path, out: Path, port: int, ready=lambda url: None) -> None:
    """Serve until Ctrl-C. Bound to 127.0.0.1 only: a preview is never on the network."""
    preview = Preview(root, out)
    out.mkdir(parents=True, exist_ok=True)
    # Watch first, build second: a change saved while the first build runs is then rebuilt too,
    # never lost between the build and the watch being set up.
    stop, watching = threading.Event(), threading.Event()
    watcher = threading.Thread(target=preview.watch, args=(stop, watching), daemon=True)
    watcher.start()
    watching.wait(timeout=30)
    preview.rebuild()
    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), _handler(preview))
    except OSError as err:
        stop.set()
        raise CopressError(f"cannot listen on 127.0.0.1:{port}: {err.strerror}",
                           hint="choose another port with --port") from None
    ready(f"http://127.0.0.1:{server.server_address[1]}/")
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.server_close()
