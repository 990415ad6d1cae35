"""The copress command: the only place that prints, parses arguments and sets exit codes."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from .console import console, err_console, escape as _escape, project_option
from .errors import CopressError


class CopressGroup(click.Group):
    """Turns CopressError into a plain message and exit status 2 (no traceback)."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except CopressError as err:
            err_console.print(f"[bold red]copress: error:[/] {_escape(str(err))}")
            sys.exit(2)


@click.group(cls=CopressGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="copress")
def main() -> None:
    """copress: publish co-produced research — article, credit, guide and easy-read outputs."""


@main.command()
@click.argument("targets", nargs=-1)
@project_option
@click.option("-o", "out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder (default: DIR/build).")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors and warnings.")
@click.option("-v", "--verbose", is_flag=True, help="Say why each target is rebuilt.")
@click.option("--force", is_flag=True, help="Rebuild every target, even those that have not changed.")
def build(targets: tuple[str, ...], directory: Path, out: Path | None, quiet: bool, verbose: bool,
          force: bool) -> None:
    """Build TARGETS: pdf html docx jats gripp2 credit easy-read guide course meca, or all (default).

    `all` leaves out meca, the submission package for a journal (docs/submission.md).

    A target whose sources have not changed since its last build is reused (docs/internals.md)."""
    from .render.pdf.worker import PdfWorker
    from .targets import TARGETS, needs_pdf, wanted

    unknown = [t for t in targets if t != "all" and t not in TARGETS]
    if unknown:
        raise click.UsageError(f"unknown target '{unknown[0]}'; targets: {', '.join(TARGETS)}, all")

    def notice(kind: str, text: str) -> None:
        if kind == "warning":
            err_console.print(f"[bold yellow]copress: warning:[/] {_escape(text)}")
        elif kind == "reused":
            if not quiet:
                console.print(f"  reused {_escape(_relative(Path(text)))} (unchanged)", highlight=False)
        elif kind == "rebuilt":
            if verbose and not quiet:
                path, _, why = text.partition(": ")
                console.print(f"  rebuilding {_escape(_relative(Path(path)))}: {_escape(why)}",
                              highlight=False)
        elif not quiet:
            console.print(f"  {kind} {text}")

    root, inputs = Path(directory).resolve(), None
    if not force and (root / "manuscript").is_dir():
        # every output up to date: said without loading the project (copress/inputs.py)
        from .inputs import Inputs, reuse_all

        inputs = Inputs(root)  # read once: the build below uses them when there is work to do
        said = reuse_all(inputs, targets, (out or root / "build").resolve())
        if said is not None:
            for kind, text in said:
                notice(kind, text)
            return
    pdf = PdfWorker()
    if needs_pdf(wanted(targets)) and force:
        # before the editions are even imported: WeasyPrint loads on the other core. Without
        # --force, the build warms it once it knows a PDF has to be rebuilt (when none has,
        # the worker would only cost a core).
        pdf.warm()
    try:
        from .build import build as run_build
        from .project import Project

        project = Project.load(directory)
    except BaseException:
        pdf.close(failed=True)
        raise
    out = (out or project.root / "build").resolve()

    if quiet:
        written = run_build(project, list(targets), out, pdf=pdf, notice=notice, force=force, inputs=inputs)
    else:
        with console.status("building…") as status:
            written = run_build(project, list(targets), out, progress=lambda text: status.update(text + "…"),
                                pdf=pdf, notice=notice, force=force, inputs=inputs)
        for path in written:
            if path.parent == out or path.suffix in {".pdf", ".html", ".docx", ".xml"}:
                console.print(f"  wrote {_relative(path)}")


def _relative(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


@main.command()
@click.argument("targets", nargs=-1)
@project_option
@click.option("-o", "out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder to check (default: DIR/build).")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github", "gitlab"]), default=None,
              help="How to report: text (default), json (docs/check.md), github (GitHub Actions "
                   "annotations) or gitlab (a GitLab Code Quality report). github and gitlab are "
                   "for CI logs, which may be public: they withhold every private value, hidden "
                   "name, telling id and e-mail address.")
@click.option("--json", "as_json", is_flag=True, help="The same as --format json.")
@click.option("--output", "report_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the json, github or gitlab report to this file (whole or not at all) "
                   "instead of printing it; a one-line summary is printed.")
@click.option("--journal", default=None, help="Journal profile (default: copress.yaml's journal).")
@click.option("--only", "only", multiple=True, metavar="AREA[,AREA…]",
              help="Check only these areas (sources journal accessibility privacy credit).")
