"""Render documents, in this process or in a pool of worker processes.

A worker renders and RETURNS: the PDF and thumbnail bytes, pages, seconds, the
files the document was made from and its key. The parent process, which holds
the lock on reports/, writes the files atomically and records the manifest, so
a worker never touches reports/ (and could run on another machine).

Each worker builds one Renderer (WeasyPrint font configuration, parsed
stylesheets, Jinja environments) when it starts and reuses it for every
document it is given. A document that fails returns its error; it never stops
the others. A worker that dies (killed, out of memory) costs only the document
it was rendering: that one is tried once more in a fresh worker, then reported
failed; the other documents go on in the other workers.
"""
from __future__ import annotations

import errno
import multiprocessing
import resource
import signal
import time
from collections import deque
from concurrent.futures import Executor, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from typing import Iterator, Optional

import jinja2

from ..document.withheld import surfaces
from ..errors import BuildError
from .manifest import MISSING, Dependencies, FileHashes, InputSnapshot, output_key, project_relative
from ..paths import Project

_renderer = None   # one per process, made on first use
_hashes = FileHashes()
ATTEMPTS = 2       # a document whose worker dies is tried once more, in a fresh worker
WRITE_ERRORS = {errno.EFBIG, errno.ENOSPC, errno.EDQUOT, errno.EROFS}


@dataclass
class Task:
    job: object            # build.Job
    view: dict
    view_hash: str


@dataclass
class Rendered:
    task: Task
    pdf: bytes = b""
    thumbnail: bytes = b""   # PNG of the first page
    pages: int = 0
    seconds: float = 0.0
    key: str = ""
    deps: Dependencies = field(default_factory=Dependencies)
    error: Optional[str] = None
    peak_rss_mb: float = 0.0
    invalid: bool = False       # the error is in a template (exit status 2, like invalid data)
    fit_pt: Optional[float] = None     # a one-page document's body size, once fitted
    sources: dict = field(default_factory=dict)   # --html: {".html": text, ".css": text}
    notices: list = field(default_factory=list)   # slower-path notices (render.SLOWER_PATH): never a failure
    surfaces: dict = field(default_factory=dict)  # {where: normalised text}, for the leak guard (withheld.py)

    @property
    def bytes(self) -> int:
        return len(self.pdf)


def renderer(project: Project):
    """This process's Renderer for `project`, made on first use. A cluster
    worker may serve builds of several copies of the project: each gets its
    own (fontconfig stays pointed at the first fonts/, which the fingerprint
    check has proved to hold the same files)."""
    global _renderer
    if _renderer is None or _inputs_of(_renderer.project) != _inputs_of(project):
        from ..document.render import Renderer
        _renderer = Renderer(project)
    return _renderer


def _inputs_of(project: Project) -> tuple:
    return project.templates, project.fonts, project.data


@dataclass
class Drawn:
    """What rendering one document gives, locally or on a cluster worker."""
    pdf: bytes
    pages: int
    templates: dict[str, str]       # what the render loaded: {name: file}
    fit_pt: Optional[float]         # a one-page document's body size, once fitted
    sources: dict[str, str]         # --html: {".html": text, ".css": text} given to WeasyPrint
    thumbnail: bytes                # PNG of the first page
    surfaces: dict[str, str]        # what the leak guard reads: {where: normalised text}


def render_pdf(engine, task: Task) -> Drawn:
    """Render one document, with its thumbnail and what the leak guard reads
    (the HTML, the PDF's text, metadata, bookmarks and attachments, the --html
    files). Shared by the local workers and the cluster's; the build process
    looks for the withheld texts, so those never reach a worker."""
    import pypdfium2 as pdfium
    from .thumbnails import thumbnail_png
    audience = task.job.options.audience
    engine.last_fit_pt = None
    with engine.recording(audience) as templates:
        pdf, pages = engine.pdf(task.view, audience, task.job.name)
    sources = engine.sources(task.view, audience) if task.job.debug_html else {}
    document = pdfium.PdfDocument(pdf)      # opened once for the thumbnail and the guard
    try:
        written = {"pdf": document, **{suffix.lstrip("."): text.encode("utf-8") for suffix, text in sources.items()}}
        return Drawn(pdf, pages, dict(templates), engine.last_fit_pt, sources, thumbnail_png(document),
                     surfaces(engine.last_html, written))
    finally:
        document.close()


