"""Languages (issue 14, item 4): the message files and their reader, `languages:` in copress.yaml
and the "not yet checked" notice, journal sections found by id in any language, easy-read rules
that say which checks they cannot run for a language, and references in the document's language."""

from __future__ import annotations

import datetime
import re
import string
from pathlib import Path

import pytest
import yaml

from conftest import REPO, copy_sample
from copress.errors import CopressError
from copress.messages import LOCALES, PLURAL_CATEGORIES, LanguageFallback, available, messages, table

pytestmark = pytest.mark.fast  # no browser and no full build

LANGUAGES = [lang for lang in available() if lang != "en"]


# ------------------------------------------------------------------------ the message files

def _fields(message) -> set[str]:
    forms = message.values() if isinstance(message, dict) else [message]
    return {name for form in forms for _, name, _, _ in string.Formatter().parse(form) if name}


def test_english_and_welsh_are_shipped():
    assert {"en", "cy"} <= set(available())


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_english_message_id_exists_in_each_language_with_the_same_values(lang):
    english, own = table("en"), table(lang)
    assert sorted(set(english) - set(own)) == [], f"ids missing from copress/locales/{lang}.yaml"
    assert sorted(set(own) - set(english)) == [], f"ids in {lang}.yaml that en.yaml does not have"
    for id, message in english.items():
        assert _fields(own[id]) == _fields(message), (lang, id)


