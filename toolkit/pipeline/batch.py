"""One batch of articles through every per-article stage, and the corpus-wide tables added up
from the batches.

Every per-article stage is a pure function of a batch: an article's rows never depend on the
other articles in its batch. :func:`process_batch` runs the stages on one batch;
:func:`batch_partials` keeps the small pieces that the corpus-wide tables add up from (every
article is in exactly one batch), and :func:`summarize` adds them up. :func:`batch_tables` is
what a run keeps of one batch (the target of the worker processes).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator

import polars as pl

from toolkit.corpus import published_date
from toolkit.entities import MENTION_SCHEMA, entity_frequency, extract_entities
from toolkit.figures import FIGURE_SCHEMA, comparable_figures, compare_figures, extract_figures
from toolkit.lexicons import Lexicons, as_lexicons
from toolkit.pipeline.snapshot import CUES_FILE
from toolkit.stance import (
    CLAIM_SCHEMA,
    classify_stance,
    combine_party_stance,
    party_stance_partial,
)

__all__ = [
    "AGGREGATE_TABLES",
    "COMPARED_KIND",
    "DEFAULT_BATCH_SIZE",
    "MAX_ARTICLE_BYTES",
    "META_COLUMNS",
    "PER_ARTICLE_TABLES",
    "TABLES",
    "batch_partials",
    "batch_tables",
    "metadata",
    "process_batch",
    "summarize",
]

#: Tables with one row per finding, each a pure function of one article.
PER_ARTICLE_TABLES = ("entities", "figures", "stance_claims")
#: Articles per call of :func:`toolkit.extract_entities` within a batch (memory, not output).
ENTITY_SLICE = 500
#: Corpus-wide tables, computed from the per-article ones.
AGGREGATE_TABLES = ("entity_frequency", "figure_comparison", "party_stance")
#: Every table the pipeline writes, in the order of the run report.
TABLES = (
    "entities",
    "entity_frequency",
    "figures",
    "figure_comparison",
    "stance_claims",
    "party_stance",
)
#: The kind of figure compared across articles in ``figure_comparison``.
COMPARED_KIND = "troops"
#: Articles per batch when nothing else is said (about 8 MB of news text).
DEFAULT_BATCH_SIZE = 2000
#: The most text one article may have by default (bytes): the stages hold about 40 times an
#: article's text at once, so this one takes about 1 GB.
MAX_ARTICLE_BYTES = 25_000_000
#: Article metadata kept for the corpus-wide tables (never the text).
META_COLUMNS = ("article_id", "title", "source", "published", "synthetic")

COMPARED = "compared_figures"  # a batch's rows of comparable_figures, compared at the end
PARTIAL = "partial:"  # the batch_partials among a batch's tables
ARTICLES = "articles"  # each batch's article count and text size, for the progress and report

_FREQUENCY_KEYS = ["entity", "name_ar", "name_en", "label", "party"]


def _conform(frame: pl.DataFrame, schema: dict | None) -> pl.DataFrame:
    """Give ``frame`` the declared column types, so that every batch's part has one schema."""
    if not schema:
        return frame
    casts = {c: t for c, t in schema.items() if c in frame.columns and frame.schema[c] != t}
    return frame.cast(casts) if casts else frame


def _stage_files(gazetteer, cues, speakers, lexicons) -> tuple:
    """The entity, cue and speaker files: those given, else the set's (``None``: shipped)."""
    if lexicons is None:
        return gazetteer, cues, speakers
    chosen: Lexicons = as_lexicons(lexicons)
    return (
        gazetteer or str(chosen.path("entities.csv")),
        cues or str(chosen.path(CUES_FILE)),
        speakers or str(chosen.path("speakers.csv")),
    )


def process_batch(
    articles: pl.DataFrame,
    *,
    gazetteer: str | os.PathLike | None = None,
    cues: str | os.PathLike | None = None,
    speakers: str | os.PathLike | None = None,
    lexicons: Lexicons | str | os.PathLike | None = None,
    stance_workers: int | None = None,
) -> dict[str, pl.DataFrame]:
    """Run the per-article stages on one batch of articles (``article_id`` and ``text``).

    Parameters
    ----------
    articles
        The batch: a frame with ``article_id`` and ``text``.
    gazetteer, cues, speakers
        The entity, stance cue and speaker files (paths); by default those of ``lexicons``.
    lexicons
        The set of every other lexicon file (a :class:`toolkit.lexicons.Lexicons` or a folder
        of edited copies; ``None``: the shipped files).
    stance_workers
        Passed to :func:`toolkit.stance.classify_stance` as ``workers``.

    Returns
    -------
    dict
        ``{"entities": …, "figures": …, "stance_claims": …}``, each frame in article order,
        then text order.

    Examples
    --------
    >>> import polars as pl
    >>> batch = pl.DataFrame({"article_id": ["a"], "text": ["قال الرئيس جو بايدن إن 300 جندي سيبقون."]})
    >>> sorted(process_batch(batch))
    ['entities', 'figures', 'stance_claims']
    """
    gazetteer, cues, speakers = _stage_files(gazetteer, cues, speakers, lexicons)
    batch = articles.select("article_id", "text")
    # entities hold about 30 times their text at their peak (code-point arrays, candidates):
    # run them on slices of the batch, which gives the same rows (an article's mentions
    # depend on that article alone) with a quarter of the batch's peak
    mentions = pl.concat(
        [
            extract_entities(
                batch.slice(start, ENTITY_SLICE), gazetteer=gazetteer, lexicons=lexicons
            )
            for start in range(0, max(batch.height, 1), ENTITY_SLICE)
        ],
        how="vertical_relaxed",
    )
    figures = extract_figures(batch, mentions=mentions, gazetteer=gazetteer, lexicons=lexicons)
    return {
        "entities": _conform(mentions, MENTION_SCHEMA),
        "figures": _conform(figures, FIGURE_SCHEMA),
        # speakers are matched with the same gazetteer as the mentions
        "stance_claims": _conform(
            classify_stance(
                batch,
                gazetteer=gazetteer,
                cues=cues,
                speakers=speakers,
                lexicons=lexicons,
                workers=stance_workers,
            ),
            CLAIM_SCHEMA,
        ),
    }


