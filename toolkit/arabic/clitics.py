"""Proclitics (و ف ب ك ل) and the article ال, split off a word with exact offsets.

The rule is orthographic: it peels, in order, a conjunction, a preposition and the article,
each only when enough of the word is left. Words that merely look prefixed (وزير، بغداد، لبنان)
are kept whole by the ``guard`` words it is given; short function words that a conjunction may
precede (وهو، ولا) are its ``short_stems``. Both lists are data (``toolkit/lexicons/``); this
module knows no words.
"""

from __future__ import annotations

from toolkit.arabic.charsets import RESHAPING
from toolkit.arabic.normalize import normalization_map, normalize

__all__ = ["CliticSplitter"]

_CONJ, _PREP = "وف", "بكل"

Piece = tuple[int, int, str, str | None]


class CliticSplitter:
    """Splits words into clitic pieces; each distinct word is split once and remembered.

    Parameters
    ----------
    guard
        Normalized words that start with و ف ب ك ل or ال but are not prefixed.
    short_stems
        Normalized words of fewer than three letters that a conjunction may precede.

    Examples
    --------
    >>> splitter = CliticSplitter(guard={"وزير"})
    >>> [(p[2], p[3]) for p in splitter.split("وللناتو")]
    [('و', 'conj'), ('ل', 'prep'), ('ال', 'article'), ('ناتو', None)]
    >>> splitter.split("وزير")
    [(0, 4, 'وزير', None)]
    """

    def __init__(self, guard=frozenset(), short_stems=frozenset()):
        self.guard = frozenset(guard)
        self.short_stems = frozenset(short_stems)
        self._memo: dict[tuple[str, frozenset[int]], tuple[tuple[int, int, str, str], ...]] = {}

    def pieces(
        self, norm: str, hamzas: frozenset[int] = frozenset()
    ) -> tuple[tuple[int, int, str, str], ...]:
        """Split a normalized word: a tuple of ``(start, end, norm, clitic)`` pieces, empty
        when nothing is split (``clitic`` is ``""`` for the stem).

        ``hamzas`` are the positions where the word had an alef with hamza (أ إ آ) before
        normalization: a preposition before one (بإيران، لأمريكا) is a clitic.
        """
        key = (norm, hamzas)
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = self._pieces(norm, hamzas)
        return found

    def _pieces(self, norm: str, hamzas: frozenset[int]) -> tuple[tuple[int, int, str, str], ...]:
        guard = self.guard
        pieces: list[tuple[int, int, str, str]] = []
        pos = 0
        if norm in guard:
            return ()
        if (
            len(norm) > 1
            and norm[0] in _CONJ
            and (len(norm) - 1 >= 3 or norm[1:] in self.short_stems)
            and norm[1:] not in ("",)
        ):
            pieces.append((0, 1, norm[0], "conj"))
            pos = 1
        rest = norm[pos:]
        lil = False
        if rest and rest[0] in _PREP and rest not in guard:
            after = rest[1:]
            hamza = (pos + 1) in hamzas
            if after.startswith("ال") and len(after) >= 4 and after not in guard:
                pieces.append((pos, pos + 1, rest[0], "prep"))
                pos += 1
            elif rest[0] == "ل" and after.startswith("ل") and len(after) >= 3 and rest != "لله":
                pieces.append((pos, pos + 1, "ل", "prep"))
                pos += 1
                lil = True
            elif (len(after) >= 4 and not after.startswith("ا")) or (len(after) >= 3 and hamza):
                pieces.append((pos, pos + 1, rest[0], "prep"))
                pos += 1
            elif len(after) >= 4 and rest[0] == "ل":
                pieces.append((pos, pos + 1, rest[0], "prep"))
                pos += 1
        rest = norm[pos:]
        if lil:
            pieces.append((pos, pos + 1, "ال", "article"))
            pos += 1
        elif rest.startswith("ال") and len(rest) - 2 >= 2 and rest not in guard:
            pieces.append((pos, pos + 2, "ال", "article"))
            pos += 2
        if not pieces:
            return ()
        pieces.append((pos, len(norm), norm[pos:], ""))
        return tuple(pieces)

    def split(self, word: str, norm: str | None = None) -> list[Piece]:
        """Split the proclitics and the article off one word, with offsets into ``word``.

        Peels, in order, a conjunction (و ف), a preposition (ب ك ل) and the article (ال, or
        the ``ل`` that replaces it after ``ل`` as in ``للناتو``). A conjunction needs a stem of
        3 letters (or one of the short stems), a preposition needs the article after it or a
        stem of 4 letters, and the article needs 2. ``norm`` is the word's normalized form
        when it is already known.

        Returns
        -------
        list of (start, end, norm, clitic)
            ``clitic`` is ``"conj"``, ``"prep"``, ``"article"`` or ``None`` for the stem. A
            word with nothing to split comes back as one piece.
        """
        if norm is None:
            norm = normalize(word)
        hamzas = frozenset(i for i, char in enumerate(word[:4]) if char in "أإآ")
        if hamzas and RESHAPING.search(word[:4]):
            light = normalize(word[:6], alef=False)
            hamzas = frozenset(i for i, char in enumerate(light[:3]) if char in "أإآ")
        pieces = self.pieces(norm, hamzas)
        if not pieces:
            return [(0, len(word), norm, None)]
        cuts = {0: 0, len(norm): len(word)}
        inner = sorted({start for start, *_ in pieces} - set(cuts))
        if not RESHAPING.search(word):
            cuts.update((p, p) for p in inner)
        else:  # characters removed or expanded: walk to the original offsets of the cuts
            mapping, produced, wanted = normalization_map(), 0, iter(inner)
            target = next(wanted, None)
            for position, char in enumerate(word):
                if target is None:
                    break
                out = mapping.get(char, char)
                if out and produced == target:
                    cuts[target] = position
                    target = next(wanted, None)
                produced += len(out)
        out = [
            (cuts.get(s, 0), cuts.get(e, 0), piece_norm, clitic or None)
            for s, e, piece_norm, clitic in pieces
        ]
        if any(start >= end for start, end, _, _ in out):
            # A ligature (ﻻ) expanded into several letters: the split has no exact offsets.
            return [(0, len(word), norm, None)]
        return out
