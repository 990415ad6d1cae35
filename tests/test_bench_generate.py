"""bench/generate.py: a synthetic project made only of the sample's own material."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from copress.project import Project

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

from generate import generate  # noqa: E402

pytestmark = pytest.mark.fast


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    return generate(tmp_path_factory.mktemp("generated") / "project", words=4000, chapters=3,
                    references=10, figures=2, contributors=10, commits=8)


def _chapters(project: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted((project / "manuscript").glob("[0-9][0-9]-*.md")))


def test_generated_project_cites_only_the_first_references_of_the_sample(generated):
    bib = (REPO / "manuscript/references.bib").read_text(encoding="utf-8")
    assert (generated / "manuscript/references.bib").read_text(encoding="utf-8") == bib
    first = set(re.findall(r"^@\w+\{([^,]+),", bib, re.M)[:10])
    cited = set(re.findall(r"@([a-z][\w-]*\d{4}\w*)", _chapters(generated)))
    assert cited and cited <= first


def test_generated_references_to_sections_figures_and_tables_have_targets(generated):
    text = _chapters(generated)
    for kind in ("sec", "fig", "tbl"):
        targets = set(re.findall(r"\{#" + kind + r":([\w-]+)", text))
        assert set(re.findall(r"@" + kind + r":([\w-]+)", text)) <= targets
    assert len(re.findall(r"\{#fig:", text)) == 2


def test_generated_project_has_its_size_contributors_and_history(generated):
    words = len(_chapters(generated).split())
    assert 4000 <= words < 4000 * 1.25
    project = Project.load(generated)
    assert len(project.contributors) == 10
    made = [c for c in project.contributors.values() if c.id.startswith("contributor-0")]
    assert {c.name for c in made} == {f"Contributor {n:03d}" for n in range(1, 4)}
    log = subprocess.run(["git", "log", "--format=%ae"], cwd=generated, check=True,
                         capture_output=True, text=True).stdout.split()
    assert len(log) == 8 and "contributor001@example.org" in log
