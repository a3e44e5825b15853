"""Collision-free placement of figure labels, from measured sizes.

Pure geometry in points, y growing downwards. A label is a box joined to what
it names by a vertical leader. Each label tries, nearest first, the steps away
from the axis on either side and three alignments around its leader (centred,
ending at it, starting at it); the first candidate that touches nothing is
kept. "Nothing" is: the figure's edges, every obstacle (markers, axis labels),
every label placed so far and every leader drawn so far; and the candidate's
own leader may not cross a placed label or an obstacle other than its own
markers. Labels are taken in order along the axis, so a label that ends at its
leader never lies over the leaders of those before it: a staircase, the layout
that always exists when enough steps are allowed (labels pressed against the
left edge cannot end at their leaders; then the labels are taken from the
other end, and the staircase runs the other way). When a label finds no place
within the steps allowed, placement reports it and the caller shortens or
numbers the labels instead of letting them overlap.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

GAP = 2.0          # clear space kept around every label, in points
INSET = 3.0        # a leader meets its label at least this far from the label's ends


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: "Box", gap: float = 0.0) -> bool:
        return (self.x0 < other.x1 + gap and other.x0 < self.x1 + gap
                and self.y0 < other.y1 + gap and other.y0 < self.y1 + gap)

    def shifted(self, dy: float) -> "Box":
        return Box(self.x0, self.y0 + dy, self.x1, self.y1 + dy)


@dataclass(frozen=True)
class Obstacle:
    box: Box
    owner: int = -1      # the request whose own marker this is (its leader may start on it)


@dataclass(frozen=True)
class Request:
    """One label to place: its size, where its leader is, and the extent of
    the marks it names (the leader starts at their top or bottom)."""
    anchor_x: float
    marks_top: float
    marks_bottom: float
    width: float
    height: float


@dataclass(frozen=True)
class Placement:
    box: Box
    leader: Box          # a zero-width box: x0 == x1, from the marks to the label
    side: str            # "above" or "below"


@dataclass(frozen=True)
class Bands:
    """Where labels may go: below `above_base` (their bottoms) and from
    `below_base` down (their tops), in steps of `step`, at most `steps` each."""
    width: float
    above_base: float
    below_base: Optional[float]
    step: float
    steps: int


def place(requests: list[Request], obstacles: list[Obstacle], bands: Bands,
          require_all: bool = True) -> Optional[list[Optional[Placement]]]:
    """A placement for every request (by index), or None if one cannot be placed
    and require_all; otherwise unplaceable ones are None."""
    order = sorted(range(len(requests)), key=lambda i: requests[i].anchor_x)
    result = in_order(order, requests, obstacles, bands, require_all)
    if result is None:
        # Labels crowded against the left edge cannot end at their leaders;
        # the staircase then runs the other way.
        result = in_order(order[::-1], requests, obstacles, bands, require_all)
    return result


def in_order(order: list[int], requests: list[Request], obstacles: list[Obstacle], bands: Bands,
             require_all: bool) -> Optional[list[Optional[Placement]]]:
    fixed = [_Edges(o.box, o.owner) for o in obstacles]
    placed: list[tuple[_Edges, _Edges]] = []     # each placed label's box and leader
    result: list[Optional[Placement]] = [None] * len(requests)
    anchors = [requests[i].anchor_x for i in order]
    for position, index in enumerate(order):
        found = first_fit(index, requests[index], fixed, placed, bands, anchors[position + 1:])
        if found is None and require_all:
            return None
        if found is not None:
            placed.append((_Edges(found.box), _Edges(found.leader)))
            result[index] = found
    return result


class _Edges:
    """A box's edges, with the far ones already widened by GAP and by GAP / 2,
    as Box.overlaps widens them: the comparisons below are its own, computed
    once per box rather than once per pair."""
    __slots__ = ("x0", "y0", "x1", "y1", "x1_gap", "y1_gap", "x1_half", "y1_half", "owner")

    def __init__(self, box: Box, owner: int = -1):
        self.x0, self.y0, self.x1, self.y1, self.owner = box.x0, box.y0, box.x1, box.y1, owner
        self.x1_gap, self.y1_gap = box.x1 + GAP, box.y1 + GAP
        self.x1_half, self.y1_half = box.x1 + GAP / 2, box.y1 + GAP / 2


def first_fit(index: int, request: Request, obstacles: list[_Edges], placed: list[tuple[_Edges, _Edges]],
              bands: Bands, pending: list[float] = ()) -> Optional[Placement]:
    """The nearest clear candidate. First among those that leave the leaders
    still to come free (a label over a later leader would shut it in), then
    among any. A candidate not clear in the first pass is not clear in the
    second (nothing moved), so the second tries only those the first left out."""
    sides = ["above", "below"] if bands.below_base is not None else ["above"]
    if index % 2 and len(sides) == 2:
        sides.reverse()           # alternate which side is tried first, to keep both short
    starts = alignments(request, bands)
    if not starts:
        return None
    near = Nearby(index, request, starts, obstacles, placed)
    spares = [x0 for x0 in starts if not any(x0 - GAP < x < x0 + request.width + GAP for x in pending)]
    for tried in (spares, [x0 for x0 in starts if x0 not in spares]):
        if not tried:
            continue
        for step in range(bands.steps):
            for side in sides:
                top, bottom, leader_top, leader_bottom = row(request, side, step, bands)
                for x0 in tried:
                    x1 = x0 + request.width
                    if near.clear(x0, top, x1, bottom, leader_top, leader_bottom):
                        return Placement(Box(x0, top, x1, bottom),
                                         Box(request.anchor_x, leader_top, request.anchor_x, leader_bottom), side)
    return None


def alignments(request: Request, bands: Bands) -> list[float]:
    """Where the label's left edge may be: centred on its leader, ending at
    it, starting at it; inside the figure, each place once. The same on either
    side and at every step."""
    w, ax = request.width, request.anchor_x
    starts: list[float] = []
    seen = set()
    for x0 in (ax - w / 2, ax - w + INSET, ax - INSET):
        x0 = min(max(x0, GAP), bands.width - GAP - w)
        if x0 < GAP - 0.01:         # wider than the figure: it would run into the margin
            break
        if not (x0 + INSET - 0.01 <= ax <= x0 + w - INSET + 0.01) or round(x0, 2) in seen:
            continue
        seen.add(round(x0, 2))
        starts.append(x0)
    return starts


def row(request: Request, side: str, step: int, bands: Bands) -> tuple[float, float, float, float]:
    """A label's top and bottom on `side`, `step` steps away from the axis,
    and its leader's (from the marks to the label)."""
    if side == "above":
        bottom = bands.above_base - step * bands.step
        return bottom - request.height, bottom, bottom, request.marks_top
    top = bands.below_base + step * bands.step
    return top, top + request.height, request.marks_bottom, top


