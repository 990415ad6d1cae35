"""`copress serve`: a live preview of every edition, on 127.0.0.1 unless asked otherwise, that
rebuilds what a change affects (copress/collab/preview_build.py) and tells the open pages to
reload through Server-Sent Events."""

from __future__ import annotations

import http
import http.server
import ipaddress
import json
import mimetypes
import secrets
import socket
import threading
from pathlib import Path
from typing import Callable
from urllib.parse import parse_qs, quote, urlsplit

from ..errors import CopressError
from .preview_build import Preview
from .preview_guard import (LOOPBACK_NAMES, NO_SCRIPT_POLICY, SECURITY_HEADERS, host_allowed,
                            host_name_problem, page_policy, request_segments, served_file)
from .preview_pages import EVENTS, error_page, index_page, reload_script

NOT_FOUND = b"Not found.\n"
# A PDF opens in the browser's own viewer, which a `default-src 'none'` would block as a plugin.
PDF_POLICY = ("default-src 'none'; object-src 'self'; script-src 'none'; style-src 'unsafe-inline'; "
              "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
# An open event stream says something this often, so a dead connection is noticed and closed.
KEEP_ALIVE_SECONDS = 15


def _handler(preview: Preview, names: tuple[str, ...]):
    refused = (f"This preview answers only to {_listed(names)} on its own port.\n").encode()

    class Handler(http.server.BaseHTTPRequestHandler):
        """GET and HEAD only, and only for the listed Host names and port; no folder listings;
        a path is decoded and judged before it comes near the file system (preview_guard)."""

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
            if not host_allowed(self.headers.get_all("Host") or [], self.server.server_address[1], names):
                return self._send(403, refused, "text/plain; charset=utf-8", with_body)
            segments = request_segments(self.path)
            if segments is None:
                return self._not_found(with_body)
            version, error, state = preview.snapshot()
            if segments == ["__copress", "version"]:
                return self._send(200, str(version).encode(), "text/plain", with_body)
            if segments == ["__copress", "status"]:
                status = {"version": version, "state": state, "error": error is not None}
                return self._send(200, json.dumps(status).encode(), "application/json", with_body)
            if "/" + "/".join(segments) == EVENTS:
                return self._events(with_body)
            if not segments:
                return self._send_page(index_page(preview.out, error, state), version, "", error, with_body)
            if error and segments[-1].lower().endswith((".html", ".htm")):
                return self._send_page(error_page(error), version, "/" + "/".join(segments), error,
                                       with_body)
            file = served_file(segments, preview.out)
            if file is not None and file.is_dir():
                if not self.path.split("?", 1)[0].endswith("/"):
                    return self._redirect(quote("/" + "/".join(segments) + "/"))
                file = served_file([*segments, "index.html"], preview.out)
            if file is None or not file.is_file():
                return self._not_found(with_body)
            kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
            if kind == "text/html":
                page = "/" + file.relative_to(preview.out.resolve()).as_posix()
                return self._send_page(file.read_text(encoding="utf-8", errors="replace"), version,
                                       page, error, with_body)
            if kind.startswith("text/") or kind in ("image/svg+xml", "application/json"):
                kind += "; charset=utf-8"
            extra = {}
            if kind == "application/pdf":
                self.policy = PDF_POLICY
                extra["Content-Disposition"] = f"inline; filename=\"{quote(file.name)}\""
            self._send(200, file.read_bytes(), kind, with_body, extra)

        def _send_page(self, page: str, version: int, path: str, error: str | None,
                       with_body: bool) -> None:
            nonce = secrets.token_urlsafe(18)
            page, self.policy = page_policy(page, nonce)
            reload = reload_script(nonce, version, path, error is not None)
            page = page.replace("</body>", reload + "</body>", 1) if "</body>" in page else page + reload
            self._send(200, page.encode(), "text/html; charset=utf-8", with_body)

        def _events(self, with_body: bool) -> None:
            """Server-Sent Events: one `rebuilt` event after each pass of a rebuild, with the
            paths it rewrote; a page connecting late first hears what it missed (`?since=N`)."""
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream; charset=utf-8")
            self.end_headers()
            self.close_connection = True
            if not with_body:
                return
            try:
                since = int(parse_qs(urlsplit(self.path).query).get("since", ["-1"])[0])
            except ValueError:
                since = -1
            try:
                self.wfile.write(b"retry: 1000\n\n")
                self.wfile.flush()
                while not preview.stopping.is_set():
                    version, error, state = preview.snapshot()
                    if version > since >= 0:
                        news = {"version": version, "error": error is not None, "state": state,
                                "rewritten": preview.rewritten_since(since)}
                        self.wfile.write(f"event: rebuilt\ndata: {json.dumps(news)}\n\n".encode())
                        since = version
                    else:
                        since = max(since, version)
                        self.wfile.write(b": waiting for a change\n\n")
                    self.wfile.flush()
                    preview.wait_for_news(version, KEEP_ALIVE_SECONDS)
            except OSError:
                pass  # the page was closed or reloaded

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

        def _send(self, status: int, body: bytes, kind: str, with_body: bool,
                  extra: dict[str, str] | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            for name, value in (extra or {}).items():
                self.send_header(name, value)
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


def _listed(names: tuple[str, ...]) -> str:
    names = tuple(names)
    return ", ".join(names[:-1]) + " or " + names[-1] if len(names) > 1 else names[0]


def check_address(bind: str, hosts: tuple[str, ...]) -> None:
    """Refuse a bind address that is not an IP address, and listening beyond this machine
    without the list of names to answer to (`--host`): without it, any site could be re-pointed
    at the preview."""
    try:
        address = ipaddress.ip_address(bind)
    except ValueError:
        raise CopressError(f"--bind takes an IP address, such as 127.0.0.1 or 0.0.0.0, not '{bind}'",
                           hint="give the names the preview answers to with --host") from None
    if not address.is_loopback and not hosts:
        raise CopressError(f"listening on {bind} makes the preview reachable beyond this machine, "
                           "so copress needs the names it answers to",
                           hint="add --host NAME for each name the browser uses, e.g. "
                                "--host localhost --host myhost")
    for name in hosts:
        problem = host_name_problem(name)
        if problem:
            raise CopressError(f"--host '{name}': {problem}", hint="for example --host localhost")


def serve(root: Path, out: Path, port: int, ready: Callable[[str], None] = lambda url: None,
          say: Callable[[str, str], None] = lambda kind, text: None, bind: str = "127.0.0.1",
          hosts: tuple[str, ...] = ()) -> None:
    """Serve until Ctrl-C. Bound to 127.0.0.1 unless `bind` says otherwise, answering only to
    the loopback names, or to `hosts` when they are given. `say(kind, text)` hears each rebuild
    ("info", "rebuilt", "warning", "skipped", "error")."""
    check_address(bind, hosts)
    names = tuple(hosts) or LOOPBACK_NAMES
    preview = Preview(root, out, say)
    out.mkdir(parents=True, exist_ok=True)
    try:
        server_class = http.server.ThreadingHTTPServer
        if ":" in bind:
            server_class = type("Server6", (server_class,), {"address_family": socket.AF_INET6})
        # Listening now tells at once when the port is taken; nothing is answered before the
        # first web pages are built (requests wait in the queue until serve_forever).
        server = server_class((bind, port), _handler(preview, names))
    except OSError as err:
        raise CopressError(f"cannot listen on {bind}:{port}: {err.strerror}",
                           hint="choose another port with --port") from None
    # Watch first, build second: a change saved while the first build runs is then rebuilt too,
    # never lost between the build and the watch being set up.
    watching = threading.Event()
    watcher = threading.Thread(target=preview.watch, args=(watching,), daemon=True)
    watcher.start()
    watching.wait(timeout=30)
    preview.wanted.set()
    builder = threading.Thread(target=preview.run, daemon=True)
    builder.start()
    say("info", "building the web pages…")
    try:
        preview.wait_for_news(preview.first, 600)  # the first web pages are built
    except KeyboardInterrupt:
        preview.stop()
        server.server_close()
        return
    shown = names[0] if _port_given(names[0]) else f"{names[0]}:{server.server_address[1]}"
    ready(f"http://{shown}/")
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        preview.stop()
        server.server_close()
        builder.join(timeout=60)


def _port_given(name: str) -> bool:
    return not name.endswith("]") and name.rsplit(":", 1)[-1].isdigit() and ":" in name
