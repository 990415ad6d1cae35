"""Benchmark: `copress serve`, from saving a chapter to the open page reloaded with the new text,
against the HTML-only build a user would otherwise run (`copress build html`).

Both sides by the harness in bench/common.py (alternating runs, ratio with its 95% interval),
each on its own committed copy of the sample:
- floor: a sentence appended to a chapter (untimed), then `copress build html -q`, a whole
  process, which rebuilds the article's web page incrementally;
- ours: `copress serve` running, the article open in Chromium (Playwright, Debian's
  /usr/bin/chromium or COPRESS_CHROMIUM); timed from writing the sentence to the page's `load`
  event after the reload the preview triggers, the new sentence checked in the page. Before
  each run (untimed) the preview finishes the PDFs of the last edit.
The goal is absolute: reloaded ≤ the HTML-only build + 0.4 s, so the difference of the medians
is printed too, with its own paired 95% interval. Only wall time means anything for `ours`: the
preview's work happens in a process this one does not wait for, so its CPU column is near zero.
Run: .venv/bin/python bench/serve.py [--max-runs 15].
"""

from __future__ import annotations

import argparse
import json
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from itertools import count

from common import Side, arguments, commands, compare, difference_interval
from sample import BIN, REPO, committed_copy, sample_project

CHAPTER = "manuscript/03-who-and-when.md"
GOAL_SECONDS = 0.4  # over the HTML-only build


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _status(port: int) -> dict:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/__copress/status", timeout=30) as answer:
        return json.load(answer)


def _wait_until_ready(port: int, server: subprocess.Popen, seconds: float = 600) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"copress serve stopped (exit status {server.returncode})")
        try:
            if _status(port)["state"] == "ready":
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit("copress serve did not finish building")


def main() -> None:
    from playwright.sync_api import sync_playwright

    from copress.checks.html_axe import CHROMIUM_ARGS, chromium_executable

    args = arguments(argparse.ArgumentParser(description=__doc__.splitlines()[0])).parse_args()
    work, served = sample_project("copress-bench-serve-")
    built = committed_copy(REPO, work / "built")
    copress = str(BIN / "copress")
    subprocess.run([copress, "build", "html", "-q", "-C", str(built)], check=True)
    port = _free_port()
    server = subprocess.Popen([copress, "serve", "-C", str(served), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    edits = count(1)

    def append(project, text: str) -> None:
        chapter = project / CHAPTER
        chapter.write_text(chapter.read_text(encoding="utf-8") + f"\n{text}\n", encoding="utf-8")

    try:
        _wait_until_ready(port, server)
        resolver = [a for a in CHROMIUM_ARGS if not a.startswith("--host-resolver-rules")]
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=chromium_executable() or "/usr/bin/chromium", headless=True,
                args=[*resolver, "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"])
            page = browser.new_page()
            with page.expect_response(lambda r: "/__copress/events" in r.url, timeout=60000):
                page.goto(f"http://127.0.0.1:{port}/article.html")

            def settle() -> None:  # the PDFs of the last edit are done; the page is listening
                _wait_until_ready(port, server)
                page.wait_for_load_state("load")

            def save_and_reload() -> None:
                marker = f"Preview edit number {next(edits)}."
                with page.expect_event("load", timeout=120000):
                    append(served, marker)
                if not page.evaluate("m => document.body.textContent.includes(m)", marker):
                    raise SystemExit("the page reloaded without the new sentence")

            floor = Side("copress build html after an edit",
                         commands([copress, "build", "html", "-q"], cwd=built),
                         prepare=lambda: append(built, f"Build edit number {next(edits)}."))
            ours = Side("copress serve: save → page reloaded", save_and_reload, prepare=settle)
            compare("copress serve, saving a chapter to the reloaded page, vs copress build html",
                    floor, ours, args)
            difference, low, high = difference_interval(ours.wall, floor.wall)
            verdict = "met" if high <= GOAL_SECONDS else "NOT met"
            print(f"  difference ours − floor, wall: {difference:+.2f} s  95% CI [{low:+.2f}, {high:+.2f}]"
                  f"  goal ≤ +{GOAL_SECONDS} s: {verdict} (upper end {high:+.2f})")
            browser.close()
    finally:
        server.send_signal(signal.SIGINT)  # as Ctrl-C: the preview stops its PDF worker too
        server.wait(timeout=120)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
