"""What `copress serve` rebuilds and when: the web pages first, the PDFs after, by the
incremental build, with one PDF worker kept warm for the server's life; and the news of each
rebuild, which the open pages hear through Server-Sent Events (copress/collab/serve.py)."""

from __future__ import annotations

import threading
import time
from concurrent.futures import Future
from pathlib import Path
from typing import Callable

from ..errors import CopressError
from ..render.pdf.worker import PdfWorker
from .preview_guard import is_hidden

# Two passes of the incremental build, each rebuilding only what the change affects: the
# article's web page, its GRIPP2 page and the credit page first, so an open page reloads in
# about the time of `copress build html`; then everything else — the PDFs, DOCX, JATS and the
# other editions — while the reader is already looking at the new page.
PHASES = (("web pages", ["html", "gripp2", "credit"]), ("PDFs and other editions", ["all"]))
WATCHED = ("manuscript", "contributors", "templates", "copress.yaml", ".mailmap")
# How many rebuilds a page that reconnects late can catch up on.
KEPT_NEWS = 50


class LastingWorker(PdfWorker):
    """The server's one PDF worker. `build()` closes the worker it is handed when the build
    ends; this one stays open, and is stopped only when a failed build leaves a PDF half made
    (the server then starts another) or the server stops."""

    def __init__(self) -> None:
        super().__init__()
        self.futures: list[Future] = []
        self.spent = False  # stopped after a failed build: the server starts another

    def render(self, *args, **kwargs) -> Future:
        future = super().render(*args, **kwargs)
        self.futures = [f for f in self.futures if not f.done()] + [future]
        return future

    @property
    def busy(self) -> bool:
        return any(not future.done() for future in self.futures)

    def __exit__(self, kind, value, traceback) -> None:
        if kind is not None and self.busy:
            self.spent = True
            self.close(failed=True)


