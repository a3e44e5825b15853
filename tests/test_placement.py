"""placement.py checked from outside: whatever it returns, no label touches
another label, an obstacle, a leader or the figure's edge, and no leader
crosses a label or an obstacle it does not belong to (hypothesis draws the
requests: many labels at nearby positions, wide labels, crowded figures)."""
import pytest
from hypothesis import given, settings, strategies as st

from briefgen.view.placement import GAP, Bands, Box, Obstacle, Request, place

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
