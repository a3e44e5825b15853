"""The PDF writer: WeasyPrint's PDF (render/engine.py), its first page as a
thumbnail for the indexes, and with --html the HTML and CSS WeasyPrint was given."""
from __future__ import annotations

from pathlib import Path

from .thumbnails import thumbnail_png
from .withheld import OpenPdf, surfaces
from .writers import Writer, Written

DEBUG_SUFFIXES = (".html", ".css")     # --html's files beside a PDF


class PdfWriter(Writer):
    format = "pdf"
    suffix = ".pdf"
    debug = DEBUG_SUFFIXES

    def write(self, renderer, view: dict, audience, name: str, debug_html: bool, kind=None) -> Written:
        """The PDF, its thumbnail and what the leak guard reads (the HTML, the
        PDF's text, metadata, bookmarks and attachments, the --html files)."""
        drawing = renderer.pdf(view, audience, name, kind)
        sources = renderer.sources(view, audience, drawing) if debug_html else {}
        pdf = OpenPdf.of(drawing.pdf)       # opened, and its first page loaded, once for the thumbnail and the guard
        try:
            read = {"pdf": pdf, **{suffix.lstrip("."): text.encode("utf-8") for suffix, text in sources.items()}}
            return Written(drawing.pdf, drawing.pages,
                           {"thumbnail": thumbnail_png(pdf.first_page),
                            **{suffix: text.encode("utf-8") for suffix, text in sources.items()}},
                           surfaces(drawing.html, read),
                           {"fit_pt": drawing.fit_pt} if drawing.fit_pt is not None else {})
        finally:
            pdf.close()

    def companions(self, project, output: Path) -> dict[str, Path]:
        return {"thumbnail": project.thumbnail_path(output),
                **{suffix: output.with_suffix(suffix) for suffix in DEBUG_SUFFIXES}}