# --------------------------------------------------------------------------------------------
# Corpus-wide tables
# --------------------------------------------------------------------------------------------


def _total_order(frame: pl.DataFrame, leading: list[str], descending: list[bool]) -> pl.DataFrame:
    """Sort by ``leading`` and then by every other column, so ties come out the same way
    whichever way the rows were computed (in memory, streamed, or on a cluster)."""
    nested = (pl.List, pl.Struct, pl.Array)
    rest = [
        c for c in frame.columns if c not in leading and not isinstance(frame.schema[c], nested)
    ]
    return frame.sort(
        [*leading, *rest],
        descending=[*descending, *([False] * len(rest))],
        nulls_last=True,
        maintain_order=True,
    )


def _entity_frequency_partial(mentions: pl.DataFrame) -> pl.DataFrame:
    """Counts of one batch: ``mentions`` and ``documents`` add up across batches, because
    every article is in exactly one batch."""
    return entity_frequency(mentions) if mentions.height else _empty_frequency()


def _empty_frequency() -> pl.DataFrame:
    schema = {k: pl.String for k in _FREQUENCY_KEYS}
    return pl.DataFrame(schema={**schema, "mentions": pl.UInt32, "documents": pl.UInt32})


def _combine_frequency(partials: Iterable[pl.DataFrame | pl.LazyFrame]) -> pl.DataFrame:
    frames = [p.lazy() for p in partials]
    if not frames:
        return _empty_frequency()
    combined = (
        pl.concat(frames, how="vertical_relaxed")
        .group_by(_FREQUENCY_KEYS)
        .agg(pl.col("mentions").sum().cast(pl.UInt32), pl.col("documents").sum().cast(pl.UInt32))
        .collect()
    )
    return _total_order(combined, ["mentions", "entity"], [True, False])


