"""A document's figure as a PNG, for formats that cannot draw it themselves
(Word): the figure's shapes and labels (and legend) exactly as the PDF sets
them — the audience's macros.html, the bundled fonts, base.css — laid out by
WeasyPrint on a page of the figure's width, rasterised with pdfium, trimmed
below. Its key, note and caption stay text in the host format.
"""
from __future__ import annotations

import io

from ..render.engine import project_fetcher, render_template

DPI = 200
# A page as wide as the figure and taller than it could be; the image is trimmed to what is drawn.
FIGURE_PAGE = ('<!DOCTYPE html><html lang="{{ doc.lang }}" dir="{{ doc.dir }}"><body>'
               '{% import "macros.html" as m %}{{ m.figure(fig) }}</body></html>')
ROOM_BELOW_PT = 240
HIDDEN = "figcaption, .chart-key, .chart-note { display: none; }"


def figure_png(renderer, view: dict, audience, figure, name: str) -> tuple[bytes, float, float, str]:
    """(PNG, width and height in points, the HTML laid out) of one of the view's
    figures (view/charts.py: Figure). The HTML is for the leak guard: the
    picture's text cannot be read back, what it was drawn from can."""
    fetch = project_fetcher(renderer.project, audience.search_folders)
    html = render_template(renderer.env(audience).from_string(FIGURE_PAGE), doc=view, fig=figure)
    page = (f"@page {{ size: {figure.width:.2f}pt {figure.height + ROOM_BELOW_PT:.2f}pt; margin: 0; }}"
            f"body {{ margin: 0; }} figure.figure {{ margin: 0; }} {HIDDEN}")
    sheets = [renderer.stylesheet(str(path), filename=path, fetch=fetch)
              for path in (renderer.project.template_file("css/fonts.css"), renderer.project.template_file("css/base.css"))]
    sheets.append(renderer.stylesheet(f"figure-page:{page}", string=page, fetch=fetch))
    document = renderer.layout(html, sheets, name, fetch)
    return (*rasterised(document.write_pdf(), figure.width), html)


def rasterised(pdf: bytes, width_pt: float) -> tuple[bytes, float, float]:
    """The first page at DPI, cut off below the last row that is not white."""
    import pypdfium2 as pdfium
    from PIL import Image, ImageChops
    scale = DPI / 72
    document = pdfium.PdfDocument(pdf)
    try:
        page = document[0]
        image = page.render(scale=scale).to_pil().convert("RGB")
        page.close()
    finally:
        document.close()
    box = ImageChops.difference(image, Image.new("RGB", image.size, "white")).getbbox()
    bottom = min(image.height, (box[3] if box else 1) + round(2 * scale))
    image = image.crop((0, 0, image.width, bottom))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue(), width_pt, bottom / scale
