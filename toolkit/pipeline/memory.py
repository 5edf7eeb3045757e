"""The pipeline on a frame of articles in memory (:func:`analyze`), batch by batch."""

from __future__ import annotations

import os
from collections.abc import Callable

import polars as pl

from toolkit.lexicons import Lexicons
from toolkit.pipeline.batch import (
    DEFAULT_BATCH_SIZE,
    MAX_ARTICLE_BYTES,
    TABLES,
    batch_partials,
    batches,
    metadata,
    process_batch,
    summarize,
    unpack,
)
from toolkit.pipeline.inputs import InputError, describe, too_large
from toolkit.pipeline.reuse import reused_lexicons
from toolkit.pipeline.runner import (
    Progress,
    batch_runner,
    check_batch_size,
    fewer_malloc_arenas,
    trim_malloc,
)
from toolkit.workers import PARALLEL_BYTES, default_workers

__all__ = ["analyze"]


def analyze(
    articles: pl.DataFrame,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    gazetteer: str | os.PathLike | None = None,
    cues: str | os.PathLike | None = None,
    speakers: str | os.PathLike | None = None,
    lexicons: Lexicons | str | os.PathLike | None = None,
    progress: bool = False,
    workers: int | None = None,
    on_batch: Callable[[int], object] | None = None,
    max_article_bytes: int | None = MAX_ARTICLE_BYTES,
) -> dict[str, pl.DataFrame]:
    """Run the whole pipeline on a frame of articles; return every table as a frame.

    Parameters
    ----------
    articles
        A frame with ``article_id`` and ``text`` (and, for ``figure_comparison``, any of
        ``title``, ``source``, ``published``).
    batch_size
        Articles per batch: the intermediate token tables stay small; the result does not
        depend on it.
    gazetteer, cues, speakers
        The entity, stance cue and speaker files (CSV paths) to use instead of those of
        ``lexicons``.
    lexicons
        The set of lexicon files: a :class:`toolkit.lexicons.Lexicons` or a folder of edited
        copies (files missing there come from the shipped set); ``None``: the shipped files.
        Every file is copied when the run starts, and every batch reads the copies, so an
        edit made while the run goes on is not seen by any of its batches.
    progress
        Show a progress bar.
    workers
        Processes that run the batches side by side (:class:`toolkit.workers.BatchWorkers`);
        by default one per core when the corpus has more than :data:`PARALLEL_BYTES` of text
        and more than one batch, else the batches run in this process. The result does not
        depend on it.
    on_batch
        Called after each batch with the number of articles analyzed so far.
    max_article_bytes
        The most text one article may have (``None``: no limit): the stages hold about 40
        times an article's text at once, whatever the batch size, so a longer article raises
        :class:`~toolkit.pipeline.InputError` naming it, before anything runs.

    Returns
    -------
    dict
        Every table of :data:`~toolkit.pipeline.TABLES`, by name.

    Examples
    --------
    >>> import toolkit as tk
    >>> from toolkit.pipeline import analyze
    >>> tables = analyze(tk.load_articles("data/articles"))
    >>> tables["entities"].height > 0
    True
    """
    check_batch_size(batch_size)
    if max_article_bytes is not None and articles.height:
        size = pl.col("text").str.len_bytes()
        large = articles.filter(size > max_article_bytes).select("article_id", size)
        if large.height:
            problems = [
                {"path": "<frame>", "line": None, "reason": too_large(n, max_article_bytes, str(a))}
                for a, n in large.iter_rows()
            ]
            raise InputError(
                f"{len(problems)} article(s) too large to analyze:\n{describe(problems)}", problems
            )
    if workers is None:
        large = articles.height > batch_size and (
            articles["text"].str.len_bytes().sum() > PARALLEL_BYTES
        )
        workers = default_workers() if large else 1
    parts: dict[str, list[pl.DataFrame]] = {}
    partials: dict[str, list[pl.DataFrame]] = {}
    files = {"gazetteer": gazetteer, "cues": cues, "speakers": speakers, "lexicons": lexicons}
    fewer_malloc_arenas()  # freed batches are not left spread over one arena per thread
    with reused_lexicons(**files) as run:
        options = run.stage_options()
        shown = Progress(articles.height, progress, on_batch)
        with batch_runner(workers, options, compare=False) as run_batches:
            for tables in run_batches(batches(articles, batch_size)):
                counted, tables = unpack(tables, partials)
                for name, frame in tables.items():
                    parts.setdefault(name, []).append(frame)
                if workers == 1:  # this process ran the batch: return its freed memory
                    trim_malloc()
                shown.update(counted.height)
        shown.close()
        if not parts:  # no articles: run once on nothing to get the right columns
            result = process_batch(articles.clear(), **options)
            parts = {name: [frame] for name, frame in result.items()}
            partials = {name: [frame] for name, frame in batch_partials(result).items()}
    tables = {name: pl.concat(frames, how="vertical_relaxed") for name, frames in parts.items()}
    tables |= summarize(tables, articles=metadata(articles), partials=partials)
    return {name: tables[name] for name in TABLES if name in tables}
