"""What a newcomer met in the co-author-facing parts (issue 15, item 6), each fixed: review packs
that name a contact and a deadline, CRediT roles in plain words, and easy-read check after draft."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import REPO, copy_sample, run_copress
from copress.collab.review_pack import SENDER, how_to_comment, pack_warnings
from copress.errors import CopressError
from copress.project import Project, ReviewConfig
from copress.vocab.credit import DEGREES, DEGREES_PLAIN, PLAIN, ROLES

REVIEW = 'journal: generic\nreview:\n  contact: "Amina Okafor, amina_o@example.org"\n  deadline: 2027-01-15\n'


@pytest.fixture(scope="module")
def packs(tmp_path_factory) -> dict[str, Path]:
    """Sam Rivers's review pack built twice from one sample: without `review:` in copress.yaml,
    then with it. Each entry holds the pack folder; 'stderr-…' what the command printed."""
    project = copy_sample(tmp_path_factory.mktemp("packs") / "project")
    out: dict = {}
    for name in ("without", "with"):
        if name == "with":
            (project / "copress.yaml").write_text(REVIEW)
        result = run_copress("review-pack", "sam-rivers", "-C", str(project))
        assert result.returncode == 0, result.stderr
        folder = project / "build/private/review/sam-rivers"
        out[name] = shutil.copytree(folder, project.parent / f"pack-{name}")
        out[f"stderr-{name}"] = result.stderr
    return out


@pytest.mark.fast
def test_every_credit_role_has_a_short_plain_explanation():
    assert set(PLAIN) == set(ROLES)
    for slug, words in PLAIN.items():
        assert words.strip() and len(words.split()) <= 20, slug
        assert ROLES[slug].lower() not in words.lower(), f"{slug} is explained by its own name"
    assert set(DEGREES_PLAIN) == set(DEGREES)


def test_a_review_pack_explains_each_role_in_plain_words(packs):
    credit = (packs["without"] / "your-credit.md").read_text()
    person = Project.load(REPO).contributors["sam-rivers"]
    assert person.credit  # the sample gives Sam roles to explain
    for claim in person.credit:
        assert f"{claim.name} ({claim.degree}). {PLAIN[claim.role]}" in credit
        assert PLAIN[claim.role] in (packs["without"] / "your-credit.html").read_text()
    assert f"equal means {DEGREES_PLAIN['equal']}" in credit


def test_a_review_pack_without_a_contact_says_whom_to_ask_and_the_command_warns(packs):
    page = (packs["without"] / "how-to-comment.html").read_text()
    assert f"contact {SENDER}" in page and f"ask {SENDER}" in page
    assert "copress: warning: copress.yaml: review packs have no contact or deadline" in packs["stderr-without"]


def test_a_review_pack_shows_the_contact_and_the_deadline_in_words(packs):
    page = (packs["with"] / "how-to-comment.html").read_text()
    assert "<strong>Amina Okafor, amina_o@example.org</strong>" in page  # '_' and '@' stay text
    assert "<strong>Friday 15 January 2027</strong>" in page
    assert SENDER not in page
    assert "Friday 15 January 2027" in (packs["with"] / "how-to-comment.md").read_text()
    assert "warning" not in packs["stderr-with"]


@pytest.mark.fast
def test_a_passed_review_deadline_warns(tmp_path):
    project = copy_sample(tmp_path / "project", commit=False)
    (project / "copress.yaml").write_text('review: {contact: "Amina Okafor", deadline: 2020-01-03}\n')
    assert pack_warnings(Project.load(project)) == [
        "copress.yaml: the review deadline Friday 3 January 2020 has passed; change review: deadline"]


@pytest.mark.fast
def test_how_to_comment_without_review_settings_names_the_sender_twice():
    text = how_to_comment(ReviewConfig())
    assert text.count(SENDER) == 2 and "{" not in text


@pytest.mark.fast
@pytest.mark.parametrize("review, line, message", [
    ("review:\n  deadline: 15/01/2027\n", 2,
     "review.deadline: '15/01/2027' is not a date written year-month-day, e.g. 2027-01-15"),
    ("review:\n  contact: 447700900123\n", 2,
     "review.contact: contact is a name with an e-mail address or phone number, in quotes, "
     'e.g. "Amina Okafor, 01632 960 000"'),
    ("journal: generic\nreview:\n  contacts: Amina\n", 3, "unknown key 'review.contacts'"),
])
def test_a_wrong_review_setting_is_named_with_its_line(tmp_path, review, line, message):
    project = copy_sample(tmp_path / "project", commit=False)
    (project / "copress.yaml").write_text(review)
    with pytest.raises(CopressError) as raised:
        Project.load(project)
    assert (raised.value.message, str(raised.value.file), raised.value.line) == (message, "copress.yaml", line)
    if "unknown" in message:
        assert raised.value.hint.startswith("did you mean 'contact'?")


@pytest.mark.fast
def test_easy_read_check_right_after_draft_says_to_copy_the_draft_into_place(tmp_path):
    project = copy_sample(tmp_path / "project", commit=False)
    (project / "manuscript/easy-read.md").unlink()
    assert run_copress("easy-read", "draft", "-C", str(project)).returncode == 0
    result = run_copress("easy-read", "check", "-C", str(project))
    assert result.returncode == 2
    assert ("manuscript/easy-read.md: there is no easy-read text yet, only the draft "
            "manuscript/easy-read.draft.md") in result.stderr
    assert "copy (or rename) manuscript/easy-read.draft.md to manuscript/easy-read.md" in result.stderr
    assert "Traceback" not in result.stderr
    (project / "manuscript/easy-read.draft.md").unlink()  # no draft either: the plain message
    assert "there is no easy-read text\n" in run_copress("easy-read", "check", "-C", str(project)).stderr
