"""What a cue is about: the forces it names, and whose they are (``target`` or not).

A cue counts only if it concerns the target. The forces named in a sentence are the
``target``, ``other``, ``host`` and ``force`` rows of the cue file (not hidden inside a name
that is no force: تحالف الفتح، واشنطن بوست). For each cue (:func:`reference`):

0. A sentence that names another theatre (``elsewhere`` rows: أفغانستان، سوريا، البرج 22)
   and no place of Iraq (``here`` rows: العراق، بغداد، أربيل) is off target (``elsewhere``).
1. Forces named with an owner decide first — those overlapping the cue, else the nearest in
   its clause (after it on a tie; bare forces right after the cue, its object, decide before
   them; host forces right after a training word are its trainees, no owner): target references (القوات الأمريكية، قوات التحالف، جندي
   أمريكي، القوات الأجنبية، واشنطن …) keep it; *other* forces (الناتو) and the *host*
   country's forces (القوات العراقية) make it off target. The holder's own name is not the
   forces its cue is about (واشنطن: لن نغادر — Washington speaks).
2. Otherwise — or first, when they stand right before the cue as its subject (قواتها
   «ستواصل تقديم المشورة» للقوات العراقية) — bare forces (``force``: القوات، قواتها، المهمة), which belong to the last owner
   named before them in the sentence; forces with a possessive (قواتنا، مستشاريها) without an
   owner named before them are the holder's own (:func:`holder_side`); else they belong to
   the owner named earlier in the article (:func:`owner`).
3. A cue whose pattern ends in ``…`` needs its forces *after* it, within its reach and before
   the next cue (هجمات على … القوات الأمريكية).
4. A comparison names the forces it is about (مقبولة أكثر من القوات الأمريكية): forces that
   a ``contrast`` row introduces are preferred to the nearest.
5. A cue with no forces in its clause looks back in its sentence (host forces excepted), then
   to the holder's own forces when they are the target's (a US official's «لا نية لدينا
   للخروج»; not an embassy's: «السفارة ستواصل عملها» is its own work), then to the article's last owner (:mod:`toolkit.stance.state`), then to forces
   named later in the sentence («نريدهم أن يرحلوا»، قال شاب … عن الجنود الأمريكيين).
6. In an article that has named no owner of forces yet, bare forces (أُخليت القواعد) and a
   definite word of staying or leaving with no name after it (الانسحاب في هذه المرحلة) are
   the target's (:func:`unowned_topic`): a text about the presence names its forces so.

The side of a holder is the kind of the cue rows whose ``party`` it is (the US
administration's and the coalition's forces are the target, Iran's other forces, the Iraqi
government's the host's). Every step is a binary search in the forces indexed once per
sentence (:class:`Refs`).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from toolkit.stance.index import Match
from toolkit.stance.modifiers import contrast

__all__ = ["REF_KINDS", "ForceIndex", "Refs", "holder_side", "owner", "possessed", "reference"]

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

    def without(self, dropped: list[Match], clause_of: list[int]) -> Refs:
        """These forces but ``dropped``: only the clauses that held them are indexed again."""
        gone = {id(r) for r in dropped}
        new = Refs.__new__(Refs)
        new.refs = [r for r in self.refs if id(r) not in gone]
        new.ends = [r.j for r in new.refs]
        new.clauses, new.compared = dict(self.clauses), dict(self.compared)
        for clause in {clause_of[r.i] for r in dropped}:
            for index in (new.clauses, new.compared):
                if clause in index:
                    found, _ = index[clause]
                    kept = [r for r in found if id(r) not in gone]
                    index[clause] = (kept, [r.i for r in kept])
        return new

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
    look back to, where the cues start, and the owner of each bare forces in the sentence
    (``refs``: the sentence's forces, by default all of them)."""

    def __init__(self, s, refs: list[Match] | None = None):
        refs = s.refs if refs is None else refs
        self.stance_starts = [m.i for m in s.stance]
        # the forces a comparison introduces (by their first word)
        self.compared = compared = {r.i for r in refs if contrast(s, r) is not None}
        # host forces right after a word of training or support are who is trained, not the
        # forces a cue is about (ستواصل تدريب القوات العراقية: :func:`beneficiaries`)
        trained = beneficiaries(s, refs)
        named = [r for r in refs if r.record["kind"] != "force" and r.i not in trained]
        bare = [r for r in refs if r.record["kind"] == "force"]
        looked_back = [r for r in refs if r.record["kind"] != "host"]
        self.named, self.bare, self.looked_back = (
            Refs(found, s.clause, compared) for found in (named, bare, looked_back)
        )
        # The owner of bare forces: the last target or other forces named before them.
        self.owners: dict[int, str | None] = {}
        last = None
        for r in s.refs:
            self.owners[r.i] = last
            if r.record["kind"] in ("target", "other"):
                last = r.record["kind"]
        self.without: dict[frozenset, ForceIndex] = {}
        self.firsts = [s.words[r.i].start for r in s.refs]  # where each ref starts (characters)
        self.own: dict[int, tuple] = {}  # id of a list of holders -> (the list, its own refs)

    def dropping(self, dropped: list[Match], s) -> ForceIndex:
        """This index without the ``dropped`` forces (a holder's own name), as
        ``ForceIndex(s, refs without them)`` would be, re-indexing only their clauses."""
        new = ForceIndex.__new__(ForceIndex)
        new.stance_starts, new.owners, new.firsts = self.stance_starts, self.owners, self.firsts
        new.compared = self.compared - {r.i for r in dropped}
        new.named, new.bare, new.looked_back = (
            refs.without(dropped, s.clause) for refs in (self.named, self.bare, self.looked_back)
        )
        new.without, new.own = {}, {}
        return new


