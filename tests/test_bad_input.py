"""Bad input: one clear message naming the file (and line), exit 2, no traceback, build/ untouched."""

from __future__ import annotations

import http.server
import re
import threading
from pathlib import Path

import pytest

from conftest import run_copress

PREVIOUS = "previous build, must survive a failed build"


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text() + text)


def _figure(project: Path, markup: str) -> None:
    _append(project / "manuscript/02-background.md", f"\n\n{markup}\n")


CASES = {
    "broken YAML": (lambda p: _append(p / "contributors/amina-okafor.yaml", "credit: [unclosed\n"),
                    r"contributors/amina-okafor\.yaml:\d+: YAML syntax error"),
    "unknown kind": (lambda p: _replace(p / "contributors/gareth-hughes.yaml", "kind: researcher", "kind: professor"),
                     r"contributors/gareth-hughes\.yaml:\d+: kind"),
    "bad ORCID checksum": (lambda p: _replace(p / "contributors/amina-okafor.yaml", "1825-0097", "1825-0098"),
                           r"contributors/amina-okafor\.yaml:\d+: .*check character"),
    "unknown CRediT role": (lambda p: _replace(p / "contributors/denise-harper.yaml", "conceptualization", "brainstorming"),
                            r"contributors/denise-harper\.yaml:\d+: .*'brainstorming' is not a CRediT role"),
    "unknown stage": (lambda p: _replace(p / "contributors/sam-rivers.yaml", "stage: writing", "stage: tea-making"),
                      r"contributors/sam-rivers\.yaml:\d+: .*unknown stage 'tea-making'.*identifying-priorities"),
    "unknown author id": (lambda p: _replace(p / "manuscript/metadata.yaml", "gareth-hughes]", "gareth-huges]"),
                          r"manuscript/metadata\.yaml:\d+: author 'gareth-huges'"),
    "unknown copress.yaml key": (lambda p: (p / "copress.yaml").write_text("journal: generic\njournel: bmj\n"),
                                 r"copress\.yaml:2: unknown key 'journel'"),
    "unknown citation key": (lambda p: _append(p / "manuscript/02-background.md", "\n\nAs shown [@nobody2099].\n"),
                             r"manuscript/02-background\.md:\d+: unknown citation key '@nobody2099'"),
    "unknown cross-reference": (lambda p: _append(p / "manuscript/02-background.md", "\n\nSee @fig:nowhere.\n"),
                                r"manuscript/02-background\.md:\d+: cross-reference '@fig:nowhere'"),
    "skipped heading level": (lambda p: _append(p / "manuscript/02-background.md", "\n\n#### Too deep\n\nText.\n"),
                              r"manuscript/02-background\.md:\d+: heading 'Too deep' skips a level"),
    "missing image": (lambda p: _figure(p, '![Cap.](figures/none.png){#fig:x alt="Alt"}'),
                      r"manuscript/02-background\.md:\d+: image 'figures/none\.png' does not exist"),
    "figure without alt": (lambda p: _figure(p, "![A caption only.](figures/stages.png){#fig:x}"),
                           r"manuscript/02-background\.md:\d+: figure 'figures/stages\.png' has no alt text"),
    "inline image without alt": (lambda p: _append(p / "manuscript/02-background.md", "\n\nText ![](figures/stages.png) here.\n"),
                                 r"manuscript/02-background\.md:\d+: image 'figures/stages\.png' has no alt text"),
    "path outside the project": (lambda p: _figure(p, '![Cap.](../../etc/passwd){#fig:x alt="Alt"}'),
                                 r"manuscript/02-background\.md:\d+: image '\.\./\.\./etc/passwd' is outside the project"),
    "file URL": (lambda p: _figure(p, '![Cap.](file:///etc/hostname){#fig:x alt="Alt"}'),
                 r"manuscript/02-background\.md:\d+: image 'file:///etc/hostname' is not a file in the project"),
    "unknown licence": (lambda p: _replace(p / "manuscript/metadata.yaml", "CC-BY-4.0", "CC-BY-9.9"),
                        r"manuscript/metadata\.yaml:\d+: license: unknown licence 'CC-BY-9\.9'"),
    "pseudonym with ORCID": (lambda p: _append(p / "contributors/sam-rivers.yaml", "orcid: 0000-0002-1694-233X\n"),
                             r"contributors/sam-rivers\.yaml:\d+: .*'orcid' would be published"),
}


