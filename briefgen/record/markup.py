"""The small inline markup an author may write in any text field of the data,
for intent the view cannot infer from the letters alone:

    <<en|Partnership for Peace>>    an English (left-to-right) run, isolated as one unit
    <<ar|مبادرة إسطنبول>>           an Arabic (right-to-left) run, isolated as one unit
    <<keep|المادة 5>>               kept on one line, never broken

Everything else is plain text: runs of the other script, URLs, e-mail
addresses, dates and numbers with units are found without markup
(briefgen/view/inline.py). Spans do not nest. `check` reports a malformed
span with its file:line:column; the renderer never fails on one (it prints
what it cannot parse as plain text).
"""
from __future__ import annotations

import re
from typing import Optional

from .clusters import cut

KINDS = ("en", "ar", "keep")
SPAN = re.compile(r"<<([A-Za-z]+)\|((?:(?!<<|>>).)*)>>", re.S)   # empty and upper-case spans are matched to be named


def parse(text: str) -> list[tuple[Optional[str], str]]:
    """(kind, text) pieces in order; kind None for plain text. An unknown kind
    or a malformed span stays plain text, markers included."""
    pieces: list[tuple[Optional[str], str]] = []
    last = 0
    for match in SPAN.finditer(text):
        if match.group(1) not in KINDS:
            continue
        if match.start() > last:
            pieces.append((None, text[last:match.start()]))
        pieces.append((match.group(1), match.group(2)))
        last = match.end()
    if last < len(text):
        pieces.append((None, text[last:]))
    return with_their_marks(pieces)


def with_their_marks(pieces: list[tuple[Optional[str], str]]) -> list[tuple[Optional[str], str]]:
    """The pieces with each one's leading marks moved to the piece before, so
    `<<keep|15 عاما>>ً` keeps the tanwin with its alef (record/clusters.py)."""
    out: list[tuple[Optional[str], str]] = []
    for kind, piece in pieces:
        start = cut(piece, 0) if out else 0
        if start:
            out[-1] = (out[-1][0], out[-1][1] + piece[:start])
        if piece[start:] or not start:       # a piece that was all marks is gone
            out.append((kind, piece[start:]))
    return out


def problems(text: str) -> list[str]:
    """What is wrong with the spans of one field, as messages (empty if fine)."""
    found = []
    for match in SPAN.finditer(text):
        if match.group(1) not in KINDS:
            found.append(f"unknown markup '<<{match.group(1)}|', expected one of "
                         + ", ".join(f"<<{k}|" for k in KINDS))
        elif not match.group(2).strip():
            found.append(f"empty markup '<<{match.group(1)}|>>'")
    rest = SPAN.sub("", text)
    if "<<" in rest or ">>" in rest:
        found.append("unbalanced markup: every '<<kind|' needs its '>>', and spans do not nest "
                     "(write <<en|...>>, <<ar|...>> or <<keep|...>>)")
    return found


def plain(text: str) -> str:
    """The text without its markup: what a reader sees, for text alternatives and metadata."""
    return "".join(piece for _, piece in parse(text))