@click.option("--submission", is_flag=True,
              help="Check as for submission to the journal: every author must have signed off the "
                   "current text (copress signoff; docs/signoff.md). copress.yaml submission: true "
                   "does the same.")
@click.option("--history", is_flag=True,
              help="Audit the git history instead (before the repository is made public): where "
                   "hidden names, real addresses and private values occur. Builds nothing.")
def check(targets: tuple[str, ...], directory: Path, out: Path | None, fmt: str | None,
          as_json: bool, report_file: Path | None, journal: str | None, only: tuple[str, ...],
          history: bool, submission: bool) -> None:
    """Check journal requirements, accessibility of every output and the privacy promise:
    of TARGETS' outputs (default all), building only what the chosen areas read.

    Exit status: 0 no errors, 1 errors found, 2 could not run."""
    from .checks.run import AREAS, run_checks

    if as_json and fmt not in (None, "json"):
        raise click.UsageError(f"--json is --format json: give one of --json and --format {fmt}")
    fmt = "json" if as_json else fmt or "text"
    if report_file and fmt == "text":
        raise click.UsageError("--output writes the json, github or gitlab report: add --format")
    if history:
        if targets or only or out or journal or submission:
            raise click.UsageError("--history reads the git history, not the outputs: give it "
                                   "with -C, --format (or --json) and --output only")
        from .checks.history import history_report

        if fmt != "text":
            report = history_report(directory)
        else:
            with console.status("reading the git history…"):
                report = history_report(directory)
    else:
        scope = {"only": [a.strip() for item in only for a in item.split(",") if a.strip()] or None,
                 "targets": list(targets), "submission": submission}
        if fmt != "text":
            report = run_checks(directory, out, journal, **scope)
        else:
            with console.status("checking…") as status:
                report = run_checks(directory, out, journal, progress=lambda t: status.update(t + "…"),
                                    **scope)
    if fmt == "text":
        _print_report(report, AREAS)
    else:
        from .checks.formats import FORMATS, summary
        from .outputs import write_atomic

        written = FORMATS[fmt](report, directory)
        if report_file:
            write_atomic(report_file, written)
            click.echo(f"{summary(report)}; the {fmt} report is in {report_file}")
        else:
            click.echo(written, nl=False)
    sys.exit(1 if report.errors else 0)


def _print_report(report, areas) -> None:
    colours = {"error": "red", "warning": "yellow", "info": "blue"}
    titles = {"sources": "Project files", "build": "Building", "journal": "Journal requirements",
              "accessibility": "Accessibility", "privacy": "Privacy promise", "credit": "Contributors and credit",
              "history": "Git history"}
    for area in [*areas, *sorted({f.area for f in report.findings} - set(areas))]:
        found = [f for f in report.findings if f.area == area]
        if not found:
            continue
        console.print(f"\n[bold]{titles.get(area, area)}[/]")
        for f in found:
            where = f"{f.file}{':' + str(f.line) if f.line else ''}: " if f.file else ""
            console.print(f"  [{colours[f.severity]}]{f.severity}[/] {_escape(where + f.message)}")
            if f.hint and f.severity != "info":
                console.print(f"      → {_escape(f.hint.strip().splitlines()[0])}")
    if report.gripp2:
        console.print("\n[bold]GRIPP2 short form[/]")
        for row in report.gripp2:
            console.print(f"  {row['name']}: {_escape(row['section'] or '— not marked')}")
    errors = report.errors
    warnings = sum(1 for f in report.findings if f.severity == "warning")
    verdict = "[green]ready[/]" if not errors else f"[red]{errors} error(s) to fix[/]"
    console.print(f"\n{verdict}, {warnings} warning(s) (journal profile: {report.journal or '—'})")


@main.command("review-pack")
@click.argument("contributor")
@project_option
@click.option("-o", "out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder (default: DIR/build); the pack goes in its private/review/.")
def review_pack_command(contributor: str, directory: Path, out: Path | None) -> None:
    """A private pack for one CONTRIBUTOR: the article, the easy-read edition, their credit to check."""
    from .collab.review_pack import pack_warnings, review_pack
    from .project import Project

    project = Project.load(directory)
    folder = review_pack(project, contributor, (out or project.root / "build").resolve())
    for text in pack_warnings(project):
        err_console.print(f"[bold yellow]copress: warning:[/] {_escape(text)}")
    console.print(f"  wrote {_relative(folder)}/ and {_relative(folder.with_suffix('.zip'))}")


@main.command("serve")
@project_option
@click.option("-o", "out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for the preview's outputs (default: DIR/build/preview).")
@click.option("--port", default=8642, show_default=True, help="Port to listen on (0: any free port).")
@click.option("--bind", default="127.0.0.1", show_default=True, metavar="ADDRESS",
              help="Address to listen on. Anything but a loopback address (0.0.0.0 inside a "
                   "container) needs --host.")
