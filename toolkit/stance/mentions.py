"""Who is named in a sentence, and which names can hold a position.

A party is named by:

- a person or organisation of the gazetteer (:mod:`toolkit.stance.names`);
- a *group noun* with a fixed party (``group`` rows of ``speakers.csv``:
  الميليشيات المدعومة من إيران، للعراقيين; a row written with the article, الصدر, needs it:
  صدر البيان is a verb);
- a *head noun* (``head`` rows: مسؤول، مصادر، نواب) and what follows it —
  :func:`head_phrase`: nisbas (``nisbas.csv``: مسؤولون عراقيون وأمريكيون → both
  governments) or a name, over titles and bridges (``lead_noun`` and ``bridge`` words of
  ``grammar_words.csv``: مسؤول كبير في إدارة بايدن → the US administration). A definite head
  without a party (المسؤول) is *anaphoric*: it may continue an earlier speaker
  (:mod:`toolkit.stance.state`); a head with a definite organisation noun (``org_noun``:
  زعيم الحركة، المتحدث باسم الفصيل) stands for the organisation named last in the article
  (its holder rule is ``title``); a head with a nationality that is no party (مسؤول بريطاني،
  رئيس الوزراء البريطاني) speaks for no party, whatever a shorter name inside it says; nor
  does a head phrase followed by ``former`` (مساعد وزير الخارجية الأمريكي السابق).

Where names overlap, the leftmost and longest wins. A name holds no position
(:func:`excluded`) when it is an object — after a preposition (``preposition`` words:
إلى إدارة بايدن، المدعومة من إيران), possibly over up to :data:`MAX_TITLES` title nouns, but
not after a partitive من that follows a quantity (``partitive``, ``quantity``:
عشرات الآلاف من العراقيين، 64% من العراقيين) —, a genitive with ل (المهمة القتالية للتحالف,
but الأمين العام للناتو speaks), the owner of forces (قوات التحالف، مهمة الناتو), or
coordinated by و with an excluded name, inside a stance cue (إغلاق السفارة الأمريكية:
:func:`inside_cue`), accused (متهمة واشنطن بالمماطلة: :func:`accused`) or the place where
something happened (وشهدت بغداد تظاهرات: :func:`witnessed`). The Iraqi public named in a
sentence set in the United States (في الولايات المتحدة: a poll of Americans) holds nothing.
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
    "accused",
    "after_preposition",
    "attached_preposition",
    "coordinated_with_excluded",
    "excluded",
    "find_mentions",
    "genitive",
    "head_phrase",
    "inside_cue",
    "is_quantity",
    "owner_of_forces",
    "witnessed",
]

#: How many title nouns (وزير، رئيس، إدارة …) a name's look-back for a preposition runs over.
MAX_TITLES = 6
#: How many words after a head noun its phrase may run over.
HEAD_REACH = 6


def find_mentions(s, found: dict[str, list[Match]]) -> list[Mention]:
    """The names of sentence ``s`` (entities, groups, head phrases), not overlapping, each
    marked ``excluded`` or not; ``found`` are the sentence's pattern matches by kind."""
    nisbas = {m.i: m.record["party"] or None for m in found.get("nisba", [])}
    words = s.words
    groups = [
        Mention(m.i, m.j, m.record["parties"], "group")
        for m in found.get("group", [])
        if not _article_missing(m, words)
    ]
    names: dict[int, Mention] = {}
    for e in [*s.entities, *groups]:  # the longest name at each word
        if e.i not in names or e.j > names[e.i].j:
            names[e.i] = e
    heads = [head_phrase(s, m, nisbas, names) for m in found.get("head", [])]
    lone = [
        Mention(m.i, m.j, (), "surname", surname=words[m.i].info.stem)
        for m in found.get("surname", [])
        if not words[m.i].info.aliases
    ]
    # Among names of the same words, one with a party first (الحكومة the group, not the head).
    named = [h for h in heads if h.parties or h.foreign]
    rest = [h for h in heads if not (h.parties or h.foreign)]
    chosen = leftmost_longest(named + groups + s.entities + rest + lone)
    previous = None
    for m in chosen:
        m.excluded = excluded(s, m, previous)
        previous = m
    abroad = _abroad(s, chosen)
    for m in chosen:
        if abroad and m.kind == "group" and m.parties == ("iraqi_public",):
            m.excluded = True  # 55 في المئة من المستطلعين في الولايات المتحدة: not Iraqis
    return chosen