class Preview:
    """The state the builder, the watcher and the HTTP handler share: the outputs' version
    (one more after each pass), the error of the last pass, and what each pass rewrote."""

    def __init__(self, root: Path, out: Path, say: Callable[[str, str], None]):
        self.root, self.out, self.say = root, out, say
        # Counted from the clock, not from 0: a page left open while the server restarted asks
        # for what it missed since a version this server never had, and reloads.
        self.first = self.version = time.time_ns() // 1_000_000
        self.error: str | None = None
        self.state = "building"  # "building", "pdfs" (web pages ready, PDFs following), "ready"
        self.news: dict[int, list[str]] = {}  # version → URL paths it rewrote
        self.changed = threading.Condition()
        self.wanted = threading.Event()  # a change is waiting to be rebuilt
        self.stopping = threading.Event()
        self.worker = LastingWorker()

    # --- what the pages read -------------------------------------------------------------
    def snapshot(self) -> tuple[int, str | None, str]:
        with self.changed:
            return self.version, self.error, self.state

    def rewritten_since(self, version: int) -> list[str]:
        with self.changed:
            paths = {p for v, news in self.news.items() if v > version for p in news}
            if version < min(self.news, default=self.first + 1) - 1:
                paths.add("*")  # too far behind to know: every page reloads
            return sorted(paths)

    def wait_for_news(self, version: int, timeout: float) -> int:
        with self.changed:
            self.changed.wait_for(lambda: self.version != version or self.stopping.is_set(), timeout)
            return self.version

    def _publish(self, written: list[Path], error: str | None, state: str) -> None:
        with self.changed:
            self.version += 1
            self.error, self.state = error, state
            self.news[self.version] = public_paths(written, self.out)
            self.news.pop(self.version - KEPT_NEWS, None)
            self.changed.notify_all()

    # --- the builder ---------------------------------------------------------------------
    def run(self) -> None:
        """The builder thread: rebuild each time a change is waiting, until the server stops."""
        self.worker.warm()  # WeasyPrint loads on the other core while the web pages build
        while not self.stopping.is_set():
            if self.wanted.wait(0.2):
                self.wanted.clear()
                self.rebuild()

    def rebuild(self) -> None:
        from ..project import Project

        for number, (label, targets) in enumerate(PHASES):
            if number and self.wanted.is_set():
                return  # a newer change: its web pages come first, then these PDFs
            started = time.monotonic()
            if number:
                self.say("info", f"making the {label}…")
            rewritten: list[Path] = []
            try:
                from ..build import build

                rewritten = build(Project.load(self.root), targets, self.out, pdf=self.worker,
                                  notice=self._notice)
            except CopressError as err:
                return self._failed(self.public_error(err))
            except Exception as err:  # noqa: BLE001 - a copress bug: say so, and keep watching
                if self.stopping.is_set():
                    return
                import traceback

                traceback.print_exc()
                self.worker.spent = True  # it may be what failed: start afresh
                return self._failed(f"copress failed unexpectedly ({type(err).__name__}). This is a "
                                    "bug in copress, not in your files: please report it.")
            last = number == len(PHASES) - 1
            self._publish(rewritten, None, "ready" if last else "pdfs")
            names = [name for name in public_paths(rewritten, self.out) if _shown(name)]
            done = f"in {time.monotonic() - started:.1f} s"
            self.say("rebuilt", (f"rebuilt {', '.join(n.lstrip('/') for n in names)} {done}" if names
                                 else f"the {label} were up to date ({done})"))

    def _failed(self, error: str) -> None:
        if self.stopping.is_set():
            return
        if self.worker.spent:
            self.worker.close(failed=True)
            self.worker = LastingWorker()
            self.worker.warm()
        self._publish([], error, "ready")
        self.say("error", error)

    def _notice(self, kind: str, text: str) -> None:
        if kind in ("warning", "skipped"):
            self.say(kind, self.withhold_paths(text))

    def public_error(self, err: CopressError) -> str:
        """The error as the page and the terminal show it: file names relative to the project,
        no absolute path of this machine (the message itself never holds a private value)."""
        file = err.file
        if file is not None:
            path = Path(file)
            if path.is_absolute() and path.resolve().is_relative_to(self.root.resolve()):
                file = path.resolve().relative_to(self.root.resolve()).as_posix()
        return self.withhold_paths(str(CopressError(err.message, file, err.line, err.hint)))

    def withhold_paths(self, text: str) -> str:
        for folder, shown in ((self.out, "the preview folder"), (self.root.resolve(), ""),
                              (self.root, ""), (Path.home(), "~")):
            if len(folder.parts) < 2:
                continue  # "/" as a home folder: nothing to withhold, everything to garble
            text = text.replace(f"{folder}/", f"{shown}/" if shown else "").replace(str(folder), shown or ".")
        return text

    # --- the watcher ---------------------------------------------------------------------
    def watch(self, watching: threading.Event) -> None:
        """Ask for a rebuild on every change; set `watching` once changes are being recorded
        (the first, possibly empty, batch comes back within rust_timeout of the watch's start)."""
        from watchfiles import watch

        paths = [str(self.root / name) for name in WATCHED if (self.root / name).exists()]
        try:
            for changes in watch(*paths, stop_event=self.stopping, debounce=300, step=50,
                                 rust_timeout=200, yield_on_timeout=True):
                watching.set()
                names = sorted({self._project_name(path) for _, path in changes})
                if names:
                    more = f" and {len(names) - 3} more" if len(names) > 3 else ""
                    self.say("info", f"saw a change to {', '.join(names[:3])}{more}: rebuilding")
                    self.wanted.set()
        finally:
            watching.set()  # never leave serve() waiting

    def _project_name(self, path: str) -> str:
        try:
            return Path(path).relative_to(self.root).as_posix()
        except ValueError:
            return Path(path).name

    def stop(self) -> None:
        """Stop watching and building: the PDF worker is stopped at once, a pass in progress
        fails quietly, and its staged outputs are discarded."""
        self.stopping.set()
        with self.changed:
            self.changed.notify_all()
        self.worker.close(failed=True)


def public_paths(written: list[Path], out: Path) -> list[str]:
    """The URL paths of the outputs a pass wrote that the preview serves (nothing private)."""
    paths = []
    for path in written:
        try:
            parts = path.relative_to(out).parts
        except ValueError:
            continue
        if not any(is_hidden(part) for part in parts):
            paths.append("/" + "/".join(parts))
    return paths


def _shown(path: str) -> bool:
    """Whether the terminal names a rewritten file: an edition's page or document, not each
    picture, font and course page."""
    return (path.endswith((".html", ".pdf", ".docx", ".xml"))
            and (not path.startswith("/course/") or path == "/course/index.html"))