@click.option("--host", "hosts", multiple=True, metavar="NAME[:PORT]",
              help="A Host name the preview answers to (repeatable); given, it replaces the default "
                   "127.0.0.1, localhost and [::1]. Other names get 403.")
def serve_command(directory: Path, out: Path | None, port: int, bind: str, hosts: tuple[str, ...]) -> None:
    """A live preview of every edition: rebuilds what a change affects (web pages first, then
    the PDFs) and reloads the open page."""
    from .collab.serve import check_address, serve
    from .project import Project

    check_address(bind, hosts)
    root = Project.load(directory).root  # bad input stops here, before anything listens

    def say(kind: str, text: str) -> None:
        if kind in ("error", "warning"):
            colour = "red" if kind == "error" else "yellow"
            err_console.print(f"[bold {colour}]copress: {kind}:[/] {_escape(text)}", highlight=False)
        else:
            console.print(f"  {_escape(text)}", highlight=False)

    serve(root, (out or root / "build" / "preview").resolve(), port, bind=bind, hosts=hosts, say=say,
          ready=lambda url: console.print(f"Preview at {url} (Ctrl-C stops it)", highlight=False))


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--journal", "journal", default="generic", show_default=True, metavar="NAME",
              help="The journal profile (templates/journals/NAME.yaml): its sections are written in.")
@click.option("--license", "license_id", default="CC-BY-4.0", show_default=True, metavar="ID",
              help="The article's licence: CC-BY-4.0, CC-BY-SA-4.0, CC-BY-NC-4.0, CC-BY-NC-ND-4.0 or CC0-1.0.")
@click.option("--ci", "ci_system", type=click.Choice(["github", "gitlab", "none"]), default=None,
              help="Add a CI file that builds, checks and publishes on every push (docs/ci.md). "
                   "Default: github when the copress spec is known, else none.")
@click.option("--copress-spec", "copress_spec", default=None, metavar="SPEC",
              help="The exact copress the CI file installs (copress @ git+https://…@<commit>, or "
                   "a wheel's https:// URL). Default: the URL this copress was installed from.")
def new(directory: Path, journal: str, license_id: str, ci_system: str | None,
        copress_spec: str | None) -> None:
    """Create a new copress project in DIRECTORY, ready to build and check, with a first commit."""
    from .ci import NEXT, SYSTEMS, choose_for_new
    from .scaffold import scaffold

    ci, notes = choose_for_new(ci_system, copress_spec)  # a bad spec stops here, before any file
    commit = scaffold(directory, journal=journal, license=license_id, ci=ci)
    folder = _escape(str(directory))
    console.print(f"Created a copress project in {folder} (first commit {commit[:7]}, "
                  f"journal profile {journal}, licence {license_id}).\n"
                  "Next:\n"
                  f"  1. cd {folder}\n"
                  "  2. put your name in contributors/first-author.yaml (and your public email: "
                  "the example.org one is a placeholder); one file per co-author\n"
                  "  3. write the article in manuscript/ (title and abstract in metadata.yaml, "
                  "references in references.bib)\n"
                  "  4. copress build      the article as PDF, HTML, DOCX and JATS in build/\n"
                  "  5. copress check      the gate before submission\n"
                  "  6. git add -A && git commit -m \"…\"   as you go: every build is stamped "
                  "with its commit", highlight=False)
    if ci:
        console.print(f"CI: {SYSTEMS[ci[0]][1]} (in the first commit) builds and checks the "
                      f"project on every push; {_escape(NEXT[ci[0]])}.", highlight=False)
    for note in notes:
        console.print(f"Note: {_escape(note)}", highlight=False)


@main.group("ci")
def ci_group() -> None:
    """CI files that build, check and publish the project on every push (docs/ci.md)."""


@ci_group.command("init")
@project_option
@click.option("--ci", "system", type=click.Choice(["github", "gitlab"]), default="github",
              show_default=True, help="GitHub Actions (.github/workflows/copress.yml) or GitLab CI "
                                      "(.gitlab-ci.yml).")
@click.option("--copress-spec", "copress_spec", default=None, metavar="SPEC",
              help="The exact copress the CI file installs (copress @ git+https://…@<commit>, or "
                   "a wheel's https:// URL). Default: the URL this copress was installed from.")
