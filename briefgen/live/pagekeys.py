"""What pdfium reads to draw each page of a PDF, hashed: a page's key.

A page is drawn from its dictionary and what it reaches: its content streams,
resources (fonts and their programs, images, graphics states, patterns),
annotations, boxes; and from the document's optional content and form. The
key hashes all of it by content (pikepdf), not by object number, so the same
page in the PDF rendered after an edit has the same key while anything it
draws with differs: a font subset that gained a glyph changes every page that
uses the font. The same key, the same pixels: the preview need not draw a page
again whose key it drew last time (live/images.py).

A page's /Parent is left out (its inherited attributes are pushed down onto it
when pikepdf opens the file); a reference to another page (a link's
destination) is named by that page's number, not followed. A page this cannot
key (a cycle, anything unreadable) has no key and is drawn.
"""
from __future__ import annotations

import hashlib
import io
from typing import Optional

REQUIRED = ("/Resources", "/MediaBox")     # on the page itself, or it is not keyed


class _Cycle(Exception):
    pass


def page_keys(content: bytes) -> list[Optional[str]]:
    """Each page's key, in order ([] if pikepdf cannot read the PDF)."""
    try:
        import pikepdf
        with pikepdf.open(io.BytesIO(content)) as pdf:
            return _Keys(pdf).of_pages()
    except Exception:     # a key is an optimisation: without one (pikepdf missing too), every page is drawn
        return []


class _Keys:
    def __init__(self, pdf):
        self.pdf = pdf
        self.numbers = {page.obj.objgen: n for n, page in enumerate(pdf.pages, start=1)}
        self.hashed: dict[tuple[int, int], bytes] = {}     # an indirect object's hash, once per document
        self.walking: set[tuple[int, int]] = set()
        self.document = b"".join(self.value(pdf.Root.get(key)) for key in ("/OCProperties", "/AcroForm"))

    def of_pages(self) -> list[Optional[str]]:
        keys = []
        for page in self.pdf.pages:
            try:
                keys.append(self.page(page.obj))
            except _Cycle:
                self.walking.clear()
                keys.append(None)
        return keys

    def page(self, page) -> Optional[str]:
        if not all(key in page for key in REQUIRED):
            return None
        digest = hashlib.sha256(self.document)
        for key in sorted(page.keys()):
            if key != "/Parent":
                digest.update(key.encode() + b" " + self.value(page[key]) + b"\n")
        return digest.hexdigest()[:32]

    def value(self, value) -> bytes:
        import pikepdf
        if value is None:
            return b"null"
        if isinstance(value, pikepdf.Object) and value.is_indirect:
            number = value.objgen
            if number in self.numbers:
                return b"page %d" % self.numbers[number]
            if number not in self.hashed:
                if number in self.walking:
                    raise _Cycle
                self.walking.add(number)
                self.hashed[number] = b"R" + hashlib.sha256(self.direct(value)).digest()
                self.walking.discard(number)
            return self.hashed[number]
        return self.direct(value)

    def direct(self, value) -> bytes:
        import pikepdf
        if isinstance(value, pikepdf.Stream):
            return b"stream" + self.dictionary(value) + hashlib.sha256(value.read_raw_bytes()).digest()
        if isinstance(value, pikepdf.Dictionary):
            return self.dictionary(value)
        if isinstance(value, pikepdf.Array):
            return b"[" + b" ".join(self.value(item) for item in value) + b"]"
        if isinstance(value, pikepdf.Object):      # a name, a string, null
            return value.unparse()
        return repr(value).encode()                # numbers and booleans come as Python's

    def dictionary(self, value) -> bytes:
        return b"<<" + b"".join(key.encode() + b" " + self.value(value[key]) + b" "
                                for key in sorted(value.keys())) + b">>"
