"""The writers a build may use, by format name (`build --format NAME`).
PDF and Word (docx) are registered here; a new format registers its Writer (output/writers.py)
and needs no change to the rebuild stage."""
from __future__ import annotations

from .docx import DocxWriter
from .pdf import PdfWriter
from .writers import Writer

DEFAULT_FORMAT = "pdf"
_writers: dict[str, Writer] = {}


def register(writer: Writer) -> None:
    """Make `writer` available to builds as its format's name (a later one of
    the same name replaces it)."""
    _writers[writer.format] = writer


def unregister(name: str) -> None:
    _writers.pop(name, None)


def writer_for(name: str) -> Writer | None:
    return _writers.get(name)


def formats() -> list[str]:
    return sorted(_writers)


def suffixes() -> list[str]:
    """Every registered format's file suffix (a folder with none of these holds no output)."""
    return sorted({writer.suffix for writer in _writers.values()})


register(PdfWriter())
register(DocxWriter())
