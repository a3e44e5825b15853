"""The build, as a story:

    check (validate.py) -> plan the matrix -> lock reports/ -> for each output:
    select its view -> key it -> up to date, or render with its format's
    writer (job.py, workers.py; output/formats.py) -> look for withheld texts
    in it (output/withheld.py) -> write it and the files beside it atomically
    -> record in the manifest -> prune what no longer exists -> write the
    indexes (reports/index.html, one per audience folder, guarded likewise) -> summary.

A document that fails is reported by name; the others are still written.
Invalid data stops the build before anything is written.
"""
from __future__ import annotations

import datetime as dt
import functools
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

from ..errors import BuildError
from .lock import remove_stale_temporaries, reports_lock
from .atomic import write_all
from .index import remove_emptied_folder, write_index
from .inputs import InputFiles, InputHashes
from .manifest import MISSING, Dependencies, Manifest, manifest_name
from .drafts import destination, remove_stale, shows_draft
from . import issues
from ..paths import Project, confined
from ..view.clearance import cleared_title
from ..output.formats import DEFAULT_FORMAT, formats, writer_for
from ..output.withheld import Guard
from ..output.writers import Writer
from ..render.widths import frame_of
from ..view.select import Options
from ..record.languages import LANGUAGE, REQUIRED_LANGUAGES
from ..record.validate import Inputs
from .selection import Selection
from .summary import Outcome, Progress, Summary, up_to_date
from .views import CurrentKeys, changed_since, recipe, view_of, workers_make_views
from .workers import Rendered, Renderers, Task, render_all


@dataclass(frozen=True)
class Job:
    relation: str
    options: Options
    output: Path
    variant: str = ""          # "" for the standard output; e.g. "letter" for a one-off
    # What indexes call the document, in both languages, after the audience's
    # clearance: {"title": {ar, en}, "label": {ar, en}, "audience_title": {ar, en}}.
    names: dict = field(default_factory=dict, compare=False, hash=False)
    debug_html: bool = field(default=False, compare=False)   # --html: write the HTML and CSS too
    # The output's format (output/formats.py); sent to the worker with the job.
    writer: Writer = field(default_factory=lambda: writer_for(DEFAULT_FORMAT), compare=False)

    @property
    def name(self) -> str:
        """qatar-nato/press/factsheet.en; another format than the default says
        its own: qatar-nato/press/factsheet.en.txt."""
        o = self.options
        own = "" if self.writer.format == DEFAULT_FORMAT else "." + self.writer.format
        return f"{self.relation}/{o.audience.name}/{o.doc}.{o.lang}{'.' + self.variant if self.variant else ''}{own}"

    def described(self) -> dict:
        """What the summary (--json) says of it besides its path and outcome."""
        o = self.options
        return {"name": self.name, "relation": self.relation, "audience": o.audience.name, "doc": o.doc,
                "lang": o.lang, "variant": self.variant}


def plan(inputs: Inputs, project: Project, selection: Selection, issued: dt.date) -> list[Job]:
    """relationship x audience x document x language, as the profiles say."""
    relations = pick("relationship", selection.relations, sorted(inputs.record.relationships))
    audiences = pick("audience", selection.audiences, sorted(inputs.audiences))
    pick("document kind", selection.docs, list(inputs.kinds))     # kinds are the project's: known only now
    # --format replaces each profile's `formats` for this build (as --paper its paper).
    asked = pick("format", selection.formats, formats()) if selection.formats else None
    frame = frame_of(project)
    # The title as an audience may see it: cleared once per relationship and audience, not per document.
    title = functools.cache(lambda relation, audience: cleared_title(inputs.record.relationships[relation],
                                                                     inputs.audiences[audience].clearance))
    jobs, judged = [], set()       # folders found sound once (Project.output_path), not once per document
    for relation in relations:
        for name in audiences:
            audience = inputs.audiences[name]
            writers = [writer for writer in map(writer_for, asked or audience.formats) if writer is not None]
            for doc in audience.documents:
                for lang in audience.languages_of(doc):
                    if (selection.docs and doc not in selection.docs) or (selection.langs and lang not in selection.langs):
                        continue
                    kind, paper = inputs.kinds[doc], inputs.kinds[doc].paper_for(selection.paper or audience.paper)
                    options = Options(audience=audience, doc=doc, lang=lang, issued=issued, kind=kind, paper=paper,
                                      frame=frame(kind, paper),
                                      # digits change only documents whose language has a choice
                                      # of them (page numbers included)
                                      digits=(selection.digits if LANGUAGE[lang].chooses_digits else None)
                                      or audience.digits,
                                      pdf_variant=selection.pdf_variant or audience.pdf_variant,
                                      print_marks=selection.print_marks or audience.print_marks,
                                      created=selection.created, fonts=project.fonts)
                    variant = variant_name(options, selection.variant)
                    names = document_names(inputs, title(relation, name), audience, doc)
                    jobs += [Job(relation, options, project.output_path(relation, name, doc, lang, writer.suffix,
                                                                       variant, judged),
                                 variant=variant, names=names, debug_html=selection.debug_html, writer=writer)
                             for writer in writers]
    return jobs


