"""Figures drawn from the chronology: a timeline and events per year by kind.

A figure is two layers in one box of known size (points): an SVG image with
the shapes (axis, markers, leaders, bars), carrying the figure's text
alternative, and HTML labels absolutely positioned over it. WeasyPrint sets
the labels like body text (HarfBuzz shaping, bidi, diacritics, the bundled
fonts, a logical text layer); nothing is reshaped here. Label sizes are
measured with the same font (textwidth.py, a Measure for the project's fonts/) and placed by placement.py so that
no label touches another, a marker, an axis label, a leader or the figure's
edge. When full labels ("11 July 2016 / Agreement") cannot all be placed, the
timeline drops the kind from them (the marker's shape and colour tell it),
then numbers them with a key under the figure.

Dates keep their precision and bounds: an event known only as "after X" is
drawn as an outlined marker just past X with an arrow into the open future,
and the activity chart does not count it in any year (a note says so).
In Arabic documents time runs right to left.
"""
from __future__ import annotations

import base64
import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Optional

from markupsafe import Markup

from .localize import isolate
from ..record.clusters import cut
from ..record.languages import LANGUAGE
from .placement import Bands, Box, Obstacle, Request, place
from .textwidth import Measure
from ..record.words import fill

KIND_STYLE = {   # kind -> (shape, colour): told apart by both, for print in grey too
    "accession": ("circle", "#7a1430"),
    "visit": ("diamond", "#a65a17"),     # 5.1:1 on white: AA for its labels
    "conference": ("square", "#14506e"),
    "meeting": ("triangle", "#2f5d3a"),
    "training": ("down", "#8a6d00"),
    "agreement": ("hexagon", "#5b3f8c"),
    "accreditation": ("cross", "#3d3d3d"),
}
INK, MUTED, RULE, LEADER = "#1d1d1f", "#5b5b60", "#c9c3c5", "#9a9497"
LINE_HEIGHT = 1.55     # label lines, in ems (set in CSS from the figure's `line` value)
MAX_DATE_LINES = 3     # a group label lists at most this many dates, else their span
MAX_LANES = 6          # marks stacked apart at one date before the stack closes up
INK_PAD = 0.22         # Amiri's ascenders and marks reach past the line box by about this (ems)


def position(date) -> float:
    """A fractional year for a date at any precision (the middle of what is known)."""
    if date.day is not None:
        return date.year + (date.month - 1) / 12 + (date.day - 0.5) / 365
    if date.month is not None:
        return date.year + (date.month - 0.5) / 12
    return date.year + 0.5


# -- the pieces a template lays out ------------------------------------------

@dataclass
class Segment:
    text: Markup
    colour: str = INK
    bold: bool = False


@dataclass
class Label:
    box: Box                  # where the text goes (points, in the figure)
    lines: list[list[Segment]]
    align: str = "center"
    ids: list[str] = field(default_factory=list)    # the events a timeline's label names


@dataclass
class Figure:
    kind: str
    number: int
    caption: str
    alt: str
    width: float
    height: float
    size: float               # label font size, points
    svg: str
    labels: list[Label]
    legend: list[dict] = field(default_factory=list)   # {"swatch": data URI, "text": Markup}
    key: list[dict] = field(default_factory=list)      # numbered-label key: {"number", "lines"}
    key_split: int = 0        # how many of the key's entries its first column holds (key_columns)
    note: Optional[str] = None

    @property
    def src(self) -> str:
        return data_uri(self.svg)

    @property
    def line(self) -> float:
        return round(self.size * LINE_HEIGHT, 2)


def data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def svg_document(width: float, height: float, body: list[str]) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.2f} {height:.2f}" '
            f'width="{width:.2f}" height="{height:.2f}">' + "".join(body) + "</svg>")


