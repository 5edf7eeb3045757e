"""``extract_entities``: the named-entity mentions of articles, on the fast path.

The mentions are those of :func:`toolkit.entities.reference.extract_entities_reference` (the
rules written once on the clitic token stream), computed by :mod:`toolkit.entities.fast`; the
steps of a call (tables, mentions, finishing, later sources) are in
:mod:`toolkit.entities.mentions`.
"""

from __future__ import annotations

import os

import polars as pl

from toolkit.entities.fast import FastPath, fast_mentions
from toolkit.entities.found import MENTION_SCHEMA
from toolkit.entities.mentions import extract_with
from toolkit.lexicons import Lexicons

__all__ = ["MENTION_SCHEMA", "FastPath", "extract_entities"]


def extract_entities(
    articles: pl.DataFrame | pl.LazyFrame,
    *,
    gazetteer: pl.DataFrame | str | os.PathLike | None = None,
    lexicons: Lexicons | str | os.PathLike | None = None,
    patterns: bool = True,
    fast: FastPath | None = None,
) -> pl.DataFrame:
    """Find the named-entity mentions in articles.

    Parameters
    ----------
    articles
        Articles: any frame with ``article_id`` and ``text``; with a ``published`` column (a
        date, a datetime or an ISO date string), bare office titles are resolved to the person
        in office that day.
    gazetteer
        An entities frame (as from :func:`toolkit.lexicons.load_entities`) or the path of an
        entities CSV; by default the ``entities.csv`` of ``lexicons`` (the shipped gazetteer).
    lexicons
        The set of the other lexicon files (a :class:`toolkit.lexicons.Lexicons`, a folder
        of edited copies, or ``None`` for the shipped files): ``clitics.csv`` (how words are
        split), ``titles.csv`` (the titles before proposed names), ``stopwords.csv`` and
        ``parties.csv`` (what a gazetteer file's parties must be). An edited file is used by
        the next call.
    patterns
        Also propose PERSON names that follow a title (الرئيس X، وزير الدفاع X، الجنرال X …)
        and are not in the gazetteer; they come out with ``method="pattern"``.
    fast
        How the fast path runs (chunk size, threads, a hook told of the articles handed to
        the reference); the mentions do not depend on it.

    Returns
    -------
    polars.DataFrame
        One row per mention: ``article_id``, ``sentence_id``, ``start``, ``end`` (offsets
        into ``text``), ``surface`` (``text[start:end]``), ``entity`` (the canonical id),
        ``name_en``, ``name_ar``, ``label``, ``party`` and ``method`` (how it was found:
        ``lexicon``; ``spelling``, a typo or a lost space; ``pattern``, a name after a title;
        ``coreference``, a short form of the entity named before it; ``office``, a bare title
        on the article's date; ``institution``, a university or institute named by its
        place), in text order.

    Examples
    --------
    >>> import polars as pl
    >>> df = pl.DataFrame({"article_id": ["a"], "text": ["وقال الأمين العام للناتو إن إيران"]})
    >>> extract_entities(df).select("surface", "entity", "label").rows()
    [('ناتو', 'nato', 'ORG'), ('إيران', 'iran', 'GPE')]
    """
    return extract_with(
        fast_mentions,
        articles,
        gazetteer=gazetteer,
        lexicons=lexicons,
        patterns=patterns,
        settings=fast,
    )
