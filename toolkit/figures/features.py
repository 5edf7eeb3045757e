"""What the grammar knows about a word, as rows of numbers for the compiled parse.

The reference parse (:mod:`toolkit.figures.phrase`, :mod:`toolkit.figures.context`,
:mod:`toolkit.figures.grammar`) asks the :class:`~toolkit.figures.lexicon.Grammar` about the
key of a token: is it a number word (``lookup``), a counted noun, a month, a qualifier, a
nisba, one of a few grammar words (و، من، بين …)? The compiled parse
(:mod:`toolkit.figures.kernel_phrase`) asks the same questions of these rows instead: one
row of integers and one of floats per word (:func:`word_features`, each computed once per
grammar, by the grammar's own look-ups), the words of the left qualifiers as predicates
(:func:`left_tables`) and the call's month pairs. The column numbers are the constants below;
the kernels read them by name.
"""

from __future__ import annotations

import re

import numpy as np

from toolkit.figures.context import _MONTH_SEPARATORS, _RANGE_TO, PERCENT_SIGNS, STOP_CONNECTORS
from toolkit.figures.grammar import digits_value
from toolkit.figures.lexicon import Grammar
from toolkit.figures.phrase import _BETWEEN, _FROM, _OR, _TO
from toolkit.figures.schema import FIGURE_KINDS, QUALIFIERS

__all__ = ["KINDS", "LOOKUP_KINDS", "QUALIFIER_NAMES", "left_tables", "word_features"]

#: The kinds of :meth:`Grammar.lookup`, numbered from 1 (0: not a number word), and the
#: kind of a digits element.
LOOKUP_KINDS = (
    "unit ten tens hundred hundreds scale pscale dscale fraction pfraction vague dual single"
).split()
(UNIT, TEN, TENS, HUNDRED, HUNDREDS, SCALE, PSCALE, DSCALE, FRACTION, PFRACTION) = range(1, 11)
(VAGUE, DUAL, SINGLE, DIGITS) = range(11, 15)
#: Qualifier and kind names, by their number in the kernels.
QUALIFIER_NAMES = (*QUALIFIERS, "within")
KINDS = FIGURE_KINDS
Q = {name: n for n, name in enumerate(QUALIFIER_NAMES)}
K = {name: n for n, name in enumerate(KINDS)}

# Bits of the column LIT: the grammar words and marks the parse tests a key against.
_LITERALS = (
    "STOP MSEP PCT_SIGN PCT_WORD PCT_PREP PCT_NOUN DATE_SEP DASH WAW MIN MA RPAREN OR TO FROM"
    " ENDS_BETWEEN STARTS_AL STARTS_WAW ALPHA0 FUNCTION YEAR_CONTEXT ADDITIONAL ADJECTIVE"
    " ADJ_ENDING CHANGE DOLLAR SHARED_RANGE"
).split()
(
    L_STOP,
    L_MSEP,
    L_PCT_SIGN,
    L_PCT_WORD,
    L_PCT_PREP,
    L_PCT_NOUN,
    L_DATE_SEP,
    L_DASH,
    L_WAW,
    L_MIN,
    L_MA,
    L_RPAREN,
    L_OR,
    L_TO,
    L_FROM,
    L_ENDS_BETWEEN,
    L_STARTS_AL,
    L_STARTS_WAW,
    L_ALPHA0,
    L_FUNCTION,
    L_YEAR_CONTEXT,
    L_ADDITIONAL,
    L_ADJECTIVE,
    L_ADJ_ENDING,
    L_CHANGE,
    L_DOLLAR,
    L_SHARED_RANGE,
) = (1 << n for n in range(len(_LITERALS)))

