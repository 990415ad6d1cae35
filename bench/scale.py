"""Benchmark: book-length and many-author projects, at 5k, 25k and 100k words.

Each size is a project made by bench/generate.py from the sample's own material (chapters of
about 2,500 words, contributors and commits growing with the words). For each edition command
(`copress build pdf html docx jats`, `copress build easy-read`, `copress build credit`, each
with --force, a whole process) it prints the median wall time; the median CPU time (user +
system, the worker's and pandoc's included: steadier than wall time on a busy machine); and the
peak memory of copress's main process, of the PDF worker and of the largest other child
(pandoc), each its own high-water mark (VmHWM in /proc, read every 20 ms: it only grows, so only
the last 20 ms of a process can be missed). Then the growth from 25k to 100k words: the 100k
and 25k runs alternate in pairs, and the ratio of their medians (wall and CPU) is printed with
its 95% interval by the harness's bootstrap (bench/common.py).
Goals (issue #18): growth no worse than linear, ≤ 1.1 × the ratio of the words (4.4 for 4×),
as the interval's upper end; at 100k words, main process + worker ≤ 1.5 GB.
Run: .venv/bin/python bench/scale.py [--runs 3] [--sizes 5000 25000 100000]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from common import ratio_interval
from generate import count_words, generate
from sample import BIN

EDITIONS = {
    "article": ["pdf", "html", "docx", "jats"],
    "easy-read": ["easy-read"],
    "credit": ["credit"],
}
GROWTH_GOAL = 1.1  # the growth may be at most 1.1 × the growth of the words: 4.4 for 4×
MEMORY_GOAL = 1.5 * 1024 ** 3
WORKER = "copress.render.pdf.worker"


def shape(words: int) -> dict:
    """The generator's options for a project of `words` words: chapters of about 2,500 words;
    contributors and commits that grow with it (60 and 300 at 100k words)."""
    return {"words": words, "chapters": max(2, words // 2500),
            "contributors": max(7, words * 60 // 100_000), "commits": max(10, words * 3 // 1000)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each command at each size (default 3)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 25000, 100000])
    parser.add_argument("--editions", nargs="+", choices=list(EDITIONS), default=list(EDITIONS))
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="copress-bench-scale-"))
    projects = {}
    for size in args.sizes:
        projects[size] = generate(work / f"words-{size}", **shape(size))
        print(f"{size:>7} words asked: {count_words(projects[size])} words, {shape(size)}")
    for edition in args.editions:
        print(f"\ncopress build {' '.join(EDITIONS[edition])} --force")
        print(f"  {'words':>7} {'median s':>9} {'CPU s':>8} {'main MB':>8} {'worker MB':>9} {'pandoc MB':>9}"
              "   wall runs")
        runs = {size: [] for size in args.sizes}
        for n in range(args.runs):  # sizes interleaved, so a slow moment hits them all
            for size in (args.sizes if n % 2 == 0 else args.sizes[::-1]):
                runs[size].append(run(projects[size], EDITIONS[edition]))
        for size in args.sizes:
            walls = [r["wall"] for r in runs[size]]
            peak = {k: max(r[k] for r in runs[size]) for k in ("main", "worker", "other")}
            total = peak["main"] + peak["worker"]
            memory = f"{peak['main'] / 2**20:8.0f} {peak['worker'] / 2**20:9.0f} {peak['other'] / 2**20:9.0f}"
            verdict = (f"   main + worker {total / 2**20:.0f} MB: goal ≤ 1.5 GB "
                       f"{'met' if total <= MEMORY_GOAL else 'NOT met'}" if size == max(args.sizes) else "")
            cpu = statistics.median(r["cpu"] for r in runs[size])
            print(f"  {count_words(projects[size]):>7} {statistics.median(walls):9.2f} {cpu:8.2f} {memory}   "
                  f"{', '.join(f'{w:.2f}' for w in walls)}{verdict}")
        small, large = 25000, 100000
        if small in runs and large in runs and args.runs >= 2:
            words = count_words(projects[large]) / count_words(projects[small])
            goal = GROWTH_GOAL * words
            for metric in ("wall", "cpu"):
                ratio, low, high = ratio_interval([r[metric] for r in runs[large]],
                                                  [r[metric] for r in runs[small]])
                print(f"  growth {small // 1000}k → {large // 1000}k words ({words:.2f}× the words), {metric:4}: "
                      f"{ratio:.2f}× 95% CI [{low:.2f}, {high:.2f}]  goal ≤ {goal:.2f}: "
                      f"{'met' if high <= goal else 'NOT met'} (upper end {high:.2f})")
    shutil.rmtree(work, ignore_errors=True)


def run(project: Path, targets: list[str]) -> dict:
    """One `copress build TARGETS --force`: wall seconds and the peak resident bytes of the main
    process, of the PDF worker and of the largest other child."""
    command = [str(BIN / "copress"), "build", *targets, "--force", "-q", "-C", str(project)]
    errors = tempfile.TemporaryFile()
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors)
    peaks: dict[int, tuple[str, int]] = {}
    done = threading.Event()

    def poll() -> None:
        while not done.is_set():
            for pid in [process.pid, *descendants(process.pid)]:
                role, hwm = "other", high_water(pid)
                if pid == process.pid:
                    role = "main"
                elif WORKER in command_line(pid):
                    role = "worker"
                if hwm:
                    peaks[pid] = (role, max(hwm, peaks.get(pid, (role, 0))[1]))
            done.wait(0.02)

    watcher = threading.Thread(target=poll, daemon=True)
    watcher.start()
    # wait4 gives the CPU time of the process and of every child it waited for (the worker, pandoc)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    done.set()
    watcher.join()
    if process.returncode:
        errors.seek(0)
        raise SystemExit(f"copress build {' '.join(targets)} failed in {project}:\n{errors.read().decode()}")
    result = {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "main": 0, "worker": 0, "other": 0}
    for role, hwm in peaks.values():
        result[role] = max(result[role], hwm)
    return result


def descendants(pid: int) -> list[int]:
    """Every process below `pid`, from each process's parent in /proc/*/stat."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parent = int(stat[stat.rindex(")") + 2:].split()[1])  # after "(name) state"
            parents.setdefault(parent, []).append(int(entry))
    found, queue = [], [pid]
    while queue:
        for child in parents.get(queue.pop(), []):
            found.append(child)
            queue.append(child)
    return found


def high_water(pid: int) -> int:
    """The process's peak resident set size in bytes so far (0 once it has gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


if __name__ == "__main__":
    main()
