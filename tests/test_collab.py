"""Review packs and the live preview, for co-authors who never touch git."""

from __future__ import annotations

import http.client
import io
import json
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from pdfminer.high_level import extract_text

from conftest import BIN, copy_sample, ctrl_c_reaches, policy_watched_page, run_copress

# Ctrl-C lets a rebuild in progress finish first; on a loaded machine that can take a while.
STOP_SECONDS = 90


def test_review_pack_holds_one_contributors_private_details_only(project):
    ids = [p.stem for p in (project / "contributors").glob("*.yaml") if not p.name.endswith(".private.yaml")]
    for cid in ids:  # private values live in each person's side file
        side = project / "contributors" / f"{cid}.private.yaml"
        data = (yaml.safe_load(side.read_text()) if side.exists() else None) or {}
        data["private"] = {"canary": f"CanaryOf-{cid}-Zq"}
        side.write_text(yaml.safe_dump(data, allow_unicode=True))
    result = run_copress("review-pack", "sam-rivers", "-C", str(project))
    assert result.returncode == 0, result.stderr
    folder = project / "build/private/review/sam-rivers"
    names = sorted(p.name for p in folder.iterdir())
    assert {"article.pdf", "article.docx", "your-credit.html", "how-to-comment.html"} <= set(names)
    texts = {}
    with zipfile.ZipFile(folder.parent / "sam-rivers.zip") as archive:
        assert sorted(n.split("/", 1)[1] for n in archive.namelist()) == names
        for name in archive.namelist():
            texts[name] = archive.read(name).decode("latin-1")
    everything = "".join(texts.values())
    assert "CanaryOf-sam-rivers-Zq" in texts["sam-rivers/your-credit.html"]
    others = [cid for cid in ids if cid != "sam-rivers"]
    for other in others:
        assert f"CanaryOf-{other}-Zq" not in everything
    credit = (folder / "your-credit.md").read_text()
    assert "Your name will appear as: **Sam Rivers**" in credit
    assert "Writing – review & editing (equal)" in credit


