"""The credit ledger on a repository with a known history: exact counts, mailmap, co-authors, cache."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import jsonschema
import pytest
import yaml

from copress.credit.history import load_tally
from copress.credit.ledger import build_ledger
from copress.project import Project
from conftest import REPO, copy_sample, run_copress

pytestmark = pytest.mark.fast  # no browser, no full build: part of `make test-fast`


def commit(project: Path, author: str, message: str, date: str = "2026-03-01T10:00:00Z") -> None:
    name, email = author.rsplit(" <", 1)
    env = {**os.environ, "GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email.rstrip(">"),
           "GIT_COMMITTER_NAME": "CI", "GIT_COMMITTER_EMAIL": "ci@example.org",
           "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    subprocess.run(["git", "add", "-A"], cwd=project, check=True)
    subprocess.run(["git", "commit", "-q", "-m", message], cwd=project, env=env, check=True)


def set_git(project: Path, cid: str, addresses: list[str]) -> None:
    path = project / "contributors" / f"{cid}.yaml"
    data = yaml.safe_load(path.read_text())
    data["git"] = addresses
    path.write_text(yaml.safe_dump(data, allow_unicode=True))


def append(project: Path, name: str, lines: list[str]) -> None:
    path = project / "manuscript" / name
    path.write_text(path.read_text() + "\n".join(lines) + "\n")


def history_project(tmp_path: Path) -> Path:
    project = copy_sample(tmp_path / "project", commit=False)
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    set_git(project, "amina-okafor", ["amina@example.org"])
    set_git(project, "gareth-hughes", ["gareth@example.org"])
    set_git(project, "sam-rivers", ["kwame@example.net"])
    set_git(project, "public-contributor-a", ["graham@example.net"])
    (project / ".mailmap").write_text("Gareth Hughes <gareth@example.org> Old Laptop <old@example.org>\n")
    commit(project, "Setup <setup@example.org>", "sample", "2026-01-01T10:00:00Z")
    append(project, "02-background.md", ["", "One.", "Two.", "Three."])  # 4 lines, under the last heading
    commit(project, "Amina Okafor <amina@example.org>", "background", "2026-02-01T10:00:00Z")
    append(project, "03-who-and-when.md", ["Mailmapped one.", "Mailmapped two."])
    commit(project, "Old Laptop <old@example.org>", "via mailmap", "2026-02-02T10:00:00Z")
    append(project, "07-remote.md", ["a", "b", "c", "d"])
    commit(project, "Gareth Hughes <gareth@example.org>",
           "remote section as Kwame said it\n\nCo-authored-by: Kwame <kwame@example.net>", "2026-02-03T10:00:00Z")
    append(project, "08-honesty.md", ["stranger"])
    commit(project, "Stranger <stranger@example.com>", "unmapped", "2026-02-04T10:00:00Z")
    (project / "build").mkdir()
    (project / "build" / "forced.txt").write_text("generated\n")
    subprocess.run(["git", "add", "-f", "build/forced.txt"], cwd=project, check=True)
    commit(project, "Amina Okafor <amina@example.org>", "generated only", "2026-02-05T10:00:00Z")
    subprocess.run(["git", "mv", "manuscript/04-relationships.md", "manuscript/04-together.md"], cwd=project, check=True)
    commit(project, "Amina Okafor <amina@example.org>", "rename", "2026-02-06T10:00:00Z")
    append(project, "09-tools.md", ["graham's words"])
    commit(project, "Graham <graham@example.net>", "anonymous contributor's commit", "2026-02-07T10:00:00Z")
    return project


def test_exact_counts_from_a_known_history(tmp_path):
    project = history_project(tmp_path)
    ledger = build_ledger(Project.load(project))
    e = ledger.entries
    assert (e["amina-okafor"].commits, e["amina-okafor"].lines_added) == (2, 4)  # not the build/-only commit
    assert "manuscript/04-together.md" in e["amina-okafor"].files  # renamed file under its new name
    assert e["amina-okafor"].sections == {"What we mean by co-production"}  # the last heading in 02
    assert (e["gareth-hughes"].commits, e["gareth-hughes"].lines_added) == (2, 6)  # .mailmap + own
    assert (e["sam-rivers"].commits, e["sam-rivers"].lines_added) == (1, 4)  # Co-authored-by, in full
    assert (e["public-contributor-a"].commits, e["public-contributor-a"].lines_added) == (1, 1)
    assert e["denise-harper"].commits == 0 and e["denise-harper"].hours == 11.5  # involvement only
    assert {(u.email, u.commits) for u in ledger.unmapped} == {("setup@example.org", 1), ("stranger@example.com", 1)}
    assert e["amina-okafor"].first.isoformat() == "2025-02-11" and e["amina-okafor"].last.isoformat() == "2026-02-06"
    assert "writing" in e["sam-rivers"].stages


def test_stage_paths_in_copress_yaml(tmp_path):
    project = history_project(tmp_path)
    (project / "copress.yaml").write_text("stage-paths:\n  'manuscript/07-*': dissemination\n")
    ledger = build_ledger(Project.load(project))
    git_events = [ev for ev in ledger.entries["sam-rivers"].events if ev.source == "git"]
    assert [ev.stage for ev in git_events] == ["dissemination"]


def test_cache_rereads_only_new_commits(tmp_path):
    project = history_project(tmp_path)
    cache = tmp_path / "cache"
    groups, head = load_tally(project, cache)
    assert sum(g.commits for g in groups.values()) == 7  # the build/-only commit does not count
    # Tamper with the cached tally of old commits: if they were read again, this would vanish.
    path = next(cache.glob("history*.json"))
    data = json.loads(path.read_text())
    data["groups"]["stranger@example.com"]["added"] = 99999
    path.write_text(json.dumps(data))
    append(project, "10-conclusions.md", ["new"])
    commit(project, "Amina Okafor <amina@example.org>", "new", "2026-03-01T10:00:00Z")
    groups, new_head = load_tally(project, cache)
    assert new_head != head and sum(g.commits for g in groups.values()) == 8
    assert groups[("stranger@example.com",)].added == 99999  # old commits came from the cache
    assert groups[("amina@example.org",)].commits == 3


def test_credit_outputs_cff_json_statement_and_private_record(tmp_path):
    project = history_project(tmp_path)
    (project / "copress.yaml").write_text("payment: {per_hour: 20, currency: GBP}\n")
    commit(project, "Amina Okafor <amina@example.org>", "payment rate")
    result = run_copress("build", "credit", "-C", str(project))
    assert result.returncode == 0, result.stderr
    out = project / "build"
    cff = yaml.safe_load((out / "credit/CITATION.cff").read_text())
    schema = json.loads((REPO / "tests/fixtures/cff-1.2.0-schema.json").read_text())
    jsonschema.validate(cff, schema)
    # a pseudonym is used in deposit metadata only with consent (credit/deposits.py): Sam Rivers gave it
    assert [a.get("family-names") or a.get("alias") or a.get("name") for a in cff["authors"]] == \
        ["Okafor", "Harper", "Mensah", "Sam Rivers", "H. L.", "Hughes"]
    assert cff["authors"][0]["orcid"] == "https://orcid.org/0000-0002-1825-0097"
    ledger = json.loads((out / "credit/ledger.json").read_text())
    ids = [c["id"] for c in ledger["contributors"]]
    assert "sam-rivers" not in ids and "public-contributor-a" not in ids and "amina-okafor" in ids
    anonymous = next(c for c in ledger["contributors"] if c["name"] == "Public contributor")
    assert anonymous["commits"] == 1 and anonymous["id"].startswith("public-contributor-")
    statement = (out / "credit/contributions.md").read_text()
    assert "- **Writing – review & editing**: Amina Okafor (equal)" in statement
    assert "Public contributor" in statement and "Graham" not in statement
    svg = (out / "credit/timeline.svg").read_text()
    assert "<title id=\"timeline-title\">" in svg and "<desc" in svg and ">Sam Rivers<" in svg
    assert "dc:date" not in svg.lower()
    rows = (out / "private/recognition.csv").read_text().splitlines()
    assert "denise-harper,Denise Harper,11.5,20.00,GBP,230.00,0" in rows
    assert not list((out / "credit").glob("*.csv"))


def test_credit_command_names_uncredited_identities(tmp_path):
    project = history_project(tmp_path)
    result = run_copress("credit", "-C", str(project), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    gareth = next(c for c in data["contributors"] if c["id"] == "gareth-hughes")
    assert (gareth["commits"], gareth["lines_added"], gareth["lines_removed"]) == (2, 6, 0)
    assert {u["email"] for u in data["unmapped"]} == {"setup@example.org", "stranger@example.com"}
    text = run_copress("credit", "-C", str(project)).stdout
    assert "stranger@example.com" in " ".join(text.split())


def _table(page, caption: str) -> list[list[str]]:
    """The body rows of the table with this caption, as cell texts."""
    (table,) = [t for t in page.iter("table") if t.findtext("caption") == caption]
    return [[" ".join(c.text_content().split()) for c in row.iter("td")] for row in table.iter("tr")
            if row.find("td") is not None]


def test_the_credit_page_shows_when_each_person_joined_and_the_chart_s_data_as_a_table(tmp_path):
    import lxml.html

    from copress.credit.statements import consent_date

    project = history_project(tmp_path)
    result = run_copress("build", "credit", "-C", str(project))
    assert result.returncode == 0, result.stderr
    out = project / "build/credit"
    page = lxml.html.parse(str(out / "contributions.html")).getroot()
    data = _table(page, "The data of the chart “Who was involved and when”")
    # one row per mark on the chart: matplotlib draws each scatter mark as one PathCollection
    svg = (out / "timeline.svg").read_text()
    assert len(data) == len(re.findall(r'<g id="PathCollection_\d+">', svg)) > 10
    assert ["Gareth Hughes", "2026-02-03", "Writing", "commit", "1"] in data
    assert ["Sam Rivers", "2026-02-03", "Writing", "commit", "1"] in data  # co-authored, under his pseudonym
    assert ["Sam Rivers", "2025-02-11", "Identifying priorities", "work outside git", "1"] in data
    # the same contributions the chart's legend counts: every dated contribution of everyone shown
    ledger = build_ledger(Project.load(project))
    assert sum(int(row[4]) for row in data) == sum(len(e.events) for e in ledger.ordered())

    process = {row[0]: row[1:] for row in _table(page, "When each person joined, gave consent and signed off")}
    sam = Project.load(project).contributors["sam-rivers"]
    assert process["Sam Rivers"] == ["2025-02-11", str(consent_date(sam) or "not recorded"), "not recorded"]
    assert process["Gareth Hughes"][0] == min(e.date for e in ledger.entries["gareth-hughes"].events).isoformat()
    assert "Kwame" not in (out / "contributions.html").read_text()


def test_a_sign_off_shows_on_the_credit_page_and_turns_earlier_when_the_text_changes(tmp_path):
    import datetime

    import lxml.html

    project = history_project(tmp_path)
    result = run_copress("signoff", "amina-okafor", "-C", str(project))
    assert result.returncode == 0, result.stderr
    caption = "When each person joined, gave consent and signed off"

    def signed(name: str) -> str:
        assert run_copress("build", "credit", "-C", str(project), "-q").returncode == 0
        page = lxml.html.parse(str(project / "build/credit/contributions.html")).getroot()
        return {row[0]: row[3] for row in _table(page, caption)}[name]

    today = datetime.date.today().isoformat()
    assert signed("Amina Okafor") == today and signed("Denise Harper") == "not recorded"
    append(project, "02-background.md", ["", "A change after she signed off."])
    commit(project, "Amina Okafor <amina@example.org>", "a later change", "2026-03-02T10:00:00Z")
    assert signed("Amina Okafor") == f"{today} (an earlier version)"
