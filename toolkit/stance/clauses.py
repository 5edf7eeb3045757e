"""Clauses: where a sentence is cut, and which clauses are conditional.

A clause holds one position (its holders are found per clause, :mod:`toolkit.stance.holders`)
and a cue, a negation or a hedge acts within its clause only. A sentence is cut:

1. after a comma or a semicolon (، , ؛ ;) — :func:`punctuation_cuts`;
2. before a word that opens a clause (فيما، بينما، لكن، بيد، أما …, with or without و/ف:
   ``clause_opener`` in ``grammar_words.csv``), or one that opens it as written
   (فإن: ``clause_opener_written``) — :func:`opener_cuts`;
3. before في حين (whereas: ``whereas_preposition`` then ``whereas_noun``) —
   :func:`whereas_cuts`;
4. before وهو ما / وهي ما (which is what: ``relative_pronoun`` then ``relative_particle``,
   the particle as written) — :func:`relative_cuts`;
5. before a condition (إذا، لو، ما لم، في حال …: ``condition`` rows of the cue file) or a
   duration (ما دام، طالما: ``duration`` rows), which opens a *conditional* clause, up to
   the next cut — :func:`cut_clauses`.

Fixed phrases that contain a modifier but are none (غير أن، إلا أن، لا سيما، وهو ما لم) are
``idiom`` rows of the cue file: they hide the modifiers inside them and cut nothing.
"""

from __future__ import annotations

from toolkit.stance.reader import Grammar
from toolkit.stance.words import Word

__all__ = [
    "CUTS",
    "PAIRS",
    "cut_clauses",
    "opener_cuts",
    "punctuation_cuts",
    "relative_cuts",
    "whereas_cuts",
]


def punctuation_cuts(words: list[Word], grammar: Grammar) -> list[int]:
    """Clauses start after clause punctuation (a word marked ``closes``, or the next one
    marked ``opens``)."""
    return [k for k in range(1, len(words)) if words[k - 1].info.closes or words[k].info.opens]


def opener_cuts(words: list[Word], grammar: Grammar) -> list[int]:
    """Clauses start at an opener (compared without a leading و/ف: وفيما، ولكن) or at a
    written opener (compared as written: فإن, whose ف is part of it)."""
    openers, written = grammar.clause_opener, grammar.clause_opener_written
    return [
        k
        for k in range(1, len(words))
        if words[k].info.bare in openers or words[k].info.norm in written
    ]


def whereas_cuts(words: list[Word], grammar: Grammar) -> list[int]:
    """في حين (whereas), both words compared without a leading و/ف: where its *second* word
    is (the clause starts at the first, see :func:`cut_clauses`)."""
    nouns, prepositions = grammar.whereas_noun, grammar.whereas_preposition
    return [
        k
        for k in range(1, len(words))
        if words[k].info.bare in nouns and words[k - 1].info.bare in prepositions
    ]


def relative_cuts(words: list[Word], grammar: Grammar) -> list[int]:
    """وهو ما / وهي ما (which is what), the pronoun compared without a leading و/ف and the
    particle as written: where the particle is (the clause starts at the pronoun)."""
    particles, pronouns = grammar.relative_particle, grammar.relative_pronoun
    return [
        k
        for k in range(1, len(words))
        if words[k].info.norm in particles and words[k - 1].info.bare in pronouns
    ]


#: The cuts at a word (steps 1–2) and the two-word openers (steps 3–4), which cut before
#: their first word.
CUTS = (punctuation_cuts, opener_cuts)
PAIRS = (whereas_cuts, relative_cuts)


def cut_clauses(
    words: list[Word], grammar: Grammar, conditions: list
) -> tuple[list[int], list[tuple[int, int, bool]]]:
    """The clause of each word, and each clause as ``(first word, one past the last,
    conditional)``.

    A clause starts at every cut of :data:`CUTS`; before the first word of a two-word opener
    of :data:`PAIRS` unless its second word starts a clause itself (في، حين); and at each
    condition (``conditions``: the condition matches, which make their clause conditional).
    """
    starts: dict[int, bool] = {0: False}
    for cuts in CUTS:
        for k in cuts(words, grammar):
            starts.setdefault(k, False)
    single = set(starts)
    for pairs in PAIRS:
        for k in pairs(words, grammar):
            if k not in single:
                starts.setdefault(k - 1, False)
    for m in conditions:
        starts[m.i] = True
    clause_of: list[int] = []
    bounds: list[list] = []
    for k in range(len(words)):
        if k in starts:
            bounds.append([k, k, starts[k]])
        bounds[-1][1] = k + 1
        clause_of.append(len(bounds) - 1)
    return clause_of, [tuple(b) for b in bounds]
