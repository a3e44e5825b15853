"""placement.py checked from outside: whatever it returns, no label touches
another label, an obstacle, a leader or the figure's edge, and no leader
crosses a label or an obstacle it does not belong to (hypothesis draws the
requests: many labels at nearby positions, wide labels, crowded figures)."""
import pytest
from hypothesis import given, settings, strategies as st

from briefgen.view.placement import GAP, Bands, Box, Obstacle, Placement, Request, alignments, place, row

WIDTH = 300.0


def strict_overlap(a: Box, b: Box) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


def touches_segment(box: Box, leader: Box) -> bool:
    """A vertical leader (x0 == x1) passing through the inside of a box."""
    return box.x0 < leader.x0 < box.x1 and leader.y0 < box.y1 and box.y0 < leader.y1


requests = st.lists(
    st.builds(lambda x, w, lines: Request(anchor_x=x, marks_top=-5, marks_bottom=5, width=w, height=11 * lines),
              st.floats(10, WIDTH - 10), st.floats(8, 120), st.integers(1, 3)),
    min_size=1, max_size=25)


@settings(max_examples=60, deadline=None)
@given(requests, st.booleans(), st.booleans())
def test_whatever_is_placed_collides_with_nothing(reqs, below, require_all):
    marks = [Obstacle(Box(r.anchor_x - 4, -5, r.anchor_x + 4, 5), owner=i) for i, r in enumerate(reqs)]
    ticks = [Obstacle(Box(x - 12, 8, x + 12, 20)) for x in (30.0, 150.0, 270.0)]
    bands = Bands(WIDTH, -10, 24 if below else None, 5.5, 12)
    result = place(reqs, marks + ticks, bands, require_all=require_all)
    if result is None:
        assert require_all
        return
    placed = [(i, p) for i, p in enumerate(result) if p is not None]
    if require_all:
        assert len(placed) == len(reqs)
    for i, p in placed:
        box = p.box
        assert box.x0 >= GAP - 1e-6 and box.x1 <= WIDTH - GAP + 1e-6
        assert box.x0 < reqs[i].anchor_x < box.x1           # the leader meets its own label
        for obstacle in marks + ticks:
            assert not strict_overlap(box, obstacle.box)
            if obstacle.owner != i:
                assert not (obstacle.box.x0 < p.leader.x0 < obstacle.box.x1
                            and p.leader.y0 < obstacle.box.y1 and obstacle.box.y0 < p.leader.y1)
        for j, q in placed:
            if j != i:
                assert not strict_overlap(box, q.box)
                assert not touches_segment(box, q.leader)


@pytest.mark.parametrize("first", [60.0, 12.0, 120.0])
def test_a_staircase_exists_when_steps_are_enough(first):
    """Thirty labels a marker apart (6 pt), each wider than six of those gaps, still all
    find room: in the middle, and pressed against either edge."""
    reqs = [Request(anchor_x=first + i * 6, marks_top=-5, marks_bottom=5, width=40, height=11) for i in range(30)]
    result = place(reqs, [], Bands(WIDTH, -10, None, 5.5, 200))
    assert result is not None and all(result)


# -- the search's shortcuts place every label where the plain rule does -----------

def plain_first_fit(index, request, obstacles, placed, bands, pending):
    """The module's docstring taken literally: every candidate, nearest first,
    each tested against every obstacle, placed label and leader."""
    sides = ["above", "below"] if bands.below_base is not None else ["above"]
    if index % 2 and len(sides) == 2:
        sides.reverse()
    for spare_pending in (True, False):
        for step in range(bands.steps):
            for side in sides:
                top, bottom, leader_top, leader_bottom = row(request, side, step, bands)
                for x0 in alignments(request, bands):
                    box = Box(x0, top, x0 + request.width, bottom)
                    leader = Box(request.anchor_x, leader_top, request.anchor_x, leader_bottom)
                    if spare_pending and any(box.x0 - GAP < x < box.x1 + GAP for x in pending):
                        continue
                    if all(not box.overlaps(o.box, GAP) and (o.owner == index or not leader.overlaps(o.box, GAP / 2))
                           for o in obstacles) and \
                       all(not box.overlaps(p.box, GAP) and not box.overlaps(p.leader, GAP)
                           and not leader.overlaps(p.box, GAP) for p in placed):
                        return Placement(box, leader, side)
    return None


def plain_place(requests, obstacles, bands, require_all):
    order = sorted(range(len(requests)), key=lambda i: requests[i].anchor_x)
    for ordered in (order, order[::-1]):
        placed, result = [], [None] * len(requests)
        for position, index in enumerate(ordered):
            found = plain_first_fit(index, requests[index], obstacles, placed, bands,
                                    [requests[i].anchor_x for i in ordered[position + 1:]])
            if found is None and require_all:
                break
            if found is not None:
                placed.append(found)
                result[index] = found
        else:
            return result
    return None


# Whole points, so that edges often lie exactly GAP or GAP / 2 apart, where a
# shortcut off by a gap would show.
whole = lambda low, high: st.integers(low, high).map(float)
grid_requests = st.lists(st.builds(lambda x, w, h: Request(anchor_x=x, marks_top=-5, marks_bottom=5, width=w, height=h),
                                   whole(10, WIDTH - 10), whole(8, 120), whole(8, 30)), min_size=1, max_size=12)
boxes = st.lists(st.builds(lambda x, y, w, h: Box(x, y, x + w, y + h),
                           whole(0, WIDTH), whole(-60, 60), whole(0, 40), whole(0, 20)), max_size=8)


@settings(max_examples=150, deadline=None)
@given(grid_requests, boxes, st.booleans(), st.booleans(), st.sampled_from([3, 12]))
def test_placements_are_those_of_the_plain_rule(reqs, others, below, require_all, steps):
    marks = [Obstacle(Box(r.anchor_x - 4, -5, r.anchor_x + 4, 5), owner=i) for i, r in enumerate(reqs)]
    obstacles = marks + [Obstacle(box) for box in others]
    bands = Bands(WIDTH, -10, 24 if below else None, 5.5, steps)
    assert place(reqs, obstacles, bands, require_all) == plain_place(reqs, obstacles, bands, require_all)
