"""`copress site`: every edition of every kept version, as static pages that work from a folder
and from any static host, with nothing private in them (docs/site.md)."""

from __future__ import annotations

import filecmp
import json
import os
import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import unquote, urlsplit

import lxml.html
import pytest

from conftest import run_copress

from copress.checks.html_axe import check_html
from copress.site.make import WITHHELD

IDENTITY = {"GIT_AUTHOR_NAME": "Ada Researcher", "GIT_AUTHOR_EMAIL": "ada@example.org",
            "GIT_COMMITTER_NAME": "Ada Researcher", "GIT_COMMITTER_EMAIL": "ada@example.org"}
# Canaries: a public contributor's real name (they chose a pseudonym) and a private value, both
# only in their git-ignored side file.
HIDDEN_NAME = "Zebedee Canarywright"
PRIVATE_VALUE = "canary-phone-0163-2960-777"
REASON = "a contributor's consent changed"


def _git(*args: str, cwd: Path, env: dict | None = None) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True,
                          env={**os.environ, **IDENTITY, **(env or {})}).stdout.strip()


def _site(project: Path, *options: str) -> subprocess.CompletedProcess:
    return run_copress("site", "-C", str(project), *options)


def _commit(project: Path, message: str, after: int) -> None:
    """A commit `after` seconds after HEAD's, so versions have a clear order."""
    when = int(_git("log", "-1", "--format=%ct", cwd=project)) + after
    _git("add", "-A", cwd=project)
    _git("commit", "-q", "-m", message, cwd=project,
         env={"GIT_AUTHOR_DATE": f"@{when} +0000", "GIT_COMMITTER_DATE": f"@{when} +0000"})


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> SimpleNamespace:
    """A scaffolded project with a pseudonymous contributor, its site after the first commit
    (copied, as CI would restore it) and after a second commit built on that copy."""
    base = tmp_path_factory.mktemp("site")
    project = base / "paper"
    assert run_copress("new", str(project), env=IDENTITY).returncode == 0
    (project / "contributors/sam-rivers.yaml").write_text(
        'kind: public\nnamed: pseudonym\npseudonym: "Sam Rivers"\ncredit:\n  - conceptualization\n')
    (project / "contributors/sam-rivers.private.yaml").write_text(
        f'name: {HIDDEN_NAME}\nprivate:\n  phone: "{PRIVATE_VALUE}"\n')
    _commit(project, "Add Sam Rivers as a contributor", after=60)
    first = _site(project)
    assert first.returncode == 0, first.stderr
    first_id = _git("rev-parse", "--short=7", "HEAD", cwd=project)
    shutil.copytree(project / "build/site", base / "first-site")

    article = project / "manuscript/01-article.md"
    article.write_text(article.read_text().replace("Start writing here.", "We began in 2025."))
    # a commit subject that names someone who chose a pseudonym: public in the repository, but
    # the site must not repeat it
    _commit(project, f"Introduction as {HIDDEN_NAME} suggested", after=120)
    second = _site(project, "--previous", str(base / "first-site"))
    assert second.returncode == 0, second.stderr
    shutil.copytree(project / "build/site", base / "second-site")
    return SimpleNamespace(project=project, base=base, first=base / "first-site", second=base / "second-site",
                           first_id=first_id, second_id=_git("rev-parse", "--short=7", "HEAD", cwd=project),
                           output=second.stdout)


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def _versions(folder: Path) -> dict[str, dict]:
    return {v["id"]: v for v in json.loads((folder / "versions.json").read_text())["versions"]}


def test_site_has_an_index_each_version_and_latest_a_copy_of_the_newest(site):
    first, second = site.first, site.second
    assert sorted(p.name for p in (first / "v").iterdir()) == [site.first_id]
    assert {"index.html", "versions.html", "versions.json"} <= {p.name for p in second.iterdir()}
    assert sorted(p.name for p in (second / "v").iterdir()) == sorted([site.first_id, site.second_id])
    newest = second / "v" / site.second_id
    assert not (second / "latest").is_symlink()
    comparison = filecmp.dircmp(newest, second / "latest")
    assert [p.relative_to(newest) for p in _files(newest)] == \
        [p.relative_to(second / "latest") for p in _files(second / "latest")]
    for path in _files(newest):
        assert path.read_bytes() == (second / "latest" / path.relative_to(newest)).read_bytes()
    assert not comparison.diff_files
    assert (newest / "article.pdf").read_bytes() != (second / "v" / site.first_id / "article.pdf").read_bytes()
    assert f"version {site.second_id} built" in site.output


