"""A right-to-left line's trailing space, removed without moving its last box
out of place: a repair around WeasyPrint 70.0 (pinned: kashida.WEASYPRINT,
whose interface_problems checks it).

When a line ends at the edge of an inline box (a `.keep` span round a date or
a title, a citation mark), its last text box keeps the space before the break.
WeasyPrint's `remove_last_whitespace` strips it and, for right-to-left text,
moves every box of the line left by the space's width. That is right when the
line is one box; with several, the stripped box is the leftmost one, so it
ends up a space away from its neighbour and a space past the line's left end.
Measured on the shipped delegation briefing (pdfium's glyph boxes): the gap
after «لسمو الأمير الوالد» 12.3 pt against 7 for the line's others, and the
last word's tail 3.5 pt into the left margin; in a one-box line whose last box
was stripped, the whole line a space left of the right margin. A left-to-right
box at the end of a right-to-left line (a Latin run) was not moved at all, so
the gap opened on its right instead.

`install()` wraps that function in `weasyprint.layout.inline` (once per
process, for every document): after it, the boxes on the stripped box's path
(it and the inline boxes holding it) are put back where the line now starts,
and, for a left-to-right box, the rest of the line is moved over the space.
The line's content then runs edge to edge, as in left-to-right text. The
stripped box's Pango layout loses the space as well (drop_drawn_space): left
in it, it was drawn at the box's left and pushed its words a space right.
"""
from __future__ import annotations

import inspect

from . import hooks

WRAPPED = ("weasyprint.layout.inline", "remove_last_whitespace", ["context", "line"])


class TrailingSpaceError(RuntimeError):
    """WeasyPrint's line layout is not the one this repair was written for."""


def _module():
    import importlib
    return importlib.import_module(WRAPPED[0])


def last_path(line) -> list:
    """The boxes from the line's last child down to its last text box (the
    boxes remove_last_whitespace walks), the line itself left out."""
    from weasyprint.formatting_structure import boxes
    path, box = [], line
    while isinstance(box, (boxes.LineBox, boxes.InlineBox)) and box.children:
        box = box.children[-1]
        path.append(box)
    return path if path and isinstance(path[-1], boxes.TextBox) else []


def stripped_width(original, context, line) -> tuple[float, list]:
    """Run WeasyPrint's function; (width it took off the last text box, that box's path)."""
    path = last_path(line)
    before = path[-1].width if path else 0.0
    original(context, line)
    return (before - path[-1].width if path else 0.0), path


def drop_drawn_space(text_box) -> None:
    """Draw the stripped box without its space. WeasyPrint shortens the box but
    leaves the space in the Pango layout it draws from, where a right-to-left
    layout puts it at its left: its words would be drawn a space to the right
    of the box, past the line's start (measured on the minister's card, pdfium:
    «أوروبا، في الشرق الأوسط» 2.7 pt into the right margin). A laid-out layout is
    inactive and reads its text again when drawn (Layout.reactivate)."""
    layout = text_box.pango_layout
    if layout.text == text_box.text:
        return
    if hasattr(layout, "layout"):         # still active
        layout.set_text(text_box.text)
    else:
        layout.text = text_box.text


def repaired(original):
    def remove_last_whitespace(context, line):
        if line.style["direction"] != "rtl":
            return original(context, line)
        width, path = stripped_width(original, context, line)
        if width <= 0:
            return None
        text_box = path[-1]
        if not text_box.pango_layout.first_line_direction % 2:
            # WeasyPrint moved nothing: the space was on the box's right
            for child in line.children:
                child.translate(dx=-width, ignore_floats=True)
        for box in path:         # the stripped box and its inline boxes keep their left edge
            box.position_x += width
        drop_drawn_space(text_box)
        return None
    remove_last_whitespace.__wrapped__ = original
    return remove_last_whitespace


def check_internals() -> list[str]:
    """What differs from the WeasyPrint this repair was written for (empty: nothing)."""
    from .kashida import interface_problems
    problems = interface_problems("the right-to-left trailing-space repair", [WRAPPED])
    function = getattr(getattr(_module(), WRAPPED[1], None), "__wrapped__", getattr(_module(), WRAPPED[1], None))
    if not problems and "first_line_direction" not in inspect.getsource(function):
        problems.append(f"{WRAPPED[0]}.{WRAPPED[1]} no longer moves right-to-left lines")
    return problems


def installed() -> bool:
    return hooks.installed(WRAPPED)


def install() -> None:
    """Wrap remove_last_whitespace (once per process). Raises TrailingSpaceError,
    saying what changed, on any other WeasyPrint than the pinned one."""
    hooks.install(WRAPPED, repaired, check_internals, TrailingSpaceError)


def uninstall() -> None:
    hooks.uninstall(WRAPPED)
