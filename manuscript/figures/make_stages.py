"""Draw figures/stages.png: the stages of a research project around which
public contributors, practitioners and researchers can work together.

A conceptual diagram only: it shows no data. Run from any directory with
matplotlib installed:

    python manuscript/figures/make_stages.py

The output is reproducible: the PNG carries no software or date metadata.
"""

import math
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display needed
import matplotlib.pyplot as plt
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Ellipse

HERE = Path(__file__).resolve().parent
OUT = HERE / "stages.png"

# The ten stages, in the order a project usually meets them (clockwise from top).
STAGES = [
    "Identifying\npriorities",
    "Design",
    "Funding\napplication",
    "Managing\nthe study",
    "Data\ncollection",
    "Analysis and\ninterpretation",
    "Writing",
    "Dissemination",
    "Implementation",
    "Evaluation",
]

# Okabe-Ito colours, chosen to stay distinguishable with colour-blindness.
# Boxes alternate between two light fills so neighbours are easy to tell apart;
# text is always near-black on a light fill for strong contrast.
FILLS = ["#CCE5F4", "#FBE3C2"]  # light sky blue, light orange
EDGES = ["#0072B2", "#D55E00"]  # blue, vermilion
TEXT = "#111111"
ARROW = "#555555"
CENTRE_FILL = "#E0F2EC"  # light bluish green
CENTRE_EDGE = "#009E73"  # bluish green

WIDTH_PX, HEIGHT_PX, DPI = 1600, 900, 100


def edge_point(centre, towards, box_w, box_h, gap=0.18):
    """Where the line from a box's centre towards another point leaves the box
    (plus a small gap), so arrows start and end outside the boxes."""
    (x0, y0), (x1, y1) = centre, towards
    dx, dy = x1 - x0, y1 - y0
    half_w, half_h = box_w / 2 + gap, box_h / 2 + gap
    # Scale the direction so it just reaches the nearer side of the box.
    scale = min(half_w / abs(dx) if dx else math.inf,
                half_h / abs(dy) if dy else math.inf)
    return x0 + dx * scale, y0 + dy * scale


def main() -> None:
    plt.rcParams["font.family"] = "DejaVu Sans"
    fig = plt.figure(figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI), dpi=DPI)
    ax = fig.add_axes([0, 0, 1, 1])
    ax.set_xlim(0, 16)
    ax.set_ylim(0, 9)
    ax.set_aspect("equal")
    ax.axis("off")
    fig.patch.set_facecolor("white")

    cx, cy = 8.0, 4.35  # centre of the ring
    rx, ry = 6.15, 3.45  # radii of the ring (an ellipse, to use the wide page)
    box_w, box_h = 2.7, 1.15

    # Positions of the boxes, clockwise starting at the top.
    positions = []
    for i in range(len(STAGES)):
        angle = math.pi / 2 - 2 * math.pi * i / len(STAGES)
        positions.append((cx + rx * math.cos(angle), cy + ry * math.sin(angle)))

    # Arrows between neighbouring boxes, from edge to edge with a small gap.
    for i, start in enumerate(positions):
        end = positions[(i + 1) % len(positions)]
        tail = edge_point(start, end, box_w, box_h)
        head = edge_point(end, start, box_w, box_h)
        arrow = FancyArrowPatch(
            tail, head,
            connectionstyle="arc3,rad=-0.12",
            arrowstyle="-|>", mutation_scale=28, linewidth=2.6,
            color=ARROW,
        )
        ax.add_patch(arrow)

    for i, ((x, y), label) in enumerate(zip(positions, STAGES)):
        box = FancyBboxPatch(
            (x - box_w / 2, y - box_h / 2), box_w, box_h,
            boxstyle="round,pad=0.05,rounding_size=0.25",
            facecolor=FILLS[i % 2], edgecolor=EDGES[i % 2], linewidth=2.5,
        )
        ax.add_patch(box)
        ax.text(x, y, label, ha="center", va="center", fontsize=19,
                color=TEXT, linespacing=1.1)

    # The centre: who works together, at every stage.
    ax.add_patch(Ellipse((cx, cy), 6.2, 3.0, facecolor=CENTRE_FILL,
                         edgecolor=CENTRE_EDGE, linewidth=3))
    ax.text(cx, cy + 0.55, "Working together\nat every stage",
            ha="center", va="center", fontsize=24, fontweight="bold",
            color=TEXT, linespacing=1.15)
    ax.text(cx, cy - 0.75,
            "public contributors, practitioners\nand researchers",
            ha="center", va="center", fontsize=18, color=TEXT,
            linespacing=1.15)

    # Keep the output byte-for-byte reproducible: no software or date stamps.
    fig.savefig(OUT, dpi=DPI, facecolor="white", metadata={"Software": None})
    plt.close(fig)


if __name__ == "__main__":
    main()
