"""Pages as printed: PNG images of the real PDF's pages (pypdfium2), kept in
memory, never written to disk.

A page image is known by its pixels: each page is rasterised and its bitmap
hashed (the page's digest, which its URL carries), and only pixels not seen
before are encoded as PNG, the slow part. So after an edit only the pages it
changed are encoded again, and a page it did not change keeps its URL: the
browser keeps its image. A page whose key (pagekeys.py: everything pdfium
reads to draw it, hashed) is that of a page drawn from the document's last
PDF, whose image is still kept, is not even drawn: its pixels are those. A
digest names pixels, never a page number or a version, so a URL shows the
pixels it names or nothing (server.py answers 404 for pixels no longer held
that the PDF on disk does not draw).

Documents open in a browser are rasterised on one thread of their own
(Rasteriser), page 1 first, from the moment their worker hands the PDF back:
while the build's thread runs the leak guard and writes the files, their pages
are drawn, hashed and the new ones encoded. The page is told the digests only
once the same bytes are written (`show`); if the guard or the write fails, the
pixels drawn early are never named and are forgotten (`discard`). The others'
pages are drawn when a browser asks for one.

pdfium is not thread-safe, so one lock guards every call into it; the PNG
encoding runs outside the lock.
"""
from __future__ import annotations

import hashlib
import queue
import struct
import threading
import zlib
from collections import OrderedDict
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Callable, Optional

from .pagekeys import page_keys
from .state import PreviewState

PAGE_SCALE = 1.5          # 108 dpi: an A4 page is 893 px wide
CACHED_IMAGES = 256       # PNGs: about 58 MB of fact-sheet pages, 33 MB of briefing pages (docs/scale.md)
KEPT_BITMAPS = 8          # new pages' pixels kept between hashing and encoding (3.4 MB each)
WAIT_SECONDS = 30         # a request for a page the rasteriser is encoding waits this long at most

_pdfium = threading.Lock()


