"""The PDF worker process: same bytes as rendering in this process, errors intact, no leftovers."""

from __future__ import annotations

import os
import pickle
import time

import pytest

from copress.errors import CopressError
from copress.render.pdf import render_pdf
from copress.render.pdf_worker import PdfWorker

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
