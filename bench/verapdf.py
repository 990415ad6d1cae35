"""Benchmark: what veraPDF adds to `copress check` on the sample.

Both sides run the same `copress check` of the sample's PDFs (`--only accessibility`, the six
PDFs of `build all`, built once beforehand and reused by both: copress check rebuilds nothing
whose inputs are unchanged only once incremental builds exist, so the build is left out by
checking a prebuilt output folder through `check`'s own build step, timed on both sides alike).
The floor cannot find veraPDF (an empty cache folder, no `verapdf` on PATH): the check says it
was skipped. Ours finds it. The difference of the medians is veraPDF's cost; the ratio tells how
much longer the gate takes. Timed by the harness in bench/common.py.
Run: .venv/bin/python bench/verapdf.py [--max-runs 5]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
from pathlib import Path

from common import Side, arguments, compare
from sample import BIN, sample_project

TARGETS = ("pdf", "guide", "easy-read", "course")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args = arguments(parser).parse_args()
    work, project = sample_project("copress-bench-verapdf-")
    empty = Path(tempfile.mkdtemp(prefix="copress-no-validators-"))
    without = {**os.environ, "COPRESS_CACHE_DIR": str(empty), "PATH": "/usr/bin:/bin"}
    with_it = dict(os.environ)
    check = [str(BIN / "copress"), "check", "--json", "-C", str(project), *TARGETS,
             "--only", "accessibility"]

    def run(env: dict, expect_verapdf: bool):
        def go() -> None:
            done = subprocess.run(check, env=env, capture_output=True, text=True)
            ran = '"check": "verapdf",\n      "area": "accessibility",\n      "status": "ran"' in done.stdout
            if done.returncode not in (0, 1) or ran != expect_verapdf:
                raise SystemExit(f"copress check exited {done.returncode} (veraPDF ran: {ran}): "
                                 f"{done.stderr[-500:]}")
        return go

    floor = Side("copress check, veraPDF not found", run(without, False))
    ours = Side("copress check, with veraPDF", run(with_it, True))
    compare("what veraPDF adds to copress check --only accessibility (the sample's 6 PDFs)",
            floor, ours, args)
    added = statistics.median(ours.wall) - statistics.median(floor.wall)
    print(f"  veraPDF adds {added:.1f} s (median wall) to the accessibility check of the sample")
    shutil.rmtree(work, ignore_errors=True)
    shutil.rmtree(empty, ignore_errors=True)


if __name__ == "__main__":
    main()