def _abroad(s, chosen: list[Mention]) -> bool:
    """Whether the sentence places what it tells in the country of the target's forces: في
    right before a name of the US administration (في الولايات المتحدة، وفي أمريكا). A poll's
    respondents or protesters there are not the Iraqi public."""
    words, sides = s.words, s.reader.sides
    for m in chosen:
        if m.i and words[m.i - 1].info.bare == "في" and not words[m.i - 1].info.closes:
            if any(sides.get(p) == "target" for p in m.parties) and m.kind == "entity":
                return True
    return False


def _article_missing(m: Match, words) -> bool:
    """Whether a group row whose first word is written with the article in every spelling
    (الصدر) matched a word without it (بيان
    صدر عن بغداد: the verb 'was issued', not Sadr)."""
    first = m.record["pattern"].split()[0].split("/")
    return all(word.startswith("ال") for word in first) and not words[m.i].info.article


def head_phrase(s, match: Match, nisbas: dict[int, str], names: dict[int, Mention]) -> Mention:
    """A head noun and the nisbas or the name that give it a party.

    The phrase runs over nisbas (مسؤولون عراقيون وأمريكيون), titles (``lead_noun``), a few
    adjectives and linking prepositions (``bridge``: مسؤول كبير في إدارة …، متحدث باسم …،
    بيان صادر عن …; a name with ل after such a preposition is who it spoke to: مسؤول في
    الخارجية للتحالف), an organisation noun right before a name (``org_noun``: رئيس كتلة الحزب
    الديمقراطي الكردستاني), bare adjectives of the form …ي before the party (مسؤول دفاعي أمريكي:
    :func:`_plain_nisba`) up to the first named party, within :data:`HEAD_REACH` words; any other
    word, a reporting verb or clause punctuation ends it.
    """
    w, i = s.words, match.i
    g = s.grammar
    bridges, titles = g.bridge, g.lead_noun
    parties: list[str] = []
    end, foreign, org = i + 1, False, False
    for k in range(i + 1, min(i + 1 + HEAD_REACH, len(w))):
        if w[k - 1].info.closes or k in s.verbs:
            break
        if k in nisbas:
            if nisbas[k] is None:
                foreign = not parties  # مسؤول بريطاني: a nationality that is no party
            else:
                parties.append(nisbas[k])
            end = k + 1
        elif k in names:
            if names[k].parties and not parties and not foreign and not _told_to(w, i, k, g):
                parties.extend(names[k].parties)
                end = names[k].j
            break  # a name after a nisba is another name (دعا الوزير الإيراني الحكومة)
        elif not parties and not foreign and w[k].info.stem in g.org_noun and w[k].info.article:
            org, end = True, k + 1  # زعيم الحركة: the organisation named earlier
            break
        elif not parties and not foreign and _plain_nisba(w[k].info):
            continue  # مسؤول دفاعي أمريكي: an adjective of the head before its nisba
        elif not parties and not foreign and w[k].info.stem in g.org_noun and k + 1 in names:
            continue  # رئيس كتلة الحزب الديمقراطي الكردستاني: the bloc of the party named next
        elif parties or foreign or not (w[k].info.stem in bridges or w[k].info.stem in titles):
            break
    former = parties and end < len(w) and w[end].info.stem in g.former
    if former and not w[end - 1].info.closes:
        parties, foreign = [], True  # مساعد وزير الخارجية الأمريكي السابق: a former official
    anaphoric = w[i].info.stem if not parties and not foreign and w[i].info.article else None
    mention = Mention(i, end, tuple(dict.fromkeys(parties)), "head", anaphoric)
    mention.foreign, mention.org = foreign, org and not parties
    mention.former = bool(former) and foreign
    return mention


def _told_to(w, head: int, k: int, g) -> bool:
    """Whether the name at ``k`` has ل attached and comes after a prepositional phrase of the
    head (مسؤول في الخارجية للتحالف): the outlet or the addressee it spoke to, not its owner
    (which follows a title directly: عضو المكتب السياسي لحركة …)."""
    first = w[k].info
    if first.bare[:1] != "ل" or first.bare == first.stem:
        return False
    return any(w[x].info.bare in g.preposition for x in range(head + 1, k))


def _plain_nisba(info) -> bool:
    """A bare adjective of the form …ي (دفاعي، رفيع is not): no clitic, no article, four
    letters or more — it may stand between a head noun and the nisba of its party."""
    return info.bare == info.stem and info.stem.endswith("ي") and len(info.stem) >= 4


def excluded(s, m: Mention, previous: Mention | None) -> bool:
    """Whether a named party is an object, an owner of forces or a genitive: no holder
    (any rule of :data:`EXCLUSIONS`)."""
    return any(rule(s, m, previous) for rule in EXCLUSIONS)


