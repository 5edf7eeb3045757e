"""Past one machine: the pipeline on a Parquet corpus through Dask (:func:`analyze_dask`).

``dask.dataframe.read_parquet`` → ``map_partitions`` (each partition goes to polars through
Arrow, through :func:`~toolkit.pipeline.process_batch`, and back) → ``to_parquet``, one part
file per partition; the corpus-wide tables are then computed from those parts here. The
lexicon snapshot travels with the tasks as bytes (a cluster's machines do not share this
machine's temporary folder): each worker process writes it once into a folder of its own.
"""

from __future__ import annotations

import atexit
import hashlib
import os
import shutil
import tempfile
import time
from pathlib import Path

import polars as pl

from toolkit.lexicons import Lexicons
from toolkit.pipeline.batch import (
    COMPARED,
    META_COLUMNS,
    batch_partials,
    comparable,
    metadata,
    process_batch,
)
from toolkit.pipeline.inputs import InputError
from toolkit.pipeline.report import make_report, peak_memory, write_markdown
from toolkit.pipeline.results import PARTS, results_output, write_part
from toolkit.pipeline.snapshot import RunLexicons, run_lexicons
from toolkit.pipeline.stream import merge, run_inputs

__all__ = ["analyze_dask"]


def _to_polars(frame) -> pl.DataFrame:
    """A pandas partition as a polars frame, through Arrow."""
    import pyarrow as pa

    return pl.from_arrow(pa.Table.from_pandas(frame, preserve_index=False))


def _to_pandas(frame: pl.DataFrame):
    """A polars frame as a pandas partition, through Arrow (nulls and types kept)."""
    import pandas as pd

    return frame.to_arrow().to_pandas(types_mapper=pd.ArrowDtype)


def _snapshot_bytes(run: RunLexicons) -> dict[str, bytes]:
    """Every file of a snapshot, by name (what the tasks carry)."""
    return {name: (Path(run.folder) / name).read_bytes() for name in run.checksums}


#: The snapshots written in this (worker) process, by the digest of their bytes.
_LOCAL: dict[str, str] = {}


def _local_snapshot(files: dict[str, bytes]) -> str:
    """A folder of this process holding ``files`` (written once per process and snapshot,
    removed when the process ends)."""
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + hashlib.sha256(files[name]).digest())
    key = digest.hexdigest()
    if key not in _LOCAL:
        folder = tempfile.mkdtemp(prefix="toolkit-dask-lexicons-")
        for name, data in files.items():
            (Path(folder) / name).write_bytes(data)
        atexit.register(shutil.rmtree, folder, True)
        _LOCAL[key] = folder
    return _LOCAL[key]


def _dask_stage(partition, table: str, files: dict[str, bytes]):
    articles = _to_polars(partition)
    articles = articles.with_columns(
        pl.col("article_id").cast(pl.String), pl.col("text").str.replace_all("\r\n?", "\n")
    )
    options = RunLexicons(_local_snapshot(files)).stage_options()
    return _to_pandas(process_batch(articles, **options)[table])


def _dask_metadata(partition):
    """A partition's article metadata, with each article's text size (``bytes``)."""
    articles = _to_polars(partition)
    sizes = articles.select(bytes=pl.col("text").str.len_bytes().cast(pl.Int64))
    return _to_pandas(pl.concat([metadata(articles.drop("text")), sizes], how="horizontal"))


def _empty_schemas(options: dict) -> dict[str, pl.Schema]:
    sample = pl.DataFrame({"article_id": ["x"], "text": ["قال الرئيس إن 300 جندي سيبقون."]})
    return {name: frame.schema for name, frame in process_batch(sample, **options).items()}


