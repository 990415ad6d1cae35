"""The submission package: `copress build meca` packs the article's outputs (PDF, DOCX, JATS and
its figures, the GRIPP2 form, the credit statement) into build/submission/<name>-meca.zip."""

from __future__ import annotations

from typing import Callable

from ..errors import CopressError
from ..outputs import Staging
from ..project import Project
from ..submission.meca import CREDIT_STATEMENT, ITEMS, figure_item, meca_zip, package_name, referenced_files
from ..targets import of_edition

TARGETS = of_edition("submission")  # meca
FOLDER = "submission"


def build_outputs(project: Project, wanted: set[str], staging: Staging,
                  progress: Callable[[str], None], pdf: object = None) -> None:  # no PDF of its own
    """The outputs packed are the ones this build made (targets.NEEDS builds them first) or,
    when they were up to date, the ones in the output folder: public outputs only."""
    progress("packing the submission package (MECA)")
    files = {name: _output(staging, name) for name in ITEMS}
    if shown_only_on_credit_page(project):
        progress("writing the package's credit statement, as the article may show people")
        files[CREDIT_STATEMENT] = package_statement(project, staging)
    items = dict(ITEMS)
    for name in referenced_files(files["article.xml"]):
        items[name] = figure_item(name)
        files[name] = _output(staging, name)
    staging.write(f"{FOLDER}/{package_name(project.metadata.title)}", meca_zip(files, items))


def shown_only_on_credit_page(project: Project) -> bool:
    """Whether the credit page names someone whose consent leaves the article out: `project` is
    the article's view, in which they are anonymous because of the article (and the credit page
    may name them). The package goes to the journal with the article, so its statement may not."""
    return any(person.left_out == "article" and person.allows("credit")
               for person in project.contributors.values())


def package_statement(project: Project, staging: Staging) -> bytes:
    """The credit statement as both the article and the credit page may show people."""
    from ..credit.ledger import build_ledger
    from .credit import credit_statement

    both = project.for_edition("article", "credit")
    statement = credit_statement(both, build_ledger(both, staging.out / "private" / "cache"))
    return statement.html.encode("utf-8")


def _output(staging: Staging, name: str) -> bytes:
    try:
        return staging.output(name)
    except FileNotFoundError:
        raise CopressError(f"{name} is missing from the output folder, so it cannot be packed",
                           f"build/{name}", hint="build again with --force: copress build meca --force") from None
