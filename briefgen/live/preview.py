"""The preview's rebuilding thread: on each save, the normal incremental build
(validate -> plan -> keys -> render what changed -> write atomically under
the lock on reports/), in worker processes kept warm for the whole session,
telling the pages what happens as it happens.

The preview renders into reports/, like `build`: no second copy of the
outputs, the same lock, atomic writes and manifest, and a preview session
leaves reports/ up to date. An invalid edit renders nothing and removes
nothing: the pages show check's messages and the last good PDFs stay.
"""
from __future__ import annotations

import datetime as dt
import threading
import time
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from pathlib import Path
from typing import Callable, Optional

from ..errors import BuildError, Problem, ValidationFailed
from ..paths import Project, audience_name, is_draft_name
from ..output.formats import DEFAULT_FORMAT
from ..rebuild.build import Job, build, plan
from ..rebuild.selection import Selection
from ..rebuild.summary import Outcome
from ..rebuild.index import index_row
from ..rebuild.inputs import InputFiles
from ..rebuild.manifest import Manifest
from ..rebuild.verdicts import known_passes, remember
from ..record.yamlnodes import keep_parsed_files
from .watch import FileWatcher
from ..rebuild.job import worker_renderers
from ..rebuild.workers import keep_out_of_collections, warm_pool
from ..record.validate import Inputs
from ..render.checks import check
from .files import read_output
from .images import PageImages, Rasteriser
from .state import DocumentState, PreviewState

RENDERING = "جارٍ الإخراج · Rendering"
CHECKING = "جارٍ التحقق · Checking"


def warm_up(project: Project) -> None:
    """Run in each new worker: set up WeasyPrint and lay out a line of each
    script, so the first document after a save does not pay for loading fonts."""
    engine = worker_renderers().of(project)
    sheet = engine.stylesheet("warm-up", filename=project.template_file("css/fonts.css"))
    html = ('<p style="font-family: Amiri">نص عربي <b>عريض</b></p>'
            '<p style="font-family: \'Noto Kufi Arabic\'">كوفي <b>عريض</b></p>'
            '<p style="font-family: \'Noto Sans\'">Latin <b>bold</b> 0123</p>')
    try:
        engine.layout(html, [sheet], "warm-up")
    except Exception:   # warming is an optimisation; the real render reports real problems
        pass


class WarmWorkers:
    """A pool of worker processes that set WeasyPrint up once and render every
    document of the session. Fonts are loaded when a worker starts, so a change
    under fonts/ starts the pool afresh."""

    def __init__(self, project: Project, count: int):
        self.project, self.count = project, count
        self.executor = None
        self.start()

    def start(self) -> None:
        self.executor = warm_pool(self.project, self.count)
        for _ in range(self.count):
            self.executor.submit(warm_up, self.project)

    def restart(self) -> None:
        self.close()
        self.start()

    def restart_if_broken(self) -> bool:
        """A worker that died (killed, out of memory) breaks its pool for good:
        start a new one rather than fail every later document. True if it did.
        Closed (serve stopping during a render): nothing to restart."""
        if self.executor is None:
            return False
        try:
            self.executor.submit(int)
            return False
        except BrokenProcessPool:
            self.restart()
            return True

    def close(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=False, cancel_futures=True)
            self.executor = None


