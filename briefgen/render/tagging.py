"""Tagged PDF: a figure's labels belong to the figure.

WeasyPrint tags the figure's image as a `Figure` with its text alternative and
every label laid over it as a `Span` beside it, so a screen reader would read
the alternative and then the labels again. PDF/UA's rule is that a `Figure`
with an alternative stands for everything inside it; so, just before the PDF
is written (WeasyPrint's `finisher` hook, on its pydyf objects), the label
elements that follow a figure's image in its chart box are moved inside that
image's `Figure`. The marked content and the parent tree are untouched: the
labels stay real text for search, copy and sighted readers, and a screen
reader hears the alternative once.
"""
from __future__ import annotations

from typing import Callable, Iterable

import pydyf


def nest_figure_labels(alternatives: Iterable[str]) -> Callable:
    """A write_pdf finisher for the figures whose alternatives are given."""
    wanted = set(alternatives)

    def finisher(document, pdf: pydyf.PDF) -> None:
        if "StructTreeRoot" not in pdf.catalog:
            return
        for element in list(pdf.objects):
            if is_element(element, "/Div"):
                nest(element, pdf, wanted)
    return finisher


def is_element(obj, kind: str | None = None) -> bool:
    return (isinstance(obj, pydyf.Dictionary) and obj.get("Type") == "/StructElem"
            and (kind is None or obj.get("S") == kind))


def resolve(pdf: pydyf.PDF, reference):
    if isinstance(reference, bytes) and reference.endswith(b" R"):
        return pdf.objects[int(reference.split()[0])]
    return None


def nest(box: pydyf.Dictionary, pdf: pydyf.PDF, wanted: set[str]) -> None:
    """box: a Div whose first kid is a wanted Figure and whose other kids are
    structure elements (the labels): move those into the Figure."""
    kids = box.get("K")
    if not isinstance(kids, pydyf.Array) or len(kids) < 2:
        return
    figure = resolve(pdf, kids[0])
    alt = figure.get("Alt") if is_element(figure, "/Figure") else None
    if not isinstance(alt, pydyf.String) or alt.string not in wanted:
        return
    labels = [resolve(pdf, kid) for kid in kids[1:]]
    if not all(is_element(label) for label in labels):
        return
    own = figure.get("K")
    figure["K"] = own if isinstance(own, pydyf.Array) else pydyf.Array([] if own is None else [own])
    for reference, label in zip(kids[1:], labels):
        figure["K"].append(reference)
        label["P"] = figure.reference
    box["K"] = pydyf.Array([kids[0]])
