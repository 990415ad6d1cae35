"""Shared fixtures: real sample projects in temporary folders, built by the real CLI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def ctrl_c_reaches() -> None:
    """Popen preexec_fn: Ctrl-C (SIGINT) reaches the child as in a terminal, even when the test
    run itself was started in the background, where a shell starts jobs with SIGINT ignored
    and Python keeps it ignored."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)


def run_copress(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the installed `copress` command as a user would."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([str(BIN / "copress"), *args], cwd=cwd, env=full_env,
                          capture_output=True, text=True, timeout=300)


def git(*args: str, cwd: Path) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org",
           "GIT_AUTHOR_DATE": "2026-01-02T03:04:05Z", "GIT_COMMITTER_DATE": "2026-01-02T03:04:05Z"}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True,
                          text=True).stdout


def copy_sample(target: Path, commit: bool = True) -> Path:
    """A copy of the repository's sample project (manuscript, contributors), as its own git repo."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "manuscript", target / "manuscript")
    shutil.copytree(REPO / "contributors", target / "contributors")
    # as `copress new` sets up: the private side files stay out of git
    (target / ".gitignore").write_text("build/\ncontributors/*.private.yaml\n")
    if commit:
        commit_all(target, "sample")
    return target


def commit_all(project: Path, message: str) -> None:
    """`project` as a repository (made if need be) with everything in it committed."""
    if not (project / ".git").exists():
        git("init", "-q", cwd=project)
    git("add", ".", cwd=project)
    git("commit", "-q", "-m", message, cwd=project)


def with_article_docx(project: Path) -> Path:
    """`project` (a committed sample) with its DOCX built from that commit, the importing
    co-author set as git's user: the start of every Word round trip."""
    git("config", "user.name", "Amina Okafor", cwd=project)
    git("config", "user.email", "amina@example.org", cwd=project)
    result = run_copress("build", "docx", "-C", str(project), "-q")
    assert result.returncode == 0, result.stderr
    return project


def fresh_copy(built: Path, tmp_path: Path) -> Path:
    """A writable copy of a module's built project, for one test that changes it."""
    target = tmp_path / "project"
    shutil.copytree(built, target)
    return target


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory, worker_id) -> Path:
    """The sample project built once per test run with `copress build all`; returns its build/
    folder. Under pytest-xdist the workers share one build: the first builds it under a lock in
    the run's common temporary folder, the others wait and reuse it. Tests only read it."""
    if worker_id == "master":
        return _build_sample(tmp_path_factory.mktemp("sample") / "project")
    from filelock import FileLock

    shared = tmp_path_factory.getbasetemp().parent / "shared-sample"
    with FileLock(str(shared) + ".lock"):
        done = shared / "project/build/.sample-built"
        if not done.exists():
            shutil.rmtree(shared, ignore_errors=True)
            _build_sample(shared / "project")
            done.write_text("ok\n")
    return shared / "project/build"


def _build_sample(project: Path) -> Path:
    copy_sample(project)
    result = run_copress("build", "all", "-C", str(project))
    assert result.returncode == 0, result.stderr
    return project / "build"


@pytest.fixture
def project(tmp_path) -> Path:
    """A fresh, writable copy of the sample project for tests that change it."""
    return copy_sample(tmp_path / "project")


@pytest.fixture
def browser():
    """Debian's Chromium through Playwright, for one test (a module-wide one would clash with
    check_html's own Playwright)."""
    from playwright.sync_api import sync_playwright

    from copress.checks.html_axe import CHROMIUM_ARGS, chromium_executable

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_executable() or "/usr/bin/chromium",
                                     args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def loopback_browser():
    """Chromium that reaches this machine's loopback address and nothing else, for the preview
    server's pages: the reload script's event stream never ends, so it cannot pass through
    Playwright's request routing (route.fetch waits for the whole body) as the shared
    `browser` fixture's pages must."""
    from playwright.sync_api import sync_playwright

    from copress.checks.html_axe import CHROMIUM_ARGS, chromium_executable

    args = [arg for arg in CHROMIUM_ARGS if not arg.startswith("--host-resolver-rules")]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_executable() or "/usr/bin/chromium",
                                     args=[*args, "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"],
                                     headless=True)
        yield browser
        browser.close()


def policy_watched_page(browser):
    """A new page of `browser` that keeps its console messages (returned with it) and every
    Content-Security-Policy violation (in `window.__violations`)."""
    page = browser.new_page()
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    page.add_init_script("window.__violations = [];"
                         "document.addEventListener('securitypolicyviolation',"
                         " function (e) { window.__violations.push(e.violatedDirective); });")
    return page, messages
