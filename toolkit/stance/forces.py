"""What a cue is about: the forces it names, and whose they are (``target`` or not).

A cue counts only if it concerns the target. The forces named in a sentence are the
``target``, ``other``, ``host`` and ``force`` rows of the cue file (not hidden inside a name
that is no force: تحالف الفتح، واشنطن بوست). For each cue (:func:`reference`):

1. Forces named with an owner decide first — those overlapping the cue, else the nearest in
   its clause (after it on a tie): target references (القوات الأمريكية، قوات التحالف، جندي
   أمريكي، القوات الأجنبية، واشنطن …) keep it; *other* forces (الناتو) and the *host*
   country's forces (القوات العراقية) make it off target.
2. Otherwise bare forces (``force``: القوات، قواتها، المهمة), which belong to the last owner
   named before them in the sentence, else earlier in the article (:func:`owner`).
3. A cue whose pattern ends in ``…`` needs its forces *after* it, within its reach and before
   the next cue (هجمات على … القوات الأمريكية).
4. A comparison names the forces it is about (مقبولة أكثر من القوات الأمريكية): forces that
   a ``contrast`` row introduces are preferred to the nearest.
5. A cue with no forces in its clause looks back in its sentence (host forces excepted), then
   to the article's last owner (:mod:`toolkit.stance.state`).

Every step is a binary search in the forces indexed once per sentence (:class:`Refs`).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from toolkit.stance.index import Match
from toolkit.stance.modifiers import contrast

__all__ = ["REF_KINDS", "ForceIndex", "Refs", "owner", "reference"]

#: The kinds of cue-file rows that name forces.
REF_KINDS = ("target", "other", "host", "force")


class Refs:
    """Forces named in a sentence (in order, not overlapping), indexed for binary search:
    overall, per clause, and per clause those a comparison introduces."""

    def __init__(self, refs: list[Match], clause_of: list[int], compared: set[int]):
        self.refs = refs
        self.ends = [r.j for r in refs]
        self.clauses: dict[int, tuple[list[Match], list[int]]] = {}
        self.compared: dict[int, tuple[list[Match], list[int]]] = {}
        for r in refs:
            for index, keep in ((self.clauses, True), (self.compared, r.i in compared)):
                if keep:
                    found, starts = index.setdefault(clause_of[r.i], ([], []))
                    found.append(r)
                    starts.append(r.i)

    def overlapping(self, cue: Match) -> Match | None:
        k = bisect_right(self.ends, cue.i)
        return self.refs[k] if k < len(self.refs) and self.refs[k].i < cue.j else None

    def first_from(self, clause: int, position: int, *, compared: bool = False):
        """The first forces of ``clause`` that start at or after ``position``."""
        found, starts = (self.compared if compared else self.clauses).get(clause, ((), []))
        k = bisect_left(starts, position)
        return found[k] if k < len(found) else None

    def nearest(self, clause: int, cue: Match) -> Match | None:
        """The forces of ``clause`` nearest to the cue (none overlaps it); after it on a tie."""
        found, starts = self.clauses.get(clause, ((), []))
        k = bisect_left(starts, cue.j)
        after = found[k] if k < len(found) else None
        before = found[k - 1] if k > 0 and found[k - 1].j <= cue.i else None
        if before is None or (after is not None and after.i - cue.j <= cue.i - before.j):
            return after
        return before


class ForceIndex:
    """The forces of one sentence indexed once: named with an owner, bare, those a cue may
    look back to, where the cues start, and the owner of each bare forces in the sentence."""

    def __init__(self, s):
        self.stance_starts = [m.i for m in s.stance]
        compared = {r.i for r in s.refs if contrast(s, r) is not None}
        named = [r for r in s.refs if r.record["kind"] != "force"]
        bare = [r for r in s.refs if r.record["kind"] == "force"]
        looked_back = [r for r in s.refs if r.record["kind"] != "host"]
        self.named, self.bare, self.looked_back = (
            Refs(refs, s.clause, compared) for refs in (named, bare, looked_back)
        )
        # The owner of bare forces: the last target or other forces named before them.
        self.owners: dict[int, str | None] = {}
        last = None
        for r in s.refs:
            self.owners[r.i] = last
            if r.record["kind"] in ("target", "other"):
                last = r.record["kind"]


def reference(s, cue: Match) -> tuple[str | None, Match | None]:
    """What a cue of sentence ``s`` is about: (``target``/``other``/``host``/None, the forces
    named), by the steps of this module's docstring."""
    if s.forces is None:
        s.forces = ForceIndex(s)
    forces = s.forces
    c = s.clause[cue.i]
    reach = cue.record["parsed"].reach
    later = bisect_left(forces.stance_starts, cue.j)
    stop = forces.stance_starts[later] if later < len(forces.stance_starts) else len(s.words)

    def pick(refs: Refs) -> Match | None:
        overlapping = refs.overlapping(cue)
        if overlapping is not None:
            return overlapping
        if reach is not None:
            after = refs.first_from(c, cue.j)
            return after if after is not None and after.i <= min(cue.j + reach, stop - 1) else None
        compared = refs.first_from(c, cue.j, compared=True)
        return compared if compared is not None else refs.nearest(c, cue)

    ref = pick(forces.named) or pick(forces.bare)
    if ref is None and reach is None:
        k = bisect_right(forces.looked_back.ends, cue.i)
        if k == 0:
            return s.state.owner, None
        ref = forces.looked_back.refs[k - 1]
    if ref is None:
        return None, None
    return owner(s, ref), ref


def owner(s, ref: Match) -> str | None:
    """Whose forces these are: their own kind, or for bare forces the last owner named before
    them in the sentence, else in the article."""
    kind = ref.record["kind"]
    if kind != "force":
        return kind
    before = s.forces.owners.get(ref.i)
    return before if before is not None else s.state.owner
