"""The lexicons compiled for reading: what each distinct token reads as, and the factory.

A :class:`Reader` is built once per set of lexicon files (:func:`reader_for`, through
:func:`toolkit.lexicons.cached`, keyed by every file it reads: the cue file, the speakers,
the nisbas, the gazetteer, the parties, the clitic words, the stopwords and the grammar
words), so an edit of any of them is used by the next call. It holds:

- the clitic splitter of its lexicon set (:func:`toolkit.lexicons.clitic_splitter`);
- the :class:`Grammar` words of ``grammar_words.csv`` (:mod:`toolkit.lexicons.grammar`);
- the patterns of the cue and speakers files, with the reporting verbs of the stopword list
  as one more ``verb`` pattern (:class:`toolkit.stance.index.PatternIndex`);
- the gazetteer's aliases (:class:`toolkit.stance.names.AliasIndex`);
- the side of each party that owns forces (``party`` column of the cue file: the US
  administration's forces are the target, Iran's are other forces, the Iraqi government's
  the host's);
- a cache of what each distinct raw token reads as (:class:`toolkit.stance.words.Info`),
  and of each distinct lightened word: a token is read once per reader.

Tokens that read alike (the same fields but their offsets) share a ``sem`` number, which a
remembered reading is keyed by (:mod:`toolkit.stance.memo`). A number reads as a number
(only whether it starts with a digit matters: a quantity before من), so sentences that differ
in their figures read alike.
"""

from __future__ import annotations

import os
from typing import NamedTuple

import polars as pl

from toolkit.lexicons import (
    Lexicons,
    as_lexicons,
    cached,
    clitic_splitter,
    cue_records,
    cue_source,
    load_entities,
    on_clear,
    speaker_records,
    stamp,
    stopwords,
)
from toolkit.lexicons.grammar import grammar_words
from toolkit.lexicons.patterns import Pattern, Slot, word_forms, word_key
from toolkit.stance.index import PatternIndex
from toolkit.stance.names import AliasIndex
from toolkit.stance.words import (
    COLON_PUNCT,
    LIGHTEN,
    NUMBER,
    SILENT,
    TOKEN_RUN,
    Info,
    Word,
    edges,
    marks,
    place,
)

__all__ = ["Grammar", "Reader", "reader_for"]


class Grammar(NamedTuple):
    """The words of each kind of ``grammar_words.csv`` (normalized, ة read as ه); where each
    is used is documented there (:mod:`toolkit.lexicons.grammar`) and by the rule using it."""

    clause_opener: frozenset[str]
    clause_opener_written: frozenset[str]
    whereas_preposition: frozenset[str]
    whereas_noun: frozenset[str]
    relative_pronoun: frozenset[str]
    relative_particle: frozenset[str]
    complementizer: frozenset[str]
    preposition: frozenset[str]
    partitive: frozenset[str]
    lead_noun: frozenset[str]
    bridge: frozenset[str]
    quantity: frozenset[str]
    filler: frozenset[str]
    object_marker: frozenset[str]
    combat_stem: frozenset[str]
    combat_negator: frozenset[str]
    possessive: frozenset[str]
    org_noun: frozenset[str]
    relay_verb: frozenset[str]
    decision_noun: frozenset[str]
    relative_subject: frozenset[str]
    accusing: frozenset[str]
    charge_stem: frozenset[str]
    pluperfect: frozenset[str]
    past_particle: frozenset[str]
    biography: frozenset[str]
    completion: frozenset[str]
    former: frozenset[str]
    task_body: frozenset[str]
    verb_preposition: frozenset[str]
    manner_noun: frozenset[str]
    place_verb: frozenset[str]
    mission_noun: frozenset[str]
    commentator: frozenset[str]
    background_marker: frozenset[str]
    statement_noun: frozenset[str]
    anonymous_source: frozenset[str]
    issued: frozenset[str]


