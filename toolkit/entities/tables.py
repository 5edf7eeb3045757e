"""What one call reads from the lexicons: the alias table, the titles, the stopwords and the
clitic splitter, held together for the whole call.

Tables built from files are kept until one of the files they come from changes (through
:func:`toolkit.lexicons.cached`, keyed by each file's path, size and modification time) or the
clitic splitter they were split with is another one (:func:`toolkit.lexicons.clitic_splitter`
gives a new one whenever a file it reads changes), so an edited gazetteer, ``titles.csv``,
``clitics.csv`` or ``stopwords.csv`` is used by the next call. A gazetteer given as a frame is
read again on every call.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import polars as pl

from toolkit.arabic import CliticSplitter
from toolkit.entities.stream import phrase_keys
from toolkit.lexicons import (
    Lexicons,
    as_lexicons,
    cached,
    clitic_splitter,
    load_entities,
    stopwords,
)
from toolkit.lexicons.titles import load_titles

__all__ = ["EntityTables", "alias_table", "entity_tables", "title_table"]


@dataclass(frozen=True, eq=False)
class EntityTables:
    """The lexicon tables of one call.

    Attributes
    ----------
    aliases
        One row per distinct alias key: ``entity_id``, ``alias``, ``key`` (pieces joined by a
        space), ``n`` (pieces), ``name_en``, ``name_ar``, ``label``, ``party``.
    titles
        One row per distinct title key: ``title``, ``key``, ``n``.
    nisba_endings
        Endings (in key form, ة read as ه) of the words that are modifiers after a title.
    stopwords
        Normalized stopwords: a name after a title never contains one.
    splitter
        The clitic splitter every phrase and text of the call is split with.
    lexicons
        The lexicon set the tables come from.
    """

    aliases: pl.DataFrame
    titles: pl.DataFrame
    nisba_endings: tuple[str, ...]
    stopwords: frozenset[str]
    splitter: CliticSplitter
    lexicons: Lexicons


def alias_table(gazetteer: pl.DataFrame, splitter: CliticSplitter) -> pl.DataFrame:
    """The alias table (see :class:`EntityTables`) of an entities frame; the first entity to
    claim a key keeps it."""
    aliases = gazetteer.select("entity_id", pl.col("aliases").alias("alias")).explode("alias")
    keys = phrase_keys(aliases["alias"], splitter)
    return (
        aliases.with_columns(key=pl.Series(keys, dtype=pl.String))
        .filter(pl.col("key") != "")
        .unique("key", keep="first", maintain_order=True)
        .with_columns(n=pl.col("key").str.count_matches(" ") + 1)
        .join(
            gazetteer.select(pl.col("entity_id"), "name_en", "name_ar", "label", "party"),
            on="entity_id",
        )
    )


def _by_splitter(kind: str, paths: list, splitter: CliticSplitter, build):
    """``build(splitter)``, kept until one of ``paths`` changes or the splitter is another.

    The value holds the splitter, so its ``id`` cannot be reused while the value is kept."""
    value = cached((kind, id(splitter)), paths, lambda: (splitter, build(splitter)))
    return value[1]


def title_table(
    lexicons: Lexicons, splitter: CliticSplitter
) -> tuple[pl.DataFrame, tuple[str, ...]]:
    """The person titles (``title``, ``key``, ``n``, in file order, one row per key) and the
    nisba endings (key form) of a lexicon set's ``titles.csv``, split by ``splitter``."""
    path = lexicons.path("titles.csv")

    def build(splitter: CliticSplitter) -> tuple[pl.DataFrame, tuple[str, ...]]:
        rows = load_titles(path, lexicons=lexicons)
        titles = rows.filter(pl.col("kind") == "person_title")["title"]
        keys = phrase_keys(titles, splitter)
        table = (
            pl.DataFrame({"title": titles, "key": pl.Series(keys, dtype=pl.String)})
            .with_columns(n=pl.col("key").str.count_matches(" ") + 1)
            .unique("key", maintain_order=True)
        )
        endings = rows.filter(pl.col("kind") == "nisba_ending")["title"]
        return table, tuple(e.replace("ة", "ه") for e in endings)

    return _by_splitter("entity_titles", [path, lexicons.path("clitics.csv")], splitter, build)


def _file_aliases(path: str, lexicons: Lexicons, splitter: CliticSplitter) -> pl.DataFrame:
    parties = lexicons.path("parties.csv")

    def build(splitter: CliticSplitter) -> pl.DataFrame:
        return alias_table(load_entities(path, parties=parties), splitter)

    return _by_splitter("entity_aliases", [path, parties], splitter, build)


def entity_tables(
    gazetteer: pl.DataFrame | str | os.PathLike | None = None,
    lexicons: Lexicons | str | os.PathLike | None = None,
) -> EntityTables:
    """The tables of a gazetteer (an entities frame, a file, or by default the
    ``entities.csv`` of ``lexicons``) and of a lexicon set (the shipped files by default)."""
    lexicons = as_lexicons(lexicons)
    splitter = clitic_splitter(lexicons)
    if gazetteer is None or isinstance(gazetteer, (str, os.PathLike)):
        path = lexicons.path("entities.csv") if gazetteer is None else gazetteer
        aliases = _file_aliases(str(path), lexicons, splitter)
    else:
        aliases = alias_table(gazetteer, splitter)
    titles, endings = title_table(lexicons, splitter)
    return EntityTables(
        aliases=aliases,
        titles=titles,
        nisba_endings=endings,
        stopwords=stopwords(lexicons=lexicons),
        splitter=splitter,
        lexicons=lexicons,
    )