#: Month entries a key can have (one per month clitic).
MONTH_ENTRIES = 6
# Integer columns.
(
    F_LIT,
    F_LK_KIND,
    F_LK_CLEN,
    F_LK_CW,
    F_B_TEEN,
    F_B_ONE,
    F_B_VAGUE,
    F_B_PLURAL,
    F_B_FEW,
    F_B_AMBIG,
    F_DUAL_KIND,
    F_DUAL_UNIT,
    F_SINGLE_UNIT,
    F_DVAL_OK,
    F_ISDIGIT,
    F_LEN,
    F_INT_OK,
    F_INT,
    F_NOUN_OK,
    F_NOUN_KIND,
    F_NOUN_UNIT,
    F_STRIP_CHANGES,
    F_STRIP_IDENT,
    F_STRIP_FORCE,
    F_NISBA_FOUND,
    F_NISBA_PARTY,
    F_RIGHT_FIRST,
    F_RIGHT_SECOND,
    F_NUMBER_KEY,
    F_MONTH_KEY,
    F_MONTH_N,
    F_MONTH_E,
) = range(32)
N_INT = F_MONTH_E + MONTH_ENTRIES
# Float columns.
(G_LK_VALUE, G_VAGUE_LO, G_VAGUE_HI, G_VSCALE, G_DVAL) = range(5)
N_FLOAT = 5

_WAW, _MIN, _MA, _ARTICLE = "و", "من", "ما", "ال"
_INT_DIGITS = 18  # int64 holds any int() of this many digits


def _literals(g: Grammar, key: str) -> int:
    tests = (
        (L_STOP, key in STOP_CONNECTORS),
        (L_MSEP, key in _MONTH_SEPARATORS),
        (L_PCT_SIGN, key in PERCENT_SIGNS),
        (L_PCT_WORD, key in g.percent_words),
        (L_PCT_PREP, key in g.percent_preps),
        (L_PCT_NOUN, key in g.percent_nouns),
        (L_DATE_SEP, key in {"/", "-"}),
        (L_DASH, key in {"-", "–", "—"}),
        (L_WAW, key == _WAW),
        (L_MIN, key == _MIN),
        (L_MA, key == _MA),
        (L_RPAREN, key == ")"),
        (L_OR, key == _OR),
        (L_TO, key in _TO),
        (L_FROM, key in _FROM),
        (L_ENDS_BETWEEN, key.endswith(_BETWEEN)),
        (L_STARTS_AL, key.startswith(_ARTICLE)),
        (L_STARTS_WAW, key.startswith(_WAW)),
        (L_ALPHA0, key[:1].isalpha()),
        (L_FUNCTION, key in g.function_words),
        (L_YEAR_CONTEXT, key in g.year_context),
        (L_ADDITIONAL, g.additional_re.match(key) is not None),
        (L_ADJECTIVE, key in g.adjectives),
        (L_ADJ_ENDING, key.endswith(g.adjective_endings)),
        (L_CHANGE, g.change_re.search(key) is not None),
        (L_DOLLAR, key == "$"),
        (L_SHARED_RANGE, key in {*_RANGE_TO, _OR, _WAW}),
    )
    bits = 0
    for bit, test in tests:
        if test:
            bits |= bit
    return bits


def _months(g: Grammar, key: str, firsts: dict[str, int]) -> list[int]:
    """The month readings of a key in the order :func:`toolkit.figures.grammar.month_at`
    tries them: ``m`` (1-12) for a month name, ``-(n + 1)`` for the first word of month pair
    ``n`` (read only with its second word after it); the first month name ends the list."""
    entries = []
    if key not in g.month_keys:
        return entries
    for clitic in g.month_clitics:
        if clitic and not key.startswith(clitic):
            continue
        body = key[len(clitic) :]
        if body in g.months and (not clitic or len(body) > 2):
            entries.append(g.months[body])
            break
        if body in firsts:
            entries.append(-(firsts[body] + 1))
    return entries


