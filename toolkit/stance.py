"""Stance toward a target, by party, with the words each reading rests on.

The default target is the presence of US troops in Iraq (US-led coalition forces included);
NATO's own mission, Iraqi forces and others are *not* that target. Every label is produced by
rules a reader can check: which party holds the position (*attribution*), which words carry it
(*cues*), and what changes it (negation, conditions, comparisons). The rules read two editable
CSV files, validated on load:

- ``toolkit/lexicons/stance_cues_<target>.csv`` — the cues and the words that define the target
  (see :func:`load_stance_cues`). A class can define another target (``target="nato_mission"``)
  with a file of its own, or pass ``cues=`` a path or frame.
- ``toolkit/lexicons/speakers.csv`` — group nouns, head nouns, nisbas, extra reporting verbs
  and source markers (see :func:`load_speakers`). Named people and organisations get their party
  from the entity gazetteer (``entities.csv``), as in :func:`toolkit.extract_entities`.

How a sentence is read
----------------------
1. **Candidates** (vectorized): sentences whose normalized text contains a cue, a reference to
   forces, a reporting verb or a source marker. Only these are read word by word.
2. **Words**: each word is normalized (diacritics, tatweel, alef forms, ى/ي, ة/ه) and its
   proclitics و ف ب ك ل and the article ال are set aside, as everywhere in the toolkit.
3. **Clauses**: a sentence is cut at commas and semicolons and before فيما، بينما، لكن، في حين،
   وهو ما، أما، إلا أن. A condition (إذا، لو، ما لم، في حال …) opens a *conditional* clause.
4. **Who holds the position** (``rule`` starts with it):

   - ``speaker`` — the subject of a reporting verb (قال، أكد، دعا، طالب، هدد، رفض …, in all
     their forms: وقال، مؤكداً، مطالباً) or the first party named in a clause: a person or
     organisation from the gazetteer, a group noun (الميليشيات المدعومة من إيران، للعراقيين),
     or a head noun with a nisba or a name (مسؤولون عراقيون وأمريكيون → both governments;
     مسؤول كبير في إدارة بايدن → the US administration). Actions count: a parliament that passes
     a resolution, militias that launch strikes.
   - ``actor`` — the first party named in a clause without a reporting verb.
   - ``carry_over`` — a reporting verb without a subject (وأوضح أن، وأضاف …) or with an
     anaphoric one (وقال المسؤول) continues the previous speaker (up to three sentences back).
   - ``embedded`` — when the speaker has no party (مصادر، وكالة أسوشيتد برس، بيان مشترك), the
     first party named in the reported clause.
   - ``source`` — the name after وفقا ل، بحسب، نقلا عن speaks for the sentence's other clauses.

   Names after a preposition (إلى إدارة بايدن، المدعومة من إيران), inside a conditional clause,
   or owning forces (قوات التحالف، مهمة الناتو) hold no position. A clause without a holder
   continues the previous clause's.
5. **Cues** come from the cue file. A cue counts only if it concerns the target. Forces named
   with an owner decide first — those overlapping the cue, else the nearest in its clause:
   target references (القوات الأمريكية، قوات التحالف، جندي أمريكي، القوات الأجنبية، واشنطن …)
   keep it; *other* forces (الناتو) and the *host* country's forces (القوات العراقية) make it
   off target. Otherwise bare forces (القوات، قواتها، المهمة) belong to the last owner named
   before them in the sentence, else earlier in the article; a cue with no forces in its clause
   looks back in its sentence, then to the article's last owner. A cue whose pattern ends in
   ``…`` needs its forces *after* it (هجمات على … القوات الأمريكية). A comparison names the
   forces it is about (مقبولة أكثر من القوات الأمريكية).
6. **Modifiers**: a negation before a cue (لا، لن، لم، غير، دون، عدم، وقف، رفض …) flips it —
   or, for attacks, removes it (``negated`` column); a hedge (قد، ربما، من المرجح) halves its
   score; a comparison (أكثر من، بدلا من) before the target flips it. In a conditional clause
   negations do not flip (إذا لم تغادر states the condition, not a wish to stay).
7. **The claim** of a party in a sentence: support and oppose together → ``mixed``; withdrawal
   of combat forces next to training or advice (تدريب، المشورة، غير قتالية) → ``mixed``; a
   condition that leads elsewhere than the main cue → ``mixed``; a condition alone gives its own
   polarity. A party that speaks or acts but states nothing on the target → ``neutral``.

The ``rule`` column says ``<holder>:<decision>``: the holder rule of step 4, then ``cue`` or the
modifiers and combinations that applied — ``negated``, ``hedged``, ``comparative``,
``conditional``, ``mixed`` (support and oppose), ``limit`` (combat out, training kept) — or
``neutral``; e.g. ``carry_over:mixed``, ``speaker:negated``, ``embedded:conditional``.

Time and memory
---------------
Reading is linear in the length of a sentence and of an article: the matches, forces,
modifiers and mentions of a sentence are indexed once (binary searches, not scans back over
the sentence); a name looks back over at most :data:`MAX_TITLES` title nouns for a
preposition; a carried-over speaker is asked of three indexed entries of the article state,
not of every earlier speaker. Words are separated by any whitespace or a zero-width space.

Each sentence is read once per call: a reading is remembered with the questions it asked of
the article state (the owner of bare forces, the parties of a carried-over speaker) and is
reused, with its offsets moved, for the same sentence, for the same sentence written with
other diacritics, tatweel, marks or digits, and for one whose words read alike (other
figures, punctuation around words) — whenever the same questions get the same answers, so the
claims are exactly those of reading afresh (:data:`MEMO_SENTENCES` = 0 turns this off). A
corpus with more than :data:`PARALLEL_BYTES` of candidate sentences is read in one process
per core (``workers=``), cut between articles.

Pattern syntax (both files)
---------------------------
Literal Arabic words, separated by spaces, matched as whole words on normalized text:

- write the word without و ف ب ك ل or ال: ``انسحاب`` also finds والانسحاب، للانسحاب، بانسحاب;
- ``/`` separates alternatives for one word: ``ستبقى/سيبقى``;
- ``*`` at the start or end of a word stands for any letters: ``انسحاب*`` (انسحابها، انسحاباً),
  ``أمريكي*`` (الأمريكية، الأمريكيين);
- ``…`` (or ``...``) between words allows up to 3 other words there, ``…6`` up to 6;
- ``…`` or ``…N`` at the end: what the row applies to comes after it, within 4 (or N) words —
  the forces for a cue, the cue for a negation or hedge, the target for a comparison.

No regular expressions: every row can be read aloud, and a row whose ``example`` it does not
match is reported as an error.
"""

from __future__ import annotations

import gc
import os
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import NamedTuple

import polars as pl

from toolkit.arabic import normalize, normalize_expr, split_sentences, with_groups
from toolkit.evaluate import gold_frame, prf
from toolkit.lexicons import (
    CUE_KINDS,
    SPEAKER_KINDS,
    STANCES,
    cached,
    clitic_splitter,
    cue_records,
    cue_source,
    lexicon_path,
    load_entities,
    load_speakers,
    load_stance_cues,
    on_clear,
    speaker_records,
    stopwords,
)
from toolkit.lexicons.patterns import (
    Pattern,
    Slot,
    parse_pattern,
    word_forms,
    word_key,
)
from toolkit.lexicons.patterns import (
    strip_punct as _strip_punct,
)
from toolkit.workers import MAX_WORKERS, PARALLEL_BYTES, read_ipc

__all__ = [
    "CLAIM_SCHEMA",
    "CUE_KINDS",
    "SPEAKER_KINDS",
    "STANCES",
    "classify_stance",
    "combine_party_stance",
    "evaluate_stance",
    "explain_stance",
    "load_speakers",
    "load_stance_cues",
    "parse_pattern",
    "party_stance",
    "party_stance_partial",
]


#: The columns of :func:`classify_stance`.
CLAIM_SCHEMA = {
    "article_id": pl.String,
    "sentence_id": pl.Int64,
    "start": pl.Int64,
    "end": pl.Int64,
    "party": pl.String,
    "stance": pl.String,
    "score": pl.Float64,
    "cue": pl.String,
    "cue_start": pl.Int64,
    "cue_end": pl.Int64,
    "speaker": pl.String,
    "speaker_start": pl.Int64,
    "speaker_end": pl.Int64,
    "aspect": pl.String,
    "rule": pl.String,
    "target": pl.String,
    "sentence": pl.String,
    "evidence": pl.List(
        pl.Struct(
            {
                "kind": pl.String,
                "text": pl.String,
                "start": pl.Int64,
                "end": pl.Int64,
                "polarity": pl.String,
                "note": pl.String,
            }
        )
    ),
}

#: How many sentences back a reporting verb without a subject looks for its speaker.
CARRY_OVER_SENTENCES = 3
#: How many title nouns (وزير، رئيس، إدارة …) a name's look-back for a preposition runs over.
MAX_TITLES = 6

# ---- grammar words (normalized, ة written ه) ------------------------------------------------
# Where a clause starts, besides commas and semicolons.
_OPENERS = frozenset("فيما بينما لكن لكنه لكنها لكنهم لكننا بيد اما".split())
# Complementizers: the reported content starts after them.
_COMPLEMENTIZERS = frozenset("ان انه انها انهم انهن اننا بان بانه بانها بانهم".split())
# A name right after one of these is an object, not a holder.
_PREPOSITIONS = frozenset(
    """من الي علي عن مع ضد في لدي حول بشان تجاه نحو بين منذ عبر ازاء قرب بعد قبل خلال امام
    داخل خارج ضمن عند بحق مثل دون""".split()
)
# Nouns that may stand between a preposition and a name: إلى إدارة بايدن، من رئيس الوزراء.
_LEAD_NOUNS = frozenset(
    "اداره حكومه وزاره مكتب رئيس زعيم قائد امين عام وزير وزراء نائب رئاسه قياده ولايه عهد".split()
)
# Words a head phrase may run over on its way to a name: مسؤول كبير في إدارة بايدن.
_BRIDGES = frozenset(
    """في من عن لدي داخل ضمن باسم صادر صادره كبير كبار رفيع رفيعه رفيعو بارز بارزه سابق سابقه
    مستوي عسكري عسكريه عسكريون امني امنيه امنيون حكومي حكوميه مطلع مطلعه مطلعون مقرب
    مقربه مقربون رسمي رسميه رسميون خارجيه دفاع داخليه وزراء امن قومي""".split()
)
# Quantities before a partitive من: عشرات الآلاف من العراقيين، 64% من العراقيين.
_QUANTITIES = frozenset(
    "عشرات الاف الف مئات بعض معظم كثير كثيرون اغلبيه غالبيه نصف ثلث ربع اكثريه".split()
)
# Words that may stand between a reporting verb and its complementizer without being a subject.
_FILLERS = frozenset(
    "ايضا كذلك امس اليوم لاحقا مجددا في بيان تصريح تصريحات له لها لهم صحفي مؤتمر حديث".split()
)
_CLAUSE_PUNCT = frozenset("،,؛;")
# A raw token runs up to any whitespace (space, tab, newline, NBSP, thin and ideographic
# spaces …) or a zero-width space, which separates words without showing; zero-width
# (non-)joiners and directional marks stay inside the token and are stripped from the word.
_TOKEN_RUN = re.compile(r"[^\s\u200b]+")
# What normalization removes (diacritics, tatweel, zero-width and directional marks): a word
# is read without them.
_SILENT = frozenset(
    chr(code)
    for code in range(0x10000)
    if not 0xD800 <= code < 0xE000 and normalize(chr(code)) == ""
)
_LIGHTEN = str.maketrans(dict.fromkeys(_SILENT, ""))
# Silent characters that stay with the letter before them at the end of a word (diacritics,
# tatweel); directional and zero-width marks after a word are outside it.
_TRAILING = frozenset(c for c in _SILENT if unicodedata.category(c)[0] != "C")
# The key of a sentence read as its lightened text: silent characters removed (a zero-width
# space, which separates words, becomes a space) and Eastern Arabic and Persian digits written
# as ASCII, one character for one, so offsets map back by counting the removed characters.
_KEY = str.maketrans(
    {
        **dict.fromkeys(map(ord, _SILENT)),
        0x200B: " ",
        **{0x0660 + d: str(d) for d in range(10)},
        **{0x06F0 + d: str(d) for d in range(10)},
    }
)
_KEYED = re.compile("[" + re.escape("".join(sorted(_SILENT))) + "\u0660-\u0669\u06f0-\u06f9]")
_REMOVED = re.compile("[" + re.escape("".join(sorted(_SILENT - {"\u200b"}))) + "]")
_NUMBER = re.compile(r"^[0-9.,%٫٬]+$")