def coordinated_with_excluded(s, m: Mention, previous: Mention | None) -> bool:
    """A name joined by و right after an excluded name is excluded too (not over clause
    punctuation: «تعبر إلى الكويت.. والصدر:» starts a new phrase)."""
    return (
        previous is not None
        and previous.j == m.i
        and s.words[m.i].info.conj
        and previous.excluded
        and not s.words[previous.j - 1].info.closes  # الكويت.. والصدر: a new phrase
    )


def attached_preposition(s, m: Mention, previous: Mention | None) -> bool:
    """A name with ب or ك attached (بواشنطن) is an object."""
    return s.words[m.i].info.prep


def genitive(s, m: Mention, previous: Mention | None) -> bool:
    """A name with ل attached is a genitive (المهمة القتالية للتحالف), unless a title stands
    before it (الأمين العام للناتو speaks), maybe with one nisba adjective after the title
    (عضو المكتب السياسي لحركة عصائب أهل الحق: a word of the form ال…ي)."""
    w = s.words
    first = w[m.i].info
    lead = s.grammar.lead_noun
    titled = m.i > 0 and w[m.i - 1].info.stem in lead
    if not titled and m.i > 1 and w[m.i - 2].info.stem in lead:
        between = w[m.i - 1].info.bare
        titled = between.startswith("ال") and between.endswith("ي") and len(between) > 4
    named = m.kind in ("entity", "surname")
    return named and first.bare[:1] == "ل" and first.bare != first.stem and not titled


def owner_of_forces(s, m: Mention, previous: Mention | None) -> bool:
    """A name that is or follows a force word owns the forces (قوات التحالف، مهمة الناتو);
    a name right after a word of staying or leaving is whose they are (بقاء التحالف، انسحاب
    الأمريكيين، خروج التحالف)."""
    if m.kind not in ("entity", "group", "surname"):
        return False
    if m.kind != "group" and (m.i in s.force_words or m.i - 1 in s.force_words):
        return True
    return m.i - 1 in s.topic_ends


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
    if w[k].info.bare in g.verb_preposition and m.j < len(w) and w[m.j].info.bare == "عن":
        return False  # وعبر الصدر عن استيائه: the verb (expressed), whose subject the name is
    if w[k].info.bare == "عن" and any(w[x].info.stem in g.issued for x in range(max(k - 3, 0), k)):
        return False  # بيان مشترك صدر الجمعة عن بغداد وواشنطن: the authors of the statement
    partitive = w[k].info.bare in g.partitive and (
        (k > 0 and is_quantity(w[k - 1].info, g)) or (k > 1 and w[k - 2].info.stem in g.quantity)
    )  # a quantity right before من, or a quantity word and an adjective (أغلبية كبيرة من)
    return not partitive


def inside_cue(s, m: Mention, previous: Mention | None) -> bool:
    """A name that starts inside a stance cue's words and runs to its end or past it is what
    the cue is about, not who holds it (إغلاق السفارة الأمريكية: the embassy is the cue's
    object); a name in a gap of the cue (رحّبت أربيل ببقاء) is its subject and may hold."""
    inside = getattr(s, "_inside_cues", None)
    if inside is None:  # the cues do not overlap: at most one entry per word
        inside = s._inside_cues = {k: c.j for c in s.stance for k in range(c.i + 1, c.j)}
    end = inside.get(m.i)
    return end is not None and m.j >= end


def witnessed(s, m: Mention, previous: Mention | None) -> bool:
    """A name right after a verb of witnessing (``place_verb``: وشهدت بغداد تظاهرات تطالب
    بخروج القوات) is the place where it happened, not a holder: the demand is the protesters'."""
    return m.i > 0 and s.words[m.i - 1].info.bare in s.grammar.place_verb


def accused(s, m: Mention, previous: Mention | None) -> bool:
    """A name right after an accusing participle (``accusing``: متهمة واشنطن بالمماطلة،
    محملاً الحكومة المسؤولية) is the accused, not a holder: what it is accused of is the
    speaker's charge, not its position."""
    return m.i > 0 and s.words[m.i - 1].info.bare in s.grammar.accusing


#: The rules that make a named party no holder, in the order they are asked; a rule takes the
#: sentence, the name and the name before it.
EXCLUSIONS = (
    coordinated_with_excluded,
    attached_preposition,
    genitive,
    owner_of_forces,
    after_preposition,
    inside_cue,
    accused,
    witnessed,
)


def is_quantity(info: Info, grammar) -> bool:
    """Whether a word is a quantity (``quantity`` words, compared by stem, or a number)."""
    return info.stem in grammar.quantity or info.norm[:1].isdigit()
