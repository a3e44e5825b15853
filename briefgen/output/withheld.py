"""The leak guard: no text clearance removed for an audience may appear in
anything written for it, however it got there.

Clearance (clearance.py) removes items before templates see them, but a
template can still include a copy (or a hard link) of the record, attach an
earlier restricted PDF, or pull another audience's file into an index. So each
output is also judged by its content: every text of every removed item (whole,
and in overlapping runs of words, so a paragraph split by a page break or cut
short is still found), in both languages, normalised the same way as the
output's text, must not occur in it. Compared on letters alone, forwards
and backwards (`letters()`), so a template that respaces, punctuates, reverses
or percent-encodes a copy still shows it.

Two halves, so the restricted texts never leave the process that holds the
record (a cluster worker sees only the cleared view):
- `surfaces()` runs where the document is rendered: it reads what will be
  written (the HTML given to the renderer, the PDF's text layer, metadata,
  bookmarks and attachments, the --html files) into normalised text.
- `Guard` runs in the build process, before anything is written: it computes
  the withheld texts once per relationship x audience and looks for them.
A new output format is one more entry in READERS.
"""
from __future__ import annotations

import dataclasses
import html as html_module
import re
import unicodedata
import urllib.parse
from dataclasses import dataclass
from typing import Callable, Iterator

from ..record.model import Relationship, Source, Text, rank
from ..view.clearance import cleared, highest_classification, removes

MIN_LETTERS = 12        # shorter texts ("NATO", a date) are too common to mean anything
WINDOW_WORDS = 6        # runs of words looked for, besides each whole text
WINDOW_STEP = 3
MAX_NESTED = 3          # attachments inside attachments, read this deep
# What an attachment the guard cannot read yields instead of its text: a
# line break, which no text in letters() holds, so it never matches a needle.
UNREADABLE = "\n"

# Dropped from a text as shown (letters() drops them too). Invisible or
# layout-only characters: tatweel (kashida justification), soft hyphen and
# pdfium's mark for a hyphen at a line end, bidi marks and isolates, zero-width characters; they carry no
# letters. Quotes: documents turn straight quotes into « » or “ ”, a raw copy
# keeps them straight. Brackets: a text layer may give an Arabic line's
# brackets back mirrored or out of place (pdftotext and pdfium alike). (A regex: much
# faster than str.translate over a document's text.)
_DROPPED = re.compile("[\u0640\u00ad\ufffe\u200b-\u200f\u061c\u202a-\u202e\u2066-\u2069\u2060\ufeff"
                      "\"'`«»“”‘’„‟‹›()\\[\\]{}]")
# Digits: Arabic documents may print Arabic-Indic digits for the record's Western ones.
_INDIC_DIGITS = re.compile("[\u0660-\u0669\u06f0-\u06f9]")
_WESTERN = {**{0x0660 + i: 0x30 + i for i in range(10)}, **{0x06F0 + i: 0x30 + i for i in range(10)}}
_MARKUP = re.compile(r"<<(?:en|ar|keep)\||>>")     # the record's <<en|…>> spans (record/markup.py)
_TAG = re.compile(r"<[^>]*>")
# Everything but letters (Latin, Arabic or any script's; combining marks are
# not letters either): spaces, punctuation, digits, underscores, symbols.
_NOT_LETTERS = re.compile(r"[\W\d_]+")
_ESCAPED = re.compile(r"\\u([0-9a-fA-F]{4})")     # JSON's (a template's |tojson writes Arabic so)


def normalise(text: str) -> str:
    """Text as the guard's messages show it (it matches on letters()): NFKC
    (Arabic presentation forms back to letters, no-break spaces to spaces),
    invisible marks and quotes dropped, digits Western, the record's markup
    gone, case folded, whitespace (line breaks of a text layer included)
    collapsed to single spaces."""
    text = _DROPPED.sub("", unicodedata.normalize("NFKC", text))
    if _INDIC_DIGITS.search(text):
        text = text.translate(_WESTERN)
    return " ".join(_MARKUP.sub("", text).casefold().split())


