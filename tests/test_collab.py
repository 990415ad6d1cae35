"""Review packs and the live preview, for co-authors who never touch git."""

from __future__ import annotations

import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
import zipfile

import yaml

from conftest import BIN, ctrl_c_reaches, run_copress

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
        assert "Sharing power when we write together" in page and "/__copress/version" in page
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
