"""First-page thumbnails for the indexes (pypdfium2 rasterises the PDF)."""
from __future__ import annotations

import io

THUMBNAIL_WIDTH_PX = 180
# zlib's fastest level: for these 180-pixel pages it writes files no larger
# than PIL's default (6) in about two thirds of the encoding time (docs/scale.md,
# "Our own work per document").
PNG_COMPRESS_LEVEL = 1


def thumbnail_png(page) -> bytes:
    """A PDF's first page, THUMBNAIL_WIDTH_PX wide, as PNG bytes. `page`: a
    pypdfium2 page the caller has loaded (and closes: the leak guard reads its
    text too, output/pdf.py)."""
    image = page.render(scale=THUMBNAIL_WIDTH_PX / page.get_width()).to_pil()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=PNG_COMPRESS_LEVEL)
    return buffer.getvalue()