class PageImages:
    def __init__(self, scale: float = PAGE_SCALE, cached: int = CACHED_IMAGES):
        self.scale, self.cached = scale, cached
        self._images: "OrderedDict[tuple[str, str], bytes]" = OrderedDict()   # (document, digest) -> PNG
        self._encoding: dict[tuple[str, str], threading.Event] = {}          # being encoded by the rasteriser
        self._lock = threading.Lock()
        # One thread encodes the pages the rasteriser finds new while it draws the next ones.
        self._encoder = ThreadPoolExecutor(max_workers=1, thread_name_prefix="encode")
        self.encoded = 0          # PNGs encoded so far (tests, benchmarks)
        self.drawn = 0            # pages rasterised so far (tests)
        # By document: each page key (pagekeys.py) of its last PDF drawn, with its pixels' digest.
        self._keys: dict[str, dict[str, str]] = {}

    # -- what the server asks --------------------------------------------------
    def known(self, name: str, digest: str) -> Optional[bytes]:
        """The PNG of these pixels of this document, if made (waiting for it if
        the rasteriser is encoding it now); None otherwise."""
        with self._lock:
            pending = self._encoding.get((name, digest))
        if pending is not None:
            pending.wait(WAIT_SECONDS)
        with self._lock:
            image = self._images.get((name, digest))
            if image is not None:
                self._images.move_to_end((name, digest))
            return image

    def page(self, name: str, content: bytes, number: int, named: Optional[str] = None) -> Optional[bytes]:
        """PNG of page `number` (1-based) of the PDF `content` (the server reads
        it, through the same check as every file it serves); None if there is
        no such page, or if `named` (a digest the URL asked for) is not its
        pixels' digest. Encoded only if these pixels are new."""
        bitmap = self.rasterise(content, number)
        if bitmap is None or (named is not None and bitmap.digest != named):
            return None
        return self.known(name, bitmap.digest) or self.store(name, bitmap)

    # -- what the rasteriser does ---------------------------------------------
    def claim(self, name: str, content: bytes) -> Optional[tuple[list[str], list[tuple[int, Optional[Future]]]]]:
        """Each page's digest, in order, and the pages whose pixels are new,
        claimed: a request for one waits until it is encoded rather than
        encode it too. None if `content` is not a PDF pdfium reads. The first
        KEPT_BITMAPS new pages are encoded as they are found, on the encoding
        thread while pdfium draws the next pages (zlib lets go of the GIL).
        The others are rendered again by `encode`."""
        digests, new = [], []
        drawn_before = self._keys.get(name, {})
        with _pdfium:
            document = _open(content)
            if document is None:
                return None
            try:
                # A one-page document rendered again after an edit has changed its page: not keyed.
                keys = page_keys(content) if len(document) > 1 else []
                keys = keys if len(keys) == len(document) else [None] * len(document)
                for number in range(1, len(document) + 1):
                    known = self.drawn_as(name, drawn_before.get(keys[number - 1]))
                    if known is not None:      # what pdfium would read to draw it is what it drew last time
                        digests.append(known)
                        continue
                    bitmap = _rendered(document[number - 1], self.scale)
                    self.drawn += 1
                    digests.append(bitmap.digest)
                    with self._lock:
                        key = (name, bitmap.digest)
                        if key in self._images or key in self._encoding:
                            continue
                        self._encoding[key] = threading.Event()
                    new.append((number, None))     # in `new` before the submit, which may raise: let go of if so
                    if len(new) <= KEPT_BITMAPS:
                        new[-1] = (number, self._encoder.submit(self.stored, name, bitmap))
            except BaseException:
                for number, encoding in new:    # nobody was told these digests: let go of them
                    if encoding is None or encoding.cancel():     # else its thread tells them
                        self.done(name, digests[number - 1])
                raise
            finally:
                document.close()
        if len(keys) > 1:
            self._keys[name] = {key: digest for key, digest in zip(keys, digests) if key is not None}
        return digests, new

    def drawn_as(self, name: str, digest: Optional[str]) -> Optional[str]:
        """`digest` if its page's image is kept (being encoded, or made), else None: drawn again.
        A kept image counts as used: the cache lets go of the pages edits replaced first."""
        with self._lock:
            if digest is None:
                return None
            if (name, digest) in self._images:
                self._images.move_to_end((name, digest))
                return digest
            return digest if (name, digest) in self._encoding else None

    def encode(self, name: str, content: bytes, new: list[tuple[int, Optional[Future]]], digests: list[str]) -> None:
        """The claimed pages' PNGs, in order, each request waiting for one
        answered as it is made; returns once all are stored (the rasteriser's
        next work may forget them: Rasteriser.discard)."""
        try:
            for number, encoding in new:
                if encoding is not None:
                    encoding.result()
                    continue
                bitmap = self.rasterise(content, number)
                if bitmap is not None:
                    self.store(name, bitmap)
                self.done(name, digests[number - 1])
        finally:
            for number, _ in new:     # never leave a request waiting (an error): it makes the page itself
                self.done(name, digests[number - 1])

    def stored(self, name: str, bitmap: "Bitmap") -> None:
        """On the encoding thread: a claimed page's PNG stored, then whoever waits for it told."""
        try:
            self.store(name, bitmap)
        finally:
            self.done(name, bitmap.digest)

    # -- shared ---------------------------------------------------------------
    def rasterise(self, content: bytes, number: int) -> Optional["Bitmap"]:
        with _pdfium:
            document = _open(content)
            if document is None:
                return None
            try:
                if not 1 <= number <= len(document):
                    return None
                self.drawn += 1
                return _rendered(document[number - 1], self.scale)
            finally:
                document.close()

    def store(self, name: str, bitmap: "Bitmap") -> bytes:
        image = bitmap.png()
        with self._lock:
            self.encoded += 1
            self._images[(name, bitmap.digest)] = image
            while len(self._images) > self.cached:
                self._images.popitem(last=False)
        return image

    def forget(self, name: str, digests: list[str]) -> None:
        """Let go of these pixels of this document (drawn, never shown)."""
        with self._lock:
            for digest in digests:
                self._images.pop((name, digest), None)

    def done(self, name: str, digest: str) -> None:
        with self._lock:
            pending = self._encoding.pop((name, digest), None)
        if pending is not None:
            pending.set()


class Bitmap:
    """A page's pixels, 8-bit RGB rows, and their digest."""

    def __init__(self, width: int, height: int, stride: int, pixels: memoryview):
        self.width, self.height, self.stride, self.pixels = width, height, stride, pixels
        digest = hashlib.sha256(struct.pack(">III", width, height, stride))
        digest.update(pixels)
        self.digest = digest.hexdigest()[:32]

    def png(self) -> bytes:
        """PNG bytes: rows unfiltered, deflated at level 1. For a page of text
        about three times as fast as Pillow's PNG writer, and smaller."""
        row = self.width * 3
        raw = b"".join(b"\x00" + self.pixels[top:top + row]
                       for top in range(0, self.height * self.stride, self.stride))
        header = struct.pack(">IIBBBBB", self.width, self.height, 8, 2, 0, 0, 0)   # 8-bit RGB
        return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(raw, 1)) + _chunk(b"IEND", b"")


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _open(content: bytes):
    import pypdfium2 as pdfium
    try:
        return pdfium.PdfDocument(content)
    except pdfium.PdfiumError:
        return None   # not a whole PDF: cannot happen with atomic writes, but never crash