def marker(kind: str, x: float, y: float, r: float, hollow: bool = False) -> str:
    """A kind's mark; hollow (outlined) for an event whose date is not known."""
    shape, colour = KIND_STYLE[kind]
    paint = (f'fill="#ffffff" stroke="{colour}" stroke-width="{max(r / 4, 0.8):.2f}"' if hollow
             else f'fill="{colour}"')
    if shape == "circle":
        return f'<circle cx="{x:.2f}" cy="{y:.2f}" r="{r:.2f}" {paint}/>'
    if shape == "square":
        s = r * 0.9
        return f'<rect x="{x - s:.2f}" y="{y - s:.2f}" width="{2 * s:.2f}" height="{2 * s:.2f}" {paint}/>'
    points = {
        "diamond": [(0, -1), (1, 0), (0, 1), (-1, 0)],
        "triangle": [(0, -1), (1, 0.8), (-1, 0.8)],
        "down": [(0, 1), (1, -0.8), (-1, -0.8)],
        "hexagon": [(1, 0), (0.5, 0.87), (-0.5, 0.87), (-1, 0), (-0.5, -0.87), (0.5, -0.87)],
        "cross": [(-0.33, -1), (0.33, -1), (0.33, -0.33), (1, -0.33), (1, 0.33), (0.33, 0.33), (0.33, 1),
                  (-0.33, 1), (-0.33, 0.33), (-1, 0.33), (-1, -0.33), (-0.33, -0.33)],
    }[shape]
    path = " ".join(f"{x + dx * r:.2f},{y + dy * r:.2f}" for dx, dy in points)
    return f'<polygon points="{path}" {paint}/>'


def arrow(x: float, y: float, length: float, direction: int, colour: str) -> str:
    """A dashed arrow from x towards later time (direction +1: right, -1: left)."""
    end = x + direction * length
    head = 2.6
    return (f'<line x1="{x:.2f}" y1="{y:.2f}" x2="{end - direction * head:.2f}" y2="{y:.2f}" stroke="{colour}" '
            f'stroke-width="1" stroke-dasharray="1.6 1.2"/>'
            f'<polygon points="{end:.2f},{y:.2f} {end - direction * head * 1.4:.2f},{y - head:.2f} '
            f'{end - direction * head * 1.4:.2f},{y + head:.2f}" fill="{colour}"/>')


def swatch(body: str, width: float = 16, height: float = 10) -> str:
    return data_uri(svg_document(width, height, [body]))


# -- text: measured lines ----------------------------------------------------

def seg(text: str, lang: str, colour: str = INK, bold: bool = False) -> Segment:
    return Segment(isolate(text, lang), colour, bold)


def line_width(line: list[Segment], size: float, text_width: Measure) -> float:
    return sum(text_width(str(Markup(s.text).striptags()), size, s.bold) for s in line)


def label_size(lines: list[list[Segment]], size: float, text_width: Measure) -> tuple[float, float]:
    """Width and height of a label's box, with room for Amiri's tall marks."""
    w = max(line_width(line, size, text_width) for line in lines) + 2.0
    return w, len(lines) * size * LINE_HEIGHT


def ink_box(box: Box, size: float) -> Box:
    """A label's box grown by the ink that may pass its line boxes."""
    pad = INK_PAD * size
    return Box(box.x0, box.y0 - pad, box.x1, box.y1 + pad)


# -- the time axis -------------------------------------------------------------

class Axis:
    """Years to points, in the document's direction."""

    def __init__(self, first: int, last: int, left: float, right: float, rtl: bool):
        self.first, self.last, self.left, self.right, self.rtl = first, last, left, right, rtl

    def x(self, year: float) -> float:
        share = (year - self.first) / max(self.last - self.first, 1)
        usable = self.right - self.left
        return self.right - share * usable if self.rtl else self.left + share * usable

    @property
    def later(self) -> int:
        return -1 if self.rtl else 1

    def per_year(self) -> float:
        return (self.right - self.left) / max(self.last - self.first, 1)


def tick_step(axis: Axis, label_width: float) -> int:
    for step in (1, 2, 5, 10, 20, 50, 100):
        if axis.per_year() * step >= label_width + 8:
            return step
    return 100


# -- the timeline ----------------------------------------------------------------

