"""Command line: `python generate.py [build|check] ...`.

Exit status: 0 all written; 1 some document failed (each named); 2 invalid
data or templates (every problem listed as file:line:column: field: message).
"""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from .errors import BuildError, ValidationFailed
from .model import LANGUAGES
from .paths import Project
from .audiences import DOCUMENTS, PAPERS
from .localize import DIGIT_STYLES

EXIT_FAILED, EXIT_INVALID = 1, 2


def data_option(func):
    return click.option("--data", type=click.Path(file_okay=False, exists=True, path_type=Path),
                        default=None, help="Data folder (default: data/ in the project).")(func)


def make_project(data: Path | None = None, reports: Path | None = None) -> Project:
    project = Project()
    return Project(reports=(reports or project.reports).absolute(), data=(data or project.data).absolute())


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.pass_context
def main(ctx: click.Context) -> None:
    """Build Arabic and English PDF briefings and fact sheets from data/.

    With no command, builds every relationship's documents into reports/.
    """
    if ctx.invoked_subcommand is None:
        ctx.invoke(build)


@main.command()
@data_option
def check(data) -> None:
    """Validate data/, template strings, templates and font coverage; write nothing."""
    inputs = validated(make_project(data))
    click.echo(f"ok: {len(inputs.record.relationships)} relationship(s), {len(inputs.record.entities)} entities, "
               f"{len(inputs.audiences)} audiences; templates and fonts checked.")


@main.command()
@click.option("--relation", "relations", multiple=True, metavar="ID",
              help="Relationship id (file name in data/relations/); repeatable. Default: all.")
@click.option("--audience", "audiences", multiple=True, metavar="NAME",
              help="Audience (folder in templates/audiences/); repeatable. Default: all.")
@click.option("--doc", "docs", multiple=True, type=click.Choice(DOCUMENTS),
              help="Document kind; repeatable. Default: what each audience's profile lists.")
@click.option("--lang", "langs", multiple=True, type=click.Choice(LANGUAGES),
              help="Document language; repeatable. Default: what each audience's profile lists.")
@click.option("--paper", type=click.Choice(PAPERS), default=None,
              help="Paper size for every document (default: each audience's, A4 unless it says).")
@click.option("--digits", type=click.Choice(DIGIT_STYLES), default=None,
              help="Digits in Arabic documents, western 0-9 or arabic-indic ٠-٩ (default: each audience's).")
@click.option("--issued", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Date of issue printed on documents (default: today).")
@click.option("--reports", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder (default: reports/ in the project).")
@data_option
def build(relations, audiences, docs, langs, paper, digits, issued, reports, data) -> None:
    """Build documents into reports/<relation>/<audience>/<doc>.<lang>.pdf."""
    from .build import Selection, plan, run
    project = make_project(data, reports)
    inputs = validated(project)
    day = issued.date() if issued else dt.date.today()
    selection = Selection(relations or None, audiences or None, docs or None, langs or None, paper, digits)
    try:
        jobs = plan(inputs, project, selection, day)
    except BuildError as err:
        raise click.UsageError(str(err))
    if not jobs:
        raise click.UsageError("nothing to build: no audience asks for that document and language")
    click.echo(f"Building {len(jobs)} document(s) into {project.reports}", err=True)
    summary = run(jobs, inputs, project, progress=show_progress)
    click.echo(summary.text())
    if summary.failures:
        for outcome in summary.failures:
            click.echo(f"error: {outcome.error}", err=True)
        sys.exit(EXIT_FAILED)


@main.command("new-audience")
@click.argument("name")
@click.option("--from", "source", default="press", show_default=True, metavar="AUDIENCE",
              help="The audience to copy.")
def new_audience(name, source) -> None:
    """Scaffold templates/audiences/NAME/ from another audience, ready to edit."""
    from .scaffold import scaffold_audience
    try:
        folder = scaffold_audience(Project().templates, name, source)
    except BuildError as err:
        raise click.UsageError(str(err))
    click.echo(f"created {folder}: edit audience.yaml, then run `generate.py check`.")


def validated(project: Project):
    from .build import check as check_all
    try:
        return check_all(project)
    except ValidationFailed as failed:
        click.echo(failed.report(), err=True)
        sys.exit(EXIT_INVALID)


def show_progress(index: int, total: int, outcome) -> None:
    if outcome.error:
        status = "FAILED"
    else:
        status = f"{outcome.pages} page(s), {outcome.seconds:.2f} s -> {outcome.job.output}"
    click.echo(f"[{index}/{total}] {outcome.job.name}: {status}", err=True)
