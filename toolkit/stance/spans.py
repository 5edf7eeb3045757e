"""Spans of words (anything with ``.i`` and ``.j``, first word and one past the last):
choosing among overlapping ones, asking whether one lies inside or overlaps others, and the
items of a sorted list within a window (binary searches, so that a long sentence of many
cues costs in proportion to its length)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right

__all__ = ["Cover", "leftmost_longest", "window"]


def leftmost_longest(spans: list) -> list:
    """The spans that do not overlap, the leftmost first and at one start the longest (the
    first given among equals)."""
    chosen, reach = [], -1
    for m in sorted(spans, key=lambda m: (m.i, -(m.j - m.i))):
        if m.i >= reach:
            chosen.append(m)
            reach = m.j
    return chosen


class Cover:
    """Spans indexed so that containment is a binary search, not a scan."""

    def __init__(self, spans):
        ordered = sorted((s.i, s.j) for s in spans)
        self.starts = [i for i, _ in ordered]
        self.reach: list[int] = []  # the furthest end among the spans starting up to here
        furthest = -1
        for _, j in ordered:
            furthest = max(furthest, j)
            self.reach.append(furthest)
        self.ends: dict[int, int] = {}  # per start, the furthest end
        for i, j in ordered:
            self.ends[i] = max(self.ends.get(i, j), j)

    def contains(self, m, *, strictly: bool = False) -> bool:
        """Whether ``m`` lies inside one of the spans (``strictly``: inside another span)."""
        if not strictly:
            k = bisect_right(self.starts, m.i)
            return k > 0 and self.reach[k - 1] >= m.j
        k = bisect_left(self.starts, m.i)  # spans starting strictly before m
        if k > 0 and self.reach[k - 1] >= m.j:
            return True
        return self.ends.get(m.i, -1) > m.j

    def overlaps(self, m) -> bool:
        """Whether ``m`` overlaps one of the spans (shares a word with it)."""
        k = bisect_left(self.starts, m.j)  # the spans that start before m ends
        return k > 0 and self.reach[k - 1] > m.i


def window(items: list, keys: list[int], low: int, high: int) -> list:
    """The ``items`` whose key lies in ``low … high`` (``keys`` sorted, one per item), in the
    order given."""
    return items[bisect_left(keys, low) : bisect_right(keys, high)]