# =============================================================================================
# Patterns
# =============================================================================================


def _edges(raw: str) -> tuple[int, int]:
    """Where the word of a token starts and ends: from its first to its last letter or digit
    (punctuation, symbols and what normalization removes stay outside), with the diacritics
    and tatweel right after the last letter (القواتِ). A token without any: ``(len, len)``.

    The edges fall on the same letters whether or not the token carries diacritics, tatweel or
    zero-width marks, so a token reads exactly as its lightened form (see :data:`_KEY`)."""
    solid = [k for k, char in enumerate(raw) if _solid(char)]
    if not solid:
        return len(raw), len(raw)
    tail = solid[-1] + 1
    while tail < len(raw) and raw[tail] in _TRAILING:
        tail += 1
    return solid[0], tail


@cache
def _solid(char: str) -> bool:
    return char not in _SILENT and unicodedata.category(char)[0] not in "PSZC"


# =============================================================================================
# The compiled reader: words, matches, mentions
# =============================================================================================


class _Info(NamedTuple):
    """What the reader knows about one distinct whitespace-separated token (computed once)."""

    lead: int  # offset of the word within the raw token
    tail: int  # offset of the word's end within the raw token
    head: int  # offset of the article/stem, after و ف ب ك ل (the stem after لل)
    norm: str  # normalized word, ة read as ه
    bare: str  # norm without a leading و/ف
    stem: str  # without proclitics and article
    article: bool
    conj: bool
    prep: bool  # ب or ك attached
    slots: frozenset  # the pattern words it matches
    starts: tuple  # the patterns that may start here: (kind, slot ids, gaps, record)
    aliases: tuple  # the entity names that may start here: (keys, party), longest first
    opens: bool  # clause punctuation before the word
    closes: bool  # clause punctuation after the word
    sem: int = -1  # the same number for tokens that read alike (all fields but the offsets)


class _Word(NamedTuple):
    start: int
    end: int
    head: int
    info: _Info


def _place(infos: list[_Info], spots: list[int], offset: int = 0) -> list[_Word]:
    return [
        _Word(offset + spot + info.lead, offset + spot + info.tail, offset + spot + info.head, info)
        for info, spot in zip(infos, spots, strict=True)
    ]


class _Match(NamedTuple):
    kind: str
    i: int  # first word
    j: int  # one past the last word
    record: dict


@dataclass
class _Mention:
    i: int
    j: int
    parties: tuple[str, ...]
    kind: str  # entity, group, head
    anaphoric: str | None = None  # the head key of a definite head noun without party
    excluded: bool = False


@dataclass
class _Holder:
    parties: tuple[str, ...]
    surface: str | None
    start: int | None
    end: int | None
    attribution: str
    head: str | None = None
    #: Where the sentence that named the holder starts (``start``/``end`` count from there);
    #: ``None`` while it is the sentence being read.
    base: int | None = None


@dataclass
class _State:
    """What one article's earlier sentences tell the next: speakers and the last forces named.

    Only what a later sentence can ask is kept (the latest speaker, the latest with a party,
    the latest with a party per head noun), so each question takes constant time however long
    the article.
    """

    last: tuple[int, _Holder] | None = None
    last_with_party: tuple[int, _Holder] | None = None
    by_head: dict[str, tuple[int, _Holder]] = field(default_factory=dict)
    owner: str | None = None

    def antecedent(self, number: int, head: str | None) -> _Holder | None:
        """The latest speaker before sentence ``number`` (within :data:`CARRY_OVER_SENTENCES`);
        for an anaphoric head (المسؤول) the latest with that head and a party within twice as
        many sentences, else the latest with a party."""

        def recent(entry, window=CARRY_OVER_SENTENCES):
            return entry[1] if entry is not None and number - entry[0] <= window else None

        if head is None:
            return recent(self.last)
        same = recent(self.by_head.get(head), 2 * CARRY_OVER_SENTENCES)
        return same if same is not None else recent(self.last_with_party)

    def add(self, number: int, records: list[_Holder], base: int) -> None:
        """Record the speakers of sentence ``number``, which starts at ``base``."""
        for holder in records:
            if holder.base is None:
                holder = _Holder(
                    holder.parties, holder.surface, holder.start, holder.end,
                    holder.attribution, holder.head, base,
                )  # fmt: skip
            self.last = (number, holder)
            if holder.parties:
                self.last_with_party = (number, holder)
                if holder.head is not None:
                    self.by_head[holder.head] = (number, holder)


