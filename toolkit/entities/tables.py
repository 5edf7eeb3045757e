"""What one call reads from the lexicons: the alias table, the titles, the stopwords, the clitic
splitter, the short forms and office titles, the terms of office and the spelling index, held
together for the whole call.

Tables built from files are kept until one of the files they come from changes (through
:func:`toolkit.lexicons.cached`, keyed by each file's path, size and modification time) or the
clitic splitter they were split with is another one (:func:`toolkit.lexicons.clitic_splitter`
gives a new one whenever a file it reads changes), so an edited gazetteer, ``titles.csv``,
``clitics.csv``, ``stopwords.csv``, ``short_forms.csv``, ``offices.csv`` or
``office_titles.csv`` is used by the next call. A gazetteer given as a frame is read again on
every call.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

from toolkit.arabic import CliticSplitter
from toolkit.entities.forms import candidate_table, given_names, place_nisbas, short_form_rows
from toolkit.entities.spelling import SpellingIndex
from toolkit.entities.stream import phrase_keys
from toolkit.lexicons import (
    Lexicons,
    as_lexicons,
    cached,
    clitic_splitter,
    joined_aliases,
    load_entities,
    stopwords,
)
from toolkit.lexicons.frequencies import word_frequencies
from toolkit.lexicons.offices import load_office_titles, load_offices
from toolkit.lexicons.short_forms import load_short_forms
from toolkit.lexicons.titles import load_titles, title_key

__all__ = ["EntityTables", "alias_table", "entity_tables", "title_table"]

#: The columns of an entity that a mention carries.
META = ["name_en", "name_ar", "label", "party"]


@dataclass(frozen=True, eq=False)
class EntityTables:
    """The lexicon tables of one call.

    Attributes
    ----------
    aliases
        One row per distinct alias key: ``entity_id``, ``alias``, ``key`` (pieces joined by a
        space), ``n`` (pieces), ``method`` (``lexicon``, or ``spelling`` for a spelling with
        a lost space, such as حزبالله), ``name_en``, ``name_ar``, ``label``, ``party``.
    titles
        One row per distinct title key: ``title``, ``key``, ``n``.
    nisba_endings
        Endings (in key form, ة read as ه) of the words that are modifiers after a title.
    org_heads
        Keys of the nouns an organisation's name starts with (هيئة، منظمة): no name begins
        with one after a title.
    stopwords
        Normalized stopwords: a name after a title never contains one.
    splitter
        The clitic splitter every phrase and text of the call is split with.
    lexicons
        The lexicon set the tables come from.
    entities
        ``entity_id`` and the columns a mention carries (``name_en``, ``name_ar``, ``label``,
        ``party``) of every entity of the gazetteer.
    candidates
        The short forms and office titles (see :func:`toolkit.entities.forms.candidate_table`).
    offices
        The terms of office of the gazetteer's entities: ``entity_id``, ``role``, ``start``,
        ``end`` (null while in office).
    office_words
        The words after a title (``after``) and before it (``before``) that say its holder is
        not meant, as tuples of keys.
    title_keys
        The person titles as tuples of keys (a given name counts right after one).
    given_names
        The first words of the gazetteer's people's names (keys).
    place_nisbas
        The nisba adjectives of the gazetteer's places, with ال (keys: العراقي).
    spelling
        The typo index (:class:`toolkit.entities.spelling.SpellingIndex`).
    zipf
        The Zipf frequency of a normalized word (:mod:`toolkit.lexicons.frequencies`).
    """

    aliases: pl.DataFrame
    titles: pl.DataFrame
    nisba_endings: tuple[str, ...]
    org_heads: frozenset[str]
    stopwords: frozenset[str]
    splitter: CliticSplitter
    lexicons: Lexicons
    entities: pl.DataFrame
    candidates: pl.DataFrame
    offices: pl.DataFrame
    office_words: dict[str, frozenset[tuple[str, ...]]]
    title_keys: frozenset[tuple[str, ...]]
    given_names: frozenset[str]
    place_nisbas: frozenset[str]
    spelling: SpellingIndex
    zipf: Callable[[str], float]


def alias_table(gazetteer: pl.DataFrame, splitter: CliticSplitter) -> pl.DataFrame:
    """The alias table (see :class:`EntityTables`) of an entities frame; the first entity to
    claim a key keeps it, and the aliases as written come before the spellings with a lost
    space (:func:`toolkit.lexicons.joined_aliases`)."""
    aliases = gazetteer.select("entity_id", pl.col("aliases").alias("alias")).explode("alias")
    aliases = aliases.filter(pl.col("alias").is_not_null()).with_columns(method=pl.lit("lexicon"))
    joined = [
        (eid, spelled, "spelling")
        for eid, alias, _ in aliases.iter_rows()
        for spelled in joined_aliases(alias)
    ]
    aliases = pl.concat(
        [aliases, pl.DataFrame(joined, schema=aliases.schema, orient="row")], how="vertical"
    )
    keys = phrase_keys(aliases["alias"], splitter)
    return (
        aliases.with_columns(key=pl.Series(keys, dtype=pl.String))
        .filter(pl.col("key") != "")
        .unique("key", keep="first", maintain_order=True)
        .with_columns(n=pl.col("key").str.count_matches(" ") + 1)
        .join(gazetteer.select(pl.col("entity_id"), *META), on="entity_id")
        .select("entity_id", "alias", "key", "n", "method", *META)
    )


def _by_splitter(kind: str, paths: list, splitter: CliticSplitter, build):
    """``build(splitter)``, kept until one of ``paths`` changes or the splitter is another.

    The value holds the splitter, so its ``id`` cannot be reused while the value is kept."""
    value = cached((kind, id(splitter)), paths, lambda: (splitter, build(splitter)))
    return value[1]


def title_table(
    lexicons: Lexicons, splitter: CliticSplitter
) -> tuple[pl.DataFrame, tuple[str, ...], frozenset[str]]:
    """The person titles (``title``, ``key``, ``n``, in file order, one row per key), the
    nisba endings (key form) and the organisation nouns (keys) of a lexicon set's
    ``titles.csv``, split by ``splitter``."""
    path = lexicons.path("titles.csv")

    def build(splitter: CliticSplitter):
        rows = load_titles(path, lexicons=lexicons)
        titles = rows.filter(pl.col("kind") == "person_title")["title"]
        keys = phrase_keys(titles, splitter)
        table = (
            pl.DataFrame({"title": titles, "key": pl.Series(keys, dtype=pl.String)})
            .with_columns(n=pl.col("key").str.count_matches(" ") + 1)
            .unique("key", maintain_order=True)
        )
        endings = rows.filter(pl.col("kind") == "nisba_ending")["title"]
        heads = phrase_keys(rows.filter(pl.col("kind") == "org_head")["title"], splitter)
        return table, tuple(e.replace("ة", "ه") for e in endings), frozenset(heads) - {""}

    return _by_splitter("entity_titles", [path, lexicons.path("clitics.csv")], splitter, build)


def _lexicon_paths(lexicons: Lexicons) -> list:
    names = ("clitics.csv", "parties.csv", "short_forms.csv", "offices.csv", "office_titles.csv")
    return [lexicons.path(n) for n in names]


def _gazetteer_tables(gazetteer: pl.DataFrame, lexicons: Lexicons, splitter: CliticSplitter):
    """The tables that depend on the gazetteer: aliases, entities, candidates, offices,
    spelling."""
    zipf = word_frequencies().zipf
    aliases = alias_table(gazetteer, splitter)
    entities = gazetteer.select("entity_id", *META)
    forms = short_form_rows(gazetteer, load_short_forms(lexicons=lexicons), zipf)
    titles = load_office_titles(lexicons=lexicons)
    named = titles.filter(pl.col("kind") == "title").select("title", "role").rows()
    candidates = candidate_table(forms, named, splitter)
    known = entities["entity_id"].implode()
    offices = (
        load_offices(lexicons=lexicons)
        .filter(pl.col("entity_id").is_in(known) & pl.col("start").is_not_null())
        .select("entity_id", "role", "start", "end")
    )
    words = {
        kind: frozenset(
            title_key(t, splitter) for t in titles.filter(pl.col("kind") == kind)["title"]
        )
        for kind in ("after", "before")
    }
    spelling = SpellingIndex(aliases, splitter.names, zipf)
    people = given_names(gazetteer), place_nisbas(gazetteer)
    return aliases, entities, candidates, offices, words, spelling, people


def entity_tables(
    gazetteer: pl.DataFrame | str | os.PathLike | None = None,
    lexicons: Lexicons | str | os.PathLike | None = None,
) -> EntityTables:
    """The tables of a gazetteer (an entities frame, a file, or by default the
    ``entities.csv`` of ``lexicons``) and of a lexicon set (the shipped files by default)."""
    lexicons = as_lexicons(lexicons)
    splitter = clitic_splitter(lexicons)
    if gazetteer is None or isinstance(gazetteer, (str, os.PathLike)):
        path = str(lexicons.path("entities.csv") if gazetteer is None else gazetteer)
        parties = lexicons.path("parties.csv")

        def build(splitter: CliticSplitter):
            frame = load_entities(path, parties=parties)
            return _gazetteer_tables(frame, lexicons, splitter)

        paths = [path, lexicons.path("entities.csv"), *_lexicon_paths(lexicons)]
        found = _by_splitter("entity_gazetteer_tables", paths, splitter, build)
    else:
        found = _gazetteer_tables(gazetteer, lexicons, splitter)
    aliases, entities, candidates, offices, words, spelling, (given, nisbas) = found
    titles, endings, heads = title_table(lexicons, splitter)
    return EntityTables(
        aliases=aliases,
        titles=titles,
        nisba_endings=endings,
        org_heads=heads,
        stopwords=stopwords(lexicons=lexicons),
        splitter=splitter,
        lexicons=lexicons,
        entities=entities,
        candidates=candidates,
        offices=offices,
        office_words=words,
        title_keys=frozenset(tuple(k.split(" ")) for k in titles["key"].to_list()),
        given_names=given,
        place_nisbas=nisbas,
        spelling=spelling,
        zipf=word_frequencies().zipf,
    )
