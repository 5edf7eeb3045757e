"""The reference path: mentions found on the full clitic token stream.

The rules are written once, here and in :mod:`toolkit.entities.stream` and
:mod:`toolkit.entities.patterns`: the gazetteer's aliases are matched on the stream (longest
first), then names are proposed after titles. :func:`extract_entities_reference` is the frame
that :func:`toolkit.entities.extract_entities` (the fast path) must equal; the fast path also
hands it the articles it cannot follow exactly.
"""

from __future__ import annotations

import os

import polars as pl

from toolkit.entities.mentions import as_candidates, extract_with, select_mentions
from toolkit.entities.patterns import as_pattern, pattern_mentions
from toolkit.entities.spelling import respelled_matches, respelled_stream
from toolkit.entities.stream import match, spans, stream
from toolkit.entities.tables import EntityTables
from toolkit.lexicons import Lexicons

__all__ = ["extract_entities_reference", "reference_mentions"]


def reference_mentions(
    articles: pl.DataFrame, tables: EntityTables, patterns: bool, *, dated: bool = False
) -> pl.DataFrame:
    """Mentions (in :data:`~toolkit.entities.mentions.PRE_SCHEMA`, without ``surface``) found
    on the clitic token stream of ``articles`` (``article_id`` and ``text`` as strings): the
    gazetteer's aliases (typos respelled, :mod:`toolkit.entities.spelling`), the names after
    titles and the candidate phrases (short forms, and office titles when ``dated``)."""
    pieces = respelled_stream(
        articles, stream(articles, tables.splitter, words=True), tables.spelling
    )
    matches = spans(pieces, respelled_matches(pieces, match(pieces, tables.aliases)))
    frames = [matches.rename({"entity_id": "entity"})]
    if patterns:
        proposed = pattern_mentions(pieces, matches, tables)
        if proposed:
            rows = pl.DataFrame(proposed, schema={"row": pl.Int64, "n": pl.Int64})
            frames.append(as_pattern(spans(pieces, rows)))
    phrases = tables.candidates(dated)
    if phrases.height:
        frames.append(as_candidates(spans(pieces, match(pieces, phrases))))
    return select_mentions(frames)


def extract_entities_reference(
    articles: pl.DataFrame | pl.LazyFrame,
    *,
    gazetteer: pl.DataFrame | str | os.PathLike | None = None,
    lexicons: Lexicons | str | os.PathLike | None = None,
    patterns: bool = True,
) -> pl.DataFrame:
    """:func:`toolkit.entities.extract_entities` computed on the full clitic token stream.

    The reference the fast path is tested against (``tests/entities/test_fast.py``): same
    arguments, same frame, only slower.

    Examples
    --------
    >>> import polars as pl
    >>> df = pl.DataFrame({"article_id": ["a"], "text": ["وقال الأمين العام للناتو إن إيران"]})
    >>> extract_entities_reference(df).select("surface", "entity", "label").rows()
    [('ناتو', 'nato', 'ORG'), ('إيران', 'iran', 'GPE')]
    """
    return extract_with(
        reference_mentions, articles, gazetteer=gazetteer, lexicons=lexicons, patterns=patterns
    )
