"""The privacy promise against hostile input, through the real command: every file a build reads
passes the input gate; attachments, private files as figures, links out of the project, broken
text and interrupted builds publish nothing (issue 12)."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import time
from pathlib import Path

import pikepdf
import pytest
from pdfminer.high_level import extract_text

from conftest import BIN, copy_sample, run_copress

CHAPTER = "manuscript/03-hostile.md"
HIDDEN = ["Kwame", "Boateng", "01632 960 021", "SAMPLE-PAY-0002", "Harriet Lowe", "Graham Turner"]


def _add_chapter(project: Path, text: str) -> None:
    (project / CHAPTER).write_text("# Notes\n\nSome words.\n\n" + text + "\n")


def _fails_cleanly(result, *needles: str) -> None:
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    for needle in needles:
        assert needle in result.stderr, result.stderr


@pytest.fixture(scope="module")
def attacked_pdf(tmp_path_factory) -> tuple[Path, bytes]:
    """The sample's article PDF with a chapter that asks WeasyPrint to attach private files."""
    project = copy_sample(tmp_path_factory.mktemp("attach") / "project", commit=False)
    (project / "build/private").mkdir(parents=True)
    (project / "build/private/recognition.csv").write_text("id,name\nsam-rivers,Kwame Boateng\n")
    _add_chapter(project, "\n".join([
        '<a rel="attachment" href="../contributors/sam-rivers.private.yaml">notes</a>',
        '<a rel="attachment" href="../contributors/sam-rivers.yaml">credit</a>',
        '<a rel="attachment" href="../.git/config">config</a>',
        '<a rel="attachment" href="../build/private/recognition.csv">payments</a>',
        '<link rel="attachment" href="../contributors/contributor-hl.private.yaml">',
        '<a href="../contributors/public-contributor-a.private.yaml">a local file</a>',
    ]))
    (project / ".git").mkdir()
    (project / ".git/config").write_text("[core]\n\tworktree = /home/canaryuserzq/secret\n")
    result = run_copress("build", "pdf", "-C", str(project))
    assert result.returncode == 0, result.stderr
    return project, (project / "build/article.pdf").read_bytes()


def test_attachment_links_embed_no_file_in_the_pdf(attacked_pdf):
    project, data = attacked_pdf
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert "/EmbeddedFiles" not in pdf.Root.get("/Names", {})
        assert "/AF" not in pdf.Root
        for page in pdf.pages:
            for annot in page.get("/Annots", []):
                assert annot.get("/Subtype") != "/FileAttachment"
                uri = str(annot.get("/A", {}).get("/URI", ""))
                assert not uri.startswith("file:"), uri  # an absolute path of this machine
        raw = io.BytesIO()
        pdf.save(raw, compress_streams=False, object_stream_mode=pikepdf.ObjectStreamMode.disable)
    text = extract_text(io.BytesIO(data)) + raw.getvalue().decode("latin-1")
    for value in HIDDEN + ["canaryuserzq", str(project)]:
        assert value not in text
    assert "payments" in text  # the link's words stay; only the attachment is gone


@pytest.mark.parametrize("ref", [
    "../contributors/sam-rivers.yaml", "../contributors/sam-rivers.private.yaml",
    "../build/private/recognition.csv", "../.git/config", "figures/notes.png", "figures/link.png",
    "/etc/hostname",
])
def test_a_private_or_non_picture_file_as_a_figure_stops_the_build(tmp_path, ref):
    project = copy_sample(tmp_path / "project", commit=False)
    (project / "build/private").mkdir(parents=True)
    (project / "build/private/recognition.csv").write_text("Kwame Boateng\n")
    (project / ".git").mkdir()
    (project / ".git/config").write_text("[core]\n")
    (project / "manuscript/figures/notes.png").write_text("name: Kwame Boateng\n")  # text, not a picture
    (project / "manuscript/figures/link.png").symlink_to(project / "contributors/sam-rivers.private.yaml")
    _add_chapter(project, f'![Notes.]({ref}){{#fig:n alt="n"}}')
    result = run_copress("build", "html", "docx", "jats", "-C", str(project))
    _fails_cleanly(result, f"{CHAPTER}:5")
    assert not (project / "build/article.html").exists()
    for value in HIDDEN:
        assert value not in result.stderr