@dataclass
class Mark:
    event: dict
    x: float
    lo: float                # footprint along the axis (marker, and arrow for "after")
    hi: float
    lane: int = 0
    open: bool = False


@dataclass
class TimelineStyle:
    size: float               # label text, points
    radius: float             # marker
    steps: int                # label steps allowed on each side
    below: bool = True        # labels may also go under the axis


STYLES = {False: TimelineStyle(size=8.5, radius=4.2, steps=6),
          True: TimelineStyle(size=7.5, radius=3.8, steps=2, below=False)}


def timeline(events: list[dict], words: dict, lang: str, num, frame: float, text_width: Measure,
             number: int = 1, compact: bool = False, keyed: frozenset = frozenset()) -> Optional[Figure]:
    """events: chronology items with 'id', 'position', 'open', 'kind', 'kind_label', 'when'.
    keyed: ids of events to number and key whatever room there is (those another
    language could not label: every language labels the same events)."""
    placed = [e for e in events if e["position"] is not None]
    if not placed:
        return None
    style, rtl = STYLES[compact], LANGUAGE[lang].rtl
    suffix = LANGUAGE[lang].gregorian_suffix
    first = int(min(e["position"] for e in placed))
    last = int(max(e["position"] for e in placed)) + 1
    tick_w = max(text_width(num(f"{y}{suffix}"), style.size) for y in (first, last))
    edge = max(tick_w / 2, style.radius * 3 + 4) + 3
    axis = Axis(first, last, edge, frame - edge, rtl)
    marks = lay_marks(placed, axis, style.radius)
    clusters = group_marks(marks, style.radius)
    pitch = lane_pitch(max(m.lane for m in marks), style.radius)
    ticks, tick_boxes = year_ticks(axis, num, suffix, style, lang, text_width)
    obstacles = [Obstacle(b) for b in tick_boxes]
    for index, cluster in enumerate(clusters):
        for m in cluster:
            y = -m.lane * pitch
            obstacles.append(Obstacle(Box(m.lo, y - style.radius, m.hi, y + style.radius), owner=index))
    top_lane = max(m.lane for m in marks)
    band_top = -top_lane * pitch - style.radius
    below_base = max(b.y1 for b in tick_boxes) + 5 if style.below else None
    bands = Bands(frame, band_top - 6, below_base, style.size * LINE_HEIGHT / 2, style.steps * 2)

    labels, key = label_clusters(clusters, keyed, compact, words, lang, num, style, pitch, text_width,
                                 obstacles, bands, frame)
    body, text = draw_timeline(axis, marks, labels, ticks, style, pitch)
    top = min([band_top - 2] + [p.box.y0 for _, _, p in labels])
    bottom = max([max(b.y1 for b in tick_boxes)] + [p.box.y1 for _, _, p in labels]) + 2
    shift = -top + 2
    figure = Figure(
        kind="timeline-compact" if compact else "timeline", number=number,
        caption=caption(words, "timeline", number, num), alt=timeline_alt(placed, words, number, num),
        width=frame, height=round(bottom - top + 4, 2), size=style.size,
        svg=svg_document(frame, bottom - top + 4, [f'<g transform="translate(0 {shift:.2f})">'] + body + ["</g>"]),
        labels=[Label(lab.box.shifted(shift), lab.lines, lab.align, lab.ids) for lab in text],
        legend=timeline_legend(marks, words, lang), key=key, key_split=key_columns(key, frame, text_width))
    return figure


