"""CI templates (`copress new --ci`, `copress ci init`): the copress spec comes from how copress was
installed or from the user and is never guessed; hostile specs are refused; the GitHub workflow
validates against SchemaStore's schema; and its own shell steps pass when run here, on a
scaffolded project, with copress installed from the test run's wheelhouse (never a registry)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import REPO, run_copress
from copress import ci
from copress.cache import cache_dir
from copress.doctor import debian_packages
from copress.errors import CopressError

WHEELHOUSE = REPO / ".cache" / "wheelhouse"
SCHEMA = REPO / "tests" / "fixtures" / "schemas" / "github-workflow.json"
COMMIT = "0123456789abcdef0123456789abcdef01234567"
SPEC = f"copress @ git+https://example.org/team/copress.git@{COMMIT}"
IDENTITY = {"GIT_AUTHOR_NAME": "Ada Researcher", "GIT_AUTHOR_EMAIL": "ada@example.org",
            "GIT_COMMITTER_NAME": "Ada Researcher", "GIT_COMMITTER_EMAIL": "ada@example.org"}


class Yaml12Loader(yaml.SafeLoader):
    """YAML as GitHub reads it: only true/false are booleans (PyYAML's YAML 1.1 reads `on:` as True)."""


Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
Yaml12Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf"))


def _load(text: str) -> dict:
    return yaml.load(text, Loader=Yaml12Loader)


def _fake_install(tmp_path: Path, direct_url: dict | None) -> dict:
    """An environment in which `copress` is a distribution whose direct_url.json is `direct_url`
    (a dist-info folder first on sys.path: importlib.metadata finds it before the real one)."""
    site = tmp_path / "fake-site"
    info = site / "copress-9.9.9.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: copress\nVersion: 9.9.9\n")
    if direct_url is not None:
        (info / "direct_url.json").write_text(json.dumps(direct_url))
    return {"PYTHONPATH": str(site), **IDENTITY}


# --- the spec: inferred, or given, never guessed ----------------------------------------------

@pytest.mark.fast
@pytest.mark.parametrize("record, spec", [
    ({"url": "https://github.com/team/copress.git",
      "vcs_info": {"vcs": "git", "commit_id": COMMIT, "requested_revision": "main"}},
     f"copress @ git+https://github.com/team/copress.git@{COMMIT}"),
    ({"url": "https://example.org/copress-0.3.0-py3-none-any.whl",
      "archive_info": {"hashes": {"sha256": "ab" * 32}, "hash": "sha256=" + "ab" * 32}},
     "copress @ https://example.org/copress-0.3.0-py3-none-any.whl#sha256=" + "ab" * 32),
    ({"url": "https://example.org/copress-0.3.0.tar.gz", "archive_info": {"hash": "sha256=" + "cd" * 32}},
     "copress @ https://example.org/copress-0.3.0.tar.gz#sha256=" + "cd" * 32),
    ({"url": "https://example.org/mono.git", "subdirectory": "tools/copress",
      "vcs_info": {"vcs": "git", "commit_id": COMMIT}},
     f"copress @ git+https://example.org/mono.git@{COMMIT}#subdirectory=tools/copress"),
])
def test_a_url_install_gives_an_exact_spec(record, spec):
    assert ci.spec_from_direct_url(json.dumps(record)) == ci.Installed(
        spec, f"copress was installed from {record['url']}")


