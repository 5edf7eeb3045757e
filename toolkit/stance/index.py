"""The patterns of the cue and speakers files, indexed for reading.

Every pattern word (a :class:`~toolkit.lexicons.patterns.Slot`: alternatives, ``word*``,
``*word``, ``*word*``) gets a number once; a distinct token is looked up once for the slots it
matches (:meth:`PatternIndex.slots_of`) and the patterns whose first word it matches
(:attr:`PatternIndex.by_first`). Matching a sentence (:meth:`PatternIndex.matches`) then
only extends the patterns that may start at each word, over the gaps ``…`` allows, never
across clause punctuation. The pattern syntax itself is documented in
:mod:`toolkit.lexicons.patterns`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from toolkit.lexicons.patterns import Pattern, Slot
from toolkit.stance.words import Word

__all__ = ["ANCHOR_KINDS", "Match", "PatternIndex"]

#: The kinds whose first words make a sentence a candidate (see
#: :func:`toolkit.stance.classify.candidates`).
ANCHOR_KINDS = ("stance", "target", "other", "force", "verb", "source")


class Match(NamedTuple):
    """A pattern found in a sentence: words ``i`` to ``j`` (exclusive)."""

    kind: str
    i: int  # first word
    j: int  # one past the last word
    record: dict


class PatternIndex:
    """The patterns of each kind, their words numbered and indexed by form."""

    def __init__(self, patterns: dict[str, list[tuple[Pattern, dict]]]):
        self.patterns = patterns
        self._slot_ids: dict[Slot, int] = {}
        self._exact: dict[str, list[int]] = {}
        self._starts: dict[str, list[int]] = {}
        self._ends: dict[str, list[int]] = {}
        self._contains: list[tuple[str, int]] = []
        #: The patterns by the number of their first word: (kind, slot ids, gaps, record).
        self.by_first: dict[int, list[tuple[str, tuple[int, ...], tuple[int, ...], dict]]] = {}
        for kind, entries in patterns.items():
            for pattern, record in entries:
                ids = tuple(self._slot_id(s) for s in pattern.slots)
                self.by_first.setdefault(ids[0], []).append((kind, ids, pattern.gaps, record))
        # The longest word a pattern word's start or end (word*, *word) may be: longer
        # prefixes and suffixes of a token are not looked up (a very long token stays linear).
        self._affix = max(map(len, [*self._starts, *self._ends]), default=0)
        #: How far before a position a match that can reach it may start: its words, its gaps
        #: and its reach (so modifiers are looked up in a window, not the whole sentence).
        self.max_span = max(
            len(p.slots) + sum(p.gaps) + (p.reach or 0)
            for entries in patterns.values()
            for p, _ in entries
        )

    def _slot_id(self, slot: Slot) -> int:
        if slot in self._slot_ids:
            return self._slot_ids[slot]
        sid = len(self._slot_ids)
        self._slot_ids[slot] = sid
        for word in slot.exact:
            self._exact.setdefault(word, []).append(sid)
        for word in slot.starts:
            self._starts.setdefault(word, []).append(sid)
        for word in slot.ends:
            self._ends.setdefault(word, []).append(sid)
        self._contains.extend((word, sid) for word in slot.contains)
        return sid

    def slots_of(self, forms: Iterable[str]) -> frozenset:
        """The numbers of the pattern words that any of a word's ``forms`` matches."""
        ids: set[int] = set()
        for form in forms:
            ids.update(self._exact.get(form, ()))
            for k in range(2, min(len(form), self._affix) + 1):
                ids.update(self._starts.get(form[:k], ()))
                ids.update(self._ends.get(form[-k:], ()))
            ids.update(sid for word, sid in self._contains if word in form)
        return frozenset(ids)

    def anchors(self) -> list[str]:
        """The first words of the patterns of :data:`ANCHOR_KINDS` (what a candidate has)."""
        anchors: set[str] = set()
        for kind in ANCHOR_KINDS:
            for pattern, _ in self.patterns.get(kind, []):
                slot = pattern.slots[0]
                anchors |= slot.exact | slot.starts | slot.ends | slot.contains
        return sorted(anchors)

    def matches(self, words: list[Word]) -> dict[str, list[Match]]:
        """Every match of every pattern, by kind (overlaps are resolved by the caller)."""
        found: dict[str, list[Match]] = {}
        n = len(words)
        present = frozenset().union(*(w.info.slots for w in words))
        for i, word in enumerate(words):
            for kind, ids, gaps, record in word.info.starts:
                if len(ids) == 1:
                    end = i + 1
                elif present.issuperset(ids):
                    end = _extend(words, i, ids, gaps, n)
                else:
                    continue
                if end is not None:
                    found.setdefault(kind, []).append(Match(kind, i, end, record))
        return found


def _extend(words, i, ids, gaps, n):
    """Where a pattern that starts at word ``i`` ends (one past its last word), or ``None``:
    each next pattern word within its gap, no clause punctuation crossed."""
    position = i
    for sid, gap in zip(ids[1:], gaps, strict=True):
        for j in range(position + 1, min(position + 2 + gap, n)):
            if words[j - 1].info.closes:
                return None
            if sid in words[j].info.slots:
                position = j
                break
        else:
            return None
    return position + 1
