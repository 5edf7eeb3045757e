"""Reading in several processes (a speed path): candidate sentences cut between articles.

A corpus with more than :data:`toolkit.workers.PARALLEL_BYTES` of candidate sentences is cut,
between articles (an article's state never crosses a part), into parts of about equal size,
one per worker (:func:`parts_of`); each part is read in a worker process of
:class:`toolkit.workers.BatchWorkers` (the toolkit's one process pool) by
:func:`toolkit.stance.classify.classify_batch`, and the claims come back in order
(:func:`read_apart`). Reading in this process (``workers=1``) is the plain reference; the
tests check both give the same claims.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import polars as pl

from toolkit.workers import PARALLEL_BYTES, BatchWorkers, default_workers, read_ipc

__all__ = ["parts_of", "read_apart", "unpacked"]


def parts_of(columns: pl.DataFrame, workers: int | None) -> list[pl.DataFrame]:
    """The candidate sentences cut between articles into parts of about equal size: one part
    per worker (``None``: one per core, at most :data:`toolkit.workers.MAX_WORKERS`, when the
    sentences hold more than :data:`toolkit.workers.PARALLEL_BYTES`, else one part)."""
    if workers is None:
        if columns["text"].str.len_bytes().sum() < PARALLEL_BYTES:
            return [columns]
        workers = default_workers()
    if workers <= 1 or columns.height < 2:
        return [columns]
    sizes = columns.group_by("article_id", maintain_order=True).agg(
        rows=pl.len(), size=pl.col("text").str.len_bytes().sum()
    )
    share = pl.col("size").cum_sum() * workers // (pl.col("size").sum() + 1)
    bounds = (
        sizes.with_columns(part=share)
        .group_by("part", maintain_order=True)
        .agg(rows=pl.col("rows").sum())
    )
    parts, offset = [], 0
    for rows in bounds["rows"].to_list():
        parts.append(columns.slice(offset, rows))
        offset += rows
    return parts


def read_apart(
    parts: list[pl.DataFrame], target: str, options: dict, frames: dict
) -> list[pl.DataFrame]:
    """The ``claims`` table of ``target`` (``"module:function"``, called as
    ``function(part, **options, **frames)``) for each part, each in a worker process of its
    own, in order. ``frames`` are options that may be polars frames (a cues or gazetteer
    frame): they are handed over as Arrow IPC files (:func:`unpacked` reads them back)."""
    with tempfile.TemporaryDirectory(prefix="stance-") as folder:
        options = dict(options)
        for name, value in frames.items():
            if isinstance(value, pl.DataFrame):
                path = Path(folder, f"{name}.arrow")
                value.write_ipc(path)
                options[name] = {"frame": str(path)}
            else:
                options[name] = None if value is None else str(value)
        with BatchWorkers(target, len(parts), options) as pool:
            return [tables["claims"] for tables in pool.map(parts)]


def unpacked(value):
    """An option as :func:`read_apart` handed it over: a frame read back, else as is."""
    return read_ipc(value["frame"]) if isinstance(value, dict) else value