def _object_after(bare: Refs, cue: Match, clause: int, s) -> bool:
    """Whether bare forces start right after the cue, in its clause: its object (لن تسحب
    جنودها، سحب قواتها), which decides before forces named further on (قبل أن تتأكد من قدرة
    القوات العراقية: the host's forces are not what is withdrawn)."""
    after = bare.first_from(clause, cue.j)
    return after is not None and after.i == cue.j and s.clause[after.i] == clause


def _mission(s, holders) -> bool:
    """Whether a holder named in the sentence is a diplomatic mission (its first word a
    ``mission_noun`` of ``grammar_words.csv``: السفارة الأمريكية): with no forces named, what
    it says it will go on doing is its own work, not its forces'."""
    starts = {h.start for h in holders if h.base is None and h.start is not None}
    if not starts:
        return False
    nouns, words = s.grammar.mission_noun, s.words
    firsts = [w.start for w in words]
    for start in starts:  # the word where each holder's name starts (or whose head it is)
        k = bisect_right(firsts, start) - 1
        if k >= 0 and words[k].info.stem in nouns and start in (words[k].start, words[k].head):
            return True
    return False


def beneficiaries(s, refs: list[Match]) -> set[int]:
    """The first words of host forces that follow a role limit right before them (``limit``
    rows: تدريب، المشورة): the trainees of a mission (ستواصل تدريب القوات العراقية), not the
    forces that its cue is about — the trainers are the target's."""
    ends = {m.j for m in s.limits}
    return {r.i for r in refs if r.record["kind"] == "host" and r.i in ends}


def holder_side(s, holders) -> str | None:
    """Whose forces the holders' own are: ``target`` when one of them owns the target's
    forces, else the one side they own, else ``None``."""
    known = s.reader.sides
    sides = {known[p] for h in holders for p in h.parties if p in known}
    if "target" in sides:
        return "target"
    return next(iter(sides)) if len(sides) == 1 else None


def _index(s, holders) -> ForceIndex:
    """The sentence's forces without those that are a holder's own name (named here)."""
    if s.forces is None:
        s.forces = ForceIndex(s)
    if not holders or not s.refs:
        return s.forces
    spans = [(h.start, h.end) for h in holders if h.base is None and h.start is not None]
    if not spans:
        return s.forces
    known = s.forces.own.get(id(holders))
    if known is not None and known[0] is holders:
        own = known[1]
    else:  # once per list of holders (a clause's): the refs that overlap a holder's name
        own = _overlapping(s, spans)
        s.forces.own[id(holders)] = (holders, own)
    if not own:
        return s.forces
    if own not in s.forces.without:
        s.forces.without[own] = s.forces.dropping([s.refs[k] for k in sorted(own)], s)
    return s.forces.without[own]


