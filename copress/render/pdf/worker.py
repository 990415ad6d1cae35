"""PDFs rendered in a second process, so a build uses two cores.

A build starts the worker as soon as it knows a PDF is wanted: the worker imports WeasyPrint
(most of a second) while this process reads and checks the sources, and it lays out each PDF
while this process writes the HTML, the DOCX and the other editions.

The worker is `python -m copress.render.pdf.worker`, started with subprocess and fed jobs over
a pipe, rather than a multiprocessing pool: a forked pool copies whatever threads the caller
runs (pandoc readers, Playwright in the tests), which can deadlock, and a spawned one runs the
caller's main module again. It renders with the same function, `render_pdf`, inside the same
sandbox; a CopressError raised there reaches the caller unchanged. Should the process not
start, `render` runs in this process.

Protocol (written here because no library does this small thing): each message is an 8-byte
big-endian length and a pickle; a job is ("render", render_pdf's arguments) or ("pages", (a
PDF's bytes,)), a reply ("ok", the PDF's bytes or its number of pages), ("error", CopressError)
or ("crash", traceback text).
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import BinaryIO

from ...errors import CopressError
from .weasy import render_pdf

_PACKAGE_PARENT = str(Path(__file__).resolve().parents[3])


def page_count(pdf: bytes) -> int:
    """The number of pages of a PDF given as bytes."""
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        return len(doc.pages)


JOBS = {"render": render_pdf, "pages": page_count}  # what the worker does, by a job's name


def _send(stream: BinaryIO, value) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(len(data).to_bytes(8, "big") + data)
    stream.flush()


def _receive(stream: BinaryIO):
    """The next message, or None at the end of the stream."""
    header = stream.read(8)
    if len(header) < 8:
        return None
    size = int.from_bytes(header, "big")
    data = stream.read(size)
    if len(data) < size:
        return None
    return pickle.loads(data)


class PdfWorker:
    """One worker process for a build's PDFs, rendering them in order; a context manager."""

    def __init__(self) -> None:
        self._process: subprocess.Popen | None = None
        self._calls: ThreadPoolExecutor | None = None  # waits on the pipe, one job at a time
        self._closed = False
        self._jobs = 0

    def warm(self) -> None:
        """Start the worker now (idempotent): it imports WeasyPrint while the caller works."""
        if self._process is not None or self._closed:
            return
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (_PACKAGE_PARENT, env.get("PYTHONPATH")) if p)
        try:
            self._process = subprocess.Popen(
                [sys.executable, "-m", "copress.render.pdf.worker"],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
        except OSError:  # no second process here: render inline
            self._closed = True
            return
        self._calls = ThreadPoolExecutor(max_workers=1, thread_name_prefix="copress-pdf")

    def render(self, html: str, base: Path, allowed: list[Path], source: str,
               stylesheets: list[Path | str] = ()) -> Future:
        """Queue a PDF; the Future's result is the PDF's bytes (or raises the CopressError).
        A stylesheet is a file's Path, or a str of CSS text copress generated."""
        job = (html, Path(base), [Path(p) for p in allowed], source,
               [p if isinstance(p, str) else Path(p) for p in stylesheets])
        self.warm()
        if self._calls is None:
            future: Future = Future()
            try:
                future.set_result(render_pdf(*job))
            except Exception as err:  # noqa: BLE001 - handed to the caller through the future
                future.set_exception(err)
            return future
        self._jobs += 1
        return self._calls.submit(self._call, ("render", job))

    def page_count(self, pdf: bytes) -> int:
        """The number of pages of `pdf`, counted by the worker when it runs: it has pikepdf
        loaded already, which this process would take tens of milliseconds to import."""
        calls = self._calls
        if calls is None:
            return page_count(pdf)
        try:
            return calls.submit(self._call, ("pages", (pdf,))).result()
        except RuntimeError:  # the worker stopped, or this pool was shut down
            return page_count(pdf)

    def _call(self, job: tuple):
        process = self._process
        try:
            _send(process.stdin, job)
            reply = _receive(process.stdout)
        except (BrokenPipeError, OSError):
            reply = None
        if reply is None:
            raise RuntimeError(f"the PDF worker stopped (exit status {process.poll()})")
        kind, value = reply
        if kind == "ok":
            return value
        if kind == "error":
            raise value
        raise RuntimeError(f"the PDF worker failed:\n{value}")

    def close(self, failed: bool = False) -> None:
        """Stop the worker: at once after a failure or if it was never given a PDF, otherwise
        when the PDFs queued so far are done."""
        self._closed = True
        process, calls = self._process, self._calls
        self._process = self._calls = None
        if process is None:
            return
        if failed or not self._jobs:
            process.kill()
        calls.shutdown(wait=True, cancel_futures=True)
        try:
            process.stdin.close()
        except OSError:
            pass
        process.wait()
        process.stdout.close()

    def __enter__(self) -> PdfWorker:
        return self

    def __exit__(self, kind, value, traceback) -> None:
        self.close(failed=kind is not None)


def serve() -> None:
    """The worker's loop: read a job, render it, reply; stop at the end of the input."""
    import signal
    import traceback

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it kills us
    replies = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # anything a library prints goes to stderr, never into the replies
    jobs = sys.stdin.buffer
    import weasyprint  # noqa: F401  (before the first job: this is the point of the worker)

    from . import fix_steps

    fix_steps()  # the fix modules and pikepdf too
    import gc

    gc.freeze()  # what was imported lives as long as the worker: no collection need scan it

    while (job := _receive(jobs)) is not None:
        try:
            name, args = job
            reply = ("ok", JOBS[name](*args))
        except CopressError as err:
            reply = ("error", err)
        except Exception:  # noqa: BLE001 - reported to the parent, which raises it
            reply = ("crash", traceback.format_exc())
        _send(replies, reply)
    replies.close()
    os._exit(0)  # the parent may be waiting: skip tearing down WeasyPrint's modules


if __name__ == "__main__":
    serve()
