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
from toolkit.entities.forms import (
    candidate_phrases,
    given_names,
    office_title_table,
    place_nisbas,
    short_form_rows,
    short_form_table,
)
from toolkit.entities.spelling import SpellingIndex
from toolkit.entities.stream import phrase_keys
from toolkit.lexicons import (
    Lexicons,
    as_lexicons,
    cached,
    clitic_splitter,
    load_entities,
    stopwords,
)
from toolkit.lexicons.frequencies import word_frequencies
from toolkit.lexicons.offices import load_office_titles, load_offices
from toolkit.lexicons.short_forms import load_short_forms
from toolkit.lexicons.titles import load_titles, title_key

__all__ = ["EntityTables", "OfficeTables", "alias_table", "entity_tables", "title_table"]

#: The columns of an entity that a mention carries.
META = ["name_en", "name_ar", "label", "party"]


@dataclass(frozen=True, eq=False)
class OfficeTables:
    """The tables of bare office titles (read only by calls with dated articles).

    Attributes
    ----------
    titles
        The office titles as candidate phrases (``key``, ``n``, ``role``, see
        :func:`toolkit.entities.forms.office_title_table`).
    terms
        The terms of office of the gazetteer's entities: ``entity_id``, ``role``, ``start``,
        ``end`` (null while in office).
    words
        The words after a title (``after``) and before it (``before``) that say its holder is
        not meant, as tuples of keys.
    """

    titles: pl.DataFrame
    terms: pl.DataFrame
    words: dict[str, frozenset[tuple[str, ...]]]