def letters(text: str) -> str:
    """What the guard matches on: the text's letters alone, after NFKC, with
    tatweel (a letter to Unicode) and the record's markup gone, percent and
    \\u escapes decoded, case folded. A copy a template respaced (`replace(" ",
    "_")`, `letter-spacing`), punctuated, hyphenated at line ends, `urlencode`d
    or `tojson`ed keeps its letters; a reversed one is searched for backwards
    (Guard.find)."""
    if "%" in text:
        text = urllib.parse.unquote(text)
    if "\\u" in text:
        text = _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)
    text = unicodedata.normalize("NFKC", text).replace("\u0640", "")
    return _without_non_letters(_MARKUP.sub("", text).casefold())


# ASCII's non-letters: letters() drops them byte by byte from the UTF-8 first
# (a multi-byte character holds no ASCII byte), which leaves the regex a
# fraction of a document's HTML to scan (markup, attributes, spaces): the
# same letters in half the time (docs/scale.md, "Our own work per document").
_ASCII_NOT_LETTERS = bytes(c for c in range(128) if not chr(c).isalpha())


def _without_non_letters(text: str) -> str:
    """_NOT_LETTERS removed from text. surrogatepass: a lone surrogate (a
    record may hold one) goes through as the three bytes it encodes to."""
    text = text.encode("utf-8", "surrogatepass").translate(None, _ASCII_NOT_LETTERS).decode("utf-8", "surrogatepass")
    return text if text.isascii() else _NOT_LETTERS.sub("", text)


# -- the output's side: what will be written, as text --------------------------

def html_surfaces(html: str) -> Iterator[tuple[str, str]]:
    """The HTML as written (comments and attributes included) and its text alone."""
    raw = html_module.unescape(html)
    yield "", letters(raw)
    yield " (its text)", letters(_TAG.sub("", raw))


@dataclass(frozen=True)
class OpenPdf:
    """A PDF open in pypdfium2 with its first page loaded: its writer draws
    the thumbnail from that page and the guard reads the same page's text,
    rather than loading it twice (a fact sheet's page costs 1-3 ms to load,
    as much as reading its text: docs/scale.md, "Our own work per document")."""
    document: object
    first_page: object      # None for a PDF without pages

    @classmethod
    def of(cls, data: bytes) -> "OpenPdf":
        import pypdfium2 as pdfium
        document = pdfium.PdfDocument(data)
        try:
            return cls(document, document[0] if len(document) else None)
        except BaseException:      # a page pdfium will not load: the document is not left open
            document.close()
            raise

    def close(self) -> None:
        if self.first_page is not None:
            self.first_page.close()
        self.document.close()


def pdf_surfaces(pdf, depth: int = 0) -> Iterator[tuple[str, str]]:
    """The PDF's text layer, metadata, bookmarks and every attached file (of
    the document and of its pages' annotations), attached PDFs read in turn.
    `pdf`: bytes, or an OpenPdf the caller has open (and closes). Each page
    is loaded once (its text is most of the guard's cost)."""
    opened = OpenPdf.of(pdf) if isinstance(pdf, bytes) else None
    pdf = opened or pdf
    document = pdf.document
    try:
        texts, attached = [], list(_document_files(document))
        for index in range(len(document)):
            page = document[index] if index else pdf.first_page
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            textpage.close()
            attached += _annotation_files(page, document)
            if index:
                page.close()
        yield "'s text layer", letters("\n".join(texts))
        yield "'s metadata", letters("\n".join(str(v) for v in document.get_metadata_dict().values()))
        yield "'s bookmarks", letters("\n".join(item.get_title() for item in document.get_toc()))
        for name, data in attached:
            yield from ((f"'s attachment {name!r}{where}", text)
                        for where, text in file_surfaces(data, depth + 1))
    finally:
        if opened:
            opened.close()


