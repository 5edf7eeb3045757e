"""The :class:`Grammar`: every table the figures read, built from one state of the lexicon files.

The word lists are data (``number_words.csv``, ``figure_nouns.csv``, ``months.csv``,
``figure_words.csv``, ``qualifiers.csv`` and ``nisbas.csv``, read by
:mod:`toolkit.lexicons.figures` and :mod:`toolkit.lexicons.nisbas`); :func:`grammar` turns
them into lookup tables once per state of those files (:func:`toolkit.lexicons.cached`), so
an edited file is used by the next call. The lookups that repeat across a corpus (a number
word, a counted noun, the words before a number) are remembered by the grammar itself, so
they go with it when a file changes.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_right
from functools import lru_cache

from toolkit.arabic import CliticSplitter
from toolkit.lexicons import (
    Lexicons,
    as_lexicons,
    cached,
    clitic_splitter,
    nisba_records,
    stopwords,
)
from toolkit.lexicons.figures import FIGURE_FILES, figure_lexicon
from toolkit.lexicons.patterns import Slot, slot_matches, word_forms

__all__ = ["ANCHOR_CLITICS", "PLACEHOLDER", "Grammar", "grammar", "grammar_paths"]

#: What diacritics and tatweel become in the length-preserving normalization (tatweel: a
#: letter-like character, so words stay whole).
PLACEHOLDER = "\u0640"
#: The clitics a number word may carry where the candidates are found, in order: a
#: conjunction, a preposition, the article (each may be left out).
ANCHOR_CLITICS = (("و", "ف"), ("ب", "ل"), ("ال", "ل"))

# The number words of each kind, as the grammar reads them; the first kind a word has wins.
_NUMBER_TABLES = (
    ("unit", ("unit", "teen_unit", "one")),
    ("ten", ("ten",)),
    ("tens", ("tens",)),
    ("hundred", ("hundred",)),
    ("hundreds", ("hundreds",)),
    ("scale", ("scale",)),
    ("pscale", ("plural_scale",)),
    ("dscale", ("dual_scale",)),
    ("fraction", ("fraction",)),
    ("pfraction", ("plural_fraction",)),
)


class Grammar:
    """The tables of one lexicon set (see the module docstring); made by :func:`grammar`."""

    def __init__(self, lexicon, nisbas: tuple[dict, ...], stop: frozenset[str], splitter):
        rows = lexicon.number_words
        kinds: dict[str, list[tuple[str, float | None, float | None]]] = {}
        for word, kind, value, high in rows:
            kinds.setdefault(kind, []).append((word, value, high))
        words: dict[str, tuple[str, float]] = {}
        for grammar_kind, file_kinds in _NUMBER_TABLES:
            for word, kind, value, _ in rows:
                if kind in file_kinds:
                    words.setdefault(word, (grammar_kind, float(value)))
        self.teen_units = frozenset(w for w, *_ in kinds.get("teen_unit", ()))
        self.ones = frozenset(w for w, *_ in kinds.get("one", ()))
        self.vague = {w: (lo, hi) for w, k, lo, hi in rows if k in {"vague", "few"}}
        self.few = frozenset(w for w, *_ in kinds.get("few", ()))
        self.plural_scales = frozenset(w for w, *_ in kinds.get("plural_scale", ()))
        self.vague_scales = {w: v for w, v, _ in kinds.get("vague_scale", ())}
        self.ambiguous_duals = frozenset(w for w, *_ in kinds.get("ambiguous_dual", ()))

        nouns = lexicon.nouns
        self.durations = {w: u for w, k, u, _ in nouns if k == "duration"}
        self.troops = frozenset(w for w, k, *_ in nouns if k == "troops")
        self.money = {w: u for w, k, u, _ in nouns if k == "money"}
        self.force_nouns = frozenset(w for w, k, *_ in nouns if k == "force")
        armies = frozenset(w for w, k, *_ in nouns if k == "army")
        self.dual_nouns = {w: (k, u) for w, k, u, f in nouns if f == "dual"}
        self.single_durations = frozenset(w for w, k, u, f in nouns if f == "single")
        identifiers = [w for w, k, *_ in nouns if k == "identifier"]
        self.identifier_stems = frozenset(
            n[2:] if n.startswith("ال") and len(n) > 4 else n for n in identifiers
        )
        for key in self.vague:
            words.setdefault(key, ("vague", 0.0))
        for key in self.dual_nouns:
            words.setdefault(key, ("dual", 2.0))
        for key in self.single_durations:
            words.setdefault(key, ("single", 1.0))
        self.words = words

        listed = lexicon.words
        self.clitics = ("", *listed["clitic"])
        self.dual_articles = listed["dual_article"]
        self.articles = listed["article"]
        self.month_clitics = ("", *listed["month_clitic"])
        self.year_context = frozenset(listed["year_context"])
        self.locatives = frozenset(listed["locative"])
        self.function_words = stop | frozenset(listed["function"])
        self.percent_words = frozenset(listed["percent_word"])
        self.percent_nouns = frozenset(listed["percent_noun"])
        self.percent_preps = frozenset(listed["percent_prep"])
        self.adjectives = frozenset(listed["adjective"])
        self.adjective_endings = tuple(listed["adjective_ending"])
        self.nisba_endings = tuple(listed["nisba_ending"])

        self.months = {name: m for name, m in lexicon.months if " " not in name}
        self.month_pairs = {tuple(name.split()): m for name, m in lexicon.months if " " in name}
        self.month_keys = frozenset(
            clitic + body
            for clitic in self.month_clitics
            for body in [*self.months, *(first for first, _ in self.month_pairs)]
        )

        # One regex for all left qualifiers, each alternative a named group; the match that
        # starts first (the longest context: لا يقل عن rather than يقل عن) decides.
        self.left_names = tuple(name for name, _ in lexicon.left)
        self.left_re = re.compile(
            "(?:^| )(?:"
            + "|".join(f"(?P<q{n}>{p})" for n, (_, p) in enumerate(lexicon.left))
            + ")$"
        )
        self.left_tokens = lexicon.left_tokens  # the same phrases, word by word
        self.right = lexicon.right
        self.additional_re = re.compile(lexicon.additional)
        self.change_re = re.compile(lexicon.change)

        self.splitter: CliticSplitter = splitter
        self.nisbas: tuple[tuple[Slot, str | None], ...] = tuple(
            (r["parsed"].slots[0], r["party"] or None) for r in nisbas
        )
        head_nouns = self.force_nouns | self.troops | armies
        nouns_re = "|".join(sorted(head_nouns, key=len, reverse=True))
        # A force noun and the word after it (a nisba if :meth:`nisba` says so).
        self.force_word_re = re.compile(rf"(?<!\w)[وبل]?(?:ال)?(?:{nouns_re})\s+(?=(\w+))")

        self.number_keys = self._number_keys()
        self.anchors = self._anchor_patterns()
        self.lookup = lru_cache(maxsize=None)(self._lookup)
        self.noun_lookup = lru_cache(maxsize=None)(self._noun_lookup)
        self.strip_article = lru_cache(maxsize=None)(self._strip_article)
        self.nisba = lru_cache(maxsize=None)(self._nisba)
        # the few words before a number repeat across a corpus
        self.left_match = lru_cache(maxsize=1 << 16)(self._left_match)

    # ---- number words --------------------------------------------------------------------

    def _number_keys(self) -> frozenset[str]:
        keys = set()
        for clitic in self.clitics:
            for word in self.words:
                if not clitic or len(word) >= 3:
                    keys.add(clitic + word)
        keys |= {article + dual for article in self.dual_articles for dual in self.dual_nouns}
        return frozenset(keys)

    def _anchor_patterns(self) -> str:
        """The number tokens: a run of digits, or a number word (with its clitics) after a
        character that is not part of a word."""
        forms = sorted(self.words, key=len, reverse=True)
        words = "|".join(f"{PLACEHOLDER}*".join(re.escape(c) for c in w) for w in forms)
        digits = r"[0-9]+(?:[.,٫٬][0-9]+)*"
        clitics = "".join(
            f"[{''.join(group)}]?" if all(len(c) == 1 for c in group) else f"(?:{'|'.join(group)})?"
            for group in ANCHOR_CLITICS
        )
        word = rf"{clitics}{PLACEHOLDER}*(?:{words})\w*"
        return rf"{digits}|(?:^|[^\w]){word}"

    def _lookup(self, key: str) -> tuple[str, float, str, str] | None:
        """A number word: ``(type, value, clitic, body)`` or ``None``."""
        for clitic in self.clitics:
            if not key.startswith(clitic):
                continue
            body = key[len(clitic) :]
            if clitic and len(body) < 3:
                continue
            if body in self.words:
                kind, value = self.words[body]
                return kind, value, clitic, body
        for article in self.dual_articles:
            body = key[len(article) :]
            if key.startswith(article) and body in self.dual_nouns:
                return "dual", 2.0, article, body
        return None

    # ---- nouns ---------------------------------------------------------------------------

    def _strip_article(self, key: str) -> str:
        for prefix in self.articles:
            if key.startswith(prefix) and len(key) - len(prefix) >= 2:
                return key[len(prefix) :]
        return key

    def _noun_lookup(self, key: str) -> tuple[str, str | None] | None:
        """The kind and unit a counted noun gives, or ``None`` if it is not a known noun."""
        for candidate in (key, self.strip_article(key)):
            for form in (candidate, candidate[:-1] if candidate.endswith("ا") else None):
                if not form:
                    continue
                if form in self.troops:
                    return "troops", "soldier"
                if form in self.durations:
                    return "duration", self.durations[form]
                if form in self.money:
                    return "money", self.money[form]
        return None

    def _nisba(self, word: str) -> tuple[bool, str | None]:
        """Whether a word is a nisba of ``nisbas.csv``, and its party (None: no party).

        Only a word with a nisba's ending (``nisba_ending`` in ``figure_words.csv``) is one:
        ``سوري*`` reads سوري، سورية، سوريون, not the country سوريا."""
        if not word.endswith(self.nisba_endings):
            return False, None
        forms = word_forms(word, self.splitter)[3]
        for slot, party in self.nisbas:
            if slot_matches(slot, forms):
                return True, party
        return False, None

    # ---- qualifiers ----------------------------------------------------------------------

    def _left_match(self, keys: tuple[str, ...]) -> tuple[str, int] | None:
        """The qualifier that ends the words ``keys``: ``(qualifier, index of its first
        word)``."""
        offsets = []
        position = 0
        for key in keys:
            offsets.append(position)
            position += len(key) + 1
        match = self.left_re.search(" ".join(keys))
        if match is None:
            return None
        name = match.lastgroup
        return self.left_names[int(name[1:])], bisect_right(offsets, match.start(name)) - 1


def grammar(lexicons: Lexicons | str | os.PathLike | None = None) -> Grammar:
    """The :class:`Grammar` of a lexicon set (the shipped files by default), made again when
    one of its files changed.

    Examples
    --------
    >>> grammar().lookup("وثلاثة")
    ('unit', 3.0, 'و', 'ثلاثة')
    """
    lexicons = as_lexicons(lexicons)

    def build() -> Grammar:
        return Grammar(
            figure_lexicon(lexicons),
            nisba_records(lexicons=lexicons),
            stopwords(lexicons=lexicons),
            clitic_splitter(lexicons),
        )

    return cached("figure_grammar", grammar_paths(lexicons), build)


def grammar_paths(lexicons: Lexicons) -> list[str]:
    """The files a :class:`Grammar` is built from (what keys it, and what is built from it)."""
    names = (*FIGURE_FILES, "nisbas.csv", "parties.csv", "clitics.csv", "stopwords.csv")
    return [str(lexicons.path(name)) for name in names]