def test_the_first_version_is_kept_byte_for_byte_when_the_site_is_rebuilt(site):
    kept, before = site.second / "v" / site.first_id, site.first / "v" / site.first_id
    assert [p.relative_to(kept) for p in _files(kept)] == [p.relative_to(before) for p in _files(before)]
    assert all(p.read_bytes() == (before / p.relative_to(kept)).read_bytes() for p in _files(kept))
    versions = _versions(site.second)
    assert list(versions) == [site.second_id, site.first_id]  # newest first
    # only commits that touched manuscript/ are listed: adding a contributor did not
    assert versions[site.first_id]["summary"] == ["Start a copress project (copress new)"]
    assert versions[site.second_id]["withdrawn"] is None and versions[site.second_id]["date"]


def test_index_lists_each_edition_with_what_and_who_it_is_for(site):
    page = lxml.html.parse(str(site.second / "index.html")).getroot()
    assert page.get("lang") == "en"
    links = {a.get("href"): " ".join(a.text_content().split()) for a in page.iter("a")}
    assert links["latest/article.pdf"] == "The article as a PDF"
    for file in ("article.html", "article.docx", "article.xml", "credit/contributions.html",
                 "credit/CITATION.cff", "supplementary/gripp2-short-form.html"):
        assert f"latest/{file}" in links
    assert not any("easy-read" in href or "course" in href for href in links)  # not built: not listed
    assert links[f"v/{site.second_id}/index.html"] == f"version {site.second_id}"
    row = next(a for a in page.iter("a") if a.get("href") == "latest/article.docx").getparent().getparent()
    assert "Co-authors and reviewers who use Word." in row.text_content()
    assert "Content-Security-Policy" in (site.second / "index.html").read_text()


def test_versions_page_lists_changes_and_withholds_a_subject_naming_someone_hidden(site):
    text = (site.second / "versions.html").read_text()
    assert f"Version {site.first_id} of " in text and f"Version {site.second_id} of " in text
    assert "Start a copress project (copress new)" in text and "Add Sam Rivers" not in text
    assert WITHHELD in text and WITHHELD in _versions(site.second)[site.second_id]["summary"]


def test_site_holds_no_private_folder_no_staging_and_no_hidden_file(site):
    for folder in (site.first, site.second, site.project / "build/site"):
        for path in folder.rglob("*"):
            parts = path.relative_to(folder).parts
            assert "private" not in parts and "staging" not in parts, path
            assert not any(part.startswith(".") for part in parts), path
    assert "recognition.csv" not in {p.name for p in _files(site.second)}
    assert not list((site.project / "build/private/staging").glob("site-*"))  # the work folder went


def test_no_private_value_or_hidden_name_reaches_the_site_and_the_privacy_scan_reads_it(site):
    for path in _files(site.second):
        data = path.read_bytes().lower()
        assert HIDDEN_NAME.lower().encode() not in data and PRIVATE_VALUE.encode() not in data, path
    result = run_copress("check", "-C", str(site.project), "--only", "privacy", "--json")
    report = json.loads(result.stdout)
    scanned = next(c for c in report["checks"] if c["check"] == "privacy")["files"]
    assert f"build/site/v/{site.second_id}/article.pdf" in scanned and "build/site/versions.html" in scanned
    assert result.returncode == 0, report["findings"]

    # and what it reads, it would catch: a hidden name planted in a site page is an error
    planted = site.project / "build/site/versions.html"
    original = planted.read_text()
    try:
        planted.write_text(original.replace("</main>", f"<p>{HIDDEN_NAME}</p></main>"))
        result = run_copress("check", "-C", str(site.project), "--only", "privacy", "--json")
        leaks = [f["file"] for f in json.loads(result.stdout)["findings"] if f["rule"] == "privacy/leak"]
        assert result.returncode == 1 and leaks == ["build/site/versions.html"]
    finally:
        planted.write_text(original)
    # in a kept version, the way out is to withdraw that version
    planted = site.project / f"build/site/v/{site.first_id}/article.html"
    original = planted.read_text()
    try:
        planted.write_text(original.replace("</main>", f"<p>{HIDDEN_NAME}</p></main>"))
        result = run_copress("check", "-C", str(site.project), "--only", "privacy", "--json")
        (leak,) = [f for f in json.loads(result.stdout)["findings"] if f["rule"] == "privacy/leak"]
        assert leak["file"] == f"build/site/v/{site.first_id}/article.html"
        assert f"--withdraw {site.first_id}" in leak["hint"]
    finally:
        planted.write_text(original)


def _links(page: Path) -> list[str]:
    tree = lxml.html.parse(str(page)).getroot()
    return [element.get(attribute) for element in tree.iter()
            for attribute in ("href", "src") if element.get(attribute)]


