"""The one benchmark harness: two sides timed run by run, compared by a ratio with its 95% interval.

The machine's speed drifts by up to a fifth, so a median of each side measured apart cannot tell
a 10% change from noise. Here the sides alternate within each pair of runs (floor then ours, then
ours then floor, …) so a slow moment hits both, and the result is the ratio of the medians (ours
/ floor) with a 95% bootstrap interval over the paired runs (pairs resampled together, 4,000
times, fixed seed: the same runs give the same interval). Runs continue until the interval's
half-width is at most `--precision` (5%) of the ratio, after at least `--min-runs` pairs, or until
`--max-runs` pairs are spent; the report says which. A stated limit ("≤ 1.2×") is met only when
the interval's upper end is within it.

Each run is timed as wall seconds and CPU seconds: user + system time of this process and of
every child process it waited for (resource.getrusage deltas), so work the PDF worker does on the
other core counts too. The stopping rule uses the `--metric` (wall by default); both are printed.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

CONFIDENCE = 0.95
RESAMPLES = 4000


@dataclass
class Side:
    """One side of a comparison: `run` is timed; `prepare` (untimed) runs before each run."""

    label: str
    run: Callable[[], object]
    prepare: Callable[[], object] | None = None
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    def once(self) -> None:
        if self.prepare:
            self.prepare()
        wall, cpu = measure(self.run)
        self.wall.append(wall)
        self.cpu.append(cpu)


def measure(fn: Callable[[], object]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process and its waited-for children) of `fn()`."""
    def cpu() -> float:
        own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime

    cpu_before, start = cpu(), time.perf_counter()
    fn()
    return time.perf_counter() - start, cpu() - cpu_before


def commands(*command_lines: list[str], cwd: Path) -> Callable[[], None]:
    """A side that runs whole processes one after another (output captured, failure raises)."""
    def run() -> None:
        for command in command_lines:
            subprocess.run(command, cwd=cwd, check=True, capture_output=True)
    return run


def arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """The options every benchmark takes."""
    parser.add_argument("--max-runs", "--runs", dest="max_runs", type=int, default=15,
                        help="run budget: pairs of runs at most (default 15)")
    parser.add_argument("--min-runs", type=int, default=5,
                        help="pairs of runs before the interval may stop the benchmark (default 5)")
    parser.add_argument("--precision", type=float, default=0.05,
                        help="stop when the 95%% interval's half-width is at most this share of the ratio")
    parser.add_argument("--metric", choices=("wall", "cpu"), default="wall",
                        help="the time the stopping rule uses (both are printed)")
    return parser


def paired_interval(ours: list[float], floor: list[float], statistic: Callable[[float, float], float],
                    seed: int = 13) -> tuple[float, float, float]:
    """(statistic(median ours, median floor), lower, upper) with a percentile bootstrap over
    paired runs: each resample draws the same run indices for both sides."""
    value = statistic(statistics.median(ours), statistics.median(floor))
    rng = random.Random(seed)
    n = len(ours)
    values = []
    for _ in range(RESAMPLES):
        picks = [rng.randrange(n) for _ in range(n)]
        values.append(statistic(statistics.median(ours[i] for i in picks),
                                statistics.median(floor[i] for i in picks)))
    values.sort()
    tail = (1 - CONFIDENCE) / 2
    return value, values[int(tail * RESAMPLES)], values[min(RESAMPLES - 1, int((1 - tail) * RESAMPLES))]


def ratio_interval(ours: list[float], floor: list[float], seed: int = 13) -> tuple[float, float, float]:
    """(ratio of medians ours/floor, lower, upper) with a percentile bootstrap over paired runs."""
    return paired_interval(ours, floor, lambda a, b: a / b, seed)


def difference_interval(ours: list[float], floor: list[float], seed: int = 13) -> tuple[float, float, float]:
    """(median ours − median floor, lower, upper), a percentile bootstrap over paired runs."""
    return paired_interval(ours, floor, lambda a, b: a - b, seed)


def half_width(interval: tuple[float, float, float]) -> float:
    ratio, low, high = interval
    return (high - low) / 2 / ratio


def compare(title: str, floor: Side, ours: Side, args: argparse.Namespace,
            goal: float | None = None, warm: bool = True) -> tuple[float, float, float]:
    """Time `floor` and `ours` in alternating pairs until the interval is narrow enough or the
    budget is spent; print the report and return (ratio, lower, upper) of `args.metric`."""
    if warm:  # fill the file cache and import what each side imports, untimed
        for side in (floor, ours):
            if side.prepare:
                side.prepare()
            side.run()
    stopped = None
    for n in range(args.max_runs):
        for side in ((floor, ours) if n % 2 == 0 else (ours, floor)):
            side.once()
        pairs = n + 1
        if pairs >= max(args.min_runs, 3):
            width = half_width(ratio_interval(*_series(ours, floor, args.metric)))
            if width <= args.precision:
                stopped = (f"stopped: the interval's half-width is {width:.1%} of the ratio "
                           f"(≤ {args.precision:.0%}) after {pairs} pairs of runs")
                break
    pairs = len(ours.wall)
    if stopped is None:
        width = half_width(ratio_interval(*_series(ours, floor, args.metric))) if pairs >= 2 else float("nan")
        why = (f"not yet ≤ {args.precision:.0%}" if not width <= args.precision else
               f"but {pairs} pairs are fewer than --min-runs {args.min_runs}: too few to trust it")
        stopped = (f"run budget spent ({pairs} pairs of runs, --max-runs {args.max_runs}): the interval's "
                   f"half-width is {width:.1%} of the ratio, {why}")
    print(f"{title}: {pairs} pairs of runs, alternating; median wall s (CPU s)")
    for role, side in (("floor", floor), ("ours", ours)):
        print(f"  {role:5} {side.label:40} {statistics.median(side.wall):7.3f} ({statistics.median(side.cpu):.3f})"
              f"   wall runs: {', '.join(f'{w:.2f}' for w in side.wall)}")
    results = {}
    for metric in ("wall", "cpu"):
        results[metric] = ratio_interval(*_series(ours, floor, metric)) if pairs >= 2 else (
            statistics.median(ours.wall if metric == "wall" else ours.cpu)
            / statistics.median(floor.wall if metric == "wall" else floor.cpu), float("nan"), float("nan"))
        ratio, low, high = results[metric]
        verdict = ""
        if goal is not None and metric == args.metric:
            verdict = (f"  goal ≤ {goal}: {'met' if high <= goal else 'NOT met'} (upper end {high:.2f})")
        print(f"  ratio ours / floor, {metric:4}: {ratio:.2f}  "
              f"95% CI [{low:.2f}, {high:.2f}]{verdict}")
    print(f"  {stopped}")
    return results[args.metric]


def _series(ours: Side, floor: Side, metric: str) -> tuple[list[float], list[float]]:
    return (ours.wall, floor.wall) if metric == "wall" else (ours.cpu, floor.cpu)