def label_clusters(clusters, keyed, compact, words, lang, num, style, pitch, text_width, obstacles, bands, frame):
    """Every group gets a label or a number with a key line; none is dropped.
    Groups holding a `keyed` event are numbered. Numbers (small) are placed
    first, in time order 1 to n; the other groups are then labelled round them,
    in full or by their dates (the briefing's timeline: all or none of them in
    each form). A group whose label finds no place is numbered too, and all
    placed again, until every label and number has its place.
    Returned in the order the labels are written (the page's text order):
    the labelled groups in time order, then the numbers, 1 to n. A number
    written just before a date label on another row was read into it by
    pdfium, which joins the two lines with a space: "2" then "ديسمبر 2014م"
    gave the date "2 ديسمبر 2014م" (and "2 December 2014"), which does not
    exist; after the labels a number is followed only by another number or
    by the text after the figure (its legend, its key)."""
    numbered = {i for i, c in enumerate(clusters) if any(m.event["id"] in keyed for m in c)}
    while True:
        order = sorted(numbered)
        contents = {i: cluster_lines(clusters[i], "numbers", n, words, lang, num) for n, i in enumerate(order)}
        requests = [request_for(clusters[i], contents[i], style, pitch, text_width) for i in order]
        result = place([padded(r, style.size) for r in requests], owned(obstacles, order),
                       Bands(frame, bands.above_base, bands.below_base, bands.step, 200), require_all=False)
        placed = {i: (clusters[i], contents[i], p) for i, p in zip(order, result) if p is not None}
        around = list(obstacles)
        for _, _, p in placed.values():
            around += [Obstacle(p.box), Obstacle(p.leader)]
        wanted = [i for i in range(len(clusters)) if i not in numbered]
        result = None
        for mode in ("full", "dates") if not compact else ("dates",):
            contents = {i: cluster_lines(clusters[i], mode, i, words, lang, num) for i in wanted}
            requests = [request_for(clusters[i], contents[i], style, pitch, text_width) for i in wanted]
            result = place([padded(r, style.size) for r in requests], owned(around, wanted), bands,
                           require_all=not compact)
            if result is not None:
                break
        if result is None:
            result = [None] * len(wanted)
        failed = {i for i, p in zip(wanted, result) if p is None}
        if not failed:
            placed.update({i: (clusters[i], contents[i], p) for i, p in zip(wanted, result)})
            break
        numbered |= failed
    key = [{"number": num(str(n + 1)), "lines": key_lines(clusters[i], words, lang, num),
            "ids": [m.event["id"] for m in clusters[i]]} for n, i in enumerate(sorted(numbered))]
    return [placed[i] for i in sorted(placed, key=lambda i: (i in numbered, i))], key


def owned(obstacles: list[Obstacle], indices: list[int]) -> list[Obstacle]:
    """Obstacles with their owners renumbered as requests for the groups `indices`."""
    where = {group: n for n, group in enumerate(indices)}
    return [Obstacle(o.box, where.get(o.owner, -1)) for o in obstacles]


def lane_pitch(top_lane: int, r: float) -> float:
    """Distance between stacked marks: apart while the stack is short; past
    MAX_LANES the stack closes up like a pile of coins (each mark still shows
    a part of itself), so thirty events in one week do not make a tower."""
    apart = 2 * r + 1.6
    if top_lane < MAX_LANES:
        return apart
    return max(apart * (MAX_LANES - 1) / top_lane, 0.8 * r)


def padded(request: Request, size: float) -> Request:
    """Placement sees each label with the ink that passes its line boxes."""
    pad = INK_PAD * size
    return Request(request.anchor_x, request.marks_top, request.marks_bottom,
                   request.width, request.height + 2 * pad)


def lay_marks(events: list[dict], axis: Axis, r: float) -> list[Mark]:
    """Each event's mark at its date; an open ("after") event just past its
    anchor with an arrow. Marks that would touch go up in lanes, so each stays
    visible at its own place along the axis."""
    marks = []
    for event in events:
        x = axis.x(event["position"])
        if event.get("open"):
            start = x + axis.later * (r + 1.5)
            tip = start + axis.later * (r + 11)
            centre = start + axis.later * r
            marks.append(Mark(event, centre, min(start, tip), max(start, tip), open=True))
        else:
            marks.append(Mark(event, x, x - r, x + r))
    lanes: list[list[Mark]] = []
    for m in sorted(marks, key=lambda m: (m.lo, m.hi)):
        for lane, taken in enumerate(lanes):
            if all(m.lo >= t.hi + 1.2 or m.hi <= t.lo - 1.2 for t in taken):
                m.lane = lane
                taken.append(m)
                break
        else:
            m.lane = len(lanes)
            lanes.append([m])
    return marks