@pytest.mark.fast
@pytest.mark.parametrize("name", CASES)
def test_bad_input_is_a_clear_error_and_keeps_previous_outputs(project, name):
    mutate, expected = CASES[name]
    build = project / "build"
    build.mkdir()
    (build / "article.html").write_text(PREVIOUS)
    mutate(project)
    result = run_copress("build", "all", "-C", str(project))
    assert result.returncode == 2, result.stderr
    message = " ".join(result.stderr.split())  # rich may wrap long lines
    assert re.search(expected, message), message
    assert "Traceback" not in result.stderr
    assert (build / "article.html").read_text() == PREVIOUS
    # No half-written outputs. The credit ledger's history cache (build/private/cache) may have
    # been filled: a PDF renders in the worker while later editions run, so its error comes last.
    left = sorted(str(p.relative_to(build)) for p in build.rglob("*") if p.is_file())
    assert [f for f in left if not f.startswith("private/cache/")] == ["article.html"]


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):  # noqa: N802 (http.server's naming)
        _Recorder.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.mark.fast
def test_network_image_is_refused_and_never_fetched(project):
    server = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/picture.png"
        _figure(project, f'![Cap.]({url}){{#fig:x alt="Alt"}}')
        _append(project / "manuscript/03-who-and-when.md", f'\n\n<img src="{url}" alt="raw">\n')
        result = run_copress("build", "all", "-C", str(project))
    finally:
        server.shutdown()
    assert result.returncode == 2
    assert "fetches nothing from the network" in " ".join(result.stderr.split())
    assert _Recorder.requests == []


def test_raw_html_pictures_keep_no_source_but_an_embedded_picture(project):
    """The HTML sanitiser (copress/htmlsafe.py) keeps only data: pictures: a raw <img> pointing
    at the network, a local file or a project file (which would skip the alt-text check) reaches
    neither the page nor the PDF renderer."""
    server = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/raw.png"
        _append(project / "manuscript/03-who-and-when.md",
                f'\n\n<img src="{url}" alt="raw">\n\n<img src="file:///etc/hostname" alt="host">\n\n'
                '<img src="figures/stages.png">\n')
        result = run_copress("build", "html", "pdf", "-C", str(project))
    finally:
        server.shutdown()
    assert result.returncode == 0, result.stderr
    assert _Recorder.requests == []
    page = (project / "build/article.html").read_text()
    assert url not in page and "/etc/hostname" not in page and '<img src="figures' not in page
    assert page.count("<img") == 4 and page.count('<img src="data:image/') == 1


@pytest.mark.fast
def test_unknown_target_is_a_usage_error(project):
    result = run_copress("build", "poster", "-C", str(project))
    assert result.returncode == 2
    assert "unknown target 'poster'" in result.stderr


@pytest.mark.fast
def test_not_a_project_folder(tmp_path):
    result = run_copress("build", "-C", str(tmp_path))
    assert result.returncode == 2
    assert "no manuscript/ folder here" in result.stderr


@pytest.mark.fast
def test_a_project_stylesheet_cannot_reach_outside_the_project(project):
    (project / "templates").mkdir()
    (project / "templates/article.css").write_text('body { background: url("../../../../../etc/hostname"); }\n')
    result = run_copress("build", "html", "-C", str(project))
    assert result.returncode == 2
    assert "templates/article.css:1: stylesheet file '../../../../../etc/hostname' is outside " \
           "the project folder" in result.stderr
    assert not (project / "build/article.html").exists()
