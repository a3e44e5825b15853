"""Command line: `python generate.py [build|check] ...`.

Only parsing and printing: what a command does is in the stages (a build is
rebuild/run.py's); its exit statuses are listed in errors.py.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys
from dataclasses import replace
from pathlib import Path

import click

from .errors import EXIT_FAILED, EXIT_INVALID, BuildError, Location, Problem, ValidationFailed, problems_json
from . import __version__
from .paths import PROJECT_VARIABLE, OutputOutsideReports, Project, find_project
from .record.audiences import PAPERS, PDF_VARIANTS
from .record.languages import DIGIT_STYLES, LANGUAGES
from .record.yamlnodes import ID_PATTERN, parse_partial_date
from .view.localize import HIJRI_RANGE




DAY_PATTERN = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")


class Day(click.ParamType):
    """A day as YYYY-MM-DD. A day written right that does not exist (2026-02-30) is
    said to be so, as check says it of a record's date, not "does not match the format"."""
    name = "YYYY-MM-DD"

    def convert(self, value, param, ctx):
        if isinstance(value, dt.datetime):
            return value
        if not DAY_PATTERN.match(str(value)):
            self.fail(f"expected a day as YYYY-MM-DD, got {value!r}", param, ctx)
        day, problem = parse_partial_date(str(value))
        if problem is not None:
            self.fail(problem, param, ctx)
        return dt.datetime(day.year, day.month, day.day)


DAY = Day()


def data_option(func):
    return click.option("--data", type=click.Path(file_okay=False, exists=True, path_type=Path),
                        default=None, help="Data folder (default: data/ in the project).")(func)


def remember_project(ctx: click.Context, param, value) -> None:
    if value is not None:
        ctx.meta["briefgen.project"] = value


def project_option(func):
    """--project DIR, accepted before or after the command."""
    return click.option("--project", type=click.Path(file_okay=False, exists=True, path_type=Path),
                        expose_value=False, is_eager=True, callback=remember_project,
                        help=f"Project folder: its data/, templates/, fonts/ (the shipped ones where it has none), "
                             f"schedule.yaml and reports/. Default: ${PROJECT_VARIABLE}, else the current folder "
                             f"if it holds data/ and templates/, else the checkout (run from one) or the current "
                             f"folder (installed).")(func)


def make_project(data: Path | None = None, reports: Path | None = None) -> Project:
    folder = find_project(click.get_current_context().meta.get("briefgen.project"))
    if not folder.is_dir():
        raise click.UsageError(f"the project folder {folder} (from ${PROJECT_VARIABLE}) is not a folder")
    project = Project.at(folder, data, reports)
    refused = project.reports_problem()      # before anything is written (exit 2)
    if refused:
        raise click.UsageError(refused)
    return project


class BuildByDefault(click.Group):
    """`generate.py` alone is `build`, so `generate.py --workers 2` is `build --workers 2`:
    options before any command that are not the group's own go to build."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        args, i = list(args), 0
        group_options = ("--project", "--version", "-h", "--help")
        while i < len(args) and (args[i] in group_options or args[i].startswith("--project=")):
            i += 2 if args[i] == "--project" else 1       # --project takes a value
        if i < len(args) and args[i].startswith("-") and args[i] != "--":
            args.insert(i, "build")
        return super().parse_args(ctx, args)


@click.group(cls=BuildByDefault, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"]})
@project_option
@click.version_option(__version__, "--version", prog_name="briefgen",
                      message="%(prog)s %(version)s")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Build Arabic and English PDF briefings and fact sheets from data/.

    With no command, builds every relationship's documents into reports/
    (options without a command are build's: `generate.py --workers 2`).
    """
    if ctx.invoked_subcommand is None:
        ctx.invoke(build)


@main.command()
@project_option
@data_option
@click.option("--json", "as_json", is_flag=True, help="Print a JSON summary on stdout (every problem with "
                                                       "file, line, column, field and message).")