def group_marks(marks: list[Mark], r: float) -> list[list[Mark]]:
    """Marks whose footprints touch or nearly touch form one group with one label."""
    groups: list[list[Mark]] = []
    reach = -math.inf
    for m in sorted(marks, key=lambda m: (m.lo, m.hi)):
        if groups and m.lo < reach + 1.2:
            groups[-1].append(m)
            reach = max(reach, m.hi)
        else:
            groups.append([m])
            reach = m.hi
    # Groups in reading order (time order, whatever the direction), and within
    # a group the events in time order, for the label's lines and the key.
    chronological = lambda m: (m.event["position"], m.event.get("open", False))
    groups = [sorted(g, key=chronological) for g in groups]
    return sorted(groups, key=lambda g: chronological(g[0]))


def cluster_lines(cluster: list[Mark], mode: str, index: int, words: dict, lang: str, num) -> list[list[Segment]]:
    """A group's label: date and kind ("full"), dates only, or its number."""
    if mode == "numbers":
        return [[seg(num(str(index + 1)), lang, INK, bold=True)]]
    dates: dict[str, list[str]] = {}
    for m in cluster:
        dates.setdefault(m.event["when"], []).append(m.event["kind"])
    if len(dates) > MAX_DATE_LINES:
        # Many dates in one group: their span, and the kinds counted.
        span = [seg(f"{cluster[0].event['when']} – {cluster[-1].event['when']}", lang, INK, bold=True)]
        kinds = [m.event["kind"] for m in cluster]
        return [span] if mode == "dates" else [span, kind_segments(kinds, words, lang, num)]
    if mode == "dates":
        return [[seg(when, lang, INK, bold=True)] for when in dates]
    if len(dates) == 1:
        when, kinds = next(iter(dates.items()))
        return [[seg(when, lang, INK, bold=True)], kind_segments(kinds, words, lang, num)]
    return [[seg(when + " ", lang, INK, bold=True)] + kind_segments(kinds, words, lang, num)
            for when, kinds in dates.items()]


def key_lines(cluster: list[Mark], words: dict, lang: str, num) -> list[list[Segment]]:
    """A numbered group in the key: each event's date, kind and title (cut
    short at a word), events separated; a group of more dates than a label
    lists (MAX_DATE_LINES) by their span and kinds counted, as its label would."""
    if len({m.event["when"] for m in cluster}) > MAX_DATE_LINES:
        lines = cluster_lines(cluster, "full", 0, words, lang, num)
        lines = [lines[0] + [seg(" ", lang)] + lines[1]]
    else:
        lines = [[seg(m.event["when"] + " ", lang, INK, bold=True),
                  seg(words["kinds"][m.event["kind"]], lang, KIND_STYLE[m.event["kind"]][1]),
                  seg(f'{words["colon"]} {shortened(m.event["plain_title"])}', lang)] for m in cluster]
    for line in lines[:-1]:
        line.append(seg(words["semicolon"], lang))
    return lines


KEY_TITLE = 60          # the longest title a key line gives whole, in characters
# The key as base.css sets it: two lists side by side (.chart-keys), 8pt text,
# each entry's number at least 1.4em wide, 1.2rem apart (the largest root size).
KEY_SIZE, KEY_NUMBER_EM, KEY_GAP = 8.0, 1.4, 1.2 * 11


def key_columns(key: list[dict], frame: float, text_width: Measure) -> int:
    """How many entries the key's first column holds (the right one in Arabic):
    the split that makes the columns' estimated heights, in lines, closest,
    the first column the taller on a tie, as CSS column balancing would, but
    whole entries, and decided here: WeasyPrint balances `columns: 2` by laying
    the key out again and again, about half of each fact-sheet layout (docs/scale.md)."""
    column = (frame - KEY_GAP) / 2
    lines = [entry_lines(item["lines"], column, text_width) for item in key]
    return min(range(1, len(lines) + 1),
               key=lambda k: (max(sum(lines[:k]), sum(lines[k:])), sum(lines[:k]) < sum(lines[k:])),
               default=0)