def _chapter_link(project: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.md"
    elsewhere.write_text("# Secret\n\nKwame Boateng's notes.\n")
    (project / "manuscript/99-x.md").symlink_to(elsewhere)


def _template_link(project: Path, tmp_path: Path) -> None:
    (project / "templates").mkdir()
    (project / "templates/article.html").symlink_to(project / "contributors/sam-rivers.private.yaml")


def _manuscript_folder_link(project: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    (project / "manuscript").rename(elsewhere)
    (project / "manuscript").symlink_to(elsewhere)


def _templates_folder_link(project: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere-templates"
    elsewhere.mkdir()
    (elsewhere / "article.css").write_text("body { color: black; }\n")
    (project / "templates").symlink_to(elsewhere)


def _course_module_link(project: Path, tmp_path: Path) -> None:
    module = project / "manuscript/course/power.md"
    elsewhere = tmp_path / "power.md"  # the module, moved out of the project and linked back
    module.rename(elsewhere)
    module.symlink_to(elsewhere)


def _template_partial(project: Path, tmp_path: Path) -> None:
    (project / "templates").mkdir()
    (project / "templates/article.html").write_text(
        "<html>\n<body>\n${ ../contributors/sam-rivers.private() }\n$body$\n</body></html>\n")


def _css_url(project: Path, tmp_path: Path) -> None:
    (project / "templates").mkdir()
    (project / "templates/article.css").write_text(
        "body { color: black; }\n.x { background: url(../contributors/sam-rivers.private.yaml); }\n")


def _config_css(project: Path, tmp_path: Path) -> None:
    (project / "copress.yaml").write_text("css: [contributors/sam-rivers.private.yaml]\n")


def _folder_chapter(project: Path, tmp_path: Path) -> None:
    (project / "manuscript/99-x.md").mkdir()


def _binary_chapter(project: Path, tmp_path: Path) -> None:
    (project / "manuscript/50-x.md").write_bytes(b"# Pasted\n\n\x89PNG\r\n\x1a\n\0\0\0\rIHDR")


def _latin1_chapter(project: Path, tmp_path: Path) -> None:
    (project / "manuscript/50-x.md").write_bytes("# Café\n\nOne.\n\nTwo café.\n".encode("latin-1"))


def _bibliography(project: Path, tmp_path: Path) -> None:
    meta = project / "manuscript/metadata.yaml"
    text = meta.read_text()
    import re

    meta.write_text(re.sub(r"(?m)^bibliography:.*$", "bibliography: ../contributors/sam-rivers.private.yaml", text))


@pytest.mark.parametrize("attack,needles", [
    (_chapter_link, ["manuscript/99-x.md", "link"]),
    (_template_link, ["templates/article.html", "outside"]),
    (_template_partial, ["templates/article.html:3", "another file"]),
    (_course_module_link, ["manuscript/course/power.md", "link"]),
    (_manuscript_folder_link, ["manuscript/metadata.yaml", "outside the project"]),
    (_templates_folder_link, ["templates/article.css", "outside"]),
    (_css_url, ["article.css:2", "contributors/"]),
    (_config_css, ["copress.yaml", "contributors/"]),
    (_folder_chapter, ["manuscript/99-x.md", "folder"]),
    (_binary_chapter, ["manuscript/50-x.md:5", "binary"]),
    (_latin1_chapter, ["manuscript/50-x.md:1", "UTF-8"]),
    (_bibliography, ["manuscript/metadata.yaml", "contributors/"]),
], ids=lambda v: getattr(v, "__name__", ""))
def test_links_out_private_sources_and_broken_text_stop_the_build(tmp_path, attack, needles):
    project = copy_sample(tmp_path / "project", commit=False)
    attack(project, tmp_path)
    target = "course" if attack is _course_module_link else "html"
    result = run_copress("build", target, "-C", str(project))
    _fails_cleanly(result, *needles)
    assert not (project / "build/article.html").exists()
    for value in HIDDEN:
        assert value not in result.stdout + result.stderr


def test_a_build_stopped_by_sigterm_leaves_no_staging_and_nothing_private_outside_private(tmp_path):
    project = copy_sample(tmp_path / "project")
    build = project / "build"
    proc = subprocess.Popen([str(BIN / "copress"), "build", "credit", "guide", "-C", str(project), "-q"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    staging = build / "private/staging"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not any(staging.glob("build-*/private/recognition.csv")):
        time.sleep(0.05)
    assert any(staging.glob("build-*/private/recognition.csv")), "the build never staged its outputs"
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode != 0 and "Traceback" not in err
    assert not list(staging.glob("build-*")), "staging left behind"
    assert not (build / "resource-guide.pdf").exists()
    leaked = [p for p in build.rglob("*.csv") if "private" not in p.relative_to(build).parts]
    assert leaked == []


def test_the_next_build_removes_what_killed_builds_left(tmp_path):
    project = copy_sample(tmp_path / "project", commit=False)
    dead = subprocess.run(["true"])  # a process id that has ended
    stale = project / f"build/private/staging/build-{os.getpid() + 10_000_000}-x"
    (stale / "private").mkdir(parents=True)
    (stale / "private/recognition.csv").write_text("Kwame Boateng\n")
    old = project / "build/.copress-abc123/private"  # where earlier versions staged
    old.mkdir(parents=True)
    (old / "recognition.csv").write_text("Kwame Boateng\n")
    assert dead.returncode == 0
    result = run_copress("build", "html", "-C", str(project))
    assert result.returncode == 0, result.stderr
    assert not stale.exists() and not old.parent.exists()


def test_a_build_without_the_private_side_files_publishes_only_consented_names(tmp_path):
    """As on a CI runner: the side files are git-ignored, so they are not there."""
    project = copy_sample(tmp_path / "project", commit=False)
    for side in (project / "contributors").glob("*.private.yaml"):
        side.unlink()
    result = run_copress("build", "html", "credit", "-C", str(project))
    assert result.returncode == 0, result.stderr
    html = (project / "build/article.html").read_text()
    assert "Sam Rivers" in html and "H.\u00a0L." in html.replace("&nbsp;", "\u00a0")
    record = (project / "build/private/recognition.csv").read_text()
    assert "Kwame" not in record and "None" not in record and "Sam Rivers" in record
    credit = run_copress("credit", "-C", str(project))  # the team's view works without them too
    assert credit.returncode == 0 and "Traceback" not in credit.stderr


def test_a_side_file_without_its_contributor_file_is_an_error(tmp_path):
    project = copy_sample(tmp_path / "project", commit=False)
    (project / "contributors/nobody.private.yaml").write_text("name: Somebody Hidden\n")
    result = run_copress("build", "html", "-C", str(project))
    _fails_cleanly(result, "contributors/nobody.private.yaml", "no contributor file")
    assert "Somebody Hidden" not in result.stderr


def test_a_side_file_may_hold_only_private_details(tmp_path):
    project = copy_sample(tmp_path / "project", commit=False)
    side = project / "contributors/sam-rivers.private.yaml"
    side.write_text(side.read_text() + "named: full\n")
    result = run_copress("build", "html", "-C", str(project))
    _fails_cleanly(result, "contributors/sam-rivers.private.yaml", "unknown key 'named'")


def test_check_warns_about_private_details_in_tracked_contributor_files(tmp_path):
    project = copy_sample(tmp_path / "project", commit=False)
    side = project / "contributors/sam-rivers.private.yaml"
    tracked = project / "contributors/sam-rivers.yaml"
    tracked.write_text(tracked.read_text() + side.read_text().split("\n", 4)[4])  # the old layout
    side.unlink()
    result = run_copress("check", "--only", "privacy", "credit", "--json", "-C", str(project))
    import json

    report = json.loads(result.stdout)
    rules = [(f["rule"], f["file"]) for f in report["findings"]]
    assert ("privacy/tracked-private", "contributors/sam-rivers.yaml") in rules
    warning = next(f for f in report["findings"] if f["rule"] == "privacy/tracked-private")
    assert "real name" in warning["message"] and "private details" in warning["message"]
    assert "Kwame" not in result.stdout and "01632" not in result.stdout
    assert sum(r == "privacy/tracked-private" for r, _ in rules) == 1  # the others use side files