@pytest.mark.parametrize("lang", available())
def test_every_plural_message_has_every_form_its_language_uses(lang):
    from babel import Locale

    needed = set(Locale.parse(lang).plural_form.tags) | {"other"}
    for id, message in table(lang).items():
        if isinstance(message, dict):
            assert needed <= set(message) <= set(PLURAL_CATEGORIES), (lang, id, sorted(message))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_message_still_in_english_is_marked_as_needing_a_fluent_speaker(lang):
    """Machine-guessed or untranslated words must not pass as checked: each line whose text
    is still the English one says so."""
    english = table("en")
    stack: list[str] = []
    for line in (LOCALES / f"{lang}.yaml").read_text(encoding="utf-8").splitlines():
        m = re.match(r'^( *)([\w-]+):\s*(".*?")?\s*(#.*)?$', line)
        if not m:
            continue
        stack = stack[:len(m.group(1)) // 2] + [m.group(2)]
        id = ".".join(stack)
        if m.group(3) and english.get(id) == yaml.safe_load(m.group(3)) and any(c.isalpha() for c in english[id]) \
                and id not in ("article.orcid",):  # a name, the same in every language
            assert m.group(4) and "needs a fluent speaker" in m.group(4), (lang, id)


def test_english_messages_are_the_words_copress_writes_today():
    """So that moving the editions onto the message files changes no English byte."""
    from copress.collab.review_pack import SENDER
    from copress.contributors import ANONYMOUS_LABEL
    from copress.course.pages import PRIVACY_NOTE
    from copress.credit.statements import (ACKNOWLEDGEMENTS_INTRO, ACKNOWLEDGEMENTS_TITLE, CONTRIBUTIONS_TITLE,
                                           KIND_PHRASE, KIND_PLURAL)
    from copress.easyread.pictures import OPENMOJI_CREDIT
    from copress.vocab.gripp2 import ITEMS

    en = messages("en-GB")
    assert en.text("article.authors-contributions") == CONTRIBUTIONS_TITLE
    assert en.text("article.acknowledgements") == ACKNOWLEDGEMENTS_TITLE
    assert en.text("article.acknowledgements-intro") == ACKNOWLEDGEMENTS_INTRO
    assert {k: en.text(f"contributor.{k}") for k in ANONYMOUS_LABEL} == ANONYMOUS_LABEL
    assert {k: en.text(f"credit.kind-plural.{k}") for k in KIND_PLURAL} == KIND_PLURAL
    assert {k: en.text(f"article.kind-phrase.{k}") for k in KIND_PHRASE} == KIND_PHRASE
    assert {k: en.text(f"article.gripp2-items.{k}") for k in ITEMS} == ITEMS
    assert en.text("review-pack.sender") == SENDER
    assert en.text("course.privacy-note") == PRIVACY_NOTE
    assert en.text("easy-read.pictures-credit") == OPENMOJI_CREDIT
    page_of = f"content: {en.page_of_css()};"
    assert page_of in (REPO / "templates/base-print.css").read_text()
    assert f'content: "{en.text("easy-read.draft-mark")}";' in (REPO / "templates/easy-read-print.css").read_text()
    assert en.plural("common.hours", 1) == "1 hour" and en.plural("common.hours", 1.5) == "1.5 hours"


def test_welsh_dates_numbers_pages_and_plurals_follow_the_language():
    cy, en = messages("cy-GB"), messages("en-GB")
    day = datetime.date(2027, 1, 15)
    assert en.date(day) == "15 January 2027" and cy.date(day) == "15 Ionawr 2027"
    assert en.date(day, "EEEE d MMMM y") == "Friday 15 January 2027"
    assert cy.date(day, "EEEE d MMMM y") == "Dydd Gwener 15 Ionawr 2027"
    assert cy.page_of(3, 10) == "Tudalen 3 o 10" and en.page_of(3, 10) == "Page 3 of 10"
    assert cy.page_of_css() == '"Tudalen " counter(page) " o " counter(pages)'
    # Welsh has six plural categories; with digits the noun stays singular ("3 awr")
    assert [cy.locale.plural_form(n) for n in (0, 1, 2, 3, 6, 4)] == list(PLURAL_CATEGORIES)
    assert [cy.plural("common.hours", n) for n in (0, 1, 2, 3)] == ["0 awr", "1 awr", "2 awr", "3 awr"]
    assert en.plural("common.minutes", 0) == "0 minutes" and en.number(1500) == "1,500"
    # lists: copress's house style in English (no serial comma), CLDR's Welsh ("a" or "ac")
    people = ["Amina", "Ellis", "Owen"]
    assert en.join_and(people) == "Amina, Ellis and Owen" and en.join_and(people[:1]) == "Amina"
    assert cy.join_and(people) == "Amina, Ellis, a(c) Owen" and cy.join_and([]) == ""


def test_a_welsh_id_missing_from_the_file_falls_back_to_english(monkeypatch):
    own = dict(table("cy"))
    del own["article.abstract"]
    monkeypatch.setattr("copress.messages.table", lambda lang: own if lang == "cy" else table.__wrapped__(lang))
    assert messages("cy").text("article.abstract") == "Abstract"


def test_an_unknown_language_falls_back_to_english_with_a_warning():
    with pytest.warns(LanguageFallback, match="no words in the language 'fr'"):
        fr = messages("fr")
    assert fr.lang == "en" and fr.text("article.abstract") == "Abstract"
    assert fr.date(datetime.date(2027, 1, 15)) == "15 January 2027"  # English words, English dates


# ------------------------------------------------------------------- copress.yaml languages:

@pytest.fixture
def project_dir(tmp_path) -> Path:
    return copy_sample(tmp_path / "p", commit=False)


def _load(root: Path, config: str):
    from copress.project import Project

    (root / "copress.yaml").write_text(config)
    return Project.load(root)


def test_welsh_is_unchecked_until_a_fluent_speaker_is_named(project_dir):
    from copress.project import language_checked, language_notice

    project = _load(project_dir, "easy-read:\n  lang: cy\n  reviewed-by: [public-contributor-a]\n")
    assert language_checked(project, "en-GB") and language_notice(project, "en-GB") == []
    # easy-read readers check that a text is easy to read, not copress's Welsh: the notice stays
    assert not language_checked(project, "cy")
    assert language_notice(project, "cy") == [
        "Nid yw'r testun Cymraeg hwn wedi'i wirio eto gan siaradwr Cymraeg rhugl.",
        "This Welsh text has not yet been checked by a fluent Welsh speaker."]
    project = _load(project_dir, "easy-read: {lang: cy}\nlanguages:\n  cy:\n    checked-by: [gareth-hughes]\n")
    assert language_checked(project, "cy-GB") and language_notice(project, "cy") == []


def test_an_edition_may_have_its_own_language(project_dir):
    from copress.project import edition_lang

    project = _load(project_dir, "easy-read:\n  lang: cy-GB\n")
    assert edition_lang(project, "easy-read") == "cy-GB" and edition_lang(project, "article") == "en-GB"


@pytest.mark.parametrize("config, message, line", [
    ("journal: generic\nlanguages:\n  cy:\n    checked-by: [gareth-hughes, nobody-here]\n",
     "'nobody-here', named as having checked the cy wording, has no file contributors/nobody-here.yaml", 4),
    ("languages:\n  fr:\n    checked-by: [gareth-hughes]\n",
     "languages: 'fr': copress has no words in this language yet", 2),
    ("languages:\n  en:\n    checked-by: [gareth-hughes]\n", "languages: 'en': English needs no checker", 2),
    ("languages:\n  cy:\n    checked-by: [gareth-hughes]\n    by: [sam-rivers]\n", "unknown key 'languages.cy.by'", 4),
    ("easy-read:\n  lang: Welsh!\n", "easy-read.lang: 'Welsh!' is not a language tag such as en-GB or cy", 2),
])
def test_bad_languages_settings_are_errors_with_file_and_line(project_dir, config, message, line):
    with pytest.raises(CopressError) as caught:
        _load(project_dir, config)
    assert caught.value.file == "copress.yaml" and caught.value.line == line
    assert str(caught.value.message).startswith(message), caught.value.message


# ------------------------------------------------------------- journal sections in any language

ARTICLE = """<html><body><main>
<section class="abstract"><h2>{abstract}</h2><p>Words.</p></section>
<h2 id="{c}">{conclusions}</h2><p>Words.</p>
<h2 id="{ci}">{competing}</h2><p>Words.</p>
<h2 class="funding" id="x">{funding}</h2><p>Words.</p>
<h2 id="sec-contributions">{contributions}</h2><p>Words.</p>
<h2 id="sec-acknowledgements">{acknowledgements}</h2><p>Words.</p>
</main></body></html>"""


def _missing(tmp_path: Path, **headings) -> list[str]:
    from copress.checks.journal import check_journal
    from copress.journals import load_profile

    html = tmp_path / "article.html"
    html.write_text(ARTICLE.format(**headings), encoding="utf-8")
    findings, _ = check_journal(html, load_profile("generic"), "biomed-central.csl")
    return [f.message for f in findings if f.rule == "journal/missing-section" and f.severity == "error"]


def test_a_welsh_article_finds_its_required_sections_by_id_or_class(tmp_path):
    welsh = dict(abstract="Crynodeb", c="conclusions", conclusions="Casgliadau", ci="competing-interests",
                 competing="Buddiannau cystadleuol", funding="Cyllid",
                 contributions="Cyfraniadau'r awduron", acknowledgements="Cydnabyddiaethau")
    assert _missing(tmp_path, **welsh) == []
    # the same Welsh headings without the ids are not recognised: the check really looks
    missing = _missing(tmp_path, **{**welsh, "c": "casgliadau", "ci": "buddiannau"})
    assert [m.split("'")[1] for m in missing] == ["Conclusions", "Competing interests"]
    assert "{#conclusions}" in _hint(tmp_path, **{**welsh, "c": "casgliadau", "ci": "buddiannau"})


def _hint(tmp_path: Path, **headings) -> str:
    from copress.checks.journal import check_journal
    from copress.journals import load_profile

    html = tmp_path / "article.html"
    html.write_text(ARTICLE.format(**headings), encoding="utf-8")
    findings, _ = check_journal(html, load_profile("generic"), "biomed-central.csl")
    return next(f.hint for f in findings if f.rule == "journal/missing-section")


def test_english_headings_are_still_found_by_their_text(tmp_path):
    english = dict(abstract="Abstract", c="a", conclusions="Conclusions", ci="b", competing="Competing interests",
                   funding="Funding", contributions="Authors' contributions", acknowledgements="Acknowledgements")
    assert _missing(tmp_path, **english) == []
    assert _missing(tmp_path, **{**english, "conclusions": "Summing up"}) == [
        "the article has no 'Conclusions' section, which Generic journal requires"]


# ------------------------------------------------------------------ easy-read rules by language

WELSH_EASY_READ = """\
# Am y ddogfen hon

::: {.block picture="report"}
Dyma'r fersiwn hawdd ei ddeall o **erthygl**.
Mae 25% o bobl yn DARLLEN hwn.
:::
"""


def test_easy_read_rules_say_which_checks_they_cannot_run_on_welsh():
    import wordfreq

    from copress.easyread.glossary import Glossary
    from copress.easyread.pictures import PictureTable
    from copress.easyread.rules import Context, check_text, skipped_rules
    from copress.easyread.text import parse_text

    assert "cy" not in wordfreq.available_languages()  # why the hard-word rule cannot run on Welsh
    parsed = parse_text(WELSH_EASY_READ, "manuscript/easy-read.md")
    findings = check_text(Context(parsed, Glossary([]), PictureTable(REPO), REPO, "cy"))
    rules = {f.rule for f in findings}
    skipped = skipped_rules("cy")
    assert {"easyread/hard-word", "easyread/abbreviation", "easyread/capitals", "easyread/number-words",
            "easyread/passive", "easyread/readability"} == set(skipped)
    assert not rules & set(skipped)  # no English word list ran on the Welsh text
    assert "easyread/percentage" in rules  # the rules that know no language still run
    [warning] = [f for f in findings if f.rule == "easyread/language"]
    assert warning.severity == "warning" and "'cy'" in warning.message
    assert all(rule_id in warning.message for rule_id in skipped) and "wordfreq" in warning.message
    # in English, every rule runs and nothing is skipped
    english = check_text(Context(parsed, Glossary([]), PictureTable(REPO), REPO, "en-GB"))
    assert "easyread/language" not in {f.rule for f in english}
    assert "easyread/hard-word" in {f.rule for f in english}


# ---------------------------------------------------------------- references in the language

BIB = """@article{jones2020, author = {Jones, Ann and Smith, Bob and Evans, Cai and Hughes, Dai},
  title = {A title}, journal = {Journal}, year = {2020}, month = {3}}
"""


@pytest.mark.parametrize("meta_lang, lang, expect, absent", [
    ("cy-GB", None, ["a/ac Dai Hughes", "Mawrth"], ["and Dai Hughes", "March"]),  # the document's own lang
    (None, "cy", ["a/ac Dai Hughes", "Mawrth"], ["and Dai Hughes", "March"]),      # passed by the edition
    ("en-GB", None, ["and Dai Hughes", "March"], ["a/ac", "Mawrth"]),
])
def test_citeproc_uses_the_csl_locale_of_the_document_language(tmp_path, meta_lang, lang, expect, absent):
    from copress.document import Sources, citeproc, parse, run_pandoc, to_json

    (tmp_path / "refs.bib").write_text(BIB)
    meta = f"lang: {meta_lang}\n" if meta_lang else ""
    doc = parse(f"---\n{meta}bibliography: refs.bib\n---\n\nText [@jones2020].\n", tmp_path)
    data = citeproc(to_json(doc), tmp_path, Sources([]), "refs.bib", lang=lang)
    text = " ".join(run_pandoc(["-f", "json", "-t", "plain"], data, tmp_path, "test")[0].decode().split())
    for words in expect:
        assert words in text, text
    for words in absent:
        assert words not in text, text


@pytest.mark.fast
@pytest.mark.filterwarnings("ignore::copress.messages.LanguageFallback")  # numbers are Babel's anyway
@pytest.mark.parametrize("lang", ["en", "cy", "ar", "fa", "hi", "bn", "tok", "de-CH"])
def test_small_numbers_are_written_as_babel_writes_them(lang):
    # Messages.number writes 0–99 itself, without Babel's first-call cost: the same text
    from babel.numbers import format_decimal

    words = messages(lang)
    assert [words.number(n) for n in range(100)] == [format_decimal(n, locale=words.locale) for n in range(100)]
    assert words.number(1234) == format_decimal(1234, locale=words.locale)


@pytest.mark.fast
def test_the_page_scripts_hold_no_words_of_their_own():
    """guide.js and course.js write only the sentences their page gives them (data attributes
    from the message files), so a Welsh page's script speaks Welsh."""
    from copress.assets import asset_dir

    for name in ("guide.js", "course.js"):
        script = (asset_dir("templates") / name).read_text(encoding="utf-8")
        assert not re.search(r'"[A-Z][a-z]+ [a-z]', script) and '"(done)"' not in script, name
