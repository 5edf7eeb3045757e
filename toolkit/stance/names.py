"""Named people and organisations of the gazetteer, found in a sentence's words.

Every alias of ``entities.csv`` (or a gazetteer frame) is indexed by the stem of its first
word, each word kept as ``(stem, has the article)``; a word of a sentence knows the aliases
that may start at it (:attr:`toolkit.stance.words.Info.aliases`). At each word the longest
alias wins, leftmost first, never across clause punctuation. A named entity is a
:class:`Mention` of kind ``entity`` with its party (or none).

**Surnames** (:attr:`AliasIndex.surnames`): the last word of a person's name of two words or
more (السوداني of محمد شياع السوداني, الكعبي of أكرم الكعبي) that is no alias of its own and
starts no person's name (حسين، صالح are first names too).
Alone it is a :class:`Mention` of kind ``surname`` whose party is that of the person named in
full earlier in the same article (:func:`toolkit.stance.holders.surname_holder`): the name
alone may be an ordinary word (السوداني: Sudanese; الصدر: the chest), the full name before it
says who it is.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from toolkit.arabic import CliticSplitter
from toolkit.lexicons.patterns import strip_punct, word_forms
from toolkit.stance.words import NUMBER, Word

__all__ = ["AliasIndex", "Mention"]


@dataclass
class Mention:
    """A party named in a sentence, words ``i`` to ``j`` (exclusive)."""

    i: int
    j: int
    parties: tuple[str, ...]
    kind: str  # entity, group, head
    anaphoric: str | None = None  # the head key of a definite head noun without party
    excluded: bool = False  # an object, an owner of forces or a genitive: no holder
    foreign: bool = False  # a head with a nationality that is no party (مسؤول بريطاني)
    surname: str | None = None  # the key of a surname alone (its person named earlier)
    org: bool = False  # a title with an organisation noun (زعيم الحركة): the one named last
    former: bool = False  # a former official (الوزير الأمريكي السابق): speaks for no party


class AliasIndex:
    """The gazetteer's aliases by the stem of their first word, each as
    ``((stem, article), …)``, longest first."""

    def __init__(self, lexicon: pl.DataFrame, splitter: CliticSplitter):
        index: dict[str, list[tuple]] = {}
        last_words: set[str] = set()
        first_words: set[str] = set()
        labels = lexicon["label"] if "label" in lexicon.columns else [None] * lexicon.height
        for party, aliases, label in zip(lexicon["party"], lexicon["aliases"], labels, strict=True):
            for alias in aliases:
                keys = []
                for raw in alias.split():
                    core = strip_punct(raw)[2]
                    if core:
                        pieces, _, stem, _ = word_forms(core, splitter)
                        keys.append((stem, any(p[3] == "article" for p in pieces)))
                if keys:
                    index.setdefault(keys[0][0], []).append((tuple(keys), party))
                if len(keys) > 1 and label == "PERSON":
                    first_words.add(keys[0][0])
                    if party and len(keys[-1][0]) > 2:
                        last_words.add(keys[-1][0])
        for entries in index.values():
            entries.sort(key=lambda e: -len(e[0]))
        self.by_stem = index
        #: The last words of persons' names that are no alias of their own and no first name
        #: (حسين، صالح، محمد start names too): surnames.
        self.surnames = frozenset(
            w for w in last_words - first_words if not any(len(k) == 1 for k, _ in index.get(w, ()))
        )
        #: Stems of alias words that are numbers (a number that is part of a name reads as
        #: itself, not as any number).
        self.numeric = {
            stem
            for entries in index.values()
            for keys, _ in entries
            for stem, _ in keys
            if NUMBER.match(stem)
        }

    def get(self, form: str) -> list[tuple]:
        """The aliases whose first word's stem is ``form``."""
        return self.by_stem.get(form, ())

    @staticmethod
    def entities(words: list[Word]) -> list[Mention]:
        """Named people and organisations: the longest name from the leftmost word wins."""
        out: list[Mention] = []
        n, reach = len(words), 0
        for i, word in enumerate(words):
            if i < reach or not word.info.aliases:
                continue
            for keys, party in word.info.aliases:
                if i + len(keys) <= n and all(
                    (words[i + k].info.stem, words[i + k].info.article) == keys[k]
                    and not words[i + k - 1].info.closes
                    for k in range(1, len(keys))
                ):
                    reach = i + len(keys)
                    out.append(Mention(i, reach, (party,) if party else (), "entity"))
                    break
        return out
