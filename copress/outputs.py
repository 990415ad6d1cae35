"""Staging of outputs: everything is written to temporary files and moved into place at the end."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import threading
from concurrent.futures import Future
from pathlib import Path
from typing import Callable


def write_atomic(path: Path, data: str | bytes, mode: int | None = None) -> None:
    """Write `path` whole or not at all (a temporary file beside it, moved into place): a crash
    leaves the old file or the new, never half of one. Text is written as UTF-8. `mode`: the
    file's permissions (without it, mkstemp's owner-only 0600)."""
    path = Path(path)
    handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent or ".")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data.encode("utf-8") if isinstance(data, str) else data)
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# Set when the process is asked to stop (copress/cli.py's SIGTERM handler, which also raises
# KeyboardInterrupt): an exception raised from a signal handler can land in a weakref callback
# or a __del__, where Python prints it and carries on, so nothing is moved into OUT once it is set.
STOP = threading.Event()

# Staging lives under OUT/private/: a half-finished build (killed, out of power) holds private
# files such as recognition.csv, and must never be mistaken for public output or served.
STAGING = Path("private") / "staging"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale(out: Path) -> None:
    """Remove what interrupted builds left: staging folders of processes that no longer run,
    and the `.copress-*` folders older versions staged in OUT itself."""
    for old in out.glob(".copress-*"):
        if old.is_dir():
            shutil.rmtree(old, ignore_errors=True)
    for folder in (out / STAGING).glob("build-*"):
        pid = folder.name.split("-")[1]
        if folder.is_dir() and pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


class Staging:
    """Collects outputs; `commit()` renames them into OUT at once, a failure leaves OUT untouched."""

    def __init__(self, out: Path, notice: Callable[[str, str], None] = lambda kind, text: None):
        self.out = out
        # ("warning", "manuscript/x.md:3: …") or ("skipped", "…"): told to the user as the
        # build goes (the CLI prints them), since they do not stop it
        self.notice = notice
        (out / STAGING).mkdir(parents=True, exist_ok=True)
        remove_stale(out)
        self.tmp = Path(tempfile.mkdtemp(prefix=f"build-{os.getpid()}-", dir=out / STAGING))
        self.files: list[str] = []
        self.pending: list[tuple[str, Future, Callable | None]] = []  # being made elsewhere

    def path(self, name: str) -> Path:
        """A staging path for output `name` (relative to OUT, may include folders)."""
        path = self.tmp / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if name not in self.files:
            self.files.append(name)
        return path

    def write(self, name: str, data: bytes | str) -> None:
        path = self.path(name)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)

    def write_when_done(self, name: str, future: Future,
                        check: Callable[[bytes], None] | None = None) -> None:
        """Write output `name` when `future` (a PDF being rendered by the worker) is done,
        after `check(data)`, which may raise. `commit()` waits for it; its error, or the
        check's, fails the build like any other."""
        self.path(name)
        self.pending.append((name, future, check))

    def output(self, name: str) -> bytes:
        """Output `name` as this build will leave it: staged by this build (waited for, if it is
        still being made elsewhere) or, when this build does not remake it, as it is in OUT.
        For a target that packs other targets' outputs (targets.NEEDS)."""
        for item in [p for p in self.pending if p[0] == name]:
            self.pending.remove(item)
            _, future, check = item
            data = future.result()
            if check is not None:
                check(data)
            self.write(name, data)
        if name in self.files:
            return (self.tmp / name).read_bytes()
        return (self.out / name).read_bytes()

    def commit(self) -> list[Path]:
        for name, future, check in self.pending:
            data = future.result()
            if check is not None:
                check(data)
            self.write(name, data)
        self.pending.clear()
        if STOP.is_set():  # asked to stop, though the KeyboardInterrupt was swallowed (see STOP)
            raise KeyboardInterrupt
        written = []
        for name in self.files:
            target = self.out / name
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(self.tmp / name, target)  # atomic on one file system
            written.append(target)
        shutil.rmtree(self.tmp, ignore_errors=True)
        return written

    def discard(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)


# What each target was last built from and what it wrote (copress/build.py): one JSON record per
# target, under private/ because it names the files a build read.
RECORDS = Path("private") / "cache" / "targets"
RECORD_FORMAT = 1


def sha256_file(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def load_record(out: Path, target: str) -> dict | None:
    """The record of `target`'s last build into `out`, or None (none, unreadable, older format)."""
    try:
        record = json.loads((out / RECORDS / f"{target}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or record.get("format") != RECORD_FORMAT:
        return None
    return record


def save_record(out: Path, target: str, record: dict) -> None:
    """Write `target`'s record atomically: a crash leaves the old record or the new, never half."""
    folder = out / RECORDS
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump({**record, "format": RECORD_FORMAT}, handle, indent=1, sort_keys=True)
    os.replace(tmp, folder / f"{target}.json")


def forget_record(out: Path, target: str) -> None:
    (out / RECORDS / f"{target}.json").unlink(missing_ok=True)


def changed_output(out: Path, record: dict) -> str | None:
    """The first output a record names that is missing or not the bytes the build wrote (a
    crash, or a hand edit), or None when they are all as built."""
    for name, digest in sorted(record.get("outputs", {}).items()):
        if sha256_file(out / name) != digest:
            return name
    return None