class Rebuilder:
    def __init__(self, project: Project, selection: Selection, issued: Optional[dt.date], workers: int,
                 state: PreviewState, progress: Callable[[int, int, Outcome], None] = lambda i, n, o: None,
                 echo: Callable[[str], None] = lambda message: None, images: Optional[PageImages] = None):
        self.project, self.selection, self.issued = project, selection, issued
        self.state, self.progress, self.echo = state, progress, echo
        self.rasteriser = Rasteriser(images or PageImages())    # the server's, which serves what it makes
        keep_parsed_files()     # each save's check parses only the files whose bytes changed
        self.workers = WarmWorkers(project, workers)
        self.worker_count = workers
        self.noticed: set[str] = set()     # slower-path notices already printed: once per session
        self.folders = [project.data, *project.template_layers, project.fonts]
        # Watching starts before the first build, so no edit is missed.
        self.watcher = FileWatcher(self.folders, outputs=[project.reports])
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.run, name="rebuild", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def close(self) -> None:
        self.stopping.set()
        self.watcher.close()
        self.workers.close()
        self.rasteriser.close()

    def run(self) -> None:
        self.show_known_documents()
        self.rebuild()
        keep_out_of_collections()    # the server's kept state, as a worker's (rebuild/workers.py)
        while not self.stopping.is_set():
            changed = self.watcher.next_batch(timeout=0.5)
            if not changed or self.stopping.is_set():
                continue
            shown = ", ".join(Path(c).name for c in changed[:5]) + (" ..." if len(changed) > 5 else "")
            self.echo(f"changed: {shown}")
            if any(Path(c).resolve().is_relative_to(self.project.fonts.resolve()) or Path(c).name == "fonts.css"
                   for c in changed):
                self.workers.restart()   # fonts are loaded once per worker
            self.rebuild()

    # -- one rebuild -----------------------------------------------------------
    def rebuild(self) -> None:
        started = time.perf_counter()
        self.state.set_preview(activity=CHECKING)
        try:
            self.rebuild_checked()
        except Exception as err:   # never let the preview die on a bug: say it on every page
            self.echo(f"error: {type(err).__name__}: {err}")
            self.state.set_preview(problems=[f"internal error: {type(err).__name__}: {err}"])
        finally:
            self.state.set_preview(activity="")
            seconds = time.perf_counter() - started
            if self.state.preview_json()["problems"]:
                self.echo(f"preview shows the problems; waiting for the next save ({seconds:.2f} s)")
            else:
                self.echo(f"preview up to date ({seconds:.2f} s)")

    def rebuild_checked(self) -> None:
        files = InputFiles(self.project)     # before check reads them (rebuild/inputs.py)
        # The template pass is most of check's time; an edit to the data leaves it, and the
        # other relationships' checks, as they were (verdicts.py), as for build.
        key = files.all()
        passes = known_passes(self.project, key)
        try:
            inputs = check(self.project, passes=passes)
        except ValidationFailed as failed:
            self.show_invalid(failed.problems, shared=True)
            return
        try:
            self.plan_and_render(inputs, files)
        finally:     # after the render: .checked.json names the record's digest, so each save writes and fsyncs it
            remember(self.project, key, passes)

    def plan_and_render(self, inputs: Inputs, files: InputFiles) -> None:
        # The preview shows pages: PDFs only, whatever formats the profiles ask for.
        selection = replace(self.selection, formats=self.selection.formats or (DEFAULT_FORMAT,))
        if inputs.problems:
            self.show_invalid(list(inputs.problems), shared=False, relations=set(inputs.invalid))
            if selection.relations:
                selection = replace(selection, relations=tuple(r for r in selection.relations
                                                               if r not in inputs.invalid))
                if not selection.relations:
                    return
        try:
            jobs = plan(inputs, self.project, selection, self.issued or dt.date.today())
        except BuildError as err:   # e.g. --relation names one that does not exist (any more)
            self.echo(f"error: {err}")
            self.state.set_preview(problems=[f"error: {err}"])
            return
        self.show_planned(jobs, inputs)
        if not inputs.problems:
            self.state.set_preview(problems=[])
        if jobs:
            self.render(inputs, jobs, files=files)

    def render(self, inputs: Inputs, jobs: list[Job], retry: bool = True, files: Optional[InputFiles] = None) -> None:
        def rendering(about_to_render: list[Job]) -> None:
            # Called once the lock is ours: any "waiting" banner ends here.
            self.state.set_preview(activity=f"{RENDERING} ({len(about_to_render)})" if about_to_render
                                   else CHECKING)
            for job in about_to_render:
                self.state.update(job.name, status="rendering")

        def progress(index: int, total: int, outcome: Outcome) -> None:
            self.progress(index, total, outcome)
            self.show_outcome(outcome)

        def waiting(message: str) -> None:   # another build holds reports/: we wait for it
            self.echo(message)
            self.state.set_preview(activity=f"في الانتظار · Waiting: {message}")
            for job in jobs:   # until we hold the lock; those up to date then say so at once
                self.state.update(job.name, status="waiting")

        self.workers.restart_if_broken()
        try:
            summary = build(inputs, self.project, jobs, workers=self.worker_count, progress=progress,
                            notify=self.echo, waiting=waiting, rendering=rendering,
                            pool=self.workers.executor, files=files, arrived=self.draw_early,
                            ahead=self.state.viewed())
        except OSError as err:
            self.state.set_preview(problems=[f"error: cannot write to {self.project.shown(self.project.reports)}: {err.strerror or err}"])
            return
        if summary.unkept_issues:
            self.echo(summary.unkept_issues)
        for name in summary.removed:
            self.echo(f"removed {name}: its relationship, audience or document no longer exists")
        self.echo(summary.text())
        for notice in summary.notices:
            if notice not in self.noticed:
                self.noticed.add(notice)
                self.echo(f"notice: {notice}")
        if retry and not self.stopping.is_set() and self.workers.restart_if_broken():
            failed = {outcome.job.name for outcome in summary.failures}
            again = [job for job in jobs if job.name in failed]
            if again:
                self.echo(f"a worker died: rendering {len(again)} document(s) again in new workers")
                self.render(inputs, again, retry=False)

    # -- telling the pages -----------------------------------------------------
    def show_known_documents(self) -> None:
        """Before the first build: the documents reports/ already holds, so
        the index is not empty while it runs (or if the data are invalid)."""
        manifest = Manifest(self.project.reports / "manifest.json")
        # A draft (below .drafts/: rebuild/drafts.py) after its published file: it is the newer.
        for name, entry in sorted(manifest.entries.items(), key=lambda item: (is_draft_name(item[0]), item[0])):
            if self.selected(entry) and "format" not in entry and (self.project.reports / name).is_file():
                row = index_row(audience_name(name), entry)
                self.state.know(row["name"], row)
                self.state.update(row["name"], status="built", version=1, pages=entry.get("pages", 0),
                                  built_at=entry.get("built_at", ""))

    def selected(self, entry: dict) -> bool:
        s = self.selection
        return all(not wanted or entry.get(key) in wanted for key, wanted in
                   (("relation", s.relations), ("audience", s.audiences), ("doc", s.docs), ("lang", s.langs)))

    def show_planned(self, jobs: list[Job], inputs: Inputs) -> None:
        names = {job.name for job in jobs}
        for job in jobs:
            o = job.options
            self.state.know(job.name, {"name": job.name, "relation": job.relation, "audience": o.audience.name,
                                       "doc": o.doc, "lang": o.lang, **job.names})
        keep = names | {d.name for d in self.state.all_documents() if d.row.get("relation") in inputs.invalid}
        self.state.forget_except(keep)

    def draw_early(self, job: Job, content: bytes) -> None:
        """A document open in a browser: its pages drawn while the build's
        thread judges and writes the PDF (images.py); shown only once written."""
        if job.name in self.state.viewed():
            self.rasteriser.draw_early(job.name, content)

    def show_outcome(self, outcome: Outcome) -> None:
        name = outcome.job.name
        now = dt.datetime.now().astimezone().isoformat(timespec="seconds")
        document = self.state.document(name)
        if outcome.status == "failed" or document is None:
            self.rasteriser.discard(name, document.digests if document is not None else [])
            self.state.update(name, status="failed", errors=[outcome.error or "failed"])
        elif outcome.status == "built":
            self.show_built(document, status="built", version=document.version + 1, pages=outcome.pages,
                            errors=[], built_at=now)
        else:   # up to date: the PDF on disk is current
            self.show_built(document, status="built", pages=outcome.pages, errors=[],
                            version=max(document.version, 1))

    def show_built(self, document: DocumentState, **changes) -> None:
        """A document whose PDF on disk is current. One open in a browser is
        shown once its pages are rasterised (their digests known: images.py), so
        the page loads only the images that changed; the rest at once, their
        images made when asked."""
        content = read_output(self.project, document.row, pdf=True) if document.name in self.state.viewed() else None
        if content is None:
            self.state.update(document.name, **changes, digests=[])
        else:
            self.rasteriser.show(self.state, document.name, content, **changes)

    def show_invalid(self, problems: list[Problem], shared: bool, relations: set[str] = frozenset()) -> None:
        """check's messages, in place of the pages of every document they concern."""
        lines = [str(p) for p in sorted(set(problems))]
        self.state.set_preview(problems=lines)
        for document in self.state.all_documents():
            relation = document.row.get("relation")
            if shared:
                self.state.update(document.name, status="invalid", errors=lines)
            elif relation in relations:
                own = [str(p) for p in sorted(set(problems)) if Path(p.where.file).stem == relation]
                self.state.update(document.name, status="invalid", errors=own or lines)