class _Reader:
    """The lexicons compiled for reading: pattern words indexed, names by first word, and a
    cache of what each distinct token matches."""

    def __init__(self, cue_records, speaker_records, lexicon: pl.DataFrame):
        self.splitter = clitic_splitter()
        self.patterns: dict[str, list[tuple[Pattern, dict]]] = {}
        for record in (*cue_records, *speaker_records):
            self.patterns.setdefault(record["kind"], []).append((record["parsed"], record))
        verbs = sorted({word_key(v, self.splitter) for v in stopwords("reporting_verb")})
        verb_slot = Slot(exact=frozenset(verbs))
        self.patterns.setdefault("verb", []).append(
            (Pattern("stopwords.csv", (verb_slot,), (), None), {"kind": "verb"})
        )
        self._slot_ids: dict[Slot, int] = {}
        self._exact: dict[str, list[int]] = {}
        self._starts: dict[str, list[int]] = {}
        self._ends: dict[str, list[int]] = {}
        self._contains: list[tuple[str, int]] = []
        self.by_first: dict[int, list[tuple[str, tuple[int, ...], tuple[int, ...], dict]]] = {}
        for kind, entries in self.patterns.items():
            for pattern, record in entries:
                ids = tuple(self._slot_id(s) for s in pattern.slots)
                self.by_first.setdefault(ids[0], []).append((kind, ids, pattern.gaps, record))
        # The longest word a pattern word's start or end (word*, *word) may be: longer
        # prefixes and suffixes of a token are not looked up (a very long token stays linear).
        self._affix = max(map(len, [*self._starts, *self._ends]), default=0)
        # How far before a position a match that can reach it may start: its words, its gaps
        # and its reach (so modifiers are looked up in a window, not the whole sentence).
        self.max_span = max(
            len(p.slots) + sum(p.gaps) + (p.reach or 0)
            for entries in self.patterns.values()
            for p, _ in entries
        )
        self._cache: dict[str, _Info] = {}
        self._lights: dict[str, tuple[int, tuple, tuple]] = {}
        self._sems: dict[tuple, int] = {}
        self._closings: dict[int, tuple[_Info, _Info]] = {}
        self._aliases = self._alias_index(lexicon)
        self._numeric_names = {
            stem
            for entries in self._aliases.values()
            for keys, _ in entries
            for stem, _ in keys
            if _NUMBER.match(stem)
        }
        self.anchors = self._anchors()

    # -- slots -------------------------------------------------------------------------------
    def _slot_id(self, slot: Slot) -> int:
        if slot in self._slot_ids:
            return self._slot_ids[slot]
        sid = len(self._slot_ids)
        self._slot_ids[slot] = sid
        for word in slot.exact:
            self._exact.setdefault(word, []).append(sid)
        for word in slot.starts:
            self._starts.setdefault(word, []).append(sid)
        for word in slot.ends:
            self._ends.setdefault(word, []).append(sid)
        self._contains.extend((word, sid) for word in slot.contains)
        return sid

    def _slots_of(self, forms: Iterable[str]) -> frozenset:
        ids: set[int] = set()
        for form in forms:
            ids.update(self._exact.get(form, ()))
            for k in range(2, min(len(form), self._affix) + 1):
                ids.update(self._starts.get(form[:k], ()))
                ids.update(self._ends.get(form[-k:], ()))
            ids.update(sid for word, sid in self._contains if word in form)
        return frozenset(ids)

    def _anchors(self) -> list[str]:
        anchors: set[str] = set()
        for kind in ("stance", "target", "other", "force", "verb", "source"):
            for pattern, _ in self.patterns.get(kind, []):
                slot = pattern.slots[0]
                anchors |= slot.exact | slot.starts | slot.ends | slot.contains
        return sorted(anchors)

    # -- tokens ------------------------------------------------------------------------------
    def info(self, raw: str) -> _Info:
        found = self._cache.get(raw)
        if found is None:
            found = self._cache[raw] = self._make_info(raw)
        return found

    def _sem(self, key: tuple) -> int:
        return self._sems.setdefault(key, len(self._sems))

    def _closed(self, info: _Info) -> _Info:
        """``info`` with clause punctuation after the word (which the next token carried)."""
        if info.closes:
            return info
        found = self._closings.get(id(info))
        if found is None:
            closed = info._replace(closes=True, sem=self._sem(("closed", info.sem)))
            found = self._closings[id(info)] = (info, closed)
        return found[1]

    def _make_info(self, raw: str) -> _Info:
        lead, tail = _edges(raw)
        core = raw[lead:tail]
        opens = any(c in _CLAUSE_PUNCT for c in raw[:lead])
        closes = any(c in _CLAUSE_PUNCT for c in raw[tail:])
        light = core.translate(_LIGHTEN)
        if not light:
            return _Info(lead, tail, lead, "", "", "", False, False, False, frozenset(), (), (),
                         opens, closes)  # fmt: skip
        found = self._lights.get(light)
        if found is None:
            found = self._lights[light] = self._read_word(light)
        head, fields, key = found
        sem = self._sem((key, opens, closes))
        if len(light) != len(core):  # the head's offset in the token as written
            head = [k for k, char in enumerate(core) if char not in _SILENT][head]
        return _Info(lead, tail, lead + head, *fields, opens, closes, sem)

    def _read_word(self, light: str) -> tuple[int, tuple, tuple]:
        """What a word reads as, from its letters alone (diacritics, tatweel and zero-width
        marks removed, so a word reads the same with or without them): the offset of its head
        in ``light``, the fields of :class:`_Info` from ``norm`` to ``aliases``, and a key of
        both that tells words apart only where they read differently."""
        pieces, norm, stem, forms = word_forms(light, self.splitter)
        kinds = [p[3] for p in pieces]
        kept = [p for p in pieces if p[3] not in ("conj", "prep")]
        head = kept[0][0] if kept else pieces[-1][0]
        if kept and kept[0][3] == "article" and light[kept[0][0] : kept[0][1]] == "ل":
            head = kept[1][0]
        conj, article = "conj" in kinds, "article" in kinds
        slots = self._slots_of(forms)
        starts = tuple(
            entry
            for sid in slots
            for entry in self.by_first.get(sid, ())
            if not (entry[0] == "verb" and article)
        )
        aliases = tuple(
            sorted(
                {
                    (keys, party)
                    for form in {stem, *forms}
                    for keys, party in self._aliases.get(form, ())
                    if article or not keys[0][1] or form != stem
                },
                key=lambda entry: (-len(entry[0]), entry[0], entry[1] or ""),
            )
        )
        prep = any(p[3] == "prep" and p[2] in ("ب", "ك") for p in pieces)
        bare = norm[1:] if conj else norm
        fields = (norm, bare, stem, article, conj, prep, slots, starts, aliases)
        if _NUMBER.match(norm) and not (slots or aliases) and norm not in self._numeric_names:
            # A number reads as a number (only whether it starts with a digit matters: a
            # quantity before من), so sentences that differ in their figures read alike.
            return head, fields, ("number", norm[:1].isdigit())
        key = (head, *fields[:7], tuple(id(entry) for entry in starts), aliases)
        return head, fields, key

    def words(self, text: str, offset: int) -> list[_Word]:
        """The words of a sentence with their offsets; clause punctuation marks the word before."""
        infos, spots = self.scan(text)
        return _place(infos, spots, offset)

    def scan(self, text: str) -> tuple[list[_Info], list[int]]:
        """The words of a sentence: what each reads as, and where its token starts."""
        infos: list[_Info] = []
        spots: list[int] = []
        cache = self._cache
        for found in _TOKEN_RUN.finditer(text):
            raw = found.group()
            info = cache.get(raw)
            if info is None:
                info = self.info(raw)
            if (info.opens or not info.norm) and infos and (info.opens or info.closes):
                infos[-1] = self._closed(infos[-1])
            if info.norm:
                infos.append(info)
                spots.append(found.start())
        return infos, spots

    # -- pattern matches ---------------------------------------------------------------------
    def matches(self, words: list[_Word]) -> dict[str, list[_Match]]:
        """Every match of every pattern, by kind (overlaps are resolved by the caller)."""
        found: dict[str, list[_Match]] = {}
        n = len(words)
        present = frozenset().union(*(w.info.slots for w in words))
        for i, word in enumerate(words):
            for kind, ids, gaps, record in word.info.starts:
                if len(ids) == 1:
                    end = i + 1
                elif present.issuperset(ids):
                    end = self._extend(words, i, ids, gaps, n)
                else:
                    continue
                if end is not None:
                    found.setdefault(kind, []).append(_Match(kind, i, end, record))
        return found

    @staticmethod
    def _extend(words, i, ids, gaps, n):
        position = i
        for sid, gap in zip(ids[1:], gaps, strict=True):
            for j in range(position + 1, min(position + 2 + gap, n)):
                if words[j - 1].info.closes:
                    return None
                if sid in words[j].info.slots:
                    position = j
                    break
            else:
                return None
        return position + 1

    # -- entities ----------------------------------------------------------------------------
    @staticmethod
    def _alias_index(lexicon: pl.DataFrame) -> dict[str, list[tuple]]:
        """Entity names by the stem of their first word; each as ((stem, article), …)."""
        index: dict[str, list[tuple]] = {}
        for party, aliases in lexicon.select("party", "aliases").iter_rows():
            for alias in aliases:
                keys = []
                for raw in alias.split():
                    core = _strip_punct(raw)[2]
                    if core:
                        pieces, _, stem, _ = word_forms(core, clitic_splitter())
                        keys.append((stem, any(p[3] == "article" for p in pieces)))
                if keys:
                    index.setdefault(keys[0][0], []).append((tuple(keys), party))
        for entries in index.values():
            entries.sort(key=lambda e: -len(e[0]))
        return index

    def entities(self, words: list[_Word]) -> list[_Mention]:
        """Named people and organisations: the longest name from the leftmost word wins."""
        out: list[_Mention] = []
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
                    out.append(_Mention(i, reach, (party,) if party else (), "entity"))
                    break
        return out


def _reader(cues, target: str, speakers, gazetteer) -> _Reader:
    """The compiled reader for these lexicons (cached when they are files)."""
    source = cue_source(cues, target)
    speakers_path = str(speakers or lexicon_path("speakers.csv"))
    if isinstance(source, str) and not isinstance(gazetteer, pl.DataFrame):
        gazetteer_path = str(gazetteer or lexicon_path("entities.csv"))
        paths = [source, speakers_path, gazetteer_path, lexicon_path("parties.csv")]
        paths += [lexicon_path("clitics.csv"), lexicon_path("stopwords.csv")]
        return cached(
            "stance_reader",
            paths,
            lambda: _Reader(
                cue_records(source), speaker_records(speakers_path), load_entities(gazetteer_path)
            ),
        )
    key = (
        source,
        speakers_path,
        gazetteer if isinstance(gazetteer, pl.DataFrame) else str(gazetteer),
    )
    for known, reader in _FRAME_READERS:
        if all(_same(a, b) for a, b in zip(known, key, strict=True)):
            return reader  # a pipeline passes the same frames batch after batch
    lexicon = gazetteer if isinstance(gazetteer, pl.DataFrame) else load_entities(gazetteer)
    reader = _Reader(cue_records(source), speaker_records(speakers_path), lexicon)
    _FRAME_READERS.insert(
        0, (tuple(v.clone() if isinstance(v, pl.DataFrame) else v for v in key), reader)
    )
    del _FRAME_READERS[4:]
    return reader


#: Readers compiled from frames (cue or entity frames), the latest first.
_FRAME_READERS: list[tuple[tuple, _Reader]] = []
on_clear(_FRAME_READERS.clear)


def _same(a, b) -> bool:
    if isinstance(a, pl.DataFrame) or isinstance(b, pl.DataFrame):
        return isinstance(a, pl.DataFrame) and isinstance(b, pl.DataFrame) and a.equals(b)
    return a == b


# =============================================================================================
# Reading one sentence
# =============================================================================================


def _leftmost_longest(matches: list[_Match]) -> list[_Match]:
    chosen, reach = [], -1
    for m in sorted(matches, key=lambda m: (m.i, -(m.j - m.i))):
        if m.i >= reach:
            chosen.append(m)
            reach = m.j
    return chosen


class _Cover:
    """Spans (``.i``, ``.j``) indexed so that containment is a binary search, not a scan."""

    def __init__(self, spans):
        ordered = sorted((s.i, s.j) for s in spans)
        self.starts = [i for i, _ in ordered]
        self.reach: list[int] = []  # the furthest end among the spans starting up to here
        furthest = -1
        for _, j in ordered:
            furthest = max(furthest, j)
            self.reach.append(furthest)
        self.ends: dict[int, int] = {}  # per start, the furthest end
        for i, j in ordered:
            self.ends[i] = max(self.ends.get(i, j), j)

    def contains(self, m, *, strictly: bool = False) -> bool:
        """Whether ``m`` lies inside one of the spans (``strictly``: inside another span)."""
        if not strictly:
            k = bisect_right(self.starts, m.i)
            return k > 0 and self.reach[k - 1] >= m.j
        k = bisect_left(self.starts, m.i)  # spans starting strictly before m
        if k > 0 and self.reach[k - 1] >= m.j:
            return True
        return self.ends.get(m.i, -1) > m.j


_REFS = ("target", "other", "host", "force")


class _Refs:
    """Forces named in a sentence (in order, not overlapping), indexed for binary search:
    overall, per clause, and per clause those a comparison introduces."""

    def __init__(self, refs: list[_Match], clause_of: list[int], compared: set[int]):
        self.refs = refs
        self.ends = [r.j for r in refs]
        self.clauses: dict[int, tuple[list[_Match], list[int]]] = {}
        self.compared: dict[int, tuple[list[_Match], list[int]]] = {}
        for r in refs:
            for index, keep in ((self.clauses, True), (self.compared, r.i in compared)):
                if keep:
                    found, starts = index.setdefault(clause_of[r.i], ([], []))
                    found.append(r)
                    starts.append(r.i)

    def overlapping(self, cue: _Match) -> _Match | None:
        k = bisect_right(self.ends, cue.i)
        return self.refs[k] if k < len(self.refs) and self.refs[k].i < cue.j else None

    def first_from(self, clause: int, position: int, *, compared: bool = False):
        """The first forces of ``clause`` that start at or after ``position``."""
        found, starts = (self.compared if compared else self.clauses).get(clause, ((), []))
        k = bisect_left(starts, position)
        return found[k] if k < len(found) else None

    def nearest(self, clause: int, cue: _Match) -> _Match | None:
        """The forces of ``clause`` nearest to the cue (none overlaps it); after it on a tie."""
        found, starts = self.clauses.get(clause, ((), []))
        k = bisect_left(starts, cue.j)
        after = found[k] if k < len(found) else None
        before = found[k - 1] if k > 0 and found[k - 1].j <= cue.i else None
        if before is None or (after is not None and after.i - cue.j <= cue.i - before.j):
            return after
        return before


