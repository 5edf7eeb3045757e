"""The whole pipeline over a corpus, in batches: entities, figures, stance, and their summaries.

Every per-article stage (:func:`toolkit.extract_entities`, :func:`toolkit.figures.extract_figures`,
:func:`toolkit.stance.classify_stance`) is a pure function of a batch of articles: an article's
rows never depend on the other articles in its batch. So a corpus can be cut into batches, each
batch processed on its own (here, in a later process, or on another machine), and the rows put
back together in article order; the corpus-wide tables (``entity_frequency``,
``figure_comparison``, ``party_stance``) are then computed from those rows.

Three ways to run it, with identical results:

* :func:`analyze` — a frame of articles in memory, processed batch by batch;
* :func:`analyze_path` — a corpus on disk; a Parquet corpus is *streamed* (read in batches with
  polars' streaming engine, outputs written as Parquet part files as it goes), so a corpus far
  larger than memory runs with bounded memory. Other formats are loaded with
  :func:`toolkit.load_articles` first. ``python -m toolkit analyze`` calls this.
* :func:`analyze_dask` — a Parquet corpus through ``dask.dataframe.map_partitions`` on a Dask
  cluster (the optional ``scale`` extra); see ``benchmarks/README.md``.

Every run takes ``gazetteer=``, ``cues=``, ``speakers=`` (files) and ``lexicons=`` (a set of
lexicon files) and copies them when it starts (:mod:`toolkit.pipeline.snapshot`): all its
batches and workers read the same bytes, whatever is edited while it runs.

A run on disk writes its output folder whole or not at all (:class:`toolkit.outputs.StagedOutput`):
everything goes into a staging folder of its own and is moved in at the end, ``run_report.json``
last with ``"complete": true`` and each file's SHA-256; a lock stops a second run into the same
folder, and ``--out`` is checked against the input and the lexicon files first
(:func:`~toolkit.pipeline.results.results_output`). :func:`read_results` reads an output
folder back as a dict of frames, for the notebooks, once its files match the report
(:class:`ResultsError` otherwise). Every CSV goes through :func:`toolkit.outputs.write_csv`.

Modules: :mod:`~toolkit.pipeline.batch` (one batch; partials and summaries),
:mod:`~toolkit.pipeline.snapshot` (the run's lexicons; :mod:`~toolkit.pipeline.reuse`
reuses the folder of the same bytes), :mod:`~toolkit.pipeline.runner` (batches
in this process or in workers), :mod:`~toolkit.pipeline.memory` (:func:`analyze`),
:mod:`~toolkit.pipeline.inputs` (a corpus on disk in batches), :mod:`~toolkit.pipeline.stream`
(:func:`analyze_path`, the merge), :mod:`~toolkit.pipeline.results` (the tables on disk, the
output folder, :func:`read_results`),
:mod:`~toolkit.pipeline.report` (the run report), :mod:`~toolkit.pipeline.dask`
(:func:`analyze_dask`).
"""

from toolkit.pipeline.batch import (
    AGGREGATE_TABLES,
    COMPARED_KIND,
    DEFAULT_BATCH_SIZE,
    META_COLUMNS,
    PER_ARTICLE_TABLES,
    TABLES,
    batch_partials,
    process_batch,
    summarize,
)
from toolkit.pipeline.dask import analyze_dask
from toolkit.pipeline.inputs import InputError
from toolkit.pipeline.memory import analyze
from toolkit.pipeline.report import lexicon_checksums, peak_memory
from toolkit.pipeline.results import ResultsError, read_results
from toolkit.pipeline.snapshot import RunLexicons, take_snapshot
from toolkit.pipeline.stream import analyze_path

__all__ = [
    "AGGREGATE_TABLES",
    "COMPARED_KIND",
    "DEFAULT_BATCH_SIZE",
    "META_COLUMNS",
    "PER_ARTICLE_TABLES",
    "TABLES",
    "InputError",
    "ResultsError",
    "RunLexicons",
    "analyze",
    "analyze_dask",
    "analyze_path",
    "batch_partials",
    "lexicon_checksums",
    "peak_memory",
    "process_batch",
    "read_results",
    "summarize",
    "take_snapshot",
]
