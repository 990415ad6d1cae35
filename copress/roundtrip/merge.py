"""Three-way merge of chunk lists (base, ours, theirs), diff3-style, on normalised chunks."""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from .chunks import normal


@dataclass
class Conflict:
    base: list[str]
    ours: list[str]
    theirs: list[str]


def _matches(a: list[str], b: list[str]) -> dict[int, int]:
    table = {}
    for i, j, n in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks():
        for k in range(n):
            table[i + k] = j + k
    return table


def merge3(base: list[str], ours: list[str], theirs: list[str]) -> tuple[list[str], list[Conflict]]:
    kb, ko, kt = ([normal(c) for c in side] for side in (base, ours, theirs))
    to_ours, to_theirs = _matches(kb, ko), _matches(kb, kt)
    result: list[str] = []
    conflicts: list[Conflict] = []
    i = j = k = 0
    syncs = [s for s in range(len(base)) if s in to_ours and s in to_theirs]
    for s in [*syncs, len(base)]:
        o_at, t_at = (to_ours[s], to_theirs[s]) if s < len(base) else (len(ours), len(theirs))
        if o_at < j or t_at < k:
            continue
        b_reg, o_reg, t_reg = kb[i:s], ko[j:o_at], kt[k:t_at]
        if o_reg == b_reg:
            result += theirs[k:t_at]
        elif t_reg == b_reg or o_reg == t_reg:
            result += ours[j:o_at]
        else:
            conflicts.append(Conflict(base[i:s], ours[j:o_at], theirs[k:t_at]))
            result += ours[j:o_at]
        if s < len(base):
            result.append(ours[o_at])
        i, j, k = s + 1, o_at + 1, t_at + 1
    return result, conflicts