def entry_lines(lines: list[list[Segment]], column: float, text_width: Measure) -> int:
    """The lines one key entry takes in a column `column` points wide, estimated
    from its measured width (number, a space between its pieces, its text)."""
    width = KEY_NUMBER_EM * KEY_SIZE + text_width(" ", KEY_SIZE) * len(lines)
    width += sum(text_width(str(s.text.unescape() if isinstance(s.text, Markup) else s.text), KEY_SIZE, s.bold)
                 for line in lines for s in line)
    return max(1, math.ceil(width / column))


def shortened(title: str, limit: int = KEY_TITLE) -> str:
    """A title cut at the last space before `limit` characters, with an ellipsis
    (one long word is cut between clusters: no letter loses its marks)."""
    title = " ".join(title.split())
    if len(title) <= limit:
        return title
    space = title.rfind(" ", 0, limit)
    return (title[:space] if space > 0 else title[:cut(title, limit)]).rstrip(" ،,؛;:") + "…"


def kind_segments(kinds: list[str], words: dict, lang: str, num) -> list[Segment]:
    """Kinds in their colours, each once, with a count when repeated."""
    counts = Counter(kinds)
    out = []
    for i, kind in enumerate(dict.fromkeys(kinds)):
        text = words["kinds"][kind] + (f" ×{num(str(counts[kind]))}" if counts[kind] > 1 else "")
        sep = words["comma"] if i < len(counts) - 1 else ""
        out.append(seg(text + sep, lang, KIND_STYLE[kind][1]))
    return out


def request_for(cluster: list[Mark], lines, style: TimelineStyle, pitch: float, text_width: Measure) -> Request:
    """A label's request: its leader starts on the one mark it names or, for a
    group spread along the axis, at the middle of a bracket over (or under) the
    group's marks, so it points at all of them, not at one."""
    top = max(cluster, key=lambda m: (m.lane, -abs(m.x - centre_of(cluster))))
    w, h = label_size(lines, style.size, text_width)
    marks_top, marks_bottom = -top.lane * pitch - style.radius, style.radius
    span = bracket_span(cluster)
    if span is None:
        return Request(anchor_x=top.x, marks_top=marks_top, marks_bottom=marks_bottom, width=w, height=h)
    return Request(anchor_x=(span[0] + span[1]) / 2, marks_top=marks_top - BRACKET_GAP,
                   marks_bottom=marks_bottom + BRACKET_GAP, width=w, height=h)


BRACKET_GAP = 2.0       # between a group's marks and the bracket its leader starts on, in points


def bracket_span(cluster: list[Mark]) -> Optional[tuple[float, float]]:
    """(left, right) of the marks' centres of a group spread along the axis; None
    for one mark, or marks stacked at one date (the leader meets them all)."""
    xs = [m.x for m in cluster]
    return (min(xs), max(xs)) if max(xs) - min(xs) > 1.0 else None


def bracket(span: tuple[float, float], y: float, towards: float) -> str:
    """A bracket at height y from span[0] to span[1], its ends turned `towards`
    the marks (+1 down, -1 up)."""
    left, right = span
    end = y + towards * 1.6
    return (f'<polyline points="{left:.2f},{end:.2f} {left:.2f},{y:.2f} {right:.2f},{y:.2f} {right:.2f},{end:.2f}" '
            f'fill="none" stroke="{LEADER}" stroke-width="0.6"/>')


def centre_of(cluster: list[Mark]) -> float:
    return sum(m.x for m in cluster) / len(cluster)


def year_ticks(axis: Axis, num, suffix: str, style: TimelineStyle, lang: str, text_width: Measure):
    """Year labels under the axis, spaced so none touch, and their boxes."""
    size = style.size
    widest = max(text_width(num(f"{y}{suffix}"), size) for y in range(axis.first, axis.last + 1))
    step = tick_step(axis, widest)
    ticks, boxes = [], []
    top = style.radius + 3
    for year in range(axis.first, axis.last + 1, step):
        text = num(f"{year}{suffix}")
        w = text_width(text, size) + 2
        x = axis.x(year)
        box = Box(x - w / 2, top, x + w / 2, top + size * LINE_HEIGHT)
        ticks.append((x, Label(box, [[seg(text, lang, MUTED)]])))
        boxes.append(ink_box(box, size))
    return ticks, boxes


