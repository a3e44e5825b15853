"""Render documents, in this process or in a pool of worker processes.

Each worker builds one Renderer (WeasyPrint font configuration, parsed
stylesheets, Jinja environments) when it starts and reuses it for every
document it is given. A document that fails returns its error; it never stops
the others.
"""
from __future__ import annotations

import multiprocessing
import resource
import time
from concurrent.futures import Executor, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from typing import Iterator, Optional

import jinja2

from .atomic import write_atomically
from ..errors import BuildError
from .manifest import Dependencies, FileHashes, output_key
from ..paths import Project

_renderer = None   # one per process, made on first use
_hashes = FileHashes()


@dataclass
class Task:
    job: object            # build.Job
    view: dict
    view_hash: str


@dataclass
class Rendered:
    task: Task
    pages: int = 0
    bytes: int = 0
    seconds: float = 0.0
    key: str = ""
    deps: Dependencies = field(default_factory=Dependencies)
    error: Optional[str] = None
    peak_rss_mb: float = 0.0
    invalid: bool = False       # the error is in a template (exit status 2, like invalid data)
    fit_pt: Optional[float] = None     # a one-page document's body size, once fitted


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


def render_task(project: Project, task: Task) -> Rendered:
    """Render one document, write it atomically with its thumbnail, and say
    what it was made from."""
    from .thumbnails import write_thumbnail
    started = time.perf_counter()
    job, result = task.job, Rendered(task)
    audience = job.options.audience
    try:
        engine = renderer(project)
        engine.last_fit_pt = None
        with engine.recording(audience) as templates:
            pdf, result.pages = engine.pdf(task.view, audience, job.name)
        result.fit_pt = engine.last_fit_pt
        write_atomically(job.output, pdf)
        write_thumbnail(pdf, project.thumbnail_path(job.output))
        result.bytes = len(pdf)
        result.deps = dependencies(project, task, templates)
        result.key = output_key(task.view_hash, result.deps, _hashes, engine.env(audience))
    except BuildError as err:
        result.error = str(err)
    except jinja2.TemplateError as err:
        from ..document.render import template_error_text
        result.error = f"{job.name}: template error: {template_error_text(err, project.root)}"
        result.invalid = True
    except OSError as err:
        result.error = f"{job.name}: cannot write {job.output}: {err.strerror or err}"
    except Exception as err:   # a bug in WeasyPrint or ours: this document fails, the others go on
        detail = str(err).splitlines()[0][:300] if str(err) else ""
        result.error = f"{job.name}: rendering failed: {type(err).__name__}{': ' + detail if detail else ''}"
    result.seconds = time.perf_counter() - started
    result.peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def dependencies(project: Project, task: Task, templates: dict[str, str]) -> Dependencies:
    """The files one output was made from: the templates its render loaded,
    its stylesheets, the fonts and the audience's logo."""
    from ..document.render import stylesheet_files
    audience = task.job.options.audience
    # audience.css is listed even when absent, so adding one later is noticed.
    files = sorted({str(p) for p in stylesheet_files(project, task.job.options.doc, audience)}
                   | {str(audience.folder / "audience.css")})
    files += [str(p) for p in sorted(project.fonts.glob("*.ttf"))]
    if audience.logo:
        files.append(str(audience.folder / audience.logo))
    return Dependencies(dict(templates), files)


def _init_worker(project: Project) -> None:
    renderer(project)   # pay WeasyPrint's start-up once per worker, before the first task


def _render_in_worker(project: Project, task: Task) -> Rendered:
    return render_task(project, task)


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
    with warm_pool(project, min(workers, len(tasks))) as pool:
        yield from _results(pool, project, tasks)


def warm_pool(project: Project, workers: int) -> ProcessPoolExecutor:
    """Worker processes that each set up WeasyPrint once, when they start.
    spawn, not fork: each worker starts clean and sets up fontconfig itself."""
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_init_worker, initargs=(project,))


def _results(pool: Executor, project: Project, tasks: list[Task]) -> Iterator[Rendered]:
    futures = {pool.submit(_render_in_worker, project, task): task for task in tasks}
    for future in as_completed(futures):
        try:
            yield future.result()
        except Exception as err:   # a worker died (killed, out of memory): name the document
            task = futures[future]
            yield Rendered(task, error=f"{task.job.name}: worker failed: {type(err).__name__}: {err}")


def render_all_on(client, project: Project, tasks: list[Task]) -> Iterator[Rendered]:
    """Workers of the cluster render and send back bytes; this process writes them."""
    from .cluster import render_on_cluster
    for task, remote, error in render_on_cluster(client, project, tasks):
        if error:
            yield Rendered(task, error=error)
            continue
        result = Rendered(task, pages=remote.pages, bytes=len(remote.pdf), seconds=remote.seconds,
                          peak_rss_mb=remote.peak_rss_mb, fit_pt=remote.fit_pt)
        try:
            write_atomically(task.job.output, remote.pdf)
            write_atomically(project.thumbnail_path(task.job.output), remote.thumbnail)
        except OSError as err:
            result.error = f"{task.job.name}: cannot write {task.job.output}: {err.strerror or err}"
            yield result
            continue
        result.deps = dependencies(project, task, remote.templates)
        from ..document.render import audience_environment
        result.key = output_key(task.view_hash, result.deps, _hashes,
                                audience_environment(project.templates, task.job.options.audience.folder))
        yield result