def _overlapping(s, spans: list[tuple[int, int]]) -> frozenset[int]:
    """The indexes of the sentence's refs whose characters overlap one of ``spans``."""
    w, refs, own = s.words, s.refs, set()
    firsts = s.forces.firsts
    for start, end in spans:  # the refs (in order, not overlapping) that overlap each span
        k = bisect_left(firsts, end) - 1
        while k >= 0 and w[refs[k].j - 1].end > start:
            own.add(k)
            k -= 1
    return frozenset(own)


def reference(s, cue: Match, holders=()) -> tuple[str | None, Match | None]:
    """What a cue of sentence ``s`` held by ``holders`` is about: (``target``/``other``/
    ``host``/``elsewhere``/None, the forces named), by the steps of this module's docstring."""
    if s.elsewhere:
        return "elsewhere", None
    forces = _index(s, holders)
    c = s.clause[cue.i]
    reach = cue.record["parsed"].reach
    later = bisect_left(forces.stance_starts, cue.j)
    stop = forces.stance_starts[later] if later < len(forces.stance_starts) else len(s.words)

    def pick(refs: Refs) -> Match | None:
        overlapping = refs.overlapping(cue)
        if overlapping is not None:
            return overlapping
        if reach is None and refs is forces.named:
            subject = (
                forces.bare.refs[k - 1] if (k := bisect_right(forces.bare.ends, cue.i)) else None
            )
            if subject is not None and subject.j == cue.i and s.clause[subject.i] == c:
                return None  # the bare forces right before the cue are its subject (قواتها ستواصل)
            if _object_after(forces.bare, cue, c, s):
                return None  # the bare forces right after the cue are its object (تسحب جنودها)
        if reach is not None:
            after = refs.first_from(c, cue.j)
            return after if after is not None and after.i <= min(cue.j + reach, stop - 1) else None
        compared = refs.first_from(c, cue.j, compared=True)
        return compared if compared is not None else refs.nearest(c, cue)

    ref = pick(forces.named) or pick(forces.bare)
    if ref is None and reach is None:
        k = bisect_right(forces.looked_back.ends, cue.i)
        if k > 0:
            ref = forces.looked_back.refs[k - 1]
        else:
            if holder_side(s, holders) == "target":
                if _mission(s, holders):
                    return None, None  # السفارة ستواصل عملها: an embassy's own work
                return "target", None
            if s.state.owner is not None:
                return s.state.owner, None
            k = bisect_left(forces.looked_back.ends, cue.j + 1)
            ref = forces.looked_back.refs[k] if k < len(forces.looked_back.refs) else None
            if ref is None or ref.i < cue.j:
                return ("target" if unowned_topic(s, cue) else None), None
    if ref is None:
        return None, None
    return owner(s, ref, holders), ref


def owner(s, ref: Match, holders=()) -> str | None:
    """Whose forces these are: their own kind; for bare forces the last owner named before
    them in the sentence, else (with a possessive: قواتنا، مستشاريها) the holders' side,
    else the owner named earlier in the article."""
    kind = ref.record["kind"]
    if kind != "force":
        return kind
    before = s.forces.owners.get(ref.i)
    if before is not None:
        return before
    if holders and possessed(s, ref):
        side = holder_side(s, holders)
        if side is not None:
            return side
    # forces no one owns in an article that named no owner: the target's (أُخليت القواعد)
    return s.state.owner if s.state.owner is not None else "target"


def unowned_topic(s, cue: Match) -> bool:
    """Whether a cue of staying or leaving, in an article that named no forces, is about the
    target: a definite word (الانسحاب، الخروج) with no name within two words after it
    (الانسحاب في هذه المرحلة — not انسحاب الكتلة الصدرية من البرلمان)."""
    word = s.words[cue.i].info
    if not cue.record["topic"] or not word.article:
        return False
    return not any(cue.j <= m.i <= cue.j + 1 for m in s.mentions)


def possessed(s, ref: Match) -> bool:
    """Whether forces carry a possessive pronoun (``possessive`` endings of
    ``grammar_words.csv``: قواتنا، جنودها، مستشاريها)."""
    stem = s.words[ref.j - 1].info.stem
    return any(stem.endswith(p) and len(stem) > len(p) + 2 for p in s.grammar.possessive)
