"""`copress serve`: a live preview on 127.0.0.1 that rebuilds the HTML editions when a source changes."""

from __future__ import annotations

import html
import http.server
import threading
from pathlib import Path

from ..errors import CopressError

# The preview rebuilds what is quick to rebuild; the PDF editions are left to `copress build`.
PREVIEW_TARGETS = ["html", "credit"]
WATCHED = ("manuscript", "contributors", "templates", "copress.yaml")
RELOAD = """<script>
(function () {{
  var seen = {version};
  setInterval(function () {{
    fetch('/__copress/version').then(function (r) {{ return r.text(); }}).then(function (v) {{
      if (Number(v) !== seen) {{ location.reload(); }}
    }}).catch(function () {{}});
  }}, 700);
}})();
</script>"""


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


def _handler(preview: Preview):
    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(preview.out), **kwargs)

        def log_message(self, *args):
            pass

        def do_GET(self):  # noqa: N802 (http.server's naming)
            if self.path == "/__copress/version":
                return self._send(str(preview.version).encode(), "text/plain")
            path = self.path.split("?")[0]
            if path == "/":
                path = "/article.html"
            if path.startswith("/private") or "/." in path:
                return self.send_error(404)
            if path.endswith(".html"):
                with preview.lock:
                    error, version = preview.error, preview.version
                if error:
                    body = (f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>The "
                            f"preview could not be built</title></head><body><main><h1>The preview could not "
                            f"be built</h1><p>copress found a problem in the sources. Fix it and save: this "
                            f"page updates by itself.</p><pre>{html.escape(error)}</pre></main>"
                            f"{RELOAD.format(version=version)}</body></html>")
                    return self._send(body.encode(), "text/html; charset=utf-8")
                file = preview.out / path.lstrip("/")
                if not file.resolve().is_relative_to(preview.out.resolve()) or not file.is_file():
                    return self.send_error(404)
                page = file.read_text(encoding="utf-8")
                page = page.replace("</body>", RELOAD.format(version=version) + "</body>", 1)
                return self._send(page.encode(), "text/html; charset=utf-8")
            return super().do_GET()

        def _send(self, body: bytes, kind: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Cache-Control", "no-store")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

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
