"""View -> HTML (Jinja2) -> PDF bytes (WeasyPrint).

One Renderer per process: it keeps the Jinja environment, WeasyPrint's font
configuration and every parsed stylesheet, which are costly to rebuild for
each document. Rendering reads only files under the project's templates/
(not another audience's folder) and fonts/, after resolving symlinks; data/
and anything else a document asks for is refused, and so is a template that
is a symlink to a file outside the template folders.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import math
import os
import re
import shutil
import signal
import threading
import traceback
import weakref
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path
from jinja2.sandbox import SandboxedEnvironment

from ..errors import BuildError, Location, Problem
from ..record.kinds import Kind, shipped_kinds
from ..record.limits import MAX_PAGES
from .fonts import face_folder, isolate_fontconfig
from .overflow import overflow_message, text_past_margins
from .tagging import nest_figure_labels
from ..view.digest import view_digest
from ..view.textwidth import shaped_em
from ..paths import Project, ReadRefused, read_confined, relative_name

# The one-page fit's root font sizes: from the largest down to the floor, in
# tenths of a point (FIT_STEP_PT). Body text is set at 1rem, so the floor keeps
# it at 8pt, the readable one.
FIT_LARGEST_PT, FIT_SMALLEST_PT, FIT_STEP_PT = 11, 8, 0.1
# Where the search starts for a kind and language with no calibrated text
# (Kind.fit_text), and the size that text is calibrated at: a sheet with more
# text starts lower, one with less higher (fit_start; docs/scale.md).
FIT_START_PT = 10
# The fill of a sheet taken to grow with the size to this power, for the next
# size to try (measured on the shipped record from 8 to 11 pt: 1.3 for the fact
# sheets, 1.0-1.1 for the card, 0.7-1.0 for sparse and dense records;
# docs/scale.md). A prediction is taken FIT_MARGIN_PT lower, so that it fits on
# the first try more often than not.
FIT_FILL_POWER, FIT_MARGIN_PT = 1.3, 0.4
# A size that fits is the answer when the size predicted to fill the page (before
# the margin) is no more than this above it (or the size a step above it does not
# fit): "within FIT_TOLERANCE_PT of the largest", by the prediction, not proven.
FIT_TOLERANCE_PT = 0.3


def css_string(value) -> str:
    """A CSS string literal (for margin-box content), quotes and backslashes escaped."""
    text = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return f'"{text}"'


def template_loader(templates: Path | tuple[Path, ...],
                    audience_folder: Path | tuple[Path, ...] | None = None) -> jinja2.BaseLoader:
    """The audience's folder(s) first, then the base templates, each file from
    the first template layer that has it (the project's templates/, then the
    shipped ones: Project.template_layers). An audience's override can extend
    the very template it replaces as "base/<name>" (e.g. {% extends
    "base/briefing.html" %}) and redefine only some blocks; a project's own
    base template extends the shipped one as "shipped/<name>"."""
    layers = templates if isinstance(templates, tuple) else (templates,)
    folders = audience_folder if isinstance(audience_folder, tuple) else (audience_folder,) if audience_folder else ()
    bases = [ConfinedLoader(layer, hidden="audiences") for layer in layers]
    base = bases[0] if len(bases) == 1 else jinja2.ChoiceLoader(bases)
    prefixes = {"base": base, **({"shipped": bases[-1]} if len(bases) > 1 else {})}
    return jinja2.ChoiceLoader([ConfinedLoader(f) for f in folders] + [jinja2.PrefixLoader(prefixes), base])


class TemplateOutsideFolders(jinja2.TemplateError):
    """A template name that resolves (through a symlink) outside its folder.
    Not a TemplateNotFound, so ChoiceLoader does not quietly try the next folder."""


class ConfinedLoader(jinja2.FileSystemLoader):
    """A FileSystemLoader that reads only what the read policy allows
    (paths.read_confined): `templates/audiences/press/pw.html -> /etc/passwd`
    is refused, not printed. `hidden`: a subfolder it does not serve (the
    base loader does not hand out other audiences' templates)."""

    def __init__(self, folder: Path, hidden: str | None = None):
        super().__init__(str(folder))
        self.folder, self.hidden = Path(folder), hidden

    def get_source(self, environment, template):
        if self.hidden and template.split("/")[0] == self.hidden:
            raise jinja2.TemplateNotFound(template)
        filename = os.path.normpath(os.path.join(self.searchpath[0], *split_template_path(template)))
        if not os.path.isfile(filename):
            raise jinja2.TemplateNotFound(template)     # the next folder of a ChoiceLoader may have it
        root = self.folder.resolve()
        try:
            source = read_confined(Path(filename), root, root / self.hidden if self.hidden else None, name=template)
        except ReadRefused as refused:
            raise TemplateOutsideFolders(f"template {refused.strerror}; refused") from None
        return source.decode(self.encoding), filename, unchanged_since(filename)

    def list_templates(self):
        return [t for t in super().list_templates()
                if not (self.hidden and t.split("/")[0] == self.hidden)]


def unchanged_since(filename: str):
    """Whether the file is as it was now (Jinja's `uptodate`, as FileSystemLoader's)."""
    modified = os.path.getmtime(filename)

    def unchanged() -> bool:
        try:
            return os.path.getmtime(filename) == modified
        except OSError:
            return False
    return unchanged


def template_error_place(err: Exception) -> tuple[str, int] | None:
    """(template file, line) where a Jinja error arose: the syntax error's own
    place, or the innermost template frame of the traceback (Jinja rewrites
    tracebacks so that template frames carry the template's file and line)."""
    if isinstance(err, jinja2.TemplateSyntaxError) and err.filename:
        return err.filename, err.lineno
    for frame in reversed(traceback.extract_tb(err.__traceback__)):
        if frame.filename.endswith((".html", ".css")) and Path(frame.filename).is_file():
            return frame.filename, frame.lineno or 0
    return None


def error_message(err: Exception) -> str:
    """A template error's own words: Jinja's message, else the exception's, else its class."""
    return getattr(err, "message", None) or str(err) or type(err).__name__


def template_problem(err: Exception, project: Project, fallback: str, rendering: str) -> Problem:
    """A template that failed while `check` rendered it, by file and line
    (`fallback` when no template frame names the place)."""
    place = template_error_place(err)
    shown, line = (project.shown(Path(place[0])), place[1]) if place else (fallback, 0)
    return Problem(Location(shown, line, 1 if line else 0), f"template: {error_message(err)} (rendering {rendering})")


def template_error_text(err: Exception, root: Path) -> str:
    """'templates/sections/summary.html:3: 'dict object' has no attribute 'titel''."""
    message = error_message(err)
    place = template_error_place(err)
    if place is None:
        return message
    return f"{relative_name(place[0], root)}:{place[1]}: {message}"


MAX_REPEATED = 1_000_000     # characters or items a template may make with `*`
MAX_EXPONENT = 1_000
# CPU seconds one template may take to render a document's HTML (the shipped ones
# take well under 0.2 s): a loop without end fails by name instead of hanging
# `check` or a worker for ever.
TEMPLATE_SECONDS = 10.0


class TemplateTooSlow(jinja2.TemplateError):
    """A template that rendered past TEMPLATE_SECONDS of CPU time."""


def render_template(template: jinja2.Template, **context) -> str:
    """template.render(**context) within TEMPLATE_SECONDS of CPU time. The
    limit is a profiling timer (SIGPROF: CPU time, leaving SIGALRM to others),
    armed only in a main thread, where signals are delivered; a template run in
    another thread (a Dask worker's) renders without it."""
    if threading.current_thread() is not threading.main_thread():
        return template.render(**context)

    def expired(signum, frame):
        raise TemplateTooSlow(f"rendering took more than {TEMPLATE_SECONDS:g} s of CPU time "
                              f"(a loop without end?)")
    previous = signal.signal(signal.SIGPROF, expired)
    signal.setitimer(signal.ITIMER_PROF, TEMPLATE_SECONDS)
    try:
        return template.render(**context)
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


class RecordingEnvironment(SandboxedEnvironment):
    """A sandboxed environment (templates edited by many hands cannot reach
    Python internals) that remembers every template a render loads (extends,
    include, import), so the build knows exactly which files each output
    depends on."""
    recorded: dict[str, str] | None = None
    # `{{ "x" * 400000000 }}` or `{{ 9 ** 9999999 }}` would pass check slowly and
    # take a worker's memory: the sandbox's own operators are bounded here.
    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context, operator, left, right):
        sizes = [len(v) for v in (left, right) if isinstance(v, (str, list, tuple))]
        counts = [v for v in (left, right) if isinstance(v, int) and not isinstance(v, bool)]
        if operator == "*" and sizes and counts and sizes[0] * max(counts[0], 0) > MAX_REPEATED:
            raise SecurityError(f"a repetition of {sizes[0] * counts[0]:,} items is over the limit of "
                                f"{MAX_REPEATED:,} in a template")
        if operator == "**" and isinstance(right, (int, float)) and abs(right) > MAX_EXPONENT:
            raise SecurityError(f"an exponent of {right} is over the limit of {MAX_EXPONENT} in a template")
        return super().call_binop(context, operator, left, right)

    def get_template(self, name, parent=None, globals=None):
        template = super().get_template(name, parent, globals)
        if self.recorded is not None:
            # By the name asked for: "base/factsheet.html" comes back named
            # "factsheet.html" (PrefixLoader), which would hide an override's name.
            self.recorded[name if isinstance(name, str) else template.name] = template.filename
        return template

    def select_template(self, names, parent=None, globals=None):
        """The first of names that exists (an {% include [a, b] %}). Names tried
        and missing are recorded too, so an override added later changes the key."""
        names = list(names)
        for name in names:
            try:
                return self.get_template(name, parent, globals)
            except jinja2.TemplateNotFound:
                if self.recorded is not None:
                    self.recorded[name] = ""
        raise jinja2.TemplatesNotFound(names)


class CompiledTemplates(jinja2.BytecodeCache):
    """Each template compiled once per process, whichever environment asks:
    `check` compiles every template for every audience folder, and a build, a
    preview or a test process the same sources again. Keyed by Jinja by the
    template's name and file and the checksum of its source, so an edited file
    is compiled anew; held in memory only (nothing is read back from disk), and
    every environment sharing it is made by template_environment alike."""

    LIMIT = 4096     # entries: a long preview session's edits, then start afresh

    def __init__(self):
        self.code: dict[str, tuple[str, object]] = {}

    def load_bytecode(self, bucket) -> None:
        checksum, code = self.code.get(bucket.key, (None, None))
        if checksum == bucket.checksum:
            bucket.code = code

    def dump_bytecode(self, bucket) -> None:
        if len(self.code) >= self.LIMIT:
            self.code.clear()
        self.code[bucket.key] = (bucket.checksum, bucket.code)


COMPILED = CompiledTemplates()


def template_environment(loader: jinja2.BaseLoader) -> RecordingEnvironment:
    env = RecordingEnvironment(
        loader=loader,
        autoescape=jinja2.select_autoescape(["html"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=COMPILED,
    )
    env.filters["css_string"] = css_string
    # `{{ doc|tojson }}` (a script, a debugging dump) serialises the view as it is.
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "default": view_json}
    return env


def view_json(value):
    """What json cannot write by itself in a view: its figures and their pieces
    (dataclasses, written as their fields) and dates. Anything else is refused
    by name, so a template error, not a silent repr with a memory address."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    raise TypeError(f"tojson: a {type(value).__name__} in the view cannot be written as JSON")


def audience_environment(templates: Path | tuple[Path, ...],
                         audience_folder: Path | tuple[Path, ...] | None) -> RecordingEnvironment:
    """The environment an audience's documents render in (None: the base templates only)."""
    return template_environment(template_loader(templates, audience_folder))


@dataclasses.dataclass(frozen=True)
class Drawing:
    """What rendering one document gives: nothing of it is left on the Renderer."""
    pdf: bytes
    pages: int
    html: str                      # the HTML given to WeasyPrint (the leak guard reads it)
    fit_pt: float | None = None    # a one-page document's body size, once fitted


class Renderer:
    def __init__(self, project: Project):
        self.project = project
        isolate_fontconfig(project.fonts)
        from weasyprint.text.fonts import FontConfiguration   # after isolation, on purpose
        self.font_config = FontConfiguration()
        # Ours, not WeasyPrint's (made on first @font-face and left behind by
        # worker processes): named by process, removed by close(), at this
        # process's normal exit, or by a later sweep.
        self.font_config._folder = face_folder()
        self.close = weakref.finalize(self, shutil.rmtree, self.font_config._folder, ignore_errors=True)
        self.fetch = project_fetcher(project)      # no audience's folder: for what no document asks
        self.smallest_first = False      # trying_smallest_first
        self._envs: dict[str, jinja2.Environment] = {}
        self._template_files: frozenset[str] = template_files(project.template_layers)
        self._css: dict[str, object] = {}
        self.notices: list[str] = []       # slower-path notices since take_notices (SLOWER_PATH)

    # -- HTML ---------------------------------------------------------------
    def env(self, audience) -> jinja2.Environment:
        """One environment per audience, for its template search path."""
        if audience.name not in self._envs:
            self._envs[audience.name] = audience_environment(self.project.template_layers, audience.search_folders)
        return self._envs[audience.name]

    def html(self, view: dict, audience) -> str:
        return render_template(self.env(audience).get_template(f"{view['kind']}.html"), doc=view)

    def page_css(self, view: dict, audience) -> str:
        return render_template(self.env(audience).get_template("css/page.css"), doc=view)

    def forget_templates_if_files_changed(self) -> None:
        """A long-lived renderer (a warm worker, `watch`, `serve`) keeps compiled
        templates, and Jinja checks only the file it found: a new override in an
        audience's folder would go unseen behind the cached base template. When a
        template file appears or disappears, start the environments afresh."""
        files = template_files(self.project.template_layers)
        if files != self._template_files:
            self._envs.clear()
            self._template_files = files

    @contextmanager
    def recording(self, audience) -> Iterator[dict[str, str]]:
        """Collect {template name: file} for what is rendered inside the block."""
        self.forget_templates_if_files_changed()
        env = self.env(audience)
        env.recorded = {}
        try:
            yield env.recorded
        finally:
            env.recorded = None

    # -- PDF ----------------------------------------------------------------
    def stylesheet(self, key: str, *, filename: Path | None = None, string: str | None = None, fetch=None):
        """Parse a stylesheet once per process; later documents reuse it. A file
        is parsed again if it changed (a watcher's renderer lives long).
        `fetch`: the document's URL fetcher (project_fetcher), else this renderer's."""
        fetch = fetch or self.fetch
        if filename is not None:
            if not self.project.readable(filename, fetch.audience_folders):
                raise BuildError(f"stylesheet {self.project.shown(filename)} resolves to {filename.resolve()}, outside "
                                 f"templates/ and fonts/; refused")
            info = filename.stat()
            key = f"{key}:{info.st_mtime_ns}:{info.st_size}"
        if key not in self._css:
            from weasyprint import CSS
            base = filename.parent if filename else self.project.templates / "css"
            if filename is not None and filename.name == "fonts.css":
                base = self.project.fonts        # fonts.css names files in fonts/, wherever that is
            with captured_warnings(logging.ERROR, self.notices) as warnings:   # not "Ignored ..." notes: those
                sheet = CSS(filename=str(filename) if filename else None, string=string,
                            base_url=str(base) + "/",
                            font_config=self.font_config, url_fetcher=fetch)
            warnings += fetch.take_refused(warnings)    # fonts are refused silently (debug level)
            if warnings:
                shown = self.project.shown(filename) if filename else "the page stylesheet"
                raise BuildError(f"{shown}: WeasyPrint reported: " + "; ".join(dict.fromkeys(warnings)))
            self._css[key] = sheet
        return self._css[key]

    def stylesheets(self, view: dict, audience, fetch=None) -> list:
        """Base sheets, then the page sheet rendered for this document, then the
        audience's own audience.css if its folder has one (it wins ties)."""
        page = self.page_css(view, audience)
        sheets = []
        for path in stylesheet_files(self.project, view["kind"], audience):
            sheets.append(self.stylesheet(str(path), filename=path, fetch=fetch))
            if path.name == "base.css":
                sheets.append(self.stylesheet(f"page:{page}", string=page, fetch=fetch))
        return sheets

    def sources(self, view: dict, audience, drawing: Drawing) -> dict[str, str]:
        """The HTML and the stylesheets, in cascade order, exactly as `drawing`,
        this view's render, gave them to WeasyPrint (--html, for debugging)."""
        page = self.page_css(view, audience)
        parts = []
        for path in stylesheet_files(self.project, view["kind"], audience):
            parts.append(f"/* {path.relative_to(self.project.root) if path.is_relative_to(self.project.root) else path.name} */\n"
                         + path.read_text(encoding="utf-8"))
            if path.name == "base.css":
                parts.append("/* css/page.css, rendered for this document */\n" + page)
        if drawing.fit_pt is not None:       # a one-page document's
            parts.append(f"/* the size the one-page fit settled on */\nhtml {{ font-size: {drawing.fit_pt}pt; }}")
        return {".html": drawing.html, ".css": "\n\n".join(parts) + "\n"}

    def pdf(self, view: dict, audience, name: str, kind: Kind | None = None) -> Drawing:
        """The PDF, its page count, the HTML it was laid out from and the size a
        one-page document was fitted at. A one-page kind (a fact sheet) is shrunk
        to one page or refused. `kind`: what view["kind"] is (None: the shipped kind)."""
        require_text_layer(name)
        if view.get("justify") == "kashida":
            require_kashida(name)
        fetch = project_fetcher(self.project, audience.search_folders)    # what this document may read
        try:
            sheets = self.stylesheets(view, audience, fetch)
        except BuildError as err:
            raise BuildError(f"{name}: {err}") from None
        html = self.html(view, audience)
        kind = kind or shipped_kinds()[view["kind"]]
        source = self.parse(html, fetch)       # parsed once, for every layout of this document
        if not kind.one_page:
            document = self.layout(source, sheets, name, fetch)
            if len(document.pages) > MAX_PAGES:
                raise BuildError(f"{name}: {len(document.pages)} pages; the limit is {MAX_PAGES} pages for one "
                                 f"document (README: Limits)")
            return Drawing(self.write(document, name, view, fetch), len(document.pages), html)
        start = fit_start(kind.fit_text_in(view["lang"]), printed_text(source), self.project.fonts)
        document, size = self.fit_one_page(source, sheets, view, name, kind.shown, fetch, start)
        return Drawing(self.write(document, name, view, fetch), 1, html, size)

    def fit_one_page(self, html, sheets: list, view: dict, name: str, called: str,
                     fetch=None, start: int | None = None) -> tuple[object, float]:
        """A size, in tenths of a point from FIT_LARGEST_PT down to FIT_SMALLEST_PT,
        at which the sheet fits one page and which is within FIT_TOLERANCE_PT
        of the largest that does, by the prediction of next_fit_size: the
        search starts at `start` (in tenths; fit_start: predicted from the
        amount of text; FIT_START_PT when None), and each next
        size is predicted from the last layout's fill, always strictly between
        the largest size known to fit and the smallest larger one known not to;
        it ends on a size that fits with too little room left for the tolerance
        more: one layout when the start is right, two when it is not. Returns the
        laid-out document of that size, which is written as it is (no layout
        again), and the size. A layout that may be rejected stops before a third
        page (probe.py), which measures an overflow of up to a page; one at the
        smallest size is whole (the error says how many pages it needs).
        `html`: a string, or parsed."""
        source = self.parse(html, fetch) if isinstance(html, str) else html
        smallest = tenths(FIT_SMALLEST_PT)
        tried: dict[int, Laid] = {}     # size in tenths -> its layout (a selection's try at the smallest, reused)

        def at(size: int, limit: int | None = None) -> Laid:
            if size not in tried:
                limit = limit or (None if size == smallest else 2)
                tried[size] = self.laid_out(source, sheets + [self.fit_stylesheet(points(size))], name, fetch, limit)
            return tried[size]

        if self.smallest_first:
            # A selection's try (rebuild/job.py): one layout at the smallest size
            # says whether it can fit at all; only one that can is searched.
            if not at(smallest, 1).fits:
                raise self.too_long(name, called, tried[smallest])
        size = min(max(tenths(FIT_START_PT) if start is None else start, smallest), tenths(FIT_LARGEST_PT))
        while size is not None:
            at(size)
            size = next_fit_size(tried, size)
        fitting = [size for size, laid in tried.items() if laid.fits]
        if not fitting:
            raise self.too_long(name, called, tried[smallest])
        return tried[max(fitting)].document, points(max(fitting))

    @staticmethod
    def too_long(name: str, called: str, laid: "Laid") -> "TooLong":
        return TooLong(f"{name}: the {called} needs {laid.pages_needed} even with "
                       f"{FIT_SMALLEST_PT}pt text; shorten its content")

    @contextmanager
    def trying_smallest_first(self) -> Iterator[None]:
        """One-page documents laid out first at the smallest size while this
        lasts: a try that cannot fit costs one layout, not two (the same size is
        found for one that can)."""
        self.smallest_first = True
        try:
            yield
        finally:
            self.smallest_first = False

    def fit_stylesheet(self, size: float):
        return self.stylesheet(f"fit:{size}", string=f"html {{ font-size: {size}pt; }}")

    def write(self, document, name: str, view: dict, fetch=None) -> bytes:
        """PDF bytes, in the variant asked for (tagged whenever a variant is), with
        an identifier made from the document's content, so equal inputs give
        byte-identical files."""
        found = text_past_margins(document)
        if found:
            raise BuildError(overflow_message(name, found))
        options = pdf_options(view)
        if options.get("pdf_tags"):
            # Labels laid over a figure are tagged inside its Figure (tagging.py).
            figures = [figure.alt for figure in view.get("figures", {}).values() if figure]
            options["finisher"] = nest_figure_labels(figures)
        with captured_warnings(notices=self.notices) as warnings:
            pdf = document.write_pdf(**options)
        warnings += (fetch or self.fetch).take_refused(warnings)
        if warnings:
            raise BuildError(f"{name}: WeasyPrint reported: " + "; ".join(warnings))
        return pdf

    def parse(self, html: str, fetch=None):
        """The document's HTML parsed (WeasyPrint's HTML), to be laid out once or more."""
        from weasyprint import HTML
        return HTML(string=html, base_url=str(self.project.templates) + "/", url_fetcher=fetch or self.fetch)

    def layout(self, html, stylesheets: list, name: str, fetch=None):
        """The whole document laid out. `html`: a string, or parsed by `parse` with the same `fetch`."""
        return self.laid_out(html, stylesheets, name, fetch).document

    def laid_out(self, html, stylesheets: list, name: str, fetch=None, limit: int | None = None) -> "Laid":
        """A layout; with `limit`, one that stops after that many pages if
        content is left (probe.py: to be measured, never written)."""
        from . import probe
        require_line_repair(name)
        require_probe(name)
        fetch = fetch or self.fetch
        source = self.parse(html, fetch) if isinstance(html, str) else html
        with captured_warnings(notices=self.notices) as warnings, probe.pages_up_to(limit) as stopped:
            document = source.render(stylesheets=stylesheets, font_config=self.font_config)
        warnings += fetch.take_refused(warnings)
        if warnings:
            raise BuildError(f"{name}: WeasyPrint reported: " + "; ".join(warnings))
        return Laid(document, stopped.early)

    def take_notices(self) -> list[str]:
        """The slower-path notices of the documents rendered since the last call, once each; forgets them."""
        notices = list(dict.fromkeys(self.notices))
        self.notices.clear()
        return notices


@dataclasses.dataclass(frozen=True)
class Laid:
    """A laid-out document, and whether its layout stopped with content left
    for more pages (a probe's: measured, never written)."""
    document: object
    early: bool = False

    @property
    def fits(self) -> bool:
        """On one page, whole."""
        return len(self.document.pages) == 1 and not self.early

    @property
    def fill(self) -> float:
        """How many pages the content fills (pages_used): of a probe that stopped early, at least this."""
        return pages_used(self.document)

    @property
    def pages_needed(self) -> str:
        count = len(self.document.pages)
        if self.early:
            return f"more than {count} page" + ("s" if count > 1 else "")
        return f"{count} pages"


class TooLong(BuildError):
    """A one-page document that needs more than one page at the smallest size
    (the render job may then try a view that lists fewer events)."""


def require_text_layer(name: str) -> None:
    """Install the drawing hook that gives a glyph read as something else its
    /ActualText (kashida.install_text_layer; docs/arabic.md), or name the document."""
    from . import kashida
    try:
        kashida.install_text_layer()
    except kashida.KashidaError as err:
        raise BuildError(f"{name}: {err}") from None


def require_line_repair(name: str) -> None:
    """Install the repairs of WeasyPrint's lines: right-to-left lines that end
    at an inline box (trailing_space.py), lines that fit but for their trailing
    space (first_line.py; docs/arabic.md), or name the document."""
    from . import first_line, trailing_space
    try:
        trailing_space.install()
        first_line.install()
    except (trailing_space.TrailingSpaceError, first_line.FirstLineError) as err:
        raise BuildError(f"{name}: {err}") from None


def require_probe(name: str) -> None:
    """Install the layout that can stop at the page that decides (probe.py), or name the document."""
    from . import probe
    try:
        probe.install()
    except probe.ProbeError as err:
        raise BuildError(f"{name}: {err}") from None


def require_kashida(name: str) -> None:
    """Install the kashida hooks around WeasyPrint (once per process; inert for
    elements that do not ask for kashida), or name the document that cannot have it."""
    from . import kashida
    try:
        kashida.install()
    except kashida.KashidaError as err:
        raise BuildError(f"{name}: {err}") from None


def template_files(templates: Path | tuple[Path, ...]) -> frozenset[str]:
    """Every file under templates/ (audience folders included; every layer), by path."""
    layers = templates if isinstance(templates, tuple) else (templates,)
    return frozenset(str(p) for layer in layers for p in layer.rglob("*") if p.is_file())


def pages_used(document) -> float:
    """How many pages the content fills, the last one in part (2.3 = two pages
    and a third). Reads WeasyPrint's laid-out boxes; falls back to whole pages."""
    page = document.pages[-1]._page_box
    try:
        boxes = [b for b in page.children[0].descendants()
                 if getattr(b, "position_y", None) is not None and hasattr(b, "margin_height")]
        bottom = max(b.position_y + b.margin_height() for b in boxes)
        fill = (bottom - page.content_box_y()) / page.height
    except (AttributeError, IndexError, ValueError, TypeError):
        fill = 1.0
    return len(document.pages) - 1 + min(max(fill, 0.0), 1.0)


def tenths(size: float) -> int:
    """A size in points as whole tenths of a point (FIT_STEP_PT), the fit's unit."""
    return round(size / FIT_STEP_PT)


def points(size: int) -> float:
    """Tenths of a point as points: 10, not 10.0, for a whole size (the CSS and the manifest's fit_pt)."""
    value = round(size * FIT_STEP_PT, 2)
    return int(value) if value == int(value) else value


def printed_text(source) -> str:
    """The words a parsed document prints in its flow (WeasyPrint's HTML):
    its body's text, less stylesheets, scripts and drawings (SVG), one space
    between words and between elements (two blocks' words never run together;
    an inline element's start counts as a space: a measure, not the text)."""
    def texts(element) -> Iterator[str]:
        if isinstance(element.tag, str) and element.tag not in ("style", "script", "template") \
                and not element.tag.startswith("{"):
            yield element.text or ""
            for child in element:
                yield from texts(child)
        yield element.tail or ""
    body = source.etree_element.find("body")
    return " ".join(" ".join(texts(body)).split()) if body is not None else ""


def fit_start(calibrated: float | None, text: str, fonts: Path) -> int | None:
    """The size (in tenths) the one-page fit lays out first, from the document
    alone: FIT_START_PT scaled by how much more or less text it prints than
    its kind's calibrated amount in its language (Kind.fit_text, ems of the
    body face, Amiri), the fill taken to grow as the size to the power
    FIT_FILL_POWER, rounded to a tenth. The calibrated amount is measured on
    the shipped record (bench/fit_start.py), so its sheets start at the size
    they settle on: one layout each. None (start at FIT_START_PT) with no
    calibrated amount."""
    if not calibrated:
        return None
    ems = max(shaped_em(text, False, str(fonts)), 1.0)
    predicted = FIT_START_PT * (calibrated / ems) ** (1 / FIT_FILL_POWER)
    return min(max(tenths(predicted), tenths(FIT_SMALLEST_PT)), tenths(FIT_LARGEST_PT))


def next_fit_size(tried: dict, last: int) -> int | None:
    """The size (in tenths) to lay out next in the one-page fit, or None when
    the layouts in `tried` (size in tenths -> Laid) give the answer: the
    largest size that fits, if the step above it does not fit, it is the
    largest size, or the size where the `last` layout's fill predicts the
    page would be full is at most FIT_TOLERANCE_PT above it; or none fits
    and the smallest size was tried. That prediction takes the content's
    height to grow as the type size to the power FIT_FILL_POWER (fill 0.963
    at 10 pt: 10.29, so 10 is the answer; 1.172 at 10 pt: 8.85). After a
    layout that does not fit, the next size is the prediction less
    FIT_MARGIN_PT (8.4), rounded down, to fit on the next try; after one that
    fits with room for more, the least size that, fitting too, would end the
    search: the prediction less FIT_TOLERANCE_PT, rounded up (0.93 at 8.9 pt:
    9.41, so 9.2; a tenth at a time from 9.0 before, two layouts more on
    bench/fit_start.py's denser English sheet). Either is kept strictly
    between the largest size known to fit and the smallest larger one known
    not to, so the search ends; a probe that stopped early predicts the
    smallest size."""
    smallest, largest = tenths(FIT_SMALLEST_PT), tenths(FIT_LARGEST_PT)
    best = max((size for size, laid in tried.items() if laid.fits), default=None)
    ceiling = min((size for size, laid in tried.items() if not laid.fits and (best is None or size > best)),
                  default=largest + 1)
    low = smallest if best is None else best + 1
    if low >= ceiling:
        return None
    laid = tried[last]
    if laid.early:
        return low
    predicted = points(last) * max(laid.fill, 0.01) ** (-1 / FIT_FILL_POWER)    # where the fill would be 1
    if best is not None and predicted <= points(best) + FIT_TOLERANCE_PT + 1e-9:
        return None
    if laid.fits:    # the least size that, fitting too, would end the search: not up a tenth at a time
        aim = math.ceil((predicted - FIT_TOLERANCE_PT) / FIT_STEP_PT - 1e-9)
    else:
        aim = int((predicted - FIT_MARGIN_PT) / FIT_STEP_PT + 1e-9)
    return min(max(aim, low), ceiling - 1)


def pdf_options(view: dict) -> dict:
    """write_pdf options: the variant (tagged whenever there is one) and an
    identifier made from the document's content, so equal inputs give equal bytes."""
    options = {"pdf_identifier": view_digest(view)[:32].encode()}
    if view["pdf_variant"] != "none":
        options.update(pdf_variant=view["pdf_variant"], pdf_tags=True)
    return options


def stylesheet_files(project: Project, kind: str, audience) -> list[Path]:
    """The static stylesheets of one document, in cascade order (page.css, a
    template, is rendered per document and goes after base.css)."""
    files = [project.template_file(f"css/{name}.css") for name in ("fonts", "base", kind)]
    own = audience.own_file("audience.css")
    return files + ([own] if own else [])


MAX_DATA_URL = 256 * 1024   # characters: a small inline image or font, not a payload
MAX_MESSAGE = 300           # characters of one WeasyPrint warning we repeat


def project_fetcher(project: Project, audience_folders: tuple[Path, ...] = ()):
    """A WeasyPrint URL fetcher that serves the files a document may read
    (Project.readable: templates/ less other audiences' folders, the
    document's audience folders, fonts/) and small data: URLs, and refuses
    everything else: http, https, ftp, data/, file: URLs elsewhere, oversized
    data: URLs. Everything WeasyPrint loads goes through it: images,
    stylesheets, @import, url() in CSS, fonts, attachments. Rendering never
    touches the network."""
    from weasyprint.urls import URLFetcher

    class ProjectFiles(URLFetcher):
        refused: list[str] = []                 # WeasyPrint logs some refusals (fonts) only at debug level

        def fetch(self, url, headers=None):
            try:
                return self.fetch_allowed(url, headers)
            except ValueError as err:
                self.refused = self.refused + [str(err)]
                raise

        def fetch_allowed(self, url, headers):
            return super().fetch(fetchable(project, url, self.audience_folders), headers)

        def take_refused(self, reported: list[str] = ()) -> list[str]:
            """Refusals not already in WeasyPrint's own messages; forgets them."""
            refused, self.refused = self.refused, []
            return [r for r in dict.fromkeys(refused) if not any(r in message for message in reported)]

    fetcher = ProjectFiles(allowed_protocols=("file", "data"))
    fetcher.audience_folders = audience_folders    # one fetcher per document: never changed after
    return fetcher


def fetchable(project: Project, url: str, audience_folders: tuple[Path, ...] = ()) -> str:
    """THE URL policy of project_fetcher, which `check` applies too
    (resources.py): what to fetch for an absolute `url` (a small data: URL
    itself; the resolved file: URL of a file a document may read), or
    ValueError saying why it is refused."""
    if url.startswith("data:"):
        if len(url) > MAX_DATA_URL:
            raise ValueError(f"refused a data: URL of {len(url):,} characters (the limit is {MAX_DATA_URL:,})")
        return url
    path = project.local_path(url, audience_folders)
    if path is None:
        raise ValueError(f"refused {shorten(url, 120)!r}: documents may only use files under "
                         f"templates/ (their own audience's folder, no other) and fonts/")
    return path.as_uri()


def shorten(text: str, limit: int = MAX_MESSAGE) -> str:
    """At most `limit` characters of a message: WeasyPrint repeats whole URLs,
    and a data: URL can be hundreds of kilobytes."""
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text):,} characters)"


# WeasyPrint warnings that say the output is made a slower way, not that it is
# wrong: never a failure; the build prints each once (rebuild/build.py).
# What WeasyPrint says -> what the user reads. Everything else it logs fails
# the document.
SLOWER_PATH = {
    re.compile(r"^Using fontTools instead of HarfBuzz-Subset\b"):
        "WeasyPrint subsets fonts with fontTools because the system lacks HarfBuzz-Subset: "
        "the same PDFs, made more slowly; install libharfbuzz-subset0 (./setup.sh does)",
}


def slower_path(message: str) -> str | None:
    """What to tell the user if `message` is a slower-path notice, else None."""
    return next((notice for pattern, notice in SLOWER_PATH.items() if pattern.search(message)), None)


@contextmanager
def captured_warnings(level: int = logging.WARNING, notices: list[str] | None = None) -> Iterator[list[str]]:
    """Collect what WeasyPrint logs (missing images, fonts or glyphs, bad CSS,
    refused URLs): a document that draws with a warning is not the document
    that was asked for. Slower-path notices go to `notices` instead, not
    failing anything: the PDF is the same, only made more slowly."""
    messages: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno < level:
                return
            text = record.getMessage()
            notice = slower_path(text)
            if notice is None:
                messages.append(shorten(text))
            elif notices is not None:
                notices.append(notice)

    logger = logging.getLogger("weasyprint")
    handler = Collect()
    logger.addHandler(handler)
    propagate, logger.propagate = logger.propagate, False
    try:
        yield messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate
