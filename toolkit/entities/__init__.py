"""Named entities: gazetteer matching with clitic-aware boundaries, title patterns, frequency.

How a mention is found
----------------------
Articles are tokenized with clitics split off (:func:`toolkit.tokenize` with ``clitics=True``);
conjunctions and prepositions (و ف ب ك ل) are set aside, the article ال stays. Every alias in
the lexicon goes through exactly the same steps, so ``للناتو`` (ل + ال + ناتو) matches the alias
``الناتو`` (ال + ناتو), while ``إيران`` never matches inside ``الإيراني`` (ال + إيراني) and
``العراق`` never inside ``العراقية``: a match always covers whole pieces. Matching is
insensitive to diacritics, tatweel, alef forms, ى/ي and ة/ه.

**Longest match wins**: ``الحكومة العراقية`` is one mention, not ``العراق`` inside it; when
two matches overlap, the one that starts first (and, at the same start, the longer) is kept.

**Nested names**: the lexicon has no entries for "the administration of X"; in
``إدارة جو بايدن`` the mention is ``جو بايدن`` (Joe Biden, PERSON), whose party,
``us_administration``, carries the administration. So ``بايدن``, ``جو بايدن`` and
``إدارة بايدن`` all count toward Biden and toward the US administration.

**Titles**: a name that follows a title of ``toolkit/lexicons/titles.csv`` (الرئيس، وزير
الدفاع، الجنرال …) and is not in the gazetteer is proposed as a PERSON (``method="pattern"``);
an organisation after the title (الأمين العام لمنظمة …), a glued clitic or a frequent ordinary
word (word-frequency evidence) is no name.

**Spelling** (``method="spelling"``): names run together when a space is lost (حزبالله،
الولاياتالمتحدة، الولاياتالمتحدةوالعراق) and one-edit typos of long alias words (ستولتنرغ،
ماكنيزي، بومبيوو) inside their alias, or alone when the article names the entity right
(:mod:`toolkit.entities.spelling`).

**Coreference** (``method="coreference"``): a surname, a title and surname or given name, a
kunya or an organisation's short form is the entity named in full nearest before it in the
same article (حيدر العبادي … العبادي، عصائب أهل الحق … العصائب); with no full mention
before it, it is no mention (:mod:`toolkit.entities.coreference`; the short forms are derived
from the gazetteer or listed in ``toolkit/lexicons/short_forms.csv``).

**Offices** (``method="office"``): a bare office title (رئيس الوزراء العراقي) in an article
with a ``published`` date is the person in office that day (``toolkit/lexicons/offices.csv``,
``office_titles.csv``); a name after the title wins (:mod:`toolkit.entities.offices`).

**Institutions** (``method="institution"``): a university, institute or college noun before a
known place (جامعة بغداد، مركز بغداد للدراسات) is one ORG mention over both, with no party, and
the place is no mention of its own; bare outlet names after a citation word (نقلت الميادين)
and a surname repeated after a name proposed by a title are ``coreference`` mentions
(:mod:`toolkit.entities.cited`, :mod:`toolkit.entities.repeats`; the words in
``toolkit/lexicons/mention_words.csv``).

Offsets point into the original text; in the ``لل`` form the mention starts at the stem
(``للناتو`` gives the surface ``ناتو``), elsewhere at the article (``والعراق`` gives ``العراق``).

Two paths, one result
---------------------
The rules above are written once, on the clitic token stream: that is the reference,
:func:`toolkit.entities.reference.extract_entities_reference`. :func:`extract_entities`
computes the same frame without building that stream: the text becomes arrays of code points,
only the words whose suffix is an alias piece are split by the tokenizer's own clitic rule, and
aliases are followed piece by piece through a trie (:mod:`toolkit.entities.fast`). Articles it
cannot reproduce exactly (presentation forms such as ﻻ, combining marks that normalization
keeps, a diacritic or tatweel right after a digit, tatweel opening a word) and lexicons it
cannot express (an alias ending in a lone ال) go to the reference, and so do the articles with
a word that respells (typos, names run together: :mod:`toolkit.entities.suspects` finds them
on arrays). ``tests/entities/test_fast.py`` checks that both give the same frame.

The modules
-----------
======================  ==================================================================
``stream``              the clitic token stream, phrase keys, the reference matcher, spans
``tables``              what one call reads from the lexicons (aliases, titles, stopwords,
                        the clitic splitter), kept until a file changes
``patterns``            the title rule: names proposed after titles
``spelling``            respelling: typos and lost spaces (the reference path)
``suspects``            the fast path's look-out for words that respell
``forms``               short forms (derived and listed) and office titles as candidates
``found``, ``mentions`` the mention frame, finishing, the steps of a call, later sources
``context``             the words around a span, as the later sources read them
``offices``             bare office titles resolved by date (a later source)
``coreference``         short forms resolved to the nearest full mention (a later source)
``reference``           the reference path
``chars``, ``matcher``  the fast path's code-point tables and hashing; its phrase trie
``chunk``, ``fast``     the fast path: one chunk of articles as arrays; chunks and threads
``extract``             :func:`extract_entities`
``frequency``           :func:`entity_frequency`, :func:`entity_cooccurrence`
======================  ==================================================================

A new source of mentions that reads the mentions already found plugs in after the gazetteer
and the titles, on both paths, as offices and coreference do: see
:mod:`toolkit.entities.mentions`.
"""

from toolkit.entities.extract import MENTION_SCHEMA, FastPath, extract_entities
from toolkit.entities.frequency import entity_cooccurrence, entity_frequency
from toolkit.entities.reference import extract_entities_reference

__all__ = [
    "MENTION_SCHEMA",
    "FastPath",
    "entity_cooccurrence",
    "entity_frequency",
    "extract_entities",
    "extract_entities_reference",
]