def document_names(inputs: Inputs, title, audience, doc: str) -> dict:
    """The relationship's title as this audience may see it (`title`, cleared
    for it), the document's label and the audience's name, in the indexes'
    languages (Arabic and English)."""
    both = lambda text: {lang: text.get(lang) if text else "" for lang in REQUIRED_LANGUAGES}
    return {"title": both(title),
            # A project's own kind may have only its `documents.<kind>` word (required for every kind).
            "label": {lang: inputs.strings[lang]["document_label"].get(doc) or inputs.strings[lang]["documents"][doc]
                      for lang in REQUIRED_LANGUAGES},
            "audience_title": both(audience.title)}


def variant_name(options: Options, asked: str = "") -> str:
    """What sets this output apart from the audience's standard one, as part of
    its file name ("letter", "arabic-indic", "pdf-a-3a", "marks", or --variant's
    name): a one-off build never overwrites the standard output, so the next
    plain build finds that up to date instead of rendering it back."""
    audience, parts = options.audience, []
    if options.paper != audience.paper and not options.of_kind.fixed_paper:
        parts.append(options.paper)
    if options.digits != audience.digits:
        parts.append(options.digits)
    if options.pdf_variant != audience.pdf_variant:
        parts.append(options.pdf_variant.replace("/", "-"))
    if options.print_marks and not audience.print_marks:
        parts.append("marks")
    if asked:
        parts.append(asked)
    return ".".join(parts)


def pick(kind: str, wanted, known: list[str]) -> list[str]:
    if not wanted:
        return known
    unknown = [w for w in wanted if w not in known]
    if unknown:
        raise BuildError(f"unknown {kind}: {', '.join(unknown)} (known: {', '.join(known)})")
    return list(wanted)


