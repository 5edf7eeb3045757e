"""Who is named in a sentence, and which names can hold a position.

A party is named by:

- a person or organisation of the gazetteer (:mod:`toolkit.stance.names`);
- a *group noun* with a fixed party (``group`` rows of ``speakers.csv``:
  الميليشيات المدعومة من إيران، للعراقيين);
- a *head noun* (``head`` rows: مسؤول، مصادر، نواب) and what follows it —
  :func:`head_phrase`: nisbas (``nisbas.csv``: مسؤولون عراقيون وأمريكيون → both
  governments) or a name, over titles and bridges (``lead_noun`` and ``bridge`` words of
  ``grammar_words.csv``: مسؤول كبير في إدارة بايدن → the US administration). A definite head
  without a party (المسؤول) is *anaphoric*: it may continue an earlier speaker
  (:mod:`toolkit.stance.state`).

Where names overlap, the leftmost and longest wins. A name holds no position
(:func:`excluded`) when it is an object — after a preposition (``preposition`` words:
إلى إدارة بايدن، المدعومة من إيران), possibly over up to :data:`MAX_TITLES` title nouns, but
not after a partitive من that follows a quantity (``partitive``, ``quantity``:
عشرات الآلاف من العراقيين، 64% من العراقيين) —, a genitive with ل (المهمة القتالية للتحالف,
but الأمين العام للناتو speaks), the owner of forces (قوات التحالف، مهمة الناتو), or
coordinated by و with an excluded name.
"""

from __future__ import annotations

from toolkit.stance.index import Match
from toolkit.stance.names import Mention
from toolkit.stance.spans import leftmost_longest
from toolkit.stance.words import Info

__all__ = [
    "EXCLUSIONS",
    "HEAD_REACH",
    "MAX_TITLES",
    "after_preposition",
    "attached_preposition",
    "coordinated_with_excluded",
    "excluded",
    "find_mentions",
    "genitive",
    "head_phrase",
    "is_quantity",
    "owner_of_forces",
]

#: How many title nouns (وزير، رئيس، إدارة …) a name's look-back for a preposition runs over.
MAX_TITLES = 6
#: How many words after a head noun its phrase may run over.
HEAD_REACH = 6


def find_mentions(s, found: dict[str, list[Match]]) -> list[Mention]:
    """The names of sentence ``s`` (entities, groups, head phrases), not overlapping, each
    marked ``excluded`` or not; ``found`` are the sentence's pattern matches by kind."""
    nisbas = {m.i: m.record["party"] for m in found.get("nisba", [])}
    groups = [Mention(m.i, m.j, (m.record["party"],), "group") for m in found.get("group", [])]
    names = {e.i: e for e in [*s.entities, *groups]}
    heads = [head_phrase(s, m, nisbas, names) for m in found.get("head", [])]
    chosen = leftmost_longest(heads + groups + s.entities)
    previous = None
    for m in chosen:
        m.excluded = excluded(s, m, previous)
        previous = m
    return chosen


def head_phrase(s, match: Match, nisbas: dict[int, str], names: dict[int, Mention]) -> Mention:
    """A head noun and the nisbas or the name that give it a party.

    The phrase runs over nisbas (مسؤولون عراقيون وأمريكيون), titles (``lead_noun``), a few
    adjectives and linking prepositions (``bridge``: مسؤول كبير في إدارة …، متحدث باسم …،
    بيان صادر عن …) up to the first named party, within :data:`HEAD_REACH` words; any other
    word, a reporting verb or clause punctuation ends it.
    """
    w, i = s.words, match.i
    bridges, titles = s.grammar.bridge, s.grammar.lead_noun
    parties: list[str] = []
    end = i + 1
    for k in range(i + 1, min(i + 1 + HEAD_REACH, len(w))):
        if w[k - 1].info.closes or k in s.verbs:
            break
        if k in nisbas:
            parties.append(nisbas[k])
            end = k + 1
        elif k in names:
            if names[k].parties:
                parties.extend(names[k].parties)
                end = names[k].j
            break
        elif parties or not (w[k].info.stem in bridges or w[k].info.stem in titles):
            break
    anaphoric = w[i].info.stem if not parties and w[i].info.article else None
    return Mention(i, end, tuple(dict.fromkeys(parties)), "head", anaphoric)


def excluded(s, m: Mention, previous: Mention | None) -> bool:
    """Whether a named party is an object, an owner of forces or a genitive: no holder
    (any rule of :data:`EXCLUSIONS`)."""
    return any(rule(s, m, previous) for rule in EXCLUSIONS)


def coordinated_with_excluded(s, m: Mention, previous: Mention | None) -> bool:
    """A name joined by و right after an excluded name is excluded too."""
    return (
        previous is not None and previous.j == m.i and s.words[m.i].info.conj and previous.excluded
    )


def attached_preposition(s, m: Mention, previous: Mention | None) -> bool:
    """A name with ب or ك attached (بواشنطن) is an object."""
    return s.words[m.i].info.prep


def genitive(s, m: Mention, previous: Mention | None) -> bool:
    """A name with ل attached is a genitive (المهمة القتالية للتحالف), unless a title stands
    before it (الأمين العام للناتو speaks)."""
    w = s.words
    first = w[m.i].info
    titled = m.i > 0 and w[m.i - 1].info.stem in s.grammar.lead_noun
    return m.kind == "entity" and first.bare[:1] == "ل" and first.bare != first.stem and not titled


def owner_of_forces(s, m: Mention, previous: Mention | None) -> bool:
    """A name that is or follows a force word owns the forces (قوات التحالف، مهمة الناتو)."""
    return m.kind == "entity" and (m.i in s.force_words or m.i - 1 in s.force_words)


def after_preposition(s, m: Mention, previous: Mention | None) -> bool:
    """A name after a preposition, maybe over up to :data:`MAX_TITLES` titles
    (إلى إدارة بايدن، لدى وزير …) or after a title with ب or ك attached, is an object —
    unless the preposition is a partitive after a quantity (عشرات الآلاف من العراقيين)."""
    w, g = s.words, s.grammar
    k, lowest = m.i - 1, m.i - 1 - MAX_TITLES
    while k > lowest and k >= 0 and not w[k].info.closes and w[k].info.stem in g.lead_noun:
        if w[k].info.prep:
            return True
        k -= 1
    if k < 0 or w[k].info.closes or w[k].info.bare not in g.preposition:
        return False
    partitive = w[k].info.bare in g.partitive and k > 0 and is_quantity(w[k - 1].info, g)
    return not partitive


#: The rules that make a named party no holder, in the order they are asked; a rule takes the
#: sentence, the name and the name before it.
EXCLUSIONS = (
    coordinated_with_excluded,
    attached_preposition,
    genitive,
    owner_of_forces,
    after_preposition,
)


def is_quantity(info: Info, grammar) -> bool:
    """Whether a word is a quantity (``quantity`` words, compared by stem, or a number)."""
    return info.stem in grammar.quantity or info.norm[:1].isdigit()