def _rendered(page, scale: float) -> Bitmap:
    try:
        bitmap = page.render(scale=scale, rev_byteorder=True)    # RGB, as PNG has it
        # The buffer is memory Python allocated (a ctypes array): it outlives the page.
        return Bitmap(bitmap.width, bitmap.height, bitmap.stride, memoryview(bitmap.buffer).cast("B"))
    finally:
        page.close()


class Early:
    """A PDF's pages drawn before it is written: its bytes, and once drawn its
    pages' digests (None if pdfium could not read it), handed to whoever asked
    for them first (`then`) without making the build's thread wait."""

    def __init__(self, content: bytes):
        self.content, self.digests, self.drawn = content, None, False
        self._then: Optional[Callable[[Optional[list[str]]], None]] = None
        self._lock = threading.Lock()

    def told(self, digests: Optional[list[str]]) -> None:     # the rasteriser's thread
        with self._lock:
            self.digests, self.drawn, then = digests, True, self._then
        if then is not None:
            then(digests)

    def then(self, ready: Callable[[Optional[list[str]]], None]) -> None:     # the build's thread
        with self._lock:
            if not self.drawn:
                self._then = ready
                return
        ready(self.digests)


class Rasteriser:
    """One thread making the page images of documents just rendered, in the
    order they came: their digests first, then `ready` is told them (the page
    can show the document), then the new pixels are encoded."""

    def __init__(self, images: PageImages):
        self.images = images
        self._queue: "queue.Queue[Optional[Callable[[], None]]]" = queue.Queue()
        self._early: dict[str, Early] = {}      # by document: drawn before written (the build's thread only)
        self.thread = threading.Thread(target=self.run, name="rasterise", daemon=True)
        self.thread.start()

    def submit(self, name: str, content: bytes, ready: Callable[[Optional[list[str]]], None]) -> None:
        self._queue.put(lambda: self.make(name, content, ready))

    def draw_early(self, name: str, content: bytes) -> None:
        """Start drawing the pages of the PDF `content` a worker has just
        rendered, before the leak guard and the writes: `show` given the same
        bytes then has their digests at once, `discard` lets them go."""
        early = self._early[name] = Early(content)
        self.submit(name, content, early.told)

    def show(self, state: PreviewState, name: str, content: bytes, **changes) -> None:
        """Make `changes` to document `name`, whose PDF on disk is `content`,
        once its pages' digests are known (state.update_written: a newer
        save's status is not overwritten)."""
        document = state.document(name)
        if document is None:
            return
        since = document.updates
        ready = lambda digests: state.update_written(name, since, **changes, digests=digests or [])
        early = self._early.pop(name, None)
        if early is not None and early.content == content:
            early.then(ready)      # the very bytes written, drawn already or being drawn: not drawn again
        else:
            self.submit(name, content, ready)

    def discard(self, name: str, shown: list[str]) -> None:
        """The PDF drawn early for `name` was not written (the leak guard
        refused it, or the write failed): forget its pixels, but those the
        page shows still (`shown`), once drawing and encoding them is done."""
        early = self._early.pop(name, None)
        if early is not None:
            self._queue.put(lambda: self.images.forget(name, [d for d in early.digests or [] if d not in shown]))

    def close(self) -> None:
        self._queue.put(None)

    def run(self) -> None:
        while (work := self._queue.get()) is not None:
            try:
                work()
            except Exception:   # never let the thread die: the server makes any page still missing when asked
                pass

    def make(self, name: str, content: bytes, ready: Callable[[Optional[list[str]]], None]) -> None:
        try:
            claimed = self.images.claim(name, content)
        except Exception:   # pdfium failed on it: its pages are made when asked, as for other documents
            claimed = None
        try:
            ready(claimed[0] if claimed else None)
        finally:
            if claimed:     # whatever `ready` did: a request may be waiting for these pages
                self.images.encode(name, content, claimed[1], claimed[0])