def build(inputs: Inputs, project: Project, jobs: list[Job], *, workers: int = 1, force: bool = False,
          wait: Optional[float] = None, progress: Progress = lambda i, n, o: None,
          notify: Callable[[str], None] = lambda message: None, cluster=None,
          rendering: Callable[[list[Job]], None] = lambda jobs: None, pool=None,
          waiting: Optional[Callable[[str], None]] = None, renderers: Optional[Renderers] = None,
          files: Optional[InputFiles] = None, settled: Callable[[Summary], None] = lambda summary: None,
          arrived: Callable[[Job, bytes], None] = lambda job, content: None,
          ahead: frozenset | set = frozenset()) -> Summary:
    """Bring reports/ up to date for these jobs, and delete the outputs of
    relationships, audiences, documents or languages that no longer exist.
    `cluster`: a Dask client to render on instead of local worker processes.
    `rendering` hears which jobs are about to be rendered (the others are up
    to date); `pool`, an executor of warm workers kept by the caller, renders
    them instead of a pool made for this build. `waiting` hears that another
    process holds the lock on reports/ (default: `notify`, which hears the rest),
    so a live preview does not mistake any message for a wait. `renderers`:
    what a build rendering in this process renders with (workers.render_all).
    `files`: the hashes of the template, font and code files taken before
    `inputs` were read (InputFiles; default: now, which a file saved since
    the check may make newer than what the views are made from). `settled`
    hears the summary once the manifest and indexes are written, still under
    the lock (run.py remembers a clean build there: rebuild/unchanged.py).
    `arrived` hears each document's bytes as its worker hands them back,
    before the leak guard judges them and anything is written (the preview
    starts drawing the pages then); `progress` says what became of them.
    `ahead`: names of jobs made and written before the others' views are
    made (serve: the documents open in a browser, so an edit's page is not
    kept waiting for the rest of the record's views and beside their renders)."""
    started = time.perf_counter()
    files = files or InputFiles(project)
    summary = Summary()
    with reports_lock(project.reports, wait, waiting or notify, project.shown):
        remove_stale_temporaries(project.reports)
        manifest = Manifest(project.reports / "manifest.json", project.shown)
        for warning in manifest.warnings:
            notify(f"warning[{warning.code}]: {warning}")
        keys = CurrentKeys(project)
        guard = Guard(inputs.record)
        hashes = InputHashes(project, inputs, files)
        first, rest = [job for job in jobs if job.name in ahead], [job for job in jobs if job.name not in ahead]
        for part in ([first, rest] if first and rest else [jobs]):
            tasks, fresh = sort_out(part, inputs, project, manifest, force, keys, hashes, notify,
                                    lambda stale: workers_make_views(stale, workers, cluster, pool))
            for outcome in fresh:
                summary.outcomes.append(outcome)
                progress(len(summary.outcomes), len(jobs), outcome)
            rendering([task.job for task in tasks])
            for rendered in render_all(project, tasks, workers, cluster, pool, renderers):
                outcome = settle(rendered, manifest, project, inputs, guard, keys, notify, arrived)
                summary.outcomes.append(outcome)
                summary.notices += [n for n in rendered.notices if n not in summary.notices]
                progress(len(summary.outcomes), len(jobs), outcome)
        # Told once the documents are written: a worker that makes a view may find its output up to date.
        # Not a draft's: it keeps no issue (issue_file), so it would be told again at every build.
        first_issues = sum(1 for o in summary.outcomes if o.status == "built" and o.changed is None
                           and o.job.options.shows_changes and not o.is_draft)
        if first_issues:
            summary.unkept_issues = (f"no earlier issue kept for {first_issues} document(s) in "
                                     f"{project.shown(project.reports / issues.FOLDER)}: no \"new since the last "
                                     f"issue\" box this time")
        for outcome in summary.outcomes:     # confirmed: the draft it was is stale
            if outcome.status != "failed" and outcome.draft_output is None:
                remove_stale(outcome.job, project, manifest, notify)
        summary.removed = remove_orphans(manifest, inputs, project, notify,
                                         {(job.options.audience.name, job.writer.format) for job in jobs})
        manifest.save()
        try:
            summary.errors = write_index(project, manifest, index_guard(guard, inputs), files.all())
        except Exception as err:     # check renders the indexes first; this is the last line of defence
            from ..render.engine import template_error_text
            summary.index_error = f"the indexes were not written: template error: {template_error_text(err, project.root)}"
        settled(summary)
    summary.seconds = time.perf_counter() - started
    return summary


def settle(rendered: Rendered, manifest: Manifest, project: Project, inputs: Inputs, guard: Guard,
           keys: CurrentKeys, notify: Callable[[str], None], arrived: Callable[[Job, bytes], None]) -> Outcome:
    """What became of a document a worker handed back: found up to date by
    the worker that made its view, or judged by the leak guard and written
    (record), or failed."""
    task = rendered.task
    if rendered.current:     # its worker made the view and found the output already so
        entry = manifest.get(manifest_name(destination(task.job, task.view, project), project))
        return still_current(task.job, task.view, entry, task.input_key, manifest, inputs, project, notify)
    if not rendered.error:
        arrived(task.job, rendered.content)
    outcome = record(rendered, manifest, project, inputs, guard)
    if outcome.status == "built" and rendered.key != keys.of(outcome.job, task.view_hash, rendered.deps):
        notify(f"{outcome.job.name}: a template, stylesheet or font changed while it rendered; "
               f"the next build renders it again")
    return outcome