def analyze_dask(
    path: str | os.PathLike,
    out: str | os.PathLike,
    *,
    client=None,
    blocksize: str | int | None = None,
    gazetteer: str | os.PathLike | None = None,
    cues: str | os.PathLike | None = None,
    speakers: str | os.PathLike | None = None,
    lexicons: Lexicons | str | os.PathLike | None = None,
    force: bool = False,
    text_column: str = "text",
) -> dict[str, int]:
    """Run the pipeline on a Parquet corpus with Dask and write the tables to ``out``.

    ``dask.dataframe.read_parquet(path)`` → ``map_partitions`` (each partition goes to polars
    through Arrow, through :func:`process_batch`, and back) → ``to_parquet``, one part file per
    partition; the corpus-wide tables are then computed from those parts here, and every table
    is written as with :func:`analyze_path` (Parquet and CSV, in a staging folder moved into
    ``out`` at the end, with ``run_report.json`` last; ``out`` is checked as there, ``force``
    likewise). The Parquet files need an ``article_id`` column (Dask partitions do not know
    their row numbers); ``text_column`` names the column of the text.

    ``client`` is a ``distributed.Client`` (default: the current one, or Dask's local
    scheduler); ``blocksize`` is passed to ``read_parquet`` to size partitions. ``gazetteer``,
    ``cues``, ``speakers`` and ``lexicons`` are as for :func:`analyze_path`: the files are
    copied when the run starts, and every partition reads those bytes. Needs the optional
    ``scale`` extra (``pip install -e ".[scale]"``). Returns rows per table.

    Examples
    --------
    >>> import distributed  # doctest: +SKIP
    >>> with distributed.Client() as client:  # doctest: +SKIP
    ...     counts = analyze_dask("corpus/parquet", "results", client=client)
    """
    try:
        import dask
        import dask.dataframe as dd
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(
            'analyze_dask needs Dask: pip install -e ".[scale]" (dask, distributed, pyarrow)'
        ) from exc
    path, out = Path(path), Path(out)
    started = time.perf_counter()
    kwargs = {} if blocksize is None else {"blocksize": blocksize}
    frame = dd.read_parquet(str(path), **kwargs)
    if "article_id" not in frame.columns or text_column not in frame.columns:
        raise InputError(
            f"{path}: analyze_dask needs 'article_id' and {text_column!r} columns "
            f"(found: {', '.join(frame.columns)})"
        )
    if text_column != "text":
        frame = frame.drop(columns=[c for c in ["text"] if c in frame.columns])
        frame = frame.rename(columns={text_column: "text"})
    files = {"gazetteer": gazetteer, "cues": cues, "speakers": speakers, "lexicons": lexicons}
    with run_lexicons(**files) as run:
        target = results_output(out, corpus=path, inputs=run_inputs(run), force=force)
        schemas = _empty_schemas(run.stage_options())
        snapshot = dask.delayed(_snapshot_bytes(run), pure=True)  # in the graph once
        with target as stage:
            facts = _compute(frame, stage, schemas, snapshot, client)
            report = make_report(
                lexicons=run,
                output=out,
                path=path,
                mode="Dask",
                problems=[],
                skipped=[],
                skip_bad=False,
                batch_size=None,
                text_column=text_column,
                seconds=time.perf_counter() - started,
                peak_memory=peak_memory(),
                **facts,
            )
            write_markdown(stage.path, report)
            return stage.commit(report)["tables"]


def _compute(frame, stage, schemas: dict, snapshot, client) -> dict:
    """The Dask graph of a run, computed into ``stage``; the report's numbers."""
    import dask

    parts = stage.scratch / PARTS
    meta_columns = [c for c in META_COLUMNS if c in frame.columns]
    writes = []
    for name, schema in schemas.items():
        meta = _to_pandas(pl.DataFrame(schema=schema))
        table = frame[["article_id", "text"]].map_partitions(
            _dask_stage, name, snapshot, meta=meta, enforce_metadata=False
        )
        writes.append(
            table.to_parquet(
                str(parts / name),
                name_function=lambda i: f"part-{i:06d}.parquet",
                write_index=False,
                compute=False,
            )
        )
    articles_meta = frame[[*meta_columns, "text"]].map_partitions(
        _dask_metadata,
        meta=_dask_metadata(frame[[*meta_columns, "text"]]._meta),  # the empty frame's types
        enforce_metadata=False,
    )
    writes.append(
        articles_meta.to_parquet(
            str(parts / "articles"),
            name_function=lambda i: f"part-{i:06d}.parquet",
            write_index=False,
            compute=False,
        )
    )
    if client is not None:
        client.compute(writes, sync=True)
    else:
        dask.compute(*writes)
    articles = pl.read_parquet(sorted((parts / "articles").glob("*.parquet")))
    for index, file in enumerate(sorted((parts / "figures").glob("*.parquet"))):
        write_part(parts, COMPARED, index, comparable(pl.read_parquet(file), articles))
    partials: dict[str, list[pl.DataFrame]] = {}
    for name in ("entities", "stance_claims"):
        for file in sorted((parts / name).glob("*.parquet")):
            for key, found in batch_partials({name: pl.read_parquet(file)}).items():
                partials.setdefault(key, []).append(found)
    tables = merge(parts, stage.path, partials)
    shutil.rmtree(parts, ignore_errors=True)
    return {
        "articles": articles.height,
        "text_bytes": int(articles["bytes"].sum()),
        "batches": frame.npartitions,
        "tables": tables,
    }
