"""First-page thumbnails for the indexes (pypdfium2 rasterises the PDF)."""
from __future__ import annotations

import struct
import zlib

THUMBNAIL_WIDTH_PX = 180
# zlib's fastest level, on rows left unfiltered: for these 180-pixel pages
# that writes files about a tenth smaller than PIL's encoder at the same
# level (which filters each row adaptively), in half its time (docs/scale.md,
# "Our own work per document"). The pixels are pdfium's, unchanged.
PNG_COMPRESS_LEVEL = 1
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
RGB_8_BITS = (8, 2, 0, 0, 0)     # IHDR: bit depth, colour type (truecolour), compression, filter, interlace


def thumbnail_png(page) -> bytes:
    """A PDF's first page, THUMBNAIL_WIDTH_PX wide, as PNG bytes. `page`: a
    pypdfium2 page the caller has loaded (and closes: the leak guard reads its
    text too, output/pdf.py). Drawn as 3-byte RGB (pdfium's default format,
    its bytes in the order PNG keeps them)."""
    import pypdfium2.raw as raw
    bitmap = page.render(scale=THUMBNAIL_WIDTH_PX / page.get_width(),
                         force_bitmap_format=raw.FPDFBitmap_BGR, rev_byteorder=True)
    try:
        return rgb_png(bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride)
    finally:
        bitmap.close()


def rgb_png(pixels: bytes, width: int, height: int, stride: int) -> bytes:
    """A PNG of `height` rows of `width` RGB pixels, each row starting
    `stride` bytes after the last (pdfium may pad rows), unfiltered."""
    row = 3 * width
    rows = b"".join(b"\x00" + pixels[top:top + row] for top in range(0, height * stride, stride))
    return (PNG_SIGNATURE + _chunk(b"IHDR", struct.pack(">II5B", width, height, *RGB_8_BITS))
            + _chunk(b"IDAT", zlib.compress(rows, PNG_COMPRESS_LEVEL)) + _chunk(b"IEND", b""))


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