def batch_partials(result: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """The small per-batch pieces that the corpus-wide tables add up from: entity counts and
    :func:`toolkit.stance.party_stance_partial`. Every article is in exactly one batch, so
    the pieces of all batches give the same tables as the whole corpus at once.

    Examples
    --------
    >>> import polars as pl
    >>> batch = pl.DataFrame({"article_id": ["a"], "text": ["قال الرئيس جو بايدن إن 300 جندي سيبقون."]})
    >>> sorted(batch_partials(process_batch(batch)))
    ['entity_frequency', 'party_stance']
    """
    out = {}
    if "entities" in result:
        out["entity_frequency"] = _entity_frequency_partial(result["entities"])
    if "stance_claims" in result:
        out["party_stance"] = party_stance_partial(result["stance_claims"])
    return {name: _own_copy(frame) for name, frame in out.items()}


def _own_copy(frame: pl.DataFrame) -> pl.DataFrame:
    """A copy of a small frame that shares no buffer with the frames it was computed from.

    A few strings picked out of a batch's rows (an evidence sentence) can keep the whole
    batch's string buffers alive; kept over hundreds of batches, that grew a streamed run's
    memory by about 10 MB per batch.
    """
    return pl.DataFrame(frame.to_dict(as_series=False), schema=frame.schema)


def summarize(
    tables: dict[str, pl.DataFrame],
    *,
    articles: pl.DataFrame | None = None,
    partials: dict[str, list[pl.DataFrame]] | None = None,
) -> dict[str, pl.DataFrame]:
    """The corpus-wide tables from the per-article ones.

    ``articles`` is the article metadata (``article_id``, ``source``, ``published`` …), used by
    :func:`toolkit.figures.compare_figures`; ``partials`` the :func:`batch_partials` of every
    batch (the streaming path adds them up instead of holding every mention and claim).

    Examples
    --------
    >>> import polars as pl
    >>> batch = pl.DataFrame({"article_id": ["a"], "text": ["قال الرئيس جو بايدن إن 300 جندي سيبقون."]})
    >>> sorted(summarize(process_batch(batch)))
    ['entity_frequency', 'figure_comparison', 'party_stance']
    """
    if partials is None:
        partials = {}
        for name, frame in batch_partials(tables).items():
            partials[name] = [frame]
    out: dict[str, pl.DataFrame] = {}
    if "entity_frequency" in partials:
        out["entity_frequency"] = _combine_frequency(partials["entity_frequency"])
    if "figures" in tables:
        out["figure_comparison"] = compare_figures(
            tables["figures"], kind=COMPARED_KIND, articles=articles
        )
    if "party_stance" in partials:
        out["party_stance"] = combine_party_stance(partials["party_stance"])
    return out


def metadata(articles: pl.DataFrame) -> pl.DataFrame:
    """The :data:`META_COLUMNS` the articles have, ``published`` as a date.

    Examples
    --------
    >>> articles = pl.DataFrame({"article_id": ["a"], "text": ["…"], "published": ["2021-01-02T10:00"]})
    >>> metadata(articles).row(0)
    ('a', datetime.date(2021, 1, 2))
    """
    columns = [c for c in META_COLUMNS if c in articles.columns]
    frame = articles.select(columns)
    if "published" in frame.columns:
        frame = frame.with_columns(published_date(pl.col("published"), frame.schema["published"]))
    return frame


def comparable(figures: pl.DataFrame, articles: pl.DataFrame) -> pl.DataFrame:
    """A batch's rows of ``figure_comparison`` before the comparison (all read within one
    article: metadata, intervals, derived totals).

    Examples
    --------
    >>> batch = pl.DataFrame({"article_id": ["a"], "text": ["قال مسؤول إن 2500 جندي أمريكي سيبقون."]})
    >>> comparable(process_batch(batch)["figures"], batch)["value"].to_list()
    [2500.0]
    """
    return comparable_figures(figures, kind=COMPARED_KIND, articles=metadata(articles))


# --------------------------------------------------------------------------------------------
# What a run keeps of one batch
# --------------------------------------------------------------------------------------------


def batch_tables(
    batch: pl.DataFrame,
    *,
    gazetteer: str | None = None,
    cues: str | None = None,
    speakers: str | None = None,
    lexicons: str | None = None,
    compare: bool = False,
    stance_workers: int | None = None,
) -> dict[str, pl.DataFrame]:
    """Everything a run keeps of one batch: the per-article tables, their
    :func:`batch_partials` (names prefixed ``partial:``), with ``compare`` the batch's rows of
    :func:`toolkit.figures.comparable_figures`, and the batch's article sizes (``articles``).

    The function the worker processes run (:class:`toolkit.workers.BatchWorkers` target
    ``"toolkit.pipeline.batch:batch_tables"``); the lexicon options are paths, as JSON holds.

    Examples
    --------
    >>> batch = pl.DataFrame({"article_id": ["a"], "text": ["قال الرئيس جو بايدن إن 300 جندي سيبقون."]})
    >>> sorted(batch_tables(batch, compare=True))  # doctest: +NORMALIZE_WHITESPACE
    ['articles', 'compared_figures', 'entities', 'figures', 'partial:entity_frequency',
     'partial:party_stance', 'stance_claims']
    """
    result = process_batch(
        batch,
        gazetteer=gazetteer,
        cues=cues,
        speakers=speakers,
        lexicons=lexicons,
        stance_workers=stance_workers,
    )
    tables = dict(result)
    if compare:
        tables[COMPARED] = comparable(result["figures"], batch)
    for name, frame in batch_partials(result).items():
        tables[PARTIAL + name] = frame
    tables[ARTICLES] = batch.select("article_id", bytes=pl.col("text").str.len_bytes())
    return tables


def unpack(
    tables: dict[str, pl.DataFrame], partials: dict[str, list[pl.DataFrame]]
) -> tuple[pl.DataFrame, dict[str, pl.DataFrame]]:
    """A batch's :func:`batch_tables` taken apart: its partials appended to ``partials``;
    returns its article sizes and its other tables.

    Examples
    --------
    >>> batch = pl.DataFrame({"article_id": ["a"], "text": ["قال الرئيس جو بايدن إن 300 جندي سيبقون."]})
    >>> partials = {}
    >>> counted, tables = unpack(batch_tables(batch), partials)
    >>> counted.row(0), sorted(tables), sorted(partials)
    (('a', 67), ['entities', 'figures', 'stance_claims'], ['entity_frequency', 'party_stance'])
    """
    rest = {}
    for name, frame in tables.items():
        if name.startswith(PARTIAL):
            partials.setdefault(name.removeprefix(PARTIAL), []).append(frame)
        elif name != ARTICLES:
            rest[name] = frame
    return tables[ARTICLES], rest


def batches(articles: pl.DataFrame, batch_size: int) -> Iterator[pl.DataFrame]:
    """The frame ``batch_size`` rows at a time.

    Examples
    --------
    >>> [batch.height for batch in batches(pl.DataFrame({"x": range(5)}), 2)]
    [2, 2, 1]
    """
    for offset in range(0, articles.height, batch_size):
        yield articles.slice(offset, batch_size)
