"""Word lists the easy-read rules use: data, kept in one place."""

from __future__ import annotations

# wordfreq (English, bundled data) Zipf frequency below which a word counts as hard: it must
# then be in the glossary. 3.5 ≈ a word seen about 3 times in a million words.
HARD_WORD_ZIPF = 3.5

# Everyday words in health and social care that wordfreq rates rare (carer 2.9) or that are
# initials everyone knows. They are exempt from the hard-word, abbreviation and capitals rules.
ALLOW_WORDS = frozenset("""
carer carers GP GPs NHS UK OK TV app apps email emails online laptop laptops
wheelchair dementia autism autistic dyslexia easy-read co-author co-authors
""".split())

# wordfreq judges a hyphenated word by its parts: after these prefixes the joined word is judged
# instead ("co-production" → "coproduction").
HYPHEN_PREFIXES = frozenset("co pre re non multi inter sub post anti semi cross counter over under".split())

# Spelled-out numbers: easy read writes numbers as digits ("4 people", not "four people").
# "one" is left out: it is mostly a pronoun ("no one", "one of us").
NUMBER_WORDS = frozenset("""
two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen
seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred
thousand million
""".split())

# Abbreviations written in lower case or with dots.
ABBREVIATIONS = frozenset("e.g. i.e. etc. etc approx. approx dr. mr. mrs. vs. vs nb.".split())

# Passive voice, roughly: a form of "to be" followed by a past participle. A hint only.
BE_FORMS = frozenset("am is are was were be been being".split())
IRREGULAR_PARTICIPLES = frozenset("""
made paid done seen held kept told given taken written known shown run set sent left put read
heard built thought brought bought found chosen drawn spent won lost met sold
""".split())
NOT_PARTICIPLES = frozenset("need seed feed speed bed red shed indeed used tired interested "
                            "worried scared bored excited married".split())