@pytest.mark.fast
@pytest.mark.parametrize("record, found", [
    ({"url": "file:///home/ada/copress", "dir_info": {"editable": True}},
     "copress is installed in editable mode from file:///home/ada/copress, a folder or file on "
     "this computer, which a CI runner cannot reach"),
    ({"url": "file:///home/ada/dist/copress-0.3.0-py3-none-any.whl", "archive_info": {}},
     "copress is installed from file:///home/ada/dist/copress-0.3.0-py3-none-any.whl, a folder or "
     "file on this computer, which a CI runner cannot reach"),
    ({"url": "https://example.org/copress", "vcs_info": {"vcs": "hg", "commit_id": "abc"}},
     "copress was installed from a hg repository (https://example.org/copress) without a git "
     "commit copress can pin"),
    ({"url": "ssh://git@example.org/copress.git", "vcs_info": {"vcs": "git", "commit_id": COMMIT}},
     "copress was installed from ssh://git@example.org/copress.git, which cannot be used: the "
     f"copress spec 'git+ssh://git@example.org/copress.git@{COMMIT}' is not an https:// or "
     "git+https:// URL"),
    (None, "copress's installation records no URL (pip writes one only for an install from a URL "
           "or a folder)"),
])
def test_a_local_or_unpinnable_install_gives_no_spec_and_says_why(record, found):
    text = None if record is None else json.dumps(record)
    assert ci.spec_from_direct_url(text) == ci.Installed(None, found)


@pytest.mark.fast
@pytest.mark.parametrize("spec, bad", [
    ("copress @ https://example.org/c.whl'; rm -rf ~; '", "\"'\""),
    ('copress @ https://example.org/c.whl"', "'\"'"),
    ("copress @ https://example.org/c.whl\nrun: curl evil", "'\\n'"),
    ("copress @ https://example.org/${{ secrets.GITHUB_TOKEN }}.whl", "'$'"),
    ("copress @ https://example.org/$(id).whl", "'$'"),
    ("copress @ https://example.org/`id`.whl", "'`'"),
    ("copress @ https://example.org/c.whl\\", "'\\\\'"),
    ("copress @ https://example.org/c.whl\t", "'\\t'"),
])
def test_a_hostile_spec_is_refused_naming_the_character(spec, bad):
    with pytest.raises(CopressError) as caught:
        ci.check_spec(spec)
    assert caught.value.message == f"the copress spec holds {bad}, which a spec may not hold"


@pytest.mark.fast
@pytest.mark.parametrize("spec", ["copress==0.3", "copress", "file:///home/ada/copress",
                                  "http://example.org/copress.whl", "git+ssh://git@example.org/c.git"])
def test_a_spec_that_is_not_an_https_url_is_refused(spec):
    # a name or version alone would install whatever a package index holds under that name
    with pytest.raises(CopressError, match="is not an https:// or git\\+https:// URL"):
        ci.check_spec(spec)


@pytest.mark.fast
def test_a_spec_with_a_password_is_refused_as_it_would_be_committed():
    with pytest.raises(CopressError, match="holds a user name or password"):
        ci.check_spec(f"copress @ git+https://ada:ghp_secret@example.org/copress.git@{COMMIT}")
    assert ci.check_spec(SPEC)[0] == SPEC  # the @ of the commit is not a password


@pytest.mark.fast
def test_a_spec_that_can_move_is_accepted_with_a_warning():
    assert ci.check_spec(SPEC) == (SPEC, [])
    assert ci.check_spec(f"git+https://example.org/team/copress.git@{COMMIT}") == (SPEC, [])
    spec, warnings = ci.check_spec("copress@git+https://example.org/c.git@v0.3")
    assert spec == "copress @ git+https://example.org/c.git@v0.3"
    assert warnings == ["the copress spec names no commit (…@<40 hex digits>): a branch or tag "
                        "can move, so builds may change without a change to the project"]
    assert ci.check_spec("https://example.org/c.whl")[1][0].startswith("the copress spec has no #sha256")


# --- the rendered files ------------------------------------------------------------------------

@pytest.mark.fast
def test_the_github_workflow_validates_against_schemastores_schema():
    workflow = _load(ci.render("github", SPEC))
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema)
    assert [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(workflow)] == []
    broken = {**workflow, "jobs": {"build": {"runs-on": "x", "steps": [{"uses": "a", "run": "b"}]}}}
    assert list(validator.iter_errors(broken))  # the schema does bite: a step is `uses` or `run`


