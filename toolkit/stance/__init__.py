"""Stance toward a target, by party, with the words each reading rests on.

The default target is the presence of US troops in Iraq (US-led coalition forces included);
NATO's own mission, Iraqi forces and others are *not* that target. Every label is produced by
rules a reader can check: which party holds the position (*attribution*), which words carry it
(*cues*), and what changes it (negation, conditions, comparisons). The rules read editable
CSV files, validated on load (see ``toolkit/lexicons/README.md``):

- ``stance_cues_<target>.csv`` — the cues and the words that define the target
  (:func:`toolkit.lexicons.load_stance_cues`). A class can define another target
  (``target="nato_mission"``) with a file of its own, or pass ``cues=`` a path or frame.
- ``speakers.csv`` — group nouns, head nouns, extra reporting verbs and source markers
  (:func:`toolkit.lexicons.load_speakers`); ``nisbas.csv`` — the adjectives that give a head
  noun its party. Named people and organisations get their party from the entity gazetteer
  (``entities.csv``), as in :func:`toolkit.extract_entities`.
- ``grammar_words.csv`` — the grammar words of the reader: clause openers, complementizers,
  prepositions, titles, bridges, quantities, fillers (:mod:`toolkit.lexicons.grammar`).
- ``stopwords.csv`` (the reporting verbs) and ``clitics.csv`` (the clitic splitter).

Every pattern is written in the syntax of :mod:`toolkit.lexicons.patterns` (literal words,
``/`` alternatives, ``*`` for any letters, ``…`` gaps): no regular expressions, every row can
be read aloud, and a row whose ``example`` it does not match is reported as an error.

How a sentence is read — each rule is documented in the module that holds it:

1. candidate sentences, found vectorized, read in article order — :mod:`~.classify`;
2. words: normalized, clitics set aside — :mod:`~.words`, :mod:`~.reader`, :mod:`~.index`,
   :mod:`~.names`;
3. clauses and conditions — :mod:`~.clauses`;
4. who is named and who holds the position (``speaker``, ``actor``, ``carry_over``,
   ``embedded``, ``source``) — :mod:`~.mentions`, :mod:`~.holders`, :mod:`~.state`;
5. what each cue is about (target or not) — :mod:`~.forces`;
6. negation, hedges, comparisons, combat — :mod:`~.modifiers`;
7. the claim of each party and the ``rule`` column — :mod:`~.claims`
   (:mod:`~.sentence` puts the steps together).

Time and memory: reading is linear in the length of a sentence and of an article. Each
sentence is read once per call (:mod:`~.memo`, ``memo=``), and a large corpus is read in one
process per core (:mod:`~.parallel`, ``workers=``); both give exactly the claims of the plain
reading. :func:`party_stance` sums claims up by party (:mod:`~.aggregate`);
:func:`explain_stance` shows a reading layer by layer (:mod:`~.explain`);
:func:`toolkit.evaluate.evaluate_stance` scores claims against a hand annotation.
"""

from toolkit.stance.aggregate import combine_party_stance, party_stance, party_stance_partial
from toolkit.stance.classify import CLAIM_SCHEMA, classify_stance
from toolkit.stance.explain import explain_stance
from toolkit.stance.memo import MemoSettings

__all__ = [
    "CLAIM_SCHEMA",
    "MemoSettings",
    "classify_stance",
    "combine_party_stance",
    "explain_stance",
    "party_stance",
    "party_stance_partial",
]