def sort_out(jobs: list[Job], inputs: Inputs, project: Project, manifest: Manifest, force: bool,
             keys: CurrentKeys, hashes: InputHashes, notify: Callable[[str], None] = lambda message: None,
             on_workers: Callable[[int], bool] = lambda stale: False):
    """Split jobs into tasks to render and outcomes already up to date: first
    by the hash of their inputs, the last issue's view among them (no view
    computed when it is the one remembered), then by the output's key.
    `on_workers(n)`: whether the views of n documents whose inputs changed are
    left to the workers that render them (rebuild/views.py), which then
    compare the output's key themselves."""
    stale, fresh = [], []
    for job in jobs:
        folder = issue_folder(job, project)
        kept_dates = issues.dates_of(folder)       # listed once: the earlier issue and this date's
        earlier = issues.previous(project, folder, job.options.issued, notify, kept_dates)
        hashes.previous[job.output] = MISSING if earlier is None else earlier.digest
        input_key = hashes.key(job)
        # The audience's file, and the draft below reports/.drafts/ (rebuild/drafts.py): either may be current.
        entry, draft = (kept_entry(manifest, output, project, force)
                        for output in (job.output, project.draft_path(job.output)))
        if (entry and entry.get("input_key") == input_key and "warnings" in entry
                and job.options.issued in kept_dates):
            fresh.append(up_to_date(job, entry, [tuple(w) for w in entry["warnings"]]))
        elif draft and draft.get("input_key") == input_key and "warnings" in draft:     # a draft keeps no issue
            fresh.append(up_to_date(job, draft, [tuple(w) for w in draft["warnings"]],
                                    project.draft_path(job.output)))
        else:
            stale.append((job, earlier, input_key, entry, draft))
    if on_workers(len(stale)):
        return [Task(job, None, "", input_key=input_key,
                     recipe=recipe(inputs.record, job.relation, inputs.strings, earlier, known_key(entry),
                                   known_key(draft)))
                for job, earlier, input_key, entry, draft in stale], fresh
    tasks = []
    for job, earlier, input_key, entry, draft in stale:
        view, view_hash = view_of(job, inputs.record, inputs.strings, earlier)
        entry = draft if shows_draft(view) else entry     # what its file on disk was made from
        if entry and entry.get("key") == keys.of(job, view_hash, Dependencies(**entry.get("inputs", {}))):
            # The same output from other input files (a comment edited, the project moved):
            # remembered with these, so the next build need not compute the view.
            fresh.append(still_current(job, view, entry, input_key, manifest, inputs, project, notify))
            continue
        tasks.append(Task(job, view, view_hash, changed=changed_since(earlier, view), input_key=input_key))
    return tasks, fresh


def kept_entry(manifest: Manifest, output: Path, project: Project, force: bool) -> Optional[dict]:
    """The manifest's entry of an output whose file is there and did not fail
    last (one a build may find up to date), or None."""
    entry = manifest.get(manifest_name(output, project))
    return entry if entry and not force and output.is_file() and entry.get("status") != "failed" else None


def known_key(entry: Optional[dict]) -> Optional[tuple[str, Dependencies]]:
    """(key, files) of an output on disk, for a worker that makes its view (views.Recipe)."""
    return entry and (entry.get("key"), Dependencies(**entry.get("inputs", {})))


def still_current(job: Job, view: dict, entry: dict, input_key: str, manifest: Manifest, inputs: Inputs,
                  project: Project, notify: Callable[[str], None]) -> Outcome:
    """An output whose key is unchanged though its inputs' hash is not: up to
    date, its new input key and its warnings remembered, its issue kept."""
    warnings = editorial_warnings(job, view, entry, inputs, project)
    output = destination(job, view, project)
    manifest.put(manifest_name(output, project),
                 {**entry, "input_key": input_key, "warnings": [list(w) for w in warnings]}, durable=False)
    keep_missing_issue(job, view, project, notify)
    return up_to_date(job, entry, warnings, None if output == job.output else output)


def issue_folder(job: Job, project: Project) -> Path:
    """reports/.issues/<relation>/<audience>/<doc>.<lang>[.<variant>] (rebuild/issues.py)."""
    stem = job.output.name.removesuffix(job.writer.suffix)
    return issues.folder_of(project, job.relation, job.options.audience.name, stem)


