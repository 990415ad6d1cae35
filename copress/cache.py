"""copress's own cache folder (compiled rules, word frequencies, rasterised pictures): never an output."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def cache_dir() -> Path:
    """$COPRESS_CACHE_DIR, else $XDG_CACHE_HOME/copress or ~/.cache/copress."""
    env = os.environ.get("COPRESS_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "copress"


def cache_folders() -> list[Path]:
    """Where to try to keep things, in order: the cache folder, then a private temp folder."""
    return [cache_dir(), Path(tempfile.gettempdir()) / f"copress-{os.getuid()}"]


def write_cached(name: str, data: bytes) -> Path | None:
    """Write `name` atomically into the first writable cache folder; None if none is writable."""
    for folder in cache_folders():
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(tmp, folder / name)
            return folder / name
        except OSError:
            continue
    return None


def read_cached(name: str) -> Path | None:
    for folder in cache_folders():
        if (folder / name).is_file():
            return folder / name
    return None
