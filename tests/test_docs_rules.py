"""Every rule id is declared once, documented, and nothing emits an undeclared one (the way
Datasette's test_plugin_hooks_are_documented holds its hooks and docs together)."""

from __future__ import annotations

import re

import pytest

from conftest import REPO
from copress.checks.registry import CHECKS, all_rules, declared, rules_table
from copress.easyread.rules import RULES as EASY_READ_RULES

pytestmark = pytest.mark.fast

CHECK_MD = REPO / "docs" / "check.md"
# The first part of every rule id copress reports: a string literal starting with one of these
# and a slash is a rule id (other strings such as "manuscript/" or "text/html" are not).
PREFIXES = ("sources", "build", "journal", "plain-summary", "pdfua", "docx", "jats", "jats4r", "links",
            "axe", "html", "vnu", "privacy", "credit", "consent", "history", "easyread")
# A literal rule id ("pdfua/lang"), or the fixed start of a formatted one (f"pdfua/split-{what}").
# ("build/" + name is a path: an id has something after the slash.)
LITERAL = re.compile(r"""(?<![\w/.-])[fF]?["']((?:%s)/(?:[a-z0-9-]+(?=["'])|[a-z0-9-]*(?=\{)))(["']|\{)"""
                     % "|".join(PREFIXES))


def documented_table() -> str:
    text = CHECK_MD.read_text()
    return text[text.index("<!-- rules:start -->\n") + 21:text.index("<!-- rules:end -->")]


def documented_ids() -> set[str]:
    return set(re.findall(r"^\| `([^`]+)` \|", documented_table(), flags=re.MULTILINE))


def emitted_in_source() -> dict[str, list[str]]:
    """Rule ids (and starts of formatted ones, ending in '{') written in copress's code."""
    found: dict[str, list[str]] = {}
    for path in sorted((REPO / "copress").rglob("*.py")):
        for match in LITERAL.finditer(path.read_text()):
            rule = match.group(1) + ("{" if match.group(2) == "{" else "")
            found.setdefault(rule, []).append(str(path.relative_to(REPO)))
    return found


def test_every_declared_rule_is_in_the_docs_table_and_every_row_is_declared():
    ids = [rule.id for rule in all_rules()]
    assert len(ids) == len(set(ids)), "a rule id is declared twice"
    assert sorted(set(ids) - documented_ids()) == [], "declared but not in docs/check.md"
    assert sorted(documented_ids() - set(ids)) == [], "in docs/check.md but declared by no check"


def test_the_docs_table_is_the_registry_table():
    assert documented_table() == rules_table(), \
        "run `.venv/bin/python -m copress.checks.registry` and paste its output into docs/check.md"


def test_every_rule_id_in_the_code_is_declared():
    found = emitted_in_source()
    # The search itself must work: these are written literally in the checks.
    assert {"pdfua/lang", "privacy/leak", "docx/alt-text", "credit/no-roles", "axe/skipped",
            "jats/not-well-formed", "plain-summary/copied", "history/hidden-name"} <= set(found)
    undeclared = []
    for rule, where in found.items():
        if rule.endswith("{"):  # formatted: some declared rule (or family) must start this way
            ok = any(r.id.startswith(rule[:-1]) for r in all_rules())
        else:
            ok = declared(rule) or rule in EASY_READ_RULES
        if not ok:
            undeclared.append((rule, where))
    assert undeclared == []


def test_families_are_declared_for_the_tools_whose_rule_ids_are_passed_through():
    # axe-core and JATS4R name their own rules; vnu's kinds are listed one by one.
    assert declared("axe/image-alt") and declared("jats4r/accessibility-errors")
    assert all(declared(f"vnu/{kind}") for kind in ("error", "non-document-error", "warning", "info"))
    assert not declared("pdfua/no-such-rule") and not declared("axe")


def test_jats4r_pattern_ids_make_rule_ids_of_the_declared_family():
    from copress.checks.jats4r import pattern_ids

    patterns = pattern_ids()
    assert "accessibility-errors" in patterns and len(patterns) == len(set(patterns))
    assert [p for p in patterns if not re.fullmatch(r"[a-z0-9-]+", p) or not declared(f"jats4r/{p}")] == []


def test_every_check_has_an_area_a_title_and_rules_with_reasons():
    for check in CHECKS.values():
        assert check.area and check.title and check.rules, check.id
        for rule in check.rules:
            assert rule.title and rule.why and rule.todo, rule.id
            assert rule.severity in ("error", "warning", "info", "error or warning", "error, warning or info")
        if check.skipped:
            assert check.skipped in {r.id for r in check.rules}, check.id


def test_every_easy_read_rule_is_in_the_easy_read_docs():
    text = (REPO / "docs" / "easy-read.md").read_text()
    assert [rule for rule in EASY_READ_RULES if f"`{rule}`" not in text] == []
