"""The words copress writes into outputs, in the output's language: copress/locales/<lang>.yaml.

`messages(lang)` gives a `Messages` for a language tag such as "cy-GB": `text(id, **values)`,
`plural(id, n, **values)` (CLDR plural categories from Babel: English has one/other, Welsh
zero/one/two/few/many/other), `date(d)`, `number(n)` and `page_of(n, m)`. A message file holds
groups (one per edition, plus `common`) of ids; a message id is `group.name`, e.g.
`article.abstract`. Values are written `{name}` in a message (Python format fields).

A language with no message file falls back to English with a `LanguageFallback` warning, never
silently. An id missing from a language's file falls back to English too (tests/test_languages.py
fails on every one, so it never ships). A message in a file that no fluent speaker has checked yet
says so with a `# needs a fluent speaker` comment; whether a project's team has had the wording
checked is `copress.yaml` `languages:` (project.language_checked).
"""

from __future__ import annotations

import datetime
import re
import warnings
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

LOCALES = Path(__file__).parent / "locales"
ENGLISH = "en"
# CLDR plural categories: a mapping whose keys are all among these (with `other`) is one plural
# message, not a group of messages.
PLURAL_CATEGORIES = ("zero", "one", "two", "few", "many", "other")


class LanguageFallback(UserWarning):
    """copress has no words in the language asked for, so it writes English."""


def base_language(tag: str) -> str:
    """'cy-GB' → 'cy': message files are per language, not per region."""
    return re.split(r"[-_]", tag.strip(), maxsplit=1)[0].lower()


def available() -> list[str]:
    """The languages copress has a message file for."""
    return sorted(p.stem for p in LOCALES.glob("*.yaml"))


def _is_plural(value: object) -> bool:
    return isinstance(value, dict) and "other" in value and set(value) <= set(PLURAL_CATEGORIES)


def _flatten(data: dict, prefix: str = "") -> dict[str, str | dict[str, str]]:
    table: dict[str, str | dict[str, str]] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and not _is_plural(value):
            table.update(_flatten(value, name + "."))
        else:
            table[name] = value
    return table


@cache
def table(lang: str) -> dict[str, str | dict[str, str]]:
    """id → message (or plural forms) of one message file, e.g. table("cy")."""
    with (LOCALES / f"{lang}.yaml").open(encoding="utf-8") as handle:
        # libyaml's loader (same data, about ten times faster) where PyYAML was built with it
        return _flatten(yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {})


@dataclass(frozen=True)
class Messages:
    """The words of one language, with English for any id its file lacks."""

    tag: str  # the language tag asked for, e.g. cy-GB
    lang: str  # the message file used, e.g. cy

    @property
    def locale(self):
        from babel import Locale

        try:
            return Locale.parse(self.tag.replace("-", "_"))
        except (ValueError, LookupError):  # a region Babel does not know: the language alone
            return Locale.parse(self.lang)

    def _raw(self, id: str) -> str | dict[str, str]:
        own = table(self.lang)
        if id in own:
            return own[id]
        english = table(ENGLISH)
        if id not in english:
            raise KeyError(f"no message '{id}' in copress/locales/{ENGLISH}.yaml")
        return english[id]

    def text(self, id: str, **values: object) -> str:
        message = self._raw(id)
        if isinstance(message, dict):
            raise TypeError(f"message '{id}' has plural forms: use plural(id, n)")
        return message.format(**values) if values else message

    def plural(self, id: str, n: int | float, **values: object) -> str:
        """The form of message `id` for the number n, with {n} written as a number."""
        forms = self._raw(id)
        if not isinstance(forms, dict):
            return forms.format(n=self.number(n), **values)
        category = self.locale.plural_form(n)
        return forms.get(category, forms["other"]).format(n=self.number(n), **values)

    def date(self, day: datetime.date, format: str = "long") -> str:
        """A date in words, by default the language's long form: '3 December 2026', '3 Rhagfyr
        2026'; `format` may be a CLDR pattern, e.g. "EEEE d MMMM y" for 'Friday 15 January 2027'."""
        from babel.dates import format_date

        return format_date(day, format=format, locale=self.locale)

    def number(self, n: int | float) -> str:
        if type(n) is int and 0 <= n < 100:
            # What format_decimal gives for these in every locale (no grouping, no sign, Latin
            # digits: Babel's default numbering system), without its first-call cost (40 ms).
            return str(n)
        from babel.numbers import format_decimal

        return format_decimal(n, locale=self.locale)

    def join_and(self, items: list[str] | tuple[str, ...]) -> str:
        """A list in words: 'a, b and c' in English (copress's house style, as CLDR's en-GB), in
        other languages as CLDR lists them (Babel's format_list: Welsh 'a, b, a(c) c')."""
        from .textkit import join_and

        if self.lang == ENGLISH or len(items) < 2:
            return join_and(items)
        from babel.lists import format_list

        return format_list(list(items), locale=self.locale)

    def page_of(self, page: int, pages: int) -> str:
        return self.text("common.page-of", page=self.number(page), pages=self.number(pages))

    def page_of_css(self) -> str:
        """"Page N of M" as a CSS `content` value, for the paged media of every PDF."""
        parts = re.split(r"(\{page\}|\{pages\})", self.text("common.page-of"))
        css = [f'counter({p[1:-1]})' if p in ("{page}", "{pages}") else '"' + p.replace('"', '\\"') + '"'
               for p in parts if p]
        return " ".join(css)

    def language_name(self, in_lang: str | None = None) -> str:
        """This language's name, in this language or in `in_lang`: 'Welsh', 'Cymraeg'."""
        from babel import Locale

        return Locale.parse(self.lang).get_display_name(Locale.parse(in_lang or self.lang))


def messages(tag: str) -> Messages:
    """The Messages for a language tag; English, with a LanguageFallback warning, for a
    language copress has no words in yet."""
    lang = base_language(tag)
    if lang not in available():
        warnings.warn(f"copress has no words in the language '{tag}' yet, so the words it writes "
                      f"itself are English; languages: {', '.join(available())} "
                      "(add copress/locales/<lang>.yaml, copied from en.yaml)",
                      LanguageFallback, stacklevel=2)
        return Messages("en-GB", ENGLISH)  # English words with English dates, not a mix
    return Messages(tag, lang)
