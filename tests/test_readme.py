"""The README tells the truth: it opens with a 3-minute start that runs as written, its
prerequisites table is `copress doctor`'s own table, and every command, option, make target,
environment variable and link it names exists.

Run as a script with --write (`.venv/bin/python tests/test_readme.py --write`) to regenerate the
prerequisites table after changing REQUIREMENTS in copress/doctor.py.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys

import pytest

from conftest import BIN, REPO

README = REPO / "README.md"
START = "## Start in 3 minutes"
TABLE_BEGIN = "<!-- prerequisites: generated from REQUIREMENTS in copress/doctor.py"
TABLE_END = "<!-- end of prerequisites -->"
IDENTITY = {"GIT_AUTHOR_NAME": "Ada Researcher", "GIT_AUTHOR_EMAIL": "ada@example.org",
            "GIT_COMMITTER_NAME": "Ada Researcher", "GIT_COMMITTER_EMAIL": "ada@example.org"}
# Lines of the 3-minute start that install copress; the wheel tests cover installing.
INSTALL = ("pipx install ", "python -m pip install ")


def _code(text: str) -> str:
    """An install line as a table cell: the command as code, a note after it (doctor writes
    `command   (note)`) as text."""
    command, note = re.fullmatch(r"(.*?)(?:\s{2,}(\(.*\)))?", text.replace("|", "\\|")).groups()
    code = f"`` {command} ``" if "`" in command else f"`{command}`"
    return f"{code} {note}" if note else code


def prerequisites_table(requirements) -> str:
    """The README's prerequisites table, rendered from doctor's REQUIREMENTS."""
    rows = ["| what | needed for | Debian/Ubuntu | macOS (Homebrew) | Windows |",
            "|---|---|---|---|---|"]
    for r in requirements:
        # doctor's Windows line is the Debian one run in WSL: say so rather than repeat it
        windows = ("the Debian/Ubuntu line, in WSL" if r.windows == f"in WSL (Debian/Ubuntu): {r.debian}"
                   else _code(r.windows))
        name, needed_for = (t.replace("|", "\\|") for t in (r.name, r.needed_for))
        rows.append(f"| {name} | {needed_for} | {_code(r.debian)} | {_code(r.macos)} | {windows} |")
    return "\n" + "\n".join(rows) + "\n\n"


def _between_markers(text: str) -> tuple[int, int]:
    begin = text.index(TABLE_BEGIN)
    begin = text.index("\n", begin) + 1
    return begin, text.index(TABLE_END, begin)


def _start_block(text: str) -> list[str]:
    """The lines of the 3-minute start's shell block."""
    section = text[text.index(START):]
    block = re.search(r"^```sh\n(.*?)^```$", section, re.S | re.M)
    assert block, "the 3-minute start has no ```sh block"
    return block[1].splitlines()


def _commands(text: str) -> list[str]:
    """Every `copress …` the README shows: in code blocks (without their comments or, in the
    command-line table, the description after two spaces) and in inline code."""
    found = []
    for block in re.findall(r"^```[a-z]*\n(.*?)^```$", text, re.S | re.M):
        for line in block.splitlines():
            line = re.split(r"\s{2,}|\s#\s", line.strip())[0]
            if line.startswith("copress "):
                found.append(line)
    prose = re.sub(r"^```.*?^```$", "", text, flags=re.S | re.M)
    found += [span for span in re.findall(r"`([^`\n]+)`", prose) if span.startswith("copress ")]
    return found


@pytest.mark.fast
def test_the_readme_opens_with_the_three_minute_start():
    head = "\n".join(README.read_text(encoding="utf-8").splitlines()[:40])
    assert START in head
    block = "\n".join(_start_block(head))
    assert head.count("```") >= 2  # the whole block is in the first 40 lines
    for line in ("copress new my-paper", "copress build", "copress check"):
        assert re.search(rf"^{line}(\s|$)", block, re.M), line
    assert any(line.startswith(INSTALL) for line in block.splitlines())


