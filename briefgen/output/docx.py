"""The Word writer: an editable .docx from the same cleared view as the PDF.

The document's HTML, as the audience's templates make it from the view (what
the PDF is laid out from), becomes Word-native structure (wordbody.py) in a
package with styles, numbering, the marking in header and footer and page
numbers (ooxml.py); its figures are images drawn as the PDF draws them
(figureimage.py), with their text alternatives. The leak guard reads the HTML
and every XML part of the package (withheld.py, "docx").
"""
from __future__ import annotations

import datetime as dt
import html as html_module

from .withheld import html_surfaces, surfaces
from .writers import Writer, Written
from ..record.languages import LANGUAGE


class DocxWriter(Writer):
    format = "docx"
    suffix = ".docx"

    def write(self, renderer, view: dict, audience, name: str, debug_html: bool, kind=None) -> Written:
        # Imported when a Word file is written, not when the writer is registered:
        # every command registers it, few write one (a no-op build imports none of this).
        import tinyhtml5
        from .figureimage import figure_png
        from .ooxml import package
        from .wordbody import Converter, Image
        html = renderer.html(view, audience)
        drawn: list[str] = []       # the HTML each figure's picture was laid out from

        def image(figure_kind: str):
            """The view's figure of that kind (charts.py: Figure.kind, the HTML's figure-<kind>) as an image."""
            figure = next((f for f in (view.get("figures") or {}).values() if f and f.kind == figure_kind), None)
            if figure is None:
                return None
            png, width, height, figure_html = figure_png(renderer, view, audience, figure, name)
            drawn.append(figure_html)
            return Image(png, width, height, figure.alt)
        parts = Converter(image).body(tinyhtml5.parse(html))
        content = package(page_of(view), parts)
        guarded = surfaces(html, {"docx": content})
        for number, figure_html in enumerate(drawn, start=1):
            guarded.update((f"the HTML of the Word file's picture {number}{where}", text)
                           for where, text in html_surfaces(figure_html))
        return Written(content, 0, {}, guarded)


def page_of(view: dict):
    """What the package takes from the view beyond the body (ooxml.Page)."""
    from .ooxml import Page
    plain = lambda text: html_module.unescape(str(text))
    words = view["words"]
    # A document showing unconfirmed drafted items says so beside the marking, as its PDF does (page.css).
    draft = f" · {plain(view['draft'])}" if view.get("draft") else ""
    return Page(lang=view["lang"], rtl=LANGUAGE[view["lang"]].rtl, paper=view["paper"], digits=view["digits"],
                marking=plain(view["marking"]) + draft, accent=view["audience"]["accent"],
                title=plain(view["meta"]["title"]), subject=plain(view["meta"]["subject"]),
                keywords=plain(view["meta"]["keywords"]),
                created=dt.datetime.fromisoformat(view["meta"]["created"]),
                words_page=plain(words["page"]), words_of=plain(words["of"]))
