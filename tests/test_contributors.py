"""Contributor models: ORCID check characters, CRediT names, naming choices."""

from __future__ import annotations

import pytest

from copress.contributors import Contributor, orcid_check_char, valid_orcid
from copress.project import Project
from copress.vocab.credit import ROLES, normalise_role
from conftest import copy_sample

pytestmark = pytest.mark.fast  # no browser, no full build: part of `make test-fast`


@pytest.mark.parametrize("orcid", ["0000-0002-1825-0097", "0000-0002-1694-233X",
                                   "https://orcid.org/0000-0001-5109-3700", "0009-0000-0000-0009"])
def test_valid_orcids_including_x_and_0009_prefixes(orcid):
    assert valid_orcid(orcid) == orcid.removeprefix("https://orcid.org/")


@pytest.mark.parametrize("orcid", ["0000-0002-1825-0098", "0000-0002-1825-009", "0000 0002 1825 0097"])
def test_invalid_orcids(orcid):
    with pytest.raises(ValueError):
        valid_orcid(orcid)


def test_check_character_of_a_0009_id_is_computed_not_assumed():
    assert orcid_check_char("000900000000000") == "9"  # worked by hand: 18·2¹¹ mod 11 = 3; (12−3) mod 11


@pytest.mark.parametrize("text,slug", [
    ("Writing – review & editing", "writing-review-editing"),
    ("Writing - review and editing", "writing-review-editing"),
    ("writing-review-editing", "writing-review-editing"),
    ("Formal Analysis", "formal-analysis"),
    ("Conceptualisation", "conceptualization"),
    ("Visualisation", "visualization"),
    ("brainstorming", None),
])
def test_credit_role_variants(text, slug):
    assert normalise_role(text) == slug


def test_official_names_use_en_dash_and_ampersand():
    assert ROLES["writing-original-draft"] == "Writing \u2013 original draft"
    assert ROLES["writing-review-editing"] == "Writing \u2013 review & editing"
    assert len(ROLES) == 14


def _person(**fields) -> Contributor:
    return Contributor.model_validate({"id": "x", "name": "Harriet Anne Lowe", "kind": "public", **fields})


def test_published_names_follow_the_naming_choice():
    assert _person().public_name() == "Harriet Anne Lowe"
    assert _person(named="initials").public_name() == "H.\u00a0A.\u00a0L."
    assert _person(named="pseudonym", pseudonym="Sam").public_name() == "Sam"
    assert _person(named="anonymous").public_name() == "Public contributor"


def test_pseudonym_requires_the_pseudonym_and_hides_identifying_fields():
    with pytest.raises(ValueError, match="needs a 'pseudonym:'"):
        _person(named="pseudonym")
    with pytest.raises(ValueError, match="'email' would be published"):
        _person(named="initials", email="h@example.org")
    with pytest.raises(ValueError, match="corresponding author"):
        _person(named="anonymous", corresponding=True)


def test_several_anonymous_public_contributors_are_numbered_and_ids_are_neutral(tmp_path):
    project_dir = copy_sample(tmp_path / "p", commit=False)
    (project_dir / "contributors/zz-second.yaml").write_text(
        "name: Second Person\nkind: public\nnamed: anonymous\n")
    project = Project.load(project_dir)
    names = project.public_names()
    assert names["public-contributor-a"] == "Public contributor 1"
    assert names["zz-second"] == "Public contributor 2"
    ids = project.public_ids()
    assert ids["amina-okafor"] == "amina-okafor"
    assert ids["zz-second"].startswith("public-contributor-") and "second" not in ids["zz-second"]
