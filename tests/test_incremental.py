"""Incremental builds: a target is rebuilt only when what it was made from changed, and what an
incremental build writes is byte for byte what a clean build of the same state writes.

One sample is built with `copress build all` for the module; each test changes a copy of it.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest

from conftest import commit_all, copy_sample, fresh_copy, run_copress

from copress.provenance import in_scope
from copress.targets import SOURCES, TARGETS, edition_of, of_edition, wanted

ARTICLE = set(of_edition("article"))
ALL = wanted(["all"])  # every target but the submission package
FILE_TO_TARGET = {file: target for target, file in TARGETS.items()}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    project = copy_sample(tmp_path_factory.mktemp("incremental") / "project")
    result = run_copress("build", "all", "-C", str(project))
    assert result.returncode == 0, result.stderr
    return project


def build(project: Path, *args: str) -> tuple[set[str], set[str], str]:
    """Run `copress build -v ARGS` in `project`: (targets rebuilt, targets reused, stdout)."""
    result = run_copress("build", "-v", *args, cwd=project)
    assert result.returncode == 0, result.stderr
    rebuilt = {FILE_TO_TARGET[m] for m in re.findall(r"rebuilding build/(\S+): ", result.stdout)}
    reused = {FILE_TO_TARGET[m] for m in re.findall(r"reused build/(\S+) \(unchanged\)", result.stdout)}
    return rebuilt, reused, result.stdout


def snapshot(out: Path, skip_private: bool = False) -> dict[str, bytes]:
    """Every file of a build folder (less the build's own cache and staging) by name."""
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and not p.relative_to(out).as_posix().startswith(
                ("private/" if skip_private else "private/cache/", "private/staging/"))}


def test_a_rebuild_with_nothing_changed_reuses_every_target_and_changes_no_byte(built, tmp_path):
    project = fresh_copy(built, tmp_path)
    before = snapshot(project / "build")
    rebuilt, reused, stdout = build(project, "all")
    assert rebuilt == set() and reused == ALL
    assert "wrote" not in stdout
    assert snapshot(project / "build") == before


def test_a_build_with_nothing_to_do_does_not_load_the_project(built, tmp_path):
    """Every output up to date: the build says so (and says the consent notices again) from the
    records alone, without importing the project's models; a changed project file, or notices
    it cannot read, send it the usual way, which writes the same outputs."""
    import subprocess
    import sys

    project = fresh_copy(built, tmp_path)
    sam = project / "contributors/sam-rivers.yaml"
    sam.write_text(sam.read_text() + "  - date: 2026-01-06\n    withdrawn: naming\n    recorded: email\n")
    first = run_copress("build", "all", "-C", str(project))
    assert first.returncode == 0 and "sam-rivers" in first.stderr, first.stderr
    withdrawal = [line for line in first.stderr.splitlines() if "sam-rivers" in line]
    before = snapshot(project / "build")

    def build_all() -> tuple[subprocess.CompletedProcess, bool]:
        """`copress build all` in a Python that says afterwards whether it loaded the project."""
        code = ("import sys\nfrom copress.cli import main\n"
                f"sys.argv = ['copress', 'build', 'all', '-C', {str(project)!r}]\n"
                "try:\n    main()\nexcept SystemExit as end:\n    status = end.code or 0\n"
                "print('loaded:', 'pydantic' in sys.modules or 'copress.project' in sys.modules)\n"
                "sys.exit(status)\n")
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=project)
        assert done.returncode == 0, done.stderr
        return done, done.stdout.splitlines()[-1] == "loaded: True"

    again, loaded = build_all()
    assert not loaded
    assert [line for line in again.stderr.splitlines() if "sam-rivers" in line] == withdrawal
    assert set(re.findall(r"reused build/(\S+) \(unchanged\)", again.stdout)) == {TARGETS[t] for t in ALL}
    assert snapshot(project / "build") == before
    # notices it cannot read: the usual way, which loads the project, says the same, writes them again
    (project / "build/private/cache/notices.json").write_text("not json")
    slow, loaded = build_all()
    assert loaded and [line for line in slow.stderr.splitlines() if "sam-rivers" in line] == withdrawal
    assert snapshot(project / "build") == before
    assert not build_all()[1]
    # a project file changed: the usual way
    sam.write_text(sam.read_text() + "  - date: 2026-01-07\n    agreed: {naming: pseudonym}\n    recorded: email\n")
    changed, loaded = build_all()
    assert loaded and "sam-rivers" not in changed.stderr


