"""View -> HTML (Jinja2) -> PDF bytes (WeasyPrint).

One Renderer per process: it keeps the Jinja environment, WeasyPrint's font
configuration and every parsed stylesheet, which are costly to rebuild for
each document. Rendering reads only files under the project's templates/,
fonts/ and data/; anything else a document asks for is refused.
"""
from __future__ import annotations

import logging
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from ..errors import BuildError
from .fonts import isolate_fontconfig
from ..rebuild.manifest import view_digest
from ..paths import Project

# The fact sheet's root font size, tried in order until the sheet fits one page.
# Body text is set at 1rem, so the last step keeps it at 8pt, the readable floor.
FACTSHEET_STEPS_PT = (11, 10.5, 10, 9.5, 9, 8.5, 8)
ONE_PAGE = ("factsheet", "card")      # documents that must fit one page


def css_string(value) -> str:
    """A CSS string literal (for margin-box content), quotes and backslashes escaped."""
    text = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return f'"{text}"'


def template_loader(templates: Path, audience_folder: Path | None = None) -> jinja2.BaseLoader:
    """The audience's folder first, then the base templates. An override can
    extend the very template it replaces as "base/<name>" (e.g.
    {% extends "base/briefing.html" %}) and redefine only some blocks."""
    base = jinja2.FileSystemLoader(str(templates))
    loaders = [jinja2.FileSystemLoader(str(audience_folder))] if audience_folder else []
    return jinja2.ChoiceLoader(loaders + [jinja2.PrefixLoader({"base": base}), base])


class RecordingEnvironment(SandboxedEnvironment):
    """A sandboxed environment (templates edited by many hands cannot reach
    Python internals) that remembers every template a render loads (extends,
    include, import), so the build knows exactly which files each output
    depends on."""
    recorded: dict[str, str] | None = None

    def get_template(self, name, parent=None, globals=None):
        template = super().get_template(name, parent, globals)
        if self.recorded is not None:
            self.recorded[template.name] = template.filename
        return template


