"""One build as a command runs it: validate, plan, reach the cluster if one is
given, build, and the exit status, with every message said through `echo`
and the --json report filled in. Shared by build, watch, schedule (cli.py).
"""
from __future__ import annotations

import datetime as dt
import os
import time
from dataclasses import replace

from ..paths import is_draft_name
from ..errors import EXIT_FAILED, EXIT_INVALID, EXIT_LOCKED, BuildError, ValidationFailed, problems_json
from . import unchanged
from .inputs import InputFiles
from .lock import ReportsLocked, remove_stale_temporaries, reports_lock
from .summary import Progress, Summary, up_to_date


def run(project, selection, issued, workers, force, wait, echo, report: dict, cluster: str | None = None,
        cluster_timeout: float = 10.0, renderers=None, progress: Progress = lambda i, n, o: None) -> int:
    """One build; returns its exit status. `echo(message, err=False)` says each
    message; `report` is filled with what --json prints."""

    def fail(message: str, status: int) -> int:
        echo(f"error: {message}", err=True)
        report["error"] = message
        return status

    files = InputFiles(project)     # before check reads them: see InputFiles
    issued = issued or dt.date.today()
    cluster = cluster or os.environ.get("BRIEFGEN_CLUSTER") or None     # watch and schedule too
    asked = selection       # what the memory of a no-op is keyed by, before invalid relationships are left out
    if not (force or cluster):
        try:
            status = unchanged_build(project, files, selection, issued, workers, wait, echo, report, progress)
        except ReportsLocked as err:
            return fail(str(err), EXIT_LOCKED)
        except OSError as err:      # reports/ read-only: the lock cannot be taken, as on the full path
            return fail(f"cannot write to {project.shown(project.reports)}: {err.strerror or err}", EXIT_FAILED)
        if status is not None:
            return status
    # Imported only now: a no-op known at a glance needs none of what a check, a plan or a render does.
    from .build import build, plan
    from .verdicts import known_passes, remember
    passes = known_passes(project, files.all())     # check's passes that found nothing on these very files
    inputs, selection = checked(project, selection, echo, report, passes)
    if inputs is None:
        return EXIT_INVALID
    try:
        jobs = plan(inputs, project, selection, issued)
    except BuildError as err:
        return fail(str(err), EXIT_INVALID)
    if not jobs:
        return fail("nothing to build: " + why_nothing(inputs, selection), EXIT_INVALID)
    client = None
    if cluster:
        from .cluster import ClusterUnavailable, connect
        try:
            client = connect(cluster, cluster_timeout)     # before anything is written
        except ClusterUnavailable as err:
            return fail(str(err), EXIT_INVALID)
        where = f"on the cluster at {cluster} ({len(client.scheduler_info().get('workers', {}))} worker(s) now)"
    else:
        workers = workers or os.cpu_count() or 1
        where = f"with {min(workers, len(jobs))} worker(s)"
    echo(f"Building {len(jobs)} document(s) into {project.shown(project.reports)} {where}", err=True)
    notify, settled = remembering(project, files, inputs, asked, issued, jobs, echo)
    try:
        summary = build(inputs, project, jobs, workers=workers or 1, force=force, wait=wait, progress=progress,
                        notify=notify, waiting=lambda m: echo(m, err=True), cluster=client, renderers=renderers,
                        files=files, settled=settled)
        # Remembered once a build has run: one refused before it writes nothing.
        remember(project, files.all(), passes)
    except ReportsLocked as err:
        return fail(str(err), EXIT_LOCKED)
    except OSError as err:   # reports/ unwritable: read-only, full, gone
        return fail(f"cannot write to {project.shown(project.reports)}: {err.strerror or err}", EXIT_FAILED)
    finally:
        if client is not None:
            client.close()
    return told(summary, inputs.problems, echo, report)


def unchanged_build(project, files: InputFiles, selection, issued: dt.date, workers, wait, echo, report: dict,
                    progress: Progress) -> int | None:
    """A no-op known at a glance (unchanged.py): each document said up to date
    from the manifest, nothing read of the record, nothing written; its exit
    status. None: an input or reports/ is not as the last clean build left them."""
    if not (project.reports / unchanged.NAME).is_file():
        return None
    record = unchanged.record_digests(project)
    if record is None or project.escapes() or project.crossings():     # check names them: the full path
        return None
    key = unchanged.inputs_key(project, files, record, selection, issued)
    if unchanged.remembered(project, key) is None:     # other inputs: the lock is not even taken
        return None
    started = time.perf_counter()
    with reports_lock(project.reports, wait, lambda m: echo(m, err=True), project.shown):
        documents = unchanged.recall(project, key, issued)
        if documents is None:
            return None
        remove_stale_temporaries(project.reports)
    echo(f"Building {len(documents)} document(s) into {project.shown(project.reports)} "
         f"with {min(workers or os.cpu_count() or 1, len(documents))} worker(s)", err=True)
    summary = Summary()
    for document, entry in documents:
        # Known.output is where its file is: below reports/.drafts/ for a draft.
        draft_output = document.output if is_draft_name(document.entry) else None
        summary.outcomes.append(up_to_date(document, entry, [tuple(w) for w in entry["warnings"]], draft_output))
        progress(len(summary.outcomes), len(documents), summary.outcomes[-1])
    summary.seconds = time.perf_counter() - started
    return told(summary, (), echo, report)


