"""Fix: marked content that no structure element owns (page-margin boxes) becomes an artifact."""

from __future__ import annotations

from pikepdf import ContentStreamInstruction, Dictionary, Name, Operator

from .content import ARTIFACT, painted_twice, scanned


def _artifact_instruction() -> ContentStreamInstruction:
    return ContentStreamInstruction(
        [ARTIFACT, Dictionary(Type=Name.Pagination)], Operator("BDC")
    )


def mark_artifacts(fixing) -> None:
    """Unowned MCIDs -> `/Artifact <</Type /Pagination>> BDC`.

    WeasyPrint draws running heads and page numbers as /Span with an MCID whose structure
    element no element of the tree contains: read as content, they would interrupt the text at
    every page break. A form XObject painted more than once is left alone: its sequences may be
    owned where it is painted elsewhere.
    """
    scan = scanned(fixing)
    for stream in scan.streams:
        if painted_twice(scan, stream):
            continue
        for occ in stream.occurrences:
            if occ.owner is None:
                stream.ops[occ.index] = _artifact_instruction()
                fixing.stats.artifacts += 1
                stream.changed = True
