"""The preview server as an attacker meets it: private files, hidden folders and everything
outside the output folder stay out of reach however the path is spelt; only the loopback name
answers (DNS rebinding); every response carries the security headers; pages run only the
scripts their Content-Security-Policy names."""

from __future__ import annotations

import base64
import hashlib
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from email.message import Message
from pathlib import Path

import pytest

from conftest import BIN, copy_sample, ctrl_c_reaches, policy_watched_page

from copress.collab.preview_guard import host_allowed, request_segments

PRIVATE_CANARY = "CanaryPrivateRecognition-7Hq2"
STAGING_CANARY = "CanaryStagingFolder-Lx91"
OUTSIDE_CANARY = "CanaryOutsideOutput-Pw44"
DOTFILE_CANARY = "CanaryDotfile-Vb03"
PUBLIC_CANARY = "PublicMarker-Qz58"
CANARIES = (PRIVATE_CANARY, STAGING_CANARY, OUTSIDE_CANARY, DOTFILE_CANARY)
OWN_SCRIPT = 'document.documentElement.dataset.ownScript = "ran";'
ROGUE_SCRIPT = 'document.documentElement.dataset.rogueScript = "ran";'
SECURITY_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
                    "Cross-Origin-Resource-Policy": "same-origin", "X-Frame-Options": "DENY"}


@dataclass
class Preview:
    port: int
    build: Path


@dataclass
class Answer:
    status: int
    headers: Message
    body: str


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _request(port: int, path: str, host: str | None = None, method: str = "GET",
             extra_hosts: tuple[str, ...] = (), no_host: bool = False) -> Answer:
    """One raw HTTP request: the path is sent exactly as given; the Host header is `host`
    (by default 127.0.0.1:PORT), or missing with `no_host`."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        hosts = [] if no_host else [f"127.0.0.1:{port}" if host is None else host]
        for value in [*hosts, *extra_hosts]:
            connection.putheader("Host", value)
        connection.endheaders()
        response = connection.getresponse()
        return Answer(response.status, response.headers, response.read().decode("utf-8", "replace"))
    finally:
        connection.close()


def _wait_until_serving(server: subprocess.Popen, port: int) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"copress serve stopped:\n{server.stderr.read()}")
        try:
            if _request(port, "/article.html").status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError("copress serve did not answer")


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    """`copress serve` on the sample, its output folder being the project's build/ itself, so
    that build/private/ and staging folders sit right inside what it serves."""
    project = copy_sample(tmp_path_factory.mktemp("serve-security") / "project")
    build, port = project / "build", _free_port()
    server = subprocess.Popen([str(BIN / "copress"), "serve", "-C", str(project), "-o", str(build),
                               "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, preexec_fn=ctrl_c_reaches)
    try:
        _wait_until_serving(server, port)  # the first build is done before the server answers
        # and the PDFs after it, whose build would clear the stale staging planted below
        deadline = time.monotonic() + 300
        while json.loads(_request(port, "/__copress/status").body)["state"] != "ready":
            assert time.monotonic() < deadline, "the PDFs were not built"
            time.sleep(0.5)
        (build / "private/recognition.csv").write_text(f"name,amount\n{PRIVATE_CANARY},100\n")
        for staging in (build / ".copress-x/private", build / "private/staging"):
            staging.mkdir(parents=True, exist_ok=True)
            (staging / "recognition.csv").write_text(STAGING_CANARY)
            (staging / "article.html").write_text(f"<html><body>{STAGING_CANARY}</body></html>")
        (project / "outside.txt").write_text(OUTSIDE_CANARY)
        (build / ".env").write_text(DOTFILE_CANARY)
        (build / "credit/.hidden.csv").write_text(DOTFILE_CANARY)
        (build / "public-marker.txt").write_text(PUBLIC_CANARY)
        os.symlink(build / "private", build / "public-link")
        os.symlink(project / "outside.txt", build / "outside-link.txt")
        (build / "with-index").mkdir()
        (build / "with-index/index.html").write_text(
            "<!DOCTYPE html><html lang=\"en\"><head><title>Index</title></head><body>"
            f"<p>{PUBLIC_CANARY}</p></body></html>")
        digest = base64.b64encode(hashlib.sha256(OWN_SCRIPT.encode()).digest()).decode()
        (build / "own-scripts.html").write_text(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
            f"script-src 'sha256-{digest}'; connect-src 'none'\"><title>Own scripts</title></head>"
            f"<body><p>A page with its own script.</p><script>{OWN_SCRIPT}</script>"
            f"<script>{ROGUE_SCRIPT}</script></body></html>")
        yield Preview(port, build)
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


REFUSED_PATHS = [
    "/private/recognition.csv",
    "/%70rivate/recognition.csv",
    "/%2570rivate/recognition.csv",
    "/%252570rivate/recognition.csv",
    "/PRIVATE/recognition.csv",
    "/Private/Recognition.csv",
    "/./private/recognition.csv",
    "/x/../private/recognition.csv",
    "/credit/%2e%2e/private/recognition.csv",
    "//private/recognition.csv",
    "/private//recognition.csv",
    "/private%2frecognition.csv",
    "/private%2Frecognition.csv",
    "/private/recognition.csv?download=1",
    "/private/recognition.csv#top",
    "/\\private\\recognition.csv",
    "/private\\recognition.csv",
    "/%5cprivate%5crecognition.csv",
    "/private/staging/recognition.csv",
    "/private/staging/article.html",
    "/.copress-x/private/recognition.csv",
    "/%2ecopress-x/private/recognition.csv",
    "/%252ecopress-x/private/article.html",
    "/public-link/recognition.csv",
    "/%2e%2e/outside.txt",
    "/%2E%2E/outside.txt",
    "/..%2foutside.txt",
    "/%2e%2e%2foutside.txt",
    "/%252e%252e/outside.txt",
    "/%252e%252e%252foutside.txt",
    "/..\\outside.txt",
    "/%2e%2e%5coutside.txt",
    "/credit/../../outside.txt",
    "/%2e%2e/build/private/recognition.csv",
    "/outside-link.txt",
    "/.env",
    "/credit/.hidden.csv",
    "/private/recognition.csv%00.html",
    "http://127.0.0.1/private/recognition.csv",
]


@pytest.mark.parametrize("path", REFUSED_PATHS)
def test_private_hidden_and_outside_files_are_refused_however_the_path_is_spelt(preview, path):
    answer = _request(preview.port, path)
    assert answer.status == 404, (path, answer.status)
    assert answer.body == "Not found.\n"  # the same answer for all: nothing to tell them apart
    for canary in CANARIES:
        assert canary not in answer.body


@pytest.mark.parametrize("path", ["/public-marker.txt", "/%70ublic-marker.txt",
                                  "/credit/../public-marker.txt", "/x/%2e%2e/public-marker.txt",
                                  "/with-index/", "/with-index/index.html?x=1"])
def test_public_files_are_still_served_after_decoding(preview, path):
    answer = _request(preview.port, path)
    assert answer.status == 200 and PUBLIC_CANARY in answer.body


@pytest.mark.parametrize("host", ["evil.example:{port}", "EVIL.example:{port}", "evil.example",
                                  "127.0.0.1.nip.io:{port}", "localhost.:{port}", "localhost",
                                  "127.0.0.1", "127.0.0.1:{other}", "localhost:{other}", "", None])
def test_other_host_names_are_refused_to_defeat_dns_rebinding(preview, host):
    value = None if host is None else host.format(port=preview.port, other=preview.port + 1)
    for path in ("/public-marker.txt", "/private/recognition.csv", "/__copress/version",
                 "/__copress/events", "/"):
        answer = _request(preview.port, path, host=value, no_host=host is None)
        assert answer.status == 403, (value, path, answer.status)
        assert "answers only to 127.0.0.1, localhost or [::1]" in answer.body
        for canary in (*CANARIES, PUBLIC_CANARY):
            assert canary not in answer.body


def test_two_host_headers_are_refused(preview):
    answer = _request(preview.port, "/public-marker.txt",
                      extra_hosts=(f"evil.example:{preview.port}",))
    assert answer.status == 403 and PUBLIC_CANARY not in answer.body


@pytest.mark.parametrize("host", ["localhost:{port}", "LocalHost:{port}", "127.0.0.1:{port}",
                                  "[::1]:{port}"])
def test_the_loopback_names_on_its_own_port_are_accepted(preview, host):
    answer = _request(preview.port, "/public-marker.txt", host=host.format(port=preview.port))
    assert answer.status == 200 and PUBLIC_CANARY in answer.body


def test_a_folder_without_index_is_not_listed(preview):
    answer = _request(preview.port, "/credit/")
    assert answer.status == 404 and answer.body == "Not found.\n"
    assert "ledger.json" not in answer.body and "contributions" not in answer.body
    redirect = _request(preview.port, "/credit")
    assert redirect.status == 301 and redirect.headers["Location"] == "/credit/"
    assert "ledger.json" not in redirect.body


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "OPTIONS", "PROPFIND"])
def test_only_get_and_head_are_served(preview, method):
    answer = _request(preview.port, "/public-marker.txt", method=method)
    assert answer.status in (405, 501) and PUBLIC_CANARY not in answer.body
    assert answer.headers["Allow"] == "GET, HEAD"


def test_head_answers_like_get_without_a_body(preview):
    got, head = _request(preview.port, "/public-marker.txt"), _request(preview.port, "/public-marker.txt",
                                                                       method="HEAD")
    assert head.status == 200 and head.body == ""
    assert head.headers["Content-Length"] == got.headers["Content-Length"] == str(len(PUBLIC_CANARY))
    assert _request(preview.port, "/private/recognition.csv", method="HEAD").status == 404


@pytest.mark.parametrize("path,host,status", [
    ("/article.html", None, 200), ("/public-marker.txt", None, 200),
    ("/__copress/version", None, 200), ("/private/recognition.csv", None, 404), ("/credit", None, 301),
    ("/article.html", "evil.example:1", 403)])
def test_every_response_carries_the_security_headers(preview, path, host, status):
    answer = _request(preview.port, path, host=host)
    assert answer.status == status
    for name, value in SECURITY_HEADERS.items():
        assert answer.headers[name] == value, name
    assert "frame-ancestors 'none'" in answer.headers["Content-Security-Policy"]
    if status != 200 or not path.endswith(".html"):
        assert "script-src 'none'" in answer.headers["Content-Security-Policy"]


def _nonce(answer: Answer) -> str:
    policy = answer.headers["Content-Security-Policy"]
    assert policy.startswith("default-src 'none'; img-src data: 'self'; style-src 'unsafe-inline'; "
                             "font-src data:; script-src 'nonce-")
    assert policy.endswith("; connect-src 'self'; base-uri 'none'; form-action 'none'; "
                           "frame-ancestors 'none'")
    return re.search(r"script-src 'nonce-([A-Za-z0-9_-]+)'", policy)[1]


def test_the_article_page_has_a_csp_whose_nonce_the_reload_script_carries(preview):
    first, second = _request(preview.port, "/article.html"), _request(preview.port, "/")
    assert "Sharing power when we write together" in first.body
    nonce = _nonce(first)
    assert f'<script nonce="{nonce}">' in first.body and "/__copress/events" in first.body
    assert len(nonce) >= 16 and _nonce(second) != nonce  # a fresh nonce for every response


def test_a_pages_own_script_hashes_move_into_the_header(preview):
    answer = _request(preview.port, "/own-scripts.html")
    digest = base64.b64encode(hashlib.sha256(OWN_SCRIPT.encode()).digest()).decode()
    assert f"script-src 'nonce-{_nonce(answer)}' 'sha256-{digest}';" in answer.headers[
        "Content-Security-Policy"]
    # left in the page it would block the reload script, whose nonce it cannot know
    assert 'http-equiv="Content-Security-Policy"' not in answer.body


def test_pages_run_in_chromium_with_their_own_and_the_reload_script_and_nothing_else(
        preview, loopback_browser):
    page, messages = policy_watched_page(loopback_browser)
    base = f"http://127.0.0.1:{preview.port}/"

    def reloads(response):  # the reload script is listening for rebuilds
        return (response.url.startswith(base + "__copress/events?since=") and response.status == 200
                and response.headers["content-type"].startswith("text/event-stream"))

    with page.expect_response(reloads, timeout=20000):
        page.goto(base + "article.html")
    assert "Sharing power when we write together" in page.title() + page.content()
    assert page.evaluate("window.__violations") == []
    assert not [text for text in messages if "Content Security Policy" in text], messages

    messages.clear()
    with page.expect_response(reloads, timeout=20000):
        page.goto(base + "own-scripts.html")
    assert page.evaluate("document.documentElement.dataset.ownScript") == "ran"
    # the control: a script neither hashed nor nonce'd is blocked, and the browser says so
    assert page.evaluate("document.documentElement.dataset.rogueScript") is None
    assert page.evaluate("window.__violations") == ["script-src-elem"]
    assert any("Content Security Policy" in text for text in messages), messages
    page.close()


@pytest.mark.parametrize("target", ["/%EF%BD%90rivate/recognition.csv", "/private./x",
                                    "/PRIVATE%20/x", "/%C0%AE%C0%AE/outside.txt",
                                    "/%25%32%35%37%30rivate/x", "/%" + "25" * 8 + "70rivate", "*",
                                    "/a%0d%0aSet-Cookie:x"])
def test_paths_a_case_insensitive_or_lenient_file_system_might_map_to_private_are_refused(target):
    assert request_segments(target) is None


def test_the_port_may_be_left_out_only_on_port_80():
    assert host_allowed(["localhost"], 80) and host_allowed(["[::1]:80"], 80)
    assert not host_allowed(["localhost"], 8642) and not host_allowed([], 8642)


def test_the_event_stream_carries_the_security_headers_and_says_what_was_rebuilt(preview):
    connection = http.client.HTTPConnection("127.0.0.1", preview.port, timeout=20)
    try:
        connection.putrequest("GET", "/__copress/events?since=0", skip_host=True)
        connection.putheader("Host", f"127.0.0.1:{preview.port}")
        connection.endheaders()
        response = connection.getresponse()
        assert response.status == 200
        assert response.headers["Content-Type"] == "text/event-stream; charset=utf-8"
        for name, value in SECURITY_HEADERS.items():
            assert response.headers[name] == value, name
        assert "script-src 'none'" in response.headers["Content-Security-Policy"]
        lines = [response.fp.readline().decode() for _ in range(4)]
    finally:
        connection.close()
    assert lines[0] == "retry: 1000\n" and lines[2] == "event: rebuilt\n"
    news = json.loads(lines[3].removeprefix("data: "))
    assert "/article.html" in news["rewritten"] and "/article.pdf" in news["rewritten"]
    assert not [path for path in news["rewritten"] if "private" in path.lower()]


def test_a_pdf_is_served_inline_for_the_browsers_viewer_with_no_script(preview):
    answer = _request(preview.port, "/article.pdf")
    assert answer.status == 200 and answer.headers["Content-Type"] == "application/pdf"
    assert answer.headers["Content-Disposition"] == 'inline; filename="article.pdf"'
    policy = answer.headers["Content-Security-Policy"]
    assert "script-src 'none'" in policy and "frame-ancestors 'none'" in policy
    for name, value in SECURITY_HEADERS.items():
        assert answer.headers[name] == value, name


@pytest.mark.fast
def test_listed_host_names_replace_the_loopback_ones():
    names = ("localhost", "preview.test", "preview.test:9000")
    assert host_allowed(["preview.test:8642"], 8642, names)
    assert host_allowed(["Preview.Test:9000"], 8642, names)  # published under another port
    assert host_allowed(["localhost:8642"], 8642, names)
    assert not host_allowed(["127.0.0.1:8642"], 8642, names)  # not listed
    assert not host_allowed(["preview.test:9001"], 8642, names)
    assert not host_allowed(["preview.test"], 8642, names)
    assert not host_allowed(["evil.example:8642"], 8642, names)