class _Sentence:
    """The reading of one sentence (see the module docstring, steps 2–7)."""

    def __init__(
        self,
        reader: _Reader,
        text: str,
        offset: int,
        state: _State,
        number: int,
        base: int = 0,
        words: list[_Word] | None = None,
    ):
        """Read sentence ``number`` of an article; its offsets count from ``offset`` and its
        speakers are recorded for later sentences as named in a sentence at ``base``."""
        self.reader, self.text, self.offset = reader, text, offset
        self.state, self.number, self.base = state, number, base
        self.words = reader.words(text, offset) if words is None else words
        found = reader.matches(self.words)
        self.stance = _leftmost_longest(found.get("stance", []))
        self.limits = _leftmost_longest(found.get("limit", []))
        covered = _Cover(self.stance + self.limits + found.get("idiom", []))
        self.mods = {
            kind: [m for m in found.get(kind, []) if not covered.contains(m)]
            for kind in ("negation", "condition", "hedge", "contrast")
        }
        self._mod_starts = {kind: [m.i for m in found] for kind, found in self.mods.items()}
        self.entities = reader.entities(self.words)
        self.force_words = {m.i for m in found.get("force", [])}
        # A name that contains a reference but is no force (تحالف الفتح، واشنطن بوست) hides it.
        hiding = _Cover(
            e for e in self.entities if not any(k in self.force_words for k in range(e.i, e.j))
        )
        refs = _leftmost_longest([m for kind in _REFS for m in found.get(kind, [])])
        self.refs = [r for r in refs if not hiding.contains(r, strictly=True)]
        self.verbs = {m.i for m in found.get("verb", [])}
        self.sources = found.get("source", [])
        self.clause, self.clauses = self._clauses()
        self.mentions = self._mentions(found)
        self._held: list[list[_Holder]] | None = None
        self._refs: tuple[_Refs, _Refs, _Refs] | None = None
        self._combat_words: tuple[set[int], list[int]] | None = None

    def again(self, text: str, words: list[_Word], state, number: int, base: int) -> _Sentence:
        """This reading for another sentence whose words read alike (the same ``sem`` word by
        word): everything found in the words is kept, holders and claims are found anew."""
        other = object.__new__(_Sentence)
        other.__dict__.update(self.__dict__)
        other.text, other.words, other.offset = text, words, 0
        other.state, other.number, other.base = state, number, base
        other._held = None
        return other

    def surface(self, i: int, j: int) -> str:
        """The text of words ``i`` to ``j`` (exclusive), as written."""
        start, end = self.words[i].start, self.words[j - 1].end
        return self.text[start - self.offset : end - self.offset]

    # -- clauses -----------------------------------------------------------------------------
    def _clauses(self) -> tuple[list[int], list[tuple[int, int, bool]]]:
        w = self.words
        starts: dict[int, bool] = {0: False}
        for k in range(1, len(w)):
            info, prev = w[k].info, w[k - 1].info
            if prev.closes or info.opens or info.bare in _OPENERS or info.norm == "فان":
                starts.setdefault(k, False)
            elif info.bare == "حين" and prev.bare == "في":
                starts.setdefault(k - 1, False)
            elif info.norm == "ما" and prev.bare in ("هو", "هي"):
                starts.setdefault(k - 1, False)
        for m in self.mods["condition"]:
            starts[m.i] = True
        clause_of: list[int] = []
        bounds: list[list] = []
        for k in range(len(w)):
            if k in starts:
                bounds.append([k, k, starts[k]])
            bounds[-1][1] = k + 1
            clause_of.append(len(bounds) - 1)
        return clause_of, [tuple(b) for b in bounds]

    # -- who is named --------------------------------------------------------------------------
    def _mentions(self, found) -> list[_Mention]:
        nisbas = {m.i: m.record["party"] for m in found.get("nisba", [])}
        groups = [_Mention(m.i, m.j, (m.record["party"],), "group") for m in found.get("group", [])]
        names = {e.i: e for e in [*self.entities, *groups]}
        heads = [self._head_phrase(m, nisbas, names) for m in found.get("head", [])]
        chosen, reach = [], -1
        for m in sorted(heads + groups + self.entities, key=lambda m: (m.i, -(m.j - m.i))):
            if m.i >= reach:
                chosen.append(m)
                reach = m.j
        previous = None
        for m in chosen:
            m.excluded = self._excluded(m, previous)
            previous = m
        return chosen

    def _head_phrase(self, match: _Match, nisbas: dict[int, str], names) -> _Mention:
        """A head noun and the nisbas or the name that give it a party.

        The phrase runs over nisbas (مسؤولون عراقيون وأمريكيون), titles, a few adjectives and
        linking prepositions (مسؤول كبير في إدارة …، متحدث باسم …، بيان صادر عن …) up to the
        first named party; any other word ends it.
        """
        w, i = self.words, match.i
        parties: list[str] = []
        end = i + 1
        for k in range(i + 1, min(i + 7, len(w))):
            if w[k - 1].info.closes or k in self.verbs:
                break
            if k in nisbas:
                parties.append(nisbas[k])
                end = k + 1
            elif k in names:
                if names[k].parties:
                    parties.extend(names[k].parties)
                    end = names[k].j
                break
            elif parties or not (w[k].info.stem in _BRIDGES or w[k].info.stem in _LEAD_NOUNS):
                break
        anaphoric = w[i].info.stem if not parties and w[i].info.article else None
        return _Mention(i, end, tuple(dict.fromkeys(parties)), "head", anaphoric)

    def _excluded(self, m: _Mention, previous: _Mention | None) -> bool:
        """Whether a named party is an object, an owner of forces or a genitive: no holder."""
        w = self.words
        first = w[m.i].info
        if previous is not None and previous.j == m.i and first.conj and previous.excluded:
            return True
        if first.prep:
            return True
        titled = m.i > 0 and w[m.i - 1].info.stem in _LEAD_NOUNS
        if m.kind == "entity" and first.bare[:1] == "ل" and first.bare != first.stem and not titled:
            return True  # a genitive: المهمة القتالية للتحالف (but الأمين العام للناتو speaks)
        if m.kind == "entity" and (m.i in self.force_words or m.i - 1 in self.force_words):
            return True
        k, lowest = m.i - 1, m.i - 1 - MAX_TITLES
        while k > lowest and k >= 0 and not w[k].info.closes and w[k].info.stem in _LEAD_NOUNS:
            if w[k].info.prep:
                return True
            k -= 1
        if k < 0 or w[k].info.closes or w[k].info.bare not in _PREPOSITIONS:
            return False
        return not (w[k].info.bare == "من" and k > 0 and _is_quantity(w[k - 1].info))

    # -- holders -------------------------------------------------------------------------------
    def holders(self) -> list[list[_Holder]]:
        """The holders of each clause (computed once; records speakers for carry-over)."""
        if self._held is None:
            self._held = self._find_holders()
        return self._held

    def _find_holders(self) -> list[list[_Holder]]:
        clause_of = self.clause
        source: list[_Holder] = []
        taken: set[int] = set()
        starts = [m.i for m in self.mentions]
        for s in self.sources:
            k = bisect_left(starts, s.j)
            m = self.mentions[k] if k < len(starts) and starts[k] <= s.j + 2 else None
            if m is not None:
                taken.add(id(m))
                if m.parties and not source:
                    source = self._holders_of(m, "source", [])
        by_clause: dict[int, list[_Mention]] = {}
        for m in self.mentions:
            if not m.excluded and id(m) not in taken:
                by_clause.setdefault(clause_of[m.i], []).append(m)
        held: list[list[_Holder]] = [[] for _ in self.clauses]
        inherit = [True] * len(self.clauses)
        records: list[_Holder] = []
        earlier = False  # whether an earlier clause has holders
        for c, (start, end, conditional) in enumerate(self.clauses):
            if conditional:
                continue
            mentions = by_clause.get(c, [])
            verb = next((k for k in range(start, end) if k in self.verbs), None)
            first = mentions[0] if mentions else None
            if verb is not None and (first is None or verb < first.i):
                held[c], record, own = self._reported(verb, end, mentions, earlier)
                records.extend(record)
                inherit[c] = not own
                earlier = earlier or bool(held[c])
                continue
            actors = [m for m in mentions if m.parties]
            if actors:
                spoken = verb is not None and verb > actors[0].i
                held[c] = self._holders_of(actors[0], "speaker" if spoken else "actor", mentions)
                inherit[c] = False
                if spoken:
                    records.extend(held[c])
            elif verb is not None and first is not None:
                records.append(self._speaker_without_party(first))
                held[c] = self._embedded(verb, end, mentions)
                inherit[c] = False
            earlier = earlier or bool(held[c])
        last: list[_Holder] = []
        for c, (_, _, conditional) in enumerate(self.clauses):
            if conditional:
                continue
            if not held[c] and inherit[c]:
                held[c] = last
            last = held[c] or last
        for c, (_, _, conditional) in enumerate(self.clauses):
            if not held[c] and not conditional:
                held[c] = source
        # A conditional clause takes the nearest holders before it, else after it.
        after: list[list[_Holder]] = [[] for _ in held]
        for c in range(len(held) - 2, -1, -1):
            after[c] = held[c + 1] or after[c + 1]
        before: list[_Holder] = []
        for c, (_, _, conditional) in enumerate(self.clauses):
            if conditional:
                held[c] = before or after[c]
            before = held[c] or before
        self.state.add(self.number, records, self.base)
        return held

    def _reported(self, verb, end, mentions, earlier):
        """A clause that opens with a reporting verb: (holders, speaker records, own holder?)."""
        w = self.words
        comp = next((k for k in range(verb + 1, end) if w[k].info.bare in _COMPLEMENTIZERS), None)
        limit = comp if comp is not None else end
        subject = next((m for m in mentions if verb < m.i < limit and m.i - verb <= 6), None)
        if earlier and subject is not None and subject.j < end and w[subject.j].info.bare == "الي":
            subject = None  # …، ودعت القادة العراقيين إلى: a continuation's object, not a subject
        if subject is not None and subject.parties:
            holders = self._holders_of(subject, "speaker", mentions)
            return holders, holders, True
        if subject is not None and subject.anaphoric is None:
            return self._embedded(verb, end, mentions), [self._speaker_without_party(subject)], True
        between = [w[k].info.stem for k in range(verb + 1, limit)]
        if subject is None and comp is not None and not all(s in _FILLERS for s in between):
            record = _Holder((), None, None, None, "speaker")
            return self._embedded(verb, end, mentions), [record], True
        if earlier:
            return [], [], False
        antecedent = self._antecedent(subject.anaphoric if subject is not None else None)
        if antecedent is None:
            return self._embedded(verb, end, mentions), [], True
        holder = _Holder(
            antecedent.parties,
            antecedent.surface,
            antecedent.start,
            antecedent.end,
            "carry_over",
            antecedent.head,
            antecedent.base,
        )
        return [holder], [holder], True

    def _embedded(self, verb, end, mentions) -> list[_Holder]:
        w = self.words
        comp = next((k for k in range(verb + 1, end) if w[k].info.bare in _COMPLEMENTIZERS), None)
        if comp is None:
            return []
        actor = next((m for m in mentions if m.i > comp and m.parties), None)
        return self._holders_of(actor, "embedded", mentions) if actor else []

    def _antecedent(self, head: str | None) -> _Holder | None:
        return self.state.antecedent(self.number, head)

    def _speaker_without_party(self, m: _Mention) -> _Holder:
        start, end = self.words[m.i].start, self.words[m.j - 1].end
        surface = self.text[start - self.offset : end - self.offset]
        head = self.words[m.i].info.stem if m.kind == "head" else None
        return _Holder((), surface, start, end, "speaker", head)

    def _holders_of(self, m: _Mention, attribution: str, mentions) -> list[_Holder]:
        """The holder named by ``m`` and any party coordinated with it by و right after it."""
        out, current = [], m
        at = {o.i: o for o in mentions}
        while current is not None:
            start = self.words[current.i].head if current.kind == "entity" else None
            start = start if start is not None else self.words[current.i].start
            end = self.words[current.j - 1].end
            head = self.words[current.i].info.stem if current.kind == "head" else None
            surface = self.text[start - self.offset : end - self.offset]
            out.append(_Holder(current.parties, surface, start, end, attribution, head))
            following = at.get(current.j)
            current = (
                following
                if following is not None and following.parties and self.words[following.i].info.conj
                else None
            )
        return out

    # -- cues ----------------------------------------------------------------------------------
    def _reference(self, cue: _Match) -> tuple[str | None, _Match | None]:
        """What a cue is about: (``target``/``other``/``host``/None, the forces named).

        Forces named with an owner (القوات الأمريكية، الناتو) beat bare ones (القوات، المهمة):
        first the ones overlapping the cue, then the nearest in its clause (after it, within
        its reach, for a cue ending in ``…``). A cue with no forces in its clause looks back in
        the sentence, then to the last owner named in the article.

        Every step is a binary search in the forces indexed once per sentence (:class:`_Refs`).
        """
        if self._refs is None:
            self._index_refs()
        named, bare, looked_back = self._refs
        c = self.clause[cue.i]
        reach = cue.record["parsed"].reach
        later = bisect_left(self._stance_starts, cue.j)
        stop = self._stance_starts[later] if later < len(self._stance_starts) else len(self.words)

        def pick(refs: _Refs) -> _Match | None:
            overlapping = refs.overlapping(cue)
            if overlapping is not None:
                return overlapping
            if reach is not None:
                after = refs.first_from(c, cue.j)
                return (
                    after if after is not None and after.i <= min(cue.j + reach, stop - 1) else None
                )
            compared = refs.first_from(c, cue.j, compared=True)
            return compared if compared is not None else refs.nearest(c, cue)

        ref = pick(named) or pick(bare)
        if ref is None and reach is None:
            k = bisect_right(looked_back.ends, cue.i)
            if k == 0:
                return self.state.owner, None
            ref = looked_back.refs[k - 1]
        if ref is None:
            return None, None
        return self._owner(ref), ref

    def _index_refs(self) -> None:
        self._stance_starts = [m.i for m in self.stance]
        compared = {r.i for r in self.refs if self._contrast(r) is not None}
        named = [r for r in self.refs if r.record["kind"] != "force"]
        bare = [r for r in self.refs if r.record["kind"] == "force"]
        looked_back = [r for r in self.refs if r.record["kind"] != "host"]
        self._refs = tuple(
            _Refs(refs, self.clause, compared) for refs in (named, bare, looked_back)
        )
        # The owner of bare forces: the last target or other forces named before them.
        self._owners: dict[int, str | None] = {}
        last = None
        for r in self.refs:
            self._owners[r.i] = last
            if r.record["kind"] in ("target", "other"):
                last = r.record["kind"]

    def _owner(self, ref: _Match) -> str | None:
        kind = ref.record["kind"]
        if kind != "force":
            return kind
        before = self._owners.get(ref.i)
        return before if before is not None else self.state.owner

    def _nearby(self, kind: str, position: int) -> Iterable[_Match]:
        """The modifiers of ``kind`` that may reach ``position`` (whose window can hold it)."""
        starts = self._mod_starts[kind]
        found = self.mods[kind]
        k = bisect_left(starts, position - self.reader.max_span)
        while k < len(found) and starts[k] <= position:
            yield found[k]
            k += 1

    def _contrast(self, ref: _Match) -> _Match | None:
        """The comparison (أكثر من، بدلا من …) that introduces these forces, if any."""
        for m in self._nearby("contrast", ref.i):
            if m.j <= ref.i <= m.j + (m.record["parsed"].reach or 0):
                return m
        return None

    def _modifier(self, cue: _Match, kind: str) -> _Match | None:
        c = self.clause[cue.i]
        for m in self._nearby(kind, cue.i):
            reach = m.record["parsed"].reach or 0
            if self.clause[m.i] == c and m.j <= cue.i <= m.j + reach:
                return m
        return None

    def _combat(self, first: int, end: int) -> bool:
        """Whether a word from ``first`` to ``end`` (exclusive) says قتالي* without غير before
        it (the first word counts whatever precedes it)."""
        if self._combat_words is None:
            stems = [w.info.stem for w in self.words]
            every = [k for k, stem in enumerate(stems) if stem.startswith("قتالي")]
            plain = [k for k in every if k == 0 or stems[k - 1] != "غير"]
            self._combat_words = (set(every), plain)
        every, plain = self._combat_words
        if first in every:
            return True
        k = bisect_left(plain, first)
        return k < len(plain) and plain[k] < end

    def read(self) -> list[dict]:
        """The claims of this sentence, one per party."""
        held = self.holders()
        claims: dict[str, dict] = {}
        for c, holders in enumerate(held):
            for holder in holders:
                for party in holder.parties:
                    claim = claims.setdefault(
                        party, {"holder": holder, "cues": [], "limits": [], "conditions": 0}
                    )
                    claim["conditions"] += self.clauses[c][2]
        self.seen = []
        for cue in self.stance:
            c = self.clause[cue.i]
            owner, ref = self._reference(cue)
            self.seen.append((cue, held[c], owner, ref))
            if owner != "target":
                continue
            entry = self._cue_entry(cue, ref, self.clauses[c][2])
            for holder in held[c]:
                for party in holder.parties:
                    if not claims[party]["cues"]:
                        claims[party]["holder"] = holder
                    claims[party]["cues"].append(entry)
        for limit in self.limits:
            c = self.clause[limit.i]
            if not self.clauses[c][2]:
                for holder in held[c]:
                    for party in holder.parties:
                        claims[party]["limits"].append(limit)
        named = [r for r in self.refs if r.record["kind"] in ("target", "other")]
        if named:
            self.state.owner = named[-1].record["kind"]
        return [_combine(party, claim, self) for party, claim in claims.items()]

    def _cue_entry(self, cue: _Match, ref: _Match | None, conditional: bool) -> dict:
        record = cue.record
        polarity, tags, weight = record["polarity"], [], 1.0
        if not conditional and self._modifier(cue, "negation") is not None:
            negated = record["negated"] or {"support": "oppose", "oppose": "support"}.get(
                polarity, polarity
            )
            polarity = None if negated == "none" else negated
            tags.append("negated")
        if self._modifier(cue, "hedge") is not None:
            weight *= 0.5
            tags.append("hedged")
        if ref is not None and polarity in ("support", "oppose") and self._contrast(ref):
            polarity = "oppose" if polarity == "support" else "support"
            tags.append("comparative")
        if conditional:
            weight *= 0.5
            tags.append("conditional")
        first, last = cue.i, cue.j
        if ref is not None:
            first, last = min(cue.i, ref.i), max(cue.j, ref.j)
        aspect = record["aspect"] or "all"
        if self._combat(first, min(last + 2, len(self.words))):
            aspect = "combat"
        end_word = last if record["parsed"].reach is not None else cue.j
        start, end = self.words[cue.i].head, self.words[end_word - 1].end
        return {
            "polarity": polarity,
            "aspect": aspect,
            "weight": weight,
            "tags": tags,
            "start": start,
            "end": end,
            "text": self.text[start - self.offset : end - self.offset],
            "note": record["note"],
            "conditional": conditional,
        }


def _is_quantity(info: _Info) -> bool:
    return info.stem in _QUANTITIES or info.norm[:1].isdigit()


def _combine(party: str, claim: dict, sentence: _Sentence) -> dict:
    """One party's claim in one sentence, from its cues (see the module docstring, step 7)."""
    holder: _Holder = claim["holder"]
    cues = [c for c in claim["cues"] if c["polarity"] is not None]
    main = [c for c in cues if not c["conditional"]]
    conditions = [c for c in cues if c["conditional"]]
    limits = claim["limits"]
    tags: list[str] = []
    for c in claim["cues"]:
        tags.extend(t for t in c["tags"] if t != "conditional")
    stance = _polarity(main)
    if stance == "mixed" and len({c["polarity"] for c in main}) > 1:
        tags.append("mixed")
    if stance == "oppose" and limits and any(c["aspect"] == "combat" for c in main):
        stance = "mixed"
        tags.append("limit")
    if conditions:
        tags.append("conditional")
        conditional = _polarity(conditions)
        if stance is None:
            stance = conditional
        elif conditional != stance:
            stance = "mixed"
    elif stance is not None and claim["conditions"]:
        tags.append("conditional")
        stance = "mixed"
    sign = {"support": 1.0, "oppose": -1.0, "mixed": 0.0}
    used = main + conditions
    if stance is None:
        decisive, score, aspect = None, 0.0, None
        stance, tags = "neutral", ["neutral"]
    else:
        weights = [sign[c["polarity"]] * c["weight"] for c in used]
        if "limit" in tags:
            weights += [0.5] * len(limits)
        score = max(-1.0, min(1.0, sum(weights) / len(weights)))
        decisive = max(used, key=lambda c: (c["polarity"] == stance, c["weight"]))
        aspect = _claim_aspect(stance, used, limits)
    evidence = [
        {
            "kind": "cue",
            "text": c["text"],
            "start": c["start"],
            "end": c["end"],
            "polarity": c["polarity"] or "none",
            "note": ", ".join(c["tags"]) or None,
        }
        for c in claim["cues"]
    ] + [
        {
            "kind": "limit",
            "text": sentence.surface(m.i, m.j),
            "start": sentence.words[m.i].start,
            "end": sentence.words[m.j - 1].end,
            "polarity": None,
            "note": m.record["note"],
        }
        for m in limits
    ]
    return {
        "party": party,
        "stance": stance,
        "score": round(score, 3),
        "cue": decisive["text"] if decisive else None,
        "cue_start": decisive["start"] if decisive else None,
        "cue_end": decisive["end"] if decisive else None,
        "speaker": holder.surface,
        "speaker_start": holder.start,
        "speaker_end": holder.end,
        "speaker_base": holder.base,
        "aspect": aspect,
        "rule": f"{holder.attribution}:{'+'.join(dict.fromkeys(tags)) or 'cue'}",
        "evidence": sorted(evidence, key=lambda e: e["start"]),
    }


