"""The grammar words of the stance reader: ``grammar_words.csv``.

The words that tell the reader where a clause starts (فيما، لكن، فإن، في حين، وهو ما), where
reported content starts (أن، بأن), that a name is an object (a preposition before it), what a
head phrase runs over on its way to a name (كبير، في، باسم), what counts as a quantity before a
partitive من, and which words say that a cue is about combat forces (قتالي، غير قتالية).

The file is a word list (columns ``word``, ``kind``, ``note``, ``example``; read with
:func:`toolkit.lexicons.load_word_list`): ``kind`` is one of :data:`GRAMMAR_KINDS`, a word
may appear under several kinds, and a non-empty ``example`` must contain its word. Words are
compared in normalized form with ة read as ه; which form of a word of the text a kind is
compared with (the word without a leading و/ف, as written, or its stem) is documented where
the reader uses it (``toolkit/stance/``) and in ``README.md``.
"""

from __future__ import annotations

import os

import polars as pl

from toolkit.lexicons.files import Lexicons, as_lexicons, cached
from toolkit.lexicons.words import load_word_list, word_sets

__all__ = ["GRAMMAR_KINDS", "grammar_words", "load_grammar_words"]

#: The kinds of rows of ``grammar_words.csv``.
GRAMMAR_KINDS = (
    "clause_opener",
    "clause_opener_written",
    "whereas_preposition",
    "whereas_noun",
    "relative_pronoun",
    "relative_particle",
    "complementizer",
    "preposition",
    "partitive",
    "lead_noun",
    "bridge",
    "quantity",
    "filler",
    "object_marker",
    "combat_stem",
    "combat_negator",
    "possessive",
    "org_noun",
    "relay_verb",
    "decision_noun",
    "relative_subject",
    "accusing",
    "charge_stem",
    "pluperfect",
    "past_particle",
    "biography",
    "completion",
    "former",
    "task_body",
    "verb_preposition",
    "manner_noun",
    "place_verb",
    "mission_noun",
    "commentator",
    "background_marker",
    "statement_noun",
    "anonymous_source",
    "issued",
)


def _path(path: str | os.PathLike | None, lexicons: Lexicons | str | None) -> str:
    return str(path or as_lexicons(lexicons).path("grammar_words.csv"))


def load_grammar_words(
    path: str | os.PathLike | None = None, *, lexicons: Lexicons | str | None = None
) -> pl.DataFrame:
    """The grammar words file, validated: ``word`` (normalized), ``kind``, ``note``,
    ``example``. Raises :class:`toolkit.lexicons.LexiconError` naming the file, row and reason.

    Examples
    --------
    >>> words = load_grammar_words()
    >>> sorted(words.filter(kind="clause_opener_written")["word"])
    ['فان']
    """
    return load_word_list(_path(path, lexicons), GRAMMAR_KINDS)


def grammar_words(
    path: str | os.PathLike | None = None, *, lexicons: Lexicons | str | None = None
) -> dict[str, frozenset[str]]:
    """The words of each kind of :data:`GRAMMAR_KINDS`, normalized with ة read as ه (as the
    stance reader compares them); read again when the file changed.

    Examples
    --------
    >>> sorted(grammar_words()["relative_pronoun"])
    ['هو', 'هي']
    """
    path = _path(path, lexicons)

    def build() -> dict[str, frozenset[str]]:
        sets = word_sets(path, GRAMMAR_KINDS)
        return {kind: frozenset(w.replace("ة", "ه") for w in sets[kind]) for kind in GRAMMAR_KINDS}

    return cached("grammar_words", [path], build)
