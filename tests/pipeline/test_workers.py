"""The pipeline's batches in worker processes (toolkit.workers.BatchWorkers)."""

from __future__ import annotations

import polars as pl
import pytest

from toolkit.pipeline.runner import WORKER_TARGET


def test_a_failing_worker_raises_with_its_traceback():
    from toolkit.workers import BatchWorkers

    bad = pl.DataFrame({"article_id": ["a"], "body": ["no text column"]})
    with BatchWorkers(WORKER_TARGET, 1) as pool:
        with pytest.raises(RuntimeError, match=r"(?s)a batch worker failed.*ColumnNotFound"):
            list(pool.map([bad]))
    with BatchWorkers("toolkit.pipeline.batch:no_such_function", 1) as pool:
        with pytest.raises(RuntimeError, match=r"(?s)worker process ended.*no_such_function"):
            list(pool.map([bad]))


def test_the_worker_target_is_the_batch_function():
    assert WORKER_TARGET == "toolkit.pipeline.batch:batch_tables"
