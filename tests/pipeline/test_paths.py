"""The ways to run the pipeline give the same tables: in memory, streamed, loaded, in worker
processes, in any batch size, and on Dask."""

from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_frame_equal

import toolkit as tk
from toolkit.pipeline import TABLES, analyze, analyze_dask, analyze_path, read_results

EXPECTED = list(TABLES)


def test_streamed_equals_in_memory(corpus, streamed, assert_same):
    report, out = streamed
    assert report["mode"] == "streamed Parquet"
    assert report["batches"] == 9  # 3 files of 15 articles, 7 at a time: 7 + 7 + 1 per file
    articles = tk.load_articles(corpus / "parquet")
    in_memory = analyze(articles, batch_size=1000)
    assert list(in_memory) == EXPECTED
    assert in_memory["entities"].height > 0
    assert_same(in_memory, read_results(out))


def test_figures_compared_in_small_chunks_equal_in_memory(corpus, streamed, tmp_path):
    """The streamed run compares figures from its parts a chunk at a time; 9 at a time is
    the same table as all at once."""
    analyze_path(corpus / "parquet", tmp_path, batch_size=7, compare_chunk_rows=9)
    chunked = read_results(tmp_path)["figure_comparison"]
    assert chunked.height > 3 * 9
    assert_frame_equal(chunked, read_results(streamed[1])["figure_comparison"])


def test_worker_processes_give_the_same_tables(corpus, streamed, tmp_path, assert_same):
    """Batches run side by side in two worker processes (finishing in any order) give the
    tables of one process, in memory and streamed."""
    articles = tk.load_articles(corpus / "parquet")
    assert_same(analyze(articles, batch_size=4, workers=2), analyze(articles, batch_size=4))
    report = analyze_path(corpus / "parquet", tmp_path, batch_size=7, workers=2)
    assert report["batches"] == 9
    assert_same(read_results(tmp_path), read_results(streamed[1]))


def test_batch_size_does_not_change_results(corpus, assert_same):
    articles = tk.load_articles(corpus / "parquet").head(20)
    assert_same(analyze(articles, batch_size=3), analyze(articles, batch_size=20))


def test_jsonl_in_memory_path_equals_streamed(corpus, streamed, tmp_path, assert_same):
    report = analyze_path(corpus / "jsonl", tmp_path, batch_size=10)
    assert report["mode"] == "loaded in memory"
    assert_same(read_results(tmp_path), read_results(streamed[1]))


def test_no_articles_gives_every_table_with_its_columns():
    tables = analyze(
        pl.DataFrame(
            {"article_id": [], "text": []}, schema={"article_id": pl.String, "text": pl.String}
        )
    )
    assert list(tables) == EXPECTED
    assert all(frame.height == 0 for frame in tables.values())


def test_dask_equals_single_machine(corpus, streamed, tmp_path, assert_same):
    pytest.importorskip(
        "dask.dataframe", reason='Dask is not installed (the optional "scale" extra)'
    )
    distributed = pytest.importorskip(
        "distributed", reason='distributed is not installed (the optional "scale" extra)'
    )
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        counts = analyze_dask(corpus / "parquet", tmp_path, client=client)
    assert counts == {name: streamed[0]["tables"][name] for name in EXPECTED}
    assert_same(read_results(tmp_path), read_results(streamed[1]))