def render_task(project: Project, task: Task) -> Rendered:
    """Render one document into bytes, with its thumbnail, and say what it was
    made from. Every input file is hashed before rendering: the key describes
    what was read, even if a file is saved while the document renders."""
    started = time.perf_counter()
    job, result, engine = task.job, Rendered(task), None
    try:
        engine = renderer(project)
        before = InputSnapshot(project.root, [*project.template_layers, project.fonts], _hashes)
        drawn = render_pdf(engine, task)
        result.pdf, result.pages, result.fit_pt, result.sources = drawn.pdf, drawn.pages, drawn.fit_pt, drawn.sources
        result.thumbnail, result.surfaces = drawn.thumbnail, drawn.surfaces
        result.deps = dependencies(project, task, drawn.templates)
        result.key = output_key(task.view_hash, result.deps.templates, result.deps.files, before.of)
    except BuildError as err:
        result.error = str(err)
    except jinja2.TemplateError as err:
        from ..document.render import template_error_text
        result.error = f"{job.name}: template error: {template_error_text(err, project.root)}"
        result.invalid = True
    except OSError as err:
        what = "cannot write" if err.errno in WRITE_ERRORS else "cannot read"
        name = project.shown(err.filename) if isinstance(err.filename, str) else err.filename
        where = f" {name}" if err.filename else ""
        result.error = f"{job.name}: {what}{where} while rendering: {err.strerror or err}"
    except Exception as err:   # a bug in WeasyPrint or ours: this document fails, the others go on
        detail = str(err).splitlines()[0][:300] if str(err) else ""
        result.error = f"{job.name}: rendering failed: {type(err).__name__}{': ' + detail if detail else ''}"
    if result.error:
        result.pdf = result.thumbnail = b""
    if engine is not None:
        result.notices = engine.take_notices()
    result.seconds = time.perf_counter() - started
    result.peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def dependencies(project: Project, task: Task, templates: dict[str, str]) -> Dependencies:
    """The files one output was made from, relative to the project: the
    templates its render loaded, its stylesheets, the fonts and the logo."""
    from ..document.render import stylesheet_files
    audience = task.job.options.audience
    files = {project_relative(project.root, p) for p in stylesheet_files(project, task.job.options.doc, audience)}
    # audience.css is listed even when absent, in every template layer, so adding one later is noticed.
    files.update(project_relative(project.root, layer / "audiences" / audience.name / "audience.css")
                 for layer in project.template_layers)
    files.update(project_relative(project.root, p) for p in project.fonts.glob("*.ttf"))
    if audience.logo:
        files.add(project_relative(project.root, audience.own_file(audience.logo) or audience.folder / audience.logo))
    # A name tried and not found comes back with no file ("": see select_template).
    used = {name: project_relative(project.root, filename) if filename else MISSING
            for name, filename in templates.items()}
    return Dependencies(used, sorted(files))


def render_all(project: Project, tasks: list[Task], workers: int, cluster=None,
               pool: Optional[Executor] = None) -> Iterator[Rendered]:
    """Results as documents finish: on a Dask cluster if given a client, in a
    pool given by the caller (serve's warm workers, used as it is and left
    running), else in a local pool. One worker: in this process, no pool."""
    if cluster is not None:
        yield from render_all_on(cluster, project, tasks)
        return
    if pool is not None:
        yield from _results(pool, project, tasks)
        return
    if workers <= 1 or len(tasks) <= 1:
        for task in tasks:
            yield render_task(project, task)
        return
    yield from WorkerPool(project, min(workers, len(tasks))).run(tasks)


def warm_pool(project: Project, workers: int) -> ProcessPoolExecutor:
    """Worker processes that each set up WeasyPrint once, when they start.
    spawn, not fork: each worker starts clean and sets up fontconfig itself."""
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_init_worker, initargs=(project,))


def _init_worker(project: Project) -> None:
    renderer(project)   # pay WeasyPrint's start-up once per worker, before the first task


def _render_in_worker(project: Project, task: Task) -> Rendered:
    return render_task(project, task)


def _results(pool: Executor, project: Project, tasks: list[Task]) -> Iterator[Rendered]:
    """On a pool the caller keeps (serve, which replaces it when a worker dies)."""
    futures = {pool.submit(_render_in_worker, project, task): task for task in tasks}
    for future in as_completed(futures):
        try:
            yield future.result()
        except Exception as err:   # a worker died (killed, out of memory): name the document
            task = futures[future]
            yield Rendered(task, error=f"{task.job.name}: worker failed: {type(err).__name__}: {err}")