def _polarity(cues: list[dict]) -> str | None:
    """Support and oppose together are mixed; a mixed cue decides only when alone."""
    polarities = {c["polarity"] for c in cues}
    if {"support", "oppose"} <= polarities:
        return "mixed"
    for single in ("support", "oppose", "mixed"):
        if single in polarities:
            return single
    return None


def _claim_aspect(stance: str, cues: list[dict], limits: list) -> str:
    opposed = [c["aspect"] for c in cues if c["polarity"] == "oppose"]
    if stance == "support":
        return "training" if limits or all(c["aspect"] == "training" for c in cues) else "all"
    if opposed and all(a == "combat" for a in opposed):
        return "combat"
    if stance == "mixed" and (limits or any(c["aspect"] == "training" for c in cues)):
        return "training"
    return "all"


# =============================================================================================
# Public API
# =============================================================================================


def _empty_claims() -> pl.DataFrame:
    return pl.DataFrame(schema=CLAIM_SCHEMA)


def _candidates(df: pl.DataFrame | pl.LazyFrame, reader: _Reader) -> pl.DataFrame:
    """Sentences that contain an anchor of a cue, a force, a verb or a source (vectorized)."""
    sentences = split_sentences(df.lazy().select("article_id", "text"))
    anchors = pl.Series(reader.anchors, dtype=pl.String)
    key = normalize_expr("text").str.replace_all("ة", "ه", literal=True)
    return sentences.filter(key.str.contains_any(anchors.implode()))


def _shift(value: int | None, by: int) -> int | None:
    return None if value is None else value + by


class _Recorder:
    """The article state as one sentence sees it, noting what the sentence asks of it and what
    it would change (changed by :func:`_replay`), so that the reading can be reused where the
    same questions get the same answers."""

    def __init__(self, state: _State):
        self._state = state
        self.reads: list[tuple[tuple, object]] = []
        self.effects: list[tuple[str, object]] = []

    @property
    def owner(self) -> str | None:
        answer = self._state.owner
        self.reads.append((("owner",), answer))
        return answer

    @owner.setter
    def owner(self, kind: str | None) -> None:
        self.effects.append(("owner", kind))

    def antecedent(self, number: int, head: str | None) -> _Holder | None:
        """The speaker carried over, as a stand-in: the reading depends only on its parties
        (and passes on its head); where it was named is filled in by :func:`_bind`."""
        question = ("antecedent", head)
        answer = self._state.antecedent(number, head)
        stand = _Stand(len(self.reads))
        self.reads.append((question, _answer_key(question, answer)))
        if answer is None:
            return None
        return _Holder(answer.parties, stand, stand, stand, answer.attribution, answer.head, stand)

    def add(self, number: int, records: list[_Holder], base: int) -> None:
        self.effects.append(("add", records))


class _Stand:
    """Where an earlier sentence's speaker goes in a remembered reading (the k-th question)."""

    __slots__ = ("k",)

    def __init__(self, k: int):
        self.k = k


def _answer_key(question: tuple, answer):
    """What of an answer a reading depends on: the owner; the carried speaker's parties and
    head (not where it was named)."""
    if question[0] == "owner" or answer is None:
        return answer
    return answer.parties, answer.head


def _bind(found, state: _State, number: int):
    """A remembered reading with the speakers carried over from this article's sentences."""
    reads, effects, claims = found
    if not any(question[0] == "antecedent" for question, _ in reads):
        return found
    answers = [_ask(state, number, question) for question, _ in reads]

    def holder(h: _Holder) -> _Holder:
        if not isinstance(h.base, _Stand):
            return h
        a = answers[h.base.k]
        return _Holder(h.parties, a.surface, a.start, a.end, h.attribution, h.head, a.base)

    bound = []
    for claim in claims:
        if isinstance(claim["speaker_base"], _Stand):
            a = answers[claim["speaker_base"].k]
            claim = {**claim, "speaker": a.surface, "speaker_start": a.start,
                     "speaker_end": a.end, "speaker_base": a.base}  # fmt: skip
        bound.append(claim)
    effects = [
        (kind, value if kind == "owner" else [holder(h) for h in value]) for kind, value in effects
    ]
    return reads, effects, bound


def _ask(state: _State, number: int, question: tuple):
    return state.owner if question[0] == "owner" else state.antecedent(number, question[1])


#: Sentences up to this many characters are remembered with their reading (news repeats
#: sentences: datelines, boilerplate, quotes picked up by several outlets) …
MEMO_CHARS = 2_000
#: Sentences up to this many words are remembered by what their words read as (a sentence
#: that differs only in diacritics, tatweel or punctuation around words is not read again).
MEMO_WORDS = 400
#: … up to this many distinct sentences per call (then the memory starts afresh; 0 turns the
#: memory off), and at most this many readings of one sentence in different article contexts.
MEMO_SENTENCES = 100_000
MEMO_CONTEXTS = 4


def _read(
    reader: _Reader, memo: dict | None, text: str, start: int, state: _State, number: int
) -> list[dict]:
    """The claims of one sentence, offsets counted from the sentence start (the speaker's from
    ``speaker_base`` when it was named in an earlier sentence).

    A reading is remembered with every question it asked of the article state (the owner of
    bare forces, the speaker carried over) and the answers. It is reused when the same
    questions get the same answers: for the same sentence as is; for a sentence whose words
    read alike (the same ``sem`` word by word: only diacritics, tatweel or punctuation around
    words differ) with its offsets and surfaces moved onto the new words. Its changes to the
    state are replayed. Exact by construction: nothing else in a reading depends on the text.
    """
    if memo is None:
        return _Sentence(reader, text, 0, state, number, base=start).read()
    found = _recall(memo, text, state, number)
    if found is None:
        keyed = len(text) <= MEMO_CHARS and _KEYED.search(text) is not None
        key = text.translate(_KEY) if keyed else text
        if key == text:
            found = _understand(reader, memo, text, state, number)
        else:  # read as its lightened text, offsets mapped back
            light = _recall(memo, ("key", key), state, number)
            if light is None:
                light = _understand(reader, memo, key, state, number)
                _remember(memo, ("key", key), light)
            found = _Unlighten(text).reading(light)
        if len(text) <= MEMO_CHARS:
            _remember(memo, text, found)
    found = _bind(found, state, number)
    _replay(found[1], state, number, start)
    return found[2]


def _recall(memo: dict, key, state: _State, number: int):
    for found in memo.get(key, ()):
        if _same_answers(found[0], state, number):
            return found
    return None


def _remember(memo: dict, key, found) -> None:
    entries = memo.get(key)
    if entries is None:
        if len(memo) >= MEMO_SENTENCES:
            memo.clear()
        entries = memo[key] = []
    elif len(entries) >= MEMO_CONTEXTS:
        entries.pop(0)
    entries.append(found)


def _understand(reader: _Reader, memo: dict, text: str, state: _State, number: int):
    """(questions and answers, changes to the state, claims) of a sentence, read afresh or from
    a sentence whose words read alike; the state is asked, not changed."""
    infos, spots = reader.scan(text)
    small = len(infos) <= MEMO_WORDS
    signature = tuple([info.sem for info in infos])
    alike = memo.get(signature) if small else None
    if alike is not None:
        for reads, effects, claims, before in alike[1]:
            if _same_answers(reads, state, number):
                moved = _Move(before, infos, spots, text)
                return moved.reading((reads, effects, claims))
    words = _place(infos, spots)
    recorder = _Recorder(state)
    if alike is None:
        sentence = _Sentence(reader, text, 0, recorder, number, words=words)
    else:
        sentence = alike[0].again(text, words, recorder, number, 0)
    found = recorder.reads, recorder.effects, sentence.read()
    if small:
        if alike is None:
            alike = memo[signature] = (sentence, [])
        elif len(alike[1]) >= MEMO_CONTEXTS:
            alike[1].pop(0)
        alike[1].append((*found, _Move.index(words)))
    return found


def _same_answers(reads, state: _State, number: int) -> bool:
    return not reads or all(
        _answer_key(question, _ask(state, number, question)) == answer for question, answer in reads
    )


def _replay(effects, state: _State, number: int, start: int) -> None:
    for kind, value in effects:
        if kind == "owner":
            state.owner = value
        else:
            state.add(number, value, start)


class _Moving:
    """Offsets and surfaces of a reading moved onto another sentence; ``_span`` maps a start
    and an end offset and slices the new text."""

    text: str

    def _span(self, start: int, end: int) -> tuple[int, int, str]:
        raise NotImplementedError

    def reading(self, found):
        reads, effects, claims = found
        return reads, self.effects(effects), [self.claim(c) for c in claims]

    def holder(self, holder: _Holder) -> _Holder:
        if holder.base is not None or holder.start is None:
            return holder  # named in an earlier sentence, or not named
        start, end, surface = self._span(holder.start, holder.end)
        return _Holder(holder.parties, surface, start, end, holder.attribution, holder.head)

    def effects(self, effects):
        return [
            (kind, value if kind == "owner" else [self.holder(h) for h in value])
            for kind, value in effects
        ]

    def claim(self, claim: dict) -> dict:
        out = dict(claim)
        if claim["cue_start"] is not None:
            out["cue_start"], out["cue_end"], out["cue"] = self._span(
                claim["cue_start"], claim["cue_end"]
            )
        if claim["speaker_base"] is None and claim["speaker_start"] is not None:
            out["speaker_start"], out["speaker_end"], out["speaker"] = self._span(
                claim["speaker_start"], claim["speaker_end"]
            )
        evidence = []
        for e in claim["evidence"]:
            start, end, text = self._span(e["start"], e["end"])
            evidence.append({**e, "start": start, "end": end, "text": text})
        out["evidence"] = evidence
        return out


class _Unlighten(_Moving):
    """From a sentence's lightened text (:data:`_KEY`) back to the sentence: a start moves
    past the characters removed before it; an end follows the last letter, with the
    diacritics and tatweel after it (as :func:`_edges` cuts a word)."""

    def __init__(self, text: str):
        self.text = text
        self.removed = [m.start() for m in _REMOVED.finditer(text)]

    def _start(self, position: int) -> int:
        for removed in self.removed:
            if removed > position:
                break
            position += 1
        return position

    def _span(self, start: int, end: int) -> tuple[int, int, str]:
        start, end = self._start(start), self._start(end - 1) + 1
        while end < len(self.text) and self.text[end] in _TRAILING:
            end += 1
        return start, end, self.text[start:end]


