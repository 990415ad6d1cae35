"""Staging of outputs: everything is written to temporary files and moved into place at the end."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


class Staging:
    """Collects outputs; `commit()` renames them into OUT at once, a failure leaves OUT untouched."""

    def __init__(self, out: Path):
        self.out = out
        out.mkdir(parents=True, exist_ok=True)
        self.tmp = Path(tempfile.mkdtemp(prefix=".copress-", dir=out))
        self.files: list[str] = []

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

    def commit(self) -> list[Path]:
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