def file_surfaces(data: bytes, depth: int) -> list[tuple[str, str]]:
    """An attached file: a PDF (from its first byte, up to MAX_NESTED deep)
    read as one, UTF-8 text (a YAML or HTML file, say) as text. Anything else
    the guard cannot vouch for, so it yields UNREADABLE and fails the document:
    a gzip, a PDF pdfium will not open, a PDF behind other bytes (viewers look
    for the header further in and show it; read as text it hides its words)."""
    if data[:5] == b"%PDF-" and depth <= MAX_NESTED:
        try:
            return list(pdf_surfaces(data, depth))
        except Exception:   # pypdfium2's errors, or a broken attachment inside
            return [("", UNREADABLE)]
    if b"%PDF-" in data:
        return [("", UNREADABLE)]
    try:
        return [("", letters(data.decode("utf-8")))]
    except UnicodeDecodeError:
        return [("", UNREADABLE)]


def _document_files(document) -> Iterator[tuple[str, bytes]]:
    """<link rel="attachment">: the document's embedded files."""
    for index in range(document.count_attachments()):
        attachment = document.get_attachment(index)
        yield attachment.get_name(), bytes(attachment.get_data())


def _annotation_files(page, document) -> list[tuple[str, bytes]]:
    """<a rel="attachment">: a page's file attachment annotations."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw
    found = []
    for index in range(raw.FPDFPage_GetAnnotCount(page)):
        annotation = raw.FPDFPage_GetAnnot(page, index)
        try:
            if raw.FPDFAnnot_GetSubtype(annotation) == raw.FPDF_ANNOT_FILEATTACHMENT:
                attachment = pdfium.PdfAttachment(raw.FPDFAnnot_GetFileAttachment(annotation), document)
                found.append((attachment.get_name(), bytes(attachment.get_data())))
        finally:
            raw.FPDFPage_CloseAnnot(annotation)
    return found


def docx_surfaces(data: bytes) -> Iterator[tuple[str, str]]:
    """Every part of a Word package: each XML part as written (attributes
    included: a figure's description) and its text alone (a phrase split into
    several runs); images are pixels, not text; any other part the guard
    cannot vouch for (UNREADABLE)."""
    import io
    import zipfile
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in sorted(archive.namelist()):
            content = archive.read(name)
            if content[:8] == b"\x89PNG\r\n\x1a\n":
                continue
            try:
                raw = html_module.unescape(content.decode("utf-8"))
            except UnicodeDecodeError:
                yield f"the Word file's part {name}", UNREADABLE
                continue
            yield f"the Word file's part {name}", letters(raw)
            yield f"the Word file's part {name} (its text)", letters(_TAG.sub("", raw))


# What each written format yields as text, by suffix.
# (A reader may also be given the output already open: the PDF, as an OpenPdf.)
READERS: dict[str, Callable[[object], Iterator[tuple[str, str]]]] = {
    "pdf": lambda data: (("the PDF" + where, text) for where, text in pdf_surfaces(data)),
    "html": lambda data: ((f"the --html file{where}", text) for where, text in html_surfaces(data.decode("utf-8"))),
    "css": lambda data: (("the --html stylesheet", letters(data.decode("utf-8"))),),
    "docx": docx_surfaces,
}


def surfaces(rendered_html: str, outputs: dict[str, bytes]) -> dict[str, str]:
    """{where: its letters()} for one document: the HTML given to the
    renderer and each output by its format ({"pdf": bytes or an
    OpenPdf, "html": bytes, ...})."""
    found = {f"the HTML given to the renderer{where}": text for where, text in html_surfaces(rendered_html)}
    for suffix, data in outputs.items():
        found.update(READERS[suffix](data))
    return found


# -- the record's side: what clearance withheld ----------------------------------

@dataclass(frozen=True)
class Needle:
    text: str             # normalised, as the message shows it
    letters: str          # as it is looked for: letters()
    item: str             # "events[3]"
    classification: str


class Guard:
    """Withheld texts per relationship x audience clearance, computed once per
    build; `find()` names the first one found in a document's surfaces."""

    def __init__(self, record):
        self.record = record
        self._needles: dict[tuple[str, str], list[Needle]] = {}
        self._entities: str | None = None     # the entities' texts, in letters(), once

    def needles(self, relation: str, audience) -> list[Needle]:
        key = (relation, audience.name)
        if key not in self._needles:
            relationship = self.record.relationships[relation]
            self._needles[key] = withheld(relationship, audience.clearance, self.visible(relationship, audience))
        return self._needles[key]

    def visible(self, relationship: Relationship, audience) -> str:
        """The data this audience may see (what clearance kept, the entities),
        in letters(), one text a line: a withheld text that also occurs here
        proves nothing. Not the profile's words nor templates/strings.yaml:
        those are the template editor's, and a restricted text pasted there
        would otherwise stop being looked for."""
        if self._entities is None:
            self._entities = "\n".join(letters(t) for entity in self.record.entities.values()
                                       for t in _strings(entity))
        kept, _ = cleared(relationship, audience.clearance)
        return "\n".join([self._entities] + [letters(t) for t in _strings(kept)])

    def find(self, name: str, relation: str, audience, surfaces: dict[str, str]) -> str | None:
        """The message for the first withheld text found (or attachment that
        could not be read), or None."""
        needles = self.needles(relation, audience)
        for where, text in surfaces.items():
            if text == UNREADABLE:
                return f"{name}: {where} cannot be read to check it for withheld text; not written"
            backwards = text[::-1]      # a template's |reverse
            hits = [n for n in needles if n.letters in text or n.letters in backwards]
            if hits:
                first = hits[0]
                more = {n.item for n in hits} - {first.item}
                shown = first.text if len(first.text) <= 80 else first.text[:80] + "…"
                return (f"{name}: withheld text of {first.item} (classification {first.classification}) "
                        f"found in {where}: “{shown}”"
                        + (f" (and of {len(more)} more withheld item(s))" if more else "")
                        + "; not written")
        return None


