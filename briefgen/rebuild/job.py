"""One document rendered: the render job the local workers, the cluster's
workers and a build rendering in its own process all run (render_job). It
renders with the job's writer (output/writers.py) and RETURNS the output's
bytes and the files beside it, pages, seconds, the files the document was
made from and its key; it never writes. The same error gives the same
message, and the same exit status, wherever it ran.

A process renders with one Renderer (WeasyPrint font configuration, parsed
stylesheets, Jinja environments), made when it first renders and reused:
the process holds it in a Renderers it passes to each job.
"""
from __future__ import annotations

import atexit
import errno
import resource
import time
from dataclasses import dataclass, field
from typing import Optional

import jinja2

from ..errors import BuildError
from ..paths import Project
from .manifest import MISSING, Dependencies, FileHashes, InputSnapshot, output_key, shown_name

_hashes = FileHashes()
WRITE_ERRORS = {errno.EFBIG, errno.ENOSPC, errno.EDQUOT, errno.EROFS}


@dataclass
class Task:
    job: object            # build.Job
    view: dict
    view_hash: str
    # Whether its items differ from the last issue's (view/changes.py); None: no
    # earlier issue kept. For the summary: a new date alone is not a change.
    changed: Optional[bool] = None
    input_key: str = ""    # the hash of its inputs (rebuild/inputs.py), remembered in the manifest
    # What a local worker makes the view from (rebuild/views.py Recipe), when the
    # build left the view to it: `view` is then None until the worker has made it.
    recipe: object = None


@dataclass
class Rendered:
    task: Optional[Task]      # None on its way back from a worker: the build has it
    content: bytes = b""      # the output, in the job's format
    companions: dict = field(default_factory=dict)   # {Writer.companions key: bytes}: thumbnail, --html files
    pages: int = 0
    seconds: float = 0.0
    key: str = ""
    deps: Dependencies = field(default_factory=Dependencies)
    error: Optional[str] = None
    peak_rss_mb: float = 0.0
    invalid: bool = False       # the error is in a template (exit status 2, like invalid data)
    entry: dict = field(default_factory=dict)     # manifest fields the writer adds (a PDF's fit_pt)
    notices: list = field(default_factory=list)   # slower-path notices (render.SLOWER_PATH): never a failure
    surfaces: dict = field(default_factory=dict)  # {where: normalised text}, for the leak guard (withheld.py)
    # The worker made the view (views.realise) and found the output on disk already what it
    # would render: nothing rendered, the document is up to date.
    current: bool = False

    @property
    def bytes(self) -> int:
        return len(self.content)

    @property
    def fit_pt(self) -> Optional[float]:
        """A one-page document's body size, once fitted."""
        return self.entry.get("fit_pt")


class Renderers:
    """The Renderer one process renders with, made on first use. A cluster
    worker may serve builds of several copies of the project: each gets its
    own (fontconfig stays pointed at the first fonts/, which the fingerprint
    check has proved to hold the same files)."""

    def __init__(self):
        self.renderer = None

    def of(self, project: Project):
        if self.renderer is None or _inputs_of(self.renderer.project) != _inputs_of(project):
            from ..render.engine import Renderer
            self.close()
            self.renderer = Renderer(project)
        return self.renderer

    def close(self) -> None:
        """Let the Renderer go now, while the interpreter is whole: left to the
        end, WeasyPrint's font configuration is finalised after the libraries it
        calls (a traceback on stderr), and a process that ends with os._exit
        would leave its font folder behind."""
        if self.renderer is not None:
            self.renderer.close()
            self.renderer = None


_worker_process: Optional[Renderers] = None


def worker_renderers() -> Renderers:
    """The Renderers of a worker process whose life a pool or Dask manages
    (serve's warm workers, a cluster's): made by its first task, let go at exit.
    A build rendering in its own process, and briefgen's own worker processes,
    hold theirs and close it themselves."""
    global _worker_process
    if _worker_process is None:
        _worker_process = Renderers()
        atexit.register(_worker_process.close)
    return _worker_process


def _inputs_of(project: Project) -> tuple:
    return project.templates, project.fonts, project.data


def render_job(project: Project, task: Task, renderers: Renderers,
               expected: Optional[dict[str, str]] = None) -> Rendered:
    """Render one document into bytes with its job's writer and say what it
    was made from. Every input file is hashed before rendering: the key
    describes what was read, even if a file is saved while the document
    renders. `expected`: on a cluster worker, the fingerprint its copy was
    checked against (rebuild/cluster.py), whose hashes the key is made of."""
    started = time.perf_counter()
    job, result, engine = task.job, Rendered(task), None
    try:
        engine = renderers.of(project)
        hash_of = (lambda name: expected.get(name, MISSING)) if expected is not None else \
            InputSnapshot(project.root, [*project.template_layers, project.fonts], _hashes).of
        audience = job.options.audience
        with engine.recording(audience) as templates:
            written = write_fitted(engine, task, audience)
        result.content, result.pages, result.companions = written.content, written.pages, written.companions
        result.surfaces, result.entry = written.surfaces, written.entry
        result.deps = dependencies(project, task, templates)
        result.key = output_key(task.view_hash, result.deps.templates, result.deps.files, hash_of)
    except Exception as err:   # this document fails, named; the others go on
        result.error, result.invalid = failure(job.name, err, project)
    if result.error:
        result.content, result.companions = b"", {}
    if engine is not None:
        result.notices = engine.take_notices()
    result.seconds = time.perf_counter() - started
    result.peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def write_fitted(engine, task: Task, audience):
    """The document as its writer writes it; a one-page document too dense for
    its page at the smallest size lists fewer events, the most recent, fewer
    each try (view/select.py: fewer), until it fits. (Searching back up for the
    most that fit costs three times the layouts and ends at the smallest type.)
    Its manifest entry says how many earlier events it left to the briefing
    (`earlier_events`)."""
    from ..render.engine import TooLong
    from ..view.select import fewer, selects
    try:
        return write_view(engine, task, audience, task.view)
    except TooLong as err:
        if not selects(task.job.options.of_kind) or not shorter_with_fewer(engine, task.view, audience):
            raise
        too_long = err
    with engine.trying_smallest_first():
        for keep in fewer(len(task.view["chronology"])):
            written = write_selection(engine, task, audience, keep)
            if written is not None:
                return written
    raise too_long


def shorter_with_fewer(engine, view: dict, audience) -> bool:
    """Whether listing fewer events changes what the document prints at all:
    a card with talking points prints no chronology (card.html), so no
    selection could make it fit, and trying each would only lay it out again."""
    from ..view.select import fewer, selection
    tries = fewer(len(view["chronology"]))
    return bool(tries) and engine.html(selection(view, tries[-1]), audience) != engine.html(view, audience)


def write_view(engine, task: Task, audience, view: dict):
    job = task.job
    written = job.writer.write(engine, view, audience, job.name, job.debug_html, job.options.of_kind)
    if "draft" in view:     # shows unconfirmed drafted items: the audience index leaves it out
        written.entry["draft"] = True
    return written


def write_selection(engine, task: Task, audience, keep: int):
    """The document listing its `keep` most recent events, or None if that is still too long."""
    from ..render.engine import TooLong
    from ..view.select import selection
    view = selection(task.view, keep)
    try:
        written = write_view(engine, task, audience, view)
    except TooLong:
        return None
    written.entry["earlier_events"] = view["earlier"]["count"]
    return written


def dependencies(project: Project, task: Task, templates: dict[str, str]) -> Dependencies:
    """The files one output was made from, relative to the project: the
    templates its render loaded, its stylesheets, the fonts and the logo."""
    from ..render.engine import stylesheet_files
    audience = task.job.options.audience
    shown = lambda path: shown_name(path, project.root)
    files = {shown(p) for p in stylesheet_files(project, task.job.options.doc, audience)}
    # What the kind is beyond its view (one page or not: templates/documents.yaml), in every layer.
    files.update(shown(layer / "documents.yaml") for layer in project.template_layers)
    # audience.css is listed even when absent, in every template layer, so adding one later is noticed.
    files.update(shown(layer / "audiences" / audience.name / "audience.css")
                 for layer in project.template_layers)
    files.update(shown(p) for p in project.fonts.glob("*.ttf"))
    if audience.logo:
        files.add(shown(audience.own_file(audience.logo) or audience.folder / audience.logo))
    # A name tried and not found comes back with no file ("": see select_template).
    used = {name: shown(filename) if filename else MISSING
            for name, filename in templates.items()}
    return Dependencies(used, sorted(files))


def failure(name: str, err: Exception, project: Project) -> tuple[str, bool]:
    """What one document's failure says, and whether it is the input's fault
    (exit status 2, like invalid data): a template's error, or any error raised
    while a template ran ({{ 1 // 0 }}), names the template's file and line."""
    from ..render.engine import template_error_place, template_error_text
    if isinstance(err, BuildError):
        return str(err), False
    if isinstance(err, jinja2.TemplateError) or template_error_place(err):
        return f"{name}: template error: {template_error_text(err, project.root)}", True
    if isinstance(err, OSError):
        what = "cannot write" if err.errno in WRITE_ERRORS else "cannot read"
        shown = project.shown(err.filename) if isinstance(err.filename, str) else err.filename
        where = f" {shown}" if err.filename else ""
        return f"{name}: {what}{where} while rendering: {err.strerror or err}", False
    # A bug in WeasyPrint or ours.
    detail = str(err).splitlines()[0][:300] if str(err) else ""
    return f"{name}: rendering failed: {type(err).__name__}{': ' + detail if detail else ''}", False