class Nearby:
    """What one request's candidates could touch, sorted out once for all of
    them: they differ only in height and in where they start, so whatever lies
    wholly beside every start cannot touch a label, and its leader stands at
    the same x at every step. A candidate is clear if its label touches
    (within GAP) no obstacle, placed label or placed leader, and its leader
    comes within GAP / 2 of no obstacle but its own markers and within GAP of
    no placed label: Box.overlaps' tests, in their order of operands."""

    def __init__(self, index: int, request: Request, starts: list[float], obstacles: list[_Edges],
                 placed: list[tuple[_Edges, _Edges]]):
        leftmost = min(starts)
        reach = max(x0 + request.width + GAP for x0 in starts)      # the candidates' x1 + GAP, at most
        labels = [other for pair in placed for other in pair]
        self.labels = [o for o in obstacles + labels if leftmost < o.x1_gap and o.x0 < reach]
        ax = request.anchor_x
        # A leader is a zero-width box at ax: only the y half of each test is left to do.
        self.leader_half = [(o.y0, o.y1_half) for o in obstacles
                            if o.owner != index and ax < o.x1_half and o.x0 < ax + GAP / 2]
        self.leader_gap = [(o.y0, o.y1_gap) for o, _ in placed if ax < o.x1_gap and o.x0 < ax + GAP]

    def clear(self, x0: float, y0: float, x1: float, y1: float, leader_top: float, leader_bottom: float) -> bool:
        """Whether the label (x0, y0, x1, y1) and its leader (leader_top to
        leader_bottom at the request's x) touch nothing."""
        x1_gap, y1_gap = x1 + GAP, y1 + GAP
        for o in self.labels:
            if x0 < o.x1_gap and o.x0 < x1_gap and y0 < o.y1_gap and o.y0 < y1_gap:
                return False
        bottom_half, bottom_gap = leader_bottom + GAP / 2, leader_bottom + GAP
        return not (any(leader_top < low and high < bottom_half for high, low in self.leader_half)
                    or any(leader_top < low and high < bottom_gap for high, low in self.leader_gap))
