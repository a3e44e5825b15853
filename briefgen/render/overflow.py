"""Text that runs out of the page's text area or out of its column: foreseen
by `check` for the author's <<keep|…>> spans, found in the laid-out pages by
every build.

A line that cannot break (a <<keep|…>> span, a long code or address, a
no-wrap cell) is laid out past the margin, or off the paper, or over the
column beside it (a fact sheet's side panel into its main column), without a
word from WeasyPrint: the document prints cut off or overprinted. The boxes'
positions after layout say exactly which text and by how much, so the build
can refuse the document by name instead of publishing it.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from ..record.markup import parse
from ..view.textwidth import Measure

# What passes unremarked. WeasyPrint 70 laid a justified Arabic line that
# holds a no-wrap span about one space too wide: 3.5 pt past the margin at 12 pt
# (the "wide space after a .keep span", repaired by trailing_space.py). 6 pt
# (2 mm) let that through and stops every line that truly cannot break, which
# overruns by tens of points; not lowered since (figure labels, other engines).
TOLERANCE_PT = 6.0
PX_PER_PT = 96 / 72     # WeasyPrint lays out in CSS pixels


@dataclass(frozen=True)
class Overflow:
    page: int          # from 1
    past_pt: float     # how far past the edge
    text: str
    edge: str = "the margin"     # or "its column": the block it is set in

    def describe(self) -> str:
        shown = " ".join(self.text.split())
        shown = shown if len(shown) <= 60 else shown[:57] + "…"
        return f"page {self.page}: text runs {self.past_pt:.0f} pt past {self.edge}: “{shown}”"


def text_past_margins(document) -> list[Overflow]:
    """Every text box of the body that reaches beyond its page's text area
    (margin boxes — running heads, page numbers — are not looked at), figure
    labels included: they are absolutely positioned, and WeasyPrint's
    descendants() passes over such boxes unless asked for their placeholders;
    and every one of the document's own text that reaches beyond the block it
    is set in (a list item, a table cell, the side panel), which may be well
    inside the page. Text a stylesheet generates (::before, ::marker: list
    numbers set to hang in the margin, page.css) is held to the page only."""
    found = []
    for number, page in enumerate(document.pages, 1):
        box = page._page_box
        left = box.content_box_x()
        right = left + box.width
        for child, column in text_boxes_in_columns(box.children[0]):
            start, end = child.position_x, child.position_x + child.width
            past, edge = max(left - start, end - right) / PX_PER_PT, "the margin"
            if past <= TOLERANCE_PT and column is not None:
                past, edge = max(column[0] - start, end - column[1]) / PX_PER_PT, "its column"
            if past > TOLERANCE_PT and child.text.strip():
                found.append(Overflow(number, round(past, 1), child.text, edge))
    return found


def text_boxes_in_columns(root) -> Iterator[tuple[object, tuple[float, float] | None]]:
    """The text boxes below `root`, in the order of its descendants(placeholders=True)
    (an absolutely positioned box's placeholder stands for the box), each with
    the left and right edges of the content box of the block container it is
    set in, or None inside generated content. Walked with one stack:
    WeasyPrint's generator passes each box up through one generator per level,
    about two thirds of this check's time; a block's children are followed on
    the stack by a marker that gives the column back, cheaper than a column
    pushed with every box."""
    from weasyprint.formatting_structure.boxes import BlockContainerBox
    stack, column, outer = [root], None, []
    while stack:
        box = stack.pop()
        if box is _LEFT:
            column = outer.pop()
        elif type(box).__name__ == "TextBox":
            yield box, column
        else:
            generated = "::" in (box.element_tag or "")     # li::before, a list number hung in the margin
            if generated or isinstance(box, BlockContainerBox):
                outer.append(column)
                stack.append(_LEFT)
                left = box.content_box_x()
                column = None if generated else (left, left + box.width)
            stack.extend(reversed(box.children))


_LEFT = object()     # text_boxes_in_columns: the block whose children were above it is left


def overflow_message(name: str, found: list[Overflow]) -> str:
    more = f" (and {len(found) - 3} more)" if len(found) > 3 else ""
    return (f"{name}: " + "; ".join(o.describe() for o in found[:3]) + more +
            ": a line with nowhere to break (a <<keep|…>> span, a long code or address) is wider than "
            "the space it is set in; shorten it, or let it break")


# -- foreseen by check ------------------------------------------------------------

@dataclass(frozen=True)
class Column:
    name: str
    width_pt: float    # the narrowest line of running text
    size_pt: float     # the largest size body text is set at there

    @property
    def ems(self) -> float:
        return self.width_pt / self.size_pt


def narrowest_column(columns: Iterable[Column]) -> Column | None:
    """Of the columns of the documents a build makes (render/widths.py measures
    them), the one a span fits least well: the fewest ems (a span's width grows
    with the type size)."""
    columns = list(columns)
    return min(columns, key=lambda column: column.ems) if columns else None


def keeps_too_wide(text: str, column: Column, fonts: Path) -> Iterator[tuple[str, float]]:
    """(the span as written, its width in points at the column's size) for each
    <<keep|…>> span of a text that cannot fit on one line of the column, shaped
    with the body face in `fonts` as figure labels are (textwidth.py)."""
    measure = Measure(fonts)
    for kind, piece in parse(text):
        if kind == "keep":
            width = measure(piece, column.size_pt)
            if width > column.width_pt:
                yield f"<<keep|{piece}>>", width


def keep_message(width: float, column: Column) -> str:
    return (f"a <<keep|…>> span {width:.0f} pt wide cannot fit the narrowest text column "
            f"({column.name}, {column.width_pt:.0f} pt at {column.size_pt:g} pt): shorten it or let it break")