def withheld(relationship: Relationship, clearance: str, visible: str) -> list[Needle]:
    """The texts of every item clearance removes, whole and in runs of words,
    at least MIN_LETTERS letters long and absent from what the audience may see."""
    needles, seen = [], set()
    for item, classification, texts in removed_items(relationship, rank(clearance)):
        for text in texts:
            for piece, skeleton in pieces(normalise(text)):
                if skeleton not in seen and skeleton not in visible:
                    seen.add(skeleton)
                    needles.append(Needle(piece, skeleton, item, classification))
    return needles


def pieces(text: str) -> Iterator[tuple[str, str]]:
    """(piece, its letters()) for the whole text, then overlapping runs of
    WINDOW_WORDS words; only those of MIN_LETTERS letters or more (dots,
    digits or a short name say nothing of where they came from: a contents
    list's leaders, a figure's years, "NATO")."""
    words = text.split(" ")
    runs = [" ".join(words[start:start + WINDOW_WORDS])
            for start in range(0, len(words) - WINDOW_WORDS + WINDOW_STEP, WINDOW_STEP)
            ] if len(words) > WINDOW_WORDS else []
    for piece in [text] + runs:
        skeleton = letters(piece)
        if len(skeleton) >= MIN_LETTERS:
            yield piece, skeleton


def removed_items(value, allowed: int, path: str = "") -> Iterator[tuple[str, str, list[str]]]:
    """(where, classification, its texts) for each outermost part clearance
    removes (clearance decides, so the two never disagree)."""
    if dataclasses.is_dataclass(value):
        if path and removes(value, allowed):
            # A research note is withheld from everyone, at any level: its message says so.
            yield path, "internal" if getattr(value, "internal", False) else highest_classification(value), \
                _strings(value)
            return
        if isinstance(value, Text):
            return
        for field in dataclasses.fields(value):
            where = f"{path}.{field.name}" if path else field.name
            yield from removed_items(getattr(value, field.name), allowed, where)
    elif isinstance(value, tuple):
        for index, item in enumerate(value):
            yield from removed_items(item, allowed, f"{path}[{index}]")


def _strings(value) -> list[str]:
    """Every text (in every language it is written in) and web address in a part of the record."""
    if value is None:
        return []
    if isinstance(value, Text):
        return list(value.wordings.values())
    if isinstance(value, Source) and value.url:
        return [value.url] + [s for f in dataclasses.fields(value) if f.name != "url"
                              for s in _strings(getattr(value, f.name))]
    if dataclasses.is_dataclass(value):
        return [s for f in dataclasses.fields(value) for s in _strings(getattr(value, f.name))]
    if isinstance(value, tuple):
        return [s for item in value for s in _strings(item)]
    return []

