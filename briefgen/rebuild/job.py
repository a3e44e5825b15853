"""One document rendered: the render job the local workers and the cluster's
workers both run. It renders and RETURNS the PDF and thumbnail bytes, pages,
seconds, the files the document was made from and its key; it never writes.

Each process builds one Renderer (WeasyPrint font configuration, parsed
stylesheets, Jinja environments) when it first renders, and reuses it.
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
from ..output.withheld import surfaces
from ..paths import Project
from .manifest import MISSING, Dependencies, FileHashes, InputSnapshot, output_key

_renderer = None   # one per process, made on first use
_hashes = FileHashes()
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
        from ..render.engine import Renderer
        if _renderer is None:
            atexit.register(_forget_renderer)
        _renderer = Renderer(project)
    return _renderer


def _forget_renderer() -> None:
    """Let the Renderer go while the interpreter is whole: left to the end,
    WeasyPrint's font configuration is finalised after the libraries it calls."""
    global _renderer
    _renderer = None


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
    from ..output.thumbnails import thumbnail_png
    audience = task.job.options.audience
    engine.last_fit_pt = None
    with engine.recording(audience) as templates:
        pdf, pages = engine.pdf(task.view, audience, task.job.name, task.job.options.of_kind)
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
        from ..render.engine import template_error_text
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
    from ..render.engine import stylesheet_files
    audience = task.job.options.audience
    files = {project.shown(p) for p in stylesheet_files(project, task.job.options.doc, audience)}
    # What the kind is beyond its view (one page or not: templates/documents.yaml), in every layer.
    files.update(project.shown(layer / "documents.yaml") for layer in project.template_layers)
    # audience.css is listed even when absent, in every template layer, so adding one later is noticed.
    files.update(project.shown(layer / "audiences" / audience.name / "audience.css")
                 for layer in project.template_layers)
    files.update(project.shown(p) for p in project.fonts.glob("*.ttf"))
    if audience.logo:
        files.add(project.shown(audience.own_file(audience.logo) or audience.folder / audience.logo))
    # A name tried and not found comes back with no file ("": see select_template).
    used = {name: project.shown(filename) if filename else MISSING
            for name, filename in templates.items()}
    return Dependencies(used, sorted(files))