def draw_timeline(axis: Axis, marks: list[Mark], labels, ticks, style: TimelineStyle, pitch: float):
    r = style.radius
    body = [f'<line x1="{axis.left - r:.2f}" y1="0" x2="{axis.right + r:.2f}" y2="0" stroke="{MUTED}" stroke-width="1"/>']
    text = []
    for x, label in ticks:
        body.append(f'<line x1="{x:.2f}" y1="-2.5" x2="{x:.2f}" y2="2.5" stroke="{MUTED}" stroke-width="0.8"/>')
        text.append(label)
    for cluster, lines, p in labels:
        leader = p.leader
        body.append(f'<line x1="{leader.x0:.2f}" y1="{leader.y0:.2f}" x2="{leader.x1:.2f}" y2="{leader.y1:.2f}" '
                    f'stroke="{LEADER}" stroke-width="0.6"/>')
        span = bracket_span(cluster)
        if span is not None:           # the leader's end on the marks' side
            body.append(bracket(span, leader.y1, 1) if p.side == "above" else bracket(span, leader.y0, -1))
        text.append(Label(Box(p.box.x0, p.box.y0 + INK_PAD * style.size, p.box.x1, p.box.y1 - INK_PAD * style.size),
                          lines, ids=[m.event["id"] for m in cluster]))
    for m in sorted(marks, key=lambda m: m.lane):
        y = -m.lane * pitch
        if m.open:
            colour = KIND_STYLE[m.event["kind"]][1]
            tail = m.x + axis.later * r
            body.append(arrow(tail, y, abs(m.hi - m.lo) - 2 * r, axis.later, colour))
        body.append(marker(m.event["kind"], m.x, y, r, hollow=m.open))
    return body, text


def timeline_legend(marks: list[Mark], words: dict, lang: str) -> list[dict]:
    kinds = sorted({m.event["kind"] for m in marks}, key=list(KIND_STYLE).index)
    legend = [{"swatch": swatch(marker(k, 8, 5, 4)), "text": isolate(words["kinds"][k], lang), "wide": False} for k in kinds]
    if any(m.open for m in marks):
        rtl = LANGUAGE[lang].rtl
        x, direction = (12, -1) if rtl else (4, 1)
        body = marker("accreditation", x, 5, 3.4, hollow=True)
        body = arrow(x + direction * 3.6, 5, 8, direction, MUTED) + body
        legend.append({"swatch": swatch(body, 24), "text": isolate(words["figures"]["open_date"], lang), "wide": True})
    return legend


def caption(words: dict, which: str, number: int, num) -> str:
    return fill(words["figures"]["caption"], number=figure_number(words, number, num), title=words["figures"][which])


def figure_number(words: dict, number: int, num) -> str:
    """The figure's number as the document writes it: a word in Arabic (readers
    misorder a digit beside a colon in right-to-left text), a digit in English."""
    return words["figures"].get(f"number_{number}") or num(str(number))


def timeline_alt(events: list[dict], words: dict, number: int, num) -> str:
    body = fill(words["figures"]["timeline_alt"],
        count=num(str(len(events))), first=events[0]["when"], last=events[-1]["when"],
        items=words["semicolon"].join(f'{e["when"]} {e["kind_label"]}: {e["plain_title"]}' for e in events))
    return fill(words["figures"]["numbered"], number=figure_number(words, number, num), description=body)


# -- the activity chart -------------------------------------------------------------