@dataclass(frozen=True, eq=False)
class EntityTables:
    """The lexicon tables of one call.

    Attributes
    ----------
    aliases
        One row per distinct alias key: ``entity_id``, ``alias``, ``key`` (pieces joined by a
        space), ``n`` (pieces), ``method`` (``lexicon``), ``name_en``, ``name_ar``, ``label``,
        ``party``.
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
    short_forms
        The short forms as candidate phrases (see
        :func:`toolkit.entities.forms.short_form_table`).
    offices
        A function that gives the :class:`OfficeTables` (built on first use, then kept like
        the other tables).
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
    short_forms: pl.DataFrame
    offices: Callable[[], OfficeTables]
    title_keys: frozenset[tuple[str, ...]]
    given_names: frozenset[str]
    place_nisbas: frozenset[str]
    spelling: SpellingIndex
    zipf: Callable[[str], float]

    def candidates(self, dated: bool) -> pl.DataFrame:
        """The candidate phrases of a call: the short forms, and the office titles when some
        article has a date (a bare title resolves only on a date)."""
        return candidate_phrases(self.short_forms, self.offices().titles if dated else None)


#: Marks that open a quoted name after its head noun (قاعدة "حرير"، قناة «الجزيرة»، وكالة / المعلومة).
QUOTES = ('"', "«", "“", "”", "/")


def quoted(aliases: pl.DataFrame, heads: frozenset[str], splitter: CliticSplitter) -> pl.DataFrame:
    """The aliases that start with a head noun (an ``org_head`` of ``titles.csv``: قاعدة،
    قناة، وكالة) again, with a quotation mark after the head: copy quotes the proper name
    (قاعدة "حرير"، قناة «الجزيرة»), and the bare name is often no alias (حرير is 'silk'). The
    closing mark is not read, so the mention ends with the name."""
    marks = [k for k in phrase_keys(QUOTES, splitter) if k]
    pieces = aliases["key"].str.split(" ")
    headed = aliases.filter((pieces.list.len() >= 2) & pieces.list.first().is_in(list(heads)))
    if headed.is_empty() or not marks:
        return headed.clear()
    head = pl.col("key").str.split(" ").list.first()
    rest = pl.col("key").str.split(" ").list.slice(1).list.join(" ")
    return pl.concat(
        [headed.with_columns(key=pl.concat_str(head, pl.lit(f" {m} "), rest)) for m in marks]
    )


def alias_table(
    gazetteer: pl.DataFrame, splitter: CliticSplitter, heads: frozenset[str] = frozenset()
) -> pl.DataFrame:
    """The alias table (see :class:`EntityTables`) of an entities frame, with the quoted
    forms of the aliases that start with one of ``heads`` (:func:`quoted`); the first entity
    to claim a key keeps it."""
    aliases = gazetteer.select("entity_id", pl.col("aliases").alias("alias")).explode("alias")
    aliases = aliases.filter(pl.col("alias").is_not_null()).with_columns(method=pl.lit("lexicon"))
    keys = phrase_keys(aliases["alias"], splitter)
    aliases = aliases.with_columns(key=pl.Series(keys, dtype=pl.String)).filter(pl.col("key") != "")
    if heads:
        aliases = pl.concat([aliases, quoted(aliases, heads, splitter)])
    return (
        aliases.unique("key", keep="first", maintain_order=True)
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
    names = ("clitics.csv", "parties.csv", "short_forms.csv", "titles.csv")
    return [lexicons.path(n) for n in names]


def _gazetteer_tables(gazetteer: pl.DataFrame, lexicons: Lexicons, splitter: CliticSplitter):
    """The tables that depend on the gazetteer: aliases, entities, short forms, spelling,
    given names and place nisbas."""
    zipf = word_frequencies().zipf
    heads = title_table(lexicons, splitter)[2]
    aliases = alias_table(gazetteer, splitter, heads)
    entities = gazetteer.select("entity_id", *META)
    forms = short_form_rows(gazetteer, load_short_forms(lexicons=lexicons), zipf)
    spelling = SpellingIndex(alias_table(gazetteer, splitter), splitter, zipf)
    people = given_names(gazetteer), place_nisbas(gazetteer)
    return aliases, entities, short_form_table(forms, splitter), spelling, people


def _office_tables(entities: pl.DataFrame, lexicons: Lexicons, splitter: CliticSplitter):
    titles = load_office_titles(lexicons=lexicons)
    named = titles.filter(pl.col("kind") == "title").select("title", "role").rows()
    terms = (
        load_offices(lexicons=lexicons)
        .filter(pl.col("entity_id").is_in(entities["entity_id"].implode()))
        .filter(pl.col("start").is_not_null())
        .select("entity_id", "role", "start", "end")
    )
    words = {
        kind: frozenset(
            title_key(t, splitter) for t in titles.filter(pl.col("kind") == kind)["title"]
        )
        for kind in ("after", "before")
    }
    return OfficeTables(titles=office_title_table(named, splitter), terms=terms, words=words)


def entity_tables(
    gazetteer: pl.DataFrame | str | os.PathLike | None = None,
    lexicons: Lexicons | str | os.PathLike | None = None,
) -> EntityTables:
    """The tables of a gazetteer (an entities frame, a file, or by default the
    ``entities.csv`` of ``lexicons``) and of a lexicon set (the shipped files by default)."""
    lexicons = as_lexicons(lexicons)
    splitter = clitic_splitter(lexicons)
    office_names = ("offices.csv", "office_titles.csv", "entities.csv", "parties.csv")
    office_paths = [lexicons.path(n) for n in (*office_names, "clitics.csv")]
    if gazetteer is None or isinstance(gazetteer, (str, os.PathLike)):
        path = str(lexicons.path("entities.csv") if gazetteer is None else gazetteer)
        parties = lexicons.path("parties.csv")

        def build(splitter: CliticSplitter):
            frame = load_entities(path, parties=parties)
            return _gazetteer_tables(frame, lexicons, splitter)

        paths = [path, lexicons.path("entities.csv"), *_lexicon_paths(lexicons)]
        found = _by_splitter("entity_gazetteer_tables", paths, splitter, build)
        entities = found[1]

        def offices() -> OfficeTables:
            return _by_splitter(
                "entity_office_tables",
                [path, *office_paths],
                splitter,
                lambda splitter: _office_tables(entities, lexicons, splitter),
            )
    else:
        found = _gazetteer_tables(gazetteer, lexicons, splitter)
        entities, kept = found[1], []

        def offices() -> OfficeTables:
            if not kept:
                kept.append(_office_tables(entities, lexicons, splitter))
            return kept[0]

    aliases, entities, short_forms, spelling, (given, nisbas) = found
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
        short_forms=short_forms,
        offices=offices,
        title_keys=frozenset(tuple(k.split(" ")) for k in titles["key"].to_list()),
        given_names=given,
        place_nisbas=nisbas,
        spelling=spelling,
        zipf=word_frequencies().zipf,
    )
