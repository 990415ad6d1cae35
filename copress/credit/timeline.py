"""timeline.svg: "who was involved and when" — contributors against time, coloured by stage."""

from __future__ import annotations

import io
import re

from .ledger import Ledger

# Okabe–Ito colours (safe for colour-blind readers), one per stage in order; shapes tell git from
# other work, so colour is never the only signal.
COLOURS = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7",
           "#000000", "#999999", "#882255"]


def timeline_svg(ledger: Ledger, title: str, description: str) -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    matplotlib.rcParams["svg.fonttype"] = "none"  # text stays text
    matplotlib.rcParams["svg.hashsalt"] = "copress"  # stable ids
    names = ledger.project.public_names()
    stages = list(ledger.project.stages)
    labels = ledger.project.stages
    rows = [e for e in ledger.ordered() if e.events]
    fig, ax = plt.subplots(figsize=(10, 0.55 * len(rows) + 2.2), dpi=100)
    used = set()
    for y, entry in enumerate(reversed(rows)):
        for event in entry.events:
            colour = COLOURS[stages.index(event.stage) % len(COLOURS)] if event.stage in stages else "#666666"
            marker = "o" if event.source == "git" else "s"
            ax.scatter([event.date], [y], c=colour, marker=marker, s=60, edgecolors="black",
                       linewidths=0.5, zorder=3)
            used.add(event.stage)
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels([names[e.contributor.id] for e in reversed(rows)])
    ax.grid(axis="x", color="#dddddd", zorder=0)
    ax.set_xlabel("Date")
    ax.set_title("Who was involved and when (circle: commit; square: work outside git)")
    handles = [plt.Line2D([], [], marker="s", linestyle="", markerfacecolor=COLOURS[stages.index(s) % len(COLOURS)],
                          markeredgecolor="black", label=labels[s]) for s in stages if s in used]
    if handles:
        ax.legend(handles=handles, title="Stage", loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
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