def remembering(project, files: InputFiles, inputs, asked, issued: dt.date, jobs: list, echo):
    """(notify, settled) for a build of `jobs`: notify says a message and
    hears it; settled, called under the build's lock once all is written,
    remembers a clean build for the next to know at a glance (unchanged.py).
    Clean: no problem found, nothing failed, nothing said beyond the
    documents' lines. `asked`: the selection as the command gave it."""
    heard = []

    def notify(message: str) -> None:
        heard.append(message)
        echo(message, err=True)

    def settled(summary) -> None:
        if not (heard or inputs.problems or summary.failures or summary.errors or summary.notices
                or summary.index_error):
            key = unchanged.inputs_key(project, files, inputs.record.digests, asked, issued)
            written = {outcome.job.name: outcome.path for outcome in summary.outcomes}     # a draft's elsewhere
            unchanged.remember(project, key, [known(job, project, written.get(job.name, job.output)) for job in jobs],
                               issued)
    return notify, settled


def known(job, project, output) -> unchanged.Known:
    """A job as the memory of a no-op keeps it; `output`: where its file is (rebuild/drafts.py)."""
    from .build import issue_folder
    from .issues import FOLDER as ISSUES
    return unchanged.Known.of(job.name, job.relation, job.options.audience.name, job.options.doc, job.options.lang,
                              job.variant, output, issue_folder(job, project).relative_to(
                                  project.reports / ISSUES).as_posix(), project.reports)


def checked(project, selection, echo, report: dict, passes=None):
    """(the validated inputs, the selection less invalid relationships), or
    (None, selection) when nothing may be built; problems said and reported.
    `passes`: check's passes known to find nothing on these very files (verdicts.py)."""
    from ..render.checks import check
    try:
        inputs = check(project, passes=passes)
    except ValidationFailed as failed:
        echo(failed.report(), err=True)
        report["problems"] = problems_json(failed.problems)
        return None, selection
    if inputs.problems:
        echo(ValidationFailed(list(inputs.problems)).report(), err=True)
        report["problems"] = problems_json(inputs.problems)
        report["not_built"] = list(inputs.invalid)
        asked = selection.relations
        if asked:
            selection = replace(selection, relations=tuple(r for r in asked if r not in inputs.invalid))
        # Say "building the others" only when there are others to build.
        others = selection.relations if asked else inputs.record.relationships
        echo(f"not built (invalid): {', '.join(inputs.invalid)}"
             + ("; building the other relationships" if others else ""), err=True)
        if asked and not selection.relations:
            return None, selection
    return inputs, selection



def why_nothing(inputs, selection) -> str:
    """Why a selection plans no document: what each audience it names asks for."""
    if not inputs.record.relationships:
        return "no valid relationship"
    names = selection.audiences or sorted(inputs.audiences)
    asks = "; ".join(f"{name} asks for " + ", ".join(f"{doc} [{', '.join(inputs.audiences[name].languages_of(doc))}]"
                                                      for doc in inputs.audiences[name].documents)
                     for name in names)
    return f"no audience asks for that document and language ({asks})"

def told(summary, problems, echo, report: dict) -> int:
    """Say what a build did, fill the report, and give the exit status.
    `problems`: what check found in the relationships it left out."""
    if summary.unkept_issues:
        echo(summary.unkept_issues, err=True)
    for name in summary.removed:
        echo(f"removed {name}: its relationship, audience or document no longer exists", err=True)
    echo(summary.text())
    for notice in summary.notices:
        echo(f"notice: {notice}", err=True)
    for outcome in summary.failures:
        echo(f"error: {outcome.error}", err=True)
    for error in summary.errors:
        echo(f"error: {error}", err=True)
    report.update(summary_json(summary))
    if summary.index_error:
        echo(f"error: {summary.index_error}", err=True)
        report["error"] = summary.index_error
    if problems or summary.index_error or any(o.invalid for o in summary.failures):
        return EXIT_INVALID
    return EXIT_FAILED if summary.failures or summary.errors else 0


def summary_json(summary) -> dict:
    """Per document: name, where it is, status (built, up to date, failed),
    pages, bytes, seconds and error; then the totals."""
    built = [o for o in summary.outcomes if o.status == "built"]
    return {
        "documents": [{**o.job.described(),
                       "status": o.status, "draft": o.is_draft,
                       "pages": o.pages, "bytes": o.bytes, "path": str(o.path),
                       "seconds": round(o.seconds, 3), "error": o.error,
                       "warnings": [{"code": code, "message": message} for code, message in o.warnings]}
                      for o in summary.outcomes],
        "removed": summary.removed,
        "notices": summary.notices,
        "index_errors": summary.errors,
        "totals": {"written": len(built), "pages": sum(o.pages for o in built),
                   "up_to_date": summary.count("up to date"), "failed": len(summary.failures),
                   "seconds": round(summary.seconds, 2)},
    }
