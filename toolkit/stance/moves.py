"""A remembered reading moved onto another sentence: its offsets and the surfaces they cut.

Two moves (:mod:`toolkit.stance.memo` uses both):

- :class:`Unlighten` — from a sentence's lightened text (:data:`toolkit.stance.words.KEY`:
  diacritics, tatweel and marks removed, Eastern digits as ASCII) back to the sentence;
- :class:`Move` — from one sentence onto another whose words read alike (the same ``sem``
  word by word), word by word.

Both keep the order of offsets and cut the same words, so the claims are exactly those of
reading the other sentence afresh.
"""

from __future__ import annotations

from toolkit.stance.state import Holder
from toolkit.stance.words import REMOVED, TRAILING, Word

__all__ = ["Move", "Moving", "Unlighten"]


class Moving:
    """Offsets and surfaces of a reading moved onto another sentence; ``_span`` maps a start
    and an end offset and slices the new text."""

    text: str

    def _span(self, start: int, end: int) -> tuple[int, int, str]:
        raise NotImplementedError

    def reading(self, found):
        """A remembered ``(questions, effects, claims)`` moved onto this sentence."""
        reads, effects, claims = found
        return reads, self.effects(effects), [self.claim(c) for c in claims]

    def holder(self, holder: Holder) -> Holder:
        if holder.base is not None or holder.start is None:
            return holder  # named in an earlier sentence, or not named
        start, end, surface = self._span(holder.start, holder.end)
        return Holder(holder.parties, surface, start, end, holder.attribution, holder.head)

    def effects(self, effects):
        return [
            (kind, value if kind in ("owner", "surnames") else [self.holder(h) for h in value])
            for kind, value in effects
        ]

    def claim(self, claim: dict) -> dict:
        out = dict(claim)
        if claim["cue_start"] is not None:
            out["cue_start"], out["cue_end"], out["cue"] = self._span(
                claim["cue_start"], claim["cue_end"]
            )
        if claim["speaker_base"] is None and claim["speaker_start"] is not None:
            out["speaker_start"], out["speaker_end"], out["speaker"] = self._span(
                claim["speaker_start"], claim["speaker_end"]
            )
        evidence = []
        for e in claim["evidence"]:
            start, end, text = self._span(e["start"], e["end"])
            evidence.append({**e, "start": start, "end": end, "text": text})
        out["evidence"] = evidence
        return out


class Unlighten(Moving):
    """From a sentence's lightened text back to the sentence: a start moves past the
    characters removed before it; an end follows the last letter, with the diacritics and
    tatweel after it (as :func:`toolkit.stance.words.edges` cuts a word)."""

    def __init__(self, text: str):
        self.text = text
        self.removed = [m.start() for m in REMOVED.finditer(text)]

    def _start(self, position: int) -> int:
        for removed in self.removed:
            if removed > position:
                break
            position += 1
        return position

    def _span(self, start: int, end: int) -> tuple[int, int, str]:
        start, end = self._start(start), self._start(end - 1) + 1
        while end < len(self.text) and self.text[end] in TRAILING:
            end += 1
        return start, end, self.text[start:end]


class Move(Moving):
    """Offsets and surfaces of a reading moved from one sentence onto another whose words read
    alike. Word by word, start, head and end map to start, head and end (a word's head is its
    start in both or in neither, since both split the same clitics); the offsets of different
    words never coincide, so the map is a function, and it keeps their order."""

    def __init__(self, before: dict[int, tuple[int, int]], infos, spots, text: str):
        self.before, self.infos, self.spots, self.text = before, infos, spots, text

    @staticmethod
    def index(words: list[Word]) -> dict[int, tuple[int, int]]:
        """Each offset of a sentence's words: which word, and whether start, head or end."""
        found: dict[int, tuple[int, int]] = {}
        for k, w in enumerate(words):
            found[w.start] = (k, 0)
            found[w.head] = (k, 1)
            found[w.end] = (k, 2)
        return found

    def _at(self, offset: int) -> int:
        k, which = self.before[offset]
        info = self.infos[k]
        return self.spots[k] + (info.lead, info.head, info.tail)[which]

    def _span(self, start: int, end: int) -> tuple[int, int, str]:
        start, end = self._at(start), self._at(end)
        return start, end, self.text[start:end]