class Reader:
    """The lexicons compiled for reading: pattern words indexed, names by first word, grammar
    words, and a cache of what each distinct token matches."""

    def __init__(
        self,
        cue_records,
        speaker_records,
        lexicon: pl.DataFrame,
        lexicons: Lexicons | str | None = None,
    ):
        self.splitter = clitic_splitter(lexicons)
        self.grammar = Grammar(**grammar_words(lexicons=lexicons))
        patterns: dict[str, list[tuple[Pattern, dict]]] = {}
        for record in (*cue_records, *speaker_records):
            patterns.setdefault(record["kind"], []).append((record["parsed"], record))
        #: Whose forces each party's are: ``target``, ``other`` or ``host`` (the kind of the
        #: cue rows that name the party as the owner of the forces).
        self.sides: dict[str, str] = {}
        for record in cue_records:
            if record.get("party"):
                self.sides.setdefault(record["party"], record["kind"])
        for record in speaker_records:
            if record["kind"] == "group":  # the parties a group noun names (one, or two)
                record["parties"] = tuple(record["party"].split("|"))
        verbs = stopwords("reporting_verb", lexicons=lexicons)
        verb_slot = Slot(exact=frozenset(sorted({word_key(v, self.splitter) for v in verbs})))
        patterns.setdefault("verb", []).append(
            (Pattern("stopwords.csv", (verb_slot,), (), None), {"kind": "verb"})
        )
        self.aliases = AliasIndex(lexicon, self.splitter)
        self.index = PatternIndex(patterns)
        # A surname alone (:mod:`toolkit.stance.names`) that is no word of the lexicons
        # (العسكري، العراقي are adjectives too) and no grammar word of a speaker's phrase.
        g = self.grammar
        plain = frozenset(
            w
            for w in self.aliases.surnames
            if not self.index.slots_of({w}) and w not in g.bridge and w not in g.lead_noun
        )
        self.aliases.surnames = plain
        if plain:
            surname = Slot(exact=plain)
            patterns["surname"] = [(Pattern("entities.csv", (surname,), (), None), {})]
            self.index = PatternIndex(patterns)
        self.patterns = patterns
        #: How far before a position a match that can reach it may start.
        self.max_span = self.index.max_span
        self.matches = self.index.matches
        self.entities = self.aliases.entities
        self.anchors = self.index.anchors()
        self._cache: dict[str, Info] = {}
        self._lights: dict[str, tuple[int, tuple, tuple]] = {}
        self._sems: dict[tuple, int] = {}
        self._closings: dict[tuple[int, bool], tuple[Info, Info]] = {}

    # -- tokens ------------------------------------------------------------------------------
    def info(self, raw: str) -> Info:
        """What a raw token reads as (computed once per distinct token)."""
        found = self._cache.get(raw)
        if found is None:
            found = self._cache[raw] = self._make_info(raw)
        return found

    def _sem(self, key: tuple) -> int:
        return self._sems.setdefault(key, len(self._sems))

    def _closed(self, info: Info, colon: bool = False) -> Info:
        """``info`` with clause punctuation (``colon``: a colon) after the word, which the
        next token carried."""
        if info.closes and (info.colon or not colon):
            return info
        found = self._closings.get((id(info), colon))
        if found is None:
            closed = info._replace(
                closes=True, colon=info.colon or colon, sem=self._sem(("closed", colon, info.sem))
            )
            found = self._closings[(id(info), colon)] = (info, closed)
        return found[1]

    def _make_info(self, raw: str) -> Info:
        lead, tail = edges(raw)
        core = raw[lead:tail]
        opens, closes, colon, colon_before = marks(raw, lead, tail)
        light = core.translate(LIGHTEN)
        if not light:  # punctuation alone marks the word before (a colon as a colon)
            return Info(lead, tail, lead, "", "", "", False, False, False, frozenset(), (), (),
                        opens or closes, closes, colon or colon_before)  # fmt: skip
        found = self._lights.get(light)
        if found is None:
            found = self._lights[light] = self._read_word(light)
        head, fields, key = found
        sem = self._sem((key, opens, closes, colon))
        if len(light) != len(core):  # the head's offset in the token as written
            head = [k for k, char in enumerate(core) if char not in SILENT][head]
        return Info(lead, tail, lead + head, *fields, opens, closes, colon, sem)

    def _read_word(self, light: str) -> tuple[int, tuple, tuple]:
        """What a word reads as, from its letters alone (diacritics, tatweel and zero-width
        marks removed, so a word reads the same with or without them): the offset of its head
        in ``light``, the fields of :class:`Info` from ``norm`` to ``aliases``, and a key of
        both that tells words apart only where they read differently.

        A reporting verb never carries the article (القول is no verb); an alias whose first
        word has the article is found only on a word that has it or on a form of it."""
        pieces, norm, stem, forms = word_forms(light, self.splitter)
        kinds = [p[3] for p in pieces]
        kept = [p for p in pieces if p[3] not in ("conj", "prep")]
        head = kept[0][0] if kept else pieces[-1][0]
        if kept and kept[0][3] == "article" and light[kept[0][0] : kept[0][1]] == "ل":
            head = kept[1][0]
        conj, article = "conj" in kinds, "article" in kinds
        slots = self.index.slots_of(forms)
        starts = tuple(
            entry
            for sid in slots
            for entry in self.index.by_first.get(sid, ())
            if not (entry[0] == "verb" and article)
        )
        aliases = tuple(
            sorted(
                {
                    (keys, party)
                    for form in {stem, *forms}
                    for keys, party in self.aliases.get(form)
                    if article or not keys[0][1] or form != stem
                },
                key=lambda entry: (-len(entry[0]), entry[0], entry[1] or ""),
            )
        )
        prep = any(p[3] == "prep" and p[2] in ("ب", "ك") for p in pieces)
        bare = norm[1:] if conj else norm
        fields = (norm, bare, stem, article, conj, prep, slots, starts, aliases)
        if NUMBER.match(norm) and not (slots or aliases) and norm not in self.aliases.numeric:
            # A number reads as a number (only whether it starts with a digit matters: a
            # quantity before من), so sentences that differ in their figures read alike.
            return head, fields, ("number", norm[:1].isdigit())
        key = (head, *fields[:7], tuple(id(entry) for entry in starts), aliases)
        return head, fields, key

    def words(self, text: str, offset: int) -> list[Word]:
        """The words of a sentence with their offsets; clause punctuation marks the word before."""
        infos, spots = self.scan(text)
        return place(infos, spots, offset)

    def scan(self, text: str) -> tuple[list[Info], list[int]]:
        """The words of a sentence: what each reads as, and where its token starts."""
        infos: list[Info] = []
        spots: list[int] = []
        cache = self._cache
        for found in TOKEN_RUN.finditer(text):
            raw = found.group()
            info = cache.get(raw)
            if info is None:
                info = self.info(raw)
            if (info.opens or not info.norm) and infos and (info.opens or info.closes):
                colon = (info.colon and not info.norm) or _colon_before(raw, info)
                infos[-1] = self._closed(infos[-1], colon)
            if info.norm:
                infos.append(info)
                spots.append(found.start())
        return infos, spots