@click.option("--reports", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Reports folder whose last build the lint reads (default: reports/ in the project).")
@click.option("--strict", is_flag=True, help="Editorial warnings are errors (exit status 2).")
def check(data, as_json, reports, strict) -> None:
    """Validate data/, profiles, template strings, templates, font coverage and
    schedule.yaml, and render every template with every document's real view
    (HTML only); write nothing.

    Then an editorial lint prints warnings (exit status 0 unless --strict):
    repeated sentences, items without a source, Latin punctuation in Arabic,
    mixed digits, translations much shorter than their original, parts an
    audience asks for that come out empty, one-page documents set below 9 pt.
    """
    from .render.checks import check as check_project
    from .view.lint import lint
    from .render.checks import render_templates
    from .render.widths import frame_of
    from .rebuild.build import plan, planned_entries
    from .rebuild.selection import Selection
    from .rebuild.index import index_problems
    from .rebuild.drafts import folder_problems
    from .live.schedule import check_timetable
    from .rebuild.manifest import Manifest
    project = make_project(data, reports)
    problems, inputs = [], None
    try:
        inputs = check_project(project)
        problems += list(inputs.problems) + render_templates(inputs, project, dt.date.today())
        jobs = plan(inputs, project, Selection(), dt.date.today())
        problems += index_problems(project, planned_entries(project, jobs)) + folder_problems(project, jobs)
    except ValidationFailed as failed:
        problems += failed.problems
    except OutputOutsideReports as err:     # an audience folder below reports/ linked elsewhere
        problems.append(Problem(Location(err.where), err.reason))
    problems += check_timetable(project)
    # The last build's journal: lines a build would skip (a path outside reports/, a malformed entry).
    last_build = Manifest(project.reports / "manifest.json", project.shown)
    warnings = last_build.warnings
    warnings += lint(inputs, project, last_build.entries, frame_of(project)) if inputs and not problems else []
    status = EXIT_INVALID if problems or (strict and warnings) else 0
    counts = {"relationships": len(inputs.record.relationships), "entities": len(inputs.record.entities),
              "audiences": len(inputs.audiences)} if inputs else {}
    if as_json:
        click.echo(json.dumps({"status": status, "problems": problems_json(problems),
                               "warnings": problems_json(warnings), **counts}, ensure_ascii=False, indent=1))
    if problems:
        click.echo(ValidationFailed(problems).report(), err=True)
        sys.exit(EXIT_INVALID)
    for warning in warnings:
        click.echo(f"warning[{warning.code}]: {warning}", err=True)
    if status and not as_json:      # --strict: the warnings above are why
        click.echo(f"not ok (--strict): {len(warnings)} editorial warning(s); fix each, or accept it with "
                   f"a reason (accept:)", err=True)
    elif not as_json:
        checked = "templates, fonts and schedule checked" if project.schedule.is_file() \
            else f"templates and fonts checked (no {project.schedule.name})"
        click.echo(f"ok: {counts['relationships']} relationship(s), {counts['entities']} entities, "
                   f"{counts['audiences']} audiences; {checked}; "
                   f"{len(warnings)} editorial warning(s).")
    if status:
        sys.exit(status)


def selection_options(func):
    """The options that narrow the build matrix and set how documents print
    (shared by build and serve)."""
    options = [
        click.option("--relation", "relations", multiple=True, metavar="ID",
                     help="Relationship id (file name in data/relations/); repeatable. Default: all."),
        click.option("--audience", "audiences", multiple=True, metavar="NAME",
                     help="Audience (folder in templates/audiences/); repeatable. Default: all."),
        click.option("--doc", "docs", multiple=True, metavar="KIND",
                     help="Document kind (templates/documents.yaml: briefing, factsheet, card and the "
                          "project's own); repeatable. Default: what each audience's profile lists."),
        click.option("--lang", "langs", multiple=True, type=click.Choice(LANGUAGES),
                     help="Document language; repeatable. Default: what each audience's profile lists."),
        click.option("--paper", type=click.Choice(PAPERS), default=None,
                     help="Paper size for every document (default: each audience's, A4 unless it says)."),
        click.option("--digits", type=click.Choice(DIGIT_STYLES), default=None,
                     help="Digits in Arabic documents, western 0-9 or arabic-indic ٠-٩ (default: each audience's)."),
        click.option("--issued", type=DAY, default=None,
                     help="Date of issue printed on documents (default: today)."),
        click.option("--pdf-variant", type=click.Choice(PDF_VARIANTS), default=None,
                     help="pdf/ua-1 (tagged, accessible), pdf/a-3a or pdf/a-3u (archival), or none "
                          "(default: each audience's)."),
        click.option("--print-marks", is_flag=True, help="3 mm bleed and crop marks, for the print shop."),
        click.option("--reports", type=click.Path(file_okay=False, path_type=Path), default=None,
                     help="Output folder (default: reports/ in the project)."),
        data_option,
        click.option("--workers", type=click.IntRange(1, 64), default=None,
                     help="Worker processes (default: one per core)."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def make_selection(relations, audiences, docs, langs, paper, digits, pdf_variant, print_marks):
    from .rebuild.selection import Selection
    return Selection(relations or None, audiences or None, docs or None, langs or None, paper, digits,
                     pdf_variant, print_marks, source_date())


@main.command()
@project_option
@selection_options
@click.option("--variant", default="", metavar="NAME",
              help="Write a one-off copy as <doc>.<lang>.NAME.pdf, beside the standard output "
                   "(e.g. with --issued for a dated reprint). Another paper, digits, PDF variant or print "
                   "marks than the profile's are always written apart like this, each named before NAME "
                   "(--pdf-variant pdf-a-3a --variant a3: <doc>.<lang>.pdf-a-3a.a3.pdf).")
@click.option("--force", is_flag=True, help="Render every document, even those up to date.")
@click.option("--no-wait", is_flag=True, help="If another build holds reports/, exit at once (status 3).")
@click.option("--cluster", metavar="tcp://HOST:PORT", envvar="BRIEFGEN_CLUSTER", default=None,
              help="Render on this Dask scheduler's workers instead of local processes "
                   "(also BRIEFGEN_CLUSTER). Unreachable: exit 2, nothing written.")
@click.option("--cluster-timeout", type=click.FloatRange(0.1, 600), default=10.0, show_default=True,
              metavar="SECONDS", help="How long to try to reach the cluster's scheduler.")
@click.option("--json", "as_json", is_flag=True,
              help="Print a JSON summary on stdout (per document: status, pages, path, seconds, error); "
                   "progress and messages stay on stderr.")
@click.option("--html", "debug_html", is_flag=True,
              help="Also write, beside each PDF rendered, the exact HTML and CSS given to WeasyPrint "
                   "(<doc>.<lang>.html and .css), for debugging a template. Use --force for every document.")
@click.option("--format", "formats", multiple=True, metavar="NAME",
              help="Output format: pdf, or docx (editable Word); repeatable. Default: each "
                   "audience's `formats` (pdf unless its profile says).")
def build(relations, audiences, docs, langs, paper, digits, issued, pdf_variant, print_marks, variant, reports,
          data, workers, force, no_wait, cluster, cluster_timeout, as_json, debug_html, formats) -> None:
    """Build documents into reports/<relation>/<audience>/<doc>.<lang>.pdf.

    Only documents whose inputs changed are rendered; the rest are reported as
    up to date (with every input as the last clean build saw it, byte for byte,
    nothing is even validated: `check` always is). Outputs of relationships or audiences that no longer exist (or
    documents an audience no longer asks for) are deleted.
    """
    if variant and not ID_PATTERN.match(variant):
        raise click.BadParameter("use lower-case letters, digits and hyphens", param_hint="--variant")
    selection = replace(make_selection(relations, audiences, docs, langs, paper, digits, pdf_variant, print_marks),
                        variant=variant, debug_html=debug_html, formats=formats or None)
    day = issued.date() if issued else None
    first, last = HIJRI_RANGE
    if day is not None and not first <= day <= last:
        raise click.BadParameter(f"{day} cannot be printed in the Hijri calendar; give a date from {first} "
                                 f"to {last}", param_hint="--issued")
    status = run_build(make_project(data, reports), selection, day, workers, force, 0 if no_wait else None,
                       cluster=cluster, cluster_timeout=cluster_timeout, as_json=as_json)
    sys.exit(status)


def source_date() -> dt.datetime | None:
    """SOURCE_DATE_EPOCH, the reproducible-builds convention, as the PDFs' creation date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return None
    try:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc)
    except ValueError:
        raise click.UsageError(f"SOURCE_DATE_EPOCH must be whole seconds since 1970, got {epoch!r}")


def run_build(project: Project, selection, issued: dt.date | None, workers: int | None,
              force: bool = False, wait: float | None = None, echo=click.echo, cluster: str | None = None,
              cluster_timeout: float = 10.0, as_json: bool = False, renderers=None) -> int:
    """One build, reported on the console; returns the exit status. Shared by
    build, watch and schedule. `cluster`: a Dask scheduler's address. as_json:
    stdout gets one JSON summary (rebuild/run.py: summary_json), everything else goes to stderr.
    `renderers`: kept by a caller that builds again and again (watch), so a
    document rendered in this process finds WeasyPrint warm."""
    report: dict = {"problems": [], "documents": [], "error": None}
    if as_json:
        plain = echo
        echo = lambda message, err=False: plain(message, err=True)
    from .rebuild.run import run
    status = run(project, selection, issued, workers, force, wait, echo, report, cluster, cluster_timeout,
                 renderers, progress_for(project))
    if as_json:
        plain(json.dumps({"status": status, **report}, ensure_ascii=False, indent=1))
    return status


@main.command()
@project_option
@selection_options
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to listen on (0: any free port; the address is printed).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but a loopback address shows every audience's "
                   "documents to whoever can reach this machine.")
def serve(relations, audiences, docs, langs, paper, digits, issued, pdf_variant, print_marks, reports, data,
          workers, port, host) -> None:
    """Preview documents in a browser, re-rendered as you save.

    Builds the selected documents into reports/ (as `build` does), then serves
    an index and a page per document showing its pages as printed. Saving a
    data file, template, stylesheet, font or profile re-renders the documents
    it affects in warm worker processes, and open pages update themselves;
    invalid data or templates show check's messages in place of the pages.
    """
    from .live.serve import serve as serve_preview
    selection = make_selection(relations, audiences, docs, langs, paper, digits, pdf_variant, print_marks)
    project = make_project(data, reports)
    try:
        serve_preview(project, selection, issued.date() if issued else None, workers or os.cpu_count() or 1,
                      host, port, progress=progress_for(project), echo=lambda message: click.echo(message, err=True))
    except OSError as err:   # the port is taken, or the address is not this machine's
        raise click.UsageError(f"cannot listen on {host}:{port}: {err.strerror or err}")


@main.command()
@project_option
@selection_options
@click.option("--interval", type=float, default=None, hidden=True,
              help="Ignored: changes are noticed by the system's file notifications, not by polling.")
@click.option("--max-builds", type=click.IntRange(1), default=None,
              help="Stop after this many rebuilds (default: run until interrupted).")
def watch(relations, audiences, docs, langs, paper, digits, issued, pdf_variant, print_marks, reports, data,
          workers, interval, max_builds) -> None:
    """Rebuild what changed whenever files under data/, templates/ or fonts/ change.

    Changes are noticed through the system's file notifications (inotify), as
    each save happens; one save is one rebuild.
    """
    from .live.watch import FileWatcher
    from .rebuild.job import Renderers
    from .record.yamlnodes import keep_parsed_files
    selection = make_selection(relations, audiences, docs, langs, paper, digits, pdf_variant, print_marks)
    issued = issued.date() if issued else None
    project = make_project(data, reports)
    folders = [project.data, *project.template_layers, project.fonts]
    # A rebuild of one document renders it in this process: with WeasyPrint kept warm.
    renderers = Renderers()
    keep_parsed_files()      # each rebuild parses only the files whose bytes changed
    # Watching starts before the first build, so an edit made during it is not missed.
    rebuild = lambda what: survive(f"{what} of {selected(selection)}", "watching goes on",
                                   lambda: run_build(project, selection, issued, workers, renderers=renderers))
    with FileWatcher(folders, outputs=[project.reports]) as watcher:
        rebuild("the first build")
        click.echo(f"watching {', '.join(project.shown(f) for f in folders)} (Ctrl-C to stop)", err=True)
        builds = 0
        try:
            for changed in watcher.batches():
                shown = ", ".join(Path(c).name for c in changed[:5]) + (" ..." if len(changed) > 5 else "")
                click.echo(f"changed: {shown}", err=True)
                rebuild(f"the rebuild after {shown} changed")
                builds += 1
                if max_builds and builds >= max_builds:
                    break
        except KeyboardInterrupt:
            click.echo("stopped", err=True)
        finally:
            renderers.close()


def survive(what: str, after: str, rebuild, echo=click.echo) -> int:
    """One rebuild of a long-lived command (watch, schedule): an unexpected
    error in it (a bug, not bad input, which the build reports itself) becomes
    one line naming it and exit status 1, and the command goes on to the next
    save or run: one bad rebuild must not end every later one."""
    try:
        return rebuild()
    except Exception as err:
        echo(f"error: {what} failed unexpectedly ({type(err).__name__}: {err}); exit status {EXIT_FAILED}; "
             f"{after}", err=True)
        return EXIT_FAILED


def selected(selection) -> str:
    """The documents a selection asks for, as a message names them."""
    parts = [f"{name} {', '.join(values)}" for name, values in (
        ("relation", selection.relations), ("audience", selection.audiences), ("doc", selection.docs),
        ("lang", selection.langs)) if values]
    return "; ".join(parts) if parts else "every default document"


@main.command()
@project_option
@click.option("--config", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The timetable (default: schedule.yaml in the project).")
@click.option("--list", "list_only", is_flag=True, help="Print each run's next times and exit.")
@click.option("--now", "run_now", is_flag=True, help="Run every entry once now, log it, and exit.")
@click.option("--workers", type=click.IntRange(1, 64), default=None, help="Worker processes (default: one per core).")
def schedule(config, list_only, run_now, workers) -> None:
    """Rebuild on the cron timetable in schedule.yaml, logging every run.

    Runs in the foreground until stopped; see docs/rebuilding.md for the cron
    and systemd-timer lines that do the same from the system scheduler.
    """
    from .rebuild.selection import Selection
    from .live.schedule import known_names, load_timetable, log_run, next_times, serve
    project = make_project()
    path = config or project.schedule
    if not path.is_file():
        raise click.UsageError(f"no timetable at {project.shown(path)}: write one, with a `runs:` list of cron "
                               f"times (README: \"Rebuild on a schedule\")")
    try:
        timetable = load_timetable(path, project.root, known_names(project))
    except ValidationFailed as failed:
        click.echo(failed.report(), err=True)
        sys.exit(EXIT_INVALID)

    def rebuild(run) -> tuple[int, str]:
        lines = []
        echo = lambda message, err=False: (lines.append(message), click.echo(message, err=err))
        selection = Selection(relations=run.relations or None, audiences=run.audiences or None,
                              docs=run.documents or None, langs=run.languages or None)
        status = survive(f"run {run.name}", "the next run goes on",
                         lambda: run_build(project, selection, None, workers, echo=echo), echo)
        return status, lines[-1] if lines else ""

    if list_only:
        start = timetable.now()
        click.echo(f"time zone: {start.tzname()} ({timetable.timezone or 'the machine’s'})")
        for run in timetable.runs:
            times = ", ".join(f"{t:%a %Y-%m-%d %H:%M}" for t in next_times(run, start, 3)) or "never fires"
            click.echo(f"{run.name} ({run.cron}): {times}")
        return
    if run_now:
        worst = 0
        for run in timetable.runs:
            status, summary = rebuild(run)
            log_run(timetable.log, run, status, summary, timetable.now(), project.shown)
            worst = max(worst, status)
        sys.exit(worst)
    try:
        serve(timetable, rebuild, echo=lambda m: click.echo(m, err=True), shown=project.shown)
    except KeyboardInterrupt:
        click.echo("stopped", err=True)


@main.command()
@project_option
@click.option("--since", type=DAY, default=None, metavar="YYYY-MM-DD",
              help="Compare each document's latest issue with its last issue of this date or before "
                   "(default: with the issue before the latest).")
@click.option("--reports", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Reports folder whose kept issues are compared (default: reports/ in the project).")
@click.option("--json", "as_json", is_flag=True, help="Print the same as JSON on stdout.")
def changes(since, reports, as_json) -> None:
    """What changed in the cleared content between issues: per relationship
    and audience, the items (events, the record's own sections) each document
    added, changed and removed, by id and title. Read from the views builds
    keep in reports/.issues; writes nothing."""
    from .rebuild.issues import latest_changes
    project = make_project(reports=reports)
    found = latest_changes(project, since.date() if since else None, lambda message: click.echo(message, err=True))
    if as_json:
        click.echo(json.dumps({"documents": [document.as_json() for document in found]}, ensure_ascii=False, indent=1))
        return
    if not found:
        click.echo(f"no issues kept in {project.shown(project.reports / '.issues')}: build first", err=True)
    shown_folder = None
    for document in found:
        folder = f"{document.relation}/{document.audience}"
        if folder != shown_folder:
            click.echo(folder)
            shown_folder = folder
        click.echo(f"  {document.document} {document.issued} against "
                   f"{document.since or 'no earlier issue'}: " + changes_counts(document.changes))
        for how in ("added", "changed", "removed"):
            for item in getattr(document.changes, how):
                click.echo(f"    {how:8} {item.id}  {item.title}")


def changes_counts(changes) -> str:
    if not changes:
        return "no change in content"
    return ", ".join(f"{len(getattr(changes, how))} {how}" for how in ("added", "changed", "removed"))


@main.command("new-audience")
@project_option
@click.argument("name")
@click.option("--from", "source", default="press", show_default=True, metavar="AUDIENCE",
              help="The audience to copy.")
def new_audience(name, source) -> None:
    """Scaffold templates/audiences/NAME/ from another audience, ready to edit."""
    from .scaffold import scaffold_audience
    project = make_project()
    try:
        folder = scaffold_audience(project, name, source)
    except BuildError as err:
        raise click.UsageError(str(err))
    me = command_name()
    click.echo(f"created {project.shown(folder)}: edit audience.yaml, then run `{me} check`.\n"
               f"To rebuild it on a timetable, add {name} to a run's `audiences:` in {project.shown(project.schedule)} "
               f"(or give it a run of its own), e.g.\n"
               f"  - name: {name}-daily\n    cron: \"0 6 * * *\"\n    audiences: [{name}]\n"
               f"then `{me} check` checks the timetable too and `{me} schedule --list` shows the times.")


@main.command("new-relation")
@project_option
@click.argument("relation_id", metavar="ID")
@click.option("--parties", required=True, metavar="A,B",
              help="The entities the relationship is between (ids from data/entities.yaml), e.g. qatar,nato.")
def new_relation(relation_id, parties) -> None:
    """Scaffold data/relations/ID.yaml: a minimal record that passes check and builds."""
    from .scaffold import scaffold_relation
    project = make_project()
    try:
        target = scaffold_relation(project, relation_id, [p.strip() for p in parties.split(",") if p.strip()],
                                   dt.date.today())
    except BuildError as err:
        raise click.UsageError(str(err))
    me = command_name()
    click.echo(f"created {project.shown(target)}: replace its placeholder texts, add events and sources, then run "
               f"`{me} check` and `{me} build --relation {relation_id}`.")


@main.command("draft")
@project_option
@click.argument("source", metavar="SOURCE")
@click.option("--relation", "relation_id", default=None, metavar="ID",
              help="The record's id (default: the two parties the page names most, e.g. qatar-nato).")
@click.option("--parties", default=None, metavar="A,B", help="The parties (entity ids), if the page's are not the ones meant.")
@click.option("--force", is_flag=True, help="Replace data/relations/ID.yaml if it exists (default: draft only what is "
                                            "new on the page, into data/drafts/, and never edit the record).")
@click.option("--accessed", type=DAY, default=None, metavar="YYYY-MM-DD",
              help="The day the page was read, for its citation (default: today).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=20.0, show_default=True,
              help="Seconds the whole fetch of an http(s) SOURCE may take.")
def draft_command(source, relation_id, parties, force, accessed, timeout) -> None:
    """Draft data/relations/ID.yaml from a source page: a text or HTML file, or an
    http(s) address (fetched with a time and size limit; no script runs). Every
    item is marked `draft: true` with the sentence it came from; check warns
    until an analyst removes the mark, and a document showing one is built into
    reports/.drafts/, never over its audience's published file. Prints the
    sentences that yielded nothing."""
    from .draft.run import draft
    project = make_project()
    day = accessed.date() if accessed else dt.date.today()
    try:
        outcome = draft(project, source, day, relation_id,
                        [p.strip() for p in parties.split(",") if p.strip()] if parties else None, force, timeout)
    except BuildError as err:
        raise click.UsageError(str(err))
    shown = project.shown(outcome.written)
    language = {"ar": "Arabic", "en": "English"}[outcome.language]
    if outcome.only_new:
        click.echo(f"the record exists and is left as it is; {outcome.known} event(s) of the page are in it; "
                   + (f"{len(outcome.events)} new event(s) drafted into {shown}" if outcome.events
                      else "nothing new to draft"))
    else:
        click.echo(f"drafted {shown} from an {language} page: {len(outcome.events)} event(s)")
    for event, follows in zip(outcome.events, outcome.follows):
        when = event.date.iso() if event.date else f"after {follows}"
        click.echo(f"  {when:<12} {event.kind:<13} {event.place or event.new_place or ''}")
    for ident, name in outcome.new_entities.items():
        click.echo(f"proposed entity {ident!r} ({name}) in {project.shown(project.root / 'data' / 'entities.yaml')}, "
                   f"marked draft")
    click.echo(f"{len(outcome.silent)} sentence(s) yielded nothing; read them for what draft missed:")
    for sentence in outcome.silent:
        text = " ".join(sentence.text.split())
        click.echo(f"  [{sentence.start}-{sentence.end}] {text[:110]}{'…' if len(text) > 110 else ''}")
    me = command_name()
    click.echo(f"then `{me} check` lists each draft item; remove `draft: true` once it is confirmed.")


def command_name() -> str:
    """The command as the user typed it, for messages saying what to run next:
    generate.py in a checkout, else briefgen (also for `python -m briefgen`,
    as an install that has the module has the command too)."""
    return "generate.py" if click.get_current_context().find_root().info_name == "generate.py" else "briefgen"


@main.command("template-reference")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write here (e.g. docs/templates.md) instead of printing.")
def template_reference(output) -> None:
    """Print what templates receive as `doc` (names, types, examples) and the classes
    an audience.css can hide: the text of docs/templates.md."""
    from .view.schema import reference_markdown
    text = reference_markdown()
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)


def progress_for(project: Project):
    """The progress line of each document, its output named as every message names files."""
    def show_progress(index: int, total: int, outcome) -> None:
        if outcome.status == "failed":
            status = "FAILED"
        elif outcome.status == "up to date":
            status = f"up to date (a draft: {project.shown(outcome.path)})" if outcome.is_draft else "up to date"
        else:
            # A Word file has no pages until Word lays it out: its line says none.
            pages = f"{outcome.pages} page(s), " if outcome.pages else ""
            status = f"{pages}{outcome.seconds:.2f} s -> {project.shown(outcome.path)}"
        click.echo(f"[{index}/{total}] {outcome.job.name}: {status}", err=True)
        for code, message in outcome.warnings:
            click.echo(f"warning[{code}]: {outcome.job.name}: {message}", err=True)
    return show_progress