def ci_init(directory: Path, system: str, copress_spec: str | None) -> None:
    """Add the CI file to an existing project (never over an existing one). Exit status 2 when
    no usable copress spec is known."""
    from .ci import NEXT, resolve_spec, write

    if not (directory / "copress.yaml").is_file():
        raise CopressError("is not a copress project (it has no copress.yaml)", directory,
                           hint="run this in the project's folder, or give it with -C DIR")
    spec, warnings = resolve_spec(copress_spec)
    path = write(directory.resolve(), system, spec)
    for text in warnings:
        err_console.print(f"[bold yellow]copress: warning:[/] {_escape(text)}")
    console.print(f"Wrote {_escape(_relative(path))}, which installs {_escape(spec)}.\n"
                  f"Next: commit it and push; {_escape(NEXT[system])}.", highlight=False)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--install-validators", is_flag=True,
              help="First fetch the pinned validators copress check runs (veraPDF from Maven Central, "
                   "the Nu HTML Checker from the npm registry) into copress's cache folder, checking "
                   "each download against its pinned hash.")
def doctor(as_json: bool, install_validators: bool) -> None:
    """What this machine has for each edition and check, and how to install what is missing.

    Exit status: 0 everything copress build and copress check need is here, 1 something is missing."""
    from .doctor import as_json as report_json, as_text, examine, install_validators as fetch

    if install_validators:
        fetch(echo=lambda line: click.echo(line, err=as_json))
    results = examine()
    click.echo(report_json(results) if as_json else as_text(results))
    sys.exit(0 if all(r.found for r in results) else 1)


@main.command("import-docx")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--by", "by", required=True, metavar="ID",
              help="The contributor who edited the DOCX (their file name in contributors/, without .yaml).")
@project_option
@click.option("--changes", type=click.Choice(["accept", "reject", "all"]), default="accept",
              show_default=True, help="Tracked changes: accept them, reject them, or keep all marked for review.")
@click.option("--base", default=None, metavar="COMMIT",
              help="The commit the DOCX was built from, when it does not record one.")
def import_docx(file: Path, by: str, directory: Path, changes: str, base: str | None) -> None:
    """Bring a co-author's edits to article.docx back into the manuscript as a commit in their name."""
    from .roundtrip import import_docx as run_import

    result = run_import(directory, file, by, changes=changes, base=base)
    if result.commit is None:
        console.print("Nothing to import: the DOCX has no edits and no comments.")
        return
    console.print(f"Committed {result.commit[:7]} as {_escape(result.author)}:")
    for path in result.changed:
        console.print(f"  {path}")
    if result.note:
        console.print(f"Comments ({result.comments}) and edits to generated text "
                      f"({result.generated_edits}) are in {result.note}.")


# Each package's commands live in its own command module, which imports copress.console, never
# this module (Manubot's *_command.py): adding them here is the only link, so there is no cycle.
from .collab.signoff_command import signoff  # noqa: E402
from .credit.command import credit  # noqa: E402
from .credit.deposit_command import deposit  # noqa: E402
from .easyread.cli import easy_read  # noqa: E402
from .site.cli import site  # noqa: E402

main.add_command(credit)
main.add_command(deposit)
main.add_command(easy_read)
main.add_command(signoff)
main.add_command(site)


def run() -> None:
    """The `copress` command: the CLI, then an immediate exit.

    Once a command has finished and its output is flushed there is nothing left to do, yet
    tearing the interpreter down (every module and object freed one by one) took 0.1–0.2 s
    after a build. Every file copress writes is closed, and every temporary folder removed,
    before the command returns. Tests and other Python code call `main` instead.
    """
    import logging
    import os
    import signal

    from .outputs import STOP

    def stop(signum, frame):  # SIGTERM as Ctrl-C: builds discard their staging and clean up
        STOP.set()  # should the exception be swallowed (outputs.STOP), the build still stops
        raise KeyboardInterrupt

    def swallowed(unraisable, default=sys.unraisablehook):
        """The KeyboardInterrupt of a SIGTERM that landed in a weakref callback or a __del__, where
        Python would print it as a traceback and carry on: not printed, since the build stops
        anyway at its next edition or before it moves anything into place (outputs.STOP)."""
        if STOP.is_set() and isinstance(unraisable.exc_value, KeyboardInterrupt):
            return
        default(unraisable)

    signal.signal(signal.SIGTERM, stop)
    sys.unraisablehook = swallowed
    try:
        main.main(prog_name="copress")  # standalone mode: always ends with SystemExit
        code = 0
    except SystemExit as done:
        code = done.code
    if isinstance(code, str):  # what sys.exit("message") would print
        print(code, file=sys.stderr)
        code = 1
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe, say `copress … | head`
            pass
    os._exit(code or 0)


if __name__ == "__main__":
    run()