def test_every_file_an_edition_reads_is_among_its_sources(built):
    """The stamp of an edition names the last commit that touched its sources
    (copress/targets.py, SOURCES): every project file the input gate saw it read is one of them."""
    for target in ALL:
        record = json.loads((built / f"build/private/cache/targets/{target}.json").read_text())
        scope = SOURCES[edition_of(target)]
        outside = [name for name in record["read"] if not in_scope(name, scope)]
        assert outside == [], (target, outside)
        assert record["outputs"], target


def test_editing_a_chapter_rebuilds_only_the_article_as_a_clean_build_would(built, tmp_path):
    project = fresh_copy(built, tmp_path)
    before = snapshot(project / "build")
    chapter = project / "manuscript/03-who-and-when.md"
    chapter.write_text(chapter.read_text() + "\nA sentence added after the last build.\n")
    rebuilt, reused, stdout = build(project, "all")
    assert rebuilt == ARTICLE, stdout
    assert reused == ALL - ARTICLE
    assert "rebuilding build/article.pdf: manuscript/03-who-and-when.md changed" in stdout
    after = snapshot(project / "build")
    assert "A sentence added after the last build." in after["article.html"].decode()
    for name in ("resource-guide.pdf", "resource-guide.html", "easy-read.pdf",
                 "course-facilitator.pdf", "credit/contributions.html"):
        assert after[name] == before[name], name
    # the article is stamped with its own uncommitted change; the guide is not
    assert "with changes not yet committed" in after["article.html"].decode()
    assert "with changes not yet committed" not in after["resource-guide.html"].decode()

    clean = tmp_path / "clean"
    result = run_copress("build", "all", "-q", "-C", str(project), "-o", str(clean))
    assert result.returncode == 0, result.stderr
    assert snapshot(clean, skip_private=True).keys() == snapshot(project / "build", skip_private=True).keys()
    for name, data in snapshot(clean).items():
        assert after[name] == data, f"{name} differs from a clean build"


def _public_text(out: Path) -> dict[str, str]:
    """The text of every public output (DOCX parts unzipped), by name."""
    texts = {}
    for path in sorted(out.rglob("*")):
        name = path.relative_to(out).as_posix()
        if not path.is_file() or name.startswith("private/"):
            continue
        if path.suffix == ".docx":
            with zipfile.ZipFile(path) as docx:
                texts[name] = "".join(docx.read(n).decode("utf-8", "replace") for n in docx.namelist()
                                      if n.endswith(".xml"))
        else:
            texts[name] = path.read_bytes().decode("utf-8", "replace")
    return texts


def test_changing_how_one_person_is_named_rebuilds_every_output(built, tmp_path):
    project = fresh_copy(built, tmp_path)
    shown = [name for name, text in _public_text(project / "build").items() if "Gareth Hughes" in text]
    assert "article.html" in shown and "credit/contributions.html" in shown
    # he now agrees to his initials only: his name moves to his private side file
    person, side = project / "contributors/gareth-hughes.yaml", project / "contributors/gareth-hughes.private.yaml"
    person.write_text(person.read_text().replace("named: full", "named: initials")
                      .replace("name: Gareth Hughes", 'initials: "G. H."')
                      .replace("orcid: 0000-0001-5109-3700\n", ""))  # it would identify him
    side.write_text("name: Gareth Hughes\n" + side.read_text())
    rebuilt, reused, stdout = build(project, "all")
    assert rebuilt == ALL and reused == set(), stdout
    assert re.search(r"rebuilding build/resource-guide.pdf: contributors/gareth-hughes\S* changed", stdout)
    still = [name for name, text in _public_text(project / "build").items() if "Gareth Hughes" in text]
    assert still == []


def test_an_output_changed_by_hand_is_rebuilt(built, tmp_path):
    project = fresh_copy(built, tmp_path)
    page = project / "build/resource-guide.html"
    original = page.read_bytes()
    page.write_bytes(original.replace(b"</body>", b"<p>edited by hand</p></body>"))
    (project / "build/article.html").unlink()  # as if a crash had taken it
    rebuilt, reused, stdout = build(project, "guide", "html", "gripp2")
    assert rebuilt == {"guide", "html"} and reused == {"gripp2"}, stdout
    assert "rebuilding build/resource-guide.pdf: resource-guide.html is missing or was changed" in stdout
    assert page.read_bytes() == original
    assert (project / "build/article.html").read_bytes() == (built / "build/article.html").read_bytes()


