"""The course's sources: bad input stops the build with the file, line and a hint (exit 2, the
output folder untouched), a plan that overruns the course's duration is an error, and
facilitators appear as they agreed to be named."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import copy_sample, run_copress

COURSE = "manuscript/course"


@pytest.fixture
def sample(tmp_path) -> Path:
    return copy_sample(tmp_path / "project", commit=False)


def edit(project: Path, name: str, old: str, new: str) -> int:
    """Replace `old` (once) in a course file; return the line `new` starts on."""
    path = project / COURSE / name
    text = path.read_text()
    assert text.count(old) == 1, old
    text = text.replace(old, new)
    path.write_text(text)
    return text[:text.index(new)].count("\n") + 1


def fails(project: Path) -> str:
    result = run_copress("build", "course", "-C", str(project))
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert not (project / "build/course").exists()  # nothing written
    return " ".join(result.stderr.split())


@pytest.mark.fast
def test_a_plan_that_overruns_the_duration_is_an_error(sample):
    line = edit(sample, "course.yaml", "duration: 210 ", "duration: 180 ")
    message = fails(sample)
    assert f"{COURSE}/course.yaml:{line}: the session plan takes 205 minutes, more than the " \
           "course's duration of 180" in message


@pytest.mark.fast
def test_activities_longer_than_their_module_are_an_error(sample):
    line = edit(sample, "honesty.md", "minutes: 20\n", "minutes: 5\n")
    assert f"{COURSE}/honesty.md:{line}: the activities take 10 minutes, more than the module's 5" in fails(sample)


@pytest.mark.fast
@pytest.mark.parametrize("name, old, new, expected", [
    ("power.md", "questions: [who-decided-question,", "questions: [who-decides-everything,",
     "unknown question id 'who-decides-everything'"),
    ("remote.md", "resources: [spcr-virtual-ppi-meetings,", "resources: [a-resource-nobody-listed,",
     "unknown resource id 'a-resource-nobody-listed'"),
    ("power.md", '::: {.activity minutes=20 mode="both"', '::: {.activity minutes=20 mode="hybrid"',
     "activity has an unknown mode 'hybrid'"),
    ("power.md", '::: {.activity minutes=20 mode="both"', '::: {.activity mode="both"',
     "activity has no 'minutes'"),
    ("honesty.md", "## An honest test", "# An honest test", "a module's sections start at '##'"),
    ("remote.md", "## Safety online\n", "![A laptop](laptop.png)\n\n## Safety online\n",
     "pictures in course modules are not supported yet"),
    ("what-is-co-production.md", "minutes: 30\n", "length: 30\nminutes: 30\n", "unknown key 'length'"),
])
def test_bad_module_input_names_file_and_line(sample, name, old, new, expected):
    line = edit(sample, name, old, new)
    message = fails(sample)
    assert f"{COURSE}/{name}:{line}: {expected}" in message
    assert "→" in message  # with a hint


@pytest.mark.fast
def test_an_unclosed_div_names_the_line_that_opened_it(sample):
    path = sample / COURSE / "honesty.md"
    text = path.read_text().rstrip("\n")
    assert text.endswith(":::")
    path.write_text(text[:-3])
    opened = path.read_text().splitlines().index("::: notes") + 1
    assert f"{COURSE}/honesty.md:{opened}: this div is never closed" in fails(sample)


@pytest.mark.fast
@pytest.mark.parametrize("old, new, expected", [
    ("facilitators: [amina-okafor, denise-harper]", "facilitators: [amina-okafor, dennis-harper]",
     "unknown facilitator 'dennis-harper'"),
    ("  - remote\n", "  - remote-working\n", "no module file manuscript/course/remote-working.md"),
    ("{after: who-and-when, minutes: 20}", "{after: lunch, minutes: 20}", "break after unknown module 'lunch'"),
    ("duration: 210 ", "duration: half a day ", "duration: Input should be a valid integer"),
])
def test_bad_course_yaml_names_file_and_line(sample, old, new, expected):
    line = edit(sample, "course.yaml", old, new)
    assert f"{COURSE}/course.yaml:{line}: {expected}" in fails(sample)


@pytest.mark.fast
def test_a_module_file_left_out_of_the_list_is_an_error(sample):
    (sample / COURSE / "extra.md").write_text("---\ntitle: Extra\nminutes: 5\noutcomes: [x]\n---\n")
    assert "manuscript/course/extra.md is not in the course's module list" in fails(sample)


def test_facilitators_appear_as_they_agreed_to_be_named(sample):
    edit(sample, "course.yaml", "facilitators: [amina-okafor, denise-harper]",
         "facilitators: [amina-okafor, sam-rivers]")
    result = run_copress("build", "course", "-C", str(sample))
    assert result.returncode == 0, result.stderr
    from pdfminer.high_level import extract_text

    overview = (sample / "build/course/index.html").read_text()
    facilitator = " ".join(extract_text(sample / "build/course-facilitator.pdf").split())
    for text in (overview, facilitator):
        assert "Amina Okafor and Sam Rivers" in text
        assert "Kwame Boateng" not in text and "sam-rivers" not in text


@pytest.mark.fast
@pytest.mark.parametrize("name", ["course.js", "course.html"])
def test_a_project_template_that_is_not_text_is_a_clear_error(sample, name):
    """A project's own template of the course's pages is read through the input gate."""
    (sample / "templates").mkdir(exist_ok=True)
    (sample / "templates" / name).write_bytes(b"\xff\xfe\x00not text")
    assert f"templates/{name}:1: is not a text file" in fails(sample)
