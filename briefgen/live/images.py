"""Pages as printed: PNG images of the real PDF's pages (pypdfium2), made when
a browser asks for them and kept in memory, never written to disk.

pdfium is not thread-safe, so one lock guards every call into it; the PNG
encoding, the slow part, runs outside the lock.
"""
from __future__ import annotations

import io
import threading
from collections import OrderedDict
from typing import Optional

PAGE_SCALE = 1.5          # 108 dpi: an A4 page is 893 px wide
CACHED_IMAGES = 256       # about 40 MB of PNGs

_pdfium = threading.Lock()


class PageImages:
    def __init__(self, scale: float = PAGE_SCALE, cached: int = CACHED_IMAGES):
        self.scale, self.cached = scale, cached
        self._images: "OrderedDict[tuple, bytes]" = OrderedDict()
        self._lock = threading.Lock()

    def page(self, name: str, content: bytes, number: int) -> Optional[bytes]:
        """PNG of page `number` (1-based) of the PDF `content` (the server reads
        it, through the same check as every file it serves); None if there is
        no such page."""
        # Keyed by content, not by file time: an atomic rename can keep the time.
        key = (name, hash(content), number)
        with self._lock:
            if key in self._images:
                self._images.move_to_end(key)
                return self._images[key]
        image = self.rasterise(content, number)
        if image is None:
            return None
        buffer = io.BytesIO()
        image.save(buffer, format="PNG", compress_level=1)
        with self._lock:
            self._images[key] = buffer.getvalue()
            while len(self._images) > self.cached:
                self._images.popitem(last=False)
        return buffer.getvalue()

    def rasterise(self, content: bytes, number: int):
        import pypdfium2 as pdfium
        with _pdfium:
            try:
                document = pdfium.PdfDocument(content)
            except pdfium.PdfiumError:
                return None   # not a whole PDF: cannot happen with atomic writes, but never crash
            try:
                if not 1 <= number <= len(document):
                    return None
                return document[number - 1].render(scale=self.scale).to_pil()
            finally:
                document.close()