def test_review_pack_for_an_unknown_contributor(project):
    result = run_copress("review-pack", "nobody", "-C", str(project))
    assert result.returncode == 2 and "no contributor 'nobody'" in result.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def _wait_for(predicate, seconds: float = 90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except (urllib.error.URLError, ConnectionError):
            pass
        time.sleep(0.3)
    raise AssertionError("timed out")


def test_serve_rebuilds_on_change_shows_errors_and_listens_on_loopback_only(project):
    port = _free_port()
    server = subprocess.Popen([str(BIN / "copress"), "serve", "-C", str(project), "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              preexec_fn=ctrl_c_reaches)
    try:
        base = f"http://127.0.0.1:{port}/"
        page = _wait_for(lambda: _get(base + "article.html"))
        assert "Sharing power when we write together" in page and "/__copress/events" in page
        # nothing listens on any other address of this machine
        others = subprocess.run(["hostname", "-I"], capture_output=True, text=True).stdout.split()
        for address in others:
            with socket.socket(socket.AF_INET6 if ":" in address else socket.AF_INET) as s:
                s.settimeout(2)
                assert s.connect_ex((address, port)) != 0, address
        source = project / "manuscript/02-background.md"
        source.write_text(source.read_text() + "\nA sentence added while the preview runs.\n")
        _wait_for(lambda: "A sentence added while the preview runs." in _get(base + "article.html"))
        source.write_text(source.read_text() + "\nSee [@nobody2099].\n")
        error = _wait_for(lambda: (p := _get(base + "article.html")) and "could not be built" in p and p)
        assert "unknown citation key" in error and "02-background.md" in error
        assert str(project) not in error and str(project.parent) not in error  # no absolute path
        assert not (project / "build/preview/article.html").read_text().count("nobody2099")
    except AssertionError as failure:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=STOP_SECONDS)
        raise AssertionError(f"{failure}; the server said:\n{server.stderr.read()}") from None
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGINT)
        code = server.wait(timeout=STOP_SECONDS)
    assert code == 0, server.stderr.read()


# --- the preview of every edition, shared by the tests below ------------------------------

EDITION_LINKS = ("article.html", "article.pdf", "easy-read.html", "easy-read.pdf",
                 "resource-guide.html", "resource-guide.pdf", "course/index.html",
                 "credit/contributions.html")


@dataclass
class Live:
    project: Path
    port: int
    said: list[str] = field(default_factory=list)  # what the terminal printed, line by line

    def request(self, path: str, host: str | None = None) -> tuple[int, dict, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
        try:
            connection.request("GET", path, headers={"Host": host or f"127.0.0.1:{self.port}"})
            response = connection.getresponse()
            return response.status, dict(response.headers), response.read()
        finally:
            connection.close()

    def status(self) -> dict:
        return json.loads(self.request("/__copress/status")[2])

    def wait_until_ready(self, after: int = 0) -> dict:
        return _wait_for(lambda: (s := self.status())["state"] == "ready" and s["version"] > after and s)


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """`copress serve` on the sample, listening on every address but answering only to the
    names it was given, with every edition built (PDFs included) before the tests start."""
    project = copy_sample(tmp_path_factory.mktemp("live") / "project")
    preview = Live(project, _free_port())
    server = subprocess.Popen(
        [str(BIN / "copress"), "serve", "-C", str(project), "--port", str(preview.port),
         "--bind", "0.0.0.0", "--host", "127.0.0.1", "--host", "preview.test"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, preexec_fn=ctrl_c_reaches)
    reader = threading.Thread(target=lambda: preview.said.extend(iter(server.stdout.readline, "")),
                              daemon=True)
    reader.start()
    try:
        preview.wait_until_ready()
        yield preview
    finally:
        server.send_signal(signal.SIGINT)
        code = server.wait(timeout=STOP_SECONDS)
        reader.join(timeout=10)
    assert code == 0, "".join(preview.said)


def test_the_preview_index_links_every_edition_and_the_pdfs_open_inline(live):
    status, headers, body = live.request("/")
    assert status == 200
    for name in EDITION_LINKS:
        assert f'href="/{name}"' in body.decode(), name
    status, headers, pdf = live.request("/article.pdf")
    assert status == 200 and pdf.startswith(b"%PDF-")
    assert headers["Content-Type"] == "application/pdf"
    assert headers["Content-Disposition"] == 'inline; filename="article.pdf"'


def test_saving_a_chapter_reloads_the_open_page_then_rebuilds_the_pdf(live, loopback_browser):
    page, messages = policy_watched_page(loopback_browser)
    with page.expect_response(lambda r: "/__copress/events" in r.url, timeout=60000) as stream:
        page.goto(f"http://127.0.0.1:{live.port}/article.html")  # the page listens for rebuilds
    assert stream.value.status == 200
    assert stream.value.headers["content-type"].startswith("text/event-stream")
    before = live.status()["version"]
    chapter = live.project / "manuscript/02-background.md"
    chapter.write_text(chapter.read_text() + "\nA sentence saved while the page is open.\n")
    page.get_by_text("A sentence saved while the page is open.").wait_for(timeout=60000)
    assert page.evaluate("window.__violations") == []
    assert not [text for text in messages if "Content Security Policy" in text], messages
    page.close()
    live.wait_until_ready(after=before)  # the PDFs follow the web pages
    status, headers, pdf = live.request("/article.pdf")
    assert status == 200 and headers["Content-Type"] == "application/pdf"
    assert "A sentence saved while the page is open." in " ".join(extract_text(io.BytesIO(pdf)).split())
    said = "".join(live.said)
    assert "saw a change to manuscript/02-background.md" in said
    html_line = next(line for line in live.said[::-1] if "rebuilt article.html" in line)
    pdf_line = next(line for line in live.said[::-1] if "rebuilt article.pdf" in line)
    assert live.said.index(html_line) < live.said.index(pdf_line)  # the web page first
    assert "resource-guide.pdf" not in said[said.index("saw a change"):]  # only what it affects


def test_a_preview_bound_beyond_loopback_answers_only_to_the_listed_names(live):
    assert live.request("/", host=f"preview.test:{live.port}")[0] == 200
    for host in (f"localhost:{live.port}", f"evil.example:{live.port}", "preview.test",
                 f"preview.test:{live.port + 1}"):
        status, _, body = live.request("/article.html", host=host)
        assert status == 403, host
        assert body.decode() == "This preview answers only to 127.0.0.1 or preview.test on its own port.\n"
    addresses = subprocess.run(["hostname", "-I"], capture_output=True, text=True).stdout.split()
    for address in [a for a in addresses if ":" not in a][:1]:  # listening beyond loopback
        connection = http.client.HTTPConnection(address, live.port, timeout=10)
        connection.request("GET", "/", headers={"Host": f"preview.test:{live.port}"})
        assert connection.getresponse().status == 200
        connection.close()


@pytest.mark.fast
@pytest.mark.parametrize("args,message", [
    (["--bind", "0.0.0.0"], "listening on 0.0.0.0 makes the preview reachable beyond this machine"),
    (["--bind", "myhost"], "--bind takes an IP address"),
    (["--bind", "0.0.0.0", "--host", "my host"], "--host 'my host': a host name is letters"),
])
def test_serve_refuses_to_listen_beyond_loopback_without_its_host_names(tmp_path, args, message):
    result = run_copress("serve", "-C", str(tmp_path), *args)
    assert result.returncode == 2 and message in result.stderr, result.stderr
