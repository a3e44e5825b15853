"""Timelines drawn once per process for the same inputs.

A relationship's documents draw the same few timelines: each document draws
its own and, for the twin rule, its twins' in the audience's other languages
(view/select.py, ViewBuilder.timeline), so the 12 documents of the shipped
record ask for a timeline 29 times, 6 different figures. Each is
remembered under everything it is drawn from, by value (the events, the
language's words and digits, the frame, the fonts folder, the figure's
number, compact or not, the events to key), so a figure is the one
charts.timeline would draw now (docs/scale.md, "Our own work per document").
The Figure returned is shared: nothing changes a Figure once drawn.
"""
from __future__ import annotations

import pickle
import threading
from collections import OrderedDict
from typing import Optional

from . import charts
from .localize import Localizer
from .textwidth import Measure

KEPT = 64       # figures remembered (with its key, about 15 KB each); the shipped relationship's are 6
_drawn: "OrderedDict[tuple, Optional[charts.Figure]]" = OrderedDict()
# Views may be made in more than one thread of a process (a Dask worker's, the
# preview's): the dictionary is looked at and changed under this lock, a
# figure drawn outside it (two threads may both draw one not yet remembered:
# the same figure).
_lock = threading.Lock()


def timeline(events: list[dict], words: dict, loc: Localizer, frame: float, measure: Measure,
             number: int, compact: bool, keyed: frozenset) -> Optional[charts.Figure]:
    """charts.timeline(events, words, loc.lang, loc.num, …), remembered."""
    key = (drawn_from(events, words, frame), loc.lang, loc.digits, measure.fonts, number, compact, keyed)
    with _lock:
        if key in _drawn:
            _drawn.move_to_end(key)
            return _drawn[key]
    figure = charts.timeline(events, words, loc.lang, loc.num, frame, measure, number, compact, keyed)
    with _lock:
        _drawn[key] = figure
        while len(_drawn) > KEPT:
            _drawn.popitem(last=False)
    return figure


def forget() -> None:
    """Forget every figure (bench/own_work.py: each round a relationship not seen before)."""
    with _lock:
        _drawn.clear()


def drawn_from(events: list[dict], words: dict, frame: float) -> bytes:
    """The values a timeline is drawn from, as bytes that differ wherever the
    values could draw differently: pickle names a str's subclass (Markup is
    not escaped again, Unbroken stays on one line), keeps a float's bits
    (-0.0 is not 0.0) and a dict's order. Equal bytes are equal values;
    unequal bytes for equal values only cost a second drawing."""
    return pickle.dumps((events, words, frame), protocol=pickle.HIGHEST_PROTOCOL)
