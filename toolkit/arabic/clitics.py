"""Proclitics (و ف ب ك ل) and the article ال, split off a word with exact offsets.

Two steps. The *orthographic* rule peels, in order, a conjunction, a preposition and the
article, each only when enough of the word is left. Then, when the splitter has *evidence*
(word frequencies and the names of a gazetteer), each conjunction or preposition it peeled
must be confirmed, or the word stays whole from there on: a split is allowed only when the
stem is a plausible word and the whole word is not an independent word of its own.

For the form ``c + rest`` (c the clitic letter), with ``z`` the Zipf frequency of a
normalized word (0 when unknown):

1. a name of the gazetteer is kept whole (فؤاد، كيربي، بعقوبة); a name after the letter is
   split off (وبغداد، لبوش: then even a three-letter stem), unless the whole takes the same
   clitic itself (rule 4 below, read first: ووصفي is written, so وصفي is a name even though
   صفي is a word of a name);
2. the stem must be a known word: ``z(rest) > 0`` (فنلندا: نلندا is no word, so no split);
3. unless the article follows the clitic (بالانسحاب، كالعادة), the whole must not be much
   more frequent than a clitic form of the stem would be:
   ``z(c + rest) - (z(rest) - DROP[c]) <= EXCESS``, where ``DROP[c]`` is how much rarer a
   word usually is with that clitic (estimated on the frequency list: و 1.45, ب 1.75, ل 1.8,
   ف 2.7, ك 2.75); so كمال، فيصل، كريم stay whole (a name far more frequent than "like money")
   while والقوات، وقال، بالانسحاب split;
4. an independent word takes clitics itself: if the stacked form (و before a word that starts
   with و or ف, ل or ب before one that starts with ب، ك or ل) is about as frequent as a
   clitic form of the whole would be, the whole is a word (وليد → ووليد, وسام → ووسام).

5. conversely, a frequent word starting with و or ف that is never written with و in front,
   and whose stem is about as frequent (``z(form) >= CONJ_STACKABLE``, ``z("و" + form) == 0``,
   ``z(rest) >= z(form) - STEM_SHORTFALL``), already carries a conjunction (وأضاف، وأردف),
   whatever rule 3 says.

6. a preposition form (ب ك ل) whose stacked forms are all missing although they would be
   frequent enough to be seen (``z(form) - DROP >= VISIBLE``), with a common stem
   (``z(rest) >= KNOWN_STEM``), is a clitic form, whatever rule 3 says (بسرعة، كوسيلة،
   لتفادي: ``لبسرعة`` is never written); a stem of three letters after a preposition, which the
   orthographic rule leaves alone, is split off on this evidence too when it is a frequent
   word and the whole is frequent too (``SHORT_STEM``, ``SHORT_STEM_WHOLE``: لدعم، لوقف،
   كجزء) or a name.

A conjunction never follows a preposition or another conjunction: a rest that is itself a
conjunction form (لوبان: و + بان) shows that the word is a name.

For ``لل`` (a preposition, then the article written ل), the reading with the better-known
rest wins: للعراق is ل + (ا)لعراق, للبنان is ل + لبنان. Without evidence (no frequencies,
no names) the orthographic rule alone decides, as it did before. The words it needs are
arguments: the splitter knows no words (the lists are in ``toolkit/lexicons/``).
"""

from __future__ import annotations

from collections.abc import Callable

from toolkit.arabic.charsets import RESHAPING
from toolkit.arabic.normalize import normalization_map, normalize

__all__ = ["CliticSplitter"]

_CONJ, _PREP = "وف", "بكل"

#: How much rarer (in Zipf units) a word usually is with each clitic in front of it.
DROP = {"و": 1.45, "ف": 2.7, "ب": 1.75, "ك": 2.75, "ل": 1.8}
#: How much more frequent than a clitic form the whole may be and still be one (rule 3).
EXCESS = 1.6
#: How much rarer than expected a stacked form may be and still show an independent word.
STACKED = 0.6
#: How frequent a word must be for the absence of و before it to show that it begins with a
#: conjunction (rule 5).
CONJ_STACKABLE = 3.0
#: How much rarer than the whole its stem may be for rule 5.
STEM_SHORTFALL = 1.3
#: How frequent a stacked form must be expected to be for its absence to count (rule 6).
VISIBLE = 1.5
#: How frequent the stem must be for rule 6, and for a stem of three letters after a
#: preposition.
KNOWN_STEM = 3.0
SHORT_STEM = 3.5
#: How frequent the whole must be for a stem of three letters (so that its missing stacked
#: forms are conspicuous: لبنى, a name, is less frequent than لدعم).
SHORT_STEM_WHOLE = 4.0
#: The clitics whose stacking in front of a word shows that the word stands alone (rule 4).
_STACKERS = {"و": "و", "ف": "و", "ب": "ل", "ك": "لب", "ل": "ب"}

Piece = tuple[int, int, str, str | None]


