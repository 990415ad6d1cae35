"""Fix: MCIDs renumbered 0..n-1 in each content stream, the tree's references updated to match."""

from __future__ import annotations

import pikepdf
from pikepdf import ContentStreamInstruction, Dictionary, Name, Operator

from .content import Occurrence, Stream, painted_twice, scanned


def _mcid_instruction(tag, props, mcid: int) -> ContentStreamInstruction:
    new = Dictionary({k: v for k, v in props.items()})
    new.MCID = mcid
    return ContentStreamInstruction([tag, new], Operator("BDC"))


def renumber_mcids(fixing) -> None:
    """Owned MCIDs renumbered densely (so every ParentTree array is dense); tree references
    updated, those into a form XObject becoming MCRs with /Stm.

    Safe mode: if a form XObject with tagged content is painted more than once (WeasyPrint
    never does this), its MCIDs cannot get one owner each and renumbering the pages around it
    could make numbers collide, so MCIDs keep their numbers (and only artifacts are made).
    """
    scan = scanned(fixing)
    stats = fixing.stats
    scan.renumber = not any(
        painted_twice(scan, stream) and any(occ.owner is not None for occ in stream.occurrences)
        for stream in scan.streams
    )
    if not scan.renumber:
        return
    for stream in scan.streams:
        if painted_twice(scan, stream):
            continue  # painted more than once: its MCIDs cannot be given one owner each
        numbering: dict[int, int] = {}
        owners: list = []
        for occ in stream.occurrences:
            if occ.owner is None:
                continue
            if occ.mcid in numbering:
                continue  # the same MCID split over several sequences keeps one number
            new = len(numbering)
            numbering[occ.mcid] = new
            owners.append(occ.owner)
            if new != occ.mcid:
                tag = stream.ops[occ.index].operands[0]
                stream.ops[occ.index] = _mcid_instruction(tag, occ.props, new)
                stream.changed = True
            if _update_reference(occ, stream, new):
                stats.mcid_refs_rewritten += 1
        # Later sequences reusing an MCID that was renumbered.
        for occ in stream.occurrences:
            if occ.owner is not None and occ.mcid in numbering:
                new = numbering[occ.mcid]
                current = stream.ops[occ.index].operands[1]
                if isinstance(current, Dictionary) and current.get("/MCID") != new:
                    tag = stream.ops[occ.index].operands[0]
                    stream.ops[occ.index] = _mcid_instruction(tag, occ.props, new)
                    stream.changed = True
        scan.final[stream.obj.objgen] = (stream, owners)


def _update_reference(occ: Occurrence, stream: Stream, new: int) -> bool:
    """Point the owner's reference at MCID `new` (as an MCR with /Stm for form XObjects)."""
    owner = occ.owner
    kind, where = occ.slot
    if stream.is_page:
        if kind == "k":
            if new == occ.mcid:
                return False
            if where is None:
                owner.K = new
            else:
                owner.K[where] = new
            return True
        mcr = where
        if mcr.get("/MCID") == new:
            return False
        mcr.MCID = new
        return True
    # Form XObject content: an MCR naming the stream.
    if kind == "mcr" and isinstance(where.get("/Stm"), pikepdf.Stream) and not occ.fallback:
        if where.get("/MCID") == new:
            return False
        where.MCID = new
        return True
    mcr = Dictionary(Type=Name.MCR, Pg=stream.page, Stm=stream.obj, MCID=new)
    if kind == "k":
        if where is None:
            owner.K = mcr
        else:
            owner.K[where] = mcr
    else:
        for k in ("/Type", "/Pg", "/Stm", "/MCID"):
            where[k] = mcr[k]
    return True
