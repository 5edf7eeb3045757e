"""Modifiers: what changes a cue (the decisions of the ``rule`` column).

- A **negation** (``negation`` rows: لا، لن، لم، غير، دون، عدم، وقف، رفض …) before a cue,
  in its clause and within its reach, with no other cue between them, flips it — or, for a cue whose ``negated`` says so
  (attacks), removes it (``negated``). In a conditional clause negations do not flip
  (إذا لم تغادر states the condition, not a wish to stay).
- A **hedge** (``hedge`` rows: قد، ربما، من المرجح) before a cue halves its score
  (``hedged``).
- A **comparison** (``contrast`` rows: أكثر من، بدلا من) right before the forces flips a
  support or oppose cue about them (``comparative``), unless it counts (أكثر من نصف …).
- **Combat**: a cue next to a word whose stem starts with a ``combat_stem`` of
  ``grammar_words.csv`` (قتالي، القتالية), not after a ``combat_negator`` (غير قتالية), is
  about combat forces (aspect ``combat``).

Modifiers inside a stance cue, a limit or an ``idiom`` (لا سيما، لا بد، غير أن) are none.
Each is looked up in a window before the position it may reach
(:attr:`toolkit.stance.reader.Reader.max_span` words), not in the whole sentence.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable

from toolkit.stance.index import Match

__all__ = ["MODIFIER_KINDS", "combat", "contrast", "counted", "modifier", "nearby"]

#: The kinds of cue-file rows that modify a cue or open a condition.
MODIFIER_KINDS = ("negation", "condition", "duration", "hedge", "contrast")


def nearby(s, kind: str, position: int) -> Iterable[Match]:
    """The modifiers of ``kind`` in sentence ``s`` that may reach ``position``."""
    starts = s.mod_starts[kind]
    found = s.mods[kind]
    k = bisect_left(starts, position - s.reader.max_span)
    while k < len(found) and starts[k] <= position:
        yield found[k]
        k += 1


def contrast(s, ref: Match) -> Match | None:
    """The comparison (أكثر من، بدلا من …) that introduces these forces, if any."""
    for m in nearby(s, "contrast", ref.i):
        if m.j <= ref.i <= m.j + (m.record["parsed"].reach or 0) and not counted(s, m):
            return m
    return None


def counted(s, m: Match) -> bool:
    """Whether a comparison counts rather than compares: a quantity or a number follows it
    (أكثر من نصف جنود التحالف، أكثر من 150 هجوماً)."""
    if m.j >= len(s.words):
        return False
    info = s.words[m.j].info
    return info.stem in s.grammar.quantity or info.norm[:1].isdigit()


def modifier(s, cue: Match, kind: str) -> Match | None:
    """The negation or hedge (``kind``) in the cue's clause whose reach holds the cue, with no
    other stance cue between them (a negation negates the first cue it reaches: in لا بقاء
    للمحتل only بقاء)."""
    c = s.clause[cue.i]
    for m in nearby(s, kind, cue.i):
        reach = m.record["parsed"].reach or 0
        if s.clause[m.i] == c and m.j <= cue.i <= m.j + reach and not _cue_between(s, m.j, cue.i):
            return m
    return None


def _cue_between(s, start: int, end: int) -> bool:
    """Whether a stance cue starts at a word from ``start`` to ``end`` (exclusive)."""
    k = bisect_left(s.stance_starts, start)
    return k < len(s.stance_starts) and s.stance_starts[k] < end


def combat(s, first: int, end: int) -> bool:
    """Whether a word from ``first`` to ``end`` (exclusive) is a combat word without a
    combat negator before it (the first word counts whatever precedes it)."""
    if s.combat_words is None:
        prefixes = tuple(s.grammar.combat_stem)
        negators = s.grammar.combat_negator
        stems = [w.info.stem for w in s.words]
        every = [k for k, stem in enumerate(stems) if stem.startswith(prefixes)]
        plain = [k for k in every if k == 0 or stems[k - 1] not in negators]
        s.combat_words = (set(every), plain)
    every, plain = s.combat_words
    if first in every:
        return True
    k = bisect_left(plain, first)
    return k < len(plain) and plain[k] < end
