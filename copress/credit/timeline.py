"""timeline.svg: "who was involved and when" — contributors against time, coloured by stage."""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass

from ..messages import Messages, messages
from .ledger import Ledger

# Okabe–Ito colours (safe for colour-blind readers), one per stage in order; shapes tell git from
# other work, so colour is never the only signal.
COLOURS = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7",
           "#000000", "#999999", "#882255"]


@dataclass(frozen=True)
class Point:
    """One mark on the chart: a contributor's work of one kind, at one stage, on one day."""

    row: int  # 0: the top row
    name: str  # as consented
    date: dt.date
    stage: str  # slug
    source: str  # "git" (a circle) or "involvement" (a square)
    count: int  # how many contributions the mark stands for


def chart_rows(ledger: Ledger) -> list:
    """The ledger entries the chart shows, top row first: everyone with a dated contribution."""
    return [e for e in ledger.ordered() if e.events]


def chart_points(ledger: Ledger, lang: str | None = None) -> list[Point]:
    """Every mark on the chart, top row first and by date: what the chart draws, and what the
    credit page lists in the table under it, so that the two cannot differ; people not named
    are described in `lang` (project.public_names)."""
    names = ledger.project.public_names(lang)
    points: dict[tuple, int] = {}
    for row, entry in enumerate(chart_rows(ledger)):
        for event in entry.events:
            key = (row, event.date, event.source, event.stage, names[entry.contributor.id])
            points[key] = points.get(key, 0) + 1
    return [Point(row, name, date, stage, source, count)
            for (row, date, source, stage, name), count in sorted(points.items(), key=lambda kv: kv[0][:4])]


def timeline_svg(ledger: Ledger, title: str, description: str, words: Messages | None = None) -> str:
    """The chart, its words (`credit.chart-*`) in `words`' language (English by default)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    matplotlib.rcParams["svg.fonttype"] = "none"  # text stays text
    matplotlib.rcParams["svg.hashsalt"] = "copress"  # stable ids
    words = words or messages("en-GB")
    names = ledger.project.public_names(words.tag)
    stages = list(ledger.project.stages)
    labels = ledger.project.stages
    rows = chart_rows(ledger)
    fig, ax = plt.subplots(figsize=(10, 0.55 * len(rows) + 2.2), dpi=100)
    used = set()
    for point in chart_points(ledger, words.tag):
        colour = COLOURS[stages.index(point.stage) % len(COLOURS)] if point.stage in stages else "#666666"
        marker = "o" if point.source == "git" else "s"
        ax.scatter([point.date], [len(rows) - 1 - point.row], c=colour, marker=marker, s=60, edgecolors="black",
                   linewidths=0.5, zorder=3)
        used.add(point.stage)
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels([names[e.contributor.id] for e in reversed(rows)])
    ax.grid(axis="x", color="#dddddd", zorder=0)
    ax.set_xlabel(words.text("credit.chart-date"))
    ax.set_title(words.text("credit.chart-heading"))
    handles = [plt.Line2D([], [], marker="s", linestyle="", markerfacecolor=COLOURS[stages.index(s) % len(COLOURS)],
                          markeredgecolor="black", label=labels[s]) for s in stages if s in used]
    if handles:
        ax.legend(handles=handles, title=words.text("credit.chart-stage"), loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    fig.autofmt_xdate()
    fig.tight_layout()
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Title": title, "Description": description})
    plt.close(fig)
    svg = buffer.getvalue()
    # An accessible name for the picture: <title> and <desc> as the first children of <svg>.
    svg = re.sub(r"(<svg[^>]*?)>", r'\1 role="img" aria-labelledby="timeline-title timeline-desc">', svg, count=1)
    esc = lambda t: t.replace("&", "&amp;").replace("<", "&lt;")
    svg = svg.replace('aria-labelledby="timeline-title timeline-desc">',
                      'aria-labelledby="timeline-title timeline-desc">\n'
                      f' <title id="timeline-title">{esc(title)}</title>\n'
                      f' <desc id="timeline-desc">{esc(description)}</desc>', 1)
    return svg