def render_all_on(client, project: Project, tasks: list[Task]) -> Iterator[Rendered]:
    """Workers of the cluster render and send back bytes and keys; the build
    process writes them (build.record)."""
    from .cluster import render_on_cluster
    for task, remote, error in render_on_cluster(client, project, tasks):
        if error:
            yield Rendered(task, error=error)
            continue
        yield Rendered(task, pdf=remote.pdf, thumbnail=remote.thumbnail, pages=remote.pages,
                       seconds=remote.seconds, key=remote.key, deps=remote.deps, peak_rss_mb=remote.peak_rss_mb,
                       fit_pt=remote.fit_pt, sources=remote.sources, notices=remote.notices,
                       surfaces=remote.surfaces)


def _worker_main(connection, project: Project) -> None:
    """A worker: set up the renderer once, then render what it is sent until
    told to stop (None) or the parent goes away."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # Ctrl-C is the parent's to handle; it stops us
    try:
        renderer(project)   # pay WeasyPrint's start-up once per worker, before the first task
    except Exception:
        pass                # each task will report the failure by name
    try:
        while True:
            try:
                task = connection.recv()
            except (EOFError, OSError):
                return
            if task is None:
                return
            result = render_task(project, task)
            result.task = None      # the parent has it; send back only what is new
            connection.send(result)
    finally:
        if _renderer is not None:
            _renderer.close()   # the process ends with os._exit: nothing else would


class Worker:
    def __init__(self, context, project: Project):
        self.connection, theirs = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(theirs, project), daemon=True)
        self.process.start()
        theirs.close()
        self.task: Optional[Task] = None

    def give(self, task: Task) -> None:
        self.task = task
        self.connection.send(task)

    def how_it_died(self) -> str:
        self.process.join(timeout=5)
        code = self.process.exitcode
        if code is not None and code < 0:
            try:
                return f"killed by {signal.Signals(-code).name}"
            except ValueError:
                return f"killed by signal {-code}"
        return f"exited with status {code}"

    def stop(self) -> None:
        try:
            self.connection.send(None)
        except OSError:
            pass
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.connection.close()


class WorkerPool:
    """Worker processes fed one document at a time through their own pipes, so
    a death is tied to the document that worker had (a ProcessPoolExecutor
    breaks as a whole and fails every pending document)."""

    def __init__(self, project: Project, size: int):
        self.project, self.size = project, size
        # spawn, not fork: each worker starts clean and sets up fontconfig itself.
        self.context = multiprocessing.get_context("spawn")

    def run(self, tasks: list[Task]) -> Iterator[Rendered]:
        waiting = deque(tasks)
        attempts = {id(task): 0 for task in tasks}
        workers: list[Worker] = []
        try:
            for _ in range(self.size):
                workers.append(self.start(waiting.popleft(), attempts))
            while any(w.task is not None for w in workers):
                busy = [w for w in workers if w.task is not None]
                ready = set(wait([w.connection for w in busy] + [w.process.sentinel for w in busy]))
                for worker in busy:
                    if worker.connection not in ready and worker.process.sentinel not in ready:
                        continue
                    task, result = worker.task, self.receive(worker)
                    worker.task = None
                    if result is not None:
                        result.task = task
                        yield result
                        if waiting and worker.process.is_alive():
                            worker.give(waiting.popleft())
                            attempts[id(worker.task)] += 1
                        elif waiting:    # it died just after answering: replace it
                            workers.remove(worker)
                            worker.stop()
                            workers.append(self.start(waiting.popleft(), attempts))
                        continue
                    # The worker died with this document: it alone pays.
                    how = worker.how_it_died()
                    worker.connection.close()
                    workers.remove(worker)
                    if attempts[id(task)] < ATTEMPTS:
                        workers.append(self.start(task, attempts))      # once more, in a fresh worker
                    else:
                        yield Rendered(task, error=f"{task.job.name}: its worker process died twice ({how}; "
                                                   f"out of memory?); not written")
                        if waiting:
                            workers.append(self.start(waiting.popleft(), attempts))
        finally:
            for worker in workers:
                worker.stop()

    def start(self, task: Task, attempts: dict) -> Worker:
        worker = Worker(self.context, self.project)
        worker.give(task)
        attempts[id(task)] += 1
        return worker

    @staticmethod
    def receive(worker: Worker) -> Optional[Rendered]:
        """The worker's result, or None if it died before sending one."""
        try:
            if worker.connection.poll():
                return worker.connection.recv()
        except Exception:   # EOF, or half a message from a worker killed while sending
            pass
        return None
