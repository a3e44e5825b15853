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
from .localize import DIGIT_STYLES
from .select import DOCUMENTS, PAPERS, Options

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
    record, _ = validated(make_project(data))
    count = len(record.relationships)
    click.echo(f"ok: {count} relationship(s), {len(record.entities)} entities, templates and fonts checked.")


@main.command()
@click.option("--relation", "relations", multiple=True, metavar="ID",
              help="Relationship id (file name in data/relations/); repeatable. Default: all.")
@click.option("--doc", "docs", multiple=True, type=click.Choice(DOCUMENTS),
              help="Document kind; repeatable. Default: all.")
@click.option("--lang", "langs", multiple=True, type=click.Choice(LANGUAGES),
              help="Document language; repeatable. Default: all.")
@click.option("--paper", type=click.Choice(PAPERS), default="a4", show_default=True, help="Paper size.")
@click.option("--digits", type=click.Choice(DIGIT_STYLES), default="western", show_default=True,
              help="Digits in Arabic documents: western 0-9 or arabic-indic ٠-٩.")
@click.option("--issued", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Date of issue printed on documents (default: today).")
@click.option("--reports", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder (default: reports/ in the project).")
@data_option
def build(relations, docs, langs, paper, digits, issued, reports, data) -> None:
    """Build documents into reports/<relation>/<doc>.<lang>.pdf."""
    from .build import plan, run
    project = make_project(data, reports)
    record, strings = validated(project)
    day = issued.date() if issued else dt.date.today()
    base = Options(paper=paper, digits=digits, issued=day)
    try:
        jobs = plan(record, project, relations or None, docs or DOCUMENTS, langs or LANGUAGES, base)
    except BuildError as err:
        raise click.UsageError(str(err))
    click.echo(f"Building {len(jobs)} document(s) into {project.reports}", err=True)
    summary = run(jobs, record, strings, project, progress=show_progress)
    click.echo(summary.text())
    if summary.failures:
        for outcome in summary.failures:
            click.echo(f"error: {outcome.error}", err=True)
        sys.exit(EXIT_FAILED)


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
