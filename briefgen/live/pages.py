"""The preview's HTML: the index (the same template as reports/index.html,
with live status) and one page per document showing its pages as printed."""
from __future__ import annotations

from pathlib import Path

import jinja2

from ..rebuild.index import LANGUAGE_WORDS, index_environment
from .files import read_inside
from .state import DocumentState, PreviewState

ASSETS = Path(__file__).parent / "assets"


class InsideLoader(jinja2.BaseLoader):
    """Templates read like every file the preview serves (files.read_inside):
    templates/index.html linked to a record is not found, not shown."""

    def __init__(self, folder: Path):
        self.folder = folder

    def get_source(self, environment, template):
        path = self.folder.joinpath(*jinja2.loaders.split_template_path(template))   # refuses ".."
        content = read_inside(path, self.folder)
        if content is None:
            raise jinja2.TemplateNotFound(template)
        return content.decode("utf-8", errors="replace"), str(path), lambda: False


class Pages:
    def __init__(self, templates: Path | tuple[Path, ...]):   # the template layers
        self.templates = templates
        self.own = jinja2.Environment(loader=InsideLoader(ASSETS), autoescape=True,
                                      undefined=jinja2.StrictUndefined)
        self.own.globals["language_words"] = LANGUAGE_WORDS

    def index(self, state: PreviewState) -> str:
        rows = [self.row(document) for document in state.all_documents()]
        preview = state.preview_json()
        # Loaded afresh each time: the template is the project's, and may be edited.
        environment = index_environment(self.templates)   # the build's sandbox and reading rule
        template = environment.get_template("index.html")
        return template.render(rows=rows, live=True, problems=preview["problems"], activity=preview["activity"])

    def plain_index(self, state: PreviewState) -> str:
        """The index without the project's template, for when it does not compile."""
        rows = [self.row(document) for document in state.all_documents()]
        return self.own.get_template("plain-index.html").render(rows=rows, preview=state.preview_json())

    def document(self, document: DocumentState, state: PreviewState) -> str:
        return self.own.get_template("document.html").render(
            doc=document.as_json(), row=self.row(document), preview=state.preview_json())

    @staticmethod
    def row(document: DocumentState) -> dict:
        links = document.as_json()
        return {**document.row, "name": document.name, "link": f"/doc/{document.name}",
                "pdf": links["pdf"] if document.version else None,
                "thumbnail": links["thumbnail"] if document.version else None,
                "pages": document.pages, "status": document.status, "built_at": document.built_at, "formats": [],
                "error": "\n".join(document.errors) if document.status == "failed" else None}