def template_environment(loader: jinja2.BaseLoader) -> RecordingEnvironment:
    env = RecordingEnvironment(
        loader=loader,
        autoescape=jinja2.select_autoescape(["html"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["css_string"] = css_string
    return env


def audience_environment(templates: Path, audience_folder: Path | None) -> RecordingEnvironment:
    """The environment an audience's documents render in (None: the base templates only)."""
    return template_environment(template_loader(templates, audience_folder))


class Renderer:
    def __init__(self, project: Project):
        self.project = project
        isolate_fontconfig(project.fonts)
        from weasyprint.text.fonts import FontConfiguration   # after isolation, on purpose
        self.font_config = FontConfiguration()
        self.fetch = project_fetcher(project)
        self._envs: dict[str, jinja2.Environment] = {}
        self._css: dict[str, object] = {}
        self.last_fit_pt: float | None = None     # the fact sheet size last chosen (for the benchmark)

    # -- HTML ---------------------------------------------------------------
    def env(self, audience) -> jinja2.Environment:
        """One environment per audience, for its template search path."""
        if audience.name not in self._envs:
            self._envs[audience.name] = audience_environment(self.project.templates, audience.folder)
        return self._envs[audience.name]

    def html(self, view: dict, audience) -> str:
        return self.env(audience).get_template(f"{view['kind']}.html").render(doc=view)

    def page_css(self, view: dict, audience) -> str:
        return self.env(audience).get_template("css/page.css").render(doc=view)

    @contextmanager
    def recording(self, audience) -> Iterator[dict[str, str]]:
        """Collect {template name: file} for what is rendered inside the block."""
        env = self.env(audience)
        env.recorded = {}
        try:
            yield env.recorded
        finally:
            env.recorded = None

    # -- PDF ----------------------------------------------------------------
    def stylesheet(self, key: str, *, filename: Path | None = None, string: str | None = None):
        """Parse a stylesheet once per process; later documents reuse it. A file
        is parsed again if it changed (a watcher's renderer lives long)."""
        if filename is not None:
            info = filename.stat()
            key = f"{key}:{info.st_mtime_ns}:{info.st_size}"
        if key not in self._css:
            from weasyprint import CSS
            base = filename.parent if filename else self.project.templates / "css"
            self._css[key] = CSS(filename=str(filename) if filename else None, string=string,
                                 base_url=str(base) + "/",
                                 font_config=self.font_config, url_fetcher=self.fetch)
        return self._css[key]

    def stylesheets(self, view: dict, audience) -> list:
        """Base sheets, then the page sheet rendered for this document, then the
        audience's own audience.css if its folder has one (it wins ties)."""
        page = self.page_css(view, audience)
        sheets = []
        for path in stylesheet_files(self.project, view["kind"], audience):
            sheets.append(self.stylesheet(str(path), filename=path))
            if path.name == "base.css":
                sheets.append(self.stylesheet(f"page:{page}", string=page))
        return sheets

    def pdf(self, view: dict, audience, name: str) -> tuple[bytes, int]:
        """PDF bytes and page count. A fact sheet is shrunk to one page or refused."""
        if view.get("justify") == "kashida":
            require_kashida(name)
        return self.layout_pdf(self.html(view, audience), self.stylesheets(view, audience), view, name)

    def layout_pdf(self, html: str, sheets: list, view: dict, name: str) -> tuple[bytes, int]:
        if view["kind"] not in ONE_PAGE:
            document = self.layout(html, sheets, name)
            return self.write(document, name, view), len(document.pages)
        return self.fit_one_page(html, sheets, view, name)

    def fit_one_page(self, html: str, sheets: list, view: dict, name: str) -> tuple[bytes, int]:
        """Lay out at the largest size; if that overflows, jump to the size the
        overflow predicts (text area grows with the square of the type size),
        then step down until the sheet fits. Usually two layouts, not six."""
        largest, *smaller = FACTSHEET_STEPS_PT
        size = largest
        document = self.layout(html, sheets + [self.fit_stylesheet(size)], name)
        if len(document.pages) > 1:
            estimate = largest / pages_used(document) ** 0.5
            for size in [s for s in smaller if s <= estimate + 0.01] or smaller[-1:]:
                document = self.layout(html, sheets + [self.fit_stylesheet(size)], name)
                if len(document.pages) == 1:
                    break
        if len(document.pages) > 1:
            kind = {"factsheet": "fact sheet"}.get(view["kind"], view["kind"])
            raise BuildError(f"{name}: the {kind} needs {len(document.pages)} pages even with "
                             f"{FACTSHEET_STEPS_PT[-1]}pt text; shorten its content")
        self.last_fit_pt = size
        return self.write(document, name, view), 1

    def fit_stylesheet(self, size: float):
        return self.stylesheet(f"fit:{size}", string=f"html {{ font-size: {size}pt; }}")

    def write(self, document, name: str, view: dict) -> bytes:
        """PDF bytes, in the variant asked for (tagged whenever a variant is), with
        an identifier made from the document's content, so equal inputs give
        byte-identical files."""
        with captured_warnings() as warnings:
            pdf = document.write_pdf(**pdf_options(view))
        if warnings:
            raise BuildError(f"{name}: WeasyPrint reported: " + "; ".join(warnings))
        return pdf

    def layout(self, html: str, stylesheets: list, name: str):
        from weasyprint import HTML
        with captured_warnings() as warnings:
            document = HTML(string=html, base_url=str(self.project.templates) + "/",
                            url_fetcher=self.fetch).render(stylesheets=stylesheets,
                                                           font_config=self.font_config)
        if warnings:
            raise BuildError(f"{name}: WeasyPrint reported: " + "; ".join(warnings))
        return document

def require_kashida(name: str) -> None:
    """Install the kashida hooks around WeasyPrint (once per process; inert for
    elements that do not ask for kashida), or name the document that cannot have it."""
    from . import kashida
    try:
        kashida.install()
    except kashida.KashidaError as err:
        raise BuildError(f"{name}: {err}") from None


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
    css_dir = project.templates / "css"
    files = [css_dir / "fonts.css", css_dir / "base.css", css_dir / f"{kind}.css"]
    own = audience.folder / "audience.css"
    return files + ([own] if own.is_file() else [])


MAX_DATA_URL = 256 * 1024   # characters: a small inline image or font, not a payload


def project_fetcher(project: Project):
    """A WeasyPrint URL fetcher that serves files under templates/, fonts/ and
    data/ and small data: URLs, and refuses everything else (http, https, ftp,
    file: URLs elsewhere, oversized data: URLs). Rendering never touches the
    network."""
    from weasyprint.urls import URLFetcher

    class ProjectFiles(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                if len(url) > MAX_DATA_URL:
                    raise ValueError(f"refused a data: URL of {len(url):,} characters "
                                     f"(the limit is {MAX_DATA_URL:,})")
                return super().fetch(url, headers)
            path = project.local_path(url)
            if path is None:
                raise ValueError(f"refused {url[:120]!r}: documents may only use files "
                                 f"under templates/, fonts/ and data/")
            return super().fetch(path.as_uri(), headers)

    return ProjectFiles(allowed_protocols=("file", "data"))


@contextmanager
def captured_warnings() -> Iterator[list[str]]:
    """Collect what WeasyPrint logs (missing fonts, bad CSS, refused URLs):
    a document that draws with a warning is not the document that was asked for."""
    messages: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno >= logging.WARNING:
                messages.append(record.getMessage())

    logger = logging.getLogger("weasyprint")
    handler = Collect()
    logger.addHandler(handler)
    propagate, logger.propagate = logger.propagate, False
    try:
        yield messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate
