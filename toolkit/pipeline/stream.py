"""The pipeline on a corpus on disk (:func:`analyze_path`, ``python -m toolkit analyze``).

A Parquet corpus is streamed (:mod:`toolkit.pipeline.inputs`); each batch's rows are written
as Parquet part files as it goes, and the parts are merged into the final tables at the end
(:func:`merge`), so that nothing grows with the corpus but a few numbers per compared figure.
Everything is written in the run's staging folder and moved into the output folder at the end
(:func:`toolkit.pipeline.results.results_output`).
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import polars as pl

from toolkit.figures import compare_in_chunks
from toolkit.lexicons import Lexicons
from toolkit.outputs import checkpoint
from toolkit.pipeline.batch import (
    COMPARED,
    DEFAULT_BATCH_SIZE,
    MAX_ARTICLE_BYTES,
    PER_ARTICLE_TABLES,
    TABLES,
    summarize,
    unpack,
)
from toolkit.pipeline.inputs import open_corpus
from toolkit.pipeline.report import make_report, peak_memory, write_markdown
from toolkit.pipeline.results import PARTS, part_files, results_output, write_part, write_table
from toolkit.pipeline.reuse import reused_lexicons
from toolkit.pipeline.runner import (
    Progress,
    batch_runner,
    check_batch_size,
    check_workers,
    fewer_malloc_arenas,
)
from toolkit.pipeline.snapshot import EXPLICIT_FILES, RunLexicons

__all__ = ["analyze_path", "merge", "run_inputs"]


def analyze_path(
    path: str | os.PathLike,
    out: str | os.PathLike,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    skip_bad: bool = False,
    gazetteer: str | os.PathLike | None = None,
    cues: str | os.PathLike | None = None,
    speakers: str | os.PathLike | None = None,
    lexicons: Lexicons | str | os.PathLike | None = None,
    progress: bool = False,
    workers: int = 1,
    compare_chunk_rows: int | None = None,
    on_batch: Callable[[int], object] | None = None,
    force: bool = False,
    text_column: str = "text",
    max_article_bytes: int | None = MAX_ARTICLE_BYTES,
) -> dict:
    """Run the pipeline on a corpus on disk and write every table to ``out``.

    A corpus of Parquet files is streamed (bounded memory, whatever its size); any other
    corpus (``.txt``, ``.md``, ``.jsonl``, ``.csv``, or a mix) is loaded with
    :func:`toolkit.load_articles` and processed in batches. Which files are read is the rule of
    :func:`toolkit.corpus.corpus_files`. ``out`` gets, for each table of :data:`TABLES`,
    ``<table>.parquet`` and ``<table>.csv``, and the run report ``run_report.json`` /
    ``run_report.md`` (counts, problems found in the input, files not read and why, toolkit
    version, the lexicons' checksums). Returns the report.

    The run writes into a staging folder of its own inside ``out`` (``.run-<id>/``) and moves
    its files into place only when every table and the report are written; ``run_report.json``
    comes last, with ``"complete": true`` and each file's size and SHA-256
    (:class:`toolkit.outputs.StagedOutput`). A run that fails or is stopped leaves ``out`` as
    it was. A lock in ``out`` stops a second run into it while one goes on.

    Parameters
    ----------
    path, out
        The corpus (a file or a folder) and the output folder (created if missing). ``out``
        must be new, empty or a folder of earlier results (see ``force``), must not be or
        contain the corpus or lie inside it, and no file it gets may be an input of the run
        (a lexicon file): :class:`toolkit.outputs.OutputError` otherwise.
    batch_size
        Articles per batch; smaller uses less memory, the results are the same.
    skip_bad
        Leave out bad files and articles (listed in the report) instead of raising
        :class:`InputError`.
    gazetteer, cues, speakers
        The entity, stance cue and speaker files (CSV paths) to use instead of those of
        ``lexicons``.
    lexicons
        The set of lexicon files: a :class:`toolkit.lexicons.Lexicons` or a folder of edited
        copies (files missing there come from the shipped set); ``None``: the shipped files.
        Every file is copied when the run starts; every batch and worker reads the copies,
        and the report records their SHA-256: an edit made while the run goes on is not used.
    progress
        Show a progress bar.
    workers
        A corpus of more than one batch is processed in ``workers`` worker processes (one
        batch each at a time, so memory grows with them: each holds about what one batch
        needs), and this process merges their parts; with one worker, its memory is given
        back before the merge.
    compare_chunk_rows
        Figures compared at a time in the merge (:func:`toolkit.figures.compare_in_chunks`'s
        ``chunk_rows``; by default its own); the result does not depend on it.
    on_batch
        Called after each batch with the number of articles analyzed so far.
    force
        Write into an ``out`` that holds other files (not earlier results): the results go
        beside them. Even so, no file the toolkit did not write is written over or deleted.
    text_column
        The column (or JSON field) of the text in table files (:func:`toolkit.load_articles`).
    max_article_bytes
        The most text one article may have (one article is never cut, and the stages hold
        about 40 times its text at once): a longer one is a problem that names it (``None``:
        no limit).

    Examples
    --------
    >>> import tempfile
    >>> report = analyze_path("data/practice", tempfile.mkdtemp())
    >>> report["mode"], report["articles"], report["tables"]["entities"] > 0, report["complete"]
    ('loaded in memory', 23, True, True)
    >>> [(Path(s["path"]).name, s["reason"]) for s in report["skipped"]]
    [('README.md', 'documentation, not an article (README or LICENSE file)')]
    """
    check_batch_size(batch_size)
    check_workers(workers)
    fewer_malloc_arenas()
    path, out = Path(path), Path(out)
    started = time.perf_counter()
    files = {"gazetteer": gazetteer, "cues": cues, "speakers": speakers, "lexicons": lexicons}
    with reused_lexicons(**files) as run:
        target = results_output(out, corpus=path, inputs=run_inputs(run), force=force)
        corpus = open_corpus(
            path,
            batch_size=batch_size,
            skip_bad=skip_bad,
            text_column=text_column,
            max_article_bytes=max_article_bytes,
        )
        with target as stage:
            report = _run(
                corpus,
                stage,
                run,
                batch_size=batch_size,
                workers=workers,
                progress=progress,
                on_batch=on_batch,
                compare_chunk_rows=compare_chunk_rows,
            )
            report = make_report(
                lexicons=run,
                output=out,
                path=path,
                mode=corpus.mode,
                problems=corpus.problems,
                skipped=corpus.skipped,
                skip_bad=skip_bad,
                batch_size=batch_size,
                text_column=text_column,
                max_article_bytes=max_article_bytes,
                seconds=time.perf_counter() - started,
                **report,
            )
            write_markdown(stage.path, report)
            return stage.commit(report)


def run_inputs(run: RunLexicons) -> dict[str, str]:
    """The lexicon files a run reads, each with how it was given (for the messages of
    :func:`~toolkit.pipeline.results.check_paths`)."""
    options = {EXPLICIT_FILES[option]: f"--{option}" for option in run.explicit}
    return {
        source: options.get(name, f"the lexicon file {name}")
        for name, source in run.sources.items()
    }


def _run(corpus, stage, run: RunLexicons, *, batch_size, workers, progress, on_batch,
         compare_chunk_rows) -> dict:  # fmt: skip
    """The batches and the merge of one run, into ``stage``; the report's numbers."""
    parts = stage.scratch / PARTS
    partials: dict[str, list[pl.DataFrame]] = {}
    text_bytes = index = 0
    shown = Progress(corpus.articles, progress, on_batch)
    # More than one batch: the batches run in worker processes (one by default), so that
    # the memory they leave behind is given back before the parts are merged and the
    # figures compared here.
    single = corpus.articles <= batch_size
    options = run.stage_options()
    with batch_runner(workers, options, compare=True, in_process=single) as run_batches:
        for index, tables in enumerate(run_batches(corpus.batches)):
            counted, tables = unpack(tables, partials)
            for name, frame in tables.items():
                write_part(parts, name, index, frame)
            text_bytes += int(counted["bytes"].sum())
            shown.update(counted.height)
            del tables
            checkpoint(f"batch {index}")
    shown.close()
    # the batches' memory: this process's peak so far, plus each worker's (they ended)
    batch_memory = peak_memory() + peak_memory(workers=True) * (0 if single else workers)
    tables = merge(parts, stage.path, partials, chunk_rows=compare_chunk_rows)
    shutil.rmtree(parts, ignore_errors=True)
    return {
        "articles": shown.done,
        "text_bytes": text_bytes,
        "batches": index + 1,
        "tables": tables,
        "peak_memory": max(batch_memory, peak_memory()),
    }


def merge(
    parts: Path, out: Path, partials: dict[str, list], *, chunk_rows: int | None = None
) -> dict[str, int]:
    """Join the part files into the final tables and write the corpus-wide ones; return the
    rows of each table.

    Nothing grows with the corpus but a few numbers per compared figure: the figures are
    compared from their parts ``chunk_rows`` at a time (:func:`toolkit.figures.compare_in_chunks`),
    and mentions and claims are summed batch by batch through ``partials``.

    Examples
    --------
    >>> import tempfile
    >>> from toolkit.pipeline.batch import batch_tables
    >>> batch = pl.DataFrame({"article_id": ["a"], "text": ["قال الرئيس جو بايدن إن 300 جندي سيبقون."]})
    >>> out, partials = Path(tempfile.mkdtemp()), {}
    >>> counted, tables = unpack(batch_tables(batch, compare=True), partials)
    >>> for name, frame in tables.items():
    ...     write_part(out / PARTS, name, 0, frame)
    >>> merge(out / PARTS, out, partials)["entities"]
    1
    """
    counts: dict[str, int] = {}
    for name in PER_ARTICLE_TABLES:
        counts[name] = write_table(part_files(parts, name), out, name)
        checkpoint(f"table {name}")
    rows = pl.scan_parquet(part_files(parts, COMPARED))
    for index, chunk in enumerate(compare_in_chunks(rows, chunk_rows=chunk_rows)):
        write_part(parts, "figure_comparison", index, chunk)
        del chunk  # before the next one is computed
    comparison = part_files(parts, "figure_comparison")
    counts["figure_comparison"] = write_table(comparison, out, "figure_comparison")
    checkpoint("table figure_comparison")
    for name, frame in summarize({}, partials=partials).items():
        counts[name] = write_table(frame, out, name)
        checkpoint(f"table {name}")
    return {name: counts[name] for name in TABLES if name in counts}