class _Move(_Moving):
    """Offsets and surfaces of a reading moved from one sentence onto another whose words read
    alike. Word by word, start, head and end map to start, head and end (a word's head is its
    start in both or in neither, since both split the same clitics); the offsets of different
    words never coincide, so the map is a function, and it keeps their order."""

    def __init__(self, before: dict[int, tuple[int, int]], infos, spots, text: str):
        self.before, self.infos, self.spots, self.text = before, infos, spots, text

    @staticmethod
    def index(words: list[_Word]) -> dict[int, tuple[int, int]]:
        """Each offset of a sentence's words: which word, and whether start, head or end."""
        found: dict[int, tuple[int, int]] = {}
        for k, w in enumerate(words):
            found[w.start] = (k, 0)
            found[w.head] = (k, 1)
            found[w.end] = (k, 2)
        return found

    def _at(self, offset: int) -> int:
        k, which = self.before[offset]
        info = self.infos[k]
        return self.spots[k] + (info.lead, info.head, info.tail)[which]

    def _span(self, start: int, end: int) -> tuple[int, int, str]:
        start, end = self._at(start), self._at(end)
        return start, end, self.text[start:end]


def classify_stance(
    articles: pl.DataFrame | pl.LazyFrame,
    *,
    cues: str | os.PathLike | pl.DataFrame | None = None,
    target: str = "us_troops",
    speakers: str | os.PathLike | None = None,
    gazetteer: str | os.PathLike | pl.DataFrame | None = None,
    workers: int | None = None,
) -> pl.DataFrame:
    """Find each party's position on the target, sentence by sentence, with its evidence.

    Parameters
    ----------
    articles
        Articles: any frame with ``article_id`` and ``text``.
    cues
        The cue file (a path) or a cues frame (as from :func:`load_stance_cues`, perhaps with
        rows added); by default ``toolkit/lexicons/stance_cues_<target>.csv``.
    target
        The name of the target, which picks the default cue file (``us_troops``).
    speakers
        The speakers file; by default ``toolkit/lexicons/speakers.csv``.
    gazetteer
        An entities frame or CSV path for the gazetteer of named people and organisations.
    workers
        Processes to read with. By default a corpus with more than :data:`PARALLEL_BYTES` of
        candidate sentences is cut, between articles, into one part per core (at most
        :data:`MAX_WORKERS`) read side by side; ``1`` reads in this process. The result is the
        same either way.

    Returns
    -------
    polars.DataFrame
        One row per (sentence, party) claim, in text order: ``article_id``, ``sentence_id``,
        ``start``/``end`` (the sentence's offsets in the article text), ``party``, ``stance``
        (support, oppose, mixed, neutral), ``score`` (−1 oppose … +1 support), ``cue``,
        ``cue_start``, ``cue_end`` (the decisive cue as written: ``text[cue_start:cue_end]``),
        ``speaker``, ``speaker_start``, ``speaker_end`` (who holds the position; for a
        carried-over speaker, where it was named), ``aspect`` (all, combat, training),
        ``rule`` (``<holder>:<decision>``, see the module docstring), ``target``,
        ``sentence`` (its text) and ``evidence`` (every cue and limit seen for the claim, with
        offsets, polarity and modifiers). Neutral claims have no cue.

    Examples
    --------
    >>> import polars as pl
    >>> text = "قال مسؤول أمريكي إن واشنطن لا تنوي سحب قواتها من العراق."
    >>> claims = classify_stance(pl.DataFrame({"article_id": ["a"], "text": [text]}))
    >>> claims.select("party", "stance", "cue", "rule").row(0)
    ('us_administration', 'support', 'سحب', 'speaker:negated')
    """
    reader = _reader(cues, target, speakers, gazetteer)
    articles = articles.lazy().select("article_id", "text").collect()
    candidates = _candidates(articles, reader)
    if candidates.is_empty():
        return _empty_claims()
    columns = candidates.select("article_id", "sentence_id", "start", "end", "text")
    parts = _parts(columns, workers)
    if len(parts) > 1:
        return _classify_apart(parts, cues, target, speakers, gazetteer)
    return _classify_candidates(reader, columns, target)


def _classify_candidates(reader: _Reader, columns: pl.DataFrame, target: str) -> pl.DataFrame:
    """The claims of candidate sentences (``article_id``, ``sentence_id``, ``start``, ``end``,
    ``text``, in article order)."""
    rows: list[int] = []  # the candidate sentence of each claim
    found: list[dict] = []
    state, current, memo = _State(), None, ({} if MEMO_SENTENCES else None)
    collecting = gc.isenabled()
    gc.disable()  # millions of small objects, few cycles: a full collection scans them all
    try:
        for row, (article_id, sentence_id, start, text) in enumerate(
            columns.select("article_id", "sentence_id", "start", "text").iter_rows()
        ):
            if article_id != current:
                state, current = _State(), article_id
            claims = _read(reader, memo, text, start, state, sentence_id)
            if claims:
                rows.extend([row] * len(claims))
                found.extend(claims)
        if not rows:
            return _empty_claims()
        fields = {name: [claim[name] for claim in found] for name in _CLAIM_FIELDS}
        numbered = [(k, e) for k, claim in enumerate(found) for e in claim["evidence"]]
        evidence = {"claim": [k for k, _ in numbered]}
        evidence |= {name: [e[name] for _, e in numbered] for name in _EVIDENCE_FIELDS}
        del memo, found, numbered
    finally:
        if collecting:
            gc.enable()
    return _claims_frame(columns, rows, fields, evidence, target)


def _parts(columns: pl.DataFrame, workers: int | None) -> list[pl.DataFrame]:
    """The candidate sentences cut between articles into parts of about equal size."""
    if workers is None:
        if columns["text"].str.len_bytes().sum() < PARALLEL_BYTES:
            return [columns]
        workers = min(os.cpu_count() or 1, MAX_WORKERS)
    if workers <= 1 or columns.height < 2:
        return [columns]
    sizes = columns.group_by("article_id", maintain_order=True).agg(
        rows=pl.len(), size=pl.col("text").str.len_bytes().sum()
    )
    share = pl.col("size").cum_sum() * workers // (pl.col("size").sum() + 1)
    bounds = (
        sizes.with_columns(part=share)
        .group_by("part", maintain_order=True)
        .agg(rows=pl.col("rows").sum())
    )
    parts, offset = [], 0
    for rows in bounds["rows"].to_list():
        parts.append(columns.slice(offset, rows))
        offset += rows
    return parts


def _classify_apart(parts, cues, target, speakers, gazetteer) -> pl.DataFrame:
    """Read each part in a fresh Python process (``python -c``, so nothing of the caller's
    script runs again there), handing frames over as Arrow IPC files."""
    import json
    import subprocess
    import sys
    import tempfile

    with tempfile.TemporaryDirectory(prefix="stance-") as folder:
        options = {"target": target, "speakers": None if speakers is None else str(speakers)}
        for name, value in (("cues", cues), ("gazetteer", gazetteer)):
            if isinstance(value, pl.DataFrame):
                value.write_ipc(Path(folder, f"{name}.arrow"))
                options[name] = {"frame": str(Path(folder, f"{name}.arrow"))}
            else:
                options[name] = None if value is None else str(value)
        # The workers import this toolkit, wherever the caller runs from.
        path = [str(Path(__file__).resolve().parents[1]), os.environ.get("PYTHONPATH", "")]
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in path if p)}
        jobs = []
        for number, part in enumerate(parts):
            source, result = (
                Path(folder, f"part-{number}.arrow"),
                Path(folder, f"out-{number}.arrow"),
            )
            part.write_ipc(source)
            job = {"source": str(source), "result": str(result), **options}
            code = "import sys, toolkit.stance as s; s._classify_part(sys.argv[1])"
            command = [sys.executable, "-c", code, json.dumps(job)]
            jobs.append((subprocess.Popen(command, stderr=subprocess.PIPE, env=env), result))
        frames = []
        for process, result in jobs:
            _, errors = process.communicate()
            if process.returncode != 0:
                raise RuntimeError(f"a stance worker failed:\n{errors.decode(errors='replace')}")
            frames.append(read_ipc(result))
    claims = pl.concat(frames)
    return claims if claims.height else _empty_claims()


def _classify_part(job: str) -> None:
    """The worker of :func:`_classify_apart`."""
    import json

    options = json.loads(job)

    def frame_or_path(value):
        return read_ipc(value["frame"]) if isinstance(value, dict) else value

    target = options["target"]
    reader = _reader(
        frame_or_path(options["cues"]), target, options["speakers"],
        frame_or_path(options["gazetteer"]),
    )  # fmt: skip
    columns = read_ipc(options["source"])
    _classify_candidates(reader, columns, target).write_ipc(options["result"])


_CLAIM_FIELDS = (
    "party", "stance", "score", "cue", "cue_start", "cue_end", "speaker", "speaker_start",
    "speaker_end", "speaker_base", "aspect", "rule",
)  # fmt: skip
_EVIDENCE_FIELDS = ("kind", "text", "start", "end", "polarity", "note")


def _claims_frame(columns, rows, fields, evidence, target) -> pl.DataFrame:
    """The claims as :data:`CLAIM_SCHEMA`, built column by column; offsets made absolute."""
    schema = {name: CLAIM_SCHEMA.get(name, pl.Int64) for name in _CLAIM_FIELDS}
    claims = pl.DataFrame(fields, schema=schema).with_columns(
        _claim=pl.int_range(pl.len(), dtype=pl.Int64)
    )
    sentences = columns[pl.Series(rows, dtype=pl.Int64)]
    claims = pl.concat([sentences, claims], how="horizontal")
    shift = pl.coalesce("speaker_base", "start")
    claims = claims.with_columns(
        pl.col("cue_start") + pl.col("start"),
        pl.col("cue_end") + pl.col("start"),
        pl.col("speaker_start") + shift,
        pl.col("speaker_end") + shift,
        target=pl.lit(target, pl.String),
        sentence=pl.col("text"),
    )
    struct = CLAIM_SCHEMA["evidence"].inner
    found = pl.DataFrame(
        evidence, schema={"claim": pl.Int64, **{f.name: f.dtype for f in struct.fields}}
    )
    found = (
        found.join(claims.select("_claim", "start"), left_on="claim", right_on="_claim")
        .with_columns(
            pl.col("start") + pl.col("start_right"), pl.col("end") + pl.col("start_right")
        )
        .group_by("claim", maintain_order=True)
        .agg(evidence=pl.struct(*_EVIDENCE_FIELDS))
    )
    claims = claims.join(found, left_on="_claim", right_on="claim", how="left").sort("_claim")
    claims = claims.with_columns(
        pl.col("evidence").fill_null(pl.lit([], dtype=CLAIM_SCHEMA["evidence"]))
    )
    return claims.select([pl.col(name).cast(dtype) for name, dtype in CLAIM_SCHEMA.items()])


