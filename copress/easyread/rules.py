"""The easy-read rules a program can check, each with an id, a severity and its source.

RULES maps a rule id to a Rule; `check_text` runs every rule that reads the text and returns
Findings naming the file and line. People still check what no program can: whether readers
understand it, whether the pictures fit, whether it is faithful to the article.

Sources: DH = UK Department of Health, "Making written information easier to understand for
people with learning disabilities" (2010); Mencap = "Am I making myself clear?"; IE = Inclusion
Europe, "Information for all" (European easy-to-read standards).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from typing import Callable, Iterable

from ..cache import read_cached, write_cached
from ..findings import Finding
from .glossary import SHOWN as GLOSSARY_SHOWN, Glossary
from .pictures import PictureProblem, PictureTable
from .text import EasyReadText, Sentence, plain, split_sentences, words
from .words import (ABBREVIATIONS, ALLOW_WORDS, BE_FORMS, HARD_WORD_ZIPF, HYPHEN_PREFIXES,
                    IRREGULAR_PARTICIPLES, NOT_PARTICIPLES, NUMBER_WORDS)

AREA = "easy-read"
MAX_WORDS = 15
MAX_SENTENCES = 3
PAGES_WARNING, PAGES_ERROR = 20, 24


@dataclass
class Context:
    text: EasyReadText
    glossary: Glossary
    pictures: PictureTable
    project_root: object  # Path
    lang: str = "en"  # the easy-read edition's language tag: some rules know only English


@dataclass(frozen=True)
class Rule:
    severity: str
    says: str  # the rule in plain words
    source: str
    check: Callable[[Context], Iterable[tuple[str, int | None, str, str | None]]] | None
    # check yields (file, line, message, hint); None: applied elsewhere (page count, after the PDF)
    # the languages the rule can judge (None: any) and what it needs that other languages lack
    languages: frozenset[str] | None = None
    needs: str = ""


ENGLISH_ONLY = frozenset({"en"})


def _base(lang: str) -> str:
    return re.split(r"[-_]", lang, maxsplit=1)[0].lower()


def skipped_rules(lang: str) -> dict[str, str]:
    """Rule id → why it cannot run on text in `lang` (English word lists are not run on Welsh)."""
    base = _base(lang)
    return {rule_id: rule.needs for rule_id, rule in RULES.items()
            if rule.check is not None and rule.languages is not None and base not in rule.languages}


def _finding(rule_id: str, file: str, line: int | None, message: str, hint: str | None) -> Finding:
    rule = RULES[rule_id]
    return Finding(AREA, rule_id, rule.severity, message, file, line,
                   (hint + " " if hint else "") + f"(rule: {rule.says}; {rule.source})")


def check_text(ctx: Context) -> list[Finding]:
    """Every text rule that can judge the text's language, in RULES order; then the findings
    sorted by file and line, after one warning naming the rules that could not run."""
    findings = []
    skipped = skipped_rules(ctx.lang)
    for rule_id, rule in RULES.items():
        if rule.check is None or rule_id in skipped:
            continue
        for file, line, message, hint in rule.check(ctx):
            findings.append(_finding(rule_id, file, line, message, hint))
    findings.sort(key=lambda f: (f.file != ctx.text.shown, f.file or "", f.line or 0))
    if skipped:
        why = "; ".join(f"{rule_id} ({needs})" for rule_id, needs in skipped.items())
        findings.insert(0, _finding("easyread/language", ctx.text.shown, None,
                                    f"{len(skipped)} easy-read rules cannot check text in '{ctx.lang}' "
                                    f"and did not run: {why}",
                                    "ask readers of the language to check these by hand"))
    return findings


def check_pages(pages: int, file: str) -> list[Finding]:
    if pages > PAGES_ERROR:
        return [_finding("easyread/too-long", file, None,
                         f"the easy-read PDF has {pages} pages (more than {PAGES_ERROR})",
                         "shorten the text: keep only what readers need")]
    if pages > PAGES_WARNING:
        return [Finding(AREA, "easyread/too-long", "warning",
                        f"the easy-read PDF has {pages} pages (more than about {PAGES_WARNING})",
                        file, None, "shorten the text if you can")]
    return []


# --------------------------------------------------------------------------- the rules

def _all_sentences(ctx: Context) -> Iterable[tuple[str, Sentence]]:
    for sentence in ctx.text.sentences():
        yield ctx.text.shown, sentence
    for term in ctx.glossary.terms:
        for sentence in split_sentences([(term.line or 1, term.means)]):
            yield GLOSSARY_SHOWN, sentence


def sentence_length(ctx: Context):
    for file, sentence in _all_sentences(ctx):
        n = len(sentence.words)
        if n > MAX_WORDS:
            start = " ".join(sentence.words[:6])
            yield (file, sentence.line, f"a sentence of {n} words (\"{start} …\")",
                   f"split it into sentences of at most {MAX_WORDS} words, one idea each")


def block_sentences(ctx: Context):
    for block in ctx.text.blocks:
        n = len(block.sentences)
        if n > MAX_SENTENCES:
            yield (ctx.text.shown, block.line, f"a block of {n} sentences",
                   f"keep at most {MAX_SENTENCES} sentences a block; start a new block with its own picture")
        if n == 0:
            yield (ctx.text.shown, block.line, "an empty block", "write one to three sentences in it")


def block_picture(ctx: Context):
    for block in ctx.text.blocks:
        try:
            ctx.pictures.resolve(block.picture, block.alt, ctx.project_root)
        except PictureProblem as problem:
            yield ctx.text.shown, block.line, str(problem), problem.hint
    for line, raw in ctx.text.outside:
        yield (ctx.text.shown, line, "text outside a block has no picture beside it",
               'put it in a block: ::: {.block picture="CONCEPT"} … :::')


def _exempt(token: str, glossary: Glossary) -> bool:
    bare = re.sub(r"['’]s$", "", token)
    return bare in ALLOW_WORDS or bare.lower() in ALLOW_WORDS or glossary.term(bare) is not None


def _glossary_spans(glossary: Glossary, text: str) -> list[tuple[int, int]]:
    return [(a, b) for a, b, _ in glossary.find(text)]


class _ZipfCache:
    """Word → wordfreq Zipf value, kept in copress's cache folder: importing wordfreq and loading
    its English table costs about 2 s, and a text's words rarely change between builds."""

    def __init__(self):
        from importlib.metadata import version

        self.name = f"zipf-en-{version('wordfreq')}.json"
        path = read_cached(self.name)
        self.values: dict[str, float] = json.loads(path.read_text()) if path else {}
        self.dirty = False

    def get(self, word: str) -> float:
        if word not in self.values:
            from wordfreq import zipf_frequency

            self.values[word] = zipf_frequency(word, "en")
            self.dirty = True
        return self.values[word]

    def save(self) -> None:
        if self.dirty:
            write_cached(self.name, json.dumps(self.values, sort_keys=True).encode())
            self.dirty = False


@cache
def _zipf_cache() -> _ZipfCache:
    return _ZipfCache()


def _zipf(word: str) -> float:
    return _zipf_cache().get(word)


def _frequency(word: str) -> float:
    """wordfreq splits "co-production" into "co" and "production" (4.9): after a prefix, judge
    the joined word (coproduction 1.8); otherwise the rarest part."""
    parts = word.split("-")
    if len(parts) == 1:
        return _zipf(word)
    if parts[0] in HYPHEN_PREFIXES:
        return _zipf("".join(parts))
    return min(_zipf(p) for p in parts if p)


def hard_words(ctx: Context):
    seen = set()
    for sentence in ctx.text.sentences():
        covered = _glossary_spans(ctx.glossary, sentence.text)
        for n, m in enumerate(re.finditer(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]", sentence.text)):
            token = m.group(0)
            bare = re.sub(r"['’]s$", "", token)
            if any(a <= m.start() < b for a, b in covered) or _exempt(bare, ctx.glossary):
                continue
            if n > 0 and bare[0].isupper():
                continue  # a name: people and places are not hard words
            if bare.isupper() or bare.lower() in seen:
                continue  # initials: the abbreviation rule
            if _frequency(bare.lower()) < HARD_WORD_ZIPF:
                seen.add(bare.lower())
                yield (ctx.text.shown, sentence.line, f"'{bare}' is a hard word",
                       f"use an everyday word, or add '{bare.lower()}' to manuscript/glossary.yaml "
                       "with what it means")
    _zipf_cache().save()


def _shouted(token: str) -> bool:
    """An ordinary word written in capitals ("VERY"), as opposed to initials ("PPI")."""
    return token.isalpha() and token.isupper() and len(token) > 1 and (
        len(token) > 5 or (len(token) >= 3 and _zipf(token.lower()) >= 4))


def abbreviations(ctx: Context):
    seen = set()
    for line, raw in ctx.text.text_lines():
        for token in words(plain(raw)):
            bare = re.sub(r"['’]?s$", "", token) if token[:-1].isupper() else token
            dotted = token.lower().rstrip(".") in {a.rstrip(".") for a in ABBREVIATIONS}
            initials = (len(bare) >= 2 and bare.isalpha() and bare.isupper() and not _shouted(bare)) or \
                re.fullmatch(r"(?:[A-Za-z]\.){2,}", token + ".") is not None
            if not (dotted or initials) or _exempt(bare, ctx.glossary) or _exempt(token, ctx.glossary):
                continue
            if token in seen:
                continue
            seen.add(token)
            yield (ctx.text.shown, line, f"'{token}' is an abbreviation",
                   "write the words out in full, or add it to manuscript/glossary.yaml")


def capitals(ctx: Context):
    for line, raw in ctx.text.text_lines():
        shouted = [w for w in words(plain(raw)) if _shouted(w) and not _exempt(w, ctx.glossary)]
        runs = re.search(r"\b[A-Z]{2,}(?:\s+[A-Z]{2,})+\b", plain(raw))
        if shouted or runs:
            shown = runs.group(0) if runs else shouted[0]
            yield (ctx.text.shown, line, f"text in capitals ('{shown}')",
                   "write in lower case; use bold (**like this**) for emphasis")


ITALIC = re.compile(r"(?<![*\w\\])\*(?![*\s])[^*\n]+?(?<![\s*])\*(?![*\w])|(?<![_\w\\])_(?![_\s])[^_\n]+?(?<![\s_])_(?![_\w])")
UNDERLINE = re.compile(r"\{\.underline\}|\{\.ul\}|<u>|<em>|<i>", re.IGNORECASE)


def italics(ctx: Context):
    for line, raw in ctx.text.text_lines():
        text = re.sub(r"\*\*.+?\*\*|__.+?__", lambda m: "x" * len(m.group(0)), raw)
        m = ITALIC.search(text)
        if m:
            yield (ctx.text.shown, line, f"italics ({raw[m.start():m.end()]})",
                   "easy read uses bold for emphasis: **like this**")
        u = UNDERLINE.search(raw)
        if u:
            yield (ctx.text.shown, line, f"underline or italics ({u.group(0)})",
                   "easy read uses bold for emphasis: **like this**")


PERCENT = re.compile(r"\d+(?:[.,]\d+)?\s*%|\bper\s?cent\b|\bpercent(?:age)?s?\b", re.IGNORECASE)


def percentages(ctx: Context):
    for line, raw in ctx.text.text_lines():
        m = PERCENT.search(raw)
        if m:
            yield (ctx.text.shown, line, f"a percentage ('{m.group(0)}')",
                   "say '1 in 4' rather than '25%'")


def number_words(ctx: Context):
    for sentence in ctx.text.sentences():
        for token in sentence.words:
            if token.lower() in NUMBER_WORDS:
                yield (ctx.text.shown, sentence.line, f"the number '{token}' is written as a word",
                       "write numbers as digits: 4, not four")


def passive_voice(ctx: Context):
    for sentence in ctx.text.sentences():
        tokens = [w.lower() for w in sentence.words]
        for a, b in zip(tokens, tokens[1:]):
            if a in BE_FORMS and b not in NOT_PARTICIPLES and (
                    (b.endswith("ed") and len(b) > 4) or b in IRREGULAR_PARTICIPLES):
                yield (ctx.text.shown, sentence.line, f"maybe passive voice ('{a} {b}')",
                       "say who does it: 'we paid people', not 'people were paid'")
                break


def glossary_used(ctx: Context):
    text = " ".join(s.text for s in ctx.text.sentences())
    used = {term.word for _, _, term in ctx.glossary.find(text)}
    for term in ctx.glossary.terms:
        if term.word not in used:
            yield (GLOSSARY_SHOWN, term.line, f"'{term.word}' is in the glossary but not in the text",
                   "remove it from the glossary, or it will still be listed under Hard words")


def readability(ctx: Context):
    """Flesch reading ease with a simple syllable count: information only (unstable on short text)."""
    sentences = ctx.text.sentences()
    tokens = [w for s in sentences for w in s.words if any(c.isalpha() for c in w)]
    if not sentences or not tokens:
        return
    syllables = sum(_syllables(w) for w in tokens)
    score = 206.835 - 1.015 * len(tokens) / len(sentences) - 84.6 * syllables / len(tokens)
    yield (ctx.text.shown, None,
           f"{len(sentences)} sentences, {len(tokens) / len(sentences):.1f} words a sentence on "
           f"average; Flesch reading ease about {score:.0f} (higher is easier; 80 or more is easy)",
           "a rough figure for the whole text, not a rule: readers are the real test")


def _syllables(word: str) -> int:
    groups = re.findall(r"[aeiouy]+", word.lower())
    n = len(groups) - (1 if word.lower().endswith("e") and len(groups) > 1 else 0)
    return max(1, n)


# Why a rule needs English: wordfreq (the word frequencies) has no Welsh; the word lists and the
# reading-ease formula are English. A language gains a rule by adding its word list here.
_WORDS = "its word list is English only"
_FREQUENCIES = ("it needs word frequencies, which copress has for English only (wordfreq has many "
                "languages but not Welsh, and the everyday-word list is English)")

RULES: dict[str, Rule] = {
    "easyread/sentence-length": Rule("error", f"at most {MAX_WORDS} words a sentence", "DH 2010; IE", sentence_length),
    "easyread/block-sentences": Rule("error", f"at most {MAX_SENTENCES} sentences a block", "DH 2010; Mencap", block_sentences),
    "easyread/picture": Rule("error", "a picture beside every block of text", "DH 2010; Mencap", block_picture),
    "easyread/hard-word": Rule("error", "everyday words; hard words explained", "DH 2010; IE", hard_words,
                               ENGLISH_ONLY, _FREQUENCIES),
    "easyread/abbreviation": Rule("error", "no abbreviations or initials", "IE; Mencap", abbreviations,
                                  ENGLISH_ONLY, "its list of abbreviations and its test for initials are English"),
    "easyread/percentage": Rule("error", "no percentages", "DH 2010; IE", percentages),
    "easyread/number-words": Rule("warning", "numbers as digits", "DH 2010; IE", number_words,
                                  ENGLISH_ONLY, "its list of number words is English"),
    "easyread/italics": Rule("error", "bold for emphasis, never italics or underline", "DH 2010; IE", italics),
    "easyread/capitals": Rule("error", "no text in capitals", "DH 2010; IE", capitals,
                              ENGLISH_ONLY, "it tells initials from words by English word frequencies"),
    "easyread/passive": Rule("info", "active voice", "Mencap; IE", passive_voice,
                             ENGLISH_ONLY, "its forms of 'to be' and participles are English"),
    "easyread/glossary-unused": Rule("warning", "the word list has the hard words of the text", "IE", glossary_used),
    "easyread/readability": Rule("info", "a readability figure for the whole text", "Flesch 1948", readability,
                                 ENGLISH_ONLY, "the Flesch formula and its syllable count are for English"),
    "easyread/too-long": Rule("error", f"about {PAGES_WARNING} pages at most", "IE", None),
    "easyread/language": Rule("warning", "every rule runs, or the ones that cannot are named",
                              "copress", None),
}