@pytest.mark.fast
@pytest.mark.parametrize("system", ["github", "gitlab"])
def test_the_ci_files_install_the_spec_and_doctors_packages_and_upload_nothing_private(system):
    text = ci.render(system, SPEC)
    data = _load(text)
    assert not re.search(r"__[A-Z_]+__", text)  # every placeholder filled
    assert (data.get("env") or data.get("variables"))["COPRESS_SPEC"] == SPEC
    assert f"--no-install-recommends {' '.join(debian_packages())} " in text
    scripts = "\n".join(_scripts(data))
    assert "copress build all" in scripts and "copress check --format" in scripts
    assert "set -x" not in scripts and not re.search(r"\bcat\b|set -[a-z]*x", scripts)
    assert "recognition record" in text and "not really produced here" in text
    if system == "github":
        build = data["jobs"]["build"]
        assert build["container"] == "python:3.11-slim-bookworm"
        assert data["permissions"] == {"contents": "read"}
        assert data["jobs"]["deploy"]["permissions"] == {"contents": "write"}
        uploads = [s["with"]["path"].split() for s in build["steps"]
                   if s.get("uses", "").startswith("actions/upload-artifact")]
        assert uploads == [["build/", "!build/private/**", "!build/site/**"], ["build/site/"]]
        checkout = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/checkout"))
        assert checkout["with"] == {"fetch-depth": 0, "persist-credentials": False}
        assert "copress check --format github" in text
    else:
        assert data["image"] == "python:3.11-slim-bookworm"
        assert data["build"]["artifacts"]["paths"] == ["copress-outputs/"]
        assert "rm -rf copress-outputs/private copress-outputs/site" in data["build"]["script"][-1]
        assert data["pages"]["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
        assert data["pages"]["artifacts"]["paths"] == ["public"]


def _scripts(data) -> list[str]:
    """Every shell command in a GitHub workflow (`run:`) or a GitLab CI file (`script:` and the like)."""
    if isinstance(data, dict):
        return [line for key, value in data.items()
                for line in ([value] if key == "run" and isinstance(value, str) else
                             value if key in ("script", "before_script", "after_script") else
                             _scripts(value))]
    if isinstance(data, list):
        return [line for item in data for line in _scripts(item)]
    return []


# --- the commands ------------------------------------------------------------------------------

@pytest.mark.fast
def test_new_with_a_spec_commits_the_workflow_and_with_ci_none_writes_none(tmp_path):
    done = run_copress("new", str(tmp_path / "a"), "--ci", "github", "--copress-spec", SPEC, env=IDENTITY)
    assert done.returncode == 0, done.stderr
    workflow = tmp_path / "a/.github/workflows/copress.yml"
    assert _load(workflow.read_text())["env"]["COPRESS_SPEC"] == SPEC
    tracked = subprocess.run(["git", "ls-files"], cwd=tmp_path / "a", capture_output=True, text=True).stdout
    assert ".github/workflows/copress.yml" in tracked.split()
    assert "CI: .github/workflows/copress.yml (in the first commit)" in done.stdout

    done = run_copress("new", str(tmp_path / "b"), "--ci", "none", "--copress-spec", SPEC, env=IDENTITY)
    assert done.returncode == 0, done.stderr
    assert not (tmp_path / "b/.github").exists() and not (tmp_path / "b/.gitlab-ci.yml").exists()

    done = run_copress("new", str(tmp_path / "c"), "--ci", "gitlab", "--copress-spec", SPEC, env=IDENTITY)
    assert done.returncode == 0, done.stderr
    assert _load((tmp_path / "c/.gitlab-ci.yml").read_text())["variables"]["COPRESS_SPEC"] == SPEC


@pytest.mark.fast
def test_new_without_a_usable_spec_writes_no_workflow_and_says_how_to_add_one(tmp_path):
    env = _fake_install(tmp_path, {"url": "file:///home/ada/copress", "dir_info": {"editable": True}})
    done = run_copress("new", str(tmp_path / "p"), env=env)
    assert done.returncode == 0, done.stderr
    assert not (tmp_path / "p/.github").exists()
    said = " ".join(done.stdout.split())
    assert ("Note: no CI workflow written: copress is installed in editable mode from "
            "file:///home/ada/copress") in said
    assert "To add one later, in the project: copress ci init --copress-spec" in said

    # naming a CI system without a spec stops before anything is written
    done = run_copress("new", str(tmp_path / "q"), "--ci", "github", env=env)
    assert done.returncode == 2 and not (tmp_path / "q").exists()
    assert "no copress spec for the github CI file: copress is installed in editable mode" in done.stderr


@pytest.mark.fast
def test_new_defaults_to_github_with_the_spec_copress_was_installed_from(tmp_path):
    env = _fake_install(tmp_path, {"url": "https://example.org/team/copress.git",
                                   "vcs_info": {"vcs": "git", "commit_id": COMMIT}})
    done = run_copress("new", str(tmp_path / "p"), env=env)
    assert done.returncode == 0, done.stderr
    assert _load((tmp_path / "p/.github/workflows/copress.yml").read_text())["env"]["COPRESS_SPEC"] == SPEC


@pytest.mark.fast
def test_ci_init_writes_the_file_once_and_without_a_spec_exits_2_naming_what_it_found(tmp_path):
    done = run_copress("new", str(tmp_path / "p"), "--ci", "none", env=IDENTITY)
    assert done.returncode == 0, done.stderr
    project = str(tmp_path / "p")

    env = _fake_install(tmp_path, {"url": "file:///home/ada/copress", "dir_info": {"editable": True}})
    done = run_copress("ci", "init", "-C", project, env=env)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert ("copress: error: no copress spec for the CI runner: copress is installed in editable "
            "mode from file:///home/ada/copress") in " ".join(done.stderr.split())
    assert not (tmp_path / "p/.github").exists()

    done = run_copress("ci", "init", "-C", project, "--ci", "gitlab", "--copress-spec", SPEC)
    assert done.returncode == 0, done.stderr
    assert _load((tmp_path / "p/.gitlab-ci.yml").read_text())["variables"]["COPRESS_SPEC"] == SPEC
    assert "COPRESS_PAGES_TOKEN" in done.stdout

    done = run_copress("ci", "init", "-C", project, "--ci", "gitlab", "--copress-spec", SPEC)
    assert done.returncode == 2 and "already exists" in done.stderr

    done = run_copress("ci", "init", "-C", project, "--copress-spec", "copress @ https://x.org/${{ a }}")
    assert done.returncode == 2 and "the copress spec holds '$'" in done.stderr
    assert not (tmp_path / "p/.github").exists()


# --- the workflow's own shell steps, run here ---------------------------------------------------

# The steps that need GitHub itself, by action, and why each is skipped; any other `uses:` step
# fails the test, so a new step is either run here or listed with its reason.
NEEDS_GITHUB = {
    "actions/checkout": "GitHub's checkout: stood in for by a git clone of the project, which, "
                        "like the runner's, has no git-ignored side files",
    "actions/cache": "GitHub's cache store",
    "actions/upload-artifact": "GitHub's artifact store",
    "actions/download-artifact": "GitHub's artifact store: stood in for by a copy of build/site/",
}
INSTALL_STEP = 'python -m pip install --quiet "$COPRESS_SPEC"'
REPOSITORY = "team/paper"


def _run(command: list, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([str(c) for c in command], capture_output=True, text=True, timeout=900, **kwargs)


def _git(*args, cwd: Path) -> str:
    done = _run(["git", *args], cwd=cwd, env={**os.environ, **IDENTITY})
    assert done.returncode == 0, done.stderr
    return done.stdout


class Runner:
    """Runs one job's steps as GitHub would, here: each `run:` with bash in the checkout, the
    environment of the workflow and the step, copress from the venv on PATH."""

    def __init__(self, tmp: Path, workflow: dict, venv: Path, remote: Path):
        self.tmp, self.workflow, self.venv, self.count = tmp, workflow, venv, 0
        home = tmp / "home"  # the runner's: no git identity, nothing of this user's
        home.mkdir()
        (tmp / "runner-temp").mkdir()
        self.env = {
            "PATH": os.pathsep.join([str(venv / "bin"), "/usr/local/bin", "/usr/bin", "/bin"]),
            "HOME": str(home), "LANG": os.environ.get("LANG", "C.UTF-8"), "CI": "true",
            "GITHUB_ACTIONS": "true", "GITHUB_SERVER_URL": "https://github.example",
            "GITHUB_REPOSITORY": REPOSITORY,
            # the validators the runner fetches (and caches): here, the ones this machine has,
            # so that the test never reaches a registry
            "COPRESS_CACHE_DIR": str(cache_dir()), "COPRESS_NODE_MODULES": str(REPO / "node_modules"),
            # the deploy step's push to GitHub goes to the project's own repository instead
            "GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": f"url.{remote}.insteadOf",
            "GIT_CONFIG_VALUE_0": f"https://x-access-token:a-token@github.example/{REPOSITORY}.git",
            **{k: v for k, v in os.environ.items() if k in ("COPRESS_CHROMIUM", "COPRESS_JAVA", "TMPDIR")},
            **{k: str(v) for k, v in workflow["env"].items()}}

    def job(self, name: str, cwd: Path, sha: str, stand_ins: dict) -> tuple[list, list]:
        """Run job `name`'s steps in `cwd`: (name, script, result) for each step run, and
        (name, why) for each skipped. `stand_ins` maps an action to what to do instead."""
        job = self.workflow["jobs"][name]
        assert (job.get("defaults") or self.workflow.get("defaults") or
                {"run": {"shell": "bash"}})["run"]["shell"] == "bash"
        results, skipped = [], []
        for step in job["steps"]:
            title = step.get("name") or step.get("uses")
            if "uses" in step:
                action = step["uses"].split("@")[0]
                assert action in NEEDS_GITHUB, f"{action}: run it here or say why it needs GitHub"
                skipped.append((title, NEEDS_GITHUB[action]))
                if action in stand_ins:
                    stand_ins[action](step)
                continue
            script = step["run"]
            if "apt-get install" in script:
                skipped.append((title, "installs Debian packages as root: this machine has them "
                                       "(copress doctor, run below, checks it)"))
                continue
            if script.strip() == INSTALL_STEP:
                done = _run([sys.executable, "-m", "pip", "--python", self.venv / "bin/python",
                             "install", "-q", "--disable-pip-version-check", "--no-index",
                             "--find-links", WHEELHOUSE, next((self.tmp / "dist").glob("copress-*.whl"))])
            else:  # GitHub runs `shell: bash` as `bash --noprofile --norc -eo pipefail {0}`
                step_env = {k: ("a-token" if "github.token" in str(v) else str(v))
                            for k, v in (step.get("env") or {}).items()}
                path = self.tmp / f"step-{self.count}.sh"
                self.count += 1
                path.write_text(script)
                done = _run(["bash", "--noprofile", "--norc", "-eo", "pipefail", path], cwd=cwd,
                            env={**self.env, "GITHUB_SHA": sha,
                                 "RUNNER_TEMP": str(self.tmp / "runner-temp" / sha), **step_env})
            results.append((title, script, done))
        return results, skipped


def _push(runner: Runner, project: Path, round_: int) -> dict:
    """One push to the default branch: a fresh checkout, the build job, then the deploy job."""
    checkout = runner.tmp / f"checkout-{round_}"
    _git("clone", "-q", project, checkout, cwd=runner.tmp)  # fetch-depth: 0: every branch too
    sha = _git("rev-parse", "HEAD", cwd=checkout).strip()
    built, skipped = runner.job("build", checkout, sha, {})
    deploy = runner.tmp / f"deploy-{round_}"
    deploy.mkdir()

    def download(step):
        shutil.copytree(checkout / "build/site", deploy / step["with"]["path"])

    deployed, skipped_deploy = runner.job("deploy", deploy, sha, {"actions/download-artifact": download})
    return {"checkout": checkout, "sha": sha, "results": built + deployed,
            "skipped": skipped + skipped_deploy}


@pytest.fixture(scope="module")
def ran(tmp_path_factory) -> dict:
    assert (WHEELHOUSE / ".stamp").is_file(), (
        "no wheelhouse: run `make .cache/wheelhouse/.stamp` (make test does) first")
    tmp = tmp_path_factory.mktemp("ci-steps")
    project = tmp / "project"
    made = run_copress("new", str(project), "--copress-spec", SPEC, env=IDENTITY)
    assert made.returncode == 0, made.stderr
    workflow = _load((project / ".github/workflows/copress.yml").read_text())

    # The install step's stand-in: the wheel of this tree, in a fresh venv, from the wheelhouse.
    built = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                  "-w", tmp / "dist", REPO])
    assert built.returncode == 0, built.stderr
    venv = tmp / "venv"
    assert _run([sys.executable, "-m", "venv", "--without-pip", venv]).returncode == 0
    runner = Runner(tmp, workflow, venv, project)

    first = _push(runner, project, 1)
    chapter = project / "manuscript/01-article.md"
    chapter.write_text(chapter.read_text() + "\nA second version of the article.\n")
    _git("commit", "-q", "-am", "A second version", cwd=project)
    second = _push(runner, project, 2)
    return {"first": first, "second": second, "project": project}


