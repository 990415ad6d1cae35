"""manuscript/glossary.yaml: hard words and what they mean, with the line of each entry.

    co-production: Co-production means people work together as equal partners.
    public contributor:
      means: A public contributor is a member of the public who helps with research.
      forms: [public contributors]

A word is matched whole and in any case; plurals (-s, -es, -ies) match without `forms:`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import CopressError
from ..yamlfile import load_yaml

SHOWN = "manuscript/glossary.yaml"


@dataclass(frozen=True)
class Term:
    word: str
    means: str
    forms: tuple[str, ...]  # lower-case forms that count as a use of the word
    line: int | None


def default_forms(word: str) -> tuple[str, ...]:
    w = word.lower()
    forms = {w, w + "s", w + "es"}
    if w.endswith("y"):
        forms.add(w[:-1] + "ies")
    return tuple(sorted(forms, key=len, reverse=True))


@dataclass
class Glossary:
    terms: list[Term]

    def __post_init__(self):
        forms = sorted(((f, t) for t in self.terms for f in t.forms), key=lambda p: -len(p[0]))
        self._by_form = dict(forms)
        self._pattern = re.compile(
            r"(?<![\w-])(" + "|".join(re.escape(f) for f, _ in forms) + r")(?![\w-])",
            re.IGNORECASE) if forms else None

    def find(self, text: str) -> list[tuple[int, int, Term]]:
        """(start, end, term) of each use in `text`, longest forms first, left to right."""
        if self._pattern is None:
            return []
        return [(m.start(), m.end(), self._by_form[m.group(1).lower()])
                for m in self._pattern.finditer(text)]

    def term(self, word: str) -> Term | None:
        return self._by_form.get(word.lower())


def load_glossary(manuscript: Path) -> Glossary:
    """The project's glossary (none: an empty one). Bad entries are errors with their line."""
    path = manuscript / "glossary.yaml"
    if not path.is_file():
        return Glossary([])
    source = load_yaml(path, SHOWN)
    data = source.data or {}
    if not isinstance(data, dict):
        raise CopressError("should map each hard word to what it means", SHOWN, 1,
                           hint="write lines like 'co-production: Co-production means …'")
    terms = []
    for word, value in data.items():
        line = source.line_of((word,))
        forms: list[str] = []
        if isinstance(value, dict):
            unknown = set(value) - {"means", "forms"}
            if unknown:
                raise CopressError(f"unknown key '{sorted(unknown)[0]}' for '{word}'", SHOWN, line,
                                   hint="an entry has 'means:' and optionally 'forms:'")
            forms = [str(f) for f in value.get("forms") or []]
            value = value.get("means")
        if not isinstance(value, str) or not value.strip():
            raise CopressError(f"'{word}' has no explanation", SHOWN, line,
                               hint=f"write what '{word}' means in one or two short sentences")
        all_forms = tuple(dict.fromkeys([*default_forms(str(word)), *(f.lower() for f in forms)]))
        terms.append(Term(str(word), " ".join(value.split()), all_forms, line))
    return Glossary(terms)