class CliticSplitter:
    """Splits words into clitic pieces; each distinct word is split once and remembered.

    Parameters
    ----------
    guard
        Normalized words that start with و ف ب ك ل or ال but are not prefixed.
    short_stems
        Normalized words of fewer than three letters that a conjunction may precede.
    names
        Normalized words of names (a gazetteer's aliases): kept whole, and split off a clitic.
    zipf
        The Zipf frequency of a normalized word (0.0 when unknown), or ``None`` for the
        orthographic rule alone.

    Examples
    --------
    >>> splitter = CliticSplitter(guard={"وزير"})
    >>> [(p[2], p[3]) for p in splitter.split("وللناتو")]
    [('و', 'conj'), ('ل', 'prep'), ('ال', 'article'), ('ناتو', None)]
    >>> splitter.split("وزير")
    [(0, 4, 'وزير', None)]
    """

    def __init__(
        self,
        guard=frozenset(),
        short_stems=frozenset(),
        *,
        names=frozenset(),
        zipf: Callable[[str], float] | None = None,
    ):
        self.guard = frozenset(guard)
        self.short_stems = frozenset(short_stems)
        self.names = frozenset(names)
        self.zipf = zipf
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
            found = self._pieces(norm, hamzas)
            if found and (self.zipf is not None or self.names):
                found = self._confirmed(norm, found)
            elif not found and (self.names or self.zipf is not None):
                found = self._short_stem(norm)
            self._memo[key] = found
        return found

    def _confirmed(self, norm: str, pieces: tuple) -> tuple:
        """The orthographic pieces, cut back to the first conjunction or preposition that the
        evidence does not confirm (the rest of the word is then its stem)."""
        for k, (start, _, letter, clitic) in enumerate(pieces):
            if clitic not in ("conj", "prep"):
                return pieces
            form = norm[start:]
            article = k + 1 < len(pieces) and pieces[k + 1][3] == "article"
            if article and letter == "ل" and form.startswith("لل"):
                as_article, as_word = "ا" + form[1:], form[1:]  # للعراق, or للبنان
                if self._better(as_word, as_article):
                    if not self._allowed(form, as_word):
                        break
                    return (
                        *pieces[:k],
                        (start, start + 1, "ل", "prep"),
                        (start + 1, len(norm), as_word, ""),
                    )
                if not self._allowed(form, as_article, article=True):
                    break
            elif not self._allowed(form, form[1:], article=article):
                break
        else:
            return pieces
        return (*pieces[:k], (start, len(norm), norm[start:], "")) if k else ()

    def _better(self, a: str, b: str) -> bool:
        """Whether ``a`` is the better-known word of the two (a name beats frequency)."""
        if (a in self.names) != (b in self.names):
            return a in self.names
        zipf = self.zipf or (lambda _: 0.0)
        return zipf(a) > zipf(b)

    def _allowed(self, form: str, rest: str, *, article: bool = False) -> bool:
        """Whether the evidence confirms ``form`` as its first letter plus ``rest`` (with
        ``article``, the rest starts with the article and rule 3 does not apply)."""
        if form in self.names:
            return False
        if self.zipf is not None and not article and self._stacks(form) == "present":
            return False  # rule 4 first: the whole takes clitics itself (ووصفي), even when
            # the rest is a word of a name (صفي)
        if rest in self.names or (rest.startswith("ال") and rest[2:] in self.names):
            return True
        if self.zipf is None:
            return True
        zipf, letter = self.zipf, form[0]
        known = zipf(rest)
        if known <= 0.0:
            return False
        if rest[:1] in _CONJ and self._conjunction_form(rest):
            return False  # a conjunction never follows a clitic: لوبان is no ل + و + بان
        whole = zipf(form)
        stacks = self._stacks(form)
        if stacks == "present":
            return False  # rule 4: the whole takes clitics itself
        if (
            letter in _CONJ
            and whole >= CONJ_STACKABLE
            and known >= whole - STEM_SHORTFALL
            and zipf("و" + form) <= 0.0
        ):
            return True  # rule 5: a frequent word that never takes و carries one already
        if letter in _PREP and stacks == "missing" and known >= KNOWN_STEM:
            return True  # rule 6: a preposition form that never takes another one
        return article or whole - (known - DROP[letter]) <= EXCESS

    def _stacks(self, form: str) -> str:
        """What the stacked forms say of ``form`` (rules 4 and 6): ``present`` when one is
        about as frequent as a clitic form of an independent word would be, ``missing`` when
        none is written although one would be frequent enough to be seen, else ``unknown``."""
        zipf, whole = self.zipf, self.zipf(form)
        seen = False
        for stacker in _STACKERS[form[0]]:
            stacked = zipf(stacker + form)
            expected = whole - DROP[stacker]
            if stacked > 0.0 and stacked >= expected - STACKED:
                return "present"
            seen |= stacked > 0.0 or expected < VISIBLE
        return "unknown" if seen else "missing"

    def _conjunction_form(self, word: str) -> bool:
        """Whether ``word`` is a conjunction plus a word by the evidence (وبان = و + بان)."""
        pieces = self._pieces(word, frozenset())
        if not pieces or pieces[0][3] != "conj":
            return False
        return self._allowed(word, word[1:], article=len(pieces) > 1 and pieces[1][3] == "article")

    def _short_stem(self, norm: str) -> tuple:
        """A preposition before a stem of three letters, which the orthographic rule leaves
        alone: before a name (لبوش، ببدر) when the whole is no more frequent than a clitic form
        of the name would be (so بينس, Pence, is not ب + ينس, Jens) or, for a frequent name,
        when the whole never takes another preposition (لحلف, frequent in لحلف شمال الأطلسي,
        is never written ولحلف), or before a frequent word when the whole never takes another
        preposition (لدعم، لوقف، كجزء)."""
        if len(norm) != 4 or norm[0] not in _PREP or norm in self.names or norm in self.guard:
            return ()
        rest = norm[1:]
        zipf = self.zipf or (lambda _: 0.0)
        if rest in self.names:
            confirmed = zipf(norm) <= zipf(rest) - DROP[norm[0]] or (
                zipf(rest) >= KNOWN_STEM and self._stacks(norm) == "missing"
            )
        else:
            confirmed = (
                self.zipf is not None
                and zipf(rest) >= SHORT_STEM
                and zipf(norm) >= SHORT_STEM_WHOLE
                and not (rest[:1] in _CONJ and self._conjunction_form(rest))
                and self._stacks(norm) == "missing"
            )
        return ((0, 1, norm[0], "prep"), (1, 4, rest, "")) if confirmed else ()

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
