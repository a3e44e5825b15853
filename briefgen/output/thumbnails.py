"""First-page thumbnails for the indexes (pypdfium2 rasterises the PDF)."""
from __future__ import annotations

import io

THUMBNAIL_WIDTH_PX = 180


def thumbnail_png(pdf) -> bytes:
    """The first page, THUMBNAIL_WIDTH_PX wide, as PNG bytes. `pdf`: bytes, or a
    pypdfium2 document the caller has open (and closes: the leak guard reads it too)."""
    import pypdfium2 as pdfium
    document = pdfium.PdfDocument(pdf) if isinstance(pdf, bytes) else pdf
    try:
        page = document[0]
        scale = THUMBNAIL_WIDTH_PX / page.get_width()
        image = page.render(scale=scale).to_pil()
        page.close()
    finally:
        if document is not pdf:
            document.close()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