def test_force_rebuilds_targets_that_have_not_changed(built, tmp_path):
    project = fresh_copy(built, tmp_path)
    rebuilt, reused, stdout = build(project, "html", "gripp2", "credit", "--force")
    assert rebuilt == {"html", "gripp2", "credit"} and reused == set(), stdout
    assert "rebuilding build/article.html: --force" in stdout
    assert (project / "build/article.html").read_bytes() == (built / "build/article.html").read_bytes()


def test_a_new_signoff_rebuilds_the_credit_page_that_shows_it(built, tmp_path):
    """signoffs/ is among the credit edition's sources: a sign-off recorded (not yet committed)
    since the last build rebuilds the page, which then says when the author signed off."""
    from conftest import git

    project = fresh_copy(built, tmp_path)
    (project / "signoffs").mkdir()
    (project / "signoffs/amina-okafor.yaml").write_text(
        f"signoffs:\n- date: 2026-01-15\n  commit: {git('rev-parse', 'HEAD', cwd=project).strip()}\n"
        f"  source: sha256:{'0' * 64}\n")  # of another text: an earlier version
    rebuilt, reused, stdout = build(project, "credit", "html")
    assert rebuilt == {"credit"} and reused == {"html"}, stdout
    assert "rebuilding build/credit/contributions.html: signoffs/amina-okafor.yaml was added" in stdout
    assert "2026-01-15 (an earlier version)" in (project / "build/credit/contributions.html").read_text()


def test_a_new_template_rebuilds_the_editions_that_use_it(built, tmp_path):
    """A project's own templates/guide.css replaces copress's for the guide and for the course
    (which carries the guide's page), and for nothing else."""
    project = fresh_copy(built, tmp_path)
    from copress.assets import asset_dir

    css = (asset_dir("templates") / "guide.css").read_text()
    (project / "templates").mkdir()
    (project / "templates/guide.css").write_text(css + "\n.incremental-marker { color: #123456; }\n")
    rebuilt, reused, stdout = build(project, "guide", "course", "html", "easy-read")
    assert rebuilt == {"guide", "course"} and reused == {"html", "easy-read"}, stdout
    assert "templates/guide.css was added" in stdout
    assert "#123456" in (project / "build/resource-guide.html").read_text()


@pytest.mark.fast
def test_each_edition_is_stamped_with_the_last_commit_that_touched_its_sources(tmp_path):
    from conftest import git

    from copress.provenance import read_editions

    (tmp_path / "manuscript/guide").mkdir(parents=True)
    (tmp_path / "manuscript/01-intro.md").write_text("# Intro\n")
    (tmp_path / "manuscript/guide/guide.md").write_text("# Guide\n")
    commit_all(tmp_path, "first")
    first = git("rev-parse", "HEAD", cwd=tmp_path).strip()
    (tmp_path / "manuscript/guide/guide.md").write_text("# Guide\n\nMore.\n")
    git("commit", "-q", "-am", "the guide", cwd=tmp_path)
    second = git("rev-parse", "HEAD", cwd=tmp_path).strip()
    (tmp_path / "manuscript/01-intro.md").write_text("# Intro\n\nChanged, not committed.\n")

    editions = read_editions(tmp_path)
    assert (editions["article"].commit, editions["article"].dirty) == (first, True)
    assert (editions["guide"].commit, editions["guide"].dirty) == (second, False)
    assert (editions["credit"].commit, editions["credit"].dirty) == (second, False)  # HEAD
    assert editions["guide"].stamp().endswith(f"commit {second[:7]} of 2026-01-02.")


@pytest.mark.fast
def test_sources_are_folders_files_and_globs_with_exclusions():
    scope = SOURCES["article"]
    assert in_scope("manuscript/02-background.md", scope)
    assert in_scope("manuscript/figures/stages.png", scope)
    assert in_scope("contributors/sam-rivers.private.yaml", scope)
    assert in_scope("templates/article-print.css", scope)
    assert not in_scope("manuscript/guide/guide.md", scope)
    assert not in_scope("manuscript/easy-read.md", scope)
    assert not in_scope("templates/guide.css", scope)
    assert in_scope("manuscript/guide/guide.md", SOURCES["course"])