def keep_missing_issue(job: Job, view: dict, project: Project, notify: Callable[[str], None]) -> None:
    """An up-to-date document's issue, if it is not kept (reports/.issues
    deleted, or made before issues were kept): the next date of issue compares with it.
    Not a draft's (issue_file)."""
    folder = issue_folder(job, project)
    if not shows_draft(view) and job.options.issued not in issues.dates_of(folder):
        try:
            issues.keep(project, folder, job.options.issued, view)
        except OSError as err:
            notify(f"warning: {job.name}: its issue was not kept: {err}")


def record(rendered: Rendered, manifest: Manifest, project: Project, inputs: Inputs, guard: Guard) -> Outcome:
    """Write what a worker rendered (here, under the lock) and record it,
    unless it holds a text clearance withheld from its audience."""
    job = rendered.task.job
    # The audience's folder, or below reports/.drafts/ while it shows unconfirmed drafted items.
    output = destination(job, rendered.task.view, project)
    if not rendered.error:
        rendered.error = guard.find(job.name, job.relation, job.options.audience, rendered.surfaces)
    if not job.debug_html:
        try:
            remove_debug_files(job, project, output)
        except OSError as err:     # a link below reports/ (paths.confined): nothing written either
            rendered.error = f"{job.name}: cannot write {project.shown(output)}: {err.strerror or err}"
    if not rendered.error:
        try:
            beside = job.writer.companions(project, output)
            files = {output: rendered.content, **{beside[key]: data for key, data in rendered.companions.items()},
                     **issue_file(job, rendered.task.view, project)}
            # Every path judged before any is written: a linked thumbnails/ fails the document whole.
            for path in files:
                confined(path, project.reports, project.shown)
            write_all(files, project.reports)
        except OSError as err:
            rendered.error = f"{job.name}: cannot write {project.shown(output)}: {err.strerror or err}"
    status = "failed" if rendered.error else "built"
    name = manifest_name(output, project)
    # A view that failed on its worker has no warnings to give.
    warnings = [] if rendered.task.view is None else \
        editorial_warnings(job, rendered.task.view, rendered.entry, inputs, project)
    if status == "built":
        manifest.put(name, {
            "relation": job.relation, "audience": job.options.audience.name,
            "doc": job.options.doc, "lang": job.options.lang, "variant": job.variant,
            **format_field(job.writer.format), **job.names,
            "key": rendered.key, "inputs": rendered.deps.as_json(),
            # Hashed before the view was computed: a file saved since differs next time.
            "input_key": rendered.task.input_key, "warnings": [list(w) for w in warnings],
            "pages": rendered.pages, "bytes": rendered.bytes,
            "render_seconds": round(rendered.seconds, 3), "status": status,
            "worker_peak_rss_mb": round(rendered.peak_rss_mb, 1),
            "built_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
            **rendered.entry,
        })
    else:
        # Keep an earlier good file and its entry, but never call it up to date.
        entry = manifest.get(name) or {"relation": job.relation, "audience": job.options.audience.name,
                                       "doc": job.options.doc, "lang": job.options.lang,
                                       **format_field(job.writer.format), **job.names}
        manifest.put(name, {**entry, **job.names, "status": "failed", "error": rendered.error})
    return Outcome(job, status, rendered.pages, rendered.bytes, rendered.seconds, rendered.error,
                   rendered.peak_rss_mb, rendered.invalid, warnings,
                   changed=rendered.task.changed if status == "built" else None,
                   draft_output=None if output == job.output else output)


def issue_file(job: Job, view: dict, project: Project) -> dict[Path, bytes]:
    """{path: bytes} of the view this issue was rendered from (rebuild/issues.py),
    written with the document: the next date of issue compares with it. None for a
    document showing unconfirmed drafted items: not for publishing, it is no issue, and
    the confirmed one's "new since the last issue" must compare with the last published."""
    if shows_draft(view):
        return {}
    return {issue_folder(job, project) / f"{job.options.issued.isoformat()}.json": issues.stored_bytes(view)}


def format_field(name: str) -> dict:
    """The manifest's "format" of an output: absent for the default (PDF), so
    the manifest of a PDF build is what it was before there were formats."""
    return {} if name == DEFAULT_FORMAT else {"format": name}