def test_the_three_minute_start_runs_as_written(tmp_path):
    ran, cwd = [], tmp_path
    for line in _start_block(README.read_text(encoding="utf-8")):
        line = line.split("#")[0].strip()
        if not line or line.startswith(INSTALL):
            continue
        words = shlex.split(line)
        if words[0] == "cd":
            cwd = cwd / words[1]
            continue
        assert words[0] == "copress", f"the 3-minute start has a line this test cannot run: {line}"
        result = subprocess.run([str(BIN / "copress"), *words[1:]], cwd=cwd, capture_output=True,
                                text=True, timeout=600, env={**os.environ, **IDENTITY})
        assert result.returncode == 0, f"{line} (exit {result.returncode}):\n{result.stdout}\n{result.stderr}"
        ran.append(words[1:])
    assert ran == [["new", "my-paper"], ["build"], ["check"]]
    assert (tmp_path / "my-paper/build/article.pdf").is_file()


@pytest.mark.fast
def test_the_prerequisites_table_is_doctors_requirements():
    from copress.doctor import REQUIREMENTS

    text = README.read_text(encoding="utf-8")
    begin, end = _between_markers(text)
    assert text[begin:end] == prerequisites_table(REQUIREMENTS), \
        "run `.venv/bin/python tests/test_readme.py --write` to regenerate the table"
    assert len(REQUIREMENTS) >= 5 and all(r.name in text[begin:end] for r in REQUIREMENTS)


@pytest.mark.fast
def test_every_copress_command_and_option_in_the_readme_exists():
    import click

    from copress.cli import main
    from copress.targets import TARGETS

    commands = _commands(README.read_text(encoding="utf-8"))
    assert len(commands) > 20
    for shown in commands:
        words = [w.strip("[]…,") for w in shown.split()[1:]]
        command, rest = main, words
        while isinstance(command, click.Group) and rest and not rest[0].startswith("-"):
            names = rest[0].split("|")  # `easy-read draft|check`
            assert all(n in command.commands for n in names), f"{shown}: no command {rest[0]}"
            command, rest = command.commands[names[0]], rest[1:]
        options = {"-h", "--help"} | {o for p in command.params for o in (*p.opts, *p.secondary_opts)}
        for word in rest:
            if word.startswith("-"):
                assert word in options, f"{shown}: `{command.name}` has no option {word}"
        if command.name == "build":
            for word in rest:
                if word.islower() and not word.startswith("-") and word not in ("-C", "-o"):
                    assert word in TARGETS or word == "all", f"{shown}: no target {word}"


@pytest.mark.fast
def test_every_make_target_link_and_variable_in_the_readme_exists():
    text = README.read_text(encoding="utf-8")
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    phony = set(re.search(r"^\.PHONY:(.*)$", makefile, re.M)[1].split())
    shown = set(re.findall(r"`make ([a-z -]+)`|^make ([a-z-]+)", text, re.M))
    targets = {t for pair in shown for s in pair for t in s.split()}
    assert {"pdf", "test", "test-fast"} <= targets and targets <= phony, targets - phony
    for link in re.findall(r"\]\(((?:docs/)?[\w./-]+\.md)(?:#[\w-]+)?\)", text):
        assert (REPO / link).is_file(), link
    source = "\n".join(p.read_text(encoding="utf-8") for p in (REPO / "copress").rglob("*.py"))
    for variable in set(re.findall(r"COPRESS_[A-Z_]+", text)):
        assert variable in source, variable


if __name__ == "__main__" and sys.argv[1:] == ["--write"]:
    sys.path.insert(0, str(REPO))
    from copress.doctor import REQUIREMENTS

    text = README.read_text(encoding="utf-8")
    begin, end = _between_markers(text)
    README.write_text(text[:begin] + prerequisites_table(REQUIREMENTS) + text[end:], encoding="utf-8")
    print(f"wrote the prerequisites table into {README}")