def activity(events: list[dict], words: dict, lang: str, num, frame: float, text_width: Measure,
             number: int = 2) -> Optional[Figure]:
    """Events per year, stacked by kind. Events whose year is not known (only
    "after" a date) are not counted; a note under the chart names them."""
    counted = [e for e in events if e["position"] is not None and not e.get("open")]
    if not counted:
        return None
    rtl, size = LANGUAGE[lang].rtl, 8.0
    suffix = LANGUAGE[lang].gregorian_suffix
    per_year = Counter((int(e["position"]), e["kind"]) for e in counted)
    years = range(int(min(e["position"] for e in counted)), int(max(e["position"] for e in counted)) + 1)
    kinds = sorted({e["kind"] for e in counted}, key=list(KIND_STYLE).index)
    totals = {y: sum(per_year[(y, k)] for k in kinds) for y in years}
    top = max(totals.values())
    count_step = next(s for s in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000) if top / s <= 6)
    top_tick = math.ceil(top / count_step) * count_step
    axis_w = max(text_width(num(str(top_tick)), size), 8) + 6
    plot_h, line_h = 84.0, size * LINE_HEIGHT
    base_y = plot_h + line_h / 2 + 2
    left, right = (4, frame - axis_w) if rtl else (axis_w, frame - 4)
    axis = Axis(years[0], years[-1] + 1, left, right, rtl)
    unit = plot_h / top_tick
    slot = axis.per_year()
    body, labels = [], []
    for count in range(0, top_tick + 1, count_step):
        y = base_y - count * unit
        body.append(f'<line x1="{left:.2f}" y1="{y:.2f}" x2="{right:.2f}" y2="{y:.2f}" '
                    f'stroke="{"#e4e0e1" if count else MUTED}" stroke-width="{0.6 if count else 1}"/>')
        text = num(str(count))
        w = text_width(text, size) + 2
        x0 = right + 3 if rtl else left - 3 - w
        labels.append(Label(Box(x0, y - line_h / 2, x0 + w, y + line_h / 2), [[seg(text, lang, MUTED)]],
                            align="start" if rtl else "end"))
    year_w = max(text_width(num(f"{y}{suffix}"), size) for y in years) + 2
    step = tick_step(axis, year_w - 8) if slot < year_w + 4 else 1
    for year in years:
        centre = (axis.x(year) + axis.x(year + 1)) / 2
        stacked = base_y
        for kind in kinds:
            height = per_year[(year, kind)] * unit
            if height:
                body.append(f'<rect x="{centre - slot * 0.3:.2f}" y="{stacked - height:.2f}" width="{slot * 0.6:.2f}" '
                            f'height="{height:.2f}" fill="{KIND_STYLE[kind][1]}" stroke="#ffffff" stroke-width="0.5"/>')
                stacked -= height
        if (year - years[0]) % step == 0:
            text = num(f"{year}{suffix}")
            w = text_width(text, size) + 2
            labels.append(Label(Box(centre - w / 2, base_y + 3, centre + w / 2, base_y + 3 + line_h),
                                [[seg(text, lang, MUTED)]]))
    height = base_y + 3 + line_h + 4
    counts = words["semicolon"].join(
        f"{num(f'{y}{suffix}')}: " + words["comma"].join(
            f"{words['kinds'][k]} {num(str(per_year[(y, k)]))}" for k in kinds if per_year[(y, k)])
        for y in years if totals[y])
    uncounted = [e for e in events if e.get("open") or e["position"] is None]
    note = None
    if uncounted:
        note = fill(words["figures"]["uncounted"],
            items=words["semicolon"].join(f'{e["kind_label"]} ({e["when"]})' for e in uncounted))
    alt = fill(words["figures"]["activity_alt"], items=counts) + (f" {note}" if note else "")
    legend = [{"swatch": swatch(f'<rect x="3" y="1" width="10" height="8" fill="{KIND_STYLE[k][1]}"/>'),
               "text": isolate(words["kinds"][k], lang), "wide": False} for k in kinds]
    return Figure(kind="activity", number=number, caption=caption(words, "activity", number, num),
                  alt=fill(words["figures"]["numbered"], number=figure_number(words, number, num), description=alt),
                  width=frame, height=round(height, 2), size=size, svg=svg_document(frame, height, body),
                  labels=labels, legend=legend, note=note)