def editorial_warnings(job: Job, view: dict, entry: dict, inputs: Inputs,
                       project: Project) -> list[tuple[str, str]]:
    """What `check`'s lint would say about this document: parts left out, texts
    printed in English for want of its language, type shrunk, events left to
    the briefing. `entry`: its manifest fields (fit_pt, earlier_events)."""
    from ..view.lint import document_warnings
    return document_warnings(inputs, project, job.relation, job.options, view, entry.get("fit_pt"),
                             entry.get("earlier_events", 0))


def planned_entries(project: Project, jobs: list[Job]) -> dict[str, dict]:
    """Manifest entries as a build of these jobs would record them, every one
    built: what `check` renders the indexes with."""
    now = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    return {manifest_name(job.output, project): {
        "relation": job.relation, "audience": job.options.audience.name, "doc": job.options.doc,
        "lang": job.options.lang, "variant": job.variant, **format_field(job.writer.format), **job.names,
        "pages": 1, "status": "built",
        "built_at": now} for job in jobs}


def remove_orphans(manifest: Manifest, inputs: Inputs, project: Project,
                   notify: Callable[[str], None] = lambda message: None,
                   building: frozenset | set = frozenset()) -> list[str]:
    """Outputs whose relationship or audience was removed, or whose audience no
    longer asks for that document, language or format (whatever this build was
    narrowed to). A format this build makes for an audience (`building`:
    (audience, format) pairs; `--format` beyond the profile's) is kept until a
    build that does not: a file the profile does not ask for is not left to go stale.
    A relationship whose file is there but invalid (a typo, a half-saved file
    under `watch`) still exists: its published files are kept until it is fixed.
    (An invalid profile, template or shared file stops the build before this.)"""
    existing = set(inputs.record.relationships) | set(inputs.invalid)

    def wanted(entry: dict) -> bool:
        audience, made_as = inputs.audiences.get(entry.get("audience")), entry.get("format", DEFAULT_FORMAT)
        return (entry.get("relation") in existing and audience is not None
                and entry.get("lang") in audience.languages_of(entry.get("doc"))
                and writer_for(made_as) is not None
                and (made_as in audience.formats or (audience.name, made_as) in building))
    removed = []
    for name, entry in sorted((n, entry) for n, entry in manifest.entries.items() if not wanted(entry)):
        output = project.reports / name
        writer = writer_for(entry.get("format", DEFAULT_FORMAT))     # None: a format no longer registered
        files = [output, *(writer.companions(project, output).values() if writer else ())]
        try:
            # Every file checked before any is removed: a linked thumbnails/ or
            # folder is refused whole (its entry is kept, so the warning stays).
            for path in files:
                confined(path, project.reports, project.shown)
        except OSError as err:
            notify(f"warning: {name} not removed: {err}")
            continue
        for path in files:
            path.unlink(missing_ok=True)
        manifest.remove(name)
        removed.append(name)
    for folder in {(project.reports / name).parent for name in removed}:
        remove_emptied_folder(project, folder)
    return removed


def remove_debug_files(job: Job, project: Project, output: Path) -> None:
    """--html's files of a document rendered (or failed) without --html, beside
    `output` (the audience's file or its draft): left behind, they would show an
    earlier state of the document (perhaps an item since withheld) in a folder
    that is published as it is."""
    beside = job.writer.companions(project, output)
    for key in job.writer.debug:
        confined(beside[key], project.reports, project.shown).unlink(missing_ok=True)


def index_guard(guard: Guard, inputs: Inputs):
    """What write_index asks before writing an audience folder's index:
    (write it?, the error if it holds a text withheld from that audience). The
    audience is the folder's, reports/<relation>/<audience>/, never what the
    manifest's entries claim. A folder whose relationship file is invalid now
    cannot be judged (nothing says what was withheld): its index is left as it
    was, like its documents; so is one that is no audience's folder at all."""
    from ..output.withheld import html_surfaces

    def judge(folder: tuple, html: str) -> tuple[bool, str | None]:
        if len(folder) != 2:
            return False, f"{'/'.join((*folder, 'index.html'))}: not in an audience's folder (<relation>/<audience>/); not written"
        relation, audience = folder
        if relation not in inputs.record.relationships or audience not in inputs.audiences:
            return False, None
        found = {f"the audience's index{where}": text for where, text in html_surfaces(html)}
        error = guard.find(f"{relation}/{audience}/index.html", relation, inputs.audiences[audience], found)
        return error is None, error
    return judge