def word_features(g: Grammar, key: str, names: dict[str, dict[str, int]]) -> tuple:
    """The integer and float row of ``key`` (see the module docstring). ``names`` numbers the
    strings the rows refer to (``unit``, ``party``, ``first`` for month pairs), growing."""
    ints = [0] * N_INT
    floats = [0.0] * N_FLOAT
    units, parties = names["unit"], names["party"]
    ints[F_LIT] = _literals(g, key)
    found = g.lookup(key)
    if found is not None:
        kind, value, clitic, body = found
        ints[F_LK_KIND] = LOOKUP_KINDS.index(kind) + 1
        floats[G_LK_VALUE] = value
        ints[F_LK_CLEN] = len(clitic)
        ints[F_LK_CW] = clitic.startswith(_WAW)
        ints[F_B_TEEN] = body in g.teen_units
        ints[F_B_ONE] = body in g.ones
        ints[F_B_PLURAL] = body in g.plural_scales
        ints[F_B_FEW] = body in g.few
        ints[F_B_AMBIG] = body in g.ambiguous_duals
        if body in g.vague:
            ints[F_B_VAGUE] = 1
            floats[G_VAGUE_LO], floats[G_VAGUE_HI] = g.vague[body]
        if kind == "dual":
            noun_kind, unit = g.dual_nouns[body]
            ints[F_DUAL_KIND] = K[noun_kind]
            ints[F_DUAL_UNIT] = units.setdefault(unit, len(units))
        if kind == "single":
            ints[F_SINGLE_UNIT] = units.setdefault(g.durations[body], len(units))
    scale = g.vague_scales.get(key)
    floats[G_VSCALE] = scale if scale else 0.0
    value = digits_value(key)
    ints[F_DVAL_OK] = value is not None
    floats[G_DVAL] = value if value is not None else 0.0
    ints[F_ISDIGIT] = key.isdigit()
    ints[F_LEN] = len(key)
    if key.isdigit() and len(key) <= _INT_DIGITS:
        try:
            ints[F_INT] = int(key)
            ints[F_INT_OK] = 1
        except ValueError:  # a digit that is no decimal digit (²): int() fails in the reference
            pass
    noun = g.noun_lookup(key)
    if noun is not None:
        ints[F_NOUN_OK] = 1
        ints[F_NOUN_KIND] = K[noun[0]]
        ints[F_NOUN_UNIT] = -1 if noun[1] is None else units.setdefault(noun[1], len(units))
    bare = g.strip_article(key)
    ints[F_STRIP_CHANGES] = bare != key
    ints[F_STRIP_IDENT] = bare in g.identifier_stems
    ints[F_STRIP_FORCE] = bare in g.force_nouns
    is_nisba, party = g.nisba(key)
    ints[F_NISBA_FOUND] = is_nisba
    ints[F_NISBA_PARTY] = -1 if party is None else parties.setdefault(party, len(parties))
    for n, (_, words) in enumerate(g.right):
        if key in words[0]:
            ints[F_RIGHT_FIRST] |= 1 << n
        if len(words) > 1 and key in words[1]:
            ints[F_RIGHT_SECOND] |= 1 << n
    ints[F_NUMBER_KEY] = key in g.number_keys
    ints[F_MONTH_KEY] = key in g.month_keys
    months = _months(g, key, names["first"])
    ints[F_MONTH_N] = len(months)
    ints[F_MONTH_E : F_MONTH_E + len(months)] = months
    return tuple(ints), tuple(floats)


def left_tables(g: Grammar) -> tuple[list[re.Pattern], tuple[np.ndarray, ...]]:
    """The left qualifiers as token phrases: the predicates (one regex per distinct word of
    the phrases, which a key must match whole, then one per ``!word``, which a key must end
    with) and the arrays of :func:`toolkit.figures.kernel_number.left_match`: each phrase's
    qualifier, ``!word`` predicate (-1: none) and number of words, and each word's predicate
    (-1: a gap, any tokens), whether it may be left out and how many tokens it covers."""
    patterns: dict[str, int] = {}
    for _, phrase in g.left_tokens:
        for word in phrase.words:
            if word.pattern is not None:
                patterns.setdefault(word.pattern, len(patterns))
    predicates = [re.compile(p) for p in patterns]
    endings: dict[str, int] = {}
    for _, phrase in g.left_tokens:
        if phrase.not_after is not None:
            endings.setdefault(phrase.not_after, len(predicates) + len(endings))
    predicates += [re.compile(rf".*{re.escape(e)}") for e in endings]
    size = max((len(p.words) for _, p in g.left_tokens), default=1)
    count = len(g.left_tokens)
    head = np.zeros((count, 3), dtype=np.int64)  # qualifier, not_after predicate, words
    words = np.zeros((count, size, 3), dtype=np.int64)  # predicate, optional, most
    for n, (name, phrase) in enumerate(g.left_tokens):
        head[n] = (Q[name], endings.get(phrase.not_after, -1), len(phrase.words))
        for m, word in enumerate(phrase.words):
            predicate = -1 if word.pattern is None else patterns[word.pattern]
            words[n, m] = (predicate, word.optional, word.most)
    return predicates, (head, words)
