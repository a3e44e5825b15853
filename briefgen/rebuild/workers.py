"""Render documents, in this process or in a pool of worker processes.

A worker runs the render job (job.py) and RETURNS: the output's bytes and the
files beside it, pages, seconds, the files the document was made from and its key. The parent process, which holds
the lock on reports/, writes the files atomically and records the manifest, so
a worker never touches reports/ (and could run on another machine).

Each worker builds one Renderer (WeasyPrint font configuration, parsed
stylesheets, Jinja environments) when it starts and reuses it for every
document it is given; a build rendering in its own process makes one for the
build and lets it go at the end. A document that fails returns its error; it never stops
the others. A worker that dies (killed, out of memory) costs only the document
it was rendering: that one is tried once more in a fresh worker, then reported
failed; the other documents go on in the other workers.
"""
from __future__ import annotations

import gc
import multiprocessing
import signal
from collections import deque
from concurrent.futures import BrokenExecutor, Executor, ProcessPoolExecutor, as_completed
from multiprocessing.connection import wait
from typing import Iterator, Optional

from ..paths import Project
from .job import Rendered, Renderers, Task, render_job, worker_renderers
from .views import CurrentKeys, realise

ATTEMPTS = 2       # a document whose worker dies is tried once more, in a fresh worker
# A worker process is replaced by a fresh one after rendering this many
# documents: its memory grows with what it renders, below Python (Pango,
# HarfBuzz, fontconfig caches; docs/scale.md), so a long build's workers stay
# the size of a short one's. A fresh worker costs about one document's time.
RECYCLE_AFTER = 100

def render_all(project: Project, tasks: list[Task], workers: int, cluster=None,
               pool: Optional[Executor] = None, renderers: Optional[Renderers] = None) -> Iterator[Rendered]:
    """Results as documents finish: on a Dask cluster if given a client, in a
    pool given by the caller (serve's warm workers, used as it is and left
    running), else in a local pool. One worker: in this process, no pool, with
    the caller's `renderers` (watch keeps one warm), else one for these tasks."""
    if cluster is not None:
        from .cluster import render_on_cluster
        yield from render_on_cluster(cluster, project, tasks)
        return
    if pool is not None:
        yield from _results(pool, project, tasks)
        return
    if workers <= 1 or len(tasks) <= 1:
        own, keys = renderers or Renderers(), CurrentKeys(project)
        try:
            for task in tasks:
                yield render_here(project, task, own, keys)
        finally:
            if own is not renderers:
                own.close()
        return
    yield from WorkerPool(project, min(workers, len(tasks))).run(tasks)


def warm_pool(project: Project, workers: int) -> ProcessPoolExecutor:
    """Worker processes that each set up WeasyPrint once, when they start.
    spawn, not fork: each worker starts clean and sets up fontconfig itself."""
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_init_worker, initargs=(project,), max_tasks_per_child=RECYCLE_AFTER)


def _init_worker(project: Project) -> None:
    worker_renderers().of(project)   # pay WeasyPrint's start-up once per worker, before the first task


def _render_in_worker(project: Project, task: Task) -> Rendered:
    rendered = render_job(project, task, worker_renderers())
    keep_out_of_collections()
    return rendered


def keep_out_of_collections() -> None:
    """Once per process, after its first document: what the process keeps
    for every later one (fonts, parsed stylesheets, compiled templates,
    WeasyPrint's caches) is taken out of the garbage collector's sight
    (gc.freeze). A document's box trees set off a full collection every
    other document or so, and each scanned all of that too: a build's
    workers spend about 4% less CPU (docs/scale.md, "The kept heap out of
    the collector's sight"). A full collection first, so the garbage of the
    first document is not kept for good; what is frozen is still freed when
    nothing refers to it, only a cycle among it would stay (a worker retires
    after RECYCLE_AFTER documents)."""
    if not gc.get_freeze_count():      # frozen already: once per process
        gc.collect()
        gc.freeze()


def _results(pool: Executor, project: Project, tasks: list[Task]) -> Iterator[Rendered]:
    """On a pool the caller keeps (serve, which replaces it when a worker
    dies and renders the documents that failed so again)."""
    futures = {}
    for task in tasks:
        try:
            futures[pool.submit(_render_in_worker, project, task)] = task
        except BrokenExecutor as err:    # a worker died earlier in this build (build's `ahead`)
            yield _worker_failed(task, err)
    for future in as_completed(futures):
        try:
            yield future.result()
        except Exception as err:   # a worker died (killed, out of memory): name the document
            yield _worker_failed(futures[future], err)


def _worker_failed(task: Task, err: Exception) -> Rendered:
    return Rendered(task, error=f"{task.job.name}: worker failed: {type(err).__name__}: {err}")


def _worker_main(connection, project: Project) -> None:
    """A worker: set up the renderer once, then render what it is sent until
    told to stop (None) or the parent goes away."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # Ctrl-C is the parent's to handle; it stops us
    # WeasyPrint is set up by the first document this worker renders (a failure is
    # that document's, by name): a worker that only makes views and finds their
    # outputs up to date (rebuild/views.py) never pays for it.
    renderers = Renderers()
    keys = CurrentKeys(project)
    try:
        while True:
            try:
                task = connection.recv()
            except (EOFError, OSError):
                return
            if task is None:
                return
            result = render_here(project, task, renderers, keys)
            if task.recipe is None:
                result.task = None      # the parent has it; send back only what is new
            connection.send(result)
            keep_out_of_collections()
    finally:
        renderers.close()   # the process ends with os._exit: nothing else would


def render_here(project: Project, task: Task, renderers: Renderers, keys: CurrentKeys) -> Rendered:
    """The task rendered, its view made first if the build left it to the
    worker (rebuild/views.py: the task comes back with it, less its recipe),
    and nothing rendered if the output on disk is already what it would be."""
    if task.recipe is not None:
        try:
            task, current = realise(project, task, keys)
        except Exception as err:     # a bug in the view: this document fails, named, as a render would
            return Rendered(task, error=f"{task.job.name}: its view failed: {type(err).__name__}: {err}")
        if current:
            return Rendered(task, current=True)
    return render_job(project, task, renderers)


class Worker:
    def __init__(self, context, project: Project):
        self.connection, theirs = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(theirs, project), daemon=True)
        self.process.start()
        theirs.close()
        self.task: Optional[Task] = None
        self.rendered = 0       # documents it has sent back

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

    def retire(self) -> None:
        """Tell it to finish (it lets its renderer go and exits); stop() joins it later."""
        try:
            self.connection.send(None)
        except OSError:
            pass

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

    def __init__(self, project: Project, size: int, recycle_after: int = RECYCLE_AFTER):
        self.project, self.size, self.recycle_after = project, size, recycle_after
        # spawn, not fork: each worker starts clean and sets up fontconfig itself.
        self.context = multiprocessing.get_context("spawn")

    def run(self, tasks: list[Task]) -> Iterator[Rendered]:
        waiting = deque(tasks)
        attempts = {id(task): 0 for task in tasks}
        workers: list[Worker] = []
        retired: list[Worker] = []     # told to stop; joined at the end, not while others wait on us
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
                        result.task = result.task or task
                        worker.rendered += not result.current     # a view alone does not grow it
                        yield result
                        if waiting and worker.process.is_alive() and worker.rendered < self.recycle_after:
                            worker.give(waiting.popleft())
                            attempts[id(worker.task)] += 1
                        elif waiting:    # it died just after answering, or has rendered its share: replace it
                            workers.remove(worker)
                            worker.retire()
                            retired.append(worker)
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
            for worker in workers + retired:
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