def test_every_relative_link_on_every_page_of_the_site_leads_to_a_file_and_an_id(site):
    checked = 0
    for page in site.second.rglob("*.html"):
        for link in _links(page):
            parts = urlsplit(link)
            if parts.scheme or link.startswith("//"):
                assert parts.scheme in ("http", "https", "mailto", "data"), (page, link)
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            assert target.is_relative_to(site.second.resolve()), (page, link)  # never out of the site
            assert target.is_file(), (page, link)
            if parts.fragment and target.suffix == ".html":
                ids = {e.get("id") for e in lxml.html.parse(str(target)).getroot().iter() if e.get("id")}
                assert unquote(parts.fragment) in ids, (page, link)
            checked += 1
    assert checked > 30


def test_site_pages_have_no_axe_violations(site):
    pages = [site.second / "index.html", site.second / "versions.html", site.second / "latest/index.html"]
    assert [f"{f.file}: {f.rule}: {f.message}" for f in check_html(pages)] == []


def test_site_works_from_a_folder_in_a_browser(site, browser):
    context = browser.new_context()
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url) if not r.url.startswith(("file:", "data:")) else None)
    page = context.new_page()
    page.goto((site.second / "index.html").as_uri())
    page.get_by_role("link", name="The article as a web page").click()
    page.wait_for_load_state()
    assert page.url.endswith("/latest/article.html") and page.locator("main").count() == 1
    page.goto((site.second / "versions.html").as_uri())
    page.get_by_role("link", name=f"Open version {site.first_id}").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/v/{site.first_id}/index.html")
    assert page.get_by_role("heading", level=1).inner_text().endswith(f"version {site.first_id}")
    context.close()
    assert requests == []


def test_a_withdrawn_version_is_removed_says_why_and_stays_withdrawn(site, tmp_path):
    # withdraw the newest: latest/ falls back to the version before it
    result = _site(site.project, "--previous", str(site.second), "--withdraw", site.second_id, "--reason", REASON)
    assert result.returncode == 0, result.stderr
    built = site.project / "build/site"
    assert not (built / "v" / site.second_id).exists() and (built / "v" / site.first_id).is_dir()
    assert (built / "latest/article.pdf").read_bytes() == (built / "v" / site.first_id / "article.pdf").read_bytes()
    today = _versions(built)[site.second_id]["withdrawn"]["on"]
    text = (built / "versions.html").read_text()
    assert f"Withdrawn on {today}: a contributor&#x27;s consent changed" in text
    assert f'href="v/{site.second_id}/' not in text + (built / "index.html").read_text()
    assert "withdrawn" in result.stdout

    # building the same commit again, from that site, does not bring it back
    shutil.copytree(built, tmp_path / "withdrawn-site")
    again = _site(site.project, "--previous", str(tmp_path / "withdrawn-site"))
    assert again.returncode == 0, again.stderr
    assert not (built / "v" / site.second_id).exists()
    assert _versions(built)[site.second_id]["withdrawn"]["reason"] == REASON
    assert "is withdrawn, so it is not published" in again.stdout


@pytest.mark.parametrize("plant, named", [
    (lambda v: (v / "secret.txt").symlink_to("/etc/passwd"), "secret.txt"),
    (lambda v: (v.parent / "not-a-commit").mkdir(), "v/not-a-commit"),
    (lambda v: (v.parent / "abcdef0").symlink_to(v), "v/abcdef0"),
    (lambda v: (v / ".htaccess").write_text("x"), ".htaccess"),
    (lambda v: (v / "private").mkdir(), "/private: is a private folder"),
])
def test_a_hostile_previous_site_is_refused_naming_the_file(site, tmp_path, plant, named):
    previous = tmp_path / "previous"
    shutil.copytree(site.first, previous)
    plant(previous / "v" / site.first_id)
    before = [p.relative_to(site.project / "build/site") for p in _files(site.project / "build/site")]
    result = _site(site.project, "--previous", str(previous))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert named in result.stderr and "copress: error:" in result.stderr
    assert [p.relative_to(site.project / "build/site") for p in _files(site.project / "build/site")] == before


@pytest.mark.parametrize("options, message", [
    (("--withdraw", "1234567"), "--withdraw needs --reason"),
    (("--withdraw", "1234567", "--reason", "no such version"), "no version of the site is that commit"),
    (("--withdraw", "1234567", "--reason", f"asked by {HIDDEN_NAME}"), "names something private"),
    (("--reason", "why"), "--reason goes with --withdraw"),
])
def test_a_bad_withdrawal_is_refused_with_what_to_do(site, options, message):
    result = _site(site.project, *options)
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr


def test_a_project_with_uncommitted_changes_is_refused(site):
    article = site.project / "manuscript/01-article.md"
    original = article.read_text()
    try:
        article.write_text(original + "\nNot committed.\n")
        result = _site(site.project)
        assert result.returncode == 2 and "changes that are not committed" in result.stderr
    finally:
        article.write_text(original)


@pytest.mark.fast
def test_checks_read_the_sites_own_pages_and_the_privacy_scan_reads_every_copy(tmp_path):
    from copress.checks import model, privacy

    out = tmp_path / "build"
    for name in ("article.html", "site/index.html", "site/versions.html", "site/v/abc1234/article.html",
                 "site/latest/article.html", "private/staging/x.html"):
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text("<p>x</p>")
    shown = lambda paths: sorted(str(p.relative_to(out)) for p in paths)  # noqa: E731
    assert shown(model.public_files(out, ".html")) == ["article.html", "site/index.html", "site/versions.html"]
    assert shown(privacy.public_files(out)) == ["article.html", "site/index.html", "site/latest/article.html",
                                                "site/v/abc1234/article.html", "site/versions.html"]


@pytest.mark.fast
@pytest.mark.parametrize("text, message", [
    ("{not json", "is not a versions list copress wrote"),
    ('{"format": "other/1", "versions": []}', "its format is not copress-site/1"),
    ('{"format": "copress-site/1", "versions": [{"id": "../../etc"}]}', "a version id is not a short commit"),
    ('{"format": "copress-site/1", "versions": [{"id": "abc1234", "shown": {"abc": {"named": "full", '
     '"name": "Jo Bloggs"}}}]}', "holds something other than hashes and naming choices"),
])
def test_a_previous_versions_list_that_copress_did_not_write_is_refused(tmp_path, text, message):
    from copress.errors import CopressError
    from copress.site.versions import read_previous

    (tmp_path / "versions.json").write_text(text)
    with pytest.raises(CopressError) as caught:
        read_previous(tmp_path)
    assert message in caught.value.message and caught.value.file == str(tmp_path / "versions.json")


# ------------------------------------------------------- kept versions follow consent now

FULL_NAME = "Joanna Bloggsworth"
AGREED_FULL = "consent:\n  - {date: 2026-01-05, agreed: {naming: full}, recorded: email}\n"


@pytest.fixture(scope="module")
def consent_site(tmp_path_factory) -> SimpleNamespace:
    """A scaffolded project whose public contributor is named in full in version 1, then
    withdraws their name: version 2 is built on version 1's site."""
    base = tmp_path_factory.mktemp("consent-site")
    project = base / "paper"
    assert run_copress("new", str(project), env=IDENTITY).returncode == 0
    person = project / "contributors/jo-bloggs.yaml"
    person.write_text(f"kind: public\nname: {FULL_NAME}\ncredit:\n  - conceptualization\n{AGREED_FULL}")
    _commit(project, "Add a public contributor", after=60)
    first = _site(project)
    assert first.returncode == 0, first.stderr
    first_id = _git("rev-parse", "--short=7", "HEAD", cwd=project)
    shutil.copytree(project / "build/site", base / "first-site")

    person.write_text(person.read_text() + "  - {date: 2026-02-01, withdrawn: naming, recorded: email}\n")
    _commit(project, "A contributor withdrew their name", after=120)
    second = _site(project, "--previous", str(base / "first-site"))
    assert second.returncode == 0, second.stderr
    return SimpleNamespace(project=project, first=base / "first-site", built=project / "build/site",
                           first_id=first_id, second_id=_git("rev-parse", "--short=7", "HEAD", cwd=project),
                           result=second)


def test_a_version_naming_someone_who_withdrew_their_name_is_withdrawn_with_a_neutral_reason(consent_site):
    from copress.site.consent import REASON as CONSENT_REASON

    site = consent_site
    # version 1 showed the name, and kept a record of it that holds no name in clear
    assert FULL_NAME in (site.first / "v" / site.first_id / "credit/contributions.html").read_text()
    assert FULL_NAME not in (site.first / "versions.json").read_text()
    assert _versions(site.first)[site.first_id]["shown"]

    built = site.built
    assert not (built / "v" / site.first_id).exists() and (built / "v" / site.second_id).is_dir()
    withdrawn = _versions(built)[site.first_id]["withdrawn"]
    assert withdrawn["reason"] == CONSENT_REASON
    versions_page = (built / "versions.html").read_text()
    assert f"Withdrawn on {withdrawn['on']}: {CONSENT_REASON}" in versions_page
    # the team's terminal is told who, by id; the site never is
    assert f"version {site.first_id} withdrawn: it shows jo-bloggs" in site.result.stderr
    for path in _files(built):
        data = path.read_bytes()
        assert FULL_NAME.encode() not in data and b"jo-bloggs" not in data, path
    assert "Public contributor" in (built / "latest/credit/contributions.html").read_text()


def test_a_version_that_follows_everyones_consent_is_kept(consent_site, tmp_path):
    shutil.copytree(consent_site.built, tmp_path / "previous")
    again = _site(consent_site.project, "--previous", str(tmp_path / "previous"))
    assert again.returncode == 0, again.stderr
    assert (consent_site.built / "v" / consent_site.second_id).is_dir()
    assert "withdrawn: it shows" not in again.stderr


def _person(cid: str, **fields):
    from copress.contributors import Contributor

    return Contributor.model_validate({"id": cid, "kind": "public", **fields})


WITHDRAW_NAMING = {"date": "2026-02-01", "withdrawn": "naming", "recorded": "email"}
WITHDRAW_PROJECT = {"date": "2026-02-01", "withdrawn": "project", "recorded": "email"}
AGREE = lambda naming: {"date": "2026-01-01", "agreed": {"naming": naming}, "recorded": "email"}  # noqa: E731


@pytest.mark.fast
@pytest.mark.parametrize("then, now, against", [
    ({"name": FULL_NAME}, {"name": FULL_NAME, "named": "initials"}, True),
    ({"name": FULL_NAME}, {"name": FULL_NAME, "consent": [AGREE("full"), WITHDRAW_NAMING]}, True),
    ({"named": "pseudonym", "pseudonym": "Pat Quill"}, {"named": "pseudonym", "pseudonym": "Pat Q"}, True),
    ({"named": "pseudonym", "pseudonym": "Pat Quill"},
     {"named": "pseudonym", "pseudonym": "Pat Quill", "consent": [AGREE("pseudonym"), WITHDRAW_PROJECT]}, True),
    ({"named": "anonymous"}, {"named": "anonymous", "consent": [AGREE("anonymous"), WITHDRAW_PROJECT]}, True),
    ({"named": "initials", "initials": "J. B."}, {"name": FULL_NAME}, False),
    ({"named": "anonymous"}, {"named": "pseudonym", "pseudonym": "Pat Quill"}, False),
    ({"name": FULL_NAME}, {"name": FULL_NAME}, False),
])
def test_a_versions_record_tells_who_it_shows_against_their_consent_now(then, now, against):
    from copress.site.consent import _by_record, record
    from copress.site.versions import Version

    commit = "ab12cd3" + "0" * 33
    shown = record(SimpleNamespace(contributors={"jo-bloggs": _person("jo-bloggs", **then)}), commit)
    assert FULL_NAME.lower() not in json.dumps(shown).lower() and "jo-bloggs" not in json.dumps(shown)
    version = Version("ab12cd3", commit, "2026-01-01", 0, shown=shown)
    today = SimpleNamespace(contributors={"jo-bloggs": _person("jo-bloggs", **now)})
    assert _by_record(today, version) == (["jo-bloggs"] if against else [])


@pytest.mark.fast
def test_a_version_without_a_record_is_withdrawn_when_its_text_shows_a_former_name(tmp_path):
    from copress.site.consent import REASON as CONSENT_REASON, follow_consent
    from copress.site.versions import Version

    folders = {}
    for vid, text in (("aaaaaaa", "<p>Thanks to Pat Quill.</p>"), ("bbbbbbb", "<p>Thanks to everyone.</p>")):
        folders[vid] = tmp_path / vid
        folders[vid].mkdir()
        (folders[vid] / "article.html").write_text(text)
    versions = {vid: Version(vid, vid, "2026-01-01", 0) for vid in folders}  # older sites: no record
    current = Version("ccccccc", "ccccccc", "2026-03-01", 1, shown={})
    project = SimpleNamespace(contributors={"pat-quill": _person(
        "pat-quill", named="pseudonym", pseudonym="Pat Quill",
        consent=[AGREE("pseudonym"), WITHDRAW_PROJECT])})
    said = []
    assert follow_consent(project, {**versions, "ccccccc": current}, folders, current,
                          lambda kind, text: said.append((kind, text))) == ["aaaaaaa"]
    assert versions["aaaaaaa"].withdrawn.reason == CONSENT_REASON and versions["bbbbbbb"].withdrawn is None
    assert said == [("warning", said[0][1])] and "pat-quill" in said[0][1]