def explain_stance(
    text: str,
    *,
    cues: str | os.PathLike | pl.DataFrame | None = None,
    target: str = "us_troops",
    speakers: str | os.PathLike | None = None,
    gazetteer: str | os.PathLike | pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Show how a sentence (or a short text) is read: clauses, holders, modifiers, cues, claims.

    A teaching and debugging aid: one row per thing the reader saw, in order, with ``layer``
    (clause, holder, modifier, cue, claim), the ``text`` it rests on, the ``party`` and a
    ``detail`` (for a cue: its polarity, its row in the cue file and the forces it was found to
    be about).

    Examples
    --------
    >>> explain_stance("وأكد مسؤولون عراقيون انسحاب القوات الأمريكية.")["layer"].to_list()
    ['clause', 'holder', 'cue', 'claim']
    """
    reader = _reader(cues, target, speakers, gazetteer)
    sentences = split_sentences(pl.DataFrame({"article_id": ["text"], "text": [text]}))
    state = _State()
    out: list[dict] = []
    for sentence_id, start, body in sentences.select("sentence_id", "start", "text").iter_rows():
        sentence = _Sentence(reader, body, start, state, sentence_id)
        held = sentence.holders()
        for c, (i, j, conditional) in enumerate(sentence.clauses):
            kind = "conditional clause" if conditional else "clause"
            out.append({"layer": "clause", "text": sentence.surface(i, j), "detail": kind})
            if held[c] and (c == 0 or held[c] is not held[c - 1]):
                for holder in held[c]:
                    party = ", ".join(holder.parties) or None
                    out.append(
                        {"layer": "holder", "text": holder.surface, "party": party,
                         "detail": holder.attribution}
                    )  # fmt: skip
            for kind, found in sentence.mods.items():
                out.extend(
                    {"layer": "modifier", "text": sentence.surface(m.i, m.j), "detail": kind}
                    for m in found
                    if sentence.clause[m.i] == c
                )
        claims = sentence.read()
        for cue, holders, owner, ref in sentence.seen:
            forces = f"{sentence.surface(ref.i, ref.j)} → {owner}" if ref else f"context → {owner}"
            out.append(
                {
                    "layer": "cue",
                    "text": sentence.surface(cue.i, cue.j),
                    "party": ", ".join(p for h in holders for p in h.parties) or None,
                    "detail": f"{cue.record['polarity']} (row {cue.record['row']}: "
                    f"{cue.record['cue']}); forces: {forces}",
                }
            )
        out.extend(
            {
                "layer": "claim",
                "text": claim["cue"],
                "party": claim["party"],
                "detail": f"{claim['stance']} ({claim['rule']}, score {claim['score']})",
            }
            for claim in claims
        )
    schema = {"layer": pl.String, "text": pl.String, "party": pl.String, "detail": pl.String}
    return pl.DataFrame(out, schema=schema)


def party_stance(
    claims: pl.DataFrame,
    *,
    by: str | Iterable[str] | None = None,
    articles: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """One row per party (and group): how often it takes each position, and its best evidence.

    Parameters
    ----------
    claims
        The frame from :func:`classify_stance`.
    by
        Column(s) to group by besides the party: ``article_id``, or article metadata such as
        ``source``, ``month`` or ``week`` (taken from ``articles``).
    articles
        The articles frame, needed when ``by`` names metadata the claims lack.

    Returns
    -------
    polars.DataFrame
        The ``by`` columns, ``party``, ``claims`` and one count per label (``support``,
        ``oppose``, ``mixed``, ``neutral``), ``net`` (the mean score of the non-neutral claims,
        −1 … +1, null without any), ``leaning`` (support, oppose or mixed from ``net``; neutral
        without positions) and the strongest evidence: ``evidence_article``,
        ``evidence_sentence_id``, ``evidence_stance``, ``evidence_cue`` and ``evidence`` (the
        sentence). Parties with most positions first.

    Examples
    --------
    >>> import polars as pl
    >>> text = "دعا التيار الصدري إلى انسحاب القوات الأمريكية."
    >>> claims = classify_stance(pl.DataFrame({"article_id": ["a"], "text": [text]}))
    >>> party_stance(claims).select("party", "oppose", "net", "leaning").row(0)
    ('sadrist_movement', 1, -1.0, 'oppose')
    """
    groups = [by] if isinstance(by, str) else list(by or [])
    frame = with_groups(claims, groups, articles) if groups else claims
    return combine_party_stance([party_stance_partial(frame, groups)], groups)


def party_stance_partial(claims: pl.DataFrame, groups: Sequence[str] = ()) -> pl.DataFrame:
    """What :func:`party_stance` needs of one batch of claims, small enough to keep.

    Claim counts, the sum and count of the non-neutral scores, and the batch's strongest
    evidence, per party (and group). Partials of batches that split the articles between them
    add up to the whole corpus's :func:`combine_party_stance`, so a corpus streamed in batches
    never holds all its claims at once.
    """
    groups = list(groups)
    positioned = pl.col("stance") != "neutral"
    strength = pl.when(positioned).then(pl.col("score").abs() + 1).otherwise(0.0)
    return (
        claims.with_columns(_strength=strength)
        .sort(["_strength", "article_id", "sentence_id"], descending=[True, False, False])
        .group_by([*groups, "party"], maintain_order=True)
        .agg(
            claims=pl.len().cast(pl.Int64),
            **{s: (pl.col("stance") == s).sum().cast(pl.Int64) for s in STANCES},
            score_sum=pl.col("score").filter(positioned).sum().cast(pl.Float64),
            evidence_strength=pl.col("_strength").first(),
            evidence_article=pl.col("article_id").first(),
            evidence_sentence_id=pl.col("sentence_id").first(),
            evidence_stance=pl.col("stance").first(),
            evidence_cue=pl.col("cue").first(),
            evidence=pl.col("sentence").first(),
        )
    )


def combine_party_stance(
    partials: Iterable[pl.DataFrame], groups: Sequence[str] = ()
) -> pl.DataFrame:
    """The :func:`party_stance` table from the :func:`party_stance_partial` of each batch."""
    groups = list(groups)
    evidence = ["evidence_article", "evidence_sentence_id", "evidence_stance", "evidence_cue"]
    summary = (
        pl.concat(list(partials), how="vertical_relaxed")
        .sort(
            ["evidence_strength", "evidence_article", "evidence_sentence_id"],
            descending=[True, False, False],
            maintain_order=True,
        )
        .group_by([*groups, "party"], maintain_order=True)
        .agg(
            pl.col("claims", *STANCES, "score_sum").sum(),
            *[pl.col(c).first() for c in [*evidence, "evidence"]],
        )
        .with_columns(positions=pl.col("claims") - pl.col("neutral"))
        .with_columns(
            net=pl.when(pl.col("positions") > 0).then(pl.col("score_sum") / pl.col("positions"))
        )
        .with_columns(
            leaning=pl.when(pl.col("net").is_null())
            .then(pl.lit("neutral"))
            .when(pl.col("net") >= 1 / 3)
            .then(pl.lit("support"))
            .when(pl.col("net") <= -1 / 3)
            .then(pl.lit("oppose"))
            .otherwise(pl.lit("mixed"))
        )
    )
    order = [*groups, "positions", "party"]
    return summary.sort(order, descending=[False] * len(groups) + [True, False]).select(
        *groups, "party", "claims", *STANCES, "net", "leaning", *evidence, "evidence"
    )


def evaluate_stance(claims: pl.DataFrame, gold) -> dict:
    """Score stance claims against the gold ``stance`` annotations.

    A prediction and a gold claim match when they share the article, the sentence and the
    party. A prediction *counts* when its label is in the gold claim's ``accept`` list (no gold
    claim means only ``neutral`` is accepted). Precision is over the predicted non-neutral
    claims; recall is over the gold claims whose ``stance`` is not neutral (a gold claim is
    found when a prediction for it has an accepted label, ``neutral`` included when the
    annotator accepted it). Only articles the gold annotates are scored.

    Returns
    -------
    dict
        ``precision``, ``recall``, ``f1``, ``tp``, ``fp``, ``fn``; ``confusion`` (gold stance by
        predicted stance, ``none`` where one side has no claim); ``disagreements`` (each
        non-neutral prediction that is not accepted and each gold claim that is not found, the
        gold and predicted labels and cues side by side, with the rule that fired).

    Examples
    --------
    >>> from toolkit.datasets import seed_articles, seed_gold
    >>> scores = evaluate_stance(classify_stance(seed_articles()), seed_gold())
    >>> scores["f1"] >= 0.9
    True
    """
    wanted = gold_frame(gold, "stance")
    key = ["article_id", "sentence_id", "party"]
    if wanted.is_empty():
        wanted = pl.DataFrame(
            schema={**{k: CLAIM_SCHEMA[k] for k in key}, "stance": pl.String,
                    "accept": pl.List(pl.String), "cue": pl.String}
        )  # fmt: skip
    if "cue" not in wanted.columns:
        wanted = wanted.with_columns(cue=pl.lit(None, pl.String))
    wanted = wanted.select(
        *key,
        pl.col("stance").alias("gold"),
        pl.coalesce(pl.col("accept"), pl.concat_list(pl.col("stance"))).alias("accept"),
        pl.col("cue").alias("gold_cue"),
    )
    ids = wanted["article_id"].unique().implode()
    optional = {"cue": "predicted_cue", "rule": "rule", "sentence": "sentence"}
    predicted = claims.filter(pl.col("article_id").is_in(ids)).select(
        *key,
        pl.col("stance").alias("predicted"),
        *[
            (pl.col(c) if c in claims.columns else pl.lit(None, pl.String)).alias(alias)
            for c, alias in optional.items()
        ],
    )
    both = wanted.join(predicted, on=key, how="full", coalesce=True)
    accept = pl.coalesce(pl.col("accept"), pl.lit(["neutral"], dtype=pl.List(pl.String)))
    both = both.with_columns(
        accepted=accept.list.contains(pl.col("predicted")).fill_null(False),
        positive=pl.col("predicted").is_not_null() & (pl.col("predicted") != "neutral"),
        required=pl.col("gold").is_not_null() & (pl.col("gold") != "neutral"),
    )
    tp = both.filter("positive", "accepted").height
    fp = both.filter(pl.col("positive") & ~pl.col("accepted")).height
    found = both.filter("required", "accepted").height
    fn = both.filter(pl.col("required") & ~pl.col("accepted")).height
    precision = prf(tp, fp, 0)["precision"]
    recall = found / (found + fn) if found + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    labels = [*STANCES, "none"]
    cells = both.select(pl.col("gold").fill_null("none"), pl.col("predicted").fill_null("none"))
    confusion = pl.DataFrame({"gold": labels}).join(
        cells.group_by("gold", "predicted").len().pivot("predicted", index="gold", values="len"),
        on="gold",
        how="left",
    )
    for label in labels:
        if label not in confusion.columns:
            confusion = confusion.with_columns(pl.lit(None, pl.UInt32).alias(label))
    confusion = confusion.select("gold", *labels).fill_null(0)
    disagreements = (
        both.filter((pl.col("positive") | pl.col("required")) & ~pl.col("accepted"))
        .sort(key)
        .select(*key, "gold", "accept", "gold_cue", "predicted", "predicted_cue", "rule",
                "sentence")
    )  # fmt: skip
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "confusion": confusion,
        "disagreements": disagreements,
    }
