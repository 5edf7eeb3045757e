"""The framing terms of one call, compiled: every word of every pattern becomes a slot id,
indexed by the keys that fill it, and every word of the text is read once.

A *word* is a run of letters with the marks and format characters inside it (diacritics,
tatweel, zero-width joiners): ``والاحتلالِ`` is one word, ``الأمريكي/الإيراني`` two. A word
is read as the cue files read it (:func:`toolkit.lexicons.patterns.word_forms`): normalized
(diacritics, tatweel, alef forms, ى/ي, ة read as ه) and with its proclitics و ف ب ك ل and the
article set aside, so ``والاحتلال``, ``بالميليشيات`` and ``للمقاومة`` fill the pattern words
``احتلال``, ``ميليشي*`` and ``مقاومة``. Where an occurrence starts is the clitic splitter's
*head* of its first word, as for entity mentions: after و ف ب ك ل, at the article, or at the
stem after ``لل`` (``للمقاومة`` gives the surface ``مقاومة``).
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

import polars as pl

from toolkit.arabic import CliticSplitter, normalize, normalize_with_map
from toolkit.lexicons import Lexicons, as_lexicons, cached, clitic_splitter
from toolkit.lexicons.framing import framing_records, framing_source
from toolkit.lexicons.patterns import Slot, word_forms

__all__ = [
    "WORD_COVER",
    "FramingTerms",
    "framing_terms",
    "head_of",
    "python_words",
    "word_key",
]

#: Pieces that tile a text: a word (a letter, then letters, marks and format characters), or
#: a run of anything else. Used with :func:`toolkit.arabic.sentences.regex_pieces`.
WORD_COVER = r"\p{L}[\p{L}\p{M}\p{Cf}]*|\P{L}+"

#: How many distinct words a compiled set of terms remembers before it starts again.
MEMO_WORDS = 500_000


def word_key(word: str) -> str:
    """The normalized form a word is prefiltered on (ة read as ه, as pattern keys are).

    Examples
    --------
    >>> word_key("المقاومةِ")
    'المقاومه'
    """
    return normalize(word).replace("ة", "ه")


def python_words(text: str) -> list[tuple[int, int, str]]:
    """The words of ``text`` as ``(start, end, word)``, cut in plain Python by Unicode
    category (the reference for :data:`WORD_COVER`); words that normalize to nothing (a lone
    tatweel) are left out.

    Examples
    --------
    >>> [w for _, _, w in python_words("قال: «الاحتلالُ» الأمريكي/الإيراني ـ 2020")]
    ['قال', 'الاحتلالُ', 'الأمريكي', 'الإيراني']
    """
    out, i, n = [], 0, len(text)
    while i < n:
        if unicodedata.category(text[i])[0] == "L":
            j = i + 1
            while j < n and (
                unicodedata.category(text[j])[0] in "LM" or unicodedata.category(text[j]) == "Cf"
            ):
                j += 1
            if normalize(text[i:j]):
                out.append((i, j, text[i:j]))
            i = j
        else:
            i += 1
    return out


def head_of(word: str, pieces: list, fills: Callable[[str], bool] | None = None) -> int:
    """Where the occurrence of ``word`` starts, from its clitic pieces: after و ف ب ك ل, at
    the article, at the stem after ``لل`` (an article written as one letter, diacritics
    aside).

    When the clitic splitter keeps the word whole but a pattern word is filled only once a
    leading و/ف and ب/ك/ل are peeled off (as :func:`~toolkit.lexicons.patterns.word_forms`
    peels them: ``كاحتلال``), ``fills`` (whether a form fills some pattern word) tells how
    many letters to leave out of the surface.

    Examples
    --------
    >>> from toolkit.lexicons import clitic_splitter
    >>> [head_of(w, clitic_splitter().split(w)) for w in ("والاحتلال", "للمقاومة", "فصائل")]
    [1, 2, 0]
    """
    if len(pieces) == 1 and fills is not None:
        return _peeled_head(word, fills)
    kept = [p for p in pieces if p[3] not in ("conj", "prep")]
    if not kept:
        return pieces[-1][0]
    first = kept[0]
    letters = sum(unicodedata.category(c) == "Lo" for c in word[first[0] : first[1]])
    if first[3] == "article" and letters == 1 and len(kept) > 1:
        return kept[1][0]
    return first[0]


def _peeled_head(word: str, fills: Callable[[str], bool]) -> int:
    """The head of a word the splitter keeps whole: after the fewest clitic letters whose
    peeling makes a form that fills a pattern word (the article stays in the surface)."""
    norm, index = normalize_with_map(word)
    rest = norm.replace("ة", "ه")
    if fills(rest):
        return 0
    peeled = 0
    for letters in (("و", "ف"), ("ب", "ك", "ل")):
        if rest[:1] in letters and len(rest) > 3:
            rest, peeled = rest[1:], peeled + 1
            article = rest.startswith("ال") and len(rest) > 3
            if fills(rest) or (article and fills(rest[2:])):
                return index[peeled]
    return 0


@dataclass(eq=False)
class FramingTerms:
    """The framing rows of a call, compiled.

    Attributes
    ----------
    records
        The validated rows (:func:`toolkit.lexicons.framing.framing_records`), in file order.
    slots
        The slot ids of each row's pattern words, and ``gaps`` the gaps between them.
    splitter
        The clitic splitter every word is read with.

    Examples
    --------
    >>> terms = framing_terms()
    >>> head, slots = terms.read("بالميليشيات")
    >>> head, bool(slots)
    (1, True)
    """

    records: tuple[dict, ...]
    splitter: CliticSplitter
    slots: list[tuple[int, ...]] = field(default_factory=list)
    gaps: list[tuple[int, ...]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._ids: dict[Slot, int] = {}
        self._exact: dict[str, set[int]] = {}
        self._starts: dict[str, set[int]] = {}
        self._ends: dict[str, set[int]] = {}
        self._contains: list[tuple[str, int]] = []
        self._memo: dict[str, tuple[int, frozenset[int]]] = {}
        for record in self.records:
            pattern = record["parsed"]
            self.slots.append(tuple(self._slot_id(s) for s in pattern.slots))
            self.gaps.append(pattern.gaps)
        self._affix = max(map(len, [*self._starts, *self._ends]), default=0)

    def _slot_id(self, slot: Slot) -> int:
        if slot not in self._ids:
            sid = self._ids[slot] = len(self._ids)
            for table, words in ((self._exact, slot.exact), (self._starts, slot.starts)):
                for word in words:
                    table.setdefault(word, set()).add(sid)
            for word in slot.ends:
                self._ends.setdefault(word, set()).add(sid)
            self._contains.extend((word, sid) for word in slot.contains)
        return self._ids[slot]

    # -- keys for the vectorized prefilters ----------------------------------------------
    def keys(self) -> list[str]:
        """Every key of every pattern word: a word fills a slot only if it contains one."""
        keys = {k for slot in self._ids for k in (*slot.exact, *slot.starts, *slot.ends)}
        keys |= {k for k, _ in self._contains}
        return sorted(keys)

    def word_filter(self, key: pl.Expr) -> pl.Expr:
        """Whether a word (its :func:`word_key`) may fill some pattern word.

        Every form a word is read as ends where the word ends (proclitics and the article come
        off the front), so a word filled by ``word`` or ``*word`` *ends* with it, and one
        filled by ``word*`` or ``*word*`` contains it. Short exact words (من، عن) are tested as
        endings, which keeps the thousands of words that merely contain them out.
        """
        exact = {k for slot in self._ids for k in slot.exact}
        ends = {k for slot in self._ids for k in slot.ends} | {k for k in exact if len(k) < 4}
        inner = {k for slot in self._ids for k in slot.starts} | {k for k, _ in self._contains}
        inner |= exact - ends
        test = key.str.contains_any(sorted(inner)) if inner else pl.lit(False)
        for size in sorted({len(k) for k in ends}):
            endings = sorted(k for k in ends if len(k) == size)
            test = test | key.str.slice(-size).is_in(endings)
        return test

    def sentence_keys(self) -> list[str]:
        """Keys one of which every sentence with a match contains: of each pattern, the
        alternatives of its word whose shortest alternative is longest."""
        slot_of = {sid: slot for slot, sid in self._ids.items()}
        keys: set[str] = set()
        for ids in self.slots:
            words = [_alternatives(slot_of[sid]) for sid in ids]
            keys |= max(words, key=lambda alts: (min(map(len, alts)), -len(alts)))
        return sorted(keys)

    # -- reading words -------------------------------------------------------------------
    def read(self, word: str) -> tuple[int, frozenset[int]]:
        """The head offset of a word and the slot ids it fills (remembered per word)."""
        found = self._memo.get(word)
        if found is None:
            if len(self._memo) >= MEMO_WORDS:
                self._memo.clear()
            pieces, _, _, forms = word_forms(word, self.splitter)
            slots = self._slots_of(forms)
            head = head_of(word, pieces, lambda form: bool(self._slots_of((form,)))) if slots else 0
            found = self._memo[word] = (head, slots)
        return found

    def _slots_of(self, forms) -> frozenset[int]:
        ids: set[int] = set()
        for form in forms:
            ids.update(self._exact.get(form, ()))
            for k in range(2, min(len(form), self._affix) + 1):
                ids.update(self._starts.get(form[:k], ()))
                ids.update(self._ends.get(form[-k:], ()))
            ids.update(sid for word, sid in self._contains if word in form)
        return frozenset(ids)

    def table(self) -> pl.DataFrame:
        """The rows' ``referent``, ``term``, ``frame`` and ``gloss``, by row index ``p``."""
        columns = ("referent", "term", "frame", "gloss")
        return pl.DataFrame(
            {"p": range(len(self.records)), **{c: [r[c] for r in self.records] for c in columns}},
            schema={"p": pl.Int64, **dict.fromkeys(columns, pl.String)},
        )


def _alternatives(slot: Slot) -> set[str]:
    return {*slot.exact, *slot.starts, *slot.ends, *slot.contains}


def framing_terms(
    framing: pl.DataFrame | str | os.PathLike | None = None,
    lexicons: Lexicons | str | os.PathLike | None = None,
) -> FramingTerms:
    """The compiled terms of a framing file (by default the ``framing.csv`` of ``lexicons``)
    or frame; a file's are kept until it or the clitic words change."""
    lexicons = as_lexicons(lexicons)
    source = framing_source(framing, lexicons)
    splitter = clitic_splitter(lexicons)
    if isinstance(source, pl.DataFrame):
        return FramingTerms(framing_records(source, lexicons), splitter)
    files = [source, *(lexicons.path(n) for n in ("clitics.csv", "entities.csv", "parties.csv"))]
    return cached(
        ("framing_terms", id(splitter)),
        files,
        lambda: FramingTerms(framing_records(source, lexicons), splitter),
    )
