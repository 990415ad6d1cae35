"""The PDF worker process: same bytes as rendering in this process, errors intact, no leftovers."""

from __future__ import annotations

import os
import pickle
import signal
import subprocess
import time
from pathlib import Path

import pytest
from conftest import BIN, ctrl_c_reaches

from copress.errors import CopressError
from copress.render.pdf import render_pdf
from copress.render.pdf.worker import PdfWorker

PAGE = ('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Worker</title></head>'
        '<body><h1>Worker</h1><p>Read <a href="https://example.org/">the example</a>.</p></body></html>')


def test_copress_error_survives_pickling_with_every_field():
    err = CopressError("bad thing", "manuscript/x.md", 7, hint="do this")
    back = pickle.loads(pickle.dumps(err))
    assert (back.message, back.file, back.line, back.hint) == ("bad thing", "manuscript/x.md", 7, "do this")


def test_worker_renders_the_same_bytes_as_this_process(tmp_path):
    with PdfWorker() as worker:
        first = worker.render(PAGE, tmp_path, [tmp_path], "page.md")
        second = worker.render(PAGE.replace("Worker</h1>", "Second</h1>"), tmp_path, [tmp_path], "page.md")
        ours, theirs = first.result(timeout=120), second.result(timeout=120)
        pid = worker._process.pid
    assert theirs.startswith(b"%PDF") and ours != theirs  # in order, one reply per job
    assert ours == render_pdf(PAGE, tmp_path, [tmp_path], "page.md")
    with pytest.raises(ProcessLookupError):  # the worker has exited
        os.kill(pid, 0)


def test_the_worker_counts_pages_so_the_build_need_not_import_pikepdf(tmp_path):
    three = PAGE.replace("</body>", '<p style="break-before: page">On.</p>' * 2 + "</body>")
    with PdfWorker() as worker:
        pdf = worker.render(three, tmp_path, [tmp_path], "page.md").result(timeout=120)
        # the job itself, which would raise if the worker could not count (no local fallback)
        in_worker = worker._calls.submit(worker._call, ("pages", (pdf,))).result(timeout=60)
        assert worker.page_count(pdf) == in_worker == 3
    assert PdfWorker().page_count(pdf) == 3  # no worker running: counted in this process


def test_a_refused_file_comes_back_as_the_same_error(tmp_path):
    page = PAGE.replace("<h1>", '<img src="file:///etc/hostname" alt="host"><h1>')
    with PdfWorker() as worker:
        future = worker.render(page, tmp_path, [tmp_path], "manuscript/")
        with pytest.raises(CopressError) as caught:
            future.result(timeout=120)
    assert caught.value.file == "manuscript/"
    assert "file:///etc/hostname" in caught.value.message and "outside the project" in caught.value.message
    assert caught.value.hint and "copy the file into the project" in caught.value.hint


def test_a_failed_build_stops_the_worker_at_once(tmp_path):
    big = PAGE.replace("</body>", "<p>Words and more words.</p>" * 20000 + "</body>")
    started = time.monotonic()
    with pytest.raises(CopressError):
        with PdfWorker() as worker:
            worker.render(big, tmp_path, [tmp_path], "page.md")
            process = worker._process
            raise CopressError("something else went wrong")
    assert process.poll() is not None  # killed, not left rendering a PDF nobody wants
    assert time.monotonic() - started < 20


def _children(pid: int) -> list[int]:
    """Processes whose parent is `pid` (read from /proc)."""
    kids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            kids.append(int(stat.parent.name))
    return kids


def _is_worker(pid: int) -> bool:
    try:
        return b"copress.render.pdf.worker" in (Path("/proc") / str(pid) / "cmdline").read_bytes()
    except OSError:
        return False


def test_ctrl_c_stops_a_build_and_its_worker(project):
    build = subprocess.Popen([str(BIN / "copress"), "build", "guide", "-q", "-C", str(project)],
                             start_new_session=True, stderr=subprocess.PIPE, text=True,
                             preexec_fn=ctrl_c_reaches)
    deadline = time.monotonic() + 60
    workers: list[int] = []
    while not workers and time.monotonic() < deadline:
        workers = [pid for pid in _children(build.pid) if _is_worker(pid)]
        time.sleep(0.05)
    assert workers, "no PDF worker started"
    # Soon after the worker starts (it starts only once the build knows a PDF is stale, so
    # loading WeasyPrint and rendering the guide take the few seconds left): interrupt then.
    time.sleep(0.3)
    os.killpg(build.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
    code = build.wait(timeout=30)
    stderr = build.stderr.read()
    assert code != 0 and "Traceback" not in stderr
    time.sleep(0.5)
    assert not any(_is_worker(pid) for pid in workers), "the worker outlived the build"
    assert not (project / "build/resource-guide.pdf").exists()