def test_the_workflow_runs_on_a_checkout_without_side_files(ran):
    checkout = ran["first"]["checkout"]
    assert (checkout / "contributors/first-author.yaml").is_file()
    assert not list((checkout / "contributors").glob("*.private.yaml"))


@pytest.mark.parametrize("push", ["first", "second"])
def test_the_workflows_shell_steps_pass_when_run_here(ran, push):
    results = ran[push]["results"]
    for name, _, done in results:
        assert done.returncode == 0, f"{name}:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    scripts = [script for _, script, _ in results]
    assert scripts[0] == INSTALL_STEP
    assert [s.split()[:2] for s in scripts[1:4]] == [["copress", "doctor"], ["copress", "build"],
                                                     ["copress", "check"]]
    assert "copress site" in scripts[4] and "git push" in scripts[5]


def test_the_first_push_starts_the_site_and_the_second_keeps_its_version(ran):
    first, second = ran["first"], ran["second"]
    site = lambda push: next(d for _, s, d in ran[push]["results"] if "copress site" in s)  # noqa: E731
    assert "No gh-pages branch yet" in site("first").stdout
    assert "No gh-pages branch yet" not in site("second").stdout
    files = _git("ls-tree", "-r", "--name-only", "gh-pages", cwd=ran["project"]).split()
    assert ".nojekyll" in files and "index.html" in files and "versions.html" in files
    for push in (first, second):
        assert any(f.startswith(f"v/{push['sha'][:7]}") for f in files), push["sha"]
    assert not [f for f in files if "private" in f.split("/")]
    # one commit, replaced on every deploy: a withdrawn version leaves no copy in the history
    assert _git("rev-list", "--count", "gh-pages", cwd=ran["project"]).strip() == "1"
    assert second["sha"] in _git("log", "-1", "--format=%s", "gh-pages", cwd=ran["project"])


def test_the_validators_were_found_not_fetched(ran):
    doctor = next(done for _, script, done in ran["first"]["results"] if "copress doctor" in script)
    assert "fetching" not in doctor.stdout + doctor.stderr
    assert doctor.stdout.count(": found at ") == 2


def test_the_check_step_prints_no_error_annotation(ran):
    check = next(done for _, script, done in ran["first"]["results"] if script.startswith("copress check"))
    assert "::error" not in check.stdout


def test_only_the_steps_that_need_github_were_skipped_and_the_test_says_which(ran):
    print("skipped:", *(f"  {name}: {why}" for name, why in ran["first"]["skipped"]), sep="\n")
    assert [name for name, _ in ran["first"]["skipped"]] == [
        "Install the programs copress needs (git first, so the checkout keeps the history)",
        "actions/checkout@v4", "Cache pip's downloads and the validators",
        "Upload the outputs (this change's preview)", "Upload the site for the deploy job",
        "actions/download-artifact@v4"]
    assert len(ran["first"]["results"]) == 6  # install, doctor, build, check, site, publish
