"""Rendering on a Dask distributed cluster: `build --cluster tcp://HOST:PORT`
(or BRIEFGEN_CLUSTER).

This process stays the client: it holds the lock on reports/, computes each
document's view (already cleared for its audience: a worker never sees the
record), and sends it with the fingerprint of the code, templates and fonts it
must be rendered from. A worker checks its own copy against that fingerprint
and refuses the task, naming the files, if they differ; otherwise it runs the
same render job as a local worker (job.py), with its warm Renderer (WeasyPrint
set up once per worker process), and sends back the same result: the output's
bytes and the files beside it, or the same error. Only the client writes,
atomically, and records the manifest. A worker that dies mid-task is replaced by the
scheduler, which runs its documents again elsewhere.
"""
from __future__ import annotations

import os
import threading
import uuid
from typing import Iterator

from ..errors import BuildError
from ..paths import Project
from .fingerprint import differences, fingerprint
from .job import Rendered, Task, render_job, worker_renderers

CONNECT_TIMEOUT_S = 10
# The scheduler gives up on a document after its worker died this many times.
ALLOWED_WORKER_DEATHS = 3

_profiler_stopped = False
_one_at_a_time = threading.Lock()   # a Renderer is not thread-safe; Dask workers may run several threads


class ClusterUnavailable(BuildError):
    """The scheduler cannot be reached (or Dask is not installed)."""


def connect(address: str, timeout: float = CONNECT_TIMEOUT_S):
    """A Dask client for the scheduler at `address`, or ClusterUnavailable."""
    try:
        import dask
        from distributed import Client
    except ImportError as err:
        raise ClusterUnavailable(f"--cluster needs Dask's distributed package: {err}") from None
    dask.config.set({"distributed.scheduler.allowed-failures": ALLOWED_WORKER_DEATHS})
    # A malformed address is refused before a Client exists: one made from it
    # fails in its constructor, and its finaliser then waits and prints a traceback.
    malformed = malformed_address(address)
    if malformed:
        raise ClusterUnavailable(f"cannot reach the Dask scheduler at {address}: {malformed}; "
                                 "expected tcp://HOST:PORT")
    try:
        client = Client(address, timeout=f"{timeout}s", set_as_default=False)
    except (OSError, TimeoutError, ValueError) as err:
        reason = str(err).splitlines()[0][:300] if str(err) else type(err).__name__
        raise ClusterUnavailable(f"cannot reach the Dask scheduler at {address} "
                                 f"(waited {timeout:g} s): {reason}") from None
    # A scheduler without workers accepts tasks and never runs them: the build
    # would hold the lock on reports/ for ever, silently.
    try:
        client.wait_for_workers(1, timeout=timeout)
    except (OSError, TimeoutError):
        client.close()
        raise ClusterUnavailable(f"the Dask scheduler at {address} has no workers "
                                 f"(waited {timeout:g} s); start some (docs/scale.md: Past one machine)") from None
    return client


def malformed_address(address: str) -> str | None:
    """Why `address` cannot be a scheduler's address, or None."""
    from distributed.comm.addressing import parse_address, parse_host_port
    from distributed.comm.registry import get_backend
    try:
        scheme, location = parse_address(address)
        get_backend(scheme)
        if scheme in ("tcp", "tls", "ws", "wss"):
            parse_host_port(location)
    except ValueError as err:
        return str(err)
    return None


def render_remote(project: Project, task: Task, expected: dict[str, str]) -> Rendered:
    """Runs on a worker: check this worker's copy against the build's
    fingerprint, then the same render job as a local worker's (job.py).
    Writes nothing."""
    stop_sampling_profiler()
    refused = refusal(project, task, expected)
    if refused:
        return Rendered(None, error=refused)
    with _one_at_a_time:
        # The key comes from the fingerprint this copy was checked against BEFORE
        # rendering (labels are project-relative paths, as in keys): a file saved
        # since then leaves the document out of date, never recorded as fresh.
        rendered = render_job(project, task, worker_renderers(), expected)
    rendered.task = None      # the client has it; send back only what is new
    return rendered


def refusal(project: Project, task: Task, expected: dict[str, str]) -> str | None:
    """Why this worker may not render `task`: its copy of the project is not the build's."""
    if not project.templates.is_dir() or not project.fonts.is_dir():
        return (f"{task.job.name}: refused by worker {os.uname().nodename}: it has no "
                f"{project.templates} or {project.fonts} (deploy the same checkout on every worker)")
    audience = task.job.options.audience
    mismatch = differences(expected, fingerprint(project.template_layers, project.fonts, audience.search_folders))
    if mismatch:
        shown = "; ".join(mismatch[:10]) + (f"; and {len(mismatch) - 10} more" if len(mismatch) > 10 else "")
        return (f"{task.job.name}: refused by worker {os.uname().nodename}: its copy of the "
                f"project differs from this build's: {shown}")
    return None


def stop_sampling_profiler() -> None:
    """Stop this worker's statistical profiler, once. Dask samples the stack of
    every thread every 10 ms; WeasyPrint's layout is deep pure Python, and the
    sampling made each render 10-15% slower, 35% over a 2,400-document build
    (bench/cluster.py). Workers are dedicated to briefgen (docs/scale.md), and a
    worker started in place of a dead one stops its own at its first task."""
    global _profiler_stopped
    if _profiler_stopped:
        return
    _profiler_stopped = True
    try:
        from distributed import get_worker
        worker = get_worker()
    except (ImportError, ValueError):     # not in a Dask worker (a test calling this directly)
        return

    def stop() -> None:
        for name in ("profile", "profile-cycle"):
            callback = worker.periodic_callbacks.pop(name, None)
            if callback is not None:
                callback.stop()
    worker.loop.add_callback(stop)      # the callbacks belong to the worker's event loop thread


def render_on_cluster(client, project: Project, tasks: list[Task]) -> Iterator[Rendered]:
    """What the workers rendered, as documents finish, in any order."""
    from distributed import as_completed
    prints: dict[str, dict[str, str]] = {}
    futures = {}
    run = uuid.uuid4().hex[:8]
    for task in tasks:
        audience = task.job.options.audience
        if audience.name not in prints:
            prints[audience.name] = fingerprint(project.template_layers, project.fonts, audience.search_folders)
        future = client.submit(render_remote, project, task, prints[audience.name],
                               key=f"briefgen-{run}-{task.job.name}", pure=False)
        futures[future] = task
    for future in as_completed(futures, loop=client.loop):
        task = futures[future]
        try:
            rendered = future.result()
            rendered.task = task
            yield rendered
        except Exception as err:   # KilledWorker, a worker-side bug: this document fails, the others go on
            yield Rendered(task, error=f"{task.job.name}: {describe(err)}")
        finally:
            future.release()


def describe(err: Exception) -> str:
    if type(err).__name__ == "KilledWorker":
        return f"its worker died {ALLOWED_WORKER_DEATHS} times while rendering it (out of memory?)"
    detail = " ".join(str(err).split())[:500]
    if "deserialization" in detail:
        # The scheduler or a worker unpickles briefgen's task: it cannot import briefgen.
        detail += (" (the scheduler and every worker must import briefgen: start them with "
                   "PYTHONPATH set to the project folder; docs/scale.md: Past one machine)")
    return f"rendering on the cluster failed: {type(err).__name__}{': ' + detail if detail else ''}"