# =============================================================================================
# The reader of a set of lexicons
# =============================================================================================


def reader_for(
    cues: str | os.PathLike | pl.DataFrame | None = None,
    target: str = "us_troops",
    speakers: str | os.PathLike | None = None,
    gazetteer: str | os.PathLike | pl.DataFrame | None = None,
    lexicons: Lexicons | str | None = None,
) -> Reader:
    """The compiled reader for these lexicons: ``cues`` (a path, a frame or the target's file
    of ``lexicons``), ``speakers``, ``gazetteer`` (a path or a frame) and every other file
    from ``lexicons`` (the shipped files by default).

    Built again when any file it reads changed (:func:`toolkit.lexicons.cached`); readers
    built from frames are kept for the last four sets of frames passed (a pipeline passes the
    same frames batch after batch), compared by content.
    """
    lexicons = as_lexicons(lexicons)
    source = cue_source(cues, target, lexicons)
    speakers_path = str(speakers or lexicons.path("speakers.csv"))
    gazetteer_path = None if isinstance(gazetteer, pl.DataFrame) else gazetteer
    gazetteer_path = str(gazetteer_path or lexicons.path("entities.csv"))
    parties = str(lexicons.path("parties.csv"))
    paths = [speakers_path, gazetteer_path, parties]
    paths += [str(lexicons.path(name)) for name in _OTHER_FILES]

    def build() -> Reader:
        entities = gazetteer
        if not isinstance(entities, pl.DataFrame):
            entities = load_entities(gazetteer_path, parties=parties)
        return Reader(
            cue_records(source, lexicons), speaker_records(speakers_path, lexicons), entities,
            lexicons,
        )  # fmt: skip

    if isinstance(source, str) and not isinstance(gazetteer, pl.DataFrame):
        return cached("stance_reader", [source, *paths], build)
    key = (source, gazetteer, tuple(stamp(p) for p in paths))
    for known, reader in _FRAME_READERS:
        if all(_same(a, b) for a, b in zip(known, key, strict=True)):
            return reader
    reader = build()
    _FRAME_READERS.insert(
        0, (tuple(v.clone() if isinstance(v, pl.DataFrame) else v for v in key), reader)
    )
    del _FRAME_READERS[4:]
    return reader


#: The files of a lexicon set a reader reads besides the cues, speakers, gazetteer and parties.
_OTHER_FILES = ("nisbas.csv", "clitics.csv", "stopwords.csv", "grammar_words.csv")

#: Readers compiled from frames (cue or entity frames), the latest first.
_FRAME_READERS: list[tuple[tuple, Reader]] = []
on_clear(_FRAME_READERS.clear)


def _colon_before(raw: str, info: Info) -> bool:
    """Whether a token carries a colon before its word (``البنتاغون :وجودنا``)."""
    return any(c in COLON_PUNCT for c in raw[: info.lead])


def _same(a, b) -> bool:
    if isinstance(a, pl.DataFrame) or isinstance(b, pl.DataFrame):
        return isinstance(a, pl.DataFrame) and isinstance(b, pl.DataFrame) and a.equals(b)
    return a == b
