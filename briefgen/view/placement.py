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
    placed: list[Placement] = []
    result: list[Optional[Placement]] = [None] * len(requests)
    for position, index in enumerate(order):
        pending = [requests[i].anchor_x for i in order[position + 1:]]
        found = first_fit(index, requests[index], obstacles, placed, bands, pending)
        if found is None and require_all:
            return None
        if found is not None:
            placed.append(found)
            result[index] = found
    return result


def first_fit(index: int, request: Request, obstacles: list[Obstacle], placed: list[Placement],
              bands: Bands, pending: list[float] = ()) -> Optional[Placement]:
    """The nearest clear candidate. First among those that leave the leaders
    still to come free (a label over a later leader would shut it in), then
    among any."""
    sides = ["above", "below"] if bands.below_base is not None else ["above"]
    if index % 2 and len(sides) == 2:
        sides.reverse()           # alternate which side is tried first, to keep both short
    for spare_pending in (True, False):
        for step in range(bands.steps):
            for side in sides:
                for candidate in candidates(request, side, step, bands):
                    if spare_pending and any(candidate.box.x0 - GAP < x < candidate.box.x1 + GAP for x in pending):
                        continue
                    if is_clear(index, candidate, obstacles, placed):
                        return candidate
    return None


def candidates(request: Request, side: str, step: int, bands: Bands):
    w, h, ax = request.width, request.height, request.anchor_x
    if side == "above":
        bottom = bands.above_base - step * bands.step
        top = bottom - h
        leader = Box(ax, bottom, ax, request.marks_top)
    else:
        top = bands.below_base + step * bands.step
        bottom = top + h
        leader = Box(ax, request.marks_bottom, ax, top)
    seen = set()
    for x0 in (ax - w / 2, ax - w + INSET, ax - INSET):
        x0 = min(max(x0, GAP), bands.width - GAP - w)
        if x0 < GAP - 0.01:         # wider than the figure: it would run into the margin
            return
        if not (x0 + INSET - 0.01 <= ax <= x0 + w - INSET + 0.01) or round(x0, 2) in seen:
            continue
        seen.add(round(x0, 2))
        yield Placement(Box(x0, top, x0 + w, bottom), leader, side)


def is_clear(index: int, candidate: Placement, obstacles: list[Obstacle], placed: list[Placement]) -> bool:
    box, leader = candidate.box, candidate.leader
    for obstacle in obstacles:
        if box.overlaps(obstacle.box, GAP):
            return False
        if obstacle.owner != index and leader.overlaps(obstacle.box, GAP / 2):
            return False
    for other in placed:
        if box.overlaps(other.box, GAP) or box.overlaps(other.leader, GAP):
            return False
        if leader.overlaps(other.box, GAP):
            return False
    return True
