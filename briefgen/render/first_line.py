"""A line that fits but for its trailing space, kept whole: a repair around
WeasyPrint 70.0's `split_first_line` (pinned: kashida.WEASYPRINT, whose
interface_problems checks it).

`split_first_line` asks Pango for the first line of a text box at the
available width, then compares that line's width with the width. Pango wraps
without counting the space a line ends with, but the width WeasyPrint measures
counts it. When the words fill the width to within one space (the whole rest
of a paragraph, or a line Pango broke), WeasyPrint takes the line for one that
"cannot be split earlier" and keeps only the text's first word on it (its
step 3, meant for a word wider than the line). Seen on the minister's card
(qatar-nato, card.ar): talking point 5, 449.8 px of words and a 3.9 px space
in a 450 px column, was set as «الإشارة» alone on its first line and the rest
on the next. Any face, any language; rare, as it needs that one-space margin.

`install()` wraps the name `weasyprint.layout.inline` calls (once per process,
for every document). When WeasyPrint's answer is one word (or part of one:
hyphenated) and more text follows, the wrapper asks Pango again: if Pango's
first line, its trailing spaces left out, fits the width and ends at a space,
that line is the answer, measured as WeasyPrint measures any other
(`first_line_metrics`). A word wider than the line is left to WeasyPrint.
"""
from __future__ import annotations

import importlib

from . import hooks

WRAPPED = ("weasyprint.layout.inline", "split_first_line",
           ["text", "style", "context", "max_width", "justification_spacing", "is_line_start", "minimum"])
# What the second look uses, from the module that defines split_first_line.
USES = (
    ("weasyprint.text.line_break", "create_layout",
     ["text", "style", "context", "max_width", "justification_spacing"]),
    ("weasyprint.text.line_break", "first_line_metrics",
     ["first_line", "text", "layout", "resume_at", "space_collapse", "style", "hyphenated",
      "hyphenation_character"]),
    ("weasyprint.text.line_break", "line_size", ["line", "style"]),
)


class FirstLineError(RuntimeError):
    """WeasyPrint's line breaking is not the one this repair was written for."""


def _line_break():
    return importlib.import_module(USES[0][0])


def cut_at_first_word(text: str, length: int, resume) -> bool:
    """Whether a first line of `length` UTF-8 bytes holds one word, or part of
    one, of a text that goes on after it (the shape of WeasyPrint's step-3 answer)."""
    kept = text.encode()[:length].decode(errors="ignore").strip(" ")
    return resume is not None and bool(kept) and " " not in kept and bool(text[len(kept):].strip(" "))


def fuller_line(text: str, style, context, max_width: float, justification_spacing: float):
    """Pango's own first line of `text` at `max_width`, measured as WeasyPrint
    measures a line, if its words (its trailing spaces left out) fit the width
    and it ends at a space or at the text's end; else None."""
    line_break = _line_break()
    layout = line_break.create_layout(text, style, context, max_width, justification_spacing)
    first_line, resume = layout.get_first_line()
    encoded = text.encode()
    line_text = encoded[:first_line.length].decode(errors="ignore")
    words = line_text.rstrip(" ")
    ends_at_space = resume is None or line_text != words
    if words and ends_at_space and " " in words.strip(" "):
        alone = line_break.create_layout(words, style, context, None, justification_spacing)
        line, _ = alone.get_first_line()
        fits = line_break.line_size(line, style)[0] <= max_width
        alone.deactivate()
        if fits:
            return line_break.first_line_metrics(first_line, text, layout, resume, True, style)
    layout.deactivate()
    return None


def repaired(original):
    def split_first_line(text, style, context, max_width, justification_spacing,
                         is_line_start=True, minimum=False):
        result = original(text, style, context, max_width, justification_spacing, is_line_start, minimum)
        # white-space: normal only, where lines wrap, spaces collapse and no newline is kept
        if (minimum or max_width is None or style["white_space"] != "normal"
                or not cut_at_first_word(text, result[1], result[2])):
            return result
        return fuller_line(text, style, context, max_width, justification_spacing) or result
    split_first_line.__wrapped__ = original
    return split_first_line


def check_internals() -> list[str]:
    """What differs from the WeasyPrint this repair was written for (empty: nothing)."""
    from .kashida import interface_problems
    return interface_problems("the first-line repair", [WRAPPED, *USES])



def installed() -> bool:
    return hooks.installed(WRAPPED)


def install() -> None:
    """Wrap split_first_line where the inline layout calls it (once per process).
    Raises FirstLineError, saying what changed, on any other WeasyPrint than the pinned one."""
    hooks.install(WRAPPED, repaired, check_internals, FirstLineError)


def uninstall() -> None:
    hooks.uninstall(WRAPPED)
